import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from madoguchi.corpus.excel import SheetProblems, export_workbook, import_workbook
from madoguchi.corpus.validate import load_corpus
from madoguchi.paths import CORPUS_DIR


@pytest.fixture(scope="module")
def exported() -> bytes:
    """The corpus exported once for the module's tests (openpyxl writes 30,000 cells in pure Python);
    each test reads its own workbook from it and imports into its own copy of the corpus."""
    corpus, problems = load_corpus(CORPUS_DIR)
    assert problems == []
    return export_workbook(corpus)


@pytest.fixture
def book(exported: bytes):
    return load_workbook(io.BytesIO(exported))


def _save(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row_of(sheet, topic_id: str) -> int:
    return next(n for n, row in enumerate(sheet.iter_rows(values_only=True), start=1) if row[0] == topic_id)


def test_export_has_a_sheet_per_file_and_one_row_per_example(book, corpus_copy: Path) -> None:
    # sheet names and headers as staff read them (issue 11), not the corpus's codes
    assert book.sheetnames == ["説明", "子育て", "市役所全般", "届出・証明", "ごみ", "質問例"]
    waste = book["ごみ"]
    assert [c.value for c in waste[1]] == ["トピックID", "タイトル", "担当課", "詳しいページ", "確認日", "市独自", "取り込み",
                                           "チャットの回答", "電話の読み上げ", "SMS本文"]  # fmt: skip
    assert waste.cell(row=_row_of(waste, "waste/bulky_waste"), column=3).value == "ごみ対策課"
    assert [c.value for c in book["質問例"][1]] == ["トピックID", "質問例", "タイトル"]
    corpus, _ = load_corpus(corpus_copy)
    assert book["質問例"].max_row == 1 + sum(len(t.examples) for t in corpus.topics)


def test_an_exported_workbook_imports_back_to_the_same_corpus(book, corpus_copy: Path) -> None:
    before, _ = load_corpus(corpus_copy)
    count = import_workbook(_save(book), corpus_copy)
    after, problems = load_corpus(corpus_copy)
    assert problems == []
    assert count == len(before.topics)
    fields = ("id", "title", "department", "url", "reviewed", "examples", "answer", "voice", "sms", "local")
    assert [[getattr(t, f) for f in fields] for t in after.topics] == [[getattr(t, f) for f in fields] for t in before.topics]


def test_an_edit_in_excel_reaches_the_corpus(book, corpus_copy: Path) -> None:
    book["質問例"].append(["waste/bulky_waste", "古いタンスを処分したい"])
    import_workbook(_save(book), corpus_copy)
    corpus, _ = load_corpus(corpus_copy)
    assert "古いタンスを処分したい" in corpus.by_id()["waste/bulky_waste"].examples


def test_problems_name_the_sheet_and_row_and_nothing_is_written(book, corpus_copy: Path) -> None:
    waste = book["ごみ"]
    bulky = _row_of(waste, "waste/bulky_waste")
    waste.cell(row=bulky, column=9, value="詳しくは https://www.city.midorino.example をご覧ください")  # voice
    waste.cell(row=bulky, column=3).value = None  # department
    sorting = _row_of(waste, "waste/sorting_rules")
    waste.cell(row=sorting, column=9, value="ホームページ（ごみ）をご覧ください")
    book["質問例"].append(["waste/no_such_topic", "これはどこへ"])
    before = (corpus_copy / "faq" / "waste.yml").read_text(encoding="utf-8")
    with pytest.raises(SheetProblems) as rejected:
        import_workbook(_save(book), corpus_copy)
    examples_row = book["質問例"].max_row
    assert [str(p) for p in rejected.value.problems] == [
        f"シート「ごみ」{bulky}行目: 担当課 が空です",
        f"シート「質問例」{examples_row}行目: id「waste/no_such_topic」のトピックがどのシートにもありません",
    ]
    assert (corpus_copy / "faq" / "waste.yml").read_text(encoding="utf-8") == before
    waste.cell(row=bulky, column=3, value="gomi")
    book["質問例"].delete_rows(examples_row)
    with pytest.raises(SheetProblems) as rejected:
        import_workbook(_save(book), corpus_copy)
    assert [str(p) for p in rejected.value.problems] == [
        f"シート「ごみ」{sorting}行目: トピック「waste/sorting_rules」: voice にかっこがあります",
        f"シート「ごみ」{bulky}行目: トピック「waste/bulky_waste」: voice にURLがあります",
        f"シート「ごみ」{bulky}行目: トピック「waste/bulky_waste」: voice に読み上げられない記号があります",
    ]


def test_a_missing_column_or_sheet_is_reported(book, corpus_copy: Path) -> None:
    book["ごみ"].delete_cols(10)  # sms
    del book["市役所全般"]
    with pytest.raises(SheetProblems) as rejected:
        import_workbook(_save(book), corpus_copy)
    assert [str(p) for p in rejected.value.problems][:1] == ["シート「ごみ」1行目: 列「SMS本文」がありません"]


def test_a_file_that_is_not_a_workbook_is_reported(corpus_copy: Path) -> None:
    with pytest.raises(SheetProblems, match="Excel（.xlsx）として読めません") as rejected:
        import_workbook(b"id,question\n", corpus_copy)
    assert "BadZipFile" not in str(rejected.value.problems[0])  # said in Japanese, not a Python error name


def test_a_workbook_with_the_old_code_names_still_imports(book, corpus_copy: Path) -> None:
    for sheet, code in (("子育て", "childcare"), ("市役所全般", "general"), ("届出・証明", "procedure"), ("ごみ", "waste")):
        book[sheet].title = code
    book["waste"].cell(row=1, column=3, value="department")
    book["waste"].cell(row=_row_of(book["waste"], "waste/bulky_waste"), column=3, value="gomi")
    before, _ = load_corpus(corpus_copy)
    assert import_workbook(_save(book), corpus_copy) == len(before.topics)
    after, _ = load_corpus(corpus_copy)
    assert after.by_id()["waste/bulky_waste"].department == "gomi"


def test_an_imported_entrys_own_department_goes_to_excel_and_back(corpus_copy: Path) -> None:
    from madoguchi.corpus.faq_import import import_faq_list

    listing = "番号,分類,質問,回答,担当課\nd1,ごみ,事業所のごみの処理,事業所のごみはステーションに出せません。,廃棄物対策課\n"
    import_faq_list(listing.encode("utf-8"), "faq.csv", corpus_copy)
    corpus, _ = load_corpus(corpus_copy)
    book = load_workbook(io.BytesIO(export_workbook(corpus)))
    sheet = book["ごみ（取り込み）"]
    assert sheet.cell(row=_row_of(sheet, "waste/imported_d1"), column=3).value == "廃棄物対策課"
    import_workbook(_save(book), corpus_copy)
    after, problems = load_corpus(corpus_copy)
    assert problems == [] and after.by_id()["waste/imported_d1"].department == "廃棄物対策課"
