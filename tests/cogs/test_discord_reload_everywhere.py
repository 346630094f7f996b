"""Two bot processes, shards 0/2 and 1/2, sharing one database (a SQLite file, and
PostgreSQL): each server keeps its own settings, and a /kb reload in one process reloads the
other too, and the moderator sees both answer (or which has not answered yet)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import simcord
from discord_helpers import build_world, make_settings, open_service
from knowledge_helpers import ZEBRA, ZEBRA_FACT
from storage_helpers import column

from bot import create_bot, opened_relay
from storage.server_settings import ServerSettingsStore
from tradeqa.config import Settings
from tradeqa.reload_relay import ReloadRelay
from tradeqa.service import TradeQA


@dataclass
class Process:
    """One bot process as `tradeqa run` composes it, on its own shard."""

    settings: Settings
    service: TradeQA
    relay: ReloadRelay
    env: simcord.Env
    guild: simcord.GuildHandle
    channel: simcord.ChannelHandle
    alice: simcord.MemberActor
    mod: simcord.MemberActor
    admin: simcord.MemberActor


async def start_process(
    stack: contextlib.AsyncExitStack, settings: Settings, shard: int, skip_ids: int = 0
) -> Process:
    service = await open_service(settings)
    stack.push_async_callback(service.close)
    store = await ServerSettingsStore.open(settings.db)
    stack.push_async_callback(store.close)
    relay = await stack.enter_async_context(opened_relay(settings, service, poll_interval=0.05))
    bot = create_bot(settings, service=service, server_store=store, relay=relay)
    # Generous: a reload or a teach loads every file, slow on a busy shared machine.
    env = await stack.enter_async_context(simcord.run(bot, settle_timeout=120))
    for _ in range(skip_ids):  # the two simulated Discords must not hand out the same ids
        env.create_user("placeholder")
    w = await build_world(env, f"Server on shard {shard}", shard_id=shard)
    return Process(settings, service, relay, env, w.guild, w.channel, w.alice, w.mod, w.admin)


class ProcessInThread:
    """The second bot process: simcord runs one simulated Discord per event loop, so the
    second bot gets a loop (and a simcord) of its own in a thread, as a second process would.
    Everything it does runs in one task there: `await other.do(lambda p: p.mod.slash(...))`.
    """

    def __init__(self, settings: Settings, shard: int) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self._jobs: asyncio.Queue | None = None
        self._ready: concurrent.futures.Future[Process] = concurrent.futures.Future()
        self._done = asyncio.run_coroutine_threadsafe(self._host(settings, shard), self.loop)

    async def _host(self, settings: Settings, shard: int) -> None:
        self._jobs = asyncio.Queue()
        try:
            async with contextlib.AsyncExitStack() as stack:
                process = await start_process(stack, settings, shard, skip_ids=50)
                self._ready.set_result(process)
                while (job := await self._jobs.get()) is not None:
                    work, answer = job
                    try:
                        answer.set_result(await work(process))
                    except Exception as exc:
                        answer.set_exception(exc)
        except BaseException as exc:
            if not self._ready.done():
                self._ready.set_exception(exc)
            raise

    async def process(self) -> Process:
        return await asyncio.wrap_future(self._ready)

    async def do(self, work):
        answer: concurrent.futures.Future = concurrent.futures.Future()
        self.loop.call_soon_threadsafe(self._jobs.put_nowait, (work, answer))
        return await asyncio.wrap_future(answer)

    async def stop(self) -> None:
        if self._jobs is not None:
            self.loop.call_soon_threadsafe(self._jobs.put_nowait, None)
        with contextlib.suppress(Exception):
            await asyncio.wrap_future(self._done)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@contextlib.asynccontextmanager
async def two_processes(settings: Settings):
    """Shard 0/2 in the test's loop, shard 1/2 in a thread of its own."""
    other = ProcessInThread(replace(settings, shard_ids=(1,)), 1)
    try:
        async with contextlib.AsyncExitStack() as stack:
            first = await start_process(stack, replace(settings, shard_ids=(0,)), 0)
            second = await other.process()
            assert first.guild.id != second.guild.id
            yield first, second, other
    finally:
        await other.stop()


@pytest.fixture
def shared_settings(tmp_path: Path, log_db) -> Settings:
    return make_settings(tmp_path, db=log_db, shard_count=2, prefix="!")


async def test_two_processes_keep_each_servers_settings_and_reload_together(shared_settings):
    async with two_processes(shared_settings) as (first, second, other):
        # Each server's own settings, stored in the one database, applied by its own process.
        await first.admin.slash(first.channel, "settings set", setting="prefix", value="?")
        await other.do(
            lambda p: p.admin.slash(p.channel, "settings set", setting="prefix", value="$")
        )
        assert first.env.bot.config_for(first.guild.id).prefix == "?"
        assert second.env.bot.config_for(second.guild.id).prefix == "$"
        stored = column(
            shared_settings.db,
            "SELECT guild_id || ':' || value FROM server_settings WHERE name = 'prefix' "
            "ORDER BY value",
        )
        assert sorted(stored) == sorted([f"{second.guild.id}:$", f"{first.guild.id}:?"])
        before = await other.do(lambda p: asked(p, f"$ask {ZEBRA}"))
        assert before != "Zebra chips are a test fact"

        # A new fact on disk; a moderator reloads in the first process only.
        (shared_settings.knowledge[0] / "zebra.yaml").write_text(ZEBRA_FACT, encoding="utf-8")
        shown = await first.mod.slash(first.channel, "kb reload")

        text = shown.response.embeds[0].description
        assert "**Processes**: 2 of 2 reloaded" in text
        assert "shards `0/2` (this process): reloaded" in text
        assert f"shards `1/2` ({second.relay.origin}): reloaded" in text
        # The second process answers from the new knowledge: it reloaded without a command.
        assert await other.do(lambda p: asked(p, f"$ask {ZEBRA}")) == "Zebra chips are a test fact"
        assert first.service.engine.version == second.service.engine.version


async def test_a_process_that_does_not_answer_is_named(shared_settings, monkeypatch):
    async with two_processes(shared_settings) as (first, second, _other):
        first.relay.answer_wait = 0.5

        async def stuck(actor):  # the second process hangs in its reload
            await asyncio.Event().wait()

        monkeypatch.setattr(second.service, "reload", stuck)
        shown = await first.mod.slash(first.channel, "kb reload")

        text = shown.response.embeds[0].description
        assert "**Processes**: 1 of 2 reloaded" in text
        assert "shards `0/2` (this process): reloaded" in text
        assert f"⌛ shards `1/2` ({second.relay.origin}): has not answered yet" in text


async def asked(process: Process, text: str) -> str:
    """The title of the bot's answer to a message in the process's channel."""
    await process.alice.send(process.channel, text)
    return process.channel.last_message.embeds[0].title


async def test_the_file_watchers_reload_reaches_the_other_process_too(shared_settings):
    async with two_processes(shared_settings) as (first, second, _other):
        zebra = shared_settings.knowledge[0] / "zebra.yaml"
        zebra.write_text(ZEBRA_FACT, encoding="utf-8")
        report = await first.env.bot.get_cog("Moderators").reload_from_disk({zebra})
        assert report.ok
        for _ in range(200):  # the other process hears it within its poll interval
            if second.service.engine.version == first.service.engine.version:
                break
            await asyncio.sleep(0.05)
        assert second.service.fact("moderator-added-zebra-fact") is not None


async def test_teaching_in_one_process_is_answered_by_the_other(shared_settings):
    from test_discord_teaching import FACT, MISSED

    async with two_processes(shared_settings) as (first, second, _other):
        assert second.service.preview(MISSED).fact_id != FACT
        await first.alice.slash(first.channel, "ask", question=MISSED)
        taught = await first.mod.slash(first.channel, "kb teach", missed=MISSED, fact=FACT)
        assert f"is now answered by `{FACT}`" in taught.response.content
        for _ in range(200):  # the other process hears the reload within its poll interval
            if second.service.preview(MISSED).fact_id == FACT:
                break
            await asyncio.sleep(0.05)
        assert second.service.preview(MISSED).fact_id == FACT
