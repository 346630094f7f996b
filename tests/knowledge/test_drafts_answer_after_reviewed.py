"""An unreviewed draft answers only what the reviewed facts leave unanswered: loading a
drafted article never changes an answer a moderator has already checked, and its proposed
entities reach the reviewed facts only once a moderator confirms them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from knowledge_helpers import add_quillets, draft_article, knowledge_copy

from knowledge.engine import AnswerEngine
from knowledge.evaluation import evaluate
from knowledge.loader import load_knowledge
from tradeqa.cli import main

# A later report on quillets (an invented good): its fact shares the older fact's words.
LATER = "From July the tariff on imported quillets rises to 9%, the ministry said.\n"


def write_later(folder: Path, *, reviewed: bool) -> None:
    (folder / "sources" / "later.txt").write_text(LATER, encoding="utf-8")
    mark = "" if reviewed else "\n    reviewed: false"
    (folder / "later.yaml").write_text(
        f"""\
sources:
  - id: later
    headline: Quillet tariff rises
    document: sources/later.txt
facts:
  - id: quillet-tariff-rises
    title: The quillet tariff rises to 9% from July
    answer: From July the tariff on imported quillets rises to 9%.
    kind: figure
    figures:
      - {{as_written: 9%, amount: 9, unit: percent, measures: tariff on quillets}}
    questions:
      - what is the quillet tariff rate now
      - quillet tariff rate
      - quillet tariff from july{mark}
    sources:
      - {{source: later, excerpt: From July the tariff on imported quillets rises to 9%}}
""",
        encoding="utf-8",
    )


def answers(folder: Path, *questions: str) -> list[tuple[str, str | None, bool | None]]:
    engine = AnswerEngine(load_knowledge([folder]))
    found = []
    for question in questions:
        answer = engine.answer(question)
        fact = answer.fact
        found.append((answer.outcome, fact.id if fact else None, fact.reviewed if fact else None))
    return found


def test_a_reviewed_fact_keeps_its_question_until_the_rival_draft_is_reviewed(tmp_path):
    folder = add_quillets(tmp_path)
    write_later(folder, reviewed=False)
    # Word for word one of the draft's questions, and of the older fact's too.
    assert answers(folder, "quillet tariff rate", "quillet tariff from july") == [
        ("answered", "test-quillet-tariff", True),
        ("answered", "quillet-tariff-rises", False),  # no reviewed fact answers it: the draft
    ]
    write_later(folder, reviewed=True)  # the moderator removes the mark
    assert answers(folder, "quillet tariff rate", "quillet tariff from july") == [
        ("answered", "quillet-tariff-rises", True),
        ("answered", "quillet-tariff-rises", True),
    ]


def test_a_draft_gives_the_detail_a_reviewed_fact_on_the_topic_lacks(tmp_path):
    folder = add_quillets(tmp_path)
    write_later(folder, reviewed=False)
    # The reviewed fact is about the tariff but states no rate: the draft's 9% answers.
    assert answers(folder, "what is the tariff on quillets?") == [
        ("answered", "quillet-tariff-rises", False)
    ]


def test_suggestions_come_from_reviewed_facts_and_drafts_alike(tmp_path):
    folder = add_quillets(tmp_path)
    write_later(folder, reviewed=False)
    engine = AnswerEngine(load_knowledge([folder]))
    answer = engine.answer("quillet smuggling penalties")
    assert answer.outcome == "unanswered"
    assert {"test-quillet-tariff", "quillet-tariff-rises"} <= {
        s.fact_id for s in answer.suggestions
    }
    assert {f.id for f in engine.closest_facts("quillet tariff", 5)} >= {
        "test-quillet-tariff",
        "quillet-tariff-rises",
    }


# Written for these tests: a later report on the bundled story that restates what bundled
# facts answer and names new people.
UPDATE = """\
Commerce Starts Issuing H20 Licences

A US official said on Friday that the Commerce Department had begun issuing licences for \
the sale of H20 chips to China, lifting the halt on sales.

Nvidia expects to resume H20 deliveries to Chinese customers soon, a spokesperson said.

Shares of Nvidia rose 2% in pre-market trade on Monday.

He also demanded last week that Intel CEO Lip-Bu Tan resign, calling Tan “highly conflicted”.

“It’s wild,” said Geoff Gertz, a senior fellow at the Center for a New American Security.
"""


@pytest.fixture(scope="module")
def bundled_before(tmp_path_factory):
    return evaluate(AnswerEngine(load_knowledge([knowledge_copy(tmp_path_factory.mktemp("b"))])))


def test_a_drafted_article_changes_no_answer_a_reviewed_fact_gives(tmp_path, bundled_before):
    folder = draft_article(tmp_path, UPDATE, "test-h20-update", "--published", "2025-08-11")
    kb = load_knowledge([folder])
    drafted = {i for i, f in kb.facts.items() if not f.reviewed}
    assert drafted
    after = evaluate(AnswerEngine(kb))
    for old, new in zip(bundled_before.results, after.results, strict=True):
        if old.outcome == "answered":
            assert (new.outcome, new.fact_id) == (old.outcome, old.fact_id), old.case.question
        elif (new.outcome, new.fact_id) != (old.outcome, old.fact_id):
            # What changes is a question the bundled facts left unanswered, now
            # answered or related by a draft.
            assert new.outcome in {"answered", "related"}, old.case.question
            assert (new.fact_id or new.first_suggestion) in drafted, old.case.question


# A draft whose proposed entity is a misreading: "Paris, France – Through a press release…"
# made "Through" a name. Typo correction would then read "tho" as that name.
MISREAD = """\
sources:
  - id: test-steel
    headline: Steel quotas cut
    document: sources/test-steel.txt
facts:
  - id: test-steel-quotas
    title: The Commission proposed cutting steel quotas by 47%
    answer: Through a press release, the Commission proposed cutting steel import quotas by 47%.
    kind: policy
    entities: [through]
    questions: [how much are eu steel quotas cut]
    reviewed: false
    sources:
      - {source: test-steel, excerpt: cutting steel import quotas by 47%}
entities:
  - {id: through, name: Through, kind: other, reviewed: false}
"""


def test_a_proposed_entity_changes_no_reviewed_answer_until_confirmed(tmp_path, bundled_before):
    folder = knowledge_copy(tmp_path)
    (folder / "sources" / "test-steel.txt").write_text(
        "Through a press release, the Commission proposed cutting steel import quotas by 47%.\n",
        encoding="utf-8",
    )
    (folder / "test-steel.yaml").write_text(MISREAD, encoding="utf-8")
    after = evaluate(AnswerEngine(load_knowledge([folder])))
    for old, new in zip(bundled_before.results, after.results, strict=True):
        assert (new.outcome, new.fact_id) == (old.outcome, old.fact_id), old.case.question


def test_proposed_entities_are_marked_and_counted_until_reviewed(tmp_path, capsys):
    folder = draft_article(tmp_path, UPDATE, "test-h20-update", "--published", "2025-08-11")
    data = yaml.safe_load((folder / "test-h20-update.yaml").read_text(encoding="utf-8"))
    proposed = data["entities"]
    assert proposed and all(e["reviewed"] is False for e in proposed)
    capsys.readouterr()
    assert main(["kb", "check", str(folder)]) == 0
    assert f"{len(proposed)} proposed entities await review" in capsys.readouterr().out


def test_a_question_reviewed_facts_tie_on_is_not_a_drafts_to_take(tmp_path):
    # Three reviewed facts fit "quillet rules" equally well, so the bot asks which one is
    # meant; a draft that fits it too does not answer it by chance.
    folder = add_quillets(tmp_path)
    facts = "\n".join(
        f"""\
  - id: quillet-rule-{name}
    title: Quillets need a {name}
    answer: Quillets need a {name}.
    kind: policy
    questions: [quillet rules]{mark}
    sources:
      - {{source: rules, excerpt: "{name}"}}"""
        for name, mark in (
            ("permit", ""),
            ("label", ""),
            ("inspection", ""),
            ("licence", "\n    reviewed: false"),
        )
    )
    (folder / "rules.yaml").write_text(
        "sources:\n  - {id: rules, headline: Quillet rules, document: sources/rules.txt}\n"
        f"facts:\n{facts}\n",
        encoding="utf-8",
    )
    (folder / "sources" / "rules.txt").write_text(
        "Quillet rules: a permit, a label, an inspection and a licence.\n", encoding="utf-8"
    )
    engine = AnswerEngine(load_knowledge([folder]))
    answer = engine.answer("quillet rules")
    assert answer.outcome == "unanswered"
    assert {s.fact_id for s in answer.suggestions} <= {
        "quillet-rule-permit",
        "quillet-rule-label",
        "quillet-rule-inspection",
        "quillet-rule-licence",
    }
