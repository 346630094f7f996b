"""Test helpers for the knowledge base: a private copy of the bundled one, safe to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

from knowledge.paths import BUNDLED_DIR
from knowledge.schema import Fact, validate_item


def make_fact(**changes) -> Fact:
    """A valid fact about quillets (an invented good), with `changes` applied: for tests of
    how an answer is worded or shown, where only the fields they set matter."""
    data = {
        "id": "quillet-tariff",
        "title": "Quillet tariff",
        "answer": "Imported quillets carry a 7% tariff.",
        "kind": "policy",
        "questions": ["quillet tariff?"],
        "sources": [{"source": "src", "excerpt": "x"}],
    }
    data.update(changes)
    return validate_item(Fact, data)


def knowledge_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled knowledge folder (articles included), safe to break."""
    target = tmp_path / "facts"
    shutil.copytree(BUNDLED_DIR, target)
    return target


# Two facts about quillets, an invented good no bundled fact mentions, with their source
# document: one fact's questions end in a long item over two lines and a comment.
QUILLETS = """\
sources:
  - id: test-quillet-memo
    headline: Quillet tariff memo
    document: sources/test-quillet-memo.txt
facts:
  - id: test-quillet-tariff
    title: Quillets carry a 7% tariff
    answer: Imported quillets carry a 7% tariff.
    kind: policy
    questions:
      - what is the tariff on quillets?
      - quillet tariff rate
      - how much duty do imported quillets pay?
      - are quillets taxed at the border?
    sources:
      - {source: test-quillet-memo, excerpt: imported quillets carry a 7% tariff}
  - id: test-quillet-memo-date
    title: The quillet memo takes effect on Monday
    answer: The memo takes effect from Monday.
    kind: event
    questions:
      - when does the quillet memo take effect?
      - "from when do the quillet rules
        apply"   # a long item, over two lines
    # the comment below the list stays where it is
    sources:
      - {source: test-quillet-memo, excerpt: from Monday}
tests:
  - {question: "what tariff do quillets face?", expect: test-quillet-tariff, category: paraphrase}
"""
QUILLET_MEMO = "The memo says that imported quillets carry a 7% tariff from Monday.\n"
QUILLET_FACTS = ("test-quillet-tariff", "test-quillet-memo-date")


def add_quillets(folder: Path) -> Path:
    """Add the quillet facts (quillets.yaml) and their source to a knowledge folder."""
    (folder / "quillets.yaml").write_text(QUILLETS, encoding="utf-8")
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / "test-quillet-memo.txt").write_text(QUILLET_MEMO, encoding="utf-8")
    return folder


# A fact a moderator adds in the tests: a file of its own beside the bundled ones.
ZEBRA = "what about the zebra chips"
_EXCERPT = (
    "American semiconductor powerhouse Nvidia plans to recommence selling a key artificial "
    "intelligence chip to China"
)
ZEBRA_FACT = f"""\
facts:
  - id: moderator-added-zebra-fact
    title: Zebra chips are a test fact
    answer: Nvidia plans to recommence selling a key chip to China (zebra edition).
    kind: event
    questions:
      - {ZEBRA}
    sources:
      - source: wtn-nvidia-china-2025-07-22
        excerpt: {_EXCERPT}
"""


def draft_article(
    tmp_path: Path, text: str, source_id: str, *options: str, name: str = "article.txt"
) -> Path:
    """Run `tradeqa kb draft` on `text` (saved as `name`) into a copy of the bundled knowledge
    base, as a moderator would; the folder, where the draft is `<source_id>.yaml`."""
    from tradeqa.cli import main  # the CLI is what is under test, not needed by other helpers

    folder = knowledge_copy(tmp_path)
    article = tmp_path / name
    article.write_text(text, encoding="utf-8")
    args = ["kb", "draft", str(article), "--knowledge", str(folder), "--id", source_id]
    assert main([*args, *options]) == 0
    return folder
