"""Claims of notebook 08 (summary and food for thought): each test guards one sentence.

The trained nets come from the demo module's caches (``train_feature_net``, ``train_on_labels``,
``fit_sin``, ``nfl_predictions``), so tests of one section share their training.
"""

import numpy as np
from claims import SEEDS, claim

from lecture_nn.activations import sigmoid
from lecture_nn.demos import summary as demo

X_OUT = np.concatenate([np.linspace(-3, -1, 101), np.linspace(1, 3, 101)])[:, None]
X_IN = np.linspace(-1, 1, 201)[:, None]


def feature_scores(seed):
    model, accuracy = demo.train_feature_net(seed)
    X, y = demo.feature_data()
    last = model.layers[-1]
    return model, accuracy, demo.hidden_features(model, X) @ last.W.value[0] + last.b.value[0], y


# --- features ---------------------------------------------------------------------------------------

@claim("08", "where no straight line in $x$ separates the classes")
def test_08_no_straight_line_separates_the_circles():
    X, y = demo.feature_data()
    assert demo.best_line_accuracy(X, y) < 0.75


@claim("08", "On $x$, logistic regression is right on 52.5 % of the samples, hardly better than a coin, and even "
             "the best of all straight lines only on 70 % (it cuts a cap off the outer ring)")
def test_08_a_line_on_x_is_barely_better_than_a_coin_for_every_initialisation():
    X, y = demo.feature_data()
    for seed in SEEDS:  # the data are fixed; the seed is the logistic regression's initial weights
        assert demo.linear_accuracy(X, y, seed=seed) == 0.525
    assert demo.best_line_accuracy(X, y) == 0.7


@claim("08", "from each of the seeds 0–4 the net gets there too, with no sample closer to the line than $|z| = 4.4$")
def test_08_every_seeds_feature_net_separates_the_circles_in_feature_space():
    for seed in SEEDS:
        model, accuracy, z, y = feature_scores(seed)
        assert accuracy == 1.0
        assert np.all((2 * y - 1) * z > 4.4)
        assert demo.linear_accuracy(demo.hidden_features(model, demo.feature_data()[0]), y) == 1.0


@claim("08", "with no sample closer to it than $|z| = 6.0$ (probability at least 0.997 for its own class)")
def test_08_the_shown_net_keeps_a_gap_of_6():
    _, _, z, y = feature_scores(demo.FEATURE_SEED)
    gap = np.min((2 * y - 1) * z)
    assert 5.95 < gap < 6.05 and sigmoid(gap) > 0.997


@claim("08", "the circle $r = 0.7$, where the classes meet, is mapped across the line")
def test_08_the_circle_at_the_boundary_crosses_the_line_for_every_seed():
    t = np.linspace(0, 2 * np.pi, 300)
    circle = 0.7 * np.column_stack([np.cos(t), np.sin(t)])
    for seed in SEEDS:
        model, _ = demo.train_feature_net(seed)
        z = model.forward(circle)[:, 0]
        assert z.min() < 0 < z.max()


# --- (a) memorization -------------------------------------------------------------------------------

@claim("08", "Coin flips agree with the rule about half the time (here exactly half)")
def test_08_coin_flips_agree_with_the_rule_about_half_the_time():
    for seed in SEEDS:
        y_rule = demo.rule_labels(demo.training_inputs(seed=seed))
        agree = np.mean(demo.randomized_labels(y_rule, 1.0, seed=seed) == y_rule)
        assert 0.4 < agree < 0.6
        assert seed != 0 or agree == 0.5


@claim("08", "Both nets fit their training labels perfectly, in every seed.")
def test_08_both_labellings_are_fitted_in_every_seed():
    for seed in SEEDS:
        for fraction in (0.0, 1.0):
            assert demo.train_on_labels(fraction, seed)["train_accuracy"] == 1.0


@claim("08", "Only the one trained on the rule predicts new points (test accuracy 0.96–0.98); the other is near "
             "chance (0.46–0.50)")
def test_08_the_rule_generalizes_the_coin_flips_do_not():
    for seed in SEEDS:
        assert demo.train_on_labels(0.0, seed)["test_accuracy"] > 0.95
        assert abs(demo.train_on_labels(1.0, seed)["test_accuracy"] - 0.5) < 0.06


@claim("08", "What it learns depends on the data it is given and, where the data leave the answer open, on its "
             "architecture and training")
def test_08_data_and_inductive_bias_both_decide_what_is_learned():
    for seed in SEEDS:
        # the same net, other labels: another function (the capacity is the same)
        assert demo.train_on_labels(0.0, seed)["test_accuracy"] - demo.train_on_labels(1.0, seed)["test_accuracy"] > 0.4
        # the same data, another architecture: other answers where the data say nothing (part b) ...
        relu, tanh = demo.fit_sin("relu", seed), demo.fit_sin("tanh", seed)
        assert np.mean(np.abs(relu(X_OUT) - tanh(X_OUT))) > 0.3
    # ... and another learner on the same seen corners: other predictions on the unseen ones (part c)
    assert np.sum(demo.nfl_predictions("mlp") != demo.nfl_predictions("3-nn")) > 100


@claim("08", "Watch the training accuracy stay at 1.00 while the test accuracy falls")
def test_08_every_fraction_of_random_labels_is_fitted_in_every_seed():
    for seed in SEEDS:
        for fraction in demo.FRACTIONS:
            assert demo.train_on_labels(fraction, seed)["train_accuracy"] == 1.0, (seed, fraction)


@claim("08", "each further 25 % of coin flips costs test accuracy (for seeds 0–4 alike, which the test checks)")
def test_08_test_accuracy_falls_with_every_step_of_coin_flips():
    for seed in SEEDS:
        test = [demo.train_on_labels(fraction, seed)["test_accuracy"] for fraction in demo.FRACTIONS]
        assert all(later < earlier for earlier, later in zip(test, test[1:])), (seed, test)
        assert abs(test[-1] - 0.5) < 0.06  # "near chance" at 100 %


@claim("08", "with test accuracy 0.98 (true labels) and near chance (random labels)")
def test_08_check_yourself_numbers_are_the_shown_seeds():
    assert round(demo.train_on_labels(0.0)["test_accuracy"], 2) == 0.98
    assert abs(demo.train_on_labels(1.0)["test_accuracy"] - 0.5) < 0.06


# --- (b) extrapolation ------------------------------------------------------------------------------

@claim("08", "the constant prediction $\\hat y = 0$ has mean squared error 0.5 against the sine on any whole "
             "number of periods")
def test_08_predicting_zero_costs_one_half():
    for start, periods in ((0.3, 1), (-1.0, 2), (2.5, 7)):
        x = np.linspace(start, start + 2 * periods, 10_000, endpoint=False)  # sin(pi x) has period 2
        assert abs(np.mean(np.sin(np.pi * x) ** 2) - 0.5) < 1e-9  # the mean of sin^2 over whole periods
    assert abs(np.mean(np.sin(np.pi * X_OUT) ** 2) - 0.5) < 0.01  # on the notebook's grid too


@claim("08", "Inside the interval both nets are excellent, in every seed; outside both are worse than predicting 0")
def test_08_both_nets_fit_inside_and_fail_outside_in_every_seed():
    for seed in SEEDS:
        for g in ("relu", "tanh"):
            net = demo.fit_sin(g, seed)
            assert np.mean((net(X_IN) - np.sin(np.pi * X_IN)) ** 2) < 0.01  # 0.0003 at most here
            assert np.mean((net(X_OUT) - np.sin(np.pi * X_OUT)) ** 2) > 1.0  # predicting 0: 0.5


@claim("08", "beyond its last kink it is a **straight line** forever; a tanh net is a sum of saturating "
             "functions, so it **levels off** to a constant")
def test_08_relu_goes_straight_tanh_levels_off_in_every_seed():
    far = np.geomspace(1e3, 1e5, 40)[:, None]  # beyond every kink and every tanh's bend, for these nets
    for seed in SEEDS:
        for side in (far, -far):
            relu = demo.fit_sin("relu", seed)(side)[:, 0]
            slope = np.diff(relu) / np.diff(side[:, 0])
            assert np.allclose(slope, slope[0], rtol=1e-6, atol=1e-9)  # one straight line out there
            tanh = demo.fit_sin("tanh", seed)(side)[:, 0]
            assert np.ptp(tanh) < 1e-6  # a constant


# --- (c) no free lunch ------------------------------------------------------------------------------

@claim("08", "Over all 256 targets every learner scores exactly 0.500")
def test_08_every_learner_scores_one_half_over_all_targets_for_every_seed():
    targets = demo.all_targets()
    for learner in demo.LEARNERS:
        for seed in SEEDS if learner in ("mlp", "anti-mlp") else (0,):
            assert (demo.nfl_predictions(learner, seed) == targets[:, demo.TEST]).mean() == 0.5


@claim("08", "the MLP (trained from any of the seeds 0–4: the same score) and the nearest-neighbour vote are "
             "right 69 % of the time")
def test_08_the_mlp_of_every_seed_and_the_vote_score_72_of_104():
    targets = demo.all_targets()
    simple = demo.linearly_separable(targets)
    assert simple.sum() == 104
    for learner, seeds in (("mlp", SEEDS), ("3-nn", (0,))):
        for seed in seeds:
            accuracy = (demo.nfl_predictions(learner, seed) == targets[:, demo.TEST]).mean(axis=1)
            assert accuracy[simple].mean() == 72 / 104  # 0.692


@claim("08", "the contrarian pays for it with 31 %: it is right exactly where the MLP is wrong")
def test_08_the_contrarian_is_right_exactly_where_the_mlp_is_wrong():
    targets = demo.all_targets()
    for seed in SEEDS:
        mlp, anti = demo.nfl_predictions("mlp", seed), demo.nfl_predictions("anti-mlp", seed)
        assert np.array_equal(anti == targets[:, demo.TEST], mlp != targets[:, demo.TEST])


# --- how long memorizing takes ----------------------------------------------------------------------

def epochs_to_fit(fraction):
    return [demo.train_on_labels(fraction, seed)["epochs"] for seed in SEEDS]


@claim("08", "The rule's labels are fitted within 75 epochs in every seed; half or all coin flips need at least "
             "three times as many")
def test_08_coin_flips_take_at_least_three_times_as_many_epochs():
    true, half, all_random = epochs_to_fit(0.0), epochs_to_fit(0.5), epochs_to_fit(1.0)
    assert max(true) <= 75
    for t, h, a in zip(true, half, all_random):  # per seed, and against the slowest true-label run
        assert min(h, a) >= 3 * max(t, max(true))


@claim("08", "which of 50 % and 100 % takes longer changes from seed to seed")
def test_08_half_or_all_random_is_slower_depending_on_the_seed():
    half, all_random = epochs_to_fit(0.5), epochs_to_fit(1.0)
    assert any(h > a for h, a in zip(half, all_random)) and any(h < a for h, a in zip(half, all_random))


# --- (d) parity ---------------------------------------------------------------------------------------

@claim("08", "is 0 for even $s$ and 1 for odd (`demo.parity_network`, `mlp([8, 8, 1])`, 81 parameters)")
def test_08_the_constructed_net_computes_parity_exactly():
    for n in range(1, 13):
        X, y = demo.parity_data(n)
        model = demo.parity_network(n, scale=1.0)
        f = (model.forward(X)[:, 0] + 1) / 2  # logit = 2 f - 1
        np.testing.assert_array_equal(f, y)  # whole numbers times +-1, +-2: exact in float64
    assert demo.parity_network().n_params == 81


def narrow_parity_accuracies(epochs=demo.PARITY_EPOCHS):
    return [demo.train_on_parity(seed=seed, epochs=epochs)["train_accuracy"] for seed in SEEDS]


@claim("08", "from every one of the five starts the 81-parameter net stops between 64 % and 86 % of the 256 "
             "inputs right")
def test_08_training_the_81_parameter_net_does_not_find_parity():
    accuracies = narrow_parity_accuracies()
    assert all(0.63 <= a <= 0.87 for a in accuracies), accuracies


@claim("08", "five times as many epochs get it no further (the test checks 10 000)")
def test_08_five_times_as_many_epochs_get_no_further():
    for short, long in zip(narrow_parity_accuracies(), narrow_parity_accuracies(epochs=10_000)):
        assert long < 0.9 and long <= short + 0.02, (short, long)


@claim("08", "in (d) it stopped between 64 % and 86 % from five starts")
def test_08_check_yourself_repeats_the_parity_accuracies():
    assert all(0.63 <= a <= 0.87 for a in narrow_parity_accuracies())


@claim("08", "The wider net does fit every input it is shown, and on the inputs it has not seen it is no better "
             "than a coin")
def test_08_the_wide_net_memorizes_half_of_parity_and_is_at_chance_on_the_rest():
    runs = [demo.train_on_parity(width=64, seed=seed, train_fraction=0.5, epochs=1000) for seed in SEEDS]
    assert all(run["train_accuracy"] == 1.0 and run["n_train"] == 128 for run in runs)
    test = [run["test_accuracy"] for run in runs]
    assert all(0.35 <= t <= 0.65 for t in test) and abs(np.mean(test) - 0.5) < 0.08, test
