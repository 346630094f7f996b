"""/logs in a bot that serves several servers: each server's admins review, purge and forget
their own server's rows only, and read their own server's audit trail; acting on every
server is for the bot's owners."""

from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

import discord
import pytest
import simcord
from discord_helpers import rows
from storage_helpers import make_record

from cogs._access import Refused
from storage import EXPORT_FIELDS, QueryRecord

pytest_plugins = ["discord_helpers"]

MISS = "where is nvidia headquartered?"


@dataclass
class Server:
    guild: simcord.GuildHandle
    channel: simcord.ChannelHandle
    admin: simcord.MemberActor


def add_server(env: simcord.Env, name: str, admin_name: str) -> Server:
    guild = env.create_guild(name)
    role = guild.create_role("Admins", permissions=discord.Permissions(manage_guild=True))
    admin = guild.add_member(env.create_user(admin_name), roles=[role])
    return Server(guild, guild.create_text_channel("general"), admin)


def old_record(server: Server, user_id: int, question: str) -> QueryRecord:
    return make_record(
        asked_at=datetime(2020, 1, 1, tzinfo=UTC),
        guild_id=server.guild.id,
        channel_id=server.channel.id,
        user_id=user_id,
        user_name="someone",
        question=question,
        outcome="unanswered",
        fact_id=None,
    )


def questions_in(settings, server: Server) -> list[str]:
    found = rows(
        settings.db,
        "SELECT question FROM queries WHERE guild_id = ? ORDER BY asked_at",
        (server.guild.id,),
    )
    return [r["question"] for r in found]


@dataclass
class Scene:
    a: Server
    b: Server
    carla_in_a: simcord.MemberActor  # one person, a member of both servers
    carla_in_b: simcord.MemberActor


@pytest.fixture
async def two(world, service) -> Scene:
    """Server A (the world's) and server B, unrelated, each with its own admin. Carla is a
    member of both and asks in A; B's rows are made by each test."""
    a = Server(world.guild, world.channel, world.admin)
    b = add_server(world.env, "Unrelated", "bert")
    carla = world.env.create_user("carla")
    scene = Scene(a, b, a.guild.add_member(carla), b.guild.add_member(carla))
    assert await service.query_log.record(old_record(a, carla.id, "an old question in A"))
    await scene.carla_in_a.slash(a.channel, "ask", question="asked in A today")
    await scene.carla_in_a.slash(a.channel, "ask", question=MISS)
    return scene


async def test_an_admin_of_another_server_sees_none_of_this_servers_questions(world, two):
    b = two.b
    for command in ("recent", "unanswered", "feedback", "top"):
        result = await b.admin.slash(b.channel, f"logs {command}")
        text = result.response.embeds[0].description
        assert "asked in A" not in text and "nvidia" not in text, command
    exported = await b.admin.slash(b.channel, "logs export")
    [attachment] = exported.response.attachments
    table = list(csv.reader(io.StringIO((await attachment.read()).decode("utf-8"))))
    assert table == [list(EXPORT_FIELDS)]
    stats = await b.admin.slash(b.channel, "logs stats", days=7)
    assert stats.response.embeds[0].description.startswith("**0 messages**")


async def test_purge_and_forget_by_another_servers_admin_leave_this_server_alone(
    world, settings, two
):
    a, b = two.a, two.b
    await two.carla_in_b.slash(b.channel, "ask", question="asked in B today")
    before = questions_in(settings, a)
    assert len(before) == 3

    asked = await b.admin.slash(b.channel, "logs purge", older_than_days=30)
    assert "in this server" in asked.response.content
    done = await b.admin.click(asked.response, label="Delete")
    assert done.response.content.startswith("Done: removed 0 questions")

    asked = await b.admin.slash(b.channel, "logs forget", user=two.carla_in_b)
    assert "in this server" in asked.response.content
    done = await b.admin.click(asked.response, label="Delete")
    assert done.response.content.startswith("Done: removed 1 question")  # hers in B only

    assert questions_in(settings, a) == before
    assert questions_in(settings, b) == []
    # B's admin sees B's own actions in B's audit trail...
    trail = await b.admin.slash(b.channel, "logs audit")
    text = trail.response.embeds[0].description
    assert "**purge**" in text and "**forget**" in text
    # ...and A's admins see them nowhere: they changed nothing in A.
    trail = await a.admin.slash(a.channel, "logs audit")
    assert "bert" not in trail.response.embeds[0].description
    assert "purge" not in trail.response.embeds[0].description


async def test_this_servers_admin_purges_and_forgets_this_servers_rows(world, settings, two):
    a, b = two.a, two.b
    assert await world.env.bot.service.query_log.record(
        old_record(b, two.carla_in_b.id, "an old question in B")
    )
    asked = await a.admin.slash(a.channel, "logs purge", older_than_days=30)
    done = await a.admin.click(asked.response, label="Delete")
    assert done.response.content.startswith("Done: removed 1 question")
    assert questions_in(settings, a) == ["asked in A today", MISS]
    assert questions_in(settings, b) == ["an old question in B"]

    asked = await a.admin.slash(a.channel, "logs forget", user=two.carla_in_a)
    done = await a.admin.click(asked.response, label="Delete")
    assert done.response.content.startswith("Done: removed 2 questions")
    assert questions_in(settings, a) == []
    assert questions_in(settings, b) == ["an old question in B"]


async def test_purge_never_deletes_the_audit_trail(world, settings, two):
    a = two.a
    with_old_audit = rows(settings.db, "SELECT count(*) AS n FROM audit")[0]["n"]
    with sqlite3.connect(settings.db) as conn:
        conn.execute(
            "INSERT INTO audit (at, actor_id, actor_name, action, result, detail, guild_id) "
            "VALUES ('2019-01-01T00:00:00.000000Z', 5, 'old mod', 'reload', 'ok', '', ?)",
            (a.guild.id,),
        )
    asked = await a.admin.slash(a.channel, "logs purge", older_than_days=30)
    await a.admin.click(asked.response, label="Delete")
    actions = [r["action"] for r in rows(settings.db, "SELECT action FROM audit ORDER BY at")]
    assert actions[0] == "reload" and actions[-1] == "purge"
    assert len(actions) == with_old_audit + 2


async def test_everywhere_is_for_the_bots_owners(world, settings, two):
    a, b = two.a, two.b
    world.env.bot.owner_ids = {a.admin.id}

    refused = await b.admin.slash(b.channel, "logs purge", older_than_days=30, everywhere=True)
    assert refused.ephemeral and "one of the bot's owners" in refused.response.content
    assert refused.response.components == []
    simcord.assert_error(world.env, Refused)
    refused = await b.admin.slash(b.channel, "logs forget", user=two.carla_in_b, everywhere=True)
    assert "one of the bot's owners" in refused.response.content
    simcord.assert_error(world.env, Refused)
    assert len(questions_in(settings, a)) == 3

    await two.carla_in_b.slash(b.channel, "ask", question="asked in B today")
    asked = await a.admin.slash(a.channel, "logs forget", user=two.carla_in_a, everywhere=True)
    assert "in every server" in asked.response.content
    await a.admin.click(asked.response, label="Delete")
    assert questions_in(settings, a) == questions_in(settings, b) == []
    refusals = rows(
        settings.db,
        "SELECT action, guild_id FROM audit WHERE result = 'refused' ORDER BY id",
    )
    assert [(r["action"], r["guild_id"]) for r in refusals] == [
        ("logs purge", b.guild.id),
        ("logs forget", b.guild.id),
    ]
