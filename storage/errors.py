"""Why a query log database cannot be used at all (as opposed to "not right now")."""

from __future__ import annotations

from pathlib import Path


def _where(path: str | Path) -> str | Path:
    """A file path as a Path; a PostgreSQL URL as text, its password hidden."""
    if isinstance(path, str) and "://" in path:
        from storage.location import redact

        return redact(path)
    return Path(path)


class StorageError(Exception):
    """The query log database cannot be used; the message says why and what to do."""


class SchemaTooNew(StorageError):
    """The file was written by a newer tradeqa. It is left exactly as it was."""

    def __init__(self, path: str | Path, found: int, supported: int):
        self.path = _where(path)
        self.found = found
        self.supported = supported
        super().__init__(
            f"{self.path}: query log schema version {found} is newer than this tradeqa "
            f"understands (up to {supported}); upgrade tradeqa or point it at another "
            "database. The file was not modified."
        )


class NotAQueryLog(StorageError):
    """The file exists but is not an SQLite database (or is damaged beyond opening)."""

    def __init__(self, path: str | Path, reason: str):
        self.path = _where(path)
        super().__init__(f"{self.path}: not a usable SQLite database ({reason})")


class LogNotFound(StorageError):
    """A review command was pointed at a database that does not exist (none is created)."""

    def __init__(self, path: str | Path):
        self.path = _where(path)
        super().__init__(
            f"no query log at {self.path} (nothing has been logged there yet; "
            "choose another with --db or TRADEQA_DB)"
        )


class ForeignDatabase(NotAQueryLog):
    """The file is an SQLite database, but another application's: it is never altered."""

    def __init__(self, path: str | Path, tables: list[str]):
        shown = ", ".join(tables[:5]) + (f" and {len(tables) - 5} more" if len(tables) > 5 else "")
        StorageError.__init__(
            self,
            f"{_where(path)}: not a tradeqa query log (a database with other tables: "
            f"{shown}); it was not modified. Point --db or TRADEQA_DB at another file.",
        )
        self.path = _where(path)
