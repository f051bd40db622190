"""`make eval-dev`: the hand-written dev set of resident-style questions
(tests/data/dev/resident_styles_dev.jsonl), for tuning the decision and the wording data.

Asked with the model of the current corpus (the dev questions are not in it; a test checks),
in a minute rather than `make eval`'s training run. Printed as `make eval` prints its
resident-style set: in-scope right and wrong, out-of-scope refused, per style and kind, and
every miss. The evaluation files stay for reporting (tests/data/dev/README.md).

The fresh long polite questions (tests/data/dev/polite_long_dev2.jsonl, issue 13) are asked
in the same run and printed apart, per half of a fixed hash split (as make eval-import
splits): the tuning half is looked at while changing the point finding and the decision,
the check half only counted, so its figure says what a change does on questions it was not
made for.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from typing import Any, Dict, List, Sequence

from devtools.eval_import import split_of
from devtools.evaluate import DATA, is_faq, print_residents, read_jsonl, resident_figures, resident_set
from madoguchi.batch_ask import run_ask
from madoguchi.model import ensure_model

DEV_FILE = DATA / "dev" / "resident_styles_dev.jsonl"
POLITE_FILE = DATA / "dev" / "polite_long_dev2.jsonl"
HALVES = {"tune": "tuning half", "test": "check half"}


def per_set(results: List[Dict[str, Any]]) -> Dict[str, float]:
    """Right (in scope) or refused (out of scope) per style and kind."""
    groups: Dict[str, List[bool]] = defaultdict(list)
    for r in results:
        ok = not is_faq(r["intent"]) if r["expected"] == "out_of_scope" else r["intent"] == r["expected"]
        groups[r["set"]].append(ok)
    return {name: sum(oks) / len(oks) for name, oks in sorted(groups.items())}


def _questions(path: Any, **extra: str) -> List[Dict[str, Any]]:
    return [{"text": q["text"], "expected": q["intent"], "set": resident_set(q), **extra} for q in read_jsonl(path)]


def main(argv: Sequence[str] = ()) -> int:
    styles = _questions(DEV_FILE)
    polite = [{**q, "half": split_of(q["text"])} for q in _questions(POLITE_FILE)]
    results, _ = run_ask(ensure_model(), styles + polite)
    style_results, polite_results = results[: len(styles)], results[len(styles) :]
    for name, share in per_set(style_results).items():
        print(f"  {name:40} {100 * share:5.1f}%")
    print_residents(resident_figures(style_results), DEV_FILE.name)
    for half, label in HALVES.items():
        print_residents(resident_figures([r for r in polite_results if r["half"] == half]), f"{POLITE_FILE.name}, {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
