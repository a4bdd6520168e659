"""Demo module of notebook 02 (nonlinearity and activations): figures and explorers, headless.

The explorers are built once per module (fixtures) and driven through their controls; each
test checks that the artists show what the math says, not only that something was drawn.
"""

import matplotlib.colors
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Circle

import lecture_nn as ln
from lecture_nn.demos import activations as demo

FIVE = ("relu", "elu", "softplus", "sigmoid", "tanh")


def texts_of(fig):
    # the figure's own texts include its suptitle (Figure.get_suptitle needs matplotlib 3.8)
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts + [ax.title]) + " ".join(
        t.get_text() for t in fig.texts)


# --- the network diagram ---------------------------------------------------------------------

def test_network_diagram_has_the_slide_terminology():
    fig = demo.network_diagram_figure(d=3, d_hidden=4)
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    text = texts_of(fig)
    for term in ("input layer", "hidden layer", "output layer", "weights $W$", "activation function $g$",
                 'the term "activation" may also stand for an output of a layer', "pre-activation"):
        assert term in text, term
    ax = fig.axes[0]
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    assert len(circles) == 3 + 2 * 4 + 1  # x_i; z_j and a_j; y_hat
    node_labels = {t.get_text() for t in ax.texts}
    assert {"$x_{1}$", "$x_{3}$", "$z_{4}$", "$a_{4}$", r"$\hat y$", "$W_{11}$", "$W_{13}$", "$w_{4}$"} <= node_labels
    assert "$x_{4}$" not in node_labels and "$W_{21}$" not in node_labels  # only the edges into z_1 are labelled


def test_network_diagram_follows_its_sizes_and_refuses_unreadable_ones():
    fig = demo.network_diagram_figure(d=2, d_hidden=5)
    assert sum(isinstance(p, Circle) for p in fig.axes[0].patches) == 2 + 10 + 1
    with pytest.raises(ValueError, match="d' = 40"):
        demo.network_diagram_figure(d=3, d_hidden=40)


# --- the five activations ----------------------------------------------------------------------

def test_activation_functions_figure_draws_g_and_g_prime():
    fig = demo.activation_functions_figure(alpha=1.5)
    assert len(fig.axes) == 10
    top, bottom = fig.axes[:5], fig.axes[5:]
    for k, name in enumerate(FIVE):
        g, g_prime = demo.g_and_g_prime(name, 1.5)
        line_g, line_d = top[k].lines[0], bottom[k].lines[0]
        z = line_g.get_xdata()
        np.testing.assert_allclose(line_g.get_ydata(), g(z))
        np.testing.assert_allclose(line_d.get_ydata(), g_prime(z))
    elu_line = top[1].lines[0]
    assert elu_line.get_ydata().min() == pytest.approx(-1.5 * (1 - np.exp(-4)))
    assert "1.5" in top[1].get_title()


# --- measured gradients of a deep network ----------------------------------------------------------

def test_layer_gradient_norms_are_the_layers_own_backward():
    # what the notebook does by hand: forward, loss, backward, then every Dense layer's W.grad
    X, y = ln.circles(n=100, rng=3)
    model = ln.mlp([2] + [64] * 5 + [1], activation="tanh", rng=3)
    loss_fn = ln.BCEWithLogitsLoss()
    loss_fn.forward(model.forward(X), y)
    model.backward(loss_fn.backward())
    by_hand = [np.linalg.norm(layer.W.grad) for layer in model if isinstance(layer, ln.Dense)]
    measured = demo.layer_gradient_norms("tanh", "matching", depth=6, seed=3)
    assert measured.shape == (6,)
    np.testing.assert_allclose(measured, by_hand, rtol=1e-12)
    assert demo.first_to_last_ratio("tanh", "matching", 6, 3) == pytest.approx(by_hand[0] / by_hand[-1])
    assert demo.layer_gradient_norms("tanh", "glorot", 6, 3) is measured  # matching = Glorot: one cache entry
    with pytest.raises(ValueError):
        measured[0] = 0.0  # cached arrays are read-only


def test_deep_network_initialisations():
    for name in FIVE:
        matching = demo.deep_network(name, "matching", depth=4, seed=0)
        same = demo.deep_network(name, demo.matching_init(name), depth=4, seed=0)
        assert len([m for m in matching if isinstance(m, ln.Dense)]) == 4
        for a, b in zip(matching.parameters(), same.parameters()):
            np.testing.assert_array_equal(a.value, b.value)
    assert [demo.matching_init(n) for n in FIVE] == ["he", "he", "he", "glorot", "glorot"]
    unit = demo.deep_network("relu", "unit", depth=30, seed=0)
    weights = np.concatenate([m.W.value.ravel() for m in unit if isinstance(m, ln.Dense)])
    assert weights.std() == pytest.approx(1.0, abs=0.01) and weights.mean() == pytest.approx(0.0, abs=0.01)
    elu = demo.deep_network("elu", depth=3, alpha=2.0)
    assert elu[1].params == {"alpha": 2.0}
    with pytest.raises(ValueError, match="init"):
        demo.deep_network("relu", "lecun")
    with pytest.raises(ValueError, match="depth"):
        demo.deep_network("relu", depth=1)


def test_pre_activation_density_is_a_density_of_the_hidden_units_z():
    for name, init in (("tanh", "unit"), ("sigmoid", "matching"), ("relu", "he")):
        density, outside = demo.pre_activation_density(name, init, depth=10, seed=1)
        width = demo.Z_BINS[1] - demo.Z_BINS[0]
        assert density.shape == (len(demo.Z_BINS) - 1,) and np.all(density >= 0)
        assert density.sum() * width + outside == pytest.approx(1.0)
    assert demo.pre_activation_density("tanh", "unit", 10, 1)[1] > 0.3   # N(0, 1) weights: z far out
    assert demo.pre_activation_density("tanh", "glorot", 10, 1)[1] == 0.0
    # by hand: the z of the first hidden layer of a depth-2 network are X W_1^T + b_1
    model = demo.deep_network("relu", depth=2, seed=4)
    Z = model[0].forward(ln.circles(n=100, rng=4)[0])
    counts, _ = np.histogram(Z, bins=demo.Z_BINS)
    density, outside = demo.pre_activation_density("relu", depth=2, seed=4)
    np.testing.assert_allclose(density, counts / (Z.size * (demo.Z_BINS[1] - demo.Z_BINS[0])))
    assert outside == pytest.approx(np.mean(np.abs(Z) > 5))


def test_sigmoid_gradient_vanishes_towards_the_first_layer_relu_and_tanh_do_not():
    for seed in range(3):
        assert demo.first_to_last_ratio("sigmoid", "matching", 10, seed) < 1e-5
        assert demo.first_to_last_ratio("relu", "matching", 10, seed) > 0.03
        assert demo.first_to_last_ratio("tanh", "matching", 10, seed) > 0.3


# --- the activation explorer ------------------------------------------------------------------

@pytest.fixture(scope="module")
def activation_explorer():
    return demo.ActivationExplorer()


def test_activation_explorer_starts_with_the_math(activation_explorer):
    ex = activation_explorer
    assert ex.values == {"highlight": "sigmoid", "show": FIVE, "alpha": 1.0, "init": "matching", "depth": 10}
    for name in FIVE:
        g, g_prime = demo.g_and_g_prime(name)
        np.testing.assert_allclose(ex.g_lines[name].get_ydata(), g(ex.z))
        np.testing.assert_allclose(ex.d_lines[name].get_ydata(), g_prime(ex.z))
        measured = np.array([demo.layer_gradient_norms(name, "matching", 10, seed) for seed in range(5)])
        np.testing.assert_allclose(ex.norm_lines[name].get_ydata(), np.median(measured, axis=0))
        np.testing.assert_array_equal(ex.norm_lines[name].get_xdata(), np.arange(1, 11))
        assert ex.g_lines[name].get_color() == ln.plotting.ACTIVATION_COLORS[name]
    assert ex.g_lines["sigmoid"].get_linewidth() > ex.g_lines["relu"].get_linewidth()
    segments = ex.seed_lines.get_segments()
    assert len(segments) == 5 and segments[0].shape == (10, 2)
    np.testing.assert_allclose(segments[2][:, 1], demo.layer_gradient_norms("sigmoid", "matching", 10, 2))
    ratios = [demo.first_to_last_ratio("sigmoid", "matching", 10, seed) for seed in range(5)]
    assert f"= {np.median(ratios):.0e},\nthe 5 seeds: {min(ratios):.0e} to {max(ratios):.0e}" in ex.ax_k.get_xlabel()
    assert "sigmoid (Glorot init)" in ex.ax_k.get_xlabel()
    low, high = ex.ax_k.get_ylim()
    assert low < min(line.get_ydata().min() for line in ex.norm_lines.values())
    assert high > max(line.get_ydata().max() for line in ex.norm_lines.values())
    # the grey density: the measured one, averaged over the seeds, as a closed step outline
    density = np.mean([demo.pre_activation_density("sigmoid", "matching", 10, s)[0] for s in range(5)], axis=0)
    outline = ex.density.get_paths()[0].vertices
    assert outline[:, 1].max() == pytest.approx(min(density.max(), 2.05))
    assert "0% of the z" in ex.outside.get_text()
    assert len(ex.out.outputs) == 1 and "image/png" in ex.out.outputs[0]["data"]


def test_activation_explorer_controls_move_the_artists(activation_explorer):
    ex = activation_explorer
    ex.controls["alpha"].value = 2.0
    assert ex.g_lines["elu"].get_ydata().min() == pytest.approx(-2.0 * (1 - np.exp(-5)))
    negative = ex.z < 0
    np.testing.assert_allclose(ex.d_lines["elu"].get_ydata()[negative], 2.0 * np.exp(ex.z[negative]))
    elu = np.median([demo.layer_gradient_norms("elu", "matching", 10, s, alpha=2.0) for s in range(5)], axis=0)
    np.testing.assert_allclose(ex.norm_lines["elu"].get_ydata(), elu)

    ex.controls["depth"].value = 25
    assert len(ex.norm_lines["tanh"].get_ydata()) == 25 and ex.ax_k.get_xlim() == (0.5, 25.5)
    assert ex.controls["depth"].continuous_update is False  # a new depth measures 25 networks

    ex.controls["init"].value = "unit"
    ex.controls["highlight"].value = "tanh"
    last = np.array([s[:, 1] for s in ex.seed_lines.get_segments()])  # (5 seeds, 25 layers)
    assert np.all(last[:, 0] > last[:, -1])  # N(0, 1): tanh's gradient grows towards layer 1
    assert "tanh (N(0, 1) init)" in ex.ax_k.get_xlabel() and "outside this panel" in ex.outside.get_text()
    assert ex.seed_lines.get_colors()[0][:3] == pytest.approx(
        matplotlib.colors.to_rgb(ln.plotting.ACTIVATION_COLORS["tanh"]))

    ex.controls["show"].value = ("relu",)
    visible = {name for name in FIVE if ex.g_lines[name].get_visible()}
    assert visible == {"relu", "tanh"}  # the highlighted one stays
    assert {name for name in FIVE if ex.norm_lines[name].get_visible()} == {"relu", "tanh"}
    assert ex.last_error is None


def test_activation_explorer_sweep(activation_explorer):
    ex = activation_explorer
    for _ in ex.sweep():
        assert ex.last_error is None
    assert ex.last_error is None
    assert len(ex.out.outputs) == 1


# --- XOR / circles -------------------------------------------------------------------------------

def test_train_classifier_is_the_notebooks_fit_call():
    X, y = ln.xor(n=200, rng=0)
    model = demo.train_classifier(X, y, "tanh", d_hidden=4, epochs=20)
    by_hand = ln.mlp([2, 4, 1], activation="tanh", rng=0)
    ln.fit(by_hand, ln.BCEWithLogitsLoss(), ln.Adam(by_hand.parameters(), lr=0.05), X, y, epochs=20)
    for (name, p), (_, q) in zip(model.named_parameters(), by_hand.named_parameters()):
        np.testing.assert_array_equal(p.value, q.value, err_msg=name)


def test_decision_boundaries_figure():
    X, y = ln.xor(n=200, rng=0)
    models = {"identity": demo.train_classifier(X, y, "identity", epochs=50),
              "ReLU": demo.train_classifier(X, y, "relu", epochs=50)}
    fig = demo.decision_boundaries_figure(models, X, y, n=60)
    assert len(fig.axes) == 2
    for ax, model in zip(fig.axes, models.values()):
        assert f"accuracy {ln.accuracy(model, X, y):.3f}" in ax.get_title()
        assert len(ax.images) == 1


@pytest.fixture(scope="module")
def nonlinearity_explorer():
    return demo.NonlinearityExplorer()


def test_nonlinearity_explorer_starts_with_the_trained_nets(nonlinearity_explorer):
    ex = nonlinearity_explorer
    X, y = ln.xor(n=200, rng=0)
    linear, relu = ex.model("xor", "identity", 8), ex.model("xor", "relu", 8)
    assert ln.accuracy(relu, X, y) > 0.95 > 0.7 > ln.accuracy(linear, X, y)
    for k, model in enumerate((linear, relu)):
        assert f"accuracy {ln.accuracy(model, X, y):.3f}" in ex.axes[k].get_title()
        P = 1 / (1 + np.exp(-model.forward(ex.points)[:, 0]))
        np.testing.assert_allclose(ex.maps[k].image.get_array(), P.reshape(ex.grid_n, ex.grid_n))
        assert ex.maps[k].boundary is not None and ex.maps[k].boundary.levels.tolist() == [0.5]
    np.testing.assert_array_equal(ex.scatters[0][1].get_offsets(), X[y == 1])
    assert len(ex.out.outputs) == 1 and "image/png" in ex.out.outputs[0]["data"]


def test_nonlinearity_explorer_controls(nonlinearity_explorer):
    ex = nonlinearity_explorer
    ex.controls["dataset"].value = "circles"
    X, y = ln.circles(n=200, rng=0)
    np.testing.assert_array_equal(ex.scatters[1][0].get_offsets(), X[y == 0])
    ex.controls["activation"].value = "tanh"
    ex.controls["d_hidden"].value = 3
    assert "g = tanh, d′ = 3" in ex.axes[1].get_title()
    model = ex.model("circles", "tanh", 3)
    ex.controls["d_hidden"].value = 4
    ex.controls["d_hidden"].value = 3
    assert ex.model("circles", "tanh", 3) is model  # cached: a revisited setting is not retrained
    assert ex.last_error is None


def test_nonlinearity_explorer_sweep(nonlinearity_explorer):
    ex = nonlinearity_explorer
    for _ in ex.sweep():
        assert ex.last_error is None
    assert len(ex.out.outputs) == 1


def test_explorers_list():
    assert demo.EXPLORERS == [demo.ActivationExplorer, demo.NonlinearityExplorer]


# --- what a student types is kept, or refused by name --------------------------------------------

def test_activation_explorer_refuses_a_depth_beyond_its_slider_instead_of_running_at_30():
    with pytest.raises(ln.InputError) as error:
        demo.ActivationExplorer(depth=100)
    message = str(error.value)
    assert "depth" in message and "[2, 30]" in message and "100" in message


def test_activation_explorer_names_an_unknown_highlight_and_the_nearest_choice():
    with pytest.raises(ln.InputError) as error:
        demo.ActivationExplorer(highlight="sigmod")
    message = str(error.value)
    assert message.startswith("highlight must be one of 'relu', 'elu', 'softplus', 'sigmoid', 'tanh'")
    assert "got the string 'sigmod'" in message and "Did you mean 'sigmoid'?" in message
    for kwargs, words in [({"show": ("relu", "sigmod")}, ("show", "Did you mean 'sigmoid'?")),
                          ({"show": "relu"}, ("show must be a tuple",)),
                          ({"init": "lecun"}, ("init must be one of 'matching', 'he', 'glorot', 'unit'",)),
                          ({"alpha": 3.0}, ("alpha must be a number in [0.1, 2]", "got 3.0"))]:
        with pytest.raises(ln.InputError) as error:
            demo.ActivationExplorer(**kwargs)
        assert all(w in str(error.value) for w in words), (kwargs, str(error.value))


def test_activation_explorer_takes_names_in_any_case_and_holds_the_canonical_one():
    ex = demo.ActivationExplorer(highlight="Sigmoid", show=["RELU"], init="HE", depth=2)
    assert ex.values == {"highlight": "sigmoid", "show": ("relu",), "alpha": 1.0, "init": "he", "depth": 2}
    assert ex.last_error is None


def test_a_nan_set_on_the_alpha_slider_draws_the_error_then_a_valid_value_draws_again():
    ex = demo.ActivationExplorer(depth=2, show=("elu",))
    ex.controls["alpha"].value = float("nan")
    assert isinstance(ex.last_error, ln.InputError) and "alpha" in str(ex.last_error)
    assert "could not draw: InputError: alpha" in ex.text()
    ex.controls["alpha"].value = 1.5
    assert ex.last_error is None
    assert ex.g_lines["elu"].get_ydata().min() == pytest.approx(-1.5 * (1 - np.exp(-5)))


def test_g_and_g_prime_keeps_elus_alpha_whatever_the_case_of_the_name():
    g, g_prime = demo.g_and_g_prime("ELU", alpha=2.0)  # used to drop alpha unless the name was "elu"
    assert g(np.array([-50.0]))[0] == pytest.approx(-2.0)
    with pytest.raises(ln.InputError, match=r"name: unknown activation 'sigmod'.*Did you mean 'sigmoid'\?"):
        demo.g_and_g_prime("sigmod")
    with pytest.raises(ln.InputError, match=r"alpha must be a number in \(0, 10\], got nan"):
        demo.g_and_g_prime("elu", alpha=float("nan"))


def test_the_deep_network_measurements_check_their_arguments():
    for kwargs, words in [({"depth": 61}, "depth must be an integer in [2, 60], got 61"),
                          ({"seed": None}, "seed must be an integer >= 0"),
                          ({"init": "lecun"}, "init must be one of"),
                          ({"activation": "sigmod"}, "Did you mean 'sigmoid'?"),
                          ({"depth": 3.0}, "depth must be an integer in [2, 60] (write 3, not 3.0)")]:
        arguments = dict(activation="tanh", init="matching", depth=3, seed=0) | kwargs
        for function in (demo.layer_gradient_norms, demo.pre_activation_density, demo.first_to_last_ratio,
                         demo.deep_network):
            with pytest.raises(ln.InputError) as error:
                function(**arguments)
            assert words in str(error.value), (function.__name__, kwargs, str(error.value))


def test_classifier_labels_must_be_0_and_1():
    X, y = ln.xor(n=20, rng=0)
    with pytest.raises(ln.InputError, match="train_classifier: y must hold the class labels 0 and 1, got 2 at index 3"):
        demo.train_classifier(X, np.where(np.arange(20) == 3, 2, y), epochs=2)
    with pytest.raises(ln.InputError, match=r"y must hold one class label per point of X, shape \(N,\) = \(20,\)"):
        demo.train_classifier(X, y[:-1], epochs=2)
    with pytest.raises(ln.InputError, match="activation 'tanh' takes no parameter 'alpha'"):
        demo.train_classifier(X, y, "tanh", epochs=2, alpha=1.0)
    model = demo.train_classifier(X, y.astype(bool), epochs=2)  # booleans are labels too
    assert model.forward(X).shape == (20, 1)


def test_decision_boundaries_figure_refuses_what_would_give_a_wrong_accuracy():
    X, y = ln.xor(n=20, rng=0)
    model = demo.train_classifier(X, y, "relu", epochs=2)
    with pytest.raises(ln.InputError, match="y must hold the class labels 0 and 1, got 2"):
        demo.decision_boundaries_figure({"relu": model}, X, np.where(y == 1, 2, 0), n=10)
    with pytest.raises(ln.InputError, match=r"models\['wide'\] cannot take points \(M, 2\)"):
        demo.decision_boundaries_figure({"wide": ln.mlp([3, 2, 1], rng=0)}, X, y, n=10)
    with pytest.raises(ln.InputError, match="models must be a dict title -> trained model"):
        demo.decision_boundaries_figure([model], X, y, n=10)


def test_nonlinearity_explorer_refuses_settings_off_its_controls():
    for kwargs, words in [({"dataset": "moons"}, "dataset must be one of 'xor', 'circles'"),
                          ({"activation": "sigmod"}, "Did you mean 'sigmoid'?"),
                          ({"d_hidden": 17}, "d_hidden must be an integer in [1, 16], got 17"),
                          ({"n": 1}, "n must be an integer in [2, 10000], got 1"),
                          ({"rng": -1}, "rng must be a numpy Generator, an int seed >= 0 or None")]:
        with pytest.raises(ln.InputError) as error:
            demo.NonlinearityExplorer(**kwargs)
        assert words in str(error.value), (kwargs, str(error.value))


def test_the_demos_take_the_activations_from_one_place(nonlinearity_explorer):
    from lecture_nn import activations
    from lecture_nn.demos import backprop, universal_approximation
    for module in (demo, backprop, universal_approximation):
        assert module.SLIDE_ACTIVATIONS is activations.SLIDE_ACTIVATIONS, module.__name__
    assert demo.ACTIVATION_LABELS is activations.ACTIVATION_LABELS
    # the dropdown lists the slide's five, labelled as the slides write them
    options = tuple(nonlinearity_explorer.controls["activation"].options)
    assert options == tuple((activations.ACTIVATION_LABELS[n], n) for n in activations.SLIDE_ACTIVATIONS)
    assert options[0] == ("ReLU", "relu")


# --- plain SGD on the deep networks --------------------------------------------------------------

def test_deep_training_is_plain_sgd_with_the_layers_own_backward():
    run = demo.deep_training("tanh", "matching", depth=4, seed=2, steps=5, lr=0.2)
    # by hand: the same network and batch, five steps W <- W - lr dW
    X, y = ln.circles(n=100, rng=2)
    model = demo.deep_network("tanh", "matching", 4, 2)
    start = [m.W.value.copy() for m in model if isinstance(m, ln.Dense)]
    loss_fn, opt = ln.BCEWithLogitsLoss(), ln.SGD(model.parameters(), lr=0.2)
    losses = []
    for _ in range(5):
        losses.append(loss_fn.forward(model.forward(X), y))
        model.backward(loss_fn.backward())
        opt.step()
    losses.append(loss_fn.forward(model.forward(X), y))
    model.backward(loss_fn.backward())
    dense = [m for m in model if isinstance(m, ln.Dense)]
    np.testing.assert_allclose(run.losses, losses, rtol=1e-12)
    np.testing.assert_allclose(run.norms_end, [np.linalg.norm(m.W.grad) for m in dense], rtol=1e-12)
    np.testing.assert_allclose(run.moved, [np.linalg.norm(m.W.value - w0) / np.linalg.norm(w0)
                                           for m, w0 in zip(dense, start)], rtol=1e-12)
    np.testing.assert_array_equal(run.norms_start, demo.layer_gradient_norms("tanh", "matching", 4, 2))
    assert run.accuracy == ln.accuracy(model, X, y)
    assert demo.deep_training("tanh", "glorot", 4, 2, steps=5, lr=0.2) is run  # matching = Glorot: one entry
    assert isinstance(run, demo.DeepTraining)
    with pytest.raises(ValueError):
        run.losses[0] = 0.0  # cached arrays are read-only


def test_deep_training_refuses_runs_too_long_and_steps_that_overshoot():
    with pytest.raises(ln.InputError, match=r"depth x steps = 60 x 200 = 12000 layer steps"):
        demo.deep_training("relu", depth=60, steps=200)
    with pytest.raises(ln.InputError, match=r"stopped being finite at step \d+ with lr = 10 .*smaller than 10"):
        demo.deep_training("relu", depth=10, steps=50, lr=10.0)
    for kwargs, words in [({"steps": 0}, "steps must be an integer in [1, 2000], got 0"),
                          ({"lr": 0.0}, "lr must be a number in (0, 100]"),
                          ({"lr": float("nan")}, "lr must be a number"),
                          ({"activation": "sigmod"}, "Did you mean 'sigmoid'?")]:
        with pytest.raises(ln.InputError) as error:
            demo.deep_training(**(dict(activation="relu", depth=3, steps=2) | kwargs))
        assert words in str(error.value), (kwargs, str(error.value))


def test_deep_training_figure_draws_the_runs():
    fig = demo.deep_training_figure(("sigmoid", "relu"), depth=3, steps=4, lr=0.1)
    ax_loss, ax_norm, ax_move = fig.axes
    assert len(ax_loss.lines) == 2 * (5 + 1) + 1  # 5 seeds and the median per activation, the log 2 line
    runs = [demo.deep_training("relu", "matching", 3, seed, steps=4, lr=0.1) for seed in range(5)]
    medians = [line for line in ax_move.lines if line.get_linewidth() > 2 and line.get_color() == "#0072B2"]
    np.testing.assert_allclose(medians[0].get_ydata(), np.median([r.moved for r in runs], axis=0))
    dashed = [line for line in ax_norm.lines if line.get_linestyle() == "--" and line.get_color() == "#0072B2"]
    np.testing.assert_allclose(dashed[0].get_ydata(), np.median([r.norms_start for r in runs], axis=0))
    assert ax_norm.get_yscale() == "log" and "η = 0.1" in ax_loss.get_title()
    with pytest.raises(ln.InputError, match="activations must name 1 to 5 different activations"):
        demo.deep_training_figure(("relu", "RELU"))
    with pytest.raises(ln.InputError, match="activations must be a tuple"):
        demo.deep_training_figure("relu")


# --- the hidden units of a one-hidden-layer network ------------------------------------------------

@pytest.fixture(scope="module")
def xor_relu():
    X, y = ln.xor(n=200, rng=0)
    return demo.train_classifier(X, y, "relu", d_hidden=8, epochs=60), X, y


def test_hidden_units_are_the_layers_and_sum_to_the_output(xor_relu):
    model, X, _ = xor_relu
    A, w, c = demo.hidden_units(model, X)
    W, b = model[0].W.value, model[0].b.value
    np.testing.assert_allclose(A, np.maximum(X @ W.T + b, 0.0), rtol=0, atol=1e-15)   # a_j = g(z_j)
    np.testing.assert_allclose(A @ w + c, model.forward(X)[:, 0], rtol=0, atol=1e-12)  # y_hat = w^T a + c
    assert A.shape == (200, 8) and w.shape == (8,) and isinstance(c, float)
    w[0] = 99.0  # a copy: the model keeps its weights
    assert model[2].W.value[0, 0] != 99.0
    tanh = ln.mlp([3, 2, 1], "tanh", rng=1)
    P = np.random.default_rng(0).normal(size=(7, 3))
    A, w, c = demo.hidden_units(tanh, P)
    np.testing.assert_allclose(A @ w + c, tanh.forward(P)[:, 0], rtol=1e-12)


def test_hidden_units_refuse_what_is_not_one_hidden_layer(xor_relu):
    model, X, _ = xor_relu
    for bad, words in [(ln.mlp([2, 4, 4, 1], rng=0), "with 5 layers"),
                       (ln.mlp([2, 4, 3], rng=0), "got Dense(2, 4), then Dense(4, 3)"),
                       (object(), "got object"),
                       (ln.Sequential(ln.Dense(2, 3), ln.Dense(3, 3), ln.Dense(3, 1)),
                        "got Sequential(Dense, Dense, Dense)")]:
        with pytest.raises(ln.InputError) as error:
            demo.hidden_units(bad, X)
        assert "model must be a model Sequential(Dense(d, d'), Activation(g), Dense(d', 1))" in str(error.value)
        assert words in str(error.value), str(error.value)
    with pytest.raises(ln.InputError, match=r"points must be an array \(M, d\) with d = 2, .* got shape \(4, 3\)"):
        demo.hidden_units(model, np.ones((4, 3)))


def test_hidden_units_figure_draws_each_unit_and_the_weighted_sum(xor_relu):
    model, X, y = xor_relu
    fig = demo.hidden_units_figure(model, X, y, n=30)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 8 + 2
    _, _, points = ln.plotting.grid_points((-1.6, 1.6), (-1.6, 1.6), 30)
    A, w, c = demo.hidden_units(model, points)
    for j in range(8):
        np.testing.assert_allclose(visible[j].images[0].get_array(), A[:, j].reshape(30, 30))
        assert f"w{'₁₂₃₄₅₆₇₈'[j]} = {w[j]:+.2f}" in visible[j].get_title()
    summed, y_hat = visible[8].images[0].get_array(), visible[9].images[0].get_array()
    np.testing.assert_allclose(summed, (A @ w + c).reshape(30, 30))
    np.testing.assert_allclose(y_hat, model.forward(points)[:, 0].reshape(30, 30))
    scale = np.percentile(np.abs(model.forward(points)[:, 0]), 90)
    for ax in visible[8:]:
        assert ax.images[0].get_clim() == pytest.approx((-scale, scale))
    assert len(visible[9].collections) >= 3  # the boundary and the two classes of points
    small = demo.hidden_units_figure(ln.mlp([2, 1, 1], "tanh", rng=0), n=10)
    assert sum(ax.get_visible() for ax in small.axes) == 3
    with pytest.raises(ln.InputError, match="1 to 16 hidden units"):
        demo.hidden_units_figure(ln.mlp([2, 17, 1], rng=0))
    with pytest.raises(ln.InputError, match="give both X and y"):
        demo.hidden_units_figure(model, X)
