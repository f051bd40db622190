"""`make bench-import`: a city's FAQ list of 2,000 entries, imported, trained and measured.

The list is the reproducible stand-in of madoguchi.sample_city_faq. A fifth of the entries
is held out: they are trained on their second wording only (the answer's first sentence),
and their own question is then asked as a resident would. Reported: the training time
with the project's real config (target: under 15 minutes on these machines), and for the
held-out questions how often the assistant answered the right entry, showed it among the
「もしかして…」 candidates, or answered another entry. Figures go to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from typing import Any, Dict, List

from madoguchi.bench import machine, write_benchmarks_md
from madoguchi.corpus.faq_import import import_faq_list
from madoguchi.corpus.generate import write_generated
from madoguchi.corpus.validate import check_corpus
from madoguchi.evaluate import run_ask
from madoguchi.model import model_name, train
from madoguchi.paths import BOT_DIR, CORPUS_DIR, VAR_DIR
from madoguchi.sample_city_faq import generate, write_csv

WORK = VAR_DIR / "bench-import"
MARKS = ("<!-- import:start -->", "<!-- import:end -->")
HOLD_OUT_EVERY = 5  # every fifth entry


def project(count: int) -> Dict[str, Any]:
    if WORK.exists():
        shutil.rmtree(WORK)
    corpus, bot = WORK / "faq_corpus", WORK / "bot"
    shutil.copytree(CORPUS_DIR, corpus)
    shutil.copytree(BOT_DIR, bot, ignore=shutil.ignore_patterns("models", "__pycache__"))
    rows = generate(count)
    csv_path = WORK / "city_faq.csv"
    write_csv(rows, csv_path)
    held_ids = frozenset(row["id"] for n, row in enumerate(rows) if n % HOLD_OUT_EVERY == 0)
    result = import_faq_list(csv_path.read_bytes(), csv_path.name, corpus, hold_out=held_ids)
    checked, problems = check_corpus(corpus)
    if problems:
        raise SystemExit("\n".join(map(str, problems[:20])))
    write_generated(checked, bot)
    return {"corpus": corpus, "bot": bot, "result": result, "topics": len(checked.topics)}


def measure(outputs: List[Dict[str, Any]]) -> Dict[str, float]:
    right = sum(o.get("intent") == o["expected"] for o in outputs)
    shown = sum(
        o.get("intent") == "nlu_fallback" and any(r["intent"] == o["expected"] for r in o.get("ranking", [])[:3])
        for o in outputs
    )
    wrong = [o for o in outputs if o.get("intent") not in (o["expected"], "nlu_fallback")]
    # a curated topic on the same subject (住民票の写し) is often what the resident needed
    curated = sum("/imported_" not in str(o.get("intent")) for o in wrong)
    n = len(outputs) or 1
    return {
        "right": right / n, "candidates": shown / n, "wrong": len(wrong) / n, "wrong_curated": curated / n,
        "questions": len(outputs),
    }  # fmt: skip


def markdown(figures: Dict[str, Any]) -> str:
    m = figures["machine"]
    rows = [
        ("FAQ entries imported (skipped: already in the corpus)", f"{figures['imported']} ({figures['skipped']})"),
        ("Topics trained (corpus + imported)", f"{figures['topics']}"),
        ("Training time, real config (target < 15 min)", f"{figures['train_seconds'] / 60:.1f} min"),
        ("Held-out imported questions", f"{figures['held_out']['questions']}"),
        ("… answered with the right entry", f"{figures['held_out']['right']:.1%}"),
        ("… right entry among the 「もしかして…」 candidates", f"{figures['held_out']['candidates']:.1%}"),
        ("… answered with another entry", f"{figures['held_out']['wrong']:.1%}"),
        ("… of which with a curated topic (not an imported entry)", f"{figures['held_out']['wrong_curated']:.1%}"),
        ("Imported questions that were trained, answered right", f"{figures['trained']['right']:.1%}"),
    ]
    table = "\n".join(f"| {what} | {value} |" for what, value in rows)
    return (
        f"{MARKS[0]}\n## Importing a city's FAQ list (`make bench-import`)\n\n"
        f"Measured {figures['date']} on {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB.\n\n"
        f"| What | Figure |\n|---|---|\n{table}\n{MARKS[1]}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    built = project(args.count)
    result = built["result"]
    print(f"imported {result.imported}, skipped {result.skipped}, held out {len(result.held_out)}", file=sys.stderr)
    started = time.monotonic()
    name = model_name(built["bot"], built["corpus"]) + "-import"
    model = train(built["bot"], WORK / "models", name)
    train_seconds = time.monotonic() - started
    held = [{"text": q, "expected": topic} for q, topic in result.held_out]
    corpus, _ = check_corpus(built["corpus"])
    trained = [{"text": t.examples[0], "expected": t.id} for t in corpus.topics if t.imported][:300]
    outputs, _ = run_ask(model, held + trained)
    figures = {
        "date": time.strftime("%Y-%m-%d"), "machine": machine(), "imported": result.imported, "skipped": result.skipped,
        "topics": built["topics"], "train_seconds": train_seconds,
        "held_out": measure(outputs[: len(held)]), "trained": measure(outputs[len(held):]),
    }  # fmt: skip
    (WORK / "results.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    write_benchmarks_md(markdown(figures), MARKS)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
