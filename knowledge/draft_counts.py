"""Counts within a period: how often, not when (for `kb draft`'s choice of a fact's kind).

"Huang has visited China twice this year" and "for the second time this year" name a period
("this year") only to bound a count: the claim says how many visits, and asking "when?" of
it makes no sense, so it is an event, not a date. The period stays among the fact's dates.
"""

from __future__ import annotations

import re

_ORDINALS = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)"
_NUMBERS = r"two|three|four|five|six|seven|eight|nine|ten|\d+|several|many"
# "twice", "three times", "the second time", "her third visit", "a second trip"
_COUNT = (
    rf"(?:once|twice|thrice|(?:{_NUMBERS})\s+times|(?:{_ORDINALS})\s+"
    r"(?:time|visit|trip|meeting|round|call|tour|stop))"
)
_PREPOSITION = r"(?:(?:in|during|so\s+far\s+in|since|over)\s+)?"


def counted_in(sentence: str, as_written: str) -> bool:
    """The date `as_written` is the period a count in `sentence` runs over ("twice this
    year", "her third visit to China this year", "three times in 2025")."""
    pattern = rf"\b{_COUNT}\b(?:\s+[\w’'-]+){{0,3}}?\s+{_PREPOSITION}{re.escape(as_written)}(?!\w)"
    return bool(re.search(pattern, sentence, re.I))
