"""Teaching the bot from its misses, in Discord: a group of similar unanswered questions
becomes example questions of the fact that answers them.

Moderators pick the group (under `/logs unanswered`, or `/kb teach` with autocomplete) and
the fact (the facts closest to the question, or any by id); every wording of the group is
taught through TradeQA.teach, exactly as `tradeqa kb teach` does (refused, with the reason,
when it would make `kb test` answer an evaluation question wrongly), the knowledge base is
reloaded, and the moderator is told what changed. Each teach, refusal and the reload are in
the audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord

from cogs import _safe_text as limits
from cogs._log_access import open_review, outage_is_one_line
from cogs._safe_text import NO_PINGS
from cogs._who_asked import asker_from_interaction
from knowledge.problems import KnowledgeError
from knowledge.teach import TeachRefused, same_wording
from storage import LogFilter, LogNotFound
from storage.review_records import UnansweredGroup
from tradeqa.reload_relay import ReloadRelay
from tradeqa.service import Asker, TradeQA

if TYPE_CHECKING:
    from bot import TradeQABot

TEACH_TIMEOUT = 600.0  # under the 15 minutes an interaction token can still edit its message
MAX_WORDINGS = 10  # taught from one group at once: the most asked
MAX_OPTIONS = 25  # Discord's limit on a select menu


@dataclass(frozen=True)
class Lesson:
    fact_id: str
    taught: tuple[str, ...]
    refused: tuple[tuple[str, str], ...]  # (wording, why)
    reload_summary: str
    now_answered: bool  # the group's main wording is answered by the fact after the reload


async def missed_groups(service: TradeQA, guild_id: int, limit: int = 100) -> list[UnansweredGroup]:
    """This server's groups of unanswered questions, most asked first ([] without a log)."""
    try:
        review = await open_review(service, guild_id)
        with outage_is_one_line():
            async with review:
                return await review.unanswered(LogFilter(guild_id=guild_id), limit=limit)
    except LogNotFound:
        return []


def find_group(groups: Sequence[UnansweredGroup], question: str) -> UnansweredGroup | None:
    """The group a chosen (autocompleted, so perhaps clipped) question stands for."""
    wanted = " ".join(question.split())
    for group in groups:
        main = " ".join(group.question.split())
        if main == wanted or limits.clip(main, limits.CHOICE) == wanted:
            return group
    return None


def wordings_of(group: UnansweredGroup) -> list[str]:
    """The group's wordings to teach, most asked first, one per phrasing: wordings that
    differ only in case, spacing or end punctuation are one phrasing to the matcher."""
    unique: dict[str, str] = {}
    for wording, _count in group.wordings or ((group.question, group.count),):
        unique.setdefault(same_wording(wording), wording)
    return list(unique.values())[:MAX_WORDINGS]


async def teach_group(
    service: TradeQA,
    wordings: Sequence[str],
    fact_id: str,
    actor: Asker,
    relay: ReloadRelay | None = None,
) -> Lesson:
    """Teach every wording to `fact_id`, then reload once if any was taught (with a relay,
    in every process sharing the database: the files changed for all of them)."""
    taught: list[str] = []
    refused: list[tuple[str, str]] = []
    for wording in wordings:
        try:
            taught.append((await service.teach(wording, fact_id, actor)).question)
        except TeachRefused as exc:
            refused.append((wording, str(exc)))
        except KnowledgeError:
            refused.append((wording, "the knowledge files do not load; run /kb check"))
            break
    summary = "nothing taught, so nothing reloaded"
    now_answered = False
    if taught:
        if relay is None:
            report = await service.reload(actor)
        else:
            report = (await relay.reload_everywhere(actor, wait=False)).report
        summary = report.summary()
        if report.ok:
            now_answered = service.preview(wordings[0]).fact_id == fact_id
    return Lesson(fact_id, tuple(taught), tuple(refused), summary, now_answered)


def lesson_text(lesson: Lesson, main_wording: str) -> str:
    lines = []
    if lesson.taught:
        shown = ", ".join(f"“{limits.echo(w, 120)}”" for w in lesson.taught)
        lines.append(f"Taught `{lesson.fact_id}` {len(lesson.taught)} phrasing(s): {shown}.")
    for wording, why in lesson.refused:
        lines.append(f"Not taught “{limits.echo(wording, 120)}”: {limits.echo(why, 400)}")
    lines.append(f"Knowledge base {lesson.reload_summary}.")
    if lesson.taught:
        verdict = "is now answered by" if lesson.now_answered else "is still not answered by"
        lines.append(f"“{limits.echo(main_wording, 120)}” {verdict} `{lesson.fact_id}`.")
    return limits.clip("\n".join(lines), limits.MESSAGE)


def candidate_facts(service: TradeQA, question: str) -> list[tuple[str, str]]:
    """(fact id, title) of the facts closest to a missed question, best first."""
    answer = service.preview(question)
    found: dict[str, str] = {}
    if answer.fact is not None:
        found[answer.fact.id] = answer.fact.title
    for suggestion in answer.suggestions:
        found.setdefault(suggestion.fact_id, suggestion.title or suggestion.fact_id)
    return list(found.items())[: MAX_OPTIONS - 1]


class _Owned(discord.ui.View):
    """A moderator's own ephemeral step: only they can use it."""

    def __init__(self, owner_id: int) -> None:
        super().__init__(timeout=TEACH_TIMEOUT)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return interaction.user.id == self.owner_id


class GroupPicker(_Owned):
    """Step 1: which group of missed questions to teach."""

    def __init__(self, owner_id: int, groups: Sequence[UnansweredGroup]) -> None:
        super().__init__(owner_id)
        self.groups = list(groups)[:MAX_OPTIONS]
        self.pick.options = [
            discord.SelectOption(
                label=limits.clip(" ".join(g.question.split()) or "…", 100),
                value=str(index),
                description=limits.clip(
                    f"{g.count}× by {g.askers} · {len(g.wordings)} wording(s)", 100
                ),
            )
            for index, g in enumerate(self.groups)
        ]

    @discord.ui.select(placeholder="Teach the bot one of these…")
    async def pick(
        self, interaction: discord.Interaction[TradeQABot], select: discord.ui.Select
    ) -> None:
        group = self.groups[int(select.values[0])]
        service = interaction.client.service
        picker = FactPicker(
            self.owner_id, wordings_of(group), candidate_facts(service, group.question)
        )
        await interaction.response.edit_message(
            content=picker.prompt(), view=picker, allowed_mentions=NO_PINGS
        )
        self.stop()


class FactPicker(_Owned):
    """Step 2: which fact answers the group; then teach, reload and say what changed."""

    def __init__(
        self, owner_id: int, wordings: Sequence[str], facts: Sequence[tuple[str, str]]
    ) -> None:
        super().__init__(owner_id)
        self.wordings = list(wordings)
        self.pick.options = [
            discord.SelectOption(
                label=limits.clip(title, 100), value=fact_id, description=limits.clip(fact_id, 100)
            )
            for fact_id, title in facts
        ] or [discord.SelectOption(label="No close fact: use “Another fact…”", value="-")]

    def prompt(self) -> str:
        shown = ", ".join(f"“{limits.echo(w, 100)}”" for w in self.wordings)
        return limits.clip(f"Which fact answers {shown}?", limits.MESSAGE)

    @discord.ui.select(placeholder="The fact that answers them…", row=0)
    async def pick(
        self, interaction: discord.Interaction[TradeQABot], select: discord.ui.Select
    ) -> None:
        if select.values[0] != "-":
            await self.teach(interaction, select.values[0])

    @discord.ui.button(label="Another fact…", style=discord.ButtonStyle.secondary, row=1)
    async def other(
        self, interaction: discord.Interaction[TradeQABot], _button: discord.ui.Button
    ) -> None:
        await interaction.response.send_modal(FactIdModal(self))

    async def teach(self, interaction: discord.Interaction[TradeQABot], fact_id: str) -> None:
        self.stop()
        await interaction.response.edit_message(
            content="Teaching and reloading…", view=None, allowed_mentions=NO_PINGS
        )
        lesson = await teach_group(
            interaction.client.service,
            self.wordings,
            fact_id,
            asker_from_interaction(interaction, "slash"),
            interaction.client.relay,
        )
        await interaction.edit_original_response(
            content=lesson_text(lesson, self.wordings[0]), allowed_mentions=NO_PINGS
        )


class FactIdModal(discord.ui.Modal, title="The fact that answers them"):
    fact_id: discord.ui.TextInput = discord.ui.TextInput(
        label="Fact id (see /kb show)", max_length=64, placeholder="nvidia-resumes-h20-sales"
    )

    def __init__(self, picker: FactPicker) -> None:
        super().__init__(timeout=TEACH_TIMEOUT)
        self.picker = picker

    async def on_submit(self, interaction: discord.Interaction[TradeQABot]) -> None:
        await self.picker.teach(interaction, self.fact_id.value.strip())
