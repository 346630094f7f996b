"""PostgreSQL as the shared store: URLs that cannot be used are one line (never a file), the
schema is migrated like SQLite's and a newer one is refused untouched, an outage loses no row,
and two processes writing at once lose nothing (on both backends)."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from storage_helpers import (
    column,
    count_rows,
    make_record,
    postgres_rows,
    postgres_schema,
    postgres_server,
    with_setting,
)

from storage import LATEST_VERSION, LogReview, QueryLog, SchemaTooNew, StorageError
from storage.location import BadLocation, database_location, redact
from storage.postgres import migrate_postgres
from tradeqa.cli import main


@pytest.fixture
def pg():
    """A fresh schema on the test server (skipped, saying why, without one)."""
    with postgres_schema() as url:
        yield url


# -- locations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("tradeqa.db", Path("tradeqa.db")),
        ("/srv/data/log.db", Path("/srv/data/log.db")),
        ("postgresql://bot@db.example/tradeqa", "postgresql://bot@db.example/tradeqa"),
        ("postgres:///tradeqa?host=/run/postgresql", "postgres:///tradeqa?host=/run/postgresql"),
    ],
)
def test_a_db_setting_is_a_path_or_a_postgresql_url(value, expected):
    assert database_location(value) == expected


@pytest.mark.parametrize("value", ["mysql://h/db", "sqlite:///x.db", "postgresql:/x", "ftp://a"])
def test_a_url_that_is_not_postgresql_is_refused(value):
    with pytest.raises(BadLocation):
        database_location(value)


def test_a_password_never_shows_in_messages():
    assert redact("postgresql://bot:s3cret@db/tradeqa") == "postgresql://bot:***@db/tradeqa"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/log",
        "postgresql://tradeqa@/postgres?host=/nonexistent-socket-dir",
        "postgresql://tradeqa@127.0.0.1:1/postgres",
    ],
)
@pytest.mark.parametrize("command", [["ask", "is nvidia selling h20?"], ["logs", "recent"]])
def test_an_unusable_url_is_one_line_and_leaves_no_file(
    url, command, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    code = main([*command, "--db", url])
    _, err = capsys.readouterr()
    assert code in (1, 2)
    assert err.count("\n") == 1 and err.startswith("tradeqa: ")
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # no file named `ftp:` or `postgresql:`


def test_bad_credentials_are_one_line(tmp_path, monkeypatch, capsys):
    url, why = postgres_server()
    if url is None:
        pytest.skip(why)
    wrong = url.replace("tradeqa@", "nobody_at_all:wrong@", 1)
    monkeypatch.chdir(tmp_path)
    assert main(["logs", "recent", "--db", wrong]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot use this PostgreSQL database" in err
    assert "wrong" not in err  # the password is not printed


def test_tradeqa_db_with_another_scheme_is_a_configuration_error(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRADEQA_DB", "mysql://db/tradeqa")
    assert main(["logs", "recent"]) == 2
    assert "TRADEQA_DB" in capsys.readouterr().err


# -- schema ----------------------------------------------------------------------------------


async def test_a_newer_schema_is_refused_and_left_untouched(pg):
    async with await QueryLog.open(pg) as log:
        assert await log.record(make_record(question="kept"))
    postgres_rows(pg, "UPDATE tradeqa_schema SET version = ?", (LATEST_VERSION + 1,))
    with pytest.raises(SchemaTooNew, match="newer than this tradeqa"):
        await QueryLog.open(pg)
    with pytest.raises(SchemaTooNew):
        await LogReview.open(pg)
    assert column(pg, "SELECT version FROM tradeqa_schema") == [LATEST_VERSION + 1]
    assert column(pg, "SELECT question FROM queries") == ["kept"]


@pytest.mark.parametrize("version", range(1, LATEST_VERSION))
async def test_each_older_schema_is_upgraded_and_keeps_its_rows(pg, version):
    import asyncpg

    pool = await asyncpg.create_pool(pg, min_size=1, max_size=1)
    try:
        await migrate_postgres(pool, pg, target=version)
    finally:
        await pool.close()
    postgres_rows(
        pg,
        "INSERT INTO queries (query_id, asked_at, surface, question, outcome, score, latency_ms,"
        " kb_version) VALUES ('old', '2025-07-01T00:00:00.000000Z', 'cli', 'from before',"
        " 'unanswered', 0, 1, 'kb')",
    )
    async with await QueryLog.open(pg) as log:
        assert await log.record(make_record(question="after the upgrade"))
        assert await log.record_feedback("old", 5, True, picked_fact="h20-license")
    assert column(pg, "SELECT version FROM tradeqa_schema") == [LATEST_VERSION]
    assert sorted(column(pg, "SELECT question FROM queries")) == [
        "after the upgrade",
        "from before",
    ]
    assert column(pg, "SELECT picked_fact FROM feedback") == ["h20-license"]


async def test_another_applications_queries_table_is_refused_untouched(pg):
    postgres_rows(pg, "CREATE TABLE queries (id INTEGER, sql TEXT)")
    with pytest.raises(StorageError, match="not a tradeqa query log"):
        await QueryLog.open(pg)
    assert column(pg, "SELECT to_regclass('tradeqa_schema')") == [None]


def test_discord_ids_and_scores_keep_their_full_precision(pg):
    rec = make_record(guild_id=2**63 - 1, user_id=1234567890123456789, score=91.123456789)
    asyncio.run(_record(pg, rec))
    assert column(pg, "SELECT guild_id FROM queries") == [2**63 - 1]
    assert column(pg, "SELECT score FROM queries") == [91.123456789]


async def _record(location, rec):
    async with await QueryLog.open(location) as log:
        assert await log.record(rec)


# -- outages ---------------------------------------------------------------------------------


async def test_a_dropped_connection_loses_no_row(pg):
    async with await QueryLog.open(pg) as log:
        assert await log.record(make_record(question="before"))
        # The server ends the writer's session (a restart, a failover, an admin).
        postgres_rows(
            pg,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE pid <> pg_backend_pid() AND datname = current_database() "
            "AND query NOT ILIKE '%pg_stat_activity%'",
        )
        await asyncio.gather(*(log.record(make_record(question=f"after {n}")) for n in range(5)))
        assert await log.flush(timeout=30)
        assert log.health.dropped == 0
    assert count_rows(pg) == 6


async def test_a_read_only_server_does_not_stop_answers_and_rows_arrive_after(pg):
    log = await QueryLog.open(pg, retry_interval=0.2)
    try:
        assert await log.record(make_record(question="before"))
        postgres_rows(pg, "ALTER DATABASE postgres SET default_transaction_read_only = on")
        try:
            postgres_rows(
                pg,
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE pid <> pg_backend_pid() AND datname = current_database()",
            )
            for n in range(3):
                await log.record(make_record(question=f"during {n}"))
            assert not log.health.available
            assert log.health.pending == 3
        finally:
            writable = with_setting(pg, "default_transaction_read_only", "off")
            postgres_rows(writable, "ALTER DATABASE postgres RESET default_transaction_read_only")
        assert await log.flush(timeout=30)
        assert log.health.available
    finally:
        await log.close()
    assert count_rows(pg) == 4


# -- two processes ---------------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import asyncio, sys
    from datetime import UTC, datetime
    from storage import QueryLog, QueryRecord, new_query_id

    async def main(where, name):
        async with await QueryLog.open(where) as log:
            async def one(n):
                rec = QueryRecord(new_query_id(), datetime.now(UTC), "cli", None, None, None,
                                  None, f"{name} {n}", "answered", None, 0.0, (), 1.0, "kb")
                assert await log.record(rec), log.health
            for start in range(0, 300, 30):
                await asyncio.gather(*(one(n) for n in range(start, start + 30)))

    asyncio.run(main(sys.argv[1], sys.argv[2]))
    """
)


def test_two_processes_writing_at_once_lose_nothing(log_db):
    children = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(log_db), name], stderr=subprocess.PIPE)
        for name in ("first", "second")
    ]
    for child in children:
        _, err = child.communicate(timeout=120)
        assert child.returncode == 0, err.decode()
    assert count_rows(log_db) == 600
    for name in ("first", "second"):
        assert count_rows(log_db, where="question LIKE ?", params=(f"{name} %",)) == 300


# -- the bot's review connection ------------------------------------------------------------


async def test_admin_reviews_share_the_bots_connection(log_db, monkeypatch):
    import storage.database

    opened = []
    real_connect = storage.database.connect

    async def counting(*args, **kwargs):
        opened.append(kwargs.get("create"))
        return await real_connect(*args, **kwargs)

    monkeypatch.setattr(storage.database, "connect", counting)
    monkeypatch.setattr("storage.querylog.connect", counting)
    monkeypatch.setattr("storage.review.connect", counting)
    async with await QueryLog.open(log_db) as log:
        assert await log.record(make_record(question="asked once", guild_id=7))
        for _ in range(5):  # five /logs commands in server 7
            async with await LogReview.open(log_db, guild_id=7) as review:
                assert [q.question for q in await review.recent()] == ["asked once"]
        async with await LogReview.open(log_db, guild_id=8) as review:
            assert await review.recent() == []  # still limited to its own server
    # The writer's connection and one review connection: not one per command.
    assert opened == [True, False]


def test_a_sqlite_log_never_imports_the_postgresql_driver(tmp_path):
    script = textwrap.dedent(
        f"""
        import asyncio, sys
        from tradeqa.cli import main
        assert main(["ask", "--db", {str(tmp_path / "log.db")!r}, "who is jensen huang?"]) == 0
        assert main(["logs", "recent", "--db", {str(tmp_path / "log.db")!r}]) == 0
        print("asyncpg" in sys.modules)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False"


def test_tradeqa_ask_never_prints_the_password_of_an_unusable_url(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    url = "postgresql://bot:hunter2@/tradeqa?host=/nonexistent-socket-dir"
    assert main(["ask", "--db", url, "who is jensen huang?"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bot:***@" in err and "hunter2" not in err


def test_tradeqa_chat_with_an_unusable_url_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["chat", "--db", "ftp://example.com/log"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ftp://" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
