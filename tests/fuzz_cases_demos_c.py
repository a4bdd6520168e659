"""Fuzz cases of the demos of notebooks 05, 06 and 07: loss landscapes, optimizers, double descent.

Valid arguments are small (tiny data, few steps, coarse grids) so that the whole area runs in a
few seconds; arguments that only repeat a check already fuzzed elsewhere in the same function are
skipped. Files are written to a temporary folder only, never into the package.
"""

from __future__ import annotations

import atexit
import math
import pathlib
import shutil
import sys
import tempfile
from unittest import mock

import numpy as np
from matplotlib.figure import Figure

import lecture_nn as ln
from fuzz import Case
from lecture_nn.demos import double_descent as dd_demo
from lecture_nn.demos import loss_landscape as ll_demo
from lecture_nn.demos import optimizers as opt_demo

TMP = pathlib.Path(tempfile.mkdtemp(prefix="fuzz_demos_c_"))
atexit.register(shutil.rmtree, TMP, ignore_errors=True)


# --- shared checks ------------------------------------------------------------------------------


def _holds(predicate):
    """A check from a predicate of (result, kwargs): False is a wrong result."""
    def check(result, kwargs):
        assert predicate(result, kwargs), "the result does not hold what the arguments asked for"
    return check


def _is_figure(result, kwargs):
    assert isinstance(result, Figure), f"expected a Figure, got {type(result).__name__}"


def _same_value(held, given) -> bool:
    if isinstance(held, bool) or isinstance(given, (bool, np.bool_)):
        return held is bool(given)
    if isinstance(held, str):
        return isinstance(given, str) and held.lower() == given.lower()
    if isinstance(given, (np.ndarray,)) and given.ndim == 0:
        given = given[()]
    return math.isclose(float(held), float(given), rel_tol=1e-9, abs_tol=1e-300)


def _explorer_check(aliases=None):
    """The explorer drew without error, and every control named like an argument holds its value."""
    aliases = aliases or {}

    def check(ex, kwargs):
        assert ex.last_error is None, f"drew an error: {type(ex.last_error).__name__}: {ex.last_error}"
        for name, given in kwargs.items():
            if name not in ex.controls or given is None:
                continue
            held = ex.controls[name].value
            given = aliases.get(name, {}).get(given, given) if isinstance(given, str) else given
            assert _same_value(held, given), f"control {name} holds {held!r}, the argument was {given!r}"
    return check


_EXPLORERS: dict = {}


def _explorer(cls, **kwargs):
    """One explorer per class and settings, built on first use: the update cases call its methods."""
    key = (cls, tuple(sorted(kwargs.items())))
    if key not in _EXPLORERS:
        _EXPLORERS[key] = cls(**kwargs)
    return _EXPLORERS[key]


def _method(cls, name, **settings):
    """A call of the method ``name`` of a (shared) explorer ``cls(**settings)``: (explorer, its result)."""
    def call(**kwargs):
        ex = _explorer(cls, **settings)
        return ex, getattr(ex, name)(**kwargs)
    return call


# --- double descent (notebook 07) -------------------------------------------------------------------

def _rf_check(result, kwargs):
    ratios, train, test = result["ratios"], result["train"], result["test"]
    seeds = len(list(kwargs["seeds"]))
    assert train.shape == test.shape == (seeds, len(ratios)), f"shapes {train.shape}, {test.shape}"
    assert np.all(train >= 0) and np.all(test >= 0)


def _rf_curve_check(result, kwargs):
    ratios, train, test = result[1]
    assert ratios.shape == train.shape == test.shape and ratios[-1] == 3.0, f"shapes {ratios.shape}, {train.shape}"


def _rf_figure_check(fig, kwargs):
    _is_figure(fig, kwargs)
    right = fig.axes[1]
    assert len(right.get_lines()) == len(list(kwargs["seeds"])) + 3, "one thin line per seed"


def _linreg_figure_check(fig, kwargs):
    _is_figure(fig, kwargs)
    assert len(fig.axes[0].get_lines()) == len(list(kwargs["seeds"])) + 3, "one thin line per seed"


def _dd_train_mlp_check(result, kwargs):
    train, test = result
    assert isinstance(train, float) and isinstance(test, float) and train >= 0 and test >= 0


def _sweep_check(result, kwargs):
    shape = (len(list(kwargs["seeds"])), len(list(kwargs["widths"])))
    assert result["train"].shape == result["test"].shape == shape, f"shapes {result['train'].shape}"
    assert result["widths"].tolist() == list(kwargs["widths"])


_SMALL = dict(n=10, d=2, noise=0.5, steps=3, lr=0.01, n_test=10)


def _small_curve():
    return {"widths": np.array([1, 2]), "seeds": np.array([0]), "train": np.array([[0.5, 0.1]]),
            "test": np.array([[0.9, 1.5]])}


def _small_settings():
    return dict(_SMALL, widths=(1, 2), seeds=(0,))


SAVED_CURVE = TMP / "curve.npz"
np.savez(SAVED_CURVE, **_small_curve(), **{k: np.array(v) for k, v in _SMALL.items()})
(TMP / "text.npz").write_text("not a zip file\n")
(TMP / "empty.npz").write_bytes(b"")
np.save(TMP / "array.npy", np.arange(3))
np.savez(TMP / "other.npz", weights=np.ones(3))
np.savez(TMP / "nan.npz", **dict(_small_curve(), test=np.array([[np.nan, 1.0]])),
         **{k: np.array(v) for k, v in _SMALL.items()})
DAMAGED = [str(TMP / "text.npz"), TMP / "empty.npz", str(TMP / "array.npy"), str(TMP / "other.npz"),
           str(TMP / "nan.npz"), str(TMP / "missing.npz"), str(TMP)]


def _saved_check(result, kwargs):
    loaded = dd_demo.load_mlp_curve(kwargs["path"])
    assert np.array_equal(loaded["test"], np.asarray(kwargs["curve"]["test"])), "the file holds other numbers"


def _loaded_check(result, kwargs):
    assert result["test"].shape == result["train"].shape == (len(result["seeds"]), len(result["widths"]))
    for k in ("n", "d", "steps", "n_test"):
        assert isinstance(result[k], int)


QUICK_MAIN = ["--out", str(TMP / "main.npz"), "--widths", "1", "2", "--seeds", "0", "--steps", "2"]
MAIN_DEFAULT = TMP / "main_default.npz"


def _main(argv):
    # main's defaults recompute the stored curve (minutes) into the package: here a tiny sweep into
    # a temporary file. main(None) reads the command line: here one with an option main does not know
    tiny = dict(widths=(1,), seeds=(0,), steps=2)
    with mock.patch.object(sys, "argv", ["double_descent", "--no-such-option"]), \
            mock.patch.object(dd_demo, "DATA_FILE", MAIN_DEFAULT), mock.patch.dict(dd_demo.MLP_SETTINGS, tiny):
        return dd_demo.main(argv)


def _main_check(result, kwargs):
    argv = list(kwargs["argv"])
    if "--help" in argv or "-h" in argv:
        return
    out = pathlib.Path(argv[argv.index("--out") + 1]) if "--out" in argv else MAIN_DEFAULT
    assert out.exists(), f"main wrote no file {out}"


DOUBLE_DESCENT = [
    Case("double_descent.rf_curves", dd_demo.rf_curves,
         lambda: dict(n=20, noise=0.25, ridge=0.0, seeds=(0,), max_ratio=2.0, n_widths=5, n_test=20),
         check=_rf_check, odd={"seeds": [range(2), [0, 0], [-1], [1.5], ["0"]], "n": [10 ** 9],
                              "n_widths": [10 ** 9], "n_test": [10 ** 9], "max_ratio": [1e-9, 1e9]}),
    Case("double_descent.classical_vs_double_descent_figure", dd_demo.classical_vs_double_descent_figure,
         lambda: dict(n=20, noise=0.25, seeds=(0,)), check=_rf_figure_check,
         odd={"n": [1, 2, 10 ** 9]}, skip=frozenset({"noise", "seeds"})),
    Case("double_descent.RandomFeaturesExplorer", dd_demo.RandomFeaturesExplorer,
         lambda: dict(noise=0.5, ridge=False, lam=1e-2, n=200, seed=0, n_test=20), check=_explorer_check(),
         odd={"n": [70, 59, 320, 200.0], "lam": [0.0, 2.0, 1e-6], "n_test": [10 ** 9]},
         skip=frozenset({"ridge", "noise", "seed"})),
    Case("double_descent.RandomFeaturesExplorer.update",
         _method(dd_demo.RandomFeaturesExplorer, "update", n_test=20),
         lambda: dict(noise=0.5, ridge=False, lam=1e-2, n=200),
         check=_holds(lambda r, kw: r[0].ax.get_title().startswith(f"N = {kw['n']}, noise σ = {kw['noise']:.2f}")),
         odd={"n": [70, 60.0], "lam": [0.0]}, skip=frozenset({"ridge"})),
    Case("double_descent.RandomFeaturesExplorer.curve", _method(dd_demo.RandomFeaturesExplorer, "curve", n_test=20),
         lambda: dict(noise=0.5, lam=0.0, n=200), check=_rf_curve_check, odd={"n": [39, 40, 301], "lam": [1e300]}),
    Case("double_descent.RandomFeaturesExplorer.samplewise",
         _method(dd_demo.RandomFeaturesExplorer, "samplewise", n_test=20), lambda: dict(noise=0.5, lam=0.0),
         check=_holds(lambda r, kw: r[1].shape == r[0].n_grid.shape), skip=frozenset({"lam"})),
    Case("double_descent.linear_regression_figure", dd_demo.linear_regression_figure,
         lambda: dict(n=10, D=20, noise=0.5, seeds=(0,)), check=_linreg_figure_check,
         odd={"D": [10 ** 9], "n": [10 ** 9]}),
    Case("double_descent.train_mlp", dd_demo.train_mlp,
         lambda: dict(width=2, seed=0, n=10, d=2, noise=0.5, steps=3, lr=0.01, n_test=10),
         check=_dd_train_mlp_check, odd={"width": [10 ** 9], "steps": [10 ** 9], "lr": [1e6]}),
    Case("double_descent.mlp_width_sweep", dd_demo.mlp_width_sweep,
         lambda: dict(widths=[1, 2], seeds=(0,), **{k: v for k, v in _SMALL.items() if k != "noise"}),
         check=_sweep_check, odd={"widths": [[0], [1.5], ["2"], (1,)], "seeds": [[-1], range(1)]},
         skip=frozenset({"lr", "n_test"})),
    Case("double_descent.save_mlp_curve", dd_demo.save_mlp_curve,
         lambda: dict(curve=_small_curve(), settings=_small_settings(), path=TMP / "saved.npz"),
         check=_saved_check,
         odd={"curve": [dict(_small_curve(), test=np.ones((1, 3))), {"widths": [1]},
                        dict(_small_curve(), test=np.array([[np.nan, 1.0]]))],
              "settings": [{"n": 10}, dict(_small_settings(), n="10"), dict(_small_settings(), extra=1)],
              "path": [str(TMP), str(TMP / "curve"), str(TMP / "curve.txt")]}),
    Case("double_descent.load_mlp_curve", dd_demo.load_mlp_curve, lambda: dict(path=SAVED_CURVE),
         check=_loaded_check, odd={"path": DAMAGED}),
    Case("double_descent.mlp_figure", dd_demo.mlp_figure, lambda: dict(curve=_small_curve() | dict(_SMALL)),
         check=_is_figure, odd={"curve": [_small_curve(), dict(_small_curve(), test=np.zeros((1, 2))) | _SMALL]}),
    Case("double_descent.main", _main, lambda: dict(argv=list(QUICK_MAIN)), check=_main_check,
         odd={"argv": [["--widths", "0"], ["--out", str(TMP / "x.txt")], ["--steps", "abc"], ["--help"],
                       QUICK_MAIN[:2] + ["--seeds", "-1"]]}),
]


# --- loss landscapes (notebook 05) --------------------------------------------------------------

def _tiny_net():
    return ll_demo.train_net(width=2, seed=0, epochs=2, n=20)


def _tiny_model():
    return ln.mlp([2, 2, 2, 1], "relu", rng=0)


P_TINY = 2 * 2 + 2 + 2 * 2 + 2 + 2 + 1


def _moons_check(result, kwargs):
    X, y = result
    assert X.shape == (kwargs["n"], 2) and y.shape == (kwargs["n"],)


def _net_check(net, kwargs):
    assert isinstance(net, ll_demo.TrainedNet)
    P = sum(p.value.size for p in net.model.parameters())
    assert net.path.shape == (kwargs.get("epochs", ll_demo.EPOCHS) + 1, P), f"path shape {net.path.shape}"
    assert net.X.shape == (kwargs.get("n", ll_demo.N_POINTS), 2)
    assert np.array_equal(ln.landscape.parameter_vector(net.model), net.theta_star)


def _model_at_check(model, kwargs):
    assert np.array_equal(ln.landscape.parameter_vector(model), np.asarray(kwargs["theta"], dtype=float))


def _directions_check(result, kwargs):
    shapes = [p.value.shape for p in kwargs["model"].parameters()]
    assert len(result) == 2 and all([d.shape for d in direction] == shapes for direction in result)


def _surface_check(result, kwargs):
    axis, f = result
    n = kwargs.get("n", ll_demo.GRID)
    assert axis.shape == (n,) and f.shape == (n, n) and np.all(f > 0)
    assert axis[0] == -kwargs.get("span", 1.0) and axis[-1] == kwargs.get("span", 1.0)


def _unflatten_check(result, kwargs):
    assert [a.shape for a in result] == [p.value.shape for p in kwargs["model"].parameters()]


def _pca_check(result, kwargs):
    (d1, d2), explained = result
    assert explained.shape == (2,) and np.all(explained >= 0)


def _permuted_check(result, kwargs):
    theta = ln.landscape.parameter_vector(kwargs["model"])
    assert result.shape == theta.shape and np.array_equal(np.sort(result), np.sort(theta))


def _sgd_check(result, kwargs):
    losses, diverged = result
    assert isinstance(diverged, bool) and 1 <= len(losses) <= kwargs["epochs"] + 1
    assert diverged or (len(losses) == kwargs["epochs"] + 1 and np.all(np.isfinite(losses))), \
        "a run that did not diverge has a finite loss after every epoch"


def _endpoint_check(result, kwargs):
    width = kwargs["width"]
    assert result.shape == (width * width + 5 * width + 1,)


def _dead_check(result, kwargs):
    assert len(result) == 2 and all(isinstance(c, int) and 0 <= c <= 2 for c in result)


def _sgd_figure_check(fig, kwargs):
    _is_figure(fig, kwargs)
    lrs, seeds = list(kwargs["lrs"]), list(kwargs["seeds"])
    panels = [ax for ax in fig.axes if ax.get_legend() is not None]
    assert len(panels) == len(lrs) and all(len(ax.get_lines()) == len(seeds) + 1 for ax in panels)


def _width_figure_check(fig, kwargs):
    _is_figure(fig, kwargs)
    assert len(fig.axes) == len(list(kwargs["widths"])) + 1


LANDSCAPE = [
    Case("loss_landscape.moons_data", ll_demo.moons_data, lambda: dict(n=20, seed=0), check=_moons_check,
         odd={"n": [10 ** 9]}),
    Case("loss_landscape.TrainedNet", ll_demo.TrainedNet,
         lambda: (lambda net: dict(model=net.model, X=net.X, y=net.y, path=net.path, train_loss=net.train_loss,
                                   loss_fn=net.loss_fn))(_tiny_net()),
         check=_holds(lambda net, kwargs: isinstance(net.loss, float)),
         odd={"path": [np.zeros((3, 5))], "y": [np.zeros(5)], "loss_fn": [ln.MSELoss()]}),
    Case("loss_landscape.train_net", ll_demo.train_net, lambda: dict(width=2, seed=0, epochs=2, lr=0.01, n=20),
         check=_net_check, odd={"width": [10 ** 9], "epochs": [10 ** 9], "n": [10 ** 9], "lr": [1e6]}),
    Case("loss_landscape.model_at", ll_demo.model_at,
         lambda: dict(theta=np.linspace(-1, 1, P_TINY), width=2), check=_model_at_check,
         odd={"theta": [np.ones(P_TINY + 1), list(np.ones(P_TINY))], "width": [10 ** 9]}),
    Case("loss_landscape.random_directions", ll_demo.random_directions,
         lambda: dict(model=_tiny_model(), seed=1, normalization="filter"), check=_directions_check,
         odd={"normalization": ["Layer", "NONE", "filtr"], "model": [ln.Dense(2, 1)]}),
    Case("loss_landscape.surface", ll_demo.surface,
         lambda: dict(net=_tiny_net(), seed=1, span=1.0, normalization="filter", n=3, directions=None),
         check=_surface_check,
         odd={"n": [1, 2, 10 ** 9], "span": [1e6], "normalization": ["Filter"],
              "directions": [([np.ones(1)], [np.ones(1)]), (1, 2, 3)]}),
    Case("loss_landscape.landscape_grid", ll_demo.landscape_grid,
         lambda: dict(width=4, seed=1, span=1.0, normalization="filter", n=3), check=_surface_check,
         odd={"width": [5, 10 ** 9], "n": [10 ** 9], "normalization": ["LAYER"]}),
    Case("loss_landscape.unflatten", ll_demo.unflatten, lambda: dict(vector=np.ones(P_TINY), model=_tiny_model()),
         check=_unflatten_check, odd={"vector": [np.ones(P_TINY - 1), np.full(P_TINY, np.nan)]}),
    Case("loss_landscape.pca_directions", ll_demo.pca_directions, lambda: dict(net=_tiny_net()), check=_pca_check),
    Case("loss_landscape.permuted_vector", ll_demo.permuted_vector, lambda: dict(model=_tiny_model(), seed=0),
         check=_permuted_check,
         odd={"seed": [np.random.default_rng(0)], "model": [ln.Sequential(ln.Activation("relu"))]}),
    Case("loss_landscape.train_sgd", ll_demo.train_sgd,
         lambda: dict(width=2, seed=0, lr=0.3, epochs=2, batch_size=8, n=20), check=_sgd_check, allow_nonfinite=True,
         odd={"lr": [1e6], "batch_size": [10 ** 9], "epochs": [10 ** 9]}, skip=frozenset({"n"})),
    Case("loss_landscape.sgd_endpoint", ll_demo.sgd_endpoint,
         lambda: dict(width=2, seed=0, lr=0.3, epochs=2, batch_size=8, n=20), check=_endpoint_check,
         odd={"lr": [1e6]}, skip=frozenset({"n", "epochs", "batch_size"})),
    Case("loss_landscape.dead_units", ll_demo.dead_units, lambda: dict(model=_tiny_model(), X=np.ones((5, 2))),
         check=_dead_check, odd={"X": [np.ones((5, 1)), np.ones(2)]}),
    Case("loss_landscape.landscape_figure", ll_demo.landscape_figure,
         lambda: dict(width=4, seed=1, span=1.0, normalization="filter", n=3), check=_is_figure,
         odd={"normalization": ["Layer"]}, skip=frozenset({"n", "seed", "span"})),
    Case("loss_landscape.interpolation_figure", ll_demo.interpolation_figure,
         lambda: dict(width=4, t_range=(-0.5, 1.5), n=5), check=_is_figure,
         odd={"t_range": [(1.0, 0.0), (0.0, np.inf), (-0.5, 1.5, 2.0), (0.1, 0.9)], "n": [1, 10 ** 9]}),
    Case("loss_landscape.trajectory_figure", ll_demo.trajectory_figure, lambda: dict(width=4, seed=1, n=3),
         check=_is_figure, odd={"n": [10 ** 9]}),
    Case("loss_landscape.nonconvex_figure", ll_demo.nonconvex_figure, lambda: dict(width=4, seeds=(0, 1), n=5),
         check=_is_figure, odd={"seeds": [(0,), (0, 0), (0, 1, 2), ("0", "1")], "n": [1, 10 ** 9]}),
    Case("loss_landscape.width_figure", ll_demo.width_figure, lambda: dict(widths=(4,), seed=1, span=1.0, n=3),
         check=_width_figure_check, odd={"widths": [(0,), [10 ** 9], (4,) * 7]}, skip=frozenset({"n", "seed", "span"})),
    Case("loss_landscape.sgd_figure", ll_demo.sgd_figure,
         lambda: dict(lrs=(0.3,), seeds=(0,), width=4, epochs=2, batch_size=32), check=_sgd_figure_check,
         odd={"seeds": [range(7)], "lrs": [(0.3, 0.0), (1e6,)]}, skip=frozenset({"width"})),
    Case("loss_landscape.LandscapeExplorer", ll_demo.LandscapeExplorer,
         lambda: dict(width=64, seed=1, span=1.0, normalization="filter"), check=_explorer_check(),
         odd={"width": [10, "64"], "normalization": ["filtr"]}, skip=frozenset({"seed", "span"})),
    Case("loss_landscape.LandscapeExplorer.update", _method(ll_demo.LandscapeExplorer, "update"),
         lambda: dict(width=4, seed=1, span=1.0, normalization="filter"),
         check=_holds(lambda r, kw: r[0].ax.get_title().startswith(f"[2, {kw['width']}, {kw['width']}, 1] net")),
         odd={"width": [5], "normalization": ["None"]}, skip=frozenset({"span"})),
]


# --- optimizers (notebook 06) ---------------------------------------------------------------------

def _surface_obj_check(result, kwargs):
    assert isinstance(result, ln.Surface)


def _spiral_check(result, kwargs):
    X, y = result
    assert X.shape == (opt_demo.N_POINTS, 2) and y.shape == (opt_demo.N_POINTS,)


def _batch_check(history, kwargs):
    assert history.steps == kwargs["epochs"] * math.ceil(opt_demo.N_POINTS / kwargs["batch_size"])


def _lines_check(count):
    def check(fig, kwargs):
        _is_figure(fig, kwargs)
        n = len(list(kwargs[count]))
        assert len(fig.axes[1].get_lines()) == n, f"{len(fig.axes[1].get_lines())} lines for {n} {count}"
    return check


def _trace_check(result, kwargs):
    path, second = result
    steps = kwargs["steps"]
    assert path.shape == (steps + 1, 2) and second.shape == (steps, 2)


def _adam_check(result, kwargs):
    path, m_hat, s_hat = result
    steps = kwargs["steps"]
    assert path.shape == (steps + 1, 2) and m_hat.shape == s_hat.shape == (steps, 2)


def _runs_check(runs, kwargs):
    assert list(runs) == list(opt_demo.OPTIMIZERS)
    for name, run in runs.items():
        assert run.path.shape == (kwargs["steps"] + 1, 2) and run.losses.shape == (kwargs["steps"] + 1,)
        alive = slice(None) if run.diverged_at is None else slice(0, run.diverged_at)
        assert np.all(np.isfinite(run.path[alive])) and np.all(np.isfinite(run.losses[alive])), \
            f"{name}: NaN/inf before diverged_at = {run.diverged_at}"
        if run.diverged_at is not None:
            assert np.isnan(run.path[run.diverged_at:]).all()


def _animation_check(result, kwargs):
    assert "<img" in result.data and f"_anim_img{kwargs['name']}" in result.data


def _race_data_check(result, kwargs):
    assert [a.shape for a in result] == [(300, 2), (300,), (300, 2), (300,)]


def _mlp_run_check(run, kwargs):
    assert isinstance(run, opt_demo.MLPRun) and len(run.train_accuracy) == run.history.epochs
    assert math.isfinite(run.train_loss) or run.history.diverged, "inf loss without divergence"
    assert not run.history.diverged or run.train_loss == math.inf


def _grid_check(result, kwargs):
    shape = (len(list(kwargs["grid"])), len(list(kwargs["seeds"])))
    assert list(result) == list(opt_demo.MLP_LEARNING_RATES) and all(v.shape == shape for v in result.values())
    assert not any(np.isnan(v).any() for v in result.values())


def _best_check(result, kwargs):
    assert set(result) == set(kwargs["losses"]) and all(lr in tuple(kwargs["grid"]) for lr in result.values())


def _optimizers_check(result, kwargs):
    assert list(result) == list(opt_demo.MLP_LEARNING_RATES)  # the MLP race: the optimizers with a tuned eta
    for run in result.values():
        assert run.history.epochs == kwargs["epochs"] or run.history.diverged


def _summary_check(result, kwargs):
    seeds = len(list(kwargs["seeds"]))
    assert list(result) == list(opt_demo.MLP_LEARNING_RATES)
    assert all(v.shape == (seeds,) for quantities in result.values() for v in quantities.values())


def _history():
    return ln.History(train_loss=[0.7, 0.5, 0.65, 0.2])


def _path(k=4):
    return np.column_stack([np.linspace(-1.5, 1.0, k), np.linspace(2.5, 1.0, k)])


def _losses_grid():
    return {"SGD": np.array([[0.9, 0.8], [0.2, 0.4]]), "Adam": np.array([[0.1, 0.1], [0.3, 0.3]])}


OPTIMIZERS = [
    Case("optimizers.make_surface", opt_demo.make_surface, lambda: dict(name="quadratic", condition=10.0),
         check=_surface_obj_check, odd={"name": ["Rosenbrock", "local_minimum", "LOCAL MINIMUM", "rosenbrok"],
                                        "condition": [1e9]}),
    Case("optimizers.spiral_data", opt_demo.spiral_data, lambda: dict(seed=0, turns=1.0), check=_spiral_check,
         odd={"turns": [1e9]}),
    Case("optimizers.train_with_batch_size", opt_demo.train_with_batch_size,
         lambda: dict(batch_size=150, lr=0.1, epochs=1, seed=0), check=_batch_check,
         odd={"batch_size": [301, 10 ** 9], "lr": [1e6], "epochs": [10 ** 9]}),
    Case("optimizers.batch_size_figure", opt_demo.batch_size_figure,
         lambda: dict(batch_sizes=(150, 300), lr=0.1, epochs=1, seed=0), check=_lines_check("batch_sizes"),
         odd={"batch_sizes": [(300,) * 5, (0,), (150.0,)]}, skip=frozenset({"seed", "epochs", "lr"})),
    Case("optimizers.gradient_noise_figure", opt_demo.gradient_noise_figure,
         lambda: dict(noises=(0.0, 2.0), surface="quadratic", lr=0.05, steps=5, seed=0), check=_lines_check("noises"),
         odd={"noises": [(0.0,) * 4, (-1.0,), (np.nan,)], "surface": ["Beale", "bael"], "steps": [10 ** 9]},
         skip=frozenset({"lr", "seed"})),
    Case("optimizers.oscillation_figure", opt_demo.oscillation_figure,
         lambda: dict(condition=25.0, lr=0.078, beta=0.5, steps=5), check=_is_figure,
         odd={"steps": [10 ** 9]}, skip=frozenset({"lr", "beta", "condition"})),
    Case("optimizers.local_minimum_figure", opt_demo.local_minimum_figure,
         lambda: dict(lr=0.02, beta=0.9, steps=5), check=_is_figure,
         odd={"steps": [10 ** 9]}, skip=frozenset({"lr", "beta"})),
    Case("optimizers.learning_rate_range_figure", opt_demo.learning_rate_range_figure,
         lambda: dict(surfaces=("quadratic",), betas=(0.9,), n_lr=3), check=_is_figure,
         odd={"surfaces": [("Rosenbrock",), ("beale",), "quadratic"], "betas": [(1.0,), (0.5,) * 4],
              "n_lr": [1, 10 ** 9]}),
    Case("optimizers.conventions_figure", opt_demo.conventions_figure,
         lambda: dict(paths={"EMA": _path(), "heavy ball": _path() + 1e-12}, surface="rosenbrock", title="t"),
         check=_is_figure,
         odd={"paths": [{"a": _path(4), "b": _path(5)}, {"a": np.ones(3)}, {1: _path()}, {"a": _path() * np.inf}],
              "surface": ["Quadratic", "x"]}),
    Case("optimizers.rmsprop_trace", opt_demo.rmsprop_trace,
         lambda: dict(surface="quadratic", lr=0.1, beta=0.9, eps=1e-8, steps=5, x0=None, condition=50.0),
         check=_trace_check,
         odd={"x0": [(1.0, 2.0), (1.0,), (np.nan, 0.0)], "surface": ["Beale", ln.get_surface("saddle")],
              "lr": [1e6, 1e300], "beta": [1.0], "steps": [10 ** 9]}),
    Case("optimizers.rmsprop_figure", opt_demo.rmsprop_figure,
         lambda: dict(condition=50.0, lr=0.1, beta=0.9, steps=5, sgd_lr=None), check=_is_figure,
         odd={"sgd_lr": [0.01, 1e6]}, skip=frozenset({"steps", "lr", "beta", "condition"})),
    Case("optimizers.adam_path", opt_demo.adam_path,
         lambda: dict(surface="quadratic", lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8, steps=5, x0=None,
                      bias_correction=True, condition=10.0), check=_adam_check,
         odd={"x0": [(0.0, 0.0), (1.0,)], "beta1": [1.0], "beta2": [1.0], "lr": [1e6, 1e300], "steps": [10 ** 9]}),
    Case("optimizers.bias_correction_figure", opt_demo.bias_correction_figure,
         lambda: dict(lr=0.001, beta1=0.9, beta2=0.999, steps=5), check=_is_figure,
         odd={"lr": [4.5, 1e6]}, skip=frozenset({"beta1", "beta2"})),
    Case("optimizers.race", opt_demo.race,
         lambda: dict(surface=opt_demo.make_surface("quadratic"), lr=0.05, beta=0.9, beta2=0.99, steps=5, noise=0.0,
                      x0=None, seed=0), check=_runs_check, allow_nonfinite=True,
         odd={"surface": ["rosenbrock", "Local Minimum"], "x0": [(1.0, 1.0), (1.0,)], "lr": [1e6, 1e300],
              "noise": [1e300], "steps": [10 ** 9]}),
    Case("optimizers.RaceExplorer", opt_demo.RaceExplorer,
         lambda: dict(surface="quadratic", condition=20.0, lr=0.09, beta=0.9, beta2=0.99, steps=10, noise=0.0,
                      x0=None, y0=None, seed=0),
         check=_explorer_check(aliases={"surface": {"local_minimum": "local minimum"}}),
         odd={"lr": [11.0], "surface": ["Rosenbrock", "rosenbrok"], "steps": [5, 501]},
         skip=frozenset({"condition", "beta", "beta2", "noise", "x0", "y0", "seed"})),
    Case("optimizers.RaceExplorer.update", _method(opt_demo.RaceExplorer, "update", steps=10),
         lambda: dict(surface="quadratic", condition=20.0, lr=0.09, beta=0.9, beta2=0.99, steps=10, noise=0.0,
                      x0=-4.5, y0=2.0),
         check=_holds(lambda r, kw: len(r[0].runs["SGD"].path) == kw["steps"] + 1),
         odd={"surface": ["Quadratic"], "steps": [501]}, skip=frozenset({"condition", "beta", "beta2", "noise", "y0"})),
    Case("optimizers.race_animation", opt_demo.race_animation,
         lambda: dict(surface="beale", lr=0.03, beta=0.9, beta2=0.99, steps=2, frames=1, condition=10.0, dpi=10,
                      name="race"), check=_animation_check,
         odd={"name": ["two words", "a\"b", "2nd"], "frames": [10 ** 9], "dpi": [10 ** 9], "steps": [10 ** 9]},
         skip=frozenset({"beta", "beta2", "condition", "lr"})),
    Case("optimizers.LearningRateExplorer", opt_demo.LearningRateExplorer,
         lambda: dict(surface="quadratic", beta=0.9, condition=10.0, against="Momentum", n_lr=3),
         check=_explorer_check(),
         odd={"surface": ["Rosenbrock", "beale"], "n_lr": [10 ** 9], "against": ["adam", "SGD"]},
         skip=frozenset({"beta", "condition"})),
    Case("optimizers.LearningRateExplorer.update", _method(opt_demo.LearningRateExplorer, "update", n_lr=3),
         lambda: dict(surface="quadratic", beta=0.9, condition=10.0, against="Momentum"),
         check=_holds(lambda r, kw: r[0].ax.get_title().endswith("× = diverged") and len(r[0].gaps["SGD"]) == 3),
         odd={"surface": ["Rosenbrock"]}, skip=frozenset({"condition"})),
    Case("optimizers.race_data", opt_demo.race_data, lambda: dict(seed=0), check=_race_data_check),
    Case("optimizers.train_mlp", opt_demo.train_mlp, lambda: dict(name="SGD", lr=0.1, seed=0, epochs=1, batch_size=100),
         check=_mlp_run_check, allow_nonfinite=True,
         odd={"name": ["adam", "ADAM", "adma", ln.Adam], "lr": [1e6], "epochs": [10 ** 9], "batch_size": [10 ** 9]}),
    Case("optimizers.learning_rate_grid", opt_demo.learning_rate_grid,
         lambda: dict(epochs=1, batch_size=100, seeds=(0,), grid=(0.1,)), check=_grid_check, allow_nonfinite=True,
         odd={"grid": [(0.1, -1.0), (1e6,)], "seeds": [(-1,), range(1)]}),
    Case("optimizers.best_learning_rates", opt_demo.best_learning_rates,
         lambda: dict(losses=_losses_grid(), grid=(0.01, 0.1)), check=_best_check,
         odd={"losses": [{"SGD": np.ones((3, 2))}, {"SGD": np.full((2, 2), np.nan)}, {"SGD": np.ones(2)}],
              "grid": [(0.1,), (0.01, 0.1, 1.0)]}),
    Case("optimizers.learning_rate_grid_figure", opt_demo.learning_rate_grid_figure,
         lambda: dict(losses=_losses_grid(), grid=(0.01, 0.1)), check=_is_figure,
         odd={"losses": [{"SGD": np.ones((3, 2))}, {"SGD": np.array([[0.0, 0.0], [1.0, 1.0]])},
                         {"Other": np.ones((2, 2))}, {"SGD": np.array([[np.inf, np.inf], [1.0, 1.0]])}]}),
    Case("optimizers.train_optimizers", opt_demo.train_optimizers,
         lambda: dict(epochs=1, batch_size=100, seed=0, learning_rates=None), check=_optimizers_check,
         allow_nonfinite=True,
         odd={"learning_rates": [{"SGD": 0.1}, dict(opt_demo.MLP_LEARNING_RATES, SGD=-1.0),
                                 {k.lower(): v for k, v in opt_demo.MLP_LEARNING_RATES.items()}]}),
    Case("optimizers.epochs_to_loss", opt_demo.epochs_to_loss, lambda: dict(history=_history(), level=0.3),
         check=_holds(lambda r, kw: r is None or (isinstance(r, int) and 1 <= r <= len(kw["history"].train_loss))),
         odd={"history": [ln.History()]}),
    Case("optimizers.loss_rises", opt_demo.loss_rises, lambda: dict(history=_history(), factor=1.2),
         check=_holds(lambda r, kw: isinstance(r, int) and 0 <= r <= max(len(kw["history"].train_loss) - 1, 0)),
         odd={"history": [ln.History(train_loss=[1.0]), ln.History()]}),
    Case("optimizers.race_summary", opt_demo.race_summary,
         lambda: dict(learning_rates=None, seeds=(0,), epochs=1, batch_size=100), check=_summary_check,
         allow_nonfinite=True, odd={"learning_rates": [{"SGD": 0.1}]}),
    Case("optimizers.mlp_race_figure", opt_demo.mlp_race_figure,
         lambda: dict(epochs=1, batch_size=100, seed=0, learning_rates=None), check=_is_figure,
         odd={"learning_rates": [{"SGD": 0.1}]}, skip=frozenset({"epochs", "batch_size", "seed"})),
]

CASES = DOUBLE_DESCENT + LANDSCAPE + OPTIMIZERS
