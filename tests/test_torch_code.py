"""torch_code: the PyTorch script it writes is valid Python, holds the exact weights and, run in torch,
gives lecture_nn's outputs; bad arguments are refused by name.

The first half needs no torch (the script is read with ``ast``); the tests that run the script skip
when torch is not installed.
"""

import ast

import numpy as np
import pytest

import lecture_nn as ln
from lecture_nn.demos.playground_training import ONE_D_FEATURES as PLAYGROUND_ONE_D
from lecture_nn.demos.playground_training import FEATURES as PLAYGROUND_FEATURES
from lecture_nn.demos.playground_training import features as playground_features
from lecture_nn.demos.linear_models import feature_matrix
from lecture_nn.errors import InputError
from lecture_nn.torch_code import ONE_D_FEATURES, TORCH_FEATURES, torch_code

ALL_FEATURES = ["x1", "x2", "x1_sq", "x2_sq", "x1x2", "sin_x1", "sin_x2"]
#: activation -> its parameters in the tests (ELU with alpha 0.5, leaky ReLU with slope 0.2)
ACTIVATION_PARAMS = {"relu": {}, "elu": {"alpha": 0.5}, "softplus": {}, "sigmoid": {}, "tanh": {},
                     "identity": {}, "leaky_relu": {"negative_slope": 0.2}}


def with_biases(model, seed=0):
    """``model`` with random biases (mlp starts them at zero, which would hide a bias copied wrongly)."""
    rng = np.random.default_rng(seed + 100)
    for layer in model:
        if isinstance(layer, ln.Dense):
            layer.b.value[...] = rng.normal(size=layer.b.value.shape)
    return model


def mixed_model():
    """Dense, ELU(0.5), Dense, leaky ReLU(0.2), Dropout(0.25), Dense: activations with parameters, per layer."""
    rng = np.random.default_rng(5)
    return with_biases(ln.Sequential(
        ln.Dense(2, 6, rng=rng), ln.Activation("elu", alpha=0.5),
        ln.Dense(6, 5, rng=rng), ln.Activation("leaky_relu", negative_slope=0.2), ln.Dropout(0.25, rng=rng),
        ln.Dense(5, 3, rng=rng),
    ), seed=5)


def assignments(code: str) -> dict:
    """The names the script assigns a literal to (W1, b1, ...) and their values."""
    found = {}
    for node in ast.parse(code).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:  # not a literal (model = nn.Sequential(...))
                pass
    return found


def sequential_lines(code: str) -> list[str]:
    """The modules inside ``model = nn.Sequential(...)``, one per line, without their comments."""
    lines = code.splitlines()
    start = lines.index("model = nn.Sequential(")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith(")"))
    return [line.split("#")[0].strip().rstrip(",") for line in lines[start + 1:end]]


# --- without torch: the text of the script --------------------------------------------------------

@pytest.mark.parametrize("feature_names", [None, ["x1", "x2"]])
def test_the_script_is_valid_python(feature_names):
    code = torch_code(with_biases(ln.mlp([2, 4, 1], "tanh", rng=0)), feature_names, note="2-4-1 tanh on moons")
    compile(code, "<torch_code>", "exec")
    assert code.startswith("# 2-4-1 tanh on moons\n")
    assert "import torch\nfrom torch import nn\n" in code
    assert ("def features(x):" in code) == (feature_names is not None)
    assert "model.eval()" in code and "model.train()" in code  # the comment on dropout
    assert all(len(line) <= 120 for line in code.splitlines())


def test_every_layer_is_named_in_order():
    model = mixed_model()
    assert sequential_lines(torch_code(model)) == [
        "nn.Linear(2, 6)", "nn.ELU(alpha=0.5)", "nn.Linear(6, 5)", "nn.LeakyReLU(negative_slope=0.2)",
        "nn.Dropout(p=0.25)", "nn.Linear(5, 3)"]
    lines = sequential_lines(torch_code(ln.mlp([1, 3, 3, 3, 3, 3, 2], ["relu", "softplus", "sigmoid", "tanh",
                                                                    "identity"], rng=0)))
    assert lines[1::2] == ["nn.ReLU()", "nn.Softplus(beta=1.0, threshold=40.0)", "nn.Sigmoid()", "nn.Tanh()",
                           "nn.Identity()"]
    assert lines[::2] == ["nn.Linear(1, 3)"] + ["nn.Linear(3, 3)"] * 4 + ["nn.Linear(3, 2)"]


def test_the_script_holds_every_weight_exactly():
    model = mixed_model()
    model[0].W.value[0, 0] = 0.1 + 0.2  # 0.30000000000000004: a number that needs all 17 digits
    model[2].b.value[1] = -1.2345678901234567e-300  # stored as the nearest float64, ...568e-300
    code = torch_code(model)
    assert repr(0.1 + 0.2) in code and repr(float(model[2].b.value[1])) in code
    values = assignments(code)
    dense = [layer for layer in model if isinstance(layer, ln.Dense)]
    assert sorted(values) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    for k, layer in enumerate(dense, start=1):
        assert np.array_equal(np.array(values[f"W{k}"]), layer.W.value)  # exact: repr round-trips
        assert np.array_equal(np.array(values[f"b{k}"]), layer.b.value)


def test_long_rows_are_wrapped_one_row_of_W_per_block():
    model = with_biases(ln.mlp([20, 3, 1], "relu", rng=0))
    code = torch_code(model)
    assert all(len(line) <= 120 for line in code.splitlines())
    assert np.array_equal(np.array(assignments(code)["W1"]), model[0].W.value)
    w1 = code[code.index("W1 = ["):code.index("b1 = ")]
    assert w1.count("    [\n") == 3  # one bracketed block per hidden unit


def test_feature_names_any_case_and_one_d_features():
    model = ln.mlp([3, 4, 1], "tanh", rng=0)
    code = torch_code(model, ["X1", "x1_SQ", "sin_x1"])
    assert "x1 ** 2,  " in code and "torch.sin(x1)," in code and "x[:, 1]" not in code
    assert "(N, 1)" in code
    code = torch_code(ln.mlp([7, 4, 1], "tanh", rng=0), ALL_FEATURES)
    assert "# x: a (N, 2) tensor of points (x1, x2)" in code


def test_the_features_are_the_playground_features():
    assert list(TORCH_FEATURES) == list(PLAYGROUND_FEATURES)
    assert ONE_D_FEATURES == PLAYGROUND_ONE_D


def test_predictions_are_explained_for_one_output_and_for_several():
    one = torch_code(ln.mlp([2, 3, 1], "relu", rng=0))
    several = torch_code(ln.mlp([2, 3, 3], "relu", rng=0))
    assert "output > 0 is class 1" in one and "argmax" not in one
    assert "output.argmax(dim=1)" in several


def _nan_weight():
    model = ln.mlp([2, 4, 1], "tanh", rng=0)
    model[0].W.value[1, 0] = np.nan
    return (model,), {}


def _inf_bias():
    model = ln.mlp([2, 4, 1], "tanh", rng=0)
    model[2].b.value[0] = np.inf
    return (model,), {}


def _residual():
    model = ln.Sequential(ln.Dense(2, 4), ln.Residual(ln.Activation("relu"), ln.Dense(4, 4)), ln.Dense(4, 1))
    return (model,), {}


#: (what is wrong, arguments, words the message must hold)
BAD = [
    ("not a model", lambda: (("model",), {}), ["model", "Sequential", "the string 'model'"]),
    ("a layer, not a Sequential", lambda: ((ln.Dense(2, 1),), {}), ["model", "Sequential", "Dense(2 -> 1)"]),
    ("the class", lambda: ((ln.Sequential,), {}), ["model", "the class Sequential"]),
    ("a Residual inside", _residual, ["model.layers[1]", "Residual"]),
    ("a Sequential inside", lambda: ((ln.Sequential(ln.Sequential(ln.Dense(2, 1))),), {}),
     ["model.layers[0]", "Dense, Activation or Dropout"]),
    ("no Dense", lambda: ((ln.Sequential(ln.Activation("relu")),), {}), ["model", "at least one Dense"]),
    ("NaN weights", _nan_weight, ["model", "Dense1.W", "nan", "diverged"]),
    ("an infinite bias", _inf_bias, ["model", "Dense2.b", "inf", "diverged"]),
    ("too few features", lambda: ((ln.mlp([2, 4, 1], rng=0), ["x1"]), {}), ["feature_names", "d = 2", "got 1"]),
    ("too many features", lambda: ((ln.mlp([2, 4, 1], rng=0), ["x1", "x2", "x1x2"]), {}),
     ["feature_names", "d = 2", "got 3"]),
    ("an unknown feature", lambda: ((ln.mlp([2, 4, 1], rng=0), ["x1", "x3"]), {}),
     ["feature_names[1]", "'x3'", "'x1'"]),
    ("a number as a feature", lambda: ((ln.mlp([2, 4, 1], rng=0), ["x1", 2]), {}), ["feature_names[1]", "2"]),
    ("a string as feature_names", lambda: ((ln.mlp([1, 4, 1], rng=0), "x1"), {}),
     ["feature_names", "the string 'x1'", "['x1']"]),
    ("a set as feature_names", lambda: ((ln.mlp([2, 4, 1], rng=0), {"x1", "x2"}), {}), ["feature_names", "list"]),
    ("a non-string note", lambda: ((ln.mlp([2, 4, 1], rng=0),), {"note": 3}), ["note", "string", "3"]),
    ("a note of two lines", lambda: ((ln.mlp([2, 4, 1], rng=0),), {"note": "moons\nimport os"}),
     ["note", "one line"]),
]


@pytest.mark.parametrize("arguments, words", [pytest.param(a, w, id=what) for what, a, w in BAD])
def test_bad_arguments_are_refused_by_name(arguments, words):
    args, kwargs = arguments()
    with pytest.raises(InputError) as error:
        torch_code(*args, **kwargs)
    message = str(error.value)
    assert message.startswith("torch_code: ")
    for word in words:
        assert word in message, (word, message)


# --- with torch: the script run, its outputs against lecture_nn's ------------------------------------

def torch_outputs(code: str, X: np.ndarray, with_features: bool) -> np.ndarray:
    """Run the script in a fresh namespace, then its model on X (through features(x) when it has them)."""
    torch = pytest.importorskip("torch")
    namespace = {}
    exec(compile(code, "<torch_code>", "exec"), namespace)
    model = namespace["model"]
    assert not model.training
    x = torch.tensor(X, dtype=torch.float64)
    with torch.no_grad():
        out = model(namespace["features"](x) if with_features else x)
    assert out.dtype == torch.float64
    return out.numpy()


def check_same_outputs(model, X, feature_names=None):
    """torch's outputs of torch_code(model) equal lecture_nn's to 1e-6; returns the largest difference."""
    model.eval()
    # the columns in the order named (the playground itself always names them in FEATURES order)
    plane = X if X.shape[1] == 2 else np.column_stack([X[:, 0], np.zeros(len(X))])
    inputs = X if feature_names is None else feature_matrix(plane, feature_names)
    expected = model.forward(inputs)
    got = torch_outputs(torch_code(model, feature_names), X, feature_names is not None)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, atol=1e-6, rtol=0)
    return float(np.max(np.abs(got - expected)))


def points(n=200, seed=0, scale=2.0, d=2):
    rng = np.random.default_rng(seed)
    X = scale * rng.normal(size=(n, d))
    X[:10] = rng.uniform(-50, 50, size=(10, d))  # large inputs too
    return X


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("activation", list(ACTIVATION_PARAMS))
def test_every_activation_gives_the_same_outputs(activation, seed):
    model = with_biases(ln.mlp([2, 8, 6, 1], activation, rng=seed, **ACTIVATION_PARAMS[activation]), seed)
    check_same_outputs(model, points(seed=seed))


def test_softplus_matches_for_large_inputs_on_both_sides_of_torchs_threshold():
    """torch's Softplus is z itself above its threshold; the script picks one where that is exact in float64."""
    model = ln.mlp([1, 1, 1], "softplus", rng=0)
    model[0].W.value[...] = 1.0
    model[2].W.value[...] = 1.0  # the output is softplus(x) itself
    x = np.concatenate([np.linspace(-60, 60, 2401), [19.99, 20.0, 20.01, 39.99, 40.0, 40.01, 700.0, 1e4]])
    got = torch_outputs(torch_code(model), x[:, None], False)
    np.testing.assert_allclose(got[:, 0], ln.softplus(x), atol=1e-12, rtol=0)  # default threshold 20: 2e-9


@pytest.mark.parametrize("seed", [0, 1])
def test_softplus_network_on_inputs_up_to_50(seed):
    model = with_biases(ln.mlp([2, 16, 16, 1], "softplus", rng=seed), seed)
    model[0].W.value *= 3  # hidden values far beyond 40 and far below -40
    X = np.random.default_rng(seed).uniform(-50, 50, size=(500, 2))
    check_same_outputs(model, X)


@pytest.mark.parametrize("seed", [0, 3])
def test_dropout_in_evaluation_mode(seed):
    model = with_biases(ln.mlp([2, 8, 8, 1], "relu", rng=seed, dropout=0.3), seed)
    check_same_outputs(model, points(seed=seed))
    check_same_outputs(mixed_model(), points(seed=seed))


def test_three_classes():
    model = with_biases(ln.mlp([2, 8, 3], "tanh", rng=4), 4)
    check_same_outputs(model, points(seed=4))
    X = points(seed=5)
    got = torch_outputs(torch_code(model), X, False)
    assert np.array_equal(got.argmax(axis=1), model.forward(X).argmax(axis=1))


@pytest.mark.parametrize("seed", [0, 1])
def test_one_d_inputs_with_features(seed):
    names = ["x1", "x1_sq", "sin_x1"]
    model = with_biases(ln.mlp([3, 8, 1], "tanh", rng=seed), seed)
    check_same_outputs(model, points(seed=seed, d=1), names)


@pytest.mark.parametrize("seed", [0, 1])
def test_two_d_inputs_with_all_seven_features(seed):
    model = with_biases(ln.mlp([7, 8, 8, 3], ["relu", "tanh"], rng=seed, dropout=0.1), seed)
    check_same_outputs(model, points(seed=seed, scale=1.5), ALL_FEATURES)
    reordered = ["sin_x2", "x1x2", "x1"]  # the network's column order, not the playground's
    check_same_outputs(with_biases(ln.mlp([3, 5, 1], "elu", rng=seed), seed), points(seed=seed), reordered)


def test_a_trained_model():
    X, y = ln.moons(200, noise=0.2, rng=0)
    names = ["x1", "x2", "x1x2"]
    model = ln.mlp([3, 8, 8, 1], "tanh", rng=0)
    ln.fit(model, ln.BCEWithLogitsLoss(), ln.Adam(model.parameters(), lr=0.05), playground_features(X, names), y,
           epochs=30, rng=0)
    assert np.any(model[0].b.value != 0)
    check_same_outputs(model, X, names)
