"""fit and friends: learning happens, mini-batches are exactly the slide's, divergence is
reported, bad data is refused before the first step, and work can be saved and resumed."""

import contextlib
import re

import numpy as np
import pytest

import lecture_nn as ln
from lecture_nn import SGD, Adam, Momentum, fit
from lecture_nn.training import TrainingDiverged


def moons_setup(seed=0, n=100):
    rng = np.random.default_rng(seed)
    X, y = ln.moons(n, noise=0.1, rng=rng)
    model = ln.mlp([2, 16, 16, 1], rng=rng)
    return model, ln.BCEWithLogitsLoss(), X, y


def test_loss_decreases_on_a_learnable_problem():
    model, loss_fn, X, y = moons_setup()
    history = fit(model, loss_fn, Adam(model.parameters(), lr=0.02), X, y, epochs=60, batch_size=16, rng=0)
    assert history.epochs == 60 and history.steps == 60 * 7  # ceil(100 / 16) = 7 steps per epoch
    assert history.train_loss[-1] < history.train_loss[0] / 5
    assert ln.accuracy(model, X, y) > 0.95
    assert "History(60 epochs, 420 steps" in repr(history)


def test_full_batch_is_plain_gradient_descent():
    model, loss_fn, X, y = moons_setup()
    twin, _, _, _ = moons_setup()
    history = fit(model, loss_fn, SGD(model.parameters(), lr=0.5), X, y, epochs=5, rng=0)
    opt = SGD(twin.parameters(), lr=0.5)
    losses = []
    for _ in range(5):  # one step per epoch on all N samples
        losses.append(loss_fn.forward(twin(X), y))
        twin.backward(loss_fn.backward())
        opt.step()
    assert history.steps == 5 and history.train_loss == pytest.approx(losses, rel=1e-14)
    assert all(np.array_equal(a.value, b.value) for a, b in zip(model.parameters(), twin.parameters()))


def test_mini_batches_are_shuffled_chunks_as_on_the_slide():
    model, loss_fn, X, y = moons_setup()
    twin, _, _, _ = moons_setup()
    history = fit(model, loss_fn, Momentum(model.parameters(), lr=0.1), X, y, epochs=3, batch_size=32,
                  rng=7, record_steps=True)
    opt, rng, step_losses = Momentum(twin.parameters(), lr=0.1), np.random.default_rng(7), []
    for _ in range(3):
        for Xb, yb in ln.batches(X, y, 32, shuffle=True, rng=rng):  # 32, 32, 32, then the last 4
            step_losses.append(loss_fn.forward(twin(Xb), yb))
            twin.backward(loss_fn.backward())
            opt.step()
    assert history.steps == 12 and history.step_loss == step_losses
    # the epoch loss is the size-weighted mean of its batch losses
    first = np.dot(step_losses[:4], [32, 32, 32, 4]) / 100
    assert history.train_loss[0] == pytest.approx(first, rel=1e-12)
    assert all(np.array_equal(a.value, b.value) for a, b in zip(model.parameters(), twin.parameters()))


def test_same_seed_same_run_other_seed_other_run():
    runs = []
    for seed in (1, 1, 2):
        model, loss_fn, X, y = moons_setup()
        runs.append(fit(model, loss_fn, SGD(model.parameters(), lr=0.1), X, y, epochs=3, batch_size=10,
                        rng=seed).train_loss)
    assert runs[0] == runs[1] and runs[0] != runs[2]


def test_validation_loss_callback_and_early_stop():
    model, loss_fn, X, y = moons_setup()
    X_tr, X_val, y_tr, y_val = ln.train_test_split(X, y, rng=0)
    seen = []

    def callback(epoch, history):
        seen.append((epoch, len(history.val_loss)))
        return epoch == 4  # stop after the fourth epoch

    history = fit(model, loss_fn, Adam(model.parameters(), lr=0.01), X_tr, y_tr, epochs=50, rng=0,
                  X_val=X_val, y_val=y_val, callback=callback)
    assert history.epochs == 4 and seen == [(1, 1), (2, 2), (3, 3), (4, 4)]
    assert history.val_loss[-1] == pytest.approx(ln.evaluate(model, loss_fn, X_val, y_val))


def test_progress_bar_in_a_terminal(capsys):
    model, loss_fn, X, y = moons_setup()
    fit(model, loss_fn, SGD(model.parameters(), lr=0.1), X, y, epochs=3, progress=True, rng=0)
    err = capsys.readouterr().err
    assert "training" in err and "3/3" in err


@pytest.mark.parametrize("lr", [1e3, 1e6])
def test_divergence_raises_with_epoch_step_and_advice(lr):
    X_reg, y_reg = ln.regression_1d("sin", 50, rng=0)
    model = ln.mlp([1, 16, 1], rng=0)
    advice = re.escape(f"smaller learning rate (now lr = {lr:g})")
    with pytest.raises(TrainingDiverged, match=rf"diverged at epoch \d+, step \d+.*{advice}"):
        fit(model, ln.MSELoss(), SGD(model.parameters(), lr=lr), X_reg, y_reg, epochs=100, batch_size=10, rng=0)


def test_divergence_can_stop_instead():
    X, y = ln.regression_1d("sin", 50, rng=0)
    model = ln.mlp([1, 16, 1], rng=0)
    history = fit(model, ln.MSELoss(), SGD(model.parameters(), lr=1e3), X, y, epochs=100, batch_size=10,
                  rng=0, on_divergence="stop")
    assert history.diverged and history.diverged_at[1] == history.steps + 1
    assert history.epochs < 100 and "DIVERGED" in repr(history)


@pytest.mark.parametrize("where", ["X", "y"])
def test_non_finite_data_is_refused_before_training_starts(where):
    model, loss_fn, X, y = moons_setup()
    X, y = X.copy(), y.astype(float)
    (X if where == "X" else y)[3] = np.nan
    before = [p.value.copy() for p in model.parameters()]
    with pytest.raises(ValueError, match=f"non-finite value in {where}"):
        fit(model, loss_fn, SGD(model.parameters(), lr=0.1), X, y, epochs=1)
    assert all(np.array_equal(b, p.value) for b, p in zip(before, model.parameters()))


def test_other_bad_arguments_to_fit():
    model, loss_fn, X, y = moons_setup()
    opt = SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match=r"same N as X: X has N = 100, y has shape \(99,\)"):
        fit(model, loss_fn, opt, X, y[:99], epochs=1)
    with pytest.raises(ValueError, match=r"expects X of shape \(N, 2\), got \(100, 3\)"):
        fit(model, loss_fn, opt, np.c_[X, X[:, :1]], y, epochs=1)
    with pytest.raises(ValueError, match=r"epochs must be an integer in \[1, 1000000\], got 0"):
        fit(model, loss_fn, opt, X, y, epochs=0)
    with pytest.raises(ValueError, match="on_divergence must be one of 'raise', 'stop', got the string 'ignore'"):
        fit(model, loss_fn, opt, X, y, epochs=1, on_divergence="ignore")
    with pytest.raises(ValueError, match="both X_val and y_val"):
        fit(model, loss_fn, opt, X, y, epochs=1, X_val=X)


def test_predict_accuracy_and_evaluate():
    model = ln.Sequential(ln.Dense(1, 1))
    model[0].W.value[:] = 1.0
    X = np.array([[-2.0], [-1.0], [1.0], [3.0]])
    assert ln.predict(model, X).ravel().tolist() == [-2, -1, 1, 3]
    assert ln.accuracy(model, X, [0, 1, 1, 1]) == 0.75  # class 1 where the logit is > 0
    multi = ln.Sequential(ln.Dense(2, 3))
    multi[0].W.value[:] = [[1, 0], [0, 1], [0, 0]]
    assert ln.accuracy(multi, np.array([[2.0, 1.0], [0.0, 5.0], [-1.0, -1.0]]), [0, 1, 2]) == 1.0
    assert ln.evaluate(model, ln.MSELoss(), X, X) == 0.0


# --- saving and resuming ---------------------------------------------------------------------------

def test_save_and_load_resume_training_exactly(tmp_path):
    model, loss_fn, X, y = moons_setup()
    opt = Adam(model.parameters(), lr=0.01)
    fit(model, loss_fn, opt, X, y, epochs=3, batch_size=20, rng=1)
    path = tmp_path / "run.npz"
    ln.save(path, model, opt)
    fit(model, loss_fn, opt, X, y, epochs=3, batch_size=20, rng=2)

    restored, _, _, _ = moons_setup(seed=99)  # other initial weights, overwritten by load
    restored_opt = Adam(restored.parameters(), lr=0.5)
    ln.load(path, restored, restored_opt)
    assert restored_opt.t == 15 and restored_opt.lr == 0.01
    fit(restored, loss_fn, restored_opt, X, y, epochs=3, batch_size=20, rng=2)
    assert all(np.array_equal(a.value, b.value) for a, b in zip(model.parameters(), restored.parameters()))
    with np.load(path, allow_pickle=False) as data:  # a plain npz, no pickle inside
        assert "model/Dense1.W" in data.files and "optimizer/state/0/m" in data.files


def test_save_and_load_are_the_same_functions_from_training_saving_and_the_package(tmp_path):
    from lecture_nn import saving, training
    from lecture_nn.training import load, save  # where the demos import them from

    assert save is saving.save is ln.save and load is saving.load is ln.load
    assert {"save", "load"} <= set(training.__all__)
    model = ln.mlp([2, 3, 1], rng=0)
    save(tmp_path / "m.npz", model)
    twin = ln.mlp([2, 3, 1], rng=1)
    load(tmp_path / "m.npz", twin)
    assert all(np.array_equal(a.value, b.value) for a, b in zip(model.parameters(), twin.parameters()))


def test_loading_into_another_architecture_names_the_mismatch(tmp_path):
    path = tmp_path / "small.npz"
    ln.save(path, ln.mlp([2, 16, 1], rng=0))
    other = ln.mlp([2, 32, 1], rng=0)
    before = [p.value.copy() for p in other.parameters()]
    with pytest.raises(ValueError, match=r"parameter Dense1.W: this model has shape \(32, 2\), "
                                         r"the saved one has \(16, 2\)"):
        ln.load(path, other)
    assert all(np.array_equal(b, p.value) for b, p in zip(before, other.parameters()))  # untouched
    with pytest.raises(ValueError, match=r"missing \['Dense3.W', 'Dense3.b'\]"):
        ln.load(path, ln.mlp([2, 16, 16, 1], rng=0))
    with pytest.raises(ValueError, match="holds no optimizer state"):
        model = ln.mlp([2, 16, 1], rng=0)
        ln.load(path, model, SGD(model.parameters(), lr=0.1))


def test_an_interrupted_save_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "model.npz"
    model = ln.mlp([2, 4, 1], rng=0)
    ln.save(path, model)
    good = path.read_bytes()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # the student pressed stop in the middle of writing

    monkeypatch.setattr(np, "savez", crash)
    with pytest.raises(KeyboardInterrupt):
        ln.save(path, ln.mlp([2, 4, 1], rng=1))
    assert path.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"]


def test_state_dict_round_trip_of_a_model():
    a, b = ln.mlp([2, 5, 1], rng=0), ln.mlp([2, 5, 1], rng=1)
    b.load_state_dict(a.state_dict())
    X = np.ones((3, 2))
    assert np.array_equal(a(X), b(X))
    sd = a.state_dict()
    sd["Dense1.W"][:] = 0  # a copy: changing it leaves the model alone
    assert not np.all(a[0].W.value == 0)


def test_a_nan_output_is_divergence_not_a_crash():
    # lr 1e300 sends the weights to +-inf within a step or two: inf - inf gives NaN outputs
    X, y = ln.regression_1d("sin", 40, rng=0)
    model = ln.mlp([1, 8, 1], "tanh", rng=0)
    with pytest.raises(TrainingDiverged, match=r"diverged at epoch \d, step \d: the loss became (nan|inf)"):
        fit(model, ln.MSELoss(), SGD(model.parameters(), lr=1e300), X, y, epochs=5)


def test_custom_loss_objects_still_work_in_fit():
    class MeanAbsoluteError:
        def forward(self, pred, y):
            self.diff = pred - y
            return float(np.abs(self.diff).mean())

        def backward(self):
            return np.sign(self.diff) / self.diff.size

    X, y = ln.regression_1d("abs", 60, rng=0)
    model = ln.mlp([1, 16, 1], rng=0)
    history = fit(model, MeanAbsoluteError(), Adam(model.parameters(), lr=0.01), X, y, epochs=40)
    assert history.train_loss[-1] < history.train_loss[0] / 2


def test_fit_reuses_buffers_only_while_it_runs():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((64, 3)), rng.standard_normal((64, 1))
    model = ln.mlp([3, 8, 8, 1], "relu", rng=0)
    seen = []

    def callback(epoch, history):
        seen.append(model.forward(X) is model.forward(X))  # the last Dense writes into the buffer it keeps

    ln.fit(model, ln.MSELoss(), ln.Adam(model.parameters(), lr=0.01), X, y, epochs=2, batch_size=16, rng=0,
           callback=callback)
    assert seen == [True, True]
    assert not any("_buffers" in m.__dict__ for m in model.layers)  # the memory is given back
    a, b = model.forward(X), model.forward(X)
    assert a is not b and np.array_equal(a, b)  # outside fit every output is a new array


def test_fit_gives_the_buffers_back_when_it_raises():
    X, y = np.array([[1.0], [2.0]]), np.array([1.0, 2.0])
    model = ln.mlp([1, 4, 1], rng=0)
    with pytest.raises(TrainingDiverged):
        fit(model, ln.MSELoss(), SGD(model.parameters(), lr=1e6), X, y, epochs=50)
    assert not any("_buffers" in m.__dict__ for m in model.layers)
    assert model.forward(X) is not model.forward(X)


@pytest.mark.parametrize("activation", ["relu", "tanh", "elu"])
def test_buffered_forward_and_backward_equal_the_plain_ones_bit_for_bit(activation):
    rng = np.random.default_rng(1)
    X, dY = rng.standard_normal((20, 4)), rng.standard_normal((20, 2))
    results = []
    for reuse in (False, True):
        model = ln.mlp([4, 6, 5, 2], activation, rng=0)
        with model.reusing_buffers() if reuse else contextlib.nullcontext():
            out = model.forward(X, check=False).copy()
            dX = model.backward(dY, check=False).copy()
        results.append((out, dX, [p.grad.copy() for p in model.parameters()]))
    (o1, d1, g1), (o2, d2, g2) = results
    assert np.array_equal(o1, o2) and np.array_equal(d1, d2)
    assert all(np.array_equal(a, b) for a, b in zip(g1, g2))


# --- odd input: refused before anything changes, in our words ------------------------------------------

def _weights(model):
    return [p.value.tobytes() for p in model.parameters()]


def _optimizer_bytes(opt):
    return ([repr(opt), opt.t] + [a.tobytes() for p in opt.params for a in opt.state[p].values()])


def _trained(seed=0, optimizer=Adam):
    model, loss_fn, X, y = moons_setup(seed, n=40)
    opt = optimizer(model.parameters(), lr=0.01)
    fit(model, loss_fn, opt, X, y, epochs=2, batch_size=10, rng=0)
    return model, opt


def _edited_copy(tmp_path, source, name, edit):
    with np.load(source, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    edit(arrays)
    path = tmp_path / name
    np.savez(path, **arrays)
    return path


def _set(key, value):
    def edit(arrays):
        arrays[key] = value
    return edit


def _drop(key):
    def edit(arrays):
        del arrays[key]
    return edit


FOREIGN_FILES = {
    # name: (how to make it from a good Adam file, what the message says)
    "another optimizer": (lambda tmp, good: _saved_with(tmp, "sgd.npz", SGD),
                          "holds the state of the optimizer SGD"),
    "another architecture": (lambda tmp, good: _saved_other_architecture(tmp),
                             r"parameter Dense1\.W: this model has shape"),
    "a missing parameter": (lambda tmp, good: _edited_copy(tmp, good, "m.npz", _drop("model/Dense3.b")),
                            r"missing \['Dense3\.b'\]"),
    "a missing optimizer state": (lambda tmp, good: _edited_copy(tmp, good, "s.npz", _drop("optimizer/state/5/s")),
                                  "missing: optimizer/state/5/s"),
    "a state of the wrong shape": (lambda tmp, good: _edited_copy(tmp, good, "w.npz",
                                                                  _set("optimizer/state/0/m", np.zeros(3))),
                                   r"state 'm' of parameter 0 \(Dense1\.W\) of shape \(3,\), expected \(16, 2\)"),
    "NaN weights": (lambda tmp, good: _edited_copy(tmp, good, "n.npz", _set("model/Dense3.b", np.array([np.nan]))),
                    r"parameter Dense3\.b with nan at index \(0,\)"),
    "an infinite state": (lambda tmp, good: _edited_copy(tmp, good, "i.npz",
                                                         _set("optimizer/state/1/s", np.full(16, np.inf))),
                          r"state 's' of parameter 1 \(Dense1\.b\) with inf"),
    "a negative learning rate": (lambda tmp, good: _edited_copy(tmp, good, "lr.npz",
                                                                _set("optimizer/hyperparameters/lr", np.array(-1.0))),
                                 "lr must be a positive finite number, got -1"),
    "text instead of weights": (lambda tmp, good: _edited_copy(tmp, good, "t.npz",
                                                               _set("model/Dense2.W", np.full((16, 16), "abc"))),
                                "not numbers"),
}


def _saved_with(tmp_path, name, optimizer):
    model, _, _, _ = moons_setup(5, n=40)
    path = tmp_path / name
    ln.save(path, model, optimizer(model.parameters(), lr=0.1))
    return path


def _saved_other_architecture(tmp_path):
    path = tmp_path / "other.npz"
    model = ln.mlp([2, 8, 16, 1], rng=0)
    ln.save(path, model, Adam(model.parameters()))
    return path


@pytest.mark.parametrize("what", list(FOREIGN_FILES))
def test_a_failed_load_leaves_model_and_optimizer_exactly_as_they_were(tmp_path, what):
    good = tmp_path / "good.npz"
    ln.save(good, *_trained(seed=3))
    make, message = FOREIGN_FILES[what]
    path = make(tmp_path, good)
    model, opt = _trained(seed=0)
    weights, state = _weights(model), _optimizer_bytes(opt)
    with pytest.raises(ln.InputError, match=message) as error:
        ln.load(path, model, opt)
    assert "nothing was loaded" in str(error.value).lower()
    assert _weights(model) == weights and _optimizer_bytes(opt) == state  # byte for byte


def test_save_and_load_with_plain_sgd_round_trip(tmp_path):
    model, opt = _trained(optimizer=SGD)
    ln.save(tmp_path / "sgd.npz", model, opt)
    twin, _, _, _ = moons_setup(seed=9, n=40)
    twin_opt = SGD(twin.parameters(), lr=0.5)
    ln.load(tmp_path / "sgd.npz", twin, twin_opt)  # SGD keeps no state per parameter: nothing to mismatch
    assert _weights(twin) == _weights(model) and twin_opt.lr == 0.01 and twin_opt.t == opt.t


def _png_bytes():
    import io

    from matplotlib.figure import Figure

    buffer = io.BytesIO()
    Figure(figsize=(1, 1)).savefig(buffer, format="png")
    return buffer.getvalue()


@pytest.mark.parametrize("kind, reason", [
    ("truncated", "a damaged or truncated .npz archive"), ("corrupt", "a damaged or truncated .npz archive"),
    ("empty", "the file is empty"), ("text", "it is a text file"), ("png", "it is a PNG picture"),
    ("npy", r"it holds a single array of shape \(3,\), as np.save writes"), ("folder", "it is a folder"),
    ("foreign npz", "it holds 'a', not a model's parameters"),
])
def test_loading_what_save_did_not_write_says_so_in_our_words(tmp_path, kind, reason):
    good = tmp_path / "good.npz"
    ln.save(good, ln.mlp([2, 4, 1], rng=0))
    content = good.read_bytes()
    path = tmp_path / "x.npz"
    if kind == "truncated":
        path.write_bytes(content[: len(content) // 2])
    elif kind == "corrupt":
        path.write_bytes(content[:60] + b"\0" * 300 + content[360:])
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("W = [[1, 2], [3, 4]]\n")
    elif kind == "png":
        path.write_bytes(_png_bytes())
    elif kind == "npy":
        path = tmp_path / "x.npy"
        np.save(path, np.ones(3))
    elif kind == "folder":
        path.mkdir()
    else:
        np.savez(path, a=np.ones(2))
    model = ln.mlp([2, 4, 1], rng=1)
    weights = _weights(model)
    with pytest.raises(ln.InputError, match=rf"{re.escape(str(path))} is not a file written by lecture_nn\.save "
                                            rf"\({reason}") as error:
        ln.load(path, model)
    assert "pickle" not in str(error.value) and _weights(model) == weights


def test_loading_a_missing_file_names_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ln.InputError, match=r"load: no file x\.npz \(check the path, relative to the current folder"):
        ln.load("x.npz", ln.mlp([2, 4, 1], rng=0))


def test_save_names_the_folder_the_student_typed_and_refuses_odd_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    model = ln.mlp([2, 4, 1], rng=0)
    with pytest.raises(ln.InputError, match=r"the folder 'nofolder' of path 'nofolder/m\.npz' does not exist; create "
                                            r"it first, e\.g\. os\.makedirs\('nofolder', exist_ok=True\)") as error:
        ln.save("nofolder/m.npz", model)
    assert ".saving-" not in str(error.value)
    with pytest.raises(ln.InputError, match="path must be a file name such as 'model.npz', got the empty string"):
        ln.save("", model)
    with pytest.raises(ln.InputError, match="is a folder; give a file name in it"):
        ln.save(tmp_path, model)
    with pytest.raises(ln.InputError, match=r"save: the arguments are swapped: the path comes first, then the model"):
        ln.save(model, "m.npz")
    with pytest.raises(ln.InputError, match=r"load: the arguments are swapped"):
        ln.load(model, "m.npz")
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written anywhere, no temporary left
    assert sorted(p.name for p in tmp_path.parent.iterdir() if p.name.startswith(".saving-")) == []


def test_save_refuses_nan_weights_and_keeps_the_old_file(tmp_path):
    path = tmp_path / "model.npz"
    model = ln.mlp([2, 4, 1], rng=0)
    ln.save(path, model)
    good = path.read_bytes()
    model[2].W.value[0, 3] = np.inf
    with pytest.raises(ln.InputError, match=r"save: model parameter Dense2\.W has inf at index \(0, 3\); "
                                            "nothing was saved"):
        ln.save(path, model)
    other = ln.mlp([2, 4, 1], rng=1)
    with pytest.raises(ln.UsageError, match="the optimizer holds the parameters of another model"):
        ln.save(path, ln.mlp([2, 4, 1], rng=0), SGD(other.parameters(), lr=0.1))
    assert path.read_bytes() == good and [p.name for p in tmp_path.iterdir()] == ["model.npz"]


@pytest.mark.parametrize("labels, message", [
    ([0, 1, 2, 1], r"labels y in \{0, 1\} \(one output.*got 2 at index 2"),
    ([0, -1, 1, 1], r"labels y in \{0, 1\}.*got -1 at index 1"),
    (["a", "b", "a", "b"], r"class labels y \(integers\), got strings"),
    ([0.0, np.nan, 1.0, 1.0], r"non-finite value in y: nan at index \(1,\)"),
    ([0.3, 1.7, -2.0, 0.5], r"got 0.3 at index 0: regression targets have no accuracy"),
    ([0, 1, 1], r"y with N = 4 labels, one per row of X.*got shape \(3,\)"),
    ([[0, 1], [1, 0], [0, 1], [1, 0]], r"got shape \(4, 2\)"),
])
def test_accuracy_refuses_what_are_not_class_labels(labels, message):
    model = ln.Sequential(ln.Dense(1, 1))
    X = np.array([[-2.0], [-1.0], [1.0], [3.0]])
    with pytest.raises(ln.InputError, match=message):
        ln.accuracy(model, X, labels)


def test_accuracy_counts_integer_valued_floats_and_bools_as_labels_and_checks_c():
    model = ln.Sequential(ln.Dense(1, 1))
    model[0].W.value[:] = 1.0
    X = np.array([[-2.0], [-1.0], [1.0], [3.0]])
    for labels in ([0, 1, 1, 1], [0.0, 1.0, 1.0, 1.0], [False, True, True, True], [[0], [1], [1], [1]]):
        assert ln.accuracy(model, X, labels) == 0.75
    multi = ln.Sequential(ln.Dense(2, 3))
    with pytest.raises(ln.InputError, match=r"labels y in 0\.\.C-1 = 0\.\.2 \(C = 3 outputs\), got 3 at index 0"):
        ln.accuracy(multi, np.ones((2, 2)), [3, 0])


def test_fit_refuses_an_optimizer_of_another_model_before_any_step():
    model, loss_fn, X, y = moons_setup()
    other, _, _, _ = moons_setup(seed=1)
    weights, other_weights = _weights(model), _weights(other)
    with pytest.raises(ln.UsageError, match=r"fit: the optimizer holds the parameters of another model: none of "
                                            r"its 6 parameters belongs to this model.*"
                                            r"SGD\(model\.parameters\(\), \.\.\.\)"):
        fit(model, loss_fn, SGD(other.parameters(), lr=0.1), X, y, epochs=3)
    assert _weights(model) == weights and _weights(other) == other_weights


@pytest.mark.parametrize("change, message", [
    (dict(loss_fn=ln.MSELoss), r"loss_fn must be a loss object such as MSELoss\(\).*got the class MSELoss; "
                               r"write MSELoss\(\) with parentheses"),
    (dict(optimizer=SGD), r"optimizer must be an optimizer object.*got the class SGD itself"),
    (dict(optimizer="Adam"), r"optimizer must be an optimizer object.*got the string 'Adam'"),
    (dict(model=ln.Dense), r"model must be a network, got the class Dense itself"),
    (dict(epochs=2.0), r"epochs must be an integer in \[1, 1000000\] \(write 2, not 2\.0\), got 2\.0"),
    (dict(epochs=10 ** 9), r"epochs must be an integer in \[1, 1000000\], got 1000000000"),
    (dict(batch_size=0), r"batch_size must be an integer >= 1, got 0"),
    (dict(batch_size="32"), r"batch_size must be an integer >= 1 \(without quotes\), got the string '32'"),
    (dict(rng=-1), r"rng must be a numpy Generator, an int seed >= 0 or None, got -1"),
    (dict(rng="seed"), r"rng must be a numpy Generator"),
    (dict(shuffle="no"), r"shuffle must be True or False, got the string 'no'"),
    (dict(callback=len), r"callback must take two arguments, callback\(epoch, history\)"),
    (dict(y=np.zeros(99)), r"y with the same N as X: X has N = 100, y has shape \(99,\)"),
    (dict(y=["a"] * 100), r"fit expects y as an array of numbers, got strings"),
    (dict(X_val=np.ones((5, 3)), y_val=np.zeros(5)), r"fit: X_val: .*expects X of shape \(N, 2\), got \(5, 3\)"),
    (dict(X_val=np.ones((5, 2)), y_val=np.zeros(4)), r"y_val with the same N as X_val: X_val has N = 5"),
    (dict(X_val=np.ones((5, 2)), y_val=np.full(5, 3.0)), r"y_val does not fit .*targets y in \[0, 1\]"),
])
def test_fit_names_the_argument_it_cannot_use_before_any_step(change, message):
    model, loss_fn, X, y = moons_setup()
    arguments = dict(model=model, loss_fn=loss_fn, optimizer=SGD(model.parameters(), lr=0.1), X=X, y=y, epochs=2)
    arguments.update(change)
    weights = _weights(model)
    with pytest.raises(ln.LectureNNError, match=message):
        fit(**arguments)
    assert _weights(model) == weights


def test_fit_on_nan_weights_names_the_parameter_instead_of_blaming_the_learning_rate():
    model, loss_fn, X, y = moons_setup()
    opt = SGD(model.parameters(), lr=0.1)
    model[2].b.value[5] = np.nan  # e.g. what a run with on_divergence="stop" left
    with pytest.raises(ln.InputError, match=r"fit: model parameter Dense2\.b has nan at index \(5,\): the weights "
                                            r"are broken") as error:
        fit(model, loss_fn, opt, X, y, epochs=1)
    assert not isinstance(error.value, TrainingDiverged)


def test_fit_refuses_an_optimizer_state_left_by_a_diverged_run():
    model, loss_fn, X, y = moons_setup()
    opt = Adam(model.parameters(), lr=0.01)
    opt.state[model[0].W]["s"][1, 0] = np.inf
    with pytest.raises(ln.InputError, match=r"the optimizer's state 's' of parameter Dense1\.W has inf "
                                            r"at index \(1, 0\)"):
        fit(model, loss_fn, opt, X, y, epochs=1)


def test_a_loss_that_overflows_before_any_step_is_the_data_not_the_learning_rate():
    X, y = ln.regression_1d("sin", 20, rng=0)
    model = ln.mlp([1, 8, 1], "tanh", rng=0)
    weights = _weights(model)
    with pytest.raises(ln.InputError, match=r"fit: the loss is inf at the initial weights, before any step, so no "
                                            r"learning rate is to blame.*the largest \|y\| 9\.92e\+199"):
        fit(model, ln.MSELoss(), SGD(model.parameters(), lr=0.01), X, y * 1e200, epochs=1)
    assert _weights(model) == weights


def test_weights_broken_by_the_last_step_are_divergence_too():
    X, y = ln.regression_1d("sin", 40, rng=0)
    model = ln.mlp([1, 8, 1], "tanh", rng=0)
    with pytest.raises(TrainingDiverged, match=r"diverged at epoch 1, step 2: after the last step, parameter "
                                               r"Dense\d\.\w has (inf|nan)"):
        fit(model, ln.MSELoss(), SGD(model.parameters(), lr=1e308), X, 100 * y, epochs=1)  # one step, then inf
    model = ln.mlp([1, 8, 1], "tanh", rng=0)
    history = fit(model, ln.MSELoss(), SGD(model.parameters(), lr=1e308), X, 100 * y, epochs=1, on_divergence="stop")
    assert history.diverged and history.diverged_at == (1, 2) and history.steps == 1


def test_predict_evaluate_and_accuracy_never_return_nan():
    model = ln.mlp([2, 4, 1], rng=0)
    X = np.ones((3, 2))
    model[0].W.value[2, 1] = np.nan
    for call in (lambda: ln.predict(model, X), lambda: ln.accuracy(model, X, [0, 1, 0]),
                 lambda: ln.evaluate(model, ln.MSELoss(), X, np.zeros(3))):
        with pytest.raises(ln.InputError, match=r"model parameter Dense1\.W has nan at index \(2, 1\)"):
            call()
    model = ln.mlp([2, 4, 1], rng=0)
    for p in model.parameters():
        p.value[...] = 1e200  # finite, but their products are not
    with pytest.raises(ln.LectureNNError, match="overflow"):
        ln.predict(model, X)
    big = ln.mlp([2, 4, 1], rng=0)
    with pytest.raises(ln.InputError, match=r"overflow"):
        ln.evaluate(big, ln.MSELoss(), X, np.full(3, 1e200))


def test_history_and_training_diverged_check_what_they_are_given():
    assert ln.History(train_loss=np.array([1.0, 0.5]), steps=np.int64(4)).train_loss == [1.0, 0.5]
    with pytest.raises(ln.InputError, match=r"train_loss must be a list of losses \(finite numbers\), "
                                            r"got nan at index 1"):
        ln.History(train_loss=[1.0, float("nan")])
    with pytest.raises(ln.InputError, match="diverged_at is given, but diverged is False"):
        ln.History(diverged_at=(1, 2))
    assert "DIVERGED" in repr(ln.History(diverged=True))
    error = TrainingDiverged(2, 7, float("inf"), lr=0.1)
    assert isinstance(error, ln.LectureNNError) and isinstance(error, RuntimeError)
    with pytest.raises(ln.InputError, match=r"epoch must be an integer >= 1 \(without quotes\), got the string 'abc'"):
        TrainingDiverged("abc", 1, float("nan"))


@pytest.mark.parametrize("change", [
    dict(model=ln.Dense),  # the class itself
    dict(loss_fn=ln.MSELoss),  # without parentheses
    dict(y=np.zeros((5, 1))),  # N = 5 targets for N = 4 rows of X
    dict(X=np.full((4, 2), np.nan)),
])
def test_fit_evaluate_and_check_gradients_refuse_an_argument_in_the_same_words(change):
    """The three share lecture_nn.arguments: only the function's name at the start differs."""
    model = ln.mlp([2, 3, 1], rng=0)
    args = {"model": model, "loss_fn": ln.MSELoss(), "X": np.zeros((4, 2)), "y": np.zeros((4, 1))} | change
    messages = {}
    for who, call in [
        ("fit", lambda a: fit(a["model"], a["loss_fn"], SGD(model.parameters(), lr=0.1), a["X"], a["y"], epochs=1)),
        ("evaluate", lambda a: ln.evaluate(a["model"], a["loss_fn"], a["X"], a["y"])),
        ("check_gradients", lambda a: ln.check_gradients(a["model"], a["loss_fn"], a["X"], a["y"])),
    ]:
        with pytest.raises(ln.InputError) as error:
            call(args)
        messages[who] = str(error.value).replace(who, "WHO", 1)
    assert len(set(messages.values())) == 1, messages
