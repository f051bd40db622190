"""District names a foreign resident can read, where staff wrote none.

The sample city's districts have their names in each language's letters in
translations/<language>/skills.yml (`districts`: 東町 → Higashimachi). An imported city's
calendar (Code for Japan 5374 `area_days.csv`) brings dozens of names nobody has written
so, and its files carry no reading. These are read by Sudachi, which knows most place
names (本町 ホンチョウ, 若葉台 ワカバダイ, 南が丘 ミナミガオカ), and written

- in Latin letters for English and Vietnamese readers (`district_reading: romaji`):
  Hepburn without long-vowel marks, as on Japan's road signs and station boards (中央 Chuo,
  本町 Honcho), 丁目 as `-chome` (「東山１・２丁目」 → 「Higashiyama 1, 2-chome」); kana to
  Latin letters by jaconv;
- in Hangul for Korean readers (`district_reading: hangul`), as Korean maps and guides write
  Japanese places: the Korean standard transcription of Japanese (madoguchi/hangul.py),
  丁目 as 초메 (「東山１・２丁目」 → 「히가시야마 1·2초메」, 「中央町」 → 「주오초」);
- in やさしい日本語 with the reading after each kanji word (`district_reading: kana`):
  「本町（ほんちょう）1～3丁目（ちょうめ）」, the form the widget shows as ruby.

Only the place itself is read: a row's condition (「（県道沿いの家庭を除く）」) stays in Japanese
beside it, as on the city's own list, since a reading of it would not tell a foreign
resident more. Sudachi's reading of a rare place name can be wrong; the Japanese name is
always shown with it, and staff can write the right one in `districts`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import List

import jaconv

from madoguchi.hangul import to_hangul
from madoguchi.japanese import Morph, default_analyzer

# Road-sign Hepburn writes no long vowels: 中央 チュウオウ → Chuo, 大野 オオノ → Ono.
_LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"))
_KANJI = re.compile(r"[\u3400-\u9fff々〆ヶ]")
_NUMERALS = re.compile(r"^[〇一二三四五六七八九十百0-9０-９]+")  # basic: no reading needed
_SYMBOL_READING = "キゴウ"  # Sudachi's reading of brackets and marks


def _latin(katakana: str) -> str:
    text = jaconv.kata2alphabet(katakana.replace("ー", ""))
    for long, short in _LONG_VOWELS:
        text = text.replace(long, short)
    return text


def _chome(numbers: List[int], dash: str = "–", comma: str = ", ") -> str:
    """1, 2, 3 → 「1–3」; 4, 5 → 「4, 5」 (in Korean 「1~3」, 「4·5」)."""
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}{dash}{numbers[-1]}"
    return comma.join(str(n) for n in numbers)


def _kept(morph: Morph) -> bool:
    """Written as it is: Latin letters and digits, brackets and marks."""
    return morph.surface.isascii() or morph.reading in ("", _SYMBOL_READING)


@lru_cache(maxsize=4096)
def romanized(name: str) -> str:
    """The place of a calendar row in Latin letters: 「本町１～３丁目」 → 「Honcho 1–3-chome」."""
    from madoguchi.districts import parse_district  # districts reads the skill texts, which read this

    parsed = parse_district(name)
    words = [m.surface if _kept(m) else _latin(m.reading) for m in default_analyzer().morphs(parsed.base)]
    latin = "".join(words)
    latin = latin[:1].upper() + latin[1:]
    if parsed.chome:
        latin += f" {_chome(sorted(parsed.chome))}-chome"
    return latin or name


@lru_cache(maxsize=4096)
def in_hangul(name: str, spoken: bool = False) -> str:
    """The place of a calendar row in Hangul: 「本町１～３丁目」 → 「혼초 1~3초메」, for the ear
    「혼초 1에서 3초메」. The kana of the whole place are read as one word (中央町 チュウオウチョウ:
    주오초, not 주오조)."""
    from madoguchi.districts import parse_district

    parsed = parse_district(name)
    hangul = to_hangul("".join(m.surface if _kept(m) else m.reading for m in default_analyzer().morphs(parsed.base)))
    if parsed.chome:
        hangul += f" {_chome(sorted(parsed.chome), '에서 ' if spoken else '~', ', ' if spoken else '·')}초메"
    return hangul or name


def _bare(morph: Morph) -> bool:
    """Written without a reading: kana, symbols, numbers and 丁目 (basic words)."""
    surface = morph.surface
    return (
        not _KANJI.search(surface) or morph.reading in ("", _SYMBOL_READING)
        or bool(_NUMERALS.match(surface)) or surface == "丁目"
    )  # fmt: skip


def _annotated(surface: str, reading: str) -> str:
    """「南が丘」, みなみがおか → 「南（みなみ）が丘（おか）」: the reading after each kanji run, split
    where the kana between them stand in the reading (the widget's ruby takes the kanji
    right before a bracket); the whole reading after the word where they do not align."""
    runs = re.findall(r"[\u3400-\u9fff々〆ヶ]+|[^\u3400-\u9fff々〆ヶ]+", surface)
    pattern = "".join("(.+?)" if _KANJI.match(run) else re.escape(jaconv.kata2hira(run)) for run in runs)
    aligned = re.fullmatch(pattern, reading)
    if aligned is None:
        return f"{surface}（{reading}）"
    kana = iter(aligned.groups())
    return "".join(f"{run}（{next(kana)}）" if _KANJI.match(run) else run for run in runs)


def _readings(text: str, stop_at_condition: bool) -> str:
    parts: List[str] = []
    run: List[Morph] = []
    end = 0

    def flush() -> None:
        if run:
            reading = jaconv.kata2hira("".join(m.reading for m in run))
            parts.append(_annotated(text[run[0].begin : run[-1].end], reading))
            run.clear()

    depth = 0  # inside brackets (「いす（金属製）」): as written, no brackets in brackets
    for morph in default_analyzer().morphs(text):
        surface = unicodedata.normalize("NFKC", morph.surface)
        if stop_at_condition and surface in ("(", "の"):
            break
        depth += (surface == "(") - (surface == ")")
        if run and morph.begin != run[-1].end:
            flush()
        if depth > 0 or _bare(morph):
            flush()
            parts.append(text[end : morph.end])
        else:
            if not run:
                parts.append(text[end : morph.begin])
            run.append(morph)
        end = morph.end
    flush()
    return "".join(parts) + text[end:]


@lru_cache(maxsize=4096)
def with_readings(name: str) -> str:
    """The row with the reading after the kanji of its place: 「東町（ひがしまち）」,
    「本町（ほんちょう）１～３丁目」, 「南（みなみ）が丘（おか）」; from a bracket or a 「の」 on (the
    row's condition) as written."""
    return _readings(name.strip(), stop_at_condition=True)


@lru_cache(maxsize=4096)
def kanji_with_readings(text: str) -> str:
    """Any name with the reading after its kanji, for やさしい日本語: 「食用油（しょくようあぶら）」,
    「空（あ）き缶（かん）」 (a waste item's name in the item lookup's answer)."""
    return _readings(text.strip(), stop_at_condition=False)
