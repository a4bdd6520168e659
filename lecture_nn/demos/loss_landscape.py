r"""Notebook 05, slides "How to optimize such functions? Loss function landscape (in 2 random
directions around an optimum)", "No convergence guarantees for the stochastic gradient
descent" and "There's a number of modifications to improve training".

After Li et al. 2018 (NeurIPS), "Visualizing the loss landscape of neural nets": train an MLP to
parameters $\theta^*$, pick two filter-normalized random directions $\delta, \eta$ and draw
$f(\alpha, \beta) = L(\theta^* + \alpha \delta + \beta \eta)$. The computations live in
:mod:`lecture_nn.landscape`; this module trains the nets (cached) and draws:

* :func:`landscape_figure` — contour map and 3D surface of $f(\alpha, \beta)$;
* :func:`interpolation_figure` — $L((1 - t)\,\theta_0 + t\,\theta^*)$ from the initialization;
* :func:`trajectory_figure` — the optimizer's path projected on the random plane and on the
  plane of its two principal directions (PCA, as Li et al. do for trajectories);
* :func:`nonconvex_figure` — two trained points of (nearly) equal loss with a hill between them: $L$ is
  not convex;
* :func:`width_figure` — narrow and wide nets, same filter normalization, side by side;
* :func:`sgd_figure` — mini-batch SGD from several seeds and with two learning rates
  (:func:`train_sgd`, :func:`sgd_endpoint`; :func:`dead_units` counts the ReLUs a run killed);
* :class:`LandscapeExplorer` — width, direction seed, range and normalization on sliders: the
  contour map and the two slices through $\theta^*$ along the axes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.ticker import MaxNLocator, NullFormatter, NullLocator

from .. import plotting
from .._checks import as_rng
from ..data import moons
from ..landscape import interpolate, loss_grid, parameter_vector, project_trajectory, random_direction
from ..layers import Activation, Dense, Sequential, mlp
from ..losses import BCEWithLogitsLoss
from ..optim import SGD, Adam
from ..training import accuracy, fit
from .base import Explorer

__all__ = [
    "moons_data", "TrainedNet", "train_net", "model_at", "random_directions", "surface", "landscape_grid", "unflatten",
    "pca_directions", "permuted_vector", "train_sgd", "sgd_endpoint", "dead_units", "landscape_figure",
    "interpolation_figure", "trajectory_figure", "nonconvex_figure", "width_figure", "sgd_figure", "LandscapeExplorer",
    "EXPLORERS",
]

# the data: N moons points, noisy enough that the classes overlap (the loss levels off instead of
# falling fast towards 0 as the logits grow; after 300 Adam steps it still falls slowly, so theta*
# is where training stopped, not an exact minimum); 500 rather than 1000 halves every grid, so a
# new explorer picture of the 64-wide net stays near 0.2 s
N_POINTS = 500
NOISE = 0.25
# the nets: [2, d', d', 1] ReLU, full-batch Adam
WIDTH = 64
WIDTHS = (4, 8, 16, 32, 64)
EPOCHS = 300
LR = 0.01
GRID = 51  # grid points per axis in the static pictures
EXPLORER_GRID = 17  # ... and in the explorer (289 networks per picture)
# the colour scale of every landscape picture: log-spaced levels of L
LEVELS = np.geomspace(0.03, 30.0, 25)  # 8 per factor of 10
NORM = LogNorm(vmin=LEVELS[0], vmax=LEVELS[-1])
CMAP = "viridis"
TICKS = [0.03, 0.1, 0.3, 1, 3, 10, 30]  # colour bar ticks
THETA_STAR_COLOR = plotting.OKABE_ITO["vermillion"]
PATH_COLOR = plotting.OKABE_ITO["orange"]


def moons_data(n=N_POINTS, seed=0):
    """The notebook's dataset: ``n`` moons points with noise 0.25; X (N, 2), labels y (N,)."""
    return moons(n, noise=NOISE, rng=seed)


# --- trained nets -------------------------------------------------------------------------------

@dataclass
class TrainedNet:
    r"""A trained ``mlp([2, d', d', 1])``, its data and the path of its parameters.

    ``path[k]`` is the flat parameter vector after epoch k (``path[0]``: the initialization
    $\theta_0$, ``path[-1]``: $\theta^*$), shape (epochs + 1, P).
    """

    model: Sequential
    X: np.ndarray
    y: np.ndarray
    path: np.ndarray
    train_loss: np.ndarray
    loss_fn: BCEWithLogitsLoss

    @property
    def theta0(self) -> np.ndarray:
        return self.path[0]

    @property
    def theta_star(self) -> np.ndarray:
        return self.path[-1]

    @property
    def loss(self) -> float:
        r"""$L(\theta^*)$ on the training data."""
        return self.loss_fn.forward(self.model.forward(self.X), self.y)

    @property
    def accuracy(self) -> float:
        return accuracy(self.model, self.X, self.y)


def _sizes(width):
    return [2, int(width), int(width), 1]


@functools.cache
def _train_cached(width, seed, epochs, lr, n):
    X, y = moons_data(n)
    model = mlp(_sizes(width), "relu", rng=seed)
    path = [parameter_vector(model)]

    def record(epoch, history):  # fit calls this after every epoch
        path.append(parameter_vector(model))

    history = fit(model, BCEWithLogitsLoss(), Adam(model.parameters(), lr=lr), X, y, epochs=epochs,
                  callback=record)
    path = np.array(path)  # (epochs + 1, P)
    losses = np.array(history.train_loss)
    for array in (path, losses):
        array.setflags(write=False)  # shared by every caller
    return path, losses


def train_net(width=WIDTH, seed=0, *, epochs=EPOCHS, lr=LR, n=N_POINTS) -> TrainedNet:
    r"""``mlp([2, d', d', 1], "relu", rng=seed)`` trained by full-batch Adam on :func:`moons_data`.

    ``fit``'s callback records $\theta$ after every epoch. Each setting trains once per session
    (cached); every call returns a fresh model holding $\theta^*$.
    """
    path, losses = _train_cached(int(width), int(seed), int(epochs), float(lr), int(n))
    X, y = moons_data(n)
    return TrainedNet(model_at(path[-1], width), X, y, path, losses, BCEWithLogitsLoss())


def model_at(theta, width=WIDTH) -> Sequential:
    r"""A fresh ``mlp([2, d', d', 1])`` holding the flat parameter vector ``theta`` (P,)."""
    model = mlp(_sizes(width), "relu", rng=0)
    for p, value in zip(model.parameters(), unflatten(theta, model)):
        p.value[...] = value
    return model


# --- directions and grids -----------------------------------------------------------------------

def random_directions(model, seed=1, normalization="filter"):
    r"""The two directions $(\delta, \eta)$ of the plane, drawn one after the other from ``seed``."""
    rng = np.random.default_rng(seed)
    return (random_direction(model, rng, normalization), random_direction(model, rng, normalization))


def surface(net: TrainedNet, seed=1, span=1.0, normalization="filter", n=GRID, directions=None):
    r"""$f(\alpha, \beta) = L(\theta^* + \alpha\delta + \beta\eta)$ on an n x n grid over [-span, span]^2.

    Returns ``axis`` (n,) and ``f`` (n, n) with rows over $\beta$ and columns over $\alpha$.
    """
    if directions is None:
        directions = random_directions(net.model, seed, normalization)
    axis = np.linspace(-span, span, n)
    return axis, loss_grid(net.model, net.loss_fn, net.X, net.y, directions, axis, axis)


@functools.cache
def _landscape_cached(width, seed, span, normalization, n):
    axis, f = surface(train_net(width), seed, span, normalization, n)
    for array in (axis, f):
        array.setflags(write=False)
    return axis, f


def landscape_grid(width=WIDTH, seed=1, span=1.0, normalization="filter", n=GRID):
    """:func:`surface` of the net ``train_net(width)``, computed once per setting (cached, read-only)."""
    return _landscape_cached(int(width), int(seed), float(span), normalization, int(n))


def unflatten(vector, model) -> list:
    """A flat vector (P,) as a list of arrays shaped like ``model.parameters()``: a direction."""
    vector = np.asarray(vector, dtype=np.float64)
    shapes = [p.value.shape for p in model.parameters()]
    sizes = [int(np.prod(s)) for s in shapes]
    if vector.shape != (sum(sizes),):
        raise ValueError(f"expected a flat vector of the model's P = {sum(sizes)} parameters, got shape "
                         f"{vector.shape}")
    pieces = np.split(vector, np.cumsum(sizes)[:-1])
    return [piece.reshape(shape) for piece, shape in zip(pieces, shapes)]


def pca_directions(net: TrainedNet):
    r"""The two principal directions of the path's offsets $\theta_k - \theta^*$ (Li et al.).

    Returns the directions (unit vectors, as lists of arrays) and the fraction of the offsets'
    variance each explains. The sign is fixed so that the initialization has positive coordinates.
    """
    offsets = net.path - net.theta_star  # (K, P)
    _, s, Vt = np.linalg.svd(offsets, full_matrices=False)
    explained = s ** 2 / np.sum(s ** 2)
    components = [v if offsets[0] @ v >= 0 else -v for v in Vt[:2]]
    return tuple(unflatten(v, net.model) for v in components), explained[:2]


def permuted_vector(model, seed=0) -> np.ndarray:
    r"""$\theta$ with the hidden units of every layer shuffled: a different point, the same network.

    Unit j of a hidden layer is row j of its W and entry j of its b, and column j of the next W;
    moving all three together changes no output, so $L$ is exactly the same.
    """
    rng = as_rng(seed)
    dense = [layer for layer in model.layers if isinstance(layer, Dense)]
    values = [[layer.W.value.copy(), layer.b.value.copy()] for layer in dense]
    for k in range(len(dense) - 1):
        order = rng.permutation(values[k][0].shape[0])
        values[k][0], values[k][1] = values[k][0][order], values[k][1][order]  # unit j moves to ...
        values[k + 1][0] = values[k + 1][0][:, order]  # ... and the next layer reads it there
    return np.concatenate([a.ravel() for W, b in values for a in (W, b)])


# --- mini-batch SGD -----------------------------------------------------------------------------

@functools.cache
def _sgd_cached(width, seed, lr, epochs, batch_size, n):
    X, y = moons_data(n)
    model = mlp(_sizes(width), "relu", rng=seed)
    loss_fn = BCEWithLogitsLoss()
    losses = [loss_fn.forward(model.forward(X), y)]

    def record(epoch, history):  # the loss on all N points after each epoch
        losses.append(loss_fn.forward(model.forward(X), y))

    with np.errstate(over="ignore", invalid="ignore"):  # a run that blows up is drawn, not warned about
        history = fit(model, loss_fn, SGD(model.parameters(), lr=lr), X, y, epochs=epochs, batch_size=batch_size,
                      rng=seed, callback=record, on_divergence="stop")
    losses, theta = np.array(losses), parameter_vector(model)
    for array in (losses, theta):
        array.setflags(write=False)
    return losses, bool(history.diverged), theta


def train_sgd(width=WIDTH, seed=0, lr=0.3, *, epochs=30, batch_size=32, n=N_POINTS):
    r"""Plain mini-batch SGD, $\theta^{(k)} = \theta^{(k-1)} - \eta\, g$, on :func:`moons_data`.

    ``seed`` sets both the initialization and the shuffling. Returns $L$ on all N points before
    training and after every epoch, (epochs + 1,), and whether the loss became NaN/inf (training
    then stops early).
    """
    losses, diverged, _ = _sgd_cached(int(width), int(seed), float(lr), int(epochs), int(batch_size), int(n))
    return losses, diverged


def sgd_endpoint(width=WIDTH, seed=0, lr=0.3, *, epochs=30, batch_size=32, n=N_POINTS) -> np.ndarray:
    r"""The flat parameter vector $\theta$ (P,) where the :func:`train_sgd` run with these settings ended
    (read-only; not finite if the run diverged)."""
    return _sgd_cached(int(width), int(seed), float(lr), int(epochs), int(batch_size), int(n))[2]


def dead_units(model, X) -> list:
    r"""For each hidden ReLU layer, how many of its units output 0 on every row of ``X`` (N, d).

    Such a unit passes no gradient back ($g'(z) = 0$ on every point), so its incoming weights stop
    changing; a unit of the first layer, whose inputs are the fixed data, then stays dead for good.
    """
    counts, A = [], np.asarray(X, dtype=np.float64)
    for layer in model.layers:
        A = layer.forward(A)
        if isinstance(layer, Activation):
            counts.append(int(np.sum(~np.any(A > 0, axis=0))))
    return counts


# --- drawing ------------------------------------------------------------------------------------

def _plane_axes(ax, xlabel=r"$\alpha$", ylabel=r"$\beta$"):
    """A map of the plane: labels, equal scales, few ticks, no grid over the colours."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_aspect("equal")
    ax.grid(False)
    ax.xaxis.set_major_locator(MaxNLocator(5, steps=[1, 2.5, 5, 10]))
    ax.yaxis.set_major_locator(MaxNLocator(5, steps=[1, 2.5, 5, 10]))


def _contour(ax, axis, f, lines=True):
    """Filled log-spaced contours of f; values outside the levels get the end colours."""
    clipped = np.clip(f, LEVELS[0], LEVELS[-1])
    filled = ax.contourf(axis, axis, clipped, levels=LEVELS, cmap=CMAP, norm=NORM)
    if lines:
        ax.contour(axis, axis, clipped, levels=LEVELS[::2], colors="white", linewidths=0.5, alpha=0.6)
    ax.plot([0], [0], "*", color=THETA_STAR_COLOR, markersize=12, markeredgecolor="white", label=r"$\theta^*$")
    _plane_axes(ax)
    return filled


def _setup3d(ax):
    """Labels, a log10 z axis and the view of a 3D landscape axes."""
    ax.set_zlim(np.log10(LEVELS[0]), np.log10(LEVELS[-1]))
    ax.set_zticks([-1, 0, 1], ["0.1", "1", "10"])
    ax.xaxis.set_major_locator(MaxNLocator(5, steps=[1, 2.5, 5, 10]))
    ax.yaxis.set_major_locator(MaxNLocator(5, steps=[1, 2.5, 5, 10]))
    ax.set_xlabel(r"$\alpha$")
    ax.set_ylabel(r"$\beta$")
    ax.set_zlabel("$L$ (log scale)")
    ax.view_init(elev=35, azim=-60)
    ax.set_box_aspect(None, zoom=0.88)  # room for the z label


def _surface3d(ax, axis, f):
    r"""$\log_{10} L$ as a surface (clipped to the colour scale), over the grid axis x axis."""
    A, B = np.meshgrid(axis, axis)
    Z = np.log10(np.clip(f, LEVELS[0], LEVELS[-1]))
    return ax.plot_surface(A, B, Z, cmap=CMAP, vmin=np.log10(LEVELS[0]), vmax=np.log10(LEVELS[-1]),
                           linewidth=0, antialiased=False, rcount=len(axis), ccount=len(axis))


def _mixed_axes(figsize):
    """A figure with a 2D axes on the left and a 3D axes on the right.

    Placed by hand: matplotlib 3.10's constrained layout collapsed this mix of a 3D axes and a
    colorbar to zero size and warned (seen on Python 3.10), while 3.11 drew it.
    """
    fig = plotting.figure(figsize=figsize)
    ax = fig.add_subplot(1, 2, 1)
    ax3 = fig.add_subplot(1, 2, 2, projection="3d")
    fig.subplots_adjust(left=0.07, right=0.97, bottom=0.12, top=0.84, wspace=0.3)
    return fig, ax, ax3


_NORMALIZATION_NAMES = {"filter": "filter-normalized", "layer": "layer-normalized", "none": "raw (not normalized)"}


def landscape_figure(width=WIDTH, seed=1, span=1.0, normalization="filter", n=GRID):
    r"""$L(\theta^* + \alpha\delta + \beta\eta)$ as a contour map and a 3D surface (Li et al., Fig. 1)."""
    axis, f = landscape_grid(width, seed, span, normalization, n)
    fig, ax, ax3 = _mixed_axes((10.5, 4.4))
    filled = _contour(ax, axis, f)
    fig.colorbar(filled, ax=ax, label="$L$", ticks=TICKS, format="%g", shrink=0.85)
    ax.set_title(r"contours of $L$; the star is $\theta^*$")
    _setup3d(ax3)
    _surface3d(ax3, axis, f)
    ax3.set_title("the same as a surface")
    fig.suptitle(rf"$L(\theta^* + \alpha\delta + \beta\eta)$: [2, {width}, {width}, 1] ReLU net, "
                 f"{_NORMALIZATION_NAMES[normalization]} directions (seed {seed})")
    return fig


def interpolation_figure(width=WIDTH, t_range=(-0.5, 1.5), n=81):
    r"""$L((1 - t)\,\theta_0 + t\,\theta^*)$: the straight line from the initialization to the trained $\theta^*$."""
    net = train_net(width)
    ts = np.linspace(*t_range, n)
    losses = interpolate(net.model, net.loss_fn, net.X, net.y, net.theta0, ts)
    fig, ax = plotting.new_figure(figsize=(6.4, 4.0))
    ax.plot(ts, losses, color=plotting.OKABE_ITO["blue"])
    ax.plot([0], [losses[np.argmin(np.abs(ts))]], "o", color=PATH_COLOR, markersize=8,
            label=r"$t = 0$: initialization $\theta_0$")
    ax.plot([1], [net.loss], "*", color=THETA_STAR_COLOR, markersize=14, label=r"$t = 1$: trained $\theta^*$")
    ax.set_yscale("log")
    ax.set_xlabel("$t$")
    ax.set_ylabel(r"$L((1 - t)\,\theta_0 + t\,\theta^*)$")
    ax.set_title(f"the straight line from $\\theta_0$ through $\\theta^*$ ([2, {width}, {width}, 1] net)")
    ax.legend()
    return fig


def trajectory_figure(width=WIDTH, seed=1, n=GRID):
    """Adam's path drawn over the contours: on the random plane (left), on the PCA plane (right)."""
    net = train_net(width)
    fig, (left, right) = plotting.new_figure(1, 2, figsize=(10.5, 4.6))
    # left: the random plane of landscape_figure, and the path's least-squares shadow on it
    directions = random_directions(net.model, seed)
    coords = project_trajectory(net.path, net.theta_star, directions)  # (K, 2)
    D = np.column_stack([np.concatenate([d.ravel() for d in direction]) for direction in directions])
    offset = net.theta0 - net.theta_star
    captured = np.sum((D @ coords[0]) ** 2) / np.sum(offset ** 2)
    axis, f = landscape_grid(width, seed, 1.0, "filter", n)
    _contour(left, axis, f)
    reach = np.max(np.abs(coords))
    left.plot(coords[:, 0], coords[:, 1], ".-", color=PATH_COLOR, markersize=3,
              label=f"Adam's path, projected:\nall within $|\\alpha|, |\\beta| \\leq$ {reach:.2f}")
    left.set_title(f"random plane: holds {100 * captured:.2f}% of $\\|\\theta_0 - \\theta^*\\|^2$")
    left.legend(loc="upper right")
    # right: the plane of the path's two principal directions
    pca, explained = pca_directions(net)
    coords = project_trajectory(net.path, net.theta_star, pca)
    low, high = coords.min(axis=0), coords.max(axis=0)
    half = 0.6 * np.max(high - low) + 1e-12
    centre = (low + high) / 2
    alphas = np.linspace(centre[0] - half, centre[0] + half, n)
    betas = np.linspace(centre[1] - half, centre[1] + half, n)
    g = loss_grid(net.model, net.loss_fn, net.X, net.y, pca, alphas, betas)
    filled = right.contourf(alphas, betas, np.clip(g, LEVELS[0], LEVELS[-1]), levels=LEVELS, cmap=CMAP, norm=NORM)
    right.contour(alphas, betas, np.clip(g, LEVELS[0], LEVELS[-1]), levels=LEVELS[::2], colors="white",
                  linewidths=0.5, alpha=0.6)
    right.plot(coords[:, 0], coords[:, 1], ".-", color=PATH_COLOR, markersize=3, label="Adam's path")
    right.plot([coords[0, 0]], [coords[0, 1]], "o", color=PATH_COLOR, markersize=8, label=r"$\theta_0$")
    right.plot([0], [0], "*", color=THETA_STAR_COLOR, markersize=12, markeredgecolor="white", label=r"$\theta^*$")
    _plane_axes(right, f"1st PCA direction ({100 * explained[0]:.0f}% of the variance)",
                f"2nd PCA direction ({100 * explained[1]:.0f}%)")
    right.set_title("plane of the path's two principal directions")
    right.legend(loc="upper right")
    fig.colorbar(filled, ax=[left, right], label="$L$", ticks=TICKS, format="%g", shrink=0.85)
    return fig


def nonconvex_figure(width=WIDTH, seeds=(0, 1), n=61):
    r"""$L$ on two straight segments whose ends are trained nets of low loss: a convex $L$ stays below each chord.

    Blue: from $\theta^*$ to the same net with its hidden units shuffled (exactly the same loss);
    orange: from the trained $\theta^*$ of one seed to that of another.
    """
    ts = np.linspace(0.0, 1.0, n)
    fig, ax = plotting.new_figure(figsize=(6.4, 4.0))
    net = train_net(width, seeds[0])
    shuffled = permuted_vector(net.model, seed=0)
    other = train_net(width, seeds[1])
    segments = [
        (interpolate(net.model, net.loss_fn, net.X, net.y, shuffled, ts),
         r"$\theta^*$ $\to$ the same net, hidden units shuffled", plotting.OKABE_ITO["blue"]),
        (interpolate(other.model, other.loss_fn, other.X, other.y, net.theta_star, ts),
         f"$\\theta^*$ of seed {seeds[0]} $\\to$ $\\theta^*$ of seed {seeds[1]}", plotting.OKABE_ITO["orange"]),
    ]
    for losses, label, color in segments:
        ax.plot(ts, losses, color=color, label=label)
        ax.plot([0, 1], [losses[0], losses[-1]], "--", color=color, linewidth=1)
    ax.set_xlabel("$t$ along the straight segment")
    ax.set_ylabel("$L$")
    ax.set_ylim(0, 1.45 * max(np.max(losses) for losses, _, _ in segments))  # room for the legend
    ax.set_title("both ends are trained nets; a convex $L$ stays below the dashed chords")
    ax.legend(loc="upper left")
    return fig


def width_figure(widths=(4, 64), seed=1, span=1.0, n=GRID):
    """Contours of narrow and wide nets, side by side: same filter normalization, same colour scale."""
    fig, axes = plotting.new_figure(1, len(widths), figsize=(4.2 * len(widths) + 1.0, 4.2))
    axes = np.atleast_1d(axes)
    for ax, width in zip(axes, widths):
        net = train_net(width)
        axis, f = landscape_grid(width, seed, span, "filter", n)
        filled = _contour(ax, axis, f)
        ax.set_title(f"[2, {width}, {width}, 1]: $L(\\theta^*)$ = {net.loss:.2f}")
    fig.colorbar(filled, ax=list(axes), label="$L$", ticks=TICKS, format="%g", shrink=0.85)
    fig.suptitle(r"$L(\theta^* + \alpha\delta + \beta\eta)$, filter-normalized directions")
    return fig


def sgd_figure(lrs=(0.3, 5.0), seeds=(0, 1, 2, 3, 4), width=WIDTH, epochs=30, batch_size=32):
    """Mini-batch SGD from several seeds (lines), one learning rate per panel: $L$ after every epoch."""
    fig, axes = plotting.new_figure(1, len(lrs), figsize=(5.2 * len(lrs), 3.9))
    axes = np.atleast_1d(axes)
    colors = [plotting.OKABE_ITO[c] for c in ("blue", "orange", "green", "purple", "sky blue", "black")]
    top = 10.0  # larger losses (the first epochs with a huge step) are drawn at the top edge
    for ax, lr in zip(axes, lrs):
        for seed, color in zip(seeds, colors):
            losses, diverged = train_sgd(width, seed, lr, epochs=epochs, batch_size=batch_size)
            label = f"seed {seed}: " + ("diverged" if diverged else f"$L$ = {losses[-1]:.2f}")
            ax.plot(np.arange(len(losses)), np.clip(losses, None, top), color=color, linewidth=1.2, label=label)
        ax.axhline(np.log(2), color="black", linewidth=0.8, linestyle=":")
        ax.set_yscale("log")
        ax.set_ylim(0.05, top)
        ax.set_yticks([0.1, 0.3, 1, 3, 10], ["0.1", "0.3", "1", "3", "10"])
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("epoch")
        ax.set_title(f"SGD, $\\eta$ = {lr:g}, batches of {batch_size}")
        ax.legend(loc="upper right")
    axes[0].set_ylabel("$L$ on all N points")
    axes[0].text(epochs, np.log(2) * 1.03, r"dotted: $\ln 2$, the loss of $p = 1/2$ everywhere", ha="right",
                 va="bottom", fontsize=8)
    return fig


# --- explorer -------------------------------------------------------------------------------

class LandscapeExplorer(Explorer):
    r"""Width, direction seed, range and normalization of the landscape picture.

    Left: the contour map of $L(\theta^* + \alpha\delta + \beta\eta)$; right: the two slices
    through $\theta^*$ along the axes, $L(\theta^* + \alpha\delta)$ and $L(\theta^* + \beta\eta)$
    (the middle row and column of the same grid). All widths train in ``__init__`` (cached for the
    session); each setting's grid is computed once and cached too.
    """

    def __init__(self, width=WIDTH, seed=1, span=1.0, normalization="filter"):
        for w in WIDTHS:
            train_net(w)
        fig, (ax, side) = plotting.new_figure(1, 2, figsize=(9.2, 3.9))
        self.ax, self.side = ax, side
        self.image = ax.imshow(np.ones((EXPLORER_GRID, EXPLORER_GRID)), origin="lower", cmap=CMAP, norm=NORM,
                               extent=(-span, span, -span, span), interpolation="bilinear")
        self.lines = None
        ax.plot([0], [0], "*", color=THETA_STAR_COLOR, markersize=12, markeredgecolor="white")
        ax.axhline(0, color="white", linewidth=0.6, linestyle="--")
        ax.axvline(0, color="white", linewidth=0.6, linestyle="--")
        _plane_axes(ax)
        fig.colorbar(self.image, ax=ax, label="$L$", ticks=TICKS, format="%g", shrink=0.85).minorticks_off()
        blank = np.ones(EXPLORER_GRID)
        (self.slice_alpha,) = side.plot(blank, blank, color=plotting.OKABE_ITO["blue"],
                                        label=r"$L(\theta^* + \alpha\delta)$ against $\alpha$")
        (self.slice_beta,) = side.plot(blank, blank, color=plotting.OKABE_ITO["orange"],
                                       label=r"$L(\theta^* + \beta\eta)$ against $\beta$")
        (self.star,) = side.plot([0], [1], "*", color=THETA_STAR_COLOR, markersize=12, markeredgecolor="white")
        side.set_yscale("log")
        side.set_ylim(LEVELS[0], LEVELS[-1] * 10)
        side.set_yticks(TICKS + [100], [f"{t:g}" for t in TICKS + [100]])
        side.yaxis.set_minor_locator(NullLocator())  # fewer artists: each picture draws faster
        side.set_xlabel(r"$\alpha$ or $\beta$")
        side.xaxis.set_major_locator(MaxNLocator(5, steps=[1, 2.5, 5, 10]))
        side.legend(loc="upper center")
        controls = {
            "width": widgets.ToggleButtons(options=list(WIDTHS), value=width, description="width d'"),
            "seed": widgets.IntSlider(value=seed, min=0, max=9, description="direction seed",
                                      continuous_update=False),
            "span": widgets.FloatSlider(value=span, min=0.25, max=2.0, step=0.25, description="range",
                                        continuous_update=False),
            "normalization": widgets.ToggleButtons(options=["filter", "layer", "none"], value=normalization,
                                                   description="normalization"),
        }
        super().__init__(fig, controls, title="Loss landscape around the trained net")

    def update(self, width, seed, span, normalization):
        axis, f = landscape_grid(width, seed, span, normalization, EXPLORER_GRID)  # cached per setting
        clipped = np.clip(f, LEVELS[0], LEVELS[-1])
        self.image.set_data(clipped)
        self.image.set_extent((-span, span, -span, span))
        if self.lines is not None:
            self.lines.remove()
        self.lines = self.ax.contour(axis, axis, clipped, levels=LEVELS[::2], colors="white", linewidths=0.5,
                                     alpha=0.6)
        self.ax.set_xlim(-span, span)
        self.ax.set_ylim(-span, span)
        self.ax.set_title(f"[2, {width}, {width}, 1] net, {_NORMALIZATION_NAMES[normalization]} $\\delta, \\eta$")
        middle = len(axis) // 2  # axis[middle] == 0: the row and column through theta*
        self.slice_alpha.set_data(axis, f[middle, :])
        self.slice_beta.set_data(axis, f[:, middle])
        self.star.set_ydata([f[middle, middle]])
        self.side.set_xlim(-span, span)
        self.side.set_title(f"slices through $\\theta^*$: $L(\\theta^*)$ = {f[middle, middle]:.3f}")


EXPLORERS = [LandscapeExplorer]
