"""Render the bot's main Discord screens to PNGs under docs/screens/, offline.

The real bot (create_bot, the bundled knowledge base, a real SQLite query log) runs inside
simcord's simulated Discord; simcord's preview draws each message as Discord would, in a
locally installed Chromium. No Discord account, token or network is needed.

    pip install 'simcord[preview]' playwright      # documentation only: not in the lock
    apt-get install -y chromium                       # Debian's; `playwright install` not needed
    python docs/screens.py                            # writes docs/screens/*.png

CHROMIUM=/path/to/chromium picks another browser. The pictures are documentation: the tests
check the same screens' payloads (titles, fields, buttons, limits, no pings), never pixels.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import sqlite3
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screens"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = (390, 844)  # a phone's width in CSS pixels
sys.path.insert(0, str(ROOT))

import discord  # noqa: E402
import simcord  # noqa: E402

from bot import create_bot  # noqa: E402
from knowledge.loader import BUNDLED_DIR  # noqa: E402
from tradeqa.config import Settings  # noqa: E402
from tradeqa.service import Asker, TradeQA  # noqa: E402

# Near the domain but not covered, and a detail the knowledge base lacks.
ANSWER = "when is huang in beijing?"
FIGURE = "china share of nvidia sales?"
QUOTE = "what did huang say about the american tech stack"
RELATED = "how many h20 chips did nvidia sell?"
MISS = "where is nvidia headquartered?"
# An unclosed quote: the parser notices only at the end of the file.
BROKEN_YAML = 'facts:\n  - id: typo-fact\n    title: "Nvidia resumes H20 sales\n    answer: x\n'
# The same fact, fixed: the reload then adds it.
FIXED_YAML = """\
facts:
  - id: h20-sales-resume
    title: Nvidia resumes H20 sales to China
    answer: American semiconductor powerhouse Nvidia plans to recommence selling a key AI chip.
    kind: event
    questions:
      - is nvidia selling the h20 again?
    sources:
      - source: wtn-nvidia-china-2025-07-22
        excerpt: American semiconductor powerhouse Nvidia plans to recommence selling a key
          artificial intelligence chip to China
"""


def use_system_chromium() -> None:
    """simcord's capture launches Playwright's own Chromium build, which cannot be
    downloaded here: launch Debian's instead."""
    from playwright.async_api import BrowserType

    if not Path(CHROMIUM).exists():
        sys.exit(f"no Chromium at {CHROMIUM}: apt-get install -y chromium, or set CHROMIUM")
    launch = BrowserType.launch

    async def launch_system(self, *args, **kwargs):
        kwargs.setdefault("executable_path", CHROMIUM)
        return await launch(self, *args, **kwargs)

    BrowserType.launch = launch_system


async def seed_history(service: TradeQA, db: Path, guild_id: int, channel_id: int) -> None:
    """A month of questions for the stats chart: asked through the real service, then
    spread over the last 30 days (the log stamps each question with the time it is asked)."""
    rng = random.Random(7)
    questions = [ANSWER, FIGURE, QUOTE, "is nvidia selling chips to china again?", "h20?"]
    misses = [MISS, RELATED, "what is apple's market cap?"]
    asker = Asker("slash", 1, "demo", guild_id=guild_id, channel_id=channel_id)
    now = datetime.now(UTC)
    moments = []
    for days_ago in range(1, 31):
        if days_ago > 24 or rng.random() < 0.15:
            continue  # a quiet start and a few quiet days
        for _ in range(rng.randint(2, 7)):
            pool = misses if rng.random() < 0.25 else questions
            if rng.random() < 0.08:
                pool = ["hi"]
            await service.ask(rng.choice(pool), asker)
            moments.append(now - timedelta(days=days_ago, hours=rng.randint(0, 20)))
    with sqlite3.connect(db) as conn:
        ids = [row[0] for row in conn.execute("SELECT rowid FROM queries ORDER BY rowid")]
        for rowid, moment in zip(ids, moments, strict=False):
            stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            conn.execute("UPDATE queries SET asked_at = ? WHERE rowid = ?", (stamp, rowid))


async def main() -> None:
    use_system_chromium()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        knowledge = Path(tmp) / "knowledge"
        shutil.copytree(BUNDLED_DIR, knowledge)
        settings = Settings(
            token=None,
            db=Path(tmp) / "tradeqa.db",
            knowledge=(knowledge,),
            cooldown_rate=0,
            shard_count=1,
        )
        service = await TradeQA.open(knowledge=[knowledge], db=settings.db)
        try:
            await render(settings, service, knowledge)
        finally:
            await service.close()


async def render(settings: Settings, service: TradeQA, knowledge: Path) -> None:
    async with simcord.run(create_bot(settings, service=service)) as env:
        guild = env.create_guild("Trade Desk")
        channel = guild.create_text_channel("trade-news")
        admin_role = guild.create_role(
            "Admins", permissions=discord.Permissions(manage_guild=True, manage_messages=True)
        )
        alice = guild.add_member(env.create_user("alice"))
        ada = guild.add_member(env.create_user("ada"), roles=[admin_role])
        qa = guild.create_text_channel("ask-the-bot")
        # As TRADEQA_QA_CHANNELS would: help then lists it among the ways to ask.
        env.bot.settings = replace(env.bot.settings, qa_channel_ids=frozenset({qa.id}))
        await env.bot.tree.sync()

        async with env.preview(channel, viewers=[alice, ada], width=720, height=900) as preview:

            async def shot(name: str, target, viewer=alice, layout="message", viewport=None):
                capture = await preview.screenshot(
                    OUT / f"{name}.png",
                    viewer=viewer,
                    target=target,
                    layout=layout,
                    viewport=viewport,
                )
                print(f"{capture.path}  {capture.output_width}x{capture.output_height}")

            # Members: a prefix question (visible above the reply), then slash commands.
            await alice.send(channel, f"!ask {ANSWER}")
            await shot("answer", channel.last_message, layout="channel")
            await shot("answer-figure", await alice.slash(channel, "ask", question=FIGURE))
            await shot("answer-quote", await alice.slash(channel, "ask", question=QUOTE))
            await shot("related", await alice.slash(channel, "ask", question=RELATED))
            miss = await alice.slash(channel, "ask", question=MISS)
            await shot("miss", miss)
            await shot("miss-phone", miss, viewport=PHONE)
            await shot("help", await alice.slash(channel, "ask", question="hi"))

            # Moderators: a reload refused by a typo, then one that succeeds.
            broken = knowledge / "typo.yaml"
            broken.write_text(BROKEN_YAML, encoding="utf-8")
            await shot("reload-refused", await ada.slash(channel, "kb reload"), viewer=ada)
            broken.write_text(FIXED_YAML, encoding="utf-8")
            await shot("reload-done", await ada.slash(channel, "kb reload"), viewer=ada)

            # Admins: a month of questions.
            await seed_history(service, settings.db, guild.id, channel.id)
            await shot("stats", await ada.slash(channel, "logs stats", days=30), viewer=ada)
            await shot("unanswered", await ada.slash(channel, "logs unanswered"), viewer=ada)


if __name__ == "__main__":
    asyncio.run(main())
