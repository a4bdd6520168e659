"""Notebook 07's demos: the double-descent figures, the stored MLP curve, and the noise/ridge/N explorer."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import lecture_nn as ln
from lecture_nn import double_descent as dd
from lecture_nn.demos import double_descent as demo


def test_rf_curves_peak_at_the_interpolation_threshold():
    c = demo.rf_curves(n=60, noise=0.5, seeds=range(2), n_test=300)
    assert c["test"].shape == c["train"].shape == (2, len(c["ratios"]))
    median = np.median(c["test"], axis=0)
    assert c["ratios"][np.argmax(median)] == pytest.approx(1.0, abs=0.1)
    assert np.all(c["train"][:, c["ratios"] > 1] < 1e-8)  # every seed interpolates past p = N


def test_classical_vs_double_descent_figure():
    fig = demo.classical_vs_double_descent_figure(n=60, noise=0.25, seeds=range(2))
    assert isinstance(fig, Figure)
    left, right = fig.axes
    assert left.get_title() == "what classical theory expects (p < N): a U"
    assert right.get_title() == "what happens: double descent"
    test_line = left.get_lines()[0]
    assert test_line.get_xdata().max() < 1  # only the under-parameterized models on the left
    assert right.get_yscale() == "log"
    assert len(right.get_lines()) == 2 + 2 + 1  # two seeds, median test, train, threshold
    assert right.get_lines()[-1].get_xdata()[0] == 1.0  # the threshold at p/N = 1


def test_linear_regression_figure_peaks_at_p_equals_n():
    fig = demo.linear_regression_figure(n=30, D=90, noise=0.5, seeds=range(2))
    (ax,) = fig.axes
    lines = ax.get_lines()
    assert len(lines) == 2 + 2 + 1
    median = lines[2]
    assert median.get_xdata()[np.argmax(median.get_ydata())] == pytest.approx(30, abs=3)
    assert lines[-1].get_xdata()[0] == 30


def test_alive_features_have_no_dead_units():
    X = np.random.default_rng(0).standard_normal((20, 10))
    features = demo._alive_features(X, 200, seed=1)
    Phi = features(X)
    assert Phi.shape == (20, 200)
    assert np.all((Phi > 0).any(axis=0))
    # the same features for any set of points; not bit for bit: OpenBLAS picks other kernels for
    # other row counts (on AVX2 CPUs 5 and 20 rows differ in the last bit)
    np.testing.assert_allclose(features(X[:5]), Phi[:5], rtol=1e-12, atol=1e-14)


# --- the stored MLP curve ---------------------------------------------------------------------

def test_stored_mlp_curve_has_its_settings_and_a_double_descent():
    c = demo.load_mlp_curve()
    for key in ("n", "d", "noise", "steps", "lr", "n_test"):
        assert c[key] == demo.MLP_SETTINGS[key]
    assert c["widths"].tolist() == list(demo.MLP_SETTINGS["widths"])
    assert c["seeds"].tolist() == list(demo.MLP_SETTINGS["seeds"])
    assert c["test"].shape == c["train"].shape == (5, 22)
    test, train = np.median(c["test"], axis=0), np.median(c["train"], axis=0)
    peak = np.argmax(test)
    assert 14 <= c["widths"][peak] <= 32  # around (d + 2) d' + 1 = N, i.e. d' ~ 14
    assert test[:5].min() < test[peak] / 3  # the classical sweet spot, far below the peak
    assert test[-1] < test[peak] / 2  # the second descent
    assert train[-1] < 1e-6 and train[0] > 0.1  # the widest nets interpolate, the narrowest cannot


def test_stored_mlp_curve_is_what_train_mlp_computes():
    c = demo.load_mlp_curve()
    train, test = demo.train_mlp(width=4, seed=1)
    k = c["widths"].tolist().index(4)
    assert test == pytest.approx(c["test"][1, k], rel=1e-6)
    assert train == pytest.approx(c["train"][1, k], rel=1e-6)


def test_mlp_sweep_save_load_roundtrip(tmp_path):
    settings = dict(n=20, d=3, noise=0.3, steps=40, lr=0.01, n_test=50)
    curve = demo.mlp_width_sweep([1, 3], seeds=(0,), **settings)
    assert curve["test"].shape == (1, 2)
    path = tmp_path / "curve.npz"
    demo.save_mlp_curve(curve, dict(settings, widths=(1, 3), seeds=(0,)), path)
    loaded = demo.load_mlp_curve(path)
    assert np.array_equal(loaded["test"], curve["test"]) and loaded["widths"].tolist() == [1, 3]
    assert loaded["steps"] == 40 and loaded["noise"] == 0.3
    fig = demo.mlp_figure(loaded)
    (ax,) = fig.axes
    assert ax.get_xscale() == "log"
    assert ax.get_lines()[-1].get_xdata()[0] == pytest.approx(19 / 5)  # (d + 2) d' + 1 = N


def test_mlp_figure_of_the_stored_curve():
    fig = demo.mlp_figure()
    (ax,) = fig.axes
    assert len(ax.get_lines()) == 5 + 2 + 1  # five seeds, median test, train, threshold
    assert "Adam 4000 steps; N = 100" in ax.get_title()


# --- the explorer -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def explorer():
    return demo.RandomFeaturesExplorer(noise=0.5, ridge=False, lam=1e-2, n=200, n_test=300)


def test_explorer_draws_the_minimum_norm_curve(explorer):
    ex = explorer
    assert len(ex.out.outputs) == 1 and "image/png" in ex.out.outputs[0]["data"]
    ratios, test = ex.test_line.get_data()
    _, train = ex.train_line.get_data()
    assert ratios[np.argmax(test)] == 1.0  # the peak at p = N
    assert np.all(train[ratios > 1] == demo.FLOOR)  # interpolation, drawn on the floor
    assert ex.ax.get_title().startswith("N = 200, noise σ = 0.50, λ = 0 (minimum norm)")
    # the black dot is the p = 120 model: its test error, fitted here by hand
    y = ex.y_clean + 0.5 * ex.epsilon
    w = dd.fit_min_norm(ex.Phi[:200, :120], y[:200])
    expected = np.mean((ex.Phi_test[:, :120] @ w - ex.y_test) ** 2)
    assert ex.fixed_dot.get_xdata()[0] == pytest.approx(0.6)
    assert ex.fixed_dot.get_ydata()[0] == pytest.approx(expected, rel=1e-6)
    assert ex.n_dot.get_data()[0][0] == 200
    assert ex.n_dot.get_ydata()[0] == pytest.approx(expected, rel=1e-6)


def test_explorer_ridge_removes_the_peak_and_more_data_hurts(explorer):
    ex = explorer
    peak = ex.test_line.get_ydata().max()
    samplewise = ex.n_line.get_ydata()
    assert ex.n_grid[np.argmax(samplewise)] == demo.P_FIXED  # sample-wise peak at N = p
    assert samplewise[ex.n_grid == 120][0] > 10 * samplewise[ex.n_grid == 60][0]  # more data hurts

    ex.controls["ridge"].value = True
    assert "ridge λ = 1e-02" in ex.ax.get_title()
    assert ex.test_line.get_ydata().max() < peak / 10
    assert ex.n_line.get_ydata().max() < samplewise.max() / 10

    ex.controls["n"].value = 120
    assert ex.ax.get_title().startswith("N = 120")
    assert ex.fixed_dot.get_xdata()[0] == 1.0 and ex.n_dot.get_xdata()[0] == 120
    assert ex.test_line.get_xdata()[-1] == 3.0

    ex.controls["ridge"].value = False
    assert ex.n_dot.get_ydata()[0] == ex.n_line.get_ydata().max()  # N = p: the worst amount of data
    ex.controls["n"].value = 200


def test_explorer_noise_raises_the_peak(explorer):
    ex = explorer
    ex.controls["noise"].value = 0.1
    low = ex.test_line.get_ydata().max()
    ex.controls["noise"].value = 1.0
    assert ex.test_line.get_ydata().max() > 3 * low
    ex.controls["noise"].value = 0.5


def test_explorer_survives_every_control_value(explorer):
    moves = list(explorer.sweep())
    assert {name for name, _, _ in moves} == {"noise", "ridge", "lam", "n"} and len(moves) >= 10
    assert explorer.last_error is None
    assert repr(explorer) == "RandomFeaturesExplorer(noise=0.5, ridge=False, lam=0.01, n=200)"


# --- what a student types is kept or refused, never changed ------------------------------------

@pytest.mark.parametrize("kwargs, words", [
    (dict(n=70), ["n must be one of the N slider's steps 60, 80, ..., 300", "got 70", "nearest: 60 or 80"]),
    (dict(n=75), ["got 75", "nearest: 80"]),
    (dict(n=330), ["n (training points N) must be an integer in [60, 300], got 330"]),
    (dict(noise=1.5), ["noise must be a number in [0, 1], got 1.5"]),
    (dict(lam=0), ["lam must be a number in [1e-05, 1], got 0"]),
    (dict(ridge="yes"), ["ridge must be True or False"]),
    (dict(seed=None), ["seed must be an integer >= 0"]),
    (dict(n_test=0), ["n_test", "got 0"]),
])
def test_explorer_refuses_what_its_controls_cannot_hold(kwargs, words):
    # N off the slider's grid used to draw an IndexError; out-of-range values were clamped silently
    with pytest.raises(ln.InputError) as error:
        demo.RandomFeaturesExplorer(**kwargs)
    for word in words:
        assert word in str(error.value)


def test_explorer_draws_our_error_for_n_set_between_the_steps(explorer):
    explorer.controls["n"].value = 70  # from code: the slider itself only moves in steps of 20
    try:
        assert isinstance(explorer.last_error, ln.InputError)
        assert "got 70; nearest: 60 or 80" in str(explorer.last_error)
    finally:
        explorer.controls["n"].value = 200
    assert explorer.last_error is None


def test_save_load_refuse_other_files_and_names(tmp_path):
    curve = {"widths": np.array([1, 2]), "seeds": np.array([0]), "train": np.array([[0.5, 0.1]]),
             "test": np.array([[0.9, 1.5]])}
    settings = dict(n=10, d=2, noise=0.5, steps=3, lr=0.01, n_test=10)
    # without .npz numpy would write "curve.npz" next to the name typed, and load could not find it
    with pytest.raises(ln.InputError, match=r"save_mlp_curve: path must name a \.npz file"):
        demo.save_mlp_curve(curve, settings, tmp_path / "curve")
    with pytest.raises(ln.InputError, match=r"curve\['test'\] must be an array of shape \(1, 2\)"):
        demo.save_mlp_curve(dict(curve, test=np.ones((1, 3))), settings, tmp_path / "c.npz")
    assert list(tmp_path.iterdir()) == []  # nothing written
    (tmp_path / "text.npz").write_text("hello")
    with pytest.raises(ln.InputError, match="is not a file written by save_mlp_curve"):
        demo.load_mlp_curve(tmp_path / "text.npz")
    np.savez(tmp_path / "other.npz", weights=np.ones(3))
    with pytest.raises(ln.InputError, match="is not a file written by save_mlp_curve.*lacks 'widths'"):
        demo.load_mlp_curve(tmp_path / "other.npz")
    with pytest.raises(ln.InputError, match="does not exist"):
        demo.load_mlp_curve(tmp_path / "missing.npz")


def test_main_answers_bad_arguments_with_our_error(tmp_path, capsys):
    with pytest.raises(ln.InputError, match="main: argv: unrecognized arguments: --bogus"):
        demo.main(["--bogus"])
    with pytest.raises(ln.InputError, match=r"main: argv: --widths\[0\] must be an integer in \[1, 1000\], got 0"):
        demo.main(["--widths", "0"])
    assert demo.main(["--help"]) is None and "--widths" in capsys.readouterr().out
    out = tmp_path / "quick.npz"
    demo.main(["--out", str(out), "--widths", "1", "2", "--seeds", "0", "--steps", "2"])
    curve = demo.load_mlp_curve(out)
    assert curve["widths"].tolist() == [1, 2] and curve["steps"] == 2 and curve["test"].shape == (1, 2)


# --- the singular values, bias and variance, gradient descent ----------------------------------------

def _problem(n=30, p_max=90, seed=0):
    X, y, X_test, y_test = dd.teacher_data(n, d=10, noise=0.25, rng=seed, n_test=50)
    features = dd.RandomReLUFeatures(10, p_max, rng=seed + 1)
    return features.transform(X), y, features.transform(X_test), y_test


def test_spectrum_sweep_is_the_svd_and_the_minimum_norm_fit():
    c = demo.spectrum_sweep(n=30, noise=0.25, seed=0, n_widths=7, n_test=50)
    Phi, y, Phi_test, y_test = _problem()
    assert c["widths"].tolist() == [1, 16, 30, 31, 46, 60, 75, 90]  # and the threshold p = N itself
    for k, p in enumerate(c["widths"]):
        s = np.linalg.svd(Phi[:, :p], compute_uv=False)
        w = dd.fit_min_norm(Phi[:, :p], y)
        assert c["s_min"][k] == pytest.approx(s[-1], rel=1e-5) and c["s_max"][k] == pytest.approx(s[0], rel=1e-9)
        assert c["norm"][k] == pytest.approx(np.linalg.norm(w), rel=1e-6)
        assert c["test"][k] == pytest.approx(np.mean((Phi_test[:, :p] @ w - y_test) ** 2), rel=1e-6)
    assert c["widths"][np.argmin(c["s_min"])] == 30


def test_singular_values_figure():
    fig = demo.singular_values_figure(n=30, noise=0.25, seed=0, ratios=(0.5, 1.0))
    left, right = fig.axes
    spectra = left.get_lines()[::2]
    assert [len(line.get_xdata()) for line in spectra] == [15, 30]  # min(N, p) singular values each
    assert right.get_yscale() == "log" and right.get_lines()[-1].get_xdata()[0] == 1.0
    with pytest.raises(ln.InputError, match="ratios must be a list of 1 to 3 values"):
        demo.singular_values_figure(n=30, ratios=(0.5, 1, 2, 3))
    with pytest.raises(ln.InputError, match="rounds to p = 0"):
        demo.singular_values_figure(n=30, ratios=(0.01,))


def test_bias_variance_averages_the_fits_of_fresh_training_sets():
    n, sets = 20, 3
    c = demo.bias_variance(n=n, noise=0.25, seed=0, n_sets=sets, max_ratio=2.0, n_widths=4, n_test=50)
    assert c["widths"].tolist() == [1, 14, 20, 27, 40]
    X, y, X_test, y_test = dd.teacher_data(n * sets, d=10, noise=0.25, rng=0, n_test=50)
    features = dd.RandomReLUFeatures(10, 40, rng=1)
    Phi, Phi_test = features.transform(X), features.transform(X_test)
    for k, p in enumerate(c["widths"]):
        fits = np.array([Phi_test[:, :p] @ dd.fit_min_norm(Phi[j * n:(j + 1) * n, :p], y[j * n:(j + 1) * n])
                         for j in range(sets)])
        mean = fits.mean(axis=0)
        assert c["bias2"][k] == pytest.approx(np.mean((mean - y_test) ** 2), rel=1e-6)
        assert c["variance"][k] == pytest.approx(np.mean(fits.var(axis=0)), rel=1e-6)
    np.testing.assert_allclose(c["test"], c["bias2"] + c["variance"], rtol=1e-12)
    assert c["noise"] == 0.25 ** 2
    # the first training set is the one of rf_curves / random_features_curve
    first = dd.random_features_curve(n=n, d=10, noise=0.25, max_ratio=2.0, seed=0, n_test=50)
    assert np.array_equal(X[:n], dd.teacher_data(n, d=10, noise=0.25, rng=0, n_test=50)[0])
    assert first["test"][0] > 0


def test_stored_bias_variance_is_what_bias_variance_computes():
    c = demo.load_bias_variance()
    settings = {k: v for k, v in demo.BIAS_VARIANCE_SETTINGS.items() if k != "seeds"}
    assert {k: c[k] for k in settings} == settings and c["seeds"].tolist() == [0, 1, 2, 3, 4]
    live = demo.bias_variance(seed=0, **settings)
    assert np.array_equal(live["widths"], c["widths"])
    near = np.abs(c["widths"] - c["n"]) <= 1  # p = N, N + 1: condition numbers of 1e8 and more
    for key in ("bias2", "variance", "test"):
        np.testing.assert_allclose(live[key][~near], c[key][0, ~near], rtol=1e-6)
        np.testing.assert_allclose(live[key][near], c[key][0, near], rtol=1e-3)


def test_bias_variance_save_load_roundtrip_and_refusals(tmp_path):
    curves = demo.bias_variance_sweep([0, 1], n=20, n_sets=2, n_widths=3, n_test=20)
    assert curves["bias2"].shape == (2, len(curves["widths"])) and curves["n"] == 20
    path = tmp_path / "bv.npz"
    demo.save_bias_variance(curves, path)
    loaded = demo.load_bias_variance(path)
    assert np.array_equal(loaded["variance"], curves["variance"]) and loaded["n_sets"] == 2
    fig = demo.bias_variance_figure(loaded, seed=1)
    assert fig.axes[0].get_title() == "2 training sets of N = 20, noise σ = 0.25, seed 1"
    with pytest.raises(ln.InputError, match="seed must be one of the curves' seeds"):
        demo.bias_variance_figure(loaded, seed=2)
    np.savez(tmp_path / "other.npz", weights=np.ones(3))
    with pytest.raises(ln.InputError, match="not a file written by save_bias_variance.*lacks"):
        demo.load_bias_variance(tmp_path / "other.npz")
    with pytest.raises(ln.InputError, match="unknown setting 'steps'"):
        demo.bias_variance_sweep([0], steps=3)


def test_main_recomputes_the_bias_variance_file(tmp_path, capsys):
    out = tmp_path / "bv.npz"
    demo.main(["--bias-variance", "--seeds", "0", "--out", str(out)])
    c = demo.load_bias_variance(out)
    assert c["seeds"].tolist() == [0] and c["n_sets"] == demo.BIAS_VARIANCE_SETTINGS["n_sets"]
    assert "1 seeds x 26 widths x 40 training sets" in capsys.readouterr().out
    with pytest.raises(ln.InputError, match=r"main: argv: --seeds: seeds\[0\] must be an integer >= 0"):
        demo.main(["--bias-variance", "--seeds", "-1"])


def test_gd_errors_are_gradient_descent_step_by_step():
    Phi, y, Phi_test, y_test = _problem()
    for p in (20, 30, 60):  # p < N, p = N, p > N
        lr = 30 / np.linalg.norm(Phi[:, :p], 2) ** 2 * 0.9
        train, test = demo.gd_errors(Phi[:, :p], y, Phi_test[:, :p], y_test, [0, 1, 5, 40], lr)
        w = ln.Parameter(np.zeros(p))
        sgd = ln.SGD([w], lr=lr)
        done = 0
        for t, tr, te in zip([0, 1, 5, 40], train, test):
            for _ in range(t - done):
                w.grad = 2 / 30 * Phi[:, :p].T @ (Phi[:, :p] @ w.value - y)  # of (1/N) |Phi w - y|^2
                sgd.step()
            done = t
            assert tr == pytest.approx(np.mean((Phi[:, :p] @ w.value - y) ** 2), rel=1e-8)
            assert te == pytest.approx(np.mean((Phi_test[:, :p] @ w.value - y_test) ** 2), rel=1e-8)
    # run long enough, it is the minimum-norm fit
    _, test = demo.gd_errors(Phi[:, :60], y, Phi_test[:, :60], y_test, [10 ** 12], 30 / np.linalg.norm(Phi, 2) ** 2)
    w = dd.fit_min_norm(Phi[:, :60], y)
    assert test[0] == pytest.approx(np.mean((Phi_test[:, :60] @ w - y_test) ** 2), rel=1e-6)
    with pytest.raises(ln.InputError, match="lr"):
        demo.gd_errors(Phi, y, Phi_test, y_test, [1], 30 / np.linalg.norm(Phi, 2) ** 2 * 1.01)  # diverges
    with pytest.raises(ln.InputError, match="steps must increase"):
        demo.gd_errors(Phi, y, Phi_test, y_test, [5, 1], 0.1)


def test_gd_curves_ridge_is_the_ridge_fit():
    c = demo.gd_curves(n=30, noise=0.25, seed=0, widths=(15, 30), max_steps=10 ** 6, n_steps=7, n_test=50)
    Phi, y, Phi_test, y_test = _problem(p_max=30)  # the features of the widest model asked for
    assert c["steps"].tolist() == [1, 10, 100, 1000, 10_000, 100_000, 1_000_000]
    assert c["lr"] == pytest.approx(30 / (2 * np.linalg.norm(Phi[:, :30], 2) ** 2))
    for k, p in enumerate((15, 30)):
        t = c["steps"][3]
        w = dd.fit_min_norm(Phi[:, :p], y, 30 / (2 * c["lr"] * t))
        assert c["ridge"][k, 3] == pytest.approx(np.mean((Phi_test[:, :p] @ w - y_test) ** 2), rel=1e-6)
    fig = demo.epochwise_figure(c)
    (ax,) = fig.axes
    assert len(ax.get_lines()) == 4 and ax.get_xscale() == "log"
    with pytest.raises(ln.InputError, match="widths must hold 1 to 3 widths"):
        demo.gd_curves(n=30, widths=(1, 2, 3, 4))
