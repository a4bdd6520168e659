r"""What every optimizer of :mod:`lecture_nn.optim` shares: read ``optim.py`` first, for the rules.

An optimizer subclasses :class:`Optimizer` and writes only its rule, ``update(theta, g, state, *,
**hyperparameters) -> (theta, state)``, as on its slide (a rule that also takes ``k`` is given the
number of the step, 1 for the first). This module does the rest:

* it checks each hyperparameter by what it is (:class:`Hyperparameter`: its symbol, its range, or
  a flag), at construction and on every assignment (``opt.lr = 0.01`` mid-run works, ``opt.learning_rate``
  or a hyperparameter the optimizer does not have is refused, not ignored);
* it gathers all parameters into one flat vector $\theta$ (each ``Parameter.value`` becomes a view into
  it) and their gradients into one flat $g$ (backward then writes straight into it), and keeps the
  state as flat vectors too: one step is the rule's few numpy calls however many layers the net has;
  ``opt.state[p]["m"]`` is a view with the shape of ``p``;
* it calls the rule and writes what it returns back (a rule that returns nothing is refused);
* ``state_dict()`` / ``load_state_dict()`` save and resume a run exactly.

Hyperparameters may also be arrays that broadcast against the parameters, e.g. ``lr`` of shape
(K, 1) for a parameter of shape (K, 2): K runs with K learning rates in one go.

``OPTIMIZERS`` lists the optimizers of ``lecture_nn.optim`` by name, in the order they are defined
there (the slides' order): the explorers and ``fit``'s callers take them from it.
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
import numbers

import numpy as np

from ._checks import all_finite, describe, first_nonfinite, flag, integer, real_array
from .errors import InputError, UsageError
from .layers import Module, Parameter

__all__ = ["Optimizer", "Hyperparameter", "OPTIMIZERS"]

#: name -> class of every optimizer defined in ``lecture_nn.optim``, in its order
OPTIMIZERS: dict[str, type] = {}

#: names that read like a hyperparameter: assigning one an optimizer does not have changes nothing,
#: so ``opt.learning_rate = 0.01`` or ``adam.beta = 0.5`` is refused instead of ignored
_HYPERPARAMETER_LIKE = {"lr", "learning_rate", "eta", "beta", "beta1", "beta2", "betas", "eps", "epsilon",
                        "momentum", "alpha", "rho", "gamma", "decay", "weight_decay", "nesterov"}
#: the attributes an optimizer sets itself, once (``t`` counts on and may be set to an int >= 0)
_ATTRIBUTES = {"params", "dtype", "state"}


@dataclasses.dataclass(frozen=True)
class Hyperparameter:
    """What one hyperparameter is: its symbol on the slide, its meaning, the values it may take.

    A number in the range ``low`` .. ``high`` (each end open or closed, None for no bound), or with
    ``flag=True`` a bool. ``control`` names the explorer control that sets it (``"lr"`` for every
    optimizer's η, ``"beta"`` for the β of m, ``"beta2"`` for the β of E[g²]): optimizers that share a
    concept share the control; None: the explorers keep the optimizer's default.
    """

    symbol: str
    meaning: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    flag: bool = False
    control: str | None = None

    def expected(self) -> str:
        """The allowed values as a message says them ("a number in [0, 1)")."""
        if self.flag:
            return "True or False"
        if self.low == 0 and self.low_open and self.high is None:
            return "a positive finite number"
        if self.high is None:
            return "a finite number" + ("" if self.low is None else f" {'>' if self.low_open else '>='} {self.low:g}")
        return f"a number in {'(' if self.low_open else '['}{self.low:g}, {self.high:g}{')' if self.high_open else ']'}"

    def _bound(self) -> str:
        """The range alone, for a number outside it ("in [0, 1)", ">= 0")."""
        text = self.expected()
        return text.replace("a number ", "").replace("a finite number ", "")

    def _inside(self, v: np.ndarray) -> np.ndarray:
        inside = np.ones(v.shape, dtype=bool)
        if self.low is not None:
            inside &= (v > self.low) if self.low_open else (v >= self.low)
        if self.high is not None:
            inside &= (v < self.high) if self.high_open else (v <= self.high)
        return inside

    def check(self, value, who: str, name: str):
        """``value`` if it is one of the allowed values (a float, or a float64 array of them that broadcasts
        against the parameters, or a bool for a flag); an InputError naming ``name`` otherwise."""
        if self.flag:
            return flag(value, f"{who}: {name}")
        expected = self.expected()
        kind = None
        if isinstance(value, (np.ndarray, list, tuple)):
            try:
                kind = np.asarray(value).dtype.kind
            except (TypeError, ValueError):  # ragged lists
                kind = "O"
        if (isinstance(value, (bool, np.bool_)) or kind not in (None, "i", "u", "f")
                or not isinstance(value, (numbers.Real, np.ndarray, list, tuple))):
            hint = " (without quotes)" if isinstance(value, str) else ""
            raise InputError(f"{who}: {name} must be {expected}{hint}, got {describe(value)}")
        v = np.asarray(value, dtype=np.float64)
        if v.size == 0:
            raise InputError(f"{who}: {name} must be {expected}, got an empty {type(value).__name__}")
        if not np.all(np.isfinite(v)) or not np.all(self._inside(v)):
            bound = expected if not np.all(np.isfinite(v)) else self._bound()
            raise InputError(f"{who}: {name} must be {bound}, got {_show(v)}")
        return float(v) if v.ndim == 0 else v


def _show(v) -> str:
    v = np.asarray(v)
    if v.dtype == bool:
        return str(bool(v)) if v.ndim == 0 else f"array of shape {v.shape}"
    return f"{float(v):g}" if v.ndim == 0 else f"array of shape {v.shape}"


class Optimizer:
    """Base class: checks, gathers the gradients, calls the subclass's ``update`` rule, writes its result back.

    ``step()`` reads every ``p.grad`` and updates every ``p.value`` in place; ``state`` maps each
    Parameter to its state arrays; ``t`` counts the steps taken. A NaN or inf gradient is not refused
    (a check would cost a pass over every number each step): the rule writes what it computes, ``fit``
    reports the loss as diverged, and the next ``forward`` names the parameter that holds NaN.
    """

    #: name -> what it is, in the constructor's order (a subclass sets it)
    hyperparameters: dict[str, Hyperparameter] = {}
    #: names of the state arrays the rule keeps, each starting at zero
    state_names: tuple[str, ...] = ()
    #: the optimizer's colour in every figure
    color: str = "#000000"
    #: the same rule in place, from ``lecture_nn.fast_updates`` (None: there is none)
    fast_update = None
    #: False: every optimizer runs its readable ``update`` (the fast ones give the same numbers)
    fast = True
    _fast_update = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.hyperparameter_names = tuple(cls.hyperparameters)
        cls._rule_takes_k = "k" in inspect.signature(cls.update).parameters
        if "update" in cls.__dict__:  # a rule of its own: its own fast path, or none (never the parent's)
            cls._fast_update = cls.__dict__.get("fast_update")
        if cls.__module__ == "lecture_nn.optim":
            OPTIMIZERS[cls.__name__] = cls

    @staticmethod
    def update(theta, g, state, **hyperparameters):
        """The rule: the new ``theta`` and the new ``state`` (a dict with an array per ``state_names``)."""
        raise NotImplementedError

    def __init__(self, params, **hyperparameters):
        who = type(self).__name__
        if type(self) is Optimizer:
            raise UsageError("Optimizer is a base class; use SGD, Momentum, RMSprop or Adam, or subclass it "
                             "with an update rule")
        unknown = [n for n in hyperparameters if n not in self.hyperparameters]
        if unknown:
            raise InputError(f"{who} got unknown hyperparameter(s) {unknown}; it takes "
                             f"{', '.join(self.hyperparameters)}")
        if params is None:
            raise InputError(f"{who} needs params, the parameters to update: {who}(model.parameters(), lr=...)")
        params = _parameter_list(params, who)
        missing = [n for n in self.hyperparameters if n not in hyperparameters]
        if missing:
            raise UsageError(f"{who} needs the hyperparameter(s) {missing}")
        if "lr" in hyperparameters and hyperparameters["lr"] is None:
            raise InputError(f"{who}: lr must be a positive finite number, the learning rate eta (no default: the "
                             f"right one depends on the problem), got None; e.g. {who}(model.parameters(), lr=0.1)")
        self.params = params
        self.dtype = params[0].value.dtype
        flat = {name: self._flat_hyperparameter(name, hyperparameters[name]) for name in self.hyperparameters}
        self._shapes = [p.value.shape for p in params]
        bounds = np.cumsum([0] + [p.value.size for p in params])
        self._slices = [slice(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:])]
        self._theta = np.empty(int(bounds[-1]), dtype=self.dtype)  # all parameters, flat
        self._g = np.empty_like(self._theta)  # all gradients, flat
        self._scratch = None  # two vectors of that size for the fast path, made at its first step
        self._attach()
        self._state = {name: np.zeros_like(self._theta) for name in self.state_names}
        self.state = {p: {name: buf[sl].reshape(p.value.shape) for name, buf in self._state.items()}
                      for p, sl in zip(params, self._slices)}
        self.t = 0
        self._flat = {}
        for name in self.hyperparameters:
            self._set_hyperparameter(name, hyperparameters[name], flat[name])

    # -- the step -------------------------------------------------------------------------------
    def step(self):
        """One update of every parameter from its ``.grad``, by the subclass's rule."""
        gathered = self._gather_if_needed()
        k = self.t + 1
        if gathered:  # gradients set by hand may be huge: the rule writes the inf/NaN it computes, without
            # numpy's warnings (the next forward names the parameter; fit reports the divergence)
            with np.errstate(over="ignore", invalid="ignore"):
                self._apply_rule(k)
        else:
            self._apply_rule(k)
        self.t = k

    def _apply_rule(self, k: int):
        step_count = {"k": k} if self._rule_takes_k else {}
        if self._fast_update is not None and Optimizer.fast:
            if self._scratch is None:
                self._scratch = (np.empty_like(self._theta), np.empty_like(self._theta))
            self._fast_update(self._theta, self._g, self._state, self._scratch, **step_count, **self._flat)
            return
        result = self.update(self._theta, self._g, dict(self._state), **step_count, **self._flat)
        theta, state = self._returned(result)  # checked before anything is written
        self._theta[...] = theta
        for name in self.state_names:
            self._state[name][...] = state[name]

    def _returned(self, result):
        """The rule's ``(theta, state)``, checked: a rule that returns nothing, or arrays of another shape, is
        refused before anything is written."""
        who = f"{type(self).__name__}.update"
        if not (isinstance(result, tuple) and len(result) == 2):
            raise UsageError(f"{who} must return (theta, state), the new parameters and the new state, got "
                             f"{describe(result)}: a rule that changes theta without returning it changes nothing")
        theta, state = result
        n = self._theta.shape
        if np.shape(theta) != n:
            raise UsageError(f"{who} returned theta of shape {np.shape(theta)}, expected {n} (all parameters, flat)")
        if self.state_names and not isinstance(state, dict):
            raise UsageError(f"{who} must return its state as a dict with {list(self.state_names)}, got "
                             f"{describe(state)}")
        for name in self.state_names:
            if name not in state or np.shape(state[name]) != n:
                got = "nothing" if name not in state else f"shape {np.shape(state[name])}"
                raise UsageError(f"{who} must return the state {name!r} of shape {n}, got {got}")
        return theta, state

    def _gather_if_needed(self) -> bool:
        """Copy values and gradients that are not views into the flat vectors (checked); True if any was."""
        theta, g = self._theta, self._g
        try:
            for p in self.params:
                if p.value.base is not theta or p.grad.base is not g:
                    return _gather(self)
        except AttributeError:  # a gradient that is None, or a value or gradient that is not an array
            return _gather(self)
        return False

    def _attach(self):
        """Make every ``p.value`` a view into the flat vector (again, if it was reassigned)."""
        for p, sl in zip(self.params, self._slices):
            self._theta[sl] = p.value.ravel()
            p.value = self._theta[sl].reshape(p.value.shape)

    def zero_grad(self):
        """Set every gradient to zero (not needed here: backward overwrites ``.grad``; as torch's)."""
        g = self._g
        for p in self.params:
            grad = p.grad
            if isinstance(grad, np.ndarray) and grad.base is g:
                grad[...] = 0  # our flat gradient: zero it in place, backward keeps writing there
            elif grad is not None:
                p.grad = np.zeros_like(p.value)  # someone else's array: leave it alone

    # -- hyperparameters: checked on every assignment, so `opt.lr = 0.01` mid-run works ----------
    def __setattr__(self, name, value):
        if name in self.hyperparameters:
            self._set_hyperparameter(name, value, self._flat_hyperparameter(name, value))
            return
        if name == "t":
            if not (type(value) is int and value >= 0):  # the step count; Adam's bias correction reads it
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
        object.__setattr__(self, name, value)

    def _refuse_unknown(self, name):
        """An attribute that reads like a hyperparameter this optimizer does not have: refuse it."""
        close = difflib.get_close_matches(name, self.hyperparameter_names, n=1, cutoff=0.7)
        if name in _HYPERPARAMETER_LIKE or close:
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise InputError(f"{type(self).__name__} has no hyperparameter {name!r}, so setting it would change "
                             f"nothing; its hyperparameters are {', '.join(self.hyperparameter_names)}.{hint}")

    def _flat_hyperparameter(self, name, value):
        """The checked value as the rule gets it: a number, a bool, or an array laid out like the flat vectors."""
        v = self.hyperparameters[name].check(value, type(self).__name__, name)
        if not isinstance(v, np.ndarray):
            return v
        parts = []  # an array: broadcast it over each parameter, so it lines up with the flat vectors
        for p in self.params:
            try:
                parts.append(np.broadcast_to(v, p.value.shape).ravel())
            except ValueError:
                raise InputError(f"{type(self).__name__}: {name} of shape {v.shape} does not broadcast "
                                 f"against a parameter of shape {p.value.shape}") from None
        return np.concatenate(parts).astype(self.dtype)

    def set_controls(self, values: dict):
        """Set each hyperparameter whose ``Hyperparameter.control`` is a key of ``values`` (an explorer's
        control values, e.g. ``{"lr": 0.1, "beta": 0.9, "beta2": 0.99}``); the others stay."""
        for name, spec in self.hyperparameters.items():
            if spec.control in values:
                setattr(self, name, values[spec.control])

    @classmethod
    def from_controls(cls, params, values: dict):
        """The optimizer with each hyperparameter taken from the control ``Hyperparameter.control`` names
        (the others at their defaults): how the race and the playground build every optimizer alike."""
        return cls(params, **cls.controlled(values))

    @classmethod
    def controlled(cls, values: dict) -> dict:
        """The keyword arguments the control ``values`` set (see ``Hyperparameter.control``); a control this
        optimizer has no hyperparameter for is skipped, a hyperparameter no control sets keeps its default."""
        return {name: values[spec.control] for name, spec in cls.hyperparameters.items() if spec.control in values}

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
        t, hyperparameters, states = _checked_state_dict(self, state_dict)
        for name, (value, flat) in hyperparameters.items():
            self._set_hyperparameter(name, value, flat)
        for p, arrays in zip(self.params, states):
            for name, arr in arrays.items():
                self.state[p][name][...] = arr
        self.t = t

    def __repr__(self):
        hp = ", ".join(f"{n}={_show(getattr(self, n))}" for n in self.hyperparameter_names)
        return f"{type(self).__name__}({hp})"


def _parameter_list(params, who: str) -> list:
    """``params`` as a non-empty list of distinct, finite, float Parameters; InputError otherwise."""
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
                         f"got {describe(params)} ({type(params).__name__}){hint}")
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


def _floats(value, name: str, who: str) -> np.ndarray:
    """``value`` as a float array (ints and bools become float64), or an InputError naming ``name``."""
    a = real_array(value, name, who)
    return a if a.dtype.kind == "f" else a.astype(np.float64)


def _gather(opt: Optimizer) -> bool:
    """Check every value and gradient of ``opt`` that is not a view into its flat vectors, then copy them in.

    Nothing is written unless everything is right, so a refused step changes nothing.
    """
    who = f"{type(opt).__name__}.step"
    theta, g = opt._theta, opt._g
    values, grads = {}, []
    for i, (p, sl, shape) in enumerate(zip(opt.params, opt._slices, opt._shapes)):
        label = f"parameter {p.name or '?'}"
        at = f" (params[{i}])" if len(opt.params) > 1 else ""
        value = p.value
        if not (isinstance(value, np.ndarray) and value.base is theta):  # someone assigned a new array to p.value
            value = _floats(value, f"{label}{at}: p.value", who)
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
        grad = _floats(grad, f"the gradient (grad) of {label}{at}", who)
        if grad.shape != shape:
            raise InputError(f"{who}: {label} of shape {shape} got a gradient of shape {grad.shape}{at}")
        grads.append((p, sl, shape, grad))
    if values:
        for i, value in values.items():
            opt.params[i].value = value
        opt._attach()
    for p, sl, shape, grad in grads:
        g[sl] = np.ravel(grad)
        p.grad = g[sl].reshape(shape)  # from now on backward writes here
    return True


def _checked_state_dict(opt: Optimizer, state_dict) -> tuple:
    """``(t, {name: (value, flat)}, [per-parameter state arrays])`` from ``state_dict``, every part checked
    against ``opt``; an InputError naming the first wrong part otherwise."""
    from collections.abc import Mapping

    name = type(opt).__name__
    who = f"{name}.load_state_dict"
    if not isinstance(state_dict, Mapping):
        raise InputError(f"{who}: state_dict must be a dict as optimizer.state_dict() returns, got "
                         f"{describe(state_dict)} ({type(state_dict).__name__})")
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
                         f"{describe(hyperparameters)}")
    unknown = [k for k in hyperparameters if k not in opt.hyperparameters]
    if unknown:
        raise InputError(f"{who}: state_dict['hyperparameters'] has {unknown}, which {name} does not have "
                         f"(its hyperparameters are {', '.join(opt.hyperparameter_names)})")
    new_hp = {}
    for hp, value in hyperparameters.items():
        if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "biuf":
            value = value[()].item()  # as saved by np.copy: a 0-d array back to its number (or bool)
        try:
            new_hp[hp] = (value, opt._flat_hyperparameter(hp, value))
        except InputError as e:
            raise InputError(f"{who}: state_dict['hyperparameters'][{hp!r}]: {e}") from None
    states = state_dict["state"]
    if isinstance(states, (str, bytes, Mapping)) or not isinstance(states, (list, tuple)):
        raise InputError(f"{who}: state_dict['state'] must be a list with one dict per parameter, got "
                         f"{describe(states)}")
    if len(states) != len(opt.params):
        raise InputError(f"{name}: the saved state has {len(states)} parameters, "
                         f"this optimizer has {len(opt.params)} (state_dict['state'])")
    return t, new_hp, [_checked_arrays(opt, i, p, saved, who) for i, (p, saved) in enumerate(zip(opt.params, states))]


def _checked_arrays(opt: Optimizer, i: int, p: Parameter, saved, who: str) -> dict:
    """The saved state arrays of parameter ``i``, checked against its shape and meaning."""
    from collections.abc import Mapping

    name = type(opt).__name__
    if not isinstance(saved, Mapping):
        raise InputError(f"{who}: state_dict['state'][{i}] must be a dict of arrays, got {describe(saved)}")
    extra = [k for k in saved if k not in opt.state_names]
    if extra:
        raise InputError(f"{who}: state_dict['state'][{i}] has {extra}, which {name} does not keep "
                         f"(its state: {list(opt.state_names) or 'none'}); is it another optimizer's?")
    arrays = {}
    for s in opt.state_names:
        if s not in saved:
            raise InputError(f"{name}: the saved state of parameter {i} has no {s!r} (state_dict['state'])")
        arr = _floats(saved[s], f"state_dict['state'][{i}][{s!r}]", who)
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
    return arrays
