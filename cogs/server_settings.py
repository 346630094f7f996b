"""Admins: `/settings show` and `/settings set`, this server's own settings.

Each server's admins set its prefix, Q&A channels, moderator and admin roles, cooldown and
retention; whatever they do not set follows the operator's configuration. Values are
validated like the operator's, stored in the database (storage/server_settings.py), and
every change, or refusal, is in the audit trail (`/logs audit`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from cogs import _safe_text as limits
from cogs._access import admin_only
from cogs._answer_embed import INFO
from cogs._safe_text import NO_PINGS
from cogs._server_config import DEFAULT, DESCRIPTIONS, NAMES, NONE_WORDS, shown
from cogs._who_asked import asker_from_interaction
from tradeqa.config import ConfigError

if TYPE_CHECKING:
    from bot import TradeQABot

log = logging.getLogger("tradeqa.discord")

# Settings that need the bot to read messages: the operator must have switched it on.
READS_MESSAGES = ("prefix", "qa_channels")
EXAMPLES = {
    "prefix": ["!", "?", "none"],
    "cooldown": ["3/30", "5/60", "off"],
    "retention_days": ["30", "90", "365"],
}


@app_commands.guild_only()
@admin_only()
class ServerSettings(
    commands.GroupCog, group_name="settings", group_description="This server's settings"
):
    def __init__(self, bot: TradeQABot) -> None:
        self.bot = bot

    @app_commands.command(name="show", description="This server's settings and where each is set")
    async def show(self, interaction: discord.Interaction[TradeQABot]) -> None:
        guild_id = interaction.guild_id or 0
        config = self.bot.config_for(guild_id)
        own = self.bot.server_configs.own(guild_id)
        lines = [
            f"**{name}**: {shown(config, name)} · "
            + ("set here" if name in own else "the bot's default")
            for name in NAMES
        ]
        lines.append("\nChange one with `/settings set`; the value `default` undoes a change.")
        embed = discord.Embed(
            title="Settings of this server", description="\n".join(lines), colour=INFO
        )
        await interaction.response.send_message(
            embed=limits.fit_embed(embed), ephemeral=True, allowed_mentions=NO_PINGS
        )

    @app_commands.command(name="set", description="Change one of this server's settings")
    @app_commands.describe(
        setting="Which setting", value="The new value; `default` goes back to the bot's own"
    )
    @app_commands.choices(
        setting=[
            app_commands.Choice(name=limits.clip(f"{n}: {d}", limits.CHOICE), value=n)
            for n, d in DESCRIPTIONS.items()
        ]
    )
    async def set(
        self, interaction: discord.Interaction[TradeQABot], setting: str, value: str
    ) -> None:
        actor = asker_from_interaction(interaction, "slash")
        guild_id = interaction.guild_id or 0
        try:
            self._check_intent(setting, value)
            config = await self.bot.server_configs.set(
                guild_id, setting, value, changed_by=interaction.user.id
            )
        except ConfigError as exc:
            await interaction.response.send_message(
                f"Not changed: {limits.clip(limits.neutralise(str(exc)), 1500)}",
                ephemeral=True,
                allowed_mentions=NO_PINGS,
            )
            await self.bot.service.audit(actor, "settings set", "refused", str(exc)[:500])
            return
        now = shown(config, setting)
        where = "the bot's default" if value.strip().lower() == DEFAULT else "set here"
        log.info("server %s: %s set %s to %s", guild_id, actor.user_name, setting, now)
        await self.bot.service.audit(actor, "settings set", "ok", f"{setting} = {now} ({where})")
        await interaction.response.send_message(
            f"**{setting}** is now {now} ({where}).", ephemeral=True, allowed_mentions=NO_PINGS
        )

    def _check_intent(self, setting: str, value: str) -> None:
        """Prefix commands and Q&A channels read message text, which Discord shows a bot
        only with the Message Content intent; the operator decides that at start."""
        switching_on = value.strip().lower() not in (*NONE_WORDS, DEFAULT)
        if setting in READS_MESSAGES and switching_on and not self.bot.intents.message_content:
            raise ConfigError(
                f"{setting} needs the bot to read messages, and its operator runs it without "
                "the Message Content intent (ask them to set a prefix or Q&A channels in its "
                "configuration)"
            )

    @set.autocomplete("value")
    async def value_autocomplete(
        self, interaction: discord.Interaction[TradeQABot], current: str
    ) -> list[app_commands.Choice[str]]:
        setting = str(getattr(interaction.namespace, "setting", "") or "")
        options: list[tuple[str, str]] = [(f"{DEFAULT} (the bot's own)", DEFAULT)]
        guild = interaction.guild
        typed = current[:100].casefold().lstrip("#@")
        if setting.endswith(("_channels", "_roles")) and guild is not None:
            places = guild.text_channels if setting == "qa_channels" else guild.roles
            for place in places:
                if typed in place.name.casefold() and not getattr(place, "is_default", bool)():
                    options.append((f"{place.name}", str(place.id)))
            options.append(("none", "none"))
        else:
            options += [(example, example) for example in EXAMPLES.get(setting, [])]
            if current.strip():
                options.insert(0, (current[:100], current[:100]))
        return [
            app_commands.Choice(name=limits.clip(name, limits.CHOICE), value=value[:100])
            for name, value in options
        ][:25]


async def setup(bot: TradeQABot) -> None:
    await bot.add_cog(ServerSettings(bot))
