"""Write a synthetic knowledge base of N facts for the benchmarks.

    python benchmarks/synth.py N OUTDIR [--seed 7]

OUTDIR gets `facts-0001.yaml`, ... (1,000 facts a file), `sources.yaml` (one source, an
invented news article, per 25 facts), `vocabulary.yaml` (the invented entities and a few
synonym groups) and `documents/` (each article's text, holding every excerpt and quote word
for word), all in the real schema: `tradeqa kb check OUTDIR` accepts it.

The facts read like trade-policy news: tariffs, export controls, quotas, sanctions and
subsidies on steel, soybeans, rare earths or semiconductors, between invented countries,
companies, ministries and people ("Korvane Systems", "Talvio Renk", "the Republic of
Ostravel"), with chat-style example questions, keywords, aliases, and dates, figures and
quotes where the kind needs them. Every invented name is kept away from the bundled knowledge
base and its evaluation questions (no shared word, and no word a typo away from one of
theirs), so these facts can never rightly answer an evaluation question: what the benchmark
checks is that sheer size does not steal answers. Output is deterministic for a given N,
seed and bundled knowledge base.

This module writes the files; synth_words holds the word bank, synth_world invents the
countries, companies and people, synth_facts, synth_trade_facts and synth_story_facts draft
the facts.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from synth_facts import Draft
from synth_story_facts import StoryFacts
from synth_trade_facts import TradeFacts
from synth_words import SYNONYMS
from synth_world import Entity, NameMaker, World, bank_words, make_world, protected_words, slug

DEFAULT_SEED = 7
FACTS_PER_FILE = 1000
FACTS_PER_SOURCE = 25
SCHEMA_HINT = "# yaml-language-server: $schema=../../knowledge/schema/knowledge.schema.json\n"


class FactMaker(TradeFacts, StoryFacts):
    """Drafts facts of every kind, each as often as its weight."""

    def __init__(self, rng: random.Random, world: World):
        super().__init__(rng, world)
        self.templates: list[tuple[int, Callable[[], Draft]]] = [
            (5, self.policy),
            (3, self.rate),
            (2, self.trade_value),
            (2, self.volume_cap),
            (3, self.takes_effect),
            (3, self.quote),
            (2, self.meeting),
            (1, self.actor),
            (2, self.background),
            (1, self.product),
            (2, self.listing),
        ]
        self._weights = [w for w, _ in self.templates]

    def draft(self) -> Draft:
        make = self.rng.choices([t for _, t in self.templates], self._weights)[0]
        return make()


# --- writing YAML ----------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z\u201c][^\n:#\"{}\[\]&*!|>%@`]*[^\s:]|[A-Za-z]")
_YAML_WORDS = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}


def scalar(text: str) -> str:
    """A YAML scalar for `text`: plain when that reads back as the same text, else quoted."""
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _fact_yaml(fact_id: str, draft: Draft, source_id: str) -> str:
    out = [
        f"  - id: {fact_id}",
        f"    title: {scalar(draft.title)}",
        f"    answer: {scalar(draft.answer)}",
        f"    kind: {draft.kind}",
    ]
    if draft.dates:
        out.append("    dates:")
        for date in draft.dates:
            out.append(f"      - as_written: {scalar(date['as_written'])}")
            if "iso" in date:
                out.append(f"        iso: '{date['iso']}'")
            if "quarter" in date:
                out.append(f"        quarter: {date['quarter']}")
    if draft.figures:
        out.append("    figures:")
        for figure in draft.figures:
            out.append(f"      - as_written: {scalar(figure['as_written'])}")
            out.append(f"        amount: {figure['amount']!r}")
            out.append(f"        unit: {figure['unit']}")
            out.append(f"        measures: {scalar(figure['measures'])}")
    if draft.quote:
        out.append("    quote:")
        out.append(f"      speaker: {scalar(draft.quote['speaker'])}")
        out.append(f"      words: {scalar(draft.quote['words'])}")
    for section, items in (
        ("questions", draft.questions),
        ("keywords", draft.keywords),
        ("aliases", draft.aliases),
        ("entities", [e.id for e in draft.entities]),
    ):
        out.append(f"    {section}:")
        out.extend(f"      - {scalar(item)}" for item in items)
    out.append("    sources:")
    out.append(f"      - source: {source_id}")
    out.append(f"        excerpt: {scalar(draft.excerpt)}")
    return "\n".join(out) + "\n"


def _entity_yaml(entity: Entity) -> str:
    out = [
        f"  - id: {entity.id}",
        f"    name: {scalar(entity.name)}",
        f"    kind: {entity.kind}",
    ]
    aliases = [a for a in dict.fromkeys(entity.aliases) if a.lower() != entity.name.lower()]
    if aliases:
        quoted = ", ".join(json.dumps(alias, ensure_ascii=False) for alias in aliases)
        out.append(f"    aliases: [{quoted}]")
    if entity.part_of:
        out.append(f"    part_of: [{', '.join(entity.part_of)}]")
    return "\n".join(out) + "\n"


# --- the whole knowledge base ----------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    facts: int
    fact_files: int
    sources: int
    entities: int
    bytes: int
    seconds: float


def generate(n: int, outdir: Path, seed: int = DEFAULT_SEED) -> Summary:
    """Write N synthetic facts (and their sources, documents and vocabulary) into `outdir`.

    Anything synth.py wrote there before is replaced.
    """
    started = time.perf_counter()
    outdir = Path(outdir)
    _clear(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    names = NameMaker(rng, [*protected_words(), *bank_words()])
    world = make_world(n, rng, names)
    maker = FactMaker(rng, world)

    total_bytes = 0
    sources: list[str] = []
    file_count = (n + FACTS_PER_FILE - 1) // FACTS_PER_FILE
    for file_number in range(1, file_count + 1):
        stem = f"facts-{file_number:04d}"
        first = (file_number - 1) * FACTS_PER_FILE
        count = min(FACTS_PER_FILE, n - first)
        parts = [
            SCHEMA_HINT,
            f"# Synthetic trade-policy facts {first + 1}-{first + count} "
            "(benchmarks/synth.py; invented names).\n\nfacts:\n",
        ]
        documents_dir = outdir / "documents" / stem
        documents_dir.mkdir(parents=True, exist_ok=True)
        for start in range(0, count, FACTS_PER_SOURCE):
            source_id = f"wire-{len(sources) + 1:06d}"
            drafts = [maker.draft() for _ in range(min(FACTS_PER_SOURCE, count - start))]
            for offset, draft in enumerate(drafts):
                number = first + start + offset + 1
                fact_id = f"{draft.kind}-{slug(draft.entities[0].name)[:30]}-{number:06d}"
                parts.append(_fact_yaml(fact_id, draft, source_id))
            document = f"documents/{stem}/{source_id}.txt"
            text = _document_text(drafts)
            (outdir / document).write_text(text, encoding="utf-8")
            sources.append(_source_yaml(source_id, drafts[0], document, rng, world))
        data = "\n".join(parts[:2]) + "".join(parts[2:])
        (outdir / f"{stem}.yaml").write_text(data, encoding="utf-8")
        total_bytes += len(data.encode())

    sources_text = SCHEMA_HINT + "\nsources:\n" + "".join(sources)
    (outdir / "sources.yaml").write_text(sources_text, encoding="utf-8")
    entities = world.all()
    vocabulary = [
        SCHEMA_HINT,
        "\nentities:\n",
        *(_entity_yaml(e) for e in entities),
        "\nsynonyms:\n",
        *(f"  - terms: [{', '.join(terms)}]\n" for terms in SYNONYMS),
    ]
    vocabulary_text = "".join(vocabulary)
    (outdir / "vocabulary.yaml").write_text(vocabulary_text, encoding="utf-8")
    total_bytes += len(sources_text.encode()) + len(vocabulary_text.encode())
    return Summary(
        facts=n,
        fact_files=file_count,
        sources=len(sources),
        entities=len(entities),
        bytes=total_bytes,
        seconds=time.perf_counter() - started,
    )


def _clear(outdir: Path) -> None:
    """Remove what an earlier run wrote (and only that), so no stale file is loaded."""
    if not outdir.exists():
        return
    for path in outdir.glob("facts-*.yaml"):
        path.unlink()
    for name in ("sources.yaml", "vocabulary.yaml"):
        (outdir / name).unlink(missing_ok=True)
    shutil.rmtree(outdir / "documents", ignore_errors=True)


def _document_text(drafts: list[Draft]) -> str:
    """An invented article: every fact's answer as a paragraph (so each excerpt is in it)."""
    paragraphs = [drafts[0].title, ""]
    for draft in drafts:
        paragraphs.append(draft.answer)
        paragraphs.append("")
    return "\n".join(paragraphs)


def _source_yaml(
    source_id: str, lead: Draft, document: str, rng: random.Random, world: World
) -> str:
    publisher = rng.choice(world.publishers)
    year, month, day = rng.randint(2016, 2027), rng.randint(1, 12), rng.randint(1, 28)
    return (
        f"  - id: {source_id}\n"
        f"    headline: {scalar(lead.title)}\n"
        f"    publisher: {scalar(publisher)}\n"
        f"    published: '{year}-{month:02d}-{day:02d}'\n"
        f"    url: https://{slug(publisher)}.example/{year}/{source_id}\n"
        f"    document: {document}\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of facts")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    summary = generate(args.n, args.outdir, args.seed)
    print(
        f"wrote {summary.facts:,} facts in {summary.fact_files} file(s), {summary.sources:,} "
        f"sources, {summary.entities:,} entities ({summary.bytes / 2**20:.1f} MiB of YAML) "
        f"to {args.outdir} in {summary.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
