"""The query log as CSV, safe to open in a spreadsheet, for `tradeqa logs export` and
`/logs export` alike.

A cell starting with = + - @ (or a tab or carriage return, which some spreadsheets skip
before reading a formula) would run as a formula when an admin opens the file:
`=HYPERLINK(...)` typed as a question is an attack on whoever opens the export. Such text
cells get a leading single quote, which spreadsheets show as text and do not evaluate.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from storage.review import EXPORT_FIELDS, LogFilter, LogReview
from storage.review_records import _logged_query

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would take for a formula, made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(row: dict[str, Any]) -> list[Any]:
    """One exported question (LoggedQuery.to_dict()) as CSV cells, in EXPORT_FIELDS order."""
    flat = dict(row)
    flat["suggestions"] = " ".join(row["suggestions"])  # fact ids never contain spaces
    flat["feedback"] = json.dumps(row["feedback"], ensure_ascii=False) if row["feedback"] else ""
    return [neutralise(flat[name]) for name in EXPORT_FIELDS]


def csv_text(rows: Iterable[dict[str, Any]], *, header: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    if header:
        writer.writerow(EXPORT_FIELDS)
    writer.writerows(csv_row(row) for row in rows)
    return out.getvalue()


def _csv_chunk(raw_rows: list[tuple]) -> bytes:
    return csv_text((_logged_query(r).to_dict() for r in raw_rows), header=False).encode()


class TooBig(Exception):
    """The export would be larger than allowed; nothing more was read."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(f"the export is over {limit / 2**20:.0f} MiB")


async def csv_bytes(
    review: LogReview, filters: LogFilter | None, *, max_bytes: int
) -> tuple[bytes, int]:
    """(CSV file contents, number of questions), read a batch at a time and converted in a
    worker thread. Raises TooBig as soon as the file would pass `max_bytes`, before reading
    the rest of the log."""
    parts = [csv_text((), header=True).encode()]
    size = len(parts[0])
    count = 0
    # aclosing: stopping early closes the cursor now, not when the connection is gone.
    async with contextlib.aclosing(review.iter_export_rows(filters)) as batches:
        async for raw_rows in batches:
            chunk = await asyncio.to_thread(_csv_chunk, raw_rows)
            size += len(chunk)
            if size > max_bytes:
                raise TooBig(max_bytes)
            parts.append(chunk)
            count += len(raw_rows)
    return b"".join(parts), count
