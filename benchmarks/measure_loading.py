"""Loading at scale: a cold load beside plain CSafeLoader parsing, and a one-file reload."""

from __future__ import annotations

import asyncio
import gc
import statistics
from pathlib import Path

from _common import log, timed

from knowledge.engine import AnswerEngine
from knowledge.loader import ParseCache, discover, load_knowledge
from tradeqa.service import Asker, TradeQA


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
