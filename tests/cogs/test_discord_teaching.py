"""Teaching from misses in Discord: a group of similar unanswered questions, picked under
`/logs unanswered` or with `/kb teach`, becomes example questions of the fact that answers
them, in the knowledge files (a tmp copy), reloaded at once and audited."""

from __future__ import annotations

import pytest
from discord_helpers import rows

# The shared fixtures (settings, service, simcord_bot, world) come from the helpers module.
pytest_plugins = ["discord_helpers"]
# Teaching loads and scores the knowledge base twice per phrasing, in a worker thread: on a
# busy machine that takes seconds, longer than simcord waits by default.
pytestmark = pytest.mark.simcord(settle_timeout=120)

MISSED = "is team green back in the middle kingdom"
FACT = "nvidia-resumes-ai-chip-sales-to-china"
EVAL_QUESTION = "is nvidia resuming its chip sales to china?"  # in eval.yaml: never taught


def options(message, custom_id_part: str = "") -> list[dict]:
    return [
        option
        for row in message.components
        for component in row["components"]
        if component.get("type") == 3 and custom_id_part in component["custom_id"]
        for option in component["options"]
    ]


def select_id(message) -> str:
    return next(
        c["custom_id"] for row in message.components for c in row["components"] if c["type"] == 3
    )


def audit(settings) -> list[tuple]:
    found = rows(settings.db, "SELECT action, result, detail FROM audit ORDER BY id")
    return [tuple(r) for r in found]


async def test_a_moderator_teaches_a_group_of_misses_from_logs_unanswered(world, settings):
    alice, channel = world.alice, world.channel
    for wording in (MISSED, MISSED.upper() + "??", MISSED + "?"):
        result = await alice.slash(channel, "ask", question=wording)
        assert result.response.embeds[0].title == "Not in the knowledge base"

    listing = await world.admin.slash(channel, "logs unanswered")
    [teach_prompt] = listing.followups[-1:]
    assert "Teach the bot" in teach_prompt.content
    [group] = options(teach_prompt)
    assert group["label"] == MISSED or group["label"].casefold().startswith(MISSED)
    assert "3×" in group["description"]

    step2 = await world.admin.select(
        teach_prompt, [group["value"]], custom_id=select_id(teach_prompt)
    )
    assert options(step2.response)  # the closest facts are offered; any other by its id:
    shown = await world.admin.click(step2.response, label="Another fact…")
    field = shown.modal["components"][0]["components"][0]["custom_id"]
    done = await world.admin.submit_modal(shown, {field: FACT})

    text = step2.response.message.content if done.response is None else done.response.content
    # The three wordings are one phrasing: taught once, reloaded, and it now answers.
    assert f"Taught `{FACT}` 1 phrasing(s)" in text
    assert "1 changed" in text
    assert f"is now answered by `{FACT}`" in text
    yaml_text = "".join(p.read_text() for p in settings.knowledge[0].rglob("*.yaml"))
    assert MISSED in yaml_text.casefold()
    again = await alice.slash(channel, "ask", question=MISSED)
    assert again.response.embeds[0].title != "Not in the knowledge base"
    [taught] = [a for a in audit(settings) if a[:2] == ("teach", "ok")]
    assert MISSED in taught[2].casefold() and taught[2].endswith(f"-> {FACT}")
    assert [a[:2] for a in audit(settings) if a[0] == "reload"] == [("reload", "ok")]


async def test_kb_teach_autocompletes_this_servers_misses_and_refuses_with_the_reason(
    world, settings
):
    await world.alice.slash(world.channel, "ask", question=MISSED)
    choices = await world.mod.autocomplete(world.channel, "kb teach", "missed", "team green")
    assert [c["value"] for c in choices] == [MISSED]
    # Nobody else sees what this server's members asked.
    world.allow("kb", world.alice)
    assert await world.alice.autocomplete(world.channel, "kb teach", "missed", "team") == []

    refused = await world.mod.slash(world.channel, "kb teach", missed=EVAL_QUESTION, fact=FACT)
    text = refused.response.content
    assert text.startswith("Not taught “is nvidia resuming its chip sales to china?”:")
    assert "evaluation question" in text and "nothing taught" in text
    assert audit(settings)[-1][:2] == ("teach", "refused")

    taught = await world.mod.slash(world.channel, "kb teach", missed=MISSED, fact=FACT)
    assert f"is now answered by `{FACT}`" in taught.response.content
