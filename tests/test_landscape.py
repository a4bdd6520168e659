"""Loss landscapes: filter normalization, the batched grid against the plain loop, the centre
of the grid, interpolation and trajectory projection."""

import numpy as np
import pytest

import lecture_nn as ln
from lecture_nn import landscape
from lecture_nn.errors import InputError


@pytest.fixture(scope="module")
def trained():
    X, y = ln.moons(200, rng=0)
    model = ln.mlp([2, 16, 16, 1], rng=0)
    theta0 = landscape.parameter_vector(model)
    loss_fn = ln.BCEWithLogitsLoss()
    ln.fit(model, loss_fn, ln.Adam(model.parameters(), lr=0.02), X, y, epochs=100, rng=0)
    return model, loss_fn, X, y, theta0


def test_filter_normalization_matches_each_row_norm(trained):
    model = trained[0]
    direction = landscape.random_direction(model, rng=1, normalization="filter")
    for p, d in zip(model.parameters(), direction):
        assert d.shape == p.value.shape
        if p.value.ndim == 2:
            assert np.allclose(np.linalg.norm(d, axis=1), np.linalg.norm(p.value, axis=1), rtol=1e-12)
        else:
            assert np.all(d == 0)  # biases are not perturbed


def test_layer_and_no_normalization(trained):
    model = trained[0]
    layer = landscape.random_direction(model, rng=1, normalization="layer")
    W = model.parameters()[2].value
    assert np.linalg.norm(layer[2]) == pytest.approx(np.linalg.norm(W), rel=1e-12)
    raw = landscape.random_direction(model, rng=1, normalization="none", perturb_biases=True)
    assert np.all(raw[1] != 0) and abs(np.std(np.concatenate([d.ravel() for d in raw])) - 1) < 0.1
    with pytest.raises(ValueError, match="unknown normalization 'filters'"):
        landscape.random_direction(model, normalization="filters")


def test_batched_grid_equals_the_loop(trained):
    model, loss_fn, X, y, _ = trained
    directions = (landscape.random_direction(model, rng=1), landscape.random_direction(model, rng=2))
    alphas, betas = np.linspace(-1, 1, 7), np.linspace(-0.5, 1.5, 5)
    before = landscape.parameter_vector(model)
    for chunk in (1, 3, 8):
        grid = landscape.loss_grid(model, loss_fn, X, y, directions, alphas, betas, chunk=chunk)
        assert grid.shape == (5, 7)
        reference = landscape.loss_grid_loop(model, loss_fn, X, y, directions, alphas, betas)
        assert np.allclose(grid, reference, rtol=1e-12, atol=1e-12)
    assert np.array_equal(landscape.parameter_vector(model), before)  # untouched


def test_grid_centre_is_the_loss_at_the_optimum(trained):
    model, loss_fn, X, y, _ = trained
    directions = (landscape.random_direction(model, rng=3), landscape.random_direction(model, rng=4))
    axis = np.linspace(-1, 1, 11)
    grid = landscape.loss_grid(model, loss_fn, X, y, directions, axis, axis)
    assert grid[5, 5] == pytest.approx(loss_fn.forward(model(X), y), rel=1e-12)
    assert grid[5, 5] <= grid.min() + 1e-3  # a trained minimum sits at (or very near) the bottom


def test_interpolation_runs_from_the_start_to_the_optimum(trained):
    model, loss_fn, X, y, theta0 = trained
    losses = landscape.interpolate(model, loss_fn, X, y, theta0, [0.0, 0.5, 1.0])
    start = ln.mlp([2, 16, 16, 1], rng=0)
    assert losses[0] == pytest.approx(loss_fn.forward(start(X), y), rel=1e-12)
    assert losses[2] == pytest.approx(loss_fn.forward(model(X), y), rel=1e-12)


def test_projection_recovers_points_in_the_plane(trained):
    model = trained[0]
    directions = (landscape.random_direction(model, rng=5), landscape.random_direction(model, rng=6))
    theta_star = landscape.parameter_vector(model)
    d, e = (np.concatenate([a.ravel() for a in direction]) for direction in directions)
    coords = np.array([[0.0, 0.0], [0.3, -0.2], [-1.0, 0.5]])
    path = theta_star + coords[:, :1] * d + coords[:, 1:] * e
    assert np.allclose(landscape.project_trajectory(path, theta_star, directions), coords, atol=1e-10)


def test_only_dense_and_activation_stacks(trained):
    model, loss_fn, X, y, _ = trained
    with pytest.raises(ValueError, match="Sequential of Dense and Activation"):
        landscape.loss_grid(ln.Dense(2, 1), loss_fn, X, y, ([], []), [0.0], [0.0])


# --- odd input: a clear error naming the argument, never a silent answer -------------------------

@pytest.fixture
def small():
    X = np.random.default_rng(0).standard_normal((8, 2))
    model = ln.mlp([2, 4, 1], rng=0)
    return model, ln.BCEWithLogitsLoss(), X, (X[:, 0] > 0).astype(float)


def test_loss_grid_refuses_a_chunk_below_one(small):
    model, loss_fn, X, y = small
    directions = (landscape.random_direction(model, rng=1), landscape.random_direction(model, rng=2))
    for chunk, got in ((-1, "got -1"), (0, "got 0"), (2.0, r"\(write 2, not 2.0\)")):  # -1 returned np.empty's memory
        with pytest.raises(InputError, match=rf"loss_grid: chunk must be an integer in \[1, 256\].*{got}"):
            landscape.loss_grid(model, loss_fn, X, y, directions, [0.0, 1.0], [0.0], chunk=chunk)


def test_loss_grid_needs_two_directions_of_this_model(small):
    model, loss_fn, X, y = small
    one = landscape.random_direction(model, rng=1)
    with pytest.raises(InputError, match=r"directions must be a pair \(delta, eta\) of two directions.*"
                                         r"got a list of 4 arrays \(that looks like one direction\)"):
        landscape.loss_grid(model, loss_fn, X, y, one, [0.0], [0.0])
    other = landscape.random_direction(ln.mlp([2, 3, 1], rng=0), rng=2)
    with pytest.raises(InputError, match=r"directions\[1\]\[0\] must have the shape \(4, 2\) of the model's "
                                         r"Dense1.W, got \(3, 2\); was the direction made for another model\?"):
        landscape.loss_grid(model, loss_fn, X, y, (one, other), [0.0], [0.0])


def test_loss_grid_axes_are_one_dimensional_and_finite(small):
    model, loss_fn, X, y = small
    directions = (landscape.random_direction(model, rng=1), landscape.random_direction(model, rng=2))
    with pytest.raises(InputError, match=r"loss_grid: alphas must be a 1-D array, got shape \(2, 2\)"):
        landscape.loss_grid(model, loss_fn, X, y, directions, np.zeros((2, 2)), [0.0])
    with pytest.raises(InputError, match=r"loss_grid: betas has a non-finite value: nan"):
        landscape.loss_grid(model, loss_fn, X, y, directions, [0.0], [np.nan])
    with pytest.raises(InputError, match=r"alphas must be a 1-D list of numbers, got the single value 0.5; "
                                         r"write \[0.5\]"):
        landscape.loss_grid_loop(model, loss_fn, X, y, directions, 0.5, [0.0])
    with pytest.raises(InputError, match=r"the loss is nan at alpha = 1e\+300, beta = 0"):
        landscape.loss_grid(model, loss_fn, X, y, directions, [0.0, 1e300], [0.0])
    assert np.array_equal(landscape.parameter_vector(model), landscape.parameter_vector(ln.mlp([2, 4, 1], rng=0)))


def test_normalization_names_ignore_case_and_suggest(small):
    model = small[0]
    upper = landscape.random_direction(model, rng=1, normalization="Filter")
    lower = landscape.random_direction(model, rng=1, normalization="filter")
    assert all(np.array_equal(a, b) for a, b in zip(upper, lower))
    with pytest.raises(InputError, match=r"unknown normalization 'filtr'.*Did you mean 'filter'\?"):
        landscape.random_direction(model, normalization="filtr")
    with pytest.raises(InputError, match=r"perturb_biases must be True or False, got the string 'yes'"):
        landscape.random_direction(model, perturb_biases="yes")


def test_interpolate_checks_before_it_moves_the_model(small):
    model, loss_fn, X, y = small
    theta = landscape.parameter_vector(model)
    with pytest.raises(InputError, match=r"interpolate: theta_start must be a flat vector of the model's P = 17 "
                                         r"parameters \(parameter_vector\(model\) gives one\), got shape \(16,\)"):
        landscape.interpolate(model, loss_fn, X, y, theta[:-1], [0.0, 1.0])
    with pytest.raises(InputError, match=r"interpolate: ts has a non-finite value: nan"):
        landscape.interpolate(model, loss_fn, X, y, theta, [0.0, np.nan])
    with pytest.raises(InputError, match=r"interpolate: y does not fit loss_fn = BCEWithLogitsLoss\(\)"):
        landscape.interpolate(model, loss_fn, X, y[:5], theta, [0.0])
    assert np.array_equal(landscape.parameter_vector(model), theta)


def test_projection_needs_a_plane(small):
    model = small[0]
    delta = landscape.random_direction(model, rng=1)
    theta = landscape.parameter_vector(model)
    with pytest.raises(InputError, match=r"directions must span a plane, got two parallel"):
        landscape.project_trajectory(theta[None, :], theta, (delta, [2 * d for d in delta]))
    with pytest.raises(InputError, match=r"path must hold flat parameter vectors \(K, P\) with P = 17"):
        landscape.project_trajectory(np.zeros((3, 16)), theta, (delta, delta))


def test_flatten_and_unflatten_are_inverses_in_the_order_of_the_parameters():
    model = ln.mlp([2, 3, 1], rng=0)
    direction = landscape.random_direction(model, rng=1)
    flat = landscape.flatten(direction)
    # W1 (3, 2) row by row, b1 (3,), W2 (1, 3), b2 (1,): P = 6 + 3 + 3 + 1
    assert flat.shape == (13,)
    assert np.array_equal(flat[:6], direction[0].ravel()) and np.array_equal(flat[9:12], direction[2].ravel())
    back = landscape.unflatten(flat, model)
    assert [a.shape for a in back] == [p.value.shape for p in model.parameters()]
    assert all(np.array_equal(a, d) for a, d in zip(back, direction))
    assert np.array_equal(landscape.parameter_vector(model), landscape.flatten([p.value for p in model.parameters()]))


@pytest.mark.parametrize("call, message", [
    (lambda m: landscape.flatten(np.ones(3)), r"flatten: arrays must be a list of arrays"),
    (lambda m: landscape.flatten([np.ones(2), ["a"]]), r"flatten: arrays\[1\] must be an array of real numbers"),
    (lambda m: landscape.unflatten(np.ones(12), m), r"unflatten: vector must be a flat vector of the model's "
                                                    r"P = 13 parameters, got shape \(12,\)"),
    (lambda m: landscape.unflatten(np.ones(13), "model"), r"unflatten: model must be a model"),
])
def test_flatten_and_unflatten_refuse_what_does_not_fit(call, message):
    with pytest.raises(ln.InputError, match=message):
        call(ln.mlp([2, 3, 1], rng=0))


# --- residual blocks and rescaling ------------------------------------------------------------------

def _residual_net(rng):
    return ln.Sequential(ln.Dense(2, 5, rng=rng), ln.Residual(ln.Activation("relu"), ln.Dense(5, 5, rng=rng)),
                         ln.Residual(ln.Activation("tanh"), ln.Dense(5, 3, rng=rng), ln.Activation("relu"),
                                     ln.Dense(3, 5, rng=rng)),
                         ln.Activation("relu"), ln.Dense(5, 1, rng=rng))


def test_batched_grid_of_a_residual_net_equals_the_loop():
    rng = np.random.default_rng(0)
    model = _residual_net(rng)
    X = rng.standard_normal((40, 2))
    y = (X[:, 0] > 0).astype(float)
    directions = (landscape.random_direction(model, rng, perturb_biases=True), landscape.random_direction(model, rng))
    axis = np.linspace(-1, 1, 7)
    for chunk in (1, 3, 49):
        fast = landscape.loss_grid(model, ln.BCEWithLogitsLoss(), X, y, directions, axis, axis, chunk=chunk)
        slow = landscape.loss_grid_loop(model, ln.BCEWithLogitsLoss(), X, y, directions, axis, axis)
        np.testing.assert_allclose(fast, slow, rtol=1e-12)
    before = [p.value.copy() for p in model.parameters()]
    landscape.loss_grid(model, ln.BCEWithLogitsLoss(), X, y, directions, axis, axis)
    for p, b in zip(model.parameters(), before):  # the model's own parameters are left alone
        np.testing.assert_array_equal(p.value, b)


def test_a_residual_block_first_is_refused_by_name():
    rng = np.random.default_rng(0)
    model = ln.Sequential(ln.Residual(ln.Activation("relu"), ln.Dense(2, 2, rng=rng)), ln.Dense(2, 1, rng=rng))
    X = rng.standard_normal((5, 2))
    with pytest.raises(InputError, match="Residual blocks of them after the first Dense"):
        landscape.loss_grid(model, ln.BCEWithLogitsLoss(), X, (X[:, 0] > 0) * 1.0, ([], []), [0.0], [0.0])


def test_rescaled_keeps_the_function_of_relu_and_linear_nets():
    X = np.random.default_rng(1).standard_normal((30, 2))
    for activation, c in (("relu", 10.0), ("relu", 0.01), ("leaky_relu", 3.0), ("identity", -2.0)):
        model = ln.mlp([2, 8, 8, 1], activation, rng=2)
        twin = landscape.rescaled(model, c)
        np.testing.assert_allclose(twin(X), model(X), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(twin[0].W.value, c * model[0].W.value)
        assert twin is not model and model[0].W.value is not twin[0].W.value


@pytest.mark.parametrize("activation, c, match", [
    ("tanh", 2.0, "g\\(c z\\) = c g\\(z\\)"), ("sigmoid", 2.0, "g\\(c z\\) = c g\\(z\\)"),
    ("relu", -1.0, "with c = -1"), ("relu", 0.0, "c = 0 would erase"), ("relu", 1e4, "c"),
])
def test_rescaled_refuses_what_would_change_the_function(activation, c, match):
    model = ln.mlp([2, 4, 4, 1], activation, rng=0)
    with pytest.raises(InputError, match=match):
        landscape.rescaled(model, c)


def test_rescaled_refuses_a_model_without_two_dense_layers():
    for model in (ln.Dense(2, 1), ln.mlp([2, 1]), "mlp"):
        with pytest.raises(InputError, match="rescaled: model"):
            landscape.rescaled(model, 2.0)
