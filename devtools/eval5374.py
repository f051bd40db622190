"""Questions about an imported city's own items and districts, asked through `bot.ask`
exactly as residents write them, and scored against the city's files.

- Items: every target.csv item in three everyday forms (「〇〇は何ごみですか？」「〇〇の捨て
  方を教えて」「いらなくなった〇〇はどうやって出せばいい？」), named without its qualifier
  as residents do. An item with variants is right when the assistant offers it among the
  choices (the resident then presses it: a second line in the same conversation); others
  when the answer names it with the city's own category label.
- Collection days: every district row, its 丁目 as a number inside the row's range; a row
  with a condition is asked by its place first, then the condition is told (or denied) in
  the same conversation. Right when the answer names the row and the row's weekdays.

Used by `make eval` (tests/data/city5374_hanamizu, written as a real city publishes) and
`make bench-5374` (a generated 1,000-item, 70-district city).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

from madoguchi.city5374 import read_city
from madoguchi.districts import parse_district
from madoguchi.paths import CORPUS_DIR, ROOT
from madoguchi.waste_data import WasteData, current
from madoguchi.waste_items import base_name

ITEM_FORMS = ("{}は何ごみですか？", "{}の捨て方を教えて", "いらなくなった{}はどうやって出せばいい？")
DAY_FORMS = ("{place}の{kind}の日はいつ？", "{place}に住んでいます。{kind}は何曜日ですか", "{place} {kind} 収集日")


def _asked_name(name: str) -> str:
    """How a resident names an item: without the qualifier, the first of 「新聞・チラシ」."""
    return base_name(name).split("・")[0].strip() or name


def item_questions(data: WasteData) -> List[Dict[str, Any]]:
    items = list(data.dictionary.items.values())
    lines = []
    for n, item in enumerate(items):
        word = _asked_name(item.name)
        for f, form in enumerate(ITEM_FORMS):
            conversation = f"item-{n}-{f}"
            lines.append(
                {"text": form.format(word), "conversation": conversation, "expected": item.name, "label": item.category_label}
            )
    return lines


def _place(row: str) -> Tuple[str, str]:
    """What a resident says for a row, and what they tell when asked which one."""
    parsed = parse_district(row)
    place = parsed.base
    if parsed.chome:
        numbers = sorted(parsed.chome)
        place += f"{numbers[len(numbers) // 2]}丁目"
    if parsed.condition and not parsed.condition[0].isdigit():
        return place, f"{parsed.condition}です"
    if parsed.excluded:
        return place, f"{parsed.excluded}ではありません"
    return place, ""


def day_questions(data: WasteData) -> List[Dict[str, Any]]:
    calendar = data.calendar
    lines = []
    for n, row in enumerate(calendar.districts):
        kinds = [k for k in calendar.kinds if calendar.schedule(row, k).describe()]
        if not kinds:
            continue
        kind = kinds[n % len(kinds)]
        place, told = _place(row)
        text = DAY_FORMS[n % len(DAY_FORMS)].format(place=place, kind=base_name(kind))
        expected: Dict[str, Any] = {"expected": row, "days": calendar.schedule(row, kind).describe()}
        lines.append({"text": text, "conversation": f"day-{n}", **expected})
        if told:  # asked which one: the resident tells (or denies) the condition
            lines.append({"text": told, "conversation": f"day-{n}", **expected})
    return lines


def ask(lines: List[Dict[str, Any]], corpus: Path, model: Path) -> List[Dict[str, Any]]:
    stdin = "".join(json.dumps({"text": q["text"], "conversation": q["conversation"]}, ensure_ascii=False) + "\n" for q in lines)
    env = dict(os.environ, MADOGUCHI_CORPUS=str(corpus), PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "bot.ask", "--model", str(model)],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
    )
    return [{**q, **json.loads(out)} for q, out in zip(lines, result.stdout.splitlines())]


def score_items(results: List[Dict[str, Any]]) -> Dict[str, Any]:
    right, misses = 0, []
    for r in results:
        slots = r.get("slots") or {}
        answered = slots.get("waste_item") == r["expected"] and any(f"「{r['label']}」" in t for t in r.get("replies") or [])
        offered = r["expected"] in (slots.get("waste_item_candidates") or [])
        if answered or offered:
            right += 1
        else:
            misses.append(
                {
                    "text": r["text"],
                    "expected": r["expected"],
                    "got": slots.get("waste_item") or slots.get("waste_item_candidates"),
                }
            )
    return {"questions": len(results), "right": right / max(1, len(results)), "misses": misses}


def score_days(results: List[Dict[str, Any]]) -> Dict[str, Any]:
    """A row is right when, by the end of its conversation, the answer named it and its days."""
    by_row: Dict[str, List[Dict[str, Any]]] = {}
    for r in results:
        by_row.setdefault(r["conversation"], []).append(r)
    right, misses = 0, []
    for turns in by_row.values():
        first, last = turns[0], turns[-1]
        answered = [
            t
            for t in turns
            if (t.get("slots") or {}).get("district") == t["expected"] and any(t["days"] in x for x in t.get("replies") or [])
        ]
        if answered:
            right += 1
        else:
            misses.append(
                {"text": first["text"], "expected": first["expected"], "got": (last.get("slots") or {}).get("district")}
            )
    return {"questions": len(by_row), "right": right / max(1, len(by_row)), "misses": misses}


def evaluate_city(folder: Path, workdir: Path, model: Path) -> Dict[str, Any]:
    """Import the folder into a copy of the corpus and ask every item and district."""
    from madoguchi.import5374 import import_folder

    corpus = workdir / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    shutil.copytree(CORPUS_DIR, corpus, ignore=shutil.ignore_patterns("waste_5374*"))
    if import_folder(folder, corpus, out=io.StringIO(), err=sys.stderr) is None:
        raise SystemExit(f"{folder} could not be imported")
    data = current(corpus / "waste_5374")
    items = score_items(ask(item_questions(data), corpus, model))
    days = score_days(ask(day_questions(data), corpus, model))
    city = read_city(folder)
    return {
        "city": str(folder),
        "items_in_city": len(city.items),
        "districts": len(city.calendar.districts),
        "items": items,
        "days": days,
    }
