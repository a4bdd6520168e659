"""Random-features regression: the closed-form fits against numpy's lstsq, the nested sweep
against fitting each width alone, and the shape of the curve (a peak at p = n)."""

import numpy as np
import pytest

from lecture_nn import double_descent as dd
from lecture_nn.errors import InputError


@pytest.fixture(scope="module")
def data():
    X, y, X_test, y_test = dd.teacher_data(40, d=5, noise=0.3, rng=0, n_test=200)
    features = dd.RandomReLUFeatures(5, 120, rng=1)
    return features.transform(X), y, features.transform(X_test), y_test


def near_threshold(p, n=40):
    # the normal equations square the condition number, which explodes as p nears n: there the
    # fast solve and lstsq (an SVD) agree only on the fit, not on every digit of the weights
    return abs(p - n) <= n // 10


@pytest.mark.parametrize("p", [5, 20, 39, 60, 120])
def test_min_norm_fit_equals_lstsq(data, p):
    Phi, y, _, _ = data
    a = dd.fit_min_norm(Phi[:, :p], y)
    reference = np.linalg.lstsq(Phi[:, :p], y, rcond=None)[0]  # minimum norm for p > n too
    if near_threshold(p):
        assert np.allclose(Phi[:, :p] @ a, Phi[:, :p] @ reference, atol=0.05)
    else:
        assert np.allclose(a, reference, rtol=1e-6, atol=1e-8)
    if p > 40:
        assert np.allclose(Phi[:, :p] @ a, y, atol=1e-8)  # over-parameterized: interpolates


def test_ridge_fit_solves_the_regularized_problem(data):
    Phi, y, _, _ = data
    lam = 0.1
    for p in (20, 80):
        a = dd.fit_min_norm(Phi[:, :p], y, ridge=lam)
        gradient = Phi[:, :p].T @ (Phi[:, :p] @ a - y) + lam * a  # zero at the ridge minimum
        assert np.abs(gradient).max() < 1e-10


def test_sweep_equals_fitting_each_width_alone(data):
    Phi, y, Phi_test, y_test = data
    widths = [3, 10, 30, 40, 55, 90, 120]
    train, test = dd.sweep(Phi, y, Phi_test, y_test, widths)
    for k, p in enumerate(widths):
        a = np.linalg.lstsq(Phi[:, :p], y, rcond=None)[0]
        train_ref = np.mean((Phi[:, :p] @ a - y) ** 2)
        test_ref = np.mean((Phi_test[:, :p] @ a - y_test) ** 2)
        if near_threshold(p):
            assert train[k] == pytest.approx(train_ref, abs=1e-2) and test[k] == pytest.approx(test_ref, rel=0.25)
        else:
            assert train[k] == pytest.approx(train_ref, rel=1e-5, abs=1e-12)
            assert test[k] == pytest.approx(test_ref, rel=1e-5)


def test_the_test_error_peaks_at_the_interpolation_threshold():
    curve = dd.random_features_curve(n=100, noise=0.5, seed=0, n_test=500)
    peak = curve["ratios"][np.argmax(curve["test"])]
    assert peak == pytest.approx(1.0, abs=0.1)
    assert curve["test"][-1] < curve["test"].max() / 5  # and descends again
    assert np.all(curve["train"][curve["ratios"] > 1] < 1e-8)  # interpolation past p = n


def test_ridge_removes_the_peak():
    plain = dd.random_features_curve(n=100, noise=0.5, seed=0, n_test=500)
    ridge = dd.random_features_curve(n=100, noise=0.5, seed=0, n_test=500, ridge=0.1)
    assert ridge["test"].max() < plain["test"].max() / 5


def test_plain_linear_regression_shows_it_too():
    curve = dd.linear_regression_curve(n=50, D=150, seed=0, n_test=500)
    assert curve["ratios"][np.argmax(curve["test"])] == pytest.approx(1.0, abs=0.1)


def test_bad_input():
    with pytest.raises(ValueError, match="ridge must be a number >= 0, got -1"):
        dd.fit_min_norm(np.ones((3, 2)), np.ones(3), ridge=-1)
    with pytest.raises(ValueError, match="widths must increase"):
        dd.sweep(np.ones((3, 4)), np.ones(3), np.ones((2, 4)), np.ones(2), [3, 2])
    with pytest.raises(ValueError, match="noise must be a number >= 0, got -1"):
        dd.teacher_data(10, noise=-1)


# --- odd input: a clear error naming the argument, never a silent answer -------------------------

def test_sweep_refuses_a_negative_ridge():
    Phi, y = np.random.default_rng(0).standard_normal((6, 10)), np.arange(6.0)
    with pytest.raises(InputError, match=r"sweep: ridge must be a number >= 0, got -1"):
        dd.sweep(Phi, y, Phi, y, [2, 4, 8], ridge=-1)
    with pytest.raises(InputError, match=r"random_features_curve: ridge must be a number >= 0, got -0.5"):
        dd.random_features_curve(n=10, ridge=-0.5)


def test_transform_refuses_more_features_than_units():
    features = dd.RandomReLUFeatures(3, 50, rng=0)
    X = np.ones((4, 3))
    with pytest.raises(InputError, match=r"transform: p = 1000 features asked for, but there are only "
                                         r"p_max = 50 units; p must be in \[1, 50\]"):
        features.transform(X, p=1000)
    assert features.transform(X, p=50).shape == (4, 50)
    with pytest.raises(InputError, match=r"RandomReLUFeatures\(d=3, p_max=50\).transform expects X of shape \(N, 3\), "
                                         r"got \(4, 2\)"):
        features.transform(np.ones((4, 2)))


def test_mismatched_shapes_are_named():
    Phi = np.ones((6, 4))
    with pytest.raises(InputError, match=r"fit_min_norm: y must hold one target per row of Phi, shape \(6,\) "
                                         r"or \(6, k\), got shape \(5,\)"):
        dd.fit_min_norm(Phi, np.ones(5))
    with pytest.raises(InputError, match=r"fit_min_norm: Phi must be a 2-D array, got shape \(24,\)"):
        dd.fit_min_norm(Phi.ravel(), np.ones(6))
    with pytest.raises(InputError, match=r"sweep: Phi_test must hold the same P = 4 feature columns as Phi, "
                                         r"got shape \(2, 3\)"):
        dd.sweep(Phi, np.ones(6), np.ones((2, 3)), np.ones(2), [1, 2])
    with pytest.raises(InputError, match=r"sweep: y_test must hold one target per row of Phi_test, shape \(2,\)"):
        dd.sweep(Phi, np.ones(6), np.ones((2, 4)), np.ones(3), [1, 2])


def test_widths_must_be_a_non_empty_increasing_list_within_the_columns():
    Phi, y = np.random.default_rng(0).standard_normal((6, 4)), np.arange(6.0)
    with pytest.raises(InputError, match=r"sweep: widths must hold at least 1 integer\(s\) >= 1, got \[\]"):
        dd.sweep(Phi, y, Phi, y, [])
    with pytest.raises(InputError, match=r"widths must increase from >= 1 to <= 4 features.*got \[1, 5\]"):
        dd.sweep(Phi, y, Phi, y, [1, 5])
    with pytest.raises(InputError, match=r"widths\[1\] must be an integer >= 1 \(write 2, not 2.0\)"):
        dd.sweep(Phi, y, Phi, y, [1, 2.0])  # was truncated silently (2.7 became 2)


def test_seeds_and_sizes_of_the_curves_are_checked():
    with pytest.raises(InputError, match=r"random_features_curve: seed must be an integer >= 0 \(the run is "
                                         r"repeatable only with a fixed seed\), got None"):
        dd.random_features_curve(n=10, seed=None)
    with pytest.raises(InputError, match=r"linear_regression_curve: seed must be an integer >= 0.*got None"):
        dd.linear_regression_curve(n=10, D=20, seed=None)
    with pytest.raises(InputError, match=r"teacher_data: n must be an integer >= 1 \(without quotes\), "
                                         r"got the string '10'"):
        dd.teacher_data("10")
    with pytest.raises(InputError, match=r"teacher_data: d must be an integer >= 1, got 0"):
        dd.teacher_data(10, d=0)
    with pytest.raises(InputError, match=r"max_ratio \* n = 0.01 \* 10 rounds to p_max = 0 features"):
        dd.random_features_curve(n=10, max_ratio=0.01)
    small = dd.random_features_curve(n=20, d=3, max_ratio=0.5, n_widths=5, n_test=50)
    assert small["widths"].max() == 10  # p = n lies beyond p_max = 10: the curve stops there


def test_noise_that_overflows_is_said():
    with pytest.raises(InputError, match=r"random_features_curve: the result overflows to inf/NaN; "
                                         r"noise = 1e\+200 is too large"):
        dd.random_features_curve(n=10, d=3, noise=1e200, n_widths=5, n_test=20)
