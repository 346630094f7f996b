"""English verb forms, as far as `kb draft` needs them to ask about a claim: finding the verb
of a news sentence ("announced", "fell", "had begun", "the new licences protect …") and its
base form for a question ("what did nvidia announce?"). Rules and a list of the irregular
verbs news uses; a form they get wrong reads oddly in one drafted question, which the
moderator sees when reviewing.
"""

from __future__ import annotations

import re

AUXILIARIES = set("is are was were has have had did does do".split())
MODALS = set("will would could can may might should must".split())

# Irregular past tense -> base form (the past participle too, where it is the same).
_IRREGULAR_PAST = dict(
    pair.split(":")
    for pair in (
        "fell:fall rose:rise began:begin said:say made:make took:take gave:give sold:sell "
        "bought:buy won:win lost:lose grew:grow saw:see told:tell went:go came:come paid:pay "
        "held:hold led:lead left:leave kept:keep met:meet sent:send spent:spend built:build "
        "brought:bring thought:think sought:seek struck:strike became:become stood:stand "
        "ran:run wrote:write chose:choose spoke:speak froze:freeze drew:draw threw:throw "
        "knew:know found:find felt:feel meant:mean broke:break drove:drive slid:slide "
        "sank:sink swung:swing shook:shake withdrew:withdraw overtook:overtake undercut:undercut "
        "forbade:forbid oversaw:oversee upheld:uphold laid:lay hid:hide bore:bear"
    ).split()
)
_IRREGULAR_PARTICIPLE = dict(
    pair.split(":")
    for pair in (
        "begun:begin taken:take given:give done:do seen:see known:know shown:show grown:grow "
        "drawn:draw written:write chosen:choose spoken:speak frozen:freeze broken:break "
        "driven:drive fallen:fall risen:rise become:become gone:go withdrawn:withdraw "
        "overtaken:overtake forbidden:forbid hidden:hide borne:bear been:be cut:cut hit:hit "
        "set:set put:put shut:shut let:let"
    ).split()
)
PARTICIPLES = set(_IRREGULAR_PARTICIPLE) | set(_IRREGULAR_PAST)
# Verbs in the present tense that news writes after a name ("Nvidia plans to …").
PRESENT_VERBS = set(
    "says plans expects wants aims seeks faces needs makes sells hopes warns remains accounts "
    "includes requires allows calls gives takes shows means buys owns controls supplies "
    "ships produces designs develops builds uses holds leads urges demands argues insists "
    "denies claims believes estimates intends rejects opposes supports backs follows "
    "coincides highlights underlines underscores marks signals reflects suggests comes ends "
    "pushes".split()
)
# -ed words that are adjectives in news prose, never the claim's verb.
_ADJECTIVES = set(
    "advanced limited based related unprecedented detailed skilled united so-called "
    "red bed need speed seed feed indeed hundred shed embed".split()
)
# Words that cannot follow "to" as a verb ("to the US", "to its customers").
_NOT_A_VERB = set(
    "the a an its their his her our this that these those be some any all each every both "
    "more most less other another such to of in on for from with and or but as at by into "
    "onto than then so if nor not per via worth like unlike".split()
)


def is_past(word: str) -> bool:
    """`word` reads as a verb in the past tense ("announced", "fell")."""
    if word in _IRREGULAR_PAST:
        return True
    return len(word) >= 4 and word.endswith("ed") and word not in _ADJECTIVES


def is_verb_base(word: str) -> bool:
    """`word` can be a verb's base form after "to" or a modal ("to comply", "will resume")."""
    return (
        word.isalpha()
        and word.islower()
        and word not in _NOT_A_VERB
        and not (word.endswith("s") and not word.endswith("ss"))
        and not word.endswith(("ed", "ing", "tion", "ment"))
    )


def base_form(word: str) -> str:
    """The base form of a verb in the past tense or the present's -s ("announced" ->
    "announce", "halted" -> "halt", "fell" -> "fall", "plans" -> "plan"); else `word`."""
    if word in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[word]
    if word in _IRREGULAR_PARTICIPLE:
        return _IRREGULAR_PARTICIPLE[word]
    if word in PRESENT_VERBS:
        if word.endswith(("shes", "ches", "sses", "xes", "zes")):
            return word[:-2]  # pushes, reaches
        return re.sub(r"ies$", "y", word) if word.endswith("ies") else word[:-1]
    if not is_past(word):
        return word
    if word.endswith("ied"):
        return word[:-3] + "y"
    if word.endswith("eed"):
        return word[:-1]  # agreed
    if word.endswith("elled") and len(word) >= 8:
        return word[:-3]  # travelled, cancelled (but spelled)
    stem = word[:-2]
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
        return stem[:-1]  # stopped, planned
    return stem + "e" if _drops_e(stem) else stem


def _drops_e(stem: str) -> bool:
    """Whether the base form ends in a silent e that -ed replaced ("announc" -> "announce",
    "tighten" -> "tighten")."""
    vowels = "aeiou"
    if stem.endswith("u") or stem.endswith(("creat", "invit", "unit", "excit")):
        return True  # issue, continue, create, invite
    if len(stem) <= 3:  # use, cite, vote; not add, end, aim, own
        vowel_last = stem[-2] in vowels and (len(stem) < 3 or stem[-3] not in vowels)
        return vowel_last and stem[-1] not in "wxy"
    stem = stem.replace("qu", "q")  # require, quote: the u is no vowel
    last, before = stem[-1], stem[-2] if len(stem) > 1 else ""
    if last in "cvz" or (last == "s" and before in vowels):
        return True  # announce, approve, seize, impose, raise, cause
    if stem.endswith(("nc", "rc", "rg", "dg", "ns", "ps", "lv", "rv", "rs", "ls", "lg")):
        return True  # enhance, force, charge, pledge, license, collapse, solve, serve
    if stem.endswith(("ang", "eng")):
        return True  # change, challenge
    if last == "l" and before not in vowels + "lr":
        return True  # handle, settle, enable
    if before not in vowels or (len(stem) > 2 and stem[-3] in vowels):
        return False  # halt, block; gain, join, need, appear
    # One vowel before the last consonant.
    if last in "dkbm" or (last == "r" and before in "aiu") or last == "u":
        return True  # decide, include, trade, invoke, describe, assume, declare, require, secure
    if last == "t" and before in "auo":
        return True  # create, state, execute, vote (but "edit", "limit" keep no e)
    if last == "t" and before == "e" and len(stem) > 2 and stem[-3] in "lp":
        return True  # complete, delete, compete
    if last == "n" and before == "i" and len(stem) > 2 and stem[-3] not in vowels:
        return True  # determine, decline, combine, define
    if last == "p" and before in "ai":
        return True  # escape, shape, wipe
    if last == "g" and before == "a":
        return True  # manage, engage
    # ignore, restore (but monitor, sponsor)
    return last == "r" and before == "o" and not stem.endswith(("itor", "sor", "vor", "onor"))


# --- finding the verb of a news sentence ------------------------------------------------------

_SUBJECT_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "this", "that"}


def word_of(token: str) -> str:
    """A token as a word: lower case, without the punctuation around it."""
    return token.strip(",;:()").casefold()


# Words after which an -ed word is an adjective ("the advanced chips"), not the verb.
_BEFORE_ADJECTIVE = set(
    "the a an its their his her our this that these those more most highly newly so very "
    "less least recently widely".split()
)


def verb_at(tokens: list[str], start: int = 1) -> int | None:
    for i in range(start, len(tokens)):
        raw = tokens[i].strip(",;:()")
        word = raw.casefold()
        if not raw or not raw[0].islower() or not raw.replace("-", "").replace("’", "").isalpha():
            continue
        previous = word_of(tokens[i - 1]) if i else ""
        if i and tokens[i - 1].endswith(","):
            continue  # ", designed for China," describes what comes before
        if word in AUXILIARIES or word in MODALS or is_past(word) or word in PRESENT_VERBS:
            if word.endswith("ed") and previous in _BEFORE_ADJECTIVE:
                continue
            return i
        if previous in _SUBJECT_PRONOUNS and word.endswith("s") and len(word) > 3:
            return i  # "He harangues company executives"
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        plural = len(previous) > 3 and previous.endswith("s") and not previous.endswith("ss")
        if i and plural and is_verb_base(word) and names_next(following):
            return i  # "the new licences protect American technology"
        if previous in ("we", "they", "i", "you") and is_verb_base(word):
            return i  # "We follow rules …"
    return None


def names_next(token: str) -> bool:
    """`token` opens an object: a name, a number or a determiner."""
    return bool(re.match(r"[A-Z0-9$€£]", token)) or word_of(token) in (
        "the",
        "a",
        "an",
        "its",
        "their",
    )


def verb_follows(token: str) -> bool:
    return token[:1].islower() and is_verb_base(word_of(token))


def starts_verb(words: list[str]) -> bool:
    if not words or not words[0][:1].islower():
        return False
    word = word_of(words[0])
    if is_past(word) or word in PRESENT_VERBS:
        return True
    after = words[1] if len(words) > 1 else ""
    return word.endswith("s") and (after[:1].isupper() or word_of(after) in ("the", "a", "an"))
