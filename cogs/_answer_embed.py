"""How an answer reads in Discord: the embeds of an answer, a `related` answer, a miss and help.

Built for a glance on a phone: the answer first, a quotation as a block quote, only the
dates and figures the sentence does not already show (side by side), then the source on one
small line. Relative dates ("this Wednesday") are anchored to the report they come from, and
the embed's timestamp is the report's date, so nobody reads them as this week's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import discord

from cogs import _safe_text as limits
from knowledge.answer import Answer
from knowledge.schema import DateValue, Fact, Source
from tradeqa.answer_text import answer_notes, answer_text, report_date

ANSWERED = discord.Colour.from_rgb(47, 109, 179)
MISSED = discord.Colour.from_rgb(150, 150, 150)
INFO = discord.Colour.from_rgb(88, 101, 242)
# A fact on the topic that lacks what was asked: shown, but not as the answer.
RELATED = discord.Colour.from_rgb(214, 158, 46)

SOURCE_PREFIX = "Source: "
MISS_TITLE = "Not in the knowledge base"
HELP_TITLE = "Ask me about the trade-policy news I know"

# A year in the words: the date stands on its own ("first quarter of 2025").
_YEAR = re.compile(r"\b(1[89]|2[0-9])\d\d\b")
# Punctuation that only joined the quoted words to the sentence they were cut from.
_DANGLING = ",;:–—-"


# --------------------------------------------------------------------------- pieces


def _words(text: str) -> str:
    return " ".join(text.split())


def quoted_words(words: str) -> str:
    """The words of a quotation between quotation marks, without the comma or dash that
    tied them to the rest of the sentence: nothing inside the marks is changed."""
    return "“" + _words(words).rstrip(_DANGLING + " ") + "”"


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
        blocks.append(
            (limits.block_quote(quoted_words(fact.quote.words), fact.quote.speaker), True)
        )
    return blocks


def _reported(source: Source) -> str | None:
    when = source.date_note or report_date(source)
    return f"reported {when}" if when else None


def source_text(source: Source, *, link: bool = True) -> str:
    """One line: the headline (a link when the source has a URL), publisher, report date."""
    headline = source.headline.replace("[", "(").replace("]", ")")
    first = f"[{headline}]({source.url})" if source.url and link else f"“{headline}”"
    details = [d for d in (source.publisher, _reported(source)) if d]
    return " · ".join([first, *details])


def report_moment(source: Source | None) -> dt.datetime | None:
    """The report's date as the embed's timestamp, when the source gives a full date."""
    if source is None or not source.published or source.published.count("-") != 2:
        return None
    day = dt.date.fromisoformat(source.published)
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)


def _anchor(source: Source | None) -> str | None:
    """What a relative date counts from: "per a post dated July 22, 2025"."""
    if source is None:
        return None
    if source.date_note:
        return "per " + source.date_note.removeprefix("in ")
    when = report_date(source)
    return f"per the report of {when}" if when else None


def _is_relative(value: DateValue) -> bool:
    return not _YEAR.search(value.as_written) and not (value.iso and len(value.iso) == 10)


def _date_line(value: DateValue, source: Source | None) -> str:
    anchor = _anchor(source) if _is_relative(value) else None
    if anchor:
        return f"{value.as_written} — {anchor}"
    extra = value.iso if value.iso and value.iso not in value.as_written else None
    return f"{value.as_written} ({extra})" if extra else value.as_written


def _adds_to(text: str, shown: str) -> bool:
    return _words(text).casefold() not in _words(shown).casefold()


def _fact_fields(fact: Fact, source: Source | None, shown: str) -> list[tuple[str, str]]:
    """When and Figure, only with what the sentence does not already say."""
    dates = [
        _date_line(v, source)
        for v in fact.dates
        if _is_relative(v) or _adds_to(v.as_written, shown)
    ]
    figures = [f.as_written for f in fact.figures if _adds_to(f.as_written, shown)]
    fields = []
    if dates:
        fields.append(("When", "\n".join(dates)))
    if figures:
        fields.append(("Figure", "\n".join(figures)))
    return fields


# --------------------------------------------------------------------------- embeds


def fact_embed(
    fact: Fact, source: Source | None, *, lead: str = "", notes: Sequence[str] = ()
) -> discord.Embed:
    """The embed for one fact: answer, quotation, the dates and figures it adds, and the
    source on the footer's small line (with the report date as the timestamp); a source
    with a URL makes the title its link."""
    embed = discord.Embed(title=fact.title, colour=ANSWERED, timestamp=report_moment(source))
    # What the answer replaces, that it is an unreviewed draft: in italics, after it.
    remarks = "\n".join(f"*{discord.utils.escape_markdown(note)}*" for note in notes)
    room = limits.EMBED_DESCRIPTION - len(lead) - len(remarks) - 4
    body = limits.join_blocks(_answer_blocks(fact), room)
    embed.description = "\n\n".join(part for part in (lead, body, remarks) if part)
    for name, value in _fact_fields(fact, source, fact.title + " " + body):
        embed.add_field(name=name, value=value, inline=True)
    if source is not None:
        embed.url = source.url
        embed.set_footer(text=SOURCE_PREFIX + source_text(source, link=False))
    return embed


def related_embed(answer: Answer) -> discord.Embed:
    """ "Doesn't say X — here is what it has": the related fact, never as the answer."""
    assert answer.fact is not None
    missing = answer.missing or "exactly that"
    embed = fact_embed(answer.fact, answer.source, lead=f"**{answer.fact.title}**")
    embed.title = limits.clip(
        f"The knowledge base doesn't say {missing} — here is what it has", 256
    )
    embed.colour = RELATED
    return embed


def miss_embed(answer: Answer) -> discord.Embed:
    shown = len(answer.suggestions)
    if shown > 1:
        text = "The closest topics it has are below, best first."
    elif shown == 1:
        text = "The closest topic it has is below."
    else:
        text = "Try other words: I know the trade-policy news in my sources."
    return discord.Embed(title=MISS_TITLE, description=text, colour=MISSED)


@dataclass(frozen=True)
class HelpCard:
    """What help shows in this server: the ways to ask and a few example questions."""

    ways: Sequence[str] = ("`/ask` followed by your question",)
    # (fact id, example question) pairs, shown as buttons.
    examples: Sequence[tuple[str, str]] = field(default_factory=tuple)


def help_embed(card: HelpCard) -> discord.Embed:
    lines = ["Ask in plain words; I answer from my sources and say so when I don't know.", ""]
    lines += ["**Ways to ask here**", *(f"• {way}" for way in card.ways)]
    if card.examples:
        lines += ["", "Or try one of these:"]
    return discord.Embed(title=HELP_TITLE, description="\n".join(lines), colour=INFO)


def answer_embed(
    answer: Answer,
    *,
    question: str | None = None,
    card: HelpCard | None = None,
) -> discord.Embed:
    """The embed for any answer. `question` is echoed above the title: pass it only where
    the question is not already visible above the answer (a slash command's options are
    not shown to the channel; a reply to a message is)."""
    if answer.answered and answer.fact is not None:
        embed = fact_embed(answer.fact, answer.source, notes=answer_notes(answer))
    elif answer.outcome == "related" and answer.fact is not None:
        embed = related_embed(answer)
    elif answer.outcome == "unanswered":
        embed = miss_embed(answer)
    elif answer.outcome == "help":
        embed = help_embed(card or HelpCard())
    else:
        # empty, too_long: the plain words, which never contain the question.
        embed = discord.Embed(description=answer_text(answer), colour=INFO)
    if question and answer.outcome not in ("empty", "help"):
        # Above the title, in small print; author lines render neither markdown nor
        # mentions, so the words are shown as typed.
        embed.set_author(name="You asked: " + limits.clip(_words(question), 200))
    return limits.fit_embed(embed)
