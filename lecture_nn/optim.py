r"""The optimizers of the slides: SGD, Momentum, RMSprop, Adam, each written as its update rule.

Notation of the slides: parameters $\theta$, gradient $g = \partial L / \partial \theta$ at
$\theta^{(k-1)}$, learning rate $\eta$ (``lr``), step $k$ (``t`` counts the steps taken). Every rule
is elementwise, so it reads the same for one number, a weight matrix or all parameters at once.

Each optimizer is one class whose ``update`` is the slide's formula. It takes $\theta$, $g$, the
state (a dict of arrays, all zero before the first step) and the hyperparameters, and *returns* the
new $\theta$ and the new state; the base class (:class:`lecture_nn.optimizer.Optimizer`) writes them
back into every parameter, so a rule cannot silently change nothing. What is plumbing (validation,
the flat vectors that make one step a handful of numpy calls, saving and resuming) lives there.

A new optimizer is added here and in ``tests/test_optim.py`` only: a class with its ``update``,
its ``hyperparameters`` (what each one is: :class:`~lecture_nn.optimizer.Hyperparameter`), the names
of its state and a colour. It then trains in ``fit``, saves and loads, and takes part in the race,
the learning-rate explorer and the playground, each hyperparameter set by the control its
``Hyperparameter.control`` names.
"""

from __future__ import annotations

import numpy as np

from . import fast_updates
from .optimizer import OPTIMIZERS, Hyperparameter, Optimizer

__all__ = ["Optimizer", "SGD", "Momentum", "RMSprop", "Adam", "OPTIMIZERS", "Hyperparameter",
           "LEARNING_RATE", "BETA_M", "BETA_S", "EPSILON"]

#: η: how far each step goes
LEARNING_RATE = Hyperparameter("η", "the learning rate", low=0.0, low_open=True, control="lr")
#: β of the running mean of the gradient, m (Momentum's β, Adam's β₁)
BETA_M = Hyperparameter("β", "the decay of the running mean m of g", low=0.0, high=1.0, high_open=True,
                        control="beta")
#: β of the running mean of the squared gradient, E[g²] (RMSprop's β, Adam's β₂)
BETA_S = Hyperparameter("β", "the decay of the running mean E[g²] of g²", low=0.0, high=1.0, high_open=True,
                        control="beta2")
#: ε: keeps the division finite while E[g²] is still tiny
EPSILON = Hyperparameter("ε", "the term that keeps the division finite", low=0.0)


def _divided(a, b):
    """``a / b``, and 0 where ``b`` is 0: that happens only with ``eps = 0`` in a component that has had no
    gradient yet (so ``a`` is 0 there too), where ``0 / 0`` would write NaN into the parameter."""
    return np.divide(a, b, out=np.zeros(np.broadcast(a, b).shape, dtype=np.result_type(a, b)), where=b != 0)


class SGD(Optimizer):
    r"""(Mini-batch) stochastic gradient descent, the slide's update.

    $$\theta^{(k)} \leftarrow \theta^{(k-1)} - \eta\, g$$

    ``lr`` = $\eta$ (required, no default). No state. Whether this is SGD or mini-batch SGD
    depends only on the batch the gradient came from (see ``fit(batch_size=...)``).
    """

    hyperparameters = {"lr": LEARNING_RATE}
    state_names = ()
    color = "#0072B2"

    @staticmethod
    def update(theta, g, state, *, lr):
        return theta - lr * g, state

    fast_update = staticmethod(fast_updates.sgd)  # the same arithmetic in place (tested equal)

    def __init__(self, params, lr):
        super().__init__(params, lr=lr)


class Momentum(Optimizer):
    r"""Momentum SGD in the slide's exponential-moving-average form.

    $$m^{(k)} \leftarrow \beta\, m^{(k-1)} + (1 - \beta)\, g, \qquad
      \theta^{(k)} \leftarrow \theta^{(k-1)} - \eta\, m^{(k)}$$

    ``lr`` = $\eta$ (required), ``beta`` = $\beta$ (default 0.9); state ``m`` starts at 0.

    Other conventions: torch's ``SGD(momentum=beta)``, d2l and the "heavy ball" $v \leftarrow
    \beta v + g$, $\theta \leftarrow \theta - \eta' v$ have no $(1 - \beta)$; cs231n writes
    $v \leftarrow \mu v - \eta' g$, $\theta \leftarrow \theta + v$. Since $m^{(k)} = (1 - \beta) v^{(k)}$, all
    three give the same trajectory when $\eta = \eta' / (1 - \beta)$: use
    ``Momentum.from_heavy_ball(params, lr=eta_prime, beta=beta)``.
    """

    hyperparameters = {"lr": LEARNING_RATE, "beta": BETA_M}
    state_names = ("m",)
    color = "#E69F00"

    @staticmethod
    def update(theta, g, state, *, lr, beta):
        m = beta * state["m"] + (1 - beta) * g
        return theta - lr * m, {"m": m}

    fast_update = staticmethod(fast_updates.momentum)  # the same arithmetic in place (tested equal)

    def __init__(self, params, lr, beta=0.9):
        super().__init__(params, lr=lr, beta=beta)

    @classmethod
    def from_heavy_ball(cls, params, lr, beta=0.9):
        """The EMA-form optimizer equal to heavy-ball / torch momentum with learning rate ``lr``."""
        who = f"{cls.__name__}.from_heavy_ball"
        lr_, beta_ = LEARNING_RATE.check(lr, who, "lr"), BETA_M.check(beta, who, "beta")
        return cls(params, lr=lr_ / (1 - beta_), beta=beta)


class RMSprop(Optimizer):
    r"""RMSprop as on the slide: each component's step is scaled by its running RMS gradient.

    $$\mathbb{E}[g^2]^{(k)} \leftarrow \beta\, \mathbb{E}[g^2]^{(k-1)} + (1 - \beta)\, g^2,
      \qquad \theta^{(k)} \leftarrow \theta^{(k-1)} - \frac{\eta}{\sqrt{\mathbb{E}[g^2]^{(k)} +
      \varepsilon}}\, g$$

    ``lr`` = $\eta$ (required), ``beta`` = $\beta$ (default 0.9), ``eps`` = $\varepsilon$
    (default 1e-8); state ``s`` = $\mathbb{E}[g^2]$ starts at 0.

    The slide (and d2l) put $\varepsilon$ inside the square root. torch's ``RMSprop`` (``alpha``
    = $\beta$, default 0.99), Keras and cs231n put it outside, $g / (\sqrt{s} + \varepsilon)$; the two
    agree to within $\varepsilon$-sized terms once $s \gg \varepsilon$, and differ while
    gradients are tiny (inside: the step is at most $\eta g / \sqrt{\varepsilon}$).
    """

    hyperparameters = {"lr": LEARNING_RATE, "beta": BETA_S, "eps": EPSILON}
    state_names = ("s",)
    color = "#009E73"

    @staticmethod
    def update(theta, g, state, *, lr, beta, eps):
        s = beta * state["s"] + (1 - beta) * g ** 2
        return theta - lr * _divided(g, np.sqrt(s + eps)), {"s": s}

    fast_update = staticmethod(fast_updates.rmsprop)  # the same arithmetic in place (tested equal)

    def __init__(self, params, lr, beta=0.9, eps=1e-8):
        super().__init__(params, lr=lr, beta=beta, eps=eps)


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015): momentum and RMSprop combined, with bias correction.

    $$m^{(k)} \leftarrow \beta_1 m^{(k-1)} + (1-\beta_1)\, g, \qquad
      s^{(k)} \leftarrow \beta_2 s^{(k-1)} + (1-\beta_2)\, g^2$$
    $$\hat m = \frac{m^{(k)}}{1 - \beta_1^k}, \qquad \hat s = \frac{s^{(k)}}{1 - \beta_2^k},
      \qquad \theta^{(k)} \leftarrow \theta^{(k-1)} - \eta\, \frac{\hat m}{\sqrt{\hat s} +
      \varepsilon}$$

    ``lr`` = $\eta$ (default 1e-3), ``beta1`` = $\beta_1$ (0.9), ``beta2`` = $\beta_2$ (0.999),
    ``eps`` = $\varepsilon$ (1e-8); state ``m``, ``s`` start at 0; $k$ is the number of this step
    (``t`` after it), one count for the whole optimizer. Identical to ``torch.optim.Adam`` (defaults,
    $\varepsilon$ outside the root, bias correction). Without the correction $m$ and $s$ start biased
    towards 0; with it, the first step is $\eta\, g / (|g| + \varepsilon) \approx \eta$ in every component.
    """

    hyperparameters = {"lr": LEARNING_RATE, "beta1": BETA_M, "beta2": BETA_S, "eps": EPSILON}
    state_names = ("m", "s")
    color = "#CC79A7"

    @staticmethod
    def update(theta, g, state, *, k, lr, beta1, beta2, eps):
        m = beta1 * state["m"] + (1 - beta1) * g
        s = beta2 * state["s"] + (1 - beta2) * g ** 2
        m_hat, s_hat = m / (1 - beta1 ** k), s / (1 - beta2 ** k)
        return theta - lr * _divided(m_hat, np.sqrt(s_hat) + eps), {"m": m, "s": s}

    fast_update = staticmethod(fast_updates.adam)  # the same arithmetic in place (tested equal)

    def __init__(self, params, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(params, lr=lr, beta1=beta1, beta2=beta2, eps=eps)
