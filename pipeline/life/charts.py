"""The yearly report's charts: matplotlib (Agg) pictures that print well in black and white.

Each chart is PNG bytes that are the same on every build of the same data: no timestamps or
software name in the file, one font chosen by name (the documents' Times New Roman, as the
metric-compatible Liberation Serif where it is installed, else matplotlib's own DejaVu Serif),
hatching rather than colour to tell series apart. Labels and numbers are Lithuanian ("1 234,5").
Every chart's data is also a table in the document, for readers who cannot see pictures.
Text from content is drawn as it is written: matplotlib never reads it as mathtext ("$\\foo{x$").
"""

from __future__ import annotations

import atexit
import functools
import io
import textwrap
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal

from ..core import lt

if TYPE_CHECKING:
    import concurrent.futures

WIDTH_IN = 6.3  # the text width of an A4 page with the templates' margins
DPI = 150
GREYS = ("#d9d9d9", "#7f7f7f", "#404040", "#bfbfbf", "#0d0d0d")
HATCHES = ("", "///", "...", "xx", "\\\\")
FONTS = ("Liberation Serif", "Times New Roman", "DejaVu Serif")


# How a Picture becomes Word XML in the document being rendered: set by the renderer (documents/render.py),
# which knows the document; the report's facts only say what to draw.
PLACING: ContextVar = ContextVar("placing")


@dataclass(frozen=True)
class Picture:
    """A chart a template places with {{ … }}: PNG bytes (or their drawing under way), its width, and the
    text that describes it.

    Unlike docxtpl's InlineImage it needs no template when the context is made: it goes into the
    one being rendered, and its description becomes the picture's alternative text.
    """

    data: bytes | Drawing
    width_mm: int
    description: str

    def png(self) -> bytes:
        """Return the PNG bytes, waiting for the drawing when it is under way."""
        return self.data if isinstance(self.data, bytes) else self.data.png()

    def __html__(self) -> str:
        return PLACING.get()(self.png(), self.width_mm, self.description)


class Drawing:
    """A chart being drawn: `later` gives it to a second process; `png()` returns its bytes once needed.

    A report's charts take most of its time (text is drawn glyph by glyph), and each depends only on
    its own data: while this process makes the rest of the report, a forked process draws them in
    turn, first first; when this one needs a chart, it draws the last ones not given out yet itself.
    """

    def __init__(self, drawer: _Drawer | None, draw: Callable[..., bytes], args: tuple, kwargs: dict):
        self._drawer, self._draw, self._args, self._kwargs = drawer, draw, args, kwargs
        self.future: concurrent.futures.Future | None = None  # set once given to the other process
        self._data: bytes | None = None

    def draw_here(self) -> None:
        self._data = self._draw(*self._args, **self._kwargs)

    def png(self) -> bytes:
        """Return the chart's PNG bytes: drawn by the other process, or here while that one is busy."""
        while self._data is None:
            if self.future is not None and self.future.done():
                self._take(self.future)
            elif (other := self._drawer.take_last() if self._drawer else None) is not None:
                other.draw_here()  # needed later anyway: drawn here rather than waited for
            elif self.future is not None:
                self._take(self.future)
            else:
                self.draw_here()
        if self._drawer is not None:
            self._drawer, drawer = None, self._drawer
            drawer.placed()
        return self._data

    def _take(self, future: concurrent.futures.Future) -> None:
        try:
            self._data = future.result()
        except Exception:  # noqa: BLE001 -- the other process ended, or failed: drawn here (an error, again)
            self.draw_here()


class _Drawer:
    """The forked process charts are drawn in, given one chart at a time, first first."""

    def __init__(self):
        from ..core.workers import forked_pool

        pyplot_ready()  # before the fork: the other process inherits matplotlib, set up
        self._pool = forked_pool(1)
        self._lock = threading.Lock()
        self._waiting: list[Drawing] = []
        self._busy = False
        self._unplaced = 0  # charts started and not yet placed: at none, the process ends

    def add(self, drawing: Drawing) -> None:
        with self._lock:
            self._waiting.append(drawing)
            self._unplaced += 1
        self._give()

    def placed(self) -> None:
        """Note a chart placed; end the drawing process once every chart it was given is (a report is done)."""
        with self._lock:
            self._unplaced -= 1
            last = self._unplaced == 0 and not self._waiting
        if last:
            self.close()

    def close(self) -> None:
        """End the drawing process (it has nothing left to draw, or this process ends)."""
        if self in _DRAWER:
            _DRAWER.remove(self)
        atexit.unregister(self.close)
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _give(self, finished: concurrent.futures.Future | None = None) -> None:
        """Give the other process the first waiting chart when it has none; called again as each is done."""
        with self._lock:
            self._busy = self._busy and finished is None
            if self._busy or not self._waiting:
                return
            drawing = self._waiting.pop(0)
            try:
                drawing.future = self._pool.submit(drawing._draw, *drawing._args, **drawing._kwargs)
            except (RuntimeError, OSError):  # the pool is shut down or broken, or cannot fork: drawn here
                self._waiting.insert(0, drawing)
                return
            self._busy = True
        drawing.future.add_done_callback(self._give)

    def take_last(self) -> Drawing | None:
        """Take back the last chart not given out yet (the caller draws it); None when none is left."""
        with self._lock:
            return self._waiting.pop() if self._waiting else None


_DRAWER: list[_Drawer] = []  # the one drawing process of this process, once started


def stop_drawing() -> None:
    """End the drawing process, if one runs: a build is over, and charts it never placed (it failed) are not needed.

    A long-lived process (watch) then starts the next build's charts afresh instead of adding them to a
    process still waiting for the failed build's charts to be placed.
    """
    for drawer in list(_DRAWER):
        drawer.close()


def later(draw: Callable[..., bytes], *args, **kwargs) -> Drawing:
    """Start drawing a chart (`dots`, `bars`) beside this process; a Picture places the result when needed.

    A process that may not fork (a worker of a pool itself) draws when the chart is needed.
    """
    import multiprocessing  # here: a check or a plan's build never draws

    if multiprocessing.current_process().daemon:
        return Drawing(None, draw, args, kwargs)
    if not _DRAWER:
        _DRAWER.append(_Drawer())
        atexit.register(_DRAWER[0].close)  # charts never placed (a failed build): ended while Python still runs
    drawing = Drawing(_DRAWER[0], draw, args, kwargs)
    _DRAWER[0].add(drawing)
    return drawing


@dataclass(frozen=True)
class Bar:
    label: str  # the category: an indicator code, a source, a status
    values: tuple[float, ...]  # one per series
    note: str = ""  # written after the bar, e.g. "duomenų nėra"


@functools.cache
def pyplot_ready():
    """Return pyplot set up once for every chart: the Agg backend, the font, black-and-white style."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, pyplot

    installed = {f.name for f in font_manager.fontManager.ttflist}
    family = next(name for name in FONTS if name in installed or name == "DejaVu Serif")
    matplotlib.rcParams.update({
        "font.family": "serif", "font.serif": [family], "font.size": 9, "axes.titlesize": 10,
        "svg.hashsalt": "report", "path.simplify": False, "hatch.linewidth": 0.6,
        "axes.spines.top": False, "axes.spines.right": False,
    })
    return pyplot


def literal_text(figure) -> None:
    """Have every text of a figure drawn as written: a "$" in content starts no mathtext formula."""
    from matplotlib.text import Text

    for text in figure.findobj(Text):
        text.set_parse_math(False)


def _png(figure) -> bytes:
    """Return the figure as a greyscale PNG without transparency or metadata (Pillow writes no time).

    The figure is drawn once into memory and encoded once, by Pillow, from the drawn pixels.
    """
    from PIL import Image

    figure.set_dpi(DPI)
    figure.set_facecolor("white")
    literal_text(figure)
    figure.canvas.draw()
    pixels = Image.frombuffer("RGBA", figure.canvas.get_width_height(), figure.canvas.buffer_rgba())
    buffer = io.BytesIO()
    pixels.convert("L").save(buffer, format="PNG")
    return buffer.getvalue()


def axis_number(value: float, _position=None) -> str:
    return lt.number(Decimal(str(round(value, 1))))


def bars(bars_: list[Bar], series: tuple[str, ...], axis_label: str, reference: float | None = None,
         reference_label: str = "") -> bytes:
    """Return a horizontal bar chart: one row per category, one bar per series, a legend when several.

    `reference` draws a dashed vertical line (e.g. 100 % of the target) named by reference_label.
    """
    pyplot = pyplot_ready()
    rows = len(bars_)
    legend = len(series) > 1 or bool(reference_label)
    height = min(7.0, max(1.3, 0.17 * rows * len(series) + 0.8)) + (0.35 if legend else 0)
    figure, axes = pyplot.subplots(figsize=(WIDTH_IN, height))
    # Margins set once rather than measured by a second drawing ("tight" layout doubles the time):
    # the left one fits the longest category label, the bottom one the axis label.
    label_in = 0.2 + 0.075 * max(len(b.label) for b in bars_)
    figure.subplots_adjust(left=label_in / WIDTH_IN, right=0.98, bottom=0.55 / height, top=1 - 0.1 / height)
    try:
        thickness = 0.8 / len(series)
        for s, name in enumerate(series):
            positions = [r + (s - (len(series) - 1) / 2) * thickness for r in range(rows)]
            axes.barh(positions, [b.values[s] for b in bars_], height=thickness * 0.9, label=name,
                      color=GREYS[s % len(GREYS)], hatch=HATCHES[s % len(HATCHES)], edgecolor="black", linewidth=0.6)
        for r, bar in enumerate(bars_):
            if bar.note:
                axes.annotate(bar.note, (max(0.0, max(bar.values)), r), xytext=(4, 0), textcoords="offset points",
                              va="center", fontsize=8, style="italic", parse_math=False, zorder=4,
                              bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
        if reference is not None:
            axes.axvline(reference, color="black", linestyle="--", linewidth=0.9, label=reference_label or None)
        axes.set_yticks(range(rows), [b.label for b in bars_], parse_math=False)
        axes.invert_yaxis()
        axes.set_xlabel(axis_label, parse_math=False)
        axes.xaxis.set_major_formatter(axis_number)
        axes.axvline(0, color="black", linewidth=0.6)
        low = min([0.0] + [v for b in bars_ for v in b.values])
        high = max([reference or 0.0] + [v for b in bars_ for v in b.values])
        # Room on the right only for what is written after a bar: the plot is the data's, not empty space.
        room = 1.3 if any(b.note for b in bars_) else 1.04
        axes.set_xlim(low * 1.05 if low < 0 else 0, high * room if high > 0 else 1)
        if legend:  # above the plot: never over a bar or what is written after it
            figure.subplots_adjust(top=1 - 0.38 / height)
            axes.legend(loc="lower left", bbox_to_anchor=(0, 1.01), ncol=2, fontsize=8, frameon=False)
        return _png(figure)
    finally:
        pyplot.close(figure)


@dataclass(frozen=True)
class Dot:
    label: str  # the row: an indicator's code and short name
    group: str  # the heading its row stands under (the indicator's level)
    value: float | None  # where it stands against the year's plan (100 = on plan); None: no data
    text: str  # written beside the dot


def _dot_rows(dots_: list[Dot]) -> list[tuple[str, Dot | None]]:
    """Return the chart's rows: a heading row (no dot) where a group starts, then a row per dot."""
    rows: list[tuple[str, Dot | None]] = []
    for dot in dots_:
        if not rows or next((d.group for _, d in reversed(rows) if d), None) != dot.group:
            rows.append((dot.group, None))
        rows.append((dot.label, dot))
    return rows


def _dot(axes, dot: Dot, row: int, span: tuple[float, float]) -> None:
    """Draw one value: a dot with its figure, or at the axis' edge (an arrow) when beyond it; no value, its note."""
    low, high = span
    if dot.value is None:
        axes.annotate(dot.text, (low, row), xytext=(4, 0), textcoords="offset points", va="center",
                      fontsize=8, style="italic", parse_math=False)
        return
    shown = min(max(dot.value, low), high)
    axes.plot([shown], [row], marker="o" if shown == dot.value else ">" if dot.value > high else "<",
              markersize=6, color="black", zorder=3, linestyle="none")
    axes.annotate(dot.text, (shown, row), xytext=(6, 0), textcoords="offset points", va="center",
                  fontsize=8, parse_math=False)


def dots(dots_: list[Dot], floor: float, axis_label: str, band_label: str, plan_label: str) -> bytes:
    """Return a dot chart of values against a plan: a row per item grouped under headings, a dashed line at
    100 (the plan), the band from `floor` up where a value is within the allowed deviation, each value a dot.

    The axis spans the data (and the band), not a fixed range; a value beyond 250 or below −150 is drawn
    at the edge with its figure written beside it.
    """
    pyplot = pyplot_ready()
    rows = _dot_rows(dots_)
    # 1.2 in under the plot: the axis' label (wrapped) and the legend below it, clear of every dot.
    height = min(9.45, max(2.05, 0.2 * len(rows) + 1.35))
    figure, axes = pyplot.subplots(figsize=(WIDTH_IN, height))
    label_in = 0.2 + 0.062 * max(len(label) for label, _ in rows)
    figure.subplots_adjust(left=min(0.55, label_in / WIDTH_IN), right=0.97, bottom=1.2 / height,
                           top=1 - 0.1 / height)
    try:
        values = [d.value for _, d in rows if d and d.value is not None]
        low = max(-150.0, min(values + [floor]) - 12)
        high = min(250.0, max(values + [100.0]) + 18)
        axes.axvspan(floor, high, color=GREYS[0], zorder=0, label=band_label)
        axes.axvline(100, color="black", linestyle="--", linewidth=0.9, label=plan_label)
        for r, (_, dot) in enumerate(rows):
            if dot is not None:
                _dot(axes, dot, r, (low, high))
        axes.set_yticks(range(len(rows)), [label for label, _ in rows], parse_math=False)
        for tick, (_, dot) in zip(axes.get_yticklabels(), rows, strict=True):
            if dot is None:
                tick.set_fontweight("bold")
        axes.set_ylim(len(rows) - 0.5, -0.7)
        axes.set_xlim(low, high)
        axes.set_xlabel(textwrap.fill(axis_label, 70), parse_math=False)  # a long label wraps, never runs off
        axes.xaxis.set_major_formatter(axis_number)
        figure.legend(loc="lower center", ncol=2, fontsize=8, frameon=True, edgecolor="black", fancybox=False)
        return _png(figure)
    finally:
        pyplot.close(figure)
