r"""Loss functions $L(y, \hat y)$ with their gradient $\partial L / \partial \hat y$.

All use torch's ``reduction="mean"`` definitions. ``forward(pred, y)`` returns a float and
remembers what ``backward()`` needs; ``backward()`` returns $\partial L/\partial \hat y$ with the
shape of ``pred``, ready for ``model.backward``.

``pred`` is (N, d_out). For one output (d_out = 1) targets may be given as (N,) or (N, 1).
Both must be finite real numbers; a loss that overflows (pred far from y, beyond float range)
raises an error instead of returning inf, and leaves what ``backward`` would use unchanged.
"""

from __future__ import annotations

import math

import numpy as np

from ._checks import all_finite, as_float_2d, first_nonfinite
from ._checks import float_array
from .activations import KERNELS
from .errors import InputError, UsageError

__all__ = ["Loss", "MSELoss", "BCEWithLogitsLoss", "CrossEntropyLoss"]

sigmoid = KERNELS["sigmoid"][0]  # the stable formula without input checks: pred is checked before


class Loss:
    """Base class: ``forward`` checks pred and y, then calls ``_forward`` on clean arrays.

    ``loss(pred, y)`` is ``loss.forward(pred, y)``. ``fit`` checks the targets once with
    ``check_targets`` and then calls ``forward(pred, yb, check=False)`` for every mini-batch.
    A loss of one's own defines ``_forward(pred, y)`` and ``_backward()`` (and ``_targets`` when
    its targets are not real numbers shaped like pred).
    """

    _cache = None

    def __init__(self, **options):
        if options:
            hint = ("; lecture_nn's losses are torch's reduction='mean' (the mean over the batch), with no other "
                    "reduction" if "reduction" in options else "")
            raise InputError(f"{type(self).__name__}() takes no arguments, got {sorted(options)}{hint}")

    def __call__(self, pred, y) -> float:
        return self.forward(pred, y)

    def forward(self, pred, y, *, check: bool = True) -> float:
        r"""The loss $L(y, \hat y)$ of ``pred`` (N, d_out) for the targets ``y``; remembers what backward needs.

        ``check=False`` skips every check: ``pred`` must be a float array and ``y`` what
        ``check_targets`` returned (or rows of both), and a loss that overflowed is returned as
        NaN/inf for the caller to handle (``fit`` reports it as a divergence). Default: both are
        checked and a non-finite loss raises an error.
        """
        if not check:
            return self._forward(pred, y)
        pred = self._pred(pred)
        y = self.check_targets(y, pred.shape, pred.dtype)
        before = self._cache
        try:
            loss = self._forward(pred, y)
        except (FloatingPointError, RuntimeWarning):  # numpy's overflow, when warnings are errors
            loss = math.nan
        if not math.isfinite(loss):
            self._cache = before  # refused: backward still belongs to the last good forward
            raise InputError(f"{self!r}: the loss overflowed to {loss} for finite pred and y (largest |pred| = "
                             f"{float(np.abs(pred).max()):g}, largest |y| = {float(np.abs(y).max()):g}); the "
                             f"numbers exceed the {pred.dtype} range. Scale the targets (and so the outputs) down")
        return loss

    def backward(self) -> np.ndarray:
        if self._cache is None:
            raise UsageError(f"{self!r}: backward called before forward; "
                             "compute the loss with forward(pred, y) first")
        return self._backward()

    def _pred(self, pred) -> np.ndarray:
        if not (type(pred) is np.ndarray and pred.dtype.kind in "fiub"):
            pred = float_array(pred, "pred", repr(self))
        dtype = pred.dtype if pred.dtype in (np.float32, np.float64) else np.float64
        return as_float_2d(pred, "pred", dtype, None, self.__repr__)

    def check_targets(self, y, shape, dtype) -> np.ndarray:
        """``y`` as the targets this loss computes with, for outputs of ``shape`` (N, d_out) and ``dtype``.

        What ``forward`` checks about ``y`` (shape, finite values, and the loss's own rules: labels
        in 0..C-1, targets in [0, 1]); an error names what does not fit. A loop over mini-batches
        checks its targets once here and then calls ``forward(..., check=False)``.
        """
        return self._targets(y, shape, dtype)

    def _targets(self, y, shape, dtype) -> np.ndarray:
        """Targets as a float array of pred's ``shape`` (N, d_out); (N,) accepted when d_out = 1."""
        y = float_array(y, "y", repr(self))
        y = y.astype(dtype, copy=False)
        N, d_out = shape
        if y.ndim == 1 and d_out == 1 and y.shape[0] == N:
            y = y.reshape(N, 1)
        if y.shape != shape:
            want = f"({N}, {d_out})" + (f" or ({N},)" if d_out == 1 else "")
            raise InputError(f"{self!r} expects y of shape {want} to match pred (N, d_out) = "
                             f"{shape}, got {y.shape}")
        if not all_finite(y):
            raise InputError(f"{self!r} got a non-finite value in y: {first_nonfinite(y)}")
        return y

    def _forward(self, pred, y) -> float:
        raise UsageError(f"{type(self).__name__}: Loss is a base class; use MSELoss(), BCEWithLogitsLoss() or "
                         "CrossEntropyLoss(), or give your loss _forward and _backward")

    def __repr__(self):
        return f"{type(self).__name__}()"


class MSELoss(Loss):
    r"""Mean squared error over all elements: $L = \frac{1}{N d_{out}} \sum (y - \hat y)^2$.

    For scalar outputs this is the slide's $L = \frac1N \sum_i (y_i - \hat y_i)^2$.
    Gradient: $\partial L/\partial \hat y = \frac{2}{N d_{out}} (\hat y - y)$.
    """

    def _forward(self, pred, y) -> float:
        diff = pred - y  # (N, d_out)
        self._cache = diff
        return float(np.vdot(diff, diff)) / diff.size

    def _backward(self):
        diff = self._cache
        return diff * (2.0 / diff.size)


class BCEWithLogitsLoss(Loss):
    r"""Binary cross-entropy on logits $z$ (sigmoid built in), mean over all elements.

    $L = \text{mean}\left[-y \log \sigma(z) - (1-y)\log(1-\sigma(z))\right]$, computed stably as
    $\max(z, 0) - z y + \log(1 + e^{-|z|})$. Targets $y \in [0, 1]$ (integer 0/1 labels and
    bools are fine).
    Gradient: $\partial L/\partial z = (\sigma(z) - y) / (N d_{out})$.
    """

    def _targets(self, y, shape, dtype):
        y = super()._targets(y, shape, dtype)
        if y.min() < 0 or y.max() > 1:
            raise InputError(f"{self!r} expects targets y in [0, 1], got values from {y.min():g} to {y.max():g}")
        return y

    def _forward(self, z, y) -> float:
        self._cache = (z, y)
        per_element = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
        return float(per_element.mean())

    def _backward(self):
        z, y = self._cache
        return (sigmoid(z) - y) / z.size


class CrossEntropyLoss(Loss):
    r"""Softmax cross-entropy on logits $Z$ (N, C) with integer labels $y \in \{0..C-1\}$ (N,).

    $L = \frac1N \sum_n \left(\log \sum_c e^{Z_{nc}} - Z_{n, y_n}\right)$, with the log-sum-exp
    shifted by $\max_c Z_{nc}$ so no exponent overflows.
    Gradient: $\partial L/\partial Z = (\mathrm{softmax}(Z) - \mathrm{onehot}(y)) / N$.
    Labels may be ints, integer-valued floats (``1.0``) or bools; (N, 1) is read as (N,).
    """

    def _targets(self, y, shape, dtype):
        """Integer labels of shape (N,), each in 0..C-1."""
        N, C = shape
        if isinstance(y, np.ndarray) and y.dtype.kind in "iub":
            labels = y
        else:
            labels = float_array(y, "y", repr(self))
        if labels.ndim == 2 and labels.shape[1] == 1:
            labels = labels[:, 0]
        if labels.shape != (N,):
            raise InputError(f"{self!r} expects integer labels y of shape (N,) = ({N},) to match "
                             f"the logits pred (N, C) = {shape}, got {labels.shape}")
        if labels.dtype.kind == "f":
            if not all_finite(labels):
                raise InputError(f"{self!r} got a non-finite value in y: {first_nonfinite(labels)}")
            if np.any(labels != np.round(labels)):
                raise InputError(f"{self!r} expects integer class labels 0..{C - 1}, got non-integer "
                                 f"values such as {labels[labels != np.round(labels)][0]:g} in y")
        # the range is checked before the cast: 1e300 or a huge uint64 would wrap around in intp
        out_of_range = (labels < 0) | (labels >= C)
        if out_of_range.any():
            bad = labels[out_of_range][0]
            bad = int(bad) if labels.dtype.kind in "iub" else f"{bad:g}"
            raise InputError(f"{self!r} expects labels in 0..C-1 = 0..{C - 1} (C = {C} logits), got {bad} in y "
                             "(C is the number of columns of pred)")
        return labels.astype(np.intp, copy=False)

    def _forward(self, Z, labels) -> float:
        N = Z.shape[0]
        shifted = Z - Z.max(axis=1, keepdims=True)  # log-softmax is shift invariant
        log_sum = np.log(np.exp(shifted).sum(axis=1))  # (N,)
        rows = np.arange(N)
        self._cache = (shifted, log_sum, labels)
        return float(np.mean(log_sum - shifted[rows, labels]))

    def _backward(self):
        shifted, log_sum, labels = self._cache
        N = shifted.shape[0]
        dZ = np.exp(shifted - log_sum[:, None])  # softmax, (N, C)
        dZ[np.arange(N), labels] -= 1
        dZ /= N
        return dZ
