"""The BM25 index: scores are the share of the question an entry covers, per channel."""

from __future__ import annotations

from pathlib import Path

import pytest

from madoguchi.retrieval import Document, Query, RetrievalIndex

DOCS = [
    Document(
        "waste/imported_a",
        question=["粗大ごみ", "出す"],
        answer=["申し込む", "必要"],
        reading=["ソダ", "ダイ", "イゴ", "ゴミ"],
        parts=["粗大", "ごみ", "出す"],
    ),
    Document(
        "waste/imported_b",
        question=["資源", "ごみ", "日"],
        answer=["水曜日"],
        reading=["シゲ", "ゲン", "ンゴ", "ゴミ"],
        parts=["資源", "ごみ", "日"],
    ),
    Document(
        "procedure/imported_c",
        question=["住民票", "写し"],
        answer=["窓口", "コンビニ"],
        reading=["ジュ", "ュウ"],
        parts=["住民", "票", "写し"],
    ),
]
WEIGHTS = {"question": 1.0, "answer": 0.0, "reading": 0.0, "parts": 0.0}


@pytest.fixture(scope="module")
def index() -> RetrievalIndex:
    return RetrievalIndex.build(DOCS, WEIGHTS, expansion_weight=0.5)


def test_an_entry_holding_every_word_of_the_question_scores_highest(index):
    best = index.best(Query(question=["粗大ごみ", "出す"], reading=[], parts=[]), 3)
    assert [label for label, _ in best][0] == "waste/imported_a"
    assert 0.0 < best[0][1] <= 1.0
    assert best[1][1] == best[2][1] == 0.0


def test_words_no_entry_has_lower_the_score(index):
    # 「冷蔵庫にある卵とキャベツで何か作れる？」: a shared word among words no entry has
    alone = index.scores(Query(question=["粗大ごみ"], reading=[], parts=[]))[0]
    diluted = index.scores(Query(question=["粗大ごみ", "卵", "キャベツ", "作る"], reading=[], parts=[]))[0]
    assert diluted < alone / 3


def test_the_reading_channel_meets_kana_input():
    index = RetrievalIndex.build(DOCS, {"question": 0.0, "answer": 0.0, "reading": 1.0, "parts": 0.0})
    assert (
        index.best(Query(question=["しげん"], reading=["シゲ", "ゲン", "ンゴ", "ゴミ"], parts=[]), 1)[0][0] == "waste/imported_b"
    )


def test_the_entries_having_every_token_of_a_channel(index):
    # 「そだいごみ」 read: every pair of ソダイゴミ is in the first entry's reading only
    assert index.having(["ソダ", "ダイ", "イゴ", "ゴミ"]) == ["waste/imported_a"]
    assert index.having(["ゴミ"]) == ["waste/imported_a", "waste/imported_b"]
    # one pair in no entry (シゲ is, ゲダ is not): none reads the word
    assert index.having(["シゲ", "ゲダ"]) == []
    assert index.having(["住民票"], channel="question") == ["procedure/imported_c"]


def test_a_query_without_known_words_scores_zero(index):
    assert index.scores(Query(question=["天気"], reading=[], parts=[])).tolist() == [0.0, 0.0, 0.0]


def test_the_index_is_saved_without_pickle_and_loads_the_same(index, tmp_path: Path):
    index.save(tmp_path / "index")
    assert not list((tmp_path / "index").rglob("*.pkl"))
    loaded = RetrievalIndex.load(tmp_path / "index")
    query = Query(question=["住民票", "写し", "窓口"], reading=["ジュ"], parts=[], expansion=["写し", "コンビニ"])
    assert loaded.labels == index.labels
    assert loaded.expansion_weight == index.expansion_weight
    assert loaded.scores(query).tolist() == index.scores(query).tolist()


MOVING = [
    Document("procedure/imported_move", question=["転居", "届"], answer=[], reading=[], parts=[]),
    Document("procedure/imported_seal", question=["印鑑", "登録"], answer=[], reading=[], parts=[]),
]
QUESTION_ONLY = {"question": 1.0, "answer": 0.0, "reading": 0.0, "parts": 0.0}


def test_an_expansion_word_counts_its_weight_within_the_questions_own_bound():
    """「引っ越し」 (no entry has it) expanded by its synonym 転居: the entry with 転居 gets 転居's
    BM25 times the expansion weight, over the bound of the question's own words."""
    index = RetrievalIndex.build(MOVING, QUESTION_ONLY, expansion_weight=0.6)
    plain = Query(question=["引っ越し", "届"], reading=[], parts=[])
    expanded = Query(question=["引っ越し", "届"], reading=[], parts=[], expansion=["転居"])
    channel = index._channels["question"]
    bound = channel.unknown_idf + channel.idf["届"]
    added = 0.6 * channel.bm25.get_scores(["転居"])[0] / bound
    assert index.scores(expanded)[0] == pytest.approx(index.scores(plain)[0] + added, rel=1e-6)
    assert index.scores(expanded)[1] == index.scores(plain)[1] == 0.0


def test_an_expansion_is_weaker_than_the_word_itself_and_never_counts_twice():
    index = RetrievalIndex.build(MOVING, QUESTION_ONLY, expansion_weight=0.6)
    own = index.scores(Query(question=["転居"], reading=[], parts=[]))[0]
    synonym = index.scores(Query(question=["引っ越し"], reading=[], parts=[], expansion=["転居"]))[0]
    assert 0.0 < synonym < own
    # a word the question has already is not counted again as its own synonym
    assert index.scores(Query(question=["転居"], reading=[], parts=[], expansion=["転居"]))[0] == own


def test_without_an_expansion_weight_an_expansion_changes_nothing():
    index = RetrievalIndex.build(MOVING, QUESTION_ONLY)
    query = Query(question=["引っ越し"], reading=[], parts=[], expansion=["転居"])
    assert index.scores(query).tolist() == [0.0, 0.0]
