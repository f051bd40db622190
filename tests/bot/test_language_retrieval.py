"""Retrieval over a language's own examples (bot.nlu.language_retrieval), as Rasa runs it: the
real tokenizer (Sudachi, Kiwi, jieba, English stems), the real bm25s indexes, training,
persistence and loading, and the fusion with the classifier."""

from __future__ import annotations

from typing import Dict, List

import numpy as np
import pytest
from rasa.shared.nlu.training_data.message import Message

from madoguchi.ranking import joint_ranking
from tests.bot.nlu_pipeline import trained_pipeline

QUESTIONS: Dict[str, List[str]] = {
    "childcare/birth_registration": [
        "出生届を出したい",
        "赤ちゃんが生まれた 届出",
        "How do I register the birth of my baby?",
        "birth registration for a newborn",
        "what documents for a birth notification",
        "출생신고는 어디서 해요",
        "아기 출생신고 서류",
        "宝宝出生登记怎么办",
        "Đăng ký khai sinh cho em bé",
    ],
    "procedure/marriage_registration": [
        "婚姻届を出したい",
        "結婚の届出",
        "How do I register our marriage?",
        "marriage registration witnesses",
        "documents to get married at city hall",
        "혼인신고는 어떻게 해요",
        "结婚登记需要什么",
        "Đăng ký kết hôn cần gì",
    ],
    "greet": ["こんにちは", "hello", "hi there", "안녕하세요", "你好", "Xin chào"],
}
ANSWERS = {
    "childcare/birth_registration": "出生届は生まれた日から14日以内に出してください。",
    "procedure/marriage_registration": "婚姻届は市民課で受け付けます。",
}


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    return trained_pipeline(tmp_path_factory.mktemp("model"), QUESTIONS, ANSWERS)


def tokenized(pipeline, text: str) -> Message:
    message = Message(data={"text": text})
    pipeline[0].process([message])
    return message


def own_scores(pipeline, text: str):
    return pipeline[2].own_language_scores(tokenized(pipeline, text))


def test_each_language_has_an_index_of_its_own_examples(pipeline):
    retrieval = pipeline[2]
    assert sorted(retrieval._languages) == ["en", "ko", "vi", "zh"]
    # Korean examples exist for both topics, Vietnamese ones too; the greetings are not FAQ topics
    assert retrieval._languages["ko"].labels == ["childcare/birth_registration", "procedure/marriage_registration"]


def test_an_english_question_is_scored_by_its_english_words(pipeline):
    scores = own_scores(pipeline, "documents to register a newborn")
    assert max(scores, key=scores.get) == "childcare/birth_registration"
    # only the words the English examples share count: "documents" is the marriage topic's
    assert 0 < scores["procedure/marriage_registration"] < scores["childcare/birth_registration"]


@pytest.mark.parametrize(
    "text, topic",
    [
        ("아기 출생신고 하고 싶어요", "childcare/birth_registration"),
        ("结婚登记在哪里办", "procedure/marriage_registration"),
        ("Tôi muốn đăng ký kết hôn", "procedure/marriage_registration"),
    ],
)
def test_korean_chinese_and_vietnamese_questions_meet_their_own_examples(pipeline, text, topic):
    scores = own_scores(pipeline, text)
    assert max(scores, key=scores.get) == topic


def test_a_japanese_question_keeps_the_japanese_index(pipeline):
    assert own_scores(pipeline, "出生届はどこに出しますか") is None


def test_in_another_language_the_classifier_and_retrieval_add_up(pipeline):
    retrieval = pipeline[2]
    config = retrieval.component_config
    ranking = retrieval.fuse(
        {"childcare/birth_registration": 0.1, "greet": 0.05}, "baby", {"childcare/birth_registration": 0.5}, own_language=True
    )
    shares = np.exp(np.array([0.6, 0.05, config["own_language_abstain_score"]]) * config["temperature"])
    shares /= shares.sum()
    assert [label for label, _ in ranking] == ["childcare/birth_registration", "greet"]
    assert [share for _, share in ranking] == pytest.approx(list(shares[:2]))


def test_without_its_own_language_the_better_of_the_two_counts(pipeline):
    retrieval = pipeline[2]
    config = retrieval.component_config
    ranking = retrieval.fuse({"childcare/birth_registration": 0.1}, "baby", {"childcare/birth_registration": 0.5})
    expected = np.exp(np.array([0.5, config["abstain_score"]]) * config["temperature"])
    assert ranking[0][1] == pytest.approx(expected[0] / expected.sum())


def test_an_english_question_reaches_its_topic_through_the_whole_pipeline(pipeline):
    message = Message(data={"text": "birth registration papers for my newborn"})
    for component in pipeline:
        component.process([message])
    assert joint_ranking(message.as_dict())[0]["intent"] == "childcare/birth_registration"
