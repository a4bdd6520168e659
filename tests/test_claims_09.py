"""Claims of notebook 09 (the playground): each test guards one sentence, over seeds 0-4.

The runs come from ``train_over_seeds`` (cached), the same training the notebook does, so the
tests of one section share their training.
"""

import numpy as np
from claims import SEEDS, claim

import lecture_nn as ln
from lecture_nn.demos import playground as pgmod
from lecture_nn.demos.playground import Playground, train_over_seeds

FAR = 100 * np.column_stack([np.cos(np.linspace(0, 2 * np.pi, 3600)), np.sin(np.linspace(0, 2 * np.pi, 3600))])
SPIRALS = ("spirals: one wide layer", "spirals: two layers of 8", "spirals: four layers of 4")


def rises(run):
    loss = np.asarray(run.history["train"])
    return int(np.sum(loss[1:] > loss[:-1]))


def closed(run):
    """The inner class (logit > 0) is predicted nowhere on a circle of radius 100 around the data."""
    return bool(run.model.forward(FAR).max() < 0)


# --- what the playground offers --------------------------------------------------------------------

@claim("09", "What ours adds for this lecture: ELU and softplus, more than two classes, all four optimizers "
             "of the slides with their hyperparameters, a reset to the *very same* initial weights")
def test_09_what_ours_adds_exists():
    assert {"elu", "softplus"} <= set(pgmod.ACTIVATIONS)
    assert list(pgmod.OPTIMIZERS)[:4] == ["SGD", "Momentum", "RMSprop", "Adam"]  # the slides' four, first
    pg = Playground(dataset="blobs", classes=5, optimizer="Adam", lr=0.01, beta=0.8, beta2=0.99)
    assert pg.n_classes == 5 and pg.model.layers[-1].d_out == 5 and isinstance(pg.loss_fn, ln.CrossEntropyLoss)
    assert (pg.opt.lr, pg.opt.beta1, pg.opt.beta2) == (0.01, 0.8, 0.99)
    start = {k: v.copy() for k, v in pg.model.state_dict().items()}
    pg.run(3)
    pg.reset()
    assert all(np.array_equal(start[k], v) for k, v in pg.model.state_dict().items())


@claim("09", "your own `(X, y)`, and `export()` of the trained model. What it lacks: L1/L2 regularisation, more "
             "than 4 hidden layers (TensorFlow Playground allows 6), and typing in a single weight by hand.")
def test_09_own_data_export_and_no_regularisation():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (50, 2))
    pg = Playground(X=X, y=(X[:, 0] > 0).astype(int))
    pg.run(2)
    model = pg.export()
    model.layers[0].W.value[...] = 0  # an independent copy
    assert np.any(pg.model.layers[0].W.value != 0)
    assert not any(word in name.lower() for name in pg.controls for word in ("l1", "l2", "regular", "decay"))
    assert pg.controls["layers"].max == 4


@claim("09", "and for classes the train and test accuracy in its title")
def test_09_the_loss_panel_shows_the_accuracy_for_classes_only():
    pg = Playground("overfitting with noise")
    pg.run(1)
    assert "accuracy:" in pg.ax_loss.get_title() and "accuracy train" in pg.readout()
    h = pg.history
    assert f"test {h['test_accuracy'][-1]:.3f}" in pg.ax_loss.get_title()
    regression = Playground(dataset="regression 2D")
    regression.run(1)
    assert "accuracy" not in regression.ax_loss.get_title() and "accuracy" not in regression.readout()


@claim("09", "the same network and seed start from the same weights")
def test_09_a_rebuild_starts_from_the_seeds_weights():
    pg = Playground("one hidden layer on circles", seed=3)
    start = {k: v.copy() for k, v in pg.model.state_dict().items()}
    pg.run(2)
    pg.controls["noise"].value = 0.2  # new data, same network: rebuilt from the same seed
    assert pg.steps_done == 0
    assert all(np.array_equal(start[k], v) for k, v in pg.model.state_dict().items())


# --- 1. linear collapse -----------------------------------------------------------------------------

@claim("09", "the logit over the plane is exactly a plane")
def test_09_linear_collapse_logit_is_a_plane_in_every_seed():
    P = np.random.default_rng(1).uniform(-1.5, 1.5, (200, 2))
    A = np.column_stack([P, np.ones(len(P))])
    for run in train_over_seeds("linear collapse", SEEDS, frames=30):
        logit = run.model.forward(P)[:, 0]
        assert np.abs(logit - A @ np.linalg.lstsq(A, logit, rcond=None)[0]).max() < 1e-9


@claim("09", "over seeds 0–4 the train loss after 300 steps is 0.685–0.691, next to $\\ln 2 \\approx 0.693$")
def test_09_linear_collapse_loss_is_near_ln2():
    for run in train_over_seeds("linear collapse", SEEDS, frames=30):
        assert abs(run.train_loss - np.log(2)) < 0.01
        assert 0.5 < run.train_accuracy < 0.7


@claim("09", "after 300 steps the train accuracy is at least 0.94 in each of seeds 0–4")
def test_09_a_nonlinearity_bends_the_boundary():
    for g in ("relu", "tanh"):
        for run in train_over_seeds("linear collapse", SEEDS, frames=30, activation=g):
            assert run.train_accuracy >= 0.94, (g, run.seed)


@claim("09", "tick $x_1^2$ and $x_2^2$, keep $g$ = identity, and a straight line in those features is a circle in $x$")
def test_09_squared_features_also_fix_linear_collapse():
    for run in train_over_seeds("linear collapse", SEEDS, frames=30, x1_sq=True, x2_sq=True):
        assert run.train_accuracy > 0.9


# --- 2. one hidden layer on circles -----------------------------------------------------------------

@claim("09", "And two ReLU units can never close one.")
def test_09_two_relu_units_never_close_a_region():
    for run in train_over_seeds("one hidden layer on circles", SEEDS, frames=40, width1=2):
        assert not closed(run)
    # the argument holds for any weights: random two-unit nets have no closed region of class 1
    rng = np.random.default_rng(0)
    for _ in range(300):
        W, b, w, c = rng.standard_normal((2, 2)), rng.standard_normal(2), rng.standard_normal(2), rng.standard_normal()
        inside, outside = (np.maximum(X @ W.T + b, 0) @ w + c for X in (rng.uniform(-3, 3, (2000, 2)), FAR))
        if inside.max() > 0:  # some region of class 1 exists ...
            assert outside.max() > 0  # ... and reaches out to radius 100


@claim("09", "Three units, the fewest a triangle needs, close it in 3 of the 5 seeds")
def test_09_three_units_close_the_region_in_3_of_5_seeds():
    runs = train_over_seeds("one hidden layer on circles", SEEDS, frames=40, width1=3)
    assert sum(closed(run) for run in runs) == 3
    assert all(run.train_accuracy > 0.9 for run in runs if closed(run))
    assert all(run.train_accuracy < 0.85 for run in runs if not closed(run))


@claim("09", "Four units: closed in every seed")
def test_09_four_units_close_the_region_in_every_seed():
    for run in train_over_seeds("one hidden layer on circles", SEEDS, frames=40):
        assert closed(run) and run.train_accuracy > 0.9


# --- 3. width against depth -------------------------------------------------------------------------

@claim("09", "both deeper nets end with a lower train loss than the one wide layer in every seed")
def test_09_at_16_units_the_deeper_nets_train_lower_in_every_seed():
    wide, two, four = (train_over_seeds(name, SEEDS, frames=60) for name in SPIRALS)
    assert [r[0].units for r in (wide, two, four)] == [16, 16, 16]
    for deep in (two, four):
        for w, d in zip(wide, deep):
            assert d.train_loss < w.train_loss and d.test_accuracy > w.test_accuracy


@claim("09", "two layers of 8 have more (123 against 99), four layers of 4 fewer (87)")
def test_09_equal_units_are_not_equal_weights():
    assert [train_over_seeds(name, SEEDS, frames=60)[0].n_params for name in SPIRALS] == [99, 123, 87]


@claim("09", "as high as two layers of 8 reached after 600 steps (0.91–0.96), seed by seed")
def test_09_one_wide_layer_catches_up_in_3000_steps():
    long = train_over_seeds("spirals: one wide layer", SEEDS, frames=300)
    two = train_over_seeds("spirals: two layers of 8", SEEDS, frames=60)
    for w, d in zip(long, two):
        assert w.test_accuracy >= d.test_accuracy - 0.01 and w.test_accuracy > 0.93


# --- 4. momentum against SGD ------------------------------------------------------------------------

@claim("09", "Momentum's loss never went up, in any of the 40 frames of seeds 0–4")
def test_09_momentum_never_goes_up_sgd_jumps_at_the_start():
    sgd = train_over_seeds("momentum vs SGD", SEEDS, frames=40, optimizer="SGD")
    momentum = train_over_seeds("momentum vs SGD", SEEDS, frames=40, optimizer="Momentum")
    for a, b in zip(sgd, momentum):
        assert rises(b) == 0
        loss = np.asarray(a.history["train"])
        first = loss[1:9] / loss[:8]
        assert np.sum(first > 1) >= 4 and first.max() > 4


@claim("09", "in each of seeds 0–4 it goes on rising now and then, in at least 5 of the 40 frames")
def test_09_sgd_keeps_jumping():
    for run in train_over_seeds("momentum vs SGD", SEEDS, frames=40, optimizer="SGD"):
        assert rises(run) >= 5


@claim("09", "then switch to SGD with the same $\\eta$, and in each of seeds 0–4 the loss jumps by a factor of "
             "more than 10 within 10 steps")
def test_09_switching_from_momentum_to_sgd_makes_the_loss_jump():
    pg = Playground("momentum vs SGD", optimizer="Momentum", seed=SEEDS[0])
    for seed in SEEDS:
        if seed != SEEDS[0]:
            pg.controls["optimizer"].value = "Momentum"
            pg.new_seed()  # the next seed's data and initial weights, momentum again
        assert pg.seed == seed and isinstance(pg.opt, ln.Momentum)
        for _ in range(10):
            pg.train(10)
        before = pg.history["train"][-1]
        assert before < 0.2
        pg.controls["optimizer"].value = "SGD"  # the same weights, the same eta
        pg.train(10)
        assert pg.history["train"][-1] > 10 * before, seed


@claim("09", "switch the optimizer to SGD while it runs: the weights carry on, only the update rule changes, "
             "and the loss jumps")
def test_09_switching_to_sgd_from_the_shown_state_makes_the_loss_jump():
    pg = Playground("momentum vs SGD", optimizer="Momentum", seed=SEEDS[0])
    for seed in SEEDS:
        if seed != SEEDS[0]:
            pg.controls["optimizer"].value = "Momentum"
            pg.new_seed()
        for _ in range(40):  # the state the notebook shows: 400 steps of momentum
            pg.train(10)
        weights = {k: v.copy() for k, v in pg.model.state_dict().items()}
        before = pg.history["train"][-1]
        pg.controls["optimizer"].value = "SGD"
        assert all(np.array_equal(weights[k], v) for k, v in pg.model.state_dict().items())
        pg.train(10)
        assert pg.history["train"][-1] > 10 * before, seed


# --- 5. Adam ----------------------------------------------------------------------------------------

@claim("09", "still above Adam's in every seed: Adam's gain here is not having to search for $\\eta$")
def test_09_adam_beats_sgd_at_both_learning_rates():
    adam = train_over_seeds("Adam on spirals", SEEDS, frames=50, optimizer="Adam", lr=0.01)
    slow = train_over_seeds("Adam on spirals", SEEDS, frames=50, optimizer="SGD", lr=0.01)
    fast = train_over_seeds("Adam on spirals", SEEDS, frames=50, optimizer="SGD", lr=1.0)
    for a, s, f in zip(adam, slow, fast):
        assert s.train_loss > 0.55 and a.train_loss < 0.1 and a.test_accuracy > 0.95
        assert a.train_loss < f.train_loss < s.train_loss


# --- 6. overfitting ---------------------------------------------------------------------------------

@claim("09", "the test loss ends 5.2 to 8.3 times above its lowest\nvalue (reached after 10–30 steps), while the "
             "test accuracy ends within 0.075 of its value there")
def test_09_overfitting_test_loss_climbs_test_accuracy_stays():
    for run in train_over_seeds("overfitting with noise", SEEDS, frames=30):
        h = run.history
        best = int(np.argmin(h["test"]))
        assert 10 <= h["step"][best] <= 30
        assert 5.1 < h["test"][-1] / h["test"][best] < 8.4
        assert abs(h["test_accuracy"][-1] - h["test_accuracy"][best]) <= 0.075 + 1e-9
        assert h["train_accuracy"][-1] == 1.0


@claim("09", "By then the few wrong test points carry more than 95 % of the test loss.")
def test_09_the_final_test_loss_is_the_confident_mistakes():
    for run in train_over_seeds("overfitting with noise", SEEDS, frames=30):
        z = run.model.forward(run.X_test)[:, 0]
        z_true = np.where(run.y_test == 1, z, -z)
        cost = np.logaddexp(0, -z_true)  # -ln p(true class)
        assert np.isclose(cost.mean(), run.test_loss)
        assert cost[z_true < 0].sum() > 0.95 * cost.sum()


@claim("09", "each of the last two ends with a lower test loss than the preset, in each of seeds 0–4")
def test_09_fewer_units_or_more_points_lower_the_test_loss():
    preset = train_over_seeds("overfitting with noise", SEEDS, frames=30)
    small = train_over_seeds("overfitting with noise", SEEDS, frames=30, layers=1, width1=4)
    more = train_over_seeds("overfitting with noise", SEEDS, frames=30, n=1000)
    for p, s, m in zip(preset, small, more):
        assert s.test_loss < p.test_loss and m.test_loss < p.test_loss
