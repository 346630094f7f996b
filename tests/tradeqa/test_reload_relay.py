"""The reload relay without Discord: how a process names its shards, a refused reload stays
local, and a follower that could not join (the database down) keeps trying and then answers."""

from __future__ import annotations

import asyncio
import logging

import pytest
from knowledge_helpers import knowledge_copy

import tradeqa.reload_relay as relay_module
from storage.reloads import ReloadSignal
from tradeqa.reload_relay import ReloadRelay, describe_shards, follow_forever
from tradeqa.service import Asker, TradeQA

MOD = Asker(surface="slash", user_id=7, user_name="mo")


@pytest.mark.parametrize(
    ("ids", "count", "shown"),
    [((0,), 2, "0/2"), ((0, 1, 2), 8, "0,1,2/8"), (None, 4, "all of 4"), (None, None, "all")],
)
def test_a_process_names_its_shards_as_tradeqa_shards_writes_them(ids, count, shown):
    assert describe_shards(ids, count) == shown


@pytest.fixture
async def service(tmp_path, log_db):
    service = await TradeQA.open(knowledge=[knowledge_copy(tmp_path)], db=log_db)
    yield service
    await service.close()


async def test_a_refused_reload_is_not_announced(service, log_db):
    (service.knowledge_paths[0] / "broken.yaml").write_text("facts: [\n", encoding="utf-8")
    async with await ReloadSignal.open(log_db, poll_interval=0.05) as signal:
        done = await ReloadRelay(service, signal, "0/2").reload_everywhere(MOD)
        assert not done.report.ok
        assert done.version is None
        assert await signal.current() is None  # the others keep what they have


async def test_a_follower_that_could_not_join_keeps_trying_then_answers(
    service, log_db, monkeypatch, caplog
):
    monkeypatch.setattr(relay_module, "FOLLOW_RETRY", 0.05)
    async with (
        await ReloadSignal.open(log_db, poll_interval=0.05) as theirs,
        await ReloadSignal.open(log_db, poll_interval=0.05) as announcer,
    ):
        real_join = theirs.join
        failures = [ConnectionRefusedError(111, "Connect call failed")]

        async def join_once_the_server_is_back(shards):
            if failures:
                raise failures.pop()
            await real_join(shards)

        theirs.join = join_once_the_server_is_back
        following = asyncio.create_task(follow_forever(ReloadRelay(service, theirs, "1/2")))
        try:
            for _ in range(200):
                if await announcer.listeners():
                    break
                await asyncio.sleep(0.05)
            event = await announcer.announce_reload(by="mo")
            answers, missing = await announcer.wait_for_answers(event.version, within=10)
            assert missing == []
            assert [(a.shards, a.outcome) for a in answers] == [("1/2", "reloaded")]
        finally:
            following.cancel()
    warned = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert any("cannot follow reloads now" in r.getMessage() for r in warned)
    assert not [r for r in caplog.records if r.exc_info]  # no traceback for an outage
