"""fit and friends: learning happens, mini-batches are exactly the slide's, divergence is
reported, bad data is refused before the first step, and work can be saved and resumed."""

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
    with pytest.raises(ValueError, match="epochs must be a positive integer, got 0"):
        fit(model, loss_fn, opt, X, y, epochs=0)
    with pytest.raises(ValueError, match="on_divergence must be 'raise' or 'stop'"):
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
        seen.append(all(m._reuse for m in model.layers))

    ln.fit(model, ln.MSELoss(), ln.Adam(model.parameters(), lr=0.01), X, y, epochs=2, batch_size=16, rng=0,
           callback=callback)
    assert seen == [True, True]
    assert not any(m._reuse for m in model.layers)
    assert not any("_buffers" in m.__dict__ for m in model.layers)
    a, b = model.forward(X), model.forward(X)
    assert a is not b and np.array_equal(a, b)  # outside fit every output is a new array


@pytest.mark.parametrize("activation", ["relu", "tanh", "elu"])
def test_buffered_forward_and_backward_equal_the_plain_ones_bit_for_bit(activation):
    rng = np.random.default_rng(1)
    X, dY = rng.standard_normal((20, 4)), rng.standard_normal((20, 2))
    results = []
    for reuse in (False, True):
        model = ln.mlp([4, 6, 5, 2], activation, rng=0)
        for m in model.layers:
            m._reuse = reuse
        out = model._forward(X).copy()
        dX = model._backward(dY).copy()
        results.append((out, dX, [p.grad.copy() for p in model.parameters()]))
    (o1, d1, g1), (o2, d2, g2) = results
    assert np.array_equal(o1, o2) and np.array_equal(d1, d2)
    assert all(np.array_equal(a, b) for a, b in zip(g1, g2))
