"""A city's 5374 folder as published: messy files accepted, broken ones refused with file:line."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from madoguchi.city5374 import read_city
from madoguchi.import5374 import import_folder
from madoguchi.waste_data import current, load_categories
from tests.conftest import FIXTURES

MESSY = FIXTURES / "city5374" / "messy"


def test_a_messy_folder_is_read_as_meant():
    city = read_city(MESSY)
    assert city.problems == [] and city.warnings == []
    assert (MESSY / "target.csv").read_bytes().decode("cp932")  # the fixture really is Shift_JIS
    assert city.repeated_rows == 2  # 天ぷら油 and 昭和通3～9丁目 are listed twice
    names = [item.name for item in city.items]
    assert names[:3] == ["いす（木製）", "いす（金属製）", "いす（金属以外、７０㎝以下）"]
    assert "自転車" in names and "紙おむつ" in names  # full-width space and tabs around the name
    assert city.calendar.kinds == ["燃えるごみ", "不燃ごみ", "資源物", "有害ごみ"]  # trailing comma in the header
    assert list(city.calendar.districts)[:2] == ["昭和通1～2丁目", "昭和通3～9丁目"]
    schedule = city.calendar.schedule("昭和通1～2丁目", "有害ごみ")
    assert schedule.describe() == "第1・第3金曜日" and schedule.remarks[0].startswith("一部の集合住宅")
    assert city.calendar.schedule("稲葉荘（国道2号に面した家庭は除く）", "燃えるごみ").describe() == "毎週月曜日・木曜日"
    assert city.english is not None and city.english.items[2].notice == "Put them in a clear bag, please."


def test_the_city_labels_are_mapped_to_codes_with_a_default():
    table = load_categories()
    assert table.code_of("燃えるごみ") == "burnable"
    assert table.code_of("燃やさないごみ") == "non_burnable"
    assert table.code_of("資源物（紙類）") == "recyclable"
    assert table.code_of("収集・処理しないごみ") == "not_collected"
    assert table.code_of("小型家電") == "recyclable"  # the longest word wins over 家電
    assert table.code_of("その他") == "burnable"  # the * line


def test_the_next_date_honours_the_centre_closure():
    data = current(MESSY)
    # 東部クリーンセンター is closed 12/29-1/3: Tuesday 12/29 and Friday 1/1 are skipped
    assert data.calendar.next_dates("昭和通3～9丁目", "燃えるごみ", dt.date(2026, 12, 28), 2) == [
        dt.date(2027, 1, 5),
        dt.date(2027, 1, 8),
    ]
    # 西部 closes only from 12/31: Tuesday 12/29 is a collection day there
    assert data.calendar.next_dates("稲葉荘の国道2号に面した家庭", "燃えるごみ", dt.date(2026, 12, 28), 1) == [
        dt.date(2026, 12, 29)
    ]


@pytest.mark.parametrize(
    "text, rows",
    [
        ("昭和通5丁目の燃やすごみは？", ["昭和通3～9丁目"]),
        ("昭和通五丁目", ["昭和通3～9丁目"]),
        ("昭和通２丁目", ["昭和通1～2丁目"]),
        ("しょうわどおり5丁目", ["昭和通3～9丁目"]),
        ("昭和通", ["昭和通1～2丁目", "昭和通3～9丁目"]),  # which one: the assistant asks
        ("大庄中通3丁目の不燃ごみ", ["大庄中通1〜4丁目"]),
        ("稲葉荘", ["稲葉荘（国道2号に面した家庭は除く）", "稲葉荘の国道2号に面した家庭"]),
        ("稲葉荘で国道2号に面してる", ["稲葉荘の国道2号に面した家庭"]),
        ("稲葉荘だけど国道2号には面していない", ["稲葉荘（国道2号に面した家庭は除く）"]),
    ],
)
def test_an_address_finds_its_row(text, rows):
    assert current(MESSY).districts.find(text) == rows


@pytest.mark.parametrize(
    "text, items",
    [
        ("いすは何ごみ？", ["いす（木製）", "いす（金属以外、７０㎝以下）", "いす（金属製）"]),  # variants
        ("天ぷらに使った油", ["天ぷら油"]),  # inside a longer phrase
        ("ビニール笠", ["かさ"]),  # wrong kanji, same reading
        ("古いガラスのコップ", ["ガラスのコップ"]),
        ("チラシ", ["新聞・チラシ"]),  # one of the names listed together
        ("食用油", ["天ぷら油"]),  # the sample dictionary's word for the same thing
        ("ホバーボード", []),  # honest unknown
    ],
)
def test_items_are_found_however_they_are_asked(text, items):
    assert [item.name for item in current(MESSY).dictionary.find(text)] == items


def test_items_keep_the_city_label_and_notice():
    item = current(MESSY).dictionary.get("テレビ")
    assert item is not None
    assert (item.category_label, item.category, item.how) == (
        "収集・処理しないごみ",
        "not_collected",
        "家電リサイクル法により販売店へ",
    )


def _broken(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder = tmp_path / "city"
    shutil.copytree(MESSY, folder)
    (folder / name).write_bytes(text.encode(encoding))
    return folder


@pytest.mark.parametrize(
    "name, text, message",
    [
        (
            "target.csv",
            "品目,分類\n紙,燃えるごみ\n",
            "target.csv:1: header must be label,name,notice,furigana (or type,name,notice,furigana)",
        ),
        (
            "target.csv",
            "label,name,notice,furigana\n燃えるごみ,,,\n",
            "target.csv:2: the category (label) and the item (name) must not be empty",
        ),
        ("area_days.csv", "地名,センター,燃えるごみ\n東町,,月 x\n", "area_days.csv:2: 燃えるごみ: cannot read 'x'"),
        (
            "area_days.csv",
            "地名,センター,燃えるごみ\n東町,,月\n東町,,火\n",
            "area_days.csv:3: district '東町' is on line 2 already, with other days",
        ),
        ("area_days.csv", "地名,センター,燃えるごみ\n東町,,月,火\n", "area_days.csv:2: expected 3 columns, got 4"),
        (
            "area_days.csv",
            "地名,センター,燃えるごみ\n東町,,*9\n",
            "area_days.csv:2: 燃えるごみ: '*9': remarks.csv has no remark 9",
        ),
        (
            "center.csv",
            "名称,休止開始日,休止終了日\n東部,2026/12/29,2025/1/3\n",
            "center.csv:2: the closure ends (2025/1/3) before it starts (2026/12/29)",
        ),
        (
            "center.csv",
            "名称,休止開始日,休止終了日\n東部,年末,2027/1/3\n",
            "center.csv:2: '年末' is not a date (write 2026/12/29)",
        ),
    ],
)
def test_problems_are_reported_with_file_and_line_and_nothing_is_written(tmp_path, name, text, message):
    folder = _broken(tmp_path, name, text)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    err = io.StringIO()
    assert import_folder(folder, corpus, out=io.StringIO(), err=err) is None
    assert f"{folder / name}:" + message.split(":", 1)[1] in err.getvalue().splitlines()
    assert list(corpus.iterdir()) == []


def test_a_file_in_neither_encoding_is_refused(tmp_path):
    folder = _broken(tmp_path, "target.csv", "")
    (folder / "target.csv").write_bytes(b"label,name,notice,furigana\n\xff\xfe\xfa,\x80\n")
    assert read_city(folder).problems == [
        f"{folder / 'target.csv'}:1: neither UTF-8 nor Shift_JIS (cp932); save the file in one of them"
    ]


def test_an_import_writes_clean_5374_files_that_read_the_same(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    out = io.StringIO()
    assert import_folder(MESSY, corpus, out=out, err=io.StringIO()) is not None
    assert "imported 14 items in 8 categories, 5 districts, 4 waste kinds" in out.getvalue()
    written = corpus / "waste_5374"
    assert (written / "target.csv").read_text(encoding="utf-8").splitlines()[0] == "label,name,notice,furigana"
    again = read_city(written)
    original = read_city(MESSY)
    assert again.problems == [] and again.items == [
        i.__class__(i.label, i.name, i.notice, i.furigana, n) for n, i in enumerate(original.items, 2)
    ]
    assert again.calendar.districts == original.calendar.districts
    assert again.calendar.closures == original.calendar.closures
    assert again.english is not None and len(again.english.items) == 3
    # importing again replaces the folder in one step
    assert import_folder(MESSY, corpus, out=io.StringIO(), err=io.StringIO()) is not None
    assert sorted(p.name for p in corpus.iterdir()) == ["waste_5374"]


def test_a_broken_english_edition_is_left_out_with_a_warning(tmp_path):
    folder = _broken(tmp_path, "en-US/center.csv", "Name,Closed from date,Re-open date\nWest,2015/12/29,2014/01/03\n")
    city = read_city(folder)
    assert city.problems == [] and city.english is None
    assert city.warnings == [
        f"{folder / 'en-US' / 'center.csv'}:2: the closure ends (2014/01/03) before it starts (2015/12/29) (the en-US folder is left out)"
    ]


def test_a_japanese_header_and_a_centre_without_closure_are_read(tmp_path):
    folder = _broken(tmp_path, "target.csv", "分別区分,品目名,注意点,ふりがな頭文字\n燃やすごみ,紙くず,,か\n")
    (folder / "center.csv").write_text("名称,休止開始日,休止終了日\n東部クリーンセンター,,\n", encoding="utf-8")
    city = read_city(folder)
    assert city.problems == []
    assert [item.name for item in city.items] == ["紙くず"] and city.calendar.closures == {}


def test_a_short_qualifier_is_read_in_front_and_a_kind_with_ごみ(tmp_path):
    folder = _broken(
        tmp_path, "target.csv", "type,name,notice,furigana\n燃やすごみ,オイル（食用） ,,お\n有害ごみ,血圧計(水銀),,け\n"
    )
    (folder / "area_days.csv").write_text("地名,センター,燃やすごみ,資源\n境１・３丁目,,火 金,木\n", encoding="utf-8")
    data = current(folder)
    assert [item.name for item in data.dictionary.find("天ぷらに使った油")] == ["オイル（食用）"]  # 食用オイル is 食用油
    assert [item.name for item in data.dictionary.find("水銀血圧計")] == ["血圧計(水銀)"]
    assert data.kinds_in("境3丁目の資源ごみは？") == ["資源"] and data.districts.find("境3丁目の資源ごみは？") == ["境１・３丁目"]


def test_the_command_exits_1_with_file_line_messages_and_0_when_imported(tmp_path):
    import subprocess
    import sys

    from madoguchi.paths import ROOT, project_env

    folder = _broken(tmp_path, "area_days.csv", "地名,センター,燃えるごみ\n東町,,月 管路\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    command = [sys.executable, "-m", "madoguchi.import5374", "--corpus", str(corpus), "--no-train"]
    refused = subprocess.run([*command, str(folder)], capture_output=True, text=True, cwd=ROOT, env=project_env(), timeout=120)
    assert refused.returncode == 1
    assert f"{folder / 'area_days.csv'}:2: 燃えるごみ: cannot read '管路'" in refused.stderr.splitlines()
    assert list(corpus.iterdir()) == []
    done = subprocess.run([*command, str(MESSY)], capture_output=True, text=True, cwd=ROOT, env=project_env(), timeout=120)
    assert done.returncode == 0 and "imported 14 items" in done.stdout
    assert (corpus / "waste_5374" / "area_days.csv").exists()
