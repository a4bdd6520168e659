r"""Training: ``fit`` runs mini-batch gradient descent as on the slide and returns a ``History``.

One epoch: shuffle the training set, go through it in chunks of ``batch_size``; for each chunk
$B$: forward, loss, backward (gradient of the mean loss over $B$), ``optimizer.step()``.
(The slide writes the chunk's gradient as a sum; the mean divides it by $|B|$, which only
rescales $\eta$ and keeps it independent of the batch size.)

Also: ``evaluate``, ``predict`` and ``accuracy`` of a trained model. ``save`` / ``load`` (in
:mod:`lecture_nn.saving`) can be imported from here too.

Every function checks its arguments (with the checks of :mod:`lecture_nn.arguments`) before it
changes anything: a refused ``fit`` takes no step. Weights that hold NaN or inf (what a diverged
run leaves) are named as soon as they are used, instead of turning into NaN predictions.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import time
from dataclasses import dataclass, field

import numpy as np

from ._checks import all_finite, as_rng, choice, describe, first_nonfinite, flag, integer, number
from .arguments import (array_kind, finite_state, finite_weights, inputs, largest_abs, largest_weight, loss_arg,
                        loss_targets, loss_value, model_arg, optimizer_arg, outputs, targets)
from .errors import InputError, LectureNNError
from .losses import Loss
from .optim import Optimizer
from .saving import load, save  # their home is lecture_nn.saving; imported from here too

__all__ = ["History", "TrainingDiverged", "fit", "evaluate", "predict", "accuracy", "save", "load"]

#: the longest run ``fit`` accepts; more epochs than this is a typo (and would not finish in a lecture)
MAX_EPOCHS = 1_000_000


@dataclass
class History:
    """What ``fit`` recorded.

    ``train_loss[e]``: mean loss over the mini-batches of epoch ``e`` (weighted by batch size,
    measured before each step, as a progress bar shows it); ``val_loss[e]``: loss on the
    validation set after epoch ``e``; ``step_loss``: every mini-batch's loss, when
    ``record_steps``; ``steps``: optimizer steps taken; ``time``: seconds; ``diverged`` and
    ``diverged_at`` (epoch, step): where a run with ``on_divergence="stop"`` ended.
    Every recorded loss is a finite number.
    """

    train_loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    step_loss: list = field(default_factory=list)
    steps: int = 0
    time: float = 0.0
    diverged: bool = False
    diverged_at: tuple | None = None  # (epoch, step)

    def __post_init__(self):
        for name in ("train_loss", "val_loss", "step_loss"):
            setattr(self, name, _loss_list(getattr(self, name), name))
        self.steps = integer(self.steps, "steps", low=0)
        self.time = number(self.time, "time", low=0)
        self.diverged = flag(self.diverged, "diverged")
        if self.diverged_at is not None:
            at = self.diverged_at
            if isinstance(at, (str, bytes)) or not isinstance(at, (tuple, list)) or len(at) != 2:
                raise InputError(f"diverged_at must be a pair (epoch, step) or None, got {describe(at)}")
            self.diverged_at = (integer(at[0], "diverged_at[0] (the epoch)", low=1),
                                integer(at[1], "diverged_at[1] (the step)", low=1))
            if not self.diverged:
                raise InputError("diverged_at is given, but diverged is False: set diverged=True, "
                                 "or leave diverged_at out")

    @property
    def epochs(self) -> int:
        return len(self.train_loss)

    def __repr__(self):
        last = f", last train loss {self.train_loss[-1]:.4g}" if self.train_loss else ""
        val = f", last val loss {self.val_loss[-1]:.4g}" if self.val_loss else ""
        div = ""
        if self.diverged:
            div = ", DIVERGED" + (f" at epoch {self.diverged_at[0]}, step {self.diverged_at[1]}"
                                  if self.diverged_at else "")
        return f"History({self.epochs} epochs, {self.steps} steps{last}{val}{div})"


def _loss_list(values, name: str) -> list:
    """A list of finite losses (floats) from a list, tuple or 1-D array."""
    if isinstance(values, (str, bytes, dict, set)) or not isinstance(values, (list, tuple, np.ndarray)):
        raise InputError(f"{name} must be a list of losses (finite numbers), got {describe(values)}")
    if isinstance(values, np.ndarray) and values.ndim != 1:
        raise InputError(f"{name} must be a list of losses (a 1-D array at most), got an array of shape {values.shape}")
    out = []
    for i, v in enumerate(values):
        if isinstance(v, np.ndarray) and v.ndim == 0:
            v = v[()]
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real) or not math.isfinite(v):
            raise InputError(f"{name} must be a list of losses (finite numbers), got {describe(v)} at index {i}")
        out.append(float(v))
    return out


class TrainingDiverged(LectureNNError, RuntimeError):
    """The loss (or the weights) became NaN or infinite: the steps were too large.

    ``what`` says what became NaN/inf (default: the loss), ``also`` adds advice to the message.
    """

    def __init__(self, epoch: int, step: int, loss: float, lr=None, *, what: str | None = None,
                 also: str | None = None):
        epoch, step = integer(epoch, "epoch", low=1), integer(step, "step", low=1)
        if isinstance(loss, (bool, np.bool_)) or not isinstance(loss, numbers.Real):
            raise InputError(f"loss must be the number the loss became (NaN or inf), got {describe(loss)}")
        if lr is not None and (isinstance(lr, (bool, np.bool_)) or not isinstance(lr, (numbers.Real, np.ndarray))):
            raise InputError(f"lr must be the learning rate (a number or an array) or None, got {describe(lr)}")
        self.epoch, self.step, self.loss = epoch, step, float(loss)
        lr_text = f" (now lr = {lr:g})" if isinstance(lr, numbers.Real) else ""
        what = what or f"the loss became {self.loss}"
        also = f", or {also}" if also else ""
        super().__init__(f"training diverged at epoch {epoch}, step {step}: {what}. "
                         f"Try a smaller learning rate{lr_text}{also}.")


# --- training -------------------------------------------------------------------------------------

def fit(model, loss_fn, optimizer, X, y, *, epochs, batch_size=None, shuffle=True, rng=None,
        X_val=None, y_val=None, record_steps=False, progress=False, callback=None,
        on_divergence="raise") -> History:
    """Train ``model`` on (X, y) with mini-batch gradient descent; returns a :class:`History`.

    ``batch_size=None`` is full-batch gradient descent; ``batch_size=1`` is the slide's SGD (a
    batch size >= N is full batch too). ``rng`` (Generator or seed) drives the shuffling.
    ``progress=True`` shows a tqdm bar (a widget in notebooks). ``callback(epoch, history)`` runs
    after each epoch; returning True stops training. A NaN/inf loss raises
    :class:`TrainingDiverged`, or with ``on_divergence="stop"`` ends training and sets
    ``history.diverged``; so do weights that are NaN/inf after the last step.

    Every argument is checked before the first step: X, y (and X_val, y_val), that the optimizer
    holds this model's parameters, that the weights and the optimizer's state are finite, and
    that the loss at the initial weights is finite (otherwise the data overflow: no learning rate
    is to blame).
    """
    run = _Run(model, loss_fn, optimizer, X, y, epochs=epochs, batch_size=batch_size, shuffle=shuffle, rng=rng,
               X_val=X_val, y_val=y_val, record_steps=record_steps, progress=progress, callback=callback,
               on_divergence=on_divergence)
    model, loss_fn, optimizer, history = run.model, run.loss_fn, run.optimizer, run.history
    start = time.perf_counter()
    try:
        # a diverging run overflows on its way to inf/NaN: report it once, as TrainingDiverged,
        # not as a stream of RuntimeWarnings
        with model.reusing_buffers(), np.errstate(over="ignore", invalid="ignore"):
            for epoch in range(1, run.epochs + 1):
                for Xb, yb in run.batches():  # X and y were checked once: the passes skip the checks
                    pred = model.forward(Xb, check=False)
                    loss = run.loss(pred, yb)
                    if not math.isfinite(loss):
                        run.diverged(epoch, loss)
                        return history
                    # the first layer's dL/dX is never used in training: it is not computed
                    model.backward(loss_fn.backward(), input_grad=False, check=False)
                    optimizer.step()
                    run.record_step(loss, Xb.shape[0])
                if run.end_of_epoch(epoch):
                    break
        if not history.diverged:
            run.check_final_weights(epoch)
    finally:
        history.time = time.perf_counter() - start
        run.close()
    return history


class _Run:
    """One call of ``fit``: its checked arguments, the epoch's batches and what is recorded.

    Building it checks everything, so that a refused ``fit`` takes no step.
    """

    def __init__(self, model, loss_fn, optimizer, X, y, *, epochs, batch_size, shuffle, rng, X_val, y_val,
                 record_steps, progress, callback, on_divergence):
        self.model = model = model_arg(model, "fit")
        self.loss_fn = loss_fn = loss_arg(loss_fn, "fit")
        self.optimizer = optimizer = optimizer_arg(optimizer, model, "fit", own_kind=True)
        if not model.parameters():
            raise InputError(f"fit: model {model!r} has no parameters to train")
        self.epochs = integer(epochs, "epochs", low=1, high=MAX_EPOCHS)
        if batch_size is not None:
            batch_size = integer(batch_size, "batch_size", low=1)
        shuffle = flag(shuffle, "shuffle")
        self.record_steps = flag(record_steps, "record_steps")
        progress = flag(progress, "progress")
        self.callback = _check_callback(callback)
        self.on_divergence = choice(on_divergence, "on_divergence", ("raise", "stop"))
        self.rng = as_rng(rng)
        finite_weights(model, "fit")
        if isinstance(optimizer, Optimizer):
            finite_state(optimizer, model, "fit")
        self.X, self.y, self.X_val, self.y_val = _data_args(model, loss_fn, X, y, X_val, y_val)
        # a Loss checked the targets once above: each batch's loss skips the checks
        self._batch_loss = (functools.partial(loss_fn.forward, check=False) if isinstance(loss_fn, Loss)
                            else loss_fn.forward)
        self.N = N = self.X.shape[0]
        full_batch = batch_size is None or batch_size >= N
        self.B = N if full_batch else batch_size
        self.shuffle = shuffle and not full_batch  # one batch of everything: order does not matter
        # one shuffled copy of the data per epoch, as data.batches makes, but into the same two
        # arrays every epoch (the same permutation from the same rng, so the same batches)
        self._shuffled = (np.empty_like(self.X), np.empty_like(self.y)) if self.shuffle else None
        self.history = History()
        self._total = 0.0  # the sum of this epoch's batch losses, each times its batch size
        self.bar = None
        if progress:
            from tqdm.auto import tqdm  # imported only when asked for

            self.bar = tqdm(total=self.epochs, desc="training", unit="epoch")

    def batches(self):
        """This epoch's mini-batches (Xb, yb): the data shuffled (unless full batch), in chunks of B rows."""
        X, y, N, B = self.X, self.y, self.N, self.B
        if self.shuffle:
            order = self.rng.permutation(N)
            X, y = np.take(X, order, axis=0, out=self._shuffled[0]), np.take(y, order, axis=0, out=self._shuffled[1])
        return ((X[i:i + B], y[i:i + B]) for i in range(0, N, B))

    def loss(self, pred, yb):
        """The batch's loss; at the first step also a check that it is a finite number."""
        loss = self._batch_loss(pred, yb)
        if self.history.steps == 0:
            loss = loss_value(loss, "fit")
            if not math.isfinite(loss):
                # before any step: the data overflow, not the learning rate
                raise InputError(
                    f"fit: the loss is {loss} at the initial weights, before any step, so no learning "
                    f"rate is to blame: the model's output on X overflows or the targets y are too "
                    f"large (the largest |X| is {largest_abs(self.X)}, the largest |y| {largest_abs(self.y)}, the "
                    f"largest weight {largest_weight(self.model)}); scale X and y (e.g. standardise "
                    "them), or start from a new model")
        return loss

    def record_step(self, loss, batch_size: int):
        history = self.history
        history.steps += 1
        self._total += loss * batch_size
        if self.record_steps:
            history.step_loss.append(float(loss))

    def end_of_epoch(self, epoch: int) -> bool:
        """Record the epoch's mean loss (and the validation loss); True when training ends here."""
        history, mean = self.history, self._total / self.N
        self._total = 0.0
        if not math.isfinite(mean):
            return self.diverged(epoch, mean, f"the mean loss of the epoch became {mean}")
        history.train_loss.append(float(mean))
        if self.X_val is not None:
            val = self._batch_loss(self.model.forward(self.X_val, check=False), self.y_val)
            if not math.isfinite(val):
                return self.diverged(epoch, val, f"the validation loss became {val}")
            history.val_loss.append(float(val))
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(loss=f"{history.train_loss[-1]:.4g}", refresh=False)
        return bool(self.callback is not None and self.callback(epoch, history))

    def check_final_weights(self, epoch: int):
        """The last step may break the weights without a loss showing it yet."""
        for name, p in self.model.named_parameters():
            if not all_finite(p.value):
                self.diverged(epoch, math.nan, f"after the last step, parameter {name} has {first_nonfinite(p.value)}")
                return

    def diverged(self, epoch: int, loss, what=None) -> bool:
        """Record where the run broke; raise :class:`TrainingDiverged` unless asked to stop (then True)."""
        history = self.history
        history.diverged, history.diverged_at = True, (epoch, history.steps + 1)
        if self.on_divergence == "raise":
            largest = float(np.max(np.abs(self.X)))
            # large inputs make large gradients: then a step of ordinary size overshoots too
            also = f"scale the inputs X (standardise them): the largest |X| is {largest:.3g}" if largest > 1e3 else None
            raise TrainingDiverged(epoch, history.steps + 1, loss, getattr(self.optimizer, "lr", None), what=what,
                                   also=also)
        return True

    def close(self):
        if self.bar is not None:
            self.bar.close()


def _data_args(model, loss_fn, X, y, X_val, y_val):
    """X, y (and X_val, y_val) checked against the model and, for a :class:`Loss`, against its rules."""
    X = inputs(model, X, "X", "fit")
    y = targets(y, "y", X.shape[0], "X", "fit")
    if (X_val is None) != (y_val is None):
        given = "X_val but no y_val" if y_val is None else "y_val but no X_val"
        raise InputError(f"fit: give both X_val and y_val, or neither (got {given})")
    if X_val is not None:
        X_val = inputs(model, X_val, "X_val", "fit")
        y_val = targets(y_val, "y_val", X_val.shape[0], "X_val", "fit")
    if isinstance(loss_fn, Loss):
        with np.errstate(over="ignore", invalid="ignore"):
            d_out = model.forward(X[:1], check=False).shape[1]
        y = loss_targets(loss_fn, y, "y", (X.shape[0], d_out), X.dtype)
        if X_val is not None:
            y_val = loss_targets(loss_fn, y_val, "y_val", (X_val.shape[0], d_out), X_val.dtype)
    return X, y, X_val, y_val


def _check_callback(callback):
    """``callback`` if it is None or a function that takes (epoch, history)."""
    if callback is None:
        return None
    if isinstance(callback, type) or not callable(callback):
        raise InputError(f"fit: callback must be a function callback(epoch, history) or None, "
                         f"got {describe(callback)}")
    try:
        signature = inspect.signature(callback)
    except (TypeError, ValueError):  # some builtins have none: trust them
        return callback
    try:
        signature.bind(1, History())
    except TypeError:
        name = getattr(callback, "__name__", type(callback).__name__)
        raise InputError(f"fit: callback must take two arguments, callback(epoch, history); "
                         f"{name}{signature} does not") from None
    return callback


# --- a trained model: its loss, its outputs, its accuracy ---------------------------------------------

def evaluate(model, loss_fn, X, y) -> float:
    """The loss of ``model`` on (X, y), without touching gradients.

    Raises (instead of returning NaN or inf) when a weight is NaN/inf or the output overflows.
    """
    model = model_arg(model, "evaluate")
    loss_fn = loss_arg(loss_fn, "evaluate")
    finite_weights(model, "evaluate")
    X = inputs(model, X, "X", "evaluate")
    y = targets(y, "y", X.shape[0], "X", "evaluate")
    out = outputs(model, X, "evaluate")
    y = loss_targets(loss_fn, y, "y", out.shape, out.dtype, "evaluate")
    with np.errstate(over="ignore", invalid="ignore"):
        loss = loss_value(loss_fn.forward(out, y), "evaluate")
    if not math.isfinite(loss):
        raise InputError(f"evaluate: the loss of the model on X, y is {loss}, an overflow (the largest model "
                         f"output is {largest_abs(out)}, the largest |y| {largest_abs(y)}); scale X and y")
    return loss


def predict(model, X) -> np.ndarray:
    """Raw outputs (N, d_out): regression values or logits.

    Raises (instead of returning NaN or inf) when a weight is NaN/inf or the output overflows.
    """
    model = model_arg(model, "predict")
    finite_weights(model, "predict")
    X = inputs(model, X, "X", "predict")
    return outputs(model, X, "predict")


def _labels(y, N: int, C: int) -> np.ndarray:
    """Class labels (N,) in 0..C-1 (0/1 for one output) as ints; integer-valued floats and bools count."""
    if y is None or isinstance(y, (str, bytes, dict, set)) or callable(y):
        raise InputError(f"accuracy expects class labels y (integers), got {describe(y)}")
    try:
        labels = np.asarray(y)
    except (TypeError, ValueError) as e:
        raise InputError(f"accuracy expects class labels y (integers), could not convert: {e}") from None
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]
    if labels.ndim != 1 or labels.shape[0] != N:
        raise InputError(f"accuracy expects y with N = {N} labels, one per row of X, shape ({N},) or ({N}, 1), "
                         f"got shape {np.shape(y)}")
    kind = labels.dtype.kind
    if kind not in "biuf":
        raise InputError(f"accuracy expects class labels y (integers), got {array_kind(labels)} (dtype {labels.dtype})")
    if kind == "f":
        if not all_finite(labels):
            raise InputError(f"accuracy got a non-finite value in y: {first_nonfinite(labels)}")
        fractional = np.flatnonzero(labels != np.round(labels))
        if fractional.size:
            i = int(fractional[0])
            raise InputError(f"accuracy expects class labels y (integers), got {labels[i]:g} at index {i}: "
                             "regression targets have no accuracy (use evaluate with a loss instead)")
    allowed = ("{0, 1} (one output: class 1 where the logit is > 0)" if C == 1
               else f"0..C-1 = 0..{C - 1} (C = {C} outputs)")
    high = 1 if C == 1 else C - 1
    outside = np.flatnonzero((labels < 0) | (labels > high))
    if outside.size:
        i = int(outside[0])
        raise InputError(f"accuracy expects labels y in {allowed}, got {labels[i]:g} at index {i}")
    return labels.astype(np.intp)


def accuracy(model, X, y) -> float:
    """Fraction of correctly classified samples.

    One output: class 1 where the logit is > 0 (sigmoid > 1/2); C outputs: the argmax.
    ``y``: integer labels, shape (N,) or (N, 1): 0/1 for one output, 0..C-1 for C outputs.
    Integer-valued floats (0.0, 1.0, as BCE targets often are) and bools are labels too; other
    values (0.37, NaN, strings, a label >= C) are refused, naming the first one.
    """
    model = model_arg(model, "accuracy")
    finite_weights(model, "accuracy")
    X = inputs(model, X, "X", "accuracy")
    out = outputs(model, X, "accuracy")
    labels = _labels(y, out.shape[0], out.shape[1])
    predicted = (out[:, 0] > 0).astype(np.intp) if out.shape[1] == 1 else out.argmax(axis=1)
    return float(np.mean(predicted == labels))
