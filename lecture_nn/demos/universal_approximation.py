r"""Notebook 03, slides "Universal approximator" and "Deeper nets".

One hidden layer, $\hat y = w^T g(Wx + b) + c$, approximates any continuous function on an
interval arbitrarily close, given enough hidden units $d'$:

* constructive: ``hinge_weights`` writes the piecewise-linear interpolant of a target through
  $d'+1$ knots as $d'$ ReLU hinges, in closed form, and ``hinge_network`` puts those weights
  into a real ``Sequential(Dense(1, d'), Activation("relu"), Dense(d', 1))``;
* trained: ``fit_mlp`` fits ``mlp([1, d', 1], g)`` with full-batch Adam (cached per setting);
* the slide's caveats: non-convex training (``seeds_figure``), infeasibly large $d'$
  (``width_needed_figure``), overfitting (``overfitting_figure``);
* depth: ``tent_network`` composes the tent map $t(x) = 2\,\mathrm{relu}(x) - 4\,\mathrm{relu}(x - 1/2)$
  $k$ times with 2 ReLUs per layer ($2^k$ linear pieces from $2k$ units), and
  ``shallow_sawtooth_network`` is the one-hidden-layer net of the same function ($2^k$ units).
"""

from __future__ import annotations

import functools
import numbers

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.ticker import MaxNLocator

from .. import plotting
from .._checks import all_finite, array, choice, instance, int_list, integer, interval, number
from .._checks import seed as seed_arg
from ..activations import ACTIVATIONS, SLIDE_ACTIVATIONS  # the slide's five, in its order
from ..data import TARGETS_1D, regression_1d, train_test_split
from ..errors import InputError
from ..layers import Activation, Dense, Sequential, mlp
from ..losses import MSELoss
from ..optim import Adam
from ..training import TrainingDiverged, fit
from .base import Explorer, control

__all__ = [
    "hinge_weights", "hinge_network", "hidden_contributions", "interpolation_error", "width_needed",
    "wiggly", "training_data", "fit_mlp", "error_vs_width_figure", "seeds_figure", "width_needed_figure",
    "overfitting_curves", "overfitting_figure", "tent_network", "shallow_sawtooth_network", "count_linear_pieces",
    "HingeExplorer", "TrainedExplorer", "DepthExplorer", "EXPLORERS",
]

X_RANGE = (-1.0, 1.0)
#: widths of the error-vs-width curve (log axis)
WIDTHS = (1, 2, 4, 8, 16, 32, 64)
MAX_WIDTH = 64
# training of the one-hidden-layer nets: N points, full batch, Adam
N_TRAIN = 100
STEPS = 800
LR = 0.02
X_GRID = np.linspace(*X_RANGE, 401)  # where curves are drawn
TARGET_COLOR = "#000000"
Y_LIMITS = (-1.6, 1.8)
# upper limits that keep a call within seconds: a typo such as 10**9 is refused, not a hang
MAX_UNITS = 2 ** 16  # hinges of the construction
MAX_TRAINED_UNITS = 4096  # hidden units of a trained net
MAX_STEPS = 50_000
MAX_N = 100_000
MAX_NOISE = 100.0
MAX_FREQUENCY = 1e6
MAX_TENT_DEPTH = 1000
MAX_SHALLOW_DEPTH = 16  # 2**16 hinges
MAX_CURVES = 20  # lines in one picture


# --- checks of the arguments ------------------------------------------------------------------------

def _window(x_range, name="x_range", who="") -> tuple[float, float]:
    """A finite (low, high) with low < high whose width high - low is finite too."""
    low, high = interval(x_range, name)
    if not np.isfinite(high - low):
        raise InputError(f"{who}: {name} = {tuple(x_range)!r} is too wide: its width high - low overflows")
    return low, high


def _function(f, who: str):
    """``f`` if it can be called like a target ``f(x)``; a name or a value gets a hint."""
    if isinstance(f, str):
        raise InputError(f"{who}: f must be a function of x such as np.sin or TARGETS_1D[{f!r}], "
                         f"got the string {f!r}")
    if not callable(f):
        raise InputError(f"{who}: f must be a function of x such as np.sin or TARGETS_1D['sin'], "
                         f"got {type(f).__name__} {f!r:.60}")
    return f


def _values(f, x: np.ndarray, who: str) -> np.ndarray:
    """``f(x)`` as finite floats of the shape of x; anything else is refused naming f."""
    try:
        with np.errstate(all="ignore"):
            y = f(x)
    except Exception as error:  # the student's function: say which call failed, not only how
        raise InputError(f"{who}: f(x) failed for x an array of shape {x.shape}: "
                         f"{type(error).__name__}: {error}") from error
    if np.iscomplexobj(y):
        raise InputError(f"{who}: f(x) must return real numbers, got complex values")
    try:
        y = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(f"{who}: f(x) must return numbers, one per x, got {type(y).__name__}") from None
    if y.size != x.size:
        raise InputError(f"{who}: f(x) must return one value per x (x of shape {x.shape}), got shape {y.shape}")
    y = y.reshape(x.shape)
    if not all_finite(y):
        i = int(np.flatnonzero(~np.isfinite(y))[0])
        raise InputError(f"{who}: f(x) is {y.flat[i]} at x = {x.flat[i]:g}; f must be finite on x_range")
    return y


def _units(d_hidden, name: str = "d_hidden", high: int = MAX_UNITS) -> int:
    return integer(d_hidden, name, 1, high)


def _ndim(value) -> int:
    """``np.ndim(value)``, or -1 for what numpy cannot see as an array (a ragged list)."""
    try:
        return int(np.ndim(value))
    except (TypeError, ValueError):
        return -1


def _target(target) -> str:
    return choice(target, "target", TARGETS_1D, kind="1D target")


def _activation(activation, name="activation") -> str:
    return choice(activation, name, ACTIVATIONS, kind="activation")


def _names(values, name: str, known, kind: str, who: str) -> list:
    """A non-empty list of names from ``known`` (any case); a lone string gets the hint to wrap it."""
    if isinstance(values, str):
        raise InputError(f"{who}: {name} must be a list of {kind} names, got the string {values!r} "
                         f"(for one write ({values!r},))")
    if not isinstance(values, (list, tuple, np.ndarray)) or _ndim(values) != 1:
        raise InputError(f"{who}: {name} must be a list of {kind} names such as {tuple(known)[:2]!r}, "
                         f"got {type(values).__name__} {values!r:.60}")
    if not 1 <= len(values) <= MAX_CURVES:
        raise InputError(f"{who}: {name} must hold 1 to {MAX_CURVES} {kind} names, got {len(values)}")
    return [choice(v, name, known, kind=kind) for v in values]


def _int_entries(values, name: str, who: str, low: int, high: int) -> list[int]:
    """A list of 1 to MAX_CURVES integers in [low, high]."""
    if _ndim(values) != 1:
        raise InputError(f"{who}: {name} must be a list of integers >= {low}, got {values!r:.60}")
    values = int_list(values, name, low=low)
    if len(values) > MAX_CURVES:
        raise InputError(f"{who}: {name} may hold at most {MAX_CURVES} values (one line each), got {len(values)}")
    return [integer(v, f"{name}[{i}]", low, high) for i, v in enumerate(values)]


def _training(steps, lr, n, n_low=1):
    return integer(steps, "steps", 1, MAX_STEPS), number(lr, "lr", 0.0, 10.0, low_open=True), \
        integer(n, "n", n_low, MAX_N)


# --- the construction: d' ReLU hinges through d' + 1 knots ------------------------------------

def knots(d_hidden: int, x_range=X_RANGE) -> np.ndarray:
    """The $d'+1$ equally spaced knots $x_0 < x_1 < \\dots < x_{d'}$ of the interval (d' in 1..65536)."""
    d_hidden = _units(d_hidden)
    low, high = _window(x_range, who="knots")
    return _knots(d_hidden, (low, high), "knots")


def _knots(d_hidden: int, x_range, who: str) -> np.ndarray:
    x = np.linspace(x_range[0], x_range[1], d_hidden + 1)
    if not np.all(np.diff(x) > 0):
        raise InputError(f"{who}: x_range = {tuple(x_range)!r} is too narrow for {d_hidden + 1} distinct knots")
    return x


def hinge_weights(f, d_hidden: int, x_range=X_RANGE):
    r"""Closed-form weights of the piecewise-linear interpolant of ``f`` as $d'$ ReLU hinges.

    With knots $x_0 < \dots < x_{d'}$, values $y_k = f(x_k)$ and slopes
    $s_k = (y_k - y_{k-1}) / (x_k - x_{k-1})$:

    $$\hat f(x) = c + \sum_{j=1}^{d'} w_j\, \mathrm{relu}(W_j x + b_j),\quad W_j = 1,\;
      b_j = -x_{j-1},\; w_1 = s_1,\; w_j = s_j - s_{j-1},\; c = y_0.$$

    Hinge $j$ switches on at knot $x_{j-1}$ and changes the slope there by $w_j$, so
    $\hat f(x_k) = y_k$ at every knot. Returns ``W`` (d', 1), ``b`` (d',), ``w`` (d',), ``c`` (float).
    ``f``: a function of an array x (such as ``np.sin`` or ``TARGETS_1D["abs"]``); d' in 1..65536.
    """
    return _hinge_weights(f, d_hidden, x_range, "hinge_weights")


def _hinge_weights(f, d_hidden, x_range, who):
    f = _function(f, who)
    if isinstance(d_hidden, numbers.Integral) and not isinstance(d_hidden, (bool, np.bool_)) and d_hidden < 1:
        raise InputError(f"{who}: d_hidden must be >= 1: the construction needs d' >= 1 hidden units, "
                         f"got d' = {d_hidden}")
    d_hidden = _units(d_hidden)
    x_range = _window(x_range, who=who)
    x = _knots(d_hidden, x_range, who)  # (d' + 1,)
    y = _values(f, x, who)
    with np.errstate(over="ignore", invalid="ignore"):
        s = np.diff(y) / np.diff(x)  # slope of each of the d' pieces
        w = np.diff(s, prepend=0.0)  # first hinge: the first slope; then the change of slope
    if not (all_finite(s) and all_finite(w)):
        raise InputError(f"{who}: the slopes of f between the knots overflow (f's values up to "
                         f"{np.abs(y).max():.3g} on knots {x[1] - x[0]:.3g} apart); scale f or widen x_range")
    W = np.ones((d_hidden, 1))
    b = 0.0 - x[:-1]  # hinge j starts at knot x_{j-1} (0.0 - x: no -0.0 at x = 0)
    return W, b, w, float(y[0])


def hinge_network(f, d_hidden: int, x_range=X_RANGE) -> Sequential:
    """``Sequential(Dense(1, d'), Activation("relu"), Dense(d', 1))`` holding :func:`hinge_weights`."""
    W, b, w, c = _hinge_weights(f, d_hidden, x_range, "hinge_network")
    d_hidden = len(b)
    with np.errstate(over="ignore"):
        low, high = _window(x_range)
        largest = abs(c) + float(np.abs(w).sum()) * (high - low)  # bounds |y_hat| on x_range
    if not largest < 1e300:
        raise InputError(f"hinge_network: f's values or slopes are too large (|f(x_0)| = {abs(c):.3g}, slope changes "
                         f"up to {np.abs(w).max():.3g}): the network's output would overflow; scale f")
    model = Sequential(Dense(1, d_hidden, rng=0), Activation("relu"), Dense(d_hidden, 1, rng=0))
    model[0].W.value[...] = W  # (d', 1)
    model[0].b.value[...] = b  # (d',)
    model[2].W.value[...] = w[None, :]  # (1, d'): the slide's w^T
    model[2].b.value[...] = c
    return model


def hidden_contributions(model: Sequential, x) -> np.ndarray:
    r"""Each hidden unit's share of the output, $w_j\, g(W_j x + b_j)$: shape (N, d').

    For a one-hidden-layer net ``Dense(1, d'), Activation, Dense(d', 1)``: the output is their sum
    plus the output bias $c$. ``x``: N inputs, shape (N,) or (N, 1) (or one number).
    """
    who = "hidden_contributions"
    model = _one_hidden_layer(model, who)
    x = array(x, "x", ndim=(0, 1, 2), who=who)
    if x.ndim == 2 and x.shape[1] != 1:
        raise InputError(f"{who}: x must be N inputs of shape (N,) or (N, 1), got shape {x.shape}")
    X = x.reshape(-1, 1)
    with np.errstate(over="ignore", invalid="ignore"):
        A = model[1].forward(model[0].forward(X))  # (N, d')
        contributions = A * model[2].W.value[0]  # (N, d') * (d',)
    if not all_finite(contributions):
        raise InputError(f"{who}: the contributions overflow or are NaN: the model's weights are not finite "
                         f"or x is too large (|x| up to {np.abs(X).max():.3g})")
    return contributions


def _one_hidden_layer(model, who):
    """``model`` if it is ``Sequential(Dense(1, d'), Activation(...), Dense(d', 1))``."""
    model = instance(model, "model", Sequential, "hinge_network(np.sin, 4)")
    layers = list(model)
    if not (len(layers) == 3 and isinstance(layers[0], Dense) and isinstance(layers[1], Activation)
            and isinstance(layers[2], Dense) and layers[0].d_in == 1 and layers[2].d_out == 1):
        shape = ", ".join(type(m).__name__ for m in layers)
        raise InputError(f"{who}: model must be a one-hidden-layer net Sequential(Dense(1, d'), Activation, "
                         f"Dense(d', 1)), got Sequential({shape}) with d = {model.d_in} -> {model.d_out}")
    return model


def interpolation_error(f, d_hidden: int, x_range=X_RANGE) -> float:
    r"""$\max_x |f(x) - \hat f(x)|$ of the $d'$-hinge construction, on a fine grid.

    Uses ``np.interp`` through the same knots: the same function as :func:`hinge_network`
    (the tests check it), without a (N, d') matrix for large $d'$. d' in 1..65536.
    """
    who = "interpolation_error"
    f = _function(f, who)
    return _max_error(f, _units(d_hidden), _window(x_range, who=who), who)


def _max_error(f, d_hidden: int, x_range, who: str) -> float:
    x_knots = _knots(d_hidden, x_range, who)
    x = np.linspace(x_range[0], x_range[1], max(4096, 16 * d_hidden) + 1)
    with np.errstate(over="ignore", invalid="ignore"):
        error = float(np.max(np.abs(_values(f, x, who) - np.interp(x, x_knots, _values(f, x_knots, who)))))
    if not np.isfinite(error):
        raise InputError(f"{who}: the error |f - f_hat| overflows: f's values are too large")
    return error


def width_needed(f, tol: float, max_width: int = 4096, x_range=X_RANGE) -> int:
    r"""The smallest $d'$ whose hinge construction has max error $\le$ ``tol``; ``max_width + 1`` if
    even ``max_width`` does not reach it.

    Doubles $d'$ until the error is below ``tol``, then bisects between the last two widths (the
    error of a smooth target falls like $1/d'^2$ once the knots resolve its wiggles).
    ``tol`` > 0; ``max_width`` in 1..65536.
    """
    who = "width_needed"
    f = _function(f, who)
    tol = number(tol, "tol", 0.0, None, low_open=True)
    max_width = _units(max_width, name="max_width")
    x_range = _window(x_range, who=who)
    error = lambda d: _max_error(f, d, x_range, who)  # noqa: E731
    if error(max_width) > tol:
        return max_width + 1
    good = 1
    while error(good) > tol:
        good = min(2 * good, max_width)
    bad = good // 2  # error(bad) > tol, or bad = 0
    while good - bad > 1:
        middle = (good + bad) // 2
        if error(middle) <= tol:
            good = middle
        else:
            bad = middle
    return int(good)


def wiggly(frequency: float):
    r"""$f(x) = \sin(\omega \pi x)$ with $\omega$ = ``frequency``: $\omega$ half-waves per unit of x.

    $|\omega| \le 10^6$; the returned function takes a number or an array x.
    """
    frequency = number(frequency, "frequency", -MAX_FREQUENCY, MAX_FREQUENCY)

    def wave(x):
        x = array(x, "x", min_size=0, who=f"wiggly({frequency:g})")
        with np.errstate(over="ignore", invalid="ignore"):
            y = np.sin(frequency * np.pi * x)
        if not all_finite(np.asarray(y)):
            raise InputError(f"wiggly({frequency:g}): x is too large, sin(omega pi x) overflows "
                             f"(|x| up to {np.abs(x).max():.3g})")
        return y

    return wave


# --- trained one-hidden-layer nets --------------------------------------------------------------

def training_data(target="sin", n=N_TRAIN, noise=0.0, seed=0):
    """The notebook's samples: ``regression_1d(target, n, noise, rng=seed)``, X (N, 1), y (N, 1).

    ``target``: a name of ``TARGETS_1D`` (any case); ``noise`` in [0, 100]; ``seed`` an int >= 0.
    """
    return regression_1d(_target(target), n=integer(n, "n", 1, MAX_N), noise=number(noise, "noise", 0.0, MAX_NOISE),
                         rng=seed_arg(seed))


def _diverged(who: str, lr: float, error: Exception) -> InputError:
    return InputError(f"{who}: training diverged with lr = {lr:g} ({error}); try a smaller lr")


@functools.cache
def _fit_mlp_cached(target, d_hidden, activation, seed, steps, lr, n):
    X, y = training_data(target, n=n)
    model = mlp([1, d_hidden, 1], activation, rng=seed)
    try:
        history = fit(model, MSELoss(), Adam(model.parameters(), lr=lr), X, y, epochs=steps)
    except TrainingDiverged as error:
        raise _diverged("fit_mlp", lr, error) from error
    state = model.state_dict()
    losses = np.array(history.train_loss)
    for a in (*state.values(), losses):
        a.setflags(write=False)  # shared by every caller: nobody may change them
    return state, losses


def fit_mlp(target="sin", d_hidden=8, activation="relu", seed=0, *, steps=STEPS, lr=LR, n=N_TRAIN):
    r"""``mlp([1, d', 1], activation, rng=seed)`` fitted by ``fit`` with full-batch Adam.

    Data: :func:`training_data` (N = ``n`` noiseless samples of ``target``); ``steps`` Adam
    steps of size ``lr`` on the MSE $L = \frac1N\sum_i (y_i - \hat y_i)^2$. Each setting trains
    once per session (cached). Returns ``(model, train_loss)`` with the loss per step, (steps,).
    d' in 1..4096, ``activation`` a name of ``lecture_nn.ACTIVATIONS``, ``steps`` in 1..50000,
    ``lr`` in (0, 10].
    """
    target, activation = _target(target), _activation(activation)
    d_hidden, seed = _units(d_hidden, high=MAX_TRAINED_UNITS), seed_arg(seed)
    steps, lr, n = _training(steps, lr, n)
    state, losses = _fit_mlp_cached(target, d_hidden, activation, seed, steps, lr, n)
    model = mlp([1, d_hidden, 1], activation, rng=seed)
    model.load_state_dict(state)
    return model, losses


def _mse(model, X, y) -> float:
    return float(np.mean((model.forward(X) - y) ** 2))


def error_vs_width_figure(target="sin", widths=WIDTHS, activations=SLIDE_ACTIVATIONS, seed=0):
    """Train MSE of ``mlp([1, d', 1], g)`` against the width d' (log axes), one line per g, beside the
    MSE of the ReLU-hinge construction with the same d' on the same samples."""
    who = "error_vs_width_figure"
    target = _target(target)
    widths = _int_entries(widths, "widths", who, 1, MAX_TRAINED_UNITS)
    activations = _names(activations, "activations", ACTIVATIONS, "activation", who)
    seed = seed_arg(seed)
    X, y = training_data(target)
    fig, ax = plotting.new_figure(figsize=(6.4, 4.2))
    floor = 1e-12  # an exact fit (MSE ~ 0) is drawn on the floor of the log axis
    for activation in activations:
        errors = [max(fit_mlp(target, d, activation, seed)[1][-1], floor) for d in widths]
        ax.plot(widths, errors, "o-", color=plotting.ACTIVATION_COLORS[activation], label=f"trained, {activation}")
    constructed = [max(_mse(hinge_network(TARGETS_1D[target], d), X, y), floor) for d in widths]
    ax.plot(widths, constructed, "s--", color=TARGET_COLOR, label="constructed ReLU hinges")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xticks(widths, [str(d) for d in widths])
    ax.set_xlabel("hidden units $d'$")
    ax.set_ylabel("train MSE $L$")
    ax.set_title(f"target {target}: error against width ({STEPS} Adam steps, one seed each)")
    ax.legend(fontsize=8, loc="lower left")
    return fig


def seeds_figure(target="sawtooth", d_hidden=8, activation="relu", seeds=(0, 1, 2, 3, 4)):
    """The same width and data, several initialisations (seeds): different fits, different final losses."""
    who = "seeds_figure"
    target, activation = _target(target), _activation(activation)
    d_hidden = _units(d_hidden, high=MAX_TRAINED_UNITS)
    seeds = _int_entries(seeds, "seeds", who, 0, 2 ** 63 - 1)
    X, y = training_data(target)
    fig, ax = plotting.new_figure(figsize=(6.4, 4.0))
    ax.plot(X_GRID, TARGETS_1D[target](X_GRID), "--", color=TARGET_COLOR, lw=1.5, label="target $f$")
    ax.scatter(X[:, 0], y[:, 0], s=8, color="0.6", zorder=1, label="samples")
    for k, seed in enumerate(seeds):
        model, losses = fit_mlp(target, d_hidden, activation, seed)
        color = plotting.CLASS_COLORS[k % len(plotting.CLASS_COLORS)]
        ax.plot(X_GRID, model.forward(X_GRID[:, None])[:, 0], color=color, lw=1.8,
                label=f"seed {seed}: $L$ = {losses[-1]:.3f}")
    ax.set_ylim(*Y_LIMITS)
    ax.set_xlabel("$x$")
    ax.set_ylabel(r"$\hat y$")
    ax.set_title(f"$d'$ = {d_hidden} {activation} units, {len(seeds)} seeds, {STEPS} Adam steps each")
    ax.legend(fontsize=8, loc="upper left", ncols=2)
    return fig


def width_needed_figure(frequencies=(1, 2, 4, 8, 16), tol=1e-2, max_width=4096):
    r"""Left: max error of the hinge construction against $d'$ for $\sin(\omega\pi x)$; right: the
    $d'$ needed to reach max error ``tol``, against $\omega$, with the estimate
    $d' \approx \omega\pi / \sqrt{2\,\mathrm{tol}}$ (from error $\le h^2 \max|f''| / 8$, $h = 2/d'$).

    ``frequencies``: 1 to 20 numbers in (0, 1e6]; ``tol`` in (0, 1000]; ``max_width`` in 1..65536."""
    who = "width_needed_figure"
    if isinstance(frequencies, (str, numbers.Number)) or not isinstance(frequencies, (list, tuple, np.ndarray)) \
            or _ndim(frequencies) != 1 or not 1 <= len(frequencies) <= MAX_CURVES:
        raise InputError(f"{who}: frequencies must be a list of 1 to {MAX_CURVES} numbers > 0 such as (1, 2, 4), "
                         f"got {frequencies!r:.60}")
    frequencies = [number(v, f"frequencies[{i}]", 0.0, MAX_FREQUENCY, low_open=True) for i, v in enumerate(frequencies)]
    tol = number(tol, "tol", 0.0, 1000.0, low_open=True)
    max_width = _units(max_width, name="max_width")
    fig, (ax, ax_need) = plotting.new_figure(1, 2, figsize=(10.5, 4.0))
    widths = np.unique(np.round(np.geomspace(1, max_width, 40)).astype(int))
    colors = matplotlib.colormaps["viridis"](np.linspace(0, 0.9, len(frequencies)))
    needed = []
    for color, omega in zip(colors, frequencies):
        f = wiggly(omega)
        ax.plot(widths, [interpolation_error(f, d) for d in widths], color=color, label=rf"$\omega$ = {omega}")
        needed.append(width_needed(f, tol, max_width))
    ax.axhline(tol, color=TARGET_COLOR, ls=":", lw=1.2)
    ax.text(1.2, tol * 1.3, f"max error {tol:g}", fontsize=8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("hidden units $d'$")
    ax.set_ylabel(r"$\max_x |f(x) - \hat y(x)|$")
    ax.set_title(r"hinge construction for $f(x) = \sin(\omega \pi x)$")
    ax.legend(fontsize=8, loc="lower left")
    omegas = np.asarray(frequencies, dtype=float)
    ax_need.plot(omegas, needed, "o-", color=plotting.ACTIVATION_COLORS["relu"], label="smallest $d'$ (search)")
    ax_need.plot(omegas, omegas * np.pi / np.sqrt(2 * tol), "--", color=TARGET_COLOR,
                 label=r"estimate $\omega\pi/\sqrt{2\,\mathrm{tol}}$")
    for omega, d in zip(omegas, needed):
        ax_need.annotate(str(d), (omega, d), textcoords="offset points", xytext=(-4, 6), fontsize=8, ha="right")
    ax_need.set_xscale("log", base=2)
    plotting.plain_log_axis(ax_need.yaxis, numticks=None, labels="numbers")  # 0.01, 1, 100: no mathtext
    ax_need.set_xticks(omegas, [f"{o:g}" for o in omegas])
    ax_need.set_xlabel(r"frequency $\omega$ (wiggles of the target)")
    ax_need.set_ylabel(f"$d'$ for max error {tol:g}")
    ax_need.set_title("width needed grows with the wiggles")
    ax_need.legend(fontsize=8, loc="upper left")
    return fig


@functools.cache
def _overfitting_cached(target, n, noise, d_hidden, activation, steps, lr, seed):
    X, y = regression_1d(target, n=n, noise=noise, rng=seed)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, rng=seed)
    model = mlp([1, d_hidden, 1], activation, rng=seed)
    best = {"loss": np.inf, "epoch": 0, "state": None}

    def keep_best(epoch, history):  # the weights early stopping would keep
        if history.val_loss[-1] < best["loss"]:
            best.update(loss=history.val_loss[-1], epoch=epoch, state=model.state_dict())

    try:
        history = fit(model, MSELoss(), Adam(model.parameters(), lr=lr), X_train, y_train, epochs=steps,
                      X_val=X_test, y_val=y_test, callback=keep_best)
    except TrainingDiverged as error:
        raise _diverged("overfitting_curves", lr, error) from error
    if best["state"] is None:
        raise InputError(f"overfitting_curves: the test MSE was never finite (lr = {lr:g}); try a smaller lr")
    result = {"X_train": X_train, "y_train": y_train, "X_test": X_test, "y_test": y_test,
              "train_loss": np.array(history.train_loss), "test_loss": np.array(history.val_loss),
              "y_end": model.forward(X_GRID[:, None])[:, 0]}
    model.load_state_dict(best["state"])
    result["y_best"] = model.forward(X_GRID[:, None])[:, 0]
    for a in result.values():
        a.setflags(write=False)  # shared by every caller: nobody may change them
    result["best_epoch"] = int(best["epoch"])
    return result


def overfitting_curves(target="sin", n=60, noise=0.3, d_hidden=256, activation="relu", steps=4000, lr=0.01,
                       seed=0) -> dict:
    r"""A wide net trained long on few noisy samples, with train and test MSE per epoch (cached).

    ``regression_1d(target, n, noise, rng=seed)`` split in half (``train_test_split``, ``rng=seed``),
    ``mlp([1, d', 1], activation, rng=seed)``, ``steps`` full-batch Adam steps. Returns a dict:
    ``X_train, y_train, X_test, y_test``; ``train_loss``, ``test_loss`` (steps,); ``best_epoch``
    (1-based epoch of the lowest test MSE); ``y_best``, ``y_end``: the fit on ``X_GRID`` at the best
    test epoch and at the end. ``n`` >= 2, ``noise`` in [0, 100], d' in 1..4096, ``steps`` in
    1..50000, ``lr`` in (0, 10].
    """
    target, activation = _target(target), _activation(activation)
    noise = number(noise, "noise", 0.0, MAX_NOISE)
    d_hidden, seed = _units(d_hidden, high=MAX_TRAINED_UNITS), seed_arg(seed)
    steps, lr, n = _training(steps, lr, n, n_low=2)
    return _overfitting_cached(target, n, noise, d_hidden, activation, steps, lr, seed)


def overfitting_figure(target="sin", n=60, noise=0.3, d_hidden=256, activation="relu", steps=4000, lr=0.01,
                       seed=0):
    r"""A wide net trained long on few noisy samples: train MSE falls below the noise level
    $\sigma^2$ while the test MSE rises. Left: the fits at the best test epoch and at the end;
    right: train and test MSE per epoch (:func:`overfitting_curves`)."""
    run = overfitting_curves(target, n, noise, d_hidden, activation, steps, lr, seed)
    target, activation, noise = _target(target), _activation(activation), float(noise)
    X_train, y_train, X_test, y_test = run["X_train"], run["y_train"], run["X_test"], run["y_test"]
    y_best, y_end, best_epoch = run["y_best"], run["y_end"], run["best_epoch"]
    fig, (ax, ax_loss) = plotting.new_figure(1, 2, figsize=(10.5, 4.0))
    ax.plot(X_GRID, TARGETS_1D[target](X_GRID), "--", color=TARGET_COLOR, lw=1.5, label="target $f$")
    ax.scatter(X_train[:, 0], y_train[:, 0], s=16, color=plotting.CLASS_COLORS[0], label="train samples", zorder=3)
    ax.scatter(X_test[:, 0], y_test[:, 0], s=16, marker="s", color=plotting.CLASS_COLORS[1], label="test samples",
               zorder=3)
    ax.plot(X_GRID, y_best, color=plotting.CLASS_COLORS[2], lw=1.8, label=f"at epoch {best_epoch} (best test)")
    ax.plot(X_GRID, y_end, color=plotting.ACTIVATION_COLORS[activation], lw=1.2, label=f"at epoch {steps} (end)")
    ax.set_ylim(-2.0, 2.0)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_title(f"$d'$ = {d_hidden} {activation} units, {len(X_train)} noisy samples ($\\sigma$ = {noise:g})")
    ax.legend(fontsize=8, loc="lower right")
    epochs = np.arange(1, len(run["train_loss"]) + 1)
    ax_loss.plot(epochs, run["train_loss"], color=plotting.CLASS_COLORS[0], label="train MSE")
    ax_loss.plot(epochs, run["test_loss"], color=plotting.CLASS_COLORS[1], label="test MSE")
    ax_loss.axhline(noise ** 2, color=TARGET_COLOR, ls=":", lw=1.2, label=r"noise level $\sigma^2$")
    ax_loss.axvline(best_epoch, color=plotting.CLASS_COLORS[2], lw=1, label="best test epoch")
    ax_loss.set_xscale("log")
    ax_loss.set_yscale("log")
    ax_loss.set_xlabel("epoch (one full-batch Adam step)")
    ax_loss.set_ylabel("MSE")
    ax_loss.set_title(f"train {run['train_loss'][-1]:.3f}, test {run['test_loss'][-1]:.3f} at the end")
    ax_loss.legend(fontsize=8, loc="upper right")
    return fig


# --- deeper nets: the tent map composed k times ----------------------------------------------------

def tent_network(depth: int) -> Sequential:
    r"""$t^{\circ k}$ on $[0, 1]$ as a net of $k$ hidden layers with 2 ReLUs each, explicit weights.

    The tent map $t(x) = 2\,\mathrm{relu}(x) - 4\,\mathrm{relu}(x - \tfrac12)$ is one layer with
    $W = [1, 1]^T$, $b = [0, -\tfrac12]$ and output weights $[2, -4]$. Composing, the output
    weights of layer $\ell$ and the input weights of layer $\ell+1$ multiply into one Dense(2, 2):
    $W = [1, 1]^T [2, -4]$, $b = [0, -\tfrac12]$. Parameters: $4 + 6(k-1) + 3 = 6k + 1$.
    ``depth`` $k$ in 1..1000.
    """
    depth = integer(depth, "depth", 1, MAX_TENT_DEPTH)
    first = Dense(1, 2, rng=0)
    first.W.value[...] = [[1.0], [1.0]]
    first.b.value[...] = [0.0, -0.5]
    layers = [first, Activation("relu")]
    for _ in range(depth - 1):
        middle = Dense(2, 2, rng=0)
        middle.W.value[...] = [[2.0, -4.0], [2.0, -4.0]]  # [1, 1]^T [2, -4]
        middle.b.value[...] = [0.0, -0.5]
        layers += [middle, Activation("relu")]
    last = Dense(2, 1, rng=0)
    last.W.value[...] = [[2.0, -4.0]]
    last.b.value[...] = [0.0]
    return Sequential(*layers + [last])


def shallow_sawtooth_network(depth: int) -> Sequential:
    """One hidden layer computing the same function as ``tent_network(depth)`` on [0, 1]: the hinge
    construction through $2^k + 1$ knots (the sawtooth's corners), so $2^k$ ReLUs; ``depth`` $k$ in 1..16."""
    depth = integer(depth, "depth", 1, MAX_SHALLOW_DEPTH)
    deep = tent_network(depth)
    return hinge_network(lambda x: deep.forward(np.reshape(x, (-1, 1)))[:, 0], 2 ** depth, x_range=(0.0, 1.0))


def count_linear_pieces(x, y, rtol=1e-6) -> int:
    """Number of linear pieces of a piecewise-linear curve sampled at ``x`` (sorted).

    Exact when every corner lies on a sample (true for the dyadic corners $j/2^k$ on a grid of
    $2^m + 1$ points, $m \\ge k$); a corner between samples would count twice.
    ``x``, ``y``: N >= 2 samples each, shape (N,) or (N, 1), x increasing; ``rtol`` >= 0.
    """
    who = "count_linear_pieces"
    x, y = (_samples(v, name, who) for v, name in ((x, "x"), (y, "y")))
    if len(x) != len(y):
        raise InputError(f"{who}: x and y must hold the same number of samples, got {len(x)} and {len(y)}")
    rtol = number(rtol, "rtol", 0.0)
    dx = np.diff(x)
    if not np.all(dx > 0):
        i = int(np.flatnonzero(~(dx > 0))[0])
        raise InputError(f"{who}: x must be sorted and increasing, got x[{i}] = {x[i]:g} "
                         f"then x[{i + 1}] = {x[i + 1]:g}")
    with np.errstate(over="ignore", invalid="ignore"):
        slopes = np.diff(y) / dx
    if not all_finite(slopes):
        raise InputError(f"{who}: the slopes dy/dx overflow: x samples too close or y too large")
    scale = max(np.max(np.abs(slopes)), 1.0)
    with np.errstate(over="ignore"):
        changes = np.abs(np.diff(slopes))
    return int(np.count_nonzero(changes > rtol * scale)) + 1


def _samples(v, name: str, who: str) -> np.ndarray:
    a = array(v, name, ndim=(1, 2), who=who)
    if a.ndim == 2 and a.shape[1] != 1:
        raise InputError(f"{who}: {name} must have shape (N,) or (N, 1), got shape {a.shape}")
    a = a.reshape(-1)
    if len(a) < 2:
        raise InputError(f"{who}: {name} must hold at least 2 samples (one linear piece), got {len(a)}")
    return a


# --- explorers ------------------------------------------------------------------------------------------
# Explorer titles are plain unicode (d′, ŷ), not mathtext: a title that changes with every update would be
# parsed again on every redraw. Few ticks for the same reason: each tick label is laid out per redraw.

def _few_ticks(*axes):
    for ax in axes:
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.yaxis.set_major_locator(MaxNLocator(5))


def _function_ticks(ax):
    """x in [-1, 1] and y in [-2, 2]: five ticks each."""
    ax.set_xticks([-1, -0.5, 0, 0.5, 1])
    ax.set_yticks([-2, -1, 0, 1, 2])


def _short(value: float) -> str:
    """Two significant digits; rounding noise below 1e-9 shows as 0."""
    return "0" if abs(value) < 1e-9 else f"{value:.2g}"



def _contribution_segments(x, contributions):
    """LineCollection segments, one polyline per hidden unit: (d', N, 2)."""
    return np.stack([np.broadcast_to(x, contributions.T.shape), contributions.T], axis=-1)


class HingeExplorer(Explorer):
    r"""Width slider $d'$ (1..64) and target dropdown: the hinge construction, unit by unit."""

    def __init__(self, d_hidden=4, target="sin"):
        controls = {
            "d_hidden": control(widgets.IntSlider, "d_hidden", d_hidden, min=1, max=MAX_WIDTH, description="d' (units)",
                                continuous_update=False),
            "target": control(widgets.Dropdown, "target", target, options=list(TARGETS_1D), description="target"),
        }
        fig, (ax, ax_w) = plotting.new_figure(1, 2, figsize=(11.0, 4.2))
        color = plotting.ACTIVATION_COLORS["relu"]
        self.ax, self.ax_w = ax, ax_w
        self.units = LineCollection([], colors=color, linewidths=0.8, alpha=0.45, label="units  wⱼ g(Wⱼ x + bⱼ)")
        ax.add_collection(self.units)
        (self.target_line,) = ax.plot(X_GRID, X_GRID, "--", color=TARGET_COLOR, lw=1.5, label="target f")
        (self.sum_line,) = ax.plot(X_GRID, X_GRID, color=color, lw=2.8, label="ŷ = c + Σⱼ wⱼ g(Wⱼ x + bⱼ)")
        self.knot_marks = ax.scatter([], [], s=22, color=TARGET_COLOR, zorder=4, label="knots xₖ")
        ax.set_xlim(*X_RANGE)
        ax.set_ylim(-2.2, 2.2)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.legend(fontsize=8, loc="lower right")
        self.stems = LineCollection([], colors=color, linewidths=1.5)
        ax_w.add_collection(self.stems)
        self.stem_heads = ax_w.scatter([], [], s=18, color=color, zorder=3)
        ax_w.axhline(0, color=TARGET_COLOR, lw=0.8)
        ax_w.set_xlim(X_RANGE[0] - 0.05, X_RANGE[1] + 0.05)
        ax_w.set_xlabel("hinge position  −bⱼ  (knot where unit j starts)")
        ax_w.set_ylabel("output weight wⱼ")
        ax_w.set_title("w₁ = first slope, then each change of slope")
        _function_ticks(ax)
        _few_ticks(ax_w)
        super().__init__(fig, controls, title="d' ReLU hinges through d'+1 knots, weights in closed form")

    def update(self, d_hidden, target):
        """Draw the construction with ``d_hidden`` hinges (1..64) for ``target`` (a ``TARGETS_1D`` name)."""
        d_hidden, target = _units(d_hidden, high=MAX_WIDTH), _target(target)
        f = TARGETS_1D[target]
        model = hinge_network(f, d_hidden)
        contributions = hidden_contributions(model, X_GRID)  # (N, d')
        y_hat = model.forward(X_GRID[:, None])[:, 0]
        self.units.set_segments(_contribution_segments(X_GRID, contributions))
        self.target_line.set_ydata(f(X_GRID))
        self.sum_line.set_ydata(y_hat)
        x_knots = knots(d_hidden)
        self.knot_marks.set_offsets(np.column_stack([x_knots, f(x_knots)]))
        self.knot_marks.set_sizes([max(6.0, 24.0 - d_hidden / 2)])  # dense knots: smaller dots
        w = model[2].W.value[0]
        positions = -model[0].b.value
        self.stems.set_segments(np.stack([np.column_stack([positions, np.zeros_like(w)]),
                                          np.column_stack([positions, w])], axis=1))
        self.stem_heads.set_offsets(np.column_stack([positions, w]))
        top = max(np.max(np.abs(w)), 1e-3) * 1.1
        self.ax_w.set_ylim(-top, top)
        x_fine = np.linspace(*X_RANGE, 4001)
        error = np.abs(f(x_fine) - model.forward(x_fine[:, None])[:, 0])
        self.ax.set_title(f"{target}, d′ = {d_hidden} hinges: max |f − ŷ| = {_short(error.max())}, "
                          f"RMS = {_short(np.sqrt(np.mean(error ** 2)))}")


class TrainedExplorer(Explorer):
    r"""Width, activation and target: ``mlp([1, d', 1], g)`` fitted by Adam, unit by unit.

    Each setting trains once (~0.05 s, shown as "computing…"), then comes from the cache.
    d' in 1..64, ``activation`` one of the slide's five, ``seed`` (int >= 0) seeds the weights.
    """

    def __init__(self, d_hidden=8, activation="relu", target="sin", seed=0):
        controls = {
            "d_hidden": control(widgets.IntSlider, "d_hidden", d_hidden, min=1, max=MAX_WIDTH, description="d' (units)",
                                continuous_update=False),
            "activation": control(widgets.Dropdown, "activation", activation, options=list(SLIDE_ACTIVATIONS),
                                  description="activation g"),
            "target": control(widgets.Dropdown, "target", target, options=list(TARGETS_1D), description="target"),
        }
        self.seed = seed_arg(seed)
        fig, (ax, ax_loss) = plotting.new_figure(1, 2, figsize=(11.0, 4.2))
        self.ax, self.ax_loss = ax, ax_loss
        self.units = LineCollection([], linewidths=0.8, alpha=0.45, label="units  wⱼ g(Wⱼ x + bⱼ)")
        ax.add_collection(self.units)
        self.samples = ax.scatter(X_GRID, X_GRID, s=7, color="0.6", zorder=1, label="samples (xᵢ, yᵢ)")
        (self.target_line,) = ax.plot(X_GRID, X_GRID, "--", color=TARGET_COLOR, lw=1.5, label="target f")
        (self.fit_line,) = ax.plot(X_GRID, X_GRID, lw=2.8, label="ŷ = c + Σⱼ wⱼ g(Wⱼ x + bⱼ)")
        ax.set_xlim(*X_RANGE)
        ax.set_ylim(-2.2, 2.2)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        self.legend = ax.legend(fontsize=8, loc="lower right")
        _function_ticks(ax)
        steps = np.arange(1, STEPS + 1)
        (self.loss_line,) = ax_loss.plot(steps, np.ones(STEPS), lw=1.8)
        plotting.plain_log_axis(ax_loss.yaxis, numticks=None, labels="numbers")  # 0.01, 1, 100: no mathtext
        ax_loss.set_xlabel("Adam step (full batch)")
        ax_loss.set_ylabel("train MSE  L")
        super().__init__(fig, controls, title=f"mlp([1, d', 1]) trained by Adam ({STEPS} full-batch steps)")

    def update(self, d_hidden, activation, target):
        """Train (or take from the cache) ``mlp([1, d_hidden, 1], activation)`` on ``target`` and draw it."""
        d_hidden, target = _units(d_hidden, high=MAX_WIDTH), _target(target)
        activation = choice(activation, "activation", SLIDE_ACTIVATIONS, kind="activation")
        X, y = training_data(target)
        model, losses = fit_mlp(target, d_hidden, activation, self.seed)
        color = plotting.ACTIVATION_COLORS[activation]
        self.units.set_segments(_contribution_segments(X_GRID, hidden_contributions(model, X_GRID)))
        self.units.set_color(color)
        self.samples.set_offsets(np.column_stack([X[:, 0], y[:, 0]]))
        self.target_line.set_ydata(TARGETS_1D[target](X_GRID))
        self.fit_line.set_ydata(model.forward(X_GRID[:, None])[:, 0])
        self.fit_line.set_color(color)
        self.loss_line.set_ydata(np.maximum(losses, 1e-12))
        self.loss_line.set_color(color)
        self.ax_loss.relim()
        self.ax_loss.autoscale_view()
        for handle in (self.legend.legend_handles[0], self.legend.legend_handles[3]):
            handle.set_color(color)
        self.legend.legend_handles[0].set_alpha(0.45)  # thin units, as drawn
        self.ax.set_title(f"{target}, d′ = {d_hidden} {activation} units: train MSE {_short(losses[-1])}")
        self.ax_loss.set_title(f"training: L from {_short(losses[0])} to {_short(losses[-1])}")


class DepthExplorer(Explorer):
    r"""Depth slider $k$ (1..10): the tent map composed $k$ times, $2k$ ReLUs, $2^k$ linear pieces, beside
    the one-hidden-layer net of the same function ($2^k$ ReLUs)."""

    MAX_DEPTH = 10
    ZOOM_PIECES = 8  # the middle panel shows the first 8 pieces

    def __init__(self, depth=3):
        # the slider first: a depth it cannot hold is refused before the nets are built
        controls = {"depth": control(widgets.IntSlider, "depth", depth, min=1, max=self.MAX_DEPTH,
                                     description="depth k")}
        depth = controls["depth"].value
        self.x = np.linspace(0.0, 1.0, 2 ** 12 + 1)  # dyadic grid: every corner j / 2^k is a sample
        depths = np.arange(1, self.MAX_DEPTH + 1)
        # both nets for every depth, and their outputs on the grid, once (~0.1 s): updates only redraw
        deep = {k: tent_network(k) for k in depths}
        shallow = {k: shallow_sawtooth_network(k) for k in depths}
        self.params_deep = np.array([deep[k].n_params for k in depths])
        self.params_shallow = np.array([shallow[k].n_params for k in depths])
        X = self.x[:, None]
        self.y_deep = {k: deep[k].forward(X)[:, 0] for k in depths}
        self.y_shallow = {k: shallow[k].forward(X)[:, 0] for k in depths}
        self.y_deep[0] = self.x  # depth 0: the identity
        fig, (ax, ax_zoom, ax_p) = plotting.new_figure(1, 3, figsize=(13.0, 4.0))
        self.ax, self.ax_zoom, self.ax_p = ax, ax_zoom, ax_p
        deep_color, shallow_color = plotting.CLASS_COLORS[0], plotting.CLASS_COLORS[1]
        (self.previous_line,) = ax.plot(self.x, self.x, color="0.65", lw=1.0, label="depth k − 1")
        (self.deep_line,) = ax.plot(self.x, self.x, color=deep_color, lw=2.2, label="deep: t∘…∘t (k layers)")
        (self.shallow_line,) = ax.plot(self.x, self.x, "--", color=shallow_color, lw=1.0,
                                       label="one hidden layer, 2ᵏ units")
        (self.zoom_deep,) = ax_zoom.plot(self.x, self.x, color=deep_color, lw=2.2)
        (self.zoom_shallow,) = ax_zoom.plot(self.x, self.x, "--", color=shallow_color, lw=1.2)
        for a in (ax, ax_zoom):
            a.set_ylim(-0.05, 1.3)
            a.set_yticks([0, 0.25, 0.5, 0.75, 1])
            a.set_xlabel("x")
        ax.set_xlim(0, 1)
        ax.set_ylabel("output")
        ax.legend(fontsize=8, loc="upper center", ncols=3, handlelength=1.5, columnspacing=0.8)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
        ax_zoom.xaxis.set_major_locator(MaxNLocator(4))
        ax_p.plot(depths, self.params_deep, "o-", color=deep_color, label="deep: 6k + 1 (2 ReLUs per layer)")
        ax_p.plot(depths, self.params_shallow, "s-", color=shallow_color, label="one hidden layer: 3·2ᵏ + 1")
        self.marks = ax_p.scatter([depth, depth], [self.params_deep[depth - 1], self.params_shallow[depth - 1]],
                                  s=110, facecolors="none", edgecolors=[deep_color, shallow_color], linewidths=2,
                                  zorder=4)
        plotting.plain_log_axis(ax_p.yaxis, numticks=None, labels="numbers")  # 0.01, 1, 100: no mathtext
        ax_p.set_ylim(4, 6000)
        ax_p.set_xticks(depths[::1])
        ax_p.set_xlabel("depth k  (2ᵏ linear pieces)")
        ax_p.set_ylabel("parameters")
        ax_p.legend(fontsize=8, loc="upper left")
        super().__init__(fig, controls, title="Deeper nets: the tent map t composed k times")

    def update(self, depth):
        """Show the tent map composed ``depth`` times (1..10) and its one-hidden-layer twin."""
        depth = integer(depth, "depth", 1, self.MAX_DEPTH)
        y_deep, y_shallow = self.y_deep[depth], self.y_shallow[depth]
        self.deep_line.set_ydata(y_deep)
        self.shallow_line.set_ydata(y_shallow)
        self.previous_line.set_ydata(self.y_deep[depth - 1])
        self.zoom_deep.set_ydata(y_deep)
        self.zoom_shallow.set_ydata(y_shallow)
        right = min(1.0, self.ZOOM_PIECES / 2 ** depth)
        self.ax_zoom.set_xlim(0, right)
        pieces = count_linear_pieces(self.x, y_deep)
        self.ax.set_title(f"k = {depth}: {pieces} linear pieces from {2 * depth} ReLUs")
        self.ax_zoom.set_title(f"zoom on x ≤ {right:.3g}: slopes ±{2 ** depth}")
        i = depth - 1
        self.marks.set_offsets([[depth, self.params_deep[i]], [depth, self.params_shallow[i]]])
        self.ax_p.set_title(f"parameters: {self.params_deep[i]} deep vs {self.params_shallow[i]} shallow")


EXPLORERS = [HingeExplorer, TrainedExplorer, DepthExplorer]
