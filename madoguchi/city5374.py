"""A city's Code for Japan 5374 folder, read as cities publish it.

Files: target.csv (items), area_days.csv (collection days per district), and where present
description.csv (the city's category labels and order), center.csv (centre closures),
remarks.csv (notes that cells cite as *1) and an en-US/ folder with the same files.

Real files are messy, and are accepted as published: UTF-8 with or without BOM or
cp932/Shift_JIS, `&#44;` for commas, trailing commas, stray tabs and full-width spaces
around cells, blank lines and repeated rows. What cannot be read is a problem reported as
`file:line: message`; the caller writes nothing when there is one (madoguchi/import5374.py).
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from madoguchi.calendar5374 import Closure, CollectionCalendar, Schedule, parse_cell

TARGET_HEADERS = (["label", "name", "notice", "furigana"], ["type", "name", "notice", "furigana"])
# Some cities head the same four columns in Japanese (分別区分,品目名,注意点,ふりがな頭文字).
_LABEL_HEADERS = {"label", "type", "分別区分", "区分", "分類", "種類", "種別"}
_NAME_HEADERS = {"name", "品目", "品目名", "品名"}
ENCODINGS = ("utf-8-sig", "cp932")
ENGLISH_DIR = "en-US"
_DATE = re.compile(r"^(\d{4})\s*[/\-.年]\s*(\d{1,2})\s*[/\-.月]\s*(\d{1,2})日?$|^(\d{4})(\d{2})(\d{2})$")
_SPACES = " \t\u3000\r\n"


@dataclass(frozen=True)
class TargetRow:
    label: str  # the city's category, as written (「燃やさないごみ」「資源物（紙類）」)
    name: str  # the item, as written (「いす（金属製）」)
    notice: str
    furigana: str
    line: int


@dataclass(frozen=True)
class Description:
    label: str
    description: str


@dataclass
class City5374:
    """Everything read from one folder; `problems` empty means it can be used."""

    folder: Path
    items: List[TargetRow] = field(default_factory=list)
    calendar: CollectionCalendar = field(default_factory=lambda: CollectionCalendar(kinds=[], year_end_break=False))
    descriptions: List[Description] = field(default_factory=list)
    remarks: Dict[str, str] = field(default_factory=dict)
    district_lines: Dict[str, int] = field(default_factory=dict)
    cells: Dict[str, List[str]] = field(default_factory=dict)  # district -> its cells, normalized
    center_rows: List[Tuple[str, datetime.date, datetime.date]] = field(default_factory=list)
    problems: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    english: Optional["City5374"] = None
    repeated_rows: int = 0

    def where(self, name: str) -> str:
        return str(self.folder / name)


def clean(cell: str) -> str:
    """A cell as meant: entities decoded, surrounding spaces, tabs and full-width spaces gone."""
    return html.unescape(cell).strip(_SPACES)


def decode(data: bytes) -> Optional[str]:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read_rows(path: Path, problems: List[str]) -> List[Tuple[int, List[str]]]:
    """(line number, cleaned cells) of every non-blank row, header included."""
    text = decode(path.read_bytes())
    if text is None:
        problems.append(f"{path}:1: neither UTF-8 nor Shift_JIS (cp932); save the file in one of them")
        return []
    rows: List[Tuple[int, List[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        for cells in reader:
            cleaned = [clean(c) for c in cells]
            while cleaned and not cleaned[-1]:
                cleaned.pop()  # trailing commas
            if cleaned:
                rows.append((line, cleaned))
            line = reader.line_num + 1
    except csv.Error as error:
        problems.append(f"{path}:{line}: {error}")
    return rows


def parse_date(text: str) -> Optional[datetime.date]:
    match = _DATE.match(unicodedata.normalize("NFKC", text).strip())
    if not match:
        return None
    parts = [int(p) for p in match.groups() if p is not None]
    try:
        return datetime.date(*parts)
    except ValueError:
        return None


def _read_target(city: City5374, path: Path) -> None:
    known = len(city.problems)
    rows = read_rows(path, city.problems)
    if not rows:
        if len(city.problems) == known:
            city.problems.append(f"{path}:1: the file is empty")
        return
    header = [h.lower() for h in rows[0][1]]
    if len(header) < 2 or header[0] not in _LABEL_HEADERS or header[1] not in _NAME_HEADERS:
        city.problems.append(f"{path}:{rows[0][0]}: header must be label,name,notice,furigana (or type,name,notice,furigana)")
        return
    seen = set()
    for line, cells in rows[1:]:
        if len(cells) > 4:
            city.problems.append(f"{path}:{line}: expected 4 columns (label,name,notice,furigana), got {len(cells)}")
            continue
        label, name, notice, furigana = (cells + ["", "", "", ""])[:4]
        if not label or not name:
            city.problems.append(f"{path}:{line}: the category (label) and the item (name) must not be empty")
            continue
        key = (label, name, notice)
        if key in seen:
            city.repeated_rows += 1
            continue
        seen.add(key)
        city.items.append(TargetRow(label, name, notice, furigana, line))
    if not city.items and not any(p.startswith(str(path)) for p in city.problems):
        city.problems.append(f"{path}:2: no items")


def _read_remarks(city: City5374, path: Path) -> None:
    for line, cells in read_rows(path, city.problems)[1:]:
        if len(cells) < 2 or not cells[0]:
            city.problems.append(f"{path}:{line}: expected ID,注意事項")
            continue
        city.remarks[unicodedata.normalize("NFKC", cells[0])] = cells[1]


def _read_centers(city: City5374, path: Path) -> None:
    closures: Dict[str, List[Closure]] = {}
    for line, cells in read_rows(path, city.problems)[1:]:
        if len(cells) == 1 and cells[0]:
            continue  # a centre without closure dates
        if len(cells) < 3 or not cells[0]:
            city.problems.append(f"{path}:{line}: expected 名称,休止開始日,休止終了日")
            continue
        start, end = parse_date(cells[1]), parse_date(cells[2])
        if start is None or end is None:
            bad = cells[1] if start is None else cells[2]
            city.problems.append(f"{path}:{line}: '{bad}' is not a date (write 2026/12/29)")
            continue
        if end < start:
            city.problems.append(f"{path}:{line}: the closure ends ({cells[2]}) before it starts ({cells[1]})")
            continue
        closures.setdefault(cells[0], []).append(Closure(start, end))
        city.center_rows.append((cells[0], start, end))
    city.calendar.closures = {name: tuple(found) for name, found in closures.items()}


def _read_descriptions(city: City5374, path: Path) -> None:
    for _, cells in read_rows(path, city.problems)[1:]:
        if cells and cells[0]:
            city.descriptions.append(Description(cells[0], cells[2] if len(cells) > 2 else ""))


def _read_area_days(city: City5374, path: Path) -> None:
    rows = read_rows(path, city.problems)
    if not rows or len(rows[0][1]) < 3:
        city.problems.append(f"{path}:1: header must be 地名, センター, then one column per waste kind")
        return
    header_line, header = rows[0]
    kinds = header[2:]
    if any(not kind for kind in kinds) or len(set(kinds)) != len(kinds):
        city.problems.append(f"{path}:{header_line}: every waste kind column needs its own name")
        return
    calendar = city.calendar
    calendar.kinds = kinds
    for line, cells in rows[1:]:
        if len(cells) > len(header):
            city.problems.append(f"{path}:{line}: expected {len(header)} columns, got {len(cells)}")
            continue
        cells = cells + [""] * (len(header) - len(cells))
        district, center = cells[0], cells[1]
        if not district:
            city.problems.append(f"{path}:{line}: the district (地名) must not be empty")
            continue
        schedules = _row_schedules(city, path, line, kinds, cells[2:])
        if schedules is None:
            continue
        if district in calendar.districts:
            if calendar.districts[district] == schedules and calendar.centers[district] == center:
                city.repeated_rows += 1
            else:
                first = city.district_lines[district]
                city.problems.append(f"{path}:{line}: district '{district}' is on line {first} already, with other days")
            continue
        calendar.districts[district] = schedules
        calendar.centers[district] = center
        city.district_lines[district] = line
        city.cells[district] = [unicodedata.normalize("NFKC", c).strip() for c in cells[2:]]
    if not calendar.districts and not city.problems:
        city.problems.append(f"{path}:2: no districts")


def _row_schedules(city: City5374, path: Path, line: int, kinds: List[str], cells: List[str]) -> Optional[Dict[str, Schedule]]:
    schedules = {}
    for kind, cell in zip(kinds, cells):
        try:
            schedules[kind] = parse_cell(cell, city.remarks)
        except ValueError as error:
            city.problems.append(f"{path}:{line}: {kind}: {error}")
            return None
    return schedules


def read_city(folder: Path, english: bool = True) -> City5374:
    """Read a 5374 folder (the folder itself or its data/ subfolder)."""
    if not (folder / "target.csv").exists() and (folder / "data" / "target.csv").exists():
        folder = folder / "data"
    city = City5374(folder=folder)
    for required in ("target.csv", "area_days.csv"):
        if not (folder / required).is_file():
            city.problems.append(f"{folder / required}:1: missing (a 5374 folder has target.csv and area_days.csv)")
    if city.problems:
        return city
    optional = [("remarks.csv", _read_remarks), ("center.csv", _read_centers), ("description.csv", _read_descriptions)]
    for name, reader in optional:  # remarks first: area_days cells cite them
        if (folder / name).is_file():
            reader(city, folder / name)
    _read_target(city, folder / "target.csv")
    _read_area_days(city, folder / "area_days.csv")
    if english and (folder / ENGLISH_DIR).is_dir():
        _read_english(city, folder / ENGLISH_DIR)
    return city


def _read_english(city: City5374, folder: Path) -> None:
    """The English edition is kept when it reads cleanly; its problems are warnings only."""
    translated = read_city(folder, english=False)
    if translated.problems:
        city.warnings.extend(f"{p} (the en-US folder is left out)" for p in translated.problems)
        return
    city.english = translated
