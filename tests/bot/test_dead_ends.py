"""Issue 11: no dead ends in the skills. Every question of a form can be left, answered
with 「わからない」, or interrupted by another question, and the form can be resumed.

Through the real trained model; conversations happen on Tuesday 2026-12-01 at 10:00.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml

from madoguchi.broad_words import BROAD_WORDS_FILE, load_broad_words
from madoguchi.paths import ROOT
from madoguchi.spec import default_spec

CANDIDATES_FILE = ROOT / "tests" / "data" / "candidates.yml"
CANCEL = {"title": "やめる", "payload": "/cancel"}


def buttons(turn) -> List[Dict[str, str]]:
    return [b for m in turn.messages for b in (m.get("buttons") or [])]


def custom(turn) -> Dict[str, Any]:
    found: Dict[str, Any] = {}
    for message in turn.messages:
        found.update(message.get("custom") or {})
    return found


def test_the_quick_start_item_button_asks_which_item(ask, corpus):
    turn = ask("/waste_item_lookup", "qs-item")
    assert turn.replies == [corpus.message("utter_ask_waste_item_query")]
    assert "waste_item_unknown" not in custom(turn)
    assert ask("ソファ", "qs-item").replies[0].startswith("ソファは「粗大ごみ」です。")


# Each skill, and what to say to reach each of its questions.
FORM_STEPS = {
    "moving_form": [
        ("引っ越しの手続きを知りたい", "utter_ask_move_type"),
        ("市外へ引っ越す", "utter_ask_move_date"),
        ("来月10日", "utter_ask_children"),
        ("いない", "utter_ask_dog"),
        ("いいえ", "utter_ask_national_insurance"),
        ("いいえ", "utter_ask_seal_registration"),
    ],
    "waste_item_form": [("/waste_item_lookup", "utter_ask_waste_item_query")],
    "collection_day_form": [("ごみの収集日を知りたい", "utter_ask_district")],
}
STEPS = [(form, n) for form, steps in FORM_STEPS.items() for n in range(len(steps))]


def reach(ask, form: str, step: int, conversation: str):
    turn = None
    for text, _ in FORM_STEPS[form][: step + 1]:
        turn = ask(text, conversation)
    return turn


@pytest.mark.parametrize("form,step", STEPS)
def test_every_question_shows_a_way_out_that_stops_the_form(ask, corpus, form, step):
    conversation = f"leave-{form}-{step}"
    question = reach(ask, form, step, conversation)
    assert question.replies[-1] == corpus.message(FORM_STEPS[form][step][1])
    assert buttons(question)[-1] == CANCEL
    stopped = ask("/cancel", conversation)
    assert stopped.replies == [corpus.message("utter_cancelled")]
    assert "requested_slot" not in stopped.slots
    after = ask("粗大ごみを出したい", conversation)
    assert after.intent == "waste/bulky_waste"
    assert after.replies == [corpus.render(corpus.by_id()["waste/bulky_waste"], "answer")]


@pytest.mark.parametrize("form,step", STEPS)
def test_another_question_at_any_step_is_answered_and_the_form_can_go_on(ask, corpus, form, step):
    conversation = f"digress-{form}-{step}"
    reach(ask, form, step, conversation)
    other = ask("児童手当の支給日はいつですか", conversation)
    assert other.intent == "childcare/child_allowance"
    assert other.replies[0] == corpus.render(corpus.by_id()["childcare/child_allowance"], "answer")
    assert other.replies[1:] == [corpus.message(f"utter_resume_{form}")]  # not the question again
    resume = buttons(other)[0]
    assert buttons(other)[-1] == CANCEL
    back = ask(resume["payload"], conversation)
    assert back.replies[-1] == corpus.message(FORM_STEPS[form][step][1])  # where it stopped


def test_the_resume_button_reads_as_going_on_with_the_moving_guide(ask):
    ask("引っ越しの手続きを知りたい", "resume-title")
    other = ask("今日の天気は", "resume-title")
    assert buttons(other)[0]["title"] == "引っ越しの案内を続ける"
    assert other.replies[-1] != "引っ越しの日はいつですか（例：12月20日、来月10日。決まっていなければ「未定」）。"


def test_staff_inside_the_moving_form_is_the_citizens_section(ask, corpus):
    ask("ごみの分け方を教えて", "handoff-moving")  # an FAQ of ごみ対策課 first
    ask("引っ越しの手続きを知りたい", "handoff-moving")
    turn = ask("担当の人と話したい", "handoff-moving")
    assert custom(turn)["handoff"]["department"] == "shimin"
    assert turn.replies[0].startswith("市民課の職員がお答えします。")
    assert turn.replies[-1] == corpus.message("utter_resume_moving_form")


def test_わからない_at_a_step_is_an_answer_not_a_request_for_staff(ask, corpus):
    # a conversation of its own: the checklist is left open, and test_conversations asks as "unsure"
    ask("引っ越しの手続きを知りたい", "unsure-moving")
    first = ask("わからない", "unsure-moving")
    assert first.replies == [corpus.message("utter_explain_move_type"), corpus.message("utter_ask_move_type")]
    ask("市外へ引っ越す", "unsure-moving")
    date = ask("わからない", "unsure-moving")
    assert date.slots["move_date"] == "undecided"
    assert date.replies == [corpus.message("utter_ask_children")]
    for answer in ("いない", "いいえ"):
        ask(answer, "unsure-moving")
    insurance = ask("わからない", "unsure-moving")  # listed: better checked than missed
    assert insurance.slots["national_insurance"] is True
    assert "handoff" not in custom(insurance)


def test_わからない_asked_for_the_district_explains_what_a_district_is(ask, corpus):
    ask("ごみの収集日を知りたい", "unsure-district")
    turn = ask("わからない", "unsure-district")
    assert turn.replies == [corpus.message("utter_district_unsure"), corpus.message("utter_ask_district")]


def test_a_topic_question_inside_the_item_form_is_not_recorded_as_an_item(ask, corpus):
    ask("/waste_item_lookup", "item-digress")
    turn = ask("保育園に入りたい", "item-digress")
    assert "waste_item_unknown" not in custom(turn)
    assert turn.replies[-1] == corpus.message("utter_resume_waste_item_form")


def test_skill_departments_are_departments_of_the_spec():
    from bot.actions.handoff import skill_departments

    assert set(skill_departments().values()) <= set(default_spec().departments)
    assert set(skill_departments()) == set(FORM_STEPS)


# --- 「もしかして…」 -------------------------------------------------------------------


def candidate_cases() -> List[Dict[str, Any]]:
    return yaml.safe_load(CANDIDATES_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", candidate_cases(), ids=lambda case: case["text"])
def test_short_questions_get_sensible_candidates(ask, case):
    turn = ask(case["text"])
    if turn.intent in case.get("or_answer", []):
        return  # answered at once with the right topic: no candidates needed
    assert turn.intent == "nlu_fallback", f"{case['text']} was answered as {turn.intent}"
    offered = custom(turn)["candidates"]
    assert set(case.get("any", [])) & set(offered), offered
    assert not set(case.get("not", [])) & set(offered), offered
    if "first" in case:
        assert offered[0] == case["first"]


def test_broad_word_candidates_are_topics_or_skills(corpus):
    known = set(corpus.by_id()) | set(default_spec().skills)
    for word, listed in load_broad_words().items():
        assert set(listed) <= known, (word, set(listed) - known)


def test_a_malformed_broad_words_line_is_reported_with_file_and_line(tmp_path: Path):
    from madoguchi.japanese import DataFileError

    bad = tmp_path / "broad.tsv"
    bad.write_text("# comment\n証明書\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=f"{bad}:2:"):
        load_broad_words(bad)
    assert BROAD_WORDS_FILE.exists()
