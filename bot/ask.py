"""`python -m bot.ask`: questions in as JSON Lines, what the assistant did out as JSON Lines.

A contract used by tests, staff and benchmarks; keep it exactly:

    in:  {"text": "...", "conversation": "optional id", "language": "optional: ja, ja-easy, en, zh, ko, vi"}
    out: the input fields plus intent, confidence, ranking (top 5 {"intent","confidence"}),
         replies (texts sent), slots (set after the turn) and language (what the replies
         were written in); or an `error` field.

Lines sharing a `conversation` are one conversation, in order; other lines each start a
fresh one. The model is loaded once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import uuid
from pathlib import Path
from typing import Any, Dict, Optional, TextIO

from madoguchi.languages import LANGUAGES, reply_language


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
    return None


async def answer_line(assistant: Any, raw: str) -> Optional[Dict[str, Any]]:
    """The output record for one input line (None for a blank line)."""
    if not raw.strip():
        return None
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as error:
        return {"input": raw.rstrip("\n"), "error": str(error)}
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
        "language": reply_language(turn.replies, turn.slots.get("language")),
    }


async def _run(model: Optional[Path], source: TextIO, sink: TextIO) -> None:
    from bot.agent import Assistant

    assistant = Assistant.load(model)
    for raw in source:
        result = await answer_line(assistant, raw)
        if result is not None:
            sink.write(json.dumps(result, ensure_ascii=False) + "\n")
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
    asyncio.run(_run(args.model, sys.stdin, results))
    results.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
