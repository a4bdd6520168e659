"""Shared plotting: no global state unless asked, colours, and the decision-boundary picture."""

import io
import warnings

import matplotlib as mpl
import numpy as np
import pytest

import lecture_nn as ln
from lecture_nn import plotting


@pytest.fixture
def restore_style():
    before = dict(mpl.rcParams)
    yield
    mpl.rcParams.update(before)
    plotting._presentation = False


def test_use_lecture_style_is_the_only_rcparams_change_and_presentation_enlarges(restore_style):
    plotting.use_lecture_style()
    assert mpl.rcParams["axes.spines.top"] is False and not plotting.presenting()
    normal = mpl.rcParams["font.size"]
    plotting.use_lecture_style(presentation=True)
    assert plotting.presenting()
    assert mpl.rcParams["font.size"] > normal and mpl.rcParams["lines.linewidth"] >= 2.5
    # no pale colours on a projector
    assert "#F0E442" not in mpl.rcParams["axes.prop_cycle"].by_key()["color"]


@pytest.mark.parametrize("value, expected", [("1", True), ("true", True), ("", False), ("0", False)])
def test_presentation_mode_from_the_environment(monkeypatch, restore_style, value, expected):
    monkeypatch.setenv(plotting.PRESENTATION_ENV, value)
    plotting.use_lecture_style()
    assert plotting.presenting() is expected


@pytest.mark.parametrize("figsize", [(6.4, 4.0), (14.5, 4.6), (11.5, 8.4), (5.2, 4.6)])
def test_presentation_figures_fill_a_16_9_slide_keeping_their_shape(restore_style, figsize):
    plotting.use_lecture_style(presentation=True)
    fig, _ = plotting.new_figure(figsize=figsize)
    assert tuple(fig.get_size_inches()) == figsize  # the layout as designed ...
    pixels = fig.get_size_inches() * fig.dpi        # ... shown as large as the slide allows
    assert pixels[0] <= 1280.5 and pixels[1] <= 640.5
    assert max(pixels[0] / 1280, pixels[1] / 640) == pytest.approx(1, abs=1e-3)


def test_presentation_explorer_pictures_fit_the_slide(restore_style):
    from PIL import Image

    from lecture_nn.demos.activations import ActivationExplorer

    plotting.use_lecture_style(presentation=True)
    explorer = ActivationExplorer()
    width, height = Image.open(io.BytesIO(explorer.png())).size
    assert 1200 <= width <= 1281 and height <= 641


def test_fit_titles_shrinks_only_a_title_that_sticks_out(restore_style):
    fig, (left, right) = plotting.new_figure(1, 2, figsize=(6.0, 3.0))
    left.set_title("short")
    right.set_title("a title far too long for half of this figure")
    fig.draw_without_rendering()
    plotting.fit_titles(fig)
    renderer = fig.canvas.get_renderer()
    assert left.title.get_fontsize() == left.title._lecture_size  # fits: untouched
    box = right.title.get_window_extent(renderer)
    assert right.title.get_fontsize() < left.title.get_fontsize()
    assert box.x1 <= fig.bbox.width
    right.set_title("short again")
    plotting.fit_titles(fig)
    assert right.title.get_fontsize() == left.title.get_fontsize()


def test_each_optimizer_and_activation_has_its_own_colour():
    assert set(plotting.OPTIMIZER_COLORS) == set(ln.OPTIMIZERS)
    assert len(set(plotting.OPTIMIZER_COLORS.values())) == len(ln.OPTIMIZERS)
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


# --- odd input: our error naming the argument, or a right picture -----------------------------------

def test_use_lecture_style_refuses_a_truthy_string_before_changing_anything(restore_style):
    # use_lecture_style("False") used to turn presentation mode on
    before = dict(mpl.rcParams)
    with pytest.raises(ln.InputError, match=r"use_lecture_style: presentation must be True, False or None \(None reads "
                                            r"LECTURE_NN_PRESENTATION\), got the string 'False'"):
        plotting.use_lecture_style("False")
    assert dict(mpl.rcParams) == before and not plotting.presenting()


def test_new_figure_shares_axes_when_asked():
    # sharex=True used to reach each axes' subplot_kw, where matplotlib overwrote it: nothing was shared
    _, axes = plotting.new_figure(2, 2, sharex=True)
    assert axes[0, 0].get_shared_x_axes().joined(axes[0, 0], axes[1, 1])
    _, (left, right) = plotting.new_figure(1, 2, sharey="row")
    assert left.get_shared_y_axes().joined(left, right) and not left.get_shared_x_axes().joined(left, right)
    with pytest.raises(ln.InputError, match="new_figure: sharex must be True, False, 'all', 'none', 'row' or 'col', "
                                            "got the string 'yes'"):
        plotting.new_figure(1, 2, sharex="yes")
    with pytest.raises(ln.InputError, match=r"new_figure: nrows must be an integer in \[1, 50\], got 1000000"):
        plotting.new_figure(10**6, 1)
    with pytest.raises(ln.InputError, match=r"new_figure: nrows x ncols = 20 x 20 = 400 axes; at most 200"):
        plotting.new_figure(20, 20)


def test_plot_dataset_2d_refuses_labels_that_are_not_whole_numbers():
    X, y = ln.moons(10, rng=0)
    # labels 0.5 used to be drawn as class 0 without a word
    with pytest.raises(ln.InputError, match=r"plot_dataset_2d: y must be class labels 0, 1, ... \(whole numbers\), "
                                            r"got 0.5 at index 0"):
        plotting.plot_dataset_2d(X, np.full(10, 0.5))
    with pytest.raises(ln.InputError, match=r"plot_dataset_2d: y must hold one class label per point, shape \(10,\) "
                                            r"for X with N = 10, got shape \(9,\)"):
        plotting.plot_dataset_2d(X, y[:9])
    with pytest.raises(ln.InputError, match=r"plot_dataset_2d: X must be points of shape \(N, 2\), got shape "
                                            r"\(10, 3\)"):
        plotting.plot_dataset_2d(np.ones((10, 3)), y)
    with pytest.raises(ln.InputError, match=r"plot_dataset_2d: X has a non-finite value: nan at index \(0, 0\)"):
        plotting.plot_dataset_2d(np.full((10, 2), np.nan), y)
    ax = plotting.plot_dataset_2d(X, y.astype(float)[:, None] == 1)  # bool labels (N, 1): classes 0 and 1
    assert [c.get_label() for c in ax.collections] == ["class 0", "class 1"]


def test_plotting_refuses_an_ax_that_is_not_an_axes():
    X, y = ln.moons(10, rng=0)
    fig, axes = plotting.new_figure(1, 2)
    with pytest.raises(ln.InputError, match="plot_dataset_2d: ax must be a matplotlib Axes, or None for a new figure, "
                                            "got an array of shape \\(2,\\); new_figure\\(rows, cols\\) returns an "
                                            "array of axes: pick one, e.g. axes\\[0\\]"):
        plotting.plot_dataset_2d(X, y, ax=axes)
    with pytest.raises(ln.InputError, match="plot_dataset_2d: ax must be a matplotlib Axes.*; for a figure use "
                                            "fig.add_subplot\\(\\) or one of fig.axes"):
        plotting.plot_dataset_2d(X, y, ax=fig)
    with pytest.raises(ln.InputError, match="plain_log_axis: axis must be ax.xaxis or ax.yaxis .*; pass ax.xaxis "
                                            "or ax.yaxis, not the Axes"):
        plotting.plain_log_axis(axes[0])
    assert all(not ax.collections and not ax.lines for ax in axes)  # nothing drawn


def test_decision_boundary_refuses_nan_scores_naming_the_point():
    X, y = ln.moons(10, rng=0)
    # NaN scores (a model with NaN weights) used to draw an empty picture
    with pytest.raises(ln.InputError, match=r"plot_decision_boundary: score_fn returned NaN at the point "
                                            r"\(-1, -1\) \(a model with NaN weights\?\)"):
        plotting.plot_decision_boundary(lambda P: np.where(P[:, :1] < 0, np.nan, 1.0), X, y,
                                        x_range=(-1, 1), y_range=(-1, 1), n=5)
    with pytest.raises(ln.InputError, match=r"score_fn must return logits of shape \(M, 1\) or \(M, C\) for the "
                                            r"M = 25 grid points of shape \(25, 2\), got shape \(3, 2\)"):
        plotting.plot_decision_boundary(lambda P: P[:3], X, y, n=5)
    with pytest.raises(ln.InputError, match=r"plot_decision_boundary: score_fn\(an array of shape \(25, 2\)\) raised "
                                            "ZeroDivisionError"):
        plotting.plot_decision_boundary(lambda P: 1 / 0, X, y, n=5)
    with pytest.raises(ln.InputError, match="score_fn must be a function \\(or a model\\), got the class MSELoss; "
                                            "pass an instance"):
        plotting.plot_decision_boundary(ln.MSELoss, X, y, n=5)
    ax = plotting.plot_decision_boundary(lambda P: np.full((len(P), 1), np.inf), X, y, n=5)  # sure of class 1
    assert np.all(ax.images[0].get_array() == 1)


def test_decision_boundary_window_from_ranges_or_from_x():
    X, y = ln.moons(10, rng=0)
    ax = plotting.plot_decision_boundary(lambda P: P[:, :1], X, y, x_range=np.array([-1.0, 1.0]), n=5)
    assert ax.get_xlim() == (-1.0, 1.0)  # an array pair used to raise numpy's "truth value is ambiguous"
    with pytest.raises(ln.InputError, match=r"plot_decision_boundary: give x_range and y_range, or points X "
                                            r"\(N >= 1\)"):
        plotting.plot_decision_boundary(lambda P: P[:, :1], n=5)
    with pytest.raises(ln.InputError, match=r"X with margin = 0 gives the window \(0.0, 0.0\) for x_range; "
                                            r"give x_range, or a margin > 0 that keeps it finite"):
        plotting.plot_decision_boundary(lambda P: P[:, :1], np.zeros((3, 2)), margin=0, n=5)
    with pytest.raises(ln.InputError, match="plot_decision_boundary: y needs the points X it labels"):
        plotting.plot_decision_boundary(lambda P: P[:, :1], y=y, x_range=(0, 1), y_range=(0, 1), n=5)


def test_grid_points_refuses_a_window_whose_width_overflows():
    # (-1e308, 1e308) used to give a grid of NaN
    with pytest.raises(ln.InputError, match=r"grid_points: x_range = \(-1e\+308, 1e\+308\) is too wide"):
        plotting.grid_points((-1e308, 1e308), (0, 1), 3)
    with pytest.raises(ln.InputError, match=r"grid_points: y_range must be a pair \(low, high\) with low < high, "
                                            r"got \(1.0, 0.0\)"):
        plotting.grid_points((0, 1), (1, 0), 3)
    with pytest.raises(ln.InputError, match=r"grid_points: n must be an integer in \[2, 2000\], got 100000"):
        plotting.grid_points((0, 1), (0, 1), 10**5)


def test_figures_refuse_sizes_and_resolutions_that_cannot_render():
    with pytest.raises(ln.InputError, match=r"figure: figsize\[0\] must be a number in \[0.1, 300\], got 1e\+300"):
        plotting.figure(figsize=(1e300, 1))
    with pytest.raises(ln.InputError, match=r"figure: figsize must be a pair \(width, height\) in inches, got 5.0"):
        plotting.figure(figsize=5.0)
    with pytest.raises(ln.InputError, match=r"figure: figsize = \(100.0, 1.0\) inches at dpi = 1000 is 100000 x "
                                            "1000 pixels"):
        plotting.figure(figsize=(100, 1), dpi=1000)
    with pytest.raises(ln.InputError, match=r"slide_dpi: box\[1\] must be a number in \[0.1, 300\], got 0"):
        plotting.slide_dpi((6.4, 4.0), box=(12.8, 0))
    with pytest.raises(ln.InputError, match=r"plot_dataset_2d: size \(the marker area in points\^2\) must be a number "
                                            r"in \[0, 10000\], got 1e\+300"):
        plotting.plot_dataset_2d(*ln.moons(10, rng=0), size=1e300)  # used to hang when drawn


def test_tick_labels_and_log_axes():
    assert plotting.power_of_ten(1e-3) == "10⁻³" and plotting.power_of_ten(0) == ""
    assert plotting.power_of_ten(float("nan")) == "" and plotting.power_of_ten(np.inf) == ""
    with pytest.raises(ln.InputError, match="power_of_ten: value must be a number \\(a tick position\\), got the "
                                            "string '1e-3'"):
        plotting.power_of_ten("1e-3")
    _, ax = plotting.new_figure()
    with pytest.raises(ln.InputError, match=r"plain_log_axis: numticks must be an integer in \[2, 100\] "
                                            r"\(write 8, not 8.0\), got 8.0"):
        plotting.plain_log_axis(ax.yaxis, numticks=8.0)
    assert ax.get_yscale() == "linear"  # refused before the scale changed
    plotting.plain_log_axis(ax.yaxis, numticks=8)
    assert ax.get_yscale() == "log"


def test_fit_titles_checks_its_arguments():
    fig, ax = plotting.new_figure()
    with pytest.raises(ln.InputError, match="fit_titles: fig must be a matplotlib Figure, got .*; for an Axes use "
                                            "ax.figure"):
        plotting.fit_titles(ax)
    with pytest.raises(ln.InputError, match="fit_titles: margin must be a number >= 0, got -1"):
        plotting.fit_titles(fig, margin=-1)


def test_plain_log_axis_writes_powers_or_plain_numbers_and_keeps_matplotlibs_ticks_when_asked():
    assert plotting.plain_number(0.01) == "0.01" and plotting.plain_number(100.0) == "100"
    assert plotting.plain_number(np.float64(2.5)) == "2.5" and plotting.plain_number(np.inf) == ""
    with pytest.raises(ln.InputError, match=r"plain_number: value must be a number \(a tick position\)"):
        plotting.plain_number("0.01")
    fig, (a, b, c) = plotting.new_figure(1, 3)
    for ax in (a, b, c):
        ax.plot([1e-3, 1e3], [1e-3, 1e3])
    plotting.plain_log_axis(a.yaxis, numticks=None, labels="numbers")
    plotting.plain_log_axis(b.yaxis, numticks=None)
    plotting.plain_log_axis(c.xaxis, numticks=3)
    fig.draw_without_rendering()  # the tick labels are made at draw time
    assert a.get_yscale() == b.get_yscale() == c.get_xscale() == "log"
    assert {"0.001", "0.01", "1", "1000"} <= {t.get_text() for t in a.get_yticklabels()}
    assert {"10⁻³", "10⁻²", "10⁰", "10³"} <= {t.get_text() for t in b.get_yticklabels()}
    assert len(a.yaxis.get_minorticklocs()) == 0  # no minor ticks: they cost draw time
    # numticks=None keeps the LogLocator the log scale chose; a number installs its own
    assert a.yaxis.get_major_locator().numticks == "auto" and c.xaxis.get_major_locator().numticks == 3
    with pytest.raises(ln.InputError, match="plain_log_axis: labels must be one of 'powers', 'numbers', got the string "
                                            "'numbrs'. Did you mean 'numbers'"):
        plotting.plain_log_axis(a.xaxis, labels="numbrs")
    assert a.get_xscale() == "linear"  # refused before the scale changed


def _two_halves(n=20):
    """p(class 1) on an n x n grid of (-1, 1)^2: 0.9 right of x = 0, 0.1 left of it."""
    xx, _, _ = plotting.grid_points((-1, 1), (-1, 1), n)
    return np.where(xx > 0, 0.9, 0.1)


def test_probability_map_draws_p_and_the_boundary_where_p_crosses_one_half():
    P = _two_halves()
    pm = plotting.plot_probability_map(P, (-1, 1), (-1, 1))
    assert isinstance(pm, plotting.ProbabilityMap) and list(pm.ax.images) == [pm.image]
    np.testing.assert_array_equal(pm.image.get_array(), P)
    assert pm.image.get_extent() == [-1, 1, -1, 1] and pm.image.get_clim() == (0, 1)
    assert pm.image.get_cmap() is plotting.PROBABILITY_CMAP and pm.image.get_alpha() == 0.75
    # the boundary: one vertical line at x = 0, between the grid columns on either side of it
    (segment,) = pm.boundary.allsegs[0]
    assert pm.boundary.levels.tolist() == [0.5] and np.allclose(segment[:, 0], 0.0, atol=1 / 19)
    assert segment[:, 1].min() == -1 and segment[:, 1].max() == 1


def _drawn_on(ax, contours) -> bool:
    """Whether a contour set is on the axes: itself (matplotlib >= 3.8) or its collections (3.7)."""
    if contours in ax.collections:
        return True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ContourSet.collections is deprecated where the set is one artist
        parts = getattr(contours, "collections", [])
    return any(part in ax.collections for part in parts)


def test_probability_map_update_moves_the_image_and_redraws_only_the_boundary():
    _, ax = plotting.new_figure()
    pm = plotting.plot_probability_map(None, (-1, 1), (-1, 1), ax=ax, aspect="equal", interpolation="nearest")
    assert pm.ax is ax and pm.boundary is None and ax.get_aspect() == 1.0
    image = pm.image
    assert pm.update(_two_halves()) is pm and pm.image is image  # the same artist, new data
    first = pm.boundary
    assert first is not None and _drawn_on(ax, first)
    pm.update(np.full((20, 20), 0.8))  # sure of class 1 everywhere: no boundary
    assert pm.boundary is None and not _drawn_on(ax, first)
    pm.update(_two_halves(30).T, x_range=(0, 4), y_range=(-2, 2))  # a new window: the boundary is horizontal
    assert pm.image.get_extent() == [0, 4, -2, 2]
    (segment,) = pm.boundary.allsegs[0]
    assert np.allclose(segment[:, 1], 0.0, atol=4 / 29) and segment[:, 0].min() == 0 and segment[:, 0].max() == 4
    pm.update(None)  # nothing to show: image and boundary hidden
    assert not pm.image.get_visible() and pm.boundary is None
    pm.update(_two_halves())
    assert pm.image.get_visible()
    quiet = plotting.plot_probability_map(_two_halves(), (-1, 1), (-1, 1), boundary=False)
    assert quiet.boundary is None  # a map without its line (the playground's background)


def test_probability_map_refuses_what_is_not_a_grid_of_probabilities():
    with pytest.raises(ln.InputError, match=r"plot_probability_map: P must be the probabilities on a grid, shape "
                                            r"\(n_y, n_x\) with n_y, n_x >= 2, got shape \(5,\)"):
        plotting.plot_probability_map(np.full(5, 0.5), (-1, 1), (-1, 1))
    with pytest.raises(ln.InputError, match=r"P must hold probabilities in \[0, 1\], got P\[0, 1\] = 1.5"):
        plotting.plot_probability_map([[0.5, 1.5], [0.5, 0.5]], (-1, 1), (-1, 1))
    with pytest.raises(ln.InputError, match=r"got P\[1, 0\] = nan"):
        plotting.plot_probability_map([[0.5, 0.5], [np.nan, 0.5]], (-1, 1), (-1, 1))
    with pytest.raises(ln.InputError, match="plot_probability_map: x_range must be a pair"):
        plotting.plot_probability_map(None, 1, (-1, 1))
    with pytest.raises(ln.InputError, match="plot_probability_map: boundary must be True or False, got the string"):
        plotting.plot_probability_map(None, (-1, 1), (-1, 1), boundary="no")
    with pytest.raises(ln.InputError, match="plot_probability_map: matplotlib's imshow refused "
                                            ".*interpolation=the string 'smooth'"):
        plotting.plot_probability_map(None, (-1, 1), (-1, 1), interpolation="smooth")
    pm = plotting.plot_probability_map(None, (-1, 1), (-1, 1))
    with pytest.raises(ln.InputError, match=r"ProbabilityMap.update: y_range must be a pair \(low, high\) with "
                                            r"low < high"):
        pm.update(_two_halves(), y_range=(1, 0))
