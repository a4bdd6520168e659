"""Fuzz cases of notebook 01's newer demos (see tests/fuzz.py): the collapsed stack against logistic
regression, the rescaled twins and the line between them, and the effective-weights explorer.

The older functions of ``lecture_nn.demos.linear_collapse`` have their cases in ``fuzz_cases_demos_a.py``.
"""

from __future__ import annotations

import functools

import numpy as np

import lecture_nn as ln
from fuzz import Case
from fuzz_cases_demos_a import explorer_check, figure_check
from lecture_nn.demos import linear_collapse as lc


def _circles():
    return lc.circles_data(n=60, seed=0)


def valid_logistic():
    X, y = _circles()
    return dict(X=X, y=y)


def check_logistic(result, kw):
    w, b = result
    X = np.asarray(kw["X"], dtype=float)
    y = np.asarray(kw["y"], dtype=float).reshape(-1)
    A = np.c_[X, np.ones(len(X))]
    p = 1 / (1 + np.exp(-(A @ np.r_[w, b])))
    assert w.shape == (X.shape[1],) and isinstance(b, float)
    assert np.abs(A.T @ (p - y) / len(y)).max() < 1e-10, "not a stationary point"


def check_stack(result, kw):
    model, path = result
    assert path.shape == (kw["steps"] + 1, 3)
    W, b = lc.collapse(model)
    assert np.array_equal(path[-1], np.r_[W[0], b])
    assert len([m for m in model if isinstance(m, ln.Dense)]) == kw["depth"] + 1


@functools.cache
def _stack():
    return lc.train_linear_stack(1, steps=5)[0]


def valid_rescaled():
    return dict(model=_stack(), c=2.0)


def check_rescaled(twin, kw):
    X = np.random.default_rng(0).standard_normal((5, kw["model"][0].d_in))
    np.testing.assert_allclose(twin(X), kw["model"](X), rtol=1e-9, atol=1e-12)


ODD_STACKS = [
    ln.mlp([2, 3, 1], activation="relu", rng=0),
    ln.Sequential(ln.Dense(2, 1, rng=0)),
    ln.Dense(2, 1, rng=0),
    ln.Sequential(ln.Activation("identity")),
    ln.mlp([3, 2, 1], activation="identity", rng=0),
    ln.mlp([2, 4, 4, 1], activation="identity", rng=0),
]


def valid_line():
    model = _stack()
    return dict(model_a=model, model_b=lc.rescaled(model, -1), t=np.linspace(0, 1, 5), seed=0)


def check_line(result, kw):
    L, maps = result
    t = np.atleast_1d(np.asarray(kw["t"], dtype=float))
    assert L.shape == t.shape and maps.shape == (len(t), 3)
    assert np.allclose(L, lc.effective_loss(maps, kw["seed"]), rtol=1e-10, atol=1e-12)


def check_effective_loss(result, kw):
    rows = np.asarray(kw["W_eff"], dtype=float)
    assert np.shape(result) == rows.shape[:-1]
    assert np.all(np.asarray(result) >= 0)


@functools.cache
def _weights_explorer():
    return lc.EffectiveWeightsExplorer(depth=2, step=0)


def call_weights_update(**kw):
    ex = _weights_explorer()
    ex.update(**kw)
    return ex


def check_weights_update(ex, kw):
    depth = int(kw["depth"])
    assert ex.ax.get_title().endswith(f"depths 1 to {depth}" if depth > 1 else "depth 1")
    assert f"after {int(kw['step'])} step" in ex.ax.get_title()


CASES = [
    Case("demos.linear_collapse.logistic_regression", lc.logistic_regression, valid_logistic, check=check_logistic,
         odd={"X": [_circles()[0] ** 2, np.ones((60, 2)), _circles()[0][:, :1], np.full((60, 2), 1e7)],
              "y": [np.ones(60), np.zeros(60), _circles()[1].reshape(-1, 1), _circles()[1].astype(bool),
                    np.full(60, 0.5)]}),
    Case("demos.linear_collapse.train_linear_stack", lc.train_linear_stack, lambda: dict(depth=1, seed=0, steps=5),
         check=check_stack, odd={"depth": [51, 50, 10**6], "steps": [20_001, 0, 10**12], "seed": [2**40]}),
    Case("demos.linear_collapse.rescaled", lc.rescaled, valid_rescaled, check=check_rescaled,
         odd={"model": ODD_STACKS, "c": [-1, 1e-4, -1e-4, 1e3, 1e3 + 1, np.float32(3)]}),
    Case("demos.linear_collapse.along_line", lc.along_line, valid_line, check=check_line,
         odd={"model_a": ODD_STACKS, "model_b": ODD_STACKS, "t": [np.array([-100.0, 100.0]), [101.0], 0.5]}),
    Case("demos.linear_collapse.effective_loss", lc.effective_loss, lambda: dict(W_eff=np.zeros((4, 3)), seed=0),
         check=check_effective_loss,
         odd={"W_eff": [np.zeros(3), np.ones((2, 2)), np.full(3, 1e5), [[0.1, 0.2, 0.3]]]}),
    Case("demos.linear_collapse.nonconvex_line_figure", lc.nonconvex_line_figure,
         lambda: dict(depth=1, seed=0, c=3.0), check=figure_check(2),
         odd={"depth": [0, 9, 8], "c": [1.4, 1.5, 10.0, 10.5]}),
    # seed left alone: each new seed trains 8 stacks (seconds); train_linear_stack's seed is fuzzed above
    Case("demos.linear_collapse.EffectiveWeightsExplorer", lc.EffectiveWeightsExplorer,
         lambda: dict(depth=2, step=0, seed=0), check=explorer_check, skip=frozenset({"seed"}),
         odd={"depth": [0, 9, 8], "step": [4, 500, 501, np.int64(10)]}),
    Case("demos.linear_collapse.EffectiveWeightsExplorer.update", call_weights_update,
         lambda: dict(depth=2, step=0), check=check_weights_update,
         odd={"depth": [0, 9, 8, np.int64(3)], "step": [4, 500, 501]}),
]
