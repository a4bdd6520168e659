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

import difflib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._checks import describe, all_finite, array, as_rng, first_nonfinite, integer, interval, number, unknown_name
from .errors import InputError, LectureNNError
from .layers import Parameter
from . import optim
from .optim import Optimizer

__all__ = ["Surface", "quadratic", "rosenbrock", "beale", "saddle", "local_minimum", "SURFACES",
           "get_surface", "Run", "run_optimizer", "run_optimizer_batch"]


def _points(xy, who: str) -> np.ndarray:
    """``xy`` as a finite float array of one point (2,) or of points (..., 2); an InputError otherwise."""
    if type(xy) is np.ndarray and xy.dtype == np.float64 and xy.ndim >= 1 and xy.shape[-1] == 2 \
            and all_finite(xy):
        return xy  # the common case, checked in a microsecond
    expected = "one point (x, y) of shape (2,) or points of shape (..., 2) such as (N, 2)"
    if xy is None or isinstance(xy, (str, bytes, dict, set)) or callable(xy):
        raise InputError(f"{who} expects xy, {expected}, got {describe(xy)}")
    try:
        a = np.asarray(xy)
    except (TypeError, ValueError) as e:  # ragged lists
        raise InputError(f"{who} expects xy, {expected}, could not read {describe(xy)}: {e}") from None
    if a.dtype.kind not in "iuf":
        raise InputError(f"{who} expects xy, {expected}, as real numbers, got an array of dtype {a.dtype}")
    a = a.astype(np.float64)
    if a.ndim == 0 or a.shape[-1] != 2:
        hint = "; for points given as columns (2, N) pass xy.T" if a.ndim == 2 and a.shape[0] == 2 else ""
        raise InputError(f"{who} expects xy, {expected}, got shape {a.shape}{hint}")
    if not all_finite(a):
        raise InputError(f"{who} got a non-finite value in xy: {first_nonfinite(a)}")
    return a


class _OnPoints:
    """A surface's ``f`` or ``grad``: checks the points it is given and that the answer is finite.

    ``raw`` is the bare function; the optimizer runs call it directly on their (already
    checked) points, NaN rows of diverged runs included.
    """

    def __init__(self, raw, who: str):
        self.raw = raw
        self.who = who

    def __call__(self, xy):
        xy = _points(xy, self.who)
        with np.errstate(over="ignore", invalid="ignore"):
            out = self.raw(xy)
        if not all_finite(np.asarray(out)):
            bad = np.argwhere(~np.isfinite(np.asarray(out, dtype=np.float64)))[0]
            point = xy[tuple(bad[:xy.ndim - 1])]
            raise InputError(f"{self.who}: the value at xy = ({point[0]:g}, {point[1]:g}) overflows to "
                             f"{np.asarray(out)[tuple(bad)]}; that point is too far out for float64")
        return out

    def __repr__(self):
        return f"<{self.who} of points xy (..., 2)>"


def _probe(fn, points, want_shape, what: str, name: str):
    """Evaluate a new surface's ``f`` or ``grad`` once, so a function written for one point is caught."""
    try:
        with np.errstate(all="ignore"):
            out = fn(points)
    except Exception as e:  # noqa: BLE001 - the student's function: say which argument failed
        raise InputError(f"Surface {name!r}: {what}(xy) raised {type(e).__name__}: {e} for xy of shape "
                         f"{points.shape}; {what} must take points xy (..., 2), with x = xy[..., 0] and "
                         f"y = xy[..., 1]") from None
    if np.shape(out) != want_shape:
        raise InputError(f"Surface {name!r}: {what} must map points xy of shape {points.shape} to shape "
                         f"{want_shape}, got shape {np.shape(out)} (write x = xy[..., 0], y = xy[..., 1])")
    try:
        finite = all_finite(np.asarray(out, dtype=np.float64))
    except (TypeError, ValueError):
        finite = False
    if not finite:
        raise InputError(f"Surface {name!r}: {what} must give finite numbers at the start, the first minimum "
                         f"and the corners of the window, got {np.asarray(out)!r}")


def _pair(value, name: str, who: str) -> tuple[float, float]:
    a = array(value, name, shape=(2,), who=who)
    return float(a[0]), float(a[1])


@dataclass(frozen=True)
class Surface:
    """A 2D function with its gradient, known minima, a plotting window and a default start.

    ``f(xy)`` and ``grad(xy)`` take one point (2,) or points (..., 2), finite, and return
    values (...) and gradients (..., 2); anything else, or a point so far out that the value
    overflows, raises an :class:`~lecture_nn.errors.InputError` naming ``xy``.
    ``f`` and ``grad`` given to the constructor must work on points (..., 2).
    """

    name: str
    f: Callable[[np.ndarray], np.ndarray]  # (..., 2) -> (...)
    grad: Callable[[np.ndarray], np.ndarray]  # (..., 2) -> (..., 2)
    minima: tuple  # ((x, y), ...), the global minimum first
    x_range: tuple
    y_range: tuple
    start: tuple

    def __post_init__(self):
        name = self.name
        if not isinstance(name, str) or not name.strip():
            raise InputError(f"Surface: name must be a non-empty string, got {describe(name)}")
        who = f"Surface {name!r}"
        functions = {}
        for what in ("f", "grad"):
            fn = getattr(self, what)
            fn = fn.raw if isinstance(fn, _OnPoints) else fn  # dataclasses.replace passes them back
            if not callable(fn) or isinstance(fn, type):
                raise InputError(f"{who}: {what} must be a function of points xy (..., 2), got {describe(fn)}")
            functions[what] = fn
        minima = self.minima
        if isinstance(minima, (str, bytes)) or not isinstance(minima, (tuple, list, np.ndarray)) or len(minima) == 0:
            raise InputError(f"{who}: minima must be a non-empty tuple of points ((x, y), ...), "
                             f"got {describe(minima)}")
        m = array(minima, "minima", who=who)
        if m.shape == (2,):
            raise InputError(f"{who}: minima must be a tuple of points ((x, y), ...), got one point "
                             f"{tuple(m.tolist())}; write (({m[0]:g}, {m[1]:g}),)")
        if m.ndim != 2 or m.shape[1] != 2:
            raise InputError(f"{who}: minima must be a tuple of points ((x, y), ...), got shape {m.shape}")
        x_range, y_range = interval(self.x_range, "x_range"), interval(self.y_range, "y_range")
        start = _pair(self.start, "start", who)
        for field_name, value in (("minima", tuple((float(x), float(y)) for x, y in m)), ("x_range", x_range),
                                  ("y_range", y_range), ("start", start)):
            object.__setattr__(self, field_name, value)
        probe = np.array([start, self.minima[0], (x_range[0], y_range[0]), (x_range[1], y_range[1])])
        _probe(functions["f"], probe, (4,), "f", name)
        _probe(functions["f"], probe[0], (), "f", name)
        _probe(functions["grad"], probe, (4, 2), "grad", name)
        object.__setattr__(self, "f", _OnPoints(functions["f"], f"{name}: f"))
        object.__setattr__(self, "grad", _OnPoints(functions["grad"], f"{name}: grad"))

    def __call__(self, xy):
        return self.f(xy)

    @property
    def minimum(self) -> np.ndarray:
        """The global minimum (x, y), (2,)."""
        return np.array(self.minima[0])

    @property
    def f_min(self) -> float:
        """The value of f at the global minimum."""
        return float(self.f(self.minimum))


def quadratic(condition: float = 10.0, angle: float = 0.0) -> Surface:
    r"""$f = \frac12 (u^2 + \kappa v^2)$ for $(u, v)$ = $(x, y)$ rotated by ``angle`` (radians).

    $\kappa$ = ``condition``, the ratio of the largest to the smallest curvature: gradient
    descent needs $\eta < 2/\kappa$ across the valley, yet crawls along it at that rate.
    ``condition`` in [1, 1e6]: beyond, a rotated Hessian rounds the curvature 1 away in float64.
    """
    kappa = number(condition, "quadratic: condition", 1.0, 1e6)  # beyond, float64 loses the flat direction
    angle = number(angle, "quadratic: angle")
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
    r"""$f = (a - x)^2 + b (y - x^2)^2$, minimum $(a, a^2)$ at the end of a curved valley.

    ``a`` in [-10, 10], ``b`` in (0, 1e6] (for b <= 0 the valley floor is no minimum). The
    plotting window grows to hold the minimum.
    """
    a = number(a, "rosenbrock: a", -10.0, 10.0)
    b = number(b, "rosenbrock: b", 0.0, 1e6, low_open=True)

    def f(xy):
        x, y = xy[..., 0], xy[..., 1]
        return (a - x) ** 2 + b * (y - x * x) ** 2

    def grad(xy):
        x, y = xy[..., 0], xy[..., 1]
        r = y - x * x
        return np.stack([-2 * (a - x) - 4 * b * x * r, 2 * b * r], axis=-1)

    # its own name when not the default one: the demos cache contour grids by name
    name = "rosenbrock" if (a, b) == (1.0, 100.0) else f"rosenbrock (a {a:g}, b {b:g})"
    x_range = (min(-2.0, a - 1.0), max(2.0, a + 1.0))
    y_range = (min(-1.0, a * a - 1.0), max(3.0, a * a + 1.0))
    return Surface(name, f, grad, ((a, a * a),), x_range, y_range, (-1.5, 2.5))


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
    """A Surface, from a Surface or a name in ``SURFACES`` (any case; ``"local minimum"`` works too)."""
    if isinstance(surface, Surface):
        return surface
    if isinstance(surface, str):
        key = surface.strip().lower().replace(" ", "_").replace("-", "_")
        if key in SURFACES:
            return SURFACES[key]()
        raise unknown_name("surface", surface, SURFACES)
    for key, make in SURFACES.items():
        if surface is make:
            raise InputError(f"surface must be a Surface or a name such as {key!r}, got the function {key}; "
                             f"call it: {key}()")
    raise InputError(f"surface must be a Surface or one of the names {', '.join(map(repr, SURFACES))}, "
                     f"got {describe(surface)}")


class _RunFields(NamedTuple):
    path: np.ndarray
    losses: np.ndarray
    diverged_at: int | None


class Run(_RunFields):
    """An optimizer's walk: ``path`` (steps+1, 2) points, ``losses`` (steps+1,) values of f,
    ``diverged_at``: the first step whose point was lost (non-finite, |x| or |y| >= 1e6, or f
    not finite there), else None; ``diverged`` says the same as a bool.

    A run that diverged holds NaN in ``path`` and ``losses`` from step ``diverged_at`` on
    (NaN plots as nothing) and only there: before it, and in a run that did not diverge,
    every number is finite. The constructor checks exactly that.
    """

    __slots__ = ()

    def __new__(cls, path, losses, diverged_at=None):
        path = array(path, "path", shape=(None, 2), finite=False, who="Run")
        losses = array(losses, "losses", ndim=1, finite=False, who="Run")
        if losses.shape[0] != path.shape[0]:
            raise InputError(f"Run: losses must hold one value per point of path, {path.shape[0]}, "
                             f"got shape {losses.shape}")
        n = path.shape[0]
        if diverged_at is not None:
            diverged_at = integer(diverged_at, "Run: diverged_at (the step where the run was lost, or None)",
                                  0, n - 1)
        end = n if diverged_at is None else diverged_at
        for name, values in (("path", path), ("losses", losses)):
            if not all_finite(values[:end]):
                step = int(np.argwhere(~np.isfinite(values[:end]))[0][0])
                raise InputError(f"Run: {name} is not finite at step {step}, before diverged_at = {diverged_at}; "
                                 "a run that diverged must say where (diverged_at)")
            if not np.isnan(values[end:]).all():
                raise InputError(f"Run: {name} must be NaN from step diverged_at = {diverged_at} on")
        return super().__new__(cls, path, losses, diverged_at)

    @property
    def diverged(self) -> bool:
        """True when the run was lost at step ``diverged_at``."""
        return self.diverged_at is not None


DIVERGED = 1e6  # a coordinate this large is far outside every plot: the run has diverged
MAX_STEPS = 100_000  # about a second for one run
MAX_POINTS = 10_000_000  # (steps + 1) * K points stored at most: 160 MB

#: the optimizers ``run_optimizer`` also takes by name (any case): those of ``lecture_nn.optim``
OPTIMIZERS = optim.OPTIMIZERS


def _optimizer(optimizer_cls, who: str):
    """The optimizer's constructor, its name, and its hyperparameters: (names, required, takes any)."""
    factory = None
    if isinstance(optimizer_cls, str):
        for name, cls in OPTIMIZERS.items():
            if name.lower() == optimizer_cls.strip().lower():
                factory = cls
        if factory is None:
            raise InputError(f"{who}: optimizer_cls: {unknown_name('optimizer', optimizer_cls, OPTIMIZERS)}")
    elif isinstance(optimizer_cls, type) and issubclass(optimizer_cls, Optimizer):
        if optimizer_cls is Optimizer:
            raise InputError(f"{who}: optimizer_cls must be an optimizer with an update rule such as SGD or "
                             "Adam, got the base class Optimizer")
        factory = optimizer_cls
    elif inspect.ismethod(optimizer_cls) and isinstance(optimizer_cls.__self__, type) \
            and issubclass(optimizer_cls.__self__, Optimizer):
        factory = optimizer_cls  # a constructor such as Momentum.from_heavy_ball
    elif isinstance(optimizer_cls, Optimizer):
        name = type(optimizer_cls).__name__
        raise InputError(f"{who}: optimizer_cls must be an optimizer class such as {name}, without "
                         f"parentheses, got an instance {name}(...); {who} makes the optimizer itself, for "
                         f"the point theta = (x, y), from the hyperparameters given as keywords (lr=...)")
    elif isinstance(optimizer_cls, type):
        raise InputError(f"{who}: optimizer_cls must be an optimizer class such as SGD or Adam, got the class "
                         f"{optimizer_cls.__name__}, which is not an Optimizer")
    else:
        raise InputError(f"{who}: optimizer_cls must be an optimizer class such as SGD or Adam (or its name, "
                         f"'Adam'), got {describe(optimizer_cls)}")
    label = getattr(factory, "__qualname__", getattr(factory, "__name__", "the optimizer"))
    try:
        parameters = list(inspect.signature(factory).parameters.values())[1:]  # after params
    except (TypeError, ValueError):
        return factory, label, [], [], True
    keyword = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    names = [p.name for p in parameters if p.kind in keyword]
    required = [p.name for p in parameters if p.kind in keyword and p.default is inspect.Parameter.empty]
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)
    return factory, label, names, required, takes_any


def _hyperparameters(optimizer, hyperparameters: dict, who: str, batch: bool) -> dict:
    """Known names, each a finite number (or, for a batch, a 1-D array of them); in the optimizer's order."""
    factory, label, names, required, takes_any = optimizer
    if not takes_any:
        for name in hyperparameters:
            if name not in names:
                by_lower = {n.lower(): n for n in names}
                close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
                hint = f" Did you mean {by_lower[close[0]]!r}?" if close else ""
                if name == "betas" and {"beta1", "beta2"} <= set(names):
                    hint = " torch's betas=(b1, b2) are two arguments here: beta1=b1, beta2=b2."
                raise InputError(f"{who}: {label} (optimizer_cls) has no hyperparameter {name!r}; its "
                                 f"hyperparameters are {', '.join(names) or 'none'}.{hint}")
    missing = [name for name in required if name not in hyperparameters]
    if missing:
        raise InputError(f"{who}: {label} (optimizer_cls) needs the hyperparameter(s) {', '.join(missing)}, e.g. "
                         f"{who}(surface, {label}, {missing[0]}=0.1)")
    checked = {}
    for name, value in hyperparameters.items():
        if isinstance(value, (list, tuple, np.ndarray)) and np.ndim(np.asarray(value, dtype=object)) > 0:
            if not batch:
                raise InputError(f"{who} takes one value per hyperparameter, got {name} of shape "
                                 f"{np.shape(np.asarray(value, dtype=object))}; use run_optimizer_batch for sweeps")
            _refuse_bools(value, name, who)
            checked[name] = array(value, name, ndim=1, who=who)
        else:
            checked[name] = number(value, f"{who}: {name}")
    return checked


def _refuse_bools(value, name: str, who: str):
    """True/False where numbers belong: numpy would read them as 1.0/0.0 without a word."""
    items = np.ravel(np.asarray(value, dtype=object)) if isinstance(value, (list, tuple, np.ndarray)) else ()
    if any(isinstance(v, (bool, np.bool_)) for v in items):
        raise InputError(f"{who}: {name} must hold numbers, got True/False in {describe(value)}")


def _start(x0, who: str, batch: bool) -> np.ndarray:
    _refuse_bools(x0, "x0", who)
    if batch:
        x0 = array(x0, "x0", ndim=(1, 2), who=who)
        if x0.shape[-1] != 2:
            raise InputError(f"{who}: x0 must be a finite point (x, y) of shape (2,) or (K, 2), got shape {x0.shape}")
    else:
        if x0 is None or isinstance(x0, (str, bytes, dict, set)) or np.shape(np.asarray(x0, dtype=object)) != (2,):
            shape = np.shape(np.asarray(x0, dtype=object)) if isinstance(x0, (list, tuple, np.ndarray)) else None
            got = f"shape {shape}" if shape is not None else describe(x0)
            raise InputError(f"{who}: x0 must be one point (x, y), got {got}")
        x0 = array(x0, "x0", shape=(2,), who=who)
    if np.abs(x0).max() >= DIVERGED:
        raise InputError(f"{who}: x0 must lie within |x|, |y| < {DIVERGED:g} (farther out a run counts as "
                         f"diverged), got {x0.tolist()}")
    return x0


def _walk(surface: Surface, optimizer, x0, steps: int, noise: float, rng, hp: dict, who: str):
    """The loop behind both public functions, on checked arguments."""
    factory, label = optimizer[:2]
    sizes = {name: np.size(v) for name, v in hp.items() if np.ndim(v) > 0}
    if x0.ndim == 2:
        sizes["x0"] = x0.shape[0]
    if len(set(sizes.values())) > 1:
        raise InputError(f"{who}: array hyperparameters and x0 must all have the same length K, got lengths "
                         f"{sorted(set(sizes.values()))} ({', '.join(f'{k}: {n}' for k, n in sizes.items())})")
    K = next(iter(sizes.values())) if sizes else 1
    if K == 0:
        raise InputError(f"{who}: at least one run is needed, got K = 0 ({', '.join(sizes)} empty)")
    if (steps + 1) * K > MAX_POINTS:
        raise InputError(f"{who}: steps = {steps} for K = {K} runs would store {(steps + 1) * K} points, more "
                         f"than {MAX_POINTS}; use fewer steps or runs")
    hp = {k: (v.reshape(K, 1) if np.ndim(v) > 0 else v) for k, v in hp.items()}
    theta = Parameter(np.array(np.broadcast_to(x0, (K, 2))), "theta")  # (K, 2)
    try:
        opt = factory([theta], **hp)
    except LectureNNError:
        raise
    except (ValueError, TypeError) as e:  # the optimizer's own check of its hyperparameters
        raise InputError(f"{who}: {e}") from None
    if not isinstance(opt, Optimizer):
        raise InputError(f"{who}: optimizer_cls {label} must make an Optimizer, got {describe(opt)}")
    f, grad = surface.f.raw, surface.grad.raw
    paths = np.full((steps + 1, K, 2), np.nan)
    losses = np.full((steps + 1, K), np.nan)
    diverged_at = np.full(K, -1)
    alive = np.ones(K, dtype=bool)
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run must not warn, only stop
        for k in range(steps + 1):
            point = theta.value
            value = np.asarray(f(point), dtype=np.float64)  # (K,)
            lost = alive & ~(np.all(np.abs(point) < DIVERGED, axis=1) & np.isfinite(value))
            if lost.any():
                diverged_at[lost] = k
                alive &= ~lost
                point[lost] = np.nan  # frozen: NaN stays NaN, and plots as nothing
                value = np.where(lost, np.nan, value)
            paths[k] = point
            losses[k] = value
            if k == steps:
                break
            g = grad(point)
            if noise:
                g = g + noise * rng.standard_normal(g.shape)
            theta.grad = g
            opt.step()
    return paths, losses, diverged_at


def run_optimizer_batch(surface, optimizer_cls, x0, steps, noise=0.0, rng=None, **hyperparameters):
    r"""K runs at once: every hyperparameter given as a length-K array gets one value per run.

    ``x0``: (2,) shared or (K, 2) per run. Returns ``paths`` (steps+1, K, 2), ``losses``
    (steps+1, K) and ``diverged_at`` (K,) with -1 for runs that never diverged; a run that
    diverged holds NaN from its ``diverged_at`` on (see :class:`Run`). The runs are
    independent: the optimizer's update is elementwise, so the K rows never mix.
    ``noise``: standard deviation of Gaussian noise added to every gradient, to mimic the
    scatter of mini-batch gradients. ``optimizer_cls`` as in :func:`run_optimizer`.
    """
    who = "run_optimizer_batch"
    surface = get_surface(surface)
    optimizer = _optimizer(optimizer_cls, who)
    x0 = _start(x0, who, batch=True)
    steps = integer(steps, f"{who}: steps", 0, MAX_STEPS)
    noise = number(noise, f"{who}: noise", low=0)
    rng = as_rng(rng)
    hp = _hyperparameters(optimizer, hyperparameters, who, batch=True)
    return _walk(surface, optimizer, x0, steps, noise, rng, hp, who)


def run_optimizer(surface, optimizer_cls, x0=None, steps=100, noise=0.0, rng=None, **hyperparameters) -> Run:
    """Walk ``surface`` from ``x0`` (default: the surface's start) with ``optimizer_cls(**hyperparameters)``.

    ``run_optimizer("rosenbrock", Adam, (-1.5, 2.5), 500, lr=0.05)`` returns a :class:`Run`.
    ``optimizer_cls`` is the class (``Adam``, not ``Adam(...)``), a constructor such as
    ``Momentum.from_heavy_ball``, or the name of one of SGD, Momentum, RMSprop, Adam in any
    case (``"adam"``). ``steps`` in 0..100000; ``noise`` >= 0 as in :func:`run_optimizer_batch`.
    A run that diverges is not an error: its :class:`Run` says where (``diverged_at``).
    """
    who = "run_optimizer"
    surface = get_surface(surface)
    optimizer = _optimizer(optimizer_cls, who)
    x0 = _start(surface.start if x0 is None else x0, who, batch=False)
    steps = integer(steps, f"{who}: steps", 0, MAX_STEPS)
    noise = number(noise, f"{who}: noise", low=0)
    rng = as_rng(rng)
    hp = _hyperparameters(optimizer, hyperparameters, who, batch=False)
    paths, losses, diverged_at = _walk(surface, optimizer, x0, steps, noise, rng, hp, who)
    return Run(paths[:, 0], losses[:, 0], int(diverged_at[0]) if diverged_at[0] >= 0 else None)
