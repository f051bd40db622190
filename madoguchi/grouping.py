"""Grouping residents' questions that mean the same, so a recurring question shows once.

Questions are compared by their content words (Sudachi lemmas, with the corpus's
dictionary) and the character pairs inside them, so 「粗大ゴミの申し込み方」 and 「粗大ごみ
申込方法」 meet although one says 申し込む and the other 申込. Two questions belong together
when these sets overlap enough (Jaccard). Greedy and in one pass: each question joins the
first group whose first question is close enough, or starts a new group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Generic, List, Sequence, Set, TypeVar

from madoguchi.japanese import default_analyzer

# 0.5 joins rephrasings of one request (粗大ごみの申し込み方 / 申込方法: 0.6) and keeps
# different requests about one thing apart (申し込み / 手数料: 0.33); tests/madoguchi/test_grouping.py.
SAME_QUESTION = 0.5

# Parts of speech that carry the meaning, and words that every question has.
CONTENT_POS = {"名詞", "代名詞", "動詞", "形容詞", "形状詞", "副詞", "接頭辞", "接尾辞"}
FILLER_LEMMAS = {
    "為る", "有る", "居る", "成る", "教える", "知る", "言う", "出来る", "良い", "事", "物", "何", "ため", "よう",
    "方", "方法", "どう", "いい", "ください",
}  # fmt: skip

T = TypeVar("T")


def features(text: str) -> Set[str]:
    """Content lemmas and the character pairs inside them."""
    found: Set[str] = set()
    for morph in default_analyzer().morphs(text):
        if morph.pos in CONTENT_POS and morph.lemma not in FILLER_LEMMAS:
            found.add(morph.lemma)
            found.update(morph.lemma[i : i + 2] for i in range(len(morph.lemma) - 1))
    return found or {text.strip()}


def similarity(a: Set[str], b: Set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


@dataclass
class Group(Generic[T]):
    text: str  # the first wording seen, shown for the whole group
    lemmas: Set[str]
    members: List[T] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.members)


def group_questions(items: Sequence[T], text_of: Callable[[T], str], threshold: float = SAME_QUESTION) -> List[Group[T]]:
    """Groups of items with similar questions, the largest first (ties: first seen first)."""
    groups: List[Group[T]] = []
    for item in items:
        text = text_of(item)
        lemmas = features(text)
        home = next((g for g in groups if similarity(g.lemmas, lemmas) >= threshold), None)
        if home is None:
            home = Group(text=text, lemmas=lemmas)
            groups.append(home)
        home.members.append(item)
    return sorted(groups, key=lambda g: -g.count)
