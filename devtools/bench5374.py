"""`make bench-5374`: a generated city of 1,000 items and 70 districts, written as messy as
cities publish (Shift_JIS, BOM, full-width digits, trailing commas, repeated rows, 丁目
ranges, condition rows), imported and retrained; then its items and districts are asked
through `bot.ask`. Figures go to BENCHMARKS.md (target: import + retraining ≤ 3 minutes).

The retraining is a full training into an empty models folder with Rasa's component cache
off (the worst case: an import itself changes nothing the model is trained on, so
`make import-5374` retrains only when the corpus changed otherwise).
"""

from __future__ import annotations

import datetime
import io
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Dict

from devtools.bench import machine, write_benchmarks_md
from madoguchi.import5374 import import_folder
from madoguchi.model import ensure_model
from madoguchi.paths import CORPUS_DIR, VAR_DIR
from madoguchi.waste_items import load_items

WORK = VAR_DIR / "bench5374"
MARKS = ("<!-- 5374:start -->", "<!-- 5374:end -->")
ITEMS, DISTRICTS = 1000, 70
LABELS = {
    "burnable": "可燃ごみ",
    "non_burnable": "不燃ごみ",
    "recyclable": "資源物",
    "bulky": "粗大ごみ",
    "hazardous": "有害ごみ",
    "not_collected": "市で収集できないもの",
}
PLACES = ["昭和通", "大庄中通", "若草町", "旭が丘", "本郷", "新田", "宮前", "松原", "東雲", "寿町",
          "栄町", "錦", "春日", "緑台", "白山", "高砂", "浜田", "泉", "柳町", "桜木"]  # fmt: skip
WEEKDAYS = "月火水木金土"


def _full_width(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))


def write_city(folder: Path, seed: int = 5374) -> None:
    rng = random.Random(seed)  # noqa: S311 - a reproducible test city, not a secret
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    items = load_items()[:ITEMS]
    rows = ["type,name,notice,furigana"]
    for n, item in enumerate(items):
        name = f"{item.name}（家庭用）" if n % 20 == 0 else item.name  # qualifiers, as cities write
        rows.append(f"{LABELS[item.category]},{name},{item.how.replace(',', '、')},{name[0]},")
        if n % 100 == 0:
            rows.append(rows[-1])  # a repeated row
    (folder / "target.csv").write_bytes("\n".join(rows).encode("cp932", errors="replace"))
    kinds = ["可燃ごみ", "不燃ごみ", "資源物", "有害ごみ"]
    area = ["地名,センター," + ",".join(kinds) + ","]
    made = 0
    for base in PLACES:
        for first, last in ((1, 3), (4, 6)):
            area.append(
                f"{base}{_full_width(str(first))}～{_full_width(str(last))}丁目,第{1 + made % 2}クリーンセンター,{_cells(rng)},"
            )
            made += 1
        if made >= DISTRICTS - 30:
            break
    for base in PLACES:
        if made >= DISTRICTS:
            break
        area.append(f"{base}（県道に面した家庭は除く）,第1クリーンセンター,{_cells(rng)},")
        area.append(f"{base}の県道に面した家庭,第1クリーンセンター,{_cells(rng)},")
        made += 2
    area.append(area[1])  # a repeated row
    (folder / "area_days.csv").write_bytes(("\ufeff" + "\n".join(area)).encode("utf-8"))
    (folder / "center.csv").write_text(
        "名称,休止開始日,休止終了日\n第1クリーンセンター,2026/12/29,2027/1/3\n第2クリーンセンター,2026/12/31,2027/1/4\n",
        encoding="utf-8",
    )


def _cells(rng: random.Random) -> str:
    days = rng.sample(WEEKDAYS, 2)
    return ",".join(
        [
            f"{days[0]} {days[1]}",
            f"{rng.choice(WEEKDAYS)}{_full_width(str(rng.choice([1, 2])))}",
            rng.choice(WEEKDAYS),
            f"{rng.choice(WEEKDAYS)}{rng.choice([3, 4])}",
        ]
    )


def run() -> Dict[str, Any]:
    from devtools.eval5374 import ask, day_questions, item_questions, score_days, score_items
    from madoguchi.waste_data import current

    city = WORK / "city"
    write_city(city)
    corpus = WORK / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    shutil.copytree(CORPUS_DIR, corpus, ignore=shutil.ignore_patterns("waste_5374*"))
    started = time.monotonic()
    out = io.StringIO()
    if import_folder(city, corpus, out=out, err=sys.stderr) is None:
        raise SystemExit("the generated city could not be imported")
    imported = time.monotonic() - started
    data = current(corpus / "waste_5374")  # the assistant's first read of it
    loaded = time.monotonic() - started
    models = WORK / "models"
    if models.exists():
        shutil.rmtree(models)
    os.environ["RASA_MAX_CACHE_SIZE"] = "0"  # no component restored from Rasa's cache: a full training
    model = ensure_model(corpus_dir=corpus, models_dir=models)
    total = time.monotonic() - started
    sample = random.Random(1).sample(item_questions(data), 150)  # noqa: S311
    items = score_items(ask(sample, corpus, model))
    days = score_days(ask(day_questions(data), corpus, model))
    return {
        "date": datetime.date.today().isoformat(),
        "machine": machine(),
        "items": len(data.dictionary.items),
        "districts": len(data.calendar.districts),
        "import_s": round(imported, 1),
        "first_load_s": round(loaded - imported, 1),
        "import_and_retrain_s": round(total, 1),
        "item_questions": items["questions"],
        "item_right": items["right"],
        "day_questions": days["questions"],
        "day_right": days["right"],
        "misses": items["misses"][:10] + days["misses"][:10],
    }


def markdown(f: Dict[str, Any]) -> str:
    m = f["machine"]
    pct = lambda x: f"{100 * x:.1f}%"  # noqa: E731
    return (
        f"{MARKS[0]}\n## Importing a city's 5374 waste data (`make bench-5374`)\n\n"
        f"Measured {f['date']} on {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB (shared with other jobs).\n\n"
        "| What | Figure |\n|---|---|\n"
        f"| Items, districts imported (generated messy folder) | {f['items']}, {f['districts']} |\n"
        f"| Import (read, check, write) | {f['import_s']} s |\n"
        f"| First load by the assistant (dictionary and address index) | {f['first_load_s']} s |\n"
        f"| Import + full retraining (target ≤ 3 min) | {f['import_and_retrain_s'] / 60:.1f} min |\n"
        f"| Item questions in everyday forms, city's category named | {pct(f['item_right'])} of {f['item_questions']} |\n"
        f"| Collection-day questions, right row and weekdays | {pct(f['day_right'])} of {f['day_questions']} |\n"
        f"{MARKS[1]}"
    )


def main() -> int:
    figures = run()
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    write_benchmarks_md(markdown(figures), MARKS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
