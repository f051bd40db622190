"""Tuning on make eval-import's tuning half: settings as typed, outcomes as counted, and the
halves fixed by the question's hash (the test half is never asked while tuning)."""

from __future__ import annotations

import subprocess
import sys

from devtools.eval_import import split_of
from devtools.tune_import import _outcome, _variants
from madoguchi.paths import ROOT


def test_each_argument_is_one_setting_after_the_configured_one():
    variants = _variants(["expansion_weight_beside_imported=0.6,fallback.threshold=0.45", "kanji_typos=false,bm25_k1=2"])
    assert variants == [
        {},
        {"expansion_weight_beside_imported": 0.6, "fallback.threshold": 0.45},
        {"kanji_typos": False, "bm25_k1": 2},
    ]


def test_an_outcome_says_where_the_entry_ranked_and_what_the_resident_got():
    ranking = [{"intent": "a/imported_1"}, {"intent": "a/imported_2"}]
    assert _outcome({"expected": "a/imported_1", "ranking": ranking, "intent": "a/imported_1"}) == "first/right"
    assert _outcome({"expected": "a/imported_2", "ranking": ranking, "intent": "a/imported_1"}) == "top5/wrong"
    assert _outcome({"expected": "a/imported_3", "ranking": ranking, "intent": "nlu_fallback"}) == "miss/none"


def test_the_halves_are_fixed_by_the_questions_hash():
    # sha256 of the text, even or odd: a changed split would mix the halves of earlier figures
    assert [split_of(f"質問{n}") for n in range(6)] == ["tune", "tune", "tune", "test", "tune", "tune"]


def test_eval_import_refuses_to_write_figures_of_one_half():
    result = subprocess.run(
        [sys.executable, "-m", "devtools.eval_import", "--half", "tune", "--write"],
        cwd=ROOT, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert result.returncode == 2
    assert "--write reports both halves: leave out --half" in result.stderr
