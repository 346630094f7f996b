"""Everyday English words that say how something is asked, not what it is about.

A question the knowledge base cannot place usually names something it has never heard of
("Apple's market cap", "Samsung's licence"); a paraphrase of a question it can answer
usually adds ordinary verbs and adjectives instead ("could this calm things down…",
"according to Huang…"). Words in this list that the knowledge base does not use therefore
count for little, and any other unknown word counts for a lot. The list is general English
(common verbs, adjectives, adverbs and phrasing nouns), not tuned to any question.
"""

from __future__ import annotations

from knowledge.text import stem_words

_VERBS = """
accept according achieve act add admit announce affect afford agree aim allow answer appear apply
characterise characterize clarify elaborate estimate impact outline regard specify summarise
summarize
argue arrive ask assume attempt avoid back base bear beat become begin believe belong break
bring build buy call calm care carry catch cause change check choose claim clear close come
compare complain concern confirm consider contain continue cost count cover create cut deal
decide declare deliver deny depend describe deserve design determine develop differ discuss
do draw drive drop earn eat effect enable encourage end enjoy ensure enter establish expect
experience explain express face fail fall feel fight figure fill find finish fit fix follow
force forget form gain give go grow guess handle happen hate head hear help hit hold hope
hurt identify imagine improve include increase indicate influence inform intend involve
join jump keep kill kind know lack land last lay lead learn leave lend let lie lift like
limit link listen live look lose love lower make manage mark matter mean meet mention mind
miss move need note notice obtain occur offer open order own pass pay perform pick place
plan play point prefer prepare present press prevent produce promise protect prove provide
publish pull push put raise reach read realise realize receive recognise recognize record
reduce refer reflect refuse relate release remain remember remove repeat replace reply
report represent request require respond rest result return reveal rise run save say see
seek seem sell send serve set settle shake shape share show shut sign sit sound speak
spend stand start state stay step stick stop suffer suggest suit supply support suppose
take talk teach tend test thank think throw touch treat try turn understand use vary view
visit wait walk want warn watch wear win wish wonder work worry write
"""

_ADJECTIVES_ADVERBS = """
able actual additional again ago almost alone already big bad basic best better certain
false true
clear close common current currently different difficult early easy else enough entire
especially even exactly far fine first following free full general good great hard high
huge important instance large late lately later latest least less little long low main
major many maybe more most much near nearly necessary new next nice normal now often old
only open other overall particular perhaps possible pretty probably quick quickly quite
rather real really recent recently right same second several short significant similar
simple simply small so soon specific still strong sure true truly usual usually various
very well whole wide wrong yet
"""

# Irregular past forms, which the inflection rules below do not make.
_IRREGULAR = """
began begun bought brought came chose chosen drew drawn drove driven felt fought found gave
given gone got gotten grew grown heard held kept knew known led left lent lost made meant met
paid ran said sat saw seen sent showed shown sold spent spoke spoken stood stuck swore sworn
taken taught thought threw thrown told took understood went won wore worn wrote written
"""

_PHRASING_NOUNS = """
answer argument article bit case comment complaint concern detail details example fact facts
idea info piece
information issue kind lot matter news opinion part point question reaction reason remark
response result situation sort story subject thing things thought time times topic type update
view way ways word words
"""


def _inflections(word: str) -> set[str]:
    forms = {word, word + "s", word + "ed", word + "ing", word + "d", word + "er", word + "ly"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing", word[:-1] + "ion"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ied", word[:-1] + "ies"}
    if len(word) > 2 and word[-1] not in "aeiouwy" and word[-2] in "aeiou":
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


# In the stemmed form tokens take.
GENERIC_WORDS = stem_words(
    form
    for word in (_VERBS + _ADJECTIVES_ADVERBS + _PHRASING_NOUNS + _IRREGULAR).split()
    for form in _inflections(word)
)
