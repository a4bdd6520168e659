"""Claims of notebook 09 (the playground): each test guards one sentence, over seeds 0-4.

The runs come from ``train_over_seeds`` (cached), the same training the notebook does, so the
tests of one section share their training.
"""

import copy

import numpy as np
import pytest
from claims import SEEDS, claim

import lecture_nn as ln
from lecture_nn.demos import playground as pgmod
from lecture_nn.demos import playground_training as ptmod
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


@claim("09", "presets with a line of commentary, your own `(X, y)`, and `export()` of the trained model.")
def test_09_own_data_and_export():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (50, 2))
    pg = Playground(X=X, y=(X[:, 0] > 0).astype(int))
    pg.run(2)
    model = pg.export()
    model.layers[0].W.value[...] = 0  # an independent copy
    assert np.any(pg.model.layers[0].W.value != 0)
    assert all(isinstance(preset.note, str) and preset.note for preset in pgmod.PRESETS.values())


@claim("09", "and has what TFP has: its six datasets, drawn as TFP draws them, up to 6 hidden layers, L1/L2 "
             "regularisation applied as TFP applies it, the network drawn as TFP draws it, and settings as a link "
             "in TFP's form: a link copied from TFP opens here.")
def test_09_what_tfp_has_is_here():
    assert set(ptmod.TFP_DATASETS.values()) == set(ln.data.TENSORFLOW_PLAYGROUND) and len(ptmod.TFP_DATASETS) == 6
    assert set(ptmod.TFP_DATASETS) <= set(pgmod.DATASETS) and ptmod.MAX_LAYERS >= 6
    assert set(ptmod.REGULARIZATIONS) == {"none", "L1", "L2"}
    with pytest.warns(ln.errors.LectureNNWarning, match="seed"):  # TFP's own default link
        pg = Playground.from_url(TFP_LINK)
    assert pg.training.values["dataset"] == "TFP circle" and len(pg.edges.get_segments()) == 2 * 4 + 4 * 2 + 2


@claim("09", "hidden layers (0–6), the width of each (1–16), the activation $g$")
def test_09_the_network_row_limits():
    assert pgmod.WHOLE["layers"][:2] == (0, 6) and pgmod.WHOLE["width1"][:2] == (1, 16)
    pg = Playground()
    assert (pg.controls["layers"].min, pg.controls["layers"].max) == (0, 6)
    assert (pg.controls["width6"].min, pg.controls["width6"].max) == (1, 16)


@claim("09", "regularisation (none, L1, L2) and its rate $\\lambda$, batch size (0: all points)")
def test_09_the_optimizer_row_has_regularisation_and_the_batch():
    pg = Playground(n=100, train=50)
    assert list(pg.controls["regularization"].options) == ["none", "L1", "L2"]
    pg.controls["batch"].value = 0
    pg.run(1)
    assert pg.training.examples_seen == 10 * 50  # 10 steps of all 50 training points


@claim("09", "over the input plane (red > 0 > blue, the first 8 units of a layer)")
def test_09_the_diagram_draws_the_first_8_units_of_a_layer():
    pg = Playground(layers=1, width1=16)
    assert pgmod.UNITS_SHOWN == 8 and len(pg.picture.cells[1]) == 8
    assert len(pg.training.model.layers[0].W.value) == 16


@claim("09", "red where it is positive and blue where it is negative, the wider the larger")
def test_09_an_edge_is_coloured_by_the_sign_and_as_wide_as_the_weight():
    pg = Playground(layers=1, width1=3)
    pg.run(3)
    w = pg.training.model.layers[0].W.value.T.ravel()  # the first layer's edges, in drawing order
    colors, widths = pg.edges.get_colors()[:len(w)], np.asarray(pg.edges.get_linewidths())[:len(w)]
    assert np.all((colors[:, 0] > colors[:, 2]) == (w > 0))  # red > blue in the positive ones
    order = np.argsort(np.abs(w))
    assert np.all(np.diff(widths[order]) >= 0)


@claim("09", "choose a hidden unit in **show** and it appears there instead, large, with its incoming weights in "
             "the title")
def test_09_show_puts_a_hidden_unit_in_the_big_picture():
    pg = Playground(layers=2, width1=3, width2=4)
    pg.controls["unit"].value = (2, 4)
    w = pg.training.model.layers[2].W.value[3]
    assert pg.ax.get_title().startswith("layer 2, unit 4")
    assert pg.picture.weights_text.get_text().startswith(f"w = ({', '.join(f'{v:.1f}' for v in w)})")
    a = pg.training.unit_outputs(pg.picture._grid_features)[1][:, 3]
    assert np.allclose(pg.heat.get_array().ravel(), a)
    pg.controls["layers"].value = 1  # the unit is gone: the output again, and the list says so
    assert pg.controls["unit"].value == "output" and pg.ax.get_title().startswith("output of")


@claim("09", "The line under the picture reads out the step, the epoch (examples seen / training points), the "
             "current $\\eta$, the losses, the accuracies and the number of parameters.")
def test_09_the_readout_line():
    pg = Playground(n=100, train=50, batch=25, layers=1, width1=2)
    pg.run(1)  # 10 steps of 25 of the 50 training points: 5 epochs
    assert pg.readout().startswith("step 10, epoch 5.0, η 0.03: train loss ")
    assert pg.readout().endswith("; 9 parameters")
    assert pg.training.model.n_params == 9 and "accuracy train" in pg.readout()


# --- 7. regularisation -------------------------------------------------------------------------------

def regularised_step(regularization, optimizer, rate=0.1, lr=0.3, seed=0):
    """One full-batch step with and without the penalty, from the same start: (with, without, before)."""
    runs = []
    for reg in (regularization, "none"):
        run = ptmod.PlaygroundTraining(optimizer=optimizer, lr=lr, batch=0, layers=2, width1=5, width2=3, n=60,
                                       regularization=reg, reg_rate=rate, seed=seed)
        before = {k: v.copy() for k, v in run.model.state_dict().items()}
        run.train(1)
        runs.append(run)
    return runs[0], runs[1], before


def data_gradient(run, state):
    model = copy.deepcopy(run.model)
    model.load_state_dict(state)
    loss = run.loss_fn
    loss.forward(model.forward(run.F_train), run.T_train)
    model.backward(loss.backward())
    return {name: p.grad.copy() for name, p in model.named_parameters()}


@claim("09", "L2 shrinks every weight by the same share $\\eta\\lambda$ per step; L1 moves every weight by the "
             "same $\\eta\\lambda$ towards 0, and a weight that this step would carry across 0 is set to 0 and "
             "stays there")
def test_09_the_penalty_step_of_l2_and_l1():
    for seed in SEEDS:
        for optimizer in ("SGD", "Adam"):
            l2, plain, before = regularised_step("L2", optimizer, seed=seed)
            l1, _, _ = regularised_step("L1", optimizer, rate=3.0, seed=seed)
            for k, (name, w) in enumerate(plain.model.state_dict().items()):
                if not name.endswith("W"):
                    continue
                assert np.allclose(l2.model.state_dict()[name], w - 0.3 * 0.1 * before[name], rtol=1e-12, atol=1e-15)
                stepped = w - 0.3 * 3.0 * np.sign(before[name])
                crossed = w * stepped < 0
                assert np.allclose(l1.model.state_dict()[name], np.where(crossed, 0, stepped), rtol=1e-12,
                                   atol=1e-15)
                assert np.array_equal(l1.pruned[k // 2], crossed)


@claim("09", "With SGD, L2 is exactly gradient descent on $L + \\lambda \\sum_w \\tfrac12 w^2$, and L1 on "
             "$L + \\lambda \\sum_w |w|$ until a weight is pruned.")
def test_09_with_sgd_the_penalty_is_gradient_descent_on_the_penalised_loss():
    for seed in SEEDS:
        for reg, rate, derivative in (("L2", 0.1, lambda w: w), ("L1", 0.01, np.sign)):
            run, _, before = regularised_step(reg, "SGD", rate=rate, seed=seed)
            assert run.n_pruned == 0  # a small L1 rate: no weight pruned in this step
            g = data_gradient(run, before)
            for name, value in run.model.state_dict().items():
                penalty = rate * derivative(before[name]) if name.endswith("W") else 0.0  # biases not penalised
                assert np.allclose(value, before[name] - 0.3 * (g[name] + penalty), rtol=1e-12, atol=1e-15)


@claim("09", "so L2 here is **decoupled weight decay**, AdamW's $w \\leftarrow w' - \\eta\\lambda w$")
def test_09_with_adam_l2_is_adamws_decoupled_decay():
    for seed in SEEDS:
        for optimizer in ("Momentum", "RMSprop", "Adam"):
            l2, plain, before = regularised_step("L2", optimizer, seed=seed)
            for name, value in l2.model.state_dict().items():
                decay = 0.3 * 0.1 * before[name] if name.endswith("W") else 0.0
                assert np.allclose(value, plain.model.state_dict()[name] - decay, rtol=1e-12, atol=1e-15)
            assert np.array_equal(l2.opt.state[l2.weights[0]]["m"] if optimizer != "RMSprop" else
                                  l2.opt.state[l2.weights[0]]["s"],
                                  plain.opt.state[plain.weights[0]]["m"] if optimizer != "RMSprop" else
                                  plain.opt.state[plain.weights[0]]["s"])  # the penalty never entered m or E[g²]


@claim("09", "it adds $\\lambda w$ to $g$, and Adam's division by $\\sqrt{\\mathbb{E}[g^2]}$ then weakens the "
             "decay of exactly the weights with large gradients")
def test_09_coupled_l2_in_adam_decays_weights_with_large_gradients_least():
    # two weights of the same size 1, one with a small and one with a large gradient; lambda = 0.01
    for g in ([0.001, 10.0], [0.01, 1.0], [0.003, 3.0]):
        g = np.array(g)
        moved = {}
        for name, extra in (("plain", 0.0), ("coupled", 0.01)):
            p = ln.layers.Parameter(np.ones(2))
            opt = ln.Adam([p], lr=0.001)
            p.grad = g + extra * p.value  # weight_decay=λ: λw added to the gradient
            opt.step()
            moved[name] = 1 - p.value
        decay = moved["coupled"] - moved["plain"]  # what the λw term moved each weight
        assert decay[0] > 0 and decay[1] > 0 and decay[1] < decay[0] / 10
        assert abs(decay[1]) < 0.001 * 0.01  # far below AdamW's ηλw for the weight with the large gradient


@claim("09", "The losses shown are the data loss $L$ alone, as in TFP.")
def test_09_the_losses_shown_leave_the_penalty_out():
    run = ptmod.PlaygroundTraining(regularization="L2", reg_rate=10.0, lr=0.03)
    run.train(5)
    out = run.model.forward(run.F_train)
    assert run.history["train"][-1] == pytest.approx(run.loss_fn.forward(out, run.T_train), rel=1e-12)


def overfitting(regularization="none", seeds=range(8)):
    rate = 0.1 if regularization == "L2" else 0.0
    return train_over_seeds("overfitting with noise", seeds=seeds, frames=30, regularization=regularization,
                            reg_rate=rate)


def weight_size(run):
    return float(np.sqrt(sum((layer.W.value ** 2).sum() for layer in run.model.layers[::2])))


@claim("09", "In each of seeds 0–7 the run with L2 ends with a lower test loss and smaller weights than the run "
             "without")
def test_09_l2_ends_with_a_lower_test_loss_and_smaller_weights():
    for with_l2, without in zip(overfitting("L2"), overfitting()):
        assert with_l2.test_loss < 0.9 * without.test_loss
        assert weight_size(with_l2) < 0.97 * weight_size(without)


@claim("09", "while its test accuracy moves by less than 0.1, down in more seeds than up")
def test_09_l2_hardly_moves_the_test_accuracy():
    change = np.array([a.test_accuracy - b.test_accuracy for a, b in zip(overfitting("L2"), overfitting())])
    assert np.all(np.abs(change) < 0.1) and np.sum(change < 0) > np.sum(change > 0)


@claim("09", "300 steps of decay at $\\eta\\lambda = 0.003$ alone would shrink a weight to "
             "$(1-0.003)^{300} \\approx 0.41$ of its size")
def test_09_three_hundred_steps_of_decay():
    preset = pgmod.PRESETS["overfitting with noise"].settings
    assert preset["lr"] * 0.1 == pytest.approx(0.003) and round(0.997 ** 300, 2) == 0.41


@claim("09", "with L2 they end thinner (the edges drawn are thinner in total in each of seeds 0–7), L1 removes "
             "some altogether")
def test_09_edges_with_l2_and_l1():
    for seed in range(8):
        total = {}
        for reg in ("none", "L2"):
            pg = Playground("overfitting with noise", seed=seed, regularization=reg, reg_rate=0.1)
            pg.run(30)
            total[reg] = float(np.sum(pg.edges.get_linewidths()))
        assert total["L2"] < total["none"]
    pg = Playground("overfitting with noise", regularization="L1", reg_rate=0.03)
    pg.run(30)
    w = np.concatenate([layer.W.value[:8, :8].T.ravel() for layer in pg.training.model.layers[::2]])
    alpha = pg.edges.get_colors()[:, 3]
    assert np.any(w == 0) and np.all(alpha[w == 0] == 0) and np.all(alpha[w != 0] > 0)


@claim("09", "A pruned weight stays 0 until **reset**.")
def test_09_a_pruned_weight_stays_zero_until_reset():
    for seed in SEEDS:
        run = ptmod.PlaygroundTraining(seed=seed, regularization="L1", reg_rate=0.3, lr=0.1, optimizer="Adam")
        run.train(50)
        pruned = [mask.copy() for mask in run.pruned]
        assert sum(mask.sum() for mask in pruned) > 0
        run.set(regularization="none")
        run.train(50)
        assert all(np.all(W.value[mask] == 0) for W, mask in zip(run.weights, pruned))
        run.reset()
        assert run.n_pruned == 0 and all(np.all(W.value != 0) for W in run.weights)


# --- 8. a link from TensorFlow Playground ------------------------------------------------------------

TFP_LINK = ("https://playground.tensorflow.org/#activation=tanh&batchSize=10&dataset=circle&regDataset=reg-plane"
            "&learningRate=0.03&regularizationRate=0&noise=0&networkShape=4,2&seed=0.80007&showTestData=false"
            "&discretize=false&percTrainData=50&x=true&y=true&xTimesY=false&xSquared=false&ySquared=false"
            "&cosX=false&sinX=false&cosY=false&sinY=false&collectStats=false&problem=classification"
            "&initZero=false&hideText=false")


@claim("09", "with TFP's only optimizer, plain SGD; and with the number of points TFP draws (500, or 1200 for a "
             "regression)")
def test_09_a_tfp_link_trains_with_sgd_on_tfps_number_of_points():
    with pytest.warns(ln.errors.LectureNNWarning):
        classes = ptmod.PlaygroundTraining.from_url(TFP_LINK)
    with pytest.warns(ln.errors.LectureNNWarning):
        regression = ptmod.PlaygroundTraining.from_url(TFP_LINK.replace("problem=classification",
                                                                        "problem=regression"))
    assert classes.values["optimizer"] == regression.values["optimizer"] == "SGD"
    assert len(classes.X_train) + len(classes.X_test) == 500 and regression.values["dataset"] == "TFP plane"
    assert len(regression.X_train) + len(regression.X_test) == 1200


@claim("09", "What cannot be honoured is named in a warning, never dropped silently.")
def test_09_what_a_link_cannot_have_is_named():
    for key in ("cosX=true", "cosY=true", "initZero=true", "collectStats=true", "hideText=true", "tutorial=x",
                "x_hide=true", "problem=regression&regDataset=reg-argmax", "fooBar=1"):
        with pytest.warns(ln.errors.LectureNNWarning, match=key.split("&")[-1].split("=")[0]):
            ptmod.PlaygroundTraining.from_url(f"#seed=3&{key}")


@claim("09", "the same link always gives the same run here, though")
def test_09_the_same_tfp_link_gives_the_same_run():
    with pytest.warns(ln.errors.LectureNNWarning):
        a = ptmod.PlaygroundTraining.from_url(TFP_LINK)
    with pytest.warns(ln.errors.LectureNNWarning):
        b = ptmod.PlaygroundTraining.from_url(TFP_LINK)
    a.train(20)
    b.train(20)
    assert np.array_equal(a.X_train, b.X_train) and a.history == b.history


@claim("09", "TFP's spiral lies on its plane $[-6, 6]^2$")
def test_09_tfps_spiral_lies_on_its_plane():
    for seed in SEEDS:
        for noise in (0.0, 0.5):
            X, _ = ln.data.tensorflow_playground("spiral", 500, noise, rng=seed)
            assert np.abs(X).max() <= 6


@claim("09", "`pg.url()` gives the settings back as such a link, with TFP's keys first")
def test_09_url_starts_with_tfps_keys_and_round_trips():
    for seed in SEEDS:
        pg = Playground("spirals: four layers of 4", seed=seed, regularization="L1", reg_rate=0.01)
        keys = [part.split("=")[0] for part in pg.url()[1:].split("&")]
        assert keys[:5] == ["activation", "regularization", "batchSize", "dataset", "regDataset"]
        assert keys.index("problem") < keys.index("optimizer")
        assert Playground.from_url(pg.url()).settings() == pg.settings()


# --- 9. beyond TFP: an activation per layer, a learning-rate schedule ----------------------------------

@claim("09", "where \"same\" follows **g (all)**")
def test_09_same_follows_the_activation_of_all_layers():
    run = ptmod.PlaygroundTraining(layers=3, activation="tanh", activation2="relu")
    assert run.activations == ["tanh", "relu", "tanh"]
    assert [layer.name for layer in run.model.layers[1::2]] == ["tanh", "relu", "tanh"]
    pg = Playground(layers=2)
    pg.controls["activation"].value = "elu"
    pg.controls["activation2"].value = "sigmoid"
    assert pg.training.activations == ["elu", "sigmoid"]


@claim("09", "*step* divides it by 10 every $T$ steps, $\\eta_k = \\eta \\cdot 0.1^{\\lfloor k/T \\rfloor}$;\n"
             "*cosine* lowers it along half a cosine over $T$ steps and starts again")
def test_09_the_schedules():
    step = ptmod.PlaygroundTraining(lr=0.3, schedule="step", schedule_steps=50)
    assert [step.current_lr(k) for k in (0, 49, 50, 149, 150)] == pytest.approx([0.3, 0.3, 0.03, 0.003, 0.0003])
    cosine = ptmod.PlaygroundTraining(lr=0.3, schedule="cosine", schedule_steps=50)
    etas = [cosine.current_lr(k) for k in range(120)]
    assert etas[0] == etas[50] == etas[100] == 0.3 and all(0 < eta <= 0.3 for eta in etas)
    assert all(a > b for a, b in zip(etas[:49], etas[1:50]))  # falling over each T steps
    assert etas[25] == pytest.approx(0.15)


@claim("09", "The readout shows the $\\eta$ of the next step.")
def test_09_the_readout_shows_the_next_eta():
    run = ptmod.PlaygroundTraining(optimizer="SGD", lr=1.0, schedule="step", schedule_steps=10)
    for steps in (5, 5, 12):
        run.train(steps)
        assert f"η {run.current_lr():.3g}:" in run.readout() and run.current_lr() == 0.1 ** (run.steps_done // 10)


@claim("09", "In none of the seeds did the loss go up again after step 100")
def test_09_the_step_schedule_ends_sgds_overshooting():
    for run in train_over_seeds("momentum vs SGD", seeds=range(8), frames=40, optimizer="SGD", schedule="step",
                                schedule_steps=100):
        loss = np.array(run.history["train"])
        assert np.all(loss[11:] <= loss[10:-1])


# --- 10. the table -----------------------------------------------------------------------------------

@claim("09", "| learning-rate schedule | no | constant, step or cosine (section 9) |")
def test_09_table_schedules():
    assert ptmod.SCHEDULES == ("constant", "step", "cosine")


@claim("09", "| activations | ReLU, tanh, sigmoid, linear, one for every layer | the same, ELU and softplus; one per "
             "layer if you like |")
def test_09_table_activations():
    assert set(ptmod.ACTIVATIONS) == {"relu", "tanh", "sigmoid", "identity", "elu", "softplus"}
    assert ptmod.TFP_ACTIVATIONS["linear"] == "identity" and set(ptmod.LAYER_ACTIVATIONS) == {"same",
                                                                                              *ptmod.ACTIVATIONS}

@claim("09", "| points | 500 (1200 for regression), fixed | 20–2000 |")
def test_09_table_points():
    assert ptmod.TFP_POINTS == {"classification": 500, "regression": 1200} and pgmod.WHOLE["n"][:2] == (20, 2000)


@claim("09", "| hidden layers | 0–6, of 1–8 units | 0–6, of 1–16 units (the first 8 of each drawn) |")
def test_09_table_hidden_layers():
    assert pgmod.WHOLE["layers"][:2] == (0, 6) and pgmod.WHOLE["width3"][:2] == (1, 16) and pgmod.UNITS_SHOWN == 8


@claim("09", "moons, circles, spirals and blobs with 2–5 classes")
def test_09_table_classes():
    assert pgmod.WHOLE["classes"][:2] == (2, 5)
    for dataset in ("spirals", "blobs"):
        assert Playground(dataset=dataset, classes=5).n_classes == 5


@claim("09", "| learning rate | 0.00001 to 10 | the same values, and 0.0003 |")
def test_09_table_learning_rates():
    tfp = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10)
    assert sorted(set(ptmod.LEARNING_RATES) - set(tfp)) == [0.0003] and set(tfp) <= set(ptmod.LEARNING_RATES)


@claim("09", "| regularisation | none, L1, L2, rate 0 to 10 | the same, applied the same way (section 7) |")
def test_09_table_regularisation_rates():
    assert ptmod.REGULARIZATION_RATES == (0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10)


@claim("09", "| batch size | 1–30 | 1–256, or the full batch |")
def test_09_table_batch_sizes():
    for batch in (1, 30, 256, 0):
        ptmod.PlaygroundTraining(batch=batch)
    with pytest.raises(ln.errors.InputError, match="batch must be a whole number from 1 to 256, or 0"):
        ptmod.PlaygroundTraining(batch=257)


@claim("09", "L2 tempers that confidence rather than moving the boundary, and with Adam it is decoupled weight "
             "decay (7)")
def test_09_takeaway_on_l2():
    test_09_l2_ends_with_a_lower_test_loss_and_smaller_weights.__wrapped__()
    test_09_l2_hardly_moves_the_test_accuracy.__wrapped__()
    test_09_with_adam_l2_is_adamws_decoupled_decay.__wrapped__()


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


# --- 9-11, 14. beyond TFP: dropout, side by side, PyTorch code ----------------------------------------

@claim("09", "Beyond both: an activation per layer, a learning-rate schedule, dropout, two runs side by side\n"
             "on the same mini-batches, and the trained network as PyTorch code")
def test_09_beyond_both_exists():
    pg = Playground(layers=2, activation1="relu", activation2="tanh", schedule="cosine", dropout=0.1)
    assert pg.training.activations == ["relu", "tanh"]
    assert any(isinstance(layer, ln.Dropout) for layer in pg.model)
    assert callable(pgmod.SideBySide) and "nn.Sequential(" in pg.to_torch_code()


@claim("09", "every hidden unit's output is set to 0 with probability $p$, and the units kept are divided by "
             "$1-p$")
def test_09_dropout_drops_with_probability_p_and_rescales_the_rest():
    for p in (0.1, 0.3, 0.5):
        for seed in SEEDS:
            A = ln.Dropout(p, rng=seed).forward(np.ones((2000, 16)))
            dropped = np.mean(A == 0)
            assert abs(dropped - p) < 4 * np.sqrt(p * (1 - p) / A.size), (p, seed, dropped)
            assert np.allclose(A[A != 0], 1 / (1 - p), rtol=1e-15)


@claim("09", "so each unit's expected output is the whole net's")
def test_09_dropout_keeps_each_units_expected_output():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1, 8))
    for seed in SEEDS:
        drop = ln.Dropout(0.4, rng=seed)
        mean = np.mean([drop.forward(X) for _ in range(20000)], axis=0)
        assert np.allclose(mean, X, atol=4 * np.abs(X).max() * np.sqrt(0.4 / 0.6 / 20000))


@claim("09", "The losses, the accuracies and the picture use the whole net, no unit dropped and nothing rescaled")
def test_09_the_losses_and_the_picture_are_the_whole_nets():
    for seed in SEEDS:
        t = ptmod.PlaygroundTraining("overfitting with noise", dropout=0.5, seed=seed)
        t.train(20)
        assert not t.model.training and not any(layer.training for layer in t.model)
        whole = t.model.forward(t.F_test)
        assert np.array_equal(t.outputs(t.F_test), whole) and np.array_equal(t.outputs(t.F_test), whole)
        assert t.history["test"][-1] == pytest.approx(float(t.loss_fn(whole, t.T_test)), rel=1e-12)
        masked = t.model.train().forward(t.F_test)
        t.model.eval()
        assert not np.allclose(masked, whole)  # a thinned net would have given other outputs


@claim("09", "Both sides draw from the one seed, so they get the very same points, split and mini-batches and, "
             "wherever their networks are the same, the very same initial weights")
def test_09_both_sides_share_points_batches_and_initial_weights():
    for name in pgmod.COMPARISONS:
        for seed in SEEDS:
            pair = pgmod.SideBySideTraining(name, seed=seed)
            a, b = pair.sides
            assert np.array_equal(a.X_train, b.X_train) and np.array_equal(a.X_test, b.X_test)
            assert pair.same_initial_weights is (name != "depth at 16 units: 1×16 vs 4×4")
    for seed in SEEDS:  # the mini-batches: two equal sides take the very same steps
        pair = pgmod.SideBySideTraining(None, seed=seed, dataset="moons", batch=10)
        pair.train(30)
        assert np.array_equal(pair.left.history["train"], pair.right.history["train"])


@claim("09", "settings given once apply to both sides, and the data and the batch size cannot\ndiffer")
def test_09_shared_settings_and_what_cannot_differ():
    pair = pgmod.SideBySideTraining(None, left=dict(optimizer="SGD"), right=dict(optimizer="Adam"), dataset="moons")
    assert pair.left.values["dataset"] == pair.right.values["dataset"] == "moons"
    for name in ("dataset", "noise", "n", "train", "batch"):
        value = {"dataset": "xor", "noise": 0.3, "n": 100, "train": 50, "batch": 4}[name]
        with pytest.raises(ln.errors.InputError, match=f"differ in {name}"):
            pgmod.SideBySideTraining(None, right={name: value})


def comparison(name, seeds=range(8)):
    frames = {"SGD vs Momentum": 40, "depth at 16 units: 1×16 vs 4×4": 60}.get(name, 30)
    return pgmod.compare_over_seeds(name, seeds=seeds, frames=frames)


@claim("09", pgmod.COMPARISONS["SGD vs Momentum"].note)
def test_09_side_by_side_sgd_rises_momentum_falls():
    for sgd, momentum in comparison("SGD vs Momentum", SEEDS):
        assert sgd.history["step"][-1] == momentum.history["step"][-1] == 400
        assert rises(sgd) >= 5 and rises(momentum) == 0


@claim("09", pgmod.COMPARISONS["overfitting: L2 off vs on"].note)
def test_09_side_by_side_l2_lowers_the_test_loss():
    for none, l2 in comparison("overfitting: L2 off vs on"):
        assert l2.test_loss < none.test_loss
        assert abs(l2.test_accuracy - none.test_accuracy) < 0.1


@claim("09", pgmod.COMPARISONS["overfitting: dropout off vs on"].note)
def test_09_side_by_side_dropout():
    pairs = comparison("overfitting: dropout off vs on")
    assert all(d.train_loss > 0.08 and none.train_loss < 0.01 for none, d in pairs)
    lower = sum(d.test_loss < none.test_loss for none, d in pairs)
    assert (lower, len(pairs) - lower) == (6, 2)
    moves = [d.test_accuracy - none.test_accuracy for none, d in pairs]
    assert max(abs(m) for m in moves) <= 0.1 + 1e-9
    assert sum(m < 0 for m in moves) > sum(m > 0 for m in moves)


@claim("09", "the whole net's train loss stays well above the unregularised one's, and its test loss is lower in\n"
             "most seeds but not all, while the test accuracy hardly moves")
def test_09_dropout_in_words():
    pairs = comparison("overfitting: dropout off vs on")
    assert min(d.train_loss for _, d in pairs) > 10 * max(none.train_loss for none, _ in pairs)
    lower = [d.test_loss < none.test_loss for none, d in pairs]
    assert sum(lower) > len(lower) / 2 and not all(lower)
    assert max(abs(d.test_accuracy - none.test_accuracy) for none, d in pairs) <= 0.1 + 1e-9


@claim("09", pgmod.COMPARISONS["depth at 16 units: 1×16 vs 4×4"].note)
def test_09_side_by_side_depth_at_16_units():
    for wide, deep in comparison("depth at 16 units: 1×16 vs 4×4"):
        assert (wide.units, deep.units) == (16, 16) and (wide.n_params, deep.n_params) == (99, 87)
        assert deep.train_loss < wide.train_loss and deep.test_loss < wide.test_loss
    assert not pgmod.SideBySideTraining("depth at 16 units: 1×16 vs 4×4").same_initial_weights


@claim("09", "each written with `repr`, which reads back\nas exactly the same float64")
def test_09_torch_code_writes_every_weight_exactly():
    import ast
    for seed in SEEDS:
        pg = Playground("one hidden layer on circles", seed=seed)
        pg.train(20)
        tree = ast.parse(pg.to_torch_code())
        values = {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body
                  if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
                  and node.targets[0].id[0] in "Wb" and node.targets[0].id[1:].isdigit()}
        for k, layer in enumerate(pg.training.dense_layers, start=1):
            assert np.array_equal(np.array(values[f"W{k}"]), layer.W.value)
            assert np.array_equal(np.array(values[f"b{k}"]), layer.b.value)


@claim("09", "Where torch is installed, `model(features(x))` gives what the playground gives, to\nwithin 1e-6")
def test_09_torch_code_gives_the_playgrounds_outputs():
    torch = pytest.importorskip("torch")
    for seed in SEEDS:
        pg = Playground("overfitting with noise", seed=seed, dropout=0.2, x1_sq=True)
        pg.train(30)
        namespace = {}
        exec(pg.to_torch_code(), namespace)
        X = np.vstack([pg.X_train, pg.X_test])
        with torch.no_grad():
            got = namespace["model"](namespace["features"](torch.tensor(X, dtype=torch.float64))).numpy()
        assert np.max(np.abs(got - pg.training.outputs(pg.features(X)))) < 1e-6
