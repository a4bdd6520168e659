"""Fuzz cases of the newer helpers of ``lecture_nn.demos.activations`` (see tests/fuzz.py).

The hidden units of a one-hidden-layer network (``hidden_units``, ``hidden_units_figure``) and
plain SGD on the deep networks (``deep_training``, ``deep_training_figure``). The older helpers
of the module have their cases in ``fuzz_cases_demos_a.py``. Valid settings are the smallest that
draw: one hidden unit, three Dense layers, a few steps.
"""

from __future__ import annotations

import numpy as np

import lecture_nn as ln
from fuzz import Case
from lecture_nn.demos import activations as act

NAME_ODD = ["Sigmoid", "sigmod", "RELU", "identity", "leaky_relu", "softmax", " relu"]


def _small_model(d_hidden=1, activation="relu"):
    model = ln.mlp([2, d_hidden, 1], activation=activation, rng=0)
    model[2].b.value[...] = 0.25  # a non-zero output bias c, so that c is checked too
    return model


def _nan_model():
    model = _small_model()
    model[0].W.value[0, 0] = np.nan
    return model


def _points():
    return np.random.default_rng(0).uniform(-1.6, 1.6, (6, 2))


def check_hidden_units(result, kw):
    A, w, c = result
    model, points = kw["model"], np.asarray(kw["points"], dtype=float)
    assert A.shape == (len(points), model[0].d_out) and w.shape == (model[0].d_out,) and isinstance(c, float)
    np.testing.assert_allclose(A @ w + c, model.forward(points)[:, 0], rtol=1e-12, atol=1e-12)


def valid_hidden_units_figure():
    X, y = ln.xor(n=12, rng=0)
    return dict(model=_small_model(), X=X, y=y, n=8, x_range=(-1.6, 1.6))


def check_hidden_units_figure(fig, kw):
    from matplotlib.figure import Figure
    assert isinstance(fig, Figure)
    d_hidden = kw["model"][0].d_out
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == d_hidden + 2, f"{len(visible)} panels for d' = {d_hidden}"
    n = kw["n"]
    for ax in visible:
        assert ax.images[0].get_array().shape == (n, n)
        assert np.isfinite(np.asarray(ax.images[0].get_array(), dtype=float)).all(), "a map has NaN/inf"


def valid_deep_training():
    return dict(activation="tanh", init="matching", depth=3, seed=0, alpha=1.0, steps=3, lr=0.1)


def check_deep_training(run, kw):
    assert isinstance(run, act.DeepTraining)
    depth, steps = kw["depth"], kw["steps"]
    assert run.losses.shape == (steps + 1,) and run.moved.shape == (depth,), (run.losses.shape, run.moved.shape)
    assert run.norms_start.shape == run.norms_end.shape == (depth,)
    assert np.all(run.moved >= 0) and 0.0 <= run.accuracy <= 1.0
    np.testing.assert_array_equal(
        run.norms_start, act.layer_gradient_norms(kw["activation"], kw["init"], depth, kw["seed"], kw["alpha"]))


def valid_deep_training_figure():
    return dict(activations=("sigmoid", "relu"), depth=2, steps=2, lr=0.1)


def check_deep_training_figure(fig, kw):
    from matplotlib.figure import Figure
    assert isinstance(fig, Figure) and len(fig.axes) == 3
    names = {name.lower() for name in kw["activations"]}
    assert len(fig.axes[0].lines) == len(names) * 6 + 1, f"{len(fig.axes[0].lines)} lines in the loss panel"


CASES = [
    Case("demos.activations.hidden_units", act.hidden_units, lambda: dict(model=_small_model(2), points=_points()),
         check=check_hidden_units,
         odd={"model": [ln.mlp([2, 3, 3, 1], rng=0), ln.mlp([2, 3, 2], rng=0), ln.mlp([3, 2, 1], rng=0),
                        _nan_model(), _small_model(16, "tanh"), ln.Dense(2, 1), [ln.Dense(2, 1)]],
              "points": [np.ones((5, 3)), np.full((3, 2), 1e300), np.full((3, 2), 1e150), [[0.0, 1.0]],
                         np.ones((1, 2), dtype=np.float32), np.zeros((2, 2), dtype=int)]}),
    Case("demos.activations.hidden_units_figure", act.hidden_units_figure, valid_hidden_units_figure,
         check=check_hidden_units_figure,
         odd={"model": [ln.mlp([2, 17, 1], rng=0), ln.mlp([3, 2, 1], rng=0), _nan_model(), _small_model(3, "tanh"),
                        ln.mlp([2, 2, 2], rng=0)],
              "X": [np.ones((12, 3)), np.ones((11, 2)), np.full((12, 2), np.nan)],
              "y": [np.arange(12) % 3, np.zeros(11), np.full(12, 0.5), np.ones(12, dtype=bool)],
              "n": [1, 2, 400, 401, np.int64(5)],
              "x_range": [(1.0, -1.0), (0, 0), (-1e300, 1e300), (-1e4, 1e4), (0.0, 1e-9), [-2, 2], (-1.6,),
                          (np.nan, 1.0)]}),
    Case("demos.activations.deep_training", act.deep_training, valid_deep_training, check=check_deep_training,
         odd={"activation": NAME_ODD, "init": ["HE", "lecun", "unit"], "depth": [1, 2, 61],
              "seed": [2**40, np.int64(3)], "alpha": [0.05, 3.0, 10.0],
              "steps": [1, 2001, 10**9, np.int64(2)], "lr": [100.0, 100.5, 1e-300, 50.0]}),
    Case("demos.activations.deep_training(elu, deep)", act.deep_training,
         lambda: dict(activation="elu", init="matching", depth=40, seed=1, alpha=1.5, steps=2, lr=0.01),
         check=check_deep_training, odd={"lr": [1.0, 20.0, 100.0], "steps": [50, 251]},
         skip=frozenset({"activation", "init", "depth", "seed", "alpha"})),
    Case("demos.activations.deep_training_figure", act.deep_training_figure, valid_deep_training_figure,
         check=check_deep_training_figure,
         odd={"activations": [("sigmoid", "sigmod"), ("relu", "RELU"), ("tanh",), ["ELU", "softplus"],
                              ("identity",), tuple(act.SLIDE_ACTIVATIONS), frozenset({"relu"})],
              "depth": [1, 61], "steps": [0, 2001], "lr": [100.0, 0.0]}),
]
