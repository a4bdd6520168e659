"""Notebook 03's demos: the hinge construction, trained one-hidden-layer nets, the caveats, and
the tent-map construction of depth (deep vs shallow nets of the same function)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import lecture_nn as ln
from lecture_nn.demos import universal_approximation as demo

TARGETS = list(ln.TARGETS_1D)


# --- the construction -------------------------------------------------------------------------------

def test_hinge_weights_worked_by_hand_for_abs():
    # knots -1, 0, 1 with values 1, 0, 1: slopes -1 then +1, so
    # hinge 1 at x = -1 with w_1 = -1, hinge 2 at x = 0 with w_2 = +1 - (-1) = 2, c = f(-1) = 1
    W, b, w, c = demo.hinge_weights(np.abs, 2)
    assert W.shape == (2, 1) and np.array_equal(W, [[1.0], [1.0]])
    assert np.array_equal(b, [1.0, 0.0])
    assert np.array_equal(w, [-1.0, 2.0])
    assert c == 1.0


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("d_hidden", [1, 2, 7, 64])
def test_hinge_network_interpolates_the_target_at_the_knots(target, d_hidden):
    f = ln.TARGETS_1D[target]
    model = demo.hinge_network(f, d_hidden)
    assert [type(m).__name__ for m in model] == ["Dense", "Activation", "Dense"]
    assert model[0].W.shape == (d_hidden, 1) and model[2].W.shape == (1, d_hidden)
    x = demo.knots(d_hidden)
    assert len(x) == d_hidden + 1
    assert np.max(np.abs(model.forward(x[:, None])[:, 0] - f(x))) < 1e-12
    # between the knots it is the straight-line interpolant
    x_fine = np.linspace(-1, 1, 1001)
    assert np.allclose(model.forward(x_fine[:, None])[:, 0], np.interp(x_fine, x, f(x)), atol=1e-12)


def test_hidden_contributions_add_up_to_the_output():
    model = demo.hinge_network(ln.TARGETS_1D["sin"], 5)
    x = np.linspace(-1, 1, 50)
    parts = demo.hidden_contributions(model, x)
    assert parts.shape == (50, 5)
    assert np.allclose(parts.sum(axis=1) + model[2].b.value[0], model.forward(x[:, None])[:, 0], atol=1e-12)
    # unit j is zero left of its knot x_{j-1}
    assert np.all(parts[x < 0.2 - 1e-9, 3] == 0)  # knots of d' = 5: -1, -0.6, -0.2, 0.2, ...


def test_hinge_weights_refuse_zero_units():
    with pytest.raises(ValueError, match="d' >= 1"):
        demo.hinge_weights(np.sin, 0)


def test_interpolation_error_behaves_as_the_theory_says():
    # the sawtooth's corners are at -1/2, 0, 1/2: 4 (or 8) hinges reproduce it exactly
    assert demo.interpolation_error(ln.TARGETS_1D["sawtooth"], 4) < 1e-12
    assert demo.interpolation_error(ln.TARGETS_1D["sawtooth"], 8) < 1e-12
    assert demo.interpolation_error(ln.TARGETS_1D["sawtooth"], 6) > 0.1
    # smooth target: error ~ h^2 max|f''| / 8, so doubling d' divides it by ~4
    sin = demo.wiggly(1)
    ratio = demo.interpolation_error(sin, 32) / demo.interpolation_error(sin, 64)
    assert 3.9 < ratio < 4.1
    assert demo.interpolation_error(sin, 64) == pytest.approx(np.pi ** 2 / (2 * 64 ** 2), rel=0.01)
    # the step is not continuous: the max error never shrinks
    assert demo.interpolation_error(ln.TARGETS_1D["step"], 64) > 0.9


def test_width_needed_grows_with_the_wiggles():
    needed = [demo.width_needed(demo.wiggly(omega), 1e-2, max_width=512) for omega in (1, 2, 4)]
    assert 20 <= needed[0] <= 26  # estimate pi / sqrt(2 * 0.01) = 22.2
    assert needed[0] < needed[1] < needed[2]
    assert 1.8 < needed[2] / needed[1] < 2.2
    assert demo.interpolation_error(demo.wiggly(1), needed[0]) <= 1e-2
    assert demo.width_needed(demo.wiggly(16), 1e-4, max_width=64) == 65  # not reachable: max_width + 1


# --- trained nets ----------------------------------------------------------------------------------

def test_fit_mlp_trains_and_caches():
    model, losses = demo.fit_mlp("sin", 16, "tanh")
    assert losses.shape == (demo.STEPS,) and not losses.flags.writeable
    assert losses[-1] < losses[0] / 20
    X, y = demo.training_data("sin")
    # the last recorded loss is measured before the last step: close to the final model's loss
    assert float(np.mean((model.forward(X) - y) ** 2)) == pytest.approx(losses[-1], rel=0.1)
    again, losses_again = demo.fit_mlp("sin", 16, "tanh")
    assert losses_again is losses and again is not model  # cached result, a fresh model
    assert np.array_equal(again.forward(X), model.forward(X))


def test_seeds_reach_different_losses():
    final = [demo.fit_mlp("sawtooth", 8, "relu", seed)[1][-1] for seed in range(5)]
    assert min(final) < 1e-3 and max(final) > 0.1  # some seeds fit the sawtooth, some are stuck


# --- depth -----------------------------------------------------------------------------------------

def tent(x):
    return 2 * np.maximum(x, 0) - 4 * np.maximum(x - 0.5, 0)


@pytest.mark.parametrize("depth", [1, 2, 5, 9])
def test_tent_network_is_the_composed_tent_map(depth):
    model = demo.tent_network(depth)
    assert len([m for m in model if isinstance(m, ln.Activation)]) == depth
    assert model.n_params == 6 * depth + 1
    x = np.linspace(0, 1, 2 ** 11 + 1)
    expected = x
    for _ in range(depth):
        expected = tent(expected)
    y = model.forward(x[:, None])[:, 0]
    assert np.array_equal(y, expected)  # dyadic arithmetic: exact
    assert demo.count_linear_pieces(x, y) == 2 ** depth


@pytest.mark.parametrize("depth", [1, 3, 8])
def test_shallow_net_is_the_same_function_with_exponentially_many_units(depth):
    shallow = demo.shallow_sawtooth_network(depth)
    assert shallow[0].W.shape == (2 ** depth, 1)
    assert shallow.n_params == 3 * 2 ** depth + 1
    x = np.linspace(0, 1, 2 ** 12 + 1)[:, None]
    assert np.max(np.abs(shallow.forward(x) - demo.tent_network(depth).forward(x))) < 1e-9


def test_count_linear_pieces():
    x = np.linspace(-1, 1, 9)
    assert demo.count_linear_pieces(x, 3 * x + 1) == 1
    assert demo.count_linear_pieces(x, np.abs(x)) == 2
    assert demo.count_linear_pieces(x, ln.TARGETS_1D["sawtooth"](x)) == 4  # corners at -1/2, 0, 1/2


# --- figures ---------------------------------------------------------------------------------------

def test_error_vs_width_figure():
    fig = demo.error_vs_width_figure("sin", widths=(1, 4), activations=("relu", "tanh"))
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    lines = fig.axes[0].get_lines()
    assert len(lines) == 3
    constructed = lines[-1].get_ydata()  # hinges on noiseless sin: 1 hinge is the zero line
    assert constructed[0] == pytest.approx(0.5, abs=0.05) and constructed[1] < constructed[0] / 5


def test_seeds_figure_labels_each_seed_with_its_loss():
    fig = demo.seeds_figure(seeds=(0, 2))
    ax = fig.axes[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[0] == "target $f$" and len(labels) == 3
    assert labels[2] == "seed 2: $L$ = 0.000" and labels[1].startswith("seed 0: $L$ = 0.1")


def test_width_needed_figure():
    fig = demo.width_needed_figure(frequencies=(1, 2), tol=1e-2, max_width=256)
    assert len(fig.axes) == 2
    assert len(fig.axes[0].get_lines()) == 3  # two frequencies and the tolerance line
    needed = fig.axes[1].get_lines()[0].get_ydata()
    assert needed[0] < needed[1]


def test_overfitting_figure():
    fig = demo.overfitting_figure(steps=300)
    assert len(fig.axes) == 2
    train, test = fig.axes[1].get_lines()[:2]
    assert len(train.get_ydata()) == 300 and len(test.get_ydata()) == 300
    assert train.get_ydata()[-1] < test.get_ydata()[-1]


def test_overfitting_curves_keep_the_best_test_epoch_and_are_cached():
    run = demo.overfitting_curves(steps=300)
    assert run["train_loss"].shape == run["test_loss"].shape == (300,)
    assert run["X_train"].shape == run["X_test"].shape == (30, 1)
    best = run["best_epoch"]
    assert 1 <= best <= 300 and run["test_loss"][best - 1] == run["test_loss"].min()
    assert run["y_best"].shape == run["y_end"].shape == demo.X_GRID.shape
    assert not run["train_loss"].flags.writeable
    assert demo.overfitting_curves(steps=300) is run  # cached: the figure and the claims share one run
    fig = demo.overfitting_figure(steps=300)
    assert fig.axes[1].get_lines()[3].get_xdata()[0] == best  # the "best test epoch" line


# --- explorers -------------------------------------------------------------------------------------

def has_one_png(ex):
    return len(ex.out.outputs) == 1 and "image/png" in ex.out.outputs[0]["data"]


def test_hinge_explorer():
    ex = demo.HingeExplorer(d_hidden=4, target="sin")
    assert has_one_png(ex)
    x_knots = demo.knots(4)
    expected = np.interp(demo.X_GRID, x_knots, np.sin(np.pi * x_knots))
    assert np.allclose(ex.sum_line.get_ydata(), expected, atol=1e-12)
    assert len(ex.units.get_segments()) == 4 and len(ex.knot_marks.get_offsets()) == 5
    assert ex.ax.get_title().startswith("sin, d′ = 4 hinges: max |f − ŷ| = 0.21")

    ex.controls["target"].value = "sawtooth"
    ex.controls["d_hidden"].value = 8
    assert len(ex.units.get_segments()) == 8 and len(ex.stem_heads.get_offsets()) == 8
    assert ex.ax.get_title() == "sawtooth, d′ = 8 hinges: max |f − ŷ| = 0, RMS = 0"
    assert np.allclose(ex.sum_line.get_ydata(), ln.TARGETS_1D["sawtooth"](demo.X_GRID), atol=1e-12)
    for _ in ex.sweep():
        pass
    assert ex.last_error is None


def test_trained_explorer():
    ex = demo.TrainedExplorer(d_hidden=8, activation="relu", target="sin")
    assert has_one_png(ex)
    model, losses = demo.fit_mlp("sin", 8, "relu")
    assert np.array_equal(ex.fit_line.get_ydata(), model.forward(demo.X_GRID[:, None])[:, 0])
    assert len(ex.units.get_segments()) == 8 and len(ex.samples.get_offsets()) == demo.N_TRAIN
    assert ex.ax.get_title().startswith("sin, d′ = 8 relu units: train MSE")

    ex.controls["activation"].value = "tanh"
    assert ex.fit_line.get_color() == ln.plotting.ACTIVATION_COLORS["tanh"]
    assert ex.ax.get_title().startswith("sin, d′ = 8 tanh units")
    ex.controls["d_hidden"].value = 2
    assert len(ex.units.get_segments()) == 2
    assert np.array_equal(ex.loss_line.get_ydata(), np.maximum(demo.fit_mlp("sin", 2, "tanh")[1], 1e-12))
    for _ in ex.sweep():
        pass
    assert ex.last_error is None


def test_depth_explorer():
    ex = demo.DepthExplorer(depth=3)
    assert has_one_png(ex)
    assert ex.ax.get_title() == "k = 3: 8 linear pieces from 6 ReLUs"
    assert np.array_equal(ex.params_deep[:3], [7, 13, 19]) and ex.params_shallow[2] == 25
    ex.controls["depth"].value = 6
    assert ex.ax.get_title() == "k = 6: 64 linear pieces from 12 ReLUs"
    assert ex.ax_p.get_title() == "parameters: 37 deep vs 193 shallow"
    assert np.array_equal(ex.marks.get_offsets(), [[6, 37], [6, 193]])
    assert np.allclose(ex.shallow_line.get_ydata(), ex.deep_line.get_ydata(), atol=1e-9)
    for _ in ex.sweep():
        pass
    assert ex.last_error is None


# --- what a student types: refused by name, never changed silently -----------------------------------

def test_depth_explorer_refuses_a_depth_beyond_its_slider_before_building_anything():
    # depth=20 once raised an IndexError from deep inside __init__
    with pytest.raises(ln.InputError, match=r"depth must be an integer in \[1, 10\], got 20"):
        demo.DepthExplorer(depth=20)
    with pytest.raises(ln.InputError, match=r"depth must be an integer in \[1, 10\] \(write 3, not 3.0\)"):
        demo.DepthExplorer(depth=3.0)
    ex = demo.DepthExplorer(depth=10)
    assert ex.last_error is None and ex.values == {"depth": 10}


def test_width_and_choices_of_the_explorers_are_refused_not_clamped():
    with pytest.raises(ln.InputError, match=r"d_hidden must be an integer in \[1, 64\], got 100"):
        demo.HingeExplorer(d_hidden=100)
    with pytest.raises(ln.InputError, match=r"d_hidden must be an integer in \[1, 64\], got 0"):
        demo.TrainedExplorer(d_hidden=0)
    with pytest.raises(ln.InputError, match=r"activation must be one of 'relu', 'elu', 'softplus', 'sigmoid', "
                                            r"'tanh', got the string 'sigmod'. Did you mean 'sigmoid'\?"):
        demo.TrainedExplorer(activation="sigmod")
    with pytest.raises(ln.InputError, match=r"seed must be an integer >= 0 \(the run is repeatable only with a fixed "
                                            r"seed\), got None"):
        demo.TrainedExplorer(seed=None)
    ex = demo.TrainedExplorer(d_hidden=2, activation="TanH", target="Abs")
    assert ex.values == {"d_hidden": 2, "activation": "tanh", "target": "abs"} and ex.last_error is None


def test_count_linear_pieces_refuses_unsorted_samples():
    # unsorted x once gave slopes of the wrong pairs and a meaningless count
    with pytest.raises(ln.InputError, match=r"x must be sorted and increasing, got x\[1\] = 2 then x\[2\] = 1"):
        demo.count_linear_pieces([0.0, 2.0, 1.0], [0.0, 1.0, 0.0])
    with pytest.raises(ln.InputError, match="x and y must hold the same number of samples, got 3 and 2"):
        demo.count_linear_pieces([0.0, 1.0, 2.0], [0.0, 1.0])
    x = np.linspace(-1, 1, 9)
    assert demo.count_linear_pieces(x[:, None], np.abs(x)[:, None]) == 2  # columns, as the notebook passes them


def test_the_construction_names_a_bad_target_function():
    with pytest.raises(ln.InputError, match=r"f must be a function of x such as np.sin or TARGETS_1D\['sin'\], "
                                            r"got the string 'sin'"):
        demo.hinge_weights("sin", 4)
    with pytest.raises(ln.InputError, match="hinge_weights: f[(]x[)] is inf at x = 0; f must be finite on x_range"):
        demo.hinge_weights(lambda x: 1 / x, 4)
    with pytest.raises(ln.InputError, match="f[(]x[)] must return one value per x"):
        demo.interpolation_error(lambda x: 1.0, 4)
    with pytest.raises(ln.InputError, match=r"model must be a one-hidden-layer net"):
        demo.hidden_contributions(ln.mlp([1, 3, 3, 1], rng=0), np.zeros(3))
    with pytest.raises(ln.InputError, match=r"x must be N inputs of shape \(N,\) or \(N, 1\), got shape \(2, 2\)"):
        demo.hidden_contributions(demo.hinge_network(np.sin, 3), np.zeros((2, 2)))  # was flattened to 4 inputs


def test_trained_nets_take_activation_names_in_any_case():
    model, losses = demo.fit_mlp("SIN", 3, "ReLU", steps=5)
    assert losses.shape == (5,) and model[1].name == "relu"
    with pytest.raises(ln.InputError, match=r"activation: unknown activation 'sigmod'; .*Did you mean 'sigmoid'\?"):
        demo.fit_mlp(activation="sigmod")
    with pytest.raises(ln.InputError, match=r"activations must be a list of activation names, got the string 'relu' "
                                            r"\(for one write \('relu',\)\)"):
        demo.error_vs_width_figure(activations="relu")  # was read as the names 'r', 'e', 'l', 'u'
