"""Per-server settings: each server's admins set its prefix, Q&A channels, roles, cooldown and
retention with /settings; unset ones follow the operator's configuration; every change is
validated, stored in the database, audited, and reaches only that server."""

from __future__ import annotations

from dataclasses import replace

import discord
import pytest
import simcord
from discord.ext import commands
from discord_helpers import make_settings, rows

from cogs._access import Refused
from cogs._server_config import ServerConfigs
from storage.server_settings import ServerSettingsStore

# The shared fixtures (settings, service, server_store, simcord_bot, world) come from here.
pytest_plugins = ["discord_helpers"]

BEIJING = "when is huang in beijing?"


def from_bot(world, channel) -> list[discord.Message]:
    return [m for m in channel.history() if m.author.id == world.env.bot.user.id]


def stored(settings) -> list[tuple]:
    found = rows(settings.db, "SELECT guild_id, name, value FROM server_settings ORDER BY name")
    return [tuple(r) for r in found]


def audit(settings) -> list[tuple]:
    found = rows(settings.db, "SELECT action, result, detail, guild_id FROM audit ORDER BY id")
    return [tuple(r) for r in found]


async def test_show_lists_the_operators_values_until_the_server_sets_its_own(world):
    shown = await world.admin.slash(world.channel, "settings show")
    assert shown.ephemeral
    text = shown.response.embeds[0].description
    assert "**prefix**: `!` · the bot's default" in text
    assert "**cooldown**: off · the bot's default" in text  # the tests' operator: off

    await world.admin.slash(world.channel, "settings set", setting="prefix", value="?")
    text = (await world.admin.slash(world.channel, "settings show")).response.embeds[0].description
    assert "**prefix**: `?` · set here" in text


async def test_a_servers_prefix_is_its_own_stored_audited_and_kept_after_a_restart(world, settings):
    other_guild = world.env.create_guild("Elsewhere")
    other_channel = other_guild.create_text_channel("general")
    bob = other_guild.add_member(world.env.create_user("bob"))

    done = await world.admin.slash(world.channel, "settings set", setting="prefix", value="?")
    assert done.response.content == "**prefix** is now `?` (set here)."

    await world.alice.send(world.channel, f"?ask {BEIJING}")
    assert world.channel.last_message.embeds[0].title.startswith("Huang’s media briefing")
    await world.alice.send(world.channel, f"!ask {BEIJING}")
    assert world.channel.last_message.author.id == world.alice.id  # "!" is ordinary chat here
    await bob.send(other_channel, f"!ask {BEIJING}")  # the other server keeps the operator's
    assert other_channel.last_message.author.id == world.env.bot.user.id

    assert stored(settings) == [(world.guild.id, "prefix", "?")]
    assert audit(settings)[-1] == ("settings set", "ok", "prefix = `?` (set here)", world.guild.id)
    # A restart reads it back from the database.
    async with await ServerSettingsStore.open(settings.db) as store:
        restarted = ServerConfigs(settings, store)
        await restarted.load()
    assert restarted.get(world.guild.id).prefix == "?"
    assert restarted.get(other_guild.id).prefix == "!"

    back = await world.admin.slash(world.channel, "settings set", setting="prefix", value="default")
    assert back.response.content == "**prefix** is now `!` (the bot's default)."
    assert stored(settings) == []


@pytest.mark.parametrize(
    ("setting", "value", "reason"),
    [
        ("cooldown", "lots", "expected RATE/SECONDS such as 3/30"),
        ("prefix", "a b", "a prefix is up to 5 characters without spaces"),
        ("retention_days", "0", "expected between 1 and 36500 days"),
        ("qa_channels", "#general", "expected channels (mentions or ids) or none"),
    ],
)
async def test_an_invalid_value_is_refused_with_the_reason_and_changes_nothing(
    world, settings, setting, value, reason
):
    refused = await world.admin.slash(world.channel, "settings set", setting=setting, value=value)
    assert refused.ephemeral
    assert refused.response.content.startswith("Not changed:")
    assert reason in refused.response.content
    assert stored(settings) == []
    assert audit(settings)[-1][:2] == ("settings set", "refused")


async def test_qa_channels_roles_cooldown_and_retention_apply_to_this_server(world, settings):
    qa = world.guild.create_text_channel("ask-here")
    helpers = world.guild.create_role("Helpers")
    helper = world.guild.add_member(world.env.create_user("hal"), roles=[helpers])
    admin = world.admin

    choices = await admin.autocomplete(
        world.channel, "settings set", "value", "ask", setting="qa_channels"
    )
    assert str(qa.id) in [c["value"] for c in choices]
    await admin.slash(world.channel, "settings set", setting="qa_channels", value=f"<#{qa.id}>")
    await world.alice.send(qa, BEIJING)
    assert qa.last_message.author.id == world.env.bot.user.id

    world.allow("kb", helper)
    refused = await helper.slash(world.channel, "kb check")
    assert "needs the Manage Messages permission or a moderator role" in refused.response.content
    simcord.assert_error(world.env, Refused)
    await admin.slash(
        world.channel, "settings set", setting="moderator_roles", value=helpers.mention
    )
    allowed = await helper.slash(world.channel, "kb check")
    assert allowed.response.embeds[0].title == "The knowledge files are valid"

    await admin.slash(world.channel, "settings set", setting="cooldown", value="1/60")
    await world.alice.slash(world.channel, "ask", question=BEIJING)
    waited = await world.alice.slash(world.channel, "ask", question=BEIJING)
    assert "please wait" in waited.response.content
    simcord.assert_error(world.env, commands.CommandOnCooldown)

    await admin.slash(world.channel, "settings set", setting="retention_days", value="7")
    purge = await admin.slash(world.channel, "logs purge")
    assert "older than 7 days, in this server" in purge.response.content


async def test_only_the_servers_admins_may_change_its_settings(world, settings):
    world.allow("settings", world.mod)  # shown by the owner, still refused by the bot
    refused = await world.mod.slash(world.channel, "settings set", setting="prefix", value="?")
    assert refused.response.content == (
        "Sorry, /settings set needs the Manage Server permission or an admin role."
    )
    simcord.assert_error(world.env, Refused)
    assert stored(settings) == []
    assert world.commands["settings"].default_member_permissions.manage_guild


async def test_a_qa_channel_message_starting_with_the_servers_own_prefix_is_a_question(
    world, settings
):
    qa = world.guild.create_text_channel("ask-here")
    await world.admin.slash(world.channel, "settings set", setting="qa_channels", value=str(qa.id))
    await world.admin.slash(world.channel, "settings set", setting="prefix", value="?")

    asked = await world.alice.send(qa, "?is huang in beijing this week")
    reply = qa.last_message
    assert reply.author.id == world.env.bot.user.id
    assert reply.reference is not None and reply.reference.message_id == asked.id
    logged = rows(settings.db, "SELECT surface, question FROM queries")
    assert [tuple(r) for r in logged] == [("qa_channel", "?is huang in beijing this week")]


class TestWithoutMessageContent:
    @pytest.fixture
    def settings(self, tmp_path):
        # No prefix and no Q&A channels: the bot runs without the Message Content intent.
        return make_settings(tmp_path, prefix="")

    async def test_prefix_and_qa_channels_need_the_operator_to_allow_reading_messages(
        self, world, settings
    ):
        refused = await world.admin.slash(
            world.channel, "settings set", setting="prefix", value="!"
        )
        assert "Message Content intent" in refused.response.content
        ok = await world.admin.slash(world.channel, "settings set", setting="cooldown", value="off")
        assert ok.response.content == "**cooldown** is now off (set here)."
        assert stored(settings) == [(world.guild.id, "cooldown", "off")]


async def test_a_stored_value_that_no_longer_validates_falls_back_with_a_warning(tmp_path, caplog):
    settings = replace(make_settings(tmp_path), prefix="!")
    async with await ServerSettingsStore.open(settings.db) as store:
        await store.set(42, "prefix", "far too long", changed_by=None)
        configs = ServerConfigs(settings, store)
        await configs.load()
    assert configs.get(42).prefix == "!"
    assert "ignoring its stored setting" in caplog.text
