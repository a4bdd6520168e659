"""Notebook 08's thumbnails are the figures their notebooks store now (tools/make_thumbnails.py)."""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import make_thumbnails  # noqa: E402


def test_every_thumbnail_matches_the_figure_its_notebook_stores():
    problems = make_thumbnails.stale()
    assert not problems, "\n".join(problems + ["run: python tools/make_thumbnails.py"])


def test_every_thumbnail_has_alt_text_and_links_its_notebook():
    for t in make_thumbnails.THUMBNAILS:
        assert len(t.alt) > 20, t
        assert t.notebook == "08_summary.ipynb" or f"]({t.notebook})" in t.caption, t
        assert (ROOT / "notebooks" / t.notebook).exists(), t
