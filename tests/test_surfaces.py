"""2D surfaces: gradients against central differences, the announced minima, and optimizer
runs on them, one at a time and many at once."""

import numpy as np
import pytest

import lecture_nn as ln
from lecture_nn import SGD, Adam, Momentum, RMSprop
from lecture_nn.gradcheck import rel_error
from lecture_nn.surfaces import SURFACES, get_surface, quadratic, run_optimizer, run_optimizer_batch


@pytest.mark.parametrize("name", list(SURFACES))
def test_gradient_matches_central_difference(name):
    surface = get_surface(name)
    rng = np.random.default_rng(0)
    points = np.column_stack([rng.uniform(*surface.x_range, 50), rng.uniform(*surface.y_range, 50)])
    h = 1e-6
    numeric = np.stack([(surface.f(points + h * e) - surface.f(points - h * e)) / (2 * h)
                        for e in np.eye(2)], axis=-1)
    assert rel_error(surface.grad(points), numeric) < 1e-7


@pytest.mark.parametrize("name", list(SURFACES))
def test_minima_are_stationary_and_lowest(name):
    surface = get_surface(name)
    for m in surface.minima:
        assert np.allclose(surface.grad(np.array(m)), 0, atol=1e-12)
    xs = np.linspace(*surface.x_range, 201)
    ys = np.linspace(*surface.y_range, 201)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1)  # (201, 201, 2): evaluation over leading axes
    assert surface.f(grid).min() >= surface.f_min - 1e-9


def test_known_values():
    assert get_surface("rosenbrock").minimum.tolist() == [1.0, 1.0]
    assert get_surface("beale").f((3.0, 0.5)) == 0.0
    assert get_surface("saddle")(np.zeros(2)) == 0.0 and get_surface("saddle").f_min == -0.25
    q = quadratic(condition=100, angle=np.pi / 4)
    H = np.array([q.grad(e) for e in np.eye(2)])  # the Hessian, column by column
    assert np.allclose(np.linalg.eigvalsh(H), [1, 100])


def test_momentum_gets_out_of_the_shallow_local_minimum_where_sgd_stays():
    surface = get_surface("local_minimum")
    shallow, deep = surface.minima[1], surface.minima[0]
    sgd = run_optimizer(surface, SGD, steps=500, lr=0.02)
    momentum = run_optimizer(surface, Momentum, steps=500, lr=0.02, beta=0.9)
    assert np.allclose(sgd.path[-1], shallow, atol=1e-3)
    assert np.allclose(momentum.path[-1], deep, atol=1e-3)


def test_run_shapes_and_noise_is_seeded():
    run = run_optimizer("rosenbrock", Adam, steps=20, lr=0.01)
    assert run.path.shape == (21, 2) and run.losses.shape == (21,)
    assert np.array_equal(run.path[0], get_surface("rosenbrock").start) and run.diverged_at is None
    assert np.allclose(run.losses, get_surface("rosenbrock").f(run.path))
    noisy = [run_optimizer("saddle", SGD, steps=30, lr=0.1, noise=0.5, rng=3).path for _ in range(2)]
    assert np.array_equal(*noisy)
    assert not np.array_equal(noisy[0], run_optimizer("saddle", SGD, steps=30, lr=0.1, rng=3).path)


def test_a_diverging_run_stops_with_nan_and_no_warning():
    with np.errstate(all="raise"):
        run = run_optimizer("rosenbrock", SGD, steps=50, lr=0.1)
    assert run.diverged_at is not None and run.diverged_at < 10
    assert np.isnan(run.path[run.diverged_at:]).all() and np.isfinite(run.path[:run.diverged_at]).all()


def test_batch_runs_equal_single_runs():
    lrs = np.array([1e-3, 1e-2, 0.1, 0.25])
    paths, losses, diverged_at = run_optimizer_batch("quadratic", Momentum, (-4.5, 2.0), 100, lr=lrs, beta=0.9)
    assert paths.shape == (101, 4, 2) and losses.shape == (101, 4) and diverged_at.shape == (4,)
    for k, lr in enumerate(lrs):
        single = run_optimizer("quadratic", Momentum, (-4.5, 2.0), 100, lr=lr, beta=0.9)
        assert np.allclose(paths[:, k], single.path, rtol=1e-13, atol=1e-15)


def test_batch_sweep_momentum_tolerates_a_wider_range_of_learning_rates():
    lrs = np.logspace(-3, 0.5, 15)
    final = {}
    for cls in (SGD, Momentum):
        _, losses, _ = run_optimizer_batch(quadratic(10), cls, (-4.5, 2.0), 200, lr=lrs)
        final[cls] = losses[-1]
    good = {cls: lrs[np.nan_to_num(f, nan=np.inf) < 1e-3] for cls, f in final.items()}
    assert good[Momentum].max() > good[SGD].max()


def test_batch_over_betas_and_start_points():
    betas = np.array([0.0, 0.5, 0.9])
    paths, _, _ = run_optimizer_batch("quadratic", Momentum, np.zeros((3, 2)) + (1.0, 1.0), 5, lr=0.1, beta=betas)
    beta0 = run_optimizer("quadratic", SGD, (1.0, 1.0), 5, lr=0.1).path
    assert np.allclose(paths[:, 0], beta0)  # beta = 0 is plain SGD


def test_bad_input():
    with pytest.raises(ValueError, match=r"unknown surface 'rosenbrok'.*Did you mean 'rosenbrock'"):
        run_optimizer("rosenbrok", SGD, lr=0.1)
    with pytest.raises(ValueError, match="condition must be a number >= 1"):
        quadratic(0.5)
    with pytest.raises(ValueError, match=r"x0 must be one point \(x, y\), got shape \(3,\)"):
        run_optimizer("beale", SGD, (1, 2, 3), lr=0.1)
    with pytest.raises(ValueError, match="use run_optimizer_batch for sweeps"):
        run_optimizer("beale", SGD, lr=[0.1, 0.2])
    with pytest.raises(ValueError, match=r"same length K, got lengths \[2, 3\]"):
        run_optimizer_batch("beale", Momentum, (1, 1), 5, lr=[0.1, 0.2], beta=[0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="lr must be a positive finite number"):
        run_optimizer("beale", RMSprop, lr=0)
    with pytest.raises(ValueError, match="noise must be a finite number >= 0"):
        run_optimizer("beale", SGD, lr=0.1, noise=-1)
    assert ln.get_surface(quadratic(3)).name == "quadratic (condition 3)"
