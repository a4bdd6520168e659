"""Fuzz cases of the network helpers of ``lecture_nn.demos.linear_models`` (notebook 00, section 6; see tests/fuzz.py).

``fit_mlp_classifier``, ``learned_features`` and ``learned_features_figure``, every argument, with tiny
data and few steps so the cases run in seconds. The module's other helpers are in
``tests/fuzz_cases_demos_b.py``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

import lecture_nn as ln
from fuzz import Case
from lecture_nn.demos import linear_models as lm


def _points():
    return np.array([[0.0, 0.5], [0.5, 0.0], [-0.5, 0.2], [0.2, -0.5], [0.9, 0.9], [-0.9, -0.7]])


def _labels():
    return np.array([0, 1, 0, 1, 1, 0])


def _network(d_hidden=3):
    return ln.mlp([2, d_hidden, 1], "tanh", rng=0)


def _is_one_hidden_layer(model, d, d_hidden):
    assert isinstance(model, ln.Sequential) and len(model.layers) == 3, f"got {model!r}"
    first, _, last = model.layers
    assert (first.d_in, first.d_out, last.d_in, last.d_out) == (d, d_hidden, d_hidden, 1), \
        f"layers {first.d_in} -> {first.d_out} -> {last.d_out}"


def _fit_check(model, kw):
    _is_one_hidden_layer(model, np.shape(kw["X"])[1], int(kw["d_hidden"]))
    assert all(np.isfinite(p.value).all() for p in model.parameters()), "non-finite weights"


def _features_check(H, kw):
    model, X = kw["model"], np.asarray(kw["X"], dtype=float)
    first, g, _ = model.layers
    assert H.shape == (len(X), first.d_out), f"shape {H.shape}"
    if len(X):
        np.testing.assert_allclose(H, g.forward(X @ first.W.value.T + first.b.value), atol=1e-12)


def _figure_check(fig, kw):
    assert isinstance(fig, Figure), f"expected a Figure, got {type(fig).__name__}"
    d_hidden = kw["model"].layers[0].d_out
    assert len(fig.axes) == 1 + len(lm.FEATURES) + d_hidden + 1, f"{len(fig.axes)} axes for d' = {d_hidden}"
    assert fig.axes[0].get_title().startswith("the network: train accuracy ")


_MODELS = [ln.mlp([2, 4, 4, 1], "tanh", rng=0), ln.mlp([3, 2, 1], "tanh", rng=0), ln.mlp([2, 2, 2], "tanh", rng=0),
           ln.Dense(2, 1, rng=0), ln.mlp([2, 40, 1], "tanh", rng=0), _network(1)]

CASES = [
    Case("linear_models.fit_mlp_classifier", lm.fit_mlp_classifier,
         lambda: dict(X=_points(), y=_labels(), d_hidden=2, activation="tanh", steps=3, lr=0.05, rng=0),
         check=_fit_check,
         odd={"X": [np.ones((6, 3)), np.ones((6, 1)), np.full((6, 2), 1e200), _points()[:5]],
              "y": [np.array([0, 1, 2, 1, 0, 1]), _labels().astype(float), _labels() == 1, _labels()[:, None],
                    np.ones((6, 2))],
              "d_hidden": [1, 32, 33, 10 ** 9], "activation": ["ReLU", "elu", "tanhh", np.tanh],
              "steps": [1, 10 ** 9], "lr": [1e6, 10.0], "rng": [np.random.default_rng(1), -3]}),
    Case("linear_models.learned_features", lm.learned_features,
         lambda: dict(model=_network(), X=_points()), check=_features_check,
         odd={"model": _MODELS, "X": [np.empty((0, 2)), np.ones((6, 3)), np.full((2, 2), 1e200)]}),
    Case("linear_models.learned_features_figure", lm.learned_features_figure,
         lambda: dict(model=_network(), X=_points(), y=_labels(), n=8), check=_figure_check,
         odd={"model": _MODELS, "X": [np.full((6, 2), 1e7), np.ones((6, 3)), _points()[:3]],
              "y": [np.array([0, 1, 2, 1, 0, 1]), np.zeros(6), np.ones((6, 2))], "n": [2, 401, 3.0]}),
]
