"""A destructive action runs only after its requester clicks the red button."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import discord

from cogs._safe_text import NO_PINGS

CONFIRM_TIMEOUT = 120.0


class Confirm(discord.ui.View):
    """A destructive action runs only after its requester clicks the red button."""

    def __init__(
        self, owner_id: int, action: Callable[[discord.Interaction], Awaitable[str]]
    ) -> None:
        super().__init__(timeout=CONFIRM_TIMEOUT)
        self.owner_id = owner_id
        self.action = action

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return interaction.user.id == self.owner_id

    @discord.ui.button(label="Delete", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, _button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(
            content="Working…", view=None, allowed_mentions=NO_PINGS
        )
        text = await self.action(interaction)
        await interaction.edit_original_response(content=text, allowed_mentions=NO_PINGS)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, _button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(
            content="Cancelled: nothing was deleted.", view=None, allowed_mentions=NO_PINGS
        )
