"""Starting the bot: token problems are one clear line; the console chat; setup_hook wiring."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import discord
import pytest
from discord_helpers import make_settings, open_service, rows

import bot
from bot import TradeQABot, create_bot
from tradeqa.console import chat

REPO = Path(__file__).resolve().parents[2]
BEIJING = "when is huang in beijing?"
PYTHON = sys.executable
TRADEQA = Path(sys.executable).parent / "tradeqa"
TOKEN = "MTE4NDU2Nzg5.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789"


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without any tradeqa or Discord setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRADEQA_", "DISCORD_"))}
    env.update(extra)
    return env


def run(
    args: list[str], cwd: Path, env: dict[str, str], stdin: str = ""
) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=120
    )


# --------------------------------------------------------------------------- the token


@pytest.mark.parametrize(
    "command",
    [
        [PYTHON, str(REPO / "bot.py")],
        [str(TRADEQA), "run"],
        [PYTHON, "-m", "tradeqa.cli_bot", "sync"],
    ],
    ids=["python bot.py", "tradeqa run", "tradeqa sync"],
)
def test_missing_token_is_one_clear_line(tmp_path, command):
    done = run(command, cwd=tmp_path, env=clean_env())  # no .env in tmp_path either

    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("tradeqa: no Discord bot token: set DISCORD_TOKEN")
    assert ".env" in line and "TRADEQA_CONFIG" in line


def test_malformed_token_is_one_line_that_does_not_echo_it(tmp_path):
    secret = "client-secret-pasted-by-mistake"
    done = run([PYTHON, str(REPO / "bot.py")], tmp_path, clean_env(DISCORD_TOKEN=secret))

    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert "does not look like a bot token" in line
    assert secret not in done.stderr + done.stdout


def test_invalid_config_is_one_line(tmp_path):
    done = run([PYTHON, str(REPO / "bot.py")], tmp_path, clean_env(TRADEQA_COOLDOWN="lots"))
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "tradeqa: TRADEQA_COOLDOWN: expected RATE/SECONDS such as 3/30, or off; got 'lots'"
    )


def test_a_rejected_token_is_one_line_and_never_logged(
    tmp_path, monkeypatch, capsys, restore_logging
):
    async def rejected(self: TradeQABot, token: str, *, reconnect: bool = True) -> None:
        # What discord.py does when Discord answers 401 to the login request; a careless
        # library line mentioning the token on the way must come out redacted.
        logging.getLogger("discord.http").warning("login with %s refused", token)
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setattr(TradeQABot, "start", rejected)
    settings = make_settings(tmp_path, token=TOKEN)

    assert bot.run(settings) == 2

    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert (
        err.strip()
        .splitlines()[-1]
        .startswith("tradeqa: Discord rejected the bot token (it may have been reset)")
    )
    assert TOKEN not in err
    assert "login with [token] refused" in err


# --------------------------------------------------------------------------- building the bot


async def test_create_bot_with_no_arguments_reads_the_configuration(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith(("TRADEQA_", "DISCORD_")):
            monkeypatch.delenv(name)
    (tmp_path / ".env").write_text(f"DISCORD_TOKEN={TOKEN}\nTRADEQA_PREFIX=\n")
    monkeypatch.setenv("TRADEQA_COOLDOWN", "4/20")

    made = create_bot()

    assert made.settings.prefix == ""
    assert (made.settings.cooldown_rate, made.settings.cooldown_per) == (4, 20.0)
    # No prefix and no Q&A channels: the privileged intent is not even requested.
    assert not made.intents.message_content
    assert made.allowed_mentions.everyone is False


async def test_serve_opens_the_resources_passes_them_in_and_closes_them(tmp_path, monkeypatch):
    settings = make_settings(tmp_path)
    seen = {}

    async def start(self: TradeQABot, token: str, *, reconnect: bool = True) -> None:
        await self.setup_hook()  # what logging in runs; no Discord here
        seen["extensions"] = set(self.extensions)
        seen["commands"] = sorted(c.name for c in self.tree.get_commands())
        seen["answered"] = (await self.service.ask(BEIJING, bot_asker())).answer.answered
        seen["service"] = self.service

    monkeypatch.setattr(TradeQABot, "start", start)
    await bot._serve(settings, TOKEN)

    assert seen["extensions"] == {
        "cogs.askers",
        "cogs.moderators",
        "cogs.admins",
        "cogs.server_settings",
    }
    assert seen["commands"] == ["ask", "kb", "logs", "settings"]
    assert seen["answered"]
    # Leaving the composition root closed the service: its row was written.
    assert len(rows(settings.db, "SELECT * FROM queries")) == 1
    assert seen["service"].query_log.health.written == 1


async def test_sync_needs_neither_the_knowledge_base_nor_the_database(tmp_path, monkeypatch):
    from discord import app_commands

    from tradeqa import cli_bot

    broken = tmp_path / "broken-kb"
    broken.mkdir()
    (broken / "facts.yaml").write_text("facts: [\n", encoding="utf-8")
    settings = make_settings(
        tmp_path, knowledge=(broken,), db=tmp_path / "nowhere" / "log.db", auto_reload=True
    )

    async def login(self: TradeQABot, token: str) -> None:
        await self.setup_hook()  # what discord.py runs once the token is accepted

    async def sync(self: app_commands.CommandTree, *, guild=None) -> list:
        return self.get_commands(guild=guild)

    monkeypatch.setattr(TradeQABot, "login", login)
    monkeypatch.setattr(app_commands.CommandTree, "sync", sync)

    assert await cli_bot._sync(settings, TOKEN, None) == "synced 4 commands globally"
    assert not (tmp_path / "nowhere").exists()


def bot_asker():
    from tradeqa.service import Asker

    return Asker("console", user_name="test")


# --------------------------------------------------------------------------- tradeqa chat


async def test_console_chat_answers_suggests_and_logs(tmp_path):
    settings = make_settings(tmp_path)
    service = await open_service(settings)
    lines = "when is huang in beijing?\n\nwhere is nvidia headquartered?\n1\n/quit\nignored\n"
    out = io.StringIO()
    try:
        assert await chat(service, io.StringIO(lines), out, interactive=False) == 0
    finally:
        await service.close()

    text = out.getvalue()
    assert text.startswith("Jensen Huang is slated to conduct a media briefing in Beijing")
    assert "Source: “Nvidia to Resume AI Chip Sales" in text
    assert "(reported in a post dated July 22, 2025)" in text
    assert "Did you mean:\n  1. " in text
    assert "? " not in text  # no prompt noise when piped
    logged = rows(settings.db, "SELECT surface, outcome FROM queries ORDER BY asked_at")
    assert [tuple(r) for r in logged] == [("console", "answered"), ("console", "unanswered")]
    # The pick resolves the miss (a helpful vote naming the fact), as a Discord button does.
    votes = rows(settings.db, "SELECT helpful, picked_fact IS NOT NULL FROM feedback")
    assert [tuple(r) for r in votes] == [(1, 1)]


def test_tradeqa_chat_reads_piped_questions(tmp_path):
    settings = make_settings(tmp_path)
    done = run(
        [
            PYTHON,
            "-m",
            "tradeqa.cli_bot",
            "chat",
            "--knowledge",
            str(settings.knowledge[0]),
            "--db",
            str(settings.db),
        ],
        cwd=REPO,
        env=clean_env(),
        stdin="what did bessent say?\n/reload\n",
    )
    assert done.returncode == 0, done.stderr
    assert "negotiating chip" in done.stdout
    assert "reloaded: no changes" in done.stdout
    assert rows(settings.db, "SELECT surface FROM queries")[0]["surface"] == "console"


def test_an_unreachable_postgresql_database_is_one_line(tmp_path):
    # Port 1 on this machine: nothing listens, the connection is refused at once.
    url = "postgresql://tradeqa:s3cret@127.0.0.1:1/tradeqa"
    env = clean_env(DISCORD_TOKEN=TOKEN, TRADEQA_DB=url)
    done = run([PYTHON, str(REPO / "bot.py")], tmp_path, env)

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("tradeqa: postgresql://tradeqa:***@127.0.0.1:1/tradeqa: cannot use")
    assert "s3cret" not in done.stderr
