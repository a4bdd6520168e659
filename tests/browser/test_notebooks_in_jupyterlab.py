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


READOUT = re.compile(r"step (\d+): train loss")


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
