r"""The multilayer perceptron: ``Parameter``, ``Dense``, ``Activation``, ``Sequential``, ``mlp``.

Notation of the slides, for a batch of $N$ samples stored as rows of $X$ ($N \times d$):

* ``Dense(d, d')``: $Z = X W^T + b$, with $W$ of shape $(d', d)$ — the slide's $W_{ji}$ maps
  input $i$ to unit $j$, so one sample gives $z = Wx$.
* ``Activation(g)``: $A = g(Z)$ elementwise.
* ``Dropout(p)``: while training, each value is kept with probability $1-p$ and scaled by $1/(1-p)$;
  ``model.eval()`` turns it into the identity (``model.train()`` back).
* ``Sequential``: the composition; ``mlp([d, d', 1])`` is the slide's $\hat y = w^T g(Wx)$ with
  biases.

Every module has ``forward(X)`` (also ``module(X)``) and ``backward(dA)``: given
$\partial L / \partial(\text{output})$, backward stores $\partial L/\partial\theta$ in each
parameter's ``.grad`` (overwriting it: no zero_grad needed) and returns
$\partial L / \partial(\text{input})$. What backward needs is cached by forward in one
attribute, ``_cache``.

``forward`` never returns NaN or inf silently: when the output is not finite it raises an error
that names the cause, a parameter holding NaN/inf (training diverged, or a value was written
into it) or an overflow (the output's numbers grew beyond float range). The check looks at the
output only, (N, d_out) numbers, and searches for the cause only when it fails.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping

import numpy as np

from ._checks import all_finite, as_float_2d, as_rng, choice, describe, first_nonfinite, float_array, integer
from .activations import KERNELS, activation_name, activation_param, get_activation
from .errors import InputError, UsageError

__all__ = ["Parameter", "Module", "Dense", "Activation", "Dropout", "Sequential", "Residual", "mlp", "INITS"]

#: the largest weight matrix a Dense layer may hold (2 GB in float64; with its gradient and an
#: optimizer's state it takes four times that)
MAX_WEIGHTS = 1 << 28

_isfinite, _all = np.isfinite, np.logical_and.reduce


def _finite(a: np.ndarray) -> bool:
    """True when the float array ``a`` holds no NaN/inf (about a microsecond for a small output)."""
    return bool(_all(_isfinite(a), axis=None))


def _dtype(dtype, who: str) -> np.dtype:
    """float64 or float32 (None means float64, as in numpy); anything else an InputError naming dtype."""
    try:
        dt = np.dtype(dtype)
    except Exception:  # numpy's parser of dtype names raises TypeError, ValueError, ...
        dt = None
    if not isinstance(dt, np.dtype) or dt.name not in ("float64", "float32"):
        raise InputError(f"{who}: dtype must be float64 or float32, got {describe(dtype)}")
    return dt


def _input_2d(X, dtype, width, who) -> np.ndarray:
    """X as a finite (N, width) array of ``dtype``; strings, None and complex numbers refused."""
    if not (type(X) is np.ndarray and X.dtype.kind in "fiub"):
        X = float_array(X, "X", who() if callable(who) else who)
    return as_float_2d(X, "X", dtype, width, who)


class Parameter:
    """A trainable array: ``.value``, its gradient ``.grad`` (None until a backward), ``.name``.

    ``value``: a number or an array of finite numbers (copied; ints become float64).
    Backward writes a new gradient into the memory of the previous one (as torch does), so a
    training step allocates no new gradient arrays: to keep a gradient, store ``p.grad.copy()``.
    """

    __slots__ = ("value", "grad", "name")

    def __init__(self, value, name: str = ""):
        if not isinstance(name, str):
            raise InputError(f"Parameter: name must be a string such as 'W', got {describe(name)}")
        value = np.array(float_array(value, "value", "Parameter"), copy=True)
        if value.size == 0:
            raise InputError(f"Parameter: value must hold at least one number, got shape {value.shape}")
        if not all_finite(value):
            raise InputError(f"Parameter: value has a non-finite entry: {first_nonfinite(value)}")
        self.value = value
        self.grad = None
        self.name = name

    @property
    def shape(self):
        return np.shape(self.value)

    def grad_out(self) -> np.ndarray:
        """The array a backward pass should write this parameter's gradient into."""
        g = self.grad
        try:
            if g.shape == self.value.shape and g.dtype == self.value.dtype and g.flags.writeable:
                return g
        except AttributeError:  # None before the first backward, or something that is not an array
            pass
        return np.zeros_like(self.value)

    @property
    def size(self) -> int:
        return int(np.size(self.value))

    def __repr__(self):
        return f"Parameter({self.name!r}, shape={self.shape}, dtype={getattr(self.value, 'dtype', '?')})"


class Module:
    """Base class: ``forward`` checks its input then calls ``_forward``; ``backward`` likewise.

    ``Sequential`` checks the input once and then calls the inner modules' ``_forward`` /
    ``_backward`` directly, so a deep net pays for one check, not one per layer.
    A module of your own defines ``_check_input``, ``_forward``, ``_backward(dA, input_grad=True)``
    and ``_out_shape``.

    The fast path of a training loop is public: ``X = model.check_input(X)`` once, then for every
    mini-batch ``model.forward(Xb, check=False)`` and ``model.backward(dA, input_grad=False,
    check=False)``, inside ``with model.reusing_buffers():``. ``fit`` is written that way.
    """

    _cache = None
    dtype = np.dtype(np.float64)  # what incoming gradients are cast to (Dense and Sequential set their own)
    #: True only inside ``reusing_buffers()`` (``fit``'s loop): forward and backward then write
    #: their results into buffers the layer keeps (no fresh multi-megabyte array per step, whose
    #: pages the OS must hand out again each time); outside, every call returns new arrays
    _reuse = False
    #: training mode (``train()``, the default) or evaluation mode (``eval()``); only ``Dropout`` behaves
    #: differently in the two
    training = True

    def train(self, mode: bool = True):
        """This module and every module inside it in training mode (``mode=False``: evaluation); returns it."""
        if not isinstance(mode, (bool, np.bool_)):
            raise InputError(f"{type(self).__name__}.train: mode must be True (training) or False (evaluation), "
                             f"got {describe(mode)}")
        for m in _submodules(self):
            m.training = bool(mode)
        return self

    def eval(self):
        """Evaluation mode, for predictions and test losses: ``Dropout`` passes everything through. Returns it."""
        return self.train(False)

    def _buffer(self, key: str, shape, dtype) -> np.ndarray:
        """The layer's buffer ``key`` with this shape and dtype (made again when they change)."""
        buffers = self.__dict__.setdefault("_buffers", {})
        buffer = buffers.get(key)
        if buffer is None or buffer.shape != shape or buffer.dtype != dtype:
            buffer = buffers[key] = np.empty(shape, dtype)
        return buffer

    def check_input(self, X) -> np.ndarray:
        """``X`` as the array this module computes with (shape (N, d), finite numbers), or an error naming it.

        What ``forward`` checks; a loop that runs many passes over the same data checks it once
        here and then calls ``forward(..., check=False)``.
        """
        return self._check_input(X)

    def forward(self, X, *, check: bool = True):
        """The module's output for the input ``X``; ``module(X)`` is the same.

        ``check=False`` skips every check: ``X`` must be what ``check_input`` returned (or rows of
        it), and an output that overflowed comes back as NaN/inf for the caller to handle (``fit``
        reports it as a divergence). Default: ``X`` is checked and a non-finite output raises an
        error naming its cause.
        """
        if not check:
            return self._forward(X)
        return self._guarded(self._forward, self.check_input(X))

    @contextlib.contextmanager
    def reusing_buffers(self):
        """Within ``with model.reusing_buffers():`` every layer writes its outputs into buffers it keeps.

        A training loop then allocates no new activations per step; an output it keeps must be
        copied, since the next pass overwrites it. On exit each layer is as it was before (the
        buffers are given back when the outermost ``with`` ends), so nesting is safe.
        """
        modules = list(_submodules(self))
        before = [m._reuse for m in modules]
        for m in modules:
            m._reuse = True
        try:
            yield self
        finally:
            for m, reused in zip(modules, before):
                if not reused:
                    m.__dict__.pop("_reuse", None)
                    m.__dict__.pop("_buffers", None)  # give the memory back; the next use makes them again

    def _guarded(self, compute, X):
        """``compute(X)`` for a checked ``X``, with a non-finite output or a replaced parameter named."""
        try:
            out = compute(X)
        except (FloatingPointError, RuntimeWarning):  # numpy's overflow, when warnings are errors
            out = None
        except (TypeError, ValueError, AttributeError, IndexError):
            self._forget()
            replaced = self._replaced_parameter()  # W.value = <another shape>: name it, not numpy's words
            if replaced is None:
                raise
            raise replaced from None
        if out is None or out.dtype.kind != "f" or not _finite(out):
            self._forget()
            raise self._nonfinite_output(X)
        return out

    def backward(self, dA, *, input_grad: bool = True, check: bool = True):
        r"""Given $dA = \partial L/\partial(\text{output})$, set every parameter's ``.grad`` and return $dX$.

        ``input_grad=False``: the first layer's $dX = \partial L/\partial X$ is not computed
        (training never uses it) and None may be returned. ``check=False`` skips the checks of
        ``dA`` (shape, a forward before it) and of the result: for a loop that passes what
        ``loss_fn.backward()`` returned.
        """
        if not check:
            return self._backward(dA) if input_grad else self._backward(dA, input_grad=False)
        dA = self._check_grad(dA)
        try:
            dX = self._backward(dA) if input_grad else self._backward(dA, input_grad=False)
            finite = dX is None or _finite(dX)
        except (FloatingPointError, RuntimeWarning):  # numpy's overflow, when warnings are errors
            finite = False
        except (TypeError, ValueError, AttributeError, IndexError):
            replaced = self._replaced_parameter()
            if replaced is None:
                raise
            raise replaced from None
        if not finite:
            if not _finite(dA):  # a NaN/inf in dA reaches dX: one check of dX covers both
                raise InputError(f"{self._label()}.backward got a non-finite value in dA: {first_nonfinite(dA)}")
            raise InputError(f"{self._label()}.backward: dL/d(input) overflowed for this finite dA (largest |dA| = "
                             f"{float(np.abs(dA).max()):g}): the gradients exceed the {np.dtype(self.dtype).name} "
                             "range; scale the loss or the weights down")
        return dX

    def __call__(self, X):
        return self.forward(X)

    def parameters(self) -> list[Parameter]:
        """The trainable parameters, in order (for each ``Dense``: ``W``, then ``b``)."""
        return []

    def named_parameters(self) -> list[tuple[str, Parameter]]:
        return [(p.name, p) for p in self.parameters()]

    @property
    def n_params(self) -> int:
        """Number of trainable scalars."""
        return sum(p.size for p in self.parameters())

    def zero_grad(self):
        """Set every parameter's gradient to zero (not needed here: backward overwrites ``.grad``)."""
        for p in self.parameters():
            if isinstance(p.grad, np.ndarray) and p.grad.shape == p.value.shape and p.grad.flags.writeable:
                p.grad[...] = 0
            elif p.grad is not None:
                p.grad = np.zeros_like(p.value)

    def state_dict(self) -> dict[str, np.ndarray]:
        """A copy of every parameter's value, by name (``Dense1.W``, ...)."""
        bad = self._replaced_parameter()
        if bad is not None:
            raise bad
        return {name: p.value.copy() for name, p in self.named_parameters()}

    def load_state_dict(self, state: dict):
        """Copy values into the parameters; names and shapes must match this model exactly.

        Everything is checked (names, shapes, finite numbers) before anything is written, so a
        failed load leaves the model whole.
        """
        who = f"{type(self).__name__}.load_state_dict"
        if not isinstance(state, Mapping):
            raise InputError(f"{who}: state must be a dict name -> array, as model.state_dict() returns, "
                             f"got {describe(state)} ({type(state).__name__})")
        params = {name: (p, shape) for name, p, shape in self._parameter_shapes()}
        missing = [n for n in params if n not in state]
        unexpected = [n for n in state if n not in params]
        if missing or unexpected:
            raise InputError(f"{who}: the saved parameters (state) do not fit this model: missing {missing}, "
                             f"unexpected {unexpected} (this model has {list(params)})")
        values = {}
        for name, (p, shape) in params.items():
            shape = shape if shape is not None else np.shape(p.value)
            value = float_array(state[name], f"state[{name!r}]", who)
            if value.shape != shape:
                raise InputError(f"{who}: parameter {name}: this model has shape {shape}, "
                                 f"the saved one has {value.shape} (state[{name!r}]); was it saved from "
                                 "another architecture?")
            if not all_finite(value):
                raise InputError(f"{who}: state[{name!r}] has a non-finite value: {first_nonfinite(value)}")
            values[name] = value
        for name, (p, _) in params.items():
            if isinstance(p.value, np.ndarray) and p.value.shape == values[name].shape and p.value.flags.writeable:
                p.value[...] = values[name]  # in place: optimizers holding this parameter stay attached
            else:  # its value was replaced by something else (W.value = ...): a fresh array again
                p.value = values[name].astype(self.dtype)

    # -- checks shared by the modules ------------------------------------------------------
    def _check_input(self, X):
        raise UsageError(f"{type(self).__name__}: Module is a base class; use Dense, Activation or Sequential, "
                         "or give your module _check_input and _forward (or its own forward)")

    def _check_grad(self, dA):
        if self._cache is None:
            raise UsageError(
                f"{self._label()}: backward called before forward; run forward(X) first, "
                "backward needs what forward saw (a forward that raised an error leaves nothing)"
            )
        expected = self._out_shape
        if not (type(dA) is np.ndarray and dA.dtype is self.dtype):
            dA = float_array(dA, "dA", f"{self._label()}.backward").astype(self.dtype, copy=False)
        if dA.shape != expected:
            raise InputError(
                f"{self._label()}.backward expects dL/d(output) of shape {expected} as dA (the shape forward "
                f"returned), got {dA.shape}"
            )
        return dA  # NaN/inf in dA: found in dL/dX by backward (one check instead of two)

    def _forget(self):
        """Drop what forward cached (after a forward that failed: backward must not use it)."""
        self._cache = None

    def _parameter_shapes(self) -> list[tuple[str, Parameter, tuple]]:
        """(name, parameter, the shape its value must keep) for every parameter."""
        return [(name, p, None) for name, p in self.named_parameters()]

    def _replaced_parameter(self):
        """An error naming the first parameter whose value is no longer a real array of its shape, or None.

        Someone wrote ``layer.W.value = ...`` with another shape or type; writing into the array
        (``layer.W.value[...] = ...``) keeps it right.
        """
        for name, p, shape in self._parameter_shapes():
            v = p.value
            if not (isinstance(v, np.ndarray) and v.dtype.kind in "fiu") or (shape is not None and v.shape != shape):
                got = f"an array of shape {v.shape} and dtype {v.dtype}" if isinstance(v, np.ndarray) else \
                    f"a {type(v).__name__}"
                want = f"a float array of shape {shape}" if shape is not None else "a float array"
                return UsageError(f"{self._label()}: parameter {name} holds {got}; its value must stay {want}. "
                                  f"Write into it with {name.split('.')[-1]}.value[...] = ... instead of assigning "
                                  "a new object")
        return None

    def _nonfinite_output(self, X) -> Exception:
        """The error for a forward whose output is not finite: a bad parameter, or an overflow."""
        bad = self._replaced_parameter()
        if bad is not None:
            return bad
        for name, p in self.named_parameters():
            if not all_finite(p.value):
                return UsageError(
                    f"{self._who_forward()}: parameter {name} has {first_nonfinite(p.value)}, so the output is not "
                    "finite. Training diverged (try a smaller learning rate) or a value was written into it; "
                    "build the model again or load good weights")
        largest = max((float(np.max(np.abs(p.value), initial=0.0)) for p in self.parameters()), default=0.0)
        where = self._where_overflow(X)
        return InputError(
            f"{self._who_forward()}: the output overflowed{where} for this X (largest |X| = "
            f"{float(np.abs(X).max()):g}, largest |weight| = {largest:g}): the numbers exceed the "
            f"{np.dtype(self.dtype).name} range. Scale X (e.g. standardise its columns) or the weights down")

    def _where_overflow(self, X) -> str:
        return ""

    def _who_forward(self) -> str:
        return f"{self._label()}.forward"

    def _label(self) -> str:
        """How messages name this module (a Sequential's repr spans many lines: "the model")."""
        return repr(self)

    def _forward(self, X):
        raise NotImplementedError

    def _backward(self, dA, input_grad=True):
        raise NotImplementedError


#: weight initialisations: name -> standard deviation rule (biases start at zero)
INITS = ("he", "glorot")
_INIT_OTHER_NAMES = {"xavier": "glorot", "kaiming": "he"}


def _init_name(init, who: str) -> str:
    if isinstance(init, str) and init.lower() in _INIT_OTHER_NAMES:
        ours = _INIT_OTHER_NAMES[init.lower()]
        raise InputError(f"{who}: unknown init {init!r}; expected one of {', '.join(map(repr, INITS))}. "
                         f"Did you mean {ours!r} ({init} is another name of it)?")
    return choice(init, f"{who}: init", INITS, kind="init")


def _init_weight(d_in: int, d_out: int, init: str, rng, dtype) -> np.ndarray:
    if init == "he":
        # He et al. 2015: Var[W] = 2 / d keeps the activations' scale through ReLU layers
        W = rng.normal(0.0, np.sqrt(2.0 / d_in), size=(d_out, d_in))
    elif init == "glorot":
        # Glorot & Bengio 2010: U(-a, a) with a = sqrt(6 / (d + d')) for tanh/sigmoid layers
        a = np.sqrt(6.0 / (d_in + d_out))
        W = rng.uniform(-a, a, size=(d_out, d_in))
    else:
        raise _init_name(init, "Dense")
    return W.astype(dtype)  # drawn in float64 so float32 and float64 nets start alike


def _check_weights(d_in: int, d_out: int, who: str, what: str = ""):
    if d_in * d_out > MAX_WEIGHTS:
        raise InputError(f"{who}: {what}Dense({d_in} -> {d_out}) would hold d_in * d_out = {d_in * d_out:.3g} "
                         f"weights ({d_in * d_out * 8 / 1e9:.3g} GB in float64); at most {MAX_WEIGHTS:.3g} "
                         "fit a laptop's memory with their gradients and an optimizer's state")


class Dense(Module):
    r"""Fully connected layer $Z = X W^T + b$.

    Shapes: $X$ (N, d) -> $Z$ (N, d'); ``W`` (d', d) as on the slides; ``b`` (d',).

    Backward, with $dZ = \partial L/\partial Z$ (N, d'):
    $dW = dZ^T X$ (d', d), $db = \sum_n dZ_n$ (d',), $dX = dZ\,W$ (N, d).

    ``d_in`` = d and ``d_out`` = d' are integers >= 1. ``init``: ``"he"`` (default, for
    ReLU-like activations) or ``"glorot"`` (sigmoid, tanh, identity), any case. ``rng``: a numpy
    Generator, an int seed or None. ``dtype``: float64 or float32.
    """

    def __init__(self, d_in: int, d_out: int, *, init: str = "he", rng=None, dtype=np.float64, **unknown):
        if unknown:
            raise InputError(_unknown_arguments("Dense", unknown, "d_in, d_out, init, rng and dtype"))
        self.d_in = integer(d_in, "Dense: d_in (the input size d)", low=1)
        self.d_out = integer(d_out, "Dense: d_out (the output size d')", low=1)
        _check_weights(self.d_in, self.d_out, "Dense")
        self.dtype = _dtype(dtype, "Dense")
        self.init = "he" if init is None else _init_name(init, "Dense")
        rng = as_rng(rng)
        try:
            W = _init_weight(self.d_in, self.d_out, self.init, rng, self.dtype)
            b = np.zeros(self.d_out, dtype=self.dtype)
        except MemoryError:
            raise InputError(f"Dense: not enough memory for the weights of Dense({self.d_in} -> {self.d_out}) "
                             f"(d_in * d_out = {self.d_in * self.d_out:.3g}); use smaller d_in or d_out") from None
        self.W = Parameter(W, "W")  # (d', d)
        self.b = Parameter(b, "b")  # (d',)
        self._cache = None

    def parameters(self):
        return [self.W, self.b]

    def _parameter_shapes(self):
        return [("W", self.W, (self.d_out, self.d_in)), ("b", self.b, (self.d_out,))]

    def _check_input(self, X):
        return _input_2d(X, self.dtype, self.d_in, self.__repr__)

    @property
    def _out_shape(self):
        return (self._cache.shape[0], self.d_out)

    def _forward(self, X):
        self._cache = X  # backward needs the input for dW
        W = self.W.value
        out = self._buffer("Z", (X.shape[0], self.d_out), np.result_type(X, W)) if self._reuse else None
        Z = np.matmul(X, W.T, out=out)  # (N, d) @ (d, d') -> (N, d')
        Z += self.b.value
        return Z

    def _backward(self, dZ, input_grad=True):
        X = self._cache
        self.W.grad = np.matmul(dZ.T, X, out=self.W.grad_out())  # (d', N) @ (N, d) -> (d', d)
        self.b.grad = np.add.reduce(dZ, axis=0, out=self.b.grad_out())  # sum over the N samples, (d',)
        if not input_grad:  # the first layer in training: nobody needs dL/dX
            return None
        W = self.W.value
        out = self._buffer("dX", (dZ.shape[0], self.d_in), np.result_type(dZ, W)) if self._reuse else None
        return np.matmul(dZ, W, out=out)  # (N, d') @ (d', d) -> (N, d)

    def __repr__(self):
        return f"Dense({self.d_in} -> {self.d_out})"


def _elementwise_input(module, X) -> np.ndarray:
    """X as a float array of any shape, finite, for a module that works value by value (its dtype follows X)."""
    if not (type(X) is np.ndarray and X.dtype.kind == "f"):
        is_float = np.asarray(X).dtype.kind == "f" if not isinstance(X, (str, bytes)) else False
        X = float_array(X, "X", repr(module))
        if not is_float:
            X = X.astype(module.dtype)
    if not _finite(X):
        raise InputError(f"{module!r} got a non-finite value in its input X: {first_nonfinite(X)}")
    module.dtype = X.dtype
    return X


class Activation(Module):
    r"""Elementwise nonlinearity $A = g(Z)$; backward is $dZ = dA \odot g'(Z)$.

    ``name``: relu, elu, softplus, sigmoid, tanh (the slide's five), identity, leaky_relu (any
    case). Parameters as keywords, defaults as in torch: ``Activation("elu", alpha=1.0)``,
    ``Activation("leaky_relu", negative_slope=0.01)``.
    Works on arrays of any shape; ``dtype`` is only used to cast incoming gradients.

    ``g(Z, **params)`` and ``g_prime(Z, A, **params)`` are the formulas themselves, without
    checks (``A = g(Z)``, which some derivatives reuse): for code that evaluates many networks
    at once, e.g. ``layer.g(H, **layer.params)``.
    """

    def __init__(self, name: str = "relu", dtype=np.float64, **params):
        name = activation_name(name, "name", "Activation")
        _, _, defaults, relu_like = get_activation(name)
        self.name = name
        self.params = {**defaults, **_activation_params(name, params, f"Activation(name={name!r})")}
        self.relu_like = relu_like
        self.dtype = _dtype(dtype, f"Activation({name!r})")
        self.g, self.g_prime = KERNELS[name]  # the formulas without checks: forward checked Z once
        self._cache = None

    def _check_input(self, X):
        return _elementwise_input(self, X)

    @property
    def _out_shape(self):
        return self._cache[0].shape

    def _forward(self, Z):
        if self._reuse and self.name == "relu" and Z.dtype.kind == "f":
            A = np.maximum(Z, 0.0, out=self._buffer("A", Z.shape, Z.dtype))  # relu(Z), in place of a new array
        else:
            A = self.g(Z, **self.params)
        self._cache = (Z, A)  # g'(Z) may reuse A = g(Z) (sigmoid, tanh, elu)
        return A

    def _backward(self, dA, input_grad=True):
        if not input_grad:  # an activation has no parameters: dZ is its only result
            return None
        Z, A = self._cache
        if self.name == "relu":  # same as dA * relu_derivative(Z), one array op fewer
            if self._reuse:
                mask = np.greater(Z, 0, out=self._buffer("mask", Z.shape, np.bool_))
                return np.multiply(dA, mask, out=self._buffer("dZ", dA.shape, dA.dtype))
            return dA * (Z > 0)
        return dA * self.g_prime(Z, A, **self.params)

    def __repr__(self):
        extra = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"Activation({self.name!r}{extra})"


class Dropout(Module):
    r"""Inverted dropout (Srivastava et al. 2014) on a layer's outputs, e.g. after a hidden Activation.

    Training (``model.train()``, the default): every forward draws a new mask $M$ with
    $M_{ij} = 1$ with probability $1-p$, else 0, and

    $$A = \frac{M \odot X}{1-p}, \qquad dX = \frac{M \odot dA}{1-p},$$

    so each unit is missing from a step with probability $p$, and $E[A] = X$. Evaluation
    (``model.eval()``): $A = X$, every unit present; thanks to the $1/(1-p)$ while training,
    nothing needs rescaling at test time. ``p`` is the probability of *dropping* a value, as in
    torch's ``nn.Dropout(p)``; ``p = 0`` is the identity. ``rng`` (a seed or a Generator) draws the
    masks. A gradient check needs ``eval()`` (or ``p = 0``): a new mask per forward changes the function.
    """

    def __init__(self, p: float = 0.5, rng=None, dtype=np.float64):
        try:
            ok = not isinstance(p, (bool, np.bool_, str)) and 0.0 <= float(p) < 1.0
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise InputError(f"Dropout: p is the probability of dropping a value, a number in [0, 1) (0: keep "
                             f"everything; 1 would drop everything), got {describe(p)}")
        self.p = float(p)
        self.rng = as_rng(rng)
        self.dtype = _dtype(dtype, "Dropout")
        self._cache = None

    def _check_input(self, X):
        return _elementwise_input(self, X)

    @property
    def _out_shape(self):
        return self._cache[0]

    def _forward(self, X):
        if not self.training or self.p == 0.0:
            self._cache = (X.shape, None)
            return X
        keep = self.rng.random(X.shape) >= self.p
        scaled = keep / (1.0 - self.p)  # M / (1-p): what forward and backward multiply by
        self._cache = (X.shape, scaled)
        return X * scaled

    def _backward(self, dA, input_grad=True):
        if not input_grad:
            return None
        scaled = self._cache[1]
        return dA if scaled is None else dA * scaled

    def __repr__(self):
        return f"Dropout(p={self.p:g})"


_OTHER_LIBRARIES = {
    "activation": "an activation is its own module: add Activation('relu') after the Dense",
    "bias": "every Dense has a bias b (set it to zero with layer.b.value[...] = 0)",
    "use_bias": "every Dense has a bias b (set it to zero with layer.b.value[...] = 0)",
    "seed": "the seed is rng=0", "random_state": "the seed is rng=0",
    "in_features": "the input size is d_in", "out_features": "the output size is d_out",
    "units": "the output size is d_out", "input_dim": "the input size is d_in",
    "kernel_initializer": "the initialisation is init='he' or init='glorot'",
}


def _unknown_arguments(who: str, unknown, takes: str) -> str:
    """The message for keyword arguments ``who`` does not take (often another library's names)."""
    said = "; ".join(_OTHER_LIBRARIES[n] for n in unknown if n in _OTHER_LIBRARIES)
    return f"{who} got unknown argument(s) {sorted(unknown)}; it takes {takes}" + (f" ({said})" if said else "")


def _activation_params(name: str, params: dict, who: str) -> dict:
    """The parameters ``params`` of activation ``name`` (ELU's alpha, ...), each one finite number."""
    defaults = get_activation(name)[2]
    unknown = set(params) - set(defaults)
    if unknown:
        allowed = ", ".join(defaults) if defaults else f"none ({name} takes no parameters)"
        said = "; ".join(_OTHER_LIBRARIES[n] for n in sorted(unknown) if n in _OTHER_LIBRARIES)
        raise InputError(f"{who} got unknown parameter(s) {sorted(unknown)}; allowed: {allowed}"
                         + (f" ({said})" if said else ""))
    return {k: activation_param(v, k, who) for k, v in params.items()}


def _module_hint(m) -> tuple[str, str]:
    """What ``m`` is, and what to write instead of it."""
    if isinstance(m, type) and issubclass(m, Module):
        return f"the class {m.__name__}", f"; write {m.__name__}(...) with its arguments"
    if isinstance(m, str):
        return f"the string {m!r}", (f"; write Activation({m!r})" if m.lower() in KERNELS else "")
    if callable(m) and str(getattr(m, "__name__", "")).lower() in KERNELS:
        return (f"the function {m.__name__} ({type(m).__name__})",
                f"; write Activation({m.__name__.lower()!r})")
    return type(m).__name__, ""


def _submodules(module):
    yield module
    for inner in getattr(module, "layers", ()):
        yield from _submodules(inner)


class Sequential(Module):
    """Modules applied in order; names them as the slides do: Dense1, Activation1, Dense2, ...

    ``forward`` checks X once against the first Dense (shape (N, d), finite values);
    ``backward(dY)`` runs the layers in reverse and returns dL/dX. ``model[i]`` is a layer by
    position, ``model["Dense2"]`` by name.
    """

    def __init__(self, *modules: Module):
        if len(modules) == 1 and isinstance(modules[0], (list, tuple)):
            modules = tuple(modules[0])
        if not modules:
            raise InputError("Sequential needs at least one module (modules), got none")
        for i, m in enumerate(modules):
            if not isinstance(m, Module):
                what, hint = _module_hint(m)
                raise InputError(f"Sequential expects Module objects (Dense, Activation, ...) as modules, got "
                                 f"{what} at position {i} (modules[{i}]){hint}")
        seen = {}
        for i, m in enumerate(modules):
            for inner in _submodules(m):
                if id(inner) in seen:
                    raise InputError(
                        f"Sequential: modules[{i}] uses the same {inner!r} object as modules[{seen[id(inner)]}]; "
                        "a module keeps one forward pass for its backward, so using it twice gives wrong "
                        f"gradients: create a second {type(inner).__name__}(...)")
                seen[id(inner)] = i
        self.layers = list(modules)
        self.names = self._slide_names(self.layers)
        dense = [(n, m) for n, m in zip(self.names, self.layers) if getattr(m, "d_in", None) is not None]
        for (n1, m1), (n2, m2) in zip(dense, dense[1:]):
            if m1.d_out != m2.d_in:
                raise InputError(
                    f"Sequential: {n2} = {m2!r} expects d = {m2.d_in} inputs, but {n1} = {m1!r} gives "
                    f"{m1.d_out} (modules do not fit together)"
                )
        self.d_in = dense[0][1].d_in if dense else None
        self.d_out = dense[-1][1].d_out if dense else None
        dtypes = {m.dtype for _, m in dense}
        if len(dtypes) > 1:
            raise InputError(f"Sequential: all Dense layers (modules) need one dtype, got {sorted(map(str, dtypes))}")
        self.dtype = dtypes.pop() if dtypes else np.dtype(np.float64)
        for m in self.layers:
            if isinstance(m, (Activation, Dropout)):
                m.dtype = self.dtype
        self._cache = None

    @staticmethod
    def _slide_names(layers):
        counts, names = {}, []
        for m in layers:
            kind = type(m).__name__
            counts[kind] = counts.get(kind, 0) + 1
            names.append(f"{kind}{counts[kind]}")
        return names

    def parameters(self):
        return [p for m in self.layers for p in m.parameters()]

    def named_parameters(self):
        return [(f"{n}.{pn}", p) for n, m in zip(self.names, self.layers) for pn, p in m.named_parameters()]

    def _parameter_shapes(self):
        return [(f"{n}.{pn}", p, shape) for n, m in zip(self.names, self.layers)
                for pn, p, shape in m._parameter_shapes()]

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self.layers[i]
        if isinstance(i, str):
            for name, m in zip(self.names, self.layers):
                if name.lower() == i.lower():
                    return m
            raise InputError(f"Sequential[{i!r}]: no layer named {i!r}; the layers are "
                             f"{', '.join(self.names)}" + _did_you_mean(i, self.names))
        n = len(self.layers)
        i = integer(i, f"Sequential[i]: the layer index i (one of 0..{n - 1}, or a name such as 'Dense1')")
        if not -n <= i < n:
            raise InputError(f"Sequential[i]: the model has {n} layers ({', '.join(self.names)}), so i must be "
                             f"in 0..{n - 1} (or -{n}..-1), got {i}")
        return self.layers[i]

    def __iter__(self):
        return iter(self.layers)

    def _check_input(self, X):
        return _input_2d(X, self.dtype, self.d_in, self._who)

    def _who(self):
        return "the model" if self.d_in is None else f"the model (first layer {self.layers[0]!r})"

    def _who_forward(self):
        return self._who()

    def _label(self):
        return "the model"

    @property
    def _out_shape(self):
        return self._cache

    def _forward(self, X):
        for m in self.layers:
            X = m._forward(X)
        self._cache = X.shape
        return X

    def _backward(self, dA, input_grad=True):
        """``input_grad=False`` (used by ``fit``) skips dL/dX of the first layer."""
        for m in reversed(self.layers[1:]):
            dA = m._backward(dA)
        first = self.layers[0]
        return first._backward(dA) if input_grad else first._backward(dA, input_grad=False)

    def layer_outputs(self, X, *, check: bool = True) -> list[np.ndarray]:
        """Every layer's output for the input ``X``, in order: ``[Z1, A1, Z2, ..., output]``.

        ``layer_outputs(X)[-1]`` is ``forward(X)``; the Activation layers' entries are the hidden
        units' values $A = g(Z)$, one column per unit (N, d'). ``check`` as in ``forward``; a
        backward after it works as after ``forward``.
        """
        outputs = []

        def compute(H):
            for m in self.layers:
                H = m._forward(H)
                outputs.append(H)
            self._cache = H.shape
            return H

        if check:
            self._guarded(compute, self.check_input(X))
        else:
            compute(X)
        return outputs

    def _forget(self):
        for m in _submodules(self):
            m._cache = None

    def _where_overflow(self, X) -> str:
        """Which layer's output first stopped being finite (forward again, layer by layer)."""
        H = X
        with np.errstate(all="ignore"):
            for name, m in zip(self.names, self.layers):
                H = m._forward(H)
                if not _finite(H):
                    self._forget()
                    return f" in {name} = {m!r} ({first_nonfinite(H)} in its output)"
        self._forget()
        return ""

    def __repr__(self):
        lines = [f"  {n}: {m!r}" + (f"  ({m.n_params} parameters)" if m.n_params else "")
                 for n, m in zip(self.names, self.layers)]
        return "Sequential(\n" + "\n".join(lines) + f"\n)  total {self.n_params} parameters"


class Residual(Module):
    r"""A skip connection around modules $F$ applied in order: $A = X + F(X)$ (He et al. 2016).

    ``Residual(Activation("relu"), Dense(d', d'))`` computes $A = X + W\,g(X) + b$. $F$ must
    keep the width (its first Dense takes $d'$ inputs and its last gives $d'$). backward:
    $dX = dA + (\partial F/\partial X)^\top dA$, the identity path adding $dA$ unchanged, so the
    gradient reaches the layers below even where $F$ passes little back. Use it inside
    ``Sequential``; its parameters are $F$'s, named ``Residual1.Dense1.W`` there.
    """

    def __init__(self, *modules: Module):
        if len(modules) == 1 and isinstance(modules[0], (list, tuple)):
            modules = tuple(modules[0])
        if not modules:
            raise InputError("Residual needs the modules of F in A = X + F(X), e.g. "
                             "Residual(Activation('relu'), Dense(16, 16)), got none")
        try:
            inner = Sequential(*modules)
        except InputError as error:
            raise InputError(f"Residual: {error}") from None
        if inner.d_in is None:
            raise InputError("Residual: F in A = X + F(X) needs at least one Dense layer (it sets the width d'), "
                             f"got only {', '.join(map(repr, inner.layers))}")
        if inner.d_in != inner.d_out:
            raise InputError(f"Residual: X + F(X) needs F to keep the width, but F takes d = {inner.d_in} inputs "
                             f"and gives {inner.d_out} outputs; make its last Dense end with {inner.d_in}")
        self._inner = inner
        self.layers, self.names = inner.layers, inner.names
        self.d_in = self.d_out = inner.d_in
        self.dtype = inner.dtype
        self._cache = None

    def parameters(self):
        return self._inner.parameters()

    def named_parameters(self):
        return self._inner.named_parameters()

    def _parameter_shapes(self):
        return self._inner._parameter_shapes()

    def _check_input(self, X):
        return _input_2d(X, self.dtype, self.d_in, self.__repr__)

    @property
    def _out_shape(self):
        return self._cache

    def _forward(self, X):
        A = X + self._inner._forward(X)  # a new array: X is the layer below's output (or its buffer)
        self._cache = A.shape
        return A

    def _backward(self, dA, input_grad=True):
        dF = self._inner._backward(dA)  # F's parameters need it, and dX = dA + dF
        if not input_grad:
            return None
        return dA + dF

    def _forget(self):
        for m in _submodules(self):
            m._cache = None

    def __repr__(self):
        return f"Residual({', '.join(map(repr, self.layers))})"


def _did_you_mean(name: str, known) -> str:
    import difflib

    by_lower = {k.lower(): k for k in known}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
    return f". Did you mean {by_lower[close[0]]!r}?" if close else ""


def _sizes(sizes) -> list[int]:
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, (list, tuple, np.ndarray, range)):
        raise InputError(f"mlp expects a list of layer sizes like [2, 16, 1] as sizes, got {describe(sizes)}")
    sizes = list(sizes)
    if len(sizes) < 2:
        raise InputError(f"mlp needs at least an input and an output size, got sizes={sizes}")
    for i, s in enumerate(sizes):
        try:
            integer(s, "size", low=1)
        except InputError:
            hint = ""
            if isinstance(s, (bool, np.bool_)):
                hint = ", a bool"
            elif isinstance(s, (float, np.floating)) and np.isfinite(s) and float(s).is_integer():
                hint = f"; write {int(s)}, not {s!r}"
            raise InputError(f"mlp: layer sizes must be positive integers, got sizes={sizes} "
                             f"(entry {i}, sizes[{i}], is {s!r}{hint})") from None
    sizes = [int(s) for s in sizes]
    for k, (d_in, d_out) in enumerate(zip(sizes, sizes[1:])):
        _check_weights(d_in, d_out, "mlp", f"sizes={sizes}: Dense{k + 1} = ")
    return sizes


def mlp(sizes, activation="relu", *, rng=None, init: str | None = None, dropout: float = 0.0,
        dtype=np.float64, **activation_params) -> Sequential:
    """Multilayer perceptron ``Dense, Activation, ..., Dense`` for ``sizes = [d, d', ..., d_out]``.

    The activation sits between Dense layers, not after the last one: losses take raw outputs
    (logits). ``activation``: one name for every hidden layer, or a list of names, one per hidden
    layer (``mlp([2, 8, 8, 1], ["relu", "tanh"])``). ``init`` defaults to He for ReLU-like
    activations and Glorot otherwise; with a list, each Dense takes the default of the activation
    after it (the last Dense that of the one before it).
    ``dropout=p`` puts a ``Dropout(p)`` after every hidden activation (0, the default: none), its
    masks drawn from ``rng`` after the weights.
    ``mlp([1, 64, 1], "relu", rng=0)`` is ``Sequential(Dense(1, 64), Activation("relu"),
    Dense(64, 1))``.
    """
    sizes = _sizes(sizes)
    if isinstance(activation, (list, tuple)):
        if len(activation) != len(sizes) - 2:
            raise InputError(f"mlp: activation as a list needs one name per hidden layer: sizes {sizes} have "
                             f"{len(sizes) - 2}, got {len(activation)} ({list(activation)!r})")
        names = [activation_name(a, f"activation[{k}]", "mlp") for k, a in enumerate(activation)]
    else:
        names = [activation_name(activation, "activation", "mlp")] * (len(sizes) - 2)
    params = {name: _activation_params(name, activation_params, f"mlp(activation={name!r})") for name in names}
    if init is not None:
        init = _init_name(init, "mlp")
    elif not names:  # no hidden layer: the one Dense takes the default of the activation named
        init = _default_init(activation_name(activation, "activation", "mlp")) if isinstance(activation, str) \
            else "glorot"
    if not names and isinstance(activation, str):  # its parameters are checked all the same
        _activation_params(activation_name(activation, "activation", "mlp"), activation_params,
                           f"mlp(activation={activation!r})")
    dtype = _dtype(dtype, "mlp")
    try:
        Dropout(dropout)  # checks p before anything is built
    except InputError:
        raise InputError(f"mlp: dropout is the probability of dropping a hidden unit's value, a number in [0, 1) "
                         f"(0: no Dropout layers), got {describe(dropout)}") from None
    rng = as_rng(rng)
    modules: list[Module] = []
    for k, (d_in, d_out) in enumerate(zip(sizes, sizes[1:])):
        if k:
            modules.append(Activation(names[k - 1], dtype=dtype, **params[names[k - 1]]))
            if dropout:
                modules.append(Dropout(dropout, rng=rng, dtype=dtype))
        layer_init = init or _default_init(names[min(k, len(names) - 1)])  # the activation after it
        modules.append(Dense(d_in, d_out, init=layer_init, rng=rng, dtype=dtype))
    return Sequential(*modules)


def _default_init(activation: str) -> str:
    """He for a ReLU-like activation, Glorot for the others."""
    return "he" if get_activation(activation)[3] else "glorot"
