"""The knowledge version: a reload announced through one connection reaches the others (on
PostgreSQL through LISTEN/NOTIFY, on SQLite by polling the version row), and reaches its own
only when asked. Every announcement since a signal was opened arrives, in order."""

from __future__ import annotations

import asyncio
import contextlib
import sys

from storage.reloads import ReloadSignal

SOON = 10.0  # generous on a loaded machine; a notification arrives in milliseconds


async def next_event(events):
    return await asyncio.wait_for(anext(events), SOON)


async def test_a_reload_announced_by_one_process_reaches_the_other(log_db):
    async with (
        await ReloadSignal.open(log_db, poll_interval=0.05) as first,
        await ReloadSignal.open(log_db, poll_interval=0.05) as second,
    ):
        assert await first.current() is None
        heard = second.reload_events()
        own = first.reload_events()
        listening = asyncio.create_task(next_event(heard))
        announced = await first.announce_reload(by="alice (moderator)")
        event = await listening
        assert (event.version, event.by, event.origin) == (1, "alice (moderator)", first.origin)
        assert event == announced

        # The other way round; versions count across processes.
        second_announced = await second.announce_reload(by="bob")
        assert second_announced.version == 2
        assert (await next_event(own)).by == "bob"  # first hears bob, never itself

        # Announcements close together may arrive as the latest alone; never out of order.
        await first.announce_reload(by="carol")
        await first.announce_reload(by="dave")
        versions = [(await next_event(heard)).version]
        while versions[-1] < 4:
            versions.append((await next_event(heard)).version)
        assert versions in ([3, 4], [4])
        assert (await second.current()).version == 4
        for events in (heard, own):
            with contextlib.suppress(Exception):
                await events.aclose()


async def test_a_process_hears_its_own_reloads_only_when_asked(log_db):
    async with await ReloadSignal.open(log_db, poll_interval=0.05) as signal:
        mine = signal.reload_events(include_own=True)
        waiting = asyncio.create_task(next_event(mine))
        await signal.announce_reload(by="cli")
        assert (await waiting).origin == signal.origin
        await mine.aclose()


# -- reporting back: who listens, who answered ------------------------------------------------


async def test_each_listener_answers_and_the_announcer_sees_who_has_not(log_db):
    async with (
        await ReloadSignal.open(log_db, poll_interval=0.05) as announcer,
        await ReloadSignal.open(log_db, poll_interval=0.05) as other,
    ):
        await announcer.join("0/2")
        await other.join("1/2")
        assert {x.shards for x in await announcer.listeners()} == {"0/2", "1/2"}

        event = await announcer.announce_reload(by="mo")
        await announcer.answer(event.version, outcome="reloaded", fact_count=10, detail="ok")
        answers, missing = await announcer.wait_for_answers(event.version, within=0.2)
        assert [a.shards for a in answers] == ["0/2"]
        assert [(x.origin, x.shards) for x in missing] == [(other.origin, "1/2")]

        await other.answer(event.version, outcome="refused", fact_count=9, detail="2 problems")
        answers, missing = await announcer.wait_for_answers(event.version, within=5)
        assert missing == []
        assert [(a.origin, a.outcome, a.fact_count) for a in answers] == [
            (announcer.origin, "reloaded", 10),
            (other.origin, "refused", 9),
        ]
    # Both stopped cleanly: nobody waits for them any more.
    async with await ReloadSignal.open(log_db) as later:
        assert await later.listeners() == []


_CHILD = """
import asyncio, sys
from storage.reloads import ReloadSignal

async def main():
    async with await ReloadSignal.open(sys.argv[1], poll_interval=0.05) as signal:
        await signal.join("1/2")
        print("listening", flush=True)
        async for event in signal.reload_events():
            await signal.answer(event.version, outcome="reloaded", fact_count=42, detail="child")

asyncio.run(main())
"""


async def test_a_reload_reaches_another_os_process_which_answers(log_db):
    async with await ReloadSignal.open(log_db, poll_interval=0.05) as signal:
        await signal.join("0/2")
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-c", _CHILD, str(log_db), stdout=asyncio.subprocess.PIPE
        )
        try:
            assert await asyncio.wait_for(child.stdout.readline(), SOON) == b"listening\n"
            event = await signal.announce_reload(by="mo")
            await signal.answer(event.version, outcome="reloaded", fact_count=42, detail="here")
            answers, missing = await signal.wait_for_answers(event.version, within=SOON)
            assert missing == []
            [theirs] = [a for a in answers if a.origin != signal.origin]
            assert (theirs.shards, theirs.fact_count) == ("1/2", 42)
            assert f":{child.pid}:" in theirs.origin

            # Killed, it cannot answer: the next reload names it as not answered yet.
            child.kill()
            await child.wait()
            event = await signal.announce_reload(by="mo")
            await signal.answer(event.version, outcome="reloaded", fact_count=42, detail="here")
            answers, missing = await signal.wait_for_answers(event.version, within=0.3)
            assert [x.origin for x in missing] == [theirs.origin]
        finally:
            if child.returncode is None:
                child.kill()
                await child.wait()
