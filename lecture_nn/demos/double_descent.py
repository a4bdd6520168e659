r"""Notebook 07, slides "NN generalization" and "Deep Double Descent": test error against model size.

Classical ML theory expects a U: test error falls while the model learns the signal, then rises
as it starts fitting the noise. Networks with far more parameters than training points
generalise well anyway. Past the U there is a second descent: the test error peaks at the
interpolation threshold, where the model has just enough capacity to fit every training point
(parameters $\approx N$), and falls again beyond it (Belkin et al. 2019, arXiv 1812.11118;
Nakkiran et al. 2019, arXiv 1912.02292). The pictures here show it

* with random ReLU features (``lecture_nn.double_descent``: a fixed random first layer of width
  $p$, the output layer fitted in closed form), against $p/N$;
* in plain linear regression, with the number of features used as capacity (arXiv 2109.02355);
* in a real MLP $\hat y = w^T g(W x)$ trained with Adam, against the hidden width $d'$: a small
  precomputed curve, stored in ``data/mlp_double_descent.npz`` and made by
  ``python -m lecture_nn.demos.double_descent`` (see :func:`main`).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import tempfile
import time
import zipfile

import ipywidgets as widgets
import numpy as np

from .. import double_descent as dd
from .. import plotting
from .._checks import describe, array, int_list, integer, number, seed as check_seed
from ..errors import InputError
from ..layers import mlp
from ..losses import MSELoss
from ..optim import Adam
from ..training import TrainingDiverged, evaluate, fit
from .base import Explorer, control

__all__ = ["rf_curves", "classical_vs_double_descent_figure", "RandomFeaturesExplorer", "linear_regression_figure",
           "MLP_SETTINGS", "train_mlp", "mlp_width_sweep", "save_mlp_curve", "load_mlp_curve", "mlp_figure", "main",
           "EXPLORERS"]

TEST_COLOR = plotting.OKABE_ITO["vermillion"]
TRAIN_COLOR = plotting.OKABE_ITO["blue"]
THRESHOLD_COLOR = plotting.OKABE_ITO["black"]
#: train errors below this are drawn on the bottom edge of the log axes (they are ~1e-25: zero)
FLOOR = 1e-3
TRAIN_LABEL = "train MSE (below 10⁻³: drawn at 10⁻³)"
D = 10  # input dimension of the random-features teacher

# the largest experiments these pictures run (each stays within a few seconds)
MAX_N = 1000  # training points of the random-features curves
MAX_RATIO_LIMIT = 10.0  # p/N
MAX_WIDTHS = 200  # widths per curve
MAX_TEST = 5000  # test points
MAX_SEEDS = 20  # curves per picture
MAX_NOISE = 100.0  # label noise sigma


def _seeds(seeds, who: str, most: int = MAX_SEEDS) -> list[int]:
    """A non-empty list of seeds (ints >= 0), at most ``most`` of them."""
    seeds = int_list(seeds, f"{who}: seeds", low=0)
    if len(seeds) > most:
        raise InputError(f"{who}: seeds must hold at most {most} seeds (one curve each), got {len(seeds)}")
    return seeds


def _noise(noise, who: str) -> float:
    return number(noise, f"{who}: noise (label noise σ)", 0, MAX_NOISE)


def rf_curves(n=200, noise=0.25, ridge=0.0, seeds=range(5), max_ratio=3.0, n_widths=50, n_test=1000):
    """``dd.random_features_curve`` for several seeds (each: new data, new random features).

    ``n`` in 1..1000, ``noise`` in [0, 100], ``ridge`` >= 0, ``max_ratio`` in (0, 10], ``n_widths``
    in 1..200, ``n_test`` in 1..5000, ``seeds`` a list of 1 to 20 ints >= 0.
    Returns a dict with ``ratios`` $p/N$ (widths,), ``train`` and ``test`` (seeds, widths).
    """
    who = "rf_curves"
    n = integer(n, f"{who}: n (training points)", 1, MAX_N)
    noise = _noise(noise, who)
    ridge = number(ridge, f"{who}: ridge", low=0)
    seeds = _seeds(seeds, who)
    max_ratio = number(max_ratio, f"{who}: max_ratio", 0, MAX_RATIO_LIMIT, low_open=True)
    n_widths = integer(n_widths, f"{who}: n_widths", 1, MAX_WIDTHS)
    n_test = integer(n_test, f"{who}: n_test", 1, MAX_TEST)
    if round(max_ratio * n) < 1:
        raise InputError(f"{who}: max_ratio * n = {max_ratio:g} * {n} rounds to 0 features; "
                         "max_ratio must give at least p = 1")
    curves = [dd.random_features_curve(n=n, d=D, noise=noise, ridge=ridge, max_ratio=max_ratio,
                                       n_widths=n_widths, seed=seed, n_test=n_test) for seed in seeds]
    return {"ratios": curves[0]["ratios"], "widths": curves[0]["widths"],
            "train": np.array([c["train"] for c in curves]), "test": np.array([c["test"] for c in curves])}


def _threshold_line(ax, x=1.0, label="interpolation threshold p = N"):
    return ax.axvline(x, color=THRESHOLD_COLOR, ls="--", lw=1.2, label=label)


def classical_vs_double_descent_figure(n=200, noise=0.25, seeds=range(5)):
    r"""Left: the classical U (the under-parameterized part, $p < N$). Right: the whole curve to $p = 3N$.

    Random ReLU features fitted by least squares / minimum norm; thin lines are single seeds,
    the thick line their median (the mean is dominated by the one worst seed at the peak).
    ``n`` in 2..1000 (the left panel needs a model with p < N).
    """
    n = integer(n, "classical_vs_double_descent_figure: n (training points)", 2, MAX_N)
    c = rf_curves(n=n, noise=noise, seeds=seeds)
    r, test, train = c["ratios"], np.median(c["test"], axis=0), np.median(c["train"], axis=0)
    fig, (left, right) = plotting.new_figure(1, 2, figsize=(11.5, 4.2))

    under = r < 0.95
    left.plot(r[under], test[under], color=TEST_COLOR, lw=2.2, label="test MSE")
    left.plot(r[under], train[under], color=TRAIN_COLOR, lw=2.2, label="train MSE")
    best = np.argmin(np.where(under, test, np.inf))
    left.plot(r[best], test[best], "o", color=TEST_COLOR, ms=8)
    top = 1.6 * test[under].max()
    left.annotate("sweet spot", (r[best], test[best]), (r[best] + 0.05, 0.55 * top),
                  arrowprops=dict(arrowstyle="->"), ha="left")
    left.text(0.02, 0.93 * top, "underfitting", ha="left", va="top")
    left.text(0.9, 0.93 * top, "overfitting:\nthe noise is learned", ha="right", va="top")
    left.set_xlim(0, 0.95)
    left.set_ylim(0, top)
    left.set_xlabel("model size p/N (features per training point)")
    left.set_ylabel("mean squared error")
    left.set_title("what classical theory expects (p < N): a U")
    left.legend(loc="center right")

    for k in range(len(c["test"])):
        right.plot(r, c["test"][k], color=TEST_COLOR, lw=0.7, alpha=0.35)
    right.plot(r, test, color=TEST_COLOR, lw=2.2, label=f"test MSE (median of {len(c['test'])} seeds)")
    right.plot(r, np.maximum(train, FLOOR), color=TRAIN_COLOR, lw=2.2, label=TRAIN_LABEL)
    _threshold_line(right)
    right.axvspan(0, 1, color="0.5", alpha=0.07, lw=0)
    plotting.plain_log_axis(right.yaxis, numticks=None)  # 10⁻³ as plain text: no mathtext per redraw
    right.set_ylim(FLOOR / 1.5, 3 * c["test"].max())
    right.set_xlim(0, r[-1])
    right.text(0.5, 1.5 * FLOOR, "under-parameterized", ha="center")
    right.text(2.0, 1.5 * FLOOR, "over-parameterized", ha="center")
    right.set_xlabel("model size p/N")
    right.set_ylabel("mean squared error (log scale)")
    right.set_title("what happens: double descent")
    right.legend(loc="upper right", fontsize=8.5)
    fig.suptitle(f"Random ReLU features, N = {n} training points, label noise σ = {noise}")
    return fig


# --- explorer: noise, ridge, N -----------------------------------------------------------------

N_RANGE = (60, 300, 20)  # the N slider: min, max, step
P_FIXED = 120  # the model of the sample-wise panel
MAX_RATIO = 3.0
N_WIDTHS = 40
N_MIN_CURVE = 40  # the smallest N whose curve (p up to 3N) still holds the p = 120 model


def _read_only(*arrays):
    for a in arrays:
        a.setflags(write=False)
    return arrays


def _alive_features(X, p, seed):
    r"""$p$ random ReLU features of ``dd.RandomReLUFeatures``, keeping only units that are not 0 on all of ``X``.

    A unit that outputs 0 on every training point gets weight 0 in the least-squares and ridge
    fits anyway, but it makes $\Phi^T\Phi$ exactly singular and the solver fall back to a slow
    ``lstsq``. Units alive on ``X`` stay alive on any larger training set.
    """
    features = dd.RandomReLUFeatures(X.shape[1], int(1.25 * p) + 20, rng=seed)
    alive = np.flatnonzero((features.transform(X) > 0).any(axis=0))[:p]
    if len(alive) < p:
        raise RuntimeError(f"only {len(alive)} of the random units are alive on the training points, need {p}")
    return lambda Z: features.transform(Z)[:, alive]


class RandomFeaturesExplorer(Explorer):
    r"""Label noise, ridge $\lambda$ and the number of training points $N$ against the double-descent peak.

    Left: train and test error against $p/N$. Right: the test error of one fixed model
    ($p = 120$ features) against $N$: near $N = p$ more data makes it worse.
    The ``ridge`` checkbox off means $\lambda = 0$ (least squares / minimum norm).
    Arguments as the controls hold them: ``noise`` in [0, 1], ``lam`` in [1e-5, 1], ``n`` one of
    60, 80, ..., 300; ``seed`` an int >= 0 (the data and the features), ``n_test`` in 1..5000.
    """

    def __init__(self, noise=0.5, ridge=False, lam=1e-2, n=200, seed=0, n_test=500):
        n_min, n_max, n_step = N_RANGE
        self.n_grid = np.arange(n_min, n_max + 1, n_step)
        # the controls first: a value they cannot hold is refused before any computing
        controls = {
            "noise": control(widgets.FloatSlider, "noise", noise, min=0.0, max=1.0, step=0.05,
                             description="label noise σ", style={"description_width": "initial"}),
            "ridge": control(widgets.Checkbox, "ridge", ridge, description="ridge (off: λ = 0)"),
            "lam": control(widgets.FloatLogSlider, "lam", lam, base=10, min=-5, max=0, step=0.25, description="λ",
                           readout_format=".0e"),
            "n": control(widgets.IntSlider, "n", self._on_grid(n), min=n_min, max=n_max, step=n_step,
                         description="N samples"),
        }
        seed = check_seed(seed, "RandomFeaturesExplorer: seed")
        n_test = integer(n_test, "RandomFeaturesExplorer: n_test (test points)", 1, MAX_TEST)
        # one pool of training points; N = n uses its first n rows, so data is nested in N.
        # The same seed draws the same x and epsilon for every noise level: y = teacher(x) + noise * epsilon
        X, self.y_clean, X_test, self.y_test = dd.teacher_data(n_max, D, 0.0, rng=seed, n_test=n_test)
        self.epsilon = dd.teacher_data(n_max, D, 1.0, rng=seed, n_test=n_test)[1] - self.y_clean
        features = _alive_features(X[:n_min], int(MAX_RATIO * n_max), seed + 1)
        self.Phi, self.Phi_test = features(X), features(X_test)  # (N_max, p_max), (n_test, p_max)
        self._curves, self._samplewise = {}, {}

        fig, (self.ax, self.ax_n) = plotting.new_figure(1, 2, figsize=(11.5, 4.3))
        ax, ax_n = self.ax, self.ax_n
        (self.test_line,) = ax.plot([], [], color=TEST_COLOR, lw=2, label="test MSE")
        (self.train_line,) = ax.plot([], [], color=TRAIN_COLOR, lw=2, label=TRAIN_LABEL)
        (self.fixed_dot,) = ax.plot([], [], "o", color=THRESHOLD_COLOR, ms=7, label=f"the model with p = {P_FIXED}")
        _threshold_line(ax)
        plotting.plain_log_axis(ax.yaxis, numticks=None)  # 10⁻³ as plain text: no mathtext per redraw
        ax.set_xlim(0, MAX_RATIO)
        ax.set_ylim(FLOOR / 1.5, 1e4)
        ax.set_xlabel("model size p/N")
        ax.set_ylabel("mean squared error (log scale)")
        ax.legend(loc="upper right", fontsize=8.5)

        (self.n_line,) = ax_n.plot(self.n_grid, np.ones(len(self.n_grid)), color=TEST_COLOR, lw=2, marker=".",
                                   label="test MSE")
        (self.n_dot,) = ax_n.plot([], [], "o", color=THRESHOLD_COLOR, ms=7, label="current N")
        ax_n.axvline(P_FIXED, color=THRESHOLD_COLOR, ls="--", lw=1.2, label=f"N = p = {P_FIXED}")
        plotting.plain_log_axis(ax_n.yaxis, numticks=None)  # 10⁻³ as plain text: no mathtext per redraw
        ax_n.set_xlim(n_min - 10, n_max + 10)
        ax_n.set_ylim(3e-2, 1e4)
        ax_n.set_xlabel("number of training points N")
        ax_n.set_ylabel("test MSE (log scale)")
        ax_n.set_title(f"one model, p = {P_FIXED} features, more and more data")
        ax_n.legend(loc="upper right", fontsize=8.5)
        super().__init__(fig, controls, title="Double descent: label noise, ridge λ, number of samples N")

    def _on_grid(self, n):
        """``n`` if it is one of the N slider's steps (the sample-wise panel is computed for those only)."""
        n = integer(n, "n (training points N)", int(self.n_grid[0]), int(self.n_grid[-1]))
        if n not in self.n_grid:
            below = int(self.n_grid[self.n_grid < n][-1])
            above = int(self.n_grid[self.n_grid > n][0])
            closer = below if n - below < above - n else above
            nearest = f"{below} or {above}" if n - below == above - n else str(closer)
            raise InputError(f"n must be one of the N slider's steps {self.n_grid[0]}, {self.n_grid[1]}, ..., "
                             f"{self.n_grid[-1]} (every {self.n_grid[1] - self.n_grid[0]}), got {n}; "
                             f"nearest: {nearest}")
        return n

    def _targets(self, noise):
        return self.y_clean + noise * self.epsilon

    def curve(self, noise, lam, n):
        """Train and test MSE against $p/N$ for one setting (cached, read-only): ``ratios, train, test``.

        ``noise`` in [0, 100], ``lam`` >= 0 (0: minimum norm), ``n`` in 40..300 training points.
        """
        who = "RandomFeaturesExplorer.curve"
        noise, lam = _noise(noise, who), number(lam, f"{who}: lam (ridge λ)", low=0)
        n = integer(n, f"{who}: n (training points N)", N_MIN_CURVE, int(self.n_grid[-1]))
        key = (round(noise, 6), lam, n)
        if key not in self._curves:
            p_max = int(MAX_RATIO * n)
            widths = np.round(np.linspace(1, p_max, N_WIDTHS)).astype(int)
            widths = np.unique(np.concatenate([widths, [n, P_FIXED]]))
            train, test = dd.sweep(self.Phi[:n, :p_max], self._targets(noise)[:n], self.Phi_test[:, :p_max],
                                   self.y_test, widths, lam)
            self._curves[key] = _read_only(widths / n, train, test)
        return self._curves[key]

    def samplewise(self, noise, lam):
        """Test MSE of the model with ``P_FIXED`` features for every N of the slider (cached, read-only).

        ``noise`` in [0, 100], ``lam`` >= 0 (0: minimum norm).
        """
        who = "RandomFeaturesExplorer.samplewise"
        noise, lam = _noise(noise, who), number(lam, f"{who}: lam (ridge λ)", low=0)
        key = (round(noise, 6), lam)
        if key not in self._samplewise:
            y = self._targets(noise)
            Phi, Phi_test = self.Phi[:, :P_FIXED], self.Phi_test[:, :P_FIXED]
            errors = []
            for n in self.n_grid:
                a = dd.fit_min_norm(Phi[:n], y[:n], lam)
                errors.append(np.mean((Phi_test @ a - self.y_test) ** 2))
            (self._samplewise[key],) = _read_only(np.array(errors))
        return self._samplewise[key]

    def update(self, noise, ridge, lam, n):
        # values as the controls hold them (update may also be called from code)
        noise, ridge, lam = self.checked(noise=noise, ridge=ridge, lam=lam).values()
        n = self._on_grid(n)  # the slider may hold a value between its steps when set from code
        lam = lam if ridge else 0.0
        ratios, train, test = self.curve(noise, lam, n)
        self.test_line.set_data(ratios, test)
        self.train_line.set_data(ratios, np.maximum(train, FLOOR))
        k = np.flatnonzero(ratios == P_FIXED / n)[0]
        self.fixed_dot.set_data([ratios[k]], [test[k]])
        errors = self.samplewise(noise, lam)
        self.n_line.set_ydata(errors)
        i = int(np.flatnonzero(self.n_grid == n)[0])
        self.n_dot.set_data([n], [errors[i]])
        # plain text, no $...$: mathtext is parsed again for every PNG (~10 ms a string)
        lam_text = f"ridge λ = {lam:.0e}" if lam > 0 else "λ = 0 (minimum norm)"
        self.ax.set_title(f"N = {n}, noise σ = {noise:.2f}, {lam_text}: peak test MSE {test.max():.3g}")


# --- plain linear regression -------------------------------------------------------------------

MAX_LINEAR_N, MAX_LINEAR_D = 300, 1000  # D fits of up to N x N: a few seconds per seed at most


def linear_regression_figure(n=100, D=300, noise=0.5, seeds=range(5)):
    r"""Least squares / minimum norm on the first $p$ of $D$ features of $y = x^T\beta + \varepsilon$.

    ``dd.linear_regression_curve`` per seed; thin lines single seeds, thick the median.
    ``n`` in 1..300, ``D`` in 1..1000 (one least-squares fit per p = 1..D), ``noise`` in [0, 100].
    """
    who = "linear_regression_figure"
    n = integer(n, f"{who}: n (training points)", 1, MAX_LINEAR_N)
    D = integer(D, f"{who}: D (features)", 1, MAX_LINEAR_D)
    noise = _noise(noise, who)
    seeds = _seeds(seeds, who)
    curves = [dd.linear_regression_curve(n=n, D=D, noise=noise, seed=seed, n_test=1000) for seed in seeds]
    p = curves[0]["widths"]
    test = np.array([c["test"] for c in curves])
    train = np.median([c["train"] for c in curves], axis=0)
    fig, ax = plotting.new_figure(figsize=(6.8, 4.2))
    for k in range(len(test)):
        ax.plot(p, test[k], color=TEST_COLOR, lw=0.7, alpha=0.35)
    ax.plot(p, np.median(test, axis=0), color=TEST_COLOR, lw=2.2, label=f"test MSE (median of {len(test)} seeds)")
    ax.plot(p, np.maximum(train, FLOOR), color=TRAIN_COLOR, lw=2.2, label=TRAIN_LABEL)
    _threshold_line(ax, n, label=f"p = N = {n}")
    plotting.plain_log_axis(ax.yaxis, numticks=None)  # 10⁻³ as plain text: no mathtext per redraw
    ax.set_ylim(FLOOR / 1.5, 3 * test.max())
    ax.set_xlim(0, D)
    ax.set_xlabel(f"features used p (of D = {D})")
    ax.set_ylabel("mean squared error (log scale)")
    ax.set_title(f"Linear regression ŷ = wᵀx, N = {n}, noise σ = {noise}")
    ax.legend(loc="upper right", fontsize=8.5)
    return fig


# --- a real MLP, trained with Adam ----------------------------------------------------------------

#: how the stored MLP curve was made (also saved inside the .npz)
MLP_SETTINGS = dict(n=100, d=5, noise=0.5, steps=4000, lr=0.01, n_test=2000,
                    widths=(1, 2, 3, 4, 6, 8, 10, 12, 14, 16, 18, 20, 24, 28, 32, 40, 50, 64, 80, 100, 128, 160),
                    seeds=(0, 1, 2, 3, 4))
DATA_FILE = pathlib.Path(__file__).parent / "data" / "mlp_double_descent.npz"


#: the range of each setting of :func:`train_mlp` (each run stays within seconds)
MLP_LIMITS = dict(n=(1, 10_000), d=(1, 100), steps=(1, 100_000), n_test=(1, 100_000))
MAX_MLP_WIDTH = 1000
_SCALARS = ("n", "d", "noise", "steps", "lr", "n_test")  # the settings stored with a curve


def _mlp_settings(who: str, **settings) -> dict:
    """The settings of :func:`train_mlp` (n, d, noise, steps, lr, n_test), checked."""
    checked = {}
    for key, value in settings.items():
        if key not in _SCALARS:
            raise InputError(f"{who}: settings: unknown setting {key!r}; expected some of "
                             f"{', '.join(map(repr, _SCALARS))}")
        if key == "noise":
            checked[key] = _noise(value, who)
        elif key == "lr":
            checked[key] = number(value, f"{who}: lr (Adam's learning rate)", 0, 1, low_open=True)
        else:
            checked[key] = integer(value, f"{who}: {key}", *MLP_LIMITS[key])
    return checked


def train_mlp(width, seed=0, n=100, d=5, noise=0.5, steps=4000, lr=0.01, n_test=2000):
    r"""Train $\hat y = w^T g(W x) + b$ with $d'$ = ``width`` ReLU units on the teacher data: (train, test) MSE.

    ``dd.teacher_data(n, d, noise, rng=seed)``: $N = n$ noisy training points, clean test labels.
    Full-batch Adam for ``steps`` steps, the learning rate divided by 10 for the last quarter
    (so the wide nets settle at train error $\approx 0$). Initialisation seed ``1000 + seed``.
    ``width`` in 1..1000, ``n`` in 1..10000, ``d`` in 1..100, ``steps`` and ``n_test`` in
    1..100000, ``noise`` in [0, 100], ``lr`` in (0, 1].
    """
    who = "train_mlp"
    width = integer(width, f"{who}: width (hidden units d')", 1, MAX_MLP_WIDTH)
    seed = check_seed(seed, f"{who}: seed")
    settings = _mlp_settings(who, n=n, d=d, noise=noise, steps=steps, lr=lr, n_test=n_test)
    n, d, noise, steps, lr, n_test = (settings[k] for k in _SCALARS)
    X, y, X_test, y_test = dd.teacher_data(n, d, noise, rng=seed, n_test=n_test)
    model = mlp([d, width, 1], activation="relu", rng=1000 + seed)
    loss_fn = MSELoss()
    optimizer = Adam(model.parameters(), lr=lr)

    def lower_lr(epoch, history):
        if epoch == (3 * steps) // 4:
            optimizer.lr = lr / 10

    try:
        fit(model, loss_fn, optimizer, X, y[:, None], epochs=steps, callback=lower_lr)
    except TrainingDiverged as error:
        raise InputError(f"{who}: the training diverged with lr = {lr:g} (noise = {noise:g}): {error}; "
                         "use a smaller lr") from None
    return evaluate(model, loss_fn, X, y[:, None]), evaluate(model, loss_fn, X_test, y_test[:, None])


def mlp_width_sweep(widths, seeds, **settings):
    """``train_mlp`` for every width and seed: a dict with ``widths``, ``seeds``, ``train``, ``test`` (seeds, widths).

    ``settings``: any of ``n, d, noise, steps, lr, n_test`` of :func:`train_mlp`; all of them are
    checked before the first run.
    """
    who = "mlp_width_sweep"
    widths = int_list(widths, f"{who}: widths", low=1)
    for i, width in enumerate(widths):
        integer(width, f"{who}: widths[{i}]", 1, MAX_MLP_WIDTH)
    seeds = _seeds(seeds, who, most=100)
    settings = _mlp_settings(who, **settings)
    train = np.zeros((len(seeds), len(widths)))
    test = np.zeros_like(train)
    for i, seed in enumerate(seeds):
        for k, width in enumerate(widths):
            train[i, k], test[i, k] = train_mlp(width, seed, **settings)
    return {"widths": np.array(widths), "seeds": np.array(seeds), "train": train, "test": test}


def _npz_path(path, who: str) -> pathlib.Path:
    """``path`` (a str or path object) of a .npz file."""
    if isinstance(path, bytes) or not isinstance(path, (str, os.PathLike)):
        raise InputError(f"{who}: path must be a file name such as 'curve.npz' (a str or pathlib.Path), "
                         f"got {describe(path)}")
    text = os.fspath(path)
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{who}: path must be a file name such as 'curve.npz', got {path!r}")
    path = pathlib.Path(text)
    if path.suffix != ".npz":
        raise InputError(f"{who}: path must name a .npz file (numpy would add '.npz' to {text!r}), got {text!r}")
    return path


def _check_curve(curve, who: str, name: str = "curve", settings: bool = False) -> dict:
    """A width sweep: ``widths`` (W,) ints >= 1, ``seeds`` (S,) ints >= 0, ``train``, ``test`` (S, W)
    finite errors >= 0; with ``settings``, also the scalars n, d, noise, steps, lr, n_test.

    ``who`` starts every message (empty: no prefix).
    """
    prefix = f"{who}: " if who else ""
    if not isinstance(curve, dict):
        raise InputError(f"{prefix}{name} must be a dict with widths, seeds, train and test (as mlp_width_sweep "
                         f"returns), got {describe(curve)}")
    keys = ("widths", "seeds", "train", "test") + (_SCALARS if settings else ())
    missing = [k for k in keys if k not in curve]
    if missing:
        raise InputError(f"{prefix}{name} lacks {', '.join(map(repr, missing))}; it must hold "
                         f"{', '.join(map(repr, keys))}")
    checked = {}
    for key, low in (("widths", 1), ("seeds", 0)):
        values = array(curve[key], f"{name}[{key!r}]", ndim=1, who=who)
        if not np.all(values == np.round(values)) or np.any(values < low):
            raise InputError(f"{prefix}{name}[{key!r}] must hold integers >= {low}, got {values.tolist()[:6]}")
        checked[key] = values.astype(int)
    shape = (len(checked["seeds"]), len(checked["widths"]))
    for key in ("train", "test"):
        values = array(curve[key], f"{name}[{key!r}]", shape=shape, who=who)
        if np.any(values < 0):
            raise InputError(f"{prefix}{name}[{key!r}] must hold mean squared errors >= 0, got {values.min():g}")
        checked[key] = values
    if settings:
        scalars = {}
        for key in _SCALARS:
            value = curve[key]
            if isinstance(value, np.ndarray) and value.ndim == 0:
                value = value[()]
            if isinstance(value, np.generic):
                value = value.item()
            scalars[key] = value
        checked.update(_mlp_settings(f"{prefix}{name}", **scalars))
    return checked


def save_mlp_curve(curve, settings, path=DATA_FILE):
    """Write a width sweep and the scalar settings that made it (n, d, noise, steps, lr, n_test) to ``path``.

    ``settings`` may also hold ``widths`` and ``seeds`` (as ``MLP_SETTINGS`` does); they must then be
    those of the curve. Everything is checked first, and the file is replaced only once it is
    complete (written to a temporary file next to it, then renamed).
    """
    who = "save_mlp_curve"
    checked = _check_curve(curve, who)
    if not isinstance(settings, dict):
        raise InputError(f"{who}: settings must be a dict of n, d, noise, steps, lr, n_test (as MLP_SETTINGS), "
                         f"got {describe(settings)}")
    scalars = {k: v for k, v in settings.items() if k not in ("widths", "seeds")}
    missing = [k for k in _SCALARS if k not in scalars]
    if missing:
        raise InputError(f"{who}: settings lacks {', '.join(map(repr, missing))}; it must hold "
                         f"{', '.join(map(repr, _SCALARS))}")
    scalars = _mlp_settings(f"{who}: settings", **scalars)
    for key in ("widths", "seeds"):
        if key in settings and list(np.ravel(settings[key])) != checked[key].tolist():
            raise InputError(f"{who}: settings[{key!r}] = {settings[key]!r} are not the curve's "
                             f"{key} {checked[key].tolist()}")
    path = _npz_path(path, who)
    if path.is_dir():
        raise InputError(f"{who}: path {str(path)!r} is a folder, not a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(suffix=".npz", prefix=f".{path.stem}.", dir=path.parent)
    except OSError as error:
        raise InputError(f"{who}: cannot write to path {str(path)!r}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as file:
            np.savez(file, **checked, **{k: np.array(v) for k, v in scalars.items()})
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def load_mlp_curve(path=DATA_FILE):
    """The stored width sweep: ``widths``, ``seeds``, ``train``, ``test`` (seeds, widths) and its settings."""
    who = "load_mlp_curve"
    path = _npz_path(path, who)
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "does not exist"
        raise InputError(f"{who}: path {str(path)!r} {what}; expected a .npz file written by save_mlp_curve")
    not_ours = f"{who}: path {str(path)!r} is not a file written by save_mlp_curve"
    try:
        with np.load(path, allow_pickle=False) as data:
            curve = {k: data[k] for k in data.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, AttributeError, TypeError) as error:
        raise InputError(f"{not_ours} ({type(error).__name__}: {error})") from None
    try:
        checked = _check_curve(curve, "", "the file", settings=True)
    except InputError as error:
        raise InputError(f"{not_ours} ({error})") from None
    return checked


def _sorted_curve(c):
    """The curve's columns in increasing width (a log axis draws them left to right)."""
    order = np.argsort(c["widths"], kind="stable")
    return c["widths"][order], c["test"][:, order], c["train"][:, order]


def mlp_figure(curve=None):
    r"""Test and train error of the MLP against the hidden width $d'$ (the stored curve unless given).

    The dashed line is where the net has as many parameters as training points,
    $(d + 2) d' + 1 = N$.
    """
    who = "mlp_figure"
    c = load_mlp_curve() if curve is None else _check_curve(curve, who, settings=True)
    if np.any(c["test"] <= 0):
        raise InputError(f"{who}: curve['test'] must hold test errors > 0 (a log axis), got {c['test'].min():g}")
    widths, test, train = _sorted_curve(c)
    train = np.median(train, axis=0)
    fig, ax = plotting.new_figure(figsize=(6.8, 4.2))
    for k in range(len(test)):
        ax.plot(widths, test[k], color=TEST_COLOR, lw=0.7, alpha=0.35)
    ax.plot(widths, np.median(test, axis=0), color=TEST_COLOR, lw=2.2, marker=".",
            label=f"test MSE (median of {len(test)} seeds)")
    ax.plot(widths, np.maximum(train, FLOOR), color=TRAIN_COLOR, lw=2.2, marker=".", label=TRAIN_LABEL)
    n, d = c["n"], c["d"]
    _threshold_line(ax, (n - 1) / (d + 2), label=f"parameters (d+2)d'+1 = N = {n}")
    ax.set_xscale("log")
    ticks = [w for w in (1, 2, 5, 10, 20, 50, 100, 200) if w <= widths[-1]]
    ax.set_xticks(ticks, [str(w) for w in ticks])
    plotting.plain_log_axis(ax.yaxis, numticks=None)  # 10⁻³ as plain text: no mathtext per redraw
    ax.set_ylim(FLOOR / 1.5, 3 * test.max())
    ax.set_xlabel("hidden units d' (log scale)")
    ax.set_ylabel("mean squared error (log scale)")
    ax.set_title(f"MLP [{d}, d', 1], ReLU, Adam {c['steps']} steps; N = {n}, noise σ = {c['noise']}")
    ax.legend(loc="lower left", fontsize=8.5)
    return fig


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are ours (``main`` is also called from Python, not only a shell)."""

    def error(self, message):
        raise InputError(f"main: argv: {message}; main(['--help']) lists the options")


def _out_path(text):
    path = pathlib.Path(text)
    if path.suffix != ".npz":
        raise argparse.ArgumentTypeError(f"must name a .npz file, got {text!r}")
    return path


def main(argv=None):
    """Recompute the stored MLP curve: ``python -m lecture_nn.demos.double_descent [--out PATH]``.

    ``argv``: the command line's arguments as a list of strings (None: ``sys.argv``). ``--widths``,
    ``--seeds`` and ``--steps`` replace those of ``MLP_SETTINGS`` (a quick trial run writes a
    smaller curve; give it its own ``--out``).
    """
    if argv is not None and (isinstance(argv, (str, bytes)) or not isinstance(argv, (list, tuple))
                             or not all(isinstance(a, str) for a in argv)):
        raise InputError(f"main: argv must be a list of strings such as ['--out', 'curve.npz'], got {describe(argv)}")
    parser = _Parser(prog="python -m lecture_nn.demos.double_descent",
                     description="Recompute data/mlp_double_descent.npz (MLP width sweep)")
    parser.add_argument("--out", type=_out_path, default=DATA_FILE, help="the .npz file to write")
    parser.add_argument("--widths", type=int, nargs="+", default=list(MLP_SETTINGS["widths"]),
                        help="hidden widths d'")
    parser.add_argument("--seeds", type=int, nargs="+", default=list(MLP_SETTINGS["seeds"]))
    parser.add_argument("--steps", type=int, default=MLP_SETTINGS["steps"], help="Adam steps per run")
    try:
        args = parser.parse_args(None if argv is None else list(argv))
    except SystemExit as stop:  # --help: the text is printed, nothing to compute
        if stop.code in (0, None):
            return None
        raise
    settings = {k: MLP_SETTINGS[k] for k in _SCALARS}
    try:  # checked before the first run, in the words of the command line
        for i, width in enumerate(args.widths):
            integer(width, f"--widths[{i}]", 1, MAX_MLP_WIDTH)
        _seeds(args.seeds, "--seeds", most=100)
        settings["steps"] = integer(args.steps, "--steps", *MLP_LIMITS["steps"])
    except InputError as error:
        raise InputError(f"main: argv: {error}") from None
    start = time.perf_counter()
    curve = mlp_width_sweep(args.widths, args.seeds, **settings)
    save_mlp_curve(curve, dict(settings, widths=args.widths, seeds=args.seeds), args.out)
    print(f"{len(curve['seeds'])} seeds x {len(curve['widths'])} widths in {time.perf_counter() - start:.1f} s "
          f"-> {args.out}")
    for width, te, tr in zip(curve["widths"], np.median(curve["test"], 0), np.median(curve["train"], 0)):
        print(f"d' = {width:4d}: test MSE {te:.3f}, train MSE {tr:.2e}")


EXPLORERS = [RandomFeaturesExplorer]

if __name__ == "__main__":
    main()
