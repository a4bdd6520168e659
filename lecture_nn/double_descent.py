r"""Double descent with random features: a model whose capacity is one number, p.

Random-features regression: a fixed random first layer $\phi(x) = \mathrm{ReLU}(W x + b)$ of
width $p$ (never trained) and a linear output $\hat y = a^T \phi(x)$ fitted in closed form.
With $p < n$ features the least-squares solution is unique; with $p > n$ infinitely many
$a$ interpolate the $n$ training points and we take the one of minimum norm, which is what
gradient descent from zero converges to. Test error against $p/n$ peaks at the interpolation
threshold $p = n$ and falls again beyond it: double descent (Belkin et al. 2019; Nakkiran
et al. 2019; in plain linear regression too, arXiv 2109.02355).

Solving: for $p \le n$ the primal normal equations $(\Phi^T\Phi + \lambda I) a = \Phi^T y$
($p \times p$), for $p > n$ the dual $a = \Phi^T (\Phi\Phi^T + \lambda I)^{-1} y$ ($n \times n$);
both give the minimum-norm (ridge: the ridge) solution. A sweep over nested widths reuses one
Gram matrix, so 50 widths up to $p = 3n$ at $n = 1000$ take well under a second.
"""

from __future__ import annotations

import numpy as np

from ._checks import all_finite, array, as_float_2d, as_rng, int_list, integer, number, seed as _seed
from .errors import InputError

__all__ = ["RandomReLUFeatures", "teacher_data", "fit_min_norm", "sweep", "random_features_curve",
           "linear_regression_curve"]

#: the most numbers one array of these experiments may hold (160 MB of float64)
MAX_NUMBERS = 20_000_000
MAX_WIDTHS = 10_000  # n_widths of random_features_curve


def _size_check(count: int, what: str, who: str):
    if count > MAX_NUMBERS:
        raise InputError(f"{who}: {what} would hold {count:,} numbers, more than {MAX_NUMBERS:,} (160 MB); "
                         "use smaller sizes")


def _finite_result(values, who: str, culprit: str):
    if not all(all_finite(np.asarray(v)) for v in values):
        raise InputError(f"{who}: the result overflows to inf/NaN; {culprit} too large for float64")


class RandomReLUFeatures:
    r"""Fixed random features $\phi(x) = \mathrm{ReLU}(W x + b) / \sqrt{p_{max}}$.

    $W_{ji} \sim N(0, 1/d)$ and $b_j \sim U(-\tfrac12, \tfrac12)$, drawn once.

    Why small uniform biases: a bias far below zero makes a unit dead on every sample (a zero
    column), one far above makes it active on every sample, and all such units are the same
    linear function $Wx + b$ of $x$; either way the features lose rank and the least-squares
    systems become singular (seen with $b \sim N(0, 1)$). With $|b| \le 1/2$ and $Wx$ of unit
    scale, every unit switches somewhere in the data.

    ``transform(X, p)`` returns the first ``p`` features, so widths are nested: a wider model
    keeps the narrower one's features and adds more.
    """

    def __init__(self, d: int, p_max: int, rng=None):
        self.d = integer(d, "RandomReLUFeatures: d (input dimension)", 1)
        self.p_max = integer(p_max, "RandomReLUFeatures: p_max (number of units)", 1)
        _size_check(self.d * self.p_max, f"W of shape (p_max, d) = ({self.p_max}, {self.d})", "RandomReLUFeatures")
        rng = as_rng(rng)
        self.W = rng.standard_normal((self.p_max, self.d)) / np.sqrt(self.d)  # (p, d)
        self.b = rng.uniform(-0.5, 0.5, self.p_max)

    def __repr__(self):
        return f"RandomReLUFeatures(d={self.d}, p_max={self.p_max})"

    def transform(self, X, p=None):
        r"""$\Phi$ (N, p): the first ``p`` features (default all ``p_max``) of the rows of ``X`` (N, d)."""
        who = f"{self!r}.transform"
        if p is not None:
            p = integer(p, f"{who}: p", 1)
            if p > self.p_max:
                raise InputError(f"{who}: p = {p} features asked for, but there are only p_max = {self.p_max} "
                                 f"units; p must be in [1, {self.p_max}] (RandomReLUFeatures(d, p_max={p}) has more)")
        p = self.p_max if p is None else p
        X = as_float_2d(X, "X", np.dtype(np.float64), self.d, who)
        _size_check(X.shape[0] * p, f"Phi of shape (N, p) = ({X.shape[0]}, {p})", who)
        with np.errstate(over="ignore", invalid="ignore"):
            Z = X @ self.W[:p].T + self.b[:p]  # (N, p)
        _finite_result([Z], who, "the values of X are")
        return np.maximum(Z, 0.0) / np.sqrt(self.p_max)


def teacher_data(n, d=10, noise=0.5, rng=None, n_test=2000):
    r"""Training and test data from a fixed nonlinear teacher: $y = \sin(\beta^T x) + \cos(\gamma^T x) + \varepsilon$.

    $x \sim N(0, I_d)$, $\varepsilon \sim N(0, \text{noise}^2)$ on the training labels only (the
    test labels are clean, so test error measures how well the teacher was learned).
    Returns ``X_train (n, d), y_train (n,), X_test, y_test``.
    """
    who = "teacher_data"
    n, d = integer(n, f"{who}: n", 1), integer(d, f"{who}: d", 1)
    noise = number(noise, f"{who}: noise", low=0)
    n_test = integer(n_test, f"{who}: n_test", 1)
    _size_check((n + n_test) * d, f"X and X_test with n + n_test = {n + n_test} rows of d = {d}", who)
    rng = as_rng(rng)
    beta, gamma = rng.standard_normal(d) / np.sqrt(d), rng.standard_normal(d) / np.sqrt(d)

    def teacher(X):
        return np.sin(X @ beta) + np.cos(X @ gamma)

    X, X_test = rng.standard_normal((n, d)), rng.standard_normal((n_test, d))
    with np.errstate(over="ignore", invalid="ignore"):
        y = teacher(X) + noise * rng.standard_normal(n)
    _finite_result([y], who, f"noise = {noise:g} is")
    return X, y, X_test, teacher(X_test)


def _solve(A, rhs):
    try:
        return np.linalg.solve(A, rhs)
    except np.linalg.LinAlgError:  # exactly singular (p = n without ridge, rarely): least squares
        return np.linalg.lstsq(A, rhs, rcond=None)[0]


def _features(Phi, name: str, who: str) -> np.ndarray:
    return array(Phi, name, ndim=2, who=who)


def _targets(y, name: str, n: int, features: str, who: str, allow_2d: bool = False) -> np.ndarray:
    """Targets, one per row of the features: (n,), also (n, 1); (n, k) where ``allow_2d``."""
    y = array(y, name, who=who)
    if y.ndim == 2 and y.shape[1] == 1 and not allow_2d:
        y = y[:, 0]  # (n, 1), as fit() takes it
    if y.ndim not in ((1, 2) if allow_2d else (1,)) or y.shape[0] != n:
        want = f"({n},)" + (f" or ({n}, k)" if allow_2d else f" or ({n}, 1)")
        raise InputError(f"{who}: {name} must hold one target per row of {features}, shape {want}, "
                         f"got shape {y.shape}")
    return y


def fit_min_norm(Phi, y, ridge=0.0):
    r"""Output weights $a$ (p,) for features ``Phi`` (n, p): least squares for $p \le n$,
    minimum norm among the interpolating solutions for $p > n$; with ``ridge`` $\lambda > 0$,
    the ridge solution $\arg\min \|\Phi a - y\|^2 + \lambda \|a\|^2$.

    ``y`` (n,), or (n, k) for k target columns at once (then $a$ is (p, k)).
    """
    who = "fit_min_norm"
    Phi = _features(Phi, "Phi", who)
    n, p = Phi.shape
    y = _targets(y, "y", n, "Phi", who, allow_2d=True)
    ridge = number(ridge, f"{who}: ridge", low=0)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if p <= n:
            a = _solve(Phi.T @ Phi + ridge * np.eye(p), Phi.T @ y)
        else:
            a = Phi.T @ _solve(Phi @ Phi.T + ridge * np.eye(n), y)
    _finite_result([a], who, "the values of Phi or y are")
    return a


def sweep(Phi, y, Phi_test, y_test, widths, ridge=0.0):
    r"""Train and test mean squared error of the fit on the first p columns, for each p in ``widths``.

    ``Phi`` (n, P) and ``Phi_test`` (n_test, P) hold the same P features; ``y`` (n,), ``y_test``
    (n_test,); ``widths`` non-decreasing integers in [1, P]; ``ridge`` $\lambda \ge 0$.
    One Gram matrix serves all nested widths: the primal $\Phi_p^T \Phi_p$ is the top-left
    block of $\Phi_n^T \Phi_n$, and the dual $\Phi_p \Phi_p^T$ grows by adding the new columns'
    outer products. Returns two arrays of length ``len(widths)``.
    """
    who = "sweep"
    Phi, Phi_test = _features(Phi, "Phi", who), _features(Phi_test, "Phi_test", who)
    n, P = Phi.shape
    if Phi_test.shape[1] != P:
        raise InputError(f"{who}: Phi_test must hold the same P = {P} feature columns as Phi, got shape "
                         f"{Phi_test.shape}")
    y = _targets(y, "y", n, "Phi", who)
    y_test = _targets(y_test, "y_test", Phi_test.shape[0], "Phi_test", who)
    widths = int_list(widths, f"{who}: widths", low=1)
    if sorted(widths) != widths or widths[-1] > P:
        shown = widths if len(widths) <= 8 else widths[:4] + ["..."] + widths[-2:]
        raise InputError(f"{who}: widths must increase from >= 1 to <= {P} features (the columns of Phi), "
                         f"got {shown}")
    ridge = number(ridge, f"{who}: ridge", low=0)
    train, test = _sweep(Phi, y, Phi_test, y_test, widths, ridge)
    _finite_result([train, test], who, "the values of Phi, Phi_test, y or y_test are")
    return train, test


def _sweep(Phi, y, Phi_test, y_test, widths, ridge):
    """:func:`sweep` on checked arguments; the errors may overflow to inf (the callers say why)."""
    n, P = Phi.shape
    m = min(n, P)
    train, test = [], []
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        primal_gram = Phi[:, :m].T @ Phi[:, :m]  # (m, m): every p <= n uses its top-left block
        primal_rhs = Phi[:, :m].T @ y
        dual_gram = Phi[:, :n] @ Phi[:, :n].T if P > n else None  # (n, n), grown from p = n
        done = n
        for p in widths:
            if p <= n:
                a = _solve(primal_gram[:p, :p] + ridge * np.eye(p), primal_rhs[:p])
            else:
                dual_gram += Phi[:, done:p] @ Phi[:, done:p].T  # add the new features' outer products
                done = p
                a = Phi[:, :p].T @ _solve(dual_gram + ridge * np.eye(n), y)
            train.append(np.mean((Phi[:, :p] @ a - y) ** 2))
            test.append(np.mean((Phi_test[:, :p] @ a - y_test) ** 2))
    return np.array(train), np.array(test)


def random_features_curve(n=200, d=10, noise=0.5, ridge=0.0, max_ratio=3.0, n_widths=50, seed=0, n_test=2000):
    """Test and train error of random-features regression against p/n, for one seed.

    Widths up to ``p_max = round(max_ratio * n)``: ``n_widths`` (1..10000) of them evenly
    spaced, and the threshold p = n when it is at most p_max. ``seed`` (an int >= 0) draws the
    data, ``seed + 1`` the features.
    Returns a dict with ``ratios`` (p/n), ``widths``, ``train`` and ``test`` mean squared errors.
    """
    who = "random_features_curve"
    n, d = integer(n, f"{who}: n", 1), integer(d, f"{who}: d", 1)
    noise = number(noise, f"{who}: noise", low=0)
    ridge = number(ridge, f"{who}: ridge", low=0)
    max_ratio = number(max_ratio, f"{who}: max_ratio", low=0, low_open=True)
    n_widths = integer(n_widths, f"{who}: n_widths", 1, MAX_WIDTHS)
    seed = _seed(seed, f"{who}: seed")
    n_test = integer(n_test, f"{who}: n_test", 1)
    p_max = int(round(max_ratio * n))
    if p_max < 1:
        raise InputError(f"{who}: max_ratio * n = {max_ratio:g} * {n} rounds to p_max = {p_max} features; "
                         "max_ratio must give at least 1")
    _size_check((n + n_test) * p_max, f"the features of n + n_test = {n + n_test} points at p_max = max_ratio * n "
                f"= {p_max}", who)
    X, y, X_test, y_test = teacher_data(n, d, noise, rng=seed, n_test=n_test)
    features = RandomReLUFeatures(d, p_max, rng=seed + 1)
    widths = np.unique(np.round(np.linspace(1, p_max, n_widths)).astype(int))
    widths = np.unique(np.append(widths, n))  # the interpolation threshold itself
    widths = widths[widths <= p_max]
    train, test = _sweep(features.transform(X), y, features.transform(X_test), y_test, [int(p) for p in widths], ridge)
    _finite_result([train, test], who, f"noise = {noise:g} is")
    return {"ratios": widths / n, "widths": widths, "train": train, "test": test}


def linear_regression_curve(n=100, D=300, noise=0.5, ridge=0.0, seed=0, n_test=2000):
    r"""Double descent of plain linear regression with the number of features used as capacity.

    $y = x^T \beta + \varepsilon$ with $x \in \mathbb{R}^D$ and $\beta$ spread over all $D$
    features; a model that uses only the first $p$ features is fitted by minimum-norm least
    squares, for $p = 1 \dots D$. ``seed``: an int >= 0.
    """
    who = "linear_regression_curve"
    n, D = integer(n, f"{who}: n", 1), integer(D, f"{who}: D", 1)
    noise = number(noise, f"{who}: noise", low=0)
    ridge = number(ridge, f"{who}: ridge", low=0)
    seed = _seed(seed, f"{who}: seed")
    n_test = integer(n_test, f"{who}: n_test", 1)
    _size_check((n + n_test) * D, f"X and X_test with n + n_test = {n + n_test} rows of D = {D}", who)
    rng = as_rng(seed)
    beta = rng.standard_normal(D) / np.sqrt(D)
    X, X_test = rng.standard_normal((n, D)), rng.standard_normal((n_test, D))
    with np.errstate(over="ignore", invalid="ignore"):
        y = X @ beta + noise * rng.standard_normal(n)
    _finite_result([y], who, f"noise = {noise:g} is")
    widths = np.arange(1, D + 1)
    train, test = _sweep(X, y, X_test, X_test @ beta, widths, ridge)
    _finite_result([train, test], who, f"noise = {noise:g} is")
    return {"ratios": widths / n, "widths": widths, "train": train, "test": test}
