"""make eval-dev counts the dev set as make eval counts its resident-style set."""

from __future__ import annotations

import pytest

from devtools.eval_dev import DEV2_FILE, DEV_FILE, half, per_set
from devtools.evaluate import read_jsonl, resident_set


def test_in_scope_counts_the_right_topic_and_out_of_scope_anything_but_an_faq() -> None:
    results = [
        {"set": "residents: typo", "expected": "waste/bulky_waste", "intent": "waste/bulky_waste"},
        {"set": "residents: typo", "expected": "waste/bulky_waste", "intent": "nlu_fallback"},
        {"set": "residents: typo", "expected": "waste/bulky_waste", "intent": "waste/self_delivery"},
        {"set": "residents out of scope: chit_chat", "expected": "out_of_scope", "intent": "nlu_fallback"},
        {"set": "residents out of scope: chit_chat", "expected": "out_of_scope", "intent": "bot_challenge"},
        {"set": "residents out of scope: chit_chat", "expected": "out_of_scope", "intent": "general/office_hours"},
    ]
    assert per_set(results) == {
        "residents out of scope: chit_chat": pytest.approx(2 / 3),
        "residents: typo": pytest.approx(1 / 3),
    }


def test_the_dev_file_is_grouped_by_style_and_kind() -> None:
    sets = {resident_set(q) for q in read_jsonl(DEV_FILE)}
    assert sets == {
        "residents: typo", "residents: kana", "residents: dialect", "residents: polite_long",
        "residents: plain",  # plain questions beside the near misses that share their words
        "residents out of scope: shared_word", "residents out of scope: private_sector",
        "residents out of scope: national", "residents out of scope: other_city",
        "residents out of scope: chit_chat",
    }  # fmt: skip


def test_the_second_dev_set_splits_in_fixed_halves_of_every_style() -> None:
    """The tuning and check halves never move (a hash of the text) and both hold every style."""
    questions = read_jsonl(DEV2_FILE)
    assert half("ゴミ出し何曜") == half("ゴミ出し何曜")
    halves = {part: {q["style"] for q in questions if half(q["text"]) == part} for part in ("tune", "check")}
    assert halves["tune"] == halves["check"] == {"dialect", "keywords", "kana", "typo", "near_miss_oos"}
    tuned = sum(half(q["text"]) == "tune" for q in questions)
    assert 0.35 < tuned / len(questions) < 0.65
