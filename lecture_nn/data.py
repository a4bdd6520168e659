r"""Data: mini-batches, train/test split, polynomial features and seeded synthetic datasets.

Every random function takes ``rng``: a ``numpy.random.Generator`` or an int seed (None draws
fresh entropy). The same seed always gives the same data; no global random state is used.

Shapes follow the slides: $X$ is (N, d); regression targets are (N, 1); class labels are
integers of shape (N,).
"""

from __future__ import annotations

import difflib
import math
import numbers

import numpy as np

from ._checks import (all_finite, as_rng, choice, describe, finite_array, flag, integer, interval,
                      named, number, real_array)
from .errors import InputError

__all__ = [
    "batches", "train_test_split", "polynomial_features",
    "TARGETS_1D", "regression_1d",
    "moons", "circles", "spirals", "xor", "blobs", "DATASETS_2D", "classification_2d",
    "TENSORFLOW_PLAYGROUND", "tensorflow_playground",
]

#: the most points a dataset draws (10 million: about 160 MB for X (N, 2))
MAX_N = 10_000_000
#: the most classes a 2D dataset has
MAX_CLASSES = 100
#: the most turns of a spiral arm (beyond that the points are noise, not a spiral)
MAX_TURNS = 100
#: ``polynomial_features`` refuses to build more columns, or more values (N x columns), than this
MAX_COLUMNS = 100_000
MAX_VALUES = 25_000_000


# --- checking arguments, in the calling function's words -------------------------------------------

def _rng(who, rng):
    try:
        return as_rng(rng)
    except InputError as error:
        raise InputError(f"{who}: {error}") from None



# --- iterating and splitting --------------------------------------------------------------

def _paired(X, y, who):
    """X (N, ...) and y (N, ...) as finite arrays of numbers with the same N >= 1."""
    X = finite_array(real_array(X, "X", who), "X", who)
    y = finite_array(real_array(y, "y", who), "y", who)
    for name, a in (("X", X), ("y", y)):
        if a.ndim == 0:
            raise InputError(f"{who}: {name} must be an array with the N samples along axis 0, got a single "
                             f"number {a[()].item()!r}")
    if X.shape[0] != y.shape[0]:
        raise InputError(f"{who} expects X and y with the same N, got X with N = {X.shape[0]} "
                         f"({X.shape}) and y with N = {y.shape[0]} ({y.shape})")
    if X.shape[0] == 0:
        raise InputError(f"{who} got no samples: X of shape {X.shape} and y of shape {y.shape} (N = 0)")
    return X, y


def batches(X, y, batch_size=None, shuffle=True, rng=None, drop_last=False):
    """Mini-batches as on the slide: shuffle the training set, then iterate in chunks.

    Yields ``(X_batch, y_batch)`` of ``batch_size`` samples (an int >= 1); the last, smaller
    batch is kept unless ``drop_last``. ``batch_size=None``, or one of N or more, is one full
    batch (with ``drop_last=True`` a batch_size above N leaves no batch, so it is refused). With
    ``shuffle``, one permutation per call (one epoch) decides the order, so every sample appears
    exactly once. ``X`` (N, ...) and ``y`` (N, ...) are finite numbers with the same N; any
    trailing shape is kept (images (N, h, w) batch as well as (N, d)). Every argument is checked
    when ``batches`` is called, not when the first batch is drawn.
    """
    who = "batches"
    X, y = _paired(X, y, who)
    N = X.shape[0]
    B = N if batch_size is None else named(who, integer, batch_size, "batch_size", low=1)
    shuffle = named(who, flag, shuffle, "shuffle")
    drop_last = named(who, flag, drop_last, "drop_last")
    rng = _rng(who, rng)
    if drop_last and B > N:
        raise InputError(f"{who}: batch_size = {B} is larger than N = {N}: with drop_last=True no batch is left")
    B = min(B, N)
    if shuffle:
        order = rng.permutation(N)
        X, y = X[order], y[order]  # one shuffled copy per epoch; batches are slices of it
    stop = N - N % B if drop_last else N
    return ((X[i:i + B], y[i:i + B]) for i in range(0, stop, B))


def train_test_split(X, y, test_size=0.25, rng=None, shuffle=True):
    """Split into ``X_train, X_test, y_train, y_test`` (scikit-learn's order).

    ``test_size``: a fraction in (0, 1), rounded up to whole samples, or, as in scikit-learn, an
    int: the number of test samples. Both sides must keep at least one sample.
    """
    who = "train_test_split"
    X, y = _paired(X, y, who)
    N = X.shape[0]
    shuffle = named(who, flag, shuffle, "shuffle")
    rng = _rng(who, rng)
    if N < 2:
        raise InputError(f"{who} needs N >= 2 samples (one to train, one to test), got X of shape {X.shape}")
    if isinstance(test_size, np.ndarray) and test_size.ndim == 0:
        test_size = test_size[()]
    if isinstance(test_size, numbers.Integral) and not isinstance(test_size, (bool, np.bool_)):
        n_test = int(test_size)
        if not 1 <= n_test <= N - 1:
            raise InputError(f"{who}: test_size = {n_test} test samples (an int counts samples) leaves "
                             f"{N - n_test} training samples of N = {N}; use 1 to {N - 1}, or a fraction in (0, 1)")
    elif (isinstance(test_size, numbers.Real) and not isinstance(test_size, (bool, np.bool_))
          and 0 < test_size < 1):
        n_test = math.ceil(test_size * N)
        if not 1 <= n_test <= N - 1:
            raise InputError(f"{who}: test_size = {float(test_size)!r} of N = {N} samples rounds up to {n_test} test "
                             f"samples, leaving {N - n_test} to train; both sides need at least one")
    else:
        hint = ""
        if isinstance(test_size, str):
            hint = " (without quotes)"
        elif (isinstance(test_size, numbers.Real) and not isinstance(test_size, (bool, np.bool_))
              and math.isfinite(test_size) and float(test_size).is_integer() and test_size >= 1):
            hint = f" (for {int(test_size)} test samples write the int {int(test_size)})"
        raise InputError(f"{who}: test_size must be a fraction in (0, 1) or an int number of test samples "
                         f"in [1, {N - 1}]{hint}, got {describe(test_size)}")
    order = rng.permutation(N) if shuffle else np.arange(N)
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def _n_monomials(d: int, degree: int) -> int | float:
    """The number of monomials of d variables of degree 1 to ``degree``: C(d + degree, d) - 1.

    Exact while it is cheap to count; for d and degree both above 200 (beyond 10^119 columns)
    a float estimate from the log-gamma function.
    """
    if min(d, degree) <= 200:
        return math.comb(d + degree, min(d, degree)) - 1
    return math.exp(min(700.0, math.lgamma(d + degree + 1) - math.lgamma(d + 1) - math.lgamma(degree + 1)))


def _count(k) -> str:
    return f"{k:,}" if k < 10**15 else f"about {float(k):.2e}"


def polynomial_features(X, degree: int, include_bias: bool = False) -> np.ndarray:
    r"""All monomials of the features up to ``degree``: the feature expansion of the recap slide.

    ``X`` (N, d), or (N,) for one feature, -> (N, number of monomials). For d = 1:
    $[x, x^2, \dots, x^p]$; for d = 2, degree 2: $[x_1, x_2, x_1^2, x_1 x_2, x_2^2]$ (ordered by
    degree, as scikit-learn). There are $\binom{d + p}{d} - 1$ of them (plus the bias column):
    more than ``MAX_COLUMNS`` columns or ``MAX_VALUES`` values is refused before anything is built.
    """
    who = "polynomial_features"
    X = real_array(X, "X", who)
    degree = named(who, integer, degree, "degree", low=1)
    include_bias = named(who, flag, include_bias, "include_bias")
    if X.ndim == 1:
        X = X[:, None]  # one feature
    if X.ndim != 2:
        raise InputError(f"{who} expects X of shape (N, d) or (N,), got {X.ndim}-D array of shape {X.shape}")
    N, d = X.shape
    if N == 0 or d == 0:
        raise InputError(f"{who} expects X with at least one sample and one feature, got shape {X.shape}")
    finite_array(X, "X", who)
    k = _n_monomials(d, degree) + include_bias
    if k > MAX_COLUMNS or N * k > MAX_VALUES:
        raise InputError(f"{who}: degree {degree} of d = {d} features would build {_count(k)} columns "
                         f"({N:,} x {_count(k)} = {_count(N * k)} values); at most {MAX_COLUMNS:,} columns and "
                         f"{MAX_VALUES:,} values are allowed. Use a lower degree or fewer features")
    X = X.astype(np.float64, copy=False)
    out = np.empty((N, k))
    col = 0
    if include_bias:
        out[:, 0] = 1.0
        col = 1
    # degree p from degree p - 1: each monomial x_a ... x_l times x_j for j >= l (its last factor),
    # which lists them in the order of itertools.combinations_with_replacement
    prev, last = X, np.arange(d)
    out[:, col:col + d] = X
    col += d
    for _ in range(2, degree + 1):
        start = col
        for j, end in enumerate(last):
            width = d - end
            np.multiply(prev[:, j:j + 1], X[:, end:], out=out[:, col:col + width])
            col += width
        prev = out[:, start:col]
        last = np.concatenate([np.arange(end, d) for end in last])
    return out


# --- 1D regression targets ------------------------------------------------------------------

def _x_values(x, who):
    a = real_array(x, "x", who)
    return finite_array(a.astype(np.float64, copy=False), "x", who)


def _sin(x):
    r"""$\sin(\pi x)$: one period on [-1, 1]."""
    return np.sin(np.pi * _x_values(x, "TARGETS_1D['sin']"))


def _abs(x):
    r"""$|x|$: one kink at 0."""
    return np.abs(_x_values(x, "TARGETS_1D['abs']"))


def _step(x):
    r"""$1$ for $x \ge 0$, else $0$: a jump at 0."""
    return (_x_values(x, "TARGETS_1D['step']") >= 0).astype(np.float64)


def _sawtooth(x):
    """Triangle wave between -1 and 1 with period 1: four linear pieces on [-1, 1]."""
    return 1 - 4 * np.abs((_x_values(x, "TARGETS_1D['sawtooth']") + 1) % 1.0 - 0.5)


#: name -> f(x), the noiseless 1D targets on [-1, 1]; each takes finite numbers of any shape
TARGETS_1D = {"sin": _sin, "abs": _abs, "step": _step, "sawtooth": _sawtooth}


def _target_values(f, x, who):
    """``f(x)`` for a target function a student passed: one finite number per x, as (n,)."""
    try:
        with np.errstate(all="ignore"):
            values = f(x)
    except Exception as error:  # noqa: BLE001 - the student's function: say which argument failed
        raise InputError(f"{who}: target(x) raised {type(error).__name__}: {error} (x is an array of "
                         f"shape {x.shape}; target must be a function of an array)") from error
    values = real_array(values, "target(x)", who)
    if values.shape not in ((len(x),), (len(x), 1)):
        raise InputError(f"{who}: target must return one value per x, shape ({len(x)},) for x of shape "
                         f"{x.shape}, got shape {values.shape}" + (" (a single number: is it vectorised?)"
                                                                     if values.ndim == 0 else ""))
    values = values.reshape(-1).astype(np.float64)
    if not all_finite(values):
        i = int(np.argmax(~np.isfinite(values)))
        raise InputError(f"{who}: target returned {values[i]} at x = {float(x[i]):.6g}; it must be finite on x_range")
    return values


def regression_1d(target="sin", n=100, noise=0.0, rng=None, x_range=(-1.0, 1.0)):
    r"""``n`` sorted points $x \sim U(x_{range})$ with targets $y = f(x) + \varepsilon$.

    $\varepsilon \sim N(0, \text{noise}^2)$, so ``noise=0`` gives the exact target.

    ``target``: a name from ``TARGETS_1D`` (sin, abs, step, sawtooth; any case) or a function
    of an array x returning one value per x. Returns ``X`` (n, 1) and ``y`` (n, 1).
    """
    who = "regression_1d"
    if isinstance(target, str):
        f = TARGETS_1D[named(who, choice, target, "target", TARGETS_1D)]
    elif callable(target) and not isinstance(target, type):
        f = target
    else:
        raise InputError(f"{who}: target must be a name from TARGETS_1D ({', '.join(map(repr, TARGETS_1D))}) "
                         f"or a function of x, got {describe(target)}")
    n = named(who, integer, n, "n", 1, MAX_N)
    noise = named(who, number, noise, "noise", low=0)
    lo, hi = interval(x_range, "x_range", who)
    rng = _rng(who, rng)
    x = np.sort(rng.uniform(lo, hi, n))
    ours = any(f is g for g in TARGETS_1D.values())
    values = f(x) if ours else _target_values(f, x, who)
    with np.errstate(over="ignore"):  # an overflow is reported below, naming the argument
        y = np.asarray(values, dtype=np.float64) + noise * rng.standard_normal(n)
    if not all_finite(y):
        raise InputError(f"{who}: noise = {noise!r} is so large that y overflows to inf")
    return x[:, None], y[:, None]


# --- 2D classification datasets ---------------------------------------------------------------

def _class_sizes(who, n, n_classes):
    """n points over the classes, as evenly as possible."""
    n = named(who, integer, n, "n", 1, MAX_N)
    if n < n_classes:
        raise InputError(f"{who}: n = {n} points cannot cover n_classes = {n_classes} classes; "
                         f"use n >= {n_classes}")
    return [n // n_classes + (c < n % n_classes) for c in range(n_classes)]


def _finish(who, parts, noise, noise_name, rng):
    """Stack per-class points, add Gaussian noise, shuffle; returns X (N, 2), y (N,)."""
    X = np.concatenate(parts)
    y = np.concatenate([np.full(len(p), c, dtype=np.int64) for c, p in enumerate(parts)])
    with np.errstate(over="ignore"):  # an overflow is reported below, naming the argument
        X = X + noise * rng.standard_normal(X.shape)
    if not all_finite(X):
        raise InputError(f"{who}: {noise_name} = {noise!r} is so large that X overflows to inf")
    order = rng.permutation(len(y))
    return X[order], y[order]


def moons(n=200, noise=0.1, rng=None):
    """Two interleaving half circles, centred at the origin. Labels 0 (upper) and 1 (lower)."""
    who = "moons"
    n0, n1 = _class_sizes(who, n, 2)
    noise = named(who, number, noise, "noise", low=0)
    rng = _rng(who, rng)
    t0, t1 = rng.uniform(0, np.pi, n0), rng.uniform(0, np.pi, n1)
    upper = np.column_stack([np.cos(t0) - 0.5, np.sin(t0) - 0.25])
    lower = np.column_stack([0.5 - np.cos(t1), 0.25 - np.sin(t1)])
    return _finish(who, [upper, lower], noise, "noise", rng)


def circles(n=200, noise=0.05, factor=0.5, rng=None):
    """Two concentric circles: label 0 on radius 1, label 1 on radius ``factor`` (0 < factor < 1)."""
    who = "circles"
    sizes = _class_sizes(who, n, 2)
    noise = named(who, number, noise, "noise", low=0)
    factor = named(who, number, factor, "factor (the inner radius)", 0, 1, low_open=True, high_open=True)
    rng = _rng(who, rng)
    parts = []
    for radius, m in zip((1.0, factor), sizes):
        t = rng.uniform(0, 2 * np.pi, m)
        parts.append(radius * np.column_stack([np.cos(t), np.sin(t)]))
    return _finish(who, parts, noise, "noise", rng)


def spirals(n=300, noise=0.05, n_classes=2, turns=1.0, rng=None):
    """``n_classes`` interleaved spiral arms (radius 0 to 1, ``turns`` turns each, 0 < turns <= 100)."""
    who = "spirals"
    n_classes = named(who, integer, n_classes, "n_classes", 2, MAX_CLASSES)
    sizes = _class_sizes(who, n, n_classes)
    noise = named(who, number, noise, "noise", low=0)
    turns = named(who, number, turns, "turns", 0, MAX_TURNS, low_open=True)
    rng = _rng(who, rng)
    parts = []
    for c, m in enumerate(sizes):
        r = rng.uniform(0.05, 1.0, m)
        theta = 2 * np.pi * (c / n_classes + turns * r)
        parts.append(np.column_stack([r * np.cos(theta), r * np.sin(theta)]))
    return _finish(who, parts, noise, "noise", rng)


def xor(n=200, noise=0.1, rng=None):
    """Points in the four quadrants of [-1, 1]^2; label 1 where x1 and x2 have opposite signs."""
    who = "xor"
    n0, n1 = _class_sizes(who, n, 2)
    noise = named(who, number, noise, "noise", low=0)
    rng = _rng(who, rng)

    def quadrant_points(m, same_sign):
        P = rng.uniform(0.1, 1.0, (m, 2))
        s = rng.choice([-1.0, 1.0], m)
        return P * np.column_stack([s, s if same_sign else -s])

    return _finish(who, [quadrant_points(n0, True), quadrant_points(n1, False)], noise, "noise", rng)


def blobs(n=300, n_classes=3, std=0.25, rng=None):
    """Gaussian blobs, one per class, centred on a circle of radius 1 (std ``std``)."""
    return _blobs("blobs", n, n_classes, std, rng, "std")


def _blobs(who, n, n_classes, std, rng, std_name):
    n_classes = named(who, integer, n_classes, "n_classes", 2, MAX_CLASSES)
    sizes = _class_sizes(who, n, n_classes)
    std = named(who, number, std, std_name, low=0)
    rng = _rng(who, rng)
    parts = []
    for c, m in enumerate(sizes):
        angle = 2 * np.pi * c / n_classes + np.pi / 2
        parts.append(np.tile([np.cos(angle), np.sin(angle)], (m, 1)))
    return _finish(who, parts, std, std_name, rng)


#: name -> generator function, each returning X (N, 2) and integer labels y (N,)
DATASETS_2D = {"moons": moons, "circles": circles, "spirals": spirals, "xor": xor, "blobs": blobs}
#: the keyword arguments each dataset takes besides n, noise and rng
_EXTRA_ARGUMENTS = {"moons": (), "circles": ("factor",), "spirals": ("n_classes", "turns"), "xor": (),
                    "blobs": ("n_classes", "std")}


def classification_2d(name="moons", n=200, noise=None, rng=None, **kwargs):
    """One of ``DATASETS_2D`` by name (any case); ``noise=None`` keeps that dataset's default.

    For blobs, ``noise`` is the blobs' ``std``. Other keyword arguments go to the dataset:
    ``factor`` (circles), ``n_classes`` and ``turns`` (spirals), ``n_classes`` (blobs).
    """
    who = "classification_2d"
    name = named(who, choice, name, "name", DATASETS_2D)
    allowed = _EXTRA_ARGUMENTS[name]
    unknown = [k for k in kwargs if k not in allowed]
    if unknown:
        takes = f"only {', '.join(allowed)}" if allowed else "none"
        close = difflib.get_close_matches(unknown[0], allowed, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise InputError(f"{who}: {name} takes no argument {', '.join(map(repr, unknown))}; its extra keyword "
                         f"arguments are {takes} (besides n, noise and rng).{hint}")
    if name == "blobs" and noise is not None:
        if "std" in kwargs:
            raise InputError(f"{who}: for blobs, noise is the std: give noise or std, not both "
                             f"(got noise={noise!r}, std={kwargs['std']!r})")
        return _blobs(f"{who}('blobs')", n, kwargs.get("n_classes", 3), noise, rng, "noise (the std of blobs)")
    if noise is not None:
        kwargs["noise"] = noise
    return DATASETS_2D[name](n=n, rng=rng, **kwargs)


# --- TensorFlow Playground's six datasets, as it draws them --------------------------------------------

#: the names TensorFlow Playground gives its datasets (its links' ``dataset=`` and ``regDataset=``)
TENSORFLOW_PLAYGROUND = ("circle", "xor", "gauss", "spiral", "reg-plane", "reg-gauss")
#: TensorFlow Playground's noise slider goes from 0 to 50 %: noise 0 to 0.5 here
TFP_MAX_NOISE = 0.5
#: the six bumps of "reg-gauss": centre (x1, x2) and sign
_TFP_BUMPS = np.array([[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]],
                      dtype=np.float64)


def tensorflow_playground(name="circle", n=500, noise=0.0, rng=None):
    r"""One of TensorFlow Playground's datasets, drawn as it draws them, on its plane $[-6, 6]^2$.

    ``name``: one of ``TENSORFLOW_PLAYGROUND``. ``noise`` in [0, 0.5] (its slider's 0 to 50 %). Four
    have two classes, as integer labels y (N,), 1 where TFP writes +1 and 0 where it writes -1:

    * ``circle``: half the points at radius $r \sim U(0, 2.5)$, half at $r \sim U(3.5, 5)$; the label
      is 1 where the point moved by $U(-5, 5)\cdot$noise in each coordinate lies within radius 2.5;
    * ``xor``: $x_1, x_2 \sim U(-5, 5)$ pushed 0.3 away from the axes; label 1 where the moved point
      (as for circle) has $x_1 x_2 \ge 0$;
    * ``gauss``: half the points around (2, 2) (label 1), half around (-2, -2), each coordinate
      normal with variance $0.5 + 7\,$noise;
    * ``spiral``: two arms of radius $5 i / m$ at angle $3.5\pi\, i / m$ (the second turned by
      $\pi$, label 0), each coordinate moved by $U(-1, 1)\cdot$noise.

    Two are regressions, targets y (N, 1), for $x_1, x_2 \sim U(-6, 6)$ moved by $U(-6, 6)\cdot$noise:

    * ``reg-plane``: $(x_1 + x_2) / 10$;
    * ``reg-gauss``: six bumps $\pm\max(0, 1 - d/2)$ at distance $d$ from their centres, the largest
      in size winning.

    The points come shuffled. TFP's own random numbers (its seed string) cannot be reproduced here:
    the same ``rng`` gives the same points, drawn from the same distributions as TFP's.
    """
    who = "tensorflow_playground"
    name = named(who, choice, name, "name", TENSORFLOW_PLAYGROUND)
    n = named(who, integer, n, "n", 2, MAX_N)
    noise = named(who, number, noise, "noise", 0, TFP_MAX_NOISE)
    rng = _rng(who, rng)
    half = n // 2

    def moved(X, size):  # the point each label is read at
        return X + rng.uniform(-size, size, X.shape) * noise

    def polar(r):
        angle = rng.uniform(0, 2 * np.pi, len(r))
        return np.column_stack([r * np.sin(angle), r * np.cos(angle)])

    if name == "circle":
        X = np.vstack([polar(rng.uniform(0, 2.5, half)), polar(rng.uniform(3.5, 5, n - half))])
        y = (np.hypot(*moved(X, 5).T) < 2.5).astype(np.int64)
    elif name == "xor":
        X = rng.uniform(-5, 5, (n, 2))
        X += np.where(X > 0, 0.3, -0.3)
        M = moved(X, 5)
        y = (M[:, 0] * M[:, 1] >= 0).astype(np.int64)
    elif name == "gauss":
        std = math.sqrt(0.5 + 7 * noise)
        X = np.vstack([rng.normal(2, std, (half, 2)), rng.normal(-2, std, (n - half, 2))])
        y = np.repeat(np.array([1, 0], dtype=np.int64), [half, n - half])
    elif name == "spiral":
        arms, labels = [], []
        for turn, label, m in ((0.0, 1, half), (np.pi, 0, n - half)):
            i = np.arange(m) / m
            r, t = 5 * i, 1.75 * i * 2 * np.pi + turn
            arms.append(np.column_stack([r * np.sin(t), r * np.cos(t)]) + rng.uniform(-1, 1, (m, 2)) * noise)
            labels.append(np.full(m, label, dtype=np.int64))
        X, y = np.vstack(arms), np.concatenate(labels)
    else:
        X = rng.uniform(-6, 6, (n, 2))
        M = moved(X, 6)
        if name == "reg-plane":
            y = (M[:, 0] + M[:, 1]) / 10
        else:
            d = np.hypot(M[:, None, 0] - _TFP_BUMPS[:, 0], M[:, None, 1] - _TFP_BUMPS[:, 1])
            bumps = _TFP_BUMPS[:, 2] * np.clip(1 - d / 2, 0, 1)
            y = bumps[np.arange(n), np.abs(bumps).argmax(axis=1)]
        y = y[:, None]
    order = rng.permutation(n)
    return X[order], y[order]
