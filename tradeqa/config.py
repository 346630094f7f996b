"""The bot's settings: environment variables, a `.env` file and an optional TOML file.

Precedence, lowest first: built-in defaults, the TOML file (`TRADEQA_CONFIG` or `--config`),
the `.env` file in the working directory, the process environment. The token is never
shown: not by `repr`, not in errors, not in logs.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

TOKEN_HELP = (
    "set DISCORD_TOKEN in the environment, in a .env file (DISCORD_TOKEN=...) "
    "or as `token` in the TOML config file (TRADEQA_CONFIG)"
)


class ConfigError(ValueError):
    """A setting is missing or malformed; the message is one line naming the setting."""


@dataclass(frozen=True)
class Settings:
    token: str | None = field(default=None, repr=False)
    # A SQLite file, or a postgresql:// URL (a str) for a database shared by several processes.
    db: Path | str = Path("tradeqa.db")
    # Empty means the bundled knowledge base.
    knowledge: tuple[Path, ...] = ()
    # Empty disables prefix commands (and with them the need for the message content intent).
    prefix: str = "!"
    moderator_role_ids: frozenset[int] = frozenset()
    admin_role_ids: frozenset[int] = frozenset()
    # Channels where every message is taken as a question; none by default.
    qa_channel_ids: frozenset[int] = frozenset()
    # At most `cooldown_rate` questions per `cooldown_per` seconds per user; rate 0 disables.
    cooldown_rate: int = 3
    cooldown_per: float = 30.0
    # `/logs purge` removes query-log rows older than this many days (storage's default).
    retention_days: float = 90.0
    # Audit entries are purged only past this many days: who deleted what stays visible.
    audit_retention_days: float = 365.0
    auto_reload: bool = False
    report_channel_id: int | None = None
    owner_ids: frozenset[int] = frozenset()
    # This process's shards: None lets Discord recommend a count and runs them all.
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.name != "token"
        )
        token = "'***'" if self.token else "None"
        return f"Settings(token={token}, {shown})"

    __str__ = __repr__

    @property
    def needs_message_content(self) -> bool:
        """Prefix commands and Q&A channels read message text; slash commands and mentions
        do not (Discord always shows a bot the messages that mention it)."""
        return bool(self.prefix) or bool(self.qa_channel_ids)

    def require_token(self) -> str:
        """The token, or a ConfigError saying how to set it. Never echoes the value."""
        token = (self.token or "").strip()
        if not token:
            raise ConfigError(f"no Discord bot token: {TOKEN_HELP}")
        # A bot token is three dot-separated base64 parts; anything else was pasted wrongly
        # (client secret, application id, a quoted value...). Checked offline.
        parts = token.split(".")
        if len(parts) != 3 or not all(parts) or any(c.isspace() for c in token):
            raise ConfigError(
                "DISCORD_TOKEN does not look like a bot token (copy it from Developer Portal > "
                f"Bot > Reset Token); {TOKEN_HELP}"
            )
        return token

    @classmethod
    def load(
        cls,
        *,
        environ: Mapping[str, str] | None = None,
        config_path: Path | str | None = None,
        dotenv_path: Path | str | None = ".env",
    ) -> Settings:
        """Build settings from the TOML file, the `.env` file and the environment."""
        env = dict(os.environ if environ is None else environ)
        dotenv = read_dotenv(Path(dotenv_path)) if dotenv_path else {}
        # Real environment variables win over the .env file, as with docker and systemd.
        merged_env = {**dotenv, **env}
        path = config_path or merged_env.get("TRADEQA_CONFIG")
        values: dict[str, object] = {}
        if path:
            values.update(_from_toml(Path(path)))
        values.update(_from_env(merged_env))
        return cls(**values)


def configured(config_path: Path | str | None = None) -> Settings:
    """The settings every command uses when not given on its command line: the one place
    the environment, `.env` and the TOML file are read, so that `tradeqa ask`, `logs`,
    `chat` and `run` agree on the database and the knowledge folders."""
    return Settings.load(config_path=config_path)


# --------------------------------------------------------------------------- sources


def read_dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; `#` comments, blank lines, `export ` and surrounding quotes allowed.

    Deliberately small (no interpolation or multi-line values), so no dependency is needed.
    """
    if not path.is_file():
        return {}
    out: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip()
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise ConfigError(f"{path}:{number}: expected KEY=VALUE")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        out[key] = value
    return out


_ENV_KEYS = {
    "DISCORD_TOKEN": "token",
    "TRADEQA_DB": "db",
    "TRADEQA_KNOWLEDGE": "knowledge",
    "TRADEQA_PREFIX": "prefix",
    "TRADEQA_MODERATOR_ROLES": "moderator_role_ids",
    "TRADEQA_ADMIN_ROLES": "admin_role_ids",
    "TRADEQA_QA_CHANNELS": "qa_channel_ids",
    "TRADEQA_COOLDOWN": "cooldown",
    "TRADEQA_RETENTION_DAYS": "retention_days",
    "TRADEQA_AUDIT_RETENTION_DAYS": "audit_retention_days",
    "TRADEQA_AUTO_RELOAD": "auto_reload",
    "TRADEQA_REPORT_CHANNEL": "report_channel_id",
    "TRADEQA_OWNERS": "owner_ids",
    "TRADEQA_SHARDS": "shards",
}

_TOML_KEYS = {
    "token": "token",
    "db": "db",
    "knowledge": "knowledge",
    "prefix": "prefix",
    "moderator_roles": "moderator_role_ids",
    "admin_roles": "admin_role_ids",
    "qa_channels": "qa_channel_ids",
    "cooldown": "cooldown",
    "retention_days": "retention_days",
    "audit_retention_days": "audit_retention_days",
    "auto_reload": "auto_reload",
    "report_channel": "report_channel_id",
    "owners": "owner_ids",
    "shards": "shards",
}


def _from_env(env: Mapping[str, str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for name, attr in _ENV_KEYS.items():
        if name not in env:
            continue
        raw = env[name]
        if attr == "knowledge":
            parts = [p for p in raw.split(os.pathsep) if p.strip()]
            out.update(_convert(name, attr, parts))
        elif attr.endswith("_ids"):
            out.update(_convert(name, attr, [p for p in raw.replace(",", " ").split() if p]))
        else:
            out.update(_convert(name, attr, raw.strip() if attr != "prefix" else raw))
    return out


def _from_toml(path: Path) -> dict[str, object]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found (TRADEQA_CONFIG / --config)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    # Allow the settings at top level or under a [tradeqa] table.
    table = data.get("tradeqa", data)
    out: dict[str, object] = {}
    for key, value in table.items():
        if key not in _TOML_KEYS:
            known = ", ".join(sorted(_TOML_KEYS))
            raise ConfigError(f"{path}: unknown setting {key!r} (known: {known})")
        out.update(_convert(f"{path}: {key}", _TOML_KEYS[key], value))
    return out


# --------------------------------------------------------------------------- conversion


def parse_value(where: str, key: str, value: object) -> dict[str, object]:
    """One setting converted as the TOML file's `key` is (`cooldown` -> cooldown_rate and
    cooldown_per, say): a server's own settings are validated exactly like the operator's."""
    return _convert(where, _TOML_KEYS[key], value)


def _convert(where: str, attr: str, value: object) -> dict[str, object]:
    """Turn one raw value (a string from the environment, or a TOML value) into fields."""
    if attr == "token":
        # Never include the value in an error message.
        if not isinstance(value, str):
            raise ConfigError(f"{where}: must be a string")
        return {"token": value.strip() or None}
    if attr == "db":
        from storage.location import BadLocation, database_location

        try:
            return {"db": database_location(_text(where, value))}
        except BadLocation as exc:
            raise ConfigError(f"{where}: {exc}") from None
    if attr == "prefix":
        text = _text(where, value, allow_empty=True)
        if any(c.isspace() for c in text) or len(text) > 5:
            raise ConfigError(
                f"{where}: a prefix is up to 5 characters without spaces, got {text!r}"
            )
        return {"prefix": text}
    if attr == "knowledge":
        items = value if isinstance(value, list) else [value]
        return {"knowledge": tuple(Path(_text(where, item)) for item in items)}
    if attr.endswith("_ids"):
        items = value if isinstance(value, list) else [value]
        return {attr: frozenset(_snowflake(where, item) for item in items)}
    if attr == "report_channel_id":
        if value in ("", None):
            return {attr: None}
        return {attr: _snowflake(where, value)}
    if attr in ("retention_days", "audit_retention_days"):
        try:
            if isinstance(value, bool):
                raise TypeError
            days = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: expected a number of days, got {value!r}") from None
        # 0 would make every purge delete the whole log.
        if not 0 < days <= 36500:
            raise ConfigError(f"{where}: expected between 1 and 36500 days, got {value!r}")
        return {attr: days}
    if attr == "auto_reload":
        return {attr: _boolean(where, value)}
    if attr == "cooldown":
        return _cooldown(where, value)
    if attr == "shards":
        return _shards(where, value)
    raise AssertionError(attr)  # pragma: no cover - the key tables above are closed


def _text(where: str, value: object, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise ConfigError(f"{where}: expected a non-empty string")
    return value if allow_empty else value.strip()


def _integer(where: str, value: object) -> int:
    if isinstance(value, bool):
        raise ConfigError(f"{where}: expected a whole number, got {value!r}")
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise ConfigError(f"{where}: expected a whole number, got {value!r}") from None


def _snowflake(where: str, value: object) -> int:
    number = _integer(where, value)
    # Discord ids are positive 64-bit integers, in practice 17-20 digits.
    if not 0 < number < 2**64:
        raise ConfigError(f"{where}: {number} is not a Discord id (copy it with Developer Mode)")
    return number


def _boolean(where: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(f"{where}: expected true or false, got {value!r}")


def _cooldown(where: str, value: object) -> dict[str, object]:
    """`RATE/SECONDS` ("3/30"), "off", or in TOML a table {rate = 3, per = 30}."""
    if isinstance(value, dict):
        rate, per = value.get("rate"), value.get("per")
        if set(value) - {"rate", "per"} or rate is None or per is None:
            raise ConfigError(f"{where}: expected {{rate = 3, per = 30}}")
    else:
        text = str(value).strip().lower()
        if text in ("off", "0", "none"):
            return {"cooldown_rate": 0}
        rate, sep, per = text.partition("/")
        if not sep:
            raise ConfigError(f"{where}: expected RATE/SECONDS such as 3/30, or off; got {value!r}")
    try:
        rate_n = int(rate)
        per_n = float(per)
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: expected RATE/SECONDS such as 3/30; got {value!r}") from None
    if rate_n < 0 or per_n <= 0 or per_n > 86400:
        raise ConfigError(f"{where}: rate must be 0 or more and seconds between 0 and 86400")
    return {"cooldown_rate": rate_n, "cooldown_per": per_n}


SHARDS_HELP = "expected IDS/COUNT such as 0-3/8 (shards 0 to 3 of 8), 2,5/8, or a COUNT such as 8"


def _shards(where: str, value: object) -> dict[str, object]:
    """`IDS/COUNT`: this process runs shards IDS of COUNT ("0-3/8", "0,2/4", "5/8"); a bare
    COUNT runs them all; empty or "auto" lets Discord recommend the count."""
    text = str(value).strip().lower() if not isinstance(value, bool) else "?"
    if text in ("", "auto"):
        return {"shard_count": None, "shard_ids": None}
    ids_text, sep, count_text = text.rpartition("/")
    if not sep:
        ids_text, count_text = "", text
    try:
        count = int(count_text)
        ids: list[int] = []
        for part in ids_text.split(",") if ids_text else ():
            first, dash, last = part.strip().partition("-")
            ids.extend(range(int(first), int(last) + 1) if dash else [int(first)])
    except ValueError:
        raise ConfigError(f"{where}: {SHARDS_HELP}; got {value!r}") from None
    if not 1 <= count <= 10_000:
        raise ConfigError(f"{where}: the shard count must be between 1 and 10000, got {count}")
    if ids_text and not ids:
        raise ConfigError(f"{where}: {SHARDS_HELP}; got {value!r}")
    bad = [i for i in ids if not 0 <= i < count]
    if bad:
        raise ConfigError(
            f"{where}: shard {bad[0]} does not exist with {count} shards (ids are 0 to {count - 1})"
        )
    if len(set(ids)) != len(ids):
        raise ConfigError(f"{where}: a shard is listed twice in {value!r}")
    return {"shard_count": count, "shard_ids": tuple(ids) if ids else None}
