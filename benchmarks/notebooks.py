"""Wall time of every notebook, executed top to bottom in a fresh kernel (what nbval and students pay).

    python benchmarks/notebooks.py

Executes copies (the stored notebooks are not touched) of notebooks/*.ipynb and
exercises/solutions/*.ipynb with nbclient, one kernel each, and prints each wall time and the total.
Targets: no notebook over 15 s, the series under 60 s, on this 2-core machine.
"""

from __future__ import annotations

import os
import pathlib
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[1]


def main():
    paths = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "exercises" / "solutions").glob("*.ipynb"))
    print(f"load average (1 min): {os.getloadavg()[0]:.2f}")
    total = 0.0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        start = time.perf_counter()
        client.execute()
        seconds = time.perf_counter() - start
        total += seconds
        print(f"{seconds:6.1f} s  {path.relative_to(ROOT)}")
    print(f"{total:6.1f} s  total ({len(paths)} notebooks)")


if __name__ == "__main__":
    main()
