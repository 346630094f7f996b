"""What the bot may send: Discord's size limits, text cut to them without breaking a word or
a quote, user text made harmless to echo, and no pings.

Pure functions on strings and embeds, so they are unit-tested without a bot.
"""

from __future__ import annotations

import discord

# The bot sets this bot-wide too; passed on each send as well, so no cog can forget it.
NO_PINGS = discord.AllowedMentions.none()

MESSAGE = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_FIELDS = 25
EMBED_FOOTER = 2048
EMBED_AUTHOR = 256
EMBED_TOTAL = 6000
BUTTON_LABEL = 80
CHOICE = 100  # autocomplete choice name and string value

ELLIPSIS = "…"


def clip(text: str, limit: int) -> str:
    """`text` if it fits, else the longest whole-word prefix that fits with an ellipsis.

    A single word longer than half the limit (a URL, a wall of letters) is cut hard:
    there is no word boundary to keep.
    """
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    if limit == 1:
        return ELLIPSIS
    room = limit - len(ELLIPSIS)
    head = text[: room + 1]
    cut = max(head.rfind(" "), head.rfind("\n"))
    head = head[:cut] if cut >= room // 2 else text[:room]
    # A dangling escape backslash or separator reads as a mistake.
    head = head.rstrip(" \n\t,;:-—\\")
    return head + ELLIPSIS


def neutralise(text: str) -> str:
    """User text made harmless to echo: no mentions, no markdown formatting.

    Allowed mentions already stop pings; this also stops `@everyone` from *looking* like
    a ping and `**`/`||`/links from restyling the bot's message.
    """
    return discord.utils.escape_markdown(discord.utils.escape_mentions(text))


def echo(text: str, limit: int) -> str:
    """A user's words, single-lined, neutralised and clipped to `limit`."""
    flat = " ".join(text.split())
    return clip(neutralise(flat), limit)


def block_quote(words: str, speaker: str | None = None) -> str:
    """Markdown block quote of `words`, every line prefixed, with an attribution line."""
    lines = [f"> {line}" if line.strip() else ">" for line in words.strip().splitlines()]
    if speaker:
        lines.append(f"— {speaker}")
    return "\n".join(lines)


def join_blocks(blocks: list[tuple[str, bool]], limit: int, sep: str = "\n\n") -> str:
    """Join text blocks within `limit` characters.

    Each block is (text, whole): a `whole` block (a quotation) is shown complete or not at
    all; any other block may be clipped at a word boundary. Blocks after the first that
    does not fit are dropped.
    """
    out = ""
    for text, whole in blocks:
        if not text:
            continue
        glue = sep if out else ""
        room = limit - len(out) - len(glue)
        if len(text) <= room:
            out += glue + text
            continue
        if not whole and room > len(ELLIPSIS) + 10:
            out += glue + clip(text, room)
        break
    return out


def embed_size(embed: discord.Embed) -> int:
    """Characters Discord counts towards the 6,000 total of one embed."""
    total = len(embed.title or "") + len(embed.description or "")
    total += len(embed.footer.text or "") + len(embed.author.name or "")
    for item in embed.fields:
        total += len(item.name or "") + len(item.value or "")
    return total


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """Enforce every per-part limit and the total, in place; returns the embed.

    Over the total, the description is shortened first, then trailing fields go.
    """
    if embed.title:
        embed.title = clip(embed.title, EMBED_TITLE)
    if embed.description:
        embed.description = clip(embed.description, EMBED_DESCRIPTION)
    if embed.footer.text:
        embed.set_footer(text=clip(embed.footer.text, EMBED_FOOTER), icon_url=embed.footer.icon_url)
    if embed.author.name:
        embed.set_author(
            name=clip(embed.author.name, EMBED_AUTHOR),
            url=embed.author.url,
            icon_url=embed.author.icon_url,
        )
    while len(embed.fields) > EMBED_FIELDS:
        embed.remove_field(len(embed.fields) - 1)
    for index, item in enumerate(embed.fields):
        embed.set_field_at(
            index,
            name=clip(item.name or "\u200b", EMBED_FIELD_NAME),
            value=clip(item.value or "\u200b", EMBED_FIELD_VALUE),
            inline=bool(item.inline),
        )
    excess = embed_size(embed) - EMBED_TOTAL
    if excess > 0 and embed.description:
        keep = max(len(embed.description) - excess, 0)
        embed.description = clip(embed.description, keep) or None
    while embed_size(embed) > EMBED_TOTAL and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    return embed


def pages(lines: list[str], *, limit: int = EMBED_DESCRIPTION, per_page: int = 10) -> list[str]:
    """Group lines into page texts of at most `per_page` lines and `limit` characters."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    for raw in lines:
        line = clip(raw, limit)
        if current and (len(current) >= per_page or size + 1 + len(line) > limit):
            out.append("\n".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line) + (1 if size else 0)
    if current:
        out.append("\n".join(current))
    return out
