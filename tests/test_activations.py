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
    assert act.SLIDE_ACTIVATIONS == tuple(SLIDE_FIVE)  # in the slide's order: the one list every figure uses
    assert set(act.ACTIVATION_LABELS) == set(NAMES) and act.ACTIVATION_LABELS["relu"] == "ReLU"


def test_each_entry_names_its_parts_and_still_unpacks_as_a_tuple():
    for name, spec in ln.ACTIVATIONS.items():
        assert isinstance(spec, act.ActivationSpec) and ln.get_activation(name.upper()) is spec
        g, g_prime, defaults, relu_like = spec  # notebook 02 unpacks it by position
        assert (g, g_prime, defaults, relu_like) == (spec.function, spec.derivative, spec.defaults, spec.relu_like)
        assert spec.function.__name__ == name and spec.derivative.__name__ == f"{name}_derivative"
    assert ln.ACTIVATIONS["elu"].defaults == {"alpha": 1.0}
    assert ln.ACTIVATIONS["leaky_relu"].defaults == {"negative_slope": 0.01}
    # He initialisation for the relu-like ones, Glorot for the others
    assert [n for n, spec in ln.ACTIVATIONS.items() if spec.relu_like] == ["relu", "elu", "softplus", "leaky_relu"]


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


# --- odd input: a result that is right, or our error naming x, gx, alpha or name -------------------

@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("x, what", [("3", "the string '3'"), (None, "None"), (np.array(["1.5"]), "strings"),
                                     (np.array([1 + 2j]), "complex numbers")])
def test_strings_none_and_complex_x_are_refused_not_converted(name, x, what):
    # relu("3") used to return 3.0, and a complex x lost its imaginary part without a word
    g, g_prime, _, _ = ln.get_activation(name)
    for fn in (g, g_prime):
        with pytest.raises(ln.InputError, match=rf"{fn.__name__}: x must be a number or an array of numbers, "
                                                rf"got {what}"):
            fn(x)


@pytest.mark.parametrize("name", NAMES)
def test_nan_in_gives_nan_out_and_inf_gives_the_limit(name):
    # relu'(nan) used to be 0, leaky_relu'(nan) the slope and identity'(nan) 1: a NaN became a number
    g, g_prime, params, _ = ln.get_activation(name)
    x = np.array([np.nan, 0.5, -np.inf, np.inf])
    for fn in (g, g_prime):
        out = fn(x, **params)
        assert np.isnan(out[0]) and np.isfinite(out[1]), (fn.__name__, out)
        assert not np.isnan(out[2:]).any(), (fn.__name__, out)
    assert act.sigmoid(x[2:]).tolist() == [0.0, 1.0] and act.relu(x[2:]).tolist() == [0.0, np.inf]


def test_gx_must_be_g_of_this_x():
    # sigmoid_derivative(0, gx=0) used to return 0 instead of 1/4, and a gx of another shape
    # broadcast into a result of the wrong shape
    x = np.array([-1.0, 0.0, 2.0])
    assert np.allclose(act.sigmoid_derivative(x, act.sigmoid(x)), act.sigmoid_derivative(x), rtol=1e-15)
    with pytest.raises(ln.InputError, match=r"sigmoid_derivative: gx must be sigmoid\(x\) .*at index \(1,\) "
                                            r"x = 0, sigmoid\(x\) = 0.5, got gx = 0"):
        act.sigmoid_derivative(x, gx=np.array([act.sigmoid(-1.0), 0.0, act.sigmoid(2.0)]))
    with pytest.raises(ln.InputError, match=r"elu_derivative: gx must be elu\(x, alpha=1\) .*of x's shape \(\), "
                                            r"got shape \(3,\)"):
        act.elu_derivative(-0.5, gx=np.zeros(3))
    with pytest.raises(ln.InputError, match=r"gx must be elu\(x, alpha=0.5\)"):
        act.elu_derivative(x, gx=act.elu(x), alpha=0.5)  # g(x) of the default alpha, not of this one
    # computed in float32, gx is still g(x): it passes, and the derivative is the exact one
    assert np.allclose(act.tanh_derivative(x, act.tanh(x).astype(np.float32)), act.tanh_derivative(x), rtol=1e-15)


@pytest.mark.parametrize("alpha", [np.nan, np.inf, "1", None, [1.0, 2.0], True])
def test_activation_parameters_must_be_one_finite_number(alpha):
    # elu(x, alpha=nan) used to return NaN, and alpha=[1, 2] broadcast against x
    with pytest.raises(ln.InputError, match="elu: alpha must be a finite number"):
        act.elu(np.array([-1.0, 1.0]), alpha=alpha)
    with pytest.raises(ln.InputError, match="leaky_relu_derivative: negative_slope must be a finite number"):
        act.leaky_relu_derivative(np.array([-1.0, 1.0]), negative_slope=alpha)
    with pytest.raises(ln.InputError, match=r"Activation\(name='elu'\): alpha must be a finite number"):
        ln.Activation("elu", alpha=alpha)


def test_activation_names_ignore_case_and_other_objects_are_named():
    assert ln.get_activation("ReLU")[0] is act.relu and ln.Activation("TANH").name == "tanh"
    assert ln.mlp([2, 3, 1], "Sigmoid", rng=0)[1].name == "sigmoid"
    with pytest.raises(ln.InputError, match=r"mlp: activation: unknown activation 'sigmod'.*Did you mean 'sigmoid'"):
        ln.mlp([2, 3, 1], "sigmod")
    with pytest.raises(ln.InputError, match=r"Activation: name must be the name of an activation.*write the name "
                                            r"'tanh', a string"):
        ln.Activation(np.tanh)
