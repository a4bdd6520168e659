r"""The optimizers of the slides: SGD, Momentum, RMSprop, Adam.

Notation of the slides: parameters $\theta$, gradient $g = \partial L / \partial \theta$ at
$\theta^{(k-1)}$, learning rate $\eta$ (``lr``), step $k$ (``t``). Every update is elementwise,
so it reads the same for one number, a weight matrix, or the whole parameter vector.

How it is stored: an optimizer gathers all its parameters into one flat vector $\theta$ (each
``Parameter.value`` becomes a view into it), their gradients into one flat $g$ (each
``Parameter.grad`` becomes a view after the first step, and backward writes into it), and
keeps its state ($m$, $s$) as flat vectors too. So one step is a handful of in-place numpy
calls however many layers the net has, and allocates nothing. The state of a single
parameter is visible as views: ``opt.state[p]["m"]`` has the shape of ``p``.

Hyperparameters may also be arrays that broadcast against the parameters, e.g. ``lr`` of shape
(K, 1) for a parameter of shape (K, 2): K runs with K learning rates in one go.

Long vectors (``PARALLEL_MIN_SIZE`` numbers and more, e.g. 268k for a 784-256-256-10 net) are
updated by one thread per core, each on its own contiguous part: numpy releases the GIL inside
its loops, the update is elementwise, so the result is bit for bit the one of a single thread,
about twice as fast on two cores.
"""

from __future__ import annotations

import numbers
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from .layers import Parameter

__all__ = ["Optimizer", "SGD", "Momentum", "RMSprop", "Adam"]

#: flat vectors at least this long are updated by several threads (below, thread hand-off costs
#: more than it saves: ~20 us against ~8 ns per number and pass)
PARALLEL_MIN_SIZE = 1 << 17
_pool: ThreadPoolExecutor | None = None


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _update_parts(n: int) -> list[tuple[int, int]]:
    """Where to cut a flat vector of ``n`` numbers into one contiguous part per thread."""
    parts = min(_cores(), 4) if n >= PARALLEL_MIN_SIZE else 1
    cuts = [n * k // parts // 1024 * 1024 for k in range(parts)] + [n]  # 8 KB-aligned starts
    return list(zip(cuts[:-1], cuts[1:]))

class Optimizer:
    """Base class: validates, gathers gradients, and calls ``_update`` with flat arrays.

    ``step()`` reads every ``p.grad`` and updates every ``p.value`` in place.
    ``state`` maps each Parameter to its state arrays; ``t`` counts the steps taken.
    ``state_dict()`` / ``load_state_dict()`` save and resume a run exactly.
    """

    #: hyperparameter names of the subclass, in signature order
    hyperparameter_names: tuple[str, ...] = ("lr",)
    #: names of the state vectors the subclass keeps, each starting at zero
    state_names: tuple[str, ...] = ()

    def __init__(self, params, **hyperparameters):
        if isinstance(params, Parameter):
            params = [params]
        try:
            params = list(params)
        except TypeError:
            raise ValueError(f"{type(self).__name__} expects a list of Parameter (model.parameters()), "
                             f"got {type(params).__name__}") from None
        if not params:
            raise ValueError(f"{type(self).__name__} got an empty parameter list; pass model.parameters()")
        for i, p in enumerate(params):
            if not isinstance(p, Parameter):
                raise ValueError(f"{type(self).__name__} expects Parameter objects, got "
                                 f"{type(p).__name__} at position {i}")
        if len({id(p) for p in params}) != len(params):
            raise ValueError(f"{type(self).__name__} got the same Parameter twice")
        dtypes = {p.value.dtype for p in params}
        if len(dtypes) > 1:
            raise ValueError(f"{type(self).__name__} needs parameters of one dtype, got {sorted(map(str, dtypes))}")
        self.params = params
        self.dtype = dtypes.pop()
        sizes = [p.value.size for p in params]
        bounds = np.cumsum([0] + sizes)
        self._slices = [slice(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:])]
        self._theta = np.empty(int(bounds[-1]), dtype=self.dtype)  # all parameters, flat
        self._g = np.empty_like(self._theta)  # all gradients, flat
        self._tmp = np.empty_like(self._theta)  # scratch space for the update
        self._attach()
        self._state = {name: np.zeros_like(self._theta) for name in self.state_names}
        self.state = {p: {name: buf[sl].reshape(p.value.shape) for name, buf in self._state.items()}
                      for p, sl in zip(params, self._slices)}
        self.t = 0
        self._flat = {}
        for name in self.hyperparameter_names:
            setattr(self, name, hyperparameters[name])

    # -- hyperparameters: validated on every assignment, so `opt.lr = 0.01` mid-run works ------
    def __setattr__(self, name, value):
        if name in self.hyperparameter_names:
            self._flat[name] = self._flat_hyperparameter(name, value)
            if name == "eps":  # eps = 0 needs a guard against 0/0 where no gradient came yet
                object.__setattr__(self, "_eps_is_zero", bool(np.any(self._flat[name] == 0)))
        object.__setattr__(self, name, value)

    def _check_hyperparameter(self, name, v):
        """Raise ValueError unless the value ``v`` (an array) is valid for ``name``."""
        if name == "lr" and not np.all(v > 0):
            raise ValueError(f"{type(self).__name__}: lr must be a positive finite number, got {_show(v)}")
        if name.startswith("beta") and not np.all((v >= 0) & (v < 1)):
            raise ValueError(f"{type(self).__name__}: {name} must be in [0, 1), got {_show(v)}")
        if name == "eps" and not np.all(v >= 0):
            raise ValueError(f"{type(self).__name__}: eps must be >= 0, got {_show(v)}")

    def _flat_hyperparameter(self, name, value):
        if isinstance(value, bool) or not (isinstance(value, (numbers.Real, np.ndarray, list, tuple))):
            raise ValueError(f"{type(self).__name__}: {name} must be a number, got {value!r}")
        v = np.asarray(value, dtype=np.float64)
        if not np.all(np.isfinite(v)):
            raise ValueError(f"{type(self).__name__}: {name} must be a finite number, got {_show(v)}")
        self._check_hyperparameter(name, v)
        if v.ndim == 0:
            return float(v)
        # an array: broadcast it over each parameter, so it lines up with the flat vectors
        parts = []
        for p in self.params:
            try:
                parts.append(np.broadcast_to(v, p.value.shape).ravel())
            except ValueError:
                raise ValueError(f"{type(self).__name__}: {name} of shape {v.shape} does not broadcast "
                                 f"against a parameter of shape {p.value.shape}") from None
        return np.concatenate(parts).astype(self.dtype)

    # -- the step -------------------------------------------------------------------------------
    def _attach(self):
        """Make every ``p.value`` a view into the flat vector (again, if it was reassigned)."""
        for p, sl in zip(self.params, self._slices):
            self._theta[sl] = p.value.ravel()
            p.value = self._theta[sl].reshape(p.value.shape)

    def step(self):
        """One update of every parameter from its ``.grad``, as on the slide."""
        theta, g = self._theta, self._g
        for p, sl in zip(self.params, self._slices):
            if p.value.base is not theta:  # someone assigned a new array to p.value
                self._attach()
            grad = p.grad
            if grad is not None and grad.base is g:
                continue  # backward wrote straight into our flat gradient: nothing to copy
            if grad is None:
                raise ValueError(f"{type(self).__name__}.step: parameter {p.name or '?'} has no gradient "
                                 "(grad is None); run model.backward(...) before step()")
            if np.shape(grad) != p.value.shape:
                raise ValueError(f"{type(self).__name__}.step: parameter {p.name or '?'} of shape "
                                 f"{p.value.shape} got a gradient of shape {np.shape(grad)}")
            g[sl] = np.ravel(grad)
            p.grad = g[sl].reshape(p.value.shape)  # from now on backward writes here
        self.t += 1
        parts = _update_parts(theta.size)
        if len(parts) == 1:
            self._update(theta, g, self._tmp, **self._state, **self._flat)
            return
        global _pool
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=3, thread_name_prefix="lecture_nn-optim")
        errors = np.geterr()  # np.errstate is per thread: the workers follow the caller's (fit's)
        futures = [_pool.submit(self._update_part, lo, hi, errors) for lo, hi in parts[1:]]
        self._update_part(*parts[0], errors)
        for future in futures:
            future.result()

    def _update_part(self, lo: int, hi: int, errors: dict):
        part = slice(lo, hi)
        with np.errstate(**errors):
            self._update(self._theta[part], self._g[part], self._tmp[part],
                         **{name: v[part] for name, v in self._state.items()},
                         **{name: v[part] if isinstance(v, np.ndarray) else v for name, v in self._flat.items()})

    def _update(self, theta, g, tmp, **state_and_hyperparameters):
        """The update rule on the flat vectors, in place; ``tmp`` is scratch space of the same size."""
        raise NotImplementedError

    # -- saving and resuming ----------------------------------------------------------------------
    def state_dict(self) -> dict:
        """Everything needed to resume: type, hyperparameters, step count ``t``, state vectors."""
        return {
            "type": type(self).__name__,
            "hyperparameters": {name: np.copy(getattr(self, name)) for name in self.hyperparameter_names},
            "t": self.t,
            "state": [{name: np.array(arr) for name, arr in self.state[p].items()} for p in self.params],
        }

    def load_state_dict(self, state_dict: dict):
        """Resume from ``state_dict()``; a state of another optimizer or model raises ValueError."""
        kind = state_dict.get("type")
        if kind != type(self).__name__:
            raise ValueError(f"cannot load a {kind} state into {type(self).__name__}")
        states = state_dict["state"]
        if len(states) != len(self.params):
            raise ValueError(f"{type(self).__name__}: the saved state has {len(states)} parameters, "
                             f"this optimizer has {len(self.params)}")
        for i, (p, saved) in enumerate(zip(self.params, states)):
            for name in self.state_names:
                if name not in saved:
                    raise ValueError(f"{type(self).__name__}: the saved state of parameter {i} has no {name!r}")
                arr = np.asarray(saved[name])
                if arr.shape != p.value.shape:
                    raise ValueError(f"{type(self).__name__}: state {name!r} of parameter {i} ({p.name}) has "
                                     f"shape {arr.shape} in the saved state, the parameter has {p.value.shape}")
        for name, value in state_dict["hyperparameters"].items():
            value = np.asarray(value)
            setattr(self, name, float(value) if value.ndim == 0 else value)
        for p, saved in zip(self.params, states):
            for name in self.state_names:
                self.state[p][name][...] = saved[name]
        self.t = int(state_dict["t"])

    def __repr__(self):
        hp = ", ".join(f"{n}={_show(np.asarray(getattr(self, n)))}" for n in self.hyperparameter_names)
        return f"{type(self).__name__}({hp})"


def _show(v):
    v = np.asarray(v)
    return f"{float(v):g}" if v.ndim == 0 else f"array of shape {v.shape}"


class SGD(Optimizer):
    r"""(Mini-batch) stochastic gradient descent, the slide's update.

    $$\theta^{(k)} \leftarrow \theta^{(k-1)} - \eta\, g$$

    ``lr`` = $\eta$ (required, no default). No state. Whether this is SGD or mini-batch SGD
    depends only on the batch the gradient came from (see ``fit(batch_size=...)``).
    """

    def __init__(self, params, lr):
        super().__init__(params, lr=lr)

    def _update(self, theta, g, tmp, lr):
        theta -= np.multiply(g, lr, out=tmp)  # theta = theta - eta g


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

    hyperparameter_names = ("lr", "beta")
    state_names = ("m",)

    def __init__(self, params, lr, beta=0.9):
        super().__init__(params, lr=lr, beta=beta)

    @classmethod
    def from_heavy_ball(cls, params, lr, beta=0.9):
        """The EMA-form optimizer equal to heavy-ball / torch momentum with learning rate ``lr``."""
        return cls(params, lr=np.asarray(lr) / (1 - np.asarray(beta)), beta=beta)

    def _update(self, theta, g, tmp, m, lr, beta):
        m *= beta  # m = beta m + (1 - beta) g
        m += np.multiply(g, 1 - beta, out=tmp)
        theta -= np.multiply(m, lr, out=tmp)  # theta = theta - eta m


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

    hyperparameter_names = ("lr", "beta", "eps")
    state_names = ("s",)

    def __init__(self, params, lr, beta=0.9, eps=1e-8):
        super().__init__(params, lr=lr, beta=beta, eps=eps)

    def _update(self, theta, g, tmp, s, lr, beta, eps):
        s *= beta  # s = beta s + (1 - beta) g^2
        np.multiply(g, g, out=tmp)
        s += np.multiply(tmp, 1 - beta, out=tmp)
        denom = np.sqrt(np.add(s, eps, out=tmp), out=tmp)  # sqrt(s + eps)
        if self._eps_is_zero:
            denom[denom == 0] = 1  # s = 0 means g = 0 so far: no step, instead of 0/0
        step = np.divide(g, denom, out=tmp)  # theta = theta - eta g / sqrt(s + eps)
        theta -= np.multiply(step, lr, out=tmp)


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015): momentum and RMSprop combined, with bias correction.

    $$m^{(k)} \leftarrow \beta_1 m^{(k-1)} + (1-\beta_1)\, g, \qquad
      s^{(k)} \leftarrow \beta_2 s^{(k-1)} + (1-\beta_2)\, g^2$$
    $$\hat m = \frac{m^{(k)}}{1 - \beta_1^k}, \qquad \hat s = \frac{s^{(k)}}{1 - \beta_2^k},
      \qquad \theta^{(k)} \leftarrow \theta^{(k-1)} - \eta\, \frac{\hat m}{\sqrt{\hat s} +
      \varepsilon}$$

    ``lr`` = $\eta$ (default 1e-3), ``beta1`` = $\beta_1$ (0.9), ``beta2`` = $\beta_2$ (0.999),
    ``eps`` = $\varepsilon$ (1e-8); state ``m``, ``s`` start at 0; ``t`` = $k$ counts steps for
    the whole optimizer. Identical to ``torch.optim.Adam`` (defaults, $\varepsilon$ outside the
    root, bias correction). Without the correction $m$ and $s$ start biased towards 0; with it,
    the first step is $\eta\, g / (|g| + \varepsilon) \approx \eta$ in every component.
    """

    hyperparameter_names = ("lr", "beta1", "beta2", "eps")
    state_names = ("m", "s")

    def __init__(self, params, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(params, lr=lr, beta1=beta1, beta2=beta2, eps=eps)

    def _update(self, theta, g, tmp, m, s, lr, beta1, beta2, eps):
        k = self.t
        m *= beta1  # m = beta1 m + (1 - beta1) g
        m += np.multiply(g, 1 - beta1, out=tmp)
        s *= beta2  # s = beta2 s + (1 - beta2) g^2
        np.multiply(g, g, out=tmp)
        s += np.multiply(tmp, 1 - beta2, out=tmp)
        # theta -= eta m_hat / (sqrt(s_hat) + eps) with m_hat = m / c1, s_hat = s / c2; multiplied
        # through by sqrt(c2) it is eta sqrt(c2) / c1 * m / (sqrt(s) + eps sqrt(c2)): the same
        # number with one pass over the vectors fewer (Kingma & Ba, end of section 2)
        c1, c2 = 1 - beta1 ** k, 1 - beta2 ** k
        denom = np.sqrt(s, out=tmp)
        denom += eps * np.sqrt(c2)
        if self._eps_is_zero:
            denom[denom == 0] = 1  # s = 0 means g = 0 so far (m = 0 too): no step
        step = np.divide(m, denom, out=tmp)
        theta -= np.multiply(step, lr * np.sqrt(c2) / c1, out=tmp)
