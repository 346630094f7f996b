"""Settings from the environment, a .env file and a TOML file; clear one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradeqa.config import ConfigError, Settings, read_dotenv

TOKEN = "MTE4NDU2.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789"


def load(tmp_path: Path, environ: dict[str, str], toml: str | None = None, dotenv: str = ""):
    (tmp_path / ".env").write_text(dotenv, encoding="utf-8")
    config = None
    if toml is not None:
        config = tmp_path / "tradeqa.toml"
        config.write_text(toml, encoding="utf-8")
    return Settings.load(environ=environ, config_path=config, dotenv_path=tmp_path / ".env")


def test_defaults_need_nothing(tmp_path):
    settings = load(tmp_path, {})
    assert settings.token is None
    assert settings.prefix == "!"
    assert settings.db == Path("tradeqa.db")
    assert settings.knowledge == ()
    assert settings.qa_channel_ids == frozenset()
    assert (settings.cooldown_rate, settings.cooldown_per) == (3, 30.0)
    assert settings.auto_reload is False


def test_environment_variables(tmp_path):
    settings = load(
        tmp_path,
        {
            "DISCORD_TOKEN": TOKEN,
            "TRADEQA_DB": "/var/lib/tradeqa/log.db",
            "TRADEQA_KNOWLEDGE": f"/srv/kb/facts{__import__('os').pathsep}/srv/extra",
            "TRADEQA_PREFIX": "?",
            "TRADEQA_MODERATOR_ROLES": "111111111111111111, 222222222222222222",
            "TRADEQA_ADMIN_ROLES": "333333333333333333",
            "TRADEQA_QA_CHANNELS": "444444444444444444",
            "TRADEQA_COOLDOWN": "5/60",
            "TRADEQA_RETENTION_DAYS": "30",
            "TRADEQA_AUTO_RELOAD": "yes",
            "TRADEQA_REPORT_CHANNEL": "555555555555555555",
            "TRADEQA_OWNERS": "666666666666666666",
        },
    )
    assert settings.require_token() == TOKEN
    assert settings.db == Path("/var/lib/tradeqa/log.db")
    assert settings.knowledge == (Path("/srv/kb/facts"), Path("/srv/extra"))
    assert settings.prefix == "?"
    assert settings.moderator_role_ids == {111111111111111111, 222222222222222222}
    assert settings.admin_role_ids == {333333333333333333}
    assert settings.qa_channel_ids == {444444444444444444}
    assert (settings.cooldown_rate, settings.cooldown_per) == (5, 60.0)
    assert settings.retention_days == 30
    assert settings.auto_reload is True
    assert settings.report_channel_id == 555555555555555555
    assert settings.owner_ids == {666666666666666666}


def test_precedence_environment_over_dotenv_over_toml(tmp_path):
    settings = load(
        tmp_path,
        {"TRADEQA_PREFIX": "$"},
        toml='prefix = "%"\ndb = "from-toml.db"\ncooldown = {rate = 2, per = 10}\n',
        dotenv="TRADEQA_PREFIX=?\nTRADEQA_DB='from-dotenv.db'\nexport DISCORD_TOKEN=" + TOKEN,
    )
    assert settings.prefix == "$"
    assert settings.db == Path("from-dotenv.db")
    assert (settings.cooldown_rate, settings.cooldown_per) == (2, 10.0)
    assert settings.token == TOKEN


def test_config_file_named_by_environment(tmp_path):
    path = tmp_path / "bot.toml"
    path.write_text("[tradeqa]\nqa_channels = [123456789012345678]\nauto_reload = true\n")
    settings = Settings.load(environ={"TRADEQA_CONFIG": str(path)}, dotenv_path=None)
    assert settings.qa_channel_ids == {123456789012345678}
    assert settings.auto_reload


def test_repr_never_shows_the_token(tmp_path):
    settings = load(tmp_path, {"DISCORD_TOKEN": TOKEN})
    assert TOKEN not in repr(settings)
    assert TOKEN not in str(settings)
    assert "token='***'" in repr(settings)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"TRADEQA_COOLDOWN": "fast"}, "TRADEQA_COOLDOWN: expected RATE/SECONDS"),
        ({"TRADEQA_QA_CHANNELS": "general"}, "TRADEQA_QA_CHANNELS: expected a whole number"),
        ({"TRADEQA_ADMIN_ROLES": "-4"}, "TRADEQA_ADMIN_ROLES: -4 is not a Discord id"),
        ({"TRADEQA_AUTO_RELOAD": "sometimes"}, "TRADEQA_AUTO_RELOAD: expected true or false"),
        ({"TRADEQA_RETENTION_DAYS": "0"}, "TRADEQA_RETENTION_DAYS: expected between 1"),
        ({"TRADEQA_PREFIX": "ask me"}, "TRADEQA_PREFIX: a prefix is up to 5 characters"),
    ],
)
def test_invalid_values_are_one_line_errors(tmp_path, environ, message):
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, environ)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_toml_errors_name_the_file_and_key(tmp_path):
    with pytest.raises(ConfigError, match=r"tradeqa\.toml: unknown setting 'prefx'"):
        load(tmp_path, {}, toml='prefx = "!"\n')
    with pytest.raises(ConfigError, match=r"tradeqa\.toml: not valid TOML"):
        load(tmp_path, {}, toml="prefix = \n")
    with pytest.raises(ConfigError, match="config file not found"):
        Settings.load(environ={"TRADEQA_CONFIG": str(tmp_path / "nope.toml")}, dotenv_path=None)


def test_token_problems_say_how_to_set_it_without_echoing_it(tmp_path):
    with pytest.raises(ConfigError) as missing:
        load(tmp_path, {}).require_token()
    assert "DISCORD_TOKEN" in str(missing.value) and ".env" in str(missing.value)
    wrong = "not-a-token-at-all"
    with pytest.raises(ConfigError) as malformed:
        load(tmp_path, {"DISCORD_TOKEN": wrong}).require_token()
    assert "does not look like a bot token" in str(malformed.value)
    assert wrong not in str(malformed.value)


def test_message_content_intent_only_when_needed():
    assert Settings().needs_message_content  # the default "!" prefix reads messages
    assert not Settings(prefix="").needs_message_content
    assert Settings(prefix="", qa_channel_ids=frozenset({1})).needs_message_content


def test_dotenv_syntax(tmp_path):
    path = tmp_path / ".env"
    path.write_text(
        "# comment\n\nexport A=1\nB = 'two words'\nC=\"x=y\"\nD=plain # trailing comment\n"
    )
    assert read_dotenv(path) == {"A": "1", "B": "two words", "C": "x=y", "D": "plain"}
    path.write_text("just words\n")
    with pytest.raises(ConfigError, match=r"\.env:1: expected KEY=VALUE"):
        read_dotenv(path)
