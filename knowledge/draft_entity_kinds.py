"""What kind of thing a new name is, from how the article introduces it (for `kb draft`).

News names a new organisation, company or place with a common noun beside it: "state
broadcaster CCTV", "rivals like Huawei", "Zenvex, a chipmaker", "a lab in Suzhou". That noun
says the kind; a country word before it ("Chinese state broadcaster") says whose it is, as
the vocabulary already knows the country ("Chinese" is one of China's names). A name with
no such noun stays `other` for the moderator to decide.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_COMPANY_NOUNS = set(
    "company companies firm firms chipmaker chipmakers maker makers manufacturer manufacturers "
    "giant giants rival rivals competitor competitors supplier suppliers startup startups "
    "start-up carmaker automaker conglomerate brand retailer lender insurer airline operator "
    "producer producers developer designer vendor vendors peer peers".split()
)
_ORGANISATION_NOUNS = set(
    "broadcaster broadcasters agency regulator ministry newspaper outlet watchdog body union "
    "committee party court university institute council channel publisher network daily "
    "tank".split()  # "think tank"
)
_PLACE_NOUNS = set("city province port capital region hub town district county".split())
_KIND_OF_NOUN = (
    [(n, "company") for n in _COMPANY_NOUNS]
    + [(n, "organisation") for n in _ORGANISATION_NOUNS]
    + [(n, "place") for n in _PLACE_NOUNS]
)
_NOUNS = dict(_KIND_OF_NOUN)
# "a design lab in Suzhou": a name after "in" is where something is.
_IN = r"(?:in|near|across|outside)"


def guess_kind(name: str, sentence: str) -> str | None:
    """`company`, `organisation` or `place` when the sentence says so, else None."""
    escaped = re.escape(name)
    # "state broadcaster CCTV", "rivals like Huawei", "firms such as Zenvex and Quillet"
    before = re.search(
        rf"\b([\w-]+)\s+(?:(?:like|such\s+as|including)\s+(?:[\w-]+\s+(?:and|or)\s+|[\w-]+,\s+)*)?"
        rf"{escaped}(?![\w-])",
        sentence,
    )
    if before and before.group(1).casefold() in _NOUNS:
        return _NOUNS[before.group(1).casefold()]
    # "Zenvex, a Chinese chipmaker, …"
    after = re.search(rf"{escaped},\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}?([\w-]+)\b", sentence)
    if after and after.group(1).casefold() in _NOUNS:
        return _NOUNS[after.group(1).casefold()]
    if re.search(rf"\b{_IN}\s+{escaped}(?![\w’'-])", sentence):
        return "place"
    return None


def guess_country(name: str, sentence: str, country_of: Callable[[str], str | None]) -> str | None:
    """The country a known country word before the name's noun names ("Chinese state
    broadcaster CCTV": china); `country_of` maps a word to a country entity id or None."""
    match = re.search(rf"((?:[\w-]+\s+){{1,3}}){re.escape(name)}(?![\w-])", sentence)
    if not match:
        return None
    words = match.group(1).split()
    if not any(w.casefold() in _NOUNS for w in words):
        return None
    return next((c for c in map(country_of, words) if c), None)
