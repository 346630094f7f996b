"""Reloading: an edit shows at once, unchanged facts are not analysed again."""

from __future__ import annotations

import gc

import pytest
from knowledge_helpers import knowledge_copy

import tradeqa.service as service_module
from knowledge.index import KnowledgeIndex
from tradeqa.service import Asker, TradeQA

MOD = Asker("console", user_name="moderator")
FACTS = "nvidia-china-2025-07-22.yaml"


@pytest.fixture
def knowledge(tmp_path):
    """A private copy of the bundled knowledge base and its source document."""
    return knowledge_copy(tmp_path / "knowledge")


@pytest.fixture
def analysed(monkeypatch):
    """The ids of the facts the index analyses from their text."""
    seen: list[str] = []
    original = KnowledgeIndex._analyse

    def counting(self, fact):
        seen.append(fact.id)
        return original(self, fact)

    monkeypatch.setattr(KnowledgeIndex, "_analyse", counting)
    return seen


async def test_a_reload_analyses_only_the_edited_fact(knowledge, analysed):
    service = await TradeQA.open(knowledge=[knowledge], log=False)
    assert sorted(analysed) == sorted(service.engine.kb.facts)
    analysed.clear()

    path = knowledge / FACTS
    text = path.read_text()
    path.write_text(
        text.replace(
            "    title: 'Nvidia: world’s most valuable company",
            "    title: 'Nvidia: the world’s most valuable company",
            1,
        )
    )
    report = await service.reload(MOD)

    assert report.ok and report.changed == ("nvidia-4-trillion-valuation",)
    assert analysed == ["nvidia-4-trillion-valuation"]
    reply = await service.ask("how much is nvidia worth?", MOD)
    assert reply.answer.fact.title.startswith("Nvidia: the world’s")


async def test_a_new_answer_is_served_after_reload_and_the_rest_still_answer(knowledge, analysed):
    service = await TradeQA.open(knowledge=[knowledge], log=False)
    path = knowledge / FACTS
    text = path.read_text()
    extra = """
  - id: reload-test-fact
    title: Widget quotas
    answer: Widget quotas were never mentioned.
    kind: background
    questions: [what about widget quotas?]
    sources:
      - source: wtn-nvidia-china-2025-07-22
        excerpt: negotiating chip
"""
    analysed.clear()
    path.write_text(text.rstrip("\n") + "\n" + extra)
    report = await service.reload(MOD)
    assert report.ok and report.added == ("reload-test-fact",)
    assert analysed == ["reload-test-fact"]
    assert (await service.ask("widget quotas?", MOD)).answer.fact_id == "reload-test-fact"
    assert (await service.ask("china share of nvidia sales?", MOD)).answer.fact_id == (
        "china-share-of-nvidia-sales-2024"
    )


async def test_a_vocabulary_change_reanalyses_every_fact(knowledge, analysed):
    service = await TradeQA.open(knowledge=[knowledge], log=False)
    vocabulary = knowledge / "vocabulary.yaml"
    vocabulary.write_text(
        vocabulary.read_text().replace("aliases: [peking]", "aliases: [peking, pekin]")
    )
    analysed.clear()
    assert (await service.reload(MOD)).ok
    assert sorted(analysed) == sorted(service.engine.kb.facts)
    assert (await service.ask("when is huang in pekin?", MOD)).answer.fact_id == (
        "huang-beijing-media-briefing"
    )


async def test_after_a_reload_answers_come_from_the_new_engine(knowledge):
    # Which thread frees the replaced engine, and when, is timing: not asserted here.
    service = await TradeQA.open(knowledge=[knowledge], log=False)
    before = service.engine

    assert (await service.reload(MOD)).ok

    assert service.engine is not before
    reply = await service.ask("china share of nvidia sales?", MOD)
    assert reply.answer.fact_id == "china-share-of-nvidia-sales-2024"


async def test_an_engine_still_in_use_is_left_whole_by_a_reload(knowledge):
    # A command that took the engine before the reload finishes with it intact.
    service = await TradeQA.open(knowledge=[knowledge], log=False)
    in_use = service.engine

    assert (await service.reload(MOD)).ok

    assert service.engine is not in_use
    assert (
        in_use.answer("china share of nvidia sales?").fact_id == "china-share-of-nvidia-sales-2024"
    )


async def test_no_garbage_collection_walks_a_knowledge_base_being_built_or_in_use(
    knowledge, monkeypatch
):
    # A collection over a big knowledge base holds the GIL as long as it walks it (1.5 s at
    # 100k facts in the benchmark): answers would wait. None runs while a reload builds, and
    # what it built is frozen out of later ones; collections go on afterwards.
    collecting = []
    original = service_module.load_knowledge

    def load(*args, **kwargs):
        collecting.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(service_module, "load_knowledge", load)
    service = await TradeQA.open(knowledge=[knowledge], log=False)
    frozen = gc.get_freeze_count()
    assert (await service.reload(MOD)).ok

    assert collecting == [False, False]
    assert gc.isenabled()
    assert gc.get_freeze_count() > frozen
