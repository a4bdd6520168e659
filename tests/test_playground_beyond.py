"""The playground beyond TensorFlow Playground: dropout on hidden layers, two runs side by side on the
same mini-batches, and the trained network as PyTorch code."""

import html

import numpy as np
import pytest

import lecture_nn as ln
from lecture_nn.demos.playground import (COMPARISONS, SHARED, Playground, SideBySide, SideBySideTraining)
from lecture_nn.demos.playground_training import PlaygroundTraining
from lecture_nn.errors import InputError, UsageError

DIVERGING = dict(dataset="regression 2D", optimizer="SGD", activation="identity", batch=0)


def history_arrays(t):
    return {key: np.asarray(values, dtype=float) for key, values in t.history.items()}


def same_history(a, b) -> bool:
    """The same run twice (the same computation): equal to the last bit, NaN where both are NaN."""
    ha, hb = history_arrays(a), history_arrays(b)
    return ha.keys() == hb.keys() and all(np.array_equal(ha[k], hb[k], equal_nan=True) for k in ha)


# --- dropout in the playground --------------------------------------------------------------------

def test_the_dropout_control_builds_dropout_after_every_hidden_layer():
    pg = Playground(layers=2, width1=8, width2=6, dropout=0.2)
    kinds = [type(layer).__name__ for layer in pg.model]
    assert kinds == ["Dense", "Activation", "Dropout", "Dense", "Activation", "Dropout", "Dense"]
    assert all(layer.p == 0.2 for layer in pg.model if isinstance(layer, ln.Dropout))
    pg.controls["dropout"].value = 0.5
    assert pg.last_error is None
    assert [layer.p for layer in pg.model if isinstance(layer, ln.Dropout)] == [0.5, 0.5]
    pg.controls["dropout"].value = 0.0
    assert not any(isinstance(layer, ln.Dropout) for layer in pg.model)


def test_dropout_acts_while_training_and_the_losses_are_the_full_net():
    t = PlaygroundTraining("overfitting with noise", dropout=0.5)
    t.train(20)
    assert not t.model.training and not any(layer.training for layer in t.model)  # left in evaluation mode
    full = t.loss_fn(t.model.forward(t.F_train), t.T_train)  # evaluation mode: every unit, no mask
    assert t.history["train"][-1] == pytest.approx(float(full), rel=1e-12)
    assert "dropout p 0.5 while training (losses: the full net)" in t.readout()
    # the masks change the steps: the same run without dropout ends elsewhere
    plain = PlaygroundTraining("overfitting with noise", dropout=0.0)
    plain.train(20)
    assert not np.allclose(t.history["train"], plain.history["train"])


def test_the_same_initial_weights_with_and_without_dropout():
    a = PlaygroundTraining("overfitting with noise", dropout=0.0)
    b = PlaygroundTraining("overfitting with noise", dropout=0.3)
    assert a.initial_state.keys() == b.initial_state.keys()
    assert all(np.array_equal(a.initial_state[k], b.initial_state[k]) for k in a.initial_state)


def test_reset_retraces_the_same_run_with_dropout():
    pg = Playground("overfitting with noise", dropout=0.3)
    pg.train(25)
    first = history_arrays(pg.training)
    pg.reset()
    pg.train(25)
    again = history_arrays(pg.training)
    assert all(np.array_equal(first[k], again[k]) for k in first)


def test_dropout_survives_the_link_and_the_settings():
    pg = Playground("overfitting with noise", dropout=0.4, seed=3)
    assert "dropout=0.4" in pg.url()
    for twin in (Playground.from_url(pg.url()), Playground(**pg.settings())):
        assert twin.training.values["dropout"] == 0.4
        twin.train(5)
        pg.reset()
        pg.train(5)
        assert same_history(twin.training, pg.training)


@pytest.mark.parametrize("p", [-0.1, 1.0, 0.25, "half", float("nan")])
def test_a_dropout_rate_the_slider_cannot_show_is_refused_by_name(p):
    with pytest.raises(InputError, match="dropout"):
        Playground(dropout=p)


# --- two runs side by side --------------------------------------------------------------------------

def test_two_equal_sides_give_the_very_same_run():
    pair = SideBySideTraining(None, left=dict(show_test=False), dataset="moons", batch=10)
    pair.train(40)
    assert pair.same_initial_weights
    assert same_history(pair.left, pair.right)


def test_each_side_is_the_run_the_playground_makes_alone():
    """The same points and mini-batches: each side equals a playground of its settings and seed."""
    pair = SideBySideTraining("SGD vs Momentum", seed=2)
    pair.train(30)
    for t in pair.sides:
        alone = PlaygroundTraining(**t.settings())
        alone.train(30)
        assert same_history(t, alone)


@pytest.mark.parametrize("name, labels, same", [
    ("SGD vs Momentum", ("SGD", "Momentum"), True),
    ("overfitting: L2 off vs on", ("no penalty", "L2 λ 0.1"), True),
    ("overfitting: dropout off vs on", ("no dropout", "dropout 0.5"), True),
    ("depth at 16 units: 1×16 vs 4×4", ("1×16", "4×4"), False),
])
def test_every_comparison_names_its_sides_and_says_whether_they_start_alike(name, labels, same):
    pair = SideBySideTraining(name)
    assert pair.labels == labels
    assert pair.same_initial_weights is same
    for shared in SHARED:
        assert pair.left.values[shared] == pair.right.values[shared]
    assert ("the same initial weights" in pair.readout()) is same
    assert COMPARISONS[name].note


def test_sides_that_would_see_other_batches_are_refused_by_name():
    with pytest.raises(InputError, match=r"differ in n 100 against 200"):
        SideBySideTraining(None, left=dict(n=100), right=dict(n=200))
    with pytest.raises(InputError, match=r"differ in batch"):
        SideBySideTraining("SGD vs Momentum", right=dict(batch=10))
    pair = SideBySideTraining(None, left=dict(lr=0.1), right=dict(lr=0.01), batch=10)  # given once: fine
    assert pair.left.values["batch"] == pair.right.values["batch"] == 10


@pytest.mark.parametrize("arguments, words", [
    (dict(comparison="SGD against Adam"), "comparison"),
    (dict(comparison=3), "comparison must be the name"),
    (dict(left="SGD"), "left must be a dict"),
    (dict(right=[("lr", 0.1)]), "right must be a dict"),
    (dict(left=dict(lr=-1.0)), "lr"),
    (dict(right=dict(optimiser="Adam")), "optimiser"),
    (dict(seed="zero"), "seed"),
])
def test_bad_arguments_are_refused_before_anything_is_built(arguments, words):
    for make in (SideBySideTraining, SideBySide):
        with pytest.raises(InputError, match=words):
            make(**arguments)


def test_a_side_that_diverges_stops_and_the_other_goes_on():
    sbs = SideBySide(None, left=dict(lr=10.0), right=dict(lr=0.01), **DIVERGING)
    sbs.run(6)
    left, right = sbs.sides
    assert left.diverged and not right.diverged and sbs.last_error is None
    assert sbs.picture.panels[0]["diverged"].get_visible() and not sbs.picture.panels[1]["diverged"].get_visible()
    stopped = left.steps_done
    sbs.run(2)
    assert left.steps_done == stopped and right.steps_done > stopped
    assert "diverged" in sbs.readout().splitlines()[0] and "diverged" not in sbs.readout().splitlines()[1]
    both = SideBySide(None, left=dict(lr=10.0), right=dict(lr=3.0), **DIVERGING)
    both.play.playing = True
    for _ in range(20):
        both.play.value += 1
    assert both.training.diverged and both.play.playing is False and both.last_error is None
    with pytest.raises(UsageError, match="both sides diverged"):
        both.run(1)
    both.reset()
    assert not any(t.diverged for t in both.sides)


def test_the_explorer_plays_steps_resets_and_takes_a_new_seed():
    sbs = SideBySide()
    assert sbs.last_error is None and sbs.labels == ("SGD", "Momentum")
    steps = sbs.values["steps"]
    sbs.play.value += 1  # one tick of ▶ without an event loop: one frame
    assert [t.steps_done for t in sbs.sides] == [steps, steps]
    sbs.controls["steps"].value = 3
    sbs.step()
    assert [t.steps_done for t in sbs.sides] == [steps + 3, steps + 3]
    first = history_arrays(sbs.sides[1])
    sbs.reset()
    assert sbs.training.steps_done == 0
    sbs.train(steps)  # the losses are recorded after each call: the same calls as above
    sbs.train(3)
    assert all(np.array_equal(first[k], history_arrays(sbs.sides[1])[k]) for k in first)
    X = sbs.sides[0].X_train.copy()
    sbs.new_seed()
    assert sbs.training.seed == 1 and not np.array_equal(X, sbs.sides[0].X_train)
    assert np.array_equal(sbs.sides[0].X_train, sbs.sides[1].X_train)
    assert repr(sbs) == "SideBySide('SGD' vs 'Momentum', data='circles', seed=1, steps=0)"


def test_choosing_a_comparison_starts_it_and_your_own_pair_comes_back():
    sbs = SideBySide(None, left=dict(optimizer="SGD"), right=dict(optimizer="Adam"), dataset="moons", seed=4)
    assert sbs.controls["comparison"].value == "" and sbs.labels == ("SGD", "Adam")
    for name in COMPARISONS:
        sbs.controls["comparison"].value = name
        assert sbs.last_error is None and sbs.training.comparison == name and sbs.training.seed == 4
        assert sbs.values["steps"] == sbs.sides[0].values["steps"]
        assert html.escape(COMPARISONS[name].note) in sbs.widget.children[2].value
    sbs.controls["comparison"].value = ""
    assert sbs.labels == ("SGD", "Adam") and sbs.sides[0].values["dataset"] == "moons"


def test_the_picture_shows_both_sides_and_four_loss_curves():
    sbs = SideBySide("overfitting: L2 off vs on")
    sbs.run(3)
    titles = [ax.get_title() for ax in sbs.picture.axes]
    assert titles[0].startswith("no penalty: 2-16-16-16-1 relu") and titles[1].startswith("L2 λ 0.1: ")
    labels = [line.get_label() for pair in sbs.picture.lines for line in pair]
    assert labels == ["no penalty: train", "no penalty: test", "L2 λ 0.1: train", "L2 λ 0.1: test"]
    steps = sbs.picture.lines[0][0].get_xdata()
    assert steps[-1] == sbs.training.steps_done
    assert "the same initial weights" in sbs.picture.ax_loss.get_title()
    assert sbs.text() == repr(sbs)
    assert sbs._repr_mimebundle_()["image/png"].startswith(b"\x89PNG")


def test_one_d_regression_side_by_side_draws_curves():
    sbs = SideBySide(None, left=dict(layers=1, width1=2), right=dict(layers=1, width1=8), dataset="regression 1D")
    sbs.run(2)
    assert sbs.last_error is None
    for panel in sbs.picture.panels:
        assert not panel["heat"].get_visible() and len(panel["curve"].get_xdata()) > 0


def test_your_own_data_on_both_sides():
    X, y = ln.moons(120, noise=0.2, rng=1)
    sbs = SideBySide(None, left=dict(optimizer="SGD"), right=dict(optimizer="Momentum"), X=X, y=y)
    sbs.run(2)
    assert sbs.last_error is None
    assert np.array_equal(sbs.sides[0].X_train, sbs.sides[1].X_train)


# --- the network as PyTorch code ---------------------------------------------------------------------

def test_to_torch_code_writes_the_trained_network():
    pg = Playground("overfitting with noise", dropout=0.2)
    pg.run(3)
    code = pg.to_torch_code()
    compile(code, "<to_torch_code>", "exec")
    assert code.startswith("# lecture_nn playground: 2-16-16-16-1 relu on moons (2 classes), Adam η 0.03, ")
    assert code.count("nn.Dropout(p=0.2)") == 3
    torch = pytest.importorskip("torch")
    namespace = {}
    exec(code, namespace)
    X = np.vstack([pg.X_train, pg.X_test])
    with torch.no_grad():
        got = namespace["model"](namespace["features"](torch.tensor(X, dtype=torch.float64))).numpy()
    np.testing.assert_allclose(got, pg.training.outputs(pg.features(X)), atol=1e-6, rtol=0)


def test_to_torch_code_of_a_diverged_playground_says_why_not():
    pg = Playground(lr=10.0, **DIVERGING)
    pg.run(5)
    assert pg.diverged
    with pytest.raises(UsageError, match="to_torch_code: the playground diverged"):
        pg.to_torch_code()


def test_a_setting_for_both_that_the_comparison_gives_each_side_is_refused():
    with pytest.raises(InputError, match=r"layers=1 would apply to both sides, but the comparison .*left 1, right 4"):
        SideBySideTraining("depth at 16 units: 1×16 vs 4×4", layers=1)
    pair = SideBySideTraining("depth at 16 units: 1×16 vs 4×4", right=dict(width1=8))  # one side: yours wins
    assert pair.right.values["width1"] == 8


def test_side_by_side_in_an_event_loop_the_kernel_plays_jpegs():
    import asyncio
    import threading

    from lecture_nn.demos.playground import PLAY_INTERVAL_MS

    async def play_and_pause():
        sbs = SideBySide()
        sbs.controls["steps"].value = 2
        assert sbs.widget is not None
        sbs.play.playing = True
        seen = []
        for _ in range(200):
            await asyncio.sleep(0.02)
            if sbs.kernel_playing and getattr(sbs, "frame_widget", None) is not None:
                seen.append((len(sbs.out.outputs), sbs.frame_widget.value[:2]))
            if sbs.training.steps_done >= 10:
                break
        sbs.play.playing = False
        await asyncio.sleep(0.3)
        return sbs, seen

    result = []
    thread = threading.Thread(target=lambda: result.append(asyncio.run(play_and_pause())))  # its own loop
    thread.start()
    thread.join(timeout=60)
    sbs, seen = result[0]
    assert sbs.training.steps_done >= 10 and sbs.play.interval == PLAY_INTERVAL_MS and sbs.last_error is None
    assert seen and all(s == (1, b"\xff\xd8") for s in seen)  # playing: one image widget, JPEG
    assert not sbs.kernel_playing and len(sbs.out.outputs) == 1  # paused: the PNG again
    assert [t.steps_done for t in sbs.sides] == [sbs.training.steps_done] * 2


@pytest.mark.parametrize("arguments", [
    dict(comparison="depth at 16 units: 1×16 vs 4×4"),
    dict(comparison=None, left=dict(layers=1, width1=2), right=dict(layers=1, width1=8), dataset="regression 1D"),
    dict(comparison=None, left=dict(lr=10.0), right=dict(lr=0.01), **DIVERGING),
], ids=["depth", "1D", "diverging"])
def test_side_by_side_blits_what_a_full_redraw_draws(arguments):
    """Frame after frame (limits, legend and a divergence changing on the way), the picture drawn
    over the cached background is the picture of a full redraw, pixel for pixel."""
    import io

    from PIL import Image

    def pixels(data):
        return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)

    sbs = SideBySide(**arguments)
    for frames in (1, 2, 5, 12):
        sbs.run(frames) if not sbs.training.diverged else sbs.reset()
        fast = pixels(sbs.png())
        for artist in sbs.animated:
            artist.set_animated(False)
        sbs.fig.canvas.draw()
        full = pixels(sbs._encode())
        for artist in sbs.animated:
            artist.set_animated(True)
        assert np.array_equal(fast, full), f"after {sbs.training.steps_done} steps"
        sbs.png()
