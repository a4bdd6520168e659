r"""The playground's training state: data, features, model, loss, optimizer and history, no widget.

:class:`PlaygroundTraining` is what :class:`~lecture_nn.demos.playground.Playground` trains and
draws; it runs as well without any picture (a script, a test, ``train_over_seeds``):

    run = PlaygroundTraining("one hidden layer on circles", seed=0)
    run.train(400)                    # 400 mini-batch steps
    run.evaluate()                    # {'train': ..., 'test': ..., 'train_accuracy': ..., 'test_accuracy': ...}
    run.reset()                       # the very same initial weights and batch order again

Every step is the slide's mini-batch SGD loop with the chosen update rule: a batch $(X_B, y_B)$
from :func:`lecture_nn.data.batches` (one shuffle per epoch, from the run's own seeded Generator),
the loss $L$ on it, backpropagation of $\partial L/\partial \theta$, one update of $\theta$.
The loss follows the task: binary cross-entropy on logits for two classes, cross-entropy for
more, mean squared error for regression. The settings are the playground's controls by name
(``DEFAULTS``); a value a control cannot show exactly is refused, naming the setting, before
anything changes.
"""

from __future__ import annotations

import copy
import difflib
import math
import numbers
import urllib.parse
import warnings
from dataclasses import dataclass

import numpy as np

from .. import data as datasets
from .._checks import all_finite, choice, describe, first_nonfinite, flag, instance, integer, number, real_array
from .._checks import unknown_name
from .._checks import seed as _seed
from ..errors import InputError, LectureNNWarning, UsageError
from ..layers import Activation, Dense, Dropout, Module, mlp
from ..losses import BCEWithLogitsLoss, CrossEntropyLoss, MSELoss
from ..optim import OPTIMIZERS
from ..torch_code import torch_code
from ..training import save
from .linear_models import FEATURES as HAND_MADE_FEATURES
from .linear_models import feature_matrix

__all__ = ["PlaygroundTraining", "PRESETS", "Preset", "DEFAULTS", "FEATURES", "DATASETS", "TFP_DATASETS",
           "ACTIVATIONS", "REGULARIZATIONS", "REGULARIZATION_RATES", "LEARNING_RATES", "OPTIMIZERS", "features",
           "SeedRun", "train_over_seeds", "link", "settings_from_link", "TFP_START", "TFP_POINTS",
           "SideBySideTraining", "Comparison", "COMPARISONS", "SHARED", "DROPOUT_RATES", "compare_over_seeds"]

#: the slide's five activations, and the identity (linear collapse)
ACTIVATIONS = ("relu", "elu", "softplus", "sigmoid", "tanh", "identity")
#: TensorFlow Playground's datasets, as it draws them (``lecture_nn.data.tensorflow_playground``), by
#: their names here -> their names in a TFP link
TFP_DATASETS = {"TFP circle": "circle", "TFP xor": "xor", "TFP gauss": "gauss", "TFP spiral": "spiral",
                "TFP plane": "reg-plane", "TFP multi-gauss": "reg-gauss"}
DATASETS = ("moons", "circles", "spirals", "xor", "blobs", "regression 1D", "regression 2D", *TFP_DATASETS)
USER_DATA = "your data"
#: name -> label of the input features: notebook 00's hand-made features (demos.linear_models)
FEATURES = {name: label for name, (_, label, _) in HAND_MADE_FEATURES.items()}
ONE_D_FEATURES = ("x1", "x1_sq", "sin_x1")  # what 1D inputs have
MAX_LAYERS = 6  # TensorFlow Playground's limits are 6 hidden layers of 8 units
MAX_WIDTH = 16
MAX_BATCH = 256  # batch 0: all the training points
#: none, or the penalty R(w) of TensorFlow Playground: L1 |w|, L2 w²/2 (see ``PlaygroundTraining``)
REGULARIZATIONS = ("none", "L1", "L2")
#: what a hidden layer's own activation may be: "same" follows ``activation`` (every layer's)
LAYER_ACTIVATIONS = ("same", *ACTIVATIONS)
#: the learning-rate schedules (see ``PlaygroundTraining.current_lr``)
SCHEDULES = ("constant", "step", "cosine")
HISTORY = 400  # loss points kept for the curve (older ones are thinned out)
#: what the history records after every frame
HISTORY_KEYS = ("step", "train", "test", "train_accuracy", "test_accuracy")

# --- what a setting may be: checked before anything is built ----------------------------------------

DEFAULTS = dict(dataset="moons", noise=0.15, n=300, train=70, classes=3, activation="relu", layers=2,
                **{f"width{k}": 8 for k in range(1, MAX_LAYERS + 1)},
                **{f"activation{k}": "same" for k in range(1, MAX_LAYERS + 1)}, optimizer="Adam", lr=0.03, beta=0.9,
                beta2=0.999, schedule="constant", schedule_steps=500, regularization="none", reg_rate=0.0, dropout=0.0,
                batch=32,
                steps=10,
                **{name: name in ("x1", "x2") for name in FEATURES}, show_test=True, discretize=False)

#: the learning rates the η slider offers (TensorFlow Playground's, and 3e-4)
LEARNING_RATES = (1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
#: the regularisation rates λ its slider offers (TensorFlow Playground's)
REGULARIZATION_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
#: the dropout probabilities p its slider offers (0: no dropout)
DROPOUT_RATES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
#: what the slider of a setting with listed values is called, for its messages
LISTED = {"lr": (LEARNING_RATES, "the η slider's values"), "reg_rate": (REGULARIZATION_RATES, "the λ slider's values"),
          "dropout": (DROPOUT_RATES, "the dropout slider's values")}
#: whole-number settings: (lowest, highest, step) of their sliders
WHOLE = {"n": (20, 2000, 10), "train": (10, 90, 10), "classes": (2, 5, 1), "layers": (0, MAX_LAYERS, 1),
         "steps": (1, 100, 1), "schedule_steps": (10, 5000, 10),
         **{f"width{k}": (1, MAX_WIDTH, 1) for k in range(1, MAX_LAYERS + 1)}}
#: number settings: (lowest, highest) of their sliders
REAL = {"noise": (0.0, 0.5), "beta": (0.0, 0.99), "beta2": (0.9, 0.9999)}
#: what a student may write for a setting that has another name here
OTHER_NAMES = {"hidden": "layers=2, width1=8, width2=8", "widths": "layers=2, width1=8, width2=8",
               "width": "width1=8 (one per layer: width1 ... width4)", "depth": "layers=3",
               "learning_rate": "lr=0.03", "eta": "lr=0.03", "batch_size": "batch=32", "features":
               "x1=True, x1_sq=True (one per feature)", "data": "dataset='circles'", "g": "activation='tanh'",
               "beta1": "beta=0.9", "momentum": "beta=0.9", "n_classes": "classes=3", "points": "n=300",
               "regularisation": "regularization='L2'", "penalty": "regularization='L2'",
               "weight_decay": "regularization='L2', reg_rate=0.01", "regularization_rate": "reg_rate=0.01",
               "lambda": "reg_rate=0.01", "lam": "reg_rate=0.01", "show_test_data": "show_test=True",
               "test": "show_test=True", "discretise": "discretize=True"}
#: more points than this are drawn as a sample of this many (training still uses every point)
#: the largest size of an input or a regression target the playground takes (scale larger data first)
MAX_ABS = 1e6
#: the most steps one ``train`` call and the most frames one ``run`` call take (call again for more)
MAX_STEPS = 10_000
MAX_FRAMES = 1_000
#: what each loss is called in the readouts
LOSS_NAMES = {BCEWithLogitsLoss: "binary cross-entropy", CrossEntropyLoss: "cross-entropy",
              MSELoss: "mean squared error"}



def _whole(value, name, who):
    """A whole-number setting: on its slider's grid (a browser would snap anything else)."""
    lo, hi, step = WHOLE[name]
    grid = f"from {lo} to {hi}" + (f" in steps of {step}" if step > 1 else "")
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        hint = ""
        if isinstance(value, str):
            hint = " (without quotes)"
        elif isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer():
            hint = f" (write {int(value)}, not {value!r})"
        raise InputError(f"{who}: {name} must be a whole number {grid}{hint}, got {describe(value)}")
    v = int(value)
    if not (lo <= v <= hi and (v - lo) % step == 0):
        nearest = ""
        if lo <= v <= hi:
            below = lo + (v - lo) // step * step
            nearest = f" (the nearest are {below} and {below + step})"
        raise InputError(f"{who}: {name} must be a whole number {grid}, got {v}{nearest}")
    return v


def _listed(value, name, who):
    """One of the values of setting ``name``'s slider (``LISTED``), given as a number: 0.03, 1, 1e-3."""
    values, what = LISTED[name]
    listed = ", ".join(f"{v:g}" for v in values)
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        hint = " (without quotes)" if isinstance(value, str) else ""
        raise InputError(f"{who}: {name} must be one of [{listed}] ({what}){hint}, got {describe(value)}")
    for v in values:
        if math.isclose(value, v, rel_tol=1e-9, abs_tol=1e-300):
            return v
    nearest = ""
    if value > 0:
        near = min((v for v in values if v > 0), key=lambda v: abs(math.log(v / value)))
        nearest = f"; the nearest is {near:g}"
    raise InputError(f"{who}: {name} must be one of [{listed}] ({what}), got {value!r}{nearest}")


def _batch(value, who):
    expected = f"a whole number from 1 to {MAX_BATCH}, or 0 (all: the full batch)"
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        hint = ""
        if isinstance(value, str):
            hint = " (write 0 for all points)" if value.strip().lower() in ("all", "full") else " (without quotes)"
        elif isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer():
            hint = f" (write {int(value)}, not {value!r})"
        raise InputError(f"{who}: batch must be {expected}{hint}, got {describe(value)}")
    if not 0 <= int(value) <= MAX_BATCH:
        raise InputError(f"{who}: batch must be {expected}, got {int(value)}")
    return int(value)


def _name_setting(value, name, known, who, what="a name"):
    """A dropdown setting, by its name (any case); a class or an object gets a hint to write the name."""
    if isinstance(value, type) or not isinstance(value, (str, np.str_)):
        example = f"{name}={known[0]!r}"
        got = describe(value)
        named = getattr(value, "__name__", None) if isinstance(value, type) else type(value).__name__
        if named in known:  # the optimizer class (or an instance) itself: its name is what goes here
            example = f"{name}={named!r}"
            got = f"the {'class' if isinstance(value, type) else 'object'} {named}"
        raise InputError(f"{who}: {name} must be {what} such as {example}, one of "
                         f"{', '.join(map(repr, known))}; got {got}")
    return choice(str(value), f"{who}: {name}", known)


def _check_settings(settings: dict, user_data: bool, who: str = "Playground") -> dict:
    """``settings`` (name -> value, any subset of ``DEFAULTS``) checked and in their controls' form.

    Every value must be one its control can show, exactly: an unknown name, a value off a slider's
    range or grid, or an unknown choice raises an :class:`InputError` naming the setting, what it
    may be and the nearest allowed value. Names match case-insensitively (``"ReLU"`` is ``"relu"``).
    """
    if not isinstance(settings, dict):
        raise InputError(f"{who}: settings must be a dict such as dict(lr=0.01, layers=3), got {describe(settings)}")
    unknown = [key for key in settings if key not in DEFAULTS]
    if unknown:
        lines = []
        for key in unknown:
            if isinstance(key, str) and key.lower() in OTHER_NAMES:
                lines.append(f"unknown setting {key!r}; write {OTHER_NAMES[key.lower()]}")
            else:
                lines.append(str(unknown_name("setting", key, DEFAULTS)))
        raise InputError(f"{who}: " + "; ".join(lines))
    datasets_ = DATASETS + ((USER_DATA,) if user_data else ())
    out = {}
    for name, value in settings.items():
        if name in WHOLE:
            out[name] = _whole(value, name, who)
        elif name in REAL:
            lo, hi = REAL[name]
            out[name] = number(value, f"{who}: {name}", lo, hi)
        elif name in LISTED:
            out[name] = _listed(value, name, who)
        elif name == "batch":
            out[name] = _batch(value, who)
        elif name == "dataset":
            if not user_data and isinstance(value, str) and value.lower() == USER_DATA:
                raise InputError(f"{who}: dataset {USER_DATA!r} needs your arrays: Playground(X=X, y=y); "
                                 f"else one of {', '.join(map(repr, DATASETS))}")
            out[name] = _name_setting(value, name, datasets_, who)
        elif name == "activation":
            out[name] = _name_setting(value, name, ACTIVATIONS, who)
        elif name.startswith("activation"):
            out[name] = _name_setting(value, name, LAYER_ACTIVATIONS, who)
        elif name == "schedule":
            out[name] = _name_setting(value, name, SCHEDULES, who)
        elif name == "optimizer":
            out[name] = _name_setting(value, name, tuple(OPTIMIZERS), who, "an optimizer's name")
        elif name == "regularization":
            out[name] = _name_setting(value, name, REGULARIZATIONS, who)
        else:  # a feature tick, or a tick of the picture (show_test, discretize)
            out[name] = flag(value, f"{who}: {name}")
    return out


def _check_preset(preset, who: str = "Playground", name: str = "preset"):
    """A name of ``PRESETS`` (any case), or None / "" for none."""
    if preset is None or (isinstance(preset, str) and preset == ""):
        return None
    if not isinstance(preset, (str, np.str_)):
        hint = " (your own data goes in by name: Playground(X=X, y=y))" if isinstance(
            preset, (np.ndarray, list, tuple)) else ""
        raise InputError(f"{who}: {name} must be the name of a preset, one of {', '.join(map(repr, PRESETS))}; "
                         f"got {describe(preset)}{hint}")
    return choice(str(preset), f"{who}: {name}", list(PRESETS), kind="preset")


def _finite_model(model) -> bool:
    return all(all_finite(p.value) for p in model.parameters())


@dataclass(frozen=True)
class Preset:
    """A named start of the playground: ``settings`` (any of ``Playground``'s; the rest keep their
    defaults) and a ``note``, the sentence a student reads next to it. The settings are checked
    as ``Playground`` checks them, so a preset always loads."""

    settings: dict
    note: str

    def __post_init__(self):
        object.__setattr__(self, "settings", _check_settings(self.settings, user_data=False, who="Preset settings"))
        if not isinstance(self.note, str):
            raise InputError(f"Preset: note must be a sentence (a string), got {describe(self.note)}")


#: three spiral arms for the width-against-depth presets: 16 tanh units each, spent on 1, 2 or 4 layers
SPIRALS = dict(dataset="spirals", classes=3, noise=0.05, n=500, activation="tanh", optimizer="Adam", lr=0.03)

#: one per slide idea; settings not named keep the defaults of ``Playground``. Each note is a
#: sentence a student reads: tests/test_claims_09.py checks it over seeds.
PRESETS = {
    "linear collapse": Preset(
        dict(dataset="circles", activation="identity", layers=3, width1=8, width2=8, width3=8, optimizer="Adam",
             lr=0.03),
        "Three hidden layers, no nonlinearity: the boundary stays a straight line, however long it trains."),
    "one hidden layer on circles": Preset(
        dict(dataset="circles", activation="relu", layers=1, width1=4, optimizer="Adam", lr=0.03),
        "Four ReLU units: each is one straight cut, together they can close a polygon around the inner class "
        "(they do in seeds 0–4). "
        "Two units never can."),
    "spirals: one wide layer": Preset(
        dict(SPIRALS, layers=1, width1=16),
        "One layer of 16 tanh units on three spiral arms. The next two presets spend the same 16 units on "
        "2 and 4 layers: compare the loss after 600 steps."),
    "spirals: two layers of 8": Preset(
        dict(SPIRALS, layers=2, width1=8, width2=8),
        "Two layers of 8 tanh units: the same 16 units as one wide layer (but 123 weights against 99), "
        "and after 600 steps a far lower loss."),
    "spirals: four layers of 4": Preset(
        dict(SPIRALS, layers=4, width1=4, width2=4, width3=4, width4=4),
        "Four layers of 4 tanh units: 16 units, 87 weights (fewer than one wide layer's 99); after 600 steps "
        "a lower loss than one wide layer, a higher one than two layers of 8."),
    "momentum vs SGD": Preset(
        dict(dataset="circles", activation="tanh", layers=1, width1=8, optimizer="SGD", lr=10.0, batch=0),
        "SGD with a large η = 10 on the full batch overshoots: its loss jumps up again and again (seeds 0–4). "
        "Switch to Momentum (β = 0.9), same η, and reset: its loss only falls in the first 400 steps (seeds 0–4)."),
    "Adam on spirals": Preset(
        dict(dataset="spirals", classes=2, noise=0.05, n=400, activation="tanh", layers=2, width1=16, width2=16,
             optimizer="Adam", lr=0.01, batch=32),
        "Adam untangles the spiral in 500 steps (seeds 0–4). Switch to SGD at the same η = 0.01 and reset: after "
        "500 steps its loss is still above 0.55, near a coin flip's ln 2 = 0.69."),
    "overfitting with noise": Preset(
        dict(dataset="moons", noise=0.35, n=80, train=50, activation="relu", layers=3, width1=16, width2=16,
             width3=16, optimizer="Adam", lr=0.03, batch=0),
        "Few noisy points, a big net: the train loss falls towards 0, the test loss climbs many-fold, and the "
        "test accuracy changes far less (seeds 0–4: by at most 0.075): the net grows confident, also where it "
        "is wrong."),
}

def _feature_names(names, who: str = "features") -> list:
    """``names`` (one name, or a list of them, any case) as known feature names in ``FEATURES`` order."""
    known = list(FEATURES)
    if isinstance(names, (str, np.str_)):
        names = [names]
    if isinstance(names, dict) or not isinstance(names, (list, tuple, set, frozenset, np.ndarray, range)):
        raise InputError(f"{who}: names must be a list of feature names such as ['x1', 'x2', 'x1_sq'] "
                         f"(from {', '.join(map(repr, known))}), got {describe(names)}")
    names = list(np.asarray(names).ravel()) if isinstance(names, np.ndarray) and names.ndim <= 1 else names
    if isinstance(names, np.ndarray):
        raise InputError(f"{who}: names must be a list of feature names, got an array of shape {names.shape}")
    if not names:
        raise InputError(f"{who}: names must name at least one feature of {', '.join(map(repr, known))}, got "
                         f"{describe(names)}")
    chosen = set()
    for name in names:
        if not isinstance(name, (str, np.str_)):
            raise InputError(f"{who}: names must hold feature names (strings) such as 'x1', got {describe(name)}")
        chosen.add(choice(str(name), f"{who}: names", known, kind="feature"))
    return [name for name in known if name in chosen]


def _inputs(X, who: str = "features", width=None, name: str = "X") -> np.ndarray:
    """X as a finite float (N, 1) or (N, 2) array (``width``: the one allowed), or an InputError."""
    a = _numbers(X, name, who)
    widths = (width,) if width else (1, 2)
    want = " or ".join(f"(N, {w})" for w in widths)
    if a.ndim != 2 or a.shape[1] not in widths:
        hint = ""
        if a.ndim == 1 and a.shape[0] in widths and 1 not in widths:
            hint = f"; for a single point use {name}.reshape(1, -1)"
        elif a.ndim == 1:
            hint = f"; for one input column use {name}.reshape(-1, 1)"
        raise InputError(f"{who}: {name} must have shape {want}, got {a.shape}{hint}")
    if a.shape[0] == 0:
        raise InputError(f"{who}: {name} must hold at least one point, got shape {a.shape}")
    a = a.astype(np.float64)
    if not all_finite(a):
        raise InputError(f"{who}: {name} must hold finite numbers, got {first_nonfinite(a)}")
    return a


def features(X, names) -> np.ndarray:
    """The selected input features of X (N, 1 or 2) as columns, in ``FEATURES`` order.

    ``names``: a list of ``FEATURES`` names (or one name). 1D inputs (N, 1) have only the x₁ features.
    """
    names = _feature_names(names)
    X = _inputs(X)
    if X.shape[1] == 1:
        needs_x2 = [name for name in names if name not in ONE_D_FEATURES]
        if needs_x2:
            raise InputError(f"features: names {needs_x2} need a second input column x₂, but X has shape "
                             f"{X.shape}; for 1D inputs choose from {list(ONE_D_FEATURES)}")
        X = np.column_stack([X[:, 0], np.zeros(len(X))])
    with np.errstate(over="ignore", invalid="ignore"):
        F = feature_matrix(X, names)
    if not all_finite(F):
        j, name = next((j, name) for j, name in enumerate(names) if not all_finite(F[:, j]))
        raise InputError(f"features: X is too large for the feature {name!r}: it overflows "
                         f"({first_nonfinite(F[:, j:j + 1])}); scale X first")
    return F


def _regression_2d(n, noise, rng):
    X = rng.uniform(-1.5, 1.5, size=(n, 2))
    y = np.sin(2 * X[:, 0]) * np.cos(2 * X[:, 1]) + noise * rng.standard_normal(n)
    return X, y


TASKS = ("classification", "regression")


def _numbers(value, name, who):
    """``value`` as a numpy array of bools, integers or floats, or an InputError naming ``name``."""
    return real_array(value, name, who)


def _check_user_data(X, y, task=None):
    """``(X, y, task, reason)`` from a student's arrays, or an InputError saying what is wrong.

    Bool X are 0/1 inputs. The task: ``task`` if given, else classification for integer or bool y
    (class labels 0, 1, ...) and regression for float y; ``reason`` says which and why.
    """
    who = "Playground"
    if X is None or y is None:
        raise InputError(f"{who}: give both X and y (your data), or neither; got "
                         f"{'X' if y is None else 'y'} alone")
    if task is not None:
        if not isinstance(task, str):
            raise InputError(f"{who}: task must be 'classification', 'regression' or None (chosen from y), "
                             f"got {describe(task)}")
        task = choice(task, f"{who}: task", TASKS)
    X = _user_inputs(X, who)
    y = _numbers(y, "y", who)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise InputError(f"{who}: y must have shape (N,) = ({X.shape[0]},) to match X, got {y.shape}")
    if not all_finite(y):
        raise InputError(f"{who}: y must hold finite numbers (class labels 0, 1, ... or regression targets), "
                         f"got {first_nonfinite(y)}")
    labels = y.dtype.kind in "biu"
    if task is None:
        task = "classification" if labels else "regression"
        kind = "bools" if y.dtype.kind == "b" else "integers"
        if labels:
            reason = (f"y holds {kind}: classification (class labels); pass task='regression' to fit them "
                      "as numbers")
        else:
            reason = "y holds floats: regression; pass task='classification' for class labels"
    else:
        reason = f"task={task!r} (as passed)"
    if task == "regression":
        y = y.astype(np.float64)
        if np.abs(y).max() > MAX_ABS:
            raise InputError(f"{who}: y holds {np.abs(y).max():.3g} in size; the playground takes regression "
                             f"targets up to {MAX_ABS:g} in size (a net that starts near 0 would take very long to "
                             "reach them): scale y first, e.g. (y - y.mean()) / y.std()")
        return X, y, task, reason
    if X.shape[1] == 1:
        raise InputError(f"{who}: classification needs 2D inputs X of shape (N, 2), got (N, 1)"
                         + ("; for regression targets pass task='regression'" if labels else ""))
    return X, _class_labels(y, labels, who), task, reason


def _user_inputs(X, who):
    """A student's X as a finite float (N, 2) or (N, 1) array of at least 4 points, not too large."""
    X = _numbers(X, "X", who)
    if X.ndim != 2 or X.shape[1] not in (1, 2):
        hint = "; for one input column use X.reshape(-1, 1)" if X.ndim == 1 else ""
        raise InputError(f"{who}: X must have shape (N, 2) (or (N, 1) for a 1D regression), got {X.shape}{hint}")
    if X.shape[0] < 4:
        raise InputError(f"{who}: needs at least 4 points, got X with {X.shape[0]} rows")
    X = X.astype(np.float64)
    if not all_finite(X):
        raise InputError(f"{who}: X must hold finite numbers, got {first_nonfinite(X)}")
    if np.abs(X).max() > MAX_ABS:
        raise InputError(f"{who}: X holds {np.abs(X).max():.3g} in size; the playground takes inputs up to "
                         f"{MAX_ABS:g} in size (features such as x₁² grow with the square, and so do the first "
                         "steps): scale X first, e.g. (X - X.mean(0)) / X.std(0)")
    return X


def _class_labels(y, labels, who):
    """Finite y (N,) as int64 class labels 0, 1, ..., C-1 (2 <= C <= 10, every class present).

    ``labels``: y came as bools or integers (a float y must hold whole numbers)."""
    if not labels:
        fractional = y != np.round(y)
        if fractional.any():
            i = int(np.argmax(fractional))
            raise InputError(f"{who}: y must hold whole-number class labels 0, 1, 2, ... for "
                             f"task='classification', got {float(y[i])!r} at index {i}")
    y = y.astype(np.int64)
    classes = np.unique(y)
    if classes[0] < 0:
        raise InputError(f"{who}: y: class labels must be 0, 1, 2, ..., got {classes[0]}")
    if classes[-1] > 9:
        raise InputError(f"{who}: y: at most 10 classes (labels 0..9), got label {classes[-1]}")
    if len(classes) < 2:
        raise InputError(f"{who}: y holds one class only (every label is {classes[0]}): classification needs "
                         "points of at least two classes")
    if classes[-1] != len(classes) - 1:
        missing = sorted(set(range(classes[-1] + 1)) - set(classes.tolist()))
        raise InputError(f"{who}: y: class labels must be 0, 1, ..., C-1 with a point of every class; y has "
                         f"labels {classes.tolist()}, none of class {missing[0]}"
                         + (" (for regression targets pass task='regression')" if not labels else ""))
    return y


def _data(values, seed, user_data):
    """``(X_train, X_test, y_train, y_test, task)`` of the ``values``' dataset, drawn from ``seed``.

    ``user_data``: the checked ``(X, y, task, reason)`` of your own arrays, or None."""
    rng = np.random.default_rng(seed)
    name, n, noise = values["dataset"], values["n"], values["noise"]
    if name == USER_DATA:
        X, y, task, _ = user_data
    elif name == "regression 1D":
        x = rng.uniform(-3, 3, size=n)
        X, y, task = x[:, None], np.sin(x) + noise * rng.standard_normal(n), "regression"
    elif name == "regression 2D":
        X, y = _regression_2d(n, noise, rng)
        task = "regression"
    elif name in TFP_DATASETS:
        X, y = datasets.tensorflow_playground(TFP_DATASETS[name], n, noise, rng)
        task = "regression" if y.ndim == 2 else "classification"
        y = y.reshape(-1)
    else:
        kwargs = {"n_classes": values["classes"]} if name in ("spirals", "blobs") else {}
        if name == "blobs":
            X, y = datasets.blobs(n, std=0.25 + noise, rng=rng, **kwargs)
        else:
            X, y = datasets.classification_2d(name, n=n, noise=noise, rng=rng, **kwargs)
        y, task = np.asarray(y).reshape(-1).astype(np.int64), "classification"
    n_test = max(1, min(len(X) - 1, round(len(X) * (100 - values["train"]) / 100)))
    X_tr, X_te, y_tr, y_te = datasets.train_test_split(X, y, test_size=int(n_test), rng=seed)
    return X_tr, X_te, y_tr, y_te, task


# --- the training state ---------------------------------------------------------------------------

#: settings whose change means new data, features or a new network (and a restart)
REBUILD = frozenset({"dataset", "noise", "n", "train", "classes", "layers", "activation", "dropout", *FEATURES,
                     *(f"activation{k}" for k in range(1, MAX_LAYERS + 1)),
                     *(f"width{k}" for k in range(1, MAX_LAYERS + 1))})
HYPERPARAMETERS = ("lr", "beta", "beta2")


class PlaygroundTraining:
    r"""The playground without a picture: data, features, an MLP, its loss and optimizer, and the history.

    ``PlaygroundTraining(preset=None, X=None, y=None, seed=0, task=None, **settings)`` takes what
    ``Playground`` takes (every argument checked before anything is built). ``seed`` draws the
    data, the train/test split, the initial weights and the batch order; the same seed and
    settings give the very same run.

    Each step: the next mini-batch $(X_B, y_B)$ of the ticked features, the loss
    $L(\theta) = \frac{1}{B}\sum_{i \in B} \ell(f_\theta(x_i), y_i)$, backpropagation of
    $\nabla_\theta L$, one update of the optimizer. A step whose loss is not finite stops the run
    (``diverged``): nothing more trains until ``reset()``.

    Regularisation (``regularization`` L1 or L2, rate ``reg_rate`` $= \lambda$) is applied as
    TensorFlow Playground applies it: to every weight $w$ of $W$ (not the biases), after the
    optimizer's update $w'$, a step of its own with the weight from before that update,

    $$w \leftarrow w' - \eta\, \lambda\, R'(w), \qquad R(w) = |w| \text{ (L1, } R' = \operatorname{sign} w)
      \text{ or } \tfrac{1}{2} w^2 \text{ (L2, } R' = w).$$

    With SGD that is exactly gradient descent on $L + \lambda \sum R(w)$. With Momentum, RMSprop or
    Adam it is not: the penalty never enters $m$ or $E[g^2]$. L2 here is then *decoupled weight
    decay*, AdamW's $w \leftarrow w' - \eta \lambda w$; torch's ``Adam(weight_decay=λ)`` adds $\lambda w$
    to $g$ instead, and Adam's division by $\sqrt{E[g^2]}$ then shrinks that decay where gradients
    are large. L1 as in TFP: a weight that its penalty step would carry across 0 is set to 0 and
    stays 0 (``pruned``) until a reset or a new network. The losses shown are the data loss $L$,
    without the penalty (as TFP shows them).

    Dropout (``dropout`` $= p > 0$): a ``Dropout(p)`` after every hidden activation. A training
    step drops each hidden value with probability $p$ (a new mask each step, from the seed) and
    scales the rest by $1/(1-p)$; everything else (the losses, accuracies, maps and outputs,
    ``export()``) is the network in evaluation mode, every unit present. So the train loss shown
    is the full network's on the training points, not the loss the step descended.

    State: ``values`` (the settings), ``seed``, ``X_train, X_test, y_train, y_test`` (inputs (N, 1
    or 2), labels or targets (N,)), ``feature_names``, ``F_train, F_test`` (features (N, k)),
    ``T_train, T_test`` (targets as the loss takes them), ``model``, ``loss_fn``, ``opt``,
    ``steps_done``, ``examples_seen`` (``epoch`` = examples seen / training points), ``pruned`` (one
    bool mask per weight matrix: the weights L1 set to 0 for good), ``diverged`` and ``history``
    (lists per recorded frame: step, train, test,
    train_accuracy, test_accuracy; NaN accuracy for a regression). ``builds`` counts the rebuilds
    (new data or network), for a picture that caches what only a rebuild changes.
    """

    def __init__(self, preset: str | None = None, X=None, y=None, seed: int = 0, task: str | None = None,
                 **settings):
        preset = _check_preset(preset)
        user = X is not None or y is not None
        values = dict(DEFAULTS, dataset=USER_DATA) if user else dict(DEFAULTS)
        if preset is not None:
            values.update(PRESETS[preset].settings)
        values.update(_check_settings(settings, user))
        seed = _seed(seed, "Playground: seed")
        if task is not None and not user:
            raise InputError(f"Playground: task applies to your own data, Playground(X=X, y=y, task=...); the "
                             f"built-in datasets bring their own task, got task={task!r} without X and y")
        self.user_data = _check_user_data(X, y, task) if user else None  # (X, y, task, reason)
        # your data as you gave it: settings() hands it back, so a rebuilt run reads it the same way
        self._given = {"X": copy.deepcopy(X), "y": copy.deepcopy(y), "task": task} if user else {}
        self.preset, self.values, self.seed, self.builds = preset, values, seed, 0
        self._build()

    def settings(self) -> dict:
        """Everything this run is made from, as keyword arguments: ``PlaygroundTraining(**s)`` (and
        ``Playground(**s)``) starts the very same run, with the same data, initial weights and
        batches. The preset, the seed, every setting by name and, for your own data, ``X``, ``y``
        and ``task`` as you gave them (copies: changing them changes nothing here)."""
        return {"preset": self.preset, "seed": self.seed, **self.values, **copy.deepcopy(self._given)}

    def url(self) -> str:
        """These settings as a link in TensorFlow Playground's form, ``#activation=tanh&learningRate=0.03&...``:
        every TFP key it can honour (see ``link``), then ours (``optimizer``, ``beta``, ...).
        ``from_url(pg.url())`` starts the very same run. Your own data cannot go into a link
        (``settings()`` carries it)."""
        if self.user_data is not None:
            raise UsageError("url: a link cannot carry your own data (X, y); pg.settings() does: "
                             "Playground(**pg.settings()) starts the same run")
        return link(self.values, self.seed, self.preset)

    @classmethod
    def from_url(cls, text: str):
        """The run of a link: one of ``url()``, or one copied from TensorFlow Playground (the whole
        address, or the part from ``#`` on). Keys the link leaves out take TFP's defaults; every TFP
        key is read, and what cannot be honoured here is named in a ``LectureNNWarning``."""
        return cls(**settings_from_link(text, "from_url"))

    # -- settings ---------------------------------------------------------------------------------
    def set(self, **settings):
        """Change settings by name (``set(lr=0.01, layers=3)``), all checked before any applies.

        New data or a new network (data, features, layers, widths, activation) restart from the
        seed; a new optimizer keeps the weights; η and the β's apply to the running optimizer;
        batch and steps apply from the next step on."""
        checked = _check_settings(settings, self.user_data is not None, who="set")
        changed = {name for name, value in checked.items() if value != self.values[name]}
        self.values.update(checked)
        if changed & REBUILD:
            self._build()
        elif "optimizer" in changed:
            self._start_optimizer()
        elif changed & set(HYPERPARAMETERS):
            self._set_hyperparameters(self.values)

    def use_preset(self, name: str):
        """Every setting to preset ``name``'s (the rest to the defaults, your data kept), and restart."""
        preset = _check_preset(name, "use_preset", "name")
        if preset is None:
            raise InputError(f"use_preset: name must be the name of a preset, one of "
                             f"{', '.join(map(repr, PRESETS))}; got {describe(name)}")
        self.preset, self.values = preset, dict(DEFAULTS, **PRESETS[preset].settings)
        self._build()

    @property
    def task_reason(self) -> str:
        """Which task your data is and why ("y holds floats: regression; ..."); "" for a built-in dataset."""
        return self.user_data[3] if self.user_data is not None and self.values["dataset"] == USER_DATA else ""

    # -- data, model, optimizer -----------------------------------------------------------------
    def _build(self):
        """New data, features and network from the settings, initialised from ``self.seed``."""
        v = self.values
        X_tr, X_te, y_tr, y_te, self.task = _data(v, self.seed, self.user_data)
        self.one_d = X_tr.shape[1] == 1
        names = [n for n in FEATURES if v[n] and (not self.one_d or n in ONE_D_FEATURES)]
        self.feature_names = names or ["x1"]  # no feature ticked: the network still needs an input
        self.X_train, self.X_test, self.y_train, self.y_test = X_tr, X_te, y_tr, y_te
        self.F_train, self.F_test = features(X_tr, self.feature_names), features(X_te, self.feature_names)
        if self.task == "classification":
            self.n_classes = max(int(max(y_tr.max(initial=0), y_te.max(initial=0))) + 1, 2)
            out = 1 if self.n_classes == 2 else self.n_classes
            self.loss_fn = BCEWithLogitsLoss() if out == 1 else CrossEntropyLoss()
        else:
            self.n_classes, out = 0, 1
            self.loss_fn = MSELoss()
        widths = [v[f"width{k}"] for k in range(1, v["layers"] + 1)]
        self.model = mlp([len(self.feature_names), *widths, out], self.activations, rng=self.seed,
                         dropout=v["dropout"]).eval()  # evaluation mode; a training step switches dropout on
        self.T_train, self.T_test = self._loss_targets(y_tr, out), self._loss_targets(y_te, out)
        self.initial_state = copy.deepcopy(self.model.state_dict())
        self.builds += 1
        self._start_optimizer()
        self._restart_history()

    @property
    def activations(self) -> list:
        """Each hidden layer's activation, first layer first: its own, or (``"same"``) ``activation``."""
        v = self.values
        return [v["activation"] if v[f"activation{k}"] == "same" else v[f"activation{k}"]
                for k in range(1, v["layers"] + 1)]

    def current_lr(self, step: int | None = None) -> float:
        r"""The learning rate $\eta_k$ of step $k$ (default: the next one) under the schedule, from
        $\eta$ = ``lr`` and $T$ = ``schedule_steps``: constant $\eta$; step $\eta \cdot 0.1^{\lfloor k/T
        \rfloor}$ (a tenth every $T$ steps); cosine $\eta \cdot \tfrac12 (1 + \cos(\pi\, (k \bmod T) / T))$,
        from $\eta$ down towards 0 over $T$ steps and back to $\eta$ (restarts, as in SGDR,
        Loshchilov & Hutter, arXiv:1608.03983)."""
        k = self.steps_done if step is None else integer(step, "current_lr: step", 0)
        eta, T, schedule = self.values["lr"], self.values["schedule_steps"], self.values["schedule"]
        if schedule == "step":
            return eta * 0.1 ** (k // T)
        if schedule == "cosine":
            return eta * 0.5 * (1 + math.cos(math.pi * (k % T) / T))
        return eta

    def _new_optimizer(self, values):
        """The optimizer of ``values`` over the model's parameters, each hyperparameter from the control its
        ``Hyperparameter.control`` names (η from lr, the β of m from beta, the β of E[g²] from beta2)."""
        return OPTIMIZERS[values["optimizer"]].from_controls(self.model.parameters(), values)

    def _set_hyperparameters(self, values):
        """η and the β's of ``values`` into the running optimizer (its state m, s, t kept)."""
        self.opt.set_controls(values)

    def _start_optimizer(self):
        """A fresh optimizer, and the batch order (and dropout's masks) from the seed again: a reset
        retraces the same batches."""
        self.opt = self._new_optimizer(self.values)
        self._batch_rng = np.random.default_rng(self.seed)  # this run's own: one shuffle per epoch
        masks = np.random.default_rng([self.seed, 1])  # dropout's masks: a stream of their own
        for layer in self.model:
            if isinstance(layer, Dropout):
                layer.rng = masks
        self._epoch, self._epoch_size = iter(()), None

    # -- the model and the loss: every call of their internals is here -----------------------------
    def _loss_targets(self, y, out):
        """y in the loss's own form, checked once here: the steps then call the unchecked forward."""
        y = y.reshape(-1, 1).astype(np.float64) if self.n_classes in (0, 2) else y
        return self.loss_fn.check_targets(y, (len(y), out), np.float64)

    def outputs(self, F) -> np.ndarray:
        """The model's outputs (N, d_out) for features F (N, k); non-finite after a divergence, no error."""
        with np.errstate(over="ignore", invalid="ignore"):
            return self.model.forward(F, check=False)

    def unit_outputs(self, F) -> list:
        """Every hidden layer's activations $A^{[l]}$ (N, d_l) for features F (N, k), first layer first
        (evaluation mode: with every unit, as at test time)."""
        with np.errstate(over="ignore", invalid="ignore"):
            outputs = self.model.layer_outputs(F, check=False)
        return [A for A, layer in zip(outputs, self.model) if isinstance(layer, Activation)]

    def _loss(self, out, T) -> float:
        with np.errstate(over="ignore", invalid="ignore"):
            return float(self.loss_fn.forward(out, T, check=False))

    def _step(self, F, T) -> bool:
        """One update on the batch (F, T); False (and no update) when its loss is not finite."""
        eta = self.current_lr()
        if eta != self.opt.lr:  # the schedule's η for this step
            self.opt.set_controls(dict(self.values, lr=eta))
        self.model.train()  # dropout on, for this step's forward and backward only
        try:
            finite = np.isfinite(self._loss(self.outputs(F), T))
            if finite:
                with np.errstate(over="ignore", invalid="ignore"):
                    self.model.backward(self.loss_fn.backward(), input_grad=False, check=False)
        finally:
            self.model.eval()
        if not finite:
            return False
        with np.errstate(over="ignore", invalid="ignore"):
            before = [W.value.copy() for W in self.weights] if self.values["regularization"] != "none" else None
            self.opt.step()
            self._regularize(before)
        return True

    def _regularize(self, before):
        r"""TensorFlow Playground's penalty step after the optimizer's update $w'$ of every weight:
        $w \leftarrow w' - \eta \lambda R'(w)$ with $w$ from ``before`` the update (None: no
        regularisation). L1: a weight carried across 0 by this step is set to 0 and pruned."""
        rate = self.opt.lr * self.values["reg_rate"]  # η of this step (the schedule's)
        for W, W_before, pruned in zip(self.weights, before or [None] * len(self.weights), self.pruned):
            w = W.value  # a view into the optimizer's flat θ: changed in place
            if before is not None:
                if self.values["regularization"] == "L2":
                    w -= rate * W_before
                else:
                    stepped = w - rate * np.sign(W_before)
                    pruned |= (w * stepped) < 0  # crossed 0
                    w[...] = stepped
            w[pruned] = 0.0  # pruned stays pruned, whatever the update did

    @property
    def network_name(self) -> str:
        """"2-8-8-1 tanh", "2-4-4-1 relu/tanh", "2-1 linear": the sizes of its layers and its activations."""
        sizes = [len(self.feature_names)] + [layer.d_out for layer in self.dense_layers]
        g = self.activations
        return "-".join(map(str, sizes)) + " " + ("/".join(g) if len(set(g)) > 1 else g[0] if g else "linear")

    @property
    def dense_layers(self) -> list:
        """The model's Dense layers, first layer first."""
        return [layer for layer in self.model if isinstance(layer, Dense)]

    @property
    def weights(self) -> list:
        """The weight matrices $W$ of the Dense layers (the Parameters; biases excluded), first layer first."""
        return [layer.W for layer in self.dense_layers]

    # -- training ---------------------------------------------------------------------------------
    def _next_batch(self):
        """The next mini-batch of this epoch (a new epoch, from ``lecture_nn.data.batches``, when it is
        used up or the batch size changed). Batch 0 (all): the full batch, in order (a shuffle would
        change nothing but the rounding)."""
        N = len(self.F_train)
        size = self.values["batch"] or N
        batch = next(self._epoch, None) if size == self._epoch_size else None
        if batch is None:
            self._epoch = datasets.batches(self.F_train, self.T_train, size, shuffle=size < N, rng=self._batch_rng)
            self._epoch_size = size
            batch = next(self._epoch)
        return batch

    def train(self, steps: int = 1):
        """``steps`` mini-batch updates, then the losses recorded (one frame of play); stops at divergence."""
        steps = integer(steps, "train: steps", 1, MAX_STEPS)
        self.check_not_diverged("train")
        for _ in range(steps):
            F, T = self._next_batch()
            if not self._step(F, T):
                self.diverged = True
                break
            self.steps_done += 1
            self.examples_seen += len(F)
        self._record()

    def check_not_diverged(self, who: str):
        """A UsageError for ``who`` once the run diverged: there is nothing to train on until a reset."""
        if self.diverged:
            raise UsageError(f"{who}: the playground diverged at step {self.steps_done} (the loss is not finite), "
                             "so there is nothing to train on; call reset() (and lower η) first")

    def reset(self):
        """Back to the very same initial weights, a fresh optimizer, the same batch order and an empty curve."""
        self.model.load_state_dict(self.initial_state)
        self._start_optimizer()
        self._restart_history()

    def new_seed(self):
        """The next seed: another draw of the data, the split, the initial weights and the batch order."""
        self.seed += 1
        self._build()

    # -- evaluation and history -------------------------------------------------------------------
    def _accuracy(self, out, y) -> float:
        """Share of points whose class the model's outputs (N, 1 or C) get right; NaN for regression."""
        if not self.n_classes:
            return np.nan
        predicted = (out[:, 0] > 0).astype(np.int64) if self.n_classes == 2 else out.argmax(axis=1)
        return float(np.mean(predicted == y))

    def evaluate(self) -> dict:
        """Train and test loss, train and test accuracy (NaN for regression) of the current weights."""
        out_train, out_test = self.outputs(self.F_train), self.outputs(self.F_test)
        return {"train": self._loss(out_train, self.T_train), "test": self._loss(out_test, self.T_test),
                "train_accuracy": self._accuracy(out_train, self.y_train),
                "test_accuracy": self._accuracy(out_test, self.y_test)}

    def _restart_history(self):
        self.steps_done, self.examples_seen, self.diverged = 0, 0, False
        self.pruned = [np.zeros(W.value.shape, dtype=bool) for W in self.weights]
        self.history = {key: [] for key in HISTORY_KEYS}
        self._record()

    def _record(self):
        """The current losses and accuracies into the history (NaN once diverged); a non-finite loss
        marks the run diverged."""
        now = dict.fromkeys(HISTORY_KEYS[1:], np.nan) if self.diverged else self.evaluate()
        h = self.history
        h["step"].append(self.steps_done)
        for key, value in now.items():
            h[key].append(value)
        if len(h["step"]) > HISTORY:  # keep the curve light: drop every second old point
            for key in h:
                h[key] = h[key][:HISTORY // 2:2] + h[key][HISTORY // 2:]
        if not (np.isfinite(now["train"]) and np.isfinite(now["test"])):
            self.diverged = True

    @property
    def loss_name(self) -> str:
        return LOSS_NAMES[type(self.loss_fn)]

    @property
    def epoch(self) -> float:
        """Passes over the training data so far: examples seen / training points."""
        return self.examples_seen / len(self.F_train)

    @property
    def n_pruned(self) -> int:
        return int(sum(mask.sum() for mask in self.pruned))

    def readout(self) -> str:
        """One line: step and epoch, the train and test loss and, for classes, the accuracies (or
        "diverged"), and the number of parameters (and how many of them L1 pruned)."""
        where = f"step {self.steps_done}, epoch {self.epoch:.1f}"
        if self.diverged:
            return f"{where}: diverged (the loss is not finite); press reset and lower η"
        h = self.history
        text = f"{where}, η {self.current_lr():.3g}: train loss {h['train'][-1]:.4f}, test loss {h['test'][-1]:.4f}"
        if self.n_classes:
            text += f"; accuracy train {h['train_accuracy'][-1]:.3f}, test {h['test_accuracy'][-1]:.3f}"
        text += f"; {self.model.n_params} parameters"
        if self.n_pruned:
            text += f" ({self.n_pruned} weights pruned by L1)"
        if self.values["dropout"]:
            text += f"; dropout p {self.values['dropout']:g} while training (losses: the full net)"
        reason = self.task_reason  # said when float labels were taken as regression targets
        return text + (f"; {reason}" if reason.startswith("y holds floats") else "")

    # -- taking it home -----------------------------------------------------------------------------
    def features(self, X) -> np.ndarray:
        """Your inputs X (N, 2), or (N, 1) for 1D data, turned into the network's inputs: the ticked features."""
        X = _inputs(X, "features", width=self.X_train.shape[1])
        return features(X, self.feature_names)

    def _require_finite(self, what):
        if not _finite_model(self.model):
            raise UsageError(f"{what}: the playground diverged and its weights hold NaN or inf; nothing to "
                             "keep. Press reset (and lower η), train again, then try once more")

    def export(self):
        """An independent copy of the trained ``lecture_nn`` model; feed it ``features(X)``."""
        self._require_finite("export")
        return copy.deepcopy(self.model)

    def save(self, path):
        """Save the trained model and its optimizer state (``lecture_nn.load`` reads it back)."""
        self._require_finite("save")
        save(path, self.model, self.opt)

    def to_torch_code(self) -> str:
        """A self-contained PyTorch script that builds this network with its current weights (see
        :func:`lecture_nn.torch_code.torch_code`): its ``model(features(x))`` gives what ``outputs``
        gives here, to rounding. Dropout layers come along, in evaluation mode as the losses here."""
        self._require_finite("to_torch_code")
        if self.diverged:  # finite weights, but a loss that is not: nothing worth running
            raise UsageError(f"to_torch_code: the playground diverged at step {self.steps_done} (the loss is not "
                             "finite); press reset (and lower η), train again, then try once more")
        v = self.values
        what = {0: "regression", 2: "2 classes"}.get(self.n_classes, f"{self.n_classes} classes")
        note = (f"lecture_nn playground: {self.network_name} on {v['dataset']} ({what}), {v['optimizer']} "
                f"η {v['lr']:g}, {self.steps_done} steps, seed {self.seed}")
        return torch_code(self.model, self.feature_names, note=note)

    def __repr__(self):
        v = self.values
        widths = [v[f"width{k}"] for k in range(1, v["layers"] + 1)]
        return (f"PlaygroundTraining(data={v['dataset']!r}, features={self.feature_names}, hidden={widths}, "
                f"activation={'/'.join(self.activations) or v['activation']!r}, optimizer={v['optimizer']!r}, "
                f"lr={v['lr']:.3g}, "
                f"seed={self.seed}, steps={self.steps_done})")


# --- two runs side by side: the comparisons of the presets in one picture -----------------------------

#: what the two sides of a comparison share, so that they see the same points in the same mini-batches
SHARED = ("dataset", "noise", "n", "train", "classes", "batch", "steps")


@dataclass(frozen=True)
class Comparison:
    """A named pair of runs: ``settings`` for both sides, the ``left`` and ``right`` side's own changes,
    and the ``note`` a student reads beside them (tests/test_claims_09.py checks it over seeds)."""

    settings: dict
    left: dict
    right: dict
    note: str

    def __post_init__(self):
        for name in ("settings", "left", "right"):
            object.__setattr__(self, name, _check_settings(getattr(self, name), user_data=False,
                                                           who=f"Comparison {name}"))
        _check_shared({**DEFAULTS, **self.settings, **self.left}, {**DEFAULTS, **self.settings, **self.right},
                      "Comparison")
        if not isinstance(self.note, str):
            raise InputError(f"Comparison: note must be a sentence (a string), got {describe(self.note)}")

    @property
    def labels(self) -> tuple:
        """Each side by what sets it apart ("SGD", "Momentum"), as ``SideBySideTraining.labels`` names them."""
        left, right = ({**DEFAULTS, **self.settings, **side} for side in (self.left, self.right))
        return side_label(left, right) or "left", side_label(right, left) or "right"


def _check_shared(left: dict, right: dict, who: str):
    """An InputError naming the settings the two sides must share and do not."""
    differ = [name for name in SHARED if left[name] != right[name]]
    if differ:
        pairs = ", ".join(f"{name} {left[name]!r} against {right[name]!r}" for name in differ)
        raise InputError(f"{who}: the two sides must train on the same points in the same mini-batches, so "
                         f"{', '.join(SHARED)} are shared; left and right differ in {pairs}. Give "
                         f"{'it' if len(differ) == 1 else 'them'} once, for both: SideBySide(..., "
                         f"{differ[0]}={left[differ[0]]!r})")


#: one per comparison of the presets, now in one picture
COMPARISONS = {
    "SGD vs Momentum": Comparison(
        PRESETS["momentum vs SGD"].settings, dict(optimizer="SGD"), dict(optimizer="Momentum", beta=0.9),
        "η = 10 on the full batch, the same initial weights: in the first 400 steps SGD's loss rises again "
        "between frames, at least 5 times in each of seeds 0–4, while Momentum's falls at every frame."),
    "overfitting: L2 off vs on": Comparison(
        PRESETS["overfitting with noise"].settings, {}, dict(regularization="L2", reg_rate=0.1),
        "The overfitting preset without and with L2 (λ = 0.1): after 300 steps the run with L2 has the lower "
        "test loss in each of seeds 0–7, while the test accuracies differ by less than 0.1."),
    "overfitting: dropout off vs on": Comparison(
        PRESETS["overfitting with noise"].settings, {}, dict(dropout=0.5),
        "The overfitting preset without and with dropout (p = 0.5): with it the train loss stays above 0.08 "
        "after 300 steps (without: below 0.01), and the test loss ends lower in 6 of seeds 0–7, higher in 2; "
        "the test accuracy moves by at most 0.1, down in more seeds than up."),
    "depth at 16 units: 1×16 vs 4×4": Comparison(
        SPIRALS, dict(layers=1, width1=16), dict(layers=4, width1=4, width2=4, width3=4, width4=4),
        "16 tanh units as one layer or as four layers of 4 (99 against 87 parameters; the initial weights cannot be "
        "the same), the same batches: after 600 steps four layers of 4 have the lower train and test loss in "
        "each of seeds 0–7."),
}


def _check_comparison(comparison, who: str = "SideBySide"):
    if comparison is None or (isinstance(comparison, str) and comparison == ""):
        return None
    if not isinstance(comparison, (str, np.str_)):
        raise InputError(f"{who}: comparison must be the name of a comparison, one of "
                         f"{', '.join(map(repr, COMPARISONS))}; got {describe(comparison)}")
    return choice(str(comparison), f"{who}: comparison", list(COMPARISONS), kind="comparison")


def _side_settings(side, name, who) -> dict:
    if side is None:
        return {}
    if not isinstance(side, dict):
        raise InputError(f"{who}: {name} must be a dict of the settings only the {name} side has, such as "
                         f"dict(optimizer='Momentum'), got {describe(side)}")
    return dict(side)


def side_label(values: dict, other: dict) -> str:
    """What one side is, by the settings in which it differs from the other ("Momentum", "L2 λ 0.1",
    "4×4", ...); "" if the two are the same."""
    differ = {name for name in values if values[name] != other[name]}
    parts = []
    if differ & {"layers", *(f"width{k}" for k in range(1, MAX_LAYERS + 1))}:
        widths = [values[f"width{k}"] for k in range(1, values["layers"] + 1)]
        parts.append("no hidden layer" if not widths else f"{len(widths)}×{widths[0]}" if len(set(widths)) == 1
                     else "-".join(map(str, widths)))
    if "optimizer" in differ:
        parts.append(values["optimizer"])
    if differ & {"regularization", "reg_rate"}:
        parts.append("no penalty" if values["regularization"] == "none" else
                     f"{values['regularization']} λ {values['reg_rate']:g}")
    if "dropout" in differ:
        parts.append(f"dropout {values['dropout']:g}" if values["dropout"] else "no dropout")
    if "lr" in differ:
        parts.append(f"η {values['lr']:g}")
    if "activation" in differ:
        parts.append(values["activation"])
    named = {"layers", "optimizer", "regularization", "reg_rate", "dropout", "lr", "activation",
             *(f"width{k}" for k in range(1, MAX_LAYERS + 1))}
    parts += [f"{name} {values[name]}" for name in sorted(differ - named)]
    return ", ".join(parts)


class SideBySideTraining:
    """Two runs of the playground trained in lockstep: the same data, split and mini-batches, and the
    same initial weights wherever the two networks (and their initialisations) are the same.

    ``SideBySideTraining(comparison=None, left=None, right=None, seed=0, X=None, y=None, task=None,
    **settings)``: ``settings`` (and a ``comparison``'s) apply to both sides, ``left`` and ``right``
    are each side's own changes (dicts of settings). Both sides are ``PlaygroundTraining`` runs
    from the one ``seed``, so they draw the very same points, split, batch order and, where the
    network and its initialisation agree (He for ReLU-like units, Glorot else), the same initial
    weights: ``same_initial_weights`` says whether they do. The data settings and the batch size
    (``SHARED``) cannot differ: two sides that did would not see the same batches. Each
    ``train(steps)`` takes the same number of steps on both; a side that diverged stops, the
    other goes on.
    """

    def __init__(self, comparison: str | None = None, left: dict | None = None, right: dict | None = None,
                 seed: int = 0, X=None, y=None, task: str | None = None, **settings):
        who = "SideBySide"
        comparison = _check_comparison(comparison, who)
        left, right = _side_settings(left, "left", who), _side_settings(right, "right", who)
        user = X is not None or y is not None
        base = dict(COMPARISONS[comparison].settings) if comparison else {}
        sides = [dict(COMPARISONS[comparison].left), dict(COMPARISONS[comparison].right)] if comparison else [{}, {}]
        both = _check_settings(settings, user, who)
        per_side = sorted(set(both) & (set(sides[0]) | set(sides[1])))
        if per_side:  # a setting for both that the comparison gives each side: which one would win?
            name = per_side[0]
            values = ", ".join(f"{side} {own.get(name, base.get(name, DEFAULTS[name]))!r}"
                               for side, own in zip(("left", "right"), sides))
            raise InputError(f"{who}: {name}={both[name]!r} would apply to both sides, but the comparison "
                             f"{comparison!r} sets it per side ({values}); give it to one side instead: "
                             f"SideBySide({comparison!r}, right=dict({name}={both[name]!r}))")
        base.update(both)
        for side, own, name in zip(sides, (left, right), ("left", "right")):
            side.update(_check_settings(own, user, f"{who}: {name}"))
        start = dict(DEFAULTS, dataset=USER_DATA) if user else dict(DEFAULTS)
        _check_shared({**start, **base, **sides[0]}, {**start, **base, **sides[1]}, who)
        self.comparison, self.seed = comparison, _seed(seed, f"{who}: seed")
        self.sides = tuple(PlaygroundTraining(X=X, y=y, seed=self.seed, task=task, **{**base, **side})
                           for side in sides)
        self.left, self.right = self.sides

    @property
    def labels(self) -> tuple:
        """Each side by what sets it apart ("SGD", "Momentum"); "left" and "right" if nothing does."""
        a, b = (t.values for t in self.sides)
        return side_label(a, b) or "left", side_label(b, a) or "right"

    @property
    def same_initial_weights(self) -> bool:
        """True when both sides started from the very same weights (the same network and initialisation)."""
        a, b = (t.initial_state for t in self.sides)
        return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)

    @property
    def steps_done(self) -> int:
        return max(t.steps_done for t in self.sides)

    @property
    def diverged(self) -> bool:
        """True once both sides diverged: nothing is left to train."""
        return all(t.diverged for t in self.sides)

    def check_not_diverged(self, who: str):
        """A UsageError for ``who`` once both sides diverged: there is nothing to train until a reset."""
        if self.diverged:
            raise UsageError(f"{who}: both sides diverged (the loss is not finite); call reset() (and lower η) first")

    def train(self, steps: int = 1):
        """``steps`` updates on each side that has not diverged, the same batches on both."""
        steps = integer(steps, "train: steps", 1, MAX_STEPS)
        self.check_not_diverged("train")
        for t in self.sides:
            if not t.diverged:
                t.train(steps)

    def reset(self):
        """Both sides back to their initial weights, the same batch order again."""
        for t in self.sides:
            t.reset()

    def new_seed(self):
        """The next seed on both sides: other points, split, batches and initial weights, shared again."""
        self.seed += 1
        for t in self.sides:
            t.new_seed()

    def readout(self) -> str:
        """A line per side, its label first, then "same initial weights" or why not."""
        lines = [f"{label}: {t.readout()}" for label, t in zip(self.labels, self.sides)]
        start = "the same initial weights" if self.same_initial_weights else \
            "each side its own initial weights (their networks or initialisations differ)"
        return "\n".join(lines + [f"same points and mini-batches, {start}"])

    def __repr__(self):
        left, right = self.labels
        return (f"SideBySideTraining({left!r} vs {right!r}, data={self.left.values['dataset']!r}, seed={self.seed}, "
                f"steps={self.steps_done})")


# --- a preset over seeds: what a sentence about it must hold for ----------------------------------

@dataclass(frozen=True)
class SeedRun:
    """One preset trained from one seed: its own data and initial weights, as "new seed" draws them."""
    seed: int
    model: object  # an independent copy of the trained model; its input is features(X, feature_names)
    feature_names: tuple
    units: int  # hidden units, summed over the hidden layers
    n_params: int
    history: dict  # lists per recorded frame: step, train, test, train_accuracy, test_accuracy
    X_test: np.ndarray  # the seed's test points (N_test, 2) and their labels or targets (N_test,)
    y_test: np.ndarray

    def __post_init__(self):
        who = "SeedRun"
        _seed(self.seed, f"{who}: seed")
        instance(self.model, f"{who}: model", Module, "pg.export()")
        object.__setattr__(self, "feature_names", tuple(_feature_names(self.feature_names, f"{who}: feature_names")))
        integer(self.units, f"{who}: units", 0)
        integer(self.n_params, f"{who}: n_params", 1)
        _check_history(self.history, f"{who}: history")
        X = _inputs(self.X_test, who, name="X_test")
        y = _numbers(self.y_test, "y_test", who)
        if y.shape != (len(X),):
            raise InputError(f"{who}: y_test must have shape (N_test,) = ({len(X)},) to match X_test, got {y.shape}")
        if not all_finite(y):
            raise InputError(f"{who}: y_test must hold finite numbers, got {first_nonfinite(y)}")
        object.__setattr__(self, "X_test", X)
        object.__setattr__(self, "y_test", y)

    @property
    def train_loss(self) -> float:
        return self.history["train"][-1]

    @property
    def test_loss(self) -> float:
        return self.history["test"][-1]

    @property
    def train_accuracy(self) -> float:
        return self.history["train_accuracy"][-1]

    @property
    def test_accuracy(self) -> float:
        return self.history["test_accuracy"][-1]


def _check_history(history, who):
    """A playground's history: a list of numbers per key of ``HISTORY_KEYS``, all of one length >= 1.

    NaN is allowed: no accuracy for a regression, no loss after a divergence."""
    if not isinstance(history, dict) or set(history) != set(HISTORY_KEYS):
        got = f"the keys {sorted(map(str, history))}" if isinstance(history, dict) else describe(history)
        raise InputError(f"{who} must be a dict with the lists {', '.join(map(repr, HISTORY_KEYS))} "
                         f"(as pg.history), got {got}")
    lengths = set()
    for key in HISTORY_KEYS:
        values = history[key]
        if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple, np.ndarray)):
            raise InputError(f"{who}[{key!r}] must be a list of numbers, got {describe(values)}")
        a = np.asarray(values)
        if a.ndim != 1 or a.dtype.kind not in "iuf" or len(a) == 0:
            raise InputError(f"{who}[{key!r}] must be a non-empty list of numbers, got {describe(values)}")
        lengths.add(len(a))
    if len(lengths) > 1:
        raise InputError(f"{who}: every list must have one length (one entry per frame), got lengths "
                         f"{ {key: len(history[key]) for key in HISTORY_KEYS} }")


_seed_runs: dict = {}
MAX_SEEDS = 100


def _seed_list(seeds, who):
    if isinstance(seeds, (str, bytes, dict, set, frozenset)) or not isinstance(seeds, (list, tuple, range, np.ndarray)):
        hint = f" (for one seed write [{seeds}])" if isinstance(seeds, numbers.Integral) and not isinstance(
            seeds, (bool, np.bool_)) else ""
        raise InputError(f"{who}: seeds must be a list of seeds such as range(5) or [0, 1]{hint}, "
                         f"got {describe(seeds)}")
    seeds = list(np.asarray(seeds).ravel()) if isinstance(seeds, np.ndarray) and seeds.ndim == 1 else seeds
    if isinstance(seeds, np.ndarray):
        raise InputError(f"{who}: seeds must be a list of seeds, got an array of shape {seeds.shape}")
    if not 1 <= len(seeds) <= MAX_SEEDS:
        raise InputError(f"{who}: seeds must hold 1 to {MAX_SEEDS} seeds, got {len(seeds)}")
    return [_seed(s, f"{who}: seeds[{i}]") for i, s in enumerate(seeds)]


def train_over_seeds(preset: str, seeds=range(5), frames: int = 40, **settings) -> list:
    """``preset`` (with ``settings`` changed) trained for ``frames`` frames from each seed; cached.

    The same training as ``Playground(preset, seed=seed, **settings).run(frames)``, without the
    pictures. Returns one ``SeedRun`` per seed, in order. ``preset`` None: the defaults.
    """
    who = "train_over_seeds"
    preset = _check_preset(preset, who)
    settings = _check_settings(settings, user_data=False, who=who)
    seeds = _seed_list(seeds, who)
    frames = integer(frames, f"{who}: frames", 1, MAX_FRAMES)
    key = (preset, tuple(seeds), frames, tuple(sorted(settings.items())))
    if key not in _seed_runs:
        _seed_runs[key] = [_seed_run(preset, seed, frames, settings) for seed in seeds]
    return list(_seed_runs[key])


def compare_over_seeds(comparison: str, seeds=range(5), frames: int = 30) -> list:
    """The comparison ``comparison`` (a name of ``COMPARISONS``) trained side by side for ``frames``
    frames from each seed; cached. Returns one ``(left, right)`` pair of ``SeedRun`` per seed: the
    same training as ``SideBySide(comparison, seed=seed).run(frames)``, without the pictures."""
    who = "compare_over_seeds"
    if comparison is None:
        raise InputError(f"{who}: comparison must be the name of a comparison, one of "
                         f"{', '.join(map(repr, COMPARISONS))}; got None")
    comparison = _check_comparison(comparison, who)
    seeds = _seed_list(seeds, who)
    frames = integer(frames, f"{who}: frames", 1, MAX_FRAMES)
    key = ("side by side", comparison, tuple(seeds), frames)
    if key not in _seed_runs:
        pairs = []
        for seed in seeds:
            pair = SideBySideTraining(comparison, seed=seed)
            for _ in range(frames):
                if pair.diverged:  # as ▶ stops by itself
                    break
                pair.train(pair.left.values["steps"])
            pairs.append(tuple(_as_seed_run(t) for t in pair.sides))
        _seed_runs[key] = pairs
    return list(_seed_runs[key])


def _seed_run(preset, seed, frames, settings) -> SeedRun:
    """``frames`` frames of the preset from ``seed``: what the playground's ▶ trains, without a picture."""
    run = PlaygroundTraining(preset, seed=seed, **settings)
    for _ in range(frames):
        if run.diverged:  # as ▶ stops by itself
            break
        run.train(run.values["steps"])
    return _as_seed_run(run)


def _as_seed_run(run) -> SeedRun:
    """A copy of what a run ends with: its model, history and test data."""
    widths = [layer.d_out for layer in run.dense_layers[:-1]]
    return SeedRun(seed=run.seed, model=copy.deepcopy(run.model), feature_names=tuple(run.feature_names),
                   units=sum(widths), n_params=run.model.n_params, history={k: list(v) for k, v in run.history.items()},
                   X_test=run.X_test.copy(), y_test=run.y_test.copy())


# --- settings as a link, in TensorFlow Playground's form ----------------------------------------------

#: TFP's input features (its link keys) -> ours; TFP also has cosX and cosY (not in its own panel)
TFP_FEATURES = {"x": "x1", "y": "x2", "xSquared": "x1_sq", "ySquared": "x2_sq", "xTimesY": "x1x2",
                "sinX": "sin_x1", "sinY": "sin_x2"}
TFP_ACTIVATIONS = {"relu": "relu", "tanh": "tanh", "sigmoid": "sigmoid", "linear": "identity"}
#: the number of points TFP draws (it has no control for it)
TFP_POINTS = {"classification": 500, "regression": 1200}
#: what TFP starts from, in our settings: a link's missing keys take these (TFP's only optimizer is SGD)
TFP_START = dict(activation="tanh", lr=0.03, regularization="none", reg_rate=0.0, noise=0.0, layers=2, width1=4,
                 width2=2, show_test=False, discretize=False, train=50, batch=10, optimizer="SGD",
                 **{name: name in ("x1", "x2") for name in FEATURES})
#: TFP's keys that change nothing we could honour when they are false (or empty)
TFP_UNSUPPORTED = {"cosX": "there is no cos x₁ feature here", "cosY": "there is no cos x₂ feature here",
                   "initZero": "the weights start random here (TFP's initZero starts them at 0)",
                   "collectStats": "nothing is collected here", "hideText": "the text stays shown here",
                   "tutorial": "there are no tutorials here"}
#: our own keys in a link (after TFP's)
OWN_KEYS = ("optimizer", "beta", "beta2", "schedule", "schedule_steps", "dropout", "n", "classes", "steps", "widths",
            "activations", "noiseFraction", "preset")


def _tfp_noise(noise: float) -> str:
    """noise as TFP's percent, as short as reads back to the very same number (None if none does)."""
    for digits in range(1, 18):
        text = f"{noise * 100:.{digits}g}"
        if float(text) / 100 == noise:
            return text
    return None


def link(values: dict, seed: int = 0, preset: str | None = None) -> str:
    """``values`` (a full set of settings, as ``PlaygroundTraining.values``) as a TFP-style link fragment.

    TFP's keys first, in its order: ``activation`` (identity as ``linear``), ``regularization``,
    ``batchSize``, ``dataset`` / ``regDataset`` (TFP's names for its datasets, ours for the others),
    ``learningRate``, ``regularizationRate``, ``noise`` (in percent), ``networkShape``, ``seed``,
    ``showTestData``, ``discretize``, ``percTrainData``, the feature ticks and ``problem``; then
    ours (``OWN_KEYS``). ELU and softplus, our datasets and optimizers are names TFP does not know:
    TFP opens such a link with its own defaults for them.
    """
    v = values
    regression = v["dataset"] in ("regression 1D", "regression 2D", "TFP plane", "TFP multi-gauss")
    dataset = TFP_DATASETS.get(v["dataset"], v["dataset"])
    shape = [v[f"width{k}"] for k in range(1, v["layers"] + 1)]
    keys = {
        "activation": {"identity": "linear"}.get(v["activation"], v["activation"]),
        "regularization": v["regularization"], "batchSize": v["batch"],
        "dataset": "circle" if regression else dataset, "regDataset": dataset if regression else "reg-plane",
        "learningRate": f"{v['lr']:g}", "regularizationRate": f"{v['reg_rate']:g}",
        "noise": _tfp_noise(v["noise"]) or f"{v['noise'] * 100:g}", "networkShape": ",".join(map(str, shape)),
        "seed": seed, "showTestData": v["show_test"], "discretize": v["discretize"], "percTrainData": v["train"],
        **{tfp: v[ours] for tfp, ours in TFP_FEATURES.items()}, "cosX": False, "cosY": False,
        "problem": "regression" if regression else "classification",
        "optimizer": v["optimizer"], "beta": repr(v["beta"]), "beta2": repr(v["beta2"]), "schedule": v["schedule"],
        "schedule_steps": v["schedule_steps"], "dropout": f"{v['dropout']:g}", "n": v["n"], "classes": v["classes"],
        "steps": v["steps"],
    }
    own = [v[f"activation{k}"] for k in range(1, MAX_LAYERS + 1)]
    if own != ["same"] * MAX_LAYERS:
        keys["activations"] = ",".join(own)  # each layer's own activation ("same": as activation)
    widths = [v[f"width{k}"] for k in range(1, MAX_LAYERS + 1)]
    if widths[v["layers"]:] != [DEFAULTS[f"width{k}"] for k in range(v["layers"] + 1, MAX_LAYERS + 1)]:
        keys["widths"] = ",".join(map(str, widths))  # the sliders of the layers not in use
    if _tfp_noise(v["noise"]) is None:
        keys["noiseFraction"] = repr(v["noise"])
    if preset:
        keys["preset"] = preset

    def text(value):
        value = str(value).lower() if isinstance(value, bool) else str(value)
        return urllib.parse.quote(value, safe=",.-")

    return "#" + "&".join(f"{key}={text(value)}" for key, value in keys.items())


def _link_pairs(text, who):
    """The key -> value pairs of a link (an address with ``#``, or the fragment alone)."""
    if not isinstance(text, str):
        raise InputError(f"{who}: text must be a link such as '#activation=tanh&learningRate=0.03' (a string), "
                         f"got {describe(text)}")
    fragment = text.strip().split("#", 1)[1] if "#" in text else text.strip()
    if "=" not in fragment:
        raise InputError(f"{who}: text must be a link with key=value pairs after '#' (copy the address from "
                         f"TensorFlow Playground or pg.url()), got {text[:80]!r}")
    pairs = {}
    for part in fragment.split("&"):
        if part.strip():
            key, _, value = part.partition("=")
            pairs[urllib.parse.unquote(key.strip())] = urllib.parse.unquote(value.strip())
    return pairs


def _link_number(pairs, key, who, whole=False):
    value = pairs[key]
    try:
        number_ = float(value)
    except ValueError:
        raise InputError(f"{who}: {key}={value!r} in the link must be a number") from None
    if whole:
        if not number_.is_integer():
            raise InputError(f"{who}: {key}={value!r} in the link must be a whole number")
        return int(number_)
    return number_


def settings_from_link(text: str, who: str = "settings_from_link") -> dict:
    """The keyword arguments of ``PlaygroundTraining`` (and ``Playground``) for a link.

    Reads every key of TensorFlow Playground's links and ours (see ``link``). A key left out takes
    TFP's start (``TFP_START``, the number of points TFP draws). What cannot be honoured is named
    in one ``LectureNNWarning``: TFP's seed string (its random numbers cannot be reproduced here:
    the data and initial weights differ, the same link always gives the same run here), cos
    features, initZero, collectStats, hideText, tutorial, regression datasets we lack, hidden
    controls (``*_hide``) and unknown keys. A value that is wrong (``learningRate=fast``, a layer
    of 40 units) is an ``InputError`` naming the key.
    """
    pairs = _link_pairs(text, who)
    settings, unhonoured = dict(DEFAULTS, **TFP_START), []  # every setting: a preset's never leak in
    bool_of = lambda key: pairs[key].strip().lower() != "false"  # noqa: E731 - TFP: anything but "false" is true

    def setting(key, name, value):
        try:
            settings.update(_check_settings({name: value}, user_data=False, who=who))
        except InputError as error:
            raise InputError(f"{who}: {key}={pairs[key]!r} in the link: {str(error).removeprefix(who + ': ')}") \
                from None

    given = lambda key: key in pairs and pairs[key].strip() != ""  # noqa: E731
    if given("activation"):
        setting("activation", "activation", TFP_ACTIVATIONS.get(pairs["activation"], pairs["activation"]))
    for key, name in (("learningRate", "lr"), ("regularizationRate", "reg_rate")):
        if given(key):
            setting(key, name, _link_number(pairs, key, who))
    if given("regularization"):
        setting("regularization", "regularization", pairs["regularization"])
    if given("batchSize"):
        setting("batchSize", "batch", _link_number(pairs, "batchSize", who, whole=True))
    if given("noiseFraction"):
        setting("noiseFraction", "noise", _link_number(pairs, "noiseFraction", who))
    elif given("noise"):
        setting("noise", "noise", _link_number(pairs, "noise", who) / 100)
    if "networkShape" in pairs:
        parts = [p for p in pairs["networkShape"].split(",") if p.strip()]
        widths = [_link_number({"networkShape": p}, "networkShape", who, whole=True) for p in parts]
        setting("networkShape", "layers", len(widths))
        for k, width in enumerate(widths, start=1):
            setting("networkShape", f"width{k}", width)
        settings.update({f"width{k}": DEFAULTS[f"width{k}"] for k in range(len(widths) + 1, MAX_LAYERS + 1)})
    if given("widths"):
        widths = [_link_number({"widths": p}, "widths", who, whole=True) for p in pairs["widths"].split(",")]
        for k, width in enumerate(widths[settings["layers"]:], start=settings["layers"] + 1):
            setting("widths", f"width{k}", width)
    for key, name in (("showTestData", "show_test"), ("discretize", "discretize")):
        if given(key):
            settings[name] = bool_of(key)
    if given("percTrainData"):
        setting("percTrainData", "train", _link_number(pairs, "percTrainData", who, whole=True))
    for key, name in TFP_FEATURES.items():
        if given(key):
            settings[name] = bool_of(key)
    problem = pairs.get("problem", "classification").strip() or "classification"
    if problem not in ("classification", "regression"):
        raise InputError(f"{who}: problem={problem!r} in the link must be 'classification' or 'regression'")
    key = "regDataset" if problem == "regression" else "dataset"
    tfp_names = {tfp: ours for ours, tfp in TFP_DATASETS.items()}
    default = "TFP plane" if problem == "regression" else "TFP circle"
    name = pairs.get(key, "").strip()
    if not name:
        dataset = default
    elif name in tfp_names or name in DATASETS:
        dataset = tfp_names.get(name, name)
    elif name in ("reg-maximum", "reg-argmax"):
        dataset = default
        unhonoured.append(f"{key}={name} (not here; {default!r} instead)")
    else:
        theirs = ("reg-plane", "reg-gauss") if problem == "regression" else ("circle", "xor", "gauss", "spiral")
        raise InputError(f"{who}: {key}={name!r} in the link must be one of TFP's {', '.join(map(repr, theirs))} "
                         f"or one of ours, {', '.join(map(repr, DATASETS))}")
    setting(key, "dataset", dataset)
    ours_regression = dataset in ("regression 1D", "regression 2D", "TFP plane", "TFP multi-gauss")
    settings["n"] = TFP_POINTS["regression" if ours_regression else "classification"]
    for key, name in (("beta", "beta"), ("beta2", "beta2"), ("dropout", "dropout")):
        if given(key):
            setting(key, name, _link_number(pairs, key, who))
    for key in ("n", "classes", "steps", "schedule_steps"):
        if given(key):
            setting(key, key, _link_number(pairs, key, who, whole=True))
    if given("schedule"):
        setting("schedule", "schedule", pairs["schedule"])
    if given("activations"):
        own = pairs["activations"].split(",")
        if len(own) > MAX_LAYERS:
            raise InputError(f"{who}: activations={pairs['activations']!r} in the link names {len(own)} layers; "
                             f"there are at most {MAX_LAYERS}")
        for k, name in enumerate(own, start=1):
            setting("activations", f"activation{k}", name.strip())
    if given("optimizer"):
        setting("optimizer", "optimizer", pairs["optimizer"])
    seed = 0
    if given("seed"):
        text_seed = pairs["seed"].strip()
        if text_seed.isdigit():
            seed = _seed(int(text_seed), f"{who}: seed")
        else:
            digits = "".join(ch for ch in text_seed if ch.isdigit())
            seed = int(digits[-9:]) if digits else int.from_bytes(text_seed.encode()[-4:], "big")
            unhonoured.append(f"seed={text_seed} (TFP's random numbers cannot be reproduced here: other points and "
                              f"initial weights, from seed {seed}; the same link always gives the same run here)")
    preset = _check_preset(pairs["preset"], who) if given("preset") else None
    for key, why in TFP_UNSUPPORTED.items():
        if given(key) and (key == "tutorial" or bool_of(key)):
            unhonoured.append(f"{key}={pairs[key]} ({why})")
    known = set(TFP_FEATURES) | set(TFP_UNSUPPORTED) | set(OWN_KEYS) | {
        "activation", "regularization", "batchSize", "dataset", "regDataset", "learningRate", "regularizationRate",
        "noise", "networkShape", "seed", "showTestData", "discretize", "percTrainData", "problem"}
    for key in pairs:
        if key.endswith("_hide"):
            if bool_of(key):
                unhonoured.append(f"{key}={pairs[key]} (hides a control in TFP; every control shows here)")
        elif key not in known:
            close = difflib.get_close_matches(key, sorted(known), n=1)
            unhonoured.append(f"{key}={pairs[key]} (an unknown key{f'; did you mean {close[0]!r}?' if close else ''})")
    if unhonoured:
        warnings.warn(f"{who}: this link's " + "; ".join(unhonoured) + ". Everything else is as the link says.",
                      LectureNNWarning, stacklevel=3)
    return {"preset": preset, "seed": seed, **settings}
