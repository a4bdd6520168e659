"""The explorer plumbing: updates on control changes, errors shown in the picture, display."""

import subprocess
import sys

import ipywidgets as widgets
import nbformat
import numpy as np
import pytest
from matplotlib.figure import Figure

from lecture_nn.demos.base import Explorer, control, extreme_values
from lecture_nn.errors import UsageError
from test_demos_blitting import full_redraw, pixels


class Powers(Explorer):
    def __init__(self):
        fig = Figure(figsize=(3, 2), layout="constrained")
        ax = fig.subplots()
        self.x = np.linspace(0, 1, 20)
        (self.line,) = ax.plot(self.x, self.x)
        controls = {"p": widgets.IntSlider(value=1, min=0, max=4, description="p"),
                    "crash": widgets.Checkbox(value=False, description="crash")}
        super().__init__(fig, controls, title="powers")

    def update(self, p, crash):
        if crash:
            raise ValueError("this setting is broken")
        self.line.set_ydata(self.x ** p)


def test_a_control_change_updates_the_artists_and_the_picture():
    ex = Powers()
    first = ex.out.outputs[0]["data"]["image/png"]
    ex.controls["p"].value = 3
    assert np.allclose(ex.line.get_ydata(), ex.x ** 3)
    assert len(ex.out.outputs) == 1 and ex.out.outputs[0]["data"]["image/png"] != first
    assert ex.last_update_seconds > 0


def test_an_error_is_shown_in_the_picture_and_the_explorer_keeps_working():
    ex = Powers()
    ex.controls["crash"].value = True
    assert isinstance(ex.last_error, ValueError)
    assert "this setting is broken" in ex._message.get_text() and ex._message.get_visible()
    assert "this setting is broken" in ex.status.value
    assert len(ex.out.outputs) == 1  # a picture is still there
    ex.controls["crash"].value = False
    ex.controls["p"].value = 2
    assert ex.last_error is None and not ex._message.get_visible()
    assert np.allclose(ex.line.get_ydata(), ex.x ** 2)


def test_display_offers_widget_picture_and_stable_text():
    ex = Powers()
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["image/png"].startswith(b"\x89PNG")
    assert bundle["text/plain"] == "Powers(p=1, crash=False)"


def test_the_text_output_carries_the_error_so_a_broken_picture_is_not_silent():
    ex = Powers()
    ex.controls["crash"].value = True
    text = ex._repr_mimebundle_()["text/plain"]
    assert text == "Powers(p=1, crash=True)\ncould not draw: ValueError: this setting is broken"
    ex.controls["crash"].value = False
    assert ex._repr_mimebundle_()["text/plain"] == "Powers(p=1, crash=False)"


class AnimatedPowers(Explorer):
    """Powers whose line is animated: png() draws the axes once and the line on top."""

    def __init__(self):
        fig = Figure(figsize=(3, 2))
        self.ax = fig.subplots()
        self.x = np.linspace(0, 1, 20)
        (self.line,) = self.ax.plot(self.x, self.x, lw=3)
        self.ax.set_xlim(-0.2, 1.2)  # the line clear of the spines, which a full draw puts on top of it
        self.ax.set_ylim(-0.2, 1.2)
        controls = {"p": widgets.IntSlider(value=1, min=0, max=4, description="p"),
                    "crash": widgets.Checkbox(value=False, description="crash")}
        super().__init__(fig, controls, title="powers", animated=[self.line])

    def update(self, p, crash):
        if crash:
            raise ValueError("this setting is broken")
        self.line.set_ydata(self.x ** p)


def test_animated_artists_are_drawn_on_a_cached_background_and_the_picture_equals_afull_redraw():
    ex = AnimatedPowers()
    assert ex.animated == (ex.line, ex._message) and ex.line.get_animated()
    assert Powers().animated == ()  # without animated artists every picture is drawn whole
    background = ex._background
    assert background is not None
    ex.controls["p"].value = 3
    assert ex._background is background  # reused, not drawn again
    fast = pixels(ex.png())
    np.testing.assert_array_equal(fast, full_redraw(ex))
    assert not np.array_equal(fast, pixels(AnimatedPowers().png()))  # the line moved
    ex.redraw_background()
    ex.png()
    assert ex._background is not background


def test_an_animated_explorers_error_message_comes_and_goes_without_staying_in_the_background():
    ex = AnimatedPowers()
    clean = pixels(ex.png())
    ex.controls["crash"].value = True
    assert ex._message.get_visible()
    assert not np.array_equal(pixels(ex.png()), clean)  # the message is drawn on top
    ex.controls["crash"].value = False
    np.testing.assert_array_equal(pixels(ex.png()), clean)  # and gone again: not baked into the background


EXPLORER_CELL = """\
import ipywidgets as widgets
from matplotlib.figure import Figure
from lecture_nn.demos.base import Explorer

class Crashy(Explorer):
    def __init__(self):
        fig = Figure(figsize=(2, 1))
        fig.subplots()
        super().__init__(fig, {"p": widgets.IntSlider(value=1, min=0, max=2)})

    def update(self, p):
        if BROKEN:
            raise ValueError("cannot draw")

Crashy()
"""


@pytest.mark.parametrize("broken", [False, True])
def test_strict_nbval_fails_on_an_explorer_that_could_not_draw(tmp_path, broken):
    # the stored output is the explorer's good text; re-executed broken, nbval must see a difference
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"BROKEN = {broken}", execution_count=1),
                nbformat.v4.new_code_cell(EXPLORER_CELL, execution_count=2, outputs=[
                    nbformat.v4.new_output("execute_result", {"text/plain": "Crashy(p=1)"}, execution_count=2)])]
    path = tmp_path / "explorer.ipynb"
    nbformat.write(nb, path)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                          "--nbval-current-env", str(path)], cwd=tmp_path, capture_output=True, text=True)
    if broken:
        assert run.returncode == 1 and "could not draw: ValueError: cannot draw" in run.stdout, run.stdout
    else:
        assert run.returncode == 0, run.stdout


def test_sweep_visits_the_extremes_and_restores_the_values():
    ex = Powers()
    moves = []
    with pytest.raises(RuntimeError, match="Powers with crash = True could not draw: ValueError: this setting"):
        for name, value, _ in ex.sweep():
            moves.append((name, value))
    assert moves == [("p", 0), ("p", 4), ("p", 2), ("p", 1)]  # every p drew; crash = True did not
    assert ex.values == {"p": 1, "crash": False} and ex.last_error is None  # restored, and drawn again


def test_extreme_values_of_common_controls():
    assert extreme_values(widgets.IntSlider(value=3, min=1, max=9)) == [1, 9, 5]
    assert extreme_values(widgets.Dropdown(options=["a", "b"])) == ["a", "b"]
    assert extreme_values(widgets.Dropdown(options=[("one", 1), ("two", 2)])) == [1, 2]
    assert extreme_values(widgets.FloatLogSlider(value=1e-2, min=-4, max=0)) == [1e-4, 1.0]
    assert extreme_values(widgets.SelectMultiple(options=["x", "y"], value=["x"])) == [(), ("x",), ("x", "y")]


def test_controls_that_update_cannot_take_are_refused_at_construction():
    class Mismatched(Explorer):
        def __init__(self):
            fig = Figure()
            fig.add_subplot()
            super().__init__(fig, {"p": control(widgets.IntSlider, "p", 1, min=0, max=3),
                                   "q": control(widgets.IntSlider, "q", 1, min=0, max=3)})

        def update(self, p, r):
            pass

    with pytest.raises(UsageError, match=r"Mismatched: its controls \['p', 'q'\] must be the parameters of its "
                                         r"update\(\); update\(\) does not take \['q'\]; no control gives "
                                         r"update\(\)'s \['r'\]"):
        Mismatched()


def _every_explorer():
    import importlib
    import inspect
    import pkgutil

    import lecture_nn.demos as demos

    for module in pkgutil.iter_modules(demos.__path__):
        namespace = vars(importlib.import_module(f"lecture_nn.demos.{module.name}"))
        yield from sorted((obj for obj in namespace.values() if inspect.isclass(obj) and issubclass(obj, Explorer)
                           and obj is not Explorer
                           and obj.__module__ == f"lecture_nn.demos.{module.name}"), key=lambda c: c.__name__)


@pytest.mark.parametrize("cls", list(_every_explorer()), ids=lambda c: c.__name__)
def test_every_explorer_of_the_package_builds_with_its_defaults_and_draws(cls):
    ex = cls()
    assert ex.last_error is None and ex.controls
