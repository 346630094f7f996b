"""The draft's header names the source document it was drafted from as stored beside it
(sources/<id>.txt) and the source id, not the file it was given, which is often a
temporary one."""

from __future__ import annotations

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
