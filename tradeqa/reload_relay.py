"""A knowledge reload in one process reaches every process sharing the database.

The process where a moderator reloads (or whose file watcher saw a change) reloads its own
knowledge base, then announces the reload (storage.reloads.ReloadSignal); every other
process, following the announcements, reloads its own and answers with what it did. The
announcer waits a short, bounded time for the answers of every listening process and
reports who reloaded and who has not answered yet.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from storage.database import is_database_outage
from storage.reloads import Listener, ReloadAnswer, ReloadSignal
from tradeqa.service import Asker, ReloadReport, TradeQA

log = logging.getLogger("tradeqa.reloads")

# How long a moderator's /kb reload waits for the other processes: they reload in well
# under a second on the bundled base, seconds at 100,000 facts.
ANSWER_WAIT = 5.0
FOLLOW_RETRY = 5.0  # after following failed (the database down when joining, say)


@dataclass(frozen=True)
class ReloadEverywhere:
    """One reload as every process did it."""

    report: ReloadReport  # this process's own reload
    version: int | None  # the announced knowledge version; None: not announced
    answers: tuple[ReloadAnswer, ...] = ()  # every process that answered, this one included
    waiting_for: tuple[Listener, ...] = ()  # listening processes that had not answered yet
    trouble: str = ""  # why the others could not be told or heard (the database is down)


def describe_shards(shard_ids: Sequence[int] | None, shard_count: int | None) -> str:
    """The shards a process runs, as TRADEQA_SHARDS writes them: "0/2", "0,1,2/8", "all"."""
    if shard_ids is None:
        return "all" if shard_count is None else f"all of {shard_count}"
    return f"{','.join(map(str, shard_ids))}/{shard_count}"


def _outcome(report: ReloadReport) -> str:
    return "reloaded" if report.ok else "refused"


class ReloadRelay:
    """Reload here and announce; follow the other processes' announcements and answer."""

    def __init__(
        self, service: TradeQA, signal: ReloadSignal, shards: str, answer_wait: float = ANSWER_WAIT
    ) -> None:
        self.service = service
        self.signal = signal
        self.shards = shards
        self.answer_wait = answer_wait

    @property
    def origin(self) -> str:
        return self.signal.origin

    async def reload_everywhere(self, actor: Asker, *, wait: bool = True) -> ReloadEverywhere:
        """Reload here; if that worked, tell every process and (with `wait`) gather their
        answers. A refused reload is not announced: the others keep what they have."""
        report = await self.service.reload(actor)
        if not report.ok:
            return ReloadEverywhere(report, None)
        try:
            event = await self.signal.announce_reload(by=actor.user_name or actor.surface)
            await self._answer(event.version, report)
            if not wait:
                return ReloadEverywhere(report, event.version)
            answers, missing = await self.signal.wait_for_answers(event.version, self.answer_wait)
        except Exception as exc:
            if not is_database_outage(exc):
                raise
            log.warning("reloaded here, but the other processes could not be told: %s", exc)
            return ReloadEverywhere(report, None, trouble=str(exc))
        return ReloadEverywhere(report, event.version, tuple(answers), tuple(missing))

    async def follow(self) -> None:
        """Until cancelled: reload on each other process's announcement, then answer it."""
        await self.signal.join(self.shards)
        async for event in self.signal.reload_events():
            log.info("reload announced by %s (%s): reloading", event.by, event.origin)
            actor = Asker(surface="cli", user_name=f"reload from {event.by}")
            report = await self.service.reload(actor)
            try:
                await self._answer(event.version, report)
            except Exception as exc:
                if not is_database_outage(exc):
                    raise
                log.warning("reloaded, but could not report back: %s", exc)

    async def _answer(self, version: int, report: ReloadReport) -> None:
        await self.signal.answer(
            version,
            outcome=_outcome(report),
            fact_count=report.fact_count,
            detail=report.summary(),
            shards=self.shards,
        )


async def follow_forever(relay: ReloadRelay) -> None:
    """relay.follow(), restarted after a failure (logged), so a database outage or one bad
    moment never stops a process from hearing reloads for good."""
    while True:
        try:
            await relay.follow()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if is_database_outage(exc):  # the database is down: no traceback, just wait
                log.warning("cannot follow reloads now (%s); retrying", exc)
            else:
                log.exception("following reloads failed; starting again")
            await asyncio.sleep(max(relay.signal.poll_interval, FOLLOW_RETRY))
