"""The playground's TensorFlow Playground parts: its datasets, regularisation, limits, readouts and links."""

import copy
import warnings

import numpy as np
import pytest

import lecture_nn as ln
from lecture_nn.data import TENSORFLOW_PLAYGROUND, tensorflow_playground
from lecture_nn.demos.playground import Playground
from lecture_nn.demos.playground_training import (DEFAULTS, PRESETS, TFP_START, PlaygroundTraining,
                                                  settings_from_link)
from lecture_nn.errors import InputError, LectureNNWarning, UsageError

TFP_DEFAULT_LINK = ("https://playground.tensorflow.org/#activation=tanh&batchSize=10&dataset=circle&regDataset=reg-plane"
                    "&learningRate=0.03&regularizationRate=0&noise=0&networkShape=4,2&seed=0.80007&showTestData=false"
                    "&discretize=false&percTrainData=50&x=true&y=true&xTimesY=false&xSquared=false&ySquared=false"
                    "&cosX=false&sinX=false&cosY=false&sinY=false&collectStats=false&problem=classification"
                    "&initZero=false&hideText=false")


# --- the datasets, as TFP draws them -------------------------------------------------------------

@pytest.mark.parametrize("name", TENSORFLOW_PLAYGROUND)
def test_each_tfp_dataset_has_its_shape_seed_and_plane(name):
    X, y = tensorflow_playground(name, n=301, noise=0.3, rng=4)
    again = tensorflow_playground(name, n=301, noise=0.3, rng=4)
    assert np.array_equal(X, again[0]) and np.array_equal(y, again[1])
    assert X.shape == (301, 2) and np.all(np.abs(X) <= 6 + 6 * 0.3 + 1e-12) or name == "gauss"
    if name.startswith("reg-"):
        assert y.shape == (301, 1) and y.dtype == np.float64
    else:
        assert y.shape == (301,) and y.dtype == np.int64 and set(np.unique(y)) == {0, 1}
    other = tensorflow_playground(name, n=301, noise=0.3, rng=5)[0]
    assert not np.array_equal(X, other)


def test_tfp_circle_without_noise_labels_the_inner_disc():
    X, y = tensorflow_playground("circle", n=1000, rng=0)
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.array_equal(y, (r < 2.5).astype(int)) and y.sum() == 500
    assert np.all((r <= 2.5) | ((r >= 3.5) & (r <= 5)))


def test_tfp_xor_without_noise_keeps_away_from_the_axes():
    X, y = tensorflow_playground("xor", n=1000, rng=0)
    assert np.all((np.abs(X) >= 0.3) & (np.abs(X) <= 5.3))
    assert np.array_equal(y, (X[:, 0] * X[:, 1] >= 0).astype(int))


def test_tfp_gauss_variance_grows_with_the_noise_as_tfp_scales_it():
    X, y = tensorflow_playground("gauss", n=40_000, noise=0.2, rng=0)
    inner = X[y == 1]
    assert np.allclose(inner.mean(axis=0), [2, 2], atol=0.05)
    assert np.allclose(inner.var(axis=0), 0.5 + 7 * 0.2, rtol=0.05)  # TFP's linear scale [0, .5] -> [.5, 4]


def test_tfp_spiral_without_noise_lies_on_two_arms_half_a_turn_apart():
    X, y = tensorflow_playground("spiral", n=400, rng=0)
    r = np.hypot(X[:, 0], X[:, 1])
    t = 1.75 * 2 * np.pi * r / 5 + np.pi * (y == 0)  # the angle of the arm at radius r
    assert np.allclose(X, np.column_stack([r * np.sin(t), r * np.cos(t)]), atol=1e-9)
    assert r.max() < 5 and (y == 1).sum() == 200


def test_tfp_regressions_without_noise_are_the_plane_and_the_six_bumps():
    X, y = tensorflow_playground("reg-plane", n=500, rng=1)
    assert np.allclose(y[:, 0], (X[:, 0] + X[:, 1]) / 10)
    X, y = tensorflow_playground("reg-gauss", n=500, rng=1)
    bumps = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]
    for x, value in zip(X, y[:, 0]):
        heights = [sign * max(0.0, 1 - np.hypot(x[0] - cx, x[1] - cy) / 2) for cx, cy, sign in bumps]
        assert value == max(heights, key=abs)


@pytest.mark.parametrize("kwargs, message", [
    (dict(name="circles"), "name must be one of 'circle', 'xor', .*got the string 'circles'. Did you mean 'circle'"),
    (dict(noise=0.6), r"noise must be a number in \[0, 0.5\], got 0.6"),
    (dict(n=1), r"n must be an integer in \[2, "),
    (dict(rng="a"), "rng"),
])
def test_tfp_datasets_refuse_bad_arguments_by_name(kwargs, message):
    with pytest.raises(InputError, match=f"tensorflow_playground: {message}"):
        tensorflow_playground(**kwargs)


def test_the_playground_offers_tfp_datasets_beside_ours_with_their_tasks():
    for name, task in (("TFP circle", "classification"), ("TFP spiral", "classification"),
                       ("TFP plane", "regression"), ("TFP multi-gauss", "regression")):
        run = PlaygroundTraining(dataset=name, n=200)
        assert run.task == task and len(run.X_train) + len(run.X_test) == 200
        assert np.abs(run.X_train).max() > 3  # TFP's plane, [-6, 6]
    pg = Playground()
    assert {"moons", "TFP circle", "TFP xor", "TFP gauss", "TFP spiral", "TFP plane", "TFP multi-gauss"} <= set(
        pg.controls["dataset"].options)


# --- limits and readouts ---------------------------------------------------------------------------

def test_six_hidden_layers_of_sixteen_units_train_and_show_a_row_of_units_each():
    pg = Playground(layers=6, **{f"width{k}": 16 for k in range(1, 7)}, steps=2)
    assert [layer.d_out for layer in pg.model.layers[::2]] == [16] * 6 + [1]
    pg.run(2)
    assert pg.steps_done == 4
    drawn = [len(column) for column in pg.picture.cells]
    assert drawn == [2] + [8] * 6 + [1]  # the inputs, the first 8 units of each layer, the output
    assert "16 units\n(8 shown)" in [text.get_text() for text in pg.ax_net.texts]
    with pytest.raises(InputError, match="layers must be a whole number from 0 to 6, got 7"):
        Playground(layers=7)


def test_the_readout_counts_step_epoch_and_parameters():
    run = PlaygroundTraining(n=200, train=50, batch=20, layers=1, width1=3)  # 100 training points
    run.train(7)
    text = run.readout()
    assert run.examples_seen == 140 and run.epoch == pytest.approx(1.4)
    assert text.startswith("step 7, epoch 1.4, η 0.03: train loss ") and "accuracy train" in text
    assert text.endswith(f"; {2 * 3 + 3 + 3 + 1} parameters")
    run.set(batch=0)  # the full batch: one epoch a step
    run.train(2)
    assert run.epoch == pytest.approx(3.4)
    run.reset()
    assert run.epoch == 0 and run.readout().startswith("step 0, epoch 0.0, η 0.03: ")


def test_show_test_data_and_discretize_change_the_picture_not_the_training():
    pg = Playground("one hidden layer on circles", steps=5)
    pg.run(3)
    before = copy.deepcopy(pg.model.state_dict())
    heat = pg.heat.get_array().copy()
    assert pg.test_pts.get_visible()
    pg.controls["show_test"].value = False
    pg.controls["discretize"].value = True
    assert not pg.test_pts.get_visible() and pg.steps_done == 15
    field = pg.heat.get_array()
    assert set(np.unique(field)) <= {0.0, 1.0} and np.array_equal(field, (heat > 0.5).astype(float))
    assert all(np.array_equal(before[k], v) for k, v in pg.model.state_dict().items())
    multi = Playground(dataset="blobs", classes=3, discretize=True)
    multi.run(10)
    colors = multi.heat.get_array().reshape(-1, 3)
    assert len(np.unique(colors.round(6), axis=0)) == 3  # one full colour per class, no shades


# --- regularisation, as TFP applies it ----------------------------------------------------------------

def one_step(reg, optimizer="SGD", rate=0.1, lr=0.3):
    run = PlaygroundTraining(optimizer=optimizer, lr=lr, batch=0, layers=2, width1=5, width2=3, n=60,
                             regularization=reg, reg_rate=rate)
    before = {k: v.copy() for k, v in run.model.state_dict().items()}
    run.train(1)
    return run, before


def test_l2_with_sgd_is_gradient_descent_on_the_loss_plus_half_lambda_w_squared():
    run, before = one_step("L2")
    model = copy.deepcopy(run.model)
    model.load_state_dict(before)
    loss = ln.BCEWithLogitsLoss()
    loss.forward(model.forward(run.F_train), run.T_train)
    model.backward(loss.backward())
    for name, p in model.named_parameters():
        penalty = 0.1 * p.value if name.endswith("W") else 0.0  # d/dW of (λ/2)||W||²; biases are not penalised
        assert np.allclose(run.model.state_dict()[name], p.value - 0.3 * (p.grad + penalty), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("optimizer", ["Momentum", "RMSprop", "Adam"])
def test_l2_with_another_optimizer_is_decoupled_weight_decay(optimizer):
    decayed, before = one_step("L2", optimizer)
    plain, _ = one_step("none", optimizer)
    for name, value in decayed.model.state_dict().items():
        decay = 0.3 * 0.1 * before[name] if name.endswith("W") else 0.0  # AdamW's w <- w' - ηλw
        assert np.allclose(value, plain.model.state_dict()[name] - decay, rtol=1e-12, atol=1e-15)


def test_l1_steps_by_eta_lambda_towards_zero_and_prunes_what_it_would_carry_across():
    pruning, before = one_step("L1", rate=3.0, lr=0.1)
    plain, _ = one_step("none", lr=0.1)
    for k, (name, value) in enumerate(pruning.model.state_dict().items()):
        after = plain.model.state_dict()[name]
        if not name.endswith("W"):
            assert np.allclose(value, after, rtol=1e-12)
            continue
        stepped = after - 0.1 * 3.0 * np.sign(before[name])
        crossed = after * stepped < 0
        assert np.array_equal(pruning.pruned[k // 2], crossed)
        assert np.allclose(value, np.where(crossed, 0.0, stepped), rtol=1e-12, atol=1e-15)
    assert pruning.n_pruned > 0 and f"({pruning.n_pruned} weights pruned by L1)" in pruning.readout()


def test_a_pruned_weight_stays_zero_until_a_reset():
    run = PlaygroundTraining(regularization="L1", reg_rate=0.3, lr=0.1, optimizer="SGD")
    run.train(30)
    pruned = [mask.copy() for mask in run.pruned]
    assert sum(m.sum() for m in pruned) > 0
    run.set(regularization="none", lr=1.0)
    run.train(30)
    for W, mask in zip(run.weights, pruned):
        assert np.all(W.value[mask] == 0)
    run.reset()
    assert run.n_pruned == 0 and not np.all(run.weights[0].value == 0)


def test_without_regularisation_nothing_changes_from_before():
    run = PlaygroundTraining(seed=2)
    other = PlaygroundTraining(seed=2, reg_rate=0.3)  # a rate alone, with regularization none, is unused
    run.train(20)
    other.train(20)
    assert all(np.array_equal(v, other.model.state_dict()[k]) for k, v in run.model.state_dict().items())


# --- links ---------------------------------------------------------------------------------------

ROUND_TRIPS = [
    dict(),
    *[dict(preset=name, seed=seed) for name in PRESETS for seed in (0, 7)],
    dict(dataset="TFP plane", noise=0.123456789, width5=3, regularization="L1", reg_rate=0.3, batch=0,
         show_test=False, discretize=True),
    dict(dataset="regression 1D", activation="identity", layers=0, sin_x1=True, x1_sq=True),
    dict(dataset="TFP multi-gauss", layers=6, width6=1, optimizer="RMSprop", beta2=0.95, lr=1e-5, steps=3),
    dict(dataset="blobs", classes=5, n=2000, train=10, noise=0.5, beta=0.0, x1x2=True, sin_x2=True, x2_sq=True),
    dict(layers=3, activation="elu", activation2="tanh", activation5="sigmoid", schedule="cosine", schedule_steps=70),
    dict(schedule="step", schedule_steps=10, lr=1.0, optimizer="Momentum"),
]


@pytest.mark.parametrize("settings", ROUND_TRIPS)
def test_from_url_of_url_is_the_very_same_run(settings):
    run = PlaygroundTraining(**settings)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # our own links honour every key
        again = PlaygroundTraining.from_url(run.url())
    assert again.settings() == run.settings()
    run.train(5)
    again.train(5)
    assert all(np.array_equal(v, again.model.state_dict()[k]) for k, v in run.model.state_dict().items())


def test_a_link_copied_from_tfp_opens_its_playground_and_names_the_seed_it_cannot_reproduce():
    with pytest.warns(LectureNNWarning, match=r"seed=0.80007 \(TFP's random numbers cannot be reproduced") as caught:
        pg = Playground.from_url(TFP_DEFAULT_LINK)
    assert len(caught) == 1 and "initZero" not in str(caught[0].message)  # false keys change nothing
    v = pg.training.values
    assert (v["dataset"], v["activation"], v["optimizer"], v["lr"], v["batch"], v["train"]) == (
        "TFP circle", "tanh", "SGD", 0.03, 10, 50)
    assert (v["layers"], v["width1"], v["width2"], v["n"], v["noise"], v["show_test"]) == (2, 4, 2, 500, 0.0, False)
    assert [k for k in DEFAULTS if v[k] and k in ("x1", "x2", "x1_sq", "x2_sq", "x1x2", "sin_x1", "sin_x2")] == [
        "x1", "x2"]
    with pytest.warns(LectureNNWarning):
        again = Playground.from_url(TFP_DEFAULT_LINK)
    assert again.training.seed == pg.training.seed and np.array_equal(again.X_train, pg.X_train)
    pg.run(2)
    assert pg.url().startswith("#activation=tanh&regularization=none&batchSize=10&dataset=circle&")


def test_keys_a_link_leaves_out_take_tfps_start():
    settings = settings_from_link("#networkShape=3&problem=regression&seed=4")
    assert settings["seed"] == 4 and settings["dataset"] == "TFP plane" and settings["n"] == 1200
    assert settings["layers"] == 1 and settings["width1"] == 3
    assert all(settings[k] == v for k, v in TFP_START.items() if k not in ("layers", "width1", "width2"))
    assert settings["width2"] == DEFAULTS["width2"]  # the slider of a layer not in use: as it starts
    assert settings_from_link("#networkShape=")["layers"] == 0


@pytest.mark.parametrize("extra, named", [
    ("cosX=true", r"cosX=true \(there is no cos x₁ feature here\)"),
    ("cosY=true", "cosY=true"), ("initZero=true", "initZero=true"), ("collectStats=true", "collectStats"),
    ("hideText=true", "hideText"), ("tutorial=dropout", "tutorial=dropout"),
    ("x_hide=true", r"x_hide=true \(hides a control in TFP"),
    ("problem=regression&regDataset=reg-maximum", r"regDataset=reg-maximum \(not here; 'TFP plane' instead\)"),
    ("learnigRate=0.1", "learnigRate=0.1 \\(an unknown key; did you mean 'learningRate'"),
])
def test_what_a_link_asks_for_and_cannot_have_here_is_named_in_a_warning(extra, named):
    with pytest.warns(LectureNNWarning, match=named):
        run = PlaygroundTraining.from_url(f"#seed=1&networkShape=2&{extra}")
    assert run.values["width1"] == 2 and run.seed == 1  # the rest is honoured


@pytest.mark.parametrize("text, message", [
    ("#learningRate=fast", "learningRate='fast' in the link must be a number"),
    ("#learningRate=0.05", r"learningRate='0.05' in the link: lr must be one of \[.*the nearest is 0.03"),
    ("#networkShape=4,40", r"networkShape='4,40' in the link: width2 must be a whole number from 1 to 16"),
    ("#networkShape=1,1,1,1,1,1,1", "networkShape=.* layers must be a whole number from 0 to 6, got 7"),
    ("#networkShape=2.5", "networkShape='2.5' in the link must be a whole number"),
    ("#dataset=moon", "dataset='moon' in the link must be one of TFP's 'circle', 'xor', 'gauss', 'spiral' or"),
    ("#problem=ranking", "problem='ranking' in the link must be 'classification' or 'regression'"),
    ("#activation=swish", "activation='swish' in the link: activation must be one of"),
    ("#noise=80", r"noise='80' in the link: noise must be a number in \[0, 0.5\], got 0.8"),
    ("#preset=nope", "preset: unknown preset 'nope'"),
    ("activation tanh", "text must be a link with key=value pairs after '#'"),
    (None, "text must be a link such as"),
])
def test_a_wrong_value_in_a_link_is_refused_naming_the_key(text, message):
    with pytest.raises(InputError, match=f"from_url: {message}"):
        Playground.from_url(text)


def test_a_link_cannot_carry_your_own_data():
    X, y = ln.data.moons(40, rng=0)
    pg = Playground(X=X, y=y)
    with pytest.raises(UsageError, match=r"url: a link cannot carry your own data .*pg.settings\(\)"):
        pg.url()


def test_the_regularisation_controls_reach_the_training():
    pg = Playground()
    pg.controls["regularization"].value = "L2"
    pg.controls["reg_rate"].value = 0.01
    pg.controls["batch"].value = 10
    assert (pg.training.values["regularization"], pg.training.values["reg_rate"], pg.training.values["batch"]) == (
        "L2", 0.01, 10)
    assert "regularization=L2&" in pg.url() and "regularizationRate=0.01&" in pg.url() and "batchSize=10&" in pg.url()


# --- beyond TFP: an activation per layer, a learning-rate schedule -------------------------------------

def test_each_hidden_layer_may_have_its_own_activation():
    run = PlaygroundTraining(layers=3, activation="relu", activation2="tanh")
    assert [layer.name for layer in run.model.layers[1::2]] == ["relu", "tanh", "relu"]
    assert run.activations == ["relu", "tanh", "relu"]
    assert [layer.init for layer in run.model.layers[::2]] == ["he", "glorot", "he", "he"]
    builds = run.builds
    run.set(activation3="sigmoid")
    assert run.builds == builds + 1 and run.activations == ["relu", "tanh", "sigmoid"]
    run.set(activation="elu")  # every layer still on "same" follows
    assert run.activations == ["elu", "tanh", "sigmoid"]
    same = PlaygroundTraining(layers=2, activation="tanh")
    mixed = PlaygroundTraining(layers=2, activation="tanh", activation1="tanh", activation2="same")
    assert all(np.array_equal(v, mixed.model.state_dict()[k]) for k, v in same.model.state_dict().items())
    with pytest.raises(InputError, match="activation2 must be one of 'same', 'relu'"):
        PlaygroundTraining(activation2="swish")
    pg = Playground(layers=2, activation2="tanh")
    assert "relu/tanh" in pg.ax.get_title() and pg.controls["activation2"].value == "tanh"


@pytest.mark.parametrize("schedule, expected", [
    ("constant", [0.1, 0.1, 0.1, 0.1, 0.1]),
    ("step", [0.1, 0.1, 0.01, 0.01, 0.001]),
    ("cosine", [0.1, 0.05, 0.1, 0.05, 0.1]),  # (k mod 20) / 20 = 0, 1/2, 0, 1/2, 0
])
def test_the_schedules_learning_rates(schedule, expected):
    run = PlaygroundTraining(lr=0.1, schedule=schedule, schedule_steps=20)
    got = [run.current_lr(k) for k in (0, 10, 20, 30, 40)]
    assert got == pytest.approx(expected, rel=1e-12)


def test_each_step_uses_the_schedules_learning_rate():
    run = PlaygroundTraining(optimizer="SGD", lr=1.0, batch=0, schedule="step", schedule_steps=10, n=60)
    for k in range(25):
        before = run.model.layers[-1].b.value.copy()
        run.train(1)
        g = run.model.layers[-1].b.grad  # SGD: b <- b - eta_k g
        assert np.allclose(before - run.model.layers[-1].b.value, run.current_lr(k) * g, rtol=1e-10)
        assert run.opt.lr == pytest.approx(0.1 ** (k // 10))
    assert "η 0.01" in run.readout()
    run.reset()
    assert run.current_lr() == 1.0 and "η 1:" in run.readout()


@pytest.mark.parametrize("settings", [dict(n=500), dict(dataset="regression 1D", x1_sq=True),
                                      dict(dataset="blobs", classes=4, layers=3, width2=16),
                                      dict(dataset="TFP spiral", layers=0, discretize=True)])
def test_the_blitted_picture_is_the_full_drawing_pixel_for_pixel(settings):
    from io import BytesIO

    from PIL import Image
    pg = Playground(**settings)
    pg.run(3)
    for unit in ("output", (1, 1)) if settings.get("layers", 2) else ("output",):
        pg.controls["unit"].value = unit
        blitted = np.asarray(Image.open(BytesIO(pg.png())))
        for artist in pg.picture.animated:
            artist.set_animated(False)
        pg.fig.canvas.draw()  # matplotlib's own drawing of everything, unit maps included
        full = np.asarray(pg.fig.canvas.buffer_rgba())[..., :3]
        for artist in pg.picture.animated:
            artist.set_animated(True)
        pg.picture.redraw_background()  # it was drawn with the moving artists in it
        assert np.array_equal(blitted, full), f"{unit}: {np.sum(np.any(blitted != full, axis=2))} pixels differ"
