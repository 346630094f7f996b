"""The knowledge base's to-do list: unanswered questions, similar wordings grouped.

Bounded at every step so that one busy day cannot freeze the bot: SQLite counts identical
wordings (GROUP BY), only the most recently asked MAX_WORDINGS distinct wordings are grouped,
and the grouping runs in a worker thread (storage.grouping compares each wording only with
groups that share a rare word).
"""

from __future__ import annotations

from storage.grouping import group_counted
from storage.records import from_db_time
from storage.review_records import UnansweredGroup

# Distinct wordings grouped at most: the most recently asked ones. 10,000 group in well
# under a second (benchmarks/unanswered_grouping.py).
MAX_WORDINGS = 20_000

# One row per distinct wording: how often, by whom (NULL user = the command line, counted as
# one person), and when last. `{where}` is a LogFilter condition with bound parameters.
WORDINGS_SQL = """
    SELECT q.question, count(*), max(q.asked_at),
           group_concat(DISTINCT q.user_id),
           max(CASE WHEN q.user_id IS NULL THEN 1 ELSE 0 END)
    FROM queries q
    WHERE q.outcome IN ('unanswered', 'related') AND {where}
    GROUP BY q.question
    ORDER BY max(q.asked_at) DESC
    LIMIT ?
"""


def unanswered_groups(rows: list[tuple], limit: int) -> list[UnansweredGroup]:
    """Group WORDINGS_SQL's rows; the `limit` most asked groups. CPU work: call in a thread."""
    counts: dict[str, int] = {}
    askers: dict[str, set[str]] = {}
    last: dict[str, str] = {}
    for question, count, last_asked, user_ids, anonymous in rows:
        counts[question] = count
        people = set(user_ids.split(",")) if user_ids else set()
        if anonymous:
            people.add("")  # everyone without an id counts as one person
        askers[question] = people
        last[question] = last_asked
    groups = []
    for group in group_counted(counts):
        wordings = sorted(group.wordings.items(), key=lambda item: (-item[1], item[0]))
        people = set().union(*(askers[w] for w, _ in wordings))
        groups.append(
            UnansweredGroup(
                question=wordings[0][0],
                count=group.count,
                askers=len(people),
                last_asked=from_db_time(max(last[w] for w, _ in wordings)),
                wordings=tuple(wordings),
            )
        )
    groups.sort(key=lambda g: (-g.count, -g.askers, -g.last_asked.timestamp()))
    return groups[:limit]
