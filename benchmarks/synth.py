"""Write a synthetic knowledge base of N facts for the benchmarks.

    python benchmarks/synth.py N OUTDIR [--seed 7]

OUTDIR gets `facts-0001.yaml`, ... (1,000 facts a file), `sources.yaml` (one source, an
invented news article, per 25 facts), `vocabulary.yaml` (the invented entities and a few
synonym groups) and `documents/` (each article's text, holding every excerpt and quote word
for word), all in the real schema: `tradeqa kb check OUTDIR` accepts it.

The facts read like trade-policy news: tariffs, export controls, quotas, sanctions and
subsidies on steel, soybeans, rare earths or semiconductors, between invented countries,
companies, ministries and people ("Korvane Systems", "Talvio Renk", "the Republic of
Ostravel"), with chat-style example questions, keywords, aliases, and dates, figures and
quotes where the kind needs them. Every invented name is kept away from the bundled knowledge
base and its evaluation questions (no shared word, and no word a typo away from one of
theirs), so these facts can never rightly answer an evaluation question: what the benchmark
checks is that sheer size does not steal answers. Output is deterministic for a given N,
seed and bundled knowledge base.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from knowledge.paths import BUNDLED_DIR
from knowledge.text import QUESTION_WORDS, STOPWORDS, words

DEFAULT_SEED = 7
FACTS_PER_FILE = 1000
FACTS_PER_SOURCE = 25
SCHEMA_HINT = "# yaml-language-server: $schema=../../knowledge/schema/knowledge.schema.json\n"

# Names the brief calls out, beyond every word of the bundled files (read at run time).
KNOWN_NAMES = """
nvidia amd huang jensen trump donald bessent deepseek h20 mi308 china chinese beijing bloomberg
apple intel tsmc samsung huawei japan netherlands asml eu xi jinping washington america
american us usa paris tokyo canada australia denver lakers blackwell everest pluto spanish
python linux discord css git
""".split()

# --- the word bank ---------------------------------------------------------------------------
# Kept clear of the few words that alone name a bundled fact's topic in the evaluation set
# ("tariff reductions?", "start deliveries soon", "tech race tensions", "ai chip market
# dominance", "export controls purpose", "most valuable company"): no "reduction", "deliveries",
# "shipments", "soon", "tension", "race", "dominance", "leader", "purpose", "valuable", "world",
# "ai". Everything else a trade desk writes about is fair game.

GOODS = [
    "steel", "aluminium", "soybeans", "rare earths", "semiconductors", "memory chips",
    "lithium", "copper", "cobalt", "nickel", "wheat", "corn", "rice", "fertiliser",
    "solar panels", "electric vehicles", "batteries", "crude oil", "natural gas",
    "machine tools", "pharmaceuticals", "textiles", "timber", "shrimp", "beef",
    "dairy products", "polysilicon", "drones", "wind turbines", "lithography equipment",
    "gallium", "germanium", "palm oil", "sugar", "cotton", "coal", "iron ore", "tungsten",
    "graphite", "auto parts", "optical fibre", "ball bearings",
]  # fmt: skip
INDUSTRY = {
    "steel": "steel", "aluminium": "smelting", "soybeans": "farming", "wheat": "farming",
    "corn": "farming", "rice": "farming", "beef": "livestock", "dairy products": "dairy",
    "shrimp": "fishing", "semiconductors": "chipmaking", "memory chips": "chipmaking",
    "lithography equipment": "chipmaking", "polysilicon": "solar", "solar panels": "solar",
    "electric vehicles": "carmaking", "auto parts": "carmaking", "batteries": "battery",
    "textiles": "garment", "cotton": "garment", "timber": "forestry", "coal": "mining",
    "iron ore": "mining", "crude oil": "refining", "natural gas": "energy",
}  # fmt: skip

# (measure as written, its base for questions, plural?)
MEASURES = [
    ("tariffs", "tariffs"), ("anti-dumping duties", "anti-dumping duties"),
    ("countervailing duties", "countervailing duties"), ("export controls", "export controls"),
    ("an export ban", "export ban"), ("import quotas", "import quotas"),
    ("licence requirements", "licence rules"), ("sanctions", "sanctions"),
    ("subsidies", "subsidies"), ("safeguard measures", "safeguards"),
    ("local-content rules", "local-content rules"), ("export taxes", "export taxes"),
    ("investment screening rules", "investment screening"), ("price floors", "price floors"),
]  # fmt: skip
# (past tense, base form)
ACTIONS = [
    ("raised", "raise"), ("imposed", "impose"), ("extended", "extend"), ("lifted", "lift"),
    ("tightened", "tighten"), ("eased", "ease"), ("cut", "cut"), ("suspended", "suspend"),
    ("renewed", "renew"), ("expanded", "expand"), ("scrapped", "scrap"),
    ("proposed", "propose"), ("doubled", "double"), ("phased in", "phase in"),
]  # fmt: skip
AGENCIES = [
    "Ministry of Trade", "Ministry of Industry", "Customs Authority", "Export Control Office",
    "Trade Remedies Commission", "Investment Review Board", "Agriculture Ministry",
    "Competition Authority", "Ministry of Economy", "Tariff Commission",
]  # fmt: skip
ROLES = [
    "trade minister", "industry minister", "finance minister", "economy minister",
    "chief trade negotiator", "customs commissioner", "agriculture minister",
    "head of export controls", "central bank governor", "deputy trade minister",
]  # fmt: skip
COMPANY_SUFFIXES = [
    "Systems", "Metals", "Steelworks", "Agritrade", "Semiconductor", "Microdevices",
    "Minerals", "Logistics", "Holdings", "Motors", "Energy", "Foundry", "Materials",
    "Grain", "Chemicals", "Electronics", "Mining", "Shipping Lines",
]  # fmt: skip
PUBLISHER_FORMS = ["{} Trade Wire", "The {} Ledger", "{} Economic Review", "The {} Courier"]
REASONS = [
    "to protect domestic {industry} producers from a surge of cheap imports",
    "after an investigation found {good} being sold below cost",
    "citing national security concerns over {good} supply",
    "to keep {good} at home while domestic prices are high",
    "in retaliation for earlier duties on its own {good}",
    "to push partners back to the negotiating table",
    "as part of a plan to build up its own {industry} industry",
    "after complaints from {industry} unions about lost jobs",
]
QUOTES = [
    "a shield for our {industry} workers", "temporary and proportionate",
    "an act of economic coercion", "not aimed at any single partner",
    "the door to talks remains open", "a fair deal for our farmers",
    "unjustified and protectionist", "we will respond in kind",
    "the rules apply to everyone", "a first step, not the last",
    "in full compliance with our obligations", "bad for consumers on both sides",
    "a matter of national security", "long overdue", "a serious mistake",
    "good news for our exporters", "a warning shot", "a line in the sand",
    "entirely consistent with trade rules", "the price of unfair competition",
]  # fmt: skip
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
QUARTER_WORDS = ["first", "second", "third", "fourth"]
CHAT_PREFIXES = ["", "", "", "", "hey ", "quick q: ", "anyone know ", "so "]
SYNONYMS = [
    ["rare earths", "rare earth elements", "rare-earth metals"],
    ["anti-dumping duties", "antidumping duties", "dumping duties"],
    ["electric vehicles", "evs", "electric cars"],
    ["blacklist", "entity list", "export control list"],
]

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


# --- facts -----------------------------------------------------------------------------------


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


class FactMaker:
    def __init__(self, rng: random.Random, world: World):
        self.rng = rng
        self.world = world
        self.templates: list[tuple[int, Callable[[], Draft]]] = [
            (5, self.policy),
            (3, self.rate),
            (2, self.trade_value),
            (2, self.volume_cap),
            (3, self.takes_effect),
            (3, self.quote),
            (2, self.meeting),
            (1, self.actor),
            (2, self.background),
            (1, self.product),
            (2, self.listing),
        ]
        self._weights = [w for w, _ in self.templates]

    def draft(self) -> Draft:
        make = self.rng.choices([t for _, t in self.templates], self._weights)[0]
        return make()

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

    # -- templates --------------------------------------------------------------------------

    def policy(self) -> Draft:
        rng = self.rng
        c, p = self._pair()
        good, industry = self._good()
        measure, m = rng.choice(MEASURES)
        did, do = rng.choice(ACTIONS)
        when, date = self._period()
        reason = rng.choice(REASONS).format(good=good, industry=industry)
        first = f"{c.text} {did} {measure} on {good} from {p.text} {when}"
        answer = f"{_cap(first)}, {reason}."
        return Draft(
            kind="policy",
            title=_title(f"{c.name} {did} {m} on {p.demonym} {good}"),
            answer=answer,
            excerpt=_cap(first),
            questions=self._chat(
                [
                    f"did {c.short} {do} {m} on {good} from {p.short}?",
                    f"what {m} does {c.short} put on {p.demonym} {good}?",
                    f"{c.short} {good} {m}?",
                    f"{c.short} {m} on {p.demonym} {good}",
                    f"why did {c.short} {do} {m} on {good}",
                    f"what did {c.short} do about {good} from {p.short}",
                    f"has {c.short} changed its {good} {m}?",
                    f"{good} {m} {c.short} {p.short}",
                    f"is {c.short} going after {p.demonym} {good} with {m}?",
                ]
            ),
            keywords=[m, good, f"{good} {m}"],
            aliases=[f"{c.short} {good} {m}", f"{p.demonym} {good} {m}".lower()],
            entities=[c, p],
            dates=[date],
        )

    def rate(self) -> Draft:
        rng = self.rng
        c, p = self._pair()
        good, _ = self._good()
        measure = rng.choice(["tariffs", "anti-dumping duties", "countervailing duties"])
        rate, amount = self._percent()
        before, before_amount = self._percent()
        year = self._year()
        first = f"{c.text} set {measure} on {good} from {p.text} at {rate} in {year}"
        answer = f"{_cap(first)}, compared with {before} the year before."
        return Draft(
            kind="figure",
            title=_title(f"{c.name}: {rate} {measure} on {p.demonym} {good}"),
            answer=answer,
            excerpt=_cap(first),
            questions=self._chat(
                [
                    f"how high are {c.short}'s {measure} on {good}?",
                    f"what's the {measure} rate on {p.demonym} {good} in {c.short}",
                    f"{c.short} {good} {measure} rate?",
                    f"how much is the {good} duty in {c.short}",
                    f"what percentage does {c.short} charge on {p.demonym} {good}",
                    f"did {c.short} put {rate} on {good} from {p.short}?",
                    f"{c.short} {p.short} {good} duty {year}",
                    f"how big is the {good} tariff {c.short} charges {p.short}",
                ]
            ),
            keywords=[measure, f"{good} duty", "rate"],
            aliases=[f"{c.short} {good} duty rate"],
            entities=[c, p],
            figures=[
                {
                    "as_written": rate,
                    "amount": amount,
                    "unit": "percent",
                    "measures": f"{c.short}'s {measure} on {p.demonym} {good}",
                },
                {
                    "as_written": before,
                    "amount": before_amount,
                    "unit": "percent",
                    "measures": f"{c.short}'s earlier {measure} on {p.demonym} {good}",
                },
            ],
            dates=[{"as_written": str(year), "iso": str(year)}],
        )

    def trade_value(self) -> Draft:
        rng = self.rng
        c, p = self._pair()
        good, _ = self._good()
        value, amount = self._money()
        year = self._year()
        direction, move = rng.choice(
            [("fell", "fall"), ("rose", "rise"), ("slumped", "slump"), ("climbed", "climb")]
        )
        first = f"{c.demonym} exports of {good} to {p.text} {direction} to {value} in {year}"
        company = rng.choice(self.world.companies)
        answer = f"{_cap(first)}. {company.text} was the largest single exporter."
        return Draft(
            kind="figure",
            title=_title(f"{c.demonym} {good} exports to {p.name} {direction} to {value}"),
            answer=answer,
            excerpt=_cap(first),
            questions=self._chat(
                [
                    f"how much {good} did {c.short} export to {p.short} in {year}?",
                    f"{c.short} {good} exports {year}?",
                    f"value of {c.demonym} {good} exports to {p.short}",
                    f"how much {good} does {c.short} sell to {p.short}",
                    f"did {c.short}'s {good} exports {move}?",
                    f"who exports the most {good} from {c.short}",
                    f"{c.short} to {p.short} {good} trade value",
                    f"what were {c.short}'s {good} export numbers",
                ]
            ),
            keywords=["exports", good, f"{good} exports"],
            aliases=[f"{c.short} {good} export value"],
            entities=[c, p, company],
            figures=[
                {
                    "as_written": value,
                    "amount": amount,
                    "unit": "USD",
                    "measures": f"{c.short}'s {good} exports to {p.short}",
                }
            ],
            dates=[{"as_written": str(year), "iso": str(year)}],
        )

    def volume_cap(self) -> Draft:
        rng = self.rng
        c, p = self._pair()
        good, industry = self._good()
        tonnes = rng.choice([50_000, 120_000, 350_000, 800_000, 1_200_000, 2_500_000])
        written = f"{tonnes:,} tonnes"
        year = self._year()
        first = f"{c.text} capped {good} imports from {p.text} at {written} for {year}"
        answer = f"{_cap(first)}. Imports above the quota pay the full duty."
        return Draft(
            kind="figure",
            title=_title(f"{c.name} caps {p.demonym} {good} imports at {written}"),
            answer=answer,
            excerpt=_cap(first),
            questions=self._chat(
                [
                    f"how much {good} can {c.short} import from {p.short}?",
                    f"what is {c.short}'s {good} quota for {year}",
                    f"{c.short} {good} import quota?",
                    f"{good} quota {c.short} {p.short}",
                    f"is there a cap on {p.demonym} {good} in {c.short}",
                    f"how many tonnes of {good} does {c.short} allow in",
                    f"did {c.short} limit {good} imports in {year}?",
                ]
            ),
            keywords=["quota", "cap", f"{good} imports"],
            aliases=[f"{c.short} {good} quota", f"{industry} import cap"],
            entities=[c, p],
            figures=[
                {
                    "as_written": written,
                    "amount": float(tonnes),
                    "unit": "tonnes",
                    "measures": f"{c.short}'s import quota for {p.demonym} {good}",
                }
            ],
            dates=[{"as_written": str(year), "iso": str(year)}],
        )

    def takes_effect(self) -> Draft:
        rng = self.rng
        c, p = self._pair()
        good, _ = self._good()
        measure, m = rng.choice(MEASURES)
        when, date = self._period()
        first = f"{c.text}'s new {measure} on {good} from {p.text} take effect {when}"
        answer = f"{_cap(first)}. Contracts signed before then are exempt."
        return Draft(
            kind="date",
            title=_title(f"{c.name}'s {m} on {p.demonym} {good} start {when}"),
            answer=answer,
            excerpt=_cap(first),
            questions=self._chat(
                [
                    f"when do {c.short}'s {good} {m} start?",
                    f"when does the {good} {m} take effect in {c.short}",
                    f"{c.short} {good} {m} start date",
                    f"what date do the new {m} on {p.demonym} {good} kick in",
                    f"when will {c.short} begin the {good} {m}?",
                    f"are {c.short}'s {m} on {good} in force yet?",
                    f"{good} {m} {c.short} when",
                ]
            ),
            keywords=["take effect", "start date", f"{good} {m}"],
            aliases=[f"{c.short} {good} {m} start"],
            entities=[c, p],
            dates=[date],
        )

    def quote(self) -> Draft:
        rng = self.rng
        person = rng.choice(self.world.people)
        c = person.extra["country"]
        p = rng.choice([x for x in rng.sample(self.world.countries, 3) if x is not c])
        good, industry = self._good()
        _, m = rng.choice(MEASURES)
        words = rng.choice(QUOTES).format(industry=industry)
        role = person.extra["role"]
        last = person.extra["last"].lower()
        first = (
            f"{person.text}, {c.demonym} {role}, called the {m} on {p.demonym} {good} "
            f"\u201c{words}\u201d"
        )
        answer = f"{first}."
        return Draft(
            kind="quote",
            title=_title(f"{person.name} on the {m} on {p.demonym} {good}"),
            answer=answer,
            excerpt=first,
            questions=self._chat(
                [
                    f"what did {last} say about {good} {m}?",
                    f"what did {c.short}'s {role} say about the {m}",
                    f"{last} quote on {good}",
                    f"did {person.name.lower()} comment on the {good} {m}?",
                    f"{last} {m} comment",
                    f"what was {last}'s reaction to the {p.demonym} {good} {m}",
                    f"how did {last} describe the {m}?",
                ]
            ),
            keywords=["said", "called", f"{good} {m}"],
            aliases=[f"{last} on {good}"],
            entities=[person, c, p],
            quote={"speaker": f"{person.name}, {c.demonym} {role}", "words": words},
        )

    def meeting(self) -> Draft:
        rng = self.rng
        a, b = rng.sample(self.world.people, 2)
        place = rng.choice(self.world.places)
        good, _ = self._good()
        measure, m = rng.choice(MEASURES)
        when, date = self._period()
        la, lb = a.extra["last"].lower(), b.extra["last"].lower()
        first = f"{a.text} met {b.text} in {place.text} {when} to discuss {measure} on {good}"
        answer = f"{_cap(first)}. Both sides agreed to meet again within a month."
        return Draft(
            kind="event",
            title=_title(f"{a.name} and {b.name} met in {place.name} over {good}"),
            answer=answer,
            excerpt=_cap(first),
            questions=self._chat(
                [
                    f"did {la} meet {lb}?",
                    f"where did {la} and {lb} meet",
                    f"{la} {lb} meeting",
                    f"what did {la} and {lb} talk about",
                    f"{place.short} talks on {good}?",
                    f"who did {la} meet in {place.short}",
                    f"when did {lb} see {la}",
                    f"{la} {lb} {good} talks",
                ]
            ),
            keywords=["meeting", "talks", f"{good} {m}"],
            aliases=[f"{place.short} talks", f"{la} {lb} talks"],
            entities=[a, b, place],
            dates=[date],
        )

    def actor(self) -> Draft:
        rng = self.rng
        person = rng.choice(self.world.people)
        c = person.extra["country"]
        role = person.extra["role"]
        good, _ = self._good()
        _, m = rng.choice(MEASURES)
        last = person.extra["last"].lower()
        first = f"{person.text} is {c.demonym} {role} and handles the talks on {good} {m}"
        year = self._year()
        answer = f"{_cap(first)}. {person.extra['last']} took the post in {year}."
        return Draft(
            kind="actor",
            title=_title(f"{person.name}, {c.demonym} {role}"),
            answer=answer,
            excerpt=_cap(first),
            questions=self._chat(
                [
                    f"who is {person.name.lower()}",
                    f"who is {c.short}'s {role}?",
                    f"who handles {c.short}'s {good} talks",
                    f"{last}?",
                    f"who runs {c.demonym} trade policy on {good}",
                    f"what does {last} do",
                    f"since when is {last} {role}",
                ]
            ),
            keywords=[role, f"{good} talks"],
            aliases=[f"{c.short} {role}"],
            entities=[person, c],
            dates=[{"as_written": str(year), "iso": str(year)}],
        )

    def background(self) -> Draft:
        rng = self.rng
        c, p = self._pair()
        good, industry = self._good()
        _, m = rng.choice(MEASURES)
        share, amount = self._percent()
        first = f"{c.text} buys {share} of its {good} from {p.text}"
        answer = (
            f"{_cap(first)}, which is why {m} on either side hit its {industry} industry hard. "
            f"Officials have looked for other suppliers since."
        )
        return Draft(
            kind="background",
            title=_title(f"Why {p.demonym} {good} matter to {c.name}"),
            answer=answer,
            excerpt=_cap(first),
            questions=self._chat(
                [
                    f"why does {c.short} care about {good} {m}",
                    f"how dependent is {c.short} on {p.short} for {good}?",
                    f"where does {c.short} get its {good}",
                    f"background to {c.short}'s {good} {m}?",
                    f"what led to the {m} on {p.demonym} {good}",
                    f"how much of {c.short}'s {good} comes from {p.short}",
                    f"{c.short} {good} dependence",
                ]
            ),
            keywords=["dependence", "supplier", f"{good} supply"],
            aliases=[f"{c.short} {good} dependence"],
            entities=[c, p],
            figures=[
                {
                    "as_written": share,
                    "amount": amount,
                    "unit": "percent",
                    "measures": f"share of {c.short}'s {good} that comes from {p.short}",
                }
            ],
        )

    def product(self) -> Draft:
        rng = self.rng
        product = rng.choice(self.world.products)
        company = product.extra["company"]
        c = rng.choice(self.world.countries)
        good, _ = self._good()
        measure, m = rng.choice(MEASURES)
        first = (
            f"{_cap(product.text)} is a line of {good} {company.text} made for {c.text} "
            f"to comply with its {measure}"
        )
        answer = f"{first}. It sells for less than the company's other models."
        model = product.short
        return Draft(
            kind="product",
            title=_title(f"The {product.name}: {good} made for {c.name}"),
            answer=answer,
            excerpt=first,
            questions=self._chat(
                [
                    f"what is the {model}?",
                    f"who makes the {model}",
                    f"{model}?",
                    f"is the {model} sold in {c.short}",
                    f"why did {company.short} make the {model}",
                    f"{model} {m}",
                    f"what {good} does {company.short} sell in {c.short}",
                ]
            ),
            keywords=[model, f"{good} for {c.short}"],
            aliases=[f"{company.short} {model}"],
            entities=[product, company, c],
        )

    def listing(self) -> Draft:
        rng = self.rng
        company = rng.choice(self.world.companies)
        agency = rng.choice(self.world.agencies)
        c = agency.extra["country"]
        good, _ = self._good()
        when, date = self._period()
        first = (
            f"The {agency.text} added {company.text} to its export control list {when}, "
            f"so sales of {good} to it now need a licence"
        )
        answer = f"{first}. The company said it would appeal."
        co = company.short
        return Draft(
            kind="policy",
            title=_title(f"{c.name} puts {company.name} on its export control list"),
            answer=answer,
            excerpt=first,
            questions=self._chat(
                [
                    f"is {co} on {c.short}'s export control list?",
                    f"does {co} need a licence to buy {good} from {c.short}",
                    f"{co} licence?",
                    f"why was {co} blacklisted by {c.short}",
                    f"{co} {c.short} export controls",
                    f"when was {co} added to the entity list",
                    f"can {c.short} firms still sell {good} to {co}?",
                ]
            ),
            keywords=["export control list", "licence", "blacklist"],
            aliases=[f"{co} blacklisting"],
            entities=[company, agency, c],
            dates=[date],
        )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _title(text: str) -> str:
    text = _cap(text)
    return text if len(text) <= 100 else text[:97].rstrip() + "..."


# --- writing YAML ----------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z\u201c][^\n:#\"{}\[\]&*!|>%@`]*[^\s:]|[A-Za-z]")
_YAML_WORDS = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}


def scalar(text: str) -> str:
    """A YAML scalar for `text`: plain when that reads back as the same text, else quoted."""
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _fact_yaml(fact_id: str, draft: Draft, source_id: str) -> str:
    out = [
        f"  - id: {fact_id}",
        f"    title: {scalar(draft.title)}",
        f"    answer: {scalar(draft.answer)}",
        f"    kind: {draft.kind}",
    ]
    if draft.dates:
        out.append("    dates:")
        for date in draft.dates:
            out.append(f"      - as_written: {scalar(date['as_written'])}")
            if "iso" in date:
                out.append(f"        iso: '{date['iso']}'")
            if "quarter" in date:
                out.append(f"        quarter: {date['quarter']}")
    if draft.figures:
        out.append("    figures:")
        for figure in draft.figures:
            out.append(f"      - as_written: {scalar(figure['as_written'])}")
            out.append(f"        amount: {figure['amount']!r}")
            out.append(f"        unit: {figure['unit']}")
            out.append(f"        measures: {scalar(figure['measures'])}")
    if draft.quote:
        out.append("    quote:")
        out.append(f"      speaker: {scalar(draft.quote['speaker'])}")
        out.append(f"      words: {scalar(draft.quote['words'])}")
    for section, items in (
        ("questions", draft.questions),
        ("keywords", draft.keywords),
        ("aliases", draft.aliases),
        ("entities", [e.id for e in draft.entities]),
    ):
        out.append(f"    {section}:")
        out.extend(f"      - {scalar(item)}" for item in items)
    out.append("    sources:")
    out.append(f"      - source: {source_id}")
    out.append(f"        excerpt: {scalar(draft.excerpt)}")
    return "\n".join(out) + "\n"


def _entity_yaml(entity: Entity) -> str:
    out = [
        f"  - id: {entity.id}",
        f"    name: {scalar(entity.name)}",
        f"    kind: {entity.kind}",
    ]
    aliases = [a for a in dict.fromkeys(entity.aliases) if a.lower() != entity.name.lower()]
    if aliases:
        quoted = ", ".join(json.dumps(alias, ensure_ascii=False) for alias in aliases)
        out.append(f"    aliases: [{quoted}]")
    if entity.part_of:
        out.append(f"    part_of: [{', '.join(entity.part_of)}]")
    return "\n".join(out) + "\n"


# --- the whole knowledge base ----------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    facts: int
    fact_files: int
    sources: int
    entities: int
    bytes: int
    seconds: float


def generate(n: int, outdir: Path, seed: int = DEFAULT_SEED) -> Summary:
    """Write N synthetic facts (and their sources, documents and vocabulary) into `outdir`.

    Anything synth.py wrote there before is replaced.
    """
    started = time.perf_counter()
    outdir = Path(outdir)
    _clear(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    names = NameMaker(rng, [*protected_words(), *bank_words()])
    world = make_world(n, rng, names)
    maker = FactMaker(rng, world)

    total_bytes = 0
    sources: list[str] = []
    file_count = (n + FACTS_PER_FILE - 1) // FACTS_PER_FILE
    for file_number in range(1, file_count + 1):
        stem = f"facts-{file_number:04d}"
        first = (file_number - 1) * FACTS_PER_FILE
        count = min(FACTS_PER_FILE, n - first)
        parts = [
            SCHEMA_HINT,
            f"# Synthetic trade-policy facts {first + 1}-{first + count} "
            "(benchmarks/synth.py; invented names).\n\nfacts:\n",
        ]
        documents_dir = outdir / "documents" / stem
        documents_dir.mkdir(parents=True, exist_ok=True)
        for start in range(0, count, FACTS_PER_SOURCE):
            source_id = f"wire-{len(sources) + 1:06d}"
            drafts = [maker.draft() for _ in range(min(FACTS_PER_SOURCE, count - start))]
            for offset, draft in enumerate(drafts):
                number = first + start + offset + 1
                fact_id = f"{draft.kind}-{slug(draft.entities[0].name)[:30]}-{number:06d}"
                parts.append(_fact_yaml(fact_id, draft, source_id))
            document = f"documents/{stem}/{source_id}.txt"
            text = _document_text(drafts)
            (outdir / document).write_text(text, encoding="utf-8")
            sources.append(_source_yaml(source_id, drafts[0], document, rng, world))
        data = "\n".join(parts[:2]) + "".join(parts[2:])
        (outdir / f"{stem}.yaml").write_text(data, encoding="utf-8")
        total_bytes += len(data.encode())

    sources_text = SCHEMA_HINT + "\nsources:\n" + "".join(sources)
    (outdir / "sources.yaml").write_text(sources_text, encoding="utf-8")
    entities = world.all()
    vocabulary = [
        SCHEMA_HINT,
        "\nentities:\n",
        *(_entity_yaml(e) for e in entities),
        "\nsynonyms:\n",
        *(f"  - terms: [{', '.join(terms)}]\n" for terms in SYNONYMS),
    ]
    vocabulary_text = "".join(vocabulary)
    (outdir / "vocabulary.yaml").write_text(vocabulary_text, encoding="utf-8")
    total_bytes += len(sources_text.encode()) + len(vocabulary_text.encode())
    return Summary(
        facts=n,
        fact_files=file_count,
        sources=len(sources),
        entities=len(entities),
        bytes=total_bytes,
        seconds=time.perf_counter() - started,
    )


def _clear(outdir: Path) -> None:
    """Remove what an earlier run wrote (and only that), so no stale file is loaded."""
    if not outdir.exists():
        return
    for path in outdir.glob("facts-*.yaml"):
        path.unlink()
    for name in ("sources.yaml", "vocabulary.yaml"):
        (outdir / name).unlink(missing_ok=True)
    shutil.rmtree(outdir / "documents", ignore_errors=True)


def _document_text(drafts: list[Draft]) -> str:
    """An invented article: every fact's answer as a paragraph (so each excerpt is in it)."""
    paragraphs = [drafts[0].title, ""]
    for draft in drafts:
        paragraphs.append(draft.answer)
        paragraphs.append("")
    return "\n".join(paragraphs)


def _source_yaml(
    source_id: str, lead: Draft, document: str, rng: random.Random, world: World
) -> str:
    publisher = rng.choice(world.publishers)
    year, month, day = rng.randint(2016, 2027), rng.randint(1, 12), rng.randint(1, 28)
    return (
        f"  - id: {source_id}\n"
        f"    headline: {scalar(lead.title)}\n"
        f"    publisher: {scalar(publisher)}\n"
        f"    published: '{year}-{month:02d}-{day:02d}'\n"
        f"    url: https://{slug(publisher)}.example/{year}/{source_id}\n"
        f"    document: {document}\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of facts")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    summary = generate(args.n, args.outdir, args.seed)
    print(
        f"wrote {summary.facts:,} facts in {summary.fact_files} file(s), {summary.sources:,} "
        f"sources, {summary.entities:,} entities ({summary.bytes / 2**20:.1f} MiB of YAML) "
        f"to {args.outdir} in {summary.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
