"""The playground: build an MLP, pick data, features and an optimizer, and watch it train.

In the spirit of TensorFlow Playground (playground.tensorflow.org: ReLU, tanh, sigmoid and linear
units, up to 6 hidden layers of up to 8 units, two classes or regression, plain SGD, L1/L2
regularisation, its six datasets), on top of ``lecture_nn``, and with what the lecture needs
beyond that: ELU and softplus, more than two classes, up to 16 units a layer, all four optimizers
of the slides with their hyperparameters, a reset to the very same initial weights, presets with a
line of commentary each, your own ``(X, y)``, and ``export()`` of the trained model to continue in
code. TFP's datasets are here by name ("TFP circle", ...), drawn as TFP draws them on its plane
[-6, 6]²; its regularisation is applied as TFP applies it (see ``PlaygroundTraining``).

One picture, redrawn after every frame of training:

* left: the network as TensorFlow Playground draws it, a column per layer (the input features,
  each hidden layer, the output): each unit a small map of its output over the plane (what it
  learned; up to 8 units a layer drawn), each weight an edge, red > 0 > blue, as wide as it is
  large; below it, the train and test loss against the step (and, for classes, the accuracy);
* right: the output over the input plane (p(class 1), the winning class, or the regression
  value) with the training points (filled) and test points (hollow), a curve for 1D regression;
  or the hidden unit chosen in "show", with its incoming weights.

Controls: data (set, noise, points, train share, classes, show test data, discretize output),
input features, hidden layers, their widths and activations (one for all, or per layer),
optimizer and hyperparameters, a learning-rate schedule, regularisation and its rate λ, batch
size; play / pause (several steps per frame), step, reset (same initial weights), new seed;
presets; the unit shown. The loss follows the task:
binary cross-entropy on logits for two classes, cross-entropy for more, mean squared error for
regression. In a kernel, ▶ plays from the kernel (``Playground._on_playing``): up to 20 frames a
second, a JPEG each; the paused and the stored picture are PNGs.

Your own data: ``Playground(X=X, y=y)``; integer or bool y are class labels, float y regression
targets (``task="classification"`` or ``"regression"`` chooses; the note under the presets says
which and why, and so does the readout when float labels were taken as regression targets).
Above 3000 points the picture draws a fixed sample of them; training and the losses use them all.
Every setting is checked before anything is built: a value its control cannot show exactly is
refused with the allowed range or choices, never moved into range.

    pg = Playground("one hidden layer on circles")   # or Playground(X=X, y=y) with your data
    pg = Playground.from_url("#activation=tanh&networkShape=4,2&dataset=circle")  # a TFP link
    pg.run(30)                                      # 30 frames of training, from code
    pg.url()                                        # the settings as a link
    pg                                              # the explorer; press play
    model = pg.export()                             # a lecture_nn model, input: pg.features(X)

Two parts: the training state, :class:`~lecture_nn.demos.playground_training.PlaygroundTraining`
(``pg.training``: data, features, model, loss, optimizer, history; no widget), and this view:
the controls set the state's settings, :class:`PlaygroundPicture` draws it.

``train_over_seeds(preset, seeds)`` trains a preset once per seed (its own data and initial weights,
as the "new seed" button draws them), so a sentence about a preset can be checked over seeds.
"""

from __future__ import annotations

import asyncio
import html
import math
import time

import ipywidgets as widgets
import matplotlib as mpl
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap, to_rgb
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from .. import plotting
from .._checks import describe, instance, integer
from ..activations import sigmoid
from ..errors import InputError, UsageError
from .base import Explorer, control
from .playground_training import (ACTIVATIONS, DATASETS, FEATURES, LAYER_ACTIVATIONS, LEARNING_RATES, MAX_BATCH,
                                  MAX_FRAMES, SCHEDULES, DROPOUT_RATES, MAX_LAYERS, OPTIMIZERS, PRESETS, REAL,
                                  REGULARIZATION_RATES, REGULARIZATIONS, COMPARISONS, SHARED,
                                  USER_DATA, WHOLE, Comparison, PlaygroundTraining, Preset, SeedRun, SideBySideTraining,
                                  compare_over_seeds, features, settings_from_link, train_over_seeds)

__all__ = ["Playground", "PlaygroundTraining", "PlaygroundPicture", "PRESETS", "Preset", "FEATURES", "DATASETS",
           "ACTIVATIONS", "OPTIMIZERS", "features", "SeedRun", "train_over_seeds", "loss_curves_figure",
           "SideBySide", "SideBySideTraining", "SideBySidePicture", "Comparison", "COMPARISONS", "SHARED",
           "compare_over_seeds",
           "EXPLORERS"]

UNITS_SHOWN = 8  # per hidden layer, in the unit panels
GRID = 64  # heat-map resolution of the main panel
UNIT_GRID = 24  # of each unit's panel
#: more points than this are drawn as a sample of this many (training still uses every point)
MAX_POINTS_DRAWN = 3000
#: the shortest time between frames of play: at most 20 frames a second (and the page's ▶ ticker's
#: interval, where no kernel plays: ``Playground._on_playing``)
PLAY_INTERVAL_MS = 50
#: the page's ticker while the kernel plays by itself (``Playground._on_playing``): ~28 hours
RESTING_INTERVAL_MS = 10 ** 8
#: of the pictures sent while playing (see ``Playground.frame``)
JPEG_QUALITY = 90
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _pale(cmap, name):
    """``cmap`` mixed with white, so the data points drawn on top stay visible."""
    colors = cmap(np.linspace(0, 1, 256))
    colors[:, :3] = PALE * colors[:, :3] + (1 - PALE)
    return ListedColormap(colors, name=name)


PALE = 0.6  # share of the colour in the heat maps (the rest is white)
PALE_PROBABILITY = _pale(plotting.PROBABILITY_CMAP, "pale_probability")
PALE_VIRIDIS = _pale(mpl.colormaps["viridis"], "pale_viridis")
PALE_RDBU = _pale(mpl.colormaps["RdBu_r"], "pale_rdbu")  # a hidden unit's output, red > 0 > blue
#: the unit maps' colours, -1 to 1 (RGBA bytes)
UNIT_COLORS = (mpl.colormaps["RdBu_r"](np.linspace(0, 1, 256)) * 255).round().astype(np.uint8)
#: the edges' colours (RGBA): a positive weight, a negative one (the ends of the units' RdBu_r)
EDGE_COLORS = (np.array(mpl.colormaps["RdBu_r"](0.9)), np.array(mpl.colormaps["RdBu_r"](0.1)))


# --- the picture: draws a training state, knows no widget ----------------------------------------

class PlaygroundPicture:
    """The playground's figure, drawn from a :class:`PlaygroundTraining` by ``draw(training)``.

    Left, as TensorFlow Playground draws a network: a column per layer, the input features first,
    then every hidden layer, then the output; each unit a small map of its output over the input
    plane (red > 0 > blue, scaled to its own largest size; a curve against x₁ for 1D data), and
    each weight $W_{ji}$ an edge from unit i to unit j, red where $W_{ji} > 0$ and blue where it is
    negative, the wider the larger $|W_{ji}|$ (the same scale for every layer and frame, so
    weights growing or shrinking show). Below it the train and test loss against the step. Right,
    large: the chosen unit (``selected``: "output", or (layer, unit) counted from 1) over the
    plane with the training points (filled) and test points (hollow): for the output p(class 1),
    the winning class or the regression value, a curve for 1D regression.

    The artists are built once; ``render`` blits the changing ones over a background drawn again
    only when the axes, titles or the network's layout changed.
    """

    def __init__(self):
        self.fig = self._make_figure()
        self._background, self._background_key, self.static_key = None, None, None
        self._prepared_for = None  # (id, builds) of the training state the grids below belong to
        self.selected = "output"

    def _make_figure(self):
        fig = plotting.figure(figsize=(10.0, 5.4))
        self.ax = fig.add_axes([0.62, 0.09, 0.36, 0.78])
        self.ax.grid(False)  # under the heat map it would not show anyway
        self.ax_loss = fig.add_axes([0.065, 0.09, 0.47, 0.17])
        self.ax_net = fig.add_axes([0.0, 0.33, 0.58, 0.62])
        for axis in (self.ax.xaxis, self.ax.yaxis, self.ax_loss.xaxis):  # fewer labels, less text per frame
            axis.set_major_locator(MaxNLocator(5))
        net = self.ax_net
        net.set_axis_off()  # positions in the axes' own [0, 1] x [0, 1]
        self.unit_label = net.text(0.01, 1.0, "", fontsize=9, va="bottom")
        self._layout_texts = []
        # the artists every frame moves
        # pale enough that the points on top stay visible
        self.heat = self.ax.imshow(np.zeros((GRID, GRID)), origin="lower", aspect="auto", vmin=0, vmax=1,
                                   cmap=PALE_PROBABILITY, interpolation="bilinear", zorder=0)
        self.curve, = self.ax.plot([], [], color="black", lw=2, zorder=3, label="model")
        self.train_pts = self.ax.scatter([], [], s=20, edgecolors="white", linewidths=0.6, zorder=4, label="train")
        self.test_pts = self.ax.scatter([], [], s=24, facecolors="white", linewidths=1.4, zorder=4, label="test")
        # the chosen unit's incoming weights (they change every frame; the title above them does not)
        self.weights_text = self.ax.text(0.5, 1.01, "", transform=self.ax.transAxes, ha="center", va="bottom",
                                         fontsize=9)
        self.diverged_text = self.ax.text(0.5, 0.5, "", transform=self.ax.transAxes, ha="center", va="center",
                                          fontsize=16, color="#D55E00", zorder=10,
                                          bbox=dict(boxstyle="round", facecolor="white", edgecolor="#D55E00"))
        self.train_line, = self.ax_loss.plot([], [], color=plotting.OKABE_ITO["blue"], label="train")
        self.test_line, = self.ax_loss.plot([], [], color=plotting.OKABE_ITO["vermillion"], label="test")
        plotting.plain_log_axis(self.ax_loss.yaxis)  # plain-text powers of ten: no mathtext per frame
        self.ax_loss.set_xlabel("step", labelpad=1)
        self.ax_loss.legend(loc="upper right", fontsize=8)
        self.edges = LineCollection([], zorder=1, capstyle="butt")
        net.add_collection(self.edges)
        # every unit's map in one image over the whole diagram, placed in the picture's pixels (one
        # image and no resampling, not one image per unit: ~15 ms less per frame); clear between maps
        self.unit_maps = fig.figimage(np.zeros((1, 1, 4), dtype=np.uint8), 0, 0, origin="lower", zorder=1)
        # a column per layer (inputs, MAX_LAYERS hidden, output), UNITS_SHOWN units each: curves for 1D data
        self.unit_lines = [[net.plot([], [], color="black", lw=1.0, zorder=3)[0] for _ in range(UNITS_SHOWN)]
                           for _ in range(MAX_LAYERS + 2)]
        # the chosen unit's frame, above the maps (which lie above every axes)
        self.highlight = fig.add_artist(Rectangle((0, 0), 0, 0, fill=False, edgecolor="black", lw=2.0, zorder=2,
                                                  transform=net.transAxes))
        net.set_xlim(0, 1)
        net.set_ylim(0, 1)
        # what changes every frame; everything else (axes, ticks, labels, legend) is drawn once
        # into a background and reused until it changes (see render)
        self._dynamic = ([self.heat, self.curve, self.train_pts, self.test_pts, self.train_line, self.test_line,
                          self.ax_loss.title, self.weights_text, self.diverged_text, self.edges]
                         + [self.unit_maps] + [a for row in self.unit_lines for a in row]
                         + [self.highlight]
                         # the frames of the two axes: over their moving content, as a full drawing puts them
                         + list(self.ax.spines.values()) + list(self.ax_loss.spines.values()))
        for artist in self._dynamic:
            artist.set_animated(True)
        return fig

    # -- what only a rebuild changes: computed once per new data or network -----------------------
    def prepare(self, t):
        """What only a rebuild of ``t`` changes (the plane, the grids and their features, the points
        drawn and their colours), computed when ``t`` was rebuilt since the last call."""
        if self._prepared_for == (id(t), t.builds):
            return
        self.one_d = t.one_d
        self._extent = plane_around(np.vstack([t.X_train, t.X_test]))
        ys = np.concatenate([t.y_train, t.y_test]).astype(np.float64)
        self._y_range = (float(ys.min()), float(ys.max()))
        self._grid_points = self._grid(GRID)
        self._unit_points = self._grid(UNIT_GRID)
        self._grid_features = features(self._grid_points, t.feature_names)
        self._unit_features = features(self._unit_points, t.feature_names)
        self._choose_points_drawn(t)
        self._colors = self._point_colors(t)
        self._lay_out(t)
        self._prepared_for = (id(t), t.builds)

    # -- the network diagram's layout: once per new network -------------------------------------------
    def _lay_out(self, t):
        """Where each column and unit of the diagram sits, its labels, the edges' segments and the
        input features' maps (they change only with new data)."""
        for text in self._layout_texts:
            text.remove()
        self._layout_texts = []
        dense = t.dense_layers
        sizes = [len(t.feature_names)] + [layer.d_out for layer in dense]
        shown = [min(size, UNITS_SHOWN) for size in sizes]
        n_cols = len(sizes)
        width_in, height_in = self.fig.get_size_inches() * self.ax_net.get_position().size
        x = 0.11 + 0.83 * np.arange(n_cols) / (n_cols - 1)
        pitch = 0.84 / max(max(shown), 4)  # rows of units, top-aligned under the heads
        cell_in = 0.8 * min(pitch * height_in, 0.83 / (n_cols - 1) * width_in * 0.55)
        w, h = cell_in / width_in, cell_in / height_in
        ys = [0.91 - (np.arange(k) + 0.5) * pitch for k in shown]
        # where each unit drawn sits: per column, (left, bottom, width, height) in the diagram's [0, 1]²
        self.cells = [[(x[c] - w / 2, y - h / 2, w, h) for y in ys[c]] for c in range(n_cols)]
        self._shown, self._sizes = shown, sizes
        segments = []
        for c in range(n_cols - 1):
            for i in range(shown[c]):
                for j in range(shown[c + 1]):
                    segments.append([(x[c] + w / 2, ys[c][i]), (x[c + 1] - w / 2, ys[c + 1][j])])
        self.edges.set_segments(segments)
        for c, row in enumerate(self.unit_lines):
            for j, line in enumerate(row):
                line.set_visible(c < n_cols and j < shown[c] and self.one_d)
        self._lay_out_maps()
        names = [FEATURES[name] for name in t.feature_names]
        for j, name in enumerate(names[:shown[0]]):
            x0, y0, _, ch = self.cells[0][j]
            self._layout_texts.append(self.ax_net.text(x0 - 0.006, y0 + ch / 2, name, ha="right", va="center",
                                                       fontsize=8))
        heads = (["inputs"] + [f"{size} units" + (f"\n({UNITS_SHOWN} shown)" if size > UNITS_SHOWN else "")
                               for size in sizes[1:-1]] + ["output"])
        for c, head in enumerate(heads):
            self._layout_texts.append(self.ax_net.text(x[c], 0.925, head, ha="center", va="bottom", fontsize=8,
                                                       linespacing=1.0))
        self._layout_key = (tuple(sizes), tuple(names))

    def _lay_out_maps(self):
        """The image of all unit maps at the diagram's size in pixels (for the figure's dpi now):
        each cell's rows and columns in it, and the inputs' maps (the features themselves)."""
        box = self.ax_net.bbox
        width, height = (int(round(v)) for v in box.size)
        self._maps_for = (width, height, self.fig.dpi)
        self.unit_maps.ox, self.unit_maps.oy = int(round(box.x0)), int(round(box.y0))
        self._maps = np.zeros((height, width, 4), dtype=np.uint8)  # transparent where there is no unit
        self._pixels = [[(slice(int(round(y0 * height)), int(round((y0 + ch) * height))),
                          slice(int(round(x0 * width)), int(round((x0 + cw) * width))))
                         for x0, y0, cw, ch in column] for column in self.cells]
        self.unit_maps.set_visible(not self.one_d)
        F = self._unit_features
        for j in range(self._shown[0]):
            self._show_unit(0, j, F[:, j])
        self.unit_maps.set_data(self._maps)

    def _grid(self, n):
        return grid_over(self._extent, n, self.one_d)

    def _choose_points_drawn(self, t):
        self._drawn_train, self._drawn_test, self.points_drawn = choose_points_drawn(t)

    def points_note(self) -> str:
        return points_note(self.points_drawn)

    def _point_colors(self, t):
        return point_colors(t, self._drawn_train, self._drawn_test, self._y_range)

    # -- every frame ----------------------------------------------------------------------------------
    def draw(self, t):
        """Move every artist to the state of ``t`` (a :class:`PlaygroundTraining`)."""
        self.prepare(t)
        self._draw_units(t)
        self._draw_model(t)
        self._draw_loss(t)
        self.static_key = (self.ax.get_xlim(), self.ax.get_ylim(), self.ax.get_xlabel(), self.ax.get_ylabel(),
                           self.ax.get_title(),
                           self.ax_loss.get_xlim(), self.ax_loss.get_ylim(), self.unit_label.get_text(),
                           self._layout_key, tuple(self.fig.get_size_inches()), self.fig.dpi,
                           tuple(ax.title.get_fontsize() for ax in self.fig.axes))

    def _draw_points(self, t):
        X_train, X_test = t.X_train[self._drawn_train], t.X_test[self._drawn_test]
        if self.one_d:  # (x1, y) in the plane of the curve
            X_train = np.column_stack([X_train[:, 0], t.y_train[self._drawn_train]])
            X_test = np.column_stack([X_test[:, 0], t.y_test[self._drawn_test]])
        self.train_pts.set_offsets(X_train)
        self.test_pts.set_offsets(X_test)
        self.test_pts.set_visible(t.values["show_test"])
        colors_train, colors_test = self._colors
        self.train_pts.set_facecolors(colors_train)
        self.test_pts.set_edgecolors(colors_test)

    def selected_unit(self, t):
        """The chosen hidden unit as (layer, unit), both counted from 1, or None for the output
        (also when the chosen unit is not in ``t``'s network)."""
        if self.selected == "output":
            return None
        k, j = self.selected
        hidden = [layer.d_out for layer in t.dense_layers[:-1]]
        return (k, j) if k <= len(hidden) and j <= hidden[k - 1] else None

    def _draw_model(self, t):
        ax = self.ax
        lo, hi = self._extent
        unit = self.selected_unit(t)
        if unit is None:
            out = t.outputs(self._grid_features)[:, 0] if self.one_d else t.outputs(self._grid_features)
        else:
            out = t.unit_outputs(self._grid_features)[unit[0] - 1][:, unit[1] - 1]
            out = np.nan_to_num(out, nan=0.0, posinf=0.0, neginf=0.0)
        if self.one_d:
            self.heat.set_visible(False)
            self.curve.set_data(self._grid_points[:, 0], out)
            ax.set_xlim(lo[0], hi[0])
            if unit is None:
                y_lo, y_hi = self._y_range
                pad = 0.2 * (y_hi - y_lo) + 0.1
                ax.set_ylim(y_lo - pad, y_hi + pad)
            else:
                ax.set_ylim(*_symmetric_limits(out))
            ax.set_ylabel("y" if unit is None else f"a of unit {unit[1]}")
        else:
            self.curve.set_data([], [])
            self.heat.set_visible(True)
            self.heat.set_extent((lo[0], hi[0], lo[1], hi[1]))
            if unit is None:
                self.heat.set_data(self._field(out, t.n_classes, t.values["discretize"]))
            else:
                self.heat.set_cmap(PALE_RDBU)
                self.heat.set_clim(*_symmetric_limits(out, pad=1.0))
                self.heat.set_data(out.reshape(GRID, GRID))
            ax.set_xlim(lo[0], hi[0])
            ax.set_ylim(lo[1], hi[1])
            ax.set_ylabel("x₂")
        ax.set_xlabel("x₁")
        self._draw_points(t)
        if unit is None and self.one_d:
            self.train_pts.set_visible(True)
        elif self.one_d:  # a unit's curve has its own scale: the data points would not sit on it
            self.train_pts.set_visible(False)
            self.test_pts.set_visible(False)
        title, weights = self._title(t, unit)
        ax.set_title(title, fontsize=10, pad=16 if weights else 6)
        self.weights_text.set_text(weights)
        self.weights_text.set_visible(bool(weights))
        if t.diverged:
            self.diverged_text.set_text("diverged: the loss is not finite\npress reset (and lower η)")
        self.diverged_text.set_visible(t.diverged)

    def _field(self, out, n_classes, discretize=False):
        """Grid outputs -> the heat map's image, its colour map and limits set (see ``output_image``)."""
        image, cmap, clim = output_image(out, n_classes, self._y_range, discretize)
        self.heat.set_cmap(cmap)
        self.heat.set_clim(*clim)
        return image

    def _draw_loss(self, t):
        h = t.history
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
        readout = "diverged" if t.diverged else f"train {train[-1]:.4f}   test {test[-1]:.4f}"
        if t.n_classes and not t.diverged:
            readout += f"\naccuracy:  train {h['train_accuracy'][-1]:.3f}   test {h['test_accuracy'][-1]:.3f}"
        ax.set_title(f"{t.loss_name} after {t.steps_done} steps:  {readout}", fontsize=10)

    def _title(self, t, unit):
        """The big picture's title (the network and the task, or the chosen unit) and the line of the
        chosen unit's weights under it ("" for the output)."""
        widths = [layer.d_out for layer in t.dense_layers[:-1]]
        if unit is None:
            arch = "-".join(map(str, [len(t.feature_names), *widths, t.dense_layers[-1].d_out]))
            what = {0: "regression", 2: "2 classes"}.get(t.n_classes, f"{t.n_classes} classes")
            shown = f"\n{self.points_note()}" if self.points_drawn else ""
            g = "/".join(t.activations) if len(set(t.activations)) > 1 else t.values["activation"]
            return f"output of {arch} {g}, {what}, {type(t.opt).__name__}{shown}", ""
        k, j = unit
        layer = t.dense_layers[k - 1]
        w, b = layer.W.value[j - 1], float(layer.b.value[j - 1])
        into = "x" if k == 1 else f"a⁽{k - 1}⁾"
        weights = ", ".join(f"{v:.1f}" for v in w[:UNITS_SHOWN]) + (", ..." if len(w) > UNITS_SHOWN else "")
        return f"layer {k}, unit {j}: a = {t.activations[k - 1]}(w·{into} + b)", f"w = ({weights}), b = {b:.1f}"

    def _draw_units(self, t):
        """The diagram: every unit's map (or curve) and every edge's colour and width."""
        if self._maps_for != (*(int(round(v)) for v in self.ax_net.bbox.size), self.fig.dpi):
            self._lay_out_maps()  # another size or dpi (presenting): the maps' pixels anew
        hidden = t.unit_outputs(self._unit_features)  # A of every hidden layer
        out = t.outputs(self._unit_features)
        for c, A in enumerate(hidden + [out], start=1):
            A = np.nan_to_num(A, nan=0.0, posinf=0.0, neginf=0.0)
            for j in range(self._shown[c]):
                self._show_unit(c, j, A[:, j])
        self.unit_maps.set_data(self._maps)
        W = [np.nan_to_num(layer.W.value[:self._shown[c + 1], :self._shown[c]].T.ravel(), nan=0.0, posinf=0.0,
                           neginf=0.0) for c, layer in enumerate(t.dense_layers)]
        w = np.concatenate(W)
        size = np.abs(w)
        colors = np.where((w > 0)[:, None], EDGE_COLORS[0], EDGE_COLORS[1])
        colors[:, 3] = np.where(w == 0, 0.0, np.clip(0.3 + 0.35 * size, 0.3, 0.9))  # a pruned weight: no edge
        self.edges.set_color(colors)
        self.edges.set_linewidth(np.clip(0.3 + 1.2 * size, 0.3, 5.0))
        unit = self.selected_unit(t)
        if unit is None:  # the output: a frame around its whole column
            column = self.cells[-1]
            x0, y0, cw, ch = column[-1]
            top = column[0][1] + column[0][3]
            self.highlight.set_bounds(x0, y0, cw, top - y0)
            self.highlight.set_visible(True)
        else:
            c, j = unit[0], unit[1] - 1
            self.highlight.set_visible(j < self._shown[c])  # (a unit past the 8 drawn: no frame)
            if j < self._shown[c]:
                self.highlight.set_bounds(*self.cells[c][j])
        curves = "against x₁" if self.one_d else "over the plane (red > 0 > blue)"
        linear = "no hidden layer: a linear model of the features. " if len(self._shown) == 2 else ""
        self.unit_label.set_text(f"{linear}each unit's output {curves}; edges: w > 0 red, w < 0 blue, "
                                 "wider: larger |w|")

    def _show_unit(self, c, j, a):
        """Unit j of column c (0: the inputs): its output a over the plane (an image) or against x₁ (a curve)."""
        scale = max(float(np.abs(a).max()), 1e-9)
        if self.one_d:
            x0, y0, cw, ch = self.cells[c][j]
            xs = self._unit_points[:, 0]
            self.unit_lines[c][j].set_data(x0 + cw * (xs - xs[0]) / (xs[-1] - xs[0]),
                                           y0 + ch * (0.5 + 0.45 * a / scale))
        else:  # its 24 x 24 values, each as a block of pixels of its colour
            rows, cols = self._pixels[c][j]
            grid = (a / scale).reshape(UNIT_GRID, UNIT_GRID)
            r = np.arange(rows.stop - rows.start) * UNIT_GRID // max(rows.stop - rows.start, 1)
            k = np.arange(cols.stop - cols.start) * UNIT_GRID // max(cols.stop - cols.start, 1)
            self._maps[rows, cols] = UNIT_COLORS[np.clip(((grid[np.ix_(r, k)] + 1) * 127.5).astype(int), 0, 255)]

    @property
    def animated(self) -> tuple:
        """The artists each frame moves, in the order ``render`` draws them over the background."""
        return tuple(self._dynamic)

    def redraw_background(self):
        """Draw the static background anew for the next picture."""
        self._background = None

    def _paste_maps(self):
        """The unit maps into the canvas's pixels, as drawing ``unit_maps`` puts them there (an image
        placed at whole pixels, unscaled), block by block: a fraction of a millisecond, where
        matplotlib's drawing of the image takes ~9 ms."""
        pixels = np.asarray(self.fig.canvas.buffer_rgba())
        top = pixels.shape[0] - self.unit_maps.oy  # rows of the canvas count from its top
        left = self.unit_maps.ox
        for c, column in enumerate(self._pixels):
            for rows, cols in column[:self._shown[c]]:
                pixels[top - rows.stop:top - rows.start, left + cols.start:left + cols.stop] = \
                    self._maps[rows, cols][::-1]

    def render(self, extra=()):
        """Onto the canvas: the static background redrawn only when it changed, then the changing
        artists (and the visible ``extra`` ones) on top."""
        canvas = self.fig.canvas
        if self._background is None or self._background_key != self.static_key:
            canvas.draw()  # everything but the animated artists
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._background_key = self.static_key
        else:
            canvas.restore_region(self._background)
        for artist in self._dynamic:
            if artist is self.unit_maps:
                if artist.get_visible():
                    self._paste_maps()
            elif artist.get_visible() and (artist.axes is None or artist.axes.get_visible()):
                self.fig.draw_artist(artist)
        for artist in extra:
            if artist.get_visible():
                self.fig.draw_artist(artist)


# --- what both pictures draw the same way ----------------------------------------------------------

def plane_around(X):
    """(low, high) corners of the plane drawn around the points X: their range and 15 % more."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = 0.15 * (hi - lo) + 1e-9
    scale = np.maximum(1.0, np.maximum(np.abs(lo), np.abs(hi)))
    pad = np.where(hi - lo > 1e-6 * scale, pad, 0.5 * scale)  # every point alike: a plane around them
    return lo - pad, hi + pad


def grid_over(extent, n: int, one_d: bool):
    """The points where the maps are computed: an n x n grid over the plane (4n points along x₁ for 1D data)."""
    lo, hi = extent
    if one_d:
        return np.linspace(lo[0], hi[0], n * 4)[:, None]
    _, _, points = plotting.grid_points((lo[0], hi[0]), (lo[1], hi[1]), n)
    return points


def choose_points_drawn(t):
    """(train rows, test rows, (drawn, total) or None): above ``MAX_POINTS_DRAWN`` points a sample
    of them is drawn (the same one every frame, from the seed; train and test in their shares);
    training and the losses use every point."""
    n_train, n_test = len(t.X_train), len(t.X_test)
    total = n_train + n_test
    if total <= MAX_POINTS_DRAWN:
        return slice(None), slice(None), None
    rng = np.random.default_rng(t.seed)
    k_train = min(n_train, max(1, round(MAX_POINTS_DRAWN * n_train / total)))
    k_test = min(n_test, MAX_POINTS_DRAWN - k_train)
    return (np.sort(rng.choice(n_train, k_train, replace=False)), np.sort(rng.choice(n_test, k_test, replace=False)),
            (k_train + k_test, total))


def points_note(points_drawn) -> str:
    return "" if points_drawn is None else "showing {} of {} points".format(*points_drawn)


def point_colors(t, drawn_train, drawn_test, y_range):
    """The colours of the drawn train points (filled) and test points (their edge)."""
    y_train, y_test = t.y_train[drawn_train], t.y_test[drawn_test]
    if t.n_classes:
        palette = plotting.CLASS_COLORS
        return ([palette[int(c) % len(palette)] for c in y_train],
                [palette[int(c) % len(palette)] for c in y_test])
    if t.one_d:
        blue, vermillion = plotting.OKABE_ITO["blue"], plotting.OKABE_ITO["vermillion"]
        return [blue] * len(y_train), [vermillion] * len(y_test)
    y_lo, y_hi = y_range
    norm = (y_train - y_lo) / (y_hi - y_lo + 1e-12)
    cmap = mpl.colormaps["viridis"]
    return [cmap(v) for v in norm], ["black"] * len(y_test)


def output_image(out, n_classes: int, y_range, discretize: bool = False):
    """The output over the ``GRID`` x ``GRID`` plane as an image: (image, colour map, (low, high)).

    p(class 1) for two classes, the winning class's colour (paler where it barely wins) for more,
    the regression value for none (``y_range``: the targets' range). ``discretize`` (TensorFlow
    Playground's "discretize output"): the predicted class only, at full colour (p(class 1) > 0.5
    or not; the winning class); for a regression, the side of the middle of the targets' range."""
    out = np.nan_to_num(out, nan=0.0, posinf=1e6, neginf=-1e6)
    if n_classes == 2:
        p = sigmoid(out[:, 0])
        return (p > 0.5 if discretize else p).astype(np.float64).reshape(GRID, GRID), PALE_PROBABILITY, (0, 1)
    if n_classes > 2:
        colors = np.array([to_rgb(c) for c in plotting.CLASS_COLORS])
        z = out - out.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        winner = p.argmax(axis=1)
        confidence = 1.0 if discretize else (p.max(axis=1) - 1 / n_classes) / (1 - 1 / n_classes)
        confidence = np.broadcast_to(confidence, winner.shape)
        rgb = colors[winner % len(colors)] * confidence[:, None] + (1 - confidence[:, None]) * 0.97
        return (PALE * rgb + (1 - PALE)).reshape(GRID, GRID, 3), PALE_PROBABILITY, (0, 1)
    y_lo, y_hi = y_range
    value = out[:, 0]
    if discretize:
        value = np.where(value >= (y_lo + y_hi) / 2, y_hi, y_lo)
    return value.reshape(GRID, GRID), PALE_VIRIDIS, (y_lo, max(y_hi, y_lo + 1e-9))


def _symmetric_limits(a, pad=1.1):
    """(-m, m) for the largest size m of a (times ``pad``): 0 in the middle of the colour map or axis."""
    m = max(float(np.abs(a).max()), 1e-9) * pad
    return -m, m


def _nice_ceiling(x):
    """The smallest of 1, 2, 5 times a power of ten that is >= x."""
    power = 10.0 ** np.floor(np.log10(x))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= x)


# --- the view: controls -> the training state's settings, the picture of its model and history ----

class _LiveTraining:
    """What the playground's explorers share: training from the buttons and from code (``run``,
    ``train``, ``step``, ``reset``, ``new_seed``), ▶ played by the kernel, errors of an action shown
    in the picture, and the current state drawn when the explorer is displayed.

    A subclass (an :class:`~lecture_nn.demos.base.Explorer` too) holds its training state in
    ``training`` (``train``, ``reset``, ``new_seed``, ``diverged``, ``check_not_diverged``), calls
    ``_init_play(play)`` with its ``widgets.Play`` before the base class's ``__init__``, has a
    "steps" control, and ``_jpeg()`` (the picture while the kernel plays), ``_stored_png()`` (the
    picture stored in the notebook) and ``_state_token()`` (what the picture shows: drawn anew if
    it changed).
    """

    def _init_play(self, play):
        self.play, self.kernel_playing, self._play_task = play, False, None
        self.play.observe(self._on_playing, names="playing")

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

    @property
    def quiet_refresh(self) -> bool:
        """A frame of the kernel's play does not say "computing…": two messages fewer per frame."""
        return self.kernel_playing

    def _on_playing(self, change):
        """▶ in a kernel: the kernel plays, frame after frame, and the ticker of the page rests.

        A tick of the page is a message to the kernel, and JupyterLab redraws its busy and idle
        marks for each (more of the browser's time than the picture itself); frames the kernel
        sends by itself cost the page only the picture: ~18 frames a second instead of ~12 for a
        2-8-8-1 net on 500 points (tests/browser). Without a running event loop (a script, a
        test), each tick of ``play`` is a frame, as before.

        While the kernel plays (``kernel_playing``), each frame is a JPEG in an image widget
        (``frame_widget``); when it stops, the picture is the PNG in the output again."""
        if not change.new:
            return  # ⏸: the loop below stops before its next frame
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no event loop: the ticks drive the frames
        if self._play_task is None or self._play_task.done():
            self.play.interval = RESTING_INTERVAL_MS  # the page's ticker: no more ticks
            self._play_task = loop.create_task(self._play())

    async def _play(self):
        """Frames until ⏸ (or a divergence), at most one per ``PLAY_INTERVAL_MS``; between frames the
        kernel reads what the page sent (⏸, a slider)."""
        self.kernel_playing = True
        try:
            while self.play.playing:
                start = time.perf_counter()
                self._guarded(self._frame)
                await asyncio.sleep(max(0.0, PLAY_INTERVAL_MS / 1000 - (time.perf_counter() - start)))
        finally:
            self.kernel_playing = False
            self.play.interval = PLAY_INTERVAL_MS
            self.refresh()  # paused: the picture as the PNG, in the output

    # -- training, from the buttons and from code -------------------------------------------------
    def _buttons(self) -> list:
        """The step, reset and new seed buttons: each action guarded, then a new picture."""
        buttons = []
        for label, action in (("step", self._frame), ("reset", self._reset), ("new seed", self._new_seed)):
            button = widgets.Button(description=label, layout=widgets.Layout(width="90px"))
            button.on_click(lambda _, action=action: self._guarded(action))
            buttons.append(button)
        return buttons

    def _frame(self):
        """One frame of play: steps-per-frame updates; playing stops by itself at a divergence (of
        both sides, side by side: a side that diverged stops, the other goes on)."""
        if not self.training.diverged:
            self.training.train(self.values["steps"])
        if self.training.diverged:
            self.play.playing = False

    def train(self, steps: int = 1):
        """``steps`` mini-batch updates (one frame of play), then the losses recorded; stops at
        divergence. No new picture: displaying the explorer (or ``run``) draws the current state."""
        self.training.train(steps)

    def run(self, frames: int = 1):
        """``frames`` frames of play (each: steps per frame updates, then the losses recorded),
        then one new picture. ``pg.run(30)`` in code is 30 ticks of the ▶ button."""
        frames = integer(frames, "run: frames", 1, MAX_FRAMES)
        self.training.check_not_diverged("run")
        for _ in range(frames):
            self._frame()
        self.refresh()

    def step(self):
        """One frame of training and a new picture (the "step" button)."""
        self.run(1)

    def reset(self):
        """Back to the very same initial weights, a fresh optimizer state and an empty curve."""
        self._guarded(self._reset)

    def _reset(self):
        self.play.playing = False
        self.training.reset()

    def new_seed(self):
        """Another initialisation (and another draw of the data)."""
        self._guarded(self._new_seed)

    def _new_seed(self):
        self.play.playing = False
        self.training.new_seed()

    def show_picture(self, data: bytes):
        """The picture in the page. While the kernel plays: an image widget shown in the output
        once, whose bytes each frame replaces (one binary message a frame, where refilling the
        output sends the picture as base64 text and rebuilds its element); else the PNG in the
        output, as every explorer shows its picture."""
        if not self.kernel_playing:
            super().show_picture(data)
            return
        width, height = (str(v) for v in self.fig.canvas.get_width_height(physical=True))
        if getattr(self, "frame_widget", None) is None:
            self.frame_widget = widgets.Image(format="jpeg")
        with self.frame_widget.hold_sync():
            # its size fixed in the page: a new picture repaints the image alone
            self.frame_widget.width, self.frame_widget.height = width, height
            self.frame_widget.value = data
        shown = self.out.outputs
        if not (len(shown) == 1 and shown[0].get("data", {}).get(WIDGET_VIEW, {}).get("model_id")
                == self.frame_widget.model_id):
            self.out.outputs = ()
            self.out.append_display_data(self.frame_widget)

    def frame(self) -> bytes:
        """The picture in the page: while the kernel plays a JPEG (quality 90: a fifth of the PNG's
        encoding time and half its size, which is what lets it play at 15 frames a second and more);
        else, and in the stored notebook, the PNG of ``png()``."""
        if not self.kernel_playing:
            return self.png()
        return self._jpeg()

    def refresh(self):
        super().refresh()
        self._drawn = self._state_token()

    def _repr_mimebundle_(self, include=None, exclude=None):
        if getattr(self, "_drawn", None) != self._state_token():
            self.refresh()  # trained from code (pg.train) since the last picture: show the current state
        data = super()._repr_mimebundle_(include, exclude)
        data["image/png"] = self._stored_png()
        return data


class Playground(_LiveTraining, Explorer):
    """TensorFlow-Playground-like explorer; see the module docstring.

    ``preset``: a name of ``PRESETS`` (any case); ``X, y``: your own data (X (N, 2), or (N, 1) for
    a 1D regression; bool X are 0/1 inputs); ``task``: "classification" or "regression" for your
    data (default: integer or bool y are class labels 0, 1, ..., float y regression targets; the
    readout says so); ``seed``: the initialisation and data seed; ``settings``: any control by name
    (``lr=0.01``, ``layers=3``). A value a control cannot show is refused, naming the setting and
    what it may be, before anything is built.

    ``pg.training`` is the training state (:class:`PlaygroundTraining`), ``pg.picture`` its
    figure (:class:`PlaygroundPicture`); the state's attributes (``model``, ``history``,
    ``steps_done``, ...) and the picture's axes and artists read through as before. Change a
    setting through its control (``pg.controls["lr"].value = 0.01``): the control then passes it to
    the state, and the two stay in step.
    """

    #: a frame is redrawn up to 20 times a second: a slightly coarser picture than other explorers'
    dpi = 90

    def __init__(self, preset: str | None = None, X=None, y=None, seed: int = 0, task: str | None = None,
                 **settings):
        # every argument checked (by the state, before it draws its data) before the figure is built
        self.training = PlaygroundTraining(preset, X=X, y=y, seed=seed, task=task, **settings)
        preset = self.training.preset
        self.note = PRESETS[preset].note if preset else ""
        self._applying = False
        self.controls_by_group = self._make_controls(self.training.values, preset)
        controls = {name: c for group in self.controls_by_group.values() for name, c in group.items()}
        self._init_play(controls["play"])
        self.picture = PlaygroundPicture()
        fig = self.picture.fig
        if not plotting.presenting():  # (presenting: the figure's own resolution fills a slide)
            fig.set_dpi(self.dpi)  # the canvas is the picture: drawn once at the PNG's resolution
        super().__init__(fig, controls, title="Playground: an MLP trained live")
        self.dpi = fig.dpi

    # -- controls ---------------------------------------------------------------------------------
    def _make_controls(self, v, preset):
        """Every control from its checked setting (``control`` refuses what a control cannot hold)."""
        style = {"description_width": "initial"}
        small = widgets.Layout(width="190px")
        datasets_ = list(DATASETS) + ([USER_DATA] if self.training.user_data is not None else [])

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
            "show_test": control(widgets.Checkbox, "show_test", v["show_test"], description="show test data",
                                 indent=False, layout=widgets.Layout(width="130px")),
            "discretize": control(widgets.Checkbox, "discretize", v["discretize"], description="discretize output",
                                  indent=False, layout=widgets.Layout(width="140px")),
        }
        feats = {name: control(widgets.Checkbox, name, v[name], description=label, indent=False,
                               layout=widgets.Layout(width="80px"))
                 for name, label in FEATURES.items()}
        net = {
            "layers": int_slider("layers", "hidden layers", style=style),
            "activation": control(widgets.Dropdown, "activation", v["activation"], options=list(ACTIVATIONS),
                                  description="g (all)", layout=small),
            "dropout": control(widgets.SelectionSlider, "dropout", v["dropout"],
                               options=[(f"{p:g}", p) for p in DROPOUT_RATES], description="dropout p"),
        }
        for k in range(1, MAX_LAYERS + 1):  # each layer: its width and its own g ("same": as g (all))
            net[f"width{k}"] = int_slider(f"width{k}", f"width {k}", style=style, layout=small)
            net[f"activation{k}"] = control(widgets.Dropdown, f"activation{k}", v[f"activation{k}"],
                                            options=list(LAYER_ACTIVATIONS), description=f"g{k}",
                                            layout=widgets.Layout(width="140px"))
        opt = {
            "optimizer": control(widgets.Dropdown, "optimizer", v["optimizer"], options=list(OPTIMIZERS),
                                 description="optimizer", style=style, layout=small),
            # fixed values (as a browser slider would snap to them anyway: no drift, no surprise)
            "lr": control(widgets.SelectionSlider, "lr", v["lr"], options=[(f"{lr:g}", lr) for lr in LEARNING_RATES],
                          description="η"),
            "beta": float_slider("beta", "β of m (β₁)", step=0.01),
            "beta2": float_slider("beta2", "β of E[g²] (β₂)", step=0.0001, readout_format=".4f"),
            "schedule": control(widgets.Dropdown, "schedule", v["schedule"], options=list(SCHEDULES),
                                description="η schedule", style=style, layout=small),
            "schedule_steps": int_slider("schedule_steps", "T (schedule steps)", style=style),
            "regularization": control(widgets.Dropdown, "regularization", v["regularization"],
                                      options=list(REGULARIZATIONS), description="regularisation", style=style,
                                      layout=small),
            "reg_rate": control(widgets.SelectionSlider, "reg_rate", v["reg_rate"],
                                options=[(f"{r:g}", r) for r in REGULARIZATION_RATES], description="λ"),
            "batch": control(widgets.IntSlider, "batch", v["batch"], min=0, max=MAX_BATCH,
                             description="batch (0: all)", style=style),
        }
        run = {
            "play": widgets.Play(value=0, min=0, max=10 ** 9, step=1, interval=PLAY_INTERVAL_MS, description="play"),
            "steps": int_slider("steps", "steps per frame", style=style),
            "preset": control(widgets.Dropdown, "preset", preset or "",
                              options=[("(choose a preset)", "")] + [(p, p) for p in PRESETS],
                              description="preset", layout=widgets.Layout(width="330px")),
            "unit": control(widgets.Dropdown, "unit", "output", options=self._unit_options(),
                            description="show", layout=widgets.Layout(width="210px")),
        }
        return {"data": data, "features": feats, "network": net, "optimizer": opt, "run": run}

    @property
    def widget(self):
        if not hasattr(self, "_widget"):
            buttons = self._buttons()
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
    def _on_change(self, change):
        if self._applying:
            return
        if isinstance(change.new, float) and isinstance(change.old, float) and math.isclose(
                change.new, change.old, rel_tol=1e-9, abs_tol=1e-12):
            return  # a browser slider re-sending 0.35 as 0.35000000000000003: not a change
        name = next(n for n, c in self.controls.items() if c is change.owner)
        self._guarded(lambda: self._apply(name, change.new))

    def _unit_options(self):
        """The units the big picture can show: the output, then every hidden unit as (layer, unit)."""
        hidden = [layer.d_out for layer in self.training.dense_layers[:-1]]
        return [("output", "output")] + [(f"layer {k}, unit {j}", (k, j)) for k, width in enumerate(hidden, 1)
                                         for j in range(1, width + 1)]

    def _sync_units(self):
        """The "show" list to the current network's units; a chosen unit that is gone shows the output."""
        options = self._unit_options()
        control_ = self.controls["unit"]
        if [value for _, value in options] != [value for _, value in control_.options]:
            keep = control_.value if control_.value in [value for _, value in options] else "output"
            self._applying = True
            try:
                control_.options = options
                control_.value = keep
            finally:
                self._applying = False
        self.picture.selected = control_.value

    def _apply(self, name, value):
        if name == "unit":
            self.picture.selected = value
        elif name == "play":
            self._frame()
        elif name == "preset":
            if value:
                self._load_preset(value)
        else:  # the state decides: new data or network, a new optimizer, or new hyperparameters
            self.training.set(**{name: value})

    def _load_preset(self, name: str):
        self.training.use_preset(name)  # its data too: "your data" stays in the list
        self._applying = True
        try:
            for key, value in self.training.values.items():
                self.controls[key].value = value
            self.controls["preset"].value = name
        finally:
            self._applying = False
        self.note = PRESETS[name].note
        if hasattr(self, "note_html"):
            self.note_html.value = self._note_text()

    # -- taking it home -----------------------------------------------------------------------------
    def features(self, X) -> np.ndarray:
        """Your inputs X (N, 2), or (N, 1) for 1D data, turned into the network's inputs: the ticked features."""
        return self.training.features(X)

    def settings(self) -> dict:
        """What this playground is made from, as keyword arguments: ``Playground(**pg.settings())``
        starts the same run (same data, initial weights and batches; see ``PlaygroundTraining.settings``)."""
        return self.training.settings()

    def url(self) -> str:
        """The settings as a link in TensorFlow Playground's form (``#activation=relu&learningRate=0.03&...``);
        ``Playground.from_url(pg.url())`` starts the very same run (see ``PlaygroundTraining.url``)."""
        return self.training.url()

    @classmethod
    def from_url(cls, text: str):
        """The playground of a link: one of ``url()``, or one copied from TensorFlow Playground. What
        cannot be honoured here is named in a warning (see ``settings_from_link``)."""
        return cls(**settings_from_link(text, "from_url"))

    def export(self):
        """An independent copy of the trained ``lecture_nn`` model; feed it ``pg.features(X)``."""
        return self.training.export()

    def save(self, path):
        """Save the trained model and its optimizer state (``lecture_nn.load`` reads it back)."""
        self.training.save(path)

    def to_torch_code(self) -> str:
        """The trained network as a self-contained PyTorch script, with the very same weights:
        ``print(pg.to_torch_code())`` and paste it where torch is installed (see
        ``PlaygroundTraining.to_torch_code``)."""
        return self.training.to_torch_code()

    # -- the picture ------------------------------------------------------------------------------
    def readout(self) -> str:
        """One line: the step, the current train and test loss and, for classes, the train and test
        accuracy (or "diverged")."""
        text = self.training.readout()
        if self.training.diverged:
            return text
        self.picture.prepare(self.training)  # (which points it shows: chosen once per new data)
        note = self.picture.points_note()
        return f"{text}; {note}" if note else text

    def update(self, **values):
        error = getattr(self, "_pending_error", None)
        self._pending_error = None
        if hasattr(self, "readout_html"):
            self.readout_html.value = html.escape(self.readout())
            self.note_html.value = self._note_text()
        if error is not None:
            raise error  # the base class draws it in the picture and the status line
        self._sync_units()
        self.picture.draw(self.training)

    def png(self) -> bytes:
        """The live picture (blitted, see ``PlaygroundPicture.render``), compressed lightly (encoded
        ~4x faster than at PNG's default level)."""
        self.picture.render(extra=[self._message])  # the base class's error message, when shown
        return self._encode(compress_level=1)

    def _jpeg(self) -> bytes:
        """The picture while the kernel plays: blitted, as a JPEG (see ``_LiveTraining.frame``)."""
        self.picture.render(extra=[self._message])
        return self._encode(jpeg_quality=JPEG_QUALITY)

    def _stored_png(self) -> bytes:
        """The picture that stays in the notebook: compact (PNG level 6)."""
        self.png()
        return self._encode(compress_level=6)

    def _state_token(self):
        t = self.training
        return (t.steps_done, t.builds, id(t.model), t.diverged, tuple(sorted(self.values.items())))

    def __repr__(self):
        t = self.training
        v = t.values
        widths = [v[f"width{k}"] for k in range(1, v["layers"] + 1)]
        return (f"Playground(data={v['dataset']!r}, features={t.feature_names}, hidden={widths}, "
                f"activation={v['activation']!r}, optimizer={v['optimizer']!r}, lr={v['lr']:.3g}, "
                f"steps={t.steps_done})")


def _read_through(part, name):
    return property(lambda self: getattr(getattr(self, part), name), doc=f"``pg.{part}.{name}`` (read only)")


# what a playground offered before it had parts: the state's attributes and the picture's artists
for _name in ("model", "opt", "loss_fn", "history", "steps_done", "diverged", "seed", "task", "task_reason",
              "n_classes", "one_d", "feature_names", "X_train", "X_test", "y_train", "y_test", "F_train", "F_test",
              "T_train", "T_test", "initial_state"):
    setattr(Playground, _name, _read_through("training", _name))
for _name in ("ax", "ax_loss", "heat", "curve", "train_pts", "test_pts", "diverged_text", "ax_net", "edges",
              "unit_maps", "unit_label", "points_drawn"):
    setattr(Playground, _name, _read_through("picture", _name))


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


# --- two runs side by side ------------------------------------------------------------------------

#: the comparison a side-by-side explorer starts with
FIRST_COMPARISON = next(iter(COMPARISONS))
#: the two sides' colours: left, right (train solid, test dashed)
SIDE_COLORS = (plotting.OKABE_ITO["blue"], plotting.OKABE_ITO["vermillion"])


class SideBySidePicture:
    """Two runs of a :class:`SideBySideTraining`, drawn by ``draw(pair)``: above, each side's output
    over the plane (as the playground's large picture: p(class 1), the winning class or the
    regression value, a curve for 1D data) with the same train (filled) and test (hollow) points;
    below, both sides' train (solid) and test (dashed) loss against the step on one axis, left
    blue, right vermillion. What changes every frame (``animated``: the maps, the curves, the
    titles, and the spines and the legend that lie above them) is drawn over a background that is
    drawn again only when an axis's limits or labels change (``static_key``)."""

    def __init__(self):
        fig = self.fig = plotting.figure(figsize=(10.0, 6.4))
        self.axes = (fig.add_axes([0.06, 0.40, 0.40, 0.49]), fig.add_axes([0.565, 0.40, 0.40, 0.49]))
        self.ax_loss = fig.add_axes([0.07, 0.08, 0.895, 0.2])
        self.panels = []
        for ax in self.axes:
            ax.grid(False)
            for axis in (ax.xaxis, ax.yaxis):
                axis.set_major_locator(MaxNLocator(5))
            self.panels.append(dict(
                heat=ax.imshow(np.zeros((GRID, GRID)), origin="lower", aspect="auto", vmin=0, vmax=1,
                               cmap=PALE_PROBABILITY, interpolation="bilinear", zorder=0),
                curve=ax.plot([], [], color="black", lw=2, zorder=3)[0],
                train=ax.scatter([], [], s=16, edgecolors="white", linewidths=0.5, zorder=4),
                test=ax.scatter([], [], s=20, facecolors="white", linewidths=1.2, zorder=4),
                diverged=ax.text(0.5, 0.5, "diverged: the loss is not finite\nthis side stops here",
                                 transform=ax.transAxes, ha="center", va="center", fontsize=13,
                                 color="#D55E00", zorder=10, visible=False,
                                 bbox=dict(boxstyle="round", facecolor="white", edgecolor="#D55E00"))))
        self.lines = [(self.ax_loss.plot([], [], color=color, lw=1.6)[0],
                       self.ax_loss.plot([], [], color=color, lw=1.6, ls="--")[0]) for color in SIDE_COLORS]
        plotting.plain_log_axis(self.ax_loss.yaxis)  # plain-text powers of ten: no mathtext per frame
        self.ax_loss.xaxis.set_major_locator(MaxNLocator(6))
        self.ax_loss.set_xlabel("step", labelpad=1)
        self.legend = None
        self._prepared_for, self.static_key = None, None

    @property
    def animated(self) -> list:
        """The artists each frame moves, and the static ones that lie above them (the spines over the
        maps, the legend over the curves), for ``Explorer``'s drawing over a cached background."""
        artists = []
        for panel, ax in zip(self.panels, self.axes):
            artists += [panel[k] for k in ("heat", "curve", "train", "test", "diverged")]
            artists += [ax.title, *ax.spines.values()]
        artists += [line for pair in self.lines for line in pair] + [self.ax_loss.title, self.legend]
        return artists + list(self.ax_loss.spines.values())

    def prepare(self, pair):
        """The plane, the grid and each side's features of it, the points and their colours: once per
        new data or networks (both sides hold the same points)."""
        key = tuple((id(t), t.builds) for t in pair.sides)
        if self._prepared_for == key:
            return
        t = pair.left
        self.one_d = t.one_d
        self._extent = plane_around(np.vstack([t.X_train, t.X_test]))
        ys = np.concatenate([t.y_train, t.y_test]).astype(np.float64)
        self._y_range = (float(ys.min()), float(ys.max()))
        self._grid = grid_over(self._extent, GRID, self.one_d)
        self._grid_features = [features(self._grid, side.feature_names) for side in pair.sides]
        self._drawn_train, self._drawn_test, self.points_drawn = choose_points_drawn(t)
        colors_train, colors_test = point_colors(t, self._drawn_train, self._drawn_test, self._y_range)
        X_train, X_test = t.X_train[self._drawn_train], t.X_test[self._drawn_test]
        if self.one_d:  # (x1, y) in the plane of the curve
            X_train = np.column_stack([X_train[:, 0], t.y_train[self._drawn_train]])
            X_test = np.column_stack([X_test[:, 0], t.y_test[self._drawn_test]])
        lo, hi = self._extent
        for panel, ax in zip(self.panels, self.axes):
            panel["train"].set_offsets(X_train)
            panel["train"].set_facecolors(colors_train)
            panel["test"].set_offsets(X_test)
            panel["test"].set_edgecolors(colors_test)
            panel["heat"].set_visible(not self.one_d)
            ax.set_xlim(lo[0], hi[0])
            if self.one_d:  # the curve against x1, over the targets' range
                y_lo, y_hi = self._y_range
                pad = 0.2 * (y_hi - y_lo) + 0.1
                ax.set_ylim(y_lo - pad, y_hi + pad)
            else:
                panel["heat"].set_extent((lo[0], hi[0], lo[1], hi[1]))
                ax.set_ylim(lo[1], hi[1])
            ax.set_xlabel("x₁", labelpad=1)
            ax.set_ylabel("y" if self.one_d else "x₂", labelpad=1)
        self._prepared_for = key
        labels = [f"{label}: {part}" for label in pair.labels for part in ("train", "test")]
        if self.legend is None or [t.get_text() for t in self.legend.get_texts()] != labels:
            for (train_line, test_line), label in zip(self.lines, pair.labels):
                train_line.set_label(f"{label}: train")
                test_line.set_label(f"{label}: test")
            self.legend = self.ax_loss.legend(loc="upper right", fontsize=8, ncol=2)
            self.legend.set_animated(True)

    def draw(self, pair):
        """Move every artist to the state of ``pair`` (a :class:`SideBySideTraining`)."""
        self.prepare(pair)
        for t, label, panel, ax, features_ in zip(pair.sides, pair.labels, self.panels, self.axes,
                                                  self._grid_features):
            out = t.outputs(features_)
            if self.one_d:
                panel["curve"].set_data(self._grid[:, 0], out[:, 0])
            else:
                image, cmap, clim = output_image(out, t.n_classes, self._y_range, t.values["discretize"])
                panel["heat"].set_cmap(cmap)
                panel["heat"].set_clim(*clim)
                panel["heat"].set_data(image)
            panel["test"].set_visible(t.values["show_test"])
            panel["diverged"].set_visible(t.diverged)
            ax.set_title(f"{label}: {self._network(t)}\n{self._losses(t)}", fontsize=10)
        self._draw_loss(pair)

    @staticmethod
    def _network(t) -> str:
        return f"{t.network_name}, {t.values['optimizer']} η {t.values['lr']:g}"

    @staticmethod
    def _losses(t) -> str:
        if t.diverged:
            return f"diverged at step {t.steps_done}"
        h = t.history
        text = f"train {h['train'][-1]:.4f}, test {h['test'][-1]:.4f}"
        if t.n_classes:
            text += f" (accuracy {h['train_accuracy'][-1]:.2f}, {h['test_accuracy'][-1]:.2f})"
        return text

    def _draw_loss(self, pair):
        ax = self.ax_loss
        finite, last = [], 10.0
        for t, (train_line, test_line) in zip(pair.sides, self.lines):
            h = t.history
            steps = np.asarray(h["step"], dtype=float)
            train, test = np.asarray(h["train"], dtype=float), np.asarray(h["test"], dtype=float)
            train_line.set_data(steps, train)
            test_line.set_data(steps, test)
            finite.append(np.concatenate([train[np.isfinite(train)], test[np.isfinite(test)]]))
            last = max(last, steps[-1])
        finite = np.concatenate(finite)
        finite = finite[finite > 0]
        ax.set_xlim(0, _nice_ceiling(last))
        if finite.size:  # limits move in steps: the background is drawn again only when they do
            ax.set_ylim(10.0 ** np.floor(np.log10(finite.min())), 10.0 ** np.ceil(np.log10(finite.max())))
        same = "the same initial weights" if pair.same_initial_weights else "each side its own initial weights"
        ax.set_title(f"{pair.left.loss_name} after {pair.steps_done} steps: the same points and mini-batches, "
                     f"{same}", fontsize=10)
        self.static_key = (tuple((a.get_xlim(), a.get_ylim(), a.get_xlabel(), a.get_ylabel()) for a in self.fig.axes),
                           tuple(t.get_text() for t in self.legend.get_texts()), tuple(self.fig.get_size_inches()),
                           self.fig.dpi)


class SideBySide(_LiveTraining, Explorer):
    """Two configurations of the playground trained in lockstep, in one picture: each side's output
    over the plane, and both loss curves on one axis (see :class:`SideBySidePicture`).

    ``comparison``: a name of ``COMPARISONS`` ("SGD vs Momentum", "overfitting: L2 off vs on",
    "overfitting: dropout off vs on", "depth at 16 units: 1×16 vs 4×4"), or None for your own pair
    made of ``left`` and ``right``, dicts of the settings only that side has (on top of the
    comparison's, if one is given): ``SideBySide(None, left=dict(optimizer="SGD"),
    right=dict(optimizer="Adam"), dataset="moons")``. ``settings`` (any playground setting) and
    ``X, y, task`` (your own data) apply to both sides; the data settings and the batch size
    (``SHARED``) cannot differ between them. Both sides draw from the one ``seed``: the very same
    points, split and mini-batches, and the same initial weights wherever the two networks agree
    (the readout says whether they do). The state is ``sbs.training``
    (:class:`SideBySideTraining`).

    Controls: play (steps per frame on both sides), step, reset (both back to their initial
    weights), new seed (both to the next seed), and the comparison; choosing another comparison
    starts it from the same seed.
    """

    dpi = 90

    def __init__(self, comparison: str | None = FIRST_COMPARISON, left: dict | None = None,
                 right: dict | None = None, seed: int = 0, X=None, y=None, task: str | None = None, **settings):
        self.training = SideBySideTraining(comparison, left, right, seed=seed, X=X, y=y, task=task, **settings)
        # what the student typed: their comparison starts again with all of it, another one with their data
        self._typed = (self.training.comparison or "", dict(left=left, right=right, X=X, y=y, task=task, **settings))
        self._applying = False
        lo, hi, step = WHOLE["steps"]
        options = [(name, name) for name in COMPARISONS]
        if self.training.comparison is None:
            options = [("(your own: left and right)", "")] + options
        controls = {
            "play": widgets.Play(value=0, min=0, max=10 ** 9, step=1, interval=PLAY_INTERVAL_MS, description="play"),
            "steps": control(widgets.IntSlider, "steps", self.training.left.values["steps"], min=lo, max=hi,
                             step=step, description="steps per frame", style={"description_width": "initial"}),
            "comparison": control(widgets.Dropdown, "comparison", self.training.comparison or "", options=options,
                                  description="comparison", layout=widgets.Layout(width="360px")),
        }
        self._init_play(controls["play"])
        self.picture = SideBySidePicture()
        self.picture.prepare(self.training)  # (the legend: among the animated artists)
        self._drawn_static = None
        super().__init__(self.picture.fig, controls, title="Side by side: two runs on the same mini-batches",
                         animated=self.picture.animated)

    @property
    def widget(self):
        if not hasattr(self, "_widget"):
            buttons = self._buttons()
            c = self.controls
            row = widgets.HBox([c["play"], *buttons, c["steps"], c["comparison"]],
                               layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
            self.note_html = widgets.HTML(self._note_text())
            self.readout_html = widgets.HTML(self._readout_html())
            self._widget = widgets.VBox([widgets.HTML(f"<b>{html.escape(self.title)}</b>"), row, self.note_html,
                                         self.readout_html, self.status, self.out])
        return self._widget

    def _note_text(self) -> str:
        name = self.training.comparison
        return f"<i>{html.escape(COMPARISONS[name].note)}</i>" if name else ""

    def _readout_html(self) -> str:
        return "<br>".join(html.escape(line) for line in self.readout().splitlines())

    # -- what a change does -----------------------------------------------------------------------
    def _on_change(self, change):
        if self._applying:
            return
        name = next(n for n, c in self.controls.items() if c is change.owner)
        self._guarded(lambda: self._apply(name, change.new))

    def _apply(self, name, value):
        if name == "play":
            self._frame()
        elif name == "comparison":
            self._use(value)
        # steps: read by the next frame

    def _use(self, comparison: str):
        """Start ``comparison`` ("": your own pair) from the current seed; the steps per frame follow it.
        The comparison you started with comes back with all you gave; another one takes your data only."""
        self.play.playing = False
        typed_comparison, typed = self._typed
        given = typed if comparison == typed_comparison else {k: typed[k] for k in ("X", "y", "task")}
        self.training = SideBySideTraining(comparison or None, seed=self.training.seed, **given)
        self._applying = True
        try:
            self.controls["steps"].value = self.training.left.values["steps"]
        finally:
            self._applying = False

    def update(self, play, steps, comparison):
        error = getattr(self, "_pending_error", None)
        self._pending_error = None
        if hasattr(self, "readout_html"):
            self.readout_html.value = self._readout_html()
            self.note_html.value = self._note_text()
        if error is not None:
            raise error  # the base class draws it in the picture and the status line
        self.picture.draw(self.training)
        self._animated = self.picture.animated + [self._message]  # (a new legend, when the labels changed)
        for artist in self._animated:
            artist.set_animated(True)
        if self.picture.static_key != self._drawn_static:  # an axis moved: the background anew
            self.redraw_background()
            self._drawn_static = self.picture.static_key

    @property
    def sides(self) -> tuple:
        """The two training states (``PlaygroundTraining``), left and right."""
        return self.training.sides

    @property
    def labels(self) -> tuple:
        return self.training.labels

    def readout(self) -> str:
        """A line per side (its label, step, losses and accuracies), and whether they share initial weights."""
        return self.training.readout()

    # -- the picture ------------------------------------------------------------------------------
    def _jpeg(self) -> bytes:
        self.render()
        return self._encode(jpeg_quality=JPEG_QUALITY)

    def _stored_png(self) -> bytes:
        self.render()
        return self._encode(compress_level=6)

    def _state_token(self):
        return (tuple((t.steps_done, t.builds, id(t), t.diverged) for t in self.training.sides),
                tuple(sorted(self.values.items())))

    def __repr__(self):
        left, right = self.labels
        return (f"SideBySide({left!r} vs {right!r}, data={self.training.left.values['dataset']!r}, "
                f"seed={self.training.seed}, steps={self.training.steps_done})")


EXPLORERS = [Playground, SideBySide]
