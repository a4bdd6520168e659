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

from ._checks import as_rng, positive_int

__all__ = ["RandomReLUFeatures", "teacher_data", "fit_min_norm", "sweep", "random_features_curve",
           "linear_regression_curve"]


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
        self.d = positive_int(d, "d")
        self.p_max = positive_int(p_max, "p_max")
        rng = as_rng(rng)
        self.W = rng.standard_normal((self.p_max, self.d)) / np.sqrt(self.d)  # (p, d)
        self.b = rng.uniform(-0.5, 0.5, self.p_max)

    def transform(self, X, p=None):
        p = self.p_max if p is None else min(positive_int(p, "p"), self.p_max)
        Z = np.asarray(X, dtype=np.float64) @ self.W[:p].T + self.b[:p]  # (N, p)
        return np.maximum(Z, 0.0) / np.sqrt(self.p_max)


def teacher_data(n, d=10, noise=0.5, rng=None, n_test=2000):
    r"""Training and test data from a fixed nonlinear teacher: $y = \sin(\beta^T x) + \cos(\gamma^T x) + \varepsilon$.

    $x \sim N(0, I_d)$, $\varepsilon \sim N(0, \text{noise}^2)$ on the training labels only (the
    test labels are clean, so test error measures how well the teacher was learned).
    Returns ``X_train (n, d), y_train (n,), X_test, y_test``.
    """
    n, d = positive_int(n, "n"), positive_int(d, "d")
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    rng = as_rng(rng)
    beta, gamma = rng.standard_normal(d) / np.sqrt(d), rng.standard_normal(d) / np.sqrt(d)

    def teacher(X):
        return np.sin(X @ beta) + np.cos(X @ gamma)

    X, X_test = rng.standard_normal((n, d)), rng.standard_normal((n_test, d))
    y = teacher(X) + noise * rng.standard_normal(n)
    return X, y, X_test, teacher(X_test)


def _solve(A, rhs):
    try:
        return np.linalg.solve(A, rhs)
    except np.linalg.LinAlgError:  # exactly singular (p = n without ridge, rarely): least squares
        return np.linalg.lstsq(A, rhs, rcond=None)[0]


def fit_min_norm(Phi, y, ridge=0.0):
    r"""Output weights $a$ (p,) for features ``Phi`` (n, p): least squares for $p \le n$,
    minimum norm among the interpolating solutions for $p > n$; with ``ridge`` $\lambda > 0$,
    the ridge solution $\arg\min \|\Phi a - y\|^2 + \lambda \|a\|^2$."""
    Phi, y = np.asarray(Phi, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if not ridge >= 0:
        raise ValueError(f"ridge must be >= 0, got {ridge!r}")
    n, p = Phi.shape
    if p <= n:
        return _solve(Phi.T @ Phi + ridge * np.eye(p), Phi.T @ y)
    return Phi.T @ _solve(Phi @ Phi.T + ridge * np.eye(n), y)


def sweep(Phi, y, Phi_test, y_test, widths, ridge=0.0):
    r"""Train and test mean squared error of the fit on the first p columns, for each p in ``widths``.

    One Gram matrix serves all nested widths: the primal $\Phi_p^T \Phi_p$ is the top-left
    block of $\Phi_n^T \Phi_n$, and the dual $\Phi_p \Phi_p^T$ grows by adding the new columns'
    outer products. Returns two arrays of length ``len(widths)``.
    """
    Phi, Phi_test = np.asarray(Phi, dtype=np.float64), np.asarray(Phi_test, dtype=np.float64)
    y, y_test = np.asarray(y, dtype=np.float64), np.asarray(y_test, dtype=np.float64)
    widths = [int(p) for p in widths]
    if sorted(widths) != widths or widths[0] < 1 or widths[-1] > Phi.shape[1]:
        raise ValueError(f"widths must increase from >= 1 to <= {Phi.shape[1]} features, got {widths[:3]}...")
    n = Phi.shape[0]
    m = min(n, Phi.shape[1])
    primal_gram = Phi[:, :m].T @ Phi[:, :m]  # (m, m): every p <= n uses its top-left block
    primal_rhs = Phi[:, :m].T @ y
    dual_gram = Phi[:, :n] @ Phi[:, :n].T if Phi.shape[1] > n else None  # (n, n), grown from p = n
    done = n
    train, test = [], []
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

    Returns a dict with ``ratios`` (p/n), ``widths``, ``train`` and ``test`` mean squared errors.
    """
    X, y, X_test, y_test = teacher_data(n, d, noise, rng=seed, n_test=n_test)
    p_max = int(round(max_ratio * n))
    features = RandomReLUFeatures(d, p_max, rng=seed + 1)
    widths = np.unique(np.round(np.linspace(1, p_max, n_widths)).astype(int))
    widths = np.unique(np.append(widths, n))  # the interpolation threshold itself
    train, test = sweep(features.transform(X), y, features.transform(X_test), y_test, widths, ridge)
    return {"ratios": widths / n, "widths": widths, "train": train, "test": test}


def linear_regression_curve(n=100, D=300, noise=0.5, ridge=0.0, seed=0, n_test=2000):
    r"""Double descent of plain linear regression with the number of features used as capacity.

    $y = x^T \beta + \varepsilon$ with $x \in \mathbb{R}^D$ and $\beta$ spread over all $D$
    features; a model that uses only the first $p$ features is fitted by minimum-norm least
    squares, for $p = 1 \dots D$.
    """
    rng = as_rng(seed)
    beta = rng.standard_normal(D) / np.sqrt(D)
    X, X_test = rng.standard_normal((n, D)), rng.standard_normal((n_test, D))
    y = X @ beta + noise * rng.standard_normal(n)
    widths = np.arange(1, D + 1)
    train, test = sweep(X, y, X_test, X_test @ beta, widths, ridge)
    return {"ratios": widths / n, "widths": widths, "train": train, "test": test}
