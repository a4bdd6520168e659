r"""Training: ``fit`` runs mini-batch gradient descent as on the slide and returns a ``History``.

One epoch: shuffle the training set, go through it in chunks of ``batch_size``; for each chunk
$B$: forward, loss, backward (gradient of the mean loss over $B$), ``optimizer.step()``.
(The slide writes the chunk's gradient as a sum; the mean divides it by $|B|$, which only
rescales $\eta$ and keeps it independent of the batch size.)

Also: ``evaluate``, ``predict``, ``accuracy``, and ``save`` / ``load`` of a model and its
optimizer as a pickle-free ``.npz`` file.

Every function checks its arguments before it changes anything: a refused ``fit`` takes no
step, a refused ``load`` leaves the model and the optimizer exactly as they were, a refused
``save`` leaves an existing file alone. Weights that hold NaN or inf (what a diverged run leaves)
are named as soon as they are used, instead of turning into NaN predictions.
"""

from __future__ import annotations

import copy
import functools
import inspect
import math
import numbers
import os
import tempfile
import time
from dataclasses import dataclass, field

import numpy as np

from ._checks import _describe, all_finite, as_rng, choice, first_nonfinite, flag, integer, number
from .errors import InputError, LectureNNError, UsageError
from .layers import Module
from .losses import Loss
from .optim import Optimizer

__all__ = ["History", "TrainingDiverged", "fit", "evaluate", "predict", "accuracy", "save", "load"]

#: the longest run ``fit`` accepts; more epochs than this is a typo (and would not finish in a lecture)
MAX_EPOCHS = 1_000_000


class TrainingDiverged(LectureNNError, RuntimeError):
    """The loss (or the weights) became NaN or infinite: the steps were too large.

    ``what`` says what became NaN/inf (default: the loss), ``also`` adds advice to the message.
    """

    def __init__(self, epoch: int, step: int, loss: float, lr=None, *, what: str | None = None,
                 also: str | None = None):
        epoch, step = integer(epoch, "epoch", low=1), integer(step, "step", low=1)
        if isinstance(loss, (bool, np.bool_)) or not isinstance(loss, numbers.Real):
            raise InputError(f"loss must be the number the loss became (NaN or inf), got {_describe(loss)}")
        if lr is not None and (isinstance(lr, (bool, np.bool_)) or not isinstance(lr, (numbers.Real, np.ndarray))):
            raise InputError(f"lr must be the learning rate (a number or an array) or None, got {_describe(lr)}")
        self.epoch, self.step, self.loss = epoch, step, float(loss)
        lr_text = f" (now lr = {lr:g})" if isinstance(lr, numbers.Real) else ""
        what = what or f"the loss became {self.loss}"
        also = f", or {also}" if also else ""
        super().__init__(f"training diverged at epoch {epoch}, step {step}: {what}. "
                         f"Try a smaller learning rate{lr_text}{also}.")


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
                raise InputError(f"diverged_at must be a pair (epoch, step) or None, got {_describe(at)}")
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
        raise InputError(f"{name} must be a list of losses (finite numbers), got {_describe(values)}")
    if isinstance(values, np.ndarray) and values.ndim != 1:
        raise InputError(f"{name} must be a list of losses (a 1-D array at most), got an array of shape {values.shape}")
    out = []
    for i, v in enumerate(values):
        if isinstance(v, np.ndarray) and v.ndim == 0:
            v = v[()]
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real) or not math.isfinite(v):
            raise InputError(f"{name} must be a list of losses (finite numbers), got {_describe(v)} at index {i}")
        out.append(float(v))
    return out


# --- the arguments every function here shares ---------------------------------------------------------

def _model_arg(model, who: str) -> Module:
    """``model`` if it is a lecture_nn network (a Module instance)."""
    if isinstance(model, Module):
        return model
    if isinstance(model, type) and issubclass(model, Module):
        raise InputError(f"{who}: model must be a network, got the class {model.__name__} itself; "
                         f"build one first, e.g. mlp([2, 16, 1], rng=0) or Dense(2, 1)")
    raise InputError(f"{who}: model must be a network such as mlp([2, 16, 1], rng=0) or Dense(2, 1), "
                     f"got {_describe(model)} ({type(model).__name__})")


def _loss_arg(loss_fn, who: str):
    """``loss_fn`` if it is a loss: a :class:`Loss`, or any object with ``forward(pred, y)`` and ``backward()``."""
    if isinstance(loss_fn, Loss):
        return loss_fn
    example = "MSELoss(), BCEWithLogitsLoss() or CrossEntropyLoss()"
    if isinstance(loss_fn, type):
        hint = f"; write {loss_fn.__name__}() with parentheses" if issubclass(loss_fn, Loss) else ""
        raise InputError(f"{who}: loss_fn must be a loss object such as {example}, "
                         f"got the class {loss_fn.__name__}{hint}")
    if isinstance(loss_fn, (Module, Optimizer)):
        order = "model, loss_fn, optimizer, X, y" if who == "fit" else "model, loss_fn, X, y"
        raise InputError(f"{who}: loss_fn must be a loss object such as {example}, got {type(loss_fn).__name__} "
                         f"(a {'model' if isinstance(loss_fn, Module) else 'optimizer'}): are the arguments "
                         f"in the order ({order})?")
    if callable(getattr(loss_fn, "forward", None)) and callable(getattr(loss_fn, "backward", None)):
        return loss_fn  # a loss of one's own: forward(pred, y) -> float, backward() -> dL/dpred
    raise InputError(f"{who}: loss_fn must be a loss object such as {example} (an object with "
                     f"forward(pred, y) and backward()), got {_describe(loss_fn)} ({type(loss_fn).__name__})")


def _optimizer_arg(optimizer, model: Module, who: str, own_kind: bool = False):
    """``optimizer`` if it can train ``model``: an :class:`Optimizer` over (some of) the model's
    parameters, or for ``fit`` any object with a ``step()`` method (``own_kind``)."""
    example = "SGD(model.parameters(), lr=0.1) or Adam(model.parameters())"
    if isinstance(optimizer, type):
        raise InputError(f"{who}: optimizer must be an optimizer object such as {example}, got the class "
                         f"{optimizer.__name__} itself; build it with the model's parameters, as in {example}")
    if not isinstance(optimizer, Optimizer):
        if own_kind and callable(getattr(optimizer, "step", None)) and not isinstance(optimizer, (Module, Loss)):
            return optimizer  # an optimizer of one's own: step() updates the parameters from their .grad
        raise InputError(f"{who}: optimizer must be an optimizer object such as {example}, "
                         f"got {_describe(optimizer)} ({type(optimizer).__name__})")
    mine = {id(p) for p in model.parameters()}
    foreign = [p for p in optimizer.params if id(p) not in mine]
    if foreign:
        n = len(optimizer.params)
        if len(foreign) == n:
            raise UsageError(f"{who}: the optimizer holds the parameters of another model: none of its {n} "
                             f"parameters belongs to this model, so a step would train the other one. Build "
                             f"the optimizer from this model, e.g. {type(optimizer).__name__}(model.parameters(), "
                             f"...) (a cell that builds the model again needs the optimizer built again too)")
        raise UsageError(f"{who}: the optimizer holds {len(foreign)} of its {n} parameters from another model "
                         f"(e.g. {foreign[0]!r}); build it from this model: "
                         f"{type(optimizer).__name__}(model.parameters(), ...)")
    return optimizer


def _parameter_names(model: Module) -> dict:
    """id(parameter) -> the name the model gives it (``Dense1.W``)."""
    return {id(p): name for name, p in model.named_parameters()}


def _finite_weights(model: Module, who: str, after: str = ""):
    """Refuse a model whose weights hold NaN or inf, naming the parameter and where."""
    for name, p in model.named_parameters():
        if not all_finite(p.value):
            raise InputError(f"{who}: model parameter {name} has {first_nonfinite(p.value)}{after}: the weights "
                             "are broken, probably by a training run that diverged (a learning rate too large). "
                             "Build the model again, or load weights you saved")


def _finite_state(optimizer: Optimizer, model: Module, who: str):
    """Refuse an optimizer whose state (m, s) holds NaN or inf, as a diverged run leaves it."""
    names = _parameter_names(model)
    for p in optimizer.params:
        for key, value in optimizer.state[p].items():
            if not all_finite(value):
                raise InputError(f"{who}: the optimizer's state {key!r} of parameter {names.get(id(p), p.name)} "
                                 f"has {first_nonfinite(value)}: it comes from a run that diverged. Build a new "
                                 f"optimizer, e.g. {type(optimizer).__name__}(model.parameters(), ...)")


def _is_complex(value) -> bool:
    """True for complex numbers or arrays of them (numpy would drop the imaginary part with a warning)."""
    if isinstance(value, np.ndarray):
        return value.dtype.kind == "c"
    try:
        return bool(np.iscomplexobj(value))
    except Exception:  # ragged lists and other things numpy cannot hold: the model's check says why
        return False


def _inputs(model: Module, X, name: str, who: str) -> np.ndarray:
    """``X`` checked by the model itself (shape (N, d), finite numbers), the error naming ``name``."""
    if _is_complex(X):
        raise InputError(f"{who}: {name} must hold real numbers, got complex values")
    try:
        return model.check_input(X)
    except NotImplementedError:  # a Module of one's own that checks nothing: at least (N, d) numbers
        return _plain_inputs(X, name, who)
    except LectureNNError as e:
        if name == "X":
            raise
        raise InputError(f"{who}: {name}: {e}") from None
    except (ValueError, TypeError) as e:
        raise InputError(f"{who}: {name} cannot be used as the model's input: {e}") from None


def _plain_inputs(X, name: str, who: str) -> np.ndarray:
    try:
        X = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise InputError(f"{who}: {name} must be an array of numbers, could not convert: {e}") from None
    if X.ndim != 2 or X.shape[0] == 0 or not all_finite(X):
        raise InputError(f"{who}: {name} must be a finite (N, d) array with N >= 1, got shape {X.shape}")
    return X


def _kind(a: np.ndarray) -> str:
    """What an array of no numbers holds, for a message."""
    names = {"c": "complex numbers", "U": "strings", "S": "bytes", "O": "Python objects"}
    return names.get(a.dtype.kind, str(a.dtype))


def _targets(y, name: str, N: int, x_name: str, who: str) -> np.ndarray:
    """``y`` as an array of finite numbers with N rows (the loss checks the exact shape)."""
    if y is None or isinstance(y, (str, bytes, dict, set)) or callable(y):
        raise InputError(f"{who} expects {name} as an array of N = {N} targets, got {_describe(y)}")
    try:
        y = np.asarray(y)
    except (TypeError, ValueError) as e:
        raise InputError(f"{who} expects {name} as an array of numbers, could not convert: {e}") from None
    if y.dtype.kind not in "biuf":
        raise InputError(f"{who} expects {name} as an array of numbers, got {_kind(y)} (dtype {y.dtype})")
    if y.ndim == 0 or y.shape[0] != N:
        raise InputError(f"{who} expects {name} with the same N as {x_name}: {x_name} has N = {N}, "
                         f"{name} has shape {y.shape}")
    if not all_finite(y):
        raise InputError(f"{who} got a non-finite value in {name}: {first_nonfinite(y)}")
    return y


def _loss_targets(loss_fn, y, name: str, shape: tuple, dtype, who: str = "fit"):
    """The loss's own check of the targets (shape, range, labels), its message naming ``name``.

    A loss of one's own (not a :class:`Loss`) gets ``y`` as it is."""
    if not isinstance(loss_fn, Loss):
        return y
    try:
        return loss_fn.check_targets(y, shape, dtype)
    except (ValueError, TypeError) as e:
        raise InputError(f"{who}: {name} does not fit the model's output (N, d_out) = {shape} under "
                         f"loss_fn {loss_fn!r}: {e}") from None


def _largest(a) -> str:
    a = np.asarray(a)
    return f"{float(np.max(np.abs(a))):.3g}" if a.size and a.dtype.kind in "biuf" else "?"


def _largest_weight(model: Module) -> str:
    return f"{max((float(np.max(np.abs(p.value), initial=0)) for p in model.parameters()), default=0.0):.3g}"


def _outputs(model: Module, X: np.ndarray, who: str) -> np.ndarray:
    """``model.forward(X)``, or an error naming the overflow when the output is not finite."""
    with np.errstate(over="ignore", invalid="ignore"):
        out = model.forward(X)
    if not all_finite(out):
        raise InputError(f"{who}: the model's output on X has {first_nonfinite(out)}, an overflow (the largest "
                         f"|X| is {_largest(X)}, the largest weight {_largest_weight(model)}); scale the inputs X "
                         "(e.g. standardise them), or use a model with smaller weights")
    return out


def _loss_value(value, who: str) -> float:
    """What ``loss_fn.forward`` returned, as a float (a loss of one's own may return a numpy scalar)."""
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(())[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InputError(f"{who}: loss_fn.forward(pred, y) must return a number (the loss), got {_describe(value)}")
    return float(value)


def _check_callback(callback):
    if callback is None:
        return None
    if isinstance(callback, type) or not callable(callback):
        raise InputError(f"fit: callback must be a function callback(epoch, history) or None, "
                         f"got {_describe(callback)}")
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
        self.model = model = _model_arg(model, "fit")
        self.loss_fn = loss_fn = _loss_arg(loss_fn, "fit")
        self.optimizer = optimizer = _optimizer_arg(optimizer, model, "fit", own_kind=True)
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
        _finite_weights(model, "fit")
        if isinstance(optimizer, Optimizer):
            _finite_state(optimizer, model, "fit")
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
            loss = _loss_value(loss, "fit")
            if not math.isfinite(loss):
                # before any step: the data overflow, not the learning rate
                raise InputError(
                    f"fit: the loss is {loss} at the initial weights, before any step, so no learning "
                    f"rate is to blame: the model's output on X overflows or the targets y are too "
                    f"large (the largest |X| is {_largest(self.X)}, the largest |y| {_largest(self.y)}, the "
                    f"largest weight {_largest_weight(self.model)}); scale X and y (e.g. standardise "
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
    X = _inputs(model, X, "X", "fit")
    y = _targets(y, "y", X.shape[0], "X", "fit")
    if (X_val is None) != (y_val is None):
        given = "X_val but no y_val" if y_val is None else "y_val but no X_val"
        raise InputError(f"fit: give both X_val and y_val, or neither (got {given})")
    if X_val is not None:
        X_val = _inputs(model, X_val, "X_val", "fit")
        y_val = _targets(y_val, "y_val", X_val.shape[0], "X_val", "fit")
    if isinstance(loss_fn, Loss):
        with np.errstate(over="ignore", invalid="ignore"):
            d_out = model.forward(X[:1], check=False).shape[1]
        y = _loss_targets(loss_fn, y, "y", (X.shape[0], d_out), X.dtype)
        if X_val is not None:
            y_val = _loss_targets(loss_fn, y_val, "y_val", (X_val.shape[0], d_out), X_val.dtype)
    return X, y, X_val, y_val


def evaluate(model, loss_fn, X, y) -> float:
    """The loss of ``model`` on (X, y), without touching gradients.

    Raises (instead of returning NaN or inf) when a weight is NaN/inf or the output overflows.
    """
    model = _model_arg(model, "evaluate")
    loss_fn = _loss_arg(loss_fn, "evaluate")
    _finite_weights(model, "evaluate")
    X = _inputs(model, X, "X", "evaluate")
    y = _targets(y, "y", X.shape[0], "X", "evaluate")
    out = _outputs(model, X, "evaluate")
    y = _loss_targets(loss_fn, y, "y", out.shape, out.dtype, "evaluate")
    with np.errstate(over="ignore", invalid="ignore"):
        loss = _loss_value(loss_fn.forward(out, y), "evaluate")
    if not math.isfinite(loss):
        raise InputError(f"evaluate: the loss of the model on X, y is {loss}, an overflow (the largest model "
                         f"output is {_largest(out)}, the largest |y| {_largest(y)}); scale X and y")
    return loss


def predict(model, X) -> np.ndarray:
    """Raw outputs (N, d_out): regression values or logits.

    Raises (instead of returning NaN or inf) when a weight is NaN/inf or the output overflows.
    """
    model = _model_arg(model, "predict")
    _finite_weights(model, "predict")
    X = _inputs(model, X, "X", "predict")
    return _outputs(model, X, "predict")


def _labels(y, N: int, C: int) -> np.ndarray:
    """Class labels (N,) in 0..C-1 (0/1 for one output) as ints; integer-valued floats and bools count."""
    if y is None or isinstance(y, (str, bytes, dict, set)) or callable(y):
        raise InputError(f"accuracy expects class labels y (integers), got {_describe(y)}")
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
        raise InputError(f"accuracy expects class labels y (integers), got {_kind(labels)} (dtype {labels.dtype})")
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
    model = _model_arg(model, "accuracy")
    _finite_weights(model, "accuracy")
    X = _inputs(model, X, "X", "accuracy")
    out = _outputs(model, X, "accuracy")
    labels = _labels(y, out.shape[0], out.shape[1])
    predicted = (out[:, 0] > 0).astype(np.intp) if out.shape[1] == 1 else out.argmax(axis=1)
    return float(np.mean(predicted == labels))


# --- saving work ----------------------------------------------------------------------------

_MODEL, _OPT = "model/", "optimizer/"
#: marks a file written by :func:`save` (files from before it are recognised by their model/ arrays)
_FORMAT = "lecture_nn/format"


def _path_arg(path, who: str) -> str:
    """``path`` as a str: a non-empty file name (str or pathlib.Path)."""
    if not isinstance(path, (str, os.PathLike)):
        raise InputError(f"{who}: path must be a file name such as 'model.npz' (a str or pathlib.Path), "
                         f"got {_describe(path)}")
    path = os.fspath(path)
    if not isinstance(path, str):
        raise InputError(f"{who}: path must be a file name such as 'model.npz' (a str), got bytes {path!r}")
    if not path.strip():
        raise InputError(f"{who}: path must be a file name such as 'model.npz', got the empty string {path!r}")
    if "\0" in path:
        raise InputError(f"{who}: path {path!r} holds a NUL character, which no file name can hold")
    return path


def _swapped(path, model, who: str):
    if isinstance(path, Module) and not isinstance(model, Module):
        raise InputError(f"{who}: the arguments are swapped: the path comes first, then the model, as in "
                         f"{who}('model.npz', model); got a model as path and {_describe(model)} as model")


def save(path, model, optimizer=None):
    """Save the model's parameters (and the optimizer's state) to an ``.npz`` file, no pickle.

    The file is written under a temporary name and renamed at the end, so an interrupted or
    refused save never leaves a half-written file where a good one was. Weights or optimizer
    state with NaN/inf are refused (a diverged run is not worth keeping), naming the parameter.
    """
    _swapped(path, model, "save")
    path = _path_arg(path, "save")
    model = _model_arg(model, "save")
    _finite_weights(model, "save", "; nothing was saved")
    if optimizer is not None:
        optimizer = _optimizer_arg(optimizer, model, "save")
        _finite_state(optimizer, model, "save")
    if os.path.isdir(path):
        raise InputError(f"save: path {path!r} is a folder; give a file name in it, "
                         f"e.g. {os.path.join(path, 'model.npz')!r}")
    typed_folder = os.path.dirname(path)
    if os.path.basename(path) == "":
        raise InputError(f"save: path {path!r} ends with a separator; give a file name, e.g. "
                         f"{os.path.join(path, 'model.npz')!r}")
    if typed_folder and not os.path.isdir(typed_folder):
        if os.path.exists(typed_folder):
            raise InputError(f"save: the folder {typed_folder!r} of path {path!r} is a file, not a folder; "
                             "choose another path")
        raise InputError(f"save: the folder {typed_folder!r} of path {path!r} does not exist; "
                         f"create it first, e.g. os.makedirs({typed_folder!r}, exist_ok=True)")
    arrays = {_FORMAT: np.array(1)}
    arrays.update({_MODEL + name: value for name, value in model.state_dict().items()})
    if optimizer is not None:
        sd = optimizer.state_dict()
        arrays[_OPT + "type"] = np.array(sd["type"])
        arrays[_OPT + "t"] = np.array(sd["t"])
        arrays[_OPT + "n_params"] = np.array(len(sd["state"]))
        for name, value in sd["hyperparameters"].items():
            arrays[f"{_OPT}hyperparameters/{name}"] = np.asarray(value)
        for i, state in enumerate(sd["state"]):
            for name, value in state.items():
                arrays[f"{_OPT}state/{i}/{name}"] = value
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".saving-", suffix=".npz")
    except OSError as e:
        raise InputError(f"save: cannot write into the folder {typed_folder or os.getcwd()!r} "
                         f"(for path {path!r}): {e.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        os.replace(tmp, path)
    except BaseException as e:
        if os.path.exists(tmp):
            os.remove(tmp)
        if isinstance(e, OSError):
            raise InputError(f"save: cannot write path {path!r}: {e.strerror or e}") from None
        raise


def _not_ours(path: str, reason: str) -> InputError:
    return InputError(f"load: {path} is not a file written by lecture_nn.save ({reason}); check the path, "
                      "or save the model again")


def _what_file(path: str) -> str:
    """A guess at what a file that numpy cannot read is, from its first bytes."""
    with open(path, "rb") as f:
        head = f.read(512)
    if not head:
        return "the file is empty"
    if head.startswith(b"PK"):
        return "a damaged or truncated .npz archive"
    if head.startswith(b"\x89PNG"):
        return "it is a PNG picture"
    if head.startswith(b"\xff\xd8"):
        return "it is a JPEG picture"
    if head.startswith(b"%PDF"):
        return "it is a PDF document"
    if head.startswith(b"\x93NUMPY"):
        return "a damaged .npy array"
    try:
        head.decode("utf-8")
        return "it is a text file"
    except UnicodeDecodeError:
        return "its content is in no format numpy reads"


def _read(path: str) -> dict:
    """Every array of the file at ``path``, or an error saying why it is not one of ours."""
    if not os.path.exists(path):
        where = "" if os.path.isabs(path) else f", relative to the current folder {os.getcwd()}"
        raise InputError(f"load: no file {path} (check the path{where})")
    if os.path.isdir(path):
        raise _not_ours(path, "it is a folder")
    try:
        data = np.load(path, allow_pickle=False)
    except Exception:  # numpy's own words here suggest unpickling: never what a student should do
        raise _not_ours(path, _what_file(path)) from None
    files = getattr(data, "files", None)
    if files is None:  # a single .npy array
        raise _not_ours(path, f"it holds a single array of shape {np.shape(data)}, as np.save writes")
    try:
        with data:
            arrays = {k: data[k] for k in files}
    except Exception as e:
        raise _not_ours(path, f"a damaged or truncated .npz archive: {e}") from None
    if _FORMAT not in arrays and not any(k.startswith(_MODEL) for k in arrays):
        names = ", ".join(repr(k) for k in list(arrays)[:5]) or "nothing"
        raise _not_ours(path, f"it holds {names}, not a model's parameters")
    return arrays


def _saved_array(arrays: dict, key: str, path: str, what: str, shape=None) -> np.ndarray:
    """The array ``key`` of the file: real numbers, finite, of ``shape``; else an error naming it."""
    a = arrays[key]
    if a.dtype.kind not in "biuf":
        raise InputError(f"load: the file at path {path} holds {what} as {a.dtype} values, not numbers; "
                         "nothing was loaded")
    if shape is not None and a.shape != shape:
        raise InputError(f"load: the file at path {path} holds {what} of shape {a.shape}, expected {shape}; "
                         "nothing was loaded")
    if not all_finite(a):
        raise InputError(f"load: the file at path {path} holds {what} with {first_nonfinite(a)}; nothing was loaded")
    return a


def _model_state(arrays: dict, model: Module, path: str) -> dict:
    saved = {k[len(_MODEL):]: k for k in arrays if k.startswith(_MODEL)}
    params = dict(model.named_parameters())
    missing = [n for n in params if n not in saved]
    unexpected = [n for n in saved if n not in params]
    if missing or unexpected:
        raise InputError(f"load: the file at path {path} does not fit this model: missing {missing}, unexpected "
                         f"{unexpected} (this model has {list(params)}); was it saved from another architecture? "
                         "Nothing was loaded")
    state = {}
    for name, p in params.items():
        a = arrays[saved[name]]
        if a.shape != p.value.shape:
            raise InputError(f"load: the file at path {path} does not fit this model: parameter {name}: this model "
                             f"has shape {p.value.shape}, the saved one has {a.shape}; was it saved from another "
                             "architecture? Nothing was loaded")
        state[name] = _saved_array(arrays, saved[name], path, f"parameter {name}")
    return state


def _optimizer_state(arrays: dict, optimizer: Optimizer, model: Module, path: str) -> dict:
    kind = type(optimizer).__name__
    names = _parameter_names(model)
    if _OPT + "type" not in arrays:
        raise InputError(f"load: the file at path {path} holds no optimizer state; it was saved without one "
                         "(load(path, model) loads the weights alone). Nothing was loaded")
    saved_kind = arrays[_OPT + "type"]
    saved_kind = str(saved_kind[()]) if saved_kind.dtype.kind == "U" and saved_kind.ndim == 0 else repr(saved_kind)
    if saved_kind != kind:
        raise InputError(f"load: the file at path {path} holds the state of the optimizer {saved_kind}, but the "
                         f"optimizer given is {kind}: build {saved_kind}(model.parameters(), ...) to resume, or "
                         "load(path, model) for the weights alone. Nothing was loaded")
    t = arrays.get(_OPT + "t")
    if t is None or t.ndim != 0 or t.dtype.kind not in "iu" or t < 0:
        raise InputError(f"load: the file at path {path} holds no valid step count t for the optimizer "
                         f"(got {t!r}); nothing was loaded")
    n = len(optimizer.params)
    n_saved = arrays.get(_OPT + "n_params")
    if n_saved is not None and (n_saved.ndim != 0 or n_saved.dtype.kind not in "iu" or int(n_saved) != n):
        raise InputError(f"load: the file at path {path} holds the state of an optimizer of {n_saved!r} parameters, "
                         f"the optimizer given has {n}; nothing was loaded")
    prefix = _OPT + "hyperparameters/"
    saved_hp = {k[len(prefix):] for k in arrays if k.startswith(prefix)}
    if saved_hp != set(optimizer.hyperparameter_names):
        raise InputError(f"load: the file at path {path} holds the hyperparameters {sorted(saved_hp)}, {kind} has "
                         f"{list(optimizer.hyperparameter_names)}; nothing was loaded")
    hyperparameters = {name: _saved_array(arrays, prefix + name, path, f"the hyperparameter {name}")
                       for name in optimizer.hyperparameter_names}
    expected = {f"{_OPT}state/{i}/{name}" for i in range(n) for name in optimizer.state_names}
    present = {k for k in arrays if k.startswith(_OPT + "state/")}
    if present != expected:
        wrong = sorted(present - expected) or sorted(expected - present)
        what = "unexpected" if present - expected else "missing"
        raise InputError(f"load: the file at path {path} does not hold the {kind} state of this model's "
                         f"{n} parameters ({what}: {', '.join(wrong[:3])}); nothing was loaded")
    state = [{name: _saved_array(arrays, f"{_OPT}state/{i}/{name}", path, f"the optimizer state {name!r} of "
                                 f"parameter {i} ({names.get(id(p), p.name)})", shape=p.value.shape)
              for name in optimizer.state_names} for i, p in enumerate(optimizer.params)]
    return {"type": kind, "t": int(t), "hyperparameters": hyperparameters, "state": state}


def load(path, model, optimizer=None):
    """Load what :func:`save` wrote into ``model`` (and ``optimizer``); shapes must match.

    The whole file is checked against the model and the optimizer before anything is written
    (names, shapes, finite values, the optimizer's kind and hyperparameters), so a failed load
    leaves both exactly as they were.
    """
    _swapped(path, model, "load")
    path = _path_arg(path, "load")
    model = _model_arg(model, "load")
    if optimizer is not None:
        optimizer = _optimizer_arg(optimizer, model, "load")
    arrays = _read(path)
    model_state = _model_state(arrays, model, path)
    optimizer_state = None
    if optimizer is not None:
        optimizer_state = _optimizer_state(arrays, optimizer, model, path)
        try:  # the optimizer's own checks (e.g. lr > 0), on a copy
            copy.deepcopy(optimizer).load_state_dict(optimizer_state)
        except (ValueError, TypeError) as e:
            raise InputError(f"load: the file at path {path} holds an optimizer state {type(optimizer).__name__} "
                             f"refuses: {e}; nothing was loaded") from None
    # everything fits: write, and put everything back should anything still fail
    model_before = model.state_dict()
    optimizer_before = optimizer.state_dict() if optimizer is not None else None
    try:
        model.load_state_dict(model_state)
        if optimizer is not None:
            optimizer.load_state_dict(optimizer_state)
    except BaseException:
        model.load_state_dict(model_before)
        if optimizer is not None:
            optimizer.load_state_dict(optimizer_before)
        raise
