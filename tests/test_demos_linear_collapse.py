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
