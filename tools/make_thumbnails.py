"""Give notebook 08's summary one thumbnail per point, each a figure taken from the notebook that shows it.

    python tools/make_thumbnails.py            # rewrite the thumbnails cell of notebooks/08_summary.ipynb
    python tools/make_thumbnails.py --check    # exit 1 if a thumbnail no longer matches its figure

Each thumbnail is the stored PNG output of one code cell (named by its cell id) of an executed
notebook, scaled down and stored as an attachment of one markdown cell of notebook 08, so the
summary shows the very figure the student saw, needs no kernel, and works where the other
notebooks are not at hand (Colab opens one notebook alone). Nothing is re-executed: re-execute
a notebook first (tools/execute_notebooks.py), then run this.

``--check`` (also run by tests/test_thumbnails.py) compares each attachment with a fresh thumbnail
of the figure now stored, pixel by pixel with a small tolerance: a re-executed figure that looks the
same passes, a changed or missing figure fails and names the notebook and cell.
"""

from __future__ import annotations

import argparse
import base64
import io
import pathlib
import sys
from dataclasses import dataclass

import nbformat
import numpy as np
from PIL import Image

ROOT = pathlib.Path(__file__).resolve().parents[1]
SUMMARY = ROOT / "notebooks" / "08_summary.ipynb"
CELL_ID = "summary-thumbnails"
AFTER_CELL_ID = "3197db68"  # the summary slide, point by point
WIDTH = 360  # pixels: three side by side fit a laptop screen and a 1280-pixel projector
COLUMNS = 3
COLORS = 128  # a palette PNG: a third of the bytes, no visible loss at this size
TOLERANCE = 4.0  # mean absolute difference per channel (0-255) that still counts as the same picture


@dataclass(frozen=True)
class Thumbnail:
    caption: str  # markdown, links to the notebook
    notebook: str  # file name in notebooks/
    cell_id: str  # the code cell whose PNG output is shown
    alt: str  # what the picture shows, for a screen reader

    @property
    def name(self) -> str:
        return f"{self.notebook[:2]}-{self.cell_id}.png"


THUMBNAILS = (
    Thumbnail("1 · stacked linear models collapse ([01](01_linear_collapse.ipynb))", "01_linear_collapse.ipynb",
              "a6753746", "Linear networks of depth 1, 2, 4 and 8 on the circles: every boundary is one straight line"),
    Thumbnail("2 · earlier layers learn features ([00](00_linear_models_recap.ipynb))",
              "00_linear_models_recap.ipynb", "b7e1c0a4",
              "A one-hidden-layer net on the spirals: its boundary and the maps of its learned hidden units"),
    Thumbnail("3 · hinges approximate any curve ([03](03_universal_approximation.ipynb))",
              "03_universal_approximation.ipynb", "d05285b2",
              "A sum of ReLU hinges drawing a piecewise-linear approximation of a target curve"),
    Thumbnail("4 · the loss is non-convex ([05](05_loss_landscape.ipynb))", "05_loss_landscape.ipynb", "cdb3d5d7",
              "The loss of a trained MLP in two random directions around its weights"),
    Thumbnail("5 · SGD modifications ([06](06_optimizers.ipynb))", "06_optimizers.ipynb", "ad0d2d06",
              "The paths of SGD, Momentum, RMSprop and Adam racing on a 2D loss surface"),
    Thumbnail("6 · food for thought: memorization (below)", "08_summary.ipynb", "ff009652",
              "A net that fits true labels follows the rule; one that fits coin flips draws islands"),
    Thumbnail("backpropagation's cost ([04](04_backpropagation.ipynb))", "04_backpropagation.ipynb", "3720eab0",
              "Backprop against finite differences: cost of one gradient as the parameter count grows"),
    Thumbnail("double descent ([07](07_double_descent.ipynb))", "07_double_descent.ipynb", "04ab8e66",
              "Test error against model size: the classical U and the double-descent curve"),
)


def _cell(nb, cell_id: str, where: str):
    for cell in nb.cells:
        if cell.get("id") == cell_id:
            return cell
    raise SystemExit(f"{where}: no cell with id {cell_id!r} (was the cell deleted or replaced?)")


def figure_png(item: Thumbnail) -> bytes:
    """The PNG the cell's output stores (the last one, if it drew several)."""
    nb = nbformat.read(ROOT / "notebooks" / item.notebook, as_version=4)
    cell = _cell(nb, item.cell_id, item.notebook)
    pngs = [out["data"]["image/png"] for out in cell.get("outputs", []) if "image/png" in out.get("data", {})]
    if not pngs:
        raise SystemExit(f"{item.notebook}, cell {item.cell_id}: no PNG output (execute the notebook first)")
    return base64.b64decode(pngs[-1])


def thumbnail_png(item: Thumbnail) -> bytes:
    image = Image.open(io.BytesIO(figure_png(item))).convert("RGB")
    height = round(image.height * WIDTH / image.width)
    small = image.resize((WIDTH, height), Image.Resampling.LANCZOS).quantize(colors=COLORS, method=Image.Quantize.MEDIANCUT)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def markdown() -> str:
    """The cell's text: a table, COLUMNS pictures a row, each with its caption below it."""
    cells = [f"![{t.alt}](attachment:{t.name})<br>**{t.caption}**" for t in THUMBNAILS]
    cells += [" "] * (-len(cells) % COLUMNS)
    rows = ["| " + " | ".join(cells[i:i + COLUMNS]) + " |" for i in range(0, len(cells), COLUMNS)]
    return "\n".join(["### The summary in pictures", "",
                      "One figure from the notebook behind each point, in the slide's order, then the two ideas "
                      "in between.", "", rows[0], "|" + ":-:|" * COLUMNS, *rows[1:]])


def build() -> nbformat.NotebookNode:
    nb = nbformat.read(SUMMARY, as_version=4)
    attachments = {t.name: {"image/png": base64.b64encode(thumbnail_png(t)).decode("ascii")} for t in THUMBNAILS}
    try:
        cell = _cell(nb, CELL_ID, SUMMARY.name)
    except SystemExit:
        cell = nbformat.v4.new_markdown_cell(id=CELL_ID)
        index = nb.cells.index(_cell(nb, AFTER_CELL_ID, SUMMARY.name))
        nb.cells.insert(index + 1, cell)
    cell.source = markdown()
    cell.attachments = attachments
    return nb


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)


def stale() -> list[str]:
    """What no longer matches, one line each; empty when every thumbnail is current."""
    nb = nbformat.read(SUMMARY, as_version=4)
    try:
        cell = _cell(nb, CELL_ID, SUMMARY.name)
    except SystemExit as missing:
        return [str(missing)]
    problems = [] if cell.source == markdown() else [f"{SUMMARY.name}: the thumbnails cell's text is not as written"]
    stored = cell.get("attachments", {})
    for t in THUMBNAILS:
        if t.name not in stored:
            problems.append(f"{t.notebook}, cell {t.cell_id}: no thumbnail {t.name}")
            continue
        old, new = _pixels(base64.b64decode(stored[t.name]["image/png"])), _pixels(thumbnail_png(t))
        if old.shape != new.shape or np.abs(old - new).mean() > TOLERANCE:
            problems.append(f"{t.notebook}, cell {t.cell_id}: the figure changed since its thumbnail was made")
    extra = set(stored) - {t.name for t in THUMBNAILS}
    problems += [f"{SUMMARY.name}: attachment {name} belongs to no thumbnail" for name in sorted(extra)]
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if a thumbnail is stale")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale()
        for line in problems:
            print(line)
        if problems:
            print("run: python tools/make_thumbnails.py")
        return 1 if problems else 0
    nbformat.write(build(), SUMMARY)
    print(f"wrote {len(THUMBNAILS)} thumbnails into {SUMMARY.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
