"""Words as やさしい日本語 learners and kana-only residents type them (issue 16, easy16i):
kana words Sudachi cut into other words (faq_corpus/user_dictionary.tsv), 籍を入れる read as
入籍, ちがう before a place read as ほかの (faq_corpus/resident_spellings.tsv), and big cities
typed in kana with their し (faq_corpus/other_places.tsv)."""

from __future__ import annotations

import pytest

from madoguchi.japanese import default_analyzer, load_spelling_rules, respell
from madoguchi.other_places import default_other_places
from madoguchi.paths import CORPUS_DIR

RULES = load_spelling_rules(CORPUS_DIR / "resident_spellings.tsv")


def _lemmas(text: str) -> list[str]:
    return [m.lemma for m in default_analyzer().morphs(text) if m.surface.strip()]


@pytest.mark.parametrize(
    "typed, lemma",
    [
        ("ほかの けんの かいしゃに いく", "会社"),  # was か + 医者
        ("てんきんで ひっこす", "転勤"),  # was 天気 + ん
        ("ぜいきん はらう", "税金"),  # was ぜ + 行く + ず
        ("しょるい なに いる", "書類"),  # was しょ + 類
        ("にゅうせき の てつづき", "入籍"),  # was にゅう + せき
    ],
)
def test_kana_words_sudachi_cut_apart_are_read_whole(typed: str, lemma: str) -> None:
    assert lemma in _lemmas(typed)


def test_a_longer_kana_word_around_a_listed_one_is_not_cut_for_it() -> None:
    """かいしゅう (回収) starts like かいしゃ: it stays one word, no 会社 in it."""
    assert "会社" not in _lemmas("そだいごみ かいしゅう")


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("来月籍入れるんだけど何出せばいい？", "来月入籍するんだけど何出せばいい?"),
        ("籍を入れました", "入籍しました"),
        ("籍入れます", "入籍します"),
        ("せき いれる てつづき", "入籍する てつづき"),
        ("せきを いれたい", "入籍したい"),
    ],
)
def test_putting_names_in_the_register_is_read_as_a_marriage(typed: str, meant: str) -> None:
    assert respell(typed, RULES) == meant


@pytest.mark.parametrize(
    "literal",
    [
        "本籍を入れる欄",  # the permanent domicile written on a form
        "国籍を入れる",
        "こせき いれる",  # the family register in kana, not 籍 alone
        "ほんせきを いれて ください",
        "せき が でる",  # a cough
    ],
)
def test_other_registers_and_a_cough_are_left_alone(literal: str) -> None:
    assert respell(literal, RULES) == literal


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("ちがう けん の かいしゃ に いく", "ほかの けん の かいしゃ に いく"),
        ("違う県の会社に行く", "ほかの県の会社に行く"),
        ("ちがう くにから きました", "ほかの くにから きました"),
        ("ちがう まち", "ほかの まち"),
    ],
)
def test_ちがう_before_a_place_is_read_as_ほかの(typed: str, meant: str) -> None:
    assert respell(typed, RULES) == meant


@pytest.mark.parametrize(
    "literal",
    [
        "ちがう",  # "no", a deny
        "すんでいる まちが ちがう",  # ちがう after the place
        "ちがう ごみ の ひ",  # not a place
        "ちがう けんしん",  # けん begins another word (健診)
    ],
)
def test_ちがう_elsewhere_is_left_alone(literal: str) -> None:
    assert respell(literal, RULES) == literal


@pytest.mark.parametrize(
    "question, place",
    [
        ("おおさかし の そだいごみ", "おおさかし"),  # Sudachi: 多い + さ + かし
        ("こうべし で ほいくえん", "こうべし"),
        ("きょうとし の しやくしょ", "きょうとし"),
    ],
)
def test_a_big_city_typed_in_kana_with_its_し_is_another_city(question: str, place: str) -> None:
    assert default_other_places().named(question) == place


@pytest.mark.parametrize(
    "question",
    [
        "おおさか の かいしゃ に いく",  # no し, no service: a move for work
        "おおさかし から ひっこして きた",  # moving in
        "きょうとどけを だしたい",  # きょう + とどけ, not 京都
    ],
)
def test_kana_that_only_looks_like_a_listed_city_is_left_alone(question: str) -> None:
    assert default_other_places().named(question) is None
