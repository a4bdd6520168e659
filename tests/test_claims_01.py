"""Claims of notebook 01 (linear collapse): each test guards one sentence.

Trained networks are checked over ``SEEDS`` (the seed of the circles and of the initialisation, as
``train_on_circles`` takes it) and over every depth the figures and the explorer offer.
"""
import numpy as np
import pytest
from claims import SEEDS, claim

import lecture_nn as ln
from lecture_nn import plotting
from lecture_nn.activations import sigmoid
from lecture_nn.demos import Explorer
from lecture_nn.demos import linear_collapse as demo
from lecture_nn.demos import playground

SLIDER_DEPTHS = range(1, 7)  # the explorer's "hidden layers" slider
ALL_DEPTHS = range(1, 9)  # the figures go up to 8
_, _, GRID_POINTS = plotting.grid_points(demo.RANGE, demo.RANGE, demo.GRID)


@pytest.fixture(autouse=True)
def small_pictures(monkeypatch):
    """Explorers render a PNG per change; a small one keeps these tests fast (the drawing is the same)."""
    monkeypatch.setattr(Explorer, "dpi", 30)


def random_linear_stack(sizes, rng):
    """An identity-activation mlp with random biases too (mlp starts them at zero)."""
    model = ln.mlp(sizes, activation="identity", rng=rng)
    for layer in model.layers[::2]:
        layer.b.value[:] = rng.standard_normal(layer.b.value.shape)
    return model


def line(depth, seed):
    """The collapsed (w_1, w_2, b) of a trained linear stack, scaled to |w| = 1: its boundary line."""
    W, b = demo.collapse(demo.train_on_circles(depth, "identity", seed)[0])
    return np.r_[W[0], b] / np.linalg.norm(W[0])


def closes_around_inner_circle(model, seed):
    """p(class 1) > 1/2 at every inner-circle point and < 1/2 all along the edge of the plotted square."""
    X, y = demo.circles_data(seed=seed)
    P = sigmoid(model.forward(GRID_POINTS)[:, 0]).reshape(demo.GRID, demo.GRID)
    edge = np.concatenate([P[0], P[-1], P[:, 0], P[:, -1]])
    return edge.max() < 0.5 and sigmoid(model.forward(X[y == 1])[:, 0]).min() > 0.5


def on_the_collapsed_line(segment, depth, seed=0):
    """The drawn contour p = 1/2 (points (n, 2)) lies on the line W x + b = 0 of the collapsed stack.

    The contour is interpolated on the heat-map grid, so it may miss the line by a small fraction of a grid cell.
    """
    W, b = demo.collapse(demo.train_on_circles(depth, "identity", seed)[0])
    distance = np.abs(segment @ W[0] + b[0]) / np.linalg.norm(W[0])
    cell = (demo.RANGE[1] - demo.RANGE[0]) / (demo.GRID - 1)
    return distance.max() < 0.01 * cell and np.ptp(segment, axis=0).max() > 2  # and it crosses the picture


@claim("01", "The same holds for any number of layers, and with biases")
def test_01_stacks_of_any_depth_collapse_with_biases():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((20, 3))
    for depth in range(1, 8):
        sizes = [3] + list(rng.integers(1, 9, depth)) + [2]
        model = random_linear_stack(sizes, rng)
        W, b = demo.collapse(model)
        assert W.shape == (2, 3) and np.abs(model(X) - (X @ W.T + b)).max() < 1e-10, sizes


@claim("01", "the rank of the product is at most the narrowest layer's width")
def test_01_rank_at_most_the_narrowest_width():
    rng = np.random.default_rng(1)
    for _ in range(30):
        sizes = [6] + list(rng.integers(1, 7, rng.integers(1, 4))) + [6]
        W, _ = demo.collapse(random_linear_stack(sizes, rng))
        assert np.linalg.matrix_rank(W) <= min(sizes), sizes


@claim("01", "whatever the training, this network can only produce outputs in a 2-dimensional plane")
def test_01_bottleneck_outputs_lie_in_a_plane():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((200, 5))
    for scale in (0.1, 1.0, 10.0):  # any weights, as training could set them
        model = random_linear_stack([5, 2, 5], rng)
        for p in model.parameters():
            p.value *= scale
        Y = model(X)
        s = np.linalg.svd(Y - Y.mean(axis=0), compute_uv=False)
        assert s[2] < 1e-9 * s[0]  # 2 directions, the other 3 empty


@claim("01", "Depth without nonlinearity never adds expressive power, it can only remove it")
def test_01_a_linear_stack_is_one_dense_layer():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((50, 4))
    for sizes in ([4, 8, 8, 3], [4, 16, 2, 16, 3], [4, 3]):
        model = random_linear_stack(sizes, rng)
        one = ln.Dense(4, 3, rng=0)
        one.W.value[:], one.b.value[:] = demo.collapse(model)
        assert np.abs(model(X) - one(X)).max() < 1e-10  # one Dense(4 -> 3) does the same
        assert np.linalg.matrix_rank(one.W.value) <= min(sizes)


@claim("01", "Trained on circles: always a straight line")
def test_01_trained_linear_stacks_draw_straight_lines():
    for seed in SEEDS:
        for depth in ALL_DEPTHS:
            model, _ = demo.train_on_circles(depth, "identity", seed)
            W, b = demo.collapse(model)  # the logit is W x + b: its level set p = 1/2 is a line
            assert np.abs(model.forward(GRID_POINTS) - (GRID_POINTS @ W.T + b)).max() < 1e-10
            assert np.linalg.norm(W) > 0.1, (depth, seed)


@claim("01", "At every depth a straight line, and the same accuracy, 0.53: about what guessing gives "
             "(0.50, the classes have 100 points each)")
def test_01_linear_depth_figure_accuracy_is_a_guess():
    fig = demo.depth_figure(depths=(1, 2, 4, 8), activation="identity")
    assert [ax.get_title() for ax in fig.axes] == [f"depth {d}: accuracy 0.53" for d in (1, 2, 4, 8)]
    _, y = demo.circles_data(seed=0)
    assert np.bincount(y).tolist() == [100, 100]


@claim("01", "That the four panels even show the same line is this run's outcome, not a law")
def test_01_same_line_in_the_four_panels():
    lines = np.array([line(depth, 0) for depth in (1, 2, 4, 8)])
    assert np.abs(lines - lines[0]).max() < 0.01


@claim("01", "in the explorer below, depth 5 stops on another line (accuracy 0.56)")
def test_01_depth_five_stops_on_another_line():
    ex = demo.CollapseExplorer(depth=5, activation="identity")
    assert ex.ax.get_title().endswith("train accuracy 0.56")
    assert np.abs(line(5, 0) - line(1, 0)).max() > 0.05


@claim("01", "Over depths 1 to 8 and 5 seeds the boundary is always a line, and the accuracy stays between "
             "0.52 and 0.57")
def test_01_linear_accuracy_over_depths_and_seeds():
    accuracies = [demo.train_on_circles(depth, "identity", seed)[1] for seed in SEEDS for depth in ALL_DEPTHS]
    assert 0.52 <= min(accuracies) and max(accuracies) <= 0.57
    for seed in SEEDS:
        for depth in ALL_DEPTHS:
            model, _ = demo.train_on_circles(depth, "identity", seed)
            W, b = demo.collapse(model)
            assert np.abs(model.forward(GRID_POINTS) - (GRID_POINTS @ W.T + b)).max() < 1e-10


@claim("01", "With ReLU every panel closes the boundary around the inner circle, at accuracy 1.00; so it does "
             "at depths 1, 2, 4 and 8 for each of 5 seeds")
def test_01_relu_closes_the_boundary_at_every_depth():
    fig = demo.depth_figure(depths=(1, 2, 4, 8), activation="relu")
    assert [ax.get_title() for ax in fig.axes] == [f"depth {d}: accuracy 1.00" for d in (1, 2, 4, 8)]
    for seed in SEEDS:
        for depth in (1, 2, 4, 8):
            model, acc = demo.train_on_circles(depth, "relu", seed)
            assert acc == 1.0 and closes_around_inner_circle(model, seed), (depth, seed)


@claim("01", "Move the depth slider with activation identity (no nonlinearity): the boundary stays a line")
def test_01_explorer_identity_boundary_stays_a_line():
    ex = demo.CollapseExplorer(depth=1, activation="identity")
    for depth in SLIDER_DEPTHS:
        ex.controls["depth"].value = depth
        segments = ex.boundary.allsegs[0]
        assert len(segments) == 1 and on_the_collapsed_line(segments[0], depth), depth


@claim("01", "a single hidden layer already closes the boundary around the inner circle")
def test_01_one_hidden_layer_closes_the_boundary():
    for activation in ("relu", "tanh"):
        for seed in SEEDS:
            model, _ = demo.train_on_circles(1, activation, seed)
            assert closes_around_inner_circle(model, seed), (activation, seed)


@claim("01", 'With "identity", the train accuracy stays at 0.53 at every depth of the slider but depth 5 (0.56), '
             'close to guessing, and the boundary stays a line')
def test_01_explorer_linear_accuracies():
    ex = demo.CollapseExplorer(depth=1, activation="identity")
    shown = {}
    for depth in SLIDER_DEPTHS:
        ex.controls["depth"].value = depth
        shown[depth] = ex.ax.get_title().rsplit(" ", 1)[1]
        assert on_the_collapsed_line(ex.boundary.allsegs[0][0], depth)
    assert shown == {1: "0.53", 2: "0.53", 3: "0.53", 4: "0.53", 5: "0.56", 6: "0.53"}


@claim("01", "With relu or tanh it reaches 1.00 at every depth from 1 to 6, and so it does for each of 5 seeds")
def test_01_nonlinear_nets_reach_one_at_every_slider_depth():
    ex = demo.CollapseExplorer(depth=1, activation="relu")
    for activation in ("relu", "tanh"):
        ex.controls["activation"].value = activation
        for depth in SLIDER_DEPTHS:
            ex.controls["depth"].value = depth
            assert ex.ax.get_title().endswith("train accuracy 1.00"), (activation, depth)
            for seed in SEEDS:
                assert demo.train_on_circles(depth, activation, seed)[1] == 1.0, (activation, depth, seed)


@claim("01", '`Playground("linear collapse")` trains three hidden layers with $g$ = identity live')
def test_01_playground_preset_is_three_linear_layers():
    settings = playground.PRESETS["linear collapse"].settings
    assert settings["layers"] == 3 and settings["activation"] == "identity"


@claim("01", "A 3 × 10 matrix and 3 biases: 33 numbers, although the network has "
             "10·50+50 + 50·50+50 + 50·3+3 = 3253 parameters")
def test_01_check_yourself_parameter_count():
    model = ln.mlp([10, 50, 50, 3], activation="identity", rng=0)
    assert sum(p.value.size for p in model.parameters()) == 10 * 50 + 50 + 50 * 50 + 50 + 50 * 3 + 3 == 3253
    W, b = demo.collapse(model)
    assert W.shape == (3, 10) and b.shape == (3,) and W.size + b.size == 33


@claim("01", "The product of the weight matrices has rank at most the smallest width in the stack")
def test_01_check_yourself_rank_of_the_product():
    rng = np.random.default_rng(4)
    for sizes in ([5, 1, 5], [5, 3, 8, 5], [2, 8, 8, 8], [8, 8, 2]):
        W, _ = demo.collapse(random_linear_stack(sizes, rng))
        assert np.linalg.matrix_rank(W) == min(sizes), sizes  # random weights reach the bound


@claim("01", "A monotone function of a linear score keeps the boundary where the score crosses its threshold: still a "
           "line (plane)")
def test_01_check_yourself_sigmoid_after_the_last_layer_keeps_the_line():
    rng = np.random.default_rng(5)
    model = random_linear_stack([2, 8, 8, 1], rng)
    W, b = demo.collapse(model)
    score = GRID_POINTS @ W[0] + b[0]
    P = sigmoid(model.forward(GRID_POINTS)[:, 0])
    away = np.abs(score) > 1e-9  # points not on the line itself
    assert np.array_equal(P[away] > 0.5, score[away] > 0)
