r"""Notebook 01, slide "Can it be another linear model?": stacked linear layers collapse.

$\hat y = w^T \tilde x = w^T (W x) = (w^T W) x = w'^T x$: without a nonlinearity, any stack of
Dense layers is one linear map. ``collapse`` multiplies a stack out; the figures and the
explorer train deep linear and nonlinear nets on circles and draw their decision boundaries.
"""

from __future__ import annotations

import copy
import ipywidgets as widgets
import numpy as np

from .. import plotting
from .._checks import all_finite, choice, first_nonfinite, instance, int_list, integer
from .._checks import seed as checked_seed
from ..activations import ACTIVATIONS, sigmoid
from ..data import circles
from ..errors import InputError
from ..layers import Activation, Dense, Sequential, mlp
from ..losses import BCEWithLogitsLoss
from ..optim import Adam
from ..training import TrainingDiverged, accuracy, fit
from .base import Explorer, control

__all__ = ["collapse", "circles_data", "train_on_circles", "depth_figure", "CollapseExplorer", "EXPLORERS"]

#: the explorer's activations, names of lecture_nn.ACTIVATIONS: no nonlinearity and two nonlinear ones
ACTIVATION_CHOICES = ("identity", "relu", "tanh")
WIDTH = 16  # hidden units per layer
GRID = 120  # heat-map resolution of the decision boundary
RANGE = (-1.5, 1.5)
MAX_DEPTH = 50  # hidden layers train_on_circles trains (the figures show up to 8, the explorer 6)
MAX_EPOCHS = 20_000
MAX_WORK = 100_000  # depth x epochs of one training (the notebook's largest: 8 x 150)


def _activation(value, argument: str = "activation", known=tuple(ACTIVATIONS)) -> str:
    """An activation name out of ``known`` (``"ReLU"`` is ``"relu"``); ``"none"`` gets a hint: it is ``"identity"``."""
    if isinstance(value, str) and value.strip().lower() == "none":
        raise InputError(f"{argument}: unknown activation {value!r}; for no nonlinearity write 'identity'; "
                         f"expected one of {', '.join(map(repr, known))}")
    return choice(value, argument, list(known), kind="activation")


def collapse(model: Sequential):
    r"""The single linear map of a stack of Dense layers: ``model(X) == X @ W.T + b``.

    Multiplies out $W = W_k \cdots W_2 W_1$ and $b = W_k \cdots W_2 b_1 + \dots + b_k$ (in float64).
    Only identity activations are allowed in between: with a nonlinearity there is no such map.
    ``model`` may also be a single ``Dense`` layer.
    """
    if not isinstance(model, Dense):
        instance(model, "model", (Sequential, Dense), "mlp([2, 16, 1], activation='identity')")
    W, b = _collapse(model, "model")
    if W is None:
        raise InputError(f"model has no Dense layer, so no linear map to collapse: {model!r}")
    return W, b


def _collapse(module, where):
    """``(W, b)`` of a Dense layer or a stack of them; ``(None, None)`` for identities only."""
    if isinstance(module, Dense):
        Wl, bl = module.W.value, module.b.value
        if np.shape(Wl) != (module.d_out, module.d_in) or np.shape(bl) != (module.d_out,):
            raise InputError(f"model: {where} = {module!r} holds W of shape {np.shape(Wl)} and b of shape "
                             f"{np.shape(bl)}, expected ({module.d_out}, {module.d_in}) and ({module.d_out},)")
        for name, value in (("W", Wl), ("b", bl)):
            if not all_finite(np.asarray(value)):
                raise InputError(f"model has a non-finite weight: {where}.{name} = "
                                 f"{first_nonfinite(np.asarray(value))}")
        return np.asarray(Wl, dtype=np.float64), np.asarray(bl, dtype=np.float64)
    if isinstance(module, Activation):
        if module.name != "identity":
            raise InputError(f"model: {where} = {module!r} is not linear: "
                             "a stack with a nonlinearity does not collapse")
        return None, None
    if not isinstance(module, Sequential):
        raise InputError(f"model: collapse handles Dense and identity Activation layers, got {where} = {module!r}")
    W, b = None, None
    for name, layer in zip(module.names, module.layers):
        Wl, bl = _collapse(layer, name if where == "model" else f"{where}.{name}")
        if Wl is None:
            continue
        if W is not None and Wl.shape[1] != W.shape[0]:
            raise InputError(f"model: {name} takes d = {Wl.shape[1]} inputs, "
                             f"but the layers before it give {W.shape[0]}")
        W, b = (Wl, bl) if W is None else (Wl @ W, Wl @ b + bl)
    return W, b


def circles_data(n=200, seed=0):
    """The notebook's dataset: two concentric circles, no line separates them (``n`` points, 2 to 10⁶)."""
    n, seed = integer(n, "n", 2, 1_000_000), checked_seed(seed)
    return circles(n, noise=0.08, factor=0.45, rng=seed)


_trained: dict = {}


def train_on_circles(depth: int, activation: str = "identity", seed: int = 0, epochs: int = 150):
    """An MLP with ``depth`` hidden layers of 16 units, trained full-batch with Adam on the circles.

    Returns ``(model, train accuracy)``; results are cached, so each setting trains once.
    ``depth``: 1 to 50; ``activation``: any of ``lecture_nn.ACTIVATIONS``; ``epochs``: 1 to 20,000.
    """
    key = (integer(depth, "depth", 1, MAX_DEPTH), _activation(activation), checked_seed(seed),
           integer(epochs, "epochs", 1, MAX_EPOCHS))
    if key[0] * key[3] > MAX_WORK:
        raise InputError(f"train_on_circles: depth x epochs must be at most {MAX_WORK:,} (that trains for "
                         f"~10 s), got depth = {key[0]} x epochs = {key[3]}")
    if key not in _trained:
        depth, activation, seed, epochs = key
        X, y = circles_data(seed=seed)
        model = mlp([2] + [WIDTH] * depth + [1], activation=activation, rng=seed)
        try:
            fit(model, BCEWithLogitsLoss(), Adam(model.parameters(), lr=0.05), X, y, epochs=epochs)
        except TrainingDiverged as error:
            raise InputError(f"train_on_circles(depth={depth}, activation={activation!r}, seed={seed}, "
                             f"epochs={epochs}) could not train: {error} A smaller depth trains.") from None
        _trained[key] = (model, accuracy(model, X, y))
    return copy.deepcopy(_trained[key])  # a fresh copy: changing it changes no later call


def depth_figure(depths=(1, 2, 4, 8), activation="identity", seed=0):
    """Decision boundaries of nets of several depths trained on the circles, side by side (at most 12)."""
    if isinstance(depths, np.ndarray) and depths.ndim == 0:  # a 0-d array: its one number (refused below)
        depths = depths[()]
    depths = int_list(depths, "depths", low=1)
    if len(depths) > 12 or max(depths) > MAX_DEPTH:
        raise InputError(f"depths must hold at most 12 depths (one panel each), each from 1 to {MAX_DEPTH}, "
                         f"got {depths}")
    activation, seed = _activation(activation), checked_seed(seed)
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
    """Depth slider and activation dropdown: with "identity", no depth bends the boundary."""

    def __init__(self, depth=3, activation="identity", seed=0):
        controls = {
            "depth": control(widgets.IntSlider, "depth", depth, min=1, max=6, description="hidden layers"),
            "activation": control(widgets.Dropdown, "activation", _activation(activation, known=ACTIVATION_CHOICES),
                                  options=list(ACTIVATION_CHOICES), description="activation"),
        }
        self.seed = checked_seed(seed)
        self.X, self.y = circles_data(seed=seed)
        _, _, self.points = plotting.grid_points(RANGE, RANGE, GRID)
        fig, ax = plotting.new_figure(figsize=(5.2, 4.6))
        self.ax = ax
        self.map = plotting.plot_probability_map(None, RANGE, RANGE, ax=ax, aspect="equal")
        self.image = self.map.image
        plotting.plot_dataset_2d(self.X, self.y, ax=ax)
        fig.colorbar(self.image, ax=ax, label="p(class 1)", shrink=0.8)
        super().__init__(fig, controls, title="Does depth help without a nonlinearity?")

    @property
    def boundary(self):
        """The decision boundary's contour (None while p(class 1) does not cross 1/2)."""
        return self.map.boundary

    def update(self, depth, activation):
        depth = integer(depth, "depth", 1, MAX_DEPTH)
        activation = _activation(activation, known=ACTIVATION_CHOICES)
        model, acc = train_on_circles(depth, activation, self.seed)
        P = sigmoid(model.forward(self.points)[:, 0])  # p(class 1) on the grid
        self.map.update(P.reshape(GRID, GRID))
        self.ax.set_title(f"{depth} hidden layer{'s' if depth > 1 else ''}, activation {activation}: "
                          f"train accuracy {acc:.2f}")


EXPLORERS = [CollapseExplorer]
