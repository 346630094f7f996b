"""Synthetic facts about people and companies: quotes, meetings, officials, background,
products and export-control listings."""

from __future__ import annotations

from synth_facts import Draft, FactPieces, cap, short_title
from synth_words import MEASURES, QUOTES


class StoryFacts(FactPieces):
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
            title=short_title(f"{person.name} on the {m} on {p.demonym} {good}"),
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
        answer = f"{cap(first)}. Both sides agreed to meet again within a month."
        return Draft(
            kind="event",
            title=short_title(f"{a.name} and {b.name} met in {place.name} over {good}"),
            answer=answer,
            excerpt=cap(first),
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
        answer = f"{cap(first)}. {person.extra['last']} took the post in {year}."
        return Draft(
            kind="actor",
            title=short_title(f"{person.name}, {c.demonym} {role}"),
            answer=answer,
            excerpt=cap(first),
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
            f"{cap(first)}, which is why {m} on either side hit its {industry} industry hard. "
            f"Officials have looked for other suppliers since."
        )
        return Draft(
            kind="background",
            title=short_title(f"Why {p.demonym} {good} matter to {c.name}"),
            answer=answer,
            excerpt=cap(first),
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
            f"{cap(product.text)} is a line of {good} {company.text} made for {c.text} "
            f"to comply with its {measure}"
        )
        answer = f"{first}. It sells for less than the company's other models."
        model = product.short
        return Draft(
            kind="product",
            title=short_title(f"The {product.name}: {good} made for {c.name}"),
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
            title=short_title(f"{c.name} puts {company.name} on its export control list"),
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
