"""Whatever goes wrong while loading is a problem line on every path that loads: `kb check`,
`/kb reload`, `/kb check`, the automatic reload and startup (red-team M2, M4)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from discord_helpers import make_settings, rows

import tradeqa.service
from bot import opened_service
from knowledge import loader
from knowledge.loader import load_knowledge
from knowledge.problems import KnowledgeError
from tradeqa.service import Asker

pytest_plugins = ["discord_helpers"]

HEX = "facts:\n  - 0x" + "f" * 5_000 + "\n"
HEX_PROBLEM = "a number of 5,002 characters: at most 100 (put it in quotes if it is text)"
LOOP_PROBLEM = "loop.yaml:0:0: a symlink loop: cannot be resolved"
# In Discord: the file in code formatting, no 0:0 (the problem is the whole file).
LOOP_SHOWN = "`loop.yaml` a symlink loop: cannot be resolved"
STILL_OLD = "Nothing changed: the bot still answers from the previous knowledge base."
# Each of these facts has several problems: a bad id, missing fields.
MANY = "facts:\n" + "  - {id: Not An Id}\n" * 20


def audit(db: Path) -> list[tuple]:
    return [tuple(r) for r in rows(db, "SELECT action, result FROM audit ORDER BY id")]


def add_loop(folder: Path) -> None:
    (folder / "loop.yaml").symlink_to("loop.yaml")


# --------------------------------------------------------------------------- the loader


def test_an_unexpected_error_in_one_file_is_one_problem_line(tmp_path, monkeypatch):
    (tmp_path / "a.yaml").write_text("facts: []\n")
    (tmp_path / "b.yaml").write_text("tests: []\n")

    def broken(data):
        raise RecursionError("deep inside a library")

    monkeypatch.setattr(loader, "_validate", broken)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge([tmp_path])
    assert [str(p).replace(f"{tmp_path}/", "") for p in caught.value.problems] == [
        f"{name}:0:0: could not be loaded (RecursionError); the bot's log has the details"
        for name in ("a.yaml", "b.yaml")
    ]


# --------------------------------------------------------------------------- tradeqa kb check


def kb_check(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tradeqa.cli", "kb", "check", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_kb_check_reports_a_symlink_loop_and_a_huge_number_in_one_line_each(tmp_path):
    (tmp_path / "hex.yaml").write_text(HEX)
    add_loop(tmp_path)
    done = kb_check(tmp_path)
    assert done.returncode == 1
    assert done.stdout.replace(f"{tmp_path}/", "").splitlines() == [
        f"hex.yaml:2:5: {HEX_PROBLEM}",
        LOOP_PROBLEM,
    ]
    assert "Traceback" not in done.stderr


def test_kb_check_lists_the_first_50_problems_and_counts_the_rest(tmp_path):
    (tmp_path / "many.yaml").write_text(MANY)
    done = kb_check(tmp_path)
    lines = done.stdout.splitlines()
    total = int(done.stderr.split()[0])
    assert done.stderr.strip().startswith(f"{total} problem(s) found")
    assert total > 100
    assert len(lines) == 51
    assert lines[-1] == f"… and {total - 50} more problem(s)"


# --------------------------------------------------------------------------- Discord


async def test_kb_reload_reports_a_symlink_loop_and_audits_it(world, settings):
    add_loop(settings.knowledge[0])
    result = await world.mod.slash(world.channel, "kb reload")
    embed = result.response.embeds[0]
    assert embed.title == "Reload refused: 1 problem in the knowledge files"
    assert embed.description == f"{STILL_OLD}\n{LOOP_SHOWN}"
    assert audit(settings.db) == [("reload", "refused")]


async def test_kb_reload_reports_an_unexpected_failure_and_audits_it(world, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(tradeqa.service, "AnswerEngine", broken)
    result = await world.mod.slash(world.channel, "kb reload")
    embed = result.response.embeds[0]
    assert embed.title.startswith("Reload refused")
    assert embed.description == (
        f"{STILL_OLD}\n`facts` could not be loaded (MemoryError); the bot's log has the details"
    )
    assert audit(settings.db) == [("reload", "refused")]
    answer = await world.alice.slash(world.channel, "ask", question="when is huang in beijing?")
    assert answer.response.embeds[0].title.startswith("Huang’s media briefing")


async def test_kb_check_in_discord_shows_50_problems_then_a_count_formatted_off_the_loop(
    world, settings, monkeypatch
):
    reports = sys.modules["cogs._kb_reports"]  # the module the bot's extension formats with
    (settings.knowledge[0] / "many.yaml").write_text(MANY)
    threads = set()
    format_one = reports.problem_line

    def recording(problem, roots):
        threads.add(threading.current_thread())
        return format_one(problem, roots)

    monkeypatch.setattr(reports, "problem_line", recording)
    result = await world.mod.slash(world.channel, "kb check")
    embed = result.response.embeds[0]
    total = int(embed.title.split()[0])
    assert total > 100
    assert embed.title == f"{total} problems in the knowledge files"
    assert embed.description.count("`many.yaml:") == 10
    assert embed.footer.text == "Page 1 of 6"  # 50 problems and "… and N more", 10 a page
    assert threads and threading.main_thread() not in threads


async def test_the_automatic_reload_reports_a_huge_number_and_audits_it(world, settings):
    bot = world.env.bot
    reports = world.guild.create_text_channel("kb-reports")
    bot.settings = replace(bot.settings, report_channel_id=reports.id)
    changed = settings.knowledge[0] / "hex.yaml"
    changed.write_text(HEX)

    report = await bot.get_cog("Moderators").reload_from_disk({changed})

    assert not report.ok
    embed = reports.last_message.embeds[0]
    assert embed.title.startswith("Reload refused")
    assert embed.description == f"{STILL_OLD}\n`hex.yaml:2:5` {HEX_PROBLEM}"
    assert audit(settings.db) == [("reload", "refused")]


async def test_startup_reports_a_symlink_loop_as_a_knowledge_problem(tmp_path):
    settings = make_settings(tmp_path)
    add_loop(settings.knowledge[0])
    # The bot's resources are opened before the bot, at the composition root (bot._serve).
    with pytest.raises(KnowledgeError) as caught:
        async with opened_service(settings):
            pass
    assert [str(p) for p in caught.value.problems] == [f"{settings.knowledge[0]}/{LOOP_PROBLEM}"]


# --------------------------------------------------------------------------- one at a time


async def test_checks_and_reloads_load_one_at_a_time(service, monkeypatch):
    running = 0
    most = 0
    lock = threading.Lock()
    real_load = tradeqa.service.load_knowledge

    def counting(*args, **kwargs):
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        try:
            time.sleep(0.05)  # long enough for the others to start, were they allowed to
            return real_load(*args, **kwargs)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(tradeqa.service, "load_knowledge", counting)
    moderator = Asker("cli", user_name="mod")
    await asyncio.gather(
        service.check(moderator),
        service.check(moderator),
        service.reload(moderator),
        service.check(moderator),
    )
    assert most == 1
