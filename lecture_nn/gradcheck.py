r"""Gradient checking: compare backprop with central differences.

$\frac{\partial f}{\partial \theta_k} \approx \frac{f(\theta + h e_k) - f(\theta - h e_k)}{2h}$,
error $O(h^2)$ from the Taylor series plus about $\epsilon_{\text{machine}} |f| / h$ from
rounding; $h = 10^{-5}$ in float64 balances the two, so a correct backward agrees to
about $10^{-9}$ or better (see ``rel_error``), and a wrong one is off by $10^{-2}$ or more.

A NaN or inf never agrees with anything: ``rel_error`` refuses it, naming the argument and the
index, and ``check_gradients`` names the parameter whose gradient holds it.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._checks import all_finite, describe, first_nonfinite, number
from .arguments import (finite_weights, inputs, is_complex, largest_abs, loss_arg, loss_targets, loss_value,
                        model_arg, outputs, targets)
from .errors import InputError, LectureNNError
from .losses import Loss

__all__ = ["numerical_gradient", "rel_error", "check_gradients", "GradientCheck"]


def _step(h) -> float:
    """The central-difference step: a number in (0, 1] (beyond 1 it measures no derivative)."""
    return number(h, "h (the central-difference step)", 0, 1, low_open=True)


class _NotFinite(Exception):
    """f gave NaN/inf at x[index] moved by ``sign`` h (internal: each caller words its own message)."""

    def __init__(self, index, sign, value):
        super().__init__(index, sign, value)
        self.index, self.sign, self.value = index, sign, value


def _central_differences(f, x: np.ndarray, h: float, call) -> np.ndarray:
    """The gradient of ``call(f, x)`` by central differences, x moved in place and always restored."""
    grad = np.zeros_like(x)
    for k in np.ndindex(x.shape):  # indexing x itself: works for views and non-contiguous arrays too
        old = x[k]
        if old + h == old or old - h == old:
            raise InputError(f"h = {h:g} is lost in the rounding of x[{', '.join(map(str, k))}] = {old:g} "
                             "(x + h == x): use a larger h")
        try:
            x[k] = old + h
            f_plus = call(f, x, k, "+")
            x[k] = old - h
            f_minus = call(f, x, k, "-")
        finally:
            x[k] = old
        grad[k] = (f_plus - f_minus) / (2 * h)
    return grad


def _call_f(f, x, k, sign) -> float:
    try:
        value = f(x)
    except Exception as e:  # noqa: BLE001 - the student's function: say where it failed
        raise InputError(f"numerical_gradient: f(x) raised {type(e).__name__}: {e}") from e
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(())[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InputError(f"numerical_gradient: f must return a number (the loss), got {describe(value)}")
    value = float(value)
    if not math.isfinite(value):
        raise _NotFinite(k, sign, value)
    return value


def numerical_gradient(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    r"""Central-difference gradient of a scalar function ``f(x)`` at the array ``x``.

    ``x`` is perturbed in place one entry at a time and restored (also when ``f`` raises), so
    ``f`` may read it through a model (``f = lambda _: loss_fn(model(X), y)``). Costs
    $2 \times$ ``x.size`` calls of ``f``. ``h``: the step, in (0, 1].
    """
    if isinstance(f, type) or not callable(f):
        raise InputError(f"numerical_gradient: f must be a function of x that returns the loss (a number), "
                         f"got {describe(f)}")
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise InputError(f"numerical_gradient expects a float numpy array x, got {type(x).__name__}"
                         + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else ""))
    if x.dtype != np.float64:
        raise InputError(f"numerical_gradient needs float64 (x is {x.dtype}): with float32 rounding "
                         "the central difference is only good to ~1e-2; build the model in float64")
    if not x.flags.writeable:
        raise InputError("numerical_gradient: x must be a writable array (each entry is moved by h and back)")
    if not all_finite(x):
        raise InputError(f"numerical_gradient: x has {first_nonfinite(x)}")
    h = _step(h)
    try:
        return _central_differences(f, x, h, _call_f)
    except _NotFinite as e:
        where = ", ".join(map(str, e.index))
        raise InputError(f"numerical_gradient: f returned {e.value} at x with x[{where}] moved by {e.sign}h "
                         f"(h = {h:g}): f overflows or is undefined there; check f, or try a smaller h") from None


def _gradient_array(v, name: str) -> np.ndarray:
    if is_complex(v):
        raise InputError(f"rel_error: {name} must hold real numbers, got complex values")
    if v is None or isinstance(v, (str, bytes, dict, set)) or callable(v):
        raise InputError(f"rel_error: {name} must be an array of numbers (a gradient), got {describe(v)}")
    try:
        a = np.asarray(v, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise InputError(f"rel_error: {name} must be an array of numbers (a gradient), could not convert "
                         f"{describe(v)}: {e}") from None
    if not all_finite(a):
        raise InputError(f"rel_error: {name} has {first_nonfinite(a)}; a gradient with NaN or inf agrees "
                         "with nothing (look for a division by zero or an overflow where it was computed)")
    return a


def rel_error(a, b) -> float:
    r"""Largest difference relative to the size of the gradient: $\max_k |a_k - b_k| / (\max_k |a_k| + \max_k |b_k|)$.

    Why not entry by entry, $|a_k - b_k| / (|a_k| + |b_k|)$? Rounding leaves every numerical
    entry with an absolute noise of about $10^{-11}$; an entry that is itself $10^{-6}$ (a
    weight that barely matters) would then show $10^{-5}$ although backprop is right. Measured
    against the largest entry, a correct gradient gives about $10^{-9}$ or less, and a wrong
    entry of ordinary size still shows $10^{-2}$ or more. Two all-zero arrays give 0; so do two
    empty ones. A NaN or inf in ``a`` or ``b`` raises an error naming the argument and the index.
    """
    a, b = _gradient_array(a, "a"), _gradient_array(b, "b")
    if a.shape != b.shape:
        raise InputError(f"rel_error expects a and b of one shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        scale = np.max(np.abs(a)) + np.max(np.abs(b))
        if scale == 0:
            return 0.0
        error = float(np.max(np.abs(a - b)) / scale)
        if not math.isfinite(error):  # entries near the float64 limit: measure in units of the largest
            m = max(np.max(np.abs(a)), np.max(np.abs(b)))
            a, b = a / m, b / m
            error = float(np.max(np.abs(a - b)) / (np.max(np.abs(a)) + np.max(np.abs(b))))
    return error


def _error_dict(values, name: str) -> dict:
    if not isinstance(values, dict):
        raise InputError(f"GradientCheck: {name} must be a dict parameter name -> error, got {describe(values)}")
    out = {}
    for key, v in values.items():
        if isinstance(v, np.ndarray) and v.ndim == 0:
            v = v[()]
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real) or not v >= 0 or math.isinf(v):
            raise InputError(f"GradientCheck: {name}[{key!r}] must be a finite number >= 0, got {describe(v)}")
        out[key] = float(v)
    return out


class GradientCheck(dict):
    """Per-parameter max relative error (a dict ``name -> error``) with a readable report.

    ``str(result)`` or ``print(result)`` gives a table; ``result.passed`` says whether every
    error is below ``result.tol``. ``unclear`` maps the parameters whose disagreement rounding
    alone could explain (a huge loss, a tiny h) to why: the report says "can't tell" for them
    instead of blaming the backward pass; they do not pass either.
    """

    def __init__(self, errors: dict, abs_errors: dict, tol: float, unclear: dict | None = None):
        errors = _error_dict(errors, "errors")
        abs_errors = _error_dict(abs_errors, "abs_errors")
        if set(abs_errors) != set(errors):
            raise InputError(f"GradientCheck: abs_errors must have the keys of errors {list(errors)}, "
                             f"got {list(abs_errors)}")
        unclear = {} if unclear is None else unclear
        if not isinstance(unclear, dict) or not set(unclear) <= set(errors):
            raise InputError(f"GradientCheck: unclear must be None or a dict whose keys are among {list(errors)}, "
                             f"got {describe(unclear)}")
        super().__init__(errors)
        self.abs_errors = abs_errors
        self.tol = number(tol, "tol", 0, 1, low_open=True, high_open=True)
        self.unclear = {name: str(why) for name, why in unclear.items()}

    @property
    def max_error(self) -> float:
        return max(self.values(), default=0.0)

    @property
    def passed(self) -> bool:
        return all(err < self.tol for err in self.values())

    def report(self) -> str:
        width = max([len("parameter")] + [len(str(n)) for n in self])
        lines = [f"{'parameter':<{width}}  rel. error  verdict"]
        for name, err in self.items():
            verdict = "ok" if err < self.tol else "WRONG? check this gradient"
            if err >= self.tol and name in self.unclear:
                verdict = f"can't tell: {self.unclear[name]}"
            lines.append(f"{name!s:<{width}}  {err:10.1e}  {verdict}")
        summary = "all gradients agree" if self.passed else (
            "some gradients disagree" if any(e >= self.tol and n not in self.unclear for n, e in self.items())
            else "rounding hides whether the gradients agree")
        lines.append(f"{summary} (tolerance {self.tol:.0e})")
        return "\n".join(lines)

    __str__ = report

    def __repr__(self):
        return self.report()

    def _repr_pretty_(self, p, cycle):
        p.text(self.report())


def check_gradients(model, loss_fn, X, y, *, h: float = 1e-5, tol: float = 1e-7) -> GradientCheck:
    """Compare ``model.backward`` with central differences for every parameter.

    Runs one forward and backward pass, then $2P$ forward passes for the $P$ parameters, so
    keep the model and the batch small. Needs a float64 model with finite weights. Returns a
    :class:`GradientCheck`. A gradient with NaN or inf never passes: the check raises an error
    naming the parameter and the index (``Dense1.W has nan at index (0, 0)``).
    """
    model = model_arg(model, "check_gradients")
    loss_fn = loss_arg(loss_fn, "check_gradients")
    h = _step(h)
    tol = number(tol, "tol", 0, 1, low_open=True, high_open=True)
    params = _float64_parameters(model)
    X = inputs(model, X, "X", "check_gradients")
    y = targets(y, "y", X.shape[0], "X", "check_gradients")
    y = loss_targets(loss_fn, y, "y", outputs(model, X, "check_gradients").shape, X.dtype, "check_gradients")

    # X and y are checked: the 2P forward passes skip the checks (and report a NaN/inf loss as a value)
    def f(_):
        pred = model.forward(X, check=False)
        loss = loss_fn.forward(pred, y, check=False) if isinstance(loss_fn, Loss) else loss_fn.forward(pred, y)
        return loss_value(loss, "check_gradients")

    loss, analytic = _backprop_gradients(model, loss_fn, params, f, X, y)
    result = _compare(f, params, analytic, loss, h, tol)
    with np.errstate(over="ignore", invalid="ignore"):
        # leave the model as a plain forward/backward would: gradients from the backprop pass
        loss_fn.forward(model.forward(X), y)
        model.backward(loss_fn.backward())
    return result


def _float64_parameters(model) -> list:
    """The model's (name, parameter) pairs, if there are any, all float64 and finite."""
    params = model.named_parameters()
    if not params:
        raise InputError(f"check_gradients: model {model!r} has no parameters to check")
    for name, p in params:
        if p.value.dtype != np.float64:
            raise InputError(f"check_gradients needs a float64 model, parameter {name} is {p.value.dtype}; "
                             "build it with dtype=np.float64 (the default)")
    finite_weights(model, "check_gradients")
    return params


def _backprop_gradients(model, loss_fn, params: list, f, X: np.ndarray, y: np.ndarray) -> tuple[float, dict]:
    """The loss L = f(weights) and what one backward pass gives as dL/dp for every parameter p (finite)."""
    with np.errstate(over="ignore", invalid="ignore"):
        loss = f(None)
        if not math.isfinite(loss):
            raise InputError(f"check_gradients: the loss of model on X, y is {loss} at the weights themselves, an "
                             f"overflow (the largest |X| is {largest_abs(X)}, |y| {largest_abs(y)}); use smaller data")
        backward_error = None
        try:
            model.backward(loss_fn.backward())
        except LectureNNError as e:  # e.g. a NaN on its way to dL/dX: name the parameter it reached first
            backward_error = e
    analytic = {}
    for name, p in params:
        g = p.grad
        if g is None or np.shape(g) != p.value.shape:
            if backward_error is not None:
                break
            raise InputError(f"check_gradients: model.backward left parameter {name} with "
                             f"{'no gradient (grad is None)' if g is None else f'a gradient of shape {np.shape(g)}'}, "
                             f"expected one of shape {p.value.shape}")
        g = np.array(g, dtype=np.float64)
        if not all_finite(g):
            raise InputError(f"check_gradients: {name} has {first_nonfinite(g)} in its gradient from "
                             f"model.backward, so it cannot agree with central differences (look for a "
                             f"division by zero, a log of 0 or an overflow in the backward pass)")
        analytic[name] = g
    if backward_error is not None:
        raise InputError(f"check_gradients: model.backward raised {type(backward_error).__name__}: "
                         f"{backward_error}") from backward_error
    return loss, analytic


def _call_loss(f, x, k, sign) -> float:
    """The loss f(x) with x[k] moved by ``sign`` h; NaN/inf is reported as :class:`_NotFinite`."""
    value = f(x)
    if not math.isfinite(value):
        raise _NotFinite(k, sign, value)
    return value


def _compare(f, params: list, analytic: dict, loss: float, h: float, tol: float) -> GradientCheck:
    """Central differences of f for every parameter against the backprop gradients ``analytic``."""
    # rounding moves every loss value by about eps |L|, so a central difference by about eps |L| / h
    noise = np.finfo(np.float64).eps * abs(loss) / h
    errors, abs_errors, unclear = {}, {}, {}
    with np.errstate(over="ignore", invalid="ignore"):
        for name, p in params:
            try:
                numeric = _central_differences(f, p.value, h, _call_loss)
            except _NotFinite as e:
                where = ", ".join(map(str, e.index))
                raise InputError(f"check_gradients: the loss becomes {e.value} when {name}[{where}] moves by "
                                 f"{e.sign}h (h = {h:g}); try a smaller h") from None
            except InputError as e:  # h lost in the rounding of a huge weight
                raise InputError(f"check_gradients: parameter {name}: {e}") from None
            errors[name] = rel_error(analytic[name], numeric)
            abs_errors[name] = float(np.max(np.abs(analytic[name] - numeric), initial=0.0))
            if errors[name] >= tol and noise >= abs_errors[name] / 10:  # the disagreement is rounding's size
                unclear[name] = (f"rounding alone (eps |L| / h = {noise:.1e} with L = {loss:.1e}) can explain "
                                 "this; use a larger h, or scale X and y down")
    return GradientCheck(errors, abs_errors, tol, unclear)
