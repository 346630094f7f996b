"""`tradeqa run` with its log redirected (systemd, a file): plain lines, no voice noise."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
TOKEN = "MTE4NDU2Nzg5.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789"

CHILD = textwrap.dedent(
    f"""
    import logging, sys
    sys.path.insert(0, {str(TESTS)!r})
    from pathlib import Path
    import discord
    import bot
    from discord_helpers import make_settings

    async def rejected(self, token, *, reconnect=True):
        logging.getLogger("discord.client").info("logging in using static token")
        raise discord.LoginFailure("Improper token has been passed.")

    bot.TradeQABot.start = rejected
    sys.exit(bot.run(make_settings(Path(sys.argv[1]), token={TOKEN!r})))
    """
)


def test_a_redirected_log_has_no_colour_codes_and_no_voice_warnings(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "logging in using static token" in done.stderr  # the log itself is kept
    assert "\x1b[" not in done.stderr
    assert "voice" not in done.stderr.lower()
