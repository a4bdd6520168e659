"""Fuzz cases for the network: lecture_nn.activations, layers, losses and optim.

Every check compares with a reference written here from the slide's formula (not with the
package's own functions), so a silently wrong value, shape or dtype fails the case. Calls that
change state (``load_state_dict``, ``step``) also fail when a refused call changed the model or the
optimizer before refusing: bad input must be refused before any state changes.

The public activations are elementwise: a NaN entry gives NaN (as numpy's ``np.tanh`` does) and
±inf gives the function's limit there. That is their contract, so their cases allow non-finite
output, and the check asserts that it is exactly the reference (NaN only where x is NaN). The
same holds for ``Optimizer.step`` with a NaN gradient (it writes what the rule computes; ``fit``
reports the divergence and the next ``forward`` names the parameter).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

import lecture_nn as ln
from lecture_nn import activations as act
from lecture_nn.errors import LectureNNError
from lecture_nn.torch_code import torch_code
from fuzz import Case

# --- references, written from the formulas -------------------------------------------------------


def _sig(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


REF_G = {
    "relu": lambda x, **p: x if x > 0 else 0.0,
    "elu": lambda x, alpha=1.0: x if x >= 0 else alpha * math.expm1(x),
    "softplus": lambda x: max(x, 0.0) + math.log1p(math.exp(-abs(x))),
    "sigmoid": lambda x: _sig(x),
    "tanh": lambda x: math.tanh(x),
    "identity": lambda x: x,
    "leaky_relu": lambda x, negative_slope=0.01: x if x >= 0 else negative_slope * x,
}
REF_DG = {
    "relu": lambda x: 1.0 if x > 0 else 0.0,
    "elu": lambda x, alpha=1.0: 1.0 if x >= 0 else alpha * math.exp(x),
    "softplus": lambda x: _sig(x),
    "sigmoid": lambda x: _sig(x) * (1 - _sig(x)),
    "tanh": lambda x: 1 - math.tanh(x) ** 2,
    "identity": lambda x: 1.0,
    "leaky_relu": lambda x, negative_slope=0.01: 1.0 if x > 0 else negative_slope,
}
PARAMS = {"elu": {"alpha": 1.0}, "leaky_relu": {"negative_slope": 0.01}}


def _elementwise(fn, x, **p):
    a = np.asarray(x, dtype=np.float64)
    flat = [math.nan if math.isnan(v) else fn(v, **p) for v in a.ravel().tolist()]
    return np.array(flat, dtype=np.float64).reshape(a.shape)


def _assert_close(got, want, what, rtol=1e-12, atol=1e-300):
    got = np.asarray(got)
    if got.dtype.kind == "f" and got.dtype.itemsize < 8:  # float32 results: its own rounding
        rtol = max(rtol, 1e-6)
    assert got.shape == want.shape, f"{what}: shape {got.shape}, expected {want.shape}"
    assert np.allclose(got.astype(np.float64), want, rtol=rtol, atol=atol, equal_nan=True), \
        f"{what}: {got.ravel()[:5]} ..., expected {want.ravel()[:5]} ..."


def _activation_cases():
    cases = []
    for name in ln.ACTIVATIONS:
        g = getattr(act, name)
        dg = getattr(act, f"{name}_derivative")
        params = PARAMS.get(name, {})

        def valid_g(params=params):
            return {"x": np.linspace(-3, 3, 7), **params}

        def check_g(result, kw, name=name):
            x = kw["x"]
            p = {k: v for k, v in kw.items() if k != "x"}
            want = _elementwise(REF_G[name], x, **p)
            _assert_close(result, want, f"{name}({x!r})")
            a = np.asarray(x)
            expected_dtype = a.dtype if a.dtype.kind == "f" else np.float64
            assert result.dtype == expected_dtype, f"dtype {result.dtype}, expected {expected_dtype}"

        cases.append(Case(f"activations.{name}", g, valid_g, check_g, allow_nonfinite=True,
                          odd={"x": [[[1, 2], [3, 4]], np.float32([1e30, -1e30]), np.array([1, "a"], dtype=object),
                                     np.array(["1.5"]), np.array([1 + 0j]), np.array([np.nan, 1.0])]}))

        def valid_dg(params=params):
            return {"x": np.linspace(-3, 3, 7), **params}

        def valid_dg_gx(name=name, params=params):
            x = np.linspace(-3, 3, 7)
            return {"x": x, "gx": _elementwise(REF_G[name], x, **params), **params}

        def check_dg(result, kw, name=name):
            x = kw["x"]
            p = {k: v for k, v in kw.items() if k not in ("x", "gx")}
            want = _elementwise(REF_DG[name], x, **p)
            _assert_close(result, want, f"{name}_derivative({x!r})", rtol=1e-9)

        cases.append(Case(f"activations.{name}_derivative", dg, valid_dg, check_dg, allow_nonfinite=True,
                          odd={"x": [[[1, 2], [3, 4]], np.float32([1e30, -1e30]), np.array([1, "a"], dtype=object),
                                     np.array([np.nan, 1.0]), np.array([-np.inf, np.inf])]}))
        cases.append(Case(f"activations.{name}_derivative (with gx)", dg, valid_dg_gx, check_dg, allow_nonfinite=True,
                          odd={"gx": [np.zeros(7), np.full(7, 0.5), np.linspace(-3, 3, 7)[::-1],
                                      list(_elementwise(REF_G[name], np.linspace(-3, 3, 7), **params)),
                                      _elementwise(REF_G[name], np.linspace(-3, 3, 7), **params).astype(np.float32)]}))
    cases.append(Case("activations.get_activation", act.get_activation, lambda: {"name": "relu"},
                      lambda r, kw: _check_lookup(r, kw["name"]),
                      odd={"name": ["ReLU", "TANH", "sigmod", " relu", "leaky-relu", "gelu"]}))
    return cases


def _check_lookup(result, name):
    g, dg, defaults, relu_like = result
    canonical = name.lower()
    assert canonical in ln.ACTIVATIONS, f"{name!r} accepted"
    assert g is getattr(act, canonical) and dg is getattr(act, f"{canonical}_derivative")
    assert isinstance(defaults, dict) and isinstance(relu_like, bool)


# --- layers ---------------------------------------------------------------------------------------

def _check_parameter(p, kw):
    value = kw.get("value")
    a = np.asarray(value)
    assert isinstance(p, ln.Parameter)
    assert a.dtype.kind in "biuf", f"accepted a value of dtype {a.dtype}"
    assert a.size >= 1, "accepted an empty value"
    assert np.array_equal(p.value, a.astype(np.float64)), "value changed"
    assert p.value.dtype.kind == "f" and p.grad is None
    assert isinstance(p.name, str), f"name {p.name!r} is not a string"
    assert p.value is not value, "no copy"


def _parameter_grad_out(grad):
    p = ln.Parameter(np.ones((2, 3)), "W")
    p.grad = grad
    return p, p.grad_out()


def _check_grad_out(result, kw):
    p, out = result
    assert out.shape == p.value.shape and out.dtype == p.value.dtype and out.flags.writeable


def _check_dense(layer, kw):
    d_in, d_out = kw["d_in"], kw["d_out"]
    for v in (d_in, d_out):
        assert type(v) is int or isinstance(v, np.integer), f"accepted a size {v!r}"
    assert layer.W.value.shape == (d_out, d_in) and layer.b.value.shape == (d_out,)
    dtype = np.dtype(kw["dtype"])
    assert layer.W.value.dtype == dtype and layer.b.value.dtype == dtype
    assert np.all(layer.b.value == 0) and np.isfinite(layer.W.value).all()
    assert (kw["init"] is None and layer.init == "he") or layer.init == kw["init"].lower()
    if layer.init == "glorot":
        assert np.abs(layer.W.value).max() <= math.sqrt(6 / (d_in + d_out)) + 1e-6


def _dense():
    return ln.Dense(3, 2, rng=0)


def _ref_dense(layer, X):
    X = np.asarray(X, dtype=np.float64)
    return X @ layer.W.value.T + layer.b.value


def _dense_forward(X):
    layer = _dense()
    return layer, layer.forward(X)


def _check_dense_forward(result, kw):
    layer, Z = result
    want = _ref_dense(layer, kw["X"])
    assert want.ndim == 2 and want.shape[0] >= 1
    _assert_close(Z, want, "Dense.forward")


def _dense_backward(dA):
    layer = _dense()
    layer.forward(np.arange(12.0).reshape(4, 3) / 10)
    return layer, layer.backward(dA)


def _check_dense_backward(result, kw):
    layer, dX = result
    dA = np.asarray(kw["dA"], dtype=np.float64)
    assert dA.shape == (4, 2), f"accepted dA of shape {dA.shape}"
    X = np.arange(12.0).reshape(4, 3) / 10
    _assert_close(dX, dA @ layer.W.value, "dX")
    _assert_close(layer.W.grad, dA.T @ X, "dW")
    _assert_close(layer.b.grad, dA.sum(axis=0), "db")


NOT_ASSIGNABLE = "not assignable"  # the student's own numpy assignment failed: nothing of ours ran


def _nan_weight_forward(X, weight):
    """A student writes into a weight (or training diverged), then calls forward."""
    model = ln.mlp([3, 4, 2], "tanh", rng=0)
    try:
        model[0].W.value[0, 0] = weight
    except (TypeError, ValueError):
        return NOT_ASSIGNABLE
    return model, model.forward(X)


def _check_model_forward(result, kw):
    if isinstance(result, str):
        return
    model, out = result
    H = np.asarray(kw["X"], dtype=np.float64)
    for m in model:
        if isinstance(m, ln.Dense):
            H = H @ m.W.value.T + m.b.value
        else:
            H = _elementwise(REF_G[m.name], H, **m.params)
    _assert_close(out, H, "model.forward", rtol=1e-9)


def _check_checked_input(X_checked, kw):
    X = np.asarray(kw["X"])
    # an object array of plain numbers is numbers too; strings and complex numbers are not
    assert X.dtype.kind in "biufO" and X.shape[-1] == 3, f"accepted X of shape {X.shape}, dtype {X.dtype}"
    assert X_checked.dtype == np.float64 and np.array_equal(X_checked, X.astype(np.float64))


def _layer_outputs(X):
    model = ln.mlp([3, 4, 2], "tanh", rng=0)
    return model, model.layer_outputs(X)


def _check_layer_outputs(result, kw):
    model, outputs = result
    assert len(outputs) == len(model.layers)
    _check_model_forward((model, outputs[-1]), kw)


def _replaced_weight_forward(W):
    """A student assigns a new object to a weight (instead of writing into it), then calls forward."""
    model = ln.mlp([3, 4, 2], "tanh", rng=0)
    model[0].W.value = W
    return model, model.forward(np.ones((4, 3)))


def _check_replaced_weight(result, kw):
    model, out = result
    W = np.asarray(kw["W"])
    assert W.shape == (4, 3) and W.dtype.kind in "biuf", f"accepted W of shape {W.shape}, dtype {W.dtype}"
    _check_model_forward(result, {"X": np.ones((4, 3))})


def _activation_module(name, X, alpha):
    params = {"alpha": alpha} if isinstance(name, str) and name.lower() == "elu" else {}
    module = ln.Activation(name, **params)
    return module, module.forward(X)


def _check_activation_module(result, kw):
    module, A = result
    assert module.name == kw["name"].lower()
    X = kw["X"]
    assert np.asarray(X).dtype.kind in "biuf", f"accepted X of dtype {np.asarray(X).dtype}"
    _assert_close(A, _elementwise(REF_G[module.name], X, **module.params), "Activation.forward", rtol=1e-9)


def _activation_backward(dA):
    module = ln.Activation("tanh")
    X = np.linspace(-2, 2, 8).reshape(4, 2)
    module.forward(X)
    return module.backward(dA)


def _check_activation_backward(result, kw):
    dA = np.asarray(kw["dA"], dtype=np.float64)
    assert dA.shape == (4, 2), f"accepted dA of shape {dA.shape}"
    X = np.linspace(-2, 2, 8).reshape(4, 2)
    _assert_close(result, dA * (1 - np.tanh(X) ** 2), "Activation.backward")


def _check_activation_init(module, kw):
    assert module.name == kw["name"].lower()
    assert module.params == {"alpha": kw["alpha"]}
    assert isinstance(kw["alpha"], numbers.Real) and not isinstance(kw["alpha"], (bool, np.bool_))
    assert math.isfinite(kw["alpha"])
    assert module.dtype == np.dtype(kw["dtype"])


def _sequential(modules):
    if isinstance(modules, tuple):
        return ln.Sequential(*modules)  # Sequential(a, b, c)
    return ln.Sequential(modules)  # Sequential([a, b, c]), or a single odd argument


def _check_sequential(model, kw):
    modules = kw["modules"]
    if isinstance(modules, tuple) and len(modules) == 1 and isinstance(modules[0], (list, tuple)):
        modules = modules[0]  # Sequential([a, b]) is Sequential(a, b)
    assert model.layers == list(modules)
    assert all(isinstance(m, ln.Module) for m in model.layers)


def _sequential_getitem(i):
    model = ln.mlp([2, 3, 1], rng=0)
    return model, model[i]


def _check_getitem(result, kw):
    model, layer = result
    i = kw["i"]
    if isinstance(i, str):
        assert layer is model.layers[model.names.index(next(n for n in model.names if n.lower() == i.lower()))]
    else:
        assert layer is model.layers[i] or layer == model.layers[i]


def _model_backward(dA):
    model = ln.mlp([3, 4, 2], "tanh", rng=0)
    X = np.arange(15.0).reshape(5, 3) / 10
    model.forward(X)
    return model, model.backward(dA)


def _check_model_backward(result, kw):
    model, dX = result
    dA = np.asarray(kw["dA"], dtype=np.float64)
    assert dA.shape == (5, 2), f"accepted dA of shape {dA.shape}"
    W1, b1, W2, _ = (p.value for p in model.parameters())
    X = np.arange(15.0).reshape(5, 3) / 10
    A1 = np.tanh(X @ W1.T + b1)
    dZ1 = (dA @ W2) * (1 - A1 ** 2)
    _assert_close(dX, dZ1 @ W1, "dX", rtol=1e-9)
    _assert_close(model[2].W.grad, dA.T @ A1, "dW2", rtol=1e-9)


def _good_state():
    return {k: v + 0.5 for k, v in ln.mlp([2, 3, 1], rng=1).state_dict().items()}


def _load_state(state):
    model = ln.mlp([2, 3, 1], rng=0)
    before = [p.value.copy() for p in model.parameters()]
    try:
        model.load_state_dict(state)
    except LectureNNError:
        for b, p in zip(before, model.parameters()):
            assert np.array_equal(b, p.value), "a refused load changed the model"
        raise
    return model


def _check_load_state(model, kw):
    state = kw["state"]
    for name, p in model.named_parameters():
        assert np.array_equal(p.value, np.asarray(state[name], dtype=np.float64)), name
        assert np.isfinite(p.value).all()


def _state_odd():
    good = _good_state()
    bad = []
    for name in good:
        for value in (np.nan, "abc", None, np.zeros((7, 7)), [[1, 2]], 1 + 2j):
            s = dict(good)
            s[name] = np.full(good[name].shape, value, dtype=object) if value is np.nan else value
            bad.append(s)
    missing = dict(good)
    missing.pop("Dense1.W")
    extra = dict(good, **{"Dense3.W": np.zeros((1, 1))})
    return bad + [missing, extra, list(good.items()), {1: 2}]


def _check_mlp(model, kw):
    sizes = kw["sizes"]
    assert not isinstance(sizes, (str, dict)) and len(sizes) >= 2
    assert all(type(s) is int or isinstance(s, np.integer) for s in sizes), f"accepted sizes {sizes!r}"
    dense = [m for m in model if isinstance(m, ln.Dense)]
    assert [(m.d_in, m.d_out) for m in dense] == list(zip(sizes, sizes[1:]))
    acts = [m for m in model if isinstance(m, ln.Activation)]
    assert len(acts) == len(dense) - 1 and all(m.name == kw["activation"].lower() for m in acts)
    init = kw["init"] if kw["init"] is not None else ("he" if acts and acts[0].relu_like or not acts else "glorot")
    if acts:
        assert all(m.init == init.lower() for m in dense), (init, [m.init for m in dense])
    assert all(m.W.value.dtype == np.dtype(kw["dtype"]) for m in dense)


def _check_mlp_dropout(model, kw):
    _check_mlp(model, kw)
    p = kw["dropout"]
    assert isinstance(p, numbers.Real) and not isinstance(p, (bool, np.bool_)) and 0 <= p < 1, f"accepted {p!r}"
    dropouts = [m for m in model if isinstance(m, ln.Dropout)]
    assert len(dropouts) == (len(kw["sizes"]) - 2 if p > 0 else 0) and all(m.p == p for m in dropouts)


def _check_dropout(module, kw):
    p = kw["p"]
    if isinstance(p, np.ndarray) and p.shape == () and p.dtype.kind == "f":
        p = p.item()  # a 0-d array is one number
    assert isinstance(p, numbers.Real) and not isinstance(p, (bool, np.bool_)) and 0 <= p < 1, f"accepted {p!r}"
    assert module.p == p and module.dtype == np.dtype(kw["dtype"])


def _dropout_forward(X):
    module = ln.Dropout(0.5, rng=0)
    return module, module.forward(X)


def _check_dropout_forward(result, kw):
    module, A = result
    X = np.asarray(kw["X"])
    assert X.dtype.kind in "biufO", f"accepted X of dtype {X.dtype}"
    X = X.astype(np.float64)  # (an object array of numbers is read as its numbers)
    assert A.shape == X.shape
    kept = A != 0
    _assert_close(A[kept], 2.0 * X[kept], "Dropout.forward")  # kept units scaled by 1/(1-p)


def _torch_code_check(code, kw):
    compile(code, "<torch_code>", "exec")
    assert "nn.Linear(3, 4)" in code
    names = kw["feature_names"]
    assert names is None or "def features(x):" in code
    if kw["note"].strip():
        assert code.startswith(f"# {kw['note'].strip()}\n")


def _layer_cases():
    return [
        Case("layers.Dropout", ln.Dropout, lambda: {"p": 0.3, "rng": 0, "dtype": np.float64}, _check_dropout,
             odd={"p": [0.0, 0.999, 1.0, -0.0, -1e-9, np.float32(0.5), np.float64(0.25), 1e-300, "0.5", True,
                        [0.5], np.array(0.5)],
                  "rng": [np.random.default_rng(0), -1, 2.5], "dtype": ["float32", np.int32, np.float16]}),
        Case("layers.Dropout.forward", _dropout_forward, lambda: {"X": np.ones((4, 3))}, _check_dropout_forward,
             odd={"X": [np.ones((4, 3)) * 1j, np.array([["1", "2"]]), [[1, 2, 3]], np.ones((3, 3), np.float32),
                        np.ones((2, 3), dtype=object), np.full((2, 2), np.nan), np.ones((2, 3), int)]}),
        Case("layers.mlp (dropout)", ln.mlp,
             lambda: {"sizes": [3, 4, 4, 1], "activation": "relu", "rng": 0, "init": None, "dtype": np.float64,
                      "dropout": 0.25},
             _check_mlp_dropout, skip=frozenset({"sizes", "activation", "init", "dtype", "rng"}),
             odd={"dropout": [0.0, 0.5, 0.999, 1.0, -0.1, "0.2", True, None, [0.2], np.float32(0.25)]}),
        Case("torch_code", torch_code,
             lambda: {"model": ln.mlp([3, 4, 1], "tanh", rng=0), "feature_names": ["x1", "x2", "x1x2"], "note": "n"},
             _torch_code_check,
             odd={"model": [ln.mlp([3, 4, 1], "tanh", rng=0)[0], [ln.Dense(3, 4)], None,
                            ln.Sequential(ln.Residual(ln.Dense(3, 3)), ln.Dense(3, 4)), ln.Sequential(ln.Activation()),
                            (lambda m: (m[0].W.value.__setitem__((0, 0), np.nan), m)[1])(ln.mlp([3, 4, 1], rng=0))],
                  "feature_names": [None, ["X1", "X2", "X1X2"], ["x1", "x2"], "x1", ["x3", "x1", "x2"],
                                    ("x1", "sin_x1", "x2_sq"), [1, 2, 3], {"x1", "x2", "x1x2"}],
                  "note": ["", "  spaced  ", "two\nlines", 3, None, "tab\there"]}),

        Case("layers.Parameter", ln.Parameter, lambda: {"value": np.array([1.0, -2.0]), "name": "theta"},
             _check_parameter, odd={"value": [np.array(["1", "2"]), np.array([1, None], dtype=object),
                                              [1, "2"], np.float32([1, 2]), 7],
                                    "name": [3, b"W", ["W"]]}),
        Case("layers.Parameter.grad_out", _parameter_grad_out, lambda: {"grad": np.zeros((2, 3))},
             _check_grad_out, odd={"grad": [np.zeros((3, 2)), np.zeros((2, 3), np.float32)]}),
        Case("layers.Dense", ln.Dense,
             lambda: {"d_in": 3, "d_out": 2, "init": "he", "rng": 0, "dtype": np.float64},
             _check_dense,
             odd={"d_in": [3.0, np.int64(3), 10 ** 12, "3"], "d_out": [2.0, 10 ** 12],
                  "init": ["He", "GLOROT", "xavier", "kaiming", "glorot "],
                  "rng": [np.random.default_rng(1), np.random.RandomState(0), -5, 2 ** 70],
                  "dtype": ["float32", np.float32, np.int64, np.float16, "float", np.complex128, object]}),
        Case("layers.Dense.forward", _dense_forward, lambda: {"X": np.ones((4, 3))}, _check_dense_forward,
             odd={"X": [np.ones((4, 3), np.float32), np.ones((4, 3), int), np.array([["1", "2", "3"]]),
                        np.ones((4, 3)) + 1j, np.full((2, 3), 1e308), np.ones((4, 3), dtype=object),
                        [[1, 2, 3]], np.ones((4, 3), bool), np.ones((1, 3)), np.array([[1, None, 3]])]}),
        Case("layers.Dense.backward", _dense_backward, lambda: {"dA": np.ones((4, 2))}, _check_dense_backward,
             odd={"dA": [np.ones((4, 2)) * 1j, np.full((4, 2), np.inf), np.ones((2, 4)), np.ones((4, 2), int),
                         np.full((4, 2), 1e308), [["a", "b"]] * 4]}),
        Case("layers.Dense.forward (a weight written by hand)",
             lambda X, weight: _nan_weight_forward(X, weight), lambda: {"X": np.ones((4, 3)), "weight": 0.5},
             _check_model_forward, aliases={"weight": ("Dense1.W",)},
             odd={"weight": [np.nan, np.inf, -np.inf, 1e308, np.float32(np.nan)],
                  "X": [np.full((2, 3), 1e300), np.full((2, 3), -1e300)]}),
        Case("layers.Sequential.forward (W.value = ... assigned by hand)", _replaced_weight_forward,
             lambda: {"W": np.full((4, 3), 0.1)}, _check_replaced_weight, aliases={"W": ("Dense1.W",)},
             odd={"W": [np.zeros((3, 4)), np.zeros(12), [[0.1] * 3] * 4, np.zeros((4, 3), np.float32),
                        np.zeros((4, 3), int), np.full((4, 3), np.nan), np.zeros((4, 3)) + 1j, 0.0]}),
        Case("layers.Activation", ln.Activation,
             lambda: {"name": "elu", "dtype": np.float64, "alpha": 0.5}, _check_activation_init,
             odd={"name": ["ELU", "eLu", "elu ", "selu", "relu"], "alpha": [np.float32(0.5), 3, -0.5]}),
        Case("layers.Activation.forward", _activation_module,
             lambda: {"name": "elu", "X": np.linspace(-2, 2, 8).reshape(4, 2), "alpha": 1.0},
             _check_activation_module,
             odd={"name": ["Sigmoid", "swish", "leaky-relu"],
                  "X": [np.ones((4, 3)) + 1j, np.array(["1", "2"]), 3, [1, 2], np.array([[1, None]]),
                        np.float32([1, 2]), np.full(3, 1e308)]}),
        Case("layers.Activation.backward", _activation_backward, lambda: {"dA": np.ones((4, 2))},
             _check_activation_backward,
             odd={"dA": [np.ones((4, 2)) * 1j, np.full((4, 2), np.inf), np.ones((2, 4)), [["a", "b"]] * 4]}),
        Case("layers.Sequential", _sequential,
             lambda: {"modules": [ln.Dense(2, 3, rng=0), ln.Activation(), ln.Dense(3, 1, rng=0)]},
             _check_sequential,
             odd={"modules": [(ln.Dense(2, 3), ln.Activation("tanh")), (), ([ln.Dense(2, 3)],),
                              [ln.Dense, ln.Activation], [ln.Dense(2, 3), ln.Dense(4, 1)], [np.tanh],
                              [ln.Dense(2, 3), "relu"], [[ln.Dense(2, 3)]],
                              [ln.Dense(2, 3, dtype=np.float32), ln.Dense(3, 1)],
                              (lambda d: [d, ln.Activation(), d])(ln.Dense(3, 3)),
                              (lambda a: [ln.Dense(2, 2), a, ln.Dense(2, 2), a])(ln.Activation()),
                              [ln.Sequential(ln.Activation()), ln.Dense(2, 2)],
                              [ln.Sequential(ln.Dense(2, 3)), ln.Activation(), ln.Dense(3, 1)]]}),
        Case("layers.Sequential.__getitem__", _sequential_getitem, lambda: {"i": 0}, _check_getitem,
             odd={"i": [1, 2, 3, -4, "Dense1", "dense2", "Dense5", "Activation1", slice(0, 2), np.int64(1)]}),
        Case("layers.Sequential.forward", lambda X: _nan_weight_forward(X, 0.1),
             lambda: {"X": np.ones((4, 3))}, _check_model_forward,
             odd={"X": [np.full((2, 3), 1e308), np.ones((4, 3)) * 1j, np.array([["1", "2", "3"]]), [[1, 2, 3]],
                        np.ones((3, 3), np.float32), np.ones((2, 3), dtype=object)]}),
        Case("layers.Sequential.check_input", lambda X: ln.mlp([3, 4, 2], "tanh", rng=0).check_input(X),
             lambda: {"X": np.ones((4, 3))}, _check_checked_input,
             odd={"X": [np.ones((4, 3)) * 1j, np.array([["1", "2", "3"]]), [[1, 2, 3]], np.ones((3, 3), np.float32),
                        np.ones((2, 3), dtype=object), np.ones((4, 2)), np.ones(3)]}),
        Case("layers.Sequential.layer_outputs", _layer_outputs, lambda: {"X": np.ones((4, 3))}, _check_layer_outputs,
             odd={"X": [np.full((2, 3), 1e308), np.ones((4, 3)) * 1j, [[1, 2, 3]], np.ones((3, 3), np.float32),
                        np.ones((4, 2))]}),
        Case("layers.Sequential.backward", _model_backward, lambda: {"dA": np.ones((5, 2))}, _check_model_backward,
             odd={"dA": [np.ones((5, 2)) * 1j, np.full((5, 2), 1e308), np.ones((5, 1)), [["a", "b"]] * 5]}),
        Case("layers.Module.load_state_dict", _load_state, lambda: {"state": _good_state()}, _check_load_state,
             odd={"state": _state_odd()}),
        Case("layers.Module.state_dict", lambda: ln.mlp([2, 3, 1], rng=0).state_dict(), lambda: {},
             lambda r, kw: None),
        Case("layers.mlp", ln.mlp,
             lambda: {"sizes": [2, 3, 1], "activation": "relu", "rng": 0, "init": None, "dtype": np.float64},
             _check_mlp,
             odd={"sizes": [[2], [2, 0, 1], [2, -1, 1], [2, 2.0, 1], [2, True, 1], [True, False], (2, 3, 1),
                            np.array([2, 3, 1]), np.array([2.0, 3.0]), range(2, 5), "2,3,1", [2, "3", 1],
                            [2, 10 ** 12, 1], [2, None, 1], {2: 3}, (x for x in [2, 3, 1])],
                  "activation": ["ReLU", "sigmod", "Tanh", "gelu", "relu "],
                  "init": ["HE", "Glorot", "xavier", "he "],
                  "rng": [np.random.default_rng(0), -1, 2.5],
                  "dtype": ["float32", np.int32, np.float16]}),
    ]


# --- losses ---------------------------------------------------------------------------------------

PRED = np.array([[0.3, -1.2], [2.0, 0.7], [-0.4, 1.1]])
TARGET = np.array([[0.0, 1.0], [1.0, 0.25], [0.5, 0.0]])
LABELS = np.array([1, 0, 1])


def _ref_loss(kind, pred, y):
    """(loss, dL/dpred) from the definitions, in float64."""
    pred = np.asarray(pred, dtype=np.float64)
    if kind == "CrossEntropyLoss":
        labels = np.asarray(y).reshape(-1)
        assert labels.dtype.kind in "iub" or np.all(labels == np.round(labels)), f"accepted labels {labels}"
        labels = labels.astype(int)
        assert labels.shape == (pred.shape[0],) and labels.min() >= 0 and labels.max() < pred.shape[1]
        Z = pred - pred.max(axis=1, keepdims=True)
        log_P = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
        P = np.exp(log_P)
        loss = float(np.mean(-log_P[np.arange(len(labels)), labels]))
        grad = P.copy()
        grad[np.arange(len(labels)), labels] -= 1
        return loss, grad / len(labels)
    y = np.asarray(y, dtype=np.float64)
    if y.ndim == 1 and pred.shape[1] == 1:
        y = y[:, None]
    assert y.shape == pred.shape, f"accepted y of shape {y.shape} for pred {pred.shape}"
    if kind == "MSELoss":
        return float(np.mean((pred - y) ** 2)), 2 * (pred - y) / pred.size
    assert y.min() >= 0 and y.max() <= 1, "accepted BCE targets outside [0, 1]"
    s = 1 / (1 + np.exp(-pred))
    loss = float(np.mean(np.maximum(pred, 0) - pred * y + np.log1p(np.exp(-np.abs(pred)))))
    return loss, (s - y) / pred.size


def _loss_cases():
    cases = []
    for cls in (ln.MSELoss, ln.BCEWithLogitsLoss, ln.CrossEntropyLoss):
        kind = cls.__name__
        target = LABELS if kind == "CrossEntropyLoss" else TARGET

        def valid(target=target):
            return {"pred": PRED.copy(), "y": target.copy()}

        def forward_backward(pred, y, cls=cls):
            loss_fn = cls()
            loss = loss_fn.forward(pred, y)
            return loss, loss_fn.backward()

        def check(result, kw, kind=kind):
            loss, grad = result
            want_loss, want_grad = _ref_loss(kind, kw["pred"], kw["y"])
            assert isinstance(loss, float)
            tol = 1e-5 if np.asarray(kw["pred"]).dtype == np.float32 else 1e-9
            assert math.isclose(loss, want_loss, rel_tol=tol, abs_tol=1e-12), (loss, want_loss)
            _assert_close(grad, want_grad, f"{kind}.backward", rtol=tol, atol=1e-15)

        odd_y = [np.array([1, 0, 2]), np.array([1, 0, -1]), np.array([1.0, 0.0, 1.0]), np.array([1.5, 0, 1]),
                 np.array(["1", "0", "1"]), np.array([True, False, True]), np.array([1, 0, 1], np.uint64),
                 np.array([1e300, 0, 1]), np.array([2 ** 63 - 1, 0, 1]), np.array([1, 0, 1]) + 0j,
                 np.array([[1], [0], [1]]), np.eye(3)[:, :2], TARGET * 2, -TARGET, TARGET[:2],
                 TARGET.astype(np.float32), TARGET[:, :1], np.array([[np.nan, 1.0], [1, 0], [0, 1]])]
        odd_pred = [PRED.astype(np.float32), PRED * 1e300, PRED * 5e307, PRED + 0j, PRED.astype(object),
                    PRED.astype(str), PRED[:, :1], PRED.T, PRED[:, 0], PRED.astype(int), PRED > 0]
        cases.append(Case(f"losses.{kind}.forward+backward", forward_backward, valid, check,
                          odd={"pred": odd_pred, "y": odd_y}))
        def check_targets(y, cls=cls):
            return cls().check_targets(y, PRED.shape, PRED.dtype)

        def check_checked_targets(y_checked, kw, kind=kind, cls=cls):
            # the checked targets give, unchecked, exactly what a checked forward on the raw y gives
            want_loss, _ = _ref_loss(kind, PRED, kw["y"])
            loss = cls().forward(PRED, y_checked, check=False)
            assert math.isclose(loss, want_loss, rel_tol=1e-9, abs_tol=1e-12), (loss, want_loss)

        cases.append(Case(f"losses.{kind}.check_targets", check_targets, lambda target=target: {"y": target.copy()},
                          check_checked_targets, odd={"y": odd_y}))
        cases.append(Case(f"losses.{kind}()", lambda cls=cls: cls(), lambda: {},
                          lambda r, kw, cls=cls: None if isinstance(r, cls) else (_ for _ in ()).throw(
                              AssertionError("not a loss"))))
    return cases


# --- optimizers -------------------------------------------------------------------------------------

THETA0 = np.array([1.0, -2.0, 0.5])
GRAD = np.array([0.5, -1.0, 2.0])
HP = {
    "SGD": {"lr": 0.1},
    "Momentum": {"lr": 0.1, "beta": 0.9},
    "RMSprop": {"lr": 0.1, "beta": 0.9, "eps": 1e-8},
    "Adam": {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}


def _hp_ok(kw):
    """The hyperparameters of ``kw`` are valid numbers (or arrays of them) in their ranges."""
    for name, v in kw.items():
        if name in ("params", "grad", "state_dict", "value", "steps"):
            continue
        assert not isinstance(v, (bool, str, np.bool_)), f"accepted {name}={v!r}"
        a = np.asarray(v, dtype=np.float64)
        assert a.size >= 1 and np.isfinite(a).all(), f"accepted {name}={v!r}"
        if name == "lr":
            assert np.all(a > 0), f"accepted lr={v!r}"
        if name.startswith("beta"):
            assert np.all((a >= 0) & (a < 1)), f"accepted {name}={v!r}"
        if name == "eps":
            assert np.all(a >= 0), f"accepted eps={v!r}"


def _ref_steps(kind, theta, grads, lr, beta=0.9, beta1=0.9, beta2=0.999, eps=1e-8):
    """The slide's rules, written out: theta after each gradient of ``grads``."""
    theta = np.array(theta, dtype=np.float64)
    lr, beta, beta1, beta2, eps = (np.asarray(v, dtype=np.float64) for v in (lr, beta, beta1, beta2, eps))
    m = np.zeros_like(theta)
    s = np.zeros_like(theta)
    for k, g in enumerate(grads, start=1):
        g = np.asarray(g, dtype=np.float64)
        if kind == "SGD":
            theta = theta - lr * g
        elif kind == "Momentum":
            m = beta * m + (1 - beta) * g
            theta = theta - lr * m
        elif kind == "RMSprop":
            s = beta * s + (1 - beta) * g ** 2
            denom = np.sqrt(s + eps)
            theta = theta - lr * g / np.where(denom == 0, 1, denom)
        else:
            m = beta1 * m + (1 - beta1) * g
            s = beta2 * s + (1 - beta2) * g ** 2
            m_hat, s_hat = m / (1 - beta1 ** k), s / (1 - beta2 ** k)
            denom = np.sqrt(s_hat) + eps
            theta = theta - lr * m_hat / np.where(denom == 0, 1, denom)
    return theta


def _optimizer_cases():
    cases = []
    for cls in (ln.SGD, ln.Momentum, ln.RMSprop, ln.Adam):
        kind = cls.__name__
        hp = HP[kind]

        def valid_init(hp=hp):
            return {"params": [ln.Parameter(THETA0, "theta")], **hp}

        def check_init(opt, kw, cls=cls):
            assert isinstance(opt, cls)
            _hp_ok(kw)
            for name, v in kw.items():
                if name != "params":
                    assert np.array_equal(np.asarray(getattr(opt, name)), np.asarray(v)), name
            assert all(isinstance(p, ln.Parameter) for p in opt.params) and opt.t == 0

        odd_params = [lambda: None, ln.mlp([2, 3, 1], rng=0), ln.Dense(2, 3), np.zeros(3),
                      [np.zeros(3)], (p for p in ln.mlp([2, 2, 1], rng=0).parameters()),
                      iter([]), ln.Parameter(THETA0), [ln.Parameter(THETA0), 3],
                      (lambda p: [p, p])(ln.Parameter(THETA0)),
                      [ln.Parameter(THETA0), ln.Parameter(np.float32([1.0]))],
                      {"W": ln.Parameter(THETA0)}, "params"]
        odd_hp = {name: [np.array([0.1, 0.2, 0.3]), np.array([[0.1], [0.2]]), [0.1, 0.2, 0.3], np.float32(0.5),
                         np.array(0.5), np.array([0.1, np.nan, 0.1]), np.array(["0.1"] * 3), 1, 0.999999, 1e-300]
                  for name in hp}
        cases.append(Case(f"optim.{kind}", cls, valid_init, check_init, odd={"params": odd_params, **odd_hp}))

        def valid_step(hp=hp):
            return {"grad": GRAD.copy(), **hp}

        def step_twice(grad, cls=cls, **hyper):
            p = ln.Parameter(THETA0, "theta")
            opt = cls([p], **hyper)
            before = p.value.copy()
            p.grad = grad
            try:
                opt.step()
            except LectureNNError:
                assert np.array_equal(p.value, before) and opt.t == 0, "a refused step changed the parameter"
                raise
            p.grad = GRAD.copy()
            opt.step()
            return p.value.copy()

        def check_step(result, kw, kind=kind):
            _hp_ok(kw)
            grad = kw["grad"]
            assert np.shape(grad) == THETA0.shape, f"accepted a gradient of shape {np.shape(grad)}"
            want = _ref_steps(kind, THETA0, [grad, GRAD],
                              **{k: v for k, v in kw.items() if k != "grad"})
            _assert_close(result, want, f"{kind} after two steps", rtol=1e-10, atol=1e-15)
            assert np.array_equal(np.isfinite(result), np.isfinite(want))

        cases.append(Case(f"optim.{kind}.step", step_twice, valid_step, check_step, allow_nonfinite=True,
                          odd={"grad": [np.array([np.nan, 0, 0]), [0.5, -1.0, 2.0], np.array([1, 2, 3]),
                                        np.zeros(3) + 1j, np.array(["1", "2", "3"]), np.zeros((3, 1)),
                                        np.zeros(3, np.float32), np.array([1e308, 0, 0])]}))

        def new_value(value, cls=cls, hp=hp):
            p = ln.Parameter(THETA0, "theta")
            opt = cls([p], **hp)
            p.value = value
            p.grad = GRAD.copy()
            opt.step()
            return p.value.copy()

        def check_new_value(result, kw, kind=kind, hp=hp):
            v = np.asarray(kw["value"])
            assert v.dtype.kind in "biuf" and v.shape == THETA0.shape, f"accepted a value {kw['value']!r}"
            _assert_close(result, _ref_steps(kind, v, [GRAD], **hp), "step after p.value = ...")

        cases.append(Case(f"optim.{kind}.step after p.value = ...", new_value, lambda: {"value": THETA0 * 2},
                          check_new_value,
                          odd={"value": [[1.0, 2.0, 3.0], np.zeros((3, 1)), np.zeros(3, np.float32), "abc",
                                         np.array([np.nan, 1, 1]), np.zeros(3, int)]}))

        def load(state_dict, cls=cls, hp=hp):
            p = ln.Parameter(THETA0, "theta")
            opt = cls([p], **hp)
            p.grad = GRAD.copy()
            opt.step()
            before = (repr(opt), opt.t, [a.copy() for a in opt.state[p].values()])
            try:
                opt.load_state_dict(state_dict)
            except LectureNNError:
                after = (repr(opt), opt.t, list(opt.state[p].values()))
                assert before[:2] == after[:2] and all(
                    np.array_equal(a, b) for a, b in zip(before[2], after[2])), "a refused load changed the optimizer"
                raise
            return opt

        def good_state(cls=cls, hp=hp):
            p = ln.Parameter(THETA0, "theta")
            opt = cls([p], **hp)
            for _ in range(3):
                p.grad = GRAD.copy()
                opt.step()
            return opt.state_dict()

        def check_load(opt, kw):
            sd = kw["state_dict"]
            assert opt.t == sd["t"] and type(opt).__name__ == sd["type"]
            for name, v in sd["hyperparameters"].items():
                assert np.array_equal(np.asarray(getattr(opt, name)), np.asarray(v))
            for saved, p in zip(sd["state"], opt.params):
                for name, arr in saved.items():
                    assert np.array_equal(opt.state[p][name], arr)

        def odd_states(good_state=good_state, kind=kind):
            out = []
            for key, values in [("type", ["Nadam", None, 3]), ("t", [-1, 2.5, "3", None, True]),
                                ("hyperparameters", [None, {"lr": -1.0}, {"lr": "fast"}, {"lr": np.nan},
                                                     {"lr": 0.1, "gamma": 0.5}, []]),
                                ("state", [None, [], [{}, {}], "abc", [{"m": np.zeros(4), "s": np.zeros(4)}],
                                           [{"m": np.full(3, np.nan), "s": np.full(3, np.nan)}],
                                           [{"m": np.zeros(3), "s": -np.ones(3)}],
                                           [{"m": np.array(["a"] * 3), "s": np.zeros(3)}]])]:
                for v in values:
                    sd = good_state()
                    sd[key] = v
                    out.append(sd)
            sd = good_state()
            del sd["t"]
            out.append(sd)
            return out + [[("type", kind)], "state.npz"]

        cases.append(Case(f"optim.{kind}.load_state_dict", load, lambda good_state=good_state: {
            "state_dict": good_state()}, check_load, odd={"state_dict": odd_states()}))

        def zero_grad(grad, cls=cls, hp=hp):
            p = ln.Parameter(THETA0, "theta")
            opt = cls([p], **hp)
            p.grad = grad
            opt.zero_grad()
            return p.grad

        def check_zero_grad(result, kw):
            assert result is None or (np.shape(result) == THETA0.shape and np.all(np.asarray(result) == 0))

        cases.append(Case(f"optim.{kind}.zero_grad", zero_grad, lambda: {"grad": GRAD.copy()}, check_zero_grad))
    def assign(lr, beta1, beta2, eps, t):
        opt = ln.Adam([ln.Parameter(THETA0)], lr=0.1)
        opt.lr, opt.beta1, opt.beta2, opt.eps, opt.t = lr, beta1, beta2, eps, t
        return opt

    def check_assign(opt, kw):
        _hp_ok({k: v for k, v in kw.items() if k != "t"})
        assert type(kw["t"]) is int or isinstance(kw["t"], np.integer), f"accepted t={kw['t']!r}"
        assert kw["t"] >= 0 and opt.t == kw["t"]
        p = opt.params[0]
        p.grad = GRAD.copy()
        opt.step()
        assert np.isfinite(p.value).all()

    cases.append(Case("optim.Adam attributes (opt.lr = ..., opt.t = ...)", assign,
                      lambda: {"lr": 0.01, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "t": 3}, check_assign,
                      odd={"t": [2.0, np.int64(4), 10 ** 6], "lr": [np.array([0.1, 0.2, 0.3])]}))
    cases.append(Case("optim.Momentum.from_heavy_ball", ln.Momentum.from_heavy_ball,
                      lambda: {"params": [ln.Parameter(THETA0)], "lr": 0.01, "beta": 0.9},
                      lambda opt, kw: (_hp_ok(kw), np.testing.assert_allclose(
                          opt.lr, np.asarray(kw["lr"]) / (1 - np.asarray(kw["beta"])))),
                      odd={"beta": [0.999999, 1.0, np.array([0.5, 0.9, 0.0])], "lr": [np.array([0.1, 0.2, 0.3])]}))
    cases.append(Case("optim.SGD.state_dict", lambda: ln.SGD([ln.Parameter(THETA0)], lr=0.1).state_dict(),
                      lambda: {}, lambda r, kw: None))
    return cases


def _asserting(check):
    """A check that fails with AssertionError, also when the reference itself cannot take the input
    (the call accepted something it should have refused)."""
    def wrapped(result, kw):
        try:
            with np.errstate(all="ignore"):  # the references may overflow where the call refused
                check(result, kw)
        except AssertionError:
            raise
        except Exception as error:  # noqa: BLE001
            raise AssertionError(f"accepted an input the reference cannot use: {type(error).__name__}: {error}") \
                from None
    return wrapped


CASES = _activation_cases() + _layer_cases() + _loss_cases() + _optimizer_cases()
for _case in CASES:
    if _case.check is not None:
        _case.check = _asserting(_case.check)
