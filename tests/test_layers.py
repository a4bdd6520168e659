"""Layers: gradients against central differences, a forward/backward pass worked by hand,
shapes, determinism, initialisation, float32, and a clear error for every bad input."""

import numpy as np
import pytest

import lecture_nn as ln
from lecture_nn import Activation, Dense, Parameter, Sequential, mlp
from lecture_nn.gradcheck import numerical_gradient, rel_error

RNG_SEED = 0


def check_module_gradients(module, X, seed=1):
    """Gradcheck of L = sum(R * module(X)) for a random R: every parameter and dL/dX."""
    R = np.random.default_rng(seed).standard_normal(module.forward(X).shape)

    def L(_):
        return float(np.sum(R * module.forward(X)))

    module.forward(X)
    dX = module.backward(R)
    analytic = {name: p.grad.copy() for name, p in module.named_parameters()}
    errors = {name: rel_error(analytic[name], numerical_gradient(L, p.value))
              for name, p in module.named_parameters()}
    errors["X"] = rel_error(dX, numerical_gradient(L, X))
    return errors


# --- gradients ---------------------------------------------------------------------------

def test_dense_gradients():
    rng = np.random.default_rng(RNG_SEED)
    layer = Dense(4, 3, rng=rng)
    layer.b.value[:] = rng.standard_normal(3)  # nonzero bias so db is exercised with it
    errors = check_module_gradients(layer, rng.standard_normal((5, 4)))
    assert set(errors) == {"W", "b", "X"}
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("name", list(ln.ACTIVATIONS))
def test_activation_module_gradient(name):
    rng = np.random.default_rng(RNG_SEED)
    X = rng.uniform(-3, 3, (6, 4))
    X[np.abs(X) < 1e-3] = 0.5  # away from the kink at 0
    errors = check_module_gradients(Activation(name), X)
    assert errors["X"] < 1e-7


@pytest.mark.parametrize("name", list(ln.ACTIVATIONS))
def test_sequential_gradients_for_every_activation(name):
    rng = np.random.default_rng(RNG_SEED)
    model = mlp([3, 8, 6, 2], name, rng=rng)
    errors = check_module_gradients(model, rng.standard_normal((7, 3)))
    assert len(errors) == 7  # three W, three b, X
    assert max(errors.values()) < 1e-7, errors


def test_elu_and_leaky_relu_parameters_reach_backward():
    rng = np.random.default_rng(RNG_SEED)
    for name, params in [("elu", {"alpha": 0.3}), ("leaky_relu", {"negative_slope": 0.2})]:
        model = mlp([2, 5, 1], name, rng=rng, **params)
        assert model[1].params == params
        errors = check_module_gradients(model, rng.standard_normal((6, 2)))
        assert max(errors.values()) < 1e-7


# --- one pass worked by hand ---------------------------------------------------------------

def test_forward_and_backward_worked_by_hand():
    # y_hat = w^T relu(W x + b) + c for one sample x = (1, 2), target y = 1, MSE loss
    model = Sequential(Dense(2, 2), Activation("relu"), Dense(2, 1))
    model[0].W.value[:] = [[1.0, -1.0], [0.5, 1.0]]
    model[0].b.value[:] = [0.0, 1.0]
    model[2].W.value[:] = [[2.0, -1.0]]
    model[2].b.value[:] = [0.5]
    X, y = np.array([[1.0, 2.0]]), np.array([[1.0]])

    # Z1 = (1*1 - 1*2 + 0, 0.5*1 + 1*2 + 1) = (-1, 3.5); A1 = relu(Z1) = (0, 3.5)
    # y_hat = 2*0 - 1*3.5 + 0.5 = -3
    y_hat = model.forward(X)
    assert y_hat.tolist() == [[-3.0]]
    # L = (y_hat - y)^2 / N = (-3 - 1)^2 = 16
    loss_fn = ln.MSELoss()
    assert loss_fn.forward(y_hat, y) == 16.0
    # dL/dy_hat = 2 (y_hat - y) / N = -8
    d_yhat = loss_fn.backward()
    assert d_yhat.tolist() == [[-8.0]]
    dX = model.backward(d_yhat)
    # Dense2: dW2 = dY^T A1 = -8 * (0, 3.5) = (0, -28); db2 = -8; dA1 = dY W2 = -8 * (2, -1) = (-16, 8)
    assert model[2].W.grad.tolist() == [[0.0, -28.0]]
    assert model[2].b.grad.tolist() == [-8.0]
    # Activation1: dZ1 = dA1 * relu'(Z1) = (-16, 8) * (0, 1) = (0, 8)
    # Dense1: dW1 = dZ1^T X = [[0*1, 0*2], [8*1, 8*2]]; db1 = (0, 8); dX = dZ1 W1 = (8*0.5, 8*1)
    assert model[0].W.grad.tolist() == [[0.0, 0.0], [8.0, 16.0]]
    assert model[0].b.grad.tolist() == [0.0, 8.0]
    assert dX.tolist() == [[4.0, 8.0]]


def test_batch_gradient_is_the_mean_of_per_sample_gradients():
    rng = np.random.default_rng(RNG_SEED)
    model, loss_fn = mlp([2, 4, 1], "tanh", rng=rng), ln.MSELoss()
    X, y = rng.standard_normal((3, 2)), rng.standard_normal((3, 1))
    loss_fn.forward(model(X), y)
    model.backward(loss_fn.backward())
    batch = [p.grad.copy() for p in model.parameters()]
    singles = []
    for i in range(3):
        loss_fn.forward(model(X[i:i + 1]), y[i:i + 1])
        model.backward(loss_fn.backward())
        singles.append([p.grad.copy() for p in model.parameters()])
    for k, g in enumerate(batch):
        assert np.allclose(g, np.mean([s[k] for s in singles], axis=0), rtol=1e-12, atol=1e-15)


# --- structure, shapes, determinism, init, dtype -------------------------------------------

def test_shapes_follow_the_slides():
    model = mlp([3, 8, 2], rng=0)
    W1, b1, W2, b2 = model.parameters()
    assert (W1.shape, b1.shape, W2.shape, b2.shape) == ((8, 3), (8,), (2, 8), (2,))
    assert model.forward(np.zeros((5, 3))).shape == (5, 2)
    assert model.backward(np.ones((5, 2))).shape == (5, 3)
    assert [p.grad.shape for p in model.parameters()] == [(8, 3), (8,), (2, 8), (2,)]
    assert model.n_params == 8 * 3 + 8 + 2 * 8 + 2


def test_mlp_is_dense_activation_dense_with_slide_names():
    model = mlp([1, 64, 1], activation="tanh", rng=0)
    assert [type(m).__name__ for m in model] == ["Dense", "Activation", "Dense"]
    assert model.names == ["Dense1", "Activation1", "Dense2"]
    assert [n for n, _ in model.named_parameters()] == ["Dense1.W", "Dense1.b", "Dense2.W", "Dense2.b"]
    assert "total 193 parameters" in repr(model)


def test_mlp_equals_the_same_sequential_built_by_hand():
    X = np.random.default_rng(5).standard_normal((4, 1))
    a = mlp([1, 64, 1], activation="relu", rng=np.random.default_rng(3))
    rng = np.random.default_rng(3)
    b = Sequential(Dense(1, 64, rng=rng), Activation("relu"), Dense(64, 1, rng=rng))
    assert np.array_equal(a(X), b(X))


def test_same_seed_same_network_different_seed_different_network():
    X = np.random.default_rng(9).standard_normal((4, 2))
    assert np.array_equal(mlp([2, 16, 1], rng=7)(X), mlp([2, 16, 1], rng=7)(X))
    assert not np.array_equal(mlp([2, 16, 1], rng=7)(X), mlp([2, 16, 1], rng=8)(X))


def test_no_global_random_state_is_used_or_changed():
    np.random.seed(123)  # noqa: NPY002 (the legacy global state is what must stay untouched)
    before = np.random.get_state()[1].copy()  # noqa: NPY002
    mlp([2, 8, 1], rng=0)
    ln.moons(50, rng=0)
    assert np.array_equal(np.random.get_state()[1], before)  # noqa: NPY002


def test_he_and_glorot_initialisation_scales():
    rng = np.random.default_rng(0)
    W_he = Dense(400, 300, init="he", rng=rng).W.value
    assert W_he.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    W_gl = Dense(400, 300, init="glorot", rng=rng).W.value
    a = np.sqrt(6 / 700)
    assert np.abs(W_gl).max() <= a and W_gl.std() == pytest.approx(a / np.sqrt(3), rel=0.02)
    assert np.all(Dense(4, 3, rng=rng).b.value == 0)
    # mlp picks He for relu-like activations, Glorot for the others
    assert mlp([2, 3, 1], "relu", rng=0)[0].init == "he"
    assert mlp([2, 3, 1], "tanh", rng=0)[0].init == "glorot"
    with pytest.raises(ValueError, match="unknown init 'xavier'"):
        Dense(2, 3, init="xavier")


def test_float32_on_request():
    model = mlp([2, 8, 1], rng=0, dtype=np.float32)
    X = np.random.default_rng(0).standard_normal((4, 2))  # float64 in, cast at the door
    out = model(X)
    model.backward(np.ones_like(out))
    assert out.dtype == np.float32
    assert all(p.value.dtype == np.float32 and p.grad.dtype == np.float32 for p in model.parameters())
    # same seed: the float32 net is the float64 net rounded
    assert np.allclose(out, mlp([2, 8, 1], rng=0)(X), rtol=1e-5, atol=1e-6)


def test_backward_overwrites_grad_instead_of_accumulating():
    model = mlp([2, 3, 1], rng=0)
    X = np.ones((2, 2))
    model(X)
    model.backward(np.ones((2, 1)))
    first = [p.grad.copy() for p in model.parameters()]
    model.backward(np.ones((2, 1)))
    assert all(np.array_equal(a, p.grad) for a, p in zip(first, model.parameters()))


def test_parameter_holds_a_float_copy():
    source = np.array([1, 2])
    p = Parameter(source, "theta")
    source[0] = 99
    assert p.value.tolist() == [1.0, 2.0] and p.value.dtype == np.float64 and p.grad is None


# --- bad input: each a clear ValueError/RuntimeError in the lecture's letters ----------------

def test_wrong_input_width_to_dense():
    with pytest.raises(ValueError, match=r"Dense\(3 -> 8\) expects X of shape \(N, 3\), got \(16, 4\)"):
        Dense(3, 8).forward(np.zeros((16, 4)))


def test_wrong_input_width_to_a_model():
    with pytest.raises(ValueError, match=r"expects X of shape \(N, 2\), got \(10, 3\)"):
        mlp([2, 4, 1], rng=0)(np.zeros((10, 3)))


@pytest.mark.parametrize("shape", [(5,), (2, 5, 2)])
def test_X_with_1_or_3_dimensions(shape):
    with pytest.raises(ValueError, match=rf"expects X of shape \(N, 2\), got {len(shape)}-D array"):
        mlp([2, 4, 1], rng=0)(np.zeros(shape))


def test_1d_X_for_one_feature_gets_a_reshape_hint():
    with pytest.raises(ValueError, match=r"X.reshape\(-1, 1\)"):
        mlp([1, 4, 1], rng=0)(np.linspace(0, 1, 10))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_X(bad):
    X = np.zeros((4, 2))
    X[2, 1] = bad
    with pytest.raises(ValueError, match=rf"non-finite value in X: {bad} at index \(2, 1\)"):
        mlp([2, 4, 1], rng=0)(X)
    with pytest.raises(ValueError, match="non-finite"):
        Dense(2, 4).forward(X)


def test_huge_but_finite_X_is_accepted():
    X = np.full((3, 2), 1e308)  # the sum overflows, yet every entry is finite
    assert mlp([2, 1], rng=0, init="glorot")(X).shape == (3, 1)


def test_empty_batch_and_non_numeric_X():
    with pytest.raises(ValueError, match=r"at least one sample \(N >= 1\)"):
        mlp([2, 1], rng=0)(np.zeros((0, 2)))
    with pytest.raises(ValueError, match="array of numbers"):
        mlp([2, 1], rng=0)([["a", "b"]])


@pytest.mark.parametrize("sizes", [[2, 0, 1], [2, -3, 1], [0, 1], [2, 2.5, 1], [2, True, 1]])
def test_non_positive_or_non_integer_layer_sizes(sizes):
    with pytest.raises(ValueError, match=r"layer sizes must be positive integers, got sizes="):
        mlp(sizes)


def test_other_bad_mlp_and_dense_arguments():
    with pytest.raises(ValueError, match="at least an input and an output size"):
        mlp([3])
    with pytest.raises(ValueError, match="list of layer sizes"):
        mlp(3)
    with pytest.raises(ValueError, match=r"Dense: d_out \(the output size d'\) must be an integer >= 1, got 0"):
        Dense(3, 0)
    with pytest.raises(ValueError, match="dtype must be float64 or float32, got"):
        Dense(3, 2, dtype=np.int32)
    with pytest.raises(ValueError, match=r"unknown parameter\(s\) \['beta'\]; allowed: alpha"):
        Activation("elu", beta=2)
    with pytest.raises(ValueError, match=r"unknown parameter\(s\)"):
        mlp([2, 3, 1], "relu", alpha=0.1)


def test_sequential_checks_that_layers_fit_together():
    with pytest.raises(ValueError, match=r"Dense2 = Dense\(8 -> 1\) expects d = 8 inputs, "
                                         r"but Dense1 = Dense\(2 -> 16\) gives 16"):
        Sequential(Dense(2, 16), Activation("relu"), Dense(8, 1))
    with pytest.raises(ValueError, match=r"expects Module objects .*got the function tanh \(ufunc\) at position 1 "
                                         r"\(modules\[1\]\); write Activation\('tanh'\)"):
        Sequential(Dense(2, 3), np.tanh)
    with pytest.raises(ValueError, match="at least one module"):
        Sequential()


@pytest.mark.parametrize("module", [Dense(2, 3), Activation("tanh"), mlp([2, 3, 1], rng=0)])
def test_backward_before_forward(module):
    with pytest.raises(RuntimeError, match="backward called before forward"):
        module.backward(np.ones((4, 3)))


@pytest.mark.parametrize("bad_shape", [(4,), (4, 2), (3, 1), (4, 1, 1)])
def test_gradient_of_the_wrong_shape_into_backward(bad_shape):
    model = mlp([2, 3, 1], rng=0)
    model(np.zeros((4, 2)))
    with pytest.raises(ValueError, match=rf"expects dL/d\(output\) of shape \(4, 1\).*got {re_shape(bad_shape)}"):
        model.backward(np.ones(bad_shape))
    layer = Dense(2, 3)
    layer(np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"Dense\(2 -> 3\).backward expects dL/d\(output\) of shape \(4, 3\)"):
        layer.backward(np.ones(bad_shape))


def re_shape(shape):
    return str(shape).replace("(", r"\(").replace(")", r"\)")


# --- nothing non-finite or converted behind the student's back -----------------------------------

@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_a_nan_weight_is_named_by_forward_instead_of_a_nan_output(bad):
    # a student writes into a weight, or training diverged: forward used to return NaN silently
    model = mlp([3, 4, 2], "tanh", rng=0)
    model.layers[2].W.value[1, 3] = bad
    with pytest.raises(ln.UsageError, match=rf"the model .*: parameter Dense2.W has {bad} at index \(1, 3\), so "
                                            r"the output is not finite.*smaller learning rate"):
        model.forward(np.ones((5, 3)))
    layer = Dense(3, 2, rng=0)
    layer.b.value[0] = bad
    with pytest.raises(ln.UsageError, match=rf"Dense\(3 -> 2\).forward: parameter b has {bad} at index \(0,\)"):
        layer(np.ones((5, 3)))
    with pytest.raises(ln.UsageError, match="backward called before forward"):
        layer.backward(np.ones((5, 2)))  # the failed forward left nothing to go back through


def test_an_output_that_overflows_raises_instead_of_returning_inf():
    model = mlp([3, 4, 1], "relu", rng=0)
    model[0].W.value[...] = 1e200
    with np.errstate(over="ignore"):
        with pytest.raises(ln.InputError, match=r"the model .*: the output overflowed in Dense1 = Dense\(3 -> 4\) "
                                                r"\(inf at index \(0, 0\) in its output\) for this X \(largest "
                                                r"\|X\| = 1e\+200, largest \|weight\| = 1e\+200\)"):
            model.forward(np.full((2, 3), 1e200))
    assert np.isfinite(model.forward(np.ones((2, 3)))).all()  # finite X, finite output: no error


@pytest.mark.parametrize("X, what", [([["1", "2"]], "strings"), (np.ones((3, 2)) * (1 + 1j), "complex numbers"),
                                     (None, "None"), (np.array([[1, None]]), "objects that are not real numbers")])
def test_strings_and_complex_X_are_refused_not_converted(X, what):
    # [["1", "2"]] used to run as the numbers 1, 2, and a complex X lost its imaginary part
    with pytest.raises(ln.InputError, match=rf"X must be a number or an array of numbers, got {what}"):
        mlp([2, 1], rng=0)(X)
    with pytest.raises(ln.InputError, match=rf"X must be a number or an array of numbers, got {what}"):
        Dense(2, 1, rng=0)(X)


@pytest.mark.parametrize("dtype", ["abc", "int32", np.complex128, 3, True, [1, 2]])
def test_a_dtype_other_than_float32_or_float64_is_refused(dtype):
    # Dense(2, 3, dtype="abc") used to build a float64 layer without a word
    with pytest.raises(ln.InputError, match="Dense: dtype must be float64 or float32, got"):
        Dense(2, 3, dtype=dtype)
    with pytest.raises(ln.InputError, match="mlp: dtype must be float64 or float32, got"):
        mlp([2, 3, 1], dtype=dtype)
    assert Dense(2, 3, dtype="float32").W.value.dtype == np.float32


def test_a_module_used_twice_in_a_sequential_is_refused():
    # a module keeps one forward cache: used twice, its first use got the second use's gradients
    relu = Activation("relu")
    with pytest.raises(ln.InputError, match=r"modules\[3\] uses the same Activation\('relu'\) object as "
                                            r"modules\[1\]; .*wrong gradients"):
        Sequential(Dense(2, 4), relu, Dense(4, 4), relu, Dense(4, 1))
    inner = Dense(2, 2)
    with pytest.raises(ln.InputError, match=r"modules\[1\] uses the same Dense\(2 -> 2\) object as modules\[0\]"):
        Sequential(Sequential(inner, Activation("tanh")), inner)


def test_load_state_dict_checks_everything_before_writing():
    model = mlp([2, 3, 1], rng=0)
    before = [p.value.copy() for p in model.parameters()]
    good = mlp([2, 3, 1], rng=1).state_dict()
    for name, bad, message in [("Dense2.b", np.array([np.nan]), r"state\['Dense2.b'\] has a non-finite value: nan"),
                               ("Dense2.W", "abc", r"state\['Dense2.W'\] must be a number or an array of numbers"),
                               ("Dense2.W", np.zeros((3, 1)), r"parameter Dense2.W: this model has shape \(1, 3\)")]:
        with pytest.raises(ln.InputError, match=message):
            model.load_state_dict({**good, name: bad})  # Dense1 is fine and comes first: it must stay as it was
        assert all(np.array_equal(b, p.value) for b, p in zip(before, model.parameters()))
    with pytest.raises(ln.InputError, match="state must be a dict name -> array"):
        model.load_state_dict(list(good.items()))
    model.load_state_dict(good)
    assert all(np.array_equal(good[n], p.value) for n, p in model.named_parameters())


@pytest.mark.parametrize("value, message", [("3", "got the string '3'"), (np.array(["1", "2"]), "got strings"),
                                            (np.nan, "non-finite entry: nan"), ([], "at least one number"),
                                            (1 + 2j, "complex numbers")])
def test_parameter_refuses_what_is_not_finite_numbers(value, message):
    # Parameter("3") used to hold 3.0, Parameter(np.nan) a NaN
    with pytest.raises(ln.InputError, match=rf"Parameter: value .*{message}"):
        Parameter(value)
    with pytest.raises(ln.InputError, match="Parameter: name must be a string"):
        Parameter([1.0], name=3)


def test_names_of_inits_ignore_case_and_other_libraries_names_get_a_hint():
    assert Dense(2, 3, init="Glorot").init == "glorot" and mlp([2, 3, 1], init="HE", rng=0)[0].init == "he"
    with pytest.raises(ln.InputError, match=r"unknown init 'xavier'.*Did you mean 'glorot' \(xavier is another"):
        Dense(2, 3, init="xavier")
    with pytest.raises(ln.InputError, match=r"mlp: init: unknown init 'hee'.*Did you mean 'he'"):
        mlp([2, 3, 1], init="hee")


@pytest.mark.parametrize("sizes, message", [
    ([], "at least an input and an output size"), ([2, True, 1], r"sizes\[1\], is True, a bool"),
    ([2, 16.0, 1], r"sizes\[1\], is 16.0; write 16, not 16.0"), ("2,16,1", "list of layer sizes"),
    ([2, 10 ** 6, 10 ** 6], r"Dense2 = Dense\(1000000 -> 1000000\) would hold d_in \* d_out = 1e\+12 weights")])
def test_mlp_sizes_errors_name_the_entry(sizes, message):
    with pytest.raises(ln.InputError, match=message):
        mlp(sizes)
    with pytest.raises(ln.InputError, match=r"Dense: d_in \(the input size d\) must be an integer >= 1 "
                                            r"\(write 3, not 3.0\), got 3.0"):
        Dense(3.0, 2)


def test_layers_by_position_or_name():
    model = mlp([2, 3, 1], rng=0)
    assert model["dense2"] is model[2] is model[-1] and model[np.int64(1)] is model.layers[1]
    with pytest.raises(ln.InputError, match=r"no layer named 'Dense3'; the layers are Dense1, Activation1, Dense2. "
                                            r"Did you mean 'Dense2'"):
        model["Dense3"]
    with pytest.raises(ln.InputError, match=r"the model has 3 layers .*so i must be in 0..2 .*got 3"):
        model[3]


def test_backward_refuses_a_non_finite_or_non_numeric_dA():
    model = mlp([2, 3, 1], rng=0)
    model(np.ones((4, 2)))
    with pytest.raises(ln.InputError, match=r"got a non-finite value in dA: nan at index \(2, 0\)"):
        model.backward(np.array([[1.0], [1.0], [np.nan], [1.0]]))
    with pytest.raises(ln.InputError, match="dA must be a number or an array of numbers, got complex"):
        model.backward(np.ones((4, 1)) * 1j)


def test_zero_grad_sets_every_gradient_to_zero():
    model = mlp([2, 3, 1], rng=0)
    model(np.ones((4, 2)))
    model.backward(np.ones((4, 1)))
    model.zero_grad()
    assert all(np.all(p.grad == 0) for p in model.parameters())


@pytest.mark.parametrize("value, got", [(np.ones((4, 3)) * 1j, r"an array of shape \(4, 3\) and dtype complex128"),
                                        (np.zeros((3, 4)), r"an array of shape \(3, 4\) and dtype float64"),
                                        ([[0.1] * 3] * 4, "a list")])
def test_a_weight_replaced_by_another_object_is_named(value, got):
    # model[0].W.value = <complex array> used to run, the tanh dropping the imaginary part unnoticed
    model = mlp([3, 4, 2], "tanh", rng=0)
    model[0].W.value = value
    with pytest.raises(ln.UsageError, match=rf"the model: parameter Dense1.W holds {got}; its value must stay a "
                                            r"float array of shape \(4, 3\). Write into it with W.value\[...\] ="):
        model.forward(np.ones((2, 3)))
    model[0].W.value = np.full((4, 3), 0.1)  # a new array of the right shape is fine
    assert model.forward(np.ones((2, 3))).shape == (2, 2)


def test_other_libraries_arguments_get_a_hint():
    with pytest.raises(ln.InputError, match=r"Dense got unknown argument\(s\) \['activation'\]; it takes d_in, d_out, "
                                            r"init, rng and dtype \(an activation is its own module"):
        Dense(2, 3, activation="relu")
    with pytest.raises(ln.InputError, match=r"unknown parameter\(s\) \['seed'\].*\(the seed is rng=0\)"):
        mlp([2, 3, 1], seed=0)


# --- the fast path a training loop uses: public, and equal to the checked one ------------------------

@pytest.mark.parametrize("activation", ["relu", "tanh", "elu", "sigmoid"])
def test_unchecked_forward_and_backward_equal_the_checked_ones(activation):
    rng = np.random.default_rng(3)
    X, dY = rng.standard_normal((7, 3)), rng.standard_normal((7, 2))
    model = mlp([3, 5, 4, 2], activation, rng=0)
    out, dX = model.forward(X).copy(), model.backward(dY).copy()
    grads = [p.grad.copy() for p in model.parameters()]
    X_checked = model.check_input(X.tolist())  # a list becomes the float64 array forward computes with
    assert X_checked.dtype == np.float64 and np.array_equal(X_checked, X)
    assert np.array_equal(model.forward(X_checked, check=False), out)
    assert np.array_equal(model.backward(dY, check=False), dX)
    assert all(np.array_equal(p.grad, g) for p, g in zip(model.parameters(), grads))


def test_backward_without_the_input_gradient_sets_the_same_parameter_gradients():
    rng = np.random.default_rng(4)
    X, dY = rng.standard_normal((6, 2)), rng.standard_normal((6, 1))
    for model in (mlp([2, 4, 1], rng=0), Dense(2, 1, rng=0), Sequential(Activation("tanh"), Dense(2, 1, rng=0))):
        model.forward(X)
        model.backward(dY)
        grads = [p.grad.copy() for p in model.parameters()]
        model.forward(X)
        assert model.backward(dY, input_grad=False) is None  # the first layer's dL/dX is skipped
        assert all(np.array_equal(p.grad, g) for p, g in zip(model.parameters(), grads))


def test_unchecked_forward_returns_an_overflow_instead_of_raising():
    model = Sequential(Dense(1, 1, rng=0))
    model[0].W.value[...] = 1e200
    X = np.array([[1e200]])  # Z = W X = 1e400: beyond float64
    with pytest.raises(ln.InputError, match="the output overflowed"):
        model.forward(X)
    with np.errstate(over="ignore", invalid="ignore"):
        out = model.forward(X, check=False)
    assert out.shape == (1, 1) and not np.isfinite(out).all()


def test_check_input_names_what_is_wrong():
    with pytest.raises(ln.InputError, match=r"expects X of shape \(N, 3\), got \(2, 4\)"):
        Dense(3, 1, rng=0).check_input(np.ones((2, 4)))


def test_reusing_buffers_nests_and_restores_the_previous_state():
    X = np.random.default_rng(5).standard_normal((4, 3))
    model = mlp([3, 4, 2], rng=0)
    with model.reusing_buffers():
        with model.reusing_buffers():
            inner = model.forward(X)
        outer = model.forward(X)
        assert outer is inner  # still writing into the kept buffer after the inner with ended
        with pytest.raises(ln.InputError):
            with model.reusing_buffers():
                model.forward(np.ones((4, 5)))
        assert model.forward(X) is outer  # an error inside a nested with leaves the outer one as it was
    after = model.forward(X)
    assert after is not outer and model.forward(X) is not after and np.array_equal(after, outer)


def test_layer_outputs_are_every_layers_output_in_order():
    rng = np.random.default_rng(6)
    X = rng.standard_normal((5, 2))
    model = mlp([2, 3, 4, 1], "tanh", rng=0)
    outputs = model.layer_outputs(X)
    assert [A.shape for A in outputs] == [(5, 3), (5, 3), (5, 4), (5, 4), (5, 1)]
    H = X
    for layer, A in zip(model.layers, outputs):
        H = layer.forward(H)
        assert np.array_equal(A, H)
    assert np.array_equal(outputs[-1], model.forward(X))
    assert np.allclose(outputs[1], np.tanh(outputs[0]))  # A1 = g(Z1): the hidden units' values
    model.backward(np.ones((5, 1)))  # a backward after layer_outputs is one after forward
    with pytest.raises(ln.InputError, match=r"expects X of shape \(N, 2\)"):
        model.layer_outputs(np.ones((5, 3)))
    assert len(model.layer_outputs(X, check=False)) == len(model.layers)


@pytest.mark.parametrize("name", ["relu", "elu", "softplus", "sigmoid", "tanh", "identity", "leaky_relu"])
def test_activation_g_and_g_prime_are_the_layers_formulas(name):
    Z = np.linspace(-3, 3, 13).reshape(13, 1)
    layer = Activation(name)
    A = layer.g(Z, **layer.params)
    assert np.array_equal(A, layer.forward(Z))
    dZ = layer.backward(np.ones_like(Z))
    assert np.allclose(layer.g_prime(Z, A, **layer.params), dZ)


# --- skip connections ------------------------------------------------------------------------

def test_residual_gradients_and_output():
    rng = np.random.default_rng(RNG_SEED)
    block = ln.Residual(Activation("relu"), Dense(4, 4, rng=rng))
    block.layers[1].b.value[:] = rng.standard_normal(4)
    X = rng.standard_normal((6, 4))
    X[np.abs(X) < 1e-3] = 0.5  # away from the kink at 0
    W, b = block.layers[1].W.value, block.layers[1].b.value
    assert np.allclose(block(X), X + np.maximum(X, 0) @ W.T + b, rtol=1e-14)  # A = X + W g(X) + b
    errors = check_module_gradients(block, X)
    assert set(errors) == {"Dense1.W", "Dense1.b", "X"}
    assert max(errors.values()) < 1e-7, errors


def test_residual_inside_a_sequential_trains_and_names_its_parameters():
    rng = np.random.default_rng(RNG_SEED)
    model = Sequential(Dense(2, 5, rng=rng), ln.Residual(Activation("tanh"), Dense(5, 5, rng=rng)),
                       ln.Residual(Activation("relu"), Dense(5, 5, rng=rng)), Activation("relu"), Dense(5, 1, rng=rng))
    names = [name for name, _ in model.named_parameters()]
    assert names[2:4] == ["Residual1.Dense1.W", "Residual1.Dense1.b"] and len(names) == 8
    X = rng.uniform(-2, 2, (7, 2))
    errors = check_module_gradients(model, X)
    assert max(errors.values()) < 1e-7, errors
    y = (X[:, 0] > 0).astype(float)
    history = ln.fit(model, ln.BCEWithLogitsLoss(), ln.Adam(model.parameters(), lr=0.01), X, y, epochs=20)
    assert history.train_loss[-1] < history.train_loss[0]
    # fit's buffers are given back: a forward afterwards is the plain one
    assert np.array_equal(model(X), model(X))


def test_residual_refuses_a_branch_that_changes_the_width():
    with pytest.raises(ln.InputError, match="X \\+ F\\(X\\) needs F to keep the width, but F takes d = 3 inputs "
                                            "and gives 2 outputs"):
        ln.Residual(Dense(3, 2))
    with pytest.raises(ln.InputError, match="needs at least one Dense layer"):
        ln.Residual(Activation("relu"))
    with pytest.raises(ln.InputError, match="Residual needs the modules of F"):
        ln.Residual()
    with pytest.raises(ln.InputError, match="^Residual: Sequential expects Module objects"):
        ln.Residual("relu")
    with pytest.raises(ln.UsageError, match="backward called before forward"):
        ln.Residual(Dense(2, 2, rng=0)).backward(np.ones((1, 2)))


def test_mlp_takes_one_activation_per_hidden_layer():
    mixed = mlp([2, 8, 8, 1], ["relu", "tanh"], rng=0)
    assert [layer.name for layer in mixed.layers[1::2]] == ["relu", "tanh"]
    assert [layer.init for layer in mixed.layers[::2]] == ["he", "glorot", "glorot"]  # the activation after it
    one = mlp([2, 8, 8, 1], "tanh", rng=0)
    listed = mlp([2, 8, 8, 1], ["tanh", "tanh"], rng=0)
    assert all(np.array_equal(a, b) for a, b in zip(one.state_dict().values(), listed.state_dict().values()))
    with pytest.raises(ln.errors.InputError, match=r"one name per hidden layer: sizes \[2, 8, 8, 1\] have 2, got 1"):
        mlp([2, 8, 8, 1], ["relu"])
    with pytest.raises(ln.errors.InputError, match=r"activation\[1\]: unknown activation 'swish'"):
        mlp([2, 8, 8, 1], ["relu", "swish"])
    assert mlp([2, 1], "tanh", rng=0).layers[0].init == "glorot" and mlp([2, 1], rng=0).layers[0].init == "he"
