"""The statistics chart: registrations per day (bars and the running total) and the funnel.

Persian needs its letters joined and its lines laid right to left. Matplotlib does both
since 3.11: it lays every text out with libraqm (FriBiDi for the order, mirroring and
isolates; HarfBuzz for the joined forms and marks), so labels are given to it as a reader
would type them, never pre-shaped (pre-shaped text, arabic-reshaper and python-bidi's way
for older versions, comes out reversed there). Persian labels start with a right-to-left
mark, so a line that opens with a number (`۱۲۰ (۶۷٪)`) still reads from the right. The font
is Vazirmatn (SIL OFL 1.1, shipped in `bot/ui/fonts/` with its licence). Drawing uses
Matplotlib's Agg canvas, never a display, in a worker thread so the bot keeps answering.
"""

from __future__ import annotations

import asyncio
import html
import io
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import MaxNLocator

from bot.domain.calls import Call
from bot.domain.dates import day_and_month
from bot.domain.stats import CallStats
from bot.domain.text import shorten
from bot.ui.texts import Translator

FONTS = Path(__file__).parent / "fonts"
SIZE = (8.0, 6.4)  # inches, at DPI: 1200 × 960 pixels
DPI = 150
TITLE_ROOM = 70  # graphemes of a call's title under the heading
MOST_DAY_TICKS = 7
BARS = "#2a9d8f"
LINE = "#e76f51"
FUNNEL = "#264653"
MUTED = "#6c757d"
RLM = "\u200f"  # right-to-left mark: the line reads from the right, whatever it starts with


def label(t: Translator, text: str) -> str:
    """A catalog text (or a date, a number) as a label: plain, and right to left in Persian."""
    plain = html.unescape(text)
    return f"{RLM}{plain}" if t.lang == "fa" else plain


@dataclass(frozen=True)
class _Style:
    """The fonts and the text direction every label of one chart is drawn with."""

    t: Translator
    regular: FontProperties
    bold: FontProperties

    @property
    def rtl(self) -> bool:
        return self.t.lang == "fa"

    def font(self, size: float, *, bold: bool = False) -> FontProperties:
        font = (self.bold if bold else self.regular).copy()
        font.set_size(size)
        return font

    def text(self, size: float, *, bold: bool = False) -> dict[str, Any]:
        """What a Matplotlib text takes: its font, and its language for shaping."""
        return {"fontproperties": self.font(size, bold=bold), "language": self.t.lang}


def draw(t: Translator, call: Call, numbers: CallStats) -> Figure:
    """The chart as a Matplotlib figure, every label in the reader's language."""
    style = _Style(
        t,
        FontProperties(fname=FONTS / "Vazirmatn-Regular.ttf"),
        FontProperties(fname=FONTS / "Vazirmatn-Bold.ttf"),
    )
    figure = Figure(figsize=SIZE, dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    figure.text(0.5, 0.955, label(t, t("chart.heading")), ha="center", **style.text(15, bold=True))
    # The call's title on a line of its own: its own first letter sets its direction.
    title = shorten(t.title(call.spec.title), TITLE_ROOM)
    figure.text(0.5, 0.912, title, ha="center", color=MUTED, **style.text(11))
    days = figure.add_gridspec(1, 1, top=0.83, bottom=0.42, left=0.09, right=0.91)
    # The funnel's step names sit beside it: on the right in Persian, on the left in English.
    room = (0.08, 0.78) if style.rtl else (0.22, 0.92)
    steps = figure.add_gridspec(1, 1, top=0.31, bottom=0.03, left=room[0], right=room[1])
    _per_day(style, figure.add_subplot(days[0]), numbers)
    _funnel(style, figure.add_subplot(steps[0]), call, numbers)
    return figure


def png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def stats_png(t: Translator, call: Call, numbers: CallStats) -> bytes:
    return png(draw(t, call, numbers))


async def stats_chart(t: Translator, call: Call, numbers: CallStats) -> bytes:
    """The chart as a PNG, drawn in a worker thread (it takes a good part of a second)."""
    return await asyncio.to_thread(stats_png, t, call, numbers)


def has_chart(numbers: CallStats) -> bool:
    """Whether there is anything to draw: nobody has even opened the call yet."""
    return bool(numbers.opened or numbers.per_day)


def _heading(style: _Style, axes: Axes, key: str) -> None:
    t = style.t
    axes.set_title(
        label(t, t(key)), loc="right" if style.rtl else "left", **style.text(12, bold=True)
    )


def every_day(per_day: list[tuple[date, int]]) -> list[tuple[date, int]]:
    """Each day from the first registration to the last, days without any as zero."""
    if not per_day:
        return []
    counts = dict(per_day)
    first, last = per_day[0][0], per_day[-1][0]
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [(day, counts.get(day, 0)) for day in days]


def _count_ticks(style: _Style, axes: Axes, most: int) -> None:
    """Whole numbers up the side, in the reader's digits."""
    top = max(most, 1)
    ticks = [int(v) for v in MaxNLocator(nbins=5, integer=True).tick_values(0, top)]
    ticks = [tick for tick in ticks if 0 <= tick <= top * 1.15]
    axes.set_ylim(0, max(ticks[-1], top) * 1.35)  # headroom for the legend
    axes.set_yticks(ticks, [style.t.number(tick) for tick in ticks], **style.text(9))


def _per_day(style: _Style, axes: Axes, numbers: CallStats) -> None:
    t = style.t
    _heading(style, axes, "chart.per_day")
    days = every_day(numbers.per_day)
    if not days:
        axes.text(0.5, 0.5, label(t, t("chart.none_yet")), ha="center", va="center",
                  transform=axes.transAxes, color=MUTED, **style.text(12))  # fmt: skip
        axes.set_xticks([])
        axes.set_yticks([])
        return
    positions = list(range(len(days)))
    daily = [count for _, count in days]
    total = [sum(daily[: n + 1]) for n in positions]
    bars = axes.bar(positions, daily, width=0.7, color=BARS, label=label(t, t("chart.daily")))
    _count_ticks(style, axes, max(daily))
    every = max(1, -(-len(days) // MOST_DAY_TICKS))
    ticks = positions[::every]
    names = [label(t, day_and_month(days[n][0], t.lang)) for n in ticks]
    axes.set_xticks(ticks, names, **style.text(9))
    axes.set_xlim(-0.6, len(days) - 0.4)
    axes.spines["top"].set_visible(False)
    running = axes.twinx()
    (line,) = running.plot(
        positions, total, color=LINE, marker="o", markersize=3, linewidth=2,
        label=label(t, t("chart.cumulative")),
    )  # fmt: skip
    _count_ticks(style, running, total[-1])
    running.spines["top"].set_visible(False)
    axes.legend(
        handles=[bars, line], loc="upper left", prop=style.font(9), facecolor="white",
        framealpha=0.85, edgecolor="none",
    )  # fmt: skip


def _funnel(style: _Style, axes: Axes, call: Call, numbers: CallStats) -> None:
    """One bar per step, the first on top; in Persian the bars grow from the right."""
    t = style.t
    _heading(style, axes, "chart.funnel")
    stages = [
        ("opened", numbers.opened),
        ("agreed", numbers.agreed),
        ("submitted", numbers.submitted),
    ]
    if call.spec.moderated or numbers.accepted:  # only an admin's decision accepts anyone
        stages.append(("accepted", numbers.accepted))
    positions = list(range(len(stages)))[::-1]
    counts = [count for _, count in stages]
    axes.barh(positions, counts, height=0.6, color=FUNNEL)
    names = [label(t, t(f"chart.stage.{name}")) for name, _ in stages]
    axes.set_yticks(positions, names, **style.text(10))
    axes.set_xlim(0, max(max(counts), 1) * 1.3)
    axes.set_xticks([])
    for position, (name, count) in zip(positions, stages, strict=True):
        text = t.number(count)
        if name != "opened" and numbers.opened:
            text = t("chart.share", count=count, share=round(100 * count / numbers.opened))
        axes.annotate(
            label(t, text), (count, position), xytext=(-5 if style.rtl else 5, 0),
            textcoords="offset points", va="center", ha="right" if style.rtl else "left",
            **style.text(10),
        )  # fmt: skip
    for side in ("top", "bottom", "left" if style.rtl else "right"):
        axes.spines[side].set_visible(False)
    if style.rtl:
        axes.invert_xaxis()
        axes.yaxis.tick_right()
