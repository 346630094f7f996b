"""How an answer reads as text: `tradeqa ask` (plain and --json) and `tradeqa chat`.

The engine returns data (knowledge.answer.Answer); this module words it. Discord words it
as embeds (cogs._answer_embed), with the notes and dates worded here.
"""

from __future__ import annotations

import datetime as dt

from knowledge.answer import Answer
from knowledge.engine import MAX_QUESTION_CHARS
from knowledge.schema import Source

HELP_TEXT = (
    "Ask me about the trade-policy news in my knowledge base, in plain words — for example "
    "\u201cwhen will Nvidia resume H20 sales to China?\u201d or \u201cwhat did Bessent say?\u201d. "
    "I answer with the source, or tell you honestly when I don't know."
)
MISS_TEXT = "I don't know that one: my knowledge base doesn't cover it."
GONE_TEXT = "That topic is no longer in the knowledge base."
UNREVIEWED_NOTE = "(Unreviewed draft: a moderator has not checked this answer yet.)"


def report_date(source: Source | None) -> str | None:
    """'July 22, 2025' from the source's ISO date, as precise as it is."""
    if source is None or not source.published:
        return None
    parts = source.published.split("-")
    if len(parts) == 3:
        day = dt.date.fromisoformat(source.published)
        return f"{day:%B} {day.day}, {day.year}"
    if len(parts) == 2:
        return f"{dt.date(int(parts[0]), int(parts[1]), 1):%B %Y}"
    return parts[0]


def source_line(source: Source | None) -> str:
    """'Source: Publisher, “Headline” (reported July 22, 2025)'; empty without a source."""
    if source is None:
        return ""
    by = f"{source.publisher}, " if source.publisher else ""
    when = source.date_note or report_date(source)
    reported = f" (reported {when})" if when else ""
    return f"Source: {by}\u201c{source.headline}\u201d{reported}"


def also_line(source: Source, confirmed: bool = True) -> str:
    """'AFP, “Headline” (July 15, 2025)', marked when a moderator has not confirmed yet that
    it makes the same claim."""
    by = f"{source.publisher}, " if source.publisher else ""
    when = source.date_note or report_date(source)
    details = [d for d in (when, None if confirmed else "not yet reviewed") if d]
    return f"{by}\u201c{source.headline}\u201d" + (f" ({'; '.join(details)})" if details else "")


def answer_notes(answer: Answer) -> tuple[str, ...]:
    """The lines an answer carries besides the fact's own: what it replaces, and that a
    moderator has not reviewed it yet."""
    if not answer.answered or answer.fact is None:
        return ()
    found = []
    if answer.replaces:
        shown = []
        for old in answer.replaces:
            when = old.source and (old.source.date_note or report_date(old.source))
            shown.append(f"\u201c{old.title}\u201d" + (f", reported {when}" if when else ""))
        found.append(f"This replaces {'; '.join(shown)}.")
    if answer.also_reported:
        shown = [also_line(source, confirmed) for source, confirmed in answer.also_reported]
        found.append(f"Also reported by {'; '.join(shown)}.")
    if not answer.fact.reviewed:
        found.append(UNREVIEWED_NOTE)
    return tuple(found)


def answer_text(answer: Answer, *, topics: bool = True) -> str:
    """The whole answer as plain lines, its source last. `topics=False` leaves the closest
    topics out of a miss (the console lists them numbered instead)."""
    fact = answer.fact
    if answer.outcome == "answered" and fact is not None:
        lines = [fact.answer, *answer_notes(answer), source_line(answer.source)]
        return "\n".join(lines).rstrip("\n")
    if answer.outcome == "related" and fact is not None:
        text = f"The knowledge base doesn't say {answer.missing}. What it has on that: "
        text += fact.answer
        line = source_line(answer.source)
        return f"{text}\n{line}" if line else text
    if answer.outcome == "unanswered":
        if topics and answer.suggestions:
            return f"{MISS_TEXT} Closest topics: {'; '.join(s.title for s in answer.suggestions)}."
        return MISS_TEXT
    if answer.outcome == "empty":
        return "Ask me a question in words. " + HELP_TEXT
    if answer.outcome == "too_long":
        return (
            f"That question is {answer.length:,} characters long; please ask it in "
            f"under {MAX_QUESTION_CHARS} characters."
        )
    if answer.outcome == "gone":
        return GONE_TEXT
    return HELP_TEXT


def answer_json(answer: Answer) -> dict:
    """The JSON object of `tradeqa ask --json` (its fields are a public interface)."""
    fact = answer.fact if answer.answered else None
    text = answer_text(answer)
    return {
        "question": answer.question,
        "answered": answer.answered,
        "outcome": answer.outcome,
        "fact_id": answer.fact_id,
        "title": fact.title if fact else None,
        "answer": text if fact else None,
        "message": text,
        "score": round(answer.score, 2),
        "suggestions": [{"fact_id": s.fact_id, "title": s.title} for s in answer.suggestions],
        "missing": answer.missing,
        "replaces": list(fact.supersedes) if fact else [],
        "reviewed": fact.reviewed if fact else None,
        "also_reported": [
            {"source": source.id, "headline": source.headline, "reviewed": confirmed}
            for source, confirmed in (answer.also_reported if fact else ())
        ],
    }


def chat_text(answer: Answer) -> str:
    """The console's reply: the answer, then the suggestions numbered to pick from."""
    lines = [answer_text(answer, topics=False)]
    if answer.outcome == "unanswered" and answer.suggestions:
        lines.append("Did you mean:")
    elif answer.outcome == "related" and len(answer.suggestions) > 1:
        lines.append("Or did you mean:")
    else:
        return lines[0]
    lines += [f"  {n}. {s.title}" for n, s in enumerate(answer.suggestions, start=1)]
    lines.append("(type a number)")
    return "\n".join(lines)
