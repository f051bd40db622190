"""Finding an FAQ entry by its words: BM25 over questions, title and answer, and over readings.

An entry imported from a city's FAQ list has one question. A classifier learns little from
one example; retrieval compares the resident's words with the entry's own words instead.
Three channels, each a BM25 index (the `bm25s` library) with one document per FAQ topic:

- `question`: Sudachi normalized forms of the topic's questions and title;
- `answer`: the same for its answer text (an answer names facts a question may ask about);
- `reading`: character bigrams of the katakana readings of the questions, so that a wrong
  kanji with the right reading (危検ごみ, 学道保育, 保育量) and kana-only input
  (しげんごみの だしかた) still meet the entry's words;
- `parts`: the questions' compounds cut into their parts (Sudachi's split mode A:
  本人確認書類 → 本人, 確認, 書類), so that 「国保の保険料」 meets 国民健康保険料 through 保険
  and 料, while the `question` channel keeps whole compounds apart.

A question's words may be other words than the entry's for the same thing (引っ越し for 転居,
健診 for 健康診査). Its expansion (`Query.expansion`: the index's words that share a group of
Sudachi's synonym dictionary with the question's, bot.nlu.faq_retrieval) is looked up in the
channels of whole words and counts `expansion_weight` of the question's own words, within the
same upper bound: it never replaces a word (as a hard normalization did, which lowered
right-first: synonym groups are broad) and cannot make a question look more covered than
its own words could.

A channel's score is BM25 divided by its upper bound for the query (the sum of the query
terms' IDF, a term unknown to the index counting as the rarest term): 1.0 only when every
query word is in the entry. The bound is at least `floor` times the rarest term's IDF, so
a question of common words only (「申請したい」「届出をしたい」) cannot look fully covered: it
says too little to pick one entry. So the score also says how much of the question the entry
covers: 「冷蔵庫にある卵とキャベツで何か作れる？」 shares 冷蔵庫 with appliance recycling, but
卵, キャベツ and 作る are in no entry, and the score stays low. The topic's score is the
weighted mean of its channels.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

import numpy as np


def _import_bm25s() -> Any:
    """bm25s, without the JAX it tries for a top-k selection this module never uses: JAX
    (installed beside Rasa) would add about 2.5 s and 140 MB to every process that loads a
    model. Where JAX is already imported, bm25s gets it as usual."""
    if "jax" in sys.modules:
        import bm25s

        return bm25s
    sys.modules["jax"] = None  # type: ignore[assignment]  # `import jax` raises ImportError
    try:
        import bm25s
    finally:
        del sys.modules["jax"]
    return bm25s


bm25s = _import_bm25s()

CHANNELS = ("question", "answer", "reading", "parts")
# channels of whole words, where a question's expansion (its words' synonyms) is looked up
_WORD_CHANNELS = ("question", "answer", "parts")
_LABELS_FILE = "retrieval_labels.json"


@dataclass(frozen=True)
class Document:
    """One FAQ topic as the index sees it: its tokens per channel."""

    label: str
    question: List[str]
    answer: List[str]
    reading: List[str]
    parts: List[str]


@dataclass(frozen=True)
class Query:
    """A question's tokens per channel (see bot.nlu.faq_retrieval.TextTokens)."""

    question: List[str]
    reading: List[str]
    parts: List[str]
    # words the question does not use but means (Sudachi's synonym groups): they count
    # `expansion_weight` as much as its own words, in the channels of words
    # its nouns, for the sibling check beside imported entries (madoguchi.sibling_words)
    nouns: Tuple[str, ...] = ()
    expansion: List[str] = field(default_factory=list)

    def tokens(self, channel: str) -> List[str]:
        # the answer channel is asked with the question's words
        return self.question if channel == "answer" else list(getattr(self, channel))


class _Channel:
    """One BM25 index and its document frequencies (for the score's upper bound)."""

    def __init__(self, bm25: Any, idf: Dict[str, float], documents: int, floor: float = 0.0) -> None:  # a bm25s.BM25
        self.bm25 = bm25
        self.idf = idf
        self.floor = floor
        # a word no document has: as rare as can be
        self.unknown_idf = math.log(1 + (documents + 0.5) / 0.5)

    @classmethod
    def build(cls, documents: Sequence[List[str]], k1: float, b: float, floor: float = 0.0) -> "_Channel":
        bm25 = bm25s.BM25(k1=k1, b=b)
        bm25.index([tokens or [""] for tokens in documents], show_progress=False)
        counts = Counter(token for tokens in documents for token in set(tokens))
        n = len(documents)
        return cls(bm25, {t: math.log(1 + (n - df + 0.5) / (df + 0.5)) for t, df in counts.items()}, n, floor)

    def normalized(self, tokens: List[str], expansion: Sequence[str] = (), expansion_weight: float = 0.0) -> np.ndarray:
        """BM25 over the upper bound; the expansion's words add their own BM25 times
        `expansion_weight` within the same bound (they say nothing the question did not)."""
        unique = list(dict.fromkeys(tokens))
        bound = max(sum(self.idf.get(t, self.unknown_idf) for t in unique), self.floor * self.unknown_idf)
        known = [t for t in unique if t in self.idf]
        related = [t for t in dict.fromkeys(expansion) if t in self.idf and t not in unique] if expansion_weight else []
        scores = np.zeros(self.bm25.scores["num_docs"], dtype=np.float32)
        if bound <= 0:
            return scores
        if known:
            scores += np.asarray(self.bm25.get_scores(known), dtype=np.float32)
        if related:
            scores += expansion_weight * np.asarray(self.bm25.get_scores(related), dtype=np.float32)
        return scores / bound


class RetrievalIndex:
    def __init__(
        self, labels: List[str], channels: Dict[str, _Channel], weights: Dict[str, float], floor: float = 0.0,
        expansion_weight: float = 0.0,
    ) -> None:  # fmt: skip
        self.labels = labels
        self.floor = floor
        self.expansion_weight = expansion_weight
        self._channels = channels
        self._weights = weights

    @classmethod
    def build(
        cls, documents: Sequence[Document], weights: Dict[str, float], k1: float = 1.2, b: float = 0.5, floor: float = 0.0,
        expansion_weight: float = 0.0,
    ) -> "RetrievalIndex":  # fmt: skip
        channels = {name: _Channel.build([getattr(d, name) for d in documents], k1, b, floor) for name in CHANNELS}
        return cls([d.label for d in documents], channels, weights, floor, expansion_weight)

    def scores(self, query: Query) -> np.ndarray:
        """One score in [0, 1] per label (in self.labels' order)."""
        total = sum(self._weights[name] for name in CHANNELS)
        combined = np.zeros(len(self.labels), dtype=np.float32)
        for name in CHANNELS:
            if self._weights[name]:
                # readings are of the question's own words: an expansion has none
                expansion = query.expansion if name in _WORD_CHANNELS else ()
                channel = self._channels[name].normalized(query.tokens(name), expansion, self.expansion_weight)
                combined += self._weights[name] * channel
        return combined / total

    def share(self, word: str, channel: str = "question") -> float:
        """The share of documents that have the word in this channel (0 for a word none has),
        read back from its IDF, ln((n + 1) / (df + 0.5))."""
        idf = self._channels[channel].idf.get(word)
        if idf is None or not self.labels:
            return 0.0
        return max(0.0, (len(self.labels) + 1) / math.exp(idf) - 0.5) / len(self.labels)

    def having(self, tokens: Sequence[str], channel: str = "reading") -> List[str]:
        """The labels whose document has every one of these tokens in the channel:
        ["ヒカ", "カゼ", "ゼイ"] in the readings → the entries whose questions read ヒカゼイ."""
        index = self._channels[channel]
        has = np.ones(len(self.labels), dtype=bool)
        for token in dict.fromkeys(tokens):
            if token not in index.idf:
                return []
            # a document without the token scores 0; one with it more (BM25's IDF is positive)
            has &= np.asarray(index.bm25.get_scores([token])) > 0
        return [label for label, present in zip(self.labels, has) if present]

    def best(self, query: Query, count: int) -> List[tuple]:
        scores = self.scores(query)
        order = np.argsort(-scores, kind="stable")[:count]
        return [(self.labels[i], float(scores[i])) for i in order]

    # ---- persistence: bm25s's own numpy/JSON files and a JSON file; no pickle ----------

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for name, channel in self._channels.items():
            channel.bm25.save(str(directory / name), show_progress=False)
        meta = {
            "labels": self.labels, "weights": self._weights, "floor": self.floor, "expansion_weight": self.expansion_weight,
            "idf": {n: c.idf for n, c in self._channels.items()},
        }  # fmt: skip
        (directory / _LABELS_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> "RetrievalIndex":
        meta = json.loads((directory / _LABELS_FILE).read_text(encoding="utf-8"))
        channels = {
            name: _Channel(
                bm25s.BM25.load(str(directory / name), show_progress=False, allow_pickle=False),
                meta["idf"][name],
                len(meta["labels"]),
                meta["floor"],
            )
            for name in CHANNELS
        }
        return cls(meta["labels"], channels, meta["weights"], meta["floor"], meta.get("expansion_weight", 0.0))
