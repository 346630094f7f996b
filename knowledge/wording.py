"""When two phrasings are the same phrasing: one rule for every place that compares them.

`kb teach` refuses a phrasing a fact already has, and `logs learned` groups the questions
askers resolved through suggestions; both must agree, or a learned phrasing would be listed
once and refused as a duplicate when taught (or taught twice). This module imports nothing
of the knowledge code, so the query log's storage layer can use it too.
"""

from __future__ import annotations


def same_wording(text: str) -> str:
    """What two phrasings share when they differ only in case, spacing and end punctuation."""
    return " ".join(text.casefold().split()).rstrip(" ?!.")
