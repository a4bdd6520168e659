"""Fuzz cases of the demo modules of notebooks 01, 02 and 04 (see tests/fuzz.py).

``lecture_nn.demos.activations``, ``lecture_nn.demos.backprop`` and ``lecture_nn.demos.linear_collapse``:
every public function, class and explorer, with every argument. Explorers are slow to build, so
their valid settings are the smallest that draw, and a check asks that the explorer drew and that
every control named like a constructor argument holds exactly the value passed.
"""

from __future__ import annotations

import functools
import math

import numpy as np

import lecture_nn as ln
from fuzz import Case
from lecture_nn.demos import activations as act
from lecture_nn.demos import backprop as bp
from lecture_nn.demos import linear_collapse as lc

FIVE = ("relu", "elu", "softplus", "sigmoid", "tanh")


# --- checks shared by the cases ------------------------------------------------------------------

def _same_value(held, passed, name):
    """A control's value against the constructor argument: numbers to 1e-9, names ignoring case."""
    if isinstance(passed, str):
        assert isinstance(held, str) and held.lower() == passed.lower(), \
            f"{name}: control holds {held!r}, passed {passed!r}"
    elif isinstance(passed, (list, tuple, set, frozenset)):
        held_names = [str(v).lower() for v in held]
        passed_names = [str(v).lower() for v in passed]
        if isinstance(passed, (set, frozenset)):
            held_names, passed_names = sorted(held_names), sorted(passed_names)
        assert held_names == passed_names, f"{name}: control holds {held!r}, passed {passed!r}"
    elif isinstance(passed, (bool, np.bool_)):
        assert held is bool(passed), f"{name}: control holds {held!r}, passed {passed!r}"
    else:
        assert math.isclose(float(held), float(passed), rel_tol=1e-9, abs_tol=0.0), \
            f"{name}: control holds {held!r}, passed {passed!r}"


def explorer_check(ex, kwargs):
    assert ex.last_error is None, f"the explorer could not draw: {ex.last_error!r}"
    assert len(ex.out.outputs) == 1 and "image/png" in ex.out.outputs[0]["data"], "no picture"
    for name, value in kwargs.items():
        if name in ex.controls:
            _same_value(ex.controls[name].value, value, name)


def figure_check(n_axes=None):
    def check(fig, kwargs):
        from matplotlib.figure import Figure
        assert isinstance(fig, Figure), f"returned {type(fig).__name__}, not a Figure"
        if n_axes is not None:
            want = n_axes(kwargs) if callable(n_axes) else n_axes
            assert len(fig.axes) == want, f"{len(fig.axes)} axes, expected {want}"
        for ax in fig.axes:
            for line in ax.lines:
                assert np.isfinite(np.asarray(line.get_xydata(), dtype=float)).all(), "a line has NaN/inf"
    return check


def _canonical(name):
    return name.lower()



def case(name, call, valid, check=None, **options):
    return Case(name, call, valid, check=check, **options)


# --- lecture_nn.demos.activations -------------------------------------------------------------------

def check_g_and_g_prime(result, kw):
    g, g_prime = result
    name = _canonical(kw["name"])
    f, f_prime, _, _ = ln.get_activation(name)
    params = {"alpha": kw.get("alpha", 1.0)} if name == "elu" else {}
    z = np.linspace(-4, 4, 17)
    np.testing.assert_allclose(g(z), f(z, **params))
    np.testing.assert_allclose(g_prime(z), f_prime(z, **params))
    assert np.isfinite(g(z)).all() and np.isfinite(g_prime(z)).all()


def check_diagram(fig, kw):
    from matplotlib.patches import Circle
    figure_check(1)(fig, kw)
    circles = sum(isinstance(p, Circle) for p in fig.axes[0].patches)
    assert circles == kw["d"] + 2 * kw["d_hidden"] + 1, f"{circles} nodes"


def check_activation_figure(fig, kw):
    figure_check(10)(fig, kw)
    low, high = kw["z_range"]
    z = fig.axes[0].lines[0].get_xdata()
    assert z[0] == low and z[-1] == high
    elu = fig.axes[1].lines[0].get_ydata()
    np.testing.assert_allclose(elu, ln.elu(z, alpha=kw["alpha"]))


def check_matching_init(result, kw):
    assert result == ("he" if ln.get_activation(kw["name"])[3] else "glorot"), result


def check_deep_network(model, kw):
    dense = [m for m in model if isinstance(m, ln.Dense)]
    assert len(dense) == kw["depth"], f"{len(dense)} Dense layers, expected {kw['depth']}"
    assert dense[0].d_in == 2 and dense[-1].d_out == 1
    activations = {m.name for m in model if isinstance(m, ln.Activation)}
    assert activations == {_canonical(kw["activation"])}, activations
    for p in model.parameters():
        assert np.isfinite(p.value).all()


def check_norms(norms, kw):
    assert isinstance(norms, np.ndarray) and norms.shape == (kw["depth"],), f"shape {np.shape(norms)}"
    assert np.all(norms >= 0)


def check_density(result, kw):
    density, outside = result
    assert density.shape == (len(act.Z_BINS) - 1,)
    width = act.Z_BINS[1] - act.Z_BINS[0]
    assert 0 <= outside <= 1 and math.isclose(density.sum() * width + outside, 1.0, rel_tol=1e-9)


def check_ratio(ratio, kw):
    assert isinstance(ratio, float) and ratio >= 0
    norms = act.layer_gradient_norms(kw["activation"], kw["init"], kw["depth"], kw["seed"], kw["alpha"])
    assert ratio == norms[0] / norms[-1]


def _xor_small():
    return ln.xor(n=16, rng=0)


def valid_train_classifier():
    X, y = _xor_small()
    return dict(X=X, y=y, activation="tanh", d_hidden=2, epochs=3, lr=0.05, rng=0)


def check_classifier(model, kw):
    X = np.asarray(kw["X"], dtype=float)
    assert isinstance(model, ln.Sequential)
    dense = [m for m in model if isinstance(m, ln.Dense)]
    assert [(m.d_in, m.d_out) for m in dense] == [(X.shape[1], kw["d_hidden"]), (kw["d_hidden"], 1)]
    out = model.forward(X)
    assert out.shape == (X.shape[0], 1) and np.isfinite(out).all()


def valid_train_classifier_elu():
    kw = valid_train_classifier()
    kw.update(activation="elu", alpha=1.5)
    return kw


@functools.cache
def _two_models():
    X, y = _xor_small()
    return {"identity": act.train_classifier(X, y, "identity", d_hidden=2, epochs=2),
            "ReLU": act.train_classifier(X, y, "relu", d_hidden=2, epochs=2)}


def valid_boundaries():
    X, y = _xor_small()
    return dict(models=dict(_two_models()), X=X, y=y, n=12)


def check_boundaries(fig, kw):
    figure_check(len(kw["models"]))(fig, kw)
    X, y = np.asarray(kw["X"], float), np.asarray(kw["y"])
    for ax, model in zip(fig.axes, kw["models"].values()):
        assert f"accuracy {ln.accuracy(model, X, y):.3f}" in ax.get_title()


def valid_activation_explorer():
    return dict(highlight="sigmoid", alpha=1.0, init="matching", depth=2, show=("sigmoid",))


def valid_nonlinearity_explorer():
    return dict(dataset="xor", activation="relu", d_hidden=1, n=12, rng=0)


@functools.cache
def _activation_explorer():
    return act.ActivationExplorer(**valid_activation_explorer())


@functools.cache
def _nonlinearity_explorer():
    return act.NonlinearityExplorer(**valid_nonlinearity_explorer())


def call_norms(**kw):
    return _activation_explorer().norms(**kw)


def check_explorer_norms(norms, kw):
    assert norms.shape == (len(act.DEEP_SEEDS), kw["depth"]), f"shape {norms.shape}"
    name = _canonical(kw["name"])
    np.testing.assert_array_equal(norms[1], act.layer_gradient_norms(name, kw["init"], kw["depth"], 1, kw["alpha"]))


def call_activation_update(**kw):
    ex = _activation_explorer()
    ex.update(**kw)
    return ex


def check_activation_update(ex, kw):
    highlight = _canonical(kw["highlight"])
    assert len(ex.norm_lines[highlight].get_xdata()) == kw["depth"]
    shown = {_canonical(s) for s in kw["show"]} | {highlight}
    assert {n for n in FIVE if ex.g_lines[n].get_visible()} == shown


def call_model(**kw):
    return _nonlinearity_explorer().model(**kw)


def check_model(model, kw):
    dense = [m for m in model if isinstance(m, ln.Dense)]
    assert [(m.d_in, m.d_out) for m in dense] == [(2, kw["d_hidden"]), (kw["d_hidden"], 1)]
    acts = {m.name for m in model if isinstance(m, ln.Activation)}
    assert acts == {_canonical(kw["activation"])}


def call_nonlinearity_update(**kw):
    ex = _nonlinearity_explorer()
    ex.update(**kw)
    return ex


def check_nonlinearity_update(ex, kw):
    assert f"d′ = {kw['d_hidden']}" in ex.axes[1].get_title()


# --- lecture_nn.demos.backprop --------------------------------------------------------------------------

def _one_sample():
    rng = np.random.default_rng(0)
    return dict(W=rng.standard_normal((3, 2)), w=rng.standard_normal(3), x=rng.standard_normal(2), y=0.5,
                activation="tanh")


def check_factors(f, kw):
    W, w, x = (np.asarray(kw[k], dtype=float) for k in ("W", "w", "x"))
    g, g_prime, _, _ = ln.get_activation(_canonical(kw["activation"]))
    z = W @ x
    y_hat = w @ g(z)
    assert list(f) == list(bp.FACTOR_NAMES)
    d_hidden, d = W.shape
    assert [np.shape(a) for a in f.values()] == [(), (d_hidden,), (d_hidden, d_hidden), (d_hidden, d_hidden, d)]
    np.testing.assert_allclose(f["dL/df"], -2 * (float(kw["y"]) - y_hat))
    np.testing.assert_allclose(np.diag(f["dActivation1/dDense1"]), g_prime(z))


def check_factors_figure(fig, kw):
    d_hidden = np.shape(kw["W"])[0]
    figure_check(1)(fig, kw)
    assert len(fig.axes[0].images) == 1 + 1 + 1 + d_hidden + 1


def check_multiply_adds(result, kw):
    sizes = [int(s) for s in kw["sizes"]]
    products = [int(kw["N"]) * a * b for a, b in zip(sizes[:-1], sizes[1:])]
    forward = sum(products)
    backward = 2 * forward - (0 if kw["input_grad"] else products[0])
    assert result == (forward, backward), f"{result} != {(forward, backward)}"


def check_chain_order_cost(result, kw):
    d = [int(s) for s in kw["sizes"]]
    L = len(d) - 1
    from_loss = sum(d[l + 1] * d[l] for l in range(1, L))
    from_input = sum(d[l + 1] * d[l] * d[1] for l in range(2, L)) + d[L] * d[1]
    assert result == (from_loss, from_input), f"{result} != {(from_loss, from_input)}"
    assert all(isinstance(v, int) for v in result)


def valid_cost():
    return dict(P=np.array([11, 101]), backprop=np.array([1e-5, 2e-5]), finite_differences=np.array([1e-4, 1e-3]),
                forward_ops=np.array([36, 360]), backward_ops=np.array([72, 720]))


def check_cost(cost, kw):
    assert isinstance(cost, bp.Cost)
    n = len(cost.P)
    for name in ("P", "backprop", "finite_differences", "forward_ops", "backward_ops"):
        a = getattr(cost, name)
        assert isinstance(a, np.ndarray) and a.shape == (n,), f"{name}: {a!r}"
        np.testing.assert_array_equal(a, np.asarray(kw[name]))
    for name in ("ratio", "backprop_ops", "finite_differences_ops", "ops_ratio"):
        assert np.isfinite(getattr(cost, name)).all(), name


def check_measure_cost(cost, kw):
    widths = list(kw["widths"])
    d = kw["d"]
    assert cost.P.tolist() == [w * (d + 2) + 1 for w in widths]
    assert np.all(cost.backprop > 0) and np.all(cost.finite_differences > 0)
    assert cost.forward_ops.tolist() == [kw["N"] * (d * w + w) for w in widths]


def valid_step():
    return dict(key="Z1", label="z", direction="forward", title="Dense1", formula="$z = Wx + b$",
                code="Z1 = X @ W1.T + b1", values={"Z1": np.zeros((1, 3))}, note="")


def check_step(step, kw):
    assert isinstance(step, bp.Step)
    for name, value in kw.items():
        held = getattr(step, name)
        if name in ("key", "direction"):  # names match ignoring case; the step holds the canonical one
            assert held.lower() == value.lower(), f"{name}: {held!r}, passed {value!r}"
        else:
            assert held is value, f"{name}: {held!r:.40}, passed {value!r:.40}"


def _steps_by_hand(activation, net):
    g, g_prime, _, _ = ln.get_activation(activation)
    X = np.asarray(net["x"], float)[None, :]
    W1, b1 = np.asarray(net["W"], float), np.asarray(net["b"], float)
    W2, b2 = np.asarray(net["w"], float)[None, :], float(net["b2"])
    Z1 = X @ W1.T + b1
    Z2 = g(Z1) @ W2.T + b2
    L = float(np.mean((float(net["y"]) - Z2) ** 2))
    dZ1 = (2 * (Z2 - float(net["y"])) @ W2) * g_prime(Z1)
    return L, dZ1.T @ X


def check_steps(steps, kw):
    assert [s.key for s in steps] == ["X", "Z1", "A1", "Z2", "L", "dZ2", "dW2", "dA1", "dZ1", "dW1"]
    v = {name: a for s in steps for name, a in s.values.items()}
    net = bp.TINY_NETWORK if kw.get("network") is None else kw["network"]
    L, dW1 = _steps_by_hand(_canonical(kw["activation"]), net)
    assert math.isclose(float(v["L"]), L, rel_tol=1e-9)
    np.testing.assert_allclose(v["dW1"], dW1, rtol=1e-9)
    assert v["dW1"].shape == np.shape(net["W"])


def valid_network():
    return {k: (np.array(v) if isinstance(v, np.ndarray) else v) for k, v in bp.TINY_NETWORK.items()}


def _network(**change):
    net = valid_network()
    net.update(change)
    return net


def _without(key):
    net = valid_network()
    del net[key]
    return net


ODD_NETWORKS = [
    _without("b2"), _without("W"), _network(b=np.zeros(2)), _network(w=np.zeros((3, 1))),
    _network(W=np.full((3, 2), np.nan)), _network(x=[1.0, "a"]), _network(b2="0.1"), _network(y=None),
    _network(W=np.ones((3, 2)) * 1e300), _network(extra=1), _network(x=np.zeros(3)),
    _network(W=np.zeros((0, 2)), b=np.zeros(0), w=np.zeros(0)), [1, 2, 3], "tiny",
]


def check_backprop_explorer(ex, kw):
    explorer_check(ex, kw)
    assert ex.panel_title.get_text().startswith(f"step {kw['step']} of 9")


@functools.cache
def _backprop_explorer():
    return bp.BackpropStepsExplorer()


def call_steps(**kw):
    return _backprop_explorer().steps(**kw)


def call_backprop_update(**kw):
    ex = _backprop_explorer()
    ex.update(**kw)
    return ex


def check_backprop_update(ex, kw):
    assert ex.panel_title.get_text().startswith(f"step {kw['step']} of 9")
    assert ex.g_label.get_text() == f"g = {_canonical(kw['activation'])}"


def check_png(png, kw):
    assert isinstance(png, bytes) and png[:8] == b"\x89PNG\r\n\x1a\n"


# --- lecture_nn.demos.linear_collapse -------------------------------------------------------------------

def valid_collapse():
    return dict(model=ln.mlp([3, 4, 2], activation="identity", rng=0))


def check_collapse(result, kw):
    W, b = result
    X = np.random.default_rng(1).standard_normal((5, W.shape[1]))
    model = kw["model"]
    single = model.dtype == np.float32  # the model computes in float32, the collapsed map in float64
    np.testing.assert_allclose(model.forward(X), X @ W.T + b, rtol=1e-5 if single else 1e-10,
                               atol=1e-6 if single else 1e-12)


ODD_MODELS = [
    ln.mlp([2, 3, 1], activation="relu", rng=0),
    ln.Sequential(ln.Activation("identity")),
    ln.Dense(2, 3, rng=0),
    ln.Activation("identity"),
    ln.mlp([2, 3, 1], activation="identity", rng=0, dtype=np.float32),
]


def _nan_model():
    model = ln.mlp([2, 3, 1], activation="identity", rng=0)
    model[0].W.value[0, 0] = np.nan
    return model


ODD_MODELS.append(_nan_model())


def check_circles(result, kw):
    X, y = result
    assert X.shape == (kw["n"], 2) and y.shape == (kw["n"],)
    assert set(np.unique(y)) <= {0, 1}


def check_trained(result, kw):
    model, acc = result
    X, y = lc.circles_data(seed=kw["seed"])
    assert len([m for m in model if isinstance(m, ln.Dense)]) == kw["depth"] + 1
    assert acc == ln.accuracy(model, X, y)
    assert {m.name for m in model if isinstance(m, ln.Activation)} == {_canonical(kw["activation"])}


@functools.cache
def _collapse_explorer():
    return lc.CollapseExplorer(depth=1)


def call_collapse_update(**kw):
    ex = _collapse_explorer()
    ex.update(**kw)
    return ex


def check_collapse_update(ex, kw):
    assert ex.ax.get_title().startswith(f"{kw['depth']} hidden layer")
    assert f"activation {_canonical(kw['activation'])}:" in ex.ax.get_title()


ALPHA_ODD = [0.05, 3.0, 0.1, 2.0, 10.0, 1e-3, np.float64(0.5)]
NAME_ODD = ["Sigmoid", "sigmod", "RELU", "identity", "leaky_relu", "softmax", " relu"]

CASES = [
    # activations
    case("demos.activations.g_and_g_prime", act.g_and_g_prime, lambda: dict(name="elu", alpha=1.0),
         check=check_g_and_g_prime, odd={"name": NAME_ODD + ["ELU"], "alpha": ALPHA_ODD},
         aliases={"name": ("activation",)}),
    case("demos.activations.network_diagram_figure", act.network_diagram_figure, lambda: dict(d=2, d_hidden=2),
         check=check_diagram, odd={"d": [6, 1, 5, np.int64(3)], "d_hidden": [7, 1, 6, 40]},
         skip=frozenset()),
    case("demos.activations.activation_functions_figure", act.activation_functions_figure,
         lambda: dict(alpha=1.0, z_range=(-4.0, 4.0)), check=check_activation_figure,
         skip=frozenset({"alpha"}),  # the check of g_and_g_prime's alpha, whose battery runs there
         odd={"z_range": [(4.0, -4.0), (0, 0), (-1e300, 1e300), [-2, 2], (-4.0,), "(-4, 4)",
                                                (np.nan, 4.0), (-4.0, 4.0, 5.0), (0.0, 1e-300)]}),
    case("demos.activations.matching_init", act.matching_init, lambda: dict(name="relu"),
         check=check_matching_init,
         odd={"name": NAME_ODD}, aliases={"name": ("activation",)}),
    case("demos.activations.deep_network", act.deep_network,
         lambda: dict(activation="relu", init="matching", depth=3, seed=0, alpha=1.0), check=check_deep_network,
         odd={"activation": NAME_ODD, "init": ["HE", "lecun", "Glorot", "unit "], "depth": [1, 2, 60, 61, 100],
              "seed": [2**40, np.int64(3)], "alpha": ALPHA_ODD}),
    case("demos.activations.deep_network(elu)", act.deep_network,
         lambda: dict(activation="elu", init="unit", depth=3, seed=0, alpha=1.5), check=check_deep_network,
         odd={"alpha": ALPHA_ODD}, skip=frozenset({"activation", "init", "depth", "seed"})),
    case("demos.activations.layer_gradient_norms", act.layer_gradient_norms,
         lambda: dict(activation="tanh", init="matching", depth=3, seed=0, alpha=1.0), check=check_norms,
         odd={"activation": NAME_ODD, "init": ["HE", "lecun"], "depth": [1, 60, 61],
              "alpha": ALPHA_ODD}),
    case("demos.activations.layer_gradient_norms(deep)", act.layer_gradient_norms,
         lambda: dict(activation="relu", init="unit", depth=60, seed=0, alpha=1.0), check=check_norms,
         odd={"activation": ["sigmoid", "tanh"]},
         skip=frozenset({"init", "depth", "seed", "alpha"})),
    case("demos.activations.pre_activation_density", act.pre_activation_density,
         lambda: dict(activation="sigmoid", init="glorot", depth=3, seed=1, alpha=1.0), check=check_density,
         odd={"activation": NAME_ODD, "init": ["Unit"], "depth": [61]}),
    case("demos.activations.first_to_last_ratio", act.first_to_last_ratio,
         lambda: dict(activation="sigmoid", init="unit", depth=3, seed=2, alpha=1.0), check=check_ratio,
         odd={"activation": NAME_ODD, "depth": [60]}),
    case("demos.activations.ActivationExplorer", act.ActivationExplorer, valid_activation_explorer,
         check=explorer_check,
         odd={"highlight": ["sigmod", "identity", ("relu",)], "alpha": [0.05, 2.5],
              "init": ["lecun"], "depth": [100, 31, 1, 30],
              "show": [("relu", "sigmod"), "relu", ("leaky_relu",)]}),
    case("demos.activations.ActivationExplorer.norms", call_norms,
         lambda: dict(name="tanh", init="matching", depth=2, alpha=1.0), check=check_explorer_norms,
         odd={"name": ["sigmod", "RELU", "identity"], "depth": [1, 61]}),
    case("demos.activations.ActivationExplorer.update", call_activation_update,
         lambda: dict(highlight="sigmoid", show=("relu",), alpha=1.0, init="matching", depth=2),
         check=check_activation_update,
         odd={"highlight": ["sigmod", "RELU"], "depth": [31, 100], "show": [("sigmod",), "relu"]}),
    case("demos.activations.train_classifier", act.train_classifier, valid_train_classifier, check=check_classifier,
         odd={"X": [np.ones((16, 3)), np.ones((15, 2)), np.ones((16, 2, 1)), [[0.0, 1.0]] * 16,
                    np.full((16, 2), 1e300)],
              "y": [np.arange(16) % 3, np.ones((16, 1)), np.zeros(15), np.full(16, 0.5), np.array(["a"] * 16),
                    np.ones(16, dtype=bool), np.ones((16, 2))],
              "activation": NAME_ODD, "d_hidden": [1, 10**9], "epochs": [10**12, 20_001], "lr": [1e3, 10.0],
              "rng": [np.random.default_rng(0), 2**40]}),
    case("demos.activations.train_classifier(elu)", act.train_classifier, valid_train_classifier_elu,
         check=check_classifier, odd={"alpha": ALPHA_ODD},
         skip=frozenset({"X", "y", "activation", "d_hidden", "epochs", "lr", "rng"})),
    case("demos.activations.decision_boundaries_figure", act.decision_boundaries_figure, valid_boundaries,
         check=check_boundaries,
         odd={"models": [{"a": object()}, {"a": ln.mlp([3, 2, 1], rng=0)}, {"a": ln.mlp([2, 2, 3], rng=0)},
                         [ln.mlp([2, 2, 1], rng=0)], {"one": ln.mlp([2, 2, 1], rng=0)},
                         {"nan": _nan_model()}, {"lambda": lambda P: np.zeros((len(P), 1))}],
              "X": [np.ones((16, 3)), np.ones((15, 2)), np.full((16, 2), np.nan)],
              "y": [np.arange(16) % 3, np.zeros(15), np.full(16, 0.5)],
              "n": [1, 2, 10**6, 3]}),
    case("demos.activations.NonlinearityExplorer", act.NonlinearityExplorer, valid_nonlinearity_explorer,
         check=explorer_check,
         odd={"dataset": ["moons", "circels"], "activation": ["identity", "sigmod"],
              "d_hidden": [0, 17, 100], "n": [1, 10**9]}),
    case("demos.activations.NonlinearityExplorer.model", call_model,
         lambda: dict(dataset="xor", activation="identity", d_hidden=1), check=check_model,
         odd={"dataset": ["moons"], "activation": ["sigmod", "RELU", "leaky_relu"], "d_hidden": [10**9]}),
    case("demos.activations.NonlinearityExplorer.update", call_nonlinearity_update,
         lambda: dict(dataset="xor", activation="relu", d_hidden=1), check=check_nonlinearity_update,
         odd={"dataset": ["moons", "XOR"], "activation": ["identity", "sigmod"], "d_hidden": [17, 100]}),
    # backprop
    case("demos.backprop.chain_rule_factors", bp.chain_rule_factors, _one_sample, check=check_factors,
         odd={"W": [np.ones((3, 3)), np.ones(3), np.full((3, 2), 1e300), np.ones((1000, 1000)),
                    [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]],
              "w": [np.ones(2), np.ones((3, 1)), [1.0, 2.0, 3.0]], "x": [np.ones(3), np.ones((2, 1))],
              "y": [1e308, np.float64(0.5), np.array(0.5), np.array([0.5])],
              "activation": NAME_ODD}),
    case("demos.backprop.chain_rule_factors(relu)", bp.chain_rule_factors,
         lambda: dict(_one_sample(), activation="relu", W=np.ones((3, 2)) * 1e200), check=check_factors,
         odd={"x": [np.ones(2) * 1e200]}, skip=frozenset({"W", "w", "y", "activation"})),
    case("demos.backprop.factors_figure", bp.factors_figure, _one_sample, check=check_factors_figure,
         odd={"W": [np.ones((3, 3)), np.ones((40, 2)), np.ones((8, 8))], "w": [np.ones(2)]},
         skip=frozenset({"x", "y", "activation"})),  # the checks of chain_rule_factors, whose battery runs there
    case("demos.backprop.multiply_adds", bp.multiply_adds, lambda: dict(sizes=[8, 10, 1], N=8, input_grad=True),
         check=check_multiply_adds,
         odd={"sizes": [[8], [8, 0, 1], [8, 2.0, 1], (8, 10, 1), np.array([8, 10, 1]), [8, 10**6, 1], [8, True, 1]],
              "N": [1, 10**6, np.int64(4)], "input_grad": [np.bool_(False), 1]}),
    case("demos.backprop.chain_order_cost", bp.chain_order_cost, lambda: dict(sizes=[3, 5, 4, 3, 1]),
         check=check_chain_order_cost,
         odd={"sizes": [[3, 1], [3, 0, 1], [3, 2.0, 1], (3, 5, 1), np.array([3, 5, 4, 1]), [10**6] * 4 + [1],
                        [3, True, 1], np.array(5), "3, 5, 1", [3, -2, 1]]}),
    case("demos.backprop.Cost", bp.Cost, valid_cost, check=check_cost,
         odd={"P": [np.array([11]), np.array([11, 0]), [11, 101], np.array([11.0, 101.0])],
              "backprop": [np.array([0.0, 1e-5]), np.array([1e-5]), [1e-5, 2e-5]],
              "finite_differences": [np.array([1e-4, np.inf])],
              "forward_ops": [np.array([-1, 360])], "backward_ops": [np.array([72])]}),
    case("demos.backprop.measure_cost", bp.measure_cost,
         lambda: dict(widths=(1,), d=2, N=2, activation="relu", rng=0), check=check_measure_cost,
         odd={"widths": [(), (0,), (10**7,), [2], np.array([1, 2]), (1.5,), 3, (1,) * 21],
              "d": [10**6, 1], "N": [10**8, 1], "activation": ["sigmod", "RELU"],
              "rng": [np.random.default_rng(0)]}),
    case("demos.backprop.cost_figure", bp.cost_figure, lambda: dict(cost=bp.Cost(**valid_cost())),
         check=figure_check(2), odd={"cost": [valid_cost(), bp.Cost]}),
    case("demos.backprop.Step", bp.Step, valid_step, check=check_step,
         odd={"key": ["Z3", "z1"], "direction": ["sideways", "Forward"],
              "values": [{"Z1": np.full((1, 3), np.nan)}, {"Z1": "abc"}, {1: np.zeros(1)}, {}, {"z1": np.zeros(1)}]},
         skip=frozenset({"label", "title", "formula", "code", "note"})),
    case("demos.backprop.Step(texts)", bp.Step, valid_step, check=check_step,
         skip=frozenset({"key", "direction", "values"})),
    case("demos.backprop.tiny_network_steps", bp.tiny_network_steps, lambda: dict(activation="tanh", network=None),
         check=check_steps, odd={"activation": NAME_ODD, "network": ODD_NETWORKS + [valid_network()]}),
    case("demos.backprop.tiny_network_steps(relu)", bp.tiny_network_steps,
         lambda: dict(activation="relu", network=valid_network()), check=check_steps,
         odd={"network": [_network(W=np.ones((3, 2)) * 1e200, x=np.ones(2) * 1e200), _network(y=1e308),
                          _network(W=np.ones((4, 3)), b=np.zeros(4), w=np.ones(4), x=np.ones(3))]},
         skip=frozenset({"activation"})),
    case("demos.backprop.BackpropStepsExplorer", bp.BackpropStepsExplorer,
         lambda: dict(step=0, activation="tanh", network=None), check=check_backprop_explorer,
         odd={"step": [10, 100], "activation": ["sigmod", "identity"], "network": ODD_NETWORKS[:6]}),
    case("demos.backprop.BackpropStepsExplorer.steps", call_steps, lambda: dict(activation="tanh"),
         check=check_steps, odd={"activation": NAME_ODD}),
    case("demos.backprop.BackpropStepsExplorer.update", call_backprop_update, lambda: dict(step=3, activation="tanh"),
         check=check_backprop_update, odd={"step": [10, 9, -10, np.int64(2)], "activation": NAME_ODD}),
    case("demos.backprop.BackpropStepsExplorer.png", lambda: _backprop_explorer().png(), lambda: {},
         check=check_png),
    # linear_collapse
    case("demos.linear_collapse.collapse", lc.collapse, valid_collapse, check=check_collapse,
         odd={"model": ODD_MODELS}),
    case("demos.linear_collapse.circles_data", lc.circles_data, lambda: dict(n=20, seed=0), check=check_circles,
         odd={"n": [1, 2, 3, 10**12], "seed": [2**40, np.random.default_rng(0)]}),
    case("demos.linear_collapse.train_on_circles", lc.train_on_circles,
         lambda: dict(depth=1, activation="identity", seed=0, epochs=2), check=check_trained,
         odd={"depth": [10**6, 51, 50], "activation": NAME_ODD + ["none"], "epochs": [10**12, 20_001],
              "seed": [2**40]}),
    case("demos.linear_collapse.depth_figure", lc.depth_figure,
         lambda: dict(depths=(1,), activation="identity", seed=0),
         check=figure_check(lambda kw: len(kw["depths"])),
         odd={"depths": [(0,), (1.5,), (10**6,), tuple(range(1, 40)), 3],
              "activation": ["none", "sigmod"]}),
    case("demos.linear_collapse.CollapseExplorer", lc.CollapseExplorer,
         lambda: dict(depth=1, activation="identity", seed=0), check=explorer_check,
         odd={"depth": [7, 0, 6, 100], "activation": ["none", "sigmoid", "non"]}),
    case("demos.linear_collapse.CollapseExplorer.update", call_collapse_update,
         lambda: dict(depth=1, activation="identity"), check=check_collapse_update,
         odd={"depth": [7, 0], "activation": ["none", "RELU"]}),
]
