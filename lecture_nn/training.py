r"""Training: ``fit`` runs mini-batch gradient descent as on the slide and returns a ``History``.

One epoch: shuffle the training set, go through it in chunks of ``batch_size``; for each chunk
$B$: forward, loss, backward (gradient of the mean loss over $B$), ``optimizer.step()``.
(The slide writes the chunk's gradient as a sum; the mean divides it by $|B|$, which only
rescales $\eta$ and keeps it independent of the batch size.)

Also: ``evaluate``, ``predict``, ``accuracy``, and ``save`` / ``load`` of a model and its
optimizer as a pickle-free ``.npz`` file.
"""

from __future__ import annotations

import math
import numbers
import os
import tempfile
import time
from dataclasses import dataclass, field

import numpy as np

from ._checks import all_finite, as_rng, first_nonfinite, positive_int
from .layers import Sequential
from .losses import Loss

__all__ = ["History", "TrainingDiverged", "fit", "evaluate", "predict", "accuracy", "save", "load"]


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite: the steps were too large."""

    def __init__(self, epoch: int, step: int, loss: float, lr=None):
        self.epoch, self.step, self.loss = epoch, step, loss
        lr_text = f" (now lr = {lr:g})" if isinstance(lr, numbers.Real) else ""
        super().__init__(f"training diverged at epoch {epoch}, step {step}: the loss became {loss}. "
                         f"Try a smaller learning rate{lr_text}.")


@dataclass
class History:
    """What ``fit`` recorded.

    ``train_loss[e]``: mean loss over the mini-batches of epoch ``e`` (weighted by batch size,
    measured before each step, as a progress bar shows it); ``val_loss[e]``: loss on the
    validation set after epoch ``e``; ``step_loss``: every mini-batch's loss, when
    ``record_steps``; ``steps``: optimizer steps taken; ``time``: seconds.
    """

    train_loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    step_loss: list = field(default_factory=list)
    steps: int = 0
    time: float = 0.0
    diverged: bool = False
    diverged_at: tuple | None = None  # (epoch, step)

    @property
    def epochs(self) -> int:
        return len(self.train_loss)

    def __repr__(self):
        last = f", last train loss {self.train_loss[-1]:.4g}" if self.train_loss else ""
        val = f", last val loss {self.val_loss[-1]:.4g}" if self.val_loss else ""
        div = f", DIVERGED at epoch {self.diverged_at[0]}, step {self.diverged_at[1]}" if self.diverged else ""
        return f"History({self.epochs} epochs, {self.steps} steps{last}{val}{div})"


def _checked_data(model, X, y, what="X"):
    X = model._check_input(X)
    y = np.asarray(y)
    if y.ndim == 0 or y.shape[0] != X.shape[0]:
        raise ValueError(f"fit expects y with the same N as {what}: {what} has N = {X.shape[0]}, "
                         f"y has shape {y.shape}")
    if not all_finite(y):
        raise ValueError(f"fit got a non-finite value in y: {first_nonfinite(y)}")
    return X, y


def fit(model, loss_fn, optimizer, X, y, *, epochs, batch_size=None, shuffle=True, rng=None,
        X_val=None, y_val=None, record_steps=False, progress=False, callback=None,
        on_divergence="raise") -> History:
    """Train ``model`` on (X, y) with mini-batch gradient descent; returns a :class:`History`.

    ``batch_size=None`` is full-batch gradient descent; ``batch_size=1`` is the slide's SGD.
    ``rng`` (Generator or seed) drives the shuffling. ``progress=True`` shows a tqdm bar (a
    widget in notebooks). ``callback(epoch, history)`` runs after each epoch; returning True
    stops training. A NaN/inf loss raises :class:`TrainingDiverged`, or with
    ``on_divergence="stop"`` ends training and sets ``history.diverged``.
    X, y (and X_val, y_val) are checked before the first step.
    """
    epochs = positive_int(epochs, "epochs")
    if batch_size is not None:
        batch_size = positive_int(batch_size, "batch_size")
    if on_divergence not in ("raise", "stop"):
        raise ValueError(f"on_divergence must be 'raise' or 'stop', got {on_divergence!r}")
    X, y = _checked_data(model, X, y)
    if (X_val is None) != (y_val is None):
        raise ValueError("give both X_val and y_val, or neither")
    if X_val is not None:
        X_val, y_val = _checked_data(model, X_val, y_val, "X_val")
    if isinstance(loss_fn, Loss):
        # check the targets against the model's output once, then skip the checks per batch
        d_out = model._forward(X[:1]).shape[1]
        y = loss_fn._targets(y, (X.shape[0], d_out), X.dtype)
        if X_val is not None:
            y_val = loss_fn._targets(y_val, (X_val.shape[0], d_out), X.dtype)
        batch_loss = loss_fn._forward
    else:
        batch_loss = loss_fn.forward
    # the first layer's dL/dX is never used in training: Sequential can skip computing it
    if isinstance(model, Sequential):
        backward = lambda dY: model._backward(dY, input_grad=False)  # noqa: E731
    else:
        backward = model._backward
    rng = as_rng(rng)
    N = X.shape[0]
    full_batch = batch_size is None or batch_size >= N
    shuffle = shuffle and not full_batch  # one batch of everything: order does not matter
    history = History()
    bar = None
    if progress:
        from tqdm.auto import tqdm  # imported only when asked for

        bar = tqdm(total=epochs, desc="training", unit="epoch")
    # one shuffled copy of the data per epoch, as data.batches makes, but into the same two
    # arrays every epoch (the same permutation from the same rng, so the same batches)
    shuffled = (np.empty_like(X), np.empty_like(y)) if shuffle else None

    def epoch_batches():
        Xs, ys = X, y
        if shuffle:
            order = rng.permutation(N)
            Xs, ys = np.take(X, order, axis=0, out=shuffled[0]), np.take(y, order, axis=0, out=shuffled[1])
        B = N if full_batch else batch_size
        return ((Xs[i:i + B], ys[i:i + B]) for i in range(0, N, B))

    modules = list(_modules(model))
    for m in modules:
        m._reuse = True  # layers write into buffers they keep while fit runs (see Module._reuse)
    start = time.perf_counter()
    try:
        # a diverging run overflows on its way to inf/NaN: report it once, as TrainingDiverged,
        # not as a stream of RuntimeWarnings
        with np.errstate(over="ignore", invalid="ignore"):
            for epoch in range(1, epochs + 1):
                total = 0.0
                for Xb, yb in epoch_batches():
                    loss = batch_loss(model._forward(Xb), yb)
                    if not math.isfinite(loss):
                        history.diverged, history.diverged_at = True, (epoch, history.steps + 1)
                        if on_divergence == "raise":
                            raise TrainingDiverged(epoch, history.steps + 1, loss, getattr(optimizer, "lr", None))
                        return history
                    backward(loss_fn.backward())
                    optimizer.step()
                    history.steps += 1
                    total += loss * Xb.shape[0]
                    if record_steps:
                        history.step_loss.append(loss)
                history.train_loss.append(total / N)
                if X_val is not None:
                    history.val_loss.append(batch_loss(model._forward(X_val), y_val))
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(loss=f"{history.train_loss[-1]:.4g}", refresh=False)
                if callback is not None and callback(epoch, history):
                    break
    finally:
        for m in modules:
            m.__dict__.pop("_reuse", None)
            m.__dict__.pop("_buffers", None)  # give the memory back; the next fit makes them again
        history.time = time.perf_counter() - start
        if bar is not None:
            bar.close()
    return history


def _modules(module):
    yield module
    for inner in getattr(module, "layers", ()):
        yield from _modules(inner)


def evaluate(model, loss_fn, X, y) -> float:
    """The loss of ``model`` on (X, y), without touching gradients."""
    return loss_fn.forward(model.forward(X), y)


def predict(model, X) -> np.ndarray:
    """Raw outputs (N, d_out): regression values or logits."""
    return model.forward(X)


def accuracy(model, X, y) -> float:
    """Fraction of correctly classified samples.

    One output: class 1 where the logit is > 0 (sigmoid > 1/2); C outputs: the argmax.
    """
    out = model.forward(X)
    labels = np.asarray(y).reshape(-1)
    if labels.shape[0] != out.shape[0]:
        raise ValueError(f"accuracy expects y with N = {out.shape[0]} labels, got shape {np.shape(y)}")
    predicted = (out[:, 0] > 0).astype(int) if out.shape[1] == 1 else out.argmax(axis=1)
    return float(np.mean(predicted == labels))


# --- saving work ----------------------------------------------------------------------------

_MODEL, _OPT = "model/", "optimizer/"


def save(path, model, optimizer=None):
    """Save the model's parameters (and the optimizer's state) to an ``.npz`` file, no pickle.

    The file is written under a temporary name and renamed at the end, so an interrupted save
    never leaves a half-written file where a good one was.
    """
    arrays = {_MODEL + name: value for name, value in model.state_dict().items()}
    if optimizer is not None:
        sd = optimizer.state_dict()
        arrays[_OPT + "type"] = np.array(sd["type"])
        arrays[_OPT + "t"] = np.array(sd["t"])
        for name, value in sd["hyperparameters"].items():
            arrays[f"{_OPT}hyperparameters/{name}"] = np.asarray(value)
        for i, state in enumerate(sd["state"]):
            for name, value in state.items():
                arrays[f"{_OPT}state/{i}/{name}"] = value
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".saving-", suffix=".npz")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def load(path, model, optimizer=None):
    """Load what :func:`save` wrote into ``model`` (and ``optimizer``); shapes must match."""
    with np.load(os.fspath(path), allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    model.load_state_dict({k[len(_MODEL):]: v for k, v in arrays.items() if k.startswith(_MODEL)})
    if optimizer is not None:
        if _OPT + "type" not in arrays:
            raise ValueError(f"{os.fspath(path)} holds no optimizer state; it was saved without one")
        indices = {int(k.split("/")[2]) for k in arrays if k.startswith(_OPT + "state/")}
        n = max(indices) + 1 if indices else 0
        state = [{name: arrays[f"{_OPT}state/{i}/{name}"] for name in optimizer.state_names
                  if f"{_OPT}state/{i}/{name}" in arrays} for i in range(n)]
        prefix = _OPT + "hyperparameters/"
        optimizer.load_state_dict({
            "type": str(arrays[_OPT + "type"]),
            "t": int(arrays[_OPT + "t"]),
            "hyperparameters": {k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)},
            "state": state,
        })
