"""The hand-written evaluation data parses and its references point at real entries and intents."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Dict, List

import yaml

DATA = Path(__file__).parent / "data"
CITY = DATA / "realistic_city"
STYLES = {"plain", "typo", "kana", "dialect", "polite_long", "near_miss_oos", "keywords"}


def _jsonl(path: Path) -> List[Dict[str, object]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"{path.name}:{n}: empty line"
        rows.append(json.loads(line))
    return rows


def _faq_rows() -> List[Dict[str, str]]:
    with (CITY / "faq.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_city_list_has_the_import_columns_and_numbered_unique_ids() -> None:
    rows = _faq_rows()
    assert len(rows) >= 500
    assert list(rows[0]) == ["id", "category", "question", "answer", "url"]
    assert [r["id"] for r in rows] == [f"faq-{n:04d}" for n in range(1, len(rows) + 1)]
    assert all(r["question"].strip() and r["answer"].strip() and r["category"] for r in rows)


def test_resident_questions_name_existing_entries_in_a_known_style() -> None:
    ids = {r["id"] for r in _faq_rows()}
    questions = [] if not (CITY / "questions.jsonl").exists() else _jsonl(CITY / "questions.jsonl")
    for q in questions:
        assert set(q) == {"text", "expected", "style"}, q
        assert q["style"] in STYLES, q
        assert q["expected"] is None or q["expected"] in ids, q
        assert (q["expected"] is None) == (q["style"] == "near_miss_oos"), q


def test_resident_questions_never_repeat_an_entry_question() -> None:
    entry_questions = {r["question"].rstrip("。？?") for r in _faq_rows()}
    questions = [] if not (CITY / "questions.jsonl").exists() else _jsonl(CITY / "questions.jsonl")
    assert not [q["text"] for q in questions if str(q["text"]).rstrip("。？?") in entry_questions]


def _intents() -> set[str]:
    spec = yaml.safe_load((Path(__file__).parents[1] / "spec" / "topics.yml").read_text(encoding="utf-8"))
    faq = {f"{category}/{topic}" for category, topics in spec["faq"].items() for topic in topics}
    return faq | set(spec["skills"])


def test_hard_written_questions_name_spec_intents() -> None:
    intents = _intents()
    for name, expect_in_scope in (("eval_in_scope_hard.jsonl", True), ("eval_out_of_scope_near_miss.jsonl", False)):
        path = DATA / name
        if not path.exists():
            continue
        for q in _jsonl(path):
            assert set(q) == {"text", "intent", "style"}, q
            assert q["style"] in STYLES, q
            if expect_in_scope:
                assert q["intent"] in intents and q["style"] != "near_miss_oos", q
            else:
                assert q["intent"] == "out_of_scope", q


def _bare(text: str) -> str:
    return re.sub(r"[\s、。？！?!]", "", text)


def test_hard_written_questions_are_not_corpus_examples() -> None:
    corpus = Path(__file__).parents[1] / "faq_corpus" / "faq"
    examples = {
        _bare(example)
        for path in corpus.glob("*.yml")
        for topic in yaml.safe_load(path.read_text(encoding="utf-8")).get("topics", [])
        for example in topic["examples"]
    }
    for name in ("eval_in_scope_hard.jsonl", "eval_out_of_scope_near_miss.jsonl"):
        if (DATA / name).exists():
            assert not [q["text"] for q in _jsonl(DATA / name) if _bare(str(q["text"])) in examples]
