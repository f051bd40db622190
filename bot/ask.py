"""`python -m bot.ask`: questions in as JSON Lines, what the assistant did out as JSON Lines.

A contract used by tests, staff and benchmarks; keep it exactly:

    in:  {"text": "...", "conversation": "optional id"}
    out: the input fields plus intent, confidence, ranking (top 5 {"intent","confidence"}),
         replies (texts sent) and slots (set after the turn); or an `error` field.

Lines sharing a `conversation` are one conversation, in order; other lines each start a
fresh one. The model is loaded once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import uuid
from pathlib import Path
from typing import Any, Dict, Optional, TextIO


def _parse(line: str) -> Dict[str, Any]:
    record = json.loads(line)
    if not isinstance(record, dict):
        raise ValueError("each line must be a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("'text' must be a non-empty string")
    conversation = record.get("conversation")
    if conversation is not None and not isinstance(conversation, (str, int)):
        raise ValueError("'conversation' must be a string")
    return record


async def answer_line(assistant: Any, raw: str) -> Optional[Dict[str, Any]]:
    """The output record for one input line (None for a blank line)."""
    if not raw.strip():
        return None
    try:
        record = _parse(raw)
    except ValueError as error:  # json.JSONDecodeError is a ValueError
        return {"input": raw.rstrip("\n"), "error": str(error)}
    conversation = str(record.get("conversation") or f"ask-{uuid.uuid4().hex}")
    try:
        turn = await assistant.send(record["text"], conversation)
    except Exception as error:  # one bad turn must not end a staff member's batch
        return {**record, "error": f"{type(error).__name__}: {error}"}
    return {
        **record,
        "intent": turn.intent,
        "confidence": turn.confidence,
        "ranking": turn.ranking,
        "replies": turn.replies,
        "slots": turn.slots,
    }


async def _run(model: Optional[Path], source: TextIO, sink: TextIO) -> None:
    from bot.agent import Assistant

    assistant = Assistant.load(model)
    for raw in source:
        result = await answer_line(assistant, raw)
        if result is not None:
            sink.write(json.dumps(result, ensure_ascii=False) + "\n")
            sink.flush()


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ask", description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, help="trained model (default: the latest in bot/models)")
    args = parser.parse_args(argv)
    asyncio.run(_run(args.model, sys.stdin, sys.stdout))
    return 0


if __name__ == "__main__":
    sys.exit(main())
