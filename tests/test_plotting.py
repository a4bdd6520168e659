"""Shared plotting: no global state unless asked, colours, and the decision-boundary picture."""

import matplotlib as mpl
import numpy as np

import lecture_nn as ln
from lecture_nn import plotting


def test_use_lecture_style_is_the_only_rcparams_change_and_presentation_enlarges():
    before = dict(mpl.rcParams)
    try:
        plotting.use_lecture_style()
        assert mpl.rcParams["axes.spines.top"] is False
        normal = mpl.rcParams["font.size"]
        plotting.use_lecture_style(presentation=True)
        assert mpl.rcParams["font.size"] > normal and mpl.rcParams["lines.linewidth"] >= 2.5
    finally:
        mpl.rcParams.update(before)


def test_each_optimizer_and_activation_has_its_own_colour():
    assert len(set(plotting.OPTIMIZER_COLORS.values())) == 4
    assert set(plotting.ACTIVATION_COLORS) == set(ln.ACTIVATIONS)
    assert len(set(plotting.ACTIVATION_COLORS.values())) == len(ln.ACTIVATIONS)


def test_grid_points_are_in_row_order():
    xx, yy, points = plotting.grid_points((0, 1), (0, 2), 3)
    assert xx.shape == (3, 3) and points.shape == (9, 2)
    assert points[1].tolist() == [0.5, 0.0] and points[3].tolist() == [0.0, 1.0]


def test_decision_boundary_binary_and_multiclass():
    X, y = ln.moons(60, rng=0)
    ax = plotting.plot_decision_boundary(lambda P: P[:, :1], X, y, n=50)  # p(1) > 1/2 where x1 > 0
    image = ax.images[0].get_array()
    assert image.shape == (50, 50) and image[:, -1].min() > 0.5 and image[:, 0].max() < 0.5
    assert len(ax.collections) >= 2  # the boundary contour and the two classes
    X3, y3 = ln.blobs(90, n_classes=3, rng=0)
    ax = plotting.plot_decision_boundary(lambda P: np.column_stack([P[:, 0], P[:, 1], -P[:, 0]]), X3, y3, n=40)
    assert ax.images[0].get_array().shape == (40, 40, 3)
