r"""The update rules of :mod:`lecture_nn.optim` again, in place: the same arithmetic, no new arrays.

Read ``optim.py`` for the rules; this module only makes them cheaper. Each function here does, operation
for operation, what the readable rule of the same name computes (so the results are equal bit for bit,
which ``tests/test_optim.py`` checks for every optimizer and step), but writes into the flat vectors
``theta`` and the ``state`` arrays and two scratch vectors instead of making new arrays: on a tiny net
a step then costs a few microseconds less, on a large one a few passes over memory less.

``Optimizer.fast`` (True by default) chooses this path for an optimizer class whose ``fast_update`` is
set beside its ``update``; ``Optimizer.fast = False`` runs the readable rules instead.
"""

from __future__ import annotations

import numpy as np

__all__ = ["sgd", "momentum", "rmsprop", "adam"]


def _divide_into(a, b, out, eps):
    """``out = a / b``, and 0 where ``b`` is 0 (as ``optim._divided``); ``out`` may be ``a``."""
    if np.ndim(eps) == 0 and eps > 0:  # the usual case: b >= eps > 0 everywhere
        return np.divide(a, b, out=out)
    nonzero = b != 0
    np.divide(a, b, out=out, where=nonzero)
    out[~nonzero] = 0
    return out


def sgd(theta, g, state, scratch, *, lr):
    step = np.multiply(g, lr, out=scratch[0])  # lr * g
    theta -= step


def momentum(theta, g, state, scratch, *, lr, beta):
    m, tmp = state["m"], scratch[0]
    m *= beta  # m = beta * m + (1 - beta) * g
    m += np.multiply(g, 1 - beta, out=tmp)
    theta -= np.multiply(m, lr, out=tmp)  # theta - lr * m


def rmsprop(theta, g, state, scratch, *, lr, beta, eps):
    s, tmp, ratio = state["s"], scratch[0], scratch[1]
    s *= beta  # s = beta * s + (1 - beta) * g ** 2
    np.multiply(g, g, out=tmp)
    s += np.multiply(tmp, 1 - beta, out=tmp)
    root = np.sqrt(np.add(s, eps, out=tmp), out=tmp)  # sqrt(s + eps)
    step = _divide_into(g, root, ratio, eps)
    theta -= np.multiply(step, lr, out=ratio)  # theta - lr * g / sqrt(s + eps)


def adam(theta, g, state, scratch, *, k, lr, beta1, beta2, eps):
    m, s, tmp, ratio = state["m"], state["s"], scratch[0], scratch[1]
    m *= beta1  # m = beta1 * m + (1 - beta1) * g
    m += np.multiply(g, 1 - beta1, out=tmp)
    s *= beta2  # s = beta2 * s + (1 - beta2) * g ** 2
    np.multiply(g, g, out=tmp)
    s += np.multiply(tmp, 1 - beta2, out=tmp)
    denominator = np.divide(s, 1 - beta2 ** k, out=tmp)  # s_hat
    np.sqrt(denominator, out=denominator)
    denominator += eps  # sqrt(s_hat) + eps
    m_hat = np.divide(m, 1 - beta1 ** k, out=ratio)
    step = _divide_into(m_hat, denominator, ratio, eps)
    theta -= np.multiply(step, lr, out=ratio)  # theta - lr * m_hat / (sqrt(s_hat) + eps)
