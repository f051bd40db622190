"""`make import-5374 DIR=...`: a city's Code for Japan 5374 folder becomes the assistant's
waste data (faq_corpus/waste_5374/), then the model is retrained when it is stale.

Every problem is printed as `file:line: message` and nothing is written when there is one.
The folder is written as clean UTF-8 5374 files (the same format, so staff can keep
editing it, or import the city's next release over it), into a temporary folder that
replaces the old one in one step: the assistant never sees half an import.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, TextIO

from madoguchi.city5374 import ENGLISH_DIR, TARGET_HEADERS, City5374, read_city
from madoguchi.japanese import DataFileError
from madoguchi.paths import CORPUS_DIR
from madoguchi.waste_data import DEFAULT, city_items, load_categories

TARGET_DIR_NAME = "waste_5374"


def _write(path: Path, header: List[str], rows: List[List[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_city(city: City5374, dest: Path) -> None:
    """The city as clean 5374 files in `dest` (created)."""
    dest.mkdir(parents=True)
    _write(dest / "target.csv", TARGET_HEADERS[0], [[i.label, i.name, i.notice, i.furigana] for i in city.items])
    calendar = city.calendar
    _write(
        dest / "area_days.csv",
        ["地名", "センター", *calendar.kinds],
        [[name, calendar.centers[name], *city.cells[name]] for name in calendar.districts],
    )
    if city.descriptions:
        _write(
            dest / "description.csv",
            ["label", "sublabel", "description"],
            [[d.label, "", d.description] for d in city.descriptions],
        )
    if city.center_rows:
        rows = [[name, f"{s:%Y/%m/%d}", f"{e:%Y/%m/%d}"] for name, s, e in city.center_rows]
        _write(dest / "center.csv", ["名称", "休止開始日", "休止終了日"], rows)
    if city.remarks:
        _write(dest / "remarks.csv", ["ID", "注意事項"], [[k, v] for k, v in city.remarks.items()])
    if city.english is not None:
        write_city(city.english, dest / ENGLISH_DIR)


def check(city: City5374) -> List[str]:
    """The reader's problems, and the category table's (it must load to map the labels)."""
    problems = list(city.problems)
    try:
        load_categories()
    except DataFileError as error:
        problems.append(str(error))
    return problems


def unmapped_labels(city: City5374) -> List[str]:
    table = load_categories()
    labels = dict.fromkeys(row.label for row in city.items)
    return [label for label in labels if not any(word in label for word, _ in table.words)]


def import_folder(
    source: Path, corpus: Path = CORPUS_DIR, out: TextIO = sys.stdout, err: TextIO = sys.stderr
) -> Optional[City5374]:
    city = read_city(source)
    problems = check(city)
    for problem in problems:
        print(problem, file=err)
    if problems:
        print(f"{len(problems)} problem(s); nothing written.", file=err)
        return None
    for warning in city.warnings:
        print(f"warning: {warning}", file=err)
    items = city_items(city, load_categories())
    target = corpus / TARGET_DIR_NAME
    staging = corpus / (TARGET_DIR_NAME + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    write_city(city, staging)
    if target.exists():
        old = corpus / (TARGET_DIR_NAME + ".old")
        if old.exists():
            shutil.rmtree(old)
        target.rename(old)
        staging.rename(target)
        shutil.rmtree(old)
    else:
        staging.rename(target)
    labels: Dict[str, int] = {}
    for item in items:
        labels[item.label] = labels.get(item.label, 0) + 1
    print(f"imported {len(items)} items in {len(labels)} categories, {len(city.calendar.districts)} districts, "
          f"{len(city.calendar.kinds)} waste kinds into {target}", file=out)  # fmt: skip
    if city.repeated_rows:
        print(f"{city.repeated_rows} repeated row(s) skipped", file=out)
    for label in unmapped_labels(city):
        print(f"note: '{label}' matches no word of faq_corpus/waste_categories.tsv and counts as '{DEFAULT}'", file=out)
    return city


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m madoguchi.import5374", description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="the city's 5374 folder (with target.csv and area_days.csv)")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    parser.add_argument("--no-train", action="store_true", help="do not retrain afterwards")
    args = parser.parse_args(argv)
    started = time.monotonic()
    if import_folder(args.folder, args.corpus) is None:
        return 1
    imported = time.monotonic()
    print(f"import: {imported - started:.1f} s")
    if not args.no_train:
        from madoguchi.model import ensure_model

        model = ensure_model()
        print(f"model {model.name}; import and retraining: {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
