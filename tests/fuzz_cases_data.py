"""Fuzz cases for lecture_nn.data (batches, splitting, features, datasets) and lecture_nn.plotting.

Each check asserts what a right answer looks like (shapes, counts, pairing, labels, the window
of a picture), so an odd value that is accepted must also give the right result.
"""

from __future__ import annotations

import math

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import lecture_nn as ln
from lecture_nn import plotting
from fuzz import Case

N = 10


def _numbered(n=N):
    """X row i is (i, -i), y_i = i: any batch or split shows whether X and y stay paired."""
    return np.arange(n, dtype=float)[:, None] * np.array([[1.0, -1.0]]), np.arange(n)


def _originals(kwargs):
    X, y = kwargs.get("X"), kwargs.get("y")
    return (isinstance(X, np.ndarray) and X.shape == (N, 2) and np.array_equal(X[:, 0], np.arange(N))
            and isinstance(y, np.ndarray) and np.array_equal(y, np.arange(N)))


def _same_rows(a, b):
    """a holds the rows of b in some order."""
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape, f"shape {a.shape}, expected {b.shape}"
    key = lambda M: sorted(map(lambda r: np.asarray(r).tobytes(), M))  # noqa: E731
    assert key(a) == key(b), "rows are not a permutation of the input's"


# --- batches, train_test_split ---------------------------------------------------------------------

def _batches_valid():
    X, y = _numbered()
    return dict(X=X, y=y, batch_size=4, shuffle=True, rng=0, drop_last=False)


def _batches_call(**kw):
    return list(ln.batches(**kw))


def _batches_check(result, kw):
    X = np.asarray(kw["X"])
    n = len(X)
    B = n if kw.get("batch_size") is None else kw["batch_size"]
    assert isinstance(B, (int, np.integer)) and not isinstance(B, bool), f"accepted batch_size {B!r}"
    sizes = [len(yb) for _, yb in result]
    expected = [min(B, n - i) for i in range(0, n, B)]
    if kw.get("drop_last"):
        expected = [s for s in expected if s == B]
    assert sizes == expected, f"batch sizes {sizes}, expected {expected}"
    assert all(len(xb) == len(yb) for xb, yb in result)
    if not kw.get("drop_last"):
        _same_rows(np.concatenate([xb for xb, _ in result]), X)
        if kw.get("shuffle") is False:
            assert np.array_equal(np.concatenate([xb for xb, _ in result]), X), "shuffle=False changed the order"
    if _originals(kw):
        for xb, yb in result:
            assert np.array_equal(xb[:, 0], yb), "X and y no longer paired"


def _split_valid():
    X, y = _numbered()
    return dict(X=X, y=y, test_size=0.25, rng=0, shuffle=True)


def _split_check(result, kw):
    X_tr, X_te, y_tr, y_te = result
    X = np.asarray(kw["X"])
    n, t = len(X), kw["test_size"]
    n_test = int(t) if isinstance(t, (int, np.integer)) else math.ceil(t * n)
    assert len(X_te) == len(y_te) == n_test and len(X_tr) == len(y_tr) == n - n_test, \
        f"sizes {len(X_tr)}/{len(X_te)}, expected {n - n_test}/{n_test}"
    assert n_test >= 1 and n - n_test >= 1
    _same_rows(np.concatenate([X_tr, X_te]), X)
    if _originals(kw):
        assert np.array_equal(X_tr[:, 0], y_tr) and np.array_equal(X_te[:, 0], y_te), "X and y no longer paired"


# --- polynomial features -------------------------------------------------------------------------

def _poly_valid():
    return dict(X=np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.0]]), degree=3, include_bias=False)


def _poly_check(result, kw):
    X = np.asarray(kw["X"], dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    n, d = X.shape
    p, bias = kw["degree"], kw["include_bias"]
    k = math.comb(d + p, p) - 1 + bool(bias)
    assert result.shape == (n, k), f"shape {result.shape}, expected {(n, k)}"
    first = 1 if bias else 0
    if bias:
        assert np.all(result[:, 0] == 1)
    assert np.allclose(result[:, first:first + d], X), "the first columns are not the features"
    if p >= 2:
        assert np.allclose(result[:, first + d], X[:, 0] ** 2)


# --- datasets ----------------------------------------------------------------------------------------

def _labels_check(n_classes, n_default=None):
    def check(result, kw):
        X, y = result
        n = kw.get("n", n_default)
        c = kw.get("n_classes", n_classes)
        assert isinstance(n, (int, np.integer)) and not isinstance(n, bool), f"accepted n {n!r}"
        assert X.shape == (n, 2) and X.dtype == np.float64, f"X shape {X.shape} {X.dtype}"
        assert y.shape == (n,) and y.dtype == np.int64, f"y shape {y.shape} {y.dtype}"
        counts = np.bincount(y, minlength=c)
        assert len(counts) == c and counts.min() >= 1 and counts.max() - counts.min() <= 1, f"classes {counts}"
        noise = kw.get("std" if "std" in kw else "noise")
        if noise is not None and kw.get("name", "") != "blobs" and "std" not in kw:
            assert np.abs(X).max() <= 1.5 + 10 * float(noise), "points far outside the dataset"
    return check


def _circles_check(result, kw):
    _labels_check(2)(result, kw)
    X, y = result
    if kw["noise"] == 0:
        r = np.hypot(X[:, 0], X[:, 1])
        assert np.allclose(r[y == 0], 1) and np.allclose(r[y == 1], kw["factor"]), "wrong radii"


def _regression_check(result, kw):
    X, y = result
    n = kw["n"]
    assert isinstance(n, (int, np.integer)) and not isinstance(n, bool), f"accepted n {n!r}"
    assert X.shape == (n, 1) and y.shape == (n, 1) and X.dtype == y.dtype == np.float64
    lo, hi = kw["x_range"]
    assert lo <= X.min() and X.max() <= hi and np.all(np.diff(X[:, 0]) >= 0)
    if kw["noise"] == 0 and isinstance(kw["target"], str):
        f = ln.TARGETS_1D[kw["target"].lower()]
        assert np.allclose(y[:, 0], f(X[:, 0]))


def _target_check(name):
    def check(result, kw):
        assert np.asarray(result).dtype == np.float64, f"dtype {np.asarray(result).dtype}"
        x = np.asarray(kw["x"], dtype=float)
        assert np.shape(result) == x.shape, f"shape {np.shape(result)}, expected {x.shape}"
        expected = {"sin": np.sin(np.pi * x), "abs": np.abs(x), "step": (x >= 0) * 1.0}.get(name)
        if expected is not None:
            assert np.allclose(result, expected)
    return check


def _classification_case(name, **extra):
    n_classes = 3 if name == "blobs" else extra.get("n_classes", 2)

    def valid():
        return dict(name=name, n=30, noise=0.1, rng=0, **extra)
    return Case(f"classification_2d {name}", ln.classification_2d, valid, _labels_check(n_classes),
                odd={"name": [name.upper(), name[:-1], " " + name, "moonz", b"moons"],
                     "n": [1, 2, 3.0, np.int64(7), 10**12]})


# --- plotting --------------------------------------------------------------------------------------

_SHARED = {}


def _ax(key="plot"):
    """One Axes per case, emptied before each call: a new figure per call would cost most of the time."""
    if key not in _SHARED:
        _SHARED[key] = Figure().add_subplot()
    ax = _SHARED[key]
    for artist in [*ax.lines, *ax.collections, *ax.images, *ax.patches, *ax.texts]:
        artist.remove()
    ax.set_yscale("linear")
    return ax


def _axes_check(result, kw):
    assert isinstance(result, Axes), f"returned {type(result).__name__}, not an Axes"
    if isinstance(kw.get("ax"), Axes):
        assert result is kw["ax"], "drew on another Axes than the one given"


def _style_call(presentation):
    before, presenting = dict(mpl.rcParams), plotting._presentation
    try:
        plotting.use_lecture_style(presentation)
        return plotting.presenting(), mpl.rcParams["axes.spines.top"]
    finally:
        mpl.rcParams.update(before)
        plotting._presentation = presenting


def _style_check(result, kw):
    presenting, spines = result
    if kw["presentation"] is not None:
        assert presenting is bool(kw["presentation"]), f"presenting() is {presenting}"
    assert spines is False


def _dataset_plot_valid():
    X, y = ln.moons(12, rng=0)
    return dict(X=X, y=y, ax=_ax(), size=14, alpha=0.9, edgecolor="white")


def _dataset_plot_check(result, kw):
    _axes_check(result, kw)
    y = np.asarray(kw["y"]).ravel()
    assert len(result.collections) == len(np.unique(y)), "not one scatter per class"


def _boundary_valid():
    X, y = ln.moons(12, rng=0)
    return dict(score_fn=lambda P: P[:, :1], X=X, y=y, ax=_ax(), x_range=(-2.0, 2.0), y_range=(-1.5, 1.5),
                n=12, margin=0.3)


def _boundary_check(result, kw):
    _axes_check(result, kw)
    assert len(result.images) == 1
    n = kw["n"]
    assert result.images[0].get_array().shape[:2] == (n, n)
    if kw.get("x_range") is not None:
        assert np.allclose(result.get_xlim(), kw["x_range"])
    if kw.get("y_range") is not None:
        assert np.allclose(result.get_ylim(), kw["y_range"])


def _grid_check(result, kw):
    xx, yy, points = result
    n = kw["n"]
    assert xx.shape == yy.shape == (n, n) and points.shape == (n * n, 2)
    assert np.allclose(points.min(axis=0), [kw["x_range"][0], kw["y_range"][0]])
    assert np.allclose(points.max(axis=0), [kw["x_range"][1], kw["y_range"][1]])


def _slide_dpi_check(result, kw):
    assert isinstance(result, float) and result > 0
    w, h = kw["figsize"]
    bw, bh = kw["box"]
    assert w * result <= bw * kw["dpi"] * 1.001 and h * result <= bh * kw["dpi"] * 1.001


def _figure_check(result, kw):
    assert isinstance(result, Figure)
    assert np.allclose(result.get_size_inches(), kw["figsize"])


def _new_figure_check(result, kw):
    fig, axes = result
    assert isinstance(fig, Figure)
    shape = (kw["nrows"], kw["ncols"])
    if shape == (1, 1):
        assert isinstance(axes, Axes)
    else:
        assert np.asarray(axes).size == shape[0] * shape[1]


def _shared_check(result, kw):
    _, (left, right) = result
    shared = left.get_shared_x_axes().joined(left, right)
    assert shared == (kw["sharex"] in (True, "all", "row")), f"sharex={kw['sharex']!r} gave shared x {shared}"


def _titled_figure():
    if "titled" not in _SHARED:
        fig = Figure(figsize=(3, 2))
        fig.add_subplot().set_title("a title far too long for such a small figure to hold")
        _SHARED["titled"] = fig
    return _SHARED["titled"]


def _fit_titles_call(fig, renderer, margin):
    plotting.fit_titles(fig, renderer=renderer, margin=margin)
    return fig


def _fit_titles_check(result, kw):
    assert isinstance(result, Figure)
    title = result.axes[0].title
    assert 0 < title.get_fontsize() <= title._lecture_size


def _log_axis_call(axis, numticks):
    plotting.plain_log_axis(axis, numticks=numticks)
    return axis


def _log_axis_check(result, kw):
    assert result.get_scale() == "log"


def _power_check(result, kw):
    assert isinstance(result, str)
    v = kw["value"]
    if math.isfinite(v) and v > 0:
        assert result.startswith("10")



CASES = [
    Case("batches", _batches_call, _batches_valid, _batches_check, aliases={"X": ("N",), "y": ("N",)},
         odd={"batch_size": [1, 10, 11, 25, 4.0, np.int64(3), 10**12],
              "X": [np.ones((N, 2, 2)), np.arange(N), [[i, -i] for i in range(N)], np.ones((N, 2), dtype=complex),
                    np.array([["a", "b"]] * N), np.full((N, 2), np.inf)],
              "y": [np.arange(N - 1), np.arange(N, dtype=float), np.ones((N, 3)), list(range(N)),
                    np.array(["a"] * N), np.full(N, np.nan)],
              "shuffle": [1, "False", np.bool_(False)], "drop_last": [1, "True", np.bool_(True)],
              "rng": [np.random.default_rng(1), np.int64(3), 2**70, -3, 1.5, np.random.RandomState(0)]}),
    Case("train_test_split", ln.train_test_split, _split_valid, _split_check, aliases={"X": ("N",), "y": ("N",)},
         odd={"test_size": [1, 2, 9, 10, 11, 0.1, 0.01, 0.99, 1.0, 3.0, np.float64(0.3), np.int64(3), 1e-9],
              "X": [np.arange(N), np.ones((N, 2, 2)), np.ones((1, 2)), np.full((N, 2), np.nan)],
              "y": [np.arange(N - 1), np.ones((N, 3)), np.full(N, np.inf)],
              "shuffle": [0, "yes", np.bool_(False)], "rng": [np.random.default_rng(1), -3, 1.5]}),
    Case("polynomial_features", ln.polynomial_features, _poly_valid, _poly_check,
         aliases={"X": ("d =", "features")},
         odd={"degree": [1, 2, 5, 3.0, np.int64(2), 10**9, 10**30],
              "X": [np.arange(3.0), np.ones((100, 100)), np.ones((3, 0)), np.ones((0, 2)), [[1, 2], [3]],
                    np.array([1 + 1j, 2]), np.array(["a", "b"]), np.ones((2, 3000)), 3.0],
              "include_bias": [1, "True", np.bool_(True)]}),
    Case("regression_1d", ln.regression_1d,
         lambda: dict(target="sin", n=20, noise=0.0, rng=0, x_range=(-1.0, 1.0)), _regression_check,
         odd={"target": ["SIN", "Sawtooth", "sine", "cos", b"sin", lambda x: 2 * x, lambda x: x[:3],
                         lambda x: np.full_like(x, np.nan), lambda x: 1 / 0, lambda x: "abc", np.sin,
                         lambda x: x[:, None], ln.TARGETS_1D["abs"]],
              "n": [1, 2, 20.0, np.int64(5), 10**12],
              "noise": [0.1, np.float64(0.2), "0.1", -0.1, 1e-12],
              "x_range": [(1.0, -1.0), (0.0, 0.0), (0, 1), [0, 2], (-np.inf, 1), (-1e308, 1e308), 3.0, (1, 2, 3),
                          ("0", "1"), np.array([0.0, 1.0])],
              "rng": [np.random.default_rng(1), np.int64(3), -1, 1.5, "0"]}),
    Case("moons", ln.moons, lambda: dict(n=30, noise=0.1, rng=0), _labels_check(2),
         odd={"n": [1, 2, 3, 30.0, "200", np.int64(7), 10**12], "noise": [0.0, "0.1", -0.1, np.float64(0.2)]}),
    Case("circles", ln.circles, lambda: dict(n=30, noise=0.0, factor=0.5, rng=0), _circles_check,
         odd={"factor": [1, 1.0, 0.0, 0.999, 1.5, -0.5, np.float64(0.3), "0.5"], "noise": [0.05, "0.1"],
              "n": [1, 2, 3.5, "200"]}),
    Case("spirals", ln.spirals, lambda: dict(n=30, noise=0.05, n_classes=3, turns=1.0, rng=0), _labels_check(3),
         odd={"turns": [1, 2.5, 0.0, -1.0, "1", np.float64(1.5), 1e6, 100], "n_classes": [1, 2, 5, 30, 31, 10**9,
                                                                                       2.0, np.int64(4)],
              "n": [2, 3, 30.0, "200", 10**12]}),
    Case("xor", ln.xor, lambda: dict(n=30, noise=0.1, rng=0), _labels_check(2),
         odd={"n": [1, 2, 30.0, "200"], "noise": [0.0, "0.1", -1e-9]}),
    Case("blobs", ln.blobs, lambda: dict(n=30, n_classes=3, std=0.25, rng=0), _labels_check(3),
         odd={"n_classes": [1, 2, 6, 30, 31, 10**9, 3.0], "std": [0.0, "0.1", -0.1], "n": [2, 3, 30.0, "200"]}),
    _classification_case("moons"),
    _classification_case("blobs"),
    _classification_case("circles", factor=0.4),
    _classification_case("spirals", turns=1.5, n_classes=3),
    Case("classification_2d unknown keyword", lambda **kw: ln.classification_2d("moons", n=20, rng=0, **kw),
         lambda: dict(noise=0.1), _labels_check(2, 20)),
]

for _name in ln.TARGETS_1D:
    CASES.append(Case(f"TARGETS_1D[{_name!r}]", lambda _f=ln.TARGETS_1D[_name], **kw: _f(**kw),
                      lambda: dict(x=np.linspace(-1, 1, 9)), _target_check(_name),
                      odd={"x": [0.5, -1, [0.1, 0.2], np.ones((2, 3)), np.array([1, 2]), np.empty(0)]}))

CASES += [
    Case("use_lecture_style", _style_call, lambda: dict(presentation=False), _style_check,
         odd={"presentation": [np.bool_(True), 1, "no", "False"]}),
    Case("presenting", plotting.presenting, dict, lambda r, kw: isinstance(r, bool)),
    Case("slide_dpi", plotting.slide_dpi, lambda: dict(figsize=(6.4, 4.0), box=(12.8, 6.4), dpi=100),
         _slide_dpi_check, odd={"figsize": [(1e-300, 1), (6.4,), "6.4x4", (0, 4), np.array([6.0, 4.0])],
                                "box": [(0, 1), (1e300, 1e300)], "dpi": [1e-300, 72, np.float64(50)]}),
    Case("figure", plotting.figure, lambda: dict(figsize=(3.0, 2.0), dpi=50), _figure_check,
         odd={"figsize": [(3, 2), [4.0, 3.0], (1e300, 1), (0, 1), (3.0, 2.0, 1.0), np.array([3.0, 2.0]), 5.0],
              "dpi": [72, 1e-300, 1e300]}),
    Case("new_figure", plotting.new_figure, lambda: dict(nrows=1, ncols=2, figsize=(3.0, 2.0)), _new_figure_check,
         odd={"nrows": [1, 3, 2.0, 10**6], "ncols": [1, 2.0, 10**6], "figsize": [(3, 2), (1e300, 1), 5.0]}),
    Case("new_figure subplot_kw", lambda **kw: plotting.new_figure(1, 2, figsize=(3.0, 2.0), **kw),
         lambda: dict(sharex=True), _shared_check, odd={"sharex": ["all", "none", "row", "col", np.bool_(True)]}),
    Case("fit_titles", _fit_titles_call, lambda: dict(fig=_titled_figure(), renderer=None, margin=4.0),
         _fit_titles_check,
         odd={"fig": [Figure().add_subplot(), plotting.new_figure()], "margin": [0, 10, 1e6, np.float64(2.0)]}),
    Case("grid_points", plotting.grid_points, lambda: dict(x_range=(-1.0, 1.0), y_range=(0.0, 2.0), n=5),
         _grid_check, odd={"x_range": [(1, -1), (0, 0), (-np.inf, 0), (-1e308, 1e308), 3.0, "ab", (1, 2, 3)],
                           "n": [1, 2, 5.0, 10**6, np.int64(3)]}),
    Case("plot_dataset_2d", plotting.plot_dataset_2d, _dataset_plot_valid, _dataset_plot_check,
         aliases={"X": ("N",), "y": ("N",)},
         odd={"X": [np.ones((12, 3)), np.ones(12), np.full((12, 2), np.nan), [[0.0, 1.0]] * 12, np.ones((12, 2, 1))],
              "y": [np.zeros(12), np.arange(12) % 3, np.full(12, 0.5), np.full(12, np.nan), np.zeros(11),
                    np.array(["a"] * 12), np.ones((12, 1), dtype=int), np.zeros(12, dtype=bool), -np.ones(12, int)],
              "ax": [Figure(), Figure().add_subplot().figure, "ax", plotting.new_figure(1, 2)[1]],
              "size": [0, 30, np.float64(5)], "alpha": [0, 1, 1.5, -0.1], "edgecolor": ["none", "k", "#12345",
                                                                                    (1, 0, 0), "face"]}),
    Case("plot_decision_boundary", plotting.plot_decision_boundary, _boundary_valid, _boundary_check,
         aliases={"X": ("N",), "y": ("N",), "x_range": ("window",), "y_range": ("window",)},
         odd={"score_fn": [lambda P: np.full((len(P), 1), np.nan), lambda P: P, lambda P: P[:, 0],
                           lambda P: P[:3], lambda P: 1 / 0, lambda P: "abc", lambda P: np.column_stack([P, -P]),
                           ln.mlp([2, 3, 1], rng=0), lambda P: np.full((len(P), 1), np.inf),
                           lambda P: P[:, 0] > 0],
              "x_range": [(1, -1), (-np.inf, 1), 3.0, (0, 0), np.array([-1.0, 1.0])],
              "n": [2, 3.0, 10**6], "margin": [0, "0.3", -0.5],
              "y": [np.zeros(11), np.full(12, 0.5)], "X": [np.ones((12, 3)), np.zeros((0, 2))]}),
    Case("plot_decision_boundary from X", plotting.plot_decision_boundary,
         lambda: dict(_boundary_valid(), x_range=None, y_range=None), _boundary_check,
         aliases={"X": ("N",), "y": ("N",)},
         odd={"X": [np.zeros((12, 2)), np.zeros((0, 2)), np.full((12, 2), 1e308)], "margin": [0, 1e308, -1]}),
    Case("power_of_ten", plotting.power_of_ten, lambda: dict(value=1e-3, _position=None), _power_check,
         odd={"value": [1, 1e-300, 5e-324, 1e300, np.float64(100.0), -5, 0.0]}),
    Case("plain_log_axis", _log_axis_call, lambda: dict(axis=_ax("log").yaxis, numticks=8), _log_axis_check,
         odd={"axis": [Figure().add_subplot(), Figure().add_subplot().xaxis, "y"], "numticks": [1, 2, 8.0, 10**9]}),
]

