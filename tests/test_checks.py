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
    ("1.4", lambda x: 1 / (1 + np.exp(-x)), None, "use e = e^(-|x|)"),
    ("1.4", None, lambda x: stable_sigmoid(x) * (1 + stable_sigmoid(x)), "minus, not plus"),
    ("1.4", None, lambda x: stable_sigmoid(x) ** 2, "not sigmoid^2"),
    ("1.5", None, lambda x: 1 - np.tanh(x), "square the tanh"),
    ("1.5", None, lambda x: 1 / np.cosh(x), "1 - tanh(x)^2 (the same as 1 / cosh(x)^2"),
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
    assert "relu(x) is one number (3.0), expected an array of shape (13,)" in capsys.readouterr().out
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


# --- exercise 5: optimizer steps ----------------------------------------------------------------

def momentum(th, g, m, lr, beta):
    m = beta * m + (1 - beta) * g
    return th - lr * m, m


def rmsprop(th, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g * g
    return th - lr * g / np.sqrt(s + eps), s


def adam(th, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    return th - lr * (m / (1 - beta1 ** t)) / (np.sqrt(s / (1 - beta2 ** t)) + eps), m, s


def test_the_checkers_references_are_the_packages_optimizers():
    from lecture_nn import Adam, Momentum, RMSprop, surfaces

    bowl = surfaces.quadratic(30)  # f = (x^2 + 30 y^2) / 2, as in the checker
    for cls, reference, state in [(Momentum, checks._momentum, ("m",)), (RMSprop, checks._rmsprop, ("s",)),
                                  (Adam, checks._adam, ("m", "s"))]:
        for hp in checks._SETTINGS[cls.__name__]:
            path, _ = checks._trajectory(reference, state, cls is Adam, hp)
            run = surfaces.run_optimizer(bowl, cls, tuple(checks._START), checks._STEPS, **hp)
            assert np.allclose(path, run.path[1:], rtol=1e-12, atol=1e-14), (cls.__name__, hp)


@pytest.mark.parametrize("check, right", [(checks.check_momentum, momentum), (checks.check_rmsprop, rmsprop),
                                          (checks.check_adam, adam)])
def test_right_optimizer_steps_pass(check, right, capsys):
    assert check("5", right) is True
    assert "follows the slide's rule" in capsys.readouterr().out


def heavy_ball(th, g, m, lr, beta):
    m = beta * m + g
    return th - lr * m, m


def momentum_uphill(th, g, m, lr, beta):
    m = beta * m + (1 - beta) * g
    return th + lr * m, m


def momentum_old_m(th, g, m, lr, beta):
    return th - lr * m, beta * m + (1 - beta) * g


def rmsprop_eps_outside(th, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g * g
    return th - lr * g / (np.sqrt(s) + eps), s


def rmsprop_no_average(th, g, s, lr, beta, eps):
    s = beta * s + g * g
    return th - lr * g / np.sqrt(s + eps), s


def rmsprop_no_root(th, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g * g
    return th - lr * g / (s + eps), s


def adam_uncorrected(th, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    return th - lr * m / (np.sqrt(s) + eps), m, s


def adam_eps_inside(th, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    return th - lr * (m / (1 - beta1 ** t)) / np.sqrt(s / (1 - beta2 ** t) + eps), m, s


def adam_t_stuck(th, g, m, s, t, lr, beta1, beta2, eps):
    return adam(th, g, m, s, 1, lr, beta1, beta2, eps)


@pytest.mark.parametrize("check, mistake, hint", [
    (checks.check_momentum, heavy_ball, "without (1 - beta) it is the heavy-ball form"),
    (checks.check_momentum, momentum_uphill, "step against the gradient"),
    (checks.check_momentum, momentum_old_m, "update m first"),
    (checks.check_rmsprop, rmsprop_eps_outside, "eps sits inside the root"),
    (checks.check_rmsprop, rmsprop_no_average, "E[g^2] is an average"),
    (checks.check_rmsprop, rmsprop_no_root, "divide by the root mean square"),
    (checks.check_adam, adam_uncorrected, "bias correction missing"),
    (checks.check_adam, adam_eps_inside, "eps outside the root"),
    (checks.check_adam, adam_t_stuck, "use the step number t"),
])
def test_each_classic_optimizer_mistake_gets_its_hint(check, mistake, hint, capsys):
    assert check("5", mistake) is False
    assert hint in capsys.readouterr().out


def test_an_unrecognised_wrong_step_says_where_it_left_the_path(capsys):
    assert checks.check_momentum("5.1", lambda th, g, m, lr, beta: (th * 0.5, m)) is False
    assert "leaves the slide's path at step 1: theta =" in capsys.readouterr().out


# --- exercise 2: linear collapse ----------------------------------------------------------------

@pytest.mark.parametrize("answer, ok, hint", [
    (lambda W1, b1, W2, b2: (W2 @ W1, W2 @ b1 + b2), True, "W = W2 W1, b = W2 b1 + b2"),
    (lambda W1, b1, W2, b2: (W1 @ W2, W2 @ b1 + b2), False, "x meets W1 first"),
    (lambda W1, b1, W2, b2: ((W2 @ W1).T, W2 @ b1 + b2), False, "that is W transposed"),
    (lambda W1, b1, W2, b2: (W2 @ W1, b1 + b2), False, "b1 passes through the second layer"),
    (lambda W1, b1, W2, b2: W2 @ W1, False, "return the tuple (W, b)"),
])
def test_collapse_answers(answer, ok, hint, capsys):
    assert checks.check_collapse("2.1", answer) is ok
    assert hint in capsys.readouterr().out


# --- exercise 7: interpolation threshold --------------------------------------------------------------

def some_interpolant(Phi, y):
    a = np.linalg.pinv(Phi) @ y
    if Phi.shape[1] > Phi.shape[0]:
        a = a + np.linalg.svd(Phi)[2][-1]  # plus a null-space direction: still fits, not minimum norm
    return a


@pytest.mark.parametrize("fit, ok, hint", [
    (lambda Phi, y: np.linalg.pinv(Phi) @ y, True, "minimum norm above it"),
    (some_interpolant, False, "take the one of minimum norm"),
    (lambda Phi, y: np.zeros(Phi.shape[1] + 1), False, "a has shape (11,), expected (10,)"),
])
def test_min_norm_fit_answers(fit, ok, hint, capsys):
    assert checks.check_min_norm_fit("7.1", fit) is ok
    assert hint in capsys.readouterr().out


@pytest.mark.parametrize("answer, ok, hint", [
    (lambda w, t: w[np.argmax(t < 1e-10 * t.max())], True, "p = 60"),
    (lambda w, t: int(np.argmax(t < 1e-10 * t.max())), False, "return the width itself"),
    (lambda w, t: w[np.argmin(t)], False, "the width of the smallest error"),
])
def test_threshold_answers(answer, ok, hint, capsys):
    assert checks.check_threshold("7.2", answer) is ok
    assert hint in capsys.readouterr().out


# --- exercises 3 and 4: Dense, the chain rule's factors, backprop by hand ---------------------------------

def dense_forward(X, W, b):
    return X @ W.T + b


@pytest.mark.parametrize("forward, backward, ok, hint", [
    (dense_forward, lambda dZ, X, W: (dZ @ W, dZ.T @ X, dZ.sum(axis=0)), True, "dW = dZ^T X"),
    (lambda X, W, b: (W @ X.T).T, lambda dZ, X, W: (dZ @ W, dZ.T @ X, dZ.sum(axis=0)), False, "add the bias"),
    (lambda X, W, b: W @ X.T, lambda dZ, X, W: (dZ @ W, dZ.T @ X, dZ.sum(axis=0)), False, "rows of X are samples"),
    (dense_forward, lambda dZ, X, W: (dZ @ W, X.T @ dZ, dZ.sum(axis=0)), False, "has W's shape"),
    (dense_forward, lambda dZ, X, W: (dZ @ W, dZ.T @ X, dZ.mean(axis=0)), False, "sums dZ over the N samples"),
    (dense_forward, lambda dZ, X, W: (dZ @ W, dZ.T @ X), False, "returned 2 values; return the 3 values (dX, dW, db)"),
])
def test_dense_answers(forward, backward, ok, hint, capsys):
    assert checks.check_dense("3.1", forward, backward) is ok
    assert hint in capsys.readouterr().out


def factors_right(x, y, W, w):
    z = W @ x
    return (2 * (w @ np.tanh(z) - y), w, np.diag(1 - np.tanh(z) ** 2),
            np.einsum("jk,l->jkl", np.eye(len(z)), x))


def factors_with(k, value_of):
    def factors(x, y, W, w):
        out = list(factors_right(x, y, W, w))
        out[k] = value_of(x, y, W, w)
        return tuple(out)
    return factors


@pytest.mark.parametrize("answer, ok, hint", [
    (factors_right, True, "all four factors"),
    (factors_with(0, lambda x, y, W, w: 2 * (y - w @ np.tanh(W @ x))), False, "mind the sign"),
    (factors_with(2, lambda x, y, W, w: 1 - np.tanh(W @ x) ** 2), False, "the slide says a d' x d' matrix"),
    (factors_with(2, lambda x, y, W, w: np.diag(1 - np.tanh(W @ x))), False, "square the tanh"),
    (factors_with(3, lambda x, y, W, w: np.outer(np.ones(len(w)), x)), False, "a d' x d' x d tensor"),
    (lambda x, y, W, w: factors_right(x, y, W, w)[:3], False, "factors returned 3 values; return the 4 values"),
])
def test_chain_rule_factor_answers(answer, ok, hint, capsys):
    assert checks.check_chain_rule_factors("3.2", answer) is ok
    assert hint in capsys.readouterr().out


def scaled(factor):
    def gradients(X, y, W1, b1, W2, b2):
        return {k: factor * v for k, v in checks._two_layer_reference(X, y, W1, b1, W2, b2).items()}
    return gradients


def without_tanh_derivative(X, y, W1, b1, W2, b2):
    A1 = np.tanh(X @ W1.T + b1)
    dY = 2 * (A1 @ W2.T + b2 - y) / y.size
    dZ1 = dY @ W2
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


@pytest.mark.parametrize("answer, ok, hint", [
    (checks._two_layer_reference, True, "agrees with central differences"),
    (scaled(6), False, "off by a factor N = 6"),
    (scaled(0.5), False, "off by a factor 2"),
    (scaled(-1), False, "wrong sign"),
    (without_tanh_derivative, False, "the step through tanh is missing"),
    (lambda *args: {"W1": 0}, False, "return a dict with the keys"),
])
def test_two_layer_gradient_answers(answer, ok, hint, capsys):
    assert checks.check_two_layer_gradients("4.1", answer) is ok
    assert hint in capsys.readouterr().out


def test_two_layer_gradients_refuse_nan_gradients_with_a_hint_not_a_pass(capsys):
    def nan_backprop(X, y, W1, b1, W2, b2):
        return {"W1": np.full(W1.shape, np.nan), "b1": b1 * 0, "W2": W2 * 0, "b2": b2 * 0}

    assert checks.check_two_layer_gradients("4.2", nan_backprop) is False
    out = capsys.readouterr().out
    assert "✘" in out and "dW1 has nan at index (0, 0)" in out


#: the exercise each checker is called with in the exercise notebooks
CHECKER_EXERCISES = {
    "check_activation": "1.1", "check_collapse": "2.1", "check_dense": "3.1", "check_chain_rule_factors": "3.2",
    "check_two_layer_gradients": "4.1", "check_momentum": "5.1", "check_rmsprop": "5.2", "check_adam": "5.3",
    "check_batches": "6.1", "check_steps_per_epoch": "6.2", "check_min_norm_fit": "7.1", "check_threshold": "7.2",
}

#: what a student's function may return by mistake (a fresh value per call: a generator runs out)
ODD_RETURNS = {
    "None": lambda: None, "a dict": lambda: {"a": 1}, "a generator": lambda: (i for i in range(3)),
    "a tuple of 3": lambda: (1, 2, 3), "a tuple of 1": lambda: (np.ones(2),), "a string": lambda: "abc",
    "a number": lambda: 1.5, "NaN": lambda: float("nan"), "a list": lambda: [1.0, 2.0],
    "a ragged list": lambda: [[1, 2], [3]], "an object array": lambda: np.array([None, 1], dtype=object),
    "an empty array": lambda: np.empty(0), "a 3-D array": lambda: np.ones((2, 2, 2)), "True": lambda: True,
    "a complex array": lambda: np.ones(3) * 1j,
}


def test_every_checker_is_listed_with_its_exercise():
    assert set(CHECKER_EXERCISES) == {name for name in checks.__all__ if name.startswith("check_")}


@pytest.mark.parametrize("name", sorted(CHECKER_EXERCISES))
def test_any_return_value_gets_one_cross_line_never_a_traceback(name, capsys):
    import inspect

    check = getattr(checks, name)
    n_functions = len(inspect.signature(check).parameters) - 1
    for label, make in ODD_RETURNS.items():
        functions = [lambda *args, make=make, **kwargs: make() for _ in range(n_functions)]
        assert check(CHECKER_EXERCISES[name], *functions) is False, f"{name} passed functions returning {label}"
        lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith(checks.FAIL), f"{name}, returning {label}: {lines}"


def test_tasks_list_every_checker_call_of_the_exercise_notebooks():
    import pathlib
    import re

    import nbformat

    root = pathlib.Path(__file__).resolve().parents[1] / "exercises"
    for path in sorted(root.glob("*.ipynb")):
        source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
        calls = re.findall(r"checks\.(check_\w+)\(\"([\d.]+)\", ([\w, ]+)\)", source)
        assert {task: (check, tuple(f.strip() for f in functions.split(",")))
                for check, task, functions in calls} == checks.TASKS[path.stem], path.name
    assert sorted(checks.TASKS) == sorted(p.stem for p in root.glob("*.ipynb"))


# --- the categories a grader must trust: each written as a student errs ------------------------------

def momentum_beta_written_in(th, g, m, lr, beta):
    m = 0.9 * m + 0.1 * g
    return th - lr * m, m


def rmsprop_eps_written_in(th, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g ** 2
    return th - lr * g / np.sqrt(s + 1e-8), s


def adam_betas_written_in(th, g, m, s, t, lr, beta1, beta2, eps):
    return adam(th, g, m, s, t, lr, 0.9, 0.999, eps)


def momentum_ignores_lr(th, g, m, lr, beta):
    m = beta * m + (1 - beta) * g
    return th - 0.01 * m, m


@pytest.mark.parametrize("check, answer, hint", [
    (checks.check_momentum, momentum_beta_written_in,
     "ignores the argument beta; its path is the slide's with beta = 0.9"),
    (checks.check_rmsprop, rmsprop_eps_written_in,
     "ignores the argument eps; its path is the slide's with eps = 1e-08"),
    (checks.check_adam, adam_betas_written_in, "ignores the arguments beta1 and beta2"),
    (checks.check_momentum, momentum_ignores_lr, "ignores the argument lr; its path is the slide's with lr = 0.01"),
])
def test_a_hyperparameter_written_into_the_function_fails_naming_it(check, answer, hint, capsys):
    assert check("5", answer) is False
    assert hint in capsys.readouterr().out


def batches_from_the_global_generator(X, y, B, rng):
    order = np.random.permutation(len(X))  # noqa: NPY002 - the mistake
    return [(X[order[i:i + B]], y[order[i:i + B]]) for i in range(0, len(X), B)]


def batches_from_a_fresh_generator(X, y, B, rng):
    order = np.random.default_rng().permutation(len(X))
    return [(X[order[i:i + B]], y[order[i:i + B]]) for i in range(0, len(X), B)]


def batches_of_indices(X, y, B, rng):
    order = rng.permutation(len(X))
    for i in range(0, len(X), B):
        yield order[i:i + B], y[order[i:i + B]]


def batches_of_one_sample(X, y, B, rng):
    for i in rng.permutation(len(X)):
        yield X[i], y[i]


def batches_shuffled_in_place(X, y, B, rng):
    order = rng.permutation(len(X))
    X[:] = X[order]
    y[:] = y[order]
    for i in range(0, len(X), B):
        yield X[i:i + B], y[i:i + B]


@pytest.mark.parametrize("make_batches, hint", [
    (batches_from_the_global_generator, "numpy's global generator"),
    (batches_from_a_fresh_generator, "not from another generator (a new np.random.default_rng()"),
    (batches_of_indices, "your batches hold indices, not samples"),
    (batches_of_one_sample, "a single sample"),
    (batches_shuffled_in_place, "changes its argument X in place"),
])
def test_batches_take_their_randomness_from_rng_and_leave_the_data_alone(make_batches, hint, capsys):
    assert checks.check_batches("6.1", make_batches) is False
    assert hint in capsys.readouterr().out


def test_the_global_generator_of_the_student_is_left_as_it_was():
    np.random.seed(5)  # noqa: NPY002 - the student's global generator, as a notebook would seed it
    expected = np.random.random()  # noqa: NPY002
    np.random.seed(5)  # noqa: NPY002
    checks.check_batches("6.1", batches_from_the_global_generator)
    assert np.random.random() == expected  # noqa: NPY002


def relu_in_place(x):
    x[x < 0] = 0
    return x


def derivative_by_a_loop(x):
    return [1.0 if v > 0 else 0.0 for v in x.ravel()]


@pytest.mark.parametrize("g, g_prime, hint", [
    (relu_in_place, RIGHT["1.1"][1], "relu(x) changes its argument x in place"),
    (RIGHT["1.1"][0], derivative_by_a_loop, "is a list of 13 items; expected a numpy array of shape (13,)"),
    (lambda x: np.maximum(x, 0, out=x), RIGHT["1.1"][1], "changes its argument x in place"),
    (lambda x: list(np.maximum(x, 0)), RIGHT["1.1"][1], "relu(x) is a list"),
])
def test_relu_answers_of_the_wrong_type_or_that_overwrite_x_fail(g, g_prime, hint, capsys):
    assert checks.check_activation("1.1", g, g_prime) is False
    assert hint in capsys.readouterr().out


@pytest.mark.parametrize("exercise, g, g_prime, hint", [
    ("1.3", RIGHT["1.3"][0], lambda x: np.exp(x) / (1 + np.exp(x)), "softplus' is the sigmoid"),
    ("1.5", np.tanh, lambda x: 1 / np.cosh(x) ** 2, "write tanh' = 1 - tanh(x)^2 with np.tanh"),
    ("1.5", lambda x: (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x)), RIGHT["1.5"][1], "use np.tanh"),
])
def test_an_overflow_gets_the_hint_of_the_function_that_overflows(exercise, g, g_prime, hint, capsys):
    assert checks.check_activation(exercise, g, g_prime) is False
    assert hint in capsys.readouterr().out


def test_a_helper_not_done_yet_is_named_by_the_task_that_calls_it(capsys):
    def sigmoid_stable(x):
        raise NotImplementedError("Exercise 1.4: sigmoid without overflow: use e = exp(-|x|)")

    def softplus_derivative(x):
        return sigmoid_stable(x)

    assert checks.check_activation("1.3", RIGHT["1.3"][0], softplus_derivative) is False
    out = capsys.readouterr().out
    assert "softplus_derivative calls sigmoid_stable, which still raises NotImplementedError" in out
    assert "Exercise 1.4: sigmoid without overflow" in out


def momentum_in_place(th, g, m, lr, beta):
    m *= beta
    m += (1 - beta) * g
    th -= lr * m
    return th, m


def momentum_forgets_return(th, g, m, lr, beta):
    m = beta * m + (1 - beta) * g
    th = th - lr * m  # noqa: F841 - the student's missing return


def adam_with(**change):
    return checks._adam_variant(**change)


@pytest.mark.parametrize("check, answer, hint", [
    (checks.check_momentum, momentum_in_place, "changes its argument theta in place"),
    (checks.check_momentum, momentum_forgets_return, "returned None: did you forget `return theta, m`?"),
    (checks.check_adam, adam_with(shift=-1), "with t - 1 the first correction divides by 1 - beta^0 = 0"),
    (checks.check_adam, adam_with(shift=1), "not beta^(t + 1)"),
    (checks.check_adam, adam_with(swap=True), "they are swapped"),
    (checks.check_adam, adam_with(root=lambda s: s), "divide by the root"),
    (checks.check_adam, adam_with(m_divisor=lambda b, t: 1 - (1 - b) ** t,
                                  s_divisor=lambda b, t: 1 - (1 - b) ** t), "not 1 - (1 - beta)^t"),
    (checks.check_adam, adam_with(hat_state=True), "not m_hat and s_hat"),
])
def test_optimizer_steps_that_overwrite_forget_or_misplace_get_their_own_hint(check, answer, hint, capsys):
    assert check("5", answer) is False
    assert hint in capsys.readouterr().out


def backprop_with(**mistake):
    def gradients(X, y, W1, b1, W2, b2):
        return checks._two_layer_reference(X, y, W1, b1, W2, b2, **mistake)
    return gradients


def backprop_divides_by_N_twice(X, y, W1, b1, W2, b2):
    N = len(X)
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    dY = 2 * (A1 @ W2.T + b2 - y) / N
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"W1": dZ1.T @ X / N, "b1": dZ1.mean(axis=0), "W2": dY.T @ A1 / N, "b2": dY.mean(axis=0)}


def backprop_integer_division(X, y, W1, b1, W2, b2):
    A1 = np.tanh(X @ W1.T + b1)
    dY = 2 * (A1 @ W2.T + b2 - y) // len(X)
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


def backprop_without_b1(X, y, W1, b1, W2, b2):
    A1 = np.tanh(X @ W1.T)
    dY = 2 * (A1 @ W2.T + b2 - y) / len(X)
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


@pytest.mark.parametrize("answer, hint", [
    (backprop_divides_by_N_twice, "divide by N once"),
    (backprop_integer_division, "integer division"),
    (backprop_without_b1, "must use b1"),
    (backprop_with(derivative=lambda Z1, A1: 1 - Z1 ** 2), "not 1 - Z1^2"),
    (lambda *args: {k: v.tolist() for k, v in checks._two_layer_reference(*args).items()}, "dW1 is a list"),
    (lambda *args: tuple(checks._two_layer_reference(*args).values()), "returned a tuple; return a dict"),
])
def test_backprop_mistakes_named_by_their_cause(answer, hint, capsys):
    assert checks.check_two_layer_gradients("4.1", answer) is False
    assert hint in capsys.readouterr().out


def test_dense_backward_returning_a_dict_gets_one_line(capsys):
    def backward(dZ, X, W):
        return {"dX": dZ @ W, "dW": dZ.T @ X, "db": dZ.sum(axis=0)}

    assert checks.check_dense("3.1", dense_forward, backward) is False
    assert capsys.readouterr().out == "✘ Exercise 3.1: dense_backward returned a dict; return the tuple (dX, dW, db)\n"


@pytest.mark.parametrize("answer, ok, hint", [
    (lambda N, B: int(np.ceil(N / B)), True, "ceil(N / B)"),
    (lambda N, B: np.int64(-(-N // B)), True, "ceil(N / B)"),
    (lambda N, B: np.ceil(N / B), False, "is a float; a number of steps is a whole number"),
    (lambda N, B: np.array([-(-N // B)]), False, "expected a single whole number"),
    (lambda N, B: N // B + 1, False, "one step too many"),
])
def test_steps_per_epoch_is_a_whole_number(answer, ok, hint, capsys):
    assert checks.check_steps_per_epoch("6.2", answer) is ok
    assert hint in capsys.readouterr().out


@pytest.mark.parametrize("fit, hint", [
    (lambda Phi, y: np.linalg.lstsq(Phi, y, rcond=None), "return its [0]"),
    (lambda Phi, y: np.linalg.pinv(Phi) @ y[:, None], "return a vector of shape (10,)"),
    (lambda Phi, y: list(np.linalg.pinv(Phi) @ y), "a has shape"),
])
def test_min_norm_fit_of_the_wrong_type(fit, hint, capsys):
    assert checks.check_min_norm_fit("7.1", fit) is False
    out = capsys.readouterr().out
    assert hint in out or "is a list" in out


@pytest.mark.parametrize("answer, hint", [
    (lambda w, t: w[t < 1e-10 * t.max()], "widths[mask][0]"),
    (lambda w, t: w[t < 1e-10 * t.max()][:1], "return widths[k], a number"),
    (lambda w, t: w[np.argmax(t < 1e-10)], "'Zero' is relative"),
])
def test_threshold_is_one_width(answer, hint, capsys):
    assert checks.check_threshold("7.2", answer) is False
    assert hint in capsys.readouterr().out


def test_an_unfinished_step_says_not_done_yet_with_its_own_name(capsys):
    def momentum_step(theta, g, m, lr, beta):
        raise NotImplementedError("Exercise 5.1: update m, then theta, as on the slide")

    assert checks.check_momentum("5.1", momentum_step) is False
    assert capsys.readouterr().out == ("✘ Exercise 5.1: not done yet (momentum_step still raises "
                                       "NotImplementedError)\n")


@pytest.mark.parametrize("make_batches, line", [
    (lambda X, y, B, rng: None, "make_batches returned None: yield the pairs (X_batch, y_batch)"),
    (lambda X, y, B, rng: (X[rng.permutation(len(X))], y), "make_batches returned one pair (X, y) of the whole"),
])
def test_what_make_batches_returns_is_said_as_what_it_returned_not_as_an_error_it_raised(make_batches, line, capsys):
    assert checks.check_batches("6.1", make_batches) is False
    out = capsys.readouterr().out
    assert line in out and "raised" not in out and "_Wrong" not in out


# --- what a held-out battery of answers found: each category, written as a student errs -----------------

def elu_with_warnings_silenced(x):
    with np.errstate(over="ignore", invalid="ignore"):
        return np.where(x >= 0, x, np.exp(x) - 1)


def test_an_overflow_hidden_by_errstate_is_still_found(capsys):
    assert checks.check_activation("1.2", elu_with_warnings_silenced, act.elu_derivative) is False
    out = capsys.readouterr().out
    assert "computes exp(1000), which overflows" in out and "np.where evaluates both branches" in out


def test_the_wrong_value_is_said_at_the_x_the_student_can_see(capsys):
    assert checks.check_activation("1.1", lambda x: np.where(x > 0, x, 0.01 * x), RIGHT["1.1"][1]) is False
    out = capsys.readouterr().out
    assert "relu(x) at x = -3 is -0.03, expected 0" in out and "leaky ReLU" in out


def batches_forever(X, y, B, rng):
    while True:
        order = rng.permutation(len(X))
        for i in range(0, len(X), B):
            yield X[order[i:i + B]], y[order[i:i + B]]


def batches_returned_not_yielded(X, y, B, rng):
    order = rng.permutation(len(X))
    for i in range(0, len(X), B):
        return X[order[i:i + B]], y[order[i:i + B]]


@pytest.mark.parametrize("make_batches, hint", [
    (batches_forever, "yields more than N = 10 batches"),
    (batches_returned_not_yielded, "a `return` inside the loop ends the function at the first batch"),
])
def test_batches_that_never_end_or_end_at_once(make_batches, hint, capsys):
    assert checks.check_batches("6.1", make_batches) is False
    assert hint in capsys.readouterr().out


def test_an_endless_loop_is_stopped_with_a_sentence(monkeypatch, capsys):
    monkeypatch.setattr(checks, "CALL_SECONDS", 0.2)

    def steps_per_epoch(N, batch_size):
        seen = 0
        while seen != N:
            seen += batch_size
        return seen // batch_size

    assert checks.check_steps_per_epoch("6.2", steps_per_epoch) is False
    assert "steps_per_epoch did not return within 0.2 s: an endless loop?" in capsys.readouterr().out


def momentum_with_the_slides_letter(theta, g, m, eta, beta):
    m = beta * m + (1 - beta) * g
    return theta - eta * m, m


def adam_with_xor(th, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    return th - lr * (m / (1 - beta1 ^ t)) / (np.sqrt(s / (1 - beta2 ^ t)) + eps), m, s


def adam_state_swapped(th, g, m, s, t, lr, beta1, beta2, eps):
    th, m, s = adam(th, g, m, s, t, lr, beta1, beta2, eps)
    return th, s, m


@pytest.mark.parametrize("check, answer, hint", [
    (checks.check_momentum, momentum_with_the_slides_letter, "keep the parameter names of the exercise's stub"),
    (checks.check_adam, adam_with_xor, "^ is the bitwise xor: a power is written **"),
    (checks.check_adam, adam_state_swapped, "return (theta, m, s), in that order"),
])
def test_optimizer_answers_that_rename_xor_or_reorder(check, answer, hint, capsys):
    assert check("5", answer) is False
    assert hint in capsys.readouterr().out


def test_a_part_that_is_none_is_not_called_a_missing_return(capsys):
    assert checks.check_collapse("2.1", lambda W1, b1, W2, b2: (W2 @ W1, None)) is False
    out = capsys.readouterr().out
    assert "b is None" in out and "return" not in out


def test_three_gradients_in_one_array_get_the_tuple_hint(capsys):
    def backward(dZ, X, W):
        return np.array([dZ @ W, dZ.T @ X, dZ.sum(axis=0)])

    assert checks.check_dense("3.1", dense_forward, backward) is False
    assert "return them as a tuple" in capsys.readouterr().out


def test_a_gradient_dict_may_carry_the_loss_beside_the_four_gradients(capsys):
    def gradients(X, y, W1, b1, W2, b2):
        grads = checks._two_layer_reference(X, y, W1, b1, W2, b2)
        Y_hat = np.tanh(X @ W1.T + b1) @ W2.T + b2
        return {**grads, "loss": np.mean((Y_hat - y) ** 2)}

    assert checks.check_two_layer_gradients("4.1", gradients) is True
