"""Asking through Discord: /ask, !ask, mentions, Q&A channels, limits, failures.

Buttons are in test_discord_buttons.py, the cooldown in test_discord_cooldown.py.

simcord runs the real discord.py machinery (gateway parsing, the command framework, the
app-command tree, checks, error handlers, views) against an in-memory Discord; the bot is
the real one from create_bot() with a real TradeQA on a tmp SQLite file.
"""

from __future__ import annotations

from dataclasses import replace

import discord
import simcord
from discord import app_commands
from discord.ext import commands
from discord_helpers import rows

from cogs import _safe_text as limits

# The shared fixtures (settings, service, simcord_bot, world) come from the helpers module.
pytest_plugins = ["discord_helpers"]

BEIJING = "when is huang in beijing?"
BEIJING_FACT = "huang-beijing-media-briefing"
# Near the domain but not covered: answered with "Did you mean …?" suggestions.
MISS = "where is nvidia headquartered?"


def queries(settings, **where) -> list:
    sql = "SELECT * FROM queries"
    if where:
        sql += " WHERE " + " AND ".join(f"{k} = ?" for k in where)
    return rows(settings.db, sql + " ORDER BY asked_at, rowid", tuple(where.values()))


def requests_to(env: simcord.Env, method: str, fragment: str) -> list[simcord.HttpLogEntry]:
    return [r for r in env.http_requests if r.method == method and fragment in r.path]


# --------------------------------------------------------------------------- /ask


async def test_slash_ask_answers_in_an_embed_and_logs_the_question(world, settings):
    result = await world.alice.slash(world.channel, "ask", question=BEIJING)

    # Acknowledged ("thinking…", type 5) before the answer was looked up and logged.
    [callback] = requests_to(world.env, "POST", "/callback")
    assert callback.json == {"type": 5}
    response = result.response
    assert not response.ephemeral
    embed = response.embeds[0]
    assert embed.title == "Huang’s media briefing in Beijing this Wednesday"
    assert "media briefing in Beijing" in embed.description
    fields = {f.name: f.value for f in embed.fields}
    # "this Wednesday" is the week of the report, not this week.
    assert fields["When"] == "this Wednesday — per a post dated July 22, 2025"
    assert embed.timestamp.date().isoformat() == "2025-07-22"
    # Others see "used /ask", not the question: it is repeated above the title.
    assert embed.author.name == f"You asked: {BEIJING}"
    source = embed.footer.text
    assert source.startswith("Source: “Nvidia to Resume AI Chip Sales")
    assert source.endswith("reported in a post dated July 22, 2025")

    [row] = queries(settings)
    assert (row["surface"], row["outcome"], row["fact_id"]) == ("slash", "answered", BEIJING_FACT)
    assert (row["user_id"], row["guild_id"], row["channel_id"]) == (
        world.alice.id,
        world.guild.id,
        world.channel.id,
    )
    assert row["question"] == BEIJING
    custom_ids = [c["custom_id"] for r in response.components for c in r["components"]]
    # 👍/👎 carry the log row and the asker, the only one who may vote.
    assert custom_ids == [
        f"tqa:fb:{row['query_id']}:1:{world.alice.id}",
        f"tqa:fb:{row['query_id']}:0:{world.alice.id}",
    ]


async def test_ask_autocomplete_offers_known_questions_within_limits(world):
    choices = await world.alice.autocomplete(world.channel, "ask", "question", "huang beij")
    assert 0 < len(choices) <= 25
    assert all(0 < len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
    assert any("beijing" in c["name"] for c in choices)

    long_typing = "what did jensen huang say " * 40
    choices = await world.alice.autocomplete(world.channel, "ask", "question", long_typing)
    assert len(choices) <= 25
    assert all(len(c["name"]) <= 100 for c in choices)


async def test_autocomplete_looks_only_at_the_start_of_very_long_typing(world, monkeypatch):
    # A client may send thousands of characters as the text typed so far; matching all of
    # them on every keystroke would cost the whole bot time. Only the start is looked at.
    index = world.env.bot.service.engine.index
    analysed: list[int] = []
    analyse = index.analyse

    def spy(text: str, *args, **kwargs):
        analysed.append(len(text))
        return analyse(text, *args, **kwargs)

    monkeypatch.setattr(index, "analyse", spy)
    typed = "what did jensen huang say about beijing " * 150  # 6,000 characters

    choices = await world.alice.autocomplete(world.channel, "ask", "question", typed)

    assert any("beijing" in c["name"] for c in choices)
    assert analysed and max(analysed) <= 200


async def test_quote_is_shown_as_a_block_quote(world):
    result = await world.alice.slash(
        world.channel, "ask", question="give me the jensen huang quote"
    )
    description = result.response.embeds[0].description
    assert description.startswith("> “In order for America to be the world leader")
    # The words as printed, without the comma that joined them to the article's sentence.
    assert "tech stack to be the global standard”\n— Jensen Huang, CEO of Nvidia" in description
    assert description.count("In order for America") == 1


# --------------------------------------------------------------------------- other ways


async def test_prefix_ask_replies_without_pinging(world, settings):
    question = await world.alice.send(world.channel, f"!ask {BEIJING}")

    reply = world.channel.last_message
    assert reply.author.id == world.env.bot.user.id
    assert reply.reference is not None and reply.reference.message_id == question.id
    assert reply.embeds[0].title.startswith("Huang’s media briefing")
    # The question shows above the reply: the answer does not repeat it.
    assert reply.embeds[0].author.name is None
    assert world.alice.id not in {u.id for u in reply.mentions}  # mention_author=False
    [row] = queries(settings)
    assert (row["surface"], row["fact_id"], row["question"]) == ("prefix", BEIJING_FACT, BEIJING)


async def test_mentioning_the_bot_asks_it(world, settings):
    await world.alice.send(world.channel, f"{world.env.bot.user.mention} {BEIJING}")

    reply = world.channel.last_message
    assert reply.author.id == world.env.bot.user.id
    assert reply.embeds[0].title.startswith("Huang’s media briefing")
    [row] = queries(settings)
    assert (row["surface"], row["question"]) == ("mention", BEIJING)


async def test_plain_messages_are_questions_only_in_qa_channels(world, settings):
    bot = world.env.bot
    qa = world.guild.create_text_channel("ask-here")

    await world.alice.send(world.channel, BEIJING)
    await world.alice.send(qa, BEIJING)
    assert world.channel.last_message.author.id == world.alice.id  # off by default
    assert qa.last_message.author.id == world.alice.id
    assert queries(settings) == []

    bot.settings = replace(bot.settings, qa_channel_ids=frozenset({qa.id}))
    await world.alice.send(qa, BEIJING)
    assert qa.last_message.author.id == bot.user.id
    assert qa.last_message.embeds[0].title.startswith("Huang’s media briefing")
    await world.alice.send(world.channel, BEIJING)
    assert world.channel.last_message.author.id == world.alice.id
    [row] = queries(settings)
    assert (row["surface"], row["channel_id"]) == ("qa_channel", qa.id)


async def test_a_qa_channel_message_starting_with_the_prefix_is_still_a_question(world, settings):
    bot = world.env.bot
    qa = world.guild.create_text_channel("ask-here")
    bot.settings = replace(bot.settings, qa_channel_ids=frozenset({qa.id}))

    # "!" is the prefix, but "!when" is no command: an ordinary Q&A-channel question.
    asked = await world.alice.send(qa, f"!{BEIJING}")
    reply = qa.last_message
    assert reply.author.id == bot.user.id
    assert reply.reference is not None and reply.reference.message_id == asked.id
    assert reply.embeds[0].title.startswith("Huang’s media briefing")
    # A real command in a Q&A channel is answered once, by the command.
    await world.alice.send(qa, f"!ask {BEIJING}")
    assert len([m for m in qa.history() if m.author.id == bot.user.id]) == 2

    logged = [(r["surface"], r["question"]) for r in queries(settings)]
    assert logged == [("qa_channel", f"!{BEIJING}"), ("prefix", BEIJING)]


# --------------------------------------------------------------------------- safety, limits


async def test_mentions_in_a_question_ping_nobody(world, settings):
    env = world.env
    loud = world.guild.create_role("Everyone-ish", mentionable=True)
    question = f"@everyone @here <@{world.mod.id}> <@&{loud.id}> **{BEIJING}**"

    result = await world.alice.slash(world.channel, "ask", question=question)
    await world.alice.send(world.channel, f"!ask {question}")
    await world.alice.send(world.channel, f"{env.bot.user.mention} {question}")

    for message in [result.response.message, *world.channel.history()[-3:]]:
        if message.author.id != env.bot.user.id:
            continue
        assert not message.mention_everyone
        assert message.mentions == [] and message.role_mentions == []
    sends = requests_to(env, "POST", "/messages") + requests_to(env, "POST", "/webhooks/")
    bot_sends = [r for r in sends if r.json and ("embeds" in r.json or "content" in r.json)]
    assert len(bot_sends) >= 3
    for request in bot_sends:
        assert request.json["allowed_mentions"]["parse"] == []
        assert not request.json["allowed_mentions"].get("replied_user")
    assert len(queries(settings)) == 3


async def test_a_4000_character_question_is_answered_within_limits(world, settings):
    question = ("why did nvidia stop selling chips to china " * 100)[:4000]
    result = await world.alice.slash(world.channel, "ask", question=question)

    embed = result.response.embeds[0]
    assert "4,000 characters" in embed.description
    assert limits.embed_size(embed) <= limits.EMBED_TOTAL
    assert len(embed.author.name) <= 220 and embed.author.name.endswith("…")
    assert not embed.author.name[:-1].endswith(" ")
    [row] = queries(settings)
    assert (row["outcome"], len(row["question"])) == ("too_long", 4000)


async def test_empty_mention_gets_help_and_no_buttons(world):
    await world.alice.send(world.channel, world.env.bot.user.mention)
    reply = world.channel.last_message
    assert "Ask me about" in reply.embeds[0].description
    assert reply.components == []


async def test_bot_level_defaults(world):
    bot = world.env.bot
    assert bot.allowed_mentions.everyone is False
    assert bot.allowed_mentions.users is False and bot.allowed_mentions.roles is False
    assert isinstance(bot.intents, discord.Intents) and bot.intents.message_content


# --------------------------------------------------------------------------- failures


async def test_a_failure_is_logged_and_the_asker_gets_an_apology(
    world, service, monkeypatch, caplog
):
    async def broken(question, asker):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(service, "ask", broken)

    result = await world.alice.slash(world.channel, "ask", question=BEIJING)
    await world.alice.send(world.channel, f"!ask {BEIJING}")

    apology = "Sorry, something went wrong on my side; it has been logged."
    # The apology replaces the "thinking…" placeholder of the deferred /ask.
    assert result.response.content == apology and result.response.embeds == []
    reply = world.channel.last_message
    assert reply.author.id == world.env.bot.user.id and reply.content == apology
    simcord.assert_error(world.env, app_commands.CommandInvokeError, contains="disk on fire")
    simcord.assert_error(world.env, commands.CommandInvokeError, contains="disk on fire")
    failures = [r for r in caplog.records if r.name == "tradeqa.discord" and "failed" in r.message]
    assert len(failures) == 2


# --------------------------------------------------------------------------- one command


async def test_slash_and_prefix_ask_are_one_hybrid_command_with_the_same_option(world):
    bot = world.env.bot
    command = bot.get_command("ask")
    assert isinstance(command, commands.HybridCommand)
    assert bot.tree.get_command("ask") is command.app_command
    synced = world.commands["ask"]
    assert synced.description == "Ask about the trade-policy news the bot knows"
    assert [(o.name, o.required, o.autocomplete) for o in synced.options] == [
        ("question", True, True)
    ]


def test_no_cog_handles_its_own_errors_or_checks_its_own_permissions():
    # Refusals, cooldowns and failures are answered by the bot's one handler (cogs/_errors.py);
    # permissions by moderator_only()/admin_only() on the commands.
    from cogs.admins import Admins
    from cogs.askers import Askers
    from cogs.moderators import Moderators
    from cogs.server_settings import ServerSettings

    for cog in (Askers, Moderators, Admins, ServerSettings):
        for hook in ("cog_command_error", "cog_app_command_error", "interaction_check"):
            assert hook not in vars(cog), f"{cog.__name__}.{hook}"
