"""Fuzz cases for the demos of notebooks 00, 03 and 08 (linear_models, universal_approximation, summary).

Every public function, explorer constructor and explorer method of those modules, with small valid
arguments (tiny data, few training steps) so the whole area runs in a few seconds. An explorer's
check asserts that it drew (``last_error is None``) and that every control named like a constructor
argument holds exactly the value passed (a name in its canonical spelling).
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from matplotlib.figure import Figure

import lecture_nn as ln
from fuzz import Case
from lecture_nn.demos import linear_models as lm
from lecture_nn.demos import summary as sm
from lecture_nn.demos import universal_approximation as ua


# --- shared checks ----------------------------------------------------------------------------------


def _close(a, b) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-300)


def _assert_holds(control, name, value):
    held = control.value
    if isinstance(value, str):
        assert isinstance(held, str) and held.lower() == value.lower(), \
            f"{name}: passed {value!r}, control holds {held!r}"
    elif isinstance(value, (bool, np.bool_)):
        assert held is bool(value), f"{name}: passed {value!r}, control holds {held!r}"
    elif isinstance(value, numbers.Real):
        assert isinstance(held, numbers.Real) and _close(held, value), \
            f"{name}: passed {value!r}, control holds {held!r}"
    else:
        assert held == value, f"{name}: passed {value!r}, control holds {held!r}"


def _explorer_check(ex, kwargs):
    assert ex.last_error is None, f"the explorer could not draw: {ex.last_error!r}"
    assert len(ex.out.outputs) == 1, "no picture in the Output"
    for name, value in kwargs.items():
        if name in ex.controls:
            _assert_holds(ex.controls[name], name, value)


def _figure(n_axes=None):
    def check(fig, kwargs):
        assert isinstance(fig, Figure), f"expected a Figure, got {type(fig).__name__}"
        if n_axes is not None:
            want = n_axes(kwargs) if callable(n_axes) else n_axes
            assert len(fig.axes) == want, f"expected {want} axes, got {len(fig.axes)}"
    return check


def _none(result, kwargs):
    assert result is None, f"update returned {result!r}"


_EXPLORERS: dict = {}


def _built(cls, **kwargs):
    """One explorer per class, built once, for the cases that call its methods."""
    if cls not in _EXPLORERS:
        _EXPLORERS[cls] = cls(**kwargs)
    return _EXPLORERS[cls]


def _construct(cls):
    """``cls(**kwargs)``; the first one built is kept for the method cases (building one takes ~0.2 s)."""
    def call(**kwargs):
        ex = cls(**kwargs)
        _EXPLORERS.setdefault(cls, ex)
        return ex
    return call


def _x1(n=8):
    return np.linspace(-1, 1, n)[:, None]


# --- linear_models ------------------------------------------------------------------------------------

def _feature_matrix_check(Phi, kw):
    X = np.asarray(kw["X"], dtype=float)
    names = [str(n).lower() for n in kw["names"]]
    assert Phi.shape == (len(X), len(names)), f"shape {Phi.shape}"
    for j, name in enumerate(names):
        np.testing.assert_allclose(Phi[:, j], lm.FEATURES[name][2](X))


def _fit_polynomial_check(w, kw):
    degree = kw["degree"]
    y = np.asarray(kw["y"], dtype=float)
    assert w.shape == (degree + 1, 1 if y.ndim == 1 else y.shape[1]), f"w of shape {w.shape}"


def _predict_check(pred, kw):
    X = np.asarray(kw["X"], dtype=float)
    w = np.asarray(kw["w"], dtype=float)
    x = X.reshape(-1)
    expected = np.vander(x, len(w), increasing=True) @ w
    assert pred.shape == expected.shape, f"shape {pred.shape}, expected {expected.shape}"
    np.testing.assert_allclose(pred, expected, rtol=1e-9, atol=1e-12)


def _split_check(parts, kw):
    X_train, X_test, y_train, y_test = parts
    assert len(X_train) + len(X_test) == kw["n"] and len(X_train) >= 1 and len(X_test) >= 1
    for a in parts:
        assert a.ndim == 2 and a.shape[1] == 1


def _curves_check(result, kw):
    train, test, weights = result
    degrees = list(kw["degrees"])
    assert train.shape == test.shape == (len(degrees),)
    assert [len(w) for w in weights] == [d + 1 for d in degrees]
    assert np.all(train >= 0) and np.all(test >= 0)


def _classification_check(data, kw):
    X, y = data
    assert X.shape == (kw["n"], 2) and y.shape == (kw["n"],), f"{X.shape}, {y.shape}"
    assert set(np.unique(y)) <= {0, 1}


def _classifier_check(layer, kw):
    assert isinstance(layer, ln.Dense) and layer.W.value.shape == (1, np.shape(kw["Phi"])[1])


def _poly_explorer_update_check(result, kw):
    ex = _built(lm.PolynomialDegreeExplorer)
    assert result is None and f"p = {kw['degree']}" in ex.ax.get_title()


def _feature_explorer_check(ex, kw):
    _explorer_check(ex, kw)
    wanted = {str(n).lower() for n in kw.get("features", ("x1", "x2"))}
    ticked = {n for n in lm.FEATURES if ex.controls[n].value}
    assert ticked == wanted, f"features {kw.get('features')!r} ticked {sorted(ticked)}"


def _fitted_check(result, kw):
    layer, acc, P = result
    assert layer.W.value.shape == (1, len(kw["names"])) and 0 <= acc <= 1
    assert P.shape == (lm.FeatureToggleExplorer.grid_n,) * 2


_TICKS = {name: name in ("x1", "x2") for name in lm.FEATURES}

LINEAR_MODELS = [
    Case("linear_models.feature_matrix", lm.feature_matrix,
         lambda: dict(X=np.array([[0.5, -1.0], [1.0, 2.0], [0.0, 0.3]]), names=["x1", "x1_sq", "sin_x2"]),
         check=_feature_matrix_check,
         odd={"names": [["X1"], ["x3"], "x1", {"x1"}, ("x1", 3), [["x1"]], ()],
              "X": [np.ones((3, 1)), [[1, 2]], np.array([[1e300, 1e300]])]}),
    Case("linear_models.fit_polynomial", lm.fit_polynomial,
         lambda: dict(X=_x1(), y=1 + 2 * _x1(), degree=2), check=_fit_polynomial_check,
         odd={"degree": [1, 15, 101, 3.0, np.int64(4)], "X": [np.linspace(-1, 1, 8), np.ones((8, 2)), _x1() * 1e200],
              "y": [np.ones(8), np.ones(7), np.ones((8, 2))]}),
    Case("linear_models.predict_polynomial", lm.predict_polynomial,
         lambda: dict(X=_x1(5), w=np.array([[1.0], [2.0], [3.0]])), check=_predict_check,
         odd={"w": [np.array([1.0, 2.0]), np.ones((1, 1)), np.ones((200, 1))],
              "X": [np.linspace(0, 1, 4), _x1() * 1e200]}),
    Case("linear_models.regression_split", lm.regression_split,
         lambda: dict(target="sin", noise=0.1, n=10, rng=0), check=_split_check,
         odd={"target": ["Sin", "sine"], "n": [2, 3, 10 ** 9], "noise": [1e6]}),
    Case("linear_models.polynomial_error_curves", lm.polynomial_error_curves,
         lambda: dict(X_train=_x1(6), y_train=np.sin(_x1(6)), X_test=_x1(5), y_test=np.cos(_x1(5)), degrees=[1, 2]),
         check=_curves_check,
         odd={"degrees": [range(1, 4), [0], [1000]], "y_test": [np.ones(4), np.full((5, 1), 1e300)]}),
    Case("linear_models.classification_data", lm.classification_data,
         lambda: dict(name="xor", n=20, rng=0), check=_classification_check,
         odd={"name": ["XOR", "moon", "blobs"], "n": [2, 3, 10 ** 9]}),
    Case("linear_models.fit_linear_classifier", lm.fit_linear_classifier,
         lambda: dict(Phi=np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5], [1.0, 1.0]]), y=np.array([0, 1, 0, 1]),
                      steps=5, lr=0.1, rng=0),
         check=_classifier_check,
         odd={"y": [np.array([0, 1, 2, 1]), np.array([0.0, 1.0, 0.0, 1.0]), np.array([True, False, True, False])],
              "Phi": [np.ones((4, 0)), np.full((4, 2), 1e300)], "steps": [10 ** 9], "lr": [1e6]}),
    Case("linear_models.polynomial_fits_figure", lm.polynomial_fits_figure,
         lambda: dict(target="sin", degrees=(1,), noise=0.1, n=10, rng=0),
         check=_figure(1), odd={"degrees": [(1, 2, 3, 4, 5, 6, 7)], "target": ["STEP"]}),
    Case("linear_models.circles_features_figure", lm.circles_features_figure,
         lambda: dict(n=20, rng=0), check=_figure(3)),
    Case("linear_models.feature_sets_figure", lm.feature_sets_figure,
         lambda: dict(choices={"xor": ("x1x2",)}, n=20, rng=0),
         check=_figure(lambda kw: 4 if kw["choices"] is None else len(kw["choices"])),
         odd={"choices": [{"xor": "x1x2"}, {"xr": ("x1",)}, {"xor": ()}, [("xor", ("x1",))]]}),
    Case("linear_models.stacking_nonconvex_figure", lm.stacking_nonconvex_figure, lambda: dict(n=10),
         check=_figure(3), odd={"n": [1, 2, 10 ** 6]}),
    Case("linear_models.PolynomialDegreeExplorer", _construct(lm.PolynomialDegreeExplorer),
         lambda: dict(target="sin", degree=3, noise=0.15), check=_explorer_check,
         odd={"degree": [20, 0], "noise": [0.51], "target": ["sine"]}),
    Case("linear_models.FeatureToggleExplorer", _construct(lm.FeatureToggleExplorer),
         lambda: dict(dataset="circles", features=("x1", "x2")), check=_feature_explorer_check,
         odd={"features": [("x3",), "x1", ("x1", 2)], "dataset": ["blobs"]}),
    Case("linear_models.PolynomialDegreeExplorer.update",
         lambda **kw: _built(lm.PolynomialDegreeExplorer).update(**kw),
         lambda: dict(target="sin", degree=3, noise=0.15), check=_poly_explorer_update_check,
         odd={"degree": [16]}),
    Case("linear_models.FeatureToggleExplorer.update",
         lambda **kw: _built(lm.FeatureToggleExplorer).update(**kw),
         lambda: dict(dataset="circles", **_TICKS), check=_none,
         skip=frozenset(lm.FEATURES) - {"x1"}, odd={"x1": [np.True_]}),
    Case("linear_models.FeatureToggleExplorer.fitted",
         lambda **kw: _built(lm.FeatureToggleExplorer).fitted(**kw),
         lambda: dict(dataset="circles", names=("x1", "x2")), check=_fitted_check,
         odd={"names": [(), "x1", ("x3",)]}),
]


# --- universal_approximation -----------------------------------------------------------------------

def _knots_check(x, kw):
    low, high = kw["x_range"]
    assert x.shape == (kw["d_hidden"] + 1,) and _close(x[0], low) and _close(x[-1], high)


def _hinge_weights_check(result, kw):
    W, b, w, c = result
    d = kw["d_hidden"]
    assert W.shape == (d, 1) and b.shape == (d,) and w.shape == (d,) and isinstance(c, float)


def _hinge_network_check(model, kw):
    x = ua.knots(kw["d_hidden"], kw["x_range"])
    expected = np.asarray(kw["f"](x), dtype=float).reshape(-1)
    np.testing.assert_allclose(model.forward(x[:, None])[:, 0], expected, rtol=1e-9, atol=1e-9)


def _contributions_check(A, kw):
    x = np.asarray(kw["x"], dtype=float).reshape(-1)
    assert A.shape == (len(x), kw["model"][0].W.shape[0]), f"shape {A.shape}"


def _nonnegative_float(value, kw):
    assert isinstance(value, float) and value >= 0


def _width_needed_check(d, kw):
    assert isinstance(d, int) and 1 <= d <= kw["max_width"] + 1


def _wiggly_check(f, kw):
    assert callable(f)
    np.testing.assert_allclose(f(np.array([0.5])), np.sin(kw["frequency"] * np.pi * 0.5))


def _wiggly_call_check(y, kw):
    x = np.asarray(kw["x"], dtype=float)
    assert np.shape(y) == x.shape
    np.testing.assert_allclose(y, np.sin(2 * np.pi * x))


def _training_data_check(data, kw):
    X, y = data
    assert X.shape == y.shape == (kw["n"], 1)


def _fit_mlp_check(result, kw):
    model, losses = result
    assert losses.shape == (kw["steps"],) and model[0].W.shape == (kw["d_hidden"], 1)


def _overfitting_check(run, kw):
    assert run["train_loss"].shape == run["test_loss"].shape == (kw["steps"],)
    assert 1 <= run["best_epoch"] <= kw["steps"]
    assert len(run["X_train"]) + len(run["X_test"]) == kw["n"]


def _tent_check(model, kw):
    assert model.n_params == 6 * kw["depth"] + 1


def _shallow_check(model, kw):
    assert model[0].W.shape == (2 ** kw["depth"], 1)


def _pieces_check(k, kw):
    assert isinstance(k, int) and 1 <= k <= np.size(kw["x"]) - 1


def _x_grid():
    return np.linspace(-1, 1, 9)


UNIVERSAL_APPROXIMATION = [
    Case("universal_approximation.knots", ua.knots, lambda: dict(d_hidden=4, x_range=(-1.0, 1.0)),
         check=_knots_check, odd={"d_hidden": [1, 10 ** 9], "x_range": [(1, -1), (0, 1e300), (-1.7e308, 1.7e308)]}),
    Case("universal_approximation.hinge_weights", ua.hinge_weights,
         lambda: dict(f=np.sin, d_hidden=4, x_range=(-1.0, 1.0)), check=_hinge_weights_check,
         odd={"f": [lambda x: np.full_like(x, np.nan), lambda x: x[:1], lambda x: 1 / 0, "sin"],
              "x_range": [(-1.7e308, 1.7e308)], "d_hidden": [10 ** 9]}),
    Case("universal_approximation.hinge_network", ua.hinge_network,
         lambda: dict(f=np.sin, d_hidden=4, x_range=(-1.0, 1.0)), check=_hinge_network_check,
         odd={"d_hidden": [1, 64, 10 ** 9], "f": [lambda x: x ** 2 * 1e308]}),
    Case("universal_approximation.hidden_contributions", ua.hidden_contributions,
         lambda: dict(model=ua.hinge_network(np.sin, 4), x=_x_grid()), check=_contributions_check,
         odd={"model": [ln.mlp([1, 3, 3, 1], rng=0), ln.mlp([2, 3, 1], rng=0), ln.Dense(1, 1, rng=0)],
              "x": [0.5, np.ones((3, 1)), np.full(3, 1e308)]}),
    Case("universal_approximation.interpolation_error", ua.interpolation_error,
         lambda: dict(f=np.sin, d_hidden=4, x_range=(-1.0, 1.0)), check=_nonnegative_float,
         odd={"f": [lambda x: np.full_like(x, np.nan), len], "d_hidden": [10 ** 9]}),
    Case("universal_approximation.width_needed", ua.width_needed,
         lambda: dict(f=np.sin, tol=0.1, max_width=16, x_range=(-1.0, 1.0)), check=_width_needed_check,
         odd={"tol": [1e-300], "max_width": [1, 10 ** 9]}),
    Case("universal_approximation.wiggly", ua.wiggly, lambda: dict(frequency=2.0), check=_wiggly_check,
         odd={"frequency": [1e308, -3]}),
    Case("universal_approximation.wiggly(...)(x)", lambda x: ua.wiggly(2.0)(x), lambda: dict(x=_x_grid()),
         check=_wiggly_call_check, odd={"x": [0.25, [0.0, 0.5], np.ones((2, 3))]}),
    Case("universal_approximation.training_data", ua.training_data,
         lambda: dict(target="sin", n=10, noise=0.1, seed=0), check=_training_data_check,
         odd={"target": ["SAWTOOTH", "sinus"], "n": [10 ** 9], "noise": [1e300]}),
    Case("universal_approximation.fit_mlp", ua.fit_mlp,
         lambda: dict(target="sin", d_hidden=3, activation="relu", seed=0, steps=5, lr=0.02, n=10),
         check=_fit_mlp_check,
         odd={"activation": ["ReLU", "relu6"], "steps": [10 ** 9], "d_hidden": [10 ** 9], "lr": [1e6]}),
    Case("universal_approximation.error_vs_width_figure", ua.error_vs_width_figure,
         lambda: dict(target="sin", widths=(1,), activations=("relu",), seed=0), check=_figure(1),
         odd={"widths": [(1, 10 ** 9)], "activations": ["relu", ("sigmod",)]}),
    Case("universal_approximation.seeds_figure", ua.seeds_figure,
         lambda: dict(target="sin", d_hidden=1, activation="relu", seeds=(0,)), check=_figure(1),
         odd={"seeds": [(0, -1), 0]}),
    Case("universal_approximation.width_needed_figure", ua.width_needed_figure,
         lambda: dict(frequencies=(1,), tol=0.1, max_width=16), check=_figure(2),
         odd={"frequencies": [(0,), (1e300,)], "max_width": [10 ** 9]}),
    Case("universal_approximation.overfitting_curves", ua.overfitting_curves,
         lambda: dict(target="sin", n=10, noise=0.3, d_hidden=4, activation="relu", steps=10, lr=0.01, seed=0),
         check=_overfitting_check, odd={"n": [1, 2, 3], "noise": [1e300], "lr": [1e6]}),
    Case("universal_approximation.overfitting_figure", ua.overfitting_figure,
         lambda: dict(target="sin", n=10, noise=0.3, d_hidden=4, activation="relu", steps=10, lr=0.01, seed=0),
         check=_figure(2), skip=frozenset({"n", "noise", "d_hidden", "steps", "lr", "seed"})),
    Case("universal_approximation.tent_network", ua.tent_network, lambda: dict(depth=3), check=_tent_check,
         odd={"depth": [20, 10 ** 9]}),
    Case("universal_approximation.shallow_sawtooth_network", ua.shallow_sawtooth_network, lambda: dict(depth=3),
         check=_shallow_check, odd={"depth": [10, 64]}),
    Case("universal_approximation.count_linear_pieces", ua.count_linear_pieces,
         lambda: dict(x=_x_grid(), y=np.abs(_x_grid()), rtol=1e-6), check=_pieces_check,
         odd={"x": [_x_grid()[::-1], np.zeros(9), _x_grid()[:, None], _x_grid() * 1e-300],
              "y": [np.abs(_x_grid())[:, None], np.ones(8), np.abs(_x_grid()) * 1e308]}),
    Case("universal_approximation.HingeExplorer", _construct(ua.HingeExplorer), lambda: dict(d_hidden=4, target="sin"),
         check=_explorer_check, odd={"d_hidden": [65], "target": ["stp"]}),
    Case("universal_approximation.TrainedExplorer", _construct(ua.TrainedExplorer),
         lambda: dict(d_hidden=2, activation="relu", target="sin", seed=0), check=_explorer_check,
         odd={"activation": ["identity", "tanh6"], "d_hidden": [100]}),
    Case("universal_approximation.DepthExplorer", _construct(ua.DepthExplorer), lambda: dict(depth=3),
         check=_explorer_check,
         odd={"depth": [20, 11]}),
    Case("universal_approximation.HingeExplorer.update", lambda **kw: _built(ua.HingeExplorer).update(**kw),
         lambda: dict(d_hidden=4, target="sin"), check=_none),
    Case("universal_approximation.TrainedExplorer.update",
         lambda **kw: _built(ua.TrainedExplorer).update(**kw),
         lambda: dict(d_hidden=2, activation="relu", target="sin"), check=_none),
    Case("universal_approximation.DepthExplorer.update", lambda **kw: _built(ua.DepthExplorer).update(**kw),
         lambda: dict(depth=3), check=_none, odd={"depth": [11, 20]}),
]


# --- summary --------------------------------------------------------------------------------------------

def _two_class_data(n=12):
    X = sm.training_inputs(side=4, seed=0)[:n]
    return X, sm.rule_labels(X)


def _feature_data_check(data, kw):
    X, y = data
    assert X.shape == (kw["n"], 2) and y.shape == (kw["n"],)


def _train_feature_net_check(result, kw):
    model, acc = result
    assert isinstance(model, ln.Sequential) and 0 <= acc <= 1


def _hidden_features_check(A, kw):
    assert A.shape == (len(kw["X"]), kw["model"][-1].W.shape[1]), f"shape {A.shape}"


def _accuracy_check(acc, kw):
    assert isinstance(acc, float) and 0 <= acc <= 1


def _rule_labels_check(y, kw):
    X = np.asarray(kw["X"], dtype=float)
    assert y.shape == (len(X),) and np.array_equal(y, X[:, 1] > 0.5 * np.sin(np.pi * X[:, 0]))


def _training_inputs_check(X, kw):
    assert X.shape == (kw["side"] ** 2, 2) and np.all(np.abs(X) <= 1)


def _held_out_check(data, kw):
    X, y = data
    assert X.shape == (kw["n"], 2) and y.shape == (kw["n"],)


def _randomized_check(y_new, kw):
    y = np.asarray(kw["y"])
    assert y_new.shape == y.shape and set(np.unique(y_new)) <= {0, 1}
    if kw["fraction"] == 0:
        assert np.array_equal(y_new, y)


def _train_on_labels_check(run, kw):
    assert run["train_accuracy"] == 1.0 and run["y_train"].shape == (100,)


def _random_labels_update_check(result, kw):
    assert result is None
    ex = _built(sm.RandomLabelsExplorer)
    shown = min((0, 25, 50, 75, 100), key=lambda p: abs(p - kw["percent"]))  # between steps: the nearest net
    assert ex.ax.get_title().startswith(f"{shown} % random labels")


def _fit_sin_check(model, kw):
    assert isinstance(model, ln.Sequential) and model.d_in == 1 and model.d_out == 1


def _separable_check(result, kw):
    assert result.shape == (len(kw["targets"]),) and result.dtype == bool


def _nfl_check(pred, kw):
    assert pred.shape == (256, 4) and set(np.unique(pred)) <= {0, 1}


SUMMARY = [
    # first: building it trains the five nets of seed 0 that the cases below reuse
    Case("summary.RandomLabelsExplorer", _construct(sm.RandomLabelsExplorer), lambda: dict(percent=100, seed=0),
         check=_explorer_check, odd={"percent": [30, 125, 75.0]},
         skip=frozenset({"seed"})),  # the seed check of train_on_labels; each accepted seed builds one more
    Case("summary.RandomLabelsExplorer.update", lambda **kw: _built(sm.RandomLabelsExplorer).update(**kw),
         lambda: dict(percent=100), check=_random_labels_update_check, odd={"percent": [150]}),
    Case("summary.feature_data", sm.feature_data, lambda: dict(n=20, seed=0), check=_feature_data_check,
         odd={"n": [2, 3, 10 ** 9]}),
    Case("summary.train_feature_net", sm.train_feature_net, lambda: dict(seed=2, epochs=5, lr=0.05),
         check=_train_feature_net_check, odd={"epochs": [10 ** 9], "lr": [1e6]}),
    Case("summary.hidden_features", sm.hidden_features,
         lambda: dict(model=ln.mlp([2, 3, 2, 1], rng=0), X=_two_class_data()[0]), check=_hidden_features_check,
         odd={"model": [ln.mlp([3, 2, 1], rng=0), ln.Dense(2, 1, rng=0), ln.Sequential(ln.Dense(2, 2, rng=0),
                                                                                     ln.Activation("relu"))],
              "X": [np.ones((3, 3)), np.full((2, 2), 1e308)]}),
    Case("summary.linear_accuracy", sm.linear_accuracy,
         lambda: dict(features=_two_class_data()[0], y=_two_class_data()[1], epochs=5, lr=0.05, seed=0),
         check=_accuracy_check,
         odd={"y": [np.arange(12), np.ones(11, int)], "features": [np.ones((12, 0)), np.full((12, 2), 1e300)],
              "epochs": [10 ** 9], "lr": [1e6]}),
    Case("summary.best_line_accuracy", sm.best_line_accuracy,
         lambda: dict(X=_two_class_data()[0], y=_two_class_data()[1]), check=_accuracy_check,
         odd={"X": [np.full((12, 2), 1.7e308) * np.linspace(-1, 1, 12)[:, None], np.ones((1, 2)),
                    np.zeros((10 ** 4, 2))],
              "y": [np.full(12, 2), np.arange(12)]}),
    Case("summary.feature_space_figure", sm.feature_space_figure, lambda: dict(seed=2), check=_figure(3)),
    Case("summary.rule_labels", sm.rule_labels, lambda: dict(X=_two_class_data()[0]), check=_rule_labels_check,
         odd={"X": [np.ones((3, 1)), [[0.0, 1.0]]]}),
    Case("summary.training_inputs", sm.training_inputs, lambda: dict(side=3, seed=0), check=_training_inputs_check,
         odd={"side": [1, 10 ** 9]}),
    Case("summary.held_out_data", sm.held_out_data, lambda: dict(n=10, seed=3), check=_held_out_check,
         odd={"n": [1, 10 ** 12]}),
    Case("summary.randomized_labels", sm.randomized_labels,
         lambda: dict(y=_two_class_data()[1], fraction=0.5, seed=0), check=_randomized_check,
         odd={"y": [np.arange(12), np.ones((12, 1), int), np.array([True, False] * 6)], "fraction": [1, 1.5]}),
    Case("summary.train_on_labels", sm.train_on_labels, lambda: dict(fraction=0.0, seed=0),
         check=_train_on_labels_check, odd={"fraction": [0.0 + 0j, np.float32(0)]}),
    Case("summary.memorization_figure", sm.memorization_figure, lambda: dict(fractions=(0.0,), seed=0),
         check=_figure(lambda kw: len(kw["fractions"])), odd={"fractions": [(0.0, 1.5), 0.0]}),
    Case("summary.fit_sin", sm.fit_sin, lambda: dict(activation="relu", seed=0, epochs=5, lr=0.01),
         check=_fit_sin_check, odd={"activation": ["Tanh", "tan"], "epochs": [10 ** 9], "lr": [1e6]}),
    Case("summary.extrapolation_figure", sm.extrapolation_figure,
         lambda: dict(activations=("relu",), x_range=(-3.0, 3.0), wide_range=(-10.0, 10.0), seed=0),
         check=_figure(2),
         odd={"activations": ["relu", ("relu", "sigmod")], "x_range": [(3, -3), (-1e300, 1e300)],
              "wide_range": [(-10, float("inf"))]}),
    Case("summary.all_targets", sm.all_targets, lambda: dict(),
         check=lambda t, kw: None if t.shape == (256, 8) else (_ for _ in ()).throw(AssertionError(t.shape))),
    Case("summary.linearly_separable", sm.linearly_separable, lambda: dict(targets=sm.all_targets()[:5]),
         check=_separable_check,
         odd={"targets": [sm.all_targets()[0], np.full((2, 8), 2), np.ones((2, 7), int), [[0] * 8]]}),
    Case("summary.nfl_predictions", sm.nfl_predictions, lambda: dict(learner="3-nn", seed=0), check=_nfl_check,
         odd={"learner": ["Always 1", "3nn", "oracle"]}),
]

CASES = LINEAR_MODELS + UNIVERSAL_APPROXIMATION + SUMMARY
