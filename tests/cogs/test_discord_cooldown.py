"""The per-person cooldown: shared by every way of asking and every button, friendly, logged,
and told once per wait in a channel (2 questions per 60 s in these tests)."""

from __future__ import annotations

from dataclasses import replace

import pytest
import simcord
from discord.ext import commands
from discord_helpers import make_settings, rows

from cogs._cooldown import WAIT_REACTION

# The shared fixtures (service, simcord_bot, world) come from the helpers module.
pytest_plugins = ["discord_helpers"]

BEIJING = "when is huang in beijing?"
MISS = "where is nvidia headquartered?"


@pytest.fixture
def settings(tmp_path):
    return make_settings(tmp_path, cooldown_rate=2, cooldown_per=60)


def outcomes(settings) -> list[tuple]:
    found = rows(settings.db, "SELECT surface, outcome, question FROM queries ORDER BY rowid")
    return [tuple(r) for r in found]


def from_bot(world, channel) -> list:
    return [m for m in channel.history() if m.author.id == world.env.bot.user.id]


def reactions_by_bot(world) -> list[str]:
    """The paths of the bot's add-reaction requests."""
    return [
        r.path for r in world.env.http_requests if r.method == "PUT" and "/reactions/" in r.path
    ]


async def test_cooldown_is_shared_friendly_and_logged(world, settings):
    env, alice, channel = world.env, world.alice, world.channel

    await alice.slash(channel, "ask", question=BEIJING)
    await alice.send(channel, f"!ask {BEIJING}")
    # The third question, by a third way of asking, waits.
    await alice.send(channel, f"{env.bot.user.mention} what did huang say")
    note = channel.last_message
    assert note.author.id == env.bot.user.id and "please wait" in note.content
    refused = await alice.slash(channel, "ask", question="what did bessent say")
    assert refused.ephemeral and "please wait" in refused.response.content
    simcord.assert_error(env, commands.CommandOnCooldown)
    await alice.send(channel, "!ask what did amd say")
    simcord.assert_error(env, commands.CommandOnCooldown)

    # Someone else is not held up by alice's cooldown.
    other = await world.mod.slash(channel, "ask", question=BEIJING)
    assert other.response.embeds

    await env.advance_time(61)
    assert note.id not in {m.id for m in channel.history()}  # the note tidied itself
    again = await alice.slash(channel, "ask", question=BEIJING)
    assert again.response.embeds[0].title.startswith("Huang’s")

    refusals = [(s, q) for s, o, q in outcomes(settings) if o == "refused"]
    assert refusals == [
        ("mention", "what did huang say"),
        ("slash", "what did bessent say"),
        ("prefix", "what did amd say"),
    ]
    assert len([o for _, o, _ in outcomes(settings) if o == "answered"]) == 4


async def test_a_qa_channel_gets_one_please_wait_note_per_wait(world, settings):
    bot, alice = world.env.bot, world.alice
    qa = world.guild.create_text_channel("ask-here")
    bot.settings = replace(bot.settings, qa_channel_ids=frozenset({qa.id}))

    for number in range(8):
        await alice.send(qa, f"what did huang say, part {number}")
    # A Q&A-channel message runs the `ask` command: its refusal is the command's.
    simcord.assert_error(world.env, commands.CommandOnCooldown)

    sent = from_bot(world, qa)
    notes = [m for m in sent if "please wait" in m.content]
    assert len(sent) == 3 and len(notes) == 1  # two answers, one note, not seven notes
    # The later refusals are marked on the messages themselves, quietly.
    assert len(reactions_by_bot(world)) == 5
    assert all(WAIT_REACTION in path or "%E2%8F%B3" in path for path in reactions_by_bot(world))
    # Refused or not, every question is logged.
    logged = [o for _, o, _ in outcomes(settings)]
    assert len(logged) == 8 and "refused" not in logged[:2] and logged[2:] == ["refused"] * 6

    # The note tidies itself away, and the next wait gets a note of its own.
    await world.env.advance_time(61)
    for number in range(3):
        await alice.send(qa, f"what did bessent say, part {number}")
    simcord.assert_error(world.env, commands.CommandOnCooldown)
    notes = [m for m in from_bot(world, qa) if "please wait" in m.content]
    assert len(notes) == 1 and notes[0].id == qa.last_message.id
    assert len(reactions_by_bot(world)) == 5


async def test_buttons_count_against_the_same_cooldown(world, settings):
    alice, channel = world.alice, world.channel
    miss = await alice.slash(channel, "ask", question=MISS)  # 1 of 2
    suggestion = next(
        c["custom_id"]
        for row in miss.response.components
        for c in row["components"]
        if c["custom_id"].startswith("tqa:s:")
    )
    menu = next(
        c
        for row in miss.response.components
        for c in row["components"]
        if c["custom_id"].startswith("tqa:pick")
    )

    shown = await alice.click(miss.response, custom_id=suggestion)  # 2 of 2
    assert shown.response.embeds
    helpful = next(
        c["custom_id"]
        for row in shown.response.components
        for c in row["components"]
        if c.get("label") == "Helpful"
    )
    for custom_id in (suggestion, helpful):
        message = shown.response if custom_id == helpful else miss.response
        refused = await alice.click(message, custom_id=custom_id)
        assert refused.ephemeral and "please wait" in refused.response.content
        assert refused.response.embeds == []
    picked = await alice.select(
        miss.response, [menu["options"][0]["value"]], custom_id=menu["custom_id"]
    )
    assert "please wait" in picked.response.content and picked.response.embeds == []
    # Clicking used up the same budget as asking.
    asked = await alice.slash(channel, "ask", question=BEIJING)
    assert "please wait" in asked.response.content
    simcord.assert_error(world.env, commands.CommandOnCooldown)
    # Someone else's clicks are their own.
    assert (await world.mod.click(miss.response, custom_id=suggestion)).response.embeds

    await world.env.advance_time(61)
    vote = await alice.click(shown.response, custom_id=helpful)
    assert "Marked as helpful" in vote.response.content
    # Refused clicks are not questions: the log holds the miss and the refused /ask only.
    assert [o for _, o, _ in outcomes(settings)] == ["unanswered", "refused"]
