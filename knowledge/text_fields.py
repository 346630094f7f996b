"""The kinds of text a knowledge file holds: ids, single lines, prose and verbatim passages.

Each is a string type with its rules (length, no control characters) for pydantic to check
and to publish in the JSON Schema; knowledge.schema builds the items from them.
"""

from __future__ import annotations

import re
import sys
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints

_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"

Id = Annotated[
    str,
    StringConstraints(pattern=_ID_PATTERN),
    # One string object per id, however many facts name it: 100,000 facts citing a handful
    # of sources and entities would otherwise hold a copy each.
    AfterValidator(sys.intern),
    Field(description="Lower-case letters, digits and hyphens; unique across the knowledge base."),
]
# For values many facts repeat (dates, units, keywords, speakers): one string object per
# value, not one per fact (about 9 MB at 100,000 facts). Not for text that rarely repeats
# (questions, aliases): each interned string also costs an entry in Python's intern table.
Recurring = AfterValidator(sys.intern)
# Control characters (a NUL, an escape sequence that recolours or erases a terminal's lines)
# have no place in text people read; line breaks and tabs only where text may run over lines.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_PROSE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def control_character_message(value: str, pattern: re.Pattern[str] = _CONTROL) -> str | None:
    """Which control character `value` holds and where, worded for a moderator; else None."""
    found = pattern.search(value)
    if found is None:
        return None
    shown = found.group().encode("unicode_escape").decode()
    return f"contains the control character {shown} (character {found.start() + 1}): remove it"


def _no_control_characters(pattern: re.Pattern[str]):
    def check(value: str) -> str:
        message = control_character_message(value, pattern)
        if message:
            raise ValueError(message)
        return value

    return AfterValidator(check)


SingleLine = _no_control_characters(_CONTROL)
# The same rules as patterns, for the many text fields: checked by pydantic's own regex
# engine (a Python check per string made loading 15% slower), published in the JSON
# Schema for editors, and worded by the loader's messages (CONTROL_PATTERNS).
SINGLE_LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
PROSE_PATTERN = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"
CONTROL_PATTERNS = {SINGLE_LINE_PATTERN: _CONTROL, PROSE_PATTERN: _CONTROL_IN_PROSE}


def text_rules(max_length: int, *, strip: bool = True, lines: bool = False) -> Any:
    """A string of 1 to `max_length` characters; `lines`: it may run over lines."""
    return StringConstraints(
        strip_whitespace=strip,
        min_length=1,
        max_length=max_length,
        pattern=PROSE_PATTERN if lines else SINGLE_LINE_PATTERN,
    )


Text = Annotated[str, text_rules(2000, lines=True)]
ShortText = Annotated[str, text_rules(200)]
# A verbatim passage: whitespace is significant, so it is not stripped.
Verbatim = Annotated[str, text_rules(2000, strip=False, lines=True)]
