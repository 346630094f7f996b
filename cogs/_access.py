"""Who may run the moderator and admin commands: `moderator_only()` and `admin_only()`.

Each decorator does two things. `default_permissions` hides the command in the client from
members without the permission, but a server owner can override it per role or member; so
the bot also checks, on every use, whatever the server's overrides. The check looks at
server-wide permissions (roles) and the server's moderator and admin roles (`/settings`),
never at one channel's overwrites. A refusal raises Refused, which the bot's one error
handler answers (cogs/_errors.py).

On a GroupCog (`/kb`, `/logs`, `/settings`) the permissions go on the group, as Discord keeps
them for top-level commands only, and the check on every command of the group.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import discord
from discord import app_commands

from cogs._safe_text import NO_PINGS
from cogs._who_asked import asker_from_interaction

if TYPE_CHECKING:
    from bot import TradeQABot

log = logging.getLogger("tradeqa.discord")

MODERATOR_NEED = "the Manage Messages permission or a moderator role"
ADMIN_NEED = "the Manage Server permission or an admin role"

T = TypeVar("T")


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


def is_admin(interaction: discord.Interaction[TradeQABot]) -> bool:
    config = interaction.client.config_for(interaction.guild_id)
    perms = server_permissions(interaction)
    return perms.manage_guild or bool(_role_ids(interaction) & config.admin_role_ids)


def is_moderator(interaction: discord.Interaction[TradeQABot]) -> bool:
    config = interaction.client.config_for(interaction.guild_id)
    perms = server_permissions(interaction)
    if perms.manage_messages or is_admin(interaction):
        return True
    return bool(_role_ids(interaction) & config.moderator_role_ids)


def _only(permission: str, allowed: Callable[[discord.Interaction], bool], need: str):
    def check(interaction: discord.Interaction) -> bool:
        if not allowed(interaction):
            raise Refused(need)
        return True

    def decorator(target: T) -> T:
        app_commands.default_permissions(**{permission: True})(target)
        commands = getattr(target, "__cog_app_commands__", None)
        for command in commands if commands is not None else [target]:
            app_commands.check(check)(command)
            # Autocomplete runs no command checks: its suggestions (missed questions, say)
            # are guarded on their own, and come back empty for anyone else.
            for param in getattr(command, "_params", {}).values():
                if param.autocomplete is not None:
                    app_commands.check(check)(param.autocomplete)
        return target

    return decorator


def moderator_only() -> Callable[[T], T]:
    """For `/kb`: Manage Messages, a moderator role, or anything that makes an admin."""
    return _only("manage_messages", is_moderator, MODERATOR_NEED)


def admin_only() -> Callable[[T], T]:
    """For `/logs` and `/settings`: Manage Server or an admin role."""
    return _only("manage_guild", is_admin, ADMIN_NEED)


def command_name(interaction: discord.Interaction) -> str:
    command = interaction.command
    return "/" + command.qualified_name if command is not None else "a command"


async def refuse(interaction: discord.Interaction[TradeQABot], error: Refused) -> None:
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
    await interaction.client.service.audit(
        asker_from_interaction(interaction, "slash"), name.lstrip("/"), "refused", error.args[0]
    )
