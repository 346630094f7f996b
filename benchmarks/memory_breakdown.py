"""Where the memory of a loaded knowledge base goes, at N synthetic facts.

    python benchmarks/memory_breakdown.py --size 100000

Loads and indexes N synthetic facts beside the bundled knowledge base as the bot does, prints
the process's RSS after each step, then the bytes each structure holds (each object counted
once, in the first structure that reaches it: the facts before the index that points at
them), and the RSS while a reload builds a new engine beside the old one. Slow at 100k
facts (it walks millions of objects); benchmarks/bench.py's memory rows are the figures.
"""

from __future__ import annotations

import argparse
import gc
import sys
import types
from pathlib import Path

import _common
from bench import _status, knowledge_paths, reload_after_one_edit

from knowledge.engine import AnswerEngine
from knowledge.loader import ParseCache, load_knowledge
from tradeqa.service import TradeQA

_NOT_DATA = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType)


class Walker:
    """Sizes of object graphs, each object counted once across every call."""

    def __init__(self) -> None:
        self.seen: set[int] = set()

    def size(self, *roots: object) -> tuple[int, dict[str, int]]:
        total, by_type, todo = 0, {}, list(roots)
        while todo:
            obj = todo.pop()
            if id(obj) in self.seen or isinstance(obj, _NOT_DATA):
                continue
            self.seen.add(id(obj))
            size = sys.getsizeof(obj)
            total += size
            name = type(obj).__name__
            by_type[name] = by_type.get(name, 0) + size
            todo.extend(gc.get_referents(obj))
        return total, by_type


def breakdown(engine: AnswerEngine, cache: ParseCache) -> list[tuple[str, int, dict[str, int]]]:
    kb, index = engine.kb, engine.index
    parts = {
        "facts (Fact objects)": (list(kb.facts.values()),),
        "facts by id (the mapping)": (kb.facts,),
        "sources, entities, vocabulary, tests": (
            kb.sources,
            kb.entities,
            kb.synonyms,
            kb.shorthand,
            kb.tests,
        ),
        "index entries (FactEntry)": (index.entries,),
        "index postings": (index.postings,),
        "index idf": (index.idf,),
        "spelling corrector": (index.corrector,),
        "vocabulary (index)": (index.vocabulary, index.parents),
        "parse cache (beyond the facts)": (cache,),
    }
    walker = Walker()
    return [(name, *walker.size(*roots)) for name, roots in parts.items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="synthetic facts")
    parser.add_argument("--out", type=Path, default=_common.DEFAULT_OUT, help="work folder")
    args = parser.parse_args(argv)
    _common.real_copy(args.out)
    _common.synthetic(args.out, args.size)
    paths = knowledge_paths(args.out, args.size)

    print(f"RSS at start                          {_status('VmRSS'):7.0f} MB")
    cache = ParseCache()
    kb = load_knowledge(paths, cache=cache)
    print(f"RSS after load                        {_status('VmRSS'):7.0f} MB")
    engine = AnswerEngine(kb)
    del kb
    print(f"RSS after index                       {_status('VmRSS'):7.0f} MB")
    print()
    for name, total, by_type in breakdown(engine, cache):
        top = sorted(by_type.items(), key=lambda item: -item[1])[:4]
        kinds = ", ".join(f"{kind} {size / 1e6:.1f}" for kind, size in top)
        print(f"{name:37s} {total / 1e6:7.1f} MB  ({kinds})")
    print()
    service = TradeQA(engine, None, paths, cache=cache)
    del engine  # the service holds the only reference, as in the bot
    reload_after_one_edit(service, args.out, args.size)
    print(f"peak RSS, then one reload             {_status('VmHWM'):7.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
