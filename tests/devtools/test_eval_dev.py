"""make eval-dev counts the dev set as make eval counts its resident-style set."""

from __future__ import annotations

import pytest

from devtools.eval_dev import DEV_FILE, halves, per_set
from devtools.eval_import import split_of
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


def test_halves_split_by_a_fixed_hash_of_the_question() -> None:
    results = [{"text": text} for text in ("a", "b", "c", "d", "e", "f")]
    split = halves(results)
    assert sorted(r["text"] for rows in split.values() for r in rows) == ["a", "b", "c", "d", "e", "f"]
    # sha256 of the text, even → tune: the same every run
    assert [r["text"] for r in split["tune"]] == [t for t in "abcdef" if split_of(t) == "tune"]
    assert split["tune"] and split["test"]


def test_another_dev_file_is_asked_with_file() -> None:
    from devtools.eval_dev import _arguments

    args = _arguments(["--file", "tests/data/dev/near_miss_dev2.jsonl", "--halves"])
    assert args.file.name == "near_miss_dev2.jsonl" and args.halves
    assert _arguments([]).file == DEV_FILE and not _arguments([]).halves


def test_the_second_dialect_set_has_every_style_in_both_halves() -> None:
    """resident_styles_dev2.jsonl is read per half (make eval-dev ARGS="--file … --halves"):
    each half holds every style, so the check half checks each kind of rule."""
    questions = read_jsonl(DEV_FILE.parent / "resident_styles_dev2.jsonl")
    styles = {part: {q["style"] for q in questions if split_of(q["text"]) == part} for part in ("tune", "test")}
    assert styles["tune"] == styles["test"] == {"dialect", "keywords", "kana", "typo", "near_miss_oos"}
    tuned = sum(split_of(q["text"]) == "tune" for q in questions)
    assert 0.35 < tuned / len(questions) < 0.65
