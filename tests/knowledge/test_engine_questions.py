"""How the engine reads a question: what is asked, by whom, and what only surrounds it.

Each test is one family of questions people ask (issue: answers that hold up on questions
nobody wrote down), checked on the bundled knowledge base through AnswerEngine.answer.
"""

from __future__ import annotations

import json

import pytest

from knowledge.engine import AnswerEngine
from knowledge.loader import load_knowledge
from knowledge.question import requested_detail, split_question
from knowledge.text import words
from tradeqa.answer_text import answer_json, answer_text

REAPPLIED = "nvidia-reapplied-for-export-licenses"
APPROVALS = "nvidia-approvals-forthcoming-deliveries-soon"
BESSENT = "bessent-negotiating-chip-quote"
Q1_LOSS = "h20-revenue-hit-q1-2025"
MEETING = "huang-trump-white-house-meeting"


@pytest.fixture(scope="module")
def engine() -> AnswerEngine:
    return AnswerEngine(load_knowledge())


# -- the detail asked is not in the fact ------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("how many export licences did nvidia file", REAPPLIED),
        ("how much revenue did nvidia expect to lose in the fourth quarter", Q1_LOSS),
        ("what's the price of an h20?", None),
        # A body, not the person asked for: the AMD fact names the Commerce Department only.
        (
            "who is the commerce secretary that told amd its licence applications would be"
            " reviewed?",
            None,
        ),
    ],
)
def test_an_on_topic_fact_without_the_detail_is_related_not_the_answer(engine, question, fact_id):
    answer = engine.answer(question)
    assert answer.outcome == "related"
    assert not answer.answered and answer.fact_id is None
    assert answer.missing  # says what was asked
    assert answer_text(answer).startswith(f"The knowledge base doesn't say {answer.missing}.")
    assert answer.suggestions[0].fact_id == answer.fact.id
    if fact_id:
        assert answer.fact.id == fact_id


def test_related_in_json_has_the_public_fields(engine):
    payload = answer_json(engine.answer("how many export licences did nvidia file"))
    assert payload["answered"] is False and payload["outcome"] == "related"
    assert payload["fact_id"] is None and payload["answer"] is None
    assert payload["missing"] == "how many"
    assert payload["suggestions"][0]["fact_id"] == REAPPLIED
    json.dumps(payload)  # serialisable as is


def test_a_period_the_facts_do_not_state_is_named_as_missing(engine):
    answer = engine.answer("how much revenue did nvidia expect to lose in the fourth quarter")
    assert "fourth quarter" in answer.missing


@pytest.mark.parametrize(
    "question",
    [
        "how much did nvidia expect to lose in q1?",
        "when is huang in beijing?",
        "how many times has huang visited china this year",
        "who is the ceo of nvidia",
        "where did huang meet trump",
    ],
)
def test_a_fact_that_gives_the_detail_still_answers(engine, question):
    assert engine.answer(question).answered, question


# -- the wrong party ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "what did china's government promise nvidia",
        "what did the chinese government say about the h20",
        "what did beijing's commerce ministry say about nvidia",
    ],
)
def test_another_countrys_party_is_not_answered_with_the_us_one(engine, question):
    answer = engine.answer(question)
    assert not answer.answered, (question, answer.fact_id)


def test_the_us_party_named_outright_still_answers(engine):
    assert engine.answer("what did the us government tell nvidia").fact_id == APPROVALS


@pytest.mark.parametrize(
    "question",
    ["what did trump say to jensen huang?", "what did trump say after the meeting"],
)
def test_what_someone_said_needs_a_fact_that_gives_their_words(engine, question):
    answer = engine.answer(question)
    assert not answer.answered
    assert answer.outcome != "related" or "Trump" in answer.missing


def test_others_beyond_the_one_named_are_not_answered_with_the_one_named(engine):
    assert not engine.answer("Which Chinese AI models other than DeepSeek use the H20?").answered


# -- chat register and long questions --------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("what did jensen say bout the dollar", "huang-american-tech-stack-quote"),
        ("whats nvidias valuation", "nvidia-4-trillion-valuation"),
        (
            "I was reading the news this morning on my phone and got curious: what did Scott "
            "Bessent tell Bloomberg about the export controls?",
            BESSENT,
        ),
        (
            "sorry if this was asked already, I just joined the server — when is Jensen Huang "
            "doing his media briefing in Beijing?",
            "huang-beijing-media-briefing",
        ),
    ],
)
def test_shorthand_and_preambles_still_find_the_fact(engine, question, fact_id):
    assert engine.answer(question).fact_id == fact_id


def test_a_preamble_is_context_not_the_question():
    parts = split_question(
        "sorry if this was asked already, I just joined — when is Huang in Beijing?"
    )
    assert parts.focus == "when is Huang in Beijing?"
    assert "joined" in parts.context


def test_a_run_on_message_is_read_from_its_question_word():
    parts = split_question("hey new here quick question what did bessent say?")
    assert parts.focus == "what did bessent say"
    whole = "what kind of event is huang attending in beijing when he speaks?"
    assert split_question(whole).focus == whole  # a later "when" belongs to the question


def test_the_sentence_that_asks_is_the_question_when_its_clauses_say_too_little():
    # Split at ", and", neither clause asks enough on its own; the sentence does.
    parts = split_question(
        "My manager wants a one-line summary for our team chat. In short, what is Nvidia "
        "resuming, and with which country? I really don't have time to read it."
    )
    assert parts.focus == "In short, what is Nvidia resuming, and with which country?"
    assert "manager" in parts.context and "time" in parts.context


def test_a_sentence_ending_in_a_year_ends_before_the_question():
    parts = split_question("I think Huang went to China in 2025. Which month was that first trip?")
    assert parts.focus == "Which month was that first trip?"
    assert "2025" in parts.context


def test_a_short_question_with_a_pronoun_reads_with_whom_it_points_back_to(engine):
    answer = engine.answer("I read that Huang met Trump last week. Where did they meet?")
    assert answer.fact_id == MEETING


def test_a_question_that_fits_several_facts_alike_gets_them_as_suggestions(engine):
    answer = engine.answer("Which company was it?")
    assert answer.outcome == "unanswered"
    assert len(answer.suggestions) >= 3


@pytest.mark.parametrize(
    "greeting", ["hey guys", "hi there,", "hello folks!", "yo bro", "thanks mate, and"]
)
def test_a_greeting_before_the_question_changes_nothing(engine, greeting):
    plain = engine.answer("what did bessent say about the export controls")
    greeted = engine.answer(f"{greeting} what did bessent say about the export controls")
    assert plain.outcome == greeted.outcome == "answered"
    assert greeted.fact_id == plain.fact_id


@pytest.mark.parametrize("message", ["cheers mate", "thanks buddy", "hi team", "hey there"])
def test_a_greeting_or_thanks_alone_gets_the_help_text(engine, message):
    assert engine.answer(message).outcome == "help"


def test_unable_to_asks_what_cannot_does(engine):
    # "unable" is "can't" written out: it names no topic of its own.
    assert engine.answer("why was nvidia unable to sell the h20 in china").fact_id == (
        engine.answer("why couldn't nvidia sell the h20 in china").fact_id
    )
    assert engine.answer("why was nvidia unable to sell the h20 in china").answered


def test_the_price_of_a_thing_is_not_what_it_cost_someone(engine):
    price = engine.answer("how much does an h20 cost?")
    assert price.outcome == "related" and "price" in price.missing
    assert engine.answer("how much did the h20 curbs cost nvidia in q1").fact_id == Q1_LOSS
    assert engine.answer("how much did the restrictions cost").answered


def test_whom_a_pronoun_points_back_to_belongs_to_the_question(engine):
    query = engine.index.analyse("I hold a few AMD shares. Did anything happen with their chips?")
    assert "@amd" in query.content


def test_an_asking_clause_without_a_topic_of_its_own_reads_the_whole_message(engine):
    query = engine.index.analyse(
        "I read that Nvidia's guidance left China out. Is that mentioned in the article?"
    )
    assert {"@nvidia", "@china"} <= set(query.content)


@pytest.mark.parametrize(
    ("question", "detail"),
    [
        ("how many licences did nvidia file", "count"),
        ("how much revenue did nvidia lose", "money"),
        ("what share of nvidia's sales is china", "percent"),
        ("when is the briefing", "date"),
        ("which month was the trip", "month"),
        ("on what exact date did huang meet trump", "exact_date"),
        ("when exactly did nvidia introduce the h20", "exact_date"),
        ("exactly when did nvidia reapply", "exact_date"),
        ("who else was at the meeting", "others"),
        ("where is the expo", "place"),
        ("what kind of event is it when he speaks", None),
        ("huang trump meeting location", "place"),
        ("what was the date of the interview", "date"),
        ("what's the month of the trip", "month"),
        ("who is the commerce secretary", "individual"),
        ("who runs nvidia day to day", "individual"),
        ("who told amd its licences would be reviewed", "person"),
        ("what is the tariff on indian goods", "amount"),  # a rate or a sum
        ("what's the duty on steel above the quota", "amount"),
        ("what was the revenue from china", "money"),
        ("how long did witkoff meet putin", "duration"),
    ],
)
def test_the_detail_asked_for(question, detail):
    assert requested_detail(words(question)).detail == detail


# -- not about the knowledge base ----------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["is there anything new", "what's new", "Does TSMC manufacture the H20 chips?"],
)
def test_everyday_or_unknown_names_get_no_confident_answer(engine, question):
    assert not engine.answer(question).answered, question


@pytest.mark.parametrize(
    "question",
    ["helo there", "Good morning! I hope you're doing well.", "thanks, appreciate it", "gm all"],
)
def test_small_talk_gets_the_help_text(engine, question):
    assert engine.answer(question).outcome == "help", question


def test_everyday_word_aliases_are_warned_about_and_the_bundled_base_has_none():
    from knowledge.schema import Entity
    from knowledge.vocabulary_checks import everyday_aliases

    bodies = [
        Entity(id="gov", name="U.S. government", kind="organisation", aliases=("the government",)),
        Entity(id="us", name="United States", kind="country", aliases=("US", "usa")),
    ]
    warnings = everyday_aliases(bodies)
    assert len(warnings) == 1 and "'the government'" in warnings[0]  # "US" is a pronoun
    assert everyday_aliases(load_knowledge().entities.values()) == []


def test_a_pronoun_names_the_country_only_in_capitals(engine):
    lower = engine.index.analyse("can you tell us about the tariff deal")
    upper = engine.index.analyse("can you tell me about the US tariff deal")
    assert "@united-states" not in lower.content
    assert "@united-states" in upper.content
