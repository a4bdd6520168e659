"""Every explorer of every demo module, every control moved to its ends and back: each move draws.

The explorers are found, not listed: each module of ``lecture_nn.demos`` names its explorers in
``EXPLORERS``, so a new explorer is swept as soon as it is listed there. Each is built with its
defaults; then each control in turn goes to its extremes (a slider's min and max, every option of
a dropdown up to ``MAX_OPTIONS``, a checkbox both ways, one tick of a Play widget) and back to its
default. After every move the explorer must show no error and must have put a new PNG into its
Output, the picture a student sees.
"""

import importlib
import pkgutil

import ipywidgets as widgets
import matplotlib.pyplot as plt  # the Agg backend: conftest chose it
import pytest

import lecture_nn.demos as demos

#: options of a dropdown tried per control: the first ones (a student's choices, not every preset);
#: with it the whole sweep, the playground's ~25 controls included, takes about 20 s
MAX_OPTIONS = 6
PNG_SIGNATURE = "iVBORw0KGgo"  # b"\x89PNG\r\n\x1a\n" in base64, as the Output stores the picture


def explorer_classes():
    classes = []
    for info in pkgutil.iter_modules(demos.__path__):
        module = importlib.import_module(f"{demos.__name__}.{info.name}")
        classes += [pytest.param(cls, id=f"{info.name}.{cls.__name__}") for cls in getattr(module, "EXPLORERS", ())]
    return classes


def _options(control) -> list:
    options = control.options
    if isinstance(options, dict):
        return list(options.values())
    return [o[1] if isinstance(o, tuple) else o for o in options]


def moves(control) -> list:
    """The values a control is moved to, in order, ending at its default."""
    default = control.value
    if isinstance(control, widgets.FloatLogSlider):
        ends = [control.base ** control.min, control.base ** control.max]
    elif isinstance(control, (widgets.IntSlider, widgets.FloatSlider, widgets.BoundedIntText,
                              widgets.BoundedFloatText)):
        ends = [control.min, control.max]
    elif isinstance(control, widgets.SelectionSlider):  # a slider over named values: its two ends
        ends = [_options(control)[0], _options(control)[-1]]
    elif isinstance(control, widgets.SelectMultiple):
        everything = tuple(_options(control))
        ends = [(), everything[:1], everything]
    elif isinstance(control, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons, widgets.Select)):
        ends = _options(control)[:MAX_OPTIONS]
    elif isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        ends = [not default]
    elif isinstance(control, widgets.Play):  # a ticker: a student can only let it advance
        ends = [default + 1]
    else:
        raise AssertionError(f"the sweep does not know how to move a {type(control).__name__}; add it to moves()")
    return ends + [default]


def _picture(ex):
    outputs = ex.out.outputs
    assert len(outputs) == 1, f"the Output holds {len(outputs)} items, expected the one picture"
    return outputs[0]


@pytest.fixture
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("explorer_class", explorer_classes())
def test_every_control_draws_at_its_extremes_and_back(explorer_class, close_figures):
    ex = explorer_class()
    assert ex.last_error is None, f"{explorer_class.__name__}() could not draw its defaults: {ex.last_error}"
    assert _picture(ex)["data"]["image/png"].startswith(PNG_SIGNATURE)
    unmoved = []
    for name, control in ex.controls.items():
        done = 0
        for value in moves(control):
            if value == control.value:
                continue  # no change, no update
            before = _picture(ex)
            control.value = value
            done += 1
            setting = f"{explorer_class.__name__} with {name} = {value!r}"
            assert ex.last_error is None, f"{setting} could not draw: {type(ex.last_error).__name__}: {ex.last_error}"
            after = _picture(ex)
            assert after is not before and after["data"]["image/png"].startswith(PNG_SIGNATURE), \
                f"{setting} put no new picture into the Output"
        if done < 2:  # at least one value away and back: else the sweep tested nothing of this control
            unmoved.append(name)
    assert not unmoved, f"{explorer_class.__name__}: the sweep could not move {unmoved}"


def test_every_demo_module_with_an_explorer_lists_it():
    """A demo module whose explorer is missing from EXPLORERS would escape the sweep."""
    from lecture_nn.demos.base import Explorer

    for info in pkgutil.iter_modules(demos.__path__):
        module = importlib.import_module(f"{demos.__name__}.{info.name}")
        defined = {obj for obj in vars(module).values() if isinstance(obj, type) and issubclass(obj, Explorer)
                   and obj is not Explorer and obj.__module__ == module.__name__}
        assert defined <= set(getattr(module, "EXPLORERS", ())), \
            f"{module.__name__} defines {sorted(c.__name__ for c in defined)} but EXPLORERS lists " \
            f"{[c.__name__ for c in getattr(module, 'EXPLORERS', ())]}"
