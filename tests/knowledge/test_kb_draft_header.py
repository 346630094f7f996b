"""The draft's header names the source document it was drafted from as stored beside it
(sources/<id>.txt) and the source id, not the file it was given, which is often a
temporary one; and the source's headline is the article's, or plainly marked as a stand-in."""

from __future__ import annotations

import yaml
from knowledge_helpers import draft_article


def test_the_header_names_the_stored_source_document(tmp_path):
    story = (
        "AMD cleared to ship\n\nUS chipmaker AMD said on Tuesday it would restart shipments of "
        "its MI308 accelerators to China.\n"
    )
    folder = draft_article(tmp_path, story, "test-header", name="tmpq8x3k2l1.txt")
    text = (folder / "test-header.yaml").read_text(encoding="utf-8")
    header = text.split("\nsources:", 1)[0]
    assert "tmpq8x3k2l1" not in header
    assert "sources/test-header.txt" in header
    assert "test-header" in header.replace("sources/test-header.txt", "")
    assert (folder / "sources" / "test-header.txt").is_file()


def test_an_article_without_its_headline_gets_its_first_words_and_a_warning(tmp_path, capsys):
    # Wire copy pasted from its first paragraph: every answer would cite that paragraph,
    # cut mid-word, as the headline.
    story = (
        "WASHINGTON: US chipmaker AMD said on Tuesday it would restart shipments of its MI308 "
        "accelerators to China after months of export restrictions that had halted sales of "
        "advanced semiconductors over security concerns. The company expects licences soon.\n"
    )
    folder = draft_article(tmp_path, story, "test-lede")

    [source] = yaml.safe_load((folder / "test-lede.yaml").read_text(encoding="utf-8"))["sources"]
    headline = source["headline"]
    assert headline.startswith("US chipmaker AMD said")  # the dateline is no part of it
    assert headline.endswith("…") and len(headline) <= 121
    assert story.replace("WASHINGTON: ", "").startswith(headline[:-1])  # cut at a whole word
    assert "not a headline" in capsys.readouterr().out


def test_a_given_headline_is_never_second_guessed(tmp_path, capsys):
    story = "AMD to restart MI308 shipments to China\n\nUS chipmaker AMD said it would.\n"
    folder = draft_article(tmp_path, story, "test-titled")

    [source] = yaml.safe_load((folder / "test-titled.yaml").read_text(encoding="utf-8"))["sources"]
    assert source["headline"] == "AMD to restart MI308 shipments to China"
    assert "not a headline" not in capsys.readouterr().out
