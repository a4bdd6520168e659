"""Fuzz cases for lecture_nn.gradcheck and lecture_nn.training.

Each check asserts what a right answer looks like (a gradient that is the true one, a history
whose step count fits the epochs and batch size, a saved file that loads back the same weights).
The calls of ``fit`` and ``load`` also fail the case when a refused call changed the model or the
optimizer before refusing: bad input must be refused before any state changes.
"""

from __future__ import annotations

import atexit
import io
import itertools
import math
import os
import pathlib
import shutil
import tempfile

import numpy as np
from matplotlib.figure import Figure

import lecture_nn as ln
from lecture_nn import gradcheck, training
from fuzz import Case

TMP = tempfile.mkdtemp(prefix="lecture_nn-fuzz-training-")
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
_counter = itertools.count()


def _in_tmp(fn, folder="", **kw):
    """Run ``fn`` with a temporary folder as the current one, so a path such as "3" lands there."""
    here = os.getcwd()
    os.makedirs(os.path.join(TMP, folder), exist_ok=True)
    os.chdir(os.path.join(TMP, folder))
    try:
        return fn(**kw)
    finally:
        os.chdir(here)


def _snapshot(model, optimizer):
    """Bytes of the model's weights and of the optimizer's state, to tell whether a call changed them."""
    parts = []
    if isinstance(model, ln.Module):
        parts += [p.value.tobytes() for p in model.parameters()]
    if isinstance(optimizer, ln.Optimizer):
        parts += [repr(optimizer), str(optimizer.t)]
        parts += [a.tobytes() for p in optimizer.params for a in optimizer.state[p].values()]
    return parts


def _unchanged_on_error(fn, **kw):
    """Call ``fn``; when it raises, it must not have changed the model or the optimizer first."""
    model, optimizer = kw.get("model"), kw.get("optimizer")
    before = _snapshot(model, optimizer)
    try:
        return fn(**kw)
    except ln.training.TrainingDiverged:
        raise
    except Exception as error:
        if _snapshot(model, optimizer) != before:
            raise AssertionError(f"the call changed the model or optimizer before it raised: {error}") from error
        raise


def _tiny_data(n=8, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    return X, y



def _is_int(v):
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def _is_real(v):
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_)) \
        and math.isfinite(v)


# --- gradcheck -------------------------------------------------------------------------------------

def _square_sum(v):
    return float(np.sum(v ** 2))


def _ng_call(**kw):
    x = kw.get("x")
    before = x.copy() if isinstance(x, np.ndarray) else None
    try:
        return gradcheck.numerical_gradient(**kw)
    finally:
        if before is not None:
            assert np.array_equal(x, before, equal_nan=True), f"x was not restored: {x}, was {before}"


def _ng_valid():
    return dict(f=_square_sum, x=np.array([[1.0, -2.0], [0.5, 3.0]]), h=1e-5)


def _ng_check(result, kw):
    x = kw["x"]
    assert _is_real(kw["h"]) and 0 < kw["h"] <= 1, f"accepted h={kw['h']!r}"
    assert isinstance(result, np.ndarray) and result.shape == np.shape(x), f"shape {np.shape(result)}"
    if kw["f"] is _square_sum and isinstance(x, np.ndarray):
        # central differences are exact for a quadratic, whatever h
        assert np.allclose(result, 2 * x, rtol=1e-6, atol=1e-6), f"gradient {result}, expected {2 * x}"


def _rel_valid():
    return dict(a=[[1.0, 2.0]], b=[[1.0, 2.5]])


def _rel_check(result, kw):
    assert isinstance(result, float) and 0.0 <= result <= 1.0, f"returned {result!r}"
    a, b = np.asarray(kw["a"], dtype=float), np.asarray(kw["b"], dtype=float)
    scale = np.max(np.abs(a), initial=0) + np.max(np.abs(b), initial=0)
    if a.size and scale > 0 and np.isfinite(scale):
        assert math.isclose(result, np.max(np.abs(a - b)) / scale, rel_tol=1e-12), f"returned {result}"


def _cg_valid():
    rng = np.random.default_rng(0)
    return dict(model=ln.mlp([2, 3, 1], "tanh", rng=0), loss_fn=ln.MSELoss(), X=rng.standard_normal((4, 2)),
                y=rng.standard_normal((4, 1)), h=1e-5, tol=1e-7)


def _cg_check(result, kw):
    assert isinstance(result, ln.GradientCheck), type(result)
    assert list(result) == [n for n, _ in kw["model"].named_parameters()], list(result)
    assert all(0 <= e < math.inf for e in result.values()), dict(result)
    h, tol = kw["h"], kw["tol"]
    assert _is_real(h) and 0 < h <= 1 and _is_real(tol) and 0 < tol < 1, f"accepted h={h!r}, tol={tol!r}"
    if h == 1e-5 and tol >= 1e-7:
        assert result.passed, f"a correct model failed the check:\n{result}"
    assert isinstance(str(result), str)


def _gc_call(**kw):
    g = ln.GradientCheck(**kw)
    return g, g.report(), g.passed, g.max_error


def _gc_valid():
    return dict(errors={"Dense1.W": 1e-9, "Dense1.b": 3e-10}, abs_errors={"Dense1.W": 1e-12, "Dense1.b": 1e-13},
                tol=1e-7)


def _gc_check(result, kw):
    assert _is_real(kw["tol"]) and 0 < kw["tol"] < 1, f"accepted tol={kw['tol']!r}"
    g, text, passed, max_error = result
    assert passed == all(e < kw["tol"] for e in kw["errors"].values()), (passed, kw)
    assert all(name in text for name in kw["errors"]), text


# --- fit, evaluate, predict, accuracy ----------------------------------------------------------------

def _fit_valid():
    X, y = _tiny_data()
    model = ln.mlp([2, 3, 1], rng=0)
    return dict(model=model, loss_fn=ln.BCEWithLogitsLoss(), optimizer=ln.SGD(model.parameters(), lr=0.1),
                X=X, y=y, epochs=2, batch_size=4, shuffle=True, rng=0, X_val=X[:3], y_val=y[:3],
                record_steps=False, progress=False, callback=lambda epoch, history: False, on_divergence="raise")


def _fit_call(**kw):
    return _unchanged_on_error(ln.fit, **kw)


def _fit_check(history, kw):
    assert isinstance(history, ln.History), type(history)
    N = len(kw["X"])
    B = kw.get("batch_size") or N
    steps_per_epoch = math.ceil(N / min(B, N))
    assert history.epochs == kw["epochs"], f"{history.epochs} epochs, asked for {kw['epochs']}"
    assert history.steps == kw["epochs"] * steps_per_epoch, f"{history.steps} steps"
    assert len(history.val_loss) == (history.epochs if kw.get("X_val") is not None else 0)
    if kw.get("record_steps"):
        assert len(history.step_loss) == history.steps
    assert all(np.isfinite(p.value).all() for p in kw["model"].parameters())


def _model_X():
    X, y = _tiny_data()
    return dict(model=ln.mlp([2, 3, 1], rng=0), X=X, y=y)


def _evaluate_valid():
    return dict(**_model_X(), loss_fn=ln.BCEWithLogitsLoss())


def _evaluate_check(result, kw):
    assert isinstance(result, float) and result >= 0, f"returned {result!r}"


def _predict_valid():
    kw = _model_X()
    del kw["y"]
    return kw


def _predict_check(result, kw):
    X = np.asarray(kw["X"], dtype=float)
    assert isinstance(result, np.ndarray) and result.shape == (X.shape[0], 1), np.shape(result)
    assert np.array_equal(result, kw["model"].forward(X))


def _accuracy_valid():
    return _model_X()


def _accuracy_check(result, kw):
    assert isinstance(result, float) and 0.0 <= result <= 1.0, f"returned {result!r}"
    labels = np.asarray(kw["y"])
    assert labels.dtype.kind in "biuf", f"accepted labels of dtype {labels.dtype}"
    labels = labels.reshape(-1)
    assert np.all((labels == 0) | (labels == 1)), f"accepted labels {labels} for one output"
    out = kw["model"].forward(np.asarray(kw["X"], dtype=float))[:, 0]
    assert result == np.mean((out > 0) == labels.astype(bool))


# --- save and load ---------------------------------------------------------------------------------

def _new_path():
    return os.path.join(TMP, f"model_{next(_counter)}.npz")


def _save_valid():
    model = ln.mlp([2, 3, 1], rng=0)
    return dict(path=_new_path(), model=model, optimizer=ln.Adam(model.parameters(), lr=0.01))


def _save_call(**kw):
    return _in_tmp(ln.save, folder="saved_here", **kw)


def _save_check(result, kw):
    path = os.path.join(TMP, "saved_here", os.fspath(kw["path"]))
    assert os.path.isfile(path), f"no file at {path}"
    twin = ln.mlp([2, 3, 1], rng=5)
    ln.load(path, twin)
    assert all(np.array_equal(a.value, b.value) for a, b in zip(twin.parameters(), kw["model"].parameters()))


_SAVED = os.path.join(TMP, "saved.npz")
_saved_model = ln.mlp([2, 3, 1], rng=0)
_saved_opt = ln.Adam(_saved_model.parameters(), lr=0.01)
ln.fit(_saved_model, ln.BCEWithLogitsLoss(), _saved_opt, *_tiny_data(), epochs=2, rng=0)
ln.save(_SAVED, _saved_model, _saved_opt)


def _odd_file(name, content: bytes | None = None, array=None, arrays=None):
    path = os.path.join(TMP, name)
    if content is not None:
        with open(path, "wb") as f:
            f.write(content)
    elif array is not None:
        np.save(path, array)
    elif arrays is not None:
        np.savez(path, **arrays)
    return path


def _odd_files():
    good = open(_SAVED, "rb").read()
    other = ln.mlp([2, 4, 1], rng=0)
    ln.save(os.path.join(TMP, "other_arch.npz"), other)
    sgd_model = ln.mlp([2, 3, 1], rng=0)
    ln.save(os.path.join(TMP, "sgd.npz"), sgd_model, ln.SGD(sgd_model.parameters(), lr=0.1))
    ln.save(os.path.join(TMP, "no_optimizer.npz"), sgd_model)
    with np.load(_SAVED) as data:
        arrays = {k: data[k] for k in data.files}
    nan_weights = dict(arrays)
    nan_weights["model/Dense1.W"] = np.full_like(arrays["model/Dense1.W"], np.nan)
    nan_state = dict(arrays)
    nan_state["optimizer/state/0/m"] = np.full_like(arrays["optimizer/state/0/m"], np.inf)
    missing_state = {k: v for k, v in arrays.items() if k != "optimizer/state/3/s"}
    wrong_state = dict(arrays)
    wrong_state["optimizer/state/1/m"] = np.zeros(7)
    bad_lr = dict(arrays)
    bad_lr["optimizer/hyperparameters/lr"] = np.array(-1.0)
    text_weights = dict(arrays)
    text_weights["model/Dense2.b"] = np.array(["abc"])
    png = io.BytesIO()
    Figure(figsize=(1, 1)).savefig(png, format="png")
    return [
        _odd_file("truncated.npz", good[: len(good) // 2]),
        _odd_file("corrupt.npz", good[:100] + b"\x00" * 200 + good[300:]),
        _odd_file("empty.npz", b""),
        _odd_file("text.npz", b"W = [[1, 2], [3, 4]]\n"),
        _odd_file("picture.npz", png.getvalue()),
        _odd_file("picture.png", png.getvalue()),
        _odd_file("single.npy", array=np.ones(3)),
        _odd_file("foreign.npz", arrays={"a": np.ones(3), "b": np.zeros(2)}),
        _odd_file("nan_weights.npz", arrays=nan_weights),
        _odd_file("nan_state.npz", arrays=nan_state),
        _odd_file("missing_state.npz", arrays=missing_state),
        _odd_file("wrong_state.npz", arrays=wrong_state),
        _odd_file("bad_lr.npz", arrays=bad_lr),
        _odd_file("text_weights.npz", arrays=text_weights),
        os.path.join(TMP, "other_arch.npz"),
        os.path.join(TMP, "sgd.npz"),
        os.path.join(TMP, "no_optimizer.npz"),
        os.path.join(TMP, "missing.npz"),
        TMP,  # a folder
        os.path.join(TMP, "nofolder", "m.npz"),
    ]


ODD_FILES = _odd_files()


def _load_valid():
    model = ln.mlp([2, 3, 1], rng=7)
    return dict(path=_SAVED, model=model, optimizer=ln.Adam(model.parameters(), lr=0.5))


def _load_call(**kw):
    return _in_tmp(lambda **k: _unchanged_on_error(ln.load, **k), folder="load_from_here", **kw)


def _load_check(result, kw):
    model = kw["model"]
    assert all(np.array_equal(a.value, b.value) for a, b in zip(model.parameters(), _saved_model.parameters()))
    if kw.get("optimizer") is not None:
        assert kw["optimizer"].t == _saved_opt.t and kw["optimizer"].lr == _saved_opt.lr


# --- History, TrainingDiverged ---------------------------------------------------------------------

def _history_call(**kw):
    h = ln.History(**kw)
    return h, repr(h), h.epochs


def _history_valid():
    return dict(train_loss=[1.0, 0.5], val_loss=[1.2, 0.7], step_loss=[], steps=4, time=0.1, diverged=False,
                diverged_at=None)


def _history_check(result, kw):
    h, text, epochs = result
    assert epochs == len(h.train_loss) and text.startswith("History(")
    assert all(isinstance(v, float) for v in h.train_loss + h.val_loss + h.step_loss)


def _diverged_call(**kw):
    return str(training.TrainingDiverged(**kw))


def _diverged_valid():
    return dict(epoch=2, step=7, loss=float("nan"), lr=0.1)


def _diverged_check(result, kw):
    assert all(_is_int(kw[k]) and kw[k] >= 1 for k in ("epoch", "step")), f"accepted {kw}"
    assert isinstance(kw["loss"], (int, float, np.integer, np.floating)) and not isinstance(kw["loss"], bool)
    assert f"epoch {kw['epoch']}, step {kw['step']}" in result, result


class _NaNBackward(ln.Activation):
    """tanh whose backward writes NaN: a gradient check must never pass it."""

    def _backward(self, dA):
        return np.full_like(dA, np.nan)


def _odd_models():
    nan_model = ln.mlp([2, 3, 1], rng=0)
    nan_model[0].W.value[0, 0] = np.nan
    inf_model = ln.mlp([2, 3, 1], rng=0)
    inf_model[2].b.value[0] = np.inf
    broken = ln.Sequential(ln.Dense(2, 3, rng=0), _NaNBackward("tanh"), ln.Dense(3, 1, rng=0))
    return [nan_model, inf_model, ln.mlp([2, 3, 1], rng=0, dtype=np.float32), ln.mlp([2, 4, 1], rng=0),
            ln.mlp([3, 3, 1], rng=0), ln.mlp([2, 3, 2], rng=0), ln.Activation("relu"), broken]


ODD_MODELS = _odd_models()
_other = ln.mlp([2, 3, 1], rng=1)
_diverged = ln.mlp([2, 3, 1], rng=0)
_diverged_opt = ln.Adam(_diverged.parameters())
_diverged_opt.state[_diverged.parameters()[0]]["m"][0, 0] = np.nan
ODD_OPTIMIZERS = [ln.SGD(_other.parameters(), lr=0.1), ln.Adam(_other.parameters()), _diverged_opt]
N_ROWS = len(_tiny_data()[0])
ODD_LABELS = [np.array([0.0, 1.0] * (N_ROWS // 2)), np.array([True, False] * (N_ROWS // 2)),
              np.array([0, 1] * (N_ROWS // 2)).reshape(-1, 1), np.array([0, 2] * (N_ROWS // 2)),
              np.array([0.5] * N_ROWS), np.array(["a", "b"] * (N_ROWS // 2)), np.array([0, -1] * (N_ROWS // 2)),
              np.array([0.0, np.nan] * (N_ROWS // 2)), list(range(N_ROWS)), np.zeros((N_ROWS, 2)),
              np.zeros(N_ROWS - 1)]
ODD_X = [np.full((N_ROWS, 2), 1e308), np.full((N_ROWS, 2), 1e200), np.arange(2 * N_ROWS).reshape(N_ROWS, 2),
         np.ones((N_ROWS, 2), dtype=np.float32), np.ones((N_ROWS, 2)).tolist(), np.ones((N_ROWS, 2), dtype=bool),
         np.ones((N_ROWS, 2), dtype=complex), np.ones((N_ROWS - 1, 2))]


CASES = [
    Case("numerical_gradient", _ng_call, _ng_valid, _ng_check,
         odd={"f": [lambda v: float("nan"), lambda v: np.ones(3), lambda v: 1 / 0, lambda v: "1.0",
                    lambda v: np.sum(v ** 2) if v[0, 0] < 1 else np.inf, lambda v: np.array([[np.sum(v ** 2)]])],
              "x": [np.ones((3, 4))[:, ::2], np.ones((2, 2)).T, np.zeros(()), np.array([[1e20, 1.0]]),
                    np.ones((2, 2), dtype=np.float32), np.broadcast_to(np.ones(2), (2, 2))],
              "h": [1e-3, 1.0, 1.5, 1e-8]}),
    Case("rel_error", gradcheck.rel_error, _rel_valid, _rel_check,
         odd={"a": [[[1e308, -1e308]], [[0, 0]], [[np.nan, 1.0]], [[1.0, np.inf]], np.array([[1 + 1j, 2]]),
                    [["a", "b"]], [[True, False]]],
              "b": [[[1e308, -1e308]], [[0, 0]], [[1.0, np.nan]], [[-np.inf, 1.0]]]}),
    Case("check_gradients", gradcheck.check_gradients, _cg_valid, _cg_check,
         odd={"model": ODD_MODELS, "loss_fn": [ln.CrossEntropyLoss(), ln.BCEWithLogitsLoss()],
              "X": [np.full((4, 2), 1e300), np.ones((4, 2), dtype=int)],
              "y": [np.full((4, 1), 1e300), np.zeros(4), np.zeros((3, 1))], "h": [1e-3, 1.0, 1.5],
              "tol": [1.0, 0.9, 1e-20]}),
    Case("GradientCheck", _gc_call, _gc_valid, _gc_check,
         odd={"errors": [{"W": np.nan}, {"Dense1.W": 1.0, "Dense1.b": 0.0}, {"Dense1.W": -1.0, "Dense1.b": 0.0}],
              "tol": [1.0, 1e-12]}),
    Case("fit", _fit_call, _fit_valid, _fit_check,
         odd={"model": ODD_MODELS, "optimizer": ODD_OPTIMIZERS, "loss_fn": [ln.MSELoss(), ln.CrossEntropyLoss()],
              "X": ODD_X, "y": ODD_LABELS + [np.full(N_ROWS, 1e300)], "batch_size": [1, 3, 100, np.int64(2)],
              "epochs": [1, np.int64(3)], "rng": [np.random.default_rng(1), np.int64(5), -5, 2 ** 70],
              "callback": [lambda epoch, history: None, lambda epoch: None, lambda *args: False],
              "on_divergence": ["stop", "STOP", "Raise", "rasie"]}),
    Case("evaluate", ln.evaluate, _evaluate_valid, _evaluate_check,
         odd={"model": ODD_MODELS, "loss_fn": [ln.MSELoss(), ln.CrossEntropyLoss()], "X": ODD_X,
              "y": ODD_LABELS + [np.full(N_ROWS, 1e300)]}),
    Case("predict", ln.predict, _predict_valid, _predict_check, odd={"model": ODD_MODELS[:2], "X": ODD_X}),
    Case("accuracy", ln.accuracy, _accuracy_valid, _accuracy_check,
         odd={"model": ODD_MODELS[:2], "X": ODD_X, "y": ODD_LABELS}),
    Case("save", _save_call, _save_valid, _save_check,
         odd={"path": ["", " ", os.path.join("nofolder", "m.npz"), TMP, "x\0y.npz", "sub/", pathlib.Path("p.npz"),
                       b"bytes.npz", os.path.join(ODD_FILES[2], "m.npz")],
              "model": ODD_MODELS[:2], "optimizer": ODD_OPTIMIZERS}),
    Case("load", _load_call, _load_valid, _load_check,
         odd={"path": ODD_FILES + [pathlib.Path(_SAVED), "", b"x.npz"], "model": ODD_MODELS,
              "optimizer": ODD_OPTIMIZERS}),
    Case("History", _history_call, _history_valid, _history_check,
         odd={"train_loss": [[np.float32(1.0)], [np.nan], [1.0, "2"], np.ones((2, 2)), (0.5, 0.25)],
              "diverged_at": [(1, 2), (0, 1), (1.0, 2), "12", (1, 2, 3)],
              "diverged": [np.bool_(True), 1], "steps": [np.int64(3), 3.0], "time": [np.float32(1.5), -0.1]}),
    Case("TrainingDiverged", _diverged_call, _diverged_valid, _diverged_check, allow_nonfinite=True,
         odd={"loss": [np.float64("inf"), -np.inf, 1e300], "lr": [np.ones(3), np.float32(0.1)]}),
]
