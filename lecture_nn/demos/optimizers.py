r"""Figures and explorers of notebook ``06_optimizers.ipynb``.

Slides "SGD on mini-batches", "Momentum SGD", "RMSprop" and "Adam", in their notation:
parameters $\theta^{(k)}$ after step $k$, learning rate $\eta$, gradient
$g = \partial L / \partial \theta$ at $\theta^{(k-1)}$,

* mini-batch SGD: $\theta^{(k)} \leftarrow \theta^{(k-1)} - \eta\, g$, $g$ from one chunk $B$;
* momentum: $m^{(k)} \leftarrow \beta m^{(k-1)} + (1 - \beta)\, g$,
  $\theta^{(k)} \leftarrow \theta^{(k-1)} - \eta\, m^{(k)}$;
* RMSprop: $\mathbb{E}[g^2]^{(k)} \leftarrow \beta\, \mathbb{E}[g^2]^{(k-1)} + (1 - \beta)\, g^2$,
  $\theta^{(k)} \leftarrow \theta^{(k-1)} - \eta\, g / \sqrt{\mathbb{E}[g^2]^{(k)} + \varepsilon}$;
* Adam: both, with bias correction.

What is here (the optimizers themselves live in :mod:`lecture_nn.optim`, the surfaces and
``run_optimizer`` in :mod:`lecture_nn.surfaces`; nothing is re-implemented):

* :func:`batch_size_figure`, :func:`gradient_noise_figure` — the noise of mini-batch gradients;
* :func:`oscillation_figure`, :func:`local_minimum_figure`, :func:`learning_rate_range_figure` —
  the three claims of the momentum slide, one experiment each; :func:`conventions_figure` — the
  EMA, heavy-ball and cs231n forms of momentum walk the same path;
* :func:`rmsprop_trace`, :func:`rmsprop_figure` — per-coordinate step sizes
  $\eta / \sqrt{\mathbb{E}[g^2] + \varepsilon}$;
* :func:`adam_path`, :func:`bias_correction_figure` — Adam with and without bias correction;
* :class:`RaceExplorer` and :func:`race_animation` — SGD, Momentum, RMSprop and Adam racing on a
  2D surface; :class:`LearningRateExplorer` — final loss against $\eta$, with a $\beta$ slider;
* :func:`learning_rate_grid`, :func:`train_optimizers`, :func:`mlp_race_figure` — the four training the
  same MLP, each at the best $\eta$ of a grid (chosen over 5 seeds), with a held-out test set.
"""

from __future__ import annotations

import base64
import copy
import io
import math
import re
from dataclasses import replace
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from .._checks import array, choice, describe, flag, instance, int_list, integer, number
from .._checks import seed as check_seed
from ..data import spirals
from ..errors import InputError
from ..layers import Parameter, mlp
from ..losses import BCEWithLogitsLoss
from ..optim import OPTIMIZERS, SGD, Adam, Momentum, RMSprop
from ..plotting import OPTIMIZER_COLORS, grid_points, new_figure, plain_log_axis, plot_decision_boundary
from ..surfaces import Surface, get_surface, quadratic, run_optimizer, run_optimizer_batch
from ..training import History, TrainingDiverged, accuracy, evaluate, fit
from .base import Explorer, control

__all__ = ["OPTIMIZERS", "SURFACE_CHOICES", "make_surface", "spiral_data", "train_with_batch_size",
           "batch_size_figure", "gradient_noise_figure", "oscillation_figure", "local_minimum_figure",
           "learning_rate_range_figure", "conventions_figure", "momentum_matrix", "convergence_rate", "Tuned",
           "tuned_gd", "tuned_momentum", "eigenmode_errors", "predicted_eigenmode_errors", "eigenmode_figure",
           "rate_map", "rate_map_figure", "rmsprop_trace", "rmsprop_figure", "adam_path",
           "bias_correction_figure", "race", "ETA_MODES", "RACE_LR_GRID", "race_best_learning_rates",
           "RaceExplorer", "race_animation", "LearningRateExplorer",
           "MLP_LR_GRID", "MLP_SEEDS", "MLP_LEARNING_RATES", "race_data", "MLPRun", "train_mlp",
           "learning_rate_grid", "best_learning_rates", "learning_rate_grid_figure", "train_optimizers",
           "epochs_to_loss", "loss_rises", "race_summary",
           "mlp_race_figure", "EXPLORERS"]

#: the optimizers of ``lecture_nn.optim`` (the slides' four, in the slides' order), as ``lecture_nn.OPTIMIZERS``;
#: the race takes every one of them, each hyperparameter set by the control its ``Hyperparameter.control`` names

#: the race's surfaces: dropdown label -> (name in lecture_nn.surfaces, rotation angle of the quadratic)
SURFACE_CHOICES = {
    "quadratic": ("quadratic", 0.0),
    "quadratic, rotated 45°": ("quadratic", np.pi / 4),
    "rosenbrock": ("rosenbrock", 0.0),
    "beale": ("beale", 0.0),
    "saddle": ("saddle", 0.0),
    "local minimum": ("local_minimum", 0.0),
}

GRID = 120  # contour grid resolution
_FLOOR = 1e-12  # f - f* is drawn at least this high on log axes (it can be exactly 0)

# --- argument checks ---------------------------------------------------------------------------------

MAX_STEPS = 10_000  # optimizer steps on a 2D surface (a run of 10000 takes about a second)
MAX_CONDITION = 1e6  # kappa of the quadratics: beyond it f overflows near the edge of the window
#: the surface names ``make_surface`` knows: the dropdown labels and ``lecture_nn.surfaces``' own
SURFACE_NAMES = list(SURFACE_CHOICES) + ["local_minimum"]


MAX_LR = 1e3  # far beyond where every optimizer here diverges; larger values only overflow the axes


def _lr(lr, who: str, name: str = "lr", high: float | None = MAX_LR) -> float:
    return number(lr, f"{who}: {name} (learning rate η)", 0, high, low_open=True)


def _beta(beta, who: str, name: str = "beta") -> float:
    return number(beta, f"{who}: {name}", 0, 1, high_open=True)


def _steps(steps, who: str, most: int = MAX_STEPS) -> int:
    return integer(steps, f"{who}: steps", 1, most)


def _condition(condition, who: str) -> float:
    return number(condition, f"{who}: condition (κ of the quadratic)", 1, MAX_CONDITION)


def _labelled_arrays(value, who: str, name: str, expected: str, keys: str) -> dict:
    """``value`` as a non-empty dict text -> 2-D float array (NaN and inf allowed); an InputError naming ``name``."""
    if not isinstance(value, dict) or not value:
        raise InputError(f"{who}: {name} must be {expected}, got {describe(value)}")
    checked = {}
    for label, a in value.items():
        if not isinstance(label, str):
            raise InputError(f"{who}: {name} must have {keys} as keys, got {describe(label)}")
        checked[label] = array(a, f"{name}[{label!r}]", ndim=2, finite=False, who=who)
    return checked


def _point(x0, who: str, name: str = "x0"):
    """None (the surface's start) or a finite point (x, y)."""
    if x0 is None:
        return None
    return tuple(float(v) for v in array(x0, name, shape=(2,), who=who))


def _surface(surface, who: str, condition: float = 10.0, name: str = "surface") -> Surface:
    """A Surface, or one by name (``SURFACE_NAMES``, any case), made with ``condition``."""
    if isinstance(surface, Surface):
        return surface
    if not isinstance(surface, str):
        raise InputError(f"{who}: {name} must be a Surface or a name such as 'rosenbrock' (one of "
                         f"{', '.join(map(repr, SURFACE_NAMES))}), got {describe(surface)}")
    return make_surface(choice(surface, f"{who}: {name}", SURFACE_NAMES, kind="surface"), condition)


def _names(values, who: str, name: str, known, most: int):
    """A non-empty list of at most ``most`` names from ``known`` (any case)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple)) or not 1 <= len(values) <= most:
        raise InputError(f"{who}: {name} must be a list of 1 to {most} names from {', '.join(map(repr, known))}, "
                         f"such as ({next(iter(known))!r},), got {describe(values)}")
    return [choice(v, f"{who}: {name}[{i}]", list(known)) for i, v in enumerate(values)]


def _numbers(values, who: str, name: str, most: int, check) -> list:
    """A non-empty list of at most ``most`` numbers, each passed through ``check(value, its name)``."""
    if isinstance(values, (str, bytes, dict)) or not isinstance(values, (list, tuple, np.ndarray, range)) \
            or np.ndim(values) != 1 or not 1 <= len(values) <= most:
        raise InputError(f"{who}: {name} must be a list of 1 to {most} numbers, got {describe(values)}")
    return [check(v, f"{name}[{i}]") for i, v in enumerate(values)]


def _seeds(seeds, who: str, most: int = 20) -> list[int]:
    seeds = int_list(seeds, f"{who}: seeds", low=0)
    if len(seeds) > most:
        raise InputError(f"{who}: seeds must hold at most {most} seeds, got {len(seeds)}")
    return seeds


def _check_run(path, who: str, culprit: str):
    """Refuse a hand-written loop that left the float64 numbers (or the region |x|, |y| < 1e6)."""
    lost = ~np.all(np.abs(path) < 1e6, axis=1)
    if lost.any():
        raise InputError(f"{who}: the run diverged: θ left |x|, |y| < 10⁶ at step {int(np.argmax(lost))}; "
                         f"{culprit} is too large for this surface")


# --- surfaces and their contour pictures -------------------------------------------------------

def make_surface(name: str = "quadratic", condition: float = 10.0) -> Surface:
    """A surface by its dropdown label (``SURFACE_CHOICES``) or ``lecture_nn.surfaces`` name, any case.

    ``condition`` = $\\kappa$ in [1, 10⁶] applies to the quadratics only.
    """
    condition = _condition(condition, "make_surface")
    if isinstance(name, Surface):
        return name
    if not isinstance(name, str):
        raise InputError(f"make_surface: name must be a surface name such as 'rosenbrock' (one of "
                         f"{', '.join(map(repr, SURFACE_NAMES))}), got {describe(name)}")
    name = choice(name, "make_surface: name", SURFACE_NAMES, kind="surface")
    if name in SURFACE_CHOICES:
        name, angle = SURFACE_CHOICES[name]
    else:
        angle = 0.0
    if name == "quadratic":
        s = quadratic(condition, angle)
        # its own name: contour grids are cached by name, and the title says which one it is
        return replace(s, name=f"{s.name}, rotated {np.degrees(angle):.0f}°") if angle else s
    return get_surface(name)


_grids: dict = {}


def _surface_grid(surface: Surface):
    """``xx, yy, log10(f - f* + floor)`` on the surface's window, and contour levels; cached per name."""
    if surface.name not in _grids:
        xx, yy, points = grid_points(surface.x_range, surface.y_range, GRID)
        gap = np.maximum(surface.f(points) - surface.f_min, 0).reshape(GRID, GRID)
        # contour levels evenly spaced in log(f - f*), from near the minimum to the top of the window
        floor = max(np.quantile(gap, 0.002), 1e-3)
        log_gap = np.log10(gap + floor)
        levels = np.linspace(np.quantile(log_gap, 0.01), np.quantile(log_gap, 0.98), 14)
        _grids[surface.name] = (xx, yy, log_gap, levels)
    return _grids[surface.name]


def _draw_surface(ax, surface: Surface, labels=True):
    """Contour lines of ``surface`` on ``ax`` (evenly spaced in log(f - f*)); returns the ContourSet."""
    xx, yy, log_gap, levels = _surface_grid(surface)
    contours = ax.contour(xx, yy, log_gap, levels=levels, colors="0.6", linewidths=0.7, zorder=1,
                          negative_linestyles="solid")
    ax.set_xlim(*surface.x_range)
    ax.set_ylim(*surface.y_range)
    if labels:
        ax.set_xlabel(r"$\theta_1$ ($x$)")
        ax.set_ylabel(r"$\theta_2$ ($y$)")
    return contours


def _mark_minima(ax, surface: Surface, **kw):
    minima = np.array(surface.minima)
    return ax.plot(minima[:, 0], minima[:, 1], linestyle="none", marker="*", markersize=12, color="black",
                   markeredgecolor="white", zorder=6, **kw)[0]


def _gap(surface: Surface, losses):
    """f - f* for plotting on a log axis (never below the floor, NaN stays NaN)."""
    return np.maximum(np.asarray(losses) - surface.f_min, _FLOOR)


def _gap_text(gap: float) -> str:
    """A final f - f* as a legend prints it: the value itself, or "< 1e-12" below the plotting floor
    (where the curve is drawn at the floor, and where f* itself carries rounding error)."""
    return f"{gap:.1e}" if gap >= _FLOOR else f"< {_FLOOR:.0e}"


def _paths_panel(ax, surface: Surface, runs: dict, styles: dict | None = None):
    """Contour picture with one trajectory per entry of ``runs`` (label -> (steps+1, 2) path)."""
    _draw_surface(ax, surface)
    _mark_minima(ax, surface)
    styles = styles or {}
    for label, path in runs.items():
        style = dict(color=OPTIMIZER_COLORS.get(label, "black"), lw=1.6, marker=".", markersize=3.5)
        style.update(styles.get(label, {}))
        ax.plot(path[:, 0], path[:, 1], label=label, zorder=3, **style)
        ax.plot(*path[0], marker="o", color="black", markersize=5, zorder=5)
    ax.legend(loc="upper right", fontsize=9, frameon=True, framealpha=0.9)


# --- SGD on mini-batches ---------------------------------------------------------------------------

#: the dataset of the MLP experiments: two spiral arms, N = 300 points
N_POINTS = 300
HIDDEN = (32, 32)


def spiral_data(seed: int = 0, turns: float = 1.0):
    """X (N, 2), y (N,): two spiral arms of ``turns`` turns each (0 < turns <= 10), N = 300 points."""
    seed = check_seed(seed, "spiral_data: seed")
    turns = number(turns, "spiral_data: turns", 0, 10, low_open=True)
    return spirals(N_POINTS, noise=0.05, turns=turns, rng=seed)


def _new_mlp(seed: int = 0):
    return mlp([2, *HIDDEN, 1], activation="relu", rng=seed)


_batch_runs: dict = {}


def train_with_batch_size(batch_size: int, lr: float = 0.1, epochs: int = 20, seed: int = 0):
    """``fit`` with plain ``SGD(lr)`` on mini-batches of ``batch_size``; returns the History (cached).

    Every step's mini-batch loss is recorded (``record_steps=True``); ``history.steps`` is
    ``epochs`` times $\\lceil N / B \\rceil$. ``batch_size`` in 1..300 (N), ``epochs`` in 1..200.
    """
    who = "train_with_batch_size"
    batch_size = integer(batch_size, f"{who}: batch_size (B, at most N = {N_POINTS})", 1, N_POINTS)
    key = (batch_size, _lr(lr, who), integer(epochs, f"{who}: epochs", 1, 200), check_seed(seed, f"{who}: seed"))
    batch_size, lr, epochs, seed = key
    if key not in _batch_runs:
        X, y = spiral_data(seed)
        model = _new_mlp(seed)
        try:
            _batch_runs[key] = fit(model, BCEWithLogitsLoss(), SGD(model.parameters(), lr=lr), X, y, epochs=epochs,
                                   batch_size=batch_size, rng=seed, record_steps=True)
        except TrainingDiverged as error:
            raise InputError(f"{who}: SGD diverged with lr = {lr:g} and B = {batch_size}: {error}; "
                             "use a smaller lr") from None
    return copy.deepcopy(_batch_runs[key])  # a fresh copy: changing it changes no later call


_BATCH_COLORS = ["#56B4E9", "#0072B2", "#000000", "#D55E00"]


def batch_size_figure(batch_sizes=(1, 16, 300), lr: float = 0.1, epochs: int = 20, seed: int = 0):
    """Left: the loss of every mini-batch, each step placed at its epoch; right: the mean loss per epoch.

    Same MLP, same start, same $\\eta$; only the batch size $B$ differs ($B = N$ is full-batch
    gradient descent, $B = 1$ the slide's SGD). ``batch_sizes``: 1 to 4 of them (one colour each).
    """
    who = "batch_size_figure"
    batch_sizes = int_list(batch_sizes, f"{who}: batch_sizes", low=1)
    if len(batch_sizes) > len(_BATCH_COLORS):
        raise InputError(f"{who}: batch_sizes must hold at most {len(_BATCH_COLORS)} batch sizes (one colour "
                         f"each), got {len(batch_sizes)}")
    for i, B in enumerate(batch_sizes):
        integer(B, f"{who}: batch_sizes[{i}] (B, at most N = {N_POINTS})", 1, N_POINTS)
    lr, epochs = _lr(lr, who), integer(epochs, f"{who}: epochs", 1, 200)
    seed = check_seed(seed, f"{who}: seed")
    fig, (ax_step, ax_epoch) = new_figure(1, 2, figsize=(11.0, 4.0))
    for B, color in zip(batch_sizes, _BATCH_COLORS):
        history = train_with_batch_size(B, lr, epochs, seed)
        per_epoch = math.ceil(N_POINTS / B)
        label = f"B = {B} ({per_epoch} step{'s' if per_epoch > 1 else ''} per epoch)"
        epoch_of_step = np.arange(1, len(history.step_loss) + 1) / per_epoch
        many = per_epoch > 50
        ax_step.plot(epoch_of_step, history.step_loss, color=color, lw=0.5 if many else 1.5,
                     alpha=0.6 if many else 1.0, label=label, zorder=1 if many else 2)
        ax_epoch.plot(np.arange(1, epochs + 1), history.train_loss, color=color, lw=2, marker="o", markersize=3,
                      label=label)
    ax_step.set_ylim(0, 1.5)
    ax_step.set_xlim(0, epochs)
    ax_step.set_xlabel("epoch (step $k$ / steps per epoch)")
    ax_step.set_ylabel("loss on the step's mini-batch $B$")
    ax_step.set_title(f"every step's mini-batch loss, $\\eta$ = {lr:g}")
    ax_epoch.set_xlabel("epoch")
    ax_epoch.set_ylabel("mean training loss of the epoch")
    ax_epoch.set_title(f"per epoch: N = {N_POINTS} points seen each time")
    ax_epoch.legend(fontsize=9, loc="center right", bbox_to_anchor=(1.0, 0.68))
    return fig


def gradient_noise_figure(noises=(0.0, 2.0), surface: str = "quadratic", lr: float = 0.05, steps: int = 100,
                          seed: int = 0):
    r"""SGD on a 2D surface with exact gradients and with noisy ones $g + \sigma \xi$, $\xi \sim N(0, I)$.

    The noise stands in for the scatter of mini-batch gradients around the full gradient.
    ``noises``: 1 to 3 values of $\sigma \ge 0$ (one colour each).
    """
    who = "gradient_noise_figure"
    noises = _numbers(noises, who, "noises", 3, lambda v, name: number(v, f"{who}: {name} (σ)", 0))
    s = _surface(surface, who)
    lr, steps, seed = _lr(lr, who), _steps(steps, who), check_seed(seed, f"{who}: seed")
    fig, (ax_path, ax_loss) = new_figure(1, 2, figsize=(11.0, 4.0))
    colors = ["#0072B2", "#56B4E9", "#000000"]
    runs = {}
    for noise, color in zip(noises, colors):
        run = run_optimizer(s, SGD, steps=steps, noise=noise, rng=seed, lr=lr)
        label = f"σ = {noise:g}" + (" (exact gradient)" if noise == 0 else "")
        runs[label] = run.path
        ax_loss.plot(_gap(s, run.losses), color=color, lw=1.5, label=label)
    _paths_panel(ax_path, s, runs, styles={label: {"color": c} for label, c in zip(runs, colors)})
    ax_path.set_title(f"SGD on the {s.name}, $\\eta$ = {lr:g}")
    plain_log_axis(ax_loss.yaxis, numticks=8)
    ax_loss.set_xlabel("step $k$")
    ax_loss.set_ylabel(r"$f(\theta^{(k)}) - f^*$")
    ax_loss.set_title("noisy gradients: no settling at the minimum")
    ax_loss.legend(fontsize=9)
    return fig


# --- Momentum SGD: the slide's three claims --------------------------------------------------------

def oscillation_figure(condition: float = 25.0, lr: float = 0.078, beta: float = 0.5, steps: int = 60):
    r"""Claim 1, "smooths out fast oscillations": SGD and Momentum with the same $\eta$ on a narrow valley.

    Left: the paths. Right: the steep coordinate $\theta_2^{(k)}$ against $k$: SGD flips its sign
    every step, the moving average $m^{(k)}$ of momentum cancels the flips.
    """
    who = "oscillation_figure"
    condition, lr, beta, steps = _condition(condition, who), _lr(lr, who), _beta(beta, who), _steps(steps, who)
    s = quadratic(condition)
    sgd = run_optimizer(s, SGD, steps=steps, lr=lr)
    momentum = run_optimizer(s, Momentum, steps=steps, lr=lr, beta=beta)
    fig, (ax_path, ax_y) = new_figure(1, 2, figsize=(11.0, 4.0))
    _paths_panel(ax_path, s, {"SGD": sgd.path, "Momentum": momentum.path})
    ax_path.set_title(f"$\\kappa$ = {condition:g}, $\\eta$ = {lr:g}, momentum $\\beta$ = {beta:g}, {steps} steps")
    k = np.arange(steps + 1)
    ax_y.axhline(0, color="black", lw=0.8)
    ax_y.plot(k, sgd.path[:, 1], color=OPTIMIZER_COLORS["SGD"], marker=".", lw=1.2, label="SGD")
    ax_y.plot(k, momentum.path[:, 1], color=OPTIMIZER_COLORS["Momentum"], marker=".", lw=1.2, label="Momentum")
    ax_y.set_xlabel("step $k$")
    ax_y.set_ylabel(r"steep coordinate $\theta_2^{(k)}$")
    ax_y.set_title("across the valley: SGD flips sign every step")
    ax_y.legend(fontsize=9)
    return fig


def local_minimum_figure(lr: float = 0.02, beta: float = 0.9, steps: int = 500):
    r"""Claim 2, "helps getting out of small local minima": SGD stops in the shallow minimum, Momentum does not."""
    who = "local_minimum_figure"
    lr, beta, steps = _lr(lr, who), _beta(beta, who), _steps(steps, who)
    s = get_surface("local_minimum")
    sgd = run_optimizer(s, SGD, steps=steps, lr=lr)
    momentum = run_optimizer(s, Momentum, steps=steps, lr=lr, beta=beta)
    fig, (ax_path, ax_loss) = new_figure(1, 2, figsize=(11.0, 4.0))
    _paths_panel(ax_path, s, {"SGD": sgd.path, "Momentum": momentum.path})
    ax_path.set_title(f"$f = x^4 - 4x^2 + 3x + y^2$, $\\eta$ = {lr:g}, $\\beta$ = {beta:g}")
    for name, run in (("SGD", sgd), ("Momentum", momentum)):
        ax_loss.plot(_gap(s, run.losses), color=OPTIMIZER_COLORS[name], lw=1.8,
                     label=f"{name}: ends at x = {run.path[-1, 0]:.2f}")
    shallow = float(s.f(s.minima[1]) - s.f_min)
    ax_loss.axhline(shallow, color="0.4", ls="--", lw=1)
    ax_loss.text(steps, shallow * 1.3, "shallow minimum", ha="right", va="bottom", color="0.3", fontsize=9)
    plain_log_axis(ax_loss.yaxis, numticks=8)
    ax_loss.set_xlabel("step $k$")
    ax_loss.set_ylabel(r"$f(\theta^{(k)}) - f^*$ (global minimum $f^*$)")
    ax_loss.set_title("SGD settles in the shallow minimum")
    ax_loss.set_ylim(bottom=1e-10)
    for (x, y), text in zip(s.minima, ("global minimum", "shallow minimum")):
        ax_path.annotate(text, (x, y), xytext=(0, -16), textcoords="offset points", ha="center", fontsize=9)
    ax_loss.legend(fontsize=9, loc="lower left")
    return fig


def _final_gaps(surface, cls, lrs, steps, **hp):
    """f - f* after ``steps`` for every learning rate (one vectorised run); NaN where it diverged."""
    _, losses, diverged = run_optimizer_batch(surface, cls, surface.start, steps, lr=lrs, **hp)
    gaps = np.maximum(losses[-1] - surface.f_min, _FLOOR)
    gaps[diverged >= 0] = np.nan
    return gaps


def _draw_lr_curves(ax, curves: dict, top: float) -> dict:
    """Empty lines for final f - f* against lr and their rows of crosses (diverged runs); label -> artists."""
    artists = {}
    for label, style in curves.items():
        line, = ax.plot([], [], label=label, **style)
        crosses, = ax.plot([], [], linestyle="none", marker="x", markersize=6, color=style["color"])
        artists[label] = (line, crosses)
    plain_log_axis(ax.xaxis)
    plain_log_axis(ax.yaxis, numticks=8)
    ax.set_ylim(_FLOOR, top * 3)
    ax.set_xlabel(r"learning rate $\eta$")
    return artists


def _show_lr_curves(artists: dict, legend, lrs, gaps: dict, top: float):
    """Put each curve's final gaps (label -> values, NaN = diverged, in the artists' order) on its line,
    crosses and legend entry."""
    for i, ((line, crosses), text, (label, values)) in enumerate(zip(artists.values(), legend.get_texts(),
                                                                      gaps.items())):
        line.set_data(lrs, values)
        diverged = np.isnan(values)
        crosses.set_data(lrs[diverged], np.full(diverged.sum(), top / 3 / 10 ** i))  # one row per curve
        text.set_text(f"{label}: {_working_range(lrs, values)}")


def _working_range(lrs, gaps, tol=1e-3) -> str:
    """The learning rates whose run ends within ``tol`` of the minimum, as text."""
    works = lrs[gaps < tol]
    return f"f − f* < 10⁻³ for η in [{works.min():.2g}, {works.max():.2g}]" if works.size else "never < 10⁻³"


#: the learning-rate pictures' surfaces: label -> (make_surface name, steps, log10 of the lr range)
LR_SURFACES = {"quadratic": ("quadratic", 200, (-4, 1)), "rosenbrock": ("rosenbrock", 1000, (-5, 0)),
               "local minimum": ("local minimum", 300, (-4, 1))}
_SGD_STYLE = dict(color=OPTIMIZER_COLORS["SGD"], lw=2, marker="o", markersize=3.5)


def _lr_sweep(name: str, betas, n_lr: int = 30, condition: float = 10.0, against: str = "Momentum"):
    """Final f - f* of SGD and of the optimizer ``against`` for each beta (its β of m, the ``beta`` control),
    over a log grid of learning rates."""
    surface_name, steps, (low, high) = LR_SURFACES[name]
    s = make_surface(surface_name, condition)
    lrs = np.logspace(low, high, n_lr)
    gaps = {"SGD": _final_gaps(s, SGD, lrs, steps)}
    cls = OPTIMIZERS[against]
    for beta in betas if _takes_beta(cls) else betas[:1]:
        label = f"{against}, β = {beta:g}" if _takes_beta(cls) else against
        gaps[label] = _final_gaps(s, cls, lrs, steps, **cls.controlled({"beta": beta}))
    return s, steps, lrs, gaps


def _takes_beta(cls) -> bool:
    """Whether the ``beta`` control (the β of m) sets one of optimizer ``cls``'s hyperparameters."""
    return any(spec.control == "beta" for spec in cls.hyperparameters.values())


def _momentum_style(i: int):
    return dict(color=OPTIMIZER_COLORS["Momentum"], lw=2, marker="o", markersize=3.5,
                linestyle=["-", "--", ":"][i % 3])


def learning_rate_range_figure(surfaces=("quadratic", "rosenbrock"), betas=(0.9,), n_lr: int = 30):
    r"""Claim 3, "allows for a larger range of learning rates": final $f - f^*$ against $\eta$.

    For each $\eta$ of a log grid, one run of SGD and one of Momentum from the surface's start
    (``run_optimizer_batch``: all $\eta$ in one go). A cross at the top: that run diverged.
    ``surfaces``: 1 to 3 names of ``LR_SURFACES``; ``betas``: 1 to 3 values in [0, 1); ``n_lr`` in 2..200.
    """
    who = "learning_rate_range_figure"
    surfaces = _names(surfaces, who, "surfaces", LR_SURFACES, 3)
    betas = _numbers(betas, who, "betas", 3, lambda v, name: _beta(v, who, name))
    n_lr = integer(n_lr, f"{who}: n_lr (learning rates per curve)", 2, 200)
    fig, axes = new_figure(1, len(surfaces), figsize=(5.5 * len(surfaces), 4.0))
    top = 1e3
    for ax, name in zip(np.atleast_1d(axes), surfaces):
        s, steps, lrs, gaps = _lr_sweep(name, betas, n_lr)
        styles = {"SGD": _SGD_STYLE, **{label: _momentum_style(i) for i, label in enumerate(list(gaps)[1:])}}
        artists = _draw_lr_curves(ax, styles, top)
        _show_lr_curves(artists, ax.legend(fontsize=9, loc="lower left"), lrs, gaps, top)
        ax.set_xlim(lrs[0], lrs[-1])
        ax.set_ylabel(rf"$f(\theta^{{({steps})}}) - f^*$ after {steps} steps")
        ax.set_title(f"{s.name}: × = diverged")
    return fig


def conventions_figure(paths: dict, surface: str = "rosenbrock", title: str = ""):
    r"""Paths of the momentum conventions on one picture: equal paths lie on top of each other.

    ``paths``: label -> (steps+1, 2) array. Drawn with widening lines under narrower ones so
    that every one stays visible where they coincide. Points that are NaN (a run that was lost)
    are not drawn.
    """
    who = "conventions_figure"
    checked = _labelled_arrays(paths, who, "paths", "a dict label -> path, (steps+1, 2) array, with at least one "
                               "entry", "text labels")
    for label, path in checked.items():
        if path.shape[1] != 2 or np.isinf(path).any():
            raise InputError(f"{who}: paths[{label!r}] must be a (steps+1, 2) array of points (x, y), NaN for lost "
                             f"points, got shape {path.shape}" + (" with inf" if path.shape[1] == 2 else ""))
    lengths = {len(path) for path in checked.values()}
    if len(lengths) > 1:
        raise InputError(f"{who}: paths must all have the same number of points (steps + 1), got lengths "
                         f"{ {label: len(path) for label, path in checked.items()} }")
    paths = checked
    if not isinstance(title, str):
        raise InputError(f"{who}: title must be a string, got {describe(title)}")
    s = _surface(surface, who)
    fig, (ax_path, ax_diff) = new_figure(1, 2, figsize=(11.0, 4.0))
    labels = list(paths)
    widths = np.linspace(7, 1.5, len(labels))
    colors = ["#E69F00", "#000000", "#56B4E9", "#D55E00", "#999999"]
    styles = {label: dict(color=colors[i % len(colors)], lw=widths[i], alpha=0.8, marker=None)
              for i, label in enumerate(labels)}
    _paths_panel(ax_path, s, paths, styles)
    ax_path.set_title(title or "momentum, three ways of writing it")
    reference = np.asarray(paths[labels[0]])
    for label in labels[1:]:
        distance = np.linalg.norm(np.asarray(paths[label]) - reference, axis=1)
        ax_diff.plot(np.maximum(distance, 1e-17), color=styles[label]["color"], lw=1.8,
                     label=f"{label} vs {labels[0]}")
    plain_log_axis(ax_diff.yaxis, numticks=8)
    ax_diff.set_ylim(1e-17, 1e2)
    ax_diff.set_xlabel("step $k$")
    ax_diff.set_ylabel(r"$\|\theta^{(k)} - \theta^{(k)}_{\rm " + "ref}\\|$")
    ax_diff.set_title(f"distance to the {labels[0]} path (10⁻¹⁶ to 10⁻¹⁵: rounding)")
    ax_diff.legend(fontsize=9)
    return fig


# --- why momentum is faster: the quadratic, one eigen-direction at a time ------------------------------

MAX_MODES = 8  # curvatures in the eigenmode picture (one colour each)


def _curvatures(curvatures, who: str, most: int = MAX_MODES) -> np.ndarray:
    """A non-empty list of at most ``most`` curvatures $\\lambda_i > 0$, as a float array."""
    values = _numbers(curvatures, who, "curvatures (eigenvalues λ)", most,
                      lambda v, name: number(v, f"{who}: {name}", 0, 1e6, low_open=True))
    return np.array(values, dtype=np.float64)


def momentum_matrix(lr: float, beta: float, curvature: float) -> np.ndarray:
    r"""The 2×2 matrix of one step of the slide's momentum along one eigen-direction of a quadratic.

    On $f(\theta) = \frac12 \sum_i \lambda_i \theta_i^2$ the gradient is $g_i = \lambda_i \theta_i$, so
    each coordinate evolves alone. With $\lambda$ = ``curvature``, $\eta$ = ``lr``, $\beta$ = ``beta``:

    $$m^{(k)} = \beta m^{(k-1)} + (1-\beta)\lambda\,\theta^{(k-1)}, \qquad
      \theta^{(k)} = \theta^{(k-1)} - \eta\, m^{(k)},$$

    that is $(\theta^{(k)}, m^{(k)}) = A\,(\theta^{(k-1)}, m^{(k-1)})$ with
    $A = \begin{pmatrix} 1 - \eta(1-\beta)\lambda & -\eta\beta \\ (1-\beta)\lambda & \beta \end{pmatrix}$.
    Its eigenvalues $z$ solve $z^2 - (1 + \beta - \eta(1-\beta)\lambda)\, z + \beta = 0$; the largest
    $|z|$ is the factor by which the error along $\lambda$ shrinks per step in the long run. $\beta = 0$
    is gradient descent: eigenvalues $1 - \eta\lambda$ and 0. (Heavy ball / torch with $\eta'$: the
    same matrix with $\eta = \eta' / (1 - \beta)$.)
    """
    who = "momentum_matrix"
    lr, beta = _lr(lr, who), _beta(beta, who)
    lam = number(curvature, f"{who}: curvature (eigenvalue λ)", 0, 1e6, low_open=True)
    return np.array([[1 - lr * (1 - beta) * lam, -lr * beta], [(1 - beta) * lam, beta]])


def _spectral_radius(lr, beta, lam):
    """max |z| over the two roots of z² − (1 + β − η(1−β)λ) z + β = 0, elementwise over broadcast arrays."""
    trace = 1 + beta - lr * (1 - beta) * lam
    root = np.sqrt(np.asarray(trace ** 2 - 4 * beta, dtype=complex))
    return np.maximum(np.abs((trace + root) / 2), np.abs((trace - root) / 2))


def convergence_rate(lr, beta, curvatures) -> np.ndarray:
    r"""The convergence rate of the slide's momentum on a quadratic: $\max_i \rho(A(\eta, \beta, \lambda_i))$.

    $\rho$ is the spectral radius (largest $|z|$) of :func:`momentum_matrix`; below 1 the error
    shrinks by about this factor per step, above 1 it grows. ``lr`` and ``beta`` may be arrays that
    broadcast against each other (a map over $(\eta, \beta)$ in one call), $\eta$ in (0, 1000];
    ``curvatures``: 1 to 8 eigenvalues $\lambda_i$ in (0, 10⁶] of the Hessian. ``beta = 0``: gradient
    descent, $\max_i |1 - \eta\lambda_i|$.
    """
    who = "convergence_rate"
    lams = _curvatures(curvatures, who)
    lr = array(lr, "lr", finite=True, who=who) if np.ndim(lr) else _lr(lr, who)
    beta = array(beta, "beta", finite=True, who=who) if np.ndim(beta) else _beta(beta, who)
    if np.any(np.asarray(lr) <= 0) or np.any(np.asarray(lr) > MAX_LR):
        raise InputError(f"{who}: lr (learning rate η) must be in (0, {MAX_LR:g}] everywhere, got values from "
                         f"{np.min(lr):g} to {np.max(lr):g}")
    if np.any(np.asarray(beta) < 0) or np.any(np.asarray(beta) >= 1):
        raise InputError(f"{who}: beta must be in [0, 1) everywhere, got values from {np.min(beta):g} to "
                         f"{np.max(beta):g}")
    try:
        lr, beta = np.broadcast_arrays(np.asarray(lr, dtype=float), np.asarray(beta, dtype=float))
    except ValueError:
        raise InputError(f"{who}: lr and beta must broadcast against each other, got shapes {np.shape(lr)} and "
                         f"{np.shape(beta)}") from None
    rates = _spectral_radius(lr[..., None], beta[..., None], lams)
    rates = rates.max(axis=-1)
    return float(rates) if rates.ndim == 0 else rates


class Tuned(NamedTuple):
    r"""The best hyperparameters for a quadratic with curvatures in $[\lambda_{\min}, \lambda_{\max}]$.

    ``lr`` $\eta$ and ``beta`` $\beta$ in the slide's form (``beta`` 0 for gradient descent),
    ``lr_heavy_ball`` $= \eta (1 - \beta)$ (torch's ``SGD(lr, momentum=beta)``), and ``rate``, the
    factor per step of :func:`convergence_rate`.
    """

    lr: float
    beta: float
    lr_heavy_ball: float
    rate: float


def tuned_gd(lambda_min: float, lambda_max: float) -> Tuned:
    r"""Gradient descent at its best $\eta = 2 / (\lambda_{\min} + \lambda_{\max})$: rate $(\kappa - 1) / (\kappa + 1)$.

    That $\eta$ makes the slowest and the fastest direction shrink equally fast,
    $|1 - \eta\lambda_{\min}| = |1 - \eta\lambda_{\max}|$; $\kappa = \lambda_{\max} / \lambda_{\min}$.
    """
    low, high = _curvature_range(lambda_min, lambda_max, "tuned_gd")
    kappa = high / low
    lr = 2 / (low + high)
    return Tuned(lr, 0.0, lr, (kappa - 1) / (kappa + 1))


def tuned_momentum(lambda_min: float, lambda_max: float) -> Tuned:
    r"""Momentum at its best $(\eta, \beta)$ (Polyak's heavy ball): rate $(\sqrt\kappa - 1) / (\sqrt\kappa + 1)$.

    $\beta = \left(\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\right)^2$, heavy-ball
    $\eta' = \frac{4}{(\sqrt{\lambda_{\min}} + \sqrt{\lambda_{\max}})^2}$, and in the slide's form
    $\eta = \eta' / (1 - \beta) = 1 / \sqrt{\lambda_{\min} \lambda_{\max}}$. At this setting both roots
    $z$ of every direction have $|z| = \sqrt\beta$ (the rate), the extreme directions a double root.
    """
    low, high = _curvature_range(lambda_min, lambda_max, "tuned_momentum")
    root = math.sqrt(high / low)
    beta = ((root - 1) / (root + 1)) ** 2
    lr_heavy_ball = 4 / (math.sqrt(low) + math.sqrt(high)) ** 2
    return Tuned(1 / math.sqrt(low * high), beta, lr_heavy_ball, (root - 1) / (root + 1))


def _curvature_range(lambda_min, lambda_max, who: str):
    low = number(lambda_min, f"{who}: lambda_min (smallest curvature)", 0, 1e6, low_open=True)
    high = number(lambda_max, f"{who}: lambda_max (largest curvature)", 0, 1e6, low_open=True)
    if high < low:
        raise InputError(f"{who}: lambda_max must be >= lambda_min, got lambda_min = {low:g}, lambda_max = {high:g}")
    if high > MAX_CONDITION * low:
        raise InputError(f"{who}: lambda_max / lambda_min (κ) must be at most {MAX_CONDITION:g}, got lambda_min = "
                         f"{low:g}, lambda_max = {high:g}")
    return low, high


def eigenmode_errors(curvatures, lr: float, beta: float = 0.0, steps: int = 60) -> np.ndarray:
    r"""$|\theta_i^{(k)}|$ for every eigen-direction $i$ of $f = \frac12 \sum_i \lambda_i \theta_i^2$, from
    $\theta_i^{(0)} = 1$.

    Run by the package's optimizers themselves (``ln.SGD`` for ``beta = 0``, else ``ln.Momentum``
    in the slide's form) on one parameter vector with gradient $g_i = \lambda_i \theta_i$. Returns an
    array (steps+1, len(curvatures)); ``steps`` in 1..10000. Growing errors are returned as they are
    (up to inf), a diverging run is not refused.
    """
    who = "eigenmode_errors"
    lams = _curvatures(curvatures, who)
    lr, beta, steps = _lr(lr, who), _beta(beta, who), _steps(steps, who)
    theta = Parameter(np.ones(len(lams)), "theta")
    opt = SGD([theta], lr=lr) if beta == 0 else Momentum([theta], lr=lr, beta=beta)
    errors = [np.abs(theta.value.copy())]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            theta.grad = lams * theta.value
            opt.step()
            errors.append(np.abs(theta.value.copy()))
    return np.nan_to_num(np.array(errors), nan=np.inf)


def predicted_eigenmode_errors(curvatures, lr: float, beta: float = 0.0, steps: int = 60) -> np.ndarray:
    r"""The same errors as :func:`eigenmode_errors`, from powers of the 2×2 matrix alone:
    $(\theta_i^{(k)}, m_i^{(k)}) = A_i^k (1, 0)$ with $A_i$ = ``momentum_matrix(lr, beta, λ_i)``."""
    who = "predicted_eigenmode_errors"
    lams = _curvatures(curvatures, who)
    lr, beta, steps = _lr(lr, who), _beta(beta, who), _steps(steps, who)
    errors = np.empty((steps + 1, len(lams)))
    with np.errstate(over="ignore", invalid="ignore"):
        for i, lam in enumerate(lams):
            A, state = momentum_matrix(lr, beta, lam), np.array([1.0, 0.0])
            errors[0, i] = 1.0
            for k in range(1, steps + 1):
                state = A @ state
                errors[k, i] = abs(state[0])
    return np.nan_to_num(errors, nan=np.inf)


def _mode_colors(n: int):
    from matplotlib import colormaps
    return [colormaps["viridis"](x) for x in np.linspace(0.0, 0.85, n)]


def eigenmode_figure(condition: float = 20.0, n_modes: int = 4, steps: int = 60):
    r"""Per-direction error $|\theta_i^{(k)}|$ of tuned gradient descent (left) and tuned momentum (right).

    $f = \frac12 \sum_i \lambda_i \theta_i^2$ with ``n_modes`` (2..8) curvatures spaced evenly on a log
    scale from $\lambda = 1$ to $\lambda = \kappa$ = ``condition`` (in (1, 10⁶]), every $\theta_i^{(0)} = 1$.
    Lines: the runs of ``ln.SGD`` and ``ln.Momentum`` (:func:`eigenmode_errors`); dots: the powers of
    the 2×2 matrix (:func:`predicted_eigenmode_errors`); dashed: $\text{rate}^k$. Both at the
    hyperparameters of :func:`tuned_gd` and :func:`tuned_momentum`.
    """
    who = "eigenmode_figure"
    condition = number(condition, f"{who}: condition (κ)", 1, MAX_CONDITION, low_open=True)
    n_modes = integer(n_modes, f"{who}: n_modes", 2, MAX_MODES)
    steps = integer(steps, f"{who}: steps", 1, 1000)
    lams = np.geomspace(1.0, condition, n_modes)
    gd, hb = tuned_gd(1.0, condition), tuned_momentum(1.0, condition)
    fig, axes = new_figure(1, 2, figsize=(11.0, 4.0), sharey=True)
    k = np.arange(steps + 1)
    colors = _mode_colors(n_modes)
    for ax, tuned in zip(axes, (gd, hb)):
        errors = eigenmode_errors(lams, tuned.lr, tuned.beta, steps)
        predicted = predicted_eigenmode_errors(lams, tuned.lr, tuned.beta, steps)
        for i, lam in enumerate(lams):
            ax.plot(k, np.maximum(errors[:, i], _FLOOR), color=colors[i], lw=1.8, label=f"λ = {lam:.3g}")
            ax.plot(k[::3], np.maximum(predicted[::3, i], _FLOOR), color=colors[i], linestyle="none", marker=".",
                    markersize=4)
        ax.plot(k, tuned.rate ** k, color="black", lw=1.2, ls="--", label=f"rate$^k$, rate = {tuned.rate:.3f}")
        plain_log_axis(ax.yaxis, numticks=8)
        ax.set_ylim(_FLOOR, 3)
        ax.set_xlabel("step $k$")
        ax.legend(fontsize=8, loc="lower left")
    axes[0].set_ylabel(r"error along direction $i$: $|\theta_i^{(k)}|$")
    axes[0].set_title(f"gradient descent, η = 2/(1+κ) = {gd.lr:.3g}", color=OPTIMIZER_COLORS["SGD"])
    axes[1].set_title(f"momentum, η = {hb.lr:.3g}, β = {hb.beta:.3g} (η(1−β) = {hb.lr_heavy_ball:.3g})",
                      color=OPTIMIZER_COLORS["Momentum"])
    fig.suptitle(f"f = ½ Σ λᵢ θᵢ², λ from 1 to κ = {condition:g}; lines: ln.SGD / ln.Momentum, "
                 "dots: powers of the 2×2 matrix", fontsize=10)
    return fig


def rate_map(condition: float = 20.0, lrs=None, betas=None):
    r"""The convergence rate over a grid of $(\eta, \beta)$ for the quadratic $\frac12(x^2 + \kappa y^2)$.

    Returns ``lrs`` (log grid, default 200 values from 10⁻³ to 10²), ``betas`` (default 200 values
    from 0 to 0.99) and ``rates`` (len(betas), len(lrs)) from :func:`convergence_rate` with the
    curvatures 1 and $\kappa$ = ``condition``.
    """
    who = "rate_map"
    condition = _condition(condition, who)
    lrs = np.logspace(-3, 2, 200) if lrs is None else np.array(
        _numbers(lrs, who, "lrs", 1000, lambda v, name: _lr(v, who, name)))
    betas = np.linspace(0, 0.99, 200) if betas is None else np.array(
        _numbers(betas, who, "betas", 1000, lambda v, name: _beta(v, who, name)))
    return lrs, betas, convergence_rate(lrs[None, :], betas[:, None], (1.0, condition))


def rate_map_figure(condition: float = 20.0):
    r"""Heat map of the convergence rate of the slide's momentum over $(\eta, \beta)$, log $\eta$ axis.

    Grey: diverges (rate $\ge 1$). Solid black line: the stability bound of the slide's form,
    $\eta = 2(1+\beta) / ((1-\beta)\lambda_{\max})$; dashed: where the rate equals that of the best
    gradient descent; ★ the tuned momentum, ● the tuned gradient descent ($\beta = 0$).
    """
    who = "rate_map_figure"
    condition = number(condition, f"{who}: condition (κ)", 1, MAX_CONDITION, low_open=True)
    lrs, betas, rates = rate_map(condition)
    gd, hb = tuned_gd(1.0, condition), tuned_momentum(1.0, condition)
    fig, ax = new_figure(figsize=(7.5, 4.6))
    shown = np.ma.masked_where(rates >= 1, rates)
    image = ax.pcolormesh(lrs, betas, shown, cmap="viridis", vmin=hb.rate, vmax=1.0, shading="nearest")
    ax.set_facecolor("0.85")  # the diverging region: light grey
    ax.grid(False)
    fig.colorbar(image, ax=ax, label="rate: error factor per step (grey: ≥ 1, diverges)")
    bound = 2 * (1 + betas) / ((1 - betas) * condition)
    ax.plot(bound, betas, color="black", lw=1.5, label="η = 2(1+β)/((1−β)λ_max)")
    ax.contour(lrs, betas, rates, levels=[gd.rate], colors="#56B4E9", linestyles="--", linewidths=1.5)
    ax.plot([], [], color="#56B4E9", ls="--", lw=1.5, label=f"rate = best GD's, {gd.rate:.3f}")
    ax.plot(hb.lr, hb.beta, marker="*", markersize=16, color="#D55E00", markeredgecolor="white", linestyle="none",
            label=f"best momentum: η = {hb.lr:.3g}, β = {hb.beta:.3g}, rate {hb.rate:.3f}")
    ax.plot(gd.lr, 0.0, marker="o", markersize=9, color=OPTIMIZER_COLORS["SGD"], markeredgecolor="white",
            linestyle="none", clip_on=False, label=f"best GD: η = {gd.lr:.3g}, β = 0, rate {gd.rate:.3f}")
    ax.set_xscale("log")
    ax.set_xlim(lrs[0], lrs[-1])
    ax.set_ylim(0, betas[-1])
    ax.set_xlabel(r"learning rate $\eta$ (slide's form; heavy ball: $\eta(1-\beta)$)")
    ax.set_ylabel(r"$\beta$")
    ax.set_title(f"convergence rate of momentum on ½(x² + κy²), κ = {condition:g}")
    ax.legend(fontsize=8, loc="lower right", frameon=True, framealpha=0.9)
    return fig


# --- RMSprop -----------------------------------------------------------------------------------------

def rmsprop_trace(surface="quadratic", lr: float = 0.1, beta: float = 0.9, eps: float = 1e-8, steps: int = 100,
                  x0=None, condition: float = 50.0):
    r"""RMSprop (``lecture_nn.RMSprop``) on a surface, recording its state after every step.

    Returns ``path`` (steps+1, 2) and ``s`` (steps, 2), where ``s[k-1]`` is
    $\mathbb{E}[g^2]^{(k)}$ per coordinate: the effective learning rate of step $k$ is
    ``lr / sqrt(s[k-1] + eps)``. A run that leaves $|x|, |y| < 10^6$ (diverges) is refused.
    """
    who = "rmsprop_trace"
    surf = _surface(surface, who, _condition(condition, who))
    lr, beta, steps, x0 = _lr(lr, who), _beta(beta, who), _steps(steps, who), _point(x0, who)
    eps = number(eps, f"{who}: eps", 0, low_open=True)
    theta = Parameter(np.array(surf.start if x0 is None else x0, dtype=np.float64), "theta")
    opt = RMSprop([theta], lr=lr, beta=beta, eps=eps)
    path, second_moments = [theta.value.copy()], []
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run is refused below, not warned about
        for _ in range(steps):
            theta.grad = surf.grad(theta.value)
            opt.step()
            path.append(theta.value.copy())
            second_moments.append(opt.state[theta]["s"].copy())
            if not np.all(np.abs(theta.value) < 1e6):
                break
    path = np.array(path)
    _check_run(path, who, f"lr = {lr:g}")
    return path, np.array(second_moments)


def rmsprop_figure(condition: float = 50.0, lr: float = 0.1, beta: float = 0.9, steps: int = 100,
                   sgd_lr: float | None = None):
    r"""RMSprop against SGD on an elongated valley, and RMSprop's step size per coordinate.

    SGD must keep $\eta < 2 / \kappa$ for the steep coordinate and so crawls along the flat one;
    RMSprop divides each coordinate by its own running RMS gradient. ``sgd_lr``: SGD's $\eta$,
    by default $1.9 / \kappa$.
    """
    who = "rmsprop_figure"
    condition, lr, beta, steps = _condition(condition, who), _lr(lr, who), _beta(beta, who), _steps(steps, who)
    s = quadratic(condition)
    sgd_lr = 1.9 / condition if sgd_lr is None else _lr(sgd_lr, who, "sgd_lr")
    path, second = rmsprop_trace(s, lr=lr, beta=beta, steps=steps)
    sgd = run_optimizer(s, SGD, steps=steps, lr=sgd_lr)
    fig, (ax_path, ax_lr) = new_figure(1, 2, figsize=(11.0, 4.0))
    _paths_panel(ax_path, s, {f"SGD, η = {sgd_lr:.2g}": sgd.path, f"RMSprop, η = {lr:g}": path},
                 styles={f"SGD, η = {sgd_lr:.2g}": {"color": OPTIMIZER_COLORS["SGD"]},
                         f"RMSprop, η = {lr:g}": {"color": OPTIMIZER_COLORS["RMSprop"]}})
    ax_path.set_title(f"$f = \\frac{{1}}{{2}}(x^2 + {condition:g}\\,y^2)$, {steps} steps")
    k = np.arange(1, steps + 1)
    effective = lr / np.sqrt(second + 1e-8)
    ax_lr.plot(k, effective[:, 0], color=OPTIMIZER_COLORS["RMSprop"], lw=2, label=r"$\theta_1$ ($x$, flat)")
    ax_lr.plot(k, effective[:, 1], color=OPTIMIZER_COLORS["RMSprop"], lw=2, ls="--", label=r"$\theta_2$ ($y$, steep)")
    ax_lr.axhline(sgd_lr, color=OPTIMIZER_COLORS["SGD"], lw=1.5, label=f"SGD: η = {sgd_lr:.2g} for both")
    plain_log_axis(ax_lr.yaxis, numticks=8)
    ax_lr.set_xlabel("step $k$")
    ax_lr.set_ylabel(r"$\eta / \sqrt{\mathbb{E}[g^2]^{(k)} + \varepsilon}$")
    ax_lr.set_title("RMSprop's effective learning rate per coordinate")
    ax_lr.legend(fontsize=9)
    return fig


# --- Adam and its bias correction -------------------------------------------------------------------

def adam_path(surface="quadratic", lr: float = 0.01, beta1: float = 0.9, beta2: float = 0.999,
              eps: float = 1e-8, steps: int = 50, x0=None, bias_correction: bool = True, condition: float = 10.0):
    r"""Adam written out as a numpy loop, with or without the bias correction.

    $m \leftarrow \beta_1 m + (1 - \beta_1) g$, $s \leftarrow \beta_2 s + (1 - \beta_2) g^2$; with
    correction $\hat m = m / (1 - \beta_1^k)$, $\hat s = s / (1 - \beta_2^k)$, else $\hat m = m$,
    $\hat s = s$; $\theta \leftarrow \theta - \eta\, \hat m / (\sqrt{\hat s} + \varepsilon)$.
    With the correction this is ``lecture_nn.Adam`` (the tests check it). Returns ``path``
    (steps+1, 2), ``m_hat`` and ``s_hat`` (steps, 2). A run that leaves $|x|, |y| < 10^6$
    (diverges) is refused.
    """
    who = "adam_path"
    surf = _surface(surface, who, _condition(condition, who))
    lr, steps, x0 = _lr(lr, who), _steps(steps, who), _point(x0, who)
    beta1, beta2 = _beta(beta1, who, "beta1"), _beta(beta2, who, "beta2")
    eps = number(eps, f"{who}: eps", 0, low_open=True)
    bias_correction = flag(bias_correction, f"{who}: bias_correction")
    theta = np.array(surf.start if x0 is None else x0, dtype=np.float64)
    m, s = np.zeros(2), np.zeros(2)  # the two moving averages start at zero
    path, m_hats, s_hats = [theta.copy()], [], []
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run is refused below, not warned about
        for k in range(1, steps + 1):
            g = surf.grad(theta)
            m = beta1 * m + (1 - beta1) * g
            s = beta2 * s + (1 - beta2) * g ** 2
            m_hat = m / (1 - beta1 ** k) if bias_correction else m
            s_hat = s / (1 - beta2 ** k) if bias_correction else s
            theta = theta - lr * m_hat / (np.sqrt(s_hat) + eps)
            path.append(theta)
            m_hats.append(m_hat)
            s_hats.append(s_hat)
            if not np.all(np.abs(theta) < 1e6):
                break
    path = np.array(path)
    _check_run(path, who, f"lr = {lr:g}")
    return path, np.array(m_hats), np.array(s_hats)


def bias_correction_figure(lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, steps: int = 50):
    r"""Adam's first steps with and without bias correction, on a slope whose gradient barely changes.

    For a constant gradient $g$: $m^{(k)} = (1 - \beta_1^k) g$ and $\sqrt{s^{(k)}} = \sqrt{1 -
    \beta_2^k}\, |g|$, both biased towards 0, the second far more. Uncorrected, the step is
    $\eta (1 - \beta_1^k) / \sqrt{1 - \beta_2^k}$; corrected, it is $\eta$.
    """
    who = "bias_correction_figure"
    lr, steps = _lr(lr, who), _steps(steps, who)
    beta1, beta2 = _beta(beta1, who, "beta1"), _beta(beta2, who, "beta2")
    x0 = (-4.5, 0.0)  # on the flat axis of the quadratic, far from the minimum: g stays ~ (-4.5, 0)
    results = {}
    for corrected in (True, False):
        results[corrected] = adam_path("quadratic", lr, beta1, beta2, steps=steps, x0=x0, bias_correction=corrected)
    fig, (ax_m, ax_s, ax_step) = new_figure(1, 3, figsize=(13.0, 3.8))
    k = np.arange(1, steps + 1)
    adam, plain = OPTIMIZER_COLORS["Adam"], "#000000"
    for corrected, color, ls in ((True, adam, "-"), (False, plain, "--")):
        path, m_hat, s_hat = results[corrected]
        g = np.abs(make_surface("quadratic").grad(path[:-1])[:, 0])  # |g| of each step
        g = np.where(g > 0, g, np.nan)  # a step that lands on x = 0 exactly has no ratio to draw
        name = "with correction" if corrected else "without"
        ax_m.plot(k, np.abs(m_hat[:, 0]) / g, color=color, ls=ls, lw=2, label=name)
        ax_s.plot(k, np.sqrt(s_hat[:, 0]) / g, color=color, ls=ls, lw=2, label=name)
        ax_step.plot(k, np.abs(np.diff(path[:, 0])) / lr, color=color, ls=ls, lw=2, marker=".", label=name)
    ax_step.plot(k, (1 - beta1 ** k) / np.sqrt(1 - beta2 ** k), color="0.5", lw=1, ls=":",
                 label=r"$(1-\beta_1^k) / \sqrt{1-\beta_2^k}$")
    ax_m.set_title(r"$|\hat m^{(k)}| / |g|$: the average gradient")
    ax_s.set_title(r"$\sqrt{\hat s^{(k)}} / |g|$: the RMS gradient")
    ax_step.set_title(r"step size $|\theta^{(k)} - \theta^{(k-1)}| / \eta$")
    for ax in (ax_m, ax_s, ax_step):
        ax.set_xlabel("step $k$")
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=9)
    fig.suptitle(f"Adam's first {steps} steps on a steady slope, $\\beta_1$ = {beta1:g}, $\\beta_2$ = {beta2:g}")
    return fig


# --- the race: four optimizers on one surface ------------------------------------------------------------

class _AdamWithoutCorrection(Adam):
    """Adam with $\\hat m = m$, $\\hat s = s$: the race's Adam when its bias correction is switched off
    (``adam_path(bias_correction=False)`` as an optimizer; the tests check they agree)."""

    @staticmethod
    def update(theta, g, state, *, lr, beta1, beta2, eps):
        m = beta1 * state["m"] + (1 - beta1) * g
        s = beta2 * state["s"] + (1 - beta2) * g ** 2
        return theta - lr * m / (np.sqrt(s) + eps), {"m": m, "s": s}  # eps > 0 in the race: no 0 / 0


def _race_optimizer(name: str, bias_correction: bool):
    """The class the race runs for optimizer ``name``: Adam without correction when it is switched off."""
    return _AdamWithoutCorrection if name == "Adam" and not bias_correction else OPTIMIZERS[name]


def _race_learning_rates(lr, who: str) -> dict:
    """name -> η for every optimizer of ``OPTIMIZERS``, from one number or a dict name -> η (any case)."""
    if not isinstance(lr, dict):
        value = _lr(lr, who)
        return {name: value for name in OPTIMIZERS}
    checked = {_optimizer_name(key, who, "lr"): _lr(value, who, f"lr[{key!r}]") for key, value in lr.items()}
    missing = [name for name in OPTIMIZERS if name not in checked]
    if missing:
        raise InputError(f"{who}: lr must be one η or a dict with an η for each of {', '.join(OPTIMIZERS)}; "
                         f"missing {', '.join(map(repr, missing))}")
    return {name: checked[name] for name in OPTIMIZERS}


def race(surface: Surface, lr: float = 0.05, beta: float = 0.9, beta2: float = 0.99, steps: int = 150,
         noise: float = 0.0, x0=None, seed: int = 0, bias_correction: bool = True) -> dict:
    r"""Every optimizer of ``OPTIMIZERS`` from the same start, with one $\eta$ or one each: name -> ``Run``.

    ``lr``: one $\eta$ for all, or a dict name -> $\eta$ (one each, e.g. from
    :func:`race_best_learning_rates`). ``beta`` is momentum's $\beta$ (Adam's $\beta_1$), ``beta2`` the
    $\beta$ of $\mathbb{E}[g^2]$ (RMSprop's $\beta$, Adam's $\beta_2$). ``bias_correction=False`` runs
    Adam without it ($\hat m = m$, $\hat s = s$); it changes nothing else: the slide's RMSprop has no
    bias correction to switch. With ``noise`` > 0 every optimizer gets the same noise sequence (same
    seed). ``surface``: a Surface or a name (``make_surface``). A run that diverges is cut there: its
    ``Run.diverged_at`` is set and the rest of its path is NaN.
    """
    who = "race"
    surface = _surface(surface, who)
    lrs, beta, beta2 = _race_learning_rates(lr, who), _beta(beta, who), _beta(beta2, who, "beta2")
    steps, x0, seed = _steps(steps, who), _point(x0, who), check_seed(seed, f"{who}: seed")
    noise = number(noise, f"{who}: noise (σ of the gradient noise)", 0)
    bias_correction = flag(bias_correction, f"{who}: bias_correction")
    runs = {}
    for name in OPTIMIZERS:
        cls = _race_optimizer(name, bias_correction)
        controls = {"lr": lrs[name], "beta": beta, "beta2": beta2}
        runs[name] = run_optimizer(surface, cls, x0=x0, steps=steps, noise=noise, rng=seed,
                                   **cls.controlled(controls))
    return runs


#: the race explorer's η modes: label -> value of its ``eta_mode`` control
ETA_MODES = {"one η for all": "shared", "each its best η": "best"}
#: the learning rates the race's "each its best η" mode tries: 41 from 10⁻⁴ to 10 (8 per factor of 10)
RACE_LR_GRID = tuple(float(v) for v in np.logspace(-4, 1, 41))
_best_race_lrs: dict = {}


def race_best_learning_rates(surface: Surface, beta: float = 0.9, beta2: float = 0.99, steps: int = 150,
                             noise: float = 0.0, x0=None, seed: int = 0, bias_correction: bool = True) -> dict:
    r"""name -> the $\eta$ of ``RACE_LR_GRID`` with which that optimizer gets down fastest in this race.

    For every $\eta$ of the grid, one run of ``steps`` steps on ``surface`` from ``x0`` (all $\eta$ in one
    vectorised ``run_optimizer_batch``); "fastest" is the lowest mean over steps $1..k$ of
    $\log_{10}(f - f^*)$ (floored at $10^{-12}$), so a run that gets low early beats one that gets
    there late; runs that diverge or leave the surface's window (the picture) do not count (unless every
    run that does not diverge leaves it). The other arguments as in :func:`race`; the result is
    cached. With ``noise`` > 0 the grid's runs draw their own noise (seeded): the chosen $\eta$ is the
    best for noise of that size, not for the one sequence the race then shows.
    """
    who = "race_best_learning_rates"
    surface = _surface(surface, who)
    beta, beta2, steps = _beta(beta, who), _beta(beta2, who, "beta2"), _steps(steps, who, 1000)
    x0, seed = _point(x0, who), check_seed(seed, f"{who}: seed")
    noise = number(noise, f"{who}: noise (σ of the gradient noise)", 0)
    bias_correction = flag(bias_correction, f"{who}: bias_correction")
    start = surface.start if x0 is None else x0
    key = (surface.name, beta, beta2, steps, noise, tuple(start), seed, bias_correction)
    if key not in _best_race_lrs:
        grid = np.array(RACE_LR_GRID)
        low = np.array([surface.x_range[0], surface.y_range[0]])
        high = np.array([surface.x_range[1], surface.y_range[1]])
        best = {}
        for name in OPTIMIZERS:
            cls = _race_optimizer(name, bias_correction)
            hp = cls.controlled({"lr": grid, "beta": beta, "beta2": beta2})
            paths, losses, diverged = run_optimizer_batch(surface, cls, start, steps, noise=noise, rng=seed, **hp)
            with np.errstate(invalid="ignore"):
                score = np.log10(np.maximum(losses[1:] - surface.f_min, _FLOOR)).mean(axis=0)
                inside = np.all((paths >= low) & (paths <= high), axis=(0, 2))  # NaN (diverged): False
            if not np.any(inside & (diverged < 0)):
                inside[:] = True  # every run leaves the picture: the best of those that do not diverge
            score[(diverged >= 0) | ~inside] = np.inf
            best[name] = float(grid[int(np.argmin(score))])
        _best_race_lrs[key] = best
    return dict(_best_race_lrs[key])


def _exit_point(surface: Surface, path: np.ndarray):
    """Where a path leaves the picture for the last time: ``(i, point)``, or None if it ends inside.

    ``i`` is the index of the last point inside; ``point`` lies on the window's edge between it
    and the next one (or is that last point, when the next one is already lost: NaN).
    """
    low = np.array([surface.x_range[0], surface.y_range[0]])
    high = np.array([surface.x_range[1], surface.y_range[1]])
    with np.errstate(invalid="ignore"):
        inside = np.all((path >= low) & (path <= high), axis=1)
    if inside[-1]:
        return None
    last_inside = np.flatnonzero(inside)
    if last_inside.size == 0:
        return None
    i = int(last_inside[-1])
    p, q = path[i], path[i + 1]
    if not np.all(np.isfinite(q)):
        return i, p
    with np.errstate(divide="ignore", invalid="ignore"):
        # fraction of the segment p -> q at which each coordinate reaches its edge of the window
        fractions = np.where(q > high, (high - p) / (q - p), np.where(q < low, (low - p) / (q - p), np.inf))
    return i, p + np.min(fractions) * (q - p)


class _RacePicture:
    """The race's artists: paths on the contour picture (left), f - f* over the steps (right)."""

    def __init__(self, ax_path, ax_loss, legend_fontsize=9):
        self.ax_path, self.ax_loss = ax_path, ax_loss
        self.contours, self.surface = None, None
        self.paths, self.heads, self.crosses, self.curves, self.loss_crosses = {}, {}, {}, {}, {}
        for name, cls in OPTIMIZERS.items():
            color = cls.color
            self.paths[name], = ax_path.plot([], [], color=color, lw=1.6, zorder=3)
            self.heads[name], = ax_path.plot([], [], color=color, marker="o", markersize=6, markeredgecolor="white",
                                             linestyle="none", zorder=5)
            self.crosses[name], = ax_path.plot([], [], color=color, marker="X", markersize=11,
                                               markeredgecolor="black", linestyle="none", zorder=6)
            self.curves[name], = ax_loss.plot([], [], color=color, lw=1.8, label=name)
            self.loss_crosses[name], = ax_loss.plot([], [], color=color, marker="X", markersize=10,
                                                    markeredgecolor="black", linestyle="none")
        self.start, = ax_path.plot([], [], marker="o", color="black", markersize=6, linestyle="none", zorder=7)
        # every update is a full draw: fewer ticks (each is a line, a label and a grid line) draw faster
        for axis in (ax_path.xaxis, ax_path.yaxis, ax_loss.xaxis):
            axis.set_major_locator(MaxNLocator(6))
        # plain-text labels (mathtext is parsed again on every draw); fixed label positions: the
        # tick labels of another surface may be wider than the first one's
        ax_path.set_xlabel("θ₁ (x)")
        ax_path.set_ylabel("θ₂ (y)")
        ax_path.yaxis.set_label_coords(-0.1, 0.5)
        ax_loss.yaxis.set_label_coords(-0.12, 0.5)
        self.minima, = ax_path.plot([], [], marker="*", color="black", markersize=13, markeredgecolor="white",
                                    linestyle="none", zorder=4)
        plain_log_axis(ax_loss.yaxis, numticks=8)
        ax_loss.set_xlabel("step k")
        ax_loss.set_ylabel("f(θ⁽ᵏ⁾) − f*")
        self.legend = ax_loss.legend(loc="lower left", fontsize=legend_fontsize, frameon=True, framealpha=0.9)

    def set_surface(self, surface: Surface) -> bool:
        """Draw ``surface``'s contour map (if it is not the one drawn): True if the picture changed."""
        if self.surface is not None and surface.name == self.surface.name:
            return False
        if self.contours is not None:
            self.contours.remove()
        self.contours = _draw_surface(self.ax_path, surface, labels=False)
        minima = np.array(surface.minima)
        self.minima.set_data(minima[:, 0], minima[:, 1])
        self.surface = surface
        # the window shrunk by 2%: a cross at a run's exit stays inside the picture
        low = np.array([surface.x_range[0], surface.y_range[0]])
        high = np.array([surface.x_range[1], surface.y_range[1]])
        self._inner_low, self._inner_high = low + 0.02 * (high - low), high - 0.02 * (high - low)
        return True

    def show(self, runs: dict, upto: int | None = None):
        """Draw the runs up to step ``upto`` (all steps when None)."""
        s = self.surface
        steps = len(next(iter(runs.values())).path) - 1
        upto = steps if upto is None else upto
        first = next(iter(runs.values())).path[0]
        self.start.set_data([first[0]], [first[1]])
        top = max(float(np.nanmax(_gap(s, run.losses[:1]))) for run in runs.values()) * 1e3
        bottom = top
        for text, (name, run) in zip(self.legend.get_texts(), runs.items()):
            path, gaps = run.path[:upto + 1], _gap(s, run.losses[:upto + 1])
            diverged = run.diverged_at is not None and run.diverged_at <= upto
            exit_point = _exit_point(s, path)
            if exit_point is None:
                self.paths[name].set_data(path[:, 0], path[:, 1])
                self.crosses[name].set_data([], [])
                self.heads[name].set_data([path[-1, 0]], [path[-1, 1]])
            else:  # ends outside the picture (or diverged): a cross where it left
                i, point = exit_point
                # a diverging run's far-away jumps would cross the picture as straight lines: cut them
                drawn = np.vstack([path[:i + 1], point]) if diverged else path
                self.paths[name].set_data(drawn[:, 0], drawn[:, 1])  # the axes clip what lies outside
                edge = np.clip(point, self._inner_low, self._inner_high)
                self.crosses[name].set_data([edge[0]], [edge[1]])
                self.heads[name].set_data([], [])
            self.curves[name].set_data(np.arange(len(gaps)), gaps)
            finite = gaps[np.isfinite(gaps)]
            if finite.size:
                bottom = min(bottom, float(finite.min()))
            if diverged:
                self.loss_crosses[name].set_data([run.diverged_at], [top / 3])
                text.set_text(f"{name}: diverged at step {run.diverged_at}")
            else:
                self.loss_crosses[name].set_data([], [])
                note = "" if exit_point is None else " (outside the picture)"
                text.set_text(f"{name}: {_gap_text(run.losses[upto] - s.f_min)}{note}")
        self.ax_loss.set_xlim(0, max(steps, 1))
        self.ax_loss.set_ylim(max(bottom / 10, _FLOOR), top)


class RaceExplorer(Explorer):
    """Every optimizer of ``OPTIMIZERS`` (the slides' SGD, Momentum, RMSprop, Adam) on one surface, one shared $\\eta$
    or each at its own best $\\eta$.

    One $\\eta$ for all four (``eta_mode="shared"``, the default) on purpose: the same number means a
    step of $\\eta |g|$ for SGD (and momentum), but about $\\eta$ per coordinate for RMSprop and Adam,
    whatever the size of the gradient. Moving it shows which update rule is sensitive to the scale of
    the surface. ``eta_mode="best"``: each optimizer runs at the $\\eta$ of ``RACE_LR_GRID`` that brings
    it down fastest in this very race (:func:`race_best_learning_rates`); the $\\eta$ slider keeps the
    value it holds but is switched off, and the titles and legend say so and give each $\\eta$.
    ``bias_correction``: Adam's (on, as ``ln.Adam``; off: $\\hat m = m$, $\\hat s = s$); the slide's
    RMSprop has none, so the switch changes Adam only.

    Arguments as the controls hold them: ``surface`` a label of ``SURFACE_CHOICES`` (any case),
    ``condition`` in [1, 1000], ``lr`` in [1e-4, 10] (SGD diverges long before 10: η > 2/κ on the
    quadratic), ``beta`` in [0, 0.99], ``beta2`` in [0, 0.999], ``steps`` in 10..500, ``noise`` in
    [0, 5], ``x0`` and ``y0`` in the surface's window (default: its start), ``eta_mode`` "shared" or
    "best", ``bias_correction`` True or False; ``seed`` an int >= 0.
    """

    def __init__(self, surface="quadratic", condition=20.0, lr=0.09, beta=0.9, beta2=0.99, steps=150, noise=0.0,
                 x0=None, y0=None, seed=0, eta_mode="shared", bias_correction=True):
        # the controls first: a value they cannot hold is refused before any drawing. The η slider
        # reaches 10: far beyond where SGD diverges (η > 2/κ on the quadratic), which is a lesson too
        slider = dict(continuous_update=False, style={"description_width": "initial"})
        if isinstance(surface, str) and surface.strip().lower() == "local_minimum":
            surface = "local minimum"  # lecture_nn.surfaces' name of the dropdown's "local minimum"
        controls = {
            "surface": control(widgets.Dropdown, "surface", surface, options=list(SURFACE_CHOICES),
                               description="surface"),
            "condition": control(widgets.FloatLogSlider, "condition", condition, base=10, min=0, max=3, step=0.1,
                                 description="κ (quadratic)", **slider),
            "lr": control(widgets.FloatLogSlider, "lr", lr, base=10, min=-4, max=1, step=0.05,
                          description="η (all four)", readout_format=".2g", **slider),
            "beta": control(widgets.FloatSlider, "beta", beta, min=0.0, max=0.99, step=0.01,
                            description="β (m; Adam β₁)", **slider),
            "beta2": control(widgets.FloatSlider, "beta2", beta2, min=0.0, max=0.999, step=0.001,
                             readout_format=".3f", description="β of E[g²] (Adam β₂)", **slider),
            "steps": control(widgets.IntSlider, "steps", steps, min=10, max=500, step=10, description="steps",
                             **slider),
            "noise": control(widgets.FloatSlider, "noise", noise, min=0.0, max=5.0, step=0.1,
                             description="gradient noise σ", **slider),
        }
        surface = controls["surface"].value
        s = make_surface(surface, controls["condition"].value)
        # the start: any point of the surface's window (the sliders' range), by default its own start
        for name, value, (low, high), default in (("x0", x0, s.x_range, s.start[0]), ("y0", y0, s.y_range, s.start[1])):
            controls[name] = control(widgets.FloatSlider, name, default if value is None else value, min=low,
                                     max=high, step=0.05, description=f"start {name[0]}₀", **slider)
        controls["eta_mode"] = control(widgets.Dropdown, "eta_mode", eta_mode, options=list(ETA_MODES.items()),
                                       description="η mode")
        controls["bias_correction"] = control(widgets.Checkbox, "bias_correction", bias_correction,
                                              description="Adam's bias correction", indent=False)
        self.seed = check_seed(seed, "RaceExplorer: seed")
        self._syncing = False
        fig, (ax_path, ax_loss) = new_figure(1, 2, figsize=(10.5, 4.3))
        self.picture = p = _RacePicture(ax_path, ax_loss)
        self._surface_label = surface
        # what update moves is drawn over a cached background (the contour map, its ticks and labels:
        # most of the cost), with the minima's stars that lie over the paths; the loss panel rescales:
        # all of it. A new surface redraws the background
        animated = [*p.paths.values(), p.minima, *p.heads.values(), *p.crosses.values(), p.start, ax_path.title,
                    ax_loss]
        super().__init__(fig, controls, title=f"Optimizer race: {', '.join(OPTIMIZERS)} on one surface",
                         animated=animated)

    def _on_change(self, change):
        if not self._syncing:  # moving the start sliders to a new surface's window: one update, not five
            super()._on_change(change)

    def _move_start_to(self, s: Surface):
        """Put the start sliders on the surface's window and its default start."""
        self._syncing = True
        try:
            for name, (lo, hi), value in (("x0", s.x_range, s.start[0]), ("y0", s.y_range, s.start[1])):
                control = self.controls[name]
                control.min, control.max = min(control.min, lo), max(control.max, hi)
                control.value = value
                control.min, control.max = lo, hi
        finally:
            self._syncing = False

    def update(self, surface, condition, lr, beta, beta2, steps, noise, x0, y0, eta_mode="shared",
               bias_correction=True):
        # values as the controls hold them (update may also be called from code); the start is any
        # point: its sliders' range follows the surface
        surface, condition, lr, beta, beta2, steps, noise = self.checked(
            surface=surface, condition=condition, lr=lr, beta=beta, beta2=beta2, steps=steps, noise=noise).values()
        eta_mode, bias_correction = self.checked(eta_mode=eta_mode, bias_correction=bias_correction).values()
        x0, y0 = number(x0, "x0"), number(y0, "y0")
        s = make_surface(surface, condition)
        if surface != self._surface_label:
            self._move_start_to(s)
            self._surface_label = surface
            x0, y0 = self.controls["x0"].value, self.controls["y0"].value
        self.controls["condition"].disabled = not surface.startswith("quadratic")
        best = eta_mode == "best"
        self.controls["lr"].disabled = best  # kept as the student set it, but not used
        self.learning_rates = (race_best_learning_rates(s, beta, beta2, steps, noise, (x0, y0), self.seed,
                                                        bias_correction)
                               if best else {name: lr for name in OPTIMIZERS})
        self.runs = race(s, self.learning_rates, beta, beta2, steps, noise, (x0, y0), self.seed, bias_correction)
        if self.picture.set_surface(s):
            self.redraw_background()
        self.picture.show(self.runs)
        if best:
            for text, name in zip(self.picture.legend.get_texts(), self.runs):
                text.set_text(f"{text.get_text()}, η = {self.learning_rates[name]:.2g}")
        eta_text = "each at its best η (η slider off)" if best else f"η = {lr:.2g}"
        # y given: matplotlib then skips placing the title above the tick labels (a layout pass per draw)
        self.picture.ax_path.set_title(f"{s.name}: θ⁽ᵏ⁾ for k ≤ {steps}, {eta_text}", fontsize=10, y=1.0)
        noise_text = f", noise σ = {noise:g}" if noise else ""
        adam_text = "" if bias_correction else ", Adam without bias correction"
        self.picture.ax_loss.set_title(f"β = {beta:g} (m), β = {beta2:g} (E[g²]){noise_text}{adam_text}",
                                       fontsize=10, y=1.0)


# --- the race as an animation ---------------------------------------------------------------------

def _palette_image():
    """A PIL palette of the optimizers' colours blended with white, black, and greys: enough for
    the animation's frames, which then compress to ~1/3 of their RGBA size."""
    from matplotlib.colors import to_rgb
    from PIL import Image

    colors = [np.array(to_rgb(c)) for c in (*(cls.color for cls in OPTIMIZERS.values()), "#000000")]
    rows = [alpha * c + (1 - alpha) for c in colors for alpha in (1.0, 0.75, 0.5, 0.3, 0.15)]
    rows += [np.full(3, g) for g in np.linspace(0, 1, 24)]
    palette = (np.array(rows) * 255).round().astype(np.uint8).ravel().tolist()
    image = Image.new("P", (1, 1))
    image.putpalette(palette + [0] * (768 - len(palette)))
    return image


def _small_png(png_base64: str, palette) -> str:
    """A base64 PNG re-encoded with 8-bit colours from ``palette`` (no dithering: reproducible)."""
    from PIL import Image

    image = Image.open(io.BytesIO(base64.b64decode(png_base64))).convert("RGB")
    buffer = io.BytesIO()
    image.quantize(palette=palette, dither=Image.Dither.NONE).save(buffer, format="PNG", optimize=True)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _fixed_ids(html: str, name: str) -> str:
    """Make ``to_jshtml`` output reproducible: a fixed element id instead of a random uuid, and each
    base64 frame on one line (so a sanitizer can mask a frame as a whole)."""
    ids = set(re.findall(r"_anim_img([0-9a-f]{32})", html))
    for uid in ids:
        html = html.replace(uid, name)
    return html.replace("\\\n", "")


def race_animation(surface="beale", lr: float = 0.03, beta: float = 0.9, beta2: float = 0.99,
                   steps: int = 200, frames: int = 30, condition: float = 10.0, dpi: int = 60, name: str = "race"):
    """The race as an HTML animation (``IPython.display.HTML``): plays in a notebook, even a stored one.

    The figure is built without pyplot and animated with ``FuncAnimation``; frames are embedded
    as PNG (``to_jshtml``). ``name`` becomes the HTML element id (two animations on one page
    need different names). Without JavaScript the picture of the last frame is shown.
    ``frames`` in 1..60, ``dpi`` in 10..150, ``steps`` in 1..2000; ``name``: letters, digits, ``_``
    and ``-``, starting with a letter.
    """
    from IPython.display import HTML

    who = "race_animation"
    s = _surface(surface, who, _condition(condition, who))
    lr, beta, beta2 = _lr(lr, who), _beta(beta, who), _beta(beta2, who, "beta2")
    steps = _steps(steps, who, 2000)
    frames = integer(frames, f"{who}: frames", 1, 60)
    dpi = integer(dpi, f"{who}: dpi", 10, 150)
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", name):
        raise InputError(f"{who}: name must be a word of letters, digits, _ and - starting with a letter (it "
                         f"becomes the HTML element id), got {describe(name)}")
    runs = race(s, lr, beta, beta2, steps)
    fig, (ax_path, ax_loss) = new_figure(1, 2, figsize=(9.0, 3.6))
    picture = _RacePicture(ax_path, ax_loss, legend_fontsize=8)
    picture.set_surface(s)
    ax_path.set_title(f"{s.name}, η = {lr:g}, β = {beta:g}, β(E[g²]) = {beta2:g}", fontsize=10, y=1.0)
    shown_steps = np.unique(np.round(np.linspace(0, steps, frames)).astype(int))
    # every frame is a full draw: no grid lines make each one cheaper
    for ax in (ax_path, ax_loss):
        ax.grid(False)
    picture.show(runs)  # the full race first: the layout makes room for the longest legend texts
    y_limits = ax_loss.get_ylim()  # and the loss axis keeps the full race's limits in every frame
    fig.set_dpi(dpi)
    fig.draw_without_rendering()
    fig.set_layout_engine(None)  # laid out once; None (not "none"): savefig then draws each frame once
    step_text = ax_loss.text(0.98, 0.95, "", transform=ax_loss.transAxes, ha="right", va="top", fontsize=10)

    def draw(i):
        picture.show(runs, upto=int(shown_steps[i]))
        step_text.set_text(f"k = {shown_steps[i]}")
        ax_loss.set_xlim(0, steps)
        ax_loss.set_ylim(*y_limits)

    animation = FuncAnimation(fig, draw, frames=len(shown_steps), interval=150, repeat=True)
    html = _fixed_ids(animation.to_jshtml(default_mode="once"), name)
    palette = _palette_image()
    html = re.sub(r"data:image/png;base64,([A-Za-z0-9+/=]+)",
                  lambda match: "data:image/png;base64," + _small_png(match.group(1), palette), html)
    # a picture for viewers without JavaScript: the last frame in the <img> element itself
    last = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", html)[-1]
    html = html.replace(f'<img id="_anim_img{name}">', f'<img id="_anim_img{name}" src="data:image/png;base64,{last}">')
    return HTML(html)


# --- momentum's range of learning rates, with a beta slider -------------------------------------------

class LearningRateExplorer(Explorer):
    """Final $f - f^*$ against $\\eta$ for SGD and another optimizer (Momentum by default); sliders for
    $\\beta$ and the surface.

    ``surface`` a label of ``LR_SURFACES`` (any case), ``beta`` in [0, 0.99] (the β of m: Momentum's β,
    Adam's β₁; disabled for an optimizer without one), ``condition`` in [1, 1000], ``against`` a name of
    ``OPTIMIZERS`` other than SGD, ``n_lr`` (learning rates per curve) in 2..200.
    """

    def __init__(self, surface="quadratic", beta=0.9, condition=10.0, against="Momentum", n_lr=30):
        # the controls first: a value they cannot hold is refused before any drawing
        slider = dict(continuous_update=False, style={"description_width": "initial"})
        controls = {
            "surface": control(widgets.Dropdown, "surface", surface, options=list(LR_SURFACES),
                               description="surface"),
            "beta": control(widgets.FloatSlider, "beta", beta, min=0.0, max=0.99, step=0.01,
                            description="β (of m)", **slider),
            "condition": control(widgets.FloatLogSlider, "condition", condition, base=10, min=0, max=3, step=0.1,
                                 description="κ (quadratic)", **slider),
            "against": control(widgets.Dropdown, "against", against, options=[n for n in OPTIMIZERS if n != "SGD"],
                               description="SGD against"),
        }
        self.n_lr = integer(n_lr, "LearningRateExplorer: n_lr (learning rates per curve)", 2, 200)
        self.top = 1e3
        fig, ax = new_figure(figsize=(6.5, 4.2))
        self.ax = ax
        self.artists = _draw_lr_curves(ax, {"SGD": _SGD_STYLE, "against": _momentum_style(0)}, self.top)
        self.legend = ax.legend(fontsize=9, loc="lower left")
        super().__init__(fig, controls, title="Which learning rates work? SGD against another optimizer")

    def update(self, surface, beta, condition, against):
        # values as the controls hold them (update may also be called from code)
        surface, beta, condition, against = self.checked(surface=surface, beta=beta, condition=condition,
                                                         against=against).values()
        s, steps, lrs, gaps = _lr_sweep(surface, (beta,), self.n_lr, condition, against)
        self.gaps = dict(zip(("SGD", against), gaps.values()))
        color = OPTIMIZERS[against].color
        for artist in self.artists["against"]:
            artist.set_color(color)
        self.legend.legend_handles[1].set_color(color)
        _show_lr_curves(self.artists, self.legend, lrs, gaps, self.top)
        self.ax.set_xlim(lrs[0], lrs[-1])
        self.ax.set_ylabel(f"f − f* after {steps} steps")
        self.ax.set_title(f"{s.name}: × = diverged")
        self.controls["condition"].disabled = surface != "quadratic"
        self.controls["beta"].disabled = not _takes_beta(OPTIMIZERS[against])


# --- the four optimizers train the same MLP ---------------------------------------------------------------

RACE_TURNS = 1.5  # a harder spiral than the mini-batch section's: the four differ after 40 epochs
_TEST_SEEDS = 1000  # the test set of seed s is drawn with rng 1000 + s, the training set with rng s
#: the learning rates the MLP race tries for every optimizer (about a factor 3 apart)
MLP_LR_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
#: the seeds of the MLP race (data, initial weights, shuffling): learning rates are chosen over all of them
MLP_SEEDS = tuple(range(5))
#: each optimizer's learning rate for the MLP race: on ``MLP_LR_GRID``, the one with the lowest median over
#: ``MLP_SEEDS`` of the training loss after 40 epochs with B = 32 (``learning_rate_grid`` recomputes it); the
#: MLP race is run by the optimizers listed here (a new optimizer joins it with its tuned η)
MLP_LEARNING_RATES = {"SGD": 1.0, "Momentum": 1.0, "RMSprop": 0.03, "Adam": 0.03}


def race_data(seed: int = 0):
    """The MLP race's data: ``X, y`` (300 training points, ``spiral_data(seed, turns=1.5)``) and
    ``X_test, y_test``, 300 new points from the same two spirals, never trained on."""
    seed = check_seed(seed, "race_data: seed")
    X, y = spiral_data(seed, RACE_TURNS)
    X_test, y_test = spirals(N_POINTS, noise=0.05, turns=RACE_TURNS, rng=_TEST_SEEDS + seed)
    return X, y, X_test, y_test


class MLPRun(NamedTuple):
    """One optimizer's training of the race's MLP.

    ``history``: what ``fit`` recorded (``history.train_loss``: the mean mini-batch loss of each epoch);
    ``train_accuracy``, ``test_accuracy``: after each epoch; ``train_loss``, ``test_loss``: BCE of the final
    model on the whole training and test set (``inf`` if training diverged); ``lr``: the $\\eta$ used.
    """

    model: object
    history: object
    train_accuracy: list
    test_accuracy: list
    train_loss: float
    test_loss: float
    lr: float


_mlp_runs: dict = {}
MAX_MLP_EPOCHS = 500


def _optimizer_name(name, who: str, arg: str = "name") -> str:
    """One of ``OPTIMIZERS`` (any case; the class itself, ``Adam``, is accepted too)."""
    for key, cls in OPTIMIZERS.items():
        if name is cls:
            return key
    return choice(name, f"{who}: {arg}", list(OPTIMIZERS), kind="optimizer")


def _mlp_args(who, epochs, batch_size):
    return (integer(epochs, f"{who}: epochs", 1, MAX_MLP_EPOCHS),
            integer(batch_size, f"{who}: batch_size (B, at most N = {N_POINTS})", 1, N_POINTS))


def _learning_rates(learning_rates, who: str) -> dict:
    """name -> lr for each of the four optimizers (names in any case); None: ``MLP_LEARNING_RATES``."""
    if learning_rates is None:
        return dict(MLP_LEARNING_RATES)
    if not isinstance(learning_rates, dict):
        raise InputError(f"{who}: learning_rates must be a dict optimizer name -> η such as {MLP_LEARNING_RATES}, "
                         f"got {describe(learning_rates)}")
    checked = {}
    for key, lr in learning_rates.items():
        name = _optimizer_name(key, who, "learning_rates")
        checked[name] = _lr(lr, who, f"learning_rates[{key!r}]", high=None)
    missing = [name for name in MLP_LEARNING_RATES if name not in checked]
    if missing:
        raise InputError(f"{who}: learning_rates must give an η for each of {', '.join(MLP_LEARNING_RATES)}; "
                         f"missing {', '.join(map(repr, missing))}")
    return {name: checked[name] for name in MLP_LEARNING_RATES}


def _lr_grid(grid, who: str) -> list:
    grid = _numbers(grid, who, "grid", 20, lambda v, name: _lr(v, who, name, high=None))
    if len(set(grid)) < len(grid):
        raise InputError(f"{who}: grid must hold distinct learning rates, got {grid}")
    return grid


def train_mlp(name: str, lr: float, seed: int = 0, epochs: int = 40, batch_size: int = 32) -> MLPRun:
    """The MLP 2-32-32-1 trained on ``race_data(seed)`` by ``OPTIMIZERS[name](lr)``; cached.

    ``seed`` fixes the data, the initial weights (the same for every optimizer) and the shuffling.
    A diverging run stops (``history.diverged``) and gets the losses ``inf``. ``name``: SGD,
    Momentum, RMSprop or Adam (any case); ``epochs`` in 1..500, ``batch_size`` in 1..300.
    """
    who = "train_mlp"
    name, lr, seed = _optimizer_name(name, who), _lr(lr, who, high=None), check_seed(seed, f"{who}: seed")
    epochs, batch_size = _mlp_args(who, epochs, batch_size)
    key = (name, lr, seed, epochs, batch_size)
    if key not in _mlp_runs:
        X, y, X_test, y_test = race_data(seed)
        model = _new_mlp(seed)
        train_accuracy, test_accuracy = [], []

        def after_epoch(epoch, history):
            train_accuracy.append(accuracy(model, X, y))
            test_accuracy.append(accuracy(model, X_test, y_test))

        history = fit(model, BCEWithLogitsLoss(), OPTIMIZERS[name](model.parameters(), lr=lr), X, y, epochs=epochs,
                      batch_size=batch_size, rng=seed, callback=after_epoch, on_divergence="stop")
        losses = [math.inf, math.inf]
        if not history.diverged:
            with np.errstate(over="ignore", invalid="ignore"):  # huge weights: inf, not a warning
                losses = [evaluate(model, BCEWithLogitsLoss(), X_, y_) for X_, y_ in ((X, y), (X_test, y_test))]
            losses = [loss if math.isfinite(loss) else math.inf for loss in losses]
        _mlp_runs[key] = MLPRun(model, history, train_accuracy, test_accuracy, *losses, float(lr))
    return copy.deepcopy(_mlp_runs[key])  # a fresh copy: changing it changes no later call


def learning_rate_grid(epochs: int = 40, batch_size: int = 32, seeds=MLP_SEEDS, grid=MLP_LR_GRID) -> dict:
    """Final training loss of every optimizer for every $\\eta$ of ``grid`` and every seed.

    Returns name -> array (len(grid), len(seeds)); ``inf`` where the run diverged.
    ``grid``: 1 to 20 distinct learning rates; ``seeds``: 1 to 20 seeds.
    """
    who = "learning_rate_grid"
    epochs, batch_size = _mlp_args(who, epochs, batch_size)
    seeds, grid = _seeds(seeds, who), _lr_grid(grid, who)
    return {name: np.array([[train_mlp(name, lr, seed, epochs, batch_size).train_loss for seed in seeds]
                            for lr in grid])
            for name in MLP_LEARNING_RATES}


def _grid_losses(losses, grid, who: str) -> dict:
    """name -> (len(grid), seeds) array of final losses (>= 0, inf where a run diverged)."""
    checked = _labelled_arrays(losses, who, "losses", "a dict name -> (len(grid), seeds) array, as "
                               "learning_rate_grid returns", "optimizer names")
    for name, L in checked.items():
        if L.shape[0] != len(grid):
            raise InputError(f"{who}: losses[{name!r}] must have one row per learning rate of grid, shape "
                             f"({len(grid)}, seeds), got {L.shape}")
        if np.isnan(L).any() or (L < 0).any():
            raise InputError(f"{who}: losses[{name!r}] must hold final losses >= 0 (inf for a diverged run), got "
                             f"{'NaN' if np.isnan(L).any() else L.min()}")
    return checked


def best_learning_rates(losses: dict, grid=MLP_LR_GRID) -> dict:
    """name -> the $\\eta$ of ``grid`` whose median final training loss over the seeds is the lowest."""
    who = "best_learning_rates"
    grid = _lr_grid(grid, who)
    losses = _grid_losses(losses, grid, who)
    return {name: grid[int(np.argmin(np.median(L, axis=1)))] for name, L in losses.items()}


def learning_rate_grid_figure(losses: dict, grid=MLP_LR_GRID):
    """The median final training loss of ``learning_rate_grid`` as a heat map: optimizers by $\\eta$.

    Each cell is labelled with its median, the best $\\eta$ of each row is framed. A few runs at the
    edge of stability end elsewhere with other BLAS kernels (other CPUs), so some cells' numbers move
    there: a picture, not a number a test compares. A cell whose median is inf (most of its runs
    diverged) is left blank and labelled "diverged".
    """
    who = "learning_rate_grid_figure"
    grid = _lr_grid(grid, who)
    losses = _grid_losses(losses, grid, who)
    names = list(losses)
    medians = np.array([np.median(losses[name], axis=1) for name in names])  # (optimizers, len(grid))
    finite = np.isfinite(medians)
    # log colours; a loss of exactly 0 at the floor 1e-12, a diverged cell (inf) drawn as "bad" (blank)
    shade = np.where(finite, np.log10(np.maximum(np.where(finite, medians, 1.0), 1e-12)), np.nan)
    fig, ax = new_figure(1, 1, figsize=(8.0, 3.0))
    image = ax.imshow(shade if finite.any() else np.zeros_like(medians), cmap="viridis_r", aspect="auto")
    ax.grid(False)  # the lecture style's grid lines would cross the cells
    for i, row in enumerate(medians):
        for j, value in enumerate(row):
            text = f"{value:.3f}" if finite[i, j] else "diverged"
            dark = finite[i, j] and image.norm(shade[i, j]) > 0.6
            ax.text(j, i, text, ha="center", va="center", fontsize=9, color="white" if dark else "black")
        if finite[i].any():
            best = int(np.argmin(row))
            ax.add_patch(Rectangle((best - 0.5, i - 0.5), 1, 1, fill=False, lw=2.5,
                                   color=OPTIMIZER_COLORS.get(names[i], "black")))
    ax.set_xticks(range(len(grid)), [f"{lr:g}" for lr in grid])
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("learning rate η")
    seeds = losses[names[0]].shape[1]
    ax.set_title(f"median final training loss over {seeds} seeds (framed: each optimizer's best η)")
    return fig


def train_optimizers(epochs: int = 40, batch_size: int = 32, seed: int = 0, learning_rates=None) -> dict:
    """The same MLP (same data, initial weights and shuffling) trained by each optimizer: name -> ``MLPRun``.

    ``learning_rates``: name -> $\\eta$ for each of the four, default ``MLP_LEARNING_RATES``.
    """
    who = "train_optimizers"
    epochs, batch_size = _mlp_args(who, epochs, batch_size)
    seed, learning_rates = check_seed(seed, f"{who}: seed"), _learning_rates(learning_rates, who)
    return {name: train_mlp(name, learning_rates[name], seed, epochs, batch_size) for name in MLP_LEARNING_RATES}


def epochs_to_loss(history, level: float = 0.3):
    """The first epoch whose mean training loss is below ``level`` (None if none is)."""
    history = instance(history, "epochs_to_loss: history", History, "the History that fit returns")
    level = number(level, "epochs_to_loss: level")
    below = np.flatnonzero(np.asarray(history.train_loss) < level)
    return int(below[0]) + 1 if below.size else None


def loss_rises(history, factor: float = 1.2) -> int:
    """How many epochs end with a mean training loss more than ``factor`` times the previous epoch's."""
    history = instance(history, "loss_rises: history", History, "the History that fit returns")
    factor = number(factor, "loss_rises: factor", 0, low_open=True)
    losses = np.asarray(history.train_loss)
    return int(np.sum(losses[1:] > factor * losses[:-1]))


def race_summary(learning_rates=None, seeds=MLP_SEEDS, epochs: int = 40, batch_size: int = 32) -> dict:
    """The MLP race over several seeds: name -> {quantity: array of its value for each seed}.

    Quantities: the final training and test loss and accuracy, the first epoch whose mean training
    loss is below 0.3 (``epochs_to_loss``; inf if never), and the number of epochs whose mean training
    loss rose by more than 20% (``loss_rises``).
    """
    who = "race_summary"
    learning_rates, seeds = _learning_rates(learning_rates, who), _seeds(seeds, who)
    epochs, batch_size = _mlp_args(who, epochs, batch_size)
    summary = {}
    for name in MLP_LEARNING_RATES:
        runs = [train_mlp(name, learning_rates[name], seed, epochs, batch_size) for seed in seeds]
        first = [epochs_to_loss(run.history) for run in runs]
        summary[name] = {
            "training loss": np.array([run.train_loss for run in runs]),
            "test loss": np.array([run.test_loss for run in runs]),
            "training accuracy": np.array([run.train_accuracy[-1] for run in runs]),
            "test accuracy": np.array([run.test_accuracy[-1] for run in runs]),
            "first epoch with loss < 0.3": np.array([math.inf if e is None else e for e in first], dtype=float),
            "epochs with loss up > 20%": np.array([loss_rises(run.history) for run in runs], dtype=float),
        }
    return summary


def mlp_race_figure(epochs: int = 40, batch_size: int = 32, seed: int = 0, learning_rates=None):
    """Left column: training loss per epoch, training (solid) and test (dashed) accuracy per epoch;
    right: each optimizer's decision boundary with the training points."""
    who = "mlp_race_figure"
    epochs, batch_size = _mlp_args(who, epochs, batch_size)
    seed, learning_rates = check_seed(seed, f"{who}: seed"), _learning_rates(learning_rates, who)
    results = train_optimizers(epochs, batch_size, seed, learning_rates)
    X, y, _, _ = race_data(seed)
    fig, axes = new_figure(2, 3, figsize=(11.0, 6.6))
    ax_loss, ax_acc = axes[0, 0], axes[1, 0]
    boundary_axes = [axes[0, 1], axes[0, 2], axes[1, 1], axes[1, 2]]
    for (name, run), ax in zip(results.items(), boundary_axes):
        color = OPTIMIZER_COLORS[name]
        epochs_axis = np.arange(1, len(run.history.train_loss) + 1)
        ax_loss.plot(epochs_axis, run.history.train_loss, color=color, lw=2, label=f"{name}, η = {run.lr:g}")
        ax_acc.plot(epochs_axis, run.train_accuracy, color=color, lw=2)
        ax_acc.plot(epochs_axis, run.test_accuracy, color=color, lw=1.2, ls="--")
        plot_decision_boundary(run.model.forward, X, y, ax=ax, x_range=(-1.3, 1.3), y_range=(-1.3, 1.3), n=100)
        ax.set_title(f"{name}: {run.train_accuracy[-1]:.2f} train, {run.test_accuracy[-1]:.2f} test",
                     color=color, fontweight="bold", fontsize=10)
        ax.set_aspect("equal")
    plain_log_axis(ax_loss.yaxis, numticks=8)
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("training loss (BCE)")
    ax_loss.set_title(f"MLP 2-{'-'.join(map(str, HIDDEN))}-1, B = {batch_size}, seed {seed}")
    ax_loss.legend(fontsize=8, loc="lower left")
    ax_acc.legend([Line2D([], [], color="0.3", lw=2), Line2D([], [], color="0.3", lw=1.2, ls="--")],
                  ["training set", "test set"], fontsize=8, loc="lower right")
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel("accuracy")
    ax_acc.set_ylim(0.4, 1.02)
    return fig


EXPLORERS = [RaceExplorer, LearningRateExplorer]
