"""make eval's language figures list every miss, the held-out questions' too."""

from __future__ import annotations

import pytest

from devtools.evaluate import language_report, print_language_report


def _asked(text: str, expected: str, got: str, question_set: str) -> dict:
    return {"text": text, "expected": expected, "intent": got, "language": "en", "asked_in": "en", "set": question_set}


def test_a_held_out_miss_is_printed_beside_a_written_one_and_a_right_answer_is_not(
    capsys: pytest.CaptureFixture[str],
) -> None:
    results = [
        _asked("bin day?", "waste/collection_days", "waste/collection_days", "held-out"),
        _asked("kid vaccine", "childcare/vaccination", "nlu_fallback", "held-out"),
        _asked("passport please", "out_of_scope", "procedures/juminhyo", "written"),
    ]
    report = language_report(results)
    print_language_report(report)
    lines = capsys.readouterr().out.splitlines()
    misses = [line for line in lines if line.startswith("  [")]
    assert misses == [
        "  [en held-out] kid vaccine -> nlu_fallback (expected childcare/vaccination)",
        "  [en written] passport please -> procedures/juminhyo (expected out_of_scope)",
    ]
    assert report["en"]["held-out"]["right_topic"] == 0.5
