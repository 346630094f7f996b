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

This module runs the children and prints the table (bench_table); what is measured lives in
measure_loading, measure_answers and measure_event_loop.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import io
import json
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common
from _common import log
from bench_table import ROWS, table, verdicts  # noqa: F401  (tests read bench.ROWS)
from bench_table import versions as _versions
from measure_answers import measure_eval, measure_latency
from measure_event_loop import measure_logging, measure_stalls
from measure_loading import measure_loading, measure_reload

from knowledge.engine import AnswerEngine
from knowledge.loader import ParseCache, load_knowledge
from tradeqa.service import Asker, TradeQA

SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
STREAM_QUESTIONS = 5000

# =============================================================================================
# child: measurements for one size
# =============================================================================================


def knowledge_paths(out: Path, size: int) -> list[Path]:
    return [out / "real" / "facts", out / f"synth-{size}"]


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

    service = TradeQA(engine, None, paths, cache=cache)
    del engine  # the service holds the only reference, as in the bot
    reload_after_one_edit(service, args.out, args.size)
    for question in questions:
        service.engine.answer(question)
    return {
        "rss_load_mb": after_load,
        "rss_index_mb": after_index,
        "rss_peak_mb": peak,
        "rss_reload_peak_mb": _status("VmHWM"),
        "rss_after_reload_mb": _status("VmRSS"),
    }


def reload_after_one_edit(service: TradeQA, out: Path, size: int) -> None:
    """What a running bot does when a moderator edits one file: reload, the old engine
    answering until the new one is swapped in. The file is restored afterwards."""
    touched = out / f"synth-{size}" / "facts-0001.yaml"
    original = touched.read_bytes()
    try:
        touched.write_bytes(original + b"# edited by the benchmark\n")
        asyncio.run(service.reload(Asker("cli", user_name="bench")))
    finally:
        touched.write_bytes(original)


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
