r"""Notebook 03, slides "Universal approximator" and "Deeper nets".

One hidden layer, $\hat y = w^T g(Wx + b) + c$, approximates any continuous function on an
interval arbitrarily close, given enough hidden units $d'$:

* constructive: ``hinge_weights`` writes the piecewise-linear interpolant of a target through
  $d'+1$ knots as $d'$ ReLU hinges, in closed form, and ``hinge_network`` puts those weights
  into a real ``Sequential(Dense(1, d'), Activation("relu"), Dense(d', 1))``;
* trained: ``fit_mlp`` fits ``mlp([1, d', 1], g)`` with full-batch Adam (cached per setting);
* by hand: ``HandHingeExplorer`` lets the student place 4 hinges and read the MSE;
* the theorem's conditions: with $g(z) = z^2$ any width gives quadratics (``random_features_mse``,
  ``best_polynomial_mse``), and without biases a ReLU net of one input is two rays from the origin
  (``fit_without_biases``, ``no_bias_figure``);
* the slide's caveats: non-convex training (``seeds_figure``), infeasibly large $d'$
  (``width_needed_figure``), overfitting (``overfitting_figure``);
* depth: ``tent_network`` composes the tent map $t(x) = 2\,\mathrm{relu}(x) - 4\,\mathrm{relu}(x - 1/2)$
  $k$ times with 2 ReLUs per layer ($2^k$ linear pieces from $2k$ units), and
  ``shallow_sawtooth_network`` is the one-hidden-layer net of the same function ($2^k$ units);
  ``tent_training`` trains that deep architecture from random starts (the weights exist, are they found?);
* linear regions of a 2-input ReLU net: ``activation_regions`` / ``count_linear_regions`` count the
  activation patterns on a grid (a lower bound), ``regions_figure`` draws them.
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
    "random_features_mse", "best_polynomial_mse", "fit_without_biases", "no_bias_figure", "tent_data", "tent_training",
    "random_relu_net", "activation_regions", "count_linear_regions", "regions_figure",
    "HingeExplorer", "TrainedExplorer", "DepthExplorer", "HandHingeExplorer", "EXPLORERS",
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
MAX_TRAINED_DEPTH = 10  # hidden layers of a trained tent-map net


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


# --- the caveats of the theorem's conditions: a polynomial g, no biases -----------------------------

#: hidden activations of :func:`random_features_mse`: the slide's five and $g(z) = z^2$
FEATURE_ACTIVATIONS = ("square", *SLIDE_ACTIVATIONS)
MAX_DEGREE = 20


def _feature_activation(activation) -> str:
    return choice(activation, "activation", FEATURE_ACTIVATIONS, kind="hidden activation")


def random_features_mse(target="sin", d_hidden=10, activation="square", seed=0) -> float:
    r"""Train MSE of the best output layer over a random hidden layer: $W_j \sim N(0, 1)$,
    $b_j \sim U(-1, 1)$ fixed, $w$ and $c$ by least squares on :func:`training_data` (``target``).

    $\hat y = c + \sum_j w_j\, g(W_j x + b_j)$ is linear in $(w, c)$, so the least-squares fit is
    the best output layer for these $W, b$. ``activation``: ``"square"`` ($g(z) = z^2$) or one of
    the slide's five; d' in 1..4096; ``seed`` an int >= 0 (draws $W, b$).
    """
    target, activation = _target(target), _feature_activation(activation)
    d_hidden, seed = _units(d_hidden, high=MAX_TRAINED_UNITS), seed_arg(seed)
    X, y = training_data(target)
    rng = np.random.default_rng(seed)
    W, b = rng.standard_normal(d_hidden), rng.uniform(-1.0, 1.0, d_hidden)
    Z = X @ W[None, :] + b  # (N, d')
    H = Z ** 2 if activation == "square" else ACTIVATIONS[activation].function(Z)
    A = np.column_stack([H, np.ones(len(X))])  # (N, d' + 1): features and the constant of c
    coef, *_ = np.linalg.lstsq(A, y[:, 0], rcond=None)
    return float(np.mean((A @ coef - y[:, 0]) ** 2))


def best_polynomial_mse(target="sin", degree=2) -> float:
    """Train MSE of the least-squares polynomial of ``degree`` (0..20) on :func:`training_data` (``target``)."""
    target, degree = _target(target), integer(degree, "degree", 0, MAX_DEGREE)
    X, y = training_data(target)
    A = np.vander(X[:, 0], degree + 1)
    coef, *_ = np.linalg.lstsq(A, y[:, 0], rcond=None)
    return float(np.mean((A @ coef - y[:, 0]) ** 2))


def _sizes(sizes, who: str, d_in: int = 1, name: str = "sizes") -> list[int]:
    """Layer widths ``[d, d'_1, ..., 1]`` of a net with at least one hidden layer."""
    if _ndim(sizes) != 1:
        raise InputError(f"{who}: {name} must be a list of layer widths such as [{d_in}, 16, 16, 1], "
                         f"got {sizes!r:.60}")
    sizes = int_list(sizes, name, low=1, min_length=3)
    if len(sizes) > 2 + MAX_CURVES:
        raise InputError(f"{who}: {name} may hold at most {MAX_CURVES} hidden layers, got {len(sizes) - 2}")
    if sizes[0] != d_in or sizes[-1] != 1:
        raise InputError(f"{who}: {name} must start with d = {d_in} input(s) and end with 1 output, got {sizes}")
    for i, width in enumerate(sizes[1:-1], start=1):
        integer(width, f"{name}[{i}]", 1, MAX_TRAINED_UNITS)
    return sizes


@functools.cache
def _no_bias_cached(target, sizes, seed, steps, lr):
    X, y = training_data(target)
    model = mlp(list(sizes), "relu", rng=seed)
    for p in model.parameters():
        if p.name == "b":
            p.value[...] = 0.0
    weights = [p for p in model.parameters() if p.name == "W"]  # Adam never touches the biases
    try:
        history = fit(model, MSELoss(), Adam(weights, lr=lr), X, y, epochs=steps)
    except TrainingDiverged as error:
        raise _diverged("fit_without_biases", lr, error) from error
    state = model.state_dict()
    losses = np.array(history.train_loss)
    for a in (*state.values(), losses):
        a.setflags(write=False)
    return state, losses


def fit_without_biases(target="sin", sizes=(1, 16, 16, 1), seed=0, *, steps=STEPS, lr=LR):
    r"""``mlp(sizes, "relu", rng=seed)`` with every bias $b$, $c$ held at 0, its weights $W$ fitted
    by full-batch Adam on :func:`training_data` (``target``), as :func:`fit_mlp` (cached).

    Without biases each layer is positively homogeneous, $\mathrm{relu}(\lambda z) = \lambda\,
    \mathrm{relu}(z)$ for $\lambda \ge 0$, so the net is too: $\hat y(\lambda x) = \lambda \hat y(x)$, and
    for one input $\hat y(x) = \hat y(1)\,\mathrm{relu}(x) + \hat y(-1)\,\mathrm{relu}(-x)$: two rays
    from the origin, whatever the widths and depth. ``sizes``: ``[1, d'_1, ..., 1]`` (1 to 20 hidden
    layers of 1..4096 units). Returns ``(model, train_loss)`` with the loss per step, (steps,).
    """
    who = "fit_without_biases"
    target, sizes, seed = _target(target), _sizes(sizes, who), seed_arg(seed)
    steps, lr, _ = _training(steps, lr, N_TRAIN)
    state, losses = _no_bias_cached(target, tuple(sizes), seed, steps, lr)
    model = mlp(sizes, "relu", rng=seed)
    model.load_state_dict(state)
    return model, losses


def no_bias_figure(target="sin", nets=((1, 64, 1), (1, 16, 16, 1), (1, 8, 8, 8, 1)), seed=0):
    """Trained ReLU nets without biases (:func:`fit_without_biases`), one per ``nets`` entry (1 to 6 lists of
    layer widths ``[1, ..., 1]``), and the target: each curve is two rays from the origin."""
    who = "no_bias_figure"
    target, seed = _target(target), seed_arg(seed)
    if isinstance(nets, (str, numbers.Number)) or not isinstance(nets, (list, tuple)) or not 1 <= len(nets) <= 6:
        raise InputError(f"{who}: nets must be a list of 1 to 6 layer-width lists such as ((1, 16, 1),), "
                         f"got {nets!r:.60}")
    nets = [_sizes(sizes, who, name=f"nets[{i}]") for i, sizes in enumerate(nets)]
    X, y = training_data(target)
    fig, ax = plotting.new_figure(figsize=(6.4, 4.0))
    ax.plot(X_GRID, TARGETS_1D[target](X_GRID), "--", color=TARGET_COLOR, lw=1.5, label="target $f$")
    ax.scatter(X[:, 0], y[:, 0], s=8, color="0.6", zorder=1, label="samples")
    for k, sizes in enumerate(nets):
        model, losses = fit_without_biases(target, sizes, seed)
        color = plotting.CLASS_COLORS[k % len(plotting.CLASS_COLORS)]
        hidden = ", ".join(str(d) for d in sizes[1:-1])
        ax.plot(X_GRID, model.forward(X_GRID[:, None])[:, 0], color=color, lw=3.2 - 0.8 * (k % 3),
                ls=("-", "--", ":")[k % 3], label=f"hidden [{hidden}]: $L$ = {losses[-1]:.3f}")
    ax.scatter([0], [0], s=30, color=TARGET_COLOR, zorder=4)
    ax.set_ylim(*Y_LIMITS)
    ax.set_xlabel("$x$")
    ax.set_ylabel(r"$\hat y$")
    ax.set_title(f"ReLU nets without biases, seed {seed}, {STEPS} Adam steps")
    ax.legend(fontsize=8, loc="upper left")
    return fig


# --- exists is not found: training the tent-map architecture -----------------------------------------

def tent_data(depth=3, n=N_TRAIN):
    """``n`` equally spaced x on [0, 1] and $y = t^{\\circ k}(x)$ from :func:`tent_network` (``depth`` k in
    1..10, ``n`` in 2..100000): X (n, 1), y (n, 1)."""
    depth, n = integer(depth, "depth", 1, MAX_TRAINED_DEPTH), integer(n, "n", 2, MAX_N)
    X = np.linspace(0.0, 1.0, n)[:, None]
    return X, tent_network(depth).forward(X)


def _live_units(model, X) -> tuple:
    """Per hidden layer: the units whose ReLU output is > 0 on at least one row of X."""
    counts, h = [], X
    for layer in model:
        h = layer.forward(h)
        if isinstance(layer, Activation):
            counts.append(int(np.count_nonzero(np.any(h > 0, axis=0))))
    return tuple(counts)


@functools.cache
def _tent_training_cached(depth, seed, steps, lr, n):
    X, y = tent_data(depth, n)
    model = mlp([1] + [2] * depth + [1], "relu", rng=seed)
    live_start = _live_units(model, X)
    try:
        history = fit(model, MSELoss(), Adam(model.parameters(), lr=lr), X, y, epochs=steps)
    except TrainingDiverged as error:
        raise _diverged("tent_training", lr, error) from error
    y_hat = model.forward(X)
    result = {"losses": np.array(history.train_loss), "y_hat": y_hat[:, 0],
              "final_mse": float(np.mean((y_hat - y) ** 2)), "var_y": float(np.var(y)),
              "live_start": live_start, "live_end": _live_units(model, X),
              "output_range": float(np.ptp(y_hat))}
    for key in ("losses", "y_hat"):
        result[key].setflags(write=False)
    return result


def tent_training(depth=3, seed=0, *, steps=STEPS, lr=LR, n=N_TRAIN) -> dict:
    r"""``mlp([1, 2, ..., 2, 1], "relu", rng=seed)``, the architecture of ``tent_network(depth)``
    ($6k + 1$ parameters), trained from its random start by full-batch Adam on :func:`tent_data`,
    as :func:`fit_mlp` (cached). Good weights exist (``tent_network``, MSE 0); does Adam find them?

    Returns a dict: ``losses`` (steps,), ``y_hat`` (n,) at the samples, ``final_mse``, ``var_y``
    (the MSE of the best constant, $\frac1N \sum_i (y_i - \bar y)^2$), ``live_start``, ``live_end``
    (per hidden layer, the units with a positive ReLU output on some sample), ``output_range``
    ($\max \hat y - \min \hat y$ on the samples). ``depth`` k in 1..10, ``steps`` in 1..50000,
    ``lr`` in (0, 10], ``n`` in 2..100000.
    """
    depth, seed = integer(depth, "depth", 1, MAX_TRAINED_DEPTH), seed_arg(seed)
    steps, lr, n = _training(steps, lr, n, n_low=2)
    return _tent_training_cached(depth, seed, steps, lr, n)


# --- counting linear regions of a 2D ReLU net ---------------------------------------------------------

MAX_GRID = 2000  # points per axis of the region grid
_CHUNK_VALUES = 8192  # values (points x units) per block of activation_regions: one BLAS thread, in cache


def random_relu_net(sizes, seed=0) -> Sequential:
    r"""``mlp(sizes, "relu", rng=seed)`` (He-initialised $W$) with every bias drawn from $U(-1, 1)$
    (``rng=seed + 1``): the initialisation's zero biases would put every first-layer line through the
    origin. ``sizes``: ``[2, d'_1, ..., 1]``, 1 to 20 hidden layers of 1..4096 units."""
    sizes, seed = _sizes(sizes, "random_relu_net", d_in=2), seed_arg(seed)
    model = mlp(sizes, "relu", rng=seed)
    rng = np.random.default_rng(seed + 1)
    for layer in model:
        if isinstance(layer, Dense):
            layer.b.value[...] = rng.uniform(-1.0, 1.0, layer.b.value.shape)
    return model


def _relu_net_2d(model, who):
    model = instance(model, "model", Sequential, "random_relu_net([2, 8, 1])")
    layers = list(model)
    if not layers or not isinstance(layers[0], Dense) or layers[0].d_in != 2:
        raise InputError(f"{who}: model must take d = 2 inputs (a net such as random_relu_net([2, 8, 1])), "
                         f"got d = {model.d_in}")
    others = sorted({type(layer).__name__ for layer in layers if not isinstance(layer, (Dense, Activation))})
    if others:
        raise InputError(f"{who}: model must be Dense and Activation('relu') layers only, got {', '.join(others)}")
    kinds = [isinstance(layer, Dense) for layer in layers]
    if len(layers) < 3 or len(layers) % 2 == 0 or kinds != [k % 2 == 0 for k in range(len(layers))]:
        shape = ", ".join(type(layer).__name__ for layer in layers)
        raise InputError(f"{who}: model must alternate Dense and Activation('relu') and end with a Dense, "
                         f"such as random_relu_net([2, 8, 1]); got Sequential({shape})")
    names = {layer.name for layer in layers if isinstance(layer, Activation)}
    if names != {"relu"}:
        raise InputError(f"{who}: model must be a ReLU net (its regions are where the pattern of active units "
                         f"is constant), got activations {sorted(names) or 'none'}")
    return model


@functools.cache
def _grid_2d(n: int, low: float, high: float) -> np.ndarray:
    """The n^2 points of an n x n grid on [low, high]^2, (n^2, 2), row by row (x_2 outer, x_1 inner)."""
    grid = np.linspace(low, high, n)
    x1, x2 = np.meshgrid(grid, grid)
    points = np.column_stack([x1.ravel(), x2.ravel()])
    points.setflags(write=False)
    return points


def _pattern_labels(active: np.ndarray) -> np.ndarray:
    """One int per row of the bool matrix ``active`` (N, units), equal exactly for equal rows: 0..count-1."""
    packed = np.packbits(active, axis=1)  # (N, bytes)
    width = -(-packed.shape[1] // 8) * 8
    padded = np.zeros((len(packed), width), dtype=np.uint8)
    padded[:, :packed.shape[1]] = packed
    words = padded.view(np.uint64)  # (N, words): 64 units per word
    _, labels = np.unique(words[:, 0], return_inverse=True)
    for k in range(1, words.shape[1]):  # labels < N and the word's own labels < N: the pair fits in int64
        _, next_labels = np.unique(words[:, k], return_inverse=True)
        _, labels = np.unique(labels.reshape(-1) * np.int64(len(words)) + next_labels.reshape(-1), return_inverse=True)
    return labels.reshape(-1)


def activation_regions(model, n=400, x_range=X_RANGE):
    r"""Label each point of an ``n`` x ``n`` grid on ``x_range``$^2$ by the pattern of active ReLUs
    (which units have $W_j h + b_j > 0$, over all hidden layers) of a ReLU net with 2 inputs.

    On the set of inputs that share one pattern the net is one linear function, so the number of
    distinct patterns is a lower bound on the number of linear regions in the window: a region
    smaller than the grid spacing can be missed, and two regions with the same pattern count once.
    Returns ``(labels, count)``: labels (n, n) of ints 0..count-1 (row i is $x_2$, column j is $x_1$).
    ``n`` in 2..2000.
    """
    who = "activation_regions"
    model = _relu_net_2d(model, who)
    n = integer(n, "n", 2, MAX_GRID)
    low, high = _window(x_range, who=who)
    points = _grid_2d(n, low, high)
    dense = [layer for layer in model if isinstance(layer, Dense)]
    units = sum(layer.d_out for layer in dense[:-1])  # the hidden units: every Dense but the last
    active = np.empty((len(points), units), dtype=bool)
    finite = True
    with np.errstate(over="ignore", invalid="ignore"):
        widest = max(layer.d_out for layer in dense)
        chunk = max(256, _CHUNK_VALUES // widest)  # blocks so small that numpy's products stay on one thread
        for start in range(0, len(points), chunk):
            h, column = points[start:start + chunk], 0
            for layer in model:  # the layers' own arithmetic, without their per-call checks
                if isinstance(layer, Dense):
                    h = h @ layer.W.value.T
                    h += layer.b.value
                else:
                    active[start:start + chunk, column:column + h.shape[1]] = h > 0
                    column += h.shape[1]
                    np.maximum(h, 0.0, out=h)
            finite = finite and all_finite(h)
    if not finite:
        raise InputError(f"{who}: the net's output overflows on the grid: its weights are too large or not finite")
    labels = _pattern_labels(active)
    return labels.reshape(n, n), int(labels.max()) + 1


def count_linear_regions(model, n=400, x_range=X_RANGE) -> int:
    """Distinct activation patterns of a 2-input ReLU net on an ``n`` x ``n`` grid: a lower bound on its
    linear regions in the window (:func:`activation_regions`)."""
    return activation_regions(model, n, x_range)[1]


def regions_figure(nets=((2, 8, 1), (2, 32, 1), (2, 16, 16, 1)), seed=0, n=400):
    """The linear regions (activation patterns, :func:`activation_regions`) of :func:`random_relu_net` nets
    on $[-1, 1]^2$, one panel per ``nets`` entry (1 to 4 lists of layer widths), random colours per region."""
    who = "regions_figure"
    if isinstance(nets, (str, numbers.Number)) or not isinstance(nets, (list, tuple)) or not 1 <= len(nets) <= 4:
        raise InputError(f"{who}: nets must be a list of 1 to 4 layer-width lists such as ((2, 8, 1),), "
                         f"got {nets!r:.60}")
    nets = [_sizes(sizes, who, d_in=2, name=f"nets[{i}]") for i, sizes in enumerate(nets)]
    seed, n = seed_arg(seed), integer(n, "n", 2, MAX_GRID)
    fig, axes = plotting.new_figure(1, len(nets), figsize=(3.6 * len(nets), 3.7))
    axes = np.atleast_1d(axes)
    colors = np.random.default_rng(0).uniform(0.15, 0.95, (1 << 16, 3))  # region k gets colour k mod 2^16
    for ax, sizes in zip(axes, nets):
        labels, count = activation_regions(random_relu_net(sizes, seed), n)
        ax.imshow(colors[labels % len(colors)], origin="lower", extent=(*X_RANGE, *X_RANGE), interpolation="nearest")
        hidden = ", ".join(str(d) for d in sizes[1:-1])
        ax.set_title(f"hidden [{hidden}]: {count} regions", fontsize=10)
        ax.grid(False)
        ax.set_xlabel("$x_1$")
        ax.set_xticks([-1, 0, 1])
        ax.set_yticks([-1, 0, 1])
    axes[0].set_ylabel("$x_2$")
    return fig


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
        legend = ax.legend(fontsize=8, loc="lower right")
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
        # what update moves is drawn over a cached background; the weights' panel rescales, so it
        # is redrawn whole, ticks included; the spines and the legend lie over the moving lines
        animated = [self.units, self.target_line, self.sum_line, self.knot_marks, *ax.spines.values(), legend,
                    ax.title, ax_w]
        super().__init__(fig, controls, title="d' ReLU hinges through d'+1 knots, weights in closed form",
                         animated=animated)

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

    LOSS_LIMITS = (1e-7, 20.0)

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
        # one scale for every setting, so that two widths or activations compare by eye (the losses
        # of all settings lie within it: 3e-7 to 11 over widths 1, 8, 64 of each activation and target)
        ax_loss.set_ylim(*self.LOSS_LIMITS)
        ax_loss.set_xlabel("Adam step (full batch)")
        ax_loss.set_ylabel("train MSE  L")
        # what update moves is drawn over a cached background (axes, ticks: most of the cost)
        animated = [self.units, self.samples, self.target_line, self.fit_line, *ax.spines.values(), self.legend,
                    ax.title, self.loss_line, *ax_loss.spines.values(), ax_loss.title]
        super().__init__(fig, controls, title=f"mlp([1, d', 1]) trained by Adam ({STEPS} full-batch steps)",
                         animated=animated)

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
        legend = ax.legend(fontsize=8, loc="upper center", ncols=3, handlelength=1.5, columnspacing=0.8)
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
        # what update moves is drawn over a cached background; the zoom panel's limits change with
        # k, so it is redrawn whole, ticks included
        # (with the spines and the legend, which lie over the moving lines)
        animated = [self.previous_line, self.deep_line, self.shallow_line, *ax.spines.values(), legend, ax.title,
                    ax_zoom, self.marks, ax_p.title]
        super().__init__(fig, controls, title="Deeper nets: the tent map t composed k times", animated=animated)

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


class HandHingeExplorer(Explorer):
    r"""Place 4 ReLU hinges by hand: $\hat y = c + \sum_{j=1}^{4} w_j\,\mathrm{relu}(x - p_j)$ against a target.

    Sliders for each hinge's position $p_j$ (its knot, $b_j = -p_j$, $W_j = 1$) and output weight $w_j$
    (the change of slope there), and for $c$. The title prints the MSE on the :func:`training_data`
    samples beside the construction's with the same $d' = 4$; the checkbox draws the best $w, c$ for
    the current positions (least squares: linear in $w, c$, so no training needed).
    """

    UNITS = 4
    P_RANGE = (-1.0, 1.0)
    W_RANGE = (-8.0, 8.0)
    C_RANGE = (-2.0, 2.0)

    def __init__(self, target="sin", c=0.0, positions=(-1.0, -0.5, 0.0, 0.5), weights=(-2.0, 4.0, 0.0, 0.0),
                 show_best=False):
        who = "HandHingeExplorer"
        positions = self._four(positions, "positions", who)
        weights = self._four(weights, "weights", who)
        controls = {"target": control(widgets.Dropdown, "target", target, options=list(TARGETS_1D),
                                      description="target"),
                    "c": control(widgets.FloatSlider, "c", c, min=self.C_RANGE[0], max=self.C_RANGE[1], step=0.05,
                                 description="c")}
        for j, p in enumerate(positions, start=1):
            controls[f"p{j}"] = control(widgets.FloatSlider, f"positions[{j - 1}]", p, min=self.P_RANGE[0],
                                        max=self.P_RANGE[1], step=0.05, description=f"p{j} (knot)")
        for j, w in enumerate(weights, start=1):
            controls[f"w{j}"] = control(widgets.FloatSlider, f"weights[{j - 1}]", w, min=self.W_RANGE[0],
                                        max=self.W_RANGE[1], step=0.1, description=f"w{j} (slope change)")
        controls["show_best"] = control(widgets.Checkbox, "show_best", show_best, description="best w, c for these p")
        self._construction = {name: _mse(hinge_network(f, self.UNITS), *training_data(name))
                              for name, f in TARGETS_1D.items()}
        fig, ax = plotting.new_figure(figsize=(7.6, 4.4))
        self.ax = ax
        color = plotting.ACTIVATION_COLORS["relu"]
        self.units = LineCollection([], colors=color, linewidths=0.8, alpha=0.45, label="hinges  wⱼ relu(x − pⱼ)")
        ax.add_collection(self.units)
        self.samples = ax.scatter(X_GRID[:2], X_GRID[:2], s=7, color="0.6", zorder=1, label="samples (xᵢ, yᵢ)")
        (self.target_line,) = ax.plot(X_GRID, X_GRID, "--", color=TARGET_COLOR, lw=1.5, label="target f")
        (self.best_line,) = ax.plot(X_GRID, X_GRID, ":", color=plotting.CLASS_COLORS[1], lw=2.0,
                                    label="best w, c for these pⱼ")
        (self.fit_line,) = ax.plot(X_GRID, X_GRID, color=color, lw=2.8, label="ŷ = c + Σⱼ wⱼ relu(x − pⱼ)")
        self.knot_marks = ax.scatter([0.0] * self.UNITS, [0.0] * self.UNITS, s=30, color=color, zorder=4,
                                     edgecolors="white")
        ax.set_xlim(*X_RANGE)
        ax.set_ylim(-2.2, 2.2)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        legend = ax.legend(fontsize=8, loc="lower right")
        _function_ticks(ax)
        # what update moves is drawn over a cached background (axes, ticks, grid: most of the cost)
        animated = [self.units, self.samples, self.target_line, self.best_line, self.fit_line, self.knot_marks,
                    *ax.spines.values(), legend, ax.title]
        super().__init__(fig, controls, title="Place 4 hinges by hand: ŷ = c + Σⱼ wⱼ relu(x − pⱼ)",
                         animated=animated)

    @staticmethod
    def _four(values, name, who):
        if isinstance(values, str) or _ndim(values) != 1 or len(values) != HandHingeExplorer.UNITS:
            raise InputError(f"{who}: {name} must be a list of {HandHingeExplorer.UNITS} numbers, "
                             f"got {values!r:.60}")
        return [number(v, f"{name}[{i}]") for i, v in enumerate(values)]

    def hinge_values(self, x, c, p, w):
        """$c + \\sum_j w_j\\,\\mathrm{relu}(x - p_j)$ at ``x`` (N,), and each hinge's share, (N, 4).

        ``x``: N finite numbers, shape (N,); ``c`` a finite number; ``p``, ``w``: 4 finite numbers each."""
        who = "HandHingeExplorer.hinge_values"
        x = array(x, "x", ndim=1, min_size=0, who=who)
        c = number(c, "c")
        p, w = np.array(self._four(p, "p", who)), np.array(self._four(w, "w", who))
        with np.errstate(over="ignore", invalid="ignore"):
            parts = np.maximum(x[:, None] - p[None, :], 0.0) * w[None, :]
            y = c + parts.sum(axis=1)
        if not (all_finite(parts) and all_finite(y)):
            raise InputError(f"{who}: the hinges overflow: x, c, p or w too large (|x| up to "
                             f"{np.abs(x).max():.3g}, |w| up to {np.abs(w).max():.3g}, |c| = {abs(c):.3g})")
        return y, parts

    def best_weights(self, target, p):
        """Least-squares $(w, c)$ on the samples for hinges at ``p`` (4 finite numbers): the best output
        layer for these knots. ``target``: a ``TARGETS_1D`` name. Returns ``w`` (4,) and ``c`` (float)."""
        target = _target(target)
        p = np.array(self._four(p, "p", "HandHingeExplorer.best_weights"))
        X, y = training_data(target)
        with np.errstate(over="ignore", invalid="ignore"):
            A = np.column_stack([np.maximum(X[:, 0:1] - p[None, :], 0.0), np.ones(len(X))])
        if not all_finite(A):
            raise InputError(f"HandHingeExplorer.best_weights: p = {p.tolist()!r} is too large: the hinges overflow")
        coef, *_ = np.linalg.lstsq(A, y[:, 0], rcond=None)
        return coef[:-1], float(coef[-1])

    def update(self, target, c, p1, p2, p3, p4, w1, w2, w3, w4, show_best):
        """Draw the four hinges at ``p1..p4`` with weights ``w1..w4`` and offset ``c`` against ``target``."""
        values = self.checked(target=target, c=c, p1=p1, p2=p2, p3=p3, p4=p4, w1=w1, w2=w2, w3=w3, w4=w4,
                              show_best=show_best)
        target, c = values["target"], values["c"]
        p = [values[f"p{j}"] for j in range(1, self.UNITS + 1)]
        w = [values[f"w{j}"] for j in range(1, self.UNITS + 1)]
        X, y = training_data(target)
        f = TARGETS_1D[target]
        y_hat, parts = self.hinge_values(X_GRID, c, p, w)
        mse = float(np.mean((self.hinge_values(X[:, 0], c, p, w)[0] - y[:, 0]) ** 2))
        self.units.set_segments(_contribution_segments(X_GRID, parts))
        self.samples.set_offsets(np.column_stack([X[:, 0], y[:, 0]]))
        self.target_line.set_ydata(f(X_GRID))
        self.fit_line.set_ydata(y_hat)
        self.knot_marks.set_offsets(np.column_stack([p, self.hinge_values(np.asarray(p), c, p, w)[0]]))
        w_best, c_best = self.best_weights(target, p)
        best_mse = float(np.mean((self.hinge_values(X[:, 0], c_best, p, w_best)[0] - y[:, 0]) ** 2))
        self.best_line.set_ydata(self.hinge_values(X_GRID, c_best, p, w_best)[0])
        self.best_line.set_visible(values["show_best"])
        best = f"; best w, c for these pⱼ: {best_mse:.3f}" if values["show_best"] else ""
        self.ax.set_title(f"{target}: MSE {mse:.3f} (construction, 4 equally spaced hinges: "
                          f"{self._construction[target]:.3f}){best}", fontsize=9)


EXPLORERS = [HingeExplorer, TrainedExplorer, DepthExplorer, HandHingeExplorer]
