"""Romaji an IME left in a Japanese question become kana (madoguchi.romaji)."""

from __future__ import annotations

import pytest

from madoguchi.romaji import romaji_as_kana


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("住民hyouがほしい", "住民ひょうがほしい"),
        ("ほいくえnに申し込みたい", "ほいくえんに申し込みたい"),  # the last ん not converted
        ("こせきとうほnの取り方", "こせきとうほんの取り方"),
        ("しゅっseiとどけ", "しゅっせいとどけ"),  # a doubled consonant inside: ss
        ("mainanba-カードの更新", "まいなんばーカードの更新"),  # a long vowel at the end
        ("粗大gomiの申し込み", "粗大ごみの申し込み"),
    ],
)
def test_romaji_beside_japanese_become_hiragana(typed, meant):
    assert romaji_as_kana(typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "pdfの申請書",  # no vowel: an abbreviation
        "cardをなくした",  # c alone is no syllable: an English word
        "okです",  # a final k
        "eメール",  # one letter of its own (only n stands for ん)
        "Wi-Fiある?",  # part of a longer latin run, a dash inside
        "iPhoneで申請",  # capitals
        "gomi の日",  # a space between: nothing touches it
        "how do i renew my card",  # English, no Japanese beside it
        "LINEで申請",
    ],
)
def test_abbreviations_english_and_separate_words_stay(text):
    assert romaji_as_kana(text) == text
