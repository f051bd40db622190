"""The fallback decision on the joint category x topic ranking, and the answer agreeing with it."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.faq_fallback import FaqFallbackClassifier

CLASSIFIER = FaqFallbackClassifier({"threshold": 0.45, "ambiguity_threshold": 0.1})


def message(intents, topics):
    ranking = [{"name": name, "confidence": c} for name, c in intents]
    selector_ranking = [{"intent_response_key": key, "confidence": c, "id": i} for i, (key, c) in enumerate(topics)]
    return Message(
        data={
            "text": "…",
            "intent": dict(ranking[0]),
            "intent_ranking": ranking,
            "response_selector": {
                "all_retrieval_intents": ["waste", "procedure", "childcare"],
                "default": {
                    "response": {
                        "intent_response_key": topics[0][0],
                        "utter_action": f"utter_{topics[0][0]}",
                        "confidence": topics[0][1],
                    },
                    "ranking": selector_ranking,
                },
            },
        }
    )


def test_a_sure_topic_is_answered():
    m = CLASSIFIER.process(
        [message([("waste", 0.9), ("greet", 0.1)], [("waste/bulky_waste", 0.95), ("waste/self_delivery", 0.05)])]
    )[0]
    assert m.get("intent") == {"name": "waste", "confidence": 0.9}
    assert m.get("response_selector")["default"]["response"]["utter_action"] == "utter_waste/bulky_waste"


def test_two_close_topics_of_one_category_fall_back():
    m = CLASSIFIER.process(
        [message([("waste", 0.95), ("greet", 0.05)], [("waste/bulky_waste", 0.5), ("waste/self_delivery", 0.45)])]
    )[0]
    assert m.get("intent") == {"name": "nlu_fallback", "confidence": 0.45}
    assert m.get("intent_ranking")[0] == {"name": "nlu_fallback", "confidence": 0.45}


def test_the_selector_is_made_to_agree_with_the_joint_ranking():
    # the selector's own best (waste/bulky_waste) belongs to a less likely category
    m = CLASSIFIER.process(
        [message([("procedure", 0.8), ("waste", 0.2)], [("waste/bulky_waste", 0.6), ("procedure/move_in", 0.4)])]
    )[0]
    assert m.get("intent") == {"name": "procedure", "confidence": 0.8}
    response = m.get("response_selector")["default"]["response"]
    assert (response["intent_response_key"], response["utter_action"]) == ("procedure/move_in", "utter_procedure/move_in")


REFUSING = FaqFallbackClassifier({"threshold": 0.4, "ambiguity_threshold": 0.0, "refuse_threshold": 0.1})


def test_a_topic_far_below_the_threshold_is_refused_as_out_of_scope():
    m = REFUSING.process(
        [message([("waste", 0.08), ("greet", 0.05)], [("waste/pc_recycling", 0.08), ("waste/recyclables", 0.02)])]
    )[0]
    # the topic's share of its category: 0.08 * 0.08 / 0.10
    assert m.get("intent")["name"] == "out_of_scope"
    assert m.get("intent")["confidence"] == pytest.approx(1 - 0.064)
    # the ranking is kept as it was, for staff
    assert m.get("intent_ranking")[0] == {"name": "waste", "confidence": 0.08}


def test_a_weak_intent_gets_the_candidates_not_a_refusal():
    m = REFUSING.process([message([("deny", 0.08), ("waste", 0.05)], [("waste/pc_recycling", 0.05)])])[0]
    assert m.get("intent") == {"name": "nlu_fallback", "confidence": 0.4}


def test_between_refusal_and_threshold_the_candidates_are_shown():
    m = REFUSING.process([message([("waste", 0.3), ("greet", 0.05)], [("waste/pc_recycling", 0.3)])])[0]
    assert m.get("intent") == {"name": "nlu_fallback", "confidence": 0.4}


LONG_AWARE = FaqFallbackClassifier(
    {"threshold": 0.4, "ambiguity_threshold": 0.0, "refuse_threshold": 0.1, "long_question_threshold": 0.2,
     "long_question_margin": 3.0}
)  # fmt: skip
# a story first, the point last: question_point() finds the asking sentence
LONG = "主人の転勤で先月越してきました。荷ほどきもまだ途中です。最初に出す届けを教えてください。"
SHORT = "最初に出す届けを教えて"


def spoken(text, intents, topics):
    m = message(intents, topics)
    m.set("text", text)
    return m


@pytest.mark.parametrize(
    "text, topics, answered",
    [
        # 0.25 is 5 times the runner-up's 0.05: the long question's point is clear
        (LONG, [("procedure/move_in", 0.25), ("procedure/move_out", 0.05)], True),
        # just over the long threshold, 3.5 times the runner-up: still clear
        (LONG, [("procedure/move_in", 0.21), ("procedure/move_out", 0.06)], True),
        # 0.25 against 0.1: two topics still in play
        (LONG, [("procedure/move_in", 0.25), ("procedure/move_out", 0.1)], False),
        # below the long threshold, however far ahead
        (LONG, [("procedure/move_in", 0.19), ("procedure/move_out", 0.01)], False),
        # a short question has no story to forgive: the usual threshold
        (SHORT, [("procedure/move_in", 0.25), ("procedure/move_out", 0.05)], False),
    ],
)
def test_a_long_questions_clear_point_is_answered_under_the_threshold(text, topics, answered):
    total = sum(c for _, c in topics)
    m = LONG_AWARE.process([spoken(text, [("procedure", total), ("greet", 0.02)], topics)])[0]
    assert (m.get("intent")["name"] == "procedure") is answered
    if answered:
        assert m.get("response_selector")["default"]["response"]["intent_response_key"] == "procedure/move_in"
    else:
        assert m.get("intent") == {"name": "nlu_fallback", "confidence": 0.4}


def test_without_a_long_threshold_a_long_question_gets_the_candidates():
    topics = [("procedure/move_in", 0.3), ("procedure/move_out", 0.01)]
    m = REFUSING.process([spoken(LONG, [("procedure", 0.31), ("greet", 0.02)], topics)])[0]
    assert m.get("intent") == {"name": "nlu_fallback", "confidence": 0.4}


POINT_AWARE = FaqFallbackClassifier(
    {"threshold": 0.4, "ambiguity_threshold": 0.0, "refuse_threshold": 0.1, "long_question_threshold": 0.2,
     "long_question_margin": 3.0, "point_threshold": 0.5, "point_margin": 2.0}
)  # fmt: skip
# the whole question's ranking of a long story: every topic far under the refusal threshold
DILUTED = [("waste/bulky_waste", 0.066), ("waste/appliance_recycling", 0.032)]


def with_point(topics, point, names_subject=True):
    """A long question with its point ranked alone; the point names its subject with a word
    few entries have unless told (`point_names_subject`, set by bot.nlu.faq_retrieval)."""
    m = spoken(LONG, [("waste", sum(c for _, c in topics)), ("greet", 0.01)], topics)
    m.set("point_ranking", [{"intent": key, "confidence": c} for key, c in point])
    m.set("point_names_subject", names_subject)
    return m


@pytest.mark.parametrize(
    "topics, point, decided",
    [
        # the point alone puts the same topic first at 0.52, 2.1 times its runner-up: answered
        (DILUTED, [("waste/bulky_waste", 0.52), ("waste/appliance_recycling", 0.245)], "waste"),
        # exactly at the point threshold and margin: answered
        (DILUTED, [("waste/bulky_waste", 0.5), ("waste/appliance_recycling", 0.25)], "waste"),
        # the same topic, but only 1.9 times the runner-up: candidates, not a refusal
        (DILUTED, [("waste/bulky_waste", 0.52), ("waste/appliance_recycling", 0.27)], "nlu_fallback"),
        # the same topic under the point threshold, over the refusal threshold: candidates
        (DILUTED, [("waste/bulky_waste", 0.49), ("waste/appliance_recycling", 0.01)], "nlu_fallback"),
        # the same topic under the refusal threshold even alone: refused
        (DILUTED, [("waste/bulky_waste", 0.09), ("waste/appliance_recycling", 0.01)], "out_of_scope"),
        # the point's generic words find another topic, however surely: refused
        (DILUTED, [("waste/hazardous_waste", 0.76), ("waste/bulky_waste", 0.07)], "out_of_scope"),
        # over the refusal threshold, the point agreeing clearly: answered instead of candidates
        ([("waste/bulky_waste", 0.15), ("waste/appliance_recycling", 0.1)],
         [("waste/bulky_waste", 0.8), ("waste/appliance_recycling", 0.1)], "waste"),
        # ... and disagreeing: the candidates as before
        ([("waste/bulky_waste", 0.15), ("waste/appliance_recycling", 0.1)],
         [("waste/appliance_recycling", 0.8), ("waste/bulky_waste", 0.1)], "nlu_fallback"),
    ],
)  # fmt: skip
def test_a_long_questions_point_alone_saves_the_whole_questions_best_topic(topics, point, decided):
    m = POINT_AWARE.process([with_point(topics, point)])[0]
    assert m.get("intent")["name"] == decided
    if decided == "waste":
        assert m.get("response_selector")["default"]["response"]["intent_response_key"] == "waste/bulky_waste"


def test_a_point_naming_an_intent_saves_nothing():
    m = POINT_AWARE.process([with_point(DILUTED, [("greet", 0.9)])])[0]
    assert m.get("intent")["name"] == "out_of_scope"


def test_without_a_point_threshold_the_point_alone_answers_nothing():
    point = [("waste/bulky_waste", 0.9), ("waste/appliance_recycling", 0.01)]
    m = LONG_AWARE.process([with_point([("waste/bulky_waste", 0.15), ("waste/appliance_recycling", 0.1)], point)])[0]
    assert m.get("intent") == {"name": "nlu_fallback", "confidence": 0.4}


def test_without_a_point_threshold_a_diluted_long_question_is_refused():
    point = [("waste/bulky_waste", 0.9), ("waste/appliance_recycling", 0.01)]
    m = LONG_AWARE.process([with_point(DILUTED, point)])[0]
    assert m.get("intent")["name"] == "out_of_scope"


def _asked(text: str, topic: str, confidence: float) -> Message:
    m = message([(topic.split("/")[0], confidence), ("greet", 1 - confidence)], [(topic, 1.0)])
    m.set("text", text)
    return m


def test_a_sure_topic_asked_something_else_about_its_thing_is_refused():
    m = REFUSING.process([_asked("剪定した枝で薪を作るやり方", "waste/garden_waste", 0.95)])[0]
    assert m.get("intent")["name"] == "out_of_scope"
    # the ranking is kept as it was, for staff
    assert m.get("intent_ranking")[0] == {"name": "waste", "confidence": 0.95}


@pytest.mark.parametrize(
    "text, topic",
    [
        ("剪定枝の出し方", "waste/garden_waste"),  # no cue
        ("仏滅でも婚姻届は受け付けてもらえる？", "procedure/marriage_registration"),  # a custom, and the procedure
        ("市の歴史を知りたい", "procedure/imported_q0001"),  # a city's own entry may be about its history
        # a long question by its point: the story's おすすめ asks nothing
        ("友人におすすめされた店で新しい洗濯機を買いました。古い洗濯機はどうすればいいですか。", "waste/appliance_recycling"),
    ],
)
def test_the_city_procedure_and_imported_entries_keep_their_answer(text: str, topic: str):
    m = REFUSING.process([_asked(text, topic, 0.95)])[0]
    assert m.get("intent")["name"] == topic.split("/")[0]


TIE_AWARE = FaqFallbackClassifier(
    {"threshold": 0.4, "ambiguity_threshold": 0.0, "refuse_threshold": 0.1, "long_question_threshold": 0.2,
     "long_question_margin": 3.0, "point_threshold": 0.5, "point_margin": 2.0, "point_tie_ratio": 0.5}
)  # fmt: skip


@pytest.mark.parametrize(
    "topics, point, answer",
    [
        # the whole question wavers (0.1 is two thirds of 0.15), the point clearly puts the runner-up first
        ([("waste/bulky_waste", 0.15), ("waste/appliance_recycling", 0.1)],
         [("waste/appliance_recycling", 0.8), ("waste/bulky_waste", 0.1)], "waste/appliance_recycling"),
        # exactly half the best: still a tie the point settles
        ([("waste/bulky_waste", 0.2), ("waste/appliance_recycling", 0.1)],
         [("waste/appliance_recycling", 0.5), ("waste/bulky_waste", 0.25)], "waste/appliance_recycling"),
        # the runner-up under half the best: no tie to settle, but the point clearly names
        # another topic than the whole question's best: candidates, not the story's topic
        ([("waste/bulky_waste", 0.5), ("waste/appliance_recycling", 0.09)],
         [("waste/appliance_recycling", 0.94), ("waste/bulky_waste", 0.02)], None),
        # a tie, and the point puts the runner-up first without settling it: candidates
        ([("waste/bulky_waste", 0.5), ("waste/appliance_recycling", 0.3)],
         [("waste/appliance_recycling", 0.4), ("waste/bulky_waste", 0.35)], None),
        # the runner-up under half the best and the point agreeing with the best: answered
        ([("waste/bulky_waste", 0.5), ("waste/appliance_recycling", 0.24)],
         [("waste/bulky_waste", 0.4), ("waste/appliance_recycling", 0.35)], "waste/bulky_waste"),
        # a tie, but the point not clear (1.9 times its runner-up): candidates
        ([("waste/bulky_waste", 0.15), ("waste/appliance_recycling", 0.1)],
         [("waste/appliance_recycling", 0.52), ("waste/bulky_waste", 0.27)], None),
        # a tie, and the point clearly names a third topic: candidates
        ([("waste/bulky_waste", 0.15), ("waste/appliance_recycling", 0.1)],
         [("waste/hazardous_waste", 0.8), ("waste/bulky_waste", 0.1)], None),
    ],
)  # fmt: skip
def test_a_clear_point_settles_a_tie_between_the_whole_questions_two_best(topics, point, answer):
    m = TIE_AWARE.process([with_point(topics, point)])[0]
    if answer is None:
        assert m.get("intent") == {"name": "nlu_fallback", "confidence": 0.4}
    else:
        assert m.get("intent")["name"] == "waste"
        assert m.get("response_selector")["default"]["response"]["intent_response_key"] == answer


AGREEMENT_AWARE = FaqFallbackClassifier(
    {"threshold": 0.4, "ambiguity_threshold": 0.0, "refuse_threshold": 0.1, "long_question_threshold": 0.2,
     "long_question_margin": 3.0, "point_threshold": 0.5, "point_margin": 2.0, "agreement_classifier": 0.4}
)  # fmt: skip
# a story diluted the whole question: bulky waste first at 0.15, under both thresholds for it
AGREEING = [("waste/bulky_waste", 0.15), ("waste/moving_waste", 0.05)]


def with_classifier(topics, point, *classifier, names_subject=True):
    m = with_point(topics, point, names_subject)
    m.set("classifier_ranking", [{"intent": intent, "confidence": c} for intent, c in classifier])
    return m


@pytest.mark.parametrize(
    "topics, point, classifier, decided",
    [
        # the classifier (0.9), the joint ranking and the point put bulky waste first: answered
        (AGREEING, [("waste/bulky_waste", 0.2), ("waste/moving_waste", 0.1)], ("waste/bulky_waste", 0.9), "waste"),
        # exactly at the classifier's least: answered
        (AGREEING, [("waste/bulky_waste", 0.2)], ("waste/bulky_waste", 0.4), "waste"),
        # the classifier under its least: candidates
        (AGREEING, [("waste/bulky_waste", 0.2)], ("waste/bulky_waste", 0.39), "nlu_fallback"),
        # the classifier diluted by the story (0.11) but the point alone at the point threshold
        # (0.5, under twice its runner-up): answered
        (AGREEING, [("waste/bulky_waste", 0.5), ("waste/moving_waste", 0.27)], ("waste/bulky_waste", 0.11), "waste"),
        # ... the point just under the point threshold: candidates
        (AGREEING, [("waste/bulky_waste", 0.49), ("waste/moving_waste", 0.27)], ("waste/bulky_waste", 0.11),
         "nlu_fallback"),
        # ... a clear point of the classifier's runner-up, not of its best: candidates
        (AGREEING, [("waste/bulky_waste", 0.5), ("waste/moving_waste", 0.27)], ("waste/moving_waste", 0.11),
         "nlu_fallback"),
        # the joint best only 1.3 times its runner-up: the ranks agree, answered (a margin on
        # the joint ranking moved with examples written for other languages)
        ([("waste/bulky_waste", 0.15), ("waste/moving_waste", 0.115)], [("waste/bulky_waste", 0.2)],
         ("waste/bulky_waste", 0.9), "waste"),
        # the point names another topic (a story that names a topic, a question about another): candidates
        (AGREEING, [("waste/illegal_dumping", 0.2), ("waste/bulky_waste", 0.1)], ("waste/bulky_waste", 0.9), "nlu_fallback"),
        # the classifier sure of another topic: candidates
        (AGREEING, [("waste/bulky_waste", 0.2)], ("waste/moving_waste", 0.9), "nlu_fallback"),
        # all three agree, but the joint best under the refusal threshold: still refused
        ([("waste/bulky_waste", 0.09), ("waste/moving_waste", 0.01)], [("waste/bulky_waste", 0.09)],
         ("waste/bulky_waste", 0.9), "out_of_scope"),
    ],
)  # fmt: skip
def test_a_long_question_is_answered_when_classifier_ranking_and_point_agree(topics, point, classifier, decided):
    m = AGREEMENT_AWARE.process([with_classifier(topics, point, classifier)])[0]
    assert m.get("intent")["name"] == decided
    if decided == "waste":
        assert m.get("response_selector")["default"]["response"]["intent_response_key"] == "waste/bulky_waste"


def test_without_an_agreement_setting_agreement_answers_nothing():
    m = POINT_AWARE.process([with_classifier(AGREEING, [("waste/bulky_waste", 0.2)], ("waste/bulky_waste", 0.9))])[0]
    assert m.get("intent") == {"name": "nlu_fallback", "confidence": 0.4}


@pytest.mark.parametrize(
    "classifier, decided",
    [
        # the point alone puts the joint best first clearly (0.6, 6 times its runner-up) and the
        # classifier has it second: answered
        ([("waste/moving_waste", 0.3), ("waste/bulky_waste", 0.2)], "waste"),
        # the classifier has it in neither of its best two: candidates (the point's generic
        # words found it: 「…遺族年金の金額がいくらになるのか」 → the nursery fee)
        ([("waste/moving_waste", 0.3), ("waste/hazardous_waste", 0.2)], "nlu_fallback"),
    ],
)
def test_the_point_alone_answers_only_a_topic_among_the_classifiers_best_two(classifier, decided):
    topics = [("waste/bulky_waste", 0.15), ("waste/moving_waste", 0.12)]
    point = [("waste/bulky_waste", 0.6), ("waste/moving_waste", 0.1)]
    m = POINT_AWARE.process([with_classifier(topics, point, *classifier)])[0]
    assert m.get("intent")["name"] == decided


SURE_AWARE = FaqFallbackClassifier(
    {"threshold": 0.4, "ambiguity_threshold": 0.0, "refuse_threshold": 0.1, "long_question_threshold": 0.2,
     "long_question_margin": 3.0, "point_threshold": 0.5, "point_margin": 2.0, "agreement_classifier": 0.4}
)  # fmt: skip


@pytest.mark.parametrize(
    "classifier, decided",
    [
        # the classifier unsure of its best (0.3), the joint best its second: the point answers
        ([("waste/moving_waste", 0.3), ("waste/bulky_waste", 0.2)], "waste"),
        # the classifier sure of another topic (0.61 against 0.03): two readers disagree, candidates
        # (「…マイナンバーカードを作りたいのですが、…申請はどうすればよいでしょうか」: the point's 申請
        # finds proxy applications)
        ([("waste/moving_waste", 0.61), ("waste/bulky_waste", 0.03)], "nlu_fallback"),
        # the classifier sure of the same topic: answered
        ([("waste/bulky_waste", 0.61), ("waste/moving_waste", 0.03)], "waste"),
    ],
)
def test_the_point_alone_never_answers_against_a_sure_classifier(classifier, decided):
    topics = [("waste/bulky_waste", 0.15), ("waste/moving_waste", 0.12)]
    point = [("waste/bulky_waste", 0.6), ("waste/moving_waste", 0.1)]
    # a point of words every procedure has (申請): it overrules no story
    m = SURE_AWARE.process([with_classifier(topics, point, *classifier, names_subject=False)])[0]
    assert m.get("intent")["name"] == decided


@pytest.mark.parametrize(
    "topics, point, classifier, names_subject, answer",
    [
        # the story's birth registration makes the classifier sure (0.56) and the whole question
        # (0.86); the point names child allowance itself, clearly (0.96), and both readers have
        # it second: the point's topic is answered (「先日、出生届を出してまいりましたが…児童手当の
        # 申請はいつまでに」)
        ([("childcare/birth_registration", 0.86), ("childcare/child_allowance", 0.11)],
         [("childcare/child_allowance", 0.96), ("childcare/birth_registration", 0.03)],
         [("childcare/birth_registration", 0.56), ("childcare/child_allowance", 0.28)], True, "childcare/child_allowance"),
        # the joint ranking has it first, the classifier sure of the story's move second: answered
        ([("waste/designated_bags", 0.17), ("procedure/move_in", 0.09)],
         [("waste/designated_bags", 0.72), ("waste/appliance_recycling", 0.08)],
         [("procedure/move_in", 0.76), ("waste/designated_bags", 0.13)], True, "waste/designated_bags"),
        # the point names nothing a few entries have: it overrules nothing, nor vetoes, and the
        # whole question's sure best is answered
        ([("childcare/birth_registration", 0.86), ("childcare/child_allowance", 0.11)],
         [("childcare/child_allowance", 0.96), ("childcare/birth_registration", 0.03)],
         [("childcare/birth_registration", 0.56), ("childcare/child_allowance", 0.28)], False,
         "childcare/birth_registration"),
        # the point not clear (1.9 times its runner-up), the whole question's best its second:
        # nothing overrules the whole question
        ([("childcare/birth_registration", 0.86), ("childcare/child_allowance", 0.11)],
         [("childcare/child_allowance", 0.52), ("childcare/birth_registration", 0.27)],
         [("childcare/birth_registration", 0.56), ("childcare/child_allowance", 0.28)], True,
         "childcare/birth_registration"),
        # the classifier has the point's topic in neither of its best two: the candidates
        ([("childcare/birth_registration", 0.86), ("childcare/child_allowance", 0.11)],
         [("childcare/child_allowance", 0.96), ("childcare/birth_registration", 0.03)],
         [("childcare/birth_registration", 0.56), ("childcare/single_parent_support", 0.28)], True, None),
        # the joint ranking has it third: the candidates
        ([("childcare/birth_registration", 0.86), ("childcare/single_parent_support", 0.12),
          ("childcare/child_allowance", 0.11)],
         [("childcare/child_allowance", 0.96), ("childcare/birth_registration", 0.03)],
         [("childcare/birth_registration", 0.56), ("childcare/child_allowance", 0.28)], True, None),
    ],
)  # fmt: skip
def test_a_clear_point_overrules_the_story_that_made_the_whole_question_sure(topics, point, classifier, names_subject, answer):
    category = topics[0][0].split("/")[0]
    m = spoken(LONG, [(category, 0.9), ("greet", 0.01)], topics)
    m.set("point_ranking", [{"intent": key, "confidence": c} for key, c in point])
    m.set("classifier_ranking", [{"intent": key, "confidence": c} for key, c in classifier])
    m.set("point_names_subject", names_subject)
    m = SURE_AWARE.process([m])[0]
    if answer is None:
        assert m.get("intent") == {"name": "nlu_fallback", "confidence": 0.4}
    else:
        assert m.get("response_selector")["default"]["response"]["intent_response_key"] == answer
        assert m.get("intent")["name"] == answer.split("/")[0]


@pytest.mark.parametrize(
    "topics, classifier, answer",
    [
        # the joint best (childbirth lump sum, by the point's お金 and 入る) is in neither of the
        # classifier's best two: the candidates (「私は留学生です。…病院の保険に入らないといけない
        # と言われました。どこで入れますか。お金はいくらですか。」)
        ([("childcare/childbirth_lump_sum", 0.49), ("childcare/child_medical_subsidy", 0.2)],
         [("childcare/child_medical_subsidy", 0.05), ("procedure/national_health_insurance", 0.04)], None),
        # the classifier has it second: answered
        ([("childcare/childbirth_lump_sum", 0.49), ("childcare/child_medical_subsidy", 0.1)],
         [("childcare/child_medical_subsidy", 0.05), ("childcare/childbirth_lump_sum", 0.04)],
         "childcare/childbirth_lump_sum"),
    ],
)  # fmt: skip
def test_a_long_question_is_answered_only_with_a_topic_among_the_classifiers_best_two(topics, classifier, answer):
    m = spoken(LONG, [("childcare", 0.9), ("greet", 0.01)], topics)
    m.set("point_ranking", [{"intent": key, "confidence": c} for key, c in [("childcare/child_medical_subsidy", 0.3)]])
    m.set("classifier_ranking", [{"intent": key, "confidence": c} for key, c in classifier])
    m = SURE_AWARE.process([m])[0]
    if answer is None:
        assert m.get("intent") == {"name": "nlu_fallback", "confidence": 0.4}
    else:
        assert m.get("response_selector")["default"]["response"]["intent_response_key"] == answer


# the story names moving waste (不用品の回収), the point appliance recycling (洗濯機), by itself
STORY_NAMES_ANOTHER = (
    "回収業者の車が回ってきて、不用品を無料で引き取ると言っていました。古い洗濯機はどう処分すればよいでしょうか。"
)
# the point 「その日は祝日なのですが…」 points back: the story's 婚姻届 is what it asks about
POINT_NAMES_NOTHING = (
    "来週、腰の手術で入院いたします。主人も仕事を休めません。三歳の息子を見ていただけるところはありませんでしょうか。"
)
POINT_LEANS_ON_STORY = (
    "来月、婚姻届を出しに行くつもりでおります。その日はあいにく祝日なのですが、祝日でも受け付けていただけますか。"
)


@pytest.mark.parametrize(
    "text, topics, point, names_subject, answer",
    [
        # the whole question sure of moving waste (0.7), the point clearly of appliances: candidates
        (STORY_NAMES_ANOTHER, [("waste/moving_waste", 0.7), ("waste/appliance_recycling", 0.24)],
         [("waste/appliance_recycling", 0.88), ("waste/moving_waste", 0.1)], True, None),
        # the point not clear (1.2 times its runner-up) and the best its second: answered
        (STORY_NAMES_ANOTHER, [("waste/moving_waste", 0.7), ("waste/appliance_recycling", 0.24)],
         [("waste/appliance_recycling", 0.45), ("waste/moving_waste", 0.38)], True, "waste/moving_waste"),
        # the point not clear, but the best in neither of its best two: candidates
        (STORY_NAMES_ANOTHER, [("waste/moving_waste", 0.7), ("waste/appliance_recycling", 0.24)],
         [("waste/appliance_recycling", 0.45), ("waste/pc_recycling", 0.38), ("waste/moving_waste", 0.02)], True, None),
        # ... unless the point names nothing a few entries have (retrieval's `point_names_subject`):
        # 「生まれた子の届けは、親でない私が…」 read alone finds death registrations by 届け and 私
        (STORY_NAMES_ANOTHER, [("waste/moving_waste", 0.7), ("waste/appliance_recycling", 0.24)],
         [("waste/appliance_recycling", 0.45), ("waste/pc_recycling", 0.38), ("waste/moving_waste", 0.02)], False,
         "waste/moving_waste"),
        # the point points back into the story: read alone it proves nothing, the answer stays
        (POINT_LEANS_ON_STORY, [("procedure/marriage_registration", 0.77), ("general/office_hours", 0.05)],
         [("general/office_hours", 0.87), ("procedure/marriage_registration", 0.03)], False,
         "procedure/marriage_registration"),
        # the point names nothing of its own (the story's people, ところ): its generic words found
        # a topic, which says nothing against the whole question's
        (POINT_NAMES_NOTHING, [("childcare/temporary_childcare", 0.49), ("childcare/nursery_vacancy", 0.09)],
         [("childcare/nursery_vacancy", 0.6), ("childcare/temporary_childcare", 0.28)], False,
         "childcare/temporary_childcare"),
    ],
)  # fmt: skip
def test_a_point_that_names_another_topic_itself_vetoes_the_answer(text, topics, point, names_subject, answer):
    m = spoken(text, [(topics[0][0].split("/")[0], 0.9), ("greet", 0.02)], topics)
    m.set("point_ranking", [{"intent": key, "confidence": c} for key, c in point])
    m.set("point_names_subject", names_subject)
    m = SURE_AWARE.process([m])[0]
    if answer is None:
        assert m.get("intent") == {"name": "nlu_fallback", "confidence": 0.4}
    else:
        assert m.get("response_selector")["default"]["response"]["intent_response_key"] == answer


# thanks, then the question (issue 13, (b)): the classifier's thank wins the whole question
THANKS_THEN_QUESTION = (
    "先週は電話で丁寧に教えていただきありがとうございました。もう一つ伺いたいのですが、"
    "粗大ごみの処理券はどこで買えばいいのでしょうか。"
)


COURTESY_AWARE = FaqFallbackClassifier({**SURE_AWARE.component_config, "courtesy_intents": ["greet", "thank", "goodbye"]})


def thanked(point, classifier, joint_thank=0.44):
    """The whole question: thank first (0.44), bulky waste at 0.15 under it."""
    m = spoken(THANKS_THEN_QUESTION, [("thank", joint_thank), ("waste", 0.17)],
               [("waste/bulky_waste", 0.15), ("waste/self_delivery", 0.02)])  # fmt: skip
    m.set("point_ranking", [{"intent": key, "confidence": c} for key, c in point])
    m.set("classifier_ranking", [{"intent": key, "confidence": c} for key, c in classifier])
    m.set("point_names_subject", True)  # 粗大ごみの処理券
    return m


@pytest.mark.parametrize(
    "point, classifier, decided",
    [
        # the point asks bulky waste (0.69), the classifier has it first: the question is answered
        ([("waste/bulky_waste", 0.69), ("thank", 0.15)], [("waste/bulky_waste", 0.52), ("thank", 0.31)], "waste"),
        # ... second, after a classifier sure of thanks: the point names bulky waste clearly and
        # both readers of the whole question have it in their best two, so it overrules the thanks
        ([("waste/bulky_waste", 0.69), ("thank", 0.15)], [("thank", 0.6), ("waste/bulky_waste", 0.3)], "waste"),
        # the point under the point threshold: the thanks are what is answered
        ([("waste/bulky_waste", 0.49), ("thank", 0.15)], [("waste/bulky_waste", 0.52), ("thank", 0.31)], "thank"),
        # the classifier has the point's topic in neither of its best two: the thanks stay
        # first, and the point naming bulky waste vetoes them (the candidates, as before)
        ([("waste/bulky_waste", 0.69), ("thank", 0.15)], [("thank", 0.6), ("waste/self_delivery", 0.3)], "nlu_fallback"),
        # the point itself is thanks: thanks
        ([("thank", 0.8), ("waste/bulky_waste", 0.1)], [("waste/bulky_waste", 0.52), ("thank", 0.31)], "thank"),
    ],
)  # fmt: skip
def test_a_long_questions_courtesy_gives_way_to_the_topic_its_point_asks(point, classifier, decided):
    m = COURTESY_AWARE.process([thanked(point, classifier)])[0]
    assert m.get("intent")["name"] == decided
    if decided == "waste":
        assert m.get("response_selector")["default"]["response"]["intent_response_key"] == "waste/bulky_waste"


def test_without_courtesy_intents_the_thanks_stay_first():
    # thank first, vetoed by the point that names bulky waste (not clearly enough to overrule
    # it: 1.5 times its runner-up): the candidates, not the answer
    point = [("waste/bulky_waste", 0.69), ("waste/self_delivery", 0.46)]
    m = SURE_AWARE.process([thanked(point, [("waste/bulky_waste", 0.52)])])[0]
    assert m.get("intent") == {"name": "nlu_fallback", "confidence": 0.4}


# the point 「一度に全部出しても大丈夫でしょうか」 names nothing itself, nor does the clause before
# it: the story's garden is what it asks about
POINT_LOST_ITS_SUBJECT = "庭の手入れを息子に頼みました。息子がきれいにまとめてくれました。一度に全部出しても大丈夫でしょうか。"


def test_a_point_that_lost_its_subject_settles_no_tie():
    topics = [("waste/garden_waste", 0.52), ("waste/moving_waste", 0.27)]
    m = spoken(POINT_LOST_ITS_SUBJECT, [("waste", 0.79), ("greet", 0.01)], topics)
    m.set("point_ranking", [{"intent": "waste/moving_waste", "confidence": 1.0}])
    m = TIE_AWARE.process([m])[0]
    # not moving waste (the tie is not settled for the point) and not the story's topic
    # either (the point, read alone, still disagrees): the candidates
    assert m.get("intent") == {"name": "nlu_fallback", "confidence": 0.4}


SURE_OF_STORY = FaqFallbackClassifier({**SURE_AWARE.component_config, "sure_classifier": 0.7})
# the point names nothing itself (the story's people, ところ): its subject is in the story
POINT_WITHOUT_SUBJECT = (
    "来週から入院することになりました。主人も休めないそうです。三歳の息子を見ていただけるところはありませんでしょうか。"
)
# diluted by the story: temporary childcare 0.12, its runner-up 0.03 (four times less)
STORY_DILUTED = [("childcare/temporary_childcare", 0.12), ("childcare/nursery_vacancy", 0.03)]
# the point alone: another topic first, but at 0.3, the whole question's best second
WEAK_POINT = [("childcare/nursery_vacancy", 0.3), ("childcare/temporary_childcare", 0.2)]


@pytest.mark.parametrize(
    "topics, point, classifier, decided",
    [
        # the classifier 0.95 sure of the joint best, the point alone sure of nothing: answered
        (STORY_DILUTED, WEAK_POINT, ("childcare/temporary_childcare", 0.95), "childcare"),
        # exactly at the classifier's least and the margin: answered
        ([("childcare/temporary_childcare", 0.375), ("childcare/nursery_vacancy", 0.125)],
         WEAK_POINT, ("childcare/temporary_childcare", 0.7), "childcare"),
        # the classifier under 0.7: candidates
        (STORY_DILUTED, WEAK_POINT, ("childcare/temporary_childcare", 0.69), "nlu_fallback"),
        # the joint best under 3 times its runner-up: candidates
        ([("childcare/temporary_childcare", 0.12), ("childcare/nursery_vacancy", 0.05)],
         WEAK_POINT, ("childcare/temporary_childcare", 0.95), "nlu_fallback"),
        # the point alone sure of another topic (at the point threshold): candidates
        (STORY_DILUTED, [("childcare/nursery_vacancy", 0.5), ("childcare/temporary_childcare", 0.2)], ("childcare/temporary_childcare", 0.95), "nlu_fallback"),
        # the classifier sure of another topic than the joint best: candidates
        (STORY_DILUTED, WEAK_POINT, ("childcare/nursery_vacancy", 0.95), "nlu_fallback"),
    ],
)  # fmt: skip
def test_a_sure_classifier_answers_a_diluted_long_question_whose_point_is_sure_of_nothing(topics, point, classifier, decided):
    m = spoken(POINT_WITHOUT_SUBJECT, [("childcare", sum(c for _, c in topics)), ("greet", 0.01)], topics)
    m.set("point_ranking", [{"intent": key, "confidence": c} for key, c in point])
    m.set("classifier_ranking", [{"intent": classifier[0], "confidence": classifier[1]}])
    m = SURE_OF_STORY.process([m])[0]
    assert m.get("intent")["name"] == decided
    if decided == "childcare":
        assert m.get("response_selector")["default"]["response"]["intent_response_key"] == "childcare/temporary_childcare"


# the point names its own subject (冷蔵庫) and asks something the story's topic does not answer
STORY_TOPIC_POINT_OWN = "先日、古い冷蔵庫をリサイクルに出しました。新しい冷蔵庫は大きくて台所に収まりません。冷蔵庫の中を片付けるこつを教えていただけますか。"


def test_a_sure_classifier_does_not_answer_a_point_that_names_its_own_subject():
    topics = [("waste/appliance_recycling", 0.13), ("waste/illegal_dumping", 0.03)]
    m = spoken(STORY_TOPIC_POINT_OWN, [("waste", 0.16), ("greet", 0.01)], topics)
    m.set("point_ranking", [{"intent": "waste/illegal_dumping", "confidence": 0.12},
                            {"intent": "waste/appliance_recycling", "confidence": 0.06}])  # fmt: skip
    m.set("classifier_ranking", [{"intent": "waste/appliance_recycling", "confidence": 0.96}])
    assert SURE_OF_STORY.process([m])[0].get("intent") == {"name": "nlu_fallback", "confidence": 0.4}


def test_without_a_sure_classifier_setting_a_diluted_long_question_gets_the_candidates():
    m = spoken(POINT_WITHOUT_SUBJECT, [("childcare", 0.15), ("greet", 0.01)], STORY_DILUTED)
    m.set("point_ranking", [{"intent": key, "confidence": c} for key, c in WEAK_POINT])
    m.set("classifier_ranking", [{"intent": "childcare/temporary_childcare", "confidence": 0.95}])
    assert SURE_AWARE.process([m])[0].get("intent") == {"name": "nlu_fallback", "confidence": 0.4}


def test_an_imported_entry_nearly_tied_with_its_runner_up_falls_back():
    tie = FaqFallbackClassifier({**REFUSING.component_config, "imported_tie_ratio": 0.6})
    tied = [("procedure/imported_60503", 0.43), ("procedure/imported_60101", 0.40)]
    m = tie.process([message([("procedure", 0.95), ("greet", 0.05)], tied)])[0]
    assert m.get("intent") == {"name": "nlu_fallback", "confidence": 0.4}
    ahead = [("procedure/imported_60503", 0.6), ("procedure/imported_60101", 0.3)]  # 0.5 of the best
    m = tie.process([message([("procedure", 1.0)], ahead)])[0]
    assert m.get("intent") == {"name": "procedure", "confidence": 1.0}


def test_a_curated_topic_nearly_tied_is_left_to_the_ambiguity_threshold():
    tie = FaqFallbackClassifier({**REFUSING.component_config, "imported_tie_ratio": 0.6})
    close = [("waste/bulky_waste", 0.5), ("waste/self_delivery", 0.45)]
    m = tie.process([message([("waste", 1.0)], close)])[0]
    assert m.get("intent") == {"name": "waste", "confidence": 1.0}


# 「夜遅くに失礼いたします。…転入届は出したのですが、上の子の児童手当のことはまだ何もしていません。…」
DONE_STORY = "夫の転勤で転入してきて、転入届は出したのですが、上の子の児童手当はまだです。前の市でもらっていた分は、こちらで改めて申請が必要でしょうか。"
NOT_DONE_STORY = "夫の転勤で転入してきて、子どもが二人おります。上の子の児童手当はまだです。前の市でもらっていた分は、こちらで改めて申請が必要でしょうか。"


@pytest.mark.parametrize(
    "text, answer",
    [
        # the story's 転入届 is done: the point's clear child allowance overrules the classifier's move-in
        (DONE_STORY, "childcare/child_allowance"),
        # the same readers without a done step: a point that names no subject of its own
        # overrules nothing, and the whole question's best is answered
        (NOT_DONE_STORY, "procedure/move_in"),
    ],
)
def test_a_step_the_story_says_is_done_lets_a_clear_point_overrule_it(text, answer):
    m = spoken(text, [("procedure", 0.5), ("childcare", 0.15), ("greet", 0.01)],
               [("procedure/move_in", 0.45), ("childcare/child_allowance", 0.15), ("procedure/move_out", 0.05)])  # fmt: skip
    m.set("point_ranking", [{"intent": "childcare/child_allowance", "confidence": 0.6},
                            {"intent": "procedure/move_in", "confidence": 0.07}])  # fmt: skip
    m.set("classifier_ranking", [{"intent": "procedure/move_in", "confidence": 0.79},
                                 {"intent": "childcare/child_allowance", "confidence": 0.18}])  # fmt: skip
    m.set("point_names_subject", False)
    m = SURE_AWARE.process([m])[0]
    assert m.get("response_selector")["default"]["response"]["intent_response_key"] == answer


UNKNOWN_AWARE = FaqFallbackClassifier(
    {"threshold": 0.4, "ambiguity_threshold": 0.0, "refuse_threshold": 0.1, "long_question_threshold": 0.2,
     "long_question_margin": 3.0, "point_threshold": 0.5, "point_margin": 2.0, "point_unknown_below": 0.2}
)  # fmt: skip
# 「パソコンを市の回収に出そうと思い…年寄りでも使いやすいのはノートとデスクトップのどちらでしょうか」
STORY_SURE = [("waste/pc_recycling", 0.63), ("procedure/online_application", 0.005)]


@pytest.mark.parametrize(
    "point, unknown, decided",
    [
        # the asking sentence names what no entry has and its point alone finds nothing: candidates
        (0.08, True, "nlu_fallback"),
        # at the limit the point found its topic: answered
        (0.2, True, "waste"),
        # every word of the asking sentence is some entry's: answered
        (0.08, False, "waste"),
    ],
)
def test_a_long_question_for_someone_else_than_the_city_is_not_answered(point, unknown, decided):
    m = spoken(LONG, [("waste", 0.9), ("greet", 0.01)], STORY_SURE)
    m.set("point_ranking", [{"intent": "waste/pc_recycling", "confidence": point},
                            {"intent": "procedure/death_procedures", "confidence": 0.017}])  # fmt: skip
    m.set("classifier_ranking", [{"intent": "waste/pc_recycling", "confidence": 1.0}])
    m.set("point_names_unknown", unknown)
    assert UNKNOWN_AWARE.process([m])[0].get("intent")["name"] == decided


def test_without_an_unknown_setting_the_story_sure_topic_is_answered():
    m = spoken(LONG, [("waste", 0.9), ("greet", 0.01)], STORY_SURE)
    m.set("point_ranking", [{"intent": "waste/pc_recycling", "confidence": 0.08}])
    m.set("classifier_ranking", [{"intent": "waste/pc_recycling", "confidence": 1.0}])
    m.set("point_names_unknown", True)
    assert POINT_AWARE.process([m])[0].get("intent")["name"] == "waste"
