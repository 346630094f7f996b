"""`tradeqa kb draft ARTICLE.txt --knowledge DIR`: draft facts from an article, to review."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tradeqa.terminal import printable

EXIT_OK, EXIT_FAILED = 0, 1


def cmd_kb_draft(args: argparse.Namespace) -> int:
    from knowledge.draft import DraftRefused, draft
    from knowledge.schema import _check_partial_iso

    if args.published is not None:
        try:
            _check_partial_iso(args.published)
        except ValueError as exc:
            print(f"tradeqa kb draft: --published {exc}", file=sys.stderr)
            return 2
    try:
        result = draft(
            Path(args.article),
            Path(args.knowledge_dir),
            source_id=args.id,
            headline=args.headline,
            publisher=args.publisher,
            published=args.published,
            url=args.url,
        )
    except DraftRefused as exc:
        print(f"tradeqa kb draft: {printable(exc)}", file=sys.stderr)
        return EXIT_FAILED
    print(f"stored the article as {result.document}")
    if result.headline_guessed:
        print(
            "the article opens with its text, not a headline: its first words stand in for the "
            "headline every answer cites; put the real one in `headline:` (or use --headline)"
        )
    print(
        f"wrote {result.file}: {result.facts} drafted fact(s), "
        f"{result.proposed_entities} proposed new entit(y/ies), all marked reviewed: false"
    )
    review = result.review
    if review is not None:
        proposed = sum(len(p) for p in review.supersedes.values())
        if proposed:
            print(
                f"{proposed} proposed supersedes (commented out in the file): keep or delete each"
            )
        if review.same_claims:
            print(
                f"{len(review.same_claims)} drafted fact(s) make the same claim as an older fact "
                "(same_claim_as): not answered, they add this article as its source; keep or "
                "delete each line"
            )
        left_out = sum(len(q) for q in review.left_out.values())
        if left_out:
            print(
                f"{left_out} drafted example question(s) left out: they took evaluation questions "
                "from older facts (listed as comments)"
            )
        if review.changed:
            print(
                f"{len(review.changed)} evaluation question(s) still answered differently with "
                "the draft (listed at the top of the file): run tradeqa kb test"
            )
    if result.problems:
        print("the draft does not load yet; fix these first:", file=sys.stderr)
        for line in result.problems[:20]:
            print(f"  {printable(line)}", file=sys.stderr)
        return EXIT_FAILED
    print(
        "try it now: tradeqa ask --knowledge DIR '…'; review each fact, then remove its "
        "`reviewed: false` line"
    )
    return EXIT_OK


def register(kb_sub: argparse._SubParsersAction) -> None:
    p = kb_sub.add_parser(
        "draft",
        help="draft facts from an article, for review",
        description="Store ARTICLE (plain text) under DIR/sources/ and write DIR/ID.yaml: one "
        "drafted fact per sentence that states something, with its excerpt, dates, figures, "
        "quotes, entities and example questions, each marked `reviewed: false`. The bot "
        "answers from drafts at once, saying they are unreviewed. A sentence that repeats a "
        "fact of another article gets `same_claim_as:` that fact instead: not answered, it "
        "adds the article as the fact's source.",
    )
    p.add_argument("article", metavar="ARTICLE.txt", help="the article as plain UTF-8 text")
    p.add_argument(
        "--knowledge",
        dest="knowledge_dir",
        required=True,
        metavar="DIR",
        help="the knowledge folder to add the draft to",
    )
    p.add_argument(
        "--id", metavar="ID", help="the source id and file name (default: from the headline)"
    )
    p.add_argument("--headline", help="the article's headline (default: its first line)")
    p.add_argument("--publisher", help="who published it")
    p.add_argument("--published", metavar="DATE", help="when: YYYY, YYYY-MM or YYYY-MM-DD")
    p.add_argument("--url", help="where it was published (http or https)")
    p.set_defaults(func=cmd_kb_draft)
