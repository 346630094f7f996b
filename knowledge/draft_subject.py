"""The subject of a news claim, as a chat user names it (see :mod:`knowledge.draft_claim`).

News puts descriptors before names ("US tech giant Nvidia", "chipmaker AMD", "Treasury
Secretary Scott Bessent"): the name is the subject, the descriptor is no topic of the claim.
A possessor names the subject too ("Donald Trump’s administration": trump's administration);
a subject without a name keeps its noun ("The California-based company": the company).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# "California-based", "Seoul-listed": a place made an adjective, no part of the subject.
_DESCRIPTOR = re.compile(
    r"\b[\w.]+-(?:based|born|listed|owned|headquartered|made|backed|led)\b\s*", re.I
)


def subject_of(
    text: str, names: Sequence[tuple[str, str]], figures: Sequence[str]
) -> tuple[str, list[str], list[str]]:
    """How chat names the subject, the entities it names, and the descriptors it left out.
    The name behind descriptors ("US chipmaker AMD": amd, descriptors "us chipmaker"), a
    possessor ("Donald Trump’s administration": trump's administration), else the noun
    phrase without its capitalised adjectives ("The California-based company": the company),
    at most seven words."""
    text = re.sub(r"^(?:Either|Neither|Both)\s+", "", text.strip(" ,"))
    for figure in figures:  # "Shipments worth $800 million": the shipments
        text = re.sub(rf"\s*(?:worth|valued at)?\s*{re.escape(figure)}", "", text)
    text = _DESCRIPTOR.sub("", text)
    folded = text.casefold()
    named = sorted(
        (folded.find(span.casefold()), span, short)
        for span, short in names
        if span.casefold() in folded
    )
    subject_names = list(dict.fromkeys(short for _, _, short in named))
    split = re.search(r"\s+(?:of|in|at|from|for|on|with|to)\s+", text)
    head, tail = (text[: split.start()], text[split.start() :]) if split else (text, "")
    possessive = re.search(r"[’']s\s+([a-z][\w-]*(?:\s+[a-z][\w-]*)?)$", head)
    if possessive:
        owner = [s for at, sp, s in named if at + len(sp) == possessive.start()]
        if owner:
            return f"{owner[-1]}'s {possessive.group(1).casefold()}", subject_names, []
    heads = _coordinated(head, named)
    if heads:
        first = min(at for at, _, short in named if short == heads[0])
        described = [w.casefold() for w in head[:first].split()]  # "US chipmaker"
        return " and ".join(heads), subject_names, described
    in_names = {i for at, sp, _ in named for i in range(at, at + len(sp))}
    words, at = [], 0
    for index, word in enumerate(head.split()):
        at = head.find(word, at)
        if not word[:1].isupper() or index == 0 or at in in_names:
            words.append(word.casefold())
        at += len(word)
    phrase = " ".join([*words, *tail.casefold().split()][:7])
    return phrase.strip(" ,"), subject_names, []


def _coordinated(head: str, named: list[tuple[int, str, str]]) -> list[str]:
    """The names that end the subject, joined by "and" ("Nvidia and AMD", "chipmaker AMD")."""
    found: list[str] = []
    end = len(head.rstrip())
    for at, span, short in reversed(named):
        if at >= end:
            continue
        gap = head[at + len(span) : end]
        if gap.strip(" ’'s") if not found else not re.fullmatch(r"\s*(?:and|,|&)\s*", gap):
            break
        if short not in found:
            found.insert(0, short)
        end = at
    return found
