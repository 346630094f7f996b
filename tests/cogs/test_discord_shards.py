"""Shards: TRADEQA_SHARDS says which of how many shards this process runs (e.g. 0-3/8), so
several processes split the servers; a bad value is one line, and the bot answers only the
servers of its own shards."""

from __future__ import annotations

import pytest
import simcord
from discord_helpers import make_settings, open_service
from test_discord_run import PYTHON, REPO, clean_env, run

from bot import create_bot
from tradeqa.config import ConfigError, Settings

BEIJING = "when is huang in beijing?"


@pytest.mark.parametrize(
    ("value", "count", "ids"),
    [
        ("0-3/8", 8, (0, 1, 2, 3)),
        ("5/8", 8, (5,)),
        ("0,2,4-5/6", 6, (0, 2, 4, 5)),
        ("4", 4, None),  # a count alone: this process runs them all
        ("auto", None, None),  # Discord recommends the count
    ],
)
def test_shards_from_the_environment(value, count, ids):
    settings = Settings.load(environ={"TRADEQA_SHARDS": value}, dotenv_path=None)
    assert (settings.shard_count, settings.shard_ids) == (count, ids)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("0-3/", "expected IDS/COUNT such as 0-3/8"),
        ("lots", "expected IDS/COUNT such as 0-3/8"),
        ("8/8", "shard 8 does not exist with 8 shards (ids are 0 to 7)"),
        ("0/0", "the shard count must be between 1 and 10000"),
        ("1,1/4", "a shard is listed twice"),
        ("3-1/4", "expected IDS/COUNT"),
    ],
)
def test_a_bad_shards_value_is_a_clear_error(value, says):
    with pytest.raises(ConfigError, match="TRADEQA_SHARDS") as raised:
        Settings.load(environ={"TRADEQA_SHARDS": value}, dotenv_path=None)
    assert says in str(raised.value)


def test_a_bad_shards_value_stops_the_bot_with_one_line(tmp_path):
    done = run([PYTHON, str(REPO / "bot.py")], tmp_path, clean_env(TRADEQA_SHARDS="9/8"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line == (
        "tradeqa: TRADEQA_SHARDS: shard 9 does not exist with 8 shards (ids are 0 to 7)"
    )


async def test_the_bot_runs_its_own_shards_and_answers_their_servers(tmp_path):
    settings = make_settings(tmp_path, shard_count=4, shard_ids=(1, 2))
    service = await open_service(settings)
    try:
        made = create_bot(settings, service=service)
        assert (made.shard_count, made.shard_ids) == (4, [1, 2])
        async with simcord.run(made) as env:
            guild = env.create_guild("On shard 2", shard_id=2)
            channel = guild.create_text_channel("general")
            alice = guild.add_member(env.create_user("alice"))
            await env.bot.tree.sync()
            result = await alice.slash(channel, "ask", question=BEIJING)
            assert result.response.embeds[0].title.startswith("Huang’s media briefing")
            assert env.bot.get_guild(guild.id).shard_id == 2
    finally:
        await service.close()
