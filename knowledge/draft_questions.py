"""A drafted fact's kind and example questions, from its claim alone.

Example questions are what the matcher compares a question with, so a draft's questions
decide which questions its facts take. Boilerplate that fits any claim about a name ("what's
the news about Nvidia?", "nvidia latest") makes every drafted fact about Nvidia resemble
every short question about Nvidia, and the draft then takes questions that facts already in
the knowledge base answer. So every drafted question carries the claim's own topic words
(what it says beyond who it names), and the kind of question follows what the claim gives:
a figure is asked "how much", a date "when", a quote "what did … say". They are asked about
the claim's parts as :mod:`knowledge.draft_claim` reads them ("what did amd announce?", "who
designed the mi308?", "when were export rules tightened?"), as chat users ask; short forms
of its names and topic words ("amd mi308 china shipments restart?") come after, and topic
words alone only fill up to eight questions.

A date that only says when something was *said* ("a US official said on Sunday") does not
make a claim a date: "when" questions are about the event, and a fact of kind date is
preferred for them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.draft_asides import is_adverb
from knowledge.draft_claim import Claim, Clause
from knowledge.draft_counts import counted_in
from knowledge.draft_entities import family_name
from knowledge.draft_measures import noun_phrase_measured
from knowledge.draft_text import FoundDate, FoundFigure, FoundQuote
from knowledge.generic_words import GENERIC_WORDS
from knowledge.text import fold, stem

# Words that carry no topic of their own in a news claim.
_NOT_TOPIC = set(
    "a an the of to in on at for from by with and or but is are was were be been being has "
    "have had it its this that these those as after before over under into than then there "
    "their they he she his her him we our you your will would could should may might can "
    "said says say told also not about up out more most new last next year years month "
    "months week weeks day days such which who whom what when where why how do does did "
    "according statement official officials spokesperson reported report reports asked "
    "another other some any all if while during since until just only very so us however "
    "though although neither nor either yet whether despite due partly like".split()
)
# "california-based": describes a name, says nothing of the claim.
_DESCRIPTOR = re.compile(r".+-(?:based|born|listed|owned|headquartered|made|backed|led)")
_SAID = r"(?:said|says|told|announced|confirmed|reported|stated|noted|added|wrote)"
_PERCENT_UNITS = {"percent"}
_MONEY_UNITS = {"USD", "EUR", "GBP", "JPY", "CNY"}


def is_reporting_date(sentence: str, date: FoundDate) -> bool:
    """The date says when something was said, not when the claim's event happens."""
    at = re.escape(date.as_written)
    return bool(
        re.search(rf"\b{_SAID}\b[^,;.“”\"]{{0,40}}?\b(?:on\s+|in\s+)?{at}\b", sentence)
        or re.search(rf"\b{at}\b[^,;.]{{0,12}}\b{_SAID}\b", sentence)
    )


def claim_kind(
    sentence: str, dates: Sequence[FoundDate], figures: Sequence[FoundFigure], quoted: bool
) -> str:
    if quoted:
        return "quote"
    if figures:
        return "figure"
    # A period a count runs over ("twice this year") says how often, not when.
    if any(
        not is_reporting_date(sentence, d) and not counted_in(sentence, d.as_written) for d in dates
    ):
        return "date"
    return "event"


def topic_words(
    sentence: str, names: Sequence[str], dates: Sequence[FoundDate], figures: Sequence[FoundFigure]
) -> list[str]:
    """The claim's own words, in order, rarer ones first: what it says beyond who it names,
    when, and how much."""
    text = sentence
    for value in [*names, *(d.as_written for d in dates), *(f.as_written for f in figures)]:
        text = re.sub(re.escape(value), " ", text, flags=re.I)
    found: list[str] = []
    for raw in re.findall(r"[A-Za-z][\w’'-]*", text):
        word = fold(raw).replace("’", "'")
        word = re.sub(r"'s$", "", word)
        if word in _NOT_TOPIC or len(word) < 3 or word in found or _DESCRIPTOR.fullmatch(word):
            continue
        if is_adverb(word):  # "temporarily", "specifically": no topic
            continue
        found.append(word)
    rare = [w for w in found if stem(w) not in GENERIC_WORDS]
    return rare + [w for w in found if w not in rare]


_ROLES = {"spokesperson", "spokesman", "spokeswoman", "official", "officials", "representative"}


def short_name(name: str, kind: str | None) -> str:
    """How chat names it: a person by surname, anything else by its name, in lower case; a
    role by whom it speaks for ("Nvidia spokesperson": nvidia)."""
    words = name.split()
    if kind == "person" and len(words) > 1 and words[-1].casefold() in _ROLES:
        return " ".join(words[:-1]).casefold()
    if kind == "person" and " " in name:
        return family_name(name).casefold()  # "Xi Jinping": xi
    return name.casefold()


def example_questions(
    sentence: str,
    kind: str,
    names: Sequence[tuple[str, str | None]],
    spans: Sequence[str],
    dates: Sequence[FoundDate],
    figures: Sequence[FoundFigure],
    quote: FoundQuote | None,
    speaker: str | None,
    claim: Claim | None = None,
) -> list[str]:
    """Eight or more questions a chat user might ask about this claim, each with its topic
    (more than the six a draft keeps at least, so some can be left out; see draft_guard):
    wh-questions about the claim's parts (`claim`: who did what, when, why, how much, what
    someone said), then short forms of its names and topic words."""
    plain_names = [*spans, *(n for n, _ in names)]
    topic = topic_words(sentence, plain_names, dates, figures)
    if quote is not None:
        quoted = topic_words(quote.words, plain_names, (), ())
        topic = quoted + [w for w in topic if w not in quoted]
    if not topic:
        topic = [fold(w) for w in re.findall(r"[A-Za-z]\w+", sentence)[:3]] or ["this"]
    if claim is not None:  # "US tech giant Nvidia": "tech giant" is no topic of the claim
        described = {w for c in claim.clauses for w in c.descriptors}
        topic = [w for w in topic if w not in described] or topic
    t2, t3 = _whole(topic[:2], sentence), _whole(topic[:3], sentence)
    shorts = [short_name(n, k) for n, k in names]
    if claim is not None:  # the subject's names first: "US chipmaker AMD" is about AMD
        first = [n for c in claim.clauses[:1] for n in c.subject_names]
        shorts = [*(n for n in first if n in shorts), *(n for n in shorts if n not in first)]
    who = shorts[0] if shorts else ""
    pair = " and ".join(shorts[:2]) if len(shorts) >= 2 else who
    says = short_name(speaker, "person") if speaker else ""
    asked: list[str] = []
    if claim is not None:
        asked += claim_questions(claim, figures, says if quote is not None else "")
    for name, entity_kind in names:  # "said Geoff Gertz, a senior fellow at …"
        if entity_kind == "person" and re.search(rf"{re.escape(name)},\s+(?:a|an|the)\s", sentence):
            asked.append(f"who is {name.casefold()}?")
    if kind == "quote" and quote is not None and says:
        opening = _shortened(quote.words.rstrip(".!?"), 8, shorts).rstrip(",.;:")
        short_quote = len(quote.words.split()) <= 4  # "highly conflicted": as said
        about = fold(quote.words).rstrip(".!?") if short_quote else t2
        asked += [f"what did {says} say about {about}?", f"who said {opening}?"]
        asked.append(f"{says} on {about}")
        # A long quotation ends on another point than it starts with ("… why are we putting
        # this extra penalty on the sale?"): asked about too.
        ending = topic_words(" ".join(quote.words.split()[-8:]), plain_names, (), ())[:3]
        if len(quote.words.split()) > 15 and ending:
            asked.append(f"{says} on {' '.join(ending)}")
    if (
        kind == "figure"
        and figures
        and not any(q.startswith(("how", "what percent")) for q in asked)
    ):
        unit = figures[0].unit
        how = (
            "what percent"
            if unit in _PERCENT_UNITS
            else "how much"
            if unit in _MONEY_UNITS
            else "how many"
        )
        measured = _measured(sentence, figures[0], dates)
        if measured and how != "how many":  # "what was china's export growth in q2?"
            asked += [f"{'what' if how == 'what percent' else how} was {measured}?"]
            asked += [f"{measured} {figures[0].as_written}?"]
        else:
            asked += [f"{how} {who} {t2}?", f"{pair} {t2} {figures[0].as_written}?"]
    if kind == "date" and not any(q.startswith("when") for q in asked):
        asked += [f"when {who} {t3}?", f"{who} {t2} when?"]
    short = _short_form(claim, shorts, topic)
    if short:
        asked.append(short)
    core = _core(sentence, claim)
    if core and not core.startswith(("“", '"', "‘")):
        asked.append(f"{core}?")
    # Short forms of its topic words fill up to eight: the guard needs some to leave out.
    filler = [f"{who} {t3}?", f"{pair} {t3}", f"{t3}?", f"{who} {_whole(topic[:4], sentence)}"]
    filler += [f"{_whole(topic[1:4], sentence)} {who}?", f"{who} {t2}", f"{t2} {who}?", f"{t2}?"]
    seen: dict[str, str] = {}
    for number, question in enumerate([*asked, *filler]):
        if number >= len(asked) and len(seen) >= 8:
            break
        question = " ".join(question.split()).replace(" ?", "?")[:200]
        if len(question.split()) >= 2:
            seen.setdefault(fold(question).rstrip("?"), question)
    return list(seen.values())


def claim_questions(claim: Claim, figures: Sequence[FoundFigure], quoted_by: str) -> list[str]:
    """What chat users ask about a claim's parts: "what did amd announce?", "who designed
    the mi308?", "when were export rules tightened?", "why did the company design the
    mi308?", "how much did shares of nvidia fall?", "what did lutnick say about the new
    licences?"."""
    asked: list[str] = []
    speaker = quoted_by or claim.speaker

    def cut(text: str, limit: int = 8) -> str:
        return _shortened(text, limit, claim.names)

    for number, clause in enumerate(claim.clauses[:3]):
        subject, chain, obj = clause.subject, clause.chain, cut(clause.object)
        if clause.copula:
            complement = cut(clause.object, 4)
            if complement:
                asked += [f"why {clause.aux} {subject} {complement}?"]
                asked += [f"{clause.aux} {subject} {complement}?"]
        elif clause.passive:
            asked += [f"{clause.aux} {subject} {chain}?", *_how_much(clause, figures, clause.aux)]
            if clause.dates:
                asked.append(f"when {clause.aux} {subject} {chain}?")
            if clause.purpose:
                asked.append(f"why {clause.aux} {subject} {chain}?")
        elif chain in _LINKING and obj:  # "China remains a critical market": no "what"
            aux = clause.aux if clause.aux in _ASKED_WITH else "did"
            asked += [f"{aux} {subject} {chain} {obj}?", f"why {aux} {subject} {chain} {obj}?"]
        elif clause.chain == "say":  # "Nvidia said last month that it would …"
            asked += [f"did {subject} say {obj}?", f"who said {obj}?"]
            asked += [f"when did {subject} say {cut(obj, 6)}?"] if clause.dates else []
        else:
            aux = clause.aux if clause.aux in _ASKED_WITH else "did"
            if obj and not re.match(r"[\d$€£¥]|(?:by|in|on|at|to|for|from|with)\b|\w+ly\b", obj):
                asked.append(f"what {aux} {subject} {chain}?")
                if aux == "did":  # "who designed the mi308?"
                    asked.append(f"who {clause.verb} {obj}?")
            asked.append(f"{aux} {subject} {chain} {obj}?")
            if clause.dates:
                asked.append(f"when {aux} {subject} {chain} {cut(obj, 4)}?")
            if clause.purpose:
                asked.append(f"why {aux} {subject} {chain} {cut(obj, 4)}?")
            asked += _how_much(clause, figures, aux)
        if number == 0 and speaker and speaker not in subject:
            # About what the claim says: its subject, unless that is only a name (asked
            # about its object then) or the speaker themself.
            named = " ".join([*clause.subject_names, *claim.names]).split()
            named_only = set(subject.replace(" and ", " ").split()) <= set(named)
            generic = re.fullmatch(rf"the (?:{_GENERIC_SUBJECTS})", subject)
            about = obj if (named_only or generic) and obj else subject
            if about and about != speaker:
                asked.append(f"what did {speaker} say about {about}?")
            if not quoted_by and not clause.copula:
                asked.append(f"who said {subject} {clause.verb} {cut(obj, 4)}?")
            if claim.speaker_dates:
                asked.append(f"when did {speaker} say {subject} {clause.verb} {cut(obj, 3)}?")
    if claim.asked and speaker:
        asked.append(f"what did {speaker} say when asked if {cut(claim.asked, 10)}?")
        was = claim.asked_clause
        if was is not None and not (was.passive or was.copula):
            asked.append(f"did {was.subject} {was.chain} {cut(was.object)}?")
    return asked


# Words that join the phrases of an object: a cut before one ends a phrase whole.
_JOINS = set("of to in on at for from by with into over about that which".split())
# Subjects that say nothing of what a claim is about ("Huang said the company had filed …").
_GENERIC_SUBJECTS = "company|firm|group|government|country|ministry|department|agency|chipmaker"
# Auxiliaries a question keeps ("what will nvidia resume?"); the others become "did".
_ASKED_WITH = {"does", "do", "will", "would", "could", "can", "may", "might", "should", "must"}
# Verbs that link a subject to what it is ("remains a critical market"): asked "does … remain
# …?", never "what does … remain?".
_LINKING = {"remain", "become", "seem", "stay", "appear"}
# Verbs of change: their figure is asked "how much did … fall?".
_CHANGE = set(
    "fall rise drop climb jump increase decrease grow slip gain lose surge plunge decline soar "
    "tumble slide sink cut raise lift lower".split()
)


def _how_much(clause: Clause, figures: Sequence[FoundFigure], aux: str) -> list[str]:
    inside = [f for f in figures if f.as_written.casefold() in clause.object]
    if not inside and not clause.worth:
        return []  # the figure is another clause's
    figure = (inside or figures)[0]
    how = (
        "what percent"
        if figure.unit in _PERCENT_UNITS
        else "how much"
        if figure.unit in _MONEY_UNITS
        else f"how many {figure.unit}"
    )
    subject, chain = clause.subject, clause.chain
    if clause.worth:
        return [f"how much {'are' if subject.endswith('s') else 'is'} {subject} worth?"]
    if chain.split()[-1] in _CHANGE:
        return [f"how much {aux} {subject} {chain}?", f"by how much {aux} {subject} {chain}?"]
    written = clause.object.find(figure.as_written.casefold())
    if written < 0:
        return [f"{how} {aux} {subject} {chain}?"]
    of = re.match(
        r"\s*(of\s+[\w.]+(?:['’]s\s+\w+)?)", clause.object[written + len(figure.as_written) :]
    )
    measured = f" {of.group(1)}" if of else ""
    return [f"{how}{measured} {aux} {subject} {chain}?"]


# Endings of adjectives: a run of topic words that ends on one ends before its noun.
_ADJECTIVE_ENDINGS = ("al", "ive", "ous", "ic", "ful", "ary", "ced", "ted")


def _whole(words: Sequence[str], sentence: str) -> str:
    """Topic words as a phrase that does not stop on an adjective: "resume sales artificial"
    goes on to the noun the sentence puts after it ("… artificial intelligence")."""
    phrase = " ".join(words)
    if not words or not words[-1].endswith(_ADJECTIVE_ENDINGS):
        return phrase
    after = re.search(rf"\b{re.escape(words[-1])}\s+([A-Za-z][\w-]*)", fold(sentence))
    if after and after.group(1) not in _NOT_TOPIC and after.group(1) not in words:
        return f"{phrase} {after.group(1)}"
    return phrase


def _measured(sentence: str, figure: FoundFigure, dates: Sequence[FoundDate]) -> str:
    """The noun phrase the figure measures, as chat types it, when a rule read one."""
    found = [d.as_written for d in dates]
    phrase = noun_phrase_measured(sentence, figure.as_written, figure.unit == "percent", found)
    if not phrase or len(phrase.split()) > 8:
        return ""
    phrase = fold(phrase).replace("’", "'")
    if "'" in phrase.split()[0] or phrase.split()[0] in ("its", "their", "his", "her"):
        return phrase  # "china's economic growth in q2"
    return f"the {phrase}"  # "the share of its sales in 2024"


def _shortened(text: str, limit: int = 8, names: Sequence[str] = ()) -> str:
    """The first `limit` words; cut inside a phrase that goes on after a name ("sales of its
    h20 artificial …"), they end at the name ("sales of its h20")."""
    every = text.split()
    words = every[:limit]
    if len(every) > limit:
        ends = [i for i, w in enumerate(words) if any(fold(w).startswith(n) for n in names if n)]
        if ends and len(words) - ends[-1] <= 3:
            words = words[: ends[-1] + 1]
        elif fold(every[limit]) not in _NOT_TOPIC:  # "shipments of advanced" goes on
            cut = max((i for i, w in enumerate(words) if fold(w) in _JOINS and i >= 3), default=0)
            words = words[:cut] if cut else words
    while words and words[-1] in _NOT_TOPIC:
        words.pop()
    return " ".join(words).strip(" ,;:")


def _short_form(claim: Claim | None, shorts: Sequence[str], topic: Sequence[str]) -> str:
    """ "nvidia h20 china sales resume?": the claim's names, its object's words, its verb."""
    if claim is None or not claim.clauses:
        return ""
    clause = claim.clauses[0]
    verb = (clause.chain.split() or [""])[-1]
    wanted = re.match(r"(\w+) to (\w+)", clause.object)  # "plans to restart …": restart
    verb = wanted.group(2) if wanted else verb
    skip = {verb, wanted.group(1) if wanted else ""}
    words = [w for w in topic if w in clause.object.split() and w not in skip][:3]
    if clause.copula:
        verb = ""
    head = " ".join([*shorts[:3], *words, verb]).strip()
    return f"{head}?" if len(head.split()) >= 3 else ""


def _core(sentence: str, claim: Claim | None = None) -> str:
    """The claim's first clause, at most 12 words, as a chat user would type it: its
    subject, verb and object when they were read ("amd announced plans to restart …")."""
    if claim is not None and claim.clauses and claim.clauses[0].object:
        clause = claim.clauses[0]
        verb = clause.verb.replace(" not", "") if clause.object.startswith("not ") else clause.verb
        return f"{clause.subject} {verb} {_shortened(clause.object, 8, claim.names)}"
    plain = re.sub(r"^(?:However|Consequently|Meanwhile|Moreover|Also|But|And),\s*", "", sentence)
    plain = plain.rstrip(" .!?")
    core = re.split(r",\s", plain)[0] if len(plain.split()) > 12 else plain
    core = _shortened(core, 12)
    return core if core[1:2].isupper() else core[:1].lower() + core[1:]
