"""Reading a chat message as a question: what is asked, and what is only said around it.

People wrap questions in context ("sorry if this was asked already, I just joined — when is
Huang in Beijing?") and in request frames ("could you summarise…"). Judged on every word, a
good match sinks under the preamble's words; judged on the question alone it holds. So a
message is split into the clauses that ask (the focus) and the rest (the context): the
matcher counts the focus in full, and context words only where they help a fact.

The message also says what kind of detail it wants ("how many", "when", "what share"): a
fact on the right topic that lacks that detail must not be given as if it answered it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from knowledge.generic_words import GENERIC_WORDS
from knowledge.schema import DateValue, Entity, Fact
from knowledge.text import QUESTION_WORDS, STOPWORDS, stem, stem_words, words

# Words that open a question (after fillers such as "so" or "hey").
_OPENERS = QUESTION_WORDS | frozenset(
    """
    is are was were am do does did can could will would should shall has have had may might
    must tell explain summarise summarize describe clarify outline list name give show confirm
    whats whos wheres whens hows whys isnt arent wasnt didnt doesnt dont cant wont
    """.split()
)
# Words a clause may open with before its question starts.
_FILLERS = frozenset(
    """
    so and but ok okay also hey hi hello yo anyway basically like well um uh oh then just
    quick question please pls plz btw sorry guys all folks everyone
    """.split()
)

# Clause boundaries: sentence ends, semicolons, colons, dashes set off by spaces, new lines.
# A full stop ends a sentence only after a word of two or more letters, so "U.S. export"
# stays whole, or after a number when a capital follows ("…in 2025. Which month…").
_SENTENCE_END = r"(?<=[!?])\s+|(?<=[^\W\d_]{2})\.\s+|(?<=\d)\.\s+(?=[A-Z])|\s*\n+\s*"
_SENTENCES = re.compile(_SENTENCE_END)
_CLAUSE_END = re.compile(
    _SENTENCE_END + r"|\s*;\s+|:\s+|\s+[\u2013\u2014-]{1,2}\s+"
    # A comma before a conjunction starts a new clause ("I saw the news, but is it true?").
    r"|,\s+(?=(?:but|so|and|or)\s)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Parts:
    focus: str  # the clauses that ask
    context: str  # everything else ("" when the whole message asks)


def split_question(text: str) -> Parts:
    """The asking clauses of a message, and the context around them."""
    clauses = _pieces(_CLAUSE_END, text)
    if len(clauses) > 1:
        # Clause by clause first; if the asking clauses say too little on their own ("In
        # short, what is Nvidia resuming, and with which country?" splits before "and"),
        # the sentences that ask.
        return _asking(clauses) or _asking(_pieces(_SENTENCES, text)) or Parts(text, "")
    return _embedded(text)


def _pieces(boundaries: re.Pattern[str], text: str) -> list[str]:
    return [c.strip() for c in boundaries.split(text) if c and c.strip()]


def _asking(pieces: list[str]) -> Parts | None:
    """The pieces that ask, if they say enough on their own, and the rest as context."""
    asking = [c for c in pieces if _asks(c)]
    if not asking or len(asking) == len(pieces):
        return None
    focus = " ".join(asking)
    if not (_substantial(focus) or _refers_back(focus)):
        return None
    return Parts(focus, " ".join(c for c in pieces if c not in asking))


def _asks(clause: str) -> bool:
    return clause.rstrip().endswith("?") or _opens_as_question(clause)


def _opens_as_question(clause: str) -> bool:
    first = next((w for w in words(clause) if w not in _FILLERS), None)
    return first in _OPENERS


def _embedded(text: str) -> Parts:
    """One run-on clause with a question inside ("new here quick q what did bessent say"):
    the question starts at its first question word, when enough follows it."""
    found = words(text)
    if _opens_as_question(text):
        return Parts(text, "")  # a later "when" is part of the question
    for i, word in enumerate(found):
        if i and word in QUESTION_WORDS and not set(found[:i]) <= _FILLERS | STOPWORDS:
            focus = found[i:]
            if _substantial(" ".join(focus)) and _informative(found[:i]):
                return Parts(" ".join(focus), " ".join(found[:i]))
            break
    return Parts(text, "")


def _substantial(text: str) -> bool:
    # The asking part must say something on its own: two words that are not function words.
    return sum(w not in STOPWORDS and w not in QUESTION_WORDS for w in words(text)) >= 2


# Third-person pronouns: a short question with one ("where did they meet?") is about whoever
# the message named before it, and reads with them (knowledge.query).
PRONOUNS = frozenset("he she it they him her them his its their theirs".split())


def _refers_back(text: str) -> bool:
    return not PRONOUNS.isdisjoint(words(text))


def _informative(before: list[str]) -> bool:
    # A preamble is a few words of its own; a topic typed first ("nvidia h20 what happened")
    # is short and is the question's subject, so it stays in focus.
    return len(before) >= 4


# -- what detail is asked -------------------------------------------------------------------

# Each kind of detail, and how to say it is missing ("The knowledge base doesn't say …").
DETAIL_MISSING = {
    "count": "how many",
    "amount": "how much",
    "money": "how much money",
    "percent": "what share or percentage",
    "date": "when",
    "year": "which year",
    "month": "which month",
    "day": "which day",
    "exact_date": "the exact date",
    "duration": "how long",
    "person": "who",
    "individual": "which person",
    "others": "anyone or anything else",
    "place": "where",
    "quote": "the exact words",
}


@dataclass(frozen=True)
class Asked:
    """The detail a question asks for, and the quantity it is about ("revenue" in "how much
    revenue did nvidia lose"), each None when the question does not say."""

    detail: str | None = None
    measured: str | None = None


def _stems(text: str) -> frozenset[str]:
    return stem_words(text.split())


_MONEY_WORDS = _stems(
    """
    money cash dollar usd revenue sales cost price worth value lose lost loss earn pay paid
    spend spent billion million trillion buck
    """
)
# Quantities a figure can measure: asked about one, a figure of another does not answer.
# By stem (what is matched) to the word (what "doesn't say how much (price)" shows).
QUANTITY_WORDS = {
    stem(w): w
    for w in "revenue sales income profit price cost valuation loss tariff duty export".split()
}
_QUANTITIES = frozenset(QUANTITY_WORDS)
# A tariff or duty is a rate as often as a sum: asked "what is the tariff", a percentage
# answers as well as an amount of money.
_RATES = _stems("tariff duty levy")
_PERCENT_WORDS = _stems("percent percentage proportion fraction pct")
# A word that names the detail wanted, in questions without a question word ("huang trump
# meeting location", "h20 delivery timeline").
DETAIL_NOUNS = {
    **dict.fromkeys(_stems("location venue whereabouts"), "place"),
    **dict.fromkeys(_stems("date day timeline timing"), "date"),
    **dict.fromkeys(_stems("price"), "money"),
    **dict.fromkeys(_stems("percentage"), "percent"),
}
_BE = frozenset("is was are were".split())
_DATE_NOUNS = {"date": "date", "day": "day", "month": "month", "year": "year"}
# Roles one person holds: "who is the X" asks for a person, not the body they lead.
_PERSON_ROLES = _stems(
    """
    secretary ceo boss president minister chief chairman chairwoman chair founder
    spokesperson spokesman spokeswoman premier governor senator ambassador head leader
    executive runs run
    """
)
_DETERMINERS = frozenset("the its their his her".split())
_EXACT_DATE = re.compile(
    r"\b(?:exact|actual|specific|calendar|precise)\s+(?:date|day)\b|\b(?:what|which)\s+date\b"
    r"|\bon\s+what\s+(?:date|day)\b|\bwhen\b.*\bexactly\b|\bexactly\s+when\b"
)
_PRICE = stem("price")
_PRICE_ASKED = re.compile(r"\bhow much (?:does|do|would|will|could)\b.*\bcost$")
_QUOTE = re.compile(
    r"\b(?:quote|exact words|word for word|verbatim|own words|his words|her words"
    r"|their words|exact phrase|actual phrase|actual words)\b"
)


def requested_detail(found: list[str]) -> Asked:
    """What a question asks for (see DETAIL_MISSING), from its words.

    `found` is the question's words (knowledge.text.words), chat shorthand expanded and
    typos corrected. The main question word decides ("what kind of event is it when he
    speaks" asks what, not when); a few phrasings ask for a detail wherever they stand.
    """
    stems = [stem(w) for w in found]
    measured = next((s for s in stems if s in _QUANTITIES), None)
    if _PRICE_ASKED.search(" ".join(found)):
        # "how much does an h20 cost" asks a price; "how much did the rules cost (nvidia)"
        # asks what someone lost.
        measured = _PRICE
    detail = _detail(found, stems)
    if detail == "count" and measured is None:
        # "how many licences": what is counted.
        after = stems[stems.index("many") + 1 :] if "many" in stems else []
        measured = next((s for s in after[:1] if s not in STOPWORDS), None)
        if measured in GENERIC_WORDS:
            measured = None  # "how many times": a way of asking, not a thing counted
    if detail not in ("money", "amount", "count", "percent"):
        measured = None
    return Asked(detail, measured)


def _detail(found: list[str], stems: list[str]) -> str | None:
    joined = " ".join(found)
    if _QUOTE.search(joined):
        return "quote"
    if _EXACT_DATE.search(joined):
        return "exact_date"
    first = next((i for i, w in enumerate(found) if w in QUESTION_WORDS), None)
    if first is None:
        return next((DETAIL_NOUNS[s] for s in stems if s in DETAIL_NOUNS), None)
    word, after = found[first], found[first + 1 : first + 4]
    if word == "how":
        if after[:1] == ["many"]:
            if set(after) & {"billion", "billions", "million", "millions", "dollars", "money"}:
                return "money"
            return "count"
        if after[:1] == ["much"]:
            if after[1:2] == ["of"]:
                return "amount"  # "how much of its sales": a share or an amount
            tail = set(stems[first + 2 : first + 6])
            if tail & _PERCENT_WORDS:
                return "percent"
            return "money" if tail & _MONEY_WORDS else "amount"
        if after[:1] in (["big"], ["large"]):
            return "amount"
        if after[:1] == ["long"]:
            return "date" if "ago" in after else "duration"
        return None
    if word in ("what", "which"):
        rest, rest_stems = found[first + 1 :], stems[first + 1 :]
        if rest[:1] and rest[0] in ("year", "month", "day"):
            return rest[0]
        if rest[:1] and rest[0] == "time":
            return "date"
        noun = next((w for w in rest[:3] if w not in _BE | _DETERMINERS), None)
        if rest[:1] and rest[0] in _BE | _DETERMINERS and noun in _DATE_NOUNS:
            # "what was the date of the interview", "what's the month he visited"
            return _DATE_NOUNS[noun]
        if rest[:1] and rest[0] in ("city", "country", "place", "venue", "location"):
            return "place"
        if set(rest_stems) & _PERCENT_WORDS or _share_of(rest):
            return "percent"
        quantities = set(rest_stems[1:6]) & _QUANTITIES
        if rest[:1] and rest[0] in _BE | _DETERMINERS and quantities:
            if quantities <= _RATES:
                return "amount"  # "what is the tariff on indian goods": 50% answers it
            return "money"  # "what was nvidia's total revenue in 2024", "what's the price"
        return None
    if word == "when":
        return "date"
    if word in ("who", "whom"):
        if after[:1] == ["else"]:
            return "others"
        # "who is the commerce secretary", "who runs nvidia": a role held by one person
        # (Li & Roth's HUM:ind), which a body named in the fact does not answer.
        return "individual" if set(stems[first + 1 :]) & _PERSON_ROLES else "person"
    if word == "where":
        return None if "from" in found[first + 1 :] else "place"
    return None


def _share_of(rest: list[str]) -> bool:
    return any(
        w in ("share", "portion", "part", "slice") and rest[i + 1 : i + 2] == ["of"]
        for i, w in enumerate(rest)
    )


# -- what detail a fact gives ---------------------------------------------------------------

_CURRENCIES = frozenset("usd eur gbp cny rmb jpy dollar dollars euro euros yuan".split())
_TIME_UNITS = frozenset(
    "second seconds minute minutes hour hours day days week weeks month months year years".split()
)
# Who can answer "who": people, companies and bodies (a country is where, not who).
ACTOR_KINDS = frozenset(("person", "company", "organisation"))
_PLACES = frozenset(("place", "country", "organisation"))
_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_YEAR_WORDS = re.compile(r"\b(?:\d{4}|this year|last year|next year)\b")


def _precision(date: DateValue) -> set[str]:
    """Which of year, month, day and exact_date a date gives ("April" a month, "Monday" a
    day, "soon" none: enough for "when", not for "which month")."""
    written = date.as_written.casefold()
    found = set()
    if date.iso or _YEAR_WORDS.search(written):
        found.add("year")
    if (date.iso and len(date.iso) >= 7) or _MONTHS.intersection(written.split()):
        found.add("month")
    if (date.iso and len(date.iso) == 10) or _WEEKDAYS.intersection(written.split()):
        found.add("day")
    if date.iso and len(date.iso) == 10:
        found.add("exact_date")
    return found


def details_given(fact: Fact, entities: Mapping[str, Entity]) -> frozenset[str]:
    """The kinds of detail `fact` can give (see DETAIL_MISSING)."""
    given: set[str] = set()
    for figure in fact.figures:
        given.add("amount")
        unit = figure.unit.casefold()
        if unit in _CURRENCIES:
            given.add("money")
        elif unit in ("percent", "%", "per cent"):
            given.add("percent")
        elif unit in _TIME_UNITS:
            given.add("duration")  # "about three hours": how long
        else:
            given.add("count")
    for date in fact.dates:
        given.add("date")
        given.update(_precision(date))
    kinds = {entities[e].kind for e in fact.entities if e in entities}
    if kinds & ACTOR_KINDS or fact.quote:
        given.add("person")
    if "person" in kinds or (fact.quote and fact.quote.speaker):
        given.add("individual")
    if kinds & _PLACES:
        given.add("place")
    if fact.quote:
        given.add("quote")
    return frozenset(given)
