r"""Notebook 01, slide "Can it be another linear model?": stacked linear layers collapse.

$\hat y = w^T \tilde x = w^T (W x) = (w^T W) x = w'^T x$: without a nonlinearity, any stack of
Dense layers is one linear map. ``collapse`` multiplies a stack out; the figures and the
explorer train deep linear and nonlinear nets on circles and draw their decision boundaries.
Trained to convergence (``train_linear_stack``), a linear stack ends at logistic regression's
minimiser (``logistic_regression``), although its loss is not convex in the weights
(``rescaled``, ``along_line``, ``nonconvex_line_figure``); ``EffectiveWeightsExplorer`` shows the
collapsed map of each depth, step by step.
"""

from __future__ import annotations

import copy
import ipywidgets as widgets
import matplotlib
import numpy as np

from .. import landscape, plotting
from .._checks import all_finite, array, choice, first_nonfinite, instance, int_list, integer, number
from .._checks import seed as checked_seed
from ..activations import ACTIVATIONS, sigmoid
from ..data import circles
from ..errors import InputError
from ..layers import Activation, Dense, Sequential, mlp
from ..losses import BCEWithLogitsLoss
from ..optim import SGD, Adam
from ..training import TrainingDiverged, accuracy, fit
from .base import Explorer, control

__all__ = ["collapse", "circles_data", "train_on_circles", "depth_figure", "logistic_regression",
           "train_linear_stack", "rescaled", "along_line", "effective_loss", "nonconvex_line_figure",
           "CollapseExplorer", "EffectiveWeightsExplorer", "EXPLORERS"]

#: the explorer's activations, names of lecture_nn.ACTIVATIONS: no nonlinearity and two nonlinear ones
ACTIVATION_CHOICES = ("identity", "relu", "tanh")
WIDTH = 16  # hidden units per layer
GRID = 120  # heat-map resolution of the decision boundary
RANGE = (-1.5, 1.5)
MAX_DEPTH = 50  # hidden layers train_on_circles trains (the figures show up to 8, the explorer 6)
MAX_EPOCHS = 20_000
MAX_WORK = 100_000  # depth x epochs of one training (the notebook's largest: 8 x 150)
GD_LR = 0.5  # train_linear_stack's plain gradient descent: at every depth 1..8 it settles within 500 steps
GD_STEPS = 500
MAX_GD_STEPS = 20_000
EXPLORER_DEPTHS = range(1, 9)  # the rows of EffectiveWeightsExplorer's heat map
#: the steps EffectiveWeightsExplorer's slider stops at (the first ones move W_eff most)
EXPLORER_STEPS = (0, 1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500)


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


# --- the collapsed stack against logistic regression, and the non-convex parametrisation ------

def _logistic_loss(theta, A, y):
    """Mean logistic loss of the logits ``A @ theta`` (rows of A: (x, 1)), as BCEWithLogitsLoss computes it."""
    z = A @ theta
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))


def logistic_regression(X, y):
    r"""The exact minimiser $(w, b)$ of logistic regression's loss on (X, y), by Newton's method.

    $L(w, b) = \frac1N \sum_i \mathrm{BCE}\big(\sigma(w^T x_i + b), y_i\big)$, the loss
    ``BCEWithLogitsLoss`` gives a ``Dense(d, 1)`` layer; it is convex in $(w, b)$. Newton steps
    (halved until the loss falls) until the gradient is below $10^{-12}$. ``X``: (N, d) finite,
    $|x| \le 10^6$; ``y``: N labels 0/1. Returns ``(w, b)``: ``w`` of shape (d,), ``b`` a float.

    The minimiser is finite only if no line (hyperplane) separates the classes: on separable
    data the loss keeps falling as $w$ grows, and this refuses them instead of returning a
    huge $w$. It also refuses data where several $(w, b)$ give the same logits (fewer than
    $d + 1$ independent rows $(x_i, 1)$).
    """
    who = "logistic_regression"
    X = array(X, "X", ndim=2, who=who)
    N, d = X.shape
    if d < 1:
        raise InputError(f"{who}: X must have at least one column (N, d) with d >= 1, got shape {X.shape}")
    if np.abs(X).max() > 1e6:
        raise InputError(f"{who}: X has values up to {np.abs(X).max():.3g}; scale X to |x| <= 1e6")
    if isinstance(y, (str, bytes)) or y is None:
        raise InputError(f"{who}: y must be an array of N = {N} class labels 0 or 1, got {y!r}")
    y = array(y, "y", ndim=(1, 2), who=who).reshape(-1)
    if y.shape != (N,):
        raise InputError(f"{who}: y must hold N = {N} labels, one per row of X, got {y.size}")
    if not np.isin(y, (0.0, 1.0)).all():
        raise InputError(f"{who}: y must hold class labels 0 or 1, got the value {y[~np.isin(y, (0.0, 1.0))][0]:g}")
    A = np.c_[X, np.ones(N)]
    if np.linalg.matrix_rank(A) < d + 1:
        raise InputError(f"{who}: the rows (x, 1) of X span fewer than d + 1 = {d + 1} dimensions, so many "
                         "(w, b) give the same logits: the minimiser is not unique")
    theta = np.zeros(d + 1)
    loss = _logistic_loss(theta, A, y)
    for _ in range(200):
        p = sigmoid(A @ theta)
        gradient = A.T @ (p - y) / N
        hessian = (A * (p * (1 - p))[:, None]).T @ A / N
        if np.abs(gradient).max() < 1e-12:
            # a tiny gradient is no minimum yet: on separable data the loss flattens out as (w, b) grows.
            # There a line through theta classifies every point, or the curvature has all but vanished
            separates = np.all((A @ theta > 0) == (y == 1))
            if not separates and np.linalg.eigvalsh(hessian).min() > 1e-9:
                return theta[:d].copy(), float(theta[d])
            break
        try:
            step = np.linalg.solve(hessian, gradient)
        except np.linalg.LinAlgError:
            break  # the Hessian vanished: theta ran off to infinity
        for _ in range(60):  # halve the step until the loss falls
            new = theta - step
            new_loss = _logistic_loss(new, A, y)
            if new_loss <= loss:
                break
            step = step / 2
        else:
            break
        theta, loss = new, new_loss
        if np.abs(theta).max() > 1e8:
            break
    raise InputError(f"{who}: the loss has no finite minimum on these data X, y: (w, b) grew to "
                     f"{np.abs(theta).max():.3g} with the loss down to {loss:.3g}. A line separates the classes "
                     "(or one class is missing), so any (w, b) that separates them is beaten by twice it")


_stacks: dict = {}


def train_linear_stack(depth: int, seed: int = 0, steps: int = GD_STEPS):
    r"""A stack of ``depth`` hidden layers of 16 units and no activation, trained by plain gradient descent.

    The circles of ``seed`` (as ``circles_data``), ``mlp([2, 16, ..., 16, 1], activation="identity",
    rng=seed)``, ``BCEWithLogitsLoss``, full-batch ``SGD`` with lr = 0.5 for ``steps`` steps. Unlike
    Adam at a fixed learning rate, this settles: the collapsed $(W, b)$ reach logistic regression's
    minimiser. Returns ``(model, path)``: ``path`` (steps + 1, 3) holds the collapsed map after each
    step, rows $(w_1, w_2, b)$ of $W x + b$ (row 0: at the initial weights). Cached, handed out as
    fresh copies. ``depth``: 1 to 50; ``steps``: 1 to 20,000, depth x steps at most 100,000.
    """
    key = (integer(depth, "depth", 1, MAX_DEPTH), checked_seed(seed), integer(steps, "steps", 1, MAX_GD_STEPS))
    if key[0] * key[2] > MAX_WORK:
        raise InputError(f"train_linear_stack: depth x steps must be at most {MAX_WORK:,} (that trains for "
                         f"~10 s), got depth = {key[0]} x steps = {key[2]}")
    if key not in _stacks:
        depth, seed, steps = key
        X, y = circles_data(seed=seed)
        model = mlp([2] + [WIDTH] * depth + [1], activation="identity", rng=seed)
        path = np.empty((steps + 1, 3))

        def record(epoch, history=None):
            W, b = _collapse(model, "model")
            path[epoch, :2], path[epoch, 2] = W[0], b[0]

        record(0)
        try:
            fit(model, BCEWithLogitsLoss(), SGD(model.parameters(), lr=GD_LR), X, y, epochs=steps, callback=record)
        except TrainingDiverged as error:
            raise InputError(f"train_linear_stack(depth={depth}, seed={seed}, steps={steps}) could not train: "
                             f"{error} A smaller depth trains.") from None
        _stacks[key] = (model, path)
    return copy.deepcopy(_stacks[key])


def _linear_stack(model, who):
    """``model`` checked as a stack of at least two Dense layers with identity activations; its Dense layers."""
    instance(model, "model", Sequential, "train_linear_stack(2)[0]")
    collapse(model)  # only Dense and identity layers, finite weights
    dense = [layer for layer in model.layers if isinstance(layer, Dense)]
    if len(dense) < 2:
        raise InputError(f"{who}: model needs at least two Dense layers (W_1 and W_2), got {len(dense)}")
    return dense


def rescaled(model, c):
    r"""A copy of a linear stack with $(W_1, b_1) \to (c W_1, c b_1)$ and $W_2 \to W_2 / c$: the same function.

    $W_2 (c W_1 x + c b_1) / c = W_2 (W_1 x + b_1)$, so every output, the loss and the collapsed
    $(W, b)$ stay; only the parameters move. ``c = -1`` flips the signs of the first two layers.
    ``model``: a ``Sequential`` of Dense layers with identity activations (at least two);
    ``c``: a number with $10^{-3} \le |c| \le 10^3$.
    """
    _linear_stack(model, "rescaled")
    c = number(c, "c", -1e3, 1e3)
    if abs(c) < 1e-3:
        raise InputError(f"rescaled: c must satisfy 1e-3 <= |c| <= 1e3 (c = 0 would erase the first layer), got {c:g}")
    return landscape.rescaled(model, c)  # through the identity: any c


def along_line(model_a, model_b, t, seed=0):
    r"""The loss and the collapsed map along the straight line $\theta(t) = (1 - t)\,\theta_A + t\,\theta_B$.

    $\theta_A$, $\theta_B$: every weight and bias of ``model_a`` and ``model_b``, two linear stacks of
    the same shape; ``t``: numbers (|t| <= 100). Returns ``(L, W_eff)``: ``L[k]`` the loss of the stack
    $\theta(t_k)$ on the circles of ``seed``, ``W_eff[k]`` its collapsed $(w_1, w_2, b)$.
    """
    for name, model in (("model_a", model_a), ("model_b", model_b)):
        instance(model, name, Sequential, "train_linear_stack(2)[0]")
        try:
            collapse(model)
        except InputError as error:  # it speaks of "model": say which one
            raise InputError(f"along_line: {name}: {error}") from None
    shapes_a = [p.value.shape for p in model_a.parameters()]
    shapes_b = [p.value.shape for p in model_b.parameters()]
    if shapes_a != shapes_b:
        raise InputError(f"along_line: model_a and model_b must have the same layer shapes, got {shapes_a} "
                         f"and {shapes_b}")
    if shapes_a[0][1] != 2 or shapes_a[-1] != (1,):
        raise InputError(f"along_line: the stacks must map d = 2 inputs (the circles) to 1 output, got "
                         f"{shapes_a[0][1]} -> {shapes_a[-1][0]}")
    t = array(t, "t", ndim=(0, 1), who="along_line").reshape(-1)
    if np.abs(t).max() > 100:
        raise InputError(f"along_line: t must lie in [-100, 100], got {np.abs(t).max():g}")
    X, y = circles_data(seed=seed)
    point = copy.deepcopy(model_a)
    losses, maps = np.empty(len(t)), np.empty((len(t), 3))
    loss_fn = BCEWithLogitsLoss()
    for k, tk in enumerate(t):
        for p, pa, pb in zip(point.parameters(), model_a.parameters(), model_b.parameters()):
            p.value[...] = (1 - tk) * pa.value + tk * pb.value
        losses[k] = loss_fn.forward(point.forward(X), y)
        W, b = _collapse(point, "model")
        maps[k, :2], maps[k, 2] = W[0], b[0]
    return losses, maps


def effective_loss(W_eff, seed=0):
    r"""The loss of the single linear model $W x + b$ on the circles of ``seed``, for each row $(w_1, w_2, b)$.

    ``W_eff``: shape (3,) or (n, 3), finite, |values| <= 10^4. This is the loss as a function of the
    collapsed map alone: the logistic regression loss, convex in $(w_1, w_2, b)$.
    """
    W_eff = array(W_eff, "W_eff", ndim=(1, 2), who="effective_loss")
    rows = W_eff.reshape(-1, W_eff.shape[-1])
    if rows.shape[1] != 3:
        raise InputError(f"effective_loss: W_eff must have rows (w_1, w_2, b), shape (3,) or (n, 3), "
                         f"got shape {W_eff.shape}")
    if np.abs(rows).max() > 1e4:
        raise InputError(f"effective_loss: W_eff has values up to {np.abs(rows).max():.3g}, at most 1e4 allowed")
    X, y = circles_data(seed=seed)
    A = np.c_[X, np.ones(len(X))]
    losses = np.array([_logistic_loss(row, A, y) for row in rows])
    return losses if W_eff.ndim == 2 else float(losses[0])


def nonconvex_line_figure(depth=2, seed=0, c=3.0):
    r"""Left: the loss along two straight lines in parameter space between equivalent stacks; right: the
    same points as a function of the collapsed map, on a convex curve.

    The stack is ``train_linear_stack(depth, seed)`` (a minimum); the lines go to ``rescaled(model, -1)``
    (signs of $W_1, b_1, W_2$ flipped) and to ``rescaled(model, c)``, for $t$ from -0.25 to 1.25.
    ``depth``: 1 to 8 hidden layers; ``c``: 1.5 to 10.
    """
    depth = integer(depth, "depth", 1, 8)
    seed = checked_seed(seed)
    c = number(c, "c", 1.5, 10.0)
    model, _ = train_linear_stack(depth, seed)
    t = np.linspace(-0.25, 1.25, 121)  # t = 0 and t = 1 are grid points, and so is the midpoint 0.5
    ends = [np.flatnonzero(np.isclose(t, v))[0] for v in (0.0, 0.5, 1.0)]
    fig, (ax1, ax2) = plotting.new_figure(1, 2, figsize=(10.0, 4.0))
    lines = []  # (L, collapsed maps, colour, what the line's points are called on the right)
    for label, twin, colour in ((r"to $(-W_1, -b_1, -W_2)$: signs flipped", rescaled(model, -1), "orange"),
                                (rf"to $({c:g}W_1, {c:g}b_1, W_2/{c:g})$: rescaled", rescaled(model, c), "blue")):
        L, maps = along_line(model, twin, t, seed)
        lines.append((L, maps, plotting.OKABE_ITO[colour], f"the points of the {colour} line"))
        ax1.plot(t, L, color=plotting.OKABE_ITO[colour], lw=2, label=label)
    end_loss = lines[0][0][ends[0]]  # the same at both ends of both lines: the same function
    ax1.plot([0, 1], [end_loss, end_loss], ":", color="black", lw=1.2, label="chord: a convex loss stays below it")
    ax1.plot([0, 1], [end_loss, end_loss], "o", color="black", ms=6, zorder=3)
    ax1.set_xlabel(r"$t$ in $\theta(t) = (1-t)\,\theta_A + t\,\theta_B$")
    ax1.set_ylabel("loss $L$")
    ax1.set_title(f"{depth} hidden layer{'s' if depth > 1 else ''}: along a line in parameter space")
    ax1.legend(fontsize=8, loc="upper center")
    # every collapsed map of both lines lies on the line through W_0 (the sign flip's midpoint) and W*
    W_star, W_zero = lines[0][1][ends[0]], lines[0][1][ends[1]]
    direction = W_star - W_zero
    s = np.linspace(-0.6, 2.6, 161)
    ax2.plot(s, effective_loss(W_zero + s[:, None] * direction, seed), color="black", lw=2,
             label=r"$L$ of $W_{\mathrm{eff}} = W_0 + s\,(W^* - W_0)$")
    for L, maps, colour, label in lines:
        where = (maps - W_zero) @ direction / (direction @ direction)
        ax2.plot(where[::6], L[::6], "o", color=colour, ms=5, alpha=0.8, label=label)
    ax2.set_xlabel(r"$s$ (0: $W_0$, the map at the orange line's midpoint; 1: $W^*$)")
    ax2.set_ylabel("loss $L$")
    ax2.set_title(r"the same points as a function of $W_{\mathrm{eff}}$: convex")
    ax2.legend(fontsize=8, loc="upper center")
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
        points = list(ax.collections[-2:])  # class 0, class 1
        fig.colorbar(self.image, ax=ax, label="p(class 1)", shrink=0.8)
        # what update moves is drawn over a cached background (ticks, labels, colour bar: most of the
        # cost), with what lies over it: the points, the spines (and the legend, if any)
        over = [ax.get_legend()] if ax.get_legend() is not None else []
        animated = [self.map, *points, *ax.spines.values(), ax.title, *over]
        super().__init__(fig, controls, title="Does depth help without a nonlinearity?", animated=animated)

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


class EffectiveWeightsExplorer(Explorer):
    r"""Heat map of the collapsed $W_{\mathrm{eff}} = (w_1, w_2)$ and $b$ of linear stacks of 1 to ``depth``
    hidden layers after ``step`` steps of gradient descent, under logistic regression's minimiser.

    The runs are ``train_linear_stack(depth, seed)`` for depths 1 to 8, trained once when the
    explorer is built (~2 s) and then only looked up. Right: how far each run's map is from the
    minimiser, against the step. ``depth``: 1 to 8; ``step``: one of ``EXPLORER_STEPS``.
    """

    def __init__(self, depth=8, step=10, seed=0):
        controls = {
            "depth": control(widgets.IntSlider, "depth", depth, min=EXPLORER_DEPTHS[0], max=EXPLORER_DEPTHS[-1],
                             description="hidden layers"),
            "step": control(widgets.SelectionSlider, "step", step, options=list(EXPLORER_STEPS),
                            description="GD step"),
        }
        self.seed = checked_seed(seed)
        X, y = circles_data(seed=self.seed)
        w, b = logistic_regression(X, y)
        self.minimiser = np.r_[w, b]
        self.paths = np.array([train_linear_stack(depth, self.seed)[1] for depth in EXPLORER_DEPTHS])
        #: max |W_eff - minimiser| per depth and step (a floor of 1e-17 for the log axis)
        self.distance = np.maximum(np.abs(self.paths - self.minimiser).max(axis=2), 1e-17)
        rows = len(EXPLORER_DEPTHS) + 1
        fig, (ax, ax2) = plotting.new_figure(1, 2, figsize=(10.0, 4.6))
        self.ax, self.ax_distance = ax, ax2
        vmax = float(np.ceil(10 * np.abs(self.paths[:, : max(EXPLORER_STEPS) + 1]).max()) / 10)
        cmap = matplotlib.colormaps["RdBu_r"].with_extremes(bad="#EEEEEE")  # rows not shown: grey
        self.image = ax.imshow(np.full((rows, 3), np.nan), cmap=cmap, vmin=-vmax, vmax=vmax, aspect="auto",
                               interpolation="nearest")
        ax.set_xticks(range(3), ["$w_1$", "$w_2$", "$b$"])
        ax.set_yticks(range(rows), [f"{d} hidden" for d in EXPLORER_DEPTHS] + ["logistic\nregression"])
        self.separator = ax.axhline(rows - 1.5, color="black", lw=2)
        ax.grid(False)
        fig.colorbar(self.image, ax=ax, label="$w_1$, $w_2$ or $b$", shrink=0.8)
        self.cells = [[ax.text(j, i, "", ha="center", va="center", fontsize=8) for j in range(3)]
                      for i in range(rows)]
        for j, value in enumerate(self.minimiser):
            self.cells[-1][j].set_text(f"{value:.4f}")
        steps = np.arange(self.paths.shape[1])
        self.curves = [ax2.plot(steps, self.distance[k], color=plotting.OKABE_ITO["blue"], lw=1, alpha=0.35)[0]
                       for k in range(len(EXPLORER_DEPTHS))]
        self.marker = ax2.axvline(0, color=plotting.OKABE_ITO["vermillion"], lw=1.5)
        threshold = [ax2.axhline(5e-5, color="black", ls=":", lw=1),
                     ax2.text(steps[-1], 5e-5, "agree to 4 decimals ", ha="right", va="bottom", fontsize=8)]
        ax2.set_xscale("symlog", linthresh=10)
        ax2.set_yscale("log")
        ax2.set_ylim(1e-17, 10)
        ax2.set_xlim(0, steps[-1])
        ax2.set_xlabel("gradient descent step")
        ax2.set_ylabel("largest |difference| in $w_1, w_2, b$")
        ax2.set_title("distance to logistic regression")
        # what update moves is drawn over a cached background (axes, ticks, colour bar: most of the cost),
        # with what lies over it: the spines, the 4-decimals line and its label
        animated = [self.image, self.separator, *[cell for row in self.cells for cell in row], *ax.spines.values(),
                    ax.title, *self.curves, self.marker, *threshold, *ax2.spines.values()]
        super().__init__(fig, controls, title="The collapsed map of deeper and deeper linear stacks",
                         animated=animated)

    def update(self, depth, step):
        depth, step = self.checked(depth=depth, step=step).values()
        values = np.full((len(EXPLORER_DEPTHS) + 1, 3), np.nan)
        values[:depth] = self.paths[:depth, step]
        values[-1] = self.minimiser
        self.image.set_data(values)
        for i in range(len(EXPLORER_DEPTHS)):  # numbers on the deepest row only: text is most of a picture's cost
            for j in range(3):
                self.cells[i][j].set_text(f"{values[i, j]:.4f}" if i == depth - 1 else "")
        for k, curve in enumerate(self.curves):
            curve.set_visible(k < depth)
            curve.set_linewidth(2.5 if k == depth - 1 else 1)
            curve.set_alpha(1.0 if k == depth - 1 else 0.35)
        self.marker.set_xdata([step, step])
        depths = f"depths 1 to {depth}" if depth > 1 else "depth 1"
        self.ax.set_title(f"collapsed (W, b) after {step} step{'s' if step != 1 else ''}, {depths}")


EXPLORERS = [CollapseExplorer, EffectiveWeightsExplorer]
