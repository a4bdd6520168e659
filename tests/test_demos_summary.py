"""Notebook 08's demos: learned features, memorization of random labels, extrapolation, no free lunch."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import lecture_nn as ln
from lecture_nn.demos import summary as demo


# --- features -------------------------------------------------------------------------------------

def test_the_features_are_learned_on_notebook_01s_circles():
    from lecture_nn.demos import linear_collapse
    # one dataset, one name: the summary's circles are notebook 01's (feature_data is the older name)
    assert demo.circles_data is linear_collapse.circles_data and demo.feature_data is demo.circles_data
    X, y = demo.circles_data()
    X1, y1 = linear_collapse.circles_data(seed=0)
    np.testing.assert_array_equal(X, X1)
    np.testing.assert_array_equal(y, y1)
    radius = np.linalg.norm(X, axis=1)
    assert radius[y == 1].max() < radius[y == 0].min()  # inner circle = class 1 (noise 0.08, factor 0.45)


def test_the_output_is_a_linear_model_on_the_last_hidden_layer():
    model, acc = demo.train_feature_net()
    X, y = demo.circles_data()
    A = demo.hidden_features(model, X)
    w, b = model.layers[-1].W.value[0], model.layers[-1].b.value[0]
    assert A.shape == (200, 2)
    assert np.allclose(model(X)[:, 0], A @ w + b, rtol=1e-12, atol=1e-12)
    assert acc == 1.0
    assert np.all((2 * y - 1) * (A @ w + b) > 0)  # linearly separable in feature space


def test_a_line_fails_on_x_and_succeeds_on_the_features():
    model, _ = demo.train_feature_net()
    X, y = demo.feature_data()
    assert demo.linear_accuracy(X, y) < 0.7
    assert demo.linear_accuracy(demo.hidden_features(model, X), y) == 1.0


def test_best_line_accuracy_is_exact_against_a_brute_force_search():
    rng = np.random.default_rng(1)
    for _ in range(5):
        P, labels = rng.standard_normal((10, 2)), rng.integers(0, 2, 10)
        best = 0.0
        for theta in np.linspace(0, 2 * np.pi, 20000, endpoint=False):  # fine enough for 10 points
            p = P @ np.array([np.cos(theta), np.sin(theta)])
            for c in np.concatenate([[-np.inf], np.sort(p)]):
                best = max(best, np.mean((p > c) == labels))
        assert demo.best_line_accuracy(P, labels) == best
    X, y = demo.feature_data()
    assert demo.best_line_accuracy(X, y) == 0.7  # the circles: a cap of the outer ring at best
    assert demo.best_line_accuracy(np.array([[0.0, 0], [1, 0], [2, 0], [3, 0]]), np.array([0, 0, 1, 1])) == 1.0


def test_feature_space_figure_has_three_panels():
    fig = demo.feature_space_figure()
    assert isinstance(fig, Figure) and len(fig.axes) == 3
    assert "train accuracy 1.00" in fig.axes[0].get_title()
    assert "feature space" in fig.axes[1].get_title()
    # one histogram per class on the score panel
    assert len(fig.axes[2].containers) == 2


# --- memorization ---------------------------------------------------------------------------------

def test_randomized_labels_are_nested_coin_flips():
    y = demo.rule_labels(demo.training_inputs())
    assert np.array_equal(demo.randomized_labels(y, 0.0), y)
    changed = {}
    for fraction in (0.25, 0.5, 1.0):
        y_random = demo.randomized_labels(y, fraction)
        assert set(np.unique(y_random)) <= {0, 1}
        changed[fraction] = set(np.flatnonzero(y_random != y))
    assert changed[0.25] <= changed[0.5] <= changed[1.0]
    assert 0.35 < len(changed[1.0]) / len(y) < 0.65  # a coin flip is wrong half the time
    with pytest.raises(ValueError, match="fraction of randomized labels must be a number in \\[0, 1\\], got 1.5"):
        demo.randomized_labels(y, 1.5)


def test_rule_labels_follow_the_wave():
    X = np.array([[0.5, 0.6], [0.5, 0.4], [-0.5, -0.4], [-0.5, -0.6]])  # wave at +0.5 and -0.5
    assert demo.rule_labels(X).tolist() == [1, 0, 1, 0]


def test_the_net_memorizes_random_labels_but_only_generalizes_the_rule():
    true, random = demo.train_on_labels(0.0), demo.train_on_labels(1.0)
    assert true["train_accuracy"] == 1.0 and random["train_accuracy"] == 1.0
    assert true["test_accuracy"] > 0.95
    assert abs(random["test_accuracy"] - 0.5) < 0.1
    assert true["model"].n_params == 4417


def test_memorization_figure_titles_show_the_accuracies():
    fig = demo.memorization_figure(fractions=(0.0, 1.0))
    titles = [ax.get_title() for ax in fig.axes]
    assert len(titles) == 2
    assert titles[0].startswith("true labels\ntrain accuracy 1.00")
    assert titles[1].startswith("100% labels random\ntrain accuracy 1.00")


def test_explorer_follows_its_slider_and_survives_every_value():
    ex = demo.RandomLabelsExplorer()
    assert ex.ax.get_title().startswith("100 % random labels")
    assert len(ex.out.outputs) == 1 and "image/png" in ex.out.outputs[0]["data"]
    run = demo.train_on_labels(1.0)
    wrong = np.sum(run["y_train"] != ex.truth)
    assert f"({wrong} of 100 wrong)" in ex.ax.get_title()
    assert len(ex.wrong.get_offsets()) == wrong
    # the heat map is the trained net's p(class 1) on the grid
    _, _, points = ln.plotting.grid_points(demo.RANGE_2D, demo.RANGE_2D, demo.GRID)
    expected = 1 / (1 + np.exp(-run["model"](points)[:, 0]))
    assert np.allclose(ex.map.image.get_array(), expected.reshape(demo.GRID, demo.GRID))
    random_picture = ex.map.image.get_array().copy()

    ex.controls["percent"].value = 0
    assert ex.ax.get_title().startswith("0 % random labels (0 of 100 wrong):\ntrain accuracy 1.00")
    assert len(ex.wrong.get_offsets()) == 0
    assert list(ex.cursor.get_xdata()) == [0, 0]
    assert sum(len(s.get_offsets()) for s in ex.points) == 100
    assert not np.allclose(ex.map.image.get_array(), random_picture)
    assert len(ex.out.outputs) == 1

    ex.controls["percent"].value = 30  # not a slider position: snaps to the nearest trained net
    assert ex.last_error is None and ex.ax.get_title().startswith("25 % random labels")

    # every reachable value (one explorer only: building one trains five nets)
    ex.controls["percent"].value = 100
    moves = list(ex.sweep())
    assert [value for _, value, _ in moves] == [0, 100, 50, 100]
    assert ex.last_error is None
    assert repr(ex) == "RandomLabelsExplorer(percent=100)"


# --- extrapolation -------------------------------------------------------------------------------

def test_relu_extrapolates_linearly_and_tanh_levels_off():
    relu, tanh = demo.fit_sin("relu"), demo.fit_sin("tanh")
    x = np.linspace(-1, 1, 201)[:, None]
    for net in (relu, tanh):
        assert np.mean((net(x) - np.sin(np.pi * x)) ** 2) < 1e-3  # a good fit where the data are
    far = np.linspace(6, 10, 50)[:, None]
    assert np.allclose(np.diff(relu(far)[:, 0], 2), 0, atol=1e-9)  # a straight line
    assert abs(relu(far)[-1, 0] - relu(far)[0, 0]) > 0.5  # ... that keeps going
    assert abs(tanh(far)[-1, 0] - tanh(far)[0, 0]) < 0.05  # flat


def test_extrapolation_figure_draws_both_nets_in_both_panels():
    fig = demo.extrapolation_figure()
    assert len(fig.axes) == 2
    for ax in fig.axes:
        labels = [line.get_label() for line in ax.get_lines()]
        assert "relu net" in labels and "tanh net" in labels
    assert fig.axes[0].get_xlim() == (-3.0, 3.0)


# --- no free lunch -------------------------------------------------------------------------------

def test_the_cube_and_its_targets():
    targets = demo.all_targets()
    assert targets.shape == (256, 8) and len({tuple(t) for t in targets}) == 256
    assert sorted(demo.TRAIN.tolist() + demo.TEST.tolist()) == list(range(8))
    simple = demo.linearly_separable(targets)
    assert simple.sum() == 104  # the number of threshold functions of 3 variables
    assert simple[0] and simple[255]  # the constants
    parity = (np.prod(demo.CUBE, axis=1) > 0).astype(int)
    assert not demo.linearly_separable(parity[None, :])[0]


@pytest.mark.parametrize("learner", demo.LEARNERS)
def test_every_learner_averages_exactly_one_half_over_all_targets(learner):
    targets = demo.all_targets()
    pred = demo.nfl_predictions(learner)
    assert pred.shape == (256, 4)
    accuracy = (pred == targets[:, demo.TEST]).mean(axis=1)
    assert accuracy.mean() == 0.5


def test_what_the_mlp_gains_on_simple_targets_the_contrarian_loses():
    targets = demo.all_targets()
    simple = demo.linearly_separable(targets)
    mlp, anti = demo.nfl_predictions("mlp"), demo.nfl_predictions("anti-mlp")
    assert np.array_equal(anti, 1 - mlp)
    acc = (mlp == targets[:, demo.TEST]).mean(axis=1)
    assert acc[simple].mean() > 0.6


def test_nearest_neighbour_vote_by_hand():
    # every unseen corner has 3 seen neighbours at Hamming distance 1
    y_seen = np.zeros(4, dtype=int)
    y_seen[0] = 1  # one seen corner labelled 1: no unseen corner has 2 such neighbours
    assert demo._learner_predictions("3-nn", y_seen).tolist() == [0, 0, 0, 0]
    assert demo._learner_predictions("3-nn", np.ones(4, dtype=int)).tolist() == [1, 1, 1, 1]
    with pytest.raises(ValueError, match="unknown learner"):
        demo.nfl_predictions("oracle")


# --- what a student types: refused by name, never changed silently -----------------------------------

def test_random_labels_explorer_refuses_a_percentage_it_has_no_net_for():
    # percent=30 once drew the 25 % net while the slider said 30
    with pytest.raises(ln.InputError, match=r"percent must be one of 0, 25, 50, 75, 100 \(one trained net each\), "
                                            r"got 30; did you mean 25\?"):
        demo.RandomLabelsExplorer(percent=30)
    with pytest.raises(ln.InputError, match=r"percent must be an integer in \[0, 100\], got 130"):
        demo.RandomLabelsExplorer(percent=130)
    with pytest.raises(ln.InputError, match=r"seed must be an integer >= 0, got -1"):
        demo.RandomLabelsExplorer(seed=-1)


def test_labels_must_be_zero_or_one():
    y = np.array([0, 1, 2, 1])
    with pytest.raises(ln.InputError, match="randomized_labels: y must hold class labels 0 or 1, got the value 2"):
        demo.randomized_labels(y, 0.5)  # the coin flips are 0/1: a third class would vanish silently
    with pytest.raises(ln.InputError, match="best_line_accuracy: y must hold class labels 0 or 1, got the value 2"):
        demo.best_line_accuracy(np.zeros((4, 2)), y)
    with pytest.raises(ln.InputError, match="linear_accuracy: y must hold N = 4 labels, one per row of features, "
                                            "got 3"):
        demo.linear_accuracy(np.zeros((4, 2)), [0, 1, 0])


def test_best_line_accuracy_is_exact_for_huge_coordinates_and_refuses_too_many_points():
    P = np.array([[0.0, 0], [1, 0], [2, 0], [3, 0]])
    y = np.array([0, 0, 1, 1])
    assert demo.best_line_accuracy(P * 1e300, y) == demo.best_line_accuracy(P, y) == 1.0  # differences overflowed
    with pytest.raises(ln.InputError, match="X must hold 2 to 300 points .* got N = 400"):
        demo.best_line_accuracy(np.zeros((400, 2)), np.zeros(400))


def test_name_lookups_ignore_case_and_suggest():
    assert demo.nfl_predictions("Always 1").shape == (256, 4)
    with pytest.raises(ln.InputError, match=r"learner: unknown learner '3nn'; .*Did you mean '3-nn'\?"):
        demo.nfl_predictions("3nn")
    demo.fit_sin("ReLU", epochs=5)
    fits = len(demo._sin_fits)
    demo.fit_sin("relu", epochs=5)
    assert len(demo._sin_fits) == fits  # one cache entry per net
    with pytest.raises(ln.InputError, match=r"targets must have shape \(T, 8\), .*targets.reshape\(1, -1\)"):
        demo.linearly_separable(demo.all_targets()[0])


def test_cached_models_are_handed_out_as_fresh_copies():
    from lecture_nn.demos import summary as demo

    for call, model_of in [(lambda: demo.train_feature_net(epochs=5), lambda r: r[0]),
                           (lambda: demo.fit_sin(epochs=5), lambda r: r),
                           (lambda: demo.train_on_labels(0.0), lambda r: r["model"])]:
        first = model_of(call())
        before = [p.value.copy() for p in first.parameters()]
        for p in first.parameters():
            p.value[...] = 0.0  # a student experimenting with the returned model
        assert all(np.array_equal(p.value, b) for p, b in zip(model_of(call()).parameters(), before))


# --- parity -------------------------------------------------------------------------------------------

def test_parity_data_lists_every_input_once_with_its_parity():
    X, y = demo.parity_data(4)
    assert X.shape == (16, 4) and y.shape == (16,) and y.dtype == np.int64
    assert len({tuple(row) for row in X}) == 16
    np.testing.assert_array_equal(y, X.sum(axis=1) % 2)
    np.testing.assert_array_equal(X[5], [0, 1, 0, 1])  # row k holds the bits of k


def test_parity_network_is_the_counting_construction():
    model = demo.parity_network(3, scale=2.0)
    np.testing.assert_array_equal(model[0].W.value, np.ones((3, 3)))
    np.testing.assert_array_equal(model[0].b.value, [0, -1, -2])
    np.testing.assert_array_equal(model[2].W.value, [[4, -8, 8]])  # 2 scale (1, -2, 2)
    X, y = demo.parity_data(3)
    np.testing.assert_array_equal(model.forward(X)[:, 0], 2.0 * (2 * y - 1))


def test_train_on_parity_splits_and_returns_fresh_copies():
    run = demo.train_on_parity(width=4, seed=1, train_fraction=0.25, epochs=20, n=4)
    assert run["n_train"] == 4 and 0 <= run["test_accuracy"] <= 1
    run["model"][0].W.value[...] = 0.0
    again = demo.train_on_parity(width=4, seed=1, train_fraction=0.25, epochs=20, n=4)
    assert np.any(again["model"][0].W.value != 0)
    assert demo.train_on_parity(width=4, seed=1, epochs=20, n=4)["test_accuracy"] is None


@pytest.mark.parametrize("kwargs, message", [
    (dict(train_fraction=0.01, n=4), r"train_fraction must leave at least one of the 16 inputs"),
    (dict(train_fraction=0.99, n=4), r"train_fraction must leave .* got 0.99 \(16 to train on\)"),
    (dict(train_fraction=0.0), r"train_fraction must be"),
    (dict(n=13), r"n must be"),
    (dict(width=0), r"width must be"),
])
def test_train_on_parity_refuses_bad_arguments_before_training(kwargs, message):
    with pytest.raises(ln.InputError, match=message):
        demo.train_on_parity(**{"epochs": 1, **kwargs})
