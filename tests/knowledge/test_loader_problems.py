"""Every kind of problem in a knowledge file, reported at the FILE:LINE:COLUMN a moderator opens.

Each test writes a small knowledge base into tmp_path: `sources.yaml` (one source whose
document is `article.txt`), `vocabulary.yaml` (one entity) and the file under test. Positions
are 1-based and point at the offending key or value.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from knowledge.loader import discover, load_knowledge
from knowledge.problems import KnowledgeError

ARTICLE = (
    "Nvidia plans to recommence selling a key artificial intelligence chip to China.\n"
    "“We want the American tech stack to be the global standard,” Huang said.\n"
)
SOURCES = """\
sources:
  - id: article
    headline: Nvidia to resume chip sales
    published: 2025-07-22
    document: article.txt
"""
VOCABULARY = """\
entities:
  - id: nvidia
    name: Nvidia
    kind: company
"""
# A valid fact; tests copy it and break one thing.
FACT = """\
facts:
  - id: h20-sales
    title: Nvidia resumes H20 sales
    answer: Nvidia plans to resume selling the H20 chip to China.
    kind: event
    questions:
      - is nvidia selling chips to china again?
    entities: [nvidia]
    sources:
      - source: article
        excerpt: Nvidia plans to recommence selling a key artificial intelligence chip
"""


def write_kb(folder: Path, **files: str) -> Path:
    """The base knowledge base plus `files` (name without .yaml -> YAML text)."""
    folder.mkdir(exist_ok=True)
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    defaults = {"sources": SOURCES, "vocabulary": VOCABULARY}
    for name, text in {**defaults, **files}.items():
        (folder / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    """What `tradeqa kb check FOLDER` prints, with paths relative to the folder."""
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge([folder])
    return [str(p).replace(f"{folder}/", "") for p in caught.value.problems]


def problems_in(tmp_path: Path, facts: str, **files: str) -> list[str]:
    return problems(write_kb(tmp_path / "kb", facts=facts, **files))


def test_the_base_knowledge_base_is_valid(tmp_path):
    kb = load_knowledge([write_kb(tmp_path / "kb", facts=FACT)])
    assert list(kb.facts) == ["h20-sales"]
    assert kb.facts["h20-sales"].sources[0].source == "article"


# --- schema problems: located at the mapping, the key or the value --------------------------


def test_missing_answer_points_at_the_facts_mapping(tmp_path):
    facts = FACT.replace("    answer: Nvidia plans to resume selling the H20 chip to China.\n", "")
    assert problems_in(tmp_path, facts) == [
        "facts.yaml:2:5: facts[0] (h20-sales): missing required field 'answer'"
    ]


def test_unknown_field_points_at_that_key_and_suggests_the_right_name(tmp_path):
    facts = FACT.replace("    answer:", "    anwser:")
    assert problems_in(tmp_path, facts) == [
        "facts.yaml:2:5: facts[0] (h20-sales): missing required field 'answer'",
        "facts.yaml:4:5: facts[0] (h20-sales): unknown field 'anwser' (did you mean 'answer'?)",
    ]


def test_unknown_top_level_section(tmp_path):
    facts = FACT.replace("facts:", "fact:")
    assert problems_in(tmp_path, facts) == [
        "facts.yaml:1:1: unknown section 'fact': a knowledge file has only "
        "sources, facts, entities, synonyms, shorthand, tests"
    ]


def test_wrong_type_points_at_the_value(tmp_path):
    facts = FACT.replace(
        "    questions:\n      - is nvidia selling chips to china again?\n",
        "    questions: is nvidia selling chips to china again?\n",
    )
    assert problems_in(tmp_path, facts) == [
        "facts.yaml:6:16: facts[0] (h20-sales) questions: expected a list of strings, "
        "got the text 'is nvidia selling chips to china again?'"
    ]


def test_a_number_where_text_belongs_says_to_quote_it(tmp_path):
    facts = FACT.replace("title: Nvidia resumes H20 sales", "title: 2025")
    assert problems_in(tmp_path, facts) == [
        "facts.yaml:3:12: facts[0] (h20-sales) title: expected text, got the number 2025; "
        "put it in quotes to keep it as text"
    ]


def test_empty_question_list(tmp_path):
    facts = FACT.replace(
        "    questions:\n      - is nvidia selling chips to china again?\n",
        "    questions: []\n",
    )
    assert problems_in(tmp_path, facts) == [
        "facts.yaml:6:16: facts[0] (h20-sales) questions: must not be empty"
    ]


def test_a_date_that_is_not_a_date(tmp_path):
    facts = FACT.replace(
        "    kind: event\n",
        "    kind: date\n    dates:\n      - as_written: this Wednesday\n        iso: 2025-13-01\n",
    )
    sources = SOURCES.replace("published: 2025-07-22", "published: July 2025")
    assert problems_in(tmp_path, facts, sources=sources) == [
        "facts.yaml:8:14: facts[0] (h20-sales) dates[0].iso: "
        "'2025-13-01' is not a date (month must be in 1..12)",
        "sources.yaml:4:16: sources[0] (article) published: "
        "'July 2025' is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)",
    ]


def test_an_invalid_id_and_an_unknown_kind(tmp_path):
    facts = FACT.replace("id: h20-sales", "id: H20 Sales").replace("kind: event", "kind: news")
    assert problems_in(tmp_path, facts) == [
        "facts.yaml:2:9: facts[0] (H20 Sales) id: 'H20 Sales' is not a valid id: use "
        "lower-case letters, digits and hyphens (at most 64, starting with a letter or digit)",
        "facts.yaml:5:11: facts[0] (H20 Sales) kind: 'news' is not one of 'date', 'figure', "
        "'quote', 'event', 'actor', 'background', 'product' or 'policy'",
    ]


def test_duplicate_key_in_one_mapping_is_reported_not_silently_overwritten(tmp_path):
    facts = FACT.replace("    kind: event\n", "    kind: event\n    title: Second title\n")
    assert problems_in(tmp_path, facts) == [
        "facts.yaml:6:5: facts[0] (h20-sales): duplicate key 'title': already set at line 3, "
        "column 5; YAML would silently keep only this one"
    ]


# --- checks across files ---------------------------------------------------------------------


def test_duplicate_id_across_files_points_at_the_second_and_names_the_first(tmp_path):
    found = problems_in(tmp_path, FACT, more_facts=FACT)
    assert found == [
        "more_facts.yaml:2:9: facts[0] (h20-sales) id: duplicate fact id 'h20-sales': "
        "first defined at facts.yaml:2:9"
    ]


def test_unknown_citation_source(tmp_path):
    facts = FACT.replace("source: article", "source: articel")
    assert problems_in(tmp_path, facts) == [
        "facts.yaml:10:17: facts[0] (h20-sales) sources[0].source: "
        "unknown source 'articel' (did you mean 'article'?)"
    ]


def test_unknown_entity(tmp_path):
    facts = FACT.replace("entities: [nvidia]", "entities: [nvidia, amd]")
    assert problems_in(tmp_path, facts) == [
        "facts.yaml:8:24: facts[0] (h20-sales) entities[1]: unknown entity 'amd'"
    ]


def test_unknown_entity_in_part_of(tmp_path):
    vocabulary = VOCABULARY + "    part_of: [nvidia, amercia]\n"
    assert problems_in(tmp_path, FACT, vocabulary=vocabulary) == [
        "vocabulary.yaml:5:15: entities[0] (nvidia) part_of[0]: an entity cannot be part of itself",
        "vocabulary.yaml:5:23: entities[0] (nvidia) part_of[1]: unknown entity 'amercia'",
    ]


def test_eval_expect_naming_no_fact(tmp_path):
    tests = """\
        tests:
          - question: is nvidia selling to china?
            expect: h20-sale
            category: exact
    """
    assert problems_in(tmp_path, FACT, eval=tests) == [
        "eval.yaml:3:13: tests[0] ('is nvidia selling to china?') expect: "
        "no fact has the id 'h20-sale' (did you mean 'h20-sales'?)"
    ]


def test_excerpt_not_verbatim_in_the_document(tmp_path):
    facts = FACT.replace("a key artificial intelligence chip", "a key AI chip")
    assert problems_in(tmp_path, facts) == [
        "facts.yaml:11:18: facts[0] (h20-sales) sources[0].excerpt: excerpt not found word "
        "for word in article.txt (source 'article')"
    ]


def test_excerpt_may_be_folded_over_lines_in_yaml(tmp_path):
    facts = FACT.replace(
        "excerpt: Nvidia plans to recommence selling a key artificial intelligence chip",
        "excerpt: >-\n          Nvidia plans to recommence\n          selling a key artificial",
    )
    assert list(load_knowledge([write_kb(tmp_path / "kb", facts=facts)]).facts) == ["h20-sales"]


def test_missing_document_file(tmp_path):
    sources = SOURCES.replace("document: article.txt", "document: texts/article.txt")
    assert problems_in(tmp_path, FACT, sources=sources) == [
        "sources.yaml:5:15: sources[0] (article) document: texts/article.txt: cannot read "
        "the file: No such file or directory (looked for texts/article.txt)"
    ]


def test_the_document_is_found_relative_to_the_yaml_file_that_defines_the_source(tmp_path):
    kb = write_kb(tmp_path / "kb", facts=FACT)
    (kb / "texts").mkdir()
    (kb / "article.txt").rename(kb / "texts" / "article.txt")
    (kb / "texts" / "sources.yaml").write_text(SOURCES)  # beside its document, one level down
    (kb / "sources.yaml").unlink()
    assert list(load_knowledge([kb]).sources) == ["article"]


def test_quote_words_not_verbatim_in_any_cited_document(tmp_path):
    quote = (
        "    kind: quote\n    quote:\n      speaker: Jensen Huang\n"
        """      words: '"We want the American tech stack to be the global standard,"'\n"""
    )
    facts = FACT.replace("    kind: event\n", quote)
    assert problems_in(tmp_path, facts) == [
        "facts.yaml:8:14: facts[0] (h20-sales) quote.words: quoted words not found word for "
        "word in article.txt (the document writes its quotes and apostrophes differently: "
        "’ “ ” vs ' \")"
    ]
    facts = facts.replace("'\"We want", "'“We want").replace("standard,\"'", "standard,”'")
    assert list(load_knowledge([write_kb(tmp_path / "kb", facts=facts)]).facts) == ["h20-sales"]


# --- files that are not knowledge files ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "# only a comment\n", "{}\n", "---\n", "facts: []\nsources: []\n"],
    ids=["empty", "comments", "empty-mapping", "empty-document", "empty-sections"],
)
def test_a_file_that_defines_nothing(tmp_path, text):
    assert problems_in(tmp_path, FACT, notes=text) == [
        "notes.yaml:1:1: defines nothing: not a knowledge file"
    ]


def test_top_level_not_a_mapping(tmp_path):
    assert problems_in(tmp_path, "- id: h20-sales\n  title: x\n") == [
        "facts.yaml:1:1: the top level is a list, not a mapping: a knowledge file is a mapping "
        "of sections (sources:, facts:, entities:, synonyms:, shorthand:, tests:)"
    ]


def test_every_problem_in_every_file_is_listed(tmp_path):
    facts = FACT.replace("kind: event", "kind: news").replace("source: article", "source: x")
    found = problems_in(tmp_path, facts, broken="facts: [\n", vocabulary="{}\n")
    assert found == [
        "broken.yaml:2:1: YAML syntax error: did not find expected node content "
        "(while parsing a flow node at line 2, column 1)",
        "facts.yaml:5:11: facts[0] (h20-sales) kind: 'news' is not one of 'date', 'figure', "
        "'quote', 'event', 'actor', 'background', 'product' or 'policy'",
        "vocabulary.yaml:1:1: defines nothing: not a knowledge file",
    ]


def test_facts_valid_on_their_own_are_still_checked_when_a_neighbour_is_invalid(tmp_path):
    broken = FACT.replace("kind: event", "kind: news")
    second = FACT.split("facts:\n")[1].replace("a key artificial", "a key AI")
    assert problems_in(tmp_path, broken + second) == [
        "facts.yaml:5:11: facts[0] (h20-sales) kind: 'news' is not one of 'date', 'figure', "
        "'quote', 'event', 'actor', 'background', 'product' or 'policy'",
        "facts.yaml:12:9: facts[1] (h20-sales) id: duplicate fact id 'h20-sales': "
        "first defined at facts.yaml:2:9",
        "facts.yaml:21:18: facts[1] (h20-sales) sources[0].excerpt: excerpt not found word "
        "for word in article.txt (source 'article')",
    ]


def test_missing_path_is_a_problem_not_a_crash(tmp_path):
    with pytest.raises(KnowledgeError) as caught:
        discover([tmp_path / "nowhere.yaml"])
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path}/nowhere.yaml:0:0: no such file or folder"
    ]


def test_a_folder_without_yaml_is_a_problem(tmp_path):
    with pytest.raises(KnowledgeError, match="no knowledge files"):
        load_knowledge([tmp_path])


def test_problems_deep_in_a_big_file_are_reported_where_they_are(tmp_path):
    # Big files are validated a slice of facts at a time; positions must not shift.
    item = FACT.split("\n", 1)[1]  # ten lines: "  - id:" first, "    kind:" fourth
    facts = [item.replace("h20-sales", f"fact-{n}") for n in range(250)]
    facts[150] = facts[150].replace("kind: event", "kind: rumour")
    facts[201] = facts[201].replace("    title: Nvidia resumes H20 sales\n", "")
    text = "facts:\n" + "".join(facts)
    text += "tests:\n  - {question: hi, expect: nope, category: guess}\n"
    fact_line = [2 + 10 * n for n in range(250)]  # line 1 is "facts:"
    assert problems_in(tmp_path, text) == [
        f"facts.yaml:{fact_line[150] + 3}:11: facts[150] (fact-150) kind: 'rumour' is not one "
        "of 'date', 'figure', 'quote', 'event', 'actor', 'background', 'product' or 'policy'",
        f"facts.yaml:{fact_line[201]}:5: facts[201] (fact-201): missing required field 'title'",
        # 2,500 lines of facts less the missing title, then "tests:"
        "facts.yaml:2502:44: tests[0] ('hi') category: 'guess' is not one of 'exact', "
        "'paraphrase', 'typo', 'short', 'plain', 'chat', 'shorthand', 'fragment', 'long', "
        "'formal', 'nonnative', 'angle', 'offtopic', 'neardomain' or 'greeting'",
    ]
