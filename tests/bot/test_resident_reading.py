"""The shared reading step as Rasa trains, stores, loads and runs it (bot/nlu/resident_reading.py),
and the classifier scoring the text as read: real Sudachi, the real spelling file, the real
classifier, through Rasa's model storage."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.linear_classifier import READ_TEXT, READ_TOKENS, LinearFaqClassifier, read_otherwise
from bot.nlu.resident_reading import ResidentReading
from bot.nlu.sudachi_tokenizer import SudachiTokenizer
from madoguchi.ranking import joint_ranking
from tests.bot.nlu_pipeline import context

QUESTIONS: Dict[str, List[str]] = {
    "waste/bulky_waste": ["粗大ごみを出したい", "大きな家具を捨てるには", "粗大ごみの申し込み方法"],
    "childcare/child_allowance": ["児童手当の申請をしたい", "児童手当はいつ振り込まれる？", "児童手当の金額"],
    "procedure/marriage_registration": ["婚姻届を出したい", "婚姻届に必要なもの", "結婚の届け出"],
    "out_of_scope": ["明日の天気は？", "おすすめの映画", "自動車の保険に入りたい"],
}
ANSWERS = {
    "waste/bulky_waste": "粗大ごみは事前申し込み制です。",
    "childcare/child_allowance": "児童手当は中学生までの子どもを養育している方に支給されます。",
    "procedure/marriage_registration": "婚姻届は市民課に提出してください。",
}

Pipeline = Tuple[SudachiTokenizer, ResidentReading, LinearFaqClassifier]


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    return _trained(tmp_path_factory.mktemp("model"))


def _trained(directory: Path) -> Pipeline:
    storage = LocalModelStorage(directory)
    tokenizer_config = SudachiTokenizer.get_default_config()
    SudachiTokenizer.create(tokenizer_config, storage, Resource("tok"), context()).train(TrainingData())
    tokenizer = SudachiTokenizer.load(tokenizer_config, storage, Resource("tok"), context())
    examples = [
        Message(
            data={"text": text, "intent": label.partition("/")[0], **({"intent_response_key": label} if "/" in label else {})}
        )
        for label, texts in QUESTIONS.items()
        for text in texts
    ]
    data = TrainingData(training_examples=examples, responses={f"utter_{k}": [{"text": v}] for k, v in ANSWERS.items()})
    tokenizer.process_training_data(data)
    reading_config = ResidentReading.get_default_config()
    ResidentReading.create(reading_config, storage, Resource("read"), context()).train(data)
    linear_config = LinearFaqClassifier.get_default_config()
    LinearFaqClassifier.create(linear_config, storage, Resource("lin"), context()).train(data)
    return (
        tokenizer,
        ResidentReading.load(reading_config, storage, Resource("read"), context()),
        LinearFaqClassifier.load(linear_config, storage, Resource("lin"), context()),
    )


def _processed(components: Pipeline, text: str, reading: bool = True) -> Message:
    message = Message(data={"text": text})
    tokenizer, reader, classifier = components
    tokenizer.process([message])
    if reading:
        reader.process([message])
    classifier.process([message])
    return message


def _best(message: Message) -> str:
    return str(joint_ranking(message.as_dict())[0]["intent"])


def _confidence(message: Message, label: str) -> float:
    return next((float(r["confidence"]) for r in joint_ranking(message.as_dict()) if r["intent"] == label), 0.0)


def test_a_wrong_kanji_is_read_as_the_corpus_compound_and_the_classifier_scores_that(pipeline: Pipeline) -> None:
    # 自動手当 (automatic) is what an IME offers for じどうてあて; the corpus says 児童手当
    message = _processed(pipeline, "自動手当はいつもらえますか")
    assert message.get(READ_TEXT) == "児童手当はいつもらえますか"
    assert [token.text for token in message.get(READ_TOKENS)][:1] == ["児童手当"]
    assert _best(message) == "childcare/child_allowance"
    typed = _processed(pipeline, "自動手当はいつもらえますか", reading=False)
    assert _confidence(message, "childcare/child_allowance") > _confidence(typed, "childcare/child_allowance")


def test_a_dialect_form_is_read_as_standard(pipeline: Pipeline) -> None:
    # Kansai ほかしたい = 捨てたい (faq_corpus/resident_spellings.tsv)
    message = _processed(pipeline, "大きな家具ほかしたい")
    assert message.get(READ_TEXT) == "大きな家具捨てたい"
    assert message.get(READ_TOKENS)


def test_a_question_read_as_typed_is_scored_as_typed(pipeline: Pipeline) -> None:
    message = _processed(pipeline, "婚姻届を出したいのですが")
    assert message.get(READ_TEXT) == "婚姻届を出したいのですが"
    assert [token.text for token in message.get(READ_TOKENS)][:1] == ["婚姻届"]
    without = _processed(pipeline, "婚姻届を出したいのですが", reading=False)
    assert joint_ranking(message.as_dict()) == joint_ranking(without.as_dict())


def test_width_alone_is_not_reading_otherwise() -> None:
    assert read_otherwise("組大ゴミ", "粗大ゴミ")
    assert not read_otherwise("ｺﾞﾐの日", "ゴミの日")
    assert not read_otherwise("ＰＣの回収", "PCの回収")


def test_a_question_in_another_language_is_left_as_typed(pipeline: Pipeline) -> None:
    message = _processed(pipeline, "How do I register a marriage?")
    assert message.get(READ_TEXT) is None and message.get(READ_TOKENS) is None


def test_an_untrained_reader_leaves_messages_alone(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    reader = ResidentReading.create(ResidentReading.get_default_config(), storage, Resource("none"), context())
    message = Message(data={"text": "組大ゴミ"})
    reader.process([message])
    assert message.get(READ_TEXT) is None
