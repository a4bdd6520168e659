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

import copy
import functools
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.ticker import MaxNLocator, NullFormatter, NullLocator

from .. import plotting
from .._checks import describe, as_float_2d, choice, flag, instance, int_list, integer, interval, number
from .._checks import array as check_array
from .._checks import seed as check_seed
from ..data import moons
from ..errors import InputError
from ..landscape import flatten, interpolate, loss_grid, parameter_vector, project_trajectory, random_direction
from ..landscape import unflatten as unflatten_vector
from ..layers import Activation, Dense, Residual, Sequential, mlp
from ..losses import BCEWithLogitsLoss
from ..optim import SGD, Adam
from ..training import TrainingDiverged, accuracy, fit
from .base import Explorer, Redrawn, control

__all__ = [
    "moons_data", "TrainedNet", "train_net", "model_at", "random_directions", "surface", "landscape_grid", "unflatten",
    "pca_directions", "permuted_vector", "train_sgd", "sgd_endpoint", "dead_units", "landscape_figure",
    "interpolation_figure", "trajectory_figure", "nonconvex_figure", "width_figure", "sgd_figure", "deep_net",
    "deep_landscape", "local_minima", "skip_figure", "train_batch", "sharpness", "LandscapeExplorer", "EXPLORERS",
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

# the largest settings the pictures accept (each training or grid stays within a few seconds)
MAX_WIDTH = 128  # d' of the [2, d', d', 1] nets
MAX_EPOCHS = 5000
MAX_POINTS = 5000  # N
MAX_GRID = 101  # grid points per axis
MAX_SPAN = 100.0  # half the side of the square [-span, span]^2
MAX_SEEDS = 20  # curves per panel of sgd_figure


# --- argument checks ----------------------------------------------------------------------------

def _width(width, who: str) -> int:
    return integer(width, f"{who}: width (d' of the [2, d', d', 1] net)", 1, MAX_WIDTH)


def _seed(seed, who: str, name: str = "seed"):
    """An int seed >= 0, or a numpy Generator."""
    if isinstance(seed, np.random.Generator):
        return seed
    return check_seed(seed, f"{who}: {name}")


def _normalization(normalization, who: str) -> str:
    return choice(normalization, f"{who}: normalization", list(_NORMALIZATION_NAMES))


def _grid_size(n, who: str, low: int = 2) -> int:
    return integer(n, f"{who}: n (grid points per axis)", low, MAX_GRID)


def _span(span, who: str) -> float:
    return number(span, f"{who}: span (the grid covers [-span, span]^2)", 0, MAX_SPAN, low_open=True)


def _model(model, who: str) -> Sequential:
    """An mlp: a Sequential of Dense and Activation layers with at least one Dense."""
    model = instance(model, f"{who}: model", Sequential, "ln.mlp([2, 64, 64, 1])")
    if not all(isinstance(m, (Dense, Activation)) for m in model.layers) \
            or not any(isinstance(m, Dense) for m in model.layers):
        raise InputError(f"{who}: model must be an mlp (a Sequential of Dense and Activation layers, at least one "
                         f"Dense), got {model!r}")
    return model


def _net(net, who: str) -> TrainedNet:
    return instance(net, f"{who}: net", TrainedNet, "train_net(64)")


def _directions(directions, model, who: str):
    """Two directions, each a list of arrays shaped like ``model.parameters()``, finite."""
    shapes = [p.value.shape for p in model.parameters()]
    if isinstance(directions, (str, bytes)) or not isinstance(directions, (tuple, list)) or len(directions) != 2:
        raise InputError(f"{who}: directions must be a pair (delta, eta) of directions such as random_directions "
                         f"returns, got {describe(directions)}")
    checked = []
    for k, direction in enumerate(directions):
        name = f"directions[{k}]"
        if isinstance(direction, (str, bytes)) or not isinstance(direction, (tuple, list)) \
                or len(direction) != len(shapes):
            raise InputError(f"{who}: {name} must be a list of {len(shapes)} arrays shaped like model.parameters() "
                             f"{shapes}, got {describe(direction)}")
        checked.append([check_array(d, f"{name}[{i}]", shape=shape, who=who) for i, (d, shape) in
                        enumerate(zip(direction, shapes))])
    return tuple(checked)


def _train_args(who, width, seed, epochs, lr, n):
    return (_width(width, who), check_seed(seed, f"{who}: seed"),
            integer(epochs, f"{who}: epochs", 1, MAX_EPOCHS),
            number(lr, f"{who}: lr (Adam's learning rate)", 0, 1, low_open=True),
            integer(n, f"{who}: n (training points)", 2, MAX_POINTS))


def moons_data(n=N_POINTS, seed=0):
    """The notebook's dataset: ``n`` moons points with noise 0.25; X (N, 2), labels y (N,)."""
    n = integer(n, "moons_data: n (points)", 2, MAX_POINTS)
    return moons(n, noise=NOISE, rng=check_seed(seed, "moons_data: seed"))


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

    def __post_init__(self):
        who = "TrainedNet"
        model = _model(self.model, who)
        first = next(m for m in model.layers if isinstance(m, Dense))
        self.X = as_float_2d(self.X, "X", np.float64, first.d_in, who)
        y = check_array(self.y, "y", ndim=1, who=who)
        if y.shape[0] != self.X.shape[0] or not np.all((y == 0) | (y == 1)):
            raise InputError(f"{who}: y must hold one label 0 or 1 per row of X, shape ({self.X.shape[0]},), got "
                             f"shape {y.shape}" + ("" if y.shape[0] != self.X.shape[0] else " with other values"))
        P = sum(p.value.size for p in model.parameters())
        path = check_array(self.path, "path", ndim=2, who=who)
        if path.shape[0] < 2 or path.shape[1] != P:
            raise InputError(f"{who}: path must hold the flat parameters theta_0 ... theta* of the model, shape "
                             f"(K >= 2, P = {P}), got {path.shape}")
        self.path = path
        self.train_loss = check_array(self.train_loss, "train_loss", ndim=1, who=who)
        instance(self.loss_fn, f"{who}: loss_fn", BCEWithLogitsLoss, "ln.BCEWithLogitsLoss()")

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
    (cached); every call returns a fresh model holding $\theta^*$. ``width`` in 1..128, ``epochs``
    in 1..5000, ``lr`` in (0, 1], ``n`` in 2..5000.
    """
    width, seed, epochs, lr, n = _train_args("train_net", width, seed, epochs, lr, n)
    try:
        path, losses = _train_cached(width, seed, epochs, lr, n)
    except TrainingDiverged as error:
        raise InputError(f"train_net: Adam diverged with lr = {lr:g}: {error}; use a smaller lr") from None
    X, y = moons_data(n)
    return TrainedNet(model_at(path[-1], width), X, y, path, losses, BCEWithLogitsLoss())


def model_at(theta, width=WIDTH) -> Sequential:
    r"""A fresh ``mlp([2, d', d', 1])`` holding the flat parameter vector ``theta`` (P,)."""
    model = mlp(_sizes(_width(width, "model_at")), "relu", rng=0)
    for p, value in zip(model.parameters(), _unflatten(theta, model, "model_at", "theta")):
        p.value[...] = value
    return model


# --- directions and grids -----------------------------------------------------------------------

def random_directions(model, seed=1, normalization="filter"):
    r"""The two directions $(\delta, \eta)$ of the plane, drawn one after the other from ``seed``."""
    who = "random_directions"
    model = _model(model, who)
    rng = np.random.default_rng(_seed(seed, who))
    normalization = _normalization(normalization, who)
    return (random_direction(model, rng, normalization), random_direction(model, rng, normalization))


def surface(net: TrainedNet, seed=1, span=1.0, normalization="filter", n=GRID, directions=None):
    r"""$f(\alpha, \beta) = L(\theta^* + \alpha\delta + \beta\eta)$ on an n x n grid over [-span, span]^2.

    Returns ``axis`` (n,) and ``f`` (n, n) with rows over $\beta$ and columns over $\alpha$.
    ``span`` in (0, 100], ``n`` in 2..101; ``directions`` (default: :func:`random_directions` of
    ``seed`` and ``normalization``) a pair of lists of arrays shaped like the model's parameters.
    """
    who = "surface"
    net = _net(net, who)
    seed, span = _seed(seed, who), _span(span, who)
    normalization, n = _normalization(normalization, who), _grid_size(n, who)
    if directions is None:
        directions = random_directions(net.model, seed, normalization)
    else:
        directions = _directions(directions, net.model, who)
    axis = np.linspace(-span, span, n)
    with np.errstate(over="ignore", invalid="ignore"):  # a far corner may overflow: refused below
        f = loss_grid(net.model, net.loss_fn, net.X, net.y, directions, axis, axis)
    if not np.all(np.isfinite(f)):
        raise InputError(f"{who}: the loss overflows (inf/NaN) on the grid: span = {span:g} reaches too far "
                         "along these directions")
    return axis, f


@functools.cache
def _landscape_cached(width, seed, span, normalization, n):
    axis, f = surface(train_net(width), seed, span, normalization, n)
    for array in (axis, f):
        array.setflags(write=False)
    return axis, f


def _grid_args(who, width, seed, span, normalization, n):
    return (_width(width, who), check_seed(seed, f"{who}: seed"), _span(span, who),
            _normalization(normalization, who), _grid_size(n, who))


def landscape_grid(width=WIDTH, seed=1, span=1.0, normalization="filter", n=GRID):
    """:func:`surface` of the net ``train_net(width)``, computed once per setting (cached, read-only)."""
    return _landscape_cached(*_grid_args("landscape_grid", width, seed, span, normalization, n))


def _unflatten(vector, model, who: str, name: str) -> list:
    """:func:`lecture_nn.landscape.unflatten`, its errors naming ``who`` and the argument ``name``."""
    P = model.n_params
    vector = check_array(vector, name, who=who)
    if vector.shape != (P,):
        raise InputError(f"{who}: {name} must be a flat vector of the model's P = {P} parameters, "
                         f"got shape {vector.shape}")
    return unflatten_vector(vector, model)


def unflatten(vector, model) -> list:
    """A flat vector (P,) as a list of arrays shaped like ``model.parameters()``: a direction.

    :func:`lecture_nn.landscape.unflatten` for the mlps of this notebook.
    """
    return _unflatten(vector, _model(model, "unflatten"), "unflatten", "vector")


def pca_directions(net: TrainedNet):
    r"""The two principal directions of the path's offsets $\theta_k - \theta^*$ (Li et al.).

    Returns the directions (unit vectors, as lists of arrays) and the fraction of the offsets'
    variance each explains. The sign is fixed so that the initialization has positive coordinates.
    """
    net = _net(net, "pca_directions")
    offsets = net.path - net.theta_star  # (K, P)
    if not np.any(offsets):
        raise InputError("pca_directions: net.path never leaves theta*: a path that does not move has no "
                         "principal directions")
    _, s, Vt = np.linalg.svd(offsets, full_matrices=False)
    explained = s ** 2 / np.sum(s ** 2)
    components = [v if offsets[0] @ v >= 0 else -v for v in Vt[:2]]
    return tuple(unflatten(v, net.model) for v in components), explained[:2]


def permuted_vector(model, seed=0) -> np.ndarray:
    r"""$\theta$ with the hidden units of every layer shuffled: a different point, the same network.

    Unit j of a hidden layer is row j of its W and entry j of its b, and column j of the next W;
    moving all three together changes no output, so $L$ is exactly the same.
    ``seed``: an int >= 0 or a numpy Generator.
    """
    model = _model(model, "permuted_vector")
    rng = np.random.default_rng(_seed(seed, "permuted_vector"))
    dense = [layer for layer in model.layers if isinstance(layer, Dense)]
    values = [[layer.W.value.copy(), layer.b.value.copy()] for layer in dense]
    for k in range(len(dense) - 1):
        order = rng.permutation(values[k][0].shape[0])
        values[k][0], values[k][1] = values[k][0][order], values[k][1][order]  # unit j moves to ...
        values[k + 1][0] = values[k + 1][0][:, order]  # ... and the next layer reads it there
    return flatten([a for W_and_b in values for a in W_and_b])


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


MAX_SGD_LR = 1e3  # larger steps leave every float64 within one step


def _sgd_args(who, width, seed, lr, epochs, batch_size, n):
    width, seed = _width(width, who), check_seed(seed, f"{who}: seed")
    lr = number(lr, f"{who}: lr (SGD's learning rate)", 0, MAX_SGD_LR, low_open=True)
    epochs = integer(epochs, f"{who}: epochs", 1, 1000)
    n = integer(n, f"{who}: n (training points)", 2, MAX_POINTS)
    batch_size = integer(batch_size, f"{who}: batch_size (at most the N = n points)", 1, n)
    return width, seed, lr, epochs, batch_size, n


def train_sgd(width=WIDTH, seed=0, lr=0.3, *, epochs=30, batch_size=32, n=N_POINTS):
    r"""Plain mini-batch SGD, $\theta^{(k)} = \theta^{(k-1)} - \eta\, g$, on :func:`moons_data`.

    ``seed`` sets both the initialization and the shuffling. Returns $L$ on all N points before
    training and after every epoch, (epochs + 1,), and whether the loss became NaN/inf (training
    then stops early, and the last loss may be inf). ``lr`` in (0, 1000], ``epochs`` in 1..1000,
    ``batch_size`` in 1..n.
    """
    losses, diverged, _ = _sgd_cached(*_sgd_args("train_sgd", width, seed, lr, epochs, batch_size, n))
    return losses, diverged


def sgd_endpoint(width=WIDTH, seed=0, lr=0.3, *, epochs=30, batch_size=32, n=N_POINTS) -> np.ndarray:
    r"""The flat parameter vector $\theta$ (P,) where the :func:`train_sgd` run with these settings ended
    (read-only). A run that diverged has no end point: an error says so."""
    who = "sgd_endpoint"
    args = _sgd_args(who, width, seed, lr, epochs, batch_size, n)
    losses, diverged, theta = _sgd_cached(*args)
    if diverged or not np.all(np.isfinite(theta)):
        raise InputError(f"{who}: SGD with lr = {args[2]:g} (seed {args[1]}, width {args[0]}) diverged after "
                         f"{len(losses) - 1} epochs: its parameters are not finite numbers; train_sgd shows the "
                         "losses, a smaller lr ends somewhere")
    return theta


def dead_units(model, X) -> list:
    r"""For each hidden ReLU layer, how many of its units output 0 on every row of ``X`` (N, d).

    Such a unit passes no gradient back ($g'(z) = 0$ on every point), so its incoming weights stop
    changing; a unit of the first layer, whose inputs are the fixed data, then stays dead for good.
    """
    model = _model(model, "dead_units")
    first = next(m for m in model.layers if isinstance(m, Dense))
    counts, A = [], as_float_2d(X, "X", np.float64, first.d_in, "dead_units")
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
    width, seed, span, normalization, n = _grid_args("landscape_figure", width, seed, span, normalization, n)
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
    r"""$L((1 - t)\,\theta_0 + t\,\theta^*)$: the straight line from the initialization to the trained $\theta^*$.

    ``t_range``: (low, high) with -100 <= low < high <= 100; ``n`` in 2..1001 points.
    """
    who = "interpolation_figure"
    width = _width(width, who)
    low, high = interval(t_range, f"{who}: t_range")
    if low < -100 or high > 100:
        raise InputError(f"{who}: t_range must lie within [-100, 100] (further out the weights grow past "
                         f"what the picture shows), got {tuple(t_range)!r}")
    n = integer(n, f"{who}: n (points along t)", 2, 1001)
    net = train_net(width)
    ts = np.linspace(low, high, n)
    with np.errstate(over="ignore", invalid="ignore"):
        losses = interpolate(net.model, net.loss_fn, net.X, net.y, net.theta0, ts)
    if not np.all(np.isfinite(losses)):
        raise InputError(f"{who}: the loss overflows (inf/NaN) along t_range = {tuple(t_range)!r}; use a "
                         "shorter range")
    # t = 0 is the initialization: its loss from the grid when the range holds it, else computed
    at_zero = losses[np.argmin(np.abs(ts))] if low <= 0 <= high else net.train_loss[0]
    fig, ax = plotting.new_figure(figsize=(6.4, 4.0))
    ax.plot(ts, losses, color=plotting.OKABE_ITO["blue"])
    ax.plot([0], [at_zero], "o", color=PATH_COLOR, markersize=8,
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
    who = "trajectory_figure"
    width, seed, n = _width(width, who), check_seed(seed, f"{who}: seed"), _grid_size(n, who)
    net = train_net(width)
    fig, (left, right) = plotting.new_figure(1, 2, figsize=(10.5, 4.6))
    # left: the random plane of landscape_figure, and the path's least-squares shadow on it
    directions = random_directions(net.model, seed)
    coords = project_trajectory(net.path, net.theta_star, directions)  # (K, 2)
    D = np.column_stack([flatten(direction) for direction in directions])  # (P, 2)
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
    orange: from the trained $\theta^*$ of one seed to that of another. ``seeds``: the two
    training seeds (a, b); ``n`` in 2..1001 points per segment.
    """
    who = "nonconvex_figure"
    width = _width(width, who)
    seeds = int_list(seeds, f"{who}: seeds", low=0)
    if len(seeds) != 2:
        raise InputError(f"{who}: seeds must be two training seeds (a, b), got {len(seeds)}: {seeds!r}")
    n = integer(n, f"{who}: n (points per segment)", 2, 1001)
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
    """Contours of narrow and wide nets, side by side: same filter normalization, same colour scale.

    ``widths``: 1 to 6 widths d' in 1..128.
    """
    who = "width_figure"
    widths = int_list(widths, f"{who}: widths", low=1)
    if len(widths) > 6:
        raise InputError(f"{who}: widths must hold at most 6 widths (one panel each), got {len(widths)}")
    widths = [_width(w, f"{who}: widths[{i}]") for i, w in enumerate(widths)]
    seed, span, n = check_seed(seed, f"{who}: seed"), _span(span, who), _grid_size(n, who)
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
    """Mini-batch SGD from several seeds (lines), one learning rate per panel: $L$ after every epoch.

    ``lrs``: 1 to 6 learning rates in (0, 1000]; ``seeds``: 1 to 20 seeds.
    """
    who = "sgd_figure"
    if isinstance(lrs, (str, bytes)) or not isinstance(lrs, (list, tuple, np.ndarray)) or not 1 <= len(lrs) <= 6:
        raise InputError(f"{who}: lrs must be a list of 1 to 6 learning rates such as (0.3, 5.0), got {describe(lrs)}")
    lrs = [number(lr, f"{who}: lrs[{i}]", 0, MAX_SGD_LR, low_open=True) for i, lr in enumerate(lrs)]
    seeds = int_list(seeds, f"{who}: seeds", low=0)
    if len(seeds) > MAX_SEEDS:
        raise InputError(f"{who}: seeds must hold at most {MAX_SEEDS} seeds (one line each), got {len(seeds)}")
    width, _, _, epochs, batch_size, _ = _sgd_args(who, width, 0, 0.1, epochs, batch_size, N_POINTS)
    fig, axes = plotting.new_figure(1, len(lrs), figsize=(5.2 * len(lrs), 3.9))
    axes = np.atleast_1d(axes)
    colors = [plotting.OKABE_ITO[c] for c in ("blue", "orange", "green", "purple", "sky blue", "black")]
    top = 10.0  # larger losses (the first epochs with a huge step) are drawn at the top edge
    for ax, lr in zip(axes, lrs):
        for i, seed in enumerate(seeds):
            color = colors[i % len(colors)]
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



# --- skip connections: plain and residual deep nets (Li et al., Fig. 5) -----------------------------

DEEP_DEPTH, DEEP_WIDTH = 12, 16  # hidden blocks and units of the plain and residual nets
MAX_DEEP_DEPTH = 40


def deep_net(residual=False, depth=DEEP_DEPTH, width=DEEP_WIDTH, seed=0, scaled=None) -> Sequential:
    r"""An untrained deep MLP on the plane: Dense(2, d'), then ``depth`` blocks, then relu, Dense(d', 1).

    Plain: each block is relu then Dense(d', d'), $H \to W g(H) + b$. Residual: the same block
    with a skip connection, $H \to H + W g(H) + b$ (``Residual``). Both have the same layers and
    the same parameter count, drawn from one ``seed`` (He initialisation). ``scaled``: each
    block's W divided by $\sqrt{\text{depth}}$, as residual nets are usually started (without it
    the skips add up the blocks' outputs and the activations grow with depth); None: scaled for a
    residual net, He for a plain one. ``depth`` in 1..40, ``width`` in 1..128.
    """
    who = "deep_net"
    residual = flag(residual, f"{who}: residual")
    scaled = residual if scaled is None else flag(scaled, f"{who}: scaled")
    depth = integer(depth, f"{who}: depth", 1, MAX_DEEP_DEPTH)
    width, seed = _width(width, who), check_seed(seed, f"{who}: seed")
    rng = np.random.default_rng(seed)
    layers = [Dense(2, width, rng=rng)]
    for _ in range(depth):
        block = Dense(width, width, rng=rng)
        if scaled:
            block.W.value /= np.sqrt(depth)
        layers += [Residual(Activation("relu"), block)] if residual else [Activation("relu"), block]
    return Sequential(*layers, Activation("relu"), Dense(width, 1, rng=rng))


DEEP_GRID = 41


@functools.cache
def _deep_cached(residual, scaled, depth, width, seed):
    X, y = moons_data()
    model = deep_net(residual, depth, width, seed, scaled)
    fit(model, BCEWithLogitsLoss(), Adam(model.parameters(), lr=LR), X, y, epochs=EPOCHS)
    axis = np.linspace(-1.0, 1.0, DEEP_GRID)
    rng = np.random.default_rng(1)  # direction seed 1, as in the other pictures
    directions = (random_direction(model, rng, "filter"), random_direction(model, rng, "filter"))
    with np.errstate(over="ignore", invalid="ignore"):
        f = loss_grid(model, BCEWithLogitsLoss(), X, y, directions, axis, axis)
    for array in (axis, f):
        array.setflags(write=False)
    return model, axis, f


def deep_landscape(residual=False, seed=0, depth=DEEP_DEPTH, width=DEEP_WIDTH, scaled=None):
    r"""A plain or residual :func:`deep_net` trained like :func:`train_net` (Adam, 300 full-batch steps,
    the moons) and its landscape on a 41 x 41 grid over $[-1, 1]^2$, filter-normalized directions
    of seed 1. Cached; returns ``(model, axis, f)`` with a fresh copy of the model."""
    who = "deep_landscape"
    residual = flag(residual, f"{who}: residual")
    scaled = residual if scaled is None else flag(scaled, f"{who}: scaled")
    seed = check_seed(seed, f"{who}: seed")
    depth, width = integer(depth, f"{who}: depth", 1, MAX_DEEP_DEPTH), _width(width, who)
    model, axis, f = _deep_cached(residual, scaled, depth, width, seed)
    return copy.deepcopy(model), axis, f


def local_minima(f) -> int:
    """How many points of the grid ``f`` (n, n) lie strictly below all 8 of their neighbours."""
    f = check_array(f, "f", ndim=2, who="local_minima")
    inner = f[1:-1, 1:-1]
    rows, cols = f.shape
    neighbours = [f[1 + di:rows - 1 + di, 1 + dj:cols - 1 + dj] for di in (-1, 0, 1) for dj in (-1, 0, 1)
                  if (di, dj) != (0, 0)]
    return int(np.sum(np.all([inner < n for n in neighbours], axis=0)))


def skip_figure(seed=0, depth=DEEP_DEPTH, width=DEEP_WIDTH, both_inits=False):
    """The landscapes of the plain and the residual deep net side by side, one colour scale: each
    started as usual (plain: He, residual: blocks scaled down), or with ``both_inits`` a second row
    where each has the other's start."""
    who = "skip_figure"
    both_inits = flag(both_inits, f"{who}: both_inits")
    rows = ((False, True), (True, False)) if both_inits else ((False, True),)
    fig, axes = plotting.new_figure(len(rows), 2, figsize=(9.6, 4.2 * len(rows)))
    axes = np.reshape(axes, (len(rows), 2))
    for row, scales in zip(axes, rows):
        for ax, residual, scaled in zip(row, (False, True), scales):
            model, axis, f = deep_landscape(residual, seed, depth, width, scaled)
            filled = _contour(ax, axis, f)
            kind = "residual (skips)" if residual else "plain (no skips)"
            start = "blocks' W / √depth" if scaled else "He init"
            middle = len(axis) // 2
            ax.set_title(f"{kind}, {start}: $L(\\theta^*)$ = {f[middle, middle]:.2f},\n"
                         f"{local_minima(f)} local minim{'um' if local_minima(f) == 1 else 'a'} on the grid",
                         fontsize=10)
    fig.colorbar(filled, ax=list(axes.ravel()), label="$L$", ticks=TICKS, format="%g", shrink=0.85)
    fig.suptitle(f"{depth} hidden blocks of {width} ReLU units, the same parameter count; filter-normalized "
                 f"directions (training seed {seed})")
    return fig


# --- sharpness of small- and large-batch minima -----------------------------------------------------

SMALL_BATCH, LARGE_BATCH = 10, N_POINTS
BATCH_LR = {SMALL_BATCH: 0.05, LARGE_BATCH: 0.5}
BATCH_TARGET = 0.1  # both train until their training loss is below this
BATCH_MAX_EPOCHS = {SMALL_BATCH: 1000, LARGE_BATCH: 20000}


@functools.cache
def _batch_cached(batch_size, seed):
    X, y = moons_data()
    model = mlp(_sizes(WIDTH), "relu", rng=seed)
    loss_fn = BCEWithLogitsLoss()

    def low_enough(epoch, history):
        return loss_fn.forward(model.forward(X), y) < BATCH_TARGET

    history = fit(model, loss_fn, SGD(model.parameters(), lr=BATCH_LR[batch_size]), X, y,
                  epochs=BATCH_MAX_EPOCHS[batch_size], batch_size=batch_size, rng=seed, callback=low_enough)
    return model, len(history.train_loss)


def train_batch(batch_size=SMALL_BATCH, seed=0):
    r"""``mlp([2, 64, 64, 1], "relu")`` (the net of :func:`train_net`) trained by SGD with mini-batches
    of ``batch_size`` until its training loss is below 0.1 (``BATCH_TARGET``): the small batch
    (B = 10, $\eta$ = 0.05) or the full batch (B = 500, $\eta$ = 0.5). Cached; returns
    ``(model, epochs)``, a fresh copy of the model."""
    who = "train_batch"
    batch_size = integer(batch_size, f"{who}: batch_size", 1, N_POINTS)
    if batch_size not in BATCH_LR:
        raise InputError(f"{who}: batch_size must be {SMALL_BATCH} (small) or {LARGE_BATCH} (full batch), "
                         f"got {batch_size}")
    model, epochs = _batch_cached(batch_size, check_seed(seed, f"{who}: seed"))
    return copy.deepcopy(model), epochs


def sharpness(model, normalization="filter", step=0.5, directions=10, seed=123):
    r"""How fast $L$ rises around the model's $\theta$: the median over ``directions`` random
    directions $d$ of $\frac{1}{2}[L(\theta + s d) + L(\theta - s d)] - L(\theta)$, $s$ = ``step``,
    on :func:`moons_data`. ``normalization`` as in ``random_direction`` (filter, layer, none: raw).
    ``step`` in (0, 10], ``directions`` in 1..100."""
    who = "sharpness"
    model = _model(model, who)
    normalization = _normalization(normalization, who)
    step = number(step, f"{who}: step", 0, 10, low_open=True)
    directions = integer(directions, f"{who}: directions", 1, 100)
    X, y = moons_data()
    rng = np.random.default_rng(check_seed(seed, f"{who}: seed"))
    zero = [np.zeros_like(p.value) for p in model.parameters()]
    rises = []
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(directions):
            d = random_direction(model, rng, normalization)
            f = loss_grid(model, BCEWithLogitsLoss(), X, y, (d, zero), [-step, 0.0, step], [0.0])[0]
            rises.append((f[0] + f[2]) / 2 - f[1])
    return float(np.median(rises))

# --- explorer -------------------------------------------------------------------------------
def _one_of(value, name: str, options):
    """``value`` if it is one of the numbers ``options``; else an error naming the nearest one.

    (A string, a float or another type is left to :func:`~lecture_nn.demos.base.control`, which
    names the choices.)
    """
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)) and value not in options:
        nearest = min(options, key=lambda o: (abs(o - value), o))
        raise InputError(f"{name} must be one of {', '.join(map(str, options))}, got {value}; nearest: {nearest}")
    return value


class LandscapeExplorer(Explorer):
    r"""Width, direction seed, range and normalization of the landscape picture.

    Left: the contour map of $L(\theta^* + \alpha\delta + \beta\eta)$; right: the two slices
    through $\theta^*$ along the axes, $L(\theta^* + \alpha\delta)$ and $L(\theta^* + \beta\eta)$
    (the middle row and column of the same grid). All widths train in ``__init__`` (cached for the
    session); each setting's grid is computed once and cached too. Arguments as the controls hold
    them: ``width`` one of ``WIDTHS``, ``seed`` in 0..9, ``span`` in [0.25, 2], ``normalization``
    filter, layer or none.
    """

    def __init__(self, width=WIDTH, seed=1, span=1.0, normalization="filter"):
        # the controls first: a value they cannot hold is refused before any training
        controls = {
            "width": control(widgets.ToggleButtons, "width", _one_of(width, "width", WIDTHS), options=list(WIDTHS),
                             description="width d'"),
            "seed": control(widgets.IntSlider, "seed", seed, min=0, max=9, description="direction seed",
                            continuous_update=False),
            "span": control(widgets.FloatSlider, "span", span, min=0.25, max=2.0, step=0.25, description="range",
                            continuous_update=False),
            "normalization": control(widgets.ToggleButtons, "normalization", normalization,
                                     options=list(_NORMALIZATION_NAMES), description="normalization"),
        }
        span = controls["span"].value
        for w in WIDTHS:
            train_net(w)
        fig, (ax, side) = plotting.new_figure(1, 2, figsize=(9.2, 3.9))
        self.ax, self.side = ax, side
        self.image = ax.imshow(np.ones((EXPLORER_GRID, EXPLORER_GRID)), origin="lower", cmap=CMAP, norm=NORM,
                               extent=(-span, span, -span, span), interpolation="bilinear")
        self.lines = Redrawn()  # the contour lines, drawn anew for every grid
        marks = [ax.plot([0], [0], "*", color=THETA_STAR_COLOR, markersize=12, markeredgecolor="white")[0],
                 ax.axhline(0, color="white", linewidth=0.6, linestyle="--"),
                 ax.axvline(0, color="white", linewidth=0.6, linestyle="--")]
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
        legend = side.legend(loc="upper center")
        # what update moves is drawn over a cached background (ticks, labels, colour bar: most of the
        # cost), with what lies over it (marks, spines, legend), in the order a full draw takes (the
        # contour lines, added by each update, after the marks); a new range moves the ticks: the
        # background is then drawn anew
        animated = [self.image, *marks, self.lines, *ax.spines.values(), ax.title, self.slice_alpha, self.slice_beta,
                    self.star, *side.spines.values(), side.title, legend]
        self._span = None
        super().__init__(fig, controls, title="Loss landscape around the trained net", animated=animated)

    def update(self, width, seed, span, normalization):
        # values as the controls hold them (update may also be called from code)
        width, seed, span, normalization = self.checked(width=width, seed=seed, span=span,
                                                    normalization=normalization).values()
        axis, f = landscape_grid(width, seed, span, normalization, EXPLORER_GRID)  # cached per setting
        clipped = np.clip(f, LEVELS[0], LEVELS[-1])
        self.image.set_data(clipped)
        self.image.set_extent((-span, span, -span, span))
        self.lines.replace(self.ax.contour(axis, axis, clipped, levels=LEVELS[::2], colors="white", linewidths=0.5,
                                           alpha=0.6))
        self.ax.set_xlim(-span, span)
        self.ax.set_ylim(-span, span)
        self.ax.set_title(f"[2, {width}, {width}, 1] net, {_NORMALIZATION_NAMES[normalization]} $\\delta, \\eta$")
        middle = len(axis) // 2  # axis[middle] == 0: the row and column through theta*
        self.slice_alpha.set_data(axis, f[middle, :])
        self.slice_beta.set_data(axis, f[:, middle])
        self.star.set_ydata([f[middle, middle]])
        self.side.set_xlim(-span, span)
        if span != self._span:  # the ticks of both panels moved
            self._span = span
            self.redraw_background()
        self.side.set_title(f"slices through $\\theta^*$: $L(\\theta^*)$ = {f[middle, middle]:.3f}")


EXPLORERS = [LandscapeExplorer]
