"""Japanese kana in Hangul, by the Korean standard transcription of Japanese (외래어 표기법).

Korean readers of the city's pages know a district as 히가시마치, not Higashimachi: Korean
newspapers, maps and guides write Japanese place names so (도쿄, 삿포로, 신주쿠). The sample
city's districts have their Hangul written in translations/ko/skills.yml; an imported
city's are read by Sudachi and written here from that kana reading
(madoguchi/district_reading.py).

The syllables are a table (faq_corpus/translations/ko/kana_hangul.tsv: kana, at the start
of a word, elsewhere); the rules that join them are here:
- か・た行 are plain at the start of a word and aspirated elsewhere (the table's columns):
  とうきょう 도쿄, きたまち 기타마치;
- ん is the final ㄴ of the syllable before it (しんじゅく 신주쿠), っ the final ㅅ
  (さっぽろ 삿포로, ほっかいどう 홋카이도);
- long vowels are not written: う after an o- or u-sound, お after an o-sound, い after an
  i-sound, and ー (ちゅうおう 주오, おおさか 오사카, にいがた 니가타); えい is (めいじ 메이지).

A word starts at the start of the text and after anything that is not kana (a space, a
digit). No library does this: the Hangul romanizers go the other way (Hangul to Latin).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

import jaconv

from madoguchi.japanese import DataFileError, data_lines
from madoguchi.paths import CORPUS_DIR

TABLE_FILE = CORPUS_DIR / "translations" / "ko" / "kana_hangul.tsv"

_SYLLABLES = 0xAC00  # 가: syllable = 가 + (initial * 21 + vowel) * 28 + final
_FINAL_N = 4  # ㄴ
_FINAL_S = 19  # ㅅ
_O_SOUNDS = {8, 12}  # ㅗ ㅛ
_U_SOUNDS = {13, 17, 18}  # ㅜ ㅠ ㅡ (す 스, つ 쓰)
_I_SOUNDS = {20}  # ㅣ
_LONG_AFTER = {"う": _O_SOUNDS | _U_SOUNDS, "お": _O_SOUNDS, "い": _I_SOUNDS}

Table = Dict[str, Tuple[str, str]]  # kana -> (at the start of a word, elsewhere)


def load_table(path: Path = TABLE_FILE) -> Table:
    table: Table = {}
    for number, fields in data_lines(path):
        if len(fields) not in (2, 3) or not fields[0] or not all(_is_syllable(f) for f in fields[1:] if f):
            raise DataFileError(f"{path}:{number}: expected 'kana<TAB>Hangul syllable<TAB>elsewhere (optional)'")
        table[fields[0]] = (fields[1], fields[2] if len(fields) == 3 and fields[2] else fields[1])
    return table


@lru_cache(maxsize=1)
def default_table() -> Table:
    return load_table()


# a gloss in brackets after a name: 「자전거(自転車)」
_GLOSS = re.compile(r"[(（][^()（）]*[)）]")


def _is_syllable(text: str) -> bool:
    return len(text) == 1 and _SYLLABLES <= ord(text) < _SYLLABLES + 11172


def _vowel(syllable: str) -> int:
    return (ord(syllable) - _SYLLABLES) // 28 % 21


def _final(syllable: str) -> int:
    return (ord(syllable) - _SYLLABLES) % 28


def _with_final(syllable: str, final: int) -> str:
    return chr(ord(syllable) - _final(syllable) + final)


def to_hangul(kana: str, table: Table | None = None) -> str:
    """「ひがしまち」 → 「히가시마치」, 「トウキョウ」 → 「도쿄」; what is not kana is kept as written."""
    table = table or default_table()
    text = jaconv.kata2hira(kana)
    out: List[str] = []
    starts_word = True
    last = ""  # the last syllable written for kana, "" after anything else
    i = 0
    while i < len(text):
        pair, char = text[i : i + 2], text[i]
        kana_of = pair if pair in table else char
        i += len(kana_of)
        if char in "んっ":
            if last and not _final(last):
                last = out[-1] = _with_final(last, _FINAL_N if char == "ん" else _FINAL_S)
            continue
        if char == "ー" or (kana_of == char and last and not _final(last) and _vowel(last) in _LONG_AFTER.get(char, ())):
            continue  # a long vowel: not written
        syllables = table.get(kana_of)
        if syllables is None:
            out.append(char)
            starts_word, last = True, ""
            continue
        last = syllables[0] if starts_word else syllables[1]
        out.append(last)
        starts_word = False
    return "".join(out)


def particle(word: str, after_consonant: str, after_vowel: str) -> str:
    """The Korean particle that follows the word's last Hangul syllable: 은 / 는 (the topic),
    이 / 가 (the subject) by whether that syllable ends in a consonant (받침). A name glossed in
    brackets is read by its Hangul: 「자전거(自転車)」 → 는, 「클린센터」 → 가. A word with no Hangul
    (a Japanese name left as it is) gets both, as Korean writes when it cannot tell: 은(는).

    >>> particle("자전거(自転車)", "은", "는"), particle("충전기(充電器)", "은", "는"), particle("책상", "이", "가")
    ('는', '는', '이')
    """
    syllables = [ch for ch in _GLOSS.sub("", word) if _is_syllable(ch)] or [ch for ch in word if _is_syllable(ch)]
    if not syllables:
        return f"{after_consonant}({after_vowel})"
    return after_consonant if _final(syllables[-1]) else after_vowel
