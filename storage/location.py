"""Where the query log lives: a SQLite file path, or a postgresql:// URL.

`--db` and TRADEQA_DB take either. Anything shaped like a URL (`scheme://…`, or a
`postgres…:` prefix that lost its slashes) must be a usable PostgreSQL URL: a typo is an
error, never a file named `postgresql:` in the working directory.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from storage.errors import StorageError

POSTGRES_SCHEMES = ("postgresql", "postgres")

_URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://|^postgres(ql)?:", re.IGNORECASE)

Location = Path | str  # a Path is a SQLite file; a str here is a PostgreSQL URL


class BadLocation(StorageError):
    """A --db value that looks like a URL but is not one tradeqa can use."""


def database_location(value: str | Path) -> Location:
    """The SQLite path or PostgreSQL URL a --db / TRADEQA_DB value names."""
    if isinstance(value, Path):
        return value
    text = value.strip()
    if not _URL_LIKE.match(text):
        return Path(value)
    scheme = text.split(":", 1)[0].lower()
    if scheme not in POSTGRES_SCHEMES:
        raise BadLocation(
            f"{redact(text)}: a {scheme}:// URL cannot hold the query log; give a SQLite file "
            "path or a postgresql:// URL"
        )
    if not text[len(scheme) + 1 :].startswith("//"):
        raise BadLocation(
            f"{redact(text)}: not a PostgreSQL URL (they start postgresql://); "
            "a SQLite file path needs no scheme"
        )
    return text


def is_postgres(location: Location | None) -> bool:
    return isinstance(location, str)


def redact(url: str) -> str:
    """The URL with its password hidden, for messages and logs."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        return "the database URL"


def describe_location(location: Location) -> str:
    return redact(location) if isinstance(location, str) else str(location)
