r"""Data: mini-batches, train/test split, polynomial features and seeded synthetic datasets.

Every random function takes ``rng``: a ``numpy.random.Generator`` or an int seed (None draws
fresh entropy). The same seed always gives the same data; no global random state is used.

Shapes follow the slides: $X$ is (N, d); regression targets are (N, 1); class labels are
integers of shape (N,).
"""

from __future__ import annotations

import itertools
import math
import numbers

import numpy as np

from ._checks import all_finite, as_rng, positive_int, unknown_name

__all__ = [
    "batches", "train_test_split", "polynomial_features",
    "TARGETS_1D", "regression_1d",
    "moons", "circles", "spirals", "xor", "blobs", "DATASETS_2D", "classification_2d",
]


# --- iterating and splitting --------------------------------------------------------------

def _paired(X, y, who):
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(f"{who} expects arrays with N samples along axis 0, got X {X.shape} and y {y.shape}")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"{who} expects X and y with the same N, got X with N = {X.shape[0]} "
                         f"({X.shape}) and y with N = {y.shape[0]} ({y.shape})")
    if X.shape[0] == 0:
        raise ValueError(f"{who} got no samples (N = 0)")
    return X, y


def batches(X, y, batch_size=None, shuffle=True, rng=None, drop_last=False):
    """Mini-batches as on the slide: shuffle the training set, then iterate in chunks.

    Yields ``(X_batch, y_batch)`` of ``batch_size`` samples; the last, smaller batch is kept
    unless ``drop_last``. ``batch_size=None`` is one full batch. With ``shuffle``, one
    permutation per call (one epoch) decides the order, so every sample appears exactly once.
    """
    X, y = _paired(X, y, "batches")
    N = X.shape[0]
    B = N if batch_size is None else positive_int(batch_size, "batch_size")
    if drop_last and B > N:
        raise ValueError(f"batch_size = {B} is larger than N = {N}: with drop_last=True no batch is left")
    if shuffle:
        order = as_rng(rng).permutation(N)
        X, y = X[order], y[order]  # one shuffled copy per epoch; batches are slices of it
    stop = N - N % B if drop_last else N
    return ((X[i:i + B], y[i:i + B]) for i in range(0, stop, B))


def train_test_split(X, y, test_size=0.25, rng=None, shuffle=True):
    """Split into ``X_train, X_test, y_train, y_test`` (scikit-learn's order).

    ``test_size``: a fraction in (0, 1) (rounded up to whole samples) or a number of samples.
    """
    X, y = _paired(X, y, "train_test_split")
    N = X.shape[0]
    if isinstance(test_size, numbers.Integral) and not isinstance(test_size, bool):
        n_test = int(test_size)
    elif isinstance(test_size, numbers.Real) and 0 < test_size < 1:
        n_test = math.ceil(test_size * N)
    else:
        raise ValueError(f"test_size must be a fraction in (0, 1) or a number of samples, got {test_size!r}")
    if not 1 <= n_test <= N - 1:
        raise ValueError(f"test_size = {test_size!r} leaves {n_test} test and {N - n_test} training "
                         f"samples of N = {N}; both need at least one")
    order = as_rng(rng).permutation(N) if shuffle else np.arange(N)
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def polynomial_features(X, degree: int, include_bias: bool = False) -> np.ndarray:
    r"""All monomials of the features up to ``degree``: the feature expansion of the recap slide.

    ``X`` (N, d) or (N,) -> (N, number of monomials). For d = 1: $[x, x^2, \dots, x^p]$; for
    d = 2, degree 2: $[x_1, x_2, x_1^2, x_1 x_2, x_2^2]$ (ordered by degree, as scikit-learn).
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2:
        raise ValueError(f"polynomial_features expects X of shape (N, d) or (N,), got {X.shape}")
    if not all_finite(X):
        raise ValueError("polynomial_features got a non-finite value in X")
    degree = positive_int(degree, "degree")
    N, d = X.shape
    columns = [np.ones(N)] if include_bias else []
    for p in range(1, degree + 1):
        for combo in itertools.combinations_with_replacement(range(d), p):
            columns.append(np.prod(X[:, combo], axis=1))
    return np.stack(columns, axis=1)


# --- 1D regression targets ------------------------------------------------------------------

def _sawtooth(x):
    # triangle wave between -1 and 1 with period 1: four linear pieces on [-1, 1]
    return 1 - 4 * np.abs((x + 1) % 1.0 - 0.5)


#: name -> f(x), the noiseless 1D targets on [-1, 1]
TARGETS_1D = {
    "sin": lambda x: np.sin(np.pi * x),
    "abs": np.abs,
    "step": lambda x: (x >= 0).astype(np.float64),
    "sawtooth": _sawtooth,
}


def regression_1d(target="sin", n=100, noise=0.0, rng=None, x_range=(-1.0, 1.0)):
    r"""``n`` sorted points $x \sim U(x_{range})$ with targets $y = f(x) + \varepsilon$.

    $\varepsilon \sim N(0, \text{noise}^2)$, so ``noise=0`` gives the exact target.

    ``target``: a name from ``TARGETS_1D`` (sin, abs, step, sawtooth) or a function of x.
    Returns ``X`` (n, 1) and ``y`` (n, 1).
    """
    f = target if callable(target) else TARGETS_1D.get(target)
    if f is None:
        raise unknown_name("1D target", target, TARGETS_1D)
    n = positive_int(n, "n")
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    lo, hi = x_range
    if not lo < hi:
        raise ValueError(f"x_range must be (low, high) with low < high, got {x_range!r}")
    rng = as_rng(rng)
    x = np.sort(rng.uniform(lo, hi, n))
    y = np.asarray(f(x), dtype=np.float64) + noise * rng.standard_normal(n)
    return x[:, None], y[:, None]


# --- 2D classification datasets ---------------------------------------------------------------

def _class_sizes(n, n_classes):
    n = positive_int(n, "n")
    if n < n_classes:
        raise ValueError(f"n = {n} points cannot cover {n_classes} classes")
    return [n // n_classes + (c < n % n_classes) for c in range(n_classes)]


def _finish(parts, noise, rng):
    """Stack per-class points, add Gaussian noise, shuffle; returns X (N, 2), y (N,)."""
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    X = np.concatenate(parts)
    y = np.concatenate([np.full(len(p), c, dtype=np.int64) for c, p in enumerate(parts)])
    X = X + noise * rng.standard_normal(X.shape)
    order = rng.permutation(len(y))
    return X[order], y[order]


def moons(n=200, noise=0.1, rng=None):
    """Two interleaving half circles, centred at the origin. Labels 0 (upper) and 1 (lower)."""
    rng = as_rng(rng)
    n0, n1 = _class_sizes(n, 2)
    t0, t1 = rng.uniform(0, np.pi, n0), rng.uniform(0, np.pi, n1)
    upper = np.column_stack([np.cos(t0) - 0.5, np.sin(t0) - 0.25])
    lower = np.column_stack([0.5 - np.cos(t1), 0.25 - np.sin(t1)])
    return _finish([upper, lower], noise, rng)


def circles(n=200, noise=0.05, factor=0.5, rng=None):
    """Two concentric circles: label 0 on radius 1, label 1 on radius ``factor`` (0 < factor < 1)."""
    if not 0 < factor < 1:
        raise ValueError(f"factor is the inner radius, expected 0 < factor < 1, got {factor!r}")
    rng = as_rng(rng)
    parts = []
    for radius, m in zip((1.0, factor), _class_sizes(n, 2)):
        t = rng.uniform(0, 2 * np.pi, m)
        parts.append(radius * np.column_stack([np.cos(t), np.sin(t)]))
    return _finish(parts, noise, rng)


def spirals(n=300, noise=0.05, n_classes=2, turns=1.0, rng=None):
    """``n_classes`` interleaved spiral arms (radius 0 to 1, ``turns`` turns each)."""
    n_classes = positive_int(n_classes, "n_classes")
    rng = as_rng(rng)
    parts = []
    for c, m in enumerate(_class_sizes(n, n_classes)):
        r = rng.uniform(0.05, 1.0, m)
        theta = 2 * np.pi * (c / n_classes + turns * r)
        parts.append(np.column_stack([r * np.cos(theta), r * np.sin(theta)]))
    return _finish(parts, noise, rng)


def xor(n=200, noise=0.1, rng=None):
    """Points in the four quadrants of [-1, 1]^2; label 1 where x1 and x2 have opposite signs."""
    rng = as_rng(rng)
    n0, n1 = _class_sizes(n, 2)

    def quadrant_points(m, same_sign):
        P = rng.uniform(0.1, 1.0, (m, 2))
        s = rng.choice([-1.0, 1.0], m)
        return P * np.column_stack([s, s if same_sign else -s])

    return _finish([quadrant_points(n0, True), quadrant_points(n1, False)], noise, rng)


def blobs(n=300, n_classes=3, std=0.25, rng=None):
    """Gaussian blobs, one per class, centred on a circle of radius 1 (std ``std``)."""
    n_classes = positive_int(n_classes, "n_classes")
    rng = as_rng(rng)
    parts = []
    for c, m in enumerate(_class_sizes(n, n_classes)):
        angle = 2 * np.pi * c / n_classes + np.pi / 2
        parts.append(np.tile([np.cos(angle), np.sin(angle)], (m, 1)))
    return _finish(parts, std, rng)


#: name -> generator function, each returning X (N, 2) and integer labels y (N,)
DATASETS_2D = {"moons": moons, "circles": circles, "spirals": spirals, "xor": xor, "blobs": blobs}


def classification_2d(name="moons", n=200, noise=None, rng=None, **kwargs):
    """One of ``DATASETS_2D`` by name; ``noise=None`` keeps that dataset's default."""
    f = DATASETS_2D.get(name)
    if f is None:
        raise unknown_name("2D dataset", name, DATASETS_2D)
    if noise is not None:
        kwargs["std" if name == "blobs" else "noise"] = noise
    return f(n=n, rng=rng, **kwargs)
