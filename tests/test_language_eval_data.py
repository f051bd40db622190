"""The written questions per language (tests/data/languages/): enough, well formed, in their
language, and never among the training examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from madoguchi.corpus.validate import check_corpus
from madoguchi.languages import EASY_JAPANESE, TRANSLATED, detect, family
from madoguchi.paths import ROOT
from madoguchi.spec import load_spec

DATA = ROOT / "tests" / "data" / "languages"
MINIMUM = {"en": 40}  # issue 16: at least 40 in English, 25 in each other language
FILES = sorted(DATA.glob("*.jsonl"))


def _questions(path: Path) -> list:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_each_file_is_a_translated_language() -> None:
    assert FILES and all(path.stem in TRANSLATED for path in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_written_questions_are_enough_known_and_in_their_language(path: Path) -> None:
    questions = _questions(path)
    assert len(questions) >= MINIMUM.get(path.stem, 25)
    spec = load_spec()
    known = set(spec.faq_topics) | {"greet", "human_handoff", "waste_collection_day", "moving_checklist", "out_of_scope"}
    for q in questions:
        assert set(q) == {"text", "intent"} and q["intent"] in known, q
        if path.stem != EASY_JAPANESE:  # easy Japanese is chosen, not detected
            assert detect(q["text"]) == family(path.stem), q


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_written_questions_were_never_trained_on(path: Path) -> None:
    corpus = check_corpus(normalize=lambda text: text)[0]
    trained = {e.casefold() for t in corpus.topics for e in t.examples}
    for translation in corpus.translations.values():
        trained |= {e.casefold() for t in translation.topics.values() for e in t.examples}
        trained |= {e.casefold() for examples in translation.intents.values() for e in examples}
    assert [q["text"] for q in _questions(path) if q["text"].casefold() in trained] == []


ITEM_FILES = sorted((DATA / "items").glob("*.jsonl"))


@pytest.mark.parametrize("path", ITEM_FILES, ids=lambda p: p.stem)
def test_item_questions_per_language_name_dictionary_items_with_their_category(path: Path) -> None:
    from madoguchi.waste_items import load_items

    categories = {item.name: item.category for item in load_items()}
    questions = _questions(path)
    assert path.stem in TRANSLATED and len(questions) >= 10
    for q in questions:
        assert set(q) == {"text", "item", "category"} and categories.get(q["item"]) == q["category"], q
        if path.stem != EASY_JAPANESE:
            assert detect(q["text"]) == family(path.stem), q


DEV_FILE = ROOT / "tests" / "data" / "dev" / "languages_dev.jsonl"


def test_the_language_dev_set_is_apart_from_the_corpus_and_the_written_questions() -> None:
    """tests/data/dev/languages_dev.jsonl tunes the example questions of sibling topics: a dev
    question in the corpus would flatter it, one copied from tests/data/languages/ tune on that."""
    dev = _questions(DEV_FILE)
    assert len(dev) >= 50
    corpus = check_corpus(normalize=lambda text: text)[0]
    trained = {e.casefold() for t in corpus.topics for e in t.examples}
    for translation in corpus.translations.values():
        trained |= {e.casefold() for t in translation.topics.values() for e in t.examples}
    written = {q["text"].casefold() for path in FILES for q in _questions(path)}
    topics = set(load_spec().faq_topics)
    for q in dev:
        assert set(q) == {"text", "intent", "language"} and q["intent"] in topics and q["language"] in TRANSLATED, q
        assert q["text"].casefold() not in trained | written, q
