"""Checkers for the exercises: each runs a student's function on several inputs and answers in one
line, either that it passed or what is wrong, with a hint. Never a bare traceback.

Each ``check_*`` function prints its verdict and returns True or False. What every checker
demands of the student's function, beyond the right numbers:

- it returns what the exercise states, of that type and shape: a numpy array where an array is
  asked (not a list, not shape (p, 1) for (p,)), a whole number where a count is asked, a tuple of
  the stated length where several values are returned; ``None`` gets "did you forget `return`?";
- it is pure: it leaves the arrays it is given unchanged (``x[x < 0] = 0`` overwrites the caller's
  data; in a network that is the pre-activation backprop still needs);
- it uses its arguments: every hyperparameter is tried at several values, so a β written as 0.9
  inside the function fails, and randomness comes from the ``rng`` argument only;
- it gives finite numbers: NaN and inf are never "close enough".

A function that still raises ``NotImplementedError`` gets "not done yet", naming the function that
raised when it is a helper of another exercise. Where a classic mistake is known (a missing factor,
a wrong sign, a convention mixed up), the checker recognises it by running the mistake itself on
the same inputs, and says which one it is.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import numbers
import os
import signal
import sys
import threading
import types

import numpy as np

from . import activations as _act
from .errors import InputError

__all__ = ["check_activation", "check_batches", "check_steps_per_epoch", "check_momentum", "check_rmsprop",
           "check_adam", "check_collapse", "check_min_norm_fit", "check_threshold", "check_dense",
           "check_chain_rule_factors", "check_two_layer_gradients", "ACTIVATION_EXERCISES", "TASKS"]

PASS, FAIL = "\u2714", "\u2718"

#: every task of the exercise notebooks: notebook -> {task: (checker, the student's functions it is given)}
TASKS = {
    "01_activations": {
        "1.1": ("check_activation", ("relu", "relu_derivative")),
        "1.2": ("check_activation", ("elu", "elu_derivative")),
        "1.3": ("check_activation", ("softplus", "softplus_derivative")),
        "1.4": ("check_activation", ("sigmoid", "sigmoid_derivative")),
        "1.5": ("check_activation", ("tanh", "tanh_derivative")),
    },
    "02_linear_collapse": {"2.1": ("check_collapse", ("collapse",))},
    "03_dense_and_chain_rule": {"3.1": ("check_dense", ("dense_forward", "dense_backward")),
                                "3.2": ("check_chain_rule_factors", ("factors",))},
    "04_backprop_by_hand": {"4.1": ("check_two_layer_gradients", ("gradients",))},
    "05_optimizer_steps": {"5.1": ("check_momentum", ("momentum_step",)),
                           "5.2": ("check_rmsprop", ("rmsprop_step",)),
                           "5.3": ("check_adam", ("adam_step",))},
    "06_mini_batches": {"6.1": ("check_batches", ("make_batches",)),
                        "6.2": ("check_steps_per_epoch", ("steps_per_epoch",))},
    "07_interpolation_threshold": {"7.1": ("check_min_norm_fit", ("fit",)),
                                   "7.2": ("check_threshold", ("find_threshold",))},
}


# --- how every checker answers ---------------------------------------------------------------------

def _say(exercise: str, ok: bool, message: str) -> bool:
    print(f"{PASS if ok else FAIL} Exercise {exercise}: {message}")
    return ok


class _NotAnExercise(InputError):
    """The notebook called a checker with an exercise number it does not have: the author's error, raised."""


class _Wrong(Exception):
    """The student's answer is wrong; the message is the one line the student reads."""


class _NotDone(_Wrong):
    """The student's function (or a helper it calls) still raises NotImplementedError: said as it is."""


def _shape_mismatch(wrong: _Wrong) -> bool:
    """Whether the student's function raised numpy's error for arrays whose shapes do not fit."""
    return any(text in str(wrong) for text in ("matmul", "align", "broadcast", "Incompatible dimensions"))


def _one_line(check):
    """``check`` answering in one line whatever the student's functions do or return.

    Inside a checker, ``raise _Wrong(message)`` ends the check with that ✘ line. Whatever else goes
    wrong inside (a return value nobody foresaw makes numpy raise) becomes one ✘ line naming the
    error, never a traceback.
    """
    @functools.wraps(check)
    def one_line(exercise, *functions, **kwargs):
        try:
            return check(exercise, *functions, **kwargs)
        except _NotAnExercise:
            raise
        except _Wrong as wrong:
            return _say(exercise, False, str(wrong))
        except Exception as error:  # the checker met a return value it could not use
            return _say(exercise, False, f"the checker could not use what your function returned "
                        f"({type(error).__name__}: {error}). Return what the exercise asks for, of the "
                        f"type and shape it states")
    return one_line


# --- calling the student's function ------------------------------------------------------------------

_NOT_THE_STUDENTS = tuple(os.path.realpath(p) for p in {sys.prefix, sys.base_prefix, os.path.dirname(np.__file__),
                                                        os.path.dirname(__file__)})


def _students_frame(traceback) -> str | None:
    """The name of the innermost function of the student's code in ``traceback`` (not numpy's)."""
    name = None
    while traceback is not None:
        code = traceback.tb_frame.f_code
        if not os.path.realpath(code.co_filename).startswith(_NOT_THE_STUDENTS) and not code.co_name.startswith("<"):
            name = code.co_name
        traceback = traceback.tb_next
    return name


#: seconds one call of a student's function may take (each takes milliseconds when it is right)
CALL_SECONDS = 5.0


class _TooLong(Exception):
    """A student's function ran past ``CALL_SECONDS``."""


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Raise ``_TooLong`` inside the block after ``seconds``: an endless loop in an answer ends the
    check with a sentence. Where no timer signal exists (Windows, a thread), the block just runs."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise _TooLong

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_ONE_NUMBER = "math functions take one number; numpy's (np.exp, np.maximum) take whole arrays"

#: (an error the student's function raised, what its message contains) -> the hint it asks for
_ERROR_HINTS = [
    (ValueError, "inhomogeneous", "arrays of different shapes cannot be one np.array: return them as a tuple"),
    (TypeError, "unexpected keyword argument", "keep the parameter names of the exercise's stub: the checker passes "
     "the hyperparameters by name (lr=..., beta=...)"),
    (TypeError, "unsupported operand type(s) for ^", "in Python ^ is the bitwise xor: a power is written **"),
    (TypeError, "only length-1 arrays", _ONE_NUMBER),
    (TypeError, "only 0-dimensional arrays", _ONE_NUMBER),
    (ValueError, "truth value of an array", "an if or max() sees an array, not a number: write it with whole arrays "
     "(np.where, np.maximum)"),
]


def _call(fn, *args, what: str, names, consume=None, keywords=None):
    """``fn(*args, **keywords)`` (then ``consume(result)``), raising ``_Wrong`` with what the student must hear.

    The arrays in ``args`` are handed over as copies and compared with the originals afterwards:
    a function that changes its arguments in place is refused, naming the argument (``names``).
    A call that runs longer than ``CALL_SECONDS`` is stopped.
    """
    copies = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    try:
        with np.errstate(all="ignore"), _time_limit(CALL_SECONDS):
            result = fn(*copies, **(keywords or {}))
            if consume is not None:
                result = consume(result)
    except _Wrong:  # ``consume`` found what is wrong with the result
        raise
    except _TooLong:
        raise _Wrong(f"{getattr(fn, '__name__', what)} did not return within {CALL_SECONDS:g} s: an endless loop? "
                     f"(a while loop whose condition never becomes false)") from None
    except NotImplementedError as error:
        raiser = _students_frame(error.__traceback__)
        called = getattr(fn, "__name__", what)
        note = f": {error}" if str(error) else ""
        if raiser and raiser != called:
            raise _NotDone(f"not done yet: {called} calls {raiser}, which still raises "
                         f"NotImplementedError{note}") from None
        raise _NotDone(f"not done yet ({called} still raises NotImplementedError)") from None
    except Exception as error:  # the student sees what went wrong, without a traceback
        raiser = _students_frame(error.__traceback__)
        where = f" in {raiser}" if raiser else ""
        hint = next((f". Hint: {h}" for kind, text, h in _ERROR_HINTS
                     if isinstance(error, kind) and text in str(error)), "")
        raise _Wrong(f"your function raised {type(error).__name__}{where}: {error}{hint}") from None
    for original, copy, name in zip(args, copies, names):
        if isinstance(original, np.ndarray) and not (copy.shape == original.shape and
                                                     np.array_equal(copy, original, equal_nan=True)):
            raise _Wrong(f"{what} changes its argument {name} in place (the caller's array is overwritten, "
                         f"e.g. by {name}[...] = ..., {name} -= ..., {name} *= ... or out={name}). Hint: "
                         f"compute a new array instead: {name} = {name} - ..., np.maximum({name}, 0), "
                         f"np.where(...)")
    return result


def _kind(value) -> str:
    """What ``value`` is, in a few words, for a sentence."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}" + ("" if value.dtype.kind in "biuf" else f" and dtype {value.dtype}")
    if isinstance(value, (bool, np.bool_)):
        return f"a bool ({value})"
    if isinstance(value, numbers.Number):
        return f"a number ({str(value)[:30]})"
    if isinstance(value, types.GeneratorType):
        return "a generator"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} item{'s' * (len(value) != 1)}"
    return f"a {type(value).__name__}"


def _array(value, what: str, shape: tuple, *, allow_float=False, returned=True) -> np.ndarray:
    """``value`` as the numpy array of ``shape`` the exercise asks for, or ``_Wrong`` saying what came.

    ``returned``: ``value`` is what the function returned (None then means a missing ``return``),
    not one part of it."""
    if value is None:
        raise _Wrong(f"{what} is None" + (": did you forget `return`?" if returned else ""))
    if shape == () and (allow_float or isinstance(value, np.generic)) and isinstance(value, numbers.Real) \
            and not isinstance(value, (bool, np.bool_)):
        value = np.asarray(value)
    if not isinstance(value, np.ndarray):
        hint = " (np.array(...) of it, or a numpy expression)" if isinstance(value, (list, tuple)) else ""
        raise _Wrong(f"{what} is {_kind(value)}; expected a numpy array of shape {shape}{hint}")
    if value.dtype.kind not in "biuf":
        raise _Wrong(f"{what} has dtype {value.dtype}; expected real numbers")
    if value.shape != shape:
        raise _Wrong(f"{what} has shape {value.shape}, expected {shape}")
    return value.astype(np.float64)


def _parts(value, what: str, names: tuple) -> tuple:
    """``value`` as the tuple of ``len(names)`` values the exercise asks for, or ``_Wrong``."""
    pair = f"({', '.join(names)})"
    if value is None:
        raise _Wrong(f"{what} returned None: did you forget `return {', '.join(names)}`?")
    if isinstance(value, dict):
        raise _Wrong(f"{what} returned a dict; return the tuple {pair}")
    if not isinstance(value, (tuple, list)):
        raise _Wrong(f"{what} returned {_kind(value)}; return the tuple {pair}")
    if len(value) != len(names):
        raise _Wrong(f"{what} returned {len(value)} value{'s' * (len(value) != 1)}; return the "
                     f"{len(names)} values {pair}")
    return tuple(value)


def _close(got: np.ndarray, expected: np.ndarray, rtol=1e-7, atol=1e-12) -> bool:
    return bool(np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=True))


def _differs(got: np.ndarray, expected: np.ndarray, what: str, rtol=1e-7, atol=1e-12) -> str | None:
    """None when ``got`` matches ``expected``, else where and how it differs (NaN, inf named)."""
    finite = np.isfinite(got)
    if not finite.all() and np.isfinite(expected).all():
        index = tuple(int(i) for i in np.argwhere(~finite)[0])
        return f"{what} gives {got[index]} at index {index if len(index) > 1 else index[0]} (an overflow " \
               f"or a division by zero)"
    if _close(got, expected, rtol, atol):
        return None
    k = int(np.argmax(np.abs(got - expected)))
    index = tuple(int(i) for i in np.unravel_index(k, got.shape)) if got.ndim > 1 else k
    return f"{what} is {got.flat[k]:.6g} at index {index}, expected {expected.flat[k]:.6g}"


def _matches(got, mistake, *args) -> bool:
    """Whether ``got`` equals what the known ``mistake`` computes from ``args``."""
    try:
        with np.errstate(all="ignore"):
            expected = mistake(*args)
        return _close(got, np.asarray(expected, dtype=np.float64)) and np.shape(got) == np.shape(expected)
    except Exception:  # a mistake that cannot even run on these inputs is not the one made
        return False


def _whole_number(value, what: str):
    """``value`` as an int when it is a whole number of int type, or ``_Wrong`` saying what came."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iu":
        value = value[()]
    if isinstance(value, (bool, np.bool_)):
        raise _Wrong(f"{what} is a bool ({value}), expected a whole number")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        raise _Wrong(f"{what} is {value}, a float; a count is a whole number: return an int "
                     f"(int(...), math.ceil, or -(-N // B))")
    raise _Wrong(f"{what} is {_kind(value)}; expected a single whole number")


def _single_number(value, what: str):
    """``value`` as a number when it is one real number (an int or a float), or ``_Wrong``."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)):
        raise _Wrong(f"{what} is a bool ({value}), expected a number")
    if isinstance(value, numbers.Real):
        return value
    raise _Wrong(f"{what} is {_kind(value)}; expected a single number")


# --- exercise 1: the slide's activations and their derivatives ------------------------------------

#: exercise number -> activation name
ACTIVATION_EXERCISES = {"1.1": "relu", "1.2": "elu", "1.3": "softplus", "1.4": "sigmoid", "1.5": "tanh"}


def _stable_sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


#: activation -> [(a wrong derivative, its hint)], each a mistake students make
_WRONG_DERIVATIVES = {
    "relu": [(lambda x: (x >= 0).astype(float), "relu'(0) must be 0 here (torch's convention): use x > 0, not x >= 0"),
             (lambda x: np.sign(x), "relu' is 0 for x < 0: np.sign(x) gives -1 there"),
             (lambda x: np.maximum(x, 0), "that is relu itself; its derivative is 1 for x > 0, else 0")],
    "elu": [(lambda x: np.where(x >= 0, 1.0, np.exp(np.minimum(x, 0)) - 1),
             "for x < 0 the derivative of e^x - 1 is e^x, without the -1"),
            (lambda x: np.where(x >= 0, 1.0, 0.0), "for x < 0 the derivative of e^x - 1 is e^x, not 0"),
            (lambda x: np.where(x > 0, 1.0, 0.0), "for x < 0 the derivative of e^x - 1 is e^x, not 0 (that is relu')"),
            (lambda x: np.where(x >= 0, np.exp(np.minimum(x, 0)), 1.0),
             "the two branches are swapped: 1 for x >= 0, e^x for x < 0"),
            (lambda x: np.where(x >= 0, x, np.exp(np.minimum(x, 0))), "for x >= 0, ELU(x) = x, whose derivative is 1, "
             "not x"),
            (lambda x: _act.elu(x) - 1, "for x < 0, ELU'(x) = e^x = ELU(x) + 1 (plus 1, not minus), and 1 for x >= 0")],
    "softplus": [(lambda x: _stable_sigmoid(-x), "softplus'(x) = e^x / (1 + e^x) = sigmoid(x): check the sign"),
                 (lambda x: _act.softplus(x), "that is softplus itself; its derivative is sigmoid(x)"),
                 (lambda x: (x > 0).astype(float), "softplus is smooth: its derivative is sigmoid(x), not a step "
                  "(that is relu')"),
                 (lambda x: (1 + np.tanh(x)) / 2, "sigmoid(x) = (1 + tanh(x / 2)) / 2: x / 2 inside the tanh"),
                 (lambda x: np.where(x >= 0, 1.0, 0.0), "softplus is smooth: its derivative is sigmoid(x), not a "
                  "step (that is relu')")],
    "sigmoid": [(lambda x: _stable_sigmoid(x) * (1 + _stable_sigmoid(x)),
                 "sigmoid' = sigmoid (1 - sigmoid): minus, not plus"),
                (lambda x: _stable_sigmoid(x) ** 2, "sigmoid' = sigmoid (1 - sigmoid), not sigmoid^2"),
                (lambda x: _stable_sigmoid(x) * (1 - x), "sigmoid' = sigmoid(x) (1 - sigmoid(x)): 1 - sigmoid(x), "
                 "not 1 - x"),
                (lambda x: 1 - _stable_sigmoid(x), "sigmoid' = sigmoid (1 - sigmoid): the product of the two, not "
                 "1 - sigmoid alone"),
                (lambda x: _stable_sigmoid(x), "that is the sigmoid itself; its derivative is sigmoid (1 - sigmoid)"),
                (lambda x: _stable_sigmoid(np.abs(x)) * (1 - _stable_sigmoid(np.abs(x))) + 0 * x,
                 "sigmoid' = s (1 - s): for x < 0 your sigmoid gives 1 / (1 + e); the stable form is e / (1 + e) there "
                 "(with e = e^(-|x|))")],
    "tanh": [(lambda x: 1 - np.tanh(x), "tanh' = 1 - tanh^2: square the tanh"),
             (lambda x: np.tanh(x) ** 2, "tanh' = 1 - tanh(x)^2: one minus the square"),
             (lambda x: (1 - np.tanh(x)) ** 2, "tanh' = 1 - tanh(x)^2: square the tanh, not (1 - tanh)"),
             (lambda x: 1 - np.tanh(x ** 2), "tanh' = 1 - tanh(x)^2: square tanh(x), not x inside it"),
             (lambda x: np.tanh(x), "that is tanh itself; its derivative is 1 - tanh(x)^2"),
             (lambda x: 1 + np.tanh(x) ** 2, "tanh' = 1 - tanh^2: minus, not plus"),
             (lambda x: 1 - x ** 2, "tanh' = 1 - tanh(x)^2: square tanh(x), not x"),
             (lambda x: 1 / np.cosh(np.clip(x, -700, 700)),
              "tanh' = 1 - tanh(x)^2 (the same as 1 / cosh(x)^2, whose cosh overflows for large |x|)")],
}

#: activation -> [(a wrong activation, its hint)]
_WRONG_ACTIVATIONS = {
    "relu": [(lambda x: np.abs(x), "relu is 0 for x < 0, not |x|: np.maximum(x, 0)"),
             (lambda x: np.minimum(x, 0), "max, not min: relu(x) = max(0, x)"),
             (lambda x: (x > 0).astype(float), "that is relu'; relu itself is max(0, x)")],
    "elu": [(lambda x: np.where(x >= 0, x, np.exp(np.minimum(x, 0))), "ELU(x) = e^x - 1 for x < 0: the -1 is missing"),
            (lambda x: np.where(x >= 0, x, 0.0), "ELU(x) = e^x - 1 for x < 0, not 0 (that would be ReLU)")],
    "softplus": [(lambda x: _act.softplus(-x), "softplus(x) = log(1 + e^x): check the sign of the exponent"),
                 (lambda x: np.log1p(np.exp(-np.abs(x))), "the stable form is max(x, 0) + log(1 + e^(-|x|)): "
                  "max(x, 0) is missing"),
                 (lambda x: np.maximum(x, 0), "max(x, 0) alone is ReLU: add log(1 + e^(-|x|))"),
                 (lambda x: np.maximum(x, 0) + np.log1p(np.exp(np.clip(-x, None, 700))),
                  "max(x, 0) + log(1 + e^(-|x|)): the absolute value |x| is missing (e^(-x) is wrong for x < 0)")],
    "sigmoid": [(lambda x: _stable_sigmoid(-x), "sigmoid(x) = 1 / (1 + e^(-x)): check the sign of the exponent"),
                (lambda x: _stable_sigmoid(np.abs(x)),
                 "for x < 0 the stable sigmoid is e / (1 + e), with e = e^(-|x|): 1 / (1 + e) there is sigmoid(|x|)"),
                (lambda x: np.where(x >= 0, np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))),
                                    1 / (1 + np.exp(-np.abs(x)))),
                 "the two branches are swapped: 1 / (1 + e) for x >= 0, e / (1 + e) for x < 0, with e = e^(-|x|)")],
    "tanh": [(lambda x: _stable_sigmoid(x), "that is the sigmoid; tanh is np.tanh(x) (= 2 sigmoid(2x) - 1)")],
}

#: (activation, whether the derivative) -> what to write instead when it overflows at |x| = 1000
_OVERFLOW_HINTS = {
    ("softplus", False): "compute max(x, 0) + log(1 + e^(-|x|)) (np.log1p(np.exp(-np.abs(x)))): e^1000 overflows",
    ("softplus", True): "softplus' is the sigmoid: compute it the stable way, with e = e^(-|x|) "
                        "(e^x / (1 + e^x) overflows at x = 1000)",
    ("sigmoid", False): "use e = e^(-|x|): 1 / (1 + e) for x >= 0 and e / (1 + e) for x < 0 "
                        "(1 / (1 + e^(-x)) overflows in e^(-x) when x = -1000)",
    ("sigmoid", True): "write sigmoid' = s (1 - s) with s your stable sigmoid; e^(-x) / (1 + e^(-x))^2 overflows",
    ("elu", False): "np.where evaluates both branches: take e^x of min(x, 0) so e^1000 is never computed",
    ("elu", True): "np.where evaluates both branches: take e^x of min(x, 0) so e^1000 is never computed",
    ("tanh", False): "use np.tanh: (e^x - e^(-x)) / (e^x + e^(-x)) overflows at |x| = 1000",
    ("tanh", True): "write tanh' = 1 - tanh(x)^2 with np.tanh: cosh and e^x overflow at |x| = 1000",
    ("relu", False): "relu needs no exponential: np.maximum(x, 0)",
    ("relu", True): "relu' needs no exponential: (x > 0) as floats",
}


_LARGEST_EXPONENT = float(np.log(np.finfo(np.float64).max))  # 709.78: e^x overflows above it


class _Watched(np.ndarray):
    """An input that records the first exponential of a number so large that it overflows.

    numpy's overflow warning can be silenced by the student's own ``np.errstate`` (or by a
    ``np.where`` that throws the branch away); an array of this type still sees ``np.exp(1000)``
    being computed. Every result of a ufunc on it is watched too, so ``np.exp(-x)`` is seen.
    """

    overflow = None  # "exp(1000)" once seen

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        plain = [np.asarray(a) if isinstance(a, _Watched) else a for a in inputs]
        if method == "__call__" and _Watched.overflow is None:
            _Watched.overflow = _overflow(ufunc, plain)
        outs = kwargs.get("out")
        if outs is not None:
            kwargs["out"] = tuple(np.asarray(o) for o in outs)
            getattr(ufunc, method)(*plain, **kwargs)
            return outs[0] if len(outs) == 1 else outs
        result = getattr(ufunc, method)(*plain, **kwargs)
        if isinstance(result, tuple):
            return tuple(r.view(_Watched) if isinstance(r, np.ndarray) else r for r in result)
        return result.view(_Watched) if isinstance(result, np.ndarray) else result


def _overflow(ufunc, inputs) -> str | None:
    """"exp(1000)" when ``ufunc`` of ``inputs`` overflows float64, else None."""
    with np.errstate(all="ignore"):
        if ufunc in (np.exp, np.expm1):
            big = np.asarray(inputs[0], dtype=float) > _LARGEST_EXPONENT
        elif ufunc is np.exp2:
            big = np.asarray(inputs[0], dtype=float) > 1024
        elif ufunc in (np.cosh, np.sinh):
            big = np.abs(np.asarray(inputs[0], dtype=float)) > _LARGEST_EXPONENT + np.log(2)
        elif ufunc in (np.power, np.float_power) and np.ndim(inputs[0]) == 0 and float(inputs[0]) > 1:
            big = np.asarray(inputs[1], dtype=float) * np.log(float(inputs[0])) > _LARGEST_EXPONENT
        else:
            return None
    if not np.any(big):
        return None
    if ufunc in (np.power, np.float_power):
        exponent = np.broadcast_to(np.asarray(inputs[1], dtype=float), np.shape(big))[big].flat[0]
        return f"{float(inputs[0]):g} ** {exponent:g}"
    return f"{ufunc.__name__}({np.broadcast_to(np.asarray(inputs[0], dtype=float), np.shape(big))[big].flat[0]:g})"


def _overflows_hidden(fn, x) -> str | None:
    """The first overflowing exponential ``fn`` computes on ``x``, even where its warnings are silenced."""
    _Watched.overflow = None
    try:
        with np.errstate(all="ignore"), _time_limit(CALL_SECONDS):
            fn(x.copy().view(_Watched))
    except Exception:  # an answer that cannot take the watched array was judged by the plain calls
        return None
    finally:
        seen, _Watched.overflow = _Watched.overflow, None
    return seen


@_one_line
def check_activation(exercise: str, g, g_prime) -> bool:
    """Check an activation ``g`` and its derivative ``g_prime`` (functions of a numpy array).

    Inputs: ordinary values, x = 0 (ReLU's kink: its derivative is taken as 0 there), large
    |x| (1000: nothing may overflow, not even in a branch ``np.where`` throws away), a single
    number in an array of shape (1,), and a 2D batch. Each returns a numpy array of x's shape and
    leaves x unchanged.
    """
    name = ACTIVATION_EXERCISES.get(exercise)
    if name is None:
        raise _NotAnExercise(f"no activation exercise {exercise!r}; expected one of {list(ACTIVATION_EXERCISES)}")
    reference, reference_prime, params, _ = _act.get_activation(name)
    cases = {
        "ordinary values": np.linspace(-3, 3, 13),
        "x = 0": np.array([0.0]),
        "a batch of shape (2, 3)": np.arange(-3.0, 3.0).reshape(2, 3) / 2,
        "large |x|": np.array([-1000.0, -50.0, 50.0, 1000.0]),
    }
    for label, x in cases.items():
        for fn, ref, what, derivative in ((g, reference, f"{name}(x)", False),
                                          (g_prime, reference_prime, f"{name}'(x)", True)):
            raw, got = _activation_output(fn, x, label, what)
            expected = ref(x, **params)
            if label == "large |x|":  # right values reached through an overflow still fail
                _refuse_overflow(fn, x, what, _OVERFLOW_HINTS[name, derivative])
            if _close(got, expected):
                continue
            bad = ~np.isclose(got, expected, rtol=1e-7, atol=1e-12, equal_nan=True)
            k = int(np.argmax(np.where(bad, np.abs(np.nan_to_num(got - expected, nan=np.inf)), -1)))
            problem = f"{what} at x = {x.flat[k]:g} is {got.flat[k]:.6g}, expected {expected.flat[k]:.6g}"
            if not np.isfinite(got.flat[k]):
                problem += " (an overflow or a division by zero)"
            hint = _activation_hint(name, derivative, label, x, raw, got, expected, bad, k)
            raise _Wrong(f"on {label}: {problem}." + (f" Hint: {hint}." if hint else ""))
    return _say(exercise, True, f"{name} and its derivative are right, at 0 and for large |x| too")


def _activation_output(fn, x, label: str, what: str):
    """``fn(x)`` as the student returned it and as an array of x's shape; _Wrong for anything else."""
    try:
        raw = _call(fn, x, what=what, names=["x"])
    except _NotDone:
        raise
    except _Wrong as wrong:
        hint = (" Hint: work on whole arrays (np.where, np.maximum, ...): a loop over x or a Python "
                "if sees a row of a 2-D batch, not a number") if x.ndim == 2 else ""
        raise _Wrong(f"on {label}: {wrong}{hint}") from None
    if isinstance(raw, numbers.Number) or (isinstance(raw, np.ndarray) and raw.ndim == 0):
        raise _Wrong(f"on {label}, {what} is one number ({raw}), expected an array of shape {x.shape}. Hint: "
                     f"np.max(x, 0) and max() reduce x to one number; elementwise, write np.maximum(x, 0) "
                     f"or np.where(...)")
    return raw, _array(raw, f"on {label}, {what}", x.shape)


def _refuse_overflow(fn, x, what: str, hint: str):
    """_Wrong if ``fn`` overflows at x = ±1000, even where the warning is silenced or np.where drops it."""
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            fn(x.copy())
    except FloatingPointError as error:
        raise _Wrong(f"{what} at x = ±1000: {error} (numpy warns, and a net's outputs become inf "
                     f"or nan). Hint: {hint}.") from None
    except Exception:  # noqa: S110 - it ran before without the strict error state
        pass
    hidden = _overflows_hidden(fn, x)
    if hidden:
        raise _Wrong(f"{what} at x = ±1000 computes {hidden}, which overflows (to inf), even if the "
                     f"warning is silenced or np.where drops that branch. Hint: {hint}.")


def _activation_hint(name, derivative, label, x, raw, got, expected, bad, k) -> str:
    """What a wrong activation (or derivative) most likely got wrong, from the known mistakes; "" if none fits."""
    known = (_WRONG_DERIVATIVES if derivative else _WRONG_ACTIVATIONS).get(name, [])
    hint = next((h for mistake, h in known if _matches(got, mistake, x)), "")
    if hint:
        return hint
    if name == "relu" and bad.sum() == 1 and x.flat[k] == 0:
        return "relu'(0) must be 0 here (torch's convention): use x > 0" if derivative else "relu(0) = max(0, 0) = 0"
    if not derivative and name == "relu" and _close(got[x > 0], x[x > 0]) and (x < 0).any() \
            and np.allclose(got[x < 0] / x[x < 0], got[x < 0][0] / x[x < 0][0]) and (got[x < 0] != 0).all():
        return f"relu is 0 for x < 0; a slope {got[x < 0][0] / x[x < 0][0]:g} there is the leaky ReLU: np.maximum(x, 0)"
    if raw.dtype.kind in "biu" and not np.array_equal(expected, np.round(expected)):
        return f"your result has the integer dtype {raw.dtype}: the fractions are cut; keep floats (no .astype(int))"
    if not np.isfinite(got).all():
        return _OVERFLOW_HINTS[name, derivative]
    if label == "large |x|":
        return ("the values for large |x| must be exact too: do not clip or cap x (np.clip); the stable formula "
                "needs no clipping")
    negative = (x < 0) & (expected != 0)
    ratio = got[negative] / expected[negative] if negative.any() else np.ones(1)
    if _close(got[~negative], expected[~negative]) and np.allclose(ratio, ratio[0]) and ratio[0] != 1:
        return (f"for x < 0 your values are {ratio[0]:.3g} times the right ones: alpha = 1 here, and the formula is "
                f"e^x - 1 for ELU (e^x for its derivative)" if name == "elu" else
                f"for x < 0 your values are {ratio[0]:.3g} times the right ones")
    return ""


# --- exercise 6: mini-batches ----------------------------------------------------------------------

def _batch_data(N):
    """X with rows (i + 0.25, -i) and labels y = 100 + i: values that cannot be mistaken for indices."""
    i = np.arange(N, dtype=float)
    return np.stack([i + 0.25, -i], axis=1), 100.0 + i


def _epoch(make_batches, N, B, rng):
    """The batches of one epoch as a list of (X_batch, y_batch) arrays, checked for type and shape."""
    X, y = _batch_data(N)

    def consume(out):
        if out is None:
            raise _Wrong("make_batches returned None: yield the pairs (X_batch, y_batch) (or return a list of them)")
        if isinstance(out, (np.ndarray, dict, str)) or not hasattr(out, "__iter__"):
            raise _Wrong(f"make_batches returned {_kind(out)}; yield pairs (X_batch, y_batch), one per batch")
        if isinstance(out, tuple) and len(out) == 2 and all(isinstance(a, np.ndarray) for a in out):
            if out[0].shape == X.shape:
                raise _Wrong("make_batches returned one pair (X, y) of the whole shuffled set. Hint: cut it into "
                             "chunks of batch_size and yield one pair (X_batch, y_batch) per chunk")
            raise _Wrong("make_batches returned one pair (X_batch, y_batch): a `return` inside the loop ends the "
                         "function at the first batch. Hint: `yield` each pair (or collect them in a list)")
        items = list(itertools.islice(iter(out), N + 1))  # an endless generator stops here
        if len(items) > N:
            raise _Wrong(f"make_batches yields more than N = {N} batches for N = {N} samples: does your loop end "
                         f"after one epoch? (one pass: for i in range(0, N, batch_size))")
        return items

    try:
        batches = _call(make_batches, X, y, B, rng, what="make_batches", names=["X", "y", "batch_size", "rng"],
                        consume=consume)
    except _Wrong as wrong:
        if "IndexError" in str(wrong):
            raise _Wrong(f"{wrong}. Hint: X is (N, 2): the number of samples is len(X) = X.shape[0] (X.size counts "
                         f"every entry, N * 2)") from None
        raise
    pairs = []
    for k, item in enumerate(batches):
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise _Wrong(f"batch {k} is {_kind(item)}; each item must be a pair (X_batch, y_batch)")
        xb, yb = item
        if isinstance(xb, np.ndarray) and xb.shape == (2,):
            raise _Wrong(f"batch {k}: X_batch has shape (2,), a single sample. Hint: slice, "
                         f"X[i:i + batch_size] keeps the rows as a 2-D array of shape (batch_size, 2)")
        if isinstance(xb, np.ndarray) and isinstance(yb, np.ndarray) and xb.ndim == 1 and yb.ndim == 2 \
                and yb.shape[1:] == (2,):
            raise _Wrong(f"batch {k} is (y_batch, X_batch): yield (X_batch, y_batch), in that order")
        for part, value in (("X_batch", xb), ("y_batch", yb)):
            if not isinstance(value, np.ndarray):
                raise _Wrong(f"batch {k}: {part} is {_kind(value)}; expected a numpy array (a slice of X or y)")
        if yb.ndim == 1 and xb.ndim == 1 and xb.dtype.kind in "iu" and np.isin(xb, np.arange(N)).all():
            raise _Wrong("your batches hold indices, not samples. Hint: index the data with them: "
                         "X[order[i:i + B]], y[order[i:i + B]]")
        if yb.ndim == 1 and yb.dtype.kind in "iu" and len(yb) and np.isin(yb, np.arange(N)).all():
            raise _Wrong("y_batch holds indices, not labels. Hint: index y with them too: y[order[i:i + B]]")
        if xb.ndim != 2 or xb.shape[1:] != (2,) or yb.shape != (len(xb),):
            raise _Wrong(f"batch {k}: X_batch has shape {xb.shape} and y_batch {yb.shape}; expected (k, 2) and "
                         f"(k,) for a batch of k samples of X (N, 2) and y (N,)")
        pairs.append((xb.astype(np.float64), yb.astype(np.float64)))
    return pairs


def _order(pairs):
    return np.concatenate([yb for _, yb in pairs]) if pairs else np.empty(0)


@_one_line
def check_batches(exercise: str, make_batches) -> bool:
    """Check ``make_batches(X, y, batch_size, rng)`` (an iterable of (X_batch, y_batch)), the slide's
    mini-batch SGD: shuffle the training set, then iterate through it in chunks of fixed size.

    Tried for several N and batch sizes (one sample per batch, a batch larger than N). The order
    must come from ``rng`` alone: generators of one seed give the same batches, of another seed
    others, two epochs from one generator two orders, and numpy's global generator is not used.
    """
    state = np.random.get_state()  # noqa: NPY002 - the student's own global generator is left as it was
    try:
        return _check_batches(exercise, make_batches)
    finally:
        np.random.set_state(state)  # noqa: NPY002


def _check_batches(exercise, make_batches):
    _epoch(make_batches, 10, 4, np.random.default_rng(3))  # its shape and types first
    before = np.random.get_state()  # noqa: NPY002 - only read: a draw from the global generator moves it
    _epoch(make_batches, 10, 4, np.random.default_rng(3))
    after = np.random.get_state()  # noqa: NPY002
    if not (np.array_equal(before[1], after[1]) and before[2:] == after[2:]):
        raise _Wrong("your function draws from numpy's global generator (np.random.permutation, "
                     "np.random.shuffle, ...). Hint: draw from the rng argument: rng.permutation(N)")
    same = [_order(_epoch(make_batches, 10, 4, np.random.default_rng(7))) for _ in range(2)]
    if not np.array_equal(*same):
        raise _Wrong("two generators of the same seed gave different batches: the order does not come from "
                     "rng. Hint: draw the permutation from the rng argument (rng.permutation(N)), not from another "
                     "generator (a new np.random.default_rng(), Python's random)")
    for N, B in [(10, 4), (9, 3), (5, 1), (3, 8)]:
        pairs = _epoch(make_batches, N, B, np.random.default_rng(3))
        sizes = [len(yb) for _, yb in pairs]
        expected = [B] * (N // B) + ([N % B] if N % B else [])
        if 0 in sizes:
            raise _Wrong(f"batch {sizes.index(0)} is empty (batch sizes {sizes} for N = {N}, batch size {B}). Hint: "
                         f"slice from i to i + batch_size: order[i:i + batch_size]")
        if sizes == [B] * (N // B) and N % B:
            raise _Wrong(f"batches of sizes {sizes} cover {sum(sizes)} of N = {N} samples. Hint: keep the last, "
                         f"smaller batch (N is not a multiple of the batch size)")
        if sum(sizes) > N:
            raise _Wrong(f"batch sizes {sizes} hold {sum(sizes)} samples for N = {N}: samples repeat. Hint: draw one "
                         f"permutation per epoch, then slice it (rng.choice with replacement, or a draw per batch, "
                         f"repeats samples)")
        if sizes != expected and sum(sizes) == N and sorted(sizes) == sorted(expected) and N >= 5 and all(
                np.array_equal(np.sort(yb), yb[0] + np.arange(len(yb))) for _, yb in pairs if len(yb)):
            raise _Wrong(f"batch sizes {sizes}: you shuffle the order of the batches, but each batch holds the same "
                         f"neighbours every epoch. Hint: shuffle the samples first, then cut them into chunks")
        if sizes != expected and sum(sizes) < N:
            raise _Wrong(f"batch sizes {sizes}, expected {expected} for N = {N}, batch size {B}: your batches cover "
                         f"{sum(sizes)} of the {N} samples. Hint: every sample appears once per epoch; range(0, N, "
                         f"batch_size) starts a batch at every multiple of batch_size below N")
        if sizes != expected:
            raise _Wrong(f"batch sizes {sizes}, expected {expected} for N = {N}, batch size {B}")
        seen = _order(pairs)
        if sorted(seen.tolist()) != [100.0 + i for i in range(N)]:
            raise _Wrong("not every sample appears exactly once per epoch. Hint: permute the indices once "
                         "(rng.permutation(N)), then slice the permuted data")
        for xb, yb in pairs:
            if not np.array_equal(xb[:, 0] - 0.25, yb - 100):
                raise _Wrong("X and y are no longer paired. Hint: shuffle both with the same permutation, "
                             "X[order] and y[order]")
        if N >= 5 and seen.tolist() == sorted(seen.tolist()):
            raise _Wrong("the batches come in the original order. Hint: shuffle first (the slide: 'shuffle the "
                         "training set, then iterate through it in chunks')")

    if np.array_equal(same[0], _order(_epoch(make_batches, 10, 4, np.random.default_rng(8)))):
        raise _Wrong("generators of two different seeds gave the same batches: the rng argument is ignored "
                     "(a fixed seed, np.random.default_rng(0), or an order kept from an earlier call?). Hint: draw "
                     "the permutation from rng at every call, do not reseed")
    rng = np.random.default_rng(1)
    if np.array_equal(_order(_epoch(make_batches, 10, 4, rng)), _order(_epoch(make_batches, 10, 4, rng))):
        raise _Wrong("two epochs with the same generator gave the same order. Hint: draw the permutation "
                     "from rng each time, do not reseed")
    return _say(exercise, True, "shuffled by rng, in chunks, last partial batch kept, X and y paired")


@_one_line
def check_steps_per_epoch(exercise: str, steps_per_epoch) -> bool:
    """Check ``steps_per_epoch(N, batch_size)`` = ceil(N / B) (a whole number), against ``lecture_nn.batches``."""
    from .data import batches

    for N, B in [(1000, 32), (1000, 1), (1000, 1000), (1000, 3000), (10, 4), (96, 32), (1, 1), (7, 2)]:
        expected = len(list(batches(np.zeros((N, 1)), np.zeros(N), B, shuffle=False)))
        got = _call(steps_per_epoch, N, B, what="steps_per_epoch", names=["N", "batch_size"])
        where = f"for N = {N}, batch size {B}"
        if isinstance(got, numbers.Real) and not isinstance(got, (bool, np.bool_, numbers.Integral)) \
                and got == expected:
            raise _Wrong(f"{where}: {got!r} is a float; a number of steps is a whole number. Hint: return an int: "
                         f"math.ceil(N / B) or -(-N // B) (np.ceil returns a float)")
        if isinstance(got, numbers.Real) and not isinstance(got, (bool, np.bool_)) and got != expected:
            hint = ""
            if got == N // B:
                hint = " Hint: N // B drops the last, smaller batch; round up instead"
            elif got == N / B:
                hint = " Hint: a number of steps is a whole number; round N / B up"
            elif got == N // B + 1:
                hint = " Hint: N // B + 1 counts one step too many when N is a multiple of B; round N / B up"
            elif got == N // B + N % B and N % B > 1:
                hint = (f" Hint: the remainder N % B = {N % B} samples make one more step, not {N % B} steps; round "
                        f"N / B up")
            elif got == -(-B // N) or got == B // N:
                hint = " Hint: the arguments are swapped: steps = N / B rounded up (N samples, B per step)"
            elif got == -N // B:
                hint = " Hint: -N // B is negative (the minus applies first); -(-N // B) rounds N / B up"
            elif N != 1000 and got == -(-1000 // B):
                hint = " Hint: that is the count for N = 1000: use the argument N, not the notebook's number"
            raise _Wrong(f"{where}: {got}, expected {expected}.{hint}")
        if _whole_number(got, f"{where}, the result") != expected:
            raise _Wrong(f"{where}: {got}, expected {expected}")
    return _say(exercise, True, "ceil(N / B) steps per epoch, the last batch included")


# --- exercise 5: one step of Momentum, RMSprop and Adam ---------------------------------------------
# A student writes a pure function for one update. The checker runs it for 25 steps on an
# elongated quadratic (gradients of very different sizes per coordinate), at several settings of
# the hyperparameters, and compares the whole trajectory and the returned state with the slide's
# rule; a wrong trajectory is compared with the classic mistakes.

_H = np.array([1.0, 30.0])  # curvatures of f = (x^2 + 30 y^2) / 2: gradient (x, 30 y)
_START = np.array([-2.0, 0.5])
_STEPS = 25

#: the hyperparameters each optimizer checker tries: the notebook's, then unusual ones (a constant
#: written into the function instead of the argument fails at the others)
_SETTINGS = {
    "Momentum": [{"lr": 0.02, "beta": 0.9}, {"lr": 0.05, "beta": 0.5}, {"lr": 0.01, "beta": 0.97}],
    "RMSprop": [{"lr": 0.01, "beta": 0.9, "eps": 1e-3}, {"lr": 0.02, "beta": 0.5, "eps": 0.1},
                {"lr": 0.005, "beta": 0.99, "eps": 1e-6}],
    "Adam": [{"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-3},
             {"lr": 0.02, "beta1": 0.5, "beta2": 0.8, "eps": 0.1},
             {"lr": 0.1, "beta1": 0.8, "beta2": 0.95, "eps": 1e-6}],
}


def _trajectory(step, state_names, with_t, hp, name="step", check=False):
    """(theta after each of _STEPS steps of ``step`` from _START, the state after each step).

    ``check``: the student's function: its returns are checked for type and shape and its purity,
    raising ``_Wrong``; a reference or a mistake runs unchecked.
    """
    theta = _START.copy()
    state = [np.zeros(2) for _ in state_names]
    names = ("theta", *state_names)
    path, states = [], []
    for t in range(1, _STEPS + 1):
        g = _H * theta
        args = [theta, g, *state] + ([t] if with_t else [])
        if check:
            try:
                out = _call(step, *args, what=name, names=["theta", "g", *state_names] + (["t"] if with_t else []),
                            keywords=hp)
            except _NotDone:
                raise
            except _Wrong as wrong:
                hint = ""
                if "ZeroDivisionError" in str(wrong) and with_t and t == 1:
                    hint = ". Hint: 1 - beta^t is 0 only for t = 0; the first step is t = 1, as given"
                raise _Wrong(f"{name} at step {t} ({', '.join(f'{k} = {v:g}' for k, v in hp.items())}): {wrong}"
                             f"{hint}") from None
            out = _parts(out, f"{name} (step {t})", names)
            out = [_array(value, f"{name} (step {t}): the returned {n}", (2,), returned=False)
                   for value, n in zip(out, names)]
        else:
            with np.errstate(all="ignore"):
                out = [np.asarray(o, dtype=np.float64) for o in step(*args, **hp)]
        theta, state = out[0], list(out[1:])
        path.append(theta)
        states.append(state)
    return np.array(path), np.array(states)


def _fixed(reference, constants):
    """``reference`` with some hyperparameters written as constants (``{name: value}``)."""
    def step(*args, **hp):
        return reference(*args, **{**hp, **constants})
    return step


def _constants(hp, settings):
    """Hyperparameters a student may have written into the function: one at any value seen, or two at
    their usual values (Adam's beta1, beta2 = 0.9, 0.999)."""
    for key in hp:
        for value in sorted({*_USUAL.get(key, ()), *(other[key] for other in settings)}):
            yield {key: value}
    keys = [key for key in hp if key in _USUAL]
    for i, first in enumerate(keys):
        for second in keys[i + 1:]:
            for a in sorted({*_USUAL[first], settings[0][first]}):
                for b in sorted({*_USUAL[second], settings[0][second]}):
                    yield {first: a, second: b}


#: values students write into the function instead of using the argument
_USUAL = {"lr": (0.01, 0.001, 0.1, 1.0), "beta": (0.9, 0.99), "beta1": (0.9,), "beta2": (0.999, 0.99),
          "eps": (1e-8, 1e-7, 1e-6, 1e-3)}


def _check_optimizer(exercise, name, student, reference, mistakes, state_names, with_t, settings):
    """The student's ``student`` step follows ``reference`` at every setting, or ``_Wrong`` with a hint.

    A wrong path is explained by the first candidate that reproduces it at every setting: a
    hyperparameter written into the function as a constant, then each classic mistake.
    """
    tol = {"rtol": 1e-9, "atol": 1e-12}
    names = ("theta", *state_names)
    first = [_trajectory(student, state_names, with_t, settings[0], name, check=True) for _ in range(2)]
    if not (_close(first[0][0], first[1][0], rtol=0, atol=0) and _close(first[0][1], first[1][1], rtol=0, atol=0)):
        raise _Wrong(f"{name} gives another path when run again from the same start: it keeps state of its own "
                     f"(a global variable or counter?). Hint: use only the arguments ({', '.join(names[1:])}"
                     f"{', t' if with_t else ''}) and return the new state")
    runs = [first[0]] + [_trajectory(student, state_names, with_t, hp, name, check=True) for hp in settings[1:]]
    for hp, (got, got_states) in zip(settings, runs):
        expected, expected_states = _trajectory(reference, state_names, with_t, hp)
        where = ", ".join(f"{key} = {value:g}" for key, value in hp.items())
        if _close(got, expected, **tol):
            for j, state_name in enumerate(state_names):
                if not _close(got_states[:, j], expected_states[:, j], **tol):
                    step = int(np.argmax(~np.isclose(got_states[:, j], expected_states[:, j], **tol).all(axis=1)))
                    raise _Wrong(f"{name} with {where}: theta follows the slide's path, but the {state_name} you "
                                 f"return differs at step {step + 1}. Hint: return the updated {state_name} of the "
                                 f"slide's formula (the next step starts from it)")
            continue
        step = int(np.argmax(~np.isclose(got, expected, **tol).all(axis=1)))

        def explains(candidate):
            try:
                return all(_close(run[0], _trajectory(candidate, state_names, with_t, other)[0], **tol)
                           for run, other in zip(runs, settings))
            except Exception:  # a candidate that cannot run here is not the mistake made
                return False

        for fixed in _constants(hp, settings):
            if explains(_fixed(reference, fixed)):
                used = " and ".join(f"{key} = {value:g}" for key, value in fixed.items())
                args = " and ".join(fixed)
                raise _Wrong(f"{name} with {where} leaves the slide's path: your function ignores the argument"
                             f"{'s' * (len(fixed) > 1)} {args}; its path is the slide's with {used}, whatever it is "
                             f"given. Hint: use the argument{'s' * (len(fixed) > 1)} {args} in the formula.")
        orders = [(lambda *args, order=order, **hp: tuple(reference(*args, **hp)[k] for k in order),
                   f"return ({', '.join(names)}), in that order")
                  for order in itertools.permutations(range(len(names))) if order != tuple(range(len(names)))]
        for mistake, hint in [*mistakes, *orders]:
            if explains(mistake):
                raise _Wrong(f"{name} with {where} leaves the slide's path at step {step + 1}. Hint: {hint}.")
        first_g = _H * _START
        for j, state_name in enumerate(state_names):
            averaged = 1 - hp.get("beta", hp.get("beta1" if state_name == "m" else "beta2", 0.9))
            if state_name == "s" and any(_close(got_states[0, j], averaged * form) for form in
                                         (first_g, np.abs(first_g))):
                raise _Wrong(f"{name} with {where}: after step 1 your s is (1 - beta) g, not (1 - beta) g^2. Hint: "
                             f"s averages the squared gradient, g * g")
        if not np.isfinite(got[step]).all():
            raise _Wrong(f"{name} with {where}: theta becomes {got[step]} at step {step + 1} (a division by zero or "
                         f"the root of a negative number?). Compare each line with the slide's formulas.")
        raise _Wrong(f"{name} with {where} leaves the slide's path at step {step + 1}: theta = "
                     f"{np.round(got[step], 6)}, expected {np.round(expected[step], 6)}. Compare each line with "
                     f"the slide's formulas.")
    return _say(exercise, True, f"{name} follows the slide's rule for {_STEPS} steps, at {len(settings)} settings "
                f"of {', '.join(settings[0])}")


def _momentum(theta, g, m, lr, beta):
    m = beta * m + (1 - beta) * g
    return theta - lr * m, m


@_one_line
def check_momentum(exercise: str, momentum_step) -> bool:
    """``momentum_step(theta, g, m, lr, beta) -> (theta, m)``: the slide's EMA form."""
    mistakes = [
        (lambda th, g, m, lr, beta: (th - lr * (beta * m + g), beta * m + g),
         "the slide's m is an average: m = beta m + (1 - beta) g (without (1 - beta) it is the heavy-ball form, "
         "whose steps are 1/(1 - beta) times larger)"),
        (lambda th, g, m, lr, beta: (th + lr * (beta * m + (1 - beta) * g), beta * m + (1 - beta) * g),
         "step against the gradient: theta - lr m"),
        (lambda th, g, m, lr, beta: (th - lr * m, beta * m + (1 - beta) * g),
         "update m first, then step with the new m"),
        (lambda th, g, m, lr, beta: (th - lr * g, beta * m + (1 - beta) * g),
         "step with the new m, theta - lr m, not with the gradient g"),
        (lambda th, g, m, lr, beta: (th - lr * ((1 - beta) * m + beta * g), (1 - beta) * m + beta * g),
         "beta weighs the old m: m = beta m + (1 - beta) g (the two weights are swapped)"),
        (lambda th, g, m, lr, beta: (th - lr * (beta * m + 0.1 * g), beta * m + 0.1 * g),
         "write (1 - beta) with the argument beta, not the number 0.1: m = beta m + (1 - beta) g"),
        (lambda th, g, m, lr, beta: (th - lr * (beta * (beta * m + (1 - beta) * g) + (1 - beta) * g),
                                     beta * m + (1 - beta) * g),
         "that is Nesterov's look-ahead; the slide's momentum steps with the new m itself: theta - lr m"),
        (lambda th, g, m, lr, beta: (th - lr * (beta * m + (1 - beta) * g * g), beta * m + (1 - beta) * g * g),
         "m averages the gradient g itself, not g^2 (the squared gradient is RMSprop's s)"),
        (lambda th, g, m, lr, beta: (th - lr * beta * m - lr * (1 - beta) * g, beta * m),
         "return the new m = beta m + (1 - beta) g as the state"),
    ]
    return _check_optimizer(exercise, "Momentum", momentum_step, _momentum, mistakes, ("m",), False,
                            _SETTINGS["Momentum"])


def _rmsprop(theta, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g * g
    return theta - lr * g / np.sqrt(s + eps), s


@_one_line
def check_rmsprop(exercise: str, rmsprop_step) -> bool:
    """``rmsprop_step(theta, g, s, lr, beta, eps) -> (theta, s)``: eps inside the root, as on the slide."""
    def outside(th, g, s, lr, beta, eps):
        s = beta * s + (1 - beta) * g * g
        return th - lr * g / (np.sqrt(s) + eps), s

    def no_average(th, g, s, lr, beta, eps):
        s = beta * s + g * g
        return th - lr * g / np.sqrt(s + eps), s

    def no_root(th, g, s, lr, beta, eps):
        s = beta * s + (1 - beta) * g * g
        return th - lr * g / (s + eps), s

    def old_s(th, g, s, lr, beta, eps):
        return th - lr * g / np.sqrt(s + eps), beta * s + (1 - beta) * g * g

    def swapped(th, g, s, lr, beta, eps):
        s = (1 - beta) * s + beta * g * g
        return th - lr * g / np.sqrt(s + eps), s

    def not_squared(th, g, s, lr, beta, eps):
        s = beta * s + (1 - beta) * g
        return th - lr * g / np.sqrt(s + eps), s

    def no_eps(th, g, s, lr, beta, eps):
        s = beta * s + (1 - beta) * g * g
        return th - lr * g / np.sqrt(s), s

    mistakes = [
        (outside, "on the slide eps sits inside the root, sqrt(s + eps); sqrt(s) + eps is torch's convention"),
        (no_average, "E[g^2] is an average: s = beta s + (1 - beta) g^2"),
        (no_root, "divide by the root mean square, sqrt(s + eps), not by s"),
        (old_s, "update s first, then divide by the root of the new s"),
        (swapped, "beta weighs the old average: s = beta s + (1 - beta) g^2 (the two weights are swapped)"),
        (not_squared, "average the squared gradient: s = beta s + (1 - beta) g^2, g * g, not g"),
        (no_eps, "eps is missing: divide by sqrt(s + eps)"),
        (lambda th, g, s, lr, beta, eps: (2 * th - _rmsprop(th, g, s, lr, beta, eps)[0],
                                          _rmsprop(th, g, s, lr, beta, eps)[1]),
         "step against the gradient: theta - lr g / sqrt(s + eps)"),
        (lambda th, g, s, lr, beta, eps: (th - lr * g / np.sqrt(beta * s + (1 - beta) * g * g) + eps,
                                          beta * s + (1 - beta) * g * g),
         "parentheses: eps belongs inside the root, lr g / sqrt(s + eps), not added to theta"),
        (lambda th, g, s, lr, beta, eps: (_rmsprop(th, g, s, lr, beta, eps)[0],
                                          np.sqrt(beta * s + (1 - beta) * g * g + eps)),
         "return s = E[g^2] itself as the state, not its root (the next step averages s, not sqrt(s))"),
        (lambda th, g, s, lr, beta, eps: (th - lr * g / np.sqrt(beta * s + 0.1 * g * g + eps), beta * s + 0.1 * g * g),
         "write (1 - beta) with the argument beta, not the number 0.1"),
        (lambda th, g, s, lr, beta, eps: (th - lr * g / (np.sqrt(beta * s + (1 - beta) * g * g) + np.sqrt(eps)),
                                          beta * s + (1 - beta) * g * g),
         "sqrt(s + eps) is not sqrt(s) + sqrt(eps): keep eps inside the one root"),
        (lambda th, g, s, lr, beta, eps: (th - lr * g // np.sqrt(beta * s + (1 - beta) * g * g + eps),
                                          beta * s + (1 - beta) * g * g),
         "// is floor division (it rounds down): divide with /"),
        (lambda th, g, s, lr, beta, eps: (th - lr * g / np.sqrt(beta * s + (1 - beta) * np.abs(g) + eps),
                                          beta * s + (1 - beta) * np.abs(g)),
         "average the squared gradient: s = beta s + (1 - beta) g^2, g * g, not |g|"),
    ]
    return _check_optimizer(exercise, "RMSprop", rmsprop_step, _rmsprop, mistakes, ("s",), False,
                            _SETTINGS["RMSprop"])


def _adam(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat, s_hat = m / (1 - beta1 ** t), s / (1 - beta2 ** t)
    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


def _adam_variant(*, m_divisor=lambda beta1, t: 1 - beta1 ** t, s_divisor=lambda beta2, t: 1 - beta2 ** t,
                  root=np.sqrt, eps_inside=False, shift=0, swap=False, hat_state=False, s_with_beta1=False,
                  m_with_beta2=False, s_of_g=False, old_state=False, s_after_root=False, m_weight=None,
                  precedence=False, eps_added=False):
    """Adam written with one of the classic changes (the keyword that differs from the slide)."""
    def step(th, g, m, s, t, lr, beta1, beta2, eps):
        if swap:
            beta1, beta2 = beta2, beta1
        t = t + shift
        m_old, s_old = m, s
        m = beta1 * m + ((1 - beta1) if m_weight is None else m_weight) * g
        g2 = g * g if s_of_g is False else (g if s_of_g is True else s_of_g(g))
        s = beta2 * s + (1 - beta2) * g2
        used_m, used_s = (m_old, s_old) if old_state else (m, s)
        if precedence:
            m_hat, s_hat = used_m / 1 - beta1 ** t, used_s / 1 - beta2 ** t
        else:
            m_hat = used_m / np.float64(m_divisor(beta2 if m_with_beta2 else beta1, t))
            s_hat = used_s / np.float64(s_divisor(beta1 if s_with_beta1 else beta2, t))
        if s_after_root:
            step = m_hat / (np.sqrt(s_hat) / np.float64(1 - beta2 ** t) + eps)
        elif eps_added:
            step = m_hat / np.sqrt(s_hat)
        else:
            step = m_hat / np.sqrt(s_hat + eps) if eps_inside else m_hat / (root(s_hat) + eps)
        theta = th - lr * step + (eps if eps_added else 0)
        return (theta, m_hat, s_hat) if hat_state else (theta, m, s)
    return step


def _adam_folded_eps_unscaled(th, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    return th - lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t) * m / (np.sqrt(s) + eps), m, s


@_one_line
def check_adam(exercise: str, adam_step) -> bool:
    """``adam_step(theta, g, m, s, t, lr, beta1, beta2, eps) -> (theta, m, s)``, t = 1, 2, ... the step."""
    one = lambda beta, t: 1.0  # noqa: E731 - no bias correction
    mistakes = [
        (_adam_variant(m_divisor=one, s_divisor=one), "bias correction missing: m_hat = m / (1 - beta1^t), "
         "s_hat = s / (1 - beta2^t)"),
        (_adam_variant(m_divisor=one), "m needs its bias correction too: m_hat = m / (1 - beta1^t)"),
        (_adam_variant(s_divisor=one), "s needs its bias correction too: s_hat = s / (1 - beta2^t)"),
        (_adam_variant(eps_inside=True),
         "Adam puts eps outside the root: sqrt(s_hat) + eps (unlike the RMSprop slide)"),
        (lambda th, g, m, s, t, lr, beta1, beta2, eps: _adam(th, g, m, s, 1, lr, beta1, beta2, eps),
         "use the step number t in the bias correction: it grows 1, 2, 3, ..."),
        (_adam_variant(shift=-1), "t is the step number 1, 2, 3, ... as given: with t - 1 the first correction "
         "divides by 1 - beta^0 = 0"),
        (_adam_variant(shift=1), "t is the step number as given (1 at the first step): use beta^t, not beta^(t + 1)"),
        (_adam_variant(swap=True), "beta1 belongs to m (the average of g), beta2 to s (the average of g^2): they are "
         "swapped"),
        (_adam_variant(root=lambda s: s), "divide by the root: sqrt(s_hat) + eps, not s_hat + eps"),
        (_adam_variant(m_divisor=lambda beta1, t: 1 - (1 - beta1) ** t,
                       s_divisor=lambda beta2, t: 1 - (1 - beta2) ** t),
         "the bias correction divides by 1 - beta^t (beta to the power t), not 1 - (1 - beta)^t"),
        (_adam_variant(m_divisor=lambda beta1, t: 1 - beta1 * t, s_divisor=lambda beta2, t: 1 - beta2 * t),
         "the bias correction divides by 1 - beta^t: beta to the power t (beta ** t), not beta times t"),
        (_adam_variant(hat_state=True), "return the averages m and s as the state, not m_hat and s_hat: the bias "
         "correction is recomputed from m and s at every step"),
        (_adam_variant(m_divisor=lambda beta1, t: (1 - beta1) ** t, s_divisor=lambda beta2, t: (1 - beta2) ** t),
         "the bias correction divides by 1 - beta^t (beta to the power t), not (1 - beta)^t"),
        (_adam_variant(s_with_beta1=True), "s_hat divides by 1 - beta2^t: beta2, not beta1"),
        (_adam_variant(m_with_beta2=True), "m_hat divides by 1 - beta1^t: beta1, not beta2"),
        (_adam_variant(s_of_g=True), "s averages the squared gradient: s = beta2 s + (1 - beta2) g^2, not g"),
        (_adam_variant(s_of_g=np.abs), "s averages the squared gradient: s = beta2 s + (1 - beta2) g^2, not |g|"),
        (_adam_variant(old_state=True), "update m and s first, then step with the new ones"),
        (_adam_variant(root=lambda s: s, s_divisor=lambda beta2, t: 1.0, s_after_root=True),
         "the bias correction goes inside the root: sqrt(s / (1 - beta2^t)), not sqrt(s) / (1 - beta2^t)"),
        (_adam_variant(m_weight=1.0), "m is an average: m = beta1 m + (1 - beta1) g (the (1 - beta1) is missing)"),
        (_adam_variant(precedence=True), "mind the precedence: m / 1 - beta1 ** t is (m / 1) - beta1^t; write "
         "m / (1 - beta1 ** t)"),
        (_adam_variant(eps_added=True), "parentheses: eps belongs in the denominator, m_hat / (sqrt(s_hat) + eps), "
         "not added to theta"),
        (_adam_folded_eps_unscaled, "in the folded form lr sqrt(1 - beta2^t) / (1 - beta1^t), eps must be scaled too, "
         "eps sqrt(1 - beta2^t); or write m_hat and s_hat as on the slide"),
        (lambda th, g, m, s, t, lr, beta1, beta2, eps: (2 * th - _adam(th, g, m, s, t, lr, beta1, beta2, eps)[0],
                                                      *_adam(th, g, m, s, t, lr, beta1, beta2, eps)[1:]),
         "step against the gradient: theta - lr m_hat / (sqrt(s_hat) + eps)"),
    ]
    return _check_optimizer(exercise, "Adam", adam_step, _adam, mistakes, ("m", "s"), True,
                            _SETTINGS["Adam"])


# --- exercise 2: linear collapse -------------------------------------------------------------------

@_one_line
def check_collapse(exercise: str, collapse) -> bool:
    r"""``collapse(W1, b1, W2, b2) -> (W, b)`` with $W_2 (W_1 x + b_1) + b_2 = W x + b$ for every x:
    W a numpy array (d_out, d), b a numpy array (d_out,)."""
    rng = np.random.default_rng(0)
    cases = {"square layers (3 -> 3 -> 3)": (3, 3, 3), "layers 4 -> 5 -> 2": (4, 5, 2),
             "layers 3 -> 4 -> 1": (3, 4, 1)}
    for label, (d, d_hidden, d_out) in cases.items():
        W1, b1 = rng.standard_normal((d_hidden, d)), rng.standard_normal(d_hidden)
        W2, b2 = rng.standard_normal((d_out, d_hidden)), rng.standard_normal(d_out)
        out = _call(collapse, W1, b1, W2, b2, what="collapse", names=["W1", "b1", "W2", "b2"])
        W, b = _parts(out, "collapse", ("W", "b"))
        if isinstance(W, np.ndarray) and isinstance(b, np.ndarray) and W.shape == (d_out,) and b.shape == (d_out, d):
            raise _Wrong("collapse returned (b, W): return (W, b), in that order")
        if isinstance(W, np.ndarray) and W.shape == (d_out, d_hidden) != (d_out, d) and np.allclose(W, W2):
            raise _Wrong(f"on {label}: W is W2; x meets W1 first, so W = W2 @ W1")
        W = _array(W, f"on {label}: W", (d_out, d), returned=False)
        if not _close(W, W2 @ W1):
            hint = ""
            if W1.shape == W2.shape and _close(W, W1 @ W2):
                hint = " Hint: x meets W1 first, so W = W2 @ W1, not W1 @ W2"
            elif d == d_out and _close(W, (W2 @ W1).T):
                hint = " Hint: that is W transposed; W is (d_out, d)"
            elif _close(W, W1.T @ W2.T) if W1.shape[1] == W2.shape[0] else False:
                hint = " Hint: that is W transposed; W is (d_out, d)"
            elif W1.shape == W2.shape and _close(W, W2 * W1):
                hint = " Hint: W2 * W1 multiplies entry by entry; one layer after the other is the product W2 @ W1"
            raise _Wrong(f"on {label}: W is not W2 W1.{hint}")
        b = _array(b, f"on {label}: b", (d_out,), returned=False)
        if not _close(b, W2 @ b1 + b2):
            hint = ""
            if b1.shape == b2.shape and _close(b, b1 + b2):
                hint = " Hint: b1 passes through the second layer too: b = W2 b1 + b2"
            elif _close(b, W2 @ b1):
                hint = " Hint: add the second layer's bias: b = W2 b1 + b2"
            elif _close(b, b2):
                hint = " Hint: b1 passes through the second layer too: b = W2 b1 + b2, not b2 alone"
            elif b1.shape == b2.shape and _close(b, W1 @ b2 + b1) if W1.shape[0] == W1.shape[1] else False:
                hint = " Hint: b1 is multiplied by the second layer's weights: b = W2 b1 + b2"
            elif d == d_hidden and _close(b, W2 @ W1 @ b1 + b2):
                hint = " Hint: b1 is added after W1, so only W2 acts on it: b = W2 b1 + b2, without W1"
            raise _Wrong(f"on {label}: b is not W2 b1 + b2.{hint}")
    return _say(exercise, True, "two linear layers are one: W = W2 W1, b = W2 b1 + b2")


# --- exercise 7: the interpolation threshold ---------------------------------------------------------

@_one_line
def check_min_norm_fit(exercise: str, fit) -> bool:
    """``fit(Phi, y) -> a``: least squares for p <= n features, the minimum-norm interpolant for p > n;
    ``a`` a numpy array of shape (p,)."""
    from .double_descent import RandomReLUFeatures, teacher_data

    X, y, _, _ = teacher_data(30, d=4, noise=0.3, rng=0, n_test=10)
    Phi_all = RandomReLUFeatures(4, 90, rng=1).transform(X)
    rng = np.random.default_rng(2)  # p = n with singular values from 1 down to 1e-4: nearly singular, as at the peak
    U, V = (np.linalg.qr(rng.standard_normal((30, 30)))[0] for _ in range(2))
    near_singular = U @ np.diag(np.logspace(0, -4, 30)) @ V.T
    for p, Phi in [(10, Phi_all[:, :10]), (25, Phi_all[:, :25]), (60, Phi_all[:, :60]), (90, Phi_all),
                   (30, near_singular)]:
        where = f"with p = {p} features (n = 30)" + (", Phi nearly singular" if Phi is near_singular else "")
        try:
            got = _call(fit, Phi, y, what="fit", names=["Phi", "y"])
        except _Wrong as wrong:
            if _shape_mismatch(wrong):
                raise _Wrong(f"{where}: {wrong}. Hint: mind the shapes, Phi is (n, p) = {Phi.shape}, y is (n,), a is "
                             f"(p,): a = np.linalg.pinv(Phi) @ y (no transpose), or np.linalg.lstsq(Phi, y, "
                             f"rcond=None)[0]") from None
            if p > 30 and "raised" in str(wrong):
                raise _Wrong(f"{where}: {wrong}. Hint: for p > n, Phi^T Phi is singular: use np.linalg.lstsq or "
                             f"np.linalg.pinv, which return the minimum-norm solution") from None
            raise
        if isinstance(got, tuple) and len(got) == 4:
            raise _Wrong(f"{where}: fit returned a tuple of 4 values; np.linalg.lstsq returns (solution, residuals, "
                         f"rank, singular values): return its [0]")
        if isinstance(got, np.ndarray) and got.shape == (p, 1):
            raise _Wrong(f"{where}: a has shape {got.shape}; return a vector of shape ({p},), like y (no column "
                         f"vector: np.linalg.pinv(Phi) @ y)")
        a = _array(got, f"{where}: a", (p,))
        expected = np.linalg.lstsq(Phi, y, rcond=None)[0]
        if not np.allclose(a, expected, rtol=1e-6, atol=1e-8) and got.dtype == np.float32:
            raise _Wrong(f"{where}: a is float32, which keeps about 7 digits: these weights are not the least-squares "
                         f"ones to 1e-6. Hint: compute in float64, the dtype of Phi and y")
        if not np.allclose(a, expected, rtol=1e-6, atol=1e-8):
            fits = np.allclose(Phi @ a, y, atol=1e-8)
            shrunk = np.linalg.norm(a) < np.linalg.norm(expected) * (1 - 1e-6) and \
                np.linalg.norm(Phi @ a - y) > np.linalg.norm(Phi @ expected - y) + 1e-10
            if Phi is near_singular and shrunk:
                hint = (" Hint: at p = n, Phi is square and invertible but nearly singular (its smallest singular "
                        "value is 1e-4 of the largest): the weights must still fit the data exactly; do not cut "
                        "small singular values (pinv's rcond) or add a ridge")
            elif shrunk:
                hint = (" Hint: your weights are shrunk (a smaller norm and a larger residual than least squares): a "
                        "ridge penalty or a cut of small singular values? Least squares has neither")
            elif p > 30 and fits:
                hint = (" Hint: it fits the data, but among all weights that do, take the one of minimum norm "
                        "(np.linalg.pinv(Phi) @ y or np.linalg.lstsq)")
            elif p > 30:
                hint = (" Hint: with p > n the weights fit the n points exactly (Phi a = y); the normal equations "
                        "(Phi^T Phi) a = Phi^T y are singular here: use np.linalg.pinv or np.linalg.lstsq")
            else:
                hint = " Hint: least squares minimises |Phi a - y|^2: np.linalg.lstsq(Phi, y, rcond=None)[0]"
            raise _Wrong(f"{where}: these are not the least-squares / minimum-norm weights.{hint}")
    return _say(exercise, True, "least squares below the threshold, minimum norm above it")


@_one_line
def check_threshold(exercise: str, find_threshold) -> bool:
    """``find_threshold(widths, train_errors) -> p``: the smallest width whose training error is zero
    (below 1e-10 of the largest), i.e. where the model starts to interpolate; one number."""
    widths = np.array([5, 10, 20, 40, 60, 80, 120])
    curves = [np.array([0.9, 0.6, 0.3, 0.05, 1e-14, 1e-15, 1e-16]),
              np.array([0.9, 0.6, 0.3, 0.05, 1e-14, 1e-15, 1e-16]) * 1e-9,  # errors in small units
              np.array([2.0, 0.8, 1e-13, 1e-12, 1e-13, 1e-14, 1e-15]),  # later widths not monotone
              np.array([0.5, 3.0, 0.2, 1e-10, 1e-13, 1e-14, 1e-15])]  # the largest error is not the first
    for train in curves:
        expected = int(widths[np.argmax(train < 1e-10 * train.max())])
        got = _call(find_threshold, widths, train, what="find_threshold", names=["widths", "train_errors"])
        if isinstance(got, np.ndarray) and got.ndim == 1:
            hint = (" Hint: take the first of them, widths[mask][0]" if got.size > 1 else
                    " Hint: return widths[k], a number")
            raise _Wrong(f"find_threshold returned an array of shape {got.shape} where one width is asked.{hint}")
        got = _single_number(got, "the width find_threshold returned")
        if got == expected:
            continue
        position = int(np.flatnonzero(widths == expected)[0])
        if got == position and got not in widths:
            raise _Wrong(f"that is the position in the list ({position}); return the width itself, widths[{position}]")
        if got not in widths:
            raise _Wrong(f"got {got}, which is not one of the widths {widths.tolist()}; expected {expected}")
        error = train[int(np.flatnonzero(widths == got)[0])]
        if error >= 1e-10 * train.max():
            raise _Wrong(f"got {got}, expected {expected}: the training error at p = {got} is {error:.3g}, "
                         f"{error / train.max():.2g} times the largest, not yet zero. 'Zero' is relative: below "
                         f"1e-10 times the largest error (training errors may be measured in any unit)")
        if got == widths[np.argmax(train < 1e-10 * train[0])] and train[0] != train.max():
            raise _Wrong(f"got {got}, expected {expected}: 'zero' is relative to the largest training error, "
                         f"max(train_errors) = {train.max():g}, not to the first one ({train[0]:g})")
        smallest = " (the width of the smallest error)" if got == widths[np.argmin(train)] else ""
        raise _Wrong(f"got {got}{smallest}: the training error is ~0 there, but already at p = {expected}; the "
                     f"threshold is the first width whose error is ~0")
    return _say(exercise, True, "the model starts to interpolate at p = 60 here; with random features, p = n")


# --- exercise 3: Dense forward/backward and the chain rule's factors -----------------------------------

@_one_line
def check_dense(exercise: str, dense_forward, dense_backward) -> bool:
    """``dense_forward(X, W, b) -> Z`` and ``dense_backward(dZ, X, W) -> (dX, dW, db)`` for a batch,
    each a numpy array of the shape of what it is the derivative of."""
    rng = np.random.default_rng(0)
    for N, d, d_hidden in ((5, 3, 4), (1, 2, 2), (3, 3, 3), (4, 3, 1)):
        X, W, b = rng.standard_normal((N, d)), rng.standard_normal((d_hidden, d)), rng.standard_normal(d_hidden)
        dZ = rng.standard_normal((N, d_hidden))
        shapes = f"X is (N, d) = {X.shape}, W is (d', d) = {W.shape}, dZ is (N, d') = {dZ.shape}"
        try:
            Z = _call(dense_forward, X, W, b, what="dense_forward", names=["X", "W", "b"])
        except _Wrong as wrong:
            if _shape_mismatch(wrong):
                raise _Wrong(f"forward with N = {N}: {wrong}. Hint: {shapes}, so Z = X @ W.T + b") from None
            raise
        if isinstance(Z, np.ndarray) and Z.shape == (d_hidden, N) != (N, d_hidden):
            raise _Wrong(f"forward with N = {N}: Z has shape {Z.shape}, expected (N, d') = {(N, d_hidden)}. Hint: rows "
                         f"of X are samples, so Z = X @ W.T + b")
        Z = _array(Z, f"forward with N = {N}: Z", (N, d_hidden))
        problem = _differs(Z, X @ W.T + b, "Z")
        if problem:
            if _close(Z, X @ W.T):
                hint = "add the bias: Z = X @ W.T + b"
            elif _close(Z, X @ W.T - b):
                hint = "add the bias, do not subtract it: Z = X @ W.T + b"
            else:
                hint = "rows of X are samples, so Z = X @ W.T + b"
            raise _Wrong(f"forward with N = {N}: {problem}. Hint: {hint}")
        _check_dense_backward(dense_backward, N, X, W, b, dZ, shapes)
    return _say(exercise, True, "Z = X W^T + b, dW = dZ^T X, db = sum of dZ, dX = dZ W")


def _check_dense_backward(dense_backward, N, X, W, b, dZ, shape_text):
    """The backward half of ``check_dense`` for one batch: _Wrong naming the first wrong gradient."""
    d_hidden = W.shape[0]
    try:
        out = _call(dense_backward, dZ, X, W, what="dense_backward", names=["dZ", "X", "W"])
    except _Wrong as wrong:
        if _shape_mismatch(wrong):
            raise _Wrong(f"backward with N = {N}: {wrong}. Hint: {shape_text}, so dX = dZ @ W (N, d), "
                         f"dW = dZ.T @ X (d', d), db = dZ.sum(axis=0) (d',)") from None
        raise
    dX, dW, db = _parts(out, "dense_backward", ("dX", "dW", "db"))
    wanted = [X.shape, W.shape, b.shape]
    if len(set(map(tuple, wanted))) == 3 and all(isinstance(v, np.ndarray) for v in (dX, dW, db)):
        came = [v.shape for v in (dX, dW, db)]
        if came != wanted and sorted(came) == sorted(wanted):
            order = ", ".join(("dX", "dW", "db")[wanted.index(shape)] for shape in came)
            raise _Wrong(f"dense_backward returned ({order}): return the three in the order (dX, dW, db)")
    shapes = {"dX": X.shape, "dW": W.shape, "db": b.shape}
    for got, expected, name, hint in ((dW, dZ.T @ X, "dW", "dW = dZ.T @ X has W's shape (d', d)"),
                                      (db, dZ.sum(axis=0), "db", "db sums dZ over the N samples (axis 0)"),
                                      (dX, dZ @ W, "dX", "dX = dZ @ W has X's shape (N, d)")):
        if isinstance(got, np.ndarray) and got.shape == expected.shape[::-1] != expected.shape:
            raise _Wrong(f"backward with N = {N}: {name} has shape {got.shape}, expected {expected.shape} (the "
                         f"shape of {name[1:]}). Hint: {hint}")
        if name == "db" and isinstance(got, np.ndarray) and got.shape == (1, d_hidden):
            raise _Wrong(f"backward with N = {N}: db has shape (1, {d_hidden}), expected ({d_hidden},), the shape "
                         f"of b. Hint: sum over axis 0 without keepdims")
        got = _array(got, f"backward with N = {N}: {name}", shapes[name], returned=False)
        problem = _differs(got, expected, name)
        if problem:
            if name == "db" and _close(got, dZ.mean(axis=0)):
                hint = "db sums dZ over the N samples, not the mean (dZ already is dL/dZ)"
            elif N > 1 and _close(got, expected / N):
                hint = (f"{name} is 1/N = 1/{N} of the right one: do not divide by N here; dZ = dL/dZ already "
                        f"carries the loss's 1/N")
            elif _close(got, -expected):
                hint = f"wrong sign: {hint}"
            elif name != "db" and got.shape == expected.T.shape and _close(got, expected.T):
                hint = f"that is {name} transposed: {hint}"
            raise _Wrong(f"backward with N = {N}: {problem}. Hint: {hint}")


@_one_line
def check_chain_rule_factors(exercise: str, factors) -> bool:
    r"""``factors(x, y, W, w) -> (dL_dyhat, dDense2_dA1, dA1_dDense1, dDense1_dW)`` for one sample,
    $\hat y = w^T \tanh(W x)$, $L = (y - \hat y)^2$: a scalar, a d'-vector, a d' x d' (diagonal)
    matrix and a d' x d' x d tensor, as on the slide, each a numpy array (the scalar may be a number)."""
    rng = np.random.default_rng(0)
    names = ["dL/dy_hat", "dDense2/dActivation1", "dActivation1/dDense1", "dDense1/dW"]
    claims = ["a scalar", "a d'-vector", "a d' x d' matrix (diagonal)", "a d' x d' x d tensor"]
    hints = ["L = (y - y_hat)^2, so dL/dy_hat = 2 (y_hat - y): mind the sign",
             "y_hat = w^T a: its derivative with respect to a is w",
             "tanh acts elementwise: a diagonal matrix with tanh'(z_j) = 1 - tanh(z_j)^2 on it",
             "z_j = sum_l W_jl x_l, so dz_j/dW_kl = x_l if j = k, else 0"]
    for d, d_hidden, y in ((3, 4, 0.7), (2, 3, -1.3)):
        x, W, w = rng.standard_normal(d), rng.standard_normal((d_hidden, d)), rng.standard_normal(d_hidden)
        z = W @ x
        y_hat = w @ np.tanh(z)
        expected = (np.array(2 * (y_hat - y)), w, np.diag(1 - np.tanh(z) ** 2),
                    np.einsum("jk,l->jkl", np.eye(d_hidden), x))
        out = _call(factors, x, y, W, w, what="factors", names=["x", "y", "W", "w"])
        got = _parts(out, "factors", ("dL_dyhat", "dDense2_dA1", "dA1_dDense1", "dDense1_dW"))
        for k, (g, e) in enumerate(zip(got, expected)):
            if isinstance(g, np.ndarray) and g.shape != e.shape and g.dtype.kind in "biuf":
                raise _Wrong(f"{names[k]} has shape {g.shape}; the slide says {claims[k]}, here {e.shape}")
            g = _array(g, names[k], e.shape, allow_float=k == 0, returned=False)
            if _close(g, e):
                continue
            hint = hints[k]
            if k == 0 and _close(g, np.array(y_hat - y)):
                hint = "the derivative of (y - y_hat)^2 is 2 (y_hat - y): the factor 2 is missing"
            elif k == 2 and _close(g, np.diag(1 - np.tanh(z))):
                hint = "tanh' = 1 - tanh^2: square the tanh"
            elif k == 3 and _close(g, np.broadcast_to(x, e.shape)):
                hint = "only the entries with j = k are non-zero: dz_j/dW_kl = x_l if j = k, else 0"
            raise _Wrong(f"{names[k]} has the right shape but not the right values. Hint: {hint}")
    return _say(exercise, True, "all four factors, shapes and values, as on the slide")


# --- exercise 4: backprop of a two-layer net with MSE, by hand ---------------------------------------------

def _two_layer_reference(X, y, W1, b1, W2, b2, *, sign=1.0, scale=1.0, db_scale=1.0, use_b1=True,
                         derivative=lambda Z1, A1: 1 - A1 ** 2, floor=False, mean_dY=False):
    """The gradients of the slide's two-layer net; the keywords write one classic mistake."""
    Z1 = X @ W1.T + (b1 if use_b1 else 0)
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    dY = 2 * (Y_hat - y) // len(X) if floor else sign * scale * 2 * (Y_hat - y) / len(X)
    if mean_dY:
        dY = np.full_like(dY, 2 * np.mean(Y_hat - y))
    dZ1 = (dY @ W2) * derivative(Z1, A1)
    return {"W1": dZ1.T @ X, "b1": db_scale * dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": db_scale * dY.sum(axis=0)}


def _backprop_mistakes(N):
    """(keywords of ``_two_layer_reference`` writing a classic mistake, its hint)."""
    return [
        ({"sign": -1.0}, "wrong sign: dL/dy_hat = 2 (y_hat - y) / N"),
        ({"scale": N}, f"off by a factor N = {N}: the loss is a mean over the samples, so dY carries 1/N"),
        ({"scale": 1 / N}, f"off by a factor 1/N = 1/{N}: divide by N once (dY = 2 (Y_hat - y) / N), not again "
         f"in dW or db"),
        ({"scale": 0.5}, "off by a factor 2: the derivative of (y_hat - y)^2 is 2 (y_hat - y)"),
        ({"scale": 2.0}, "off by a factor 2: dY = 2 (Y_hat - y) / N, the 2 only once"),
        ({"floor": True}, "integer division: // rounds down; write dY = 2 * (Y_hat - y) / N with /"),
        ({"scale": 0.0}, "the gradients are all zero: an integer division (2 // N is 0)? write 2 / N"),
        ({"db_scale": 1 / N}, f"db is off by 1/N = 1/{N}: db sums dZ over the samples (dY already carries 1/N), "
         f"not the mean"),
        ({"use_b1": False}, "the forward pass must use b1: Z1 = X @ W1.T + b1"),
        ({"derivative": lambda Z1, A1: 1.0}, "the step through tanh is missing: dZ1 = (dY @ W2) * (1 - A1^2)"),
        ({"derivative": lambda Z1, A1: 1 - A1}, "tanh' = 1 - tanh^2: square the tanh, (1 - A1 ** 2)"),
        ({"derivative": lambda Z1, A1: 1 - Z1 ** 2}, "tanh'(Z1) = 1 - tanh(Z1)^2 = 1 - A1^2, not 1 - Z1^2"),
        ({"derivative": lambda Z1, A1: 1 + A1 ** 2}, "tanh' = 1 - tanh^2: minus, not plus"),
        ({"mean_dY": True}, "dY is a matrix (N, 1), one entry per sample: dY = 2 (Y_hat - y) / N, not the mean "
         "2 mean(Y_hat - y)"),
    ]


@_one_line
def check_two_layer_gradients(exercise: str, gradients) -> bool:
    r"""``gradients(X, y, W1, b1, W2, b2) -> {"W1": .., "b1": .., "W2": .., "b2": ..}`` of the MSE of
    $\hat Y = \tanh(X W_1^T + b_1) W_2^T + b_2$, each a numpy array of its parameter's shape;
    verified against central differences, on two networks."""
    from .gradcheck import numerical_gradient, rel_error

    rng = np.random.default_rng(0)
    for N, d, d_hidden in ((6, 3, 5), (4, 2, 3)):
        X, y = rng.standard_normal((N, d)), rng.standard_normal((N, 1))
        params = {"W1": rng.standard_normal((d_hidden, d)), "b1": rng.standard_normal(d_hidden),
                  "W2": rng.standard_normal((1, d_hidden)), "b2": rng.standard_normal(1)}

        def loss(_, X=X, y=y, params=params):
            Y_hat = np.tanh(X @ params["W1"].T + params["b1"]) @ params["W2"].T + params["b2"]
            return np.mean((Y_hat - y) ** 2)

        numeric = {name: numerical_gradient(loss, value) for name, value in params.items()}
        try:
            got = _call(gradients, X, y, *params.values(), what="gradients", names=["X", "y", *params])
        except _Wrong as wrong:
            if _shape_mismatch(wrong):
                raise _Wrong(f"{wrong}. Hint: the shapes: X (N, d) = {X.shape}, W1 (d', d) = {params['W1'].shape}, "
                             f"W2 (1, d') = {params['W2'].shape}, dY (N, 1); so dA1 = dY @ W2 (N, d'), "
                             f"dW2 = dY.T @ A1, dW1 = dZ1.T @ X") from None
            raise
        if got is None:
            raise _Wrong("gradients returned None: did you forget `return`?")
        if isinstance(got, (tuple, list)) and len(got) == 4:
            raise _Wrong('gradients returned a tuple; return a dict {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}')
        if not isinstance(got, dict) or not set(params) <= set(got):  # more keys (a "loss") do no harm
            keys = f" (got the keys {sorted(map(str, got))})" if isinstance(got, dict) else f" (got {_kind(got)})"
            raise _Wrong(f"return a dict with the keys {sorted(params)}{keys}")
        mistakes = _backprop_mistakes(N)
        for name in params:
            g = got[name]
            if isinstance(g, np.ndarray) and g.shape == params[name].shape[::-1] != params[name].shape:
                raise _Wrong(f"d{name} has shape {g.shape}, expected {params[name].shape} (the shape of {name}): "
                             f"transposed? d{name} = dZ.T @ (the layer's input)")
            if isinstance(g, np.ndarray) and g.ndim > params[name].ndim:
                raise _Wrong(f"d{name} has shape {g.shape}, expected {params[name].shape}: an extra axis, from "
                             f"broadcasting. Hint: y is (N, 1) already, like Y_hat (no y[:, None]); check that "
                             f"Y_hat - y is (N, 1)")
            g = _array(g, f"d{name}", params[name].shape, returned=False)
            if not np.isfinite(g).all():
                bad = tuple(int(i) for i in np.argwhere(~np.isfinite(g))[0])
                raise _Wrong(f"d{name} has {g[bad]} at index {bad}: a gradient is always a finite number here (look "
                             f"for a division by zero or an overflow)")
            error = rel_error(g, numeric[name])
            if error < 1e-6:
                continue
            args = (X, y, *params.values())
            hint = next((h for keywords, h in mistakes
                         if _matches(g, lambda *a, kw=keywords, name=name: _two_layer_reference(*a, **kw)[name],
                                     *args)), None)
            if hint is None:
                hint = ("check the step through the activation: dZ1 = (dY @ W2) * tanh'(Z1), tanh' = 1 - tanh^2"
                        if name in ("W1", "b1") else
                        "compare each line with dY = 2 (Y_hat - y) / N, dW2 = dY^T A1, db2 = sum of dY")
            raise _Wrong(f"d{name} disagrees with central differences (relative error {error:.1e}). Hint: {hint}")
    return _say(exercise, True, "every gradient agrees with central differences (relative error below 1e-6)")

