"""Notebook 01's demos: the collapse of linear stacks, and the depth/activation explorer."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import lecture_nn as ln
from lecture_nn.demos import linear_collapse as demo


def test_collapse_equals_the_stack_with_biases():
    model = ln.mlp([3, 8, 8, 2], activation="identity", rng=0)
    for layer in model.layers[::2]:
        layer.b.value[:] = np.random.default_rng(1).standard_normal(layer.b.value.shape)
    W, b = demo.collapse(model)
    X = np.random.default_rng(2).standard_normal((6, 3))
    assert W.shape == (2, 3) and b.shape == (2,)
    assert np.allclose(model(X), X @ W.T + b, rtol=1e-12, atol=1e-12)


def test_collapse_rank_is_at_most_the_narrowest_width():
    W, _ = demo.collapse(ln.mlp([5, 2, 5], activation="identity", rng=0))
    assert np.linalg.matrix_rank(W) == 2


def test_collapse_refuses_a_nonlinearity():
    with pytest.raises(ValueError, match=r"Activation\('relu'\) is not linear"):
        demo.collapse(ln.mlp([2, 3, 1], activation="relu", rng=0))


def test_deep_linear_nets_are_no_better_than_one_layer_but_relu_is():
    accuracies = [demo.train_on_circles(depth, "identity")[1] for depth in (1, 3, 6)]
    assert max(accuracies) < 0.7  # a line cannot separate the circles
    assert accuracies[0] == accuracies[1] == accuracies[2]
    assert demo.train_on_circles(1, "relu")[1] > 0.95


def test_depth_figure_draws_one_panel_per_depth():
    fig = demo.depth_figure(depths=(1, 2), activation="identity")
    assert isinstance(fig, Figure)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["depth 1: accuracy 0.53", "depth 2: accuracy 0.53"]


def test_explorer_follows_its_controls():
    ex = demo.CollapseExplorer(depth=2, activation="identity")
    assert "2 hidden layers, activation identity" in ex.ax.get_title()
    linear_picture = ex.image.get_array().copy()
    assert len(ex.out.outputs) == 1 and "image/png" in ex.out.outputs[0]["data"]

    ex.controls["activation"].value = "relu"
    assert "activation relu: train accuracy 1.00" in ex.ax.get_title()
    relu_picture = ex.image.get_array()
    # inside the inner circle the ReLU net is sure of class 1; the linear one is not
    centre = relu_picture[demo.GRID // 2, demo.GRID // 2]
    assert centre > 0.9 and abs(linear_picture[demo.GRID // 2, demo.GRID // 2] - 0.5) < 0.3

    ex.controls["depth"].value = 5
    assert ex.ax.get_title().startswith("5 hidden layers")


def test_explorer_survives_every_control_value():
    ex = demo.CollapseExplorer()
    moves = [(name, value) for name, value, _ in ex.sweep()]
    assert moves == [("depth", 1), ("depth", 6), ("depth", 4), ("depth", 3),
                     ("activation", "relu"), ("activation", "tanh"), ("activation", "identity")]
    assert ex.last_error is None
    assert repr(ex) == "CollapseExplorer(depth=3, activation='identity')"


def test_explorer_calls_the_identity_identity_and_refuses_depths_off_its_slider():
    # one name per concept: the explorer's choices are names of lecture_nn.ACTIVATIONS
    assert demo.ACTIVATION_CHOICES == ("identity", "relu", "tanh")
    assert set(demo.ACTIVATION_CHOICES) <= set(ln.ACTIVATIONS)
    assert demo.CollapseExplorer(activation="Identity").values["activation"] == "identity"
    with pytest.raises(ln.InputError) as error:
        demo.CollapseExplorer(activation="none")
    message = str(error.value)
    assert message.startswith("activation: unknown activation 'none'; for no nonlinearity write 'identity'")
    assert "'identity', 'relu', 'tanh'" in message
    with pytest.raises(ln.InputError, match="activation: unknown activation 'sigmoid'"):
        demo.CollapseExplorer(activation="sigmoid")
    with pytest.raises(ln.InputError, match=r"depth must be an integer in \[1, 6\], got 8"):
        demo.CollapseExplorer(depth=8)
    with pytest.raises(ln.InputError, match="seed must be an integer >= 0"):
        demo.CollapseExplorer(seed=None)
    with pytest.raises(ln.InputError, match="for no nonlinearity write 'identity'"):
        demo.train_on_circles(2, "none")


def test_collapse_refuses_what_has_no_linear_map_instead_of_returning_none_or_nan():
    with pytest.raises(ln.InputError, match="model has no Dense layer"):
        demo.collapse(ln.Sequential(ln.Activation("identity")))
    model = ln.mlp([2, 3, 1], activation="identity", rng=0)
    model[2].W.value[0, 1] = np.nan
    with pytest.raises(ln.InputError, match=r"model has a non-finite weight: Dense2.W = nan at index \(0, 1\)"):
        demo.collapse(model)
    with pytest.raises(ln.InputError, match="model must be a Sequential or Dense instance"):
        demo.collapse("model")
    W, b = demo.collapse(ln.Dense(2, 3, rng=0))  # one layer is its own map
    assert W.shape == (3, 2) and b.shape == (3,)


def test_cached_models_are_handed_out_as_fresh_copies():
    from lecture_nn.demos import linear_collapse as demo

    model, _ = demo.train_on_circles(1, epochs=5)
    before = [p.value.copy() for p in model.parameters()]
    for p in model.parameters():
        p.value[...] = 0.0  # a student experimenting with the returned model
    again, _ = demo.train_on_circles(1, epochs=5)
    assert all(np.array_equal(p.value, b) for p, b in zip(again.parameters(), before))


# --- logistic regression, linear stacks and their twins -----------------------------------------------

def test_logistic_regression_is_the_minimiser_a_long_training_of_one_dense_layer_reaches():
    X, y = demo.circles_data(seed=1)
    w, b = demo.logistic_regression(X, y)
    assert w.shape == (2,) and isinstance(b, float)
    layer = ln.Dense(2, 1, rng=0)
    ln.fit(layer, ln.BCEWithLogitsLoss(), ln.SGD(layer.parameters(), lr=1.0), X, y, epochs=3000)
    assert np.abs(np.r_[layer.W.value[0], layer.b.value] - np.r_[w, b]).max() < 1e-8
    # more dimensions, labels as (N, 1), bools
    rng = np.random.default_rng(0)
    X3 = rng.standard_normal((300, 3))
    y3 = (X3 @ [1.0, -2.0, 0.5] + rng.standard_normal(300) > 0)
    w3, b3 = demo.logistic_regression(X3, y3.reshape(-1, 1))
    assert w3.shape == (3,) and np.allclose(demo.logistic_regression(X3, y3.astype(int))[0], w3)


def test_logistic_regression_refuses_what_has_no_unique_finite_minimiser():
    X, y = demo.circles_data()
    with pytest.raises(ln.InputError, match="no finite minimum"):
        demo.logistic_regression(X ** 2, y)  # the circles on (x_1^2, x_2^2): separable
    with pytest.raises(ln.InputError, match="no finite minimum"):
        demo.logistic_regression(X, np.ones(len(X)))  # one class only
    with pytest.raises(ln.InputError, match="the minimiser is not unique"):
        demo.logistic_regression(np.c_[X, X[:, 0]], y)  # a repeated column
    with pytest.raises(ln.InputError, match="y must hold class labels 0 or 1, got the value 0.5"):
        demo.logistic_regression(X, np.full(len(X), 0.5))
    with pytest.raises(ln.InputError, match="y must hold N = 200 labels"):
        demo.logistic_regression(X, y[:10])
    with pytest.raises(ln.InputError, match=r"X must be a 2-D array"):
        demo.logistic_regression(X[:, 0], y)
    with pytest.raises(ln.InputError, match="X has values up to 1e\\+07"):
        demo.logistic_regression(X * 1e7 / np.abs(X).max(), y)


def test_train_linear_stack_records_the_collapsed_map_of_every_step():
    model, path = demo.train_linear_stack(3, steps=20)
    assert path.shape == (21, 3)
    start = ln.mlp([2, 16, 16, 16, 1], activation="identity", rng=0)
    W0, b0 = demo.collapse(start)
    assert np.array_equal(path[0], np.r_[W0[0], b0])
    W, b = demo.collapse(model)
    assert np.array_equal(path[-1], np.r_[W[0], b])
    again, _ = demo.train_linear_stack(3, steps=10)  # the first steps of the same run
    W10, b10 = demo.collapse(again)
    assert np.allclose(path[10], np.r_[W10[0], b10], rtol=0, atol=1e-14)


def test_train_linear_stack_hands_out_fresh_copies_and_refuses_too_much_work():
    model, path = demo.train_linear_stack(1, steps=5)
    model[0].W.value[...] = 0.0
    path[...] = np.nan
    again, path_again = demo.train_linear_stack(1, steps=5)
    assert np.abs(again[0].W.value).max() > 0 and np.isfinite(path_again).all()
    with pytest.raises(ln.InputError, match="depth x steps must be at most 100,000"):
        demo.train_linear_stack(50, steps=5000)
    with pytest.raises(ln.InputError, match=r"depth must be an integer in \[1, 50\], got 0"):
        demo.train_linear_stack(0)


def test_rescaled_keeps_the_function_and_refuses_what_it_cannot_rescale():
    model, _ = demo.train_linear_stack(2, steps=5)
    X = demo.circles_data()[0]
    for c in (-1, 2.5, 1e-3, -1e3):
        twin = demo.rescaled(model, c)
        assert np.allclose(twin(X), model(X), rtol=1e-10, atol=1e-12)
        assert twin is not model and np.allclose(twin[0].W.value, c * model[0].W.value)
    assert np.allclose(demo.rescaled(model, 2.0)[2].W.value, model[2].W.value / 2)
    with pytest.raises(ln.InputError, match="c = 0 would erase the first layer"):
        demo.rescaled(model, 0)
    with pytest.raises(ln.InputError, match=r"c must be a number in \[-1000, 1000\]"):
        demo.rescaled(model, 1e4)
    with pytest.raises(ln.InputError, match="is not linear"):
        demo.rescaled(ln.mlp([2, 3, 1], activation="relu", rng=0), 2)
    with pytest.raises(ln.InputError, match="at least two Dense layers"):
        demo.rescaled(ln.Sequential(ln.Dense(2, 1, rng=0)), 2)


def test_along_line_interpolates_every_weight():
    model, _ = demo.train_linear_stack(2, steps=5)
    twin = demo.rescaled(model, -1)
    L, maps = demo.along_line(model, twin, [0.0, 0.5, 1.0])
    assert L.shape == (3,) and maps.shape == (3, 3)
    W, b = demo.collapse(model)
    assert np.allclose(maps[0], np.r_[W[0], b]) and np.allclose(maps[2], maps[0])
    left = model[4].W.value @ model[2].b.value + model[4].b.value  # only b_2 (through W_3) and b_3 are left
    assert np.allclose(maps[1][:2], 0) and np.isclose(maps[1][2], left[0])
    assert np.isclose(L[1], demo.effective_loss(maps[1]))
    L0, _ = demo.along_line(model, twin, 0.0)  # a single t
    assert L0.shape == (1,) and np.isclose(L0[0], L[0])
    with pytest.raises(ln.InputError, match="same layer shapes"):
        demo.along_line(model, demo.train_linear_stack(3, steps=5)[0], [0.5])
    with pytest.raises(ln.InputError, match=r"t must lie in \[-100, 100\]"):
        demo.along_line(model, twin, [1e3])
    with pytest.raises(ln.InputError, match="d = 2 inputs"):
        demo.along_line(ln.mlp([3, 2, 1], activation="identity", rng=0),
                        ln.mlp([3, 2, 1], activation="identity", rng=1), [0.5])


def test_effective_loss_is_the_loss_of_one_dense_layer():
    X, y = demo.circles_data(seed=2)
    layer = ln.Dense(2, 1, rng=3)
    expected = ln.BCEWithLogitsLoss().forward(layer(X), y)
    row = np.r_[layer.W.value[0], layer.b.value]
    assert np.isclose(demo.effective_loss(row, seed=2), expected, rtol=1e-13)
    assert demo.effective_loss(np.stack([row, row]), seed=2).shape == (2,)
    with pytest.raises(ln.InputError, match=r"shape \(3,\) or \(n, 3\), got shape \(2,\)"):
        demo.effective_loss([1.0, 2.0])
    with pytest.raises(ln.InputError, match="at most 1e4"):
        demo.effective_loss([1e5, 0, 0])


def test_nonconvex_line_figure_draws_both_lines_and_the_convex_curve():
    fig = demo.nonconvex_line_figure(depth=2)
    left, right = fig.axes
    assert left.get_title() == "2 hidden layers: along a line in parameter space"
    assert right.get_title().endswith(": convex")
    orange, blue = left.lines[:2]
    assert orange.get_ydata()[60] > orange.get_ydata()[20]  # t = 0.5 above t = 0
    assert len(right.lines) == 3
    with pytest.raises(ln.InputError, match=r"c must be a number in \[1.5, 10\]"):
        demo.nonconvex_line_figure(c=1.0)


# --- the effective-weights explorer -------------------------------------------------------------------

@pytest.fixture(scope="module")
def weights_explorer():
    return demo.EffectiveWeightsExplorer(depth=3, step=0)


def test_effective_weights_explorer_shows_the_rows_up_to_its_depth(weights_explorer):
    ex = weights_explorer
    values = ex.image.get_array()
    assert values.shape == (9, 3)
    assert np.allclose(values[:3], ex.paths[:3, 0]) and values.mask[3:8].all()
    assert np.allclose(values[8], ex.minimiser)
    texts = [[cell.get_text() for cell in row] for row in ex.cells]
    assert texts[2] == [f"{v:.4f}" for v in ex.paths[2, 0]] and texts[0] == ["", "", ""]
    assert texts[8] == [f"{v:.4f}" for v in ex.minimiser]
    ex.controls["step"].value = 500
    ex.controls["depth"].value = 8
    assert [cell.get_text() for cell in ex.cells[7]] == [cell.get_text() for cell in ex.cells[8]]
    assert ex.ax.get_title() == "collapsed (W, b) after 500 steps, depths 1 to 8"
    assert ex.curves[7].get_linewidth() == 2.5 and all(c.get_visible() for c in ex.curves)
    assert list(ex.marker.get_xdata()) == [500, 500]
    assert len(ex.out.outputs) == 1 and "image/png" in ex.out.outputs[0]["data"]
    ex.controls["depth"].value, ex.controls["step"].value = 3, 0


def test_effective_weights_explorer_survives_every_control_value(weights_explorer):
    moves = [(name, value) for name, value, _ in weights_explorer.sweep()]
    assert moves[:3] == [("depth", 1), ("depth", 8), ("depth", 4)]
    assert [value for name, value in moves if name == "step"][:3] == [1, 2, 3]
    assert weights_explorer.last_error is None
    assert repr(weights_explorer) == "EffectiveWeightsExplorer(depth=3, step=0)"


def test_effective_weights_explorer_refuses_values_off_its_controls():
    with pytest.raises(ln.InputError, match=r"depth must be an integer in \[1, 8\], got 9"):
        demo.EffectiveWeightsExplorer(depth=9)
    with pytest.raises(ln.InputError, match="step"):
        demo.EffectiveWeightsExplorer(step=4)  # not a stop of the slider
    with pytest.raises(ln.InputError, match="seed must be an integer >= 0"):
        demo.EffectiveWeightsExplorer(seed=-1)


def test_explorers_list():
    assert demo.EXPLORERS == [demo.CollapseExplorer, demo.EffectiveWeightsExplorer]
