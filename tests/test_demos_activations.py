"""Demo module of notebook 02 (nonlinearity and activations): figures and explorers, headless.

The explorers are built once per module (fixtures) and driven through their controls; each
test checks that the artists show what the math says, not only that something was drawn.
"""

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Circle

import lecture_nn as ln
from lecture_nn.demos import activations as demo

FIVE = ("relu", "elu", "softplus", "sigmoid", "tanh")


def texts_of(fig):
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts + [ax.title]) + fig.get_suptitle()


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


def test_gradient_factors_by_hand():
    # ReLU: g' = 1, 1, 0 along the path -> products 1, 1, 1, 0
    np.testing.assert_array_equal(demo.gradient_factors("relu", [[1.0, 3.0, -2.0]]), [[1, 1, 1, 0]])
    # sigmoid'(0) = 1/4 at every layer -> 1, 1/4, 1/16
    np.testing.assert_allclose(demo.gradient_factors("sigmoid", [[0.0, 0.0]]), [[1, 0.25, 0.0625]])
    # ELU with alpha = 2 at z = -1: g' = 2/e
    np.testing.assert_allclose(demo.gradient_factors("elu", [[-1.0]], alpha=2.0), [[1, 2 / np.e]])


@pytest.mark.parametrize("scale", [0.1, 1.0, 5.0])
def test_expected_derivative(scale):
    assert demo.expected_derivative("relu", scale) == pytest.approx(0.5, abs=1e-6)
    assert demo.expected_derivative("softplus", scale) == pytest.approx(0.5, abs=1e-6)  # E sigmoid(z) = 1/2
    assert demo.expected_derivative("sigmoid", scale) < 0.25
    z = np.random.default_rng(0).normal(0, scale, 200_000)
    assert demo.expected_derivative("tanh", scale) == pytest.approx(ln.tanh_derivative(z).mean(), abs=5e-3)
    assert demo.expected_derivative("elu", scale, alpha=2.0) == pytest.approx(
        ln.elu_derivative(z, alpha=2.0).mean(), abs=5e-3)


def test_saturation_shrinks_tanh_and_sigmoid_but_not_relu():
    small, large = (demo.expected_derivative("tanh", s) for s in (0.1, 5.0))
    assert small > 0.98 and large < 0.2
    assert demo.expected_derivative("sigmoid", 0.01) == pytest.approx(0.25, abs=1e-4)


# --- the activation explorer ------------------------------------------------------------------

@pytest.fixture(scope="module")
def activation_explorer():
    return demo.ActivationExplorer()


def test_activation_explorer_starts_with_the_math(activation_explorer):
    ex = activation_explorer
    assert ex.values == {"highlight": "sigmoid", "show": FIVE, "alpha": 1.0, "scale": 1.0, "depth": 10}
    for name in FIVE:
        g, g_prime = demo.g_and_g_prime(name)
        np.testing.assert_allclose(ex.g_lines[name].get_ydata(), g(ex.z))
        np.testing.assert_allclose(ex.d_lines[name].get_ydata(), g_prime(ex.z))
        expected = demo.expected_derivative(name, 1.0) ** np.arange(11)
        np.testing.assert_allclose(ex.mean_lines[name].get_ydata(), np.maximum(expected, 1e-12))
        assert ex.g_lines[name].get_color() == ln.plotting.ACTIVATION_COLORS[name]
    assert ex.g_lines["sigmoid"].get_linewidth() > ex.g_lines["relu"].get_linewidth()
    segments = ex.paths.get_segments()
    assert len(segments) == ex.n_drawn and segments[0].shape == (11, 2)
    # every sigmoid path shrinks by at least 4x per layer
    assert max(s[-1, 1] for s in segments) <= 0.25 ** 10
    assert len(ex.out.outputs) == 1 and "image/png" in ex.out.outputs[0]["data"]


def test_activation_explorer_controls_move_the_artists(activation_explorer):
    ex = activation_explorer
    ex.controls["alpha"].value = 2.0
    assert ex.g_lines["elu"].get_ydata().min() == pytest.approx(-2.0 * (1 - np.exp(-5)))
    negative = ex.z < 0
    np.testing.assert_allclose(ex.d_lines["elu"].get_ydata()[negative], 2.0 * np.exp(ex.z[negative]))

    ex.controls["depth"].value = 25
    assert len(ex.mean_lines["tanh"].get_ydata()) == 26
    assert ex.ax_k.get_xlim() == (0, 25)

    ex.controls["highlight"].value = "relu"
    ex.controls["scale"].value = 3.0
    last = np.array([s[-1, 1] for s in ex.paths.get_segments()])
    assert set(np.unique(last)) <= {1.0, 1e-12}  # a ReLU path lets the gradient through whole, or not at all
    assert "ReLU" in ex.ax_k.get_xlabel() and "s = 3" in ex.ax_d.get_title()
    assert ex.mean_lines["relu"].get_ydata()[-1] == pytest.approx(0.5 ** 25)

    ex.controls["show"].value = ("tanh",)
    visible = {name for name in FIVE if ex.g_lines[name].get_visible()}
    assert visible == {"tanh", "relu"}  # the highlighted one stays
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
        np.testing.assert_allclose(ex.images[k].get_array(), P.reshape(ex.grid_n, ex.grid_n))
        assert ex.contours[k] is not None
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
