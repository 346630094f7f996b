"""The published JSON Schema, and the bundled knowledge base as the loader sees it."""

from __future__ import annotations

import json

import pytest

from knowledge import safe_yaml
from knowledge.loader import load_knowledge, schema_text, write_json_schema
from knowledge.paths import BUNDLED_DIR, SCHEMA_FILE

MINIMAL = b"""\
sources:
  - id: article
    headline: A headline
facts:
  - id: a-fact
    title: A fact
    answer: What the bot says.
    kind: event
    questions: [what happened?]
    sources:
      - source: article
        excerpt: what the article says
"""


def test_the_committed_schema_is_what_the_models_generate_now():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "knowledge.schema.json is stale: run "
        "`python -c 'from knowledge.loader import write_json_schema; write_json_schema()'`"
    )


def test_write_json_schema_writes_stable_formatting(tmp_path):
    target = tmp_path / "schema" / "knowledge.schema.json"
    write_json_schema(target)
    text = target.read_text(encoding="utf-8")
    assert text == schema_text()
    assert text.endswith("}\n") and text.startswith('{\n  "$defs"')
    assert json.loads(text)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_schema_accepts_a_minimal_file_and_rejects_a_misspelt_field():
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text()))
    data = safe_yaml.parse(MINIMAL).data
    assert list(validator.iter_errors(data)) == []
    data["facts"][0]["anwser"] = data["facts"][0].pop("answer")
    assert {e.validator for e in validator.iter_errors(data)} == {
        "additionalProperties",
        "required",
    }


def test_the_bundled_knowledge_base_loads_without_problems():
    if not any(BUNDLED_DIR.rglob("*.yaml")):
        pytest.skip("knowledge/facts has no YAML yet")
    kb = load_knowledge()  # raises KnowledgeError listing every problem
    assert kb.facts and kb.sources and kb.tests
    assert all(path.is_relative_to(BUNDLED_DIR) for path in kb.files)
