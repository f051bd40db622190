"""`make eval-dev`: the hand-written dev sets of resident-style questions
(tests/data/dev/resident_styles_dev.jsonl and resident_styles_dev2.jsonl), for tuning the
decision and the wording data.

Asked with the model of the current corpus (the dev questions are not in it; a test checks),
in a minute rather than `make eval`'s training run. Printed as `make eval` prints its
resident-style set: in-scope right and wrong, out-of-scope refused, per style and kind, and
every miss. The second set (dialect, kana and typos written before their rules) is printed
per half, split by a hash of the question: rules are tuned on the tuning half, and the check
half says how far they carry. The evaluation files stay for reporting
(tests/data/dev/README.md).
"""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from typing import Any, Dict, List, Sequence

from devtools.evaluate import DATA, is_faq, print_residents, read_jsonl, resident_figures, resident_set
from madoguchi.batch_ask import run_ask
from madoguchi.model import ensure_model

DEV_FILE = DATA / "dev" / "resident_styles_dev.jsonl"
DEV2_FILE = DATA / "dev" / "resident_styles_dev2.jsonl"


def half(text: str) -> str:
    """The fixed half of the second dev set a question is in: "tune" or "check"."""
    return "tune" if int(hashlib.sha256(f"dev2\0{text}".encode()).hexdigest(), 16) % 2 == 0 else "check"


def per_set(results: List[Dict[str, Any]]) -> Dict[str, float]:
    """Right (in scope) or refused (out of scope) per style and kind."""
    groups: Dict[str, List[bool]] = defaultdict(list)
    for r in results:
        ok = not is_faq(r["intent"]) if r["expected"] == "out_of_scope" else r["intent"] == r["expected"]
        groups[r["set"]].append(ok)
    return {name: sum(oks) / len(oks) for name, oks in sorted(groups.items())}


def _questions(path: Any) -> List[Dict[str, Any]]:
    return [{"text": q["text"], "expected": q["intent"], "set": resident_set(q)} for q in read_jsonl(path)]


def _print(results: List[Dict[str, Any]], name: str) -> None:
    for set_name, share in per_set(results).items():
        counted = sum(r["set"] == set_name for r in results)
        print(f"  {set_name:40} {100 * share:5.1f}% of {counted}")
    print_residents(resident_figures(results), name)


def main(argv: Sequence[str] = ()) -> int:
    first, second = _questions(DEV_FILE), _questions(DEV2_FILE)
    results, _ = run_ask(ensure_model(), first + second)
    _print(results[: len(first)], DEV_FILE.name)
    for part in ("tune", "check"):
        print(f"\n{DEV2_FILE.name}, {part} half:")
        _print([r for r in results[len(first) :] if half(r["text"]) == part], f"{DEV2_FILE.name}, {part} half")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
