"""Traditional Chinese read as the simplified the corpus is written in (madoguchi.traditional_chinese),
with the real OpenCC and the real jieba."""

from __future__ import annotations

from madoguchi.chinese import chinese_morphs
from madoguchi.traditional_chinese import as_simplified, has_traditional, simplified


def test_traditional_text_is_folded_into_simplified_of_the_same_length() -> None:
    assert simplified("放學後兒童俱樂部怎麼申請") == "放学后儿童俱乐部怎么申请"
    assert as_simplified("兒童津貼要怎麼申請") == "儿童津贴要怎么申请"


def test_japanese_and_simplified_chinese_are_left_as_they_are() -> None:
    # 時, 後, 開 and 請 are everyday Japanese kanji too: they fold nothing alone
    for text in ("時間外の受付", "後期高齢者", "開庁時間を教えて", "請求書", "住民票怎么开", "戸籍謄本"):
        assert not has_traditional(text), text
        assert as_simplified(text) == text


def test_chinese_words_of_traditional_text_are_the_simplified_words_on_the_residents_characters() -> None:
    assert [(m.surface, m.begin, m.end, m.lemma) for m in chinese_morphs("兒童津貼要怎麼申請")] == [
        ("兒童", 0, 2, "儿童"),
        ("津貼", 2, 4, "津贴"),
        ("要", 4, 5, "要"),
        ("怎麼", 5, 7, "怎么"),
        ("申請", 7, 9, "申请"),
    ]
    # simplified text is cut as before
    assert [m.lemma for m in chinese_morphs("儿童津贴要怎么申请")] == ["儿童", "津贴", "要", "怎么", "申请"]
