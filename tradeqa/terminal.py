"""Text from users, made safe to print on an admin's terminal.

A question can hold escape sequences (`ESC [1A ESC [2K` erases the rows above it; OSC 52
writes the clipboard) or bidi controls that reorder what is shown. Every table and message
the command line prints from the query log goes through `printable`; JSON output through
`printable_json`. Only the display changes: the log keeps the text as typed.
"""

from __future__ import annotations

import re

# C0 and C1 controls (ESC included), DEL, and the invisible characters that change how text
# around them is shown: bidi embeddings, overrides and isolates, directional marks, line and
# paragraph separators, the byte-order mark.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
# The same, minus what JSON already escapes (all of C0).
_UNSAFE_IN_JSON = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: object) -> str:
    """`text` with every control and bidi character shown as a visible escape (`\\x1b`)."""
    return _UNSAFE.sub(_escape, str(text))


def printable_json(text: str) -> str:
    """JSON text with the characters JSON leaves raw written as \\u escapes: still the same
    JSON value, but inert on a terminal."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
