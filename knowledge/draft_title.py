"""A drafted fact's title: a short headline of its claim (for `kb draft`).

Moderators shortened every whole-sentence title the draft used to write, always the same way:
who did what, without the opening circumstance ("On Monday,", "Earlier this year,"), the
attribution tail ("…, a US official said on Sunday"), asides between commas ("Huang, who
will attend the Expo, has …"), descriptors before a name ("US tech giant Nvidia") and, when
still long, the clause after the claim. A quote said before the claim ("Nvidia added,
“…”") reads "Nvidia: “…”", as in the bundled titles.

A headline must stay faithful: each step is kept only if it leaves every hedge of the text
before it ("could", "anticipated", "risked", "not", …), so "Nvidia anticipated missing
$2.5 billion" never becomes "Nvidia missed $2.5 billion".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from knowledge.draft_asides import is_adverb, relative_aside
from knowledge.draft_attribution import CLAUSE_OPENERS, SAID_AFTER, SAID_BEFORE, said_in
from knowledge.draft_verbs import AUXILIARIES, MODALS, starts_verb, verb_at, verb_follows

LIMIT = 80  # characters: a headline, not the sentence
MIN_HEADLINE = 40  # a shorter cut leaves too little of the claim
MAX_TITLE = 96  # what a hedge may stretch a title to (a fact's title holds 100 characters)

# Words that make a claim uncertain, expected or negated: a title keeps every one.
HEDGES = set(
    "could may might would should can will anticipated anticipates anticipate expected "
    "expects expect risked risks risk plans plan planned planning aims aimed seeks sought "
    "reportedly allegedly apparently possibly probably likely unlikely not no never nor "
    "without suggested suggests "
    "proposed proposes considering considered intends intended hopes hoped wants "
    "wanted projected projects forecast forecasts estimated estimates warned warns "
    "almost nearly only partly partially largely mostly barely hardly scarcely roughly".split()
)
_CONNECTOR = re.compile(
    r"^(?:However|Consequently|Meanwhile|Moreover|Also|But|And|Still|Separately|Instead),?\s+"
)
# "On Monday, …", "Earlier this year, …", "In a statement, …", "When asked if …, …"
_OPENING = re.compile(
    r"^(?:When\s+asked\s+(?:if|whether|about)\s+[^,]{3,100}"
    r"|(?:On|In|Last|Earlier|After|Since|By|Under|At|For|Later|Late|When|While|As|"
    r"Speaking|Following|Amid|Separately|Previously|Meanwhile)\b[^,]{0,60}),\s+(?=\S)"
)
# ", however,", ", meanwhile,": a connector inside the sentence
_INNER_CONNECTOR = re.compile(r",\s+(?:however|meanwhile|though|moreover|too|also),\s+")
# "Nvidia, the company that …, is": an appositive after a name, before the verb
_APPOSITIVE = re.compile(
    r"(?<=[A-Za-z0-9])\s*,\s+(?:the|a|an|currently|now|once|long|then|still)\s+[^,]{3,110},"
    r"\s+(?=[a-z])"
)
# Where a claim's own clause ends and a further one begins.
_CLAUSE_END = re.compile(
    r"(?:,\s+|\s+[—–]\s+|;\s+|\s+(?=(?:amid|following|despite|because|though|although|"
    r"due\s+to|in\s+order\s+to)\s))"
    r"(?=(?:a\s+move|which|while|as|after|amid|following|despite|because|though|although|"
    r"stating|saying|adding|calling|citing|expressing|driven|where|when|with|due|in\s+order|"
    r"and|but|[a-z]+ing\b)\b)"
)
# Words that open a phrase of detail after a claim ("… to China from April", "… that …").
_DETAIL_WORDS = set(
    "from in for with by during on at that which who after amid including despite over "
    "through under since until across into".split()
)
_FUNCTION_TAIL = set(
    "of to in on at for from by with and or the a an its their his her that which as "
    "than into over amid after while its".split()
)
# Words before a name that make it part of a longer subject ("Another US official").
_NOT_DESCRIPTOR = CLAUSE_OPENERS | set(
    "the a an another some many most its their his her this that".split()
)
# Lower-case words of a descriptor before a name ("US tech giant", "chipmaker").
_DESCRIPTOR_NOUNS = set(
    "tech technology semiconductor chip chipmaker chipmakers giant giants powerhouse rival "
    "rivals competitor firm company group maker carmaker startup retailer lender bank "
    "regulator chief executive officer president secretary minister spokesperson "
    "spokesman spokeswoman founder boss leader official analyst senior".split()
)
# "“It’s wild,” said Geoff Gertz, …", "“…,” Huang said."
_QUOTED_FIRST = re.compile(
    r"^[“\"](?P<words>[^“”\"]{3,160})[”\"]\s*(?:(?:said|says|added|told\s+\w+|noted|stated|"
    r"wrote)\s+(?P<who>[^,.“”\"]{2,60})|(?P<who2>[^,.“”\"]{2,60}?)\s+(?:said|says|added|"
    r"noted|stated|wrote))\b"
)


def headline(sentence: str, names: Sequence[str] = (), speaker: str = "") -> str:
    """The title of a claim: `sentence` (the drafted answer) as a headline of at most about
    `LIMIT` characters; `names`: the names it mentions as written (for descriptors);
    `speaker`: who says a quotation the sentence is made of (named in the sentence before)."""
    text = sentence.strip().rstrip(" .!?")
    # (step, whether it may only remove words around the claim, never a hedge of it)
    steps: list[tuple[Callable[[str], str], bool]] = [
        (lambda t: _CONNECTOR.sub("", t), True),
        (_without_opening, True),
        (_without_attribution_tail, True),
        (lambda t: _quoted_first(t, names), True),
        (lambda t: _attributed_before(t, names), True),
        (lambda t: _INNER_CONNECTOR.sub(" ", t), True),
        # An aside is a claim of its own: its hedges go with it.
        (lambda t: relative_aside(t)[0], False),
        (_without_appositive, False),
        (lambda t: _without_descriptors(t, names), True),
        (_without_adverbs, True),
    ]
    for step, guarded in steps:
        shorter = " ".join(step(text).split()).strip(" ,;:")
        if len(shorter.split()) >= 3 and (not guarded or _keeps_hedges(text, shorter)):
            text = shorter
    who = _short_speaker(speaker, names) if speaker else ""
    if who and re.match(r"[“\"]", text):  # a quotation alone: whose words they are
        text = f"{who}: {text}"
    # The clause after the claim is another claim: its hedges go with it too.
    text = _closed(_cut(_first_clause(text)))
    return text[:1].upper() + text[1:]


def _without_opening(text: str) -> str:
    return _OPENING.sub("", text, count=1)


def _without_appositive(text: str) -> str:
    """ "Nvidia, the company that has dominated the market, is making waves": Nvidia is
    making waves (only when the verb follows the aside)."""
    match = _APPOSITIVE.search(text)
    if not match:
        return text
    following = text[match.end() :].split()[:3]
    verb = (following and following[0] in AUXILIARIES | MODALS) or starts_verb(following)
    if not match or not verb:
        return text
    return f"{text[: match.start()]} {text[match.end() :]}"


def _without_attribution_tail(text: str) -> str:
    """ "…, a US official said on Sunday": the claim without who said it (the quote and the
    answer keep the speaker)."""
    after = SAID_AFTER.search(text)
    if after and after.start() > 0 and not re.search(r"[“”\"]", text[after.start() :]):
        return text[: after.start()]
    return text


def _attributed_before(text: str, names: Sequence[str]) -> str:
    """ "Nvidia added, “The US government …”": Nvidia: “The US government …” (the speaker
    stays: who said a quote is part of it)."""
    before = SAID_BEFORE.match(text)
    if not before:
        return text
    who, rest = said_in(before)
    if not rest or re.match(r"(?:it|they|he|she|we|i)\b", rest, re.I):
        return text  # "Nvidia confirmed it is …" reads best as written
    who = _short_speaker(who, names)
    return f"{who}: {rest}" if who else text


def _quoted_first(text: str, names: Sequence[str]) -> str:
    """ "“It’s wild,” said Geoff Gertz, a senior fellow …": Geoff Gertz: “It’s wild”."""
    match = _QUOTED_FIRST.match(text)
    if not match:
        return text
    who = _short_speaker(match.group("who") or match.group("who2"), names)
    if not who:
        return text
    return f"{who}: “{match.group('words').rstrip(' ,.')}”"


def _short_speaker(who: str, names: Sequence[str]) -> str:
    """ "US official" ("another US official"); the name said last in a longer one ("Nvidia
    chief executive Jensen Huang": Jensen Huang)."""
    who = re.sub(r"^(?:a|an|another|the)\s+", "", who.strip(), flags=re.I)
    if len(who.split()) <= 3:
        return who
    spoken = [n for n in names if n in who]
    if spoken:
        return max(spoken, key=who.rfind)
    return ""


def _without_descriptors(text: str, names: Sequence[str]) -> str:
    """ "American semiconductor powerhouse Nvidia plans …": Nvidia plans …"""
    first = min(
        ((text.find(n), n) for n in names if 0 < text.find(n) <= 60),
        default=None,
        key=lambda x: x[0],
    )
    if first is None:
        return text
    prefix = text[: first[0]]
    words = prefix.split()
    if re.search(r"[,:“”\"]", prefix) or not 0 < len(words) <= 4:
        return text
    if any(not _describes(word) for word in words) or words[0].casefold() in _NOT_DESCRIPTOR:
        return text
    return text[first[0] :]


def _describes(word: str) -> bool:
    """ "US", "American", "chipmaker", "California-based": a word of a descriptor."""
    if re.fullmatch(r"[\w.]+-(?:based|born|listed|owned|headquartered|backed|led)", word):
        return True
    return word[:1].isupper() or word in _DESCRIPTOR_NOUNS


def _without_adverbs(text: str) -> str:
    """ "temporarily", "specifically", "respectively": how, not what (a long title only; a
    hedge such as "reportedly" stays)."""
    if len(text) <= LIMIT:
        return text
    words = text.split(" ")
    kept = [
        w
        for before, w in zip(["", *words], words, strict=False)
        # "almost explicitly": what a hedge qualifies stays with it
        if w.casefold() in HEDGES or before.casefold() in HEDGES or not is_adverb(w.casefold())
    ]
    return " ".join(kept)


def _first_clause(text: str) -> str:
    """A long claim up to the end of its first clause, when that leaves a claim."""
    if len(text) <= LIMIT:
        return text
    for match in _CLAUSE_END.finditer(text):
        if MIN_HEADLINE <= match.start() <= LIMIT + 5:
            return text[: match.start()]
    return text


def _cut(text: str) -> str:
    """At most about `LIMIT` characters: before a phrase that only adds detail ("… from sales
    to China of advanced chips", "… that halted shipments"), which needs no mark; else at a
    word, marked "…" (a cut quotation is closed by :func:`_closed`)."""
    if len(text) <= LIMIT + 5:
        return text
    tokens = text.split(" ")
    at, kept = 0, ""
    for i in range(1, len(tokens)):
        at += len(tokens[i - 1]) + 1
        if at - 1 > LIMIT:
            break
        if at - 1 >= MIN_HEADLINE and _detail_starts(tokens, i, text[: at - 1]):
            # The cut clause's own hedge ("restrictions … could hurt") would go with it.
            cut_clause = re.split(r"[,;—–]|\s(?:and|but)\s", text[at:])[0]
            has_verb = verb_at(tokens[:i], 1) is not None
            if has_verb and not HEDGES.intersection(_words(cut_clause)):
                kept = text[: at - 1]
    if kept:
        return kept.rstrip(" ,;:")
    words = text[:LIMIT].rsplit(" ", 1)[0].split()
    # A hedge just past the cut, in the same clause, is kept ("… sales to China risked …"):
    # a title never loses one.
    clause = re.split(r"[,;—–]", text[len(" ".join(words)) :])[0].split()
    hedges = [i for i, w in enumerate(clause) if HEDGES.intersection(_words(w))]
    if hedges and len(" ".join(words + clause[: hedges[-1] + 1])) <= MAX_TITLE:
        words += clause[: hedges[-1] + 1]
    while words and words[-1].strip(',;:“”"').casefold() in _FUNCTION_TAIL:
        words.pop()
    cut = " ".join(words).rstrip(",;:")
    return f"{cut} …"


def _detail_starts(tokens: list[str], i: int, before: str) -> bool:
    """`tokens[i]` opens a phrase that adds detail to a claim already whole: a preposition
    or relative word, not inside a quotation, not "of" ("months of restrictions") nor an
    infinitive's "to" ("plans to resume")."""
    word = tokens[i].casefold()
    if before.count("“") > before.count("”") or before.count('"') % 2:
        return False
    if tokens[i - 1].casefold().strip(",") in _FUNCTION_TAIL | HEDGES:
        return False
    if word == "to":
        return i + 1 < len(tokens) and not verb_follows(tokens[i + 1])
    return word in _DETAIL_WORDS


def _closed(text: str) -> str:
    """A quotation the cut left open is closed."""
    text = text.rstrip(",;: ")
    if text.count("“") > text.count("”"):
        return f"{text.rstrip(' …')}…”" if text.endswith("…") else f"{text}”"
    return text


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z’']+", text.casefold())


def _keeps_hedges(before: str, after: str) -> bool:
    kept = _words(after)
    return all(kept.count(w) >= _words(before).count(w) for w in HEDGES & set(_words(before)))
