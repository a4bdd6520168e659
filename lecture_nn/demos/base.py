"""The explorer pattern: controls -> one persistent figure -> PNG -> an Output widget.

A topic's explorer subclasses :class:`Explorer`, builds its figure and artists once in
``__init__``, declares its controls, and implements ``update(**values)``, which moves the
artists (``line.set_ydata``, ``image.set_data``, ...) to match the control values. The base
class does the rest:

* every control change calls ``update`` and puts a fresh PNG of the figure in ``out``;
* while that runs the status line says "computing…";
* an exception inside ``update`` is drawn on the picture and in the status line (the cell
  keeps working, the student's slider values stay as they were), never a traceback;
* the explorer displays as a widget in JupyterLab, as the PNG of its current picture
  where widgets cannot render (GitHub, static HTML), and as a stable one-line text for
  tests that compare outputs (nbval); in its error state that text carries the error, so a
  notebook whose explorer cannot draw fails nbval.

Tests drive an explorer without a browser: ``ex.controls["width"].value = 16`` runs the
update at once; assert on the artists and on ``ex.out.outputs``.
"""

from __future__ import annotations

import html
import inspect
import io
import time

import ipywidgets as widgets
import numpy as np
from IPython.display import Image
from PIL import Image as PILImage
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import AxesImage

from .. import plotting
from .._checks import choice, flag, integer, number
from ..errors import InputError, UsageError

__all__ = ["Explorer", "Redrawn", "control"]


def control(widget_class, argument: str, value, **options) -> widgets.Widget:
    """A control of ``widget_class`` that holds exactly ``value``, the value the student passed as ``argument``.

    ipywidgets clamps a slider's value into its range and refuses an unknown option with
    traitlets' "Invalid selection"; here a value the control cannot hold raises an
    :class:`~lecture_nn.errors.InputError` that names ``argument``, the range or the choices, and
    the nearest choice. A string matches an option case-insensitively (``"ReLU"`` picks ``"relu"``).
    Explorers build their controls with it before any heavy work, so a refused value costs nothing.
    """
    if issubclass(widget_class, widgets.FloatLogSlider):
        base = options.get("base", 10)
        low, high = base ** options.get("min", 0), base ** options.get("max", 4)
        value = number(value, argument, low * (1 - 1e-12), high * (1 + 1e-12))
    elif issubclass(widget_class, (widgets.FloatSlider, widgets.BoundedFloatText)):
        low, high = options.get("min", 0.0), options.get("max", 100.0)
        value = number(value, argument, low - 1e-12 * abs(low), high + 1e-12 * abs(high))
    elif issubclass(widget_class, (widgets.IntSlider, widgets.BoundedIntText)):
        value = integer(value, argument, options.get("min", 0), options.get("max", 100))
    elif issubclass(widget_class, widgets.SelectMultiple):
        known = [v for _, v in _labelled_options(widgets.SelectMultiple(options=options["options"]))]
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple, set, frozenset)):
            raise InputError(f"{argument} must be a tuple of some of {', '.join(map(repr, known))}, got {value!r}")
        value = tuple(choice(v, argument, known) for v in value)
    elif issubclass(widget_class, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons,
                                   widgets.Select, widgets.SelectionSlider)):
        known = [v for _, v in _labelled_options(widgets.Dropdown(options=options["options"]))]
        value = choice(value, argument, known)
    elif issubclass(widget_class, (widgets.Checkbox, widgets.ToggleButton)):
        value = flag(value, argument)
    return widget_class(value=value, **options)


class Explorer:
    """Base class of every slider explorer.

    Subclasses call ``super().__init__(figure, controls)`` at the end of their ``__init__``
    (after building the artists) and implement ``update(**values)``.
    """

    #: resolution of the PNG put into the notebook (presentation mode: the figure's own, which
    #: fills a 16:9 slide, see ``plotting.use_lecture_style``)
    dpi = 90
    #: True while a refresh should not say "computing…" in the status line (a frame of play)
    quiet_refresh = False

    def __init__(self, figure: Figure, controls: dict, title: str = "", animated=()):
        """``animated``: the artists ``update`` changes, when they are few beside much that never
        changes (text is most of a picture's cost): ``png`` then draws the rest once, as a
        background, and only these on top of it (an ``ArtistGroup`` among them, such as a
        ``ProbabilityMap``: the artists that draw it now), in the order a full draw would take
        (equal zorders: as listed, which should be as created). A static artist that lies above one of
        them (a spine over an image, a legend over a curve) belongs in the list too, or the moving
        artist would cover it; ``tests/test_demos_blitting.py`` checks every explorer's pictures
        against full redraws. Empty: every picture is drawn whole."""
        self.fig = figure
        if plotting.presenting():
            self.dpi = figure.dpi
        else:
            figure.set_dpi(self.dpi)  # the canvas is the picture: png() encodes what it drew
        # a canvas of its own: savefig then reuses one renderer, whose text caches survive
        # between pictures, instead of building a new canvas for every PNG
        FigureCanvasAgg(figure)
        self.controls = dict(controls)
        self._check_update_takes_the_controls()
        self.title = title
        self.out = widgets.Output()
        self.status = widgets.HTML(value="")
        self.last_error: Exception | None = None
        self.last_update_seconds = 0.0
        self.last_update_cpu_seconds = 0.0
        self._message = figure.text(0.5, 0.5, "", ha="center", va="center", fontsize=11, color="#D55E00",
                                    wrap=True, zorder=100, visible=False,
                                    bbox=dict(boxstyle="round", facecolor="white", edgecolor="#D55E00"))
        # the error message comes and goes: with a background it is drawn on top, never into it
        self._animated = list(animated) + [self._message] if animated else []
        for artist in self._animated:
            artist.set_animated(True)  # left out of a full draw: png() draws it on the background
        self._background = None
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    # -- what a topic implements ------------------------------------------------------------
    def update(self, **values):
        """Move the artists to match the control ``values`` (name -> value)."""
        raise NotImplementedError

    # -- plumbing -------------------------------------------------------------------------------
    def _check_update_takes_the_controls(self):
        """Refuse, at construction, an explorer whose controls ``update`` cannot take: else every picture
        would show a TypeError instead of failing where the explorer is written."""
        parameters = inspect.signature(self.update).parameters
        takes_any = any(p.kind is p.VAR_KEYWORD for p in parameters.values())
        unknown = [] if takes_any else [name for name in self.controls if name not in parameters]
        missing = [name for name, p in parameters.items() if p.default is p.empty and name not in self.controls
                   and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
        problems = ([f"update() does not take {unknown}"] if unknown else []) + \
            ([f"no control gives update()'s {missing}"] if missing else [])
        if problems:
            raise UsageError(f"{type(self).__name__}: its controls {list(self.controls)} must be the parameters of "
                             f"its update(); " + "; ".join(problems))

    @property
    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, change):
        self.refresh()

    def checked(self, **values) -> dict:
        """``values`` (control name -> value) checked as the controls would hold them, in the same order.

        ``update`` gets its values from the controls, or from code that calls it directly; an
        explorer's ``update`` starts with ``self.checked(...)`` for the values it computes from, so a
        value its control could not hold is refused by name before any artist moves.
        """
        return {name: held_value(self.controls[name], name, value) for name, value in values.items()}

    def _check_values(self):
        """A number control set to NaN or infinity (from code: a slider cannot) is refused by name."""
        self.checked(**self.values)

    def refresh(self):
        """Run ``update`` with the current control values and show the new picture."""
        if not self.quiet_refresh:  # (a frame of play: the picture itself says it is computing)
            self.status.value = "<i>computing…</i>"
        start, cpu_start = time.perf_counter(), time.process_time()
        try:
            self._check_values()
            self.update(**self.values)
        except Exception as error:  # shown to the student in the picture, not as a traceback
            self.last_error = error
            self._message.set_text(f"could not draw this setting:\n{type(error).__name__}: {error}")
            self._message.set_visible(True)
            self.status.value = f"<span style='color:#D55E00'>{html.escape(str(error))}</span>"
        else:
            self.last_error = None
            self._message.set_visible(False)
            if self.status.value:
                self.status.value = ""
        if plotting.presenting():  # the projector's larger text must stay inside the picture
            if self.fig.get_layout_engine() is not None:
                self.fig.draw_without_rendering()  # first picture: place the axes, then measure
            plotting.fit_titles(self.fig)
        self.show_picture(self.frame())
        if self.fig.get_layout_engine() is not None:
            # the first picture placed the axes; keeping them there saves the layout solver
            # (~40 ms) on every later update, and the picture does not jump while sliding.
            # None, not "none": any engine, even the placeholder, makes savefig draw twice
            self.fig.set_layout_engine(None)
        self.last_update_seconds = time.perf_counter() - start
        self.last_update_cpu_seconds = time.process_time() - cpu_start

    def png(self) -> bytes:
        """The current picture as PNG bytes.

        Drawn on the figure's own canvas and encoded as RGB at compression level 3: about 12 ms
        less per picture than ``savefig``'s RGBA at level 6, and a few percent smaller. With
        ``animated`` artists, the static background is drawn once and reused (until
        :meth:`redraw_background`), and those artists are drawn on top of it in their order.
        """
        self.render()
        return self._encode()

    def render(self):
        """Draw the current picture onto the canvas (``png`` encodes it): whole, or with ``animated``
        artists the cached background and those artists on top of it."""
        canvas = self.fig.canvas
        if not self._animated:
            canvas.draw()
            return
        if self._background is None:
            # everything but the animated artists; matplotlib before 3.8 draws an animated image
            # all the same (drawn again on top, a half-transparent map would darken): hidden here
            images = [a for a in self.animated if isinstance(a, AxesImage) and a.get_visible()]
            for image in images:
                image.set_visible(False)
            try:
                canvas.draw()
            finally:
                for image in images:
                    image.set_visible(True)
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        else:
            canvas.restore_region(self._background)
        for artist in sorted(self.animated, key=self._drawing_order):
            if artist.get_visible() and (artist.axes is None or artist.axes.get_visible()):
                self.fig.draw_artist(artist)

    def show_picture(self, data: bytes):
        """Put the picture ``data`` (PNG or JPEG bytes) in the page, in place of the last one."""
        self.out.outputs = ()
        self.out.append_display_data(Image(data))

    def frame(self) -> bytes:
        """The picture ``refresh`` puts in the page: ``png()``. (An explorer that plays may send a
        lighter picture while it plays; what is stored, exported or compared stays the PNG.)"""
        return self.png()

    def _drawing_order(self, artist):
        """The figure's own drawing order: its axes by zorder, then as created, and within an axes
        its artists by zorder (equal zorders: as listed); figure-level text after the axes."""
        axes = list(self.fig.axes)
        if isinstance(artist, Axes):
            return (artist.get_zorder(), axes.index(artist), -np.inf)
        if artist.axes is not None and artist.axes in axes:
            return (artist.axes.get_zorder(), axes.index(artist.axes), artist.get_zorder())
        return (artist.get_zorder(), len(axes), 0.0)

    @property
    def animated(self) -> tuple:
        """The artists ``png`` draws over the cached background (with the error message, last); () if none.

        An ``ArtistGroup`` in the list (a ``ProbabilityMap``, a ``Redrawn``) stands for the artists
        that draw it now: a map's image and current boundary, a contour drawn anew by each update."""
        return tuple(a for entry in self._animated
                     for a in (entry.artists if isinstance(entry, plotting.ArtistGroup) else [entry]))

    def redraw_background(self):
        """Draw the static background anew for the next picture (after ``update`` changed a part of it)."""
        self._background = None

    def _encode(self, compress_level: int = 3, jpeg_quality: int | None = None) -> bytes:
        """What the canvas holds now, as an RGB PNG (explorers that draw in parts call it too), or
        as a JPEG of ``jpeg_quality``."""
        buffer = io.BytesIO()
        if jpeg_quality is None:
            PILImage.fromarray(np.asarray(self.fig.canvas.buffer_rgba())[..., :3]).save(
                buffer, format="png", compress_level=compress_level)
        else:  # read in place (no copy of the canvas), then RGB: JPEG has no alpha
            width, height = self.fig.canvas.get_width_height(physical=True)
            PILImage.frombuffer("RGBA", (width, height), self.fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert(
                "RGB").save(buffer, format="jpeg", quality=jpeg_quality)
        return buffer.getvalue()

    @property
    def widget(self) -> widgets.Widget:
        """The controls, the status line and the picture, as one widget."""
        if not hasattr(self, "_widget"):
            controls = widgets.HBox(list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
            parts = [widgets.HTML(f"<b>{html.escape(self.title)}</b>")] if self.title else []
            self._widget = widgets.VBox(parts + [controls, self.status, self.out])
        return self._widget

    def _repr_mimebundle_(self, include=None, exclude=None):
        # the widget for live frontends, the picture for static ones, a stable line for text
        data = dict(self.widget._repr_mimebundle_() or {})
        data["image/png"] = self.png()
        data["text/plain"] = self.text()
        return data

    def text(self) -> str:
        """The stable line stored as the explorer's text output, and the error if it could not draw.

        nbval compares this text, not the picture: an explorer that draws an error instead of its
        picture makes the notebook fail, instead of storing an error picture nobody compares.
        """
        if self.last_error is None:
            return repr(self)
        return f"{self!r}\ncould not draw: {type(self.last_error).__name__}: {self.last_error}"

    def __repr__(self):
        settings = ", ".join(f"{k}={v!r}" for k, v in self.values.items())
        return f"{type(self).__name__}({settings})"

    # -- for tests and the latency benchmark ----------------------------------------------------
    def sweep(self):
        """Move every control, one at a time, through its extreme values and back.

        Yields ``(name, value, seconds)`` after each update, where seconds is the update's
        latency (compute + render). Used by the tests and by ``benchmarks/explorers.py``. A
        setting that draws an error instead of its picture raises ``RuntimeError`` naming the
        control and the value, so a test that sweeps cannot miss it.
        """
        for name, control in self.controls.items():
            start = control.value
            try:
                for value in extreme_values(control) + [start]:
                    if value == control.value:
                        continue  # no change, no update: nothing to time
                    control.value = value
                    if self.last_error is not None:
                        raise RuntimeError(f"{type(self).__name__} with {name} = {value!r} could not draw: "
                                           f"{type(self.last_error).__name__}: {self.last_error}") from self.last_error
                    yield name, value, self.last_update_seconds
            finally:
                control.value = start


class Redrawn(plotting.ArtistGroup):
    """A part of an explorer's picture that each update draws anew, such as a contour set: list it
    among the ``animated`` artists, and hand each new drawing to :meth:`replace`, which removes the
    old one. ``artists`` are what is drawn now (none before the first drawing)."""

    def __init__(self):
        self.current = None

    def replace(self, drawn):
        """Remove the previous drawing and keep ``drawn`` (an artist or a ``ContourSet``) in its place."""
        if self.current is not None:
            self.current.remove()
        self.current = drawn
        self.set_animated(self.get_animated())
        return drawn

    @property
    def artists(self) -> list:
        return [] if self.current is None else plotting.artists_of(self.current)


def held_value(c: widgets.Widget, name: str, value):
    """``value`` as control ``c`` (named ``name``) would hold it, or an InputError naming the range or choices."""
    if isinstance(c, widgets.FloatLogSlider):
        low, high = c.base ** c.min, c.base ** c.max
        return number(value, name, low * (1 - 1e-12), high * (1 + 1e-12))
    if isinstance(c, (widgets.FloatSlider, widgets.BoundedFloatText)):
        return number(value, name, c.min - 1e-12 * abs(c.min), c.max + 1e-12 * abs(c.max))
    if isinstance(c, (widgets.IntSlider, widgets.BoundedIntText, widgets.Play)):
        return integer(value, name, c.min, c.max)
    if isinstance(c, (widgets.Checkbox, widgets.ToggleButton)):
        return flag(value, name)
    if isinstance(c, widgets.SelectMultiple):
        known = [v for _, v in _labelled_options(c)]
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple, set, frozenset)):
            raise InputError(f"{name} must be a tuple of some of {', '.join(map(repr, known))}, got {value!r}")
        return tuple(choice(v, name, known) for v in value)
    if hasattr(c, "options"):
        return choice(value, name, [v for _, v in _labelled_options(c)])
    return value


def extreme_values(control) -> list:
    """The values a student can reach that are most likely to break something."""
    if isinstance(control, (widgets.IntSlider, widgets.FloatSlider, widgets.IntText, widgets.BoundedIntText,
                            widgets.BoundedFloatText)):
        middle = control.min + (control.max - control.min) / 2
        step = getattr(control, "step", None)
        if isinstance(control.value, int):
            middle = int(round(middle))
            if step and (middle - control.min) % step:  # on the slider's grid, where a browser would put it
                middle = control.min + int(round((middle - control.min) / step)) * step
        return [control.min, control.max, middle]
    if isinstance(control, widgets.FloatLogSlider):
        return [control.base ** control.min, control.base ** control.max]
    if isinstance(control, (widgets.IntRangeSlider, widgets.FloatRangeSlider)):
        return [(control.min, control.min), (control.max, control.max), (control.min, control.max)]
    if isinstance(control, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons, widgets.Select,
                            widgets.SelectionSlider)):
        return [value for _, value in _labelled_options(control)]
    if isinstance(control, widgets.SelectMultiple):
        everything = tuple(value for _, value in _labelled_options(control))
        return [(), everything[:1], everything]
    if isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        return [not control.value, control.value]
    if isinstance(control, widgets.Play):  # a ticker: a student can only let it advance
        return [control.value + 1, control.value + 2]
    return []


def _labelled_options(control):
    options = control.options
    if isinstance(options, dict):
        return list(options.items())
    return [(o, o) if not isinstance(o, tuple) else o for o in options]
