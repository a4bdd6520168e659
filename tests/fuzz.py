"""A small fuzzer: every public function and explorer constructor, called with odd arguments.

Each :class:`Case` names a callable, a factory of arguments that work, and optionally a check of
what it returns. :func:`run_case` replaces one argument at a time by each value of a battery of
odd ones (None, NaN, strings for numbers, empty and wrong-shaped arrays, a class where an instance
belongs, ...), then a few seeded random pairs, and sorts every call into

* ``ok``: it returned, nothing it returned is NaN/inf, and the case's check passed;
* ``clear``: it raised a ``lecture_nn`` error (:class:`lecture_nn.errors.LectureNNError`) whose
  message names the argument that was changed;
* ``bad``: anything else: numpy's or Python's own exception, our error without the argument's
  name, a NaN or wrong result, a hang (more than ``TIMEOUT`` seconds).

``tests/test_fuzz.py`` runs every case and fails on any ``bad`` call; ``tools/fuzz_report.py``
prints the counts. Cases live in ``tests/fuzz_cases_<area>.py``, each a list ``CASES``.
"""

from __future__ import annotations

import dataclasses
import importlib
import math
import pathlib
import signal
import traceback
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Callable

import numpy as np

try:
    from lecture_nn.errors import LectureNNError
except ImportError:  # an older lecture_nn, measured with --legacy
    LectureNNError = ()

TIMEOUT = 10.0  # seconds; a student would think it hangs
PAIRS = 6  # random two-argument changes per case


class _Missing:
    """Marks an argument to be left out of the call."""

    def __repr__(self):
        return "<left out>"


MISSING = _Missing()


def odd_values() -> dict[str, Any]:
    """The common battery: fresh objects on every call (a callee may change what it is given)."""
    from lecture_nn import SGD, MSELoss
    return {
        "None": None,
        "True": True,
        "False": False,
        "'3'": "3",
        "'abc'": "abc",
        "''": "",
        "nan": float("nan"),
        "inf": float("inf"),
        "-inf": -float("inf"),
        "-1": -1,
        "0": 0,
        "0.5": 0.5,
        "2.0": 2.0,
        "1e300": 1e300,
        "-1e-300": -1e-300,
        "[]": [],
        "[1, 2, 3]": [1, 2, 3],
        "(1,)": (1,),
        "{}": {},
        "empty array": np.empty(0),
        "(0, 2) array": np.zeros((0, 2)),
        "(4, 2) NaN array": np.full((4, 2), np.nan),
        "(4, 3) array": np.ones((4, 3)),
        "(4,) int array": np.arange(4),
        "(2, 2, 2) array": np.ones((2, 2, 2)),
        "complex": 1 + 2j,
        "object()": object(),
        "class SGD": SGD,
        "class MSELoss": MSELoss,
        "len()": len,
    }


@dataclass
class Case:
    """One public callable and how to call it well."""

    name: str
    call: Callable
    valid: Callable[[], dict]  # fresh keyword arguments that work
    check: Callable[[Any, dict], None] | None = None  # raises AssertionError when the result is wrong
    odd: dict[str, list] = field(default_factory=dict)  # extra odd values for one argument
    skip: frozenset = frozenset()  # arguments the common battery leaves alone
    accepts: dict[str, Callable[[Any], bool]] = field(default_factory=dict)
    allow_nonfinite: bool = False
    aliases: dict[str, tuple] = field(default_factory=dict)  # other names a message may use for an argument


@dataclass
class Outcome:
    case: str
    changed: dict  # argument -> label of the odd value
    kind: str  # ok, clear, bad
    detail: str = ""


class _Timeout(BaseException):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def _nonfinite(value, depth=0) -> str | None:
    """Where a NaN/inf sits in what a call returned, or None."""
    if depth > 4:
        return None
    if isinstance(value, (float, np.floating)):
        return None if math.isfinite(value) else f"returned {value}"
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc" and not np.isfinite(value).all():
            return f"returned an array with NaN/inf (shape {value.shape})"
        return None
    if isinstance(value, (tuple, list)):
        for v in value[:50]:
            found = _nonfinite(v, depth + 1)
            if found:
                return found
        return None
    if isinstance(value, dict):
        for v in list(value.values())[:50]:
            found = _nonfinite(v, depth + 1)
            if found:
                return found
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            found = _nonfinite(getattr(value, f.name), depth + 1)
            if found:
                return f"{f.name}: {found}"
    return None


def _ours_legacy(error: BaseException) -> bool:
    """Before lecture_nn had its own error class: a ValueError/TypeError/RuntimeError raised by a
    ``raise`` statement in lecture_nn's own code (not inside numpy or Python)."""
    if not isinstance(error, (ValueError, TypeError, RuntimeError)):
        return False
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and "lecture_nn" in pathlib.Path(frames[-1].filename).parts


def call_once(case: Case, changed: dict[str, tuple[str, Any]], legacy: bool = False) -> Outcome:
    kwargs = case.valid()
    for arg, (_, value) in changed.items():
        if value is MISSING:
            kwargs.pop(arg, None)
        else:
            kwargs[arg] = value
    labels = {arg: label for arg, (label, _) in changed.items()}
    use_alarm = hasattr(signal, "setitimer")
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, TIMEOUT)
    try:
        result = case.call(**kwargs)
    except _Timeout:
        return Outcome(case.name, labels, "bad", f"no answer after {TIMEOUT:g} s")
    except (Exception, SystemExit) as error:  # noqa: BLE001 - sorting every exception is the point
        message = str(error)
        ours = _ours_legacy(error) if legacy else isinstance(error, LectureNNError)
        named = not changed or any(arg in message for arg in changed) or any(
            alias in message for arg in changed for alias in _aliases(case, arg))
        if ours and named:
            return Outcome(case.name, labels, "clear", message)
        where = traceback.extract_tb(error.__traceback__)[-1]
        return Outcome(case.name, labels, "bad",
                       f"{type(error).__name__}: {message[:300]} [{pathlib.Path(where.filename).name}:{where.lineno}]"
                       + ("" if named else " (does not name the argument)"))
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    if not case.allow_nonfinite:
        found = _nonfinite(result)
        if found:
            return Outcome(case.name, labels, "bad", found)
    if case.check is not None:
        try:
            case.check(result, kwargs)
        except AssertionError as error:
            return Outcome(case.name, labels, "bad", f"wrong result: {error}")
        except Exception as error:  # noqa: BLE001 - a result the check cannot even read is wrong too
            return Outcome(case.name, labels, "bad", f"wrong result: the check could not read it: "
                                                     f"{type(error).__name__}: {error}")
    return Outcome(case.name, labels, "ok")


def _aliases(case: Case, arg: str) -> tuple:
    """Names a message may use for an argument: ``X`` for ``X_train``, the lecture's letters, ..."""
    return case.aliases.get(arg, ())


def run_case(case: Case, legacy: bool = False, pairs: int = PAIRS, seed: int = 0) -> list[Outcome]:
    """Every one-argument change of ``case`` from the battery, then ``pairs`` random two-argument ones."""
    outcomes = [call_once(case, {}, legacy)]  # the valid call itself
    if outcomes[0].kind != "ok":
        return outcomes
    args = [a for a in case.valid() if a not in case.skip]
    battery = list(odd_values().items())
    for arg in args:
        extra = [(repr(v) if not isinstance(v, np.ndarray) else f"array{v.shape}", v)
                 for v in case.odd.get(arg, [])]
        for label, value in battery + extra:
            accepted = case.accepts.get(arg)
            outcome = call_once(case, {arg: (label, value)}, legacy)
            if accepted is not None and outcome.kind == "ok" and not accepted(value):
                outcome = Outcome(case.name, outcome.changed, "bad", "accepted a value it should refuse")
            outcomes.append(outcome)
    rng = np.random.default_rng(seed)
    if len(args) >= 2:
        for _ in range(pairs):
            a, b = rng.choice(len(args), 2, replace=False)
            (la, va), (lb, vb) = (battery[i] for i in rng.choice(len(battery), 2))
            outcomes.append(call_once(case, {args[a]: (la, va), args[b]: (lb, vb)}, legacy))
    return outcomes


def all_cases(skip_broken: bool = False) -> dict[str, list[Case]]:
    """area -> its cases, from every ``tests/fuzz_cases_<area>.py``.

    ``skip_broken`` leaves out an area whose file cannot be imported (measuring an older
    lecture_nn that lacks a name the cases use) and says so, instead of failing.
    """
    here = pathlib.Path(__file__).parent
    areas = {}
    for path in sorted(here.glob("fuzz_cases_*.py")):
        try:
            module = importlib.import_module(path.stem)
        except Exception as error:
            if not skip_broken:
                raise
            print(f"{path.name}: left out, cannot import: {type(error).__name__}: {error}")
            continue
        areas[path.stem.removeprefix("fuzz_cases_")] = module.CASES
    return areas


def summary(outcomes: list[Outcome]) -> dict[str, int]:
    counts = {"ok": 0, "clear": 0, "bad": 0}
    for o in outcomes:
        counts[o.kind] += 1
    return counts
