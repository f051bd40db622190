"""Broken waste data (madoguchi/waste_data.py): told to staff as `file:line: message` by the
checks (`make validate`, training), and while running an empty dataset with the problem,
read and logged once, that no reader can trip over."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import List

import pytest

from madoguchi import item_names as item_names_module
from madoguchi import waste_data
from madoguchi.corpus.validate import Problem, _check_waste_data
from madoguchi.paths import CORPUS_DIR
from tests.conftest import FIXTURES

MESSY = FIXTURES / "city5374" / "messy"


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """A copy of the messy fixture city's 5374 folder, to break."""
    folder = tmp_path / "waste_5374"
    shutil.copytree(MESSY, folder)
    return folder


def touch_later(path: Path) -> None:
    """A file's time moved on, as an edit seconds later moves it (the cache is keyed by it)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_folder_without_area_days_is_data_that_knows_nothing_with_the_problem(
    city: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (city / "area_days.csv").unlink()
    with caplog.at_level(logging.ERROR, logger="madoguchi.waste_data"):
        data = waste_data.current(city)
        again = waste_data.current(city)  # the next message: cached, not read or logged again
    problem = f"{city}/area_days.csv:1: missing (a 5374 folder has target.csv and area_days.csv)"
    assert data.problem == problem and not data.usable and again is data
    assert data.dictionary.find("いすを捨てたい") == [] and data.dictionary.get("自転車") is None
    assert data.districts.find("昭和通5丁目") == [] and data.kinds_in("燃えるごみの日") == []
    assert list(data.calendar.districts) == [] and data.imported is None
    assert [r.getMessage() for r in caplog.records] == [
        f"the waste data cannot be used; the item and collection-day skills apologise: {problem}"
    ]


def test_a_malformed_row_names_its_line_and_the_mended_file_is_read_again(city: Path) -> None:
    area_days = city / "area_days.csv"
    good = area_days.read_bytes()
    area_days.write_bytes(good.replace("水 土,月1".encode(), "水曜と土曜,月1".encode()))
    broken = waste_data.current(city)
    assert broken.problem == f"{area_days}:5: 燃えるごみ: cannot read '水曜と土曜'"

    area_days.write_bytes(good)
    touch_later(area_days)
    mended = waste_data.current(city)
    assert mended.usable and mended.districts.find("昭和通5丁目") == ["昭和通3～9丁目"]


def test_a_folder_whose_files_were_all_removed_is_a_broken_import_not_the_sample_city(tmp_path: Path) -> None:
    emptied = tmp_path / "waste_5374"
    emptied.mkdir()
    data = waste_data.current(emptied)
    assert data.problem == f"{emptied}/target.csv:1: missing (a 5374 folder has target.csv and area_days.csv)"
    assert data.districts.find("中央町") == []  # the sample city's district is not answered for


def test_without_an_imported_folder_the_sample_city_is_used(tmp_path: Path) -> None:
    data = waste_data.current(tmp_path / "waste_5374")
    assert data.usable and data.districts.find("中央町に住んでいます") == ["中央町"]


SAMPLE_FILES = ("waste_items.csv", "collection_calendar.csv", "districts.csv", "waste_kinds.tsv", "waste_item_names.tsv")


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A folder with copies of the sample city's waste files only (the check skips the rest)."""
    for name in SAMPLE_FILES:
        shutil.copy(CORPUS_DIR / name, tmp_path / name)
    return tmp_path


def replace_line(path: Path, number: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def checked(corpus_dir: Path) -> List[str]:
    problems: List[Problem] = []
    _check_waste_data(corpus_dir, problems)
    return [str(problem) for problem in problems]


def test_the_sample_files_pass_the_check(sample_copy: Path) -> None:
    assert checked(sample_copy) == []


def test_make_validate_names_each_broken_sample_file_with_its_line(sample_copy: Path) -> None:
    replace_line(sample_copy / "waste_items.csv", 3, "紙くず,burnable,,")
    replace_line(sample_copy / "collection_calendar.csv", 3, "本町,みどり野市クリーンセンター,月 木,水9,水,金1")
    replace_line(sample_copy / "districts.csv", 3, "本町")
    kinds = sample_copy / "waste_kinds.tsv"
    kinds.write_text(kinds.read_text(encoding="utf-8") + "粗大ごみ\n", encoding="utf-8")
    last = len(kinds.read_text(encoding="utf-8").splitlines())
    assert checked(sample_copy) == [
        f"{sample_copy}/waste_items.csv:3: 'item' and 'how' must not be empty",
        f"{sample_copy}/collection_calendar.csv:3: 燃やさないごみ: cannot read '水9'",
        f"{sample_copy}/districts.csv:3: expected 地名,よみ,別名",
        f"{kinds}:{last}: expected 'kind<TAB>word|word|…'",
    ]


def test_a_sample_file_that_is_not_utf8_is_told_so(sample_copy: Path) -> None:
    districts = sample_copy / "districts.csv"
    districts.write_bytes(districts.read_text(encoding="utf-8").encode("cp932"))
    assert checked(sample_copy) == [f"{districts}:1: not UTF-8 (byte 0); save the file as UTF-8"]


def test_make_validate_names_a_broken_imported_folder(tmp_path: Path) -> None:
    shutil.copytree(MESSY, tmp_path / "waste_5374")
    (tmp_path / "waste_5374" / "area_days.csv").unlink()
    assert checked(tmp_path) == [
        f"{tmp_path}/waste_5374/area_days.csv:1: missing (a 5374 folder has target.csv and area_days.csv)"
    ]


def test_make_validate_names_a_broken_item_names_file(sample_copy: Path) -> None:
    names = sample_copy / "waste_item_names.tsv"
    names.write_text("# items in other languages\nソファ\tsofa\n", encoding="utf-8")
    assert checked(sample_copy) == [f"{names}:2: expected 'item<TAB>en<TAB>zh<TAB>ko<TAB>vi[<TAB>ja-easy]', got 2 field(s)"]


def test_a_broken_item_names_file_is_left_out_while_running_not_every_turn_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    names = tmp_path / "waste_item_names.tsv"
    names.write_text("ソファ\tsofa\n", encoding="utf-8")
    monkeypatch.setattr(item_names_module, "ITEM_NAMES_FILE", names)
    with caplog.at_level(logging.ERROR, logger="madoguchi.item_names"):
        assert item_names_module.item_names().find("How do I throw away a sofa?") == []
        assert item_names_module.asks_about_item("How do I throw away a sofa?") == (False, True)  # its texts still read
        assert item_names_module.item_texts("en") is not None
    problem = f"{names}:1: expected 'item<TAB>en<TAB>zh<TAB>ko<TAB>vi[<TAB>ja-easy]', got 2 field(s)"
    assert [r.getMessage() for r in caplog.records] == [f"{names} is left out until it is mended: {problem}"]


def test_a_broken_category_table_is_told_while_running_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "waste_categories.tsv"
    table.write_text("燃やすごみ\tburnable\n粗大ごみ\tsofa\n", encoding="utf-8")
    monkeypatch.setattr(waste_data, "CATEGORIES_FILE", table)
    data = waste_data.current(tmp_path / "waste_5374")  # the sample city
    codes = "burnable, non_burnable, recyclable, bulky, hazardous, not_collected"
    assert data.problem == f"{table}:2: expected 'word<TAB>code' with a code of {codes}"
