"""Exercise notebooks: student versions are generated from their solutions and up to date, and a
student version runs top to bottom, every unfinished task reporting "not done yet"."""

import pathlib
import sys

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import make_exercises  # noqa: E402

STUDENT = sorted((ROOT / "exercises").glob("*.ipynb"))


def test_every_solution_has_a_current_student_version():
    assert len(STUDENT) == len(list((ROOT / "exercises" / "solutions").glob("*.ipynb"))) >= 2
    assert make_exercises.main(["--check"]) == 0


def test_solution_regions_become_not_implemented():
    source = "def f(x):\n    # BEGIN SOLUTION 2.1: square x\n    return x ** 2\n    # END SOLUTION\n"
    assert make_exercises.strip_solutions(source) == (
        'def f(x):\n    raise NotImplementedError("Exercise 2.1: square x")')
    with pytest.raises(ValueError, match="never closed"):
        make_exercises.strip_solutions("# BEGIN SOLUTION 1.1: x\nx = 1\n")


@pytest.mark.parametrize("path", STUDENT, ids=lambda p: p.name)
def test_student_version_runs_and_says_not_done_yet(path):
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")  # no answers inside
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    texts = [o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not any(o.output_type == "error" for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    verdicts = [t for t in texts if "Exercise" in t]
    assert verdicts and all("not done yet" in t for t in verdicts)
