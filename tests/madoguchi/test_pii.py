import pytest

from madoguchi.pii import mask_pii


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("090-1234-5678に電話ください", "[電話番号]に電話ください"),
        ("携帯は09012345678です", "携帯は[電話番号]です"),
        ("０９０ー１２３４ー５６７８まで", "[電話番号]まで"),
        ("自宅 03 1234 5678", "自宅 [電話番号]"),
        ("+81 90-1234-5678", "[電話番号]"),
        ("(03)1234-5678", "[電話番号]"),
        ("マイナンバーは123456789012です", "マイナンバーは[12桁の番号]です"),
        ("1234 5678 9012 で合ってる？", "[12桁の番号] で合ってる？"),
        ("taro.yamada+city@example.co.jp に返事を", "[メールアドレス] に返事を"),
        ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "[メールアドレス]"),
        ("スーパー0120-123-456に", "スーパー[電話番号]に"),
    ],
)
def test_personal_information_is_masked(text: str, masked: str) -> None:
    assert mask_pii(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "粗大ごみを出したい",
        "12月20日に引っ越します",
        "2026-12-01に転入しました",
        "〒123-4567 みどり野市",
        "子どもが2人と犬が1匹います",
        "1234567890123 は13桁なので番号ではない",
        "料金は1,200円ですか",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert mask_pii(text) == text
