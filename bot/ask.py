"""`python -m bot.ask`: questions in as JSON Lines, what the assistant did out as JSON Lines.

A contract used by tests, staff and benchmarks; keep it exactly:

    in:  {"text": "...", "conversation": "optional id", "language": "optional: ja, ja-easy, en, zh, ko, vi"}
    out: the input fields plus intent, confidence, ranking (top 5 {"intent","confidence"}),
         replies (texts sent), slots (set after the turn) and language (what the replies
         were written in); or an `error` field.

Lines sharing a `conversation` are one conversation, in order; other lines each start a
fresh one. The model is loaded once. A line that is not UTF-8, not JSON or not text (a lone
surrogate) gets its `error` and every later line is still answered.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import uuid
from pathlib import Path
from typing import Any, BinaryIO, Dict, Optional, Set, TextIO

from madoguchi.languages import EASY_JAPANESE, JAPANESE, LANGUAGES, reply_language
from madoguchi.textcheck import text_problem


def _problem(record: Dict[str, Any]) -> Optional[str]:
    """Why an input record cannot be asked, or None."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return "'text' must be a non-empty string"
    conversation = record.get("conversation")
    if conversation is not None and not isinstance(conversation, (str, int)):
        return "'conversation' must be a string"
    language = record.get("language")
    if language is not None and language not in LANGUAGES:
        return f"'language' must be one of {', '.join(LANGUAGES)}"
    return text_problem(record, "line")


async def answer_line(assistant: Any, raw: str) -> Optional[Dict[str, Any]]:
    """The output record for one input line (None for a blank line)."""
    if not raw.strip():
        return None
    try:
        record = json.loads(raw)
    except (ValueError, RecursionError) as error:  # RecursionError: "[[[[…" nested too deep
        return {"input": raw.rstrip("\n"), "error": str(error) or type(error).__name__}
    if not isinstance(record, dict):
        return {"input": raw.rstrip("\n"), "error": "each line must be a JSON object"}
    problem = _problem(record)
    if problem:
        return {**record, "error": problem}
    conversation = str(record.get("conversation") or f"ask-{uuid.uuid4().hex}")
    try:
        metadata = {"language": record["language"]} if record.get("language") else None
        turn = await assistant.send(record["text"], conversation, metadata=metadata)
    except Exception as error:  # one bad turn must not end a staff member's batch
        return {**record, "error": f"{type(error).__name__}: {error}"}
    return {
        **record,
        "intent": turn.intent,
        "confidence": turn.confidence,
        "ranking": turn.ranking,
        "replies": turn.replies,
        "slots": turn.slots,
        "language": answered_language(assistant, turn),
    }


def answered_language(assistant: Any, turn: Any) -> str:
    """What the replies were written in. やさしい日本語 looks like Japanese: a reply that is a
    Japanese default text (no やさしい日本語 variation yet) counts as Japanese."""
    language = reply_language(turn.replies, turn.slots.get("language"))
    if language == EASY_JAPANESE and set(turn.replies) & japanese_texts(assistant):
        return JAPANESE
    return language


def japanese_texts(assistant: Any) -> Set[str]:
    """The Japanese (default, unconditioned) texts of the model's responses, read once."""
    cached = getattr(assistant, "_japanese_texts", None)
    if cached is None:
        responses = assistant.agent.domain.responses
        cached = {v["text"].strip() for vs in responses.values() for v in vs if v.get("text") and not v.get("condition")}
        assistant._japanese_texts = cached
    return cached


def undecodable_line(raw: bytes, error: UnicodeDecodeError) -> Dict[str, Any]:
    shown = raw.decode("utf-8", "backslashreplace").rstrip("\n")
    return {"input": shown, "error": f"the line is not UTF-8 (byte {raw[error.start]:#04x} at {error.start})"}


def json_line(result: Dict[str, Any]) -> str:
    """One output line; a lone surrogate echoed from the input is written as its JSON escape
    (\\udc18), which any reader takes, instead of ending the output."""
    line = json.dumps(result, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(result)
    return line + "\n"


async def _run(model: Optional[Path], source: BinaryIO, sink: TextIO) -> None:
    from bot.agent import Assistant

    assistant = Assistant.load(model)
    for raw in source:  # bytes: a line that is not UTF-8 must not end the batch
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            result: Optional[Dict[str, Any]] = undecodable_line(raw, error)
        else:
            result = await answer_line(assistant, text)
        if result is not None:
            sink.write(json_line(result))
            sink.flush()


def _reserve_stdout() -> TextIO:
    """The real stdout for results only: libraries that print (Rasa, TensorFlow) go to stderr."""
    sys.stdout.flush()
    results = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return results


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ask", description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, help="trained model (default: the latest in bot/models)")
    args = parser.parse_args(argv)
    results = _reserve_stdout()
    asyncio.run(_run(args.model, sys.stdin.buffer, results))
    results.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
