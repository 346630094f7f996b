"""Turning chat text into the tokens the matcher compares.

Both sides go through the same steps — the knowledge base's titles, questions and keywords
when the index is built, and each asker's question — so whatever is folded here (case,
accents, typographic quotes, plurals, "h-20" vs "h20") can never make the two disagree.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

# Words that carry no topic. Question words are kept apart: they say what kind of answer is
# wanted (a date, a figure, a quote), which the matcher uses as a hint, not as topic.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "let",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "while",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "get",
        "got",
        "gets",
        "tell",
        "know",
        "please",
        "pls",
        "plz",
        "ok",
        "okay",
        "hey",
        "yeah",
        "yes",
        "u",
        "ur",
        "r",
        "im",
        "ive",
        "thats",
        "whats",
        "whos",
        "wheres",
        "hows",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "arent",
        "wasnt",
        "any",
        "anything",
        "something",
        "someone",
        "thing",
        "things",
        "stuff",
        "really",
        "actually",
        "like",
        "just",
        "mean",
        "means",
        "one",
        "ones",
        "ever",
        "still",
        "yet",
        "much",
        "many",
    ]
)

QUESTION_WORDS = frozenset(["what", "when", "where", "which", "who", "whom", "whose", "why", "how"])

# Words that ask for a kind of answer; they nudge ranking towards facts of that kind.
INTENT_WORDS: dict[str, str] = {
    "when": "date",
    "date": "date",
    "day": "date",
    "year": "date",
    "how much": "figure",
    "how many": "figure",
    "percent": "figure",
    "percentage": "figure",
    "share": "figure",
    "amount": "figure",
    "say": "quote",
    "said": "quote",
    "says": "quote",
    "quote": "quote",
    "quoted": "quote",
    "words": "quote",
    "who": "actor",
    "why": "background",
}

_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)

# A token: letters/digits, allowing inner dots and apostrophes ("u.s.", "2.5", "nvidia's").
_TOKEN = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
# "h-20", "mi-308", "h 20": a short letter prefix joined to a model number is one name.
_MODEL_NUMBER = re.compile(r"\b([a-z]{1,3})[- ](\d{2,4})\b")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def fold(text: str) -> str:
    """Case, accents, width and typographic punctuation folded away; nothing else removed."""
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHIC).casefold()
    # Strip accents so "Pékin" and "Pekin" meet; keep the base letters.
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stem(token: str) -> str:
    """A deliberately light stemmer: possessives and plurals only.

    Heavier stemming merges words that chat users keep apart ("sales" vs "sale" is fine,
    "news" vs "new" is not), and typo correction already covers most other variation.
    """
    if token.endswith("'s"):
        token = token[:-2]
    token = token.replace("'", "")
    if "." in token and not _NUMBER.match(token):
        token = token.replace(".", "")  # "u.s." -> "us"
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if (
        len(token) > 3
        and token.endswith("s")
        and not token.endswith(("ss", "us", "is", "ics"))
        and not token[-2].isdigit()
    ):
        return token[:-1]
    return token


def tokenize(text: str) -> list[str]:
    """Folded, stemmed tokens in order, stopwords kept (phrases need them)."""
    folded = _MODEL_NUMBER.sub(r"\1\2", fold(text))
    tokens = []
    for raw in _TOKEN.findall(folded):
        token = stem(raw)
        if token:
            tokens.append(token)
    return tokens


def is_number(token: str) -> bool:
    return bool(_NUMBER.match(token))


def is_content(token: str) -> bool:
    """A token that says something about the topic."""
    return token not in STOPWORDS and token not in QUESTION_WORDS


def intents(tokens: list[str]) -> set[str]:
    """The kinds of answer the question's wording asks for."""
    found = {INTENT_WORDS[t] for t in tokens if t in INTENT_WORDS}
    found.update(
        INTENT_WORDS[f"{a} {b}"]
        for a, b in itertools.pairwise(tokens)
        if f"{a} {b}" in INTENT_WORDS
    )
    return found
