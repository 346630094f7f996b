"""The buttons under an answer, and the message that carries both (the embed itself is
cogs/_answer_embed.py).

The buttons are DynamicItems: their state (the log row's id,
the asker's id, the suggested fact's id) lives in the custom_id, so they keep working after a
restart without any view being re-registered per message. Clicks share the askers' cooldown.
"""

from __future__ import annotations

import base64
import logging
import re
from typing import TYPE_CHECKING

import discord

from cogs import _safe_text as limits
from cogs._answer_embed import HelpCard, answer_embed
from cogs._cooldown import cooldown_note
from cogs._safe_text import NO_PINGS
from cogs._who_asked import asker_from_interaction
from knowledge.answer import Answer, Suggestion
from tradeqa.answer_text import answer_text
from tradeqa.service import Reply, TradeQA

if TYPE_CHECKING:
    from bot import TradeQABot

log = logging.getLogger("tradeqa.discord")

MAX_SUGGESTIONS = 5
# Outcomes that show a fact a user can judge; a miss shows none, so there is nothing to rate.
VOTABLE = frozenset({"answered", "related"})


# --------------------------------------------------------------------------- the message


def shown_suggestions(answer: Answer) -> list[Suggestion]:
    """The suggestions offered under an answer, best first: a `related` answer already
    shows its own fact, so the others."""
    if answer.outcome not in ("unanswered", "related"):
        return []
    shown = answer.fact.id if answer.outcome == "related" and answer.fact else None
    return [s for s in answer.suggestions if s.fact_id != shown][:MAX_SUGGESTIONS]


def answer_view(reply: Reply, card: HelpCard | None = None) -> discord.ui.View | None:
    """The buttons under an answer: the suggestions (row 0: the best as the primary button,
    a menu for the rest past two), 👍/👎 on an answer (row 1), examples under help."""
    answer = reply.answer
    view = discord.ui.View(timeout=None)
    suggestions = shown_suggestions(answer)
    tie = {"query_id": reply.query_id, "asker_id": reply.asker_id}
    if len(suggestions) <= 2:
        for rank, suggestion in enumerate(suggestions):
            view.add_item(
                SuggestionButton(suggestion.fact_id, suggestion.title, best=rank == 0, **tie)
            )
    else:
        best, *rest = suggestions
        view.add_item(SuggestionButton(best.fact_id, best.title, best=True, **tie))
        view.add_item(SuggestionMenu(rest, **tie))
    if answer.outcome == "help" and card is not None:
        # Untied (tqa:fact:…): an example is no answer to "hi", so a click must not resolve
        # the greeting as if it were (nor teach it as a wording of the fact).
        for fact_id, example in card.examples[:3]:
            view.add_item(SuggestionButton(fact_id, label=example))
    if answer.outcome in VOTABLE and reply.query_id:
        view.add_item(FeedbackButton(reply.query_id, helpful=True, asker_id=reply.asker_id))
        view.add_item(FeedbackButton(reply.query_id, helpful=False, asker_id=reply.asker_id))
    return view if view.children else None


def answer_message(
    reply: Reply, *, question: str | None = None, card: HelpCard | None = None
) -> dict:
    """Keyword arguments for send()/followup.send(): embed, view, no pings. `question` is
    echoed only where it is not visible above the answer (see answer_embed)."""
    kwargs: dict = {
        "embed": answer_embed(
            reply.answer,
            question=question,
            card=card,
        ),
        "allowed_mentions": NO_PINGS,
    }
    view = answer_view(reply, card)
    if view is not None:
        kwargs["view"] = view
    return kwargs


# --------------------------------------------------------------------------- the buttons


CUSTOM_ID = 100  # Discord's limit on a component's custom_id
ONLY_THE_ASKER = "Only the person who asked can vote on this answer."


def _service(interaction: discord.Interaction[TradeQABot]) -> TradeQA:
    return interaction.client.service


async def _within_cooldown(interaction: discord.Interaction[TradeQABot]) -> bool:
    """Clicks count against the askers' cooldown; a refused click gets a private note."""
    hit = interaction.client.cooldown_for(interaction.guild_id).hit(
        interaction.user.id, interaction.created_at
    )
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
    """A suggested fact, labelled with its title: answers it, privately to whoever clicked.

    tqa:s:TIE:FACT carries the question and its asker: the asker's click resolves their
    question (see TradeQA.resolve). Anyone else's click, or one on a tqa:fact:FACT button
    of an older answer, only shows the fact. Help's example questions are such buttons too,
    labelled with the question.
    """

    def __init__(
        self,
        fact_id: str,
        title: str = "",
        *,
        label: str | None = None,
        best: bool = False,
        query_id: str = "",
        asker_id: int | None = None,
        tie: str | None = None,
    ) -> None:
        label = limits.clip(label or title or fact_id, limits.BUTTON_LABEL)
        tie = tie or _tie(query_id, asker_id)
        custom_id = f"tqa:s:{tie}:{fact_id}" if tie else ""
        if not custom_id or len(custom_id) > CUSTOM_ID:  # a 62-64 character fact id
            custom_id, tie = f"tqa:fact:{fact_id}", None
        style = discord.ButtonStyle.primary if best else discord.ButtonStyle.secondary
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=custom_id, row=0))
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
        await _answer_suggestion(interaction, self.fact_id, self.tie)


async def _answer_suggestion(
    interaction: discord.Interaction, fact_id: str, tie: str | None
) -> None:
    """Answer a picked suggestion privately; the asker's pick resolves their question."""
    await interaction.response.defer(ephemeral=True, thinking=True)
    service = _service(interaction)
    query_id, asker_id = _untie(tie) if tie else ("", None)
    if asker_id == interaction.user.id:
        reply = await service.resolve(
            query_id, fact_id, asker_from_interaction(interaction, "button")
        )
    else:
        reply = Reply(service.suggestion_answer(fact_id), "")
    if reply.answer.fact is None:  # removed by a reload since it was suggested: say so
        await interaction.followup.send(
            answer_text(reply.answer), ephemeral=True, allowed_mentions=NO_PINGS
        )
        return
    await interaction.followup.send(ephemeral=True, **answer_message(reply))


class SuggestionMenu(
    discord.ui.DynamicItem[discord.ui.Select],
    template=r"tqa:pick(?::(?P<tie>[A-Za-z0-9_-]{32}))?",
):
    """The other suggestions past the best one, as a menu of fact titles (a row of five
    buttons wraps on a phone). The picked option's value is the fact id."""

    def __init__(
        self,
        suggestions: list[Suggestion] | None = None,
        *,
        query_id: str = "",
        asker_id: int | None = None,
        tie: str | None = None,
    ) -> None:
        tie = tie or _tie(query_id, asker_id)
        options = [
            discord.SelectOption(label=limits.clip(s.title or s.fact_id, 100), value=s.fact_id)
            for s in suggestions or []
        ] or [discord.SelectOption(label="…", value="-")]  # rebuilt from a click: unused
        super().__init__(
            discord.ui.Select(
                custom_id=f"tqa:pick:{tie}" if tie else "tqa:pick",
                placeholder="Other close topics…",
                options=options,
                row=1,
            )
        )
        self.tie = tie

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Select, match: re.Match[str], /
    ) -> SuggestionMenu:
        return cls(tie=match["tie"])

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await _within_cooldown(interaction)

    async def callback(self, interaction: discord.Interaction) -> None:
        picked = (interaction.data or {}).get("values") or []  # type: ignore[union-attr]
        if picked:
            await _answer_suggestion(interaction, picked[0], self.tie)


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
                row=2,
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


DYNAMIC_ITEMS = (SuggestionButton, SuggestionMenu, FeedbackButton)
