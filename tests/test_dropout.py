"""Dropout: the mask while training, the identity in evaluation, its gradient, and what it refuses."""

import numpy as np
import pytest

import lecture_nn as ln
from lecture_nn.gradcheck import numerical_gradient


def test_training_keeps_each_value_with_probability_one_minus_p_and_scales_it_up():
    layer = ln.Dropout(0.3, rng=0)
    X = np.ones((2000, 50))
    A = layer(X)
    kept = A != 0
    assert abs(kept.mean() - 0.7) < 0.01  # 100 000 draws: 4.5 standard deviations
    np.testing.assert_allclose(A[kept], 1 / 0.7)
    assert abs(A.mean() - 1.0) < 0.02  # E[A] = X


def test_each_forward_draws_a_new_mask_and_the_same_seed_the_same_masks():
    X = np.ones((30, 20))
    a, b = ln.Dropout(0.5, rng=1), ln.Dropout(0.5, rng=1)
    first = a(X)
    assert not np.array_equal(first, a(X))
    assert np.array_equal(first, b(X))


def test_evaluation_mode_is_the_identity_and_train_switches_it_back():
    model = ln.mlp([2, 8, 8, 1], "tanh", rng=0, dropout=0.5)
    X = np.random.default_rng(0).normal(size=(50, 2))
    plain = ln.mlp([2, 8, 8, 1], "tanh", rng=0)
    assert model.eval() is model and not model[2].training
    np.testing.assert_array_equal(model(X), plain(X))  # the same weights: dropout adds no draw before them
    model.train()
    assert model[2].training and not np.allclose(model(X), plain(X))


def test_backward_multiplies_by_the_same_mask_as_forward():
    layer = ln.Dropout(0.4, rng=2)
    X = np.random.default_rng(3).normal(size=(40, 6))
    A = layer(X)
    dA = np.random.default_rng(4).normal(size=A.shape)
    mask = (A != 0) / 0.6
    np.testing.assert_allclose(layer.backward(dA), dA * mask)


def test_a_gradient_check_passes_in_evaluation_mode():
    model = ln.mlp([3, 5, 2], "tanh", rng=0, dropout=0.5).eval()
    X = np.random.default_rng(1).normal(size=(7, 3))
    loss = ln.MSELoss()
    T = np.zeros((7, 2))
    out = model(X)
    loss(out, T)
    model.backward(loss.backward())
    W = model["Dense1"].W
    numeric = numerical_gradient(lambda _: float(loss(model(X), T)), W.value)
    np.testing.assert_allclose(W.grad, numeric, rtol=1e-5, atol=1e-8)


def test_mlp_puts_one_dropout_after_each_hidden_activation_and_none_at_zero():
    model = ln.mlp([2, 4, 4, 1], "relu", rng=0, dropout=0.2)
    assert [type(m).__name__ for m in model] == ["Dense", "Activation", "Dropout", "Dense", "Activation", "Dropout",
                                                 "Dense"]
    assert model.names[2] == "Dropout1" and model[2].p == 0.2
    assert len(ln.mlp([2, 4, 1], rng=0)) == 3
    assert list(model.state_dict()) == list(ln.mlp([2, 4, 4, 1], rng=0).state_dict())  # loads the same files


@pytest.mark.parametrize("p", [1.0, -0.1, 1.5, "half", True, None, float("nan"), [0.5]])
def test_a_dropout_probability_outside_0_to_1_is_refused_by_name(p):
    with pytest.raises(ln.InputError, match=r"Dropout: p is the probability"):
        ln.Dropout(p)
    with pytest.raises(ln.InputError, match=r"mlp: dropout is the probability"):
        ln.mlp([2, 3, 1], dropout=p)


def test_train_takes_only_a_bool():
    with pytest.raises(ln.InputError, match=r"train: mode must be True"):
        ln.mlp([2, 3, 1]).train("no")


def test_dropout_refuses_a_non_finite_input_by_name():
    with pytest.raises(ln.InputError, match=r"Dropout\(p=0.5\) got a non-finite value in its input X"):
        ln.Dropout(0.5)(np.array([[1.0, np.nan]]))
