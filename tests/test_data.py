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
    with pytest.raises(ValueError, match="batch_size must be a positive integer, got 0"):
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
    with pytest.raises(ValueError, match="degree must be a positive integer, got 0"):
        polynomial_features(np.ones(3), 0)
    with pytest.raises(ValueError, match=r"shape \(N, d\) or \(N,\), got \(2, 2, 2\)"):
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
    with pytest.raises(ValueError, match=r"unknown 2D dataset 'moon'.*Did you mean 'moons'"):
        ln.classification_2d("moon")
    with pytest.raises(ValueError, match="unknown 1D target 'cos'"):
        ln.regression_1d("cos")
    with pytest.raises(ValueError, match="noise must be a finite number >= 0, got -0.1"):
        ln.moons(10, noise=-0.1)
    with pytest.raises(ValueError, match="n must be a positive integer, got 0"):
        ln.circles(0)
    with pytest.raises(ValueError, match="0 < factor < 1"):
        ln.circles(10, factor=1.5)
    with pytest.raises(ValueError, match="cannot cover 3 classes"):
        ln.blobs(2, n_classes=3)
    with pytest.raises(TypeError, match="rng must be a numpy Generator, an int seed >= 0 or None"):
        ln.moons(10, rng="seed")
