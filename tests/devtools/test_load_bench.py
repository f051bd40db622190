"""`make bench-load`'s verdict against issue 15's single-node targets, and its stack choice."""

from __future__ import annotations

from typing import Any, Dict

import pytest

from devtools import load_bench


def stack(p95_ms: float, per_second: float, concurrent_p95_ms: float, errors: int = 0) -> Dict[str, Any]:
    single = {kind: {"turns": 25, "errors": 0, "p50_ms": p95_ms / 2, "p95_ms": p95_ms} for kind, _ in load_bench.CONVERSATION}
    return {"rest_single": single,
            "rest_concurrent": {"turns": 400, "errors": errors, "p95_ms": concurrent_p95_ms, "per_second": per_second}}  # fmt: skip


def test_the_verdict_passes_only_when_every_target_is_met() -> None:
    init = stack(40, 20.0, 900)
    assert load_bench.verdict({"rasa init": init, "make run": stack(55, 61.0, 580)}).startswith("**PASS**")
    slow_tail = load_bench.verdict({"rasa init": init, "make run": stack(61, 61.0, 580)})
    assert slow_tail.startswith("**FAIL**") and "worst: FAQ 61 ms) ✗" in slow_tail
    too_few = load_bench.verdict({"rasa init": init, "make run": stack(55, 59.0, 580)})
    assert too_few.startswith("**FAIL**") and "needed 60.0/s) ✗" in too_few
    failed_turns = load_bench.verdict({"rasa init": init, "make run": stack(55, 61.0, 580, errors=1)})
    assert failed_turns.startswith("**FAIL**") and "(1 failed) ✗" in failed_turns
    assert load_bench.verdict({"make run": stack(55, 61.0, 580)}).startswith("**FAIL**")  # no init bot to compare


def test_stacks_are_chosen_by_name(monkeypatch) -> None:
    monkeypatch.setenv("MADOGUCHI_LOAD_STACKS", "rasa init, make run")
    assert load_bench.chosen_stacks() == ["rasa init", "make run"]
    monkeypatch.setenv("MADOGUCHI_LOAD_STACKS", "rasa init,make runn")
    with pytest.raises(SystemExit, match="unknown stack 'make runn'"):
        load_bench.chosen_stacks()
