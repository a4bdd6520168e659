"""Slides and static HTML of every notebook: the export runs, keeps every heading, works offline.

Offline means every script and style sheet a page loads comes from its own folder. Those files
(reveal.js, MathJax, the widget renderer: ~214 MB) are fetched once with npm into build/vendor/
(tools/export_notebooks.py). A plain test run downloads nothing: unless they were fetched before,
the pages are exported pointing at the CDN and the offline check is skipped.
LECTURE_NN_EXPORT_OFFLINE=1 (set by .ci/run) fetches them and requires the offline check to pass.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import export_notebooks  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
OFFLINE_REQUIRED = os.environ.get("LECTURE_NN_EXPORT_OFFLINE", "") == "1"


class _Page(HTMLParser):
    """Headings' text, every loaded script/style URL, and reveal.js's top-level sections."""

    def __init__(self):
        super().__init__()
        self.headings, self.loads, self.depth, self.slides = [], [], 0, 0
        self._heading = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h1", "h2", "h3"):
            self._heading = []
        elif tag == "script" and attrs.get("src"):
            self.loads.append(attrs["src"])
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.loads.append(attrs.get("href", ""))
        elif tag == "section":
            self.depth += 1
            self.slides += self.depth == 1

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append(_plain("".join(self._heading).replace("¶", "")))
            self._heading = None
        elif tag == "section":
            self.depth -= 1

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "").replace("`", "")).strip()


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _offline_possible() -> bool:
    """Offline pages without a download: only when the vendor files were fetched before (or CI asks)."""
    fetched = all(export_notebooks._package_dir(spec).exists() for spec in export_notebooks.PACKAGES)
    return fetched or (OFFLINE_REQUIRED and shutil.which("npm") is not None)


@pytest.fixture(scope="module", params=["slides", "html"])
def exported(request, tmp_path_factory):
    offline = _offline_possible()
    if not offline and OFFLINE_REQUIRED:
        pytest.fail("LECTURE_NN_EXPORT_OFFLINE=1, but the offline export needs npm to fetch its files")
    out = tmp_path_factory.mktemp(request.param)
    pages = export_notebooks.export(request.param, out, NOTEBOOKS, cdn=not offline)
    return request.param, out, pages, offline


def test_every_notebook_is_exported_with_an_index(exported):
    kind, out, pages, _ = exported
    assert [p.name.split(".")[0] for p in pages] == [p.stem for p in NOTEBOOKS]
    index = (out / "index.html").read_text()
    for page in pages:
        assert f'href="{page.name}"' in index


def test_every_heading_of_every_notebook_is_in_its_page(exported):
    kind, out, pages, _ = exported
    for notebook, page in zip(NOTEBOOKS, pages):
        wanted = [_plain(h) for h in export_notebooks.headings(nbformat.read(notebook, as_version=4))]
        found = _parse(page).headings
        missing = [h for h in wanted if h not in found]
        assert wanted and not missing, f"{page.name} lacks the headings {missing}"


def test_slides_have_a_slide_per_section_and_leave_setup_out_html_keeps_everything(exported):
    kind, out, pages, _ = exported
    for notebook, page in zip(NOTEBOOKS, pages):
        nb = nbformat.read(notebook, as_version=4)
        text = page.read_text(encoding="utf-8")
        if kind == "slides":
            slides = sum(cell.metadata["slideshow"]["slide_type"] == "slide" for cell in nb.cells)
            assert _parse(page).slides == slides, page.name
            assert "google.colab" not in text and "matplotlib</span> inline" not in text  # skipped
        else:  # a reader sees every cell, setup included
            assert "google.colab" in text and "matplotlib</span> inline" in text


def test_pages_load_nothing_from_the_internet(exported):
    kind, out, pages, offline = exported
    if not offline:
        pytest.skip("offline export fetches ~214 MB with npm: run with LECTURE_NN_EXPORT_OFFLINE=1 (CI does)")
    for page in pages:
        text = page.read_text(encoding="utf-8")
        loads = _parse(page).loads + re.findall(r"widgetRendererSrc = '([^']*)'", text)
        loads += re.findall(r"import \w+ from '([^']*)'", text)
        remote = [url for url in loads if re.match(r"(https?:)?//", url)]
        assert not remote, f"{page.name} loads {remote}"
        for url in loads:
            assert (out / url.split("?")[0]).exists(), f"{page.name} loads {url}, which is not in the folder"
