"""Shared plotting: the course style, colours, and the pictures several notebooks draw.

Every plotting function takes ``ax=None`` (a new figure is made when None) and returns the
axes. Figures are built with ``matplotlib.figure.Figure``, never pyplot, so nothing here
touches global state; ``use_lecture_style()`` is the one function that changes rcParams, and
only when called.

Colours are the colour-blind safe Okabe–Ito palette; each optimizer, activation and class
keeps one colour in every notebook. Heat maps use viridis (sequential) or a diverging map
centred on the decision threshold.
"""

from __future__ import annotations

import os

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from .activations import sigmoid

__all__ = ["OKABE_ITO", "CLASS_COLORS", "ACTIVATION_COLORS", "OPTIMIZER_COLORS", "PROBABILITY_CMAP",
           "use_lecture_style", "presenting", "slide_dpi", "figure", "fit_titles", "new_figure",
           "grid_points", "plot_dataset_2d", "plot_decision_boundary",
           "plot_function_1d", "power_of_ten", "plain_log_axis"]

OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky blue": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
}
CLASS_COLORS = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9"]
CLASS_MARKERS = ["o", "s", "^", "D", "v", "P"]
ACTIVATION_COLORS = {"relu": "#0072B2", "elu": "#E69F00", "softplus": "#009E73", "sigmoid": "#D55E00",
                     "tanh": "#CC79A7", "identity": "#000000", "leaky_relu": "#56B4E9"}
OPTIMIZER_COLORS = {"SGD": "#0072B2", "Momentum": "#E69F00", "RMSprop": "#009E73", "Adam": "#CC79A7"}
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
    if presentation is None:
        presentation = os.environ.get(PRESENTATION_ENV, "").strip().lower() in ("1", "true", "yes", "on")
    mpl.rcParams.update(_STYLE)
    if presentation:
        mpl.rcParams.update(_PRESENTATION)
    _presentation = bool(presentation)


def presenting() -> bool:
    """Whether ``use_lecture_style`` last turned presentation mode on."""
    return _presentation


def slide_dpi(figsize, box=SLIDE_FIGSIZE, dpi=SLIDE_DPI) -> float:
    """The resolution at which a figure of ``figsize`` inches fills ``box`` (inches at ``dpi``), shape kept.

    Scaling the resolution, not the inches, keeps every font size relative to the figure, so a
    layout designed for the notebook still fits on the slide.
    """
    width, height = figsize
    return round(dpi * min(box[0] / width, box[1] / height), 1)


def figure(figsize=(6.4, 4.0), **kwargs) -> Figure:
    """A ``Figure`` (no pyplot); in presentation mode its resolution fills a 16:9 slide."""
    if _presentation and "dpi" not in kwargs:
        kwargs["dpi"] = slide_dpi(figsize)
    return Figure(figsize=figsize, **kwargs)


def fit_titles(fig: Figure, renderer=None, margin: float = 4.0):
    """Shrink any axes title that sticks out of the figure until it fits (and regrow it later).

    Used in presentation mode, where text is larger than the layouts were designed for; a title
    that fits keeps the style's size.
    """
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
    """A figure (no pyplot) and its axes; ``squeeze`` as in ``plt.subplots``."""
    fig = figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=True, subplot_kw=subplot_kw or None)
    return fig, axes


def _axes(ax, figsize=(5.0, 4.0)):
    if ax is None:
        _, ax = new_figure(figsize=figsize)
    return ax


def grid_points(x_range, y_range, n=200):
    """An n x n grid over the rectangle: ``xx, yy`` (n, n) and the points (n*n, 2) in row order."""
    xs = np.linspace(*x_range, n)
    ys = np.linspace(*y_range, n)
    xx, yy = np.meshgrid(xs, ys)
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def plot_dataset_2d(X, y, ax=None, size=14, alpha=0.9, edgecolor="white"):
    """Scatter a 2D dataset, one colour and marker per class."""
    ax = _axes(ax)
    y = np.asarray(y).ravel()
    for c in np.unique(y):
        k = int(c)
        sel = y == c
        ax.scatter(X[sel, 0], X[sel, 1], s=size, c=CLASS_COLORS[k % len(CLASS_COLORS)],
                   marker=CLASS_MARKERS[k % len(CLASS_MARKERS)], edgecolors=edgecolor, linewidths=0.4,
                   alpha=alpha, label=f"class {k}")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def _probability_of_class_1(scores):
    """Scores (N, 1) logits -> sigmoid; (N, C) logits -> softmax's winning class index."""
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim == 1 or scores.shape[1] == 1:
        z = scores.reshape(-1)
        return sigmoid(z)
    return None


def plot_decision_boundary(score_fn, X=None, y=None, ax=None, x_range=None, y_range=None, n=200,
                           margin=0.3):
    """Heat map of a classifier over the plane, its decision boundary, and the data.

    ``score_fn(points (M, 2)) -> logits (M, 1) or (M, C)``: a model, or any function.
    Binary: colour = p(class 1), a black line where it is 1/2. Multiclass: the winning class.
    """
    ax = _axes(ax)
    if x_range is None or y_range is None:
        lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
        x_range, y_range = x_range or (lo[0], hi[0]), y_range or (lo[1], hi[1])
    xx, yy, points = grid_points(x_range, y_range, n)
    scores = score_fn(points)
    p = _probability_of_class_1(scores)
    extent = (*x_range, *y_range)
    if p is not None:
        P = p.reshape(n, n)
        ax.imshow(P, origin="lower", extent=extent, aspect="auto", cmap=PROBABILITY_CMAP, vmin=0, vmax=1,
                  alpha=0.75, interpolation="bilinear")
        if P.min() < 0.5 < P.max():
            ax.contour(xx, yy, P, levels=[0.5], colors="black", linewidths=1.5)
    else:
        winner = np.asarray(scores).argmax(axis=1).reshape(n, n)
        colors = np.array([mpl.colors.to_rgb(CLASS_COLORS[k % len(CLASS_COLORS)]) for k in range(scores.shape[1])])
        ax.imshow(colors[winner], origin="lower", extent=extent, aspect="auto", alpha=0.35)
    if X is not None and y is not None:
        plot_dataset_2d(X, y, ax=ax)
    ax.set_xlim(*x_range)
    ax.set_ylim(*y_range)
    return ax


def plot_function_1d(f, x_range=(-1.0, 1.0), ax=None, n=400, **line_kw):
    """A line plot of a vectorised function of one variable."""
    ax = _axes(ax)
    xs = np.linspace(*x_range, n)
    ax.plot(xs, f(xs), **line_kw)
    return ax


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(value, _position=None) -> str:
    """Tick label "10⁻³" in plain text: mathtext labels are parsed again on every draw, which
    made log axes the slowest part of an explorer's picture."""
    return "10" + str(int(round(np.log10(value)))).translate(_SUPERSCRIPT) if value > 0 else ""


def plain_log_axis(axis, numticks=10):
    """Turn ``axis`` (``ax.xaxis`` or ``ax.yaxis``) into a log axis with plain-text powers of ten
    and no minor ticks (dozens of minor ticks over many decades cost draw time, show nothing)."""
    if axis.axes.xaxis is axis:
        axis.axes.set_xscale("log")
    else:
        axis.axes.set_yscale("log")
    axis.set_major_locator(LogLocator(base=10.0, numticks=numticks))
    axis.set_major_formatter(FuncFormatter(power_of_ten))
    axis.set_minor_locator(NullLocator())
