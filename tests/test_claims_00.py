"""Claims of notebook 00 (linear models recap): each test guards one sentence.

The explorers of notebook 00 show one sample of data (seed 0); claims about that sample are checked on
it, claims about "other samples" over ``SEEDS`` (the data's seed; for the classifiers also the seed of
the initialisation).
"""
import functools
import itertools

import numpy as np
import pytest
from claims import SEEDS, claim

import lecture_nn as ln
from lecture_nn.demos import Explorer
from lecture_nn.demos import linear_models as demo

DEGREES = demo.PolynomialDegreeExplorer.degrees  # 1 .. 15
NOISES = np.round(np.arange(0.0, 0.51, 0.05), 2)  # every value of the explorer's noise slider
SUBSETS = [names for k in range(1, len(demo.FEATURES) + 1) for names in itertools.combinations(demo.FEATURES, k)]
NOISE_VARIANCE = 0.15 ** 2


@pytest.fixture(autouse=True)
def small_pictures(monkeypatch):
    """Explorers render a PNG per change; a small one keeps these tests fast (the drawing is the same)."""
    monkeypatch.setattr(Explorer, "dpi", 30)


@functools.cache
def curves(target, noise, seed):
    """Train and test MSE of every degree 1..15 on one sample, as the degree explorer computes them."""
    X_train, X_test, y_train, y_test = demo.regression_split(target, noise, rng=seed)
    train, test, _ = demo.polynomial_error_curves(X_train, y_train, X_test, y_test, DEGREES)
    return train, test


def at(p):
    """Index of degree p in DEGREES."""
    return int(p) - int(DEGREES[0])


@functools.cache
def circles(seed=0):
    return demo.classification_data("circles", rng=seed)


@functools.cache
def fitted(names, steps=300, init_seed=0, data_seed=0):
    """(w, b, loss, accuracy) of the linear classifier on circles with the given features."""
    X, y = circles(data_seed)
    Phi = demo.feature_matrix(X, names)
    layer = demo.fit_linear_classifier(Phi, y, steps=steps, rng=init_seed)
    loss = ln.BCEWithLogitsLoss().forward(layer(Phi), y)
    return layer.W.value[0].copy(), float(layer.b.value[0]), loss, ln.accuracy(layer, Phi, y)


def radius(w, b):
    return float(np.sqrt(b / -w.mean()))


@functools.cache
def sweep(dataset):
    """Train accuracy of every one of the 127 non-empty feature sets, as the feature explorer fits them."""
    ex = demo.FeatureToggleExplorer(dataset=dataset)
    return {names: ex.fitted(dataset, names)[1] for names in SUBSETS}


def accuracy_on(dataset, names, seed):
    X, y = demo.classification_data(dataset, rng=seed)
    Phi = demo.feature_matrix(X, names)
    return ln.accuracy(demo.fit_linear_classifier(Phi, y), Phi, y)


# --- 1. a linear model on a curved target --------------------------------------------------------

@claim("00", "for degree 15 on the training points below: about $10^6$ becomes about $10^{12}$")
def test_00_normal_equations_square_the_condition_number():
    X_train, _, _, _ = demo.regression_split("sin", 0.15, rng=0)
    Phi = ln.polynomial_features(X_train, 15, include_bias=True)
    kappa = np.linalg.cond(Phi)
    assert 10 ** 5.5 < kappa < 10 ** 6.5
    assert 0.5 < np.linalg.cond(Phi.T @ Phi) / kappa ** 2 < 2


@claim("00", "its training error (0.181) is about a third of the variance of the training targets "
             "(0.498, printed above): it follows the trend, negative on the left and positive on the right")
def test_00_line_leaves_about_a_third_of_the_variance():
    _, _, y_train, _ = demo.regression_split("sin", 0.15, rng=0)
    train, _ = curves("sin", 0.15, 0)
    assert f"{train[at(1)]:.3f}" == "0.181" and f"{float(np.var(y_train)):.3f}" == "0.498"
    assert 0.3 < train[at(1)] / np.var(y_train) < 0.4
    X_train, _, y_train, _ = demo.regression_split("sin", 0.15, rng=0)
    assert demo.fit_polynomial(X_train, y_train, 1)[1, 0] > 0  # the trend: negative on the left, positive on the right


@claim("00", "Five powers of $x$ as features bring the training error down to 0.024, about the noise variance "
             "$0.15^2 = 0.0225$")
def test_00_degree_five_reaches_the_noise_level():
    train, _ = curves("sin", 0.15, 0)
    assert f"{train[at(5)]:.3f}" == "0.024"
    assert 0.9 < train[at(5)] / NOISE_VARIANCE < 1.2


@claim("00", "The test error follows (0.271 → 0.031)")
def test_00_test_error_follows_from_line_to_degree_five():
    _, test = curves("sin", 0.15, 0)
    assert f"{test[at(1)]:.3f}" == "0.271" and f"{test[at(5)]:.3f}" == "0.031"


@claim("00", "over 5 samples of 60 points the line leaves 18 % to 43 % of the variance, degree 5 gets the training "
             "error to 0.013–0.026 and the test error to at most a fifth of the line's")
def test_00_line_and_degree_five_over_samples():
    left, train5 = [], []
    for seed in SEEDS:
        _, _, y_train, _ = demo.regression_split("sin", 0.15, rng=seed)
        train, test = curves("sin", 0.15, seed)
        left.append(train[at(1)] / np.var(y_train))
        train5.append(train[at(5)])
        assert test[at(5)] < test[at(1)] / 5
    assert 0.175 <= min(left) and max(left) < 0.435
    assert 0.0125 <= min(train5) and max(train5) < 0.0265


# --- 2. the degree explorer -------------------------------------------------------------------------

@claim("00", "The training error never goes up as $p$ grows (beyond rounding error, for every target and noise)")
def test_00_training_error_never_goes_up_with_the_degree():
    for target in ln.TARGETS_1D:
        for noise in NOISES:
            for seed in SEEDS:
                train, _ = curves(target, float(noise), seed)
                assert np.all(np.diff(train) <= 1e-12), (target, noise, seed)


@claim("00", "at noise 0.15 on `sin` it is lowest at $p = 6$ (0.024) and climbs steeply from $p = 9$ (0.086, about 1 "
             "at $p = 10$, about 3600 at $p = 15$)")
def test_00_explorer_test_error_lowest_at_six_then_climbs():
    ex = demo.PolynomialDegreeExplorer()  # target sin, noise 0.15: what the reader sees first
    test = ex.test_curve.get_ydata()
    np.testing.assert_allclose(test, curves("sin", 0.15, 0)[1])
    assert int(DEGREES[np.argmin(test)]) == 6 and f"{test[at(6)]:.3f}" == "0.024"
    assert np.all(test[:at(9)] < 0.5)  # no climb before p = 9
    assert f"{test[at(9)]:.3f}" == "0.086" and 0.7 < test[at(10)] < 1.3 and 3000 < test[at(15)] < 4200
    ex.controls["degree"].value = 15
    assert "test MSE 3.6e+03" in ex.ax_err.get_title()


def split_errors(target, noise, p, seed=0):
    """Test points of a sample split into those between training points and those beyond the outermost ones:
    (MSE between, number between, squared errors beyond, max |w|) of the degree-p fit."""
    X_train, X_test, y_train, y_test = demo.regression_split(target, noise, rng=seed)
    w = demo.fit_polynomial(X_train, y_train, p)
    errors = (demo.predict_polynomial(X_test, w) - y_test)[:, 0] ** 2
    between = (X_test[:, 0] > X_train.min()) & (X_test[:, 0] < X_train.max())
    return errors[between].mean(), int(between.sum()), errors[~between], X_test[~between, 0] < X_train.min(), w


@claim("00", "The curve threads through the noise of the 30 training points, swings between them and shoots off "
             "beyond the outermost ones (overfitting): at $p = 15$ the 25 test points that lie between training points "
             "have a mean squared error of 0.24, ten times the noise variance, and the 5 left of the leftmost training "
             "point make almost all of the 3600")
def test_00_degree_fifteen_swings_between_and_shoots_off_beyond():
    train, test = curves("sin", 0.15, 0)
    assert train[at(15)] < 0.6 * NOISE_VARIANCE  # below the noise: it fits the noise itself
    mse_between, n_between, beyond, left, _ = split_errors("sin", 0.15, 15)
    assert n_between == 25 and len(beyond) == 5 and np.all(left)
    assert f"{mse_between:.2f}" == "0.24" and 9 < mse_between / NOISE_VARIANCE < 12
    assert beyond.sum() / 30 > 0.99 * test[at(15)]


@claim("00", "the lowest test error sits at $p = 3$ to $6$, and at $p = 15$ the test error is at least 3 times that "
             "lowest (in 3 of the 5 over $10^5$ times)")
def test_00_test_error_shape_over_samples():
    ratios = []
    for seed in SEEDS:
        _, test = curves("sin", 0.15, seed)
        assert 3 <= DEGREES[np.argmin(test)] <= 6, seed
        ratios.append(test[at(15)] / test.min())
    assert min(ratios) >= 3
    assert sum(r > 1e5 for r in ratios) == 3


@claim("00", "With noise 0 on `sin`, high degrees do not hurt: the test error is lowest at $p = 15$, below $10^{-15}$, "
             "in each of 5 samples")
def test_00_noiseless_sin_high_degrees_do_not_hurt():
    for seed in SEEDS:
        _, test = curves("sin", 0.0, seed)
        assert np.argmin(test) == at(15) and test[at(15)] < 1e-15, seed


@claim("00", "even at noise 0 their test error at $p = 15$ (here 2.3, 190 and 290) is above the best degree's (here "
             "0.0002, 0.019 and 0.010), in each of 5 samples")
def test_00_noiseless_corners_and_jumps_still_overfit():
    here = {"abs": (2.3, 0.0002), "step": (190, 0.019), "sawtooth": (290, 0.010)}
    for target, (at_15, best) in here.items():
        _, test = curves(target, 0.0, 0)
        assert abs(test[at(15)] / at_15 - 1) < 0.05, target
        assert abs(test.min() / best - 1) < 0.1, target
        for seed in SEEDS:
            _, test = curves(target, 0.0, seed)
            assert test[at(15)] > 1.2 * test.min(), (target, seed)


@claim("00", "To match a corner or a jump exactly at 30 points the polynomial needs large high powers of $x$, and they "
             "shoot off beyond the outermost training points (here almost all of the error at $p = 15$)")
def test_00_corners_and_jumps_need_large_powers_that_shoot_off():
    *_, w_sin = split_errors("sin", 0.0, 15)
    assert np.abs(w_sin).max() < 10
    for target in ("abs", "step", "sawtooth"):
        mse_between, n_between, beyond, _, w = split_errors(target, 0.0, 15)
        assert np.abs(w).max() > 1000, target
        assert beyond.sum() > 0.99 * (beyond.sum() + mse_between * n_between), target


@claim("00", "at noise 0 the best degree still leaves a test error of 0.019 and 0.010 here (over 5 samples at least "
             "0.018 and 0.003, and in each sample more than `abs` leaves)")
def test_00_step_and_sawtooth_stay_hard_at_every_degree():
    assert f"{curves('step', 0.0, 0)[1].min():.3f}" == "0.019"
    assert f"{curves('sawtooth', 0.0, 0)[1].min():.3f}" == "0.010"
    for seed in SEEDS:
        best_abs = curves("abs", 0.0, seed)[1].min()
        for target, floor in (("step", 0.018), ("sawtooth", 0.003)):
            best = curves(target, 0.0, seed)[1].min()
            assert best >= floor and best > best_abs, (target, seed)


# --- 3. circles ---------------------------------------------------------------------------------------

@claim("00", "no straight line separates a ring from the disc inside it")
def test_00_no_line_separates_the_circles():
    for seed in SEEDS:
        *_, acc = fitted(("x1", "x2"), data_seed=seed)
        assert acc < 0.65, seed


@claim("00", "One threshold on it already separates the classes")
def test_00_one_threshold_on_the_squared_radius_separates():
    for seed in SEEDS:
        X, y = circles(seed)
        r2 = X[:, 0] ** 2 + X[:, 1] ** 2
        assert r2[y == 1].max() < 0.5 < r2[y == 0].min(), seed


@claim("00", "On $(x_1, x_2)$: accuracy 0.545, a coin flip (the classes have 100 points each)")
def test_00_raw_features_are_a_coin_flip():
    X, y = circles(0)
    assert np.bincount(y).tolist() == [100, 100]
    assert fitted(("x1", "x2"))[3] == 0.545


@claim("00", "inside a circle of radius about 0.77")
def test_00_squared_features_boundary_radius():
    for seed in SEEDS:
        w, b, _, acc = fitted(("x1_sq", "x2_sq"), init_seed=seed)
        assert acc == 1.0 and 0.75 < radius(w, b) < 0.79, seed


@claim("00", "The classifier built the squared radius itself, as a weighted sum of the two features it was given")
def test_00_equal_weights_on_the_two_squares():
    for seed in SEEDS:
        w, _, _, _ = fitted(("x1_sq", "x2_sq"), init_seed=seed)
        assert np.all(w < 0) and abs(w[0] - w[1]) < 0.15 * abs(w).max(), seed


@claim("00", "Doubling $w$ and $b$ keeps the sign of every $w^T\\varphi(x) + b$, so the boundary and the accuracy, and "
             "moves every $p(\\text{class } 1)$ closer to its correct 0 or 1")
def test_00_doubling_a_separating_classifier_lowers_every_loss():
    X, y = circles(0)
    Phi = demo.feature_matrix(X, ["x1_sq", "x2_sq"])
    w, b, _, acc = fitted(("x1_sq", "x2_sq"))
    assert acc == 1.0  # separable: every point on its correct side
    z = Phi @ w + b
    per_point = lambda z: np.logaddexp(0, z) - y * z  # BCE of each point
    assert np.array_equal(np.sign(2 * z), np.sign(z))
    assert np.all(per_point(2 * z) < per_point(z))


@claim("00", "the loss keeps falling as $w$ grows")
def test_00_loss_keeps_falling_as_w_grows():
    for seed in SEEDS:
        runs = [fitted(("x1_sq", "x2_sq"), steps, seed) for steps in (300, 1000, 3000)]
        losses = [loss for _, _, loss, _ in runs]
        sizes = [np.linalg.norm(np.r_[w, b]) for w, b, _, _ in runs]
        assert losses[0] > losses[1] > losses[2] and sizes[0] < sizes[1] < sizes[2], seed


@claim("00", "The loss falls about five-fold from one line to the next, and $w$ and $b$ about double from 300 to 3000 "
             "steps")
def test_00_loss_five_fold_and_weights_double():
    runs = [fitted(("x1_sq", "x2_sq"), steps) for steps in (300, 1000, 3000)]
    losses = [loss for _, _, loss, _ in runs]
    assert 4 < losses[0] / losses[1] < 6.5 and 4 < losses[1] / losses[2] < 6.5
    (w0, b0, _, _), _, (w2, b2, _, _) = runs
    assert np.all((1.8 < w2 / w0) & (w2 / w0 < 2.4)) and 1.8 < b2 / b0 < 2.4


@claim("00", "while the boundary hardly moves (radius 0.77, 0.77, 0.76): the direction of $(w, b)$ settles, its scale "
             "does not")
def test_00_boundary_settles_scale_does_not():
    shown = [f"{radius(w, b):.2f}" for w, b, _, _ in (fitted(("x1_sq", "x2_sq"), s) for s in (300, 1000, 3000))]
    assert shown == ["0.77", "0.77", "0.76"]
    for seed in SEEDS:
        (w0, b0, _, _), (w2, b2, _, _) = (fitted(("x1_sq", "x2_sq"), s, seed) for s in (300, 3000))
        assert abs(radius(w0, b0) - radius(w2, b2)) < 0.03, seed
        u, v = np.r_[w0, b0], np.r_[w2, b2]
        assert u @ v / (np.linalg.norm(u) * np.linalg.norm(v)) > 0.995, seed  # same direction
        assert np.linalg.norm(v) > 1.8 * np.linalg.norm(u), seed  # twice the scale


@claim("00", "the loss does have a minimum, and 300 steps find it from each of 5 starting points: the same $w$ and "
             "$b$ to 2 decimals, where the gradient is zero")
def test_00_raw_features_have_a_minimum_that_adam_finds():
    X, y = circles(0)
    Phi = demo.feature_matrix(X, ["x1", "x2"])
    reference = np.r_[fitted(("x1", "x2"))[:2]]
    for seed in SEEDS:
        w, b, _, _ = fitted(("x1", "x2"), 300, seed)
        assert np.abs(np.r_[w, b] - reference).max() < 0.005, seed
        residual = 1 / (1 + np.exp(-(Phi @ w + b))) - y  # dL/dz of BCE
        gradient = np.r_[Phi.T @ residual, residual.sum()] / len(y)
        assert np.abs(gradient).max() < 1e-6, seed


@claim("00", "The same boundary is nearly a circle in $x$ (an ellipse with semi-axes 0.76 and 0.78, as $w_1$ and $w_2$ "
             "differ a little)")
def test_00_boundary_is_nearly_a_circle():
    w, b, _, _ = fitted(("x1_sq", "x2_sq"))  # boundary w1 x1^2 + w2 x2^2 + b = 0: semi-axes sqrt(b / -w_i)
    assert sorted(f"{np.sqrt(b / -wi):.2f}" for wi in w) == ["0.76", "0.78"]
    for seed in SEEDS:
        w, b, _, _ = fitted(("x1_sq", "x2_sq"), init_seed=seed)
        axes = np.sqrt(b / -w)
        assert axes.max() / axes.min() < 1.06, seed  # nearly round, whatever the start


@claim("00", "two bands along the lines $\\varphi_1 + \\varphi_2 = 1$ and $\\varphi_1 + \\varphi_2 = 0.25$ "
             "(the squared radii $1^2$ and $0.5^2$; the noise spreads them to 0.69–1.33 and 0.12–0.39, "
             "the ranges printed in section 3)")
def test_00_two_bands_in_feature_space():
    X, y = circles(0)
    r2 = X[:, 0] ** 2 + X[:, 1] ** 2  # = phi_1 + phi_2
    shown = [f"{r2[y == c].min():.2f}–{r2[y == c].max():.2f}" for c in (0, 1)]
    assert shown == ["0.69–1.33", "0.12–0.39"]
    for seed in SEEDS:
        X, y = circles(seed)
        r2 = X[:, 0] ** 2 + X[:, 1] ** 2
        assert abs(np.median(r2[y == 0]) - 1) < 0.03 and abs(np.median(r2[y == 1]) - 0.25) < 0.03, seed
        assert r2[y == 1].max() < r2[y == 0].min(), seed  # two bands, apart


# --- 4. the feature explorer ----------------------------------------------------------------------

@claim("00", "Four datasets, seven candidate features")
def test_00_four_datasets_seven_features():
    assert len(demo.DATASETS) == 4 and len(demo.FEATURES) == 7 and len(SUBSETS) == 127


@claim("00", "circles fall to $x_1^2, x_2^2$ (accuracy 1.000)")
def test_00_circles_fall_to_the_squares():
    ex = demo.FeatureToggleExplorer(features=("x1_sq", "x2_sq"))
    assert "train accuracy 1.000" in ex.ax.get_title()


@claim("00", "xor to $x_1 x_2$ alone (0.985: its sign is the label of the noise-free points, and the noise pushes 3 of "
             "the 200 across an axis)")
def test_00_xor_falls_to_the_product_up_to_three_points():
    ex = demo.FeatureToggleExplorer(dataset="xor", features=("x1x2",))
    assert "train accuracy 0.985" in ex.ax.get_title()
    clean, y_clean = ln.xor(n=200, noise=0.0, rng=0)  # same draws as the explorer's data, without the noise
    X, y = demo.classification_data("xor")
    assert np.array_equal(y, y_clean)
    assert np.all((clean[:, 0] * clean[:, 1] < 0) == (y == 1))  # the sign of x1 x2 is the label
    flipped = np.sign(X[:, 0] * X[:, 1]) != np.sign(clean[:, 0] * clean[:, 1])
    assert flipped.sum() == 3


@claim("00", "and xor, up to a few noisy points")
def test_00_objectives_xor_up_to_a_few_points():
    assert 0.98 <= accuracy_on("xor", ("x1x2",), 0) < 1.0


@claim("00", "Moons need a clever mix: the best of all 127 non-empty sets reaches 0.945")
def test_00_moons_best_of_all_sets():
    accuracies = sweep("moons")
    assert max(accuracies.values()) == 0.945


@claim("00", "for moons the best of all 127 sets")
def test_00_hand_picked_moons_set_is_the_best():
    accuracies = sweep("moons")
    assert accuracies[demo.HAND_PICKED["moons"]] == max(accuracies.values())
    assert demo.HAND_PICKED["circles"] == ("x1_sq", "x2_sq") and demo.HAND_PICKED["xor"] == ("x1x2",)
    assert demo.HAND_PICKED["spirals"] == tuple(demo.FEATURES)


@claim("00", "Spirals stay below 0.70 whatever you tick: the best of the 127 sets reaches 0.695, all seven 0.63")
def test_00_spirals_stay_below_seventy_percent():
    accuracies = sweep("spirals")
    assert max(accuracies.values()) == 0.695
    assert accuracies[tuple(demo.FEATURES)] == 0.63


@claim("00", "on other samples of the spirals, all seven features reach 0.615 to 0.705 over 5 samples")
def test_00_spirals_all_seven_over_samples():
    accuracies = [accuracy_on("spirals", tuple(demo.FEATURES), seed) for seed in SEEDS]
    assert min(accuracies) == 0.615 and max(accuracies) == 0.705


@claim("00", "With no feature ticked the model is a constant $b$, and the picture says so")
def test_00_no_feature_shows_a_constant():
    ex = demo.FeatureToggleExplorer(features=())
    assert ex.message.get_visible() and "constant $b$" in ex.message.get_text()


@claim("00", "The right hand-made features take circles to 1.000, xor to 0.985 and moons to 0.945 after 300 steps; "
             "for the spirals no set of them gets above 0.695")
def test_00_feature_sets_figure_accuracies():
    fig = demo.feature_sets_figure()
    titles = [ax.get_title().splitlines()[0] for ax in fig.axes]
    assert titles == ["circles: accuracy 1.000", "xor: accuracy 0.985", "moons: accuracy 0.945",
                      "spirals: accuracy 0.630"]
    assert max(sweep("spirals").values()) == 0.695


# --- 5. stacking two models -----------------------------------------------------------------------

X_LINE = np.linspace(-1, 1, 50)  # the notebook's data, y = x


def stacked_loss(W, w):
    return np.mean((w * (W * X_LINE) - X_LINE) ** 2)


@claim("00", "which gradient descent finds from any start (with a small enough step $\\eta$)")
def test_00_gradient_descent_on_the_parabola():
    curvature = 2 * np.mean(X_LINE ** 2)  # L(w) = mean(x^2) (w - 1)^2, L'' = 2 mean(x^2)
    for lr, converges in ((0.5 / curvature, True), (1.9 / curvature, True), (2.1 / curvature, False)):
        for w in (-100.0, -1.0, 0.0, 3.0, 100.0):
            start = w
            for _ in range(2000):
                w -= lr * 2 * np.mean((w * X_LINE - X_LINE) * X_LINE)
                if abs(w) > 1e6:
                    break
            assert (abs(w - 1) < 1e-8) == converges, (lr, start)


@claim("00", "a whole curve of minima ($wW = 1$) in two separate pieces, and a saddle at the origin where the gradient "
             "is zero but the loss is not minimal: gradient descent started at $W = w = 0$ never moves")
def test_00_stacked_minima_and_the_saddle():
    for W in np.r_[-np.geomspace(0.1, 10, 7), np.geomspace(0.1, 10, 7)]:
        assert stacked_loss(W, 1 / W) < 1e-24  # minima on both branches of wW = 1 (W < 0 and W > 0)
    assert stacked_loss(0.0, 0.0) > 0.3
    h = 1e-4  # second differences at the origin: L(t, t) curves up, L(t, -t) down: a saddle
    assert stacked_loss(h, h) + stacked_loss(-h, -h) - 2 * stacked_loss(0, 0) < 0
    assert stacked_loss(h, -h) + stacked_loss(-h, h) - 2 * stacked_loss(0, 0) > 0
    W = w = 0.0
    for _ in range(100):
        r = w * W * X_LINE - X_LINE
        W, w = W - 0.1 * np.mean(2 * r * w * X_LINE), w - 0.1 * np.mean(2 * r * W * X_LINE)
    assert W == 0.0 and w == 0.0


@claim("00", "The picture also depends only on the product $wW$")
def test_00_stacked_loss_depends_only_on_the_product():
    rng = np.random.default_rng(0)
    for W, w in rng.normal(size=(20, 2)) * 2:
        assert abs(stacked_loss(W, w) - stacked_loss(W * w, 1.0)) < 1e-12
        assert abs(stacked_loss(W, w) - np.mean(X_LINE ** 2) * (w * W - 1) ** 2) < 1e-12


# --- 6. a network learns its features --------------------------------------------------------------

@functools.cache
def network(seed=0):
    """(model, X, y) of section 6: the network trained on the spirals of ``seed``, starting from ``seed``."""
    X, y = demo.classification_data("spirals", rng=seed)
    return demo.fit_mlp_classifier(X, y, rng=seed), X, y


def best_single_threshold(H, y):
    """The best accuracy of "class 1 where one column of H is above (or below) a threshold"."""
    best = 0.0
    for h in H.T:
        for t in np.unique(h):
            hit = np.mean((h > t) == y)
            best = max(best, hit, 1 - hit)
    return best


@claim("00", "Section 4 left the spirals unsolved: the best hand-made set reached 0.695 after 300 steps, all seven "
             "0.94 after\n30 000")
def test_00_section_four_left_the_spirals_unsolved():
    assert max(sweep("spirals").values()) == 0.695
    accuracy, _ = long_fit("spirals", tuple(demo.FEATURES), 30_000)
    assert f"{accuracy:.2f}" == "0.94"


@claim("00", "Train accuracy 1.000 and a loss near 0, where the seven hand-made features got stuck at 0.94 and a loss "
             "of\n0.16")
def test_00_network_beats_the_seven_hand_made_features():
    model, X, y = network(0)
    assert ln.accuracy(model, X, y) == 1.0 and ln.BCEWithLogitsLoss().forward(model(X), y) < 0.01
    accuracy, loss = long_fit("spirals", tuple(demo.FEATURES), 30_000)
    assert abs(accuracy - 0.94) < 0.006 and f"{loss:.2f}" == "0.16"


@claim("00", "the network has 29 parameters ($7 \\times 2$ in $W$, 7 in $b$, 7 in $w$, 1 in $c$), the linear\n"
             "classifier 8")
def test_00_network_and_linear_classifier_parameter_counts():
    model, _, _ = network(0)
    assert [p.value.size for p in model.parameters()] == [7 * 2, 7, 7, 1]
    X, y = demo.classification_data("spirals")
    layer = demo.fit_linear_classifier(demo.feature_matrix(X, list(demo.FEATURES)), y, steps=1)
    assert sum(p.value.size for p in layer.parameters()) == 8


@claim("00", "But the loss of a stacked model is not convex (section 5)")
def test_00_network_loss_is_not_convex():
    # swapping two hidden units gives the same function, so the same loss: a second minimum. Halfway between
    # the two the loss is higher, which a convex loss never is
    model, X, y = network(0)
    loss_fn = ln.BCEWithLogitsLoss()
    trained = [p.value.copy() for p in model.parameters()]
    swap = [0, 1] + list(range(2, 7))
    swap[0], swap[1] = 1, 0
    W, b, w, c = trained
    swapped = [W[swap], b[swap], w[:, swap], c]
    twin = demo.fit_mlp_classifier(X, y, steps=1)
    for p, v in zip(twin.parameters(), swapped):
        p.value[...] = v
    assert abs(loss_fn.forward(twin(X), y) - loss_fn.forward(model(X), y)) < 1e-12
    for p, a, v in zip(twin.parameters(), trained, swapped):
        p.value[...] = (a + v) / 2
    midpoint = loss_fn.forward(twin(X), y)
    assert midpoint > 10 * loss_fn.forward(model(X), y)


@claim("00", "Over 5 seeds (each a new sample of the spirals and a new start) it did each time: train accuracy at\n"
             "least 0.995 (1.000 in 4 of the 5)")
def test_00_network_solves_the_spirals_over_seeds():
    accuracies = [ln.accuracy(*network(seed)) for seed in SEEDS]
    assert min(accuracies) >= 0.995 and sum(a == 1.0 for a in accuracies) == 4


@claim("00", "Each learned feature is a step across a straight line: $\\tanh(w_j^T x + b_j)$ is constant along every "
             "line\n$w_j^T x = \\text{const}$ and changes sign at the black one")
def test_00_each_learned_feature_is_a_step_across_a_line():
    model, X, _ = network(0)
    W, b = model.layers[0].W.value, model.layers[0].b.value
    H = demo.learned_features(model, X)
    np.testing.assert_allclose(H, np.tanh(X @ W.T + b), atol=1e-12)
    for j in range(7):  # moving x along the line w_j^T x = const leaves feature j unchanged
        along = np.array([-W[j, 1], W[j, 0]])
        moved = demo.learned_features(model, X + 0.3 * along)
        np.testing.assert_allclose(moved[:, j], H[:, j], atol=1e-12)
        assert np.array_equal(np.sign(H[:, j]), np.sign(X @ W[j] + b[j]))


@claim("00", "at 88 % of the (point,\nfeature) pairs $|\\tilde x_j| > 0.9$ (over 5 seeds at least three quarters)")
def test_00_learned_features_are_nearly_yes_no():
    model, X, _ = network(0)
    assert f"{np.mean(np.abs(demo.learned_features(model, X)) > 0.9):.0%}" == "88%"
    for seed in SEEDS:
        model, X, _ = network(seed)
        assert np.mean(np.abs(demo.learned_features(model, X)) > 0.9) >= 0.75, seed


@claim("00", "None follows an arm: alone, the best of the seven, with its best\nthreshold, classifies 70 % of the "
             "points (at most 72 % over 5 seeds), about what the best hand-made\nset reached (0.695)")
def test_00_no_single_learned_feature_separates_the_arms():
    model, X, y = network(0)
    assert f"{best_single_threshold(demo.learned_features(model, X), y):.0%}" == "70%"
    for seed in SEEDS:
        model, X, y = network(seed)
        assert best_single_threshold(demo.learned_features(model, X), y) <= 0.72, seed
    assert max(sweep("spirals").values()) == 0.695


@claim("00", "The boundary\non the left is the weighted sum $w^T \\tilde x + c = 0$ of seven steps")
def test_00_network_output_is_a_linear_model_on_the_learned_features():
    model, X, _ = network(0)
    w, c = model.layers[2].W.value[0], model.layers[2].b.value[0]
    np.testing.assert_allclose(model(X)[:, 0], demo.learned_features(model, X) @ w + c, atol=1e-12)


@claim("00", "The same linear classifier goes from 0.630 on the hand-made features to 1.000 on the learned ones (over "
             "5 seeds:\n0.615 to 0.705 on the hand-made ones, at least 0.99 on the learned ones)")
def test_00_same_classifier_on_learned_features_over_seeds():
    hand, learned = [], []
    for seed in SEEDS:
        model, X, y = network(seed)
        H = demo.learned_features(model, X)
        learned.append(ln.accuracy(demo.fit_linear_classifier(H, y), H, y))
        hand.append(accuracy_on("spirals", tuple(demo.FEATURES), seed))
    assert learned[0] == 1.0 and hand[0] == 0.63
    assert min(hand) == 0.615 and max(hand) == 0.705 and min(learned) >= 0.99


@claim("00", "One caution: $W$ and $b$ were fitted to these very labels")
def test_00_learned_features_depend_on_the_labels():
    # the same points with the labels swapped between the arms give other features: the labels chose them
    model, X, y = network(0)
    flipped = demo.fit_mlp_classifier(X, 1 - y, rng=0)
    assert np.abs(demo.learned_features(model, X) - demo.learned_features(flipped, X)).max() > 0.5


@claim("00", "Seven learned features $\\tilde x = \\tanh(Wx + b)$,\n  each a step across a line placed by training, "
             "let the same linear classifier separate the spirals")
def test_00_takeaway_learned_features_separate_the_spirals():
    model, X, y = network(0)
    H = demo.learned_features(model, X)
    assert H.shape == (200, 7) and ln.accuracy(demo.fit_linear_classifier(H, y), H, y) == 1.0


# --- takeaway and check yourself ---------------------------------------------------------------------

@claim("00", "too many features overfit, and for the spirals none of the obvious ones separate the classes (all "
             "seven together: 0.94 after 30 000 steps, the loss stuck above 0)")
def test_00_takeaway_overfit_and_spirals():
    _, test = curves("sin", 0.15, 0)
    assert test[at(15)] > 100 * test.min()
    accuracy, loss = long_fit("spirals", tuple(demo.FEATURES), 30_000)
    assert abs(accuracy - 0.94) < 0.006 and loss > 0.15  # the smallest loss of any subset: no subset separates


@functools.cache
def long_fit(dataset, names, steps):
    """(accuracy, loss) of the explorer's classifier trained for ``steps`` instead of 300."""
    X, y = demo.classification_data(dataset)
    Phi = demo.feature_matrix(X, list(names))
    layer = demo.fit_linear_classifier(Phi, y, steps=steps)
    return ln.accuracy(layer, Phi, y), float(ln.BCEWithLogitsLoss().forward(layer(Phi), y))


@claim("00", "But 300 steps are where the explorer stops, not what the\nfeatures can do")
def test_00_longer_training_beats_the_explorers_300_steps():
    moons, spirals = demo.HAND_PICKED["moons"], tuple(demo.FEATURES)
    assert long_fit("moons", moons, 10_000)[0] > long_fit("moons", moons, 300)[0]
    assert long_fit("spirals", spirals, 30_000)[0] > long_fit("spirals", spirals, 300)[0] + 0.2


@claim("00", "The moons' five features do separate them, once trained long enough (1.000, and the loss still falls)")
def test_00_the_moons_five_features_separate_them():
    names = demo.HAND_PICKED["moons"]
    assert len(names) == 5 and long_fit("moons", names, 10_000)[0] == 1.0
    assert long_fit("moons", names, 10_000)[1] < long_fit("moons", names, 300)[1] / 10


@claim("00", "The spirals with all seven features climb to\n0.94 and no further: from 20 000 to 30 000 steps the loss "
             "hardly moves, and it settles at about 0.16, not 0")
def test_00_the_spirals_loss_settles_above_zero():
    names = tuple(demo.FEATURES)
    (a20, l20), (a30, l30) = long_fit("spirals", names, 20_000), long_fit("spirals", names, 30_000)
    assert abs(a20 - 0.94) < 0.006 and abs(a30 - 0.94) < 0.006
    assert 0 <= l20 - l30 < 0.01 * l30 and 0.15 < l30 < 0.17


@claim("00", "The squared error $\\lVert \\Phi w - y \\rVert^2$ is then a convex quadratic in $w$")
def test_00_squared_error_is_a_convex_quadratic():
    X_train, _, _, _ = demo.regression_split("sin", 0.15, rng=0)
    Phi = ln.polynomial_features(X_train, 9, include_bias=True)
    hessian = 2 * Phi.T @ Phi
    assert np.linalg.eigvalsh(hessian).min() > -1e-9 * np.linalg.eigvalsh(hessian).max()


@claim("00", "In the degree explorer the training error never goes up as $p$ grows, but the test error does")
def test_00_check_yourself_training_error_never_goes_up():
    ex = demo.PolynomialDegreeExplorer()
    train, test = ex.train_curve.get_ydata(), ex.test_curve.get_ydata()
    assert np.all(np.diff(train) <= 1e-12) and np.any(np.diff(test) > 0)


@claim("00", "for a corner or a jump, on matching it exactly, which can make the curve shoot off beyond the outermost "
             "training points even without noise: it did in each of the 5 samples of the explorer section")
def test_00_check_yourself_corners_shoot_off_without_noise():
    for target in ("abs", "step", "sawtooth"):
        _, test = curves(target, 0.0, 0)
        mse_between, n_between, beyond, _, _ = split_errors(target, 0.0, 15)
        assert test[at(15)] > 10 * test.min() and beyond.sum() > 0.99 * (beyond.sum() + mse_between * n_between)
        for seed in SEEDS:  # in each sample, degree 15 ends above the best degree
            _, test = curves(target, 0.0, seed)
            assert test[at(15)] > test.min()


@claim("00", "$\\partial L / \\partial w = \\frac{2}{N}\\sum_i (w W x_i - y_i)\\, W x_i$ is zero when $W = 0$")
def test_00_check_yourself_gradients_of_the_stacked_loss():
    rng = np.random.default_rng(1)
    h = 1e-6
    for W, w in rng.normal(size=(5, 2)):
        r = w * W * X_LINE - X_LINE
        dw, dW = np.mean(2 * r * W * X_LINE), np.mean(2 * r * w * X_LINE)
        assert abs(dw - (stacked_loss(W, w + h) - stacked_loss(W, w - h)) / (2 * h)) < 1e-6
        assert abs(dW - (stacked_loss(W + h, w) - stacked_loss(W - h, w)) / (2 * h)) < 1e-6
    assert np.mean(2 * (0.7 * 0 * X_LINE - X_LINE) * 0 * X_LINE) == 0  # dL/dw at W = 0
    assert np.mean(2 * (0 * 0.7 * X_LINE - X_LINE) * 0 * X_LINE) == 0  # dL/dW at w = 0


@claim("00", "no weighting of them that Adam found separates the arms (after 30 000 steps the loss settles at\n"
             "   about 0.16, not 0)")
def test_00_check_yourself_no_weighting_of_the_hand_made_features_separates():
    names = tuple(demo.FEATURES)
    losses = [long_fit("spirals", names, steps)[1] for steps in (10_000, 20_000, 30_000)]
    assert losses[0] > losses[1] > losses[2] > 0.15  # still falling, barely: it settles above 0
    assert losses[1] - losses[2] < 0.01 * losses[2] and f"{losses[2]:.2f}" == "0.16"
    assert long_fit("spirals", names, 30_000)[0] < 1  # and some points stay on the wrong side
