"""The tokenizer remembers the words it has seen, but not without limit."""

from __future__ import annotations

from knowledge import text


def test_a_flood_of_new_words_does_not_grow_the_word_caches_without_bound():
    # Askers can type any number of words never seen before (junk, typos, other languages):
    # the stemmer's and the word cleaner's memory must stay bounded.
    limit = text._WORDS_REMEMBERED
    junk = " ".join(f"zq{n:x}s" for n in range(limit + 5000))
    stems = [text.stem(word) for word in text.words(junk)]
    assert len(stems) == limit + 5000
    assert stems[0] == "zq0"  # still stemmed as ever ("zq0s" -> "zq0")
    assert text.stem.cache_info().currsize <= limit
    assert text._plain.cache_info().currsize <= limit
