"""Beside a city's imported entries, a best entry that lacks a noun of the question which a
close entry has is not answered: the candidates are shown (madoguchi.sibling_words)."""

from __future__ import annotations

import pytest

from bot.nlu.faq_fallback import FaqFallbackClassifier
from madoguchi.ranking import FALLBACK_INTENT, joint_ranking
from madoguchi.sibling_words import SIBLING_WORDS
from tests.bot.nlu_pipeline import processed, trained_pipeline

QUESTIONS = {
    "procedure/imported_mail": ["住民票の写しを郵送で請求できますか"],
    "procedure/imported_fee": ["住民票の写しの手数料はいくらですか"],
    "procedure/imported_koseki_mail": ["戸籍謄本を郵送で請求できますか"],
    "waste/imported_bulky": ["粗大ごみの収集を申し込む方法は"],
    # other subjects: a noun of more than a fifth of the entries would not count
    "waste/imported_battery": ["乾電池は何ごみですか"],
    "childcare/imported_checkup": ["乳幼児健診の日程を知りたい"],
    "childcare/imported_allowance": ["児童手当の振込日はいつですか"],
    "procedure/imported_seal": ["印鑑登録に必要なものは"],
    "procedure/imported_mynumber": ["マイナンバーカードの暗証番号を忘れました"],
    "greet": ["こんにちは", "おはようございます", "こんばんは"],
    "out_of_scope": ["今日の天気は", "おすすめのラーメン屋", "株価を教えて"],
}
ANSWERS = {
    "procedure/imported_mail": "住民票の写しは郵送でも請求できます。請求書と定額小為替を同封してください。",
    "procedure/imported_fee": "住民票の写しは1通300円です。",
    "procedure/imported_koseki_mail": "戸籍謄本は郵送でも請求できます。本籍地の市区町村へ請求してください。",
    "waste/imported_bulky": "粗大ごみ受付センターに電話かインターネットで申し込んでください。",
    "waste/imported_battery": "乾電池は有害ごみです。透明な袋に入れて出してください。",
    "childcare/imported_checkup": "乳幼児健診の日程は、対象のお子さんに個別にお知らせします。",
    "childcare/imported_allowance": "児童手当は2月、4月、6月、8月、10月、12月の10日に振り込みます。",
    "procedure/imported_seal": "印鑑登録には、登録する印鑑と本人確認書類が必要です。",
    "procedure/imported_mynumber": "暗証番号の再設定は、カードを持って市民課の窓口へお越しください。",
}
FALLBACK = FaqFallbackClassifier(
    {**FaqFallbackClassifier.get_default_config(), "threshold": 0.3, "ambiguity_threshold": 0.0, "refuse_threshold": 0.1}
)


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    return (*trained_pipeline(tmp_path_factory.mktemp("model"), QUESTIONS, ANSWERS), FALLBACK)


def topics(message) -> list:
    return [r["intent"] for r in joint_ranking(message.as_dict()) if "/" in r["intent"]]


def test_a_question_naming_a_close_entrys_noun_gets_the_candidates(pipeline) -> None:
    message = processed(pipeline, "戸籍謄本の手数料はいくらですか")
    assert message.get(SIBLING_WORDS) == ["戸籍謄本"]
    assert message.get("intent")["name"] == FALLBACK_INTENT
    assert topics(message)[:2] == ["procedure/imported_fee", "procedure/imported_koseki_mail"]  # both offered


def test_without_the_check_the_same_question_gets_the_fee_entry_as_its_answer(pipeline) -> None:
    retrieval = pipeline[2]
    retrieval.component_config["sibling_check_below"] = None
    try:
        message = processed(pipeline, "戸籍謄本の手数料はいくらですか")
    finally:
        retrieval.component_config["sibling_check_below"] = 0.8
    assert message.get(SIBLING_WORDS) is None
    assert message.get("intent")["name"] == "procedure"
    assert message.get("response_selector")["default"]["response"]["intent_response_key"] == "procedure/imported_fee"


def test_a_question_whose_nouns_the_best_entry_has_is_answered(pipeline) -> None:
    message = processed(pipeline, "住民票の写しを郵送で取り寄せたい")
    assert message.get(SIBLING_WORDS) is None
    assert message.get("intent")["name"] == "procedure"
    assert message.get("response_selector")["default"]["response"]["intent_response_key"] == "procedure/imported_mail"


def test_a_sure_best_entry_is_not_checked(pipeline) -> None:
    retrieval = pipeline[2]
    ranking = [("procedure/imported_fee", 0.5), ("procedure/imported_koseki_mail", 0.3)]
    assert retrieval.sibling_words("戸籍謄本の手数料はいくらですか", ranking) == ["戸籍謄本"]
    sure = [("procedure/imported_fee", 0.8), ("procedure/imported_koseki_mail", 0.1)]
    assert retrieval.sibling_words("戸籍謄本の手数料はいくらですか", sure) == []


def test_an_entry_far_behind_the_best_counts_unless_a_ratio_is_set(pipeline, monkeypatch) -> None:
    retrieval = pipeline[2]
    far = [("procedure/imported_fee", 0.6), ("procedure/imported_koseki_mail", 0.02)]
    near = [("procedure/imported_fee", 0.6), ("procedure/imported_koseki_mail", 0.04)]
    # the default (0.0): every next entry counts, since wrong answers cost more
    assert retrieval.sibling_words("戸籍謄本の手数料はいくらですか", far) == ["戸籍謄本"]
    # with a ratio, an entry under that share of the best says nothing about which is asked
    monkeypatch.setitem(retrieval.component_config, "sibling_check_ratio", 0.05)
    assert retrieval.sibling_words("戸籍謄本の手数料はいくらですか", far) == []
    assert retrieval.sibling_words("戸籍謄本の手数料はいくらですか", near) == ["戸籍謄本"]


# the rule as bot/config.yml sets it (imported_tie_ratio), beside the same settings
TIE = FaqFallbackClassifier({**FALLBACK.component_config, "imported_tie_ratio": 0.6})


def test_two_sibling_entries_nearly_tied_get_the_candidates(pipeline) -> None:
    # 「住民票の写し」 is in both entries' questions: the fee 0.40, by post 0.28 (0.68 of it)
    tied = processed(pipeline[:3] + (TIE,), "住民票の写しがほしい")
    assert tied.get("intent")["name"] == FALLBACK_INTENT
    assert topics(tied)[:2] == ["procedure/imported_fee", "procedure/imported_mail"]
    # without the rule the fee entry would be the answer
    guessed = processed(pipeline, "住民票の写しがほしい")
    assert guessed.get("response_selector")["default"]["response"]["intent_response_key"] == "procedure/imported_fee"


def test_a_best_entry_well_ahead_of_its_sibling_is_answered(pipeline) -> None:
    # the fee 0.67, by post 0.33 (under 0.6 of it)
    message = processed(pipeline[:3] + (TIE,), "住民票の写し")
    assert message.get("intent")["name"] == "procedure"
    assert message.get("response_selector")["default"]["response"]["intent_response_key"] == "procedure/imported_fee"


def test_a_kana_word_only_a_close_entry_reads_is_named(pipeline) -> None:
    # 「いんかん」 is いん (a verb) + かん to Sudachi: no noun; read as a word it is 印鑑's インカン,
    # which the seal entry's question reads and the card's PIN entry's does not
    retrieval = pipeline[2]
    card_first = [("procedure/imported_mynumber", 0.6), ("procedure/imported_seal", 0.2)]
    assert "インカン" in retrieval.sibling_words("いんかん とうろくしたい", card_first)
    seal_first = [("procedure/imported_seal", 0.6), ("procedure/imported_mynumber", 0.2)]
    assert retrieval.sibling_words("いんかん とうろくしたい", seal_first) == []


def test_a_kana_word_no_close_entry_reads_says_nothing(pipeline) -> None:
    # りさい (罹災) is in no entry's question; とどけたい ends as a predicate
    retrieval = pipeline[2]
    ranking = [("procedure/imported_mynumber", 0.6), ("procedure/imported_seal", 0.2)]
    assert retrieval.sibling_words("りさい とどけたい", ranking) == []
