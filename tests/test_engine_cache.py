"""The answer cache: repeated questions are answered from memory, never out of date."""

from __future__ import annotations

from dataclasses import replace

import pytest
from knowledge_helpers import knowledge_copy
from storage_helpers import column

from knowledge.engine import ANSWER_CACHE_SIZE, AnswerEngine
from knowledge.loader import load_knowledge
from tradeqa.service import Asker, TradeQA

FACTS = "nvidia-china-2025-07-22.yaml"
SHARE_FACT = "china-share-of-nvidia-sales-2024"
DEEPSEEK_FACT = "h20-used-in-deepseek"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


@pytest.fixture
def engine(kb) -> AnswerEngine:
    return AnswerEngine(kb)


@pytest.fixture
def knowledge(tmp_path):
    """A private copy of the bundled knowledge base and its source document."""
    return knowledge_copy(tmp_path / "knowledge")


def test_a_repeated_question_gets_the_same_answer_in_each_askers_words(engine):
    first = engine.answer("china share of nvidia sales?")
    again = engine.answer("China  share of NVIDIA sales")

    assert first.fact_id == again.fact_id == SHARE_FACT
    assert (again.text, again.score, again.source) == (first.text, first.score, first.source)
    assert first.question == "china share of nvidia sales?"
    assert again.question == "China  share of NVIDIA sales"
    assert engine.cache_info().hits == 1


def test_a_question_asked_again_word_for_word_keeps_its_own_wording(engine):
    engine.answer("china share of nvidia sales?")
    variant = "<@123> China  share of NVIDIA sales"  # a mention and spacing: the same words
    first = engine.answer(variant)
    again = engine.answer(variant)  # now found as typed, before its words are folded

    assert again == first
    assert again.question == variant
    assert again.fact_id == SHARE_FACT
    assert engine.cache_info().hits == 2


@pytest.mark.parametrize(
    "variant",
    [
        "when is jensen haung in beijing?",  # a typo the index corrects
        "when is the jensen huang in beijing",  # a word that does not count
        "When is Jensen Huang in Beijing, please?",
    ],
)
def test_the_same_question_worded_a_little_differently_is_answered_from_the_cache(
    kb, engine, variant
):
    first = engine.answer("when is jensen huang in beijing?")
    answer = engine.answer(variant)

    assert engine.cache_info().hits == 1
    assert answer.question == variant
    assert answer == AnswerEngine(kb, cache_size=0).answer(variant) != first


def test_a_different_intent_is_not_served_the_cached_answer(kb, engine):
    engine.answer("when is jensen huang in beijing?")
    answer = engine.answer("why is jensen huang in beijing?")

    assert engine.cache_info().hits == 0
    assert answer == AnswerEngine(kb, cache_size=0).answer("why is jensen huang in beijing?")


@pytest.mark.parametrize(
    "variant",
    [
        "CHINA SHARE OF NVIDIA SALES?",
        "  china   share\tof nvidia sales  ",
        "<@123456789012345678> china share of nvidia sales",
        "@everyone china share of nvidia sales!!",
        "china share of nvidia-sales",
    ],
)
def test_a_question_differing_only_in_case_spacing_or_mentions_is_served_from_cache(
    engine, variant
):
    asked = engine.answer("china share of nvidia sales?")
    hits = engine.cache_info().hits

    answer = engine.answer(variant)

    assert engine.cache_info().hits == hits + 1
    assert answer.fact_id == asked.fact_id == SHARE_FACT
    assert answer.question == variant


def test_spacing_that_changes_the_words_is_not_served_the_cached_answer(kb, engine):
    # "h 20" (any run of spaces) is the model H20; "h - 20" is a letter, a dash and a
    # number. The cache must not merge them.
    assert engine.answer("does deepseek use the h 20?").fact_id == DEEPSEEK_FACT
    assert engine.answer("does deepseek use the h  20?").fact_id == DEEPSEEK_FACT

    answer = engine.answer("does deepseek use the h - 20?")

    assert answer == AnswerEngine(kb, cache_size=0).answer("does deepseek use the h - 20?")
    assert answer.fact_id != DEEPSEEK_FACT


async def test_every_asker_is_logged_with_their_own_wording(knowledge, tmp_path):
    db = tmp_path / "queries.db"
    service = await TradeQA.open(knowledge=[knowledge], db=db)
    try:
        first = await service.ask("china share of nvidia sales?", Asker("cli", user_name="ana"))
        second = await service.ask(
            "<@42> China share of Nvidia sales??", Asker("cli", user_name="ben")
        )
    finally:
        await service.close()

    assert second.answer.text == first.answer.text
    assert service.engine.cache_info().hits == 1
    assert column(db, "SELECT question FROM queries ORDER BY user_name") == [
        "china share of nvidia sales?",
        "<@42> China share of Nvidia sales??",
    ]


async def test_after_a_reload_an_edited_fact_is_answered_as_edited(knowledge):
    service = await TradeQA.open(knowledge=[knowledge], log=False)
    asker = Asker("cli", user_name="asker")
    before = await service.ask("china share of nvidia sales?", asker)
    assert "13% of Nvidia’s sales" in before.answer.text
    assert (
        await service.ask("china share of nvidia sales?", asker)
    ).answer.text == before.answer.text

    path = knowledge / FACTS
    old = "answer: The Chinese market accounted for 13% of Nvidia’s sales in 2024."
    new = "answer: In 2024 the Chinese market accounted for 13% of all Nvidia’s sales."
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    report = await service.reload(asker)
    assert report.ok and report.changed == (SHARE_FACT,)

    after = await service.ask("china share of nvidia sales?", asker)

    assert after.answer.fact_id == SHARE_FACT
    assert "13% of all Nvidia’s sales" in after.answer.text


def test_the_cache_forgets_the_least_recently_asked_beyond_its_size(kb):
    engine = AnswerEngine(kb, cache_size=3)
    questions = [case.question for case in kb.tests if engine.answer(case.question).score][:8]
    engine.cache_clear()
    for question in questions:
        engine.answer(question)
        assert engine.cache_info().currsize <= 3

    engine.answer(questions[-1])  # still remembered
    engine.answer(questions[0])  # forgotten long ago
    info = engine.cache_info()
    assert (info.hits, info.misses, info.currsize, info.maxsize) == (1, 9, 3, 3)


def test_the_default_cache_holds_a_few_thousand_answers(engine):
    # Up to three entries a question: as typed, its words, what the matcher makes of it.
    assert engine.cache_info().maxsize == ANSWER_CACHE_SIZE
    assert 1000 <= ANSWER_CACHE_SIZE // 3 <= 10_000


def test_cached_and_uncached_engines_answer_every_evaluation_question_alike(kb):
    cached = AnswerEngine(kb)
    uncached = AnswerEngine(kb, cache_size=0)
    questions = [case.question for case in kb.tests]

    first = [cached.answer(q) for q in questions]
    from_cache = [cached.answer(q) for q in questions]
    fresh = [uncached.answer(q) for q in questions]

    assert from_cache == first == fresh
    assert cached.cache_info().hits >= len(set(questions)) // 2
    assert uncached.cache_info() == (0, 0, 0, 0)


def test_a_twin_engine_without_cache_shares_the_index_and_answers_alike(engine):
    engine.answer("china share of nvidia sales?")
    twin = engine.with_cache(0)

    assert twin.index is engine.index
    assert twin.answer("china share of nvidia sales?") == engine.answer(
        "china share of nvidia sales?"
    )
    assert twin.cache_info().currsize == 0
    assert engine.cache_info().hits == 1


def test_an_answer_worked_out_afresh_bypasses_the_cache(engine):
    engine.answer("china share of nvidia sales?")

    answer = engine.answer("china share of nvidia sales?", cached=False)

    assert answer.fact_id == SHARE_FACT
    assert engine.cache_info()[:2] == (0, 1)


def test_no_cached_answer_outlives_a_change_of_matcher_settings(kb):
    engine = AnswerEngine(kb)
    assert engine.answer("china share of nvidia sales?").answered

    # Settings are fixed at construction; should anyone swap them, the cache forgets.
    engine.matcher.settings = replace(engine.matcher.settings, threshold=2.0)

    assert not engine.answer("china share of nvidia sales?").answered
