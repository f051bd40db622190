"""The asked-act rule as Rasa trains, stores, loads and runs it (bot/nlu/asked_act_refusal.py):
real Sudachi, Rasa's model storage, messages shaped as the FaqFallbackClassifier leaves them."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.asked_act_refusal import AskedActRefusal

QUESTIONS = {
    "procedure/tax_certificate": ["課税証明書を取りたい", "所得証明書はどこでもらえる？"],
    "waste/bulky_waste": ["粗大ごみを出したい", "ソファを捨てるには", "大きな家具を処分したい"],
    "out_of_scope": ["住宅ローンは何年で組める？"],  # not the city's: its act stays unknown
}


def _trained(directory: Path) -> AskedActRefusal:
    storage = LocalModelStorage(directory)
    context = ExecutionContext(GraphSchema({}), node_name="test")
    examples = [
        Message(
            data={"text": text, "intent": label.partition("/")[0], **({"intent_response_key": label} if "/" in label else {})}
        )
        for label, texts in QUESTIONS.items()
        for text in texts
    ]
    AskedActRefusal.create({}, storage, Resource("acts"), context).train(TrainingData(training_examples=examples))
    return AskedActRefusal.load({}, storage, Resource("acts"), context)


def _answered(text: str, topic: str) -> Message:
    """A message the fallback classifier answered with `topic`."""
    selector: Dict[str, Any] = {"default": {"response": {"intent_response_key": topic}}}
    return Message(
        data={"text": text, "intent": {"name": topic.partition("/")[0], "confidence": 0.9}, "response_selector": selector}
    )


@pytest.fixture(scope="module")
def refusal(tmp_path_factory: pytest.TempPathFactory) -> AskedActRefusal:
    return _trained(tmp_path_factory.mktemp("model"))


def test_an_answered_topic_whose_asked_act_no_city_question_asks_is_refused(refusal: AskedActRefusal) -> None:
    [message] = refusal.process([_answered("課税証明書を出したら住宅ローンは何年で組める？", "procedure/tax_certificate")])
    assert message.get("intent") == {"name": "out_of_scope", "confidence": 1.0}


@pytest.mark.parametrize(
    "text, topic",
    [
        ("課税証明書はどこで取れる？", "procedure/tax_certificate"),  # an act the city's questions ask
        ("古いソファを出したい", "waste/bulky_waste"),
        ("課税証明書を出したら住宅ローンは何年で組める？", "procedure/imported_q0001"),  # a city's own entry
    ],
)
def test_the_city_acts_and_imported_entries_keep_their_answer(refusal: AskedActRefusal, text: str, topic: str) -> None:
    [message] = refusal.process([_answered(text, topic)])
    assert message.get("intent") == {"name": topic.partition("/")[0], "confidence": 0.9}


@pytest.mark.parametrize(
    "text, topic",
    [
        ("でかい棚を始末したい", "waste/bulky_waste"),  # 始末: 処分, which a city question asks
        ("大きな棚を片すには", "waste/bulky_waste"),  # 片す: 片付ける, a city verb
        ("課税証明書 何年分とれる", "procedure/tax_certificate"),  # 分とれる respelled, not 分かつ
    ],
)
def test_a_colloquial_city_act_keeps_its_answer(refusal: AskedActRefusal, text: str, topic: str) -> None:
    [message] = refusal.process([_answered(text, topic)])
    assert message.get("intent") == {"name": topic.partition("/")[0], "confidence": 0.9}


def test_a_colloquial_act_asking_another_thing_is_still_refused(refusal: AskedActRefusal) -> None:
    # 始末 is read as 処分, nothing more: the loan's 組む is asked last and refused
    [message] = refusal.process([_answered("でかい棚を始末したら住宅ローンは何年で組める？", "waste/bulky_waste")])
    assert message.get("intent") == {"name": "out_of_scope", "confidence": 1.0}


def test_candidates_and_refusals_are_left_as_they_are(refusal: AskedActRefusal) -> None:
    fallback = Message(data={"text": "住宅ローンは何年で組める？", "intent": {"name": "nlu_fallback", "confidence": 0.4}})
    [message] = refusal.process([fallback])
    assert message.get("intent") == {"name": "nlu_fallback", "confidence": 0.4}


def test_a_model_without_its_acts_refuses_nothing(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), node_name="test")
    with storage.write_to(Resource("empty")):
        pass
    loaded = AskedActRefusal.load({}, storage, Resource("empty"), context)
    [message] = loaded.process([_answered("課税証明書を出したら住宅ローンは何年で組める？", "procedure/tax_certificate")])
    assert message.get("intent") == {"name": "procedure", "confidence": 0.9}


def test_the_act_is_judged_on_the_text_retrieval_read(refusal: AskedActRefusal) -> None:
    """Retrieval leaves the text it read (wrong kanji corrected) on the message: 撮る typed,
    取る read, the city's act."""
    message = _answered("課税証明書を撮りたい", "procedure/tax_certificate")
    message.set("read_text", "課税証明書を取りたい")
    [kept] = refusal.process([message])
    assert kept.get("intent") == {"name": "procedure", "confidence": 0.9}
    [refused] = refusal.process([_answered("課税証明書を撮りたい", "procedure/tax_certificate")])
    assert refused.get("intent") == {"name": "out_of_scope", "confidence": 1.0}
