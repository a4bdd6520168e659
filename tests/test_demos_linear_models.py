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
    assert "train accuracy 0.5" in ex.ax.get_title() and ex.contour is not None
    assert [b.get_height() for b in ex.bars][2:] == [0.0] * 5  # only x1, x2 ticked
    assert len(ex.out.outputs) == 1 and "image/png" in ex.out.outputs[0]["data"]

    ex.controls["x1_sq"].value = True
    ex.controls["x2_sq"].value = True
    layer, acc, P = ex.fitted("circles", ("x1", "x2", "x1_sq", "x2_sq"))
    assert acc == 1.0 and "train accuracy 1.00" in ex.ax.get_title()
    np.testing.assert_array_equal(ex.image.get_array(), P)
    assert P[60, 60] > 0.9 and P[0, 0] < 0.1  # inner disc is class 1, the corners class 0
    np.testing.assert_allclose([b.get_height() for b in ex.bars][:4], layer.W.value[0])
    assert ex.fitted("circles", ("x1", "x2", "x1_sq", "x2_sq"))[0] is layer  # cached


def test_feature_explorer_no_features_shows_a_message():
    ex = demo.FeatureToggleExplorer()
    ex.controls["x1"].value = False
    ex.controls["x2"].value = False
    assert ex.last_error is None
    assert ex.message.get_visible() and "Tick at least one feature" in ex.message.get_text()
    assert not ex.image.get_visible() and ex.contour is None
    assert "no features selected" in ex.ax.get_title()
    ex.controls["x1x2"].value = True
    ex.controls["dataset"].value = "xor"
    assert not ex.message.get_visible() and ex.image.get_visible()
    assert "train accuracy 0.9" in ex.ax.get_title()
    assert len(ex.points[0].get_offsets()) + len(ex.points[1].get_offsets()) == 200


def test_feature_explorer_sweep_never_fails():
    ex = demo.FeatureToggleExplorer(dataset="spirals")
    for _ in ex.sweep():
        assert ex.last_error is None
    assert ex.last_error is None
    assert demo.EXPLORERS == [demo.PolynomialDegreeExplorer, demo.FeatureToggleExplorer]
