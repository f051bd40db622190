"""The question's nouns that its best entry lacks and a close entry has (real Sudachi)."""

from __future__ import annotations

import pytest

from madoguchi.japanese import default_analyzer
from madoguchi.sibling_words import as_katakana, common_nouns, kana_sibling_words, kana_words, nouns, sibling_words

ENTRIES = {
    "tax_proxy": frozenset({"家族", "代わり", "納税証明書", "こと"}),
    "id_where": frozenset({"身分証明書", "どこ", "請求", "こと"}),
    "id_fee": frozenset({"身分証明書", "手数料", "こと"}),
}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("家族が代わりに身分証明書を取ることはできますか？", ["家族", "代わり", "身分証明書", "こと"]),
        ("住民票の写しを取るには、どこに行けばいいですか？", ["住民票", "写し", "どこ"]),
        ("戸籍謄本の手数料はいくらですか", ["戸籍謄本", "手数料", "幾ら"]),
        ("ｺﾝﾋﾞﾆで住民票、コンビニで住民票", ["コンビニ", "住民票"]),  # width folded, once each
    ],
)
def test_nouns_and_pronouns_by_their_normalized_form(text, expected) -> None:
    assert nouns(default_analyzer().morphs(text)) == expected


def test_a_noun_of_the_question_that_only_a_close_entry_has_is_named() -> None:
    question = ["家族", "代わり", "身分証明書", "こと"]
    assert sibling_words(question, "tax_proxy", ["id_where", "id_fee"], ENTRIES) == ["身分証明書"]


def test_nothing_is_named_when_the_best_entry_has_every_noun_a_close_one_has() -> None:
    # 窓口 is in no entry: it tells none of them apart
    assert sibling_words(["身分証明書", "手数料", "窓口"], "id_fee", ["id_where", "tax_proxy"], ENTRIES) == []


def test_a_noun_of_many_entries_does_not_count() -> None:
    common = common_nouns(ENTRIES, 0.5)
    assert common == frozenset({"こと", "身分証明書"})
    assert sibling_words(["こと", "どこ"], "tax_proxy", ["id_where"], ENTRIES, common) == ["どこ"]
    assert sibling_words(["身分証明書"], "tax_proxy", ["id_where"], ENTRIES, common) == []


def test_an_entry_outside_the_known_ones_is_passed_over() -> None:
    assert sibling_words(["どこ"], "unknown", ["also_unknown", "id_where"], ENTRIES) == ["どこ"]


# which entries' questions read each kana word (every pair of its characters), as the
# retrieval index's reading channel tells (bot.nlu.faq_retrieval), among five entries:
# dog 犬の登録, seal 印鑑登録の手続き, seal_card 印鑑登録証をなくした, id 身分証明書がほしい,
# no_tax 非課税証明書が欲しい
READERS = {
    "インカン": ["seal", "seal_card"],
    "ヒカゼイショウメイ": ["no_tax"],
    "ショウメイ": ["id", "no_tax"],
    "ニホンゴ": [],
}
ENTRY_COUNT = 5


def test_hiragana_becomes_katakana_and_the_rest_stays() -> None:
    assert as_katakana("いんかんー") == "インカンー"
    assert as_katakana("印鑑ABC") == "印鑑ABC"


@pytest.mark.parametrize(
    "text, expected",
    [
        # Sudachi cuts いんかん into いん (a verb) and かん: read as a word, it names 印鑑
        ("いんかん とうろくしたい", ["インカン"]),
        ("ひかぜいしょうめい　ほしい", ["ヒカゼイショウメイ"]),  # a full-width space parts words too
        # read alone くるまいす would end as a predicate (くる + まい + す); in its sentence it does not
        ("くるまいす かりたい", ["クルマイス"]),
        # a chunk ending as a predicate asks the act (ほしい, かりたい), not the thing
        ("じゅうみんひょう ほしい", ["ジュウミンヒョウ"]),
        ("とうろくしたい", []),
        # kanji, katakana, two kana, or no space: not a hiragana word of its own
        ("印鑑 とうろくしたい", []),
        ("モバイルバッテリー すてたい", []),
        ("ごみ だしかた", ["ダシカタ"]),
        ("いんかんとうろくしたい", []),
    ],
)
def test_hiragana_words_typed_on_their_own_that_name_a_thing(text, expected) -> None:
    assert kana_words(text, default_analyzer().morphs(text)) == expected


def readers(*words: str) -> dict:
    return {word: READERS[word] for word in words}


def test_a_kana_word_only_a_close_entry_reads_is_named() -> None:
    # 「いんかん とうろくしたい」: 犬の登録 shares 登録 and does not read インカン
    assert kana_sibling_words(readers("インカン"), "dog", ["seal_card", "seal"], ENTRY_COUNT, 0.5) == ["インカン"]
    assert kana_sibling_words(readers("ヒカゼイショウメイ"), "id", ["no_tax"], ENTRY_COUNT, 0.5) == ["ヒカゼイショウメイ"]


def test_a_kana_word_the_best_entry_reads_is_not_named() -> None:
    assert kana_sibling_words(readers("インカン"), "seal", ["seal_card", "dog"], ENTRY_COUNT, 0.5) == []


def test_a_kana_word_no_close_entry_reads_or_many_do_says_nothing() -> None:
    assert kana_sibling_words(readers("インカン"), "dog", ["id", "no_tax"], ENTRY_COUNT, 0.5) == []  # only farther ones
    assert kana_sibling_words(readers("ニホンゴ"), "dog", ["seal"], ENTRY_COUNT, 0.5) == []  # no entry reads it
    assert kana_sibling_words(readers("ショウメイ"), "dog", ["id"], ENTRY_COUNT, 0.2) == []  # two of five entries
    assert kana_sibling_words(readers("ショウメイ"), "dog", ["id"], ENTRY_COUNT, 0.5) == ["ショウメイ"]
