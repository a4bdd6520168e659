"""Print every claim test beside the notebook sentence it guards (tests/test_claims_*.py).

    python tools/list_claims.py            # a markdown table: notebook | test | sentence
    python tools/list_claims.py 03         # only notebook 03's claims

Imports the test modules (nothing runs); see tests/claims.py for how a claim test is written.
"""

from __future__ import annotations

import argparse
import importlib.util
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def claim_tests() -> list[tuple[str, str, str]]:
    """(notebook, test name, sentence) for every claim test, in file order."""
    sys.path.insert(0, str(ROOT / "tests"))
    rows = []
    for path in sorted((ROOT / "tests").glob("test_claims*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name, test in vars(module).items():
            if name.startswith("test_") and hasattr(test, "claim"):
                notebook, sentence = test.claim
                rows.append((notebook, f"{path.name}::{name}", sentence))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", nargs="?", help="only this notebook's claims, e.g. 03")
    args = parser.parse_args(argv)
    print("| notebook | test (tests/test_claims_NN.py) | sentence it guards |")
    print("|---|---|---|")
    for notebook, test, sentence in claim_tests():
        if args.notebook is None or notebook.startswith(args.notebook):
            words = " ".join(sentence.split()).replace("|", "/")  # a quote may span lines of the markdown
            print(f"| {notebook} | `{test.split('::')[1]}` | {words} |")


if __name__ == "__main__":
    sys.exit(main())
