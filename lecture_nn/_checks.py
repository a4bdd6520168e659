"""Input checks shared by the package: one clear error instead of a numpy traceback.

Messages use the lecture's letters: N samples, d input features, d' hidden units.
"""

from __future__ import annotations

import difflib
import numbers

import numpy as np

FLOAT_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))


def as_rng(rng) -> np.random.Generator:
    """A ``numpy.random.Generator`` from ``rng``: a Generator, an int seed, or None (fresh entropy).

    The package never touches numpy's global random state.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, numbers.Integral) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise TypeError(
        f"rng must be a numpy Generator, an int seed or None, got {type(rng).__name__}"
    )


def as_dtype(dtype) -> np.dtype:
    """float64 or float32, the two precisions the package computes in."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt not in FLOAT_DTYPES:
        raise ValueError(f"dtype must be float64 or float32, got {dtype!r}")
    return dt


def positive_int(value, what: str) -> int:
    """``value`` as an int >= 1, or a ValueError naming ``what``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{what} must be a positive integer, got {value!r}")
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
        X = np.asarray(X, dtype=dtype)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{who} expects {name} as an array of numbers, could not convert: {e}") from None
    want = f"(N, {width})" if width is not None else "(N, d)"
    if X.ndim != 2:
        hint = ""
        if X.ndim == 1 and width == 1:
            hint = f"; for one feature use {name}.reshape(-1, 1)"
        elif X.ndim == 1 and X.shape[0] == width:
            hint = f"; for a single sample use {name}.reshape(1, -1)"
        raise ValueError(f"{who} expects {name} of shape {want}, got {X.ndim}-D array of shape {X.shape}{hint}")
    if width is not None and X.shape[1] != width:
        raise ValueError(f"{who} expects {name} of shape {want}, got {X.shape}")
    if X.shape[0] == 0:
        raise ValueError(f"{who} expects at least one sample (N >= 1), got {name} of shape {X.shape}")
    if not all_finite(X):
        raise ValueError(f"{who} got a non-finite value in {name}: {first_nonfinite(X)}")
    return X


def unknown_name(kind: str, name, known) -> ValueError:
    """A ValueError for an unknown ``name``, listing the known ones and the closest match."""
    known = list(known)
    close = difflib.get_close_matches(str(name), known, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return ValueError(f"unknown {kind} {name!r}; expected one of {', '.join(map(repr, known))}.{hint}")
