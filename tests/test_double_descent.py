"""Random-features regression: the closed-form fits against numpy's lstsq, the nested sweep
against fitting each width alone, and the shape of the curve (a peak at p = n)."""

import numpy as np
import pytest

from lecture_nn import double_descent as dd


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
    with pytest.raises(ValueError, match="ridge must be >= 0"):
        dd.fit_min_norm(np.ones((3, 2)), np.ones(3), ridge=-1)
    with pytest.raises(ValueError, match="widths must increase"):
        dd.sweep(np.ones((3, 4)), np.ones(3), np.ones((2, 4)), np.ones(2), [3, 2])
    with pytest.raises(ValueError, match="noise must be a finite number >= 0"):
        dd.teacher_data(10, noise=-1)
