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
        # circled numbers that only number lines are left out; named or within a sentence, said
        (
            "次の場合は申告してください。\n①国民健康保険の軽減を受けるため\n②所得証明書が必要なため",
            "次の場合は申告してください。国民健康保険の軽減を受けるため。所得証明書が必要なため。",
        ),
        ("①と②の両方をお持ちください。", "1番目と2番目の両方をお持ちください。"),
        ("手順は①申込み、②券の購入、⑫貼付です。", "手順は1番目、申込み、2番目、券の購入、12番目、貼付です。"),
        ("道路維持課（平日）へご連絡ください。", "道路維持課、平日へご連絡ください。"),
    ],
)
def test_chat_text_becomes_speakable(text, spoken):
    assert speakable(text) == spoken


@pytest.mark.parametrize(
    "text, spoken",
    [
        (
            "Which district do you live in? (for example: Higashi-machi)\n• Burnable waste: Tuesday",
            "Which district do you live in?, for example: Higashi-machi. Burnable waste: Tuesday.",
        ),
        (
            "대형 쓰레기(粗大ごみ)는 신청이 필요합니다\n자세한 내용은 https://www.city.midorino.example/a.html",
            "대형 쓰레기는 신청이 필요합니다.",
        ),
        ("Rác cỡ lớn cần đăng ký trước.\nXem thêm: https://www.city.midorino.example/a.html", "Rác cỡ lớn cần đăng ký trước."),
    ],
)
def test_text_in_a_language_with_spaces_becomes_speakable(text, spoken):
    assert speakable(text, spaced=True) == spoken
