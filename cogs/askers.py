"""Asking: `/ask`, `!ask`, mentioning the bot, and Q&A channels.

All four go through TradeQA.ask and share one per-user cooldown (the bot's, which the
buttons under answers use too), so switching from `/ask` to a mention does not reset it.
"""

from __future__ import annotations

import contextlib
import logging
import re

import discord
from discord import app_commands
from discord.ext import commands

from cogs import _limits as limits
from cogs._answers import (
    DYNAMIC_ITEMS,
    NO_PINGS,
    HelpCard,
    answer_message,
    asker_from_interaction,
    asker_from_message,
)
from cogs._cooldown import WAIT_REACTION, AskCooldown, cooldown_note
from tradeqa.service import Asker

log = logging.getLogger("tradeqa.discord")


class Askers(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.cooldown: AskCooldown = bot.cooldown  # type: ignore[attr-defined]  # shared

    @property
    def service(self):
        return self.bot.service  # type: ignore[attr-defined]

    # -- the cooldown, as the checks of this cog's commands --------------------------------

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        hit = self.cooldown.hit(interaction.user.id, interaction.created_at)
        if hit:
            raise app_commands.CommandOnCooldown(*hit)
        return True

    async def cog_check(self, ctx: commands.Context) -> bool:
        hit = self.cooldown.hit(ctx.author.id, ctx.message.created_at)
        if hit:
            raise commands.CommandOnCooldown(*hit, commands.BucketType.user)
        return True

    async def cog_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CommandOnCooldown):
            await interaction.response.send_message(
                cooldown_note(error.retry_after), ephemeral=True, allowed_mentions=NO_PINGS
            )
            question = getattr(interaction.namespace, "question", "") or ""
            asker = asker_from_interaction(interaction, "slash")
            await self._log_refusal(question, asker, error.retry_after)

    async def cog_command_error(self, ctx: commands.Context, error: commands.CommandError) -> None:
        if isinstance(error, commands.CommandOnCooldown):
            await self._cooldown_reply(ctx.message, error.retry_after)
            # The checks run before argument parsing: take the words after "!ask".
            words = ctx.message.content.removeprefix(ctx.prefix or "").split(maxsplit=1)
            question = words[1] if len(words) > 1 else ""
            await self._log_refusal(
                question, asker_from_message(ctx.message, "prefix"), error.retry_after
            )

    async def _log_refusal(self, question: str, asker: Asker, retry_after: float) -> None:
        log.info("cooldown: refused a question from %s (%s)", asker.user_name, asker.user_id)
        await self.service.log_refusal(question, asker, f"cooldown: retry in {retry_after:.0f} s")

    async def _cooldown_reply(self, message: discord.Message, retry_after: float) -> None:
        # One public note per wait, or a quick asker floods the channel with them; the later
        # refused messages of the same wait get a reaction (if the bot may add one).
        if not self.cooldown.first_refusal(message.author.id, message.created_at, retry_after):
            with contextlib.suppress(discord.HTTPException):
                await message.add_reaction(WAIT_REACTION)
            return
        # A message cannot be answered ephemerally: the note removes itself instead.
        await message.reply(
            cooldown_note(retry_after),
            mention_author=False,
            allowed_mentions=NO_PINGS,
            delete_after=max(retry_after, 5.0),
        )

    # -- /ask ------------------------------------------------------------------------------

    @app_commands.command(name="ask", description="Ask about the trade-policy news the bot knows")
    @app_commands.describe(question="Your question, in plain words")
    async def ask_slash(self, interaction: discord.Interaction, question: str) -> None:
        # Help concerns only the one who asked: it is private. Whether it is help is known
        # before deferring (matching takes a few milliseconds at most); the answer itself
        # waits for the query log's commit, so defer.
        private = self.service.preview(question).outcome == "help"
        await interaction.response.defer(thinking=True, ephemeral=private)
        reply = await self.service.ask(question, asker_from_interaction(interaction, "slash"))
        # Others see "used /ask" but not the question: the answer repeats it above its title.
        message = answer_message(reply, question=question, card=self.help_card())
        await interaction.followup.send(ephemeral=private, **message)

    @ask_slash.autocomplete("question")
    async def ask_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        choices: dict[str, app_commands.Choice[str]] = {}
        for text in self.service.suggest_questions(current, limit=25):
            name = limits.clip(" ".join(text.split()), limits.CHOICE)
            if name and name not in choices:
                choices[name] = app_commands.Choice(name=name, value=name)
        return list(choices.values())[:25]

    # -- !ask ------------------------------------------------------------------------------

    @commands.command(name="ask", help="Ask a question: !ask when is Huang in Beijing?")
    async def ask_prefix(self, ctx: commands.Context, *, question: str = "") -> None:
        await self._answer(ctx.message, question, "prefix")

    # -- mentions and Q&A channels ---------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.guild is None or self.bot.user is None:
            return
        prefix = self.bot.settings.prefix  # type: ignore[attr-defined]
        # A real command is the command framework's; "!what about h20?" is not one, and in a
        # Q&A channel (or with a mention) it is a question like any other.
        if prefix and message.content.startswith(prefix) and await self._is_command(message):
            return
        me = self.bot.user.id
        mention = re.compile(rf"<@!?{me}>")
        # Only an explicit @mention counts, not the implicit one of replying to the bot.
        if mention.search(message.content):
            surface = "mention"
        elif self._is_qa_channel(message.channel):
            surface = "qa_channel"
        else:
            return
        question = mention.sub(" ", message.content).strip()
        if surface == "qa_channel" and not question:
            return  # an image or sticker posted in a Q&A channel is not a question
        hit = self.cooldown.hit(message.author.id, message.created_at)
        if hit:
            await self._cooldown_reply(message, hit[1])
            await self._log_refusal(question, asker_from_message(message, surface), hit[1])
            return
        await self._answer(message, question, surface)

    async def _is_command(self, message: discord.Message) -> bool:
        return (await self.bot.get_context(message)).valid

    def _is_qa_channel(self, channel: discord.abc.Messageable) -> bool:
        ids = self.bot.settings.qa_channel_ids  # type: ignore[attr-defined]
        parent = getattr(channel, "parent_id", None)
        return getattr(channel, "id", None) in ids or (parent is not None and parent in ids)

    def help_card(self) -> HelpCard:
        """How to ask in this server, from the bot's configuration, and example questions."""
        settings = self.bot.settings  # type: ignore[attr-defined]
        ways = ["`/ask` followed by your question"]
        if settings.prefix:
            ways.append(f"`{settings.prefix}ask` followed by your question")
        # Names, not <@id>/<#id> mentions: embeds do not always render those as names.
        me = self.bot.user
        ways.append(f"`@{me.display_name}` followed by your question" if me else "a mention")
        names = [self._channel_name(i) for i in sorted(settings.qa_channel_ids)]
        if names:
            ways.append("any message in " + ", ".join(names))
        return HelpCard(ways=ways, examples=example_questions(self.service))

    def _channel_name(self, channel_id: int) -> str:
        channel = self.bot.get_channel(channel_id)
        name = getattr(channel, "name", None)
        return f"**#{limits.neutralise(name)}**" if name else f"<#{channel_id}>"

    async def _answer(self, message: discord.Message, question: str, surface: str) -> None:
        reply = await self.service.ask(question, asker_from_message(message, surface))
        try:
            # A reply shows the question above the answer: no "You asked" echo.
            await message.channel.send(
                reference=message.to_reference(fail_if_not_exists=False),
                mention_author=False,
                **answer_message(reply, card=self.help_card()),
            )
        except discord.HTTPException as exc:
            # No permission to speak here, say: the question is logged, nothing else to do.
            log.warning("could not answer in channel %s: %s", message.channel.id, exc)


EXAMPLE_KINDS = ("event", "figure", "quote")


def example_questions(service, count: int = 3) -> list[tuple[str, str]]:
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


async def setup(bot: commands.Bot) -> None:
    # Registered here, during setup_hook: answers' buttons work for messages sent before a
    # restart as soon as the bot is back.
    bot.add_dynamic_items(*DYNAMIC_ITEMS)
    await bot.add_cog(Askers(bot))


async def teardown(bot: commands.Bot) -> None:
    bot.remove_dynamic_items(*DYNAMIC_ITEMS)
