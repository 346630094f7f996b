"""How many of an example article's questions are answered right, as drafted and as reviewed.

    python docs/example/measure_article.py docs/example/asiafinancial-2025-08-11 [-v] [--blind]

The folder holds the reviewed knowledge file (ID.yaml), the draft as `kb draft` wrote it
(ID.yaml.drafted; ID.yaml.drafted-before-COMMIT: as `kb draft` at that commit wrote it), the
article (sources/ID.txt) and eval.yaml: questions labelled with the reviewed fact that
answers them. Each run loads the bundled base beside one of those files; a drafted fact
counts as the labelled one when it cites the same excerpt. It also reports the bundled
evaluation set with and without the article, so a change there shows: the questions right
before and wrong now, and every question answered differently at all (another outcome or
fact; a fact the article supersedes answering through its update counts as the same). With
-v the tune questions answered differently are listed; holdout ones are only counted.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from knowledge.engine import AnswerEngine
from knowledge.evaluation import evaluate
from knowledge.loader import load_knowledge
from knowledge.paths import BUNDLED_DIR
from knowledge.safe_yaml import parse
from knowledge.supersedes import newest, superseded_by


def _load(folder: Path, knowledge_file: Path):
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp) / "kb"
        shutil.copytree(BUNDLED_DIR, work)
        shutil.copy(folder / "sources" / f"{folder.name}.txt", work / "sources")
        shutil.copy(knowledge_file, work / f"{folder.name}.yaml")
        return load_knowledge([work])


def main(folder: Path, verbose: bool, questions: str = "eval.yaml") -> None:
    article = folder / "sources" / f"{folder.name}.txt"
    if not article.is_file():
        # The article's text is the publisher's: it is not in the repository.
        sys.exit(f"error: save the article's text (see {folder / 'README.md'}) as {article}")
    reviewed = _load(folder, folder / f"{folder.name}.yaml")
    excerpt_of = {f.id: f.sources[0].excerpt for f in reviewed.facts.values()}
    cases = parse((folder / questions).read_bytes()).data["tests"]
    alone = AnswerEngine(load_knowledge([BUNDLED_DIR]))
    bundled_right = {c.case.question for c in evaluate(alone).results if c.correct}
    bundled_answers = {c.question: _answered(alone.answer(c.question)) for c in alone.kb.tests}
    earlier = sorted(folder.glob("*.yaml.drafted-before-*"))
    runs = [(f"as drafted at {p.name.rsplit('-', 1)[-1]}", p.name) for p in earlier]
    runs += [("as drafted", f"{folder.name}.yaml.drafted"), ("reviewed", f"{folder.name}.yaml")]
    for label, file in runs:
        kb = _load(folder, folder / file)
        by_excerpt = {f.sources[0].excerpt: f.id for f in kb.facts.values()}
        engine = AnswerEngine(kb)
        right = refused = 0
        for case in cases:
            answer = engine.answer(case["question"])
            if "expect" not in case:  # near-domain: the article does not answer it
                ok = answer.outcome != "answered"
                refused += ok
            else:
                want = by_excerpt.get(excerpt_of[case["expect"]])
                ok = answer.outcome == "answered" and answer.fact_id == want
                right += ok
            if verbose and not ok:
                print(f"  wrong: {case['question']!r}: {answer.outcome} {answer.fact_id}")
        bundled = [r for r in evaluate(engine).results if r.case.question in bundled_right]
        lost = sum(not r.correct for r in bundled)
        newer = superseded_by(kb)
        moved = {"tune": 0, "holdout": 0}
        for case in alone.kb.tests:
            outcome, fact = bundled_answers[case.question]
            if outcome == "answered":
                fact = newest(kb.facts[fact], newer).id
            now = _answered(engine.answer(case.question))
            if now != (outcome, fact):
                moved[case.split] += 1
                if verbose and case.split == "tune":
                    print(f"  bundled: {case.question!r}: {outcome} {fact} -> {now[0]} {now[1]}")
        answerable = sum("expect" in c for c in cases)
        near = len(cases) - answerable
        print(
            f"{label}: {right}/{answerable} article questions right"
            + (f", {refused}/{near} near-domain not answered" if near else "")
            + "; bundled evaluation: "
            f"{lost} of {len(bundled_right)} questions right before are now wrong, "
            f"{moved['tune'] + moved['holdout']} of {len(bundled_answers)} answered differently "
            f"({moved['tune']} tune, {moved['holdout']} holdout)"
        )


def _answered(answer) -> tuple[str, str | None]:
    return answer.outcome, answer.fact.id if answer.fact else None


if __name__ == "__main__":
    blind = "--blind" in sys.argv  # eval_blind.yaml: written by someone who saw only the article
    main(Path(sys.argv[1]), "-v" in sys.argv, "eval_blind.yaml" if blind else "eval.yaml")
