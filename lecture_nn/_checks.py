"""Input checks shared by the package: one clear error instead of a numpy traceback.

Messages use the lecture's letters: N samples, d input features, d' hidden units.
"""

from __future__ import annotations

import difflib
import numbers

import numpy as np

from .errors import InputError

FLOAT_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))


def as_rng(rng) -> np.random.Generator:
    """A ``numpy.random.Generator`` from ``rng``: a Generator, an int seed, or None (fresh entropy).

    The package never touches numpy's global random state.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, numbers.Integral) and not isinstance(rng, (bool, np.bool_)) and rng >= 0):
        return np.random.default_rng(rng)
    raise InputError(f"rng must be a numpy Generator, an int seed >= 0 or None, got {describe(rng)}")


def as_dtype(dtype) -> np.dtype:
    """float64 or float32, the two precisions the package computes in."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if not isinstance(dt, np.dtype) or dt not in FLOAT_DTYPES:
        raise InputError(f"dtype must be float64 or float32, got {dtype!r}")
    return dt


def positive_int(value, what: str) -> int:
    """``value`` as an int >= 1, or an :class:`InputError` naming ``what``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or value < 1:
        raise InputError(f"{what} must be a positive integer, got {describe(value)}")
    return int(value)


def all_finite(a: np.ndarray) -> bool:
    """True when ``a`` has no NaN or inf."""
    return a.dtype.kind not in "fc" or bool(np.isfinite(a).all())


def first_nonfinite(a: np.ndarray) -> str:
    """Where the first NaN/inf of ``a`` sits, for an error message."""
    bad = np.argwhere(~np.isfinite(a))[0]
    return f"{a[tuple(bad)]} at index {tuple(int(i) for i in bad)}"


def as_float_2d(X, name: str, dtype: np.dtype, width: int | None, who) -> np.ndarray:
    """``X`` as a finite (N, width) float array of ``dtype``; ValueError otherwise.

    ``who`` names the caller in the message, e.g. ``Dense(3 -> 8)``: a string, or a
    function returning one, called only when there is an error to report.
    """
    if (type(X) is np.ndarray and X.dtype == dtype and X.ndim == 2 and X.shape[0] > 0
            and (width is None or X.shape[1] == width) and all_finite(X)):
        return X  # the common case, checked in about a microsecond
    who = who() if callable(who) else who
    try:
        raw = np.asarray(X)
        if raw.dtype.kind in "cUSV":
            raise InputError(f"{who} expects {name} of real numbers, got an array of dtype {raw.dtype}")
        X = raw.astype(dtype, copy=False)
    except InputError:
        raise
    except (TypeError, ValueError) as e:
        raise InputError(f"{who} expects {name} as an array of numbers, could not convert: {e}") from None
    want = f"(N, {width})" if width is not None else "(N, d)"
    if X.ndim != 2:
        hint = ""
        if X.ndim == 1 and width == 1:
            hint = f"; for one feature use {name}.reshape(-1, 1)"
        elif X.ndim == 1 and X.shape[0] == width:
            hint = f"; for a single sample use {name}.reshape(1, -1)"
        raise InputError(f"{who} expects {name} of shape {want}, got {X.ndim}-D array of shape {X.shape}{hint}")
    if width is not None and X.shape[1] != width:
        raise InputError(f"{who} expects {name} of shape {want}, got {X.shape}")
    if X.shape[0] == 0:
        raise InputError(f"{who} expects at least one sample (N >= 1), got {name} of shape {X.shape}")
    if not all_finite(X):
        raise InputError(f"{who} got a non-finite value in {name}: {first_nonfinite(X)}")
    return X


def unknown_name(kind: str, name, known) -> InputError:
    """An error for an unknown ``name``, listing the known ones and the closest match.

    The match ignores case: ``"Sigmod"`` suggests ``'sigmoid'``.
    """
    known = list(known)
    by_lower = {str(k).lower(): k for k in known}
    close = difflib.get_close_matches(str(name).lower(), list(by_lower), n=1, cutoff=0.6)
    hint = f" Did you mean {by_lower[close[0]]!r}?" if close else ""
    return InputError(f"unknown {kind} {name!r}; expected one of {', '.join(map(repr, known))}.{hint}")


def choice(value, name: str, known, kind: str | None = None):
    """``value`` if it is one of ``known``; a string matches case-insensitively (``"ReLU"`` is ``"relu"``).

    Anything else raises an :class:`InputError` that names ``name``, lists ``known`` and suggests
    the closest one. ``kind`` words the message (default: the argument's name).
    """
    known = list(known)
    for k in known:
        if _same(value, k):
            return k
    if isinstance(value, str):
        for k in known:
            if isinstance(k, str) and k.lower() == value.lower():
                return k
    if kind:
        raise InputError(f"{name}: {unknown_name(kind, value, known)}")
    by_lower = {str(k).lower(): k for k in known}
    close = difflib.get_close_matches(str(value).lower(), list(by_lower), n=1, cutoff=0.6)
    hint = f" Did you mean {by_lower[close[0]]!r}?" if close and isinstance(value, str) else ""
    raise InputError(f"{name} must be one of {', '.join(map(repr, known))}, got {describe(value)}.{hint}")


def _same(a, b) -> bool:
    if type(a) is bool or type(b) is bool:
        return type(a) is type(b) and a == b
    if isinstance(a, str) != isinstance(b, str) or isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return False
    try:
        return bool(a == b)
    except Exception:  # arrays and other objects without a plain ==
        return False


def describe(value) -> str:
    """How a value looks in a message: short, with its type where the type is the problem."""
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, type):
        return f"the class {value.__name__}"
    text = repr(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    if value is None or isinstance(value, (numbers.Number, np.generic, list, tuple)):
        return text
    return f"{text} ({type(value).__name__})"




def _interval(low, high, low_open: bool, high_open: bool) -> str:
    if low is None and high is None:
        return "a finite number"
    if high is None:
        return f"a number {'>' if low_open else '>='} {low:g}"
    if low is None:
        return f"a number {'<' if high_open else '<='} {high:g}"
    return f"a number in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"


def number(value, name: str, low=None, high=None, *, low_open: bool = False, high_open: bool = False) -> float:
    """``value`` as a finite Python float in the given range, or an :class:`InputError` naming ``name``.

    Accepts Python and numpy real numbers and 0-d arrays; refuses bools, strings (even ``"0.1"``),
    one-element lists, NaN and infinities.
    """
    expected = _interval(low, high, low_open, high_open)
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        hint = " (without quotes)" if isinstance(value, str) else ""
        raise InputError(f"{name} must be {expected}{hint}, got {describe(value)}")
    x = float(value)
    if not np.isfinite(x):
        raise InputError(f"{name} must be {expected}, got {x}")
    if ((low is not None and (x < low or (low_open and x == low)))
            or (high is not None and (x > high or (high_open and x == high)))):
        raise InputError(f"{name} must be {expected}, got {value!r}")
    return x


def integer(value, name: str, low=None, high=None) -> int:
    """``value`` as a Python int in ``[low, high]``, or an :class:`InputError` naming ``name``.

    Accepts Python and numpy integers; refuses bools, floats (even ``3.0``: write ``3``) and strings.
    """
    if low is not None and high is not None:
        expected = f"an integer in [{low}, {high}]"
    elif low is not None:
        expected = f"an integer >= {low}"
    elif high is not None:
        expected = f"an integer <= {high}"
    else:
        expected = "an integer"
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        hint = ""
        if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)) \
                and np.isfinite(value) and abs(value) < 1e15 and float(value).is_integer():
            hint = f" (write {int(value)}, not {value!r})"
        elif isinstance(value, str):
            hint = " (without quotes)"
        raise InputError(f"{name} must be {expected}{hint}, got {describe(value)}")
    v = int(value)
    if (low is not None and v < low) or (high is not None and v > high):
        raise InputError(f"{name} must be {expected}, got {v}")
    return v


def seed(value, name: str = "seed") -> int:
    """An int seed >= 0 (the experiment must be repeatable, so None is refused)."""
    if value is None:
        raise InputError(f"{name} must be an integer >= 0 (the run is repeatable only with a fixed seed), got None")
    return integer(value, name, low=0)


def flag(value, name: str) -> bool:
    """``value`` as a bool; refuses strings (``"False"`` is truthy) and numbers other than 0/1 bools."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise InputError(f"{name} must be True or False, got {describe(value)}")


def int_list(values, name: str, low: int = 1, min_length: int = 1) -> list[int]:
    """A non-empty list of ints >= ``low`` (layer widths and the like), or an :class:`InputError`."""
    if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple, np.ndarray, range)) \
            or (isinstance(values, np.ndarray) and values.ndim != 1):
        raise InputError(f"{name} must be a list of integers >= {low}, got {describe(values)}")
    values = list(values)
    if len(values) < min_length:
        raise InputError(f"{name} must hold at least {min_length} integer(s) >= {low}, got {values!r}")
    return [integer(v, f"{name}[{i}]", low=low) for i, v in enumerate(values)]


def instance(value, name: str, cls, example: str | None = None):
    """``value`` if it is an instance of ``cls``; a class passed without parentheses gets that hint."""
    if isinstance(value, cls):
        return value
    names = " or ".join(c.__name__ for c in (cls if isinstance(cls, tuple) else (cls,)))
    wanted = f"a {names} instance" + (f" such as {example}" if example else "")
    if isinstance(value, type):
        hint = f"; write {value.__name__}() with parentheses" if issubclass(value, cls) else ""
        raise InputError(f"{name} must be {wanted}, got the class {value.__name__}{hint}")
    raise InputError(f"{name} must be {wanted}, got {describe(value)} ({type(value).__name__})")


def subclass(value, name: str, cls, example: str | None = None):
    """``value`` if it is a subclass of ``cls`` (an optimizer class, say); strings and instances get a hint."""
    if isinstance(value, type) and issubclass(value, cls):
        return value
    wanted = f"a subclass of {cls.__name__}" + (f" such as {example}" if example else "")
    if isinstance(value, cls):
        raise InputError(f"{name} must be {wanted} (the class itself, without parentheses), "
                         f"got an instance of {type(value).__name__}")
    raise InputError(f"{name} must be {wanted}, got {describe(value)}")


def interval(value, name: str, who: str = "") -> tuple[float, float]:
    """A ``(low, high)`` pair of finite numbers with low < high and a finite width (a plotting or
    sampling window); ``who`` (a function's name) starts the message."""
    prefix = f"{who}: " if who else ""
    if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list, np.ndarray)) \
            or (isinstance(value, np.ndarray) and value.ndim != 1) or len(value) != 2 \
            or any(isinstance(v, (list, tuple, np.ndarray)) for v in value):
        raise InputError(f"{prefix}{name} must be a pair (low, high) of finite numbers, got {describe(value)}")
    low, high = (named(who, number, v, f"{name}[{i}]") for i, v in enumerate(value))
    if not low < high:
        raise InputError(f"{prefix}{name} must be a pair (low, high) with low < high, got {(low, high)}")
    if not np.isfinite(high - low):
        raise InputError(f"{prefix}{name} = {(low, high)} is too wide: its width high - low overflows")
    return low, high


def named(who: str, check, value, name: str, *args, **kwargs):
    """``check(value, name, ...)`` (one of the validators here), its error starting with ``who``."""
    try:
        return check(value, name, *args, **kwargs)
    except InputError as error:
        if not who:
            raise
        raise InputError(f"{who}: {error}") from None


def float_array(value, name: str, who: str) -> np.ndarray:
    """``value`` as a float array of any shape (ints and bools become float64), or an InputError.

    Refuses what numpy would silently turn into numbers or garbage: strings (even ``"1.5"``),
    None, complex numbers (numpy would drop the imaginary part), dicts, functions and classes.
    """
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return value
    if isinstance(value, (str, bytes, dict, set)) or value is None or callable(value):
        raise InputError(f"{who}: {name} must be a number or an array of numbers, got {describe(value)}")
    try:
        a = np.asarray(value)
    except (TypeError, ValueError) as e:  # ragged nested lists
        raise InputError(f"{who}: {name} must be an array of numbers, could not convert "
                         f"{describe(value)}: {e}") from None
    kind = a.dtype.kind
    if kind == "f":
        return a
    if kind in "biu":
        return a.astype(np.float64)
    if kind == "O" and not any(v is None or isinstance(v, (str, bytes, complex, np.complexfloating)) for v in a.flat):
        try:
            return a.astype(np.float64)
        except (TypeError, ValueError):
            pass
    what = {"c": "complex numbers (numpy would drop the imaginary part)", "U": "strings", "S": "bytes",
            "O": "objects that are not real numbers"}.get(kind, f"values of dtype {a.dtype}")
    raise InputError(f"{who}: {name} must be a number or an array of numbers, got {what}")


def real_array(value, name: str, who: str, kinds: str = "biuf") -> np.ndarray:
    """``value`` as a numpy array of real numbers (bools and ints too), or an InputError naming ``name``.

    Refuses strings, None, dicts and functions, ragged lists, objects and complex numbers (numpy
    would drop the imaginary part with only a warning).
    """
    if value is None or isinstance(value, (str, bytes, dict, set)) or callable(value):
        raise InputError(f"{who}: {name} must be an array of numbers, got {describe(value)}")
    try:
        a = np.asarray(value)
    except (TypeError, ValueError) as error:
        raise InputError(f"{who}: {name} must be an array of numbers, could not convert it: {error}") from None
    if a.dtype.kind not in kinds:
        kind = {"c": "complex numbers", "U": "strings", "S": "bytes", "O": "Python objects (a ragged list?)"}.get(
            a.dtype.kind, f"dtype {a.dtype}")
        raise InputError(f"{who}: {name} must hold real numbers, got an array of {kind} (shape {a.shape})")
    return a


def finite_array(a: np.ndarray, name: str, who: str) -> np.ndarray:
    """``a`` itself when it holds no NaN or inf; an InputError naming ``name`` and the first one otherwise."""
    if not all_finite(a):
        raise InputError(f"{who}: {name} has a non-finite value: {first_nonfinite(a)}")
    return a


def array(value, name: str, *, ndim: int | tuple | None = None, shape: tuple | None = None,
          dtype=np.float64, finite: bool = True, min_size: int = 1, who: str = "") -> np.ndarray:
    """``value`` as a numpy array of ``dtype``, checked; an :class:`InputError` naming ``name`` otherwise.

    ``shape`` may hold None for "any length" in that axis, e.g. ``(None, 2)`` for (N, 2).
    ``who`` (e.g. ``"fit_min_norm"``) starts the message.
    """
    prefix = f"{who}: " if who else ""
    if isinstance(value, (str, bytes, dict, set)) or value is None or callable(value):
        raise InputError(f"{prefix}{name} must be an array of numbers, got {describe(value)}")
    try:
        raw = np.asarray(value)
        if raw.dtype.kind in "cUSV":
            raise InputError(f"{prefix}{name} must hold real numbers, got an array of dtype {raw.dtype}")
        a = raw.astype(dtype, copy=False)
    except (TypeError, ValueError) as e:
        if isinstance(e, InputError):
            raise
        raise InputError(f"{prefix}{name} must be an array of numbers, "
                         f"could not convert {describe(value)} (a ragged list?): {e}") from None
    if shape is not None:
        ndim = len(shape)
    if ndim is not None:
        allowed = ndim if isinstance(ndim, tuple) else (ndim,)
        if a.ndim not in allowed:
            want = "x".join("N" if s is None else str(s) for s in shape) if shape is not None else f"{ndim}-D"
            raise InputError(f"{prefix}{name} must be an array of shape ({want.replace('x', ', ')}), "
                             f"got shape {a.shape}" if shape is not None else
                             f"{prefix}{name} must be a {ndim}-D array, got shape {a.shape}")
    if shape is not None and any(s is not None and s != n for s, n in zip(shape, a.shape)):
        want = ", ".join("N" if s is None else str(s) for s in shape)
        raise InputError(f"{prefix}{name} must be an array of shape ({want}), got shape {a.shape}")
    if a.size < min_size:
        raise InputError(f"{prefix}{name} must hold at least {min_size} value(s), got shape {a.shape}")
    if finite and not all_finite(a):
        raise InputError(f"{prefix}{name} has a non-finite value: {first_nonfinite(a)}")
    return a
