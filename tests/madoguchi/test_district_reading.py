"""District names staff wrote in no other letters (an imported city's): read by Sudachi, in
Latin letters for English and Vietnamese readers, in Hangul for Korean ones, with kana
readings in やさしい日本語."""

from __future__ import annotations

import pytest

from madoguchi.district_reading import in_hangul, kanji_with_readings, romanized, with_readings


@pytest.mark.parametrize(
    "row, latin",
    [
        ("本町１～３丁目", "Honcho 1–3-chome"),  # road-sign Hepburn: no long vowels
        ("中央２～４丁目", "Chuo 2–4-chome"),
        ("東山１・２丁目", "Higashiyama 1, 2-chome"),
        ("若葉台一丁目～三丁目", "Wakabadai 1–3-chome"),
        ("南が丘", "Minamigaoka"),
        ("昭和通3～9丁目", "Showadori 3–9-chome"),
        ("川端（県道沿いの家庭を除く）", "Kawabata"),  # the condition stays in Japanese beside it
    ],
)
def test_a_row_is_written_in_latin_letters(row: str, latin: str) -> None:
    assert romanized(row) == latin


@pytest.mark.parametrize(
    "row, hangul",
    [
        ("本町１～３丁目", "혼초 1~3초메"),
        ("東山１・２丁目", "히가시야마 1·2초메"),
        ("中央町", "주오초"),  # the place is one word: ちょう inside it is aspirated, long vowels not written
        ("南が丘", "미나미가오카"),
        ("昭和通3～9丁目", "쇼와도리 3~9초메"),
        ("川端（県道沿いの家庭を除く）", "가와바타"),  # the condition stays in Japanese beside it
    ],
)
def test_a_row_is_written_in_hangul_for_korean_readers(row: str, hangul: str) -> None:
    assert in_hangul(row) == hangul


def test_the_korean_voice_is_given_the_丁目_numbers_in_words_it_reads() -> None:
    assert in_hangul("本町１～３丁目", spoken=True) == "혼초 1에서 3초메"
    assert in_hangul("東山１・２丁目", spoken=True) == "히가시야마 1, 2초메"


@pytest.mark.parametrize(
    "row, easy",
    [
        ("本町１～３丁目", "本町（ほんちょう）１～３丁目"),
        ("若葉台一丁目～三丁目", "若葉台（わかばだい）一丁目～三丁目"),  # numbers and 丁目 are basic words
        ("東町", "東町（ひがしまち）"),  # one reading after the run of kanji, as the widget puts it in <ruby>
        ("川端の県道沿いの家庭", "川端（かわばた）の県道沿いの家庭"),
        ("南が丘", "南（みなみ）が丘（おか）"),  # each kanji its reading: the widget rubies the kanji before a bracket
    ],
)
def test_in_easy_japanese_each_kanji_word_of_the_place_gets_its_reading(row: str, easy: str) -> None:
    assert with_readings(row) == easy


@pytest.mark.parametrize(
    "name, easy",
    [
        ("食用油", "食用油（しょくようあぶら）"),
        ("空き缶", "空（あ）き缶（かん）"),  # each kanji run its own reading, for the widget's ruby
        ("たばこの吸い殻", "たばこの吸（す）い殻（がら）"),  # an item's name is read whole
        ("いす（金属製）", "いす（金属製）"),  # no brackets inside brackets
    ],
)
def test_an_items_name_gets_the_reading_after_its_kanji(name: str, easy: str) -> None:
    assert kanji_with_readings(name) == easy
