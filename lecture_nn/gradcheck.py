r"""Gradient checking: compare backprop with central differences.

$\frac{\partial f}{\partial \theta_k} \approx \frac{f(\theta + h e_k) - f(\theta - h e_k)}{2h}$,
error $O(h^2)$ from the Taylor series plus about $\epsilon_{\text{machine}} |f| / h$ from
rounding; $h = 10^{-5}$ in float64 balances the two, so a correct backward agrees to
about $10^{-9}$ or better (see ``rel_error``), and a wrong one is off by $10^{-2}$ or more.
"""

from __future__ import annotations

import numpy as np

__all__ = ["numerical_gradient", "rel_error", "check_gradients", "GradientCheck"]


def numerical_gradient(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    r"""Central-difference gradient of a scalar function ``f(x)`` at the array ``x``.

    ``x`` is perturbed in place one entry at a time and restored, so ``f`` may read it
    through a model (``f = lambda _: loss_fn(model(X), y)``). Costs $2 \times$ ``x.size``
    calls of ``f``.
    """
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise ValueError(f"numerical_gradient expects a float numpy array x, got {type(x).__name__}"
                         + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else ""))
    if x.dtype != np.float64:
        raise ValueError(f"numerical_gradient needs float64 (got {x.dtype}): with float32 rounding "
                         "the central difference is only good to ~1e-2; build the model in float64")
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)  # views: writes go to x and grad
    for k in range(flat.size):
        old = flat[k]
        flat[k] = old + h
        f_plus = float(f(x))
        flat[k] = old - h
        f_minus = float(f(x))
        flat[k] = old
        gflat[k] = (f_plus - f_minus) / (2 * h)
    return grad


def rel_error(a, b) -> float:
    r"""Largest difference relative to the size of the gradient: $\max_k |a_k - b_k| / (\max_k |a_k| + \max_k |b_k|)$.

    Why not entry by entry, $|a_k - b_k| / (|a_k| + |b_k|)$? Rounding leaves every numerical
    entry with an absolute noise of about $10^{-11}$; an entry that is itself $10^{-6}$ (a
    weight that barely matters) would then show $10^{-5}$ although backprop is right. Measured
    against the largest entry, a correct gradient gives about $10^{-9}$ or less, and a wrong
    entry of ordinary size still shows $10^{-2}$ or more. Two all-zero arrays give 0.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error expects two arrays of one shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    scale = np.max(np.abs(a)) + np.max(np.abs(b))
    return float(np.max(np.abs(a - b)) / scale) if scale > 0 else 0.0


class GradientCheck(dict):
    """Per-parameter max relative error (a dict ``name -> error``) with a readable report.

    ``str(result)`` or ``print(result)`` gives a table; ``result.passed`` says whether every
    error is below ``result.tol``.
    """

    def __init__(self, errors: dict, abs_errors: dict, tol: float):
        super().__init__(errors)
        self.abs_errors = abs_errors
        self.tol = tol

    @property
    def max_error(self) -> float:
        return max(self.values(), default=0.0)

    @property
    def passed(self) -> bool:
        return self.max_error < self.tol

    def report(self) -> str:
        width = max([len("parameter")] + [len(n) for n in self])
        lines = [f"{'parameter':<{width}}  rel. error  verdict"]
        for name, err in self.items():
            verdict = "ok" if err < self.tol else "WRONG? check this gradient"
            lines.append(f"{name:<{width}}  {err:10.1e}  {verdict}")
        summary = "all gradients agree" if self.passed else "some gradients disagree"
        lines.append(f"{summary} (tolerance {self.tol:.0e})")
        return "\n".join(lines)

    __str__ = report

    def __repr__(self):
        return self.report()

    def _repr_pretty_(self, p, cycle):
        p.text(self.report())


def check_gradients(model, loss_fn, X, y, *, h: float = 1e-5, tol: float = 1e-7) -> GradientCheck:
    """Compare ``model.backward`` with central differences for every parameter.

    Runs one forward and backward pass, then $2P$ forward passes for the $P$ parameters, so
    keep the model and the batch small. Needs a float64 model. Returns a :class:`GradientCheck`.
    """
    params = model.named_parameters()
    if not params:
        raise ValueError(f"check_gradients: {model!r} has no parameters to check")
    for name, p in params:
        if p.value.dtype != np.float64:
            raise ValueError(f"check_gradients needs a float64 model, parameter {name} is {p.value.dtype}; "
                             "build it with dtype=np.float64 (the default)")
    loss_fn.forward(model.forward(X), y)
    model.backward(loss_fn.backward())
    analytic = {name: p.grad.copy() for name, p in params}

    def f(_):
        return loss_fn.forward(model.forward(X), y)

    errors, abs_errors = {}, {}
    for name, p in params:
        numeric = numerical_gradient(f, p.value, h=h)
        errors[name] = rel_error(analytic[name], numeric)
        abs_errors[name] = float(np.max(np.abs(analytic[name] - numeric)))
    # leave the model as a plain forward/backward would: gradients from the backprop pass
    loss_fn.forward(model.forward(X), y)
    model.backward(loss_fn.backward())
    return GradientCheck(errors, abs_errors, tol)
