"""`make eval-languages-dev`: per language, a dev split of the corpus's own example questions,
for tuning how non-Japanese questions are read and decided.

The eval files (tests/data/languages) and the held-out fifth of the corpus stay for
reporting (`make eval ARGS=--languages-only`). This tool trains a model without the
held-out fifth AND without a hash-fixed quarter of the remaining questions in every
language (its own hash, so the quarter never moves), in var/langdev/, and asks that quarter:
right topic first (and counting a waste item's answer for its topic, as make eval does),
answered with candidates, refused, answered wrong, and answered in the language asked, per
language; and the out-of-scope questions written for it
(tests/data/dev/languages_out_of_scope_dev.jsonl): the share not answered with an FAQ.
`--languages=en,zh` asks only those.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Dict, Iterable, List, Sequence

from devtools.evaluate import read_jsonl, right_for_resident
from madoguchi.batch_ask import run_ask
from madoguchi.corpus.generate import held_out_examples, is_held_out, write_generated
from madoguchi.corpus.model import Corpus
from madoguchi.corpus.validate import check_corpus
from madoguchi.languages import EASY_JAPANESE, JAPANESE
from madoguchi.model import model_name, train
from madoguchi.paths import BOT_DIR, ROOT, VAR_DIR

DEV_DIR = VAR_DIR / "langdev"
DEV_BUCKETS = 4  # a quarter of the training questions
NOT_ANSWERED = ("nlu_fallback", "out_of_scope")
OUT_OF_SCOPE_FILE = ROOT / "tests" / "data" / "dev" / "languages_out_of_scope_dev.jsonl"
OUT_OF_SCOPE = "out_of_scope"


def is_dev(example: str) -> bool:
    """In the dev quarter: a hash of its own, independent of make eval's held-out fifth."""
    return int(hashlib.sha256(f"language dev\0{example}".encode()).hexdigest(), 16) % DEV_BUCKETS == 0


def dev_questions(corpus: Corpus, languages: Sequence[str] = ()) -> List[Dict[str, Any]]:
    """The dev quarter of every topic's questions, per language (Japanese included)."""
    items = []
    for language in [JAPANESE, *sorted(corpus.translations)]:
        if languages and language not in languages:
            continue
        for topic in corpus.topics:
            held = set(held_out_examples(topic, corpus, None if language == JAPANESE else language))
            examples = topic.examples if language == JAPANESE else _translated(corpus, topic.id, language)
            items += [
                {"text": text, "expected": topic.id, "asked_in": language}
                for text in examples
                if is_dev(text) and not is_held_out(text) and text not in held
            ]
    items += [
        {"text": q["text"], "expected": OUT_OF_SCOPE, "asked_in": q["language"]}
        for q in read_jsonl(OUT_OF_SCOPE_FILE)
        if not languages or q["language"] in languages
    ]
    for item in items:
        if item["asked_in"] == EASY_JAPANESE:  # easy Japanese looks like Japanese: the resident chooses it
            item["ask_language"] = EASY_JAPANESE
    return items


def _translated(corpus: Corpus, topic_id: str, language: str) -> List[str]:
    translation = corpus.translations.get(language)
    topic = translation.topics.get(topic_id) if translation else None
    return list(topic.examples) if topic else []


def dev_model(corpus: Corpus) -> Path:
    """The model trained without the held-out fifth and the dev quarter (cached by fingerprint)."""
    project = DEV_DIR / "bot"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(BOT_DIR, project, ignore=shutil.ignore_patterns("models", "__pycache__"))
    write_generated(corpus, project, holdout=True, leave_out=is_dev)
    name = model_name(project)
    path = DEV_DIR / "models" / f"{name}.tar.gz"
    return path if path.exists() else train(project, DEV_DIR / "models", name)


def outcome(result: Dict[str, Any]) -> str:
    if result["expected"] == OUT_OF_SCOPE:
        return "refused" if "/" not in str(result.get("intent")) else "answered"
    intent = str(result.get("intent"))
    if intent == result["expected"]:
        return "right"
    return intent if intent in NOT_ANSWERED else "wrong"


def report(results: List[Dict[str, Any]]) -> Dict[str, Dict[str, Any]]:
    groups: Dict[str, List[Dict[str, Any]]] = defaultdict(list)
    outside: Dict[str, List[Dict[str, Any]]] = defaultdict(list)
    for r in results:
        (outside if r["expected"] == OUT_OF_SCOPE else groups)[r["asked_in"]].append(r)
    return {
        language: {
            "questions": len(rows),
            **{k: v / len(rows) for k, v in Counter(map(outcome, rows)).items()},
            # an item's answer for its topic (「床垫怎么扔」: the mattress, bulky waste), as make eval counts it
            "right_for_residents": _share(map(right_for_resident, rows)),
            "right_language": _share(r.get("language") == language for r in rows + outside[language]),
            "out_of_scope_questions": len(outside[language]),
            "out_of_scope_refused": _share(outcome(r) == "refused" for r in outside[language]),
        }
        for language, rows in sorted(groups.items())
    }


def _share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return sum(values) / max(len(values), 1)


def main(argv: Sequence[str] = ()) -> int:
    languages = next((a.split("=", 1)[1].split(",") for a in argv if a.startswith("--languages=")), [])
    corpus, problems = check_corpus()
    if problems:
        raise SystemExit("\n".join(map(str, problems)))
    model = dev_model(corpus)
    results, _ = run_ask(model, dev_questions(corpus, languages))
    summary = report(results)
    for language, row in summary.items():
        print(
            f"  {language:8} {row['questions']:4} questions: right {100 * row.get('right', 0):5.1f}% "
            f"(an item's answer for its topic counted {100 * row['right_for_residents']:5.1f}%), "
            f"candidates {100 * row.get('nlu_fallback', 0):4.1f}%, refused {100 * row.get('out_of_scope', 0):4.1f}%, "
            f"wrong {100 * row.get('wrong', 0):4.1f}%; in the language asked {100 * row['right_language']:5.1f}%; "
            f"out of scope refused {100 * row['out_of_scope_refused']:5.1f}% of {row['out_of_scope_questions']}"
        )
    (DEV_DIR / "results.json").write_text(
        json.dumps({"summary": summary, "results": results}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
