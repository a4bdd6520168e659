"""Loss landscapes: filter normalization, the batched grid against the plain loop, the centre
of the grid, interpolation and trajectory projection."""

import numpy as np
import pytest

import lecture_nn as ln
from lecture_nn import landscape


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
