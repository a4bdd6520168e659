"""Grade a class's exercise notebooks in one command, with the checkers of this package.

    python -m lecture_nn.grade exercises/ [more notebooks or folders] [--out grades.csv] [--timeout S]

Each notebook runs top to bottom in a fresh kernel, in a temporary folder that holds only a copy
of it (a ``lecture_nn/`` folder or a ``checks.py`` next to a student's notebook is not on the
kernel's path), with errors allowed (a cell that raises does not stop the rest) and a time limit
for the whole notebook: a notebook that runs longer is interrupted, graded on what it defined
by then, and marked "timed out". The notebook's own checker calls (a line that only calls one)
are skipped: the grader runs each task's checker itself afterwards, on the student's functions
found by name in the kernel, each task with its own short time limit, so a function that never
returns costs only its task. The kernel is shut down afterwards, with every process it started.

What a student cannot spoof, and what they can:

* The printed output of the notebook is never read: deleting the checker call, keeping an old
  ✔ in the file or printing a fake "✔ Exercise 1.1" changes nothing, and neither does what the
  student's functions print while they are checked (the verdict is the checker's return value).
* The checkers come from the files of the installed package, loaded afresh under a name of
  their own after the notebook ran: rebinding ``checks.check_activation``, changing
  ``lecture_nn.activations`` or ``sys.path`` in the notebook, or a shadowing package beside it
  does not reach them.
* A task whose functions use the package's own implementation (``ln.relu(x)``, ``from
  lecture_nn import Adam``, ``ln.numerical_gradient`` in 4.1) is flagged, not given the point:
  the grader reads the notebook's code (the task's functions and the notebook's functions they
  call) and asks the kernel where each function comes from. Calling the ``checks`` module and
  raising the package's errors are fine, and so is what the exercise computes outside the
  task's functions.
* Not protected: code written against the grader. The notebook runs with the permissions of
  whoever grades it, in the same Python: it can patch numpy or builtins, read the grader's
  frames while it is checked, rewrite the installed files, run shell commands (``!pip``) or
  hide a package call behind ``exec``. Run submissions you do not trust in a throwaway account
  or container; the table says what was found, and a human reads the flagged and odd rows.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import csv
import dataclasses
import importlib
import io
import json
import os
import pathlib
import re
import secrets
import shutil
import sys
import tempfile
import time

from .checks import FAIL, PASS, TASKS
from .errors import InputError

__all__ = ["TaskResult", "NotebookResult", "find_notebooks", "identify", "package_uses", "grade_notebook",
           "grade", "summary", "write_csv", "main"]

TIMEOUT = 60.0  # seconds for one notebook's own cells
TASK_TIMEOUT = 10.0  # seconds for one task's checker (they take well under one)

_PACKAGE = pathlib.Path(__file__).resolve().parent
_HEADING = re.compile(r"^#[ \t]+Exercise[ \t]+(\d+)\b", re.MULTILINE)


@dataclasses.dataclass
class TaskResult:
    """One task of one notebook: the verdict, the checker's reason, and the package names it uses."""

    task: str  # "1.1"
    verdict: str  # "pass", "fail", "not done" or "missing"
    reason: str = ""  # the checker's line without its mark, or why the task was not checked
    uses: tuple[str, ...] = ()  # lecture_nn names the student's functions use, e.g. ("lecture_nn.relu",)

    @property
    def mark(self) -> str:
        """The table's cell: ✔, ✘, not done or missing; a * when the package's own code is used."""
        mark = {"pass": PASS, "fail": FAIL}.get(self.verdict, self.verdict)
        return mark + "*" if self.uses else mark

    @property
    def counts(self) -> bool:
        """Whether the task counts in the total: passed, with the student's own code."""
        return self.verdict == "pass" and not self.uses

    @property
    def note(self) -> str:
        """The reason, and which package names the task's functions use."""
        uses = "uses " + ", ".join(self.uses) if self.uses else ""
        if self.verdict == "pass":
            return uses
        return f"{self.reason} ({uses})" if uses else self.reason


@dataclasses.dataclass
class NotebookResult:
    """One notebook: which exercise it is, each task's result, and what happened while it ran."""

    path: pathlib.Path
    exercise: str | None  # the notebook stem in checks.TASKS ("01_activations"), None if not identified
    tasks: list[TaskResult] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)  # timed out, cells that raised, ...
    seconds: float = 0.0  # wall time, kernel start included
    timed_out: bool = False

    @property
    def total(self) -> str:
        """``k/n``: tasks passed with the student's own code, out of the exercise's tasks."""
        return f"{sum(t.counts for t in self.tasks)}/{len(self.tasks)}" if self.exercise else ""


# --- finding and identifying the notebooks ------------------------------------------------------------

def find_notebooks(paths) -> list[pathlib.Path]:
    """The notebooks in ``paths``: notebook files, and folders searched recursively for ``*.ipynb``
    (Jupyter's ``.ipynb_checkpoints`` skipped), each notebook once, in the order given."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    found = []
    for given in paths:
        path = pathlib.Path(given)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.ipynb")
                            if p.is_file() and ".ipynb_checkpoints" not in p.relative_to(path).parts)
        elif path.is_file() and path.suffix == ".ipynb":
            found.append(path)
        elif path.exists():
            raise InputError(f"{given}: not a notebook (.ipynb) nor a folder")
        else:
            raise InputError(f"{given}: no such file or folder")
    unique, seen = [], set()
    for path in found:  # a notebook given twice (as a file and inside its folder) is graded once
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append(path)
    if not unique:
        raise InputError(f"no notebooks (*.ipynb) in {', '.join(str(p) for p in paths) or 'no path given'}")
    return unique


def identify(nb, path) -> str | None:
    """Which exercise notebook ``nb`` is (its stem in ``checks.TASKS``), or None.

    By its heading ``# Exercise N · ...`` (students rename their files), else by a file name that
    contains the stem (``alice_01_activations.ipynb``).
    """
    numbers = {int(stem.split("_")[0]): stem for stem in TASKS}
    for cell in nb.cells:
        match = _HEADING.search(cell.source) if cell.cell_type == "markdown" else None
        if match and int(match[1]) in numbers:
            return numbers[int(match[1])]
    name = pathlib.Path(path).name.lower()
    return next((stem for stem in TASKS if stem in name), None)


# --- what the student's functions use of the package --------------------------------------------------

def _ours(module) -> bool:
    return module is not None and (module == "lecture_nn" or module.startswith("lecture_nn."))


def _public_names(module: str) -> list[str]:
    """The names ``from module import *`` binds (the grader imports its own package to know)."""
    try:
        imported = importlib.import_module(module)
    except ImportError:
        return []
    return list(getattr(imported, "__all__", [n for n in vars(imported) if not n.startswith("_")]))


def _reference(node, bound) -> str | None:
    """The package name an expression such as ``ln.activations.relu`` stands for, or None."""
    chain = []
    while isinstance(node, ast.Attribute):
        chain.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name) and isinstance(bound.get(node.id), str):
        return ".".join([bound[node.id], *reversed(chain)])
    return None


def _bind(statements, bound):
    """Update ``bound`` (name -> a package name, a definition node, or None for anything else) with
    the names ``statements`` bind, in order, as they run; bodies of defs and lambdas are not entered."""
    for node in statements:
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                bound[name] = (alias.name if alias.asname else name) if _ours(alias.name) else None
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                ours = node.level == 0 and _ours(node.module)
                if alias.name == "*":
                    bound.update({n: f"{node.module}.{n}" for n in _public_names(node.module)} if ours else {})
                else:
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}" if ours else None
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound[node.name] = node
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                pairs = [(target, node.value)]
                if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple) \
                        and len(target.elts) == len(node.value.elts):
                    pairs = list(zip(target.elts, node.value.elts))
                for name, value in pairs:
                    if isinstance(name, ast.Name):
                        bound[name.id] = _reference(value, bound) or value
                    else:
                        _unbind(name, bound)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    bound.pop(target.id, None)
        else:  # if, for, while, with, try, match: their targets, then their blocks in order
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.expr, ast.withitem)):
                    _unbind(child, bound)
            for block in ("body", "orelse", "handlers", "cases", "finalbody"):
                for part in getattr(node, block, []):
                    if isinstance(part, ast.ExceptHandler) and part.name:
                        bound[part.name] = None
                    _bind(part.body if isinstance(part, (ast.ExceptHandler, ast.match_case)) else [part], bound)


def _unbind(node, bound):
    """Names stored inside an expression (loop targets, ``:=``) hold no package name any more."""
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
            bound[child.id] = None


class _Uses(ast.NodeVisitor):
    """The package names one function refers to, and the notebook's own functions it calls."""

    def __init__(self, function, bound):
        self.bound, self.found, self.calls = bound, set(), set()
        self.local = {}  # the function's own names: arguments, assignments, and its imports
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            arguments = function.args
            for arg in arguments.posonlyargs + arguments.args + arguments.kwonlyargs + \
                    [a for a in (arguments.vararg, arguments.kwarg) if a]:
                self.local[arg.arg] = None
            nodes = [n for part in ([function.body] if isinstance(function, ast.Lambda) else function.body)
                     for n in ast.walk(part)]
            self.local.update({n.id: None for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)})
            _bind([n for n in nodes if isinstance(n, (ast.Import, ast.ImportFrom))], self.local)

    def resolve(self, name):
        return self.local[name] if name in self.local else self.bound.get(name)

    def visit_Attribute(self, node):
        base = node
        while isinstance(base, ast.Attribute):
            base = base.value
        if isinstance(base, ast.Name) and isinstance(self.resolve(base.id), str):
            self.found.add(_reference(node, {base.id: self.resolve(base.id)}))
            return
        self.generic_visit(node)

    def visit_Name(self, node):
        target = self.resolve(node.id)
        if isinstance(node.ctx, ast.Load) and isinstance(target, str):
            self.found.add(target)
        elif isinstance(node.ctx, ast.Load) and node.id not in self.local and _is_function(target):
            self.calls.add(node.id)

    def visit_Constant(self, node):  # __import__("lecture_nn"), importlib.import_module("lecture_nn.optim")
        if isinstance(node.value, str) and re.fullmatch(r"lecture_nn(\.\w+)*", node.value):
            self.found.add(node.value)


def _allowed(name: str) -> bool:
    """What a task's functions may use of the package: the checkers and the errors."""
    parts = name.split(".")
    if parts[1:2] == ["checks"]:
        return len(parts) == 2 or not parts[2].startswith("_")  # not the checkers' reference answers
    return parts[1:2] == ["errors"] or parts[1:2] in (["InputError"], ["UsageError"], ["LectureNNError"])


def _is_function(node) -> bool:
    return isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))


def _parse(source: str):
    """A code cell's syntax tree, IPython's ``%magics`` and ``!commands`` turned into Python; None
    for a cell that does not parse (it did not run either)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        source = TransformerManager().transform_cell(source)
    except Exception:  # no IPython, or a cell it cannot read: parse it as it is
        pass
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def package_uses(sources, functions) -> list[str]:
    """The lecture_nn names that the notebook's ``functions`` use, in the code cells ``sources``.

    Each name is resolved as it stands after the last cell: a ``def relu`` below ``from lecture_nn
    import relu`` is the student's own. The bodies of the functions are read, and those of the
    notebook's functions they call (a helper such as ``sigmoid_stable``); a function that *is* a
    package name (``relu = ln.relu``) counts too. What the notebook computes outside these
    functions is not read. Calling the ``checks`` module and the package's errors are allowed.
    """
    bound = {}
    for source in sources:
        tree = _parse(source)
        if tree is not None:
            _bind(tree.body, bound)
    found, seen, todo = set(), set(), list(functions)
    while todo:
        name = todo.pop()
        if name in seen or name not in bound:
            continue
        seen.add(name)
        target = bound[name]
        if isinstance(target, str):
            found.add(target)
        elif isinstance(target, ast.AST) and not isinstance(target, ast.ClassDef):
            uses = _Uses(target, bound)
            if isinstance(target, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for part in target.decorator_list + target.args.defaults + \
                        [d for d in target.args.kw_defaults if d is not None]:
                    uses.visit(part)
                for statement in target.body:
                    uses.visit(statement)
            else:
                uses.visit(target)
            found |= uses.found
            todo += sorted(uses.calls)
    return sorted(name for name in found if not _allowed(name))


# --- running one notebook ---------------------------------------------------------------------------

def _skip_checker_calls(sources) -> list[str]:
    """The code cells' ``sources`` with each line that only calls a checker
    (``checks.check_activation("1.1", relu, relu_derivative)``) left blank: the grader runs the
    checkers itself, and a function that never returns would stop the notebook at that line."""
    bound, runnable = {}, []
    for source in sources:
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):  # magics, or an error the kernel will report
            tree = _parse(source)
            _bind(tree.body if tree else [], bound)
            runnable.append(source)
            continue
        lines = source.splitlines(keepends=True)
        for node in tree.body:
            called = _reference(node.value.func, bound) if isinstance(node, ast.Expr) and \
                isinstance(node.value, ast.Call) else None
            alone = all(other is node or other.end_lineno < node.lineno or other.lineno > node.end_lineno
                        for other in tree.body)
            if called and alone and re.fullmatch(r"lecture_nn\.checks\.check_\w+", called):
                lines[node.lineno - 1:node.end_lineno] = ["\n"] * (node.end_lineno - node.lineno + 1)
            _bind([node], bound)
        runnable.append("".join(lines))
    return runnable


# Injected cells. The first loads this module afresh from the installed files, under a package
# name of its own, so the checkers it imports are not the ones the notebook imported (or
# changed). The others run one task each and print one line after a token the notebook could
# not know while it ran.
_LOAD = '''\
def _lecture_nn_grading():
    import importlib.util, sys
    name = "_lecture_nn_grading"
    for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[module]
    spec = importlib.util.spec_from_file_location(name, {init!r}, submodule_search_locations=[{folder!r}])
    sys.modules[name] = importlib.util.module_from_spec(spec)
    return importlib.import_module(name + ".grade")
_lecture_nn_grading = _lecture_nn_grading()
_lecture_nn_grading._ready({token!r})'''
_CHECK = "_lecture_nn_grading._check_in_kernel({stem!r}, {task!r}, globals(), {token!r})"
_LAST = "_lecture_nn_grading._report({token!r}, _lecture_nn_grading._last)"

_last: dict = {}  # in the kernel: the result of the task being checked, read again after an interrupt


def _report(token: str, result: dict):
    print(token + json.dumps(result))


def _ready(token: str):
    _report(token, {"ready": True})


def _check_in_kernel(stem: str, task: str, namespace: dict, token: str):
    """In the kernel: run ``task``'s checker (imported next to this module, not the notebook's) on
    the functions ``namespace`` holds under the task's names, and print the result after ``token``."""
    global _last
    from . import checks

    checker, names = checks.TASKS[stem][task]
    result = _last = {"task": task, "passed": False, "line": None, "missing": [], "origins": [], "stopped_in": None}
    for name in names:
        function = namespace.get(name)
        if name not in namespace:
            result["missing"].append(name)
        elif not callable(function):
            result["missing"].append(f"{name} (not a function: {type(function).__name__})")
        else:
            origin = getattr(function, "__module__", None)  # "__main__" for the notebook's own functions
            if isinstance(origin, str) and _ours(origin):
                result["origins"].append(f"{origin}.{getattr(function, '__name__', type(function).__name__)}")
    if not result["missing"]:
        printed = _Tail()
        try:
            with contextlib.redirect_stdout(printed):
                result["passed"] = getattr(checks, checker)(task, *(namespace[n] for n in names)) is True
        except KeyboardInterrupt:  # the grader's time limit for this task
            result["stopped_in"] = _innermost_function(sys.exc_info()[2])
        except BaseException as error:  # SystemExit and the like: the student's function stopped the check
            result["line"] = f"the check stopped: {type(error).__name__}: {error}"
        lines = printed.text[-_Tail.SIZE:].splitlines()
        verdicts = [k for k, line in enumerate(lines) if line.startswith((f"{PASS} Exercise {task}:",
                                                                          f"{FAIL} Exercise {task}:"))]
        if verdicts and result["line"] is None:  # the checker's line comes after whatever the student printed
            k = verdicts[-1]
            rest = [line.strip() for line in lines[k + 1:] if line.strip()]
            result["line"] = " ".join([lines[k].split(":", 1)[1].strip(), *rest])[:2000]
    _report(token, result)


class _Tail(io.TextIOBase):
    """Standard output that keeps only its last characters: a function printing in a loop until
    the time limit cannot fill the memory, and the checker's line comes last."""

    SIZE = 100_000

    def __init__(self):
        super().__init__()
        self.text = ""

    def write(self, text):
        self.text += text
        if len(self.text) > 2 * self.SIZE:
            self.text = self.text[-self.SIZE:]
        return len(text)


def _innermost_function(traceback) -> str | None:
    """The name of the innermost of the notebook's own functions in ``traceback``."""
    name = None
    while traceback is not None:
        frame = traceback.tb_frame
        if frame.f_globals.get("__name__") == "__main__" and frame.f_code.co_name != "<module>":
            name = frame.f_code.co_name
        traceback = traceback.tb_next
    return name


def _payload(cell, token: str):
    """The last result the injected ``cell`` printed after ``token``, or None."""
    text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
    lines = [line[len(token):] for line in text.splitlines() if line.startswith(token)]
    try:
        return json.loads(lines[-1]) if lines else None
    except ValueError:
        return None


def _error(cell) -> str | None:
    """``Name: message`` of the error ``cell`` raised, or None."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename')}: {output.get('evalue')}"[:300]
    return None


class _Kernel:
    """Runs cells one by one in ``client``'s kernel, each with its own time limit in seconds.

    At the limit the kernel is interrupted (a KeyboardInterrupt where it runs) and the cell's
    output is collected until the kernel is idle again, so the next cell's output is its own.
    """

    STOPPED = {"ename": "TimeoutError", "evalue": "stopped at the grader's time limit", "traceback": []}

    def __init__(self, client):
        self.client, self.reply = client, None
        client.interrupt_on_timeout, client.error_on_timeout = True, dict(self.STOPPED)
        client.on_cell_executed = self._executed

    def _executed(self, cell, cell_index, execute_reply):
        self.reply = execute_reply

    def run(self, cell, index: int, seconds: float) -> str:
        """"ran", "timed out" (the kernel was interrupted) or "died"."""
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        self.reply = None
        self.client.timeout_func = lambda _cell: max(seconds, 0.01)  # 0 would mean no limit
        try:
            self.client.execute_cell(cell, index)
        except CellTimeoutError:
            return "timed out"
        except DeadKernelError:
            return "died"
        stopped = (self.reply or {}).get("content", {}).get("evalue") == self.STOPPED["evalue"]
        return "timed out" if stopped else "ran"

    def inject(self, nb, source: str, seconds: float):
        """Run ``source`` as a new cell at the end of ``nb``: (what happened, the cell)."""
        import nbformat

        nb.cells.append(nbformat.v4.new_code_cell(source))
        return self.run(nb.cells[-1], len(nb.cells) - 1, seconds), nb.cells[-1]


def _task_result(task: str, payload, uses) -> TaskResult:
    """A task's result from what the kernel reported, and the package names found in the code."""
    uses = tuple(sorted(set(uses) | set(payload["origins"])))
    if payload["missing"]:
        return TaskResult(task, "missing", "missing: " + ", ".join(payload["missing"]), uses)
    line = payload["line"] or "the checker printed no verdict"
    if payload["passed"]:
        return TaskResult(task, "pass", line, uses)
    return TaskResult(task, "not done" if "not done yet" in line else "fail", line, uses)


def grade_notebook(path, timeout: float = TIMEOUT, task_timeout: float = TASK_TIMEOUT) -> NotebookResult:
    """Run the notebook at ``path`` in a fresh kernel and check each of its exercise's tasks.

    ``timeout``: seconds for the notebook's own cells together; ``task_timeout``: seconds for
    each task's checker. Never raises for what a notebook contains: an unreadable or unknown
    notebook, a kernel that dies or never stops, all become a row with a note.
    """
    import nbformat

    path = pathlib.Path(path)
    start = time.monotonic()
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as error:  # not JSON, not a notebook: one row saying so
        return NotebookResult(path, None, notes=[f"unreadable: {type(error).__name__}: {str(error)[:300]}"],
                              seconds=time.monotonic() - start)
    stem = identify(nb, path)
    if stem is None:
        return NotebookResult(path, None, notes=["not an exercise: no '# Exercise N' heading, and no exercise "
                                                 "name such as 01_activations in the file name"],
                              seconds=time.monotonic() - start)
    result = NotebookResult(path, stem)
    try:
        sources, payloads = _execute(nb, path, stem, timeout, task_timeout, result)
    except Exception as error:  # the kernel would not start, or nbclient met a message it cannot read
        sources, payloads = [], {}
        result.notes.append(f"not run: {type(error).__name__}: {error}")
    for task, (_, names) in TASKS[stem].items():
        payload = payloads.get(task)
        if isinstance(payload, str):  # why the task was not checked
            result.tasks.append(TaskResult(task, "fail", payload))
        elif payload is None:
            result.tasks.append(TaskResult(task, "fail", "not checked: the notebook did not run"))
        else:
            result.tasks.append(_task_result(task, payload, package_uses(sources, names)))
    result.seconds = time.monotonic() - start
    return result


def _execute(nb, path, stem, timeout, task_timeout, result):
    """Run ``nb``'s cells in a fresh kernel, then each task's check: (the sources of the cells that
    ran, task -> the kernel's report or why there is none). Notes go to ``result``."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory(prefix="lecture_nn_grade_", ignore_cleanup_errors=True) as folder, \
            tempfile.TemporaryFile("w+") as log:
        shutil.copyfile(path, pathlib.Path(folder) / path.name)  # the only file beside the kernel
        # the kernel runs this very Python (no other kernelspec of the same name can take over)
        km = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=KernelSpecManager(kernel_dirs=[]))
        client = NotebookClient(nb, km=km, allow_errors=True, shutdown_kernel="immediate",
                                resources={"metadata": {"path": folder}})
        try:  # the kernel's own messages go to a log (they would bury the summary), shown if it fails
            with client.setup_kernel(cleanup_kc=True, stdout=log, stderr=log):  # shut down, with its processes
                return _run(_Kernel(client), nb, stem, timeout, task_timeout, result)
        except Exception as error:
            log.seek(0)
            said = log.read().strip().splitlines()
            raise RuntimeError(f"{error}" + (f"; the kernel said: {said[-1][:300]}" if said else "")) from None


def _run(kernel, nb, stem, timeout, task_timeout, result):
    """``_execute`` once the kernel is up."""
    token = f"lecture_nn-grade-{secrets.token_hex(8)}:"
    code = [(index, cell) for index, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    sources, payloads, raised = [], {}, []
    deadline = time.monotonic() + timeout
    for (index, cell), runnable in zip(code, _skip_checker_calls([cell.source for _, cell in code])):
        left = deadline - time.monotonic()
        if left <= 0:
            result.timed_out = True
            result.notes.append(f"timed out: the cells before cell {index + 1} took {timeout:g} s; "
                                "the rest did not run")
            break
        sources.append(cell.source)
        cell.source = runnable
        outcome = kernel.run(cell, index, left)
        if outcome == "died":
            result.notes.append(f"kernel died: in cell {index + 1} (os._exit, or out of memory?)")
            return sources, {task: "not checked: the kernel died while the notebook ran" for task in TASKS[stem]}
        if outcome == "timed out":
            result.timed_out = True
            result.notes.append(f"timed out: cell {index + 1} still ran after {timeout:g} s; the cells after it "
                                "did not run")
            break
        if _error(cell):
            raised.append(f"cell {index + 1} ({_error(cell)})")
    if raised:
        result.notes.append(f"{len(raised)} cell{'s' * (len(raised) > 1)} raised: " + "; ".join(raised))

    load = _LOAD.format(init=str(_PACKAGE / "__init__.py"), folder=str(_PACKAGE), token=token)
    outcome, cell = kernel.inject(nb, load, task_timeout)
    if not (_payload(cell, token) or {}).get("ready"):
        why = "the kernel did not stop when interrupted" if outcome == "timed out" else \
            f"the checkers could not be loaded in the kernel ({_error(cell) or outcome})"
        return sources, {task: f"not checked: {why}" for task in TASKS[stem]}
    for task in TASKS[stem]:
        outcome, cell = kernel.inject(nb, _CHECK.format(stem=stem, task=task, token=token), task_timeout)
        if outcome == "died":
            payloads[task] = "the check killed the kernel (os._exit in a function, or out of memory?)"
            payloads.update({t: "not checked: the kernel died" for t in TASKS[stem] if t not in payloads})
            break
        if outcome == "timed out":
            report = _payload(cell, token)
            if report is None:  # the interrupt did not end the cell (yet): ask where it stopped
                outcome, cell = kernel.inject(nb, _LAST.format(token=token), task_timeout)
                report = _payload(cell, token)
            where = (report or {}).get("stopped_in")
            payloads[task] = (f"stopped after {task_timeout:g} s" + (f" inside {where}" if where else "")
                              + ": does every function of the task return?")
            if report is None:  # the kernel does not answer any more
                payloads.update({t: "not checked: the kernel did not stop when interrupted"
                                 for t in TASKS[stem] if t not in payloads})
                break
            continue
        payloads[task] = _payload(cell, token) or f"the check stopped: {_error(cell) or 'no result'}"
    return sources, payloads


def grade(paths, timeout: float = TIMEOUT, task_timeout: float = TASK_TIMEOUT) -> list[NotebookResult]:
    """Grade every notebook in ``paths`` (notebooks and folders), one after another."""
    timeout, task_timeout = _seconds(timeout, "timeout"), _seconds(task_timeout, "task_timeout")
    return [grade_notebook(path, timeout, task_timeout) for path in find_notebooks(paths)]


def _seconds(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < float("inf"):
        raise InputError(f"{name} must be a positive number of seconds, got {value!r}")
    return float(value)


# --- the table and the CSV --------------------------------------------------------------------------

def _names(results) -> dict:
    """Each result's file name as shown: relative to the folder all the graded notebooks share."""
    paths = [r.path.resolve() for r in results]
    try:
        common = pathlib.Path(os.path.commonpath([p.parent for p in paths])) if paths else None
    except ValueError:  # different drives
        common = None
    return {id(r): str(p.relative_to(common)) if common else str(r.path) for r, p in zip(results, paths)}


def _groups(results):
    """(exercise stem or None, its results) in the exercises' order, the unidentified last."""
    order = list(TASKS) + [None]
    for stem in order:
        group = [r for r in results if r.exercise == stem]
        if group:
            yield stem, group


def _table(rows) -> list[str]:
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def summary(results) -> str:
    """The readable summary: a table per exercise (one row per notebook, a column per task, the
    total and the time), then every reason that is not a plain ✔ or "not done"."""
    names, lines = _names(results), []
    for stem, group in _groups(results):
        tasks = list(TASKS[stem]) if stem else []
        title = f"Exercise {int(stem.split('_')[0])} ({stem})" if stem else "Not graded"
        rows = [["notebook", *tasks, "total", "time", "notes"] if stem else ["notebook", "time", "notes"]]
        for r in group:
            short = ", ".join(note.split(":")[0] for note in r.notes)  # each note opens with its label
            marks = [t.mark for t in r.tasks] if stem else []
            rows.append([names[id(r)], *marks, *([r.total] if stem else []), f"{r.seconds:.1f} s", short])
        lines += [f"{title}: {len(group)} notebook{'s' * (len(group) > 1)}", *_table(rows), ""]
    reasons = []
    for r in results:
        name = names[id(r)]
        reasons += [f"{name}: {note}" for note in r.notes]
        for t in r.tasks:
            if t.note and (t.verdict != "not done" or t.uses):
                mark = "" if t.verdict == "missing" else f" {t.mark}"  # its reason says "missing: ..."
                reasons.append(f"{name} {t.task}{mark}: {t.note}")
    if reasons:
        lines += ["Reasons:", *(f"  {line}" for line in reasons), ""]
    if any(t.uses for r in results for t in r.tasks):
        lines.append(f"{PASS}* / {FAIL}*: the task's functions use the package's own code; a {PASS}* is not "
                     "counted in the total")
    total = sum(r.seconds for r in results)
    lines.append(f"{len(results)} notebook{'s' * (len(results) != 1)} in {total:.1f} s "
                 f"({total / max(len(results), 1):.1f} s each)")
    return "\n".join(lines)


def write_csv(results, path) -> None:
    """One row per notebook: file, exercise, a verdict and a reason column per task of the graded
    exercises, the total ``k/n``, the seconds and the notes (UTF-8)."""
    tasks = [task for stem, _ in _groups(results) if stem for task in TASKS[stem]]
    names = _names(results)
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["notebook", "exercise", *[c for t in tasks for c in (t, f"{t} reason")], "total",
                         "seconds", "timed out", "notes"])
        for r in results:
            by_task = {t.task: t for t in r.tasks}
            cells = [c for t in tasks for c in ((by_task[t].mark, by_task[t].note) if t in by_task else ("", ""))]
            writer.writerow([names[id(r)], r.exercise or "", *cells, r.total, f"{r.seconds:.1f}",
                             "yes" if r.timed_out else "", "; ".join(r.notes)])


# --- the command line -------------------------------------------------------------------------------

class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are InputErrors (one line, and ``main`` is callable from Python)."""

    def error(self, message):
        raise InputError(message)


def main(argv=None) -> int:
    """``python -m lecture_nn.grade PATH... [--out grades.csv] [--timeout S] [--task-timeout S]``:
    grade, print the summary, write the CSV; 0 once grading ran, whatever the students' results.
    Usage errors (a path that does not exist, no notebooks) raise InputError."""
    parser = _Parser(prog="python -m lecture_nn.grade", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="notebooks, or folders searched recursively for *.ipynb")
    parser.add_argument("--out", default="grades.csv", help="the CSV file to write (default: grades.csv)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT,
                        help=f"seconds for one notebook's cells (default: {TIMEOUT:g})")
    parser.add_argument("--task-timeout", type=float, default=TASK_TIMEOUT,
                        help=f"seconds for one task's checker (default: {TASK_TIMEOUT:g})")
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help: printed, nothing to grade
        return int(stop.code or 0)
    timeout, task_timeout = _seconds(args.timeout, "--timeout"), _seconds(args.task_timeout, "--task-timeout")
    out = pathlib.Path(args.out)
    if not out.parent.is_dir():
        raise InputError(f"--out {args.out}: the folder {out.parent} does not exist")
    notebooks = find_notebooks(args.paths)
    results = []
    for k, path in enumerate(notebooks, 1):
        results.append(grade_notebook(path, timeout, task_timeout))
        print(f"[{k}/{len(notebooks)}] {path}: {results[-1].seconds:.1f} s", file=sys.stderr, flush=True)
    print(summary(results))
    write_csv(results, out)
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except InputError as error:
        sys.exit(f"python -m lecture_nn.grade: {error}")
