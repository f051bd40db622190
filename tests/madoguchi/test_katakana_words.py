"""Unknown katakana words (a feature phone's 「ｼﾞｭｳﾐﾝﾋｮｳ ﾄﾘﾀｲ」) read as hiragana, with the real Sudachi."""

from __future__ import annotations

import pytest

from madoguchi.japanese import default_analyzer, respell
from madoguchi.katakana_words import unknown_katakana_as_hiragana


def _as_hiragana(text: str) -> str:
    folded = respell(text, [])  # half-width katakana folded, as retrieval sees it
    return unknown_katakana_as_hiragana(folded, default_analyzer().morphs(folded))


@pytest.mark.parametrize(
    "typed, read",
    [
        ("ｼﾞｭｳﾐﾝﾋｮｳ ﾄﾘﾀｲ ﾄﾞｺ", "じゅうみんひょう とりたい ドコ"),  # ドコ is a word Sudachi knows
        ("カゼイ ショウメイショ ホシイ", "かぜい しょうめいしょ ほしい"),
        # loanwords Sudachi knows stay as typed
        ("ペットボトル ノ ダシカタ", "ペットボトル ノ だしかた"),
        ("マイナンバーカード コウシン", "マイナンバーカード こうしん"),
        ("マイナポータるで申請", "マイナポータるで申請"),  # a loanword's long-vowel mark: not kana for Japanese
        ("粗大ごみの申し込み", "粗大ごみの申し込み"),
    ],
)
def test_unknown_katakana_words_become_hiragana_of_the_same_length(typed: str, read: str) -> None:
    assert _as_hiragana(typed) == read
    assert len(read) == len(respell(typed, []))  # as long as the folded text


def test_the_hiragana_is_read_as_words() -> None:
    # トリタイ was one unknown noun; とりたい is 取る and たい, as a hiragana question is read
    morphs = default_analyzer().morphs(_as_hiragana("ｼﾞｭｳﾐﾝﾋｮｳ ﾄﾘﾀｲ"))
    assert [(m.surface, m.lemma) for m in morphs][-2:] == [("とり", "取る"), ("たい", "たい")]
