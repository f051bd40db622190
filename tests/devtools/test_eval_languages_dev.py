"""make eval-languages-dev: a dev quarter of the corpus's own questions, apart from make eval's
held-out fifth, left out of the model it asks them with; counted per language."""

from __future__ import annotations

import pytest
import yaml

from devtools.eval_languages_dev import OUT_OF_SCOPE_FILE, dev_questions, is_dev, report
from devtools.evaluate import read_jsonl
from madoguchi.corpus.generate import category_data, is_held_out
from madoguchi.corpus.validate import check_corpus
from madoguchi.languages import detect


@pytest.fixture(scope="module")
def corpus():
    found, problems = check_corpus()
    assert not problems
    return found


def test_the_dev_quarter_is_fixed_by_hash_and_apart_from_the_held_out_fifth(corpus) -> None:
    questions = [q for q in dev_questions(corpus) if q["expected"] != "out_of_scope"]
    assert {q["asked_in"] for q in questions} == {"ja", "ja-easy", "en", "zh", "ko", "vi"}
    assert all(is_dev(q["text"]) and not is_held_out(q["text"]) for q in questions)
    # about a quarter of the four fifths make eval trains on
    japanese = [e for t in corpus.topics for e in t.examples if not is_held_out(e)]
    share = sum(map(is_dev, japanese)) / len(japanese)
    assert 0.2 < share < 0.3
    assert [q for q in questions if q["asked_in"] == "ja-easy"][0]["ask_language"] == "ja-easy"


def test_the_dev_questions_are_left_out_of_the_training_data(corpus) -> None:
    question = next(q for q in dev_questions(corpus, ["en"]) if q["expected"] != "out_of_scope")
    category = question["expected"].split("/")[0]

    def examples(**leave_out) -> str:
        nlu = yaml.safe_load(category_data(corpus, category, holdout=True, **leave_out))["nlu"]
        return next(i["examples"] for i in nlu if i["intent"] == question["expected"])

    assert f"- {question['text']}\n" in examples()
    assert f"- {question['text']}\n" not in examples(leave_out=is_dev)


def test_the_out_of_scope_dev_questions_are_in_the_language_they_say() -> None:
    questions = read_jsonl(OUT_OF_SCOPE_FILE)
    assert {q["language"] for q in questions} == {"en", "zh", "ko", "vi"}
    assert [q["text"] for q in questions if detect(q["text"]) != q["language"]] == []


def test_in_scope_counts_the_right_topic_and_out_of_scope_anything_but_an_faq() -> None:
    rows = [
        {"asked_in": "en", "expected": "waste/bulky_waste", "intent": "waste/bulky_waste", "language": "en"},
        {"asked_in": "en", "expected": "waste/bulky_waste", "intent": "nlu_fallback", "language": "en"},
        {"asked_in": "en", "expected": "waste/bulky_waste", "intent": "out_of_scope", "language": "en"},
        {"asked_in": "en", "expected": "waste/bulky_waste", "intent": "waste/recyclables", "language": "ja"},
        # the sofa's answer: bulky waste, counted for the resident only
        {
            "asked_in": "en",
            "expected": "waste/bulky_waste",
            "intent": "waste_item_lookup",
            "language": "en",
            "slots": {"waste_item": "ソファ"},
        },
        {"asked_in": "en", "expected": "out_of_scope", "intent": "out_of_scope", "language": "en"},
        {"asked_in": "en", "expected": "out_of_scope", "intent": "waste/recyclables", "language": "en"},
    ]
    assert report(rows) == {
        "en": {
            "questions": 5, "right": 0.2, "nlu_fallback": 0.2, "out_of_scope": 0.2, "wrong": 0.4,
            "right_for_residents": 0.4,
            "right_language": pytest.approx(6 / 7), "out_of_scope_questions": 2, "out_of_scope_refused": 0.5,
        }
    }  # fmt: skip
