"""A drafted claim that restates an older fact's pending state ("approvals are forthcoming,
paving the way for “start deliveries soon”") is no progress on it: `kb draft` proposes no
`supersedes` for it, so the restatement becomes a second source (`same_claim_as`) as it
should. A claim that says the pending thing happened ("has begun issuing licences") still
is progress."""

from __future__ import annotations

import pytest
import yaml
from knowledge_helpers import draft_article

from knowledge.draft_supersedes import propose
from knowledge.loader import load_knowledge
from knowledge.paths import BUNDLED_DIR

PENDING = "nvidia-approvals-forthcoming-deliveries-soon"
REPEAT = (
    "Nvidia confirmed it had received assurances from the U.S. government that approvals are "
    "forthcoming, paving the way for “start deliveries soon.”"
)


def drafted(answer: str) -> dict:
    return {
        "answer": answer,
        "entities": ["nvidia", "us-government"],
        "sources": [{"source": "test-later", "excerpt": answer}],
    }


@pytest.fixture(scope="module")
def kb():
    return load_knowledge([BUNDLED_DIR])


def test_a_restated_pending_claim_is_not_progress(kb):
    proposals = propose(drafted(REPEAT), kb, "2025-08-01", "test-later")
    assert not [p for p in proposals if p.reason == "progress"], proposals


def test_done_words_inside_a_pending_phrase_are_not_progress(kb):
    hoped = "Nvidia said it hopes to start deliveries of export licenses soon, the company said."
    proposals = propose(drafted(hoped), kb, "2025-08-01", "test-later")
    assert not [p for p in proposals if p.reason == "progress"], proposals


def test_a_claim_that_it_happened_is_still_progress(kb):
    done = "The U.S. government has begun issuing approvals to Nvidia, and deliveries started."
    proposals = propose(drafted(done), kb, "2025-08-01", "test-later")
    assert PENDING in [p.older for p in proposals if p.reason == "progress"], proposals


def test_an_exact_repeat_is_drafted_as_a_second_source(tmp_path):
    story = f"Nvidia Repeats Its Plans\n\n{REPEAT}\n"
    folder = draft_article(tmp_path, story, "test-later", "--published", "2025-08-01")
    text = (folder / "test-later.yaml").read_text(encoding="utf-8")
    [fact] = yaml.safe_load(text)["facts"]
    assert "(progress)" not in text
    assert fact["same_claim_as"] == PENDING
