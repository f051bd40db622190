"""The console's charts (issue 11): axes with numbers, values, a pattern beside colour, and
sensible with a single day of data. Parsed as XML, as a browser would read them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from console.charts import MAX_COLUMN_WIDTH, bar_chart, daily_chart, nice_top

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg) -> list:
    return [t.text for t in ET.fromstring(str(svg)).iter(f"{SVG}text")]


def test_one_day_is_a_narrow_column_with_its_numbers_an_axis_and_a_legend() -> None:
    svg = ET.fromstring(str(daily_chart([("2026-12-01", 12, 9)], "日ごとの質問数")))
    columns = [r for r in svg.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None or r.get("fill") == "#1b5e20"]
    assert all(float(r.get("width")) <= MAX_COLUMN_WIDTH for r in columns if float(r.get("width")) > 14)
    words = [t.text for t in svg.iter(f"{SVG}text")]
    assert [w for w in words if w in ("0", "10", "20")] == ["0", "10", "20"]  # y axis: 0, half, top
    assert "12" in words and "12-01" in words  # the total above the column, the date below
    assert "回答できた" in words and "回答できなかった（斜線）" in words
    assert any(r.get("fill") == "url(#mdg-hatch)" for r in svg.iter(f"{SVG}rect"))  # not colour alone


def test_topic_names_are_written_whole_and_the_values_have_an_axis() -> None:
    long_name = "家電リサイクル4品目（テレビ、冷蔵庫・冷凍庫、洗濯機・衣類乾燥機、エアコン）の処分"
    words = texts(bar_chart([(long_name, 7), ("粗大ごみ", 3)], "よく聞かれたトピック"))
    assert long_name in words
    assert "7件" in words and "3件" in words
    assert [w for w in words if w in ("0件", "5件", "10件")] == ["0件", "5件", "10件"]


def test_rates_run_from_0_to_100_percent() -> None:
    words = texts(bar_chart([("チャット", 0.75)], "チャネル別の回答率", unit="%"))
    assert "75%" in words and "0%" in words and "100%" in words


def test_axis_tops_are_round_numbers() -> None:
    assert [nice_top(v) for v in (0, 1, 3, 12, 48, 130)] == [1, 1, 5, 20, 50, 200]
