"""Questions that name a topic's thing and ask something else about it are told apart from
questions on the city's procedure (madoguchi/other_questions.py, faq_corpus/other_questions.tsv)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from madoguchi.japanese import DataFileError
from madoguchi.other_questions import default_question_cues, load_question_cues
from madoguchi.paths import FAQ_DIR


@pytest.mark.parametrize(
    "question, cue",
    [
        ("保育料の制度はいつ頃からあるの？", "いつ頃からある"),  # history
        ("住民票って誰が考えたの", "誰が考えた"),
        ("犬の登録が始まったのは何年？", "始まったのは何年"),
        ("家電リサイクル法とはどんな法律？", "法とは"),  # a law as a subject
        ("落ち葉で腐葉土を作るには", "作るには"),  # making something of the thing
        ("古い冷蔵庫を修理して使いたい", "修理"),
        ("出生届は友引を避けるべき？", "友引"),  # customs and fortune
        ("引っ越し祝いのお返し", "引っ越し祝い"),
        ("おしゃれな粗大ごみシールってある？", "おしゃれ"),  # shopping
        ("母子手帳って英語で何？", "英語で"),  # translations
        ("残ったご飯で何か作れる？", "何か作れ"),  # cooking
        ("年金を投資で増やしたい", "投資"),  # money
        ("犬の散歩にいいとこ知らない？", "いいとこ知らな"),  # a recommendation, as said
        ("保育士になるには何を勉強すればいい？", "になるには"),  # a job around the service
        ("らくようで たいひの つくりかた", "つくりかた"),  # kana only
        ("戸籍と住民票、どっちが先にできたの？", "先にでき"),
    ],
)
def test_a_question_about_the_thing_itself_shows_its_cue(question: str, cue: str) -> None:
    assert default_question_cues().asks_something_else(question) == cue


@pytest.mark.parametrize(
    "question",
    [
        "仏滅でも婚姻届は受け付けてもらえる？",  # a custom, and the city's procedure
        "マイナンバーカードの作り方",  # making a card is applying for it
        "委任状の書き方と作り方",
        "ごみ出しのマナーを教えて",  # putting waste out is the city's service
        "剪定枝の正しい出し方",
        "児童手当はいつからもらえるの？",  # いつから of a payment, not of history
        "乳幼児健診っていつある？",
        "方法を教えて、粗大ごみの申し込み",  # 方法 is no law
        "大安に入籍したいので時間外に届けたい",
        "戸籍謄本と抄本の違いは何？",
        "壊れた自転車はどうしたらいい？",  # a broken thing is to be thrown away
        "料理に使った油を捨てたい",  # throwing away is the city's service
        "ファミリーサポートの会員になるには",  # a city programme's member
        "まいなんばーかーど つくりかた",
    ],
)
def test_a_question_on_the_city_procedure_is_left_alone(question: str) -> None:
    assert default_question_cues().asks_something_else(question) is None


def test_no_corpus_example_reads_as_another_question() -> None:
    """Every example residents ask a topic by keeps its topic."""
    examples = [
        e
        for path in sorted(FAQ_DIR.glob("*.yml"))
        for t in yaml.safe_load(path.read_text("utf-8"))["topics"]
        for e in t["examples"]
    ]
    assert len(examples) > 500
    assert [e for e in examples if default_question_cues().asks_something_else(e)] == []


def test_a_bad_line_is_named_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "cues.tsv"
    bad.write_text("# cues\nother\t歴史\nasks\t作り方\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"cues.tsv:3: expected 'kind<TAB>regular expression'"):
        load_question_cues(bad)
    bad.write_text("city\t(申請\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"cues.tsv:1: not a regular expression"):
        load_question_cues(bad)
