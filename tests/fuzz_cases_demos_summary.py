"""Fuzz cases for the parity helpers of notebook 08's part (d) (see tests/fuzz.py).

``parity_data``, ``parity_network`` and ``train_on_parity`` of ``lecture_nn.demos.summary``, with
small valid arguments (3 bits, a few epochs) so every accepted odd value trains in milliseconds.
"""

from __future__ import annotations

import numpy as np

import lecture_nn as ln
from fuzz import Case
from lecture_nn.demos import summary as sm


def _parity_data_check(result, kw):
    X, y = result
    n = int(kw["n"])
    assert X.shape == (2 ** n, n) and y.shape == (2 ** n,)
    np.testing.assert_array_equal(y, X.sum(axis=1) % 2)


def _parity_network_check(model, kw):
    X, y = sm.parity_data(kw["n"])
    assert isinstance(model, ln.Sequential) and model.n_params == int(kw["n"]) * (int(kw["n"]) + 2) + 1
    np.testing.assert_array_equal(model.forward(X)[:, 0] > 0, y == 1)


def _train_on_parity_check(run, kw):
    n = int(kw["n"])
    assert 0.0 <= run["train_accuracy"] <= 1.0 and np.isfinite(run["final_loss"])
    assert isinstance(run["model"], ln.Sequential) and run["model"].d_in == n
    if float(kw["train_fraction"]) == 1.0:
        assert run["test_accuracy"] is None and run["n_train"] == 2 ** n
    else:
        assert 1 <= run["n_train"] < 2 ** n and 0.0 <= run["test_accuracy"] <= 1.0


CASES = [
    Case("summary.parity_data", sm.parity_data, lambda: dict(n=3), check=_parity_data_check,
         odd={"n": [0, 13, 3.0, np.int64(2), True, 12]}),
    Case("summary.parity_network", sm.parity_network, lambda: dict(n=3, scale=8.0), check=_parity_network_check,
         odd={"n": [0, 13, np.int64(5)], "scale": [0.0, -1.0, 1e-300, 1e7, np.float32(2)]}),
    Case("summary.train_on_parity", sm.train_on_parity,
         lambda: dict(width=2, seed=0, train_fraction=1.0, epochs=3, n=3), check=_train_on_parity_check,
         odd={"width": [0, 1025, 2.5], "train_fraction": [0.0, 0.05, 0.5, 0.99, 1.5, 1], "epochs": [0, 10 ** 9],
              "n": [0, 13, 1]}),
]
