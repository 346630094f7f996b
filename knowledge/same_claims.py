"""Entries that make the same claim as an older fact (`same_claim_as:`): checked on load, and
merged into that fact as further sources.

Wire stories repeat each other. Two facts with one claim would split its questions between
them (and where they tie, nobody gets an answer), so a second article that repeats a claim
is recorded as a second source of the fact that already has it: an entry of the new
article's file names that fact in `same_claim_as`, and its citations are added to the
fact's. The entry itself is never answered; the older fact answers as before and says it
is also reported by the new article. `kb draft` writes such entries where a drafted claim
restates an existing fact (knowledge.draft_duplicates), for a moderator to confirm. Once
confirmed (no `reviewed: false`), the entry's example questions, written in the new
article's words, are asked of the older fact too; a drafted entry's are not, so an
unreviewed draft never moves what the older fact answers.

An entry naming no fact, itself, or another such entry (whose claim lives in a third fact:
name that one) is a problem, as are `supersedes` on such an entry or naming one, and an
evaluation question expecting one: each would silently do nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping

from knowledge.loaded_file import LoadedFile
from knowledge.problems import Problem
from knowledge.schema import MAX_CITATIONS, MAX_PER_FACT, Fact


def check_same_claims(files: Iterable[LoadedFile], known_facts: Collection[str]) -> list[Problem]:
    """Every `same_claim_as` that would not make its entry a source of an answerable fact."""
    files = list(files)
    pointer_of: dict[str, str] = {}  # entry id -> the fact it names
    citations: dict[str, int] = {}  # fact id -> how many citations it would hold
    for file in files:
        for _, fact in file.items("facts"):
            if fact.same_claim_as is not None:
                pointer_of.setdefault(fact.id, fact.same_claim_as)
            citations[fact.id] = citations.get(fact.id, 0) + len(fact.sources)
    problems: list[Problem] = []
    for file in files:
        for index, fact in file.items("facts"):
            older = fact.same_claim_as
            if older is not None:
                loc = ("facts", index, "same_claim_as")
                message = _pointer_problem(fact.id, older, known_facts, pointer_of)
                if message is None:
                    citations[older] = citations.get(older, 0) + len(fact.sources)
                    if citations[older] > MAX_CITATIONS:
                        message = (
                            f"'{older}' would cite more than {MAX_CITATIONS} sources with this "
                            "entry's: make this a fact of its own, or cite fewer"
                        )
                if message:
                    problems.append(file.problem(loc, message))
                if fact.supersedes:
                    where = f"put supersedes on '{older}'" if older in known_facts else "delete it"
                    message = f"an entry with same_claim_as is never answered: {where}"
                    problems.append(file.problem(("facts", index, "supersedes"), message))
            for number, named in enumerate(fact.supersedes):
                if named in pointer_of and fact.same_claim_as is None:
                    message = (
                        f"'{named}' is the same claim as '{pointer_of[named]}': "
                        f"supersede '{pointer_of[named]}'"
                    )
                    problems.append(file.problem(("facts", index, "supersedes", number), message))
        for index, case in file.items("tests"):
            if case.expect in pointer_of:
                message = (
                    f"'{case.expect}' is the same claim as '{pointer_of[case.expect]}', which "
                    f"answers for it: expect '{pointer_of[case.expect]}'"
                )
                problems.append(file.problem(("tests", index, "expect"), message))
    return problems


def _pointer_problem(
    entry: str, older: str, known: Collection[str], pointer_of: Mapping[str, str]
) -> str | None:
    if older == entry:
        return "a fact cannot be the same claim as itself"
    if older not in known:
        return f"no fact has the id '{older}'"
    if older in pointer_of:
        return (
            f"'{older}' is itself the same claim as '{pointer_of[older]}': "
            f"name '{pointer_of[older]}' instead"
        )
    return None


def merge(facts: Iterable[Fact]) -> tuple[dict[str, Fact], dict[str, tuple[Fact, ...]]]:
    """The answerable facts by id, each with the citations of the entries that name it added
    after its own (and the example questions of those a moderator confirmed); and those
    entries by the id of the fact they name. Assumes the checks above passed."""
    answerable: dict[str, Fact] = {}
    entries: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.same_claim_as is None:
            answerable[fact.id] = fact
        else:
            entries.setdefault(fact.same_claim_as, []).append(fact)
    for older, found in entries.items():
        fact = answerable[older]
        added = tuple(c for entry in found for c in entry.sources)
        confirmed = (q for entry in found if entry.reviewed for q in entry.questions)
        # The fact's own questions first; past the per-fact limit the rest are left out.
        questions = tuple(dict.fromkeys((*fact.questions, *confirmed)))[:MAX_PER_FACT]
        answerable[older] = dataclasses.replace(
            fact, sources=fact.sources + added, questions=questions
        )
    return answerable, {older: tuple(found) for older, found in entries.items()}
