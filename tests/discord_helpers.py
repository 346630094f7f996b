"""Shared set-up for the Discord tests: a real TradeQA on a tmp copy of the knowledge base,
the real bot built by create_bot(), and a simcord world with members of each audience.

Test modules import the helpers and load the fixtures with `pytest_plugins`; the module
holds no asserts, so it opts out of assertion rewriting: PYTEST_DONT_REWRITE."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path

import discord
import pytest
import simcord
from knowledge_helpers import knowledge_copy

from bot import create_bot
from storage.server_settings import ServerSettingsStore
from tradeqa.config import Settings
from tradeqa.service import TradeQA


def make_settings(tmp_path: Path, **changes) -> Settings:
    settings = Settings(
        token=None,
        db=tmp_path / "tradeqa.db",
        knowledge=(knowledge_copy(tmp_path),),
        # Most tests ask many questions as one person; the cooldown test switches it on.
        cooldown_rate=0,
        # simcord runs an AutoShardedBot with a known shard count (Discord is not asked).
        shard_count=1,
    )
    return replace(settings, **changes)


async def open_service(settings: Settings) -> TradeQA:
    # Opened outside the bot, as `create_bot(service=...)` allows: the query log's writer task
    # then belongs to the test, not to the simulated bot whose work simcord waits for.
    return await TradeQA.open(knowledge=list(settings.knowledge), db=settings.db)


def rows(db: Path, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
    """Read the query log the way an admin's sqlite3 would."""
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return list(conn.execute(sql, params))


@dataclass
class World:
    env: simcord.Env
    guild: simcord.GuildHandle
    channel: simcord.ChannelHandle
    alice: simcord.MemberActor  # an ordinary member
    mod: simcord.MemberActor  # Manage Messages
    admin: simcord.MemberActor  # Manage Server
    mod_role: simcord.RoleHandle
    admin_role: simcord.RoleHandle
    commands: dict[str, discord.app_commands.AppCommand]

    def allow(self, command: str, *members: simcord.MemberActor) -> None:
        """A server owner lets `members` use `command` despite its default permissions, as
        Server Settings > Integrations allows: the bot's own check must still refuse."""
        self.guild.set_command_permissions(self.commands[command], dict.fromkeys(members, True))


async def build_world(
    env: simcord.Env, name: str = "Trade Desk", shard_id: int | None = None
) -> World:
    """A server with a member, a moderator and an admin, the commands synced."""
    guild = env.create_guild(name, shard_id=shard_id)
    channel = guild.create_text_channel("general")
    mod_role = guild.create_role("Mods", permissions=discord.Permissions(manage_messages=True))
    admin_role = guild.create_role("Admins", permissions=discord.Permissions(manage_guild=True))
    alice = guild.add_member(env.create_user("alice"))
    mod = guild.add_member(env.create_user("mo"), roles=[mod_role])
    admin = guild.add_member(env.create_user("ada"), roles=[admin_role])
    synced = await env.bot.tree.sync()
    commands = {command.name: command for command in synced}
    return World(env, guild, channel, alice, mod, admin, mod_role, admin_role, commands)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
async def service(settings: Settings):
    service = await open_service(settings)
    yield service
    await service.close()


@pytest.fixture
async def server_store(settings: Settings):
    async with await ServerSettingsStore.open(settings.db) as store:
        yield store


@pytest.fixture
def simcord_bot(settings: Settings, service: TradeQA, server_store: ServerSettingsStore):
    # Resources opened by the test, passed in as `tradeqa run` does (bot._serve).
    return create_bot(settings, service=service, server_store=server_store)


@pytest.fixture
async def world(simcord_env: simcord.Env) -> World:
    return await build_world(simcord_env)
