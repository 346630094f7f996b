"""How an answer looks in Discord, and the buttons under it.

The embed is built for a phone: the answer first, a quotation as a block quote, the fact's
date or figure, then the source. The buttons are DynamicItems: their state (the log row's id,
the asker's id, the suggested fact's id) lives in the custom_id, so they keep working after a
restart without any view being re-registered per message. Clicks share the askers' cooldown.
"""

from __future__ import annotations

import base64
import logging
import re

import discord

from cogs import _limits as limits
from cogs._cooldown import cooldown_note
from knowledge.answer import Answer
from knowledge.engine import report_date
from knowledge.schema import Fact, Source
from tradeqa.service import Asker, Reply

log = logging.getLogger("tradeqa.discord")

NO_PINGS = discord.AllowedMentions.none()

ANSWERED = discord.Colour.from_rgb(47, 109, 179)
MISSED = discord.Colour.from_rgb(150, 150, 150)
INFO = discord.Colour.from_rgb(88, 101, 242)
# A fact on the topic that lacks what was asked: shown, but not as the answer.
RELATED = discord.Colour.from_rgb(214, 158, 46)

MISS_TEXT = "The knowledge base doesn't cover that."
MAX_SUGGESTIONS = 3
# Outcomes a user can usefully vote on; help and unusable questions get no buttons.
VOTABLE = frozenset({"answered", "related", "unanswered"})


# --------------------------------------------------------------------------- who asked


def asker_from_interaction(interaction: discord.Interaction, surface: str) -> Asker:
    return Asker(
        surface=surface,
        user_id=interaction.user.id,
        user_name=str(interaction.user),
        guild_id=interaction.guild_id,
        channel_id=interaction.channel_id,
    )


def asker_from_message(message: discord.Message, surface: str) -> Asker:
    return Asker(
        surface=surface,
        user_id=message.author.id,
        user_name=str(message.author),
        guild_id=message.guild.id if message.guild else None,
        channel_id=message.channel.id,
    )


# --------------------------------------------------------------------------- the embed


def _words(text: str) -> str:
    return " ".join(text.split())


def _quote_in_answer(fact: Fact) -> bool:
    """True when the answer text already is the quotation (quote facts usually are)."""
    if fact.quote is None:
        return False
    return _words(fact.quote.words).strip(' ,.“”"') in _words(fact.answer)


def _answer_blocks(fact: Fact) -> list[tuple[str, bool]]:
    blocks: list[tuple[str, bool]] = []
    if not _quote_in_answer(fact):
        blocks.append((fact.answer, False))
    if fact.quote is not None:
        # A quotation is shown whole or not at all: never cut someone's words mid-sentence.
        blocks.append((limits.block_quote(fact.quote.words, fact.quote.speaker), True))
    return blocks


def source_text(source: Source) -> str:
    headline = source.headline.replace("[", "(").replace("]", ")")
    first = f"[{headline}]({source.url})" if source.url else f"“{headline}”"
    details = [d for d in (source.publisher, _reported(source)) if d]
    return first + ("\n" + " · ".join(details) if details else "")


def _reported(source: Source) -> str | None:
    when = source.date_note or report_date(source)
    return f"reported {when}" if when else None


def _date_text(fact: Fact) -> str:
    parts = []
    for value in fact.dates:
        extra = value.iso if value.iso and value.iso not in value.as_written else None
        parts.append(f"{value.as_written} ({extra})" if extra else value.as_written)
    return "\n".join(parts)


def fact_embed(fact: Fact, source: Source | None) -> discord.Embed:
    """The embed for one fact: answer, quotation, date, figure, source."""
    embed = discord.Embed(title=fact.title, colour=ANSWERED)
    room = limits.EMBED_DESCRIPTION
    embed.description = limits.join_blocks(_answer_blocks(fact), room)
    if fact.dates:
        embed.add_field(name="When", value=_date_text(fact), inline=False)
    if fact.figures:
        embed.add_field(
            name="Figure", value="\n".join(f.as_written for f in fact.figures), inline=False
        )
    if source is not None:
        embed.add_field(name="Source", value=source_text(source), inline=False)
    return embed


def answer_embed(answer: Answer, *, question: str | None = None) -> discord.Embed:
    """The embed for any answer; `question` (the asker's words) is echoed in the footer."""
    if answer.answered and answer.fact is not None:
        embed = fact_embed(answer.fact, answer.source)
    elif answer.outcome == "related" and answer.fact is not None:
        embed = fact_embed(answer.fact, answer.source)
        embed.title = limits.clip(f"The knowledge base doesn't say {answer.missing}", 256)
        embed.description = limits.clip(
            f"What it has on that, **{answer.fact.title}**:\n\n{embed.description}",
            limits.EMBED_DESCRIPTION,
        )
        embed.colour = RELATED
    elif answer.outcome == "unanswered":
        text = MISS_TEXT
        if answer.suggestions:
            text += "\nDid you mean one of these?"
        embed = discord.Embed(title="Not in the knowledge base", description=text, colour=MISSED)
    else:
        # help, empty, too_long: the engine's own words, which never contain the question.
        embed = discord.Embed(description=answer.text, colour=INFO)
    if question and answer.outcome != "empty":
        # Footers render neither markdown nor mentions, so the words are shown as typed.
        embed.set_footer(text="You asked: " + limits.clip(_words(question), 200))
    return limits.fit_embed(embed)


def answer_view(reply: Reply) -> discord.ui.View | None:
    """The buttons under an answer: "Did you mean …?" (row 0) and 👍/👎 (row 1)."""
    answer = reply.answer
    view = discord.ui.View(timeout=None)
    if answer.outcome in ("unanswered", "related"):
        # A related answer already shows its fact: the buttons offer the others.
        shown = answer.fact.id if answer.outcome == "related" and answer.fact else None
        others = [s for s in answer.suggestions if s.fact_id != shown]
        for suggestion in others[:MAX_SUGGESTIONS]:
            view.add_item(
                SuggestionButton(
                    suggestion.fact_id,
                    suggestion.title,
                    query_id=reply.query_id,
                    asker_id=reply.asker_id,
                )
            )
    if answer.outcome in VOTABLE and reply.query_id:
        view.add_item(FeedbackButton(reply.query_id, helpful=True, asker_id=reply.asker_id))
        view.add_item(FeedbackButton(reply.query_id, helpful=False, asker_id=reply.asker_id))
    return view if view.children else None


def answer_message(reply: Reply, *, question: str | None = None) -> dict:
    """Keyword arguments for send()/followup.send(): embed, view, no pings."""
    kwargs: dict = {
        "embed": answer_embed(reply.answer, question=question),
        "allowed_mentions": NO_PINGS,
    }
    view = answer_view(reply)
    if view is not None:
        kwargs["view"] = view
    return kwargs


# --------------------------------------------------------------------------- the buttons


CUSTOM_ID = 100  # Discord's limit on a component's custom_id
ONLY_THE_ASKER = "Only the person who asked can vote on this answer."


def _service(interaction: discord.Interaction):
    return interaction.client.service  # type: ignore[attr-defined]


async def _within_cooldown(interaction: discord.Interaction) -> bool:
    """Clicks count against the askers' cooldown; a refused click gets a private note."""
    cooldown = interaction.client.cooldown  # type: ignore[attr-defined]
    hit = cooldown.hit(interaction.user.id, interaction.created_at)
    if hit is None:
        return True
    log.info("cooldown: refused a click from %s (%s)", interaction.user, interaction.user.id)
    await interaction.response.send_message(
        cooldown_note(hit[1], click=True), ephemeral=True, allowed_mentions=NO_PINGS
    )
    return False


def _tie(query_id: str, asker_id: int | None) -> str | None:
    """A question's log id (32 hex digits) and its asker's id, in 32 URL-safe characters.

    Plain, the two and a fact id of up to 64 characters would not fit in a custom_id.
    """
    if asker_id is None:
        return None
    try:
        raw = bytes.fromhex(query_id) + asker_id.to_bytes(8, "big")
    except (ValueError, OverflowError):
        return None
    return base64.urlsafe_b64encode(raw).decode() if len(raw) == 24 else None


def _untie(tie: str) -> tuple[str, int]:
    raw = base64.urlsafe_b64decode(tie)
    return raw[:16].hex(), int.from_bytes(raw[16:], "big")


def _asker_of(message: discord.Message | None) -> int | None:
    """Who asked the question a message answers, as Discord records it: the user of the
    slash command or button it answers, else the author of the message it replies to."""
    if message is None:
        return None
    if message.interaction_metadata is not None:
        return message.interaction_metadata.user.id
    reference = message.reference
    if reference is not None and isinstance(reference.resolved, discord.Message):
        return reference.resolved.author.id
    return None


class SuggestionButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"tqa:(?:fact|s:(?P<tie>[A-Za-z0-9_-]{32})):(?P<fact_id>[a-z0-9][a-z0-9-]{0,63})",
):
    """ "Did you mean …?": answers the suggested fact, privately to whoever clicked.

    tqa:s:TIE:FACT carries the question and its asker: the asker's click resolves their
    question (see TradeQA.resolve). Anyone else's click, or one on a tqa:fact:FACT button
    of an older answer, only shows the fact.
    """

    def __init__(
        self,
        fact_id: str,
        title: str = "",
        *,
        query_id: str = "",
        asker_id: int | None = None,
        tie: str | None = None,
    ) -> None:
        label = "Did you mean: " + limits.clip(title or fact_id, limits.BUTTON_LABEL - 15) + "?"
        tie = tie or _tie(query_id, asker_id)
        custom_id = f"tqa:s:{tie}:{fact_id}" if tie else ""
        if not custom_id or len(custom_id) > CUSTOM_ID:  # a 62-64 character fact id
            custom_id, tie = f"tqa:fact:{fact_id}", None
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.secondary, custom_id=custom_id, row=0
            )
        )
        self.fact_id = fact_id
        self.tie = tie

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> SuggestionButton:
        # Only the ids matter for answering; the label was already shown when the answer was.
        return cls(match["fact_id"], tie=match["tie"])

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await _within_cooldown(interaction)

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        service = _service(interaction)
        query_id, asker_id = _untie(self.tie) if self.tie else ("", None)
        if asker_id == interaction.user.id:
            reply = await service.resolve(
                query_id, self.fact_id, asker_from_interaction(interaction, "button")
            )
        else:
            reply = Reply(service.suggestion_answer(self.fact_id), "")
        await interaction.followup.send(ephemeral=True, **answer_message(reply))


class FeedbackButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"tqa:fb:(?P<query_id>[A-Za-z0-9_-]{1,80}):(?P<vote>[01])(?::(?P<asker>[0-9]{1,20}))?",
):
    """👍/👎 on one logged question: only its asker votes, once (a second click replaces it).

    tqa:fb:QUERY:VOTE:ASKER; older answers lack ASKER, and the message then says who asked.
    """

    def __init__(self, query_id: str, *, helpful: bool, asker_id: int | None = None) -> None:
        custom_id = f"tqa:fb:{query_id}:{int(helpful)}"
        if asker_id is not None:
            custom_id += f":{asker_id}"
        super().__init__(
            discord.ui.Button(
                emoji="👍" if helpful else "👎",
                label="Helpful" if helpful else "Not helpful",
                style=discord.ButtonStyle.secondary,
                custom_id=custom_id,
                row=1,
            )
        )
        self.query_id = query_id
        self.helpful = helpful
        self.asker_id = asker_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> FeedbackButton:
        asker = int(match["asker"]) if match["asker"] else None
        return cls(match["query_id"], helpful=match["vote"] == "1", asker_id=asker)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await _within_cooldown(interaction)

    async def callback(self, interaction: discord.Interaction) -> None:
        asker = self.asker_id if self.asker_id is not None else _asker_of(interaction.message)
        if interaction.user.id != asker:
            await interaction.response.send_message(
                ONLY_THE_ASKER, ephemeral=True, allowed_mentions=NO_PINGS
            )
            return
        # The vote waits for the query log's commit: defer so Discord's 3 s never matter.
        await interaction.response.defer(ephemeral=True, thinking=True)
        recorded = await _service(interaction).feedback(
            self.query_id, interaction.user.id, self.helpful
        )
        if not recorded:
            text = "Sorry, I couldn't record that vote: the question is no longer in the log."
        elif self.helpful:
            text = "Thanks! Marked as helpful. (Click 👎 to change your vote.)"
        else:
            text = (
                "Thanks! Marked as not helpful; the moderators will see it. (Click 👍 to change.)"
            )
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)


DYNAMIC_ITEMS = (SuggestionButton, FeedbackButton)
