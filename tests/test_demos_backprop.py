"""Notebook 04's demos: the chain rule's factors, the cost measurement, the step-by-step explorer."""

import io

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

import lecture_nn as ln
from lecture_nn.demos import backprop as demo


def _one_sample(seed=0, d=3, d_hidden=4):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((d_hidden, d)), rng.standard_normal(d_hidden), rng.standard_normal(d), 0.5


def _slide_model(W, w, activation):
    d_hidden, d = W.shape
    model = ln.Sequential(ln.Dense(d, d_hidden, rng=0), ln.Activation(activation), ln.Dense(d_hidden, 1, rng=0))
    model[0].W.value[...] = W
    model[2].W.value[...] = w  # biases stay zero: the slide's network
    return model


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_chain_rule_factors_have_the_slides_shapes_and_give_backprops_gradient(activation):
    W, w, x, y = _one_sample()
    f = demo.chain_rule_factors(W, w, x, y, activation)
    assert list(f) == list(demo.FACTOR_NAMES)
    assert [np.shape(a) for a in f.values()] == [(), (4,), (4, 4), (4, 4, 3)]
    D, T = f["dActivation1/dDense1"], f["dDense1/dW"]
    assert np.array_equal(D, np.diag(np.diag(D)))  # diagonal
    assert np.count_nonzero(T) == 4 * 3 and np.array_equal(np.einsum("jjl->jl", T), np.tile(x, (4, 1)))
    full = float(f["dL/df"]) * np.einsum("j,jk,kml->ml", f["dDense2/dActivation1"], D, T)

    model = _slide_model(W, w, activation)
    loss_fn = ln.MSELoss()
    loss_fn(model(x[None, :]), [[y]])
    model.backward(loss_fn.backward())
    assert np.allclose(full, model[0].W.grad, rtol=1e-12, atol=1e-14)
    numeric = ln.numerical_gradient(lambda _: loss_fn(model(x[None, :]), [[y]]), model[0].W.value)
    assert ln.rel_error(full, numeric) < 1e-8


def test_chain_rule_factors_reject_mismatched_shapes():
    W, w, x, y = _one_sample()
    with pytest.raises(ValueError, match=r"W \(4, 3\), w \(3,\), x \(3,\)"):
        demo.chain_rule_factors(W, w[:3], x, y)


def test_factors_figure_draws_every_factor_and_the_result():
    W, w, x, y = _one_sample()
    fig = demo.factors_figure(W, w, x, y)
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    # scalar, vector, diagonal, 4 tensor slices, result
    assert len(fig.axes[0].images) == 1 + 1 + 1 + 4 + 1
    tensor_slice = fig.axes[0].images[3].get_array()
    assert tensor_slice.shape == (4, 3) and np.count_nonzero(tensor_slice) == 3  # one row: x
    expected = np.outer(demo.chain_rule_factors(W, w, x, y)["dL/df"] * w * ln.tanh_derivative(W @ x), x)
    assert np.allclose(fig.axes[0].images[-1].get_array(), expected)


def counted_matmuls(monkeypatch):
    """Make np.matmul (what lecture_nn's Dense layers call) count its multiply-adds m * k * n."""
    counter = {"multiply_adds": 0}
    matmul = np.matmul

    def counting(a, b, *args, **kwargs):
        counter["multiply_adds"] += int(np.prod(np.shape(a))) * np.shape(b)[-1]  # (m, k) @ (k, n): m k n
        return matmul(a, b, *args, **kwargs)

    monkeypatch.setattr(np, "matmul", counting)
    return counter


@pytest.mark.parametrize("sizes", [[8, 1, 1], [8, 1000, 1], [3, 4, 1], [2, 16, 16, 3]])
def test_multiply_adds_are_what_lecture_nn_computes(monkeypatch, sizes):
    N = 8
    model = ln.mlp(sizes, activation="relu", rng=0)
    X, y = np.ones((N, sizes[0])), np.zeros((N, sizes[-1]))
    loss_fn = ln.MSELoss()
    counter = counted_matmuls(monkeypatch)
    loss_fn(model.forward(X), y)
    forward = counter["multiply_adds"]
    model.backward(loss_fn.backward())  # computes dL/dX as well
    backward = counter["multiply_adds"] - forward
    assert demo.multiply_adds(sizes, N) == (forward, backward)
    assert backward == 2 * forward  # one product forward, two backward, per Dense layer
    # without the first layer's dX (what fit does)
    first = N * sizes[0] * sizes[1]
    assert demo.multiply_adds(sizes, N, input_grad=False) == (forward, backward - first)


def test_measure_cost_counts_parameters_and_multiply_adds():
    cost = demo.measure_cost(widths=(1, 10), d=8, N=4)
    assert cost.P.tolist() == [11, 101]  # d'(d + 2) + 1
    assert np.all(cost.backprop > 0) and np.all(cost.finite_differences > 0)  # measured, never compared
    assert cost.forward_ops.tolist() == [4 * 9 * 1, 4 * 9 * 10]  # N (d d' + d')
    assert cost.backward_ops.tolist() == [2 * 36, 2 * 360]
    assert np.allclose(cost.ops_ratio, 2 * cost.P / 3)
    assert np.allclose(cost.ratio, cost.finite_differences / cost.backprop)


def test_cost_figure_has_two_log_panels():
    P = np.array([11, 101, 1001])
    F = np.array([72, 720, 7200])
    cost = demo.Cost(P, np.array([1e-5, 1.1e-5, 2e-5]), np.array([2e-4, 3e-3, 0.1]), F, 2 * F)
    fig = demo.cost_figure(cost)
    ax_t, ax_r = fig.axes
    assert ax_t.get_xscale() == ax_r.get_yscale() == "log"
    assert len(ax_t.lines) == 2 and len(ax_r.lines) == 2
    assert np.allclose(ax_r.lines[0].get_ydata(), [20, 3e-3 / 1.1e-5, 5e3])
    assert np.allclose(ax_r.lines[1].get_ydata(), 2 * P / 3)


def test_tiny_network_steps_match_lecture_nn():
    for activation in demo.SLIDE_ACTIVATIONS:
        steps = demo.tiny_network_steps(activation)
        assert [s.key for s in steps] == ["X", "Z1", "A1", "Z2", "L", "dZ2", "dW2", "dA1", "dZ1", "dW1"]
        assert [s.direction for s in steps] == ["forward"] * 5 + ["backward"] * 5
        v = {name: a for s in steps for name, a in s.values.items()}
        net = demo.TINY_NETWORK
        model = ln.mlp([2, 3, 1], activation=activation, rng=0)
        model[0].W.value[...], model[0].b.value[...] = net["W"], net["b"]
        model[2].W.value[...], model[2].b.value[...] = net["w"], net["b2"]
        loss_fn = ln.MSELoss()
        X, y = net["x"][None, :], [[net["y"]]]
        assert np.isclose(loss_fn(model(X), y), float(v["L"]), rtol=1e-12)
        model.backward(loss_fn.backward())
        grads = dict(model.named_parameters())
        for name, key in [("Dense1.W", "dW1"), ("Dense1.b", "db1"), ("Dense2.W", "dW2"), ("Dense2.b", "db2")]:
            assert np.allclose(grads[name].grad, v[key], rtol=1e-12, atol=1e-15), (activation, name)


def test_relu_closes_unit_2_of_the_tiny_network():
    v = {name: a for s in demo.tiny_network_steps("relu") for name, a in s.values.items()}
    assert v["Z1"][0, 1] == pytest.approx(-0.15)  # z_2 = -0.6 * 1 + 0.9 * 0.5 + 0
    assert v["dZ1"][0, 1] == 0 and np.all(v["dW1"][1] == 0) and v["db1"][1] == 0
    assert np.all(v["dW1"][[0, 2]] != 0)


def test_explorer_shows_each_step():
    ex = demo.BackpropStepsExplorer()
    assert ex.last_error is None
    assert len(ex.out.outputs) == 1 and "image/png" in ex.out.outputs[0]["data"]
    assert ex.panel_title.get_text() == "step 0 of 9 · input: one sample"
    assert ex.value_text[("x", 0)].get_text() == "1.000" and ex.value_text[("z", 0)].get_text() == ""
    assert not ex.grad_columns["dW1"][1].get_visible()

    ex.controls["step"].value = 1  # z = Wx + b: 0.8 * 1 - 0.4 * 0.5 + 0.1 = 0.7
    assert [ex.value_text[("z", j)].get_text() for j in range(3)] == ["0.700", "-0.150", "0.350"]
    assert ex.panel_value.get_text().startswith("Z1 = [[0.700, -0.150, 0.350]]   shape (1, 3) = (N, d')")
    assert all(p.get_edgecolor()[:3] == pytest.approx((0.0, 0x72 / 255, 0xB2 / 255)) for p in ex.edges["Dense1"])
    assert ex.grad_text[("z", 0)].get_text() == ""

    ex.controls["step"].value = 9
    steps = ex.steps("tanh")
    dW1 = steps[9].values["dW1"]
    assert ex.grad_columns["dW1"][1].get_visible()
    assert ex.grad_columns["dW1"][1].get_text().splitlines()[0].split() == [f"{a:.2f}" for a in dW1[0]]
    assert ex.grad_text[("z", 2)].get_text() == f"{steps[8].values['dZ1'][0, 2]:.3f}"
    assert ex.progress[9].get_color() == "white" and ex.progress[0].get_color() == "black"
    assert ex.panel_title.get_text().startswith("step 9 of 9 · Dense1 (backward)")

    ex.controls["activation"].value = "relu"
    assert ex.grad_text[("z", 1)].get_text() == "0.000"  # relu'(-0.15) = 0, and never "-0.000"
    assert ex.grad_columns["dW1"][1].get_text().splitlines()[1].split() == ["0.00", "0.00"]
    assert ex.g_label.get_text() == "g = relu"
    assert repr(ex) == "BackpropStepsExplorer(step=9, activation='relu')"


def test_explorer_survives_every_control_value():
    ex = demo.BackpropStepsExplorer()
    visited = {(name, value) for name, value, _ in ex.sweep()}
    assert {("step", 9), ("step", 4)} <= visited
    assert {("activation", a) for a in demo.SLIDE_ACTIVATIONS if a != "tanh"} <= visited
    assert ex.last_error is None
    assert demo.EXPLORERS == [demo.BackpropStepsExplorer]


def test_explorer_picture_equals_a_full_redraw():
    """png() draws only the changing artists on a cached background: the picture must not differ."""
    ex = demo.BackpropStepsExplorer(step=8, activation="relu")
    ex.controls["step"].value = 9
    fast = np.asarray(Image.open(io.BytesIO(ex.png())).convert("RGB")).astype(int)
    assert ex.animated[-1] is ex._message and ex.panel_formula in ex.animated
    for artist in ex.animated:
        artist.set_animated(False)
    buffer = io.BytesIO()
    ex.fig.savefig(buffer, format="png", dpi=ex.dpi)
    full = np.asarray(Image.open(buffer).convert("RGB")).astype(int)
    assert fast.shape == full.shape == (756, 1035, 3)  # 8.4 x 11.5 inches at 90 dpi
    assert np.count_nonzero(np.abs(fast - full).max(axis=2) > 30) < 20  # labels under nodes: ~700


# --- odd input: a clear error naming the argument, never a silent wrong answer ------------------------

def test_chain_rule_factors_refuse_an_overflow_instead_of_returning_inf():
    W, w, x, _ = _one_sample()
    with pytest.raises(ln.InputError, match="dL/df overflows"):
        demo.chain_rule_factors(W, w, x, 1e308)
    with pytest.raises(ln.InputError, match="unknown activation 'sigmod'.*Did you mean 'sigmoid'"):
        demo.chain_rule_factors(W, w, x, 0.5, "sigmod")
    with pytest.raises(ln.InputError, match=r"W of shape \(1000, 1000\) makes the d' x d' x d tensor"):
        demo.chain_rule_factors(np.ones((1000, 1000)), np.ones(1000), np.ones(1000), 0.5)
    with pytest.raises(ln.InputError, match=r"factors_figure draws every entry: W must have at most 8 rows"):
        demo.factors_figure(np.ones((9, 2)), np.ones(9), np.ones(2), 0.5)


def test_multiply_adds_refuses_sizes_it_used_to_truncate():
    with pytest.raises(ln.InputError, match=r"sizes\[1\] must be an integer >= 1, got 2.5"):
        demo.multiply_adds([8, 2.5, 1], 8)  # int(2.5) = 2 used to count another network
    with pytest.raises(ln.InputError, match="N must be an integer >= 1"):
        demo.multiply_adds([8, 2, 1], 8.0)
    with pytest.raises(ln.InputError, match="input_grad must be True or False"):
        demo.multiply_adds([8, 2, 1], 8, input_grad="no")


def test_cost_refuses_what_would_make_its_ratios_infinite_or_ragged():
    P, F = np.array([11, 101]), np.array([72, 720])
    with pytest.raises(ln.InputError, match=r"Cost: backprop must hold measured seconds > 0, got \[0.0, 1e-05\]"):
        demo.Cost(P, np.array([0.0, 1e-5]), np.array([1e-4, 1e-3]), F, 2 * F)
    with pytest.raises(ln.InputError, match=r"finite_differences must have one entry per parameter count, like P"):
        demo.Cost(P, np.array([1e-5, 1e-5]), np.array([1e-4]), F, 2 * F)
    with pytest.raises(ln.InputError, match="cost must be a Cost instance"):
        demo.cost_figure({"P": P})
    with pytest.raises(ln.InputError, match="measure_cost: finite differences need 2P forward passes"):
        demo.measure_cost(widths=(100_000,))


def test_tiny_network_steps_refuse_a_network_that_would_broadcast_or_overflow():
    net = dict(demo.TINY_NETWORK, b=np.array([0.1]))  # (1,) would broadcast over the 3 hidden units
    with pytest.raises(ln.InputError, match=r"network\['b'\] must have shape \(d',\) = \(3,\)"):
        demo.tiny_network_steps("tanh", net)
    net = {k: v for k, v in demo.TINY_NETWORK.items() if k != "b2"} | {"b_2": 0.1}
    with pytest.raises(ln.InputError, match="missing 'b2'; unknown 'b_2'"):
        demo.tiny_network_steps("tanh", net)
    net = dict(demo.TINY_NETWORK, W=np.full((3, 2), 1e200), x=np.full(2, 1e200))
    with pytest.raises(ln.InputError, match="the values of network are too large"):
        demo.tiny_network_steps("relu", net)
    with pytest.raises(ln.InputError, match=r"BackpropStepsExplorer: network\['W'\] must be d' x d with d' <= 3"):
        demo.BackpropStepsExplorer(network=dict(demo.TINY_NETWORK, W=np.ones((4, 2)), b=np.zeros(4), w=np.ones(4)))


def test_explorer_refuses_a_step_off_its_slider_and_keeps_a_copy_of_the_network():
    with pytest.raises(ln.InputError, match=r"step must be an integer in \[0, 9\], got 10"):
        demo.BackpropStepsExplorer(step=10)
    with pytest.raises(ln.InputError, match="activation must be one of 'relu', 'elu', 'softplus', 'sigmoid', 'tanh'"):
        demo.BackpropStepsExplorer(activation="identity")
    net = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in demo.TINY_NETWORK.items()}
    ex = demo.BackpropStepsExplorer(step=9, activation="ReLU", network=net)
    assert ex.values == {"step": 9, "activation": "relu"} and ex.last_error is None
    net["W"][...] = 0.0  # the student's dict changes later: the explorer's steps do not
    assert ex.network["W"][0, 0] == 0.8


@pytest.mark.parametrize("sizes", [[3, 5, 4, 3, 1], [2, 7, 1], [10, 10, 10, 10, 10, 1], [4, 6, 3, 6, 2]])
def test_chain_order_cost_counts_both_routes(monkeypatch, sizes):
    """The counts are the multiply-adds of the two routes, run with np.matmul on the layers' shapes."""
    rng = np.random.default_rng(0)
    J = [rng.standard_normal((d_out, d_in)) for d_in, d_out in zip(sizes[1:-1], sizes[2:])]  # J_1 ... J_{L-1}
    delta_L = rng.standard_normal((1, sizes[-1]))
    counter = counted_matmuls(monkeypatch)
    from_loss = delta_L
    for J_l in reversed(J):
        from_loss = np.matmul(from_loss, J_l)
    loss_ops = counter["multiply_adds"]
    product = J[0]
    for J_l in J[1:]:
        product = np.matmul(J_l, product)
    from_input = np.matmul(delta_L, product)
    input_ops = counter["multiply_adds"] - loss_ops
    assert demo.chain_order_cost(sizes) == (loss_ops, input_ops)
    np.testing.assert_allclose(from_loss, from_input, rtol=1e-10, atol=1e-12)
    assert from_loss.shape == (1, sizes[1])


def test_chain_order_cost_refuses_a_network_without_a_hidden_layer():
    with pytest.raises(ln.InputError, match=r"sizes must hold at least 3"):
        demo.chain_order_cost([3, 1])
    with pytest.raises(ln.InputError, match=r"sizes\[1\]"):
        demo.chain_order_cost([3, 0, 1])
