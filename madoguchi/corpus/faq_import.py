"""Taking in a city's existing FAQ list (CSV or .xlsx: id, category, question, answer, url).

A typical city exports 1,000–2,000 such entries from its website, one question each. Each
entry becomes an *imported* topic of the corpus (`imported: true`, at least one example):
- its category is mapped to a corpus category and a department by the plain-data table
  faq_corpus/import_categories.tsv (keywords of the city's category names);
- its examples are the question and the answer's first sentence, so the assistant has a
  second wording to learn from;
- the phone reads a short speakable version of the answer, and the SMS is the answer's
  first sentence cut to fit two messages with the link.
All entries go to faq/<category>.imported.yml, replacing the previous import, after the
whole corpus has passed `check_corpus` in a copy. Problems name the file's line or row.

What cities really publish is taken as it is: no `url` column or empty URLs (the entry
points to the city's website from city.yml, and the SMS is budgeted with that full address,
as the validator counts it), HTML in answers (made text), answers of many paragraphs (the
phone and the SMS stop at a sentence end), the same question twice (the first is kept and
the line of the other is told), Shift_JIS from Excel with ①②. A list with no entries is
refused and the previous import stays. `make import-faq FILE=...` runs the same import.
"""

from __future__ import annotations

import csv
import html
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Dict, FrozenSet, Iterator, List, Optional, Tuple

from madoguchi.corpus.edit import CorpusEditRejected, write_checked
from madoguchi.corpus.emit import TopicText, category_file
from madoguchi.corpus.excel import DAMAGED_WORKBOOK, NOT_A_WORKBOOK, SheetProblems, where
from madoguchi.corpus.validate import SMS_MAX_CHARS, VOICE_MAX_CHARS, Problem, load_corpus, ucs2_length
from madoguchi.departments import department_name, department_of_cell
from madoguchi.japanese import data_lines, default_analyzer
from madoguchi.paths import CORPUS_DIR
from madoguchi.profile import CityProfile, load_profile
from madoguchi.ranking import IMPORTED_PREFIX
from madoguchi.readable import unreadable_characters
from madoguchi.spec import Spec, load_spec
from madoguchi.speech import speakable

COLUMNS = ("id", "category", "question", "answer", "url", "department")
REQUIRED_COLUMNS = ("id", "category", "question", "answer")  # many lists have no page URLs
CATEGORY_TABLE = "import_categories.tsv"
# the headings cities' exports use for the columns (not the city's data: beside this module)
COLUMN_TABLE = Path(__file__).with_name("import_columns.tsv")
_HEADING_MARKS = re.compile(r"[\s.・:：()（）「」]")
# 「Q.」「Ｑ１：」「問）」 before a question, 「A.」「回答：」 before an answer, as FAQ pages print
# them: a resident never types it, so it is no part of the wording learnt or shown as a title
_QUESTION_MARK = re.compile(r"^\s*(?:[QＱ][0-9０-９]*|問[0-9０-９]*|質問)\s*[.．:：)）]\s*")
_ANSWER_MARK = re.compile(r"^\s*(?:[AＡ][0-9０-９]*|答[0-9０-９]*|回答)\s*[.．:：)）]\s*")
IMPORTED_SUFFIX = ".imported.yml"
DEPARTMENTS_NAMED = 5  # departments without a number named in the import's message, the rest counted
LINK_LINE = "\n詳しくは {url} をご覧ください。"
# the department the list names (madoguchi.departments), with its number as city.yml gives it
CONTACT_LINE = "\nお問い合わせ：{name}（電話 {{tel_{key}}}）"
# ... or, when city.yml has no number for it, the main number, said to be the main one
CONTACT_LINE_MAIN = "\nお問い合わせ：{name}（市役所代表 電話 {{tel_main}}）"
_SENTENCE_END = re.compile(r"(?<=[。！？])")
_PHONE = re.compile(r"[（(]?\s*(?:電話|TEL|Tel|tel)?\s*[:：]?\s*\d{2,4}-\d{2,4}-\d{3,4}\s*[）)]?")
# an aside that holds a phone number (「（聞き逃した内容は、電話：0980-00-1199で確認できます）」):
# without its number it would say 「聞き逃した内容は、で確認できます」, so it goes whole
_PHONE_ASIDE = re.compile(r"[（(][^（）()]*?\d{2,4}-\d{2,4}-\d{3,4}[^（）()]*[）)]")
# 「#7119」「＃9110」: short numbers a caller dials, said with their sign (# alone is no word)
_SHORT_NUMBER = re.compile(r"[#＃](\d{3,4})\b")
MIN_SPOKEN_SENTENCE = 6  # shorter is a stub left where a number was taken out
_DIGITS_RUN = re.compile(r"\d{2,4}-\d{2,4}-\d{3,4}")
# an address the phone cannot read out (the SMS carries the page): e-mail, domains
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|https?://|www\.|\.(?:jp|com|example)\b")
_VOICE_UNSAYABLE = re.compile(r"[()（）「」『』【】\[\]<>＜＞{}｛｝〜～/／:：|｜*＊#＃・]")


@dataclass(frozen=True)
class CategoryRule:
    keyword: str
    category: str
    department: str


@dataclass(frozen=True)
class Entry:
    id: str
    category: str
    question: str
    answer: str
    url: str
    source: str  # where it is in the file, for messages
    department: str = ""  # the list's 担当課 / お問い合わせ先 cell, if it has that column


def load_category_rules(path: Path) -> List[CategoryRule]:
    """keyword, corpus category, department per line; the first keyword found in a name wins."""
    return [CategoryRule(*fields[:3]) for _, fields in data_lines(path)]


def _rows_from_csv(content: bytes) -> Iterator[Tuple[str, List[str]]]:
    for encoding in ("utf-8-sig", "cp932"):  # Excel in Japan saves CSV as Shift_JIS (cp932)
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetProblems([Problem("ファイル", "文字コードが UTF-8 でも Shift_JIS でもありません")])
    reader = csv.reader(io.StringIO(text))
    while True:
        first_line = reader.line_num + 1  # a quoted answer spans lines: name the line the row starts on
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # a NUL byte, a field over csv's limit (131,072 characters)
            line = reader.line_num
            raise SheetProblems([Problem(f"{line}行目", f"CSVとして読めません（{_csv_reason(error)}）")]) from error
        yield f"{first_line}行目", row


def _csv_reason(error: csv.Error) -> str:
    if "NUL" in str(error):
        return "NUL文字が含まれています"
    if "field larger than field limit" in str(error):
        return f"1つの欄が長すぎます（{csv.field_size_limit():,}文字まで）"
    return str(error)


def _rows_from_xlsx(content: bytes) -> Iterator[Tuple[str, List[str]]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception as error:  # openpyxl raises several kinds for a file that is not .xlsx
        raise SheetProblems([Problem("ファイル", NOT_A_WORKBOOK)]) from error
    rows = sheet.iter_rows(values_only=True)
    n = 0
    while True:
        n += 1
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as error:  # the sheet's XML is damaged (a cut-off file): openpyxl reads it lazily
            problem = Problem(where(sheet.title, n), DAMAGED_WORKBOOK)
            raise SheetProblems([problem]) from error
        yield where(sheet.title, n), ["" if value is None else str(value) for value in row]


def heading_key(heading: str) -> str:
    """A column heading as the column table compares it (「ＦＡＱ番号」 and 「faq番号」 are one)."""
    return _HEADING_MARKS.sub("", unicodedata.normalize("NFKC", heading)).lower()


def load_column_headings(path: Path = COLUMN_TABLE) -> Dict[str, str]:
    """heading key -> import column, from the plain-data table."""
    return {heading_key(h): fields[0] for _, fields in data_lines(path) for h in fields[1:] if h}


def column_index(header: List[str]) -> Dict[str, List[int]]:
    """The file's column numbers per import column; several only for category (大分類, 小分類)."""
    headings = load_column_headings()
    index: Dict[str, List[int]] = {}
    for number, heading in enumerate(header):
        column = headings.get(heading_key(heading))
        if column and (column == "category" or column not in index):
            index.setdefault(column, []).append(number)
    return index


def _value(row: List[str], numbers: List[int]) -> str:
    return " ".join(row[n].strip() for n in numbers if n < len(row) and row[n].strip())


def read_entries(content: bytes, filename: str) -> List[Entry]:
    rows = _rows_from_xlsx(content) if filename.lower().endswith(".xlsx") else _rows_from_csv(content)
    problems: List[Problem] = []
    header_where, header = next(rows, ("1行目", []))
    columns = column_index(header)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        accepted = "日本語の見出し（番号・分類・質問・回答・URL など）も読めます"
        needed = f"必要な列: {', '.join(REQUIRED_COLUMNS)}、任意: url, department（担当課）。{accepted}"
        raise SheetProblems([Problem(header_where, f"列がありません: {', '.join(missing)}（{needed}）")])
    entries: List[Entry] = []
    seen: Dict[str, str] = {}
    for source, row in rows:
        row = _with_commas_in_answer(row, columns, len(header))
        values = {c: _value(row, columns.get(c, [])) for c in COLUMNS}
        if not any(values.values()):
            continue
        bad = sorted({ch for value in values.values() for ch in unreadable_characters(value)})
        if bad:
            problems.append(Problem(source, f"使えない制御文字 {', '.join(bad)} があります（文字コードの誤りかもしれません）"))
            continue
        empty = [c for c in ("id", "question", "answer") if not values[c]]
        if empty:
            problems.append(Problem(source, f"{', '.join(empty)} が空です"))
        elif values["url"] and not values["url"].startswith(("/", "https://", "http://")):
            url = values["url"][:40]
            problems.append(Problem(source, f"url「{url}」が URL ではありません（https の URL か「/」で始まるパス）"))
        elif values["id"] in seen:
            problems.append(Problem(source, f"id「{values['id']}」が重複しています（{seen[values['id']]}）"))
        else:
            seen[values["id"]] = source
            question = _QUESTION_MARK.sub("", values["question"]) or values["question"]
            answer = html_to_text(values["answer"])
            answer = _ANSWER_MARK.sub("", answer) or answer
            entries.append(Entry(source=source, **dict(values, question=question, answer=answer)))
    if problems:
        raise SheetProblems(problems)
    if not entries:  # an import replaces every imported entry: an empty list would delete them all
        nothing = Problem(header_where, "取り込むFAQがありません（見出しの行だけです）。今の取り込み分はそのままです")
        raise SheetProblems([nothing])
    return entries


def _looks_like_url(cell: str) -> bool:
    return cell.strip().startswith(("/", "https://", "http://", "www."))


def _with_commas_in_answer(row: List[str], index: Dict[str, List[int]], columns: int) -> List[str]:
    """A row as CMS exports write an answer's 「1,000円」 unquoted: more cells than the header,
    or, when the url column follows the answer, a last cell that is no URL. The extra cells
    are the answer's, joined back with their commas."""
    answer, url = index["answer"][0], index.get("url", [None])[0]
    extra = len(row) - columns
    while extra > 0 and not row[-1].strip():  # empty cells after the last column
        row, extra = row[:-1], extra - 1
    if url == columns - 1 == answer + 1 and extra >= 0 and row[-1].strip() and not _looks_like_url(row[-1]):
        row, extra = row + [""], extra + 1
    if extra <= 0:
        return row
    return row[:answer] + [",".join(row[answer : answer + extra + 1])] + row[answer + extra + 1 :]


class _TextOfHtml(HTMLParser):
    """Text of an answer written in HTML: blocks and <br> become line breaks, list items
    start with ・, a table row's cells are kept apart (see `_cells_line`), scripts and styles
    are left out, links keep their text."""

    _BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "dd", "dt"}
    _HIDDEN = {"script", "style"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: List[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n" + ("・" if tag == "li" else ""))
        elif tag in ("td", "th"):
            self.parts.append(_CELL)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


_CELL = "\x1f"  # where a table cell starts; no answer holds it (control characters are refused)


def _cells_line(line: str) -> str:
    """A table row as a sentence can hold it: 「燃やすごみ：週2回」, further cells after 、
    (run together, 「燃やすごみ週2回」 reads as one word and the SMS as nonsense)."""
    cells = [" ".join(cell.split()) for cell in line.split(_CELL)]
    cells = [cell for cell in cells if cell]
    return "：".join(cells[:2]) + "".join("、" + cell for cell in cells[2:])


def html_to_text(answer: str) -> str:
    """Plain text of an answer that may be HTML (the CMS export keeps the page's markup)."""
    if not _HTML_TAG.search(answer):
        return html.unescape(answer)
    parser = _TextOfHtml()
    parser.feed(answer)
    parser.close()
    lines = (_cells_line(line) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def topic_name(entry_id: str) -> str:
    return IMPORTED_PREFIX + re.sub(r"[^a-z0-9]+", "_", entry_id.lower()).strip("_")


def sentences(text: str) -> List[str]:
    """Sentences, a line without 。 (a list item) counting as one."""
    return [s.strip() for line in text.splitlines() for s in _SENTENCE_END.split(" ".join(line.split())) if s.strip()]


def voice_text(answer: str) -> str:
    """At most two spoken sentences within the voice limit; else a pointer to the SMS.

    Written phone numbers are left out: a caller can be put through to the department,
    and the SMS carries the page with the number."""
    answer = _SHORT_NUMBER.sub(r"シャープ\1", _PHONE.sub("", _PHONE_ASIDE.sub("", answer)))
    spoken = [
        _VOICE_UNSAYABLE.sub("、", s)
        for s in sentences(speakable(answer))
        if not _DIGITS_RUN.search(s) and not _ADDRESS.search(s) and len(s) > MIN_SPOKEN_SENTENCE
    ]
    kept: List[str] = []
    for sentence in spoken[:2]:
        if len("".join(kept + [sentence])) > VOICE_MAX_CHARS:
            break
        kept.append(sentence)
    return "".join(kept) or "詳しい内容は、ショートメッセージでお送りします。"


def sms_text(answer: str, full_url: str) -> str:
    """As many of the answer's first sentences as fit two SMS together with the link (the
    full address, as the validator counts it); a first sentence too long for them is cut at
    a comma, and only without one mid-sentence, marked with …"""
    budget = SMS_MAX_CHARS - ucs2_length(full_url) - 1  # the link follows on its own line
    kept = ""
    for sentence in sentences(re.sub(r"https?://\S+", "", answer)) or [answer.strip()]:
        if ucs2_length(kept + sentence) > budget:
            break
        kept += sentence
    if kept:
        return kept
    first = (sentences(answer) or [answer.strip()])[0]
    head = first[: budget - 1]
    comma = head.rfind("、")
    return (head[: comma + 1] if comma >= budget // 3 else head) + "…"


def _second_wording(question: str, answer: str) -> Optional[str]:
    first = (sentences(answer) or [""])[0]
    first = re.sub(r"https?://\S+", "", first).strip()
    return first if 4 <= len(first) <= 80 and first != question else None


def contact_line(department: str, spec: Spec, profile: CityProfile) -> str:
    """The answer's last line naming the list's department and its number (city.yml's, else
    the main number); none for the main number alone."""
    name = department_name(department, spec)
    if name is None:
        return ""
    if department in profile.departments:
        return CONTACT_LINE.format(name=name, key=department)
    return CONTACT_LINE_MAIN.format(name=name)


def to_topic(entry: Entry, rules: List[CategoryRule], today: date, profile: CityProfile, spec: Spec) -> TopicText:
    rule = next((r for r in rules if r.keyword in entry.category), rules[-1])
    # the list's own department, when it names one, over the category's
    department = department_of_cell(entry.department, spec) or rule.department
    extra = _second_wording(entry.question, entry.answer)
    # an http:// page is served over https by every city site today; the SMS link must be https
    url = re.sub(r"^http://", "https://", entry.url) or "/"
    fields = {
        "id": f"{rule.category}/{topic_name(entry.id)}",
        "title": entry.question[:60],
        "department": department,
        "url": url,
        "reviewed": today.isoformat(),
        # braces would read as placeholders of the city profile
        "answer": entry.answer.replace("{", "｛").replace("}", "｝")
        + (LINK_LINE if entry.url else "")
        + (contact_line(department, spec, profile) if entry.department else ""),
        "voice": voice_text(entry.answer),
        "sms": sms_text(entry.answer, profile.full_url(url)),
    }
    examples = [entry.question] + ([extra] if extra else [])
    return TopicText(fields=fields, examples=examples, source=entry.source, flags=("local", "imported"))


def _drop_known_wordings(topics: List[TopicText], corpus_dir: Path) -> Tuple[List[TopicText], List[Problem]]:
    """One wording must lead to one answer. An entry asking an earlier entry's question again
    is left out, and its line told. A wording the curated corpus already has is dropped from
    the entry, which keeps its other wording (its question stays its title, so it is still
    found by it); an entry left with none is left out and told. Returns (kept, notes)."""
    normalize = default_analyzer().normalize
    corpus, _ = load_corpus(corpus_dir)
    curated = {normalize(q): t.id for t in corpus.topics if not t.imported for q in t.examples}
    first_asked: Dict[str, str] = {}  # question key -> line of the entry that asked it first
    kept: List[TopicText] = []
    notes: List[Problem] = []
    for topic in topics:
        keys = [normalize(q) for q in topic.examples]
        source = topic.source or topic.fields["id"]
        if keys[0] in first_asked:
            notes.append(Problem(source, f"質問が{first_asked[keys[0]]}と同じため取り込みませんでした"))
            continue
        first_asked[keys[0]] = source
        fresh = [q for q, key in zip(topic.examples, keys) if key not in curated and (key == keys[0] or key not in first_asked)]
        if not fresh:
            notes.append(Problem(source, f"同じ質問がトピック「{curated[keys[0]]}」にあるため取り込みませんでした"))
            continue
        for key in keys[1:]:
            first_asked.setdefault(key, source)
        topic.examples = fresh
        kept.append(topic)
    return kept, notes


@dataclass(frozen=True)
class ImportResult:
    imported: int
    skipped: int  # entries left out (told in notes)
    held_out: Tuple[Tuple[str, str], ...] = ()  # (question, topic id) left out of training
    notes: Tuple[Problem, ...] = ()  # entries left out, by line
    # the list's departments (its 担当課 column), each with whether city.yml has its number
    departments: Tuple[Tuple[str, bool], ...] = ()

    def message(self, filename: str) -> str:
        """What staff are told, in the console and by `make import-faq`."""
        skipped = f"（{self.skipped} 件は同じ質問がすでにあるため省きました）" if self.skipped else ""
        done = f"{filename} から {self.imported} 件のFAQを取り込みました{skipped}。再学習すると回答に使われます。"
        return done + self.departments_told()

    def departments_told(self) -> str:
        """The departments read from the list; those without a number in city.yml by name
        (the first few), since their residents are given the main number."""
        if not self.departments:
            return ""
        unknown = [name for name, known in self.departments if not known]
        told = f"担当課の列から {len(self.departments)} 課を読みました。"
        if not unknown:
            return told
        more = len(unknown) - DEPARTMENTS_NAMED
        names = "、".join(unknown[:DEPARTMENTS_NAMED]) + (f" ほか {more} 課" if more > 0 else "")
        return told + f"電話番号が city.yml にない {len(unknown)} 課（{names}）は、市役所の代表番号を案内します。"


def _hold_out(topics: List[TopicText], ids: FrozenSet[str]) -> Tuple[Tuple[str, str], ...]:
    """For measuring: the listed entries keep only their second wording, also as their title
    (the title is trained on too), so their own question can be asked as one the assistant
    has never seen."""
    held = []
    for topic in topics:
        if topic.fields["id"].split("/", 1)[1] in ids and len(topic.examples) > 1:
            held.append((topic.examples[0], topic.fields["id"]))
            topic.examples = topic.examples[1:]
            topic.fields["title"] = topic.examples[0][:60]
    return tuple(held)


def import_faq_list(
    content: bytes,
    filename: str,
    corpus_dir: Path = CORPUS_DIR,
    today: Optional[date] = None,
    hold_out: FrozenSet[str] = frozenset(),
) -> ImportResult:
    """Replace the corpus's imported topics with this list (`hold_out`: entry ids to measure with)."""
    entries = read_entries(content, filename)
    rules = load_category_rules(corpus_dir / CATEGORY_TABLE)
    profile = load_profile(corpus_dir / "city.yml")
    spec = load_spec()
    made = [to_topic(e, rules, today or date.today(), profile, spec) for e in entries]
    topics, notes = _drop_known_wordings(made, corpus_dir)
    held = _hold_out(topics, frozenset(topic_name(i) for i in hold_out))
    by_category: Dict[str, List[TopicText]] = {}
    for topic in topics:
        by_category.setdefault(topic.fields["id"].split("/")[0], []).append(topic)
    header = f"Imported from {Path(filename).name} by madoguchi.corpus.faq_import; a new import replaces this file."
    files = {f"{c}{IMPORTED_SUFFIX}": category_file(c, topics, header=header) for c, topics in by_category.items()}
    stale = [f"faq/{p.name}" for p in (corpus_dir / "faq").glob(f"*{IMPORTED_SUFFIX}")]
    try:
        write_checked(
            corpus_dir, {f"faq/{name}": text for name, (text, _) in files.items()}, remove=stale,
            sources={f"faq/{name}": lines for name, (_, lines) in files.items()},
        )  # fmt: skip
    except CorpusEditRejected as rejected:
        raise SheetProblems(rejected.problems) from rejected
    departments = _departments_read(entries, spec, profile)
    return ImportResult(imported=len(topics), skipped=len(notes), held_out=held, notes=tuple(notes), departments=departments)


def _departments_read(entries: List[Entry], spec: Spec, profile: CityProfile) -> Tuple[Tuple[str, bool], ...]:
    """The departments the list's column names, in the list's order, each with whether
    city.yml has its number."""
    read = dict.fromkeys(department_of_cell(e.department, spec) for e in entries if e.department)
    return tuple((department_name(d, spec) or d, d in profile.departments) for d in read if d)
