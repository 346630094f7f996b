"""`tradeqa logs unanswered` at scale: the bucketed grouping beside the old quadratic one.

For each size, a real query log holds that many distinct unanswered wordings (invented topics
in chat-style questions, a third of them typo'd, re-cased or re-punctuated variants of
another), each asked one to three times in the last week. Measured, medians of --reps:

- new: `LogReview.unanswered()` end to end (SQL pre-aggregation, grouping in a thread), and
  the longest event-loop stall while it runs (a 1 ms ticker);
- old: every row fetched, then `group_similar_exhaustive` (the algorithm before, which ran
  on the event loop);
- agreement: the share of wordings that land in the same group both ways.

    python benchmarks/unanswered_grouping.py                  # 10,000 distinct misses
    python benchmarks/unanswered_grouping.py --sizes 2000 10000 20000 --reps 3
    python benchmarks/unanswered_grouping.py --skip-old       # the old one takes ~20 s at 10k
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage import LogReview, QueryLog, new_query_id
from storage.grouping import group_similar_exhaustive
from storage.records import to_db_time

TARGET_SECONDS = 1.0
_ONSETS = "k v t r m s d l b z n g p f th dr br kr st vr tr".split()
_VOWELS = "a e i o u a e o a ei".split()
_CODAS = ["", "", "n", "r", "l", "s", "k", "x"]
_COMMON = "nvidia china us tariff chip export ban price market sales shares ceo deal".split()
_TEMPLATES = [
    "what is the {a} {c} in {year}?",
    "when did {a} {c} {b}?",
    "who runs {a}",
    "how much does {a} pay for {b} {c}",
    "is {a} allowed to sell {c} to {b}?",
    "why did {a} stop the {b} {c}",
    "what did {a} say about {b}",
    "does {a} make {b}",
    "{a} {b} {c} news",
    "any update on {a} and {b}?",
]


def _word(rng: random.Random) -> str:
    syllables = rng.randint(2, 3)
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                   for _ in range(syllables))  # fmt: skip


def _variant(question: str, rng: random.Random) -> str:
    """The same question typed differently: a typo, other case or punctuation, a filler."""
    words = question.rstrip("?").split()
    choice = rng.randrange(4)
    if choice == 0:
        i = rng.randrange(len(words))
        word = words[i]
        if len(word) > 3:
            j = rng.randrange(1, len(word) - 1)
            doubled = word[:j] + word[j] * 2 + word[j + 1 :]
            words[i] = word[:j] + word[j + 1 :] if rng.random() < 0.5 else doubled
    elif choice == 1:
        return question.upper() if rng.random() < 0.3 else question.capitalize()
    elif choice == 2:
        return " ".join(words) + rng.choice(["??", "!", " ?", ""])
    else:
        words.insert(rng.randrange(len(words) + 1), rng.choice(["pls", "please", "exactly", "now"]))
    return " ".join(words)  # fmt: skip


def make_misses(count: int, seed: int = 13) -> list[str]:
    """`count` distinct wordings: two thirds new questions, a third variants of earlier ones."""
    rng = random.Random(seed)
    topics = sorted({_word(rng) for _ in range(max(count // 3, 50))})
    found: dict[str, None] = {}
    bases: list[str] = []
    while len(found) < count:
        if bases and rng.random() < 1 / 3:
            question = _variant(rng.choice(bases), rng)
        else:
            fill = {
                "a": rng.choice(topics),
                "b": rng.choice(topics + _COMMON),
                "c": rng.choice(_COMMON + topics[:200]),
                "year": rng.choice(["2023", "2024", "2025"]),
            }
            question = rng.choice(_TEMPLATES).format(**fill)
            bases.append(question)
        found.setdefault(question, None)
    return list(found)


async def build_log(db: Path, wordings: list[str], seed: int = 13) -> None:
    await (await QueryLog.open(db)).close()  # the schema, as the bot creates it
    rng = random.Random(seed)
    now = datetime.now(UTC)
    rows = []
    for question in wordings:
        for _ in range(rng.randint(1, 3)):
            asked = to_db_time(now - timedelta(seconds=rng.randrange(7 * 86400)))
            rows.append((new_query_id(), asked, "slash", 1, 2, rng.randrange(500), "someone",
                         question, "unanswered", None, 30.0, "[]", 1.0, "kb"))  # fmt: skip
    with sqlite3.connect(db) as conn:
        conn.executemany(f"INSERT INTO queries VALUES ({', '.join('?' * 14)})", rows)


async def time_new(db: Path) -> tuple[float, float, list]:
    """Seconds for LogReview.unanswered(), and the longest event-loop stall meanwhile."""
    stall = 0.0
    running = True

    async def ticker() -> None:
        nonlocal stall
        last = time.perf_counter()
        while running:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            stall = max(stall, now - last)
            last = now

    tick = asyncio.create_task(ticker())
    await asyncio.sleep(0.01)
    started = time.perf_counter()
    async with await LogReview.open(db) as review:
        groups = await review.unanswered(limit=10**9)
    elapsed = time.perf_counter() - started
    running = False
    await tick
    return elapsed, stall, groups


def time_old(db: Path) -> tuple[float, list]:
    started = time.perf_counter()
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT question FROM queries WHERE outcome = 'unanswered'").fetchall()
    groups = group_similar_exhaustive(question for (question,) in rows)
    return time.perf_counter() - started, groups


def agreement(new_groups, old_groups) -> float:
    """Share of wordings whose group holds exactly the same wordings both ways."""
    new_of = {w: frozenset(w for w, _ in g.wordings) for g in new_groups for w, _ in g.wordings}
    old_of = {w: frozenset(g.wordings) for g in old_groups for w in g.wordings}
    same = sum(1 for w, members in old_of.items() if new_of.get(w) == members)
    return same / len(old_of)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--skip-old", action="store_true", help="only the new algorithm")
    args = parser.parse_args(argv)
    print(
        f"{'distinct misses':>15}  {'new (s)':>8}  {'loop stall (ms)':>15}  {'old (s)':>8}  "
        f"{'same groups':>11}  target < {TARGET_SECONDS:g} s"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            db = Path(folder) / "log.db"
            asyncio.run(build_log(db, make_misses(size)))
            new_runs = [asyncio.run(time_new(db)) for _ in range(args.reps)]
            new = statistics.median(run[0] for run in new_runs)
            stall = statistics.median(run[1] for run in new_runs) * 1000
            old_text, same_text = "-", "-"
            if not args.skip_old:
                old_runs = [time_old(db) for _ in range(args.reps)]
                old_text = f"{statistics.median(run[0] for run in old_runs):8.2f}"
                same_text = f"{agreement(new_runs[0][2], old_runs[0][1]):.1%}"
        verdict = "ok" if new < TARGET_SECONDS else "MISS"
        print(f"{size:>15,}  {new:8.2f}  {stall:15.1f}  {old_text:>8}  {same_text:>11}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
