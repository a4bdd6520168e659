"""Exercise checkers: a right answer passes; each classic mistake fails with its own hint; an
unfinished or crashing answer gets a sentence, never a traceback."""

import numpy as np
import pytest

from lecture_nn import activations as act
from lecture_nn import checks


def stable_sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


RIGHT = {
    "1.1": (lambda x: np.maximum(x, 0.0), lambda x: (x > 0).astype(float)),
    "1.2": (act.elu, act.elu_derivative),
    "1.3": (lambda x: np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x))), stable_sigmoid),
    "1.4": (stable_sigmoid, lambda x: stable_sigmoid(x) * (1 - stable_sigmoid(x))),
    "1.5": (np.tanh, lambda x: 1 - np.tanh(x) ** 2),
}


@pytest.mark.parametrize("exercise", list(RIGHT))
def test_right_activations_pass(exercise, capsys):
    assert checks.check_activation(exercise, *RIGHT[exercise]) is True
    assert capsys.readouterr().out.startswith(f"✔ Exercise {exercise}:")


ACTIVATION_MISTAKES = [
    ("1.1", None, lambda x: (x >= 0).astype(float), "relu'(0) must be 0"),
    ("1.2", None, lambda x: np.where(x >= 0, 1.0, np.exp(np.minimum(x, 0)) - 1), "without the -1"),
    ("1.2", lambda x: np.where(x >= 0, x, np.expm1(x)), None, "np.where evaluates both branches"),
    ("1.3", lambda x: np.log1p(np.exp(x)), None, "max(x, 0) + log(1 + e^(-|x|))"),
    ("1.3", None, lambda x: stable_sigmoid(-x), "check the sign"),
    ("1.4", lambda x: 1 / (1 + np.exp(-x)), None, "use e^(-|x|)"),
    ("1.4", None, lambda x: stable_sigmoid(x) * (1 + stable_sigmoid(x)), "minus, not plus"),
    ("1.4", None, lambda x: stable_sigmoid(x) ** 2, "not sigmoid^2"),
    ("1.5", None, lambda x: 1 - np.tanh(x), "square the tanh"),
    ("1.5", None, lambda x: 1 / np.cosh(x), "square the cosh"),
]


@pytest.mark.parametrize("exercise, g, g_prime, hint", ACTIVATION_MISTAKES)
def test_each_classic_activation_mistake_gets_its_hint(exercise, g, g_prime, hint, capsys):
    right_g, right_prime = RIGHT[exercise]
    assert checks.check_activation(exercise, g or right_g, g_prime or right_prime) is False
    out = capsys.readouterr().out
    assert out.startswith(f"✘ Exercise {exercise}:") and hint in out


def test_unfinished_crashing_and_misshapen_answers(capsys):
    def not_done(x):
        raise NotImplementedError("Exercise 1.1: ...")

    assert checks.check_activation("1.1", not_done, not_done) is False
    assert "not done yet" in capsys.readouterr().out
    assert checks.check_activation("1.1", lambda x: x.nonexistent, RIGHT["1.1"][1]) is False
    assert "your function raised AttributeError" in capsys.readouterr().out
    assert checks.check_activation("1.1", lambda x: float(np.max(x)), RIGHT["1.1"][1]) is False
    assert "has shape ()" in capsys.readouterr().out
    assert checks.check_activation("1.1", lambda x: None, RIGHT["1.1"][1]) is False
    assert "did you forget `return`" in capsys.readouterr().out
    with pytest.raises(ValueError, match="no activation exercise '9.9'"):
        checks.check_activation("9.9", np.tanh, np.tanh)


def right_batches(X, y, B, rng):
    order = rng.permutation(len(X))
    X, y = X[order], y[order]
    for i in range(0, len(X), B):
        yield X[i:i + B], y[i:i + B]


def drops_last(X, y, B, rng):
    order = rng.permutation(len(X))
    X, y = X[order], y[order]
    for i in range(0, len(X) - len(X) % B, B):
        yield X[i:i + B], y[i:i + B]


def never_shuffles(X, y, B, rng):
    for i in range(0, len(X), B):
        yield X[i:i + B], y[i:i + B]


def shuffles_separately(X, y, B, rng):
    X, y = X[rng.permutation(len(X))], y[rng.permutation(len(y))]
    for i in range(0, len(X), B):
        yield X[i:i + B], y[i:i + B]


def reseeds(X, y, B, rng):
    return right_batches(X, y, B, np.random.default_rng(0))


def test_right_batches_pass(capsys):
    assert checks.check_batches("6.1", right_batches) is True
    assert "✔ Exercise 6.1" in capsys.readouterr().out


@pytest.mark.parametrize("make_batches, hint", [
    (drops_last, "keep the last, smaller batch"),
    (never_shuffles, "shuffle first"),
    (shuffles_separately, "the same permutation"),
    (reseeds, "do not reseed"),
])
def test_each_classic_batching_mistake_gets_its_hint(make_batches, hint, capsys):
    assert checks.check_batches("6.1", make_batches) is False
    assert hint in capsys.readouterr().out


@pytest.mark.parametrize("answer, ok, hint", [
    (lambda N, B: -(-N // B), True, "ceil(N / B)"),
    (lambda N, B: N // B, False, "drops the last, smaller batch"),
    (lambda N, B: N / B, False, "round N / B up"),
])
def test_steps_per_epoch(answer, ok, hint, capsys):
    assert checks.check_steps_per_epoch("6.2", answer) is ok
    assert hint in capsys.readouterr().out
