r"""A lecture_nn network written out as PyTorch code: the same layers, the very same weights.

After the numpy version of the lecture, the same model in the library people use:
``torch_code(model, feature_names)`` returns the source of a short, self-contained script that
builds ``nn.Sequential(nn.Linear, nn.Tanh, ...)``, copies the trained weights into it and puts
it in evaluation mode. Run it where torch is installed and ``model(features(x))`` gives what
``model.forward(...)`` gave here, to rounding (about 1e-15).

How the layers translate:

* ``Dense(d, d')`` is ``nn.Linear(d, d')``: both compute $Z = X W^T + b$ with $W$ of shape
  $(d', d)$, so ``W`` is copied as it is, row $j$ holding the weights of unit $j$.
* ``Activation(name)`` is ``nn.ReLU()``, ``nn.ELU(alpha=...)``, ``nn.Softplus(...)``,
  ``nn.Sigmoid()``, ``nn.Tanh()``, ``nn.Identity()`` or ``nn.LeakyReLU(negative_slope=...)``.
  torch's ``Softplus`` returns $z$ itself above its ``threshold``; with ``threshold=40`` the
  difference from $\log(1 + e^z)$ there is below $e^{-40} \approx 4 \cdot 10^{-18}$, under float64
  rounding.
* ``Dropout(p)`` is ``nn.Dropout(p=p)``, the same inverted dropout ($p$ the probability of
  dropping); it acts only in ``model.train()``, and the script ends with ``model.eval()``.

Every weight is written as ``repr(float(w))``, which Python reads back as exactly the same number,
and the torch model computes in float64 as lecture_nn does. ``Residual`` blocks have no
``nn.Sequential`` counterpart (their forward adds the input back) and are refused.
"""

from __future__ import annotations

import numpy as np

from ._checks import all_finite, choice, describe, first_nonfinite
from .errors import InputError
from .layers import Activation, Dense, Dropout, Residual, Sequential

__all__ = ["torch_code", "TORCH_FEATURES", "ONE_D_FEATURES"]

#: the playground's hand-made features (``lecture_nn.demos.linear_models.FEATURES``) as torch
#: expressions of the columns ``x1 = x[:, 0]`` and ``x2 = x[:, 1]``
TORCH_FEATURES = {
    "x1": "x1",
    "x2": "x2",
    "x1_sq": "x1 ** 2",
    "x2_sq": "x2 ** 2",
    "x1x2": "x1 * x2",
    "sin_x1": "torch.sin(x1)",
    "sin_x2": "torch.sin(x2)",
}
#: the features of 1D inputs (N, 1): those that use x1 only
ONE_D_FEATURES = ("x1", "x1_sq", "sin_x1")

#: activation name -> its torch module, written with lecture_nn's parameters (``Activation.params``)
_TORCH_ACTIVATIONS = {
    "relu": lambda params: "nn.ReLU()",
    "elu": lambda params: f"nn.ELU(alpha={float(params['alpha'])!r})",
    # above threshold torch returns z itself; log(1 + e^z) - z < e^-40 there: equal in float64
    "softplus": lambda params: "nn.Softplus(beta=1.0, threshold=40.0)",
    "sigmoid": lambda params: "nn.Sigmoid()",
    "tanh": lambda params: "nn.Tanh()",
    "identity": lambda params: "nn.Identity()",
    "leaky_relu": lambda params: f"nn.LeakyReLU(negative_slope={float(params['negative_slope'])!r})",
}

#: the longest line of numbers the snippet writes before it wraps a list
_WIDTH = 100


def torch_code(model, feature_names=None, *, note: str = "") -> str:
    """The source of a PyTorch script that builds ``model`` with the same weights, as a string.

    Example::

        import lecture_nn as ln
        from lecture_nn.torch_code import torch_code

        model = ln.mlp([2, 4, 1], "tanh", rng=0)
        ...  # train it
        print(torch_code(model, ["x1", "x2"], note="2-4-1 tanh on moons"))

    Paste the printed code into a notebook with torch installed: it defines ``features(x)`` and
    ``model``, an ``nn.Sequential`` in float64 and in evaluation mode, and
    ``model(features(torch.tensor(X)))`` equals ``model.forward(X)`` of lecture_nn (to ~1e-15;
    a float32 lecture_nn model is written exactly too, but torch then computes in float64).

    ``model``: a lecture_nn ``Sequential`` of ``Dense``, ``Activation`` and ``Dropout`` layers (as
    ``mlp`` builds), with at least one Dense and finite weights. ``feature_names``: None when the
    network takes the raw inputs (then call ``model(x)``), or the playground's hand-made features
    in the order of the network's input columns, e.g. ``["x1", "x2", "x1_sq"]`` (names of
    :data:`TORCH_FEATURES`, any case; as many as the first Dense has inputs). ``note``: one line put
    at the top of the script as a comment, e.g. ``"2-8-8-1 tanh on moons, 600 steps"``.

    Everything is checked before any code is written: a wrong argument raises an
    :class:`~lecture_nn.errors.InputError` that names it.
    """
    layers, names = _check_model(model)
    d_in = next(layer.d_in for layer in layers if isinstance(layer, Dense))
    feature_names = _check_feature_names(feature_names, d_in)
    note = _check_note(note)
    parts = [_header(layers, feature_names, note), "import torch\nfrom torch import nn"]
    if feature_names is not None:
        parts.append(_features_code(feature_names))
    parts += [_model_code(layers, names), _weights_code(layers), _copy_code(layers),
              _predict_code(layers, feature_names)]
    return "\n\n".join(parts) + "\n"


# --- checks ------------------------------------------------------------------------------------

def _check_model(model) -> tuple[list, list[str]]:
    """The layers of a Sequential of Dense/Activation/Dropout with finite weights, and their names."""
    if not isinstance(model, Sequential):
        raise InputError("torch_code: model must be a lecture_nn Sequential of Dense, Activation and Dropout layers "
                         f"(as ln.mlp([2, 8, 1]) builds), got {describe(model)}")
    layers, names = list(model.layers), list(model.names)
    for i, (name, layer) in enumerate(zip(names, layers)):
        if isinstance(layer, Residual):
            raise InputError(f"torch_code: model.layers[{i}] ({name}) is a Residual block {layer!r}; nn.Sequential "
                             "cannot add a layer's input back (A = X + F(X)), so torch_code writes Sequential models "
                             "of Dense, Activation and Dropout layers only")
        if not isinstance(layer, (Dense, Activation, Dropout)):
            raise InputError(f"torch_code: model.layers[{i}] ({name}) must be a Dense, Activation or Dropout layer, "
                             f"got {describe(layer)}")
        if isinstance(layer, Activation) and layer.name not in _TORCH_ACTIVATIONS:
            raise InputError(f"torch_code: model.layers[{i}] ({name}) is the activation {layer.name!r}, which has no "
                             f"torch module here; known: {', '.join(map(repr, _TORCH_ACTIVATIONS))}")
        if isinstance(layer, Dense):
            _check_dense(layer, name)
    if not any(isinstance(layer, Dense) for layer in layers):
        raise InputError("torch_code: model must hold at least one Dense layer (it sets the input size d), got only "
                         f"{', '.join(map(repr, layers))}")
    return layers, names


def _check_dense(layer: Dense, name: str):
    """The weights of a Dense layer: real arrays of shapes (d', d) and (d',), finite."""
    for part, shape in (("W", (layer.d_out, layer.d_in)), ("b", (layer.d_out,))):
        value = getattr(layer, part).value
        if not (isinstance(value, np.ndarray) and value.dtype.kind in "fiu" and value.shape == shape):
            got = f"an array of shape {value.shape} and dtype {value.dtype}" if isinstance(value, np.ndarray) \
                else describe(value)
            raise InputError(f"torch_code: model: {name}.{part} must hold a real array of shape {shape}, got {got}")
        if not all_finite(value):
            raise InputError(f"torch_code: model: {name}.{part} holds {first_nonfinite(value)}: training diverged "
                             "(try a smaller learning rate and train again), there are no weights to write out")


def _check_feature_names(feature_names, d_in: int) -> list[str] | None:
    """None, or the feature names as :data:`TORCH_FEATURES` keys, one per input of the first Dense."""
    if feature_names is None:
        return None
    example = "['x1', 'x2']"
    if isinstance(feature_names, str):
        raise InputError(f"torch_code: feature_names must be a list of feature names such as {example}, got "
                         f"{describe(feature_names)} (for one feature write [{feature_names!r}])")
    if not isinstance(feature_names, (list, tuple)):
        raise InputError(f"torch_code: feature_names must be None or a list of feature names such as {example}, "
                         f"got {describe(feature_names)}")
    names = [choice(n, f"torch_code: feature_names[{i}]", TORCH_FEATURES, kind="feature")
             for i, n in enumerate(feature_names)]
    if len(names) != d_in:
        raise InputError(f"torch_code: feature_names must name one feature per input of the first Dense layer, "
                         f"which takes d = {d_in}; got {len(names)} ({names!r})")
    return names


def _check_note(note) -> str:
    """A note of one line (it becomes a comment: a line break would start code)."""
    if not isinstance(note, str):
        raise InputError(f"torch_code: note must be a string (one line of comment), got {describe(note)}")
    if note and not note.isprintable():
        raise InputError(f"torch_code: note must be one line of printable text (it becomes a comment), got "
                         f"{describe(note)}")
    return note.strip()


# --- the parts of the snippet ---------------------------------------------------------------------

def _sizes(layers) -> list[int]:
    """[d, d', ..., d_out]: the input size of the first Dense, then every Dense's output size."""
    dense = [layer for layer in layers if isinstance(layer, Dense)]
    return [dense[0].d_in] + [layer.d_out for layer in dense]


def _describe_layer(layer) -> str:
    if isinstance(layer, Dense):
        return f"Dense({layer.d_in} -> {layer.d_out})"
    if isinstance(layer, Dropout):
        return f"Dropout(p={layer.p:g})"
    return repr(layer)


def _summary(layers) -> str:
    """"2-8-8-1 tanh", "2-8-1 relu/tanh with dropout p=0.2": the network in a few words."""
    words = ["-".join(map(str, _sizes(layers)))]
    activations = list(dict.fromkeys(layer.name for layer in layers if isinstance(layer, Activation)))
    if activations:
        words.append("/".join(activations))
    dropouts = list(dict.fromkeys(f"{layer.p:g}" for layer in layers if isinstance(layer, Dropout)))
    if dropouts:
        words.append(f"with dropout p={'/'.join(dropouts)}")
    return " ".join(words)


def _header(layers, feature_names, note: str) -> str:
    lines = [f"# {note}"] if note else []
    lines += [f"# A {_summary(layers)} network trained with lecture_nn, rebuilt in PyTorch with the very same",
              "# weights (by lecture_nn.torch_code)."]
    if feature_names is None:
        lines.append("# It takes the raw inputs x: model(x) gives what lecture_nn's model.forward(x) gave.")
    else:
        lines.append(f"# It takes the features {', '.join(feature_names)} of the points x: model(features(x)) "
                     "gives what lecture_nn gave.")
    return "\n".join(lines)


def _features_code(feature_names: list[str]) -> str:
    """``def features(x)``, after two blank lines as PEP 8 puts them."""
    if all(name in ONE_D_FEATURES for name in feature_names):
        comment = "# x: a (N, 1) tensor of inputs x1 (only x1 is used: (N, 2) points (x1, x2) work too)"
        columns = "x1 = x[:, 0]"
    else:
        comment = "# x: a (N, 2) tensor of points (x1, x2)"
        columns = "x1, x2 = x[:, 0], x[:, 1]"
    rows = _aligned([(f"        {TORCH_FEATURES[name]},", name) for name in feature_names])
    return (
        "\n"
        "def features(x):\n"
        '    """The network\'s inputs from the points x: one column per feature, in the order it takes them."""\n'
        f"    {comment}\n"
        f"    {columns}\n"
        "    return torch.stack([\n"
        f"{rows}\n"
        "    ], dim=1)\n"
    )


def _aligned(lines: list[tuple[str, str]]) -> str:
    """Lines of (code, comment) with the comments lined up in one column."""
    width = max(len(code) for code, _ in lines)
    return "\n".join(f"{code:<{width}}  # {comment}" for code, comment in lines)


def _model_code(layers, names) -> str:
    rows = _aligned([(f"    {_torch_module(layer)},", f"model[{i}]: {name} = {_describe_layer(layer)}")
                     for i, (name, layer) in enumerate(zip(names, layers))])
    return f"model = nn.Sequential(\n{rows}\n).double()  # float64, as lecture_nn computes"


def _torch_module(layer) -> str:
    if isinstance(layer, Dense):
        return f"nn.Linear({layer.d_in}, {layer.d_out})"
    if isinstance(layer, Dropout):
        return f"nn.Dropout(p={float(layer.p)!r})"
    return _TORCH_ACTIVATIONS[layer.name](layer.params)


def _numbers(values, indent: str, name: str = "") -> str:
    """A list of numbers as Python source, each ``repr(float(v))``; wrapped below the name when long."""
    items = [repr(float(v)) for v in values]
    one_line = f"{indent}{name}[{', '.join(items)}]"
    if len(one_line) <= _WIDTH:
        return one_line
    lines, line = [f"{indent}{name}["], ""
    for item in items:
        if line and len(indent) + 4 + len(line) + len(item) + 1 > _WIDTH:
            lines.append(f"{indent}    {line.rstrip()}")
            line = ""
        line += f"{item}, "
    lines.append(f"{indent}    {line.rstrip()}")
    lines.append(f"{indent}]")
    return "\n".join(lines)


def _weights_code(layers) -> str:
    dense = [layer for layer in layers if isinstance(layer, Dense)]
    blocks = ["# the weights, named as on the slides: Wk (d', d), row j holding the weights into unit j, and bk\n"
              "# (d',); nn.Linear stores them the same way (Z = X W^T + b)"]
    for k, layer in enumerate(dense, start=1):
        rows = "\n".join(_numbers(row, "    ") + "," for row in np.asarray(layer.W.value))
        W = f"W{k} = [  # {layer.d_out} x {layer.d_in}\n{rows}\n]"
        blocks.append(W + "\n" + _numbers(layer.b.value, "", f"b{k} = "))
    return "\n".join(blocks)


def _copy_code(layers) -> str:
    count = sum(isinstance(layer, Dense) for layer in layers)
    weights = ", ".join(f"W{k}" for k in range(1, count + 1))
    biases = ", ".join(f"b{k}" for k in range(1, count + 1))
    return (
        "linears = [layer for layer in model if isinstance(layer, nn.Linear)]\n"
        "with torch.no_grad():  # copying values in is not a step to differentiate\n"
        f"    for layer, W, b in zip(linears, [{weights}], [{biases}]):\n"
        "        layer.weight.copy_(torch.tensor(W, dtype=torch.float64))\n"
        "        layer.bias.copy_(torch.tensor(b, dtype=torch.float64))\n"
        "\n"
        "model.eval()  # evaluation mode: Dropout acts only in model.train(), as in lecture_nn"
    )


def _predict_code(layers, feature_names) -> str:
    d_in, d_out = _sizes(layers)[0], _sizes(layers)[-1]
    if feature_names is None:
        lines = [f"# To predict: x = torch.tensor(X, dtype=torch.float64) for an array X of shape (N, {d_in}), then",
                 "# output = model(x)"]
    else:
        width = 1 if all(name in ONE_D_FEATURES for name in feature_names) else 2
        lines = [f"# To predict: x = torch.tensor(X, dtype=torch.float64) for points X of shape (N, {width}), then",
                 "# output = model(features(x))"]
    if d_out == 1:
        lines += ["# Classification: output holds logits; output > 0 is class 1 (probability torch.sigmoid(output)).",
                  "# Regression: output is the prediction y_hat."]
    else:
        lines += [f"# {d_out} outputs, one logit per class: output.argmax(dim=1) is the predicted class",
                  "# (probabilities: torch.softmax(output, dim=1))."]
    return "\n".join(lines)
