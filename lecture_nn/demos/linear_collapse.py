r"""Notebook 01, slide "Can it be another linear model?": stacked linear layers collapse.

$\hat y = w^T \tilde x = w^T (W x) = (w^T W) x = w'^T x$: without a nonlinearity, any stack of
Dense layers is one linear map. ``collapse`` multiplies a stack out; the figures and the
explorer train deep linear and nonlinear nets on circles and draw their decision boundaries.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import plotting
from ..activations import sigmoid
from ..data import circles
from ..layers import Activation, Dense, Sequential, mlp
from ..losses import BCEWithLogitsLoss
from ..optim import Adam
from ..training import accuracy, fit
from .base import Explorer

__all__ = ["collapse", "circles_data", "train_on_circles", "depth_figure", "CollapseExplorer", "EXPLORERS"]

#: the dropdown's names -> activation names of lecture_nn ("none" is the identity)
ACTIVATION_CHOICES = {"none": "identity", "relu": "relu", "tanh": "tanh"}
WIDTH = 16  # hidden units per layer
GRID = 120  # heat-map resolution of the decision boundary
RANGE = (-1.5, 1.5)


def collapse(model: Sequential):
    r"""The single linear map of a stack of Dense layers: ``model(X) == X @ W.T + b``.

    Multiplies out $W = W_k \cdots W_2 W_1$ and $b = W_k \cdots W_2 b_1 + \dots + b_k$.
    Only identity activations are allowed in between: with a nonlinearity there is no such map.
    """
    W, b = None, None
    for layer in model.layers:
        if isinstance(layer, Activation):
            if layer.name != "identity":
                raise ValueError(f"{layer!r} is not linear: a stack with a nonlinearity does not collapse")
            continue
        if not isinstance(layer, Dense):
            raise ValueError(f"collapse handles Dense and identity Activation layers, got {layer!r}")
        Wl, bl = layer.W.value, layer.b.value
        W, b = (Wl, bl) if W is None else (Wl @ W, Wl @ b + bl)
    return W, b


def circles_data(n=200, seed=0):
    """The notebook's dataset: two concentric circles, no line separates them."""
    return circles(n, noise=0.08, factor=0.45, rng=seed)


_trained: dict = {}


def train_on_circles(depth: int, activation: str = "identity", seed: int = 0, epochs: int = 150):
    """An MLP with ``depth`` hidden layers of 16 units, trained full-batch with Adam on the circles.

    Returns ``(model, train accuracy)``; results are cached, so each setting trains once.
    """
    key = (depth, activation, seed, epochs)
    if key not in _trained:
        X, y = circles_data(seed=seed)
        model = mlp([2] + [WIDTH] * depth + [1], activation=activation, rng=seed)
        fit(model, BCEWithLogitsLoss(), Adam(model.parameters(), lr=0.05), X, y, epochs=epochs)
        _trained[key] = (model, accuracy(model, X, y))
    return _trained[key]


def depth_figure(depths=(1, 2, 4, 8), activation="identity", seed=0):
    """Decision boundaries of nets of several depths trained on the circles, side by side."""
    X, y = circles_data(seed=seed)
    fig, axes = plotting.new_figure(1, len(depths), figsize=(3.2 * len(depths), 3.4))
    axes = np.atleast_1d(axes)
    for ax, depth in zip(axes, depths):
        model, acc = train_on_circles(depth, activation, seed)
        plotting.plot_decision_boundary(model.forward, X, y, ax=ax, x_range=RANGE, y_range=RANGE, n=GRID)
        ax.set_title(f"depth {depth}: accuracy {acc:.2f}")
        ax.set_aspect("equal")
    name = "no activation" if activation == "identity" else activation
    fig.suptitle(f"{name} between the layers")
    return fig


class CollapseExplorer(Explorer):
    """Depth slider and activation dropdown: with "none", no depth bends the boundary."""

    def __init__(self, depth=3, activation="none", seed=0):
        self.seed = seed
        self.X, self.y = circles_data(seed=seed)
        self.xx, self.yy, self.points = plotting.grid_points(RANGE, RANGE, GRID)
        fig, ax = plotting.new_figure(figsize=(5.2, 4.6))
        self.ax = ax
        self.image = ax.imshow(np.zeros((GRID, GRID)), origin="lower", extent=(*RANGE, *RANGE), aspect="equal",
                               cmap=plotting.PROBABILITY_CMAP, vmin=0, vmax=1, alpha=0.75, interpolation="bilinear")
        self.boundary = None
        plotting.plot_dataset_2d(self.X, self.y, ax=ax)
        fig.colorbar(self.image, ax=ax, label="p(class 1)", shrink=0.8)
        controls = {
            "depth": widgets.IntSlider(value=depth, min=1, max=6, description="hidden layers"),
            "activation": widgets.Dropdown(options=list(ACTIVATION_CHOICES), value=activation,
                                           description="activation"),
        }
        super().__init__(fig, controls, title="Does depth help without a nonlinearity?")

    def update(self, depth, activation):
        model, acc = train_on_circles(depth, ACTIVATION_CHOICES[activation], self.seed)
        logits = model.forward(self.points)[:, 0]
        P = sigmoid(logits)
        self.image.set_data(P.reshape(GRID, GRID))
        if self.boundary is not None:
            self.boundary.remove()
            self.boundary = None
        grid = P.reshape(GRID, GRID)
        if grid.min() < 0.5 < grid.max():
            self.boundary = self.ax.contour(self.xx, self.yy, grid, levels=[0.5], colors="black", linewidths=1.5)
        self.ax.set_title(f"{depth} hidden layer{'s' if depth > 1 else ''}, activation {activation}: "
                          f"train accuracy {acc:.2f}")


EXPLORERS = [CollapseExplorer]
