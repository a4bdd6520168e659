r"""Two-dimensional test functions $f(x, y)$ with exact gradients, and optimizer runs on them.

The same optimizer objects that train an MLP walk these surfaces: the parameter is
$\theta = (x, y)$. Each ``Surface`` evaluates on arrays of points of shape (..., 2).

* ``quadratic(condition)``: an elongated bowl, the picture behind momentum and RMSprop;
* ``rosenbrock()``: a curved, flat-bottomed valley, minimum (1, 1);
* ``beale()``: sharp ridges and flat plateaus, minimum (3, 0.5);
* ``saddle()``: a saddle point at the origin between two minima (0, ±1);
* ``local_minimum()``: a shallow local minimum on the way to the global one ("momentum helps
  getting out of small local minima").
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ._checks import as_rng, positive_int, unknown_name
from .layers import Parameter

__all__ = ["Surface", "quadratic", "rosenbrock", "beale", "saddle", "local_minimum", "SURFACES",
           "get_surface", "Run", "run_optimizer", "run_optimizer_batch"]


@dataclass(frozen=True)
class Surface:
    """A 2D function with its gradient, known minima, a plotting window and a default start."""

    name: str
    f: Callable[[np.ndarray], np.ndarray]  # (..., 2) -> (...)
    grad: Callable[[np.ndarray], np.ndarray]  # (..., 2) -> (..., 2)
    minima: tuple  # ((x, y), ...), the global minimum first
    x_range: tuple
    y_range: tuple
    start: tuple

    def __post_init__(self):
        # accept tuples and lists as points: wrap both functions once
        f, grad = self.f, self.grad
        object.__setattr__(self, "f", lambda xy: f(np.asarray(xy, dtype=np.float64)))
        object.__setattr__(self, "grad", lambda xy: grad(np.asarray(xy, dtype=np.float64)))

    def __call__(self, xy):
        return self.f(xy)

    @property
    def minimum(self) -> np.ndarray:
        return np.array(self.minima[0])

    @property
    def f_min(self) -> float:
        return float(self.f(self.minimum))


def quadratic(condition: float = 10.0, angle: float = 0.0) -> Surface:
    r"""$f = \frac12 (u^2 + \kappa v^2)$ for $(u, v)$ = $(x, y)$ rotated by ``angle`` (radians).

    $\kappa$ = ``condition``, the ratio of the largest to the smallest curvature: gradient
    descent needs $\eta < 2/\kappa$ across the valley, yet crawls along it at that rate.
    """
    kappa = float(condition)
    if not (np.isfinite(kappa) and kappa >= 1):
        raise ValueError(f"condition must be a number >= 1, got {condition!r}")
    c, s = np.cos(angle), np.sin(angle)
    R = np.array([[c, s], [-s, c]])  # (u, v) = R (x, y)
    H = R.T @ np.diag([1.0, kappa]) @ R  # the Hessian

    def f(xy):
        return 0.5 * np.einsum("...i,ij,...j->...", xy, H, xy)

    def grad(xy):
        return xy @ H  # H is symmetric

    return Surface(f"quadratic (condition {kappa:g})", f, grad, ((0.0, 0.0),), (-5.0, 5.0), (-3.0, 3.0),
                   (-4.5, 2.0))


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Surface:
    r"""$f = (a - x)^2 + b (y - x^2)^2$, minimum $(a, a^2)$ at the end of a curved valley."""

    def f(xy):
        x, y = xy[..., 0], xy[..., 1]
        return (a - x) ** 2 + b * (y - x * x) ** 2

    def grad(xy):
        x, y = xy[..., 0], xy[..., 1]
        r = y - x * x
        return np.stack([-2 * (a - x) - 4 * b * x * r, 2 * b * r], axis=-1)

    return Surface("rosenbrock", f, grad, ((a, a * a),), (-2.0, 2.0), (-1.0, 3.0), (-1.5, 2.5))


_BEALE_C = (1.5, 2.25, 2.625)


def beale() -> Surface:
    r"""$f = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2$, minimum (3, 0.5)."""

    def f(xy):
        x, y = xy[..., 0], xy[..., 1]
        return sum((c - x + x * y ** (n + 1)) ** 2 for n, c in enumerate(_BEALE_C))

    def grad(xy):
        x, y = xy[..., 0], xy[..., 1]
        dx = np.zeros_like(x)
        dy = np.zeros_like(y)
        for n, c in enumerate(_BEALE_C):
            p = n + 1
            r = c - x + x * y ** p
            dx = dx + 2 * r * (y ** p - 1)
            dy = dy + 2 * r * p * x * y ** (p - 1)
        return np.stack([dx, dy], axis=-1)

    return Surface("beale", f, grad, ((3.0, 0.5),), (-4.5, 4.5), (-4.5, 4.5), (1.0, 1.5))


def saddle() -> Surface:
    r"""$f = x^2 + \frac14 y^4 - \frac12 y^2$: a saddle at the origin, minima $(0, \pm 1)$ with $f = -\frac14$.

    Started on the ridge $y \approx 0$, gradient descent creeps toward the saddle before it
    slides off; gradient noise (mini-batches) pushes it off sooner.
    """

    def f(xy):
        x, y = xy[..., 0], xy[..., 1]
        return x * x + 0.25 * y ** 4 - 0.5 * y * y

    def grad(xy):
        x, y = xy[..., 0], xy[..., 1]
        return np.stack([2 * x, y ** 3 - y], axis=-1)

    return Surface("saddle", f, grad, ((0.0, 1.0), (0.0, -1.0)), (-2.0, 2.0), (-2.0, 2.0), (-1.8, 0.01))


def local_minimum() -> Surface:
    r"""$f = x^4 - 4x^2 + 3x + y^2$: a shallow local minimum near $x = 1.16$, the global one near $x = -1.57$.

    From the default start on the right, plain gradient descent stops in the shallow minimum;
    momentum can carry the ball over the ridge near $x = 0.4$ into the deep one.
    """

    def f(xy):
        x, y = xy[..., 0], xy[..., 1]
        return x ** 4 - 4 * x * x + 3 * x + y * y

    def grad(xy):
        x, y = xy[..., 0], xy[..., 1]
        return np.stack([4 * x ** 3 - 8 * x + 3, 2 * y], axis=-1)

    roots = np.sort(np.roots([4.0, 0.0, -8.0, 3.0]).real)  # g'(x) = 0: minimum, ridge, minimum
    minima = ((float(roots[0]), 0.0), (float(roots[2]), 0.0))
    return Surface("local minimum", f, grad, minima, (-2.5, 2.5), (-2.0, 2.0), (2.3, 1.5))


#: name -> function making the surface (with its default arguments)
SURFACES = {"quadratic": quadratic, "rosenbrock": rosenbrock, "beale": beale, "saddle": saddle,
            "local_minimum": local_minimum}


def get_surface(surface) -> Surface:
    """A Surface, from a Surface or a name in ``SURFACES``."""
    if isinstance(surface, Surface):
        return surface
    if surface in SURFACES:
        return SURFACES[surface]()
    raise unknown_name("surface", surface, SURFACES)


class Run(NamedTuple):
    """An optimizer's walk: ``path`` (steps+1, 2) points, ``losses`` (steps+1,) values of f,
    ``diverged_at``: the first step whose point was lost (non-finite or |x|, |y| > 1e6), else None.
    After divergence the path holds NaN, which plots as nothing."""

    path: np.ndarray
    losses: np.ndarray
    diverged_at: int | None


DIVERGED = 1e6  # a coordinate this large is far outside every plot: the run has diverged


def run_optimizer_batch(surface, optimizer_cls, x0, steps, noise=0.0, rng=None, **hyperparameters):
    r"""K runs at once: every hyperparameter given as a length-K array gets one value per run.

    ``x0``: (2,) shared or (K, 2) per run. Returns ``paths`` (steps+1, K, 2), ``losses``
    (steps+1, K) and ``diverged_at`` (K,) with -1 for runs that never diverged. The runs are
    independent: the optimizer's update is elementwise, so the K rows never mix.
    ``noise``: standard deviation of Gaussian noise added to every gradient, to mimic the
    scatter of mini-batch gradients.
    """
    surface = get_surface(surface)
    steps = positive_int(steps, "steps")
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    sizes = {np.size(v) for v in hyperparameters.values() if np.ndim(v) > 0}
    x0 = np.asarray(x0, dtype=np.float64)
    if x0.shape[-1:] != (2,) or x0.ndim > 2 or not np.all(np.isfinite(x0)):
        raise ValueError(f"x0 must be a finite point (x, y) of shape (2,) or (K, 2), got {x0.shape}")
    if x0.ndim == 2:
        sizes.add(x0.shape[0])
    if len(sizes) > 1:
        raise ValueError(f"array hyperparameters and x0 must all have the same length K, got lengths {sorted(sizes)}")
    K = sizes.pop() if sizes else 1
    hp = {k: (np.asarray(v, dtype=np.float64).reshape(K, 1) if np.ndim(v) > 0 else v)
          for k, v in hyperparameters.items()}
    theta = Parameter(np.broadcast_to(x0, (K, 2)), "theta")  # (K, 2)
    optimizer = optimizer_cls([theta], **hp)
    rng = as_rng(rng)
    paths = np.full((steps + 1, K, 2), np.nan)
    losses = np.full((steps + 1, K), np.nan)
    diverged_at = np.full(K, -1)
    alive = np.ones(K, dtype=bool)
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run must not warn, only stop
        for k in range(steps + 1):
            point = theta.value
            lost = alive & ~(np.all(np.abs(point) < DIVERGED, axis=1))
            if lost.any():
                diverged_at[lost] = k
                alive &= ~lost
                point[lost] = np.nan  # frozen: NaN stays NaN, and plots as nothing
            paths[k] = point
            losses[k] = surface.f(point)
            if k == steps:
                break
            g = surface.grad(point)
            if noise:
                g = g + noise * rng.standard_normal(g.shape)
            theta.grad = g
            optimizer.step()
    return paths, losses, diverged_at


def run_optimizer(surface, optimizer_cls, x0=None, steps=100, noise=0.0, rng=None, **hyperparameters) -> Run:
    """Walk ``surface`` from ``x0`` (default: the surface's start) with ``optimizer_cls(**hyperparameters)``.

    ``run_optimizer("rosenbrock", Adam, (-1.5, 2.5), 500, lr=0.05)`` returns a :class:`Run`.
    """
    surface = get_surface(surface)
    for name, value in hyperparameters.items():
        if np.ndim(value) > 0:
            raise ValueError(f"run_optimizer takes one value per hyperparameter, got {name} of shape "
                             f"{np.shape(value)}; use run_optimizer_batch for sweeps")
    x0 = surface.start if x0 is None else x0
    if np.shape(x0) != (2,):
        raise ValueError(f"x0 must be one point (x, y), got shape {np.shape(x0)}")
    paths, losses, diverged_at = run_optimizer_batch(surface, optimizer_cls, x0, steps, noise, rng,
                                                     **hyperparameters)
    return Run(paths[:, 0], losses[:, 0], int(diverged_at[0]) if diverged_at[0] >= 0 else None)
