"""Admins in Discord: /logs recent|unanswered|top|feedback|stats|export|purge|forget; !sync."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
import simcord
from discord.ext import commands
from discord_helpers import rows
from storage_helpers import make_record

from cogs._access import Refused
from storage import EXPORT_FIELDS

# The shared fixtures (settings, service, simcord_bot, world) come from the helpers module.
pytest_plugins = ["discord_helpers"]

BEIJING = "when is huang in beijing?"
BEIJING_FACT = "huang-beijing-media-briefing"
MISS = "where is nvidia headquartered?"


def audit(settings) -> list[tuple]:
    found = rows(settings.db, "SELECT actor_id, action, result FROM audit ORDER BY id")
    return [tuple(r) for r in found]


# --------------------------------------------------------------------------- reviewing


async def test_recent_pages_this_servers_questions(world):
    for number in range(12):
        await world.alice.slash(world.channel, "ask", question=f"question number {number} @here")
    elsewhere = world.env.create_guild("Elsewhere")
    other = elsewhere.add_member(world.env.create_user("olga"))
    await other.slash(elsewhere.create_text_channel("x"), "ask", question="from another server")

    result = await world.admin.slash(world.channel, "logs recent")

    assert result.ephemeral
    page = result.response.embeds[0]
    assert page.title == "Recent questions"
    assert page.footer.text == "Page 1 of 2"
    lines = page.description.splitlines()
    assert len(lines) == 10
    assert "question number 11 @\u200bhere" in lines[0]  # newest first, mentions neutralised
    nxt = await world.admin.click(result.response, label="Next ▶")
    second = nxt.response.embeds[0]
    assert second.footer.text == "Page 2 of 2"
    assert "question number 0" in second.description
    assert "another server" not in page.description + second.description


async def test_unanswered_top_and_feedback(world):
    await world.alice.slash(world.channel, "ask", question=MISS)
    await world.mod.slash(world.channel, "ask", question="Where is Nvidia headquartered")
    answered = await world.alice.slash(world.channel, "ask", question=BEIJING)
    await world.alice.click(answered.response, label="Not helpful")  # only the asker votes

    missed = await world.admin.slash(world.channel, "logs unanswered")
    embed = missed.response.embeds[0]
    assert embed.title == "Unanswered questions · all time"
    first, hint = embed.description.splitlines()
    assert first.startswith("**2×** ") and first.endswith(" · 2 people · 2 wordings")
    assert "`wordings: True`" in hint
    # On demand, the wordings themselves.
    shown = await world.admin.slash(world.channel, "logs unanswered", days=1, wordings=True)
    embed = shown.response.embeds[0]
    assert embed.title == "Unanswered questions · last day"
    first, wording = embed.description.splitlines()
    assert first.endswith(" · 2 people")
    assert wording.startswith("  ↳ ") and wording.endswith("(1×)")

    top = await world.admin.slash(world.channel, "logs top")
    assert f"**1×** `{BEIJING_FACT}` · 👍0 👎1" in top.response.embeds[0].description

    votes = await world.admin.slash(world.channel, "logs feedback")
    [line] = votes.response.embeds[0].description.splitlines()
    assert "👎" in line and BEIJING in line and BEIJING_FACT in line


async def test_stats_attaches_the_chart(world):
    await world.alice.slash(world.channel, "ask", question=BEIJING)
    await world.alice.slash(world.channel, "ask", question=MISS)

    await world.alice.slash(world.channel, "ask", question="hi")  # help: neither

    result = await world.admin.slash(world.channel, "logs stats", days=7)

    embed = result.response.embeds[0]
    assert embed.title == "Questions in the last 7 days"
    # Every count named, adding up: 3 = 1 answered + 1 not answered + 1 greeting.
    lines = embed.description.splitlines()
    assert lines[0].startswith("**3 messages**")
    assert "**1** answered" in lines[1] and "**1** not answered" in lines[2]
    assert "**1** greetings, help" in lines[3]
    assert "Answer rate **50%**" in embed.description
    assert embed.image.url == "attachment://stats.png"
    [png] = result.response.attachments
    assert png.filename == "stats.png"
    assert (await png.read()).startswith(b"\x89PNG")


async def test_export_attaches_a_csv_of_this_server(world, settings):
    await world.alice.slash(world.channel, "ask", question=BEIJING)
    await world.alice.slash(world.channel, "ask", question="a question with, a comma")

    result = await world.admin.slash(world.channel, "logs export")

    [attachment] = result.response.attachments
    assert attachment.filename == "tradeqa-questions.csv"
    table = list(csv.reader(io.StringIO((await attachment.read()).decode("utf-8"))))
    assert tuple(table[0]) == EXPORT_FIELDS
    assert [row[EXPORT_FIELDS.index("question")] for row in table[1:]] == [
        BEIJING,
        "a question with, a comma",
    ]


# --------------------------------------------------------------------------- removing


async def test_purge_asks_first_then_deletes_old_rows(world, settings, service):
    old = make_record(
        query_id="old0",
        asked_at=datetime(2020, 1, 1, tzinfo=UTC),
        guild_id=world.guild.id,
        channel_id=world.channel.id,
        user_id=world.alice.id,
        question="an old question",
        fact_id=BEIJING_FACT,
    )
    assert await service.query_log.record(old)
    await world.alice.slash(world.channel, "ask", question=BEIJING)

    asked = await world.admin.slash(world.channel, "logs purge", older_than_days=30)
    assert asked.ephemeral and "older than 30 days" in asked.response.content
    cancelled = await world.admin.click(asked.response, label="Cancel")
    assert "nothing was deleted" in cancelled.response.content
    assert len(rows(settings.db, "SELECT * FROM queries")) == 2

    asked = await world.admin.slash(world.channel, "logs purge", older_than_days=30)
    done = await world.admin.click(asked.response, label="Delete")
    assert done.response.content.startswith("Done: removed 1 question")
    [left] = rows(settings.db, "SELECT question FROM queries")
    assert left["question"] == BEIJING
    assert audit(settings)[-1] == (world.admin.id, "purge", "ok")


async def test_forget_removes_one_persons_questions_and_votes(world, settings):
    mine = await world.alice.slash(world.channel, "ask", question=BEIJING)
    await world.mod.slash(world.channel, "ask", question=MISS)
    await world.alice.click(mine.response, label="Helpful")  # only the asker votes

    asked = await world.admin.slash(world.channel, "logs forget", user=world.alice)
    assert "alice" in asked.response.content
    done = await world.admin.click(asked.response, label="Delete")

    assert done.response.content.startswith("Done: removed 1 question and 1 feedback vote")
    assert [r["user_id"] for r in rows(settings.db, "SELECT user_id FROM queries")] == [
        world.mod.id
    ]
    assert rows(settings.db, "SELECT * FROM feedback") == []
    assert audit(settings)[-1] == (world.admin.id, "forget", "ok")


# --------------------------------------------------------------------------- permissions


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("recent", {}),
        ("unanswered", {}),
        ("top", {}),
        ("feedback", {}),
        ("stats", {}),
        ("export", {}),
        ("audit", {}),
        ("purge", {}),
        ("forget", {"user": "alice"}),
    ],
)
async def test_members_without_manage_server_are_refused_and_audited(
    world, settings, command, options
):
    options = {k: world.alice if v == "alice" else v for k, v in options.items()}
    world.allow("logs", world.mod)  # a moderator, shown /logs by the server owner

    result = await world.mod.slash(world.channel, f"logs {command}", **options)

    assert result.ephemeral
    assert result.response.content == (
        f"Sorry, /logs {command} needs the Manage Server permission or an admin role."
    )
    assert result.response.components == []  # no Delete button for purge/forget
    simcord.assert_error(world.env, Refused)
    assert audit(settings) == [(world.mod.id, f"logs {command}", "refused")]


# --------------------------------------------------------------------------- !sync


async def test_only_an_owner_can_sync(world, settings):
    bot = world.env.bot
    bot.owner_ids = {world.admin.id}

    await world.alice.send(world.channel, "!sync")
    assert world.channel.last_message.content == "Only the bot's owner can sync its commands."
    simcord.assert_error(world.env, commands.NotOwner)
    assert audit(settings) == [(world.alice.id, "sync", "refused")]

    await world.admin.send(world.channel, "!sync")
    assert world.channel.last_message.content == "Synced 4 commands to every server."
    await world.admin.send(world.channel, "!sync here")
    assert world.channel.last_message.content == "Synced 4 commands to this server."
    guild_commands = await bot.tree.fetch_commands(guild=world.env.bot.get_guild(world.guild.id))
    assert sorted(c.name for c in guild_commands) == ["ask", "kb", "logs", "settings"]


async def test_export_neutralises_spreadsheet_formulas(world):
    formula = '=HYPERLINK("http://evil.example", "click me")'
    await world.alice.slash(world.channel, "ask", question=formula)

    result = await world.admin.slash(world.channel, "logs export")

    [attachment] = result.response.attachments
    table = list(csv.reader(io.StringIO((await attachment.read()).decode("utf-8"))))
    assert table[1][EXPORT_FIELDS.index("question")] == "'" + formula


async def test_export_stops_reading_once_it_is_over_the_upload_limit(world, service, monkeypatch):
    import asyncio

    from storage import LoggedQuery

    records = [
        make_record(
            query_id=f"bulk{n:05d}",
            asked_at=datetime(2025, 7, 1, tzinfo=UTC),
            guild_id=world.guild.id,
            channel_id=world.channel.id,
            user_id=world.alice.id,
            question=f"bulk question number {n} " + "x" * 100,
            outcome="unanswered",
            fact_id=None,
        )
        for n in range(3000)
    ]
    assert all(await asyncio.gather(*(service.query_log.record(r) for r in records)))
    converted = 0
    to_dict = LoggedQuery.to_dict

    def counting(self):
        nonlocal converted
        converted += 1
        return to_dict(self)

    monkeypatch.setattr(LoggedQuery, "to_dict", counting)
    admins_module = world.env.bot.extensions["cogs.admins"]  # the module the bot loaded
    monkeypatch.setattr(admins_module, "MAX_UPLOAD", 20_000)

    result = await world.admin.slash(world.channel, "logs export")

    assert "upload limit" in result.response.content
    assert result.response.attachments == []
    assert converted <= 1000  # stopped after the batch that passed the limit, not 3,000
