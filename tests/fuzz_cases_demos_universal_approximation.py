"""Fuzz cases of the parts of ``lecture_nn.demos.universal_approximation`` added for notebook 03's
sections 1a-1c, 4a and 4b (see tests/fuzz.py; the older functions are in fuzz_cases_demos_b.py).

Small valid arguments (few training steps, coarse grids) so the area runs in seconds. An explorer's
check asks that it drew and that every control named like a constructor argument holds exactly the
value passed.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure

import lecture_nn as ln
from fuzz import Case
from lecture_nn.demos import universal_approximation as ua


def _finite_float(value, kw):
    assert isinstance(value, float) and math.isfinite(value) and value >= 0, f"returned {value!r}"


def _figure(n_axes):
    def check(fig, kw):
        assert isinstance(fig, Figure), f"expected a Figure, got {type(fig).__name__}"
        want = n_axes(kw) if callable(n_axes) else n_axes
        assert len(fig.axes) == want, f"expected {want} axes, got {len(fig.axes)}"
    return check


def _no_bias_check(result, kw):
    model, losses = result
    assert losses.shape == (kw["steps"],)
    assert all(np.all(p.value == 0) for p in model.parameters() if p.name == "b"), "a bias moved"


def _tent_data_check(data, kw):
    X, y = data
    assert X.shape == y.shape == (kw["n"], 1) and X[0, 0] == 0.0 and X[-1, 0] == 1.0


def _tent_training_check(run, kw):
    assert run["losses"].shape == (kw["steps"],) and len(run["live_start"]) == kw["depth"]
    assert run["final_mse"] >= 0 and run["var_y"] >= 0


def _relu_net_check(model, kw):
    assert model.d_in == 2 and model.d_out == 1
    assert all(np.all(np.abs(m.b.value) <= 1) for m in model if isinstance(m, ln.Dense))


def _regions_check(result, kw):
    labels, count = result
    n = kw["n"]
    assert labels.shape == (n, n) and isinstance(count, int) and 1 <= count <= n * n
    assert labels.min() == 0 and labels.max() == count - 1


def _count_check(count, kw):
    assert isinstance(count, int) and 1 <= count <= kw["n"] ** 2


def _explorer_check(ex, kwargs):
    assert ex.last_error is None, f"the explorer could not draw: {ex.last_error!r}"
    assert len(ex.out.outputs) == 1, "no picture in the Output"
    held = ex.values
    for name, value in kwargs.items():
        if name == "target":
            assert held["target"] == str(value).lower(), f"target: passed {value!r}, holds {held['target']!r}"
        elif name in ("c",):
            assert math.isclose(held[name], float(value), rel_tol=1e-12, abs_tol=1e-12), name
        elif name == "show_best":
            assert held[name] is bool(value)
        elif name in ("positions", "weights"):
            letter = "p" if name == "positions" else "w"
            for j, v in enumerate(value, start=1):
                assert math.isclose(held[f"{letter}{j}"], float(v), rel_tol=1e-12, abs_tol=1e-12), (name, j)


def _none(result, kwargs):
    assert result is None, f"update returned {result!r}"


_BUILT: dict = {}


def _hand():
    """One HandHingeExplorer for the method cases (built once)."""
    if "hand" not in _BUILT:
        _BUILT["hand"] = ua.HandHingeExplorer()
    return _BUILT["hand"]


def _hinge_values_check(result, kw):
    y, parts = result
    n = np.size(kw["x"])
    assert y.shape == (n,) and parts.shape == (n, 4)


def _best_weights_check(result, kw):
    w, c = result
    assert w.shape == (4,) and isinstance(c, float)


def _small_net():
    return ua.random_relu_net([2, 3, 1], 0)


CASES = [
    Case("universal_approximation.random_features_mse", ua.random_features_mse,
         lambda: dict(target="sin", d_hidden=3, activation="square", seed=0), check=_finite_float,
         odd={"activation": ["SQUARE", "sqare", "identity"], "d_hidden": [10 ** 9, 4096], "target": ["Abs"]}),
    Case("universal_approximation.best_polynomial_mse", ua.best_polynomial_mse,
         lambda: dict(target="sin", degree=2), check=_finite_float, odd={"degree": [0, 20, 21, 10 ** 9]}),
    Case("universal_approximation.fit_without_biases", ua.fit_without_biases,
         lambda: dict(target="sin", sizes=(1, 3, 1), seed=0, steps=5, lr=0.02), check=_no_bias_check,
         odd={"sizes": [(2, 3, 1), (1, 3, 2), (1, 0, 1), (1, 10 ** 9, 1), [1] + [1] * 21 + [1], "1, 3, 1",
                        np.array([1, 3, 1]), ((1, 3), 1)],
              "steps": [10 ** 9], "lr": [1e6]}),
    Case("universal_approximation.no_bias_figure", ua.no_bias_figure,
         lambda: dict(target="sin", nets=((1, 2, 1),), seed=0), check=_figure(1),
         odd={"nets": [(1, 2, 1), [(1, 2, 1)] * 7, ((2, 2, 1),), ()]}),
    Case("universal_approximation.tent_data", ua.tent_data, lambda: dict(depth=2, n=9), check=_tent_data_check,
         odd={"depth": [11, 10 ** 9], "n": [1, 10 ** 9]}),
    Case("universal_approximation.tent_training", ua.tent_training,
         lambda: dict(depth=2, seed=0, steps=5, lr=0.02, n=10), check=_tent_training_check,
         odd={"depth": [11], "steps": [10 ** 9], "lr": [1e6], "n": [1]}),
    Case("universal_approximation.random_relu_net", ua.random_relu_net,
         lambda: dict(sizes=(2, 3, 1), seed=0), check=_relu_net_check,
         odd={"sizes": [(1, 3, 1), (2, 3), (2, 10 ** 9, 1), "2, 3, 1"]}),
    Case("universal_approximation.activation_regions", ua.activation_regions,
         lambda: dict(model=_small_net(), n=20, x_range=(-1.0, 1.0)), check=_regions_check,
         odd={"model": [ln.mlp([2, 3, 1], "tanh", rng=0), ln.mlp([1, 3, 1], rng=0), ln.Dense(2, 1, rng=0),
                        ln.Sequential(ln.Dense(2, 3, rng=0), ln.Dense(3, 1, rng=0)),
                        ln.Sequential(ln.Dense(2, 3, rng=0), ln.Activation("relu"))],
              "n": [1, 10 ** 9], "x_range": [(1, -1), (-1e308, 1e308), (0, 1e300)]}),
    Case("universal_approximation.count_linear_regions", ua.count_linear_regions,
         lambda: dict(model=_small_net(), n=20, x_range=(-1.0, 1.0)), check=_count_check,
         odd={"n": [2, 10 ** 9], "x_range": [(1, -1)]}),
    Case("universal_approximation.regions_figure", ua.regions_figure,
         lambda: dict(nets=((2, 3, 1),), seed=0, n=20), check=_figure(lambda kw: len(kw["nets"])),
         odd={"nets": [(2, 3, 1), [(2, 3, 1)] * 5, ((1, 3, 1),), ()], "n": [1, 10 ** 9]}),
    Case("universal_approximation.HandHingeExplorer", ua.HandHingeExplorer,
         lambda: dict(target="sin", c=0.0, positions=(-1.0, -0.5, 0.0, 0.5), weights=(-2.0, 4.0, 0.0, 0.0),
                      show_best=False),
         check=_explorer_check,
         odd={"target": ["ABS", "stp"], "positions": [(0.0,) * 5, (2.0, 0.0, 0.0, 0.0), "abcd", (0, 0, 0, 0)],
              "weights": [(9.0, 0.0, 0.0, 0.0), (0.0,) * 3, [1, 2, 3, 4]], "c": [3.0, -2.0],
              "show_best": [1, "yes"]}),
    Case("universal_approximation.HandHingeExplorer.update", lambda **kw: _hand().update(**kw),
         lambda: dict(target="sin", c=0.0, p1=-1.0, p2=-0.5, p3=0.0, p4=0.5, w1=-2.0, w2=4.0, w3=0.0, w4=-4.0,
                      show_best=True), check=_none, odd={"p1": [1.5], "w4": [8.5], "c": [2.5]}),
    Case("universal_approximation.HandHingeExplorer.hinge_values", lambda **kw: _hand().hinge_values(**kw),
         lambda: dict(x=np.linspace(-1, 1, 5), c=0.0, p=[-1.0, -0.5, 0.0, 0.5], w=[1.0, 0.0, 0.0, 0.0]),
         check=_hinge_values_check),
    Case("universal_approximation.HandHingeExplorer.best_weights", lambda **kw: _hand().best_weights(**kw),
         lambda: dict(target="sin", p=[-1.0, -0.5, 0.0, 0.5]), check=_best_weights_check),
]
