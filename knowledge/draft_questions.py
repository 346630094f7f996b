"""A drafted fact's kind and example questions, from its claim alone.

Example questions are what the matcher compares a question with, so a draft's questions
decide which questions its facts take. Boilerplate that fits any claim about a name ("what's
the news about Nvidia?", "nvidia latest") makes every drafted fact about Nvidia resemble
every short question about Nvidia, and the draft then takes questions that facts already in
the knowledge base answer. So every drafted question carries the claim's own topic words
(what it says beyond who it names), and the kind of question follows what the claim gives:
a figure is asked "how much", a date "when", a quote "what did … say".

A date that only says when something was *said* ("a US official said on Sunday") does not
make a claim a date: "when" questions are about the event, and a fact of kind date is
preferred for them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.draft_text import FoundDate, FoundFigure, FoundQuote
from knowledge.generic_words import GENERIC_WORDS
from knowledge.text import fold, stem

# Words that carry no topic of their own in a news claim.
_NOT_TOPIC = set(
    "a an the of to in on at for from by with and or but is are was were be been being has "
    "have had it its this that these those as after before over under into than then there "
    "their they he she his her him we our you your will would could should may might can "
    "said says say told also not about up out more most new last next year years month "
    "months week weeks day days such which who whom what when where why how do does did "
    "according statement official officials spokesperson reported report reports asked "
    "another other some any all if while during since until just only very so us".split()
)
_SAID = r"(?:said|says|told|announced|confirmed|reported|stated|noted|added|wrote)"
_PERCENT_UNITS = {"percent"}
_MONEY_UNITS = {"USD", "EUR", "GBP", "JPY", "CNY"}


def is_reporting_date(sentence: str, date: FoundDate) -> bool:
    """The date says when something was said, not when the claim's event happens."""
    at = re.escape(date.as_written)
    return bool(
        re.search(rf"\b{_SAID}\b[^,;.“”\"]{{0,40}}?\b(?:on\s+|in\s+)?{at}\b", sentence)
        or re.search(rf"\b{at}\b[^,;.]{{0,12}}\b{_SAID}\b", sentence)
    )


def claim_kind(
    sentence: str, dates: Sequence[FoundDate], figures: Sequence[FoundFigure], quoted: bool
) -> str:
    if quoted:
        return "quote"
    if figures:
        return "figure"
    if any(not is_reporting_date(sentence, d) for d in dates):
        return "date"
    return "event"


def topic_words(
    sentence: str, names: Sequence[str], dates: Sequence[FoundDate], figures: Sequence[FoundFigure]
) -> list[str]:
    """The claim's own words, in order, rarer ones first: what it says beyond who it names,
    when, and how much."""
    text = sentence
    for value in [*names, *(d.as_written for d in dates), *(f.as_written for f in figures)]:
        text = re.sub(re.escape(value), " ", text, flags=re.I)
    found: list[str] = []
    for raw in re.findall(r"[A-Za-z][\w’'-]*", text):
        word = fold(raw).replace("’", "'")
        word = re.sub(r"'s$", "", word)
        if word in _NOT_TOPIC or len(word) < 3 or word in found:
            continue
        found.append(word)
    rare = [w for w in found if stem(w) not in GENERIC_WORDS]
    return rare + [w for w in found if w not in rare]


def short_name(name: str, kind: str | None) -> str:
    """How chat names it: a person by surname, anything else by its name, in lower case."""
    if kind == "person" and " " in name:
        return name.split()[-1].casefold()
    return name.casefold()


def example_questions(
    sentence: str,
    kind: str,
    names: Sequence[tuple[str, str | None]],
    spans: Sequence[str],
    dates: Sequence[FoundDate],
    figures: Sequence[FoundFigure],
    quote: FoundQuote | None,
    speaker: str | None,
) -> list[str]:
    """Eight or more questions a chat user might ask about this claim, each with its topic
    (more than the six a draft keeps at least, so some can be left out; see draft_guard)."""
    plain_names = [*spans, *(n for n, _ in names)]
    topic = topic_words(sentence, plain_names, dates, figures)
    if quote is not None:
        quoted = topic_words(quote.words, plain_names, (), ())
        topic = quoted + [w for w in topic if w not in quoted]
    if not topic:
        topic = [fold(w) for w in re.findall(r"[A-Za-z]\w+", sentence)[:3]] or ["this"]
    t1, t2, t3 = " ".join(topic[:1]), " ".join(topic[:2]), " ".join(topic[:3])
    shorts = [short_name(n, k) for n, k in names]
    who = shorts[0] if shorts else ""
    pair = " and ".join(shorts[:2]) if len(shorts) >= 2 else who
    asked: list[str] = []
    if kind == "quote" and quote is not None and speaker:
        says = short_name(speaker, "person")
        opening = " ".join(quote.words.split()[:6]).rstrip(",.;:")
        asked += [
            f"what did {says} say about {t2}?",
            f"{says} quote on {t1}",
            f"who said {opening}?",
            f"{says} on {t2}",
            f"what was {says}'s comment on {t3}?",
        ]
    if kind == "figure" and figures:
        unit = figures[0].unit
        how = (
            "what percent"
            if unit in _PERCENT_UNITS
            else "how much"
            if unit in _MONEY_UNITS
            else "how many"
        )
        asked += [
            f"{how} {who} {t2}?",
            f"{pair} {t2} {figures[0].as_written}?",
            f"{t3} figure",
            f"{how} was it, {t2}?",
        ]
    if kind == "date":
        asked += [f"when {who} {t3}?", f"{who} {t2} when?", f"what day {t2}?", f"{t2} date"]
    core = _core(sentence)
    if core and not core.startswith(("“", '"', "‘")):
        asked.append(f"{core}?")
    asked += [
        f"{pair} {t3}",
        f"{who} {t3}?",
        f"did {who} {t3}?",
        f"tell me about {who} {t2}",
        f"is it true {who} {t2}?",
        f"{t3}?",
        f"{who} {' '.join(topic[:4])} details",
        f"{' '.join(topic[1:4])} {who}?",
    ]
    seen: dict[str, str] = {}
    for question in asked:
        question = " ".join(question.split())[:200]
        if len(question.split()) >= 2:
            seen.setdefault(fold(question).rstrip("?"), question)
    return list(seen.values())


def _core(sentence: str) -> str:
    """The claim's first clause, at most 12 words, as a chat user would type it."""
    plain = re.sub(r"^(?:However|Consequently|Meanwhile|Moreover|Also|But|And),\s*", "", sentence)
    plain = plain.rstrip(" .!?")
    core = re.split(r",\s", plain)[0] if len(plain.split()) > 12 else plain
    core = " ".join(core.split()[:12])
    return core if core[1:2].isupper() else core[:1].lower() + core[1:]
