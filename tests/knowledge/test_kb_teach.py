"""`tradeqa kb teach`: a phrasing becomes an example question of a fact, in its own file,
with nothing else in that file changed, and never at the cost of the evaluation set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from knowledge_helpers import knowledge_copy

import knowledge.teach
from knowledge.loader import load_knowledge
from tradeqa.cli import main

ARTICLE = "nvidia-china-2025-07-22.yaml"
FACT = "nvidia-resumes-ai-chip-sales-to-china"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return knowledge_copy(tmp_path)


def teach(folder: Path, tmp_path: Path, *argv: str) -> int:
    db = tmp_path / "log.db"
    return main(["kb", "teach", *argv, "--knowledge", str(folder), "--db", str(db), "--by", "mod"])


def audit(tmp_path: Path, capsys) -> list[dict]:
    capsys.readouterr()
    assert main(["logs", "audit", "--json", "--db", str(tmp_path / "log.db")]) == 0
    return json.loads(capsys.readouterr().out)


def test_teaching_adds_one_line_and_the_bot_knows_the_phrasing(folder, tmp_path, capsys):
    file = folder / ARTICLE
    before = file.read_text(encoding="utf-8").splitlines(keepends=True)
    question = "r nvidia chips on sale for chinese buyers again"

    assert teach(folder, tmp_path, question, FACT) == 0

    after = file.read_text(encoding="utf-8").splitlines(keepends=True)
    added = [line for line in after if line not in before]
    assert added == [f'      - "{question}"\n']
    # Nothing else moved: the file is the old one with one line inserted.
    at = after.index(added[0])
    assert after[:at] + after[at + 1 :] == before
    kb = load_knowledge([folder])
    assert kb.facts[FACT].questions[-1] == question
    entries = audit(tmp_path, capsys)
    assert entries[0]["action"] == "teach" and entries[0]["result"] == "ok"
    assert entries[0]["actor_name"] == "mod" and question in entries[0]["detail"]
    assert FACT in entries[0]["detail"]


def test_the_new_line_goes_after_a_long_item_and_before_comments(quillets, tmp_path):
    assert teach(quillets, tmp_path, "quillet rules start when", "test-quillet-memo-date") == 0
    text = (quillets / "quillets.yaml").read_text(encoding="utf-8")
    assert (
        '        apply"   # a long item, over two lines\n'
        '      - "quillet rules start when"\n'
        "    # the comment below the list stays where it is\n"
    ) in text
    questions = load_knowledge([quillets]).facts["test-quillet-memo-date"].questions
    assert questions == (
        "when does the quillet memo take effect?",
        "from when do the quillet rules apply",
        "quillet rules start when",
    )


@pytest.mark.parametrize(
    "question",
    ["Is Nvidia resuming chip sales to China", "  is nvidia resuming chip sales to china?  "],
)
def test_a_phrasing_the_fact_has_is_refused(folder, tmp_path, capsys, question):
    original = (folder / ARTICLE).read_bytes()
    assert teach(folder, tmp_path, question, FACT) == 1
    assert "already an example question" in capsys.readouterr().err
    assert (folder / ARTICLE).read_bytes() == original
    assert audit(tmp_path, capsys)[0]["result"] == "refused"


def test_a_holdout_question_is_never_taught(folder, tmp_path, capsys):
    kb = load_knowledge([folder])
    holdout = next(c for c in kb.tests if c.split == "holdout" and c.expect)
    original = (folder / ARTICLE).read_bytes()
    assert teach(folder, tmp_path, holdout.question, holdout.expect) == 1
    assert "holdout" in capsys.readouterr().err
    assert (folder / ARTICLE).read_bytes() == original


def test_a_tune_evaluation_question_is_refused_too(folder, tmp_path, capsys):
    kb = load_knowledge([folder])
    tune = next(c for c in kb.tests if c.split == "tune" and c.expect)
    assert teach(folder, tmp_path, tune.question, tune.expect) == 1
    assert "evaluation question" in capsys.readouterr().err


def test_a_phrasing_that_breaks_an_evaluation_question_is_refused(quillets, tmp_path, capsys):
    original = (quillets / "quillets.yaml").read_bytes()
    code = teach(quillets, tmp_path, "what tariff do quillets face today", "test-quillet-memo-date")
    assert code == 1
    err = capsys.readouterr().err
    assert "would break 1 evaluation question" in err
    assert "what tariff do quillets face?" in err
    assert (quillets / "quillets.yaml").read_bytes() == original


def test_an_edit_that_does_not_load_is_rolled_back(folder, tmp_path, capsys, monkeypatch):
    original = (folder / ARTICLE).read_bytes()

    def broken(data: bytes, fact_id: str, question: str) -> tuple[bytes, int]:
        return data.replace(b"facts:", b"facts: [", 1), 1

    monkeypatch.setattr(knowledge.teach, "insert_question", broken)
    assert teach(folder, tmp_path, "nvidia china comeback?", FACT) == 1
    assert "would not load" in capsys.readouterr().err
    assert (folder / ARTICLE).read_bytes() == original


def test_an_unknown_fact_is_refused_with_close_ids(folder, tmp_path, capsys):
    assert teach(folder, tmp_path, "nvidia china comeback?", "nvidia-resumes-sales") == 1
    assert FACT in capsys.readouterr().err


def test_flow_style_questions_are_refused_not_mangled(quillets, tmp_path, capsys):
    file = quillets / "quillets.yaml"
    text = file.read_text(encoding="utf-8").replace(
        "    questions:\n"
        "      - when does the quillet memo take effect?\n"
        '      - "from when do the quillet rules\n'
        '        apply"   # a long item, over two lines\n',
        "    questions: [when does the quillet memo take effect?,"
        ' "from when do the quillet rules apply"]\n',
    )
    file.write_text(text, encoding="utf-8")
    assert "questions: [" in text
    assert load_knowledge([quillets])  # still a valid file
    assert teach(quillets, tmp_path, "quillet rules start when", "test-quillet-memo-date") == 1
    assert "by hand" in capsys.readouterr().err
    assert file.read_text(encoding="utf-8") == text
