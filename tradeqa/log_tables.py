"""How `tradeqa logs` prints: aligned tables and JSON, with users' text made safe for a
terminal (tradeqa.terminal)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, TextIO

from tradeqa.terminal import printable, printable_json


def when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    # A question typed on several lines stays on one row; controls are shown, not obeyed.
    return printable(" ".join(str(value).split()))


def format_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    right: Sequence[int] = (),
    width: int | None = None,
) -> str:
    """Columns sized to their contents. Text in the last column is cut with an ellipsis where
    it would run past the terminal's width (it keeps at least 30 characters)."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    total = width or shutil.get_terminal_size((120, 24)).columns
    fixed = sum(widths[:-1]) + 2 * (len(headers) - 1)
    widths[-1] = min(widths[-1], max(30, total - fixed))

    def line(values: Sequence[str]) -> str:
        parts = []
        for i, value in enumerate(values):
            value = _clip(value, widths[i])
            parts.append(value.rjust(widths[i]) if i in right else value.ljust(widths[i]))
        return "  ".join(parts).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out.extend(line(r) for r in cells)
    return "\n".join(out)


def print_json(value: Any, out: TextIO) -> None:
    out.write(printable_json(json.dumps(value, indent=2, ensure_ascii=False, default=str)))
    out.write("\n")


def percent(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.0%}"
