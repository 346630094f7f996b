"""The per-person rate limit: one for every way of asking and every button.

The bot holds one AskCooldown per server (`bot.cooldown_for(guild_id)`, at that server's rate):
`/ask`, `!ask`, mentions and Q&A channels all run the `ask` command, whose one check is
`within_cooldown()`; "Did you mean …?" clicks and 👍/👎 votes count against the same
per-user budget, so switching from `/ask` to a mention, or to clicking, does not reset it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from discord.ext import commands

if TYPE_CHECKING:
    from cogs._who_asked import AskContext

# Refused messages after the first in one wait get this reaction instead of another note.
WAIT_REACTION = "⏳"


class AskCooldown:
    """At most `rate` actions per `per` seconds per user.

    Times are the Discord timestamps of the message or interaction (not the wall clock),
    exactly as discord.py's own command cooldowns do.
    """

    def __init__(self, rate: int, per: float) -> None:
        self.enabled = rate > 0
        self._mapping = commands.CooldownMapping.from_cooldown(
            max(rate, 1), per, lambda user_id: user_id
        )
        # user id -> when their current wait ends, once they have been told about it.
        self._told_until: dict[int, float] = {}

    def hit(self, user_id: int, when: datetime) -> tuple[commands.Cooldown, float] | None:
        """Count one action; (bucket, seconds to wait) when the user must wait."""
        if not self.enabled:
            return None
        now = when.timestamp()
        bucket = self._mapping.get_bucket(user_id, now)
        retry_after = bucket.update_rate_limit(now) if bucket is not None else None
        return (bucket, retry_after) if retry_after else None

    def first_refusal(self, user_id: int, when: datetime, retry_after: float) -> bool:
        """True once per wait: whether this refusal should be told publicly.

        In a channel, every refused message getting its own "please wait" floods it (20
        messages made 17 notes): the first says so, the rest of the same wait do not.
        """
        now = when.timestamp()
        if self._told_until.get(user_id, 0.0) > now:
            return False
        if len(self._told_until) > 1000:  # forget waits that are over
            self._told_until = {u: t for u, t in self._told_until.items() if t > now}
        self._told_until[user_id] = now + retry_after
        return True


def cooldown_note(retry_after: float, *, click: bool = False) -> str:
    seconds = max(1, round(retry_after))
    if click:
        return f"You're clicking quickly: please wait {seconds} s before your next click."
    return f"You're asking quickly: please wait {seconds} s before your next question."


def within_cooldown():
    """The `ask` command's check: a question over the asker's budget raises CommandOnCooldown,
    which the bot's error handler answers and logs (cogs/_errors.py)."""

    async def predicate(ctx: AskContext) -> bool:
        cooldown = ctx.bot.cooldown_for(ctx.guild.id if ctx.guild else None)
        hit = cooldown.hit(ctx.author.id, ctx.when)
        if hit:
            raise commands.CommandOnCooldown(*hit, commands.BucketType.user)
        return True

    return commands.check(predicate)
