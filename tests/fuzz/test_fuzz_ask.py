"""`python -m bot.ask` lines: any bytes in, one JSON line out per line, nothing lost."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from bot.ask import answer_line, json_line, undecodable_line
from tests.fuzz.strategies import any_text, json_values

LINES = st.one_of(
    st.binary(max_size=60),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries({"text": any_text, "conversation": any_text | st.none()}).map(lambda d: json.dumps(d).encode()),
)


def _answer(assistant, loop, raw: bytes):
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return undecodable_line(raw, error)
    return loop.run_until_complete(answer_line(assistant, text))


@given(LINES)
def test_every_line_gets_one_readable_answer(assistant, event_loop_session, raw) -> None:
    result = _answer(assistant, event_loop_session, raw)
    if result is None:  # a blank line is skipped, as the contract says
        assert not raw.decode("utf-8", "replace").strip()
        return
    line = json_line(result)
    assert line.endswith("\n") and line.count("\n") == 1
    back = json.loads(line.encode("utf-8"))
    assert "error" in back or "intent" in back
