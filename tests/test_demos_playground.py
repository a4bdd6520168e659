"""The playground: every control, training while playing, reset, divergence, presets, user data, export."""

import base64

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
    assert pg.steps_done == steps and pg.last_error is None
    for call in (lambda: pg.train(10), lambda: pg.run(3), pg.step):  # from code: say why nothing happens
        with pytest.raises(ln.errors.UsageError, match=f"the playground diverged at step {steps} .*call reset"):
            call()
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
    # the diagram: 2 inputs, the units (the first 8 of a layer), the output; an edge per weight shown
    assert [len(column) for column in pg.picture.cells] == [2, 2, 5, 8, 1]
    assert len(pg.edges.get_segments()) == 2 * 2 + 2 * 5 + 5 * 8 + 8 * 1
    pg.controls["layers"].value = 0
    assert len(pg.model.layers) == 1 and "linear model" in pg.unit_label.get_text()
    assert [len(column) for column in pg.picture.cells] == [2, 1]


def test_optimizer_and_hyperparameters_change_on_the_fly_keeping_the_weights():
    pg = Playground(optimizer="SGD", lr=0.1)
    pg.step()
    now = weights(pg.model)
    pg.controls["optimizer"].value = "RMSprop"
    assert isinstance(pg.opt, ln.RMSprop) and pg.opt.lr == pytest.approx(0.1)
    assert all(np.array_equal(now[k], v) for k, v in weights(pg.model).items())
    pg.controls["lr"].value = 0.01
    pg.controls["beta2"].value = 0.95  # RMSprop's β is the β of E[g²], as Adam's β₂
    pg.controls["beta"].value = 0.5  # the β of m: RMSprop keeps no m, so nothing changes
    assert pg.opt.lr == pytest.approx(0.01) and pg.opt.beta == 0.95
    pg.controls["optimizer"].value = "Adam"
    pg.controls["beta2"].value = 0.99
    assert pg.opt.beta1 == 0.5 and pg.opt.beta2 == pytest.approx(0.99)


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
    with pytest.raises(ValueError, match="preset: unknown preset 'nope'; expected one of 'linear collapse'"):
        Playground("nope")
    with pytest.raises(ValueError, match="unknown setting 'width9'; expected one of 'dataset'"):
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
    readout = pg.readout_html.value
    assert readout.startswith("step 10, epoch ") and "train loss " in readout and "test loss" in readout
    pg.training.diverged = True
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
    with pytest.raises(ValueError, match=r"run: frames must be an integer in \[1, 1000\], got 0"):
        pg.run(0)


@pytest.mark.parametrize("setting, message", [
    (dict(lr=0.05), r"lr must be one of \[1e-05, 0.0001, .*got 0.05; the nearest is 0.03"),
    (dict(n=85), r"n must be a whole number from 20 to 2000 in steps of 10, got 85 \(the nearest are 80 and 90\)"),
    (dict(layers=7), "layers must be a whole number from 0 to 6"),
    (dict(reg_rate=0.02), r"reg_rate must be one of \[0, 0.001, .*got 0.02; the nearest is 0.03"),
    (dict(regularization="L3"), "regularization must be one of 'none', 'L1', 'L2'"),
    (dict(width1=0), "width1 must be a whole number from 1 to 16"),
    (dict(noise=0.9), r"noise must be a number in \[0, 0.5\], got 0.9"),
    (dict(activation="swish"), "activation must be one of 'relu', 'elu'"),
    (dict(dataset="your data"), "dataset 'your data' needs your arrays: Playground"),
    (dict(batch=257), r"batch must be a whole number from 1 to 256, or 0 \(all: the full batch\), got 257"),
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


# --- odd input: our error naming the argument, or the value kept exactly ------------------------------

def _labels_data(n=40):
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (n, 2))
    return X, X[:, 0] > 0


def test_bool_labels_are_class_labels_and_bool_inputs_are_0_1_features():
    X, y = _labels_data()
    pg = Playground(X=X, y=y)  # bool y: the classes False = 0 and True = 1
    assert pg.task == "classification" and pg.n_classes == 2 and pg.last_error is None
    assert set(np.concatenate([pg.y_train, pg.y_test])) == {0, 1}
    assert isinstance(pg.loss_fn, ln.BCEWithLogitsLoss)
    assert "y holds bools: classification" in pg.task_reason
    pg.run(2)
    assert np.isfinite(pg.history["train"][-1])
    bits = Playground(X=X > 0, y=y.astype(int))  # bool X: 0/1 inputs
    assert bits.X_train.dtype == np.float64 and set(np.unique(bits.X_train)) <= {0.0, 1.0}
    assert bits.last_error is None


def test_float_labels_are_regression_and_the_readout_says_why_and_task_chooses():
    X, y = _labels_data()
    y01 = y.astype(float)  # 0.0 / 1.0: floats
    pg = Playground(X=X, y=y01)
    assert pg.task == "regression" and isinstance(pg.loss_fn, ln.MSELoss)
    assert pg.readout().endswith("; y holds floats: regression; pass task='classification' for class labels")
    assert "regression" in pg.ax.get_title()
    assert pg.widget is not None  # builds the note line under the presets: it says so too
    assert "y holds floats: regression" in pg.note_html.value
    classes = Playground(X=X, y=y01, task="classification")  # integer-valued floats as class labels
    assert classes.task == "classification" and classes.n_classes == 2 and classes.y_train.dtype == np.int64
    assert "y holds floats" not in classes.readout() and "accuracy train" in classes.readout()
    assert Playground(X=X, y=y01, task="Classification").task == "classification"  # any case
    numbers = Playground(X=X, y=y.astype(int), task="regression")  # integers fitted as numbers
    assert numbers.task == "regression" and numbers.y_train.dtype == np.float64
    with pytest.raises(ValueError, match=r"y must hold whole-number class labels 0, 1, 2, \.\.\. for "
                                         r"task='classification', got 0\.5 at index 3"):
        Playground(X=X, y=np.where(np.arange(40) == 3, 0.5, y01), task="classification")
    with pytest.raises(ValueError, match="task must be one of 'classification', 'regression', got the string "
                                         "'clasification'. Did you mean 'classification'"):
        Playground(X=X, y=y01, task="clasification")
    with pytest.raises(ValueError, match="task applies to your own data"):
        Playground(task="regression")


@pytest.mark.parametrize("X, y, message", [
    (np.zeros((10, 2)), np.array([0, 2] * 5), r"labels must be 0, 1, \.\.\., C-1 .* labels \[0, 2\], none of class 1"),
    (np.zeros((10, 2)), np.ones(10, int), "y holds one class only \\(every label is 1\\)"),
    (np.zeros((10, 2)), np.array([0, 1] * 4 + [-1, 1]), "class labels must be 0, 1, 2, ..., got -1"),
    (np.zeros((10, 2)), np.arange(10) + 1, r"at most 10 classes \(labels 0\.\.9\), got label 10"),
    (np.zeros((10, 2)), np.full(10, np.nan), "y must hold finite numbers .* got nan at index \\(0,\\)"),
    (np.zeros((10, 2)), np.array(["a", "b"] * 5), "y must hold real numbers, got an array of strings"),
    (np.zeros((10, 2)), np.zeros(10) + 1j, "y must hold real numbers, got an array of complex numbers"),
    (np.zeros((10, 2)), [[0, 1]] * 5, r"y must have shape \(N,\) = \(10,\) to match X, got \(5, 2\)"),
    (np.full((10, 2), 1e300), np.arange(10) % 2, "X holds 1e\\+300 in size; the playground takes inputs up to 1e\\+06"),
    ([[0.0, 1.0]] * 9 + [[0.0]], np.arange(10) % 2, "X must be an array of numbers, could not convert it"),
    (np.zeros((10, 2), complex), np.arange(10) % 2, "X must hold real numbers"),
    ("abc", np.arange(10) % 2, "X must be an array of numbers, got the string 'abc'"),
    (np.zeros((10, 2)), None, "give both X and y"),
])
def test_odd_user_data_gets_our_error_naming_x_or_y(X, y, message):
    with pytest.raises(ln.errors.InputError, match=message):
        Playground(X=X, y=y)


def test_many_points_are_drawn_as_a_stable_sample_but_all_are_trained_on():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((5000, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    pg = Playground(X=X, y=y)
    assert len(pg.X_train) + len(pg.X_test) == 5000 and len(pg.F_train) == len(pg.X_train)  # trains on all
    shown = len(pg.train_pts.get_offsets()) + len(pg.test_pts.get_offsets())
    assert shown == pgmod.MAX_POINTS_DRAWN == 3000
    assert "showing 3000 of 5000 points" in pg.ax.get_title() and pg.readout().endswith("showing 3000 of 5000 points")
    first = np.array(pg.train_pts.get_offsets())
    pg.step()
    np.testing.assert_array_equal(pg.train_pts.get_offsets(), first)  # the same points every frame
    # the drawn points are points of the data, train among train and test among test
    assert {tuple(p) for p in first} <= {tuple(p) for p in pg.X_train}
    small = Playground(X=X[:300], y=y[:300])
    assert "showing" not in small.ax.get_title() + small.readout()
    assert len(small.train_pts.get_offsets()) + len(small.test_pts.get_offsets()) == 300


def test_names_match_in_any_case_and_a_typo_gets_the_nearest():
    pg = Playground("ONE HIDDEN LAYER ON CIRCLES", activation="ReLU", optimizer="sgd", dataset="Circles")
    assert pg.controls["preset"].value == "one hidden layer on circles"
    assert (pg.values["activation"], pg.values["optimizer"], pg.values["dataset"]) == ("relu", "SGD", "circles")
    assert pg.note == PRESETS["one hidden layer on circles"].note
    for kwargs, message in [
        (dict(preset="linear colapse"), "Did you mean 'linear collapse'"),
        (dict(activation="sigmod"), "activation must be one of 'relu', .*'sigmod'. Did you mean 'sigmoid'"),
        (dict(optimizer="adamm"), "optimizer must be one of 'SGD', 'Momentum', 'RMSprop', 'Adam'.*Did you mean 'Adam'"),
        (dict(dataset="moon"), "dataset must be one of 'moons'.*Did you mean 'moons'"),
        (dict(optimizer=ln.Adam), "optimizer must be an optimizer's name such as optimizer='Adam'.*got the class Adam"),
        (dict(widht1=4), "unknown setting 'widht1'; expected one of .*Did you mean 'width1'"),
        (dict(hidden=[8, 8]), "unknown setting 'hidden'; write layers=2, width1=8, width2=8"),
        (dict(learning_rate=0.1), "unknown setting 'learning_rate'; write lr=0.03"),
    ]:
        with pytest.raises(ln.errors.InputError, match=message):
            Playground(**kwargs)


@pytest.mark.parametrize("setting, message", [
    (dict(n=30.0), r"n must be a whole number from 20 to 2000 in steps of 10 \(write 30, not 30.0\)"),
    (dict(n="30"), r"n must be a whole number .* \(without quotes\), got the string '30'"),
    (dict(n=True), "n must be a whole number .*got True"),
    (dict(width2=17), "width2 must be a whole number from 1 to 16, got 17"),
    (dict(width3=0), "width3 must be a whole number from 1 to 16, got 0"),
    (dict(width4=2.5), "width4 must be a whole number from 1 to 16"),
    (dict(train=95), "train must be a whole number from 10 to 90 in steps of 10, got 95"),
    (dict(classes=1), "classes must be a whole number from 2 to 5, got 1"),
    (dict(steps=0), "steps must be a whole number from 1 to 100, got 0"),
    (dict(beta=1.0), r"beta must be a number in \[0, 0.99\], got 1.0"),
    (dict(beta2=0.5), r"beta2 must be a number in \[0.9, 0.9999\], got 0.5"),
    (dict(beta2=float("nan")), r"beta2 must be a number in \[0.9, 0.9999\], got nan"),
    (dict(noise="0.1"), r"noise must be a number in \[0, 0.5\] \(without quotes\)"),
    (dict(lr=2e-5), "lr must be one of .*got 2e-05; the nearest is 1e-05"),
    (dict(lr="0.03"), r"lr must be one of .*\(without quotes\), got the string '0.03'"),
    (dict(batch="all"), r"batch must be a whole number .* \(write 0 for all points\)"),
    (dict(batch=32.0), r"batch must be .*\(write 32, not 32.0\)"),
    (dict(x2=1), "x2 must be True or False, got 1"),
    (dict(x1_sq="True"), "x1_sq must be True or False, got the string 'True'"),
    (dict(sin_x1=None), "sin_x1 must be True or False, got None"),
    (dict(sin_x2=0), "sin_x2 must be True or False, got 0"),
    (dict(x2_sq=[]), "x2_sq must be True or False"),
    (dict(x1x2=np.array([True])), "x1x2 must be True or False"),
    (dict(seed=-1), "seed must be an integer >= 0, got -1"),
    (dict(seed=None), "seed must be an integer >= 0"),
    (dict(seed=1.0), "seed must be an integer >= 0 \\(write 1, not 1.0\\)"),
])
def test_settings_are_refused_by_name_never_clamped(setting, message):
    with pytest.raises(ln.errors.InputError, match=message):
        Playground(**setting)


def test_accepted_settings_are_held_exactly():
    values = dict(noise=0.07, n=np.int64(30), beta=0.5, beta2=0.95, width1=np.int64(16), layers=1, lr=1, batch=0,
                  x1x2=np.bool_(True), sin_x2=True, steps=100, train=90, classes=5, dataset="blobs")
    pg = Playground(seed=np.int64(7), **values)
    assert pg.last_error is None and pg.seed == 7
    for name, value in values.items():
        assert pg.controls[name].value == value and type(pg.controls[name].value) is not np.int64, name
    assert pg.values["lr"] == 1.0 and pg.opt.lr == 1.0 and pg.values["batch"] == 0


def test_methods_refuse_odd_arguments_before_changing_anything(tmp_path, monkeypatch):
    pg = Playground(n=20, steps=2)
    pg.run(1)
    start = weights(pg.model)
    for call, message in [
        (lambda: pg.train(steps=0), r"train: steps must be an integer in \[1, 10000\], got 0"),
        (lambda: pg.train(steps=2.5), r"train: steps must be an integer .*got 2.5"),
        (lambda: pg.train(steps="3"), r"train: steps must be an integer .*\(without quotes\)"),
        (lambda: pg.train(steps=10 ** 9), r"train: steps must be an integer in \[1, 10000\], got 1000000000"),
        (lambda: pg.run(frames=None), r"run: frames must be an integer in \[1, 1000\], got None"),
        (lambda: pg.run(frames=2.0), r"run: frames must be an integer .*\(write 2, not 2.0\)"),
        (lambda: pg.training.use_preset("nope"), "use_preset: name: unknown preset 'nope'"),
        (lambda: pg.training.use_preset(None), "use_preset: name must be the name of a preset"),
        (lambda: pg.training.set(lr=0.05), "set: lr must be one of"),
        (lambda: pg.features(np.ones(2)), r"features: X must have shape \(N, 2\), got \(2,\); for a single point"),
        (lambda: pg.features(np.ones((3, 1))), r"features: X must have shape \(N, 2\), got \(3, 1\)"),
        (lambda: pg.features([[np.nan, 1.0]]), "features: X must hold finite numbers, got nan"),
        (lambda: pg.save(tmp_path / "nofolder" / "m.npz"), "path"),
        (lambda: pg.save(None), "path"),
    ]:
        with pytest.raises(ln.errors.LectureNNError, match=message):
            call()
    assert pg.steps_done == 2 and all(np.array_equal(start[k], v) for k, v in weights(pg.model).items())
    assert pg.controls["preset"].value == "" and list(tmp_path.iterdir()) == []
    assert pg.training.values["lr"] == 0.03 and pg.values["lr"] == 0.03
    pg.controls["preset"].value = "linear collapse"
    assert pg.controls["preset"].value == "linear collapse" and pg.last_error is None
    assert pg.training.preset == "linear collapse" and pg.training.values["activation"] == "identity"


def test_a_diverged_playground_does_not_export_or_save_nan_weights(tmp_path):
    pg = Playground(n=20)
    pg.model.layers[0].W.value[0, 0] = np.nan
    with pytest.raises(ln.errors.UsageError, match="export: the playground diverged and its weights hold NaN"):
        pg.export()
    with pytest.raises(ln.errors.UsageError, match="save: the playground diverged"):
        pg.save(tmp_path / "m.npz")
    assert list(tmp_path.iterdir()) == []


def test_features_function_checks_x_and_names():
    X = np.array([[2.0, 3.0], [1.0, -1.0]])
    assert pgmod.features(X, "x1_sq").tolist() == [[4.0], [1.0]]  # one name: not its letters
    assert pgmod.features(X, ["X1", "x1"]).tolist() == [[2.0], [1.0]]  # any case, once
    assert pgmod.features(X[:, :1], ["x1", "sin_x1"]).shape == (2, 2)
    for X_, names, message in [
        (X, ["x1_sqr"], "features: names: unknown feature 'x1_sqr'; expected one of 'x1', .*Did you mean 'x1_sq'"),
        (X, [], "names must name at least one feature"),
        (X, None, "names must be a list of feature names"),
        (X, [1], "names must hold feature names"),
        (X[:, :1], ["x2"], r"names \['x2'\] need a second input column x₂, but X has shape \(2, 1\)"),
        (np.ones((2, 3)), ["x1"], r"X must have shape \(N, 1\) or \(N, 2\), got \(2, 3\)"),
        (np.full((2, 2), 1e200), ["x1_sq"], "X is too large for the feature 'x1_sq': it overflows"),
        (np.zeros((0, 2)), ["x1"], "X must hold at least one point"),
    ]:
        with pytest.raises(ln.errors.InputError, match=message):
            pgmod.features(X_, names)


def test_train_over_seeds_loss_curves_seed_run_and_preset_check_their_arguments():
    for kwargs, message in [
        (dict(seeds=3), r"seeds must be a list of seeds such as range\(5\) or \[0, 1\] \(for one seed write \[3\]\)"),
        (dict(seeds=[]), "seeds must hold 1 to 100 seeds, got 0"),
        (dict(seeds=[0, -1]), r"seeds\[1\] must be an integer >= 0, got -1"),
        (dict(frames=0), r"train_over_seeds: frames must be an integer in \[1, 1000\], got 0"),
        (dict(lr=0.05), "train_over_seeds: lr must be one of"),
        (dict(preset="linear colapse"), "Did you mean 'linear collapse'"),
    ]:
        with pytest.raises(ln.errors.InputError, match=message):
            pgmod.train_over_seeds(**{"preset": "linear collapse", **kwargs})
    run = pgmod.train_over_seeds("LINEAR COLLAPSE", seeds=[0], frames=1, n=20)[0]
    assert run is pgmod.train_over_seeds("linear collapse", seeds=[0], frames=1, n=20)[0]  # one cache entry
    for runs, title, message in [
        ([run], "", r"runs must be a dict label -> SeedRun such as \{'SGD': runs\[0\]\}, got \[SeedRun"),
        ({}, "", "runs must hold at least one run"),
        ({"a": 1}, "", r"runs\['a'\] must be a SeedRun instance"),
        ({3: run}, "", "runs' labels must be names"),
        ({"a": run}, None, "title must be a string, got None"),
    ]:
        with pytest.raises(ln.errors.InputError, match=message):
            pgmod.loss_curves_figure(runs, title)
    fields = dict(seed=0, model=run.model, feature_names=run.feature_names, units=run.units, n_params=run.n_params,
                  history=run.history, X_test=run.X_test, y_test=run.y_test)
    for change, message in [
        (dict(X_test=np.full((3, 2), np.nan)), "SeedRun: X_test must hold finite numbers"),
        (dict(y_test=np.zeros(2)), r"y_test must have shape \(N_test,\) = \(\d+,\) to match X_test"),
        (dict(history={"step": [0]}), "history must be a dict with the lists 'step', 'train'"),
        (dict(model=ln.Dense), "SeedRun: model must be a Module instance"),
        (dict(feature_names=("x3",)), "unknown feature 'x3'"),
    ]:
        with pytest.raises(ln.errors.InputError, match=message):
            pgmod.SeedRun(**{**fields, **change})
    with pytest.raises(ln.errors.InputError, match="Preset settings: lr must be one of"):
        pgmod.Preset(dict(lr=0.05), "a note")
    with pytest.raises(ln.errors.InputError, match="Preset: note must be a sentence"):
        pgmod.Preset(dict(lr=0.03), None)
    assert pgmod.Preset(dict(activation="ReLU"), "n").settings == {"activation": "relu"}


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
    assert f"accuracy train {h['train_accuracy'][-1]:.3f}, test {h['test_accuracy'][-1]:.3f}" in pg.readout()
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
    with pytest.raises(ValueError, match="train_over_seeds: unknown setting 'width9'"):
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


def test_a_playground_rebuilt_from_its_settings_shows_the_same():
    pg = Playground(preset=list(PRESETS)[0], seed=3)
    twin = Playground(**pg.settings())
    assert twin.settings().keys() == pg.settings().keys()
    assert {k: v for k, v in twin.settings().items()} == pg.settings()
    assert twin.values == pg.values and twin.readout() == pg.readout()


def test_in_an_event_loop_the_kernel_plays_jpegs_and_the_pages_ticker_rests():
    import asyncio
    import threading

    from lecture_nn.demos.playground import PLAY_INTERVAL_MS, RESTING_INTERVAL_MS

    async def play_and_pause():
        pg = Playground(steps=2)
        assert pg.widget is not None
        pg.play.playing = True  # ▶ in the page
        assert pg.play.interval == RESTING_INTERVAL_MS  # no ticks from the page: the kernel plays
        seen = []
        for _ in range(100):
            await asyncio.sleep(0.02)
            seen.append((pg.kernel_playing, len(pg.out.outputs), pg.frame_widget.value[:2]))
            if pg.steps_done >= 10:
                break
        pg.play.playing = False  # ⏸
        await asyncio.sleep(0.2)
        steps = pg.steps_done
        await asyncio.sleep(0.2)
        return pg, steps, seen

    # in a thread of its own: its own event loop, whatever loop this thread holds (the browser
    # tests' playwright keeps one set here for the whole session)
    result = []
    thread = threading.Thread(target=lambda: result.append(asyncio.run(play_and_pause())))
    thread.start()
    thread.join(timeout=60)
    pg, steps, seen = result[0]
    assert steps >= 10 and pg.steps_done == steps and pg.play.interval == PLAY_INTERVAL_MS
    assert seen and all(seen_ == (True, 1, b"\xff\xd8") for seen_ in seen)  # playing: one image widget, JPEG
    assert (pg.frame_widget.width, pg.frame_widget.height) == tuple(str(v) for v in pg.fig.canvas.get_width_height())
    assert not pg.kernel_playing and len(pg.out.outputs) == 1  # paused: the PNG in the output again
    assert base64.b64decode(pg.out.outputs[0]["data"]["image/png"])[:4] == b"\x89PNG"
    assert len(pg.history["step"]) == steps // 2 + 1  # frames of 2 steps each, every one recorded


def test_without_an_event_loop_the_ticks_are_the_frames_and_the_picture_a_png():
    pg = Playground(n=500)
    assert pg.widget is not None
    pg.play.playing = True
    pg.play.value += 1  # a tick of the page's ticker
    pg.play.value += 1
    assert pg.steps_done == 20 and not pg.kernel_playing
    assert len(pg.out.outputs) == 1 and base64.b64decode(pg.out.outputs[0]["data"]["image/png"])[:4] == b"\x89PNG"
