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


# --- the theorem's conditions: a polynomial g, no biases ----------------------------------------------

def test_random_features_with_square_activation_are_quadratics():
    best = demo.best_polynomial_mse("sin", 2)
    assert demo.random_features_mse("sin", 10, "square", 0) == pytest.approx(best, abs=1e-12)
    assert demo.random_features_mse("sin", 10, "ReLU", 0) < best / 2  # any case, as the other names
    assert demo.best_polynomial_mse("sin", 0) == pytest.approx(float(np.var(demo.training_data("sin")[1])))
    # a polynomial of degree 1 fits abs worse than one of degree 2
    assert demo.best_polynomial_mse("abs", 1) > demo.best_polynomial_mse("abs", 2)
    with pytest.raises(ln.InputError, match=r"activation: unknown hidden activation 'sqare'.*Did you mean 'square'\?"):
        demo.random_features_mse(activation="sqare")
    with pytest.raises(ln.InputError, match=r"degree must be an integer in \[0, 20\], got 21"):
        demo.best_polynomial_mse("sin", 21)


def test_fit_without_biases_keeps_every_bias_at_zero_and_is_cached():
    model, losses = demo.fit_without_biases("abs", [1, 4, 1], 0, steps=50)
    assert losses.shape == (50,) and not losses.flags.writeable
    assert all(np.all(p.value == 0) for p in model.parameters() if p.name == "b")
    assert demo.fit_without_biases("abs", (1, 4, 1), 0, steps=50)[1] is losses  # list or tuple: one cache entry
    x = np.linspace(-2, 2, 41)[:, None]
    alpha, beta = model(np.ones((1, 1)))[0, 0], model(-np.ones((1, 1)))[0, 0]
    assert np.allclose(model(x), alpha * np.maximum(x, 0) + beta * np.maximum(-x, 0), atol=1e-12)
    with pytest.raises(ln.InputError, match=r"sizes must start with d = 1 input\(s\) and end with 1 output, "
                                            r"got \[2, 4, 1\]"):
        demo.fit_without_biases(sizes=[2, 4, 1])
    with pytest.raises(ln.InputError, match=r"sizes must hold at least 3 integer"):
        demo.fit_without_biases(sizes=[1, 1])


def test_no_bias_figure():
    fig = demo.no_bias_figure("sin", nets=((1, 4, 1), (1, 4, 4, 1)), seed=1)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 3 and lines[1].get_label().startswith("hidden [4]: $L$ = ")
    y = lines[1].get_ydata()
    assert y[len(y) // 2] == pytest.approx(0.0, abs=1e-12)  # through the origin (x = 0 is the middle of X_GRID)
    with pytest.raises(ln.InputError, match="nets must be a list of 1 to 6 layer-width lists"):
        demo.no_bias_figure(nets=[(1, 4, 1)] * 7)
    with pytest.raises(ln.InputError, match=r"nets\[0\] must be a list of layer widths"):
        demo.no_bias_figure(nets=(1, 4, 1))


# --- training the tent architecture --------------------------------------------------------------------

def test_tent_data_and_training():
    X, y = demo.tent_data(2, n=5)
    assert np.array_equal(X[:, 0], [0, 0.25, 0.5, 0.75, 1]) and np.array_equal(y[:, 0], [0, 1, 0, 1, 0])
    run = demo.tent_training(2, 0, steps=20)
    assert run["losses"].shape == (20,) and run["y_hat"].shape == (demo.N_TRAIN,)
    assert len(run["live_start"]) == len(run["live_end"]) == 2
    assert run["var_y"] == pytest.approx(float(np.var(demo.tent_data(2)[1])))
    assert demo.tent_training(2, 0, steps=20) is run
    with pytest.raises(ln.InputError, match=r"depth must be an integer in \[1, 10\], got 11"):
        demo.tent_training(11)


# --- linear regions in 2D --------------------------------------------------------------------------------

def test_random_relu_net_has_random_biases():
    model = demo.random_relu_net([2, 5, 3, 1], seed=2)
    assert [type(m).__name__ for m in model] == ["Dense", "Activation", "Dense", "Activation", "Dense"]
    b = model[0].b.value
    assert np.all(np.abs(b) <= 1) and np.unique(b).size == 5
    assert np.array_equal(model[0].W.value, ln.mlp([2, 5, 3, 1], "relu", rng=2)[0].W.value)
    with pytest.raises(ln.InputError, match=r"sizes must start with d = 2 input\(s\)"):
        demo.random_relu_net([1, 5, 1])


def test_activation_regions_of_known_nets():
    # one unit relu(x_1): two regions, split at x_1 = 0
    model = ln.mlp([2, 1, 1], "relu", rng=0)
    model[0].W.value[...], model[0].b.value[...] = [[1.0, 0.0]], 0.0
    labels, count = demo.activation_regions(model, n=11)
    assert count == 2 and labels.shape == (11, 11)
    assert np.all(labels[:, 6:] == labels[0, 10]) and np.all(labels[:, :6] == labels[0, 0])  # x_1 > 0 vs <= 0
    # three lines in general position: 1 + 3 + 3 = 7 regions; through one point (0.1, 0.1): 6
    model = ln.mlp([2, 3, 1], "relu", rng=0)
    model[0].W.value[...], model[0].b.value[...] = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], 0.05
    assert demo.count_linear_regions(model, n=101) == 7
    model[0].b.value[...] = [-0.1, -0.1, -0.2]
    assert demo.count_linear_regions(model, n=101) == 6
    # many units: patterns of more than 64 units (several words) still count exactly
    wide = demo.random_relu_net([2, 70, 1], 0)
    labels, count = demo.activation_regions(wide, n=60)
    X = np.stack(np.meshgrid(np.linspace(-1, 1, 60), np.linspace(-1, 1, 60)), axis=-1).reshape(-1, 2)
    patterns = wide[0].forward(X) > 0
    assert count == len({row.tobytes() for row in patterns})
    assert len({(lab, row.tobytes()) for lab, row in zip(labels.ravel(), patterns)}) == count  # one label a pattern


def test_activation_regions_count_every_layer():
    deep = demo.random_relu_net([2, 6, 6, 1], 3)
    X = np.stack(np.meshgrid(np.linspace(-1, 1, 50), np.linspace(-1, 1, 50)), axis=-1).reshape(-1, 2)
    h1 = deep[1].forward(deep[0].forward(X))
    h2 = deep[2].forward(h1)
    patterns = np.concatenate([h1 > 0, h2 > 0], axis=1)
    assert demo.count_linear_regions(deep, n=50) == len({row.tobytes() for row in patterns})


def test_activation_regions_refuse_what_they_cannot_count():
    with pytest.raises(ln.InputError, match="model must take d = 2 inputs"):
        demo.activation_regions(ln.mlp([1, 4, 1], rng=0))
    with pytest.raises(ln.InputError, match=r"model must be a ReLU net .* got activations \['tanh'\]"):
        demo.activation_regions(ln.mlp([2, 4, 1], "tanh", rng=0))
    with pytest.raises(ln.InputError, match="model must alternate Dense and Activation"):
        demo.activation_regions(ln.Sequential(ln.Dense(2, 3, rng=0), ln.Dense(3, 1, rng=0)))
    with pytest.raises(ln.InputError, match=r"n must be an integer in \[2, 2000\], got 1"):
        demo.count_linear_regions(demo.random_relu_net([2, 3, 1]), n=1)


def test_regions_figure():
    fig = demo.regions_figure(nets=((2, 3, 1),), seed=0, n=50)
    assert len(fig.axes) == 1 and fig.axes[0].get_title().startswith("hidden [3]: ")
    with pytest.raises(ln.InputError, match="nets must be a list of 1 to 4 layer-width lists"):
        demo.regions_figure(nets=[(2, 3, 1)] * 5)


# --- hinges by hand --------------------------------------------------------------------------------------

def test_hand_hinge_explorer():
    assert demo.EXPLORERS == [demo.HingeExplorer, demo.TrainedExplorer, demo.DepthExplorer, demo.HandHingeExplorer]
    ex = demo.HandHingeExplorer()
    assert has_one_png(ex) and ex.last_error is None
    x = demo.X_GRID
    expected = -2 * np.maximum(x + 1, 0) + 4 * np.maximum(x + 0.5, 0)
    assert np.allclose(ex.fit_line.get_ydata(), expected, atol=1e-12)
    assert len(ex.units.get_segments()) == 4 and not ex.best_line.get_visible()
    # the construction's weights give the construction's net
    for name, value in dict(w3=0.0, w4=-4.0).items():
        ex.controls[name].value = value
    construction = demo.hinge_network(ln.TARGETS_1D["sin"], 4).forward(x[:, None])[:, 0]
    assert np.allclose(ex.fit_line.get_ydata(), construction, atol=1e-12)
    ex.controls["show_best"].value = True
    assert ex.best_line.get_visible() and "best w, c for these pⱼ" in ex.ax.get_title()
    ex.controls["target"].value = "abs"
    assert ex.ax.get_title().startswith("abs: MSE ")
    for _ in ex.sweep():
        pass
    assert ex.last_error is None


def test_hand_hinge_explorer_refuses_what_its_sliders_cannot_hold():
    with pytest.raises(ln.InputError, match=r"positions must be a list of 4 numbers"):
        demo.HandHingeExplorer(positions=(0.0, 0.5))
    with pytest.raises(ln.InputError, match=r"weights\[1\]"):
        demo.HandHingeExplorer(weights=(0.0, 9.0, 0.0, 0.0))
    with pytest.raises(ln.InputError, match=r"positions\[0\]"):
        demo.HandHingeExplorer(positions=(-1.5, 0.0, 0.0, 0.0))
    ex = demo.HandHingeExplorer(target="ABS", c=0.5, positions=(0.25, -0.75, 0.0, 1.0), weights=(1, -1, 2, 0))
    assert ex.values["target"] == "abs" and ex.values["p1"] == 0.25 and ex.values["w3"] == 2.0  # kept, not sorted
