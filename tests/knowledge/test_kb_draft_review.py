"""What `kb draft` asks the moderator to decide, and what it keeps from breaking: proposed
`supersedes` (never applied until uncommented), entities linked across articles, and the
evaluation questions older facts answer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from knowledge_helpers import knowledge_copy

from knowledge import draft_text
from knowledge.draft_questions import claim_kind
from knowledge.engine import AnswerEngine
from knowledge.evaluation import evaluate
from knowledge.loader import load_knowledge
from knowledge.text import STOPWORDS, fold, stem
from tradeqa.cli import main

# Written for these tests: a later report that updates the bundled article (H20 licences
# now issued, sales under way again) and names people in the ways news does.
UPDATE = """\
Commerce Starts Issuing H20 Licences

A US official said on Friday that the Commerce Department had begun issuing licences for \
the sale of H20 chips to China, lifting the halt on sales.

Shares of Nvidia rose 2% in pre-market trade on Monday.

He also demanded last week that Intel CEO Lip-Bu Tan resign, calling Tan “highly conflicted”.

“It’s wild,” said Geoff Gertz, a senior fellow at the Center for a New American Security.

“We follow rules the US government sets,” a Nvidia spokesperson said in a statement.
"""
SOURCE = "test-h20-licences"
HALTED = "h20-export-license-halted-sales"  # the bundled fact the update reverses


def draft(tmp_path: Path, capsys, article: str = UPDATE, source: str = SOURCE) -> Path:
    folder = knowledge_copy(tmp_path)
    path = tmp_path / "article.txt"
    path.write_text(article, encoding="utf-8")
    args = ["kb", "draft", str(path), "--knowledge", str(folder), "--id", source]
    assert main([*args, "--published", "2025-08-11"]) == 0
    capsys.readouterr()
    return folder


@pytest.fixture
def drafted(tmp_path, capsys) -> Path:
    return draft(tmp_path, capsys)


def facts_of(folder: Path, source: str = SOURCE) -> dict[str, dict]:
    data = yaml.safe_load((folder / f"{source}.yaml").read_text(encoding="utf-8"))
    return {f["sources"][0]["excerpt"][:12]: f for f in data["facts"]}


def ask(folder: Path, question: str, capsys) -> dict:
    assert main(["ask", "--no-log", "--json", "--knowledge", str(folder), question]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_reversal_is_proposed_as_a_supersedes_the_moderator_must_uncomment(drafted, capsys):
    file = drafted / f"{SOURCE}.yaml"
    text = file.read_text(encoding="utf-8")
    proposal = re.search(rf"\n(\s+)# (supersedes: \[{HALTED}\])\s+# proposed \(reversal\)", text)
    assert proposal, "the licences being issued reverse the bundled halt"
    licences = facts_of(drafted)["A US officia"]
    assert "supersedes" not in licences  # a proposal, not applied
    assert ask(drafted, "why did h20 sales stop?", capsys)["fact_id"] == HALTED

    # Kept: the comment uncommented, the newer fact answers and says what it replaces.
    file.write_text(text.replace(f"# {proposal.group(2)}", proposal.group(2), 1), encoding="utf-8")
    assert main(["kb", "check", str(drafted)]) == 0
    capsys.readouterr()
    answer = ask(drafted, "why did h20 sales stop?", capsys)
    assert answer["fact_id"] == licences["id"] and answer["replaces"] == [HALTED]
    # kb test: a question that expects the halt is answered right by its replacement, which
    # names the halt as what it replaces.
    report = evaluate(AnswerEngine(load_knowledge([drafted])))
    replaced = [r for r in report.results if r.case.expect == HALTED and r.fact_id != HALTED]
    assert replaced and all(r.correct for r in replaced if r.fact_id == licences["id"])


def test_a_new_figure_for_the_same_measure_is_proposed(tmp_path, capsys):
    article = "Nvidia Sales\n\nChina accounted for 16% of Nvidia’s sales in 2025, it said.\n"
    folder = draft(tmp_path, capsys, article, "test-china-share")
    text = (folder / "test-china-share.yaml").read_text(encoding="utf-8")
    assert "# supersedes: [china-share-of-nvidia-sales-2024]" in text
    assert "(new figure)" in text


def test_names_link_to_the_vocabulary_and_new_ones_are_proposed_apart_from_titles(drafted):
    kb = load_knowledge([drafted])
    facts = facts_of(drafted)
    licences = facts["A US officia"]
    assert {"department-of-commerce", "h20", "china"} <= set(licences["entities"])
    tan = kb.entities["lip-bu-tan"]
    assert (tan.name, tan.kind, tan.aliases) == ("Lip-Bu Tan", "person", ("Tan",))
    assert {"intel", "lip-bu-tan"} <= set(facts["He also dema"]["entities"])
    assert kb.entities["center-for-a-new-american-security"].kind == "organisation"
    # Capitalised only because they start a sentence or a quotation: no entities.
    assert not {"shares", "another-us", "a-us", "it-s", "we"} & set(kb.entities)


def test_quotes_get_their_speaker_even_short_or_said_by_a_role(drafted):
    facts = facts_of(drafted)
    assert facts["“It’s wild,”"]["quote"] == {"speaker": "Geoff Gertz", "words": "It’s wild"}
    assert facts["“We follow r"]["quote"]["speaker"] == "Nvidia spokesperson"


def test_every_example_question_carries_its_own_claims_words(drafted):
    kb = load_knowledge([drafted])
    names = {fold(n) for e in kb.entities.values() for n in (e.name, *e.aliases)}
    seen: dict[str, str] = {}
    for fact in facts_of(drafted).values():
        claim = {fold(w) for w in re.findall(r"[\w’'-]+", fact["answer"])}
        topic = {stem(w) for w in claim if w not in STOPWORDS and w not in names and len(w) > 2}
        assert len(fact["questions"]) >= 6
        for question in fact["questions"]:
            # "what did trump demand?" asks about "demanded": the same word, as the matcher
            # reads both (stemmed).
            words = {stem(fold(w)) for w in re.findall(r"[\w’'-]+", question)}
            assert words & topic, f"{question!r} says nothing of {fact['id']}'s own claim"
            assert seen.setdefault(fold(question), fact["id"]) == fact["id"]


def test_a_date_that_only_says_when_something_was_said_does_not_make_a_date_fact():
    said = "A US official said on Friday that the Commerce Department had begun issuing licences."
    assert claim_kind(said, draft_text.dates(said), [], quoted=False) == "event"
    happens = "Deliveries to China will start on Friday, the company said."
    assert claim_kind(happens, draft_text.dates(happens), [], quoted=False) == "date"


def test_model_numbers_are_no_figures_and_a_month_alone_is_a_date_without_a_year():
    assert draft_text.figures("sales of H20 chips to China") == []
    found = draft_text.dates("halted in April; it may resume in May 2026")
    assert [(d.as_written, d.iso) for d in found] == [("April", None), ("May 2026", "2026-05")]


def test_a_draft_takes_no_evaluation_question_from_the_fact_that_answers_it(tmp_path, capsys):
    # The bundled evaluation set, with and without a second drafted article beside it: no
    # question an older fact answered right goes to a drafted fact instead.
    before = evaluate(AnswerEngine(load_knowledge([knowledge_copy(tmp_path / "before")])))
    folder = draft(tmp_path / "after", capsys)
    drafted_ids = {f["id"] for f in facts_of(folder).values()}
    after = evaluate(AnswerEngine(load_knowledge([folder])))
    right_before = {r.case.question for r in before.results if r.correct and r.case.expect}
    taken = [
        r.case.question
        for r in after.results
        if r.case.question in right_before and r.fact_id in drafted_ids
    ]
    assert taken == []
    # Whatever still answers differently is listed at the top of the draft for the moderator.
    changed = [
        b.case.question
        for b, a in zip(before.results, after.results, strict=True)
        if (b.outcome, b.fact_id) != (a.outcome, a.fact_id) and b.case.split == "tune"
    ]
    header = (folder / f"{SOURCE}.yaml").read_text(encoding="utf-8").split("\nsources:")[0]
    for question in changed:
        assert repr(question) in header
