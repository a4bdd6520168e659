"""The grader (lecture_nn.grade) on a folder of submissions made here from the repository's own
exercise notebooks: the solutions, the unfilled student version, and the ways a real class hands
them in (half done, broken, looping, spoofing the checker, shadowing the package, using the
package's own code, renamed, unreadable). One folder is graded once for the whole module."""

import csv
import os
import pathlib
import subprocess
import sys

import nbformat
import pytest

from lecture_nn import grade as grader
from lecture_nn.errors import InputError

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import make_exercises  # noqa: E402

SOLUTION = ROOT / "exercises" / "solutions" / "01_activations.ipynb"
STUDENT = ROOT / "exercises" / "01_activations.ipynb"
TIMEOUT, TASK_TIMEOUT = 10, 3  # a normal notebook's cells take well under a second here
SLEEPER = "lecture-nn-grade-test-sleeper"  # in the command line of a process a notebook starts


def _solution():
    return nbformat.read(SOLUTION, as_version=4)


def _cell(nb, task):
    """The code cell where task's answer is written."""
    return next(c for c in nb.cells if c.cell_type == "code" and f"BEGIN SOLUTION {task}:" in c.source)


def _replace(cell, old, new):
    assert old in cell.source, f"the solution changed: {old!r} is not in {cell.source!r}"
    cell.source = cell.source.replace(old, new)


def _insert_after(nb, cell, source):
    nb.cells.insert(nb.cells.index(cell) + 1, nbformat.v4.new_code_cell(source))


def _submissions(folder: pathlib.Path):
    """Write the class's notebooks into ``folder``; returns {file name: the expected row}."""
    nbs = {"solutions.ipynb": _solution(), "unfilled.ipynb": nbformat.read(STUDENT, as_version=4)}

    nb = nbs["half_done.ipynb"] = _solution()
    for task in ("1.2", "1.5"):
        _cell(nb, task).source = make_exercises.strip_solutions(_cell(nb, task).source)

    nb = nbs["broken.ipynb"] = _solution()
    _replace(_cell(nb, "1.5"), "def tanh(x):", "def tanh(x)")  # SyntaxError: the cell defines nothing
    _insert_after(nb, _cell(nb, "1.1"), "print(1 / 0)")  # raises; the cells after it still run

    nb = nbs["loops_in_relu.ipynb"] = _solution()  # the notebook's own checker call stays in the cell
    _replace(_cell(nb, "1.1"), "return np.maximum(x, 0.0)", "while True:\n        pass")

    nb = nbs["loops_at_top_level.ipynb"] = _solution()
    _insert_after(nb, _cell(nb, "1.2"), "import subprocess, sys\n"
                  f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)', '{SLEEPER}'])\n"
                  "while True:\n    pass")

    nb = nbs["fake_pass.ipynb"] = _solution()  # a wrong relu, the checker call replaced by its ✔ line
    _replace(_cell(nb, "1.1"), "return np.maximum(x, 0.0)", "return x")
    _replace(_cell(nb, "1.1"), 'checks.check_activation("1.1", relu, relu_derivative)',
             'print("\u2714 Exercise 1.1: relu and its derivative are right, at 0 and for large |x| too")')

    nb = nbs["rebinds_checker.ipynb"] = _solution()
    _replace(_cell(nb, "1.1"), "(x > 0).astype(float)", "(x >= 0).astype(float)")  # relu'(0) = 1
    nb.cells[next(k for k, c in enumerate(nb.cells) if "from lecture_nn import checks" in c.source)].source += (
        "\nchecks.check_activation = lambda task, *functions: print(f'\u2714 Exercise {task}: right') or True")

    nb = _solution()  # beside a lecture_nn/ and a checks.py whose checkers pass everything
    _replace(_cell(nb, "1.1"), "(x > 0).astype(float)", "(x >= 0).astype(float)")
    shadow = folder / "shadowed"
    (shadow / "lecture_nn").mkdir(parents=True)
    fake = ("import pathlib\n(pathlib.Path(__file__).parent / 'IMPORTED').write_text('shadow')\n"
            "def __getattr__(name):\n    return lambda task, *f: print(f'\u2714 Exercise {task}: right') or True\n")
    (shadow / "lecture_nn" / "__init__.py").write_text("from . import checks\n")
    (shadow / "lecture_nn" / "checks.py").write_text(fake)
    (shadow / "checks.py").write_text(fake)
    nbformat.write(nb, shadow / "student.ipynb")

    nb = nbs["uses_package.ipynb"] = _solution()
    _replace(_cell(nb, "1.1"), "def relu(x):", "import lecture_nn as ln\n\n\ndef relu(x):")
    _replace(_cell(nb, "1.1"), "return np.maximum(x, 0.0)", "return ln.relu(x)")
    helper = next(c for c in nb.cells if "def sigmoid_stable" in c.source)  # used by 1.3 and 1.4
    _replace(helper, "def sigmoid_stable(x):", "from lecture_nn.activations import sigmoid as package_sigmoid\n\n\n"
             "def sigmoid_stable(x):")
    _replace(helper, "return np.where(x >= 0, 1 / (1 + e), e / (1 + e))", "return package_sigmoid(x)")
    _insert_after(nb, _cell(nb, "1.5"), "tanh_derivative = ln.tanh_derivative")

    nbs["alice_ex1.ipynb"] = _solution()  # renamed: known by its heading
    nbs["carol_ex7.ipynb"] = nbformat.read(SOLUTION.parent / "07_interpolation_threshold.ipynb", as_version=4)
    nbs["notes.ipynb"] = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# My notes")])
    for name, nb in nbs.items():
        nbformat.write(nb, folder / name)
    (folder / "corrupt.ipynb").write_text("{ this is not json")
    (folder / ".ipynb_checkpoints").mkdir()
    nbformat.write(_solution(), folder / ".ipynb_checkpoints" / "alice_ex1-checkpoint.ipynb")

    ok, no = "\u2714", "\u2718"
    return {
        "solutions.ipynb": [ok] * 5 + ["5/5"],
        "unfilled.ipynb": ["not done"] * 5 + ["0/5"],
        "half_done.ipynb": [ok, "not done", ok, ok, "not done", "3/5"],
        "broken.ipynb": [ok, ok, ok, ok, "missing", "4/5"],
        "loops_in_relu.ipynb": [no, ok, ok, ok, ok, "4/5"],
        "loops_at_top_level.ipynb": [ok, ok, "missing", "missing", "missing", "2/5"],
        "fake_pass.ipynb": [no, ok, ok, ok, ok, "4/5"],
        "rebinds_checker.ipynb": [no, ok, ok, ok, ok, "4/5"],
        "shadowed/student.ipynb": [no, ok, ok, ok, ok, "4/5"],
        "uses_package.ipynb": [ok + "*", ok, ok + "*", ok + "*", ok + "*", "1/5"],
        "alice_ex1.ipynb": [ok] * 5 + ["5/5"],
        "carol_ex7.ipynb": [ok, ok, "2/2"],
    }


def _kernels_and_sleepers():
    """Processes still alive that this test started: kernels (children of this process) and the
    sleeper a notebook started. Read from /proc (Linux)."""
    alive = []
    for entry in pathlib.Path("/proc").iterdir():
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue
        fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        if fields.get("State", "").startswith("Z"):
            continue
        mine = fields.get("PPid", "").strip() == str(os.getpid()) and "ipykernel" in command
        if mine or SLEEPER in command:
            alive.append(command)
    return alive


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    expected = _submissions(folder)
    before = _kernels_and_sleepers() if pathlib.Path("/proc/self").exists() else None
    results = grader.grade([folder], timeout=TIMEOUT, task_timeout=TASK_TIMEOUT)
    return folder, expected, results, before


def _by_name(results, folder):
    return {r.path.relative_to(folder).as_posix(): r for r in results}


def test_every_submission_gets_its_row(graded):
    folder, expected, results, _ = graded
    rows = _by_name(results, folder)
    assert set(rows) == set(expected) | {"notes.ipynb", "corrupt.ipynb"}  # checkpoints skipped
    for name, cells in expected.items():
        assert [t.mark for t in rows[name].tasks] + [rows[name].total] == cells, (name, rows[name])
    assert rows["carol_ex7.ipynb"].exercise == "07_interpolation_threshold"  # known by its heading
    assert rows["notes.ipynb"].exercise is None and "not an exercise" in rows["notes.ipynb"].notes[0]
    assert rows["corrupt.ipynb"].exercise is None and "unreadable: NotJSONError" in rows["corrupt.ipynb"].notes[0]


def test_what_went_wrong_is_said(graded):
    folder, _, results, _ = graded
    rows = _by_name(results, folder)
    relu = rows["loops_in_relu.ipynb"].tasks[0]
    assert "stopped after 3 s inside relu" in relu.reason and not rows["loops_in_relu.ipynb"].timed_out
    top = rows["loops_at_top_level.ipynb"]
    assert top.timed_out and "timed out" in top.notes[0] and top.seconds < TIMEOUT + 8 * TASK_TIMEOUT
    assert top.tasks[2].reason == "missing: softplus, softplus_derivative"
    broken = rows["broken.ipynb"]
    assert "2 cells raised" in broken.notes[0] and "SyntaxError" in broken.notes[0]
    assert "ZeroDivisionError" in broken.notes[0] and broken.tasks[4].reason == "missing: tanh, tanh_derivative"
    assert all("not done yet" in t.reason for t in rows["unfilled.ipynb"].tasks)
    for name in ("fake_pass.ipynb", "rebinds_checker.ipynb", "shadowed/student.ipynb"):
        assert rows[name].tasks[0].reason.strip() and "right" != rows[name].tasks[0].reason, name
    assert not (folder / "shadowed" / "lecture_nn" / "IMPORTED").exists()  # the shadow was never imported
    uses = {t.task: t.uses for t in rows["uses_package.ipynb"].tasks}
    assert uses["1.1"] == ("lecture_nn.relu",) and uses["1.2"] == ()
    assert uses["1.3"] == uses["1.4"] == ("lecture_nn.activations.sigmoid",)  # through sigmoid_stable
    assert "lecture_nn.tanh_derivative" in uses["1.5"]
    assert all(not t.uses for r in results if r.path.name != "uses_package.ipynb" for t in r.tasks)


def test_no_kernel_or_process_of_a_notebook_survives(graded):
    *_, before = graded
    if before is None:
        pytest.skip("reads /proc (Linux)")
    assert before == [] and _kernels_and_sleepers() == []


def test_summary_and_csv(graded, tmp_path):
    folder, expected, results, _ = graded
    text = grader.summary(results)
    lines = text.splitlines()
    row = next(line for line in lines if line.startswith("uses_package.ipynb"))
    assert row.split()[1:7] == ["\u2714*", "\u2714", "\u2714*", "\u2714*", "\u2714*", "1/5"] and row.endswith(" s")
    assert "Exercise 1 (01_activations): 11 notebooks" in text and "Exercise 7 (07_interpolation_threshold)" in text
    assert "loops_in_relu.ipynb 1.1 \u2718: stopped after 3 s inside relu" in text
    assert "uses_package.ipynb 1.1 \u2714*: uses lecture_nn.relu" in text
    assert "Not graded: 2 notebooks" in text and "corrupt.ipynb: unreadable" in text
    assert not any("unfilled.ipynb 1." in line for line in lines)  # "not done" needs no reason below

    grader.write_csv(results, tmp_path / "grades.csv")
    with open(tmp_path / "grades.csv", encoding="utf-8", newline="") as file:
        rows = {row["notebook"]: row for row in csv.DictReader(file)}
    assert set(rows) == {r.path.relative_to(folder).as_posix() for r in results}
    for name, cells in expected.items():
        tasks = ["1.1", "1.2", "1.3", "1.4", "1.5"] if "7" not in name else ["7.1", "7.2"]
        assert [rows[name][t] for t in tasks] + [rows[name]["total"]] == cells, name
    assert rows["loops_in_relu.ipynb"]["1.1 reason"].startswith("stopped after 3 s inside relu")
    assert rows["broken.ipynb"]["1.5 reason"] == "missing: tanh, tanh_derivative"
    assert rows["loops_at_top_level.ipynb"]["timed out"] == "yes" and rows["solutions.ipynb"]["timed out"] == ""
    assert rows["carol_ex7.ipynb"]["1.1"] == "" and rows["notes.ipynb"]["total"] == ""
    assert float(rows["solutions.ipynb"]["seconds"]) > 0


def test_finding_and_identifying_notebooks(tmp_path):
    nb = _solution()
    assert grader.identify(nb, "whatever.ipynb") == "01_activations"
    untitled = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## Alice's answers")])
    assert grader.identify(untitled, "alice_05_optimizer_steps_final.ipynb") == "05_optimizer_steps"
    assert grader.identify(untitled, "alice.ipynb") is None
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.ipynb").write_text("{}")
    (tmp_path / "a" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "a" / ".ipynb_checkpoints" / "x-checkpoint.ipynb").write_text("{}")
    assert grader.find_notebooks([tmp_path / "a", tmp_path / "a" / "x.ipynb"]) == [tmp_path / "a" / "x.ipynb"]
    with pytest.raises(InputError, match="nowhere: no such file or folder"):
        grader.find_notebooks(["nowhere"])
    (tmp_path / "b" / ".ipynb_checkpoints").mkdir(parents=True)
    (tmp_path / "b" / ".ipynb_checkpoints" / "x-checkpoint.ipynb").write_text("{}")
    with pytest.raises(InputError, match="no notebooks"):
        grader.find_notebooks([tmp_path / "b"])
    with pytest.raises(InputError, match="timeout must be a positive number"):
        grader.grade([tmp_path / "a"], timeout=0)


@pytest.mark.parametrize("stem", sorted(grader.TASKS))
def test_the_solutions_use_none_of_the_package(stem):
    nb = nbformat.read(SOLUTION.parent / f"{stem}.ipynb", as_version=4)
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    for task, (_, names) in grader.TASKS[stem].items():
        assert grader.package_uses(sources, names) == [], task


@pytest.mark.parametrize("cells, names, uses", [
    (["import lecture_nn as ln\ndef relu(x):\n    return ln.relu(x)"], ["relu"], ["lecture_nn.relu"]),
    (["import lecture_nn\ndef d(x):\n    return lecture_nn.activations.relu_derivative(x)"], ["d"],
     ["lecture_nn.activations.relu_derivative"]),
    (["from lecture_nn import relu\n", "def relu(x):\n    return x * (x > 0)"], ["relu"], []),  # the student's own
    (["from lecture_nn import relu as relu"], ["relu"], ["lecture_nn.relu"]),  # no def left: the package's
    (["from lecture_nn import Adam\ndef adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):\n"
      "    return Adam([theta], lr=lr).step()"], ["adam_step"], ["lecture_nn.Adam"]),
    (["import lecture_nn as ln\nimport numpy as np\ndef gradients(X, y, W1, b1, W2, b2):\n"
      "    return {k: ln.numerical_gradient(lambda _: 0.0, v) for k, v in dict(W1=W1).items()}"],
     ["gradients"], ["lecture_nn.numerical_gradient"]),
    (["import lecture_nn as ln\ndef make_batches(X, y, batch_size, rng):\n"
      "    yield from ln.batches(X, y, batch_size, rng=rng)"], ["make_batches"], ["lecture_nn.batches"]),
    (["import numpy as np\nimport lecture_nn as ln\ncurve = ln.double_descent.random_features_curve(n=10)\n"
      "def fit(Phi, y):\n    return np.linalg.lstsq(Phi, y, rcond=None)[0]"], ["fit"], []),  # given, outside fit
    (["import lecture_nn as ln\nfrom lecture_nn import checks\ndef relu(x):\n"
      "    checks.check_activation('1.1', relu, relu)\n    raise ln.InputError('no')"], ["relu"], []),
    (["from lecture_nn import checks\ndef adam_step(*a):\n    return checks._adam(*a)"], ["adam_step"],
     ["lecture_nn.checks._adam"]),
    (["%pip install nothing\nimport lecture_nn as ln", "def f(:\n", "def f(x):\n    return helper(x)",
      "def helper(x):\n    import lecture_nn.optim as o\n    return o.SGD"], ["f"], ["lecture_nn.optim.SGD"]),
    (["import lecture_nn as ln\nrelu = lambda x: ln.relu(x)"], ["relu"], ["lecture_nn.relu"]),
])
def test_package_uses(cells, names, uses):
    assert grader.package_uses(cells, names) == uses


def test_the_command_line(tmp_path):
    folder = tmp_path / "class"
    (folder / ".ipynb_checkpoints").mkdir(parents=True)
    nbformat.write(_solution(), folder / "alice.ipynb")
    nbformat.write(_solution(), folder / ".ipynb_checkpoints" / "alice-checkpoint.ipynb")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "lecture_nn.grade"]
    run = subprocess.run([*command, str(folder), "--timeout", "30"], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stderr
    row = next(line for line in run.stdout.splitlines() if line.startswith("alice.ipynb"))
    assert row.split()[:7] == ["alice.ipynb", *["\u2714"] * 5, "5/5"]
    written = (tmp_path / "grades.csv").read_text(encoding="utf-8").splitlines()
    assert written[1].startswith("alice.ipynb,01_activations,\u2714")
    (tmp_path / "empty").mkdir()
    for args, message in [([str(tmp_path / "nowhere")], "nowhere: no such file or folder"),
                          ([str(tmp_path / "empty")], "no notebooks (*.ipynb) in"),
                          ([str(folder), "--out", str(tmp_path / "no" / "g.csv")], "does not exist")]:
        run = subprocess.run([*command, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
                             stdin=subprocess.DEVNULL)
        assert run.returncode != 0 and message in run.stderr and "Traceback" not in run.stderr, run.stderr
        assert len(run.stderr.strip().splitlines()) == 1
