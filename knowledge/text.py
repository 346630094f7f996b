"""Turning chat text into the tokens the matcher compares.

Both sides go through the same steps — the knowledge base's titles, questions and keywords
when the index is built, and each asker's question — so whatever is folded here (case,
accents, typographic quotes, plurals, "h-20" vs "h20") can never make the two disagree.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

# Words that carry no topic, salutations and ways of addressing people among them ("hi guys,
# what did bessent say" asks what "what did bessent say" asks). Question words are kept
# apart: they say what kind of answer is wanted (a date, a figure, a quote), which the
# matcher uses as a hint, not as topic.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing done down during each
    few for from further had has have having he her here hers herself him himself his i if in
    into is it its itself just let me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were while with would you your yours yourself yourselves will shall may might
    must get got gets tell know please pls plz ok okay hey yeah yes u ur r im ive thats whats
    whos wheres hows dont doesnt didnt isnt arent wasnt any anything something someone thing
    things stuff really actually like just mean means one ones ever still yet much many
    cant couldnt wouldnt shouldnt wont havent hasnt hadnt werent aint youre theyre id ill lets
    unable
    lol lmao haha btw imo imho tbh ngl fyi vs versus wait hmm um uh
    hi hello hiya howdy yo sup hallo greetings thanks thank thx ty cheers
    guys folks mate bro buddy pal dude fam yall
    """.split()
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
    # No "why": a reason can be given by a fact of any kind (a policy's aim, an event's cause).
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
# "h-20", "mi-308", "h 20": a short letter prefix joined to a model number is one name
# (but "in 2023" is a word and a year).
_MODEL_NUMBER = re.compile(r"(?<![\w'.])([a-z]{1,3})(-|[ \t]+)(\d{2,4})\b")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


# Chat markup that is not part of the question: user, role and channel mentions, @everyone
# and @here, custom emoji, and links.
_CHAT_MARKUP = re.compile(r"<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|@(?:everyone|here)\b|https?://\S+")


def strip_chat_markup(text: str) -> str:
    return _CHAT_MARKUP.sub(" ", text)


def fold(text: str) -> str:
    """Case, accents, width and typographic punctuation folded away; nothing else removed."""
    if text.isascii():
        return text.lower()  # the common case, and nothing below would change it
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHIC).casefold()
    # Strip accents so "Pékin" and "Pekin" meet; keep the base letters.
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Words that end like an inflection but are not one.
_NO_STEM = frozenset("news series species always perhaps analysis basis crisis ".split())

# Words seen, remembered: every word of the knowledge base (~50,000 at 100k facts) and of
# the questions asked. Bounded, since askers can type any number of new words.
_WORDS_REMEMBERED = 1 << 17


@functools.lru_cache(maxsize=_WORDS_REMEMBERED)
def stem(token: str) -> str:
    """A light stemmer: possessives, plurals, -ed and -ing, and a final e.

    Both the knowledge base and the questions go through it, so "licences", "licensed" and
    "licensing" meet, and so do "reached"/"reach" and "applauded"/"applaud". It is lighter
    than Porter on purpose: typo correction covers the rest, and over-stemming merges
    words chat users keep apart.
    """
    if token in _KEEP or any(ch.isdigit() for ch in token[:-1]):
        return token[:-1] if token[-1:] == "s" and token[-2:-1].isdigit() else token  # "h20s"
    if len(token) > 4 and token.endswith("ies"):
        token = token[:-3] + "y"
    elif len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is", "ics")):
        token = token[:-1]
    if len(token) > 5 and token.endswith("ing"):
        token = _undouble(token[:-3])
    elif len(token) > 4 and token.endswith("ied"):
        token = token[:-3] + "y"
    elif len(token) > 4 and token.endswith("ed") and not token.endswith("eed"):
        token = _undouble(token[:-2])
    if len(token) > 4 and token.endswith("e"):
        token = token[:-1]
    return token


_KEEP = STOPWORDS | QUESTION_WORDS | _NO_STEM


def _undouble(token: str) -> str:
    # "stopped" -> "stopp" -> "stop"; "installed" -> "install" keeps its double l.
    if len(token) > 3 and token[-1] == token[-2] and token[-1] not in "lsz":
        return token[:-1]
    return token


def stem_words(words) -> frozenset[str]:
    """A word list in the form tokens take, so it can be compared with tokens."""
    return frozenset(stem(w) for w in words)


def _join_model_number(match: re.Match) -> str:
    letters, sep, digits = match.groups()
    if sep != "-" and letters in STOPWORDS:
        return match.group(0)
    return letters + digits


def words(text: str) -> list[str]:
    """Folded words in order, before stemming (typo correction works on these)."""
    # "13%" is "13 percent": the sign is the only word in it.
    folded = _MODEL_NUMBER.sub(_join_model_number, fold(text).replace("%", " percent "))
    return [w for w in (_plain(raw) for raw in _TOKEN.findall(folded)) if w]


@functools.lru_cache(maxsize=_WORDS_REMEMBERED)
def _plain(word: str) -> str:
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    if "." in word and not _NUMBER.match(word):
        word = word.replace(".", "")  # "u.s." -> "us"
    return word


def tokenize(text: str) -> list[str]:
    """Folded, stemmed tokens in order, stopwords kept (phrases need them)."""
    return [stem(w) for w in words(text)]


def is_number(token: str) -> bool:
    return bool(_NUMBER.match(token))


def is_content(token: str) -> bool:
    """A token that says something about the topic."""
    return token not in STOPWORDS and token not in QUESTION_WORDS


_INTENTS = {" ".join(stem(w) for w in key.split()): kind for key, kind in INTENT_WORDS.items()}


def intents(tokens: list[str]) -> set[str]:
    """The kinds of answer the question's wording asks for (from the raw tokens)."""
    found = {INTENT_WORDS[t] for t in tokens if t in INTENT_WORDS}
    found.update(
        INTENT_WORDS[f"{a} {b}"]
        for a, b in itertools.pairwise(tokens)
        if f"{a} {b}" in INTENT_WORDS
    )
    return found
