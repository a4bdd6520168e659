r"""Linear models and hand-made features: the pictures of notebook 00.

Serves ``notebooks/00_linear_models_recap.ipynb`` and the slides "Linear models + feature
expansion recap" and "Can we automate feature engineering? Idea: add another model".

A linear model is linear in its weights, not in $x$: with a feature map $\varphi(x)$ it is
$\hat y = w^T \varphi(x) + b$. Regression fits $w$ by least squares in closed form
(``np.linalg.lstsq``); classification fits $p(\text{class } 1) = \sigma(w^T \varphi(x) + b)$
(logistic regression: one ``Dense(k, 1)`` layer, ``BCEWithLogitsLoss`` and Adam through
``lecture_nn.fit``). The pictures show that good features fix a linear model, and that finding
them by hand is hard.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import FuncFormatter, NullLocator

from ..activations import sigmoid
from ..data import TARGETS_1D, classification_2d, polynomial_features, regression_1d, train_test_split
from ..layers import Dense
from ..losses import BCEWithLogitsLoss
from ..optim import Adam
from ..plotting import (OKABE_ITO, PROBABILITY_CMAP, grid_points, new_figure, plot_dataset_2d,
                        plot_decision_boundary)
from ..training import accuracy, fit
from .base import Explorer

__all__ = ["FEATURES", "DATASETS", "feature_matrix", "fit_polynomial", "regression_split",
           "polynomial_error_curves", "classification_data", "fit_linear_classifier",
           "polynomial_fits_figure", "circles_features_figure", "feature_sets_figure",
           "stacking_nonconvex_figure", "PolynomialDegreeExplorer", "FeatureToggleExplorer", "EXPLORERS"]

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


def feature_matrix(X, names) -> np.ndarray:
    r"""The hand-made features $\varphi(x)$ of every row of X (N, 2): (N, k), one column per name."""
    unknown = [n for n in names if n not in FEATURES]
    if unknown:
        raise ValueError(f"unknown feature(s) {unknown}; choose from {list(FEATURES)}")
    X = np.asarray(X, dtype=np.float64)
    return np.column_stack([FEATURES[n][2](X) for n in names]) if names else np.empty((len(X), 0))


def _label(names) -> str:
    return ", ".join(FEATURES[n][0] for n in names)


# --- regression: polynomial features, least squares -------------------------------------------

def fit_polynomial(X, y, degree: int) -> np.ndarray:
    r"""Least squares on polynomial features: $w = \arg\min_w \lVert \Phi w - y \rVert^2$.

    $\Phi$ = ``polynomial_features(X, degree, include_bias=True)`` (N, p + 1), columns
    $1, x, \dots, x^p$. Returns $w$ (p + 1, 1). ``lstsq`` solves through the SVD, which stays
    accurate for the badly conditioned high-degree $\Phi$ (no normal equations).
    """
    Phi = polynomial_features(X, degree, include_bias=True)
    w, *_ = np.linalg.lstsq(Phi, np.asarray(y, dtype=np.float64).reshape(len(Phi), -1), rcond=None)
    return w


def predict_polynomial(X, w) -> np.ndarray:
    r"""$\hat y = \Phi(X) w$ for weights from :func:`fit_polynomial`; (N, 1)."""
    return polynomial_features(X, len(w) - 1, include_bias=True) @ w


def regression_split(target="sin", noise=0.15, n=60, rng=0):
    """The 1D data of notebook 00: ``n`` noisy points of a target, split half/half into train and test.

    Returns ``X_train, X_test, y_train, y_test`` (each (n/2, 1)). The same seed gives the same x
    and the same noise pattern for every ``noise``, so the noise slider only scales it.
    """
    X, y = regression_1d(target, n=n, noise=noise, rng=rng)
    return train_test_split(X, y, test_size=0.5, rng=rng)


def polynomial_error_curves(X_train, y_train, X_test, y_test, degrees):
    """Train and test mean squared error of the least-squares fit of each degree, and the weights."""
    train, test, weights = [], [], []
    for p in degrees:
        w = fit_polynomial(X_train, y_train, p)
        train.append(np.mean((predict_polynomial(X_train, w) - y_train) ** 2))
        test.append(np.mean((predict_polynomial(X_test, w) - y_test) ** 2))
        weights.append(w)
    return np.array(train), np.array(test), weights


# --- classification: logistic regression on chosen features -----------------------------------

def classification_data(name="circles", n=200, rng=0):
    """One of :data:`DATASETS`: X (n, 2), labels y (n,) in {0, 1}, with the dataset's default noise."""
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose from {list(DATASETS)}")
    return classification_2d(name, n=n, rng=rng)


def fit_linear_classifier(Phi, y, steps=300, lr=0.1, rng=0) -> Dense:
    r"""Logistic regression $p(\text{class } 1) = \sigma(w^T \varphi + b)$ on the features Phi (N, k).

    One ``Dense(k, 1)`` layer (a linear model), ``BCEWithLogitsLoss``, ``steps`` full-batch Adam
    steps through ``lecture_nn.fit``. The loss is convex in $(w, b)$, so there is no bad local
    minimum. If no hyperplane in feature space separates the classes, it has one minimum and the
    seed hardly matters. If one does (circles on $x_1^2, x_2^2$), it has no minimum at all: the
    loss falls towards 0 as $w$ and $b$ grow, so the returned $w$ is where ``steps`` stopped and
    grows with more steps, while the boundary (their ratio) settles.
    Returns the layer: ``layer.W.value`` (1, k) is $w^T$, ``layer.b.value`` is $b$.
    """
    Phi = np.asarray(Phi, dtype=np.float64)
    layer = Dense(Phi.shape[1], 1, init="glorot", rng=rng)
    fit(layer, BCEWithLogitsLoss(), Adam(layer.parameters(), lr=lr), Phi, np.asarray(y).reshape(-1, 1),
        epochs=steps)
    return layer


# --- static figures -----------------------------------------------------------------------------

_FIT_COLORS = [OKABE_ITO["vermillion"], OKABE_ITO["green"], OKABE_ITO["purple"], OKABE_ITO["sky blue"]]


def _two_panels(figsize, width_ratios):
    """``new_figure(1, 2)`` with panels of unequal width."""
    fig, axes = new_figure(1, 2, figsize=figsize)
    axes[0].get_gridspec().set_width_ratios(width_ratios)
    return fig, axes


def _ylim_1d(y):
    return float(y.min()) - 0.4, float(y.max()) + 0.4


def polynomial_fits_figure(target="sin", degrees=(1, 5), noise=0.15, n=60, rng=0):
    r"""Training data of a 1D target and the least-squares fits $\hat y = w^T \varphi(x)$ of a few degrees."""
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


def circles_features_figure(n=200, rng=0):
    r"""Circles: a linear classifier on $(x_1, x_2)$, on $(x_1^2, x_2^2)$, and the latter in feature space."""
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


def feature_sets_figure(choices=None, n=200, rng=0):
    r"""One panel per dataset: the linear classifier on a chosen feature set, with its train accuracy.

    ``choices``: dataset name -> feature names (default :data:`HAND_PICKED`).
    """
    choices = dict(HAND_PICKED if choices is None else choices)
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
    return fig


def stacking_nonconvex_figure(n=50):
    r"""One linear model $\hat y = w x$ has a convex loss; two stacked, $\hat y = w (W x)$, do not.

    Data $y = x$ on $[-1, 1]$; $L = \frac1N \sum_i (\hat y_i - y_i)^2$. Stacked, $L(W, w)$ depends
    only on $wW$: a valley of minima along the hyperbola $wW = 1$ and a saddle at the origin.
    """
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


# --- explorer 1: polynomial degree ------------------------------------------------------------

class PolynomialDegreeExplorer(Explorer):
    r"""Degree $p$ of the polynomial features, target and noise -> the least-squares fit and
    train/test error against the degree.

    All 15 fits of a (target, noise) are computed at its first visit (a few ms) and cached.
    """

    degrees = np.arange(1, 16)

    def __init__(self, target="sin", degree=3, noise=0.15):
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
        ax.set_xlim(-1.05, 1.05)
        ax.set_xlabel("$x$")
        ax.set_ylabel("$y$")
        ax.legend(loc="upper left", fontsize=8, ncols=2, frameon=True, framealpha=0.85, edgecolor="none")
        (self.train_curve,) = ax_err.plot(self.degrees, np.ones(len(self.degrees)), "o-", ms=3,
                                          color=OKABE_ITO["blue"], label="train")
        (self.test_curve,) = ax_err.plot(self.degrees, np.ones(len(self.degrees)), "o-", ms=3,
                                         color=OKABE_ITO["orange"], label="test")
        self.marker = ax_err.axvline(degree, color="gray", lw=1)
        self.current = ax_err.scatter([degree, degree], [1, 1], s=60, zorder=3,
                                      color=[OKABE_ITO["blue"], OKABE_ITO["orange"]], edgecolors="black")
        ax_err.set_yscale("log")
        # plain labels, no minor ticks: mathtext 10^k labels and ~60 minor ticks doubled the redraw time
        ax_err.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax_err.yaxis.set_minor_locator(NullLocator())
        ax_err.set_xlabel("degree $p$")
        ax_err.set_ylabel("mean squared error (log)")
        ax_err.set_xticks(self.degrees[::2])
        ax_err.legend(loc="upper left", fontsize=8)
        controls = {
            "target": widgets.Dropdown(options=list(TARGETS_1D), value=target, description="target"),
            "degree": widgets.IntSlider(value=degree, min=int(self.degrees[0]), max=int(self.degrees[-1]),
                                        description="degree p"),
            "noise": widgets.FloatSlider(value=noise, min=0.0, max=0.5, step=0.05, description="noise",
                                         readout_format=".2f"),
        }
        super().__init__(fig, controls, title="Polynomial features: least squares fit and overfitting")

    def _fits(self, target, noise):
        key = (target, round(float(noise), 4))
        if key not in self._cache:
            X_train, X_test, y_train, y_test = regression_split(target, noise)
            train, test, weights = polynomial_error_curves(X_train, y_train, X_test, y_test, self.degrees)
            curves = [predict_polynomial(self._xs, w)[:, 0] for w in weights]
            self._cache[key] = dict(X_train=X_train, X_test=X_test, y_train=y_train, y_test=y_test,
                                    train=train, test=test, curves=curves)
        return self._cache[key]

    def update(self, target, degree, noise):
        f = self._fits(target, noise)
        i = int(degree) - int(self.degrees[0])
        self.train_points.set_offsets(np.column_stack([f["X_train"][:, 0], f["y_train"][:, 0]]))
        self.test_points.set_offsets(np.column_stack([f["X_test"][:, 0], f["y_test"][:, 0]]))
        self.true_line.set_ydata(TARGETS_1D[target](self._xs[:, 0]))
        self.fit_line.set_ydata(f["curves"][i])
        self.ax.set_ylim(*_ylim_1d(np.concatenate([f["y_train"], f["y_test"]])))
        # titles that change are plain text: mathtext is parsed anew for every new string (~25 ms)
        self.ax.set_title(f"least squares on polynomial features, degree p = {degree}")
        self.train_curve.set_ydata(f["train"])
        self.test_curve.set_ydata(f["test"])
        self.marker.set_xdata([degree, degree])
        self.current.set_offsets([[degree, f["train"][i]], [degree, f["test"][i]]])
        both = np.concatenate([f["train"], f["test"]])
        self.ax_err.set_ylim(max(both.min() / 3, 1e-6), both.max() * 3)
        self.ax_err.set_title(f"train MSE {f['train'][i]:.3g}, test MSE {f['test'][i]:.3g}", fontsize=10)


# --- explorer 2: features by hand -------------------------------------------------------------

class FeatureToggleExplorer(Explorer):
    r"""Tick hand-made features $\varphi(x)$; a linear classifier $\sigma(w^T\varphi(x) + b)$ is fitted on them.

    Left: $p(\text{class } 1)$ over the plane, the boundary $w^T\varphi(x) + b = 0$ (curved in $x$,
    a hyperplane in $\varphi$) and the data. Right: the weights $w$. Each (dataset, feature set)
    is trained once (300 full-batch Adam steps, ~15 ms) and cached.
    """

    grid_n = 120

    def __init__(self, dataset="circles", features=("x1", "x2")):
        self._fits = {}
        self._data = {}
        fig, (ax, ax_w) = _two_panels((9.0, 4.2), [1.2, 1])
        self.ax, self.ax_w = ax, ax_w
        self.image = ax.imshow(np.full((self.grid_n, self.grid_n), 0.5), origin="lower", extent=(-1, 1, -1, 1),
                               aspect="equal", cmap=PROBABILITY_CMAP, vmin=0, vmax=1, alpha=0.75,
                               interpolation="bilinear")
        X0, y0 = classification_data(dataset)
        plot_dataset_2d(X0, y0, ax=ax)
        self.points = ax.collections[-2:]  # class 0, class 1
        self.contour = None
        box = dict(boxstyle="round", facecolor="white", edgecolor=OKABE_ITO["vermillion"])
        self.message = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center", fontsize=11,
                               zorder=10, bbox=box)
        labels = [FEATURES[n][0] for n in FEATURES]
        self.bars = ax_w.bar(np.arange(len(FEATURES)), np.zeros(len(FEATURES)), color=OKABE_ITO["blue"])
        ax_w.axhline(0, color="black", lw=0.8)
        ax_w.set_xticks(np.arange(len(FEATURES)), labels, rotation=45)
        ax_w.set_ylabel("weight $w_k$")
        ax_w.set_title(r"weights $w$ of $w^T\varphi(x) + b$", fontsize=10)
        controls = {"dataset": widgets.Dropdown(options=list(DATASETS), value=dataset, description="dataset")}
        for name, (_, text, _) in FEATURES.items():
            controls[name] = widgets.Checkbox(value=name in features, description=text, indent=False,
                                              layout=widgets.Layout(width="auto"))
        super().__init__(fig, controls, title="Hand-made features for a linear classifier")

    def _dataset(self, dataset):
        if dataset not in self._data:
            X, y = classification_data(dataset)
            r = float(np.abs(X).max()) + 0.3
            xx, yy, grid = grid_points((-r, r), (-r, r), self.grid_n)
            self._data[dataset] = dict(X=X, y=y, r=r, xx=xx, yy=yy, Phi_grid=feature_matrix(grid, list(FEATURES)))
        return self._data[dataset]

    def fitted(self, dataset, names):
        """(layer, train accuracy, p(class 1) on the grid (n, n)) for a dataset and a feature tuple."""
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
        names = [n for n in FEATURES if ticked[n]]
        d = self._dataset(dataset)
        for c, points in enumerate(self.points):
            points.set_offsets(d["X"][d["y"] == c])
        r = d["r"]
        self.image.set_extent((-r, r, -r, r))
        self.ax.set_xlim(-r, r)
        self.ax.set_ylim(-r, r)
        if self.contour is not None:
            self.contour.remove()
            self.contour = None
        if not names:
            self.image.set_visible(False)
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
        self.image.set_visible(True)
        self.image.set_data(P)
        if P.min() < 0.5 < P.max():
            self.contour = self.ax.contour(d["xx"], d["yy"], P, levels=[0.5], colors="black", linewidths=1.5)
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
