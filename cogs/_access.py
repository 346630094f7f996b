"""Who may run the moderator and admin commands, checked by the bot itself.

`default_permissions` only hides commands in the client, and a server owner can override it
per role or member; these checks run on every invocation whatever the server's overrides.
They look at server-wide permissions (roles), never at one channel's overwrites.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from cogs._answers import NO_PINGS, asker_from_interaction

log = logging.getLogger("tradeqa.discord")

MODERATOR_NEED = "the Manage Messages permission or a moderator role"
ADMIN_NEED = "the Manage Server permission or an admin role"


class Refused(app_commands.CheckFailure):
    """The member may not run this command; `needed` says what would allow it."""

    def __init__(self, needed: str) -> None:
        self.needed = needed
        super().__init__(f"needs {needed}")


def _role_ids(interaction: discord.Interaction) -> set[int]:
    roles = getattr(interaction.user, "roles", ())
    return {role.id for role in roles}


def server_permissions(interaction: discord.Interaction) -> discord.Permissions:
    """What the member may do server-wide: their roles, without any channel's overwrites.

    `interaction.permissions` is resolved for the channel the command was used in, so Manage
    Messages granted in one channel would let a member reload the knowledge of every server
    the bot is in. A member the bot cannot resolve (no cached guild) gets no permissions.
    """
    member = interaction.user
    if isinstance(member, discord.Member):
        return member.guild_permissions
    return discord.Permissions.none()


def is_admin(interaction: discord.Interaction) -> bool:
    settings = interaction.client.settings  # type: ignore[attr-defined]
    perms = server_permissions(interaction)
    return perms.manage_guild or bool(_role_ids(interaction) & settings.admin_role_ids)


def is_moderator(interaction: discord.Interaction) -> bool:
    settings = interaction.client.settings  # type: ignore[attr-defined]
    perms = server_permissions(interaction)
    if perms.manage_messages or is_admin(interaction):
        return True
    return bool(_role_ids(interaction) & settings.moderator_role_ids)


def command_name(interaction: discord.Interaction) -> str:
    command = interaction.command
    return "/" + command.qualified_name if command is not None else "a command"


async def refuse(interaction: discord.Interaction, error: Refused) -> None:
    """Tell the member why (only they see it), then log and audit the attempt."""
    name = command_name(interaction)
    text = f"Sorry, {name} needs {error.needed}."
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
    else:
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)
    log.warning(
        "refused %s for %s (%s) in guild %s: needs %s",
        name,
        interaction.user,
        interaction.user.id,
        interaction.guild_id,
        error.needed,
    )
    service = interaction.client.service  # type: ignore[attr-defined]
    await service.audit(
        asker_from_interaction(interaction, "slash"), name.lstrip("/"), "refused", error.args[0]
    )
