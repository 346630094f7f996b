"""Each server's effective settings: what its admins set with `/settings`, over the operator's
configuration (environment, `.env`, TOML) for everything they did not set.

Values are validated by the same code as the operator's (tradeqa.config.parse_value) and kept
in memory, so the prefix callable and the checks never wait on the database; a change is
written to the database first, then to the cache.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, fields, replace

from cogs._cooldown import AskCooldown
from storage.server_settings import ServerSettingsStore
from tradeqa.config import ConfigError, Settings, parse_value

log = logging.getLogger("tradeqa.discord")

# /settings set NAME: what each does, as admins read it in the command's menu.
DESCRIPTIONS = {
    "prefix": "Prefix of text commands such as !ask; `none` switches them off",
    "qa_channels": "Channels where every message is a question (#channels, or `none`)",
    "moderator_roles": "Roles that may use /kb, besides Manage Messages (@roles, or `none`)",
    "admin_roles": "Roles that may use /logs and /settings, besides Manage Server",
    "cooldown": "Questions per person: RATE/SECONDS such as 3/30, or `off`",
    "retention_days": "Days /logs purge keeps questions by default (1 to 36500)",
}
NAMES = tuple(DESCRIPTIONS)
DEFAULT = "default"  # the value that removes a server's own and restores the operator's
NONE_WORDS = ("none", "off", "")
_ID = re.compile(r"<(?:#|@&)?(\d{15,20})>|(\d{15,20})")


@dataclass(frozen=True)
class ServerConfig:
    prefix: str
    qa_channel_ids: frozenset[int]
    moderator_role_ids: frozenset[int]
    admin_role_ids: frozenset[int]
    cooldown_rate: int
    cooldown_per: float
    retention_days: float

    @classmethod
    def of(cls, settings: Settings) -> ServerConfig:
        return cls(**{f.name: getattr(settings, f.name) for f in fields(cls)})


def parse(name: str, text: str) -> dict[str, object]:
    """The fields one setting's text sets, or ConfigError with a one-line reason."""
    if name not in DESCRIPTIONS:
        raise ConfigError(f"there is no setting {name!r} (known: {', '.join(NAMES)})")
    text = text.strip()
    where = name
    if name == "prefix":
        return parse_value(where, "prefix", "" if text.lower() in NONE_WORDS else text)
    if name.endswith(("_channels", "_roles")):
        if text.lower() in NONE_WORDS:
            return parse_value(where, name, [])
        ids = [a or b for a, b in _ID.findall(text)]
        leftover = _ID.sub(" ", text).replace(",", " ").split()
        if leftover or not ids:
            kind = "channels" if name.endswith("_channels") else "roles"
            raise ConfigError(f"{name}: expected {kind} (mentions or ids) or none, got {text!r}")
        return parse_value(where, name, ids)
    return parse_value(where, name, text)


def shown(config: ServerConfig, name: str) -> str:
    """How /settings show writes one setting's value."""
    if name == "prefix":
        return f"`{config.prefix}`" if config.prefix else "off"
    if name == "qa_channels":
        return " ".join(f"<#{i}>" for i in sorted(config.qa_channel_ids)) or "none"
    if name.endswith("_roles"):
        ids = getattr(config, name.replace("_roles", "_role_ids"))
        return " ".join(f"<@&{i}>" for i in sorted(ids)) or "none"
    if name == "cooldown":
        rate, per = config.cooldown_rate, config.cooldown_per
        return f"{rate} per {per:g} s" if rate else "off"
    return f"{config.retention_days:g} days"


def stored_text(name: str, fields_set: dict[str, object]) -> str:
    """The canonical text kept in the database for a validated value: parse() reads it back."""
    value = next(iter(fields_set.values()))
    if name == "cooldown":
        rate = fields_set["cooldown_rate"]
        return f"{rate}/{fields_set.get('cooldown_per', 30):g}" if rate else "off"
    if isinstance(value, frozenset):
        return " ".join(str(i) for i in sorted(value)) or "none"
    if name == "prefix":
        return str(value) or "none"
    return f"{value:g}" if isinstance(value, float) else str(value)


class ServerConfigs:
    """Every server's effective settings, cached; changes go to the store, then the cache."""

    def __init__(self, settings: Settings, store: ServerSettingsStore | None = None) -> None:
        self.settings = settings
        self.store = store
        self._own: dict[int, dict[str, str]] = {}
        self._configs: dict[int, ServerConfig] = {}
        self._cooldowns: dict[int | None, AskCooldown] = {}

    def use_settings(self, settings: Settings) -> None:
        """New operator settings (tests, a restart's reading): every server is worked out again."""
        self.settings = settings
        self._configs.clear()
        self._cooldowns.clear()

    async def load(self) -> None:
        """Read every server's own settings; a stored value that no longer validates (edited
        by hand, say) is skipped with a warning, and the operator's value applies."""
        if self.store is not None:
            self._own = await self.store.all()
        self._configs.clear()
        self._cooldowns.clear()

    def own(self, guild_id: int) -> dict[str, str]:
        """The settings this server set itself, as stored."""
        return dict(self._own.get(guild_id, {}))

    def get(self, guild_id: int | None) -> ServerConfig:
        if guild_id is None:
            return ServerConfig.of(self.settings)
        config = self._configs.get(guild_id)
        if config is None:
            config = ServerConfig.of(self.settings)
            for name, text in self._own.get(guild_id, {}).items():
                try:
                    config = replace(config, **parse(name, text))
                except ConfigError as exc:
                    log.warning("server %s: ignoring its stored setting: %s", guild_id, exc)
            self._configs[guild_id] = config
        return config

    def cooldown(self, guild_id: int | None) -> AskCooldown:
        """The per-person budget of asking and clicking in one server (DMs: the operator's)."""
        cooldown = self._cooldowns.get(guild_id)
        if cooldown is None:
            config = self.get(guild_id)
            cooldown = AskCooldown(config.cooldown_rate, config.cooldown_per)
            self._cooldowns[guild_id] = cooldown
        return cooldown

    async def set(
        self, guild_id: int, name: str, text: str, *, changed_by: int | None
    ) -> ServerConfig:
        """Validate and store one setting (`default` restores the operator's); ConfigError
        with the reason when the value is not valid, and nothing changes."""
        own = self._own.setdefault(guild_id, {})
        if text.strip().lower() == DEFAULT:
            if self.store is not None:
                await self.store.clear(guild_id, name)
            own.pop(name, None)
        else:
            value = stored_text(name, parse(name, text))
            if self.store is not None:
                await self.store.set(guild_id, name, value, changed_by=changed_by)
            own[name] = value
        self._configs.pop(guild_id, None)
        if name == "cooldown":
            self._cooldowns.pop(guild_id, None)
        return self.get(guild_id)
