"""Synthetic facts about trade measures: policies, tariff rates, trade values, quotas and
when measures take effect."""

from __future__ import annotations

from synth_facts import Draft, FactPieces, cap, short_title
from synth_words import ACTIONS, MEASURES, REASONS


class TradeFacts(FactPieces):
    def policy(self) -> Draft:
        rng = self.rng
        c, p = self._pair()
        good, industry = self._good()
        measure, m = rng.choice(MEASURES)
        did, do = rng.choice(ACTIONS)
        when, date = self._period()
        reason = rng.choice(REASONS).format(good=good, industry=industry)
        first = f"{c.text} {did} {measure} on {good} from {p.text} {when}"
        answer = f"{cap(first)}, {reason}."
        return Draft(
            kind="policy",
            title=short_title(f"{c.name} {did} {m} on {p.demonym} {good}"),
            answer=answer,
            excerpt=cap(first),
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
        answer = f"{cap(first)}, compared with {before} the year before."
        return Draft(
            kind="figure",
            title=short_title(f"{c.name}: {rate} {measure} on {p.demonym} {good}"),
            answer=answer,
            excerpt=cap(first),
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
        answer = f"{cap(first)}. {company.text} was the largest single exporter."
        return Draft(
            kind="figure",
            title=short_title(f"{c.demonym} {good} exports to {p.name} {direction} to {value}"),
            answer=answer,
            excerpt=cap(first),
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
        answer = f"{cap(first)}. Imports above the quota pay the full duty."
        return Draft(
            kind="figure",
            title=short_title(f"{c.name} caps {p.demonym} {good} imports at {written}"),
            answer=answer,
            excerpt=cap(first),
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
        answer = f"{cap(first)}. Contracts signed before then are exempt."
        return Draft(
            kind="date",
            title=short_title(f"{c.name}'s {m} on {p.demonym} {good} start {when}"),
            answer=answer,
            excerpt=cap(first),
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
