r"""Figures and explorers of notebook ``02_nonlinearity_and_activations.ipynb``.

Slides "Fix: just introduce a nonlinearity", "In greater detail", "Some terminology" and
"Activation functions": $\hat y = w^T g(Wx) = \sum_j w_j\, g\left(\sum_i W_{ji} x_i\right)$.

* :func:`network_diagram_figure` — the one-hidden-layer network, labelled with the slide's terms;
* :func:`activation_functions_figure` — the slide's five $g$ with their derivatives $g'$;
* :class:`ActivationExplorer` — $g$, $g'$, and what $g'$ does to a gradient passed back through
  $k$ layers (saturation), with ELU's $\alpha$, the input scale and the depth as sliders;
* :func:`train_classifier`, :func:`decision_boundaries_figure` and :class:`NonlinearityExplorer` —
  XOR / circles: no straight line separates them, one hidden layer with a nonlinearity does.

The activations themselves live in :mod:`lecture_nn.activations`; nothing is re-implemented here.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.patches import Circle, FancyArrowPatch
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, MultipleLocator, NullLocator

from ..activations import get_activation, sigmoid
from ..data import classification_2d
from ..layers import mlp
from ..losses import BCEWithLogitsLoss
from ..optim import Adam
from ..plotting import (ACTIVATION_COLORS, PROBABILITY_CMAP, grid_points, new_figure, plot_dataset_2d,
                        plot_decision_boundary, power_of_ten)
from ..training import accuracy, fit
from .base import Explorer

__all__ = ["SLIDE_ACTIVATIONS", "ACTIVATION_LABELS", "g_and_g_prime", "network_diagram_figure",
           "activation_functions_figure", "gradient_factors", "expected_derivative", "ActivationExplorer",
           "train_classifier", "decision_boundaries_figure", "NonlinearityExplorer", "EXPLORERS"]

#: the five activations of the slide, in the slide's order
SLIDE_ACTIVATIONS = ("relu", "elu", "softplus", "sigmoid", "tanh")
ACTIVATION_LABELS = {"relu": "ReLU", "elu": "ELU", "softplus": "softplus", "sigmoid": "sigmoid", "tanh": "tanh",
                     "identity": "identity", "leaky_relu": "leaky ReLU"}
#: the slide's formulas, for titles
ACTIVATION_FORMULAS = {
    "relu": r"$\max(0, z)$",
    "elu": r"$z$ if $z \geq 0$, $\alpha(e^z - 1)$ if $z < 0$",
    "softplus": r"$\log(1 + e^z)$",
    "sigmoid": r"$1 / (1 + e^{-z})$",
    "tanh": r"$(e^z - e^{-z}) / (e^z + e^{-z})$",
}

_FLOOR = 1e-12  # log-scale plots draw a gradient factor of exactly 0 at this height
def g_and_g_prime(name: str, alpha: float = 1.0):
    r"""``(g, g')`` of ``lecture_nn.activations`` as functions of $z$ only; ``alpha`` is ELU's $\alpha$."""
    g, g_prime, _, _ = get_activation(name)
    params = {"alpha": alpha} if name == "elu" else {}
    return (lambda z: g(z, **params)), (lambda z: g_prime(z, **params))


# --- "Some terminology": the network as a labelled diagram ------------------------------------

def _node(ax, xy, text, color, radius=0.33, fontsize=13):
    ax.add_patch(Circle(xy, radius, facecolor="white", edgecolor=color, linewidth=2, zorder=3))
    ax.text(*xy, text, ha="center", va="center", fontsize=fontsize, zorder=4)


def _arrow(ax, start, end, color="0.6", lw=1.0, zorder=1):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=10, color=color, lw=lw,
                                 shrinkA=0, shrinkB=0, zorder=zorder))


def _point_on(start, end, t, r_start, r_end):
    """The point a fraction t along the segment between two circles' rims."""
    p0, p1 = np.asarray(start, float), np.asarray(end, float)
    u = (p1 - p0) / np.linalg.norm(p1 - p0)
    a, b = p0 + r_start * u, p1 - r_end * u
    return a + t * (b - a)


def network_diagram_figure(d: int = 3, d_hidden: int = 4):
    r"""The one-hidden-layer network $\hat y = w^T g(Wx)$ drawn with the slide's terminology.

    Inputs $x_i$ ($i = 1..d$), pre-activations $z_j = \sum_i W_{ji} x_i$, activations
    $a_j = g(z_j)$ ($j = 1..d'$), output $\hat y = \sum_j w_j a_j$. The edges into $z_1$ carry
    their weight labels $W_{1i}$; the edges into $\hat y$ carry $w_j$.
    """
    if not (1 <= d <= 5 and 1 <= d_hidden <= 6):
        raise ValueError(f"the diagram is drawn for 1 <= d <= 5 inputs and 1 <= d' <= 6 hidden units, "
                         f"got d = {d}, d' = {d_hidden}")
    blue, orange, green, black = "#0072B2", "#E69F00", "#009E73", "#000000"
    fig, ax = new_figure(figsize=(10.5, 7.0))
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.grid(False)
    r = 0.33
    x_in, x_z, x_a, x_out = 0.0, 3.6, 5.4, 8.6
    ys_in = (np.arange(d)[::-1] - (d - 1) / 2) * 1.25
    ys_h = (np.arange(d_hidden)[::-1] - (d_hidden - 1) / 2) * 1.05
    top = max(ys_in.max(), ys_h.max())
    bottom = min(ys_in.min(), ys_h.min())

    # Dense1: every x_i feeds every z_j; the edges into z_1 highlighted and labelled W_1i
    for j, yj in enumerate(ys_h):
        for i, yi in enumerate(ys_in):
            hot = j == 0
            start = _point_on((x_in, yi), (x_z, yj), 0, r, r)
            end = _point_on((x_in, yi), (x_z, yj), 1, r, r)
            _arrow(ax, start, end, color=blue if hot else "0.75", lw=1.6 if hot else 0.9, zorder=2 if hot else 1)
            if hot:
                lx, ly = _point_on((x_in, yi), (x_z, yj), 0.42, r, r)
                ax.text(lx, ly, f"$W_{{1{i + 1}}}$", color=blue, fontsize=11, ha="center", va="center", zorder=5,
                        bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"))
    # Activation1: a_j = g(z_j), unit by unit
    for yj in ys_h:
        _arrow(ax, (x_z + r, yj), (x_a - r, yj), color=orange, lw=2.0)
        ax.text((x_z + x_a) / 2, yj + 0.12, "$g$", color=orange, fontsize=12, ha="center", va="bottom")
    # Dense2: y_hat = sum_j w_j a_j
    for j, yj in enumerate(ys_h):
        start = _point_on((x_a, yj), (x_out, 0.0), 0, r, 0.42)
        end = _point_on((x_a, yj), (x_out, 0.0), 1, r, 0.42)
        _arrow(ax, start, end, color=green, lw=1.4)
        lx, ly = _point_on((x_a, yj), (x_out, 0.0), 0.38, r, 0.42)
        ax.text(lx, ly, f"$w_{{{j + 1}}}$", color=green, fontsize=11, ha="center", va="center", zorder=5,
                bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"))

    for i, yi in enumerate(ys_in):
        _node(ax, (x_in, yi), f"$x_{{{i + 1}}}$", black)
    for j, yj in enumerate(ys_h):
        _node(ax, (x_z, yj), f"$z_{{{j + 1}}}$", blue)
        _node(ax, (x_a, yj), f"$a_{{{j + 1}}}$", orange)
    _node(ax, (x_out, 0.0), r"$\hat y$", green, radius=0.42, fontsize=15)

    # what each step computes, above the picture (with lecture_nn's layer names in grey)
    y_head = top + 0.95
    heads = [
        (x_in, "inputs\n" + r"$x \in \mathbb{R}^d$", "", black),
        ((x_in + x_z) / 2, "weights $W$ ($d' \\times d$)\n" + r"$z_j = \sum_i W_{ji}\, x_i$", "Dense1", blue),
        ((x_z + x_a) / 2, "activation function $g$\n" + r"$a_j = g(z_j)$", "Activation1", orange),
        ((x_a + x_out) / 2 + 0.2, "weights $w$ ($d'$)\n" + r"$\hat y = \sum_j w_j\, a_j$", "Dense2", green),
    ]
    for x, text, code_name, color in heads:
        ax.text(x, y_head, text, ha="center", va="bottom", fontsize=11.5, color=color, linespacing=1.5)
        if code_name:
            ax.text(x, y_head - 0.22, f"lecture_nn: {code_name}", ha="center", va="top", fontsize=9,
                    color="0.45", family="monospace")

    # the three layers, bracketed underneath
    y_br = bottom - 0.65

    def bracket(x0, x1, text):
        ax.plot([x0, x0, x1, x1], [y_br + 0.15, y_br, y_br, y_br + 0.15], color="0.3", lw=1.2)
        ax.text((x0 + x1) / 2, y_br - 0.12, text, ha="center", va="top", fontsize=12, linespacing=1.4)

    bracket(x_in - 0.55, x_in + 0.55, "input layer\n($d$ values)")
    bracket(x_z - 0.55, x_a + 0.55, "hidden layer\n($d'$ units: $z_j \\to a_j$)")
    bracket(x_out - 0.6, x_out + 0.6, "output layer")
    ax.text((x_in + x_out) / 2, y_br - 1.25,
            'pre-activation: $z = Wx$ (before $g$)      activation: $a = g(z) = g(Wx)$, the slide\'s $\\tilde x$\n'
            'Note: the term "activation" may also stand for an output of a layer',
            ha="center", va="top", fontsize=11, color="0.2", linespacing=1.6,
            bbox=dict(boxstyle="round,pad=0.4", facecolor="#F7F7F7", edgecolor="0.8"))
    ax.set_xlim(x_in - 1.3, x_out + 1.3)
    ax.set_ylim(y_br - 2.35, y_head + 1.05)
    ax.set_title(r"$\hat y = w^T g(Wx) = \sum_j \left[ w_j\, g\left(\sum_i W_{ji}\, x_i\right)\right]$"
                 f"     ($d = {d}$ inputs, $d' = {d_hidden}$ hidden units)", fontsize=14)
    return fig


# --- "Activation functions": the slide's five and their derivatives ----------------------------

def activation_functions_figure(alpha: float = 1.0, z_range=(-4.0, 4.0)):
    r"""The slide's five activations $g(z)$ (top row) and their derivatives $g'(z)$ (bottom row).

    ``alpha`` is ELU's $\alpha$ (the slide's ELU has $\alpha = 1$).
    """
    z = np.linspace(*z_range, 801)
    fig, axes = new_figure(2, 5, figsize=(14.0, 5.4), sharex=True)
    for k, name in enumerate(SLIDE_ACTIVATIONS):
        g, g_prime = g_and_g_prime(name, alpha)
        color = ACTIVATION_COLORS[name]
        top, bottom = axes[0, k], axes[1, k]
        top.plot(z, g(z), color=color, lw=2.2)
        bottom.plot(z, g_prime(z), color=color, lw=2.2)
        label = ACTIVATION_LABELS[name] + (f" ($\\alpha$ = {alpha:g})" if name == "elu" else "")
        top.set_title(f"{label}\n{ACTIVATION_FORMULAS[name]}", fontsize=10.5)
        top.set_ylim(-1.5, 4.2)
        bottom.set_ylim(-0.08, max(1.15, alpha * 1.05 if name == "elu" else 0))
        bottom.set_xlabel("$z$")
        for ax in (top, bottom):
            ax.axhline(0, color="0.5", lw=0.6)
            ax.axvline(0, color="0.5", lw=0.6)
    axes[0, 0].set_ylabel("$g(z)$")
    axes[1, 0].set_ylabel("$g'(z)$")
    fig.suptitle("Activation functions $g$ (top) and their derivatives $g'$ (bottom)", fontsize=13)
    return fig


# --- what g' does to a gradient going back through k layers ------------------------------------

def gradient_factors(name: str, Z, alpha: float = 1.0) -> np.ndarray:
    r"""$\prod_{l=1}^{k} g'(z_l)$ for $k = 0..K$ along each row (path) of ``Z`` (paths, K).

    Backprop multiplies the gradient by $g'(z_l)$ at every layer it passes (and by the weights,
    left out here), so this product is the part of the gradient the activations let through.
    Returns (paths, K + 1); column 0 is 1 (no layer passed yet).
    """
    _, g_prime = g_and_g_prime(name, alpha)
    Z = np.asarray(Z, dtype=np.float64)
    factors = np.ones((Z.shape[0], Z.shape[1] + 1))
    np.cumprod(g_prime(Z), axis=1, out=factors[:, 1:])
    return factors


_T = np.linspace(-8.0, 8.0, 4000)  # even count: t = 0 is not a node, so ReLU's kink splits evenly
_PHI_DT = np.exp(-0.5 * _T**2) / np.sqrt(2 * np.pi) * (_T[1] - _T[0])


def expected_derivative(name: str, scale: float, alpha: float = 1.0) -> float:
    r"""$\mathbb{E}\,[g'(z)]$ for $z \sim \mathcal N(0, s^2)$ (a Riemann sum over $\pm 8 s$).

    With independent $z_l$ the expected gradient factor through $k$ layers is this to the power $k$:
    $\mathbb{E} \prod_l g'(z_l) = (\mathbb{E}\, g'(z))^k$. ReLU gives 1/2 for every $s$ (half the
    paths are closed); sigmoid at most 1/4; tanh drops towards 0 as $s$ grows (saturation).
    """
    _, g_prime = g_and_g_prime(name, alpha)
    return float(np.dot(g_prime(scale * _T), _PHI_DT))


class ActivationExplorer(Explorer):
    r"""The five activations, their derivatives, and the gradient factor $\prod_l g'(z_l)$ through $k$ layers.

    Controls: which activations to show, which one to highlight, ELU's $\alpha$, the input scale
    $s$ (pre-activations $z_l \sim \mathcal N(0, s^2)$) and the depth $k$.
    """

    n_paths = 2000      # random paths for the median and the share of closed paths
    n_drawn = 25        # paths drawn one by one for the highlighted activation
    max_depth = 30

    def __init__(self, highlight="sigmoid", alpha=1.0, scale=1.0, depth=10, show=SLIDE_ACTIVATIONS, rng=0):
        self._noise = np.random.default_rng(rng).standard_normal((self.n_paths, self.max_depth))
        self.z = np.linspace(-5, 5, 501)
        fig, (ax_g, ax_d, ax_k) = new_figure(1, 3, figsize=(14.5, 4.6))
        self.ax_g, self.ax_d, self.ax_k = ax_g, ax_d, ax_k
        self.g_lines, self.d_lines, self.mean_lines = {}, {}, {}
        for name in SLIDE_ACTIVATIONS:
            color = ACTIVATION_COLORS[name]
            self.g_lines[name], = ax_g.plot(self.z, self.z, color=color, label=ACTIVATION_LABELS[name])
            self.d_lines[name], = ax_d.plot(self.z, self.z, color=color)
            self.mean_lines[name], = ax_k.plot([0], [1], color=color)
        self.paths = ax_k.add_collection(LineCollection([], lw=0.7, alpha=0.45), autolim=False)  # one artist
        # where the pre-activations z ~ N(0, s^2) fall: a density under the derivatives
        self.density = ax_d.fill_between(self.z, 0, 0, color="0.5", alpha=0.2, lw=0)
        ax_g.set_xlim(-5, 5)
        ax_g.set_ylim(-2.2, 5.0)
        ax_g.set_xlabel("z")
        ax_g.set_ylabel("g(z)")
        ax_g.set_title("activation functions g(z)")
        ax_g.legend(loc="upper left", fontsize=9)
        ax_d.set_xlim(-5, 5)
        ax_d.set_ylim(-0.05, 2.1)
        ax_d.set_xlabel("z")
        ax_d.set_ylabel("g′(z)")
        ax_k.set_yscale("log")
        ax_k.set_ylim(_FLOOR / 30, 50)
        ax_k.axhline(1, color="0.4", lw=0.8, ls="--")
        ax_k.set_ylabel("gradient factor g′(z₁) g′(z₂) ··· g′(zₖ)")
        # few tick labels: each one is measured and drawn on every update, the main cost of a redraw
        for ax in (ax_g, ax_d):
            ax.xaxis.set_major_locator(MultipleLocator(2))
        ax_g.yaxis.set_major_locator(MultipleLocator(2))
        ax_d.yaxis.set_major_locator(MultipleLocator(0.5))
        ax_k.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        ax_k.yaxis.set_major_locator(FixedLocator(10.0 ** np.arange(0, -13, -3)))
        ax_k.yaxis.set_major_formatter(FuncFormatter(power_of_ten))
        ax_k.yaxis.set_minor_locator(NullLocator())  # ~100 minor ticks over 14 decades: slow, no help
        ax_k.text(0.99, 0.01, f"factor 0 (a closed path) is drawn at {_FLOOR:g}", transform=ax_k.transAxes,
                  ha="right", va="bottom", fontsize=8, color="0.4",
                  bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none", alpha=0.8))
        options = [(ACTIVATION_LABELS[n], n) for n in SLIDE_ACTIVATIONS]
        controls = {
            "highlight": widgets.Dropdown(options=options, value=highlight, description="highlight"),
            "show": widgets.SelectMultiple(options=options, value=tuple(show), rows=5, description="show"),
            "alpha": widgets.FloatSlider(value=alpha, min=0.1, max=2.0, step=0.1, description="ELU α"),
            "scale": widgets.FloatSlider(value=scale, min=0.1, max=5.0, step=0.1, description="input scale s"),
            "depth": widgets.IntSlider(value=depth, min=1, max=self.max_depth, description="depth k"),
        }
        super().__init__(fig, controls, title="Activation functions, their derivatives, and saturation")

    def update(self, highlight, show, alpha, scale, depth):
        shown = set(show) | {highlight}
        Z = scale * self._noise[:, :depth]  # (paths, k): z_l ~ N(0, s^2), one per layer
        layers = np.arange(depth + 1)
        for name in SLIDE_ACTIVATIONS:
            g, g_prime = g_and_g_prime(name, alpha)
            hot = name == highlight
            style = dict(visible=name in shown, lw=3.0 if hot else 1.6, alpha=1.0 if hot else 0.75,
                         zorder=3 if hot else 2)
            self.g_lines[name].set(ydata=g(self.z), **style)
            self.d_lines[name].set(ydata=g_prime(self.z), **style)
            expected = expected_derivative(name, scale, alpha) ** layers
            self.mean_lines[name].set(xdata=layers, ydata=np.maximum(expected, _FLOOR), **style)
        # single paths of the highlighted activation, in its colour
        factors = gradient_factors(highlight, Z[: self.n_drawn], alpha)
        segments = np.stack([np.broadcast_to(layers, factors.shape), np.maximum(factors, _FLOOR)], axis=-1)
        self.paths.set_segments(segments)  # (paths, k + 1, 2)
        self.paths.set_color(ACTIVATION_COLORS[highlight])
        last = gradient_factors(highlight, Z, alpha)[:, -1]  # (paths,) after all k layers
        self.ax_k.set_xlabel(f"layers passed k\n{ACTIVATION_LABELS[highlight]} after k = {depth} layers: expected "
                             f"{expected_derivative(highlight, scale, alpha) ** depth:.2g},\nmedian path "
                             f"{np.median(last):.2g}, paths with factor exactly 0: {np.mean(last == 0):.1%}")
        density = np.exp(-0.5 * (self.z / scale) ** 2)  # peak 1, width s
        # one closed polygon under the curve (PolyCollection.set_data needs matplotlib 3.10)
        outline = np.concatenate([np.column_stack([self.z, density]), np.column_stack([self.z[::-1], 0 * self.z])])
        self.density.set_verts([outline])
        self.ax_d.set_title(f"derivatives g′(z); grey: density of z ~ N(0, s²), s = {scale:g}")
        self.ax_k.set_xlim(0, depth)
        self.ax_k.set_title(f"gradient factor through k layers, zₗ ~ N(0, {scale:g}²)\n"
                            "thick: expected (E g′(z))ᵏ; "
                            f"thin: {self.n_drawn} random paths ({ACTIVATION_LABELS[highlight]})", fontsize=10.5)


# --- XOR / circles: a nonlinearity bends the decision boundary -----------------------------------

def train_classifier(X, y, activation="relu", d_hidden=8, epochs=300, lr=0.05, rng=0, **activation_params):
    r"""``mlp([2, d', 1], activation)`` trained full batch with Adam on ``BCEWithLogitsLoss``.

    The same steps as the notebook's training cell; returns the trained model.
    """
    model = mlp([X.shape[1], d_hidden, 1], activation=activation, rng=rng, **activation_params)
    fit(model, BCEWithLogitsLoss(), Adam(model.parameters(), lr=lr), X, y, epochs=epochs)
    return model


def decision_boundaries_figure(models: dict, X, y, n=200):
    r"""One panel per trained model: $p(\text{class } 1 \mid x) = \sigma(\hat y)$ over the plane and its
    boundary $p = 1/2$, with the data; the title says the accuracy on (X, y).

    ``models``: title -> model (anything mapping points (M, 2) to logits (M, 1)).
    """
    fig, axes = new_figure(1, len(models), figsize=(5.0 * len(models), 4.6))
    axes = np.atleast_1d(axes)
    for ax, (title, model) in zip(axes, models.items()):
        plot_decision_boundary(model.forward, X, y, ax=ax, n=n)
        ax.set_title(f"{title}\naccuracy {accuracy(model, X, y):.3f}")
        ax.set_aspect("equal")
    axes[0].legend(loc="upper left", fontsize=9, frameon=True)
    fig.suptitle(r"$p(\mathrm{class}\ 1) = \sigma(\hat y)$ of $\hat y = w^T g(Wx) + \ldots$; black line: "
                 r"decision boundary $p = 1/2$", fontsize=12)
    return fig


class NonlinearityExplorer(Explorer):
    r"""The same ``mlp([2, d', 1])`` with $g$ = identity (left) and with a nonlinear $g$ (right).

    Controls: the dataset (XOR or circles), the activation $g$ and the hidden width $d'$.
    Trained models are cached per setting, so a revisited setting answers at once.
    """

    grid_n = 110
    x_range = (-1.6, 1.6)

    def __init__(self, dataset="xor", activation="relu", d_hidden=8, n=200, rng=0):
        self.n, self.rng = n, rng
        self._data, self._models = {}, {}
        self.xx, self.yy, self.points = grid_points(self.x_range, self.x_range, self.grid_n)
        fig, (ax_lin, ax_nl) = new_figure(1, 2, figsize=(10.5, 4.9))
        self.axes = (ax_lin, ax_nl)
        extent = (*self.x_range, *self.x_range)
        self.images, self.scatters, self.contours = [], [], [None, None]
        for ax in self.axes:
            self.images.append(ax.imshow(np.full((self.grid_n, self.grid_n), 0.5), origin="lower", extent=extent,
                                         cmap=PROBABILITY_CMAP, vmin=0, vmax=1, alpha=0.75, interpolation="bilinear"))
            X0, y0 = self._dataset(dataset)
            plot_dataset_2d(X0, y0, ax=ax)
            self.scatters.append(ax.collections[-2:])  # class 0, class 1
            ax.set_xlim(*self.x_range)
            ax.set_ylim(*self.x_range)
            ax.set_aspect("equal")
            ax.set_xlabel("x₁")  # plain text, not mathtext: redrawn on every update
            ax.set_ylabel("x₂")
            ax.xaxis.set_major_locator(MultipleLocator(1))  # few tick labels: cheaper redraws
            ax.yaxis.set_major_locator(MultipleLocator(1))
        ax_lin.legend(loc="upper left", fontsize=9, frameon=True)
        controls = {
            "dataset": widgets.Dropdown(options=["xor", "circles"], value=dataset, description="data"),
            "activation": widgets.Dropdown(options=[(ACTIVATION_LABELS[a], a) for a in SLIDE_ACTIVATIONS],
                                           value=activation, description="g"),
            "d_hidden": widgets.IntSlider(value=d_hidden, min=1, max=16, description="hidden d'"),
        }
        super().__init__(fig, controls, title="One hidden layer: without and with a nonlinearity")

    def _dataset(self, name):
        if name not in self._data:
            self._data[name] = classification_2d(name, n=self.n, rng=self.rng)
        return self._data[name]

    def model(self, dataset, activation, d_hidden):
        """The trained ``mlp([2, d', 1], activation)`` for this setting (trained once, then cached)."""
        key = (dataset, activation, d_hidden)
        if key not in self._models:
            X, y = self._dataset(dataset)
            self._models[key] = train_classifier(X, y, activation, d_hidden, rng=self.rng)
        return self._models[key]

    def update(self, dataset, activation, d_hidden):
        X, y = self._dataset(dataset)
        for k, name in enumerate(("identity", activation)):
            ax = self.axes[k]
            model = self.model(dataset, name, d_hidden)
            P = sigmoid(model.forward(self.points)[:, 0]).reshape(self.grid_n, self.grid_n)  # p(class 1)
            self.images[k].set_data(P)
            if self.contours[k] is not None:
                self.contours[k].remove()
                self.contours[k] = None
            if P.min() < 0.5 < P.max():
                self.contours[k] = ax.contour(self.xx, self.yy, P, levels=[0.5], colors="black", linewidths=1.5)
            for c, scatter in enumerate(self.scatters[k]):
                scatter.set_offsets(X[y == c])
            label = "identity (no nonlinearity)" if name == "identity" else ACTIVATION_LABELS[name]
            ax.set_title(f"g = {label}, d′ = {d_hidden}\naccuracy {accuracy(model, X, y):.3f}")


EXPLORERS = [ActivationExplorer, NonlinearityExplorer]
