"""Retrieval settings tried on `make eval-import`'s tuning half, in seconds each.

`make eval-import ARGS=--half tune` trains the model once (minutes); this loads that model
and asks the tuning half's questions again under other settings of bot.nlu.faq_retrieval
(channel weights, BM25 parameters, the fusion's weights), rebuilding only the retrieval
index. It prints right first, right in top five, answered right and answered wrong per
setting, so a change to retrieval is measured before the test half is run once to report.
The test half is never asked here.

    python -m devtools.tune_import 'answer_weight_beside_imported=0.8' 'bm25_b=0.7'

Each argument is one setting: comma-separated key=value pairs over bot/config.yml's
(FaqRetrieval's keys, and FaqFallbackClassifier's prefixed `fallback.`).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import Any, Dict, List

from devtools.eval_import import CITY_NOTE, DATA, WORK, figures, pct, questions, split_of
from madoguchi.corpus.validate import check_corpus

# a setting of the decision (bot.nlu.faq_fallback), not of retrieval: fallback.threshold=0.45
_FALLBACK = "fallback."


def _variants(arguments: List[str]) -> List[Dict[str, Any]]:
    variants: List[Dict[str, Any]] = [{}]
    for argument in arguments:
        pairs = [p.split("=", 1) for p in argument.split(",") if p]
        variants.append({key: _value(value) for key, value in pairs})
    return variants


def _value(text: str) -> Any:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(text.lower(), text)


def _component(assistant: Any, kind: type) -> Any:
    nodes = assistant.agent.processor.graph_runner._instantiated_nodes
    return next(node._component for node in nodes.values() if isinstance(node._component, kind))


def _training_data(bot: Any) -> Any:
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_config(str(bot / "config.yml"), str(bot / "domain"), [str(bot / "data")])
    return importer.get_nlu_data()


def _rebuild(retrieval: Any, training_data: Any) -> None:
    """The retrieval index (and the synonym table) as training builds them, from the settings."""
    from bot.nlu.faq_retrieval import asked_questions, build_documents, build_index

    config, tokens = retrieval.component_config, retrieval._tokens
    documents, exact, _, tokens.synonyms = build_documents(training_data, asked_questions(training_data), tokens, config)
    retrieval._index = build_index(documents, config, beside_imported=bool(exact))


async def _ask(assistant: Any, items: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    from bot.agent import answered_intent
    from madoguchi.ranking import joint_ranking

    results = []
    for item in items:
        parse = await assistant.agent.parse_message(item["text"])
        ranking = [{"intent": r["intent"], "confidence": r["confidence"]} for r in joint_ranking(parse)[:5]]
        results.append({**item, "ranking": ranking, "intent": answered_intent(parse)})
    return results


def _outcome(result: Dict[str, Any]) -> str:
    """first / top5 / miss, and what the resident got: right, wrong or no answer."""
    expected, ranked = result["expected"], [x["intent"] for x in result["ranking"][:5]]
    place = "first" if ranked[:1] == [expected] else "top5" if expected in ranked else "miss"
    got = result["intent"]
    answered = "right" if got == expected else "wrong" if "/" in str(got) else "none"
    return f"{place}/{answered}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("settings", nargs="*", help="key=value[,key=value...] per setting tried")
    parser.add_argument("--misses", action="store_true", help="list the questions whose entry is not in the first five")
    parser.add_argument(
        "--wrong", action="store_true", help="list the questions answered with another entry, and their best three"
    )
    parser.add_argument("--changes", action="store_true", help="list the questions each setting decides otherwise than the first")
    parser.add_argument(
        "--dev",
        type=Path,
        help="a dev set written for tuning (all its questions, e.g. realistic_city2/dev_kana.jsonl) instead of the tuning half",
    )
    args = parser.parse_args()
    models = sorted((WORK / "models").glob("*.tar.gz"))
    if not models:
        raise SystemExit("no eval-import model: run `make eval-import ARGS=--half tune` first")
    from bot.agent import Assistant
    from bot.nlu.faq_fallback import FaqFallbackClassifier
    from bot.nlu.faq_retrieval import FaqRetrieval

    assistant = Assistant.load(models[-1])
    retrieval = _component(assistant, FaqRetrieval)
    checked, _ = check_corpus(WORK / "faq_corpus")
    ids = {t.id.split("/", 1)[1]: t.id for t in checked.topics if t.imported}
    city = Path((WORK / CITY_NOTE).read_text(encoding="utf-8")) if (WORK / CITY_NOTE).is_file() else DATA
    if args.dev:  # a dev set of its own: never the city's questions.jsonl, whose test half is for reporting
        if args.dev.resolve() == (city / "questions.jsonl").resolve():
            raise SystemExit("--dev is a dev set written for tuning, not the city's questions.jsonl")
        items = questions(ids, args.dev)
    else:
        items = [q for q in questions(ids, city / "questions.jsonl") if q["split"] == "tune"]
        assert all(split_of(q["text"]) == "tune" for q in items)
    training_data = _training_data(WORK / "bot")
    original = {**FaqRetrieval.get_default_config(), **retrieval.component_config}
    fallback = _component(assistant, FaqFallbackClassifier)
    fallback_original = dict(fallback.component_config)
    print(f"{'setting':60} {'first':>7} {'top5':>7} {'right':>7} {'wrong':>7}  ms/q")
    first: Dict[str, Dict[str, Any]] = {}
    for variant in _variants(args.settings):
        retrieval.component_config = {**original, **{k: v for k, v in variant.items() if not k.startswith(_FALLBACK)}}
        decision = {k[len(_FALLBACK) :]: v for k, v in variant.items() if k.startswith(_FALLBACK)}
        fallback.component_config = {**fallback_original, **decision}
        started = time.monotonic()
        _rebuild(retrieval, training_data)
        built = time.monotonic() - started
        started = time.monotonic()
        results = asyncio.run(_ask(assistant, items))
        per_question = 1000 * (time.monotonic() - started) / len(items)
        f = figures(results)
        name = ",".join(f"{k}={v}" for k, v in variant.items()) or "(as configured)"
        print(
            f"{name[:60]:60} {pct(f['right_first'])} {pct(f['right_top5'])} {pct(f['answered_right'])} "
            f"{pct(f['answered_wrong'])}  {per_question:.1f} (index {built:.1f} s)",
            flush=True,
        )
        if args.changes:
            for r in results:
                before = first.setdefault(r["text"], r)
                if _outcome(before) != _outcome(r):
                    print(f"    {_outcome(before)} -> {_outcome(r)}  {r['expected']:34} {r['text']}  -> {r['intent']}")
        if args.wrong:
            for r in results:
                if "/" in str(r["intent"]) and r["intent"] != r["expected"]:
                    best = ", ".join(f"{x['intent'].split('/')[-1]} {x['confidence']:.2f}" for x in r["ranking"][:3])
                    print(f"    wrong {r['expected']:34} {r['style']:12} {r['text']}  -> {best}")
        if args.misses:
            for r in results:
                if r["expected"] != "out_of_scope" and all(x["intent"] != r["expected"] for x in r["ranking"][:5]):
                    print(f"    miss {r['expected']:34} {r['style']:12} {r['text']}  -> {r['ranking'][0]['intent']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
