"""2D surfaces: gradients against central differences, the announced minima, and optimizer
runs on them, one at a time and many at once."""

import numpy as np
import pytest

import lecture_nn as ln
from lecture_nn import SGD, Adam, Momentum, RMSprop
from lecture_nn.errors import InputError
from lecture_nn.gradcheck import rel_error
from lecture_nn.surfaces import (SURFACES, Run, Surface, get_surface, quadratic, rosenbrock, run_optimizer,
                                 run_optimizer_batch)


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
    with pytest.raises(ValueError, match=r"condition must be a number in \[1, 1e\+06\], got 0.5"):
        quadratic(0.5)
    with pytest.raises(ValueError, match=r"x0 must be one point \(x, y\), got shape \(3,\)"):
        run_optimizer("beale", SGD, (1, 2, 3), lr=0.1)
    with pytest.raises(ValueError, match="use run_optimizer_batch for sweeps"):
        run_optimizer("beale", SGD, lr=[0.1, 0.2])
    with pytest.raises(ValueError, match=r"same length K, got lengths \[2, 3\]"):
        run_optimizer_batch("beale", Momentum, (1, 1), 5, lr=[0.1, 0.2], beta=[0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="lr must be a positive finite number"):
        run_optimizer("beale", RMSprop, lr=0)
    with pytest.raises(ValueError, match="noise must be a number >= 0, got -1"):
        run_optimizer("beale", SGD, lr=0.1, noise=-1)
    assert ln.get_surface(quadratic(3)).name == "quadratic (condition 3)"


# --- odd input: a clear error naming the argument, never a silent answer -------------------------

def test_a_2d_surface_refuses_a_point_of_three_coordinates():
    surface = get_surface("rosenbrock")
    for method in (surface.f, surface.grad, surface):
        with pytest.raises(InputError, match=r"rosenbrock: (f|grad) expects xy, one point \(x, y\) of shape "
                                             r"\(2,\) or points of shape \(\.\.\., 2\).*got shape \(3,\)"):
            method([1, 2, 3])
    with pytest.raises(InputError, match=r"got shape \(2, 5\); for points given as columns \(2, N\) pass xy.T"):
        surface.f(np.ones((2, 5)))
    assert surface.f(np.ones((5, 2))).shape == (5,)  # (N, 2) and meshgrid stacks (..., 2) stay as they were


def test_a_surface_refuses_non_finite_points_and_says_when_a_value_overflows():
    surface = get_surface("rosenbrock")
    with pytest.raises(InputError, match=r"non-finite value in xy: nan at index \(0,\)"):
        surface.f([np.nan, 1.0])
    with pytest.raises(InputError, match=r"grad got a non-finite value in xy: inf"):
        surface.grad([[0.0, 0.0], [1.0, np.inf]])
    with np.errstate(all="raise"):  # no numpy warning first, only our sentence
        with pytest.raises(InputError, match=r"the value at xy = \(1e\+200, 1e\+200\) overflows to inf"):
            surface.f([1e200, 1e200])


def test_a_surface_made_by_hand_must_work_on_batches_of_points():
    def one_point(xy):  # written for a single point: xy[0] is the first *point* of a batch
        return xy[0] ** 2 + xy[1] ** 2

    with pytest.raises(InputError, match=r"f must map points xy of shape \(4, 2\) to shape \(4,\), got shape "
                                         r"\(2,\) \(write x = xy\[\.\.\., 0\], y = xy\[\.\.\., 1\]\)"):
        Surface("bowl", one_point, lambda xy: 2 * xy, ((0, 0),), (-1, 1), (-1, 1), (0.5, 0.5))
    with pytest.raises(InputError, match=r"minima must be a tuple of points.*got one point \(0.0, 0.0\)"):
        Surface("bowl", lambda xy: (xy ** 2).sum(-1), lambda xy: 2 * xy, (0, 0), (-1, 1), (-1, 1), (0.5, 0.5))
    bowl = Surface("bowl", lambda xy: (xy ** 2).sum(-1), lambda xy: 2 * xy, [(0, 0)], (-1, 1), (-1, 1), (0.5, 0.5))
    assert bowl.minima == ((0.0, 0.0),) and bowl.f_min == 0.0


def test_surface_names_ignore_case_and_functions_need_parentheses():
    assert get_surface("Rosenbrock").name == "rosenbrock"
    assert get_surface("local minimum").minima == get_surface("local_minimum").minima
    with pytest.raises(InputError, match=r"got the function rosenbrock; call it: rosenbrock\(\)"):
        get_surface(rosenbrock)
    with pytest.raises(InputError, match=r"surface must be a Surface or one of the names 'quadratic'.*got None"):
        run_optimizer(None, SGD, lr=0.1)


def test_rosenbrock_parameters_are_checked_and_the_window_holds_the_minimum():
    with pytest.raises(InputError, match=r"rosenbrock: b must be a number in \(0, 1e\+06\], got -1"):
        rosenbrock(b=-1)  # the valley floor would be a ridge: (a, a^2) no minimum
    s = rosenbrock(a=3.0)
    assert s.name == "rosenbrock (a 3, b 100)" and s.minimum.tolist() == [3.0, 9.0]
    assert s.x_range[0] < 3.0 < s.x_range[1] and s.y_range[0] < 9.0 < s.y_range[1]


def test_run_optimizer_takes_an_optimizer_name_in_any_case():
    by_class = run_optimizer("rosenbrock", Adam, steps=20, lr=0.05)
    for name in ("Adam", "adam", "ADAM"):
        assert np.array_equal(run_optimizer("rosenbrock", name, steps=20, lr=0.05).path, by_class.path)
    with pytest.raises(InputError, match=r"optimizer_cls: unknown optimizer 'Adma'.*Did you mean 'Adam'\?"):
        run_optimizer("rosenbrock", "Adma", lr=0.05)


def test_run_optimizer_refuses_an_optimizer_instance_or_another_class():
    opt = Adam([ln.Parameter(np.zeros(2))], lr=0.1)
    with pytest.raises(InputError, match=r"optimizer_cls must be an optimizer class such as Adam, without "
                                         r"parentheses, got an instance Adam\(\.\.\.\)"):
        run_optimizer("rosenbrock", opt, lr=0.1)
    with pytest.raises(InputError, match=r"got the class MSELoss, which is not an Optimizer"):
        run_optimizer("rosenbrock", ln.MSELoss, lr=0.1)
    ema = run_optimizer("rosenbrock", Momentum.from_heavy_ball, steps=5, lr=1e-3, beta=0.9)  # a constructor works
    assert ema.path.shape == (6, 2)


def test_unknown_or_missing_hyperparameters_are_named():
    with pytest.raises(InputError, match=r"Adam \(optimizer_cls\) has no hyperparameter 'betas'; its hyperparameters "
                                         r"are lr, beta1, beta2, eps. torch's betas=\(b1, b2\) are two arguments "
                                         r"here: beta1=b1, beta2=b2"):
        run_optimizer("quadratic", Adam, lr=0.1, betas=(0.9, 0.999))
    with pytest.raises(InputError, match=r"has no hyperparameter 'LR'.*Did you mean 'lr'\?"):
        run_optimizer("quadratic", SGD, LR=0.1)
    with pytest.raises(InputError, match=r"SGD \(optimizer_cls\) needs the hyperparameter\(s\) lr"):
        run_optimizer("quadratic", SGD)
    with pytest.raises(InputError, match=r"run_optimizer: lr must be a finite number, got nan"):
        run_optimizer("quadratic", SGD, lr=float("nan"))


def test_steps_and_the_start_are_checked():
    assert run_optimizer("quadratic", SGD, steps=0, lr=0.1).path.shape == (1, 2)  # zero steps: just the start
    for steps, got in ((-1, "got -1"), (2.5, "got 2.5"), (10 ** 9, "got 1000000000"), ("10", "without quotes")):
        with pytest.raises(InputError, match=rf"run_optimizer: steps must be an integer in \[0, 100000\].*{got}"):
            run_optimizer("quadratic", SGD, steps=steps, lr=0.1)
    with pytest.raises(InputError, match=r"x0 has a non-finite value: nan"):
        run_optimizer("quadratic", SGD, x0=(np.nan, 1.0), lr=0.1)
    with pytest.raises(InputError, match=r"x0 must lie within \|x\|, \|y\| < 1e\+06.*got \[1e\+300, 0.0\]"):
        run_optimizer("quadratic", SGD, x0=(1e300, 0.0), lr=0.1)


def test_a_diverged_run_says_so_and_a_run_cannot_hide_nan():
    run = run_optimizer("rosenbrock", SGD, steps=50, lr=0.1)
    assert run.diverged and run.diverged_at is not None
    assert not run_optimizer("rosenbrock", SGD, steps=5, lr=1e-4).diverged
    path = np.zeros((3, 2))
    path[1] = np.nan
    with pytest.raises(InputError, match=r"Run: path is not finite at step 1, before diverged_at = None"):
        Run(path, np.zeros(3), None)
    with pytest.raises(InputError, match=r"Run: losses must be NaN from step diverged_at = 1 on"):
        Run(np.vstack([np.zeros((1, 2)), np.full((2, 2), np.nan)]), np.zeros(3), 1)


def test_batch_lengths_name_each_argument():
    with pytest.raises(InputError, match=r"got lengths \[2, 3\] \(lr: 2, x0: 3\)"):
        run_optimizer_batch("quadratic", SGD, np.zeros((3, 2)), 5, lr=[0.1, 0.2])
    with pytest.raises(InputError, match=r"run_optimizer_batch: lr must be a 1-D array, got shape \(2, 1\)"):
        run_optimizer_batch("quadratic", SGD, (1.0, 1.0), 5, lr=[[0.1], [0.2]])


def test_quadratic_condition_is_bounded_where_float64_keeps_the_flat_direction():
    q = quadratic(condition=1e6, angle=np.pi / 4)
    H = np.array([q.grad(e) for e in np.eye(2)])
    assert np.allclose(np.linalg.eigvalsh(H), [1, 1e6], rtol=1e-6)
    with pytest.raises(InputError, match=r"quadratic: condition must be a number in \[1, 1e\+06\], got 1e\+300"):
        quadratic(condition=1e300, angle=0.3)  # its Hessian's smaller eigenvalue came out as 2.5e283, not 1
