"""Waste items named in English, Chinese, Korean and Vietnamese (and kana phrases of
やさしい日本語): they find the Japanese item (whose category the dictionary decides), and the
lookup can say it in those languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from madoguchi.item_names import (
    CATEGORY_CODES,
    ITEM_NAMES_FILE,
    KANA,
    LANGUAGES,
    TEXTS_FILE_NAME,
    TRANSLATIONS_DIR,
    asks_about_item,
    item_names,
    item_texts,
    load_item_names,
    load_item_texts,
)
from madoguchi.japanese import DataFileError
from madoguchi.waste_items import load_items, sample_dictionary


@pytest.mark.parametrize(
    "text, item",
    [
        ("How do I throw away a frying pan?", "フライパン"),
        ("how to get rid of my old MATTRESS", "マットレス"),
        ("Which garbage are PET bottles?", "ペットボトル"),
        ("where do I put used batteries", "乾電池"),
        ("沙发怎么扔？", "ソファ"),
        ("旧冰箱怎么处理", "冷蔵庫"),
        ("충전기는 어떻게 버려요?", "充電器"),
        ("냉장고를 버리고 싶어요", "冷蔵庫"),  # a particle after the name
        ("Vứt xe đạp cũ thế nào?", "自転車"),
        ("Bình xịt là rác gì?", "スプレー缶"),
        ("vut xe dap cu the nao", "自転車"),  # Vietnamese typed without marks
        ("binh xit la rac gi", "スプレー缶"),
        ("打火机是什么垃圾？", "ライター"),  # not the Japanese 机 (desk) inside it
        ("how do I throw away a dead light bulb", "電球"),  # not ライト, a Japanese word for "light"
        # traditional characters, read as the simplified names: 电饭煲, 平底锅
        ("電飯煲是什麼垃圾", "炊飯器"),
        ("平底鍋怎麼丟", "フライパン"),
    ],
)
def test_a_name_in_another_language_finds_the_japanese_item(text: str, item: str) -> None:
    assert [found.name for found in sample_dictionary().find(text)] == [item]


@pytest.mark.parametrize(
    "text, item",
    [
        ("つかった あぶらは どう すてますか", "食用油"),  # the dictionary knows 天ぷら油, not this phrase
        ("つかったあぶらは なにごみ", "食用油"),  # written without the spaces
        ("ふるい ふくを すてたい", "衣類"),
        ("ガラスの かけらは どう しますか", "割れたガラス"),
        ("れいぞうこを すてたい", "冷蔵庫"),  # by its reading, as before: the dictionary comes first
    ],
)
def test_easy_japanese_kana_phrases_find_the_item(text: str, item: str) -> None:
    assert [found.name for found in sample_dictionary().find(text)] == [item]


def test_kana_phrases_are_not_answered_with_and_not_found_in_other_languages() -> None:
    names = item_names()
    assert names.display_name("食用油", KANA) is None  # the answer names 食用油 in Japanese
    assert names.display_name("食用油", "en") == "cooking oil"
    assert names.find("Tôi có ガラス") == []  # kana phrases are for Japanese text only


@pytest.mark.parametrize(
    "text, items",
    [
        ("What bag do I need for burnable garbage?", []),  # Sudachi reads "bag" as バッグ (かばん): not asked about
        ("How do I throw away 粗大ごみ like a sofa?", ["ソファ"]),
        ("How do I throw away ふとん?", ["布団"]),  # a Japanese word in an English question
        ("怎么扔フライパン", ["フライパン"]),
    ],
)
def test_in_another_language_the_japanese_index_finds_only_japanese_words(text: str, items: list) -> None:
    assert [i.name for i in sample_dictionary().find(text)] == items


def test_the_longest_name_wins() -> None:
    assert [i.name for i in sample_dictionary().find("how do I throw away a frying pan")] == ["フライパン"]  # not 鍋 (pan)
    assert [i.name for i in sample_dictionary().find("컵라면 용기는 어떻게 버려요")] == ["カップ麺の容器"]  # not コップ (컵)


@pytest.mark.parametrize(
    "text",
    [
        "Is the fancy new city website open on Sundays?",  # "fan" only as a word
        "Xe ô tô cũ vứt ở đâu",  # "ô" (umbrella) is not inside "ô tô" (car)
        "예약은 어떻게 해요",  # 약 (medicine) only at the start of a word
        "床に置いた段ボールの捨て方",  # Japanese: 床 is a floor, not the Chinese 床 (bed)
    ],
)
def test_names_are_words_not_substrings(text: str) -> None:
    assert item_names().find(text) == []
    assert "ベッド" not in [i.name for i in sample_dictionary().find(text)]


def test_at_least_100_common_items_have_names_in_every_language_and_exist_in_the_dictionary() -> None:
    names = load_item_names().names
    complete = [item for item, by_language in names.items() if set(LANGUAGES) <= set(by_language)]
    assert len(complete) >= 100
    known = {item.name for item in load_items()}
    assert sorted(set(names) - known) == []


def test_every_named_item_is_answered_with_its_own_note_in_every_language() -> None:
    notes = {item.name: item.how for item in load_items()}
    for language in LANGUAGES:
        texts = item_texts(language)
        assert texts is not None, language
        untranslated = [item for item in load_item_names().names if notes[item] not in texts.notes]
        assert untranslated == [], language
        assert sorted(set(texts.notes) - set(notes.values())) == [], f"{language}: notes no item has"


@pytest.mark.parametrize("language", [*LANGUAGES, "ja-easy"])
def test_each_language_names_every_category(language: str) -> None:
    texts = load_item_texts(TRANSLATIONS_DIR / language / TEXTS_FILE_NAME)
    assert set(texts.categories) == set(CATEGORY_CODES) == set(texts.by_category)


@pytest.mark.parametrize(
    "text, asks",
    [
        ("How do I throw away a frying pan?", (False, True)),
        ("Is a frying pan burnable?", (True, False)),
        ("沙发是什么垃圾", (True, False)),
        ("沙發是什麼垃圾", (True, False)),  # 什麼 read as 什么
        ("소파는 어떻게 버려요?", (False, True)),
        ("Bình xịt là rác gì?", (True, False)),
        ("vut noi com dien the nao", (False, True)),  # vứt typed without marks
        ("What time does city hall open?", (False, False)),
    ],
)
def test_question_words_in_each_language(text: str, asks: tuple) -> None:
    assert asks_about_item(text) == asks


def test_an_english_sentence_is_not_taken_for_an_unknown_items_name() -> None:
    dictionary = sample_dictionary()
    assert dictionary.item_phrase("How do I throw away a hoverboard that no longer works?") is None
    assert dictionary.item_phrase("hoverboard") == "hoverboard"


@pytest.mark.parametrize(
    "content, message",
    [
        ("ソファ\tsofa\t沙发\t소파\n", "expected 'item<TAB>en<TAB>zh<TAB>ko<TAB>vi[<TAB>ja-easy]', got 4 field(s)"),
        (
            "ソファ\tsofa\t沙发\t소파\tsofa\tそふぁ\nベッド\tbed\t床\t침대\tgiường\tそふぁ\n",
            ":2: ja-easy name 'そふぁ' is already used on line 1",
        ),
        ("ソファ\tsofa\t沙发\t소파\tsofa\nベッド\tbed|Sofa\t床\t침대\tgiường\n", ":2: en name 'Sofa' is already used on line 1"),
        ("ソファ\tsofa\t沙发\t소파\tsofa\nソファ\tcouch\t\t\t\n", ":2: 'ソファ' is already listed"),
    ],
)
def test_a_broken_names_file_is_reported_with_its_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "names.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_item_names(path)
    assert message in str(error.value)


def test_a_texts_file_without_a_category_is_reported(tmp_path: Path) -> None:
    path = tmp_path / TEXTS_FILE_NAME
    path.write_text("categories: {burnable: Burnable}\nby_category: {}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="'categories' lacks non_burnable"):
        load_item_texts(path)


def test_the_names_file_is_the_one_beside_the_dictionary() -> None:
    assert ITEM_NAMES_FILE.parent == load_items.__defaults__[0].parent  # type: ignore[index]


def test_in_easy_japanese_every_named_item_is_answered_with_its_own_note() -> None:
    """「つかった あぶら」 is told to soak it up or set it, 「ガラスの かけら」 to wrap it and write
    キケン: the category's general rule (a bag on the burnable day) would be wrong for them."""
    notes = {item.name: item.how for item in load_items()}
    texts = item_texts(KANA)
    assert texts is not None
    assert [item for item in load_item_names().names if notes[item] not in texts.notes] == []
    assert sorted(set(texts.notes) - set(notes.values())) == []
    assert "キケン" in texts.how(notes["割れたガラス"], "non_burnable")


def test_names_without_marks_are_found_only_in_text_typed_without_marks() -> None:
    names = item_names()
    assert [m.value for m in names.find("vut noi com dien the nao")] == ["炊飯器"]
    # with its marks the text is read by the names with theirs: 「nói」 (to speak) is not 「nồi」 (a pot)
    assert names.find("Tôi muốn nói chuyện với nhân viên") == []
