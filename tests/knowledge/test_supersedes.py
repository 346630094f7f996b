"""A later fact replaces an older one (`supersedes:`): the bot answers with the newest and says
what it replaces and when; unknown or circular `supersedes` are refused on load."""

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

UPDATES = """\
sources:
  - id: test-quillet-june
    headline: Quillet sales halted
    published: 2025-06-02
    document: sources/test-quillet-june.txt
  - id: test-quillet-july
    headline: Quillet sales resume
    published: 2025-07-14
    document: sources/test-quillet-july.txt
facts:
  - id: test-quillet-sales-halted
    title: Quillet exports to Freedonia were halted
    answer: Quillet exports to Freedonia were halted.
    kind: event
    questions:
      - are quillet exports to freedonia halted?
      - can quillets be sold to freedonia
      - quillet export ban freedonia
    sources:
      - {source: test-quillet-june, excerpt: Quillet exports to Freedonia were halted}
  - id: test-quillet-sales-resume
    title: Quillet exports to Freedonia resume
    answer: Quillet exports to Freedonia resume next week.
    kind: event
    questions:
      - do quillet exports to freedonia resume?
      - when do quillet sales to freedonia restart
      - quillet exports freedonia again
    sources:
      - {source: test-quillet-july, excerpt: Quillet exports to Freedonia resume next week}
    supersedes: [test-quillet-sales-halted]
"""
JUNE = "Quillet exports to Freedonia were halted on Monday.\n"
JULY = "Quillet exports to Freedonia resume next week, the ministry said.\n"


def with_updates(tmp_path: Path, text: str = UPDATES) -> Path:
    folder = knowledge_copy(tmp_path)
    (folder / "quillet-updates.yaml").write_text(text, encoding="utf-8")
    (folder / "sources" / "test-quillet-june.txt").write_text(JUNE, encoding="utf-8")
    (folder / "sources" / "test-quillet-july.txt").write_text(JULY, encoding="utf-8")
    return folder


def test_asked_about_the_older_fact_the_bot_answers_with_the_newer(tmp_path):
    engine = AnswerEngine(load_knowledge([with_updates(tmp_path)]))

    answer = engine.answer("are quillet exports to freedonia halted?")

    assert answer.fact_id == "test-quillet-sales-resume"
    assert answer_text(answer).startswith("Quillet exports to Freedonia resume next week.")
    assert (
        "This replaces \u201cQuillet exports to Freedonia were halted\u201d, reported June 2, 2025."
        in answer_text(answer)
    )
    assert "Quillet sales resume" in answer_text(answer)  # its own source, as ever
    # Asked about the newer fact directly, it says the same.
    assert answer_text(engine.answer("do quillet exports to freedonia resume?")) == answer_text(
        answer
    )


def test_ask_json_names_what_the_answer_replaces(tmp_path, capsys):
    folder = with_updates(tmp_path)
    args = ["ask", "--no-log", "--json", "--knowledge", str(folder)]
    assert main([*args, "can quillets be sold to freedonia"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["fact_id"] == "test-quillet-sales-resume"
    assert data["replaces"] == ["test-quillet-sales-halted"]
    assert main([*args, "what is the h20 chip?"]) == 0
    assert json.loads(capsys.readouterr().out)["replaces"] == []


def test_the_evaluation_set_scores_the_same_beside_superseding_facts(tmp_path):
    before = evaluate(AnswerEngine(load_knowledge()))
    after = evaluate(AnswerEngine(load_knowledge([with_updates(tmp_path)])))
    assert [(r.case.question, r.outcome, r.fact_id) for r in after.results] == [
        (r.case.question, r.outcome, r.fact_id) for r in before.results
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("supersedes: [test-quillet-sales-halted]", "supersedes: [test-quillet-sales-halte]"),
            "no fact has the id 'test-quillet-sales-halte'",
        ),
        (
            ("supersedes: [test-quillet-sales-halted]", "supersedes: [test-quillet-sales-resume]"),
            "cannot supersede itself",
        ),
        (
            (
                "      - {source: test-quillet-june, excerpt: Quillet exports to Freedonia were "
                "halted}\n",
                "      - {source: test-quillet-june, excerpt: Quillet exports to Freedonia were "
                "halted}\n    supersedes: [test-quillet-sales-resume]\n",
            ),
            "circular supersedes: ",
        ),
    ],
    ids=["unknown", "itself", "circular"],
)
def test_unknown_and_circular_supersedes_are_refused_where_they_are(tmp_path, change, message):
    folder = with_updates(tmp_path, UPDATES.replace(*change))
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge([folder])
    [problem] = raised.value.problems
    assert message in problem.message
    assert Path(problem.file).name == "quillet-updates.yaml"
    lines = (folder / "quillet-updates.yaml").read_text(encoding="utf-8").splitlines()
    assert "supersedes" in lines[problem.line - 1]
