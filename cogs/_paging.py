"""Long lists shown one page at a time, with ◀/▶ buttons for whoever asked."""

from __future__ import annotations

import contextlib

import discord

from cogs import _safe_text as limits
from cogs._safe_text import NO_PINGS

PAGE_TIMEOUT = 600.0  # under the 15 minutes an interaction token can still edit its message


class Pager(discord.ui.View):
    def __init__(
        self,
        owner_id: int,
        title: str,
        pages: list[str],
        colour: discord.Colour,
        *,
        next_step: str = "",
        footer: str = "",
    ):
        super().__init__(timeout=PAGE_TIMEOUT)
        self.next_step = next_step
        self.footer = footer
        self.owner_id = owner_id
        self.title = title
        self.pages = pages
        self.colour = colour
        self.index = 0
        self.message: discord.WebhookMessage | None = None
        self._update()

    def embed(self) -> discord.Embed:
        embed = discord.Embed(
            title=self.title, description=self.pages[self.index], colour=self.colour
        )
        # What to do next is on every page: a long list must not hide it.
        if self.next_step:
            embed.add_field(name="Next step", value=self.next_step, inline=False)
        page = f"Page {self.index + 1} of {len(self.pages)}" if len(self.pages) > 1 else ""
        footer = " · ".join(part for part in (self.footer, page) if part)
        if footer:
            embed.set_footer(text=footer)
        return limits.fit_embed(embed)

    def _update(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return interaction.user.id == self.owner_id

    @discord.ui.button(label="◀ Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, _button: discord.ui.Button) -> None:
        self.index = max(0, self.index - 1)
        self._update()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, _button: discord.ui.Button) -> None:
        self.index = min(len(self.pages) - 1, self.index + 1)
        self._update()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    async def on_timeout(self) -> None:
        if self.message is not None:
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=None)


async def send_pages(
    interaction: discord.Interaction,
    title: str,
    lines: list[str],
    *,
    colour: discord.Colour,
    empty: str,
    per_page: int = 10,
    files: list[discord.File] | None = None,
    next_step: str = "",
    footer: str = "",
) -> None:
    """Send `lines` as an ephemeral paged embed (after the interaction was deferred)."""
    pages = limits.pages(lines, per_page=per_page) or [empty]
    pager = Pager(interaction.user.id, title, pages, colour, next_step=next_step, footer=footer)
    kwargs: dict = {"embed": pager.embed(), "ephemeral": True, "allowed_mentions": NO_PINGS}
    if files:
        kwargs["files"] = files
    if len(pages) > 1:
        kwargs["view"] = pager
    pager.message = await interaction.followup.send(wait=True, **kwargs)
    if len(pages) == 1:
        pager.stop()
