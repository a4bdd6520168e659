"""Activations: values on the slide's formulas, derivatives against central differences,
safety for large |x|, and the error for an unknown name."""

import warnings

import numpy as np
import pytest

import lecture_nn as ln
from lecture_nn import activations as act
from lecture_nn.gradcheck import rel_error

NAMES = list(ln.ACTIVATIONS)
SLIDE_FIVE = ["relu", "elu", "softplus", "sigmoid", "tanh"]


def test_the_slides_five_are_all_there():
    assert set(SLIDE_FIVE) <= set(NAMES)


def points_away_from_kinks(rng, n=200):
    # relu, leaky_relu and elu have a kink (or a jump of g'') at 0: keep |x| > 1e-3
    x = rng.uniform(-6, 6, n)
    return x[np.abs(x) > 1e-3]


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_difference(name):
    g, g_prime, params, _ = ln.get_activation(name)
    x = points_away_from_kinks(np.random.default_rng(0))
    h = 1e-6
    numeric = (g(x + h, **params) - g(x - h, **params)) / (2 * h)
    assert rel_error(g_prime(x, **params), numeric) < 1e-7
    # the shortcut through an already computed g(x) gives the same derivative
    assert np.allclose(g_prime(x, g(x, **params), **params), g_prime(x, **params), rtol=1e-12, atol=0)


@pytest.mark.parametrize("alpha", [0.1, 1.0, 2.5])
def test_elu_derivative_with_alpha(alpha):
    x = points_away_from_kinks(np.random.default_rng(1))
    h = 1e-6
    numeric = (act.elu(x + h, alpha) - act.elu(x - h, alpha)) / (2 * h)
    assert rel_error(act.elu_derivative(x, alpha=alpha), numeric) < 1e-7


def test_values_follow_the_slides_formulas():
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    assert np.array_equal(act.relu(x), [0, 0, 0, 0.5, 2])
    assert np.allclose(act.elu(x), [np.exp(-2) - 1, np.exp(-0.5) - 1, 0, 0.5, 2])
    assert np.allclose(act.softplus(x), np.log(1 + np.exp(x)))
    assert np.allclose(act.sigmoid(x), 1 / (1 + np.exp(-x)))
    assert np.allclose(act.tanh(x), (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x)))
    assert np.allclose(act.leaky_relu(x), [-0.02, -0.005, 0, 0.5, 2])
    assert np.array_equal(act.identity(x), x)


def test_derivatives_at_the_kink_follow_torch():
    assert act.relu_derivative(np.array([0.0]))[0] == 0.0
    assert act.leaky_relu_derivative(np.array([0.0]))[0] == 0.01
    assert act.elu_derivative(np.array([0.0]))[0] == 1.0  # slide: x >= 0 is the x branch


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", NAMES)
def test_large_inputs_give_no_overflow_nan_or_warning(name, dtype):
    g, g_prime, params, _ = ln.get_activation(name)
    x = np.array([-1e3, -750.0, -100.0, 0.0, 100.0, 750.0, 1e3], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning fails the test
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            y, dy = g(x, **params), g_prime(x, **params)
    assert np.isfinite(y).all() and np.isfinite(dy).all()
    assert y.dtype == dtype and dy.dtype == dtype


def test_saturated_values_are_exact_limits():
    x = np.array([-1e3, 1e3])
    assert np.array_equal(act.sigmoid(x), [0.0, 1.0])
    assert np.array_equal(act.softplus(x), [0.0, 1e3])
    assert np.array_equal(act.elu(x), [-1.0, 1e3])
    assert np.array_equal(act.sigmoid_derivative(x), [0.0, 0.0])


def test_sigmoid_keeps_relative_precision_in_the_tail():
    # 1/(1+e^40) = 4.248e-18; a naive 0.5 + 0.5 tanh(x/2) would round it to 0
    assert act.sigmoid(np.array([-40.0]))[0] == pytest.approx(np.exp(-40) / (1 + np.exp(-40)), rel=1e-14)


def test_integer_and_list_inputs_are_accepted():
    assert act.relu([-1, 2]).dtype == np.float64
    assert np.allclose(act.sigmoid([0, 0]), [0.5, 0.5])


def test_unknown_activation_names_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown activation 'rleu'.*'relu'.*Did you mean 'relu'"):
        ln.get_activation("rleu")
    with pytest.raises(ValueError, match="unknown activation"):
        ln.Activation("swish")
    with pytest.raises(ValueError, match="unknown activation"):
        ln.mlp([2, 3, 1], activation="gelu")
