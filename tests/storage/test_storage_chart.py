"""The daily chart is a real PNG showing the numbers it was given."""

from __future__ import annotations

import io
import struct
from datetime import date

import numpy as np
from matplotlib import image
from matplotlib.dates import num2date

from storage import DayStats
from tradeqa.chart import daily_figure, render_daily_chart, write_daily_chart

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ANSWERED_BLUE = np.array([0x2F, 0x6D, 0xB3]) / 255


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE)
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def blue_pixels(data: bytes) -> int:
    pixels = image.imread(io.BytesIO(data), format="png")[..., :3]
    return int(np.all(np.abs(pixels - ANSWERED_BLUE) < 0.02, axis=-1).sum())


DAYS = [
    DayStats(date(2025, 7, 20), questions=12, answered=9, unanswered=2),
    # 21 July: nobody asked anything; the chart shows the gap.
    DayStats(date(2025, 7, 22), questions=30, answered=12, unanswered=15),
]


def test_the_chart_is_a_valid_png_of_the_expected_size(tmp_path):
    path = tmp_path / "chart.png"
    write_daily_chart(DAYS, path)
    data = path.read_bytes()
    # Discord shows an embed's image about 400 px wide: 2.5 times that keeps text sharp.
    assert png_size(data) == (1050, 750)
    assert len(data) > 10_000  # matplotlib drew something, not an empty frame
    assert data.endswith(b"IEND\xaeB`\x82")


def test_the_chart_shows_the_answered_bars():
    with_answers = blue_pixels(render_daily_chart(DAYS))
    none_answered = [DayStats(d.day, d.questions, 0, d.questions) for d in DAYS]
    assert with_answers > 1000
    assert blue_pixels(render_daily_chart(none_answered)) < with_answers / 10


def test_an_empty_period_still_gives_a_valid_png():
    data = render_daily_chart([])
    assert png_size(data) == (1050, 750)
    assert blue_pixels(data) == 0


def test_the_chart_spans_the_whole_period_asked_for():
    figure = daily_figure(DAYS, start=date(2025, 7, 1), end=date(2025, 7, 30))
    left, right = (num2date(x).date() for x in figure.axes[0].get_xlim())
    # Half a day of margin on each side of the first and the last day, no more.
    assert (left, right) == (date(2025, 6, 30), date(2025, 7, 30))


def test_the_legend_names_every_part_of_a_bar_in_plain_words():
    days = [DayStats(date(2025, 7, 20), questions=12, answered=9, unanswered=2)]
    figure = daily_figure(days)
    [legend] = figure.legends
    assert [t.get_text() for t in legend.get_texts()] == [
        "answered",
        "not answered",
        "greetings, help, refused",
        "% answered",
    ]
    # At the ~400 px Discord shows, 8 points on a 4.2-inch figure are about 11 px.
    assert figure.get_figwidth() <= 4.5
    assert all(text.get_fontsize() >= 8 for text in legend.get_texts())
