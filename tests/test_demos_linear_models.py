"""demos.linear_models (notebook 00): least-squares fits are the math, hand-made features fix circles
but not spirals, and both explorers move their artists as the controls say without ever raising."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import lecture_nn as ln
from lecture_nn.demos import Explorer
from lecture_nn.demos import linear_models as demo


@pytest.fixture(autouse=True)
def small_pictures(monkeypatch):
    """Explorers render a PNG per change; a small one keeps these tests fast (the drawing is the same)."""
    monkeypatch.setattr(Explorer, "dpi", 30)


# --- the math -------------------------------------------------------------------------------------

def test_fit_polynomial_recovers_an_exact_polynomial():
    x = np.linspace(-1, 1, 30)[:, None]
    y = 1 - 2 * x + 3 * x ** 2  # w = (1, -2, 3) on the features (1, x, x^2)
    w = demo.fit_polynomial(x, y, 2)
    assert w.shape == (3, 1)
    np.testing.assert_allclose(w[:, 0], [1, -2, 3], atol=1e-12)
    np.testing.assert_allclose(demo.predict_polynomial(x, w), y, atol=1e-12)


def test_fit_polynomial_degree_one_is_the_least_squares_line():
    X, y = ln.regression_1d("sin", n=40, noise=0.1, rng=3)
    w = demo.fit_polynomial(X, y, 1)
    slope, intercept = np.polyfit(X[:, 0], y[:, 0], 1)
    np.testing.assert_allclose(w[:, 0], [intercept, slope], rtol=1e-10)


def test_error_curves_overfit_at_high_degree():
    X_train, X_test, y_train, y_test = demo.regression_split("sin", noise=0.15)
    assert X_train.shape == X_test.shape == (30, 1)
    train, test, weights = demo.polynomial_error_curves(X_train, y_train, X_test, y_test, range(1, 16))
    assert [len(w) for w in weights] == list(range(2, 17))
    assert np.all(np.diff(train) <= 1e-12)  # nested models: more features never fit the training data worse
    assert train[0] > 0.1 > train[2]  # a line fails on sin, a cubic does not
    assert test[-1] > 10 * test[2]  # degree 15 overfits: the test error rises


def test_feature_matrix_columns_and_bad_names():
    X = np.array([[1.0, 2.0], [-0.5, 3.0]])
    Phi = demo.feature_matrix(X, ["x1_sq", "x1x2", "sin_x2"])
    np.testing.assert_allclose(Phi, [[1.0, 2.0, np.sin(2.0)], [0.25, -1.5, np.sin(3.0)]])
    assert demo.feature_matrix(X, []).shape == (2, 0)
    with pytest.raises(ValueError, match="x3"):
        demo.feature_matrix(X, ["x3"])


def test_circles_need_squares_and_spirals_stay_hard():
    X, y = demo.classification_data("circles")
    linear = demo.fit_linear_classifier(demo.feature_matrix(X, ["x1", "x2"]), y)
    squares = demo.fit_linear_classifier(demo.feature_matrix(X, ["x1_sq", "x2_sq"]), y)
    assert ln.accuracy(linear, demo.feature_matrix(X, ["x1", "x2"]), y) < 0.7
    assert ln.accuracy(squares, demo.feature_matrix(X, ["x1_sq", "x2_sq"]), y) == 1.0
    w1, w2 = squares.W.value[0]
    assert w1 < 0 and w2 < 0 and abs(w1 - w2) < 0.2 * abs(w1)  # about -(x1^2 + x2^2): the radius
    Xs, ys = demo.classification_data("spirals")
    everything = demo.feature_matrix(Xs, list(demo.FEATURES))
    assert ln.accuracy(demo.fit_linear_classifier(everything, ys), everything, ys) < 0.75


# --- static figures ---------------------------------------------------------------------------------

def test_polynomial_fits_figure_draws_one_line_per_degree():
    fig = demo.polynomial_fits_figure(degrees=(1, 3, 9))
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    assert len(fig.axes[0].lines) == 4  # true f(x) and three fits
    assert "degree 9" in fig.axes[0].get_legend().get_texts()[-1].get_text()


def test_circles_features_figure_reports_both_accuracies():
    fig = demo.circles_features_figure()
    assert len(fig.axes) == 3
    assert "accuracy 0.5" in fig.axes[0].get_title() and "accuracy 1.00" in fig.axes[1].get_title()
    assert fig.axes[2].get_xlabel() == r"$\varphi_1 = x_1^2$"


def test_feature_sets_figure_and_stacking_figure():
    fig = demo.feature_sets_figure({"xor": ("x1x2",), "spirals": ("x1", "x2")})
    assert len(fig.axes) == 2 and fig.axes[0].get_title().startswith("xor: accuracy 0.9")
    fig = demo.stacking_nonconvex_figure()
    assert len(fig.axes) == 3  # convex curve, non-convex map, its colour bar
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata().min(), 0, atol=1e-12)


def test_circles_panels_name_the_classes_and_the_colours():
    for fig, names in ((demo.circles_features_figure(), ["class 0: outer ring", "class 1: inner disc"]),
                       (demo.feature_sets_figure({"circles": ("x1_sq", "x2_sq"), "xor": ("x1x2",)}),
                        ["class 0", "class 1"])):
        (legend,) = fig.legends
        assert [t.get_text() for t in legend.get_texts()] == names + ["decision boundary $p = 1/2$"]
        markers = [h.get_paths()[0].vertices.shape for h in legend.legend_handles[:2]]
        assert markers[0] != markers[1]  # circles and squares, as on the panels
        (bar_axes,) = fig.axes[-1].child_axes  # the colour bar: an inset, so the figure keeps its panels
        assert "p(\\mathrm{class\\ 1})" in bar_axes.get_ylabel()
        assert [t.get_text() for t in bar_axes.get_yticklabels()] == ["0: class 0", "1/2: boundary", "1: class 1"]
        image = fig.axes[-1].images[0]
        assert image.get_cmap().name == ln.plotting.PROBABILITY_CMAP.name and image.get_clim() == (0, 1)


# --- a network learns its features ------------------------------------------------------------------

@pytest.fixture(scope="module")
def spirals_network():
    X, y = demo.classification_data("spirals")
    return demo.fit_mlp_classifier(X, y), X, y


def test_fit_mlp_classifier_is_the_notebooks_network(spirals_network):
    model, X, y = spirals_network
    rng = np.random.default_rng(0)  # the notebook's cell, written out
    written = ln.Sequential(ln.Dense(2, 7, init="glorot", rng=rng), ln.Activation("tanh"),
                            ln.Dense(7, 1, init="glorot", rng=rng))
    ln.fit(written, ln.BCEWithLogitsLoss(), ln.Adam(written.parameters(), lr=0.05), X, y, epochs=2000)
    for p, q in zip(model.parameters(), written.parameters()):
        np.testing.assert_array_equal(p.value, q.value)
    assert ln.accuracy(model, X, y) == 1.0


def test_learned_features_are_the_hidden_layer_and_the_output_is_linear_in_them(spirals_network):
    model, X, _ = spirals_network
    H = demo.learned_features(model, X)
    W, b = model.layers[0].W.value, model.layers[0].b.value
    assert H.shape == (200, 7)
    np.testing.assert_allclose(H, np.tanh(X @ W.T + b), atol=1e-12)
    w, c = model.layers[2].W.value[0], model.layers[2].b.value[0]
    np.testing.assert_allclose(model(X)[:, 0], H @ w + c, atol=1e-12)
    assert demo.learned_features(model, np.empty((0, 2))).shape == (0, 7)
    relu = demo.fit_mlp_classifier(X[:20], np.arange(20) % 2, d_hidden=3, activation="ReLU", steps=5)
    np.testing.assert_allclose(demo.learned_features(relu, X[:20]), np.maximum(
        X[:20] @ relu.layers[0].W.value.T + relu.layers[0].b.value, 0))


def test_learned_features_figure_shows_both_kinds_of_features(spirals_network):
    model, X, y = spirals_network
    fig = demo.learned_features_figure(model, X, y)
    assert len(fig.axes) == 1 + 7 + 7 + 1  # boundary, hand-made, learned, their colour bar
    assert fig.axes[0].get_title() == "the network: train accuracy 1.000"
    assert [ax.get_title() for ax in fig.axes[1:8]] == [text for _, text, _ in demo.FEATURES.values()]
    w = model.layers[2].W.value[0]
    shown = [float(ax.get_title().split("= ")[1].rstrip("$")) for ax in fig.axes[8:15]]
    np.testing.assert_allclose(shown, np.round(sorted(w, key=abs, reverse=True), 1))  # largest |w_j| first
    for ax in fig.axes[1:15]:
        (image,) = ax.images
        assert image.get_clim() == (-1, 1) and np.abs(image.get_array()).max() <= 1 + 1e-12
    assert np.abs(fig.axes[1].images[0].get_array()).max() == 1  # hand-made: divided by the largest |phi_k|
    assert [t.get_text() for t in fig.legends[0].get_texts()][:2] == ["class 0", "class 1"]
    wide = demo.fit_mlp_classifier(X, y, d_hidden=10, steps=3)
    assert len(demo.learned_features_figure(wide, X, y, n=10).axes) == 1 + 7 + 10 + 1


def test_network_helpers_refuse_what_they_cannot_draw_or_train(spirals_network):
    model, X, y = spirals_network
    with pytest.raises(ln.InputError, match=r"d_hidden must be an integer in \[1, 32\], got 33"):
        demo.fit_mlp_classifier(X, y, d_hidden=33)
    with pytest.raises(ln.InputError, match=r"unknown activation 'tanhh'.*Did you mean 'tanh'\?"):
        demo.fit_mlp_classifier(X, y, activation="tanhh")
    with pytest.raises(ln.InputError, match="y must hold class labels 0 or 1"):
        demo.fit_mlp_classifier(X, np.arange(200) % 3)
    with pytest.raises(ln.InputError, match="would train for minutes"):
        demo.fit_mlp_classifier(np.zeros((50_000, 2)), np.arange(50_000) % 2, steps=50_000)
    deep = ln.mlp([2, 4, 4, 1], "tanh", rng=0)
    with pytest.raises(ln.InputError, match=r"model must be a one-hidden-layer network Sequential\(Dense\(d, d'\)"):
        demo.learned_features(deep, X)
    with pytest.raises(ln.InputError, match="model must take d = 2 inputs"):
        demo.learned_features_figure(ln.mlp([3, 4, 1], "tanh", rng=0), X, y)
    with pytest.raises(ln.InputError, match=r"X must have shape \(N, 2\), as the model's first Dense takes d = 2 "
                                            r"inputs, got shape \(200, 3\)"):
        demo.learned_features(model, np.ones((200, 3)))
    with pytest.raises(ln.InputError, match="y must hold N = 200 labels"):
        demo.learned_features_figure(model, X, y[:10])


# --- explorer 1 -------------------------------------------------------------------------------------

def test_degree_explorer_shows_the_least_squares_fit():
    ex = demo.PolynomialDegreeExplorer()
    X_train, X_test, y_train, y_test = demo.regression_split("sin", noise=0.15)
    xs = ex.fit_line.get_xdata()[:, None]
    np.testing.assert_allclose(ex.fit_line.get_ydata(), demo.predict_polynomial(xs, demo.fit_polynomial(
        X_train, y_train, 3))[:, 0], atol=1e-10)
    train, test, _ = demo.polynomial_error_curves(X_train, y_train, X_test, y_test, range(1, 16))
    np.testing.assert_allclose(ex.test_curve.get_ydata(), test)
    assert "p = 3" in ex.ax.get_title()
    assert len(ex.out.outputs) == 1 and "image/png" in ex.out.outputs[0]["data"]

    ex.controls["degree"].value = 15
    np.testing.assert_allclose(ex.fit_line.get_ydata(), demo.predict_polynomial(xs, demo.fit_polynomial(
        X_train, y_train, 15))[:, 0], atol=1e-6)
    assert list(ex.marker.get_xdata()) == [15, 15]
    np.testing.assert_allclose(ex.current.get_offsets()[1], [15, test[-1]])
    assert "p = 15" in ex.ax.get_title() and f"test MSE {test[-1]:.3g}" in ex.ax_err.get_title()

    ex.controls["target"].value = "step"
    np.testing.assert_array_equal(ex.true_line.get_ydata(), (xs[:, 0] >= 0).astype(float))
    ex.controls["noise"].value = 0.0
    assert set(np.unique(ex.train_points.get_offsets()[:, 1])) == {0.0, 1.0}  # noiseless step


def test_degree_explorer_sweep_never_fails():
    ex = demo.PolynomialDegreeExplorer()
    for _ in ex.sweep():
        assert ex.last_error is None
    assert ex.last_error is None


# --- explorer 2 -------------------------------------------------------------------------------------

def test_feature_explorer_squares_fix_circles():
    ex = demo.FeatureToggleExplorer()
    assert "train accuracy 0.5" in ex.ax.get_title() and ex.map.boundary is not None
    assert [b.get_height() for b in ex.bars][2:] == [0.0] * 5  # only x1, x2 ticked
    assert len(ex.out.outputs) == 1 and "image/png" in ex.out.outputs[0]["data"]

    ex.controls["x1_sq"].value = True
    ex.controls["x2_sq"].value = True
    layer, acc, P = ex.fitted("circles", ("x1", "x2", "x1_sq", "x2_sq"))
    assert acc == 1.0 and "train accuracy 1.00" in ex.ax.get_title()
    np.testing.assert_array_equal(ex.map.image.get_array(), P)
    assert P[60, 60] > 0.9 and P[0, 0] < 0.1  # inner disc is class 1, the corners class 0
    np.testing.assert_allclose([b.get_height() for b in ex.bars][:4], layer.W.value[0])
    assert ex.fitted("circles", ("x1", "x2", "x1_sq", "x2_sq"))[0] is layer  # cached


def test_feature_explorer_no_features_shows_a_message():
    ex = demo.FeatureToggleExplorer()
    ex.controls["x1"].value = False
    ex.controls["x2"].value = False
    assert ex.last_error is None
    assert ex.message.get_visible() and "Tick at least one feature" in ex.message.get_text()
    assert not ex.map.image.get_visible() and ex.map.boundary is None
    assert "no features selected" in ex.ax.get_title()
    ex.controls["x1x2"].value = True
    ex.controls["dataset"].value = "xor"
    assert not ex.message.get_visible() and ex.map.image.get_visible()
    assert "train accuracy 0.9" in ex.ax.get_title()
    assert len(ex.points[0].get_offsets()) + len(ex.points[1].get_offsets()) == 200


def test_feature_explorer_sweep_never_fails():
    ex = demo.FeatureToggleExplorer(dataset="spirals")
    for _ in ex.sweep():
        assert ex.last_error is None
    assert ex.last_error is None
    assert demo.EXPLORERS == [demo.PolynomialDegreeExplorer, demo.FeatureToggleExplorer]


# --- what a student types: refused by name, never changed silently -----------------------------------

def test_feature_explorer_refuses_an_unknown_feature_instead_of_unticking_all():
    with pytest.raises(ln.InputError, match=r"features: unknown feature 'x3'; expected one of 'x1', 'x2', 'x1_sq'"):
        demo.FeatureToggleExplorer(features=("x3",))
    with pytest.raises(ln.InputError, match=r"unknown feature 'x1_sqr'.*Did you mean 'x1_sq'\?"):
        demo.FeatureToggleExplorer(features=("x1", "x1_sqr"))
    with pytest.raises(ln.InputError, match=r"features must be a list of feature names .* got the string 'x1' "
                                            r"\(for one feature write \['x1'\]\)"):
        demo.FeatureToggleExplorer(features="x1")  # a string is not a tuple of one name
    ex = demo.FeatureToggleExplorer(dataset="Moons", features={"X1_SQ", "x2"})  # any case, any order
    assert ex.last_error is None and ex.controls["dataset"].value == "moons"
    assert [n for n in demo.FEATURES if ex.controls[n].value] == ["x2", "x1_sq"]


def test_degree_explorer_refuses_out_of_range_values_instead_of_clamping():
    with pytest.raises(ln.InputError, match=r"degree must be an integer in \[1, 15\], got 20"):
        demo.PolynomialDegreeExplorer(degree=20)
    with pytest.raises(ln.InputError, match=r"noise must be a number in \[0, 0.5\], got 0.8"):
        demo.PolynomialDegreeExplorer(noise=0.8)
    with pytest.raises(ln.InputError, match=r"target must be one of 'sin', 'abs', 'step', 'sawtooth', "
                                            r"got the string 'sine'. Did you mean 'sin'\?"):
        demo.PolynomialDegreeExplorer(target="sine")
    ex = demo.PolynomialDegreeExplorer(target="ABS", degree=15, noise=0.123)  # between slider steps: kept
    assert ex.values == {"target": "abs", "degree": 15, "noise": 0.123} and ex.last_error is None


def test_degree_explorer_uses_exactly_the_noise_it_shows():
    # the cache key once rounded the noise to 4 decimals: 0.12344 showed the data of 0.1234
    ex = demo.PolynomialDegreeExplorer(noise=0.1234)
    ex.controls["noise"].value = 0.12344
    _, _, y_train, _ = demo.regression_split("sin", 0.12344)
    np.testing.assert_array_equal(ex.train_points.get_offsets()[:, 1], y_train[:, 0])


def test_error_curves_of_one_dimensional_targets_are_not_broadcast():
    # y of shape (N,) once met predictions (N, 1): an (N, N) difference and a wrong mean squared error
    X_train, X_test, y_train, y_test = demo.regression_split("sin", noise=0.15)
    flat = demo.polynomial_error_curves(X_train, y_train[:, 0], X_test, y_test[:, 0], [1, 3])
    column = demo.polynomial_error_curves(X_train, y_train, X_test, y_test, [1, 3])
    np.testing.assert_allclose(flat[0], column[0], rtol=1e-12)
    np.testing.assert_allclose(flat[1], column[1], rtol=1e-12)
    with pytest.raises(ln.InputError, match=r"y_test must have N = 30 rows, one per row of X_test, "
                                            r"got shape \(29, 1\)"):
        demo.polynomial_error_curves(X_train, y_train, X_test, y_test[1:], [1])


def test_polynomial_fits_figure_draws_every_degree_it_is_given():
    # the colours ran out after four degrees, and later degrees were dropped without a word
    fig = demo.polynomial_fits_figure(degrees=(1, 2, 3, 4, 5, 6))
    assert len(fig.axes[0].lines) == 7
    with pytest.raises(ln.InputError, match="degrees may hold at most 6 degrees .* got 7"):
        demo.polynomial_fits_figure(degrees=(1, 2, 3, 4, 5, 6, 7))


def test_feature_matrix_names_its_arguments():
    X = np.array([[1.0, 2.0]])
    with pytest.raises(ln.InputError, match=r"names must be a list of feature names .*the string 'x1'"):
        demo.feature_matrix(X, "x1")  # was read as the two names 'x' and '1'
    with pytest.raises(ln.InputError, match="a set has no order"):
        demo.feature_matrix(X, {"x1", "x2"})  # the column order would be random
    with pytest.raises(ln.InputError, match=r"X must be an array of shape \(N, 2\), got shape \(1, 3\)"):
        demo.feature_matrix(np.ones((1, 3)), ["x1"])
    with pytest.raises(ln.InputError, match="X is too large for the feature 'x1_sq': it overflows"):
        demo.feature_matrix(np.array([[1e200, 0.0]]), ["x1", "x1_sq"])
    np.testing.assert_array_equal(demo.feature_matrix(X, ["X1", "x2_SQ"]), [[1.0, 4.0]])


def test_fits_refuse_bad_labels_and_sizes():
    Phi = np.array([[0.0], [1.0], [2.0]])
    with pytest.raises(ln.InputError, match="fit_linear_classifier: y must hold class labels 0 or 1 .* "
                                            "got the value 2"):
        demo.fit_linear_classifier(Phi, [0, 1, 2])
    with pytest.raises(ln.InputError, match=r"steps must be an integer in \[1, 50000\], got 1000000000"):
        demo.fit_linear_classifier(Phi, [0, 1, 1], steps=10 ** 9)
    with pytest.raises(ln.InputError, match=r"fit_polynomial: X has values up to 1e\+30, so x\*\*5"):
        demo.fit_polynomial([[1e30], [1.0]], [1.0, 2.0], 5)
    with pytest.raises(ln.InputError, match=r"name: unknown dataset 'moon'; expected one of 'circles', 'xor', 'moons', "
                                            r"'spirals'. Did you mean 'moons'\?"):
        demo.classification_data("moon")
