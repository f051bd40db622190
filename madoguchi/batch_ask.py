"""Questions through `python -m bot.ask` in a child process, as staff would run it: used by the
console's retraining smoke check (madoguchi/retrain.py) and by the evaluations in devtools/."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

from madoguchi.paths import ROOT


def _ask_line(item: Dict[str, Any]) -> Dict[str, Any]:
    """The bot.ask input for an item: the text, and a language only when chosen explicitly."""
    return {"text": item["text"], **({"language": item["ask_language"]} if item.get("ask_language") else {})}


def run_ask(model: Path, items: List[Dict[str, Any]]) -> Tuple[List[Dict[str, Any]], float]:
    """Each item with bot.ask's answer merged in, and the seconds the whole batch took."""
    stdin = "".join(json.dumps(_ask_line(item), ensure_ascii=False) + "\n" for item in items)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "bot.ask", "--model", str(model)],
        input=stdin, capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    return [{**item, **out} for item, out in zip(items, outputs)], elapsed
