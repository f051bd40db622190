"""The stand-in city FAQ list: what the import tests and `make bench-import` rely on."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from devtools import sample_city_faq
from devtools.sample_city_faq import FIELDS, generate, rewordings, write_csv

# The 2,000-entry list make bench-import measures, as it was when it was still Python code
# (before 2026-12-03): the data files must keep producing it byte for byte, or the figures in
# BENCHMARKS.md are no longer comparable.
BENCH_LIST_SHA256 = "1376c9b8dbcec5affe5a210b31ef53aadf087c67a59490f45d79eebe6bb48dfb"


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


def test_the_benchmark_list_is_byte_for_byte_the_one_measured_before(tmp_path: Path) -> None:
    write_csv(generate(2000), tmp_path / "faq.csv")
    assert hashlib.sha256((tmp_path / "faq.csv").read_bytes()).hexdigest() == BENCH_LIST_SHA256


def test_the_city_departments_numbers_come_from_the_city_profile() -> None:
    rows = generate(sample_city_faq.max_count())
    waste = [row for row in rows if row["category"] == "ごみ・リサイクル"]
    assert any("ごみ対策課（電話 00-1234-0201）" in row["answer"] for row in waste)
    assert sample_city_faq.departments()["gomi"].tel == "00-1234-0201"  # faq_corpus/city.yml
    assert sample_city_faq.departments()["main"].tel == "00-1234-0000"  # city.yml's main number


def test_an_unknown_shared_sentence_names_the_subject() -> None:
    raw = {"key": "juminhyo", "name": "住民票の写し", "dept": "shimin", "answers": {"about": "[[no_such]]"}}
    with pytest.raises(ValueError, match=r"subjects/koseki.yml juminhyo: no phrase \[\[no_such\]\] in phrasing.yml"):
        sample_city_faq._subject("koseki", raw)
