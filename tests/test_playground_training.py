"""The playground's training state alone (no widget, no figure): build, train, reset, seeds, settings, errors."""

import ast
import copy
from pathlib import Path

import numpy as np
import pytest

import lecture_nn as ln
from lecture_nn.demos import playground_training as ptmod
from lecture_nn.demos.playground_training import PRESETS, PlaygroundTraining, train_over_seeds


def weights(model):
    return {name: value.copy() for name, value in model.state_dict().items()}


def same_weights(a, b):
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def test_the_module_imports_no_widget_library_and_the_state_holds_no_figure():
    tree = ast.parse(Path(ptmod.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.split(".")[0] in ("ipywidgets", "matplotlib", "IPython") for name in imported), imported
    run = PlaygroundTraining()
    assert not any(type(value).__module__.startswith(("ipywidgets", "matplotlib")) for value in vars(run).values())


def test_builds_the_preset_and_training_lowers_the_loss():
    run = PlaygroundTraining("one hidden layer on circles")
    assert run.values["width1"] == 4 and run.task == "classification" and run.n_classes == 2
    assert [layer.d_out for layer in run.model.layers[::2]] == [4, 1] and isinstance(run.loss_fn, ln.BCEWithLogitsLoss)
    assert len(run.X_train) == 210 and len(run.X_test) == 90  # 300 points, 70 % to train
    assert run.F_train.shape == (210, 2) and run.steps_done == 0 and run.history["step"] == [0]
    first = run.history["train"][0]
    run.train(400)
    assert run.steps_done == 400 and run.history["step"] == [0, 400]
    assert run.history["train"][-1] < 0.5 * first and run.history["train_accuracy"][-1] > 0.9


def test_evaluate_is_the_public_forward_and_loss_of_the_current_weights():
    run = PlaygroundTraining(dataset="blobs", classes=4, optimizer="SGD", lr=0.1)
    run.train(20)
    now = run.evaluate()
    out = run.model.forward(run.F_test)
    assert now["test"] == pytest.approx(ln.CrossEntropyLoss().forward(out, run.y_test), rel=1e-12)
    assert now["test_accuracy"] == np.mean(out.argmax(axis=1) == run.y_test)
    assert now["train"] == run.history["train"][-1]
    regression = PlaygroundTraining(dataset="regression 1D")
    assert regression.one_d and np.isnan(regression.evaluate()["test_accuracy"])


def test_one_full_batch_sgd_step_is_the_slides_update():
    # batch 0 (all points): one step is theta <- theta - lr * dL/dtheta on the whole training set
    run = PlaygroundTraining(optimizer="SGD", lr=0.1, batch=0, layers=1, width1=3, n=40)
    model = copy.deepcopy(run.model)
    loss_fn = ln.BCEWithLogitsLoss()
    loss_fn.forward(model.forward(run.F_train), run.T_train)
    model.backward(loss_fn.backward())
    expected = {name: p.value - 0.1 * p.grad for name, p in zip(model.state_dict(), model.parameters())}
    run.train(1)
    for name, value in weights(run.model).items():
        np.testing.assert_allclose(value, expected[name], rtol=1e-12, atol=1e-15, err_msg=name)


def test_mini_batches_come_from_lecture_nn_data_batches_one_shuffle_per_epoch(monkeypatch):
    calls = []
    real = ln.data.batches

    def spy(X, y, batch_size=None, shuffle=True, rng=None, drop_last=False):
        calls.append((len(X), batch_size, shuffle, rng))
        return real(X, y, batch_size, shuffle=shuffle, rng=rng, drop_last=drop_last)

    monkeypatch.setattr(ptmod.datasets, "batches", spy)
    run = PlaygroundTraining(n=100, train=70, batch=32)  # 70 points: batches of 32, 32, 6 per epoch
    run.train(3)
    assert len(calls) == 1 and calls[0][:3] == (70, 32, True) and isinstance(calls[0][3], np.random.Generator)
    run.train(1)
    assert len(calls) == 2 and calls[1][3] is calls[0][3]  # the next epoch: the run's own Generator again
    run.set(batch=0)  # all points: one batch per step, in order
    run.train(2)
    assert [c[1:3] for c in calls[2:]] == [(70, False), (70, False)]


def test_the_batch_order_is_the_one_batches_draws_from_the_seed():
    run = PlaygroundTraining(n=100, train=70, batch=32, optimizer="SGD", lr=0.1, seed=3)
    order = ln.data.batches(run.F_train, run.T_train, 32, shuffle=True, rng=np.random.default_rng(3))
    model, loss_fn = copy.deepcopy(run.model), ln.BCEWithLogitsLoss()
    opt = ln.SGD(model.parameters(), lr=0.1)
    for Xb, yb in list(order)[:2]:
        loss_fn.forward(model.forward(Xb), yb)
        model.backward(loss_fn.backward())
        opt.step()
    run.train(2)
    assert same_weights(weights(model), weights(run.model))


def test_reset_gives_the_same_initial_weights_and_the_same_loss_curve():
    run = PlaygroundTraining("spirals: two layers of 8")
    start = weights(run.model)
    for _ in range(5):
        run.train(10)
    curve, trained = list(run.history["train"]), weights(run.model)
    assert not same_weights(start, trained)
    run.reset()
    assert same_weights(start, weights(run.model)) and run.steps_done == 0 and run.history["step"] == [0]
    for _ in range(5):
        run.train(10)
    assert run.history["train"] == curve and same_weights(trained, weights(run.model))


def test_the_same_seed_gives_the_same_run_and_the_next_seed_another():
    a, b = PlaygroundTraining("Adam on spirals", seed=4), PlaygroundTraining("Adam on spirals", seed=4)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    for run in (a, b):
        run.train(30)
        run.train(30)
    assert a.history == b.history and same_weights(weights(a.model), weights(b.model))
    c = PlaygroundTraining("Adam on spirals", seed=4)
    c.new_seed()
    assert c.seed == 5 and not np.array_equal(c.X_train, a.X_train)
    assert not same_weights(weights(c.model), weights(PlaygroundTraining("Adam on spirals", seed=4).model))
    assert same_weights(weights(c.model), weights(PlaygroundTraining("Adam on spirals", seed=5).model))


def test_set_rebuilds_for_new_data_keeps_the_weights_for_a_new_optimizer_and_tunes_the_running_one():
    run = PlaygroundTraining(optimizer="SGD", lr=0.1)
    run.train(5)
    builds, now = run.builds, weights(run.model)
    run.set(optimizer="RMSprop")
    assert isinstance(run.opt, ln.RMSprop) and run.opt.lr == pytest.approx(0.1) and run.steps_done == 5
    assert same_weights(now, weights(run.model)) and run.builds == builds
    opt = run.opt
    run.set(lr=0.01, beta2=0.95)  # RMSprop's β is the β of E[g²], the control Adam's β₂ reads too
    assert run.opt is opt and (opt.lr, opt.beta) == (0.01, 0.95)
    run.set(steps=7, batch=8)  # from the next step on: nothing restarts
    assert run.steps_done == 5 and run.opt is opt
    run.set(layers=3, width3=2)
    assert run.builds == builds + 1 and run.steps_done == 0 and [d.d_out for d in run.model.layers[::2]] == [8, 8, 2, 1]
    run.set(layers=3)  # the same value: no restart
    assert run.builds == builds + 1


def test_use_preset_sets_every_setting_and_keeps_your_data_available():
    X = np.random.default_rng(0).uniform(-1, 1, (40, 2))
    run = PlaygroundTraining(X=X, y=(X[:, 0] > 0).astype(int), lr=0.1)
    run.use_preset("Linear Collapse")  # any case
    assert run.preset == "linear collapse" and run.values["activation"] == "identity" and run.values["lr"] == 0.03
    assert run.values["dataset"] == "circles" and len(run.X_train) == 210
    run.set(dataset="your data")
    assert len(run.X_train) + len(run.X_test) == 40 and run.task_reason.startswith("y holds integers")


@pytest.mark.parametrize("call, message", [
    (lambda run: run.train(0), r"train: steps must be an integer in \[1, 10000\], got 0"),
    (lambda run: run.train("3"), r"train: steps must be an integer .*\(without quotes\)"),
    (lambda run: run.set(lr=0.05), r"set: lr must be one of \[.*got 0.05; the nearest is 0.03"),
    (lambda run: run.set(width1=4, layers=9), "set: layers must be a whole number from 0 to 6, got 9"),
    (lambda run: run.set(widht1=4), "set: unknown setting 'widht1'.*Did you mean 'width1'"),
    (lambda run: run.set(dataset="your data"), "dataset 'your data' needs your arrays"),
    (lambda run: run.use_preset("nope"), "use_preset: name: unknown preset 'nope'"),
    (lambda run: run.use_preset(None), "use_preset: name must be the name of a preset"),
    (lambda run: run.features(np.ones(2)), r"features: X must have shape \(N, 2\), got \(2,\)"),
    (lambda run: run.save(None), "path"),
])
def test_a_refused_call_names_the_argument_and_changes_nothing(call, message):
    run = PlaygroundTraining(n=40, steps=2)
    run.train(3)
    before = (weights(run.model), dict(run.values), run.steps_done, copy.deepcopy(run.history), run.builds,
              run.opt, run.seed)
    with pytest.raises(ln.errors.InputError, match=message):
        call(run)
    after = (weights(run.model), dict(run.values), run.steps_done, copy.deepcopy(run.history), run.builds,
             run.opt, run.seed)
    assert same_weights(before[0], after[0]) and before[1:] == after[1:]


@pytest.mark.parametrize("kwargs, message", [
    (dict(lr=0.05), "Playground: lr must be one of"),
    (dict(seed=-1), "Playground: seed must be an integer >= 0, got -1"),
    (dict(preset="linear colapse"), "Did you mean 'linear collapse'"),
    (dict(task="regression"), "task applies to your own data"),
    (dict(X=np.zeros((10, 3)), y=np.zeros(10, int)), r"X must have shape \(N, 2\)"),
])
def test_bad_arguments_are_refused_by_name_before_anything_is_built(kwargs, message):
    with pytest.raises(ln.errors.InputError, match=message):
        PlaygroundTraining(**kwargs)


def test_a_divergence_stops_training_until_a_reset():
    run = PlaygroundTraining(dataset="regression 2D", optimizer="SGD", lr=10.0, activation="identity", batch=0)
    for _ in range(5):
        if not run.diverged:
            run.train(10)
    assert run.diverged and np.isnan(run.history["train"][-1]) and "diverged" in run.readout()
    steps = run.steps_done
    with pytest.raises(ln.errors.UsageError, match=f"train: the playground diverged at step {steps} .*call reset"):
        run.train(1)
    run.set(lr=0.01)
    run.reset()
    run.train(10)
    assert not run.diverged and np.isfinite(run.history["train"][-1])


def test_export_is_independent_and_save_loads_back(tmp_path):
    run = PlaygroundTraining("one hidden layer on circles")
    run.train(50)
    model = run.export()
    F = run.features(run.X_test)
    np.testing.assert_array_equal(model.forward(F), run.model.forward(F))
    model.layers[0].W.value[...] = 0
    assert np.any(run.model.layers[0].W.value != 0)
    run.save(tmp_path / "run.npz")
    again = ln.mlp([2, 4, 1], "relu")
    ln.load(tmp_path / "run.npz", again)
    np.testing.assert_array_equal(again.forward(F), run.model.forward(F))


def test_train_over_seeds_is_this_state_trained_frame_by_frame():
    (seed_run,) = train_over_seeds("overfitting with noise", seeds=[1], frames=3, width1=8)
    run = PlaygroundTraining("overfitting with noise", seed=1, width1=8)
    for _ in range(3):
        run.train(run.values["steps"])
    assert seed_run.history == run.history and seed_run.n_params == run.model.n_params
    np.testing.assert_array_equal(seed_run.X_test, run.X_test)


def test_unit_outputs_are_the_hidden_layers_activations():
    run = PlaygroundTraining(layers=2, width1=3, width2=5, activation="tanh")
    F = run.features(np.array([[0.1, 0.2], [-1.0, 0.5]]))
    A1, A2 = run.unit_outputs(F)
    W1, b1 = run.model.layers[0].W.value, run.model.layers[0].b.value
    np.testing.assert_allclose(A1, np.tanh(F @ W1.T + b1.reshape(1, -1)), rtol=1e-12)
    assert A2.shape == (2, 5) and run.outputs(F).shape == (2, 1)
    assert PlaygroundTraining(layers=0).unit_outputs(F) == []


def test_the_playground_view_trains_this_state():
    from lecture_nn.demos.playground import Playground

    pg = Playground("linear collapse", steps=3)
    assert isinstance(pg.training, PlaygroundTraining) and pg.model is pg.training.model
    pg.run(2)
    assert pg.training.steps_done == 6 and pg.history is pg.training.history
    pg.controls["lr"].value = 0.1
    assert pg.training.values["lr"] == 0.1 and pg.training.opt.lr == 0.1
    assert set(PRESETS) == set(ptmod.PRESETS)


# --- settings(): the run as keyword arguments --------------------------------------------------------

def _same_run(a, b, steps=15):
    assert a.settings().keys() == b.settings().keys()
    for key, value in a.settings().items():
        np.testing.assert_array_equal(np.asarray(b.settings()[key]), np.asarray(value), err_msg=key)
    for name, value in a.initial_state.items():
        np.testing.assert_array_equal(b.initial_state[name], value, err_msg=name)
    a.train(steps)
    b.train(steps)
    for key in ("train", "test"):
        np.testing.assert_array_equal(b.history[key], a.history[key])


@pytest.mark.parametrize("kwargs", [
    {}, {"seed": 7}, {"preset": next(iter(PRESETS))}, {"preset": list(PRESETS)[-1], "seed": 2, "lr": 0.01},
    {"dataset": "spirals", "layers": 3, "width2": 5, "activation": "tanh", "optimizer": "Adam", "batch": 8},
])
def test_settings_rebuild_the_same_run(kwargs):
    run = PlaygroundTraining(**kwargs)
    _same_run(run, PlaygroundTraining(**run.settings()))


def test_settings_of_your_own_data_rebuild_the_same_run_and_are_copies():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((60, 2))
    for y, task in ((X[:, 0] > 0, None), ((X[:, 1] > 0).astype(float), "classification"), (np.sin(X[:, 0]), None)):
        run = PlaygroundTraining(X=X, y=y, task=task, seed=1)
        settings = run.settings()
        assert settings["task"] == task and settings["dataset"] == run.values["dataset"]
        settings["X"][:] = 0.0  # the student's copy: the run and its next settings() keep the data
        assert np.abs(run.settings()["X"]).max() > 0
        rebuilt = PlaygroundTraining(**run.settings())
        assert rebuilt.task_reason == run.task_reason
        _same_run(run, rebuilt)


def test_settings_follow_set_and_use_preset_not_training():
    run = PlaygroundTraining(seed=5)
    before = run.settings()
    run.train(5)
    assert run.settings() == before  # training changes the state, not what the run is made from
    run.set(lr=0.003, layers=1)
    assert run.settings()["lr"] == 0.003 and run.settings()["layers"] == 1
    name = list(PRESETS)[1]
    run.use_preset(name)
    assert run.settings()["preset"] == name
    _same_run(run, PlaygroundTraining(**run.settings()))
