"""A drafted answer that makes sense on its own (for `kb draft`).

An answer is shown alone, without the article around it, so a sentence that opens with "He",
"His", "The company", "The California-based company" or "The decision" leaves the asker
guessing who or what it means. When the draft knows (the person named last, the company
named in or before the sentence, the subject of the sentence before), the opening is
spelled out: "Jensen Huang expressed …", "California-based Nvidia developed …", "Nvidia’s
decision follows …". The excerpt keeps the article's words; only the answer changes, and
an opening the draft cannot resolve is left as printed.
"""

from __future__ import annotations

import re

_CONNECTOR = r"(?:(?:However|Meanwhile|Moreover|Still|Separately|Instead|But|And),\s+)?"
_DESCRIPTOR = r"[\w.]+-(?:based|born|listed|owned|headquartered|backed|led)\s+"
_COMPANY_NOUN = r"(?:company|firm|chipmaker|group|tech\s+giant)"
# Nouns that stand for what the sentence before reported ("The decision follows …").
_EVENT_NOUN = r"(?:decision|move|announcement|step|plan|approval)"
_REPORTING = r"(?:said|says|added|confirmed|announced|noted|stated|told)"


def spelled_out(
    sentence: str, *, person: str | None, company: str | None, previous: str | None
) -> str:
    """`sentence` with an opening that only makes sense inside the article spelled out:
    `person` is who "he"/"she" is, `company` who "the company"/"it" is, `previous` the
    name the sentence before was about (whose decision "the decision" is)."""
    apostrophe = "'" if "'" in sentence else "’"  # as the article writes it
    rules: list[tuple[str, str | None]] = [
        (r"(?:He|She)(?=\s+[a-z])", person),
        (r"(?:His|Her)(?=\s+[a-z])", _owner(person, apostrophe)),
        (rf"It(?=\s+{_REPORTING}\b)", company),
        (r"Its(?=\s+[a-z])", _owner(company, apostrophe)),
        (rf"The\s+(?P<described>{_DESCRIPTOR})?{_COMPANY_NOUN}\b", company),
        (rf"The(?=\s+{_EVENT_NOUN}\b)", _owner(previous, apostrophe)),
    ]
    for pattern, name in rules:
        match = re.match(rf"({_CONNECTOR})({pattern})", sentence)
        if not match or not name:
            continue
        described = match.groupdict().get("described") or ""
        opening = match.group(1)
        named = f"{described}{name}"
        if opening:  # "However, the company …": the name after the connector
            return f"{opening}{named}{sentence[match.end() :]}"
        return f"{named}{sentence[match.end() :]}"
    return sentence


def _owner(name: str | None, apostrophe: str) -> str | None:
    """ "Nvidia’s", "United States’" (a name ending in s takes the apostrophe alone)."""
    if not name:
        return None
    return f"{name}{apostrophe}" if name.endswith("s") else f"{name}{apostrophe}s"
