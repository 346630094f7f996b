"""Reading an article for `tradeqa kb draft`: its sentences, and the dates, figures and quotes
each one states, exactly as written.

Plain rules, not an NLP library: news prose about trade policy is regular (dollar amounts,
percentages, month names, weekday names, "said" next to a quotation), every result is
reviewed by a moderator anyway, and rules run offline with nothing to download. Each found
value keeps the source's own words (`as_written`); relative dates stay relative (no iso).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from knowledge.draft_attribution import SAID_ALSO
from knowledge.draft_measures import noun_phrase_measured

# Words ending in a full stop that do not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "st", "jr", "sr", "inc",
    "corp", "co", "ltd", "vs", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "u.s", "u.k", "e.u", "u.n", "a.m", "p.m", "etc", "approx",
}  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+|$)")


@dataclass(frozen=True)
class Sentence:
    text: str  # verbatim, as it stands in the article
    start: int  # its offset in the article


# Wire copy opens with where (and when) it was filed and which agency filed it, before the
# first sentence: "BEIJING: ", "WASHINGTON (Reuters) - ", "SAN FRANCISCO, July 15 (Reuters)
# — ", "BANGKOK (AP) – ", "LONDON — ". The city is in capitals, or any case before an agency.
_AGENCY = (
    r"AFP|AP|Reuters|Bloomberg|Xinhua|Kyodo|dpa|DPA|ANI|PTI|IANS|Yonhap|Bernama|APP|UPI|"
    r"TASS|Anadolu|EFE|ANSA|Agencies|agencies"
)
_DATELINE = re.compile(
    r"^(?:"
    r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"  # BEIJING, SAN FRANCISCO
    r"(?:,\s+[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?(?:\s+\d{1,2})?)?"  # , July 15 / , Calif.
    rf"(?:\s*\((?:{_AGENCY}|[A-Z][\w&. -]{{0,30}})\))?"
    rf"|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){{0,3}}\s*\((?:{_AGENCY})\)"  # Beijing (AFP)
    r")\s*(?::|[—–]|-{1,2})\s*(?=[A-Z0-9“\"‘'])"
)
# "WASHINGTON, (APP - UrduPoint / … - 6th Aug, 2025) US President …": the agency's credit in
# brackets, dashes and all, may close a dateline with no dash after it.
_CREDITED_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3},?\s*"
    rf"\((?:{_AGENCY})\b[^()]{{0,100}}\)\s*(?:(?::|[—–]|-{{1,2}})\s*)?(?=[A-Z0-9“\"‘'])"
)
# "Paris, France – …": a dateline in ordinary case, read only before the story's first
# sentence (later, "Nvidia, Intel – The two …" is a sentence).
_PLACE_DATELINE = re.compile(
    r"^[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+[—–-]\s+(?=[A-Z0-9“\"‘'])"
)
# ... and closes with the agency's credit: " - AFP", ".—AFP", " — Reuters", "(Reporting by
# …; Editing by …)". Not part of the claim it follows.
_CREDIT = re.compile(
    rf"\s*(?:[—–]|-{{1,2}})\s*\(?(?:{_AGENCY})\)?\.?\s*$"
    r"|\s*\((?:Reporting|Writing|Additional reporting|Editing|Compiled)\b[^()]*\)\.?\s*$"
)


def sentences(article: str) -> list[Sentence]:
    """The article's sentences, verbatim, paragraph by paragraph. A line break ends a
    sentence (headlines and datelines have no full stop) unless the text was wrapped: the
    line ends without punctuation and the next goes on in lower case. A wire dateline before
    a paragraph and an agency credit after it are left out."""
    found: list[Sentence] = []
    for paragraph in re.finditer(r"[^\n]+(?:\n(?<![.!?:”\"]\n)(?=[a-z(])[^\n]+)*", article):
        text, offset = paragraph.group(), paragraph.start()
        credit = _CREDIT.search(text)
        if credit:
            text = text[: credit.start()]
        dateline = _DATELINE.match(text) or _CREDITED_DATELINE.match(text)
        if dateline is None and not any(re.search(r"[.!?][”\"’)]*$", f.text) for f in found):
            dateline = _PLACE_DATELINE.match(text)
        begin = dateline.end() if dateline and dateline.end() < len(text) else 0
        for end in _SENTENCE_END.finditer(text):
            before = text[begin : end.start() + 1]
            last_word = re.search(r"([\w.]+)\.$", before)
            if last_word and _not_an_end(last_word.group(1), text[end.end() :]):
                continue
            _add(found, text, begin, end.end(), offset)
            begin = end.end()
        _add(found, text, begin, len(text), offset)
    return found


def _not_an_end(word: str, after: str) -> bool:
    # "Mr. Huang", "Jan. 5", "J. Smith", "the U.S. Commerce Department": the sentence goes on.
    # A sentence ending in an abbreviation ("… sold in the U.S.") is split one sentence late,
    # which the moderator sees when reviewing.
    folded = word.casefold().rstrip(".")
    return folded in _ABBREVIATIONS or bool(re.fullmatch(r"[a-z]", folded))


def _add(found: list[Sentence], text: str, begin: int, end: int, offset: int) -> None:
    chunk = text[begin:end]
    stripped = chunk.strip()
    if stripped:
        found.append(Sentence(stripped, offset + begin + chunk.index(stripped)))


# --- dates -----------------------------------------------------------------------------------

_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_QUARTER = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter"
_DATE_PATTERNS = [
    ("mdy", rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"),
    ("dmy", rf"\b\d{{1,2}}\s+{_MONTH}\s+\d{{4}}\b"),
    (
        "quarter",
        rf"\b(?:the\s+)?{_QUARTER}(?:\s+of\s+(?:fiscal\s+)?\d{{4}})?|\bQ[1-4](?:\s+\d{{4}})?\b",
    ),
    ("my", rf"\b{_MONTH}\s+\d{{4}}\b"),
    ("md", rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"),
    # A month alone ("halted in April"): its year is not printed, so it has no iso.
    ("month", rf"(?:(?<=\bin )|(?<=\bby )|(?<=\bsince )|(?<=\buntil )|(?<=\bduring )){_MONTH}\b"),
    ("relative", rf"\b(?:(?:this|next|last)\s+)?{_WEEKDAY}\b"),
    (
        "relative",
        r"\b(?:yesterday|today|tomorrow|(?:this|next|last|earlier this|later this)\s+"
        r"(?:week|month|year|quarter|spring|summer|autumn|fall|winter))\b",
    ),
    ("year", r"\b(?:in|since|by|from|until|of|during)\s+(?:19|20)\d{2}\b"),
]
_DATES = re.compile("|".join(f"(?P<{k}{n}>{p})" for n, (k, p) in enumerate(_DATE_PATTERNS)), re.I)
_QUARTER_NUMBER = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}


@dataclass(frozen=True)
class FoundDate:
    as_written: str
    iso: str | None = None
    quarter: int | None = None


def _month(word: str) -> int:
    return next(i for i, m in enumerate(_MONTHS, 1) if m.startswith(word.casefold()[:3]))


def _valid(iso: str | None) -> str | None:
    """The ISO date if it is a calendar date ("February 30" is none): else left out."""
    if iso is None:
        return None
    parts = [int(p) for p in iso.split("-")]
    try:
        dt.date(parts[0], *[*parts[1:], 1, 1][:2])
    except ValueError:
        return None
    return iso


def dates(sentence: str) -> list[FoundDate]:
    found = []
    for match in _DATES.finditer(sentence):
        kind = re.sub(r"\d+$", "", match.lastgroup or "")
        text = match.group()
        # "World Today News" names no day.
        named = kind == "relative" and match.start() > 0 and text[0].isupper()
        if named and not re.search(_WEEKDAY, text):
            continue
        numbers = re.findall(r"\d+", text)
        words = re.findall(r"[A-Za-z]+", text)
        iso = quarter = None
        if kind in ("mdy", "dmy"):
            iso = f"{numbers[-1]}-{_month(words[0]):02d}-{int(numbers[0]):02d}"
        elif kind == "my":
            iso = f"{numbers[-1]}-{_month(words[0]):02d}"
        elif kind == "month" and text[:1].islower():
            continue  # "in may": the verb, not the month
        elif kind == "year":
            iso = numbers[-1]
            text = re.sub(r"^\w+\s+", "", text)  # "in 2024": the year is the date
        elif kind == "quarter":
            named = re.search(r"(first|second|third|fourth|1st|2nd|3rd|4th)", text, re.I)
            quarter = (
                _QUARTER_NUMBER.get(named.group().casefold(), 4)
                if named
                else int(re.search(r"Q([1-4])", text).group(1))
            )
            years = [n for n in numbers if len(n) == 4]
            iso = years[0] if years else None
        found.append(FoundDate(text.strip(), _valid(iso), quarter))
    return found


# --- figures ---------------------------------------------------------------------------------

_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6}
_CURRENCY = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_FIGURES = re.compile(
    r"(?P<money>(?P<cur>US\$|\$|€|£|¥)\s?(?P<amount>\d[\d,]*(?:\.\d+)?)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|m)\b)?)"
    r"|(?P<percent>(?P<pamount>\d+(?:\.\d+)?)\s?(?:%|percent\b|per cent\b))"
    r"|(?P<words>(?<![\w.])(?P<wamount>\d[\d,]*(?:\.\d+)?)\s(?:(?P<wscale>million|billion|trillion)\s)?"
    r"(?P<wunit>dollars|euros|yuan|tons|tonnes|barrels|units|chips|people|jobs))",
    re.I,
)


@dataclass(frozen=True)
class FoundFigure:
    as_written: str
    amount: float | None
    unit: str


def figures(sentence: str) -> list[FoundFigure]:
    found = []
    for match in _FIGURES.finditer(sentence):
        if match.group("money"):
            amount = float(match.group("amount").replace(",", ""))
            amount *= _SCALE.get((match.group("scale") or "").casefold(), 1)
            unit = _CURRENCY[match.group("cur").casefold()]
        elif match.group("percent"):
            amount, unit = float(match.group("pamount")), "percent"
        else:
            amount = float(match.group("wamount").replace(",", ""))
            amount *= _SCALE.get((match.group("wscale") or "").casefold(), 1)
            unit = match.group("wunit").casefold()
            unit = {"dollars": "USD", "euros": "EUR", "yuan": "CNY"}.get(unit, unit)
        found.append(FoundFigure(match.group().strip(), amount, unit))
    return found


def measure_of(sentence: str, figure: FoundFigure) -> str:
    """What the figure is of: the noun phrase it measures ("China’s economic growth in the
    third quarter", see :mod:`knowledge.draft_measures`); else its clause around the figure,
    a few words either side, for the moderator to reword."""
    at = sentence.find(figure.as_written)
    if at < 0:
        return sentence[:200]
    found = [d.as_written for d in dates(sentence)]
    phrase = noun_phrase_measured(sentence, figure.as_written, figure.unit == "percent", found)
    return phrase[:200] if phrase else figure_context(sentence, figure)


def figure_context(sentence: str, figure: FoundFigure) -> str:
    """The figure's clause around it, a few words either side ("fell 1.8% and 3.3%
    respectively in pre-market trade"): more of what it is about than its noun phrase."""
    at = sentence.find(figure.as_written)
    if at < 0:
        return sentence[:200]
    clause_start = max(sentence.rfind(mark, 0, at) for mark in (",", ";", ":", "“", "("))
    before = sentence[clause_start + 1 : at].split()[-6:]
    after_text = sentence[at + len(figure.as_written) :]
    after = re.split(r"[,;:”)]|\.(?:\s|$)", after_text, maxsplit=1)[0].split()[:8]
    return " ".join([*before, figure.as_written, *after])[:200]


# --- quotes ----------------------------------------------------------------------------------

_QUOTE = re.compile(r"“([^”]{3,})”|\"([^\"]{3,})\"")
_SHORTEST_UNATTRIBUTED = 12  # shorter quoted words with no "said" are titles or scare quotes
# Verbs that introduce someone's words: "said", and the rest of the family news uses before
# a quotation ("confirmed it is “…”", "added, “…”", "described it as “…”").
_SAID = (
    r"(?:said|says|told|added|noted|stated|wrote|warned|argued|explained|confirmed|announced|"
    r"insisted|stressed|declared|remarked|commented|replied|acknowledged|emphasi[sz]ed|"
    r"cautioned|claimed|maintained|posted|tweeted|predicted|promised|pledged|admitted|"
    r"described|called|urged|vowed)\b"
)
_NAME = r"((?:[A-Z][\w'’.-]+\s){0,3}[A-Z][\w'’-]+)"
# "AMD chief executive Lisa Su told reporters", "CEO Jensen Huang": the name after the title.
_JOB = (
    r"(?:(?:[A-Z][\w'’.-]*\s+)*(?i:chief\s+executive|chief|executive|president|chairman|"
    r"chairwoman|secretary|minister|director|founder|head|ceo|spokesperson|spokesman|"
    r"spokeswoman|analyst)\s+)?"
)
_SPEAKER_AFTER = re.compile(rf"^[\s,”\"]*(?:{_SAID}\s+{_JOB}{_NAME}|{_JOB}{_NAME}\s+{_SAID})")
_SPEAKER_BEFORE = re.compile(rf"{_NAME}\s+(?:{SAID_ALSO}\s+)?{_SAID}|according to\s+{_NAME}")
# "…, stating, “…”", "…, calling it “…”": the words are the sentence's subject's.
_PARTICIPLE_BEFORE = re.compile(
    r",\s*(?:stating|saying|adding|noting|writing|warning|declaring|insisting|explaining|"
    r"calling\s+it|describing\s+it\s+as)\b[^“\"]*$"
)
_SUBJECT = re.compile(rf"^(?:[A-Z][^,]{{0,40}},\s+)?{_JOB}{_NAME}\s+[a-z]")
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "this", "that", "the", "a", "an"}
# "a Nvidia spokesperson said in a statement: “…”": the speaker is a role, not a name.
_ROLE = (
    r"(?:[Aa]n?|[Tt]he)\s+((?:[A-Z][\w'’.-]*\s+){0,3}(?:spokesperson|spokesman|spokeswoman|"
    r"official|representative|executive|analyst|source|company|firm)s?)"
)
_ROLE_BEFORE = re.compile(rf"\b{_ROLE}\s+{_SAID}[^“\"]*$")
_ROLE_AFTER = re.compile(rf"^[\s,”\"]*{_ROLE}\s+{_SAID}")


@dataclass(frozen=True)
class FoundQuote:
    words: str  # verbatim, without the quotation marks
    speaker: str | None  # None: the sentence does not say who


def quotes(sentence: str) -> list[FoundQuote]:
    found = []
    for match in _QUOTE.finditer(sentence):
        words = (match.group(1) or match.group(2)).strip().rstrip(",;")
        prefix = sentence[: match.start()]
        after = _SPEAKER_AFTER.search(sentence[match.end() :])
        before = _speaker_before(prefix)
        role = _ROLE_AFTER.search(sentence[match.end() :]) or _ROLE_BEFORE.search(prefix)
        subject = _SUBJECT.match(prefix) if _PARTICIPLE_BEFORE.search(prefix) else None
        attributed = after or before or role or subject
        # Unattributed, a few words are a term or scare quotes ("a vast “shadow fleet” of
        # tankers"), not someone's words.
        if not attributed and (len(words) < _SHORTEST_UNATTRIBUTED or len(words.split()) < 4):
            continue
        speaker = None
        for hit in (after, subject, before, role):
            if hit:
                speaker = next(g for g in hit.groups() if g)
                break
        if speaker:
            speaker = re.sub(r"^(?:The|A|An)\s+(?=\S)", "", speaker)  # "The Executive Order"
        if speaker and speaker.casefold() in _PRONOUNS:
            speaker = None  # "He said …": who he is, the sentences before say
        found.append(FoundQuote(words, speaker))
    return found


def _speaker_before(prefix: str) -> re.Match[str] | None:
    """The name that says the words, nearest the quotation: "Su told CCTV that “…”"."""
    hits = [
        m for m in _SPEAKER_BEFORE.finditer(prefix) if not re.search(r"[“”\"]", prefix[m.end() :])
    ]
    return hits[-1] if hits else None
