"""The FAQ topic behind a waste item's answer (faq_corpus/waste_item_topics.tsv).

An item's answer names the item and its kind of waste; the topic on that kind (粗大ごみ,
家電リサイクル, パソコン) holds the procedure, and is offered under the answer as a button.
Where the item's own note leaves out how to apply, where to take it or what it costs, the
answer also says the topic's spoken summary. The same table tells the NLU which topics
are about kinds of waste: a question that names an item and asks how to throw it away is
the item's question even when the classifier is sure of one of those topics.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Set

from madoguchi.japanese import DataFileError, data_lines
from madoguchi.paths import CORPUS_DIR
from madoguchi.spec import default_spec
from madoguchi.waste_items import WasteItem

ITEM_TOPICS_FILE = CORPUS_DIR / "waste_item_topics.tsv"
_YES_NO = {"yes": True, "no": False}
# A summary sentence counts as said already when this share of its character pairs is in
# the item's note (「メーカー回収に申し込むか、…回収ボックスに入れてください」 after the
# note 「メーカー回収か、…回収ボックスを利用してください」).
_REPEATED = 0.6
# After 。, or after . ! ? and a space before a capital (not inside "a.m. on").
_KANJI_OR_KANA = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_SENTENCE_END = re.compile(r"(?<=[。！？])|(?<=[.!?])\s+(?=[A-ZÀ-ÝĐ])")


@dataclass(frozen=True)
class ItemTopic:
    topic: str  # the FAQ id offered under the item's answer
    summary: bool  # the answer also says the topic's spoken summary


class ItemTopics:
    def __init__(self, by_category: Dict[str, ItemTopic], by_item: Dict[str, ItemTopic]) -> None:
        self._by_category = by_category
        self._by_item = by_item

    def of(self, item: WasteItem) -> ItemTopic:
        """The item's own row (by its name, else an alias), else its category's."""
        for name in (item.name, *item.aliases):
            found = self._by_item.get(_normal(name))
            if found:
                return found
        return self._by_category[item.category]

    def kind_topics(self) -> FrozenSet[str]:
        """Every topic an item's answer offers: the topics on kinds of waste."""
        return frozenset(row.topic for row in (*self._by_category.values(), *self._by_item.values()))


def load_item_topics(path: Path = ITEM_TOPICS_FILE) -> ItemTopics:
    codes = set(default_spec().waste_categories)
    by_category: Dict[str, ItemTopic] = {}
    by_item: Dict[str, ItemTopic] = {}
    for number, fields in data_lines(path):
        if len(fields) != 3 or not fields[0] or "/" not in fields[1] or fields[2] not in _YES_NO:
            raise DataFileError(f"{path}:{number}: expected 'category or item<TAB>FAQ topic<TAB>yes or no'")
        row = ItemTopic(fields[1], _YES_NO[fields[2]])
        table = by_category if fields[0] in codes else by_item
        key = fields[0] if fields[0] in codes else _normal(fields[0])
        if key in table:
            raise DataFileError(f"{path}:{number}: '{fields[0]}' has a row already")
        table[key] = row
    missing = sorted(codes - set(by_category))
    if missing:
        raise DataFileError(f"{path}: no row for the categories {', '.join(missing)}")
    return ItemTopics(by_category, by_item)


def default_item_topics() -> ItemTopics:
    """The table as staff last saved it: read again when the file changes, no restart needed."""
    return _load_at(ITEM_TOPICS_FILE.stat().st_mtime_ns)


@lru_cache(maxsize=1)
def _load_at(stamp: int) -> ItemTopics:
    return load_item_topics()


def topic_of(item: WasteItem) -> ItemTopic:
    return default_item_topics().of(item)


def new_sentences(summary: str, note: str) -> str:
    """The summary's sentences that the note does not already say, joined as they were."""
    written_in_kanji = bool(_KANJI_OR_KANA.search(summary))
    said = _parts(note, written_in_kanji)
    kept: List[str] = []
    for sentence in filter(None, (s.strip() for s in _SENTENCE_END.split(summary))):
        parts = _parts(sentence, written_in_kanji)
        if not parts or len(parts & said) / len(parts) < _REPEATED:
            kept.append(sentence)
    return ("" if written_in_kanji else " ").join(kept)


def _parts(text: str, written_in_kanji: bool) -> Set[str]:
    """Character pairs of Japanese and Chinese; the words of a language written with spaces."""
    text = _normal(text)
    if not written_in_kanji:
        return {word for word in re.findall(r"\w+", text) if len(word) > 3}  # not "the", "it", "to"
    text = re.sub(r"[\s、。,.!?！？「」()（）]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()
