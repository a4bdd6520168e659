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
import pathlib
import time

import ipywidgets as widgets
import numpy as np
from matplotlib import ticker

from .. import double_descent as dd
from .. import plotting
from ..layers import mlp
from ..losses import MSELoss
from ..optim import Adam
from ..training import evaluate, fit
from .base import Explorer

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


def rf_curves(n=200, noise=0.25, ridge=0.0, seeds=range(5), max_ratio=3.0, n_widths=50, n_test=1000):
    """``dd.random_features_curve`` for several seeds (each: new data, new random features).

    Returns a dict with ``ratios`` $p/N$ (widths,), ``train`` and ``test`` (seeds, widths).
    """
    curves = [dd.random_features_curve(n=n, d=D, noise=noise, ridge=ridge, max_ratio=max_ratio,
                                       n_widths=n_widths, seed=seed, n_test=n_test) for seed in seeds]
    return {"ratios": curves[0]["ratios"], "widths": curves[0]["widths"],
            "train": np.array([c["train"] for c in curves]), "test": np.array([c["test"] for c in curves])}


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _log_y(ax):
    """Log-scale y with tick labels 10⁻³, 10⁰, ... as plain text.

    The default labels are mathtext, which matplotlib parses again on every PNG of an explorer
    (~10 ms per label); plain text keeps a slider update fast.
    """
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(
        lambda v, _: f"10{str(round(np.log10(v))).translate(_SUPERSCRIPT)}" if v > 0 else ""))
    ax.yaxis.set_minor_locator(ticker.NullLocator())  # fewer artists to draw per update
    return ax


def _threshold_line(ax, x=1.0, label="interpolation threshold p = N"):
    return ax.axvline(x, color=THRESHOLD_COLOR, ls="--", lw=1.2, label=label)


def classical_vs_double_descent_figure(n=200, noise=0.25, seeds=range(5)):
    r"""Left: the classical U (the under-parameterized part, $p < N$). Right: the whole curve to $p = 3N$.

    Random ReLU features fitted by least squares / minimum norm; thin lines are single seeds,
    the thick line their median (the mean is dominated by the one worst seed at the peak).
    """
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
    _log_y(right)
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
    """

    def __init__(self, noise=0.5, ridge=False, lam=1e-2, n=200, seed=0, n_test=500):
        n_min, n_max, n_step = N_RANGE
        self.n_grid = np.arange(n_min, n_max + 1, n_step)
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
        _log_y(ax)
        ax.set_xlim(0, MAX_RATIO)
        ax.set_ylim(FLOOR / 1.5, 1e4)
        ax.set_xlabel("model size p/N")
        ax.set_ylabel("mean squared error (log scale)")
        ax.legend(loc="upper right", fontsize=8.5)

        (self.n_line,) = ax_n.plot(self.n_grid, np.ones(len(self.n_grid)), color=TEST_COLOR, lw=2, marker=".",
                                   label="test MSE")
        (self.n_dot,) = ax_n.plot([], [], "o", color=THRESHOLD_COLOR, ms=7, label="current N")
        ax_n.axvline(P_FIXED, color=THRESHOLD_COLOR, ls="--", lw=1.2, label=f"N = p = {P_FIXED}")
        _log_y(ax_n)
        ax_n.set_xlim(n_min - 10, n_max + 10)
        ax_n.set_ylim(3e-2, 1e4)
        ax_n.set_xlabel("number of training points N")
        ax_n.set_ylabel("test MSE (log scale)")
        ax_n.set_title(f"one model, p = {P_FIXED} features, more and more data")
        ax_n.legend(loc="upper right", fontsize=8.5)

        controls = {
            "noise": widgets.FloatSlider(value=noise, min=0.0, max=1.0, step=0.05, description="label noise σ",
                                         style={"description_width": "initial"}),
            "ridge": widgets.Checkbox(value=ridge, description="ridge (off: λ = 0)"),
            "lam": widgets.FloatLogSlider(value=lam, base=10, min=-5, max=0, step=0.25, description="λ",
                                          readout_format=".0e"),
            "n": widgets.IntSlider(value=n, min=n_min, max=n_max, step=n_step, description="N samples"),
        }
        super().__init__(fig, controls, title="Double descent: label noise, ridge λ, number of samples N")

    def _targets(self, noise):
        return self.y_clean + noise * self.epsilon

    def curve(self, noise, lam, n):
        """Train and test MSE against $p/N$ for one setting (cached): ``ratios, train, test``."""
        key = (round(noise, 6), lam, n)
        if key not in self._curves:
            p_max = int(MAX_RATIO * n)
            widths = np.round(np.linspace(1, p_max, N_WIDTHS)).astype(int)
            widths = np.unique(np.concatenate([widths, [n, P_FIXED]]))
            train, test = dd.sweep(self.Phi[:n, :p_max], self._targets(noise)[:n], self.Phi_test[:, :p_max],
                                   self.y_test, widths, lam)
            self._curves[key] = (widths / n, train, test)
        return self._curves[key]

    def samplewise(self, noise, lam):
        """Test MSE of the model with ``P_FIXED`` features for every N of the slider (cached)."""
        key = (round(noise, 6), lam)
        if key not in self._samplewise:
            y = self._targets(noise)
            Phi, Phi_test = self.Phi[:, :P_FIXED], self.Phi_test[:, :P_FIXED]
            errors = []
            for n in self.n_grid:
                a = dd.fit_min_norm(Phi[:n], y[:n], lam)
                errors.append(np.mean((Phi_test @ a - self.y_test) ** 2))
            self._samplewise[key] = np.array(errors)
        return self._samplewise[key]

    def update(self, noise, ridge, lam, n):
        lam = float(lam) if ridge else 0.0
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

def linear_regression_figure(n=100, D=300, noise=0.5, seeds=range(5)):
    r"""Least squares / minimum norm on the first $p$ of $D$ features of $y = x^T\beta + \varepsilon$.

    ``dd.linear_regression_curve`` per seed; thin lines single seeds, thick the median.
    """
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
    _log_y(ax)
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


def train_mlp(width, seed=0, n=100, d=5, noise=0.5, steps=4000, lr=0.01, n_test=2000):
    r"""Train $\hat y = w^T g(W x) + b$ with $d'$ = ``width`` ReLU units on the teacher data: (train, test) MSE.

    ``dd.teacher_data(n, d, noise, rng=seed)``: $N = n$ noisy training points, clean test labels.
    Full-batch Adam for ``steps`` steps, the learning rate divided by 10 for the last quarter
    (so the wide nets settle at train error $\approx 0$). Initialisation seed ``1000 + seed``.
    """
    X, y, X_test, y_test = dd.teacher_data(n, d, noise, rng=seed, n_test=n_test)
    model = mlp([d, width, 1], activation="relu", rng=1000 + seed)
    loss_fn = MSELoss()
    optimizer = Adam(model.parameters(), lr=lr)

    def lower_lr(epoch, history):
        if epoch == (3 * steps) // 4:
            optimizer.lr = lr / 10

    fit(model, loss_fn, optimizer, X, y[:, None], epochs=steps, callback=lower_lr)
    return evaluate(model, loss_fn, X, y[:, None]), evaluate(model, loss_fn, X_test, y_test[:, None])


def mlp_width_sweep(widths, seeds, **settings):
    """``train_mlp`` for every width and seed: a dict with ``widths``, ``train``, ``test`` (seeds, widths)."""
    train = np.zeros((len(seeds), len(widths)))
    test = np.zeros_like(train)
    for i, seed in enumerate(seeds):
        for k, width in enumerate(widths):
            train[i, k], test[i, k] = train_mlp(width, seed, **settings)
    return {"widths": np.array(widths), "seeds": np.array(seeds), "train": train, "test": test}


def save_mlp_curve(curve, settings, path=DATA_FILE):
    """Write a width sweep and the scalar settings that made it (n, d, noise, steps, lr, n_test) to ``path``."""
    pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)
    scalars = {k: np.array(v) for k, v in settings.items() if k not in ("widths", "seeds")}
    np.savez(path, **curve, **scalars)


def load_mlp_curve(path=DATA_FILE):
    """The stored width sweep: ``widths``, ``seeds``, ``train``, ``test`` (seeds, widths) and its settings."""
    with np.load(path) as data:
        curve = {k: data[k] for k in data.files}
    for k in ("n", "d", "steps", "n_test"):
        curve[k] = int(curve[k])
    for k in ("noise", "lr"):
        curve[k] = float(curve[k])
    return curve


def mlp_figure(curve=None):
    r"""Test and train error of the MLP against the hidden width $d'$ (the stored curve unless given).

    The dashed line is where the net has as many parameters as training points,
    $(d + 2) d' + 1 = N$.
    """
    c = load_mlp_curve() if curve is None else curve
    widths, test, train = c["widths"], c["test"], np.median(c["train"], axis=0)
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
    _log_y(ax)
    ax.set_ylim(FLOOR / 1.5, 3 * test.max())
    ax.set_xlabel("hidden units d' (log scale)")
    ax.set_ylabel("mean squared error (log scale)")
    ax.set_title(f"MLP [{d}, d', 1], ReLU, Adam {c['steps']} steps; N = {n}, noise σ = {c['noise']}")
    ax.legend(loc="lower left", fontsize=8.5)
    return fig


def main(argv=None):
    """Recompute the stored MLP curve: ``python -m lecture_nn.demos.double_descent [--out PATH]``."""
    parser = argparse.ArgumentParser(description="Recompute data/mlp_double_descent.npz (MLP width sweep)")
    parser.add_argument("--out", type=pathlib.Path, default=DATA_FILE)
    args = parser.parse_args(argv)
    settings = dict(MLP_SETTINGS)
    start = time.perf_counter()
    curve = mlp_width_sweep(settings.pop("widths"), settings.pop("seeds"), **settings)
    save_mlp_curve(curve, dict(MLP_SETTINGS), args.out)
    print(f"{len(curve['seeds'])} seeds x {len(curve['widths'])} widths in {time.perf_counter() - start:.1f} s "
          f"-> {args.out}")
    for width, te, tr in zip(curve["widths"], np.median(curve["test"], 0), np.median(curve["train"], 0)):
        print(f"d' = {width:4d}: test MSE {te:.3f}, train MSE {tr:.2e}")


EXPLORERS = [RandomFeaturesExplorer]

if __name__ == "__main__":
    main()
