"""Every notebook opens with Binder/Colab badges for itself and a cell that installs on Colab only."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import notebook_header  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) + sorted((ROOT / "exercises").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_first_cells_follow_the_pattern(path):
    relative = path.relative_to(ROOT).as_posix()
    nb = nbformat.read(path, as_version=4)
    assert notebook_header.check_header(nb, relative) == []
    badges = nb.cells[0].source
    assert f"colab.research.google.com/github/lecture-nn/lecture_nn/blob/main/{relative}" in badges
    assert f"mybinder.org/v2/gh/lecture-nn/lecture_nn/main?labpath={relative.replace('/', '%2F')}" in badges
    assert nb.cells[1].source.startswith("# ")
    assert [c for c in nb.cells if c.cell_type == "code"][0].source == notebook_header.colab_source()


def test_the_badges_point_where_pyproject_says():
    text = (ROOT / "pyproject.toml").read_text()
    assert f'Repository = "{notebook_header.repository()}"' in text


def _run_colab_cell(on_colab: bool, monkeypatch) -> list:
    calls = []
    shell = types.SimpleNamespace(run_line_magic=lambda name, line: calls.append((name, line)))
    python = TransformerManager().transform_cell(notebook_header.colab_source())
    if on_colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(python, {"get_ipython": lambda: shell})
    return calls


def test_the_colab_cell_installs_only_on_colab(monkeypatch):
    assert _run_colab_cell(False, monkeypatch) == []
    (name, line), = _run_colab_cell(True, monkeypatch)
    assert name == "pip" and line == f'install --quiet "lecture_nn @ git+{notebook_header.repository()}"'


def test_header_is_idempotent_and_keeps_the_notebook():
    path = ROOT / "notebooks" / "01_linear_collapse.ipynb"
    nb = nbformat.read(path, as_version=4)
    again = notebook_header.with_header(nb, "notebooks/01_linear_collapse.ipynb")
    assert nbformat.writes(again) == nbformat.writes(nb)


def test_slide_types():
    md = nbformat.v4.new_markdown_cell
    code = nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook(cells=[
        md("# Title\n\ntext"), code("%matplotlib inline\nimport numpy as np\nimport lecture_nn as ln"),
        md("## A section"), code("x = 1"), md("**Explorer.** Move it."), code("demo.Explorer()"),
        md("### A part"), md("more text")])
    types_ = [c.metadata["slideshow"]["slide_type"] for c in notebook_header.with_header(nb, "notebooks/x.ipynb").cells]
    assert types_ == ["skip", "slide", "skip", "skip", "slide", "-", "subslide", "-", "subslide", "-"]


def test_the_readme_has_both_badges_for_every_notebook():
    readme = (ROOT / "README.md").read_text()
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        binder, colab = notebook_header.badge_links(path.relative_to(ROOT).as_posix())
        assert f"]({binder})" in readme and f"]({colab})" in readme, path.name
