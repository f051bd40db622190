"""Kana in Hangul by the Korean standard transcription of Japanese (외래어 표기법, 일본어)."""

from __future__ import annotations

from pathlib import Path

import pytest

from madoguchi.hangul import load_table, particle, to_hangul
from madoguchi.japanese import DataFileError


@pytest.mark.parametrize(
    "kana, hangul",
    [
        ("ひがしまち", "히가시마치"),
        ("とうきょう", "도쿄"),  # plain at the start of a word, aspirated inside; long vowels not written
        ("さっぽろ", "삿포로"),  # っ: the final ㅅ
        ("しんじゅく", "신주쿠"),  # ん: the final ㄴ
        ("ちゅうおう", "주오"),
        ("ほっかいどう", "홋카이도"),
        ("おおさか", "오사카"),
        ("にいがた", "니가타"),
        ("めいじ", "메이지"),  # えい is written
        ("きょうと", "교토"),
        ("ちば", "지바"),
        ("わかばちょう", "와카바초"),
        ("ミドリガオカ", "미도리가오카"),  # Sudachi's readings are katakana
        ("センター", "센타"),  # ー: not written
        ("ひがし2", "히가시2"),  # what is not kana is kept as written
    ],
)
def test_kana_are_written_in_hangul_as_korean_maps_write_japanese_places(kana: str, hangul: str) -> None:
    assert to_hangul(kana) == hangul


def test_a_word_starts_again_after_a_space() -> None:
    assert to_hangul("きた たかまつ") == "기타 다카마쓰"


def test_a_broken_table_line_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "kana_hangul.tsv"
    path.write_text("# kana, start, elsewhere\nか\t가\t카\nき\tki\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"kana_hangul.tsv:3: expected"):
        load_table(path)


@pytest.mark.parametrize(
    "word, topic, subject",
    [
        ("자전거(自転車)", "는", "가"),  # ends in a vowel; the Japanese gloss is not read
        ("책상", "은", "이"),  # ends in a consonant (ㅇ)
        ("텔레비전(テレビ)", "은", "이"),
        ("미도리노 클린센터", "는", "가"),
        ("ソファ", "은(는)", "이(가)"),  # no Hangul: Korean writes both
    ],
)
def test_a_particle_follows_the_last_hangul_syllable(word: str, topic: str, subject: str) -> None:
    assert particle(word, "은", "는") == topic
    assert particle(word, "이", "가") == subject
