r"""The checks of a model, a loss, an optimizer, inputs X and targets y that the training functions
and the gradient check share.

``fit``, ``evaluate``, ``predict``, ``accuracy``, ``save`` / ``load`` and ``check_gradients`` take
the same arguments, so they refuse them with the same words: each check gets ``who`` (the
function's name), which starts its message, and returns the argument it accepted. X is checked
by the model itself, (N, d) with d its number of inputs; y by the loss, against the model's
output (N, d_out). Weights and optimizer state that hold NaN or inf (what a diverged run leaves)
are named with the parameter and the index.
"""

from __future__ import annotations

import numbers

import numpy as np

from ._checks import all_finite, describe, first_nonfinite
from .errors import InputError, LectureNNError, UsageError
from .layers import Module
from .losses import Loss
from .optim import Optimizer

__all__ = ["model_arg", "loss_arg", "optimizer_arg", "parameter_names", "finite_weights", "finite_state",
           "is_complex", "inputs", "array_kind", "targets", "loss_targets", "largest_abs", "largest_weight", "outputs",
           "loss_value"]


# --- the model, the loss, the optimizer ----------------------------------------------------------------

def model_arg(model, who: str) -> Module:
    """``model`` if it is a lecture_nn network (a Module instance)."""
    if isinstance(model, Module):
        return model
    if isinstance(model, type) and issubclass(model, Module):
        raise InputError(f"{who}: model must be a network, got the class {model.__name__} itself; "
                         f"build one first, e.g. mlp([2, 16, 1], rng=0) or Dense(2, 1)")
    raise InputError(f"{who}: model must be a network such as mlp([2, 16, 1], rng=0) or Dense(2, 1), "
                     f"got {describe(model)} ({type(model).__name__})")


def loss_arg(loss_fn, who: str):
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
                     f"forward(pred, y) and backward()), got {describe(loss_fn)} ({type(loss_fn).__name__})")


def optimizer_arg(optimizer, model: Module, who: str, own_kind: bool = False):
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
                         f"got {describe(optimizer)} ({type(optimizer).__name__})")
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


def parameter_names(model: Module) -> dict:
    """id(parameter) -> the name the model gives it (``Dense1.W``)."""
    return {id(p): name for name, p in model.named_parameters()}


def finite_weights(model: Module, who: str, after: str = ""):
    """Refuse a model whose weights hold NaN or inf, naming the parameter and where."""
    for name, p in model.named_parameters():
        if not all_finite(p.value):
            raise InputError(f"{who}: model parameter {name} has {first_nonfinite(p.value)}{after}: the weights "
                             "are broken, probably by a training run that diverged (a learning rate too large). "
                             "Build the model again, or load weights you saved")


def finite_state(optimizer: Optimizer, model: Module, who: str):
    """Refuse an optimizer whose state (m, s) holds NaN or inf, as a diverged run leaves it."""
    names = parameter_names(model)
    for p in optimizer.params:
        for key, value in optimizer.state[p].items():
            if not all_finite(value):
                raise InputError(f"{who}: the optimizer's state {key!r} of parameter {names.get(id(p), p.name)} "
                                 f"has {first_nonfinite(value)}: it comes from a run that diverged. Build a new "
                                 f"optimizer, e.g. {type(optimizer).__name__}(model.parameters(), ...)")


# --- the data: inputs X, targets y --------------------------------------------------------------------

def is_complex(value) -> bool:
    """True for complex numbers or arrays of them (numpy would drop the imaginary part with a warning)."""
    if isinstance(value, np.ndarray):
        return value.dtype.kind == "c"
    try:
        return bool(np.iscomplexobj(value))
    except Exception:  # ragged lists and other things numpy cannot hold: the model's check says why
        return False


def inputs(model: Module, X, name: str, who: str) -> np.ndarray:
    """``X`` checked by the model itself (shape (N, d), finite numbers), the error naming ``name``."""
    if is_complex(X):
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
    """``X`` as a finite float64 (N, d) array with N >= 1, for a model that checks nothing itself."""
    try:
        X = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise InputError(f"{who}: {name} must be an array of numbers, could not convert: {e}") from None
    if X.ndim != 2 or X.shape[0] == 0 or not all_finite(X):
        raise InputError(f"{who}: {name} must be a finite (N, d) array with N >= 1, got shape {X.shape}")
    return X


def array_kind(a: np.ndarray) -> str:
    """What an array of no numbers holds (``strings``, ``Python objects``, ...), for a message."""
    names = {"c": "complex numbers", "U": "strings", "S": "bytes", "O": "Python objects"}
    return names.get(a.dtype.kind, str(a.dtype))


def targets(y, name: str, N: int, x_name: str, who: str) -> np.ndarray:
    """``y`` as an array of finite numbers with N rows (the loss checks the exact shape)."""
    if y is None or isinstance(y, (str, bytes, dict, set)) or callable(y):
        raise InputError(f"{who} expects {name} as an array of N = {N} targets, got {describe(y)}")
    try:
        y = np.asarray(y)
    except (TypeError, ValueError) as e:
        raise InputError(f"{who} expects {name} as an array of numbers, could not convert: {e}") from None
    if y.dtype.kind not in "biuf":
        raise InputError(f"{who} expects {name} as an array of numbers, got {array_kind(y)} (dtype {y.dtype})")
    if y.ndim == 0 or y.shape[0] != N:
        raise InputError(f"{who} expects {name} with the same N as {x_name}: {x_name} has N = {N}, "
                         f"{name} has shape {y.shape}")
    if not all_finite(y):
        raise InputError(f"{who} got a non-finite value in {name}: {first_nonfinite(y)}")
    return y


def loss_targets(loss_fn, y, name: str, shape: tuple, dtype, who: str = "fit"):
    """The loss's own check of the targets (shape, range, labels), its message naming ``name``.

    A loss of one's own (not a :class:`Loss`) gets ``y`` as it is."""
    if not isinstance(loss_fn, Loss):
        return y
    try:
        return loss_fn.check_targets(y, shape, dtype)
    except (ValueError, TypeError) as e:
        raise InputError(f"{who}: {name} does not fit the model's output (N, d_out) = {shape} under "
                         f"loss_fn {loss_fn!r}: {e}") from None


# --- what the model computes from them ----------------------------------------------------------------

def largest_abs(a) -> str:
    """The largest |entry| of ``a``, rounded for a message (``?`` when it holds no numbers)."""
    a = np.asarray(a)
    return f"{float(np.max(np.abs(a))):.3g}" if a.size and a.dtype.kind in "biuf" else "?"


def largest_weight(model: Module) -> str:
    """The largest |weight| of ``model``, rounded for a message."""
    return f"{max((float(np.max(np.abs(p.value), initial=0)) for p in model.parameters()), default=0.0):.3g}"


def outputs(model: Module, X: np.ndarray, who: str) -> np.ndarray:
    """``model.forward(X)``, or an error naming the overflow when the output is not finite."""
    with np.errstate(over="ignore", invalid="ignore"):
        out = model.forward(X)
    if not all_finite(out):
        raise InputError(f"{who}: the model's output on X has {first_nonfinite(out)}, an overflow (the largest "
                         f"|X| is {largest_abs(X)}, the largest weight {largest_weight(model)}); scale the inputs X "
                         "(e.g. standardise them), or use a model with smaller weights")
    return out


def loss_value(value, who: str) -> float:
    """What ``loss_fn.forward`` returned, as a float (a loss of one's own may return a numpy scalar)."""
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(())[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InputError(f"{who}: loss_fn.forward(pred, y) must return a number (the loss), got {describe(value)}")
    return float(value)
