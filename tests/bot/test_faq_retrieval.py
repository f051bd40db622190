"""Retrieval fused with the classifier, as Rasa runs it: real Sudachi, real bm25s index,
training, persistence, loading, and the ranking in the shapes Rasa Core reads."""

from __future__ import annotations

from typing import Dict, List, Optional

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.faq_fallback import FaqFallbackClassifier
from bot.nlu.faq_retrieval import EASY_JAPANESE_POINT_FROM, FaqRetrieval, short_easy_japanese
from madoguchi.ranking import joint_ranking
from madoguchi.retrieval import CHANNELS, Document, RetrievalIndex
from tests.bot.nlu_pipeline import context, processed, trained_pipeline

QUESTIONS: Dict[str, List[str]] = {
    "waste/bulky_waste": [
        "粗大ごみを出したい",
        "粗大ごみ 申し込み",
        "大きい家具を捨てたい",
        "ソファの処分方法",
        "タンスを捨てるには",
    ],
    "waste/recyclables": ["資源ごみの出し方", "資源物の日", "びん缶の出し方", "ペットボトルはどう出す", "古紙の出し方"],
    "waste/pc_recycling": [
        "パソコンの捨て方",
        "パソコンを処分したい",
        "古いPCの回収",
        "ノートパソコン 廃棄",
        "パソコン リサイクル",
    ],
    "childcare/nursery_fee": ["保育料はいくら", "保育料の金額", "保育園の料金", "保育料 計算", "保育料の払い方"],
    "procedure/imported_q1": ["住民票の写しを郵送で請求できますか"],
    "waste/imported_q2": ["粗大ごみの収集を申し込む方法は"],
    "greet": ["こんにちは", "おはようございます", "こんばんは", "どうも"],
    "out_of_scope": ["今日の天気は", "おすすめのラーメン屋", "株価を教えて", "映画の上映時間"],
}
ANSWERS = {
    "waste/bulky_waste": "粗大ごみは事前申し込み制です。",
    "waste/recyclables": "資源ごみは水曜日に出してください。",
    "waste/pc_recycling": "パソコンはメーカー回収か小型家電回収ボックスへ。",
    "childcare/nursery_fee": "保育料は世帯の住民税額で決まります。",
    "procedure/imported_q1": "住民票の写しは郵送でも請求できます。請求書と定額小為替を同封してください。",
    "waste/imported_q2": "粗大ごみ受付センターに電話かインターネットで申し込んでください。",
}


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    return trained_pipeline(tmp_path_factory.mktemp("model"), QUESTIONS, ANSWERS)


def ranked(pipeline, text: str) -> Message:
    return processed(pipeline, text)


def best(pipeline, text: str) -> str:
    return joint_ranking(ranked(pipeline, text).as_dict())[0]["intent"]


def test_an_imported_entry_is_found_by_other_words(pipeline):
    # the classifier never saw imported entries: the retrieval index found it
    assert best(pipeline, "住民票を郵便で取り寄せたい") == "procedure/imported_q1"


def test_the_fused_ranking_is_written_in_rasas_shapes(pipeline):
    message = ranked(pipeline, "住民票を郵便で取り寄せたい")
    selector = message.get("response_selector")["default"]
    assert selector["response"]["intent_response_key"] == "procedure/imported_q1"
    assert selector["response"]["utter_action"] == "utter_procedure/imported_q1"
    assert message.get("intent")["name"] == "procedure"
    ranking = joint_ranking(message.as_dict())
    topics = [r["intent"] for r in ranking if "/" in r["intent"]]
    assert topics == [t["intent_response_key"] for t in selector["ranking"]]
    assert [r["confidence"] for r in ranking] == sorted((r["confidence"] for r in ranking), reverse=True)
    assert sum(r["confidence"] for r in ranking) <= 1.0


def test_the_citys_own_entry_outranks_the_sample_topic_on_the_same_subject(pipeline):
    assert best(pipeline, "粗大ごみの収集を申し込みたい") == "waste/imported_q2"


@pytest.mark.parametrize(
    "text, topic",
    [
        ("組大ゴミを出したい", "waste/imported_q2"),  # wrong kanji, respelled
        ("保育量はなんぼ？", "childcare/nursery_fee"),  # wrong kanji + Kansai
        ("タンスほかしたいんやけど", "waste/bulky_waste"),  # Kansai 捨てる
    ],
)
def test_residents_spellings_find_their_topic(pipeline, text, topic):
    assert best(pipeline, text) == topic


def test_wrong_kanji_no_spelling_rule_lists_meet_the_entrys_compound(pipeline):
    """住民標 (Sudachi: 住民/標) is corrected to the entry's 住民票 (madoguchi.kanji_typos):
    the imported entry, which the classifier never saw, is found by its own words."""
    assert pipeline[2].tokens.vocabulary is not None  # built at training, stored in the model
    assert best(pipeline, "住民標の写しを郵便で取り寄せたい") == "procedure/imported_q1"
    scores = pipeline[2].retrieval_scores("住民標の写しを郵送で請求できますか")
    assert scores["procedure/imported_q1"] == 1.0  # the entry's own question, once corrected


def test_a_classifier_that_scored_the_question_as_read_keeps_its_out_of_scope(pipeline):
    """保育量 is read 保育料 (faq_corpus/resident_spellings.tsv). A classifier that read 保育量 as
    typed may call it out of scope for the unknown word, and that confidence is left out; once
    the classifier scored the text as read (bot.nlu.resident_reading) it counts as for any question."""
    retrieval, classifier = pipeline[2], {"childcare/nursery_fee": 0.6, "out_of_scope": 0.5}
    typed = dict(retrieval.fuse(classifier, "保育量はいくら", {"childcare/nursery_fee": 0.5}))
    read = dict(retrieval.fuse(classifier, "保育量はいくら", {"childcare/nursery_fee": 0.5}, classifier_read=True))
    assert read["out_of_scope"] > typed.get("out_of_scope", 0.0)
    assert read["childcare/nursery_fee"] < typed["childcare/nursery_fee"]


def test_a_question_read_as_typed_is_fused_alike_whoever_read_it(pipeline):
    retrieval, classifier = pipeline[2], {"childcare/nursery_fee": 0.6, "out_of_scope": 0.5}
    typed = retrieval.fuse(classifier, "保育料はいくら", {"childcare/nursery_fee": 0.5})
    assert retrieval.fuse(classifier, "保育料はいくら", {"childcare/nursery_fee": 0.5}, classifier_read=True) == typed


def test_kana_only_input_finds_the_kanji_topic_by_its_reading(pipeline):
    scores = pipeline[2].retrieval_scores("しげんごみの だしかた おしえて")
    assert max(scores, key=scores.get) == "waste/recyclables"


def test_a_greeting_stays_an_intent(pipeline):
    assert best(pipeline, "こんにちは") == "greet"


def test_a_near_miss_question_is_refused(pipeline):
    fallback = FaqFallbackClassifier({"threshold": 0.4, "ambiguity_threshold": 0.0, "refuse_threshold": 0.1})
    message = fallback.process([ranked(pipeline, "パソコンの動きが遅い、直し方は？")])[0]
    assert message.get("intent")["name"] == "out_of_scope"
    # the ranking stays, for staff to see what was close
    assert joint_ranking(message.as_dict())[0]["intent"] == "waste/pc_recycling"


def test_training_tokenizes_the_questions_not_every_examples_whole_answer(pipeline):
    """Rasa's base tokenizer also tokenized each FAQ example's response (its whole answer):
    seven times the text for a city's list, most of the training's memory."""
    tokenizer = pipeline[0]
    example = Message(
        data={"text": "住民票の写しを郵送で", "intent": "procedure", "intent_response_key": "procedure/imported_q1"}
    )
    example.set("response", ANSWERS["procedure/imported_q1"])
    tokenizer.process_training_data(TrainingData(training_examples=[example]))
    assert [t.text for t in example.get("text_tokens")] == ["住民票", "の", "写し", "を", "郵送", "で"]
    assert example.get("response_tokens") is None
    assert [t.text for t in example.get("intent_response_key_tokens")] == ["procedure", "imported_q1"]  # as Rasa splits it


def test_rasas_training_cache_sees_a_changed_spelling_file(tmp_path):
    """Rasa keys a cached component by its config and inputs; the files it reads by path are
    added by fingerprint_addon, or a retrain would restore the index built with old spellings."""
    spellings = tmp_path / "spellings.tsv"
    spellings.write_text("組大\t粗大\n", encoding="utf-8")
    config = {**FaqRetrieval.get_default_config(), "resident_spellings": str(spellings)}
    before = FaqRetrieval.fingerprint_addon(config)
    assert FaqRetrieval.fingerprint_addon(config) == before
    spellings.write_text("組大\t粗大\n資原\t資源\n", encoding="utf-8")
    assert FaqRetrieval.fingerprint_addon(config) != before


def test_a_long_questions_point_counts_beside_the_whole_question(pipeline):
    """The point alone (「相談できるところある？」) may have lost the subject the story named;
    the better of the two let its generic words win. It counts `point_weight` beside the whole."""
    retrieval = pipeline[2]
    text = "先月越してきたばかりで、まだ何も分からないのですが。大きな家具はどう申し込めばいいですか"
    whole, point = (retrieval._index.scores(q) for q in retrieval._tokens.queries(text))
    weight = retrieval.component_config["point_weight"]
    scores = retrieval.retrieval_scores(text)
    for n, label in enumerate(retrieval._index.labels):
        assert scores[label] == pytest.approx((1 - weight) * whole[n] + weight * point[n])
    assert max(scores, key=scores.get) == "waste/imported_q2"  # 粗大ごみの収集を申し込む方法は


def test_a_long_questions_point_is_ranked_alone_beside(pipeline):
    """`point_ranking`: the fusion on the point's own retrieval scores, for bot.nlu.faq_fallback
    (this corpus has imported entries, where it is left out unless configured)."""
    tokenizer, classifier, _ = pipeline
    config = {**FaqRetrieval.get_default_config(), "point_beside_imported": True}
    retrieval = FaqRetrieval.load(config, pipeline[2]._model_storage, Resource("ret"), context())
    text = "先月越してきたばかりで、まだ何も分からないのですが。大きな家具はどう申し込めばいいですか"
    message = Message(data={"text": text})
    tokenizer.process([message])
    classifier.process([message])
    expected = retrieval.fused_ranking(message, retrieval.point_scores(text))  # reads, never writes
    retrieval.process([message])
    point = message.get("point_ranking")
    assert [(r["intent"], r["confidence"]) for r in point] == [(label, pytest.approx(c)) for label, c in expected[:3]]
    assert point[0]["intent"] == "waste/imported_q2"


def test_a_short_question_has_no_point_ranking(pipeline):
    assert ranked(pipeline, "大きな家具はどう申し込めばいいですか").get("point_ranking") is None


def test_a_short_question_in_easy_japanese_is_its_own_point(pipeline):
    """A learner states the subject in one short sentence and asks in the next: no point is
    ranked alone for it, while the same words without やさしい日本語 chosen have one."""
    tokenizer, classifier, _ = pipeline
    config = {**FaqRetrieval.get_default_config(), "point_beside_imported": True}
    retrieval = FaqRetrieval.load(config, pipeline[2]._model_storage, Resource("ret"), context())
    text = "先月越してきたばかりで、まだ何も分からないのですが。大きな家具はどう申し込めばいいですか"
    points = []
    for metadata in ({"language": "ja-easy"}, {}):
        message = Message(data={"text": text, "metadata": metadata})
        tokenizer.process([message])
        classifier.process([message])
        retrieval.process([message])
        points.append(message.get("point_ranking"))
    assert points[0] is None
    assert points[1] and points[1][0]["intent"] == "waste/imported_q2"


@pytest.mark.parametrize(
    "text, language, short",
    [
        ("ひとりおや です。たすけて くれる おかね ありますか", "ja-easy", True),  # the rule's case
        ("ひとりおや です。たすけて くれる おかね ありますか", None, False),  # Japanese keeps its point
        ("ひとりおや です。たすけて くれる おかね ありますか", "en", False),
        ("あ" * (EASY_JAPANESE_POINT_FROM - 1) + " ", "ja-easy", True),  # spaces are not counted
        ("あ" * EASY_JAPANESE_POINT_FROM, "ja-easy", False),  # long easy Japanese keeps its point
    ],
)
def test_only_short_easy_japanese_questions_are_their_own_point(text: str, language: Optional[str], short: bool) -> None:
    metadata = {"language": language} if language else None
    message = Message(data={"text": text, "metadata": metadata})
    assert short_easy_japanese(message, EASY_JAPANESE_POINT_FROM) is short


def test_beside_imported_entries_the_point_is_not_ranked_alone(pipeline):
    text = "先月越してきたばかりで、まだ何も分からないのですが。大きな家具はどう申し込めばいいですか"
    assert ranked(pipeline, text).get("point_ranking") is None


def test_a_compounds_parts_meet_the_residents_words(pipeline):
    """The `parts` channel (Sudachi mode A) finds 本人確認書類 for 「身分を確認する書類」 and
    口座振替 for 「口座から振り替え」; the `question` channel keeps the compounds whole and
    finds neither entry by those words."""
    tokens = pipeline[2]._tokens
    entries = {"id_papers": "本人確認書類として使えるものは何ですか", "debit": "市税の口座振替の申し込み方法を教えてください"}
    documents = []
    for label, question in entries.items():
        query = tokens.query(question)
        documents.append(Document(label, query.question, [], query.reading, query.parts))
    assert tokens.query(entries["id_papers"]).question[0] == "本人確認書類"
    assert tokens.query(entries["id_papers"]).parts[:3] == ["本人", "確認", "書類"]
    only = {name: 0.0 for name in CHANNELS}
    by_parts = RetrievalIndex.build(documents, {**only, "parts": 1.0})
    by_words = RetrievalIndex.build(documents, {**only, "question": 1.0})
    for asked, label in (("身分を確認する書類は", "id_papers"), ("口座から振り替えたい", "debit")):
        query = tokens.query(asked)
        assert by_parts.best(query, 1)[0][0] == label
        assert dict(by_parts.best(query, 2))[label] > 2 * dict(by_words.best(query, 2))[label]


def _trained_retrieval(tmp_path, expansion_weight: float) -> FaqRetrieval:
    """FaqRetrieval alone, trained on two imported entries and loaded back from its storage."""
    (tmp_path / f"model-{expansion_weight}").mkdir()
    storage = LocalModelStorage(tmp_path / f"model-{expansion_weight}")
    entries = {"procedure/imported_move": "転居の手続きはどこでできますか", "procedure/imported_seal": "印鑑登録をしたい"}
    answers = {"procedure/imported_move": "市民課の窓口に出してください。", "procedure/imported_seal": "本人が窓口へ。"}
    examples = [
        Message(data={"text": text, "intent": label.split("/")[0], "intent_response_key": label})
        for label, text in entries.items()
    ]
    data = TrainingData(training_examples=examples, responses={f"utter_{k}": [{"text": v}] for k, v in answers.items()})
    config = {**FaqRetrieval.get_default_config(), "expansion_weight_beside_imported": expansion_weight}
    FaqRetrieval.create(config, storage, Resource("ret"), context()).train(data)
    return FaqRetrieval.load(config, storage, Resource("ret"), context())


def test_a_question_finds_an_entry_through_sudachis_synonyms(tmp_path):
    """「引っ越し」 is not in the entry, 転居 is: they share a synonym group of Sudachi's, so the
    expansion finds the entry; the table of the index's words by group is in the model."""
    expanded, plain = _trained_retrieval(tmp_path, 0.6), _trained_retrieval(tmp_path, 0.0)
    question = "引っ越ししたら何を出す？"
    assert "転居" in expanded._tokens.query(question).expansion
    assert plain._tokens.query(question).expansion == []
    with_synonyms, without = expanded.retrieval_scores(question), plain.retrieval_scores(question)
    assert with_synonyms["procedure/imported_move"] > without["procedure/imported_move"]
    assert with_synonyms["procedure/imported_seal"] == without["procedure/imported_seal"]  # no synonym there


@pytest.mark.parametrize(
    "text, names",
    [
        # パソコン: a word few entries' questions have, in the asking clause itself
        ("先月越してきたばかりで、まだ何も分からないのですが。古いパソコンはどう処分すればいいですか", True),
        # 市役所 is a word of every question, and the story is not looked back into for one
        ("先月越してきたばかりで、まだ何も分からないのですが。市役所ではどうすればいいですか", False),
        # それ stands for the story's thing: read alone the point names nothing
        ("古いパソコンが押し入れから出てきました。それはどう処分すればいいですか", False),
    ],
)
def test_a_long_questions_point_is_marked_when_it_names_its_own_subject(pipeline, text, names):
    """`point_names_subject`, read by bot.nlu.faq_fallback: only such a point may overrule the
    story's topic or veto the whole question's best."""
    tokenizer, classifier, _ = pipeline
    config = {**FaqRetrieval.get_default_config(), "point_beside_imported": True}
    retrieval = FaqRetrieval.load(config, pipeline[2]._model_storage, Resource("ret"), context())
    message = Message(data={"text": text})
    tokenizer.process([message])
    classifier.process([message])
    retrieval.process([message])
    assert message.get("point_names_subject") is names


@pytest.mark.parametrize(
    "text, unknown",
    [
        # ノート and デスクトップ are no entry's words, in its questions or its answer
        ("古いパソコンを回収に出すことにしました。年寄りでも使いやすいのはノートとデスクトップのどちらでしょうか", True),
        # パソコン and 処分 are
        ("先月越してきたばかりで、まだ何も分からないのですが。古いパソコンはどう処分すればいいですか", False),
        # the story's unknown words (タブレット) are not the asking sentence's
        ("孫にタブレットを買ってもらいました。古いパソコンはどう処分すればいいですか", False),
        # a short question has no point to read
        ("ノートとデスクトップ、どっち", False),
    ],
)
def test_a_long_questions_point_is_marked_when_it_names_what_no_entry_has(pipeline, text, unknown):
    """`point_names_unknown`, read by bot.nlu.faq_fallback: such a point that finds no topic asks
    someone else than the city."""
    tokenizer, classifier, _ = pipeline
    config = {**FaqRetrieval.get_default_config(), "point_beside_imported": True}
    retrieval = FaqRetrieval.load(config, pipeline[2]._model_storage, Resource("ret"), context())
    message = Message(data={"text": text})
    tokenizer.process([message])
    classifier.process([message])
    retrieval.process([message])
    assert bool(message.get("point_names_unknown")) is unknown
