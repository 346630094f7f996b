"""Wordings askers resolved themselves: the question they typed, and the "Did you mean"
suggestion they pressed under it. Each is a phrasing a fact could be taught.

A pick counts while its asker's vote on that question stays helpful: a 👎 after picking
says the suggestion was not what they meant after all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from knowledge.wording import same_wording  # the rule kb teach refuses duplicates by
from storage.records import from_db_time, to_db_time
from storage.review import LogReview


@dataclass(frozen=True)
class LearnedPhrasing:
    question: str  # the wording most of its askers typed
    fact_id: str  # the suggestion they picked
    people: int  # distinct askers who typed it and picked that fact
    last_picked: datetime


async def learned_phrasings(
    review: LogReview, *, min_people: int = 1, since: datetime | None = None
) -> list[LearnedPhrasing]:
    """Phrasings resolved through suggestions, by how many people did so (most first)."""
    clauses = ["f.picked_fact IS NOT NULL", "f.helpful = 1"]
    params: list = []
    if review.guild_id is not None:  # a server's review sees its own questions only
        clauses.append("q.guild_id = ?")
        params.append(review.guild_id)
    if since is not None:
        clauses.append("f.voted_at >= ?")
        params.append(to_db_time(since))
    rows = await review._fetchall(
        "SELECT q.question, f.picked_fact, f.user_id, f.voted_at "
        "FROM feedback f JOIN queries q ON q.query_id = f.query_id "
        f"WHERE {' AND '.join(clauses)}",
        params,
    )
    groups: dict[tuple[str, str], tuple[Counter, set, str]] = {}
    for question, fact_id, user_id, voted_at in rows:
        spellings, people, last = groups.setdefault(
            (same_wording(question), fact_id), (Counter(), set(), voted_at)
        )
        spellings[" ".join(question.split())] += 1
        people.add(user_id)
        if voted_at > last:
            groups[(same_wording(question), fact_id)] = (spellings, people, voted_at)
    found = [
        LearnedPhrasing(spellings.most_common(1)[0][0], fact_id, len(people), from_db_time(last))
        for (_, fact_id), (spellings, people, last) in groups.items()
        if len(people) >= min_people
    ]
    found.sort(key=lambda p: (p.people, p.last_picked), reverse=True)
    return found
