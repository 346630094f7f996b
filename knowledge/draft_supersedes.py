"""Which facts already in the knowledge base a drafted claim may replace: proposals only.

A later article reverses or updates what an earlier one said: sales halted, then sales
resume; licences awaited, then licences issued; a new figure for the same measure; a later
date for the same event. A drafted fact is proposed to supersede an existing one when both
are about the same entities (one that is not just a country, or two; the same product when
both name one), they share topic words, the draft was reported no earlier, and one of these
holds:

- reversal: one says something stopped (halted, banned, suspended) and the other that it
  goes on (resume, allow, lift, issue);
- progress: the older one says something is pending (expected, forthcoming, reapplied) and
  the newer one that it happened (began, issued, granted), in words the older one did not
  use and not inside a pending phrase of its own ("hopes to start", "start deliveries
  soon"): a claim that restates the older one is a second source of it, not progress;
- a new figure in the same unit for the same measure, or a later date for the same event.

Never applied: `kb draft` writes each proposal as a commented-out `supersedes:` line for the
moderator to keep (uncomment) or delete, because a wrong `supersedes` hides a fact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from knowledge.base import KnowledgeBase
from knowledge.draft_text import FoundFigure, figure_context
from knowledge.schema import Fact
from knowledge.text import STOPWORDS, stem, words


def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in text.split())


_STOPPED = _stems(
    """
    halt halted halts suspend suspended ban banned bans block blocked bar barred stop stopped
    restrict restricted curb curbed pause paused prohibit prohibited freeze froze frozen
    """
)
_GOING = _stems(
    """
    resume resumed resumes restart restarted allow allowed allows lift lifted permit permitted
    grant granted approve approved issue issued issuing reopen reopened
    """
)
_PENDING = _stems(
    """
    expect expected expects forthcoming soon plan plans planned reapplied applied apply
    awaiting await pending hope hoped hopes
    """
)
_DONE = _stems(
    """
    begun began begin started start issued issuing granted approved completed resumed
    """
)
# Words that keep a done-word pending: "hopes to start", "will begin", "start … soon".
_STILL_PENDING = _PENDING | _stems("will would could may might to aim aims wants seeks")
_BROAD = {"country", "place"}  # naming only China or the US says little about the topic
_SAID = _stems("said says told reported official officials statement percent")
MAX_PER_FACT = 2


@dataclass(frozen=True)
class Proposal:
    older: str  # the existing fact's id
    reason: str  # why, for the moderator: "reversal", "progress", "new figure", "later date"
    title: str  # the existing fact's title, so the comment can be judged without looking


def _topic(text: str, names: frozenset[str]) -> set[str]:
    """What a claim is about beyond whom it names: "Nvidia shares rose" and "Nvidia's sales
    in China" share a name, not a topic."""
    return {
        stem(w)
        for w in words(text)
        if w not in STOPWORDS
        and not w.isdigit()
        and stem(w) not in _SAID
        and stem(w) not in names
        and len(w) > 2
    }


def _name_words(kb: KnowledgeBase) -> frozenset[str]:
    return frozenset(
        stem(w) for e in kb.entities.values() for n in (e.name, *e.aliases) for w in words(n)
    )


def _published(kb: KnowledgeBase, fact: Fact | Mapping) -> str:
    sources = fact.sources if isinstance(fact, Fact) else ()
    source = kb.sources.get(sources[0].source) if sources else None
    return (source.published or "") if source else ""


def propose(
    drafted: Mapping, kb: KnowledgeBase, published: str | None, source_id: str
) -> list[Proposal]:
    """Proposals for one drafted fact (as the plain data the YAML is written from)."""
    mine = set(drafted.get("entities", ()))
    text = drafted["answer"]
    names = _name_words(kb)
    topic = _topic(text, names)
    stems = {stem(w) for w in words(text)}
    found: list[tuple[float, Proposal]] = []
    for fact in kb.facts.values():
        if any(c.source == source_id for c in fact.sources):
            continue
        when = _published(kb, fact)
        if published and when and when > published:
            continue  # the existing fact was reported later: it is the newer one
        shared = mine.intersection(fact.entities)
        specific = {e for e in shared if kb.entities.get(e) and kb.entities[e].kind not in _BROAD}
        if not specific and len(shared) < 2:
            continue
        if _products(kb, mine) and _products(kb, fact.entities) and not _products(kb, shared):
            continue  # licences for the H20 say nothing of the MI308's
        theirs = f"{fact.title} {fact.answer}"
        their_topic = _topic(theirs, names)
        overlap = len(topic & their_topic) / max(1, min(len(topic), len(their_topic)))
        their_stems = {stem(w) for w in words(theirs)}
        reason = None
        if overlap >= 0.15 and (
            (stems & _GOING and their_stems & _STOPPED)
            or (stems & _STOPPED and their_stems & _GOING and not their_stems & _STOPPED)
        ):
            reason = "reversal"
        elif overlap >= 0.15 and their_stems & _PENDING and _done(text) - their_stems:
            reason = "progress"
        elif overlap >= 0.3 and _new_figure(drafted, fact, names):
            reason = "new figure"
        elif overlap >= 0.3 and _later_date(drafted, fact):
            reason = "later date"
        if reason:
            found.append((overlap + 0.1 * len(shared), Proposal(fact.id, reason, fact.title)))
    found.sort(key=lambda f: -f[0])
    return [p for _, p in found[:MAX_PER_FACT]]


def _done(text: str) -> set[str]:
    """The done-words of a claim that say something happened: not those inside a pending
    phrase ("hopes to start", "start deliveries soon")."""
    tokens = [stem(w) for w in words(text)]
    done = set()
    for i, token in enumerate(tokens):
        if token not in _DONE:
            continue
        if _STILL_PENDING.intersection(tokens[max(0, i - 3) : i]):
            continue
        if _PENDING.intersection(tokens[i + 1 : i + 4]):
            continue
        done.add(token)
    return done


def _new_figure(drafted: Mapping, fact: Fact, names: frozenset[str]) -> bool:
    """Another amount in the same unit, for what reads as the same measure."""
    mine = {(f.get("unit"), f.get("amount")) for f in drafted.get("figures", ())}
    theirs = {(f.unit, f.amount) for f in fact.figures}
    if mine & theirs:
        return False
    excerpt = drafted["sources"][0]["excerpt"]
    for new in drafted.get("figures", ()):
        for old in fact.figures:
            if new.get("unit") != old.unit:
                continue
            # The words around the new figure: its short `measures` alone ("share of
            # revenue") would read as many an older measure ("share of all sales").
            around = figure_context(excerpt, FoundFigure(new["as_written"], None, new["unit"]))
            a, b = _topic(around, names), _topic(old.measures, names)
            if a and b and len(a & b) / len(a | b) >= 0.3:
                return True
    return False


def _later_date(drafted: Mapping, fact: Fact) -> bool:
    mine = [d["iso"] for d in drafted.get("dates", ()) if d.get("iso")]
    theirs = [d.iso for d in fact.dates if d.iso]
    return bool(mine and theirs) and max(mine) > max(theirs)


def _products(kb: KnowledgeBase, ids) -> set[str]:
    return {i for i in ids if (e := kb.entities.get(i)) is not None and e.kind == "product"}
