"""Learning from clicks: askers who resolve a miss by pressing "Did you mean" leave a phrasing
the picked fact can be taught; `logs learned` lists them, `kb teach --from-clicks` teaches
them after the moderator has seen the list."""

from __future__ import annotations

import asyncio
import io
import json

from discord_helpers import rows
from knowledge_helpers import knowledge_copy

from knowledge.loader import load_knowledge
from tradeqa.cli import main

pytest_plugins = ["discord_helpers"]

# Near the domain but not covered: answered with "Did you mean …?" suggestions.
MISS = "where is nvidia headquartered?"  # a holdout evaluation question: never taught
NEW_MISS = "nvidia head office location?"


def suggestion_ids(message) -> list[str]:
    found = [c for row in message.components for c in row["components"]]
    return [b["custom_id"] for b in found if b["custom_id"].startswith("tqa:s:")]


async def ask_and_pick(world, member, question: str) -> str:
    result = await member.slash(world.channel, "ask", question=question)
    first = suggestion_ids(result.response)[0]
    await member.click(result.response, custom_id=first)
    return first.rsplit(":", 1)[1]


async def cli(*argv: str) -> int:
    # The command line runs its own event loop: beside the test's, as in a terminal.
    return await asyncio.to_thread(main, list(argv))


async def learned(settings, capsys, *extra: str) -> list[dict]:
    capsys.readouterr()
    assert await cli("logs", "learned", "--json", "--db", str(settings.db), *extra) == 0
    return json.loads(capsys.readouterr().out)


async def test_two_askers_resolving_a_miss_the_same_way_are_counted_as_two_people(
    world, settings, capsys
):
    fact_id = await ask_and_pick(world, world.alice, MISS)
    await ask_and_pick(world, world.alice, MISS.upper())  # the same person again
    await ask_and_pick(world, world.mod, "Where is Nvidia headquartered")

    [found] = await learned(settings, capsys)
    assert found["fact_id"] == fact_id and found["people"] == 2
    assert found["question"].casefold().startswith("where is nvidia headquartered")
    assert await learned(settings, capsys, "--min-people", "3") == []


async def test_a_thumbs_down_after_picking_withdraws_the_phrasing(world, settings, capsys):
    result = await world.alice.slash(world.channel, "ask", question=MISS)
    clicked = await world.alice.click(result.response, custom_id=suggestion_ids(result.response)[0])
    assert len(await learned(settings, capsys)) == 1
    buttons = [c for row in clicked.response.components for c in row["components"]]
    down = next(b["custom_id"] for b in buttons if b["label"] == "Not helpful")
    await world.alice.click(clicked.response, custom_id=down)
    assert await learned(settings, capsys) == []


async def test_teach_from_clicks_shows_the_list_and_teaches_only_when_told(
    world, settings, capsys, tmp_path, monkeypatch
):
    await ask_and_pick(world, world.alice, MISS)
    await ask_and_pick(world, world.mod, MISS)
    fact_id = await ask_and_pick(world, world.alice, NEW_MISS)
    await ask_and_pick(world, world.mod, NEW_MISS)
    folder = knowledge_copy(tmp_path / "mine")
    teach = ["kb", "teach", "--from-clicks", "--min-people", "2"]
    teach += ["--knowledge", str(folder), "--db", str(settings.db), "--by", "mo"]
    capsys.readouterr()

    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal, no --yes
    assert await cli(*teach) == 1
    out = capsys.readouterr()
    assert NEW_MISS in out.out and fact_id in out.out and "--yes" in out.err
    assert "holdout" in out.out  # listed as skipped, with the reason
    assert NEW_MISS not in load_knowledge([folder]).facts[fact_id].questions

    assert await cli(*teach, "--yes") == 0
    assert "1 taught" in capsys.readouterr().out
    assert load_knowledge([folder]).facts[fact_id].questions[-1] == NEW_MISS
    audit = rows(settings.db, "SELECT actor_name, action, result, detail FROM audit")
    assert [(a["actor_name"], a["action"], a["result"]) for a in audit][-1] == ("mo", "teach", "ok")
    assert "2 people" in audit[-1]["detail"]

    # Taught once: a second run finds nothing new.
    assert await cli(*teach, "--yes") == 0
    assert "Nothing to teach" in capsys.readouterr().out


def test_logs_learned_groups_phrasings_by_the_rule_kb_teach_refuses_duplicates_by():
    # One rule, not two copies that can drift apart: a learned phrasing listed once is
    # refused as a duplicate by exactly the wordings it was grouped with.
    import knowledge.teach
    import storage.learned

    assert storage.learned.same_wording is knowledge.teach.same_wording
