"""A battery of student answers to the exercise notebooks, to measure the checkers of ``lecture_nn.checks``.

Each :class:`Answer` holds the functions a student would hand to the checker of one task (in the order
``checks.TASKS`` lists them), whether they are a right answer, and for a wrong one a regular
expression (case-insensitive) that a hint naming the actual cause matches. The answers are written as
students write them: a small ``def`` with the notebook's names, the mistake embedded in an otherwise
right answer. The right ones are other ways of writing the right answer; each is right for every input
the exercise allows (any shapes, any hyperparameters, any generator), not only the checker's.

Run ``python tests/checker_answers.py`` for a table per task: right answers and how many were refused,
wrong answers, how many passed and how many got a hint naming their cause.

What the exercises accept, where their text leaves room:

* a number (3.2's dL/dy_hat, 6.2's count, 7.2's width) may be a Python number, a numpy scalar or a 0-d
  array: ``np.ceil(N / B).astype(int)`` gives ``np.int64``, a whole number; a float (32.0) is not a
  count, and an array of shape (1,) is not a number;
* an activation's derivative may be an integer array where its values are whole (ReLU' is 0 or 1): the
  exercise asks for a numpy array of the shape of ``x``, numbers, not a dtype;
* 6.1 may return a generator, a list or any iterable of ``(X_batch, y_batch)`` pairs; batches may be
  views of a shuffled copy;
* 3.2's dDense2/dActivation1 may be the argument ``w`` itself, and ReLU may return ``x`` itself when
  nothing is negative (returning an argument is not changing it);
* 7.1's normal-equation forms (solve, inv or pinv of the Gram matrix) are right to 1e-6 on the exercise's
  random ReLU features, whose condition numbers stay below 1e3 for every width; they would not be on
  ill-conditioned features.

Three answers keep state between calls in a module-level variable (a student's global); ``run_all`` resets
it first, like a notebook run from the top.
"""

# the answers forget to return and draw from numpy's global generator on purpose:
# ruff: noqa: F841, NPY002

from __future__ import annotations

import collections
import contextlib
import io
import math
import re
import sys
import traceback
import warnings

import numpy as np

Answer = collections.namedtuple("Answer", "task label functions correct cause", defaults=(None,))

#: every answer of the battery, grouped by task
ANSWERS: list[Answer] = []


def right(task, label, *functions):
    """A right answer to ``task``: the checker must accept it."""
    ANSWERS.append(Answer(task, label, functions, True))


def wrong(task, label, cause, *functions):
    """A wrong answer to ``task``: refused, with a hint that matches ``cause``."""
    ANSWERS.append(Answer(task, label, functions, False, cause))


# --- what a hint naming the cause says, for causes shared by several tasks ------------------------------

#: the function changes an array it was given (the caller's pre-activation, theta, m, X, ...)
IN_PLACE = (r"in[- ]place|mutat|modif(y|ies|ied|ying)|overwr|side[- ]effect|\bpure\b|unchanged"
            r"|(chang|alter)\w* (the |your |its |their )?(caller'?s? |given |input |original )?"
            r"(argument|input|array|data|x\b|theta|m\b|s\b|X\b|y\b|b2|train_errors)")
#: the function returned None
NONE = r"\bNone\b|forg[eo]t\w* (the |a |to )?`?(return|yield)|no `?(return|yield)"
#: a Python list where a numpy array is asked
LIST = r"\blist\b"
#: the activation breaks on a 2-D batch
TWO_D = r"2-?D|batch|two-dimensional|\brows?\b|shape \(\d+, ?\d+\)"
#: a 2-D shape named as the wrong one (not an index)
SHAPE2 = r"shape (is )?\(\d+, ?\d+\)|\(\d+, ?\d+\),? expected"
#: the notebook's shared helper (exercise 1.4) still raises NotImplementedError
HELPER = r"sigmoid_stable"
#: a step or a derivative with the wrong sign
SIGN = r"\bsign\b|opposite|negat|flip|minus|against the gradient|downhill|wrong direction"
#: a factor N too many or too few (the loss is a mean)
FACTOR_N = (r"factor (of )?N\b|factor N|1 ?/ ?N\b|\bN (times|twice)|twice|divid\w* by N|by N\b|times N\b"
            r"|\bmean\b|average")
#: a root missing
ROOT = r"\broot|sqrt|√"
#: a square missing
SQUARE = r"squar|\^ ?2|\*\* ?2|²"
#: 6.1's order not drawn from the generator it is given
RNG = (r"global|np\.random\.\w+|(from|with|use|using|ignor\w*|not use|draw\w*) (the )?(given |passed |argument )?"
       r"`?rng`?\b|`?rng`? (argument|parameter|passed|given|you are given)|same seed|seed")
#: 6.1's X and y no longer paired
PAIRED = r"pair|same (permutation|order|indices|index)|together|separately|one permutation"


def ignores(*names):
    """The hint of a hyperparameter written into the function (or not used): it names the argument."""
    n = "|".join(names)
    return (rf"hard[- ]?cod|ignor|does ?n[o']t (depend|change|use|react)|(same|identical) (path|result|step)s? for"
            rf"|(the|its|your|given|passed) `?({n})`? (argument|parameter|you are given|passed|given)"
            rf"|(argument|parameter) `?({n})\b|(use|pass)\w* (the )?(given |passed )?`?({n})\b"
            rf"|(other|another|different|several|non-default|three) (values?|settings?) (of|for) (the )?`?({n})"
            rf"|\b(?P<hp>{n}) ?= ?[0-9.e-]+.{{0,80}}\b(?P=hp) ?= ?[0-9.e-]+")


BETA = ignores(r"beta\b", "β")
LR = ignores("lr", "η", "eta", "learning rate", "step size") + r"|learning rate|\blr ?\*|times (the )?lr"
EPS = ignores("eps", "ε", "epsilon")
BETAS = ignores(r"beta_?[12]", "β_?[12₁₂]", r"betas?\b", "β")


# --- exercise 1: the notebook's shared helper, done ------------------------------------------------------

def sigmoid_stable(x):
    """1 / (1 + e^(-x)) for any x, without overflow."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


# --- 1.1 ReLU: right ------------------------------------------------------------------------------------

def relu(x):
    return np.maximum(x, 0.0)


def relu_derivative(x):
    return (x > 0).astype(float)


right("1.1", "np.maximum and a float mask", relu, relu_derivative)


def relu(x):
    return np.where(x > 0, x, 0.0)


def relu_derivative(x):
    return np.where(x > 0, 1.0, 0.0)


right("1.1", "np.where for both", relu, relu_derivative)


def relu(x):
    return np.clip(x, 0, None)


def relu_derivative(x):
    return np.heaviside(x, 0.0)


right("1.1", "np.clip and np.heaviside(x, 0)", relu, relu_derivative)


def relu(x):
    return x * (x > 0)


def relu_derivative(x):
    return (x > 0) * 1.0


right("1.1", "x times its mask (-0.0 for negatives)", relu, relu_derivative)


def relu(x):
    out = np.array(x, dtype=float)  # a copy: x stays as it was
    out[out < 0] = 0.0
    return out


def relu_derivative(x):
    d = np.zeros(np.shape(x))
    d[x > 0] = 1.0
    return d


right("1.1", "boolean mask on a copy", relu, relu_derivative)


def relu(x):
    values = [v if v > 0 else 0.0 for v in np.ravel(x)]
    return np.array(values, dtype=float).reshape(np.shape(x))


def relu_derivative(x):
    values = [1.0 if v > 0 else 0.0 for v in np.ravel(x)]
    return np.array(values, dtype=float).reshape(np.shape(x))


right("1.1", "a loop over x.ravel(), reshaped back", relu, relu_derivative)


def relu(x):
    return np.maximum(0, x)


def relu_derivative(x):
    # an integer array: ReLU' is 0 or 1, whole numbers, exact in any dtype
    return (x > 0).astype(int)


right("1.1", "derivative as an integer array", relu, relu_derivative)


def relu(x):
    return np.fmax(x, 0)


def relu_derivative(x):
    return np.sign(np.maximum(x, 0))


right("1.1", "np.fmax and the sign of ReLU", relu, relu_derivative)


def relu(x):
    return x.clip(min=0)


def relu_derivative(x):
    return np.greater(x, 0).astype(x.dtype)  # float32 in, float32 out


right("1.1", "array methods, the input's dtype kept", relu, relu_derivative)


def relu(x):
    x = x.copy()                           # the name x now holds a copy
    x[x < 0] = 0
    return x


def relu_derivative(x):
    d = np.empty_like(x, dtype=float)
    np.greater(x, 0, out=d)                # out= into the function's own array
    return d


right("1.1", "x = x.copy() before the mask; out= into a new array", relu, relu_derivative)


def relu(x):
    if (x >= 0).all():
        return x                           # nothing to clip: x itself, unchanged
    return np.maximum(x, 0)


def relu_derivative(x):
    return (x > 0).astype(float)


right("1.1", "x itself returned when nothing is negative", relu, relu_derivative)


# --- 1.1 ReLU: wrong ------------------------------------------------------------------------------------
KINK = r"x ?= ?0|at (x ?= ?)?0\b|\bkink|x ?> ?0|>= ?0|≥"


def relu(x):
    return np.maximum(x, 0.0)


def relu_derivative(x):
    return (x >= 0).astype(float)


wrong("1.1", "ReLU'(0) = 1 (x >= 0)", KINK, relu, relu_derivative)


def relu_derivative(x):
    return np.heaviside(x, 1.0)


wrong("1.1", "np.heaviside(x, 1): ReLU'(0) = 1", KINK, relu, relu_derivative)


def relu(x):
    x[x < 0] = 0
    return x


def relu_derivative(x):
    return (x > 0).astype(float)


wrong("1.1", "x[x < 0] = 0 changes x", IN_PLACE, relu, relu_derivative)


def relu(x):
    return np.maximum(x, 0, out=x)


wrong("1.1", "np.maximum(x, 0, out=x)", IN_PLACE, relu, relu_derivative)


def relu(x):
    return np.maximum(x, 0.0)


def relu_derivative(x):
    x[x > 0] = 1.0
    x[x <= 0] = 0.0
    return x


wrong("1.1", "derivative written into x", IN_PLACE, relu, relu_derivative)


def relu(x):
    return [max(v, 0.0) for v in x.ravel()]


def relu_derivative(x):
    return (x > 0).astype(float)


wrong("1.1", "a list from a loop over x.ravel()", LIST, relu, relu_derivative)


def relu(x):
    return np.array([max(v, 0.0) for v in x])


def relu_derivative(x):
    return (x > 0).astype(float)


wrong("1.1", "a loop over x: fails on a 2-D batch", TWO_D, relu, relu_derivative)


def relu(x):
    return max(0, x)


wrong("1.1", "Python's max on an array", r"np\.maximum|element-?wise|ambiguous|truth value", relu, relu_derivative)


def relu(x):
    return np.max(x, 0)


wrong("1.1", "np.max (a reduction) for np.maximum",
      r"np\.maximum|maximum\b|reduc|(a|one|single) (number|value)|scalar|shape ?\(\)", relu, relu_derivative)


def relu(x):
    return np.maximum(x, 0.0)


def relu_derivative(x):
    return np.sign(x)


wrong("1.1", "derivative np.sign(x): -1 for x < 0", r"-1|negative|x ?<=? ?0|\bsign", relu, relu_derivative)


def relu_derivative(x):
    return np.maximum(x, 0)


wrong("1.1", "derivative returns ReLU itself",
      r"\b1 for x|x ?> ?0|0 or 1|\bones?\b|step|heaviside|slope|constant", relu, relu_derivative)


def relu_derivative(x):
    d = (x > 0).astype(float)


wrong("1.1", "derivative without return", NONE, relu, relu_derivative)


def relu(x):
    return np.maximum(x, 0).astype(int)


def relu_derivative(x):
    return (x > 0).astype(float)


wrong("1.1", "ReLU cast to int (fractions cut)", r"\bint\b|integer|truncat|round|dtype|decimal|fraction",
      relu, relu_derivative)


def relu(x):
    return (max(v, 0.0) for v in x.ravel())


wrong("1.1", "a generator expression instead of an array", r"generator", relu, relu_derivative)


def relu(x):
    return np.maximum(x, 0.0)


def relu_derivative(x):
    return np.maximum(x, 0) / x


wrong("1.1", "derivative as ReLU(x) / x: 0/0 at x = 0", r"\bnan\b|divi\w* by (zero|0)|0 ?/ ?0|x ?= ?0",
      relu, relu_derivative)


def relu(x):
    out = x                                # not a copy: the same array
    out[out < 0] = 0.0
    return out


def relu_derivative(x):
    return (x > 0).astype(float)


wrong("1.1", "out = x (an alias), then out[out < 0] = 0", IN_PLACE, relu, relu_derivative)


def relu(x):
    return np.maximum(x, 0.0).ravel()


wrong("1.1", "ReLU flattened with ravel()", TWO_D + r"|flatten|ravel|shape \(\d+,\)", relu, relu_derivative)


# --- 1.2 ELU: right -------------------------------------------------------------------------------------

def elu(x):
    return np.where(x >= 0, x, np.expm1(np.minimum(x, 0)))


def elu_derivative(x):
    return np.where(x >= 0, 1.0, np.exp(np.minimum(x, 0)))


right("1.2", "np.where with expm1 of min(x, 0)", elu, elu_derivative)


def elu(x):
    return np.where(x > 0, x, np.exp(np.minimum(x, 0)) - 1)


def elu_derivative(x):
    return np.where(x > 0, 1.0, np.exp(np.minimum(x, 0)))  # e^0 = 1 at x = 0: the same


right("1.2", "x > 0 in both (ELU' is continuous at 0)", elu, elu_derivative)


def elu(x):
    out = np.array(x, dtype=float)
    neg = out < 0
    out[neg] = np.expm1(out[neg])
    return out


def elu_derivative(x):
    d = np.ones(np.shape(x))
    d[x < 0] = np.exp(x[x < 0])
    return d


right("1.2", "boolean masks on a copy", elu, elu_derivative)


def elu(x):
    return np.maximum(x, 0) + np.expm1(np.minimum(x, 0))


def elu_derivative(x):
    return np.exp(np.minimum(x, 0))


right("1.2", "max(x, 0) + expm1(min(x, 0)); ELU' = e^min(x, 0)", elu, elu_derivative)


def _elu_from_output():
    def elu(x):
        return np.where(x >= 0, x, np.expm1(np.minimum(x, 0)))

    def elu_derivative(x):
        return np.where(x >= 0, 1.0, elu(x) + 1)  # for x < 0: g + 1

    return elu, elu_derivative


right("1.2", "derivative from the output, g + 1", *_elu_from_output())


def elu(x):
    return np.piecewise(x, [x < 0], [np.expm1, lambda v: v])


def elu_derivative(x):
    return np.piecewise(x, [x < 0], [np.exp, 1.0])


right("1.2", "np.piecewise", elu, elu_derivative)


def elu(x):
    return np.where(x < 0, np.exp(np.clip(x, None, 0)) - 1, x)


def elu_derivative(x):
    return np.where(x < 0, np.exp(np.clip(x, None, 0)), 1)


right("1.2", "np.clip(x, None, 0) inside the exponential", elu, elu_derivative)


def elu(x):
    values = [v if v >= 0 else math.expm1(v) for v in np.ravel(x)]
    return np.array(values, dtype=float).reshape(np.shape(x))


def elu_derivative(x):
    values = [1.0 if v >= 0 else math.exp(v) for v in np.ravel(x)]
    return np.array(values, dtype=float).reshape(np.shape(x))


right("1.2", "a loop with math, only the taken branch computed", elu, elu_derivative)


def elu(x, alpha=1.0):
    return np.where(x >= 0, x, alpha * np.expm1(np.minimum(x, 0)))


def elu_derivative(x, alpha=1.0):
    return np.where(x >= 0, 1.0, alpha * np.exp(np.minimum(x, 0)))


right("1.2", "alpha as a parameter, 1 by default", elu, elu_derivative)


# --- 1.2 ELU: wrong -------------------------------------------------------------------------------------
ELU_OVERFLOW = r"overflow|both branches|np\.where|e\^?\(?1000|exp\(1000|min\(x, ?0\)|minimum"
MINUS_ONE = (r"without the ?(-|−) ?1|the (-|−) ?1\b|(-|−) ?1 (is|does|must|should|vanish|drop)|drops? out|constant"
             r"|derivative of e\^?\(?x\)? ?(-|−) ?1|d/dx ?\(?e\^?x ?(-|−) ?1")


def elu(x):
    return np.where(x >= 0, x, np.exp(x) - 1)


def elu_derivative(x):
    return np.where(x >= 0, 1.0, np.exp(np.minimum(x, 0)))


wrong("1.2", "np.where(x >= 0, x, np.exp(x) - 1): e^1000 computed", ELU_OVERFLOW, elu, elu_derivative)


def elu(x):
    return np.where(x >= 0, x, np.expm1(np.minimum(x, 0)))


def elu_derivative(x):
    return np.where(x >= 0, 1.0, np.exp(x))


wrong("1.2", "derivative np.where(x >= 0, 1, np.exp(x)): overflow", ELU_OVERFLOW, elu, elu_derivative)


def elu(x):
    return np.where(x >= 0, x, np.expm1(x))


def elu_derivative(x):
    return np.where(x >= 0, 1.0, np.exp(np.minimum(x, 0)))


wrong("1.2", "expm1(x) without min(x, 0): overflow", ELU_OVERFLOW, elu, elu_derivative)


def elu(x):
    return np.where(x >= 0, x, np.expm1(np.minimum(x, 0)))


def elu_derivative(x):
    return np.where(x >= 0, 1.0, np.exp(np.minimum(x, 0)) - 1)


wrong("1.2", "ELU' = e^x - 1 for x < 0", MINUS_ONE, elu, elu_derivative)


def elu_derivative(x):
    return np.where(x >= 0, np.exp(np.minimum(x, 0)), 1.0)


wrong("1.2", "derivative's branches swapped", r"x ?(>=|≥|>) ?0|branch|swap|1 for x|for x ?< ?0|e\^x for",
      elu, elu_derivative)


def elu(x):
    neg = x < 0
    x[neg] = np.exp(x[neg]) - 1
    return x


def elu_derivative(x):
    return np.where(x >= 0, 1.0, np.exp(np.minimum(x, 0)))


wrong("1.2", "ELU written into x", IN_PLACE, elu, elu_derivative)


def elu(x):
    return np.where(x >= 0, x, np.exp(np.minimum(x, 0)))


wrong("1.2", "ELU without the -1", r"(-|−) ?1\b|e\^?x ?(-|−) ?1|exp\(x\) ?(-|−) ?1|expm1", elu, elu_derivative)


def elu(x):
    alpha = 0.1
    return np.where(x >= 0, x, alpha * np.expm1(np.minimum(x, 0)))


def elu_derivative(x):
    alpha = 0.1
    return np.where(x >= 0, 1.0, alpha * np.exp(np.minimum(x, 0)))


wrong("1.2", "alpha = 0.1 where the exercise has alpha = 1", r"alpha|α|factor|scale|0\.1", elu, elu_derivative)


def elu(x):
    return [v if v >= 0 else math.exp(v) - 1 for v in x]


def elu_derivative(x):
    return np.where(x >= 0, 1.0, np.exp(np.minimum(x, 0)))


wrong("1.2", "a list from a loop with math.exp", LIST, elu, elu_derivative)


def elu(x):
    return np.where(x >= 0, x, np.expm1(np.minimum(x, 0)))


def elu_derivative(x):
    x[x < 0] = np.exp(x[x < 0])
    x[x >= 0] = 1.0
    return x


wrong("1.2", "derivative written into x", IN_PLACE, elu, elu_derivative)


def elu_derivative(x):
    return np.where(x > 0, 1.0, 0.0)


wrong("1.2", "derivative copied from ReLU': 0 for x < 0", r"e\^\(?x|exp\(x\)|for x ?< ?0|negative|x < 0",
      elu, elu_derivative)


def elu(x):
    x = np.asarray(x, dtype=float)         # asarray of a float array is x itself, not a copy
    neg = x < 0
    x[neg] = np.expm1(x[neg])
    return x


def elu_derivative(x):
    return np.where(x >= 0, 1.0, np.exp(np.minimum(x, 0)))


wrong("1.2", "np.asarray(x) taken for a copy, then written into", IN_PLACE, elu, elu_derivative)


# --- 1.3 softplus: right --------------------------------------------------------------------------------

def softplus(x):
    return np.logaddexp(0, x)


def softplus_derivative(x):
    return sigmoid_stable(x)


right("1.3", "np.logaddexp(0, x); derivative from the notebook's sigmoid_stable", softplus, softplus_derivative)


def softplus(x):
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def softplus_derivative(x):
    return np.exp(-np.logaddexp(0, -x))


right("1.3", "the notebook's form; derivative exp(-softplus(-x))", softplus, softplus_derivative)


def softplus(x):
    return np.maximum(x, 0) + np.log(1 + np.exp(-np.abs(x)))


def softplus_derivative(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


right("1.3", "log instead of log1p after e^-|x|; sigmoid written out", softplus, softplus_derivative)


def softplus(x):
    x = np.asarray(x, dtype=float)
    out = np.empty(x.shape)
    pos = x > 0
    out[pos] = x[pos] + np.log1p(np.exp(-x[pos]))
    out[~pos] = np.log1p(np.exp(x[~pos]))
    return out


def softplus_derivative(x):
    x = np.asarray(x, dtype=float)
    out = np.empty(x.shape)
    pos = x >= 0
    out[pos] = 1 / (1 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1 + e)
    return out


right("1.3", "boolean masks, each branch on its own entries", softplus, softplus_derivative)


def _softplus_threshold():
    def softplus(x):
        # beyond 35, log(1 + e^-x) < 1e-15: x itself, to the last digit
        return np.where(x > 35, x, np.log1p(np.exp(np.minimum(x, 35))))

    def softplus_derivative(x):
        return np.exp(x - softplus(x))  # e^x / (1 + e^x), an exponent <= 0

    return softplus, softplus_derivative


right("1.3", "threshold form; derivative exp(x - softplus(x))", *_softplus_threshold())


def softplus(x):
    return np.logaddexp(x, 0.0)


def softplus_derivative(x):
    return 0.5 * (1 + np.tanh(x / 2))


right("1.3", "derivative 0.5 (1 + tanh(x/2))", softplus, softplus_derivative)


def softplus(x):
    values = [max(v, 0.0) + math.log1p(math.exp(-abs(v))) for v in np.ravel(x)]
    return np.array(values, dtype=float).reshape(np.shape(x))


def softplus_derivative(x):
    values = [1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v)) for v in np.ravel(x)]
    return np.array(values, dtype=float).reshape(np.shape(x))


right("1.3", "a loop with math, reshaped back", softplus, softplus_derivative)


def _softplus_with_sigmoid():
    def sigmoid(x):
        return sigmoid_stable(x)

    def softplus(x):
        return np.logaddexp(0.0, x)

    def softplus_derivative(x):
        return sigmoid(x)

    return softplus, softplus_derivative


right("1.3", "derivative via the student's own sigmoid (done)", *_softplus_with_sigmoid())


# --- 1.3 softplus: wrong --------------------------------------------------------------------------------
#: the remedy for an overflowing softplus' is the stable sigmoid, not the softplus formula
SIGMOID_FIX = r"sigmoid|1 ?/ ?\(1 ?\+ ?e|e ?/ ?\(1 ?\+ ?e\)"


def _unfinished_helper_in_softplus():
    def sigmoid_stable(x):
        """1 / (1 + e^(-x)) for any x, without overflow."""
        raise NotImplementedError("Exercise 1.4: sigmoid without overflow: use e = exp(-|x|)")

    def softplus(x):
        return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))

    def softplus_derivative(x):
        return sigmoid_stable(x)

    return softplus, softplus_derivative


wrong("1.3", "derivative calls sigmoid_stable, which still raises", HELPER, *_unfinished_helper_in_softplus())


def _unfinished_helper_via_sigmoid():
    def sigmoid_stable(x):
        """1 / (1 + e^(-x)) for any x, without overflow."""
        raise NotImplementedError("Exercise 1.4: sigmoid without overflow: use e = exp(-|x|)")

    def sigmoid(x):
        return sigmoid_stable(x)

    def softplus(x):
        return np.logaddexp(0, x)

    def softplus_derivative(x):
        return sigmoid(x)

    return softplus, softplus_derivative


wrong("1.3", "derivative calls sigmoid, whose sigmoid_stable still raises", HELPER, *_unfinished_helper_via_sigmoid())


def softplus(x):
    return np.log(1 + np.exp(x))


def softplus_derivative(x):
    return sigmoid_stable(x)


wrong("1.3", "np.log(1 + np.exp(x)): overflow", r"overflow", softplus, softplus_derivative)


def softplus(x):
    return np.log1p(np.exp(x))


wrong("1.3", "np.log1p(np.exp(x)): overflow", r"overflow", softplus, softplus_derivative)


def softplus(x):
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def softplus_derivative(x):
    return np.exp(x) / (1 + np.exp(x))


wrong("1.3", "derivative e^x / (1 + e^x): overflow", SIGMOID_FIX, softplus, softplus_derivative)


def softplus_derivative(x):
    return 1 / (1 + np.exp(-x))


wrong("1.3", "derivative 1 / (1 + e^-x): overflow at -1000", SIGMOID_FIX, softplus, softplus_derivative)


def softplus_derivative(x):
    return sigmoid_stable(-x)


wrong("1.3", "derivative sigmoid(-x)", r"\bsign\b|\(-x\)|-x\b|sigmoid\(x\)|mirror|flip|e\^x ?/ ?\(1",
      softplus, softplus_derivative)


def softplus_derivative(x):
    return np.logaddexp(0, x)


wrong("1.3", "derivative returns softplus itself", SIGMOID_FIX + r"|e\^x ?/ ?\(1 ?\+ ?e\^x\)",
      softplus, softplus_derivative)


def softplus(x):
    return np.maximum(x, 0) + np.log1p(np.exp(-x))


def softplus_derivative(x):
    return sigmoid_stable(x)


wrong("1.3", "e^(-x) without the absolute value (wrong for x < 0)",
      r"e\^?\(?-\|x\|\)?|exp\(-\|x\|\)|np\.abs|abs\(|absolute|overflow",
      softplus, softplus_derivative)


def softplus(x):
    return np.where(x > 0, x + np.log1p(np.exp(-x)), np.log1p(np.exp(x)))


wrong("1.3", "np.where of two branches, both computed: overflow", r"overflow|both branches|np\.where",
      softplus, softplus_derivative)


def softplus(x):
    result = np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


wrong("1.3", "softplus without return", NONE, softplus, softplus_derivative)


def softplus(x):
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def softplus_derivative(x):
    return np.where(x > 0, 1.0, 0.0)


wrong("1.3", "derivative as ReLU' (a step)", SIGMOID_FIX + r"|smooth", softplus, softplus_derivative)


def softplus(x):
    return np.log1p(np.exp(-np.abs(x)))


def softplus_derivative(x):
    return sigmoid_stable(x)


wrong("1.3", "the max(x, 0) term dropped", r"max\(x, ?0\)|np\.maximum|max\(0, ?x\)|positive x|large x|\+ ?max",
      softplus, softplus_derivative)


def softplus(x):
    return np.where(x > 30, x, np.log1p(np.exp(x)))  # e^1000 is still computed


def softplus_derivative(x):
    return sigmoid_stable(x)


wrong("1.3", "a threshold in np.where, e^x still computed for x = 1000", r"overflow|both branches|np\.where",
      softplus, softplus_derivative)


# --- 1.4 sigmoid: right ---------------------------------------------------------------------------------

def sigmoid(x):
    return sigmoid_stable(x)


def sigmoid_derivative(x):
    s = sigmoid_stable(x)
    return s * (1 - s)


right("1.4", "the notebook's sigmoid_stable, s (1 - s)", sigmoid, sigmoid_derivative)


def sigmoid(x):
    return np.exp(-np.logaddexp(0, -x))


def sigmoid_derivative(x):
    e = np.exp(-np.abs(x))
    return e / (1 + e) ** 2  # symmetric in x


right("1.4", "exp(-logaddexp(0, -x)); e^-|x| / (1 + e^-|x|)^2", sigmoid, sigmoid_derivative)


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    out = np.empty(x.shape)
    pos = x >= 0
    out[pos] = 1 / (1 + np.exp(-x[pos]))
    z = np.exp(x[~pos])
    out[~pos] = z / (1 + z)
    return out


def sigmoid_derivative(x):
    s = sigmoid_stable(x)
    return s - s ** 2


right("1.4", "boolean masks; s - s^2", sigmoid, sigmoid_derivative)


def sigmoid(x):
    return np.exp(x - np.logaddexp(0, x))


def sigmoid_derivative(x):
    return np.exp(-np.logaddexp(0, x) - np.logaddexp(0, -x))  # sigmoid(x) sigmoid(-x)


right("1.4", "log-space: exp(x - softplus(x)); sigmoid(x) sigmoid(-x)", sigmoid, sigmoid_derivative)


def _sigmoid_min_max():
    def sigmoid(x):
        pos = 1 / (1 + np.exp(-np.maximum(x, 0)))
        ez = np.exp(np.minimum(x, 0))
        return np.where(x >= 0, pos, ez / (1 + ez))

    def sigmoid_derivative(x):
        s = sigmoid(x)
        return s * (1.0 - s)

    return sigmoid, sigmoid_derivative


right("1.4", "np.where with max/min inside each branch", *_sigmoid_min_max())


def sigmoid(x):
    # beyond |x| = 500 the clipped value differs from the exact one by less than 1e-217
    return 1 / (1 + np.exp(-np.clip(x, -500, 500)))


def sigmoid_derivative(x):
    s = 1 / (1 + np.exp(-np.clip(x, -500, 500)))
    return s * (1 - s)


right("1.4", "np.clip(x, -500, 500) before the exponential", sigmoid, sigmoid_derivative)


def sigmoid(x):
    return 0.5 * (1 + np.tanh(0.5 * x))


def sigmoid_derivative(x):
    return 0.25 * (1 - np.tanh(0.5 * x) ** 2)


right("1.4", "through tanh(x/2)", sigmoid, sigmoid_derivative)


def sigmoid(x):
    values = [1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v)) for v in np.ravel(x)]
    return np.array(values, dtype=float).reshape(np.shape(x))


def sigmoid_derivative(x):
    s = sigmoid_stable(x)
    return s * (1 - s)


right("1.4", "a loop with math, only the stable branch", sigmoid, sigmoid_derivative)


def sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1, e) / (1 + e)


def sigmoid_derivative(x):
    e = np.exp(-np.abs(x))
    return e / np.square(1 + e)


right("1.4", "one fraction: where(x >= 0, 1, e) / (1 + e)", sigmoid, sigmoid_derivative)


# --- 1.4 sigmoid: wrong ---------------------------------------------------------------------------------
SIG_OVERFLOW = r"overflow|e\^?\(?-\|x\|\)?|exp\(-\|x\|\)|exp\(-np\.abs|np\.abs|abs\("
ONE_MINUS_S = r"1 ?- ?sigmoid|1 ?- ?s\b|1 ?- ?σ|s ?\(1 ?- ?s\)|σ ?\(1 ?- ?σ\)"


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_derivative(x):
    s = sigmoid_stable(x)
    return s * (1 - s)


wrong("1.4", "1 / (1 + np.exp(-x)): overflow at -1000", SIG_OVERFLOW, sigmoid, sigmoid_derivative)


def sigmoid(x):
    return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))


wrong("1.4", "np.where of both forms: both computed, overflow", SIG_OVERFLOW + r"|both branches|np\.where",
      sigmoid, sigmoid_derivative)


def sigmoid(x):
    return sigmoid_stable(x)


def sigmoid_derivative(x):
    s = sigmoid_stable(x)
    return s * (1 + s)


wrong("1.4", "sigmoid' = s (1 + s)", ONE_MINUS_S + r"|minus", sigmoid, sigmoid_derivative)


def sigmoid_derivative(x):
    return sigmoid_stable(x) ** 2


wrong("1.4", "sigmoid' = s^2", ONE_MINUS_S, sigmoid, sigmoid_derivative)


def sigmoid_derivative(x):
    return np.exp(-x) / (1 + np.exp(-x)) ** 2


wrong("1.4", "derivative e^-x / (1 + e^-x)^2: overflow", SIG_OVERFLOW, sigmoid, sigmoid_derivative)


def sigmoid_derivative(x):
    return 0.25 / np.cosh(x / 2) ** 2


wrong("1.4", "derivative 1 / (4 cosh^2(x/2)): overflow", r"overflow|cosh|" + ONE_MINUS_S, sigmoid, sigmoid_derivative)


def sigmoid_derivative(x):
    return 1 - sigmoid_stable(x)


wrong("1.4", "sigmoid' = 1 - s", r"sigmoid ?\*? ?\(1|s ?\*? ?\(1 ?- ?s\)|σ ?\(1|times|product",
      sigmoid, sigmoid_derivative)


def sigmoid(x):
    e = np.exp(-np.abs(x))
    pos = x >= 0
    x[pos] = 1 / (1 + e[pos])
    x[~pos] = e[~pos] / (1 + e[~pos])
    return x


def sigmoid_derivative(x):
    s = sigmoid_stable(x)
    return s * (1 - s)


wrong("1.4", "sigmoid written into x", IN_PLACE, sigmoid, sigmoid_derivative)


def _unfinished_helper_in_sigmoid():
    def sigmoid_stable(x):
        """1 / (1 + e^(-x)) for any x, without overflow."""
        raise NotImplementedError("Exercise 1.4: sigmoid without overflow: use e = exp(-|x|)")

    def sigmoid(x):
        return sigmoid_stable(x)

    def sigmoid_derivative(x):
        s = sigmoid_stable(x)
        return s * (1 - s)

    return sigmoid, sigmoid_derivative


wrong("1.4", "sigmoid calls sigmoid_stable, which still raises", HELPER, *_unfinished_helper_in_sigmoid())


def _unfinished_helper_in_derivative():
    def sigmoid_stable(x):
        """1 / (1 + e^(-x)) for any x, without overflow."""
        raise NotImplementedError("Exercise 1.4: sigmoid without overflow: use e = exp(-|x|)")

    def sigmoid(x):
        e = np.exp(-np.abs(x))
        return np.where(x >= 0, 1 / (1 + e), e / (1 + e))

    def sigmoid_derivative(x):
        return sigmoid_stable(x) * (1 - sigmoid_stable(x))

    return sigmoid, sigmoid_derivative


wrong("1.4", "sigmoid written out, its derivative calls sigmoid_stable, which still raises", HELPER,
      *_unfinished_helper_in_derivative())


def sigmoid(x):
    return np.exp(-np.logaddexp(0, x))


def sigmoid_derivative(x):
    s = sigmoid_stable(x)
    return s * (1 - s)


wrong("1.4", "sigmoid(-x): the sign in the exponent", r"\bsign\b|e\^?\(?-x|\(-x\)|-x\b|mirror|flip",
      sigmoid, sigmoid_derivative)


def sigmoid(x):
    return 1 / (1 + np.exp(-np.clip(x, -10, 10)))


wrong("1.4", "x clipped to [-10, 10]: wrong for large |x|", r"clip|saturat|limit|cut off", sigmoid, sigmoid_derivative)


def sigmoid(x):
    return [1 / (1 + math.exp(-v)) for v in x.ravel()]


wrong("1.4", "a list from a loop with math.exp", LIST, sigmoid, sigmoid_derivative)


def sigmoid(x):
    return sigmoid_stable(x)


def sigmoid_derivative(x):
    return sigmoid_stable(x)


wrong("1.4", "derivative returns the sigmoid itself", ONE_MINUS_S, sigmoid, sigmoid_derivative)


# --- 1.5 tanh: right ------------------------------------------------------------------------------------

def tanh(x):
    return np.tanh(x)


def tanh_derivative(x):
    return 1 - np.tanh(x) ** 2


right("1.5", "np.tanh, 1 - tanh^2", tanh, tanh_derivative)


def tanh_derivative(x):
    t = np.tanh(x)
    return (1 - t) * (1 + t)


right("1.5", "(1 - t)(1 + t)", tanh, tanh_derivative)


def tanh(x):
    a = np.abs(x)
    return np.sign(x) * -np.expm1(-2 * a) / (1 + np.exp(-2 * a))


def tanh_derivative(x):
    e = np.exp(-2 * np.abs(x))
    return 4 * e / (1 + e) ** 2


right("1.5", "by hand with e^(-2|x|); 4e / (1 + e)^2", tanh, tanh_derivative)


def _tanh_from_output():
    def tanh(x):
        return np.tanh(x)

    def tanh_derivative(x):
        t = tanh(x)
        return 1 - t * t

    return tanh, tanh_derivative


right("1.5", "derivative from the student's tanh", *_tanh_from_output())


def tanh(x):
    return np.tanh(x)


def tanh_derivative(x):
    return 1.0 - np.square(np.tanh(x))


right("1.5", "np.square", tanh, tanh_derivative)


def tanh(x):
    return np.array([math.tanh(v) for v in np.ravel(x)], dtype=float).reshape(np.shape(x))


def tanh_derivative(x):
    return np.array([1 - math.tanh(v) ** 2 for v in np.ravel(x)], dtype=float).reshape(np.shape(x))


right("1.5", "math.tanh in a loop, reshaped back", tanh, tanh_derivative)


def tanh(x):
    return 2 * sigmoid_stable(2 * x) - 1


def tanh_derivative(x):
    s = sigmoid_stable(2 * x)
    return 4 * s * (1 - s)


right("1.5", "through the sigmoid: 2 sigmoid(2x) - 1", tanh, tanh_derivative)


right("1.5", "np.tanh itself (a ufunc) and a lambda", np.tanh, lambda x: 1 - np.tanh(x) ** 2)


# --- 1.5 tanh: wrong ------------------------------------------------------------------------------------

def tanh(x):
    return np.tanh(x)


def tanh_derivative(x):
    return 1 - np.tanh(x)


wrong("1.5", "tanh' = 1 - tanh (not squared)", SQUARE, tanh, tanh_derivative)


def tanh_derivative(x):
    return 1 / np.cosh(x) ** 2


wrong("1.5", "tanh' = 1 / cosh^2: cosh(1000) overflows", r"overflow|1 ?- ?tanh|in terms of tanh", tanh, tanh_derivative)


def tanh_derivative(x):
    return 1 / np.cosh(x)


wrong("1.5", "tanh' = 1 / cosh (not squared, overflows)", SQUARE + r"|1 ?- ?tanh|overflow", tanh, tanh_derivative)


def tanh(x):
    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))


def tanh_derivative(x):
    return 1 - np.tanh(x) ** 2


wrong("1.5", "tanh by its exponential formula: overflow", r"overflow|np\.tanh|\bnan\b", tanh, tanh_derivative)


def tanh(x):
    return np.sinh(x) / np.cosh(x)


wrong("1.5", "sinh / cosh: overflow", r"overflow|np\.tanh|\bnan\b", tanh, tanh_derivative)


def tanh(x):
    return np.tanh(x)


def tanh_derivative(x):
    return 1 + np.tanh(x) ** 2


wrong("1.5", "tanh' = 1 + tanh^2", r"1 ?- ?tanh|minus|\bsign\b", tanh, tanh_derivative)


def tanh_derivative(x):
    return np.tanh(x) ** 2


wrong("1.5", "tanh' = tanh^2", r"1 ?- ?tanh", tanh, tanh_derivative)


def tanh_derivative(x):
    return 1 - x ** 2


wrong("1.5", "tanh' = 1 - x^2 (the tanh forgotten)", r"1 ?- ?tanh|tanh\(x\)|of tanh|not (of )?x", tanh, tanh_derivative)


def tanh_derivative(x):
    return 1 - np.tanh(x ** 2)


wrong("1.5", "tanh' = 1 - tanh(x^2)",
      r"1 ?- ?tanh\(?x?\)? ?(\^|\*\*) ?2|tanh\(x\) ?(\^|\*\*)|tanh²|squar\w* (the )?tanh",
      tanh, tanh_derivative)


def tanh(x):
    return np.tanh(x, out=x)


def tanh_derivative(x):
    return 1 - np.tanh(x) ** 2


wrong("1.5", "np.tanh(x, out=x)", IN_PLACE, tanh, tanh_derivative)


def tanh(x):
    return np.tanh(x)


def tanh_derivative(x):
    return [1 - math.tanh(v) ** 2 for v in x.ravel()]


wrong("1.5", "derivative as a list from a loop", LIST, tanh, tanh_derivative)


def tanh_derivative(x):
    return np.array([1 - math.tanh(v) ** 2 for v in x])


wrong("1.5", "derivative by a loop over x: fails on a 2-D batch", TWO_D, tanh, tanh_derivative)


# --- 2.1 the single equivalent layer: right --------------------------------------------------------------

def collapse(W1, b1, W2, b2):
    W = W2 @ W1
    b = W2 @ b1 + b2
    return W, b


right("2.1", "W2 @ W1, W2 @ b1 + b2", collapse)


def collapse(W1, b1, W2, b2):
    return np.dot(W2, W1), np.dot(W2, b1) + b2


right("2.1", "np.dot", collapse)


def collapse(W1, b1, W2, b2):
    W = np.einsum("ij,jk->ik", W2, W1)
    b = np.einsum("ij,j->i", W2, b1) + b2
    return W, b


right("2.1", "np.einsum", collapse)


def collapse(W1, b1, W2, b2):
    def layer(x):
        return W2 @ (W1 @ x + b1) + b2

    b = layer(np.zeros(W1.shape[1]))
    W = np.column_stack([layer(e) - b for e in np.eye(W1.shape[1])])
    return W, b


right("2.1", "probing the stack with 0 and the unit vectors", collapse)


def collapse(W1, b1, W2, b2):
    W = (W1.T @ W2.T).T
    b = b1 @ W2.T + b2
    return W, b


right("2.1", "through the transposes", collapse)


def collapse(W1, b1, W2, b2):
    d_out, d_hidden = W2.shape
    d = W1.shape[1]
    W = np.zeros((d_out, d))
    b = np.zeros(d_out)
    for i in range(d_out):
        b[i] = b2[i]
        for k in range(d_hidden):
            b[i] += W2[i, k] * b1[k]
            for j in range(d):
                W[i, j] += W2[i, k] * W1[k, j]
    return W, b


right("2.1", "three loops", collapse)


def collapse(W1, b1, W2, b2):
    # homogeneous coordinates: [x; 1] -> [W1 x + b1; 1]
    A1 = np.block([[W1, b1[:, None]], [np.zeros((1, W1.shape[1])), np.ones((1, 1))]])
    A2 = np.block([[W2, b2[:, None]], [np.zeros((1, W2.shape[1])), np.ones((1, 1))]])
    A = A2 @ A1
    return A[:-1, :-1], A[:-1, -1]  # views of A


right("2.1", "augmented matrices, views returned", collapse)


def collapse(W1, b1, W2, b2):
    b = b2.copy()
    b += W2 @ b1                           # on the function's own copy
    return W2 @ W1, b


right("2.1", "b2.copy(), then +=", collapse)


# --- 2.1 the single equivalent layer: wrong --------------------------------------------------------------
B1_THROUGH = (r"\bb_?1\b .{0,30}(pass|go|through|multipl|meet|second)|second layer|through W_?2"
              r"|W_?2 (acts on|multiplies|maps) b_?1")


def collapse(W1, b1, W2, b2):
    return W1 @ W2, W2 @ b1 + b2


wrong("2.1", "W1 @ W2", r"W_?2 ?@ ?W_?1|W_?1 ?@ ?W_?2|order|first", collapse)


def collapse(W1, b1, W2, b2):
    return (W2 @ W1).T, W2 @ b1 + b2


wrong("2.1", "W transposed", r"transpos|\.T\b|\(d_?out, ?d\)|\(\d, ?\d\), expected", collapse)


def collapse(W1, b1, W2, b2):
    return W2 @ W1, b1 + b2


wrong("2.1", "b = b1 + b2", B1_THROUGH, collapse)


def collapse(W1, b1, W2, b2):
    return W2 @ W1, W2 @ b1


wrong("2.1", "b2 dropped",
      r"(miss|forg|drop|without|left out|add)\w*.{0,25}\bb_?2\b|\bb_?2\b.{0,25}(miss|forg|drop|left out)"
      r"|second layer's bias|bias of the second layer|\bb_?2\b (too|as well)", collapse)


def collapse(W1, b1, W2, b2):
    return W2 @ W1, b2


wrong("2.1", "b = b2 (b1 dropped)", B1_THROUGH, collapse)


def collapse(W1, b1, W2, b2):
    return W2 * W1, W2 @ b1 + b2


wrong("2.1", "W2 * W1 elementwise", r"element-?wise|matrix (product|multiplication)|\bmatmul\b|@|np\.dot",
      collapse)


def collapse(W1, b1, W2, b2):
    b2 += W2 @ b1
    return W2 @ W1, b2


wrong("2.1", "b2 += W2 @ b1 changes b2", IN_PLACE, collapse)


def collapse(W1, b1, W2, b2):
    W = W2 @ W1
    b = W2 @ b1.reshape(-1, 1) + b2.reshape(-1, 1)
    return W, b


wrong("2.1", "b as a column (d_out, 1)", r"shape \(\d, ?1\)|\(\d, ?1\),? expected|column|1-?D", collapse)


def collapse(W1, b1, W2, b2):
    return {"W": W2 @ W1, "b": W2 @ b1 + b2}


wrong("2.1", "a dict {'W', 'b'}", r"\bdict|pair|tuple|\(W, ?b\)", collapse)


def collapse(W1, b1, W2, b2):
    return W2 @ W1


wrong("2.1", "only W returned", r"pair|tuple|two|\(W, ?b\)|both|\bb\b.{0,20}missing", collapse)


def collapse(W1, b1, W2, b2):
    return W2 @ b1 + b2, W2 @ W1


wrong("2.1", "(b, W) in that order", r"order|\(W, ?b\)|swap", collapse)


def collapse(W1, b1, W2, b2):
    W = W2 @ W1
    b = W2 @ b1 + b2


wrong("2.1", "no return", NONE, collapse)


def collapse(W1, b1, W2, b2):
    return (W2 @ W1).tolist(), (W2 @ b1 + b2).tolist()


wrong("2.1", "lists (tolist)", LIST, collapse)


def collapse(W1, b1, W2, b2):
    W = W2 @ W1
    return W, W @ b1 + b2


wrong("2.1", "b = (W2 W1) b1 + b2",
      r"W_?1 ?@? ?b_?1|not W_?1|only (through|by) W_?2|\bb_?1\b .{0,30}(only|not .{0,10}W_?1|second)",
      collapse)


def collapse(W1, b1, W2, b2):
    b = b2                                 # not a copy
    b += W2 @ b1
    return W2 @ W1, b


wrong("2.1", "b = b2 (an alias), then b += W2 @ b1", IN_PLACE, collapse)


# --- 3.1 Dense forward and backward: right ---------------------------------------------------------------

def dense_forward(X, W, b):
    return X @ W.T + b


def dense_backward(dZ, X, W):
    return dZ @ W, dZ.T @ X, dZ.sum(axis=0)


right("3.1", "matrix products", dense_forward, dense_backward)


def dense_forward(X, W, b):
    return np.einsum("nd,kd->nk", X, W) + b


def dense_backward(dZ, X, W):
    dX = np.einsum("nk,kd->nd", dZ, W)
    dW = np.einsum("nk,nd->kd", dZ, X)
    db = np.einsum("nk->k", dZ)
    return dX, dW, db


right("3.1", "np.einsum for all four", dense_forward, dense_backward)


def dense_forward(X, W, b):
    return np.dot(X, W.T) + b[None, :]


def dense_backward(dZ, X, W):
    return (W.T @ dZ.T).T, (X.T @ dZ).T, np.sum(dZ, axis=0)


right("3.1", "transposed products", dense_forward, dense_backward)


def dense_forward(X, W, b):
    return np.array([W @ x + b for x in X])


def dense_backward(dZ, X, W):
    dX = np.array([W.T @ dz for dz in dZ])
    dW = sum(np.outer(dz, x) for dz, x in zip(dZ, X))
    db = sum(dZ)
    return dX, dW, db


right("3.1", "a loop over the samples", dense_forward, dense_backward)


def dense_forward(X, W, b):
    return np.matmul(X, W.T) + b


def dense_backward(dZ, X, W):
    dW = np.tensordot(dZ, X, axes=(0, 0))
    db = np.ones(len(dZ)) @ dZ
    return np.matmul(dZ, W), dW, db


right("3.1", "np.tensordot and a ones vector", dense_forward, dense_backward)


def dense_forward(X, W, b):
    return X.dot(W.T) + b


def dense_backward(dZ, X, W):
    grads = [dZ.dot(W), dZ.T.dot(X), dZ.sum(0)]
    return tuple(grads)


right("3.1", ".dot methods, a tuple from a list", dense_forward, dense_backward)


def dense_forward(X, W, b):
    return (W @ X.T).T + b


def dense_backward(dZ, X, W):
    db = dZ.sum(axis=0, keepdims=True)[0]
    return dZ @ W, dZ.T @ X, db


right("3.1", "(W X^T)^T; keepdims then row 0", dense_forward, dense_backward)


# --- 3.1 Dense forward and backward: wrong ---------------------------------------------------------------

def dense_forward(X, W, b):
    return X @ W + b


def dense_backward(dZ, X, W):
    return dZ @ W, dZ.T @ X, dZ.sum(axis=0)


wrong("3.1", "forward X @ W (no transpose)", r"W\.T|W\^T|transpos|rows of X", dense_forward, dense_backward)


def dense_forward(X, W, b):
    return W @ X.T + b[:, None]


wrong("3.1", "forward W @ X.T: shape (d', N)", SHAPE2 + r"|transpos|X ?@ ?W\.T", dense_forward, dense_backward)


def dense_forward(X, W, b):
    return X @ W.T


wrong("3.1", "forward without the bias", r"bias|\+ ?b\b", dense_forward, dense_backward)


def dense_forward(X, W, b):
    return X @ W.T + b


def dense_backward(dZ, X, W):
    return dZ @ W, X.T @ dZ, dZ.sum(axis=0)


wrong("3.1", "dW = X.T @ dZ (transposed)", SHAPE2 + r"|transpos|dZ\.T ?@ ?X", dense_forward, dense_backward)


def dense_backward(dZ, X, W):
    return dZ @ W, dZ.T @ X, dZ.sum(axis=1)


wrong("3.1", "db summed over axis 1", r"axis|samples|shape \(\d+,\)|\(\d+,\),? expected", dense_forward, dense_backward)


def dense_backward(dZ, X, W):
    return dZ @ W, dZ.T @ X, dZ.mean(axis=0)


wrong("3.1", "db as a mean", r"\bsums?\b|\bmean\b|average|1 ?/ ?N|factor", dense_forward, dense_backward)


def dense_backward(dZ, X, W):
    return dZ @ W.T, dZ.T @ X, dZ.sum(axis=0)


wrong("3.1", "dX = dZ @ W.T", r"dZ ?@ ?W(?!\.)|transpos|X's shape|shape of X", dense_forward, dense_backward)


def dense_backward(dZ, X, W):
    N = X.shape[0]
    return dZ @ W, dZ.T @ X / N, dZ.sum(axis=0)


wrong("3.1", "dW divided by N", r"\bmean\b|average|1 ?/ ?N|factor (of )?N|divid\w* by N|/ ?N\b",
      dense_forward, dense_backward)


def dense_backward(dZ, X, W):
    return {"dX": dZ @ W, "dW": dZ.T @ X, "db": dZ.sum(axis=0)}


wrong("3.1", "backward returns a dict", r"tuple|three|\(dX, ?dW, ?db\)|\bdict", dense_forward, dense_backward)


def dense_backward(dZ, X, W):
    return dZ.T @ X, dZ.sum(axis=0), dZ @ W


wrong("3.1", "(dW, db, dX) order", r"order|\(dX, ?dW, ?db\)", dense_forward, dense_backward)


def dense_backward(dZ, X, W):
    return dZ.T @ X, dZ.sum(axis=0)


wrong("3.1", "only (dW, db): dX forgotten", r"three|\(dX, ?dW, ?db\)|\bdX\b", dense_forward, dense_backward)


def dense_forward(X, W, b):
    return [W @ x + b for x in X]


def dense_backward(dZ, X, W):
    return dZ @ W, dZ.T @ X, dZ.sum(axis=0)


wrong("3.1", "forward as a list of rows", LIST, dense_forward, dense_backward)


def dense_forward(X, W, b):
    return X @ W.T + b


def dense_backward(dZ, X, W):
    return dZ @ W, dZ.T @ X, dZ.sum()


wrong("3.1", "db = dZ.sum() (one number)",
      r"axis|scalar|(a|one|single) number|shape \(\)|shape \(\d+,\)|per (unit|output)|each (unit|output)",
      dense_forward, dense_backward)


def dense_backward(dZ, X, W):
    dX, dW, db = dZ @ W, dZ.T @ X, dZ.sum(axis=0)


wrong("3.1", "backward without return", NONE, dense_forward, dense_backward)


def dense_forward(X, W, b):
    return X @ W.T + b


def dense_backward(dZ, X, W):
    return dZ @ W, dZ.T @ X, np.squeeze(dZ.sum(axis=0, keepdims=True))


wrong("3.1", "np.squeeze: db of shape () for a layer of one unit",
      r"squeeze|shape \(\)|d' ?= ?1|one (unit|output)|(a|one|single) number|scalar", dense_forward, dense_backward)


def dense_forward(X, W, b):
    return np.squeeze(X @ W.T + b)


def dense_backward(dZ, X, W):
    return dZ @ W, dZ.T @ X, dZ.sum(axis=0)


wrong("3.1", "np.squeeze: Z of shape (d',) for one sample",
      r"squeeze|N ?= ?1|one sample|single sample|shape \(\d+,\)|\(1, ?\d+\)", dense_forward, dense_backward)


# --- 3.2 the four factors: right -------------------------------------------------------------------------

def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    dL_dyhat = 2 * (y_hat - y)
    dDense2_dA1 = w
    dA1_dDense1 = np.diag(1 - a ** 2)
    dDense1_dW = np.einsum("jk,l->jkl", np.eye(len(z)), x)
    return dL_dyhat, dDense2_dA1, dA1_dDense1, dDense1_dW


right("3.2", "np.diag and np.einsum", factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    d_hidden, d = W.shape
    T = np.zeros((d_hidden, d_hidden, d))
    for j in range(d_hidden):
        for col in range(d):
            T[j, j, col] = x[col]
    return 2 * (y_hat - y), w.copy(), np.diag(1 - np.tanh(z) ** 2), T


right("3.2", "the tensor built by loops", factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    eye = np.eye(len(a))
    return float(2 * (y_hat - y)), w, eye * (1 - a ** 2), eye[:, :, None] * x[None, None, :]


right("3.2", "a float, eye times the diagonal, broadcasting", factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    d_hidden, d = W.shape
    return (np.array(2 * (y_hat - y)), np.array(w), np.diag(1 - np.tanh(z) ** 2),
            np.kron(np.eye(d_hidden), x).reshape(d_hidden, d_hidden, d))


right("3.2", "a 0-d array; np.kron reshaped", factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    n = len(z)
    T = np.array([[x if j == k else np.zeros_like(x) for k in range(n)] for j in range(n)])
    return -2 * (y - y_hat), w, np.diag(1 - a * a), T


right("3.2", "nested lists converted; -2 (y - y_hat)", factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    n = len(z)
    T = np.zeros((n, n, len(x)))
    T[np.arange(n), np.arange(n)] = x
    return (2 * (y_hat - y)).item(), w, np.diagflat(1 - a ** 2), T


right("3.2", ".item(), np.diagflat, fancy-index assignment", factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    D = np.zeros((len(a), len(a)))
    np.fill_diagonal(D, 1 - a ** 2)
    return 2 * (y_hat - y), w, D, np.multiply.outer(np.eye(len(a)), x)


right("3.2", "np.fill_diagonal, np.multiply.outer", factors)


# --- 3.2 the four factors: wrong -------------------------------------------------------------------------
X_NOT_W = (r"x_l|x_\{?l|\bx\b (not|instead)|not W\b|input x|copies of x|x (copied|in each)|W_?jl ?x|(is|are|=) x\b")


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    return 2 * (y - y_hat), w, np.diag(1 - a ** 2), np.einsum("jk,l->jkl", np.eye(len(z)), x)


wrong("3.2", "dL/dy_hat = 2 (y - y_hat)", r"\bsign\b|opposite|negat|minus|flip|y_?hat ?- ?y|ŷ ?- ?y", factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    return y_hat - y, w, np.diag(1 - a ** 2), np.einsum("jk,l->jkl", np.eye(len(z)), x)


wrong("3.2", "dL/dy_hat without the 2",
      r"factor (of )?2|\b2 ?\*? ?\(|twice|2\(y|power rule|derivative of .{0,20}(\^ ?2|squar)", factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    return 2 * (y_hat - y), a, np.diag(1 - a ** 2), np.einsum("jk,l->jkl", np.eye(len(z)), x)


wrong("3.2", "dDense2/dActivation1 = a (not w)", r"\bw\b|weights?|w\^T", factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    return 2 * (y_hat - y), w, 1 - a ** 2, np.einsum("jk,l->jkl", np.eye(len(z)), x)


wrong("3.2", "dActivation1/dDense1 as a vector", r"diag|matrix|d' ?[x×] ?d'|shape \(\d, ?\d\)", factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    return 2 * (y_hat - y), w, np.diag(1 - z ** 2), np.einsum("jk,l->jkl", np.eye(len(z)), x)


wrong("3.2", "tanh' written as 1 - z^2", r"tanh|1 ?- ?a\b", factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    return 2 * (y_hat - y), w, np.diag(1 - a), np.einsum("jk,l->jkl", np.eye(len(z)), x)


wrong("3.2", "tanh' = 1 - a (not squared)", SQUARE, factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    return 2 * (y_hat - y), w, np.diag(1 - a ** 2), np.tile(x, (len(z), 1))


wrong("3.2", "dDense1/dW as the (d', d) matrix",
      r"tensor|d' ?[x×] ?d' ?[x×] ?d|3-?D|three|shape \(\d, ?\d, ?\d\)", factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    n, d = W.shape
    T = np.zeros((n, d, n))
    for j in range(n):
        T[j, :, j] = x
    return 2 * (y_hat - y), w, np.diag(1 - a ** 2), T


wrong("3.2", "the tensor's axes in the order (d', d, d')",
      r"shape \(\d, ?\d, ?\d\)|d' ?[x×] ?d' ?[x×] ?d|ax[ie]s|order", factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    n = len(z)
    return 2 * (y_hat - y), w, np.diag(1 - a ** 2), np.broadcast_to(x, (n, n, len(x)))


wrong("3.2", "x in every (j, k), no delta",
      r"delta|δ|j ?={1,2} ?k|diagonal|zero|\b0\b (otherwise|else|elsewhere)|else 0", factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    return np.array([2 * (y_hat - y)]), w, np.diag(1 - a ** 2), np.einsum("jk,l->jkl", np.eye(len(z)), x)


wrong("3.2", "dL/dy_hat as an array of shape (1,)", r"scalar|(a|one|single) number|shape \(1,\)|one-element", factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    return {"dL_dyhat": 2 * (y_hat - y), "dDense2_dA1": w, "dA1_dDense1": np.diag(1 - a ** 2),
            "dDense1_dW": np.einsum("jk,l->jkl", np.eye(len(z)), x)}


wrong("3.2", "a dict of the four factors", r"tuple|four|\bdict|order", factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    return 2 * (y_hat - y), w, np.diag(1 - a ** 2)


wrong("3.2", "three factors (the tensor forgotten)", r"four|\b4 (values|factors)|tuple", factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    dL_dyhat = 2 * (y_hat - y)
    dDense2_dA1 = w
    dA1_dDense1 = np.diag(1 - a ** 2)
    dDense1_dW = np.einsum("jk,l->jkl", np.eye(len(z)), x)


wrong("3.2", "no return", NONE, factors)


def factors(x, y, W, w):
    z = W @ x
    a = np.tanh(z)
    y_hat = w @ a
    n, d = W.shape
    T = np.zeros((n, n, d))
    for j in range(n):
        T[j, j, :] = W[j]
    return 2 * (y_hat - y), w, np.diag(1 - a ** 2), T


wrong("3.2", "W's rows in the tensor (dz/dx, not dz/dW)", X_NOT_W, factors)


# --- 4.1 backprop by hand: right -------------------------------------------------------------------------

def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (Y_hat - y) / N
    dW2 = dY.T @ A1
    db2 = dY.sum(axis=0)
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dW2, "b2": db2}


right("4.1", "the chain rule, layer by layer", gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    dY = 2 * (Y_hat - y) / len(X)
    dZ1 = dY @ W2 * (1 - np.tanh(Z1) ** 2)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


right("4.1", "tanh' as 1 - np.tanh(Z1)^2", gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = y.shape[0]
    dY = 2 * (Y_hat - y) / N
    dA1 = dY @ W2
    dZ1 = dA1 * (np.ones_like(A1) - A1 ** 2)
    return {"W1": dZ1.T @ X, "b1": np.sum(dZ1, axis=0), "W2": dY.T @ A1, "b2": np.sum(dY, axis=0)}


right("4.1", "np.ones_like(A1) - A1^2", gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    err = 2 * (Y_hat - y)                 # the 1/N comes at the end
    dZ1 = (err @ W2) * (1 - A1 ** 2)
    return {"W1": dZ1.T @ X / N, "b1": dZ1.sum(axis=0) / N, "W2": err.T @ A1 / N, "b2": err.sum(axis=0) / N}


right("4.1", "1/N folded into each gradient", gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = np.einsum("nd,hd->nh", X, W1) + b1
    A1 = np.tanh(Z1)
    Y_hat = np.einsum("nh,oh->no", A1, W2) + b2
    dY = 2 * (Y_hat - y) / X.shape[0]
    dZ1 = np.einsum("no,oh->nh", dY, W2) * (1 - A1 ** 2)
    return {"W1": np.einsum("nh,nd->hd", dZ1, X), "b1": np.einsum("nh->h", dZ1),
            "W2": np.einsum("no,nh->oh", dY, A1), "b2": np.einsum("no->o", dY)}


right("4.1", "np.einsum throughout", gradients)


def gradients(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    dW1, db1 = np.zeros_like(W1), np.zeros_like(b1)
    dW2, db2 = np.zeros_like(W2), np.zeros_like(b2)
    for x_i, y_i in zip(X, y):
        a = np.tanh(W1 @ x_i + b1)
        y_hat = W2 @ a + b2
        dy = 2 * (y_hat - y_i) / N         # (1,)
        dW2 += np.outer(dy, a)
        db2 += dy
        dz = (W2.T @ dy) * (1 - a ** 2)
        dW1 += np.outer(dz, x_i)
        db1 += dz
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


right("4.1", "a loop over the samples, accumulating", gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    err = Y_hat - y
    dW2 = 2 * np.mean(err * A1, axis=0, keepdims=True)
    db2 = 2 * np.mean(err, axis=0)
    dZ1 = 2 * err * W2 * (1 - A1 ** 2)     # (N, 1) * (1, d') broadcast
    return {"W1": dZ1.T @ X / len(X), "b1": dZ1.mean(axis=0), "W2": dW2, "b2": db2}


right("4.1", "np.mean and broadcasting", gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = len(y)
    dY = 2 * (Y_hat - y) / N
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return dict(W1=dZ1.T @ X, b1=np.ones(N) @ dZ1, W2=dY.T @ A1, b2=np.array([dY.sum()]))


right("4.1", "dict(...), a ones vector, b2 as an array of one", gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    dY = 2 * (Y_hat - y) / X.shape[0]
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    grads = collections.OrderedDict()      # a dict, in a fixed order
    grads["W1"], grads["b1"] = dZ1.T @ X, dZ1.sum(axis=0)
    grads["W2"], grads["b2"] = dY.T @ A1, dY.sum(axis=0)
    return grads


right("4.1", "an OrderedDict", gradients)


# --- 4.1 backprop by hand: wrong -------------------------------------------------------------------------
NAN = r"\bnan\b|not a number|finite"


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (Y_hat - y) / N
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"W1": dZ1.T @ X / N, "b1": dZ1.sum(axis=0) / N, "W2": dY.T @ A1 / N, "b2": dY.sum(axis=0) / N}


wrong("4.1", "divided by N twice", FACTOR_N, gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (Y_hat - y) // N
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


wrong("4.1", "floor division // N", r"//|integer|floor|\bint\b|whole", gradients)


def gradients(X, y, W1, b1, W2, b2):
    A1 = np.tanh(X @ W1.T)                 # the forward pass written again, b1 left out
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (Y_hat - y) / N
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


wrong("4.1", "b1 dropped from the forward pass",
      r"(forward|Z_?1|miss|forg|drop|without|leav|left)\w*.{0,40}\bb_?1\b|\bb_?1\b.{0,40}(forward|miss|forg"
      r"|drop|left out)"
      r"|bias", gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (y - Y_hat) / N
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


wrong("4.1", "dY = 2 (y - Y_hat) / N", SIGN, gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = (Y_hat - y) / N
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


wrong("4.1", "the factor 2 forgotten",
      r"factor (of )?2|\b2\b.{0,30}(miss|forg)|twice|half|power rule|derivative of .{0,20}(\^ ?2|squar)", gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (Y_hat - y) / N
    dZ1 = dY @ W2
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


wrong("4.1", "tanh' forgotten", r"tanh|activation|1 ?- ?A_?1", gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (Y_hat - y) / N
    dZ1 = (dY @ W2) * (1 - A1)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


wrong("4.1", "tanh' = 1 - A1 (not squared)", SQUARE, gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (Y_hat - y) / N
    dZ1 = (dY @ W2) * (1 - Z1 ** 2)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


wrong("4.1", "tanh' = 1 - Z1^2", r"tanh\(Z_?1\)|\bA_?1\b|1 ?- ?tanh|of the tanh", gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (Y_hat - y) / N
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


wrong("4.1", "dW1 = X.T @ dZ1 (transposed)", SHAPE2 + r"|transpos", gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (Y_hat - y) / N
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dY.ravel() @ A1, "b2": dY.sum(axis=0)}


wrong("4.1", "dW2 flattened to (d',)", r"shape \(\d+,\)|\(1, ?\d+\)|2-?D|\brow\b", gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (Y_hat - y) / N
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"W1": dZ1.T @ X, "b1": dZ1, "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


wrong("4.1", "db1 not summed over the samples", SHAPE2 + r"|sum\w* over|over (the )?(N )?samples|axis", gradients)


def gradients(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    dW1 = np.full(W1.shape, np.nan)        # filled below
    db1 = np.full(b1.shape, np.nan)
    dW2 = np.full(W2.shape, np.nan)
    db2 = np.full(b2.shape, np.nan)
    for x_i, y_i in zip(X, y):
        a = np.tanh(W1 @ x_i + b1)
        dy = 2 * (W2 @ a + b2 - y_i) / N
        dz = (W2.T @ dy) * (1 - a ** 2)
        dW1 += np.outer(dz, x_i)
        db1 += dz
        dW2 += np.outer(dy, a)
        db2 += dy
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


wrong("4.1", "accumulators started at NaN: every gradient NaN", NAN, gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (Y_hat - y) / N
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    db1 = np.full_like(b1, np.nan)         # TODO
    return {"W1": dZ1.T @ X, "b1": db1, "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


wrong("4.1", "db1 left as a NaN placeholder", NAN, gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (Y_hat - y) / N
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return dZ1.T @ X, dZ1.sum(axis=0), dY.T @ A1, dY.sum(axis=0)


wrong("4.1", "a tuple instead of the dict", r"\bdict|keys?", gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (Y_hat - y) / N
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"dW1": dZ1.T @ X, "db1": dZ1.sum(axis=0), "dW2": dY.T @ A1, "db2": dY.sum(axis=0)}


wrong("4.1", "keys 'dW1', 'db1', ...", r"keys?|\"W1\"|'W1'", gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (Y_hat - y) / N
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    grads = {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


wrong("4.1", "no return", NONE, gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    dY = 2 * (Y_hat - y)
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


wrong("4.1", "no 1/N (the gradient of the sum)", FACTOR_N, gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (Y_hat - y) / N
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": dY.sum(axis=0, keepdims=True)}


wrong("4.1", "db2 of shape (1, 1)", r"\(1, ?1\)|\(1,\)", gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (Y_hat - y) / N
    dZ1 = (dY @ W2.T) * (1 - A1 ** 2)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


wrong("4.1", "dA1 = dY @ W2.T (shapes do not fit)", r"dY ?@ ?W_?2(?!\.T)|transpos", gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (Y_hat - y)
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0) / N, "W2": dY.T @ A1 / N, "b2": dY.sum(axis=0) / N}


wrong("4.1", "1/N folded into three gradients, dW1 forgotten", FACTOR_N, gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = A1 @ W2.T + b2
    N = X.shape[0]
    dY = 2 * (Y_hat - y) / N
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"W1": (dZ1.T @ X).tolist(), "b1": dZ1.sum(axis=0).tolist(),
            "W2": (dY.T @ A1).tolist(), "b2": dY.sum(axis=0).tolist()}


wrong("4.1", "gradients as lists (tolist)", LIST, gradients)


def gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Y_hat = (A1 @ W2.T + b2).ravel()      # (N,): broadcasts against y (N, 1) below
    N = X.shape[0]
    dY = 2 * (Y_hat - y) / N
    dZ1 = (dY @ W2) * (1 - A1 ** 2)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dY.T @ A1, "b2": dY.sum(axis=0)}


wrong("4.1", "Y_hat raveled to (N,): (N,) - (N, 1) broadcasts to (N, N)",
      SHAPE2 + r"|broadcast|\(N, ?1\)|ravel|flatten", gradients)


# --- 5.1 Momentum: right ---------------------------------------------------------------------------------

def momentum_step(theta, g, m, lr, beta):
    m = beta * m + (1 - beta) * g
    theta = theta - lr * m
    return theta, m


right("5.1", "the slide's two lines", momentum_step)


def momentum_step(theta, g, m, lr, beta):
    m = m + (1 - beta) * (g - m)  # the same average, one multiplication less
    return theta - lr * m, m


right("5.1", "m + (1 - beta)(g - m)", momentum_step)


def momentum_step(theta, g, m, lr, beta):
    m_new = np.add(np.multiply(beta, m), np.multiply(1 - beta, g))
    return np.subtract(theta, np.multiply(lr, m_new)), m_new


right("5.1", "np.add / np.multiply", momentum_step)


def momentum_step(theta, g, m, lr, beta):
    m = m.copy()                           # work on a copy
    m *= beta
    m += (1 - beta) * g
    theta = theta - lr * m
    return theta, m


right("5.1", "in-place on a copy of m", momentum_step)


def momentum_step(theta, g, m, lr, beta):
    new_m = (1 - beta) * g + beta * m
    new_theta = theta.copy()
    new_theta -= lr * new_m
    return new_theta, new_m


right("5.1", "-= on a copy of theta", momentum_step)


def momentum_step(theta, g, m, lr, beta):
    velocity = beta * m + (1 - beta) * g
    step = lr * velocity
    return theta - step, velocity


right("5.1", "velocity and step named", momentum_step)


def momentum_step(theta, g, m, lr, beta):
    m = beta * m                           # a new array; += below changes only it
    m += (1 - beta) * g
    theta = theta.copy()
    theta -= lr * m
    return theta, m


right("5.1", "m = beta * m, then +=; theta = theta.copy(), then -=", momentum_step)


# --- 5.1 Momentum: wrong ---------------------------------------------------------------------------------
NEW_STATE = r"new m|updated m|old m|first.{0,30}then|before|previous|m\^\(k\)|\border\b"

_momentum_memory = {"m": 0.0}  # a student's global state


def momentum_step(theta, g, m, lr, beta):
    m = 0.9 * m + 0.1 * g
    return theta - lr * m, m


wrong("5.1", "beta = 0.9 written in", BETA, momentum_step)


def momentum_step(theta, g, m, lr, beta):
    m = beta * m + 0.1 * g
    return theta - lr * m, m


wrong("5.1", "(1 - beta) written as 0.1", BETA + r"|1 ?- ?(beta|β)", momentum_step)


def momentum_step(theta, g, m, lr, beta):
    m = beta * m + (1 - beta) * g
    return theta - 0.01 * m, m


wrong("5.1", "lr = 0.01 written in", LR, momentum_step)


def momentum_step(theta, g, m, lr, beta):
    m = beta * m + (1 - beta) * g
    return theta - m, m


wrong("5.1", "the step without lr", LR, momentum_step)


def momentum_step(theta, g, m, lr, beta):
    m = beta * m + g
    return theta - lr * m, m


wrong("5.1", "heavy ball: m = beta m + g", r"1 ?- ?(beta|β)|\(1-β\)|heavy|average|EMA|exponential", momentum_step)


def momentum_step(theta, g, m, lr, beta):
    theta = theta - lr * m
    m = beta * m + (1 - beta) * g
    return theta, m


wrong("5.1", "theta stepped with the old m", NEW_STATE, momentum_step)


def momentum_step(theta, g, m, lr, beta):
    m = beta * m + (1 - beta) * g
    return theta + lr * m, m


wrong("5.1", "theta + lr m", SIGN + r"|\+ ?lr", momentum_step)


def momentum_step(theta, g, m, lr, beta):
    m *= beta
    m += (1 - beta) * g
    theta -= lr * m
    return theta, m


wrong("5.1", "m *= beta; theta -= lr m", IN_PLACE, momentum_step)


def momentum_step(theta, g, m, lr, beta):
    m = beta * m + (1 - beta) * g
    theta -= lr * m
    return theta, m


wrong("5.1", "theta -= lr m", IN_PLACE, momentum_step)


def momentum_step(theta, g, m, lr, beta):
    m = beta * m + (1 - beta) * g
    return theta - lr * m


wrong("5.1", "only theta returned", r"pair|tuple|\(theta, ?m\)|two|both|\bm\b.{0,20}(missing|too)|state", momentum_step)


def momentum_step(theta, g, m, lr, beta):
    m = beta * m + (1 - beta) * g
    return m, theta - lr * m


wrong("5.1", "(m, theta) in that order", r"order|\(theta, ?m\)|swap", momentum_step)


def momentum_step(theta, g, m, lr, beta):
    m = beta * m + (1 - beta) * g
    theta = theta - lr * m


wrong("5.1", "no return", NONE, momentum_step)


def momentum_step(theta, g, m, lr, beta):
    m = (1 - beta) * m + beta * g
    return theta - lr * m, m


wrong("5.1", "weights swapped: (1 - beta) m + beta g",
      r"swap|beta ?\*? ?m\b|β ?m|\(1 ?- ?(beta|β)\) ?\*? ?g|weights?", momentum_step)


def momentum_step(theta, g, m, lr, beta):
    m = beta * m + (1 - beta) * g
    return theta - lr * (beta * m + (1 - beta) * g), m


wrong("5.1", "a Nesterov-like look-ahead step",
      r"nesterov|look-?ahead|theta ?(-|−) ?(lr|η|eta) ?\*? ?m\b|θ ?(-|−) ?η ?m",
      momentum_step)


def momentum_step(theta, g, m, lr, beta):
    _momentum_memory["m"] = beta * _momentum_memory["m"] + (1 - beta) * g
    m = _momentum_memory["m"]
    return theta - lr * m, m


wrong("5.1", "m kept in a global, the m argument ignored",
      r"global|\bm\b.{0,30}(argument|passed|given|ignor)|ignor\w* .{0,20}\bm\b|state", momentum_step)


def momentum_step(theta, g, m, lr, beta):
    m = beta * m + (1 - beta) * g ** 2
    return theta - lr * m, m


wrong("5.1", "g^2 in the average (RMSprop mixed in)", r"squar|g\^ ?2|g ?\*\* ?2|g²", momentum_step)


def momentum_step(theta, g, m, lr, beta):
    new_m = m                              # not a copy
    new_m *= beta
    new_m += (1 - beta) * g
    return theta - lr * new_m, new_m


wrong("5.1", "new_m = m (an alias), then *= and +=", IN_PLACE, momentum_step)


def momentum_step(theta, g, m, lr, beta):
    v = beta * m + (1 - beta) * lr * g     # lr folded into the state: v = lr m
    return theta - v, v


wrong("5.1", "lr folded into the state: returns lr m as m",
      r"\bstate\b|returned? m\b|\bm\b (you return|returned)|lr ?\*? ?m\b|scaled by lr|times lr", momentum_step)


# --- 5.2 RMSprop: right ----------------------------------------------------------------------------------

def rmsprop_step(theta, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g * g
    theta = theta - lr * g / np.sqrt(s + eps)
    return theta, s


right("5.2", "the slide's two lines", rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s = s + (1 - beta) * (g ** 2 - s)
    return theta - lr * g / np.sqrt(s + eps), s


right("5.2", "s + (1 - beta)(g^2 - s)", rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s_new = beta * s + (1 - beta) * g ** 2
    return theta - lr * g * (s_new + eps) ** -0.5, s_new


right("5.2", "(s + eps)^-0.5", rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s_new = np.add(beta * s, (1 - beta) * np.square(g))
    rms = np.power(s_new + eps, 0.5)
    return theta - lr * np.divide(g, rms), s_new


right("5.2", "np.square, np.power, np.divide", rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g ** 2
    step_size = lr / np.sqrt(s + eps)      # per coordinate
    return theta - step_size * g, s


right("5.2", "a per-coordinate step size", rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s = s.copy()
    s *= beta
    s += (1 - beta) * g * g
    new_theta = theta.copy()
    new_theta -= lr * g / np.sqrt(s + eps)
    return new_theta, s


right("5.2", "in-place on copies", rmsprop_step)


# --- 5.2 RMSprop: wrong ----------------------------------------------------------------------------------
EPS_INSIDE = r"inside|outside|sqrt\(s ?\+ ?eps\)|under the root|within|parenth|bracket|precedence"


def rmsprop_step(theta, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g * g
    return theta - lr * g / (np.sqrt(s) + eps), s


wrong("5.2", "eps outside the root", EPS_INSIDE, rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g * g
    return theta - lr * g / (s + eps), s


wrong("5.2", "no root", ROOT, rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s = beta * s + g * g
    return theta - lr * g / np.sqrt(s + eps), s


wrong("5.2", "s = beta s + g^2 (no 1 - beta)", r"1 ?- ?(beta|β)|average|EMA|exponential", rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g
    return theta - lr * g / np.sqrt(s + eps), s


wrong("5.2", "g not squared in s", r"squar|g\^ ?2|g ?\*\* ?2|g²|g ?\* ?g", rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s = 0.9 * s + 0.1 * g * g
    return theta - lr * g / np.sqrt(s + eps), s


wrong("5.2", "beta = 0.9 written in", BETA, rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s = 0.99 * s + 0.01 * g * g
    return theta - lr * g / np.sqrt(s + eps), s


wrong("5.2", "beta = 0.99 written in", BETA, rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g * g
    return theta - lr * g / np.sqrt(s + 1e-8), s


wrong("5.2", "eps = 1e-8 written in", EPS, rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g * g
    return theta - 0.001 * g / np.sqrt(s + eps), s


wrong("5.2", "lr = 0.001 written in", LR, rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    theta = theta - lr * g / np.sqrt(s + eps)
    s = beta * s + (1 - beta) * g * g
    return theta, s


wrong("5.2", "theta divided by the old s", r"new s|updated|old s|first.{0,30}then|before|previous|\border\b",
      rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s *= beta
    s += (1 - beta) * g * g
    return theta - lr * g / np.sqrt(s + eps), s


wrong("5.2", "s *= beta; s += ...", IN_PLACE, rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g * g
    theta -= lr * g / np.sqrt(s + eps)
    return theta, s


wrong("5.2", "theta -= ...", IN_PLACE, rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g * g
    rms = np.sqrt(s + eps)
    return theta - lr * g / rms, rms


wrong("5.2", "the root returned as the state",
      r"E\[g\^?2\]|E\[g²\]|mean square|\bstate|root of s|not (its|the) (square )?root",
      rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g * g
    return theta + lr * g / np.sqrt(s + eps), s


wrong("5.2", "theta + ...", SIGN, rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g * g
    theta = theta - lr * g / np.sqrt(s + eps)


wrong("5.2", "no return", NONE, rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g * g
    return theta - lr * g / np.sqrt(s) + eps, s


wrong("5.2", "parentheses: eps added to theta", EPS_INSIDE, rmsprop_step)


def rmsprop_step(theta, g, s, lr, beta, eps):
    s = beta * s + (1 - beta) * g * g
    return theta - lr * g / np.sqrt(s), s


wrong("5.2", "eps left out",
      r"\beps\b (is )?(missing|forgotten|left out)|(without|missing|forg\w*|add\w*) .{0,20}\beps\b"
      r"|sqrt\(s ?\+ ?eps\)|epsilon", rmsprop_step)


# --- 5.3 Adam: right -------------------------------------------------------------------------------------

def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    s_hat = s / (1 - beta2 ** t)
    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


right("5.3", "with m_hat and s_hat", adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    # Kingma & Ba's folded form: lr and eps both rescaled
    lr_t = lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    eps_t = eps * np.sqrt(1 - beta2 ** t)
    return theta - lr_t * m / (np.sqrt(s) + eps_t), m, s


right("5.3", "folded lr sqrt(1 - beta2^t) / (1 - beta1^t), eps sqrt(1 - beta2^t)", adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = m + (1 - beta1) * (g - m)
    s = s + (1 - beta2) * (np.square(g) - s)
    m_hat = m / (1 - np.power(beta1, t))
    s_hat = s / (1 - np.power(beta2, t))
    return theta - lr * m_hat / (s_hat ** 0.5 + eps), m, s


right("5.3", "m + (1 - beta)(g - m), np.power, ** 0.5", adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m, s = m.copy(), s.copy()
    m *= beta1
    m += (1 - beta1) * g
    s *= beta2
    s += (1 - beta2) * g ** 2
    bc1, bc2 = 1 - beta1 ** t, 1 - beta2 ** t
    return theta - lr * (m / bc1) / (np.sqrt(s / bc2) + eps), m, s


right("5.3", "in-place on copies; bias corrections named", adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    new_m = beta1 * m + (1 - beta1) * g
    new_s = beta2 * s + (1 - beta2) * g * g
    alpha_t = lr / (1 - beta1 ** t)
    denom = np.sqrt(new_s) / np.sqrt(1 - beta2 ** t) + eps
    return theta - alpha_t * new_m / denom, new_m, new_s


right("5.3", "step size lr / (1 - beta1^t), denominator sqrt(s)/sqrt(1 - beta2^t) + eps", adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat = np.divide(m, 1 - beta1 ** t)
    s_hat = np.divide(s, 1 - beta2 ** t)
    update = lr * m_hat / (np.sqrt(s_hat) + eps)
    new_theta = theta.copy()
    new_theta -= update
    return new_theta, m, s


right("5.3", "np.divide; -= on a copy of theta", adam_step)


# --- 5.3 Adam: wrong -------------------------------------------------------------------------------------
_adam_counter = [0]  # a student's own step counter


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** (t - 1))
    s_hat = s / (1 - beta2 ** (t - 1))
    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


wrong("5.3", "bias correction with t - 1 (0 at the first step)",
      r"t ?(-|−) ?1|\bt ?= ?1\b|starts? at 1|divi\w* by (0|zero)|\^ ?0\b", adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** (t + 1))
    s_hat = s / (1 - beta2 ** (t + 1))
    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


wrong("5.3", "bias correction with t + 1",
      r"t ?\+ ?1|off[- ]by[- ]one|already (starts|counts)|t (starts|begins) at 1|one step (ahead|too far)", adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta2 * m + (1 - beta2) * g
    s = beta1 * s + (1 - beta1) * g * g
    m_hat = m / (1 - beta2 ** t)
    s_hat = s / (1 - beta1 ** t)
    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


wrong("5.3", "beta1 and beta2 swapped",
      r"swap|mix\w* up|interchang|exchang|the other way|wrong (beta|β)|(beta|β)_?1 (belongs|goes|is) (to|for"
      r"|with) m", adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    s_hat = s / (1 - beta2 ** t)
    return theta - lr * m_hat / (s_hat + eps), m, s


wrong("5.3", "no root over s_hat", ROOT, adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat = m / (1 - beta1) ** t
    s_hat = s / (1 - beta2) ** t
    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


wrong("5.3", "(1 - beta)^t for 1 - beta^t",
      r"1 ?- ?(beta|β)_?[12₁₂]? ?(\^|\*\*) ?t|\(1 ?- ?(beta|β)\w*\) ?(\^|\*\*) ?t|power|exponent", adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    s_hat = s / (1 - beta2 ** t)
    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), m_hat, s_hat


wrong("5.3", "m_hat and s_hat returned as the state",
      r"(return|state|keep|store|carr)\w*.{0,40}(m_?hat|m̂|corrected)|(m_?hat|m̂|corrected).{0,40}(return|state"
      r"|keep|stor|carr)"
      r"|uncorrected", adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    s_hat = s / (1 - beta2 ** t)
    return theta - lr * m_hat / np.sqrt(s_hat + eps), m, s


wrong("5.3", "eps inside the root", r"outside|inside|sqrt\(s_?hat\) ?\+ ?eps|under the root", adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    return theta - lr * m / (np.sqrt(s) + eps), m, s


wrong("5.3", "no bias correction", r"bias|correct|1 ?- ?(beta|β)", adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = 0.9 * m + 0.1 * g
    s = 0.999 * s + 0.001 * g * g
    m_hat = m / (1 - 0.9 ** t)
    s_hat = s / (1 - 0.999 ** t)
    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


wrong("5.3", "beta1, beta2 = 0.9, 0.999 written in", BETAS, adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = 0.999 * s + 0.001 * g * g
    m_hat = m / (1 - beta1 ** t)
    s_hat = s / (1 - 0.999 ** t)
    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


wrong("5.3", "beta2 = 0.999 written in", BETAS, adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    s_hat = s / (1 - beta2 ** t)
    return theta - lr * m_hat / (np.sqrt(s_hat) + 1e-8), m, s


wrong("5.3", "eps = 1e-8 written in", EPS, adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    s_hat = s / (1 - beta2 ** t)
    return theta - 0.001 * m_hat / (np.sqrt(s_hat) + eps), m, s


wrong("5.3", "lr = 0.001 written in", LR, adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    t = 1
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    s_hat = s / (1 - beta2 ** t)
    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


wrong("5.3", "t = 1 at every step",
      r"\bt\b.{0,40}(grow|increas|each step|argument|given|passed|ignor)|step number|1, 2, 3",
      adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    _adam_counter[0] += 1
    step = _adam_counter[0]
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** step)
    s_hat = s / (1 - beta2 ** step)
    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


wrong("5.3", "its own global step counter, t ignored",
      r"\bt\b.{0,40}(argument|given|passed|ignor)|global|counter|own (step|count)|step number", adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m *= beta1
    m += (1 - beta1) * g
    s *= beta2
    s += (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    s_hat = s / (1 - beta2 ** t)
    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


wrong("5.3", "m and s updated in place", IN_PLACE, adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    s_hat = s / (1 - beta2 ** t)
    theta -= lr * m_hat / (np.sqrt(s_hat) + eps)
    return theta, m, s


wrong("5.3", "theta -= ...", IN_PLACE, adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    s_hat = s / (1 - beta2 ** t)
    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), m


wrong("5.3", "(theta, m) returned, s forgotten", r"three|\b3 values|\(theta, ?m, ?s\)", adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    s_hat = s / (1 - beta2 ** t)
    theta = theta - lr * m_hat / (np.sqrt(s_hat) + eps)


wrong("5.3", "no return", NONE, adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    return theta - lr * m_hat / (np.sqrt(s) + eps), m, s


wrong("5.3", "only m bias-corrected", r"s_?hat|ŝ|1 ?- ?(beta|β)_?2|(beta|β)_?2 ?(\^|\*\*) ?t|both", adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    lr_t = lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    return theta - lr_t * m / (np.sqrt(s) + eps), m, s


wrong("5.3", "folded lr, eps not rescaled",
      r"(scal|rescal)\w*.{0,30}\beps\b|\beps\b.{0,30}(scal|sqrt\(1|√\(1)|eps_t|eps_hat|epsilon", adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    s_hat = s / (1 - beta1 ** t)
    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


wrong("5.3", "s_hat corrected with beta1^t", r"(beta|β)_?2 ?(\^|\*\*) ?t|1 ?- ?(beta|β)_?2|β₂", adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    s_hat = s / (1 - beta2 ** t)
    return theta + lr * m_hat / (np.sqrt(s_hat) + eps), m, s


wrong("5.3", "theta + ...", SIGN, adam_step)


def adam_step(theta, g, m, s, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g * g
    s_hat = s / (1 - beta2 ** t)
    return theta - lr * m / (np.sqrt(s_hat) + eps), m, s


wrong("5.3", "m_hat computed nowhere: m in the step", r"m_?hat|m̂|bias|correct|1 ?- ?(beta|β)_?1", adam_step)


# --- 6.1 shuffle, then chunks: right ---------------------------------------------------------------------

def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    X, y = X[order], y[order]
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]


right("6.1", "a generator over slices of the shuffled copies", make_batches)


def make_batches(X, y, batch_size, rng):
    idx = rng.permutation(len(y))
    return [(X[idx[i:i + batch_size]], y[idx[i:i + batch_size]]) for i in range(0, len(y), batch_size)]


right("6.1", "a list of batches, indexed per batch", make_batches)


def make_batches(X, y, batch_size, rng):
    idx = np.arange(X.shape[0])
    rng.shuffle(idx)                       # the index array is the function's own
    batches = []
    for start in range(0, len(idx), batch_size):
        chunk = idx[start:start + batch_size]
        batches.append((X[chunk], y[chunk]))
    return batches


right("6.1", "rng.shuffle on an index array", make_batches)


def make_batches(X, y, batch_size, rng):
    N = len(X)
    order = rng.choice(N, N, replace=False)
    for i in range(0, N, batch_size):
        rows = order[i:i + batch_size]
        yield X[rows], y[rows]


right("6.1", "rng.choice(N, N, replace=False)", make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    cuts = range(batch_size, len(X), batch_size)
    for rows in np.split(order, cuts):
        yield X[rows], y[rows]


right("6.1", "np.split at multiples of the batch size", make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    start = 0
    while start < len(order):
        rows = order[start:start + batch_size]
        yield X[rows], y[rows]
        start += batch_size


right("6.1", "a while loop", make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permuted(np.arange(len(X)))
    return [(X[order[i:i + batch_size]], y[order[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


right("6.1", "rng.permuted", make_batches)


def make_batches(X, y, batch_size, rng):
    order = np.argsort(rng.random(len(X)))  # a random order from random keys
    Xs, ys = X[order], y[order]
    for i in range(0, len(Xs), batch_size):
        yield Xs[i:i + batch_size], ys[i:i + batch_size]


right("6.1", "argsort of random keys", make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(X.shape[0])
    cuts = list(range(batch_size, X.shape[0], batch_size))
    return zip(np.split(X.take(order, axis=0), cuts), np.split(y.take(order, axis=0), cuts))


right("6.1", "a zip of np.split pieces", make_batches)


def make_batches(X, y, batch_size, rng):
    N = len(X)
    order = rng.permutation(N)
    X_shuffled, y_shuffled = X[order], y[order]
    for start in range(0, N, batch_size):
        stop = min(start + batch_size, N)
        yield X_shuffled[start:stop], y_shuffled[start:stop]  # views of the shuffled copies


right("6.1", "explicit stop = min(start + B, N), views yielded", make_batches)


def make_batches(X, y, batch_size, rng):
    order = np.arange(len(X))
    for i in range(len(order) - 1, 0, -1):  # Fisher-Yates, with rng's integers
        j = rng.integers(0, i + 1)
        order[i], order[j] = order[j], order[i]
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        yield X[rows], y[rows]


right("6.1", "Fisher-Yates by hand with rng.integers", make_batches)


def make_batches(X, y, batch_size, rng):
    rng = np.random.default_rng(rng)       # a Generator passes through unchanged
    X, y = np.asarray(X), np.asarray(y)
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        rows = order[start:start + batch_size]
        yield X[rows], y[rows]


right("6.1", "np.random.default_rng(rng) (returns rng itself); lists converted", make_batches)


def make_batches(X, y, batch_size, rng):
    # a child generator seeded from rng: the order still comes from rng alone
    child = np.random.default_rng(rng.integers(2 ** 32))
    order = child.permutation(len(X))
    cuts = range(batch_size, len(X), batch_size)
    return map(lambda rows: (X[rows], y[rows]), np.split(order, cuts))


right("6.1", "a child generator seeded from rng; a map object", make_batches)


# --- 6.1 shuffle, then chunks: wrong ---------------------------------------------------------------------
LAST = r"last|partial|smaller|remainder|drop"
SHUFFLE = r"shuffl|original order|random|permut"


def make_batches(X, y, batch_size, rng):
    order = np.random.permutation(len(X))
    X, y = X[order], y[order]
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]


wrong("6.1", "np.random.permutation (the global generator)", RNG, make_batches)


def make_batches(X, y, batch_size, rng):
    idx = np.arange(len(X))
    np.random.shuffle(idx)
    for start in range(0, len(X), batch_size):
        rows = idx[start:start + batch_size]
        yield X[rows], y[rows]


wrong("6.1", "np.random.shuffle on the indices", RNG, make_batches)


def make_batches(X, y, batch_size, rng):
    rng = np.random.default_rng()
    order = rng.permutation(len(X))
    X, y = X[order], y[order]
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]


wrong("6.1", "a fresh default_rng() inside", RNG, make_batches)


def make_batches(X, y, batch_size, rng):
    rng = np.random.default_rng(0)
    order = rng.permutation(len(X))
    X, y = X[order], y[order]
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]


wrong("6.1", "reseeded: default_rng(0) inside", RNG + r"|reseed|same order|fresh|new (generator|rng)", make_batches)


def make_batches(X, y, batch_size, rng):
    np.random.seed(42)
    order = np.random.permutation(len(X))
    for start in range(0, len(X), batch_size):
        rows = order[start:start + batch_size]
        yield X[rows], y[rows]


wrong("6.1", "np.random.seed(42), then the global generator", RNG + r"|reseed|same order", make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        yield batch, y[batch]


wrong("6.1", "the indices as X_batch", r"indic|index|X\[", make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        yield order[start:start + batch_size]


wrong("6.1", "batches of indices, not pairs of data", r"indic|index|pair|\(X_batch, ?y_batch\)", make_batches)


def make_batches(X, y, batch_size, rng):
    X = X[rng.permutation(len(X))]
    y = y[rng.permutation(len(y))]
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]


wrong("6.1", "X and y shuffled by two permutations", PAIRED, make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    X, y = X[order], y[order]
    for start in range(0, len(X) - batch_size + 1, batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]


wrong("6.1", "the last, smaller batch dropped", LAST, make_batches)


def make_batches(X, y, batch_size, rng):
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]


wrong("6.1", "no shuffle", SHUFFLE, make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]


wrong("6.1", "permutation drawn, never applied", SHUFFLE, make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    X[:] = X[order]
    y[:] = y[order]
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]


wrong("6.1", "X[:] = X[order] shuffles the caller's data", IN_PLACE, make_batches)


def make_batches(X, y, batch_size, rng):
    rng.shuffle(X)
    rng.shuffle(y)
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]


wrong("6.1", "rng.shuffle(X); rng.shuffle(y)", PAIRED + "|" + IN_PLACE, make_batches)


def make_batches(X, y, batch_size, rng):
    for i in rng.permutation(len(X)):
        yield X[i], y[i]


wrong("6.1", "one sample at a time, batch_size ignored",
      r"batch[_ ]size|one sample|single sample|sample at a time|chunks? of", make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    batches = [(X[order[i:i + batch_size]], y[order[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


wrong("6.1", "the list built, not returned", NONE, make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        rows = order[start:start + batch_size]
        yield X[rows], list(y[rows])


wrong("6.1", "y_batch as a list", LIST, make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        rows = order[start:start + batch_size]
        yield y[rows], X[rows]


wrong("6.1", "(y_batch, X_batch) in that order", r"order|\(X_batch, ?y_batch\)|swap", make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    X, y = X[order], y[order]
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size - 1], y[start:start + batch_size - 1]


wrong("6.1", "slices one sample short",
      r"every sample|exactly once|missing|slice|i ?\+ ?(B|batch_size)|overlap|sizes? \[",
      make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.choice(len(X), len(X))
    for start in range(0, len(X), batch_size):
        rows = order[start:start + batch_size]
        yield X[rows], y[rows]


wrong("6.1", "rng.choice with replacement",
      r"replace|exactly once|every sample|duplicat|twice|permutation", make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    n_batches = math.ceil(len(X) / batch_size)
    for rows in np.array_split(order, n_batches):
        yield X[rows], y[rows]


wrong("6.1", "np.array_split into ceil(N/B) near-equal pieces", r"fixed|size|array_split", make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    return X[order], y[order]


wrong("6.1", "the whole shuffled set, not chunks", r"chunk|slices? of|batch[_ ]size|in pieces", make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    X = X[order]
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]


wrong("6.1", "only X shuffled", PAIRED, make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    X, y = X[order], y[order]
    for k in range(len(X) // batch_size + 1):
        yield X[k * batch_size:(k + 1) * batch_size], y[k * batch_size:(k + 1) * batch_size]


wrong("6.1", "N // B + 1 batches: an empty one when B divides N",
      r"empty|zero samples|\b0 samples|size 0|\b0\]|divid|multiple", make_batches)


_batch_orders = {}  # a student's cache: one order per N


def make_batches(X, y, batch_size, rng):
    if len(X) not in _batch_orders:
        _batch_orders[len(X)] = rng.permutation(len(X))
    order = _batch_orders[len(X)]
    for start in range(0, len(X), batch_size):
        rows = order[start:start + batch_size]
        yield X[rows], y[rows]


wrong("6.1", "one order drawn once and cached", r"epoch|each call|every call|new order|again|same order|cache|seed",
      make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for i, start in enumerate(range(0, len(X), batch_size)):
        rows = order[start:start + batch_size]
        yield X[rows], y[rows], i


wrong("6.1", "triples (X_batch, y_batch, i)", r"pair|\btwo\b|\(X_batch, ?y_batch\)|3 values|three|triple", make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    return {i: (X[order[s:s + batch_size]], y[order[s:s + batch_size]])
            for i, s in enumerate(range(0, len(X), batch_size))}


wrong("6.1", "a dict of batches (iterating gives the keys)", r"\bdict|pair|\(X_batch, ?y_batch\)", make_batches)


def make_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X) - 1, batch_size):  # the last sample lost when B = 1
        rows = order[start:start + batch_size]
        yield X[rows], y[rows]


wrong("6.1", "range(0, N - 1, B): the last sample lost for B = 1",
      LAST + r"|every sample|exactly once|missing|cover", make_batches)


# --- 6.2 steps per epoch: right --------------------------------------------------------------------------

def steps_per_epoch(N, batch_size):
    return -(-N // batch_size)


right("6.2", "-(-N // B)", steps_per_epoch)


def steps_per_epoch(N, batch_size):
    return math.ceil(N / batch_size)


right("6.2", "math.ceil(N / B)", steps_per_epoch)


def steps_per_epoch(N, batch_size):
    return (N + batch_size - 1) // batch_size


right("6.2", "(N + B - 1) // B", steps_per_epoch)


def steps_per_epoch(N, batch_size):
    return len(range(0, N, batch_size))


right("6.2", "len(range(0, N, B))", steps_per_epoch)


def steps_per_epoch(N, batch_size):
    return int(np.ceil(N / batch_size))


right("6.2", "int(np.ceil(N / B))", steps_per_epoch)


def steps_per_epoch(N, batch_size):
    return np.ceil(N / batch_size).astype(int)  # np.int64: a whole number


right("6.2", "np.ceil(N / B).astype(int), an np.int64", steps_per_epoch)


def steps_per_epoch(N, batch_size):
    return N // batch_size + (N % batch_size > 0)


right("6.2", "N // B + (N % B > 0)", steps_per_epoch)


def steps_per_epoch(N, batch_size):
    full, rest = divmod(N, batch_size)
    return full + (1 if rest else 0)


right("6.2", "divmod", steps_per_epoch)


def _steps_by_counting():
    def make_batches(X, y, batch_size, rng):
        order = rng.permutation(len(X))
        X, y = X[order], y[order]
        for start in range(0, len(X), batch_size):
            yield X[start:start + batch_size], y[start:start + batch_size]

    def steps_per_epoch(N, batch_size):
        return sum(1 for _ in make_batches(np.zeros((N, 1)), np.zeros(N), batch_size, np.random.default_rng(0)))

    return (steps_per_epoch,)


right("6.2", "counting the batches of the student's make_batches", *_steps_by_counting())


def steps_per_epoch(N, batch_size):
    return math.floor((N - 1) / batch_size) + 1


right("6.2", "floor((N - 1) / B) + 1", steps_per_epoch)


def steps_per_epoch(N, batch_size):
    return (N - 1) // batch_size + 1


right("6.2", "(N - 1) // B + 1", steps_per_epoch)


# --- 6.2 steps per epoch: wrong --------------------------------------------------------------------------

def steps_per_epoch(N, batch_size):
    return N // batch_size


wrong("6.2", "N // B (the last batch lost)", r"round\w* up|ceil|last|smaller|partial|remainder", steps_per_epoch)


def steps_per_epoch(N, batch_size):
    return N / batch_size


wrong("6.2", "N / B (a float)", r"whole|integer|\bint\b|float|round", steps_per_epoch)


def steps_per_epoch(N, batch_size):
    return np.ceil(N / batch_size)


wrong("6.2", "np.ceil(N / B), a float", r"float|\bint\b|integer|whole", steps_per_epoch)


def steps_per_epoch(N, batch_size):
    return math.floor(N / batch_size) + 1


wrong("6.2", "floor(N / B) + 1 (one too many when B divides N)",
      r"divid|multiple|exact|no (partial|smaller)|ceil|round\w* up|too many|extra", steps_per_epoch)


def steps_per_epoch(N, batch_size):
    return round(N / batch_size)


wrong("6.2", "round(N / B)", r"round\w* up|ceil|nearest|last|partial", steps_per_epoch)


def steps_per_epoch(N, batch_size):
    return np.array([-(-N // batch_size)])


wrong("6.2", "an array of one element",
      r"one-element|shape \(1,\)|(a|one|single) (whole )?number|scalar", steps_per_epoch)


def steps_per_epoch(N, batch_size):
    full, rest = divmod(N, batch_size)
    return [batch_size] * full + ([rest] if rest else [])


wrong("6.2", "the list of batch sizes", r"\blist\b|single number|count|one number", steps_per_epoch)


def steps_per_epoch(N, batch_size):
    steps = -(-N // batch_size)


wrong("6.2", "no return", NONE, steps_per_epoch)


def steps_per_epoch(N, batch_size):
    return math.ceil(batch_size / N)


wrong("6.2", "ceil(B / N): arguments swapped", r"N ?/ ?B|order|swap|argument", steps_per_epoch)


def steps_per_epoch(N, batch_size):
    return N // batch_size + N % batch_size


wrong("6.2", "N // B + N % B (the remainder added)",
      r"remainder|round\w* up|ceil|at most one|one more", steps_per_epoch)


def steps_per_epoch(N, batch_size):
    return round(N / batch_size + 0.5)


wrong("6.2", "round(N / B + 0.5): one too many when B divides N",
      r"round\w* up|ceil|divid|multiple|exact|half|0\.5|too many|extra", steps_per_epoch)


def steps_per_epoch(N, batch_size):
    return np.ceil(N / batch_size).item()


wrong("6.2", "np.ceil(N / B).item(), a Python float", r"float|\bint\b|integer|whole", steps_per_epoch)


# --- 7.1 least squares or minimum norm: right ------------------------------------------------------------

def fit(Phi, y):
    return np.linalg.lstsq(Phi, y, rcond=None)[0]


right("7.1", "np.linalg.lstsq(...)[0]", fit)


def fit(Phi, y):
    return np.linalg.pinv(Phi) @ y


right("7.1", "np.linalg.pinv(Phi) @ y", fit)


def fit(Phi, y):
    U, S, Vt = np.linalg.svd(Phi, full_matrices=False)
    tol = S.max() * max(Phi.shape) * np.finfo(float).eps
    S_inv = np.where(S > tol, 1 / np.where(S > tol, S, 1), 0)
    return Vt.T @ (S_inv * (U.T @ y))


right("7.1", "an SVD by hand", fit)


def fit(Phi, y):
    n, p = Phi.shape
    if p <= n:
        return np.linalg.solve(Phi.T @ Phi, Phi.T @ y)   # normal equations
    return Phi.T @ np.linalg.solve(Phi @ Phi.T, y)       # a = Phi^T (Phi Phi^T)^-1 y


right("7.1", "solve on Phi^T Phi below the threshold, on Phi Phi^T above", fit)


def fit(Phi, y):
    return np.linalg.pinv(Phi).dot(y)


right("7.1", "pinv(Phi).dot(y)", fit)


def fit(Phi, y):
    n, p = Phi.shape
    if p <= n:
        Q, R = np.linalg.qr(Phi)
        return np.linalg.solve(R, Q.T @ y)
    Q, R = np.linalg.qr(Phi.T)                           # Phi = R^T Q^T
    return Q @ np.linalg.solve(R.T, y)


right("7.1", "QR of Phi, or of Phi^T above the threshold", fit)


def fit(Phi, y):
    a = np.linalg.lstsq(Phi, y.reshape(-1, 1), rcond=None)[0]
    return a.ravel()


right("7.1", "lstsq on a column, raveled back to (p,)", fit)


def fit(Phi, y):
    n, p = Phi.shape
    if p <= n:
        return np.linalg.inv(Phi.T @ Phi) @ Phi.T @ y
    return Phi.T @ np.linalg.inv(Phi @ Phi.T) @ y


right("7.1", "the inverse of the Gram matrix on either side", fit)


# Not in the battery: pinv(Phi^T Phi) @ Phi.T @ y. It equals pinv(Phi) @ y in exact arithmetic, but for
# p > n the Gram matrix has p - n eigenvalues that are zero up to rounding (about 5e-17 of the largest),
# and whether pinv's cut-off removes them depends on the LAPACK build: with numpy 2.4 the weights are right
# to 4e-13, with numpy 2.5 on this machine they are off by 90 % and no longer fit the data. An answer that
# is right on one machine and wrong on another is neither; the checker judges the weights it gets.


# --- 7.1 least squares or minimum norm: wrong ------------------------------------------------------------
SINGULAR = r"singular|of minimum norm|minimum[- ]norm (one|solution)|pinv|lstsq|p ?> ?n|rank"


def fit(Phi, y):
    return np.linalg.lstsq(Phi, y, rcond=None)


wrong("7.1", "np.linalg.lstsq(...) without [0]", r"\[0\]|tuple|first (element|item|entry|value)|lstsq returns", fit)


def fit(Phi, y):
    return np.linalg.solve(Phi.T @ Phi, Phi.T @ y)


wrong("7.1", "normal equations for every p", SINGULAR, fit)


def fit(Phi, y):
    return np.linalg.inv(Phi.T @ Phi) @ Phi.T @ y


wrong("7.1", "inv(Phi^T Phi) Phi^T y for every p", SINGULAR, fit)


def fit(Phi, y):
    return np.linalg.pinv(Phi) @ y.reshape(-1, 1)


wrong("7.1", "weights of shape (p, 1)", r"shape \(\d+, ?1\)|\(\d+, ?1\),? expected|column", fit)


def fit(Phi, y):
    p = Phi.shape[1]
    return np.linalg.solve(Phi.T @ Phi + 1e-3 * np.eye(p), Phi.T @ y)


wrong("7.1", "a small ridge added", r"ridge|regulari[sz]|penalt|lambda|λ|shrink", fit)


def fit(Phi, y):
    n, p = Phi.shape
    if p <= n:
        return np.linalg.lstsq(Phi, y, rcond=None)[0]
    a = np.zeros(p)
    a[:n] = np.linalg.solve(Phi[:, :n], y)   # fits exactly, with the first n features
    return a


wrong("7.1", "an interpolating solution, not the minimum-norm one",
      r"of minimum norm|minimum[- ]norm (one|solution)|smallest norm|among all|\|a\|", fit)


def fit(Phi, y):
    n, p = Phi.shape
    if p <= n:
        return np.linalg.lstsq(Phi, y, rcond=None)[0]
    return np.linalg.solve(Phi @ Phi.T, y)


wrong("7.1", "above the threshold (Phi Phi^T)^-1 y without Phi^T",
      r"Phi\.T|Φ\^?T|Φᵀ|shape \(\d+,\)|\(\d+,\),? expected", fit)


def fit(Phi, y):
    return list(np.linalg.lstsq(Phi, y, rcond=None)[0])


wrong("7.1", "a list", LIST, fit)


def fit(Phi, y):
    a = np.linalg.pinv(Phi) @ y


wrong("7.1", "no return", NONE, fit)


def fit(Phi, y):
    n, p = Phi.shape
    if p > n:
        return np.linalg.solve(Phi.T @ Phi, Phi.T @ y)
    return Phi.T @ np.linalg.solve(Phi @ Phi.T, y)


wrong("7.1", "the two cases swapped", SINGULAR + r"|swap|branch", fit)


def fit(Phi, y):
    L = np.linalg.cholesky(Phi.T @ Phi)    # Phi^T Phi = L L^T, then two triangular solves
    return np.linalg.solve(L.T, np.linalg.solve(L, Phi.T @ y))


wrong("7.1", "Cholesky of Phi^T Phi for every p (raises above the threshold)",
      SINGULAR + r"|positive definite|cholesky", fit)


def fit(Phi, y):
    return np.linalg.pinv(Phi, rcond=1e-3) @ y


wrong("7.1", "pinv with rcond=1e-3: small singular values cut (wrong near p = n)",
      r"rcond|cut-?off|truncat|small singular|singular values", fit)


# --- 7.2 where the training error reaches zero: right ----------------------------------------------------

def find_threshold(widths, train_errors):
    return widths[np.argmax(train_errors < 1e-10 * train_errors.max())]


right("7.2", "widths[argmax(mask)]", find_threshold)


def find_threshold(widths, train_errors):
    tol = 1e-10 * max(train_errors)
    for w, e in zip(widths, train_errors):
        if e < tol:
            return w


right("7.2", "a loop, the first width below the tolerance", find_threshold)


def find_threshold(widths, train_errors):
    zero = np.flatnonzero(train_errors < 1e-10 * np.max(train_errors))
    return widths[zero[0]]


right("7.2", "np.flatnonzero(...)[0]", find_threshold)


def find_threshold(widths, train_errors):
    return np.min(widths[train_errors < 1e-10 * train_errors.max()])


right("7.2", "the smallest width of the mask", find_threshold)


def find_threshold(widths, train_errors):
    largest = max(train_errors)
    return next(w for w, e in zip(widths, train_errors) if e <= 1e-10 * largest)


right("7.2", "next(...) with <=", find_threshold)


def find_threshold(widths, train_errors):
    idx = np.where(train_errors < 1e-10 * train_errors.max())[0][0]
    return int(widths[idx])


right("7.2", "np.where(...)[0][0], a Python int", find_threshold)


def find_threshold(widths, train_errors):
    relative = np.asarray(train_errors) / np.max(train_errors)
    return widths[np.argmax(relative < 1e-10)]


right("7.2", "errors relative to the largest", find_threshold)


def find_threshold(widths, train_errors):
    tol = 1e-10 * np.max(train_errors)
    for i, e in enumerate(train_errors):
        if e < tol:
            return widths[i]


right("7.2", "enumerate and widths[i]", find_threshold)


def find_threshold(widths, train_errors):
    widths, train_errors = np.asarray(widths), np.asarray(train_errors, dtype=float)  # lists welcome
    return widths[np.argmax(train_errors < 1e-10 * train_errors.max())]


right("7.2", "lists converted first", find_threshold)


# --- 7.2 where the training error reaches zero: wrong ----------------------------------------------------

def find_threshold(widths, train_errors):
    return np.argmax(train_errors < 1e-10 * train_errors.max())


wrong("7.2", "the index, not the width", r"index|position|widths\[", find_threshold)


def find_threshold(widths, train_errors):
    return widths[np.argmin(train_errors)]


wrong("7.2", "argmin of the errors", r"argmin|smallest error|minimum (of the )?(training )?error|lowest|not the first",
      find_threshold)


def find_threshold(widths, train_errors):
    return widths[train_errors < 1e-10 * train_errors.max()]


wrong("7.2", "widths[mask], an array", r"array|single (number|value|width)|scalar|\[0\]|first (one|element|entry)",
      find_threshold)


def find_threshold(widths, train_errors):
    return widths[np.argmax(train_errors == 0)]


wrong("7.2", "error == 0 exactly",
      r"exact\w* (zero|0)|== ?0|toleran|floating|round-?off|rounding|1e-10|10\^-10|never (exactly )?(zero|0)",
      find_threshold)


def find_threshold(widths, train_errors):
    return widths[np.argmax(train_errors < 1e-3)]


wrong("7.2", "a loose tolerance, 1e-3", r"toleran|1e-10|loose|too (large|big)|relativ|largest", find_threshold)


def find_threshold(widths, train_errors):
    return widths[np.argmax(train_errors < 1e-10)]


wrong("7.2", "1e-10 absolute, not relative to the largest", r"relativ|largest|max|times the|scale", find_threshold)


def find_threshold(widths, train_errors):
    return widths[np.argmax(train_errors < 1e-10 * train_errors.min())]


wrong("7.2", "1e-10 times the smallest error", r"largest|max|relativ|times the", find_threshold)


def find_threshold(widths, train_errors):
    return widths[train_errors < 1e-10 * train_errors.max()][:1]


wrong("7.2", "an array of one width", r"one-element|single|shape \(1,\)|scalar|array", find_threshold)


def find_threshold(widths, train_errors):
    threshold = widths[np.argmax(train_errors < 1e-10 * train_errors.max())]


wrong("7.2", "no return", NONE, find_threshold)


def find_threshold(widths, train_errors):
    return train_errors[np.argmax(train_errors < 1e-10 * train_errors.max())]


wrong("7.2", "the error returned, not the width",
      r"width,? not|not the (training )?error|error (value|itself)|the width itself|widths\["
      r"|not (one of )?the widths|not a width",
      find_threshold)


def find_threshold(widths, train_errors):
    tol = 1e-10 * max(train_errors)
    for w, e in zip(widths, train_errors):
        if e < tol:
            return w
        else:
            return None


wrong("7.2", "return None in the loop's else", NONE, find_threshold)


def find_threshold(widths, train_errors):
    train_errors /= train_errors.max()
    return widths[np.argmax(train_errors < 1e-10)]


wrong("7.2", "train_errors /= max changes the caller's array", IN_PLACE, find_threshold)


def find_threshold(widths, train_errors):
    return [w for w, e in zip(widths, train_errors) if e < 1e-10 * max(train_errors)][:1]


wrong("7.2", "a list of one width", r"\blist\b|single|one number", find_threshold)


def find_threshold(widths, train_errors):
    return widths[np.argmax(train_errors < 1e-10 * train_errors[0])]


wrong("7.2", "1e-10 times the first error (not the largest)", r"largest|\bmax|relativ", find_threshold)


def find_threshold(widths, train_errors):
    w = widths[np.argmax(train_errors < 1e-10 * train_errors.max())]
    return f"the model interpolates from p = {w}"


wrong("7.2", "a sentence instead of the width", r"\bstr\b|string|text|(a|one|single) (whole )?number", find_threshold)


# --- running the battery -------------------------------------------------------------------------------------

#: task -> name of its checker in lecture_nn.checks
def checker_names():
    from lecture_nn import checks

    return {task: checker for tasks in checks.TASKS.values() for task, (checker, _) in tasks.items()}


Result = collections.namedtuple("Result", "answer lines stderr warnings error")


def run_answer(answer, checker=None):
    """Run one answer through its checker as a notebook would: stdout, stderr and warnings captured.

    ``lines`` are the lines printed to stdout; ``error`` is the traceback of an exception that left
    the checker (None when it answered).
    """
    from lecture_nn import checks

    if checker is None:
        checker = getattr(checks, checker_names()[answer.task])
    out, err = io.StringIO(), io.StringIO()
    error = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # a notebook shows every warning; none is an error there
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                checker(answer.task, *answer.functions)
            except Exception:  # noqa: BLE001 - a traceback the student would see
                error = traceback.format_exc()
    return Result(answer, out.getvalue().splitlines(), err.getvalue(),
                  [f"{w.category.__name__}: {w.message}" for w in caught], error)


def reset_student_state():
    """Empty the module-level state three answers keep, as a freshly run notebook would have it."""
    _momentum_memory["m"] = 0.0
    _adam_counter[0] = 0
    _batch_orders.clear()


def run_all(answers=None):
    """Every answer's :class:`Result`, in the battery's order (the answers' own state reset first)."""
    reset_student_state()
    names = checker_names()
    from lecture_nn import checks

    return [run_answer(a, getattr(checks, names[a.task])) for a in (ANSWERS if answers is None else answers)]


def passed(result) -> bool:
    return result.error is None and any(line.startswith("\u2714") for line in result.lines)


def refused(result) -> bool:
    return result.error is None and any(line.startswith("\u2718") for line in result.lines) and not passed(result)


def clean(result) -> bool:
    """Exactly one line, starting with ✔ or ✘, and nothing else printed (no traceback, no warning)."""
    return (result.error is None and len(result.lines) == 1 and result.lines[0][:1] in ("\u2714", "\u2718")
            and not result.stderr and not result.warnings)


def names_cause(result) -> bool:
    return refused(result) and re.search(result.answer.cause, "\n".join(result.lines), re.IGNORECASE) is not None


def verdict(result) -> str:
    """What the student saw, shortened: the checker's line(s), or the exception's last line."""
    if result.error is not None:
        return "TRACEBACK " + result.error.strip().splitlines()[-1]
    text = " | ".join(result.lines) or "(nothing printed)"
    return text + (f" [+ {len(result.warnings)} warning(s)]" if result.warnings else "")


def report(results=None, file=sys.stdout):
    """Per task: right answers / refused, wrong answers / passed / named cause, and the totals."""
    results = run_all() if results is None else results
    tasks = sorted({r.answer.task for r in results}, key=lambda t: tuple(map(int, t.split("."))))
    print(f"{'task':6}{'right':>7}{'refused':>9}{'wrong':>7}{'passed':>8}{'named':>7}{'unclean':>9}", file=file)
    total = collections.Counter()
    for task in tasks:
        rs = [r for r in results if r.answer.task == task]
        row = collections.Counter(
            right=sum(r.answer.correct for r in rs),
            refused=sum(r.answer.correct and not passed(r) for r in rs),
            wrong=sum(not r.answer.correct for r in rs),
            passed=sum(not r.answer.correct and passed(r) for r in rs),
            named=sum(not r.answer.correct and names_cause(r) for r in rs),
            unclean=sum(not clean(r) for r in rs))
        total.update(row)
        print(f"{task:6}{row['right']:>7}{row['refused']:>9}{row['wrong']:>7}{row['passed']:>8}{row['named']:>7}"
              f"{row['unclean']:>9}", file=file)
    print(f"{'all':6}{total['right']:>7}{total['refused']:>9}{total['wrong']:>7}{total['passed']:>8}{total['named']:>7}"
          f"{total['unclean']:>9}", file=file)
    if total["wrong"]:
        print(f"named cause: {total['named'] / total['wrong']:.0%} of the wrong answers", file=file)
    return total


if __name__ == "__main__":
    verbose = "-v" in sys.argv[1:]
    all_results = run_all()
    report(all_results)
    if verbose:
        for r in all_results:
            ok = (passed(r) if r.answer.correct else names_cause(r)) and clean(r)
            print(f"{'  ' if ok else '! '}{r.answer.task} {'right' if r.answer.correct else 'wrong'} "
                  f"{r.answer.label}: {verdict(r)}")
