"""Values a knowledge file must not hold: non-finite amounts, control characters, unsafe ids,
lists long enough to stall indexing, names that mean two things (red-team L7, M4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.loader import load_knowledge
from knowledge.problems import KnowledgeError

SOURCE = """\
sources:
  - id: memo
    headline: A memo
"""


def fact(**fields: str) -> str:
    """One valid fact of kind figure, as YAML lines, with `fields` replacing its own."""
    values = {
        "id": "widget-tariff",
        "title": "Widget tariff",
        "answer": "Widgets carry a 7% tariff.",
        "kind": "figure",
        "figures": "[{as_written: 7%, amount: 7, unit: percent, measures: the widget tariff}]",
        "questions": "[what is the tariff on widgets?]",
        "sources": "[{source: memo, excerpt: widgets}]",
        **fields,
    }
    lines = [f"    {key}: {value}" for key, value in values.items()]
    return "  - " + "\n".join(lines)[4:] + "\n"


def problems(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "facts.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge([tmp_path / "facts.yaml"])
    found = [str(p).replace(f"{tmp_path}/", "") for p in caught.value.problems]
    assert all("\n" not in line for line in found)  # one problem, one line
    return found


def test_the_example_fact_is_valid(tmp_path):
    (tmp_path / "facts.yaml").write_text(SOURCE + "facts:\n" + fact())
    assert list(load_knowledge([tmp_path / "facts.yaml"]).facts) == ["widget-tariff"]


# --- amounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", [".nan", ".inf", "-.Inf", "1e999", "-1e999"])
def test_an_amount_must_be_a_finite_number(tmp_path, amount):
    figures = f"[{{as_written: 7%, amount: {amount}, unit: percent, measures: the tariff}}]"
    assert problems(tmp_path, SOURCE + "facts:\n" + fact(figures=figures)) == [
        "facts.yaml:9:40: facts[0] (widget-tariff) figures[0].amount: must be a finite "
        "number: .nan, .inf and numbers too large to hold (1e999) are not amounts"
    ]


# --- control characters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "shown", "at"),
    [
        ("answer", '"Widgets carry\\0 a 7% tariff."', "\\x00", 14),
        ("answer", '"\\e[31mWidgets carry a 7% tariff."', "\\x1b", 1),
        ("title", '"Widget\\ttariff"', "\\t", 7),
        ("title", '"Widget\\ntariff"', "\\n", 7),
        ("questions", '["what\\u0085 is it?"]', "\\x85", 5),
        ("sources", '[{source: memo, excerpt: "wid\\x7fgets"}]', "\\x7f", 4),
    ],
)
def test_control_characters_are_refused_in_text(tmp_path, field, value, shown, at):
    [line] = problems(tmp_path, SOURCE + "facts:\n" + fact(**{field: value}))
    assert line.endswith(f"contains the control character {shown} (character {at}): remove it")
    assert "\x1b" not in line and "\x00" not in line


def test_line_breaks_and_tabs_are_kept_where_text_runs_over_lines(tmp_path):
    answer = '"Widgets carry\\n\\ta 7% tariff."'
    (tmp_path / "facts.yaml").write_text(SOURCE + "facts:\n" + fact(answer=answer))
    kb = load_knowledge([tmp_path / "facts.yaml"])
    assert kb.facts["widget-tariff"].answer == "Widgets carry\n\ta 7% tariff."


def test_an_entity_name_and_a_source_headline_refuse_control_characters(tmp_path):
    text = (
        'sources:\n  - id: memo\n    headline: "A \\e[2K memo"\n'
        'entities:\n  - id: acme\n    name: "Acme\\0"\n    kind: company\n'
    )
    assert problems(tmp_path, text) == [
        "facts.yaml:3:15: sources[0] (memo) headline: contains the control character \\x1b "
        "(character 3): remove it",
        "facts.yaml:6:11: entities[0] (acme) name: contains the control character \\x00 "
        "(character 5): remove it",
    ]


# --- ids -------------------------------------------------------------------------------------


def test_an_id_with_a_line_break_is_refused_on_one_line(tmp_path):
    text = SOURCE + "facts:\n" + fact(id='"widget-tariff\\nfacts.yaml:1:1: all good"')
    found = problems(tmp_path, text)
    assert found[0].startswith(
        "facts.yaml:5:9: facts[0] (widget-tariff\\nfacts.yaml:1:1: all good) id: "
        "'widget-tariff\\nfacts.yaml:1:1: all good' is not a valid id"
    )


@pytest.mark.parametrize("bad", ["'caf\u00e9'", "'a/../b'", "'-x'", "'a b'", "'\u202eevil'"])
def test_ids_outside_the_safe_pattern_are_refused(tmp_path, bad):
    [line] = problems(tmp_path, SOURCE + "facts:\n" + fact(id=bad))
    assert "is not a valid id" in line


# --- list lengths ----------------------------------------------------------------------------


def test_a_fact_with_too_many_keywords_is_refused(tmp_path):
    keywords = "[" + ", ".join(f"k{n}" for n in range(51)) + "]"
    assert problems(tmp_path, SOURCE + "facts:\n" + fact(keywords=keywords)) == [
        "facts.yaml:12:15: facts[0] (widget-tariff) keywords: has 51 items: at most 50"
    ]


def test_a_fact_with_hundreds_of_thousands_of_keywords_stops_at_once(tmp_path):
    keywords = "[" + "k, " * 200_000 + "]"
    [line] = problems(tmp_path, SOURCE + "facts:\n" + fact(keywords=keywords))
    assert line.endswith("a list of more than 100,000 items: not a knowledge file")


@pytest.mark.parametrize(
    ("field", "count", "limit"),
    [("questions", 51, 50), ("sources", 21, 20), ("entities", 51, 50)],
)
def test_lists_of_a_fact_are_capped(tmp_path, field, count, limit):
    items = {
        "questions": lambda n: f"question {n}?",
        "sources": lambda n: "{source: memo, excerpt: widgets}",
        "entities": lambda n: f"e{n}",
    }[field]
    value = "[" + ", ".join(items(n) for n in range(count)) + "]"
    found = problems(tmp_path, SOURCE + "facts:\n" + fact(**{field: value}))
    assert f"facts[0] (widget-tariff) {field}: has {count} items: at most {limit}" in found[0]


def test_a_file_with_too_many_facts_is_told_to_split(tmp_path):
    facts = "".join(fact(id=f"f{n}") for n in range(10_001))
    assert problems(tmp_path, SOURCE + "facts:\n" + facts) == [
        "facts.yaml:5:3: facts: has 10,001 entries: at most 10,000; split it over several files"
    ]


# --- names that mean two things --------------------------------------------------------------


def test_names_of_two_entities_that_fold_to_one_are_flagged(tmp_path):
    text = (
        "entities:\n"
        "  - {id: nvidia, name: Nvidia, kind: company}\n"
        "  - {id: fake, name: Fake, kind: company, aliases: [Fake Co, ＮＶＩＤＩＡ]}\n"
        "  - {id: street, name: Straße, kind: place}\n"
        "  - {id: road, name: Road, kind: place, aliases: [STRASSE]}\n"
    )
    assert problems(tmp_path, text) == [
        "facts.yaml:3:62: entities[1] (fake) aliases[1]: the name 'ＮＶＩＤＩＡ' is also a name "
        "of entity 'nvidia' (facts.yaml:2:24), once case and Unicode forms are "
        "folded: a name may stand for one entity only",
        "facts.yaml:5:51: entities[3] (road) aliases[0]: the name 'STRASSE' is also a name of "
        "entity 'street' (facts.yaml:4:24), once case and Unicode forms are "
        "folded: a name may stand for one entity only",
    ]


def test_a_word_in_two_synonym_groups_is_flagged(tmp_path):
    text = (
        "synonyms:\n"
        "  - terms: [licence, license, permit]\n"
        "  - terms: [allow, Permit]\n"
        "  - terms: [ban, embargo, Ban]\n"  # twice in one group: harmless
    )
    assert problems(tmp_path, text) == [
        "facts.yaml:3:20: synonyms[1] terms[1]: 'Permit' is already in the synonym group "
        "'licence' (facts.yaml:2:31): a word may be in one group only"
    ]
