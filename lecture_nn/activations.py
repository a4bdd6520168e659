r"""Activation functions $g$ of the slides and their derivatives $g'$, side by side.

Each ``name(x)`` is applied elementwise; each ``name_derivative(x, gx=None)`` returns
$g'(x)$ elementwise. ``gx`` is an optional, already computed $g(x)$: sigmoid, tanh and
ELU get their derivative from it without a second ``exp``.

All are safe for large $|x|$ (1e3 and beyond, float32 and float64): no ``exp`` of a large
positive number is ever taken, so there is no overflow, no inf/nan and no RuntimeWarning.

At a kink the derivative takes the value torch uses: ReLU'(0) = 0, leaky ReLU'(0) =
negative_slope; ELU'(0) = 1 because the slide puts $x = 0$ in the $x$ branch.
"""

from __future__ import annotations

import numpy as np

from ._checks import unknown_name

__all__ = [
    "relu", "relu_derivative",
    "elu", "elu_derivative",
    "softplus", "softplus_derivative",
    "sigmoid", "sigmoid_derivative",
    "tanh", "tanh_derivative",
    "identity", "identity_derivative",
    "leaky_relu", "leaky_relu_derivative",
    "ACTIVATIONS", "get_activation",
]


def _float(x) -> np.ndarray:
    x = np.asarray(x)
    return x if x.dtype.kind == "f" else x.astype(np.float64)


# --- the slide's five -------------------------------------------------------------------

def relu(x):
    r"""$\mathrm{ReLU}(x) = \max(0, x)$."""
    return np.maximum(_float(x), 0.0)


def relu_derivative(x, gx=None):
    r"""$\mathrm{ReLU}'(x) = 1$ for $x > 0$, else $0$ (0 at the kink, as torch)."""
    x = _float(x)
    return (x > 0).astype(x.dtype)


def elu(x, alpha=1.0):
    r"""$\mathrm{ELU}(x) = x$ for $x \ge 0$, $\alpha(e^x - 1)$ for $x < 0$ (slide: $\alpha = 1$)."""
    x = _float(x)
    # exp only of the non-positive part: never overflows for large positive x
    return np.where(x >= 0, x, alpha * np.expm1(np.minimum(x, 0)))


def elu_derivative(x, gx=None, alpha=1.0):
    r"""$\mathrm{ELU}'(x) = 1$ for $x \ge 0$, $\alpha e^x = \mathrm{ELU}(x) + \alpha$ for $x < 0$."""
    x = _float(x)
    negative = gx + alpha if gx is not None else alpha * np.exp(np.minimum(x, 0))
    return np.where(x >= 0, 1, negative).astype(x.dtype, copy=False)


def softplus(x):
    r"""$\mathrm{softplus}(x) = \log(1 + e^x)$, computed as $\max(x, 0) + \log(1 + e^{-|x|})$."""
    x = _float(x)
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def softplus_derivative(x, gx=None):
    r"""$\mathrm{softplus}'(x) = \mathrm{sigmoid}(x)$."""
    return sigmoid(x)


def sigmoid(x):
    r"""$\mathrm{sigmoid}(x) = 1 / (1 + e^{-x})$.

    With $e = e^{-|x|} \le 1$: $1/(1+e)$ for $x \ge 0$ and $e/(1+e)$ for $x < 0$, so no
    exponent is ever large and tiny values keep full relative precision.
    """
    x = _float(x)
    e = np.exp(-np.abs(x))
    s = 1 / (1 + e)
    return np.where(x >= 0, s, e * s)


def sigmoid_derivative(x, gx=None):
    r"""$\mathrm{sigmoid}'(x) = \mathrm{sigmoid}(x)\,(1 - \mathrm{sigmoid}(x))$."""
    s = sigmoid(x) if gx is None else gx
    return s * (1 - s)


def tanh(x):
    r"""$\tanh(x) = (e^x - e^{-x}) / (e^x + e^{-x})$ (numpy's, which is safe for large $|x|$)."""
    return np.tanh(_float(x))


def tanh_derivative(x, gx=None):
    r"""$\tanh'(x) = 1 - \tanh^2(x)$."""
    t = np.tanh(_float(x)) if gx is None else gx
    return 1 - t * t


# --- two more the notebooks use ----------------------------------------------------------

def identity(x):
    r"""$g(x) = x$: no nonlinearity (the "linear collapse" of notebook 01)."""
    return _float(x)


def identity_derivative(x, gx=None):
    r"""$g'(x) = 1$."""
    return np.ones_like(_float(x))


def leaky_relu(x, negative_slope=0.01):
    r"""$g(x) = x$ for $x \ge 0$, $a x$ for $x < 0$ with $a$ = ``negative_slope`` (torch: 0.01)."""
    x = _float(x)
    return np.where(x >= 0, x, negative_slope * x)


def leaky_relu_derivative(x, gx=None, negative_slope=0.01):
    r"""$g'(x) = 1$ for $x > 0$, $a$ otherwise (``negative_slope`` at the kink, as torch)."""
    x = _float(x)
    return np.where(x > 0, 1, negative_slope).astype(x.dtype, copy=False)


#: name -> (g, g', default parameters, relu-like?); relu-like ones get He initialisation.
ACTIVATIONS = {
    "relu": (relu, relu_derivative, {}, True),
    "elu": (elu, elu_derivative, {"alpha": 1.0}, True),
    "softplus": (softplus, softplus_derivative, {}, True),
    "sigmoid": (sigmoid, sigmoid_derivative, {}, False),
    "tanh": (tanh, tanh_derivative, {}, False),
    "identity": (identity, identity_derivative, {}, False),
    "leaky_relu": (leaky_relu, leaky_relu_derivative, {"negative_slope": 0.01}, True),
}


def get_activation(name: str):
    """``(g, g_derivative, default_params, relu_like)`` for an activation name.

    Unknown names raise ``ValueError`` listing the known ones.
    """
    if isinstance(name, str) and name.lower() in ACTIVATIONS:
        return ACTIVATIONS[name.lower()]
    raise unknown_name("activation", name, ACTIVATIONS)
