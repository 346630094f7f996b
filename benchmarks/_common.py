"""What the benchmark's processes share: the knowledge bases on disk and the question set.

The parent process prepares the files (a copy of the bundled knowledge base, and synthetic
facts generated once per size and kept until synth.py or the seed changes); each measuring
child process rebuilds the same question set from the same seed.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import synth  # benchmarks/ is on sys.path when a script there runs
import synth_words

from knowledge.base import KnowledgeBase
from knowledge.paths import BUNDLED_DIR

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_OUT = BENCH_DIR / "out"
SYNTHETIC_SOURCE_PREFIX = "wire-"


# --- measuring -------------------------------------------------------------------------------


_STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"{time.perf_counter() - _STARTED:6.1f}s {message}", file=sys.stderr, flush=True)


def timed(function: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


# --- knowledge bases on disk -----------------------------------------------------------------


def real_copy(out: Path) -> Path:
    """A fresh copy of the bundled knowledge base (facts/, its sources/ inside)."""
    target = out / "real"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(BUNDLED_DIR, target / "facts")
    return target / "facts"


def synthetic(out: Path, n: int, seed: int = synth.DEFAULT_SEED) -> Path:
    """OUT/synth-N, generated unless an up-to-date copy is there already."""
    folder = out / f"synth-{n}"
    stamp = folder / ".stamp.json"
    wanted = {"n": n, "seed": seed, "synth": _fingerprint()}
    if stamp.exists() and json.loads(stamp.read_text()) == wanted:
        return folder
    summary = synth.generate(n, folder, seed)
    print(
        f"generated {n:,} synthetic facts in {summary.seconds:.1f} s -> {folder}",
        file=sys.stderr,
        flush=True,
    )
    stamp.write_text(json.dumps(wanted))
    return folder


def _fingerprint() -> str:
    """synth.py and its modules, and the bundled files its names avoid: a change to either
    regenerates."""
    digest = hashlib.sha256()
    for path in sorted(BENCH_DIR.glob("synth*.py")):
        digest.update(path.read_bytes())
    for path in sorted(BUNDLED_DIR.rglob("*.y*ml")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def is_synthetic(fact) -> bool:
    return fact.sources[0].source.startswith(SYNTHETIC_SOURCE_PREFIX)


# --- the question set ------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    text: str
    kind: str  # hit | variant | typo | miss | eval
    # For hit/variant/typo: the example question it was made from (a fact holding it is right).
    origin: str | None = None


def question_set(kb: KnowledgeBase, count: int, seed: int = 11) -> list[Question]:
    """`count` questions made from the synthetic facts, then every evaluation question.

    Of the made ones: 40% example questions as written (hits), 20% reworded (a word dropped
    or two swapped, punctuation and case changed), 20% with a typo, and 20% near misses about
    invented names that no fact mentions.
    """
    rng = random.Random(seed)
    facts = [fact for fact in kb.facts.values() if is_synthetic(fact)]
    made: list[Question] = []
    if facts:
        kinds = ["hit"] * 8 + ["variant"] * 4 + ["typo"] * 4 + ["miss"] * 4
        known = {w for fact in facts for q in fact.questions for w in q.split()}
        for number in range(count):
            kind = kinds[number % len(kinds)]
            if kind == "miss":
                made.append(Question(_miss(rng, known), "miss"))
                continue
            origin = rng.choice(rng.choice(facts).questions)
            text = {"hit": _as_is, "variant": _reworded, "typo": _typo}[kind](rng, origin)
            made.append(Question(text, kind, origin))
    made.extend(Question(case.question, "eval") for case in kb.tests)
    return made


def _as_is(rng: random.Random, question: str) -> str:
    return question


def _reworded(rng: random.Random, question: str) -> str:
    words = question.rstrip("?").split()
    if len(words) >= 4 and rng.random() < 0.5:
        del words[rng.randrange(1, len(words))]
    elif len(words) >= 3:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    text = " ".join(words)
    text = text[:1].upper() + text[1:] if rng.random() < 0.5 else text
    return text + rng.choice(["?", "??", "", " pls"])


def _typo(rng: random.Random, question: str) -> str:
    words = question.split()
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return question
    i = rng.choice(long)
    word = words[i]
    j = rng.randrange(1, len(word) - 1)
    slip = rng.choice(["swap", "drop", "double"])
    if slip == "swap":
        word = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    elif slip == "drop":
        word = word[:j] + word[j + 1 :]
    else:
        word = word[:j] + word[j] + word[j:]
    words[i] = word
    return " ".join(words)


_MISSES = [
    "what tariffs did {x} put on {good}?",
    "does {x} need a licence to sell {good} to {y}?",
    "who is {x} {y}?",
    "{x} {good} quota?",
    "when do {x}'s new export controls start",
    "what did {x} say about {good}?",
    "how much {good} does {x} buy from {y}",
    "is {x} on the export control list?",
]


def _miss(rng: random.Random, known: set[str]) -> str:
    """A trade question about invented names the knowledge base has never seen."""

    def unseen() -> str:
        while True:
            word = "".join(
                rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3)
            ) + rng.choice(["", "n", "r", "l"])
            if word not in known:
                return word

    template = rng.choice(_MISSES)
    return template.format(x=unseen(), y=unseen(), good=rng.choice(synth_words.GOODS))
