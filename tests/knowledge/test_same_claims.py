"""A later article that repeats a claim is a second source of the fact that has it
(`same_claim_as:`): never answered on its own, so the older fact keeps its questions, and
its answer says who else reports it. Pointers that lead nowhere are refused on load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from knowledge_helpers import knowledge_copy

from knowledge.engine import AnswerEngine
from knowledge.evaluation import evaluate
from knowledge.loader import load_knowledge
from knowledge.problems import KnowledgeError
from tradeqa.answer_text import answer_text
from tradeqa.cli import main

OLDER = "china-share-of-nvidia-sales-2024"  # a bundled fact: "… 13% of Nvidia’s sales in 2024"
ARTICLE = "The Chinese market accounted for 13% of Nvidia’s sales in 2024, the company said.\n"

# A repeat of the bundled fact, drafted from a later article, asked with the bundled
# fact's own questions and some of its own ("china slice of nvda revenue last year").
REPEAT = """\
sources:
  - id: test-wire
    headline: Nvidia repeats its China figures
    publisher: Example Wire
    published: 2025-07-29
    document: sources/test-wire.txt
facts:
  - id: test-wire-china-share
    title: China was 13% of Nvidia's 2024 sales
    answer: The Chinese market accounted for 13% of Nvidia’s sales in 2024.
    kind: figure
    figures:
      - {as_written: 13%, amount: 13, unit: percent, measures: China's share of Nvidia's sales}
    questions:
      - china slice of nvda revenue last year
      - what share of nvidia sales came from china in 2024?
      - how much of nvidia's sales were in china
    sources:
      - source: test-wire
        excerpt: The Chinese market accounted for 13% of Nvidia’s sales in 2024
    same_claim_as: OLDER_ID
    reviewed: false
"""


def with_repeat(tmp_path: Path, text: str = REPEAT, older: str = OLDER) -> Path:
    folder = knowledge_copy(tmp_path)
    (folder / "test-wire.yaml").write_text(text.replace("OLDER_ID", older), encoding="utf-8")
    (folder / "sources" / "test-wire.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def test_the_older_fact_answers_and_cites_the_new_article_too(tmp_path):
    engine = AnswerEngine(load_knowledge([with_repeat(tmp_path)]))

    # The pointer's own example question: its words lead to the older fact, never to it.
    answer = engine.answer("china slice of nvda revenue last year")

    assert answer.fact_id == OLDER
    text = answer_text(answer)
    assert "Nvidia to Resume AI Chip Sales to China" in text  # the older fact's own source
    assert (
        "Also reported by Example Wire, \u201cNvidia repeats its China figures\u201d "
        "(July 29, 2025; not yet reviewed)." in text
    )
    assert "Unreviewed draft" not in text  # the fact itself was reviewed


def test_a_pointer_is_never_answered_and_takes_no_question(tmp_path):
    kb = load_knowledge([with_repeat(tmp_path)])
    assert "test-wire-china-share" not in kb.facts
    assert [c.source for c in kb.facts[OLDER].sources][-1] == "test-wire"

    bundled = evaluate(AnswerEngine(load_knowledge()))
    with_pointer = evaluate(AnswerEngine(kb))

    # The same answer to every evaluation question as without the repeated claim.
    assert [(r.outcome, r.fact_id) for r in with_pointer.results] == [
        (r.outcome, r.fact_id) for r in bundled.results
    ]


def test_once_reviewed_the_second_source_is_shown_plainly(tmp_path, capsys):
    folder = with_repeat(tmp_path, REPEAT.replace("    reviewed: false\n", ""))
    args = ["ask", "--knowledge", str(folder), "--no-log", "--json"]

    assert main([*args, "china slice of nvda revenue last year"]) == 0

    data = json.loads(capsys.readouterr().out)
    assert data["fact_id"] == OLDER
    assert data["also_reported"] == [
        {"source": "test-wire", "headline": "Nvidia repeats its China figures", "reviewed": True}
    ]
    assert "(July 29, 2025)." in data["answer"]


def test_kb_check_counts_the_proposals_awaiting_review(tmp_path, capsys):
    folder = with_repeat(tmp_path)

    assert main(["kb", "check", str(folder)]) == 0

    out = capsys.readouterr().out
    assert "1 drafted fact(s) await review" in out
    assert "1 of them proposed as the same claim as an older fact" in out
    assert f"test-wire-china-share: proposed as the same claim as {OLDER}" in out


def test_kb_show_lists_every_source_and_follows_a_pointer(tmp_path, capsys):
    folder = with_repeat(tmp_path)

    assert main(["kb", "show", "test-wire-china-share", "--knowledge", str(folder)]) == 0

    out = capsys.readouterr().out
    assert f"test-wire-china-share is the same claim as {OLDER}" in out
    assert "Also reported by Example Wire" in out


@pytest.mark.parametrize(
    ("older", "message"),
    [
        ("no-such-fact", "no fact has the id 'no-such-fact'"),
        ("test-wire-china-share", "a fact cannot be the same claim as itself"),
        ("test-wire-second", "'test-wire-second' is itself the same claim as"),
    ],
)
def test_a_pointer_that_leads_to_no_answerable_fact_is_refused(tmp_path, older, message):
    second = (
        REPEAT.split("facts:\n", 1)[1]
        .replace("test-wire-china-share", "test-wire-second")
        .replace("OLDER_ID", OLDER)
        .replace("china slice", "chinese portion")
    )
    folder = with_repeat(tmp_path, REPEAT + second, older)

    with pytest.raises(KnowledgeError) as raised:
        load_knowledge([folder])

    found = [p for p in raised.value.problems if message in p.message]
    assert len(found) == 1, raised.value.problems
    lines = (folder / "test-wire.yaml").read_text(encoding="utf-8").splitlines()
    assert "same_claim_as" in lines[found[0].line - 1]


def test_supersedes_and_expectations_must_name_the_answering_fact(tmp_path):
    text = REPEAT.replace("    reviewed: false\n", "    supersedes: [huang-april-trip]\n")
    text += """\
  - id: test-wire-update
    title: A later claim
    answer: The Chinese market accounted for 13% of Nvidia’s sales in 2024.
    kind: event
    questions: [later claim about china]
    sources:
      - {source: test-wire, excerpt: The Chinese market accounted for 13%}
    supersedes: [test-wire-china-share]
tests:
  - {question: china slice of nvda revenue, expect: test-wire-china-share, category: chat}
"""
    folder = with_repeat(tmp_path, text)

    with pytest.raises(KnowledgeError) as raised:
        load_knowledge([folder])

    messages = sorted(p.message for p in raised.value.problems)
    assert len(messages) == 3, messages
    assert any(f"put supersedes on '{OLDER}'" in m for m in messages)
    assert any(f"supersede '{OLDER}'" in m and "test-wire-update" in m for m in messages)
    assert any(f"expect '{OLDER}'" in m for m in messages)


def test_a_confirmed_repeat_lends_its_example_questions_to_the_older_fact(tmp_path):
    # The later article's way of asking, which the older fact's own questions do not cover.
    asked = "how reliant is nvidia on the chinese market"
    assert AnswerEngine(load_knowledge()).answer(asked).fact_id is None
    drafted = REPEAT.replace("      - china slice", f"      - {asked}\n      - china slice")

    unreviewed = AnswerEngine(load_knowledge([with_repeat(tmp_path / "draft", drafted)]))
    confirmed_text = drafted.replace("    reviewed: false\n", "")
    confirmed = AnswerEngine(load_knowledge([with_repeat(tmp_path / "kept", confirmed_text)]))

    # A drafted pointer moves nothing until a moderator confirms it; then its questions count.
    assert unreviewed.answer(asked).fact_id is None
    assert confirmed.answer(asked).fact_id == OLDER
    assert asked in confirmed.kb.facts[OLDER].questions
