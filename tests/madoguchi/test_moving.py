"""Household facts from free text, the checklist they select, deadlines and the SMS summary."""

from __future__ import annotations

import datetime

import pytest

from madoguchi import moving
from madoguchi.corpus.validate import SMS_MAX_CHARS, ucs2_length

TODAY = datetime.date(2026, 12, 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("来月市外に引っ越します、子どもが2人と犬がいます",
         {"move_type": "out", "move_date": "2027-01", "children": "yes", "dog": True}),
        ("市内で引っ越します。12月20日です", {"move_type": "within", "move_date": "2026-12-20"}),
        ("来月10日に東京から引っ越してきます", {"move_type": "in", "move_date": "2027-01-10"}),
        ("１月５日", {"move_date": "2027-01-05"}),
        ("未定です", {"move_date": "undecided"}),
        # weekdays and days ahead (TODAY is a Tuesday): 「来週の月曜日」 was no date
        ("来週の月曜日", {"move_date": "2026-12-07"}),
        ("再来週の土曜日です", {"move_date": "2026-12-19"}),
        ("今週金曜", {"move_date": "2026-12-04"}),
        ("火曜日", {"move_date": "2026-12-08"}),  # said on a Tuesday: the next one
        ("木曜日に市外へ引っ越します", {"move_type": "out", "move_date": "2026-12-03"}),
        ("１０日後", {"move_date": "2026-12-11"}),
        ("2週間後です", {"move_date": "2026-12-15"}),
        ("子どもはいません", {"children": "none"}),
        ("小学生と3歳の子がいます", {"children": "both"}),
        ("犬は飼っていません", {"dog": False}),
        ("会社の保険です", {"national_insurance": False}),
        ("国保に入っています", {"national_insurance": True}),
        ("印鑑登録はしていません", {"seal_registration": False}),
        ("よろしくお願いします", {}),
    ],
)  # fmt: skip
def test_facts(text, expected):
    assert moving.facts(text, TODAY) == expected


def test_checklist_for_a_family_moving_in_with_a_dog():
    household = {"move_type": "in", "move_date": "2026-12-20", "children": "preschool", "dog": True,
                 "national_insurance": True, "seal_registration": False}  # fmt: skip
    items = moving.default_checklist().for_household(household)
    assert [item.name for item in items] == [
        "転入届",
        "マイナンバーカードの住所変更",
        "国民健康保険の加入",
        "国民年金の住所変更",
        "児童手当の申請",
        "子ども医療費受給者証の申請",
        "保育園の入園申し込み",
        "犬の登録の変更（前の市の鑑札を持参）",
    ]
    assert moving.deadline(items[0], "2026-12-20") == "引っ越しから14日以内（1月3日まで）"
    assert moving.deadline(items[0], "2027-01") == "引っ越しから14日以内"
    summary = moving.sms_summary(
        items, "2026-12-20", "https://www.city.midorino.example/kurashi/hikkoshi.html", "みどり野市", SMS_MAX_CHARS
    )
    assert summary.startswith("みどり野市・引っ越しの手続き：転入届(1月3日まで)、マイナカード(1月3日まで)、")
    assert summary.endswith("\n詳しくは https://www.city.midorino.example/kurashi/hikkoshi.html")
    assert ucs2_length(summary) <= SMS_MAX_CHARS


def test_moving_out_alone():
    items = moving.default_checklist().for_household({"move_type": "out", "children": "none", "dog": False,
                                                      "national_insurance": False, "seal_registration": True})  # fmt: skip
    assert [item.name for item in items] == ["転出届", "印鑑登録は転出届で廃止（印鑑登録証は返却）"]
    assert moving.deadline(items[0], "2026-12-20") == "引っ越しの14日前から引っ越し後14日以内（12月6日から）"


def test_every_checklist_topic_exists_in_the_corpus(corpus):
    topics = corpus.by_id()
    assert all(item.faq in topics for item in moving.default_checklist().items)
