"""Claims of notebook 04 (backpropagation): each test guards one sentence."""

import inspect

import numpy as np
import pytest
from claims import SEEDS, claim

import lecture_nn as ln
from lecture_nn.demos import backprop as demo


def counted_matmuls(monkeypatch):
    """Make np.matmul (what lecture_nn's Dense layers call) count its multiply-adds m * k * n."""
    counter = {"multiply_adds": 0}
    matmul = np.matmul

    def counting(a, b, *args, **kwargs):
        counter["multiply_adds"] += int(np.prod(np.shape(a))) * np.shape(b)[-1]  # (m, k) @ (k, n)
        return matmul(a, b, *args, **kwargs)

    monkeypatch.setattr(np, "matmul", counting)
    return counter


def measured_multiply_adds(monkeypatch, sizes, N=8):
    """(forward, backward) multiply-adds of lecture_nn's own forward and backward pass."""
    model = ln.mlp(sizes, activation="tanh", rng=0)
    X, y = np.ones((N, sizes[0])), np.zeros((N, sizes[-1]))
    loss_fn = ln.MSELoss()
    counter = counted_matmuls(monkeypatch)
    loss_fn(model.forward(X), y)
    forward = counter["multiply_adds"]
    model.backward(loss_fn.backward())
    return forward, counter["multiply_adds"] - forward


def notebook_batch(seed):
    """The notebook's batch network (mlp([3, 4, 1], tanh), first-layer biases non-zero) and data."""
    rng = np.random.default_rng(seed)
    X, Y = rng.standard_normal((8, 3)), rng.standard_normal((8, 1))
    model = ln.mlp([3, 4, 1], activation="tanh", rng=seed)
    model[0].b.value[...] = rng.standard_normal(4)
    return model, X, Y


@claim("04",
       "explain why backprop gets all $P$ derivatives for the cost of one forward and one backward pass "
       "(about three forward passes)")
def test_04_one_forward_and_one_backward_pass_are_about_three_forward_passes(monkeypatch):
    for sizes in ([8, 1, 1], [8, 1000, 1], [3, 4, 1], [2, 64, 64, 10]):
        forward, backward = measured_multiply_adds(monkeypatch, sizes)
        assert forward + backward == 3 * forward


@claim("04",
       "the diagonal matrix uses $d'$ of its $d'^2$ entries, and the tensor's non-zero entries are copies of "
       "$x$ (slice $j$ has $x$ in row $j$)")
def test_04_factors_are_mostly_zeros():
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        d, d_hidden = 3 + seed, 2 + seed
        W, w, x = rng.standard_normal((d_hidden, d)), rng.standard_normal(d_hidden), rng.standard_normal(d)
        f = demo.chain_rule_factors(W, w, x, 0.5, "tanh")
        D, T = f["dActivation1/dDense1"], f["dDense1/dW"]
        assert np.count_nonzero(D) == d_hidden and D.size == d_hidden ** 2
        assert np.count_nonzero(T) == d_hidden * d and T.size == d_hidden ** 2 * d
        for j in range(d_hidden):
            assert np.array_equal(T[j, j], x) and np.count_nonzero(np.delete(T[j], j, axis=0)) == 0


@claim("04", r"row $j$ is $x$ times $\frac{\partial L}{\partial \hat f}\, w_j\, g'(z_j)$")
def test_04_every_row_of_the_gradient_is_a_multiple_of_x():
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        W, w, x = rng.standard_normal((4, 3)), rng.standard_normal(4), rng.standard_normal(3)
        f = demo.chain_rule_factors(W, w, x, 0.5, "tanh")
        full = float(f["dL/df"]) * np.einsum("j,jk,kml->ml", f["dDense2/dActivation1"], f["dActivation1/dDense1"],
                                             f["dDense1/dW"])
        rows = float(f["dL/df"]) * (w * ln.tanh_derivative(W @ x))[:, None] * x[None, :]
        assert np.max(np.abs(full - rows)) < 1e-12


@claim("04", r"finite differences to 8 (their own error is about $h^2$ and rounding, with $h = 10^{-5}$)")
def test_04_finite_differences_use_h_1e_5():
    assert inspect.signature(ln.numerical_gradient).parameters["h"].default == 1e-5
    assert inspect.signature(ln.check_gradients).parameters["h"].default == 1e-5


@claim("04", r"for this network at most $10^{-10}$ over five seeds of weights and data")
def test_04_gradient_check_of_a_correct_backward_is_below_1e_10():
    for seed in SEEDS:
        model, X, Y = notebook_batch(seed)
        report = ln.check_gradients(model, ln.MSELoss(), X, Y)
        assert report.passed and report.max_error <= 1e-10, (seed, report.max_error)


@claim("04", r"Its tolerance is $10^{-7}$.")
def test_04_gradient_check_tolerance():
    assert inspect.signature(ln.check_gradients).parameters["tol"].default == 1e-7
    model, X, Y = notebook_batch(0)
    assert ln.check_gradients(model, ln.MSELoss(), X, Y).tol == 1e-7


@claim("04",
       r"A typical mistake (a forgotten factor 2 or $\frac1N$, $\tanh'$ written as $1 - \tanh$) shows as "
       r"$10^{-2}$ or more")
def test_04_typical_backward_mistakes_show_as_1e_2_or_more():
    for seed in SEEDS:
        model, X, Y = notebook_batch(seed)
        N = X.shape[0]
        W1, b1 = model[0].W.value, model[0].b.value
        W2, b2 = model[2].W.value, model[2].b.value

        def backward(dZ2_scale=1.0, tanh_prime=lambda A: 1 - A ** 2):
            A1 = np.tanh(X @ W1.T + b1)
            dZ2 = dZ2_scale * 2 * (A1 @ W2.T + b2 - Y) / N
            dZ1 = (dZ2 @ W2) * tanh_prime(A1)
            return {"Dense1.W": dZ1.T @ X, "Dense1.b": dZ1.sum(0), "Dense2.W": dZ2.T @ A1, "Dense2.b": dZ2.sum(0)}

        loss_fn = ln.MSELoss()
        numeric = {name: ln.numerical_gradient(lambda _: loss_fn(model(X), Y), p.value)
                   for name, p in model.named_parameters()}

        def largest_error(grads):
            return max(ln.rel_error(grads[name], numeric[name]) for name in numeric)

        assert largest_error(backward()) < 1e-9  # the correct backward, written out
        assert largest_error(backward(dZ2_scale=0.5)) >= 1e-2  # forgot the 2
        assert largest_error(backward(dZ2_scale=N)) >= 1e-2  # forgot the 1/N
        assert largest_error(backward(tanh_prime=lambda A: 1 - A)) >= 1e-2  # tanh' = 1 - tanh


@claim("04",
       r"Each Dense layer does one product forward, $Z = XW^T$, and two backward, $dW = dZ^T X$ and $dX = "
       r"dZ\,W$, each of $N \cdot d_{in} \cdot d_{out}$ multiply-adds")
def test_04_each_dense_layer_one_product_forward_two_backward(monkeypatch):
    for d_in, d_out, N in ((8, 1, 8), (8, 1000, 8), (3, 4, 5)):
        layer = ln.Dense(d_in, d_out, rng=0)
        X = np.ones((N, d_in))
        counter = counted_matmuls(monkeypatch)
        Z = layer.forward(X)
        assert counter["multiply_adds"] == N * d_in * d_out
        layer.backward(np.ones_like(Z))
        assert counter["multiply_adds"] == 3 * N * d_in * d_out
    assert demo.multiply_adds([8, 10, 1], 8) == (8 * 90, 2 * 8 * 90)


@claim("04", r"finite differences need $2P/3$ times as many, about 6700 times as many at $P = 10\,001$")
def test_04_finite_differences_need_two_thirds_p_times_the_multiply_adds(monkeypatch):
    for width in (1, 10, 1000):
        sizes = [8, width, 1]
        P = ln.mlp(sizes, rng=0).n_params
        forward, backward = measured_multiply_adds(monkeypatch, sizes)
        ratio = 2 * P * forward / (forward + backward)  # 2P forward passes against 1 forward + 1 backward
        assert ratio == pytest.approx(2 * P / 3, rel=1e-12)
    assert round(2 * 10_001 / 3, -2) == 6700
    # finite differences really are 2P forward passes
    model = ln.mlp([8, 3, 1], rng=0)
    calls = []
    ln.numerical_gradient(lambda _: calls.append(1) or 0.0, model[0].W.value)
    assert len(calls) == 2 * model[0].W.value.size


@claim("04",
       r"With relu, unit 2 has $z_2 = -0.15 < 0$ (written above its $z$ node): $g'(z_2) = 0$, so $\partial "
       r"L/\partial z_2 = 0$ (below the node), and at step 9 its row of $\partial L / \partial W$ and its "
       r"entry of $\partial L / \partial b$ are zero")
def test_04_relu_closes_unit_2_in_the_explorer():
    ex = demo.BackpropStepsExplorer(step=8, activation="relu")
    assert ex.value_text[("z", 1)].get_text() == "-0.150"
    assert ex.grad_text[("z", 1)].get_text() == "0.000"
    ex.controls["step"].value = 9
    assert ex.grad_columns["dW1"][1].get_text().splitlines()[1].split() == ["0.00", "0.00"]
    assert ex.grad_columns["db1"][1].get_text().splitlines()[1].split() == ["0.00"]
    rows = ex.grad_columns["dW1"][1].get_text().splitlines()
    assert rows[0].split() != ["0.00", "0.00"] and rows[2].split() != ["0.00", "0.00"]  # the open units do
    v = {name: a for s in demo.tiny_network_steps("relu") for name, a in s.values.items()}
    assert np.all(v["dW1"][1] == 0) and v["db1"][1] == 0


@claim("04",
       r"but does twice the arithmetic: per Dense layer one matrix product forward ($Z = XW^T$) and two "
       r"backward ($dW = dZ^T X$ and $dX = dZ\,W$)")
def test_04_backward_does_twice_the_multiply_adds_of_forward(monkeypatch):
    for sizes in ([2, 3, 1], [3, 4, 1], [8, 300, 1], [4, 32, 32, 32, 2]):
        forward, backward = measured_multiply_adds(monkeypatch, sizes)
        assert backward == 2 * forward


@claim("04",
       r"(a bit less when the first layer's $dX$ is skipped, as in our code above: nothing needs $\partial "
       r"L/\partial X$)")
def test_04_skipping_the_first_layers_dx():
    for sizes in ([3, 4, 1], [8, 1000, 1]):
        forward, backward = demo.multiply_adds(sizes, 8, input_grad=False)
        assert forward < backward < 2 * forward
    # the notebook's hand-written backward: dW2 = dZ2.T @ A1, dA1 = dZ2 @ W2, dW1 = dZ1.T @ X (no dX)
    N, d, d_hidden = 8, 3, 4
    hand = N * d_hidden + N * d_hidden + N * d_hidden * d
    assert demo.multiply_adds([d, d_hidden, 1], N, input_grad=False)[1] == hand


@claim("04", r"All $P$ derivatives cost one forward and one backward pass, about three forward passes in multiply-adds")
def test_04_takeaway_three_forward_passes(monkeypatch):
    forward, backward = measured_multiply_adds(monkeypatch, [3, 4, 1])
    assert forward + backward == 3 * forward


@claim("04", r"the elementwise product with $g'(z)$: $d'$ multiplications instead of $d'^2$")
def test_04_check_yourself_diagonal_as_elementwise_product():
    rng = np.random.default_rng(0)
    for d_hidden in (1, 4, 50):
        v, g = rng.standard_normal(d_hidden), rng.standard_normal(d_hidden)
        assert np.allclose(v @ np.diag(g), v * g, rtol=1e-14, atol=0)  # d'^2 products vs d'


@claim("04",
       r"Zero: $\text{ReLU}'(z_j) = 0$, so $\partial L/\partial z_j = 0$ for every sample, and row $j$ of "
       r"`dW1 = dZ1.T @ X` (and `db1[j]`) is 0.")
def test_04_check_yourself_dead_unit_gets_zero_row():
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        X, Y = rng.standard_normal((16, 3)), rng.standard_normal((16, 1))
        model = ln.mlp([3, 5, 1], activation="relu", rng=seed)
        model[0].W.value[2] = 0.0
        model[0].b.value[2] = -1.0  # z_2 = -1 < 0 for every sample
        loss_fn = ln.MSELoss()
        loss_fn(model(X), Y)
        model.backward(loss_fn.backward())
        assert np.all(model[0].W.grad[2] == 0) and model[0].b.grad[2] == 0
        assert np.any(model[0].W.grad != 0)


@claim("04", r"$= 2 \cdot 10^4$ s, about 5.6 hours")
def test_04_check_yourself_finite_difference_time():
    P, forward_ms = 10 ** 6, 10
    seconds = 2 * P * forward_ms / 1000
    assert seconds == 2e4 and round(seconds / 3600, 1) == 5.6
    assert forward_ms * (1 + 2) == 30  # backprop: forward + backward (twice the forward's multiply-adds)


def slipped_gradients(seed, drop_g_prime=False, drop_one_over_N=False, N=8, d=3, d_hidden=4):
    """The notebook's batch network (tanh, N = 8) for one seed: hand backward with a slip vs central differences."""
    rng = np.random.default_rng(seed + 1)
    X, Y = rng.standard_normal((N, d)), rng.standard_normal((N, 1))
    model = ln.mlp([d, d_hidden, 1], activation="tanh", rng=seed)
    model[0].b.value[...] = rng.standard_normal(d_hidden)
    W1, b1, W2, b2 = (p.value for p in model.parameters())
    A1 = np.tanh(X @ W1.T + b1)
    Z2 = A1 @ W2.T + b2
    dZ2 = 2 * (Z2 - Y) if drop_one_over_N else 2 * (Z2 - Y) / N
    dA1 = dZ2 @ W2
    dZ1 = dA1 if drop_g_prime else dA1 * (1 - A1 ** 2)
    hand = {"Dense1.W": dZ1.T @ X, "Dense1.b": dZ1.sum(axis=0), "Dense2.W": dZ2.T @ A1, "Dense2.b": dZ2.sum(axis=0)}
    loss_fn = ln.MSELoss()
    numerical = {name: ln.numerical_gradient(lambda _: loss_fn.forward(model.forward(X), Y), p.value)
                 for name, p in model.named_parameters()}
    return {name: ln.rel_error(hand[name], numerical[name]) for name in hand}


@claim("04", "Dropping $g'$ leaves Dense2's gradients right (they are computed before the slip, from `dZ2` and the "
             "stored `A1`) and makes Dense1's wrong (relative errors 0.59 and 0.57 for this batch; over five seeds "
             "of weights and data always above 0.01).")
def test_04_dropping_g_prime_wrongs_dense1_only():
    for seed in SEEDS:
        errors = slipped_gradients(seed, drop_g_prime=True)
        assert errors["Dense2.W"] < 1e-7 and errors["Dense2.b"] < 1e-7, (seed, errors)
        assert errors["Dense1.W"] > 0.01 and errors["Dense1.b"] > 0.01, (seed, errors)
        assert max(slipped_gradients(seed).values()) < 1e-7, seed


@claim("04", r"Dropping $\frac1N$ makes every gradient $N$ times too large, so every parameter shows the same "
             r"error, $(N-1)/(N+1) = 7/9 \approx 0.78$ for $N = 8$")
def test_04_dropping_one_over_n_gives_every_parameter_the_same_error():
    for seed in SEEDS:
        for N in (2, 8, 32):
            errors = slipped_gradients(seed, drop_one_over_N=True, N=N)
            assert np.allclose(list(errors.values()), (N - 1) / (N + 1), rtol=1e-6), (seed, N, errors)
    assert round(7 / 9, 2) == 0.78


@claim("04", "With the real `MSELoss` the same report says \"all gradients agree\"")
def test_04_the_real_loss_passes_the_report():
    for seed in SEEDS:
        rng = np.random.default_rng(seed + 1)
        X, Y = rng.standard_normal((8, 3)), rng.standard_normal((8, 1))
        model = ln.mlp([3, 4, 1], activation="tanh", rng=seed)
        model[0].b.value[...] = rng.standard_normal(4)  # as the notebook: non-zero first-layer biases
        report = ln.check_gradients(model, ln.MSELoss(), X, Y)
        assert report.passed and "all gradients agree" in report.report()
        assert report.max_error < 1e-9  # "errors of about 1e-11": rounding only


# --- any number of layers, and which end of the chain to start from --------------------------------

def chain_routes(sizes, seed):
    """delta_1 of one sample of a random tanh mlp(sizes), multiplied from the loss and from the input."""
    rng = np.random.default_rng(seed)
    model = ln.mlp(sizes, activation="tanh", rng=seed)
    dense = [layer for layer in model if isinstance(layer, ln.Dense)]
    x = rng.standard_normal((1, sizes[0]))
    a, g_prime = x, []
    for layer in dense[:-1]:
        a = np.tanh(a @ layer.W.value.T + layer.b.value)
        g_prime.append(1 - a[0] ** 2)
    J = [dense[l + 1].W.value * g_prime[l] for l in range(len(dense) - 1)]  # J_1 ... J_{L-1}
    delta_L = rng.standard_normal(sizes[-1])
    from_loss = delta_L
    for J_l in reversed(J):
        from_loss = from_loss @ J_l
    product = J[0]
    for J_l in J[1:]:
        product = J_l @ product
    return from_loss, delta_L @ product


@claim("04", r"Both routes give the same $\delta_1$")
def test_04_both_routes_give_the_same_delta_1():
    for seed in SEEDS:
        for sizes in ([3, 5, 4, 3, 1], [10] * 5 + [1], [2, 7, 1], [4, 6, 6, 6, 6, 6, 2]):
            from_loss, from_input = chain_routes(sizes, seed)
            np.testing.assert_allclose(from_loss, from_input, rtol=1e-10, atol=1e-14)


@claim("04", r"starting from the input costs about $2d/3$ times as many multiply-adds, 667 times as many at "
             r"$d = 1000$")
def test_04_from_the_input_costs_about_two_thirds_d_times_as_many():
    for d in (10, 30, 100, 300, 1000, 3000):
        from_loss, from_input = demo.chain_order_cost([d] * 5 + [1])
        assert abs(from_input / from_loss / (2 * d / 3) - 1) < 0.03
    from_loss, from_input = demo.chain_order_cost([1000] * 5 + [1])
    assert round(from_input / from_loss) == 667


@claim("04", "the loop's gradients are `lecture_nn`'s to 12 decimals")
def test_04_the_l_layer_recursion_gives_lecture_nns_gradients():
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        sizes = [3, 5, 4, 3, 1]
        X, Y = rng.standard_normal((8, 3)), rng.standard_normal((8, 1))
        deep = ln.mlp(sizes, activation="tanh", rng=seed)
        dense = [layer for layer in deep if isinstance(layer, ln.Dense)]
        L = len(dense)
        A, Z = {0: X}, {}
        for l, layer in enumerate(dense, start=1):
            Z[l] = A[l - 1] @ layer.W.value.T + layer.b.value
            A[l] = np.tanh(Z[l]) if l < L else Z[l]
        delta = {L: 2 * (Z[L] - Y) / len(X)}
        for l in range(L - 1, 0, -1):
            delta[l] = (delta[l + 1] @ dense[l].W.value) * (1 - A[l] ** 2)
        loss_fn = ln.MSELoss()
        loss_fn(deep.forward(X), Y)
        deep.backward(loss_fn.backward())
        for l, layer in enumerate(dense, start=1):
            assert round(float(np.max(np.abs(layer.W.grad - delta[l].T @ A[l - 1]))), 12) == 0
            assert round(float(np.max(np.abs(layer.b.grad - delta[l].sum(axis=0)))), 12) == 0
