"""The question's nouns that its best entry lacks and a close entry has (real Sudachi)."""

from __future__ import annotations

import pytest

from madoguchi.japanese import default_analyzer
from madoguchi.sibling_words import common_nouns, nouns, sibling_words

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
