"""Invented countries, companies, agencies and people for the synthetic benchmark, and the
pronounceable names they go by (kept clear of every word of the bundled knowledge base)."""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from synth_words import (
    ACTIONS,
    AGENCIES,
    COMPANY_SUFFIXES,
    GOODS,
    KNOWN_NAMES,
    MEASURES,
    MONTHS,
    PUBLISHER_FORMS,
    QUOTES,
    REASONS,
    ROLES,
    WEEKDAYS,
)

from knowledge.paths import BUNDLED_DIR
from knowledge.text import QUESTION_WORDS, STOPWORDS, words

# Syllables for invented names: pronounceable, and rarely an English word.
_ONSETS = "k v t r m s d l b z n g p f th dr br kr st vr tr".split()
_VOWELS = "a e i o u a e o a ei".split()
_CODAS = ["", "", "", "", "n", "r", "l", "s", "k", "v", "nd", "rn", "x"]


# --- invented names --------------------------------------------------------------------------


class NameMaker:
    """Pronounceable invented words, none equal to or a typo away from a protected word."""

    def __init__(self, rng: random.Random, protected: Iterable[str]):
        self.rng = rng
        protected = {w for w in protected if len(w) >= 3}
        self._exact = set(protected) | STOPWORDS | QUESTION_WORDS
        self._near = sorted(protected)
        self._used: set[str] = set()

    def _syllable(self) -> str:
        rng = self.rng
        return rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)

    def word(self, syllables: tuple[int, int] = (2, 3)) -> str:
        while True:
            word = "".join(self._syllable() for _ in range(self.rng.randint(*syllables)))
            if not 4 <= len(word) <= 10 or word in self._used or word in self._exact:
                continue
            # A word two edits from a protected one could take its place in typo correction.
            if process.extractOne(word, self._near, scorer=OSA.distance, score_cutoff=2):
                continue
            self._used.add(word)
            return word.capitalize()


def protected_words(bundled: Path = BUNDLED_DIR) -> list[str]:
    """Every word of the bundled knowledge base, its article and its evaluation questions."""
    found: set[str] = set(KNOWN_NAMES)
    texts = [p.read_text(encoding="utf-8") for p in sorted(bundled.rglob("*.y*ml"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(bundled.rglob("*.txt"))]
    for text in texts:
        found.update(words(text))
    return sorted(found)


def bank_words() -> set[str]:
    """The word bank's own words: invented names must not look like them either."""
    texts = [*GOODS, *(m for pair in MEASURES for m in pair), *(a for p in ACTIONS for a in p)]
    texts += [*AGENCIES, *ROLES, *COMPANY_SUFFIXES, *REASONS, *QUOTES, *MONTHS, *WEEKDAYS]
    return {w for text in texts for w in words(text)}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- entities --------------------------------------------------------------------------------


@dataclass
class Entity:
    id: str
    name: str
    kind: str
    aliases: list[str]
    part_of: list[str] = field(default_factory=list)
    # How a sentence and a question name it.
    text: str = ""  # in an answer: "the Republic of Ostravel"
    short: str = ""  # in a question: "ostravel"
    demonym: str = ""  # "Ostravelian" (countries)
    extra: dict = field(default_factory=dict)


@dataclass
class World:
    countries: list[Entity]
    agencies: list[Entity]
    companies: list[Entity]
    people: list[Entity]
    products: list[Entity]
    places: list[Entity]
    publishers: list[str]

    def all(self) -> list[Entity]:
        return [
            *self.countries,
            *self.agencies,
            *self.companies,
            *self.people,
            *self.products,
            *self.places,
        ]


def _scaled(n: int, per: int, low: int, high: int) -> int:
    return max(low, min(high, n // per))


def make_world(n: int, rng: random.Random, names: NameMaker) -> World:
    countries = []
    for _ in range(_scaled(n, 400, 12, 300)):
        root = names.word()
        name = root + rng.choice(["", "", "ia", "a", "land"]) if len(root) < 8 else root
        demonym = (name[:-1] if name.endswith("a") else name) + rng.choice(["ian", "ese", "i"])
        formal = rng.choice(["the Republic of {}", "the Kingdom of {}", "{}", "{}"]).format(name)
        aliases = [formal[4:]] if formal != name else []  # "Republic of X", without "the"
        countries.append(
            Entity(
                id=slug(name),
                name=name,
                kind="country",
                aliases=[*aliases, demonym],
                text=formal,
                short=name.lower(),
                demonym=demonym,
            )
        )

    agencies = []
    for country in countries:
        for agency in rng.sample(AGENCIES, rng.randint(1, 3)):
            name = f"{country.name} {agency}"
            agencies.append(
                Entity(
                    id=slug(name),
                    name=name,
                    kind="organisation",
                    aliases=[f"{country.demonym} {agency}".lower()],
                    text=f"{country.demonym} {agency}",
                    short=f"{country.short} {agency.lower()}",
                    extra={"country": country},
                )
            )

    companies = []
    for _ in range(_scaled(n, 40, 20, 3000)):
        root = names.word()
        suffix = rng.choice(COMPANY_SUFFIXES)
        companies.append(
            Entity(
                id=slug(f"{root} {suffix}"),
                name=f"{root} {suffix}",
                kind="company",
                aliases=[root.lower()],
                text=f"{root} {suffix}",
                short=root.lower(),
                extra={"country": rng.choice(countries)},
            )
        )

    people = []
    titles: set[str] = set()  # "ostravelian trade minister" names one person only
    for _ in range(_scaled(n, 60, 20, 2000)):
        first, last = names.word((1, 2)), names.word((2, 2))
        country = rng.choice(countries)
        role = rng.choice(ROLES)
        title = f"{country.demonym} {role}".lower()
        aliases = [last.lower()] + ([title] if title not in titles else [])
        titles.add(title)
        people.append(
            Entity(
                id=slug(f"{first} {last}"),
                name=f"{first} {last}",
                kind="person",
                aliases=aliases,
                text=f"{first} {last}",
                short=last.lower(),
                extra={"country": country, "role": role, "first": first, "last": last},
            )
        )

    products = []
    models: set[str] = set()
    while len(products) < _scaled(n, 80, 10, 1500):
        company = rng.choice(companies)
        letters = "".join(rng.choice("BCDFGJKLNPRTVWXZ") for _ in range(2))
        model = f"{letters}-{rng.randint(10, 990)}"
        if model in models:
            continue
        models.add(model)
        name = f"{company.name.split()[0]} {model}"
        products.append(
            Entity(
                id=slug(name),
                name=name,
                kind="product",
                aliases=[model.lower(), model.replace("-", "").lower()],
                text=f"the {name}",
                short=model.lower(),
                extra={"company": company},
            )
        )

    places = []
    for _ in range(_scaled(n, 200, 10, 600)):
        country = rng.choice(countries)
        name = rng.choice(["Port {}", "{}", "{} City"]).format(names.word())
        places.append(
            Entity(
                id=slug(name),
                name=name,
                kind="place",
                aliases=[],
                part_of=[country.id],
                text=name,
                short=name.lower(),
                extra={"country": country},
            )
        )

    publishers = [rng.choice(PUBLISHER_FORMS).format(names.word()) for _ in range(12)]
    world = World(countries, agencies, companies, people, products, places, publishers)
    ids = [entity.id for entity in world.all()]
    # Every invented word is new, so ids cannot clash; a clash would be a bug here.
    assert len(set(ids)) == len(ids) and max(map(len, ids)) <= 64
    return world
