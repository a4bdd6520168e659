"""The playground: build an MLP, pick data, features and an optimizer, and watch it train.

In the spirit of TensorFlow Playground (playground.tensorflow.org: ReLU, tanh, sigmoid and linear
units, a width per hidden layer, two classes or regression, plain SGD, L1/L2 regularisation), on
top of ``lecture_nn``, and with what the lecture needs beyond that: ELU and softplus, more than two
classes, all four optimizers of the slides with their hyperparameters, a reset to the very same
initial weights, presets with a line of commentary each, your own ``(X, y)``, and ``export()`` of
the trained model to continue in code. It has no L1/L2 regularisation.

One picture, redrawn after every frame of training:

* left: the model over the input plane (p(class 1), the winning class, or the regression
  value) with the training points (filled) and test points (hollow); a curve for 1D regression;
* top right: train and test loss against the step (and, for classes, the accuracy in its title);
* bottom right: every hidden unit's output over the input plane (what each unit learned), one
  row per hidden layer, up to eight units a row.

Controls: data (set, noise, points, train share, classes), input features, hidden layers and
their widths, activation, optimizer and hyperparameters, batch size; play / pause (several steps
per frame), step, reset (same initial weights), new seed; presets. The loss follows the task:
binary cross-entropy on logits for two classes, cross-entropy for more, mean squared error for
regression.

Your own data: ``Playground(X=X, y=y)``; integer or bool y are class labels, float y regression
targets (``task="classification"`` or ``"regression"`` chooses; the note under the presets says
which and why, and so does the readout when float labels were taken as regression targets).
Above 3000 points the picture draws a fixed sample of them; training and the losses use them all.
Every setting is checked before anything is built: a value its control cannot show exactly is
refused with the allowed range or choices, never moved into range.

    pg = Playground("one hidden layer on circles")   # or Playground(X=X, y=y) with your data
    pg.run(30)                                      # 30 frames of training, from code
    pg                                              # the explorer; press play
    model = pg.export()                             # a lecture_nn model, input: pg.features(X)

``train_over_seeds(preset, seeds)`` trains a preset once per seed (its own data and initial weights,
as the "new seed" button draws them), so a sentence about a preset can be checked over seeds.
"""

from __future__ import annotations

import copy
import html
import math
import numbers
import time
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib as mpl
import numpy as np
from matplotlib.colors import ListedColormap, to_rgb
from matplotlib.ticker import MaxNLocator

from .. import data as datasets
from .. import plotting
from .._checks import all_finite, choice, describe, first_nonfinite, flag, instance, integer, number, real_array
from .._checks import unknown_name
from .._checks import seed as _seed
from ..activations import sigmoid
from ..errors import InputError, UsageError
from ..layers import Module, mlp
from ..losses import BCEWithLogitsLoss, CrossEntropyLoss, MSELoss
from ..optim import SGD, Adam, Momentum, RMSprop
from ..training import save
from .base import Explorer, control
from .linear_models import FEATURES as HAND_MADE_FEATURES
from .linear_models import feature_matrix

__all__ = ["Playground", "PRESETS", "FEATURES", "DATASETS", "ACTIVATIONS", "OPTIMIZERS", "features",
           "SeedRun", "train_over_seeds", "loss_curves_figure", "EXPLORERS"]

#: the slide's five activations, and the identity (linear collapse)
ACTIVATIONS = ("relu", "elu", "softplus", "sigmoid", "tanh", "identity")
OPTIMIZERS = {"SGD": SGD, "Momentum": Momentum, "RMSprop": RMSprop, "Adam": Adam}
DATASETS = ("moons", "circles", "spirals", "xor", "blobs", "regression 1D", "regression 2D")
USER_DATA = "your data"
#: name -> label of the input features: notebook 00's hand-made features (demos.linear_models)
FEATURES = {name: label for name, (_, label, _) in HAND_MADE_FEATURES.items()}
ONE_D_FEATURES = ("x1", "x1_sq", "sin_x1")  # what 1D inputs have
MAX_LAYERS = 4
MAX_WIDTH = 16
UNITS_SHOWN = 8  # per hidden layer, in the unit panels
BATCH_SIZES = [("1", 1), ("8", 8), ("16", 16), ("32", 32), ("64", 64), ("128", 128), ("all", 0)]
GRID = 64  # heat-map resolution of the main panel
UNIT_GRID = 24  # of each unit's panel
HISTORY = 400  # loss points kept for the curve (older ones are thinned out)


def _pale(cmap, name):
    """``cmap`` mixed with white, so the data points drawn on top stay visible."""
    colors = cmap(np.linspace(0, 1, 256))
    colors[:, :3] = PALE * colors[:, :3] + (1 - PALE)
    return ListedColormap(colors, name=name)


PALE = 0.6  # share of the colour in the heat maps (the rest is white)
PALE_PROBABILITY = _pale(plotting.PROBABILITY_CMAP, "pale_probability")
PALE_VIRIDIS = _pale(mpl.colormaps["viridis"], "pale_viridis")


# --- what a setting may be: checked before anything is built ----------------------------------------

DEFAULTS = dict(dataset="moons", noise=0.15, n=300, train=70, classes=3, activation="relu", layers=2,
                width1=8, width2=8, width3=8, width4=8, optimizer="Adam", lr=0.03, beta=0.9, beta2=0.999,
                batch=32, steps=10, **{name: name in ("x1", "x2") for name in FEATURES})

#: the learning rates the η slider offers
LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
#: whole-number settings: (lowest, highest, step) of their sliders
WHOLE = {"n": (20, 1000, 10), "train": (10, 90, 10), "classes": (2, 5, 1), "layers": (0, MAX_LAYERS, 1),
         "steps": (1, 100, 1), **{f"width{k}": (1, MAX_WIDTH, 1) for k in range(1, MAX_LAYERS + 1)}}
#: number settings: (lowest, highest) of their sliders
REAL = {"noise": (0.0, 0.5), "beta": (0.0, 0.99), "beta2": (0.9, 0.9999)}
#: what a student may write for a setting that has another name here
OTHER_NAMES = {"hidden": "layers=2, width1=8, width2=8", "widths": "layers=2, width1=8, width2=8",
               "width": "width1=8 (one per layer: width1 ... width4)", "depth": "layers=3",
               "learning_rate": "lr=0.03", "eta": "lr=0.03", "batch_size": "batch=32", "features":
               "x1=True, x1_sq=True (one per feature)", "data": "dataset='circles'", "g": "activation='tanh'",
               "beta1": "beta=0.9", "momentum": "beta=0.9", "n_classes": "classes=3", "points": "n=300"}
#: more points than this are drawn as a sample of this many (training still uses every point)
MAX_POINTS_DRAWN = 3000
#: the largest size of an input or a regression target the playground takes (scale larger data first)
MAX_ABS = 1e6
#: the most steps one ``train`` call and the most frames one ``run`` call take (call again for more)
MAX_STEPS = 10_000
MAX_FRAMES = 1_000


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


def _learning_rate(value, who):
    """One of the η slider's values (given as a number: 0.03, 1, 1e-3)."""
    rates = ", ".join(f"{lr:g}" for lr in LEARNING_RATES)
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        hint = " (without quotes)" if isinstance(value, str) else ""
        raise InputError(f"{who}: lr must be one of [{rates}] (the η slider's values){hint}, got {describe(value)}")
    for lr in LEARNING_RATES:
        if math.isclose(value, lr, rel_tol=1e-9):
            return lr
    nearest = ""
    if value > 0:
        near = min(LEARNING_RATES, key=lambda lr: abs(math.log(lr / value)))
        nearest = f"; the nearest is {near:g}"
    raise InputError(f"{who}: lr must be one of [{rates}] (the η slider's values), got {value!r}{nearest}")


def _batch(value, who):
    sizes = [b for _, b in BATCH_SIZES if b]
    expected = f"one of {sizes} or 0 (all: the full batch)"
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        hint = ""
        if isinstance(value, str):
            hint = " (write 0 for all points)" if value.strip().lower() in ("all", "full") else " (without quotes)"
        elif isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer():
            hint = f" (write {int(value)}, not {value!r})"
        raise InputError(f"{who}: batch must be {expected}{hint}, got {describe(value)}")
    if int(value) not in sizes + [0]:
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
        elif name == "lr":
            out[name] = _learning_rate(value, who)
        elif name == "batch":
            out[name] = _batch(value, who)
        elif name == "dataset":
            if not user_data and isinstance(value, str) and value.lower() == USER_DATA:
                raise InputError(f"{who}: dataset {USER_DATA!r} needs your arrays: Playground(X=X, y=y); "
                                 f"else one of {', '.join(map(repr, DATASETS))}")
            out[name] = _name_setting(value, name, datasets_, who)
        elif name == "activation":
            out[name] = _name_setting(value, name, ACTIVATIONS, who)
        elif name == "optimizer":
            out[name] = _name_setting(value, name, tuple(OPTIMIZERS), who, "an optimizer's name")
        else:  # a feature tick
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
    return X, y, task, reason



class Playground(Explorer):
    """TensorFlow-Playground-like explorer; see the module docstring.

    ``preset``: a name of ``PRESETS`` (any case); ``X, y``: your own data (X (N, 2), or (N, 1) for
    a 1D regression; bool X are 0/1 inputs); ``task``: "classification" or "regression" for your
    data (default: integer or bool y are class labels 0, 1, ..., float y regression targets; the
    readout says so); ``seed``: the initialisation and data seed; ``settings``: any control by name
    (``lr=0.01``, ``layers=3``). A value a control cannot show is refused, naming the setting and
    what it may be, before anything is built.
    """

    #: a frame is redrawn ~8 times a second: a slightly coarser picture than other explorers'
    dpi = 90

    def __init__(self, preset: str | None = None, X=None, y=None, seed: int = 0, task: str | None = None,
                 **settings):
        # every argument checked, and every control built, before the heavy work (data, figure)
        preset = _check_preset(preset)
        user = X is not None or y is not None
        values = dict(DEFAULTS)
        if user:
            values["dataset"] = USER_DATA
        if preset is not None:
            values.update(PRESETS[preset].settings)
        values.update(_check_settings(settings, user))
        self.seed = _seed(seed, "Playground: seed")
        if task is not None and not user:
            raise InputError(f"Playground: task applies to your own data, Playground(X=X, y=y, task=...); the "
                             f"built-in datasets bring their own task, got task={task!r} without X and y")
        self._user = _check_user_data(X, y, task) if user else None
        self.note = PRESETS[preset].note if preset else ""
        self._applying = False
        self.controls_by_group = self._make_controls(values, preset)
        controls = {name: c for group in self.controls_by_group.values() for name, c in group.items()}
        self.controls = controls  # (the base class sets it again; _build reads the values now)
        self.play = controls["play"]
        fig = self._make_figure()
        if not plotting.presenting():  # (presenting: the figure's own resolution fills a slide)
            fig.set_dpi(self.dpi)  # the canvas is the picture: drawn once at the PNG's resolution
        self._background, self._background_key, self._static_key = None, None, None
        self._build()
        super().__init__(fig, controls, title="Playground: an MLP trained live")
        self.dpi = fig.dpi

    # -- controls ---------------------------------------------------------------------------------
    def _make_controls(self, v, preset):
        """Every control from its checked setting (``control`` refuses what a control cannot hold)."""
        style = {"description_width": "initial"}
        small = widgets.Layout(width="190px")
        datasets_ = list(DATASETS) + ([USER_DATA] if self._user is not None else [])

        def int_slider(name, description, **options):
            lo, hi, step = WHOLE[name]
            return control(widgets.IntSlider, name, v[name], min=lo, max=hi, step=step, description=description,
                           **options)

        def float_slider(name, description, **options):
            lo, hi = REAL[name]
            return control(widgets.FloatSlider, name, v[name], min=lo, max=hi, description=description, **options)

        data = {
            "dataset": control(widgets.Dropdown, "dataset", v["dataset"], options=datasets_, description="data",
                               layout=small),
            "noise": float_slider("noise", "noise", step=0.05, style=style),
            "n": int_slider("n", "points", style=style),
            "train": int_slider("train", "train %", style=style),
            "classes": int_slider("classes", "classes (blobs, spirals)", style=style),
        }
        feats = {name: control(widgets.Checkbox, name, v[name], description=label, indent=False,
                               layout=widgets.Layout(width="80px"))
                 for name, label in FEATURES.items()}
        net = {
            "layers": int_slider("layers", "hidden layers", style=style),
            **{f"width{k}": int_slider(f"width{k}", f"width {k}", style=style, layout=small)
               for k in range(1, MAX_LAYERS + 1)},
            "activation": control(widgets.Dropdown, "activation", v["activation"], options=list(ACTIVATIONS),
                                  description="g", layout=small),
        }
        opt = {
            "optimizer": control(widgets.Dropdown, "optimizer", v["optimizer"], options=list(OPTIMIZERS),
                                 description="optimizer", style=style, layout=small),
            # fixed values (as a browser slider would snap to them anyway: no drift, no surprise)
            "lr": control(widgets.SelectionSlider, "lr", v["lr"], options=[(f"{lr:g}", lr) for lr in LEARNING_RATES],
                          description="η"),
            "beta": float_slider("beta", "β (β₁)", step=0.01),
            "beta2": float_slider("beta2", "β₂", step=0.0001, readout_format=".4f"),
            "batch": control(widgets.Dropdown, "batch", v["batch"], options=BATCH_SIZES, description="batch",
                             layout=small),
        }
        run = {
            "play": widgets.Play(value=0, min=0, max=10 ** 9, step=1, interval=100, description="play"),
            "steps": int_slider("steps", "steps per frame", style=style),
            "preset": control(widgets.Dropdown, "preset", preset or "",
                              options=[("(choose a preset)", "")] + [(p, p) for p in PRESETS],
                              description="preset", layout=widgets.Layout(width="330px")),
        }
        return {"data": data, "features": feats, "network": net, "optimizer": opt, "run": run}

    @property
    def widget(self):
        if not hasattr(self, "_widget"):
            buttons = []
            for label, action in (("step", lambda: self._train(self.values["steps"])), ("reset", self._reset),
                                  ("new seed", self._new_seed)):
                button = widgets.Button(description=label, layout=widgets.Layout(width="90px"))
                button.on_click(lambda _, action=action: self._guarded(action))
                buttons.append(button)
            self.note_html = widgets.HTML(self._note_text())
            self.readout_html = widgets.HTML(self.readout())
            rows = []
            for group, controls in self.controls_by_group.items():
                items = list(controls.values())
                if group == "run":
                    items = items[:1] + buttons + items[1:]
                rows.append(widgets.HBox(items, layout=widgets.Layout(flex_flow="row wrap", align_items="center")))
            self._widget = widgets.VBox([widgets.HTML(f"<b>{html.escape(self.title)}</b>")] + rows
                                        + [self.note_html, self.readout_html, self.status, self.out])
        return self._widget

    def _note_text(self):
        parts = [f"<i>{html.escape(self.note)}</i>"] if self.note else []
        if self.task_reason:
            parts.append(html.escape(f"your data: {self.task_reason}"))
        return "<br>".join(parts)

    # -- what a change does ---------------------------------------------------------------------
    REBUILD = {"dataset", "noise", "n", "train", "classes", "layers", "activation", *FEATURES,
               *(f"width{k}" for k in range(1, MAX_LAYERS + 1))}

    def _on_change(self, change):
        if self._applying:
            return
        if isinstance(change.new, float) and isinstance(change.old, float) and math.isclose(
                change.new, change.old, rel_tol=1e-9, abs_tol=1e-12):
            return  # a browser slider re-sending 0.35 as 0.35000000000000003: not a change
        name = next(n for n, c in self.controls.items() if c is change.owner)
        self._guarded(lambda: self._apply(name, change.new))

    def _guarded(self, action):
        """Run a control's action; an exception is shown in the picture, never as a traceback.

        ``last_update_seconds`` then covers the whole frame: the training steps and the redraw.
        """
        start, cpu_start = time.perf_counter(), time.process_time()
        try:
            action()
        except Exception as error:  # noqa: BLE001 - shown to the student
            self._pending_error = error
        self.refresh()
        self.last_update_seconds = time.perf_counter() - start
        self.last_update_cpu_seconds = time.process_time() - cpu_start

    def _apply(self, name, value):
        if name == "play":
            self._train(self.values["steps"])
        elif name == "preset":
            if value:
                self._load_preset(value)
        elif name in self.REBUILD:
            self._build()
        elif name == "optimizer":
            self._new_optimizer()
        elif name in ("lr", "beta", "beta2"):
            self._set_hyperparameters()
        # batch and steps apply from the next step on

    def load_preset(self, name: str):
        """Set every control to the preset's values (the rest to the defaults) and restart.

        ``name``: one of ``PRESETS``, in any case."""
        preset = _check_preset(name, "load_preset", "name")
        if preset is None:
            raise InputError(f"load_preset: name must be the name of a preset, one of "
                             f"{', '.join(map(repr, PRESETS))}; got {describe(name)}")
        self._guarded(lambda: self._load_preset(preset))

    def _load_preset(self, name: str):
        values = dict(DEFAULTS, **PRESETS[name].settings)  # its data too: "your data" stays in the list
        self._applying = True
        try:
            for key, value in values.items():
                self.controls[key].value = value
            self.controls["preset"].value = name
        finally:
            self._applying = False
        self.note = PRESETS[name].note
        if hasattr(self, "note_html"):
            self.note_html.value = self._note_text()
        self._build()

    # -- data, model, training --------------------------------------------------------------------
    def _data(self, v):
        rng = np.random.default_rng(self.seed)
        name = v["dataset"]
        if name == USER_DATA:
            X, y, task, _ = self._user
        elif name == "regression 1D":
            x = rng.uniform(-3, 3, size=v["n"])
            X, y, task = x[:, None], np.sin(x) + v["noise"] * rng.standard_normal(v["n"]), "regression"
        elif name == "regression 2D":
            X, y = _regression_2d(v["n"], v["noise"], rng)
            task = "regression"
        else:
            kwargs = {"n_classes": v["classes"]} if name in ("spirals", "blobs") else {}
            if name == "blobs":
                X, y = datasets.blobs(v["n"], std=0.25 + v["noise"], rng=rng, **kwargs)
            else:
                X, y = datasets.classification_2d(name, n=v["n"], noise=v["noise"], rng=rng, **kwargs)
            y, task = np.asarray(y).reshape(-1).astype(np.int64), "classification"
        n_test = max(1, min(len(X) - 1, round(len(X) * (100 - v["train"]) / 100)))
        X_tr, X_te, y_tr, y_te = datasets.train_test_split(X, y, test_size=int(n_test), rng=self.seed)
        return X_tr, X_te, y_tr, y_te, task

    def _build(self):
        """New data, features and network from the controls, initialised from ``self.seed``."""
        v = self.values
        X_tr, X_te, y_tr, y_te, task = self._data(v)
        self.task = task
        self.one_d = X_tr.shape[1] == 1
        names = [n for n in FEATURES if v[n] and (not self.one_d or n in ONE_D_FEATURES)]
        if not names:  # no feature ticked: the network still needs an input
            names = ["x1"]
        self.feature_names = names
        self.X_train, self.X_test, self.y_train, self.y_test = X_tr, X_te, y_tr, y_te
        self.F_train, self.F_test = features(X_tr, names), features(X_te, names)
        self._choose_points_drawn()
        if task == "classification":
            self.n_classes = int(max(y_tr.max(initial=0), y_te.max(initial=0))) + 1
            self.n_classes = max(self.n_classes, 2)
            out = 1 if self.n_classes == 2 else self.n_classes
            self.loss_fn = BCEWithLogitsLoss() if out == 1 else CrossEntropyLoss()
        else:
            self.n_classes, out = 0, 1
            self.loss_fn = MSELoss()
        widths = [v[f"width{k}"] for k in range(1, v["layers"] + 1)]
        self.model = mlp([len(names), *widths, out], v["activation"], rng=self.seed)
        # targets in the loss's own form, checked once: training then calls the unchecked
        # _forward, so a diverging run gives a non-finite loss to report, not an exception
        self.T_train = self.loss_fn._targets(self._targets(y_tr), (len(y_tr), out), np.float64)
        self.T_test = self.loss_fn._targets(self._targets(y_te), (len(y_te), out), np.float64)
        self.initial_state = copy.deepcopy(self.model.state_dict())
        self._extent = self._plane(np.vstack([X_tr, X_te]))
        ys = np.concatenate([y_tr, y_te]).astype(np.float64)
        self._y_range = (float(ys.min()), float(ys.max()))
        self._grid_points = self._grid(GRID)
        self._unit_points = self._grid(UNIT_GRID)
        # what every frame needs and only a rebuild changes: computed here, once
        self._grid_features = features(self._grid_points, names)
        self._unit_features = features(self._unit_points, names)
        self._colors = self._point_colors()
        self._new_optimizer()
        self._restart_history()

    def _choose_points_drawn(self):
        """Above ``MAX_POINTS_DRAWN`` points, a sample of them is drawn (the same one every frame,
        from the seed; train and test in their shares); training and the losses use every point."""
        n_train, n_test = len(self.X_train), len(self.X_test)
        total = n_train + n_test
        if total <= MAX_POINTS_DRAWN:
            self.points_drawn = None
            self._drawn_train, self._drawn_test = slice(None), slice(None)
            return
        rng = np.random.default_rng(self.seed)
        k_train = min(n_train, max(1, round(MAX_POINTS_DRAWN * n_train / total)))
        k_test = min(n_test, MAX_POINTS_DRAWN - k_train)
        self._drawn_train = np.sort(rng.choice(n_train, k_train, replace=False))
        self._drawn_test = np.sort(rng.choice(n_test, k_test, replace=False))
        self.points_drawn = (k_train + k_test, total)

    def _points_note(self) -> str:
        return "" if self.points_drawn is None else "showing {} of {} points".format(*self.points_drawn)

    def _new_optimizer(self):
        v = self.values
        name = v["optimizer"]
        cls = OPTIMIZERS[name]
        kwargs = {"lr": v["lr"]}
        if name in ("Momentum", "RMSprop"):
            kwargs["beta"] = v["beta"]
        if name == "Adam":
            kwargs.update(beta1=v["beta"], beta2=v["beta2"])
        self.opt = cls(self.model.parameters(), **kwargs)
        self._batch_rng = np.random.default_rng(self.seed)
        self._order, self._cursor = None, 0

    def _set_hyperparameters(self):
        v = self.values
        self.opt.lr = v["lr"]
        if isinstance(self.opt, (Momentum, RMSprop)):
            self.opt.beta = v["beta"]
        if isinstance(self.opt, Adam):
            self.opt.beta1, self.opt.beta2 = v["beta"], v["beta2"]

    def _restart_history(self):
        self.steps_done = 0
        self.diverged = False
        self.history = {"step": [], "train": [], "test": [], "train_accuracy": [], "test_accuracy": []}
        self._record()

    def _targets(self, y):
        return y.reshape(-1, 1).astype(np.float64) if self.n_classes in (0, 2) else y

    def _accuracy(self, out, y) -> float:
        """Share of points whose class the model's outputs (N, 1 or C) get right; NaN for regression."""
        if not self.n_classes:
            return np.nan
        predicted = (out[:, 0] > 0).astype(np.int64) if self.n_classes == 2 else out.argmax(axis=1)
        return float(np.mean(predicted == y))

    def _evaluate(self):
        """Train and test loss, train and test accuracy (NaN for regression) of the current weights."""
        with np.errstate(over="ignore", invalid="ignore"):
            out_train, out_test = self.model._forward(self.F_train), self.model._forward(self.F_test)
            train = self.loss_fn._forward(out_train, self.T_train)
            test = self.loss_fn._forward(out_test, self.T_test)
        return (float(train), float(test), self._accuracy(out_train, self.y_train),
                self._accuracy(out_test, self.y_test))

    def _record(self):
        train, test, train_accuracy, test_accuracy = self._evaluate() if not self.diverged else (np.nan,) * 4
        h = self.history
        h["step"].append(self.steps_done)
        h["train"].append(train)
        h["test"].append(test)
        h["train_accuracy"].append(train_accuracy)
        h["test_accuracy"].append(test_accuracy)
        if len(h["step"]) > HISTORY:  # keep the curve light: drop every second old point
            for key in h:
                h[key] = h[key][:HISTORY // 2:2] + h[key][HISTORY // 2:]
        if not (np.isfinite(train) and np.isfinite(test)):
            self.diverged = True

    def _next_batch(self):
        N = len(self.F_train)
        B = self.values["batch"] or N
        if B >= N:
            return self.F_train, self.T_train
        if self._order is None or self._cursor >= N:
            self._order, self._cursor = self._batch_rng.permutation(N), 0
        idx = self._order[self._cursor:self._cursor + B]
        self._cursor += B
        return self.F_train[idx], self.T_train[idx]

    def train(self, steps: int = 1):
        """``steps`` mini-batch updates (one frame of play), then the losses recorded; stops at
        divergence. No new picture: displaying the playground (or ``run``) draws the current state."""
        steps = integer(steps, "train: steps", 1, MAX_STEPS)
        self._refuse_if_diverged("train")
        self._train(steps)

    def _refuse_if_diverged(self, who):
        if self.diverged:
            raise UsageError(f"{who}: the playground diverged at step {self.steps_done} (the loss is not finite), "
                             "so there is nothing to train on; call reset() (and lower η) first")

    def _train(self, steps: int):
        """``train`` without the checks: what play, the step button and ``run`` do every frame."""
        if self.diverged:
            self.play.playing = False
            return
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(steps):
                Xb, yb = self._next_batch()
                loss = self.loss_fn._forward(self.model._forward(Xb), yb)
                if not np.isfinite(loss):
                    self.diverged = True
                    break
                self.model._backward(self.loss_fn._backward(), input_grad=False)
                self.opt.step()
                self.steps_done += 1
        self._record()
        if self.diverged:
            self.play.playing = False

    def run(self, frames: int = 1):
        """``frames`` frames of play (each: steps per frame updates, then the losses recorded),
        then one new picture. ``pg.run(30)`` in code is 30 ticks of the ▶ button."""
        frames = integer(frames, "run: frames", 1, MAX_FRAMES)
        self._refuse_if_diverged("run")
        for _ in range(frames):
            self._train(self.values["steps"])
        self.refresh()

    def step(self):
        """One frame of training and a new picture (the "step" button)."""
        self.run(1)

    def reset(self):
        """Back to the very same initial weights, a fresh optimizer state and an empty curve."""
        self._guarded(self._reset)

    def _reset(self):
        self.model.load_state_dict(self.initial_state)
        self.play.playing = False
        self._new_optimizer()
        self._restart_history()

    def new_seed(self):
        """Another initialisation (and another draw of the data)."""
        self._guarded(self._new_seed)

    def _new_seed(self):
        self.seed += 1
        self.play.playing = False
        self._build()

    # -- taking it home -----------------------------------------------------------------------------
    def features(self, X) -> np.ndarray:
        """Your inputs X (N, 2), or (N, 1) for 1D data, turned into the network's inputs: the ticked features."""
        width = self.X_train.shape[1]
        X = _inputs(X, "features", width=width)
        return features(X, self.feature_names)

    def _require_finite(self, what):
        if not _finite_model(self.model):
            raise UsageError(f"{what}: the playground diverged and its weights hold NaN or inf; nothing to "
                             "keep. Press reset (and lower η), train again, then try once more")

    def export(self):
        """An independent copy of the trained ``lecture_nn`` model; feed it ``pg.features(X)``."""
        self._require_finite("export")
        return copy.deepcopy(self.model)

    def save(self, path):
        """Save the trained model and its optimizer state (``lecture_nn.load`` reads it back)."""
        self._require_finite("save")
        save(path, self.model, self.opt)

    # -- the picture ------------------------------------------------------------------------------
    def _plane(self, X):
        lo, hi = X.min(axis=0), X.max(axis=0)
        pad = 0.15 * (hi - lo) + 1e-9
        scale = np.maximum(1.0, np.maximum(np.abs(lo), np.abs(hi)))
        pad = np.where(hi - lo > 1e-6 * scale, pad, 0.5 * scale)  # every point alike: a plane around them
        return lo - pad, hi + pad

    def _grid(self, n):
        lo, hi = self._extent
        if self.one_d:
            return np.linspace(lo[0], hi[0], n * 4)[:, None]
        _, _, points = plotting.grid_points((lo[0], hi[0]), (lo[1], hi[1]), n)
        return points

    def _make_figure(self):
        fig = plotting.figure(figsize=(10.0, 4.9))
        self.ax = fig.add_axes([0.075, 0.1, 0.40, 0.82])
        self.ax.grid(False)  # under the heat map it would not show anyway
        self.ax_loss = fig.add_axes([0.56, 0.66, 0.42, 0.26])
        for axis in (self.ax.xaxis, self.ax.yaxis, self.ax_loss.xaxis):  # fewer labels, less text per frame
            axis.set_major_locator(MaxNLocator(5))
        self.unit_axes = []
        left, width, top, height = 0.56, 0.42, 0.46, 0.44
        w, h = width / UNITS_SHOWN, height / MAX_LAYERS
        for layer in range(MAX_LAYERS):
            row = []
            for unit in range(UNITS_SHOWN):
                ax = fig.add_axes([left + unit * w + 0.004, top - (layer + 1) * h + 0.006, w - 0.008, h - 0.012])
                ax.set_axis_off()  # no frame, ticks or grid: a unit panel is only its picture (and fast)
                row.append(ax)
            self.unit_axes.append(row)
        self.unit_label = fig.text(left, top + 0.015, "", fontsize=9)
        # the artists every frame moves
        # pale enough that the points on top stay visible
        self.heat = self.ax.imshow(np.zeros((GRID, GRID)), origin="lower", aspect="auto", vmin=0, vmax=1,
                                   cmap=PALE_PROBABILITY, interpolation="bilinear", zorder=0)
        self.curve, = self.ax.plot([], [], color="black", lw=2, zorder=3, label="model")
        self.train_pts = self.ax.scatter([], [], s=20, edgecolors="white", linewidths=0.6, zorder=4, label="train")
        self.test_pts = self.ax.scatter([], [], s=24, facecolors="white", linewidths=1.4, zorder=4, label="test")
        self.diverged_text = self.ax.text(0.5, 0.5, "", transform=self.ax.transAxes, ha="center", va="center",
                                          fontsize=16, color="#D55E00", zorder=10,
                                          bbox=dict(boxstyle="round", facecolor="white", edgecolor="#D55E00"))
        self.train_line, = self.ax_loss.plot([], [], color=plotting.OKABE_ITO["blue"], label="train")
        self.test_line, = self.ax_loss.plot([], [], color=plotting.OKABE_ITO["vermillion"], label="test")
        plotting.plain_log_axis(self.ax_loss.yaxis)  # plain-text powers of ten: no mathtext per frame
        self.ax_loss.set_xlabel("step")
        self.ax_loss.legend(loc="upper right", fontsize=8)
        self.unit_images = [[ax.imshow(np.zeros((UNIT_GRID, UNIT_GRID)), origin="lower", aspect="auto",
                                       cmap="RdBu_r", vmin=-1, vmax=1, interpolation="bilinear")
                             for ax in row] for row in self.unit_axes]
        self.unit_lines = [[ax.plot([], [], color="black", lw=1.2)[0] for ax in row] for row in self.unit_axes]
        # what changes every frame; everything else (axes, ticks, labels, legend) is drawn once
        # into a background and reused until it changes (see png)
        self._dynamic = ([self.heat, self.curve, self.train_pts, self.test_pts, self.train_line, self.test_line,
                          self.ax_loss.title, self.diverged_text]
                         + [a for row in self.unit_images for a in row] + [a for row in self.unit_lines for a in row])
        for artist in self._dynamic:
            artist.set_animated(True)
        return fig

    def readout(self) -> str:
        """One line: the step, the current train and test loss and, for classes, the train and test
        accuracy (or "diverged")."""
        if self.diverged:
            return f"step {self.steps_done}: diverged (the loss is not finite); press reset and lower η"
        h = self.history
        text = f"step {self.steps_done}: train loss {h['train'][-1]:.4f}, test loss {h['test'][-1]:.4f}"
        if self.n_classes:
            text += f"; accuracy train {h['train_accuracy'][-1]:.3f}, test {h['test_accuracy'][-1]:.3f}"
        notes = [self._task_note(), self._points_note()]
        return "; ".join([text] + [note for note in notes if note])

    def _task_note(self) -> str:
        """Why your data is a regression, when it was chosen from float labels (else nothing to say)."""
        if self._user is None or self.values["dataset"] != USER_DATA:
            return ""
        reason = self._user[3]
        return reason if reason.startswith("y holds floats") else ""

    @property
    def task_reason(self) -> str:
        """Which task your data is and why ("y holds floats: regression; ..."); "" for a built-in dataset."""
        return self._user[3] if self._user is not None and self.values["dataset"] == USER_DATA else ""

    def update(self, **values):
        error = getattr(self, "_pending_error", None)
        self._pending_error = None
        if hasattr(self, "readout_html"):
            self.readout_html.value = html.escape(self.readout())
            self.note_html.value = self._note_text()
        if error is not None:
            raise error  # the base class draws it in the picture and the status line
        self._draw_model()
        self._draw_loss()
        self._draw_units()
        self._static_key = (self.ax.get_xlim(), self.ax.get_ylim(), self.ax.get_title(), self.ax.get_xlabel(),
                            self.ax_loss.get_xlim(), self.ax_loss.get_ylim(), self.unit_label.get_text(),
                            tuple(ax.get_visible() for row in self.unit_axes for ax in row),
                            tuple(self.fig.get_size_inches()), self.fig.dpi,
                            tuple(ax.title.get_fontsize() for ax in self.fig.axes))

    def _draw_model(self):
        ax = self.ax
        lo, hi = self._extent
        with np.errstate(over="ignore", invalid="ignore"):
            out = self.model._forward(self._grid_features)
        colors_train, colors_test = self._colors
        X_train, X_test = self.X_train[self._drawn_train], self.X_test[self._drawn_test]
        if self.one_d:
            self.heat.set_visible(False)
            x = self._grid_points[:, 0]
            self.curve.set_data(x, out[:, 0])
            self.train_pts.set_offsets(np.column_stack([X_train[:, 0], self.y_train[self._drawn_train]]))
            self.test_pts.set_offsets(np.column_stack([X_test[:, 0], self.y_test[self._drawn_test]]))
            y_lo, y_hi = self._y_range
            pad = 0.2 * (y_hi - y_lo) + 0.1
            ax.set_xlim(lo[0], hi[0])
            ax.set_ylim(y_lo - pad, y_hi + pad)
            ax.set_xlabel("x₁")
            ax.set_ylabel("y")
        else:
            self.curve.set_data([], [])
            self.heat.set_visible(True)
            self.heat.set_extent((lo[0], hi[0], lo[1], hi[1]))
            self.heat.set_data(self._field(out))
            self.train_pts.set_offsets(X_train)
            self.test_pts.set_offsets(X_test)
            ax.set_xlim(lo[0], hi[0])
            ax.set_ylim(lo[1], hi[1])
            ax.set_xlabel("x₁")
            ax.set_ylabel("x₂")
        self.train_pts.set_facecolors(colors_train)
        self.test_pts.set_edgecolors(colors_test)
        widths = [layer.d_out for layer in self.model.layers[:-1:2]]
        arch = "-".join(map(str, [len(self.feature_names), *widths, self.model.layers[-1].d_out]))
        what = {0: "regression", 2: "2 classes"}.get(self.n_classes, f"{self.n_classes} classes")
        shown = f"\n{self._points_note()}" if self.points_drawn else ""
        ax.set_title(f"{arch} {self.values['activation']}, {what}, {type(self.opt).__name__}{shown}", fontsize=11)
        if self.diverged:
            self.diverged_text.set_text("diverged: the loss is not finite\npress reset (and lower η)")
        self.diverged_text.set_visible(self.diverged)

    def _field(self, out):
        """Grid outputs -> an image: p(class 1), the winning class's colour, or the regression value."""
        out = np.nan_to_num(out, nan=0.0, posinf=1e6, neginf=-1e6)
        if self.n_classes == 2:
            self.heat.set_cmap(PALE_PROBABILITY)
            self.heat.set_clim(0, 1)
            return sigmoid(out[:, 0]).reshape(GRID, GRID)
        if self.n_classes > 2:
            colors = np.array([to_rgb(c) for c in plotting.CLASS_COLORS])
            z = out - out.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            winner = p.argmax(axis=1)
            confidence = (p.max(axis=1) - 1 / self.n_classes) / (1 - 1 / self.n_classes)
            rgb = colors[winner % len(colors)] * confidence[:, None] + (1 - confidence[:, None]) * 0.97
            return (PALE * rgb + (1 - PALE)).reshape(GRID, GRID, 3)
        y_lo, y_hi = self._y_range
        self.heat.set_cmap(PALE_VIRIDIS)
        self.heat.set_clim(y_lo, max(y_hi, y_lo + 1e-9))
        return out[:, 0].reshape(GRID, GRID)

    def _point_colors(self):
        """The colours of the drawn train points (filled) and test points (their edge)."""
        y_train, y_test = self.y_train[self._drawn_train], self.y_test[self._drawn_test]
        if self.n_classes:
            palette = plotting.CLASS_COLORS
            return ([palette[int(c) % len(palette)] for c in y_train],
                    [palette[int(c) % len(palette)] for c in y_test])
        if self.one_d:
            blue, vermillion = plotting.OKABE_ITO["blue"], plotting.OKABE_ITO["vermillion"]
            return [blue] * len(y_train), [vermillion] * len(y_test)
        y_lo, y_hi = self._y_range
        norm = (y_train - y_lo) / (y_hi - y_lo + 1e-12)
        cmap = mpl.colormaps["viridis"]
        return [cmap(t) for t in norm], ["black"] * len(y_test)

    def _draw_loss(self):
        h = self.history
        steps = np.asarray(h["step"], dtype=float)
        train, test = np.asarray(h["train"]), np.asarray(h["test"])
        self.train_line.set_data(steps, train)
        self.test_line.set_data(steps, test)
        finite = np.concatenate([train[np.isfinite(train)], test[np.isfinite(test)]])
        finite = finite[finite > 0]
        ax = self.ax_loss
        ax.set_xlim(0, _nice_ceiling(max(10.0, steps[-1])))  # limits move in steps: the axes are
        if finite.size:                                       # redrawn only when they do
            ax.set_ylim(10.0 ** np.floor(np.log10(finite.min())), 10.0 ** np.ceil(np.log10(finite.max())))
        last_train, last_test = train[-1], test[-1]
        readout = "diverged" if self.diverged else f"train {last_train:.4f}   test {last_test:.4f}"
        if self.n_classes and not self.diverged:
            readout += f"\naccuracy:  train {h['train_accuracy'][-1]:.3f}   test {h['test_accuracy'][-1]:.3f}"
        loss_name = {"BCEWithLogitsLoss": "binary cross-entropy", "CrossEntropyLoss": "cross-entropy",
                     "MSELoss": "mean squared error"}[type(self.loss_fn).__name__]
        ax.set_title(f"{loss_name} after {self.steps_done} steps:  {readout}", fontsize=10)

    def _draw_units(self):
        hidden = [layer for layer in self.model.layers[1::2]]  # the Activation layers
        F = self._unit_features
        with np.errstate(over="ignore", invalid="ignore"):
            self.model._forward(F)
        for k, row in enumerate(self.unit_axes):
            A = hidden[k]._cache[1] if k < len(hidden) else None
            for j, ax in enumerate(row):
                show = A is not None and j < A.shape[1]
                ax.set_visible(show)
                if not show:
                    continue
                a = np.nan_to_num(A[:, j], nan=0.0, posinf=0.0, neginf=0.0)
                scale = max(np.abs(a).max(), 1e-9)
                if self.one_d:
                    self.unit_images[k][j].set_visible(False)
                    line = self.unit_lines[k][j]
                    line.set_data(self._unit_points[:, 0], a)
                    ax.set_xlim(self._unit_points[0, 0], self._unit_points[-1, 0])
                    ax.set_ylim(-scale * 1.1, scale * 1.1)
                else:
                    self.unit_lines[k][j].set_data([], [])
                    image = self.unit_images[k][j]
                    image.set_visible(True)
                    image.set_data((a / scale).reshape(UNIT_GRID, UNIT_GRID))
        n_hidden = len(hidden)
        shown = "against x₁" if self.one_d else "(red > 0 > blue)"
        self.unit_label.set_text(f"hidden units' outputs {shown}, a row per layer"
                                 + (f" (first {UNITS_SHOWN})" if any(
                                     layer.d_out > UNITS_SHOWN for layer in self.model.layers[:-1:2]) else "")
                                 if n_hidden else "no hidden layer: a linear model of the features")

    def png(self) -> bytes:
        """The live picture: the static background redrawn only when it changed, the changing
        artists on top, compressed lightly (encoded ~4x faster than at PNG's default level)."""
        canvas = self.fig.canvas
        if self._background is None or self._background_key != self._static_key:
            canvas.draw()  # everything but the animated artists
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._background_key = self._static_key
        else:
            canvas.restore_region(self._background)
        for artist in self._dynamic:
            if artist.get_visible() and (artist.axes is None or artist.axes.get_visible()):
                self.fig.draw_artist(artist)
        if self._message.get_visible():  # the base class's error message
            self.fig.draw_artist(self._message)
        return self._encode(compress_level=1)


    def _state_token(self):
        return (self.steps_done, id(self.model), self.diverged, tuple(sorted(self.values.items())))

    def refresh(self):
        super().refresh()
        self._drawn = self._state_token()

    def _repr_mimebundle_(self, include=None, exclude=None):
        if getattr(self, "_drawn", None) != self._state_token():
            self.refresh()  # trained from code (pg.train) since the last picture: show the current state
        data = super()._repr_mimebundle_(include, exclude)
        self.png()
        data["image/png"] = self._encode(compress_level=6)  # the picture that stays in the notebook: compact
        return data

    def __repr__(self):
        v = self.values
        widths = [v[f"width{k}"] for k in range(1, v["layers"] + 1)]
        return (f"Playground(data={v['dataset']!r}, features={self.feature_names}, hidden={widths}, "
                f"activation={v['activation']!r}, optimizer={v['optimizer']!r}, lr={v['lr']:.3g}, "
                f"steps={self.steps_done})")


def _nice_ceiling(x):
    """The smallest of 1, 2, 5 times a power of ten that is >= x."""
    power = 10.0 ** np.floor(np.log10(x))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= x)


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


HISTORY_KEYS = ("step", "train", "test", "train_accuracy", "test_accuracy")


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
_runner: list = []  # one playground that trains every seed run: building its figure costs more than training
MAX_SEEDS = 100


def _runner_for(preset, settings):
    """The shared runner playground with the controls of ``preset`` and ``settings`` (both checked)."""
    values = {**DEFAULTS, **(PRESETS[preset].settings if preset else {}), **settings}
    if not _runner:
        _runner.append(Playground())
    pg = _runner[0]
    pg._applying = True  # set every control without the rebuild each change would start
    try:
        for name, value in values.items():
            pg.controls[name].value = value
    finally:
        pg._applying = False
    return pg


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
        pg = _runner_for(preset, settings)
        runs = []
        for seed in key[1]:
            pg.seed = seed
            pg._build()
            for _ in range(key[2]):
                pg._train(pg.values["steps"])
            widths = [layer.d_out for layer in pg.model.layers[:-1:2]]
            runs.append(SeedRun(seed=seed, model=copy.deepcopy(pg.model), feature_names=tuple(pg.feature_names),
                                units=sum(widths), n_params=pg.model.n_params,
                                history={k: list(v) for k, v in pg.history.items()},
                                X_test=pg.X_test.copy(), y_test=pg.y_test.copy()))
        _seed_runs[key] = runs
    return list(_seed_runs[key])


def loss_curves_figure(runs: dict, title: str = ""):
    """Train loss against the step, one curve per run (label -> ``SeedRun``), on a log axis.

    A label that names an optimizer ("SGD", "Momentum", ...) gets that optimizer's lecture colour.
    """
    who = "loss_curves_figure"
    if not isinstance(runs, dict):
        hint = " such as {'SGD': runs[0]}" if isinstance(runs, (list, tuple)) else ""
        raise InputError(f"{who}: runs must be a dict label -> SeedRun{hint}, got {describe(runs)}")
    if not runs:
        raise InputError(f"{who}: runs must hold at least one run (label -> SeedRun), got an empty dict")
    for label, run in runs.items():
        if not isinstance(label, str) or not label or label.startswith("_"):
            raise InputError(f"{who}: runs' labels must be names (strings, not starting with '_') for the legend, "
                             f"got {describe(label)}")
        instance(run, f"{who}: runs[{label!r}]", SeedRun, "train_over_seeds(...)[0]")
    if not isinstance(title, str):
        raise InputError(f"{who}: title must be a string, got {describe(title)}")
    fig, ax = plotting.new_figure(figsize=(7.0, 3.2))
    for label, run in runs.items():
        ax.plot(run.history["step"], run.history["train"], lw=1.8, label=label,
                color=plotting.OPTIMIZER_COLORS.get(label))
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("train loss")
    ax.set_title(title)
    ax.legend()
    return fig


EXPLORERS = [Playground]
