"""The event loop under load: the longest stall while answering and during a reload, and
logged questions per second through TradeQA.ask."""

from __future__ import annotations

import asyncio
import gc
import itertools
import os
import random
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

from knowledge.engine import AnswerEngine
from knowledge.loader import ParseCache
from storage import QueryLog, QueryRecord, utc_now
from tradeqa.service import Asker, TradeQA

CONCURRENCY = (1, 10, 100)
TICK = 0.001  # the event-loop ticker's sleep; a longer gap is a stall
# The busy-server stream: the stream questions drawn by popularity, the r-th most popular
# asked in proportion to 1/r**POPULARITY (Zipf), so a few recur all the time and a long tail
# rarely does.
POPULARITY = 1.0


async def _open_service(engine: AnswerEngine, paths: list[Path], cache: ParseCache, db: Path):
    query_log = await QueryLog.open(db)
    # What TradeQA.open builds, with the engine and parse cache this process already has.
    return TradeQA(engine, query_log, paths, cache=cache, db_path=db)


async def measure_stalls(
    engine: AnswerEngine,
    paths: list[Path],
    cache: ParseCache,
    touched: Path,
    questions: list[str],
    db: Path,
    seconds: float,
) -> dict:
    """The longest event-loop stall while answering, and while a reload runs beside it."""
    service = await _open_service(engine, paths, cache, db)
    asker = Asker("cli", user_name="bench")
    phase = "warm-up"
    worst: dict[str, float] = {}
    answered: dict[str, int] = {}
    running = True

    async def ticker() -> None:
        last = time.perf_counter()
        while running:
            await asyncio.sleep(TICK)
            now = time.perf_counter()
            worst[phase] = max(worst.get(phase, 0.0), now - last - TICK)
            last = now

    async def ask_forever() -> None:
        while running:
            for question in questions:
                if not running:
                    break
                await service.ask(question, asker)
                answered[phase] = answered.get(phase, 0) + 1

    # Garbage collections stop every thread, the event loop's too: time the longest per phase.
    collections: dict[str, float] = {}
    gc_started = 0.0

    def on_gc(event: str, info: dict) -> None:
        nonlocal gc_started
        if event == "start":
            gc_started = time.perf_counter()
        else:
            collections[phase] = max(collections.get(phase, 0.0), time.perf_counter() - gc_started)

    gc.callbacks.append(on_gc)
    original = await asyncio.to_thread(touched.read_bytes)
    # The baseline: the ticker alone, for twice a run. On a shared VM the loop misses its
    # tick by 10-16 ms now and then with nothing else running.
    phase = "idle"
    tasks = [asyncio.create_task(ticker())]
    await asyncio.sleep(2 * seconds)
    phase = "warm-up"
    tasks.append(asyncio.create_task(ask_forever()))
    try:
        await asyncio.sleep(min(0.5, seconds))
        phase = "answering"
        await asyncio.sleep(seconds)
        await asyncio.to_thread(touched.write_bytes, original + b"# edited (reload)\n")
        phase = "reload"
        started = time.perf_counter()
        report = await service.reload(asker)
        reload_s = time.perf_counter() - started
        phase = "after"
        await asyncio.sleep(min(0.5, seconds))
    finally:
        running = False
        await asyncio.gather(*tasks)
        gc.callbacks.remove(on_gc)
        await asyncio.to_thread(touched.write_bytes, original)
        await service.close()
    return {
        "stall_idle_ms": worst.get("idle", 0.0) * 1000,
        "stall_answering_ms": worst.get("answering", 0.0) * 1000,
        "stall_reload_ms": worst.get("reload", 0.0) * 1000,
        "answers_during_reload": answered.get("reload", 0),
        "gc_answering_ms": collections.get("answering", 0.0) * 1000,
        "gc_reload_ms": collections.get("reload", 0.0) * 1000,
        "reload_in_service_s": reload_s,
        "reload_ok": report.ok,
    }


async def measure_logging(
    engine: AnswerEngine,
    paths: list[Path],
    cache: ParseCache,
    questions: list[str],
    folder: Path,
    seconds: float,
    reps: int,
) -> dict:
    """Logged questions per second through TradeQA.ask (answer, commit, reply).

    Twice: a busy server's stream, where popular questions recur, and a stream where every
    question is new (as the target counts).
    """
    result: dict[str, float] = {}
    popular = popular_stream(questions)
    for concurrency in CONCURRENCY:
        rates = []
        for rep in range(reps):
            service = await _open_service(
                engine, paths, cache, folder / f"log-{concurrency}-{rep}.db"
            )
            rates.append(await _throughput(service.ask, popular, concurrency, seconds))
            await service.close()
        result[f"logged_{concurrency}"] = statistics.median(rates)

    # Every question new.
    rates = []
    for rep in range(reps):
        service = await _open_service(engine, paths, cache, folder / f"log-new-{rep}.db")
        rates.append(
            await _throughput(service.ask, itertools.cycle(questions), CONCURRENCY[-1], seconds)
        )
        await service.close()
    result["logged_new_100"] = statistics.median(rates)

    # Logging alone (no answering), to tell the two costs apart.
    rates = []
    for rep in range(reps):
        query_log = await QueryLog.open(folder / f"log-only-{rep}.db")

        async def record(question: str, _asker: object, query_log=query_log) -> None:
            await query_log.record(
                QueryRecord(
                    query_id=os.urandom(16).hex(),
                    asked_at=utc_now(),
                    surface="cli",
                    guild_id=None,
                    channel_id=None,
                    user_id=None,
                    user_name="bench",
                    question=question,
                    outcome="unanswered",
                    fact_id=None,
                    score=0.0,
                    suggestions=(),
                    latency_ms=0.1,
                    kb_version="bench",
                )
            )

        rates.append(
            await _throughput(record, itertools.cycle(questions), CONCURRENCY[-1], seconds)
        )
        await query_log.close()
    result["log_only"] = statistics.median(rates)
    return result


def popular_stream(questions: list[str], seed: int = 13) -> Iterator[str]:
    """Endless questions drawn by Zipf popularity (which is most popular: shuffled)."""
    rng = random.Random(seed)
    ranked = rng.sample(questions, len(questions))
    weights = list(itertools.accumulate(1 / r**POPULARITY for r in range(1, len(ranked) + 1)))
    while True:
        yield from rng.choices(ranked, cum_weights=weights, k=1000)


async def _throughput(ask, questions: Iterator[str], concurrency: int, seconds: float) -> float:
    """Questions per second while `concurrency` askers each ask, await, and ask the next.

    The askers share one stream of questions (the event loop runs one at a time, so `next`
    needs no lock), and a stream carries on where the last run left it.
    """
    done = 0
    deadline = time.perf_counter() + seconds

    async def asker(number: int) -> None:
        nonlocal done
        who = Asker("cli", user_id=number, user_name=f"asker-{number}")
        while time.perf_counter() < deadline:
            await ask(next(questions), who)
            done += 1

    started = time.perf_counter()
    await asyncio.gather(*(asker(n) for n in range(concurrency)))
    return done / (time.perf_counter() - started)
