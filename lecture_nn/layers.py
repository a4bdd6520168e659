r"""The multilayer perceptron: ``Parameter``, ``Dense``, ``Activation``, ``Sequential``, ``mlp``.

Notation of the slides, for a batch of $N$ samples stored as rows of $X$ ($N \times d$):

* ``Dense(d, d')``: $Z = X W^T + b$, with $W$ of shape $(d', d)$ — the slide's $W_{ji}$ maps
  input $i$ to unit $j$, so one sample gives $z = Wx$.
* ``Activation(g)``: $A = g(Z)$ elementwise.
* ``Sequential``: the composition; ``mlp([d, d', 1])`` is the slide's $\hat y = w^T g(Wx)$ with
  biases.

Every module has ``forward(X)`` (also ``module(X)``) and ``backward(dA)``: given
$\partial L / \partial(\text{output})$, backward stores $\partial L/\partial\theta$ in each
parameter's ``.grad`` (overwriting it: no zero_grad needed) and returns
$\partial L / \partial(\text{input})$. What backward needs is cached by forward in one
attribute, ``_cache``.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_dtype, as_float_2d, as_rng, positive_int, unknown_name
from .activations import get_activation

__all__ = ["Parameter", "Module", "Dense", "Activation", "Sequential", "mlp", "INITS"]


class Parameter:
    """A trainable array: ``.value``, its gradient ``.grad`` (None until a backward), ``.name``.

    Backward writes a new gradient into the memory of the previous one (as torch does), so a
    training step allocates no new gradient arrays: to keep a gradient, store ``p.grad.copy()``.
    """

    __slots__ = ("value", "grad", "name")

    def __init__(self, value, name: str = ""):
        value = np.array(value, copy=True)
        if value.dtype.kind != "f":
            value = value.astype(np.float64)
        self.value = value
        self.grad = None
        self.name = name

    @property
    def shape(self):
        return self.value.shape

    def grad_out(self) -> np.ndarray:
        """The array a backward pass should write this parameter's gradient into."""
        g = self.grad
        if g is None or g.shape != self.value.shape or g.dtype != self.value.dtype or not g.flags.writeable:
            g = np.empty_like(self.value)
        return g

    @property
    def size(self) -> int:
        return self.value.size

    def __repr__(self):
        return f"Parameter({self.name!r}, shape={self.value.shape}, dtype={self.value.dtype})"


class Module:
    """Base class: ``forward`` checks its input then calls ``_forward``; ``backward`` likewise.

    ``Sequential`` checks the input once and then calls the inner modules' ``_forward`` /
    ``_backward`` directly, so a deep net pays for one check, not one per layer.
    """

    _cache = None
    #: True only inside ``fit``'s loop: forward and backward then write their results into
    #: buffers the layer keeps (no fresh multi-megabyte array per step, whose pages the OS must
    #: hand out again each time); outside, every call returns new arrays, safe to keep
    _reuse = False

    def _buffer(self, key: str, shape, dtype) -> np.ndarray:
        """The layer's buffer ``key`` with this shape and dtype (made again when they change)."""
        buffers = self.__dict__.setdefault("_buffers", {})
        buffer = buffers.get(key)
        if buffer is None or buffer.shape != shape or buffer.dtype != dtype:
            buffer = buffers[key] = np.empty(shape, dtype)
        return buffer

    def forward(self, X):
        return self._forward(self._check_input(X))

    def backward(self, dA):
        return self._backward(self._check_grad(dA))

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

    def state_dict(self) -> dict[str, np.ndarray]:
        """A copy of every parameter's value, by name (``Dense1.W``, ...)."""
        return {name: p.value.copy() for name, p in self.named_parameters()}

    def load_state_dict(self, state: dict):
        """Copy values into the parameters; names and shapes must match this model exactly.

        Nothing is changed unless everything matches, so a failed load leaves the model whole.
        """
        params = dict(self.named_parameters())
        missing = [n for n in params if n not in state]
        unexpected = [n for n in state if n not in params]
        if missing or unexpected:
            raise ValueError(f"the saved parameters do not fit this model: missing {missing}, "
                             f"unexpected {unexpected} (this model has {list(params)})")
        for name, p in params.items():
            shape = np.shape(state[name])
            if shape != p.value.shape:
                raise ValueError(f"parameter {name}: this model has shape {p.value.shape}, "
                                 f"the saved one has {shape}; was it saved from another architecture?")
        for name, p in params.items():
            p.value[...] = state[name]  # in place: optimizers holding this parameter stay attached

    # -- checks shared by the modules ------------------------------------------------------
    def _check_input(self, X):
        raise NotImplementedError

    def _check_grad(self, dA):
        if self._cache is None:
            raise RuntimeError(
                f"{self!r}: backward called before forward; run forward(X) first, "
                "backward needs what forward saw"
            )
        expected = self._out_shape
        dA = np.asarray(dA, dtype=self.dtype)
        if dA.shape != expected:
            raise ValueError(
                f"{self!r}.backward expects dL/d(output) of shape {expected} (the shape forward "
                f"returned), got {dA.shape}"
            )
        return dA

    def _forward(self, X):
        raise NotImplementedError

    def _backward(self, dA):
        raise NotImplementedError


#: weight initialisations: name -> standard deviation rule (biases start at zero)
INITS = ("he", "glorot")


def _init_weight(d_in: int, d_out: int, init: str, rng, dtype) -> np.ndarray:
    if init == "he":
        # He et al. 2015: Var[W] = 2 / d keeps the activations' scale through ReLU layers
        W = rng.normal(0.0, np.sqrt(2.0 / d_in), size=(d_out, d_in))
    elif init == "glorot":
        # Glorot & Bengio 2010: U(-a, a) with a = sqrt(6 / (d + d')) for tanh/sigmoid layers
        a = np.sqrt(6.0 / (d_in + d_out))
        W = rng.uniform(-a, a, size=(d_out, d_in))
    else:
        raise unknown_name("init", init, INITS)
    return W.astype(dtype)  # drawn in float64 so float32 and float64 nets start alike


class Dense(Module):
    r"""Fully connected layer $Z = X W^T + b$.

    Shapes: $X$ (N, d) -> $Z$ (N, d'); ``W`` (d', d) as on the slides; ``b`` (d',).

    Backward, with $dZ = \partial L/\partial Z$ (N, d'):
    $dW = dZ^T X$ (d', d), $db = \sum_n dZ_n$ (d',), $dX = dZ\,W$ (N, d).

    ``init``: ``"he"`` (default, for ReLU-like activations) or ``"glorot"`` (sigmoid, tanh,
    identity). ``rng``: a numpy Generator or an int seed. ``dtype``: float64 or float32.
    """

    def __init__(self, d_in: int, d_out: int, *, init: str = "he", rng=None, dtype=np.float64):
        self.d_in = positive_int(d_in, "Dense input size d")
        self.d_out = positive_int(d_out, "Dense output size d'")
        self.dtype = as_dtype(dtype)
        self.init = init
        W = _init_weight(self.d_in, self.d_out, init, as_rng(rng), self.dtype)
        self.W = Parameter(W, "W")  # (d', d)
        self.b = Parameter(np.zeros(self.d_out, dtype=self.dtype), "b")  # (d',)
        self._cache = None

    def parameters(self):
        return [self.W, self.b]

    def _check_input(self, X):
        return as_float_2d(X, "X", self.dtype, self.d_in, self.__repr__)

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


class Activation(Module):
    r"""Elementwise nonlinearity $A = g(Z)$; backward is $dZ = dA \odot g'(Z)$.

    ``name``: relu, elu, softplus, sigmoid, tanh (the slide's five), identity, leaky_relu.
    Parameters as keywords, defaults as in torch: ``Activation("elu", alpha=1.0)``,
    ``Activation("leaky_relu", negative_slope=0.01)``.
    Works on arrays of any shape; ``dtype`` is only used to cast incoming gradients.
    """

    def __init__(self, name: str = "relu", dtype=np.float64, **params):
        g, g_prime, defaults, relu_like = get_activation(name)
        unknown = set(params) - set(defaults)
        if unknown:
            allowed = ", ".join(defaults) if defaults else "none"
            raise ValueError(
                f"Activation({name!r}) got unknown parameter(s) {sorted(unknown)}; allowed: {allowed}"
            )
        self.name = name.lower()
        self.params = {**defaults, **params}
        self.relu_like = relu_like
        self.dtype = as_dtype(dtype)
        self._g, self._g_prime = g, g_prime
        self._cache = None

    def _check_input(self, X):
        X = np.asarray(X)
        if X.dtype.kind != "f":
            X = X.astype(self.dtype)
        if not np.isfinite(X).all():
            raise ValueError(f"{self!r} got a non-finite value in its input")
        self.dtype = X.dtype
        return X

    @property
    def _out_shape(self):
        return self._cache[0].shape

    def _forward(self, Z):
        if self._reuse and self.name == "relu" and Z.dtype.kind == "f":
            A = np.maximum(Z, 0.0, out=self._buffer("A", Z.shape, Z.dtype))  # relu(Z), in place of a new array
        else:
            A = self._g(Z, **self.params)
        self._cache = (Z, A)  # g'(Z) may reuse A = g(Z) (sigmoid, tanh, elu)
        return A

    def _backward(self, dA):
        Z, A = self._cache
        if self.name == "relu":  # same as dA * relu_derivative(Z), one array op fewer
            if self._reuse:
                mask = np.greater(Z, 0, out=self._buffer("mask", Z.shape, np.bool_))
                return np.multiply(dA, mask, out=self._buffer("dZ", dA.shape, dA.dtype))
            return dA * (Z > 0)
        return dA * self._g_prime(Z, A, **self.params)

    def __repr__(self):
        extra = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"Activation({self.name!r}{extra})"


class Sequential(Module):
    """Modules applied in order; names them as the slides do: Dense1, Activation1, Dense2, ...

    ``forward`` checks X once against the first Dense (shape (N, d), finite values);
    ``backward(dY)`` runs the layers in reverse and returns dL/dX.
    """

    def __init__(self, *modules: Module):
        if len(modules) == 1 and isinstance(modules[0], (list, tuple)):
            modules = tuple(modules[0])
        if not modules:
            raise ValueError("Sequential needs at least one module, got none")
        for i, m in enumerate(modules):
            if not isinstance(m, Module):
                raise ValueError(f"Sequential expects Module objects, got {type(m).__name__} at position {i}")
        self.layers = list(modules)
        self.names = self._slide_names(self.layers)
        dense = [(n, m) for n, m in zip(self.names, self.layers) if hasattr(m, "d_in")]
        for (n1, m1), (n2, m2) in zip(dense, dense[1:]):
            if m1.d_out != m2.d_in:
                raise ValueError(
                    f"{n2} = {m2!r} expects d = {m2.d_in} inputs, but {n1} = {m1!r} gives {m1.d_out}"
                )
        self.d_in = dense[0][1].d_in if dense else None
        self.d_out = dense[-1][1].d_out if dense else None
        dtypes = {m.dtype for _, m in dense}
        if len(dtypes) > 1:
            raise ValueError(f"all Dense layers need one dtype, got {sorted(map(str, dtypes))}")
        self.dtype = dtypes.pop() if dtypes else np.dtype(np.float64)
        for m in self.layers:
            if isinstance(m, Activation):
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

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, i):
        return self.layers[i]

    def __iter__(self):
        return iter(self.layers)

    def _check_input(self, X):
        return as_float_2d(X, "X", self.dtype, self.d_in, self._who)

    def _who(self):
        return "the model" if self.d_in is None else f"the model (first layer {self.layers[0]!r})"

    @property
    def _out_shape(self):
        return self._cache

    def _forward(self, X):
        for m in self.layers:
            X = m._forward(X)
        self._cache = X.shape
        return X

    def _backward(self, dA, input_grad=True):
        """``input_grad=False`` (used by ``fit``) skips dL/dX of a first Dense layer."""
        for m in reversed(self.layers[1:]):
            dA = m._backward(dA)
        first = self.layers[0]
        if not input_grad and isinstance(first, Dense):
            return first._backward(dA, input_grad=False)
        return first._backward(dA)

    def __repr__(self):
        lines = [f"  {n}: {m!r}" + (f"  ({m.n_params} parameters)" if m.n_params else "")
                 for n, m in zip(self.names, self.layers)]
        return "Sequential(\n" + "\n".join(lines) + f"\n)  total {self.n_params} parameters"


def mlp(sizes, activation: str = "relu", *, rng=None, init: str | None = None,
        dtype=np.float64, **activation_params) -> Sequential:
    """Multilayer perceptron ``Dense, Activation, ..., Dense`` for ``sizes = [d, d', ..., d_out]``.

    The activation sits between Dense layers, not after the last one: losses take raw outputs
    (logits). ``init`` defaults to He for ReLU-like activations and Glorot otherwise.
    ``mlp([1, 64, 1], "relu", rng=0)`` is ``Sequential(Dense(1, 64), Activation("relu"),
    Dense(64, 1))``.
    """
    if isinstance(sizes, (int, np.integer)) or not hasattr(sizes, "__len__"):
        raise ValueError(f"mlp expects a list of layer sizes like [2, 16, 1], got {sizes!r}")
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(f"mlp needs at least an input and an output size, got sizes={sizes}")
    for i, s in enumerate(sizes):
        try:
            positive_int(s, "size")
        except ValueError:
            raise ValueError(f"layer sizes must be positive integers, got sizes={sizes} "
                             f"(entry {i} is {s!r})") from None
    relu_like = Activation(activation, **activation_params).relu_like  # checks name and params
    if init is None:
        init = "he" if relu_like else "glorot"
    rng = as_rng(rng)
    modules: list[Module] = []
    for k, (d_in, d_out) in enumerate(zip(sizes, sizes[1:])):
        if k:
            modules.append(Activation(activation, dtype=dtype, **activation_params))
        modules.append(Dense(d_in, d_out, init=init, rng=rng, dtype=dtype))
    return Sequential(*modules)
