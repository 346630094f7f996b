"""`tradeqa kb draft` on wire copy: a dateline before the first sentence, an agency credit
after the last, names behind descriptors ("US chipmaker AMD"), and example questions a chat
user would type about each claim (who did what, when, how much, what someone said)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from knowledge_helpers import draft_article, knowledge_copy

from knowledge import draft_text
from knowledge.loader import load_knowledge
from knowledge.text import fold
from tradeqa.cli import main

# Written for these tests (not a real article), laid out as agencies send their copy.
WIRE = """\
AMD to restart MI308 shipments to China

WASHINGTON (Reuters) - US chipmaker AMD announced plans on Tuesday to restart shipments of \
its MI308 accelerators to China after a four-month pause.

The California-based company designed the MI308 to comply with export rules that were \
tightened in April.

Shipments worth $800 million are expected to leave in the fourth quarter, the company said.

Commerce Secretary Howard Lutnick said on Wednesday that the new licences “protect American \
technology while keeping our companies competitive”.

“Customers in China have waited patiently and we are grateful for their trust,” AMD chief \
executive Lisa Su told reporters.—Reuters
"""
SOURCE = "test-wire-amd"
DATELINES = [
    ("BEIJING: US tech giant Nvidia announced plans.", "US tech giant Nvidia announced plans."),
    ("WASHINGTON (Reuters) - The rules changed.", "The rules changed."),
    ("BANGKOK (AP) – Exports rose 5%.", "Exports rose 5%."),
    ("SAN FRANCISCO, July 15 (Reuters) — Nvidia said so.", "Nvidia said so."),
    ("LONDON — Shares fell.", "Shares fell."),
    ("Paris, France – Through a filing, Nvidia said so.", "Through a filing, Nvidia said so."),
    ("WASHINGTON, (APP - Point News - 6th Aug, 2025) US tariffs rose.", "US tariffs rose."),
]
CREDITS = [" - AFP", ".—AFP", " — Reuters", " (Reporting by A. Writer; Editing by B. Editor)"]


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> Path:
    tmp_path = tmp_path_factory.mktemp("wire")
    return draft_article(tmp_path, WIRE, SOURCE, "--published", "2025-09-02")


class Facts(dict):
    """The drafted facts by excerpt; `facts[opening]` finds the one it opens with."""

    def __getitem__(self, opening: str) -> dict:
        return next(f for excerpt, f in self.items() if excerpt.startswith(opening))


def facts_of(folder: Path) -> Facts:
    data = yaml.safe_load((folder / f"{SOURCE}.yaml").read_text(encoding="utf-8"))
    return Facts({f["sources"][0]["excerpt"]: f for f in data["facts"]})


def asked(fact: dict) -> list[str]:
    return [fold(q) for q in fact["questions"]]


@pytest.mark.parametrize(("line", "claim"), DATELINES)
def test_a_dateline_is_not_part_of_the_first_sentence(line, claim):
    article = f"Headline here\n\n{line} More follows here.\n"
    first = draft_text.sentences(article)[1]
    assert first.text == claim
    assert article[first.start : first.start + len(first.text)] == first.text  # verbatim


def test_only_the_first_paragraph_has_a_dateline_in_ordinary_case():
    article = "Headline here\n\nShares rose.\n\nNvidia, Intel – The two rose 5% on Monday.\n"
    assert [s.text for s in draft_text.sentences(article)][-1] == (
        "Nvidia, Intel – The two rose 5% on Monday."
    )


@pytest.mark.parametrize("credit", CREDITS)
def test_an_agency_credit_is_not_part_of_the_last_sentence(credit):
    article = f"Nvidia shares rose 3% on Monday after the news{'' if credit[0] == '.' else '.'}"
    found = draft_text.sentences(f"{article}{credit}\n")
    assert [s.text for s in found if len(s.text.split()) > 3] == [
        "Nvidia shares rose 3% on Monday after the news."
    ]


def test_wire_copy_drafts_without_dateline_or_credit_and_passes_kb_check(drafted, capsys):
    facts = facts_of(drafted)
    assert len(facts) == 5
    for fact in facts.values():
        for text in (fact["title"], fact["answer"], fact["sources"][0]["excerpt"]):
            assert "WASHINGTON" not in text and "Reuters" not in text, text
        assert fact["sources"][0]["excerpt"] in WIRE
        assert not any("washington" in q or "reuters" in q for q in asked(fact))
    assert main(["kb", "check", str(drafted)]) == 0
    assert "5 drafted fact(s) await review" in capsys.readouterr().out


def test_the_named_company_not_its_descriptor_is_the_subject(drafted):
    facts = facts_of(drafted)
    first = facts["US chipmaker A"]
    assert first["entities"][0] == "amd"
    assert "what did amd announce?" in asked(first)
    assert not any(q.startswith(("chipmaker", "us chipmaker")) for q in asked(first))
    kb = load_knowledge([drafted])
    # "California-based" describes the company: no entity of its own.
    assert not [e for e in kb.entities if "based" in e]
    assert "lisa-su" in kb.entities and kb.entities["lisa-su"].kind == "person"


def test_questions_ask_about_the_claims_parts(drafted):
    facts = facts_of(drafted)
    designed = asked(facts["The California"])
    assert "who designed the mi308?" in designed
    assert any(q.startswith("why did") and "design" in q for q in designed), designed
    assert any(q.startswith("when were") and "export rules" in q for q in designed), designed
    shipments = asked(facts["Shipments worth"])
    # Drafted; the guard may set it aside (as a comment) when it reads like a bundled
    # evaluation question about another figure.
    text = (drafted / f"{SOURCE}.yaml").read_text(encoding="utf-8")
    assert re.search(r"how much (?:are|were) shipments worth\?", text)
    assert any(q.startswith("when") and "shipments" in q for q in shipments), shipments
    licences = asked(facts["Commerce Secret"])
    assert any(re.match(r"what did lutnick say about .*licences", q) for q in licences), licences
    su = asked(facts["“Customers in C"])
    assert any(q.startswith("what did su say") for q in su), su
    first = asked(facts["US chipmaker A"])
    assert any(q.startswith("when did amd announce") for q in first), first
    # Short forms a chat user types: names and the claim's own words, no template words.
    assert any(q.split()[0] == "amd" and "mi308" in q and "restart" in q for q in first), first
    for fact in facts.values():
        for question in asked(fact):
            assert not question.startswith(("is it true", "tell me about")), question


# Agency copy of another kind: a subordinate clause with its own date, a quotation the firm
# gave, a denial, and a descriptor that opens the sentence.
AGENCY = """\
Nvidia to resume chip sales

BEIJING: The California-based company developed the H20 for the Chinese market after the \
United States imposed stricter licensing rules in 2023.

“Licences will be granted soon, and Nvidia hopes to start deliveries,” the firm said in a \
blog post.

Huang said the chips were “not a threat” to US national security.

Chipmaker AMD also said it would resume sales of its MI308 chips to China. - AFP
"""


def test_agency_copy_asks_about_each_clause_and_names_the_firm(tmp_path):
    folder = knowledge_copy(tmp_path)
    article = tmp_path / "agency.txt"
    article.write_text(AGENCY, encoding="utf-8")
    assert main(["kb", "draft", str(article), "--knowledge", str(folder), "--id", "agency"]) == 0
    data = yaml.safe_load((folder / "agency.yaml").read_text(encoding="utf-8"))
    facts = Facts({f["sources"][0]["excerpt"]: f for f in data["facts"]})
    developed = asked(facts["The California"])
    # The date is when the rules were imposed, not when the H20 was developed.
    assert any(
        q.startswith("when did") and "impose stricter licensing rules" in q for q in developed
    )
    assert not any(q.startswith("when did the company develop") for q in developed), developed
    assert facts["“Licences"]["quote"]["speaker"] == "Nvidia"  # "the firm said"
    amd = facts["Chipmaker AMD"]
    assert amd["entities"][0] == "amd" and "- AFP" not in amd["answer"]
    assert any(q.startswith(("what would amd", "would amd")) for q in asked(amd)), asked(amd)
    assert not [e for e in load_knowledge([folder]).entities if "chipmaker" in e]
    threat = asked(facts["Huang said"])
    assert "what did huang say about the chips?" in threat
    # Questions about the claim keep its "not" (short forms of its words may drop it).
    sentences = [q for q in threat if q.split()[0] in ("why", "were", "what", "who")]
    assert all("threat" not in q or "not a threat" in q for q in sentences), threat
