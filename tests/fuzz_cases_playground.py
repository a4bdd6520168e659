"""Fuzz cases of the playground (``lecture_nn.demos.playground``, see tests/fuzz.py).

Every public function, class and method, with every argument. Building a playground costs about
0.3 s (its figure), so the valid settings are the smallest that draw, the methods share one
playground each, and most feature ticks are left to the unit tests (``skip``): they all take the
same path. A constructor check asks that the playground drew (``last_error is None``) and that
every control named as a setting holds exactly the value passed.
"""

from __future__ import annotations

import contextlib
import math
import os
import pathlib
import tempfile

import numpy as np

import lecture_nn as ln
from fuzz import Case
from lecture_nn.demos import playground as pgm
from lecture_nn.demos.playground import (COMPARISONS, FEATURES, PRESETS, Playground, PlaygroundTraining, Preset,
                                         SeedRun, SideBySide, SideBySideTraining)

# a small valid setting of every control
SETTINGS = dict(dataset="moons", noise=0.1, n=20, train=70, classes=3, activation="tanh", layers=1, width1=2,
                width2=3, width3=3, width4=3, optimizer="Adam", lr=0.03, beta=0.9, beta2=0.999, batch=8, steps=2,
                x1=True, x2=True, x1_sq=False, x2_sq=False, x1x2=False, sin_x1=False, sin_x2=False)
# every accepted value builds a playground (0.3 s): settings that take the same path as a fuzzed one
# are left to tests/test_demos_playground.py (ticks like x1, sliders like width1 and noise)
SKIPPED = frozenset({"x2", "x1x2", "x1_sq", "x2_sq", "sin_x1", "sin_x2", "width2", "width3", "width4", "beta", "beta2"})


def _same_value(held, passed, name):
    """A control's value against the argument: names ignoring case, bools exactly, numbers to 1e-9."""
    if isinstance(passed, str):
        assert isinstance(held, str) and held.lower() == passed.lower(), \
            f"{name}: control holds {held!r}, passed {passed!r}"
    elif isinstance(passed, (bool, np.bool_)):
        assert held is bool(passed), f"{name}: control holds {held!r}, passed {passed!r}"
    else:
        assert not isinstance(held, bool) and math.isclose(float(held), float(passed), rel_tol=1e-9), \
            f"{name}: control holds {held!r}, passed {passed!r}"


def playground_check(pg, kwargs):
    assert isinstance(pg, Playground)
    assert pg.last_error is None, f"the playground could not draw: {pg.last_error!r}"
    assert len(pg.out.outputs) == 1 and "image/png" in pg.out.outputs[0]["data"], "no picture"
    for name, value in kwargs.items():
        if name in pg.controls and name != "preset":
            _same_value(pg.controls[name].value, value, name)
    preset = kwargs.get("preset") or ""
    held = pg.controls["preset"].value
    assert held.lower() == preset.lower(), f"preset control holds {held!r}"
    if "seed" in kwargs:
        assert pg.seed == kwargs["seed"]
    X = kwargs.get("X")
    if X is not None:
        assert len(pg.X_train) + len(pg.X_test) == len(X)
        if kwargs.get("task") is not None:
            assert pg.task == kwargs["task"].lower(), f"task {pg.task!r}, passed {kwargs['task']!r}"
    assert np.isfinite(pg.history["train"][-1]), "the first loss is not finite"


def training_check(run, kwargs):
    """The state was built (a finite first loss) and holds every setting exactly as passed."""
    assert isinstance(run, PlaygroundTraining)
    for name, value in kwargs.items():
        if name in run.values:
            _same_value(run.values[name], value, name)
    if "seed" in kwargs:
        assert run.seed == kwargs["seed"]
    assert np.isfinite(run.history["train"][-1]), "the first loss is not finite"


def _training_set(**settings):
    """``set`` on a fresh small state (building one costs milliseconds: no figure)."""
    run = PlaygroundTraining(n=20, layers=1, width1=2)
    run.set(**settings)
    return run


def _training_train(steps):
    run = PlaygroundTraining(n=20, layers=1, width1=2)
    run.train(steps)
    return run


def _user_data():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (20, 2))
    return X, (X[:, 0] > 0).astype(int)


def _user_valid():
    X, y = _user_data()
    return dict(X=X, y=y, task=None, seed=0, layers=1, width1=2, steps=1)


# --- shared playgrounds for the methods ---------------------------------------------------------------

_shared: dict = {}


def _playground(key):
    key = "preset" if key == "preset" else "main"  # a preset changes every setting: its own
    if key not in _shared:
        _shared[key] = Playground(**SETTINGS)
    return _shared[key]


def _train(steps):
    pg = _playground("train")
    before = pg.steps_done
    pg.train(steps=steps)
    return pg, before


def _train_check(result, kwargs):
    pg, before = result
    assert pg.diverged or pg.steps_done == before + kwargs["steps"], f"{pg.steps_done - before} steps done"


def _run(frames):
    pg = _playground("run")
    before = pg.steps_done
    pg.run(frames=frames)
    return pg, before


def _run_check(result, kwargs):
    pg, before = result
    assert pg.diverged or pg.steps_done == before + kwargs["frames"] * pg.values["steps"]
    assert pg.last_error is None


def _use_preset(name):
    pg = _playground("preset")
    pg.training.use_preset(name)
    return pg


def _use_preset_check(pg, kwargs):
    name = next(p for p in PRESETS if p.lower() == kwargs["name"].lower())
    t = pg.training
    assert t.preset == name and t.steps_done == 0
    for key, value in PRESETS[name].settings.items():
        _same_value(t.values[key], value, key)


def _method_features(X):
    pg = _playground("features")
    return pg.features(X)


@contextlib.contextmanager
def _inside(folder):
    here = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


def _save(path):
    """Save into a fresh folder (the current one while saving), then load it back and compare."""
    pg = _playground("save")
    with tempfile.TemporaryDirectory(prefix="pg-save-") as folder, _inside(folder):
        pg.save(path)
        written = [p for p in pathlib.Path(folder).rglob("*") if p.is_file()]
        assert len(written) == 1, f"wrote {written}"
        again = ln.mlp([2, 2, 1], "tanh")
        ln.load(written[0], again)
    X = np.array([[0.1, 0.2], [0.3, -0.5]])
    return np.array_equal(again.forward(X), pg.model.forward(X))


def _save_check(same, kwargs):
    assert same is True, "the saved model does not load back to the same outputs"


def _readout():
    return _playground("train").readout()


def _no_arguments(method):
    def call():
        pg = _playground("misc")
        getattr(pg, method)()
        return pg
    call.__name__ = method
    return call


# --- module functions ---------------------------------------------------------------------------------

_EXPECTED = {"x1": lambda X: X[:, 0], "x2": lambda X: X[:, 1], "x1_sq": lambda X: X[:, 0] ** 2,
             "x2_sq": lambda X: X[:, 1] ** 2, "x1x2": lambda X: X[:, 0] * X[:, 1],
             "sin_x1": lambda X: np.sin(X[:, 0]), "sin_x2": lambda X: np.sin(X[:, 1])}


def _features_check(F, kwargs):
    X = np.asarray(kwargs["X"], dtype=float)
    names = kwargs["names"]
    names = [names] if isinstance(names, str) else list(names)
    names = [n.lower() for n in names]
    wanted = [n for n in FEATURES if n in names]
    assert F.shape == (len(X), len(wanted)), f"shape {F.shape}, expected {(len(X), len(wanted))}"
    for j, name in enumerate(wanted):
        np.testing.assert_allclose(F[:, j], _EXPECTED[name](X), err_msg=name)


def _seed_runs_check(runs, kwargs):
    seeds = list(kwargs["seeds"])
    assert [run.seed for run in runs] == seeds
    for run in runs:
        assert isinstance(run, SeedRun) and len(run.history["step"]) == kwargs["frames"] + 1
        assert np.isfinite(run.train_loss) and np.isfinite(run.test_loss)


def _tos_valid():
    return dict(preset="linear collapse", seeds=[0], frames=1, n=20, steps=1, lr=0.03)


def _a_run():
    return pgm.train_over_seeds("linear collapse", seeds=[0], frames=1, n=20, steps=1)[0]


def _loss_curves_check(fig, kwargs):
    (ax,) = fig.axes
    assert [line.get_label() for line in ax.get_lines()] == list(kwargs["runs"])
    assert ax.get_title() == kwargs["title"]


def _seed_run_valid():
    run = _a_run()
    return dict(seed=run.seed, model=run.model, feature_names=run.feature_names, units=run.units,
                n_params=run.n_params, history=run.history, X_test=run.X_test, y_test=run.y_test)


def _seed_run_check(run, kwargs):
    for name in ("seed", "units", "n_params"):
        assert getattr(run, name) == kwargs[name]
    assert run.model is kwargs["model"] and run.history is kwargs["history"]
    np.testing.assert_array_equal(run.X_test, kwargs["X_test"])


def _preset_check(preset, kwargs):
    assert preset.note == kwargs["note"]
    for key, value in kwargs["settings"].items():
        _same_value(preset.settings[key], value, key)



def _pair_check(pair, kwargs):
    sides = pair.training.sides if isinstance(pair, SideBySide) else pair.sides
    if isinstance(pair, SideBySide):
        assert pair.last_error is None, pair.last_error
    assert sides[0].seed == sides[1].seed == kwargs.get("seed", 0)
    assert np.array_equal(sides[0].X_train, sides[1].X_train)
    for side, name in zip(sides, ("left", "right")):
        for key, value in (kwargs.get(name) or {}).items():
            _same_value(side.values[key], value, f"{name}[{key!r}]")
    for key in set(kwargs) & set(SETTINGS):
        for side in sides:
            _same_value(side.values[key], kwargs[key], key)


#: a small pair: the settings both share, each side's own
PAIR = dict(comparison=None, left=dict(optimizer="SGD"), right=dict(optimizer="Momentum"), seed=0, dataset="moons",
            n=20, layers=1, width1=2, batch=8, steps=2)


def _to_torch_code():
    pg = _playground("torch")
    pg.run(1)
    return pg.to_torch_code()


_CASES = [
    Case("SideBySideTraining", SideBySideTraining, lambda: dict(PAIR), check=_pair_check,
         odd={"comparison": ["SGD vs momentum", "sgd vs Momentum", "SGD v Momentum", "", 0, ["SGD vs Momentum"]],
              "left": [{}, dict(lr=0.05), dict(n=30), dict(optimiser="SGD"), dict(dataset="your data"), "SGD",
                       [("optimizer", "SGD")], dict(batch=4)],
              "right": [dict(dropout=0.5), dict(dropout=0.55), dict(layers=7), dict(steps=3), None],
              "seed": [np.int64(2), 2.0, -1, "0"], "n": [25], "batch": [7]}),
    Case("SideBySide", SideBySide, lambda: dict(PAIR), check=_pair_check,
         odd={"comparison": [*COMPARISONS, "SGD v Momentum", 3],
              "left": [dict(lr=0.05), dict(n=30), "SGD"], "right": [dict(dropout=0.55), dict(layers=7)],
              "seed": [2.0, -1]}, skip=frozenset({"n", "layers", "width1", "batch", "steps", "dataset"})),
    Case("Playground.to_torch_code", _to_torch_code, dict, check=lambda code, kw: compile(code, "<t>", "exec")),

    Case("Playground", Playground, lambda: dict(preset=None, seed=0, **SETTINGS), check=playground_check,
         # extra values that are refused (cheap); accepted ones are in the unit tests
         odd={"preset": ["linear colapse", "nope"], "dataset": ["moon", "your data"],
              "activation": ["sigmod", "linear"], "optimizer": ["Adamm", "adam_w"],
              "lr": [0.05, 1e-5, np.float32(0.03)], "n": [25, 1010, 10], "train": [95, 15, 5], "classes": [6, 1],
              "layers": [5], "width1": [17], "batch": [7, 32.0, "all"], "steps": [101], "noise": [0.51],
              "x1": [1, 0], "seed": [np.float64(3)]},
         skip=SKIPPED),
    Case("Playground(X, y)", Playground, _user_valid, check=playground_check,
         odd={"X": [np.full((20, 2), 1e300), np.zeros((3, 2)), [[0.0, 1.0]] * 19, [[0.0, 1.0]] * 19 + [[0.0]]],
              "y": [np.arange(20) % 3 * 2, np.arange(20) / 7 + 0.01, np.zeros(20, int), -np.ones(20, int),
                    np.full(20, np.nan), np.array(["a", "b"] * 10), np.arange(20) + 0.5j],
              "task": ["regresion", "class"]},
         skip=frozenset({"seed", "layers", "width1", "steps"})),
    Case("PlaygroundTraining", PlaygroundTraining, lambda: dict(preset=None, seed=0, **SETTINGS), check=training_check,
         odd={"preset": ["Linear Collapse", "nope"], "dataset": ["moon", "your data", "Spirals"], "lr": [0.05, 1],
              "n": [25, 1010], "layers": [0, 4, 5], "width3": [16, 17], "batch": [0, 7, "all"], "beta2": [0.95],
              "seed": [np.int64(3), 2.0]}),
    Case("PlaygroundTraining.set", _training_set, lambda: dict(SETTINGS), check=training_check,
         odd={"dataset": ["your data", "regression 1D"], "optimizer": ["sgd", "Adamm"], "lr": [0.05, 10.0],
              "width1": [0, 16], "batch": [1, 7], "x1": [False, 1]}),
    Case("PlaygroundTraining.train", _training_train, lambda: dict(steps=3),
         check=lambda run, kw: run.diverged or run.steps_done == kw["steps"], odd={"steps": [10 ** 9, 10_000, 1]}),
    Case("Playground.train", _train, lambda: dict(steps=3), check=_train_check, odd={"steps": [10 ** 9, 1, 10]}),
    Case("Playground.run", _run, lambda: dict(frames=2), check=_run_check, odd={"frames": [10 ** 9, 1]}),
    Case("PlaygroundTraining.use_preset", _use_preset, lambda: dict(name="linear collapse"), check=_use_preset_check,
         odd={"name": ["Linear Collapse", "linear colapse", "spirals", None, 3]}),
    Case("Playground.features", _method_features, lambda: dict(X=np.array([[0.5, -1.0], [2.0, 0.0]])),
         check=lambda F, kw: _features_check(F, dict(kw, names=["x1", "x2"])),
         odd={"X": [[[1, 2]], np.ones((3, 1)), np.zeros((2, 2), bool), [[1, "a"]]]}),
    Case("Playground.save", _save, lambda: dict(path="mine.npz"), check=_save_check,
         odd={"path": [pathlib.Path("p.npz"), "nofolder/m.npz", ".", "m", b"m.npz"]}),
    Case("Playground.readout", _readout, dict, check=lambda text, kw: text.startswith("step ")),
    *[Case(f"Playground.{m}", _no_arguments(m), dict,
           check=lambda pg, kw: pg.last_error is None) for m in ("step", "reset", "new_seed", "refresh")],
    Case("Playground.export", lambda: _playground("misc").export(), dict,
         check=lambda model, kw: model.forward(np.zeros((1, 2))).shape == (1, 1)),
    Case("features", pgm.features, lambda: dict(X=np.array([[0.5, -1.0], [2.0, 0.0], [1.0, 1.0]]),
                                                names=["x1", "x2", "x1_sq"]),
         check=_features_check,
         odd={"names": ["x1", ["X1", "sin_x2"], ["x1", "x1"], ["x3"], ("x1x2",), {"x2"}, ["x1", None]],
              "X": [np.ones((3, 1)), [[1, 2], [3, 4]], np.zeros((3, 2), bool), np.full((3, 2), 1e200)]}),
    Case("train_over_seeds", pgm.train_over_seeds, _tos_valid, check=_seed_runs_check,
         odd={"preset": ["LINEAR COLLAPSE", "linear colapse", None], "seeds": [range(2), 3, [0, -1], [0.5]],
              "frames": [10 ** 6, 2], "n": [25], "lr": [0.05]}),
    Case("loss_curves_figure", pgm.loss_curves_figure, lambda: dict(runs={"SGD": _a_run(), "mine": _a_run()},
                                                                     title="t"),
         check=_loss_curves_check,
         odd={"runs": [[_a_run], {"a": 1}, {3: None}], "title": [3, "a\nb"]}),
    Case("SeedRun", SeedRun, _seed_run_valid, check=_seed_run_check,
         odd={"history": [{"step": [0]}], "feature_names": [("x3",), "x1"], "units": [-1]}),
    Case("Preset", Preset, lambda: dict(settings=dict(dataset="circles", lr=0.03), note="a note"),
         check=_preset_check,
         odd={"settings": [dict(lr=0.05), dict(widht1=3), dict(dataset="your data"), dict(activation="ReLU")],
              "note": [3]}),
]

CASES = _CASES
