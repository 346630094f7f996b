"""How the answering path holds up as the knowledge base grows: one table, targets marked.

    python benchmarks/bench.py                    # 1k, 10k and 100k synthetic facts
    python benchmarks/bench.py --quick            # 1k and 10k only (under a minute)
    python benchmarks/bench.py --sizes 50000 --json results.json
    python benchmarks/bench.py --profile --sizes 100000   # where the time goes (cProfile)

Each size is N synthetic facts (benchmarks/synth.py, generated once into benchmarks/out/)
loaded beside a copy of the bundled knowledge base, and is measured in fresh child processes:
one for peak memory (load, index, answer: what the bot does, nothing else), one for
everything else. Times are medians of --reps repetitions, beside a baseline measured in the
same process (the machine is shared and noisy: read the ratios). Nothing here is a unit test.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import gc
import io
import itertools
import json
import math
import os
import platform
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import _common
from _common import Question

from knowledge.engine import AnswerEngine
from knowledge.evaluation import EvalReport, evaluate
from knowledge.loader import ParseCache, discover, load_knowledge
from storage import QueryLog, QueryRecord, utc_now
from tradeqa.service import Asker, TradeQA

SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
CONCURRENCY = (1, 10, 100)
TICK = 0.001  # the event-loop ticker's sleep; a longer gap is a stall
STREAM_QUESTIONS = 5000
# The busy-server stream: the stream questions drawn by popularity, the r-th most popular
# asked in proportion to 1/r**POPULARITY (Zipf), so a few recur all the time and a long tail
# rarely does.
POPULARITY = 1.0

# Targets at 100k facts, checked at every size so trends show early. Sized to what people
# perceive: a chat user notices no delay under ~250 ms, and Discord lets a bot send ~50
# requests a second (the logging target is ten times that, every question new).
SPEEDUP_MIN = 20.0
ANSWER_P99_MAX_MS = 5.0
LOAD_RATIO_MAX = 1.5
RELOAD_RATIO_MAX = 0.10
RSS_MAX_MB = 500.0
STALL_MAX_MS = 250.0
LOGGED_MIN = 500.0


_STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"{time.perf_counter() - _STARTED:6.1f}s {message}", file=sys.stderr, flush=True)


# =============================================================================================
# child: measurements for one size
# =============================================================================================


def knowledge_paths(out: Path, size: int) -> list[Path]:
    return [out / "real" / "facts", out / f"synth-{size}"]


def timed(function: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure_loading(paths: list[Path], reps: int) -> tuple[dict, AnswerEngine, ParseCache]:
    """Cold load (an empty parse cache), index, and plain CSafeLoader parsing of the same files.

    Returns the last repetition's engine and its (now full) parse cache for what follows.
    """
    import yaml

    files = discover(paths)
    load, index, csafe = [], [], []
    engine = cache = None
    for rep in range(reps):
        log(f"  cold load {rep + 1}/{reps}")
        engine = cache = None
        gc.collect()
        seconds, _ = timed(
            lambda: [yaml.load(f.read_text("utf-8"), Loader=yaml.CSafeLoader) for f in files]
        )
        csafe.append(seconds)
        gc.collect()
        cache = ParseCache()
        seconds, kb = timed(lambda cache=cache: load_knowledge(paths, cache=cache))
        load.append(seconds)
        seconds, engine = timed(lambda kb=kb: AnswerEngine(kb))
        index.append(seconds)
        del kb
    total = [a + b for a, b in zip(load, index, strict=True)]
    result = {
        "files": len(files),
        "bytes": sum(f.stat().st_size for f in files),
        "load_s": statistics.median(load),
        "index_s": statistics.median(index),
        "load_index_s": statistics.median(total),
        "csafe_s": statistics.median(csafe),
    }
    result["load_ratio"] = result["load_s"] / result["csafe_s"]
    result["load_index_ratio"] = result["load_index_s"] / result["csafe_s"]
    assert engine is not None and cache is not None
    return result, engine, cache


def measure_reload(
    engine: AnswerEngine,
    cache: ParseCache,
    paths: list[Path],
    touched: Path,
    reps: int,
    cold: dict,
) -> tuple[dict, AnswerEngine]:
    """TradeQA.reload() after one file's content changed (warm parse cache), as a bot does.

    Returns the engine the service built last: the rest of the benchmark answers with what
    the service itself builds (a reload reuses what has not changed, which a bare
    AnswerEngine would not).
    """
    actor = Asker("cli", user_name="bench")
    original = touched.read_bytes()
    load, total = [], []
    try:
        for rep in range(reps):
            service = TradeQA(engine, None, paths, cache=cache)
            touched.write_bytes(original + f"# edited by the benchmark ({rep})\n".encode())
            gc.collect()
            seconds, report = timed(lambda service=service: asyncio.run(service.reload(actor)))
            assert report.ok, report.summary()
            total.append(seconds)
            engine = service.engine
            # The loader's share: another edit, load_knowledge alone.
            touched.write_bytes(original + f"# edited again ({rep})\n".encode())
            seconds, _ = timed(lambda: load_knowledge(paths, cache=cache))
            load.append(seconds)
    finally:
        touched.write_bytes(original)
    service = TradeQA(engine, None, paths, cache=cache)
    asyncio.run(service.reload(actor))  # back to the files as generated
    result = {
        "reload_load_s": statistics.median(load),
        "reload_s": statistics.median(total),
    }
    result["reload_ratio"] = result["reload_s"] / cold["load_index_s"]
    return result, service.engine


def measure_latency(
    engine: AnswerEngine, questions: list[Question], reps: int, baseline_questions: int
) -> dict:
    """AnswerEngine.answer per question, beside plain rapidfuzz over every example question."""
    from rapidfuzz import fuzz, process, utils

    texts = [q.text for q in questions]
    for text in texts:  # warm-up: first calls pay for lazy set-up
        engine.answer(text)
    ours = [[] for _ in texts]
    for _ in range(reps):
        for i, text in enumerate(texts):
            started = time.perf_counter_ns()
            engine.answer(text)
            ours[i].append(time.perf_counter_ns() - started)
    ours_ms = [statistics.median(t) / 1e6 for t in ours]

    # The baseline costs the same for any question (it scans every example), so an evenly
    # spread sample of the questions, once each, gives its median at a fraction of the time.
    choices = [q for fact in engine.kb.facts.values() for q in fact.questions]
    count = min(len(texts), baseline_questions)
    sample = [texts[i * len(texts) // count] for i in range(count)]
    base_ms = []
    for text in sample:
        started = time.perf_counter_ns()
        process.extractOne(
            text, choices, scorer=fuzz.token_set_ratio, processor=utils.default_process
        )
        base_ms.append((time.perf_counter_ns() - started) / 1e6)

    result = {
        "questions": len(texts),
        "examples": len(choices),
        "ours_median_ms": statistics.median(ours_ms),
        "ours_p99_ms": percentile(ours_ms, 0.99),
        "ours_max_ms": max(ours_ms),
        "base_questions": len(base_ms),
        "base_median_ms": statistics.median(base_ms),
        "base_p99_ms": percentile(base_ms, 0.99),
    }
    result["speedup"] = result["base_median_ms"] / result["ours_median_ms"]
    slowest = sorted(range(len(texts)), key=lambda i: ours_ms[i], reverse=True)[:5]
    result["slowest"] = [[texts[i], round(ours_ms[i], 2)] for i in slowest]
    result.update(answer_quality(engine, questions))
    return result


def answer_quality(engine: AnswerEngine, questions: list[Question]) -> dict:
    """How often made-up questions get the right fact (information, not a target)."""
    right = {"hit": 0, "variant": 0, "typo": 0}
    asked = dict.fromkeys(right, 0)
    misses = answered_misses = 0
    for question in questions:
        answer = engine.answer(question.text)
        if question.kind in right:
            asked[question.kind] += 1
            # Several synthetic facts can share an example question: any of them is right.
            right[question.kind] += bool(answer.fact and question.origin in answer.fact.questions)
        elif question.kind == "miss":
            misses += 1
            answered_misses += answer.answered
    shares = {f"right_{k}": right[k] / asked[k] if asked[k] else None for k in right}
    shares["answered_miss"] = answered_misses / misses if misses else None
    return shares


# Scores this close to the threshold may cross it as the knowledge base grows (see
# tests/test_engine_scale.py); answers decided by a clear margin must not change.
BORDERLINE = 0.1


def measure_eval(engine: AnswerEngine, real_paths: list[Path]) -> dict:
    """The evaluation set on the real knowledge base alone, then beside N synthetic facts."""
    real = evaluate(AnswerEngine(load_knowledge(real_paths)))
    threshold = engine.matcher.settings.threshold
    scaled = evaluate(engine, [r.case for r in real.results])
    changed = []
    for before, after in zip(real.results, scaled.results, strict=True):
        if (before.outcome, before.fact_id) != (after.outcome, after.fact_id):
            changed.append(
                {
                    "question": before.case.question,
                    "category": before.case.category,
                    "expected": before.case.expect,
                    "real": _got(before),
                    "scaled": _got(after),
                    "was_right": before.correct,
                    "is_right": after.correct,
                    "score": round(after.score, 3),
                    "borderline": abs(before.score - threshold) <= BORDERLINE,
                }
            )
    return {
        "eval_real": _targets(real),
        "eval_scaled": _targets(scaled),
        # As tests/test_engine_scale.py: no answer decided by a clear margin is lost.
        "eval_same": not any(
            c["was_right"] and not c["is_right"] and not c["borderline"] for c in changed
        ),
        "eval_changed": changed,
    }


def _got(result) -> str:
    return result.fact_id if result.outcome == "answered" else result.outcome


def _targets(report: EvalReport) -> list[list]:
    return [[t.label, t.correct, t.total, t.met] for t in report.targets]


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


def child_measure(args: argparse.Namespace) -> dict:
    out, size = args.out, args.size
    paths = knowledge_paths(out, size)
    touched = out / f"synth-{size}" / "facts-0001.yaml"
    result: dict = {"size": size}

    log(f"[{size:,}] cold load")
    loading, engine, cache = measure_loading(paths, args.reps)
    result.update(loading)
    result["facts"] = len(engine.kb.facts)

    log(f"[{size:,}] reload after one file changed")
    reload, engine = measure_reload(engine, cache, paths, touched, args.reps, loading)
    result.update(reload)

    questions = _common.question_set(engine.kb, args.questions)
    log(f"[{size:,}] latency: {len(questions)} questions x {args.reps}, and the baseline")
    result.update(measure_latency(engine, questions, args.reps, args.baseline_questions))

    log(f"[{size:,}] evaluation set")
    result.update(measure_eval(engine, paths[:1]))

    # Thousands of different questions: the stall stream asks them in order; the logging
    # rows ask them by popularity as well (popular_stream).
    texts = [q.text for q in _common.question_set(engine.kb, STREAM_QUESTIONS, seed=12)]
    log_reps = 1 if args.quick else args.reps
    with tempfile.TemporaryDirectory(prefix="tradeqa-bench-") as folder:
        log(f"[{size:,}] event-loop stalls")
        result.update(
            asyncio.run(
                measure_stalls(
                    engine, paths, cache, touched, texts, Path(folder) / "stall.db", args.seconds
                )
            )
        )
        log(f"[{size:,}] logging throughput")
        result.update(
            asyncio.run(
                measure_logging(engine, paths, cache, texts, Path(folder), args.seconds, log_reps)
            )
        )
    return result


def child_rss(args: argparse.Namespace) -> dict:
    """Peak memory of what the bot does: load, index, answer, reload. Nothing else runs here."""
    paths = knowledge_paths(args.out, args.size)
    cache = ParseCache()
    kb = load_knowledge(paths, cache=cache)
    after_load = _status("VmRSS")
    engine = AnswerEngine(kb)
    del kb
    after_index = _status("VmRSS")
    questions = [q.text for q in _common.question_set(engine.kb, args.questions)]
    for question in questions:
        engine.answer(question)
    peak = _status("VmHWM")

    # A running bot reloads: the old engine answers until the new one is swapped in.
    touched = args.out / f"synth-{args.size}" / "facts-0001.yaml"
    original = touched.read_bytes()
    service = TradeQA(engine, None, paths, cache=cache)
    del engine
    try:
        touched.write_bytes(original + b"# edited by the benchmark (memory)\n")
        asyncio.run(service.reload(Asker("cli", user_name="bench")))
    finally:
        touched.write_bytes(original)
    for question in questions:
        service.engine.answer(question)
    return {
        "rss_load_mb": after_load,
        "rss_index_mb": after_index,
        "rss_peak_mb": peak,
        "rss_reload_peak_mb": _status("VmHWM"),
        "rss_after_reload_mb": _status("VmRSS"),
    }


def _status(field: str) -> float:
    """A memory figure of this process from /proc, in MB (0 where /proc is missing)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    if field == "VmHWM":
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return 0.0


def child_profile(args: argparse.Namespace) -> dict:
    """cProfile of cold load, index build and answering: the top functions of each."""
    paths = knowledge_paths(args.out, args.size)
    report = {}
    profiler = cProfile.Profile()
    kb = profiler.runcall(load_knowledge, paths)
    report["load_knowledge"] = _top(profiler)
    profiler = cProfile.Profile()
    engine = profiler.runcall(AnswerEngine, kb)
    report["AnswerEngine (index)"] = _top(profiler)
    questions = [q.text for q in _common.question_set(engine.kb, args.questions)]
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [engine.answer(q) for q in questions])
    report[f"answer x {len(questions)}"] = _top(profiler)
    return {"profile": report}


def _top(profiler: cProfile.Profile, count: int = 18) -> str:
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("tottime").print_stats(count)
    return stream.getvalue()


# =============================================================================================
# parent: prepare, run the children, print the table
# =============================================================================================


class ChildFailed(Exception):
    pass


def run_child(mode: str, size: int, args: argparse.Namespace) -> dict:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        mode,
        "--size",
        str(size),
        "--out",
        str(args.out),
        "--reps",
        str(args.reps),
        "--questions",
        str(args.questions),
        "--seconds",
        str(args.seconds),
        "--baseline-questions",
        str(args.baseline_questions),
        *(["--quick"] if args.quick else []),
    ]
    completed = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    if completed.returncode != 0:
        raise ChildFailed(f"the {mode} child for {size:,} facts failed ({completed.returncode})")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _versions() -> str:
    from importlib.metadata import version

    import yaml

    libyaml = "libyaml" if getattr(yaml, "__with_libyaml__", False) else "no libyaml"
    parts = [
        f"Python {platform.python_version()}",
        f"{os.cpu_count()} cores",
        *(f"{name} {version(name)}" for name in ("rapidfuzz", "PyYAML", "pydantic")),
        libyaml,
    ]
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=_common.BENCH_DIR,
            check=True,
        ).stdout.strip()
        parts.append(f"commit {commit}")
    return ", ".join(parts)


# --- the table -------------------------------------------------------------------------------


def _ms(value: float) -> str:
    return f"{value:.2f} ms" if value < 100 else f"{value:,.0f} ms"


def _s(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _x(value: float) -> str:
    return f"{value:.2f}x" if value < 10 else f"{value:.0f}x"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _rate(value: float) -> str:
    return f"{value:,.0f}/s"


def _eval(targets: list[list]) -> str:
    return " ".join(f"{correct}/{total}" for _label, correct, total, _met in targets)


# (label, value of a size's results as text, target: (test, wording) or None)
Row = tuple[str, Callable[[dict], str], tuple[Callable[[dict], bool], str] | None]

ROWS: list[Row | str] = [
    "knowledge base",
    ("facts (synthetic + bundled)", lambda r: f"{r['facts']:,}", None),
    ("YAML files / MiB", lambda r: f"{r['files']} / {r['bytes'] / 2**20:.1f}", None),
    ("example questions", lambda r: f"{r['examples']:,}", None),
    "matcher, per question",
    ("questions asked (x reps)", lambda r: f"{r['questions']}", None),
    ("AnswerEngine.answer median", lambda r: _ms(r["ours_median_ms"]), None),
    (
        "AnswerEngine.answer p99",
        lambda r: _ms(r["ours_p99_ms"]),
        (lambda r: r["ours_p99_ms"] <= ANSWER_P99_MAX_MS, f"<= {ANSWER_P99_MAX_MS:.0f} ms"),
    ),
    ("baseline questions (once each)", lambda r: f"{r['base_questions']}", None),
    ("baseline extractOne median", lambda r: _ms(r["base_median_ms"]), None),
    ("baseline extractOne p99", lambda r: _ms(r["base_p99_ms"]), None),
    (
        "speed-up (baseline / ours, medians)",
        lambda r: _x(r["speedup"]),
        (lambda r: r["speedup"] >= SPEEDUP_MIN, f">= {SPEEDUP_MIN:.0f}x"),
    ),
    ("right fact: hit / reworded / typo", lambda r: _trio(r), None),
    ("near misses answered anyway", lambda r: _pct(r["answered_miss"]), None),
    "loading",
    ("cold load_knowledge", lambda r: _s(r["load_s"]), None),
    ("  + AnswerEngine index", lambda r: _s(r["index_s"]), None),
    ("yaml.load CSafeLoader, same files", lambda r: _s(r["csafe_s"]), None),
    (
        "load_knowledge / CSafeLoader",
        lambda r: _x(r["load_ratio"]),
        (lambda r: r["load_ratio"] <= LOAD_RATIO_MAX, f"<= {LOAD_RATIO_MAX}x"),
    ),
    ("(load + index) / CSafeLoader", lambda r: _x(r["load_index_ratio"]), None),
    ("reload, 1 file changed: load_knowledge", lambda r: _s(r["reload_load_s"]), None),
    ("reload, 1 file changed: TradeQA.reload", lambda r: _s(r["reload_s"]), None),
    (
        "TradeQA.reload / cold (load + index)",
        lambda r: _pct(r["reload_ratio"]),
        (lambda r: r["reload_ratio"] <= RELOAD_RATIO_MAX, f"<= {RELOAD_RATIO_MAX:.0%}"),
    ),
    "memory (a fresh process: load, index, answer, then reload)",
    ("RSS after load", lambda r: f"{r['rss_load_mb']:,.0f} MB", None),
    ("RSS after index", lambda r: f"{r['rss_index_mb']:,.0f} MB", None),
    (
        "peak RSS, load + index + answer",
        lambda r: f"{r['rss_peak_mb']:,.0f} MB",
        (lambda r: r["rss_peak_mb"] <= RSS_MAX_MB, f"<= {RSS_MAX_MB:.0f} MB"),
    ),
    (
        "peak RSS, then one TradeQA.reload",
        lambda r: f"{r['rss_reload_peak_mb']:,.0f} MB",
        (lambda r: r["rss_reload_peak_mb"] <= RSS_MAX_MB, f"<= {RSS_MAX_MB:.0f} MB"),
    ),
    ("RSS after the reload", lambda r: f"{r['rss_after_reload_mb']:,.0f} MB", None),
    "evaluation set (answerable offtopic neardomain greeting)",
    ("bundled knowledge base alone", lambda r: _eval(r["eval_real"]), None),
    (
        "beside the synthetic facts",
        lambda r: _eval(r["eval_scaled"]),
        (lambda r: r["eval_same"], "no clear answer lost"),
    ),
    ("questions whose answer changed", lambda r: str(len(r["eval_changed"])), None),
    "event loop (1 ms ticker; a stream of TradeQA.ask)",
    ("longest stall, nothing running (baseline)", lambda r: _ms(r["stall_idle_ms"]), None),
    (
        "longest stall while answering",
        lambda r: _ms(r["stall_answering_ms"]),
        (lambda r: r["stall_answering_ms"] <= STALL_MAX_MS, f"<= {STALL_MAX_MS:.0f} ms"),
    ),
    (
        "longest stall during TradeQA.reload",
        lambda r: _ms(r["stall_reload_ms"]),
        (lambda r: r["stall_reload_ms"] <= STALL_MAX_MS, f"<= {STALL_MAX_MS:.0f} ms"),
    ),
    ("reload time / answers meanwhile", lambda r: _during(r), None),
    ("longest GC pause: answering / reload", lambda r: _gc(r), None),
    "query log (TradeQA.ask: answer, commit, reply)",
    *(
        (
            f"logged questions, {c} asker{'s' if c > 1 else ''} (popular recur)",
            (lambda r, c=c: _rate(r[f"logged_{c}"])),
            None,
        )
        for c in CONCURRENCY
    ),
    (
        "logged questions, 100, every one new",
        lambda r: _rate(r["logged_new_100"]),
        (lambda r: r["logged_new_100"] >= LOGGED_MIN, f">= {LOGGED_MIN:,.0f}/s"),
    ),
    ("logging alone, 100 (QueryLog.record)", lambda r: _rate(r["log_only"]), None),
]


def _trio(r: dict) -> str:
    return " / ".join(_pct(r[f"right_{k}"]) for k in ("hit", "variant", "typo"))


def _gc(r: dict) -> str:
    return f"{_ms(r['gc_answering_ms'])} / {_ms(r['gc_reload_ms'])}"


def _during(r: dict) -> str:
    return f"{_s(r['reload_in_service_s'])} / {r['answers_during_reload']:,}"


def table(results: list[dict], header: str) -> str:
    columns = [_size_label(r["size"]) for r in results]
    rows = [["synthetic facts", *columns, "target"]]
    for row in ROWS:
        if isinstance(row, str):
            rows += [[], [row]]  # a blank line, then the section's title
            continue
        label, show, target = row
        cells = []
        for result in results:
            mark = "" if target is None else " ok" if target[0](result) else " MISS"
            cells.append(show(result) + mark)
        rows.append([label, *cells, target[1] if target else ""])
    full = [row for row in rows if len(row) > 1]
    widths = [max(len(row[i]) for row in full) for i in range(len(columns) + 2)]

    def render(row: list[str]) -> str:
        if len(row) < 2:
            return "".join(row)
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(widths[i + 1]) for i, cell in enumerate(row[1:-1])]
        return "  ".join([*cells, row[-1]]).rstrip()

    lines = [render(rows[0])]
    lines.append("-" * len(lines[0]))
    lines += [render(row) for row in rows[1:]]
    return header + "\n\n" + "\n".join(lines)


def _size_label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else f"{size:,}"


def verdicts(results: list[dict]) -> list[str]:
    """Each target at the largest size measured, ok or MISS."""
    largest = max(results, key=lambda r: r["size"])
    lines = [f"targets at {largest['facts']:,} facts:"]
    for row in ROWS:
        if isinstance(row, str) or row[2] is None:
            continue
        label, show, (test, wording) = row
        mark = "ok  " if test(largest) else "MISS"
        lines.append(f"  {mark} {label.strip()}: {show(largest)} (target {wording})")
    changed = largest["eval_changed"]
    if changed:
        lines.append(f"evaluation questions answered differently at {largest['facts']:,} facts:")
        for c in changed:
            verdict = {(True, False): "now WRONG", (False, True): "now right"}.get(
                (c["was_right"], c["is_right"]), "still " + ("right" if c["is_right"] else "wrong")
            )
            lines.append(
                f"  [{c['category']}] {c['question']!r}: {c['real']} -> {c['scaled']} "
                f"(score {c['score']}; {verdict})"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k facts, shorter runs")
    parser.add_argument("--sizes", help="comma-separated numbers of synthetic facts")
    parser.add_argument("--reps", type=int, help="repetitions of each timing (default 3)")
    parser.add_argument("--questions", type=int, default=200, help="made-up questions")
    parser.add_argument(
        "--baseline-questions", type=int, help="questions the baseline is timed on (100)"
    )
    parser.add_argument("--seconds", type=float, help="length of each throughput/stall run")
    parser.add_argument("--out", type=Path, default=_common.DEFAULT_OUT, help="work folder")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--profile", action="store_true", help="cProfile instead of the table")
    parser.add_argument("--child", choices=["measure", "rss", "profile"], help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.reps = args.reps or (2 if args.quick else 3)
    args.seconds = args.seconds or (0.5 if args.quick else 1.5)
    args.baseline_questions = args.baseline_questions or (40 if args.quick else 100)
    args.out = args.out.resolve()

    if args.child:
        run = {"measure": child_measure, "rss": child_rss, "profile": child_profile}[args.child]
        print(json.dumps(run(args)))
        return 0

    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else None
    sizes = sizes or list(QUICK_SIZES if args.quick else SIZES)
    args.out.mkdir(parents=True, exist_ok=True)
    _common.real_copy(args.out)
    started = time.perf_counter()
    results = []
    for size in sizes:
        _common.synthetic(args.out, size)
        if args.profile:
            for phase, text in run_child("profile", size, args)["profile"].items():
                print(f"=== {phase}, {size:,} synthetic facts ===\n{text}")
            continue
        log(f"[{size:,}] peak memory")
        try:
            result = run_child("rss", size, args)
            result.update(run_child("measure", size, args))
        except ChildFailed as exc:
            failed = str(exc)
            break
        results.append(result)
    else:
        failed = ""
    if args.profile:
        return 0
    if not results:
        print(failed, file=sys.stderr)
        return 1

    header = (
        f"tradeqa benchmark: {_versions()}\n"
        f"times are medians of {args.reps} repetitions; throughput and stall runs "
        f"{args.seconds:g} s each; {time.perf_counter() - started:.0f} s in all"
    )
    print(table(results, header))
    print()
    print("\n".join(verdicts(results)))
    if args.json:
        args.json.write_text(json.dumps({"header": header, "results": results}, indent=2) + "\n")
    if failed:
        print(f"stopped early: {failed}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
