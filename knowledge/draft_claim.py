"""A light reading of a news claim: who did what (and when, why, to whom), and who said so.

`kb draft` asks its example questions about a claim's parts, as chat users do ("what did
nvidia announce?", "who designed the mi308?", "when were export rules tightened?"), so it
needs the sentence's subject, verb and object. News sentences are regular enough for rules:
an attribution before or after the claim ("X said on Friday that …", "…, the company said"),
a subject that is a name behind descriptors ("US chipmaker AMD": AMD), a verb that is an
auxiliary, a listed irregular form or a lower-case word in -ed, an object up to the next
clause. A claim the rules cannot read gets no clause and its questions fall back to its
topic words; every draft is reviewed anyway.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from knowledge.draft_asides import is_adverb, participle_aside, relative_aside
from knowledge.draft_attribution import SAID_AFTER, SAID_BEFORE, said_in, speaker_of
from knowledge.draft_subject import subject_of
from knowledge.draft_verbs import (
    AUXILIARIES,
    MODALS,
    PARTICIPLES,
    base_form,
    is_past,
    is_verb_base,
    starts_verb,
    verb_at,
    verb_follows,
)

# Words that end an object: the next clause or a circumstance begins.
_OBJECT_ENDS = set(
    "that which who whom whose but because after amid while as following since when although "
    "though if despite unless until before where whereas with without".split()
)
# Nouns a "to" infinitive completes ("plans to restart"): not a purpose.
_TO_COMPLETES = set(
    "plans plan efforts effort bid move decision intention way permission right ability "
    "agreement deal order approval licence license licences licenses attempt push".split()
)
# Words between an auxiliary and its verb ("has not yet been approved").
_BETWEEN = set("not also already now still just reportedly recently yet been be being have".split())
_REASONS = {"because", "amid", "over", "despite"}
# Verbs whose object is an action ("began issuing licences").
_GERUND_VERBS = set("begin start stop resume continue keep consider halt finish avoid".split())
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "this", "that"}
_FUNCTION_TAIL = set("of to in on at for from by with and or the a an its their his her".split())
_CONNECTOR = re.compile(
    r"^(?:However|Consequently|Meanwhile|Moreover|Also|But|And|Still|Separately|Instead),?\s+"
)
_CIRCUMSTANCE = re.compile(
    r"^(?:When\s+asked\s+(?:if|whether|about)\s+(?P<asked>[^,]{3,100})"
    r"|(?:On|In|Last|Earlier|After|Since|By|Under|At|For|With|Later|Late|When|While|As|"
    r"Asked|Speaking|Despite|Although|Though|If|Because|Before|Until|Following|Amid)\b"
    r"[^,]{0,90}),\s+"
)


@dataclass
class Clause:
    subject: str  # as chat names it: "amd", "trump's administration", "the company"
    subject_names: list[str]  # short names of the entities the subject names
    verb: str  # as written, lower case: "designed", "were tightened", "will resume"
    chain: str  # the verb after "did"/"will"/…: "agree to give", "announce"; passive: participle
    aux: str  # "did", "does", "will", "were", "is", …
    passive: bool  # aux + participle ("were tightened"): asked "when were … tightened?"
    copula: bool  # "is unusual": asked "why is … unusual?"
    object: str  # up to the next clause, lower case: "the mi308"
    purpose: str = ""  # "to comply with export rules", "because …"
    dates: list[str] = field(default_factory=list)  # dates in the clause, as written
    worth: bool = False  # "Shipments worth $800 million …": asked "how much are … worth?"
    descriptors: list[str] = field(default_factory=list)  # "us chipmaker" before "AMD"


@dataclass
class Claim:
    clauses: list[Clause]
    speaker: str = ""  # who the sentence says said it, as chat names them
    speaker_dates: list[str] = field(default_factory=list)  # when it was said
    asked: str = ""  # "when asked if nvidia had agreed …": what the speaker was asked
    names: list[str] = field(default_factory=list)  # short names of all it names
    asked_clause: Clause | None = None  # what the speaker was asked, read as a claim


def read(
    sentence: str,
    names: Sequence[tuple[str, str]],
    dates: Sequence[str],
    figures: Sequence[str],
    pronoun: str = "",
    company: str = "",
) -> Claim:
    """`names`: (span as written, short name) of the entities the sentence names; `pronoun`:
    who "he" or "she" is (the person last named before this sentence); `company`: who "it",
    "the company" or "the firm" is (the company named in it, or last before it)."""
    text = _CONNECTOR.sub("", sentence.strip()).rstrip(" .!?")
    text = re.sub(r"[“”\"‘’](?=\W|$)|(?<=\W)[“”\"‘’]|^[“”\"‘’]", "", text)
    asked = ""
    circumstance = _CIRCUMSTANCE.match(text)  # "On Monday, …", "When asked if …, …"
    if circumstance:
        asked = circumstance.group("asked") or ""
        text = text[circumstance.end() :]
    speaker, said_when = "", []
    after = SAID_AFTER.search(text)
    if after and after.start() > 0:
        who = after.group("who") or after.group("who2") or after.group("who3")
        speaker = speaker_of(who, names, pronoun, company)
        said_when = [d for d in dates if d in after.group()]
        text = text[: after.start()]
    else:
        before = SAID_BEFORE.match(text)
        if before:
            who, rest = said_in(before)
            speaker = speaker_of(who, names, pronoun, company)
            said_when = [d for d in dates if d in text[: len(text) - len(rest)]]
            text = rest
    clauses: list[Clause] = []
    parts = re.split(r",?\s+but\s+|;\s+|,\s+while\s+|,\s+and\s+(?=[a-z]+ed\b)", text)
    for part in parts[:3]:
        reported = _reported(part, names, dates, (pronoun, company)) if clauses else None
        if reported:  # "…, but Nvidia said last month that …": what Nvidia said
            clauses.append(reported)
            continue
        part, described, described_subject = participle_aside(part)
        part, relative = relative_aside(part)
        # ", and demanded …" goes on with the subject before it.
        carried = clauses[-1] if clauses and is_past(_word(part.split()[0])) else None
        clause = _clause(part, names, dates, figures, (pronoun, speaker, company), carried)
        if clause:
            clauses.append(clause)
        if relative:  # "Huang, who will attend the Expo, …": Huang will attend the Expo
            aside = _clause(relative, names, dates, figures, (pronoun, speaker, company), None)
            clauses += [aside] if aside else []
        if described:  # "rules imposed in April": when were the rules imposed?
            clauses.append(_described(described, described_subject, names, dates, figures))
        clauses += _relative_clauses(part, dates)
        clauses += _subordinate_clauses(part, names, dates, figures, (pronoun, speaker, company))
    shorts = list(dict.fromkeys(short for _, short in names))
    claim = Claim(clauses, speaker, said_when, asked.casefold(), shorts)
    if asked:  # "When asked if Nvidia had agreed to pay …": did nvidia agree to pay …?
        claim.asked_clause = _clause(
            asked, names, dates, figures, (pronoun, speaker, company), None
        )
    return claim


def _reported(
    part: str, names: Sequence[tuple[str, str]], dates: Sequence[str], pronouns: tuple[str, str]
) -> Clause | None:
    """ "Nvidia said last month that the US said it would allow …": Nvidia said "it would
    allow …" (an attribution inside it is peeled off too)."""
    said = SAID_BEFORE.match(part)
    if not said:
        return None
    who, rest = said_in(said)
    who = speaker_of(who, names, *pronouns)
    inner = SAID_BEFORE.match(rest)
    if inner:
        rest = said_in(inner)[1]
    when = [d for d in dates if d in part[: len(part) - len(rest)]]
    words = rest.split()[:10]
    while words and _word(words[-1]) in _FUNCTION_TAIL:
        words.pop()
    return Clause(who, [], "said", "say", "did", False, False, " ".join(words).casefold(), "", when)


def _described(
    phrase: str,
    subject_text: str,
    names: Sequence[tuple[str, str]],
    dates: Sequence[str],
    figures: Sequence[str],
) -> Clause:
    """ "rules imposed in April": the rules were imposed, in April (a passive claim)."""
    subject, subject_names, _ = subject_of(subject_text, names, figures)
    participle = _word(phrase.split()[0])
    aux = "were" if subject.endswith("s") and not subject.endswith("ss") else "was"
    when = [d for d in dates if d in phrase]
    return Clause(
        subject, subject_names, f"{aux} {participle}", participle, aux, True, False, "", "", when
    )


def _tokens(text: str) -> list[str]:
    return text.split()


def _word(token: str) -> str:
    return token.strip(",;:()").casefold()


def _clause(
    text: str,
    names: Sequence[tuple[str, str]],
    dates: Sequence[str],
    figures: Sequence[str],
    pronouns: tuple[str, str, str],
    carried: Clause | None,
) -> Clause | None:
    """`pronouns`: who "he"/"she" is (the person named last), who "it"/"they"/"we" is (the
    speaker), and who "the company" is (the company named in or before the sentence)."""
    tokens = _tokens(text)
    at = verb_at(tokens, 0 if carried else 1)
    if at is None:
        return None
    subject_tokens, rest = tokens[:at], tokens[at:]
    while subject_tokens and (
        _word(subject_tokens[-1]) in _BETWEEN
        or (subject_tokens[-1].islower() and is_adverb(_word(subject_tokens[-1])))
    ):
        subject_tokens.pop()  # "He also demanded", "rules temporarily blocked"
    first = _word(rest[0])
    aux, passive, copula = "did", False, False
    verb_tokens = [rest[0]]
    j = 1
    if first in AUXILIARIES or first in MODALS:
        aux = first
        while j < len(rest) and _word(rest[j]) in _BETWEEN:
            verb_tokens.append(rest[j])
            j += 1
        nxt = _word(rest[j]) if j < len(rest) else ""
        if nxt in PARTICIPLES or is_past(nxt):
            verb_tokens.append(rest[j])
            j += 1
            passive = first not in ("has", "have", "had") or "been" in map(_word, verb_tokens)
            chain = nxt if passive else base_form(nxt)
            if not passive:
                aux = "did" if first == "had" else first
        elif first in MODALS and is_verb_base(nxt):
            verb_tokens.append(rest[j])
            j += 1
            chain = nxt
        elif first in ("is", "are", "was", "were"):
            copula, chain = True, ""
        elif "been" in map(_word, verb_tokens):  # "had been a negotiating chip"
            copula, chain = True, ""
            aux = "were" if subject_tokens and _word(subject_tokens[-1]).endswith("s") else "was"
        else:
            return None
    else:
        chain = base_form(first)
        if chain == first and first.endswith("s"):  # "harangues"
            chain = first[:-3] + "y" if first.endswith("ies") else first[:-1]
        aux = "does" if first.endswith("s") and not first.endswith("ss") else "did"
        if not is_past(first) and not first.endswith("s"):
            aux = "do"  # "the new licences protect …"
    # "agreed to give", "are expected to leave": the infinitive is part of the verb.
    if j + 1 < len(rest) and _word(rest[j]) == "to" and verb_follows(rest[j + 1]):
        chain = f"{chain} to {_word(rest[j + 1])}".strip()
        verb_tokens += rest[j : j + 2]
        j += 2
    # "had begun issuing licences": what was begun is the issuing of licences.
    if (
        j < len(rest)
        and _word(rest[j]).endswith("ing")
        and chain
        and chain.split()[-1] in _GERUND_VERBS
    ):
        chain = f"{chain} {_word(rest[j])}"
        verb_tokens.append(rest[j])
        j += 1
    obj, purpose = _object(rest[j:], dates, copula)
    if carried is not None and not subject_tokens:
        subject, subject_names, described = carried.subject, carried.subject_names, []
    else:
        subject, subject_names, described = subject_of(" ".join(subject_tokens), names, figures)
    if subject in _PRONOUNS:
        subject = pronouns[0] if subject in ("he", "she") else pronouns[1]
        aux = "does" if aux == "do" else aux  # "we follow" said by Nvidia: nvidia follows
    elif re.match(r"(?:his|her) ", subject) and pronouns[0]:
        subject = f"{pronouns[0]}'s {subject.split(' ', 1)[1]}"  # "his engagements": huang's
    elif re.fullmatch(r"the (?:company|firm|chipmaker)", subject) and pronouns[2]:
        subject = pronouns[2]  # "The California-based company designed …": which company
        subject_names = [subject]
    if "not" in map(_word, verb_tokens):  # "were not a threat": kept, it is the claim
        obj, chain = (f"not {obj}", chain) if copula else (obj, f"not {chain}".strip())
    if not subject:
        return None
    # Dates of a relative or subordinate clause are that clause's ("… after the US imposed
    # rules in 2023").
    inner = [m.start() for m in (re.search(_RELATIVE, text), re.search(_SUBORDINATE, text)) if m]
    in_clause = [d for d in dates if d in text[: min(inner, default=len(text))]]
    verb = " ".join(_word(t) for t in verb_tokens)
    worth = any(re.search(rf"\b(?:worth|valued at)\s+{re.escape(f)}", text) for f in figures)
    clause = Clause(
        subject, subject_names, verb, chain, aux, passive, copula, obj, purpose, in_clause, worth
    )
    clause.descriptors = described
    return clause


def _object(tokens: list[str], dates: Sequence[str], copula: bool) -> tuple[str, str]:
    """The object, up to the next clause or circumstance (lower case), and a purpose or
    reason that follows it ("to comply with …", "because …")."""
    text = " ".join(tokens)
    for date in sorted(dates, key=len, reverse=True):  # "on Tuesday" is when, not what
        when = rf"\s*\b(?:on|in|by|since|from|during|until|of)?\s*{re.escape(date)}\b"
        text = re.sub(when, " ", text)
    words = text.split()
    obj: list[str] = []
    purpose = ""
    for i, token in enumerate(words):
        word = _word(token)
        following = words[i + 1] if i + 1 < len(words) else ""
        if word == "that" and not obj and not copula:
            continue  # "demanded that Tan resign": what was demanded follows
        if word in _OBJECT_ENDS or (word == "such" and _word(following) == "as"):
            if word in _REASONS or (word == "due" and _word(following) == "to"):
                purpose = " ".join(words[i:])
            break
        if word == "and" and (
            copula or _word(following) in _PRONOUNS or starts_verb(words[i + 1 : i + 3])
        ):
            break  # "… and marks Trump’s latest intervention": another claim
        if word == "to" and obj and verb_follows(following) and _word(obj[-1]) not in _TO_COMPLETES:
            purpose = " ".join(words[i:])
            break
        obj.append(token.strip("();:"))
        if token.endswith((",", ";")):
            break
    while obj and _word(obj[-1]) in _FUNCTION_TAIL:
        obj.pop()
    purpose = " ".join(purpose.split()[:8]).strip(" ,.")
    return " ".join(obj[:10]).casefold().strip(" ,"), purpose.casefold()


_RELATIVE = (
    r"(?:^|\s)((?:[a-z][\w-]*\s+){0,1}[a-z][\w-]*)\s+(?:that|which)\s+"
    r"(was|were|is|are|had\s+been|has\s+been|have\s+been)\s+([a-z]+)\b([^,;]*)"
)


_SUBORDINATE = r"(?:^|\s)(?:after|because|since|once|when|until|before)\s+([^,;]+)"


def _subordinate_clauses(
    text: str,
    names: Sequence[tuple[str, str]],
    dates: Sequence[str],
    figures: Sequence[str],
    pronouns: tuple[str, str, str],
) -> list[Clause]:
    """ "… after the United States imposed stricter licensing rules in 2023": the United
    States imposed them, in 2023."""
    found = []
    for match in re.finditer(_SUBORDINATE, text):
        if match.start() == 0:
            continue  # the clause itself
        clause = _clause(match.group(1), names, dates, figures, pronouns, None)
        if clause and not clause.copula and not clause.subject.startswith(("its ", "their ")):
            found.append(clause)
    return found[:1]


def _relative_clauses(text: str, dates: Sequence[str]) -> list[Clause]:
    """ "export rules that were tightened in April": the rules were tightened, in April."""
    found = []
    for match in re.finditer(_RELATIVE, text):
        participle = match.group(3)
        if not (participle in PARTICIPLES or participle.endswith("ed")):
            continue
        subject = match.group(1)
        aux = match.group(2).split()[0]
        here = [d for d in dates if d in match.group()]
        verb = f"{match.group(2)} {participle}"
        found.append(Clause(subject, [], verb, participle, aux, True, False, "", dates=here))
    return found
