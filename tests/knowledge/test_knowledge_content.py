"""The bundled knowledge base says only what its articles say, and its eval set is usable.

Every answer the bot gives is traced back to a verbatim passage of a stored article; these
tests are what keeps a moderator's edit (or a curator's slip) from putting words in a source's
mouth. The files are read with yaml.safe_load and validated with the schema models directly.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from knowledge.evaluation import case_class
from knowledge.paths import BUNDLED_DIR
from knowledge.schema import SCHEMA_URL_HINT, Fact, KnowledgeFile

ARTICLE_FACTS = BUNDLED_DIR / "nvidia-china-2025-07-22.yaml"
VOCABULARY = BUNDLED_DIR / "vocabulary.yaml"
EVAL = BUNDLED_DIR / "eval.yaml"
KNOWLEDGE_FILES = [ARTICLE_FACTS, VOCABULARY, EVAL]
ARTICLE_SOURCE_ID = "wtn-nvidia-china-2025-07-22"


def _load(path: Path) -> KnowledgeFile:
    try:
        return KnowledgeFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except Exception as exc:  # name the file: pydantic's message only names the field
        raise AssertionError(f"{path.name}: {exc}") from exc


LOADED = {path: _load(path) for path in KNOWLEDGE_FILES}
SOURCES = {s.id: (s, path) for path, kf in LOADED.items() for s in kf.sources}
FACTS: list[Fact] = [fact for kf in LOADED.values() for fact in kf.facts]
FACT_IDS = [fact.id for fact in FACTS]
ENTITY_IDS = {entity.id for kf in LOADED.values() for entity in kf.entities}
EVAL_CASES = [case for kf in LOADED.values() for case in kf.tests]
ARTICLE = (ARTICLE_FACTS.parent / SOURCES[ARTICLE_SOURCE_ID][0].document).read_text(
    encoding="utf-8"
)

by_fact = pytest.mark.parametrize("fact", FACTS, ids=FACT_IDS)


def _document_text(source_id: str) -> str:
    source, yaml_path = SOURCES[source_id]
    assert source.document, f"source {source_id} has no stored document to check against"
    return (yaml_path.parent / source.document).read_text(encoding="utf-8")


def _normalise(question: str) -> str:
    return re.sub(r"[\W_]+", "", question.lower())


@pytest.mark.parametrize("path", KNOWLEDGE_FILES, ids=lambda p: p.name)
def test_file_starts_with_the_schema_hint_for_editors(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"{SCHEMA_URL_HINT}../schema/knowledge.schema.json"


def test_article_source_is_described_as_the_document_shows() -> None:
    source, _ = SOURCES[ARTICLE_SOURCE_ID]
    assert source.headline == ARTICLE.splitlines()[0]
    # The article prints no publisher or date of its own: only the post it embeds is dated,
    # and the source says so rather than passing the post's date off as the article's.
    assert source.publisher is None
    assert source.published == "2025-07-22"
    assert source.date_note and "post" in source.date_note and "July 22, 2025" in source.date_note
    assert "World Today News (@WorldTodayNews) July 22, 2025" in ARTICLE


@by_fact
def test_every_citation_excerpt_is_verbatim_in_its_document(fact: Fact) -> None:
    for citation in fact.sources:
        assert citation.source in SOURCES, f"unknown source {citation.source!r}"
        assert citation.excerpt in _document_text(citation.source), citation.excerpt


QUOTED_FACTS = [fact for fact in FACTS if fact.quote is not None]


@pytest.mark.parametrize("fact", QUOTED_FACTS, ids=[fact.id for fact in QUOTED_FACTS])
def test_quote_words_are_verbatim_in_the_cited_document(fact: Fact) -> None:
    assert fact.quote is not None
    documents = [_document_text(c.source) for c in fact.sources]
    assert any(fact.quote.words in text for text in documents), fact.quote.words
    # The quote must also be inside what the citation shows, not elsewhere in the article.
    assert any(fact.quote.words in c.excerpt for c in fact.sources)


@by_fact
def test_figures_and_dates_are_written_as_in_the_document(fact: Fact) -> None:
    documents = "\n".join(_document_text(c.source) for c in fact.sources)
    for value in [*fact.figures, *fact.dates]:
        assert value.as_written in documents, value.as_written


_FIGURE = re.compile(r"^(?P<usd>\$)?(?P<number>\d+(?:\.\d+)?)\s*(?P<scale>%|trillion|billion)?$")
_SCALE = {None: 1, "%": 1, "billion": 1e9, "trillion": 1e12}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


@by_fact
def test_figure_amounts_match_their_words(fact: Fact) -> None:
    for figure in fact.figures:
        first = figure.as_written.split()[0]
        if figure.amount is None:
            # No exact number in the words ("billions"): none may be made up.
            assert not re.search(r"\d", figure.as_written), figure.as_written
            continue
        if first in _ORDINALS:  # "second visit"
            assert figure.amount == _ORDINALS[first], figure.as_written
            continue
        match = _FIGURE.match(figure.as_written)
        assert match, f"cannot read {figure.as_written!r}; extend this test's pattern"
        expected = float(match["number"]) * _SCALE[match["scale"]]
        assert figure.amount == pytest.approx(expected), figure.as_written
        expected_unit = "percent" if match["scale"] == "%" else "USD" if match["usd"] else None
        if expected_unit:
            assert figure.unit == expected_unit, figure.as_written


@by_fact
def test_dates_are_no_more_precise_than_the_words(fact: Fact) -> None:
    # "Monday" or "second quarter" must not gain a year the source does not print.
    for value in fact.dates:
        if value.iso is not None:
            year = value.iso[:4]
            assert year in value.as_written, f"{value.as_written!r} does not say {year}"


# What the article reports, each of which some fact must carry in structured form.
KEY_FIGURES = ["$4 trillion", "13%", "$2.5 billion", "$8 billion"]
KEY_DATES = [
    "July 22, 2025",
    "Monday",
    "this Wednesday",
    "April",
    "2024",
    "first quarter",
    "second quarter",
]
KEY_QUOTES = [
    "negotiating chip",
    "start deliveries soon",
    "In order for America to be the world leader, just like we want the world to be built on "
    "the American dollar, using the American dollar as a global standard, we want the American "
    "tech stack to be the global standard",
]


@pytest.mark.parametrize("figure", KEY_FIGURES)
def test_key_figure_is_carried_by_a_fact(figure: str) -> None:
    assert any(figure == f.as_written for fact in FACTS for f in fact.figures)
    assert any(figure in fact.answer for fact in FACTS)


@pytest.mark.parametrize("date", KEY_DATES)
def test_key_date_is_carried_by_a_fact(date: str) -> None:
    assert any(date in d.as_written for fact in FACTS for d in fact.dates)


@pytest.mark.parametrize("words", KEY_QUOTES, ids=lambda w: w[:30])
def test_key_quote_is_carried_by_a_fact(words: str) -> None:
    assert any(fact.quote and words in fact.quote.words for fact in FACTS)
    assert any(words in fact.answer for fact in FACTS)


def test_fact_ids_are_unique() -> None:
    duplicates = [i for i, n in Counter(FACT_IDS).items() if n > 1]
    assert not duplicates


def test_ids_are_unique_across_the_knowledge_base() -> None:
    ids = [*FACT_IDS, *ENTITY_IDS, *SOURCES]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]


@by_fact
def test_fact_entities_are_in_the_vocabulary(fact: Fact) -> None:
    assert fact.entities, "a fact with no entities cannot be found by who or what it is about"
    assert set(fact.entities) <= ENTITY_IDS, set(fact.entities) - ENTITY_IDS


@by_fact
def test_fact_has_at_least_twelve_example_questions(fact: Fact) -> None:
    # Asked in many registers (chat, shorthand, formal, long, non-native, fragments), a fact
    # needs that many examples for unseen wordings to find it.
    assert len(fact.questions) >= 12


@by_fact
def test_fact_is_expected_by_some_eval_question(fact: Fact) -> None:
    assert any(case.expect == fact.id for case in EVAL_CASES)


def test_every_eval_expectation_is_a_fact() -> None:
    unknown = [c.question for c in EVAL_CASES if c.expect and c.expect not in FACT_IDS]
    assert not unknown


def test_answerable_eval_cases_are_categorised_as_answerable() -> None:
    wrong = [
        c.question for c in EVAL_CASES if (c.expect is not None) != (case_class(c) == "answerable")
    ]
    assert not wrong


def test_eval_set_has_enough_cases_of_each_kind() -> None:
    counts = Counter(case_class(c) for c in EVAL_CASES)
    assert counts["answerable"] >= 250
    assert counts["offtopic"] >= 35
    assert counts["neardomain"] >= 60
    assert len(EVAL_CASES) >= 400


def test_the_blind_holdout_is_large_and_varied() -> None:
    holdout = [c for c in EVAL_CASES if c.split == "holdout"]
    assert len(holdout) >= 150
    assert sum(case_class(c) == "neardomain" for c in holdout) >= 40
    registers = {c.category for c in holdout if case_class(c) == "answerable"}
    assert {"chat", "shorthand", "typo", "fragment", "long", "formal", "nonnative"} <= registers


def test_eval_questions_are_not_example_questions() -> None:
    examples = {_normalise(q) for fact in FACTS for q in fact.questions}
    repeated = [c.question for c in EVAL_CASES if _normalise(c.question) in examples]
    assert not repeated


def test_eval_questions_are_not_repeated() -> None:
    counts = Counter(_normalise(c.question) for c in EVAL_CASES)
    assert not [q for q, n in counts.items() if n > 1]


def test_no_synonym_term_belongs_to_two_groups() -> None:
    # A term in two groups would make the matcher's canonical form depend on file order.
    terms = Counter(t.lower() for kf in LOADED.values() for g in kf.synonyms for t in g.terms)
    assert not [t for t, n in terms.items() if n > 1]


def test_no_alias_names_two_entities() -> None:
    names = Counter(
        name.lower()
        for kf in LOADED.values()
        for entity in kf.entities
        for name in {entity.name.lower(), *(a.lower() for a in entity.aliases)}
    )
    assert not [n for n, count in names.items() if count > 1]
