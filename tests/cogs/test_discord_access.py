"""Who may run the moderator commands: server-wide permissions or the configured roles,
never a permission granted in one channel only."""

from __future__ import annotations

import discord
import simcord
from discord_helpers import rows

from cogs._access import Refused

# The shared fixtures (settings, service, simcord_bot, world) come from the helpers module.
pytest_plugins = ["discord_helpers"]


async def test_manage_messages_in_one_channel_does_not_make_a_moderator(world, settings):
    # Alice may manage messages in her own channel only, and the server owner shows her /kb.
    corner = world.guild.create_text_channel(
        "alices-corner", overwrites={world.alice: discord.PermissionOverwrite(manage_messages=True)}
    )
    world.allow("kb", world.alice)

    result = await world.alice.slash(corner, "kb reload")

    assert result.ephemeral
    assert result.response.content == (
        "Sorry, /kb reload needs the Manage Messages permission or a moderator role."
    )
    simcord.assert_error(world.env, Refused)
    actions = rows(settings.db, "SELECT actor_id, action, result FROM audit")
    assert [tuple(a) for a in actions] == [(world.alice.id, "kb reload", "refused")]


async def test_a_server_wide_moderator_may_use_kb_in_any_channel(world):
    # A channel that takes Manage Messages away does not stop a server-wide moderator.
    locked = world.guild.create_text_channel(
        "locked", overwrites={world.mod_role: discord.PermissionOverwrite(manage_messages=False)}
    )
    world.allow("kb", world.mod)  # Discord itself hides /kb there unless the owner shows it
    result = await world.mod.slash(locked, "kb check")
    assert result.response.embeds[0].title == "The knowledge files are valid"
