"""Words typed in katakana that Sudachi does not know, read as the hiragana they stand for.

A feature phone without kanji conversion, or a half-width keyboard, sends 「ｼﾞｭｳﾐﾝﾋｮｳ ﾄﾘﾀｲ」
(folded to ジュウミンヒョウ トリタイ): Sudachi knows no word ジュウミンヒョウ and keeps each run
as one unknown noun, so neither the words nor the readings meet the entries'. Written in
hiragana, じゅうみんひょう とりたい is read as 住民票 and 取りたい. Only a katakana run Sudachi
does not know changes: a loanword it knows (ペットボトル, マイナンバーカード) stays as typed,
and so does one with a long-vowel mark (マイナポータ, a cut-off マイナポータル): Japanese words
typed in katakana write their long vowels as kana (ジュウミンヒョウ), loanwords with ー.
The hiragana has as many characters, so Sudachi's offsets stay offsets on the resident's text.
"""

from __future__ import annotations

import re
from typing import Sequence

import jaconv

from madoguchi.japanese import Morph

_KATAKANA = re.compile(r"[ァ-ヶ]+")  # no ー: see above


def unknown_katakana_as_hiragana(text: str, morphs: Sequence[Morph]) -> str:
    """`text` (analysed as `morphs`) with every unknown all-katakana word in hiragana."""
    for morph in morphs:
        if not morph.known and _KATAKANA.fullmatch(morph.surface):
            text = text[: morph.begin] + jaconv.kata2hira(morph.surface) + text[morph.end :]
    return text
