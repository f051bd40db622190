"""English and Vietnamese text for the classifier: words, English ones stemmed.

Sudachi reads Latin text as Japanese and gives the English words its dictionary knows a
katakana normal form: "just" became ジャスト, "the" ザ, "throw" スロー (the same as "slow"),
"city" シティー, while "moved" stayed "moved" and "move" became ムーブ. English questions were
matched on a mixture of katakana loanwords and raw inflected forms. Here a Latin-script
message is cut into its words, lowercased, and English words are reduced to their Snowball
stem (snowballstemmer, BSD: moved / moving / moves → move); Vietnamese is written in
syllables that do not inflect and is only lowercased; a syllable with marks also counts as
itself without them (rác → rac), as many residents type on a phone without marks ("rac cong
kenh") and the corpus is written with them. Punctuation is left out.

Residents in Japan write Japanese words in Latin letters ("tenshutsu todoke", "juminzei"):
an English word listed in faq_corpus/translations/en/romanized_words.tsv counts as itself
and as the English words the corpus uses for it (moving out notification), as a resident
who wrote either should find the same topic. Measured on a dev split of the corpus's
English examples: right topic 81.7% without the list, 85.8% with it. English words the
examples do not use (rubbish, creche, jabs) count as the examples' words for the same thing
too (faq_corpus/translations/en/english_synonyms.tsv, matched by stem).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from types import MappingProxyType
from typing import Dict, List, Mapping, Optional, Tuple

import snowballstemmer

from madoguchi.english_spelling import EnglishSpelling
from madoguchi.japanese import DataFileError, Morph, data_lines

RomanizedWords = Mapping[str, Tuple[str, ...]]  # a romanized Japanese word -> English stems
NO_ROMANIZED_WORDS: RomanizedWords = MappingProxyType({})
EnglishSynonyms = Mapping[str, Tuple[str, ...]]  # an English word's stem -> the corpus's words' stems
NO_SYNONYMS: EnglishSynonyms = MappingProxyType({})

# A word of Latin letters (with Vietnamese marks) and digits (2nd, 3F), an apostrophe inside
# (I'm, don't). Japanese words quoted in the message (粗大ごみ) are left to Sudachi.
_LETTERS = "0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff"
LATIN_WORD = re.compile(rf"[{_LETTERS}]+(?:['’][{_LETTERS}]+)*")
_ENGLISH = snowballstemmer.stemmer("english")


def _stem(word: str, language: str) -> str:
    word = unicodedata.normalize("NFC", word).lower().replace("’", "'")
    if language != "en" or not word.isascii():
        return word
    return str(_ENGLISH.stemWord(word.split("'")[0] or word))


# Long vowels as residents spell them without macrons: yobou sesshu, nyuuji kenshin, shibou
# todoke (the corpus's examples have both kinds: jidou / jido, shoumeisho / shomeisho)
_LONG_VOWELS = re.compile(r"ou|oo|uu")


def _folded(word: str) -> str:
    """jūminhyō, juuminhyou → juminhyo: the key of a romanized word, without macrons, case
    and doubled long vowels."""
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(ch))
    return _LONG_VOWELS.sub(lambda m: m.group(0)[0], bare)


def _unmarked(syllable: str) -> str:
    """rác → rac, đăng → dang: a Vietnamese syllable as typed without its marks."""
    return _folded(syllable.replace("đ", "d").replace("Đ", "D"))


def load_romanized_words(path: Path) -> Dict[str, Tuple[str, ...]]:
    """romanized word<TAB>English words, per line; the English words as their stems."""
    words: Dict[str, Tuple[str, ...]] = {}
    for number, fields in data_lines(path):
        if len(fields) != 2 or not fields[0] or not fields[1] or " " in fields[0]:
            raise DataFileError(f"{path}:{number}: expected 'romanized word<TAB>English words'")
        words[_folded(fields[0])] = tuple(_stem(word, "en") for word in fields[1].split())
    return words


def load_english_synonyms(path: Path) -> Dict[str, Tuple[str, ...]]:
    """word<TAB>the corpus's words, per line; both sides as their stems, so that
    「bins」 finds the line of 「bin」: {"bin": ("garbag",)}."""
    words: Dict[str, Tuple[str, ...]] = {}
    for number, fields in data_lines(path):
        if len(fields) != 2 or not fields[0] or not fields[1] or " " in fields[0] or not fields[0].isascii():
            raise DataFileError(f"{path}:{number}: expected 'English word<TAB>the corpus's words'")
        words[_stem(fields[0], "en")] = tuple(_stem(word, "en") for word in fields[1].split())
    return words


# the shortest romanized word a glued one is cut into (inu, eda, aki): shorter pieces would
# cut English words as well
_LEAST_GLUED_PART = 3


def _glued_romanized(word: str, romanized: RomanizedWords) -> Tuple[str, ...]:
    """The English words of two listed romanized words written as one ("shusseitodoke" →
    birth notification, "sodaigomi" → bulky waste), as residents type them without the space
    their IME would not put; () when the word is not two listed ones."""
    key = _folded(word)
    for cut in range(_LEAST_GLUED_PART, len(key) - _LEAST_GLUED_PART + 1):
        head, tail = romanized.get(key[:cut]), romanized.get(key[cut:])
        if head and tail:
            return head + tail
    return ()


def latin_morphs(
    text: str, language: str, offset: int = 0, romanized: RomanizedWords = NO_ROMANIZED_WORDS,
    spelling: Optional[EnglishSpelling] = None, synonyms: EnglishSynonyms = NO_SYNONYMS,
) -> List[Morph]:  # fmt: skip
    """The Latin words of a span of an English (`en`) or Vietnamese (`vi`) message, offsets
    shifted by `offset`; in English a romanized Japanese word (or two written as one) also as
    its English words, a word the corpus says otherwise also as the corpus's words (bins →
    bin, garbag), and a misspelt word also as the word meant (madoguchi.english_spelling);
    in Vietnamese a syllable with marks also without them."""
    morphs = []
    for m in LATIN_WORD.finditer(text):
        begin, end, stem = offset + m.start(), offset + m.end(), _stem(m.group(0), language)
        also: Tuple[str, ...] = ()
        if language == "en":
            also = romanized.get(_folded(m.group(0)), ()) or _glued_romanized(m.group(0), romanized)
            also = also or synonyms.get(stem, ())
            meant = spelling.correction(m.group(0)) if not also and spelling is not None else None
            also = (_stem(meant, language),) if meant else also
        elif _unmarked(stem) != stem:
            also = (_unmarked(stem),)
        morphs += [Morph(m.group(0), begin, end, lemma, reading="", pos="word") for lemma in (stem, *also)]
    return morphs
