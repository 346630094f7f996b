"""The rows the query log writer inserts: their SQL and their parameters, text cleaned."""

from __future__ import annotations

import json

from storage.records import QueryRecord, to_db_time, utc_now
from storage.text import MAX_STORED_QUESTION, bounded, stored_optional

INSERT_QUERY = """
    INSERT INTO queries (query_id, asked_at, surface, guild_id, channel_id, user_id, user_name,
                         question, outcome, fact_id, score, suggestions, latency_ms, kb_version)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (query_id) DO NOTHING
"""


# Written only if the question exists; a second vote by the same person replaces the first.
# The suggestion they picked is kept when a later 👍/👎 replaces the vote it came with.
UPSERT_FEEDBACK = """
    INSERT INTO feedback (query_id, user_id, helpful, voted_at, picked_fact)
    SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM queries WHERE query_id = ?1)
    ON CONFLICT (query_id, user_id) DO UPDATE SET
        helpful = excluded.helpful,
        voted_at = excluded.voted_at,
        picked_fact = COALESCE(excluded.picked_fact, feedback.picked_fact)
"""
INSERT_AUDIT = """
    INSERT INTO audit (at, actor_id, actor_name, action, result, detail, guild_id)
    VALUES (?, ?, ?, ?, ?, ?, ?)
"""


def query_params(rec: QueryRecord) -> tuple:
    return (
        rec.query_id,
        to_db_time(rec.asked_at),
        rec.surface,
        rec.guild_id,
        rec.channel_id,
        rec.user_id,
        stored_optional(rec.user_name),
        bounded(rec.question, MAX_STORED_QUESTION),
        rec.outcome,
        rec.fact_id,
        float(rec.score),
        json.dumps(list(rec.suggestions)) if rec.suggestions else "[]",  # mostly none
        float(rec.latency_ms),
        rec.kb_version,
    )


def feedback_params(
    query_id: str, user_id: int, helpful: bool, picked_fact: str | None = None
) -> tuple:
    return (query_id, user_id, 1 if helpful else 0, to_db_time(utc_now()), picked_fact)


def audit_params(
    actor_id: int | None,
    actor_name: str | None,
    action: str,
    result: str,
    detail: str,
    guild_id: int | None,
) -> tuple:
    return (
        to_db_time(utc_now()),
        actor_id,
        stored_optional(actor_name),
        bounded(action),
        bounded(result),
        bounded(detail),
        guild_id,
    )
