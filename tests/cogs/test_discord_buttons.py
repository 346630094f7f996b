"""The buttons under an answer: "Did you mean …?" and 👍/👎, through the real discord.py.

A suggestion click answers whoever clicked, privately; when the asker clicks one under their
own question it counts as their helpful vote on that question, never as a new question.
Only the asker votes on an answer, once (a second vote replaces the first).
"""

from __future__ import annotations

import re
from dataclasses import replace

from discord_helpers import create_bot, open_service, rows

from tradeqa.service import Asker

# The shared fixtures (settings, service, simcord_bot, world) come from the helpers module.
pytest_plugins = ["discord_helpers"]

BEIJING = "when is huang in beijing?"
# Near the domain but not covered: answered with "Did you mean …?" suggestions.
MISS = "where is nvidia headquartered?"
ONLY_THE_ASKER = "Only the person who asked can vote on this answer."


def queries(settings) -> list:
    return rows(settings.db, "SELECT * FROM queries ORDER BY asked_at, rowid")


def votes(settings) -> list[tuple]:
    found = rows(settings.db, "SELECT query_id, user_id, helpful FROM feedback ORDER BY voted_at")
    return [tuple(v) for v in found]


def buttons(message) -> list[dict]:
    return [c for row in message.components for c in row["components"]]


def suggestion_ids(message) -> list[str]:
    return [b["custom_id"] for b in buttons(message) if b["custom_id"].startswith("tqa:s:")]


async def test_a_miss_offers_suggestions_and_a_click_resolves_the_question(world, settings):
    result = await world.alice.slash(world.channel, "ask", question=MISS)
    embed = result.response.embeds[0]
    assert embed.title == "Not in the knowledge base"
    assert "closest topic" in embed.description
    shown = [
        b for b in buttons(result.response) if b["custom_id"] in suggestion_ids(result.response)
    ]
    # Labelled with the fact's title, the best one first as the primary button.
    service = world.env.bot.service
    best = service.fact(shown[0]["custom_id"].rsplit(":", 1)[1])
    assert shown[0]["label"] == best.title and shown[0]["style"] == 1
    # Nothing to rate on a miss.
    assert not [b for b in buttons(result.response) if b["custom_id"].startswith("tqa:fb:")]
    [miss] = queries(settings)
    assert miss["outcome"] == "unanswered"

    first = suggestion_ids(result.response)[0]
    fact_id = first.rsplit(":", 1)[1]
    for _ in range(5):
        clicked = await world.alice.click(result.response, custom_id=first)

    assert clicked.ephemeral
    answer = clicked.response.embeds[0]
    assert answer.title == world.env.bot.service.fact(fact_id).title
    # The clicks are no new questions: nothing for `/logs top` to count.
    assert [r["query_id"] for r in queries(settings)] == [miss["query_id"]]
    # The asker resolved their question: one helpful vote on it, which they may still change.
    assert votes(settings) == [(miss["query_id"], world.alice.id, 1)]
    down = next(b["custom_id"] for b in buttons(clicked.response) if b["label"] == "Not helpful")
    changed = await world.alice.click(clicked.response, custom_id=down)
    assert "Marked as not helpful" in changed.response.content
    assert votes(settings) == [(miss["query_id"], world.alice.id, 0)]


async def test_someone_else_clicking_a_suggestion_sees_it_but_records_nothing(world, settings):
    result = await world.alice.slash(world.channel, "ask", question=MISS)

    clicked = await world.mod.click(result.response, custom_id=suggestion_ids(result.response)[0])

    assert clicked.ephemeral and clicked.response.embeds[0].title
    assert buttons(clicked.response) == []  # nothing of alice's to vote on
    assert len(queries(settings)) == 1 and votes(settings) == []


async def test_only_the_asker_votes_and_a_second_vote_replaces_the_first(world, settings):
    result = await world.alice.slash(world.channel, "ask", question=BEIJING)
    [row] = queries(settings)
    up = next(b["custom_id"] for b in buttons(result.response) if b["label"] == "Helpful")
    down = next(b["custom_id"] for b in buttons(result.response) if b["label"] == "Not helpful")

    refused = await world.mod.click(result.response, custom_id=up)
    assert refused.ephemeral and refused.response.content == ONLY_THE_ASKER
    assert votes(settings) == []

    vote = await world.alice.click(result.response, custom_id=up)
    assert vote.ephemeral and "Marked as helpful" in vote.response.content
    vote = await world.alice.click(result.response, custom_id=down)
    assert "Marked as not helpful" in vote.response.content
    assert votes(settings) == [(row["query_id"], world.alice.id, 0)]


async def test_vote_buttons_from_before_the_asker_was_in_them_still_know_the_asker(
    world, settings, service, monkeypatch
):
    # Answers sent by an older version carry tqa:fb:QUERY:VOTE only: the asker is then the
    # one who ran the command, as Discord records on the message.
    ask = service.ask

    async def as_before(question, asker):
        return replace(await ask(question, asker), asker_id=None)

    monkeypatch.setattr(service, "ask", as_before)
    result = await world.alice.slash(world.channel, "ask", question=BEIJING)
    [row] = queries(settings)
    up = f"tqa:fb:{row['query_id']}:1"
    assert up in [b["custom_id"] for b in buttons(result.response)]

    refused = await world.mod.click(result.response, custom_id=up)
    assert refused.response.content == ONLY_THE_ASKER
    vote = await world.alice.click(result.response, custom_id=up)
    assert "Marked as helpful" in vote.response.content
    assert votes(settings) == [(row["query_id"], world.alice.id, 1)]


async def test_buttons_keep_working_after_a_restart(world, settings, service):
    result = await world.alice.slash(world.channel, "ask", question=BEIJING)
    miss = await world.alice.slash(world.channel, "ask", question=MISS)
    answered_row, miss_row = queries(settings)
    down = next(b["custom_id"] for b in buttons(result.response) if b["label"] == "Not helpful")

    # A new process: a new service and a new bot on the same database.
    await service.close()
    fresh = await open_service(settings)
    try:
        await world.env.restart_bot(create_bot(settings, service=fresh))
        vote = await world.alice.click(result.response, custom_id=down)
        assert "Marked as not helpful" in vote.response.content
        answer = await world.alice.click(miss.response, custom_id=suggestion_ids(miss.response)[0])
        assert answer.response.embeds[0].title
    finally:
        await fresh.close()
    assert sorted(votes(settings)) == sorted(
        [(answered_row["query_id"], world.alice.id, 0), (miss_row["query_id"], world.alice.id, 1)]
    )
    assert len(queries(settings)) == 2


def menu(message) -> dict:
    return next(c for c in buttons(message) if c["custom_id"].startswith("tqa:pick"))


async def test_the_other_suggestions_are_a_menu_of_titles_and_a_pick_resolves_the_question(
    world, settings, service
):
    result = await world.alice.slash(world.channel, "ask", question=MISS)
    [miss] = queries(settings)
    options = menu(result.response)["options"]
    assert options and all(0 < len(o["label"]) <= 100 for o in options)
    fact_id = options[0]["value"]
    assert options[0]["label"] == service.fact(fact_id).title

    # After a restart, too: the menu's custom_id carries the question and its asker.
    await world.env.restart_bot(create_bot(settings, service=service))
    picked = await world.alice.select(
        result.response, [fact_id], custom_id=menu(result.response)["custom_id"]
    )

    assert picked.ephemeral
    assert picked.response.embeds[0].title == service.fact(fact_id).title
    assert votes(settings) == [(miss["query_id"], world.alice.id, 1)]
    assert len(queries(settings)) == 1


async def test_help_is_private_for_slash_says_how_to_ask_here_and_offers_examples(world, settings):
    bot = world.env.bot
    qa = world.guild.create_text_channel("ask-here")
    bot.settings = replace(bot.settings, qa_channel_ids=frozenset({qa.id}))

    result = await world.alice.slash(world.channel, "ask", question="hi")

    message = result.followups[-1] if result.followups else result.response
    assert message.ephemeral
    embed = message.embeds[0]
    assert embed.title
    assert "`/ask`" in embed.description and "`!ask`" in embed.description
    assert f"`@{bot.user.display_name}` followed by your question" in embed.description
    assert "any message in **#ask-here**" in embed.description
    # Shown, never pinged.
    [sent] = [r for r in world.env.http_requests if r.method == "POST" and "/webhooks/" in r.path]
    assert sent.json["allowed_mentions"]["parse"] == []
    examples = [b for b in buttons(message) if b["custom_id"].startswith("tqa:")]
    assert 2 <= len(examples) <= 3 and all(b["label"].endswith("?") for b in examples)
    # An example click answers it, privately, and is no answer to the greeting: no vote.
    clicked = await world.alice.click(message, custom_id=examples[0]["custom_id"])
    assert clicked.ephemeral and clicked.response.embeds[0].title
    assert votes(settings) == []


async def test_a_suggestion_removed_by_a_reload_says_it_is_gone(world, settings, service):
    result = await world.alice.slash(world.channel, "ask", question=MISS)
    first = suggestion_ids(result.response)[0]
    fact_id = first.rsplit(":", 1)[1]
    folder = settings.knowledge[0]
    for path in folder.rglob("*.yaml"):  # renamed, evaluation questions included
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(rf"\b{fact_id}\b", "renamed-fact", text), encoding="utf-8")
    report = await service.reload(Asker(surface="cli"))
    assert report.ok and fact_id in report.removed

    clicked = await world.mod.click(result.response, custom_id=first)

    assert clicked.ephemeral
    assert clicked.response.content == "That topic is no longer in the knowledge base."
