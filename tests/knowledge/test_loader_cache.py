"""Reloading: the parse cache, discovery order, and the knowledge base version."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import pytest

from knowledge.loader import ParseCache, discover, load_knowledge
from knowledge.problems import KnowledgeError


def fact_file(fact_id: str, answer: str = "An answer.") -> str:
    return (
        "facts:\n"
        f"  - id: {fact_id}\n"
        f"    title: Title of {fact_id}\n"
        f"    answer: {answer}\n"
        "    kind: event\n"
        "    questions: [what happened?]\n"
        "    sources: [{source: article, excerpt: anything}]\n"
    )


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    folder = tmp_path / "kb"
    (folder / "nested").mkdir(parents=True)
    (folder / "sources.yaml").write_text("sources: [{id: article, headline: A headline}]\n")
    (folder / "b.yaml").write_text(fact_file("fact-b"))
    (folder / "nested" / "a.yml").write_text(fact_file("fact-a"))
    (folder / "notes.txt").write_text("not a knowledge file")
    (folder / ".backup.yaml").write_text("not: loaded")
    return folder


def test_after_one_file_of_three_changes_only_that_file_is_parsed_again(kb):
    cache = ParseCache()
    first = load_knowledge([kb], cache=cache)
    assert (cache.parses, cache.hits) == (3, 0)

    (kb / "b.yaml").write_text(fact_file("fact-b", answer="A corrected answer."))
    second = load_knowledge([kb], cache=cache)
    assert (cache.parses, cache.hits) == (4, 2)
    assert second.facts["fact-b"].answer == "A corrected answer."
    assert second.facts["fact-a"] is first.facts["fact-a"]  # reused, not rebuilt
    assert second.version != first.version
    assert len(cache) == 3  # the old b.yaml is forgotten


def test_a_broken_file_is_not_cached_and_is_reported_on_every_load(kb):
    cache = ParseCache()
    (kb / "b.yaml").write_text(fact_file("fact-b").replace("kind: event", "kind: rumour"))
    for _ in range(2):
        with pytest.raises(KnowledgeError, match="'rumour' is not one of"):
            load_knowledge([kb], cache=cache)
    assert cache.parses == 4  # b.yaml twice, the other two once each


def test_the_cache_can_be_used_from_a_worker_thread(kb):
    cache = ParseCache()
    results = []
    workers = [
        threading.Thread(target=lambda: results.append(load_knowledge([kb], cache=cache)))
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len({kb.version for kb in results}) == 1
    assert len(results) == 4 and len(cache) == 3


def test_discovery_is_recursive_sorted_and_skips_other_and_hidden_files(kb):
    assert discover([kb]) == [kb / "b.yaml", kb / "nested" / "a.yml", kb / "sources.yaml"]
    # A file given twice (directly and inside its folder) is loaded once.
    assert discover([kb / "b.yaml", kb]) == [
        kb / "b.yaml",
        kb / "nested" / "a.yml",
        kb / "sources.yaml",
    ]


def test_facts_keep_file_order_and_the_version_ignores_argument_order(kb):
    forwards = load_knowledge([kb / "b.yaml", kb / "nested" / "a.yml", kb / "sources.yaml"])
    backwards = load_knowledge([kb / "sources.yaml", kb / "nested" / "a.yml", kb / "b.yaml"])
    assert list(forwards.facts) == ["fact-b", "fact-a"]
    assert list(backwards.facts) == ["fact-a", "fact-b"]
    assert forwards.version == backwards.version
    assert len(forwards.version) == 12 and int(forwards.version, 16) >= 0


def test_the_knowledge_base_cannot_be_changed_in_place(kb):
    loaded = load_knowledge([kb])
    with pytest.raises(TypeError):
        loaded.facts["fact-x"] = loaded.facts["fact-a"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.facts["fact-a"].answer = "Rewritten behind the loader's back."


def cited_file(excerpt: str) -> str:
    return fact_file("fact-c").replace("excerpt: anything", f"excerpt: {excerpt}")


def test_an_edited_document_is_checked_again_though_the_facts_file_is_cached(kb):
    (kb / "sources.yaml").write_text(
        "sources: [{id: article, headline: A headline, document: article.txt}]\n"
        "facts:\n" + cited_file("Chips resume").split("facts:\n")[1]
    )
    (kb / "b.yaml").write_text(fact_file("fact-b").replace("anything", "sales to China"))
    (kb / "nested" / "a.yml").write_text(fact_file("fact-a").replace("anything", "Chips"))
    (kb / "article.txt").write_text("Chips resume\nsales to China.\n")
    cache = ParseCache()
    load_knowledge([kb], cache=cache)

    (kb / "article.txt").write_text("Chips resume sales.\n")  # no longer says "to China"
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge([kb], cache=cache)
    assert [str(p).split(": ", 1)[1] for p in caught.value.problems] == [
        "facts[0] (fact-b) sources[0].excerpt: excerpt not found word for word in "
        "article.txt (source 'article')"
    ]

    (kb / "article.txt").write_text("Chips resume sales to China.\n")
    assert len(load_knowledge([kb], cache=cache).facts) == 3


def test_a_duplicate_of_a_cached_fact_is_reported_at_both_lines(kb):
    cache = ParseCache()
    load_knowledge([kb], cache=cache)
    (kb / "c.yaml").write_text(fact_file("fact-a"))
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge([kb], cache=cache)
    assert [str(p) for p in caught.value.problems] == [
        f"{kb / 'nested' / 'a.yml'}:2:9: facts[0] (fact-a) id: duplicate fact id 'fact-a': "
        f"first defined at {kb / 'c.yaml'}:2:9"
    ]
