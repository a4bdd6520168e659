"""Claims of notebook 07 (double descent): each test guards one sentence of its markdown."""

import functools

import numpy as np
from claims import SEEDS, claim

from lecture_nn import double_descent as dd
from lecture_nn.demos import double_descent as demo

SIGMAS = (0.0, 0.25, 0.5, 0.75, 1.0)  # along the explorer's noise slider


@functools.cache
def explorer(seed):
    """The explorer's data and features for one seed (seed 0 is the one the notebook shows)."""
    return demo.RandomFeaturesExplorer(seed=seed)


def at_threshold(ex, sigma, lam=0.0, n=200):
    """Test MSE of the explorer's model with p = N."""
    ratios, _, test = ex.curve(sigma, lam, n)
    return test[np.flatnonzero(ratios == 1.0)[0]]


@functools.cache
def first_cell(seed):
    """The first cell's experiment for one seed: (train, test, |w|) at p = 50, 200, 600."""
    X, y, X_test, y_test = dd.teacher_data(200, d=10, noise=0.25, rng=seed, n_test=1000)
    features = dd.RandomReLUFeatures(10, 600, rng=seed + 1)
    Phi, Phi_test = features.transform(X), features.transform(X_test)
    rows = []
    for p in (50, 200, 600):
        w = dd.fit_min_norm(Phi[:, :p], y)
        rows.append((np.mean((Phi[:, :p] @ w - y) ** 2), np.mean((Phi_test[:, :p] @ w - y_test) ** 2),
                     np.linalg.norm(w)))
    return np.array(rows), (Phi, Phi_test, y, y_test)


# --- the first random-features experiment -----------------------------------------------------

@claim("07", "Over 5 seeds (new data and new features each) the $p = 200$ model is always by far the worst of the "
             r"three, with a $\|w\|$ at least 5 times that of either other fit")
def test_07_the_threshold_model_is_the_worst_in_every_seed():
    for seed in SEEDS:
        rows, _ = first_cell(seed)
        (_, test50, norm50), (train200, test200, norm200), (train600, test600, norm600) = rows
        assert train200 < 1e-8 and train600 < 1e-8  # both interpolate (0.14 at p = 50)
        assert test200 > 10 * max(test50, test600), seed
        assert norm200 > 5 * max(norm50, norm600), seed


@claim("07", "the $p = 600$ model beats the $p = 50$ one in 2 of the 5 seeds and is at most 25% worse in the others")
def test_07_past_the_threshold_the_error_comes_back_to_the_small_models():
    ratios = np.array([first_cell(seed)[0][2, 1] / first_cell(seed)[0][0, 1] for seed in SEEDS])
    assert np.sum(ratios < 1) == 2 and ratios.max() < 1.25, np.round(ratios, 3)
    assert ratios[0] < 1  # the seed the notebook prints: "for these data even below"


# --- the curve over 5 seeds --------------------------------------------------------------------

@functools.cache
def curves():
    return demo.rf_curves(n=200, noise=0.25, seeds=SEEDS)  # the figure's curves


@claim("07", r"reaches a sweet spot (at $p \approx 0.2N$; between $0.1N$ and $0.6N$ for single seeds), then climbs")
def test_07_the_classical_u():
    c = curves()
    assert len(c["ratios"]) == 51 and c["ratios"][0] * 200 == 1 and c["ratios"][-1] == 3  # "51 widths from p = 1 to 3N"
    under = c["ratios"] < 0.95  # the left panel
    median = np.median(c["test"], axis=0)
    best = np.argmin(np.where(under, median, np.inf))
    assert abs(c["ratios"][best] - 0.2) < 0.02
    assert median[0] > 2 * median[best] and median[under][-1] > 2 * median[best]  # falls, then climbs
    for test in c["test"]:
        assert 0.1 <= c["ratios"][np.argmin(np.where(under, test, np.inf))] <= 0.6


@claim("07", "the climb ends in a sharp peak at $p = N$ in each of the 5 seeds, where the train error reaches 0")
def test_07_every_seed_peaks_at_the_threshold():
    c = curves()
    r = c["ratios"]
    for test, train in zip(c["test"], c["train"]):
        assert r[np.argmax(test)] == 1.0
        assert np.all(train[r >= 1] < 1e-12) and np.all(train[r < 1] > 1e-4)
        assert test[r == 1.0][0] > 10 * max(test[np.argmin(abs(r - 0.8))], test[np.argmin(abs(r - 1.25))])  # sharp


@claim("07", "over 5 random directions $v$ of this length: test MSE 0.29 to 0.33, against 0.12")
def test_07_another_exact_fit_is_worse_on_the_test_points():
    _, (Phi, Phi_test, y, y_test) = first_cell(0)
    w = dd.fit_min_norm(Phi, y)
    assert round(float(np.mean((Phi_test @ w - y_test) ** 2)), 2) == 0.12
    tests = []
    for seed in SEEDS:
        z = np.random.default_rng(seed).standard_normal(600)
        v = z - dd.fit_min_norm(Phi, Phi @ z)
        v *= 2 * np.linalg.norm(w) / np.linalg.norm(v)
        assert np.max(np.abs(Phi @ v)) < 1e-10  # in the null space: the same training predictions
        tests.append(np.mean((Phi_test @ (w + v) - y_test) ** 2))
    assert round(min(tests), 2) == 0.29 and round(max(tests), 2) == 0.33, np.round(tests, 3)
    # and for other data too: adding a null-space part of the same length never helped
    for seed in SEEDS:
        _, (Phi, Phi_test, y, y_test) = first_cell(seed)
        w = dd.fit_min_norm(Phi, y)
        z = np.random.default_rng(seed).standard_normal(600)
        v = z - dd.fit_min_norm(Phi, Phi @ z)
        v *= 2 * np.linalg.norm(w) / np.linalg.norm(v)
        assert np.mean((Phi_test @ (w + v) - y_test) ** 2) > np.mean((Phi_test @ w - y_test) ** 2)


# --- the explorer: noise, ridge, N --------------------------------------------------------------

@claim("07", "At σ = 0 there is still one: the teacher is not a random-features model")
def test_07_a_peak_without_label_noise():
    for seed in SEEDS:
        ratios, _, test = explorer(seed).curve(0.0, 0.0, 200)
        assert ratios[np.argmax(test)] == 1.0
        assert test.max() > 10 * max(test[np.argmin(abs(ratios - 0.5))], test[np.argmin(abs(ratios - 2))])


@claim("07", "at $N = 200$ the test MSE at $p = N$ is 2.9 at σ = 0, 368 at σ = 0.5 and 1397 at σ = 1")
def test_07_the_peak_of_the_explorers_data():
    ex = explorer(0)
    assert [round(float(at_threshold(ex, s)), 1) for s in (0.0, 0.5, 1.0)] == [2.9, 367.9, 1396.6]
    assert max(ex.curve(0.5, 0.0, 200)[2]) == at_threshold(ex, 0.5)  # the peak of the curve is at p = N


@claim("07", "plus the part from fitting the noise, which grows as σ²")
def test_07_the_noise_part_of_the_peak_grows_as_sigma_squared():
    for seed in SEEDS:
        ex = explorer(seed)
        Phi, Phi_test = ex.Phi[:200, :200], ex.Phi_test[:, :200]
        e_clean = Phi_test @ dd.fit_min_norm(Phi, ex.y_clean[:200]) - ex.y_test
        e_noise = Phi_test @ dd.fit_min_norm(Phi, ex.epsilon[:200])
        for sigma in SIGMAS:  # the fit is linear in y: the explorer's curve is the sum of the three parts
            parts = np.mean(e_clean ** 2) + 2 * sigma * np.mean(e_clean * e_noise) + sigma ** 2 * np.mean(e_noise ** 2)
            assert abs(at_threshold(ex, sigma) - parts) < 1e-6 * at_threshold(ex, 1.0), (seed, sigma)
        assert np.mean(e_noise ** 2) > np.mean(e_clean ** 2)  # at sigma = 1 the noise part is the larger


@claim("07", "over 5 data seeds the peak at σ = 1 is 7 to 600 times the one at σ = 0, but with seed 2 the peak at "
             "σ = 0.25 is even a little lower than at σ = 0")
def test_07_how_much_the_noise_raises_the_peak():
    growth = [at_threshold(explorer(seed), 1.0) / at_threshold(explorer(seed), 0.0) for seed in SEEDS]
    assert 7 <= min(growth) and max(growth) <= 600, np.round(growth, 1)
    assert at_threshold(explorer(2), 0.25) < at_threshold(explorer(2), 0.0)


@claim("07", "with λ = $10^{-2}$ no peak is left, the largest test error is the smallest model's (in each of 5 "
             "seeds, for every σ from 0 to 1)")
def test_07_a_small_ridge_removes_the_peak():
    for seed in SEEDS:
        for sigma in SIGMAS:
            ratios, _, test = explorer(seed).curve(sigma, 1e-2, 200)
            assert np.argmax(test) == 0, (seed, sigma)
            assert test.max() < 1.1  # from hundreds or thousands without ridge


@claim("07", "At λ = 1 the train error is higher than at λ = $10^{-2}$ for every width, and so is the test error of "
             "most models up to $p = N$ (for σ ≤ 0.5, in each of 5 seeds)")
def test_07_too_strong_a_ridge_underfits():
    for seed in SEEDS:
        for sigma in SIGMAS:
            ratios, train_small, test_small = explorer(seed).curve(sigma, 1e-2, 200)
            _, train_big, test_big = explorer(seed).curve(sigma, 1.0, 200)
            assert np.all(train_big > train_small), (seed, sigma)
            if sigma <= 0.5:
                upto = ratios <= 1
                assert np.mean(test_big[upto] > test_small[upto]) >= 0.75, (seed, sigma)


@claim("07", "by a factor of 35 or more from $N = 60$ to $N = 120$ (5 seeds, every σ of the slider from 0 to 1)")
def test_07_more_data_hurts_near_the_threshold():
    for seed in SEEDS:
        ex = explorer(seed)
        for sigma in np.round(np.arange(0, 1 + 1e-9, ex.controls["noise"].step), 2):  # every slider position
            errors = ex.samplewise(sigma, 0.0)
            assert ex.n_grid[np.argmax(errors)] == demo.P_FIXED  # worst with N = p
            assert errors[ex.n_grid == 120][0] > 35 * errors[ex.n_grid == 60][0], (seed, sigma)
            assert errors[ex.n_grid == 120][0] > errors[ex.n_grid == 100][0]  # Check yourself 3: a few more points


@claim("07", "with ridge the train error can sit above the test error")
def test_07_with_ridge_the_train_error_can_exceed_the_test_error():
    _, train, test = explorer(0).curve(0.5, 1e-2, 200)  # the explorer's start, ridge ticked
    assert np.any(train > test)


@claim("07", "λ = $10^{-5}$ lowers the peak from 41–1242 to 1.9–4.5 (5 seeds) and changes the test error at "
             "$p \\le N/2$ and at $p \\ge 2N$ by less than 3%")
def test_07_a_tiny_ridge_removes_the_peak_and_changes_little_elsewhere():
    before, after = [], []
    for seed in SEEDS:
        ratios, _, plain = explorer(seed).curve(0.5, 0.0, 200)
        _, _, ridge = explorer(seed).curve(0.5, 1e-5, 200)
        before.append(plain.max())
        after.append(ridge.max())
        away = (ratios <= 0.5) | (ratios >= 2)
        assert np.max(np.abs(ridge[away] / plain[away] - 1)) < 0.03, seed
    assert round(min(before)) == 41 and round(max(before)) == 1242, np.round(before, 1)
    assert round(min(after), 1) == 1.9 and round(max(after), 1) == 4.5, np.round(after, 2)


# --- plain linear regression ----------------------------------------------------------------------

@functools.cache
def linear_curves():
    return [dd.linear_regression_curve(n=100, D=300, noise=0.5, seed=seed, n_test=1000) for seed in SEEDS]


@claim("07", "peaking at $p \\approx N = 100$ (at $p = 99$ or $100$ in each of the 5 seeds)")
def test_07_linear_regression_peaks_at_the_threshold():
    for c in linear_curves():
        assert c["widths"][np.argmax(c["test"])] in (99, 100)


@claim("07", "In each of the 5 seeds, using all $D = 300$ features gives a lower test error than any model with "
             "fewer than $N$ features: here the biggest models are the best (the lowest test error is at $p = 299$ "
             "or $300$)")
def test_07_linear_regression_the_biggest_models_are_the_best():
    for c in linear_curves():
        p, test = c["widths"], c["test"]
        assert test[-1] < test[p < 100].min()
        assert p[np.argmin(test)] in (299, 300)


# --- the MLP ------------------------------------------------------------------------------------------

@functools.cache
def mlp():
    c = demo.load_mlp_curve()
    assert c["seeds"].tolist() == list(SEEDS)
    return c


@claim("07", "In the median of the 5 seeds the best small net has 2 hidden units, the test error then climbs to a "
             "peak at $d' = 20$ and falls at every wider width")
def test_07_the_median_mlp_curve():
    c = mlp()
    widths, median = c["widths"], np.median(c["test"], axis=0)
    small = widths <= 12  # the under-parameterized nets, (d + 2) d' + 1 < N
    assert widths[small][np.argmin(median[small])] == 2
    peak = np.argmax(median)
    assert widths[peak] == 20 and np.all(np.diff(median[peak:]) < 0)


@claim("07", "at the width where the median train error first falls below 0.01")
def test_07_the_peak_is_where_adam_first_fits_the_training_points():
    c = mlp()
    widths, train = c["widths"], np.median(c["train"], axis=0)
    assert widths[np.argmax(train < 0.01)] == widths[np.argmax(np.median(c["test"], axis=0))] == 20
    assert (c["d"] + 2) * 14 + 1 < c["n"] < (c["d"] + 2) * 16 + 1  # parameters = N between d' = 14 and 16


@claim("07", "their best small net has 1 to 6 hidden units, and their peak lies between $d' = 14$ and $d' = 28$")
def test_07_single_mlp_seeds():
    c = mlp()
    widths, small = c["widths"], c["widths"] <= 12
    for test in c["test"]:
        assert 1 <= widths[small][np.argmin(test[small])] <= 6
        assert 14 <= widths[np.argmax(test)] <= 28


@claim("07", "the widest nets do not beat the best tiny one, in any of the 5 seeds")
def test_07_the_widest_mlps_do_not_beat_the_best_tiny_one():
    c = mlp()
    small = c["widths"] <= 6
    for test in c["test"]:
        assert test[-3:].min() > test[small].min()  # d' = 100, 128, 160 against d' <= 6


@claim("07", "So it is in every one of the 5 seeds: $d' = 20$ is worse than $d' = 2$.")
def test_07_the_peak_net_is_worse_than_two_hidden_units_in_every_seed():
    c = mlp()
    widths = c["widths"].tolist()
    assert (c["d"] + 2) * 20 + 1 == 141
    assert np.all(c["test"][:, widths.index(20)] > c["test"][:, widths.index(2)])
    assert c["train"][0, widths.index(20)] < 0.01  # fitted almost exactly (noise variance 0.25)


# --- Check yourself -----------------------------------------------------------------------------------

@claim("07", "There the train error first reaches 0 and it stays 0 for every larger $p$ (for the minimum-norm fit); "
             "the test error is largest there and falls again for $p > 500$.")
def test_07_check_yourself_1_at_n_500():
    c = demo.rf_curves(n=500, noise=0.25, seeds=SEEDS, n_widths=30, n_test=500)
    r = c["ratios"]
    for test, train in zip(c["test"], c["train"]):
        assert r[np.argmax(test)] == 1.0
        assert np.all(train[r >= 1] < 1e-12) and np.all(train[r < 1] > 1e-6)
        assert test[-1] < test[r == 1.0][0] / 10


# --- the singular values of Phi -------------------------------------------------------------------

@functools.cache
def spectrum(seed):
    return demo.spectrum_sweep(n=200, noise=0.25, seed=seed)  # the right panel's 32 widths


def smallest_singular_value(seed, p):
    _, (Phi, _, _, _) = first_cell(seed)
    return np.linalg.svd(Phi[:, :p], compute_uv=False)[-1]


@claim("07", r"$p = N = 200$ it is $1.9 \cdot 10^{-4}$, and $\|w\| = 712$ against 92 and 66 (printed above)")
def test_07_the_printed_singular_values_and_norms():
    assert f"{smallest_singular_value(0, 200):.1e}" == "1.9e-04"
    assert [f"{smallest_singular_value(0, p):.2f}" for p in (100, 400)] == ["0.02", "0.02"]  # "about 0.02"
    rows, (Phi, _, y, _) = first_cell(0)
    norms = [np.linalg.norm(dd.fit_min_norm(Phi[:, :p], y)) for p in (100, 200, 400)]
    assert [round(float(v)) for v in norms] == [92, 712, 66]


@claim("07", "Over 5 seeds the smallest singular value at $p = N$ lies between $10^{-6}$ and $10^{-3}$, against "
             "0.01 to 0.03 at $p = N/2$ and $p = 2N$; of the 32 widths on the right, it is smallest at $p = N$ in "
             r"every seed, and that is where $\|w\|$ is largest")
def test_07_the_smallest_singular_value_nearly_vanishes_at_the_threshold():
    for seed in SEEDS:
        assert 1e-6 <= smallest_singular_value(seed, 200) <= 1e-3, seed
        for p in (100, 400):
            assert 0.01 <= smallest_singular_value(seed, p) <= 0.03, (seed, p)
        c = spectrum(seed)
        assert len(c["widths"]) == 32
        assert c["widths"][np.argmin(c["s_min"])] == 200 and c["widths"][np.argmax(c["norm"])] == 200, seed
        # the sweep's singular values (from the Gram matrix) are those of an SVD
        k = c["widths"].tolist().index(200)
        assert np.isclose(c["s_min"][k], smallest_singular_value(seed, 200), rtol=1e-4)


@claim("07", r"a ridge penalty replaces $1/s_k$ by $s_k/(s_k^2 + \lambda)$, which is never larger than "
             r"$1/(2\sqrt{\lambda})$")
def test_07_the_ridge_filter_is_bounded():
    s = np.logspace(-8, 4, 10_001)
    for lam in (1e-6, 1e-2, 1.0):
        assert np.max(s / (s ** 2 + lam)) <= 1 / (2 * np.sqrt(lam)) * (1 + 1e-12)
        # the ridge fit is this filter: its coefficients along v_k
        _, (Phi, _, y, _) = first_cell(0)
        U, sv, Vt = np.linalg.svd(Phi[:, :200], full_matrices=False)
        w = dd.fit_min_norm(Phi[:, :200], y, lam)
        np.testing.assert_allclose(Vt @ w, sv / (sv ** 2 + lam) * (U.T @ y), rtol=1e-6, atol=1e-9)


# --- bias and variance over training sets ---------------------------------------------------------------

@functools.cache
def stored_bias_variance():
    c = demo.load_bias_variance()
    assert c["seeds"].tolist() == list(SEEDS) and c["n"] == 200 and c["n_sets"] == 40
    return c


@claim("07", "The variance peaks at $p = N$ in every one of the 5 seeds: it rises with every width up to $p = N$ and "
             "falls with every width beyond it")
def test_07_the_variance_peaks_at_the_threshold():
    c = stored_bias_variance()
    widths = c["widths"]
    for variance in c["variance"]:
        assert widths[np.argmax(variance)] == 200
        assert np.all(np.diff(variance[widths <= 200]) > 0) and np.all(np.diff(variance[widths >= 200]) < 0)


@claim("07", "averaged over the 40 training sets the test MSE is $4 \\cdot 10^4$ (printed above), against 10.2 for "
             "the first set alone")
def test_07_the_average_test_error_at_the_threshold():
    c = stored_bias_variance()
    k = c["widths"].tolist().index(200)
    assert f"{c['test'][0, k]:.0e}" == "4e+04"
    rows, _ = first_cell(0)
    assert round(float(rows[1, 1]), 1) == 10.2
    np.testing.assert_allclose(c["test"], c["bias2"] + c["variance"], rtol=1e-12)  # "exactly"


@claim("07", "Corrected for it (`bias2_corrected`), the bias² at $p = N$ is below 1% of the variance in each of the 5 "
             "seeds")
def test_07_the_bias_spike_is_leftover_variance():
    c = stored_bias_variance()
    k = c["widths"].tolist().index(200)
    for seed in SEEDS:
        assert abs(c["bias2_corrected"][seed, k]) < 0.01 * c["variance"][seed, k], seed
        assert c["bias2"][seed, k] > 10 * c["bias2"][seed, k + 2]  # the spike (k + 1 is p = 201)
    np.testing.assert_allclose(c["bias2_corrected"], c["bias2"] - c["variance"] / (c["n_sets"] - 1))


@claim("07", "the bias² of the widest model ($p = 3N$) is lower than that of every model with $p < N$, in each of "
             "the 5 seeds")
def test_07_past_the_threshold_both_parts_fall():
    c = stored_bias_variance()
    widths = c["widths"]
    for bias2, variance in zip(c["bias2"], c["variance"]):
        assert bias2[-1] < bias2[widths < 200].min()
        assert variance[-1] < variance[widths == 226][0] and bias2[-1] < bias2[widths == 226][0]  # both fall
        # "mostly the variance coming down": it falls by more than the bias² does
        assert variance[widths == 226][0] - variance[-1] > bias2[widths == 226][0] - bias2[-1]



@claim("07", r"The bias² is larger than the variance only for the narrowest models, $p \le 0.4N$ in each seed")
def test_07_the_bias_dominates_only_the_narrowest_models():
    c = stored_bias_variance()
    for bias2, variance in zip(c["bias2"], c["variance"]):
        assert np.all(c["ratios"][bias2 > variance] <= 0.4) and bias2[0] > 10 * variance[0]


# --- gradient descent over training steps -----------------------------------------------------------------

@functools.cache
def gd(seed):
    return demo.gd_curves(n=200, noise=0.25, seed=seed, widths=(100, 200, 600), max_steps=10 ** 10)


@claim("07", "In each of 5 seeds and for each of the three widths, after its lowest point the test error never falls "
             "again by more than 1%")
def test_07_gradient_descent_has_one_descent():
    for seed in SEEDS:
        for test in gd(seed)["test"]:
            after = test[np.argmin(test):]
            highest = np.maximum.accumulate(after)
            assert np.max((highest - after) / highest) < 0.01, seed
            assert test[-1] > 1.2 * test.min()  # and it does climb after the lowest point


@claim("07", "at $p = N$ it is still climbing at $10^{10}$ steps in most seeds")
def test_07_at_the_threshold_gradient_descent_has_not_converged():
    climbing = 0
    for seed in SEEDS:
        test = gd(seed)["test"][1]
        climbing += test[-1] > test[-2] * (1 + 1e-4)
        _, (Phi, _, y, _) = first_cell(seed)
        ends = [gd(seed)["test"][k][-1] for k in (0, 2)]
        _, (Phi, Phi_test, y, y_test) = first_cell(seed)
        for p, end in zip((100, 600), ends):  # the other two widths have reached the minimum-norm fit
            w = dd.fit_min_norm(Phi[:, :p], y)
            assert np.isclose(end, np.mean((Phi_test[:, :p] @ w - y_test) ** 2), rtol=1e-3), (seed, p)
    assert climbing >= 3


@claim("07", "the dashed ridge curves stay within a factor of 2 of gradient descent at every step (5 seeds, 3 widths)")
def test_07_gradient_descent_follows_the_ridge_path():
    for seed in SEEDS:
        c = gd(seed)
        ratio = c["ridge"] / c["test"]
        assert np.all(ratio < 2) and np.all(ratio > 0.5), seed
        for ridge in c["ridge"]:  # "along the ridge path the test error has a single minimum here"
            after = ridge[np.argmin(ridge):]
            assert np.all(np.diff(after) > -0.01 * after[:-1])
            before = ridge[:np.argmin(ridge) + 1]
            assert np.all(np.diff(before) < 0.01 * before[:-1])


@claim("07", "stopped at its best step, gradient descent at $p = N$ beats the minimum-norm fit of every width up to "
             "$3N$, in each of 5 seeds")
def test_07_early_stopping_at_the_threshold_beats_every_minimum_norm_fit():
    c = curves()  # the 51 widths of the classical / double-descent figure
    for seed in SEEDS:
        assert gd(seed)["test"][1].min() < c["test"][seed].min(), seed
