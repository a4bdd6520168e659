"""Notebook 06's demos: mini-batches, momentum's three claims, RMSprop, Adam's bias correction,
the optimizer race (explorer and animation), the learning-rate explorer, and the MLP race."""

import math
import re

import numpy as np
import pytest
from matplotlib.figure import Figure

import lecture_nn as ln
from lecture_nn.demos import optimizers as demo


def without_pictures(ex):
    """Skip the PNG of each update: the sweeps test the updates (the benchmark times the pictures)."""
    ex.png = lambda: b""
    return ex


# --- mini-batches ------------------------------------------------------------------------------------

@pytest.mark.parametrize("B", [16, 300])
def test_one_epoch_is_ceil_n_over_b_steps(B):
    history = demo.train_with_batch_size(B, epochs=2)
    assert history.steps == 2 * math.ceil(demo.N_POINTS / B) == len(history.step_loss)


def test_batch_size_figure_smaller_batches_are_noisier():
    fig = demo.batch_size_figure(batch_sizes=(16, 300), epochs=4)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert [len(ax.lines) for ax in fig.axes] == [2, 2]
    losses = {B: np.array(demo.train_with_batch_size(B, 0.1, 4).step_loss) for B in (16, 300)}
    # step-to-step jumps of the mini-batch loss: large for B = 16, tiny for the full batch
    assert np.abs(np.diff(losses[16])).mean() > 5 * np.abs(np.diff(losses[300])).mean()


def test_gradient_noise_figure_noise_keeps_sgd_off_the_minimum():
    fig = demo.gradient_noise_figure(noises=(0.0, 2.0), steps=100)
    ax_path, ax_loss = fig.axes
    exact, noisy = (line.get_ydata() for line in ax_loss.lines)
    assert exact[-1] < 1e-3 and noisy[-1] > 10 * exact[-1]


# --- momentum --------------------------------------------------------------------------------------

def test_oscillation_figure_sgd_flips_sign_momentum_does_not():
    fig = demo.oscillation_figure(condition=25, lr=0.078, beta=0.5, steps=60)
    ax_y = fig.axes[1]
    sgd, momentum = (line.get_ydata() for line in ax_y.lines[-2:])
    flips = lambda y: int(np.sum(np.sign(y[1:21]) != np.sign(y[:20])))  # noqa: E731
    assert flips(sgd) == 20 and flips(momentum) < 10
    assert abs(momentum[-1]) < 1e-3 < abs(sgd[-1])


def test_local_minimum_figure_sgd_stays_momentum_escapes():
    fig = demo.local_minimum_figure(lr=0.02, beta=0.9, steps=500)
    labels = [text.get_text() for text in fig.axes[1].get_legend().get_texts()]
    assert labels == ["SGD: ends at x = 1.16", "Momentum: ends at x = -1.57"]


def test_learning_rate_range_momentum_works_for_larger_rates():
    _, _, lrs, curves = demo._lr_sweep("quadratic", (0.9,), 30)
    sgd, momentum = curves["SGD"], curves["Momentum, β = 0.9"]
    assert np.isnan(sgd[lrs > 0.2]).all() and not np.isnan(sgd[lrs < 0.2]).any()  # eta < 2 / kappa
    # Momentum (EMA form) is stable up to 2 (1 + beta) / ((1 - beta) kappa) = 3.8
    assert np.isnan(momentum[lrs > 3.8]).all() and not np.isnan(momentum[lrs < 3.8]).any()
    assert lrs[momentum < 1e-3].max() > 10 * lrs[sgd < 1e-3].max()
    fig = demo.learning_rate_range_figure()
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert texts == ["SGD: f − f* < 10⁻³ for η in [0.026, 0.19]",
                     "Momentum, β = 0.9: f − f* < 10⁻³ for η in [0.026, 3]"]


def test_heavy_ball_and_cs231n_loops_equal_the_ema_form():
    s = ln.get_surface("rosenbrock")
    eta_prime, beta, steps = 1e-3, 0.9, 200
    theta, v, heavy = np.array(s.start), np.zeros(2), [np.array(s.start)]
    for _ in range(steps):
        v = beta * v + s.grad(theta)
        theta = theta - eta_prime * v
        heavy.append(theta)
    ema = ln.run_optimizer(s, ln.Momentum.from_heavy_ball, steps=steps, lr=eta_prime, beta=beta)
    assert np.allclose(ema.path, heavy, rtol=0, atol=1e-9)
    fig = demo.conventions_figure({"heavy ball": np.array(heavy), "EMA": ema.path}, surface="rosenbrock")
    distance = fig.axes[1].lines[0].get_ydata()
    assert distance.max() < 1e-9


# --- RMSprop and Adam --------------------------------------------------------------------------------

def test_rmsprop_trace_records_the_second_moment():
    path, s = demo.rmsprop_trace("quadratic", lr=0.1, beta=0.9, steps=3, condition=50)
    g1 = np.array([-4.5, 100.0])  # gradient (x, 50 y) at the start (-4.5, 2)
    assert np.allclose(s[0], 0.1 * g1 ** 2)
    assert np.allclose(path[1], path[0] - 0.1 * g1 / np.sqrt(0.1 * g1 ** 2 + 1e-8))
    assert path.shape == (4, 2) and s.shape == (3, 2)


def test_rmsprop_figure_flat_coordinate_gets_the_larger_step():
    fig = demo.rmsprop_figure(condition=50, lr=0.1, steps=100)
    flat, steep = (line.get_ydata() for line in fig.axes[1].lines[:2])
    assert np.all(flat > steep)
    assert flat[-1] > 10 * flat[0]  # gradients shrink near the minimum: the step grows


def test_adam_loop_equals_lecture_nn_adam_and_bias_matters():
    path, m_hat, s_hat = demo.adam_path("quadratic", lr=0.1, steps=30)
    run = ln.run_optimizer(ln.get_surface("quadratic"), ln.Adam, steps=30, lr=0.1)
    assert np.allclose(path, run.path, rtol=0, atol=1e-12)
    plain, _, _ = demo.adam_path("quadratic", lr=0.001, steps=5, x0=(-4.5, 0.0), bias_correction=False)
    k = np.arange(1, 6)
    # uncorrected: step = eta (1 - beta1^k) / sqrt(1 - beta2^k), larger than eta at first
    assert np.allclose(np.abs(np.diff(plain[:, 0])) / 0.001, 0.1 * 0 + (1 - 0.9 ** k) / np.sqrt(1 - 0.999 ** k),
                       rtol=2e-3)


def test_bias_correction_figure_uncorrected_steps_are_larger():
    fig = demo.bias_correction_figure(steps=50)
    assert len(fig.axes) == 3
    corrected, plain, formula = (line.get_ydata() for line in fig.axes[2].lines)
    assert np.allclose(corrected, 1, atol=0.01)
    assert plain[0] == pytest.approx(0.1 / np.sqrt(0.001), rel=1e-3) and plain.max() > 6


# --- the race ------------------------------------------------------------------------------------------

def test_race_explorer_draws_four_runs_and_follows_controls():
    ex = demo.RaceExplorer()
    assert len(ex.out.outputs) == 1 and "image/png" in ex.out.outputs[0]["data"]
    sgd = ex.picture.paths["SGD"]
    assert np.allclose(sgd.get_xdata(), ex.runs["SGD"].path[:, 0])
    assert len(sgd.get_xdata()) == 151 and ex.picture.ax_path.get_title().startswith("quadratic (condition 20)")
    assert ex.runs["SGD"].path[0].tolist() == [-4.5, 2.0]

    ex.controls["lr"].value = 1.0  # SGD diverges, the slides' other three do not
    texts = [t.get_text() for t in ex.picture.legend.get_texts()]
    assert texts[0].startswith("SGD: diverged at step") and "diverged" not in " ".join(texts[1:4])
    assert len(ex.picture.crosses["SGD"].get_xdata()) == 1 and len(ex.picture.loss_crosses["SGD"].get_xdata()) == 1
    assert ex.last_error is None

    ex.controls["surface"].value = "rosenbrock"  # the start moves to the surface's own start
    assert (ex.controls["x0"].value, ex.controls["y0"].value) == (-1.5, 2.5)
    assert (ex.controls["x0"].min, ex.controls["x0"].max) == (-2.0, 2.0)
    assert ex.controls["condition"].disabled
    ex.controls["lr"].value = 1e-3
    ex.controls["x0"].value = 0.5
    assert ex.runs["Adam"].path[0].tolist() == [0.5, 2.5]
    assert ex.picture.ax_path.get_xlim() == (-2.0, 2.0)


def test_race_local_minimum_only_momentum_escapes():
    runs = demo.race(demo.make_surface("local minimum"), lr=0.03, beta=0.9, beta2=0.99, steps=150)
    ends = {name: run.path[-1, 0] for name, run in runs.items()}
    assert ends["Momentum"] < -1.5 and all(ends[n] > 1 for n in ("SGD", "RMSprop", "Adam"))


def test_race_explorer_survives_every_control_value():
    ex = without_pictures(demo.RaceExplorer(steps=60))
    moves = list(ex.sweep())
    # 35 moves of the sliders and the surface, 2 of the η mode (best, back), 2 of the bias switch (off, back)
    assert len(moves) == 39 and ex.last_error is None


def test_race_animation_is_reproducible_html():
    html = demo.race_animation(surface="beale", lr=0.03, steps=20, frames=3, dpi=30).data
    frames = re.findall(r'frames\[\d+\] = "data:image/png;base64,[A-Za-z0-9+/=]+"', html)
    assert len(frames) == 3
    assert "_anim_imgrace" in html and not re.search(r"[0-9a-f]{32}", html)
    masked = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "IMAGE", html)
    assert masked.count("IMAGE") == 4  # three frames and the picture shown without JavaScript
    again = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "IMAGE",
                   demo.race_animation(surface="beale", lr=0.03, steps=20, frames=3, dpi=30).data)
    assert again == masked


def test_learning_rate_explorer_beta_widens_the_range():
    ex = demo.LearningRateExplorer()
    assert ex.ax.get_title() == "quadratic (condition 10): × = diverged"
    narrow = np.nanmax(np.where(ex.gaps["Momentum"] < 1e-3, np.logspace(-4, 1, 30), np.nan))
    ex.controls["beta"].value = 0.0  # momentum without inertia is SGD
    assert np.array_equal(np.isnan(ex.gaps["Momentum"]), np.isnan(ex.gaps["SGD"]))
    ex.controls["beta"].value = 0.9
    assert narrow == pytest.approx(3.04, rel=0.01)
    for _ in without_pictures(ex).sweep():
        pass
    assert ex.last_error is None


# --- the MLP race -------------------------------------------------------------------------------------

def test_train_optimizers_all_learn_the_spirals():
    results = demo.train_optimizers(epochs=40)
    assert list(results) == ["SGD", "Momentum", "RMSprop", "Adam"]
    for name, run in results.items():
        assert run.lr == demo.MLP_LEARNING_RATES[name]
        assert len(run.train_accuracy) == len(run.test_accuracy) == run.history.epochs == 40
        X, y, X_test, y_test = demo.race_data(0)
        assert run.train_loss == pytest.approx(ln.evaluate(run.model, ln.BCEWithLogitsLoss(), X, y))
        assert run.test_accuracy[-1] == ln.accuracy(run.model, X_test, y_test)
    assert min(results[n].train_accuracy[-1] for n in ("Momentum", "RMSprop")) > 0.95
    runs = len(demo._mlp_runs)
    assert demo.train_mlp("SGD", 1.0).history.train_loss == results["SGD"].history.train_loss
    assert len(demo._mlp_runs) == runs  # cached: trained once
    fig = demo.mlp_race_figure(epochs=40)
    assert len(fig.axes) == 6
    assert fig.axes[2].get_title().startswith("Momentum: 0.99 train")
    assert len(fig.axes[3].lines) == 8  # training and test accuracy of each optimizer


def test_race_data_test_set_is_new_points_from_the_same_spirals():
    X, y, X_test, y_test = demo.race_data(0)
    assert X.shape == X_test.shape == (300, 2) and y.shape == y_test.shape == (300,)
    assert np.array_equal(X, demo.spiral_data(0, demo.RACE_TURNS)[0])
    assert not np.isin(X_test, X).any()
    assert abs(np.linalg.norm(X, axis=1).mean() - np.linalg.norm(X_test, axis=1).mean()) < 0.05


def test_train_mlp_diverging_run_gets_infinite_losses():
    run = demo.train_mlp("SGD", 1e100, epochs=2)
    assert run.history.diverged and run.train_loss == run.test_loss == math.inf


def test_learning_rate_grid_and_race_summary_shapes():
    grid = demo.learning_rate_grid(epochs=2, seeds=(0, 1), grid=(0.01, 0.1))
    assert list(grid) == list(demo.MLP_LEARNING_RATES) and all(v.shape == (2, 2) for v in grid.values())
    assert grid["Adam"][1, 0] == demo.train_mlp("Adam", 0.1, 0, epochs=2).train_loss
    summary = demo.race_summary(seeds=(0, 1), epochs=2)
    assert list(summary["SGD"]) == ["training loss", "test loss", "training accuracy", "test accuracy",
                                    "first epoch with loss < 0.3", "epochs with loss up > 20%"]
    assert summary["SGD"]["first epoch with loss < 0.3"].tolist() == [math.inf, math.inf]  # 2 epochs: never


def test_epochs_to_loss_and_loss_rises_count_from_the_curve():
    history = ln.History(train_loss=[0.7, 0.5, 0.65, 0.2, 0.25, 0.1])
    assert demo.epochs_to_loss(history, 0.3) == 4 and demo.epochs_to_loss(history, 0.05) is None
    assert demo.loss_rises(history) == 2      # 0.5 -> 0.65 and 0.2 -> 0.25, both above 20 %
    assert demo.loss_rises(history, factor=1.25) == 1


def test_race_legend_prints_the_final_value_or_below_the_floor():
    assert demo._gap_text(5.37e-22) == "< 1e-12" and demo._gap_text(0.0) == "< 1e-12"
    assert demo._gap_text(-1e-16) == "< 1e-12" and demo._gap_text(5.2e-12) == "5.2e-12"
    ex = demo.RaceExplorer()
    texts = [t.get_text() for t in ex.picture.legend.get_texts()]
    assert texts[:4] == ["SGD: 5.2e-12", "Momentum: 5.2e-06", "RMSprop: < 1e-12", "Adam: 9.4e-06"]
    assert len(texts) == len(demo.OPTIMIZERS)  # one entry per optimizer that races


def test_rotated_quadratic_is_its_own_surface():
    plain, rotated = demo.make_surface("quadratic", 10), demo.make_surface("quadratic, rotated 45°", 10)
    assert rotated.name == "quadratic (condition 10), rotated 45°" != plain.name
    # f = (u^2 + 10 v^2) / 2: plain u = x, v = y; rotated u = (x + y)/sqrt(2), v = (y - x)/sqrt(2)
    assert plain.f(np.array([1.0, 1.0])) == pytest.approx(5.5)
    assert rotated.f(np.array([1.0, 1.0])) == pytest.approx(1.0)
    assert rotated.f(np.array([1.0, -1.0])) == pytest.approx(10.0)


def test_best_learning_rates_and_the_grid_figure():
    losses = {"SGD": np.array([[0.9, 0.8], [0.2, 0.4], [0.5, 0.3]]), "Adam": np.array([[0.1, 0.1], [0.3, 0.3], [9, 9]])}
    grid = (0.01, 0.1, 1.0)
    assert demo.best_learning_rates(losses, grid) == {"SGD": 0.1, "Adam": 0.01}
    fig = demo.learning_rate_grid_figure(losses, grid)
    (ax,) = [a for a in fig.axes if a.get_images()]
    assert ax.get_images()[0].get_array().shape == (2, 3)
    assert [t.get_text() for t in ax.texts] == ["0.850", "0.300", "0.400", "0.100", "0.300", "9.000"]
    assert [tuple(r.get_xy()) for r in ax.patches] == [(0.5, -0.5), (-0.5, 0.5)]  # the best cell of each row


# --- what a student types is kept or refused, never changed ------------------------------------

def test_race_explorer_keeps_a_learning_rate_that_makes_sgd_diverge():
    # lr = 3 used to run at 1.0 without a word; the slider now reaches 10 and the picture shows
    # what eta = 3 does: SGD and Momentum diverge
    ex = without_pictures(demo.RaceExplorer(lr=3.0, steps=20))
    assert ex.controls["lr"].value == 3.0 and ex.last_error is None
    texts = [t.get_text() for t in ex.picture.legend.get_texts()]
    assert texts[0].startswith("SGD: diverged at step")
    assert "η = 3" in ex.picture.ax_path.get_title()


@pytest.mark.parametrize("kwargs, words", [
    (dict(lr=11.0), ["lr must be a number in [0.0001, 10], got 11.0"]),
    (dict(steps=600), ["steps must be an integer in [10, 500], got 600"]),  # was clamped to 500
    (dict(beta=0.995), ["beta must be a number in [0, 0.99], got 0.995"]),
    (dict(surface="rosenbrok"), ["surface must be one of 'quadratic'", "Did you mean 'rosenbrock'?"]),
    (dict(x0=7.0), ["x0 must be a number in [-5, 5], got 7.0"]),  # the quadratic's window
    (dict(surface="rosenbrock", y0=3.5), ["y0 must be a number in [-1, 3], got 3.5"]),
    (dict(seed=None), ["seed must be an integer >= 0"]),
])
def test_race_explorer_refuses_what_its_controls_cannot_hold(kwargs, words):
    with pytest.raises(ln.InputError) as error:
        demo.RaceExplorer(**kwargs)
    for word in words:
        assert word in str(error.value)


def test_race_explorer_takes_surface_names_in_any_case():
    ex = without_pictures(demo.RaceExplorer(surface="Local_Minimum", steps=10))
    assert ex.controls["surface"].value == "local minimum" and ex.last_error is None
    assert (ex.controls["x0"].value, ex.controls["y0"].value) == (2.3, 1.5)  # that surface's own start


@pytest.mark.parametrize("kwargs, words", [
    (dict(beta=0.995), ["beta must be a number in [0, 0.99], got 0.995"]),  # was clamped to 0.99
    (dict(condition=2000.0), ["condition must be a number in [1, 1000], got 2000.0"]),
    (dict(surface="beale"), ["surface must be one of 'quadratic', 'rosenbrock', 'local minimum'"]),
    (dict(n_lr=1), ["n_lr (learning rates per curve) must be an integer in [2, 200], got 1"]),
])
def test_learning_rate_explorer_refuses_what_its_controls_cannot_hold(kwargs, words):
    with pytest.raises(ln.InputError) as error:
        demo.LearningRateExplorer(**kwargs)
    for word in words:
        assert word in str(error.value)


def test_figures_refuse_more_curves_than_they_have_colours():
    # the lines were zipped with the colours: a fifth batch size or a fourth noise was dropped silently
    with pytest.raises(ln.InputError, match="batch_sizes must hold at most 4 batch sizes"):
        demo.batch_size_figure(batch_sizes=(10, 20, 50, 100, 300), epochs=1)
    with pytest.raises(ln.InputError, match="noises must be a list of 1 to 3 numbers"):
        demo.gradient_noise_figure(noises=(0.0, 1.0, 2.0, 3.0), steps=5)


def test_hand_written_loops_refuse_what_would_overflow():
    # RMSprop and the Adam loop used to return NaN paths without a word
    with pytest.raises(ln.InputError, match=r"rmsprop_trace: lr \(learning rate η\) must be a number in "
                                            r"\(0, 1000\], got 1e\+300"):
        demo.rmsprop_trace("quadratic", lr=1e300, steps=5)
    with pytest.raises(ln.InputError, match=r"adam_path: x0 must be an array of shape \(2\)"):
        demo.adam_path("quadratic", x0=(1.0,), steps=5)
    path, _, _ = demo.adam_path("quadratic", lr=1e3, steps=5)  # the largest step: far out, but finite
    assert np.all(np.isfinite(path))


def test_names_in_any_case_and_classes_for_optimizer_names():
    assert demo.make_surface("Rosenbrock").name == "rosenbrock"
    assert demo.make_surface("LOCAL_MINIMUM").name == "local minimum"
    with pytest.raises(ln.InputError, match="Did you mean 'rosenbrock'"):
        demo.make_surface("rosenbrok")
    demo.train_mlp("adam", 0.03, epochs=1)
    runs = len(demo._mlp_runs)
    demo.train_mlp(ln.Adam, 0.03, epochs=1), demo.train_mlp("Adam", 0.03, epochs=1)
    assert len(demo._mlp_runs) == runs  # one name, one cached run
    with pytest.raises(ln.InputError, match="Did you mean 'Adam'"):
        demo.train_mlp("adma", 0.03, epochs=1)
    with pytest.raises(ln.InputError, match="learning_rates must give an η for each of SGD, Momentum, RMSprop, "
                                            "Adam; missing 'Momentum', 'RMSprop', 'Adam'"):
        demo.train_optimizers(epochs=1, learning_rates={"SGD": 0.1})


def test_learning_rate_grid_figure_labels_diverged_cells():
    losses = {"SGD": np.array([[0.5, 0.4], [np.inf, np.inf]]), "Adam": np.array([[0.1, 0.1], [0.3, 0.3]])}
    fig = demo.learning_rate_grid_figure(losses, (0.1, 3.0))
    (ax,) = [a for a in fig.axes if a.get_images()]
    assert [t.get_text() for t in ax.texts] == ["0.450", "diverged", "0.100", "0.300"]



def test_cached_runs_are_handed_out_as_fresh_copies():
    from lecture_nn.demos import optimizers as demo

    run = demo.train_mlp("Adam", 0.01, epochs=3)
    weights, losses = [p.value.copy() for p in run.model.parameters()], list(run.history.train_loss)
    for p in run.model.parameters():
        p.value[...] = 0.0  # a student experimenting with the returned model
    run.history.train_loss.append(123.0)
    again = demo.train_mlp("Adam", 0.01, epochs=3)
    assert all(np.array_equal(p.value, w) for p, w in zip(again.model.parameters(), weights))
    assert again.history.train_loss == losses

    history = demo.train_with_batch_size(300, epochs=2)
    losses = list(history.train_loss)
    history.train_loss.append(123.0)
    assert demo.train_with_batch_size(300, epochs=2).train_loss == losses


# --- momentum on a quadratic: eigen-directions, rates, tuned settings ---------------------------------

def test_momentum_matrix_is_one_step_of_ln_momentum():
    lr, beta, lam = 0.3, 0.6, 2.5
    A = demo.momentum_matrix(lr, beta, lam)
    theta = ln.Parameter(np.array([1.5]))
    opt = ln.Momentum([theta], lr=lr, beta=beta)
    state = np.array([1.5, 0.0])
    for _ in range(5):
        theta.grad = lam * theta.value
        opt.step()
        state = A @ state
        assert np.allclose([theta.value[0], opt.state[theta]["m"][0]], state, rtol=1e-12, atol=1e-15)


def test_convergence_rate_broadcasts_and_is_gd_at_beta_0():
    lrs = np.array([0.01, 0.05, 0.1, 0.2])
    assert np.allclose(demo.convergence_rate(lrs, 0.0, (1, 10)), np.maximum(np.abs(1 - lrs), np.abs(1 - 10 * lrs)))
    rates = demo.convergence_rate(lrs[None, :], np.array([0.0, 0.5, 0.9])[:, None], (1, 10))
    assert rates.shape == (3, 4)
    for i, beta in enumerate((0.0, 0.5, 0.9)):
        for j, lr in enumerate(lrs):
            expected = max(np.abs(np.linalg.eigvals(demo.momentum_matrix(lr, beta, lam))).max() for lam in (1, 10))
            assert abs(rates[i, j] - expected) < 1e-9
    assert isinstance(demo.convergence_rate(0.1, 0.5, (1, 10)), float)


def test_tuned_settings_match_their_formulas():
    gd, hb = demo.tuned_gd(2, 50), demo.tuned_momentum(2, 50)
    assert gd.beta == 0 and abs(gd.lr - 2 / 52) < 1e-15 and abs(gd.rate - 24 / 26) < 1e-15
    assert abs(hb.beta - ((5 - 1) / (5 + 1)) ** 2) < 1e-12 and abs(hb.lr - 0.1) < 1e-12
    assert abs(hb.lr_heavy_ball - 4 / (np.sqrt(2) + np.sqrt(50)) ** 2) < 1e-12
    assert demo.tuned_momentum(3, 3).rate == 0 and demo.tuned_gd(3, 3).rate == 0


def test_eigenmode_errors_run_the_package_optimizers():
    errors = demo.eigenmode_errors((1.0, 4.0), lr=0.1, beta=0.0, steps=10)
    assert errors.shape == (11, 2) and np.allclose(errors[10], np.abs(1 - 0.1 * np.array([1, 4])) ** 10)
    run = ln.run_optimizer(demo.make_surface("quadratic", 4.0), ln.Momentum, x0=(1.0, 1.0), steps=30, lr=0.3, beta=0.5)
    assert np.allclose(demo.eigenmode_errors((1.0, 4.0), 0.3, 0.5, 30), np.abs(run.path), rtol=1e-12, atol=1e-15)
    assert np.allclose(demo.predicted_eigenmode_errors((1.0, 4.0), 0.3, 0.5, 30), np.abs(run.path), atol=1e-12)
    grown = demo.eigenmode_errors((1.0,), lr=5.0, beta=0.0, steps=2000)  # |1 - 5| = 4 per step: overflows
    assert np.isinf(grown[-1, 0]) and not np.isnan(grown).any()


def test_eigenmode_and_rate_map_figures():
    fig = demo.eigenmode_figure(condition=20, n_modes=3, steps=30)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert all(len(ax.get_legend().get_texts()) == 4 for ax in fig.axes)  # 3 directions and rate^k
    assert "0.635" in fig.axes[1].get_legend().get_texts()[-1].get_text()
    lrs, betas, rates = demo.rate_map(20)
    assert rates.shape == (len(betas), len(lrs)) == (200, 200)
    fig = demo.rate_map_figure(condition=20)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any("best momentum: η = 0.224, β = 0.403" in label for label in labels)
    assert any("best GD: η = 0.0952" in label for label in labels)


@pytest.mark.parametrize("call, words", [
    (lambda: demo.convergence_rate(0.1, 1.0, (1, 10)), "beta"),
    (lambda: demo.convergence_rate(np.array([0.1, -1.0]), 0.5, (1, 10)), "lr"),
    (lambda: demo.convergence_rate(np.ones(3), np.ones(2) * 0.5, (1, 10)), "broadcast"),
    (lambda: demo.convergence_rate(0.1, 0.5, ()), "curvatures"),
    (lambda: demo.convergence_rate(0.1, 0.5, (1, -2)), "curvatures"),
    (lambda: demo.tuned_momentum(10, 1), "lambda_max"),
    (lambda: demo.momentum_matrix(0.1, 0.5, 0), "curvature"),
    (lambda: demo.eigenmode_figure(condition=1), "condition"),
    (lambda: demo.eigenmode_figure(n_modes=9), "n_modes"),
    (lambda: demo.rate_map(lrs=[]), "lrs"),
])
def test_momentum_analysis_refuses_bad_input(call, words):
    with pytest.raises(ln.InputError, match=words):
        call()


# --- the race: each at its best eta, Adam's bias correction ---------------------------------------------

def test_uncorrected_adam_in_the_race_is_adam_path_without_correction():
    s = demo.make_surface("quadratic", 20)
    runs = demo.race(s, 0.05, 0.9, 0.999, 40, bias_correction=False)
    path, _, _ = demo.adam_path(s, lr=0.05, beta1=0.9, beta2=0.999, steps=40, bias_correction=False)
    assert np.allclose(runs["Adam"].path, path, rtol=0, atol=1e-12)
    corrected = demo.race(s, 0.05, 0.9, 0.999, 40)["Adam"]
    assert np.allclose(corrected.path, ln.run_optimizer(s, ln.Adam, steps=40, lr=0.05, beta1=0.9, beta2=0.999).path)


def test_race_takes_one_eta_each():
    s = demo.make_surface("rosenbrock")
    lrs = {"sgd": 1e-3, "Momentum": 2e-3, "RMSprop": 3e-3, "ADAM": 4e-3}
    runs = demo.race(s, lrs, steps=20)
    for name, lr in (("SGD", 1e-3), ("Momentum", 2e-3), ("RMSprop", 3e-3), ("Adam", 4e-3)):
        cls = ln.OPTIMIZERS[name]
        alone = ln.run_optimizer(s, cls, steps=20, **cls.controlled({"lr": lr, "beta": 0.9, "beta2": 0.99}))
        assert np.array_equal(runs[name].path, alone.path)
    with pytest.raises(ln.InputError, match="missing 'Adam'"):
        demo.race(s, {"SGD": 0.1, "Momentum": 0.1, "RMSprop": 0.1}, steps=5)


def test_race_best_learning_rates_are_the_fastest_of_the_grid():
    s = demo.make_surface("quadratic", 20)
    best = demo.race_best_learning_rates(s, steps=100)
    assert list(best) == list(ln.OPTIMIZERS) and set(best.values()) <= set(demo.RACE_LR_GRID)
    assert best["SGD"] < 2 / 20  # SGD's best stays below its divergence limit 2/kappa
    grid = np.array(demo.RACE_LR_GRID)
    _, losses, diverged = ln.run_optimizer_batch(s, ln.SGD, s.start, 100, lr=grid)
    score = np.log10(np.maximum(losses[1:], 1e-12)).mean(axis=0)
    score[diverged >= 0] = np.inf
    assert best["SGD"] == grid[np.argmin(score)]
    assert demo.race_best_learning_rates(s, steps=100) is not demo.race_best_learning_rates(s, steps=100)  # copies


def test_race_explorer_best_eta_mode_and_bias_switch():
    ex = without_pictures(demo.RaceExplorer(steps=50))
    assert ex.controls["eta_mode"].value == "shared" and ex.controls["bias_correction"].value is True
    ex.controls["eta_mode"].value = "best"
    assert ex.last_error is None and ex.controls["lr"].disabled and ex.controls["lr"].value == 0.09
    s = demo.make_surface("quadratic", 20)
    assert ex.learning_rates == demo.race_best_learning_rates(s, 0.9, 0.99, 50, 0.0, (-4.5, 2.0), 0)
    ex.controls["bias_correction"].value = False
    assert ex.last_error is None and "Adam without bias correction" in ex.picture.ax_loss.get_title()
    ex.controls["eta_mode"].value = "shared"
    assert set(ex.learning_rates.values()) == {0.09} and not ex.controls["lr"].disabled


def test_race_explorer_best_mode_updates_fast_once_cached():
    ex = demo.RaceExplorer(eta_mode="best")
    ex.controls["eta_mode"].value = "shared"
    ex.controls["eta_mode"].value = "best"  # the grid search of this setting is cached
    assert ex.last_error is None and ex.last_update_cpu_seconds < 0.3


@pytest.mark.parametrize("kwargs, words", [
    (dict(eta_mode="fastest"), "eta_mode"),
    (dict(bias_correction="no"), "bias_correction"),
])
def test_race_explorer_refuses_unknown_modes(kwargs, words):
    with pytest.raises(ln.InputError, match=words):
        demo.RaceExplorer(**kwargs)
