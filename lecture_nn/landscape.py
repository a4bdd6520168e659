r"""Loss landscapes as in Li et al. 2018, "Visualizing the loss landscape of neural nets".

Around trained parameters $\theta^*$ pick two random directions $\delta, \eta$ and evaluate
$f(\alpha, \beta) = L(\theta^* + \alpha \delta + \beta \eta)$ on a grid. Raw random directions
make nets of different scale incomparable, so each direction is *filter-normalized*: for a Dense
layer every row $j$ (the incoming weights of unit $j$) is rescaled to the norm of the same row
of $W^*$, $\delta_j \leftarrow \delta_j \, \|W^*_j\| / \|\delta_j\|$; biases are not perturbed.

Directions are lists of arrays shaped like ``model.parameters()``.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_rng, unknown_name
from .layers import Activation, Dense, Sequential

__all__ = ["NORMALIZATIONS", "random_direction", "loss_grid", "loss_grid_loop", "interpolate",
           "project_trajectory", "parameter_vector"]

NORMALIZATIONS = ("filter", "layer", "none")


def parameter_vector(model) -> np.ndarray:
    """All parameters of ``model`` as one flat vector (a copy)."""
    return np.concatenate([p.value.ravel() for p in model.parameters()])


def random_direction(model, rng=None, normalization="filter", perturb_biases=False):
    r"""A Gaussian direction in parameter space, normalized as in Li et al.

    ``normalization``: ``"filter"`` (each row of each W to the norm of that row of $W^*$),
    ``"layer"`` (each W to the norm of $W^*$), or ``"none"`` (raw $N(0, 1)$ entries).
    Biases (1-D parameters) get a zero direction unless ``perturb_biases``.
    """
    if normalization not in NORMALIZATIONS:
        raise unknown_name("normalization", normalization, NORMALIZATIONS)
    rng = as_rng(rng)
    direction = []
    for p in model.parameters():
        d = rng.standard_normal(p.value.shape)
        if p.value.ndim == 1 and not perturb_biases:
            d = np.zeros_like(p.value)
        elif normalization == "filter" and p.value.ndim == 2:
            # row j of W (d', d) holds the incoming weights of unit j: one "filter"
            d *= np.linalg.norm(p.value, axis=1, keepdims=True) / np.linalg.norm(d, axis=1, keepdims=True)
        elif normalization in ("filter", "layer"):
            d *= np.linalg.norm(p.value) / np.linalg.norm(d)
        direction.append(d.astype(p.value.dtype))
    return direction


def _check_model(model):
    if not isinstance(model, Sequential) or not all(isinstance(m, (Dense, Activation)) for m in model.layers):
        raise ValueError(f"loss landscapes need a Sequential of Dense and Activation layers, got {model!r}")


def loss_grid_loop(model, loss_fn, X, y, directions, alphas, betas) -> np.ndarray:
    """Reference: the grid by one forward pass per point (slow; tests compare against it)."""
    delta, eta = directions
    params = model.parameters()
    theta = [p.value.copy() for p in params]
    grid = np.empty((len(betas), len(alphas)))
    try:
        for i, b in enumerate(betas):
            for j, a in enumerate(alphas):
                for p, t, d, e in zip(params, theta, delta, eta):
                    p.value[...] = t + a * d + b * e
                grid[i, j] = loss_fn.forward(model.forward(X), y)
    finally:
        for p, t in zip(params, theta):
            p.value[...] = t
    return grid


def loss_grid(model, loss_fn, X, y, directions, alphas, betas, chunk=4) -> np.ndarray:
    r"""$f[i, j] = L(\theta^* + \alpha_j \delta + \beta_i \eta)$, rows over ``betas``, columns over ``alphas``.

    Batched: ``chunk`` grid points go through the network together as a stack of weight
    matrices, with the bias folded into the first product and no temporaries after it. Measured
    on a 2-64-64-1 net, 1000 points, 51 x 51 grid: ~0.8-0.9 s with chunk 4 against ~1.0 s for a
    forward pass per point; larger chunks were slower here (their activations, k x N x d'
    numbers, no longer fit in the cache). The model's own parameters are not changed.
    """
    _check_model(model)
    delta, eta = directions
    X = model._check_input(X)
    alphas, betas = np.asarray(alphas, dtype=np.float64), np.asarray(betas, dtype=np.float64)
    A_grid, B_grid = np.meshgrid(alphas, betas)  # (len(betas), len(alphas))
    a_all, b_all = A_grid.ravel(), B_grid.ravel()
    theta = [p.value for p in model.parameters()]
    out = np.empty(a_all.size)
    y_checked = loss_fn._targets(y, (X.shape[0], model.d_out), X.dtype) if hasattr(loss_fn, "_targets") else y
    X_aug = np.column_stack([X, np.ones(X.shape[0], dtype=X.dtype)])  # (N, d + 1): the bias as an input
    for start in range(0, a_all.size, chunk):
        a = a_all[start:start + chunk]
        b = b_all[start:start + chunk]
        k = a.size
        H = None  # (k, N, width): the k networks' activations
        index = 0
        for layer in model.layers:
            if isinstance(layer, Dense):
                Wt, bt = theta[index], theta[index + 1]
                dW, db = delta[index], delta[index + 1]
                eW, eb = eta[index], eta[index + 1]
                W = Wt + a[:, None, None] * dW + b[:, None, None] * eW  # (k, d', d)
                bias = bt + a[:, None] * db + b[:, None] * eb  # (k, d')
                if H is None:  # first layer: [X | 1] @ [W | b]^T, one product for all k, bias included
                    W_aug = np.concatenate([W, bias[:, :, None]], axis=2)  # (k, d', d + 1)
                    H = np.matmul(X_aug, W_aug.transpose(0, 2, 1))  # (k, N, d')
                else:
                    H = np.matmul(H, W.transpose(0, 2, 1))  # (k, N, d) @ (k, d, d') -> (k, N, d')
                    H += bias[:, None, :]  # in place: H is a fresh array
                index += 2
            elif layer.name == "relu":
                np.maximum(H, 0.0, out=H)  # the common case, without a temporary
            else:
                H = layer._g(H, **layer.params)
        for m in range(k):
            out[start + m] = loss_fn._forward(H[m], y_checked) if hasattr(loss_fn, "_forward") \
                else loss_fn.forward(H[m], y)
    return out.reshape(A_grid.shape)


def interpolate(model, loss_fn, X, y, theta_start, ts) -> np.ndarray:
    r"""$L((1 - t)\,\theta_0 + t\,\theta^*)$ for each t: the straight path from ``theta_start`` (a flat
    vector, e.g. the initialization) to the model's current parameters $\theta^*$."""
    params = model.parameters()
    theta_star = [p.value.copy() for p in params]
    sizes = np.cumsum([0] + [p.value.size for p in params])
    starts = [theta_start[i:j].reshape(p.value.shape) for i, j, p in zip(sizes[:-1], sizes[1:], params)]
    losses = []
    try:
        for t in np.asarray(ts, dtype=np.float64):
            for p, s, e in zip(params, starts, theta_star):
                p.value[...] = (1 - t) * s + t * e
            losses.append(loss_fn.forward(model.forward(X), y))
    finally:
        for p, e in zip(params, theta_star):
            p.value[...] = e
    return np.array(losses)


def project_trajectory(path, theta_star, directions) -> np.ndarray:
    r"""Coordinates $(\alpha, \beta)$ of each point of ``path`` (K, P flat vectors) in the plane.

    Least squares for $\theta_k - \theta^* \approx \alpha_k \delta + \beta_k \eta$ (the two
    directions need not be orthogonal). Returns (K, 2).
    """
    D = np.column_stack([np.concatenate([d.ravel() for d in direction]) for direction in directions])  # (P, 2)
    offsets = np.asarray(path, dtype=np.float64) - np.asarray(theta_star, dtype=np.float64)  # (K, P)
    coefficients, *_ = np.linalg.lstsq(D, offsets.T, rcond=None)
    return coefficients.T
