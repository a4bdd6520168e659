"""Make the student notebooks in exercises/ from their sources in exercises/solutions/.

    python tools/make_exercises.py            # write every student notebook
    python tools/make_exercises.py --check    # exit 1 if any student notebook is out of date

In a solution notebook, each part a student writes sits between two marker lines in a code
cell:

    # BEGIN SOLUTION 1.2: return ELU's derivative
    ...the solution...
    # END SOLUTION

The student version replaces the region with ``raise NotImplementedError("Exercise 1.2: return
ELU's derivative")`` at the same indentation, drops every output (students run the notebook
themselves), opens with the Binder/Colab badges and the Colab install cell
(tools/notebook_header.py) and keeps everything else, so the checkers answer "not done yet" until the student
writes the part.
"""

from __future__ import annotations

import argparse
import copy
import pathlib
import re
import sys

import nbformat

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import notebook_header  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "exercises" / "solutions"
BEGIN = re.compile(r"^(?P<indent>\s*)# BEGIN SOLUTION (?P<task>[\d.]+): (?P<what>.+?)\s*$")
END = re.compile(r"^\s*# END SOLUTION\s*$")


def strip_solutions(source: str, where: str = "") -> str:
    """The student's version of one code cell's source."""
    out, inside = [], None
    for number, line in enumerate(source.splitlines(), 1):
        begin = BEGIN.match(line)
        if begin and inside is None:
            inside = begin
            what = begin["what"].replace('"', "'")
            out.append(f'{begin["indent"]}raise NotImplementedError("Exercise {begin["task"]}: {what}")')
        elif END.match(line):
            if inside is None:
                raise ValueError(f"{where} line {number}: END SOLUTION without BEGIN SOLUTION")
            inside = None
        elif begin:
            raise ValueError(f"{where} line {number}: BEGIN SOLUTION inside another solution region")
        elif inside is None:
            out.append(line)
    if inside is not None:
        raise ValueError(f"{where}: BEGIN SOLUTION {inside['task']} is never closed")
    return "\n".join(out)


def student_version(solution: nbformat.NotebookNode, name: str = "") -> nbformat.NotebookNode:
    nb = copy.deepcopy(solution)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.source = strip_solutions(cell.source, f"{name} cell {index}")
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    # Binder/Colab badges and the Colab install cell, as in every notebook of the series
    return notebook_header.with_header(nb, f"exercises/{name}") if name else nb


def targets():
    for source in sorted(SOLUTIONS.glob("*.ipynb")):
        yield source, ROOT / "exercises" / source.name


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the student notebooks are current")
    args = parser.parse_args(argv)
    stale = []
    for source, target in targets():
        expected = nbformat.writes(student_version(nbformat.read(source, as_version=4), source.name))
        current = target.read_text() if target.exists() else None
        if current != expected:
            stale.append(target)
            if not args.check:
                target.write_text(expected)
                print(f"wrote {target.relative_to(ROOT)}")
    if args.check and stale:
        print("out of date (run python tools/make_exercises.py):", *[str(t.relative_to(ROOT)) for t in stale])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
