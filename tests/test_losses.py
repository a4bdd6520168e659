"""Losses: values worked by hand and equal to torch's mean-reduction definitions, gradients
against central differences, stability for huge logits, and errors for bad targets."""

import numpy as np
import pytest

import lecture_nn as ln
from lecture_nn import BCEWithLogitsLoss, CrossEntropyLoss, MSELoss
from lecture_nn.gradcheck import numerical_gradient, rel_error


def make_case(loss_fn, rng, N=6, C=3):
    if isinstance(loss_fn, MSELoss):
        return rng.standard_normal((N, 2)), rng.standard_normal((N, 2))
    if isinstance(loss_fn, BCEWithLogitsLoss):
        return rng.standard_normal((N, 2)) * 3, rng.uniform(0, 1, (N, 2))  # soft targets too
    return rng.standard_normal((N, C)) * 3, rng.integers(0, C, N)


LOSSES = [MSELoss(), BCEWithLogitsLoss(), CrossEntropyLoss()]


@pytest.mark.parametrize("loss_fn", LOSSES, ids=lambda f: type(f).__name__)
def test_gradient_matches_central_difference(loss_fn):
    pred, y = make_case(loss_fn, np.random.default_rng(0))
    loss_fn.forward(pred, y)
    analytic = loss_fn.backward()
    numeric = numerical_gradient(lambda p: loss_fn.forward(p, y), pred)
    assert analytic.shape == pred.shape
    assert rel_error(analytic, numeric) < 1e-7


def test_mse_worked_by_hand():
    # N = 2 samples, one output: ((1 - 0)^2 + (1 - 3)^2) / 2 = (1 + 4) / 2 = 2.5
    loss_fn = MSELoss()
    assert loss_fn.forward(np.array([[1.0], [1.0]]), np.array([0.0, 3.0])) == 2.5
    # dL/dy_hat = 2 (y_hat - y) / N = (2 * 1 / 2, 2 * -2 / 2) = (1, -2)
    assert loss_fn.backward().tolist() == [[1.0], [-2.0]]


def test_mse_is_the_mean_over_all_elements_like_torch():
    pred, y = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[0.0, 0.0], [0.0, 0.0]])
    assert MSELoss().forward(pred, y) == (1 + 4 + 9 + 16) / 4


def test_bce_with_logits_worked_by_hand():
    # z = 0: sigma = 1/2, loss log 2 whatever the target; z = ln 3: sigma = 3/4, target 1 -> -ln(3/4)
    z = np.array([[0.0], [np.log(3.0)]])
    loss_fn = BCEWithLogitsLoss()
    expected = (np.log(2) - np.log(0.75)) / 2
    assert loss_fn.forward(z, np.array([0, 1])) == pytest.approx(expected, rel=1e-14)
    # dL/dz = (sigma(z) - y) / N = ((0.5 - 0) / 2, (0.75 - 1) / 2)
    assert np.allclose(loss_fn.backward(), [[0.25], [-0.125]], rtol=1e-14)


def test_cross_entropy_worked_by_hand():
    # logits (0, ln 2, ln 5) -> softmax (1, 2, 5) / 8; label 2 -> loss -ln(5/8)
    Z = np.array([[0.0, np.log(2.0), np.log(5.0)]])
    loss_fn = CrossEntropyLoss()
    assert loss_fn.forward(Z, np.array([2])) == pytest.approx(-np.log(5 / 8), rel=1e-14)
    # dL/dZ = softmax - onehot = (1/8, 2/8, 5/8 - 1)
    assert np.allclose(loss_fn.backward(), [[0.125, 0.25, -0.375]], rtol=1e-14)


def test_huge_logits_are_stable():
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        ce = CrossEntropyLoss()
        assert ce.forward(np.array([[1e3, 0.0, -1e3]]), [0]) == 0.0
        assert ce.forward(np.array([[1e3, 0.0, -1e3]]), [2]) == 2e3
        assert np.isfinite(ce.backward()).all()
        bce = BCEWithLogitsLoss()
        assert bce.forward(np.array([[1e3], [-1e3]]), [1, 0]) == 0.0
        assert bce.forward(np.array([[1e3]]), [0]) == 1e3
        assert np.isfinite(bce.backward()).all()


def test_targets_of_shape_N_are_accepted_for_one_output():
    pred = np.array([[0.5], [1.5]])
    assert MSELoss().forward(pred, [0.0, 1.0]) == MSELoss().forward(pred, [[0.0], [1.0]])
    assert CrossEntropyLoss().forward(np.zeros((2, 3)), [[1], [2]]) == pytest.approx(np.log(3))


# Reference values printed by torch 2.13 (torch.nn.MSELoss, BCEWithLogitsLoss, CrossEntropyLoss,
# reduction="mean") for these inputs: loss.item() and pred.grad after loss.backward().
PRED = np.array([[0.3, -1.2], [2.0, 0.7], [-0.4, 1.1]])
TARGET = np.array([[0.0, 1.0], [1.0, 0.25], [0.5, 0.0]])
LOGITS = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0], [-0.5, 0.25, 2.0]])
LABELS = np.array([2, 0, 1])
TORCH = {
    "MSELoss": (PRED, TARGET, 1.3587500000000003,
                [[0.1, -0.733333333333333], [0.333333333333333, 0.15], [-0.3, 0.366666666666667]]),
    "BCEWithLogitsLoss": (PRED, TARGET, 0.9121837248750619,
                          [[0.09574041946861, -0.128087463916503], [-0.019867153670353, 0.069697962028028],
                           [-0.016447943352075, 0.12504335093252]]),
    "CrossEntropyLoss": (LOGITS, LABELS, 1.0161001868577122,
                         [[0.201249632049542, 0.010019629189858, -0.2112692612394],
                          [-0.021253482707831, 0.015537540859325, 0.005715941848507],
                          [0.021787212951458, -0.287209803153153, 0.265422590201695]]),
}


@pytest.mark.parametrize("loss_fn", LOSSES, ids=lambda f: type(f).__name__)
def test_same_values_and_gradients_as_torch(loss_fn):
    pred, y, loss, grad = TORCH[type(loss_fn).__name__]
    assert loss_fn.forward(pred, y) == pytest.approx(loss, rel=1e-14)
    assert np.allclose(loss_fn.backward(), grad, rtol=1e-12, atol=1e-14)


# --- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("loss_fn", LOSSES, ids=lambda f: type(f).__name__)
def test_y_with_a_different_N(loss_fn):
    pred, y = make_case(loss_fn, np.random.default_rng(0), N=6)
    with pytest.raises(ValueError, match=r"expects .*y of shape .*\(6.*got \(5"):
        loss_fn.forward(pred, y[:5])


@pytest.mark.parametrize("loss_fn", LOSSES, ids=lambda f: type(f).__name__)
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_pred_or_y(loss_fn, bad):
    pred, y = make_case(loss_fn, np.random.default_rng(0))
    bad_pred = pred.copy()
    bad_pred[1, 0] = bad
    with pytest.raises(ValueError, match=r"non-finite value in pred"):
        loss_fn.forward(bad_pred, y)
    bad_y = y.astype(float)
    bad_y.flat[1] = bad
    with pytest.raises(ValueError, match=r"non-finite value in y"):
        loss_fn.forward(pred, bad_y)


@pytest.mark.parametrize("label", [-1, 3, 10])
def test_cross_entropy_labels_out_of_range(label):
    with pytest.raises(ValueError, match=rf"labels in 0..C-1 = 0..2 \(C = 3 logits\), got {label}"):
        CrossEntropyLoss().forward(np.zeros((2, 3)), [0, label])


def test_cross_entropy_non_integer_labels_and_one_hot_targets():
    with pytest.raises(ValueError, match="integer class labels 0..2, got non-integer values such as 0.5"):
        CrossEntropyLoss().forward(np.zeros((2, 3)), [0, 0.5])
    with pytest.raises(ValueError, match=r"integer labels y of shape \(N,\) = \(2,\).*got \(2, 3\)"):
        CrossEntropyLoss().forward(np.zeros((2, 3)), np.eye(3)[:2])


def test_bce_targets_outside_0_1():
    with pytest.raises(ValueError, match=r"targets y in \[0, 1\], got values from -1 to 2"):
        BCEWithLogitsLoss().forward(np.zeros((2, 1)), [-1, 2])


def test_pred_must_be_N_by_d_out():
    with pytest.raises(ValueError, match=r"MSELoss\(\) expects pred of shape \(N, d\), got 1-D array"):
        MSELoss().forward(np.zeros(4), np.zeros(4))


@pytest.mark.parametrize("loss_fn", [MSELoss(), BCEWithLogitsLoss(), CrossEntropyLoss()],
                         ids=lambda f: type(f).__name__)
def test_backward_before_forward(loss_fn):
    with pytest.raises(RuntimeError, match="backward called before forward"):
        loss_fn.backward()


def test_losses_drive_a_model_gradcheck():
    rng = np.random.default_rng(0)
    X, y = ln.spirals(30, n_classes=3, rng=rng)
    report = ln.check_gradients(ln.mlp([2, 6, 3], "tanh", rng=rng), CrossEntropyLoss(), X, y)
    assert report.passed and report.max_error < 1e-7


# --- nothing non-finite or converted behind the student's back -----------------------------------

def test_a_loss_that_overflows_raises_and_backward_keeps_the_last_good_forward():
    # MSELoss of outputs 1e200 away from the targets used to return inf
    loss_fn = MSELoss()
    loss_fn.forward(np.array([[1.0], [2.0]]), [0.0, 0.0])
    with np.errstate(over="ignore"):
        with pytest.raises(ln.InputError, match=r"MSELoss\(\): the loss overflowed to inf for finite pred and y "
                                                r"\(largest \|pred\| = 1e\+200, largest \|y\| = 0\)"):
            loss_fn.forward(np.full((2, 1), 1e200), [0.0, 0.0])
    assert loss_fn.backward().tolist() == [[1.0], [2.0]]  # the gradient of the last loss that was computed


@pytest.mark.parametrize("loss_fn", LOSSES, ids=lambda f: type(f).__name__)
def test_strings_and_complex_pred_or_y_are_refused_not_converted(loss_fn):
    # pred [["1"], ["2"]] used to count as numbers; a complex pred lost its imaginary part
    pred, y = make_case(loss_fn, np.random.default_rng(0))
    with pytest.raises(ln.InputError, match="pred must be a number or an array of numbers, got strings"):
        loss_fn.forward(pred.astype(str), y)
    with pytest.raises(ln.InputError, match="pred must be a number or an array of numbers, got complex numbers"):
        loss_fn.forward(pred + 1j, y)
    with pytest.raises(ln.InputError, match="y must be a number or an array of numbers, got strings"):
        loss_fn.forward(pred, np.asarray(y).astype(str))


@pytest.mark.parametrize("labels, shown", [(np.array([0, 2 ** 64 - 1], dtype=np.uint64), "18446744073709551615"),
                                           (np.array([0.0, 1e300]), "1e\\+300")])
def test_cross_entropy_names_huge_labels_as_they_are(labels, shown):
    # cast to intp first, 2**64 - 1 became -1 in the message and 1e300 some negative number
    with pytest.raises(ln.InputError, match=rf"labels in 0..C-1 = 0..2 \(C = 3 logits\), got {shown} in y"):
        CrossEntropyLoss().forward(np.zeros((2, 3)), labels)


def test_bool_targets_are_zero_one_labels():
    pred = np.array([[0.0], [np.log(3.0)]])
    assert BCEWithLogitsLoss().forward(pred, [False, True]) == BCEWithLogitsLoss().forward(pred, [0, 1])
    assert CrossEntropyLoss().forward(np.zeros((2, 2)), np.array([True, False])) == pytest.approx(np.log(2))


def test_a_loss_takes_no_arguments():
    with pytest.raises(ln.InputError, match=r"MSELoss\(\) takes no arguments, got \['reduction'\]; .*reduction='mean'"):
        MSELoss(reduction="sum")


@pytest.mark.parametrize("loss_fn", LOSSES, ids=lambda f: type(f).__name__)
def test_unchecked_forward_on_checked_targets_equals_forward(loss_fn):
    pred, y = make_case(loss_fn, np.random.default_rng(7))
    expected = loss_fn.forward(pred, y)
    grad = loss_fn.backward().copy()
    y_checked = loss_fn.check_targets(y.tolist(), pred.shape, pred.dtype)
    assert loss_fn.forward(pred, y_checked, check=False) == expected
    assert np.array_equal(loss_fn.backward(), grad)


@pytest.mark.parametrize("loss_fn, y, message", [
    (MSELoss(), np.ones(5), r"expects y of shape \(6, 2\) to match pred"),
    (BCEWithLogitsLoss(), np.full((6, 2), 2.0), r"expects targets y in \[0, 1\], got values from 2 to 2"),
    (CrossEntropyLoss(), np.full(6, 3), r"expects labels in 0..C-1 = 0..1 \(C = 2 logits\), got 3 in y"),
], ids=["MSE", "BCE", "CE"])
def test_check_targets_applies_each_losss_own_rules(loss_fn, y, message):
    with pytest.raises(ln.InputError, match=message):
        loss_fn.check_targets(y, (6, 2), np.float64)


def test_unchecked_forward_returns_an_overflow_instead_of_raising():
    pred, y = np.array([[1e200]]), np.array([[0.0]])
    with pytest.raises(ln.InputError, match="the loss overflowed"):
        MSELoss().forward(pred, y)
    with np.errstate(over="ignore"):
        assert MSELoss().forward(pred, y, check=False) == np.inf
