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


# --- a NaN never agrees; odd arguments get our words ----------------------------------------------------

@pytest.mark.parametrize("a, b, message", [
    ([[np.nan, 1.0]], [[1.0, 1.0]], r"rel_error: a has nan at index \(0, 0\)"),
    ([[1.0, 1.0]], [[1.0, -np.inf]], r"rel_error: b has -inf at index \(0, 1\)"),
    ([np.nan], [np.nan], r"rel_error: a has nan at index \(0,\)"),
])
def test_rel_error_refuses_nan_and_inf_naming_the_argument_and_the_index(a, b, message):
    # it used to return 0.0 here: "agreement" with a gradient that is NaN
    with pytest.raises(ln.InputError, match=message):
        rel_error(a, b)


def test_rel_error_of_values_near_the_float64_limit_is_a_number():
    assert rel_error([1e308, -1e308], [1e308, -1e308]) == 0.0
    assert rel_error([1e308, -1e308], [-1e308, 1e308]) == pytest.approx(1.0)
    with pytest.raises(ln.InputError, match="rel_error: a must hold real numbers, got complex values"):
        rel_error(np.array([1 + 1j]), [1.0])


class NaNBackward(ln.Activation):
    """tanh whose backward writes a NaN: dividing by a zero that should not be there."""

    def _backward(self, dA):
        dZ = dA * (1 - self._cache[1] ** 2)
        dZ[0, 0] = np.nan
        return dZ


def test_check_gradients_never_passes_a_backward_that_writes_nan():
    rng = np.random.default_rng(0)
    model = ln.Sequential(ln.Dense(2, 3, rng=rng), NaNBackward("tanh"), ln.Dense(3, 1, rng=rng))
    X, y = rng.standard_normal((4, 2)), rng.standard_normal((4, 1))
    with pytest.raises(ln.InputError, match=r"check_gradients: Dense1\.W has nan at index \(0, 0\) in its gradient "
                                            r"from model\.backward, so it cannot agree"):
        check_gradients(model, ln.MSELoss(), X, y)


@pytest.mark.parametrize("change, message", [
    (dict(h=0), r"h \(the central-difference step\) must be a number in \(0, 1\], got 0"),
    (dict(h=-1e-5), r"h \(the central-difference step\) must be a number in \(0, 1\], got -1e-05"),
    (dict(h=float("nan")), r"h \(the central-difference step\) must be a number in \(0, 1\], got nan"),
    (dict(tol=0), r"tol must be a number in \(0, 1\), got 0"),
    (dict(tol=float("nan")), r"tol must be a number in \(0, 1\), got nan"),
    (dict(tol="1e-7"), r"tol must be a number in \(0, 1\) \(without quotes\), got the string '1e-7'"),
    (dict(model=ln.Sequential), r"check_gradients: model must be a network, got the class Sequential itself"),
    (dict(model="mlp"), r"check_gradients: model must be a network such as mlp\(\[2, 16, 1\], rng=0\)"),
    (dict(loss_fn=ln.MSELoss), r"loss_fn must be a loss object.*got the class MSELoss; "
                               r"write MSELoss\(\) with parentheses"),
    (dict(loss_fn="mse"), r"loss_fn must be a loss object"),
    (dict(y=np.zeros((3, 1))), r"check_gradients expects y with the same N as X: X has N = 5, y has shape \(3, 1\)"),
    (dict(y=np.zeros((5, 2))), r"check_gradients: y does not fit the model's output \(N, d_out\) = \(5, 1\)"),
    (dict(X=np.zeros((5, 3))), r"expects X of shape \(N, 2\), got \(5, 3\)"),
])
def test_check_gradients_names_the_argument_it_cannot_use(change, message):
    rng = np.random.default_rng(0)
    arguments = dict(model=ln.mlp([2, 4, 1], rng=0), loss_fn=ln.MSELoss(), X=rng.standard_normal((5, 2)),
                     y=rng.standard_normal((5, 1)))
    arguments.update(change)
    with pytest.raises(ln.InputError, match=message):
        check_gradients(**arguments)


def test_check_gradients_refuses_nan_weights_naming_the_parameter():
    model = ln.mlp([2, 4, 1], rng=0)
    model[2].W.value[0, 1] = np.inf
    with pytest.raises(ln.InputError, match=r"check_gradients: model parameter Dense2\.W has inf at index \(0, 1\)"):
        check_gradients(model, ln.MSELoss(), np.ones((3, 2)), np.zeros(3))


def test_check_gradients_says_when_rounding_hides_the_answer_instead_of_blaming_backward():
    # a loss of ~1e199: moving a bias by h = 1e-5 changes it by less than its own rounding
    rng = np.random.default_rng(0)
    report = check_gradients(ln.mlp([2, 3, 1], rng=0), ln.MSELoss(), np.full((4, 2), 1e100), rng.standard_normal(4))
    assert not report.passed
    assert "WRONG" not in str(report) and "can't tell: rounding alone" in str(report)
    assert "rounding hides whether the gradients agree" in str(report)


def test_numerical_gradient_of_a_view_moves_the_array_f_reads():
    # x.reshape(-1) of a non-contiguous view is a copy: perturbing it would leave f unmoved (gradient 0)
    base = np.array([[1.0, 5.0, -2.0, 7.0], [0.5, 1.0, 3.0, 2.0]])
    x = base[:, :3]  # strides (32, 8): no flat view exists
    grad = numerical_gradient(lambda _: np.sum(base ** 2), x)
    assert np.allclose(grad, 2 * x)
    assert base.tolist() == [[1.0, 5.0, -2.0, 7.0], [0.5, 1.0, 3.0, 2.0]]


def test_numerical_gradient_refuses_what_it_cannot_differentiate_and_restores_x():
    x = np.array([1.0, 2.0])
    with pytest.raises(ln.InputError, match=r"f returned inf at x with x\[1\] moved by \+h"):
        numerical_gradient(lambda v: np.inf if v[1] > 2 else np.sum(v), x)
    with pytest.raises(ln.InputError, match=r"f\(x\) raised ZeroDivisionError"):
        numerical_gradient(lambda v: 1 / 0, x)
    with pytest.raises(ln.InputError, match=r"f must return a number \(the loss\), got an array of shape \(2,\)"):
        numerical_gradient(lambda v: v * 2, x)
    with pytest.raises(ln.InputError, match=r"h = 1e-05 is lost in the rounding of x\[0\] = 1e\+20"):
        numerical_gradient(np.sum, np.array([1e20]))
    with pytest.raises(ln.InputError, match="f must be a function of x"):
        numerical_gradient("sum", x)
    assert x.tolist() == [1.0, 2.0]  # restored after every failure
