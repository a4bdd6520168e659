"""Claims of notebook 02 (nonlinearity and activations): each test guards one sentence.

The gradient claims measure untrained deep MLPs (``demo.layer_gradient_norms``, cached, so the
explorer, the notebook and these tests share one computation per setting); the XOR / circles
claims train the notebook's ``mlp([2, d', 1])`` exactly as the NonlinearityExplorer does, for
every seed in ``SEEDS`` (data and initialisation both from that seed).
"""

import functools

import numpy as np
from claims import SEEDS, claim

import lecture_nn as ln
from lecture_nn.demos import activations as demo

FIVE = demo.SLIDE_ACTIVATIONS
Z_WIDTH = demo.Z_BINS[1] - demo.Z_BINS[0]


# --- helpers ---------------------------------------------------------------------------------

@functools.cache
def trained(dataset, activation, d_hidden, seed):
    """The explorer's model for this setting and seed, its data, and its training accuracy."""
    X, y = ln.classification_2d(dataset, n=200, rng=seed)
    model = demo.train_classifier(X, y, activation, d_hidden, rng=seed)
    return model, X, y, ln.accuracy(model, X, y)


def accuracies(dataset, activation, d_hidden):
    return np.array([trained(dataset, activation, d_hidden, seed)[3] for seed in SEEDS])


def norms(activation, init, depth=10):
    """(seeds, k): ‖dL/dW_l‖ of every layer, one row per seed."""
    return np.array([demo.layer_gradient_norms(activation, init, depth, seed) for seed in SEEDS])


def fall_per_layer(activation, init, depth=10):
    """Per seed: the median factor by which ‖dW_l‖ grows from one layer to the next (towards the last)."""
    N = norms(activation, init, depth)
    return np.median(N[:, 1:] / N[:, :-1], axis=1)


def best_line(X, y, n_angles=3600):
    """The best accuracy of any straight line (direction on a fine grid, every threshold) and its predictions."""
    theta = np.linspace(0, 2 * np.pi, n_angles, endpoint=False)
    P = X @ np.stack([np.cos(theta), np.sin(theta)])             # (N, angles): projections
    order = np.argsort(P, axis=0)
    labels = y[order]                                             # sorted along each direction
    # predict class 1 above the threshold: right = class 0 below + class 1 above, for every cut
    zeros_below = np.vstack([np.zeros((1, n_angles)), np.cumsum(labels == 0, axis=0)])
    ones_above = np.vstack([np.cumsum((labels == 1)[::-1], axis=0)[::-1], np.zeros((1, n_angles))])
    right = zeros_below + ones_above                              # (N + 1, angles)
    cut, angle = np.unravel_index(np.argmax(right), right.shape)
    p = np.sort(P[:, angle])
    threshold = np.concatenate([[p[0] - 1], (p[1:] + p[:-1]) / 2, [p[-1] + 1]])[cut]
    predicted = (P[:, angle] > threshold).astype(int)
    return right.max() / len(y), predicted


@functools.cache
def xor_best_line(seed):
    X, y = ln.xor(n=200, rng=seed)
    return X, y, *best_line(X, y)


def share_beyond(activation, init, depth, bound):
    """Share of the hidden units' pre-activations with |z| > bound, averaged over the seeds."""
    inside = (demo.Z_BINS[:-1] >= -bound) & (demo.Z_BINS[1:] <= bound)
    shares = [1 - demo.pre_activation_density(activation, init, depth, seed)[0][inside].sum() * Z_WIDTH
              for seed in SEEDS]
    return float(np.mean(shares))


# --- the reason for g -------------------------------------------------------------------------

@claim("02", "With $g = \\tanh$ there is no such $w'$: a linear model gives twice the output for twice the input")
def test_02_tanh_network_is_not_homogeneous_so_not_linear():
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        x, W, w = rng.normal(size=3), rng.normal(size=(4, 3)), rng.normal(size=4)
        f = lambda x: w @ np.tanh(W @ x)  # noqa: E731, B023 (used in the same iteration)
        assert abs(f(2 * x) - 2 * f(x)) > 1e-3
        assert abs(w @ (W @ (2 * x)) - 2 * (w @ (W @ x))) < 1e-12  # the identity network is linear


# --- the derivatives ---------------------------------------------------------------------------

Z = np.linspace(-10, 10, 20001)  # includes z = 0


@claim("02", "ReLU's derivative is 0 or 1")
def test_02_relu_derivative_is_0_or_1():
    assert set(np.unique(ln.relu_derivative(Z))) == {0.0, 1.0}


@claim("02", "ELU's ($\\alpha = 1$) rises to 1 at $z = 0$ and stays 1, softplus' rises smoothly towards 1")
def test_02_elu_and_softplus_derivatives_rise_to_1():
    elu = ln.elu_derivative(Z, alpha=1.0)
    assert np.all(np.diff(elu) >= 0) and elu[Z == 0] == 1 and np.all(elu[Z >= 0] == 1)
    softplus = ln.softplus_derivative(Z)
    assert np.all(np.diff(softplus) > 0) and np.all(softplus < 1) and softplus[-1] > 1 - 1e-4


@claim("02", "Sigmoid's peaks at $1/4$, tanh's at $1$, and both die out for large $|z|$")
def test_02_sigmoid_and_tanh_derivatives_peak_at_zero_and_die_out():
    for g_prime, peak in ((ln.sigmoid_derivative, 0.25), (ln.tanh_derivative, 1.0)):
        values = g_prime(Z)
        assert Z[np.argmax(values)] == 0 and abs(values.max() - peak) < 1e-12
        assert values[0] < 1e-4 and values[-1] < 1e-4


# --- what g' does to gradients -------------------------------------------------------------------

@claim("02", "`mlp` draws them with variance $2/d$ (He) for the ReLU-like activations ReLU, ELU and softplus, "
             "and with variance $2/(d + d')$ (Glorot) for sigmoid and tanh")
def test_02_mlp_draws_he_for_relu_like_and_glorot_for_sigmoid_and_tanh():
    for name in FIVE:
        W = ln.mlp([256, 256, 1], name, rng=0)[0].W.value
        expected = 2 / 256 if name in ("relu", "elu", "softplus") else 2 / (256 + 256)
        assert abs(W.var() / expected - 1) < 0.03, name
        assert demo.matching_init(name) == ("he" if name in ("relu", "elu", "softplus") else "glorot")


@claim("02", "the matching init with $k = 10$: sigmoid's line falls about 4× per layer towards layer 1, "
             "ReLU's and tanh's stay roughly level")
def test_02_sigmoid_falls_4x_per_layer_relu_tanh_level():
    assert np.all((3.5 < fall_per_layer("sigmoid", "matching")) & (fall_per_layer("sigmoid", "matching") < 5.0))
    for name, least in (("relu", 0.04), ("tanh", 0.3)):
        N = norms(name, "matching")
        assert np.all(N.min(axis=1) / N.max(axis=1) > least), name


@claim("02", "sigmoid with \"He for all\": larger weights, and still a fall of about 3× per layer")
def test_02_sigmoid_with_he_still_falls_3x_per_layer():
    assert np.all((2.5 < fall_per_layer("sigmoid", "he")) & (fall_per_layer("sigmoid", "he") < 3.8))
    he, glorot = ln.mlp([64, 64, 1], "sigmoid", init="he", rng=0), ln.mlp([64, 64, 1], "sigmoid", rng=0)
    assert he[0].W.value.std() > 1.3 * glorot[0].W.value.std()  # larger weights


@claim("02", "depth $k = 30$: sigmoid's first layer now gets less than $10^{-16}$ of the last layer's gradient")
def test_02_sigmoid_30_layers_first_layer_gradient_below_1e_16():
    ratios = [demo.first_to_last_ratio("sigmoid", "matching", 30, seed) for seed in SEEDS]
    assert max(ratios) < 1e-16


@claim("02", "(standard deviation 1 whatever $d$, 8 times Glorot's in the $64 \\times 64$ layers) with tanh "
             "highlighted: most $z$ now sit where $\\tanh'$ is flat (below 0.08 for $|z| > 2$), more than a third "
             "of them beyond $\\pm 5$, and yet tanh's line *rises* towards layer 1")
def test_02_unit_std_saturates_tanh_yet_its_gradient_rises_towards_layer_1():
    unit = demo.deep_network("tanh", "unit", 10, seed=0)[2].W.value       # a 64 x 64 layer
    glorot = demo.deep_network("tanh", "glorot", 10, seed=0)[2].W.value
    assert unit.shape == (64, 64) and abs(unit.std() / glorot.std() - 8) < 0.5
    assert ln.tanh_derivative(2.0) < 0.08
    assert share_beyond("tanh", "unit", 10, 2.0) > 0.5 and share_beyond("tanh", "unit", 10, 5.0) > 1 / 3
    assert np.all(fall_per_layer("tanh", "unit") < 0.7)  # every layer back multiplies it by more than 1.4
    assert min(demo.first_to_last_ratio("tanh", "unit", 10, seed) for seed in SEEDS) > 50


@claim("02", "ReLU with \"Glorot for all\": the line stays level but lies lower, the more so the larger $k$: "
             "Glorot's weights are $\\sqrt 2$ times smaller than He's in the $64 \\times 64$ layers")
def test_02_relu_with_glorot_stays_level_but_lower():
    he = demo.deep_network("relu", "he", 10, seed=0)[2].W.value
    glorot = demo.deep_network("relu", "glorot", 10, seed=0)[2].W.value
    assert abs(he.std() / glorot.std() - np.sqrt(2)) < 0.05
    lower = {}
    for depth in (10, 30):
        N_he, N_glorot = norms("relu", "he", depth), norms("relu", "glorot", depth)
        assert np.all(N_glorot.min(axis=1) / N_glorot.max(axis=1) > 0.1)  # level
        lower[depth] = np.median(N_glorot, axis=1) / np.median(N_he, axis=1)
    assert np.all(lower[10] < 0.1) and np.all(lower[30] < 1e-3) and np.all(lower[30] < lower[10])


@claim("02", "its derivative below 0 is $\\alpha e^z$, and for $\\alpha > 1$ it can exceed 1")
def test_02_elu_derivative_below_0_can_exceed_1():
    z = np.linspace(-5, -1e-9, 1001)
    np.testing.assert_allclose(ln.elu_derivative(z, alpha=2.0), 2.0 * np.exp(z))
    assert ln.elu_derivative(z, alpha=2.0).max() > 1.9 and ln.elu_derivative(z, alpha=1.0).max() <= 1.0


@claim("02", "N(0, 1) weights turn tanh's picture around: its first layer gets 98 to 360 times the last layer's "
             "gradient, which **explodes** towards the input although most of its units are saturated")
def test_02_unit_std_tanh_explodes_although_most_units_saturate():
    assert share_beyond("tanh", "unit", 10, 2.0) > 0.5  # tanh'(z) < 0.08 there
    assert np.all(fall_per_layer("tanh", "unit") < 0.7)


@claim("02", "Sigmoid's $g' \\leq 1/4$ shrinks it about 4× per layer: in an untrained 10-layer network the first "
             "layer got less than $10^{-5}$ of the last layer's gradient with Glorot's init, less than $10^{-4}$ "
             "with He's. ReLU and tanh with their matching init (He, Glorot) keep the first layer's gradient within "
             "a factor of 30 of the last's")
def test_02_takeaway_sigmoid_vanishes_relu_tanh_within_30():
    assert ln.sigmoid_derivative(Z).max() <= 0.25
    assert np.all((3.5 < fall_per_layer("sigmoid", "glorot")) & (fall_per_layer("sigmoid", "glorot") < 5.0))
    for init, bound in (("glorot", 1e-5), ("he", 1e-4)):
        assert max(demo.first_to_last_ratio("sigmoid", init, 10, seed) for seed in SEEDS) < bound
    for name in ("relu", "tanh"):
        ratios = [demo.first_to_last_ratio(name, "matching", 10, seed) for seed in SEEDS]
        assert 1 / 30 < min(ratios) and max(ratios) < 30, name


@claim("02", "with weights far too large, tanh's units saturate and its gradient explodes instead")
def test_02_takeaway_too_large_weights_saturate_tanh_and_explode_its_gradient():
    assert share_beyond("tanh", "unit", 10, 2.0) > 0.5
    assert min(demo.first_to_last_ratio("tanh", "unit", 10, seed) for seed in SEEDS) > 50


@claim("02", "in the untrained 10-layer network above, the gradient shrank about 4× per layer (Glorot), and the "
             "first layer got less than $10^{-5}$ of the last layer's gradient")
def test_02_q3_sigmoid_gradient_shrinks_4x_per_layer():
    assert np.all((3.5 < fall_per_layer("sigmoid", "glorot")) & (fall_per_layer("sigmoid", "glorot") < 5.0))
    assert max(demo.first_to_last_ratio("sigmoid", "glorot", 10, seed) for seed in SEEDS) < 1e-5


@claim("02", "there the first layer got 0.055 to 0.17 of the last layer's gradient over the 5 seeds (tanh with "
             "Glorot's: 0.54 to 1.1)")
def test_02_q3_relu_and_tanh_ratios_over_the_five_seeds():
    relu = [demo.first_to_last_ratio("relu", "he", 10, seed) for seed in SEEDS]
    tanh = [demo.first_to_last_ratio("tanh", "glorot", 10, seed) for seed in SEEDS]
    assert (round(min(relu), 3), round(max(relu), 2)) == (0.055, 0.17)
    assert (round(min(tanh), 2), round(max(tanh), 1)) == (0.54, 1.1)


# --- XOR -------------------------------------------------------------------------------------------

@claim("02", "No straight line separates the two classes.")
def test_02_no_straight_line_separates_xor():
    for seed in SEEDS:
        assert xor_best_line(seed)[2] < 0.8


@claim("02", "it gets little more than half of the points right (at most 0.65 over 5 seeds, although the best "
             "straight line would get about 3/4")
def test_02_identity_on_xor_gets_little_more_than_half():
    acc = accuracies("xor", "identity", 8)
    assert np.all((0.5 <= acc) & (acc <= 0.65))
    for seed in SEEDS:
        assert 0.7 <= xor_best_line(seed)[2] <= 0.78


@claim("02", "With ReLU the boundary bends and separates the four quadrants (median accuracy 0.99 over 5 seeds)")
def test_02_relu_separates_xor_quadrants():
    assert np.median(accuracies("xor", "relu", 8)) >= 0.99
    assert accuracies("xor", "relu", 8).min() >= 0.95


@claim("02", "$\\hat y$ is linear wherever no hidden unit switches on or off, so the boundary can only bend where "
             "it crosses the line $z_j = 0$ of some hidden unit $j$")
def test_02_relu_network_is_linear_between_the_unit_lines():
    model = trained("xor", "relu", 8, 0)[0]
    W, b = model[0].W.value, model[0].b.value
    rng = np.random.default_rng(0)
    x = rng.uniform(-1.6, 1.6, (2000, 2))
    u = rng.normal(size=(2000, 2))
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    h = 1e-3
    # points farther than 2h from every unit's line z_j = W_j x + b_j = 0: no unit switches in x +- 2h u
    distance = np.abs(x @ W.T + b) / np.linalg.norm(W, axis=1)
    far = np.all(distance > 2 * h, axis=1)
    f = lambda p: model.forward(p)[:, 0]  # noqa: E731
    second_difference = f(x[far] + h * u[far]) - 2 * f(x[far]) + f(x[far] - h * u[far])
    assert far.sum() > 1000 and np.abs(second_difference).max() < 1e-9  # linear there: no bend


@claim("02", "in the picture it crosses some of these 8 lines twice and others not at all")
def test_02_boundary_crosses_some_unit_lines_twice_and_others_never():
    model, X, _, _ = trained("xor", "relu", 8, 0)
    fig = demo.decision_boundaries_figure({"g = relu": model}, X, trained("xor", "relu", 8, 0)[2], n=20)
    (x0, x1), (y0, y1) = fig.axes[0].get_xlim(), fig.axes[0].get_ylim()
    W, b = model[0].W.value, model[0].b.value
    t = np.linspace(-5, 5, 20001)
    crossings = []
    for v, c in zip(W, b):
        foot, along = -c * v / (v @ v), np.array([-v[1], v[0]]) / np.linalg.norm(v)
        points = foot + t[:, None] * along
        points = points[(x0 <= points[:, 0]) & (points[:, 0] <= x1) & (y0 <= points[:, 1]) & (points[:, 1] <= y1)]
        logits = model.forward(points)[:, 0] if len(points) else np.zeros(0)
        crossings.append(int(np.sum(np.diff(np.sign(logits)) != 0)))
    assert 0 in crossings and max(crossings) == 2 and crossings.count(2) >= 2


# --- the NonlinearityExplorer over seeds ----------------------------------------------------------

def straight_boundary(model, grid_n=80):
    """Is the predicted class on a grid a step function of v^T x, v = the first layer's only row?"""
    g = np.linspace(-1.6, 1.6, grid_n)
    points = np.stack(np.meshgrid(g, g), axis=-1).reshape(-1, 2)
    v = model[0].W.value[0]
    s = points @ v
    predicted = (model.forward(points)[:, 0] > 0)[np.argsort(s, kind="stable")]
    ties = np.isclose(np.sort(s)[1:], np.sort(s)[:-1], rtol=0, atol=1e-12)
    changes = (predicted[1:] != predicted[:-1]) & ~ties
    return changes.sum() <= 1


@claim("02", "With $d' = 1$ the boundary is a straight line, whatever $g$")
def test_02_one_hidden_unit_draws_a_straight_boundary():
    for dataset in ("xor", "circles"):
        for name in FIVE:
            for seed in SEEDS:
                assert straight_boundary(trained(dataset, name, 1, seed)[0]), (dataset, name, seed)
    for name in FIVE:  # every g here is monotone: g' >= 0
        assert np.all(demo.g_and_g_prime(name)[1](Z) >= 0)


@claim("02", "That is too simple for XOR and for the circles: over 5 seeds and every $g$, at most about 3/4 of "
             "the points")
def test_02_one_hidden_unit_gets_at_most_three_quarters():
    best = max(accuracies(dataset, name, 1).max() for dataset in ("xor", "circles") for name in FIVE)
    assert 0.68 <= best <= 0.76


@claim("02", "The identity's boundary stays straight at any width (at most 0.65 on both datasets over 5 seeds, "
             "with $d'$ = 1, 8 or 16)")
def test_02_identity_stays_straight_at_any_width():
    for dataset in ("xor", "circles"):
        for d_hidden in (1, 8, 16):
            acc = accuracies(dataset, "identity", d_hidden)
            assert np.all((0.5 <= acc) & (acc <= 0.65)), (dataset, d_hidden)
            model = trained(dataset, "identity", d_hidden, 0)[0]
            x = np.random.default_rng(0).uniform(-1.6, 1.6, (200, 2))
            affine = np.column_stack([x, np.ones(len(x))])
            residual = np.linalg.lstsq(affine, model.forward(x)[:, 0], rcond=None)[1]
            assert residual.size == 0 or residual[0] < 1e-18  # one linear model: a straight boundary


@claim("02", "from every point there is a direction along which $\\hat y = w_1 g(z_1) + w_2 g(z_2) + c$ never "
             "falls, and one along which it never rises, so both regions run off the picture and neither closes "
             "around the inner ring (at most 0.9 over 5 seeds)")
def test_02_two_units_cannot_close_a_region_on_the_circles():
    angles = np.linspace(0, 2 * np.pi, 720, endpoint=False)
    directions = np.column_stack([np.cos(angles), np.sin(angles)])
    t = np.linspace(0, 4.6, 200)  # from anywhere in the picture to beyond its border
    g = np.linspace(-1.6, 1.6, 15)
    starts = np.stack(np.meshgrid(g, g), axis=-1).reshape(-1, 2)
    for name in FIVE:
        assert accuracies("circles", name, 2).max() <= 0.9
        for seed in SEEDS:
            model = trained("circles", name, 2, seed)[0]
            V, w = model[0].W.value, model[2].W.value[0]
            # along u, each w_j g(v_j^T x + b_j) never falls if w_j v_j^T u >= 0 (g is non-decreasing)
            up = directions[np.all((w[:, None] * V) @ directions.T >= -1e-12, axis=0)][0]
            for u, sign in ((up, 1.0), (-up, -1.0)):
                path = starts[:, None, :] + t[None, :, None] * u  # (starts, t, 2)
                f = model.forward(path.reshape(-1, 2))[:, 0].reshape(len(starts), len(t))
                assert np.all(sign * np.diff(f, axis=1) >= -1e-9)
                assert np.all(np.abs(path[:, -1]).max(axis=1) > 1.6)  # every path leaves the picture


@claim("02", "Three ReLU units can close one, but training does not always find it")
def test_02_three_relu_units_can_close_a_region_around_the_inner_ring():
    # y_hat = c - sum_j relu(n_j^T x) with three normals 120 degrees apart (n_1 + n_2 + n_3 = 0):
    # where one unit is on, y_hat = c - n_j^T x; where two are on, y_hat = c + n_l^T x: a hexagon of inradius c
    angles = np.pi / 2 + 2 * np.pi * np.arange(3) / 3
    model = ln.mlp([2, 3, 1], "relu", rng=0)
    model[0].W.value[...] = np.column_stack([np.cos(angles), np.sin(angles)])
    model[0].b.value[...] = 0.0
    model[2].W.value[...] = -1.0
    model[2].b.value[...] = 0.7
    for seed in SEEDS:
        X, y = ln.circles(n=200, rng=seed)
        assert ln.accuracy(model, X, y) >= 0.98
    circle = np.linspace(0, 2 * np.pi, 360)
    far = 3.0 * np.column_stack([np.cos(circle), np.sin(circle)])
    # y_hat is concave, so {y_hat > 0} is convex: it holds 0 and no point at radius 3, so it is closed
    assert model.forward(np.zeros((1, 2)))[0, 0] > 0 and np.all(model.forward(far)[:, 0] < 0)
    assert accuracies("circles", "relu", 3).min() <= 0.9  # and training does not always find one


@claim("02", "with $d' = 3$ ReLU separates the circles for some seeds and not for others (0.635 for the seed shown "
             "here; then try $d' = 4$)")
def test_02_three_relu_units_on_the_circles_depend_on_the_seed():
    acc = accuracies("circles", "relu", 3)
    assert acc.max() >= 0.99 and acc.min() <= 0.9
    assert abs(acc[0] - 0.635) < 1e-9 and accuracies("circles", "relu", 4)[0] >= 0.99


@claim("02", "With 4 units every $g$ separates the circles for most seeds (median accuracy 1.00 over 5 seeds), and "
           "with 8 or 16 for every seed.")
def test_02_circles_with_4_8_16_units():
    for name in FIVE:
        assert np.median(accuracies("circles", name, 4)) >= 0.995, name
        for d_hidden in (8, 16):
            assert accuracies("circles", name, d_hidden).min() >= 0.99, (name, d_hidden)


@claim("02", "On XOR every $g$ gets a median accuracy of 0.97 or more over 5 seeds at $d' = 8$, and 0.97 or more "
             "for every seed at $d' = 16$.")
def test_02_xor_with_8_and_16_units():
    for name in FIVE:
        assert np.median(accuracies("xor", name, 8)) >= 0.97, name
        assert accuracies("xor", name, 16).min() >= 0.97, name


# --- check yourself ----------------------------------------------------------------------------

@claim("02", "the best one gets about 3/4 of the points right (over 5 seeds: it cuts one quadrant off the other "
             "three and gets the quadrant opposite wrong). Training on the cross-entropy does not even find that "
             "line: 0.56 above, at most 0.65 over 5 seeds.")
def test_02_q1_best_line_on_xor_and_what_training_finds():
    for seed in SEEDS:
        X, y, best, predicted = xor_best_line(seed)
        assert 0.7 <= best <= 0.78
        quadrant = 2 * (X[:, 0] > 0) + (X[:, 1] > 0)
        right = np.array([np.mean(predicted[quadrant == q] == y[quadrant == q]) for q in range(4)])
        assert np.sum(right < 0.15) == 1 and np.sum(right > 0.85) == 3, right
    acc = accuracies("xor", "identity", 8)
    assert abs(acc[0] - 0.56) < 1e-9 and acc.max() <= 0.65


@claim("02", "(most of that drop at layer 1 alone) and tanh's 0.54 to 1.1: within a factor of 20 at both ends of the "
             "network, against sigmoid's factor of more than 300 000")
def test_02_relu_and_tanh_within_20_sigmoid_beyond_300000():
    for name in ("relu", "tanh"):
        ratios = [demo.first_to_last_ratio(name, "matching", 10, seed) for seed in SEEDS]
        assert 1 / 20 < min(ratios) and max(ratios) < 20, name
    assert max(demo.first_to_last_ratio("sigmoid", "matching", 10, seed) for seed in SEEDS) < 1 / 300_000
    norms = np.median([demo.layer_gradient_norms("relu", "matching", 10, seed) for seed in SEEDS], axis=0)
    drop = norms / norms[-1]  # layer 1 ... layer k, relative to the last
    assert drop[0] < 0.5 * drop[1]  # the largest step of the drop is into layer 1


# --- after some steps: plain SGD on the deep networks ------------------------------------------------

STEPS, LR = 100, 0.1  # the notebook's training cell


def runs(activation, lr=LR):
    return [demo.deep_training(activation, "matching", 10, seed, steps=STEPS, lr=lr) for seed in SEEDS]


def hidden_z(activation, seed, depth=10):
    """Every hidden unit's pre-activation z of the untrained deep network on its batch, and its output."""
    model = demo.deep_network(activation, "matching", depth, seed)
    A, Z = ln.circles(n=100, rng=seed)[0], []
    for layer in model:
        A = layer.forward(A)
        if isinstance(layer, ln.Dense) and layer is not model[-1]:
            Z.append(A.copy())
    return np.concatenate([z.ravel() for z in Z]), A[:, 0]


@claim("02", "beyond $\\pm 2$, where sigmoid' drops below 0.11 (are the sigmoid units saturated?)")
def test_02_sigmoid_derivative_below_0_11_beyond_2():
    z = np.linspace(2, 10, 801)
    assert np.all(ln.sigmoid_derivative(z) < 0.11) and np.all(ln.sigmoid_derivative(-z) < 0.11)
    assert ln.sigmoid_derivative(2.0) > 0.10


@claim("02", "the same $\\eta = 0.1$ and 100 steps for both, 5 seeds (`demo.deep_training`; a fair comparison "
             "except for the activation and its matching init)")
def test_02_deep_training_compares_like_with_like():
    for seed in SEEDS:
        nets = [demo.deep_network(name, "matching", 10, seed) for name in ("sigmoid", "relu")]
        assert [p.shape for p in nets[0].parameters()] == [p.shape for p in nets[1].parameters()]
        for name in ("sigmoid", "relu"):
            run = demo.deep_training(name, "matching", 10, seed, steps=STEPS, lr=LR)
            assert len(run.losses) == STEPS + 1 and len(run.moved) == 10
            np.testing.assert_array_equal(run.norms_start, demo.layer_gradient_norms(name, "matching", 10, seed))


@claim("02", "on every seed its loss stays at $\\log 2 \\approx 0.693$, the loss of predicting $p = 1/2$ for every "
             "point, and its accuracy at chance, while ReLU's loss falls below 0.01 on every seed with the same data, "
             "steps and $\\eta$")
def test_02_deep_sigmoid_stays_at_log_2_relu_learns():
    for seed, sigmoid, relu in zip(SEEDS, runs("sigmoid"), runs("relu")):
        y = ln.circles(n=100, rng=seed)[1]
        assert y.mean() == 0.5  # balanced: p = 1/2 everywhere is the best constant, its loss is log 2
        assert abs(sigmoid.losses[-1] - np.log(2)) < 1e-4 and np.all(np.abs(sigmoid.losses - np.log(2)) < 0.02)
        assert 0.4 <= sigmoid.accuracy <= 0.6
        assert relu.losses[-1] < 0.01 and relu.accuracy == 1.0


@claim("02", "At step 0 none of sigmoid's pre-activations lie beyond $\\pm 2$, so every $g'(z)$ is between 0.10 and "
             "0.25: its units sit near the middle, not on the flat tails")
def test_02_deep_sigmoid_is_not_saturated_at_initialisation():
    for seed in SEEDS:
        z, _ = hidden_z("sigmoid", seed)
        assert np.abs(z).max() <= 2.0
        slopes = ln.sigmoid_derivative(z)
        assert slopes.min() > 0.10 and slopes.max() <= 0.25
        assert share_beyond("sigmoid", "matching", 10, 2.0) == 0.0  # what the notebook's cell prints


@claim("02", "The gradient shrinks because even the largest $g'$ is $1/4$, at every one of the 9 activations.")
def test_02_deep_sigmoid_has_9_activations_with_g_prime_at_most_a_quarter():
    model = demo.deep_network("sigmoid", "matching", 10, 0)
    assert sum(isinstance(m, ln.Activation) for m in model) == 9
    assert ln.sigmoid_derivative(Z).max() == 0.25
    assert np.all((3.5 < fall_per_layer("sigmoid", "matching")) & (fall_per_layer("sigmoid", "matching") < 5.0))


@claim("02", "At step 0 sigmoid's $\\hat y$ differs between the 100 points by less than $10^{-5}$ (ReLU's by more "
             "than 0.5), so the last layers can only learn the class balance, which they do: then the network sits on "
             "a plateau where every layer's gradient is below $10^{-6}$")
def test_02_deep_sigmoid_forgets_the_input_and_sits_on_a_plateau():
    for seed, run in zip(SEEDS, runs("sigmoid")):
        assert np.ptp(hidden_z("sigmoid", seed)[1]) < 1e-5 and np.ptp(hidden_z("relu", seed)[1]) > 0.5
        assert abs(run.losses[-1] - np.log(2)) < 1e-4  # the class balance: p = 1/2 for all
        assert run.norms_end.max() < 1e-6


@claim("02", "$\\lVert dW_1 \\rVert$ and $\\lVert dW_{10} \\rVert$ are now within a factor of 3 of each other, not "
             "because the first layer's gradient grew, but because the last layer's vanished too")
def test_02_deep_sigmoid_gradients_level_after_training_because_the_last_vanished():
    for run in runs("sigmoid"):
        assert 1 / 3 < run.norms_end[0] / run.norms_end[-1] < 3
        assert run.norms_end[0] < 3 * run.norms_start[0]
        assert run.norms_end[-1] < 1e-4 * run.norms_start[-1]


@claim("02", "In 100 steps sigmoid's $W_1$ moved less than $10^{-6}$ of its size, ReLU's 0.4% to 1%: more than "
             "1000 times as far. ReLU's first layer moved the least of its 10 layers too, as its gradient is the "
             "smallest there.")
def test_02_deep_sigmoid_first_layer_stays_relu_moves():
    sigmoid, relu = runs("sigmoid"), runs("relu")
    assert max(r.moved[0] for r in sigmoid) < 1e-6
    assert 0.004 <= min(r.moved[0] for r in relu) and max(r.moved[0] for r in relu) <= 0.011
    assert min(r.moved[0] for r in relu) > 1000 * max(r.moved[0] for r in sigmoid)
    for r in relu:
        assert np.argmin(r.moved) == 0 and np.argmin(r.norms_start) == 0 and np.argmin(r.norms_end) == 0


@claim("02", "With $\\eta = 1$ and $\\eta = 5$ (10 and 50 times the one above) its loss still stays at 0.6931 after "
             "100 steps on all 5 seeds, and $W_1$ moves less than $10^{-5}$ of its size.")
def test_02_q4_larger_lr_does_not_rescue_deep_sigmoid():
    for lr in (1.0, 5.0):
        for run in runs("sigmoid", lr):
            assert round(run.losses[-1], 4) == 0.6931 and run.moved[0] < 1e-5


@claim("02", "Trained with 100 steps of plain SGD, the 10-layer sigmoid network did not learn at all (its loss "
             "stayed at $\\log 2$ on 5 seeds, its first layer hardly moved), the ReLU one did.")
def test_02_takeaway_deep_sigmoid_does_not_learn_relu_does():
    for sigmoid, relu in zip(runs("sigmoid"), runs("relu")):
        assert abs(sigmoid.losses[-1] - np.log(2)) < 1e-4 and sigmoid.moved[0] < 1e-6
        assert relu.losses[-1] < 0.01


# --- the hidden units of the XOR network, as pictures ------------------------------------------------

def unit_alone_accuracies(seed):
    """Per hidden unit of the trained mlp([2, 8, 1], relu): the best accuracy of one threshold on a_j."""
    model, X, y, _ = trained("xor", "relu", 8, seed)
    A, _, _ = demo.hidden_units(model, X)
    Zs = X @ model[0].W.value.T + model[0].b.value
    for j in range(A.shape[1]):  # a threshold t > 0 on a_j is the same threshold on z_j
        for t in np.unique(A[:, j])[1:]:
            np.testing.assert_array_equal(A[:, j] > t, Zs[:, j] > t)
    return np.array([max(max(np.mean((A[:, j] > t) == y), np.mean((A[:, j] > t) != y)) for t in np.unique(A[:, j]))
                     for j in range(A.shape[1])])


def picture_points(n=81):
    g = np.linspace(-1.6, 1.6, n)
    return np.stack(np.meshgrid(g, g), axis=-1).reshape(-1, 2)


@claim("02", "Alone it is no better than a straight line, since a threshold on $a_j > 0$ is a threshold on $z_j$: "
             "no unit alone gets more than about 3/4 of the points right (at most 0.72 over 5 seeds and all 8 units)")
def test_02_one_relu_unit_alone_is_no_better_than_a_line():
    best = max(unit_alone_accuracies(seed).max() for seed in SEEDS)
    assert 0.7 <= best <= 0.72 + 1e-12
    for seed in SEEDS:  # and no better than the best straight line on the same data
        assert unit_alone_accuracies(seed).max() <= xor_best_line(seed)[2] + 1e-12


@claim("02", "where every unit is off, $\\hat y = c$. The weighted sum of the 8 maps is the model's output, to the "
             "last digit (the difference printed above is 0)")
def test_02_weighted_sum_of_the_unit_maps_is_the_output():
    points = picture_points()
    for seed in SEEDS:
        model = trained("xor", "relu", 8, seed)[0]
        A, w, c = demo.hidden_units(model, points)
        y_hat = model.forward(points)[:, 0]
        assert np.max(np.abs(A @ w + c - y_hat)) < 1e-12
        off = np.all(A == 0, axis=1)
        np.testing.assert_allclose(y_hat[off], c, rtol=0, atol=1e-12)


@claim("02", "each ReLU unit alone draws a ramp, no better than a straight line, and their sum bends the boundary")
def test_02_takeaway_each_relu_unit_is_a_ramp_their_sum_bends():
    points = picture_points(41)
    for seed in SEEDS:
        model, X, y, acc = trained("xor", "relu", 8, seed)
        A, _, _ = demo.hidden_units(model, points)
        Zs = points @ model[0].W.value.T + model[0].b.value
        np.testing.assert_allclose(A, np.maximum(Zs, 0), rtol=0, atol=1e-15)  # 0, then linear in x
        assert unit_alone_accuracies(seed).max() <= xor_best_line(seed)[2] + 1e-12 < acc


@claim("02", "in this network, the lower-right part of the square ($x_2 < 0$). There every $a_j = 0$, so $\\hat y = "
             "\\sum_j w_j \\cdot 0 + c = c$, the output bias, $+4.92$ (printed above): positive, so class 1, which is "
             "right for that quadrant.")
def test_02_q5_where_all_units_are_off_the_output_is_c():
    model = trained("xor", "relu", 8, 0)[0]
    points = picture_points()
    A, _, c = demo.hidden_units(model, points)
    off = points[np.all(A == 0, axis=1)]
    assert len(off) > 0.1 * len(points) and off[:, 1].max() < 0 and off[:, 0].mean() > 0.5
    assert round(c, 2) == 4.92
    X, y = ln.xor(n=200, noise=0.1, rng=0)
    assert y[(X[:, 0] > 0) & (X[:, 1] < 0)].mean() > 0.9  # opposite signs: class 1 (a few noisy points aside)
