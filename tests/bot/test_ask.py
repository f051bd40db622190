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
# Lines that once ended the batch (issue 10, finding 6), then one that must still be answered.
BAD_LINES = [
    b"\xff\xfe not utf-8",
    b'{"text": "\xed\xb0\x98"}',  # a lone surrogate as raw bytes
    b'{"text": "a\\udc18b"}',  # a lone surrogate as a JSON escape
    b'{"text": "x", "conversation": "\\udc18"}',
    b"[" * 100_000,
    '{"text": "粗大ごみを出したい"}'.encode(),
]


def test_ask_answers_each_line_and_keeps_conversations(model_path):
    stdin = "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in LINES)
    result = subprocess.run(
        [sys.executable, "-m", "bot.ask", "--model", str(model_path)],
        input=stdin.encode() + b"\n" + b"\n".join(BAD_LINES) + b"\n", capture_output=True, cwd=ROOT, timeout=300,
        check=True,
    )  # fmt: skip
    out = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert len(out) == 11

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

    not_utf8, raw_surrogate, escaped, in_conversation, nested, after = out[5:]
    assert not_utf8 == {"input": "\\xff\\xfe not utf-8", "error": "the line is not UTF-8 (byte 0xff at 0)"}
    assert raw_surrogate["error"] == "the line is not UTF-8 (byte 0xed at 10)"
    assert escaped == {"text": "a\udc18b", "error": "line.text: a lone UTF-16 surrogate is not text"}
    assert in_conversation["error"] == "line.conversation: a lone UTF-16 surrogate is not text"
    assert nested["error"] and "intent" not in nested
    assert after["intent"] == "waste/bulky_waste" and "粗大ごみ" in after["replies"][0]
