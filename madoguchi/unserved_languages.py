"""Messages written in a language the assistant does not answer in (faq_corpus/unserved_languages.tsv).

The assistant answers in Japanese, やさしい日本語, English, Chinese, Korean and Vietnamese
(madoguchi.languages). A Brazilian resident's 「Como separar o lixo?」 was read as English and
refused as "not something the city can answer", a Nepali resident's 「फोहोर कहिले फाल्ने?」
asked to be rephrased in Japanese: both are city business, in a language the city does not
serve. Such a message is told apart by its script (mostly letters that are neither Latin, kana,
Han nor Hangul) or, in Latin letters, by its everyday words, so that the reply can say which
languages the assistant answers in. It only names what the NLU already refused or could not
place (bot/nlu/unserved_language.py): no answer is ever taken from a served language.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Mapping, Optional

from madoguchi.japanese import DataFileError, data_lines
from madoguchi.languages import detect, is_romanized_japanese
from madoguchi.latin import LATIN_WORD
from madoguchi.paths import CORPUS_DIR

UNSERVED_LANGUAGES_FILE = CORPUS_DIR / "unserved_languages.tsv"
# Scripts the served languages are written in (the first word of a letter's Unicode name);
# any other script's letters (DEVANAGARI, THAI, MYANMAR, CYRILLIC …) belong to another language.
SERVED_SCRIPTS = frozenset({"LATIN", "CJK", "HIRAGANA", "KATAKANA", "HANGUL", "HALFWIDTH", "FULLWIDTH"})
# A Latin-script message is another language's when this many of its words are that
# language's, and at least this share of its words: 「Como separar o lixo?」 has como and
# separar among four; 「where is the city hall para bikes」 one word of seven.
MIN_LISTED_WORDS = 2
MIN_LISTED_SHARE = 1 / 3
OTHER_SCRIPT = "other-script"


@dataclass(frozen=True)
class UnservedWords:
    """Each unserved Latin-script language's everyday words, lowercase."""

    by_language: Mapping[str, FrozenSet[str]]

    def language_of(self, words: List[str]) -> Optional[str]:
        """The language most of the words are listed for, if they are enough of them."""
        best, count = None, 0
        for language, listed in self.by_language.items():
            found = sum(1 for word in words if word in listed)
            if found > count:
                best, count = language, found
        if count >= MIN_LISTED_WORDS and count >= MIN_LISTED_SHARE * len(words):
            return best
        return None


def load_unserved_words(path: Path = UNSERVED_LANGUAGES_FILE) -> UnservedWords:
    found: Dict[str, set] = {}
    for number, fields in data_lines(path):
        if len(fields) != 2 or not fields[0].isascii() or not fields[0].isalpha() or not fields[1]:
            raise DataFileError(f"{path}:{number}: expected 'language<TAB>word|word', the language a two-letter code")
        found.setdefault(fields[0], set()).update(word.lower() for word in fields[1].split("|") if word)
    return UnservedWords({language: frozenset(words) for language, words in found.items()})


@lru_cache(maxsize=1)
def _default_words() -> UnservedWords:
    return load_unserved_words()


def _written_in_another_script(text: str) -> bool:
    """Most letters are of a script no served language writes: 「फोहोर कहिले फाल्ने?」."""
    letters = [ch for ch in text if ch.isalpha()]
    other = sum(1 for ch in letters if unicodedata.name(ch, "UNKNOWN").split()[0] not in SERVED_SCRIPTS)
    return bool(letters) and other * 2 > len(letters)


def unserved_language(text: str, words: Optional[UnservedWords] = None) -> Optional[str]:
    """The unserved language a message is written in (`pt`, `tl` …, or OTHER_SCRIPT), None
    when it is written in a served one or does not tell.

    >>> unserved_language("Como separar o lixo?")
    'pt'
    >>> unserved_language("how do I separate the garbage") is None
    True
    """
    text = unicodedata.normalize("NFC", text or "")
    if text.startswith("/"):  # a button's payload
        return None
    if _written_in_another_script(text):
        return OTHER_SCRIPT
    if detect(text) != "en":  # Latin letters not read as Vietnamese; everything else is served
        return None
    latin = [word.lower() for word in LATIN_WORD.findall(text)]
    return (words or _default_words()).language_of([word for word in latin if not is_romanized_japanese(word)])
