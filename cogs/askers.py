"""Asking: the hybrid `ask` command (`/ask` and `!ask`), mentioning the bot, Q&A channels.

A mention or a Q&A-channel message is run through the same `ask` command, so all four ways
share its one cooldown check (cogs/_cooldown.py) and the bot's one error handler, and every
answer goes through TradeQA.ask.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands
from discord.ext.commands.view import StringView

from cogs import _safe_text as limits
from cogs._answer_buttons import DYNAMIC_ITEMS, answer_message
from cogs._answer_embed import HelpCard
from cogs._cooldown import within_cooldown
from cogs._who_asked import AskContext, asker_from_context
from tradeqa.service import TradeQA

if TYPE_CHECKING:
    from bot import TradeQABot

log = logging.getLogger("tradeqa.discord")


class Askers(commands.Cog):
    def __init__(self, bot: TradeQABot) -> None:
        self.bot = bot

    @property
    def service(self) -> TradeQA:
        return self.bot.service

    # -- /ask and !ask ---------------------------------------------------------------------

    @commands.hybrid_command(
        name="ask",
        description="Ask about the trade-policy news the bot knows",
        help="Ask a question: !ask when is Huang in Beijing?",
    )
    @app_commands.describe(question="Your question, in plain words")
    @within_cooldown()
    async def ask(self, ctx: AskContext, *, question: str = "") -> None:
        # Help concerns only the one who asked: for /ask it is private. Whether it is help is
        # known before deferring (matching takes a few milliseconds at most); the answer
        # itself waits for the query log's commit.
        private = ctx.interaction is not None and self._is_help(question)
        await ctx.defer(ephemeral=private)
        reply = await self.service.ask(question, asker_from_context(ctx))
        if ctx.interaction is not None:
            # Others see "used /ask" but not the question: the answer repeats it above its
            # title.
            message = answer_message(reply, question=question, card=self.help_card(ctx.guild))
            await ctx.send(ephemeral=private, **message)
            return
        try:
            # A reply shows the question above the answer: no "You asked" echo.
            await ctx.send(
                reference=ctx.message.to_reference(fail_if_not_exists=False),
                mention_author=False,
                **answer_message(reply, card=self.help_card(ctx.guild)),
            )
        except discord.HTTPException as exc:
            # No permission to speak here, say: the question is logged, nothing else to do.
            log.warning("could not answer in channel %s: %s", ctx.channel.id, exc)

    def _is_help(self, question: str) -> bool:
        return self.service.preview(question).outcome == "help"

    @ask.autocomplete("question")
    async def ask_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        choices: dict[str, app_commands.Choice[str]] = {}
        for text in self.service.suggest_questions(current, limit=25):
            name = limits.clip(" ".join(text.split()), limits.CHOICE)
            if name and name not in choices:
                choices[name] = app_commands.Choice(name=name, value=name)
        return list(choices.values())[:25]

    # -- mentions and Q&A channels ---------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.guild is None or self.bot.user is None:
            return
        ctx = await self.bot.get_context(message, cls=AskContext)
        # A real command is the command framework's (bot.process_commands runs it);
        # "!what about h20?" is not one, and in a Q&A channel (or with a mention) it is a
        # question like any other.
        if ctx.valid:
            return
        mention = re.compile(rf"<@!?{self.bot.user.id}>")
        # Only an explicit @mention counts, not the implicit one of replying to the bot.
        if mention.search(message.content):
            surface = "mention"
        elif self._is_qa_channel(message.channel, message.guild.id):
            surface = "qa_channel"
        else:
            return
        question = mention.sub(" ", message.content).strip()
        if surface == "qa_channel" and not question:
            return  # an image or sticker posted in a Q&A channel is not a question
        # Run as the `ask` command: its cooldown check, its error handling, its answer.
        ctx.command, ctx.invoked_with = self.ask, None
        ctx.asked_via, ctx.asked = surface, question
        ctx.view = StringView(question)
        await self.bot.invoke(ctx)

    def _is_qa_channel(self, channel: discord.abc.Messageable, guild_id: int) -> bool:
        ids = self.bot.config_for(guild_id).qa_channel_ids
        parent = getattr(channel, "parent_id", None)
        return getattr(channel, "id", None) in ids or (parent is not None and parent in ids)

    def help_card(self, guild: discord.Guild | None) -> HelpCard:
        """How to ask in this server, from its settings, and example questions."""
        config = self.bot.config_for(guild.id if guild else None)
        ways = ["`/ask` followed by your question"]
        if config.prefix:
            ways.append(f"`{config.prefix}ask` followed by your question")
        # Names, not <@id>/<#id> mentions: embeds do not always render those as names.
        me = self.bot.user
        ways.append(f"`@{me.display_name}` followed by your question" if me else "a mention")
        names = [self._channel_name(i) for i in sorted(config.qa_channel_ids)]
        if names:
            ways.append("any message in " + ", ".join(names))
        return HelpCard(ways=ways, examples=example_questions(self.service))

    def _channel_name(self, channel_id: int) -> str:
        channel = self.bot.get_channel(channel_id)
        name = getattr(channel, "name", None)
        return f"**#{limits.neutralise(name)}**" if name else f"<#{channel_id}>"


# `/ask` requires its question in Discord's form, as it always has; `!ask` and a bare mention
# with nothing after them still get help (the text command's default is "").
# (discord.py derives "required" from the Python default, which both forms share.)
Askers.ask.app_command._params["question"].required = True


EXAMPLE_KINDS = ("event", "figure", "quote")


def example_questions(service: TradeQA, count: int = 3) -> list[tuple[str, str]]:
    """(fact id, question) for a few facts of different kinds: an event, a figure, a quote,
    each asked in its first listed wording, so help shows what the bot is good at."""
    facts = [service.fact(fact_id) for fact_id, _ in service.fact_ids("", limit=10_000)]
    picked: list[tuple[str, str]] = []
    for kind in EXAMPLE_KINDS:
        fact = next((f for f in facts if f is not None and f.kind == kind and f.questions), None)
        if fact is not None:
            question = fact.questions[0].strip().rstrip("?")
            picked.append((fact.id, question[:1].upper() + question[1:] + "?"))
    return picked[:count]


async def setup(bot: TradeQABot) -> None:
    # Registered here, during setup_hook: answers' buttons work for messages sent before a
    # restart as soon as the bot is back.
    bot.add_dynamic_items(*DYNAMIC_ITEMS)
    await bot.add_cog(Askers(bot))


async def teardown(bot: TradeQABot) -> None:
    bot.remove_dynamic_items(*DYNAMIC_ITEMS)
