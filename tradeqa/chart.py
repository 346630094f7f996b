"""The daily chart admins look at instead of a table: questions per day and the answer rate."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

# The Agg canvas directly, never pyplot: no display needed, no global figure state shared
# between a CLI run and the bot's event loop.
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import DateFormatter, DayLocator
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from storage.review import DayStats


def _every_day(days: Sequence[DayStats]) -> list[DayStats]:
    """Fill quiet days with zeros so the bars are evenly spaced in time."""
    if not days:
        return []
    by_day = {d.day: d for d in days}
    first, last = min(by_day), max(by_day)
    filled = []
    current = first
    while current <= last:
        filled.append(by_day.get(current, DayStats(current, 0, 0, 0)))
        current += timedelta(days=1)
    return filled


def render_daily_chart(days: Sequence[DayStats], *, title: str = "tradeqa questions") -> bytes:
    """A PNG: bars for questions per UTC day, a line for the answer rate (right-hand axis)."""
    filled = _every_day(days)
    figure = Figure(figsize=(10, 4.5), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    bars = figure.add_subplot()
    bars.set_title(title)
    if not filled:
        bars.text(0.5, 0.5, "No questions in this period", ha="center", va="center")
        bars.set_axis_off()
    else:
        x = [d.day for d in filled]
        bars.bar(x, [d.questions for d in filled], color="#8fb3d9", label="questions")
        bars.bar(x, [d.answered for d in filled], color="#2f6db3", label="answered")
        bars.set_ylabel("questions per day (UTC)")
        bars.set_ylim(bottom=0)
        rate = bars.twinx()
        rated = [d for d in filled if d.answer_rate is not None]
        rate.plot(
            [d.day for d in rated],
            [d.answer_rate for d in rated],
            color="#d9622b",
            marker="o",
            label="answer rate",
        )
        rate.set_ylim(0, 1.05)
        rate.yaxis.set_major_formatter(PercentFormatter(1.0))
        rate.set_ylabel("answered / (answered + unanswered)")
        bars.xaxis.set_major_locator(DayLocator(interval=max(1, len(filled) // 12)))
        bars.xaxis.set_major_formatter(DateFormatter("%Y-%m-%d"))
        handles, labels = bars.get_legend_handles_labels()
        more_handles, more_labels = rate.get_legend_handles_labels()
        figure.legend(
            handles + more_handles, labels + more_labels, loc="outside lower center", ncols=3
        )
        for label in bars.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def write_daily_chart(days: Sequence[DayStats], path: str | Path, **kwargs: str) -> None:
    Path(path).write_bytes(render_daily_chart(days, **kwargs))
