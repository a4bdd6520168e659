"""The errors lecture_nn raises on purpose, so a student (and a test) can tell them from a bug.

Every message names the argument, what was expected and what came, in the lecture's letters
(N samples, d input features, d' hidden units).

* :class:`InputError`: an argument the function cannot use (a wrong type, shape, range or name).
  It is both a ``ValueError`` and a ``TypeError``, so ``except ValueError`` and
  ``except TypeError`` written for numpy's errors catch it too.
* :class:`UsageError`: calls in an order that cannot work (``backward`` before ``forward``, an
  optimizer holding another model's parameters).
* :class:`TrainingDiverged` (in :mod:`lecture_nn.training`): the loss became NaN or infinite.

And one warning, :class:`LectureNNWarning`: what was asked can only be done in part, and the
message says which part is not (a TensorFlow Playground link naming a feature we lack).
"""

from __future__ import annotations

__all__ = ["LectureNNError", "InputError", "UsageError", "LectureNNWarning"]


class LectureNNError(Exception):
    """Base class of every error lecture_nn raises on purpose."""


class InputError(LectureNNError, ValueError, TypeError):
    """An argument the function cannot use; the message names it, the expected and the actual value."""


class UsageError(LectureNNError, RuntimeError):
    """Calls in an order, or objects in a combination, that cannot work."""


class LectureNNWarning(UserWarning):
    """What was asked is done in part only; the message names what is left out, and why."""
