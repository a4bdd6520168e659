"""Shared plotting: the course style, colours, and the pictures several notebooks draw.

Every plotting function takes ``ax=None`` (a new figure is made when None) and returns the
axes; ``plot_probability_map`` returns a ``ProbabilityMap`` (its ``ax``, ``image`` and boundary),
which an explorer keeps and moves with ``update``. Figures are built with
``matplotlib.figure.Figure``, never pyplot, so nothing here touches global state;
``use_lecture_style()`` is the one function that changes rcParams, and only when called.

Colours are the colour-blind safe Okabe–Ito palette; each optimizer, activation and class
keeps one colour in every notebook. Heat maps use viridis (sequential) or a diverging map
centred on the decision threshold.
"""

from __future__ import annotations

import numbers
import os

import matplotlib as mpl
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Colormap, LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from ._checks import choice, describe, finite_array, flag, integer, interval, named, number, real_array
from .activations import sigmoid
from .optim import OPTIMIZERS

from .errors import InputError

__all__ = ["OKABE_ITO", "CLASS_COLORS", "ACTIVATION_COLORS", "OPTIMIZER_COLORS", "PROBABILITY_CMAP",
           "use_lecture_style", "presenting", "slide_dpi", "figure", "fit_titles", "new_figure",
           "grid_points", "plot_dataset_2d", "artists_of", "ArtistGroup", "ProbabilityMap", "plot_probability_map",
           "plot_decision_boundary", "power_of_ten", "plain_number", "plain_log_axis"]

OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky blue": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
}
CLASS_COLORS = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9"]
CLASS_MARKERS = ["o", "s", "^", "D", "v", "P"]
ACTIVATION_COLORS = {"relu": "#0072B2", "elu": "#E69F00", "softplus": "#009E73", "sigmoid": "#D55E00",
                     "tanh": "#CC79A7", "identity": "#000000", "leaky_relu": "#56B4E9"}
#: each optimizer's colour, as its class in ``lecture_nn.optim`` sets it (one home: ``SGD.color``)
OPTIMIZER_COLORS = {name: cls.color for name, cls in OPTIMIZERS.items()}
#: p(class 1) from class 0's blue through white (undecided) to class 1's vermillion
PROBABILITY_CMAP = LinearSegmentedColormap.from_list("lecture_probability", ["#0072B2", "#F7F7F7", "#D55E00"])

_STYLE = {
    "figure.dpi": 100,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=[OKABE_ITO[c] for c in ("blue", "orange", "green", "vermillion",
                                                                 "purple", "sky blue", "black")]),
    "image.cmap": "viridis",
    "legend.frameon": False,
}
#: a projector: text 1.25x and lines 2x the normal style, thicker axes, a darker grid, and no pale
#: colours (yellow and sky blue wash out; the cycle keeps Okabe-Ito's strong ones). Sizes are in
#: points of the figure as designed, so every layout keeps its room (see ``figure``).
_PRESENTATION = {
    "font.size": 12.5, "axes.titlesize": 13.5, "axes.labelsize": 12.5, "legend.fontsize": 11.5,
    "xtick.labelsize": 11.5, "ytick.labelsize": 11.5, "lines.linewidth": 2.5, "lines.markersize": 8,
    "axes.linewidth": 1.5, "xtick.major.width": 1.5, "ytick.major.width": 1.5, "grid.alpha": 0.5,
    "grid.color": "#808080", "text.color": "black", "axes.labelcolor": "black", "xtick.color": "black",
    "ytick.color": "black", "figure.facecolor": "white", "savefig.facecolor": "white",
    "axes.prop_cycle": mpl.cycler(color=[OKABE_ITO[c] for c in ("blue", "vermillion", "green", "orange",
                                                                 "purple", "black")]),
}
#: a 16:9 slide (1280 x 720 pixels) less room for a heading, in inches at 100 dpi
SLIDE_FIGSIZE = (12.8, 6.4)
SLIDE_DPI = 100
#: the environment variable that turns presentation mode on for every notebook (``=1``)
PRESENTATION_ENV = "LECTURE_NN_PRESENTATION"

_presentation = False


def use_lecture_style(presentation: bool | None = None):
    """Turn on the course style (rcParams); ``presentation=True`` is the projector variant.

    Presentation mode enlarges text (1.25x) and lines, drops pale colours, and renders every
    figure the package draws (``new_figure``, every explorer) as large as fits a 16:9 slide,
    1280 x 640 pixels, keeping its shape and layout. ``presentation=None`` (the notebooks' call)
    reads the environment variable ``LECTURE_NN_PRESENTATION``: start JupyterLab with
    ``LECTURE_NN_PRESENTATION=1`` and every notebook presents without an edit. Figures made
    before the call keep their old style.
    """
    global _presentation
    if presentation is not None and not isinstance(presentation, (bool, np.bool_)):
        raise InputError(f"use_lecture_style: presentation must be True, False or None (None reads "
                         f"{PRESENTATION_ENV}), got {describe(presentation)}")
    if presentation is None:
        presentation = os.environ.get(PRESENTATION_ENV, "").strip().lower() in ("1", "true", "yes", "on")
    mpl.rcParams.update(_STYLE)
    if presentation:
        mpl.rcParams.update(_PRESENTATION)
    _presentation = bool(presentation)


def presenting() -> bool:
    """Whether ``use_lecture_style`` last turned presentation mode on."""
    return _presentation


#: a figure side in inches, and a resolution in dots per inch, that a picture can have
FIGSIZE_RANGE = (0.1, 300.0)
DPI_RANGE = (1.0, 1000.0)
#: the most grid points per axis: of ``grid_points`` (4 million points in all), and of a decision
#: boundary's heat map, whose score_fn sees every point at once (250,000 points)
MAX_GRID = 2000
MAX_BOUNDARY_GRID = 500
#: the most rows or columns of axes in one figure, and the most axes
MAX_PANELS = 50
MAX_AXES = 200
#: the largest marker of a scatter, in points^2 (a marker 100 points, 1.4 inches, wide)
MAX_MARKER_SIZE = 10_000
#: matplotlib's renderer draws at most this many pixels a side
MAX_PIXELS = 2**16 - 1


def _figsize(value, name, who):
    """(width, height) in inches, each in FIGSIZE_RANGE."""
    low, high = FIGSIZE_RANGE
    if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list, np.ndarray)) or np.ndim(value) != 1 \
            or len(value) != 2:
        raise InputError(f"{who}: {name} must be a pair (width, height) in inches, got {describe(value)}")
    return tuple(named(who, number, v, f"{name}[{i}]", low, high) for i, v in enumerate(value))


def _dpi(value, who):
    return named(who, number, value, "dpi", *DPI_RANGE)


def _axes_arg(ax, who):
    """``ax`` if it is a matplotlib Axes (None is allowed: the caller makes a new figure)."""
    if ax is None or isinstance(ax, Axes):
        return ax
    hint = ""
    if isinstance(ax, Figure):
        hint = "; for a figure use fig.add_subplot() or one of fig.axes"
    elif isinstance(ax, np.ndarray) and ax.dtype == object:
        hint = "; new_figure(rows, cols) returns an array of axes: pick one, e.g. axes[0]"
    raise InputError(f"{who}: ax must be a matplotlib Axes, or None for a new figure, got {describe(ax)}{hint}")


def _function_arg(f, name, who):
    if callable(f) and not isinstance(f, type):
        return f
    hint = "; pass an instance (with parentheses) or its forward method" if isinstance(f, type) else ""
    raise InputError(f"{who}: {name} must be a function (or a model), got {describe(f)}{hint}")


def _call(f, points, name, who):
    """``f(points)``; an error inside the student's function is reported naming the argument."""
    try:
        with np.errstate(all="ignore"):
            return f(points)
    except Exception as error:  # noqa: BLE001 - the student's function: say which argument failed
        raise InputError(f"{who}: {name}(an array of shape {np.shape(points)}) raised "
                         f"{type(error).__name__}: {error}") from error


def _labels(y, n, who):
    """Class labels y (n,) (or (n, 1)) as ints; floats are accepted when whole (0.0, 1.0)."""
    y = real_array(y, "y", who)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.shape != (n,):
        raise InputError(f"{who}: y must hold one class label per point, shape ({n},) for X with N = {n}, "
                         f"got shape {y.shape}")
    if y.dtype.kind == "f":
        finite_array(y, "y", who)
        whole = y == np.round(y)
        if not whole.all():
            i = int(np.argmin(whole))
            raise InputError(f"{who}: y must be class labels 0, 1, ... (whole numbers), got {float(y[i])} at index {i}")
    return y.astype(np.int64)


def slide_dpi(figsize, box=SLIDE_FIGSIZE, dpi=SLIDE_DPI) -> float:
    """The resolution at which a figure of ``figsize`` inches fills ``box`` (inches at ``dpi``), shape kept.

    Scaling the resolution, not the inches, keeps every font size relative to the figure, so a
    layout designed for the notebook still fits on the slide.
    """
    width, height = _figsize(figsize, "figsize", "slide_dpi")
    box = _figsize(box, "box", "slide_dpi")
    dpi = _dpi(dpi, "slide_dpi")
    return round(dpi * min(box[0] / width, box[1] / height), 1)


def figure(figsize=(6.4, 4.0), **kwargs) -> Figure:
    """A ``Figure`` (no pyplot); in presentation mode its resolution fills a 16:9 slide."""
    figsize = _figsize(figsize, "figsize", "figure")
    if kwargs.get("dpi") is not None:
        kwargs["dpi"] = _dpi(kwargs["dpi"], "figure")
    elif _presentation:
        kwargs["dpi"] = slide_dpi(figsize)
    dpi = kwargs.get("dpi", mpl.rcParams["figure.dpi"])
    if isinstance(dpi, (int, float)) and max(figsize) * dpi > MAX_PIXELS:
        raise InputError(f"figure: figsize = {figsize} inches at dpi = {dpi:g} is {figsize[0] * dpi:.0f} x "
                         f"{figsize[1] * dpi:.0f} pixels; matplotlib renders at most {MAX_PIXELS} a side")
    try:
        return Figure(figsize=figsize, **kwargs)
    except (TypeError, ValueError, AttributeError, KeyError) as error:
        given = ", ".join(f"{k}={describe(v)}" for k, v in kwargs.items())
        raise InputError(f"figure: matplotlib's Figure refused {given}: {error}") from None


def fit_titles(fig: Figure, renderer=None, margin: float = 4.0):
    """Shrink any axes title that sticks out of the figure until it fits (and regrow it later).

    Used in presentation mode, where text is larger than the layouts were designed for; a title
    that fits keeps the style's size.
    """
    who = "fit_titles"
    if not isinstance(fig, Figure):
        hint = "; for an Axes use ax.figure" if isinstance(fig, Axes) else ""
        raise InputError(f"{who}: fig must be a matplotlib Figure, got {describe(fig)}{hint}")
    if renderer is not None and not isinstance(renderer, RendererBase):
        raise InputError(f"{who}: renderer must be None (measure as the PNG draws) or a matplotlib renderer, "
                         f"got {describe(renderer)}")
    margin = named(who, number, margin, "margin", low=0)
    if renderer is None:
        if not hasattr(fig.canvas, "get_renderer"):
            FigureCanvasAgg(fig)  # a figure not shown yet: measure text as the PNG will draw it
        renderer = fig.canvas.get_renderer()
    width = fig.bbox.width
    for ax in fig.axes:
        for title in (ax.title, ax._left_title, ax._right_title):
            if not title.get_visible() or not title.get_text():
                continue
            base = getattr(title, "_lecture_size", None)
            if base is None:
                base = title._lecture_size = title.get_fontsize()
            title.set_fontsize(base)
            box = title.get_window_extent(renderer)
            if title is ax.title:  # centred: keep the centre; overhang the axes by at most a tenth a side
                center = (box.x0 + box.x1) / 2
                room = 2 * min(center - margin, width - margin - center, 0.6 * ax.bbox.width)
            else:
                room = min(box.x1, width - margin) - max(box.x0, margin)
            if 0 < room < box.width:
                title.set_fontsize(base * max(0.5, room / box.width))


def new_figure(nrows=1, ncols=1, figsize=(6.4, 4.0), **subplot_kw):
    """A figure (no pyplot) and its axes; ``squeeze`` as in ``plt.subplots``.

    ``nrows`` and ``ncols`` are ints from 1 to ``MAX_PANELS``; ``sharex`` and ``sharey`` as in
    ``plt.subplots``; any other keyword goes to every axes (``projection="3d"``, ...).
    """
    who = "new_figure"
    nrows = named(who, integer, nrows, "nrows", 1, MAX_PANELS)
    ncols = named(who, integer, ncols, "ncols", 1, MAX_PANELS)
    if nrows * ncols > MAX_AXES:
        raise InputError(f"{who}: nrows x ncols = {nrows} x {ncols} = {nrows * ncols} axes; at most {MAX_AXES} fit "
                         "one figure")
    figsize = _figsize(figsize, "figsize", who)
    # sharex/sharey inside subplot_kw would be overwritten by subplots' own (False): pass them to it
    share = {k: subplot_kw.pop(k) for k in ("sharex", "sharey") if k in subplot_kw}
    for k, v in share.items():
        if not (isinstance(v, (bool, np.bool_)) or (isinstance(v, str) and v in ("all", "none", "row", "col"))):
            raise InputError(f"{who}: {k} must be True, False, 'all', 'none', 'row' or 'col', got {describe(v)}")
        share[k] = bool(v) if isinstance(v, np.bool_) else v
    fig = figure(figsize=figsize, layout="constrained")
    try:
        axes = fig.subplots(nrows, ncols, squeeze=True, subplot_kw=subplot_kw or None, **share)
    except (TypeError, ValueError, AttributeError, KeyError) as error:
        given = ", ".join(f"{k}={describe(v)}" for k, v in {**share, **subplot_kw}.items())
        raise InputError(f"{who}: matplotlib refused the axes arguments {given}: {error}") from None
    return fig, axes


def _axes(ax, figsize=(5.0, 4.0)):
    if ax is None:
        _, ax = new_figure(figsize=figsize)
    return ax


def _grid_n(n, who, most=MAX_GRID):
    return named(who, integer, n, "n", 2, most)


def grid_points(x_range, y_range, n=200):
    """An n x n grid over the rectangle: ``xx, yy`` (n, n) and the points (n*n, 2) in row order.

    ``x_range``, ``y_range``: (low, high) with low < high; ``n`` from 2 to ``MAX_GRID``.
    """
    who = "grid_points"
    x_range = interval(x_range, "x_range", who)
    y_range = interval(y_range, "y_range", who)
    n = _grid_n(n, who)
    xs = np.linspace(*x_range, n)
    ys = np.linspace(*y_range, n)
    xx, yy = np.meshgrid(xs, ys)
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def plot_dataset_2d(X, y, ax=None, size=14, alpha=0.9, edgecolor="white"):
    """Scatter a 2D dataset, one colour and marker per class.

    ``X`` (N, 2) finite, ``y`` (N,) integer class labels (whole floats and bools count too).
    """
    who = "plot_dataset_2d"
    X, y = _points(X, y, who)
    ax = _axes_arg(ax, who)
    size = named(who, number, size, "size (the marker area in points^2)", 0, MAX_MARKER_SIZE)
    alpha = named(who, number, alpha, "alpha", 0, 1)
    if not (edgecolor is None or (isinstance(edgecolor, str) and edgecolor in ("face", "none"))
            or mpl.colors.is_color_like(edgecolor)):
        raise InputError(f"{who}: edgecolor must be a matplotlib colour such as 'white', '#0072B2' or "
                         f"(1, 0, 0), or 'none', got {describe(edgecolor)}")
    ax = _axes(ax)
    for c in np.unique(y):
        k = int(c)
        sel = y == c
        ax.scatter(X[sel, 0], X[sel, 1], s=size, c=CLASS_COLORS[k % len(CLASS_COLORS)],
                   marker=CLASS_MARKERS[k % len(CLASS_MARKERS)], edgecolors=edgecolor, linewidths=0.4,
                   alpha=alpha, label=f"class {k}")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def _xy(X, who):
    """X (N, 2), finite."""
    X = real_array(X, "X", who)
    if X.ndim != 2 or X.shape[1] != 2:
        raise InputError(f"{who}: X must be points of shape (N, 2), got shape {X.shape}")
    return finite_array(X.astype(np.float64, copy=False), "X", who)


def _points(X, y, who):
    """X (N, 2) finite and its labels y (N,) as ints."""
    X = _xy(X, who)
    return X, _labels(y, len(X), who)


def _data_window(x, margin, name, who):
    """(min - margin, max + margin) of one coordinate of the data, for the window ``name``."""
    with np.errstate(over="ignore"):
        low, high = float(x.min()) - margin, float(x.max()) + margin
    if not (low < high and np.isfinite(high - low)):
        raise InputError(f"{who}: X with margin = {margin:g} gives the window {(low, high)} for {name}; give "
                         f"{name}, or a margin > 0 that keeps it finite")
    return low, high


def _probability_of_class_1(scores):
    """Scores (N, 1) logits -> sigmoid; (N, C) logits -> softmax's winning class index."""
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim == 1 or scores.shape[1] == 1:
        z = np.clip(scores.reshape(-1), -700, 700)  # an infinite logit is a sure class
        return sigmoid(z)
    return None


def artists_of(drawn) -> list:
    """The artists that draw ``drawn``: itself, or for a ``ContourSet`` before matplotlib 3.8 (not
    an artist there), its collections."""
    return [drawn] if isinstance(drawn, Artist) else list(drawn.collections)


class ArtistGroup:
    """Several artists that an explorer drawing over a cached background lists as one of its
    ``animated`` artists: ``artists`` are those that draw it now; each one drawn later (a new
    contour) is marked as the group is, by the subclass calling ``set_animated(get_animated())``."""

    _animated = False

    @property
    def artists(self) -> list:
        raise NotImplementedError

    def set_animated(self, animated: bool):
        """Leave every artist of the group out of full draws (True), or draw them there again."""
        self._animated = bool(animated)
        for artist in self.artists:
            artist.set_animated(self._animated)

    def get_animated(self) -> bool:
        return self._animated


class ProbabilityMap(ArtistGroup):
    r"""A heat map of $p(\text{class } 1)$ over a window of the plane and its decision boundary $p = 1/2$.

    Made by :func:`plot_probability_map`. ``image`` is the ``AxesImage``; ``boundary`` the black
    contour at 1/2 (None while $p$ does not cross 1/2). An explorer keeps one map and calls
    :meth:`update` for a new picture: the image's data move, only the contour is drawn anew.
    """

    def __init__(self, ax: Axes, image, x_range, y_range, boundary: bool):
        self.ax, self.image = ax, image
        self.x_range, self.y_range = x_range, y_range
        self.draws_boundary = boundary
        self.boundary = None

    @property
    def artists(self) -> list:
        """The artists that show the map now: the image and, if drawn, the boundary's lines."""
        if self.boundary is None:
            return [self.image]
        return [self.image] + artists_of(self.boundary)

    def update(self, P, x_range=None, y_range=None):
        """Show ``P`` (n_y, n_x), the probabilities on ``grid_points`` of the window, or hide the map (None).

        ``x_range``, ``y_range``: a new window (None keeps the current one).
        """
        who = "ProbabilityMap.update"
        if x_range is not None:
            self.x_range = interval(x_range, "x_range", who)
        if y_range is not None:
            self.y_range = interval(y_range, "y_range", who)
        if P is not None:
            P = _probabilities(P, who)
        if x_range is not None or y_range is not None:
            self.image.set_extent((*self.x_range, *self.y_range))
        if self.boundary is not None:
            self.boundary.remove()
            self.boundary = None
        if P is None:
            self.image.set_visible(False)
            return self
        self.image.set_data(P)
        self.image.set_visible(True)
        if self.draws_boundary and P.min() < 0.5 < P.max():
            # the grid's own coordinates, as grid_points made them: the line sits where p = 1/2
            xx, yy = np.meshgrid(np.linspace(*self.x_range, P.shape[1]), np.linspace(*self.y_range, P.shape[0]))
            self.boundary = self.ax.contour(xx, yy, P, levels=[0.5], colors="black", linewidths=1.5)
            self.set_animated(self.get_animated())  # a new contour: marked as the map is
        return self


def _probabilities(P, who):
    """P as a float array (n_y, n_x) of probabilities in [0, 1], at least 2 x 2 (a contour needs a cell)."""
    P = real_array(P, "P", who)
    if P.ndim != 2 or min(P.shape) < 2:
        raise InputError(f"{who}: P must be the probabilities on a grid, shape (n_y, n_x) with n_y, n_x >= 2, "
                         f"got shape {P.shape}")
    P = P.astype(np.float64, copy=False)
    outside = ~((P >= 0) & (P <= 1))
    if outside.any():
        i, j = (int(k) for k in np.argwhere(outside)[0])
        raise InputError(f"{who}: P must hold probabilities in [0, 1], got P[{i}, {j}] = {P[i, j]}")
    return P


def plot_probability_map(P, x_range, y_range, ax=None, *, boundary=True, alpha=0.75, interpolation="bilinear",
                         aspect="auto", cmap=PROBABILITY_CMAP, **imshow_kw) -> ProbabilityMap:
    r"""Draw $p(\text{class } 1)$ over the window and, where it crosses 1/2, the decision boundary.

    ``P`` (n_y, n_x): probabilities on ``grid_points(x_range, y_range, n)`` (row 0 at the bottom,
    at $y$ = ``y_range[0]``), or None for a map to be filled by ``update``. Colour: ``cmap`` from
    0 to 1 (class 0's blue, white, class 1's vermillion); the boundary a black line at $p = 1/2$
    unless ``boundary=False``. ``alpha``, ``interpolation``, ``aspect`` and other keywords go to
    ``imshow``. Returns the :class:`ProbabilityMap` whose ``update`` moves it to a new $P$.
    """
    who = "plot_probability_map"
    ax = _axes_arg(ax, who)
    x_range, y_range = interval(x_range, "x_range", who), interval(y_range, "y_range", who)
    alpha = named(who, number, alpha, "alpha", 0, 1)
    boundary = named(who, flag, boundary, "boundary")
    if not isinstance(cmap, (str, Colormap)):
        raise InputError(f"{who}: cmap must be a matplotlib colormap or its name, got {describe(cmap)}")
    start = np.full((2, 2), 0.5) if P is None else _probabilities(P, who)
    ax = _axes(ax)
    try:
        image = ax.imshow(start, origin="lower", extent=(*x_range, *y_range), aspect=aspect, cmap=cmap, vmin=0,
                          vmax=1, alpha=alpha, interpolation=interpolation, **imshow_kw)
    except (TypeError, ValueError, AttributeError, KeyError) as error:
        given = ", ".join(f"{k}={describe(v)}" for k, v in dict(aspect=aspect, interpolation=interpolation,
                                                                **imshow_kw).items())
        raise InputError(f"{who}: matplotlib's imshow refused {given}: {error}") from None
    probability_map = ProbabilityMap(ax, image, x_range, y_range, boundary)
    if P is not None:
        probability_map.update(start)
    return probability_map


def plot_decision_boundary(score_fn, X=None, y=None, ax=None, x_range=None, y_range=None, n=200,
                           margin=0.3):
    """Heat map of a classifier over the plane, its decision boundary, and the data.

    ``score_fn(points (M, 2)) -> logits (M, 1) or (M, C)``: a model, or any function.
    Binary: colour = p(class 1), a black line where it is 1/2. Multiclass: the winning class.
    The window is ``x_range`` by ``y_range``; where one is None, the data's range plus ``margin``.
    """
    who = "plot_decision_boundary"
    score_fn = _function_arg(score_fn, "score_fn", who)
    if X is not None:
        X = _xy(X, who)
        if y is not None:
            y = _labels(y, len(X), who)
    elif y is not None:
        raise InputError(f"{who}: y needs the points X it labels, got y but X=None")
    ax = _axes_arg(ax, who)
    n = _grid_n(n, who, MAX_BOUNDARY_GRID)
    margin = named(who, number, margin, "margin", low=0)
    x_range = None if x_range is None else interval(x_range, "x_range", who)
    y_range = None if y_range is None else interval(y_range, "y_range", who)
    if (x_range is None or y_range is None) and (X is None or len(X) == 0):
        raise InputError(f"{who}: give x_range and y_range, or points X (N >= 1) to take the window from, "
                         f"got x_range={x_range}, y_range={y_range} and X={'None' if X is None else 'no points'}")
    if x_range is None:
        x_range = _data_window(X[:, 0], margin, "x_range", who)
    if y_range is None:
        y_range = _data_window(X[:, 1], margin, "y_range", who)
    _, _, points = grid_points(x_range, y_range, n)
    scores = real_array(_call(score_fn, points, "score_fn", who), "score_fn(points)", who)
    M = len(points)
    if scores.ndim == 1:
        scores = scores[:, None]
    if scores.ndim != 2 or scores.shape[0] != M:
        raise InputError(f"{who}: score_fn must return logits of shape (M, 1) or (M, C) for the M = {M} grid "
                         f"points of shape ({M}, 2), got shape {scores.shape}")
    scores = scores.astype(np.float64, copy=False)
    if np.isnan(scores).any():
        i = int(np.argwhere(np.isnan(scores))[0, 0])
        raise InputError(f"{who}: score_fn returned NaN at the point ({points[i, 0]:.3g}, {points[i, 1]:.3g}) "
                         "(a model with NaN weights?)")
    ax = _axes(ax)
    p = _probability_of_class_1(scores)
    if p is not None:
        plot_probability_map(p.reshape(n, n), x_range, y_range, ax=ax)
    else:
        winner = np.asarray(scores).argmax(axis=1).reshape(n, n)
        colors = np.array([mpl.colors.to_rgb(CLASS_COLORS[k % len(CLASS_COLORS)]) for k in range(scores.shape[1])])
        ax.imshow(colors[winner], origin="lower", extent=(*x_range, *y_range), aspect="auto", alpha=0.35)
    if X is not None and y is not None:
        plot_dataset_2d(X, y, ax=ax)
    ax.set_xlim(*x_range)
    ax.set_ylim(*y_range)
    return ax


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(value, _position=None) -> str:
    """Tick label "10⁻³" in plain text: mathtext labels are parsed again on every draw, which
    made log axes the slowest part of an explorer's picture. No label ("") for a value that is not
    positive and finite."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InputError(f"power_of_ten: value must be a number (a tick position), got {describe(value)}")
    value = float(value)
    if not np.isfinite(value):
        return ""
    return "10" + str(int(round(np.log10(value)))).translate(_SUPERSCRIPT) if value > 0 else ""


def plain_number(value, _position=None) -> str:
    """Tick label "0.01", "1", "100" in plain text (``f"{value:g}"``), for log axes over few decades;
    no label ("") for a value that is not finite."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InputError(f"plain_number: value must be a number (a tick position), got {describe(value)}")
    value = float(value)
    return f"{value:g}" if np.isfinite(value) else ""


#: the tick labels plain_log_axis can write: name -> formatter
LOG_LABELS = {"powers": power_of_ten, "numbers": plain_number}


def plain_log_axis(axis, numticks=10, labels="powers"):
    """Turn ``axis`` (``ax.xaxis`` or ``ax.yaxis``) into a log axis with plain-text tick labels and
    no minor ticks (dozens of minor ticks over many decades cost draw time, show nothing).

    ``labels``: ``"powers"`` writes 10⁻³ (:func:`power_of_ten`), ``"numbers"`` writes 0.001
    (:func:`plain_number`). ``numticks``: at most this many major ticks (2 to 100), or None for
    matplotlib's own choice from the axis length.
    """
    who = "plain_log_axis"
    if not isinstance(axis, Axis) or axis.axes is None:
        hint = "; pass ax.xaxis or ax.yaxis, not the Axes" if isinstance(axis, Axes) else ""
        raise InputError(f"{who}: axis must be ax.xaxis or ax.yaxis of a matplotlib Axes, got {describe(axis)}{hint}")
    if numticks is not None:
        numticks = named(who, integer, numticks, "numticks", 2, 100)
    formatter = LOG_LABELS[named(who, choice, labels, "labels", LOG_LABELS)]
    if axis.axes.xaxis is axis:
        axis.axes.set_xscale("log")
    else:
        axis.axes.set_yscale("log")
    if numticks is not None:
        axis.set_major_locator(LogLocator(base=10.0, numticks=numticks))
    axis.set_major_formatter(FuncFormatter(formatter))
    axis.set_minor_locator(NullLocator())
