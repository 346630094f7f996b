"""What a drafted figure measures: the short noun phrase it is the size of, in the article's
own words ("China’s 5.2% economic growth in Q2 2025": China’s economic growth in Q2 2025).

A figure in news sits in a few regular places, each read by one rule:
- before "of"/"in" ("15% of revenue from sales …": share of revenue from sales …; "$2.5
  billion in revenue": revenue);
- after a verb of change ("Shares of AMD fell 1.8%": fall in shares of AMD; "losses
  escalating to $8 billion": losses);
- after "worth" ("Shipments worth $800 million": Shipments);
- inside a noun phrase ("a $4 trillion valuation": valuation).
A date phrase right after the noun phrase ("… in the third quarter") stays: a figure for a
quarter is not the figure for a year. Where no rule applies, the words around the figure in
its clause are kept, as before, for the moderator to reword.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.draft_verbs import is_past
from knowledge.generic_words import GENERIC_WORDS
from knowledge.text import fold, stem

_LONGEST = 6  # words of a noun phrase after its head word ("revenue from sales to China")
_PREPOSITIONS = set("of in on at for from to by with into over under about between".split())
# Words that end a noun phrase: the next clause, or a verb.
_PHRASE_ENDS = set(
    "that which who whom whose and or but as while because after before since than is are was "
    "were has have had will would could should may might can be been respectively".split()
)
_FALLS = set(
    "fell dropped declined slipped lost slid sank tumbled plunged shrank decreased fall falling "
    "drop dropping decline declining slip slipping".split()
)
_RISES = set(
    "rose climbed jumped grew gained increased surged soared rise rising climb climbing jump "
    "jumping grow growing gain gaining increase increasing surge surging escalating escalated "
    "reached reaching hit hitting totalled totaled totalling".split()
)
# Verbs that change something by or to a figure: "reduce import quotas by 47%", "will
# increase the total tariff rate on India to 50%".
_CUTS = set(
    "reduce reduces reducing reduced cut cuts cutting lower lowers lowering lowered slash "
    "slashes slashing slashed trim trims trimming trimmed".split()
)
_RAISES = set(
    "raise raises raising raised hike hikes hiking hiked increase increases increasing "
    "increased boost boosts boosting boosted lift lifts lifting lifted double doubles doubling "
    "doubled".split()
)
_DETERMINERS = {"a", "an", "the", "some", "about", "around", "nearly", "almost", "roughly"}
_FIGURE_LEADS = {"and", "or", "about", "around", "nearly", "almost", "roughly", "some", "over"}
_BE = {"is", "are", "was", "were", "be", "been"}


def noun_phrase_measured(
    sentence: str, figure: str, percent: bool, dates: Sequence[str]
) -> str | None:
    """The noun phrase `figure` (as written in `sentence`) measures, or None when no rule
    reads it."""
    at = sentence.find(figure)
    if at < 0:
        return None
    start = max(sentence.rfind(mark, 0, at) for mark in (",", ";", ":", "“", "(")) + 1
    before = sentence[start:at].split()
    rest = re.split(r"[,;:”)]|\.(?:\s|$)", sentence[at + len(figure) :], maxsplit=1)[0]
    after = rest.split()
    while before and (re.search(r"\d", before[-1]) or fold(before[-1]) in _FIGURE_LEADS):
        before.pop()  # "fell 1.8% and 3.3%", "worth about $5": the words before the figure
    if (before and fold(before[-1]) in ("worth", "valued")) or before[-2:] == ["valued", "at"]:
        head = before[: -2 if before[-1] == "at" else -1]
        while head and fold(head[-1]) in _BE:
            head.pop()  # "The deal is worth …": the deal
        return _lead(_subject(head)) or None
    if after and after[0] in ("of", "in") and not _date_at(" ".join(after[1:]), dates):
        phrase = _phrase(after[1:])
        if phrase:
            return f"share of {phrase}" if percent and after[0] == "of" else phrase
    changed = _changed_object(before)
    if changed:
        return changed + _when(rest, dates)
    verb = before[-2] if len(before) > 1 and before[-1] in ("to", "by") else before[-1:]
    verb = verb if isinstance(verb, str) else (verb[0] if verb else "")
    if fold(verb) in _FALLS | _RISES:
        cut = before.index(verb) if verb in before else len(before)
        subject = _subject(before[:cut])
        if not subject:
            return None
        if before[-1] == "to":  # "losses escalating to $8 billion": the losses
            return f"{subject}{_when(rest, dates)}"
        change = "fall" if fold(verb) in _FALLS else "rise"
        return f"{change} in {_lead(subject)}{_when(rest, dates)}"
    if after and after[0][:1].islower() and fold(after[0]) not in _PREPOSITIONS | _PHRASE_ENDS:
        noun = _phrase(after, stop_at_preposition=True)
        follows = after[len(noun.split()) : len(noun.split()) + 1]
        if noun and follows and fold(follows[0]) in ("of", "on", "for"):
            # "a 25% tariff on steel imports": what it is a tariff on
            noun = _phrase(after[: _LONGEST + 1]) or noun
        owner = [w for w in before[-2:] if re.search(r"[’']s$", w)]
        if noun:
            return " ".join([*owner[-1:], noun]) + _when(rest, dates, skip=len(noun.split()))
    return None


def _changed_object(before: Sequence[str]) -> str | None:
    """ "reduce import quotas by 47%": cut in import quotas; "hiking import duties on non-EU
    partners to 50%": import duties on non-EU partners."""
    if len(before) < 3 or before[-1] not in ("to", "by"):
        return None
    verbs = [i for i, w in enumerate(before[:-2]) if fold(w) in _CUTS | _RAISES]
    if not verbs:
        return None
    at = verbs[-1]
    thing = list(before[at + 1 : -1])
    while thing and fold(thing[0]) in _DETERMINERS:
        thing.pop(0)
    if not thing or len(thing) > _LONGEST + 1 or any(fold(w) in _PHRASE_ENDS for w in thing):
        return None
    phrase = " ".join(thing)
    if before[-1] == "to":
        return phrase
    return f"{'cut' if fold(before[at]) in _CUTS else 'rise'} in {phrase}"


def _phrase(words: Sequence[str], stop_at_preposition: bool = False) -> str:
    """A noun phrase from the start of `words`: up to the next clause or verb, at most
    `_LONGEST` words; cut short, it ends before its last preposition rather than inside it."""
    taken: list[str] = []
    for word in words:
        folded = fold(word)
        if folded in _PHRASE_ENDS or (taken and is_past(folded)) or folded.endswith("ly"):
            break
        if stop_at_preposition and folded in _PREPOSITIONS:
            break
        taken.append(word)
    if len(taken) > _LONGEST:
        mid_phrase = fold(taken[_LONGEST]) not in _PREPOSITIONS
        taken = taken[:_LONGEST]
        cut = max((i for i, w in enumerate(taken) if fold(w) in _PREPOSITIONS and i), default=0)
        taken = taken[:cut] if cut and mid_phrase else taken
    while taken and fold(taken[-1]) in _PREPOSITIONS | _DETERMINERS:
        taken.pop()
    return " ".join(taken)


def _subject(words: Sequence[str]) -> str:
    """The noun phrase before a verb: "Shares of AMD and Intel", "projected losses" (after
    "with"), at most seven words."""
    words = list(words)
    while words and (fold(words[0]) in _PREPOSITIONS or fold(words[0]) in _DETERMINERS):
        words.pop(0)
    return " ".join(words[-7:])


def _lead(phrase: str) -> str:
    """Lower case for a common word that was capitalised only to open the sentence."""
    first, _, rest = phrase.partition(" ")
    plural = len(first) > 3 and first.endswith("s") and not first.endswith("ss")
    if first and (plural or stem(fold(first)) in GENERIC_WORDS) and not first.isupper():
        first = first.casefold()
    return f"{first} {rest}".strip()


def _date_at(text: str, dates: Sequence[str]) -> bool:
    return any(text.startswith(d) or text.startswith(f"the {d}") for d in dates)


def _when(rest: str, dates: Sequence[str], skip: int = 0) -> str:
    """ " in the third quarter" when a date phrase follows the noun phrase, else ""."""
    tail = " ".join(rest.split()[skip:])
    for date in sorted(dates, key=len, reverse=True):
        match = re.match(rf"(in|during|for|on|by)\s+{re.escape(date)}\b", tail)
        if match:
            return f" {match.group()}"
    return ""
