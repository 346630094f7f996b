"""The query log's schema, built up by numbered migrations recorded in PRAGMA user_version.

Migration N takes a database from version N-1 to N. Never edit a migration that has shipped:
add a new one. Tests rebuild every older version by applying only a prefix of MIGRATIONS.

Both backends run the same list: statements are written for SQLite, and PostgreSQL gets them
through storage.dialect.ddl_to_postgres (64-bit INTEGER, identity keys, DOUBLE PRECISION).
To add a table or column: append Migration(N + 1, "why", (statements,)) here, and that is
all, for both. Only a statement the translation cannot express needs `postgres=(...)`, the
whole migration written for PostgreSQL. PostgreSQL keeps the version in `tradeqa_schema`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from storage.errors import ForeignDatabase, SchemaTooNew
from storage.sql import run_sql


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]
    # PostgreSQL's own statements, only where ddl_to_postgres cannot translate these.
    postgres: tuple[str, ...] | None = None


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "questions and the askers' feedback",
        (
            """
            CREATE TABLE queries (
                query_id    TEXT PRIMARY KEY,           -- uuid4 hex chosen by the caller
                asked_at    TEXT NOT NULL,              -- UTC, 2025-07-22T14:03:07.123456Z
                surface     TEXT NOT NULL,              -- slash|prefix|mention|qa_channel|cli|...
                guild_id    INTEGER,                    -- NULL outside Discord
                channel_id  INTEGER,
                user_id     INTEGER,
                user_name   TEXT,                       -- display name at the time
                question    TEXT NOT NULL,              -- as typed
                outcome     TEXT NOT NULL,              -- answered|unanswered|help|empty|...
                fact_id     TEXT,                       -- the fact that answered, if any
                score       REAL NOT NULL,
                suggestions TEXT NOT NULL DEFAULT '[]', -- JSON array of fact ids offered
                latency_ms  REAL NOT NULL,
                kb_version  TEXT NOT NULL               -- knowledge-base content hash
            )
            """,
            """
            CREATE TABLE feedback (
                query_id TEXT NOT NULL REFERENCES queries(query_id) ON DELETE CASCADE,
                user_id  INTEGER NOT NULL,
                helpful  INTEGER NOT NULL CHECK (helpful IN (0, 1)),
                voted_at TEXT NOT NULL,
                PRIMARY KEY (query_id, user_id)         -- one vote per person, changeable
            )
            """,
        ),
    ),
    Migration(
        2,
        "moderator and admin actions",
        (
            """
            CREATE TABLE audit (
                id         INTEGER PRIMARY KEY,
                at         TEXT NOT NULL,               -- UTC, same format as asked_at
                actor_id   INTEGER,                     -- NULL for the CLI or a forgotten user
                actor_name TEXT,
                action     TEXT NOT NULL,               -- reload|check|purge|forget|refused:...
                result     TEXT NOT NULL,
                detail     TEXT NOT NULL DEFAULT ''
            )
            """,
        ),
    ),
    Migration(
        3,
        "indexes for the review queries",
        (
            "CREATE INDEX queries_by_time ON queries (asked_at)",
            "CREATE INDEX queries_by_outcome ON queries (outcome, asked_at)",
            "CREATE INDEX queries_by_fact ON queries (fact_id, asked_at) WHERE fact_id IS NOT NULL",
            "CREATE INDEX queries_by_place ON queries (guild_id, channel_id, asked_at)",
            "CREATE INDEX queries_by_user ON queries (user_id)",
            "CREATE INDEX feedback_by_user ON feedback (user_id)",
            "CREATE INDEX audit_by_time ON audit (at)",
            "CREATE INDEX audit_by_actor ON audit (actor_id)",
        ),
    ),
    Migration(
        4,
        "the server each audit entry happened in, so each server's admins see their own",
        (
            # NULL: the command line, or the bot itself (an automatic reload).
            "ALTER TABLE audit ADD COLUMN guild_id INTEGER",
            "CREATE INDEX audit_by_guild ON audit (guild_id, at)",
        ),
    ),
    Migration(
        5,
        "the 'Did you mean' suggestion an asker picked, so moderators can teach its wording",
        (
            # NULL: a 👍/👎 vote. Set: the fact whose suggestion the asker pressed.
            "ALTER TABLE feedback ADD COLUMN picked_fact TEXT",
        ),
    ),
    Migration(
        6,
        "the knowledge version processes sharing the database announce reloads through",
        (
            # One row: bumped by every announced reload; other processes poll or LISTEN.
            """
            CREATE TABLE knowledge_version (
                id           INTEGER PRIMARY KEY CHECK (id = 1),
                version      INTEGER NOT NULL,
                announced_by TEXT NOT NULL,         -- who asked for the reload
                origin       TEXT NOT NULL,         -- host:pid of the announcing process
                at           TEXT NOT NULL          -- UTC, same format as asked_at
            )
            """,
        ),
    ),
    Migration(
        7,
        "each Discord server's own settings, set by its admins (storage/server_settings.py)",
        (
            # Plain SQL on purpose (no WITHOUT ROWID, no SQLite-only types): it ports as is.
            """
            CREATE TABLE server_settings (
                guild_id   BIGINT NOT NULL,
                name       TEXT NOT NULL,               -- prefix|qa_channels|cooldown|...
                value      TEXT NOT NULL,               -- as the admin typed it, validated
                changed_at TEXT NOT NULL,               -- UTC, same format as asked_at
                changed_by BIGINT,                      -- the admin's user id
                PRIMARY KEY (guild_id, name)
            )
            """,
        ),
    ),
    Migration(
        8,
        "which processes listen for reloads, and each one's answer to each reload",
        (
            # One row per listening process, refreshed while it listens: a reload waits for
            # the answers of those seen lately (a killed process stops being expected).
            """
            CREATE TABLE reload_listeners (
                origin  TEXT PRIMARY KEY,           -- host:pid:random, as knowledge_version
                shards  TEXT NOT NULL,              -- the shards it runs: 0/2, 0-3/8, all
                seen_at TEXT NOT NULL               -- UTC, same format as asked_at
            )
            """,
            # One row per process and announced version: what its reload did.
            """
            CREATE TABLE reload_answers (
                version    INTEGER NOT NULL,        -- the knowledge_version it answers
                origin     TEXT NOT NULL,
                shards     TEXT NOT NULL,
                outcome    TEXT NOT NULL,           -- reloaded | refused | failed
                fact_count INTEGER NOT NULL,
                detail     TEXT NOT NULL,           -- the reload's one-line summary
                at         TEXT NOT NULL,
                PRIMARY KEY (version, origin)
            )
            """,
        ),
    ),
)

# The tables each schema version has: a file claiming a version without them is not ours.
_TABLES_BY_VERSION = {1: {"queries", "feedback"}, 2: {"queries", "feedback", "audit"}}

LATEST_VERSION = MIGRATIONS[-1].version
assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))


async def schema_version(conn: aiosqlite.Connection) -> int:
    async with conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0])


async def check_is_query_log(conn: aiosqlite.Connection, path: str | Path) -> None:
    """Raise ForeignDatabase unless the file is empty or holds a tradeqa query log (of any
    version). Another application's database is never altered: no table added, no version set.
    """
    # Tables and version from one snapshot: another process may be creating this log at
    # this moment, and read apart they can show its version before its tables.
    await run_sql(conn, "BEGIN")
    try:
        async with conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        ) as cursor:
            tables = [row[0] for row in await cursor.fetchall()]
        version = await schema_version(conn)
    finally:
        await run_sql(conn, "COMMIT")
    if version == 0 and not tables:
        return  # a new, empty database
    if version == 0:
        raise ForeignDatabase(path, tables)
    # A newer tradeqa may have changed much, but it keeps a queries table.
    needed = {"queries"} if version > LATEST_VERSION else _TABLES_BY_VERSION[min(version, 2)]
    if not needed <= set(tables):
        raise ForeignDatabase(path, tables or ["none"])


async def migrate(
    conn: aiosqlite.Connection, path: str | Path, *, target: int = LATEST_VERSION
) -> int:
    """Bring the database up to `target` in one transaction; returns the version it started at.

    The connection must be in autocommit mode (isolation_level=None). A database newer than
    this code raises SchemaTooNew before anything is written.
    """
    found = await schema_version(conn)
    if found > LATEST_VERSION:
        raise SchemaTooNew(path, found, LATEST_VERSION)
    if found >= target:
        return found
    await run_sql(conn, "BEGIN IMMEDIATE")
    try:
        # Read again under the write lock: another process may have upgraded meanwhile.
        found = await schema_version(conn)
        if found > LATEST_VERSION:
            raise SchemaTooNew(path, found, LATEST_VERSION)
        for migration in MIGRATIONS[found:target]:
            for statement in migration.statements:
                await run_sql(conn, statement)
        if found < target:
            # PRAGMA takes no parameters; target is an int from this module.
            await run_sql(conn, f"PRAGMA user_version = {int(target)}")
        await run_sql(conn, "COMMIT")
    except BaseException:
        if conn.in_transaction:
            await run_sql(conn, "ROLLBACK")
        raise
    return found
