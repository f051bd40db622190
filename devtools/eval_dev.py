"""`make eval-dev`: the hand-written dev set of resident-style questions
(tests/data/dev/resident_styles_dev.jsonl), for tuning the decision and the wording data.

Asked with the model of the current corpus (the dev questions are not in it; a test checks),
in a minute rather than `make eval`'s training run. Printed as `make eval` prints its
resident-style set: in-scope right and wrong, out-of-scope refused, per style and kind, and
every miss. The evaluation files stay for reporting (tests/data/dev/README.md).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from typing import Any, Dict, List, Sequence

from devtools.evaluate import DATA, is_faq, print_residents, read_jsonl, resident_figures, resident_set
from madoguchi.batch_ask import run_ask
from madoguchi.model import ensure_model

DEV_FILE = DATA / "dev" / "resident_styles_dev.jsonl"


def per_set(results: List[Dict[str, Any]]) -> Dict[str, float]:
    """Right (in scope) or refused (out of scope) per style and kind."""
    groups: Dict[str, List[bool]] = defaultdict(list)
    for r in results:
        ok = not is_faq(r["intent"]) if r["expected"] == "out_of_scope" else r["intent"] == r["expected"]
        groups[r["set"]].append(ok)
    return {name: sum(oks) / len(oks) for name, oks in sorted(groups.items())}


def main(argv: Sequence[str] = ()) -> int:
    questions = [{"text": q["text"], "expected": q["intent"], "set": resident_set(q)} for q in read_jsonl(DEV_FILE)]
    results, _ = run_ask(ensure_model(), questions)
    for name, share in per_set(results).items():
        print(f"  {name:40} {100 * share:5.1f}%")
    print_residents(resident_figures(results), DEV_FILE.name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
