"""How /logs and teaching reach the query log: through the bot's one shared review
connection (storage: QueryLog.review), scoped to the server the command is used in; a
database that cannot be reached right now is one clear line for the admin, not a traceback.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from storage import LogNotFound, LogReview
from storage.database import is_database_outage
from tradeqa.service import TradeQA

LOG_UNREACHABLE = (
    "The query log's database cannot be reached right now (it is down, restarting or busy); "
    "nothing was changed. Try again in a minute."
)


class LogUnreachable(Exception):
    """The query log's database is down for now; the error handler says so in one line."""

    def __str__(self) -> str:
        return LOG_UNREACHABLE


@contextlib.contextmanager
def outage_is_one_line() -> Iterator[None]:
    """Turn a database outage raised inside into LogUnreachable (the cause kept for the log)."""
    try:
        yield
    except (LogUnreachable, LogNotFound):
        raise
    except Exception as exc:
        if is_database_outage(exc):
            raise LogUnreachable() from exc
        raise


async def open_review(service: TradeQA, guild_id: int | None) -> LogReview:
    """A review of one server's rows (None: every server's) over the shared connection;
    closing it leaves the connection open. LogNotFound when logging is off."""
    if service.query_log is None:
        raise LogNotFound("logging is switched off")
    with outage_is_one_line():
        return await service.query_log.review(guild_id)
