"""The FAQ corpus as an Excel workbook, and back, for staff who work in Excel.

Export: one sheet per corpus file, named as staff read it (「ごみ」, 「ごみ（取り込み）」 for
waste.imported; faq_corpus/category_labels.tsv) with Japanese column headers and a row per
topic (the department as its name), a sheet 「質問例」 with a row per example question, and a
sheet 「説明」 saying how to edit. Import reads these names, and the codes too (older books),
reports every problem as 「シート「…」n行目: …」, checks the resulting corpus with `check_corpus` in a copy, and only
then replaces the corpus files. The YAML is rewritten, so comments in those files are lost
(the workbook has no place for them); placeholders such as {tel_gomi} are kept as written.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path
from typing import Dict, List, Tuple

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from madoguchi.corpus.edit import CorpusEditRejected, write_checked
from madoguchi.corpus.emit import Source, TopicText, category_file
from madoguchi.corpus.model import Corpus, Topic
from madoguchi.corpus.validate import Problem, file_category
from madoguchi.japanese import data_lines
from madoguchi.paths import CORPUS_DIR
from madoguchi.spec import default_spec

TOPIC_COLUMNS = ("id", "title", "department", "url", "reviewed", "local", "imported", "answer", "voice", "sms")
# The column headers staff read; import accepts these and the codes.
HEADERS = {
    "id": "トピックID", "title": "タイトル", "department": "担当課", "url": "詳しいページ", "reviewed": "確認日",
    "local": "市独自", "imported": "取り込み", "answer": "チャットの回答", "voice": "電話の読み上げ", "sms": "SMS本文",
    "question": "質問例",
}  # fmt: skip
FILE_KINDS = {"imported": "取り込み", "local": "市独自"}  # waste.imported → 「ごみ（取り込み）」
LABELS_FILE = CORPUS_DIR / "category_labels.tsv"
REQUIRED = ("id", "title", "department", "url", "reviewed", "answer", "voice", "sms")
EXAMPLES_SHEET = "質問例"
HELP_SHEET = "説明"
HELP = (
    "このブックは窓口案内のFAQコーパスです。編集して職員コンソールから取り込めます。",
    "分類ごとのシート（子育て、ごみ など）：1行が1トピックです。トピックID は変えないでください"
    "（新しいトピックは「市独自」に「はい」）。",
    "「質問例」シート：1行が1つの質問例です。トピックID でトピックに結びつきます（1トピック12以上）。"
    "タイトルの列は読むためのもので、取り込みでは使いません。",
    "「チャットの回答」はチャットの回答、「電話の読み上げ」は電話で読み上げる文（短く、URLや括弧なし）、"
    "「SMS本文」はSMSの本文（URLと合わせて134字以内）です。",
    "担当課は課の名前（ごみ対策課 など）で書きます。",
    "{city} {tel_gomi} {url} などの波かっこは、市の設定で置き換わる差し込み文字です。そのまま残してください。",
    "取り込むときに make validate と同じ検査を行い、問題があればシート名と行番号を示して取り込みません。",
)


# What a file that is not a workbook gets (never a Python error name such as BadZipFile).
NOT_A_WORKBOOK = (
    "Excel（.xlsx）として読めません。Excelで「Excel ブック（*.xlsx）」として保存したファイルを選んでください"
    "（.xls や .csv、パスワード付きのファイル、壊れたファイルは読めません）。"
)


DAMAGED_WORKBOOK = "Excel（.xlsx）の中身が壊れていて読めません。Excelで開き直して保存したファイルを選んでください。"


class SheetProblems(CorpusEditRejected):
    """The workbook (or list) cannot be taken in; nothing was written."""


def where(sheet: str, row: int) -> str:
    return f"シート「{sheet}」{row}行目"


def _file_key(topic: Topic) -> str:
    return topic.file.name[: -len(".yml")]


def category_labels(path: Path = LABELS_FILE) -> Dict[str, str]:
    return {fields[0]: fields[1] for _, fields in data_lines(path)} if path.exists() else {}


def sheet_name(file_key: str, labels: Dict[str, str]) -> str:
    """waste → ごみ, waste.imported → ごみ（取り込み）; a category without a label keeps its code."""
    category, _, kind = file_key.partition(".")
    name = labels.get(category, category)
    return f"{name}（{FILE_KINDS.get(kind, kind)}）" if kind else name


def file_key_of(name: str, labels: Dict[str, str]) -> str:
    """The corpus file a sheet is for: its label read back, or the code itself."""
    match = re.fullmatch(r"(.+?)(?:（(.+)）)?", name)
    label, kind = (match.group(1), match.group(2) or "") if match else (name, "")
    category = next((code for code, text in labels.items() if text == label), label)
    kind = next((code for code, text in FILE_KINDS.items() if text == kind), kind)
    return f"{category}.{kind}" if kind else category


def _fit(sheet: Worksheet, widths: Dict[str, int]) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = widths.get(str(cell.value), 14)
    sheet.freeze_panes = "A2"


def export_workbook(corpus: Corpus) -> bytes:
    book = Workbook()
    help_sheet = book.active
    help_sheet.title = HELP_SHEET
    for line in HELP:
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 120
    files: Dict[str, List[Topic]] = {}
    for topic in corpus.topics:
        files.setdefault(_file_key(topic), []).append(topic)
    labels = category_labels()
    departments = default_spec().departments
    for key, topics in files.items():
        sheet = book.create_sheet(sheet_name(key, labels))
        sheet.append([HEADERS[name] for name in TOPIC_COLUMNS])
        for t in topics:
            department = departments[t.department].name if t.department in departments else t.department
            sheet.append([t.id, t.title, department, t.url, t.reviewed, "はい" if t.local else None,
                          "はい" if t.imported else None, t.answer.rstrip("\n"), t.voice, t.sms])  # fmt: skip
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        _fit(sheet, {HEADERS["id"]: 34, HEADERS["title"]: 40, HEADERS["answer"]: 70, HEADERS["voice"]: 50,
                     HEADERS["sms"]: 50})  # fmt: skip
    examples = book.create_sheet(EXAMPLES_SHEET)
    examples.append([HEADERS["id"], HEADERS["question"], HEADERS["title"]])
    for topic in corpus.topics:
        for question in topic.examples:
            examples.append([topic.id, question, topic.title])  # the title is for reading; import ignores it
    _fit(examples, {HEADERS["id"]: 34, HEADERS["question"]: 70, HEADERS["title"]: 40})
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value: object) -> str:
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    return "" if value is None else str(value).strip()


def _flag(value: object) -> bool:
    return _text(value).lower() in {"true", "1", "yes", "○", "はい"}


def _header(sheet: Worksheet, expected: Tuple[str, ...], required: Tuple[str, ...], problems: List[Problem]) -> Dict[str, int]:
    codes = {text: code for code, text in HEADERS.items()}
    header = [_text(cell.value) for cell in next(sheet.iter_rows(min_row=1, max_row=1))]
    header = [codes.get(text, text.lower()) for text in header]
    columns = {name: header.index(name) for name in expected if name in header}
    for name in required:
        if name not in columns:
            problems.append(Problem(where(sheet.title, 1), f"列「{HEADERS.get(name, name)}」がありません"))
    return columns


def _department_code(value: str) -> str:
    """担当課 as exported (ごみ対策課), or its code (gomi)."""
    return next((key for key, d in default_spec().departments.items() if d.name == value), value)


def _read_examples(book, problems: List[Problem]) -> Dict[str, List[Tuple[str, Source]]]:
    if EXAMPLES_SHEET not in book.sheetnames:
        problems.append(Problem(f"シート「{EXAMPLES_SHEET}」", "シートがありません"))
        return {}
    sheet = book[EXAMPLES_SHEET]
    columns = _header(sheet, ("id", "question"), ("id", "question"), problems)
    found: Dict[str, List[Tuple[str, Source]]] = {}
    if len(columns) < 2:
        return found
    for n, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        topic_id, question = _text(row[columns["id"]]), _text(row[columns["question"]])
        if not topic_id and not question:
            continue
        if not topic_id or not question:
            problems.append(Problem(where(sheet.title, n), "id と question の両方が必要です"))
            continue
        found.setdefault(topic_id, []).append((question, where(sheet.title, n)))
    return found


def _read_topics(sheet: Worksheet, examples: Dict[str, List[Tuple[str, Source]]], problems: List[Problem]) -> List[TopicText]:
    columns = _header(sheet, TOPIC_COLUMNS, REQUIRED, problems)
    if any(name not in columns for name in REQUIRED):
        return []
    topics: List[TopicText] = []
    for n, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        values = {name: _text(row[index]) if index < len(row) else "" for name, index in columns.items()}
        if not any(values.values()):
            continue
        values["department"] = _department_code(values["department"])
        questions = examples.pop(values["id"], [])  # claimed even when the row has problems
        empty = [name for name in REQUIRED if not values[name]]
        if empty:
            problems.append(Problem(where(sheet.title, n), f"{'、'.join(HEADERS[name] for name in empty)} が空です"))
            continue
        flags = tuple(flag for flag in ("local", "imported") if _flag(values.get(flag)))
        topics.append(TopicText(
            fields=values, examples=[q for q, _ in questions], source=where(sheet.title, n),
            example_sources=[s for _, s in questions], flags=flags,
        ))  # fmt: skip
    return topics


def _files_from(book) -> Tuple[Dict[str, Tuple[str, Dict[int, Source]]], List[Problem]]:
    problems: List[Problem] = []
    examples = _read_examples(book, problems)
    files: Dict[str, Tuple[str, Dict[int, Source]]] = {}
    labels = category_labels()
    for name in book.sheetnames:
        if name in (HELP_SHEET, EXAMPLES_SHEET):
            continue
        key = file_key_of(name, labels)
        if not re.fullmatch(r"[a-z_]+(\.[a-z_]+)?", key):
            known = "、".join(labels.values())
            problems.append(Problem(f"シート「{name}」", f"シート名は分類の名前（{known}）にしてください"))
            continue
        topics = _read_topics(book[name], examples, problems)
        header = "Written from an Excel workbook by the staff console (madoguchi.corpus.excel)."
        files[f"{key}.yml"] = category_file(file_category(Path(key + ".yml")), topics, header=header)
    for topic_id, questions in examples.items():
        for _, source in questions:
            problems.append(Problem(source or EXAMPLES_SHEET, f"id「{topic_id}」のトピックがどのシートにもありません"))
    return files, problems


def import_workbook(content: bytes, corpus_dir: Path = CORPUS_DIR) -> int:
    """Replace the corpus's FAQ files with the workbook's; returns the number of topics."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds for a file that is not .xlsx
        raise SheetProblems([Problem("ファイル", NOT_A_WORKBOOK)]) from error
    try:
        files, problems = _files_from(book)
    except Exception as error:  # openpyxl reads sheets lazily: a damaged sheet's XML fails here
        raise SheetProblems([Problem("ファイル", DAMAGED_WORKBOOK)]) from error
    labels = category_labels()
    if problems:
        raise SheetProblems(problems)
    missing = sorted(p.name for p in (corpus_dir / "faq").glob("*.yml") if p.name not in files)
    if missing:
        raise SheetProblems([Problem(f"シート「{sheet_name(name[:-4], labels)}」",
                                     "シートがありません（コーパスのファイルを消すことはできません）")
                             for name in missing])  # fmt: skip
    sources = {f"faq/{name}": lines for name, (_, lines) in files.items()}
    try:
        corpus = write_checked(corpus_dir, {f"faq/{name}": text for name, (text, _) in files.items()}, sources=sources)
    except CorpusEditRejected as rejected:
        raise SheetProblems(rejected.problems) from rejected
    return len(corpus.topics)
