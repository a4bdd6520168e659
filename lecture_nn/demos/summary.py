r"""Notebook 08, slides "Summary" and "Food for thought: being the 'universal approximators', can
neural nets really solve every possible supervised learning problem?".

Serves ``notebooks/08_summary.ipynb``:

* learned features — ``train_feature_net`` fits ``mlp([2, 16, 2, 1], "elu")`` to the circles of
  notebook 01; ``hidden_features`` returns the last hidden layer's activations $a$ (N, 2), on which
  the last layer $\hat y = w^T a + b$ is a plain linear model (``feature_space_figure``); on $x$
  itself no straight line separates the circles (``best_line_accuracy``);
* memorization (Zhang et al. 2017) — ``train_on_labels`` fits a wide MLP to labels of which a
  fraction are coin flips: it reaches 100 % training accuracy whatever the fraction, while its test
  accuracy falls to near chance (``memorization_figure``, ``RandomLabelsExplorer``);
* extrapolation — ``fit_sin`` fits $\sin(\pi x)$ on $[-1, 1]$ with ReLU and tanh nets; outside the
  data the ReLU net goes on as a straight line, the tanh net levels off (``extrapolation_figure``);
* no free lunch (Wolpert 1996) — on the 8 corners of the cube $\{-1, 1\}^3$, every learner that sees
  4 labels gets exactly 50 % of the other 4 right, averaged over all $2^8$ targets
  (``all_targets``, ``nfl_predictions``, ``linearly_separable``);
* representable is not learnable — ``parity_network`` is ``mlp([8, 8, 1], "relu")`` with weights that
  compute the parity of 8 bits exactly; ``train_on_parity`` trains the same architecture from random
  weights, which does not find them, and wider nets that fit the inputs they see but not the others.
"""

from __future__ import annotations

import copy
import itertools

import ipywidgets as widgets
import numpy as np
from matplotlib import colormaps as cmaps
from matplotlib.ticker import MultipleLocator

from .._checks import all_finite, array, choice, instance, integer, interval, number
from .._checks import seed as seed_arg
from ..activations import ACTIVATIONS, sigmoid
from ..data import regression_1d
from ..errors import InputError
from ..layers import Dense, Sequential, mlp
from ..losses import BCEWithLogitsLoss, MSELoss
from ..optim import Adam
from ..plotting import (ACTIVATION_COLORS, CLASS_COLORS, OKABE_ITO, grid_points, new_figure, plot_dataset_2d,
                        plot_decision_boundary, plot_probability_map)
from ..training import TrainingDiverged, accuracy, fit
from .base import Explorer, control
from .linear_collapse import circles_data

__all__ = [
    "circles_data", "feature_data", "train_feature_net", "hidden_features", "linear_accuracy", "best_line_accuracy",
    "feature_space_figure",
    "rule_labels", "training_inputs", "held_out_data", "randomized_labels", "train_on_labels",
    "memorization_figure", "RandomLabelsExplorer",
    "fit_sin", "extrapolation_figure",
    "CUBE", "TRAIN", "TEST", "LEARNERS", "all_targets", "linearly_separable", "nfl_predictions",
    "PARITY_BITS", "parity_data", "parity_network", "train_on_parity",
    "EXPLORERS",
]

GRID = 120  # heat-map resolution of decision boundaries
# upper limits that keep a call within seconds: a typo such as 10**9 is refused, not a hang
MAX_EPOCHS_ARG = 50_000
MAX_ABS = 1e100  # larger inputs overflow the squares and exponentials of training
MAX_LINE_POINTS = 300  # best_line_accuracy sorts N points along each of ~N^2/2 directions


# --- checks of the arguments ------------------------------------------------------------------------

def _points(X, name: str, who: str, d: int | None = 2, limit: float | None = MAX_ABS) -> np.ndarray:
    """X (N, d) of finite numbers, N >= 1, each |value| <= ``limit``."""
    X = array(X, name, shape=(None, d) if d is not None else None, ndim=2, who=who)
    if X.shape[0] < 1 or X.shape[1] < 1:
        raise InputError(f"{who}: {name} must hold at least one sample and one feature, got shape {X.shape}")
    if limit is not None and np.abs(X).max() > limit:
        raise InputError(f"{who}: {name} has values up to {np.abs(X).max():.3g}; keep |{name}| <= {limit:g} "
                         f"(larger values overflow the computation), e.g. by scaling it")
    return X


def _labels(y, N: int | None, who: str, inputs: str = "X", name: str = "y", column: bool = True) -> np.ndarray:
    """Class labels 0/1 (ints, bools, or floats 0.0/1.0), one per row of ``inputs``: (N,) int64.

    ``N=None``: any number of labels; ``column``: (N, 1) is accepted too.
    """
    if isinstance(y, (str, bytes)) or y is None:
        raise InputError(f"{who}: {name} must be an array of class labels 0 or 1, got {y!r}")
    labels = array(y, name, ndim=(1, 2) if column else 1, who=who)
    if labels.ndim == 2 and labels.shape[1] != 1:
        raise InputError(f"{who}: {name} must have shape (N,) or (N, 1), got shape {labels.shape}")
    labels = labels.reshape(-1)
    if N is not None and len(labels) != N:
        raise InputError(f"{who}: {name} must hold N = {N} labels, one per row of {inputs}, got {len(labels)}")
    wrong = ~np.isin(labels, (0.0, 1.0))
    if wrong.any():
        raise InputError(f"{who}: {name} must hold class labels 0 or 1, got the value {labels[wrong][0]:g}")
    return labels.astype(np.int64)


def _ndim(value) -> int:
    """``np.ndim(value)``, or -1 for what numpy cannot see as an array (a ragged list)."""
    try:
        return int(np.ndim(value))
    except (TypeError, ValueError):
        return -1


def _training(epochs, lr):
    return integer(epochs, "epochs", 1, MAX_EPOCHS_ARG), number(lr, "lr", 0.0, 10.0, low_open=True)


def _diverged(who: str, lr: float, error: Exception) -> InputError:
    return InputError(f"{who}: training diverged with lr = {lr:g} ({error}); try a smaller lr")


def _activation(activation, name="activation") -> str:
    return choice(activation, name, ACTIVATIONS, kind="activation")


def _range(value, name: str, who: str, limit: float = 1e6) -> tuple[float, float]:
    low, high = interval(value, name)
    if max(abs(low), abs(high)) > limit:
        raise InputError(f"{who}: {name} must lie within [-{limit:g}, {limit:g}], got {tuple(value)!r}")
    return low, high


def _logits_to_probability(model, points) -> np.ndarray:
    return sigmoid(model.forward(points)[:, 0])


# --- 1. earlier layers extract features, the last layer is a linear model --------------------------

FEATURE_SIZES = (2, 16, 2, 1)  # a last hidden layer of 2 units: its feature space is a plane
# ELU, not ReLU: with only 2 units in the last hidden layer, one dead ReLU unit (seen with seeds 0, 1
# and 4) leaves a feature space that is a half line
FEATURE_ACTIVATION = "elu"
FEATURE_SEED = 2
FEATURE_RANGE = (-1.5, 1.5)
#: circles |x| = r drawn in input space and mapped into feature space
FEATURE_RADII = (0.2, 0.45, 0.7, 1.0, 1.3)
_feature_nets: dict = {}


#: the data of this section: notebook 01's circles (inner circle = class 1), which no straight line
#: separates in $x$; ``circles_data`` is the name notebook 01 and this module use
feature_data = circles_data


def train_feature_net(seed=FEATURE_SEED, epochs=300, lr=0.05):
    """``mlp([2, 16, 2, 1], "elu")`` trained full batch with Adam on the circles; cached.

    ``seed`` seeds the weights (the data are always ``circles_data()``); ``epochs`` in 1..50000,
    ``lr`` in (0, 10]. Returns ``(model, train accuracy)``.
    """
    seed = seed_arg(seed)
    epochs, lr = _training(epochs, lr)
    key = (seed, epochs, lr)
    if key not in _feature_nets:
        X, y = circles_data()
        model = mlp(list(FEATURE_SIZES), activation=FEATURE_ACTIVATION, rng=seed)
        try:
            fit(model, BCEWithLogitsLoss(), Adam(model.parameters(), lr=lr), X, y, epochs=epochs)
        except TrainingDiverged as error:
            raise _diverged("train_feature_net", lr, error) from error
        _feature_nets[key] = (model, accuracy(model, X, y))
    return copy.deepcopy(_feature_nets[key])  # a fresh copy: changing it changes no later call


def hidden_features(model, X) -> np.ndarray:
    r"""The last hidden layer's activations $a$ (N, d'): every layer of ``model`` but the last Dense.

    The model's output is then the linear model $\hat y = w^T a + b$ of the last layer.
    ``model``: a ``Sequential`` ending in a Dense layer; X (N, d) with d its input size.
    """
    who = "hidden_features"
    model = instance(model, "model", Sequential, "train_feature_net()[0]")
    if not isinstance(model.layers[-1], Dense):
        raise InputError(f"{who}: model must end in a Dense layer (the linear model on the features), "
                         f"got {type(model.layers[-1]).__name__} last")
    A = _points(X, "X", who, d=None, limit=None)
    if A.shape[1] != model.d_in:
        raise InputError(f"{who}: X must have shape (N, {model.d_in}), the input size d of model "
                         f"({model.layers[0]!r} first), got shape {A.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        for layer in model.layers[:-1]:
            A = layer.forward(A)
    if not all_finite(A):
        raise InputError(f"{who}: the hidden activations are not finite: model's weights are NaN/inf, or X is "
                         f"too large (|X| up to {np.abs(X).max():.3g})")
    return A


def linear_accuracy(features, y, epochs=300, lr=0.05, seed=0) -> float:
    r"""Training accuracy of a linear classifier $\sigma(w^T \varphi + b)$ on ``features`` (N, k).

    One ``Dense(k, 1)`` trained full batch with Adam on ``BCEWithLogitsLoss``. y: labels 0/1 (N,);
    ``epochs`` in 1..50000, ``lr`` in (0, 10], ``seed`` an int >= 0.
    """
    who = "linear_accuracy"
    features = _points(features, "features", who, d=None)
    labels = _labels(y, len(features), who, "features")
    y = labels if np.ndim(y) != 2 else labels[:, None]
    epochs, lr = _training(epochs, lr)
    model = mlp([features.shape[1], 1], rng=seed_arg(seed))
    try:
        fit(model, BCEWithLogitsLoss(), Adam(model.parameters(), lr=lr), features, y, epochs=epochs)
    except TrainingDiverged as error:
        raise _diverged(who, lr, error) from error
    return accuracy(model, features, y)


def best_line_accuracy(X, y) -> float:
    r"""The highest training accuracy of any straight line $[u^T x > c]$ in the plane, exactly.

    Between two directions $u$ at which a pair of points swaps order along $u$, every line sorts the
    points the same way; so one direction inside each such interval and every threshold between two
    sorted projections (either side labelled 1) cover all the ways a line can split the points.
    X (N, 2) with 2 <= N <= 300, y (N,) in {0, 1}.
    """
    who = "best_line_accuracy"
    X = _points(X, "X", who, limit=None)
    if not 2 <= len(X) <= MAX_LINE_POINTS:
        raise InputError(f"{who}: X must hold 2 to {MAX_LINE_POINTS} points (the exact search sorts them along "
                         f"~N^2/2 directions), got N = {len(X)}")
    y = _labels(y, len(X), who)
    largest = float(np.abs(X).max())
    if largest > 1e150:  # differences of such points overflow: scale by a power of two, which is exact
        X = np.ldexp(X, -int(np.frexp(largest)[1]))
    i, j = np.triu_indices(len(X), k=1)
    d = X[i] - X[j]
    critical = np.sort(np.mod(np.arctan2(d[:, 1], d[:, 0]) + np.pi / 2, np.pi))  # u perpendicular to x_i - x_j
    angles = (critical + np.append(critical[1:], critical[0] + np.pi)) / 2  # one direction per interval
    best, N, ones = 0.0, len(y), y.sum()
    for chunk in np.array_split(angles, max(1, len(angles) // 2000)):
        U = np.column_stack([np.cos(chunk), np.sin(chunk)])  # (k, 2)
        order = np.argsort(X @ U.T, axis=0)  # (N, k): the points sorted along each direction
        ones_below = np.vstack([np.zeros((1, len(chunk))), np.cumsum(y[order], axis=0)])  # (N + 1, k)
        below = np.arange(N + 1)[:, None]
        correct = (below - ones_below) + (ones - ones_below)  # 0 below the threshold, 1 above
        best = max(best, float(correct.max()) / N, float((N - correct).max()) / N)  # or the other way round
    return best


def _circle(r, n=300):
    t = np.linspace(0, 2 * np.pi, n)
    return r * np.column_stack([np.cos(t), np.sin(t)])


def feature_space_figure(seed=FEATURE_SEED):
    r"""Three views of one trained net: input space $x$, feature space $a$, and the score $w^T a + b$.

    Left: $p(\text{class } 1)$ over the input plane, a curved boundary. Middle: the same points after
    the hidden layers, $a = g(W_2\, g(W_1 x + b_1) + b_2)$, over the last layer's own
    $p = \sigma(w^T a + b)$, whose boundary $w^T a + b = 0$ is a straight line. The thin curves are the
    circles $|x| = r$ of the left panel and their images. Right: the score $z = w^T a + b$ of every
    sample, by class. ``seed`` (int >= 0) seeds the weights.
    """
    model, acc = train_feature_net(seed_arg(seed))
    X, y = circles_data()
    A = hidden_features(model, X)  # (N, 2)
    last = model.layers[-1]
    w, b = last.W.value[0], last.b.value[0]  # (2,), scalar
    z = A @ w + b  # (N,)
    colors = [cmaps["viridis"](v) for v in np.linspace(0.0, 0.85, len(FEATURE_RADII))]

    fig, (ax_x, ax_a, ax_z) = new_figure(1, 3, figsize=(14.0, 4.6))
    plot_decision_boundary(model.forward, X, y, ax=ax_x, x_range=FEATURE_RANGE, y_range=FEATURE_RANGE, n=GRID)
    for r, color in zip(FEATURE_RADII, colors):
        ax_x.plot(*_circle(r).T, color=color, lw=1.0, label=f"$|x| = {r}$")
    ax_x.set_aspect("equal")
    ax_x.set_title(f"input space $x$: a curved boundary\n(train accuracy {acc:.2f})")
    fig.legend(*ax_x.get_legend_handles_labels(), loc="outside lower center", ncol=7, fontsize=9)

    curves = [hidden_features(model, _circle(r)) for r in FEATURE_RADII]
    everything = np.concatenate([A] + curves)
    pad = 0.08 * (everything.max(axis=0) - everything.min(axis=0))
    lo, hi = everything.min(axis=0) - pad, everything.max(axis=0) + pad
    _, _, apoints = grid_points((lo[0], hi[0]), (lo[1], hi[1]), GRID)
    P = sigmoid(apoints @ w + b).reshape(GRID, GRID)  # the last layer alone, over the feature plane
    plot_probability_map(P, (lo[0], hi[0]), (lo[1], hi[1]), ax=ax_a, alpha=0.6)
    for curve, color in zip(curves, colors):
        ax_a.plot(curve[:, 0], curve[:, 1], color=color, lw=1.0)
    plot_dataset_2d(A, y, ax=ax_a)
    ax_a.set_xlim(lo[0], hi[0])
    ax_a.set_ylim(lo[1], hi[1])
    ax_a.set_xlabel("$a_1$")
    ax_a.set_ylabel("$a_2$")
    ax_a.set_title("feature space $a$ (last hidden layer):\nthe line $w^T a + b = 0$ separates the classes")

    bins = np.linspace(z.min() - 0.5, z.max() + 0.5, 40)
    for c in (0, 1):
        ax_z.hist(z[y == c], bins=bins, color=CLASS_COLORS[c], alpha=0.75, label=f"class {c}")
    ax_z.axvline(0, color="black", lw=1.5)
    ax_z.set_xlabel("last layer's score $z = w^T a + b$")
    ax_z.set_ylabel("number of samples")
    gap = min(z[y == 1].min(), -z[y == 0].max())
    ax_z.set_title(f"one threshold, $z = 0$, splits the classes\n(closest sample at $|z|$ = {gap:.1f})")
    ax_z.legend(fontsize=9)
    return fig


# --- 2. memorization: an MLP fits random labels ------------------------------------------------------

MEMORIZE_SIZES = (2, 64, 64, 1)  # 4 417 parameters for N = 100 training points
MEMORIZE_LR = 0.01
MAX_EPOCHS = 10000  # seeds 0-9 fit every labelling in time (the slowest, seed 2 at 25 %, needs ~5000)
CHECK_EVERY = 25  # epochs between checks of "every training label fitted"
FRACTIONS = (0.0, 0.25, 0.5, 0.75, 1.0)  # the explorer's slider positions
RANGE_2D = (-1.1, 1.1)
# test set seed: chosen so the printed accuracies (2 decimals) sit far from a rounding edge, where
# one test point flipped by another BLAS would change the printed digits
TEST_SEED = 3
_memorizers: dict = {}


def rule_labels(X) -> np.ndarray:
    r"""The learnable rule: class 1 above the wave, $y = [x_2 > \tfrac12 \sin(\pi x_1)]$ (N,) ints; X (N, 2)."""
    X = _points(X, "X", "rule_labels", limit=1e300)  # pi x1 must not overflow
    return (X[:, 1] > 0.5 * np.sin(np.pi * X[:, 0])).astype(np.int64)


def training_inputs(side=10, seed=0) -> np.ndarray:
    """``side**2`` training points on a jittered grid over $[-1, 1]^2$ (N, 2).

    A grid keeps neighbours apart, so memorizing any labelling needs few steps. ``side`` in 1..1000.
    """
    side = integer(side, "side", 1, 1000)
    rng = np.random.default_rng(seed_arg(seed))
    centres = (np.arange(side) + 0.5) / side * 2 - 1
    x1, x2 = np.meshgrid(centres, centres)
    X = np.column_stack([x1.ravel(), x2.ravel()])
    return X + rng.uniform(-0.3, 0.3, X.shape) * (2 / side)


def held_out_data(n=2000, seed=TEST_SEED):
    """Fresh points, uniform on $[-1, 1]^2$, labelled by the rule: X (n, 2), y (n,); n in 1..1000000."""
    n = integer(n, "n", 1, 1_000_000)
    X = np.random.default_rng(seed_arg(seed)).uniform(-1, 1, (n, 2))
    return X, rule_labels(X)


def randomized_labels(y, fraction, seed=0) -> np.ndarray:
    """``y`` with ``round(fraction * N)`` labels replaced by coin flips (they may land on the true label).

    The replaced samples are the first ones of one fixed permutation, and their coin flips are fixed,
    so the sets are nested: the labels random at 25 % are also random at 50 %.
    ``fraction=1``: every label is a coin flip, unrelated to $x$. y: labels 0/1, shape (N,).
    """
    who = "randomized_labels"
    fraction = number(fraction, "fraction of randomized labels", 0.0, 1.0)
    y = _labels(y, None, who, column=False)
    rng = np.random.default_rng(seed_arg(seed))
    order, coins = rng.permutation(len(y)), rng.integers(0, 2, len(y))
    k = int(round(fraction * len(y)))
    y[order[:k]] = coins[order[:k]]
    return y


def train_on_labels(fraction, seed=0):
    """``mlp([2, 64, 64, 1], "relu")`` trained on the grid with a ``fraction`` of random labels; cached.

    Full-batch Adam (lr 0.01) until every training label is fitted (checked every 25 epochs, at most
    10000 epochs). Returns a dict: ``model``, ``y_train`` (the labels it was trained on),
    ``train_accuracy`` (on those labels), ``test_accuracy`` (on fresh points with the rule's labels),
    ``epochs``. ``fraction`` in [0, 1]; ``seed`` (int >= 0) seeds the grid, the coin flips and the weights.
    """
    fraction = number(fraction, "fraction", 0.0, 1.0)
    seed = seed_arg(seed)
    key = (fraction, seed)
    if key not in _memorizers:
        X = training_inputs(seed=seed)
        y_train = randomized_labels(rule_labels(X), fraction, seed=seed)
        X_test, y_test = held_out_data()
        model = mlp(list(MEMORIZE_SIZES), activation="relu", rng=seed)

        def all_fitted(epoch, history):
            return epoch % CHECK_EVERY == 0 and accuracy(model, X, y_train) == 1.0

        history = fit(model, BCEWithLogitsLoss(), Adam(model.parameters(), lr=MEMORIZE_LR), X, y_train,
                      epochs=MAX_EPOCHS, callback=all_fitted)
        _memorizers[key] = {"model": model, "y_train": y_train, "train_accuracy": accuracy(model, X, y_train),
                            "test_accuracy": accuracy(model, X_test, y_test), "epochs": history.epochs}
    return copy.deepcopy(_memorizers[key])  # a fresh copy: changing it changes no later call


def _rule_curve(ax, **kw):
    s = np.linspace(*RANGE_2D, 200)
    return ax.plot(s, 0.5 * np.sin(np.pi * s), ls="--", color="black", lw=1.2, **kw)[0]


def _mark_wrong(ax, X, wrong, **kw):
    return ax.scatter(X[wrong, 0], X[wrong, 1], s=70, facecolors="none", edgecolors="black", linewidths=1.2,
                      label="label ≠ rule", **kw)


def memorization_figure(fractions=(0.0, 1.0), seed=0):
    r"""One panel per fraction of random labels: the trained net's $p(\text{class } 1)$ and boundary,
    the training labels it saw (ringed where they disagree with the rule), the rule as a dashed wave.

    ``fractions``: 1 to 5 fractions in [0, 1], one panel (and one trained net) each."""
    who = "memorization_figure"
    if isinstance(fractions, (str, bytes)) or not isinstance(fractions, (list, tuple, np.ndarray)) \
            or _ndim(fractions) != 1 or not 1 <= len(fractions) <= 5:
        raise InputError(f"{who}: fractions must be a list of 1 to 5 fractions in [0, 1] such as (0.0, 1.0), "
                         f"got {fractions!r:.60}")
    fractions = [number(f, f"fractions[{i}]", 0.0, 1.0) for i, f in enumerate(fractions)]
    seed = seed_arg(seed)
    X = training_inputs(seed=seed)
    truth = rule_labels(X)
    fig, axes = new_figure(1, len(fractions), figsize=(4.8 * len(fractions), 4.8))
    axes = np.atleast_1d(axes)
    for ax, fraction in zip(axes, fractions):
        run = train_on_labels(fraction, seed)
        plot_decision_boundary(run["model"].forward, X, run["y_train"], ax=ax, x_range=RANGE_2D, y_range=RANGE_2D,
                               n=GRID)
        _mark_wrong(ax, X, run["y_train"] != truth)
        _rule_curve(ax, label="rule")
        ax.set_aspect("equal")
        what = "true labels" if fraction == 0 else f"{fraction:.0%} labels random"
        ax.set_title(f"{what}\ntrain accuracy {run['train_accuracy']:.2f}, test accuracy {run['test_accuracy']:.2f}")
    fig.legend(*axes[-1].get_legend_handles_labels(), loc="outside lower center", ncol=4, fontsize=9)
    return fig


class RandomLabelsExplorer(Explorer):
    r"""Slider: the percentage of training labels replaced by coin flips (0, 25, 50, 75, 100).

    Left: the net trained on those labels, $p(\text{class } 1)$ over the plane, its boundary, the
    training labels (ringed: label ≠ rule). Right: train and test accuracy against the percentage.
    All five nets are trained when the explorer is built, so the slider answers at once.
    ``percent``: 0, 25, 50, 75 or 100; ``seed`` (int >= 0) as in :func:`train_on_labels`.
    """

    def __init__(self, percent=100, seed=0):
        controls = {"percent": control(widgets.IntSlider, "percent", percent, min=0, max=100, step=25,
                                       description="random %")}
        percent = controls["percent"].value
        if percent % 25:
            raise InputError(f"percent must be one of 0, 25, 50, 75, 100 (one trained net each), got {percent}; "
                             f"did you mean {25 * round(percent / 25)}?")
        self.seed = seed_arg(seed)
        self.X = training_inputs(seed=seed)
        self.truth = rule_labels(self.X)
        _, _, points = grid_points(RANGE_2D, RANGE_2D, GRID)
        self.runs = {round(100 * f): train_on_labels(f, seed) for f in FRACTIONS}
        self.pictures = {p: _logits_to_probability(run["model"], points).reshape(GRID, GRID)
                         for p, run in self.runs.items()}

        fig, (ax, ax_acc) = new_figure(1, 2, figsize=(8.4, 3.9))
        self.ax, self.ax_acc = ax, ax_acc
        self.map = plot_probability_map(None, RANGE_2D, RANGE_2D, ax=ax, aspect="equal", interpolation="nearest")
        self.points = [ax.scatter(self.X[:0, 0], self.X[:0, 1], s=16, c=CLASS_COLORS[c], edgecolors="white",
                                  linewidths=0.4, label=f"class {c}") for c in (0, 1)]
        self.wrong = _mark_wrong(ax, self.X, np.zeros(len(self.X), bool))
        rule = _rule_curve(ax, label="rule")
        ax.set_xlim(*RANGE_2D)
        ax.set_ylim(*RANGE_2D)
        ax.set_aspect("equal")
        ax.set_xlabel("x₁")
        ax.set_ylabel("x₂")
        ax.xaxis.set_major_locator(MultipleLocator(1))
        ax.yaxis.set_major_locator(MultipleLocator(1))

        percents = sorted(self.runs)
        train = [self.runs[p]["train_accuracy"] for p in percents]
        test = [self.runs[p]["test_accuracy"] for p in percents]
        ax_acc.plot(percents, train, "o-", color=OKABE_ITO["black"], label="train (labels it was given)")
        ax_acc.plot(percents, test, "s-", color=OKABE_ITO["orange"], label="test (fresh points, rule's labels)")
        ax_acc.axhline(0.5, color="0.5", ls=":", label="chance")
        self.cursor = ax_acc.axvline(percent, color=OKABE_ITO["sky blue"], lw=6, alpha=0.35)
        ax_acc.set_xlim(-5, 105)
        ax_acc.set_ylim(0.3, 1.05)
        ax_acc.set_xticks(percents)
        ax_acc.set_yticks([0.5, 0.75, 1.0])  # few labels: text is most of a redraw's cost
        ax_acc.set_xlabel("training labels replaced by coin flips (%)")
        ax_acc.set_ylabel("accuracy")
        accuracies = ax_acc.legend(loc="lower left", fontsize=8)
        ax_acc.add_artist(accuracies)  # a second legend would replace it otherwise
        # the left panel's markers, explained in the empty upper right of this panel
        markers = ax_acc.legend(*ax.get_legend_handles_labels(), loc="upper right", bbox_to_anchor=(1.0, 0.88),
                                fontsize=8, title="left panel", title_fontsize=8)
        ax_acc.set_title("every labelling is fitted;\nonly the rule carries over to new points")
        # what update moves is drawn over a cached background (ticks, labels, curves: most of the
        # cost), with what lies over it (the rule, spines, legends); the map's boundary, drawn anew by
        # each update, comes after the rule (its image, at zorder 0, is drawn first all the same)
        animated = [*self.points, self.wrong, rule, self.map, *ax.spines.values(), ax.title, self.cursor,
                    *ax_acc.spines.values(), accuracies, markers]
        super().__init__(fig, controls, title="Memorization: a wide MLP fits random labels", animated=animated)

    def update(self, percent):
        """Show the net trained with ``percent`` % random labels (0..100; between steps: the nearest)."""
        percent = integer(percent, "percent", 0, 100)
        percent = min(self.runs, key=lambda p: abs(p - percent))  # the slider steps by 25; snap if set by code
        run = self.runs[percent]
        y = run["y_train"]
        self.map.update(self.pictures[percent])
        for c, scatter in enumerate(self.points):
            scatter.set_offsets(self.X[y == c])
        self.wrong.set_offsets(self.X[y != self.truth])
        self.cursor.set_xdata([percent, percent])
        self.ax.set_title(f"{percent} % random labels ({np.sum(y != self.truth)} of {len(y)} wrong):\n"
                          f"train accuracy {run['train_accuracy']:.2f}, test accuracy {run['test_accuracy']:.2f}")


# --- 3. extrapolation: the approximation holds where the data are ---------------------------------------

SIN_SIZES = (1, 16, 16, 1)
_sin_fits: dict = {}


def fit_sin(activation="relu", seed=0, epochs=1000, lr=0.01):
    r"""``mlp([1, 16, 16, 1], activation)`` fitted to $\sin(\pi x)$ at 100 points of $[-1, 1]$; cached.

    Full-batch Adam on the MSE. Returns the model. ``activation``: a name of
    ``lecture_nn.ACTIVATIONS`` (any case); ``epochs`` in 1..50000, ``lr`` in (0, 10].
    """
    activation, seed = _activation(activation), seed_arg(seed)
    epochs, lr = _training(epochs, lr)
    key = (activation, seed, epochs, lr)
    if key not in _sin_fits:
        X, y = regression_1d("sin", n=100, rng=seed)
        model = mlp(list(SIN_SIZES), activation=activation, rng=seed)
        try:
            fit(model, MSELoss(), Adam(model.parameters(), lr=lr), X, y, epochs=epochs)
        except TrainingDiverged as error:
            raise _diverged("fit_sin", lr, error) from error
        _sin_fits[key] = model
    return copy.deepcopy(_sin_fits[key])  # a fresh copy: changing it changes no later call


def extrapolation_figure(activations=("relu", "tanh"), x_range=(-3.0, 3.0), wide_range=(-10.0, 10.0), seed=0):
    r"""The fits of ``fit_sin`` beyond the training interval $[-1, 1]$ (shaded), next to $\sin(\pi x)$.

    Left: ``x_range``; right: the same nets on ``wide_range``, where the ReLU net is a straight line
    and the tanh net has levelled off. Both ranges within [-1e6, 1e6]; ``activations``: 1 to 7
    names of ``lecture_nn.ACTIVATIONS``.
    """
    who = "extrapolation_figure"
    if isinstance(activations, str):
        raise InputError(f"{who}: activations must be a list of activation names, got the string {activations!r} "
                         f"(for one write ({activations!r},))")
    if not isinstance(activations, (list, tuple, np.ndarray)) or _ndim(activations) != 1 \
            or not 1 <= len(activations) <= len(ACTIVATIONS):
        raise InputError(f"{who}: activations must be a list of 1 to {len(ACTIVATIONS)} activation names such as "
                         f"('relu', 'tanh'), got {activations!r:.60}")
    activations = [_activation(a, "activations") for a in activations]
    x_range, wide_range = _range(x_range, "x_range", who), _range(wide_range, "wide_range", who)
    seed = seed_arg(seed)
    X, y = regression_1d("sin", n=100, rng=seed)
    fig, axes = new_figure(1, 2, figsize=(12.0, 4.2))
    for ax, (lo, hi) in zip(axes, (x_range, wide_range)):
        x = np.linspace(lo, hi, 801)
        ax.axvspan(-1, 1, color=OKABE_ITO["sky blue"], alpha=0.15, label="training interval")
        ax.plot(x, np.sin(np.pi * x), color="black", ls="--", lw=1.0, label=r"target $\sin(\pi x)$")
        ax.scatter(X[:, 0], y[:, 0], s=8, color="black", zorder=3, label="training data")
        for name in activations:
            model = fit_sin(name, seed)
            ax.plot(x, model.forward(x[:, None])[:, 0], color=ACTIVATION_COLORS[name], lw=2.0,
                    label=f"{name} net")
        ax.set_xlim(lo, hi)
        ax.set_xlabel("$x$")
        ax.set_ylabel(r"$\hat y$")
    axes[0].set_ylim(-3.5, 3.5)
    axes[1].set_ylim(-7, 7)
    axes[0].set_title(r"on $[-3, 3]$: both nets leave $\sin(\pi x)$ right after $|x| = 1$")
    axes[1].set_title("zoomed out: ReLU goes on as a straight line, tanh levels off")
    axes[0].legend(loc="upper center", fontsize=8, ncol=2, frameon=True)
    return fig


# --- 4. no free lunch on the corners of a cube -------------------------------------------------------

#: the 8 corners of {-1, 1}^3, (8, 3)
CUBE = np.array(list(itertools.product((-1.0, 1.0), repeat=3)))
#: the 4 corners whose labels a learner sees (even number of -1's), and the 4 it must predict
TRAIN = np.flatnonzero(np.prod(CUBE, axis=1) > 0)
TEST = np.flatnonzero(np.prod(CUBE, axis=1) < 0)
LEARNERS = ("mlp", "anti-mlp", "3-nn", "always 1")
_nfl_cache: dict = {}


def all_targets() -> np.ndarray:
    """Every labelling of the 8 corners: (256, 8) ints, row ``k`` holds the bits of ``k``."""
    return (np.arange(256)[:, None] >> np.arange(8)[None, :]) & 1


def linearly_separable(targets) -> np.ndarray:
    r"""Which labellings one neuron $[w^T x + b > 0]$ can express: (T,) bools (104 of the 256).

    On $\{-1, 1\}^3$ integer weights $w_i \in \{-2, \dots, 2\}$ and half-integer $b$ reach every one.
    ``targets``: (T, 8) labels 0/1, one labelling of the corners per row.
    """
    who = "linearly_separable"
    targets = array(targets, "targets", ndim=2, who=who) if _ndim(targets) != 1 else None
    if targets is None:
        raise InputError(f"{who}: targets must have shape (T, 8), one labelling per row; for a single "
                         f"labelling of shape (8,) write targets.reshape(1, -1)")
    if targets.shape[1] != len(CUBE):
        raise InputError(f"{who}: targets must have shape (T, 8) (a label per corner of the cube), got {targets.shape}")
    if not np.isin(targets, (0.0, 1.0)).all():
        raise InputError(f"{who}: targets must hold labels 0 or 1, got {targets[~np.isin(targets, (0.0, 1.0))][0]:g}")
    targets = targets.astype(np.int64)
    expressible = set()
    for w in itertools.product(range(-2, 3), repeat=3):
        scores = CUBE @ np.array(w, dtype=float)
        for b in np.arange(-6.5, 7):
            expressible.add(tuple((scores + b > 0).astype(int)))
    return np.array([tuple(t) in expressible for t in np.asarray(targets)])


def _learner_predictions(learner, y_seen, seed=0) -> np.ndarray:
    """What ``learner`` predicts on the 4 TEST corners after seeing labels ``y_seen`` on TRAIN."""
    if learner == "always 1":
        return np.ones(len(TEST), dtype=np.int64)
    if learner == "3-nn":
        # each test corner has exactly 3 training corners at Hamming distance 1: their majority vote
        distance = np.abs(CUBE[TEST][:, None, :] - CUBE[TRAIN][None, :, :]).sum(axis=2) / 2  # (4, 4)
        votes = np.where(distance == 1, y_seen[None, :], 0).sum(axis=1)
        return (votes >= 2).astype(np.int64)
    if learner in ("mlp", "anti-mlp"):
        key = (tuple(y_seen), seed)
        if key not in _nfl_cache:
            model = mlp([3, 16, 1], activation="tanh", rng=seed)
            fit(model, BCEWithLogitsLoss(), Adam(model.parameters(), lr=0.05), CUBE[TRAIN], y_seen, epochs=200)
            _nfl_cache[key] = (model.forward(CUBE[TEST])[:, 0] > 0).astype(np.int64)
        pred = _nfl_cache[key]
        return pred if learner == "mlp" else 1 - pred
    raise ValueError(f"unknown learner {learner!r}; choose from {LEARNERS}")


def nfl_predictions(learner="mlp", seed=0) -> np.ndarray:
    """The learner's predictions on the TEST corners for every target: (256, 4) ints.

    For target ``t`` the learner sees only ``t[TRAIN]``; there are 16 different training sets, so
    the MLP is trained 16 times (``mlp([3, 16, 1], "tanh")``, Adam, 200 full-batch steps).
    "anti-mlp" predicts the opposite of the MLP; "3-nn" takes the majority of the 3 nearest training
    corners; "always 1" ignores the data. ``learner``: one of :data:`LEARNERS` (any case).
    """
    learner = choice(learner, "learner", LEARNERS, kind="learner")
    seed = seed_arg(seed)
    targets = all_targets()
    return np.array([_learner_predictions(learner, t[TRAIN], seed) for t in targets])


# --- 5. representable is not learnable: parity -------------------------------------------------------

PARITY_BITS = 8
PARITY_LR = 0.01
PARITY_EPOCHS = 2000
MAX_PARITY_BITS = 12  # 4096 inputs
_parity_runs: dict = {}


def parity_data(n=PARITY_BITS):
    r"""All $2^n$ inputs $x \in \{0, 1\}^n$, shape (2^n, n), and their parity $y = (\sum_i x_i) \bmod 2$, (2^n,) ints.

    ``n`` in 1..12. Row ``k`` holds the bits of ``k``, the most significant first.
    """
    n = integer(n, "n", 1, MAX_PARITY_BITS)
    X = np.array(list(itertools.product((0.0, 1.0), repeat=n)))
    return X, (X.sum(axis=1) % 2).astype(np.int64)


def parity_network(n=PARITY_BITS, scale=8.0):
    r"""``mlp([n, n, 1], "relu")`` with weights that compute the parity of every $x \in \{0, 1\}^n$ exactly.

    With $s = \sum_i x_i$ (an integer), hidden unit $j = 0, \dots, n-1$ is $\operatorname{ReLU}(s - j)$
    (row $j$ of $W$ all ones, $b_j = -j$). On integers $[s \geq k] = \operatorname{ReLU}(s - k + 1) -
    \operatorname{ReLU}(s - k)$, and the parity is $\sum_{k=1}^{n} (-1)^{k+1} [s \geq k]$, which collects to

    $$f(s) = \operatorname{ReLU}(s) + 2 \sum_{j=1}^{n-1} (-1)^j \operatorname{ReLU}(s - j) \in \{0, 1\}.$$

    The output is the logit $\text{scale} \cdot (2 f - 1)$, $\pm$ ``scale``: class 1 exactly where the
    parity is 1. ``n`` in 1..12, ``scale`` > 0.
    """
    n = integer(n, "n", 1, MAX_PARITY_BITS)
    scale = number(scale, "scale", 0.0, 1e6, low_open=True)
    model = mlp([n, n, 1], activation="relu", rng=0)
    model[0].W.value[...] = 1.0
    model[0].b.value[...] = -np.arange(n, dtype=float)
    c = np.array([1.0] + [2.0 * (-1) ** j for j in range(1, n)])
    model[2].W.value[...] = 2 * scale * c
    model[2].b.value[...] = -scale
    return model


def train_on_parity(width=PARITY_BITS, seed=0, train_fraction=1.0, epochs=PARITY_EPOCHS, n=PARITY_BITS) -> dict:
    """``mlp([n, width, 1], "relu")`` trained on the parity of n bits from random weights; cached.

    Full-batch Adam (lr 0.01) on the binary cross-entropy for ``epochs`` epochs, on all $2^n$ inputs
    (``train_fraction=1``) or on a random ``train_fraction`` of them, tested on the rest.
    ``seed`` seeds the weights and the split. Returns a dict: ``model``, ``train_accuracy``,
    ``test_accuracy`` (None when every input is trained on), ``final_loss``, ``n_train``.
    ``width`` in 1..1024, ``train_fraction`` in (0, 1] leaving at least one input on each side
    unless it is 1, ``epochs`` in 1..50000, ``n`` in 1..12.
    """
    n = integer(n, "n", 1, MAX_PARITY_BITS)
    width = integer(width, "width", 1, 1024)
    seed = seed_arg(seed)
    train_fraction = number(train_fraction, "train_fraction", 0.0, 1.0, low_open=True)
    epochs = integer(epochs, "epochs", 1, MAX_EPOCHS_ARG)
    X, y = parity_data(n)
    n_train = len(X) if train_fraction == 1.0 else int(round(train_fraction * len(X)))
    if not (train_fraction == 1.0 or 1 <= n_train <= len(X) - 1):
        raise InputError(f"train_fraction must leave at least one of the {len(X)} inputs to train on and one to "
                         f"test on (or be 1: train on all), got {train_fraction!r} ({n_train} to train on)")
    key = (n, width, seed, n_train, epochs)
    if key not in _parity_runs:
        order = np.random.default_rng(seed).permutation(len(X))
        train, test = order[:n_train], order[n_train:]
        model = mlp([n, width, 1], activation="relu", rng=seed)
        history = fit(model, BCEWithLogitsLoss(), Adam(model.parameters(), lr=PARITY_LR), X[train], y[train],
                      epochs=epochs)
        _parity_runs[key] = {
            "model": model, "train_accuracy": accuracy(model, X[train], y[train]),
            "test_accuracy": accuracy(model, X[test], y[test]) if len(test) else None,
            "final_loss": history.train_loss[-1], "n_train": n_train}
    return copy.deepcopy(_parity_runs[key])  # a fresh copy: changing it changes no later call


EXPLORERS = [RandomLabelsExplorer]
