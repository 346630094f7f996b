"""Facts that replace older ones (`supersedes:`), checked on load and followed when answering.

Trade policy moves: "sales halted" is followed by "sales resume". A later fact names the ids
it supersedes; asked about either, the bot answers with the newest and says what it replaces
and when that was reported. A fact superseding an unknown id, itself, or (through others) a
fact that supersedes it back is a problem: the answer would have no newest fact.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from knowledge.base import KnowledgeBase
from knowledge.loaded_file import LoadedFile
from knowledge.problems import Problem
from knowledge.schema import Fact


def check_supersedes(files: Iterable[LoadedFile], known_facts: Collection[str]) -> list[Problem]:
    """Unknown and circular `supersedes:`, each at the entry at fault."""
    problems: list[Problem] = []
    where: dict[str, tuple[LoadedFile, int]] = {}
    graph: dict[str, tuple[str, ...]] = {}
    for file in files:
        for index, fact in file.items("facts"):
            if not fact.supersedes:
                continue
            where.setdefault(fact.id, (file, index))
            graph.setdefault(fact.id, fact.supersedes)
            for number, older in enumerate(fact.supersedes):
                loc = ("facts", index, "supersedes", number)
                if older == fact.id:
                    problems.append(file.problem(loc, "a fact cannot supersede itself"))
                elif older not in known_facts:
                    problems.append(file.problem(loc, f"no fact has the id '{older}'"))
    for cycle in _cycles(graph):
        file, index = where[cycle[0]]
        number = graph[cycle[0]].index(cycle[1])
        path = " → ".join(cycle)
        message = f"circular supersedes: {path}; the newest fact must supersede the older ones only"
        problems.append(file.problem(("facts", index, "supersedes", number), message))
    return problems


def _cycles(graph: Mapping[str, tuple[str, ...]]) -> list[list[str]]:
    """Each cycle of two or more facts once, as [a, b, …, a] starting at its first fact seen."""
    found: list[list[str]] = []
    done: set[str] = set()
    for start in graph:
        if start in done:
            continue
        # Iterative depth-first walk: a long chain of updates must not hit the recursion limit.
        path: list[str] = []
        on_path: dict[str, int] = {}
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, child = stack.pop()
            if child == 0:
                if node in done:
                    continue
                on_path[node] = len(path)
                path.append(node)
            children = [c for c in graph.get(node, ()) if c != node]
            if child < len(children):
                stack.append((node, child + 1))
                nxt = children[child]
                if nxt in on_path:
                    found.append([*path[on_path[nxt] :], nxt])
                elif nxt not in done:
                    stack.append((nxt, 0))
            else:
                done.add(node)
                path.pop()
                del on_path[node]
    return found


def _published(kb: KnowledgeBase, fact: Fact) -> str:
    source = kb.sources.get(fact.sources[0].source) if fact.sources else None
    return (source.published or "") if source else ""


def superseded_by(kb: KnowledgeBase) -> dict[str, Fact]:
    """Each superseded fact's id, and the fact that replaces it (the latest reported, if
    several do)."""
    newer: dict[str, Fact] = {}
    for fact in kb.facts.values():
        for older in fact.supersedes:
            current = newer.get(older)
            if current is None or _published(kb, fact) >= _published(kb, current):
                newer[older] = fact
    return newer


def newest(fact: Fact, newer: Mapping[str, Fact]) -> Fact:
    """The fact that has the last word on `fact`'s topic (itself if nothing replaces it)."""
    seen = {fact.id}
    while fact.id in newer and newer[fact.id].id not in seen:  # loops are refused on load
        fact = newer[fact.id]
        seen.add(fact.id)
    return fact
