"""Problems found in knowledge files, reported as FILE:LINE:COLUMN: message."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Problems listed in full; the rest are counted ("… and 9,950 more problem(s)"). Nobody reads
# past the first screenful, and printing a million lines took longer than finding them.
MAX_SHOWN = 50

# Control characters (line breaks included) and bidi overrides in a file name or message:
# shown escaped, so every problem stays one line and reads as written.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a knowledge file. Lines and columns are 1-based."""

    file: Path
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return one_line(f"{self.file}:{self.line}:{self.column}: {self.message}")


def one_line(text: str) -> str:
    """`text` with control and bidi characters escaped (\\n, \\x1b, \\u202e)."""
    return _UNSAFE.sub(lambda match: match.group().encode("unicode_escape").decode(), text)


def first_lines(
    problems: Sequence[Problem], render: Callable[[Problem], str] = str, limit: int = MAX_SHOWN
) -> list[str]:
    """The first `limit` problems rendered, and a last line counting the rest, if any."""
    lines = [render(problem) for problem in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"… and {len(problems) - limit:,} more problem(s)")
    return lines


class KnowledgeError(Exception):
    """The knowledge files are not valid; nothing was loaded."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(self.lines()))

    def lines(self, limit: int = MAX_SHOWN) -> list[str]:
        """What to print: the first `limit` problems, then how many more there are."""
        return first_lines(self.problems, limit=limit)
