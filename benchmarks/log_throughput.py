"""Logged questions per second with commit-before-answer.

Each simulated asker awaits QueryLog.record() for every question, as the answering path does
before showing an answer; concurrent askers share commits (group commit). SQLite (a real file,
in --dir, default a temporary directory on the current disk) with synchronous FULL (the
default: fsync at each commit) and NORMAL, beside PostgreSQL (a fresh schema on the server
given by --postgres or $TRADEQA_TEST_POSTGRES_URL; the column says why when it is skipped):

    .venv/bin/python benchmarks/log_throughput.py [--questions 3000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage import QueryLog, QueryRecord, new_query_id


def record(task: int, n: int) -> QueryRecord:
    return QueryRecord(
        query_id=new_query_id(),
        asked_at=datetime.now(UTC),
        surface="slash",
        guild_id=1234567890123456789,
        channel_id=2345678901234567890,
        user_id=3456789012345678901 + task,
        user_name=f"asker {task}",
        question=f"Can Nvidia sell the H20 to China again? ({task}/{n})",
        outcome="answered",
        fact_id="h20-license",
        score=93.5,
        suggestions=("h20-made-for-china-market", "us-approval"),
        latency_ms=2.5,
        kb_version="0123456789ab",
    )


async def measure(db: Path | str, concurrency: int, questions: int, synchronous: str) -> float:
    log = await QueryLog.open(db, synchronous=synchronous)
    per_task = questions // concurrency

    async def asker(task: int) -> None:
        for n in range(per_task):
            if not await log.record(record(task, n)):
                raise RuntimeError(f"not logged: {log.health}")

    try:
        started = time.perf_counter()
        await asyncio.gather(*(asker(t) for t in range(concurrency)))
        elapsed = time.perf_counter() - started
    finally:
        await log.close()
    return per_task * concurrency / elapsed


async def fresh_postgres_schema(url: str, drop: str | None = None) -> str:
    """A URL whose tables go in a new, empty schema (or drop the schema `drop`)."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        if drop:
            await conn.execute(f"DROP SCHEMA {drop} CASCADE")
            return ""
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        await conn.execute(f"CREATE SCHEMA {schema}")
        return schema
    finally:
        await conn.close()


def postgres_rate(url: str, concurrency: int, questions: int) -> float:
    schema = asyncio.run(fresh_postgres_schema(url))
    try:
        where = f"{url}{'&' if '?' in url else '?'}search_path={schema}"
        return asyncio.run(measure(where, concurrency, questions, "FULL"))
    finally:
        asyncio.run(fresh_postgres_schema(url, drop=schema))


def postgres_or_reason(url: str | None) -> tuple[str | None, str]:
    if not url:
        return None, "no server: pass --postgres URL or set TRADEQA_TEST_POSTGRES_URL"
    try:
        asyncio.run(fresh_postgres_schema(url, drop=asyncio.run(fresh_postgres_schema(url))))
    except Exception as exc:
        return None, f"cannot use {url.split('@')[-1]}: {exc}"
    return url, ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=3000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("TRADEQA_TEST_POSTGRES_URL"),
        help="a PostgreSQL server for the PostgreSQL column (default: $TRADEQA_TEST_POSTGRES_URL)",
    )
    args = parser.parse_args()
    postgres, why_not = postgres_or_reason(args.postgres)
    columns = ("SQLite FULL", "SQLite NORMAL", "PostgreSQL")
    with tempfile.TemporaryDirectory(dir=args.dir or Path.cwd()) as tmp:
        print(f"{args.questions} questions per run, best of {args.repeat}; questions/s")
        print(f"{'askers':>6}  " + "  ".join(f"{c:>13}" for c in columns))
        for concurrency in (1, 10, 100):
            rates = []
            for synchronous in ("FULL", "NORMAL"):
                best = 0.0
                for run in range(args.repeat):
                    db = Path(tmp) / f"bench-{synchronous}-{concurrency}-{run}.db"
                    rate = asyncio.run(measure(db, concurrency, args.questions, synchronous))
                    best = max(best, rate)
                rates.append(f"{best:>13,.0f}")
            if postgres:
                best = max(
                    postgres_rate(postgres, concurrency, args.questions) for _ in range(args.repeat)
                )
                rates.append(f"{best:>13,.0f}")
            else:
                rates.append(f"{'skipped':>13}")
            print(f"{concurrency:>6}  " + "  ".join(rates))
    if not postgres:
        print(f"PostgreSQL column skipped: {why_not}")


if __name__ == "__main__":
    main()
