"""Shared plotting: no global state unless asked, colours, and the decision-boundary picture."""

import io

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
