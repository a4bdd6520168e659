"""Claims of notebook 06 (optimizers): each test guards one sentence."""

import functools

import numpy as np
from claims import SEEDS, claim

import lecture_nn as ln
from lecture_nn.demos import backprop as backprop_demo
from lecture_nn.demos import optimizers as demo

TOL = 1e-3  # "gets within 10^-3 of the minimum" in the learning-rate pictures


#: the slides' four optimizers: the claims are about them, whatever else lecture_nn.OPTIMIZERS holds
SLIDES = ("SGD", "Momentum", "RMSprop", "Adam")


def sign_changes(values) -> int:
    values = np.asarray(values)
    return int(np.sum(np.sign(values[1:]) != np.sign(values[:-1])))


def steps_between_crossings(path) -> np.ndarray:
    """How many steps lie between one sign change of ``path`` and the next."""
    return np.diff(np.flatnonzero(np.sign(path[1:]) != np.sign(path[:-1])))


def first_sign_change(values) -> int:
    values = np.asarray(values)
    return int(np.flatnonzero(np.sign(values[1:]) != np.sign(values[:-1]))[0]) + 1


# --- SGD on mini-batches ---------------------------------------------------------------------------

def step_losses(B, seed):
    return np.array(demo.train_with_batch_size(B, 0.1, 20, seed).step_loss)


@claim("06", "more than 80% of the steps after the first epoch have a loss below 0.05, and 1–2% of them one "
             "above 1 (up to 6 to 12; the picture is cut at 1.5)")
def test_06_single_sample_loss_is_mostly_near_zero_with_rare_values_well_above_one():
    for seed in SEEDS:
        losses = step_losses(1, seed)[demo.N_POINTS:]  # the steps after the first epoch
        assert np.mean(losses < 0.05) > 0.8
        assert 0.009 < np.mean(losses > 1) < 0.025
        assert 6 < losses.max() < 13


@claim("06", "its loss still moves by 0.06 to 0.07 from one step to the next (mean over the steps; $B = 1$: "
             "0.10 to 0.16)")
def test_06_b16_loss_moves_less_from_step_to_step_than_b1():
    for seed in SEEDS:
        jump_1 = np.abs(np.diff(step_losses(1, seed))).mean()
        jump_16 = np.abs(np.diff(step_losses(16, seed))).mean()
        assert 0.055 < jump_16 < 0.075 and 0.095 < jump_1 < 0.165


@claim("06", "The full batch $B = N$ is a smooth curve, plain gradient descent: its loss falls at every step.")
def test_06_full_batch_loss_falls_at_every_step():
    for seed in SEEDS:
        assert np.all(np.diff(step_losses(300, seed)) < 0)


@claim("06", "over 5 seeds the mean loss of epoch 20 is 0.01–0.07 for $B = 1$, 0.11–0.23 for $B = 16$ and "
             "0.58–0.67 for $B = N$")
def test_06_small_batches_are_far_ahead_per_epoch():
    for seed in SEEDS:
        last = {B: demo.train_with_batch_size(B, 0.1, 20, seed).train_loss[-1] for B in (1, 16, 300)}
        assert 0.01 < last[1] < 0.07 and 0.11 < last[16] < 0.23 and 0.58 < last[300] < 0.67


@claim("06", "Per epoch every batch size does the same arithmetic (each sample once forward and once\nbackward), "
             "but $B = 1$ spends it in 300 steps")
def test_06_every_batch_size_does_the_same_arithmetic_per_epoch_in_fewer_steps():
    X, y = demo.spiral_data()
    sizes = [2, 32, 32, 1]
    counted = {}
    for B in (1, 16, 300):
        model = ln.mlp(sizes, activation="relu", rng=0)
        history = ln.fit(model, ln.BCEWithLogitsLoss(), ln.SGD(model.parameters(), lr=0.1), X, y, epochs=1,
                         batch_size=B, rng=0)
        chunks = [len(yb) for _, yb in ln.batches(X, y, B, rng=0)]
        ops = sum(sum(backprop_demo.multiply_adds(sizes, n)) for n in chunks)  # forward + backward products
        counted[B] = (history.steps, ops)
    assert counted[1][0] == 300 and counted[16][0] == 19 and counted[300][0] == 1
    assert counted[1][1] == counted[16][1] == counted[300][1]  # the same multiply-adds, in 300, 19 or 1 steps


def noisy_sgd(seed, steps=100, lr=0.05, noise=2.0):
    return ln.run_optimizer("quadratic", ln.SGD, steps=steps, noise=noise, rng=seed, lr=lr)


@claim("06", "over the first 10 steps the noisy run's $f$ stays within 40% of the exact run's (5 seeds), while "
             "both fall from 30 to about 4")
def test_06_far_from_the_minimum_the_noise_hardly_matters():
    exact = ln.run_optimizer("quadratic", ln.SGD, steps=100, lr=0.05).losses
    assert round(float(exact[0])) == 30 and 3.5 < exact[10] < 4.5
    for seed in SEEDS:
        noisy = noisy_sgd(seed).losses
        assert np.all(np.abs(noisy[:11] - exact[:11]) < 0.4 * exact[:11])


@claim("06", "over steps 50–100 the noisy $f$ averages 0.08 to 0.13 (5 seeds), where the exact run reaches "
             "$3.5 \\cdot 10^{-4}$")
def test_06_near_the_minimum_noisy_sgd_keeps_wandering():
    exact = ln.run_optimizer("quadratic", ln.SGD, steps=100, lr=0.05).losses
    assert 3.4e-4 < exact[-1] < 3.6e-4
    for seed in SEEDS:
        assert 0.075 < noisy_sgd(seed).losses[50:].mean() < 0.135


@claim("06", "over 3000 steps it averages 0.11–0.13 with $\\eta = 0.05$, 0.04–0.05 with $\\eta = 0.02$, and "
             "falls to about a quarter with $\\sigma = 1$ instead of 2")
def test_06_the_noisy_level_is_set_by_eta_and_sigma():
    for seed in SEEDS:
        level = noisy_sgd(seed, steps=3000).losses[500:].mean()
        assert 0.11 < level < 0.135
        assert 0.038 < noisy_sgd(seed, steps=3000, lr=0.02).losses[500:].mean() < 0.052
        assert 0.2 < noisy_sgd(seed, steps=3000, noise=1.0).losses[500:].mean() / level < 0.3


# --- momentum ----------------------------------------------------------------------------------------

def steep_coordinate(beta=None, steps=60):
    valley = demo.make_surface("quadratic", condition=25)
    if beta is None:
        return ln.run_optimizer(valley, ln.SGD, steps=steps, lr=0.078).path[:, 1]
    return ln.run_optimizer(valley, ln.Momentum, steps=steps, lr=0.078, beta=beta).path[:, 1]


def momentum_roots(beta, lr=0.078, curvature=25.0):
    """The two roots z of z^2 - (1 + beta - eta (1 - beta) lambda) z + beta = 0."""
    return np.roots([1.0, -(1 + beta - lr * (1 - beta) * curvature), beta])


@claim("06", "SGD's $\\theta_2$ flips sign at every step and shrinks only by the factor "
             "$|1 - \\eta\\kappa| = 0.95$ per step.")
def test_06_sgd_flips_sign_every_step_and_shrinks_by_095():
    theta_2 = steep_coordinate()
    assert sign_changes(theta_2) == 60
    assert np.allclose(theta_2[1:] / theta_2[:-1], 1 - 0.078 * 25, rtol=1e-9)
    assert round(abs(1 - 0.078 * 25), 12) == 0.95


@claim("06", "momentum ($\\beta = 0.5$) still crosses the valley floor (23 sign changes in 60 steps, one every "
             "2–3 steps instead of every step), but its swings die out by a factor of about "
             "$\\sqrt{\\beta} \\approx 0.71$ per step: from step 10 on they are below 0.07")
def test_06_momentum_05_crosses_the_floor_but_its_swings_die_out():
    theta_2 = steep_coordinate(0.5)
    assert sign_changes(theta_2) == 23
    gaps = steps_between_crossings(theta_2)
    assert set(gaps) <= {2, 3}
    assert np.abs(theta_2[10:]).max() < 0.07
    assert np.iscomplexobj(momentum_roots(0.5)) and np.allclose(np.abs(momentum_roots(0.5)), np.sqrt(0.5))
    per_step = (np.abs(theta_2[10:20]).max() / np.abs(theta_2[50:60]).max()) ** (-1 / 40)
    assert abs(per_step - np.sqrt(0.5)) < 0.02


@claim("06", "at $\\beta = 0.9$ there is no fast zigzag either (9 sign changes in 60 steps, one about every 7 "
             "steps), but the ball rolls past the valley floor and swings back slowly, and these slow swings "
             "shrink by only about $\\sqrt{0.9} \\approx 0.95$ per step, about as slowly as SGD's zigzag")
def test_06_momentum_09_swings_slowly_and_its_swings_shrink_like_sgds_zigzag():
    theta_2 = steep_coordinate(0.9)
    assert sign_changes(theta_2) == 9
    gaps = steps_between_crossings(theta_2)
    assert set(gaps) <= {6, 7, 8}
    assert np.iscomplexobj(momentum_roots(0.9)) and np.allclose(np.abs(momentum_roots(0.9)), np.sqrt(0.9))

    def shrink(y):  # per step, between the largest swings of steps 10-19 and 50-59
        return (np.abs(y[50:60]).max() / np.abs(y[10:20]).max()) ** (1 / 40)

    assert abs(shrink(theta_2) - np.sqrt(0.9)) < 0.01 and abs(shrink(theta_2) - shrink(steep_coordinate())) < 0.01


@claim("06", "The race explorer at the end opens on such a valley with $\\beta = 0.9$ (orange path)")
def test_06_the_race_opens_on_a_narrow_valley_with_beta_09():
    ex = demo.RaceExplorer()
    assert ex.controls["surface"].value == "quadratic" and ex.controls["condition"].value >= 10
    assert ex.controls["beta"].value == 0.9
    assert ex.picture.paths["Momentum"].get_color() == "#E69F00"  # Okabe-Ito orange


@claim("06", "$f = x^4 - 4x^2 + 3x + y^2$ has a shallow minimum near $x = 1.16$ and a deep one near $x = -1.57$.")
def test_06_the_local_minimum_surface_has_its_minima_at_116_and_minus_157():
    s = ln.get_surface("local_minimum")
    (deep, _), (shallow, _) = s.minima
    assert round(deep, 2) == -1.57 and round(shallow, 2) == 1.16
    assert s.f(s.minima[0]) < s.f(s.minima[1])


@claim("06", "it rolls over the ridge $x \\approx 0.41$ between the two basins (where $4x^3 - 8x + 3 = 0$, "
             "between the two minima) at step 16, at $y \\approx 1$, and settles in the deep minimum")
def test_06_momentum_rolls_over_the_ridge_at_step_16():
    ridge = np.sort(np.roots([4.0, 0.0, -8.0, 3.0]).real)[1]
    assert round(ridge, 2) == 0.41
    sgd = ln.run_optimizer("local_minimum", ln.SGD, steps=500, lr=0.02)
    path = ln.run_optimizer("local_minimum", ln.Momentum, steps=500, lr=0.02, beta=0.9).path
    assert round(sgd.path[-1, 0], 2) == 1.16
    crossing = int(np.argmax(path[:, 0] < ridge))
    assert crossing == 16 and 0.9 < path[crossing, 1] < 1.1
    assert np.allclose(path[-1], ln.get_surface("local_minimum").minima[0], atol=1e-6)


@claim("06", "at this $\\eta$, with $\\beta \\le 0.85$ the ball stays in the shallow minimum, and with "
             "$\\beta = 0.99$ it is still swinging around the deep one after 500 steps")
def test_06_escaping_the_shallow_minimum_is_no_guarantee():
    deep, shallow = (m[0] for m in ln.get_surface("local_minimum").minima)
    for beta in (0.0, 0.5, 0.7, 0.8, 0.85):
        end = ln.run_optimizer("local_minimum", ln.Momentum, steps=500, lr=0.02, beta=beta).path[-1]
        assert abs(end[0] - shallow) < 1e-3
    run = ln.run_optimizer("local_minimum", ln.Momentum, steps=500, lr=0.02, beta=0.99)
    last = run.path[-50:]
    assert np.all(last[:, 0] < 0) and np.linalg.norm(last - (deep, 0.0), axis=1).max() > 0.05


def fine_gaps(surface, cls, n_lr, **hp):
    name, steps, (low, high) = demo.LR_SURFACES[surface]
    lrs = np.logspace(low, high, n_lr)
    return lrs, demo._final_gaps(demo.make_surface(name), cls, lrs, steps, **hp)


def legend_texts():
    fig = demo.learning_rate_range_figure(surfaces=("quadratic", "rosenbrock"), betas=(0.9,))
    return [[t.get_text() for t in ax.get_legend().get_texts()] for ax in fig.axes]


@claim("06", "On the quadratic that range starts at $\\eta = 0.026$ for both (on a grid of 2000 learning rates: "
             "0.023 for SGD, 0.019 for momentum)")
def test_06_on_the_quadratic_both_work_from_about_002():
    quadratic, _ = legend_texts()
    assert quadratic == ["SGD: f − f* < 10⁻³ for η in [0.026, 0.19]",
                         "Momentum, β = 0.9: f − f* < 10⁻³ for η in [0.026, 3]"]
    lrs, sgd = fine_gaps("quadratic", ln.SGD, 2000)
    _, momentum = fine_gaps("quadratic", ln.Momentum, 2000, beta=0.9)
    assert round(lrs[sgd < TOL].min(), 3) == 0.023 and round(lrs[momentum < TOL].min(), 3) == 0.019


@claim("06", "SGD diverges above $0.2$ and momentum only above $3.8$, as computed")
def test_06_sgd_diverges_above_02_and_momentum_above_38():
    lrs, sgd = fine_gaps("quadratic", ln.SGD, 2000)
    _, momentum = fine_gaps("quadratic", ln.Momentum, 2000, beta=0.9)
    start = ln.get_surface("quadratic").f(ln.get_surface("quadratic").start)   # f - f* = 30.1 at the start
    for gaps, limit in ((sgd, 2 / 10), (momentum, 2 * 1.9 / (0.1 * 10))):
        growing = np.isnan(gaps) | (gaps > start)        # lost (|theta| > 1e6), or on its way there
        assert growing[lrs > limit * 1.01].all() and not growing[lrs < limit * 0.99].any()


@claim("06", "On Rosenbrock, none of the 30 learning rates brings SGD there in 1000 steps: the steps large "
             "enough to follow the flat curved valley in time make it diverge in the steep walls (the finer grid "
             "finds only a sliver near $\\eta = 0.002$, at the edge of divergence, where it does)")
def test_06_on_rosenbrock_sgd_gets_there_only_in_a_sliver_near_0002():
    _, rosenbrock = legend_texts()
    assert rosenbrock[0] == "SGD: never < 10⁻³"
    lrs, sgd = fine_gaps("rosenbrock", ln.SGD, 1000)
    works = lrs[sgd < TOL]
    assert works.size and 0.0019 < works.min() and works.max() < 0.0022
    assert np.isnan(sgd[lrs > 0.0033]).all()                 # every larger eta diverges
    assert np.isnan(sgd[(lrs > works.min() / 1.2) & (lrs < works.min())]).any()  # just below: diverged too


@claim("06", "Momentum gets there for $\\eta$ from 0.0085 to 0.013 on the grid (about 0.007 to 0.017 on the "
             "finer one), a narrow window, but a window.")
def test_06_on_rosenbrock_momentum_has_a_narrow_window():
    _, rosenbrock = legend_texts()
    assert rosenbrock[1] == "Momentum, β = 0.9: f − f* < 10⁻³ for η in [0.0085, 0.013]"
    lrs, momentum = fine_gaps("rosenbrock", ln.Momentum, 1000, beta=0.9)
    works = np.flatnonzero(momentum < TOL)
    window = works[:np.argmax(np.diff(works) > 1)] if np.any(np.diff(works) > 1) else works  # first unbroken run
    assert 0.0065 < lrs[window[0]] < 0.0075 and 0.0165 < lrs[window[-1]] < 0.0175


@claim("06", "The small-$\\eta$ end is nearly the same for both: in the slide's form, on a slope $m$ approaches "
             "$g$, so a slow ball moves like SGD with the same $\\eta$.")
def test_06_the_small_eta_end_is_nearly_the_same_for_both():
    lrs, sgd = fine_gaps("quadratic", ln.SGD, 2000)
    _, momentum = fine_gaps("quadratic", ln.Momentum, 2000, beta=0.9)
    assert 1 < lrs[sgd < TOL].min() / lrs[momentum < TOL].min() < 1.3
    # and a slow ball is SGD: at eta = 1e-3 the two final gaps agree to 1%
    slow = (lrs > 9e-4) & (lrs < 1.1e-3)
    assert np.allclose(sgd[slow], momentum[slow], rtol=0.01)


@claim("06", "the crosses move right with it (the first diverging $\\eta$ of the grid: 0.28 for $\\beta = 0$, "
             "0.62 for 0.5, 4.5 for 0.9)")
def test_06_a_larger_beta_moves_the_divergence_to_larger_eta():
    ex = demo.LearningRateExplorer()
    lrs = np.logspace(-4, 1, ex.n_lr)
    for beta, first in ((0.0, 0.28), (0.5, 0.62), (0.9, 4.5)):
        ex.controls["beta"].value = beta
        diverged = lrs[np.isnan(ex.gaps["Momentum"])]
        limit = 2 * (1 + beta) / ((1 - beta) * 10)
        assert round(diverged.min(), 2 if first < 1 else 1) == first
        assert lrs[lrs < diverged.min()].max() < limit < diverged.min()  # the grid brackets the computed limit
    assert [round((1 + b) / (1 - b)) for b in (0, 0.5, 0.9, 0.99)] == [1, 3, 19, 199]


@claim("06", "At $\\beta = 0.99$ the limit, 39.8, lies beyond the picture's right end, and the legend says "
             "\"never < 10⁻³\": 200 steps are too few for so heavy a ball to settle.")
def test_06_beta_099_does_not_diverge_but_does_not_settle_either():
    ex = demo.LearningRateExplorer()
    ex.controls["beta"].value = 0.99
    assert round(2 * 1.99 / (0.01 * 10), 1) == 39.8 > ex.ax.get_xlim()[1]
    assert not np.isnan(ex.gaps["Momentum"]).any()
    assert ex.legend.get_texts()[1].get_text() == "Momentum, β = 0.99: never < 10⁻³"


def momentum_conventions(steps=300, eta_prime=1e-3, beta=0.9):
    surface = ln.get_surface("rosenbrock")

    def heavy_ball(lr):
        theta, v, path = np.array(surface.start), np.zeros(2), [np.array(surface.start)]
        for _ in range(steps):
            v = beta * v + surface.grad(theta)
            theta = theta - lr * v
            path.append(theta)
        return np.array(path)

    return surface, heavy_ball, steps, eta_prime, beta


@claim("06", "The three conventions coincide to rounding: their largest distance is 0 to 12 decimals (on the "
             "right, $10^{-16}$ to $10^{-15}$).")
def test_06_the_three_momentum_conventions_coincide_to_rounding():
    surface, heavy_ball, steps, eta_prime, beta = momentum_conventions()
    reference = heavy_ball(eta_prime)
    theta, v, cs231n = np.array(surface.start), np.zeros(2), [np.array(surface.start)]
    for _ in range(steps):
        v = beta * v - eta_prime * surface.grad(theta)
        theta = theta + v
        cs231n.append(theta)
    ema = ln.run_optimizer(surface, ln.Momentum.from_heavy_ball, steps=steps, lr=eta_prime, beta=beta).path
    for path in (ema, np.array(cs231n)):
        distance = np.linalg.norm(path - reference, axis=1)
        assert round(float(distance.max()), 12) == 0.0 and distance.max() < 5e-15
        assert 1e-16 <= np.quantile(distance[distance > 0], 0.5) and distance.max() > 1e-16


@claim("06", "runs the heavy ball with a 10 times smaller learning rate, $\\eta'(1 - \\beta) = 10^{-4}$")
def test_06_the_unconverted_slide_form_is_the_heavy_ball_with_a_ten_times_smaller_rate():
    surface, heavy_ball, steps, eta_prime, beta = momentum_conventions()
    not_converted = ln.run_optimizer(surface, ln.Momentum, steps=steps, lr=eta_prime, beta=beta).path
    assert np.abs(not_converted - heavy_ball(eta_prime * (1 - beta))).max() < 1e-12
    assert np.allclose(not_converted[-1], (-1.42, 2.03), atol=0.005)


# --- RMSprop -------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def rmsprop_run(steps=100):
    path, Eg2 = demo.rmsprop_trace("quadratic", lr=0.1, beta=0.9, eps=1e-8, steps=steps, condition=50)
    return path, 0.1 / np.sqrt(Eg2 + 1e-8)


@functools.lru_cache(maxsize=None)
def sgd_on_the_valley():
    return ln.run_optimizer(demo.make_surface("quadratic", condition=50), ln.SGD, steps=100, lr=1.9 / 50)


@claim("06", "RMSprop's first step is $3.16\\,\\eta$ in *both* coordinates, not $\\eta$: each gradient is divided "
             "by its own size, but the slide's RMSprop has no bias correction")
def test_06_rmsprops_first_step_is_316_eta_in_both_coordinates():
    path, _ = rmsprop_run()
    assert np.allclose(np.abs(path[1] - path[0]) / 0.1, 1 / np.sqrt(0.1), rtol=1e-6)
    assert round(1 / np.sqrt(0.1), 2) == 3.16
    assert np.allclose(demo.make_surface("quadratic", condition=50).grad(np.array([-4.5, 2.0])), (-4.5, 100))


@claim("06", "The next steps are about $2.2\\,\\eta$, $1.8\\,\\eta$, $1.6\\,\\eta$: for a slowly changing "
             "gradient, $\\eta / \\sqrt{1 - \\beta^k}$ (a bit less here, as the gradient shrinks).")
def test_06_rmsprops_next_steps_follow_eta_over_sqrt_one_minus_beta_k():
    path, _ = rmsprop_run()
    steps = np.abs(np.diff(path, axis=0))[1:4] / 0.1    # steps k = 2, 3, 4 per coordinate
    assert np.allclose(steps[:, 0], (2.2, 1.8, 1.6), atol=0.025)   # the flat coordinate: 2.21, 1.81, 1.58
    constant_gradient = 1 / np.sqrt(1 - 0.9 ** np.arange(2, 5))[:, None]   # (3, 1): both coordinates
    assert np.all(steps < constant_gradient) and np.all(steps > 0.75 * constant_gradient)


@claim("06", "Equal steps in $x$ and $y$: RMSprop heads diagonally instead of zigzagging; its $y$ keeps its "
             "sign until step 55, where SGD's flips at every step.")
def test_06_rmsprop_heads_diagonally_and_keeps_its_sign_until_step_55():
    path, _ = rmsprop_run()
    assert first_sign_change(path[:, 1]) == 55
    assert np.all(np.diff(path[:55, 1]) < 0) and np.all(np.diff(path[:55, 0]) > 0)  # straight down the diagonal side
    assert sign_changes(sgd_on_the_valley().path[:, 1]) == 100


@claim("06", "The steep coordinate starts with a learning rate 22 times smaller than the flat one.")
def test_06_the_steep_coordinate_starts_with_a_22_times_smaller_learning_rate():
    _, effective = rmsprop_run()
    assert round(effective[0, 0] / effective[0, 1]) == 22


@claim("06", "In the first ~10 steps both learning rates fall while $\\mathbb{E}[g^2]$ fills up from 0; then, as "
             "the gradients shrink near the minimum, both grow")
def test_06_rmsprops_learning_rates_first_fall_then_grow():
    _, effective = rmsprop_run()
    lowest = np.argmin(effective, axis=0) + 1          # step of the smallest learning rate, per coordinate
    assert 5 <= lowest.min() and lowest.max() <= 12
    for i, k in enumerate(lowest):
        assert np.all(np.diff(effective[:k, i]) < 0)
        assert np.all(np.diff(effective[k - 1:, i]) > 0)


@claim("06", "RMSprop stays below SGD, whose single $\\eta$ is capped by the steep direction, for 99 of the 100 "
             "steps.")
def test_06_rmsprop_is_below_sgd_for_99_of_100_steps():
    path, _ = rmsprop_run()
    valley = demo.make_surface("quadratic", condition=50)
    below = valley.f(path[1:]) < sgd_on_the_valley().losses[1:]
    assert below.sum() == 99 and not below[-1]


@claim("06", "once the steep learning rate passes $1/\\kappa = 0.02$ (step 55) RMSprop overshoots across the "
             "valley at every step, once it passes $2/\\kappa = 0.04$ (step 68) the zigzag grows, and at step 100 "
             "RMSprop is at $f = 0.06$, above SGD's 0.004")
def test_06_rmsprops_growing_steep_rate_makes_it_zigzag():
    path, effective = rmsprop_run()
    valley = demo.make_surface("quadratic", condition=50)
    assert int(np.argmax(effective[:, 1] > 1 / 50)) + 1 == 55
    assert int(np.argmax(effective[:, 1] > 2 / 50)) + 1 == 68
    assert sign_changes(path[55:, 1]) == 100 - 55
    swing = np.abs(path[:, 1])
    assert swing[100] > 100 * swing[70]
    assert round(float(valley.f(path[100])), 2) == 0.06 and round(float(sgd_on_the_valley().losses[100]), 3) == 0.004


@claim("06", "With its fixed $\\eta$ it keeps hovering there (0.06 after 200 and 400 steps too).")
def test_06_rmsprop_keeps_hovering_near_006():
    valley = demo.make_surface("quadratic", condition=50)
    for steps in (200, 400):
        path, _ = demo.rmsprop_trace("quadratic", lr=0.1, beta=0.9, steps=steps, condition=50)
        assert round(float(valley.f(path[-1])), 2) == 0.06


@claim("06", "the rotated quadratic against the plain one (RMSprop and Adam lose their per-coordinate advantage)")
def test_06_the_per_coordinate_trick_needs_axis_aligned_valleys():
    for surface in ("quadratic", "quadratic, rotated 45°"):
        s = demo.make_surface(surface, 20)
        runs = demo.race(s, 0.09, 0.9, 0.99, 150)
        gaps = {name: run.losses[-1] - s.f_min for name, run in runs.items()}
        if surface == "quadratic":
            assert gaps["RMSprop"] < gaps["SGD"]
        else:
            assert gaps["RMSprop"] > 1e6 * gaps["SGD"] and gaps["Adam"] > 1e6 * gaps["SGD"]


# --- Adam --------------------------------------------------------------------------------------------

@claim("06", "without the correction the first steps are much larger when $\\beta_2$ is close to 1, that is, "
             "when $1 - \\beta_2$ is small")
def test_06_without_correction_the_first_steps_grow_as_beta2_approaches_1():
    first_steps = []
    for beta2 in (0.9, 0.99, 0.999, 0.9999):
        path, _, _ = demo.adam_path("quadratic", lr=0.001, beta2=beta2, steps=10, x0=(-4.5, 0.0),
                                    bias_correction=False)
        first_steps.append(np.abs(np.diff(path[:, 0])).max() / 0.001)
    assert np.all(np.diff(first_steps) > 0)
    assert first_steps[0] < 1.1 and first_steps[-1] > 15     # beta2 = 0.9: about eta; 0.9999: many times eta


@claim("06", "on this slope every step is $\\eta$ (to within 1%): $\\eta$ means the same thing at step 1 and at "
             "step 50")
def test_06_the_corrected_step_is_eta_on_the_slope():
    path, _, _ = demo.adam_path("quadratic", lr=0.001, steps=50, x0=(-4.5, 0.0))
    assert np.allclose(np.abs(np.diff(path[:, 0])) / 0.001, 1, rtol=0.01)


# --- the race ------------------------------------------------------------------------------------------

@claim("06", "the legend gives each final value (\"< 1e-12\" below $10^{-12}$, the bottom of the axis)")
def test_06_the_race_legend_prints_true_final_values_never_the_floor():
    ex = demo.RaceExplorer()
    s = demo.make_surface("quadratic", 20)
    texts = [t.get_text() for t in ex.picture.legend.get_texts()]
    finals = {name: run.losses[-1] - s.f_min for name, run in ex.runs.items()}
    assert finals["RMSprop"] < 1e-20 and texts[2] == "RMSprop: < 1e-12"
    for text, (name, final) in zip(texts, finals.items()):
        if final >= 1e-12:
            assert text == f"{name}: {final:.1e}"
    assert ex.picture.ax_loss.get_ylim()[0] >= 1e-12


@claim("06", "RMSprop is fastest (the lowest $f - f^*$ from step 26 on, below $10^{-12}$ after 150 steps) and SGD "
             "zigzags but converges ($5 \\cdot 10^{-12}$)")
def test_06_in_the_default_race_rmsprop_is_fastest_and_momentum_and_adam_last():
    s = demo.make_surface("quadratic", 20)
    runs = demo.race(s, 0.09, 0.9, 0.99, 150)
    gaps = np.array([runs[name].losses - s.f_min for name in SLIDES])   # (4, steps + 1)
    leader = np.argmin(gaps, axis=0)
    assert np.all(leader[26:] == 2) and leader[25] != 2                  # RMSprop is the third
    final = dict(zip(SLIDES, gaps[:, -1]))
    assert final["RMSprop"] < 1e-12 and 4.5e-12 < final["SGD"] < 5.5e-12
    assert sign_changes(runs["SGD"].path[:, 1]) == 150
    assert 4.5e-6 < final["Momentum"] < 5.5e-6 and 8.5e-6 < final["Adam"] < 9.5e-6
    assert min(final["Momentum"], final["Adam"]) > 1e5 * max(final["RMSprop"], final["SGD"])


@claim("06", "Adam, whose steps here never exceed $\\eta$ per coordinate, needs many steps to cover the distance")
def test_06_adams_steps_never_exceed_eta_in_the_default_race():
    runs = demo.race(demo.make_surface("quadratic", 20), 0.09, 0.9, 0.99, 150)
    assert np.abs(np.diff(runs["Adam"].path, axis=0)).max() <= 0.09 * (1 + 1e-9)


@claim("06", "Raise $\\eta$ to 1: SGD diverges within 5 steps, the other three survive.")
def test_06_at_eta_1_sgd_diverges_within_5_steps_and_the_others_survive():
    ex = demo.RaceExplorer()
    ex.controls["lr"].value = 1.0
    assert ex.runs["SGD"].diverged_at is not None and ex.runs["SGD"].diverged_at <= 5
    for name in ("Momentum", "RMSprop", "Adam"):
        assert ex.runs[name].diverged_at is None and ex.runs[name].losses[-1] < 1e-4


@functools.lru_cache(maxsize=None)
def beale_race():
    return demo.race(demo.make_surface("beale"), lr=0.03, beta=0.9, beta2=0.99, steps=200)


@claim("06", "SGD and momentum take large first steps down the steep side (SGD's first is $92.5\\,\\eta$, the "
             "size of the gradient at the start); Adam's steps stay at most $\\eta$ per coordinate, and RMSprop's, "
             "after a first step of $10\\,\\eta$ (no bias correction, $\\beta = 0.99$), at most about $3\\,\\eta$.")
def test_06_on_beale_sgd_jumps_first_and_adam_keeps_to_eta():
    steps = {name: np.abs(np.diff(run.path, axis=0)).max(axis=1) / 0.03 for name, run in beale_race().items()}
    assert abs(steps["SGD"][0] - 92.5) < 0.01 and np.abs(ln.get_surface("beale").grad((1.0, 1.5))).max() == 92.5
    assert steps["SGD"][0] > 5 * steps["Adam"][0] and steps["Momentum"][:5].min() > 5
    assert steps["Adam"].max() <= 1 + 1e-9
    assert abs(steps["RMSprop"][0] - 10) < 0.01 and steps["RMSprop"][1:].max() < 3.2


@claim("06", "After 200 steps momentum is closest to the minimum at (3, 0.5): 0.02 away, SGD 0.07, RMSprop 0.33, "
             "Adam 0.67.")
def test_06_on_beale_momentum_ends_closest():
    distances = {name: float(np.linalg.norm(run.path[-1] - (3.0, 0.5))) for name, run in beale_race().items()
                 if name in SLIDES}
    assert {name: round(d, 2) for name, d in distances.items()} == {"SGD": 0.07, "Momentum": 0.02,
                                                                    "RMSprop": 0.33, "Adam": 0.67}


# --- the MLP race ------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def grid_medians():
    """name -> median over the seeds of the final training loss, for each eta of the grid."""
    return {name: np.median(losses, axis=1) for name, losses in demo.learning_rate_grid(seeds=SEEDS).items()}


@functools.lru_cache(maxsize=None)
def summary():
    return demo.race_summary(seeds=SEEDS)


def median(name, quantity):
    return float(np.median(summary()[name][quantity]))


@claim("06", "Each optimizer gets its own learning rate: on the grid $\\{0.003, 0.01, 0.03, \\dots, 1, 3\\}$, the "
             "one with the lowest median training loss after 40 epochs over 5 seeds")
def test_06_each_optimizers_best_eta_is_bracketed_on_the_grid():
    grid = demo.MLP_LR_GRID
    assert grid == (0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0) and tuple(demo.MLP_SEEDS) == tuple(SEEDS)
    for name, medians in grid_medians().items():
        i = int(np.argmin(medians))
        assert grid[i] == demo.MLP_LEARNING_RATES[name]
        assert 0 < i < len(grid) - 1                     # not at an edge of the grid:
        assert medians[i - 1] > medians[i] and medians[i + 1] > medians[i]   # worse on both sides


@claim("06", "with $\\eta \\le 0.1$ it hardly moves in 40 epochs (median training loss 0.60 or more)")
def test_06_with_small_eta_sgd_hardly_moves():
    medians = grid_medians()["SGD"]
    assert np.all(medians[np.array(demo.MLP_LR_GRID) <= 0.1] > 0.595)


@claim("06", "At $\\eta = 1$ its loss jumps: it rises by more than 20% from one epoch to the next in 6 of the 40 "
             "epochs, and SGD ends with the highest training loss (0.27) and the lowest test accuracy (0.87) of "
             "the four.")
def test_06_sgd_at_eta_1_jumps_and_ends_last():
    assert median("SGD", "epochs with loss up > 20%") == 6
    assert abs(median("SGD", "training loss") - 0.27) < 0.01 and abs(median("SGD", "test accuracy") - 0.87) < 0.01
    for name in ("Momentum", "RMSprop", "Adam"):
        assert median(name, "training loss") < median("SGD", "training loss")
        assert median(name, "test accuracy") > median("SGD", "test accuracy")


@claim("06", "Momentum at the same $\\eta$ averages the noisy mini-batch gradients: its loss rises in 2 epochs, "
             "and it ends at 0.05 (test accuracy 0.96).")
def test_06_momentum_at_the_same_eta_is_steadier():
    assert demo.MLP_LEARNING_RATES["Momentum"] == demo.MLP_LEARNING_RATES["SGD"]
    assert median("Momentum", "epochs with loss up > 20%") == 2
    assert abs(median("Momentum", "training loss") - 0.05) < 0.01
    assert abs(median("Momentum", "test accuracy") - 0.96) < 0.01


@claim("06", "RMSprop is fastest early (its loss is below 0.3 first: at epoch 10, Adam at 12, SGD and momentum at "
             "20) but noisy: its loss rises in 9 epochs, the most of the four.")
def test_06_rmsprop_is_fastest_early_but_noisy():
    first = {name: median(name, "first epoch with loss < 0.3") for name in SLIDES}
    assert first == {"SGD": 20, "Momentum": 20, "RMSprop": 10, "Adam": 12}
    rises = {name: median(name, "epochs with loss up > 20%") for name in SLIDES}
    assert rises["RMSprop"] == 9 and rises["RMSprop"] == max(rises.values())


@claim("06", "Adam, at the same $\\eta = 0.03$, is RMSprop with the moving average $m$ in the numerator: its loss "
             "rises in 1 epoch, and it ends with the lowest training loss (0.02) and the highest test accuracy "
             "(0.98).")
def test_06_adam_is_smooth_and_ends_best():
    assert demo.MLP_LEARNING_RATES["Adam"] == demo.MLP_LEARNING_RATES["RMSprop"] == 0.03
    assert median("Adam", "epochs with loss up > 20%") == 1
    assert abs(median("Adam", "training loss") - 0.02) < 0.005
    assert abs(median("Adam", "test accuracy") - 0.98) < 0.005
    for name in ("SGD", "Momentum", "RMSprop"):
        assert median("Adam", "training loss") < median(name, "training loss")
        assert median("Adam", "test accuracy") > median(name, "test accuracy")


@claim("06", "The picture shows seed 0, where SGD's loss jumps at epoch 29 and its boundary misses part of the "
             "spiral, and where Adam is the exception: its loss levels off near 0.2 and part of the spiral stays "
             "wrong.")
def test_06_the_pictured_seed_0():
    runs = demo.train_optimizers(seed=0)
    sgd = np.array(runs["SGD"].history.train_loss)
    assert int(np.argmax(sgd[1:] / sgd[:-1])) + 2 == 29 and sgd[28] > 3 * sgd[27]
    assert runs["SGD"].train_accuracy[-1] < 0.9
    adam = np.array(runs["Adam"].history.train_loss)
    assert np.all((adam[-10:] > 0.18) & (adam[-10:] < 0.25)) and runs["Adam"].train_accuracy[-1] < 0.9
    assert min(runs[n].train_accuracy[-1] for n in ("Momentum", "RMSprop")) > 0.98


@claim("06", "At no $\\eta$ of the grid does SGD get its median training loss below 0.1, momentum only at "
             "$\\eta = 1$, RMSprop and Adam at both 0.01 and 0.03.")
def test_06_how_many_etas_of_the_grid_reach_a_median_below_01():
    grid = np.array(demo.MLP_LR_GRID)
    medians = grid_medians()
    assert not np.any(medians["SGD"] < 0.1)
    assert grid[medians["Momentum"] < 0.1].tolist() == [1.0]
    for name in ("RMSprop", "Adam"):
        assert {0.01, 0.03} <= set(grid[medians[name] < 0.1].tolist())


@claim("06", "`Playground(\"momentum vs SGD\")` and `Playground(\"Adam on spirals\")` train an MLP live")
def test_06_the_playground_has_the_two_presets():
    from lecture_nn.demos import playground

    for name, optimizer in (("momentum vs SGD", "SGD"), ("Adam on spirals", "Adam")):
        assert playground.PRESETS[name].settings["optimizer"] == optimizer


# --- check yourself -------------------------------------------------------------------------------------

@claim("06", "$\\lceil 1000/64 \\rceil = 16$ steps per epoch (15 full chunks and one of 40), so 160 steps; with "
             "$B = N$ one step per epoch, 10 steps.")
def test_06_check_yourself_steps_of_ten_epochs():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((1000, 2)), rng.standard_normal((1000, 1))
    for B, steps in ((64, 160), (1000, 10)):
        model = ln.mlp([2, 1], rng=0)
        assert ln.fit(model, ln.MSELoss(), ln.SGD(model.parameters(), lr=0.01), X, y, epochs=10,
                      batch_size=B, rng=0).steps == steps
    assert [len(xb) for xb, _ in ln.batches(X, y, batch_size=64, rng=0)][-1] == 40


@claim("06", "torch uses the heavy-ball form, so $\\eta = \\eta'/(1-\\beta) = 0.01/0.1 = 0.1$")
def test_06_check_yourself_torch_momentum_lr():
    opt = ln.Momentum.from_heavy_ball([ln.Parameter(np.zeros(2))], lr=0.01, beta=0.9)
    assert abs(float(opt.lr) - 0.1) < 1e-12


@claim("06", "so the step is $\\eta \\cdot 0.1 / 0.032 \\approx 3.2\\, \\eta$")
def test_06_check_yourself_uncorrected_first_adam_step():
    path, _, _ = demo.adam_path("quadratic", lr=0.001, steps=1, x0=(-4.5, 0.0), bias_correction=False)
    assert round(abs(path[1, 0] - path[0, 0]) / 0.001, 1) == 3.2


# --- momentum on a quadratic, one eigen-direction at a time -------------------------------------------

KAPPA = 20
FOUR_MODES = tuple(np.geomspace(1, KAPPA, 4))


def tuned_pair(kappa=KAPPA):
    return demo.tuned_gd(1, kappa), demo.tuned_momentum(1, kappa)


def roots(lr, beta, lam):
    """The two eigenvalues z of the slide's momentum along curvature lam."""
    return np.linalg.eigvals(demo.momentum_matrix(lr, beta, lam))


def diverges(lr, beta, lam, heavy_ball=False, steps=3000):
    """Whether ln.Momentum (slide's form, or torch's via from_heavy_ball) on f = lam/2 theta^2 grows from theta = 1."""
    theta = ln.Parameter(np.array([1.0]))
    make = ln.Momentum.from_heavy_ball if heavy_ball else ln.Momentum
    opt = make([theta], lr=lr, beta=beta)
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            theta.grad = lam * theta.value
            opt.step()
    value = float(theta.value[0])
    return not np.isfinite(value) or abs(value) > 1.0  # overflowed to inf / NaN, or grew


@claim("06", "gradient descent: $\\eta = 2/(\\lambda_{\\min} + \\lambda_{\\max})$, rate $(\\kappa - 1)/(\\kappa + 1)$")
def test_06_tuned_gd_is_the_best_gd_with_rate_kappa_minus_1_over_kappa_plus_1():
    for kappa in (4, 20, 100):
        gd = demo.tuned_gd(1, kappa)
        lrs = np.linspace(0.5, 1.5, 2001) * gd.lr
        rates = demo.convergence_rate(lrs, 0.0, (1, kappa))
        assert abs(lrs[np.argmin(rates)] - gd.lr) < 1e-3 * gd.lr
        assert abs(gd.rate - (kappa - 1) / (kappa + 1)) < 1e-12
        assert abs(demo.convergence_rate(gd.lr, 0.0, (1, kappa)) - gd.rate) < 1e-12


@claim("06", "which in the slide's form is $\\eta = \\eta'/(1 - \\beta) = 1/\\sqrt{\\lambda_{\\min}\\lambda_{\\max}}$; "
             "rate $(\\sqrt\\kappa - 1)/(\\sqrt\\kappa + 1)$")
def test_06_tuned_momentum_is_the_best_pair_with_rate_sqrt_kappa():
    for low, high in ((1, 4), (1, 20), (0.5, 50)):
        hb = demo.tuned_momentum(low, high)
        root = np.sqrt(high / low)
        assert abs(hb.lr - 1 / np.sqrt(low * high)) < 1e-12 and abs(hb.lr_heavy_ball - hb.lr * (1 - hb.beta)) < 1e-12
        assert abs(hb.rate - (root - 1) / (root + 1)) < 1e-12
        assert abs(demo.convergence_rate(hb.lr, hb.beta, (low, high)) - hb.rate) < 1e-6
        # no pair of a fine grid around it does better (to the grid's rounding)
        lrs, betas = np.meshgrid(hb.lr * np.linspace(0.8, 1.2, 201),
                                 np.clip(hb.beta + np.linspace(-0.1, 0.1, 201), 0, 0.99))
        assert demo.convergence_rate(lrs, betas, (low, high)).min() > hb.rate - 1e-6


@claim("06", "both shrink by the same 0.905 per step (the steep one flipping sign), the directions in between faster; "
             "after 60 steps the error is still $2.5 \\cdot 10^{-3}$")
def test_06_tuned_gd_shrinks_the_extreme_directions_by_0905():
    gd, _ = tuned_pair()
    factors = 1 - gd.lr * np.array(FOUR_MODES)
    assert abs(factors[0] - 0.905) < 5e-4 and abs(factors[-1] + 0.905) < 5e-4
    assert np.all(np.abs(factors[1:-1]) < 0.9)
    errors = demo.eigenmode_errors(FOUR_MODES, gd.lr, 0.0, 60)
    assert round(float(errors[60].max()), 4) == 0.0025


@claim("06", "Momentum brings every direction down at about the same 0.635 per step")
def test_06_tuned_momentum_brings_every_direction_down_at_0635():
    _, hb = tuned_pair()
    assert round(hb.rate, 3) == 0.635
    errors = demo.eigenmode_errors(FOUR_MODES, hb.lr, hb.beta, 60)
    for i in range(4):   # per-step factor from steps 20-30 to steps 50-60 (envelopes of the oscillations)
        factor = (errors[50:61, i].max() / errors[20:31, i].max()) ** (1 / 30)
        assert 0.61 < factor < 0.66, (i, factor)


@claim("06", "where the roots $z$ are complex the direction oscillates (the zigzag of the middle curves), and "
             "both roots then have $|z| = \\sqrt\\beta$")
def test_06_complex_roots_have_modulus_sqrt_beta():
    _, hb = tuned_pair()
    for lam in FOUR_MODES[1:-1]:
        z = roots(hb.lr, hb.beta, lam)
        assert np.all(np.abs(z.imag) > 1e-3) and np.allclose(np.abs(z), np.sqrt(hb.beta), atol=1e-12)
    for lr, beta, lam in ((0.3, 0.5, 2.0), (0.05, 0.9, 10.0), (1.0, 0.7, 0.5)):
        z = roots(lr, beta, lam)
        if np.any(np.abs(z.imag) > 1e-9):
            assert np.allclose(np.abs(z), np.sqrt(beta), atol=1e-12)


@claim("06", "the extreme directions have a double root and lag a little behind $\\text{rate}^k$ (a factor $k$). After "
             "60 steps its largest error is $1.4 \\cdot 10^{-10}$")
def test_06_the_extreme_directions_have_a_double_root_and_lag():
    _, hb = tuned_pair()
    for lam in (1, KAPPA):
        z = roots(hb.lr, hb.beta, lam)
        assert np.allclose(np.abs(z), hb.rate, atol=1e-6) and abs(z[0] - z[1]) < 1e-6  # a double root, |z| = rate
    errors = demo.eigenmode_errors(FOUR_MODES, hb.lr, hb.beta, 60)
    k = np.arange(61)
    for i in (0, 3):
        lag = errors[:, i] / hb.rate ** k  # grows in proportion to k: twice the lag at twice the step
        assert np.all(np.diff(lag[10:]) > 0) and np.all((0.3 < lag[10:] / k[10:]) & (lag[10:] / k[10:] < 2))
        assert 1.7 < lag[60] / lag[30] < 2.1
    assert f"{errors[60].max():.1e}" == "1.4e-10"


@claim("06", "The dots, the powers of the $2 \\times 2$ matrices alone, lie on the runs of `ln.Momentum`")
def test_06_the_runs_are_the_powers_of_the_2x2_matrices():
    for lams, lr, beta in ((FOUR_MODES, 0.2236, 0.4026), ((0.5, 3.0, 7.0), 0.1, 0.9), ((1.0, 2.0), 0.5, 0.0)):
        errors = demo.eigenmode_errors(lams, lr, beta, 80)
        assert np.allclose(errors, demo.predicted_eigenmode_errors(lams, lr, beta, 80), rtol=1e-9, atol=1e-14)


@claim("06", "The best pair sits in a narrow dark valley right next to the edge of divergence (black line)")
def test_06_the_best_pair_sits_next_to_the_edge_of_divergence():
    for kappa in (10, 20, 100):
        hb = demo.tuned_momentum(1, kappa)
        edge = 2 * (1 + hb.beta) / ((1 - hb.beta) * kappa)
        assert 0.85 < hb.lr / edge < 1
        # 20% more eta than the edge allows diverges; 20% less is already clearly slower
        assert demo.convergence_rate(1.2 * edge, hb.beta, (1, kappa)) > 1
        assert demo.convergence_rate(0.8 * hb.lr, hb.beta, (1, kappa)) > hb.rate + 0.03


@claim("06", "and never for larger $\\beta$: the two roots multiply to $\\beta$, so the rate is always at least "
             "$\\sqrt\\beta$")
def test_06_the_rate_is_never_below_sqrt_beta():
    lrs, betas, rates = demo.rate_map(20)
    assert np.all(rates >= np.sqrt(betas)[:, None] - 1e-12)
    gd, _ = tuned_pair()
    assert np.all(rates[betas >= gd.rate ** 2] >= gd.rate)
    for beta in (0.0, 0.3, 0.9):
        for lam in (0.5, 20.0):
            assert abs(np.prod(roots(0.07, beta, lam)) - beta) < 1e-12


@claim("06", "With $\\beta = 0.9$ no $\\eta$ does better than $\\sqrt{0.9} = 0.9487$")
def test_06_with_beta_09_no_eta_beats_sqrt_09():
    lrs = np.logspace(-5, 3, 20001)
    assert round(float(demo.convergence_rate(lrs, 0.9, (1, KAPPA)).min()), 4) == 0.9487


@claim("06", "over several $\\lambda$ and $\\beta$, `ln.Momentum` runs just inside converge and just outside "
             "diverge, in both conventions")
def test_06_both_stability_bounds_hold_for_runs():
    for lam in (0.5, 1.0, 20.0):
        for beta in (0.0, 0.5, 0.9, 0.99):
            ema = 2 * (1 + beta) / ((1 - beta) * lam)          # slide's form
            torch = 2 * (1 + beta) / lam                       # heavy ball, torch's lr
            assert not diverges(0.98 * ema, beta, lam) and diverges(1.02 * ema, beta, lam), (lam, beta)
            assert not diverges(0.98 * torch, beta, lam, heavy_ball=True), (lam, beta)
            assert diverges(1.02 * torch, beta, lam, heavy_ball=True), (lam, beta)


@claim("06", "torch's hardly moves (from $2/\\lambda$ to $4/\\lambda$)")
def test_06_torchs_bound_moves_from_2_to_4_over_lambda():
    lam = 20.0
    bounds = [2 * (1 + beta) / lam for beta in np.linspace(0, 0.999, 50)]
    assert bounds[0] == 2 / lam and 3.99 / lam < bounds[-1] < 4 / lam and np.all(np.diff(bounds) > 0)


@claim("06", "These numbers hold for this start and this $f$; another start changes them, not the rates.")
def test_06_another_start_changes_the_numbers_not_the_rates():
    gd, hb = tuned_pair()
    valley = demo.make_surface("quadratic", condition=KAPPA)
    for x0 in ((1.0, 1.0), (-3.0, -0.5)):
        g = ln.run_optimizer(valley, ln.SGD, x0=x0, steps=30, lr=gd.lr).losses[30]
        m = ln.run_optimizer(valley, ln.Momentum, x0=x0, steps=30, lr=hb.lr, beta=hb.beta).losses[30]
        assert round(g, 2) != 0.12 and f"{m:.1e}" != "1.4e-07" and m < 1e-4 * g
    assert demo.convergence_rate(gd.lr, 0.0, (1, KAPPA)) == gd.rate  # no start in it


@claim("06", "tuned momentum at $1.4 \\cdot 10^{-7}$, almost a million times lower; the torch form with "
             "$\\eta' = \\eta(1 - \\beta)$ walks the same path")
def test_06_tuned_momentum_is_almost_a_million_times_lower_after_30_steps():
    gd, hb = tuned_pair()
    valley = demo.make_surface("quadratic", condition=KAPPA)
    g = ln.run_optimizer(valley, ln.SGD, steps=30, lr=gd.lr)
    m = ln.run_optimizer(valley, ln.Momentum, steps=30, lr=hb.lr, beta=hb.beta)
    t = ln.run_optimizer(valley, ln.Momentum.from_heavy_ball, steps=30, lr=hb.lr_heavy_ball, beta=hb.beta)
    assert 5e5 < g.losses[30] / m.losses[30] < 1e6
    assert np.allclose(m.path, t.path, rtol=0, atol=1e-12)


@claim("06", "about $6.9\\,\\kappa$ for gradient descent and $6.9\\sqrt\\kappa$ for momentum")
def test_06_steps_grow_like_kappa_and_sqrt_kappa():
    for kappa in (100, 1000, 10000):
        gd, hb = demo.tuned_gd(1, kappa), demo.tuned_momentum(1, kappa)
        n_gd, n_hb = (np.log(1e-6) / np.log(t.rate) for t in (gd, hb))
        assert abs(n_gd / kappa - 6.9) < 0.05 and abs(n_hb / np.sqrt(kappa) - 6.9) < 0.05


@claim("06", "and their ratio, 2.6, 7.3 and 21.5, grows by about $\\sqrt{10}$ per factor 10 of $\\kappa$ too")
def test_06_the_measured_step_ratio_grows_by_sqrt_10():
    ratios = []
    for kappa in (10, 100, 1000):
        gd, hb = demo.tuned_gd(1, kappa), demo.tuned_momentum(1, kappa)
        e_gd = demo.eigenmode_errors((1, kappa), gd.lr, 0.0, steps=7000).max(axis=1)
        e_hb = demo.eigenmode_errors((1, kappa), hb.lr, hb.beta, steps=500).max(axis=1)
        ratios.append(int(np.argmax(e_gd < 1e-6)) / int(np.argmax(e_hb < 1e-6)))
    assert [round(r, 1) for r in ratios] == [2.6, 7.3, 21.5]
    assert all(2.5 < b / a < 3.2 for a, b in zip(ratios, ratios[1:]))


# --- the race: each at its best eta, Adam's bias correction ---------------------------------------------

@claim("06", "each optimizer runs at the $\\eta$ of a grid of 41 values from $10^{-4}$ to 10 that brings it down "
             "fastest in this very race")
def test_06_the_best_eta_mode_searches_a_grid_of_41_values():
    grid = np.array(demo.RACE_LR_GRID)
    assert len(grid) == 41 and np.isclose(grid[0], 1e-4) and np.isclose(grid[-1], 10)
    assert np.allclose(np.diff(np.log10(grid)), 0.125)
    s = demo.make_surface("quadratic", KAPPA)
    best = demo.race_best_learning_rates(s)
    assert set(best.values()) <= set(demo.RACE_LR_GRID)


@claim("06", "The $\\eta$ slider keeps its value but is switched off, the title says so, and the legend gives each "
             "optimizer's $\\eta$")
def test_06_best_eta_mode_keeps_the_slider_value_and_says_so():
    ex = demo.RaceExplorer(lr=0.3)
    ex.controls["eta_mode"].value = "best"
    assert ex.last_error is None and ex.controls["lr"].value == 0.3 and ex.controls["lr"].disabled
    assert "best η (η slider off)" in ex.picture.ax_path.get_title()
    texts = [t.get_text() for t in ex.picture.legend.get_texts()]
    assert all(f"η = {ex.learning_rates[name]:.2g}" in text for name, text in zip(ex.runs, texts))
    ex.controls["eta_mode"].value = "shared"
    assert not ex.controls["lr"].disabled and "η = 0.3" in ex.picture.ax_path.get_title()


@claim("06", "The slide's RMSprop has no bias correction, so the switch changes Adam only.")
def test_06_the_bias_switch_changes_adam_only():
    s = demo.make_surface("quadratic", KAPPA)
    on, off = (demo.race(s, 0.09, 0.9, 0.999, 60, bias_correction=b) for b in (True, False))
    for name in on:
        same = np.array_equal(on[name].path, off[name].path, equal_nan=True)
        assert same == (name != "Adam"), name
    # RMSprop's first step is eta / sqrt(1 - beta) = 3.16 eta: nothing corrects it
    step = np.abs(np.diff(on["RMSprop"].path, axis=0))[0] / 0.09
    assert np.allclose(step, 1 / np.sqrt(1 - 0.999), rtol=1e-6)


def race_first_below(beta, level=1e-6):
    s = demo.make_surface("quadratic", KAPPA)
    best = demo.race_best_learning_rates(s, beta=beta, beta2=0.99, steps=150)
    runs = demo.race(s, best, beta=beta, beta2=0.99, steps=150)
    first = {}
    for name, run in runs.items():
        below = np.flatnonzero(run.losses - s.f_min < level)
        first[name] = int(below[0]) if below.size else None
    return first


@claim("06", "With $\\beta = 0.4$ it gets there at step 35, three times sooner than SGD")
def test_06_with_beta_04_momentum_is_three_times_sooner_than_sgd():
    first = race_first_below(0.4)
    assert first["Momentum"] == 35 and round(first["SGD"] / first["Momentum"]) == 3


@claim("06", "the uncorrected steps then grow, and Adam ends lower without the correction, at $1.1 \\cdot 10^{-6}$ "
             "instead of $9.4 \\cdot 10^{-6}$")
def test_06_uncorrected_adam_steps_grow_after_the_first():
    s = demo.make_surface("quadratic", KAPPA)
    steps = {b: np.abs(np.diff(demo.race(s, 0.09, 0.9, 0.99, 150, bias_correction=b)["Adam"].path, axis=0)).max(axis=1)
             for b in (True, False)}
    assert abs(steps[False][0] - steps[True][0]) < 1e-3 * 0.09
    assert np.all(steps[False][1:10] > 1.2 * steps[True][1:10])
    ends = {b: demo.race(s, 0.09, 0.9, 0.99, 150, bias_correction=b)["Adam"].losses[-1] - s.f_min
            for b in (True, False)}
    assert ends[False] < ends[True] / 3  # printed: 1.1e-6 and 9.4e-6


@claim("06", "$\\sqrt\\kappa = 10$: $\\beta = (9/11)^2 \\approx 0.67$, $\\eta = 1/\\sqrt{1 \\cdot 100} = 0.1$")
def test_06_check_yourself_tuned_momentum_for_kappa_100():
    hb, gd = demo.tuned_momentum(1, 100), demo.tuned_gd(1, 100)
    assert round(hb.beta, 2) == 0.67 and abs(hb.lr - 0.1) < 1e-12 and round(hb.lr_heavy_ball, 3) == 0.033
    assert round(hb.rate, 2) == 0.82 and round(gd.rate, 2) == 0.98
    n = [int(np.ceil(np.log(1e-6) / np.log(t.rate))) for t in (hb, gd)]
    assert n == [69, 691]


@claim("06", "The two roots $z$ of each direction multiply to $\\beta$, so the rate is at least $\\sqrt{0.9} \\approx "
           "0.949$, slower than tuned gradient descent's $19/21 \\approx 0.905$")
def test_06_check_yourself_beta_09_cannot_beat_tuned_gd():
    lrs = np.logspace(-4, 1, 5001)
    assert demo.convergence_rate(lrs, 0.9, (1, KAPPA)).min() > demo.tuned_gd(1, KAPPA).rate + 0.04
