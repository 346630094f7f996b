"""The YAML a knowledge file may use, and hostile input rejected fast at the right place."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from pathlib import Path

import pytest
import yaml

from knowledge import safe_yaml
from knowledge.loader import load_knowledge
from knowledge.paths import BUNDLED_DIR
from knowledge.problems import KnowledgeError

ONLY_CORE_TAGS = "knowledge files use only the scalar tags !!str, !!int, !!float, !!bool and !!null"


def problems_of(tmp_path: Path, content: bytes | str) -> list[str]:
    path = tmp_path / "facts.yaml"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge([path])
    return [str(p).replace(f"{tmp_path}/", "") for p in caught.value.problems]


# --- hostile input ---------------------------------------------------------------------------


def test_an_anchor_is_rejected_before_any_alias_is_expanded(tmp_path):
    bomb = "a: &a [lol, lol, lol]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"
    assert problems_of(tmp_path, bomb) == [
        "facts.yaml:1:4: anchor &a: anchors and aliases are not allowed in knowledge files"
    ]


def test_an_alias_is_rejected_even_without_its_anchor(tmp_path):
    assert problems_of(tmp_path, "facts:\n  - *fact\n") == [
        "facts.yaml:2:5: alias *fact: aliases and anchors are not allowed in knowledge files"
    ]


def test_nesting_is_rejected_where_it_crosses_the_limit(tmp_path):
    # The root mapping is level 1; 31 lists inside it make 32 levels, which is allowed.
    allowed = "facts: " + "[" * 31 + "]" * 31 + "\n"
    assert "nested deeper" not in " ".join(problems_of(tmp_path, allowed))
    too_deep = "facts: " + "[" * 40
    assert problems_of(tmp_path, too_deep) == [
        "facts.yaml:1:39: nested deeper than 32 levels: not a knowledge file"
    ]


def test_very_deep_nesting_is_one_problem_on_its_first_line(tmp_path):
    # libyaml itself refuses 1,000 flow levels since PyYAML 6.0.4; either way, one clear line.
    [problem] = problems_of(tmp_path, "facts: " + "[" * 10_000)
    assert problem.startswith("facts.yaml:1:")
    assert re.search(r"\bnest(ed|ing)\b", problem, re.IGNORECASE), problem


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("!!python/object/apply:os.system [echo hi]", "!!python/object/apply:os.system"),
        ("!!set {a, b}", "!!set"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!timestamp 2025-07-22", "!!timestamp"),
        ("!local text", "!local"),
    ],
)
def test_tags_other_than_core_scalars_are_rejected(tmp_path, value, shown):
    assert problems_of(tmp_path, f"facts:\n  - id: {value}\n") == [
        f"facts.yaml:2:9: tag {shown} is not allowed: {ONLY_CORE_TAGS}"
    ]


def test_core_scalar_tags_are_allowed_and_checked(tmp_path):
    data = "a: !!str 2025\nb: !!int '7'\nc: !!float 1\nd: !!bool true\ne: !!null ''\n"
    assert safe_yaml.parse(data.encode()).data == {
        "a": "2025",
        "b": 7,
        "c": 1.0,
        "d": True,
        "e": None,
    }
    assert problems_of(tmp_path, "facts:\n  - !!int seven\n") == [
        "facts.yaml:2:5: 'seven' is not a valid !!int"
    ]
    assert problems_of(tmp_path, "facts:\n  - !!bool yes\n") == [  # YAML 1.2: true/false only
        "facts.yaml:2:5: 'yes' is not a valid !!bool"
    ]


def test_a_second_document_is_rejected(tmp_path):
    assert problems_of(tmp_path, "facts: []\n---\nsources: []\n") == [
        "facts.yaml:2:1: a second YAML document: a knowledge file holds exactly one (remove '---')"
    ]


def test_an_oversized_file_is_rejected_without_reading_it(tmp_path):
    path = tmp_path / "facts.yaml"
    with path.open("wb") as stream:  # sparse: takes no disk space
        stream.truncate(safe_yaml.MAX_FILE_BYTES + 1)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge([path])
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:0:0: file is larger than 64 MiB: not a knowledge file"
    ]


def test_invalid_utf8_is_rejected_where_it_is(tmp_path):
    assert problems_of(tmp_path, b"facts:\n  - id: caf\xe9\n") == [
        "facts.yaml:2:12: not valid UTF-8 text (incomplete UTF-8 octet sequence)"
    ]


def test_a_nul_byte_is_rejected_where_it_is(tmp_path):
    assert problems_of(tmp_path, b"facts:\n  - id: a\x00b\n") == [
        "facts.yaml:2:10: NUL byte: this is a binary (or UTF-16) file, not UTF-8 text"
    ]


def test_utf16_is_rejected(tmp_path):
    assert problems_of(tmp_path, "facts: []\n".encode("utf-16")) == [
        "facts.yaml:1:1: file is UTF-16 or UTF-32 encoded: save it as UTF-8"
    ]


def test_a_control_character_is_rejected(tmp_path):
    assert problems_of(tmp_path, "facts:\n  - id: a\x07\n") == [
        "facts.yaml:2:10: character 0x7 is not allowed (control characters are not allowed)"
    ]


def test_syntax_errors_carry_the_parsers_position_and_words(tmp_path):
    assert problems_of(tmp_path, "facts:\n  - id: a\n   title: b\n") == [
        "facts.yaml:3:4: YAML syntax error: did not find expected '-' indicator "
        "(while parsing a block collection at line 2, column 3)"
    ]
    assert problems_of(tmp_path, "facts:\n  - id: 'a\n") == [
        "facts.yaml:3:1: YAML syntax error: found unexpected end of stream "
        "(while scanning a quoted scalar at line 2, column 9)"
    ]


def test_a_list_or_mapping_as_a_key_is_rejected(tmp_path):
    assert problems_of(tmp_path, "? [a, b]\n: c\n") == [
        "facts.yaml:1:3: a mapping key must be a plain word, not a list or mapping"
    ]


# --- what plain YAML means -------------------------------------------------------------------


TEN_THIRTY = dt.datetime(2025, 7, 22, 10, 30)


def test_plain_scalars_resolve_by_the_yaml_1_2_core_schema():
    text = (
        "- [1, -2, +3, 0x1F, 0o17, 017, 2.5, -1.5e+3, 1e3, .inf, -.Inf, 6.8523015e+5]\n"
        "- [true, False, TRUE, ~, null, '', 'yes', \"1\", 2025-07-22, 2025-07-22 10:30:00]\n"
        "- [yes, No, on, OFF, y, 1:20, 1_000, 0b11, 0xG, 2025, 2.5e9, v1.0]\n"
        "- {key: , 1: one, true: yes}\n"
    )
    assert safe_yaml.parse(text.encode()).data == [
        [1, -2, 3, 31, 15, 17, 2.5, -1500.0, 1000.0, float("inf"), float("-inf"), 685230.15],
        [True, False, True, None, None, "", "yes", "1", dt.date(2025, 7, 22), *[TEN_THIRTY]],
        # YAML 1.1's booleans, base-60 numbers, underscores and binary are text in YAML 1.2.
        ["yes", "No", "on", "OFF", "y", "1:20", "1_000", "0b11", "0xG", 2025, 2.5e9, "v1.0"],
        {"key": None, "1": "one", "true": "yes"},  # keys are kept as written
    ]
    [nan] = safe_yaml.parse(b"[.nan]").data
    assert nan != nan


@pytest.mark.parametrize(
    "number",
    ["0x" + "f" * 5_000, "1" * 101, "-1." + "5" * 100, "0o" + "7" * 200],
)
def test_a_number_longer_than_100_characters_is_one_problem(tmp_path, number):
    assert problems_of(tmp_path, f"facts:\n  - {number}\n") == [
        f"facts.yaml:2:5: a number of {len(number):,} characters: at most 100 "
        "(put it in quotes if it is text)"
    ]
    assert problems_of(tmp_path, f"facts:\n  - !!float {number}\n")[0].startswith(
        "facts.yaml:2:5: a number of"
    )


def test_a_long_base_60_number_is_text_read_in_linear_time(tmp_path):
    # YAML 1.1 reads it as one huge integer, in quadratic time; 1.2 reads text.
    sexagesimal = "1" + ":59" * 300_000
    started = time.perf_counter()
    found = problems_of(tmp_path, f"facts:\n  - answer: {sexagesimal}\n")
    assert time.perf_counter() - started < 10  # YAML 1.1: minutes
    assert "expected a mapping" in " ".join(found) or "too long" in " ".join(found)
    assert safe_yaml.parse(b"1:20:30").data == "1:20:30"


def test_a_mapping_with_too_many_keys_stops_at_the_limit(tmp_path):
    keys = "".join(f"k{n}: 1\n" for n in range(1_001))
    assert problems_of(tmp_path, keys) == [
        "facts.yaml:1001:8: a mapping of more than 1,000 keys: not a knowledge file"
    ]


def test_a_list_with_too_many_items_stops_at_the_limit(tmp_path):
    items = "facts:\n  - id: a\n    keywords: [" + "k, " * 100_001 + "]\n"
    [line] = problems_of(tmp_path, items)
    assert line.endswith(": a list of more than 100,000 items: not a knowledge file")


def test_loading_has_a_time_limit(tmp_path):
    path = tmp_path / "facts.yaml"
    path.write_text("facts:\n" + "  - {id: a, title: t}\n" * 5_000)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge([path], seconds=0.0)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:0:0: loading the knowledge base took longer than 0 s: stopped"
    ]


def test_plain_scalars_pyyaml_cannot_construct_stay_text():
    # yaml.safe_load raises ValueError / ConstructorError on these; a knowledge file gets the
    # text, so the schema can say what is wrong with it.
    assert safe_yaml.parse(b"[2025-13-01, =, <<]").data == ["2025-13-01", "=", "<<"]


def test_the_bundled_files_parse_exactly_as_yaml_safe_load_does():
    # They use nothing on which YAML 1.1 (PyYAML) and 1.2 (our loader) disagree.
    files = sorted(BUNDLED_DIR.rglob("*.yaml"))
    if not files:
        pytest.skip("knowledge/facts has no YAML yet")
    for path in files:
        data = path.read_bytes()
        assert safe_yaml.parse(data).data == yaml.safe_load(data), path


def test_positions_are_recorded_for_keys_and_values_on_request():
    text = "facts:\n  - id: a\n    questions: [x, 'y']\n"
    document = safe_yaml.parse(text.encode(), with_positions=True)
    positions = document.positions
    assert positions.value(("facts", 0)) == (2, 5)
    assert positions.key(("facts", 0, "questions")) == (3, 5)
    assert positions.value(("facts", 0, "questions", 1)) == (3, 20)
    assert positions.value(("facts", 0, "no-such-field")) == (2, 5)  # nearest ancestor
    assert safe_yaml.parse(text.encode()).positions is None


def test_a_fifo_among_the_files_is_reported_not_opened(tmp_path):
    # Opening a FIFO blocks until someone writes to it: a check must never hang on one.
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "facts.yaml").write_text("facts: []\n")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge([tmp_path])
    assert [str(p).replace(f"{tmp_path}/", "") for p in caught.value.problems] == [
        "facts.yaml:1:1: defines nothing: not a knowledge file",
        "pipe.yaml:0:0: not a regular file",
    ]


def test_a_document_path_with_a_nul_character_is_a_problem_not_a_crash(tmp_path):
    text = 'sources:\n  - id: article\n    headline: H\n    document: "a\\0b.txt"\n'
    assert problems_of(tmp_path, text) == [
        "facts.yaml:4:15: sources[0] (article) document: contains the control character "
        "\\x00 (character 2): remove it"
    ]
