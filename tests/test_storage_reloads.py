"""The knowledge version: a reload announced through one connection reaches the others (on
PostgreSQL through LISTEN/NOTIFY, on SQLite by polling the version row), and reaches its own
only when asked. Every announcement since a signal was opened arrives, in order."""

from __future__ import annotations

import asyncio
import contextlib

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
