"""Every notebook, opened in JupyterLab in chromium, cleared and Run All: as a student sees it.

Asserts per notebook: every code cell ran (a number in its prompt), no cell printed an error or
anything on stderr, every explorer rendered its picture (no "Error displaying widget", no
"Loading widget..."), and one explorer's slider, moved with the keyboard, changes its picture
within 2 s. Screenshots (the notebook's top and every explorer) go to the folder printed at the
end of the run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDGET = "application/vnd.jupyter.widget-view+json"

RUN_TIMEOUT_MS = 180_000
SLIDER_TIMEOUT_MS = 2_000


def stored_explorers(path: Path) -> int:
    """How many explorers the committed notebook shows: outputs that are a widget and a picture."""
    cells = json.loads(path.read_text())["cells"]
    return sum(1 for cell in cells if cell["cell_type"] == "code" for out in cell.get("outputs", [])
               if WIDGET in out.get("data", {}) and "image/png" in out.get("data", {}))


def menu(page, top: str, item: str):
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{top}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()


def wait_idle(page, timeout=60_000):
    page.wait_for_function(
        "() => { const s = document.querySelector('#jp-main-statusbar');"
        " return s && /\\|\\s*Idle/.test(s.innerText); }", timeout=timeout)


ALL_CELLS_RAN = """() => {
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
  const status = document.querySelector('#jp-main-statusbar');
  return prompts.length > 0 && prompts.every(p => /^\\[\\d+\\]:$/.test(p.innerText.trim()))
         && status && /\\|\\s*Idle/.test(status.innerText);
}"""


@pytest.fixture
def page(browser, lab_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()
    lab_server.shut_down_kernels()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_run_all_in_jupyterlab(path, page, lab_server, screenshot_dir):
    page.goto(lab_server.notebook_url(f"notebooks/{path.name}"))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    wait_idle(page)

    menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function("() => document.querySelectorAll('.jp-Notebook .jp-OutputArea-output').length === 0")
    menu(page, "Run", "Run All Cells")
    page.wait_for_function(ALL_CELLS_RAN, timeout=RUN_TIMEOUT_MS, polling=250)

    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
    page.locator(".jp-Notebook .jp-Cell").first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / f"{path.stem}.png"))

    # no error, nothing on stderr (warnings included)
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    assert errors.count() == 0, f"{path.name}: a cell wrote an error:\n{errors.first.inner_text()[:2000]}"
    text = notebook.inner_text()
    assert "Error displaying widget" not in text
    # explorers: widgets finished loading and each shows its picture
    page.wait_for_function("() => !document.querySelector('.jp-Notebook').innerText.includes('Loading widget')",
                           timeout=10_000)
    pictures = page.locator(".jp-Notebook .widget-vbox .widget-output img")
    expected = stored_explorers(path)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:  # the last widgets may still be rendering when the kernel turns idle
        page.wait_for_function(
            "n => document.querySelectorAll('.jp-Notebook .widget-vbox .widget-output img').length >= n",
            arg=expected, timeout=15_000)
    except PlaywrightTimeout:
        pass  # the assertion below says how many there are
    assert pictures.count() == expected, f"{path.name}: {pictures.count()} explorer pictures, expected {expected}"
    for k in range(expected):
        picture = pictures.nth(k)
        picture.scroll_into_view_if_needed()
        assert picture.evaluate("img => img.complete && img.naturalWidth > 0"), f"explorer {k + 1} has no picture"
        picture.locator("xpath=ancestor::div[contains(@class, 'widget-vbox')][1]").screenshot(
            path=str(screenshot_dir / f"{path.stem}_explorer{k + 1}.png"))

    # every playground in the notebook was trained by its cell; drawing its sliders in the
    # browser must not restart it (a value off a slider's grid would be snapped and sent back)
    readouts = page.locator(".jp-Notebook .widget-vbox:has(.widget-play) .widget-html", has_text=READOUT)
    steps = [int(READOUT.search(readouts.nth(k).inner_text()).group(1)) for k in range(readouts.count())]
    assert all(steps), f"{path.name}: a playground restarted when the browser drew it: steps {steps}"
    if expected:
        move_a_slider(page, path)
    if page.locator(".jp-Notebook .widget-play").count():
        play_for_two_seconds(page, path, screenshot_dir)


def move_a_slider(page, path: Path):
    """The first explorer with a slider: one arrow key on its handle changes the picture within 2 s."""
    explorers = page.locator(".jp-Notebook .widget-vbox:has(.widget-output img)")
    for k in range(explorers.count()):
        explorer = explorers.nth(k)
        handles = explorer.locator(".noUi-handle")
        if handles.count():
            break
    else:
        pytest.fail(f"{path.name}: no explorer has a slider")
    picture = explorer.locator(".widget-output img").first
    before = picture.get_attribute("src")
    handle = handles.first
    handle.scroll_into_view_if_needed()
    handle.focus()
    # at the right end already? then the arrow key moves nothing: go left instead
    at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
    page.wait_for_function(
        "([img, before]) => img.isConnected ? img.src !== before : true",
        arg=[picture.element_handle(), before], timeout=SLIDER_TIMEOUT_MS, polling=50)
    after = explorer.locator(".widget-output img").first.get_attribute("src")
    assert after != before, f"{path.name}: moving a slider did not change the picture"


READOUT = re.compile(r"step (\d+), epoch [\d.]+, η [^:]+: train loss")


def play_for_two_seconds(page, path: Path, screenshot_dir: Path):
    """The first playground: press play, let it run 2 s, pause; the loss readout moved on."""
    explorer = page.locator(".jp-Notebook .widget-vbox:has(.widget-play)").first
    explorer.scroll_into_view_if_needed()
    readout = explorer.locator(".widget-html", has_text=READOUT).first
    before = READOUT.search(readout.inner_text()).group(1)
    picture = explorer.locator(".widget-output img").first.get_attribute("src")
    buttons = explorer.locator(".widget-play button")
    buttons.first.click()  # play
    page.wait_for_timeout(2000)
    buttons.nth(1).click()  # pause
    after = READOUT.search(readout.inner_text()).group(1)
    explorer.screenshot(path=str(screenshot_dir / f"{path.stem}_played.png"))
    assert int(after) > int(before), f"{path.name}: 2 s of play did not advance training ({before} -> {after})"
    assert explorer.locator(".widget-output img").first.get_attribute("src") != picture


#: TensorFlow Playground's circle with a 2-8-8-1 net, as copied from its address bar
TFP_LINK = ("https://playground.tensorflow.org/#activation=tanh&batchSize=10&dataset=circle&regDataset=reg-plane"
            "&learningRate=0.03&regularizationRate=0&noise=0&networkShape=8,8&seed=0.80007&showTestData=false"
            "&discretize=false&percTrainData=50&x=true&y=true&xTimesY=false&xSquared=false&ySquared=false"
            "&cosX=false&sinX=false&cosY=false&sinY=false&collectStats=false&problem=classification"
            "&initZero=false&hideText=false")
MIN_FPS = 15
COUNT_FRAMES = """([output, ms]) => new Promise(resolve => {
  let frames = 0, last = null;
  const seen = () => {
    const img = output.querySelector('img');
    if (img && img.src !== last) { last = img.src; frames++; }
  };
  const watcher = new MutationObserver(seen);
  watcher.observe(output, {subtree: true, childList: true, attributes: true});
  setTimeout(() => { watcher.disconnect(); resolve(frames); }, ms);
})"""


def test_a_tfp_links_playground_plays_at_15_frames_a_second(page, lab_server, screenshot_dir):
    """TFP's circle link (2-8-8-1, 500 points) opened with Playground.from_url: ▶ for 3 s, at least
    15 new pictures (network diagram, output and loss) a second in the page; ⏸ stops it."""
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": [
        "import warnings\n", "from lecture_nn.demos.playground import Playground\n",
        "with warnings.catch_warnings():\n", "    warnings.simplefilter('ignore')  # TFP's seed: named, known\n",
        f"    pg = Playground.from_url({TFP_LINK!r})\n", "pg"]}]
    notebook = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                            "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    (lab_server.root / "scratch").mkdir(exist_ok=True)
    (lab_server.root / "scratch" / "tfp_link.ipynb").write_text(json.dumps(notebook))
    page.goto(lab_server.notebook_url("scratch/tfp_link.ipynb"))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    wait_idle(page)
    menu(page, "Run", "Run All Cells")
    page.wait_for_function(ALL_CELLS_RAN, timeout=RUN_TIMEOUT_MS, polling=250)
    explorer = page.locator(".jp-Notebook .widget-vbox:has(.widget-play)").first
    explorer.locator(".widget-output img").first.wait_for(timeout=30_000)
    output = explorer.locator(".widget-output").first.element_handle()
    buttons = explorer.locator(".widget-play button")
    buttons.first.click()  # play
    page.wait_for_timeout(1000)  # past the first frames (the kernel takes over from the page's ticker)
    frames = page.evaluate(COUNT_FRAMES, [output, 3000])
    buttons.nth(1).click()  # pause
    explorer.screenshot(path=str(screenshot_dir / "tfp_link_played.png"))

    fps = frames / 3
    print(f"\nTFP link playground (2-8-8-1, 500 points, diagram drawn): {fps:.1f} frames per second in chromium")
    assert fps >= MIN_FPS, f"the playground played at {fps:.1f} frames per second, below {MIN_FPS}"
    readout = explorer.locator(".widget-html", has_text=READOUT).first.inner_text()
    assert "; 105 parameters" in readout  # 2-8-8-1: (2 + 1) 8 + (8 + 1) 8 + (8 + 1) 1
    steps = int(READOUT.search(readout).group(1))
    assert steps >= 10 * frames  # every frame trained its 10 steps
    page.wait_for_timeout(500)  # paused: no frame more
    assert explorer.locator(".widget-html", has_text=READOUT).first.inner_text() == readout
