"""Asides inside a news claim that are not its subject, verb or object (for `kb draft`).

"Huang, who will attend the Expo, has visited China twice" is two claims: Huang has visited
China twice, and Huang will attend the Expo. Read as one, the aside becomes the verb ("what
will huang, who attend?"). "Rules imposed in April blocked exports": "imposed in April"
describes the rules, "blocked" is the verb. These rules take the asides out so that
:mod:`knowledge.draft_claim` reads each claim whole.
"""

from __future__ import annotations

import re

from knowledge.draft_verbs import is_past

# "Huang, who will attend …, has visited …"; "The H20, which Nvidia designed for China, …"
_RELATIVE_ASIDE = re.compile(
    r"(?P<head>(?:^|(?<=\s))[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*|(?:^|(?<=\s))the\s+[a-z][\w-]*)"
    r",\s+(?:who|which)\s+(?P<inner>[a-z][^,]{2,120}),\s+"
)
# Words after which an -ed word describes the noun before it ("rules imposed in April").
_AFTER_PARTICIPLE = set("in on at by since during under for from last earlier this".split())


def relative_aside(text: str) -> tuple[str, str]:
    """The claim without its relative aside, and the aside as a claim of its own ("Huang will
    attend the Expo"; empty when there is none)."""
    match = _RELATIVE_ASIDE.search(text)
    if not match:
        return text, ""
    head = match.group("head")
    main = f"{text[: match.start()]}{head} {text[match.end() :]}"
    return main, f"{head} {match.group('inner')}"


def participle_aside(text: str) -> tuple[str, str, str]:
    """The claim without an -ed phrase that describes its subject ("tighter rules imposed in
    April briefly blocked exports": "tighter rules briefly blocked exports"), that phrase
    ("imposed in April") and the subject it describes ("tighter rules"); the phrase is
    empty when there is none. An -ed word is such a phrase when a lower-case noun comes
    before it, a preposition after it, and the claim's verb (another past-tense word) a few
    words on, with no comma between."""
    tokens = text.split()
    for at in range(1, len(tokens) - 2):
        word = _word(tokens[at])
        if not (is_past(word) and word.endswith("ed")) or not tokens[at - 1][:1].islower():
            continue
        if tokens[at - 1].endswith(",") or _word(tokens[at + 1]) not in _AFTER_PARTICIPLE:
            continue
        for end in range(at + 2, min(at + 8, len(tokens))):
            token = tokens[end]
            if tokens[end - 1].endswith((",", ";")) or _word(token) in ("that", "which", "and"):
                break
            if token[:1].islower() and is_past(_word(token)):
                start = end
                while start > at + 2 and _word(tokens[start - 1]).endswith("ly"):
                    start -= 1  # "briefly blocked": the adverb is the verb's
                phrase = " ".join(tokens[at:start])
                main = " ".join([*tokens[:at], *tokens[start:]])
                return main, phrase, " ".join(tokens[:at])
    return text, "", ""


_NOT_ADVERBS = set(
    "supply apply reply family assembly italy july monopoly rally ally anomaly fly only early "
    "daily weekly monthly yearly quarterly holy belly jelly bully".split()
)


def is_adverb(word: str) -> bool:
    """ "temporarily", "partly", "specifically": how, not what, a claim is about."""
    return len(word) > 4 and word.endswith("ly") and word.isalpha() and word not in _NOT_ADVERBS


def _word(token: str) -> str:
    return token.strip(",;:()").casefold()
