from __future__ import annotations

import pytest

from madoguchi.speech import speakable


@pytest.mark.parametrize(
    "text, spoken",
    [
        (
            "お住まいの地区（町名）を教えてください（例：東町、緑が丘一丁目）。",
            "お住まいの地区、町名を教えてください、例、東町、緑が丘一丁目。",
        ),
        ("・燃やすごみ：毎週火曜日・金曜日（次は12月4日（金））", "燃やすごみ、毎週火曜日、金曜日、次は12月4日、金曜日。"),
        (
            "ソファは「粗大ごみ」です。\n詳しくは https://www.city.midorino.example/a.html をご覧ください。",
            "ソファは粗大ごみです。",
        ),
    ],
)
def test_chat_text_becomes_speakable(text, spoken):
    assert speakable(text) == spoken
