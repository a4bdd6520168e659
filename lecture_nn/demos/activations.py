r"""Figures and explorers of notebook ``02_nonlinearity_and_activations.ipynb``.

Slides "Fix: just introduce a nonlinearity", "In greater detail", "Some terminology" and
"Activation functions": $\hat y = w^T g(Wx) = \sum_j w_j\, g\left(\sum_i W_{ji} x_i\right)$.

* :func:`network_diagram_figure` — the one-hidden-layer network, labelled with the slide's terms;
* :func:`activation_functions_figure` — the slide's five $g$ with their derivatives $g'$;
* :func:`layer_gradient_norms` — $\lVert \partial L/\partial W_l \rVert$ of every layer of a deep MLP at
  initialisation, measured with the layers' own backward, for each activation and initialisation;
* :class:`ActivationExplorer` — $g$, $g'$, and those measured gradients, with ELU's $\alpha$, the
  initialisation and the depth $k$ as controls;
* :func:`deep_training` and :func:`deep_training_figure` — the same deep networks after plain SGD
  steps: the loss, $\lVert \partial L/\partial W_l \rVert$ after the steps, and how far each layer moved;
* :func:`train_classifier`, :func:`decision_boundaries_figure` and :class:`NonlinearityExplorer` —
  XOR / circles: no straight line separates them, one hidden layer with a nonlinearity does;
* :func:`hidden_units` and :func:`hidden_units_figure` — that hidden layer unit by unit: each
  $a_j = g(z_j)$ over the plane, and $\hat y = \sum_j w_j a_j + c$ as their weighted sum.

The activations themselves live in :mod:`lecture_nn.activations`; nothing is re-implemented here.
"""

from __future__ import annotations

import dataclasses
import functools

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.patches import Circle, FancyArrowPatch
from matplotlib.ticker import FixedLocator, MaxNLocator, MultipleLocator

from .._checks import all_finite, array, as_rng, choice, first_nonfinite, integer, interval, number
from .._checks import seed as checked_seed
from ..activations import ACTIVATION_LABELS, ACTIVATIONS, SLIDE_ACTIVATIONS, get_activation, sigmoid
from ..data import circles, classification_2d
from ..errors import InputError
from ..layers import Activation, Dense, mlp
from ..losses import BCEWithLogitsLoss
from ..optim import SGD, Adam
from ..plotting import (ACTIVATION_COLORS, PROBABILITY_CMAP, grid_points, new_figure, plain_log_axis, plot_dataset_2d,
                        plot_decision_boundary, plot_probability_map)
from ..training import TrainingDiverged, accuracy, fit
from .base import Explorer, control

__all__ = ["SLIDE_ACTIVATIONS", "ACTIVATION_LABELS", "g_and_g_prime", "network_diagram_figure",
           "activation_functions_figure", "INIT_CHOICES", "DEEP_SEEDS", "Z_BINS", "matching_init", "deep_network",
           "layer_gradient_norms", "pre_activation_density", "first_to_last_ratio", "DeepTraining", "deep_training",
           "deep_training_figure", "ActivationExplorer",
           "train_classifier", "decision_boundaries_figure", "hidden_units", "hidden_units_figure",
           "NonlinearityExplorer", "EXPLORERS"]

# SLIDE_ACTIVATIONS (the slide's five, in its order) and ACTIVATION_LABELS live in lecture_nn.activations
#: the slide's formulas, for titles
ACTIVATION_FORMULAS = {
    "relu": r"$\max(0, z)$",
    "elu": r"$z$ if $z \geq 0$, $\alpha(e^z - 1)$ if $z < 0$",
    "softplus": r"$\log(1 + e^z)$",
    "sigmoid": r"$1 / (1 + e^{-z})$",
    "tanh": r"$(e^z - e^{-z}) / (e^z + e^{-z})$",
}


#: ELU's alpha: the range every function of this module accepts (the slide's ELU has 1)
ALPHA_RANGE = (0.0, 10.0)


def _activation(value, argument: str = "activation", known=ACTIVATIONS) -> str:
    """The activation's lecture_nn name (``"ReLU"`` is ``"relu"``), or an error naming ``argument``."""
    return choice(value, argument, list(known), kind="activation")


def _alpha(value, argument: str = "alpha") -> float:
    """ELU's alpha as a float in (0, 10]."""
    return number(value, argument, *ALPHA_RANGE, low_open=True)


def g_and_g_prime(name: str, alpha: float = 1.0):
    r"""``(g, g')`` of ``lecture_nn.activations`` as functions of $z$ only; ``alpha`` is ELU's $\alpha$, in (0, 10]."""
    name, alpha = _activation(name, "name"), _alpha(alpha)
    spec = get_activation(name)
    params = {"alpha": alpha} if name == "elu" else {}
    return (lambda z: spec.function(z, **params)), (lambda z: spec.derivative(z, **params))


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


#: the diagram's columns (x positions) and colours: one per step of the network
_X_IN, _X_Z, _X_A, _X_OUT = 0.0, 3.6, 5.4, 8.6
_BLUE, _ORANGE, _GREEN, _BLACK = "#0072B2", "#E69F00", "#009E73", "#000000"
_R = 0.33  # node radius
_LABEL_BOX = dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none")


def network_diagram_figure(d: int = 3, d_hidden: int = 4):
    r"""The one-hidden-layer network $\hat y = w^T g(Wx)$ drawn with the slide's terminology.

    Inputs $x_i$ ($i = 1..d$), pre-activations $z_j = \sum_i W_{ji} x_i$, activations
    $a_j = g(z_j)$ ($j = 1..d'$), output $\hat y = \sum_j w_j a_j$. The edges into $z_1$ carry
    their weight labels $W_{1i}$; the edges into $\hat y$ carry $w_j$.
    """
    d, d_hidden = integer(d, "d"), integer(d_hidden, "d_hidden")
    if not (1 <= d <= 5 and 1 <= d_hidden <= 6):
        raise InputError(f"network_diagram_figure draws 1 <= d <= 5 inputs and 1 <= d' <= 6 hidden units: "
                         f"d must be an integer in [1, 5] and d_hidden one in [1, 6], got d = {d}, d' = {d_hidden}")
    fig, ax = new_figure(figsize=(10.5, 7.0))
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.grid(False)
    ys_in = (np.arange(d)[::-1] - (d - 1) / 2) * 1.25
    ys_h = (np.arange(d_hidden)[::-1] - (d_hidden - 1) / 2) * 1.05
    _diagram_edges(ax, ys_in, ys_h)
    _diagram_nodes(ax, ys_in, ys_h)
    y_head = max(ys_in.max(), ys_h.max()) + 0.95
    _diagram_headings(ax, y_head)
    y_bracket = min(ys_in.min(), ys_h.min()) - 0.65
    _diagram_layers(ax, y_bracket)
    ax.set_xlim(_X_IN - 1.3, _X_OUT + 1.3)
    ax.set_ylim(y_bracket - 2.35, y_head + 1.05)
    ax.set_title(r"$\hat y = w^T g(Wx) = \sum_j \left[ w_j\, g\left(\sum_i W_{ji}\, x_i\right)\right]$"
                 f"     ($d = {d}$ inputs, $d' = {d_hidden}$ hidden units)", fontsize=14)
    return fig


def _diagram_edges(ax, ys_in, ys_h):
    """Dense1 (every x_i to every z_j; the edges into z_1 labelled W_1i), g unit by unit, Dense2 (w_j)."""
    for j, yj in enumerate(ys_h):
        for i, yi in enumerate(ys_in):
            hot = j == 0
            start = _point_on((_X_IN, yi), (_X_Z, yj), 0, _R, _R)
            end = _point_on((_X_IN, yi), (_X_Z, yj), 1, _R, _R)
            _arrow(ax, start, end, color=_BLUE if hot else "0.75", lw=1.6 if hot else 0.9, zorder=2 if hot else 1)
            if hot:
                lx, ly = _point_on((_X_IN, yi), (_X_Z, yj), 0.42, _R, _R)
                ax.text(lx, ly, f"$W_{{1{i + 1}}}$", color=_BLUE, fontsize=11, ha="center", va="center", zorder=5,
                        bbox=_LABEL_BOX)
    for yj in ys_h:  # a_j = g(z_j)
        _arrow(ax, (_X_Z + _R, yj), (_X_A - _R, yj), color=_ORANGE, lw=2.0)
        ax.text((_X_Z + _X_A) / 2, yj + 0.12, "$g$", color=_ORANGE, fontsize=12, ha="center", va="bottom")
    for j, yj in enumerate(ys_h):  # y_hat = sum_j w_j a_j
        start = _point_on((_X_A, yj), (_X_OUT, 0.0), 0, _R, 0.42)
        end = _point_on((_X_A, yj), (_X_OUT, 0.0), 1, _R, 0.42)
        _arrow(ax, start, end, color=_GREEN, lw=1.4)
        lx, ly = _point_on((_X_A, yj), (_X_OUT, 0.0), 0.38, _R, 0.42)
        ax.text(lx, ly, f"$w_{{{j + 1}}}$", color=_GREEN, fontsize=11, ha="center", va="center", zorder=5,
                bbox=_LABEL_BOX)


def _diagram_nodes(ax, ys_in, ys_h):
    for i, yi in enumerate(ys_in):
        _node(ax, (_X_IN, yi), f"$x_{{{i + 1}}}$", _BLACK)
    for j, yj in enumerate(ys_h):
        _node(ax, (_X_Z, yj), f"$z_{{{j + 1}}}$", _BLUE)
        _node(ax, (_X_A, yj), f"$a_{{{j + 1}}}$", _ORANGE)
    _node(ax, (_X_OUT, 0.0), r"$\hat y$", _GREEN, radius=0.42, fontsize=15)


def _diagram_headings(ax, y_head):
    """What each step computes, above the picture, with lecture_nn's layer names in grey."""
    heads = [
        (_X_IN, "inputs\n" + r"$x \in \mathbb{R}^d$", "", _BLACK),
        ((_X_IN + _X_Z) / 2, "weights $W$ ($d' \\times d$)\n" + r"$z_j = \sum_i W_{ji}\, x_i$", "Dense1", _BLUE),
        ((_X_Z + _X_A) / 2, "activation function $g$\n" + r"$a_j = g(z_j)$", "Activation1", _ORANGE),
        ((_X_A + _X_OUT) / 2 + 0.2, "weights $w$ ($d'$)\n" + r"$\hat y = \sum_j w_j\, a_j$", "Dense2", _GREEN),
    ]
    for x, text, code_name, color in heads:
        ax.text(x, y_head, text, ha="center", va="bottom", fontsize=11.5, color=color, linespacing=1.5)
        if code_name:
            ax.text(x, y_head - 0.22, f"lecture_nn: {code_name}", ha="center", va="top", fontsize=9,
                    color="0.45", family="monospace")


def _diagram_layers(ax, y_br):
    """The three layers, bracketed underneath, and the terms pre-activation and activation."""
    def bracket(x0, x1, text):
        ax.plot([x0, x0, x1, x1], [y_br + 0.15, y_br, y_br, y_br + 0.15], color="0.3", lw=1.2)
        ax.text((x0 + x1) / 2, y_br - 0.12, text, ha="center", va="top", fontsize=12, linespacing=1.4)

    bracket(_X_IN - 0.55, _X_IN + 0.55, "input layer\n($d$ values)")
    bracket(_X_Z - 0.55, _X_A + 0.55, "hidden layer\n($d'$ units: $z_j \\to a_j$)")
    bracket(_X_OUT - 0.6, _X_OUT + 0.6, "output layer")
    ax.text((_X_IN + _X_OUT) / 2, y_br - 1.25,
            'pre-activation: $z = Wx$ (before $g$)      activation: $a = g(z) = g(Wx)$, the slide\'s $\\tilde x$\n'
            'Note: the term "activation" may also stand for an output of a layer',
            ha="center", va="top", fontsize=11, color="0.2", linespacing=1.6,
            bbox=dict(boxstyle="round,pad=0.4", facecolor="#F7F7F7", edgecolor="0.8"))


# --- "Activation functions": the slide's five and their derivatives ----------------------------

def activation_functions_figure(alpha: float = 1.0, z_range=(-4.0, 4.0)):
    r"""The slide's five activations $g(z)$ (top row) and their derivatives $g'(z)$ (bottom row).

    ``alpha`` is ELU's $\alpha$ in (0, 10] (the slide's ELU has $\alpha = 1$); ``z_range`` the
    ``(low, high)`` of $z$, inside [-100, 100].
    """
    alpha = _alpha(alpha)
    low, high = interval(_unwrap_0d(z_range), "z_range")
    if low < -100 or high > 100 or high - low < 1e-3:
        raise InputError(f"z_range must be a pair (low, high) with -100 <= low < high <= 100, at least 0.001 "
                         f"apart (the picture shows g near 0), got {tuple(z_range)!r}")
    z = np.linspace(low, high, 801)
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


# --- what g' does to gradients: measured in a real deep network at initialisation -------------

#: the initialisations the gradient measurement compares: name -> label
INIT_CHOICES = {
    "matching": "matching: He for ReLU-like, Glorot for sigmoid, tanh",
    "he": "He for all",
    "glorot": "Glorot for all",
    "unit": "N(0, 1) for all (ignores d)",
}
DEEP_WIDTH = 64     # d' of every hidden layer of the deep network
DEEP_N = 100        # the batch: 100 points of the circles data
DEEP_SEEDS = range(5)  # every curve of the explorer is measured over these seeds
Z_BINS = np.linspace(-5.0, 5.0, 41)  # where the density of the pre-activations is drawn


def matching_init(name: str) -> str:
    """The initialisation ``mlp`` gives this activation: He for ReLU-like ones, Glorot otherwise."""
    return "he" if get_activation(_activation(name, "name")).relu_like else "glorot"


def deep_network(activation: str, init: str = "matching", depth: int = 10, seed: int = 0, alpha: float = 1.0):
    r"""``mlp([2, d', ..., d', 1])`` with ``depth`` = $k$ Dense layers of width $d'$ = 64, untrained.

    ``init``: ``"matching"`` (what ``mlp`` picks: He, $\mathrm{Var}\,W_{ji} = 2/d$, for ReLU-like
    activations, Glorot, $\mathrm{Var}\,W_{ji} = 2/(d + d')$, for sigmoid and tanh), ``"he"``,
    ``"glorot"``, or ``"unit"``: $W_{ji} \sim \mathcal N(0, 1)$, a scale that ignores the layer's
    fan-in $d$. Biases start at 0. ``alpha`` is ELU's $\alpha$. ``activation`` is any of
    ``lecture_nn.ACTIVATIONS``; ``depth`` is 2 to 60; ``seed`` an int >= 0.
    """
    activation, init, depth, seed, alpha = _setting(activation, init, depth, seed, alpha)
    params = {"alpha": alpha} if activation == "elu" else {}
    sizes = [2] + [DEEP_WIDTH] * (depth - 1) + [1]
    rng = np.random.default_rng(seed)
    if init == "unit":
        model = mlp(sizes, activation, rng=rng, init="he", **params)
        for layer in model:
            if isinstance(layer, Dense):
                layer.W.value[...] = rng.standard_normal(layer.W.shape)  # (d', d), std 1 whatever d
        return model
    init = matching_init(activation) if init == "matching" else init
    return mlp(sizes, activation, rng=rng, init=init, **params)


MAX_DEPTH = 60  # the deepest network measured (k Dense layers)


def _setting(activation, init, depth, seed, alpha):
    """The arguments of the deep-network measurements, checked: canonical names, ints, a float."""
    return (_activation(activation), choice(init, "init", INIT_CHOICES),
            integer(depth, "depth", 2, MAX_DEPTH), checked_seed(seed), _alpha(alpha))


def _key(activation, init, depth, seed, alpha):
    """One cache entry per distinct network: ``matching`` is He or Glorot; alpha matters for ELU only."""
    activation, init, depth, seed, alpha = _setting(activation, init, depth, seed, alpha)
    init = matching_init(activation) if init == "matching" else init
    return activation, init, depth, seed, alpha if activation == "elu" else 1.0


@functools.lru_cache(maxsize=4096)
def _measure(activation, init, depth, seed, alpha):
    X, y = circles(n=DEEP_N, rng=seed)
    model = deep_network(activation, init, depth, seed, alpha)
    loss_fn = BCEWithLogitsLoss()
    # forward, layer by layer, counting where the hidden units' pre-activations z fall
    n_bins, width = len(Z_BINS) - 1, Z_BINS[1] - Z_BINS[0]
    counts, n_z = np.zeros(n_bins), 0
    A = X
    for layer in model:
        A = layer.forward(A)
        if isinstance(layer, Dense) and layer is not model[-1]:  # A is Z_l (N, d'), the input of g
            bins = np.floor((A.ravel() - Z_BINS[0]) / width)  # a histogram; np.histogram is slower
            counts += np.bincount(bins[(bins >= 0) & (bins < n_bins)].astype(np.intp), minlength=n_bins)
            n_z += A.size
    loss_fn.forward(A, y)
    # backward, layer by layer: each layer's own backward sets its W.grad = dL/dW_l
    dA = loss_fn.backward()
    for layer in reversed(model.layers):
        dA = layer.backward(dA)
    norms = np.array([np.linalg.norm(layer.W.grad) for layer in model if isinstance(layer, Dense)])  # (k,)
    density = counts / (n_z * np.diff(Z_BINS))  # its area is the share of z inside [-5, 5]
    for result in (norms, density):
        result.flags.writeable = False  # cached: shared by every caller
    return norms, density, 1.0 - counts.sum() / n_z


def layer_gradient_norms(activation: str, init: str = "matching", depth: int = 10, seed: int = 0,
                         alpha: float = 1.0) -> np.ndarray:
    r"""$\lVert \partial L / \partial W_l \rVert$ (Frobenius) for $l = 1..k$, measured at initialisation.

    The network is :func:`deep_network` (``depth`` = $k$ Dense layers, width 64); the batch is
    ``circles(n=100, rng=seed)`` and $L$ the ``BCEWithLogitsLoss``; one forward and one backward
    pass with the layers' own ``backward``. Returns (k,): entry 0 is the first layer, entry k - 1
    the last. Cached: the same setting is computed once.
    """
    return _measure(*_key(activation, init, depth, seed, alpha))[0]


def pre_activation_density(activation: str, init: str = "matching", depth: int = 10, seed: int = 0,
                           alpha: float = 1.0):
    r"""Where the hidden units' pre-activations $z$ fall in that network, on that batch.

    Returns ``(density, share_outside)``: a histogram density over ``Z_BINS`` (-5 to 5) of the
    $z$ of all $k - 1$ hidden layers, normalised so that its area is the share of $z$ inside
    $[-5, 5]$, and the share of $z$ outside.
    """
    _, density, outside = _measure(*_key(activation, init, depth, seed, alpha))
    return density, outside


def first_to_last_ratio(activation: str, init: str = "matching", depth: int = 10, seed: int = 0,
                        alpha: float = 1.0) -> float:
    r"""$\lVert dW_1 \rVert / \lVert dW_k \rVert$: the first layer's gradient relative to the last layer's."""
    norms = layer_gradient_norms(activation, init, depth, seed, alpha)
    return float(norms[0] / norms[-1])


# --- after some steps: what a vanishing gradient does to plain gradient descent ------------------

MAX_TRAINING_LAYER_STEPS = 10_000  # depth x steps of one deep_training run (the notebook's: 2000, ~0.3 s)


@dataclasses.dataclass(frozen=True)
class DeepTraining:
    r"""What ``steps`` full-batch SGD steps did to a deep network (one entry per Dense layer $l = 1..k$).

    ``losses`` (steps + 1,): $L$ before each step and after the last; ``norms_start``, ``norms_end``
    (k,): $\lVert \partial L/\partial W_l \rVert$ at initialisation and after the last step;
    ``moved`` (k,): $\lVert W_l^{(\text{end})} - W_l^{(0)} \rVert / \lVert W_l^{(0)} \rVert$, how far
    each layer's weights went, relative to their size; ``accuracy``: on the training batch at the end.
    """

    losses: np.ndarray
    norms_start: np.ndarray
    norms_end: np.ndarray
    moved: np.ndarray
    accuracy: float


def deep_training(activation: str, init: str = "matching", depth: int = 10, seed: int = 0, alpha: float = 1.0,
                  steps: int = 200, lr: float = 0.1) -> DeepTraining:
    r"""Train :func:`deep_network` with ``steps`` full-batch SGD steps $W_l \leftarrow W_l - \eta\, dW_l$.

    The same network and batch as :func:`layer_gradient_norms` (``circles(n=100, rng=seed)``,
    ``BCEWithLogitsLoss``), so ``norms_start`` equals it; ``lr`` = $\eta$ in (0, 100], ``steps``
    1 to 2000, ``depth`` x ``steps`` at most 10 000. Returns a :class:`DeepTraining`. Cached: the
    same setting is trained once. A run whose loss or weights stop being finite raises an
    ``InputError`` asking for a smaller ``lr``.
    """
    key = _key(activation, init, depth, seed, alpha)
    steps, lr = integer(steps, "steps", 1, 2000), number(lr, "lr", 0.0, 100.0, low_open=True)
    if key[2] * steps > MAX_TRAINING_LAYER_STEPS:
        raise InputError(f"deep_training: depth x steps = {key[2]} x {steps} = {key[2] * steps} layer steps would "
                         f"train for long (at most {MAX_TRAINING_LAYER_STEPS}); use fewer steps or a smaller depth")
    return _train_deep(*key, steps, lr)


@functools.lru_cache(maxsize=512)
def _train_deep(activation, init, depth, seed, alpha, steps, lr):
    X, y = circles(n=DEEP_N, rng=seed)
    model = deep_network(activation, init, depth, seed, alpha)
    dense = [layer for layer in model if isinstance(layer, Dense)]
    start = [layer.W.value.copy() for layer in dense]
    loss_fn, optimizer = BCEWithLogitsLoss(), SGD(model.parameters(), lr=lr)
    losses = np.empty(steps + 1)
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(steps + 1):
            pred = model.forward(X, check=False)
            if not all_finite(pred):
                raise InputError(f"deep_training: the network's output stopped being finite at step {step} with "
                                 f"lr = {lr:g} (the steps overshoot); use an lr smaller than {lr:g} or fewer layers")
            losses[step] = loss_fn.forward(pred, y)
            model.backward(loss_fn.backward())  # every W.grad = dL/dW_l
            if step == 0:
                norms_start = np.array([np.linalg.norm(layer.W.grad) for layer in dense])
            if step < steps:
                optimizer.step()
    norms_end = np.array([np.linalg.norm(layer.W.grad) for layer in dense])
    moved = np.array([np.linalg.norm(layer.W.value - W0) / np.linalg.norm(W0) for layer, W0 in zip(dense, start)])
    if not (all_finite(norms_end) and all_finite(moved)):
        raise InputError(f"deep_training: the weights stopped being finite with lr = {lr:g}; use an lr smaller "
                         f"than {lr:g} or fewer layers")
    for result in (losses, norms_start, norms_end, moved):
        result.flags.writeable = False  # cached: shared by every caller
    return DeepTraining(losses, norms_start, norms_end, moved, accuracy(model, X, y))


def deep_training_figure(activations=("sigmoid", "relu"), depth: int = 10, steps: int = 200, lr: float = 0.1):
    r"""Each activation's deep network (its matching init) trained with plain SGD, over ``DEEP_SEEDS``.

    Left: the loss $L$ over the steps; middle: $\lVert \partial L/\partial W_l \rVert$ per layer at
    initialisation (dashed) and after the last step (solid); right: how far each layer's weights
    moved, $\lVert W_l - W_l^{(0)} \rVert / \lVert W_l^{(0)} \rVert$. Thin lines: the 5 seeds; thick:
    their median. ``activations``: a tuple of 1 to 5 names; the rest as in :func:`deep_training`.
    """
    names = _some_of(activations, "activations", SLIDE_ACTIVATIONS)
    if not names or len(set(names)) != len(names):
        raise InputError(f"activations must name 1 to 5 different activations, got {activations!r}")
    runs = {name: [deep_training(name, "matching", depth, seed, steps=steps, lr=lr) for seed in DEEP_SEEDS]
            for name in names}
    depth = len(runs[names[0]][0].moved)
    steps = len(runs[names[0]][0].losses) - 1
    fig, (ax_loss, ax_norm, ax_move) = new_figure(1, 3, figsize=(14.5, 4.4))
    layers = np.arange(1, depth + 1)
    for name in names:
        color, label = ACTIVATION_COLORS[name], ACTIVATION_LABELS[name]
        init_label = {"he": "He", "glorot": "Glorot"}[matching_init(name)]
        for run in runs[name]:
            ax_loss.plot(np.arange(steps + 1), run.losses, color=color, lw=0.8, alpha=0.5)
            ax_norm.plot(layers, run.norms_end, color=color, lw=0.7, alpha=0.4)
            ax_move.plot(layers, run.moved, color=color, lw=0.7, alpha=0.4)
        median = {field: np.median([getattr(r, field) for r in runs[name]], axis=0)
                  for field in ("losses", "norms_start", "norms_end", "moved")}
        ax_loss.plot(np.arange(steps + 1), median["losses"], color=color, lw=2.4, label=f"{label} ({init_label} init)")
        ax_norm.plot(layers, median["norms_start"], color=color, lw=2.0, ls="--", marker="o", ms=3)
        ax_norm.plot(layers, median["norms_end"], color=color, lw=2.4, marker="o", ms=3)
        ax_move.plot(layers, median["moved"], color=color, lw=2.4, marker="o", ms=3)
    ax_loss.axhline(np.log(2), color="0.4", lw=0.8, ls=":")
    ax_loss.text(steps, np.log(2), "log 2: chance", ha="right", va="bottom", fontsize=9, color="0.3")
    ax_loss.set_xlabel("SGD step")
    ax_loss.set_ylabel("training loss L")
    ax_loss.set_title(f"loss, {steps} full-batch SGD steps, η = {lr:g}", fontsize=10.5)
    ax_loss.legend(loc="upper right", fontsize=9)
    for ax in (ax_norm, ax_move):
        plain_log_axis(ax.yaxis, numticks=8)  # plain-text powers of ten, no minor ticks: a quick draw
        ax.set_xlabel(f"layer l (1 = first, {depth} = last)")
        ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
    ax_norm.set_ylabel("‖dL/dW_l‖")
    ax_norm.set_title(f"gradient per layer: dashed at step 0, solid after step {steps}", fontsize=10.5)
    ax_move.set_ylabel("‖W_l − W_l(0)‖ / ‖W_l(0)‖")
    ax_move.set_title(f"how far each layer's weights moved in {steps} steps", fontsize=10.5)
    fig.suptitle(f"An MLP with k = {depth} Dense layers (width 64) trained on 100 points of the circles data; "
                 f"thick: median of 5 seeds, thin: each seed", fontsize=12)
    return fig


class ActivationExplorer(Explorer):
    r"""The five activations, their derivatives, and the measured gradient of every layer of a deep MLP.

    Left $g$, middle $g'$ with the density of the deep network's pre-activations $z$ (grey),
    right $\lVert \partial L/\partial W_l \rVert$ for $l = 1..k$ at initialisation
    (:func:`layer_gradient_norms`; thick: the median over 5 seeds, thin: the 5 seeds of the
    highlighted activation). Controls: which activations to show, which to highlight, ELU's
    $\alpha$, the initialisation and the depth $k$. Measurements are cached per setting.
    """

    max_depth = 30

    def __init__(self, highlight="sigmoid", alpha=1.0, init="matching", depth=10, show=SLIDE_ACTIVATIONS):
        options = [(ACTIVATION_LABELS[n], n) for n in SLIDE_ACTIVATIONS]
        controls = {
            "highlight": control(widgets.Dropdown, "highlight", highlight, options=options, description="highlight"),
            "show": control(widgets.SelectMultiple, "show", show, options=options, rows=5, description="show"),
            "alpha": control(widgets.FloatSlider, "alpha", alpha, min=0.1, max=2.0, step=0.1, description="ELU α"),
            "init": control(widgets.Dropdown, "init", init,
                            options=[(label, key) for key, label in INIT_CHOICES.items()],
                            description="init", layout=widgets.Layout(width="380px")),
            # a new depth measures 25 networks of k layers: only when the slider is let go
            "depth": control(widgets.IntSlider, "depth", depth, min=2, max=self.max_depth, description="depth k",
                             continuous_update=False),
        }
        self.z = np.linspace(-5, 5, 501)
        self.z_mid = (Z_BINS[:-1] + Z_BINS[1:]) / 2
        fig, (ax_g, ax_d, ax_k) = new_figure(1, 3, figsize=(14.5, 4.6))
        self.ax_g, self.ax_d, self.ax_k = ax_g, ax_d, ax_k
        self.g_lines, self.d_lines, self.norm_lines = {}, {}, {}
        for name in SLIDE_ACTIVATIONS:
            color = ACTIVATION_COLORS[name]
            self.g_lines[name], = ax_g.plot(self.z, self.z, color=color, label=ACTIVATION_LABELS[name])
            self.d_lines[name], = ax_d.plot(self.z, self.z, color=color)
            self.norm_lines[name], = ax_k.plot([1], [1], color=color, marker="o", ms=3)
        self.seed_lines = ax_k.add_collection(LineCollection([], lw=0.8, alpha=0.5), autolim=False)  # one artist
        # where the deep network's pre-activations z fall: a density under the derivatives
        self.density = ax_d.fill_between(self.z_mid, 0, 0, color="0.5", alpha=0.25, lw=0, step="mid")
        ax_g.set_xlim(-5, 5)
        ax_g.set_ylim(-2.2, 5.0)
        ax_g.set_xlabel("z")
        ax_g.set_ylabel("g(z)")
        ax_g.set_title("activation functions g(z)")
        legend = ax_g.legend(loc="upper left", fontsize=9)
        ax_d.set_xlim(-5, 5)
        ax_d.set_ylim(-0.05, 2.1)
        ax_d.set_ylabel("g′(z)")
        ax_d.set_xlabel("z")
        # how many z fall outside: in the panel's empty top right (g' <= 1 below it)
        self.outside = ax_d.text(0.98, 0.97, "", transform=ax_d.transAxes, ha="right", va="top", fontsize=9,
                                 color="0.3")
        plain_log_axis(ax_k.yaxis, numticks=None)  # plain-text powers of ten; update() places the ticks
        ax_k.set_ylabel("‖dL/dW_l‖ at initialisation")
        # few tick labels: each one is measured and drawn on every update, the main cost of a redraw
        for ax in (ax_g, ax_d):
            ax.xaxis.set_major_locator(MultipleLocator(2))
        ax_g.yaxis.set_major_locator(MultipleLocator(2))
        ax_d.yaxis.set_major_locator(MultipleLocator(0.5))
        ax_k.xaxis.set_major_locator(MaxNLocator(6, integer=True))
        # what update moves is drawn over a cached background (the left two panels' ticks and labels:
        # most of the cost), with what lies over it (spines, legend); the right panel rescales: all of it
        animated = [*self.g_lines.values(), *ax_g.spines.values(), legend, self.density, *self.d_lines.values(),
                    *ax_d.spines.values(), ax_d.title, self.outside, ax_k]
        super().__init__(fig, controls, title="Activation functions, their derivatives, and the gradient "
                                              "of every layer of a deep network", animated=animated)

    def norms(self, name, init, depth, alpha):
        """(seeds, k): the measured ‖dL/dW_l‖ of ``name``'s network, one row per seed."""
        name = _activation(name, "name")
        return np.array([layer_gradient_norms(name, init, depth, seed, alpha) for seed in DEEP_SEEDS])

    def update(self, highlight, show, alpha, init, depth):
        # checked before any artist moves (the controls always pass good values; a direct call may not)
        highlight = choice(highlight, "highlight", SLIDE_ACTIVATIONS)
        show = _some_of(show, "show", SLIDE_ACTIVATIONS)
        alpha, init, depth = _alpha(alpha), choice(init, "init", INIT_CHOICES), integer(depth, "depth", 2, MAX_DEPTH)
        shown = set(show) | {highlight}
        layers = np.arange(1, depth + 1)
        measured = []
        for name in SLIDE_ACTIVATIONS:
            g, g_prime = g_and_g_prime(name, alpha)
            hot = name == highlight
            style = dict(visible=name in shown, lw=3.0 if hot else 1.6, alpha=1.0 if hot else 0.75,
                         zorder=3 if hot else 2)
            self.g_lines[name].set(ydata=g(self.z), **style)
            self.d_lines[name].set(ydata=g_prime(self.z), **style)
            if name in shown:  # only what is drawn is measured
                norms = self.norms(name, init, depth, alpha)
                measured.append(norms)
                self.norm_lines[name].set(xdata=layers, ydata=np.median(norms, axis=0), **style)
            else:
                self.norm_lines[name].set_visible(False)
        # the five seeds of the highlighted activation, one thin line each
        norms = self.norms(highlight, init, depth, alpha)
        self.seed_lines.set_segments([np.column_stack([layers, row]) for row in norms])
        self.seed_lines.set_color(ACTIVATION_COLORS[highlight])
        ratios = norms[:, 0] / norms[:, -1]
        label = ACTIVATION_LABELS[highlight]
        init_name = matching_init(highlight) if init == "matching" else init
        init_label = {"he": "He", "glorot": "Glorot", "unit": "N(0, 1)"}[init_name]
        self.ax_k.set_xlabel(f"layer l (1 = first, {depth} = last)\n{label} ({init_label} init): ‖dW₁‖ / ‖dW_k‖ = "
                             f"{np.median(ratios):.0e},\nthe 5 seeds: {ratios.min():.0e} to {ratios.max():.0e}")
        # whole decades around everything drawn, at most ~6 tick labels
        values = np.concatenate([m.ravel() for m in measured])
        low, high = np.floor(np.log10(values.min())), np.ceil(np.log10(values.max()))
        low, high = min(low, high - 3), max(high, low + 3)
        step = max(1, int(np.ceil((high - low) / 6)))
        self.ax_k.set_ylim(10.0 ** (low - 0.3), 10.0 ** (high + 0.3))
        self.ax_k.yaxis.set_major_locator(FixedLocator(10.0 ** np.arange(high, low - 1, -step)))
        self.ax_k.set_xlim(0.5, depth + 0.5)
        self.ax_k.set_title(f"measured ‖dL/dW_l‖ of an untrained MLP, width 64\n"
                            f"thick: median of 5 seeds, thin: {label}'s 5 seeds", fontsize=10.5)
        measured_z = [pre_activation_density(highlight, init, depth, seed, alpha) for seed in DEEP_SEEDS]
        density = np.mean([d for d, _ in measured_z], axis=0)
        outside = np.mean([o for _, o in measured_z])
        # one closed polygon under the steps (PolyCollection.set_data needs matplotlib 3.10)
        x = np.repeat(Z_BINS, 2)[1:-1]
        top = np.repeat(np.minimum(density, 2.05), 2)
        self.density.set_verts([np.concatenate([np.column_stack([x, top]), [[x[-1], 0.0], [x[0], 0.0]]])])
        self.ax_d.set_title(f"derivatives g′(z); grey: where the hidden units'\n"
                            f"z fall in {label}'s network (5 seeds)", fontsize=10.5)
        self.outside.set_text(f"{outside:.0%} of the z lie outside this panel")


def _unwrap_0d(value):
    """A 0-d numpy array as its one number (a list validator would try to iterate over it)."""
    return value[()] if isinstance(value, np.ndarray) and value.ndim == 0 else value


def _some_of(values, argument: str, known) -> tuple:
    """A tuple of names out of ``known`` (case-insensitive), from a tuple, list or set."""
    if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple, set, frozenset)):
        raise InputError(f"{argument} must be a tuple of some of {', '.join(map(repr, known))}, got {values!r}")
    return tuple(choice(v, argument, known) for v in values)


# --- XOR / circles: a nonlinearity bends the decision boundary -----------------------------------

def _binary_labels(y, N: int, who: str) -> np.ndarray:
    """Class labels 0 and 1 for the N points, shape (N,) or (N, 1), as a float array (N,)."""
    if isinstance(y, np.ndarray) and y.dtype.kind == "b":
        y = y.astype(np.float64)
    labels = array(y, "y", ndim=(1, 2), who=who)
    if labels.ndim == 2 and labels.shape[1] != 1 or labels.shape[0] != N:
        raise InputError(f"{who}: y must hold one class label per point of X, shape (N,) = ({N},), "
                         f"got shape {labels.shape}")
    labels = labels.reshape(-1)
    off = ~np.isin(labels, (0.0, 1.0))
    if off.any():
        raise InputError(f"{who}: y must hold the class labels 0 and 1, got {labels[off][0]:g} "
                         f"at index {int(np.argmax(off))}")
    return labels


def _activation_params(activation: str, params: dict, who: str) -> dict:
    """Keyword parameters of an activation (ELU's alpha, leaky ReLU's negative_slope), checked."""
    allowed = get_activation(activation).defaults
    for key, value in params.items():
        if key not in allowed:
            takes = ", ".join(allowed) if allowed else "none"
            raise InputError(f"{who}: activation {activation!r} takes no parameter {key!r} (its parameters: {takes})")
        params[key] = _alpha(value, key) if key == "alpha" else number(value, key, 0.0, 1.0)
    return params


MAX_TRAINING_WORK = 2e9  # epochs x N x (d + 1) x d' of one training (the notebook's: 1.4e6)


def train_classifier(X, y, activation="relu", d_hidden=8, epochs=300, lr=0.05, rng=0, **activation_params):
    r"""``mlp([d, d', 1], activation)`` trained full batch with Adam on ``BCEWithLogitsLoss``.

    The same steps as the notebook's training cell; returns the trained model. ``X`` is (N, d),
    ``y`` the class labels 0/1 (N,); ``activation_params`` go to the activation (``alpha=`` for ELU).
    """
    who = "train_classifier"
    X = array(X, "X", ndim=2, who=who)
    y = _binary_labels(y, X.shape[0], who)
    activation = _activation(activation)
    d_hidden, epochs = integer(d_hidden, "d_hidden", 1, 4096), integer(epochs, "epochs", 1, 20_000)
    lr = number(lr, "lr", 0.0, low_open=True)
    work = epochs * X.shape[0] * (X.shape[1] + 1) * d_hidden
    if work > MAX_TRAINING_WORK:
        raise InputError(f"{who}: epochs x N x (d + 1) x d_hidden = {work:.1e} multiply-adds would train for "
                         f"minutes (at most {MAX_TRAINING_WORK:.0e}); use fewer epochs, points X or d_hidden")
    as_rng(rng)  # refuses what is not a seed or a Generator (mlp takes the value itself)
    activation_params = _activation_params(activation, activation_params, who)
    model = mlp([X.shape[1], d_hidden, 1], activation=activation, rng=rng, **activation_params)
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            fit(model, BCEWithLogitsLoss(), Adam(model.parameters(), lr=lr), X, y, epochs=epochs)
            finite = all_finite(model.forward(X))
    except TrainingDiverged as error:
        finite, detail = False, f" ({error})"
    else:
        detail = ""
    if not finite:
        raise InputError(f"{who}: training diverged with lr = {lr:g}{detail}; use a smaller lr "
                         f"(the notebook's is 0.05) or X of moderate size")
    return model


def decision_boundaries_figure(models: dict, X, y, n=200):
    r"""One panel per trained model: $p(\text{class } 1 \mid x) = \sigma(\hat y)$ over the plane and its
    boundary $p = 1/2$, with the data; the title says the accuracy on (X, y).

    ``models``: title -> model (anything with ``forward`` mapping points (M, 2) to logits (M, 1)).
    ``X`` (N, 2), ``y`` the labels 0/1 (N,); ``n`` x ``n`` points (2 to 1000) colour each panel.
    """
    who = "decision_boundaries_figure"
    if not isinstance(models, dict) or not models:
        raise InputError(f"{who}: models must be a dict title -> trained model, like "
                         f"{{'g = relu': model}}, got {models!r:.80}")
    if len(models) > 8:
        raise InputError(f"{who}: models must hold at most 8 models (one panel each), got {len(models)}")
    X = array(X, "X", shape=(None, 2), who=who)
    y = _binary_labels(y, X.shape[0], who)
    n = integer(n, "n", 2, 1000)
    for title, model in models.items():
        forward = getattr(model, "forward", None)
        if not callable(forward):
            raise InputError(f"{who}: models[{title!r}] must be a model with a forward method, got "
                             f"{type(model).__name__}")
        try:
            with np.errstate(all="ignore"):
                out = np.asarray(forward(X[:5]), dtype=np.float64)
        except Exception as error:  # the student's model: say which one failed, and why
            raise InputError(f"{who}: models[{title!r}] cannot take points (M, 2): "
                             f"{type(error).__name__}: {error}") from None
        if out.shape != (min(len(X), 5), 1):
            raise InputError(f"{who}: models[{title!r}] must map points (M, 2) to logits (M, 1), "
                             f"got shape {out.shape} for M = {min(len(X), 5)}")
        if not all_finite(out):
            raise InputError(f"{who}: models[{title!r}] gives a non-finite logit, {first_nonfinite(out)} "
                             f"(non-finite weights?)")
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


def _one_hidden_layer(model, who: str):
    """The three layers of ``Sequential(Dense(d, d'), Activation(g), Dense(d', 1))``, or an error saying so."""
    layers = getattr(model, "layers", None)
    shape = "a model Sequential(Dense(d, d'), Activation(g), Dense(d', 1)) such as mlp([2, 8, 1])"
    if not isinstance(layers, list) or len(layers) != 3:
        raise InputError(f"{who}: model must be {shape}, got {type(model).__name__}"
                         + (f" with {len(layers)} layers" if isinstance(layers, list) else ""))
    first, g, last = layers
    if not (isinstance(first, Dense) and isinstance(g, Activation) and isinstance(last, Dense)):
        kinds = ", ".join(type(m).__name__ for m in layers)
        raise InputError(f"{who}: model must be {shape}, got Sequential({kinds})")
    if last.d_in != first.d_out or last.d_out != 1:
        raise InputError(f"{who}: model must be {shape}, got Dense({first.d_in}, {first.d_out}), then "
                         f"Dense({last.d_in}, {last.d_out})")
    for layer in (first, last):
        for p in layer.parameters():
            if not all_finite(p.value):
                raise InputError(f"{who}: model has a non-finite weight in {layer!r}.{p.name}, "
                                 f"{first_nonfinite(p.value)}")
    return first, g, last


def hidden_units(model, points):
    r"""The hidden layer of a one-hidden-layer model, unit by unit, at the given points $x$.

    For ``model`` = ``Sequential(Dense(d, d'), Activation(g), Dense(d', 1))`` (like ``mlp([d, d', 1])``)
    and ``points`` (M, d), returns ``(A, w, c)``: ``A`` (M, d') holds the activations
    $a_j = g(z_j)$, $z_j = \sum_i W_{ji} x_i + b_j$, computed by the model's own layers; ``w`` (d',)
    the output weights $w_j$ and ``c`` the output bias, so that the model's output is
    $\hat y = \sum_j w_j a_j + c$ = ``A @ w + c``.
    """
    who = "hidden_units"
    first, g, last = _one_hidden_layer(model, who)
    points = array(points, "points", ndim=2, who=who)
    if points.shape[1] != first.d_in:
        raise InputError(f"{who}: points must be an array (M, d) with d = {first.d_in}, the inputs the model's first "
                         f"layer takes, got shape {points.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        A = np.array(g.forward(first.forward(points, check=False), check=False))  # (M, d'), a copy
    if not all_finite(A):
        raise InputError(f"{who}: the activations are not finite at some points, {first_nonfinite(A)}; "
                         f"use points of moderate size")
    return A, last.W.value[0].copy(), float(last.b.value[0])


def hidden_units_figure(model, X=None, y=None, n=81, x_range=(-1.6, 1.6)):
    r"""Every hidden unit's activation $a_j = g(z_j)$ over the plane, then $\hat y = \sum_j w_j a_j + c$.

    One small heat map per unit $j$ (its own colour scale, viridis; the dashed line is $z_j = 0$;
    the title gives $w_j$), then the weighted sum $\sum_j w_j a_j + c$ of those maps and the
    model's own output $\hat y$, on one diverging scale centred at 0 that saturates at the 90th
    percentile of $|\hat y|$ (the class colours: $\hat y > 0$ vermillion, $\hat y < 0$ blue; black line: $\hat y = 0$,
    the decision boundary $\sigma(\hat y) = 1/2$). ``model``: a trained ``mlp([2, d', 1])`` with
    1 <= d' <= 16; ``X`` (N, 2) and ``y`` (labels 0/1), if given, are drawn on the last two panels;
    ``n`` x ``n`` grid points (2 to 400) over the square ``x_range`` x ``x_range``, inside [-1000, 1000].
    """
    who = "hidden_units_figure"
    first, g, _ = _one_hidden_layer(model, who)
    if first.d_in != 2 or not 1 <= first.d_out <= 16:
        raise InputError(f"{who}: model must take points in the plane (d = 2) and have 1 to 16 hidden units "
                         f"(one panel each), got d = {first.d_in}, d' = {first.d_out}")
    n = integer(n, "n", 2, 400)
    low, high = interval(_unwrap_0d(x_range), "x_range", who)
    if low < -1000 or high > 1000 or high - low < 1e-6:
        raise InputError(f"{who}: x_range must be a pair (low, high) with -1000 <= low < high <= 1000, at least 1e-6 "
                         f"apart (the data of the notebook lie in (-1.6, 1.6)), got {tuple(x_range)!r}")
    if X is not None or y is not None:
        if X is None or y is None:
            raise InputError(f"{who}: give both X and y (the data to draw), or neither")
        X = array(X, "X", shape=(None, 2), who=who)
        y = _binary_labels(y, X.shape[0], who)
    xx, yy, points = grid_points((low, high), (low, high), n)
    A, w, c = hidden_units(model, points)
    summed = A @ w + c                                    # the slide's w^T a, plus the bias
    with np.errstate(over="ignore", invalid="ignore"):
        y_hat = np.asarray(model.forward(points, check=False), dtype=np.float64)[:, 0]
    Z = points @ first.W.value.T + first.b.value          # (n*n, d'): the pre-activations z_j
    d_hidden = A.shape[1]
    ncols = min(5, d_hidden + 2)
    nrows = -(-(d_hidden + 2) // ncols)
    fig, axes = new_figure(nrows, ncols, figsize=(2.75 * ncols, 2.85 * nrows + 0.5))
    axes = np.atleast_1d(axes).ravel()
    extent = (low, high, low, high)
    for j in range(d_hidden):
        ax = axes[j]
        a_j = A[:, j].reshape(n, n)
        ax.imshow(a_j, origin="lower", extent=extent, cmap="viridis", interpolation="nearest",
                  vmin=a_j.min(), vmax=max(a_j.max(), a_j.min() + 1e-12))
        if Z[:, j].min() < 0 < Z[:, j].max():
            ax.contour(xx, yy, Z[:, j].reshape(n, n), levels=[0.0], colors="white", linewidths=1.0,
                       linestyles="--")
        ax.set_title(f"a{_subscript(j + 1)} = g(z{_subscript(j + 1)}),  w{_subscript(j + 1)} = {w[j]:+.2f}",
                     fontsize=9.5)
    scale = max(float(np.percentile(np.abs(y_hat), 90)), 1e-12)  # the largest 10% saturate: both classes show
    for ax, values, title in ((axes[d_hidden], summed, "Σⱼ wⱼ aⱼ + c  (the maps above, weighted)"),
                              (axes[d_hidden + 1], y_hat, "ŷ = model.forward(x)")):
        ax.imshow(values.reshape(n, n), origin="lower", extent=extent, cmap=PROBABILITY_CMAP, vmin=-scale, vmax=scale,
                  interpolation="nearest")
        if values.min() < 0 < values.max():
            ax.contour(xx, yy, values.reshape(n, n), levels=[0.0], colors="black", linewidths=1.4)
        if X is not None:
            plot_dataset_2d(X, y, ax=ax, size=6)
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_title(title, fontsize=9.5)
    for ax in axes[d_hidden + 2:]:
        ax.set_visible(False)
    for ax in axes[:d_hidden + 2]:
        ax.set_xlim(low, high)
        ax.set_ylim(low, high)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    name = ACTIVATION_LABELS.get(g.name, g.name)
    fig.suptitle(f"g = {name}: each hidden unit's activation over the plane (own colour scale, yellow = largest; "
                 f"dashed: zⱼ = 0),\nthen their sum weighted by wⱼ: ŷ > 0 (class 1) vermillion, ŷ < 0 blue, "
                 f"black line ŷ = 0",
                 fontsize=11)
    return fig


def _subscript(k: int) -> str:
    """``12`` -> ``"₁₂"``: plain-text subscripts (no mathtext to lay out on every panel)."""
    return str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


class NonlinearityExplorer(Explorer):
    r"""The same ``mlp([2, d', 1])`` with $g$ = identity (left) and with a nonlinear $g$ (right).

    Controls: the dataset (XOR or circles), the activation $g$ and the hidden width $d'$.
    Trained models are cached per setting, so a revisited setting answers at once.
    """

    grid_n = 110
    x_range = (-1.6, 1.6)
    datasets = ("xor", "circles")
    max_hidden = 256  # d' a direct call of model or update may ask for (the slider goes to 16)

    def __init__(self, dataset="xor", activation="relu", d_hidden=8, n=200, rng=0):
        controls = {
            "dataset": control(widgets.Dropdown, "dataset", dataset, options=list(self.datasets), description="data"),
            "activation": control(widgets.Dropdown, "activation", activation,
                                  options=[(ACTIVATION_LABELS[a], a) for a in SLIDE_ACTIVATIONS], description="g"),
            "d_hidden": control(widgets.IntSlider, "d_hidden", d_hidden, min=1, max=16, description="hidden d'"),
        }
        as_rng(rng)  # refuses what is not a seed or a Generator; the value itself seeds data and models
        self.n, self.rng = integer(n, "n", 2, 10_000), rng
        dataset = controls["dataset"].value
        self._data, self._models = {}, {}
        _, _, self.points = grid_points(self.x_range, self.x_range, self.grid_n)
        fig, (ax_lin, ax_nl) = new_figure(1, 2, figsize=(10.5, 4.9))
        self.axes = (ax_lin, ax_nl)
        self.maps, self.scatters = [], []
        for ax in self.axes:
            self.maps.append(plot_probability_map(None, self.x_range, self.x_range, ax=ax, aspect="equal"))
            X0, y0 = self._dataset(dataset)
            plot_dataset_2d(X0, y0, ax=ax)
            self.scatters.append(ax.collections[-2:])  # class 0, class 1
            ax.set_xlim(*self.x_range)
            ax.set_ylim(*self.x_range)
            ax.set_xlabel("x₁")  # plain text, not mathtext: redrawn on every update
            ax.set_ylabel("x₂")
            ax.xaxis.set_major_locator(MultipleLocator(1))  # few tick labels: cheaper redraws
            ax.yaxis.set_major_locator(MultipleLocator(1))
        legend = ax_lin.legend(loc="upper left", fontsize=9, frameon=True)
        # what update moves is drawn over a cached background (ticks and labels: most of the cost),
        # with what lies over it (spines, legend)
        animated = [part for k, ax in enumerate(self.axes)
                    for part in (self.maps[k], *self.scatters[k], *ax.spines.values(), ax.title)] + [legend]
        super().__init__(fig, controls, title="One hidden layer: without and with a nonlinearity", animated=animated)

    def _dataset(self, name):
        if name not in self._data:
            self._data[name] = classification_2d(name, n=self.n, rng=self.rng)
        return self._data[name]

    def model(self, dataset, activation, d_hidden):
        """The trained ``mlp([2, d', 1], activation)`` for this setting (trained once, then cached)."""
        key = (choice(dataset, "dataset", self.datasets), _activation(activation),
               integer(d_hidden, "d_hidden", 1, self.max_hidden))
        dataset, activation, d_hidden = key
        if key not in self._models:
            X, y = self._dataset(dataset)
            self._models[key] = train_classifier(X, y, activation, d_hidden, rng=self.rng)
        return self._models[key]

    def update(self, dataset, activation, d_hidden):
        dataset, activation = choice(dataset, "dataset", self.datasets), _activation(activation)
        d_hidden = integer(d_hidden, "d_hidden", 1, self.max_hidden)
        models = [self.model(dataset, name, d_hidden) for name in ("identity", activation)]  # before any artist moves
        X, y = self._dataset(dataset)
        for k, (name, model) in enumerate(zip(("identity", activation), models)):
            ax = self.axes[k]
            P = sigmoid(model.forward(self.points)[:, 0]).reshape(self.grid_n, self.grid_n)  # p(class 1)
            self.maps[k].update(P)
            for c, scatter in enumerate(self.scatters[k]):
                scatter.set_offsets(X[y == c])
            label = "identity (no nonlinearity)" if name == "identity" else ACTIVATION_LABELS[name]
            ax.set_title(f"g = {label}, d′ = {d_hidden}\naccuracy {accuracy(model, X, y):.3f}")


EXPLORERS = [ActivationExplorer, NonlinearityExplorer]
