"""Execute notebooks top to bottom in place, so their stored outputs are fresh.

    python tools/execute_notebooks.py                 # every notebook in notebooks/ and exercises/solutions/
    python tools/execute_notebooks.py notebooks/01_linear_collapse.ipynb

Run it after any change to lecture_nn that moves a number or a picture, and commit the
notebooks with that change: CI (nbval) re-executes them and compares against what is stored.
Widget state is saved into the notebook, so explorers show their last picture when the file
is only viewed. Prints each notebook's wall time.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[1]


def execute(path: pathlib.Path, timeout: int = 600) -> float:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:  # no per-cell timestamps: they would change every line of a diff
        cell.metadata.pop("execution", None)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True, record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nbformat.write(nb, path)
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=pathlib.Path)
    args = parser.parse_args(argv)
    paths = args.paths or sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
        (ROOT / "exercises" / "solutions").glob("*.ipynb"))
    total = 0.0
    for path in paths:
        seconds = execute(path.resolve())
        total += seconds
        print(f"{seconds:6.1f} s  {path}")
    print(f"{total:6.1f} s  total")


if __name__ == "__main__":
    sys.exit(main())
