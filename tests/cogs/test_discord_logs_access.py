"""/logs over the bot's one shared review connection, on both backends: every command and
every server goes through the same connection (nothing reopened per command), each server
still sees only its own rows, and a database outage is one clear line for the admin."""

from __future__ import annotations

import asyncpg
import discord
import pytest
from discord_helpers import make_settings

import storage.review
from cogs._errors import APOLOGY
from cogs._log_access import LOG_UNREACHABLE, LogUnreachable

pytest_plugins = ["discord_helpers"]

BEIJING = "when is huang in beijing?"


@pytest.fixture
def settings(tmp_path, log_db):
    return make_settings(tmp_path, db=log_db)


async def test_every_logs_command_shares_one_connection_and_sees_its_own_server(world, monkeypatch):
    opened = []
    real_connect = storage.review.connect_for_review

    async def counting_connect(*args, **kwargs):
        opened.append(args)
        return await real_connect(*args, **kwargs)

    monkeypatch.setattr(storage.review, "connect_for_review", counting_connect)
    elsewhere = world.env.create_guild("Elsewhere")
    channel = elsewhere.create_text_channel("x")
    owner = elsewhere.add_member(world.env.create_user("olga"))
    admins = elsewhere.create_role("Admins", permissions=discord.Permissions(manage_guild=True))
    elsewhere_admin = elsewhere.add_member(world.env.create_user("eve"), roles=[admins])
    await world.alice.slash(world.channel, "ask", question=BEIJING)
    await owner.slash(channel, "ask", question="asked elsewhere")

    here = (await world.admin.slash(world.channel, "logs recent")).response.embeds[0]
    there = (await elsewhere_admin.slash(channel, "logs recent")).response.embeds[0]
    await world.admin.slash(world.channel, "logs unanswered")
    await world.admin.slash(world.channel, "logs top")

    assert BEIJING in here.description and "asked elsewhere" not in here.description
    assert "asked elsewhere" in there.description and BEIJING not in there.description
    assert len(opened) == 1  # one review connection for the bot's lifetime


async def test_a_database_outage_during_logs_is_one_line_for_the_admin(world, service):
    await world.alice.slash(world.channel, "ask", question=BEIJING)
    review = await service.query_log.review(world.guild.id)

    async def server_shut_down(*_args, **_kwargs):
        # What asyncpg raises when the server is stopped under a query (SQLSTATE 57P01).
        raise asyncpg.exceptions.AdminShutdownError(
            "terminating connection due to administrator command"
        )

    review._db.fetchall = server_shut_down  # the shared connection every /logs uses
    shown = await world.admin.slash(world.channel, "logs recent")
    assert shown.ephemeral
    assert shown.response.content == LOG_UNREACHABLE != APOLOGY

    asked = await world.admin.slash(world.channel, "logs purge", older_than_days=30)
    review._db.transaction = lambda: (_ for _ in ()).throw(OSError(111, "Connection refused"))
    done = await world.admin.click(asked.response, label="Delete")
    assert done.response.content == LOG_UNREACHABLE
    # The tree's error handler saw it (simcord keeps what reaches it): the outage, nothing else.
    assert [type(e.original) for e in world.env.errors] == [LogUnreachable]
