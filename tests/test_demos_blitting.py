"""Every explorer that draws over a cached background gives, after any control change, exactly the
picture a full redraw of the figure gives: nothing it moves is left out, nothing stale stays."""

import importlib
import io
import pkgutil

import matplotlib
import numpy as np
import pytest
from PIL import Image as PILImage

import lecture_nn.demos

matplotlib.use("Agg")


def _makers():
    for module in pkgutil.iter_modules(lecture_nn.demos.__path__):
        if module.name == "base":
            continue
        topic = importlib.import_module(f"lecture_nn.demos.{module.name}")
        for make in getattr(topic, "EXPLORERS", []):
            yield pytest.param(make, id=f"{module.name}.{make.__name__}")


def pixels(png_bytes):
    return np.asarray(PILImage.open(io.BytesIO(png_bytes)).convert("RGB")).astype(int)


def full_redraw(ex):
    for artist in ex.animated:
        artist.set_animated(False)
    try:
        ex.fig.canvas.draw()
        return pixels(ex._encode())
    finally:
        for artist in ex.animated:
            artist.set_animated(True)


@pytest.mark.parametrize("make", list(_makers()))
def test_every_picture_of_a_blitting_explorer_equals_afull_redraw(make):
    ex = make()
    if not ex.animated:
        pytest.skip(f"{type(ex).__name__} draws every picture whole")
    for i, _ in enumerate(ex.sweep()):
        if i % 3:
            continue
        fast = pixels(ex.png())
        full = full_redraw(ex)
        differs = np.any(fast != full, axis=-1)
        assert not differs.any(), (f"{type(ex).__name__} at {ex.values}: {differs.sum()} pixels differ from a "
                                   f"full redraw, rows {np.flatnonzero(differs.any(1))[[0, -1]]}, "
                                   f"columns {np.flatnonzero(differs.any(0))[[0, -1]]}")
        ex.png()  # the full redraw changed the canvas, not the cached background
