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

__all__ = ["rf_curves", "classical_vs_double_descent_figure", "RandomFeaturesExplorer", "spectrum_sweep",
           "singular_values_figure", "bias_variance", "BIAS_VARIANCE_SETTINGS", "bias_variance_sweep",
           "save_bias_variance", "load_bias_variance", "bias_variance_figure", "gd_errors", "gd_curves",
           "epochwise_figure", "linear_regression_figure", "MLP_SETTINGS", "train_mlp", "mlp_width_sweep",
           "save_mlp_curve", "load_mlp_curve", "mlp_figure", "main", "EXPLORERS"]

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
        threshold = _threshold_line(ax)
        plotting.plain_log_axis(ax.yaxis, numticks=None)  # 10⁻³ as plain text: no mathtext per redraw
        ax.set_xlim(0, MAX_RATIO)
        ax.set_ylim(FLOOR / 1.5, 1e4)
        ax.set_xlabel("model size p/N")
        ax.set_ylabel("mean squared error (log scale)")
        legend = ax.legend(loc="upper right", fontsize=8.5)

        (self.n_line,) = ax_n.plot(self.n_grid, np.ones(len(self.n_grid)), color=TEST_COLOR, lw=2, marker=".",
                                   label="test MSE")
        (self.n_dot,) = ax_n.plot([], [], "o", color=THRESHOLD_COLOR, ms=7, label="current N")
        threshold_n = ax_n.axvline(P_FIXED, color=THRESHOLD_COLOR, ls="--", lw=1.2, label=f"N = p = {P_FIXED}")
        plotting.plain_log_axis(ax_n.yaxis, numticks=None)  # 10⁻³ as plain text: no mathtext per redraw
        ax_n.set_xlim(n_min - 10, n_max + 10)
        ax_n.set_ylim(3e-2, 1e4)
        ax_n.set_xlabel("number of training points N")
        ax_n.set_ylabel("test MSE (log scale)")
        ax_n.set_title(f"one model, p = {P_FIXED} features, more and more data")
        legend_n = ax_n.legend(loc="upper right", fontsize=8.5)
        # what update moves is drawn over a cached background (ticks and labels: most of the cost),
        # with what lies over it (the threshold lines, spines, legends)
        animated = [self.test_line, self.train_line, self.fixed_dot, threshold, *ax.spines.values(), ax.title,
                    legend, self.n_line, self.n_dot, threshold_n, *ax_n.spines.values(), legend_n]
        super().__init__(fig, controls, title="Double descent: label noise, ridge λ, number of samples N",
                         animated=animated)

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


# --- why the peak: the singular values of Phi ------------------------------------------------------

SPECTRUM_COLORS = (plotting.OKABE_ITO["green"], plotting.OKABE_ITO["black"], plotting.OKABE_ITO["purple"])
MAX_SPECTRUM_N = 500  # training points of the spectrum, bias-variance and gradient-descent pictures
MAX_SETS = 100  # training sets averaged over in bias_variance


def _rf_problem(n, noise, seed, p_max, n_test, n_sets=1):
    r"""The data and features of ``dd.random_features_curve`` (seed: the data, seed + 1: the features).

    ``n_sets`` training sets of ``n`` points drawn from one pool of the same teacher (the first is
    the one ``random_features_curve`` uses). Returns $\Phi$ (n_sets * n, p_max), y, $\Phi_{test}$, y_test.
    """
    X, y, X_test, y_test = dd.teacher_data(n * n_sets, D, noise, rng=seed, n_test=n_test)
    features = dd.RandomReLUFeatures(D, p_max, rng=seed + 1)
    return features.transform(X), y, features.transform(X_test), y_test


def _widths(n, max_ratio, n_widths):
    """``n_widths`` widths evenly spaced from 1 to ``max_ratio * n``, and the threshold p = n itself."""
    p_max = int(round(max_ratio * n))
    widths = np.unique(np.round(np.linspace(1, p_max, n_widths)).astype(int))
    return np.unique(np.append(widths, n)) if n <= p_max else widths


def _check_rf(who, n, noise, seed, max_ratio, n_widths, n_test):
    n = integer(n, f"{who}: n (training points N)", 2, MAX_SPECTRUM_N)
    noise = _noise(noise, who)
    seed = check_seed(seed, f"{who}: seed")
    max_ratio = number(max_ratio, f"{who}: max_ratio (the widest p/N)", 1, MAX_RATIO_LIMIT)
    n_widths = integer(n_widths, f"{who}: n_widths", 2, MAX_WIDTHS)
    n_test = integer(n_test, f"{who}: n_test (test points)", 1, MAX_TEST)
    return n, noise, seed, max_ratio, n_widths, n_test


def _gram_blocks(Phi, widths):
    r"""For each p of ``widths`` (increasing): the smaller Gram matrix of the first p columns, and which one.

    Yields ``(p, G, primal)``: $G = \Phi_p^T \Phi_p$ (p, p) when ``primal`` (p <= N), else
    $G = \Phi_p \Phi_p^T$ (N, N). One product for all widths, as ``dd.sweep`` does: the primal
    Gram of p columns is a block of the p = N one, the dual one grows by the new columns' outer
    products. The same non-zero eigenvalues either way: the squared singular values of $\Phi_p$.
    """
    n = Phi.shape[0]
    m = min(n, int(widths[-1]))
    primal = Phi[:, :m].T @ Phi[:, :m]
    dual, done = None, n
    for p in widths:
        if p <= n:
            yield p, primal[:p, :p], True
        else:
            if dual is None:
                dual = Phi[:, :n] @ Phi[:, :n].T
            dual = dual + Phi[:, done:p] @ Phi[:, done:p].T
            done = p
            yield p, dual, False


def _singular_values(G):
    """The singular values of a matrix from its Gram matrix ``G``, largest first (rounding's tiny negatives: 0)."""
    return np.sqrt(np.maximum(np.linalg.eigvalsh(G), 0.0))[::-1]


def _min_norm_weights(Phi, y, p, G, primal):
    """The minimum-norm least-squares w of the first p columns, from the Gram matrix of :func:`_gram_blocks`."""
    if primal:
        return _solve(G, Phi[:, :p].T @ y)
    return Phi[:, :p].T @ _solve(G, y)


def spectrum_sweep(n=200, noise=0.25, seed=0, max_ratio=3.0, n_widths=31, n_test=1000):
    r"""The singular values of $\Phi$ (N, p) and the minimum-norm fit, for widths p from 1 to ``max_ratio`` N.

    The data and features of :func:`rf_curves` for one ``seed``. With $\Phi = U S V^T$ the
    minimum-norm least-squares fit is $w = \sum_k \frac{u_k^T y}{s_k} v_k$ over the non-zero
    $s_k$, so $\|w\|^2 = \sum_k (u_k^T y)^2 / s_k^2$: the smallest $s_k$ sets the size of $w$.
    The $s_k$ are the square roots of the eigenvalues of the smaller of $\Phi^T\Phi$, $\Phi\Phi^T$.
    ``n`` in 2..500, ``noise`` in [0, 100], ``max_ratio`` in [1, 10], ``n_widths`` in 2..200,
    ``n_test`` in 1..5000. Returns a dict with ``widths``, ``ratios`` (p/N), ``s_min`` (the
    smallest of the min(N, p) singular values), ``s_max``, ``norm`` ($\|w\|$), ``test`` (MSE).
    """
    who = "spectrum_sweep"
    n, noise, seed, max_ratio, n_widths, n_test = _check_rf(who, n, noise, seed, max_ratio, n_widths, n_test)
    widths = _widths(n, max_ratio, n_widths)
    Phi, y, Phi_test, y_test = _rf_problem(n, noise, seed, int(widths[-1]), n_test)
    s_min, s_max, norm, test = [], [], [], []
    for p, G, primal in _gram_blocks(Phi, widths):
        s = _singular_values(G)
        w = _min_norm_weights(Phi, y, p, G, primal)
        s_min.append(s[-1])
        s_max.append(s[0])
        norm.append(np.linalg.norm(w))
        test.append(np.mean((Phi_test[:, :p] @ w - y_test) ** 2))
    return {"widths": widths, "ratios": widths / n, "s_min": np.array(s_min), "s_max": np.array(s_max),
            "norm": np.array(norm), "test": np.array(test)}


def singular_values_figure(n=200, noise=0.25, seed=0, ratios=(0.5, 1.0, 2.0)):
    r"""Left: all singular values $s_1 \ge s_2 \ge \dots$ of $\Phi$ (N, p) for p = ``ratios`` times N.
    Right: the smallest one and $\|w\|$ of the minimum-norm fit against p/N (log scales).

    The data and features of :func:`rf_curves` (one ``seed``). ``n`` in 2..500, ``noise`` in
    [0, 100], ``ratios``: one to three values p/N in (0, 3] (p = round(ratio * N) >= 1).
    """
    who = "singular_values_figure"
    n, noise, seed, *_ = _check_rf(who, n, noise, seed, 3.0, 31, 1000)
    if isinstance(ratios, (str, bytes)) or not isinstance(ratios, (list, tuple, np.ndarray, range)) \
            or not 1 <= len(ratios) <= len(SPECTRUM_COLORS):
        raise InputError(f"{who}: ratios must be a list of 1 to {len(SPECTRUM_COLORS)} values p/N such as "
                         f"(0.5, 1.0, 2.0), got {describe(ratios)}")
    ratios = [number(r, f"{who}: ratios[{i}] (p/N)", 0, 3.0, low_open=True) for i, r in enumerate(ratios)]
    widths = [int(round(r * n)) for r in ratios]
    if min(widths) < 1:
        raise InputError(f"{who}: ratios * n = {min(ratios):g} * {n} rounds to p = 0 features; each p must be >= 1")
    c = spectrum_sweep(n=n, noise=noise, seed=seed)
    Phi = _rf_problem(n, noise, seed, int(c["widths"][-1]), 1)[0]
    fig, (left, right) = plotting.new_figure(1, 2, figsize=(11.5, 4.2))
    for p, color in zip(widths, SPECTRUM_COLORS):
        s = _singular_values(Phi[:, :p].T @ Phi[:, :p] if p <= n else Phi[:, :p] @ Phi[:, :p].T)
        left.plot(np.arange(1, len(s) + 1), s, color=color, lw=2, label=f"p = {p} = {p / n:g} N: smallest {s[-1]:.1e}")
        left.plot([len(s)], [s[-1]], "o", color=color, ms=6)
    plotting.plain_log_axis(left.yaxis, numticks=None)
    left.set_xlabel("k (singular values in decreasing order; min(N, p) of them)")
    left.set_ylabel("singular value s_k of Φ (log scale)")
    left.set_title("the spectrum of Φ (N × p)")
    left.legend(loc="lower left", fontsize=8.5)

    r = c["ratios"]
    right.plot(r, c["s_min"], color=TRAIN_COLOR, lw=2, marker=".", label="smallest singular value of Φ")
    right.plot(r, c["norm"], color=TEST_COLOR, lw=2, marker=".", label="‖w‖ of the minimum-norm fit")
    _threshold_line(right)
    plotting.plain_log_axis(right.yaxis, numticks=None)
    right.set_xlim(0, r[-1])
    right.set_xlabel("model size p/N")
    right.set_ylabel("log scale")
    right.set_title("at p = N the smallest singular value nearly vanishes")
    right.legend(loc="upper right", fontsize=8.5)
    fig.suptitle(f"Random ReLU features, N = {n} training points, label noise σ = {noise}, seed {seed}")
    return fig


# --- bias and variance over draws of the training set -------------------------------------------------

BIAS_COLOR, VARIANCE_COLOR, NOISE_COLOR = (plotting.OKABE_ITO["blue"], plotting.OKABE_ITO["green"],
                                           plotting.OKABE_ITO["black"])


def _solve(A, rhs):
    try:
        return np.linalg.solve(A, rhs)
    except np.linalg.LinAlgError:  # exactly singular (rarely, at p = N): least squares
        return np.linalg.lstsq(A, rhs, rcond=None)[0]


def _min_norm_predictions(Phi, y, Phi_test, widths):
    r"""Test predictions $\Phi_{test} w_p$ (len(widths), n_test) of the minimum-norm fits on the first p columns."""
    return np.array([Phi_test[:, :p] @ _min_norm_weights(Phi, y, p, G, primal)
                     for p, G, primal in _gram_blocks(Phi, widths)])


def bias_variance(n=200, noise=0.25, seed=0, n_sets=40, max_ratio=3.0, n_widths=25, n_test=1000):
    r"""Test error of the minimum-norm fit split into bias² and variance over ``n_sets`` training sets.

    One teacher, one set of random features and one test set (those of :func:`rf_curves` for
    ``seed``); ``n_sets`` training sets of N = ``n`` points, each drawn afresh (the first is the
    one ``rf_curves`` uses). For each width p, $\hat f_j(x)$ is the fit to set j and
    $\bar f = \frac{1}{J}\sum_j \hat f_j$ their average; over the test points

    * ``bias2`` $= \text{mean}_x\, (\bar f(x) - f(x))^2$, $f$ the teacher,
    * ``variance`` $= \text{mean}_x\, \frac{1}{J}\sum_j (\hat f_j(x) - \bar f(x))^2$,
    * ``test`` $= \text{mean}_x\, \frac{1}{J}\sum_j (\hat f_j(x) - f(x))^2$ = ``bias2 + variance`` exactly,

    and ``noise`` $= \sigma^2$ is what noisy test labels $f(x) + \varepsilon$ would add.
    ``bias2`` estimated from J sets holds ``variance / J`` too: ``bias2_corrected`` subtracts it
    (an unbiased estimate; it can fall below 0 by chance).
    ``n`` in 2..500, ``noise`` in [0, 100], ``n_sets`` in 2..100, ``max_ratio`` in [1, 10],
    ``n_widths`` in 2..200, ``n_test`` in 1..5000.
    """
    who = "bias_variance"
    n, noise, seed, max_ratio, n_widths, n_test = _check_rf(who, n, noise, seed, max_ratio, n_widths, n_test)
    n_sets = integer(n_sets, f"{who}: n_sets (training sets)", 2, MAX_SETS)
    widths = _widths(n, max_ratio, n_widths)
    Phi, y, Phi_test, y_test = _rf_problem(n, noise, seed, int(widths[-1]), n_test, n_sets)
    with np.errstate(over="ignore", invalid="ignore"):
        predictions = np.array([_min_norm_predictions(Phi[j * n:(j + 1) * n], y[j * n:(j + 1) * n], Phi_test, widths)
                                for j in range(n_sets)])  # (sets, widths, n_test)
        mean = predictions.mean(axis=0)
        bias2 = np.mean((mean - y_test) ** 2, axis=1)
        variance = np.mean((predictions - mean) ** 2, axis=(0, 2))
        test = np.mean((predictions - y_test) ** 2, axis=(0, 2))
    if not all(np.all(np.isfinite(v)) for v in (bias2, variance, test)):
        raise InputError(f"{who}: the errors overflow to inf/NaN; noise = {noise:g} is too large for float64")
    return {"widths": widths, "ratios": widths / n, "bias2": bias2, "variance": variance, "test": test,
            "bias2_corrected": bias2 - variance / (n_sets - 1), "noise": noise ** 2, "n_sets": n_sets}


#: how the stored bias-variance curves were made (also saved inside the .npz)
BIAS_VARIANCE_SETTINGS = dict(n=200, noise=0.25, n_sets=40, max_ratio=3.0, n_widths=25, n_test=1000,
                              seeds=(0, 1, 2, 3, 4))
BIAS_VARIANCE_FILE = pathlib.Path(__file__).parent / "data" / "bias_variance.npz"
_BV_SCALARS = ("n", "noise", "n_sets", "max_ratio", "n_widths", "n_test")
_BV_CURVES = ("bias2", "variance", "test", "bias2_corrected")


def bias_variance_sweep(seeds, **settings):
    """:func:`bias_variance` for each seed: a dict with ``seeds``, ``widths``, ``ratios``, the settings and
    ``bias2``, ``variance``, ``test``, ``bias2_corrected`` of shape (seeds, widths).

    ``settings``: any of ``n, noise, n_sets, max_ratio, n_widths, n_test`` (the defaults of
    :func:`bias_variance` otherwise); ``seeds``: 1 to 20 ints >= 0.
    """
    who = "bias_variance_sweep"
    seeds = _seeds(seeds, who)
    unknown = [k for k in settings if k not in _BV_SCALARS]
    if unknown:
        raise InputError(f"{who}: unknown setting {unknown[0]!r}; expected some of {', '.join(map(repr, _BV_SCALARS))}")
    runs = [bias_variance(seed=seed, **settings) for seed in seeds]
    out = {"seeds": np.array(seeds), "widths": runs[0]["widths"], "ratios": runs[0]["ratios"]}
    out.update({k: np.array([r[k] for r in runs]) for k in _BV_CURVES})
    defaults = dict(n=200, noise=0.25, n_sets=40, max_ratio=3.0, n_widths=25, n_test=1000)
    out.update({k: settings.get(k, defaults[k]) for k in _BV_SCALARS})
    return out


def save_bias_variance(curves, path=BIAS_VARIANCE_FILE):
    """Write what :func:`bias_variance_sweep` returned to ``path`` (.npz; replaced only once complete)."""
    who = "save_bias_variance"
    if not isinstance(curves, dict) or any(k not in curves for k in ("seeds", "widths", *_BV_CURVES, *_BV_SCALARS)):
        raise InputError(f"{who}: curves must be the dict bias_variance_sweep returns, got {describe(curves)}")
    _write_npz(path, {k: np.asarray(curves[k]) for k in ("seeds", "widths", *_BV_CURVES, *_BV_SCALARS)}, who)


def load_bias_variance(path=BIAS_VARIANCE_FILE):
    """The stored bias-variance curves (made by ``python -m lecture_nn.demos.double_descent --bias-variance``)."""
    who = "load_bias_variance"
    path = _npz_path(path, who)
    not_ours = f"{who}: path {str(path)!r} is not a file written by save_bias_variance"
    if not path.is_file():
        raise InputError(f"{who}: path {str(path)!r} does not exist or is a folder; expected a .npz file written "
                         "by save_bias_variance")
    try:
        with np.load(path, allow_pickle=False) as data:
            curves = {k: data[k] for k in data.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise InputError(f"{not_ours} ({type(error).__name__}: {error})") from None
    missing = [k for k in ("seeds", "widths", *_BV_CURVES, *_BV_SCALARS) if k not in curves]
    if missing:
        raise InputError(f"{not_ours} (it lacks {', '.join(map(repr, missing))})")
    shape = (len(curves["seeds"]), len(curves["widths"]))
    if any(curves[k].shape != shape or not np.all(np.isfinite(curves[k])) for k in _BV_CURVES):
        raise InputError(f"{not_ours} (its curves are not finite arrays of shape (seeds, widths) = {shape})")
    for k in _BV_SCALARS:
        curves[k] = curves[k].item()
    curves["seeds"], curves["widths"] = curves["seeds"].astype(int), curves["widths"].astype(int)
    curves["ratios"] = curves["widths"] / curves["n"]
    return curves


def bias_variance_figure(curves=None, seed=0):
    """Bias², variance, their sum (the test error on clean labels) and the noise σ² against p/N (log scale).

    ``curves``: what :func:`bias_variance_sweep` returns (the stored curves unless given);
    ``seed``: which of its seeds to draw.
    """
    who = "bias_variance_figure"
    c = load_bias_variance() if curves is None else curves
    if not isinstance(c, dict) or any(k not in c for k in ("seeds", "ratios", "n", "noise", "n_sets", *_BV_CURVES)):
        raise InputError(f"{who}: curves must be the dict bias_variance_sweep returns, got {describe(c)}")
    seed = check_seed(seed, f"{who}: seed")
    seeds = np.asarray(c["seeds"]).tolist()
    if seed not in seeds:
        raise InputError(f"{who}: seed must be one of the curves' seeds {seeds}, got {seed}")
    k = seeds.index(seed)
    r = np.asarray(c["ratios"])
    fig, ax = plotting.new_figure(figsize=(6.8, 4.2))
    ax.plot(r, c["test"][k], color=TEST_COLOR, lw=2.2, marker=".", label="test MSE = bias² + variance")
    ax.plot(r, c["variance"][k], color=VARIANCE_COLOR, lw=2, ls="--", label="variance over training sets")
    ax.plot(r, c["bias2"][k], color=BIAS_COLOR, lw=2, ls="-.", label="bias² (of the average fit)")
    if c["noise"] > 0:
        ax.axhline(c["noise"] ** 2, color=NOISE_COLOR, lw=1, ls=":", label="noise σ² (noisy test labels add it)")
    _threshold_line(ax)
    plotting.plain_log_axis(ax.yaxis, numticks=None)
    ax.set_xlim(0, r[-1])
    ax.set_xlabel("model size p/N")
    ax.set_ylabel("mean squared error (log scale)")
    ax.set_title(f"{c['n_sets']} training sets of N = {c['n']}, noise σ = {c['noise']}, seed {seed}")
    ax.legend(loc="upper right", fontsize=8.5)
    return fig


# --- epoch-wise: gradient descent on the random-features model -----------------------------------------

GD_WIDTH_COLORS = SPECTRUM_COLORS
MAX_STEPS = 10 ** 12


class _SpectralFits:
    r"""Least-squares fits that keep a fraction $f_k$ of each singular direction of $\Phi$: errors in O(N p).

    The fit $w = \sum_k f_k \frac{u_k^T y}{s_k} v_k$; $f_k = 1$ is the minimum-norm fit, ridge has
    $f_k = s_k^2 / (s_k^2 + \lambda)$, $t$ steps of gradient descent from 0 have
    $f_k = 1 - (1 - 2\eta s_k^2/N)^t$. The directions come from the smaller Gram matrix
    ($\Phi^T\Phi = V S^2 V^T$ or $\Phi\Phi^T = U S^2 U^T$); an SVD gives the same numbers at more cost.
    """

    def __init__(self, Phi, y, Phi_test, y_test):
        n, p = Phi.shape
        primal = p <= n
        eigenvalues, vectors = np.linalg.eigh(Phi.T @ Phi if primal else Phi @ Phi.T)
        keep = eigenvalues > max(eigenvalues[-1], 0.0) * 1e-24  # directions no fit moves along: left out
        self.s2, vectors = eigenvalues[keep], vectors[:, keep]  # s_k^2; v_k (primal) or u_k (dual)
        if primal:  # w = V c: predictions (Phi V) c, c_k = f_k v_k^T Phi^T y / s_k^2
            self.P_train, self.P_test = Phi @ vectors, Phi_test @ vectors
            self.target = vectors.T @ (Phi.T @ y) / self.s2
        else:  # w = Phi^T U d: predictions U S^2 d and (Phi_test Phi^T U) d, d_k = f_k u_k^T y / s_k^2
            self.P_train, self.P_test = vectors * self.s2, Phi_test @ (Phi.T @ vectors)
            self.target = vectors.T @ y / self.s2
        self.y, self.y_test = y, y_test

    def errors(self, kept):
        """Train and test MSE of the fits that keep the fractions ``kept`` (fits, directions): two arrays (fits,)."""
        c = (np.atleast_2d(kept) * self.target).T  # (directions, fits): all fits in one matrix product
        return (np.mean((self.P_train @ c - self.y[:, None]) ** 2, axis=0),
                np.mean((self.P_test @ c - self.y_test[:, None]) ** 2, axis=0))


def gd_errors(Phi, y, Phi_test, y_test, steps, lr):
    r"""Train and test MSE of full-batch gradient descent on $L(w) = \frac1N \|\Phi w - y\|^2$ from $w = 0$,
    after each number of steps in ``steps``.

    In the singular basis $\Phi = U S V^T$ each step multiplies the distance to the least-squares
    coefficient $u_k^T y / s_k$ by $1 - 2\eta s_k^2 / N$, so after $t$ steps
    $w_t = \sum_k \big(1 - (1 - 2\eta s_k^2/N)^t\big) \frac{u_k^T y}{s_k} v_k$: exactly what $t$
    steps of ``SGD(lr)`` with the full batch compute, without running them. The large-$s_k$
    directions are learned first; as $t \to \infty$, $w_t$ tends to the minimum-norm fit.
    ``Phi`` (N, p), ``y`` (N,), ``Phi_test`` (n_test, p), ``y_test`` (n_test,); ``steps``
    increasing ints in 0..1e12; ``lr`` $\eta$ in $(0, N / s_1^2)$ (larger diverges).
    Returns ``train, test``, arrays of ``len(steps)``.
    """
    who = "gd_errors"
    Phi = array(Phi, "Phi", ndim=2, who=who)
    n, p = Phi.shape
    Phi_test = array(Phi_test, "Phi_test", shape=(None, p), who=who)
    y = array(y, "y (one target per row of Phi)", shape=(n,), who=who)
    y_test = array(y_test, "y_test (one target per row of Phi_test)", shape=(Phi_test.shape[0],), who=who)
    steps = int_list(steps, f"{who}: steps", low=0)
    if sorted(steps) != steps or steps[-1] > MAX_STEPS:
        raise InputError(f"{who}: steps must increase, from >= 0 to <= {MAX_STEPS:.0e}, got {steps[:6]}")
    spectral = _SpectralFits(Phi, y, Phi_test, y_test)
    s2 = spectral.s2
    lr = number(lr, f"{who}: lr (the learning rate η)", 0, n / s2.max() if len(s2) else None,
                low_open=True, high_open=True)
    rate = 2 * lr * s2 / n  # in (0, 2): each step multiplies the distance to u_k^T y / s_k by 1 - rate
    t = np.array(steps, dtype=float)[:, None]
    with np.errstate(under="ignore"):  # 1 - (1 - rate)^t, without rounding 1 - rate to 1 for tiny rates
        kept = -np.expm1(t * np.log1p(-rate)) if np.all(rate < 1) else 1 - (1 - rate) ** t
    return spectral.errors(kept)


def gd_curves(n=200, noise=0.25, seed=0, widths=(100, 200, 600), max_steps=10 ** 10, n_steps=121, n_test=1000):
    r"""Test error along gradient descent from $w = 0$ for a few widths p, and the ridge fits it passes by.

    The data and features of :func:`rf_curves` (one ``seed``). One learning rate for every width,
    $\eta = N / (2 s_1^2)$ with $s_1$ the largest singular value of the widest $\Phi$ (half the largest
    stable one; $s_1$ grows with p, so it is stable for each width). Steps log-spaced from 1 to
    ``max_steps``. ``ridge`` holds, for each width and step t, the test MSE of the ridge fit with
    $\lambda = N / (2 \eta t)$: the penalty whose filter $s^2 / (s^2 + \lambda)$ matches gradient
    descent's $1 - (1 - 2\eta s^2/N)^t \approx 1 - e^{-2\eta t s^2 / N}$ in scale.
    ``n`` in 2..500, ``noise`` in [0, 100], ``widths``: 1 to 3 ints in 1..3N, ``max_steps`` in
    1..1e12, ``n_steps`` in 2..400, ``n_test`` in 1..5000.
    Returns a dict with ``steps``, ``widths``, ``lr``, ``train``, ``test``, ``ridge`` (widths, steps) and
    ``n``, ``noise``, ``seed``.
    """
    who = "gd_curves"
    n, noise, seed, _, _, n_test = _check_rf(who, n, noise, seed, 3.0, 31, n_test)
    widths = int_list(widths, f"{who}: widths", low=1)
    if len(widths) > len(GD_WIDTH_COLORS) or max(widths) > 3 * n:
        raise InputError(f"{who}: widths must hold 1 to {len(GD_WIDTH_COLORS)} widths p in [1, 3N = {3 * n}], "
                         f"got {widths}")
    max_steps = integer(max_steps, f"{who}: max_steps", 1, MAX_STEPS)
    n_steps = integer(n_steps, f"{who}: n_steps", 2, 400)
    steps = np.unique(np.round(np.logspace(0, np.log10(max_steps), n_steps)).astype(np.int64))
    Phi, y, Phi_test, y_test = _rf_problem(n, noise, seed, max(widths), n_test)
    s1 = _singular_values(Phi[:, :max(widths)] @ Phi[:, :max(widths)].T)[0]
    lr = n / (2 * s1 ** 2)
    train, test, ridge = [], [], []
    for p in widths:
        tr, te = gd_errors(Phi[:, :p], y, Phi_test[:, :p], y_test, steps.tolist(), lr)
        train.append(tr)
        test.append(te)
        spectral = _SpectralFits(Phi[:, :p], y, Phi_test[:, :p], y_test)
        lam = n / (2 * lr * steps.astype(float))[:, None]  # (steps, 1)
        ridge.append(spectral.errors(spectral.s2 / (spectral.s2 + lam))[1])
    return {"steps": steps, "widths": np.array(widths), "lr": lr, "train": np.array(train), "test": np.array(test),
            "ridge": np.array(ridge), "n": n, "noise": noise, "seed": seed}


def epochwise_figure(curves=None):
    """Test error against gradient-descent steps (log scales) for a few widths; dashed: the matching ridge fits.

    ``curves``: what :func:`gd_curves` returns (its defaults when None).
    """
    who = "epochwise_figure"
    c = gd_curves() if curves is None else curves
    keys = ("steps", "widths", "lr", "test", "ridge", "n", "noise", "seed")
    if not isinstance(c, dict) or any(k not in c for k in keys):
        raise InputError(f"{who}: curves must be the dict gd_curves returns, got {describe(c)}")
    n = c["n"]
    fig, ax = plotting.new_figure(figsize=(6.8, 4.2))
    for k, (p, color) in enumerate(zip(c["widths"], GD_WIDTH_COLORS)):
        ax.plot(c["steps"], c["test"][k], color=color, lw=2.2, label=f"p = {p} = {p / n:g} N: gradient descent")
        ax.plot(c["steps"], c["ridge"][k], color=color, lw=1.2, ls="--", label=f"p = {p}: ridge, λ = N / (2ηt)")
    plotting.plain_log_axis(ax.xaxis, numticks=None)
    plotting.plain_log_axis(ax.yaxis, numticks=None)
    ax.set_xlabel(f"gradient-descent steps t (log scale), η = {c['lr']:.3g}")
    ax.set_ylabel("test MSE (log scale)")
    ax.set_title(f"From w = 0, N = {n}, noise σ = {c['noise']}, seed {c['seed']}")
    ax.legend(loc="upper left", fontsize=8)
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
    _write_npz(path, {**checked, **{k: np.array(v) for k, v in scalars.items()}}, who)


def _write_npz(path, arrays: dict, who: str):
    """Write ``arrays`` to the .npz file ``path``, replacing it only once the new file is complete
    (written to a temporary file next to it, then renamed)."""
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
            np.savez(file, **arrays)
        os.chmod(temporary, 0o644)  # mkstemp's file is private; the stored data are not
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
    smaller curve; give it its own ``--out``). With ``--bias-variance`` it recomputes the stored
    bias-variance curves instead (``BIAS_VARIANCE_SETTINGS``, ``data/bias_variance.npz``; ``--seeds``
    replaces its seeds, ``--widths`` and ``--steps`` do not apply).
    """
    if argv is not None and (isinstance(argv, (str, bytes)) or not isinstance(argv, (list, tuple))
                             or not all(isinstance(a, str) for a in argv)):
        raise InputError(f"main: argv must be a list of strings such as ['--out', 'curve.npz'], got {describe(argv)}")
    parser = _Parser(prog="python -m lecture_nn.demos.double_descent",
                     description="Recompute data/mlp_double_descent.npz (MLP width sweep)")
    parser.add_argument("--out", type=_out_path, default=None,
                        help="the .npz file to write (default: the stored one in lecture_nn/demos/data/)")
    parser.add_argument("--widths", type=int, nargs="+", default=list(MLP_SETTINGS["widths"]),
                        help="hidden widths d'")
    parser.add_argument("--seeds", type=int, nargs="+", default=None)
    parser.add_argument("--steps", type=int, default=MLP_SETTINGS["steps"], help="Adam steps per run")
    parser.add_argument("--bias-variance", action="store_true",
                        help="recompute data/bias_variance.npz instead (BIAS_VARIANCE_SETTINGS; --seeds applies)")
    try:
        args = parser.parse_args(None if argv is None else list(argv))
    except SystemExit as stop:  # --help: the text is printed, nothing to compute
        if stop.code in (0, None):
            return None
        raise
    if args.bias_variance:
        return _main_bias_variance(args)
    args.out = DATA_FILE if args.out is None else args.out
    args.seeds = list(MLP_SETTINGS["seeds"]) if args.seeds is None else args.seeds
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


def _main_bias_variance(args):
    """``main --bias-variance``: the stored bias-variance curves, recomputed."""
    seeds = list(BIAS_VARIANCE_SETTINGS["seeds"]) if args.seeds is None else args.seeds
    try:
        _seeds(seeds, "--seeds")
    except InputError as error:
        raise InputError(f"main: argv: {error}") from None
    out = BIAS_VARIANCE_FILE if args.out is None else args.out
    start = time.perf_counter()
    curves = bias_variance_sweep(seeds, **{k: BIAS_VARIANCE_SETTINGS[k] for k in _BV_SCALARS})
    save_bias_variance(curves, out)
    print(f"{len(seeds)} seeds x {len(curves['widths'])} widths x {curves['n_sets']} training sets in "
          f"{time.perf_counter() - start:.1f} s -> {out}")
    for p, b, v in zip(curves["widths"], np.median(curves["bias2"], 0), np.median(curves["variance"], 0)):
        print(f"p = {p:4d}: bias² {b:.3g}, variance {v:.3g} (medians over the seeds)")


EXPLORERS = [RandomFeaturesExplorer]

if __name__ == "__main__":
    main()
