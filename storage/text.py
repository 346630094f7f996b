"""Text as the query log stores it: always encodable, never unbounded.

Python hands us lone surrogates for invalid UTF-8 on argv or stdin; SQLite cannot encode them,
and NUL cuts a C string short in some readers. Both are cleaned before a row is queued, so one
odd question can never stop the writer.
"""

from __future__ import annotations

import re

# Longer than any Discord message (4,000 characters with Nitro). Past this a question is not
# worth storing whole: a 100 MB one would bloat the log and every export of it.
MAX_STORED_QUESTION = 4000
MAX_STORED_TEXT = 4000  # names, audit details

_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Lone surrogates become U+FFFD (the replacement character) and NUL is removed."""
    if text.isascii():
        return text.replace("\x00", "") if "\x00" in text else text
    text = _SURROGATE.sub("\ufffd", text)
    return text.replace("\x00", "")


def bounded(text: str, limit: int = MAX_STORED_TEXT) -> str:
    """Clean text, cut to `limit` characters with a note saying how long it was."""
    if len(text) > limit:
        text = text[:limit] + f" … [cut: {len(text):,} characters in all]"
    return clean_text(text)


def stored_optional(text: str | None, limit: int = MAX_STORED_TEXT) -> str | None:
    return None if text is None else bounded(text, limit)
