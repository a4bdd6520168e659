"""Gradient checking: the central difference itself, the error measure, and a report that
finds a broken backward."""

import numpy as np
import pytest

import lecture_nn as ln
from lecture_nn import check_gradients, numerical_gradient, rel_error


def test_numerical_gradient_of_a_known_function():
    # f(x) = sum(x^3) has gradient 3 x^2; the central difference error is h^2 * f'''/6 = 1e-10
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = numerical_gradient(lambda v: np.sum(v ** 3), x)
    assert np.allclose(grad, 3 * x ** 2, rtol=1e-9)
    assert x.tolist() == [[1.0, -2.0], [0.5, 3.0]]  # restored after the perturbations


def test_numerical_gradient_needs_float64():
    with pytest.raises(ValueError, match="needs float64"):
        numerical_gradient(np.sum, np.ones(3, dtype=np.float32))
    with pytest.raises(ValueError, match="expects a float numpy array"):
        numerical_gradient(np.sum, [1.0, 2.0])


def test_rel_error():
    assert rel_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert rel_error([0.0], [0.0]) == 0.0
    # largest difference 0.5, largest entries 2 and 2.5: 0.5 / 4.5
    assert rel_error([1.0, 2.0], [1.0, 2.5]) == pytest.approx(0.5 / 4.5)
    # a tiny entry with rounding noise does not dominate the measure
    assert rel_error([1.0, 1e-9], [1.0, 1e-9 + 1e-12]) < 1e-12
    with pytest.raises(ValueError, match=r"one shape, got \(2,\) and \(3,\)"):
        rel_error([1.0, 2.0], [1.0, 2.0, 3.0])


def test_check_gradients_passes_a_correct_model_and_reports_each_parameter():
    rng = np.random.default_rng(0)
    X, y = ln.regression_1d("sin", 20, rng=rng)
    report = check_gradients(ln.mlp([1, 8, 1], "tanh", rng=rng), ln.MSELoss(), X, y)
    assert list(report) == ["Dense1.W", "Dense1.b", "Dense2.W", "Dense2.b"]
    assert report.passed and report.max_error < 1e-8
    text = str(report)
    assert "Dense1.W" in text and "all gradients agree (tolerance 1e-07)" in text


def test_check_gradients_finds_a_broken_backward():
    class ForgotTheDerivative(ln.Activation):
        """tanh whose backward forgets g'(Z): a classic mistake."""

        def _backward(self, dA):
            return dA

    rng = np.random.default_rng(0)
    model = ln.Sequential(ln.Dense(2, 5, rng=rng), ForgotTheDerivative("tanh"), ln.Dense(5, 1, rng=rng))
    X, y = ln.moons(20, rng=rng)
    report = check_gradients(model, ln.BCEWithLogitsLoss(), X, y)
    assert not report.passed
    assert report["Dense1.W"] > 1e-2 and report["Dense2.W"] < 1e-8  # the layer after is fine
    assert "WRONG? check this gradient" in str(report) and "some gradients disagree" in str(report)


def test_check_gradients_leaves_the_parameters_untouched():
    rng = np.random.default_rng(0)
    model = ln.mlp([2, 4, 1], rng=rng)
    before = [p.value.copy() for p in model.parameters()]
    check_gradients(model, ln.MSELoss(), rng.standard_normal((5, 2)), rng.standard_normal((5, 1)))
    assert all(np.array_equal(b, p.value) for b, p in zip(before, model.parameters()))


def test_check_gradients_refuses_float32():
    model = ln.mlp([2, 3, 1], rng=0, dtype=np.float32)
    with pytest.raises(ValueError, match="needs a float64 model, parameter Dense1.W is float32"):
        check_gradients(model, ln.MSELoss(), np.ones((2, 2)), np.ones((2, 1)))
