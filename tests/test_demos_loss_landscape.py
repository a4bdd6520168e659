"""Notebook 05's demos: trained nets and their paths, the landscape around theta*, the
non-convexity witnesses, SGD runs, the figures and the landscape explorer."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import lecture_nn as ln
from lecture_nn import landscape
from lecture_nn.demos import loss_landscape as demo
from lecture_nn.errors import InputError


@pytest.fixture(scope="module")
def net():
    return demo.train_net()  # the notebook's [2, 64, 64, 1] net (cached: trained once per session)


def test_trained_net_records_its_path_from_init_to_optimum(net):
    P = sum(p.value.size for p in net.model.parameters())
    assert net.path.shape == (demo.EPOCHS + 1, P) and P == 2 * 64 + 64 + 64 * 64 + 64 + 64 + 1
    assert np.array_equal(net.theta0, landscape.parameter_vector(ln.mlp([2, 64, 64, 1], rng=0)))
    assert np.array_equal(net.theta_star, landscape.parameter_vector(net.model))
    assert net.loss < 0.2 < 0.5 < net.train_loss[0] and net.accuracy > 0.9
    # every call gives a fresh model: changing one does not change the cache
    scratch = demo.train_net()
    scratch.model.parameters()[0].value[...] = 0.0
    again = demo.train_net()
    assert np.array_equal(landscape.parameter_vector(again.model), again.theta_star)
    assert again.path is net.path  # trained once


def test_unflatten_inverts_parameter_vector(net):
    pieces = demo.unflatten(net.theta_star, net.model)
    assert [a.shape for a in pieces] == [p.value.shape for p in net.model.parameters()]
    assert np.array_equal(np.concatenate([a.ravel() for a in pieces]), net.theta_star)
    with pytest.raises(ValueError, match="P = 4417 parameters, got shape"):
        demo.unflatten(net.theta_star[:-1], net.model)


def test_random_directions_are_seeded_filter_normalized_and_distinct(net):
    delta, eta = demo.random_directions(net.model, seed=1)
    again, _ = demo.random_directions(net.model, seed=1)
    assert all(np.array_equal(a, b) for a, b in zip(delta, again))
    assert not np.allclose(delta[0], eta[0])
    W1 = net.model.parameters()[0].value
    assert np.allclose(np.linalg.norm(delta[0], axis=1), np.linalg.norm(W1, axis=1), rtol=1e-12)
    raw, _ = demo.random_directions(net.model, seed=1, normalization="none")
    assert not np.allclose(np.linalg.norm(raw[0], axis=1), np.linalg.norm(W1, axis=1))


def test_surface_is_the_loss_on_the_plane(net):
    axis, f = demo.surface(net, seed=1, span=0.5, n=5)
    assert np.allclose(axis, [-0.5, -0.25, 0.0, 0.25, 0.5]) and f.shape == (5, 5)
    assert f[2, 2] == pytest.approx(net.loss, rel=1e-12)
    directions = demo.random_directions(net.model, seed=1)
    reference = landscape.loss_grid_loop(net.model, net.loss_fn, net.X, net.y, directions, axis, axis)
    assert np.allclose(f, reference, rtol=1e-12, atol=1e-12)
    assert f[2, 2] == f.min()  # theta* is the lowest point of this small grid


def test_pca_directions_are_orthonormal_and_explain_the_path(net):
    (d1, d2), explained = demo.pca_directions(net)
    v1, v2 = (np.concatenate([a.ravel() for a in d]) for d in (d1, d2))
    assert np.linalg.norm(v1) == pytest.approx(1) and np.linalg.norm(v2) == pytest.approx(1)
    assert abs(v1 @ v2) < 1e-10
    assert explained[0] >= explained[1] > 0 and explained.sum() > 0.9  # the path is nearly flat
    coords = landscape.project_trajectory(net.path, net.theta_star, (d1, d2))
    assert coords[0, 0] > 0 and np.allclose(coords[-1], 0)


def test_random_plane_captures_almost_none_of_the_path(net):
    directions = demo.random_directions(net.model, seed=1)
    coords = landscape.project_trajectory(net.path, net.theta_star, directions)
    assert np.max(np.abs(coords)) < 0.05  # the path is ~17 filter-norms long, its shadow is tiny


def test_permuted_vector_is_another_point_with_the_same_loss(net):
    shuffled = demo.permuted_vector(net.model, seed=0)
    assert not np.allclose(shuffled, net.theta_star)
    assert np.array_equal(np.sort(shuffled), np.sort(net.theta_star))  # the same numbers, moved
    losses = landscape.interpolate(net.model, net.loss_fn, net.X, net.y, shuffled, [0.0, 0.5, 1.0])
    assert losses[0] == pytest.approx(losses[2], rel=1e-12)
    assert losses[1] > max(losses[0], losses[2]) + 0.05  # a hill between two minima: not convex


def test_sgd_with_a_large_step_does_not_converge():
    good, good_diverged = demo.train_sgd(seed=0, lr=0.3)
    bad, _ = demo.train_sgd(seed=0, lr=5.0)
    assert good.shape == bad.shape == (31,) and not good_diverged
    assert good[-1] < 0.2 < 0.5 < bad[-1]  # seed 0, lr 5: ends near ln 2, a coin flip


def test_sgd_endpoint_model_at_and_dead_units():
    theta = demo.sgd_endpoint(seed=0, lr=0.3)
    losses, diverged = demo.train_sgd(seed=0, lr=0.3)
    assert theta.shape == (4417,) and not theta.flags.writeable and not diverged
    X, y = demo.moons_data()
    model = demo.model_at(theta)
    assert np.array_equal(landscape.parameter_vector(model), theta)
    assert ln.BCEWithLogitsLoss()(model(X), y) == pytest.approx(losses[-1], rel=1e-12)  # the run's last loss
    assert demo.dead_units(model, X) == [0, 7]
    model.layers[0].b.value[3] = -1e3  # unit 3 of the first layer: negative on every point
    assert demo.dead_units(model, X)[0] == 1
    # a huge step kills most units; a constant net (every unit of the second layer dead) predicts p = 1/2
    dead = demo.dead_units(demo.model_at(demo.sgd_endpoint(seed=2, lr=5.0)), X)
    assert dead[0] > 32 and dead[1] == 64
    assert demo.train_sgd(seed=2, lr=5.0)[0][-1] == pytest.approx(np.log(2), abs=0.03)


def test_figures_have_their_panels():
    # small nets and grids keep this quick; the notebook draws the [2, 64, 64, 1] net on 51 x 51
    fig = demo.landscape_figure(width=8, n=11)
    assert isinstance(fig, Figure)
    assert [ax.name for ax in fig.axes] == ["rectilinear", "3d", "rectilinear"]  # contour, surface, colour bar
    assert "[2, 8, 8, 1] ReLU net, filter-normalized directions (seed 1)" in fig._suptitle.get_text()
    fig = demo.interpolation_figure(width=8, n=11)
    assert len(fig.axes) == 1 and len(fig.axes[0].lines) == 3
    assert np.allclose(fig.axes[0].lines[0].get_xdata()[[0, -1]], [-0.5, 1.5])
    fig = demo.trajectory_figure(width=16, n=11)
    assert len(fig.axes) == 3 and fig.axes[0].get_title().startswith("random plane: holds ")
    assert "PCA direction" in fig.axes[1].get_xlabel() and len(fig.axes[1].lines) == 3
    fig = demo.nonconvex_figure(width=8, n=11)
    assert len(fig.axes[0].lines) == 4  # two segments, two chords
    fig = demo.width_figure(widths=(4, 8), n=11)
    assert [ax.get_title()[:12] for ax in fig.axes[:2]] == ["[2, 4, 4, 1]", "[2, 8, 8, 1]"]
    fig = demo.sgd_figure(lrs=(0.3,), seeds=(0,), epochs=3)
    assert fig.axes[0].get_legend().get_texts()[0].get_text().startswith("seed 0: $L$ = ")
    assert len(fig.axes[0].lines[0].get_ydata()) == 4  # before training and after each of 3 epochs


def test_explorer_follows_its_controls():
    ex = demo.LandscapeExplorer()
    axis, f = demo.surface(demo.train_net(64), 1, 1.0, "filter", demo.EXPLORER_GRID)
    middle = demo.EXPLORER_GRID // 2
    assert np.allclose(ex.image.get_array(), np.clip(f, demo.LEVELS[0], demo.LEVELS[-1]))
    assert np.allclose(ex.slice_alpha.get_ydata(), f[middle, :])  # the row through theta*
    assert np.allclose(ex.slice_beta.get_ydata(), f[:, middle])  # the column
    assert ex.star.get_ydata()[0] == pytest.approx(demo.train_net(64).loss, rel=1e-12)
    assert ex.side.get_title().endswith("= 0.065") and ex.ax.get_title().startswith("[2, 64, 64, 1] net, filter")
    assert len(ex.out.outputs) == 1 and "image/png" in ex.out.outputs[0]["data"]
    filtered = ex.image.get_array().copy()

    ex.controls["normalization"].value = "none"
    assert "raw (not normalized)" in ex.ax.get_title()
    assert not np.allclose(ex.image.get_array(), filtered)
    # raw N(0, 1) steps swamp the wide net's small weights: L grows much faster than with filter norm
    assert ex.slice_alpha.get_ydata()[0] > 2 * f[middle, 0]

    ex.controls["span"].value = 2.0
    assert ex.image.get_extent() == [-2.0, 2.0, -2.0, 2.0] and ex.ax.get_xlim() == (-2.0, 2.0)
    assert np.allclose(ex.slice_alpha.get_xdata()[[0, -1]], [-2.0, 2.0])

    ex.controls["width"].value = 4
    assert ex.ax.get_title().startswith("[2, 4, 4, 1] net")
    assert ex.star.get_ydata()[0] == pytest.approx(demo.train_net(4).loss, rel=1e-12)
    assert len(ex.out.outputs) == 1


def test_explorer_survives_every_control_value():
    ex = demo.LandscapeExplorer()
    moves = list(ex.sweep())
    assert len(moves) == 16 and ex.last_error is None  # unchanged values are skipped
    assert repr(ex) == "LandscapeExplorer(width=64, seed=1, span=1.0, normalization='filter')"


# --- what a student types is kept or refused, never changed ------------------------------------

@pytest.mark.parametrize("kwargs, words", [
    # width 10 got traitlets' "Invalid selection"; seed and span were clamped into the sliders' range
    (dict(width=10), ["width must be one of 4, 8, 16, 32, 64, got 10; nearest: 8"]),
    (dict(seed=10), ["seed must be an integer in [0, 9], got 10"]),
    (dict(span=3.0), ["span must be a number in [0.25, 2], got 3.0"]),
    (dict(normalization="filtr"), ["normalization must be one of 'filter', 'layer', 'none'", "Did you mean 'filter'?"]),
])
def test_explorer_refuses_what_its_controls_cannot_hold(kwargs, words):
    with pytest.raises(ln.InputError) as error:
        demo.LandscapeExplorer(**kwargs)
    for word in words:
        assert word in str(error.value)


def test_explorer_takes_a_normalization_in_any_case():
    ex = demo.LandscapeExplorer(width=4, normalization="Layer")
    assert ex.controls["normalization"].value == "layer" and ex.last_error is None


def test_sgd_figure_draws_every_seed():
    # more seeds than colours: every seed still gets its line (the colours repeat), none is dropped
    fig = demo.sgd_figure(lrs=(0.3,), seeds=range(8), width=4, epochs=1)
    assert len(fig.axes[0].lines) == 8 + 1  # the seeds and the ln 2 line
    assert len(fig.axes[0].get_legend().get_texts()) == 8


def test_interpolation_figure_marks_the_initialization_at_its_own_loss():
    net = demo.train_net(4)
    fig = demo.interpolation_figure(width=4, t_range=(0.5, 1.5), n=5)  # t = 0 outside the range
    dot = fig.axes[0].lines[1]
    assert dot.get_xdata()[0] == 0 and dot.get_ydata()[0] == pytest.approx(net.train_loss[0], rel=1e-12)
    with pytest.raises(ln.InputError, match=r"t_range must be a pair \(low, high\) with low < high"):
        demo.interpolation_figure(width=4, t_range=(1.0, 0.0))


def test_sgd_endpoint_of_a_diverged_run_is_refused():
    # it used to return a vector of inf/NaN without a word
    losses, diverged = demo.train_sgd(width=64, seed=4, lr=5.0, epochs=5)
    assert diverged
    with pytest.raises(ln.InputError, match=r"sgd_endpoint: SGD with lr = 5 \(seed 4, width 64\) diverged"):
        demo.sgd_endpoint(width=64, seed=4, lr=5.0, epochs=5)


def test_name_lookups_ignore_case_and_string_numbers_are_refused():
    axis, f = demo.landscape_grid(width=4, normalization="FILTER", n=3)
    assert np.array_equal(f, demo.landscape_grid(width=4, normalization="filter", n=3)[1])
    with pytest.raises(ln.InputError, match="train_net: width .* must be an integer in \\[1, 128\\]"):
        demo.train_net(width="4")  # int("4") used to train a net silently


# --- skip connections and sharpness -------------------------------------------------------------------

def test_deep_nets_differ_only_in_the_skip_and_the_start():
    plain, residual = demo.deep_net(False, depth=3, width=4, seed=1), demo.deep_net(True, depth=3, width=4, seed=1)
    assert plain.n_params == residual.n_params
    assert sum(isinstance(m, ln.Residual) for m in residual.layers) == 3 and not any(
        isinstance(m, ln.Residual) for m in plain.layers)
    for p, q, k in zip(plain.parameters(), residual.parameters(), range(100)):
        scale = 1 / np.sqrt(3) if p.value.ndim == 2 and 0 < k < 2 * 3 + 1 and p.value.shape == (4, 4) else 1.0
        np.testing.assert_allclose(q.value, scale * p.value)


@pytest.mark.parametrize("call, match", [
    (lambda: demo.deep_net("yes"), "residual"), (lambda: demo.deep_net(depth=0), "depth"),
    (lambda: demo.deep_net(depth=41), "depth"), (lambda: demo.deep_net(scaled=2), "scaled"),
    (lambda: demo.deep_landscape(seed=-1), "seed"), (lambda: demo.train_batch(32), "batch_size must be 10"),
    (lambda: demo.sharpness("net"), "model"), (lambda: demo.sharpness(ln.mlp([2, 3, 1]), step=0), "step"),
    (lambda: demo.sharpness(ln.mlp([2, 3, 1]), normalization="row"), "normalization"),
    (lambda: demo.local_minima(np.ones(5)), "f"), (lambda: demo.skip_figure(both_inits="no"), "both_inits"),
])
def test_new_landscape_functions_refuse_bad_input_by_name(call, match):
    with pytest.raises(InputError, match=match):
        call()


def test_local_minima_counts_strict_minima_inside_the_grid():
    f = np.ones((6, 6))
    f[2, 2] = f[3, 4] = 0.0
    f[0, 0] = -1.0  # on the edge: not counted
    assert demo.local_minima(f) == 2
    f[1, 2] = 0.0  # a tie with a neighbour of (2, 2): neither is strict
    assert demo.local_minima(f) == 1


def test_sharpness_of_a_rescaled_relu_net_changes_raw_but_not_filter_normalized():
    model = ln.mlp([2, 16, 16, 1], "relu", rng=3)
    twin = landscape.rescaled(model, 5.0)
    assert abs(demo.sharpness(twin, "filter", directions=3) - demo.sharpness(model, "filter", directions=3)) < 1e-12
    assert demo.sharpness(twin, "none", directions=3) != pytest.approx(demo.sharpness(model, "none", directions=3))
