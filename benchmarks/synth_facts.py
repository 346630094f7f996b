"""What a synthetic fact is made of before it is written: a Draft, and the pieces every kind
of fact draws on (a pair of countries, a good, a period, a percentage, chat-style questions)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from synth_words import CHAT_PREFIXES, GOODS, INDUSTRY, MONTHS, QUARTER_WORDS, WEEKDAYS
from synth_world import Entity, World


@dataclass
class Draft:
    kind: str
    title: str
    answer: str  # its first sentence is the excerpt, word for word in the document
    questions: list[str]
    keywords: list[str]
    aliases: list[str]
    entities: list[Entity]
    dates: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    quote: dict | None = None
    excerpt: str = ""


class FactPieces:
    def __init__(self, rng: random.Random, world: World):
        self.rng = rng
        self.world = world

    # -- pieces -----------------------------------------------------------------------------

    def _pair(self) -> tuple[Entity, Entity]:
        a, b = self.rng.sample(self.world.countries, 2)
        return a, b

    def _good(self) -> tuple[str, str]:
        good = self.rng.choice(GOODS)
        return good, INDUSTRY.get(good, good.split()[-1].rstrip("s"))

    def _year(self) -> int:
        return self.rng.randint(2016, 2027)

    def _period(self) -> tuple[str, dict]:
        """A time as a news article words it ("on March 3, 2026"), and its date value."""
        rng = self.rng
        year = self._year()
        choice = rng.random()
        if choice < 0.3:
            month = rng.randint(1, 12)
            day = rng.randint(1, 28)
            written = f"{MONTHS[month - 1]} {day}, {year}"
            return f"on {written}", {"as_written": written, "iso": f"{year}-{month:02d}-{day:02d}"}
        if choice < 0.55:
            quarter = rng.randint(1, 4)
            written = f"the {QUARTER_WORDS[quarter - 1]} quarter of {year}"
            return f"in {written}", {"as_written": written, "iso": str(year), "quarter": quarter}
        if choice < 0.75:
            month = rng.randint(1, 12)
            written = f"{MONTHS[month - 1]} {year}"
            return f"in {written}", {"as_written": written, "iso": f"{year}-{month:02d}"}
        if choice < 0.9:
            written = rng.choice(WEEKDAYS)
            return f"on {written}", {"as_written": written}
        return f"in {year}", {"as_written": str(year), "iso": str(year)}

    def _percent(self) -> tuple[str, float]:
        value = self.rng.choice([5, 7.5, 10, 12, 15, 17.5, 20, 25, 30, 35, 40, 50, 60, 100])
        text = f"{value:g}%" if self.rng.random() < 0.7 else f"{value:g} percent"
        return text, float(value)

    def _money(self) -> tuple[str, float]:
        rng = self.rng
        if rng.random() < 0.7:
            value = round(rng.uniform(0.2, 48), 1)
            return f"${value:g} billion", value * 1e9
        value = rng.randint(15, 950)
        return f"${value} million", value * 1e6

    def _chat(self, questions: list[str], low: int = 4, high: int = 8) -> list[str]:
        rng = self.rng
        pool = list(dict.fromkeys(q.lower() for q in questions))
        chosen = rng.sample(pool, min(len(pool), rng.randint(low, high)))
        out = []
        for question in chosen:
            question = rng.choice(CHAT_PREFIXES) + question
            if question.endswith("?") and rng.random() < 0.3:
                question = question[:-1]
            out.append(question[:200])
        return list(dict.fromkeys(out))


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def short_title(text: str) -> str:
    text = cap(text)
    return text if len(text) <= 100 else text[:97].rstrip() + "..."
