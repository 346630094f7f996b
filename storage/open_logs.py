"""The query logs this process has open, by database, so a review of the same database (a
/logs command in the bot) shares the log's one review connection instead of opening (and
checking the schema of) its own each time."""

from __future__ import annotations

import asyncio
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from storage.location import Location, is_postgres

if TYPE_CHECKING:
    from storage.querylog import QueryLog

# Keyed by event loop too: a connection belongs to the loop that opened it.
_open_logs: weakref.WeakValueDictionary[tuple[int, str], QueryLog] = weakref.WeakValueDictionary()


def _key(location: Location) -> tuple[int, str]:
    place = location if is_postgres(location) else str(Path(location).absolute())
    return (id(asyncio.get_running_loop()), str(place))


def remember_open_log(location: Location, log: QueryLog) -> None:
    _open_logs[_key(location)] = log


def open_log_for(location: Location) -> QueryLog | None:
    """The QueryLog this process (this event loop) has open on `location`, if any."""
    log = _open_logs.get(_key(location))
    return log if log is not None and not log.closed else None
