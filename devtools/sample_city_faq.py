"""A sample FAQ list exported from a city's website, for みどり野市: a reproducible stand-in.

Cities that adopt the assistant usually already have an FAQ page: 1,000 to 2,000 entries,
each with one question, exported from the website's CMS as a CSV file with the columns
``id, category, question, answer, url``. The import tests and the import benchmark need such a
list, realistic in size and wording, without depending on any real city's data; this module
writes one from the data in devtools/data/sample_city_faq/ (its README explains the files).

The entries are compositional: each category has subjects (市県民税, 転入届, 粗大ごみ ...), each
subject answers only the aspects that make sense for it (the fee, the deadline, what to bring
...), and each aspect has several ways of asking, chosen deterministically. The city's name,
website, office hours and the numbers of its own departments come from the city profile
(faq_corpus/city.yml, spec/topics.yml). The output depends on nothing but the requested count.

Usage:
    python -m devtools.sample_city_faq --count 2000 --out /tmp/city_faq.csv

    from devtools.sample_city_faq import generate, write_csv
    write_csv(generate(1500), "city_faq.csv")
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import string
import sys
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import yaml

from madoguchi.profile import default_profile
from madoguchi.spec import default_spec

DATA_DIR = Path(__file__).resolve().parent / "data" / "sample_city_faq"
FIELDS = ["id", "category", "question", "answer", "url"]
DEFAULT_COUNT = 2000
_SELECTION_SEED = 20261101  # which entries a count below the maximum keeps
_QUESTION_FIELDS = ("n", "act", "actc", "vp")  # a way of asking may use only these
_PHRASE = re.compile(r"\[\[(\w+)\]\]")
# phrasing.yml's names for (offered by mail, offered online)
_ALTERNATIVES = {
    (True, True): "mail_and_online",
    (True, False): "mail_only",
    (False, True): "online_only",
    (False, False): "neither",
}


@dataclass(frozen=True)
class Department:
    name: str
    tel: str
    place: str  # where its counter is, as answers write it

    @property
    def location(self) -> str:
        """The building and floor: 市役所1階 市民課 -> 市役所1階."""
        return self.place.rsplit(" ", 1)[0] if " " in self.place else self.place.split("（")[0]


@dataclass
class Subject:
    """One subject of the FAQ: its answer for each aspect it supports (None: a default switched off)."""

    category: str
    key: str
    name: str
    dept: str
    act: str = ""
    vp: str = ""
    answers: Dict[str, Optional[str]] = field(default_factory=dict)
    questions: Dict[str, Tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Entry:
    category: str  # URL slug
    subject: str
    aspect: str
    question: str
    answer: str
    rewording: str = ""  # the same question asked another way, for measuring (not exported)


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


@lru_cache(maxsize=1)
def phrasing() -> Dict[str, Any]:
    return _read(DATA_DIR / "phrasing.yml")


@lru_cache(maxsize=1)
def departments() -> Dict[str, Department]:
    """departments.yml, completed by the city profile: the name from the spec, the number from city.yml."""
    profile, spec = default_profile(), default_spec()
    result = {}
    for key, raw in _read(DATA_DIR / "departments.yml").items():
        known = spec.departments.get(key)
        name = raw.get("name") or (known.name if known else "")
        tel = raw.get("tel") or (profile.main if key == "main" else profile.departments[key]).display
        result[key] = Department(name, tel, raw["place"])
    return result


def _expand(text: Optional[str], where: str) -> Optional[str]:
    """`[[name]]` replaced by the shared sentence of that name (phrasing.yml `phrases`)."""

    def phrase(match: re.Match) -> str:
        try:
            return str(phrasing()["phrases"][match.group(1)])
        except KeyError:
            raise ValueError(f"{where}: no phrase {match.group(0)} in phrasing.yml") from None

    return None if text is None else _PHRASE.sub(phrase, text)


def _subject(category: str, raw: Dict[str, Any]) -> Subject:
    if "item" in raw:  # a waste item: what it is, its own note, how that kind is put out
        waste = phrasing()["waste"][raw["waste"]]
        return Subject(category, "item_" + raw["item"], raw["name"], "gomi",
                       answers={"dispose": "{n}は" + waste["what"] + raw["how"] + waste["put_out"]})  # fmt: skip
    kind = phrasing()["kinds"][raw["kind"]] if "kind" in raw else {}
    answers = {**kind.get("answers", {}), **raw.get("answers", {})}
    questions = {**kind.get("questions", {}), **raw.get("questions", {})}
    return Subject(
        category, raw["key"], raw["name"], raw.get("dept") or kind["dept"],
        act=raw.get("act") or kind.get("act", "").replace("{name}", raw["name"]),
        vp=raw.get("vp") or kind.get("vp", "").replace("{name}", raw["name"]),
        answers={aspect: _expand(text, f"subjects/{category}.yml {raw['key']}") for aspect, text in answers.items()},
        questions={aspect: tuple(forms) for aspect, forms in questions.items()},
    )  # fmt: skip


def subjects() -> List[Subject]:
    """Every subject, category by category in the order of the website's FAQ index."""
    return [
        _subject(category, raw)
        for category in phrasing()["categories"]
        for raw in _read(DATA_DIR / "subjects" / f"{category}.yml") or []
    ]


def _fields(template: str) -> set:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _forms(aspect: str, available: set) -> Tuple[str, ...]:
    """The ways of asking about the aspect that the subject's fields allow; forms marked * only when no other fits."""
    usable = [form for form in phrasing()["aspects"][aspect] if _fields(form.lstrip("*")) <= available]
    preferred = tuple(form for form in usable if not form.startswith("*"))
    return preferred or tuple(form[1:] for form in usable)


def _pick(options: Sequence[str], *key: str) -> str:
    """One of the options, always the same one for the same key."""
    return options[zlib.crc32("/".join(key).encode("utf-8")) % len(options)]


def _compound(act: str) -> str:
    """The procedure ready to take 方法, 期限 or 窓口: 転入届の提出 -> 転入届の提出, 加入手続き -> 加入手続きの."""
    return act if "の" in act and act.endswith(tuple(phrasing()["compounding"])) else act + "の"


def _punctuate(question: str) -> str:
    return question + ("？" if question.endswith("か") else "。") if question[-1] not in "。？" else question


def _alternatives(answers: Dict[str, Optional[str]]) -> str:
    """Whether the procedure can also be done by post and online, as phrasing.yml names it."""

    def offered(aspect: str) -> bool:
        text = answers.get(aspect) or ""
        return bool(text) and "できません" not in text

    return _ALTERNATIVES[offered("mail"), offered("online")]


def _with_defaults(subject: Subject) -> Dict[str, Optional[str]]:
    """The subject's answers plus what a counter procedure and a small subject say by default."""
    words = phrasing()
    answers = dict(subject.answers)
    unknown = sorted(set(answers) - set(words["aspects"]))
    if unknown:
        raise ValueError(f"{subject.key}: unknown aspects {unknown}")
    if subject.act:
        answers.setdefault("where", words["where"])
        answers.setdefault("weekend", words["weekend"] + words["weekend_alternatives"][_alternatives(answers)])
        if answers["where"]:  # a procedure done at a counter is not taken over the phone
            answers.setdefault("phone", words["phone"] + words["phone_alternatives"][_alternatives(answers)])
    small = len([a for a in answers.values() if a]) <= words["contact_max_answers"]
    if small and not subject.key.startswith("item_") and subject.dept not in words["no_contact_departments"]:
        answers.setdefault("contact", _pick(words["contacts"], subject.key, "contact"))
    return answers


def _subject_entries(subject: Subject) -> List[Entry]:
    words, dept, profile = phrasing(), departments()[subject.dept], default_profile()
    answers = _with_defaults(subject)
    values = {
        "n": subject.name, "act": subject.act, "actc": _compound(subject.act) if subject.act else "", "vp": subject.vp,
        "city": profile.name, "dept": dept.name, "tel": dept.tel, "place": dept.place, "location": dept.location,
        "hours": profile.hours_text,
    }  # fmt: skip
    available = {name for name in _QUESTION_FIELDS if values[name]}
    entries = []
    for aspect in words["aspects"]:
        body = answers.get(aspect)
        if not body:
            continue
        forms = subject.questions.get(aspect) or _forms(aspect, available)
        if not forms:
            raise ValueError(f"{subject.key}: no way to ask about {aspect}")
        chosen = _pick(forms, subject.key, aspect)
        question = _punctuate(chosen.format(**values))
        others = [form for form in forms if form != chosen]
        rewording = _punctuate(_pick(others, subject.key, aspect, "again").format(**values)) if others else ""
        answer = body.format(**values)
        sentences = answer.count("。")
        if dept.tel not in answer and (sentences < 2 or zlib.crc32(f"{subject.key}/{aspect}/bare".encode()) % 7):
            closing = words["closing_named"] if dept.name in answer else _pick(words["closings"], subject.key, aspect, "closing")
            answer += closing.format(**values)
        entries.append(Entry(subject.category, subject.key, aspect, question, answer, rewording))
    return entries


@lru_cache(maxsize=1)
def all_entries() -> Tuple[Entry, ...]:
    """Every entry the generator can produce, in the order of the website's FAQ index."""
    all_subjects = subjects()
    keys = [(s.category, s.key) for s in all_subjects]
    if len(set(keys)) != len(keys):
        raise ValueError("two subjects share a key")
    entries = [entry for subject in all_subjects for entry in _subject_entries(subject)]
    seen: Dict[str, Entry] = {}
    for entry in entries:
        if entry.question in seen:
            other = seen[entry.question]
            where = f"{other.subject}/{other.aspect}, {entry.subject}/{entry.aspect}"
            raise ValueError(f"the same question twice: {entry.question} ({where})")
        seen[entry.question] = entry
    return tuple(entries)


def max_count() -> int:
    """How many distinct entries the generator can produce."""
    return len(all_entries())


def _selected(count: int) -> List[Entry]:
    """`count` entries: below the maximum, a fixed, evenly spread selection, so every category is represented."""
    entries = list(all_entries())
    if count < 0:
        raise ValueError(f"count must not be negative (got {count})")
    if count > len(entries):
        most = len(entries)
        raise ValueError(
            f"cannot generate {count} distinct entries: the sample city FAQ has at most {most} (use --count {most} or less)"
        )
    if count < len(entries):
        chooser = random.Random(_SELECTION_SEED)  # noqa: S311 (a fixed, reproducible selection, not security)
        keep = sorted(chooser.sample(range(len(entries)), count))
        entries = [entries[index] for index in keep]
    return entries


def _faq_id(number: int) -> str:
    return f"Q{number:05d}"


def generate(count: int) -> List[Dict[str, str]]:
    """`count` distinct FAQ entries as the city's CMS exports them: id, category, question, answer, url.

    The ids are numbered in the order of the website's FAQ index.
    """
    categories, website = phrasing()["categories"], default_profile().website
    return [
        {
            "id": _faq_id(number),
            "category": categories[entry.category],
            "question": entry.question,
            "answer": entry.answer,
            "url": f"{website}/faq/{entry.category}/{_faq_id(number)}.html",
        }
        for number, entry in enumerate(_selected(count), start=1)
    ]


def rewordings(count: int) -> Dict[str, str]:
    """For the entries of `generate(count)`: the same question asked another way, by id.

    A resident rarely types the website's wording; an entry whose aspect has one way of
    asking only is left out.
    """
    selected = _selected(count)
    return {_faq_id(number): entry.rewording for number, entry in enumerate(selected, start=1) if entry.rewording}


def write_csv(rows: Iterable[Dict[str, str]], path: str | Path) -> None:
    """Write the rows as the city's CMS exports them: UTF-8 with BOM (for Excel), header id,category,question,answer,url."""
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.sample_city_faq",
        description="Write a sample FAQ export of the fictional city みどり野市 (CSV: id,category,question,answer,url).",
    )
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help=f"number of entries (default {DEFAULT_COUNT})")
    parser.add_argument("--out", required=True, type=Path, help="the CSV file to write")
    args = parser.parse_args(argv)
    try:
        rows = generate(args.count)
    except ValueError as error:
        parser.exit(2, f"{parser.prog}: error: {error}\n")
    write_csv(rows, args.out)
    print(f"wrote {len(rows)} entries to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
