r"""Activation functions $g$ of the slides and their derivatives $g'$, side by side.

Each ``name(x)`` is applied elementwise; each ``name_derivative(x, gx=None)`` returns
$g'(x)$ elementwise. ``x`` is a number or an array of numbers of any shape (lists and ints are
fine; ints become float64, float32 stays float32); strings, None and complex numbers raise an
:class:`~lecture_nn.errors.InputError` naming ``x``.

All are safe for large $|x|$ (1e3 and beyond, float32 and float64): no ``exp`` of a large
positive number is ever taken, so there is no overflow, no inf/nan and no RuntimeWarning.
An entry of ``x`` that is NaN gives NaN (as ``np.tanh`` does): elementwise, a NaN in cannot
become a number out. ``x = ±inf`` gives the function's limit (``relu(inf) = inf``,
``sigmoid(-inf) = 0``).

``gx`` is an optional, already computed $g(x)$ (sigmoid, tanh and ELU get their derivative from
it without a second ``exp``). These public functions check that it is $g(x)$ for this ``x``;
the ``Activation`` module, whose input is checked once, calls the unchecked formulas
(``_relu``, ``_relu_derivative``, ...) and hands them its cached $g(x)$.

At a kink the derivative takes the value torch uses: ReLU'(0) = 0, leaky ReLU'(0) =
negative_slope; ELU'(0) = 1 because the slide puts $x = 0$ in the $x$ branch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ._checks import describe, float_array, number, unknown_name
from .errors import InputError

__all__ = [
    "relu", "relu_derivative",
    "elu", "elu_derivative",
    "softplus", "softplus_derivative",
    "sigmoid", "sigmoid_derivative",
    "tanh", "tanh_derivative",
    "identity", "identity_derivative",
    "leaky_relu", "leaky_relu_derivative",
    "ActivationSpec", "ACTIVATIONS", "SLIDE_ACTIVATIONS", "ACTIVATION_LABELS", "get_activation",
]


def _float(x) -> np.ndarray:
    x = np.asarray(x)
    if x.dtype.kind == "f":
        return x
    if x.dtype.kind == "c":  # numpy would drop the imaginary part with only a warning
        raise InputError("an activation got complex numbers; it takes real numbers only")
    return x.astype(np.float64)


def _x(x, who: str) -> np.ndarray:
    if type(x) is np.ndarray and x.dtype.kind == "f":
        return x  # the common case, checked in a fraction of a microsecond
    return float_array(x, "x", who)


def activation_param(value, name: str, who: str) -> float:
    """An activation's parameter (ELU's alpha, leaky ReLU's slope): one finite real number."""
    if type(value) is float and value - value == 0:
        return value  # finite float: the common case
    return number(value, f"{who}: {name}")


def _check_gx(gx, x: np.ndarray, name: str, g, **params):
    """``g(x)`` when ``gx`` is given and is ``g(x)`` (to rounding); an InputError otherwise."""
    if gx is None:
        return None
    who = f"{name}_derivative"
    gx = float_array(gx, "gx", who)
    shown = name + "(x" + "".join(f", {k}={v:g}" for k, v in params.items()) + ")"
    if gx.shape != x.shape:
        raise InputError(f"{who}: gx must be {shown} (the activation already computed for this x), "
                         f"of x's shape {x.shape}, got shape {gx.shape}")
    reference = g(x, **params)
    tol = max(1e-9, 1e3 * float(max(np.finfo(gx.dtype).eps, np.finfo(x.dtype).eps)))  # rounding, not error
    with np.errstate(invalid="ignore"):
        wrong = ~np.isclose(gx, reference, rtol=tol, atol=tol, equal_nan=True)
    if wrong.any():
        at = tuple(int(i) for i in np.argwhere(wrong)[0])
        raise InputError(f"{who}: gx must be {shown} (the activation already computed for this x); "
                         f"at index {at} x = {x[at]:g}, {shown} = {reference[at]:g}, got gx = {gx[at]:g}. "
                         "Leave gx out to have it computed")
    return reference


def _nan_where_nan(out: np.ndarray, x: np.ndarray) -> np.ndarray:
    """A derivative that compares x with 0 would turn NaN into 0 or 1: keep it NaN."""
    nan = np.isnan(x)
    if nan.any():
        out = np.where(nan, np.nan, out).astype(out.dtype, copy=False)
    return out


# --- the slide's five -------------------------------------------------------------------

def _relu(x):
    return np.maximum(_float(x), 0.0)


def _relu_derivative(x, gx=None):
    x = _float(x)
    return (x > 0).astype(x.dtype)


def relu(x):
    r"""$\mathrm{ReLU}(x) = \max(0, x)$."""
    return _relu(_x(x, "relu"))


def relu_derivative(x, gx=None):
    r"""$\mathrm{ReLU}'(x) = 1$ for $x > 0$, else $0$ (0 at the kink, as torch)."""
    x = _x(x, "relu_derivative")
    _check_gx(gx, x, "relu", _relu)
    return _nan_where_nan(_relu_derivative(x), x)


def _elu(x, alpha=1.0):
    x = _float(x)
    # exp only of the non-positive part: never overflows for large positive x
    return np.where(x >= 0, x, alpha * np.expm1(np.minimum(x, 0)))


def _elu_derivative(x, gx=None, alpha=1.0):
    x = _float(x)
    negative = gx + alpha if gx is not None else alpha * np.exp(np.minimum(x, 0))
    return np.where(x >= 0, 1, negative).astype(x.dtype, copy=False)


def _elu_quiet(x, alpha=1.0):
    """``_elu``; NaN entries give NaN without the warning some numpy versions print for expm1(NaN)."""
    if np.isnan(x).any():
        with np.errstate(invalid="ignore"):
            return _elu(x, alpha)
    return _elu(x, alpha)


def elu(x, alpha=1.0):
    r"""$\mathrm{ELU}(x) = x$ for $x \ge 0$, $\alpha(e^x - 1)$ for $x < 0$ (slide: $\alpha = 1$)."""
    return _elu_quiet(_x(x, "elu"), activation_param(alpha, "alpha", "elu"))


def elu_derivative(x, gx=None, alpha=1.0):
    r"""$\mathrm{ELU}'(x) = 1$ for $x \ge 0$, $\alpha e^x = \mathrm{ELU}(x) + \alpha$ for $x < 0$."""
    x = _x(x, "elu_derivative")
    alpha = activation_param(alpha, "alpha", "elu_derivative")
    return _elu_derivative(x, _check_gx(gx, x, "elu", _elu_quiet, alpha=alpha), alpha)


def _softplus(x):
    x = _float(x)
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def _softplus_derivative(x, gx=None):
    return _sigmoid(x)


def softplus(x):
    r"""$\mathrm{softplus}(x) = \log(1 + e^x)$, computed as $\max(x, 0) + \log(1 + e^{-|x|})$."""
    return _softplus(_x(x, "softplus"))


def softplus_derivative(x, gx=None):
    r"""$\mathrm{softplus}'(x) = \mathrm{sigmoid}(x)$."""
    x = _x(x, "softplus_derivative")
    _check_gx(gx, x, "softplus", _softplus)
    return _softplus_derivative(x)


def _sigmoid(x):
    x = _float(x)
    e = np.exp(-np.abs(x))
    s = 1 / (1 + e)
    return np.where(x >= 0, s, e * s)


def _sigmoid_derivative(x, gx=None):
    s = _sigmoid(x) if gx is None else gx
    return s * (1 - s)


def sigmoid(x):
    r"""$\mathrm{sigmoid}(x) = 1 / (1 + e^{-x})$.

    With $e = e^{-|x|} \le 1$: $1/(1+e)$ for $x \ge 0$ and $e/(1+e)$ for $x < 0$, so no
    exponent is ever large and tiny values keep full relative precision.
    """
    return _sigmoid(_x(x, "sigmoid"))


def sigmoid_derivative(x, gx=None):
    r"""$\mathrm{sigmoid}'(x) = \mathrm{sigmoid}(x)\,(1 - \mathrm{sigmoid}(x))$."""
    x = _x(x, "sigmoid_derivative")
    return _sigmoid_derivative(x, _check_gx(gx, x, "sigmoid", _sigmoid))


def _tanh(x):
    return np.tanh(_float(x))


def _tanh_derivative(x, gx=None):
    t = np.tanh(_float(x)) if gx is None else gx
    return 1 - t * t


def tanh(x):
    r"""$\tanh(x) = (e^x - e^{-x}) / (e^x + e^{-x})$ (numpy's, which is safe for large $|x|$)."""
    return _tanh(_x(x, "tanh"))


def tanh_derivative(x, gx=None):
    r"""$\tanh'(x) = 1 - \tanh^2(x)$."""
    x = _x(x, "tanh_derivative")
    return _tanh_derivative(x, _check_gx(gx, x, "tanh", _tanh))


# --- two more the notebooks use ----------------------------------------------------------

def _identity(x):
    return _float(x)


def _identity_derivative(x, gx=None):
    return np.ones_like(_float(x))


def identity(x):
    r"""$g(x) = x$: no nonlinearity (the "linear collapse" of notebook 01)."""
    return _identity(_x(x, "identity"))


def identity_derivative(x, gx=None):
    r"""$g'(x) = 1$."""
    x = _x(x, "identity_derivative")
    _check_gx(gx, x, "identity", _identity)
    return _nan_where_nan(_identity_derivative(x), x)


def _leaky_relu(x, negative_slope=0.01):
    x = _float(x)
    return np.where(x >= 0, x, negative_slope * x)


def _leaky_relu_derivative(x, gx=None, negative_slope=0.01):
    x = _float(x)
    return np.where(x > 0, 1, negative_slope).astype(x.dtype, copy=False)


def leaky_relu(x, negative_slope=0.01):
    r"""$g(x) = x$ for $x \ge 0$, $a x$ for $x < 0$ with $a$ = ``negative_slope`` (torch: 0.01)."""
    return _leaky_relu(_x(x, "leaky_relu"), activation_param(negative_slope, "negative_slope", "leaky_relu"))


def leaky_relu_derivative(x, gx=None, negative_slope=0.01):
    r"""$g'(x) = 1$ for $x > 0$, $a$ otherwise (``negative_slope`` at the kink, as torch)."""
    x = _x(x, "leaky_relu_derivative")
    a = activation_param(negative_slope, "negative_slope", "leaky_relu_derivative")
    _check_gx(gx, x, "leaky_relu", _leaky_relu, negative_slope=a)
    return _nan_where_nan(_leaky_relu_derivative(x, None, a), x)


class ActivationSpec(NamedTuple):
    """What ``ACTIVATIONS[name]`` holds: $g$, $g'$, the default parameters and the initialisation family.

    A tuple, so ``g, g_prime, _, _ = ACTIVATIONS["tanh"]`` works; code reads it by field name.
    """

    function: Callable  # g(x, **params)
    derivative: Callable  # g'(x, gx=None, **params)
    defaults: dict  # the default parameters, as in torch (ELU's alpha = 1, leaky ReLU's slope = 0.01)
    relu_like: bool  # relu-like activations get He initialisation, the others Glorot


#: name -> ActivationSpec(g, g', default parameters, relu-like?); every activation of the package
ACTIVATIONS = {
    "relu": ActivationSpec(relu, relu_derivative, {}, True),
    "elu": ActivationSpec(elu, elu_derivative, {"alpha": 1.0}, True),
    "softplus": ActivationSpec(softplus, softplus_derivative, {}, True),
    "sigmoid": ActivationSpec(sigmoid, sigmoid_derivative, {}, False),
    "tanh": ActivationSpec(tanh, tanh_derivative, {}, False),
    "identity": ActivationSpec(identity, identity_derivative, {}, False),
    "leaky_relu": ActivationSpec(leaky_relu, leaky_relu_derivative, {"negative_slope": 0.01}, True),
}
#: the five activations of the slide "Activation functions", in the slide's order
SLIDE_ACTIVATIONS = ("relu", "elu", "softplus", "sigmoid", "tanh")
#: name -> how the slides and the figures write it
ACTIVATION_LABELS = {"relu": "ReLU", "elu": "ELU", "softplus": "softplus", "sigmoid": "sigmoid", "tanh": "tanh",
                     "identity": "identity", "leaky_relu": "leaky ReLU"}

#: name -> (g, g') without checks, for the Activation module (its input is checked once)
KERNELS = {
    "relu": (_relu, _relu_derivative),
    "elu": (_elu, _elu_derivative),
    "softplus": (_softplus, _softplus_derivative),
    "sigmoid": (_sigmoid, _sigmoid_derivative),
    "tanh": (_tanh, _tanh_derivative),
    "identity": (_identity, _identity_derivative),
    "leaky_relu": (_leaky_relu, _leaky_relu_derivative),
}


def activation_name(name, argument: str = "name", who: str = "get_activation") -> str:
    """The known activation ``name`` stands for (case-insensitively), or an InputError naming ``argument``."""
    if isinstance(name, str):
        if name.lower() in ACTIVATIONS:
            return name.lower()
        raise InputError(f"{who}: {argument}: {unknown_name('activation', name, ACTIVATIONS)}")
    hint = ""
    if callable(name) and str(getattr(name, "__name__", "")).lower() in ACTIVATIONS:
        hint = f" (write the name {name.__name__.lower()!r}, a string)"
    raise InputError(f"{who}: {argument} must be the name of an activation, one of "
                     f"{', '.join(map(repr, ACTIVATIONS))}{hint}; got {describe(name)}")


def get_activation(name: str) -> ActivationSpec:
    """``ActivationSpec(function, derivative, defaults, relu_like)`` for an activation name (any case: ``"ReLU"``).

    Unknown names raise an InputError listing the known ones and the closest match.
    """
    return ACTIVATIONS[activation_name(name)]
