"""The playground: every control, training while playing, reset, divergence, presets, user data, export."""

import numpy as np
import pytest

import lecture_nn as ln
from lecture_nn.demos import playground as pgmod
from lecture_nn.demos.playground import PRESETS, Playground


def weights(model):
    return {name: value.copy() for name, value in model.state_dict().items()}


def test_every_control_to_its_extremes_without_an_exception():
    pg = Playground(n=100)
    for name, value, _ in pg.sweep():
        assert pg.last_error is None, f"{name} = {value!r}: {pg.last_error}"
    assert len(pg.controls) >= 25


def test_play_advances_training_and_the_loss_falls_on_an_easy_preset():
    pg = Playground("one hidden layer on circles")
    first = pg.history["train"][0]
    for _ in range(30):
        pg.play.value += 1  # what the Play widget's ticker does, once per frame
    assert pg.steps_done == 30 * pg.values["steps"]
    assert pg.history["train"][-1] < 0.5 * first
    assert "after 300 steps" in pg.ax_loss.get_title()


def test_step_button_does_one_frame():
    pg = Playground(steps=7)
    pg.step()
    assert pg.steps_done == 7 and len(pg.history["step"]) == 2


def test_reset_returns_exactly_the_initial_weights():
    pg = Playground("spirals: two layers of 8")
    start = weights(pg.model)
    pg.run(5)
    assert any(not np.array_equal(start[k], v) for k, v in weights(pg.model).items())
    pg.reset()
    after = weights(pg.model)
    assert all(np.array_equal(start[k], after[k]) for k in start)
    assert pg.steps_done == 0 and pg.history["step"] == [0]
    # and training again retraces the first run exactly (same batches, fresh optimizer)
    pg.step()
    again = weights(pg.model)
    pg.reset()
    pg.step()
    assert all(np.array_equal(again[k], v) for k, v in weights(pg.model).items())


def test_new_seed_gives_new_initial_weights():
    pg = Playground()
    start = weights(pg.model)
    pg.new_seed()
    assert pg.seed == 1
    assert any(not np.array_equal(start[k], v) for k, v in weights(pg.model).items())


def test_a_diverging_learning_rate_shows_diverged_and_can_be_reset():
    pg = Playground(dataset="regression 2D", optimizer="SGD", lr=10.0, activation="identity", batch=0)
    pg.play.playing = True
    for _ in range(5):
        pg.play.value += 1
    assert pg.diverged and pg.last_error is None
    assert pg.diverged_text.get_visible() and "diverged" in pg.diverged_text.get_text()
    assert "diverged" in pg.ax_loss.get_title()
    assert pg.play.playing is False  # playing stops by itself
    steps = pg.steps_done
    pg.play.value += 1  # further ticks do nothing
    assert pg.steps_done == steps
    pg.controls["lr"].value = 0.01
    pg.reset()
    pg.refresh()
    assert not pg.diverged and not pg.diverged_text.get_visible()
    pg.step()
    assert np.isfinite(pg.history["train"][-1])


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_loads_trains_and_shows_its_commentary(name):
    pg = Playground()
    pg.controls["preset"].value = name
    assert pg.note == PRESETS[name].note and pg.last_error is None
    for key, value in PRESETS[name].settings.items():
        assert pg.values[key] == value
    pg.step()
    assert np.isfinite(pg.history["train"][-1])
    assert pg.widget is not None  # builds it
    assert PRESETS[name].note[:20] in pg.note_html.value


def test_linear_collapse_preset_stays_a_line():
    pg = Playground("linear collapse")
    pg.run(20)
    # a net without nonlinearity is one linear map: its logits over the plane are a plane
    P = np.random.default_rng(0).uniform(-1, 1, size=(50, 2))
    logits = pg.model.forward(pg.features(P))[:, 0]
    A = np.column_stack([P, np.ones(len(P))])
    residual = logits - A @ np.linalg.lstsq(A, logits, rcond=None)[0]
    assert np.abs(residual).max() < 1e-9


def test_losses_follow_the_task():
    assert isinstance(Playground(dataset="moons").loss_fn, ln.BCEWithLogitsLoss)
    assert isinstance(Playground(dataset="blobs", classes=4).loss_fn, ln.CrossEntropyLoss)
    assert isinstance(Playground(dataset="regression 1D").loss_fn, ln.MSELoss)
    pg = Playground(dataset="blobs", classes=4)
    assert pg.model.layers[-1].d_out == 4 and pg.heat.get_array().shape == (pgmod.GRID, pgmod.GRID, 3)


def test_features_toggle_the_inputs():
    pg = Playground(x1_sq=True, x2_sq=True)
    assert pg.feature_names == ["x1", "x2", "x1_sq", "x2_sq"] and pg.model.layers[0].d_in == 4
    pg.controls["x1"].value = False
    assert pg.feature_names == ["x2", "x1_sq", "x2_sq"]
    for name in pgmod.FEATURES:  # nothing ticked: x1 alone, never an empty input
        pg.controls[name].value = False
    assert pg.feature_names == ["x1"] and pg.last_error is None
    X = np.array([[2.0, 3.0]])
    assert pgmod.features(X, ["x1_sq", "x1x2", "sin_x2"]).tolist() == [[4.0, 6.0, np.sin(3.0)]]


def test_widths_per_layer_and_no_hidden_layer():
    pg = Playground(layers=3, width1=2, width2=5, width3=16)
    assert [layer.d_out for layer in pg.model.layers[::2]] == [2, 5, 16, 1]
    assert sum(ax.get_visible() for row in pg.unit_axes for ax in row) == 2 + 5 + 8
    pg.controls["layers"].value = 0
    assert len(pg.model.layers) == 1 and "linear model" in pg.unit_label.get_text()


def test_optimizer_and_hyperparameters_change_on_the_fly_keeping_the_weights():
    pg = Playground(optimizer="SGD", lr=0.1)
    pg.step()
    now = weights(pg.model)
    pg.controls["optimizer"].value = "RMSprop"
    assert isinstance(pg.opt, ln.RMSprop) and pg.opt.lr == pytest.approx(0.1)
    assert all(np.array_equal(now[k], v) for k, v in weights(pg.model).items())
    pg.controls["lr"].value = 0.01
    pg.controls["beta"].value = 0.5
    assert pg.opt.lr == pytest.approx(0.01) and pg.opt.beta == 0.5
    pg.controls["optimizer"].value = "Adam"
    pg.controls["beta2"].value = 0.95
    assert pg.opt.beta1 == 0.5 and pg.opt.beta2 == pytest.approx(0.95)


def test_your_own_data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((60, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    pg = Playground(X=X, y=y, x1x2=True)
    assert pg.values["dataset"] == "your data" and pg.task == "classification"
    assert len(pg.X_train) + len(pg.X_test) == 60
    pg.run(10)
    assert pg.history["train"][-1] < pg.history["train"][0]
    # a preset brings its own data; yours stays one click away
    pg.controls["preset"].value = "one hidden layer on circles"
    assert pg.values["dataset"] == "circles"
    pg.controls["dataset"].value = "your data"
    assert len(pg.X_train) + len(pg.X_test) == 60 and pg.last_error is None
    # 1D regression data
    x = np.linspace(-2, 2, 40)[:, None]
    pg1 = Playground(X=x, y=np.cos(x[:, 0]))
    assert pg1.task == "regression" and pg1.one_d and pg1.feature_names == ["x1"]


@pytest.mark.parametrize("X, y, message", [
    (np.zeros((10, 3)), np.zeros(10, int), r"X must have shape \(N, 2\).*got \(10, 3\)"),
    (np.zeros(10), np.zeros(10, int), r"got \(10,\)"),
    (np.zeros((10, 2)), np.zeros(9, int), r"y must have shape \(N,\) = \(10,\).*got \(9,\)"),
    (np.full((10, 2), np.nan), np.zeros(10, int), "finite"),
    (np.zeros((10, 2)), -np.ones(10, int), "class labels must be 0, 1, 2"),
    (np.zeros((10, 1)), np.zeros(10, int), "classification needs 2D inputs"),
    (np.zeros((2, 2)), np.zeros(2, int), "at least 4 points"),
])
def test_user_data_of_the_wrong_shape_gets_a_clear_error(X, y, message):
    with pytest.raises(ValueError, match=message):
        Playground(X=X, y=y)


def test_bad_arguments_name_what_exists():
    with pytest.raises(ValueError, match="unknown preset 'nope'; the presets are"):
        Playground("nope")
    with pytest.raises(ValueError, match=r"unknown setting\(s\) \['width9'\]"):
        Playground(width9=3)
    with pytest.raises(ValueError, match="give both X and y"):
        Playground(X=np.zeros((5, 2)))


def test_export_is_an_independent_lecture_nn_model_and_save_loads_back(tmp_path):
    pg = Playground("one hidden layer on circles")
    pg.run(5)
    model = pg.export()
    X = pg.X_test
    np.testing.assert_array_equal(model.forward(pg.features(X)), pg.model.forward(pg.features(X)))
    model.layers[0].W.value[...] = 0
    assert np.any(pg.model.layers[0].W.value != 0)
    pg.save(tmp_path / "mine.npz")
    again = ln.mlp([2, 4, 1], "relu")
    ln.load(tmp_path / "mine.npz", again)
    np.testing.assert_array_equal(again.forward(pg.features(X)), pg.model.forward(pg.features(X)))


def test_shows_as_widget_picture_and_a_stable_line():
    pg = Playground()
    bundle = pg._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and bundle["image/png"][:4] == b"\x89PNG"
    assert bundle["text/plain"].startswith("Playground(data='moons', features=['x1', 'x2'], hidden=[8, 8]")


def test_the_readout_says_step_and_losses_or_diverged():
    pg = Playground()
    assert pg.widget is not None
    pg.step()
    assert pg.readout_html.value.startswith("step 10: train loss ") and "test loss" in pg.readout_html.value
    pg.diverged = True
    assert "diverged" in pg.readout()


def test_presets_named_in_the_notebooks_exist():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    named = set()
    for path in (root / "notebooks").glob("*.ipynb"):
        named |= set(re.findall(r'Playground\(\\"([^"\\]+)\\"\)', path.read_text()))
    assert len(named) >= 6 and named <= set(PRESETS) | {"<preset>"}


def test_run_trains_frames_and_redraws_once_and_display_shows_the_current_state():
    pg = Playground(steps=5)
    pg.run(4)
    assert pg.steps_done == 20 and len(pg.history["step"]) == 5
    assert "after 20 steps" in pg.ax_loss.get_title()
    pg.train(5)  # from code, no redraw ...
    assert "after 20 steps" in pg.ax_loss.get_title()
    assert "steps=25" in pg._repr_mimebundle_()["text/plain"]  # ... until it is displayed
    assert "after 25 steps" in pg.ax_loss.get_title()
    with pytest.raises(ValueError, match="frames >= 1, got 0"):
        pg.run(0)


@pytest.mark.parametrize("setting, message", [
    (dict(lr=0.05), r"lr must be one of \[0.0001, .*got 0.05"),
    (dict(n=85), "n must be a whole number from 20 to 1000 in steps of 10, got 85"),
    (dict(layers=5), "layers must be a whole number from 0 to 4"),
    (dict(width1=0), "width1 must be a whole number from 1 to 16"),
    (dict(noise=0.9), "noise must be from 0.0 to 0.5, got 0.9"),
    (dict(activation="swish"), r"activation must be one of \['relu'"),
    (dict(dataset="your data"), "dataset must be one of"),
    (dict(batch=7), r"batch must be one of \[1, 8"),
])
def test_settings_a_control_cannot_show_get_a_clear_error(setting, message):
    with pytest.raises(ValueError, match=message):
        Playground(**setting)


def test_a_slider_resending_a_float_a_hair_off_changes_nothing():
    pg = Playground("overfitting with noise")
    pg.run(3)
    steps = pg.steps_done
    pg.controls["noise"].value = 0.35000000000000003  # what a browser slider sends back for 0.35
    assert pg.steps_done == steps and pg.values["n"] == 80
    pg.controls["noise"].value = 0.3  # a real move restarts
    assert pg.steps_done == 0


# --- accuracy, runs over seeds, and the presets' notes ------------------------------------------------

def test_history_and_readout_carry_the_accuracy_for_classes():
    pg = Playground("one hidden layer on circles")
    pg.run(2)
    h = pg.history
    assert len(h["train_accuracy"]) == len(h["test_accuracy"]) == len(h["step"]) == 3
    out = pg.model.forward(pg.features(pg.X_test))[:, 0]
    assert h["test_accuracy"][-1] == np.mean((out > 0) == pg.y_test)
    out_train = pg.model.forward(pg.F_train)  # train and test are evaluated from one state, neither overwritten
    assert h["train"][-1] == pytest.approx(pg.loss_fn.forward(out_train, pg.T_train), rel=1e-12)
    assert h["train_accuracy"][-1] == np.mean((out_train[:, 0] > 0) == pg.y_train)
    assert pg.readout().endswith(f"accuracy train {h['train_accuracy'][-1]:.3f}, test {h['test_accuracy'][-1]:.3f}")
    blobs = Playground(dataset="blobs", classes=4)
    assert blobs.history["test_accuracy"][-1] == np.mean(
        blobs.model.forward(blobs.features(blobs.X_test)).argmax(axis=1) == blobs.y_test)
    regression = Playground(dataset="regression 1D")
    assert np.isnan(regression.history["test_accuracy"][-1]) and "accuracy" not in regression.readout()


def test_train_over_seeds_is_the_playgrounds_own_training():
    runs = pgmod.train_over_seeds("overfitting with noise", seeds=[0, 2], frames=4, width1=8)
    assert [run.seed for run in runs] == [0, 2]
    pg = Playground("overfitting with noise", seed=2, width1=8)
    pg.run(4)
    run = runs[1]
    assert run.history["train"] == pg.history["train"] and run.test_accuracy == pg.history["test_accuracy"][-1]
    assert run.units == 8 + 16 + 16 and run.n_params == pg.model.n_params
    np.testing.assert_array_equal(run.model.forward(pg.features(pg.X_test)), pg.model.forward(pg.features(pg.X_test)))
    np.testing.assert_array_equal(run.X_test, pg.X_test)
    assert pgmod.train_over_seeds("overfitting with noise", seeds=[0, 2], frames=4, width1=8)[1] is run  # cached
    with pytest.raises(ValueError, match="unknown preset 'nope'"):
        pgmod.train_over_seeds("nope")
    with pytest.raises(ValueError, match=r"unknown setting\(s\) \['width9'\]"):
        pgmod.train_over_seeds("linear collapse", width9=2)
    with pytest.raises(ValueError, match="lr must be one of"):
        pgmod.train_over_seeds("linear collapse", lr=0.05)


def test_loss_curves_figure_draws_one_curve_per_run_in_its_optimizers_colour():
    sgd = pgmod.train_over_seeds("momentum vs SGD", seeds=[0], frames=3, optimizer="SGD")[0]
    fig = pgmod.loss_curves_figure({"SGD": sgd, "mine": sgd}, title="t")
    (ax,) = fig.axes
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["SGD", "mine"] and ax.get_yscale() == "log"
    assert lines[0].get_color() == ln.plotting.OPTIMIZER_COLORS["SGD"]
    assert list(lines[0].get_ydata()) == sgd.history["train"]


SEEDS = range(5)


def _closed(run):
    t = np.linspace(0, 2 * np.pi, 3600)
    return run.model.forward(100 * np.column_stack([np.cos(t), np.sin(t)])).max() < 0


def _rises(run):
    loss = np.asarray(run.history["train"])
    return int(np.sum(loss[1:] > loss[:-1]))


def _note_linear_collapse():
    P = np.random.default_rng(0).uniform(-2, 2, (100, 2))
    A = np.column_stack([P, np.ones(len(P))])
    for run in pgmod.train_over_seeds("linear collapse", SEEDS, frames=30):
        logit = run.model.forward(P)[:, 0]
        assert np.abs(logit - A @ np.linalg.lstsq(A, logit, rcond=None)[0]).max() < 1e-9


def _note_circles():
    assert all(_closed(run) for run in pgmod.train_over_seeds("one hidden layer on circles", SEEDS, frames=40))
    assert not any(_closed(run) for run in pgmod.train_over_seeds("one hidden layer on circles", SEEDS, frames=40,
                                                                   width1=2))


def _spirals():
    return [pgmod.train_over_seeds(name, SEEDS, frames=60) for name in
            ("spirals: one wide layer", "spirals: two layers of 8", "spirals: four layers of 4")]


def _note_one_wide_layer():
    assert [runs[0].units for runs in _spirals()] == [16, 16, 16]


def _note_two_layers_of_8():
    wide, two, _ = _spirals()
    assert (two[0].n_params, wide[0].n_params) == (123, 99)
    assert all(t.train_loss < 0.5 * w.train_loss for w, t in zip(wide, two))  # "far lower"


def _note_four_layers_of_4():
    wide, two, four = _spirals()
    assert four[0].n_params == 87
    assert all(t.train_loss < f.train_loss < w.train_loss for w, t, f in zip(wide, two, four))


def _note_momentum():
    assert all(_rises(run) >= 5 for run in pgmod.train_over_seeds("momentum vs SGD", SEEDS, frames=40))
    assert all(_rises(run) == 0 for run in pgmod.train_over_seeds("momentum vs SGD", SEEDS, frames=40,
                                                                   optimizer="Momentum"))


def _note_adam():
    assert all(run.test_accuracy > 0.95 for run in pgmod.train_over_seeds("Adam on spirals", SEEDS, frames=50))
    assert all(run.train_loss > 0.55 for run in pgmod.train_over_seeds("Adam on spirals", SEEDS, frames=50,
                                                                        optimizer="SGD"))


def _note_overfitting():
    for run in pgmod.train_over_seeds("overfitting with noise", SEEDS, frames=30):
        h = run.history
        best = int(np.argmin(h["test"]))
        assert h["train"][-1] < 0.01 and h["test"][-1] > 3 * h["test"][best]
        assert abs(h["test_accuracy"][-1] - h["test_accuracy"][best]) <= 0.075 + 1e-9


NOTES = {"linear collapse": _note_linear_collapse, "one hidden layer on circles": _note_circles,
         "spirals: one wide layer": _note_one_wide_layer, "spirals: two layers of 8": _note_two_layers_of_8,
         "spirals: four layers of 4": _note_four_layers_of_4, "momentum vs SGD": _note_momentum,
         "Adam on spirals": _note_adam, "overfitting with noise": _note_overfitting}


@pytest.mark.parametrize("name", list(PRESETS))
def test_each_presets_note_holds_over_seeds_0_to_4(name):
    NOTES[name]()  # a preset without a check here fails: its note is a sentence a student reads
