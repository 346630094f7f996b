"""Who a news claim says said it: "X said on Friday that …", "…, the company said", "X added,
“…”", "X confirmed it is …" (for :mod:`knowledge.draft_claim`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Words between a speaker and the verb: "The order also says, “…”".
SAID_ALSO = r"(?:also|further|later|then)"
# Words that open a clause and are capitalised only by starting the sentence ("Despite
# Western sanctions, …"): no part of a name, nor of a descriptor before one.
CLAUSE_OPENERS = frozenset(
    "despite unlike amid under with without since although though because before during "
    "following through by from in at to into over against among after on when while if as "
    "but and or however".split()
)

_SAID = (
    r"(?:said|says|told\s+\w+|added|noted|stated|warned|wrote|argued|explained|insisted|"
    r"stressed|declared|remarked|commented|replied|acknowledged|cautioned|maintained)"
)
_WHEN_SAID = r"(?:\s+(?:on|in|last|this|late|earlier|early)(?:\s+[\w-]+){1,2})?"
SAID_AFTER = re.compile(
    rf",\s*(?:(?P<who>[^,“”\"]{{2,60}}?)\s+{_SAID}{_WHEN_SAID}(?:\s+in\s+a\s+statement)?"
    rf"|{_SAID}\s+(?P<who2>[^,.“”\"]{{2,60}})(?:,[^.“”\"]*)?"
    r"|according\s+to\s+(?P<who3>[^,.“”\"]{2,60}))[.!?]?[”\"]?$"
)
SAID_BEFORE = re.compile(
    # "… confirmed that …", "… added: …", "… added, …"
    rf"^(?P<who>[^,“”\"]{{2,80}}?)\s+(?:{_SAID}|confirmed|announced){_WHEN_SAID}"
    r"(?:\s+in\s+a\s+statement)?(?:\s+that\b|:|,)\s*(?P<rest>.+)$"
    rf"|^(?P<who2>[^,“”\"]{{2,80}}?)\s+{_SAID}{_WHEN_SAID}\s+(?P<rest2>(?:the|a|an|it|its|"
    r"they|he|she|[A-Z“\"])\S*\s.+)$"
    # "… confirmed it is …"
    rf"|^(?P<who3>[^,“”\"]{{2,80}}?)\s+(?:{_SAID}|confirmed){_WHEN_SAID}\s+"
    r"(?P<rest3>(?:it|they|he|she|we)\s+(?:is|are|was|were|has|had|will|would)\s.+)$"
)


def said_in(match: re.Match[str]) -> tuple[str, str]:
    """Who said it, and what they said, from a `SAID_BEFORE` match."""
    for n in ("", "2", "3"):
        if match.group(f"who{n}"):
            who = re.sub(rf"\s+{SAID_ALSO}$", "", match.group(f"who{n}"))
            return who, match.group(f"rest{n}")
    return "", ""


def speaker_of(who: str, names: Sequence[tuple[str, str]], pronoun: str, company: str) -> str:
    if who.casefold() in ("he", "she"):
        return pronoun
    if re.fullmatch(r"it|the (?:company|firm|group|chipmaker)", who.casefold()):
        return company or who.casefold()
    # "Nvidia chief executive Jensen Huang": the name said last is who speaks.
    at = [(who.casefold().rfind(span.casefold()), short) for span, short in names]
    if any(position >= 0 for position, _ in at):
        return max(at)[1]
    who = re.sub(r"^(?:a|an|another)\s+", "the ", who.strip(), flags=re.I)
    return who.casefold()
