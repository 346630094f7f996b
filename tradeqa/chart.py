"""The daily chart admins look at instead of a table: questions per day and the answer rate.

Drawn for Discord, which shows an embed's image about 400 px wide, whatever its size: the
figure is 4.2 × 3 inches, about the size it is shown at, so its 8-point text shows at about
11 px, Discord's own small print; 250 dpi (1050 × 750 px) keeps it sharp on dense screens.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

# The Agg canvas directly, never pyplot: no display needed, no global figure state shared
# between a CLI run and the bot's event loop.
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, DateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from storage.review import DayStats

SIZE_INCHES = (4.2, 3.0)
DPI = 250
TEXT = 8  # points: the ticks and legend; the title a little larger
ANSWERED = "#2f6db3"
MISSED = "#b0b7c3"
OTHER = "#e3e6eb"
RATE = "#d9622b"

# What each part of a day's bar counts, in the words of the legend.
ANSWERED_LABEL = "answered"
MISSED_LABEL = "not answered"
OTHER_LABEL = "greetings, help, refused"
RATE_LABEL = "% answered"


def _every_day(
    days: Sequence[DayStats], start: date | None = None, end: date | None = None
) -> list[DayStats]:
    """Every day from `start` to `end` (default: the first and last with questions), quiet
    days as zeros, so the bars are evenly spaced over the whole period asked for."""
    by_day = {d.day: d for d in days}
    if not by_day and (start is None or end is None):
        return []
    first = start or min(by_day)
    last = end or max(by_day)
    filled = []
    current = first
    while current <= last:
        filled.append(by_day.get(current, DayStats(current, 0, 0, 0)))
        current += timedelta(days=1)
    return filled


def other(day: DayStats) -> int:
    """Messages that were no question to answer or miss: greetings, help, refusals."""
    return max(0, day.questions - day.answered - day.unanswered)


def daily_figure(
    days: Sequence[DayStats],
    *,
    title: str = "tradeqa questions",
    start: date | None = None,
    end: date | None = None,
) -> Figure:
    """Stacked bars per UTC day (answered, not answered, the rest) and the answer rate."""
    filled = _every_day(days, start, end)
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    bars = figure.add_subplot()
    bars.set_title(title, fontsize=TEXT + 1, fontweight="bold", loc="left")
    if not any(d.questions for d in filled):
        empty = "No questions in this period"
        bars.text(0.5, 0.5, empty, ha="center", va="center", fontsize=TEXT + 1)
        bars.set_axis_off()
        return figure
    x = [d.day for d in filled]
    answered = [d.answered for d in filled]
    missed = [d.unanswered for d in filled]
    rest = [other(d) for d in filled]
    width = 0.8 if len(filled) < 60 else 1.0
    bars.bar(x, answered, width, color=ANSWERED, label=ANSWERED_LABEL)
    bars.bar(x, missed, width, bottom=answered, color=MISSED, label=MISSED_LABEL)
    below = [a + m for a, m in zip(answered, missed, strict=True)]
    if any(rest):
        bars.bar(x, rest, width, bottom=below, color=OTHER, label=OTHER_LABEL)
    bars.set_ylabel("questions", fontsize=TEXT)
    bars.set_ylim(0, max(d.questions for d in filled) * 1.12)  # room above the tallest bar
    bars.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    # Exactly the period asked for: half a day of margin on each side, nothing more.
    bars.set_xlim(date2num(x[0]) - 0.5, date2num(x[-1]) + 0.5)
    locator = AutoDateLocator(minticks=3, maxticks=5)
    bars.xaxis.set_major_locator(locator)
    bars.xaxis.set_major_formatter(DateFormatter("%b %-d"))
    bars.tick_params(labelsize=TEXT)
    bars.spines[["top"]].set_visible(False)
    rate = bars.twinx()
    rated = [d for d in filled if d.answer_rate is not None]
    rate.plot(
        [d.day for d in rated],
        [d.answer_rate for d in rated],
        color=RATE,
        marker="o",
        markersize=3,
        linewidth=1.5,
        label=RATE_LABEL,
    )
    rate.set_ylim(0, 1.05)
    rate.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    rate.yaxis.set_major_locator(MaxNLocator(nbins=4))
    rate.set_ylabel("% answered", fontsize=TEXT)
    rate.tick_params(labelsize=TEXT)
    rate.spines[["top"]].set_visible(False)
    handles, labels = bars.get_legend_handles_labels()
    more_handles, more_labels = rate.get_legend_handles_labels()
    figure.legend(
        handles + more_handles,
        labels + more_labels,
        loc="outside lower center",
        ncols=2,
        fontsize=TEXT,
        frameon=False,
    )
    return figure


def render_daily_chart(
    days: Sequence[DayStats],
    *,
    title: str = "tradeqa questions",
    start: date | None = None,
    end: date | None = None,
) -> bytes:
    """The chart as PNG bytes (see daily_figure)."""
    buffer = io.BytesIO()
    daily_figure(days, title=title, start=start, end=end).savefig(buffer, format="png")
    return buffer.getvalue()


def write_daily_chart(days: Sequence[DayStats], path: str | Path, **kwargs) -> None:
    Path(path).write_bytes(render_daily_chart(days, **kwargs))
