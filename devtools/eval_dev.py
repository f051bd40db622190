"""`make eval-dev`: the hand-written dev set of resident-style questions
(tests/data/dev/resident_styles_dev.jsonl), for tuning the decision and the wording data.

Asked with the model of the current corpus (the dev questions are not in it; a test checks),
in a minute rather than `make eval`'s training run. Printed as `make eval` prints its
resident-style set: in-scope right and wrong, out-of-scope refused, per style and kind, and
every miss. The evaluation files stay for reporting (tests/data/dev/README.md).

`--file` asks another dev file of the same fields (`make eval-dev
ARGS=--file=tests/data/dev/near_miss_dev2.jsonl`); `--halves` prints the figures for each half
of a fixed hash split too (devtools.eval_import.split_of): the cues and examples are written
looking at the tuning half, the test half checks they generalize.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, List, Sequence

from devtools.eval_import import split_of
from devtools.evaluate import DATA, is_faq, print_residents, read_jsonl, resident_figures, resident_set
from madoguchi.batch_ask import run_ask
from madoguchi.languages import EASY_JAPANESE
from madoguchi.model import ensure_model

DEV_FILE = DATA / "dev" / "resident_styles_dev.jsonl"


def per_set(results: List[Dict[str, Any]]) -> Dict[str, float]:
    """Right (in scope) or refused (out of scope) per style and kind."""
    groups: Dict[str, List[bool]] = defaultdict(list)
    for r in results:
        ok = not is_faq(r["intent"]) if r["expected"] == "out_of_scope" else r["intent"] == r["expected"]
        groups[r["set"]].append(ok)
    return {name: sum(oks) / len(oks) for name, oks in sorted(groups.items())}


def halves(results: List[Dict[str, Any]]) -> Dict[str, List[Dict[str, Any]]]:
    """The results of each hash half, tuning half first."""
    split: Dict[str, List[Dict[str, Any]]] = {"tune": [], "test": []}
    for r in results:
        split[split_of(r["text"])].append(r)
    return split


def _set_of(question: Dict[str, Any]) -> str:
    """Its style or kind, after its language when the file has one (languages_dev2.jsonl)."""
    language = question.get("language")
    return f"{resident_set(question)} ({language})" if language else resident_set(question)


def per_language(results: List[Dict[str, Any]]) -> Dict[str, List[Dict[str, Any]]]:
    """The results of each language, by the `(ko)` its set ends with; none for a Japanese file."""
    split: Dict[str, List[Dict[str, Any]]] = defaultdict(list)
    for r in results:
        if r["set"].endswith(")"):
            split[r["set"].rsplit("(", 1)[1].rstrip(")")].append(r)
    return dict(sorted(split.items()))


def _question(row: Dict[str, Any]) -> Dict[str, Any]:
    """A dev row as bot.ask is asked it. Easy Japanese looks like Japanese, so the resident
    chooses it: such a row is asked in that language. A row in another language is asked
    without one, as a resident writes it, and its language must be detected."""
    question = {"text": row["text"], "expected": row["intent"], "set": _set_of(row)}
    language = row.get("language")
    if language == EASY_JAPANESE:
        return {**question, "ask_language": language}
    return {**question, "written_in": language} if language else question


def print_languages(results: List[Dict[str, Any]]) -> None:
    """For rows with a language: the share answered in the one chosen or written, and every one that was not."""
    asked = [r for r in results if r.get("ask_language") or r.get("written_in")]
    if not asked:
        return
    wrong = [r for r in asked if r.get("language") != (r.get("ask_language") or r.get("written_in"))]
    print(f"\nAnswered in the language chosen or written: {100 * (1 - len(wrong) / len(asked)):5.1f}% of {len(asked)}")
    for r in wrong:
        print(f"  [{r.get('ask_language') or r.get('written_in')}] {r['text']} -> answered in {r.get('language')}")


def _arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make eval-dev", description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEV_FILE, help="a dev file (JSON Lines: text, intent, style, kind)")
    parser.add_argument("--halves", action="store_true", help="also the figures of each half of a fixed hash split")
    return parser.parse_args(list(argv))


def main(argv: Sequence[str] = ()) -> int:
    args = _arguments(argv)
    questions = [_question(q) for q in read_jsonl(args.file)]
    results, _ = run_ask(ensure_model(), questions)
    for name, share in per_set(results).items():
        print(f"  {name:40} {100 * share:5.1f}%")
    print_residents(resident_figures(results), args.file.name)
    print_languages(results)
    if args.halves:
        for half, rows in halves(results).items():
            figures = {**resident_figures(rows), "misses": []}
            print_residents(figures, f"{args.file.name}, {half} half")
            for name, share in per_set(rows).items():
                print(f"  {name:40} {100 * share:5.1f}% of {sum(r['set'] == name for r in rows)}")
            for language, in_language in per_language(rows).items():
                print_residents({**resident_figures(in_language), "misses": []}, f"{args.file.name}, {half} half, {language}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
