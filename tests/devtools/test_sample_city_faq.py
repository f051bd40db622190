"""The stand-in city FAQ list: what the import tests and `make bench-import` rely on."""

from __future__ import annotations

from devtools.sample_city_faq import FIELDS, generate, rewordings


def test_a_list_of_the_asked_size_with_distinct_questions() -> None:
    rows = generate(300)
    assert len(rows) == 300
    assert all(list(row) == FIELDS for row in rows)
    assert len({row["question"] for row in rows}) == 300


def test_a_rewording_asks_the_same_thing_another_way() -> None:
    rows = {row["id"]: row for row in generate(2000)}  # the list make bench-import uses
    again = rewordings(2000)
    assert again["Q00001"] == "住民票の写しの内容を教えてください。"
    assert rows["Q00001"]["question"] == "住民票の写しとは何ですか？"
    assert set(again) <= set(rows)
    assert all(again[i] != rows[i]["question"] for i in again)
    # never the wording of another entry: that one would be the right answer then
    assert not set(again.values()) & {row["question"] for row in rows.values()}
