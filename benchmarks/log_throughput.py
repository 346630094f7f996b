"""Logged questions per second with commit-before-answer.

Each simulated asker awaits QueryLog.record() for every question, as the answering path does
before showing an answer; concurrent askers share commits (group commit). Run:

    .venv/bin/python benchmarks/log_throughput.py [--questions 3000] [--dir /some/disk]

The database is a real file (in --dir, default a temporary directory on the current disk).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
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


async def measure(db: Path, concurrency: int, questions: int, synchronous: str) -> float:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=3000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir or Path.cwd()) as tmp:
        print(f"{args.questions} questions per run, best of {args.repeat}, db in {tmp}")
        print(f"{'synchronous':>11}  {'askers':>6}  {'questions/s':>11}")
        for synchronous in ("FULL", "NORMAL"):
            for concurrency in (1, 10, 100):
                best = 0.0
                for run in range(args.repeat):
                    db = Path(tmp) / f"bench-{synchronous}-{concurrency}-{run}.db"
                    rate = asyncio.run(measure(db, concurrency, args.questions, synchronous))
                    best = max(best, rate)
                print(f"{synchronous:>11}  {concurrency:>6}  {best:>11,.0f}")


if __name__ == "__main__":
    main()
