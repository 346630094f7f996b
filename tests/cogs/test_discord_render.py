"""Cutting text to Discord's limits, and how an answer embed reads."""

from __future__ import annotations

import discord
import pytest
from knowledge_helpers import make_fact

from cogs import _safe_text as limits
from cogs._answer_buttons import answer_view
from cogs._answer_embed import answer_embed
from knowledge.answer import Answer, Replaced, Suggestion
from knowledge.schema import QuoteValue, Source, to_dict
from tradeqa.service import Reply

SOURCE = Source(
    id="src",
    headline="Nvidia to Resume AI Chip Sales to China",
    publisher="World Today News",
    published="2025-07-22",
    url="https://example.org/nvidia",
)


# --------------------------------------------------------------------------- clip


def test_clip_keeps_short_text():
    assert limits.clip("hello world", 11) == "hello world"


def test_clip_cuts_at_a_word_boundary():
    text = "the quick brown fox jumps over the lazy dog"
    cut = limits.clip(text, 20)
    assert len(cut) <= 20
    assert cut == "the quick brown fox…"
    assert text.startswith(cut[:-1])


def test_clip_cuts_a_single_huge_word_hard():
    cut = limits.clip("x" * 5000, 100)
    assert len(cut) == 100 and cut.endswith("…")


@pytest.mark.parametrize("limit", [1, 2, 5, 50, 99, 1024, 4096])
def test_clip_never_exceeds_the_limit(limit):
    text = ("lorem ipsum dolor " * 500).strip()
    assert len(limits.clip(text, limit)) <= limit


def test_echo_neutralises_mentions_and_markdown():
    echoed = limits.echo(
        "@everyone **look** <@123456789012345678> <@&456789012345678901> ||spoiler||", 200
    )
    assert "@everyone" not in echoed  # a zero-width space now follows the @
    assert "<@123456789012345678>" not in echoed
    assert "<@&456789012345678901>" not in echoed
    assert "\\*\\*look\\*\\*" in echoed and "\\|\\|spoiler\\|\\|" in echoed


def test_echo_never_ends_in_a_dangling_escape():
    echoed = limits.echo("word " * 10 + "*" * 300, 80)
    assert not echoed.rstrip("…").endswith("\\")


# --------------------------------------------------------------------------- blocks


def test_join_blocks_keeps_a_quote_whole_or_drops_it():
    quote = limits.block_quote("In order for America to be the world leader", "Jensen Huang")
    blocks = [("An answer.", False), (quote, True)]
    assert limits.join_blocks(blocks, 4096) == "An answer.\n\n" + quote
    # Not enough room for the quote: it goes, it is not cut mid-sentence.
    assert limits.join_blocks(blocks, 30) == "An answer."


def test_join_blocks_clips_ordinary_text_at_a_word():
    text = "word " * 100
    joined = limits.join_blocks([(text, False)], 60)
    assert len(joined) <= 60 and joined.endswith("word…")


def test_block_quote_prefixes_every_line():
    assert limits.block_quote("one\ntwo", "Someone") == "> one\n> two\n— Someone"


# --------------------------------------------------------------------------- embeds


def test_fit_embed_enforces_every_limit():
    embed = discord.Embed(title="t" * 300, description="word " * 2000)
    for _ in range(30):
        embed.add_field(name="n" * 300, value="v " * 700)
    embed.set_footer(text="f" * 3000)
    limits.fit_embed(embed)
    assert len(embed.title) <= limits.EMBED_TITLE
    assert len(embed.description or "") <= limits.EMBED_DESCRIPTION
    assert len(embed.fields) <= limits.EMBED_FIELDS
    assert all(len(f.name) <= 256 and len(f.value) <= 1024 for f in embed.fields)
    assert len(embed.footer.text) <= limits.EMBED_FOOTER
    assert limits.embed_size(embed) <= limits.EMBED_TOTAL


def test_pages_split_by_count_and_size():
    lines = [f"line {i}" for i in range(25)]
    assert [p.count("\n") + 1 for p in limits.pages(lines, per_page=10)] == [10, 10, 5]
    big = ["x " * 1000] * 5
    for page in limits.pages(big, limit=4096):
        assert len(page) <= 4096


# --------------------------------------------------------------------------- answers


BUNDLED_LIKE = Source(
    id="src",
    headline="Nvidia to Resume AI Chip Sales to China",
    published="2025-07-22",
    date_note="in a post dated July 22, 2025",
)


def test_answer_anchors_a_relative_date_to_its_report_and_shows_the_source_on_one_line():
    fact = make_fact(
        kind="date",
        answer="Huang holds a media briefing in Beijing this Wednesday.",
        dates=[{"as_written": "this Wednesday"}],
    )
    embed = answer_embed(Answer("when?", "answered", fact=fact, source=BUNDLED_LIKE))
    assert embed.title == fact.title
    assert embed.description == fact.answer
    assert [(f.name, f.value, f.inline) for f in embed.fields] == [
        ("When", "this Wednesday — per a post dated July 22, 2025", True)
    ]
    # The report's date is the embed's timestamp; the source is one line, with no link.
    assert embed.timestamp.date().isoformat() == "2025-07-22"
    assert embed.footer.text == (
        "Source: “Nvidia to Resume AI Chip Sales to China” · reported in a post dated July 22, 2025"
    )
    assert "\n" not in embed.footer.text and embed.url is None


def test_a_source_with_a_url_is_a_link_and_its_publisher_is_named():
    fact = make_fact(answer="Huang said America should lead.")
    embed = answer_embed(Answer("q", "answered", fact=fact, source=SOURCE))
    assert embed.url == "https://example.org/nvidia"
    assert "World Today News · reported July 22, 2025" in embed.footer.text


def test_fields_repeating_the_sentence_are_left_out_and_the_rest_stand_side_by_side():
    figure = {"as_written": "13%", "amount": 13, "unit": "percent", "measures": "share"}
    fact = make_fact(
        kind="figure",
        answer="The Chinese market accounted for 13% of Nvidia’s sales in 2024.",
        dates=[{"as_written": "2024", "iso": "2024"}],
        figures=[figure],
    )
    embed = answer_embed(Answer("q", "answered", fact=fact, source=SOURCE))
    assert embed.fields == []

    other = make_fact(
        kind="figure",
        answer="Nvidia expected to miss revenue from H20 sales.",
        dates=[{"as_written": "first quarter of 2025", "iso": "2025"}],
        figures=[{**figure, "as_written": "$2.5 billion", "unit": "USD"}],
    )
    embed = answer_embed(Answer("q", "answered", fact=other, source=SOURCE))
    assert [(f.name, f.value, f.inline) for f in embed.fields] == [
        ("When", "first quarter of 2025", True),
        ("Figure", "$2.5 billion", True),
    ]


def test_you_asked_is_echoed_only_when_the_question_is_passed():
    fact = make_fact()
    answer = Answer("when?", "answered", fact=fact, source=SOURCE)
    asked = answer_embed(answer, question="when is it?")
    assert asked.author.name == "You asked: when is it?"
    assert asked.footer.text.startswith("Source: ")
    assert answer_embed(answer).author.name is None


def test_quote_fact_shows_the_words_once_without_the_dangling_comma():
    words = "we want the American tech stack to be the global standard,"
    fact = make_fact(
        kind="quote",
        answer=f"“{words}” —Jensen Huang",
        quote=to_dict(QuoteValue(speaker="Jensen Huang", words=words)),
    )
    embed = answer_embed(Answer("q", "answered", fact=fact, source=SOURCE))
    assert embed.description == (
        "> “we want the American tech stack to be the global standard”\n— Jensen Huang"
    )


def test_related_answer_says_what_is_missing_then_what_it_has():
    fact = make_fact(title="Nvidia expected to miss $2.5 billion of H20 revenue")
    answer = Answer(
        "how many h20 chips?",
        "related",
        fact=fact,
        source=SOURCE,
        suggestions=(Suggestion(fact.id, fact.title), Suggestion("other", "H20 licence")),
        missing="how many",
    )
    embed = answer_embed(answer)
    assert embed.title == "The knowledge base doesn't say how many — here is what it has"
    assert embed.description.startswith(f"**{fact.title}**\n\n{fact.answer}")
    view = answer_view(Reply(answer, "abc123"))
    labels = [item.item.label for item in view.children]
    # The other suggestion (not the fact already shown), then the votes on what is shown.
    assert labels == ["H20 licence", "Helpful", "Not helpful"]


def test_miss_has_one_title_the_best_suggestion_primary_the_rest_in_a_menu_and_no_votes():
    suggestions = tuple(Suggestion(f"fact-{i}", f"Fact {i}") for i in range(5))
    answer = Answer("where?", "unanswered", suggestions=suggestions)
    reply = Reply(answer, "abc123")
    embed = answer_embed(answer)
    assert embed.title == "Not in the knowledge base"
    assert "knowledge base" not in embed.description  # the title says it once
    items = answer_view(reply).children
    assert [type(i).__name__ for i in items] == ["SuggestionButton", "SuggestionMenu"]
    button, menu = items
    assert button.custom_id == "tqa:fact:fact-0" and button.item.label == "Fact 0"
    assert button.item.style is discord.ButtonStyle.primary
    assert [(o.label, o.value) for o in menu.item.options] == [
        (f"Fact {i}", f"fact-{i}") for i in range(1, 5)
    ]


def test_two_suggestions_are_two_buttons_best_first():
    suggestions = (Suggestion("a", "Jensen Huang is Nvidia’s CEO"), Suggestion("b", "B"))
    answer = Answer("who?", "unanswered", suggestions=suggestions)
    items = answer_view(Reply(answer, "abc123")).children
    assert [(i.item.label, i.item.style) for i in items] == [
        ("Jensen Huang is Nvidia’s CEO", discord.ButtonStyle.primary),
        ("B", discord.ButtonStyle.secondary),
    ]
    assert answer_embed(answer).description == "The closest topics it has are below, best first."


def test_help_without_examples_has_no_buttons_and_says_how_to_ask():
    answer = Answer("hi", "help")
    assert answer_view(Reply(answer, "abc")) is None
    embed = answer_embed(answer, question="hi")
    assert embed.title and "/ask" in embed.description and embed.author.name is None


def test_long_question_and_long_title_fit():
    answer = Answer("x", "unanswered", suggestions=(Suggestion("f", "T " * 100),))
    embed = answer_embed(answer, question="why " * 1000)
    assert len(embed.author.name) <= 220
    view = answer_view(Reply(answer, "q"))
    assert all(len(item.item.label or "") <= limits.BUTTON_LABEL for item in view.children)


def test_suggestion_buttons_carry_the_question_and_asker_within_discords_100_characters():
    longest = "a" * 64  # the longest fact id the schema allows
    suggestions = (Suggestion("short-id", "Short"), Suggestion(longest, "Long"))
    answer = Answer("where?", "unanswered", suggestions=suggestions)
    query_id, asker = "18ed427ddca62069c35b7aa7e8caf79a", 1456074443980800008

    ids = [item.custom_id for item in answer_view(Reply(answer, query_id, asker)).children]

    assert all(len(custom_id) <= 100 for custom_id in ids)
    assert ids[0].startswith("tqa:s:") and ids[0].endswith(":short-id")
    # Too long to carry the question as well: the button still shows the fact.
    assert ids[1] == f"tqa:fact:{longest}"
    assert len(ids) == 2  # a miss: nothing to vote on


def test_an_answers_notes_follow_it_in_italics():
    fact = make_fact()
    older = Replaced("Old *title*", Source(id="old", headline="Old", published="2025-07-01"))
    answer = Answer("q", "answered", fact=fact, source=SOURCE, replaces=(older,))
    description = answer_embed(answer).description
    assert (
        description == f"{fact.answer}\n\n*This replaces “Old \\*title\\*”, reported July 1, 2025.*"
    )


def test_an_answer_reported_by_another_article_too_says_so_under_it():
    fact = make_fact()
    wire = Source(id="wire", headline="Nvidia repeats", publisher="AFP", published="2025-07-15")
    answer = Answer("q", "answered", fact=fact, source=SOURCE, also_reported=((wire, False),))
    description = answer_embed(answer).description
    assert description == (
        f"{fact.answer}\n\n*Also reported by AFP, “Nvidia repeats” (July 15, 2025; not yet "
        "reviewed).*"
    )
