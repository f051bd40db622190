from datetime import date
from pathlib import Path

import pytest

from madoguchi.corpus.excel import SheetProblems
from madoguchi.corpus.faq_import import import_faq_list, sms_text, voice_text
from madoguchi.corpus.validate import check_corpus, load_corpus

CSV = """id,category,question,answer,url
Q1,道路・公園,公園でバーベキューはできますか,市内の公園では、火気の使用は禁止です。みどり野中央公園のバーベキュー場（予約制）をご利用ください。予約は公園緑地課（00-1234-0601）へ。,https://www.city.midorino.example/faq/Q1.html
Q2,税金,固定資産税の納期はいつですか,固定資産税の納期は4月、7月、12月、翌年2月の年4回です。口座振替もご利用いただけます。,https://www.city.midorino.example/faq/Q2.html
Q3,ごみ・リサイクル,粗大ごみを出したいのですが,粗大ごみは事前の申し込みが必要です。,
"""


def test_each_entry_becomes_an_imported_topic_in_its_category(corpus_copy: Path) -> None:
    result = import_faq_list(CSV.encode("utf-8-sig"), "faq.csv", corpus_copy, today=date(2026, 11, 23))
    # Q3 asks exactly what waste/bulky_waste already answers: one wording, one answer
    assert (result.imported, result.skipped) == (2, 1)
    corpus, problems = load_corpus(corpus_copy)
    assert problems == []
    park = corpus.by_id()["general/imported_q1"]
    assert (park.imported, park.local, park.department) == (True, True, "main")
    assert park.examples == ["公園でバーベキューはできますか", "市内の公園では、火気の使用は禁止です。"]
    assert park.voice == "市内の公園では、火気の使用は禁止です。みどり野中央公園のバーベキュー場、予約制をご利用ください。"
    assert corpus.by_id()["procedure/imported_q2"].department == "zeimu"
    assert sorted(p.name for p in (corpus_copy / "faq").glob("*.imported.yml")) == ["general.imported.yml", "procedure.imported.yml"]
    assert check_corpus(corpus_copy)[1] == []


def test_a_held_out_entry_keeps_nothing_of_its_own_question(corpus_copy: Path) -> None:
    # make bench-import asks held-out questions the model must never have seen, title included
    result = import_faq_list(CSV.encode(), "faq.csv", corpus_copy, hold_out=frozenset({"Q1"}))
    assert result.held_out == (("公園でバーベキューはできますか", "general/imported_q1"),)
    park = load_corpus(corpus_copy)[0].by_id()["general/imported_q1"]
    assert (park.title, park.examples) == ("市内の公園では、火気の使用は禁止です。", ["市内の公園では、火気の使用は禁止です。"])


def test_a_new_import_replaces_the_previous_one(corpus_copy: Path) -> None:
    import_faq_list(CSV.encode(), "faq.csv", corpus_copy)
    only_tax = "\n".join(CSV.splitlines()[:1] + CSV.splitlines()[2:3]) + "\n"
    import_faq_list(only_tax.encode(), "faq.csv", corpus_copy)
    assert sorted(p.name for p in (corpus_copy / "faq").glob("*.imported.yml")) == ["procedure.imported.yml"]


def test_excel_in_japan_saves_csv_as_shift_jis(corpus_copy: Path) -> None:
    result = import_faq_list(CSV.encode("cp932"), "faq.csv", corpus_copy)
    assert result.imported == 2


def test_row_problems_name_the_csv_line_and_nothing_is_written(corpus_copy: Path) -> None:
    bad = CSV + "Q1,税金,重複した番号です,答え,\nQ9,税金,,答えだけ,\n"
    with pytest.raises(SheetProblems) as rejected:
        import_faq_list(bad.encode(), "faq.csv", corpus_copy)
    assert [str(p) for p in rejected.value.problems] == [
        "5行目: id「Q1」が重複しています（2行目）",
        "6行目: question が空です",
    ]
    assert list((corpus_copy / "faq").glob("*.imported.yml")) == []


def test_a_missing_column_is_reported(corpus_copy: Path) -> None:
    with pytest.raises(SheetProblems) as rejected:
        import_faq_list(b"id,question,answer\n1,a,b\n", "faq.csv", corpus_copy)
    assert [str(p) for p in rejected.value.problems] == [
        "1行目: 列がありません: category, url（必要な列: id, category, question, answer, url）"
    ]


def test_the_voice_leaves_written_phone_numbers_out() -> None:
    answer = "住民票は市民課で取れます。詳しくは市民課（電話 00-1234-0301）へお問い合わせください。電話 00-1234-0301 までどうぞ。"
    assert voice_text(answer) == "住民票は市民課で取れます。詳しくは市民課へお問い合わせください。"


def test_voice_and_sms_are_derived_within_the_limits() -> None:
    answer = "申請は市役所1階の窓口で受け付けます（平日8時30分〜17時15分）。必要なもの：本人確認書類・印鑑。" * 3
    voice = voice_text(answer)
    assert voice == "申請は市役所1階の窓口で受け付けます、平日8時30分から17時15分。必要なもの、本人確認書類、印鑑。"
    url = "https://www.city.midorino.example/faq/Q00001.html"
    sms = sms_text("あ" * 200 + "。", url)
    assert len(sms) + 1 + len(url) == 134 and sms.endswith("…")
