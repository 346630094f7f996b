"""A tariff asked about is a rate as often as a sum, and "how long" is answered by a figure
in hours or days: the requested-detail check must not turn such answers into "the knowledge
base doesn't say how much money" or "… how long"."""

from __future__ import annotations

from pathlib import Path

from knowledge_helpers import add_quillets

from knowledge.engine import AnswerEngine
from knowledge.loader import load_knowledge

TALKS = "The quillet tariff rises to 9%, after talks that lasted about three hours.\n"
FACTS = """\
sources:
  - {id: talks, headline: Quillet talks, document: sources/talks.txt}
facts:
  - id: quillet-tariff-nine
    title: The quillet tariff rises to 9%
    answer: The quillet tariff rises to 9%.
    kind: figure
    figures:
      - {as_written: 9%, amount: 9, unit: percent, measures: tariff on quillets}
    questions: [what is the quillet tariff now, quillet tariff rate]
    sources:
      - {source: talks, excerpt: The quillet tariff rises to 9%}
  - id: quillet-talks-length
    title: The quillet talks lasted about three hours
    answer: The talks on quillets lasted about three hours.
    kind: figure
    figures:
      - {as_written: about three hours, amount: 3, unit: hours, measures: length of the talks}
    questions: [how long were the quillet talks, quillet talks length]
    sources:
      - {source: talks, excerpt: talks that lasted about three hours}
"""


def engine(tmp_path: Path) -> AnswerEngine:
    folder = add_quillets(tmp_path)
    (folder / "sources" / "talks.txt").write_text(TALKS, encoding="utf-8")
    (folder / "talks.yaml").write_text(FACTS, encoding="utf-8")
    return AnswerEngine(load_knowledge([folder]))


def test_a_percentage_answers_what_the_tariff_is(tmp_path):
    answer = engine(tmp_path).answer("what is the tariff on quillets now?")
    assert (answer.outcome, answer.fact.id) == ("answered", "quillet-tariff-nine")


def test_a_figure_in_hours_answers_how_long(tmp_path):
    answer = engine(tmp_path).answer("how long did the quillet talks go on?")
    assert (answer.outcome, answer.fact.id) == ("answered", "quillet-talks-length")
