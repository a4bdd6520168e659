"""Data: mini-batches as on the slide, splitting, polynomial features, seeded datasets."""

import numpy as np
import pytest

import lecture_nn as ln
from lecture_nn import batches, polynomial_features, train_test_split


def numbered(N):
    return np.arange(N, dtype=float)[:, None], np.arange(N)


# --- batches ---------------------------------------------------------------------------------

def test_batches_cover_every_sample_once_and_keep_the_last_partial_batch():
    X, y = numbered(10)
    got = list(batches(X, y, batch_size=4, rng=0))
    assert [len(yb) for _, yb in got] == [4, 4, 2]
    seen = np.concatenate([yb for _, yb in got])
    assert sorted(seen) == list(range(10)) and not np.array_equal(seen, np.arange(10))
    for Xb, yb in got:  # X and y stay paired through the shuffle
        assert np.array_equal(Xb[:, 0], yb)


def test_batches_drop_last_and_no_shuffle_and_full_batch():
    X, y = numbered(10)
    assert [yb.tolist() for _, yb in batches(X, y, 4, shuffle=False, drop_last=True)] == [
        [0, 1, 2, 3], [4, 5, 6, 7]]
    (only,) = list(batches(X, y, None, shuffle=False))
    assert only[1].tolist() == list(range(10))
    assert len(list(batches(X, y, 25))) == 1  # a batch larger than N: one partial batch


def test_batches_same_seed_same_order_and_a_new_order_each_epoch():
    X, y = numbered(20)
    order = lambda it: np.concatenate([yb for _, yb in it]).tolist()  # noqa: E731
    assert order(batches(X, y, 8, rng=3)) == order(batches(X, y, 8, rng=3))
    rng = np.random.default_rng(3)
    assert order(batches(X, y, 8, rng=rng)) != order(batches(X, y, 8, rng=rng))


def test_batches_bad_input_is_reported_when_called():
    X, y = numbered(10)
    with pytest.raises(ValueError, match=r"same N, got X with N = 10 .* y with N = 9"):
        batches(X, y[:9], 4)
    with pytest.raises(ValueError, match="batches: batch_size must be an integer >= 1, got 0"):
        batches(X, y, 0)
    with pytest.raises(ValueError, match="batch_size = 16 is larger than N = 10"):
        batches(X, y, 16, drop_last=True)


# --- train_test_split ----------------------------------------------------------------------------

def test_train_test_split_sizes_pairing_and_seed():
    X, y = numbered(10)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, rng=0)
    assert (len(y_tr), len(y_te)) == (7, 3)  # 2.5 test samples rounded up
    assert sorted(np.concatenate([y_tr, y_te])) == list(range(10))
    assert np.array_equal(X_te[:, 0], y_te)
    assert np.array_equal(train_test_split(X, y, 4, rng=1)[3], train_test_split(X, y, 4, rng=1)[3])
    assert len(train_test_split(X, y, 4, rng=1)[3]) == 4


@pytest.mark.parametrize("test_size", [0, 1.0, 10, -0.5, "half"])
def test_train_test_split_rejects_sizes_that_leave_a_side_empty(test_size):
    X, y = numbered(10)
    with pytest.raises(ValueError, match="test_size"):
        train_test_split(X, y, test_size=test_size)


# --- polynomial features -------------------------------------------------------------------------

def test_polynomial_features_1d():
    x = np.array([1.0, 2.0, 3.0])
    assert polynomial_features(x, 3).tolist() == [[1, 1, 1], [2, 4, 8], [3, 9, 27]]
    assert polynomial_features(x[:, None], 2, include_bias=True)[1].tolist() == [1, 2, 4]


def test_polynomial_features_2d_in_degree_order():
    # [x1, x2, x1^2, x1 x2, x2^2] for (x1, x2) = (2, 3)
    assert polynomial_features(np.array([[2.0, 3.0]]), 2).tolist() == [[2, 3, 4, 6, 9]]
    assert polynomial_features(np.zeros((5, 2)), 3).shape == (5, 9)


def test_polynomial_features_bad_input():
    with pytest.raises(ValueError, match="polynomial_features: degree must be an integer >= 1, got 0"):
        polynomial_features(np.ones(3), 0)
    with pytest.raises(ValueError, match=r"shape \(N, d\) or \(N,\), got 3-D array of shape \(2, 2, 2\)"):
        polynomial_features(np.ones((2, 2, 2)), 2)
    with pytest.raises(ValueError, match="non-finite"):
        polynomial_features(np.array([1.0, np.nan]), 2)


# --- datasets --------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", list(ln.TARGETS_1D))
def test_regression_1d(target):
    X, y = ln.regression_1d(target, n=50, rng=0)
    assert X.shape == (50, 1) and y.shape == (50, 1)
    assert np.all(np.diff(X[:, 0]) >= 0) and X.min() >= -1 and X.max() <= 1
    assert np.allclose(y[:, 0], ln.TARGETS_1D[target](X[:, 0]))  # noiseless by default
    Xn, yn = ln.regression_1d(target, n=50, noise=0.1, rng=0)
    assert np.array_equal(Xn, X) and 0.05 < np.std(yn - y) < 0.15
    assert np.array_equal(ln.regression_1d(target, 50, 0.1, rng=4)[1], ln.regression_1d(target, 50, 0.1, rng=4)[1])


def test_1d_targets_values():
    x = np.array([-1.0, -0.5, 0.0, 0.5, 1.0])
    assert np.allclose(ln.TARGETS_1D["sin"](x), np.sin(np.pi * x))
    assert ln.TARGETS_1D["abs"](x).tolist() == [1, 0.5, 0, 0.5, 1]
    assert ln.TARGETS_1D["step"](x).tolist() == [0, 0, 1, 1, 1]
    assert ln.TARGETS_1D["sawtooth"](x).tolist() == [-1, 1, -1, 1, -1]  # four linear pieces
    assert ln.regression_1d(lambda t: 2 * t, 5, rng=0)[1].shape == (5, 1)  # any function


@pytest.mark.parametrize("name", list(ln.DATASETS_2D))
def test_classification_2d(name):
    X, y = ln.classification_2d(name, n=101, rng=0)
    n_classes = 3 if name == "blobs" else 2
    assert X.shape == (101, 2) and y.shape == (101,) and y.dtype == np.int64
    counts = np.bincount(y)
    assert len(counts) == n_classes and counts.max() - counts.min() <= 1  # balanced
    assert np.abs(X).max() < 3
    X2, y2 = ln.classification_2d(name, n=101, rng=0)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert not np.array_equal(X, ln.classification_2d(name, n=101, rng=1)[0])


def test_datasets_have_the_announced_geometry():
    X, y = ln.circles(400, noise=0.0, factor=0.4, rng=0)
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.allclose(r[y == 0], 1.0) and np.allclose(r[y == 1], 0.4)
    X, y = ln.xor(400, noise=0.0, rng=0)
    assert np.array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))
    X, y = ln.spirals(300, n_classes=3, rng=0)
    assert set(np.unique(y)) == {0, 1, 2}
    X, y = ln.blobs(300, n_classes=4, std=0.01, rng=0)
    centres = np.array([X[y == c].mean(axis=0) for c in range(4)])
    assert np.allclose(np.hypot(*centres.T), 1.0, atol=0.01)


def test_dataset_bad_input():
    with pytest.raises(ValueError, match=r"classification_2d: name must be one of 'moons', .*got the string "
                       r"'moon'. Did you mean 'moons'"):
        ln.classification_2d("moon")
    with pytest.raises(ValueError, match="regression_1d: target must be one of 'sin', 'abs', 'step', 'sawtooth', "
                                         "got the string 'cos'"):
        ln.regression_1d("cos")
    with pytest.raises(ValueError, match="moons: noise must be a number >= 0, got -0.1"):
        ln.moons(10, noise=-0.1)
    with pytest.raises(ValueError, match=r"circles: n must be an integer in \[1, 10000000\], got 0"):
        ln.circles(0)
    with pytest.raises(ValueError, match=r"circles: factor \(the inner radius\) must be a number in \(0, 1\), got 1.5"):
        ln.circles(10, factor=1.5)
    with pytest.raises(ValueError, match="blobs: n = 2 points cannot cover n_classes = 3 classes; use n >= 3"):
        ln.blobs(2, n_classes=3)
    with pytest.raises(TypeError, match="rng must be a numpy Generator, an int seed >= 0 or None"):
        ln.moons(10, rng="seed")


# --- odd input: refused in the function's own words, before any work -------------------------------

@pytest.mark.parametrize("turns, got", [(float("nan"), "nan"), (float("inf"), "inf"), (0, "0"), (-1.0, "-1.0"),
                                        (1000, "1000")])
def test_spirals_refuse_turns_that_would_give_nan_or_noise(turns, got):
    # turns=nan used to return an X full of NaN
    with pytest.raises(ln.InputError, match=rf"^spirals: turns must be a number in \(0, 100\], got {got}$"):
        ln.spirals(30, turns=turns, rng=0)


@pytest.mark.parametrize("call, message", [
    (lambda: ln.moons("200"),
     r"moons: n must be an integer in \[1, 10000000\] \(without quotes\), got the string '200'"),
    (lambda: ln.moons(200.0), r"moons: n must be an integer in \[1, 10000000\] \(write 200, not 200.0\), got 200.0"),
    (lambda: ln.moons(True), r"moons: n must be an integer .*got True"),
    (lambda: ln.xor(-5), r"xor: n must be an integer in \[1, 10000000\], got -5"),
    (lambda: ln.circles(noise="0.1"), r"circles: noise must be a number >= 0 \(without quotes\), got the string '0.1'"),
    (lambda: ln.moons(noise=float("nan")), "moons: noise must be a number >= 0, got nan"),
    (lambda: ln.blobs(std=-0.1), "blobs: std must be a number >= 0, got -0.1"),
    (lambda: ln.circles(factor=1), r"circles: factor \(the inner radius\) must be a number in \(0, 1\), got 1"),
    (lambda: ln.circles(factor=0.0), r"circles: factor \(the inner radius\) must be a number in \(0, 1\), got 0.0"),
    (lambda: ln.spirals(n_classes=1), r"spirals: n_classes must be an integer in \[2, 100\], got 1"),
    (lambda: ln.blobs(n_classes=10**9), r"blobs: n_classes must be an integer in \[2, 100\], got 1000000000"),
    (lambda: ln.blobs(n_classes=0), r"blobs: n_classes must be an integer in \[2, 100\], got 0"),
    (lambda: ln.moons(rng=-1), "moons: rng must be a numpy Generator, an int seed >= 0 or None, got -1"),
    (lambda: ln.moons(rng=0.5), "moons: rng must be a numpy Generator, an int seed >= 0 or None, got 0.5"),
])
def test_dataset_arguments_are_checked_naming_the_dataset_and_the_argument(call, message):
    with pytest.raises(ln.InputError, match=message):
        call()


def test_datasets_refuse_a_noise_so_large_that_the_points_overflow():
    # moons(noise=1e308) used to return points that are inf
    with pytest.raises(ln.InputError, match="moons: noise = 1e[+]308 is so large that X overflows to inf"):
        ln.moons(10, noise=1e308, rng=0)
    with pytest.raises(ln.InputError, match="regression_1d: noise = 1e[+]308 is so large that y overflows"):
        ln.regression_1d("sin", 10, noise=1e308, rng=0)


@pytest.mark.parametrize("x_range, message", [
    (3.0, r"x_range must be a pair \(low, high\) of finite numbers, got 3.0"),
    ((1.0, -1.0), r"x_range must be a pair \(low, high\) with low < high, got \(1.0, -1.0\)"),
    ((0, 0), r"x_range must be a pair \(low, high\) with low < high, got \(0.0, 0.0\)"),
    ((-np.inf, 1), r"x_range\[0\] must be a finite number, got -inf"),
    ((-1e308, 1e308), r"x_range = \(-1e\+308, 1e\+308\) is too wide: its width high - low overflows"),
    (("0", "1"), r"x_range\[0\] must be a finite number \(without quotes\), got the string '0'"),
    ((0, 1, 2), r"x_range must be a pair \(low, high\) of finite numbers, got \(0, 1, 2\)"),
])
def test_regression_1d_x_range_is_a_finite_increasing_pair(x_range, message):
    with pytest.raises(ln.InputError, match="^regression_1d: " + message):
        ln.regression_1d("sin", 10, x_range=x_range, rng=0)
    X, _ = ln.regression_1d("sin", 10, x_range=np.array([2, 3]), rng=0)  # any pair of numbers
    assert 2 <= X.min() and X.max() <= 3


def test_regression_1d_target_names_ignore_case_and_functions_return_one_value_per_x():
    assert np.array_equal(ln.regression_1d("SIN", 20, rng=0)[1], ln.regression_1d("sin", 20, rng=0)[1])
    with pytest.raises(ln.InputError, match="target must be one of .*got the string 'sine'. Did you mean 'sin'"):
        ln.regression_1d("sine")
    with pytest.raises(ln.InputError, match="regression_1d: target must be a name from TARGETS_1D .* or a function "
                                            "of x, got 3"):
        ln.regression_1d(3)
    # a target returning (n, 1) used to give y of shape (n, 1, n); a scalar one a constant y
    _, y = ln.regression_1d(lambda x: 2 * x[:, None], 5, rng=0)
    assert y.shape == (5, 1)
    with pytest.raises(ln.InputError, match=r"target must return one value per x, shape \(5,\) for x of shape "
                                            r"\(5,\), got shape \(\) \(a single number: is it vectorised\?\)"):
        ln.regression_1d(len, 5, rng=0)
    with pytest.raises(ln.InputError, match=r"target must return one value per x, .* got shape \(3,\)"):
        ln.regression_1d(lambda x: x[:3], 5, rng=0)
    with pytest.raises(ln.InputError, match=r"regression_1d: target returned nan at x = .*; it must be finite"):
        ln.regression_1d(lambda x: np.log(x - 2), 5, rng=0)
    with pytest.raises(ln.InputError, match=r"regression_1d: target\(x\) raised ZeroDivisionError"):
        ln.regression_1d(lambda x: 1 / 0, 5, rng=0)


def test_1d_targets_refuse_what_is_not_a_finite_real_x():
    # a complex x used to give a complex "target"; NaN gave NaN
    with pytest.raises(ln.InputError, match=r"TARGETS_1D\['sin'\]: x must hold real numbers, got an array of "
                                            "complex numbers"):
        ln.TARGETS_1D["sin"](1 + 2j)
    with pytest.raises(ln.InputError, match=r"TARGETS_1D\['step'\]: x has a non-finite value: nan at index \(1,\)"):
        ln.TARGETS_1D["step"]([0.0, np.nan])
    with pytest.raises(ln.InputError, match=r"TARGETS_1D\['abs'\]: x must be an array of numbers, got the string"):
        ln.TARGETS_1D["abs"]("0.5")
    assert ln.TARGETS_1D["abs"](-2) == 2 and ln.TARGETS_1D["sin"](np.ones((2, 3))).shape == (2, 3)


def test_classification_2d_names_ignore_case_and_unknown_keywords_are_named():
    assert np.array_equal(ln.classification_2d("Spirals", n=30, rng=0)[0], ln.spirals(30, rng=0)[0])
    with pytest.raises(ln.InputError, match=r"classification_2d: moons takes no argument 'factor'; its extra keyword "
                                            r"arguments are none \(besides n, noise and rng\)"):
        ln.classification_2d("moons", factor=0.3)
    with pytest.raises(ln.InputError, match="classification_2d: spirals takes no argument 'turn'; its extra keyword "
                                            r"arguments are only n_classes, turns \(besides n, noise and rng\). "
                                            "Did you mean 'turns'?"):
        ln.classification_2d("spirals", turn=2)
    with pytest.raises(ln.InputError, match="classification_2d: name must be one of .*got 3"):
        ln.classification_2d(3)
    X, y = ln.classification_2d("spirals", n=30, turns=2.0, n_classes=3, rng=0)
    assert np.array_equal(X, ln.spirals(30, n_classes=3, turns=2.0, rng=0)[0])


def test_classification_2d_blobs_noise_is_the_std_and_not_given_twice():
    # noise and std together used to keep noise and drop std without a word
    with pytest.raises(ln.InputError, match=r"for blobs, noise is the std: give noise or std, not both "
                                            r"\(got noise=0.1, std=0.2\)"):
        ln.classification_2d("blobs", noise=0.1, std=0.2)
    assert np.array_equal(ln.classification_2d("blobs", n=30, noise=0.1, rng=0)[0], ln.blobs(30, std=0.1, rng=0)[0])
    with pytest.raises(ln.InputError, match=r"classification_2d\('blobs'\): noise \(the std of blobs\) must be a "
                                            "number >= 0, got -1"):
        ln.classification_2d("blobs", noise=-1)


@pytest.mark.parametrize("call, message", [
    (lambda X, y: batches(X, y, 4, shuffle="False"), "batches: shuffle must be True or False, got the string 'False'"),
    (lambda X, y: batches(X, y, 4, drop_last="False"),
     "batches: drop_last must be True or False, got the string 'False'"),
    (lambda X, y: train_test_split(X, y, shuffle="False"),
     "train_test_split: shuffle must be True or False, got the string 'False'"),
    (lambda X, y: batches(X, y, 4, shuffle=1), "batches: shuffle must be True or False, got 1"),
])
def test_flags_are_true_or_false_not_a_truthy_string(call, message):
    # shuffle="False" used to shuffle, drop_last="False" to drop the last batch
    X, y = numbered(10)
    with pytest.raises(ln.InputError, match=message):
        call(X, y)


@pytest.mark.parametrize("call, message", [
    (lambda X, y: batches(X, y, 4.0), r"batches: batch_size must be an integer >= 1 \(write 4, not 4.0\), got 4.0"),
    (lambda X, y: batches(X, y, True), "batches: batch_size must be an integer >= 1, got True"),
    (lambda X, y: batches(X, y, -2), "batches: batch_size must be an integer >= 1, got -2"),
    (lambda X, y: batches(X, y[:9]), r"batches expects X and y with the same N, got X with N = 10 \(\(10, 1\)\) "
                                     r"and y with N = 9 \(\(9,\)\)"),
    (lambda X, y: batches(X[:0], y[:0]), r"batches got no samples: X of shape \(0, 1\) and y of shape \(0,\)"),
    (lambda X, y: batches(np.full_like(X, np.nan), y), r"batches: X has a non-finite value: nan at index \(0, 0\)"),
    (lambda X, y: batches("X", y), "batches: X must be an array of numbers, got the string 'X'"),
    (lambda X, y: batches(X, y, rng="seed"), "batches: rng must be a numpy Generator"),
    (lambda X, y: batches(X, np.array(["cat"] * 10)), "batches: y must hold real numbers, got an array of strings"),
])
def test_batches_refuse_odd_arguments_when_called(call, message):
    X, y = numbered(10)
    with pytest.raises(ln.InputError, match=message):
        call(X, y)


def test_batches_keep_trailing_dimensions_and_a_batch_size_above_N_is_one_batch():
    images = np.arange(10 * 4 * 3, dtype=float).reshape(10, 4, 3)  # (N, h, w)
    got = list(batches(images, np.arange(10), 4, shuffle=False))
    assert [xb.shape for xb, _ in got] == [(4, 4, 3), (4, 4, 3), (2, 4, 3)]
    assert [len(yb) for _, yb in batches(*numbered(10), 10**12)] == [10]


@pytest.mark.parametrize("test_size, message", [
    (0, r"test_size = 0 test samples \(an int counts samples\) leaves 10 training samples of N = 10; use 1 to 9"),
    (10, r"test_size = 10 test samples \(an int counts samples\) leaves 0 training samples"),
    (-3, r"test_size = -3 test samples"),
    (1.0, r"test_size must be a fraction in \(0, 1\) or an int number of test samples in \[1, 9\] \(for 1 test "
          r"samples write the int 1\), got 1.0"),
    (3.0, r"test_size must be a fraction .* \(for 3 test samples write the int 3\), got 3.0"),
    (-0.5, r"test_size must be a fraction in \(0, 1\) .* got -0.5"),
    (float("nan"), r"test_size must be a fraction in \(0, 1\) .* got nan"),
    ("0.2", r"test_size must be a fraction .* \(without quotes\), got the string '0.2'"),
    (True, r"test_size must be a fraction .* got True"),
    (0.95, r"test_size = 0.95 of N = 10 samples rounds up to 10 test samples, leaving 0 to train"),
])
def test_train_test_split_test_size_is_a_fraction_or_an_int_count(test_size, message):
    X, y = numbered(10)
    with pytest.raises(ln.InputError, match="^train_test_split: " + message):
        train_test_split(X, y, test_size=test_size)


def test_train_test_split_counts_and_needs_two_samples():
    X, y = numbered(10)
    assert [len(a) for a in train_test_split(X, y, np.int64(3), rng=0)] == [7, 3, 7, 3]
    assert [len(a) for a in train_test_split(X, y, 0.01, rng=0)] == [9, 1, 9, 1]  # rounded up to one sample
    with pytest.raises(ln.InputError, match=r"train_test_split needs N >= 2 samples .* got X of shape \(1, 1\)"):
        train_test_split(X[:1], y[:1])


def test_polynomial_features_refuses_a_hang_with_the_count_it_would_build():
    # 100 inputs at degree 5 used to try to build 96 million columns
    import time

    start = time.perf_counter()
    with pytest.raises(ln.InputError, match=r"^polynomial_features: degree 5 of d = 100 features would build "
                                            r"96,560,645 columns \(100 x 96,560,645 = 9,656,064,500 values\); at most "
                                            r"100,000 columns and 25,000,000 values are allowed"):
        polynomial_features(np.ones((100, 100)), 5)
    with pytest.raises(ln.InputError, match=r"degree 1000000000000000000000000000000 of d = 2 features would build "
                                            r"about 5.00e\+59 columns"):
        polynomial_features(np.ones((3, 2)), 10**30)
    with pytest.raises(ln.InputError, match=r"degree 300 of d = 300 features would build about 1.\d\de\+179 columns"):
        polynomial_features(np.ones((1, 300)), 300)
    assert time.perf_counter() - start < 1.0


def test_polynomial_features_matches_the_monomials_one_by_one():
    import itertools

    X = np.random.default_rng(0).standard_normal((6, 3))
    expected = [np.prod(X[:, combo], axis=1) for p in (1, 2, 3)
                for combo in itertools.combinations_with_replacement(range(3), p)]
    got = polynomial_features(X, 3, include_bias=True)
    assert np.array_equal(got, np.column_stack([np.ones(6), *expected]))  # same order, same rounding


@pytest.mark.parametrize("X, degree, message", [
    # complex X used to lose its imaginary part with only a warning
    (np.array([1 + 1j, 2]), 2, "X must hold real numbers, got an array of complex numbers"),
    (np.ones(3), 2.0, r"degree must be an integer >= 1 \(write 2, not 2.0\), got 2.0"),
    (np.ones(3), True, "degree must be an integer >= 1, got True"),
    (np.ones(3), -1, "degree must be an integer >= 1, got -1"),
    (np.ones((0, 2)), 2, r"expects X with at least one sample and one feature, got shape \(0, 2\)"),
    (np.ones((3, 0)), 2, r"expects X with at least one sample and one feature, got shape \(3, 0\)"),
    (3.0, 2, r"expects X of shape \(N, d\) or \(N,\), got 0-D array of shape \(\)"),
    ([[1, 2], [3]], 2, "X must hold real numbers, got an array of Python objects|could not convert"),
])
def test_polynomial_features_refuses_odd_input(X, degree, message):
    with pytest.raises(ln.InputError, match="polynomial_features.*" + message):
        polynomial_features(X, degree)
    with pytest.raises(ln.InputError, match="include_bias must be True or False, got the string 'yes'"):
        polynomial_features(np.ones(3), 2, include_bias="yes")
