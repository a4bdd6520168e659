"""Claims of notebook 05 (loss landscape): each test guards one sentence of its markdown."""

import functools
import itertools

import numpy as np
from claims import SEEDS, claim

from lecture_nn import landscape
from lecture_nn.demos import loss_landscape as demo

DIRECTION_SEEDS = range(10)  # the explorer's direction-seed slider
SPANS = (0.25, 1.0, 2.0)  # the ends and the default of the explorer's range slider
GRID = demo.EXPLORER_GRID  # 17 x 17


def flat(direction):
    return np.concatenate([a.ravel() for a in direction])


@functools.cache
def slice_grid(width, training_seed, direction_seed):
    """The filter-normalized 17 x 17 slice over [-1, 1]^2 of the net trained from ``training_seed``."""
    if training_seed == 0:  # the explorer's nets: its own cache
        return demo.landscape_grid(width, direction_seed, 1.0, "filter", GRID)[1]
    return demo.surface(demo.train_net(width, training_seed), direction_seed, 1.0, "filter", GRID)[1]


def local_minima(f):
    """How many grid points are no higher than all their (up to 8) neighbours."""
    padded = np.pad(f, 1, constant_values=np.inf)
    n = f.shape[0]
    return sum(f[i, j] <= padded[i:i + 3, j:j + 3].min() for i in range(n) for j in range(n))


def axis_losses(net, direction_seed, steps):
    """L(theta* + s delta) and L(theta* + s eta) for each s in ``steps``."""
    directions = demo.random_directions(net.model, direction_seed)
    along_alpha = landscape.loss_grid(net.model, net.loss_fn, net.X, net.y, directions, steps, [0.0])[0]
    along_beta = landscape.loss_grid(net.model, net.loss_fn, net.X, net.y, directions, [0.0], steps)[:, 0]
    return along_alpha, along_beta


# --- the trained net --------------------------------------------------------------------------

@claim("05", "strictly it is where training stopped, not an exact minimum: the loss still falls slowly at the end")
def test_05_adam_has_not_stopped_falling_after_300_steps():
    for seed in SEEDS:
        net = demo.train_net(64, seed)
        drop = 1 - net.loss / net.train_loss[250]  # over the last 50 steps
        assert 0.05 < drop < 0.15, (seed, drop)  # 8% to 11%
        assert net.train_loss[275] > net.loss


# --- the landscape around theta* ----------------------------------------------------------------

@claim("05", r"Along $\alpha$ the loss climbs from 0.06 to between 1 and 2.5 by $|\alpha| = 0.4$; along $\beta$ it "
             r"stays below 0.5 all the way to $\beta = +1$")
def test_05_the_valley_of_direction_seed_1():
    net = demo.train_net(64, 0)
    along_alpha, _ = axis_losses(net, 1, [-0.4, 0.4])
    assert 1.0 < along_alpha.min() and along_alpha.max() < 2.5, along_alpha  # 1.05 and 2.45
    _, along_beta = axis_losses(net, 1, np.linspace(0.0, 1.0, 26))
    assert along_beta.max() < 0.5 and along_beta[0] < 0.07  # from L(theta*) = 0.065 to at most 0.43


@claim("05", r"over direction seeds 0–9, a step of 0.4 from $\theta^*$ along $\pm\delta$ or $\pm\eta$ gives "
             r"anything from $L = 0.14$ to $L = 5.8$")
def test_05_a_step_of_0_4_is_harmless_or_ruinous_depending_on_the_direction():
    net = demo.train_net(64, 0)
    losses = np.concatenate([np.concatenate(axis_losses(net, seed, [-0.4, 0.4])) for seed in DIRECTION_SEEDS])
    assert losses.shape == (40,)
    assert round(float(losses.min()), 2) == 0.14 and round(float(losses.max()), 1) == 5.8


@claim("05", r"falls steadily from $\theta_0$ to $\theta^*$ and rises again beyond it, and so it does for each of "
             r"5 training seeds")
def test_05_the_straight_line_from_the_initialization_is_a_simple_valley():
    ts = np.linspace(-0.5, 1.5, 81)  # the figure's line
    for seed in SEEDS:
        net = demo.train_net(64, seed)
        losses = landscape.interpolate(net.model, net.loss_fn, net.X, net.y, net.theta0, ts)
        assert np.all(np.diff(losses[(ts >= 0) & (ts <= 1)]) < 0), seed  # down all the way to theta*
        assert np.all(np.diff(losses[ts >= 1]) > 0), seed  # up beyond it
        assert np.argmin(losses) == np.flatnonzero(ts == 1.0)[0]


# --- the optimizer's path -----------------------------------------------------------------------

@claim("05", r"a plane of isotropic Gaussian directions holds on average $2/P \approx 0.05\%$ of its squared length")
def test_05_an_isotropic_random_plane_holds_2_over_p():
    P = 4417
    assert round(100 * 2 / P, 2) == 0.05
    rng = np.random.default_rng(0)
    vector = demo.train_net(64, 0).theta0 - demo.train_net(64, 0).theta_star
    shares = []
    for _ in range(400):
        Q, _ = np.linalg.qr(rng.standard_normal((P, 2)))  # an orthonormal basis of a random plane
        shares.append(np.sum((Q.T @ vector) ** 2) / np.sum(vector ** 2))
    assert abs(np.mean(shares) * P / 2 - 1) < 0.15  # the mean of 400 planes: 2/P within sampling error


@claim("05", "Our filter-normalized plane holds 0.17% (over direction seeds 0–9: 0.03% to 0.22%)")
def test_05_filter_normalized_planes_hold_a_fraction_of_a_percent_of_the_path():
    net = demo.train_net(64, 0)
    offset = net.theta0 - net.theta_star
    shares = []
    for seed in DIRECTION_SEEDS:
        D = np.column_stack([flat(d) for d in demo.random_directions(net.model, seed)])
        shadow = D @ np.linalg.lstsq(D, offset, rcond=None)[0]
        shares.append(100 * np.sum(shadow ** 2) / np.sum(offset ** 2))
    assert round(shares[1], 2) == 0.17
    assert round(min(shares), 2) == 0.03 and round(max(shares), 2) == 0.22, np.round(shares, 3)


@claim("05", "The two PCA directions explain 94% + 4% of the path's variance (93–96% and 3–5% over 5 training seeds)")
def test_05_the_path_is_nearly_flat_for_every_training_seed():
    first, second = np.array([demo.pca_directions(demo.train_net(64, seed))[1] for seed in SEEDS]).T
    assert round(100 * first[0]) == 94 and round(100 * second[0]) == 4
    assert 93 <= 100 * first.min() and 100 * first.max() <= 96, first
    assert 3 <= 100 * second.min() and 100 * second.max() <= 5, second


# --- not convex -----------------------------------------------------------------------------------

@claim("05", "The net trained the same way from another random initialization (seed 1): about the same loss, at "
             "a different point.")
def test_05_seed_1_ends_as_low_but_elsewhere():
    a, b = demo.train_net(64, 0), demo.train_net(64, 1)
    assert abs(a.loss - b.loss) < 0.005  # 0.065 and 0.067
    assert np.linalg.norm(a.theta_star - b.theta_star) > np.linalg.norm(a.theta_star - a.theta0)


@claim("05", "Over 5 training seeds and 5 shuffles each, the midpoint of the shuffled segment is 3 to 12 times the "
             "loss at its ends (3.7 here)")
def test_05_halfway_between_shuffled_copies_the_loss_is_3_to_12_times_higher():
    ratios = []
    for seed, shuffle in itertools.product(SEEDS, range(5)):
        net = demo.train_net(64, seed)
        ends_and_middle = landscape.interpolate(net.model, net.loss_fn, net.X, net.y,
                                                demo.permuted_vector(net.model, seed=shuffle), [0.0, 0.5, 1.0])
        assert abs(ends_and_middle[0] - ends_and_middle[2]) < 1e-12  # the same network at both ends
        ratios.append(ends_and_middle[1] / ends_and_middle[0])
    assert round(ratios[0], 1) == 3.7
    assert 3.0 <= min(ratios) and max(ratios) < 12.5, np.round(ratios, 2)


@claim("05", r"the segment from the net of seed $s$ to that of seed $s + 1$ peaks at 3.7 to 16 times the larger end "
             "loss (10 for seeds 0 and 1, drawn above)")
def test_05_between_two_trained_nets_the_loss_rises_3_7_to_16_times_above_the_ends():
    ts = np.linspace(0.0, 1.0, 61)  # the figure's segment
    ratios = []
    for seed in SEEDS:
        a, b = demo.train_net(64, seed), demo.train_net(64, (seed + 1) % 5)
        losses = landscape.interpolate(b.model, b.loss_fn, b.X, b.y, a.theta_star, ts)
        ratios.append(losses.max() / max(losses[0], losses[-1]))
    assert round(ratios[0]) == 10
    assert round(min(ratios), 1) == 3.7 and round(max(ratios)) == 16, np.round(ratios, 2)


# --- narrow and wide ------------------------------------------------------------------------------

@claim("05", "In this picture (training seed 0, direction seed 1) the narrow net's slice is lower overall but "
             "irregular")
def test_05_the_pictured_narrow_net_is_lower_the_wide_one_deeper_with_higher_walls():
    narrow, wide = slice_grid(4, 0, 1), slice_grid(64, 0, 1)
    assert np.median(narrow) < np.median(wide) / 2  # lower overall (0.73 against 3.2)
    assert wide.max() > 3 * narrow.max()  # walls that climb much higher (18 against 3.9)
    assert local_minima(narrow) > 1 and local_minima(wide) == 1  # irregular; a single basin


@claim("05", r"the wide net is always deeper: $L(\theta^*)$ is 0.063–0.067 for $d' = 64$, 0.12–0.24 for $d' = 4$")
def test_05_the_wide_net_always_ends_lower():
    wide = [demo.train_net(64, seed).loss for seed in SEEDS]
    narrow = [demo.train_net(4, seed).loss for seed in SEEDS]
    assert 0.0625 <= min(wide) and max(wide) < 0.0675, wide
    assert 0.115 <= min(narrow) and max(narrow) < 0.245, narrow


@claim("05", "in 19 of the 25 wide-net slices and in 11 of the 25 narrow-net ones")
def test_05_a_single_basin_is_a_tendency_of_the_wide_net():
    single = {width: sum(local_minima(slice_grid(width, t, d)) == 1 for t in SEEDS for d in SEEDS)
              for width in (4, 64)}
    assert single == {4: 11, 64: 19}
    for width in (4, 64):  # and the one local minimum is theta* itself, the centre
        assert all(np.argmin(slice_grid(width, t, d)) == (GRID * GRID) // 2 for t in SEEDS for d in SEEDS)


@claim("05", "the narrow net's median $L$ is the lower one in 14 of 25), and so does which has the higher walls")
def test_05_which_slice_is_lower_depends_on_the_seeds():
    pairs = [(slice_grid(4, t, d), slice_grid(64, t, d)) for t in SEEDS for d in SEEDS]
    assert sum(np.median(narrow) < np.median(wide) for narrow, wide in pairs) == 14
    higher_walls = sum(wide.max() > narrow.max() for narrow, wide in pairs)
    assert 5 <= higher_walls <= 20  # both happen (16 of 25 for the wide net)


# --- SGD --------------------------------------------------------------------------------------------

@claim("05", "the loss still drifts down (in every seed its mean over the last 10 epochs is below that over the 10 "
             "before)")
def test_05_sgd_with_a_good_step_is_still_drifting_down():
    for seed in SEEDS:
        losses, diverged = demo.train_sgd(seed=seed, lr=0.3)
        assert not diverged and len(losses) == 31
        assert losses[21:].mean() < losses[11:21].mean() - 0.003, seed
        assert losses[-1] > demo.train_net(64, seed).loss + 0.03  # above what Adam reached
        assert np.sum(np.diff(losses[-11:]) > 0) in (4, 5)  # "goes up again in 4 or 5 of the last 10 epochs"


@claim("05", "Halfway between the end points of two seeds $L$ is two to four times the loss at the ends")
def test_05_hills_between_the_end_points_of_sgd():
    X, y = demo.moons_data()
    loss_fn = demo.train_net(64, 0).loss_fn
    ends = [demo.sgd_endpoint(seed=seed, lr=0.3) for seed in SEEDS]
    ratios = []
    for a, b in itertools.combinations(range(len(ends)), 2):
        at = [loss_fn(demo.model_at(theta)(X), y) for theta in (ends[a], ends[b], (ends[a] + ends[b]) / 2)]
        ratios.append(at[2] / max(at[0], at[1]))
    assert 2.0 < min(ratios) and max(ratios) < 4.0, np.round(ratios, 2)


@claim("05", "a step too large for the curvature fails on every function")
def test_05_gradient_descent_on_a_convex_quadratic_needs_eta_below_2_over_lambda():
    for lam in (0.5, 1.0, 4.0):
        for lr in np.array([0.5, 0.9, 0.95, 1.05, 1.1, 2.5]) * 2 / lam:
            theta = 1.0
            for _ in range(500):  # |1 - lr * lam| = 0.9 at worst: 0.9^500 ~ 1e-23
                theta -= lr * lam * theta
            assert (abs(theta) < 1e-3) == (lr < 2 / lam), (lam, lr, theta)
    # and the mini-batch runs with eta = 5 all fail: far above what eta = 0.3 reaches, or diverged
    for seed in SEEDS:
        losses, diverged = demo.train_sgd(seed=seed, lr=5.0)
        assert diverged or losses[-1] > 0.4
        assert demo.train_sgd(seed=seed, lr=0.3)[0][-1] < 0.13


# --- the explorer -------------------------------------------------------------------------------------

@functools.cache
def explorer_grid(width, seed, span):
    return demo.landscape_grid(width, seed, span, "filter", GRID)[1]


@claim("05", "the star stays at the lowest grid point, or for $d' = 4$ at the smallest range within 0.3% of it")
def test_05_theta_star_is_the_lowest_point_of_every_explorer_picture():
    for width, seed, span in itertools.product(demo.WIDTHS, DIRECTION_SEEDS, SPANS):
        f = explorer_grid(width, seed, span)
        centre = f[GRID // 2, GRID // 2]
        if width == 4 and span == 0.25:
            assert centre <= 1.003 * f.min(), (seed, centre, f.min())
        else:
            assert centre == f.min(), (width, seed, span)


@claim("05", "for $d' = 64$, 7% to 32% of the picture (over the ten direction seeds) lies above 30, the top of the "
             "colour scale, for $d' = 4$ at most 8%")
def test_05_at_range_2_the_wide_net_runs_off_the_colour_scale():
    top = demo.LEVELS[-1]
    assert top == 30

    def share(width):
        return [100 * np.mean(explorer_grid(width, seed, 2.0) > top) for seed in DIRECTION_SEEDS]

    wide, narrow = share(64), share(4)
    assert round(min(wide)) == 7 and round(max(wide)) == 32, np.round(wide, 1)
    assert round(max(narrow)) <= 8, np.round(narrow, 1)


@claim("05", r"He initialization draws those of its second and third layer with standard deviation "
             r"$\sqrt{2/64} \approx 0.18$, and after training their root mean square is still only 0.35 to 0.63")
def test_05_the_wide_nets_weights_stay_small():
    assert round(np.sqrt(2 / 64), 2) == 0.18 and round(np.sqrt(2 / 4), 2) == 0.71
    wide, narrow = [], []
    for seed in SEEDS:
        for width, trained in ((64, wide), (4, narrow)):
            net = demo.train_net(width, seed)
            start = [a for a in demo.unflatten(net.theta0, net.model) if a.ndim == 2]
            end = [p.value for p in net.model.parameters() if p.value.ndim == 2]
            if width == 64:  # He: std sqrt(2 / d_in), 4096 and 64 draws
                assert abs(start[1].std() / np.sqrt(2 / 64) - 1) < 0.05
                assert abs(start[2].std() / np.sqrt(2 / 64) - 1) < 0.3
            trained += [float(np.sqrt(np.mean(W ** 2))) for W in end[1:]]
    assert round(min(wide), 2) == 0.35 and round(max(wide), 2) == 0.63, wide
    assert round(min(narrow), 1) == 0.7 and round(max(narrow), 1) == 2.4, narrow


@claim("05", "in each of the direction seeds 0–9 the median $L$ of the $d' = 64$ picture is higher than with filter "
             "normalization (1.2 to 5.6 times)")
def test_05_raw_directions_swamp_the_wide_net():
    ratios = []
    for seed in DIRECTION_SEEDS:
        raw = demo.landscape_grid(64, seed, 1.0, "none", GRID)[1]
        ratios.append(np.median(raw) / np.median(explorer_grid(64, seed, 1.0)))
    assert round(min(ratios), 1) == 1.2 and round(max(ratios), 1) == 5.6, np.round(ratios, 2)


@claim("05", "its picture gets lower instead (median $L$ lower in 9 of the 10 direction seeds)")
def test_05_raw_directions_lower_the_narrow_nets_picture():
    lower = [np.median(demo.landscape_grid(4, seed, 1.0, "none", GRID)[1]) < np.median(explorer_grid(4, seed, 1.0))
             for seed in DIRECTION_SEEDS]
    assert sum(lower) == 9


@claim("05", r"a smaller step does not change that (with $\eta = 0.1$ the end points are 22 to 24 apart, and $L$ "
             "halfway is 2 to 3.6 times the loss at the ends)")
def test_05_a_smaller_step_ends_at_different_points_too():
    X, y = demo.moons_data()
    loss_fn = demo.train_net(64, 0).loss_fn
    ends = [demo.sgd_endpoint(seed=seed, lr=0.1) for seed in SEEDS]
    apart, ratios = [], []
    for a, b in itertools.combinations(range(len(ends)), 2):
        at = [loss_fn(demo.model_at(theta)(X), y) for theta in (ends[a], ends[b], (ends[a] + ends[b]) / 2)]
        apart.append(np.linalg.norm(ends[a] - ends[b]))
        ratios.append(at[2] / max(at[0], at[1]))
    assert round(min(apart)) == 22 and round(max(apart)) == 24, np.round(apart, 1)
    assert 2.0 <= min(ratios) and max(ratios) <= 3.65, np.round(ratios, 2)


@claim("05", "a ReLU net computes the same function when the incoming weights and bias of one unit are multiplied by "
             "$c > 0$ and its outgoing weights divided by $c$")
def test_05_a_relu_net_is_unchanged_by_rescaling_one_unit():
    net = demo.train_net(64, 0)
    model = demo.model_at(net.theta_star)
    before = model(net.X)
    W1, b1, W2 = model.layers[0].W.value, model.layers[0].b.value, model.layers[2].W.value
    for unit, c in ((3, 10.0), (17, 0.1)):
        W1[unit] *= c
        b1[unit] *= c
        W2[:, unit] /= c
    assert np.max(np.abs(model(net.X) - before)) < 1e-12


@claim("05", "further out $L$ keeps rising along most lines (about 9 in 10 of the half-lines through\n  "
             "$\\theta^*$ that the two slices show, over the five widths and ten direction seeds), but some dip into a\n"
             "  second valley first (try $d' = 4$ with direction seed 1, $\\alpha < 0$)")
def test_05_at_range_2_most_slices_keep_rising_some_dip_first():
    ex = demo.LandscapeExplorer(span=2.0)
    rising, total, dips = 0, 0, set()
    for width in ex.controls["width"].options:
        ex.controls["width"].value = width
        for seed in range(10):
            ex.controls["seed"].value = seed
            for axis, line in (("alpha", ex.slice_alpha), ("beta", ex.slice_beta)):
                f = line.get_ydata()
                middle = len(f) // 2
                for side, half in (("-", f[middle::-1]), ("+", f[middle:])):  # from theta* outwards
                    total += 1
                    if np.all(np.diff(half) >= 0):
                        rising += 1
                    else:
                        dips.add((width, seed, axis, side))
    assert total == 200 and 0.85 <= rising / total <= 0.95
    assert (4, 1, "alpha", "-") in dips


# --- with and without skip connections ------------------------------------------------------------

STARTS = ((False, False), (True, True), (False, True), (True, False))  # (residual, scaled): as printed


def deep(residual, scaled, seed):
    return demo.deep_landscape(residual, seed=seed, scaled=scaled)


@claim("05", "the same layers and\nthe same parameter count")
def test_05_plain_and_residual_nets_have_the_same_parameters():
    counts = {deep(r, s, 0)[0].n_params for r, s in STARTS}
    assert counts == {3329}
    plain, residual = demo.deep_net(False, seed=3), demo.deep_net(True, seed=3, scaled=False)
    for p, q in zip(plain.parameters(), residual.parameters()):  # the same draws, only the skip differs
        np.testing.assert_array_equal(p.value, q.value)


@claim("05", "without skips a small basin with a jagged rim and a plateau above\n$L = 30$")
def test_05_the_plain_net_has_a_small_jagged_basin_and_a_plateau():
    _, _, f = deep(False, False, 0)
    assert np.mean(f > 30) > 0.25 and demo.local_minima(f) >= 10 and np.mean(f < 1) < 0.1


@claim("05", "So it is in each of 5 training seeds, for both nets: started with the small blocks, the loss\nstays "
             "below 1 on at least 2.5 times as much of the grid as started with He initialisation.")
def test_05_the_start_not_the_skip_decides_the_smoothness():
    # the trained nets differ between numpy builds (12 layers, 300 Adam steps): the fractions move by a
    # few points (plain seed 1: 7% here, 12% with numpy 1.24), the ratio (at least 2.9 in both) does not
    for seed in SEEDS:
        for residual in (False, True):
            _, _, he = deep(residual, False, seed)
            _, _, small = deep(residual, True, seed)
            assert np.mean(small < 1) >= 2.5 * np.mean(he < 1), (seed, residual)


@claim("05", "a residual block with $W = 0$, $b = 0$ is the identity, a plain one\noutputs 0")
def test_05_a_zero_block_is_the_identity_with_a_skip_and_zero_without():
    H = np.random.default_rng(0).standard_normal((20, 16))
    for residual, expected in ((True, H), (False, np.zeros_like(H))):
        net = demo.deep_net(residual, depth=1, seed=0)
        block = net.layers[1:2] if residual else net.layers[1:3]
        for layer in block:
            for p in layer.parameters():
                p.value[...] = 0.0
        out = H
        for layer in block:
            out = layer.forward(out)
        np.testing.assert_array_equal(out, expected)


@claim("05", "The plane holds two random directions out of 3329")
def test_05_the_deep_nets_have_3329_parameters():
    assert demo.deep_net(False).n_params == demo.deep_net(True).n_params == 3329


# --- sharp and flat minima --------------------------------------------------------------------------

@functools.cache
def batch_nets(seed):
    small, _ = demo.train_batch(10, seed)
    large, _ = demo.train_batch(500, seed)
    return small, large, landscape.rescaled(small, 10.0)


@claim("05", "Over 5 training seeds the\nfilter-normalized large-batch minimum is sharper in each, by 14 to 54%")
def test_05_large_batch_minima_are_sharper_filter_normalized():
    ratios = []
    for seed in SEEDS:
        small, large, _ = batch_nets(seed)
        ratios.append(demo.sharpness(large, "filter") / demo.sharpness(small, "filter"))
    assert 1.14 <= min(ratios) and max(ratios) < 1.545, ratios


@claim("05", "the rescaled small-batch\nnet's raw sharpness (22 to 45) is above every large-batch net's (1.3 to 3.2), "
             "while its\nfilter-normalized sharpness stays the same to $10^{-12}$")
def test_05_rescaling_moves_raw_sharpness_at_will_and_not_the_normalized_one():
    twins, larges = [], []
    for seed in SEEDS:
        small, large, twin = batch_nets(seed)
        X, _ = demo.moons_data()
        assert np.abs(twin.forward(X) - small.forward(X)).max() < 1e-10
        twins.append(demo.sharpness(twin, "none"))
        larges.append(demo.sharpness(large, "none"))
        assert abs(demo.sharpness(twin, "filter") - demo.sharpness(small, "filter")) < 1e-12
    assert min(twins) > max(larges)
    assert 22 <= min(twins) and max(twins) < 45.5 and 1.25 <= min(larges) and max(larges) < 3.25


@claim("05", "each row of a direction is scaled with its row of $W$, so the rescaled net at $\\theta + sd$ is\n"
             "the rescaled version of the original one there and has the same loss")
def test_05_filter_normalized_directions_follow_a_rescaling():
    small, _, twin = batch_nets(0)
    d = landscape.random_direction(small, np.random.default_rng(5), "filter")
    d_twin = landscape.random_direction(twin, np.random.default_rng(5), "filter")
    np.testing.assert_allclose(d_twin[0], 10.0 * d[0], rtol=1e-12)
    np.testing.assert_allclose(d_twin[2], d[2] / 10.0, rtol=1e-12)
    X, y = demo.moons_data()
    zero = [np.zeros_like(a) for a in d]
    loss_fn = demo.BCEWithLogitsLoss()
    f = landscape.loss_grid(small, loss_fn, X, y, (d, zero), [-0.7, 0.3], [0.0])
    g = landscape.loss_grid(twin, loss_fn, X, y, (d_twin, zero), [-0.7, 0.3], [0.0])
    np.testing.assert_allclose(f, g, rtol=1e-10)
