"""`make eval-import`: a city's own FAQ list, imported and asked in residents' words.

The list (tests/data/realistic_city/faq.csv, はなみず市, written like a real city's FAQ
page; `--city tests/data/realistic_city2` for しらさぎ市, another city's list in another
house style, exported as Shift_JIS with its own Japanese headings) is imported into a copy
of the corpus exactly as `make import-faq` does, a model is trained with the project's real
config (time and peak memory measured), and the residents' questions (questions.jsonl:
plain, typo, kana, dialect, polite_long, keywords and near-miss out-of-scope questions,
never trained on) go through `python -m bot.ask`.

Printed, for the tuning half, the test half (a fixed split by a hash of the question) and
all questions:
- right first: the right entry is the best of the ranking (before the decision);
- right in top five;
- answered right / answered wrong: what the resident got; a wrong answer to an in-scope
  question, or any FAQ answer to an out-of-scope one, is answered wrong;
- out-of-scope refused.
And a sweep of the decision thresholds on the tuning half; bot/config.yml's thresholds are
chosen from it, and the test half says how they hold on questions they were not chosen on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

from devtools.evaluate import decide, read_jsonl
from madoguchi.batch_ask import run_ask
from madoguchi.corpus.faq_import import import_faq_list, topic_name
from madoguchi.corpus.generate import write_generated
from madoguchi.corpus.validate import check_corpus
from madoguchi.model import model_name, train
from madoguchi.paths import BOT_DIR, CORPUS_DIR, ROOT, VAR_DIR

DATA = ROOT / "tests" / "data" / "realistic_city"
CITY_NOTE = "city.txt"  # in WORK: which city's folder the last build imported (tune_import asks its questions)
WORK = VAR_DIR / "eval-import"
MARKS = ("<!-- eval-import:start -->", "<!-- eval-import:end -->")
THRESHOLDS = [0.2, 0.3, 0.4, 0.5, 0.6]
AMBIGUITIES = [0.0, 0.1, 0.2]
REFUSALS = [0.0, 0.1, 0.15, 0.2, 0.25, 0.3]
OUT_OF_SCOPE = "out_of_scope"


def split_of(text: str) -> str:
    """A fixed half of the questions for tuning, the other half for testing."""
    return "tune" if int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


def build(faq: Path, with_sample: bool) -> Dict[str, Any]:
    if WORK.exists():
        shutil.rmtree(WORK)
    corpus, bot = WORK / "faq_corpus", WORK / "bot"
    shutil.copytree(CORPUS_DIR, corpus)
    shutil.copytree(BOT_DIR, bot, ignore=shutil.ignore_patterns("models", "__pycache__"))
    if not with_sample:
        city = corpus / "city.yml"
        city.write_text(city.read_text(encoding="utf-8").replace("answers_sample_topics: true", "answers_sample_topics: false"))
    result = import_faq_list(faq.read_bytes(), faq.name, corpus)
    checked, problems = check_corpus(corpus)
    if problems:
        raise SystemExit("\n".join(map(str, problems[:20])))
    write_generated(checked, bot)
    ids = {t.id.split("/", 1)[1]: t.id for t in checked.topics if t.imported}
    return {"corpus": corpus, "bot": bot, "result": result, "ids": ids, "topics": len(checked.topics)}


def questions(ids: Dict[str, str], path: Path) -> List[Dict[str, Any]]:
    items = []
    for q in read_jsonl(path):
        expected = ids.get(topic_name(q["expected"])) if q.get("expected") else OUT_OF_SCOPE
        if expected is None:  # an entry the import left out (told in its notes)
            expected = f"missing:{q['expected']}"
        items.append({"text": q["text"], "expected": expected, "style": q.get("style", ""), "split": split_of(q["text"])})
    return items


def is_faq(intent: Optional[str]) -> bool:
    return bool(intent) and "/" in str(intent)


def figures(results: List[Dict[str, Any]], pick: Any = None) -> Dict[str, float]:
    """The five figures for these results; `pick` re-decides from the ranking (a sweep)."""
    inscope = [r for r in results if r["expected"] != OUT_OF_SCOPE]
    outscope = [r for r in results if r["expected"] == OUT_OF_SCOPE]
    answer = pick or (lambda r: r["intent"])
    first = sum(bool(r["ranking"]) and r["ranking"][0]["intent"] == r["expected"] for r in inscope)
    top5 = sum(any(x["intent"] == r["expected"] for x in r["ranking"][:5]) for r in inscope)
    right = sum(answer(r) == r["expected"] for r in inscope)
    wrong_in = sum(is_faq(answer(r)) and answer(r) != r["expected"] for r in inscope)
    wrong_out = sum(is_faq(answer(r)) for r in outscope)
    n, m = len(inscope) or 1, len(outscope) or 1
    return {
        "questions": len(results), "in_scope": len(inscope), "out_of_scope": len(outscope),
        "right_first": first / n, "right_top5": top5 / n, "answered_right": right / n,
        "answered_wrong": (wrong_in + wrong_out) / (len(results) or 1),
        "answered_wrong_in_scope": wrong_in / n, "out_of_scope_refused": 1 - wrong_out / m,
    }  # fmt: skip


def decide_with_refusal(ranking: List[Dict[str, Any]], threshold: float, ambiguity: float, refuse: float) -> str:
    """bot.nlu.faq_fallback's rule: refuse below `refuse`, candidates below `threshold`."""
    if not ranking or ranking[0]["confidence"] < refuse:
        return OUT_OF_SCOPE
    return decide(ranking, threshold, ambiguity)


def sweep(results: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    rows = []
    for t in THRESHOLDS:
        for a in AMBIGUITIES:
            for f in [x for x in REFUSALS if x <= t]:
                picked = figures(results, lambda r, t=t, a=a, f=f: decide_with_refusal(r["ranking"], t, a, f))
                rows.append({"threshold": t, "ambiguity": a, "refuse": f, **picked})
    return rows


def by_style(results: List[Dict[str, Any]]) -> Dict[str, Dict[str, float]]:
    styles = sorted({r["style"] for r in results})
    return {s: figures([r for r in results if r["style"] == s]) for s in styles}


def pct(x: float) -> str:
    return f"{100 * x:5.1f}%"


def print_report(report: Dict[str, Any]) -> None:
    print(f"\nImported {report['imported']} entries (left out: {report['skipped']}); {report['topics']} topics in all")
    training = f"{report['train_seconds']:.0f} s ({report['train_cpu_seconds']:.0f} s CPU)"
    print(f"Training: {training}, peak memory {report['peak_mb']:.0f} MB, model {report['model_mb']:.1f} MB")
    print(f"bot.ask: {report['lines_per_second']:.1f} questions/s\n")
    header = f"{'':14}{'n':>5} {'first':>7} {'top5':>7} {'right':>7} {'wrong':>7} {'oos ref':>8}"
    print(header)
    for name, f in [*report["splits"].items(), *(("  " + k, v) for k, v in report["styles"].items())]:
        print(
            f"{name:14}{f['questions']:5} {pct(f['right_first'])} {pct(f['right_top5'])} {pct(f['answered_right'])} "
            f"{pct(f['answered_wrong'])} {pct(f['out_of_scope_refused'])}"
        )
    print("\nThreshold sweep on the tuning half (threshold ambiguity refuse: right / wrong / oos refused):")
    for row in report["sweep"]:
        print(
            f"  {row['threshold']:.2f} {row['ambiguity']:.2f} {row['refuse']:.2f}: "
            f"{pct(row['answered_right'])} / {pct(row['answered_wrong'])} / {pct(row['out_of_scope_refused'])}"
        )


def markdown(report: Dict[str, Any]) -> str:
    rows = "\n".join(
        f"| {name} | {f['questions']} | {pct(f['right_first'])} | {pct(f['right_top5'])} | {pct(f['answered_right'])} | "
        f"{pct(f['answered_wrong'])} | {pct(f['out_of_scope_refused'])} |"
        for name, f in report["splits"].items()
    )
    return (
        f"{MARKS[0]}\n## A city's own FAQ list, asked in residents' words (`make eval-import`)\n\n"
        f"Measured {report['date']} on a 2-core machine: {report['imported']} entries of {report['city']} imported, "
        f"{report['topics']} topics in all; training {report['train_seconds']:.0f} s "
        f"({report['train_cpu_seconds']:.0f} s CPU), peak memory "
        f"{report['peak_mb']:.0f} MB, model {report['model_mb']:.1f} MB.\n\n"
        "| questions | n | right first | right in top 5 | answered right | answered wrong | out-of-scope refused |\n"
        f"|---|---|---|---|---|---|---|\n{rows}\n{MARKS[1]}"
    )


def city_list(folder: Path) -> Path:
    """The city folder's FAQ list, as the city exported it (CSV or .xlsx)."""
    for name in ("faq.csv", "faq.xlsx"):
        if (folder / name).is_file():
            return folder / name
    raise SystemExit(f"{folder}: no faq.csv or faq.xlsx")


def city_name(folder: Path) -> str:
    """The city's name from the first line of the folder's README (「# はなみず市: ...」)."""
    readme = folder / "README.md"
    first = readme.read_text(encoding="utf-8").splitlines()[0] if readme.is_file() else folder.name
    return first.lstrip("# ").split(":")[0].strip() or folder.name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--city", type=Path, default=DATA, help="a folder with the list (faq.csv or faq.xlsx) and questions.jsonl"
    )
    parser.add_argument("--faq", type=Path, help="the list, if not the city folder's")
    parser.add_argument("--questions", type=Path, help="the questions, if not the city folder's")
    parser.add_argument("--without-sample", action="store_true", help="the city answers only its own list")
    parser.add_argument("--write", action="store_true", help="write the figures into BENCHMARKS.md")
    parser.add_argument(
        "--half", choices=("tune", "test"), help="ask and print one half only (tune while tuning: the test half is for reporting)"
    )
    args = parser.parse_args()
    if args.write and args.half:
        parser.error("--write reports both halves: leave out --half")
    faq = args.faq or city_list(args.city)
    built = build(faq, not args.without_sample)
    (WORK / CITY_NOTE).write_text(str(args.city.resolve()), encoding="utf-8")
    started = time.monotonic()
    name = model_name(built["bot"], built["corpus"]) + "-import"
    model = train(built["bot"], WORK / "models", name)
    train_seconds = time.monotonic() - started
    child = resource.getrusage(resource.RUSAGE_CHILDREN)  # the rasa train process
    peak_mb, cpu_seconds = child.ru_maxrss / 1024, child.ru_utime + child.ru_stime
    asked = [
        q for q in questions(built["ids"], args.questions or args.city / "questions.jsonl") if args.half in (None, q["split"])
    ]
    results, elapsed = run_ask(model, asked)
    halves = [(name, half) for name, half in (("tuning half", "tune"), ("test half", "test")) if args.half in (None, half)]
    splits = {name: [r for r in results if r["split"] == half] for name, half in halves}
    report = {
        "date": time.strftime("%Y-%m-%d"), "city": city_name(args.city),
        "imported": built["result"].imported, "skipped": built["result"].skipped,
        "topics": built["topics"], "train_seconds": train_seconds, "train_cpu_seconds": cpu_seconds, "peak_mb": peak_mb,
        "model_mb": model.stat().st_size / 1e6, "lines_per_second": len(results) / elapsed,
        "splits": {**{k: figures(v) for k, v in splits.items()}, "all": figures(results)},
        "styles": by_style(results), "sweep": sweep(splits.get("tuning half", [])),
    }  # fmt: skip
    print_report(report)
    (WORK / "results.json").write_text(json.dumps({"report": report, "results": results}, ensure_ascii=False, indent=1))
    if args.write:
        from devtools.bench import write_benchmarks_md

        write_benchmarks_md(markdown(report), MARKS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
