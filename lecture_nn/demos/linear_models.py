r"""Linear models and hand-made features: the pictures of notebook 00.

Serves ``notebooks/00_linear_models_recap.ipynb`` and the slides "Linear models + feature
expansion recap" and "Can we automate feature engineering? Idea: add another model".

A linear model is linear in its weights, not in $x$: with a feature map $\varphi(x)$ it is
$\hat y = w^T \varphi(x) + b$. Regression fits $w$ by least squares in closed form
(``np.linalg.lstsq``); classification fits $p(\text{class } 1) = \sigma(w^T \varphi(x) + b)$
(logistic regression: one ``Dense(k, 1)`` layer, ``BCEWithLogitsLoss`` and Adam through
``lecture_nn.fit``). The pictures show that good features fix a linear model, and that finding
them by hand is hard. The last one closes the loop of the slide "add another model": a
one-hidden-layer network $\hat y = w^T g(Wx + b) + c$ learns its features $\tilde x = g(Wx + b)$
and the linear model on them at once.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D

from .._checks import (all_finite, array, as_rng, choice, describe, first_nonfinite, flag, int_list, integer,
                       number)
from ..activations import activation_name, sigmoid
from ..data import TARGETS_1D, classification_2d, polynomial_features, regression_1d, train_test_split
from ..errors import InputError
from ..layers import Activation, Dense, Sequential, mlp
from ..losses import BCEWithLogitsLoss
from ..optim import Adam
from ..plotting import (CLASS_COLORS, CLASS_MARKERS, OKABE_ITO, figure, grid_points, new_figure, plain_log_axis,
                        plot_dataset_2d, plot_decision_boundary, plot_probability_map)
from ..training import TrainingDiverged, accuracy, fit
from .base import Explorer, control

__all__ = ["FEATURES", "DATASETS", "feature_matrix", "fit_polynomial", "regression_split",
           "polynomial_error_curves", "classification_data", "fit_linear_classifier",
           "polynomial_fits_figure", "circles_features_figure", "feature_sets_figure",
           "stacking_nonconvex_figure", "fit_mlp_classifier", "learned_features", "learned_features_figure",
           "PolynomialDegreeExplorer", "FeatureToggleExplorer", "EXPLORERS"]

# --- features ---------------------------------------------------------------------------------

#: name -> (plot label, widget label, phi(X (N, 2)) -> (N,)): the hand-made features of explorer 2
FEATURES = {
    "x1": (r"$x_1$", "x₁", lambda X: X[:, 0]),
    "x2": (r"$x_2$", "x₂", lambda X: X[:, 1]),
    "x1_sq": (r"$x_1^2$", "x₁²", lambda X: X[:, 0] ** 2),
    "x2_sq": (r"$x_2^2$", "x₂²", lambda X: X[:, 1] ** 2),
    "x1x2": (r"$x_1 x_2$", "x₁·x₂", lambda X: X[:, 0] * X[:, 1]),
    "sin_x1": (r"$\sin x_1$", "sin x₁", lambda X: np.sin(X[:, 0])),
    "sin_x2": (r"$\sin x_2$", "sin x₂", lambda X: np.sin(X[:, 1])),
}

#: the 2D datasets of explorer 2, in the order of its dropdown
DATASETS = ("circles", "xor", "moons", "spirals")


#: the largest |value| the fits accept in their inputs: squares and products of larger ones overflow
MAX_ABS = 1e100
#: upper limits that keep a call within seconds (a student's typo of 10**9 refused, not a hang)
MAX_DEGREE = 100
MAX_N = 100_000
MAX_STEPS = 50_000
MAX_NOISE = 100.0


def _feature_names(names, argument="names", who="feature_matrix", ordered=True) -> list:
    """Feature names (any case) as their :data:`FEATURES` keys; sets only where the order does not matter."""
    kinds = (list, tuple, np.ndarray) + (() if ordered else (set, frozenset))
    example = "['x1', 'x2_sq']"
    if isinstance(names, str):
        raise InputError(f"{who}: {argument} must be a list of feature names such as {example}, got the string "
                         f"{names!r} (for one feature write [{names!r}])")
    if not isinstance(names, kinds) or (isinstance(names, np.ndarray) and names.ndim != 1):
        unordered = isinstance(names, (set, frozenset))
        extra = " (a set has no order, and the order is the column order)" if unordered else ""
        raise InputError(f"{who}: {argument} must be a list of feature names such as {example}{extra}, "
                         f"got {describe(names)}")
    return [choice(n, argument, FEATURES, kind="feature") for n in names]


def _bounded(a: np.ndarray, name: str, who: str, limit: float = MAX_ABS) -> np.ndarray:
    """``a`` if every |value| is at most ``limit``; larger values overflow the squares of a fit."""
    if a.size and np.abs(a).max() > limit:
        raise InputError(f"{who}: {name} has values up to {np.abs(a).max():.3g}; keep |{name}| <= {limit:g} "
                         f"(larger values overflow the fit), e.g. by scaling it")
    return a


def _ndim(value) -> int:
    """``np.ndim(value)``, or -1 for what numpy cannot see as an array (a ragged list)."""
    try:
        return int(np.ndim(value))
    except (TypeError, ValueError):
        return -1


def _degrees(degrees, who: str) -> list[int]:
    """A non-empty list of polynomial degrees, each in 1..100."""
    if isinstance(degrees, (str, bytes)) or _ndim(degrees) != 1:
        raise InputError(f"{who}: degrees must be a list of integers in 1..{MAX_DEGREE} such as (1, 5), "
                         f"got {describe(degrees)}")
    degrees = int_list(degrees, "degrees", low=1)
    return [_degree(p, f"degrees[{i}]") for i, p in enumerate(degrees)]


def _rng_arg(rng, name="rng"):
    """``rng`` itself once it is a Generator, an int seed >= 0 or None (an int seed stays an int)."""
    try:
        as_rng(rng)
    except InputError as error:
        raise InputError(str(error).replace("rng must", f"{name} must", 1)) from None
    return rng


def feature_matrix(X, names) -> np.ndarray:
    r"""The hand-made features $\varphi(x)$ of every row of X (N, 2): (N, k), one column per name.

    ``names`` is a list of :data:`FEATURES` keys (any case), in the order of the columns.
    """
    who = "feature_matrix"
    names = _feature_names(names, "names", who)
    X = array(X, "X", shape=(None, 2), min_size=0, who=who)
    if not names:
        return np.empty((len(X), 0))
    with np.errstate(over="ignore", invalid="ignore"):
        Phi = np.column_stack([FEATURES[n][2](X) for n in names])
    if not all_finite(Phi):
        j = next(j for j in range(Phi.shape[1]) if not all_finite(Phi[:, j]))
        raise InputError(f"{who}: X is too large for the feature {names[j]!r}: it overflows "
                         f"({first_nonfinite(Phi[:, j:j + 1])}); scale X first")
    return Phi


def _label(names) -> str:
    return ", ".join(FEATURES[n][0] for n in names)


# --- regression: polynomial features, least squares -------------------------------------------

def _inputs_1d(X, name: str, who: str, degree: int) -> np.ndarray:
    """One input x per row: X (N, 1) or (N,) of finite numbers, small enough that x**degree stays finite."""
    X = array(X, name, ndim=(1, 2), who=who)
    if X.ndim == 2 and X.shape[1] != 1:
        raise InputError(f"{who}: {name} must have shape (N, 1) or (N,) (one input x per row), got shape {X.shape}")
    largest = float(np.abs(X).max())
    if largest > 1 and degree * np.log10(largest) > np.log10(MAX_ABS):
        raise InputError(f"{who}: {name} has values up to {largest:.3g}, so x**{degree} (degree {degree}) "
                         f"exceeds {MAX_ABS:g} and the fit overflows; scale {name} into [-1, 1]")
    return X.reshape(-1, 1)


def _targets_for(y, name: str, N: int, who: str, inputs: str = "X") -> np.ndarray:
    """y with N rows, (N,) or (N, k), finite and not too large to square."""
    y = array(y, name, ndim=(1, 2), who=who)
    if y.shape[0] != N:
        raise InputError(f"{who}: {name} must have N = {N} rows, one per row of {inputs}, got shape {y.shape}")
    return _bounded(y, name, who)


def _degree(degree, name="degree") -> int:
    return integer(degree, name, 1, MAX_DEGREE)


def fit_polynomial(X, y, degree: int) -> np.ndarray:
    r"""Least squares on polynomial features: $w = \arg\min_w \lVert \Phi w - y \rVert^2$.

    $\Phi$ = ``polynomial_features(X, degree, include_bias=True)`` (N, p + 1), columns
    $1, x, \dots, x^p$. Returns $w$ (p + 1, 1) (or (p + 1, k) for y of shape (N, k)). ``lstsq``
    solves through the SVD, which stays accurate for the badly conditioned high-degree $\Phi$
    (no normal equations). X: (N, 1) or (N,); degree $p$ in 1..100.
    """
    who = "fit_polynomial"
    degree = _degree(degree)
    X = _inputs_1d(X, "X", who, degree)
    y = _targets_for(y, "y", len(X), who)
    Phi = polynomial_features(X, degree, include_bias=True)
    w, *_ = np.linalg.lstsq(Phi, y.reshape(len(Phi), -1), rcond=None)
    if not all_finite(w):
        raise InputError(f"{who}: the least-squares weights are not finite ({first_nonfinite(w)}); "
                         f"scale X and y towards [-1, 1]")
    return w


def predict_polynomial(X, w) -> np.ndarray:
    r"""$\hat y = \Phi(X) w$ for weights from :func:`fit_polynomial`: (N, 1) for w (p + 1, 1), (N,) for w (p + 1,)."""
    who = "predict_polynomial"
    w = array(w, "w", ndim=(1, 2), who=who)
    if not 2 <= len(w) <= MAX_DEGREE + 1:
        raise InputError(f"{who}: w must have p + 1 rows for a degree p in 1..{MAX_DEGREE} "
                         f"(the weights of 1, x, ..., x^p), got shape {w.shape}")
    X = _inputs_1d(X, "X", who, len(w) - 1)
    with np.errstate(over="ignore", invalid="ignore"):
        y_hat = polynomial_features(X, len(w) - 1, include_bias=True) @ w
    if not all_finite(y_hat):
        raise InputError(f"{who}: the prediction overflows ({first_nonfinite(y_hat)}); X and w are too large")
    return y_hat


def regression_split(target="sin", noise=0.15, n=60, rng=0):
    """The 1D data of notebook 00: ``n`` noisy points of a target, split half/half into train and test.

    Returns ``X_train, X_test, y_train, y_test`` (each (n/2, 1)). The same seed gives the same x
    and the same noise pattern for every ``noise``, so the noise slider only scales it.
    ``target``: a name of ``TARGETS_1D`` (any case); ``noise`` in [0, 100]; ``n`` >= 2 samples.
    """
    target = choice(target, "target", TARGETS_1D, kind="1D target")
    noise = number(noise, "noise", 0.0, MAX_NOISE)
    n = integer(n, "n", 2, MAX_N)
    rng = _rng_arg(rng)
    X, y = regression_1d(target, n=n, noise=noise, rng=rng)
    return train_test_split(X, y, test_size=0.5, rng=rng)


def polynomial_error_curves(X_train, y_train, X_test, y_test, degrees):
    """Train and test mean squared error of the least-squares fit of each degree, and the weights.

    X: (N, 1) or (N,); y with the same N; ``degrees``: a list of degrees in 1..100.
    Returns ``train`` (len(degrees),), ``test`` (len(degrees),) and the list of weights.
    """
    who = "polynomial_error_curves"
    degrees = _degrees(degrees, who)
    top = max(degrees)
    X_train = _inputs_1d(X_train, "X_train", who, top)
    y_train = _targets_for(y_train, "y_train", len(X_train), who, "X_train")
    X_test = _inputs_1d(X_test, "X_test", who, top)
    y_test = _targets_for(y_test, "y_test", len(X_test), who, "X_test")
    if y_train.ndim != y_test.ndim or y_train.shape[1:] != y_test.shape[1:]:
        raise InputError(f"{who}: y_train and y_test must have the same columns, got shapes "
                         f"{y_train.shape} and {y_test.shape}")
    train, test, weights = [], [], []
    with np.errstate(over="ignore", invalid="ignore"):
        for p in degrees:
            Phi = polynomial_features(X_train, p, include_bias=True)
            w, *_ = np.linalg.lstsq(Phi, y_train.reshape(len(Phi), -1), rcond=None)
            w_shaped = w if y_train.ndim == 2 else w[:, 0]
            train.append(np.mean((Phi @ w_shaped - y_train) ** 2))
            test.append(np.mean((polynomial_features(X_test, p, include_bias=True) @ w_shaped - y_test) ** 2))
            weights.append(w)
    train, test = np.array(train), np.array(test)
    if not (all_finite(train) and all_finite(test) and all(all_finite(w) for w in weights)):
        raise InputError(f"{who}: the squared errors overflow; X_train, X_test, y_train and y_test are too "
                         f"large for degrees up to {top}: scale them towards [-1, 1]")
    return train, test, weights


# --- classification: logistic regression on chosen features -----------------------------------

def classification_data(name="circles", n=200, rng=0):
    """One of :data:`DATASETS` (any case): X (n, 2), labels y (n,) in {0, 1}, with the dataset's default noise."""
    name = choice(name, "name", DATASETS, kind="dataset")
    n = integer(n, "n", 2, MAX_N)
    return classification_2d(name, n=n, rng=_rng_arg(rng))


def _binary_labels(y, N: int, who: str, inputs: str) -> np.ndarray:
    """Labels 0/1 (ints, bools or floats 0.0/1.0) of shape (N,) or (N, 1), as float64 (N, 1)."""
    if isinstance(y, (str, bytes)) or y is None:
        raise InputError(f"{who}: y must be an array of class labels 0 or 1, got {describe(y)}")
    labels = array(y, "y", ndim=(1, 2), who=who)
    if labels.ndim == 2 and labels.shape[1] != 1:
        raise InputError(f"{who}: y must have shape (N,) or (N, 1), one label per row of {inputs}, "
                         f"got shape {labels.shape}")
    if labels.shape[0] != N:
        raise InputError(f"{who}: y must hold N = {N} labels, one per row of {inputs}, got shape {labels.shape}")
    if not np.isin(labels, (0.0, 1.0)).all():
        bad = labels.reshape(-1)[~np.isin(labels.reshape(-1), (0.0, 1.0))][0]
        raise InputError(f"{who}: y must hold class labels 0 or 1 (a binary classifier), got the value {bad:g}")
    return labels.reshape(-1, 1)


def fit_linear_classifier(Phi, y, steps=300, lr=0.1, rng=0) -> Dense:
    r"""Logistic regression $p(\text{class } 1) = \sigma(w^T \varphi + b)$ on the features Phi (N, k).

    One ``Dense(k, 1)`` layer (a linear model), ``BCEWithLogitsLoss``, ``steps`` full-batch Adam
    steps through ``lecture_nn.fit``. The loss is convex in $(w, b)$, so there is no bad local
    minimum. If no hyperplane in feature space separates the classes, it has one minimum and the
    seed hardly matters. If one does (circles on $x_1^2, x_2^2$), it has no minimum at all: the
    loss falls towards 0 as $w$ and $b$ grow, so the returned $w$ is where ``steps`` stopped and
    grows with more steps, while the boundary (their ratio) settles.
    y: labels 0/1, (N,) or (N, 1); ``steps`` in 1..50000; ``lr`` in (0, 10].
    Returns the layer: ``layer.W.value`` (1, k) is $w^T$, ``layer.b.value`` is $b$.
    """
    who = "fit_linear_classifier"
    Phi = array(Phi, "Phi", ndim=2, who=who)
    if Phi.shape[1] < 1:
        raise InputError(f"{who}: Phi must have at least one feature column (N, k) with k >= 1, got shape {Phi.shape}")
    _bounded(Phi, "Phi", who)
    y = _binary_labels(y, len(Phi), who, "Phi")
    steps = integer(steps, "steps", 1, MAX_STEPS)
    lr = number(lr, "lr", 0.0, 10.0, low_open=True)
    layer = Dense(Phi.shape[1], 1, init="glorot", rng=_rng_arg(rng))
    try:
        fit(layer, BCEWithLogitsLoss(), Adam(layer.parameters(), lr=lr), Phi, y, epochs=steps)
    except TrainingDiverged as error:
        raise InputError(f"{who}: training diverged with lr = {lr:g} on Phi with values up to "
                         f"{np.abs(Phi).max():.3g} ({error}); try a smaller lr or scale Phi") from error
    return layer


# --- static figures -----------------------------------------------------------------------------

_FIT_COLORS = [OKABE_ITO[c] for c in ("vermillion", "green", "purple", "sky blue", "orange", "yellow")]


def _two_panels(figsize, width_ratios):
    """``new_figure(1, 2)`` with panels of unequal width."""
    fig, axes = new_figure(1, 2, figsize=figsize)
    axes[0].get_gridspec().set_width_ratios(width_ratios)
    return fig, axes


def _ylim_1d(y):
    return float(y.min()) - 0.4, float(y.max()) + 0.4


def polynomial_fits_figure(target="sin", degrees=(1, 5), noise=0.15, n=60, rng=0):
    r"""Training data of a 1D target and the least-squares fits $\hat y = w^T \varphi(x)$ of a few degrees.

    ``degrees``: one to six degrees in 1..100, one line (and colour) each.
    """
    degrees = _degrees(degrees, "polynomial_fits_figure")
    if len(degrees) > len(_FIT_COLORS):
        raise InputError(f"polynomial_fits_figure: degrees may hold at most {len(_FIT_COLORS)} degrees "
                         f"(one colour each), got {len(degrees)}")
    target = choice(target, "target", TARGETS_1D, kind="1D target")
    X_train, X_test, y_train, y_test = regression_split(target, noise, n, rng)
    fig, ax = new_figure(figsize=(6.4, 4.0))
    xs = np.linspace(-1, 1, 300)[:, None]
    ax.scatter(X_train[:, 0], y_train[:, 0], s=18, color=OKABE_ITO["blue"], label="training data", zorder=3)
    ax.plot(xs[:, 0], TARGETS_1D[target](xs[:, 0]), "--", color="black", lw=1, label=f"true $f(x)$ ({target})")
    for color, p in zip(_FIT_COLORS, degrees):
        w = fit_polynomial(X_train, y_train, p)
        mse = np.mean((predict_polynomial(X_train, w) - y_train) ** 2)
        name = "linear, $\\hat y = w_0 + w_1 x$" if p == 1 else f"degree {p}"
        ax.plot(xs[:, 0], predict_polynomial(xs, w)[:, 0], color=color, lw=2, label=f"{name}: train MSE {mse:.3f}")
    ax.set_ylim(*_ylim_1d(np.concatenate([y_train, y_test])))
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_title(r"least squares on $\varphi(x) = (1, x, \dots, x^p)$")
    ax.legend(loc="best", fontsize=8)
    return fig


def _probability_colorbar(fig, ax, image, label=r"$p(\mathrm{class\ 1})$"):
    """A colour bar of $p(\text{class } 1)$ just right of ``ax``, in an inset (the figure keeps its panels)."""
    cax = ax.inset_axes([1.05, 0.0, 0.05, 1.0])
    bar = fig.colorbar(image, cax=cax)
    bar.set_ticks([0.0, 0.5, 1.0], labels=["0: class 0", "1/2: boundary", "1: class 1"])
    bar.ax.tick_params(labelsize=8)
    bar.set_label(label, fontsize=9)
    return bar


def _class_legend(fig, ax, names=("class 0", "class 1")):
    """One legend under the panels: each class's colour and marker, and the black boundary line."""
    points = [c for c in ax.collections if str(c.get_label()).startswith("class ")]
    handles = points + [Line2D([], [], color="black", lw=1.5)]
    labels = list(names[:len(points)]) + ["decision boundary $p = 1/2$"]
    return fig.legend(handles, labels, loc="outside lower center", ncols=len(handles), fontsize=9, frameon=False,
                      markerscale=1.6)


def circles_features_figure(n=200, rng=0):
    r"""Circles: a linear classifier on $(x_1, x_2)$, on $(x_1^2, x_2^2)$, and the latter in feature space.

    Colour: $p(\text{class } 1)$ (colour bar on the right); a legend names the classes' points.
    """
    n = integer(n, "n", 2, MAX_N)
    X, y = classification_data("circles", n, rng)
    fig, axes = new_figure(1, 3, figsize=(12.0, 4.0))
    for ax, names in zip(axes[:2], (["x1", "x2"], ["x1_sq", "x2_sq"])):
        layer = fit_linear_classifier(feature_matrix(X, names), y)
        acc = accuracy(layer, feature_matrix(X, names), y)
        plot_decision_boundary(lambda P, names=names, layer=layer: layer(feature_matrix(P, names)), X, y, ax=ax)
        ax.set_aspect("equal")
        ax.set_title(rf"$\varphi(x) = $({_label(names)}): accuracy {acc:.3f}", fontsize=10)
    Z = feature_matrix(X, ["x1_sq", "x2_sq"])
    plot_decision_boundary(layer, Z, y, ax=axes[2], x_range=(-0.1, 1.3), y_range=(-0.1, 1.3))
    axes[2].set_xlabel(r"$\varphi_1 = x_1^2$")
    axes[2].set_ylabel(r"$\varphi_2 = x_2^2$")
    axes[2].set_aspect("equal")
    axes[2].set_title("the same classifier in feature space:\na straight line", fontsize=10)
    fig.suptitle(r"linear classifier $p(\mathrm{class\ 1}) = \sigma(w^T\varphi(x) + b)$ on circles")
    _probability_colorbar(fig, axes[2], axes[2].images[0], r"colour: $p(\mathrm{class\ 1})$")
    _class_legend(fig, axes[0], ("class 0: outer ring", "class 1: inner disc"))
    return fig


#: a feature set per dataset, picked by hand: for circles one of the sets that reach accuracy 1, for moons
#: the best of all 127 non-empty sets, for xor the one feature whose sign is the noise-free label, for
#: spirals all seven (on the default data no set of them gets above 0.695)
HAND_PICKED = {
    "circles": ("x1_sq", "x2_sq"),
    "xor": ("x1x2",),
    "moons": ("x1", "x2", "x2_sq", "x1x2", "sin_x1"),
    "spirals": tuple(FEATURES),
}


def _feature_choices(choices) -> dict:
    """``choices`` of :func:`feature_sets_figure`, checked: {dataset: non-empty list of feature names}."""
    who = "feature_sets_figure"
    if choices is None:
        return dict(HAND_PICKED)
    if not isinstance(choices, dict):
        raise InputError(f"{who}: choices must be a dict {{dataset: feature names}} such as "
                         f"{{'xor': ['x1x2']}}, or None for the hand-picked sets, got {describe(choices)}")
    if not choices:
        raise InputError(f"{who}: choices must name at least one dataset, got an empty dict")
    if len(choices) > 8:
        raise InputError(f"{who}: choices may name at most 8 datasets (one panel each), got {len(choices)}")
    checked = {}
    for name, names in choices.items():
        dataset = choice(name, "choices", DATASETS, kind="dataset")
        names = _feature_names(names, f"choices[{name!r}]", who)
        if not names:
            raise InputError(f"{who}: choices[{name!r}] must hold at least one feature, got {names!r}")
        if dataset in checked:
            raise InputError(f"{who}: choices names the dataset {dataset!r} twice (names ignore case)")
        checked[dataset] = names
    return checked


def feature_sets_figure(choices=None, n=200, rng=0):
    r"""One panel per dataset: the linear classifier on a chosen feature set, with its train accuracy.

    Colour: $p(\text{class } 1)$ (colour bar on the right); a legend names the classes' points.

    ``choices``: dataset name -> feature names (default :data:`HAND_PICKED`), e.g.
    ``{"xor": ["x1x2"], "circles": ["x1_sq", "x2_sq"]}``.
    """
    choices = _feature_choices(choices)
    n = integer(n, "n", 2, MAX_N)
    rng = _rng_arg(rng)
    fig, axes = new_figure(1, len(choices), figsize=(3.3 * len(choices), 3.9))
    axes = np.atleast_1d(axes)
    for ax, (name, names) in zip(axes, choices.items()):
        X, y = classification_data(name, n, rng)
        Phi = feature_matrix(X, names)
        layer = fit_linear_classifier(Phi, y)
        plot_decision_boundary(lambda P, names=names, layer=layer: layer(feature_matrix(P, names)), X, y, ax=ax)
        ax.set_aspect("equal")
        label = "all seven features" if len(names) == len(FEATURES) else _label(names)
        # three decimals: an accuracy on 200 points is a multiple of 0.005 (".2f" shows 0.985 as 0.98)
        ax.set_title(f"{name}: accuracy {accuracy(layer, Phi, y):.3f}\n{label}", fontsize=9)
    fig.suptitle(r"a linear classifier $\sigma(w^T\varphi(x) + b)$ on hand-picked features $\varphi(x)$")
    _probability_colorbar(fig, axes[-1], axes[-1].images[0], r"colour: $p(\mathrm{class\ 1})$")
    _class_legend(fig, axes[0])
    return fig


def stacking_nonconvex_figure(n=50):
    r"""One linear model $\hat y = w x$ has a convex loss; two stacked, $\hat y = w (W x)$, do not.

    Data $y = x$ on $[-1, 1]$ at ``n`` points (2..200); $L = \frac1N \sum_i (\hat y_i - y_i)^2$.
    Stacked, $L(W, w)$ depends only on $wW$: a valley of minima along the hyperbola $wW = 1$ and a
    saddle at the origin.
    """
    n = integer(n, "n", 2, 200)  # the loss map holds 201 x 201 x n numbers
    x = np.linspace(-1, 1, n)
    y = x
    fig, (ax1, ax2) = new_figure(1, 2, figsize=(10.0, 4.2))
    ws = np.linspace(-1, 3, 201)
    ax1.plot(ws, np.mean((ws[:, None] * x - y) ** 2, axis=1), color=OKABE_ITO["blue"], lw=2)
    ax1.plot([1], [0], "o", color="black")
    ax1.annotate("the one minimum, $w = 1$", (1, 0), (0.1, 1.15), arrowprops=dict(arrowstyle="->"))
    ax1.set_xlabel("$w$")
    ax1.set_ylabel("$L(w)$")
    ax1.set_title(r"one linear model $\hat y = w x$: convex")
    xx, yy, _ = grid_points((-2, 2), (-2, 2), 201)  # xx: W of the first model, yy: w of the second
    L = np.mean(((xx * yy)[..., None] * x - y) ** 2, axis=-1)
    cs = ax2.contourf(xx, yy, L, levels=np.linspace(0, 4, 17), cmap="viridis", extend="max")
    fig.colorbar(cs, ax=ax2, label="$L(W, w)$")
    for sign in (1, -1):
        W = np.linspace(0.5, 2, 100) * sign
        ax2.plot(W, 1 / W, "--", color="white", lw=1.5)
    ax2.plot([1, -1], [1, -1], "o", color=OKABE_ITO["orange"], ms=7, zorder=3)
    ax2.plot([1, -1], [1, -1], ":", color=OKABE_ITO["orange"], lw=1.5)
    ax2.plot([0], [0], "X", color=OKABE_ITO["vermillion"], ms=9, zorder=3)
    ax2.annotate(f"saddle, $L = {np.mean(y ** 2):.2f}$:\nabove the two minima\n($L = 0$) either side", (0, 0),
                 (-1.9, 0.45), color="white", fontsize=9, arrowprops=dict(arrowstyle="->", color="white"))
    ax2.text(1.05, 1.3, "minima:\n$wW = 1$", color="white", fontsize=9)
    ax2.set_xlabel("$W$ (first model)")
    ax2.set_ylabel("$w$ (second model)")
    ax2.set_aspect("equal")
    ax2.set_title(r"stacked $\hat y = w\,(W x)$: non-convex")
    return fig


# --- closing the loop: a network learns its own features ----------------------------------------

#: d' of the notebook's network: as many learned features as :data:`FEATURES` holds hand-made ones
MLP_WIDTH = len(FEATURES)
#: at most this many hidden units: one small map each in :func:`learned_features_figure`
MAX_HIDDEN = 32
#: steps x N x (d + 1) x d' of one training, at most (the notebook's: 2000 x 200 x 3 x 7 = 8.4e6, ~0.5 s)
MAX_TRAINING_WORK = 2e8


def fit_mlp_classifier(X, y, d_hidden=MLP_WIDTH, activation="tanh", steps=2000, lr=0.05, rng=0) -> Sequential:
    r"""Features and classifier learned at once: $p(\text{class } 1) = \sigma(w^T g(Wx + b) + c)$.

    ``mlp([d, d', 1], activation, rng=rng)``, that is ``Sequential(Dense(d, d'), Activation(g),
    Dense(d', 1))``: the first layer and $g$ compute the learned features $\tilde x = g(Wx + b)$
    ($W$ of shape (d', d)), the last layer is the linear classifier $w^T \tilde x + c$ on them.
    ``BCEWithLogitsLoss`` and ``steps`` full-batch Adam steps with ``lr`` through ``lecture_nn.fit``
    train all parameters together. X (N, d); y labels 0/1, (N,) or (N, 1); ``d_hidden`` $d'$ in
    1..32; ``activation`` a name of ``lecture_nn.ACTIVATIONS``; ``steps`` in 1..50000; ``lr`` in (0, 10].
    Returns the trained ``Sequential``.
    """
    who = "fit_mlp_classifier"
    X = array(X, "X", ndim=2, who=who)
    if X.shape[1] < 1:
        raise InputError(f"{who}: X must have at least one input column (N, d) with d >= 1, got shape {X.shape}")
    _bounded(X, "X", who)
    y = _binary_labels(y, len(X), who, "X")
    d_hidden = integer(d_hidden, "d_hidden", 1, MAX_HIDDEN)
    activation = activation_name(activation, "activation", who)
    steps = integer(steps, "steps", 1, MAX_STEPS)
    lr = number(lr, "lr", 0.0, 10.0, low_open=True)
    work = steps * X.shape[0] * (X.shape[1] + 1) * d_hidden
    if work > MAX_TRAINING_WORK:
        raise InputError(f"{who}: steps x N x (d + 1) x d_hidden = {work:.1e} multiply-adds would train for "
                         f"minutes (at most {MAX_TRAINING_WORK:.0e}); use fewer steps, points X or d_hidden")
    model = mlp([X.shape[1], d_hidden, 1], activation=activation, rng=_rng_arg(rng))
    try:
        fit(model, BCEWithLogitsLoss(), Adam(model.parameters(), lr=lr), X, y, epochs=steps)
    except TrainingDiverged as error:
        raise InputError(f"{who}: training diverged with lr = {lr:g} on X with values up to "
                         f"{np.abs(X).max():.3g} ({error}); try a smaller lr or scale X") from error
    return model


def _one_hidden_layer(model, who: str, d=None):
    """``model`` if it is ``Sequential(Dense(d, d'), Activation(g), Dense(d', 1))`` with finite weights."""
    shape = "Sequential(Dense(d, d'), Activation(g), Dense(d', 1)), as fit_mlp_classifier returns"
    layers = getattr(model, "layers", None) if isinstance(model, Sequential) else None
    if (layers is None or len(layers) != 3 or not isinstance(layers[0], Dense)
            or not isinstance(layers[1], Activation) or not isinstance(layers[2], Dense)):
        got = describe(model) if layers is None else f"a Sequential of {[type(m).__name__ for m in layers]}"
        raise InputError(f"{who}: model must be a one-hidden-layer network {shape}, got {got}")
    first, _, last = layers
    if last.d_in != first.d_out or last.d_out != 1:
        raise InputError(f"{who}: model must be {shape}: its last Dense maps {last.d_in} -> {last.d_out}, "
                         f"expected {first.d_out} -> 1")
    if d is not None and first.d_in != d:
        raise InputError(f"{who}: model must take d = {d} inputs (points of the plane), its first Dense takes "
                         f"d = {first.d_in}")
    if first.d_out > MAX_HIDDEN:
        raise InputError(f"{who}: model has d' = {first.d_out} hidden units; at most {MAX_HIDDEN} are drawn "
                         f"(one map each)")
    for p in model.parameters():
        if not all_finite(p.value):
            raise InputError(f"{who}: model has a non-finite weight in {p.name} ({first_nonfinite(p.value)})")
    return model


def learned_features(model, X) -> np.ndarray:
    r"""The learned features $\tilde x = g(Wx + b)$ of every row of X (N, d): (N, d'), one column per hidden unit.

    ``model``: a one-hidden-layer network from :func:`fit_mlp_classifier`; its output is the linear
    model $\hat y = w^T \tilde x + c$ on these columns, as :func:`feature_matrix` gives $\varphi(x)$.
    """
    who = "learned_features"
    model = _one_hidden_layer(model, who)
    d = model.layers[0].d_in
    X = array(X, "X", ndim=2, min_size=0, who=who)
    if X.shape[1] != d:
        raise InputError(f"{who}: X must have shape (N, {d}), as the model's first Dense takes d = {d} inputs, "
                         f"got shape {X.shape}")
    _bounded(X, "X", who)
    first, g, _ = model.layers
    if not len(X):
        return np.empty((0, first.d_out))
    with np.errstate(over="ignore", invalid="ignore"):
        H = g.forward(first.forward(X))
    if not all_finite(H):
        raise InputError(f"{who}: the features overflow ({first_nonfinite(H)}); X or the weights are too large")
    return H


_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _subscript(k: int) -> str:
    return str(k).translate(_SUBSCRIPT)


#: diverging map centred at 0 for the signed feature maps (the playground's map of its hidden units)
FEATURE_CMAP = "RdBu_r"


def _feature_panel(ax, values, extent, X, y, title, row_label=None):
    """One small map of a feature over the plane (values in [-1, 1]) with the data on top.

    Plain-text titles and no axis except the row label: 15 mathtext titles and their axes made the
    layout of the figure several times slower to draw."""
    image = ax.imshow(values, origin="lower", extent=extent, cmap=FEATURE_CMAP, vmin=-1, vmax=1, alpha=0.8,
                      interpolation="bilinear")
    for c, (color, marker) in enumerate(zip(CLASS_COLORS[:2], CLASS_MARKERS[:2])):
        # the classes' own colours and markers, outlined in black: visible on both ends of the map
        ax.scatter(X[y == c, 0], X[y == c, 1], s=5, c=color, marker=marker, edgecolors="black", linewidths=0.3)
    if row_label is None:
        ax.set_axis_off()
    else:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.spines[:].set_visible(False)
        ax.set_ylabel(row_label, fontsize=9)
    ax.set_title(title, fontsize=9)
    return image


def learned_features_figure(model, X, y, n=80):
    r"""The hand-made features $\varphi_k(x)$ and a network's learned ones $\tilde x_j = g(w_j^T x + b_j)$ as maps.

    Left: the network's $p(\text{class } 1)$ over the plane, its boundary and the data (X, y), with
    the train accuracy. Right, top row: each of :data:`FEATURES` over the same window, divided by
    its largest $|\varphi_k|$ there; below: each hidden unit $j$ ($w_j^T$ = row $j$ of $W$), sorted
    by $|w_j|$, the weight the last layer gives it, with the line $w_j^T x + b_j = 0$ where it
    changes sign. ``model``: a one-hidden-layer network on points of the plane, as
    :func:`fit_mlp_classifier` returns (d' up to 32); X (N, 2), y labels 0/1; ``n`` x ``n`` points
    (2..400) per map.
    """
    who = "learned_features_figure"
    model = _one_hidden_layer(model, who, d=2)
    X = array(X, "X", shape=(None, 2), who=who)
    _bounded(X, "X", who, limit=1e6)
    y = _binary_labels(y, len(X), who, "X")[:, 0].astype(int)
    n = integer(n, "n", 2, 400)
    first, _, last = model.layers
    d_hidden = first.d_out
    r = float(np.abs(X).max()) + 0.3
    xx, yy, grid = grid_points((-r, r), (-r, r), n)
    extent = (-r, r, -r, r)
    H = learned_features(model, grid)  # (n * n, d')
    with np.errstate(over="ignore", invalid="ignore"):
        Phi = np.column_stack([f(grid) for _, _, f in FEATURES.values()])
    Phi = Phi / np.abs(Phi).max(axis=0)
    w = last.W.value[0]
    order = np.argsort(-np.abs(w), kind="stable")
    columns = max(len(FEATURES), min(d_hidden, 8))
    rows = 1 + -(-d_hidden // columns)
    fig = figure(figsize=(4.2 + 1.35 * columns, 1.55 * rows + 0.9), layout="constrained")
    grid_spec = fig.add_gridspec(rows, 1 + columns, width_ratios=[3.2] + [1] * columns)
    ax = fig.add_subplot(grid_spec[:, 0])
    plot_decision_boundary(model, X, y, ax=ax, x_range=(-r, r), y_range=(-r, r), n=max(n, 100))
    ax.set_aspect("equal")
    ax.set_title(f"the network: train accuracy {accuracy(model, X, y):.3f}", fontsize=10)
    _probability_colorbar(fig, ax, ax.images[0])
    _class_legend(fig, ax)
    image = None
    for k, (_, text, _) in enumerate(FEATURES.values()):
        panel = fig.add_subplot(grid_spec[0, 1 + k])
        image = _feature_panel(panel, Phi[:, k].reshape(n, n), extent, X, y, text,
                               "hand-made φₖ(x)" if k == 0 else None)
    for i, j in enumerate(order):
        panel = fig.add_subplot(grid_spec[1 + i // columns, 1 + i % columns])
        k = _subscript(j + 1)
        _feature_panel(panel, H[:, j].reshape(n, n), extent, X, y, f"x̃{k}: w{k} = {w[j]:+.1f}",
                       "learned x̃ⱼ" if i % columns == 0 else None)
        W_j, b_j = first.W.value[j], first.b.value[j]
        if np.any(W_j != 0):
            panel.contour(xx, yy, (grid @ W_j + b_j).reshape(n, n), levels=[0.0], colors="black", linewidths=1)
        panel.set_xlim(-r, r)
        panel.set_ylim(-r, r)
    bar = fig.colorbar(image, ax=fig.axes[1:], shrink=0.8, aspect=30, pad=0.02)
    bar.set_label(r"feature value ($\varphi_k$ divided by its max $|\varphi_k|$)", fontsize=8)
    fig.suptitle(r"learned features $\tilde x = g(Wx + b)$ beside the hand-made $\varphi(x)$; the network is "
                 r"$\hat y = w^T \tilde x + c$", fontsize=11)
    return fig


# --- explorer 1: polynomial degree ------------------------------------------------------------

class PolynomialDegreeExplorer(Explorer):
    r"""Degree $p$ of the polynomial features, target and noise -> the least-squares fit and
    train/test error against the degree.

    All 15 fits of a (target, noise) are computed at its first visit (a few ms) and cached.
    ``target``: a name of ``TARGETS_1D`` (any case); ``degree`` in 1..15; ``noise`` in [0, 0.5].
    """

    degrees = np.arange(1, 16)
    Y_LIMITS = (-2.3, 2.3)
    MSE_LIMITS = (1e-6, 2e5)  # an error below 1e-6 (a noise-free fit) sits on the floor

    def __init__(self, target="sin", degree=3, noise=0.15):
        controls = {
            "target": control(widgets.Dropdown, "target", target, options=list(TARGETS_1D), description="target"),
            "degree": control(widgets.IntSlider, "degree", degree, min=int(self.degrees[0]), max=int(self.degrees[-1]),
                              description="degree p"),
            "noise": control(widgets.FloatSlider, "noise", noise, min=0.0, max=0.5, step=0.05, description="noise",
                             readout_format=".2f"),
        }
        degree = controls["degree"].value
        self._cache = {}
        self._xs = np.linspace(-1, 1, 300)[:, None]
        fig, (ax, ax_err) = _two_panels((10.0, 4.0), [1.5, 1])
        self.ax, self.ax_err = ax, ax_err
        self.train_points = ax.scatter([], [], s=18, color=OKABE_ITO["blue"], label="train", zorder=3)
        self.test_points = ax.scatter([], [], s=18, facecolors="none", edgecolors=OKABE_ITO["orange"],
                                      label="test", zorder=3)
        (self.true_line,) = ax.plot(self._xs[:, 0], np.zeros(len(self._xs)), "--", color="black", lw=1,
                                    label="true $f(x)$")
        (self.fit_line,) = ax.plot(self._xs[:, 0], np.zeros(len(self._xs)), color=OKABE_ITO["vermillion"], lw=2,
                                   label=r"fit $\hat y = w_0 + w_1 x + \dots + w_p x^p$")
        # one scale for every setting, so that two degrees, targets or noise levels compare by eye
        # (every target's points and errors at every noise level lie within it)
        ax.set_xlim(-1.05, 1.05)
        ax.set_ylim(*self.Y_LIMITS)
        ax.set_xlabel("$x$")
        ax.set_ylabel("$y$")
        legend = ax.legend(loc="upper left", fontsize=8, ncols=2, frameon=True, framealpha=0.85, edgecolor="none")
        (self.train_curve,) = ax_err.plot(self.degrees, np.ones(len(self.degrees)), "o-", ms=3,
                                          color=OKABE_ITO["blue"], label="train")
        (self.test_curve,) = ax_err.plot(self.degrees, np.ones(len(self.degrees)), "o-", ms=3,
                                         color=OKABE_ITO["orange"], label="test")
        self.marker = ax_err.axvline(degree, color="gray", lw=1)
        self.current = ax_err.scatter([degree, degree], [1, 1], s=60, zorder=3,
                                      color=[OKABE_ITO["blue"], OKABE_ITO["orange"]], edgecolors="black")
        # plain labels, no minor ticks: mathtext 10^k labels and ~60 minor ticks doubled the redraw time
        plain_log_axis(ax_err.yaxis, numticks=None, labels="numbers")
        ax_err.set_xlabel("degree $p$")
        ax_err.set_ylabel("mean squared error (log)")
        ax_err.set_xticks(self.degrees[::2])
        ax_err.set_ylim(*self.MSE_LIMITS)
        legend_err = ax_err.legend(loc="upper left", fontsize=8)
        # what update moves is drawn over a cached background (ticks and labels: most of the cost),
        # with what lies over it (spines, legends)
        animated = [self.train_points, self.test_points, self.true_line, self.fit_line, *ax.spines.values(), legend,
                    ax.title, self.train_curve, self.test_curve, self.marker, self.current, *ax_err.spines.values(),
                    legend_err, ax_err.title]
        super().__init__(fig, controls, title="Polynomial features: least squares fit and overfitting",
                         animated=animated)

    def _fits(self, target, noise):
        key = (target, float(noise))
        if key not in self._cache:
            X_train, X_test, y_train, y_test = regression_split(target, noise)
            train, test, weights = polynomial_error_curves(X_train, y_train, X_test, y_test, self.degrees)
            curves = [predict_polynomial(self._xs, w)[:, 0] for w in weights]
            self._cache[key] = dict(X_train=X_train, X_test=X_test, y_train=y_train, y_test=y_test,
                                    train=train, test=test, curves=curves)
        return self._cache[key]

    def update(self, target, degree, noise):
        """Show the fit of ``degree`` (1..15) to ``target`` (a ``TARGETS_1D`` name) with ``noise`` in [0, 0.5]."""
        target = choice(target, "target", TARGETS_1D, kind="1D target")
        degree = integer(degree, "degree", int(self.degrees[0]), int(self.degrees[-1]))
        noise = number(noise, "noise", 0.0, 0.5)
        f = self._fits(target, noise)
        i = int(degree) - int(self.degrees[0])
        self.train_points.set_offsets(np.column_stack([f["X_train"][:, 0], f["y_train"][:, 0]]))
        self.test_points.set_offsets(np.column_stack([f["X_test"][:, 0], f["y_test"][:, 0]]))
        self.true_line.set_ydata(TARGETS_1D[target](self._xs[:, 0]))
        self.fit_line.set_ydata(f["curves"][i])
        # titles that change are plain text: mathtext is parsed anew for every new string (~25 ms)
        self.ax.set_title(f"least squares on polynomial features, degree p = {degree}")
        self.train_curve.set_ydata(f["train"])
        self.test_curve.set_ydata(f["test"])
        self.marker.set_xdata([degree, degree])
        self.current.set_offsets([[degree, f["train"][i]], [degree, f["test"][i]]])
        self.ax_err.set_title(f"train MSE {f['train'][i]:.3g}, test MSE {f['test'][i]:.3g}", fontsize=10)


# --- explorer 2: features by hand -------------------------------------------------------------

class FeatureToggleExplorer(Explorer):
    r"""Tick hand-made features $\varphi(x)$; a linear classifier $\sigma(w^T\varphi(x) + b)$ is fitted on them.

    Left: $p(\text{class } 1)$ over the plane, the boundary $w^T\varphi(x) + b = 0$ (curved in $x$,
    a hyperplane in $\varphi$) and the data. Right: the weights $w$. Each (dataset, feature set)
    is trained once (300 full-batch Adam steps, ~15 ms) and cached.
    ``dataset``: one of :data:`DATASETS`; ``features``: the :data:`FEATURES` ticked at the start
    (any case, any order; ``()`` ticks none).
    """

    grid_n = 120

    def __init__(self, dataset="circles", features=("x1", "x2")):
        ticked = set(_feature_names(features, "features", type(self).__name__, ordered=False))
        controls = {"dataset": control(widgets.Dropdown, "dataset", dataset, options=list(DATASETS),
                                       description="dataset")}
        for name, (_, text, _) in FEATURES.items():
            controls[name] = control(widgets.Checkbox, name, name in ticked, description=text, indent=False,
                                     layout=widgets.Layout(width="auto"))
        dataset = controls["dataset"].value
        self._fits = {}
        self._data = {}
        fig, (ax, ax_w) = _two_panels((9.0, 4.2), [1.2, 1])
        self.ax, self.ax_w = ax, ax_w
        self.map = plot_probability_map(None, (-1, 1), (-1, 1), ax=ax, aspect="equal")
        X0, y0 = classification_data(dataset)
        plot_dataset_2d(X0, y0, ax=ax)
        self.points = ax.collections[-2:]  # class 0, class 1
        box = dict(boxstyle="round", facecolor="white", edgecolor=OKABE_ITO["vermillion"])
        self.message = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center", fontsize=11,
                               zorder=10, bbox=box)
        labels = [FEATURES[n][0] for n in FEATURES]
        self.bars = ax_w.bar(np.arange(len(FEATURES)), np.zeros(len(FEATURES)), color=OKABE_ITO["blue"])
        ax_w.axhline(0, color="black", lw=0.8)
        ax_w.set_xticks(np.arange(len(FEATURES)), labels, rotation=45)
        ax_w.set_ylabel("weight $w_k$")
        ax_w.set_title(r"weights $w$ of $w^T\varphi(x) + b$", fontsize=10)
        super().__init__(fig, controls, title="Hand-made features for a linear classifier")

    def _dataset(self, dataset):
        if dataset not in self._data:
            X, y = classification_data(dataset)
            r = float(np.abs(X).max()) + 0.3
            _, _, grid = grid_points((-r, r), (-r, r), self.grid_n)
            self._data[dataset] = dict(X=X, y=y, r=r, Phi_grid=feature_matrix(grid, list(FEATURES)))
        return self._data[dataset]

    def fitted(self, dataset, names):
        """(layer, train accuracy, p(class 1) on the grid (n, n)) for a dataset and a feature tuple."""
        dataset = choice(dataset, "dataset", DATASETS, kind="dataset")
        names = _feature_names(names, "names", "fitted")
        if not names:
            raise InputError("fitted: names must hold at least one feature (no feature: the model is a constant b)")
        key = (dataset, tuple(names))
        if key not in self._fits:
            d = self._dataset(dataset)
            Phi = feature_matrix(d["X"], names)
            layer = fit_linear_classifier(Phi, d["y"])
            columns = [list(FEATURES).index(n) for n in names]
            P = sigmoid(layer(d["Phi_grid"][:, columns])).reshape(self.grid_n, self.grid_n)
            self._fits[key] = (layer, accuracy(layer, Phi, d["y"]), P)
        return self._fits[key]

    def update(self, dataset, **ticked):
        """Fit on the ``ticked`` features (feature name -> True/False; a feature not named is not ticked)."""
        dataset = choice(dataset, "dataset", DATASETS, kind="dataset")
        ticked = {choice(k, k, FEATURES, kind="feature"): flag(v, k) for k, v in ticked.items()}
        names = [n for n in FEATURES if ticked.get(n, False)]
        d = self._dataset(dataset)
        for c, points in enumerate(self.points):
            points.set_offsets(d["X"][d["y"] == c])
        r = d["r"]
        self.ax.set_xlim(-r, r)
        self.ax.set_ylim(-r, r)
        if not names:
            self.map.update(None, (-r, r), (-r, r))  # hidden
            self.message.set_text("No feature ticked: $\\varphi(x)$ is empty,\nso the model is a constant $b$.\n"
                                  "Tick at least one feature.")
            self.message.set_visible(True)
            for bar in self.bars:
                bar.set_height(0)
            self.ax_w.set_ylim(-1, 1)
            self.ax_w.set_xlabel("")
            self.ax.set_title(f"{dataset}: no features selected", fontsize=10)
            return
        layer, acc, P = self.fitted(dataset, names)
        self.message.set_visible(False)
        self.map.update(P, (-r, r), (-r, r))
        w = dict(zip(names, layer.W.value[0]))
        for bar, name in zip(self.bars, FEATURES):
            bar.set_height(w.get(name, 0.0))
        top = max(abs(v) for v in w.values()) * 1.15 + 1e-9
        self.ax_w.set_ylim(-top, top)
        self.ax_w.set_xlabel(f"bias b = {layer.b.value[0]:.2f}")
        # plain text (unicode), not mathtext: a title that changes would be parsed anew each time (~25 ms)
        features = ", ".join(FEATURES[n][1] for n in names)
        self.ax.set_title(f"{dataset}, φ(x) = ({features})\ntrain accuracy {acc:.3f}", fontsize=10)


EXPLORERS = [PolynomialDegreeExplorer, FeatureToggleExplorer]
