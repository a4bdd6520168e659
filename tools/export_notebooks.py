"""Export the executed notebooks as reveal.js slide decks or as static HTML pages, for offline use.

    python tools/export_notebooks.py slides            # build/slides/: one deck per notebook + index.html
    python tools/export_notebooks.py html              # build/html/: one page per notebook + index.html
    python tools/export_notebooks.py slides --out DIR  # elsewhere
    python tools/export_notebooks.py html --cdn        # smaller: scripts from the internet instead

Both use the outputs stored in the notebooks (nothing is re-executed): explorers show the picture
their widget state holds, the animation plays, formulas are typeset by MathJax.

Offline (the default): reveal.js, the widget renderer (@jupyter-widgets/html-manager), require.js,
MathJax, jQuery and the animation player's icons (Font Awesome) are copied into the output
folder's ``_static/``, and every page loads them from there, so the folder works from a USB
stick on a projector laptop without a network. The first export fetches those packages once
with ``npm`` (Node.js) into ``build/vendor/``; later exports reuse them. ``--cdn`` needs no
npm, but the pages then need the internet.

Slides follow the notebooks' slideshow metadata (tools/notebook_header.py): one slide per
section, a sub-slide (below) per explorer or sub-section, setup cells skipped.
"""

from __future__ import annotations

import argparse
import html
import json
import pathlib
import re
import shutil
import subprocess
import sys

import nbformat
from nbconvert.exporters import HTMLExporter, SlidesExporter
from traitlets.config import Config

ROOT = pathlib.Path(__file__).resolve().parents[1]
VENDOR = ROOT / "build" / "vendor"
#: npm packages and what of each the pages load (paths inside node_modules/<package>/)
PACKAGES = {
    "reveal.js@4": ["dist", "plugin"],
    "@jupyter-widgets/html-manager@1": ["dist"],
    "requirejs@2": ["require.js"],
    "jquery@2.2.4": ["dist/jquery.min.js"],
    # the icons of matplotlib's animation player (notebook 06), which links them from a CDN
    "font-awesome@4.7.0": ["css", "fonts"],
    # MathJax 2 (what nbconvert's templates configure): the CommonHTML output of TeX, its fonts
    "mathjax@2.7.7": ["MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js", "extensions",
                      "jax/input/TeX", "jax/output/CommonHTML", "jax/element", "fonts/HTML-CSS/TeX/woff",
                      "localization/en"],
}
STATIC = "_static"
MERMAID_STUB = "no-mermaid.mjs"
#: links inside stored outputs that offline pages point to their local copy instead
OUTPUT_LINKS = {
    r"https://maxcdn\.bootstrapcdn\.com/font-awesome/[\d.]+/css/font-awesome\.min\.css":
        f"{STATIC}/font-awesome/css/font-awesome.min.css",
}
MATHJAX_CONFIG = "TeX-AMS_CHTML-full,Safe"


def _package_dir(spec: str) -> pathlib.Path:
    name = spec.rsplit("@", 1)[0]
    return VENDOR / "node_modules" / name


def fetch_vendor() -> None:
    """npm-install the packages into build/vendor/ unless they are there."""
    if all(_package_dir(spec).exists() for spec in PACKAGES):
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("export_notebooks: offline pages need reveal.js, MathJax and the widget renderer, "
                         "fetched once with npm, which is not installed. Install Node.js (it brings npm), "
                         "or pass --cdn to load them from the internet instead.")
    VENDOR.mkdir(parents=True, exist_ok=True)
    print(f"fetching {', '.join(PACKAGES)} with npm into {VENDOR.relative_to(ROOT)}/ (once)")
    subprocess.run([npm, "install", "--prefix", str(VENDOR), "--no-audit", "--no-fund", "--no-save",
                    "--loglevel=error", *PACKAGES], check=True)


def copy_static(out: pathlib.Path) -> None:
    for spec, parts in PACKAGES.items():
        source = _package_dir(spec)
        target = out / STATIC / source.name
        for part in parts:
            src, dst = source / part, target / part
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, dst, dirs_exist_ok=True)
            else:
                shutil.copy2(src, dst)
    (out / STATIC / MERMAID_STUB).write_text(
        "// lecture_nn's notebooks draw no Mermaid diagrams: this stands in for mermaid.js offline\n"
        "export default { initialize() {}, run() {}, registerLayoutLoaders() {} };\n")


def exporter(kind: str, cdn: bool):
    c = Config()
    name = "SlidesExporter" if kind == "slides" else "HTMLExporter"
    if not cdn:
        c[name].require_js_url = f"{STATIC}/requirejs/require.js"
        c[name].widget_renderer_url = f"{STATIC}/html-manager/dist/embed-amd.js"
        c[name].mathjax_url = f"{STATIC}/mathjax/MathJax.js?config={MATHJAX_CONFIG}"
        c[name].jquery_url = f"{STATIC}/jquery/dist/jquery.min.js"
        if kind == "slides":
            c[name].reveal_url_prefix = f"{STATIC}/reveal.js"
    elif kind == "slides":
        c[name].reveal_url_prefix = "https://unpkg.com/reveal.js@4.6.1"
    if kind == "slides":
        c[name].reveal_scroll = True  # a long section scrolls instead of being cut off
        c[name].reveal_theme = "white"  # its font ships with reveal.js ("simple" fetches Google fonts)
        c[name].reveal_transition = "none"
        convert = SlidesExporter(config=c)
    else:
        convert = HTMLExporter(config=c)
    if not cdn:
        # the notebooks draw no Mermaid diagrams, but the slides template imports Mermaid
        # regardless (a plain attribute: nbconvert does not make it configurable)
        convert.mermaid_js_url = f"{STATIC}/{MERMAID_STUB}"
    return convert


def headings(nb) -> list[str]:
    """The notebook's markdown headings (#, ## and ###), as plain text."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found += [m.group(1).strip() for m in re.finditer(r"^#{1,3}\s+(.+)$", cell.source, re.MULTILINE)]
    return found


def export(kind: str, out: pathlib.Path, notebooks: list[pathlib.Path], cdn: bool = False) -> list[pathlib.Path]:
    """Write one page per notebook and an index into ``out``; return the pages' paths."""
    if not cdn:
        fetch_vendor()
    out.mkdir(parents=True, exist_ok=True)
    if not cdn:
        copy_static(out)
    suffix = ".slides.html" if kind == "slides" else ".html"
    pages, titles = [], []
    convert = exporter(kind, cdn)
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        body, _ = convert.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        if not cdn:
            for pattern, local in OUTPUT_LINKS.items():
                body = re.sub(pattern, local, body)
        page = out / f"{path.stem}{suffix}"
        page.write_text(body, encoding="utf-8")
        pages.append(page)
        titles.append((page.name, (headings(nb) or [path.stem])[0]))
        print(f"wrote {page}")
    index = out / "index.html"
    items = "\n".join(f'  <li><a href="{html.escape(name)}">{html.escape(title)}</a></li>' for name, title in titles)
    what = "slides" if kind == "slides" else "notebooks"
    index.write_text(f"<!doctype html>\n<html><head><meta charset='utf-8'><title>lecture_nn {what}</title></head>\n"
                     f"<body style='font-family: sans-serif; max-width: 50em; margin: 2em auto'>\n"
                     f"<h1>Neural Networks: the lecture's {what}</h1>\n<ol>\n{items}\n</ol>\n</body></html>\n",
                     encoding="utf-8")
    print(f"wrote {index}")
    return pages


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["slides", "html"])
    parser.add_argument("--out", type=pathlib.Path, help="output folder (default build/slides or build/html)")
    parser.add_argument("--cdn", action="store_true", help="load reveal.js, MathJax and widgets from the internet")
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path,
                        help="notebooks to export (default: every notebook in notebooks/)")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    missing = [str(p) for p in notebooks if not p.exists()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    out = args.out or ROOT / "build" / args.kind
    export(args.kind, out, notebooks, cdn=args.cdn)
    print(json.dumps({"pages": len(notebooks), "folder": str(out)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
