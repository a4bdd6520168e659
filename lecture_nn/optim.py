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

from ._checks import all_finite, first_nonfinite
from .errors import InputError, UsageError
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

#: names that read like a hyperparameter: assigning one an optimizer does not have changes nothing,
#: so ``opt.learning_rate = 0.01`` or ``adam.beta = 0.5`` is refused instead of ignored
_HYPERPARAMETER_LIKE = {"lr", "learning_rate", "eta", "beta", "beta1", "beta2", "betas", "eps", "epsilon",
                        "momentum", "alpha", "rho", "gamma", "decay", "weight_decay", "nesterov"}
#: the attributes an optimizer sets itself, once (``t`` counts on and may be set to an int >= 0)
_ATTRIBUTES = {"params", "dtype", "state"}


def _describe(value) -> str:
    if isinstance(value, type):
        return f"the class {value.__name__}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, str):
        return f"the string {value!r}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_EXPECTED = {"lr": "a positive finite number", "eps": "a finite number >= 0"}


def _hyperparameter(who: str, name: str, value) -> np.ndarray:
    """``value`` as a float64 array (0-d for a number), checked for ``name``; InputError otherwise.

    lr > 0, 0 <= beta < 1, eps >= 0, all finite; arrays of such numbers are fine (they broadcast
    against the parameters: one run per entry).
    """
    expected = _EXPECTED.get(name, "a number in [0, 1)" if name.startswith("beta") else "a finite number")
    kind = None
    if isinstance(value, (np.ndarray, list, tuple)):
        try:
            kind = np.asarray(value).dtype.kind
        except (TypeError, ValueError):  # ragged lists
            kind = "O"
    if (isinstance(value, (bool, np.bool_)) or kind not in (None, "i", "u", "f")
            or not isinstance(value, (numbers.Real, np.ndarray, list, tuple))):
        hint = " (without quotes)" if isinstance(value, str) else ""
        raise InputError(f"{who}: {name} must be {expected}{hint}, got {_describe(value)}")
    try:
        v = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):  # ragged lists
        raise InputError(f"{who}: {name} must be {expected} or an array of them, got {_describe(value)}") from None
    if v.size == 0:
        raise InputError(f"{who}: {name} must be {expected}, got an empty {type(value).__name__}")
    if not np.all(np.isfinite(v)):
        raise InputError(f"{who}: {name} must be {expected}, got {_show(v)}")
    if name == "lr" and not np.all(v > 0):
        raise InputError(f"{who}: lr must be a positive finite number, got {_show(v)}")
    if name.startswith("beta") and not np.all((v >= 0) & (v < 1)):
        raise InputError(f"{who}: {name} must be in [0, 1), got {_show(v)}")
    if name == "eps" and not np.all(v >= 0):
        raise InputError(f"{who}: eps must be >= 0, got {_show(v)}")
    return v


def _parameter_list(params, who: str) -> list:
    """``params`` as a non-empty list of distinct, finite, float Parameters; InputError otherwise."""
    from .layers import Module

    if isinstance(params, Parameter):
        return [params]
    if isinstance(params, Module):
        raise InputError(f"{who}: params must be a list of Parameter objects such as model.parameters(), "
                         f"got the model itself ({type(params).__name__}); write {who}(model.parameters(), ...)")
    if isinstance(params, (str, bytes, dict, np.ndarray, numbers.Number)) or params is None or isinstance(params, type):
        hint = "; wrap an array as Parameter(array)" if isinstance(params, (np.ndarray, numbers.Number)) else ""
        if isinstance(params, dict):
            hint = "; for a dict of parameters pass list(d.values())"
        raise InputError(f"{who}: params must be a list of Parameter objects such as model.parameters(), "
                         f"got {_describe(params)} ({type(params).__name__}){hint}")
    one_shot = iter(params) is params if hasattr(params, "__iter__") else False
    try:
        params = list(params)
    except TypeError:
        raise InputError(f"{who}: params must be a list of Parameter objects such as model.parameters(), "
                         f"got {type(params).__name__}") from None
    if not params:
        hint = (" (this iterator was already used up: a generator gives its items once)" if one_shot else "")
        raise InputError(f"{who} got an empty parameter list (params){hint}; pass model.parameters()")
    seen = {}
    for i, p in enumerate(params):
        if not isinstance(p, Parameter):
            hint = ""
            if isinstance(p, np.ndarray):
                hint = "; wrap arrays as Parameter(array)"
            elif isinstance(p, Module):
                hint = "; pass model.parameters(), the weights, not the layers"
            raise InputError(f"{who} expects Parameter objects, got {type(p).__name__} at position {i} "
                             f"(params[{i}]){hint}")
        if id(p) in seen:
            raise InputError(f"{who} got the same Parameter twice (params[{seen[id(p)]}] and params[{i}])")
        seen[id(p)] = i
        if not (isinstance(p.value, np.ndarray) and p.value.dtype.kind == "f"):
            raise InputError(f"{who}: params[{i}] ({p.name or 'unnamed'}) holds a value of type "
                             f"{type(p.value).__name__}; p.value must be a float array")
        if not all_finite(p.value):
            raise InputError(f"{who}: params[{i}] ({p.name or 'unnamed'}) has {first_nonfinite(p.value)}; "
                             "build the model again or load good weights before optimizing it")
    dtypes = {p.value.dtype for p in params}
    if len(dtypes) > 1:
        raise InputError(f"{who} needs parameters (params) of one dtype, got {sorted(map(str, dtypes))}")
    return params


class Optimizer:
    """Base class: validates, gathers gradients, and calls ``_update`` with flat arrays.

    ``step()`` reads every ``p.grad`` and updates every ``p.value`` in place.
    ``state`` maps each Parameter to its state arrays; ``t`` counts the steps taken.
    ``state_dict()`` / ``load_state_dict()`` save and resume a run exactly.

    A NaN or inf gradient is not refused (a check would cost a pass over every number each step):
    the rule writes what it computes, ``fit`` reports the loss as diverged, and the next
    ``forward`` names the parameter that holds NaN.
    """

    #: hyperparameter names of the subclass, in signature order
    hyperparameter_names: tuple[str, ...] = ("lr",)
    #: names of the state vectors the subclass keeps, each starting at zero
    state_names: tuple[str, ...] = ()

    def __init__(self, params, **hyperparameters):
        who = type(self).__name__
        if type(self) is Optimizer:
            raise UsageError("Optimizer is a base class; use SGD, Momentum, RMSprop or Adam, or subclass it "
                             "with an _update rule")
        unknown = [n for n in hyperparameters if n not in self.hyperparameter_names]
        if unknown:
            raise InputError(f"{who} got unknown hyperparameter(s) {unknown}; it takes "
                             f"{', '.join(self.hyperparameter_names)}")
        if params is None:
            raise InputError(f"{who} needs params, the parameters to update: {who}(model.parameters(), lr=...)")
        params = _parameter_list(params, who)
        missing = [n for n in self.hyperparameter_names if n not in hyperparameters]
        if missing:
            raise UsageError(f"{who} needs the hyperparameter(s) {missing}")
        if "lr" in hyperparameters and hyperparameters["lr"] is None:
            raise InputError(f"{who}: lr must be a positive finite number, the learning rate eta (no default: the "
                             f"right one depends on the problem), got None; e.g. {who}(model.parameters(), lr=0.1)")
        self.params = params
        self.dtype = params[0].value.dtype
        flat = {name: self._flat_hyperparameter(name, hyperparameters[name]) for name in self.hyperparameter_names}
        self._shapes = [p.value.shape for p in params]
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
            self._set_hyperparameter(name, hyperparameters[name], flat[name])

    # -- hyperparameters: validated on every assignment, so `opt.lr = 0.01` mid-run works ------
    def __setattr__(self, name, value):
        if name in self.hyperparameter_names:
            self._set_hyperparameter(name, value, self._flat_hyperparameter(name, value))
            return
        if name == "t":
            if not (type(value) is int and value >= 0):  # the step count; Adam's bias correction reads it
                from ._checks import integer

                value = integer(value, f"{type(self).__name__}: t (the number of steps taken)", low=0)
        elif name[0] != "_" and "_flat" in self.__dict__:
            if name in _ATTRIBUTES:
                raise UsageError(f"{type(self).__name__}.{name} is fixed when the optimizer is built (its flat "
                                 f"vectors are laid out for these parameters); build a new {type(self).__name__} "
                                 "instead")
            self._refuse_unknown(name)
        object.__setattr__(self, name, value)

    def _set_hyperparameter(self, name, value, flat):
        self._flat[name] = flat
        if name == "eps":  # eps = 0 needs a guard against 0/0 where no gradient came yet
            object.__setattr__(self, "_eps_is_zero", bool(np.any(flat == 0)))
        object.__setattr__(self, name, value)

    def _refuse_unknown(self, name):
        """An attribute that reads like a hyperparameter this optimizer does not have: refuse it."""
        import difflib

        close = difflib.get_close_matches(name, self.hyperparameter_names, n=1, cutoff=0.7)
        if name in _HYPERPARAMETER_LIKE or close:
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise InputError(f"{type(self).__name__} has no hyperparameter {name!r}, so setting it would change "
                             f"nothing; its hyperparameters are {', '.join(self.hyperparameter_names)}.{hint}")

    def _check_hyperparameter(self, name, v):
        """Raise InputError unless the value ``v`` (an array) is valid for ``name``."""
        _hyperparameter(type(self).__name__, name, v)

    def _flat_hyperparameter(self, name, value):
        v = _hyperparameter(type(self).__name__, name, value)
        if v.ndim == 0:
            return float(v)
        # an array: broadcast it over each parameter, so it lines up with the flat vectors
        parts = []
        for p in self.params:
            try:
                parts.append(np.broadcast_to(v, p.value.shape).ravel())
            except ValueError:
                raise InputError(f"{type(self).__name__}: {name} of shape {v.shape} does not broadcast "
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
        gathered = False
        try:
            for p in self.params:
                if p.value.base is not theta or p.grad.base is not g:
                    gathered = self._gather()
                    break
        except AttributeError:  # a gradient that is None, or a value or gradient that is not an array
            gathered = self._gather()
        self.t += 1
        if gathered:  # gradients set by hand may be huge: the rule writes the inf/NaN it computes, without
            # numpy's warnings (the next forward names the parameter; fit reports the divergence)
            with np.errstate(over="ignore", invalid="ignore"):
                self._apply(theta, g)
            return
        self._apply(theta, g)

    def _apply(self, theta, g):
        """The update rule over the flat vectors: in one go, or in parts by several threads."""
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

    def _gather(self):
        """Check every value and gradient that is not a view into the flat vectors, then copy them in.

        Nothing is written unless everything is right, so a refused step changes nothing.
        """
        from .activations import _numbers

        who = f"{type(self).__name__}.step"
        theta, g = self._theta, self._g
        values, grads = {}, []
        for i, (p, sl, shape) in enumerate(zip(self.params, self._slices, self._shapes)):
            label = f"parameter {p.name or '?'}"
            at = f" (params[{i}])" if len(self.params) > 1 else ""
            value = p.value
            if not (isinstance(value, np.ndarray) and value.base is theta):
                # someone assigned a new array to p.value
                value = _numbers(value, f"{label}{at}: p.value", who)
                if value.shape != shape:
                    raise InputError(f"{who}: {label}{at}: p.value was given an array of shape {value.shape}, the "
                                     f"parameter has shape {shape} (write into it instead: p.value[...] = ...)")
                if not all_finite(value):
                    raise InputError(f"{who}: {label}{at}: p.value was given an array with {first_nonfinite(value)}")
                values[i] = value
            grad = p.grad
            if isinstance(grad, np.ndarray) and grad.base is g:
                continue  # backward wrote straight into our flat gradient: nothing to copy
            if grad is None:
                raise InputError(f"{who}: {label} has no gradient (grad is None); "
                                 f"run model.backward(...) before step(){at}")
            grad = _numbers(grad, f"the gradient (grad) of {label}{at}", who)
            if grad.shape != shape:
                raise InputError(f"{who}: {label} of shape {shape} got a gradient of shape {grad.shape}{at}")
            grads.append((p, sl, shape, grad))
        if values:
            for i, value in values.items():
                self.params[i].value = value
            self._attach()
        for p, sl, shape, grad in grads:
            g[sl] = np.ravel(grad)
            p.grad = g[sl].reshape(shape)  # from now on backward writes here
        return True

    def _update_part(self, lo: int, hi: int, errors: dict):
        part = slice(lo, hi)
        with np.errstate(**errors):
            self._update(self._theta[part], self._g[part], self._tmp[part],
                         **{name: v[part] for name, v in self._state.items()},
                         **{name: v[part] if isinstance(v, np.ndarray) else v for name, v in self._flat.items()})

    def _update(self, theta, g, tmp, **state_and_hyperparameters):
        """The update rule on the flat vectors, in place; ``tmp`` is scratch space of the same size."""
        raise NotImplementedError

    def zero_grad(self):
        """Set every gradient to zero (not needed here: backward overwrites ``.grad``; as torch's)."""
        g = self._g
        for p in self.params:
            grad = p.grad
            if isinstance(grad, np.ndarray) and grad.base is g:
                grad[...] = 0  # our flat gradient: zero it in place, backward keeps writing there
            elif grad is not None:
                p.grad = np.zeros_like(p.value)  # someone else's array: leave it alone

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
        """Resume from ``state_dict()``; a state of another optimizer or model raises an InputError.

        Everything is checked before anything is written, so a refused load changes nothing.
        """
        from collections.abc import Mapping

        from ._checks import integer
        from .activations import _numbers

        name = type(self).__name__
        who = f"{name}.load_state_dict"
        if not isinstance(state_dict, Mapping):
            raise InputError(f"{who}: state_dict must be a dict as optimizer.state_dict() returns, got "
                             f"{_describe(state_dict)} ({type(state_dict).__name__})")
        missing = [k for k in ("type", "hyperparameters", "t", "state") if k not in state_dict]
        if missing:
            raise InputError(f"{who}: state_dict misses {missing}; expected what optimizer.state_dict() returns")
        kind = state_dict["type"]
        if kind != name:
            raise InputError(f"cannot load a {kind} state into {name} (state_dict['type'] is {kind!r})")
        t = integer(state_dict["t"], f"{who}: state_dict['t'] (the step count)", low=0)
        hyperparameters = state_dict["hyperparameters"]
        if not isinstance(hyperparameters, Mapping):
            raise InputError(f"{who}: state_dict['hyperparameters'] must be a dict name -> value, got "
                             f"{_describe(hyperparameters)}")
        unknown = [k for k in hyperparameters if k not in self.hyperparameter_names]
        if unknown:
            raise InputError(f"{who}: state_dict['hyperparameters'] has {unknown}, which {name} does not have "
                             f"(its hyperparameters are {', '.join(self.hyperparameter_names)})")
        new_hp = {}
        for hp, value in hyperparameters.items():
            value = float(value) if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf" \
                else value
            try:
                new_hp[hp] = (value, self._flat_hyperparameter(hp, value))
            except InputError as e:
                raise InputError(f"{who}: state_dict['hyperparameters'][{hp!r}]: {e}") from None
        states = state_dict["state"]
        if isinstance(states, (str, bytes, Mapping)) or not isinstance(states, (list, tuple)):
            raise InputError(f"{who}: state_dict['state'] must be a list with one dict per parameter, got "
                             f"{_describe(states)}")
        if len(states) != len(self.params):
            raise InputError(f"{name}: the saved state has {len(states)} parameters, "
                             f"this optimizer has {len(self.params)} (state_dict['state'])")
        new_state = []
        for i, (p, saved) in enumerate(zip(self.params, states)):
            if not isinstance(saved, Mapping):
                raise InputError(f"{who}: state_dict['state'][{i}] must be a dict of arrays, got {_describe(saved)}")
            extra = [k for k in saved if k not in self.state_names]
            if extra:
                raise InputError(f"{who}: state_dict['state'][{i}] has {extra}, which {name} does not keep "
                                 f"(its state: {list(self.state_names) or 'none'}); is it another optimizer's?")
            arrays = {}
            for s in self.state_names:
                if s not in saved:
                    raise InputError(f"{name}: the saved state of parameter {i} has no {s!r} (state_dict['state'])")
                arr = _numbers(saved[s], f"state_dict['state'][{i}][{s!r}]", who)
                if arr.shape != p.value.shape:
                    raise InputError(f"{name}: state {s!r} of parameter {i} ({p.name}) has "
                                     f"shape {arr.shape} in the saved state, the parameter has {p.value.shape} "
                                     "(state_dict['state'])")
                if not all_finite(arr):
                    raise InputError(f"{who}: state_dict['state'][{i}][{s!r}] has {first_nonfinite(arr)}")
                if s == "s" and np.any(arr < 0):
                    raise InputError(f"{who}: state_dict['state'][{i}]['s'] has a negative entry; s is a running "
                                     "mean of squared gradients, so >= 0")
                arrays[s] = arr
            new_state.append(arrays)
        # everything checked: now write
        for hp, (value, flat) in new_hp.items():
            self._set_hyperparameter(hp, value, flat)
        for p, arrays in zip(self.params, new_state):
            for s, arr in arrays.items():
                self.state[p][s][...] = arr
        self.t = t

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
        who = f"{cls.__name__}.from_heavy_ball"
        lr_, beta_ = _hyperparameter(who, "lr", lr), _hyperparameter(who, "beta", beta)
        ema_lr = lr_ / (1 - beta_)
        return cls(params, lr=float(ema_lr) if ema_lr.ndim == 0 else ema_lr, beta=beta)

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
