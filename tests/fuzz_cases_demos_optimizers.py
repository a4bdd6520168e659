"""Fuzz cases of notebook 06's momentum analysis and the race's new modes (see tests/fuzz.py).

``lecture_nn.demos.optimizers``: the eigen-direction picture of momentum on a quadratic
(``momentum_matrix``, ``convergence_rate``, ``tuned_gd``, ``tuned_momentum``, ``eigenmode_errors``,
``predicted_eigenmode_errors``, ``eigenmode_figure``, ``rate_map``, ``rate_map_figure``), the race's
"each its best η" search (``race_best_learning_rates``) and Adam's bias switch in ``race`` and
``RaceExplorer``. The module's older functions have their cases in ``fuzz_cases_demos_c.py``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from fuzz import Case
from lecture_nn.demos import optimizers as demo


def _matrix_check(A, kwargs):
    assert A.shape == (2, 2) and np.isfinite(A).all()


def _rate_check(rate, kwargs):
    rates = np.atleast_1d(rate)
    assert np.all(rates >= 0) and np.isfinite(rates).all()


def _tuned_check(tuned, kwargs):
    assert isinstance(tuned, demo.Tuned) and 0 <= tuned.rate < 1 and tuned.lr > 0 and 0 <= tuned.beta < 1


def _errors_check(errors, kwargs):
    assert errors.shape == (kwargs["steps"] + 1, len(kwargs["curvatures"])) and not np.isnan(errors).any()
    assert np.all(errors[0] == 1)


def _is_figure(fig, kwargs):
    assert isinstance(fig, Figure), f"expected a Figure, got {type(fig).__name__}"


def _map_check(result, kwargs):
    lrs, betas, rates = result
    assert rates.shape == (len(betas), len(lrs)) and np.isfinite(rates).all()


def _best_check(best, kwargs):
    assert list(best) == list(demo.OPTIMIZERS) and set(best.values()) <= set(demo.RACE_LR_GRID)


def _runs_check(runs, kwargs):
    assert list(runs) == list(demo.OPTIMIZERS)
    assert all(run.path.shape == (kwargs["steps"] + 1, 2) for run in runs.values())


def _explorer_check(ex, kwargs):
    assert ex.last_error is None, f"drew an error: {ex.last_error!r}"
    assert ex.controls["eta_mode"].value == kwargs["eta_mode"].lower()
    assert ex.controls["bias_correction"].value is bool(kwargs["bias_correction"])
    assert ex.controls["lr"].disabled == (kwargs["eta_mode"].lower() == "best")


CASES = [
    Case("optimizers.momentum_matrix", demo.momentum_matrix, lambda: dict(lr=0.2, beta=0.5, curvature=4.0),
         check=_matrix_check, odd={"curvature": [1e7], "lr": [1e4]}),
    Case("optimizers.convergence_rate", demo.convergence_rate, lambda: dict(lr=0.2, beta=0.5, curvatures=(1.0, 20.0)),
         check=_rate_check,
         odd={"lr": [np.array([0.1, 0.2]), np.array([0.1, -0.2]), np.array([[0.1], [1e4]])],
              "beta": [np.array([0.0, 0.5, 0.9]), np.array([0.5, 1.0])], "curvatures": [(1.0,) * 9, (0.0, 1.0)]}),
    Case("optimizers.tuned_gd", demo.tuned_gd, lambda: dict(lambda_min=1.0, lambda_max=20.0), check=_tuned_check,
         odd={"lambda_max": [0.5, 1e7]}),
    Case("optimizers.tuned_momentum", demo.tuned_momentum, lambda: dict(lambda_min=1.0, lambda_max=20.0),
         check=_tuned_check, odd={"lambda_min": [30.0, 1e-300]}),
    Case("optimizers.eigenmode_errors", demo.eigenmode_errors,
         lambda: dict(curvatures=(1.0, 20.0), lr=0.2, beta=0.4, steps=20), check=_errors_check, allow_nonfinite=True,
         odd={"steps": [10 ** 9], "lr": [1e3], "curvatures": [(1.0,) * 9]}),
    Case("optimizers.predicted_eigenmode_errors", demo.predicted_eigenmode_errors,
         lambda: dict(curvatures=(1.0, 20.0), lr=0.2, beta=0.4, steps=20), check=_errors_check, allow_nonfinite=True,
         odd={"steps": [10 ** 9], "lr": [1e3]}),
    Case("optimizers.eigenmode_figure", demo.eigenmode_figure, lambda: dict(condition=20.0, n_modes=2, steps=10),
         check=_is_figure, odd={"condition": [1.0, 1e6, 1e7], "n_modes": [9], "steps": [10 ** 9]}),
    Case("optimizers.rate_map", demo.rate_map, lambda: dict(condition=20.0, lrs=[0.01, 0.1, 1.0], betas=[0.0, 0.5]),
         check=_map_check, odd={"lrs": [[0.1] * 1001, [1e4]], "betas": [[1.0], [0.5] * 1001]}),
    Case("optimizers.rate_map_figure", demo.rate_map_figure, lambda: dict(condition=20.0), check=_is_figure,
         odd={"condition": [1.0, 1e6]}),
    Case("optimizers.race_best_learning_rates", demo.race_best_learning_rates,
         lambda: dict(surface=demo.make_surface("quadratic"), beta=0.9, beta2=0.99, steps=5, noise=0.0, x0=None,
                      seed=0, bias_correction=True),
         check=_best_check, odd={"surface": ["rosenbrock", "Local Minimum"], "x0": [(1.0, 1.0), (1.0,)],
                                 "noise": [1e300], "steps": [10 ** 9, 1001]}),
    Case("optimizers.race (bias correction)", demo.race,
         lambda: dict(surface=demo.make_surface("quadratic"), lr={"SGD": 0.1, "Momentum": 0.1, "RMSprop": 0.1,
                                                                   "Adam": 0.1},
                      steps=5, bias_correction=False),
         check=_runs_check, allow_nonfinite=True,
         odd={"lr": [{"SGD": 0.1}, {"SGD": 0.1, "Momentum": 0.1, "RMSprop": 0.1, "Adam": "0.1"},
                     {"sgd": 0.1, "momentum": 0.1, "rmsprop": 0.1, "adam": 0.1, "Nadam": 0.1}]}),
    Case("optimizers.RaceExplorer (η mode, bias switch)", demo.RaceExplorer,
         lambda: dict(steps=10, eta_mode="best", bias_correction=False), check=_explorer_check,
         odd={"eta_mode": ["shared", "Best", "fastest"]}, skip=frozenset({"steps"})),
]
