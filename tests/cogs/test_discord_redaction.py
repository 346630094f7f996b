"""The bot token never reaches a log line or an error message, tracebacks included."""

from __future__ import annotations

import io
import logging

import discord
import pytest
from discord_helpers import make_settings

import bot
from bot import TradeQABot
from tradeqa.redaction import TokenRedactor

TOKEN = "MTE4NDU2Nzg5.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789"


def _fail_with_the_token() -> None:
    try:
        raise ValueError(f"header Authorization: Bot {TOKEN}")
    except ValueError as inner:
        raise RuntimeError(f"request with {TOKEN} failed") from inner


def test_tracebacks_in_the_log_are_redacted(capsys, restore_logging):
    bot._setup_logging(TOKEN)
    try:
        _fail_with_the_token()
    except RuntimeError:
        logging.getLogger("tradeqa.discord").exception("/ask failed")

    err = capsys.readouterr().err
    assert "/ask failed" in err and "Traceback" in err and "_fail_with_the_token" in err
    assert "request with [token] failed" in err and "Bot [token]" in err
    assert TOKEN not in err


def test_discord_colour_formatter_output_is_redacted_too(restore_logging):
    # discord.py formats exc_info itself when the terminal takes colours.
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(discord.utils._ColourFormatter())
    handler.addFilter(TokenRedactor(TOKEN))
    logger = logging.getLogger("tradeqa.test-colour")
    logger.addHandler(handler)
    try:
        try:
            _fail_with_the_token()
        except RuntimeError:
            logger.error("gateway closed", exc_info=True, stack_info=True)
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert "gateway closed" in text and "Traceback" in text
    assert TOKEN not in text


@pytest.mark.parametrize(
    ("error", "line"),
    [
        (OSError(f"cannot connect with {TOKEN}"), "tradeqa: cannot reach Discord: "),
        (RuntimeError(f"unexpected {TOKEN}"), "tradeqa: the bot stopped: "),
    ],
    ids=["network", "anything else"],
)
def test_an_error_that_stops_the_bot_is_one_redacted_line(
    tmp_path, monkeypatch, capsys, restore_logging, error, line
):
    async def broken(self: TradeQABot, token: str, *, reconnect: bool = True) -> None:
        raise error

    monkeypatch.setattr(TradeQABot, "start", broken)

    assert bot.run(make_settings(tmp_path, token=TOKEN)) == 1

    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]
    assert last.startswith(line) and "[token]" in last
    assert TOKEN not in err


def test_a_failed_sync_does_not_echo_the_token(tmp_path, monkeypatch, capsys):
    import argparse

    from tradeqa import cli_bot

    async def refused(self: TradeQABot, token: str) -> None:
        raise OSError(f"proxy refused POST with Authorization: Bot {token}")

    monkeypatch.setattr(TradeQABot, "login", refused)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)

    assert cli_bot.cmd_sync(argparse.Namespace(config=None, guild=None)) == 1

    err = capsys.readouterr().err
    assert err.startswith("tradeqa: sync failed: ") and "Bot [token]" in err
    assert TOKEN not in err
