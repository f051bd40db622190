"""The linear classifier as Rasa runs it: real Sudachi tokens, training, persistence, loading,
and output in the shapes Rasa Core and the fallback classifier read."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import List

import numpy as np
import pytest
import skops.io as sio
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.faq_fallback import FaqFallbackClassifier
from bot.nlu.linear_classifier import LinearFaqClassifier, confidences
from bot.nlu.sudachi_tokenizer import SudachiTokenizer

TRAINING = {
    "waste/bulky_waste": ["粗大ごみを出したい", "粗大ごみ 申し込み", "大きい家具を捨てたい", "ソファの処分方法"],
    "waste/designated_bags": ["指定袋はどこで買える", "ごみ袋の値段", "指定ごみ袋 販売店", "袋はどこで売ってますか"],
    "procedure/move_in": ["引っ越してきたら何をする", "転入届 必要なもの", "転入の手続き", "よそから引っ越してきました"],
    "greet": ["こんにちは", "おはようございます", "こんばんは", "どうも"],
}


def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), node_name="test")


def messages(texts: List[str]) -> List[Message]:
    return [Message(data={"text": text}) for text in texts]


@pytest.fixture(scope="module")
def storage(tmp_path_factory) -> LocalModelStorage:
    return LocalModelStorage(tmp_path_factory.mktemp("model"))


@pytest.fixture(scope="module")
def tokenizer(storage) -> SudachiTokenizer:
    config = {**SudachiTokenizer.get_default_config()}
    resource = Resource("tokenizer")
    SudachiTokenizer.create(config, storage, resource, context()).train(TrainingData())
    return SudachiTokenizer.load(config, storage, resource, context())


def training_data(tokenizer: SudachiTokenizer) -> TrainingData:
    examples = []
    for label, texts in TRAINING.items():
        intent, _, key = label.partition("/")
        for text in texts:
            data = {"text": text, "intent": intent}
            if key:
                data["intent_response_key"] = label
            examples.append(Message(data=data))
    responses = {f"utter_{label}": [{"text": "…"}] for label in TRAINING if "/" in label}
    data = TrainingData(training_examples=examples, responses=responses)
    tokenizer.process_training_data(data)
    return data


@pytest.fixture(scope="module")
def trained(storage, tokenizer):
    config = LinearFaqClassifier.get_default_config()
    resource = Resource("linear")
    LinearFaqClassifier.create(config, storage, resource, context()).train(training_data(tokenizer))
    return LinearFaqClassifier.load(config, storage, resource, context()), resource


def classify(trained, tokenizer, text: str) -> Message:
    classifier, _ = trained
    return classifier.process(tokenizer.process(messages([text])))[0]


def test_an_faq_question_names_its_category_and_topic(trained, tokenizer):
    m = classify(trained, tokenizer, "粗大ゴミの申込をしたい")  # ゴミ and 申込: spellings the data never had
    assert m.get("intent")["name"] == "waste"
    selector = m.get("response_selector")
    assert selector["all_retrieval_intents"] == ["procedure", "waste"]
    response = selector["default"]["response"]
    assert (response["intent_response_key"], response["utter_action"]) == ("waste/bulky_waste", "utter_waste/bulky_waste")
    assert selector["default"]["ranking"][0]["intent_response_key"] == "waste/bulky_waste"


def test_a_plain_intent_is_an_intent(trained, tokenizer):
    m = classify(trained, tokenizer, "こんにちは！")
    assert m.get("intent")["name"] == "greet"
    assert m.get("intent_ranking")[0]["name"] == "greet"


def test_a_category_is_the_sum_of_its_shown_topics(trained, tokenizer):
    m = classify(trained, tokenizer, "ごみ袋を買いたい")
    topics = m.get("response_selector")["default"]["ranking"]
    waste = sum(t["confidence"] for t in topics if t["intent_response_key"].startswith("waste/"))
    ranking = {i["name"]: i["confidence"] for i in m.get("intent_ranking")}
    assert ranking["waste"] == pytest.approx(waste)
    # all four labels are shown; what is missing to 1 is the share of "none of these"
    assert 0.5 < sum(ranking.values()) < 1.0


def test_the_abstain_score_takes_its_share_of_the_softmax():
    # two labels both below the SVM's boundary: "none of these" is the likeliest
    shares = confidences(np.array([-1.0, -1.0]), temperature=1.0, abstain_score=0.0)
    assert shares == pytest.approx([math.exp(-1) / (2 * math.exp(-1) + 1)] * 2)


def test_a_question_no_label_scores_well_on_gets_low_confidences(trained, tokenizer):
    unrelated = classify(trained, tokenizer, "明日の天気予報").get("intent_ranking")[0]["confidence"]
    related = classify(trained, tokenizer, "転入の手続きをしたい").get("intent_ranking")[0]["confidence"]
    assert unrelated < 0.45 < related


def test_a_training_wording_gets_its_label_outright(trained, tokenizer):
    # the same lemmas as 「ソファの処分方法」, with other punctuation and spelling
    m = classify(trained, tokenizer, "ソファの処分方法？")
    assert m.get("intent") == {"name": "waste", "confidence": 1.0}
    assert m.get("response_selector")["default"]["ranking"] == [
        {"id": None, "confidence": 1.0, "intent_response_key": "waste/bulky_waste"}
    ]


def test_the_ranking_keeps_ranking_length_labels(storage, tokenizer):
    config = {**LinearFaqClassifier.get_default_config(), "ranking_length": 2}
    classifier = LinearFaqClassifier.create(config, storage, Resource("short"), context())
    classifier.train(training_data(tokenizer))
    m = classifier.process(tokenizer.process(messages(["転入の手続きをしたい"])))[0]
    topics = [t["intent_response_key"] for t in m.get("response_selector")["default"]["ranking"]]
    intents = [i["name"] for i in m.get("intent_ranking") if i["name"] not in ("waste", "procedure")]
    assert len(topics + intents) == 2
    assert topics[0] == "procedure/move_in"


def test_the_fallback_classifier_reads_the_output_as_a_response_selectors(trained, tokenizer):
    fallback = FaqFallbackClassifier({"threshold": 0.3, "ambiguity_threshold": 0.05})
    m = fallback.process([classify(trained, tokenizer, "転入届 必要なもの教えて")])[0]
    assert m.get("intent")["name"] == "procedure"
    assert m.get("response_selector")["default"]["response"]["utter_action"] == "utter_procedure/move_in"


def test_the_vocabularies_are_saved_beside_the_skops_file_and_read_back(trained, storage):
    # skops built its whole file in memory, entry by entry: the vocabularies were the peak
    classifier, resource = trained
    with storage.read_from(resource) as directory:
        saved = sio.load(Path(directory) / "linear_classifier.skops", trusted=["scipy.sparse._csr.csr_matrix"])
        terms = json.loads((Path(directory) / "vocabularies.json").read_text(encoding="utf-8"))
    assert [hasattr(saved[name], "vocabulary_") for name in ("words", "chars")] == [False, False]
    for name in ("words", "chars"):
        vocabulary = classifier._parts[name].vocabulary_
        assert len(terms[name]) == len(vocabulary) > 0
        assert all(vocabulary[term] == index for index, term in enumerate(terms[name]))


def test_a_model_file_with_other_types_is_refused(trained, storage):
    _, resource = trained
    with storage.read_from(resource) as directory:
        path = Path(directory) / "linear_classifier.skops"
        parts = sio.load(path, trusted=["scipy.sparse._csr.csr_matrix"])
    tampered = Resource("tampered")
    with storage.write_to(tampered) as directory:
        sio.dump({**parts, "extra": Path("/tmp")}, Path(directory) / "linear_classifier.skops")
    with pytest.raises(ValueError, match="holds types that are not trusted: .*PosixPath"):
        LinearFaqClassifier.load(LinearFaqClassifier.get_default_config(), storage, tampered, context())


def test_one_label_only_trains_a_classifier_that_answers_nothing(storage, tokenizer):
    resource = Resource("one-label")
    data = TrainingData(training_examples=[Message(data={"text": "こんにちは", "intent": "greet"})])
    tokenizer.process_training_data(data)
    config = LinearFaqClassifier.get_default_config()
    LinearFaqClassifier.create(config, storage, resource, context()).train(data)
    loaded = LinearFaqClassifier.load(config, storage, resource, context())
    [m] = loaded.process(tokenizer.process(messages(["こんにちは"])))
    assert m.get("intent") is None
