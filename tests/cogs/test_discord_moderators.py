"""Moderators in Discord: /kb reload, check, show, test; refusals; automatic reload."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest
import simcord
from discord_helpers import rows
from knowledge_helpers import ZEBRA_FACT

from cogs._access import Refused
from cogs._kb_reports import WARNING
from cogs.moderators import watch_knowledge

# The shared fixtures (settings, service, simcord_bot, world) come from the helpers module.
pytest_plugins = ["discord_helpers"]

BEIJING = "when is huang in beijing?"
BEIJING_FACT = "huang-beijing-media-briefing"


def kb_dir(settings) -> Path:
    return settings.knowledge[0]


def audit(settings) -> list[tuple]:
    found = rows(settings.db, "SELECT actor_id, action, result, detail FROM audit ORDER BY id")
    return [tuple(r) for r in found]


def embed_text(result) -> tuple[str, str]:
    embed = result.response.embeds[0]
    return embed.title, embed.description or ""


# --------------------------------------------------------------------------- reload


async def test_reload_swaps_in_valid_files_and_says_what_changed(world, settings):
    main = kb_dir(settings) / "nvidia-china-2025-07-22.yaml"
    text = main.read_text(encoding="utf-8")
    main.write_text(
        text.replace(
            "title: Huang’s media briefing in Beijing this Wednesday",
            "title: Huang briefs the media in Beijing this Wednesday",
        ),
        encoding="utf-8",
    )
    (kb_dir(settings) / "zebra.yaml").write_text(ZEBRA_FACT, encoding="utf-8")

    result = await world.mod.slash(world.channel, "kb reload")

    assert result.ephemeral
    title, description = embed_text(result)
    assert title.startswith("Knowledge base reloaded: ")
    assert "version" not in title.lower()  # the hash wrapped the title: it is the footer's
    assert result.response.embeds[0].footer.text.startswith("Version ")
    assert description.splitlines()[0] == "Facts: 1 added, 1 changed."
    assert "➕ added `moderator-added-zebra-fact`" in description
    assert f"✏️ changed `{BEIJING_FACT}`" in description
    answer = await world.alice.slash(world.channel, "ask", question="what about the zebra chips")
    assert answer.response.embeds[0].title == "Zebra chips are a test fact"
    answer = await world.alice.slash(world.channel, "ask", question=BEIJING)
    assert answer.response.embeds[0].title == "Huang briefs the media in Beijing this Wednesday"
    [entry] = audit(settings)
    assert entry[:3] == (world.mod.id, "reload", "ok")


async def test_reload_says_what_drafts_await_review_and_what_that_means(world, settings):
    draft = ZEBRA_FACT.replace("    sources:", "    reviewed: false\n    sources:", 1)
    draft += "entities:\n  - {id: zebra-works, name: Zebra Works, kind: company, reviewed: false}\n"
    (kb_dir(settings) / "zebra.yaml").write_text(draft, encoding="utf-8")

    result = await world.mod.slash(world.channel, "kb reload")

    _title, description = embed_text(result)
    pending = description.splitlines()[1]
    assert "1 drafted fact and 1 proposed entity await review" in pending
    assert "only what reviewed facts leave unanswered" in pending
    answer = await world.alice.slash(world.channel, "ask", question="what about the zebra chips")
    assert answer.response.embeds[0].title == "Zebra chips are a test fact"  # answered at once


async def test_a_broken_file_is_refused_and_the_old_knowledge_keeps_answering(world, settings):
    (kb_dir(settings) / "broken.yaml").write_text(
        "facts:\n  - id: Not An Id\n    title: x\n", encoding="utf-8"
    )

    result = await world.mod.slash(world.channel, "kb reload")

    title, description = embed_text(result)
    embed = result.response.embeds[0]
    assert title.startswith("Reload refused: ") and title.endswith(
        " problems in the knowledge files"
    )
    assert embed.colour.value == WARNING.value  # a warning, not the grey of a miss
    still, first = description.splitlines()[:2]
    assert "previous knowledge base" in still
    assert first.startswith("`broken.yaml:2:")  # `FILE:LINE:COLUMN` message, relative path
    [next_step] = embed.fields
    assert next_step.name == "Next step" and "`/kb check`" in next_step.value
    answer = await world.alice.slash(world.channel, "ask", question=BEIJING)
    assert answer.response.embeds[0].title.startswith("Huang’s media briefing")
    [row] = rows(settings.db, "SELECT fact_id FROM queries")
    assert row["fact_id"] == BEIJING_FACT
    [entry] = audit(settings)
    assert entry[:3] == (world.mod.id, "reload", "refused")


async def test_check_validates_without_swapping(world, settings):
    ok = await world.mod.slash(world.channel, "kb check")
    assert embed_text(ok)[0] == "The knowledge files are valid"

    (kb_dir(settings) / "broken.yaml").write_text("facts: [\n", encoding="utf-8")
    bad = await world.mod.slash(world.channel, "kb check")
    title, description = embed_text(bad)
    assert title == "1 problem in the knowledge files"
    assert description.startswith("`broken.yaml:")
    assert [e[1:3] for e in audit(settings)] == [("check", "ok"), ("check", "1 problem(s)")]


# --------------------------------------------------------------------------- show, test


async def test_show_autocompletes_fact_ids_and_shows_the_fact(world):
    choices = await world.mod.autocomplete(world.channel, "kb show", "fact", "beijing")
    assert 0 < len(choices) <= 25
    assert all(len(c["name"]) <= 100 for c in choices)
    assert BEIJING_FACT in [c["value"] for c in choices]

    result = await world.mod.slash(world.channel, "kb show", fact=BEIJING_FACT)
    assert result.ephemeral
    embed = result.response.embeds[0]
    assert embed.title.startswith("Huang’s media briefing")
    assert (
        "when will huang speak to the media" in {f.name: f.value for f in embed.fields}["Asked as"]
    )
    assert embed.footer.text.startswith(f"id: {BEIJING_FACT} · kind: date · Source: ")

    missing = await world.mod.slash(world.channel, "kb show", fact="no-such-fact")
    assert "There is no fact `no-such-fact`" in missing.response.content


async def test_test_runs_the_evaluation_set(world):
    result = await world.mod.slash(world.channel, "kb test")
    assert result.ephemeral
    title, description = embed_text(result)
    assert title in ("Evaluation passed", "Evaluation missed a target")
    assert description  # the report's summary lines
    report = await world.env.bot.service.evaluate()
    assert description.splitlines()[0] == report.summary_lines()[0]


# --------------------------------------------------------------------------- permissions


@pytest.mark.parametrize(
    ("command", "options"),
    [("reload", {}), ("check", {}), ("show", {"fact": BEIJING_FACT}), ("test", {})],
)
async def test_members_without_the_permission_are_refused_and_audited(
    world, settings, command, options
):
    world.allow("kb", world.alice)  # the server owner overrode the default permissions

    result = await world.alice.slash(world.channel, f"kb {command}", **options)

    assert result.ephemeral
    assert result.response.content == (
        f"Sorry, /kb {command} needs the Manage Messages permission or a moderator role."
    )
    simcord.assert_error(world.env, Refused)
    [entry] = audit(settings)
    assert entry[:3] == (world.alice.id, f"kb {command}", "refused")


async def test_a_configured_moderator_role_is_enough(world, settings):
    bot = world.env.bot
    helpers = world.guild.create_role("KB helpers")
    helper = world.guild.add_member(world.env.create_user("hal"), roles=[helpers])
    # Admins do not see /kb by default either; the owner shows it to them and to the helpers.
    world.allow("kb", helper, world.admin)
    bot.settings = replace(bot.settings, moderator_role_ids=frozenset({helpers.id}))

    result = await helper.slash(world.channel, "kb check")
    assert embed_text(result)[0] == "The knowledge files are valid"
    # Admins count as moderators too.
    result = await world.admin.slash(world.channel, "kb check")
    assert embed_text(result)[0] == "The knowledge files are valid"


# --------------------------------------------------------------------------- auto reload


async def test_automatic_reload_reports_to_the_configured_channel(world, settings):
    bot = world.env.bot
    reports = world.guild.create_text_channel("kb-reports")
    bot.settings = replace(bot.settings, report_channel_id=reports.id)
    broken = kb_dir(settings) / "broken.yaml"
    broken.write_text("facts:\n  - id: Not An Id\n", encoding="utf-8")

    cog = bot.get_cog("Moderators")
    report = await cog.reload_from_disk({broken})

    assert not report.ok
    message = reports.last_message
    assert message.embeds[0].title.startswith("Reload refused")
    assert "`broken.yaml:2:" in message.embeds[0].description
    assert message.embeds[0].footer.text == "Automatic reload after a change to broken.yaml"
    assert message.embeds[0].fields[0].name == "Next step"
    answer = await world.alice.slash(world.channel, "ask", question=BEIJING)
    assert answer.response.embeds[0].title.startswith("Huang’s media briefing")
    [entry] = audit(settings)
    assert entry[1:3] == ("reload", "refused")


async def test_watch_knowledge_calls_back_with_changed_yaml_files(tmp_path):
    seen: asyncio.Queue[set[Path]] = asyncio.Queue()
    stop = asyncio.Event()

    async def changed(files: set[Path]) -> None:
        await seen.put(files)

    watcher = asyncio.create_task(watch_knowledge([tmp_path], changed, stop))
    try:
        await asyncio.sleep(0.5)  # let the watcher start before the change happens
        (tmp_path / "notes.txt").write_text("not knowledge")
        (tmp_path / "new.yaml").write_text("facts: []\n")
        # Generous: this waits for the OS to report the change, it measures nothing.
        files = await asyncio.wait_for(seen.get(), timeout=30)
        assert {p.name for p in files} == {"new.yaml"}
    finally:
        stop.set()
        await asyncio.wait_for(watcher, timeout=30)


async def test_a_yaml_syntax_error_leads_with_where_the_trouble_begins(world, settings):
    # An unclosed quote: the parser gives up at the end of the file (6:1), but the place
    # to look is where the quote opens (3:12).
    (kb_dir(settings) / "broken.yaml").write_text(
        'facts:\n  - id: a\n    title: "unclosed\n    answer: x\n\n', encoding="utf-8"
    )

    result = await world.mod.slash(world.channel, "kb reload")

    first = embed_text(result)[1].splitlines()[1]
    assert first.startswith("`broken.yaml:3:12` ")
    assert "(reported at 6:1)" in first
