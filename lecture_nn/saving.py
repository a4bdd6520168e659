r"""Saving work: ``save`` / ``load`` a model and its optimizer as a pickle-free ``.npz`` file.

The file holds ``model/<parameter>`` (``model/Dense1.W``, ...) and, when an optimizer is given,
its kind, its step count $t$, its hyperparameters and its state per parameter (Adam's $m$ and
$s$), so a run can go on where it stopped. Both check before they change anything: a refused
``save`` leaves an existing file alone, a refused ``load`` leaves the model and the optimizer
exactly as they were. A file that is not one of ours (a picture, an ``np.save`` array, a
damaged archive) is named for what it is, without numpy's advice to unpickle it.
"""

from __future__ import annotations

import copy
import os
import tempfile

import numpy as np

from ._checks import all_finite, describe, first_nonfinite
from .arguments import finite_state, finite_weights, model_arg, optimizer_arg, parameter_names
from .errors import InputError
from .layers import Module
from .optim import Optimizer

__all__ = ["save", "load"]

_MODEL, _OPT = "model/", "optimizer/"
#: marks a file written by :func:`save` (files from before it are recognised by their model/ arrays)
_FORMAT = "lecture_nn/format"


def _path_arg(path, who: str) -> str:
    """``path`` as a str: a non-empty file name (str or pathlib.Path)."""
    if not isinstance(path, (str, os.PathLike)):
        raise InputError(f"{who}: path must be a file name such as 'model.npz' (a str or pathlib.Path), "
                         f"got {describe(path)}")
    path = os.fspath(path)
    if not isinstance(path, str):
        raise InputError(f"{who}: path must be a file name such as 'model.npz' (a str), got bytes {path!r}")
    if not path.strip():
        raise InputError(f"{who}: path must be a file name such as 'model.npz', got the empty string {path!r}")
    if "\0" in path:
        raise InputError(f"{who}: path {path!r} holds a NUL character, which no file name can hold")
    return path


def _swapped(path, model, who: str):
    """Refuse ``save(model, path)``: the path comes first."""
    if isinstance(path, Module) and not isinstance(model, Module):
        raise InputError(f"{who}: the arguments are swapped: the path comes first, then the model, as in "
                         f"{who}('model.npz', model); got a model as path and {describe(model)} as model")


def save(path, model, optimizer=None):
    """Save the model's parameters (and the optimizer's state) to an ``.npz`` file, no pickle.

    The file is written under a temporary name and renamed at the end, so an interrupted or
    refused save never leaves a half-written file where a good one was. Weights or optimizer
    state with NaN/inf are refused (a diverged run is not worth keeping), naming the parameter.
    """
    _swapped(path, model, "save")
    path = _path_arg(path, "save")
    model = model_arg(model, "save")
    finite_weights(model, "save", "; nothing was saved")
    if optimizer is not None:
        optimizer = optimizer_arg(optimizer, model, "save")
        finite_state(optimizer, model, "save")
    _check_folder(path)
    _write(path, _arrays(model, optimizer))


def _check_folder(path: str):
    """Refuse a path that names a folder, or whose folder does not exist, before anything is written."""
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


def _arrays(model: Module, optimizer: Optimizer | None) -> dict:
    """Every array the file holds, by name: the format mark, ``model/<parameter>``, and the
    optimizer's kind, step count t, hyperparameters and state ``optimizer/state/<i>/<m, s, ...>``."""
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
    return arrays


def _write(path: str, arrays: dict):
    """Write ``arrays`` to a temporary file beside ``path``, then rename it to ``path`` (never half a file)."""
    typed_folder = os.path.dirname(path)
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
    """The error for a file that ``save`` did not write, saying what it is instead."""
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
    """The file's parameters as ``model.load_state_dict`` takes them, checked against ``model``'s names and shapes."""
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
    """The file's optimizer state as ``optimizer.load_state_dict`` takes it: same kind, t, hyperparameters, shapes."""
    kind = type(optimizer).__name__
    names = parameter_names(model)
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
    model = model_arg(model, "load")
    if optimizer is not None:
        optimizer = optimizer_arg(optimizer, model, "load")
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
