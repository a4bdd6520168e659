"""Fuzz cases for the 2D surfaces and optimizer runs, loss landscapes and double descent.

Every public function, constructor and method of ``lecture_nn.surfaces``, ``lecture_nn.landscape``
and ``lecture_nn.double_descent``; the valid arguments are tiny so the whole area runs in seconds.
"""

from __future__ import annotations

import copy

import numpy as np

import lecture_nn as ln
from fuzz import Case
from lecture_nn import Adam, Momentum, SGD
from lecture_nn import double_descent as dd
from lecture_nn import landscape
from lecture_nn.optim import Optimizer
from lecture_nn.surfaces import (Run, Surface, beale, get_surface, local_minimum, quadratic, rosenbrock,
                                 run_optimizer, run_optimizer_batch, saddle)



# --- surfaces ---------------------------------------------------------------------------------------

def _bowl(xy):
    return (xy ** 2).sum(axis=-1)


def _bowl_grad(xy):
    return 2 * xy


def _valid_surface():
    return dict(name="bowl", f=_bowl, grad=_bowl_grad, minima=((0.0, 0.0),), x_range=(-1.0, 1.0),
                y_range=(-1.0, 1.0), start=(0.5, 0.5))


def _check_surface(s, kwargs):
    assert isinstance(s, Surface), type(s)
    start = np.array(s.start, dtype=float)
    assert start.shape == (2,) and np.isfinite(start).all()
    assert np.isfinite(s.f(start)) and s.grad(start).shape == (2,)
    assert np.isfinite(s.f_min) and s.minimum.shape == (2,)
    assert s.x_range[0] < s.x_range[1] and s.y_range[0] < s.y_range[1]


def _check_quadratic(s, kwargs):
    _check_surface(s, kwargs)
    H = np.array([s.grad(e) for e in np.eye(2)])  # the Hessian, column by column
    kappa = float(kwargs.get("condition", 10.0))
    assert np.allclose(np.linalg.eigvalsh(H), [1.0, kappa], rtol=1e-9), (np.linalg.eigvalsh(H), kappa)
    assert s.f_min == 0.0


def _check_rosenbrock(s, kwargs):
    _check_surface(s, kwargs)
    a = float(kwargs.get("a", 1.0))
    assert np.allclose(s.minimum, (a, a * a)) and s.f_min == 0.0
    assert np.allclose(s.grad(s.minimum), 0.0)


def _rosenbrock_f(xy):
    xy = np.asarray(xy, dtype=float)
    return (1 - xy[..., 0]) ** 2 + 100 * (xy[..., 1] - xy[..., 0] ** 2) ** 2


def _check_f(value, kwargs):
    xy = np.asarray(kwargs["xy"], dtype=float)
    assert np.shape(value) == xy.shape[:-1], (np.shape(value), xy.shape)
    if kwargs["surface"] == "rosenbrock":
        assert np.allclose(value, _rosenbrock_f(xy))


def _check_grad(value, kwargs):
    xy = np.asarray(kwargs["xy"], dtype=float)
    assert np.shape(value) == xy.shape, (np.shape(value), xy.shape)


def _point_odd():
    return [[1, 2, 3], np.ones((2, 5)), np.ones((5, 2)), np.ones((3, 4, 2)), [np.nan, 1.0], [1.0, np.inf],
            [1e200, 1e200], [True, False], ["a", "b"], [[1, 2], [3]], np.zeros(2, dtype=complex), 5.0]


def _check_run(run, kwargs):
    assert isinstance(run, Run), type(run)
    steps = kwargs.get("steps", 100)
    assert run.path.shape == (steps + 1, 2) and run.losses.shape == (steps + 1,)
    x0 = kwargs.get("x0")
    start = get_surface(kwargs["surface"]).start if x0 is None else x0
    assert np.array_equal(run.path[0], np.asarray(start, dtype=float)) or run.diverged_at == 0
    end = steps + 1 if run.diverged_at is None else run.diverged_at
    assert run.diverged == (run.diverged_at is not None)
    assert np.isfinite(run.path[:end]).all() and np.isfinite(run.losses[:end]).all()
    assert np.isnan(run.path[end:]).all() and np.isnan(run.losses[end:]).all()


def _valid_run():
    return dict(surface="quadratic", optimizer_cls=SGD, x0=(1.0, 1.0), steps=5, noise=0.0, rng=0, lr=0.1)


def _run_odd():
    return {
        "optimizer_cls": ["SGD", "adam", "Adma", "momentum", Adam, Momentum.from_heavy_ball, Optimizer,
                          Adam, ln.MSELoss, "Optimizer", 3],
        "surface": ["Rosenbrock", "rosenbrok", "local minimum", "local_minimum", quadratic, quadratic(3.0),
                    "SURFACES"],
        "steps": [10 ** 9, 3.0, 0, 1, np.int64(4), -5],
        "x0": [(1, 2, 3), (np.nan, 1.0), (1e300, 0.0), (1e5, 1e5), np.zeros((1, 2)), [[1.0, 1.0]], ("1", "2")],
        "noise": [-1.0, 1e300, 0.3, np.float32(0.1)],
        "rng": [np.random.default_rng(1), -3, 2.5, "seed"],
        "lr": [1e300, "0.1", [0.1, 0.2], 0.0, -0.1, np.float64(0.05), 10.0],
    }


def _run_with_name(name, value):
    return run_optimizer("quadratic", Adam, (1.0, 1.0), 3, **{name: value})


def _check_named_run(run, kwargs):
    assert kwargs["name"] in ("lr", "beta1", "beta2", "eps"), kwargs["name"]
    assert run.path.shape == (4, 2)


def _run_method_named(optimizer_cls, name):
    return run_optimizer("quadratic", optimizer_cls, (1.0, 1.0), 3, **{name: 0.1})


def _valid_batch():
    return dict(surface="quadratic", optimizer_cls=Momentum, x0=np.array([[1.0, 1.0], [2.0, 0.0]]), steps=4,
                noise=0.0, rng=0, lr=np.array([0.1, 0.2]), beta=0.9)


def _check_batch(result, kwargs):
    paths, losses, diverged_at = result
    steps = kwargs["steps"]
    K = paths.shape[1]
    assert paths.shape == (steps + 1, K, 2) and losses.shape == (steps + 1, K) and diverged_at.shape == (K,)
    for k in range(K):
        end = steps + 1 if diverged_at[k] < 0 else diverged_at[k]
        assert np.isfinite(paths[:end, k]).all() and np.isnan(paths[end:, k]).all()
        assert np.isfinite(losses[:end, k]).all() and np.isnan(losses[end:, k]).all()


def _batch_odd():
    return {
        "lr": [[True, 0.1], np.array([True, False]), np.array([0.1, 0.2, 0.3]), np.array([[0.1], [0.2]]),
               np.array([0.1, np.nan]), [0.1, "a"], np.array([0.1, -0.2]), 0.05],
        "beta": [np.array([0.1, 0.2]), np.array([0.5, 1.5]), 1.0, np.array([0.5, 0.5, 0.5])],
        "x0": [np.zeros((3, 2)), np.zeros((2, 3)), [True, False], np.array([[1.0, 1.0], [True, 0.0]], dtype=object),
               np.zeros((2, 2, 2)), (1.0, 1.0), np.array([[np.nan, 1.0], [0, 0]])],
    }


def _check_run_tuple(run, kwargs):
    assert isinstance(run, Run)
    assert run.path.shape == (run.losses.shape[0], 2)


def _valid_run_tuple():
    return dict(path=np.zeros((3, 2)), losses=np.zeros(3), diverged_at=None)


def _surface_properties(surface):
    s = get_surface(surface)
    return s.minimum, s.f_min, s(s.minimum)


SURFACE_CASES = [
    Case("Surface", Surface, _valid_surface, _check_surface,
         odd={"f": [lambda xy: xy[0] ** 2 + xy[1] ** 2, lambda xy: np.full(np.shape(xy)[:-1], np.nan), str],
              "grad": [lambda xy: xy.sum(-1), lambda xy: xy[0]],
              "minima": [(0.0, 0.0), ((0.0, 0.0, 0.0),), ((np.nan, 0.0),), [], ((0, 0), (1, 1))],
              "x_range": [(1.0, -1.0), (0.0, np.inf), 3.0],
              "start": [(0.0,), (np.nan, 0.0), "ab"], "name": [3, ""]}),
    Case("quadratic", quadratic, lambda: dict(condition=10.0, angle=0.3), _check_quadratic,
         odd={"condition": [1.0, 1e6, 0.999, np.float32(4.0), 3], "angle": [np.pi, -2.0, 1e20]}),
    Case("rosenbrock", rosenbrock, lambda: dict(a=1.0, b=100.0), _check_rosenbrock,
         odd={"a": [-2.0, 1e5, 5.0, 0.0], "b": [0.0, -1.0, 1e7, 1.0]}),
    Case("beale", beale, dict, _check_surface),
    Case("saddle", saddle, dict, _check_surface),
    Case("local_minimum", local_minimum, dict, _check_surface),
    Case("get_surface", get_surface, lambda: dict(surface="rosenbrock"), _check_surface,
         odd={"surface": ["BEALE", "Local Minimum", "local-minimum", "rosenbrok", rosenbrock, quadratic(2.0)]}),
    Case("Surface.f", lambda surface, xy: get_surface(surface).f(xy),
         lambda: dict(surface="rosenbrock", xy=np.array([[0.5, 0.5], [1.0, 1.0]])), _check_f,
         odd={"xy": _point_odd()}),
    Case("Surface.grad", lambda surface, xy: get_surface(surface).grad(xy),
         lambda: dict(surface="beale", xy=(1.0, 1.5)), _check_grad, odd={"xy": _point_odd()}),
    Case("Surface.__call__", lambda surface, xy: get_surface(surface)(xy),
         lambda: dict(surface="rosenbrock", xy=[[0.0, 0.0], [2.0, 1.0], [1.0, 1.0]]), _check_f,
         odd={"xy": _point_odd()}),
    Case("Surface.minimum/f_min", _surface_properties, lambda: dict(surface="saddle")),
    Case("run_optimizer", run_optimizer, _valid_run, _check_run, odd=_run_odd(), allow_nonfinite=True),
    Case("run_optimizer hyperparameter names", _run_with_name, lambda: dict(name="lr", value=0.1),
         _check_named_run, odd={"name": ["LR", "betas", "beta", "learning_rate", "params", "eps", ""],
                                "value": [0.5, 1e-300, [0.1], np.array(0.2)]},
         aliases={"name": ("hyperparameter",), "value": ("lr",)}, skip=frozenset({"name"}), allow_nonfinite=True),
    Case("run_optimizer optimizer names", _run_method_named, lambda: dict(optimizer_cls=SGD, name="lr"),
         lambda run, kw: None, odd={"optimizer_cls": ["sgd", "RMSprop", "rmsprop", "ADAM", "Momentum"],
                                    "name": ["beta", "eps", "lr_"]},
         aliases={"name": ("hyperparameter", "needs")}, skip=frozenset({"name"}), allow_nonfinite=True),
    Case("run_optimizer_batch", run_optimizer_batch, _valid_batch, _check_batch, odd={**_run_odd(), **_batch_odd()},
         allow_nonfinite=True),
    Case("Run", Run, _valid_run_tuple, _check_run_tuple, allow_nonfinite=True,
         odd={"path": [np.full((3, 2), np.nan), np.zeros((3, 3)), np.zeros((4, 2))],
              "losses": [np.array([0.0, np.nan, np.nan]), np.zeros(4)],
              "diverged_at": [1, 3, 4, 2.0, -1, np.int64(1)]}),
]


# --- loss landscapes -----------------------------------------------------------------------------------

def _tiny_net():
    model = ln.mlp([2, 3, 1], rng=0)
    X = np.random.default_rng(0).standard_normal((6, 2))
    y = (X[:, 0] > 0).astype(float)
    return model, X, y


def _directions(model, seeds=(1, 2)):
    return tuple(landscape.random_direction(model, rng=s) for s in seeds)


def _model_odd():
    model, X, y = _tiny_net()
    nan_model = ln.mlp([2, 3, 1], rng=0)
    nan_model.parameters()[0].value[0, 0] = np.nan
    return [ln.mlp([3, 4, 1], rng=0), ln.mlp([2, 4, 1], rng=0), ln.Dense(2, 1, rng=0), nan_model,
            ln.Sequential(ln.Activation("relu")), ln.mlp([2, 3, 1], "tanh", rng=0), ln.mlp, "model"]


def _direction_odd():
    model, _, _ = _tiny_net()
    one = landscape.random_direction(model, rng=1)
    other = landscape.random_direction(ln.mlp([2, 4, 1], rng=0), rng=1)
    nan = [d.copy() for d in one]
    nan[0][0, 0] = np.nan
    return [one, (one,), (one, one, one), (one, other), (one, nan), (one, one[:2]),
            (one, [d.tolist() for d in one]), (np.concatenate([d.ravel() for d in one]),) * 2,
            (one, [np.zeros_like(d) for d in one]), {"a": one}]


def _axis_odd():
    return [[0.0], np.linspace(-1, 1, 3), np.zeros((2, 2)), [np.nan, 0.0], [1e300], 0.5, ["a"],
            np.arange(3), [1e5, -1e5]]


def _loss_odd():
    return {"loss_fn": [ln.MSELoss(), ln.CrossEntropyLoss(), ln.BCEWithLogitsLoss, len],
            "y": [np.zeros(5), np.full(6, 2.0), np.zeros((6, 2)), np.full(6, np.nan), ["a"] * 6, np.zeros((6, 1))],
            "X": [np.zeros((6, 3)), np.zeros(6), np.full((6, 2), np.nan), np.zeros((5, 2))]}


def _valid_grid():
    model, X, y = _tiny_net()
    return dict(model=model, loss_fn=ln.BCEWithLogitsLoss(), X=X, y=y, directions=_directions(model),
                alphas=[-0.5, 0.0, 0.5], betas=[0.0, 1.0])


def _valid_chunked_grid():
    return {**_valid_grid(), "chunk": 2}


def _reference_grid(kwargs):
    """The grid by hand: a copy of the model moved to each point of the plane."""
    model, loss_fn, X, y = kwargs["model"], kwargs["loss_fn"], kwargs["X"], kwargs["y"]
    delta, eta = kwargs["directions"]
    alphas, betas = np.asarray(kwargs["alphas"], float), np.asarray(kwargs["betas"], float)
    probe = copy.deepcopy(model)
    theta = [p.value.copy() for p in model.parameters()]
    grid = np.empty((len(betas), len(alphas)))
    for i, b in enumerate(betas):
        for j, a in enumerate(alphas):
            for p, t, d, e in zip(probe.parameters(), theta, delta, eta):
                p.value[...] = t + a * np.asarray(d) + b * np.asarray(e)
            grid[i, j] = loss_fn.forward(probe(X), y)
    return grid


def _check_grid(grid, kwargs):
    alphas, betas = np.atleast_1d(kwargs["alphas"]), np.atleast_1d(kwargs["betas"])
    assert grid.shape == (len(betas), len(alphas)), grid.shape
    reference = _reference_grid(kwargs)
    assert np.allclose(grid, reference, rtol=1e-10), (grid, reference)
    model = kwargs["model"]
    if repr(model) == repr(ln.mlp([2, 3, 1], rng=0)):
        for p, t in zip(model.parameters(), ln.mlp([2, 3, 1], rng=0).parameters()):
            assert np.array_equal(p.value, t.value)  # the model is left as it was


def _check_direction(direction, kwargs):
    model = kwargs["model"]
    assert len(direction) == len(model.parameters())
    for p, d in zip(model.parameters(), direction):
        assert d.shape == p.value.shape and np.isfinite(d).all()
        if p.value.ndim == 1 and not kwargs.get("perturb_biases", False):
            assert np.all(d == 0)
        elif p.value.ndim == 2 and str(kwargs.get("normalization", "filter")).lower() == "filter":
            assert np.allclose(np.linalg.norm(d, axis=1), np.linalg.norm(p.value, axis=1))


def _valid_interpolate():
    model, X, y = _tiny_net()
    return dict(model=model, loss_fn=ln.BCEWithLogitsLoss(), X=X, y=y,
                theta_start=landscape.parameter_vector(ln.mlp([2, 3, 1], rng=5)), ts=[0.0, 0.5, 1.0])


def _check_interpolate(losses, kwargs):
    ts = np.atleast_1d(kwargs["ts"])
    assert losses.shape == (len(ts),), losses.shape
    model = kwargs["model"]
    if repr(model) == repr(ln.mlp([2, 3, 1], rng=0)):  # the model is left as it was
        assert np.array_equal(landscape.parameter_vector(model), landscape.parameter_vector(ln.mlp([2, 3, 1], rng=0)))
    for t, loss in zip(ts, losses):
        if t == 1.0:
            assert np.isclose(loss, kwargs["loss_fn"].forward(model(kwargs["X"]), kwargs["y"]))


def _valid_projection():
    model, _, _ = _tiny_net()
    directions = _directions(model)
    theta_star = landscape.parameter_vector(model)
    d, e = (np.concatenate([a.ravel() for a in direction]) for direction in directions)
    coords = np.array([[0.0, 0.0], [0.3, -0.2], [-1.0, 0.5]])
    return dict(path=theta_star + coords[:, :1] * d + coords[:, 1:] * e, theta_star=theta_star,
                directions=directions)


def _check_projection(coords, kwargs):
    path = np.asarray(kwargs["path"], dtype=float)
    assert coords.shape == (path.shape[0], 2), coords.shape
    valid = _valid_projection()
    if all(np.array_equal(np.asarray(kwargs[k], dtype=float), np.asarray(valid[k], dtype=float))
           for k in ("path", "theta_star")):
        assert np.allclose(coords, [[0.0, 0.0], [0.3, -0.2], [-1.0, 0.5]], atol=1e-8)


def _check_vector(vector, kwargs):
    assert vector.shape == (kwargs["model"].n_params,)
    assert np.array_equal(vector, np.concatenate([p.value.ravel() for p in kwargs["model"].parameters()]))


LANDSCAPE_CASES = [
    Case("parameter_vector", landscape.parameter_vector, lambda: dict(model=_tiny_net()[0]), _check_vector,
         odd={"model": _model_odd()[:3] + [ln.Dense(2, 1, rng=0).W]}),
    Case("random_direction", landscape.random_direction,
         lambda: dict(model=_tiny_net()[0], rng=1, normalization="filter", perturb_biases=False), _check_direction,
         odd={"model": _model_odd(), "normalization": ["Filter", "LAYER", "None", "filters", "batch", None],
              "rng": [np.random.default_rng(3), -1, 1.5], "perturb_biases": [1, "yes", np.bool_(True)]}),
    Case("loss_grid", landscape.loss_grid, _valid_chunked_grid, _check_grid,
         odd={"model": _model_odd(), "directions": _direction_odd(), "alphas": _axis_odd(), "betas": _axis_odd(),
              "chunk": [1, 3, 100, 10 ** 9, 2.0, -1, 0, np.int32(2)], **_loss_odd()}),
    Case("loss_grid_loop", landscape.loss_grid_loop, _valid_grid, _check_grid,
         odd={"model": _model_odd(), "directions": _direction_odd(), "alphas": _axis_odd(), "betas": _axis_odd(),
              **_loss_odd()}),
    Case("interpolate", landscape.interpolate, _valid_interpolate, _check_interpolate,
         odd={"model": _model_odd(), "theta_start": [np.zeros(5), np.zeros(17), np.full(17, np.nan),
                                                     np.zeros((1, 17)), [0.0] * 17],
              "ts": _axis_odd() + [np.linspace(-1, 2, 5)], **_loss_odd()}),
    Case("project_trajectory", landscape.project_trajectory, _valid_projection, _check_projection,
         odd={"path": [np.zeros(17), np.zeros((3, 16)), np.full((3, 17), np.nan), np.zeros((0, 17))],
              "theta_star": [np.zeros(16), np.zeros((1, 17)), np.full(17, np.inf)],
              "directions": _direction_odd()}),
]


# --- double descent ----------------------------------------------------------------------------------

def _check_features(features, kwargs):
    assert features.W.shape == (kwargs["p_max"], kwargs["d"]) and features.b.shape == (kwargs["p_max"],)


def _transform(d, p_max, X, p):
    return dd.RandomReLUFeatures(d, p_max, rng=0).transform(X, p)


def _check_transform(Phi, kwargs):
    X = np.asarray(kwargs["X"], dtype=float)
    p = kwargs["p_max"] if kwargs["p"] is None else kwargs["p"]
    assert Phi.shape == (X.shape[0], p), Phi.shape
    features = dd.RandomReLUFeatures(kwargs["d"], kwargs["p_max"], rng=0)
    assert np.allclose(Phi, np.maximum(X @ features.W[:p].T + features.b[:p], 0) / np.sqrt(kwargs["p_max"]))


def _check_teacher(data, kwargs):
    X, y, X_test, y_test = data
    n, d, n_test = kwargs["n"], kwargs["d"], kwargs["n_test"]
    assert X.shape == (n, d) and y.shape == (n,) and X_test.shape == (n_test, d) and y_test.shape == (n_test,)


def _phi(n=6, p=4, seed=0):
    return np.random.default_rng(seed).standard_normal((n, p))


def _check_fit(a, kwargs):
    Phi, y = np.asarray(kwargs["Phi"], dtype=float), np.asarray(kwargs["y"], dtype=float)
    ridge = kwargs.get("ridge", 0.0)
    assert a.shape == Phi.shape[1:] + y.shape[1:], a.shape
    if ridge > 0:
        assert np.abs(Phi.T @ (Phi @ a - y) + ridge * a).max() < 1e-8 * max(1.0, ridge)
    else:
        assert np.allclose(a, np.linalg.lstsq(Phi, y, rcond=None)[0], atol=1e-6)


def _fit_odd():
    return {"Phi": [_phi(6, 9), _phi(6, 6), np.zeros((6, 3)), _phi(5, 4), _phi(6, 4).ravel(), np.full((6, 4), 1e200)],
            "y": [np.zeros(5), np.zeros((6, 1)), np.zeros((6, 2)), np.full(6, np.nan), [1e200] * 6],
            "ridge": [1e-3, 1e6, -0.1, np.float32(0.5)]}


def _valid_sweep():
    return dict(Phi=_phi(6, 10), y=np.arange(6.0), Phi_test=_phi(4, 10, seed=1), y_test=np.ones(4),
                widths=[1, 3, 6, 8, 10], ridge=0.0)


def _check_sweep(result, kwargs):
    train, test = result
    widths = list(kwargs["widths"])
    assert train.shape == test.shape == (len(widths),)
    Phi, y = np.asarray(kwargs["Phi"], dtype=float), np.asarray(kwargs["y"], dtype=float)
    Phi_test, y_test = np.asarray(kwargs["Phi_test"], dtype=float), np.asarray(kwargs["y_test"], dtype=float)
    for k, p in enumerate(widths):
        if abs(p - Phi.shape[0]) <= 1:
            continue  # near p = n the two solvers agree on the fit only roughly
        a = dd.fit_min_norm(Phi[:, :p], y, kwargs.get("ridge", 0.0))
        assert np.isclose(train[k], np.mean((Phi[:, :p] @ a - y) ** 2), rtol=1e-6, atol=1e-9)
        assert np.isclose(test[k], np.mean((Phi_test[:, :p] @ a - y_test) ** 2), rtol=1e-6, atol=1e-9)


def _sweep_odd():
    return {"widths": [[3, 2], [], [0, 1], [1, 11], [1.0, 2.0], np.array([1, 2, 5]), [2, 2, 4], "3", [[1, 2]]],
            "Phi_test": [_phi(4, 9), _phi(4, 12), _phi(4, 10).ravel()],
            "y_test": [np.ones(3), np.ones((4, 1))], "y": [np.ones(5), np.full(6, np.inf)],
            "Phi": [_phi(6, 9), _phi(5, 10)], "ridge": [0.1, -1.0, 1e300]}


def _check_curve(curve, kwargs):
    widths = curve["widths"]
    assert len(widths) >= 1 and np.all(np.diff(widths) > 0)
    assert np.allclose(curve["ratios"], widths / kwargs["n"])
    assert curve["train"].shape == curve["test"].shape == widths.shape
    assert np.all(curve["train"] >= 0) and np.all(curve["test"] >= 0)


def _valid_rf_curve():
    return dict(n=10, d=3, noise=0.5, ridge=0.0, max_ratio=2.0, n_widths=5, seed=0, n_test=20)


DOUBLE_DESCENT_CASES = [
    Case("RandomReLUFeatures", dd.RandomReLUFeatures, lambda: dict(d=3, p_max=5, rng=0), _check_features,
         odd={"d": [10 ** 6], "p_max": [10 ** 9, 1]}),
    Case("RandomReLUFeatures.transform", _transform, lambda: dict(d=3, p_max=5, X=np.ones((4, 3)), p=2),
         _check_transform, odd={"p": [None, 5, 6, 1000, 3.0], "X": [np.ones(3), np.ones((4, 2)), np.ones((1, 3)),
                                                                  np.full((2, 3), 1e308), [[1, 2, "a"]]]}),
    Case("teacher_data", dd.teacher_data, lambda: dict(n=5, d=3, noise=0.5, rng=0, n_test=4), _check_teacher,
         odd={"n": [10 ** 10, 1, 3.0], "d": [10 ** 9, 1], "noise": [1e308, 0.0, -0.5],
              "n_test": [10 ** 10, 1, 0]}),
    Case("fit_min_norm", dd.fit_min_norm, lambda: dict(Phi=_phi(6, 4), y=np.arange(6.0), ridge=0.0), _check_fit,
         odd=_fit_odd()),
    Case("sweep", dd.sweep, _valid_sweep, _check_sweep, odd=_sweep_odd()),
    Case("random_features_curve", dd.random_features_curve, _valid_rf_curve, _check_curve,
         odd={"n": [1, 10 ** 6, 3.0], "max_ratio": [0.01, 1e6, 0.5, 1.0], "n_widths": [1, 10 ** 6, 2.5],
              "seed": [None, 10 ** 20], "noise": [1e200], "ridge": [1e-3, -1.0], "n_test": [1, 10 ** 9]}),
    Case("linear_regression_curve", dd.linear_regression_curve,
         lambda: dict(n=10, D=20, noise=0.5, ridge=0.0, seed=0, n_test=20), _check_curve,
         odd={"n": [1, 10 ** 6], "D": [1, 10 ** 8], "seed": [None], "noise": [1e200], "ridge": [1e-3, -1.0],
              "n_test": [10 ** 9]}),
]

CASES = SURFACE_CASES + LANDSCAPE_CASES + DOUBLE_DESCENT_CASES
