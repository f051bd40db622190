"""`python -m bot.ask`: the JSON Lines contract, run as staff and benchmarks run it."""

from __future__ import annotations

import json
import subprocess
import sys

from madoguchi.paths import ROOT

LINES = [
    {"text": "粗大ごみを出したい"},
    "this is not json",
    {"text": "こんにちは", "conversation": "c1"},
    {"text": ""},
    {"text": "担当の人と話したい", "conversation": "c1"},
]


def test_ask_answers_each_line_and_keeps_conversations(model_path):
    stdin = "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in LINES)
    result = subprocess.run(
        [sys.executable, "-m", "bot.ask", "--model", str(model_path)],
        input=stdin + "\n", capture_output=True, text=True, cwd=ROOT, timeout=300, check=True,
    )  # fmt: skip
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 5

    bulky = out[0]
    assert bulky["text"] == "粗大ごみを出したい"
    assert bulky["intent"] == "waste/bulky_waste"
    assert 0 < bulky["confidence"] <= 1
    assert len(bulky["ranking"]) == 5
    assert bulky["ranking"][0]["intent"] == "waste/bulky_waste"
    assert set(bulky["ranking"][0]) == {"intent", "confidence"}
    assert len(bulky["replies"]) == 1 and "粗大ごみ" in bulky["replies"][0]
    assert isinstance(bulky["slots"], dict)

    assert out[1] == {"input": "this is not json", "error": "Expecting value: line 1 column 1 (char 0)"}
    assert out[2]["intent"] == "greet" and out[2]["conversation"] == "c1"
    assert out[3] == {"text": "", "error": "'text' must be a non-empty string"}
    assert out[4]["intent"] == "human_handoff"
    assert out[4]["conversation"] == "c1"
