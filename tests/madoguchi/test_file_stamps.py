"""The cheap freshness check finds what pathlib's glob and `exists()`/`stat()` found, in the
same order, on the real corpus and on a folder with the odd cases."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Tuple

from madoguchi.corpus import live
from madoguchi.file_stamps import files_below, modification_times
from madoguchi.paths import CORPUS_DIR


def pathlibs(top: Path, suffix: str) -> Tuple[Tuple[str, int], ...]:
    """What madoguchi/corpus/live.py did before."""
    return tuple((str(p), p.stat().st_mtime_ns) for p in sorted(top.glob(f"*/**/*{suffix}")) if p.exists())


def test_the_corpus_stamp_is_the_one_pathlib_gave() -> None:
    translations = CORPUS_DIR / "translations"
    assert files_below(translations, ".yml") == [str(p) for p in sorted(translations.glob("*/**/*.yml"))]
    files = [*sorted((CORPUS_DIR / "faq").glob("*.yml")), CORPUS_DIR / "messages.yml", CORPUS_DIR / "city.yml"]
    before = tuple((str(p), p.stat().st_mtime_ns) for p in files) + pathlibs(translations, ".yml")
    assert live._stamp(CORPUS_DIR) == before and len(before) > 40


def test_odd_folders_are_read_as_pathlib_reads_them(tmp_path: Path) -> None:
    top = tmp_path / "translations"
    for name in ("en/messages.yml", "en/faq/waste.yml", "en/faq/deep/er/x.yml", "en-x/a.yml", "en.x/b.yml", "ko/.hidden.yml",
                 "ko/notes.txt", "ko/faq/c.YML", "top.yml", "zh/d.yml/e.yml"):  # fmt: skip
        (top / name).parent.mkdir(parents=True, exist_ok=True)
        (top / name).write_text("x")
    (top / "vi").symlink_to(top / "en")  # a linked language folder: followed, as pathlib follows it
    (top / "en" / "faq" / "linked").symlink_to(top / "ko")  # a link deeper down: not followed
    (top / "ko" / "broken.yml").symlink_to(tmp_path / "nowhere")  # listed, left out of the stamp
    found = files_below(top, ".yml")
    assert found == [str(p) for p in sorted(top.glob("*/**/*.yml"))]
    assert str(top / "top.yml") not in found and str(top / "vi" / "faq" / "waste.yml") in found
    assert str(top / "zh" / "d.yml") in found  # a folder named like a file, as glob gives it
    assert modification_times(found) == pathlibs(top, ".yml")
    assert str(top / "ko" / "broken.yml") not in dict(modification_times(found))
    assert files_below(tmp_path / "missing", ".yml") == [] and files_below(top / "top.yml", ".yml") == []
    os.utime(top / "en" / "messages.yml", ns=(1, 2))
    assert dict(modification_times(found))[str(top / "en" / "messages.yml")] == 2
