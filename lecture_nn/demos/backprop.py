r"""Figures and explorer of notebook ``04_backpropagation.ipynb``.

Slides "Backpropagation", "Loss function" and "Calculating derivatives":
$L = \frac1N \sum_i \left(y_i - w^T g(W x_i)\right)^2$ and

$$\frac{\partial L}{\partial W} = \underbrace{\frac{\partial L(y, \hat f)}{\partial \hat f}}_{\text{scalar}}
\cdot \underbrace{\frac{\partial \text{Dense2}}{\partial \text{Activation1}}}_{d'\text{-vector}}
\cdot \underbrace{\frac{\partial \text{Activation1}}{\partial \text{Dense1}}}_{d' \times d' \text{ (diagonal)}}
\cdot \underbrace{\frac{\partial \text{Dense1}}{\partial W}}_{d' \times d' \times d \text{ tensor}}$$

* :func:`chain_rule_factors` and :func:`factors_figure` — the four factors for one sample as
  numpy arrays, drawn as coloured grids (zeros white: the diagonal matrix and the sparse tensor);
* :func:`multiply_adds`, :func:`measure_cost` and :func:`cost_figure` — one backward pass against
  finite differences ($2P$ forward passes) as the parameter count $P$ grows, counted in
  multiply-adds and timed;
* :func:`chain_order_cost` — the chain rule's product multiplied from the loss (vector times matrix,
  backprop) or from the input (matrix times matrix), counted in multiply-adds;
* :func:`tiny_network_steps` and :class:`BackpropStepsExplorer` — one forward and one backward
  pass through a $d = 2$, $d' = 3$ network, step by step, with lecture_nn's names (Z1, A1, dZ2, ...).

The network, the losses and the gradient check are lecture_nn's; nothing is re-implemented here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .._checks import (all_finite, array, as_rng, choice, first_nonfinite, flag, instance, int_list, integer, number,
                       unknown_name)
from ..activations import ACTIVATIONS, SLIDE_ACTIVATIONS, get_activation
from ..errors import InputError
from ..gradcheck import numerical_gradient
from ..layers import mlp
from ..losses import MSELoss
from ..plotting import new_figure, plain_log_axis
from .base import Explorer, control

__all__ = ["FACTOR_NAMES", "chain_rule_factors", "factors_figure", "multiply_adds", "chain_order_cost",
           "Cost", "measure_cost", "cost_figure", "TINY_NETWORK", "Step", "tiny_network_steps",
           "BackpropStepsExplorer", "EXPLORERS"]

FORWARD = "#0072B2"   # Okabe–Ito blue: values computed by the forward pass
BACKWARD = "#D55E00"  # Okabe–Ito vermillion: gradients computed by the backward pass


def _g(name: str):
    """``(g, g')`` of lecture_nn's activations, with their default parameters."""
    spec = get_activation(name)
    return spec.function, spec.derivative


def _unwrap_0d(value):
    """A 0-d numpy array as its one number (a list validator would try to iterate over it)."""
    return value[()] if isinstance(value, np.ndarray) and value.ndim == 0 else value


def _activation(value, argument: str = "activation", known=ACTIVATIONS) -> str:
    """The activation's lecture_nn name (``"ReLU"`` is ``"relu"``), or an error naming ``argument``."""
    return choice(value, argument, list(known), kind="activation")


# --- "Calculating derivatives": the four factors of the chain rule for one sample -----------------

#: the chain-rule slide's factors, in its order, with the shape the slide claims
FACTOR_NAMES = {
    "dL/df": "scalar",
    "dDense2/dActivation1": "d'-vector",
    "dActivation1/dDense1": "d' x d' matrix (diagonal)",
    "dDense1/dW": "d' x d' x d tensor = d' x d matrix",
}


def chain_rule_factors(W, w, x, y: float, activation: str = "tanh") -> dict:
    r"""The four factors of $\partial L/\partial W$ for one sample, $L = (y - w^T g(Wx))^2$.

    * ``dL/df`` $= -2 (y - \hat y)$, a scalar (shape ``()``);
    * ``dDense2/dActivation1`` $= \partial \hat y / \partial a = w$, shape (d',);
    * ``dActivation1/dDense1`` $= \partial a / \partial z = \mathrm{diag}(g'(z))$, shape (d', d');
    * ``dDense1/dW`` $= \partial z_j / \partial W_{kl} = \delta_{jk} x_l$, shape (d', d', d).
    """
    W, w, x, y, activation = _sample(W, w, x, y, activation, "chain_rule_factors")
    return _factors(W, w, x, y, activation, "chain_rule_factors")


MAX_TENSOR = 10_000_000  # entries of the d' x d' x d tensor chain_rule_factors builds (80 MB)


def _sample(W, w, x, y, activation, who):
    """The one-sample network of the chain-rule slide, checked: float arrays W (d', d), w (d',), x (d,)."""
    W = array(W, "W", ndim=2, who=who)
    w, x = array(w, "w", who=who), array(x, "x", who=who)
    d_hidden, d = W.shape
    if w.shape != (d_hidden,) or x.shape != (d,):
        raise InputError(f"{who} expects W (d', d), w (d',), x (d,); got W {W.shape}, w {w.shape}, x {x.shape}")
    if d_hidden * d_hidden * d > MAX_TENSOR:
        raise InputError(f"{who}: W of shape {W.shape} makes the d' x d' x d tensor dDense1/dW "
                         f"{d_hidden * d_hidden * d:,} entries, more than {MAX_TENSOR:,}; use a smaller W")
    return W, w, x, number(y, "y"), _activation(activation)


def _factors(W, w, x, y, activation, who):
    g, g_prime = _g(activation)
    d_hidden = W.shape[0]
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported below, by name
        z = W @ x  # (d',)
        y_hat = w @ g(z)  # scalar
        factors = {
            "dL/df": np.asarray(-2.0 * (y - y_hat)),
            "dDense2/dActivation1": w.copy(),
            "dActivation1/dDense1": np.diag(g_prime(z)),
            "dDense1/dW": np.einsum("jk,l->jkl", np.eye(d_hidden), x),
        }
    for name, value in factors.items():
        if not all_finite(value):
            raise InputError(f"{who}: the values of W, w, x and y are too large: {name} overflows "
                             f"({first_nonfinite(np.atleast_1d(value))}); use entries of moderate size")
    return factors


def _grid(ax, M, left, top, cell=1.0, label_values=True, fontsize=8):
    """Draw matrix M (rows top to bottom) as coloured cells; zeros white, signs red / blue."""
    M = np.atleast_2d(M)
    rows, cols = M.shape
    vmax = float(np.max(np.abs(M))) or 1.0
    extent = (left, left + cols * cell, top - rows * cell, top)
    ax.imshow(M, cmap="RdBu_r", vmin=-vmax, vmax=vmax, extent=extent, interpolation="nearest", zorder=1)
    for r in range(rows + 1):
        ax.plot([left, left + cols * cell], [top - r * cell] * 2, color="0.6", lw=0.6, zorder=2)
    for c in range(cols + 1):
        ax.plot([left + c * cell] * 2, [top, top - rows * cell], color="0.6", lw=0.6, zorder=2)
    if label_values:
        for r in range(rows):
            for c in range(cols):
                v = M[r, c]
                text = "0" if v == 0 else f"{v:.2f}"
                color = "0.6" if v == 0 else ("white" if abs(v) > 0.6 * vmax else "black")
                ax.text(left + (c + 0.5) * cell, top - (r + 0.5) * cell, text, ha="center", va="center",
                        fontsize=fontsize, color=color, zorder=3)
    return extent


def factors_figure(W, w, x, y: float, activation: str = "tanh"):
    r"""The slide's product $\partial L/\partial W$ = scalar · $d'$-vector · diagonal · tensor, as coloured grids.

    Each factor is drawn with its values (red positive, blue negative, white zero, each factor
    on its own colour scale). The tensor $\partial z_j/\partial W_{kl} = \delta_{jk} x_l$ is drawn
    as its $d'$ slices $j$, each a $d' \times d$ grid with one non-zero row ($x$ in row $k = j$).
    On the right: the result $\partial L/\partial W$, a $d' \times d$ matrix. Every entry is drawn
    with its value, so $W$ has at most 8 rows and 8 columns.
    """
    who = "factors_figure"
    W, w, x, y, activation = _sample(W, w, x, y, activation, who)
    if max(W.shape) > 8:
        raise InputError(f"{who} draws every entry: W must have at most 8 rows (d') and 8 columns (d), "
                         f"got shape {W.shape}")
    f = _factors(W, w, x, y, activation, who)
    T = f["dDense1/dW"]
    d_hidden, _, d = T.shape
    dL_dW = np.einsum("j,jk,kml->ml", float(f["dL/df"]) * f["dDense2/dActivation1"],
                      f["dActivation1/dDense1"], T)
    fig, ax = new_figure()
    ax.set_axis_off()
    ax.grid(False)
    top, gap = float(d_hidden), 1.3
    blocks = []  # (extent, label under it)
    left = 0.0

    def operator(sym):
        nonlocal left
        ax.text(left + gap / 2, top - d_hidden / 2, sym, ha="center", va="center", fontsize=16)
        left += gap

    blocks.append((_grid(ax, [[float(f["dL/df"])]], left, top - (d_hidden - 1) / 2),
                   r"$\dfrac{\partial L}{\partial \hat f}$" + "\nscalar"))
    left += 1
    operator("·")
    blocks.append((_grid(ax, f["dDense2/dActivation1"][None, :], left, top - (d_hidden - 1) / 2),
                   r"$\dfrac{\partial\,\mathrm{Dense2}}{\partial\,\mathrm{Activation1}} = w^T$" + "\nd′-vector"))
    left += d_hidden
    operator("·")
    blocks.append((_grid(ax, f["dActivation1/dDense1"], left, top),
                   r"$\dfrac{\partial\,\mathrm{Activation1}}{\partial\,\mathrm{Dense1}} = \mathrm{diag}(g'(z))$"
                   + "\nd′ × d′ (diagonal)"))
    left += d_hidden
    operator("·")
    start = left
    for j in range(d_hidden):
        _grid(ax, T[j], left, top)
        ax.text(left + d / 2, top + 0.15, f"j = {j + 1}", ha="center", va="bottom", fontsize=9, color="0.3")
        left += d + (0.6 if j < d_hidden - 1 else 0)
    blocks.append(((start, left, 0.0, top),
                   r"$\dfrac{\partial\,\mathrm{Dense1}}{\partial W}$: $\dfrac{\partial z_j}{\partial W_{kl}} = "
                   r"\delta_{jk}\, x_l$" + "\nd′ × d′ × d tensor = d′ × d matrix"))
    operator("=")
    blocks.append((_grid(ax, dL_dW, left, top), r"$\dfrac{\partial L}{\partial W}$" + "\nd′ × d"))
    left += d
    for (x0, x1, y0, _), label in blocks:
        formula, shape = label.split("\n")
        ax.plot([x0, x0, x1, x1], [y0 - 0.25, y0 - 0.4, y0 - 0.4, y0 - 0.25], color="0.3", lw=1.0)
        ax.text((x0 + x1) / 2, y0 - 0.55, formula, ha="center", va="top", fontsize=11)
        ax.text((x0 + x1) / 2, y0 - 1.85, shape, ha="center", va="top", fontsize=11)
    ax.set_xlim(-0.3, left + 0.3)
    ax.set_ylim(-2.7, top + 0.7)
    ax.set_aspect("equal")
    inch = 0.42  # per grid cell
    fig.set_size_inches(round(inch * (left + 0.6) + 0.3, 1), round(inch * (top + 3.4) + 0.5, 1))
    ax.set_title(f"the chain rule for one sample (d = {d}, d′ = {d_hidden}, g = {activation}): "
                 "red > 0, blue < 0, white = 0", fontsize=12)
    return fig


# --- "The actual algorithm states how to do it efficiently": cost against finite differences -----

DEFAULT_WIDTHS = (1, 3, 10, 30, 100, 300, 1000)
MAX_PASSES = 300_000  # forward passes measure_cost may spend on finite differences (the notebook: ~29,000)
MAX_WORK = 3e10       # and multiply-adds (the notebook: ~1.6e9)


def multiply_adds(sizes, N: int, input_grad: bool = True) -> tuple[int, int]:
    r"""Multiply-adds of the matrix products of one forward and one backward pass of ``mlp(sizes)``.

    Each ``Dense(d_in -> d_out)`` on $N$ samples does one product forward, $Z = X W^T$, and two
    backward, $dW = dZ^T X$ and $dX = dZ\, W$, each of $N \cdot d_{in} \cdot d_{out}$ multiply-adds;
    so a backward pass costs twice a forward pass. ``input_grad=False`` skips the first layer's
    $dX$ (nobody needs $\partial L/\partial X$; ``fit`` skips it). The elementwise work (biases,
    $g$, $g'$, $O(N d')$ per layer) is left out. Returns ``(forward, backward)``.
    """
    sizes = int_list(_unwrap_0d(sizes), "sizes", low=1, min_length=2)
    N, input_grad = integer(N, "N", low=1), flag(input_grad, "input_grad")
    products = [N * d_in * d_out for d_in, d_out in zip(sizes[:-1], sizes[1:])]  # one per Dense
    forward = sum(products)
    backward = 2 * forward - (0 if input_grad else products[0])
    return forward, backward


def chain_order_cost(sizes) -> tuple[int, int]:
    r"""Multiply-adds of $\delta_1 = \partial L / \partial z_1$ for one sample of ``mlp(sizes)``, from either end.

    With $z_l = W_l a_{l-1} + b_l$, $a_l = g(z_l)$ and one output $\hat y = z_L$, the chain rule writes
    $\delta_1^T$ as the row $\delta_L^T$ times the Jacobians $J_l = \partial z_{l+1} / \partial z_l
    = W_{l+1} \operatorname{diag}(g'(z_l))$, of shape $d_{l+1} \times d_l$:
    $\delta_1^T = \delta_L^T J_{L-1} \cdots J_2 J_1$. The product is the same from either end; its cost is not.

    * **from the loss** (backprop): $\delta_l = (W_{l+1}^T \delta_{l+1}) \odot g'(z_l)$ for
      $l = L-1, \dots, 1$, a vector times a matrix each time, $d_{l+1} d_l$ multiply-adds, and every
      $\delta_l$ is found on the way;
    * **from the input**: $J_2 J_1$, then $J_3 (J_2 J_1)$, ..., a matrix times a matrix each time,
      $d_{l+1} d_l d_1$ multiply-adds for $J_l (J_{l-1} \cdots J_1)$, then $\delta_L^T$ times the
      $d_L \times d_1$ result.

    As :func:`multiply_adds`, only the matrix products are counted (the elementwise $\odot g'$ and
    forming $J_l$ from $W_{l+1}$ are left out, though the second route needs them too).
    ``sizes`` are $d_0, \dots, d_L$ with at least one hidden layer. Returns ``(from_loss, from_input)``.
    """
    sizes = int_list(_unwrap_0d(sizes), "sizes", low=1, min_length=3)
    d, L = sizes, len(sizes) - 1
    from_loss = sum(d[l + 1] * d[l] for l in range(1, L))
    from_input = sum(d[l + 1] * d[l] * d[1] for l in range(2, L)) + d[L] * d[1]
    return from_loss, from_input


@dataclass(frozen=True)
class Cost:
    """One gradient, backprop against finite differences, for each parameter count ``P``.

    Measured seconds (machine-dependent): ``backprop`` (1 forward + 1 backward pass),
    ``finite_differences`` (2P forward passes). Counted multiply-adds of the matrix products
    (the same on every machine): ``forward_ops`` and ``backward_ops`` per pass.
    """

    P: np.ndarray
    backprop: np.ndarray
    finite_differences: np.ndarray
    forward_ops: np.ndarray
    backward_ops: np.ndarray

    def __post_init__(self):
        # one entry per parameter count, each a 1-D array: counts are integers, times are > 0
        n = None
        for name, counted in (("P", True), ("backprop", False), ("finite_differences", False),
                              ("forward_ops", True), ("backward_ops", True)):
            raw = getattr(self, name)
            if isinstance(raw, np.ndarray) and raw.dtype.kind == "b" or isinstance(raw, (bool, np.bool_)):
                raise InputError(f"Cost: {name} must be an array of numbers, got booleans")
            a = array(raw, name, ndim=1, who="Cost")
            n = a.shape[0] if n is None else n
            if a.shape[0] != n:
                raise InputError(f"Cost: {name} must have one entry per parameter count, like P ({n}), "
                                 f"got shape {a.shape}")
            if counted:
                low = 1 if name == "P" else 0
                if np.any(a != np.round(a)) or a.min() < low or a.max() >= 2.0 ** 62:
                    raise InputError(f"Cost: {name} must hold whole counts from {low} to 2**62, got {a.tolist()}")
                kind = np.asarray(raw).dtype.kind
                a = np.asarray(raw, dtype=np.int64) if kind in "iu" else a.astype(np.int64)
            elif a.min() <= 0:
                raise InputError(f"Cost: {name} must hold measured seconds > 0, got {a.tolist()}")
            object.__setattr__(self, name, a)

    @property
    def ratio(self) -> np.ndarray:
        """Measured: how many times longer finite differences took."""
        return self.finite_differences / self.backprop

    @property
    def backprop_ops(self) -> np.ndarray:
        return self.forward_ops + self.backward_ops

    @property
    def finite_differences_ops(self) -> np.ndarray:
        return 2 * self.P * self.forward_ops

    @property
    def ops_ratio(self) -> np.ndarray:
        """Counted: how many times more multiply-adds finite differences need (2P/3)."""
        return self.finite_differences_ops / self.backprop_ops


def _best_time(fn, budget: float) -> float:
    """Fastest of repeated runs of ``fn`` (at least one, until ``budget`` seconds are spent)."""
    times: list[float] = []
    while not times or (sum(times) < budget and len(times) < 200):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _gradient_routes(model, loss_fn, X, y):
    """Two ways to get every dL/d(parameter): backprop, and central differences of every entry."""

    def backprop():
        loss_fn.forward(model.forward(X), y)
        model.backward(loss_fn.backward())

    def loss(_):
        return loss_fn.forward(model.forward(X), y)

    def finite_differences():
        for p in model.parameters():
            numerical_gradient(loss, p.value)

    return backprop, finite_differences


def measure_cost(widths=DEFAULT_WIDTHS, d: int = 8, N: int = 8, activation: str = "relu", rng=0) -> Cost:
    r"""Time one gradient of ``mlp([d, d', 1])`` for each width $d'$: backprop against central differences.

    Backprop: one forward and one backward pass (the fastest of repeats). Finite differences:
    ``numerical_gradient`` of every parameter, i.e. $2P$ forward passes, $P = d'(d + 2) + 1$.
    Timings depend on the machine: show them in a figure, never print or test them; the counted
    multiply-adds (:func:`multiply_adds`) are exact. Finite differences cost $2P$ forward passes per
    width: a setting that would take more than about a minute is refused.
    """
    widths = int_list(_unwrap_0d(widths), "widths", low=1)
    if len(widths) > 20:
        raise InputError(f"measure_cost: widths must hold at most 20 widths (each is timed for ~0.04 s), "
                         f"got {len(widths)}")
    d, N = integer(d, "d", 1, 10_000), integer(N, "N", 1, 100_000)
    activation = _activation(activation)
    as_rng(rng)  # refuses what is not a seed or a Generator
    passes = sum(2 * (width * (d + 2) + 1) for width in widths)
    work = sum(2 * (width * (d + 2) + 1) * N * (d + 1) * width for width in widths)
    if passes > MAX_PASSES or work > MAX_WORK:
        raise InputError(f"measure_cost: finite differences need 2P forward passes per width; widths = {widths}, "
                         f"d = {d}, N = {N} make {passes:,} passes and {work:.1e} multiply-adds, more than "
                         f"{MAX_PASSES:,} passes or {MAX_WORK:.0e} multiply-adds; use smaller widths, d or N")
    gen = np.random.default_rng(rng)
    X = gen.standard_normal((N, d))
    y = gen.standard_normal((N, 1))
    P, t_bp, t_fd, ops = [], [], [], []
    for width in widths:
        model = mlp([d, width, 1], activation=activation, rng=rng)
        P.append(model.n_params)
        ops.append(multiply_adds([d, width, 1], N))  # model.backward computes dX too: input_grad=True
        backprop, finite_differences = _gradient_routes(model, MSELoss(), X, y)
        t_bp.append(_best_time(backprop, budget=0.02))
        t_fd.append(_best_time(finite_differences, budget=0.02))
    forward_ops, backward_ops = np.array(ops, dtype=np.int64).T
    return Cost(np.array(P), np.array(t_bp), np.array(t_fd), forward_ops, backward_ops)


def _against_P(ax, ylabel, title):
    """Labels, legend and plain-text log axes of a log-log panel against the parameter count P."""
    ax.set_xlabel("number of parameters P")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=9, loc="upper left")
    plain_log_axis(ax.xaxis, numticks=12)
    plain_log_axis(ax.yaxis, numticks=12)


def cost_figure(cost: Cost):
    """Left: seconds per gradient against P (log-log). Right: how many times slower finite differences are."""
    instance(cost, "cost", Cost, "measure_cost()")
    fig, (ax_t, ax_r) = new_figure(1, 2, figsize=(11.0, 4.2))
    P = cost.P
    ax_t.loglog(P, cost.finite_differences, "o-", color=BACKWARD, label="finite differences: 2P forward passes")
    ax_t.loglog(P, cost.backprop, "o-", color=FORWARD, label="backprop: 1 forward + 1 backward pass")
    ax_t.set_ylim(cost.backprop.min() / 3, cost.finite_differences.max() * 3)
    _against_P(ax_t, "seconds per gradient (this machine)", "time for one gradient ∂L/∂θ")
    ax_r.loglog(P, cost.ratio, "o-", color="#000000", label="measured time: finite differences / backprop")
    ax_r.loglog(P, cost.ops_ratio, "--", color="0.5", label="counted multiply-adds: 2P / 3")
    ax_r.set_ylim(1, max(cost.ratio.max(), cost.ops_ratio.max()) * 3)
    _against_P(ax_r, "finite differences / backprop", "how many times slower finite differences are")
    ax_r.text(0.98, 0.04, "every parameter costs finite differences 2 forward passes;\n"
              "backprop gets all P derivatives from one forward + one backward", transform=ax_r.transAxes,
              ha="right", va="bottom", fontsize=8.5, color="0.3",
              bbox=dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor="none"))
    return fig


# --- the explorer: one forward and one backward pass, step by step ---------------------------------

#: the explorer's network, d = 2 inputs, d' = 3 hidden units, one output, one sample (round numbers)
TINY_NETWORK = {
    "x": np.array([1.0, 0.5]),
    "W": np.array([[0.8, -0.4], [-0.6, 0.9], [0.3, 0.5]]),  # (d', d)
    "b": np.array([0.1, 0.0, -0.2]),  # (d',)
    "w": np.array([0.7, -0.5, 1.2]),  # (d',)
    "b2": 0.1,
    "y": 0.0,
}

#: each quantity's shape in the lecture's letters (batch form of lecture_nn, N = 1 here)
SHAPE_LETTERS = {"X": "(N, d)", "Z1": "(N, d')", "A1": "(N, d')", "Z2": "(N, 1)", "dZ2": "(N, 1)",
                 "dW2": "(1, d')", "db2": "(1,)", "dA1": "(N, d')", "dZ1": "(N, d')", "dW1": "(d', d)",
                 "db1": "(d',)"}


@dataclass(frozen=True)
class Step:
    """One line of the algorithm: what is computed, by which formula, its value(s) and shape."""

    key: str           # lecture_nn's name: X, Z1, A1, Z2, L, dZ2, dW2, dA1, dZ1, dW1
    label: str         # short label of the progress row (plain text)
    direction: str     # "forward" or "backward"
    title: str
    formula: str       # mathtext, the slide's notation
    code: str          # the same line in lecture_nn's names (batch form, N = 1)
    values: dict       # name -> array, as lecture_nn stores it (batch form)
    note: str = ""

    def __post_init__(self):
        object.__setattr__(self, "key", choice(self.key, "key", STEP_KEYS))
        object.__setattr__(self, "direction", choice(self.direction, "direction", ("forward", "backward")))
        for name in ("label", "title", "formula", "code", "note"):
            if not isinstance(getattr(self, name), str):
                raise InputError(f"Step: {name} must be a string, got {getattr(self, name)!r:.60}")
        if not isinstance(self.values, dict) or not self.values:
            raise InputError(f"Step: values must be a dict name -> array with at least one entry, like "
                             f"{{'Z1': Z1}}, got {self.values!r:.60}")
        for name, value in self.values.items():
            if name not in VALUE_NAMES:
                raise InputError(f"Step: values: {unknown_name('value name', name, VALUE_NAMES)}")
            array(value, f"values[{name!r}]", who="Step")


#: the steps' keys, in the order of the algorithm, and the names of the values they compute
STEP_KEYS = ("X", "Z1", "A1", "Z2", "L", "dZ2", "dW2", "dA1", "dZ1", "dW1")
VALUE_NAMES = tuple(SHAPE_LETTERS) + ("L",)
N_STEPS = len(STEP_KEYS)
NETWORK_KEYS = tuple(TINY_NETWORK)  # x, W, b, w, b2, y


def _network(network, who: str, max_d: int = 64, max_hidden: int = 64) -> dict:
    """``network`` (a dict like ``TINY_NETWORK``) checked: float arrays of matching shapes, finite numbers.

    Returns a new dict (x, W, b, w as float arrays, b2 and y as floats); None is ``TINY_NETWORK``.
    """
    if network is None:
        return TINY_NETWORK
    keys = ", ".join(NETWORK_KEYS)
    if not isinstance(network, dict):
        raise InputError(f"{who}: network must be a dict with the keys {keys}, like TINY_NETWORK, "
                         f"got {network!r:.60}")
    missing = [k for k in NETWORK_KEYS if k not in network]
    unknown = [k for k in network if k not in NETWORK_KEYS]
    if missing or unknown:
        raise InputError(f"{who}: network must have exactly the keys {keys}; "
                         + (f"missing {', '.join(map(repr, missing))}" if missing else "")
                         + ("; " if missing and unknown else "")
                         + (f"unknown {', '.join(map(repr, unknown))}" if unknown else ""))
    W = array(network["W"], "network['W']", ndim=2, who=who).copy()  # copies: the student's dict may change later
    d_hidden, d = W.shape
    if d > max_d or d_hidden > max_hidden:
        raise InputError(f"{who}: network['W'] must be d' x d with d' <= {max_hidden} hidden units and "
                         f"d <= {max_d} inputs, got shape {W.shape}")
    net = {"W": W}
    for key, shape, letters in (("x", (d,), "(d,)"), ("b", (d_hidden,), "(d',)"), ("w", (d_hidden,), "(d',)")):
        net[key] = array(network[key], f"network[{key!r}]", who=who).copy()
        if net[key].shape != shape:
            raise InputError(f"{who}: network[{key!r}] must have shape {letters} = {shape} to match "
                             f"network['W'] of shape {W.shape}, got {net[key].shape}")
    for key in ("b2", "y"):
        net[key] = number(network[key], f"network[{key!r}]")
    return {k: net[k] for k in NETWORK_KEYS}


def tiny_network_steps(activation: str = "tanh", network: dict | None = None) -> list[Step]:
    r"""The 10 steps of one forward and one backward pass for one sample, in lecture_nn's batch form.

    Forward: $x \to z = Wx + b \to a = g(z) \to \hat y = w^T a + b_2 \to L = (y - \hat y)^2$.
    Backward: $\partial L/\partial \hat y \to \partial L/\partial w, \partial L/\partial b_2 \to
    \partial L/\partial a \to \partial L/\partial z \to \partial L/\partial W, \partial L/\partial b$.

    ``network`` is a dict like ``TINY_NETWORK`` (None: that one); ``activation`` any of
    ``lecture_nn.ACTIVATIONS``.
    """
    activation = _activation(activation)
    return _steps(activation, _network(network, "tiny_network_steps"), "tiny_network_steps")


def _passes(activation: str, net: dict, who: str) -> dict:
    """Every value of one forward and one backward pass through a checked network, by lecture_nn's name."""
    g, g_prime = _g(activation)
    X = np.asarray(net["x"], dtype=np.float64)[None, :]  # (N, d), N = 1
    W1, b1 = np.asarray(net["W"], dtype=np.float64), np.asarray(net["b"], dtype=np.float64)
    W2, b2 = np.asarray(net["w"], dtype=np.float64)[None, :], np.array([float(net["b2"])])  # (1, d'), (1,)
    y = np.array([[float(net["y"])]])
    N = X.shape[0]
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported below, by name
        Z1 = X @ W1.T + b1  # (N, d')
        A1 = g(Z1)  # (N, d')
        Z2 = A1 @ W2.T + b2  # (N, 1): y_hat
        L = float(np.mean((y - Z2) ** 2))
        dZ2 = 2 * (Z2 - y) / N  # (N, 1)
        dW2, db2 = dZ2.T @ A1, dZ2.sum(axis=0)  # (1, d'), (1,)
        dA1 = dZ2 @ W2  # (N, d')
        dZ1 = dA1 * g_prime(Z1)  # (N, d')
        dW1, db1 = dZ1.T @ X, dZ1.sum(axis=0)  # (d', d), (d',)
    computed = {"Z1": Z1, "A1": A1, "Z2": Z2, "L": np.asarray(L), "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                "dZ1": dZ1, "dW1": dW1, "db1": db1}
    for name, value in computed.items():
        if not all_finite(value):
            raise InputError(f"{who}: the values of network are too large: {name} overflows "
                             f"({first_nonfinite(np.atleast_1d(value))}); use entries of moderate size")
    return {"X": X, **computed}


def _steps(activation: str, net: dict, who: str) -> list[Step]:
    """The 10 steps for a checked network: what each computes, in the slide's notation and lecture_nn's."""
    v = _passes(activation, net, who)
    X, Z1, A1, Z2, L, dZ2, dW2, db2, dA1, dZ1, dW1, db1 = (v[k] for k in ("X", "Z1", "A1", "Z2", "L", "dZ2", "dW2",
                                                                       "db2", "dA1", "dZ1", "dW1", "db1"))
    return [
        Step("X", "x", "forward", "input: one sample",
             r"$x \in \mathbb{R}^d$,   " + f"$d = {X.shape[1]}$", "X", {"X": X},
             "lecture_nn stores a batch as the rows of X, shape (N, d); here one sample, N = 1"),
        Step("Z1", "z", "forward", "Dense1 (forward): pre-activations",
             r"$z = Wx + b$,   $z_j = \sum_i W_{ji}\, x_i + b_j$", "Z1 = X @ W1.T + b1", {"Z1": Z1},
             "every z_j mixes all inputs: row j of the d′ × d weights W belongs to hidden unit j"),
        Step("A1", "a", "forward", "Activation1 (forward): apply g to every unit",
             r"$a = g(z)$,   $a_j = g(z_j)$", f"A1 = {activation}(Z1)", {"A1": A1},
             "the forward pass keeps Z1 and A1: the backward pass needs them for g′(z) and ∂L/∂w"),
        Step("Z2", "ŷ", "forward", "Dense2 (forward): the output",
             r"$\hat y = w^T a + b_2 = w^T g(Wx + b) + b_2$", "Z2 = A1 @ W2.T + b2", {"Z2": Z2},
             "the slide's ŷ = wᵀg(Wx), with the biases lecture_nn's Dense layers add"),
        Step("L", "L", "forward", "loss: squared error of this sample",
             r"$L = \frac{1}{N} \sum_i \, (y_i - \hat y_i)^2 = (y - \hat y)^2$   (here $N = 1$)",
             "L = MSELoss()(Z2, y)", {"L": L},
             "the forward pass ends here; the backward pass starts from ∂L/∂ŷ and runs right to left"),
        Step("dZ2", "∂L/∂ŷ", "backward", "loss (backward): the start of the chain",
             r"$\dfrac{\partial L(y, \hat f)}{\partial \hat f} = -2\,(y - \hat y)$", "dZ2 = 2 * (Z2 - y) / N",
             {"dZ2": dZ2}, "the slide's first factor: a scalar"),
        Step("dW2", "∂L/∂w", "backward", "Dense2 (backward): gradients of w and b₂",
             r"$\dfrac{\partial L}{\partial w} = \dfrac{\partial L}{\partial \hat y}\; a$,   "
             r"$\dfrac{\partial L}{\partial b_2} = \dfrac{\partial L}{\partial \hat y}$",
             "dW2 = dZ2.T @ A1;  db2 = dZ2.sum(axis=0)", {"dW2": dW2, "db2": db2},
             "w is done: it needs only a (kept from the forward pass) and ∂L/∂ŷ"),
        Step("dA1", "∂L/∂a", "backward", "Dense2 (backward): pass the gradient on to a",
             r"$\dfrac{\partial L}{\partial a} = \dfrac{\partial L}{\partial \hat y} \cdot "
             r"\dfrac{\partial\,\mathrm{Dense2}}{\partial\,\mathrm{Activation1}} = "
             r"\dfrac{\partial L}{\partial \hat y}\; w$",
             "dA1 = dZ2 @ W2", {"dA1": dA1}, "∂Dense2/∂Activation1 = w: the slide's d′-vector"),
        Step("dZ1", "∂L/∂z", "backward", "Activation1 (backward): through g",
             r"$\dfrac{\partial L}{\partial z} = \dfrac{\partial L}{\partial a} \cdot "
             r"\dfrac{\partial\,\mathrm{Activation1}}{\partial\,\mathrm{Dense1}} = "
             r"\dfrac{\partial L}{\partial a} \odot g'(z)$",
             f"dZ1 = dA1 * {activation}'(Z1)", {"dZ1": dZ1},
             "∂Activation1/∂Dense1 = diag(g′(z)), the d′ × d′ diagonal matrix: applied as an elementwise product"),
        Step("dW1", "∂L/∂W", "backward", "Dense1 (backward): gradients of W and b",
             r"$\dfrac{\partial L}{\partial W} = \dfrac{\partial L}{\partial z} \cdot "
             r"\dfrac{\partial\,\mathrm{Dense1}}{\partial W} = \dfrac{\partial L}{\partial z}\; x^T$,   "
             r"$\dfrac{\partial L}{\partial b} = \dfrac{\partial L}{\partial z}$",
             "dW1 = dZ1.T @ X;  db1 = dZ1.sum(axis=0)", {"dW1": dW1, "db1": db1},
             "∂Dense1/∂W, the sparse d′ × d′ × d tensor: applied as an outer product"),
    ]


def _edge(ax, p0, p1, shrink):
    """An arrow between two nodes; ``shrink`` (points) keeps it off the round markers."""
    return ax.add_patch(FancyArrowPatch(p0, p1, arrowstyle="-|>", mutation_scale=10, color="0.8", lw=1.0,
                                        shrinkA=shrink, shrinkB=shrink + 1, zorder=1))


def _num(value) -> str:
    """3 decimals, and never "-0.000" (ReLU' = 0 times a negative number is -0.0)."""
    return f"{round(float(value), 3) + 0.0:.3f}"


def _format_rows(M) -> str:
    """A small matrix as aligned text rows, 2 decimals; NaN entries are left blank."""
    M = np.atleast_2d(M)
    rows = ("  ".join("     " if np.isnan(v) else f"{round(v, 2) + 0.0:5.2f}" for v in row) for row in M)
    return "\n".join(row.rstrip() for row in rows)


def _format_value(name, a) -> str:
    a = np.asarray(a)
    if a.ndim == 0:
        return f"{name} = {_num(a)}   (scalar)"
    text = np.array2string(a, separator=", ", formatter={"float_kind": _num}, max_line_width=200)
    return f"{name} = {' '.join(text.split())}   shape {a.shape} = {SHAPE_LETTERS[name]}"  # matrices on one line


_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
#: node kind -> the forward quantity it shows above, the gradient below (None: not computed)
_NODE_VALUES = {"x": ("X", None), "z": ("Z1", "dZ1"), "a": ("A1", "dA1"), "y": ("Z2", "dZ2"), "L": ("L", None)}
#: step -> the node kinds it computes, and the layer whose edges it runs through
_ACTIVE = {"X": (["x"], None), "Z1": (["z"], "Dense1"), "A1": (["a"], "Activation1"), "Z2": (["y"], "Dense2"),
           "L": (["L"], "loss"), "dZ2": (["y"], "loss"), "dW2": ([], "Dense2"), "dA1": (["a"], "Dense2"),
           "dZ1": (["z"], "Activation1"), "dW1": ([], "Dense1")}


class BackpropStepsExplorer(Explorer):
    r"""One forward and one backward pass through a tiny network ($d = 2$, $d' = 3$), one step at a time.

    Controls: the step (0: the input ... 9: $\partial L/\partial W$) and the activation $g$.
    ``network`` is a dict like ``TINY_NETWORK`` with $d \le 2$ inputs and $d' \le 3$ hidden units
    (None: that one).
    Forward values are written above the nodes (blue), gradients $\partial L/\partial(\text{node})$
    below them (vermillion); the text panel gives the step's formula in the slide's notation,
    lecture_nn's line, the value(s) and the shape. Labels are plain text where possible: mathtext
    is parsed again on every draw, and ~30 formulas made one update take ~1 s.
    """

    COLUMNS = {"x": 0.0, "z": 3.2, "a": 5.4, "y": 8.0, "L": 10.2}
    node_radius = 16  # points: nodes are markers, so they stay round whatever the axes' aspect

    def __init__(self, step: int = 0, activation: str = "tanh", network: dict | None = None):
        controls = {
            "step": control(widgets.IntSlider, "step", step, min=0, max=N_STEPS - 1, description="step"),
            "activation": control(widgets.Dropdown, "activation", activation, options=list(SLIDE_ACTIVATIONS),
                                  description="g"),
        }
        # the picture has room for d <= 2 inputs and d' <= 3 hidden units
        self.network = _network(network, "BackpropStepsExplorer", max_d=2, max_hidden=3)
        self._steps: dict[str, list[Step]] = {}
        steps = self.steps(controls["activation"].value)
        fig, ax = new_figure(figsize=(11.5, 8.4))
        # fixed geometry (no layout engine), so the static background can be drawn once (see Explorer.png)
        fig.set_layout_engine(None)
        ax.set_position([0.005, 0.005, 0.99, 0.955])
        self.ax = ax
        ax.set_axis_off()
        ax.grid(False)
        ax.set_xlim(-1.4, 11.3)
        ax.set_ylim(-7.6, 4.3)
        ys_h = self._place_nodes()
        self._draw_edges()
        self._draw_nodes()
        self._draw_headers(top=ys_h.max() + 0.95)
        self._draw_progress(steps)
        y_par = ys_h.min() - 1.0
        self._draw_parameters(y_par)
        self._draw_panel(y_panel=y_par - 1.45)
        ax.set_title("above a node: its value (forward pass, blue)      "
                     "below it: ∂L/∂(node) (backward pass, vermillion)", fontsize=11)
        # what update() changes, in drawing order (nodes above edges, labels above nodes); the rest,
        # ~900 characters of headers, parameters and labels, is png()'s background, drawn once
        changing = ([p for layer in self.edges.values() for p in layer] + [self.nodes]
                    + list(self.node_labels.values()) + list(self.value_text.values())
                    + list(self.grad_text.values()) + [t for pair in self.grad_columns.values() for t in pair]
                    + self.progress + [self.panel_title, self.panel_formula, self.panel_code,
                                       self.panel_value, self.panel_note, self.g_label])
        super().__init__(fig, controls, title="One forward and one backward pass, step by step", animated=changing)
        # parse the 10 formulas now (~20 ms each), not on a student's first visit of each step
        renderer = fig.canvas.get_renderer()
        current = self.panel_formula.get_text()
        for s in steps:
            self.panel_formula.set_text(s.formula)
            self.panel_formula.get_window_extent(renderer)
        self.panel_formula.set_text(current)

    def _place_nodes(self):
        """Where each node sits: ``self.pos[(kind, k)]``; returns the hidden units' heights (d',)."""
        d_hidden, d = np.shape(self.network["W"])
        cx = self.COLUMNS
        ys_in = (np.arange(d)[::-1] - (d - 1) / 2) * 1.6
        ys_h = (np.arange(d_hidden)[::-1] - (d_hidden - 1) / 2) * 1.5
        self.pos = {("x", i): (cx["x"], yy) for i, yy in enumerate(ys_in)}
        for j, yy in enumerate(ys_h):
            self.pos[("z", j)] = (cx["z"], yy)
            self.pos[("a", j)] = (cx["a"], yy)
        self.pos[("y", 0)] = (cx["y"], 0.0)
        self.pos[("L", 0)] = (cx["L"], 0.0)
        self.keys = list(self.pos)
        return ys_h

    def _draw_edges(self):
        """The edges, grouped by the layer they belong to, and the g on each unit's edge."""
        ax, r, cx = self.ax, self.node_radius, self.COLUMNS
        d_hidden, d = np.shape(self.network["W"])
        self.edges = {"Dense1": [], "Activation1": [], "Dense2": [], "loss": []}
        for j in range(d_hidden):
            for i in range(d):
                self.edges["Dense1"].append(_edge(ax, self.pos[("x", i)], self.pos[("z", j)], r))
            self.edges["Activation1"].append(_edge(ax, self.pos[("z", j)], self.pos[("a", j)], r))
            self.edges["Dense2"].append(_edge(ax, self.pos[("a", j)], self.pos[("y", 0)], r))
            g_label = ax.text((cx["z"] + cx["a"]) / 2, self.pos[("z", j)][1] + 0.08, "g", style="italic",
                              ha="center", va="bottom", fontsize=11, color="0.4")
            if j == 0:
                self.g_label = g_label  # says which g: "g = tanh"
        self.edges["loss"].append(_edge(ax, self.pos[("y", 0)], self.pos[("L", 0)], r))

    def _draw_nodes(self):
        """The nodes (one scatter: round markers), each with its value above and dL/d(node) below."""
        ax, r = self.ax, self.node_radius
        xy = np.array([self.pos[k] for k in self.keys])
        self.nodes = ax.scatter(xy[:, 0], xy[:, 1], s=(2 * r) ** 2, facecolors="white", edgecolors="0.7",
                                linewidths=1.5, zorder=3)
        self.node_labels, self.value_text, self.grad_text = {}, {}, {}
        for key in self.keys:
            kind, k = key
            name = {"y": "ŷ", "L": "L"}.get(kind) or f"{kind}{str(k + 1).translate(_SUBSCRIPT)}"
            self.node_labels[key] = ax.text(*self.pos[key], name, ha="center", va="center", fontsize=13,
                                            style="italic", zorder=4)
            self.value_text[key] = ax.annotate("", self.pos[key], xytext=(0, r + 2), textcoords="offset points",
                                               ha="center", va="bottom", fontsize=10.5, color=FORWARD, zorder=5)
            self.grad_text[key] = ax.annotate("", self.pos[key], xytext=(0, -r - 2), textcoords="offset points",
                                              ha="center", va="top", fontsize=10.5, color=BACKWARD, zorder=5)
        ax.annotate(f"target y = {self.network['y']:g}", self.pos[("L", 0)], xytext=(0, -r - 22),
                    textcoords="offset points", ha="center", va="top", fontsize=10, color="0.3")

    def _draw_headers(self, top):
        """Column headers in the slide's notation, lecture_nn's layer names in grey."""
        ax, cx = self.ax, self.COLUMNS
        heads = [(cx["x"], "input x", ""), ((cx["x"] + cx["z"]) / 2 + 0.6, "z = Wx + b", "Dense1"),
                 ((cx["z"] + cx["a"]) / 2 + 0.5, "a = g(z)", "Activation1"),
                 ((cx["a"] + cx["y"]) / 2 + 0.5, "ŷ = wᵀa + b₂", "Dense2"),
                 (cx["L"], "L = (y − ŷ)²", "MSELoss")]
        for hx, text, name in heads:
            ax.text(hx, top + 0.3, text, ha="center", va="bottom", fontsize=12)
            if name:
                ax.text(hx, top + 0.22, name, ha="center", va="top", fontsize=8.5, color="0.45", family="monospace")

    def _draw_progress(self, steps):
        """The progress row: the 10 steps, forward | backward (update() fills the current one)."""
        ax = self.ax
        xs = np.linspace(-0.85, 10.75, len(steps))
        self.progress = [ax.text(px, 3.9, f"{k}: {s.label}", ha="center", va="center", fontsize=10,
                                 bbox=dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor="0.7"))
                         for k, (px, s) in enumerate(zip(xs, steps))]
        n_forward = sum(s.direction == "forward" for s in steps)
        ax.text((xs[n_forward - 1] + xs[n_forward]) / 2, 3.9, "|", ha="center", va="center", fontsize=16,
                color="0.6")

    def _draw_parameters(self, y_par):
        """The parameters and, once computed, their gradients, under the network."""
        ax = self.ax
        d_hidden, d = np.shape(self.network["W"])
        mono = dict(family="monospace", fontsize=10, va="top", ha="left", linespacing=1.3)

        def column(x, header, values, color="black"):
            head = ax.text(x, y_par, header, fontsize=11, va="bottom", color=color)
            return head, ax.text(x, y_par - 0.08, _format_rows(np.reshape(values, (len(values), -1))),
                                 color=color, **mono)

        column(-1.2, "W (d′ × d)", self.network["W"])
        column(0.3, "b", self.network["b"])
        column(5.0, "w (d′)", self.network["w"])
        column(5.8, "b₂", [self.network["b2"]])
        self.grad_columns = {"dW1": column(1.6, "∂L/∂W", np.zeros((d_hidden, d)), BACKWARD),
                             "db1": column(3.0, "∂L/∂b", np.zeros(d_hidden), BACKWARD),
                             "dW2": column(7.0, "∂L/∂w", np.zeros(d_hidden), BACKWARD),
                             "db2": column(7.9, "∂L/∂b₂", np.zeros(1), BACKWARD)}

    def _draw_panel(self, y_panel):
        """The text panel: the step's formula, lecture_nn's line, its value(s) and shape."""
        ax = self.ax
        ax.add_patch(FancyBboxPatch((-1.25, -7.5), 12.4, y_panel + 7.5 + 0.1, boxstyle="round,pad=0.05",
                                    facecolor="#F7F7F7", edgecolor="0.8", zorder=0))
        self.panel_title = ax.text(-1.0, y_panel - 0.08, "", fontsize=12, fontweight="bold", va="top")
        self.panel_formula = ax.text(-1.0, y_panel - 0.55, "", fontsize=14, va="top")
        self.panel_code = ax.text(-1.0, y_panel - 1.65, "", fontsize=10.5, va="top", family="monospace")
        self.panel_value = ax.text(-1.0, y_panel - 2.1, "", fontsize=10.5, va="top", family="monospace",
                                   linespacing=1.5)
        self.panel_note = ax.text(-1.0, y_panel - 3.05, "", fontsize=10.5, va="top", style="italic", color="0.3")

    def steps(self, activation: str) -> list[Step]:
        """The 10 steps for this activation (computed once per activation)."""
        activation = _activation(activation)
        if activation not in self._steps:
            self._steps[activation] = _steps(activation, self.network, type(self).__name__)
        return self._steps[activation]

    def update(self, step, activation):
        step, activation = integer(step, "step", 0, N_STEPS - 1), _activation(activation)
        steps = self.steps(activation)
        current = steps[step]
        done = {s.key for s in steps[: step + 1]}
        v = {name: a for s in steps for name, a in s.values.items()}
        forward = current.direction == "forward"
        color = FORWARD if forward else BACKWARD
        active_nodes, active_layer = _ACTIVE[current.key]

        faces, edges, widths = [], [], []
        for key in self.keys:
            kind, k = key
            value_key, grad_key = _NODE_VALUES[kind]
            hot = kind in active_nodes
            visited = value_key in done
            faces.append(("#D6E9F5" if forward else "#FADCCB") if hot else "white")
            edges.append(color if hot else ("0.25" if visited else "0.75"))
            widths.append(3.0 if hot else 1.5)
            self.node_labels[key].set_color("black" if visited else "0.6")
            value = _num(np.asarray(v[value_key]).reshape(-1)[k]) if visited else ""
            self.value_text[key].set_text(value)
            self.value_text[key].set_fontweight("bold" if hot and forward else "normal")
            grad = _num(np.asarray(v[grad_key]).reshape(-1)[k]) if grad_key in done else ""
            self.grad_text[key].set_text(grad)
            self.grad_text[key].set_fontweight("bold" if hot and not forward else "normal")
        self.nodes.set_facecolors(faces)
        self.nodes.set_edgecolors(edges)
        self.nodes.set_linewidths(widths)
        for layer, patches in self.edges.items():
            for patch in patches:
                patch.set_color(color if layer == active_layer else "0.8")
                patch.set_linewidth(2.2 if layer == active_layer else 1.0)

        for name, (head, body) in self.grad_columns.items():
            computed_by = "dW1" if name in ("dW1", "db1") else "dW2"
            body.set_text(_format_rows(np.reshape(v[name], (v[name].shape[-1], -1)) if name == "dW2"
                                       else np.reshape(v[name], (len(v[name]), -1))))
            head.set_visible(computed_by in done)
            body.set_visible(computed_by in done)
            body.set_fontweight("bold" if computed_by == current.key else "normal")

        for k, (s, text) in enumerate(zip(steps, self.progress)):
            patch = text.get_bbox_patch()
            s_color = FORWARD if s.direction == "forward" else BACKWARD
            if k == step:
                patch.set(facecolor=s_color, edgecolor=s_color)
                text.set_color("white")
            else:
                patch.set(facecolor="#E8E8E8" if k < step else "white", edgecolor="0.7")
                text.set_color("black" if k < step else "0.55")

        self.panel_title.set_text(f"step {step} of {len(steps) - 1} · {current.title}")
        self.panel_title.set_color(color)
        self.panel_formula.set_text(current.formula)
        self.panel_code.set_text(f"lecture_nn:  {current.code}")
        self.panel_value.set_text("\n".join(_format_value(name, a) for name, a in current.values.items()))
        self.panel_note.set_text(current.note)
        self.g_label.set_text(f"g = {activation}")


EXPLORERS = [BackpropStepsExplorer]
