"""Checkers for the exercises: each runs a student's function on several inputs and answers in one
line, either that it passed or what is wrong, with a hint. Never a bare traceback.

Each ``check_*`` function prints its verdict and returns True or False. A function that still
raises ``NotImplementedError`` gets "not done yet". Where a classic mistake is known (a missing
factor, a wrong sign, a convention mixed up), the checker recognises it by running the mistake
itself on the same inputs, and says which one it is.
"""

from __future__ import annotations

import functools
import numbers

import numpy as np

from . import activations as _act
from .errors import InputError

__all__ = ["check_activation", "check_batches", "check_steps_per_epoch", "check_momentum", "check_rmsprop",
           "check_adam", "check_collapse", "check_min_norm_fit", "check_threshold", "check_dense",
           "check_chain_rule_factors", "check_two_layer_gradients", "ACTIVATION_EXERCISES", "TASKS"]

PASS, FAIL = "\u2714", "\u2718"

#: every task of the exercise notebooks: notebook -> {task: (checker, the student's functions it is given)}
TASKS = {
    "01_activations": {
        "1.1": ("check_activation", ("relu", "relu_derivative")),
        "1.2": ("check_activation", ("elu", "elu_derivative")),
        "1.3": ("check_activation", ("softplus", "softplus_derivative")),
        "1.4": ("check_activation", ("sigmoid", "sigmoid_derivative")),
        "1.5": ("check_activation", ("tanh", "tanh_derivative")),
    },
    "02_linear_collapse": {"2.1": ("check_collapse", ("collapse",))},
    "03_dense_and_chain_rule": {"3.1": ("check_dense", ("dense_forward", "dense_backward")),
                                "3.2": ("check_chain_rule_factors", ("factors",))},
    "04_backprop_by_hand": {"4.1": ("check_two_layer_gradients", ("gradients",))},
    "05_optimizer_steps": {"5.1": ("check_momentum", ("momentum_step",)),
                           "5.2": ("check_rmsprop", ("rmsprop_step",)),
                           "5.3": ("check_adam", ("adam_step",))},
    "06_mini_batches": {"6.1": ("check_batches", ("make_batches",)),
                        "6.2": ("check_steps_per_epoch", ("steps_per_epoch",))},
    "07_interpolation_threshold": {"7.1": ("check_min_norm_fit", ("fit",)),
                                   "7.2": ("check_threshold", ("find_threshold",))},
}


def _say(exercise: str, ok: bool, message: str) -> bool:
    print(f"{PASS if ok else FAIL} Exercise {exercise}: {message}")
    return ok


class _NotAnExercise(InputError):
    """The notebook called a checker with an exercise number it does not have: the author's error, raised."""


def _one_line(check):
    """``check`` answering in one line whatever the student's functions return.

    The checkers look for the classic mistakes; what they do not foresee (a generator, a dict, a
    tuple where an array belongs, ...) makes numpy raise inside the checker. That becomes one ✘
    line naming the error, never a traceback.
    """
    @functools.wraps(check)
    def one_line(exercise, *functions, **kwargs):
        try:
            return check(exercise, *functions, **kwargs)
        except _NotAnExercise:
            raise
        except Exception as error:  # the checker met a return value it could not use
            return _say(exercise, False, f"the checker could not use what your function returned "
                        f"({type(error).__name__}: {error}). Return what the exercise asks for, of the "
                        f"type and shape it states")
    return one_line


def _not_a_number(got) -> str | None:
    """Why ``got`` is not the single number an exercise asks for, or None when it is one."""
    if isinstance(got, np.ndarray) and got.ndim == 0:
        got = got[()]
    if isinstance(got, (bool, np.bool_)):
        return f"returned {got}, a bool, where a number is asked"
    if isinstance(got, numbers.Real):
        return None
    if isinstance(got, np.ndarray):
        return f"returned an array of shape {got.shape} where a single number is asked"
    return f"returned {type(got).__name__} {got!r:.60} where a single number is asked"


def _call(exercise, fn, *args, **kwargs):
    """Run the student's ``fn``; returns (result, None) or (None, verdict already printed)."""
    try:
        return fn(*args, **kwargs), None
    except NotImplementedError:
        return None, _say(exercise, False, "not done yet (the function still raises NotImplementedError)")
    except Exception as error:  # the student sees what went wrong, without a traceback
        return None, _say(exercise, False, f"your function raised {type(error).__name__}: {error}")


def _compare(got, expected, what):
    """None when ``got`` matches ``expected``, else a sentence saying how it differs."""
    got = np.asarray(got, dtype=np.float64) if got is not None else None
    if got is None:
        return f"{what} returned None; did you forget `return`?"
    if got.shape != expected.shape:
        return f"{what} has shape {got.shape}, expected {expected.shape}"
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(expected)):
        bad = np.flatnonzero(~np.isfinite(got))[0]
        return f"{what} gives {got.flat[bad]} at index {bad}, an overflow"
    if not np.allclose(got, expected, rtol=1e-7, atol=1e-12):
        k = int(np.argmax(np.abs(got - expected)))
        return f"{what} is {got.flat[k]:.6g} at index {k}, expected {expected.flat[k]:.6g}"
    return None


# --- exercise 1: the slide's activations and their derivatives ------------------------------------

#: exercise number -> activation name
ACTIVATION_EXERCISES = {"1.1": "relu", "1.2": "elu", "1.3": "softplus", "1.4": "sigmoid", "1.5": "tanh"}

_MISTAKES = {
    "relu": [(lambda x: (x >= 0).astype(float), "relu'(0) must be 0 here (torch's convention): use x > 0, not x >= 0")],
    "elu": [(lambda x: np.where(x >= 0, 1.0, np.exp(np.minimum(x, 0)) - 1),
             "for x < 0 the derivative of e^x - 1 is e^x, without the -1")],
    "softplus": [(lambda x: 1 / (1 + np.exp(x)), "softplus'(x) = e^x / (1 + e^x) = sigmoid(x): check the sign")],
    "sigmoid": [(lambda x: _act.sigmoid(x) * (1 + _act.sigmoid(x)),
                 "sigmoid' = sigmoid (1 - sigmoid): minus, not plus"),
                (lambda x: _act.sigmoid(x) ** 2, "sigmoid' = sigmoid (1 - sigmoid), not sigmoid^2")],
    "tanh": [(lambda x: 1 - np.tanh(x), "tanh' = 1 - tanh^2: square the tanh"),
             (lambda x: 1 / np.cosh(x), "tanh' = 1 / cosh^2 x: square the cosh")],
}

_STABILITY_HINTS = {
    "softplus": "for large x compute max(x, 0) + log(1 + e^(-|x|)): e^1000 overflows",
    "sigmoid": "for large |x| use e^(-|x|): 1 / (1 + e^(-x)) overflows in e^(-x) when x = -1000",
    "elu": "np.where evaluates both branches: take e^x of min(x, 0) so e^1000 is never computed",
}


@_one_line
def check_activation(exercise: str, g, g_prime) -> bool:
    """Check an activation ``g`` and its derivative ``g_prime`` (functions of a numpy array).

    Inputs: ordinary values, x = 0 (ReLU's kink: its derivative is taken as 0 there), large
    |x| (1000: nothing may overflow), a single number in an array of shape (1,), and a 2D batch.
    """
    name = ACTIVATION_EXERCISES.get(exercise)
    if name is None:
        raise _NotAnExercise(f"no activation exercise {exercise!r}; expected one of {list(ACTIVATION_EXERCISES)}")
    reference, reference_prime, params, _ = _act.get_activation(name)
    cases = {
        "ordinary values": np.linspace(-3, 3, 13),
        "x = 0": np.array([0.0]),
        "a batch of shape (2, 3)": np.arange(-3.0, 3.0).reshape(2, 3) / 2,
        "large |x|": np.array([-1000.0, -50.0, 50.0, 1000.0]),
    }
    for label, x in cases.items():
        for fn, ref, what in ((g, reference, f"{name}(x)"), (g_prime, reference_prime, f"{name}'(x)")):
            if label == "large |x|":  # right values reached through an overflow still fail
                try:
                    with np.errstate(over="raise", invalid="raise", divide="raise"):
                        fn(x.copy())
                except FloatingPointError as error:
                    hint = _STABILITY_HINTS.get(name, "rewrite it so no exponential of a large number is taken")
                    return _say(exercise, False, f"{what} at x = ±1000: {error} (numpy warns, and a net's "
                                f"outputs become inf or nan). Hint: {hint}.")
                except Exception:
                    pass  # reported below with the plain call
            with np.errstate(all="ignore"):
                got, verdict = _call(exercise, fn, x.copy())
            if verdict is not None:
                return verdict
            problem = _compare(got, ref(x, **params), what)
            if problem is None:
                continue
            hint = ""
            if fn is g_prime:
                for mistake, mistake_hint in _MISTAKES.get(name, []):
                    with np.errstate(all="ignore"):
                        if np.allclose(np.asarray(got, dtype=float), mistake(x), rtol=1e-7, atol=1e-12):
                            hint = mistake_hint
                            break
            if not hint and label == "large |x|":
                hint = _STABILITY_HINTS.get(name, "")
            return _say(exercise, False, f"on {label}: {problem}." + (f" Hint: {hint}." if hint else ""))
    return _say(exercise, True, f"{name} and its derivative are right, at 0 and for large |x| too")


# --- exercise 6: mini-batches ----------------------------------------------------------------------

@_one_line
def check_batches(exercise: str, make_batches) -> bool:
    """Check ``make_batches(X, y, batch_size, rng)`` (an iterable of (X_batch, y_batch)), the slide's
    mini-batch SGD: shuffle the training set, then iterate through it in chunks of fixed size."""
    N, B = 10, 4
    X = np.arange(N, dtype=float)[:, None] * np.array([[1.0, -1.0]])  # row i is (i, -i)
    y = np.arange(N)
    got, verdict = _call(exercise, lambda: list(make_batches(X, y, B, np.random.default_rng(0))))
    if verdict is not None:
        return verdict
    try:
        pairs = [(np.asarray(xb), np.asarray(yb)) for xb, yb in got]
    except (TypeError, ValueError):
        return _say(exercise, False, "each item must be a pair (X_batch, y_batch)")
    sizes = [len(yb) for _, yb in pairs]
    if sum(sizes) < N and sizes and max(sizes) == B:
        return _say(exercise, False, f"batches of sizes {sizes} cover {sum(sizes)} of N = {N} samples. "
                    "Hint: keep the last, smaller batch (N is not a multiple of the batch size)")
    if sizes != [4, 4, 2]:
        return _say(exercise, False, f"batch sizes {sizes}, expected [4, 4, 2] for N = {N}, batch size {B}")
    seen = np.concatenate([yb for _, yb in pairs])
    if sorted(seen.tolist()) != list(range(N)):
        return _say(exercise, False, "not every sample appears exactly once per epoch. Hint: permute the "
                    "indices once, then slice the permuted data")
    for xb, yb in pairs:
        if xb.shape != (len(yb), 2) or not np.array_equal(xb[:, 0], yb):
            return _say(exercise, False, "X and y are no longer paired. Hint: shuffle both with the same "
                        "permutation, X[order] and y[order]")
    if seen.tolist() == list(range(N)):
        return _say(exercise, False, "the batches come in the original order. Hint: shuffle first (the slide: "
                    "'shuffle the training set, then iterate through it in chunks')")
    rng = np.random.default_rng(1)
    first = np.concatenate([yb for _, yb in make_batches(X, y, B, rng)])
    second = np.concatenate([yb for _, yb in make_batches(X, y, B, rng)])
    if np.array_equal(first, second):
        return _say(exercise, False, "two epochs with the same generator gave the same order. Hint: draw the "
                    "permutation from rng each time, do not reseed")
    return _say(exercise, True, "shuffled, in chunks, last partial batch kept, X and y paired")


@_one_line
def check_steps_per_epoch(exercise: str, steps_per_epoch) -> bool:
    """Check ``steps_per_epoch(N, batch_size)`` = ceil(N / B), against ``lecture_nn.batches``."""
    from .data import batches

    for N, B in [(1000, 32), (1000, 1), (1000, 1000), (1000, 3000), (10, 4), (96, 32)]:
        got, verdict = _call(exercise, steps_per_epoch, N, B)
        if verdict is not None:
            return verdict
        expected = len(list(batches(np.zeros((N, 1)), np.zeros(N), B, shuffle=False)))
        if _not_a_number(got):
            return _say(exercise, False, f"for N = {N}, batch size {B}: your function {_not_a_number(got)}")
        if got != expected:
            hint = ""
            if got == N // B:
                hint = " Hint: N // B drops the last, smaller batch; round up instead"
            elif got == N / B:
                hint = " Hint: a number of steps is a whole number; round N / B up"
            return _say(exercise, False, f"for N = {N}, batch size {B}: {got}, expected {expected}.{hint}")
    return _say(exercise, True, "ceil(N / B) steps per epoch, the last batch included")


# --- exercise 5: one step of Momentum, RMSprop and Adam ---------------------------------------------
# A student writes a pure function for one update. The checker runs it for 25 steps on an
# elongated quadratic (gradients of very different sizes per coordinate) and compares the whole
# trajectory with the slide's rule; a wrong trajectory is compared with the classic mistakes.

_H = np.array([1.0, 30.0])  # curvatures of f = (x^2 + 30 y^2) / 2: gradient (x, 30 y)
_START = np.array([-2.0, 0.5])
_STEPS = 25


def _trajectory(step, state_size, with_t, hp):
    """theta after each of _STEPS steps of ``step`` from _START; ``with_t`` passes the step number."""
    theta = _START.copy()
    state = [np.zeros(2) for _ in range(state_size)]
    path = []
    for t in range(1, _STEPS + 1):
        g = _H * theta
        args = [theta.copy(), g, *[x.copy() for x in state]] + ([t] if with_t else [])
        out = step(*args, **hp)
        out = tuple(out) if isinstance(out, (tuple, list)) else (out,)
        theta, state = np.asarray(out[0], dtype=np.float64), [np.asarray(o, dtype=np.float64) for o in out[1:]]
        path.append(theta)
    return np.array(path)


def _check_optimizer(exercise, name, student, reference, mistakes, state_size, with_t, hp):
    def run(step):
        return _trajectory(step, state_size, with_t, hp)

    got, verdict = _call(exercise, run, student)
    if verdict is not None:
        return verdict
    expected = run(reference)
    if got.shape != expected.shape:
        return _say(exercise, False, f"{name} returned values of the wrong shape: theta {got.shape[1:]}, expected (2,)")
    if np.allclose(got, expected, rtol=1e-10, atol=1e-12):
        return _say(exercise, True, f"{name} follows the slide's rule for {_STEPS} steps")
    k = int(np.argmax(np.any(~np.isclose(got, expected, rtol=1e-10, atol=1e-12), axis=1)))
    for mistake, hint in mistakes:
        with np.errstate(all="ignore"):
            if np.allclose(got, run(mistake), rtol=1e-10, atol=1e-12, equal_nan=True):
                return _say(exercise, False, f"{name} leaves the slide's path at step {k + 1}. Hint: {hint}.")
    return _say(exercise, False, f"{name} leaves the slide's path at step {k + 1}: theta = {np.round(got[k], 6)}, "
                f"expected {np.round(expected[k], 6)}. Compare each line with the slide's formulas.")


def _momentum(theta, g, m, lr, beta):
    m = beta * m + (1 - beta) * g
    return theta - lr * m, m


@_one_line
def check_momentum(exercise: str, momentum_step) -> bool:
    """``momentum_step(theta, g, m, lr, beta) -> (theta, m)``: the slide's EMA form."""
    mistakes = [
        (lambda th, g, m, lr, beta: (th - lr * (beta * m + g), beta * m + g),
         "the slide's m is an average: m = beta m + (1 - beta) g (without (1 - beta) it is the heavy-ball form, "
         "whose steps are 1/(1 - beta) times larger)"),
        (lambda th, g, m, lr, beta: (th + lr * (beta * m + (1 - beta) * g), beta * m + (1 - beta) * g),
         "step against the gradient: theta - lr m"),
        (lambda th, g, m, lr, beta: (th - lr * m, beta * m + (1 - beta) * g),
         "update m first, then step with the new m"),
    ]
    return _check_optimizer(exercise, "Momentum", momentum_step, _momentum, mistakes, 1, False,
                            {"lr": 0.02, "beta": 0.9})


def _rmsprop(theta, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g * g
    return theta - lr * g / np.sqrt(s + eps), s


@_one_line
def check_rmsprop(exercise: str, rmsprop_step) -> bool:
    """``rmsprop_step(theta, g, s, lr, beta, eps) -> (theta, s)``: eps inside the root, as on the slide."""
    def outside(th, g, s, lr, beta, eps):
        s = beta * s + (1 - beta) * g * g
        return th - lr * g / (np.sqrt(s) + eps), s

    def no_average(th, g, s, lr, beta, eps):
        s = beta * s + g * g
        return th - lr * g / np.sqrt(s + eps), s

    def no_root(th, g, s, lr, beta, eps):
        s = beta * s + (1 - beta) * g * g
        return th - lr * g / (s + eps), s

    mistakes = [
        (outside, "on the slide eps sits inside the root, sqrt(s + eps); sqrt(s) + eps is torch's convention"),
        (no_average, "E[g^2] is an average: s = beta s + (1 - beta) g^2"),
        (no_root, "divide by the root mean square, sqrt(s + eps), not by s"),
    ]
    return _check_optimizer(exercise, "RMSprop", rmsprop_step, _rmsprop, mistakes, 1, False,
                            {"lr": 0.01, "beta": 0.9, "eps": 1e-3})


def _adam(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat, s_hat = m / (1 - beta1 ** t), s / (1 - beta2 ** t)
    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


@_one_line
def check_adam(exercise: str, adam_step) -> bool:
    """``adam_step(theta, g, m, s, t, lr, beta1, beta2, eps) -> (theta, m, s)``, t = 1, 2, ... the step."""
    def uncorrected(th, g, m, s, t, lr, beta1, beta2, eps):
        m = beta1 * m + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g * g
        return th - lr * m / (np.sqrt(s) + eps), m, s

    def inside(th, g, m, s, t, lr, beta1, beta2, eps):
        m = beta1 * m + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g * g
        return th - lr * (m / (1 - beta1 ** t)) / np.sqrt(s / (1 - beta2 ** t) + eps), m, s

    def first_step_forever(th, g, m, s, t, lr, beta1, beta2, eps):
        return _adam(th, g, m, s, 1, lr, beta1, beta2, eps)

    mistakes = [
        (uncorrected, "bias correction missing: m_hat = m / (1 - beta1^t), s_hat = s / (1 - beta2^t)"),
        (inside, "Adam puts eps outside the root: sqrt(s_hat) + eps (unlike the RMSprop slide)"),
        (first_step_forever, "use the step number t in the bias correction: it grows 1, 2, 3, ..."),
    ]
    return _check_optimizer(exercise, "Adam", adam_step, _adam, mistakes, 2, True,
                            {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-3})


# --- exercise 2: linear collapse -------------------------------------------------------------------

@_one_line
def check_collapse(exercise: str, collapse) -> bool:
    r"""``collapse(W1, b1, W2, b2) -> (W, b)`` with $W_2 (W_1 x + b_1) + b_2 = W x + b$ for every x."""
    rng = np.random.default_rng(0)
    cases = {"square layers (3 -> 3 -> 3)": (3, 3, 3), "layers 4 -> 5 -> 2": (4, 5, 2)}
    for label, (d, d_hidden, d_out) in cases.items():
        W1, b1 = rng.standard_normal((d_hidden, d)), rng.standard_normal(d_hidden)
        W2, b2 = rng.standard_normal((d_out, d_hidden)), rng.standard_normal(d_out)
        got, verdict = _call(exercise, collapse, W1.copy(), b1.copy(), W2.copy(), b2.copy())
        if verdict is not None:
            return verdict
        try:
            W, b = (np.asarray(a, dtype=np.float64) for a in got)
        except (TypeError, ValueError):
            return _say(exercise, False, "return a pair (W, b)")
        if W.shape != (d_out, d):
            return _say(exercise, False, f"on {label}: W has shape {W.shape}, expected (d_out, d) = {(d_out, d)}. "
                        "Hint: W = W2 @ W1 maps d inputs to d_out outputs")
        if not np.allclose(W, W2 @ W1):
            hint = ""
            if W1.shape == W2.shape and np.allclose(W, W1 @ W2):
                hint = " Hint: x meets W1 first, so W = W2 @ W1, not W1 @ W2"
            elif d == d_out and np.allclose(W, (W2 @ W1).T):
                hint = " Hint: that is W transposed; W is (d_out, d)"
            return _say(exercise, False, f"on {label}: W is not W2 W1.{hint}")
        if b.shape != (d_out,):
            return _say(exercise, False, f"on {label}: b has shape {b.shape}, expected ({d_out},)")
        if not np.allclose(b, W2 @ b1 + b2):
            hint = ""
            if b1.shape == b2.shape and np.allclose(b, b1 + b2):
                hint = " Hint: b1 passes through the second layer too: b = W2 b1 + b2"
            return _say(exercise, False, f"on {label}: b is not W2 b1 + b2.{hint}")
    return _say(exercise, True, "two linear layers are one: W = W2 W1, b = W2 b1 + b2")


# --- exercise 7: the interpolation threshold ---------------------------------------------------------

@_one_line
def check_min_norm_fit(exercise: str, fit) -> bool:
    """``fit(Phi, y) -> a``: least squares for p <= n features, the minimum-norm interpolant for p > n."""
    from .double_descent import RandomReLUFeatures, teacher_data

    X, y, _, _ = teacher_data(30, d=4, noise=0.3, rng=0, n_test=10)
    Phi_all = RandomReLUFeatures(4, 90, rng=1).transform(X)
    for p in (10, 60, 90):
        Phi = Phi_all[:, :p]
        got, verdict = _call(exercise, fit, Phi.copy(), y.copy())
        if verdict is not None:
            if p > 30:
                print("   Hint: for p > n, Phi^T Phi is singular: use np.linalg.lstsq or np.linalg.pinv, "
                      "which return the minimum-norm solution.")
            return verdict
        expected = np.linalg.lstsq(Phi, y, rcond=None)[0]
        a = np.asarray(got, dtype=np.float64).reshape(-1) if got is not None else None
        if a is None or a.shape != (p,):
            return _say(exercise, False, f"with p = {p} features: expected weights of shape ({p},), got "
                        f"{None if a is None else a.shape}")
        if not np.allclose(a, expected, rtol=1e-6, atol=1e-8):
            interpolates = np.allclose(Phi @ a, y, atol=1e-8)
            hint = (" Hint: it fits the data, but among all weights that do, take the one of minimum norm "
                    "(np.linalg.pinv(Phi) @ y or np.linalg.lstsq)") if p > 30 and interpolates else ""
            return _say(exercise, False, f"with p = {p} features (n = 30): these are not the least-squares / "
                        f"minimum-norm weights.{hint}")
    return _say(exercise, True, "least squares below the threshold, minimum norm above it")


@_one_line
def check_threshold(exercise: str, find_threshold) -> bool:
    """``find_threshold(widths, train_errors) -> p``: the smallest width whose training error is zero
    (below 1e-10 of the largest), i.e. where the model starts to interpolate."""
    widths = np.array([5, 10, 20, 40, 60, 80, 120])
    train = np.array([0.9, 0.6, 0.3, 0.05, 1e-14, 1e-15, 1e-16])
    got, verdict = _call(exercise, find_threshold, widths.copy(), train.copy())
    if verdict is not None:
        return verdict
    if _not_a_number(got):
        return _say(exercise, False, f"your function {_not_a_number(got)} (the width p)")
    if got == 4:
        return _say(exercise, False, "that is the position in the list (4); return the width itself, widths[4]")
    if got != 60:
        return _say(exercise, False, f"got {got}, expected 60: the first width whose training error is ~0")
    return _say(exercise, True, "the model starts to interpolate at p = 60 here; with random features, p = n")


# --- exercise 3: Dense forward/backward and the chain rule's factors -----------------------------------

@_one_line
def check_dense(exercise: str, dense_forward, dense_backward) -> bool:
    """``dense_forward(X, W, b) -> Z`` and ``dense_backward(dZ, X, W) -> (dX, dW, db)`` for a batch."""
    rng = np.random.default_rng(0)
    for N, d, d_hidden in ((5, 3, 4), (1, 2, 2)):
        X, W, b = rng.standard_normal((N, d)), rng.standard_normal((d_hidden, d)), rng.standard_normal(d_hidden)
        dZ = rng.standard_normal((N, d_hidden))
        Z, verdict = _call(exercise, dense_forward, X.copy(), W.copy(), b.copy())
        if verdict is not None:
            return verdict
        problem = _compare(Z, X @ W.T + b, "Z")
        if problem:
            if np.shape(Z) == (N, d_hidden) and np.allclose(Z, X @ W.T):
                hint = "add the bias: Z = X @ W.T + b"
            else:
                hint = "rows of X are samples, so Z = X @ W.T + b"
            return _say(exercise, False, f"forward with N = {N}: {problem}. Hint: {hint}")
        out, verdict = _call(exercise, dense_backward, dZ.copy(), X.copy(), W.copy())
        if verdict is not None:
            return verdict
        try:
            dX, dW, db = out
        except (TypeError, ValueError):
            return _say(exercise, False, "dense_backward must return three arrays (dX, dW, db)")
        for got, expected, name, hint in ((dW, dZ.T @ X, "dW", "dW = dZ.T @ X has W's shape (d', d)"),
                                          (db, dZ.sum(axis=0), "db", "db sums dZ over the N samples"),
                                          (dX, dZ @ W, "dX", "dX = dZ @ W has X's shape (N, d)")):
            problem = _compare(got, expected, name)
            if problem:
                return _say(exercise, False, f"backward with N = {N}: {problem}. Hint: {hint}")
    return _say(exercise, True, "Z = X W^T + b, dW = dZ^T X, db = sum of dZ, dX = dZ W")


@_one_line
def check_chain_rule_factors(exercise: str, factors) -> bool:
    r"""``factors(x, y, W, w) -> (dL_dyhat, dDense2_dA1, dA1_dDense1, dDense1_dW)`` for one sample,
    $\hat y = w^T \tanh(W x)$, $L = (y - \hat y)^2$: a scalar, a d'-vector, a d' x d' (diagonal)
    matrix and a d' x d' x d tensor, as on the slide."""
    rng = np.random.default_rng(0)
    d, d_hidden = 3, 4
    x, W, w, y = rng.standard_normal(d), rng.standard_normal((d_hidden, d)), rng.standard_normal(d_hidden), 0.7
    z = W @ x
    expected = (np.array(2 * (w @ np.tanh(z) - y)), w, np.diag(1 - np.tanh(z) ** 2),
                np.einsum("jk,l->jkl", np.eye(d_hidden), x))
    out, verdict = _call(exercise, factors, x.copy(), y, W.copy(), w.copy())
    if verdict is not None:
        return verdict
    try:
        got = tuple(out)
        assert len(got) == 4
    except (TypeError, AssertionError):
        return _say(exercise, False, "return the four factors as a tuple, in the slide's order")
    names = ["dL/dy_hat", "dDense2/dActivation1", "dActivation1/dDense1", "dDense1/dW"]
    claims = ["a scalar", "a d'-vector", "a d' x d' matrix (diagonal)", "a d' x d' x d tensor"]
    hints = ["L = (y - y_hat)^2, so dL/dy_hat = 2 (y_hat - y): mind the sign",
             "y_hat = w^T a: its derivative with respect to a is w",
             "tanh acts elementwise: a diagonal matrix with tanh'(z_j) = 1 - tanh(z_j)^2 on it",
             "z_j = sum_l W_jl x_l, so dz_j/dW_kl = x_l if j = k, else 0"]
    for k, (g, e) in enumerate(zip(got, expected)):
        g = np.asarray(g, dtype=np.float64)
        if g.shape != e.shape:
            return _say(exercise, False, f"{names[k]} has shape {g.shape}; the slide says {claims[k]}, "
                        f"here {e.shape}")
        if not np.allclose(g, e, rtol=1e-7, atol=1e-12):
            return _say(exercise, False, f"{names[k]} has the right shape but not the right values. Hint: {hints[k]}")
    return _say(exercise, True, "all four factors, shapes and values, as on the slide")


# --- exercise 4: backprop of a two-layer net with MSE, by hand ---------------------------------------------

def _two_layer_reference(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    dY = 2 * (Y_hat - y) / y.size
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


@_one_line
def check_two_layer_gradients(exercise: str, gradients) -> bool:
    r"""``gradients(X, y, W1, b1, W2, b2) -> {"W1": .., "b1": .., "W2": .., "b2": ..}`` of the MSE of
    $\hat Y = \tanh(X W_1^T + b_1) W_2^T + b_2$; verified against central differences."""
    from .gradcheck import numerical_gradient, rel_error

    rng = np.random.default_rng(0)
    N, d, d_hidden = 6, 3, 5
    X, y = rng.standard_normal((N, d)), rng.standard_normal((N, 1))
    params = {"W1": rng.standard_normal((d_hidden, d)), "b1": rng.standard_normal(d_hidden),
              "W2": rng.standard_normal((1, d_hidden)), "b2": rng.standard_normal(1)}

    def loss(_):
        Y_hat = np.tanh(X @ params["W1"].T + params["b1"]) @ params["W2"].T + params["b2"]
        return np.mean((Y_hat - y) ** 2)

    numeric = {name: numerical_gradient(loss, value) for name, value in params.items()}
    got, verdict = _call(exercise, gradients, X.copy(), y.copy(), *[v.copy() for v in params.values()])
    if verdict is not None:
        return verdict
    if not isinstance(got, dict) or set(got) != set(params):
        return _say(exercise, False, f"return a dict with the keys {sorted(params)}")
    for name in params:
        try:
            g = np.asarray(got[name], dtype=np.float64)
        except (TypeError, ValueError):
            return _say(exercise, False, f"d{name} must be an array of numbers, got {type(got[name]).__name__}")
        if g.shape != params[name].shape:
            return _say(exercise, False, f"d{name} has shape {g.shape}, expected {params[name].shape} "
                        f"(the shape of {name})")
        if not np.isfinite(g).all():
            bad = tuple(int(i) for i in np.argwhere(~np.isfinite(g))[0])
            return _say(exercise, False, f"d{name} has {g[bad]} at index {bad}: a gradient is always a finite "
                        f"number here (look for a division by zero or an overflow)")
        error = rel_error(g, numeric[name])
        if error < 1e-6:
            continue
        ratio = np.sum(g * numeric[name]) / np.sum(numeric[name] ** 2)
        if np.allclose(g, -numeric[name], rtol=1e-5, atol=1e-9):
            hint = "wrong sign: dL/dy_hat = 2 (y_hat - y) / N"
        elif np.isclose(ratio, N, rtol=1e-4):
            hint = f"off by a factor N = {N}: the loss is a mean over the samples, so dL/dy_hat carries 1/N"
        elif np.isclose(ratio, 0.5, rtol=1e-4):
            hint = "off by a factor 2: the derivative of (y_hat - y)^2 is 2 (y_hat - y)"
        elif name in ("W1", "b1"):
            hint = "check the step through the activation: dZ1 = (dY @ W2) * tanh'(Z1), tanh' = 1 - tanh^2"
        else:
            hint = "compare each line with dY = 2 (Y_hat - y) / N, dW2 = dY^T A1, db2 = sum of dY"
        return _say(exercise, False, f"d{name} disagrees with central differences (relative error {error:.1e}). "
                    f"Hint: {hint}")
    return _say(exercise, True, "every gradient agrees with central differences (relative error below 1e-6)")
