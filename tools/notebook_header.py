"""Give every notebook its opening cells and its slideshow metadata, or check that it has them.

    python tools/notebook_header.py            # rewrite notebooks/*.ipynb where needed
    python tools/notebook_header.py --check    # exit 1 if a notebook is not as written here

Every notebook in notebooks/ (and every student notebook in exercises/, which
tools/make_exercises.py builds with the same function) starts with

1. a markdown cell with an "Open in Binder" and an "Open in Colab" badge for that very notebook;
2. the notebook's own title cell;
3. a code cell that installs lecture_nn only when it runs on Colab (Colab opens the notebook
   from GitHub without the repository; Binder and a local clone already have the package);
4. the setup cell (``%matplotlib inline``, imports, ``ln.use_lecture_style()``).

Slideshow metadata (``jupyter nbconvert --to slides``, see tools/export_notebooks.py): a markdown
cell opening with a ``#``/``##`` heading starts a slide, one opening with ``###`` or
"**Explorer.**" a sub-slide (reveal.js: below the previous one), the badges, the Colab cell and the
setup cell are skipped, every other cell continues the current slide.

The repository's address is read from pyproject.toml ([project.urls] Repository), the one place
to change it in a fork.
"""

from __future__ import annotations

import argparse
import copy
import pathlib
import re
import sys
import urllib.parse

import nbformat

ROOT = pathlib.Path(__file__).resolve().parents[1]
BRANCH = "main"
BADGES_ID = "open-online"
COLAB_ID = "colab-install"


def repository() -> str:
    """``https://github.com/<owner>/<name>`` from pyproject.toml."""
    text = (ROOT / "pyproject.toml").read_text()
    match = re.search(r'^Repository\s*=\s*"(https://github\.com/[^"/]+/[^"/]+?)/?"', text, re.MULTILINE)
    if match is None:
        raise SystemExit("pyproject.toml: [project.urls] needs Repository = \"https://github.com/<owner>/<name>\"")
    return match.group(1)


def badge_links(relative: str, repo: str | None = None) -> tuple[str, str]:
    """(Binder URL, Colab URL) that open the notebook at ``relative`` (a path inside the repository)."""
    repo = repo or repository()
    owner_name = repo.removeprefix("https://github.com/")
    binder = f"https://mybinder.org/v2/gh/{owner_name}/{BRANCH}?labpath={urllib.parse.quote(relative, safe='')}"
    colab = f"https://colab.research.google.com/github/{owner_name}/blob/{BRANCH}/{relative}"
    return binder, colab


def badges_source(relative: str, repo: str | None = None) -> str:
    binder, colab = badge_links(relative, repo)
    return (f"[![Open in Binder](https://mybinder.org/badge_logo.svg)]({binder}) "
            f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab})")


def colab_source(repo: str | None = None) -> str:
    repo = repo or repository()
    return ("# On Colab only: install lecture_nn (Binder and a local clone already have it)\n"
            "import sys\n"
            "\n"
            'if "google.colab" in sys.modules:\n'
            f'    %pip install --quiet "lecture_nn @ git+{repo}"')


def _is_setup(cell) -> bool:
    """The notebook's own first code cell: magics and imports, maybe the style call, nothing else."""
    lines = [line for line in cell.source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return cell.cell_type == "code" and all(
        line.startswith(("%matplotlib", "import ", "from ", "ln.use_lecture_style(")) for line in lines)


def slide_type(cell, index_of_first_own_code: int, index: int) -> str:
    if cell.get("id") in (BADGES_ID, COLAB_ID) or (index == index_of_first_own_code and _is_setup(cell)):
        return "skip"
    if cell.cell_type == "markdown":
        first = cell.source.lstrip().split("\n", 1)[0]
        if re.match(r"#{1,2}\s", first):
            return "slide"
        if re.match(r"###\s", first) or first.startswith("**Explorer.**"):
            return "subslide"
    return "-"


def with_header(nb: nbformat.NotebookNode, relative: str, repo: str | None = None) -> nbformat.NotebookNode:
    """A copy of ``nb`` with the badges and Colab cells in front (replacing old ones) and slide metadata."""
    nb = copy.deepcopy(nb)
    own = [cell for cell in nb.cells if cell.get("id") not in (BADGES_ID, COLAB_ID)]
    badges = nbformat.v4.new_markdown_cell(badges_source(relative, repo), id=BADGES_ID)
    colab = nbformat.v4.new_code_cell(colab_source(repo), id=COLAB_ID)
    old = {cell.get("id"): cell for cell in nb.cells}
    if COLAB_ID in old:  # keep what running it stored (execution count; it prints nothing)
        colab.execution_count = old[COLAB_ID].get("execution_count")
        colab.outputs = old[COLAB_ID].get("outputs", [])
        colab.metadata = copy.deepcopy(old[COLAB_ID].metadata)
    if not own or own[0].cell_type != "markdown":
        raise ValueError(f"{relative}: the first cell must be the title (markdown)")
    nb.cells = [badges, own[0], colab] + own[1:]
    first_own_code = next((i for i, cell in enumerate(nb.cells) if cell.cell_type == "code" and
                           cell.get("id") != COLAB_ID), -1)
    for index, cell in enumerate(nb.cells):
        cell.metadata["slideshow"] = {"slide_type": slide_type(cell, first_own_code, index)}
    return nb


def check_header(nb: nbformat.NotebookNode, relative: str) -> list[str]:
    """What is missing or wrong at the start of ``nb``; empty when it is as ``with_header`` makes it."""
    problems = []
    cells = nb.cells
    if len(cells) < 4:
        return [f"{relative}: only {len(cells)} cells"]
    if cells[0].cell_type != "markdown" or cells[0].source != badges_source(relative):
        problems.append(f"{relative}: cell 1 should be the Binder and Colab badges for this notebook")
    if not cells[1].source.startswith("# "):
        problems.append(f"{relative}: cell 2 should be the title (# ...)")
    code = [cell for cell in cells if cell.cell_type == "code"]
    if not code or code[0].source != colab_source():
        problems.append(f"{relative}: the first code cell should install lecture_nn on Colab only")
    expected = with_header(nb, relative)
    for index, (cell, want) in enumerate(zip(cells, expected.cells)):
        if cell.metadata.get("slideshow") != want.metadata["slideshow"]:
            problems.append(f"{relative}: cell {index + 1} slideshow metadata should be "
                            f"{want.metadata['slideshow']}, is {cell.metadata.get('slideshow')}")
            break
    return problems


def notebooks() -> list[pathlib.Path]:
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, change nothing")
    args = parser.parse_args(argv)
    problems = []
    for path in notebooks():
        relative = path.relative_to(ROOT).as_posix()
        nb = nbformat.read(path, as_version=4)
        if args.check:
            problems += check_header(nb, relative)
            continue
        new = with_header(nb, relative)
        if nbformat.writes(new) != nbformat.writes(nb):
            nbformat.write(new, path)
            print(f"wrote {relative}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
