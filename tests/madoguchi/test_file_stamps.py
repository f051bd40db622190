"""The cheap freshness checks find what pathlib's glob and `exists()`/`stat()` found, in the
same order, on the real corpus and on folders with the odd cases."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Tuple

from madoguchi import item_names, skill_texts
from madoguchi.corpus import live
from madoguchi.file_stamps import entries_ending, files_below, files_in_folders, modification_times
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


def globbed(paths: Iterable[Path]) -> Tuple[Tuple[str, int], ...]:
    """What the item names', skill texts' and corpus's checks did with pathlib before."""
    return tuple((str(p), p.stat().st_mtime_ns) for p in paths if p.exists())


def test_the_data_checks_are_the_ones_pathlib_gave() -> None:
    translations = item_names.TRANSLATIONS_DIR
    before = globbed([item_names.ITEM_NAMES_FILE, *sorted(translations.glob(f"*/{item_names.TEXTS_FILE_NAME}"))])
    assert item_names._stamp(translations) == before and len(before) > 3
    assert skill_texts._stamp(translations) == globbed(sorted(translations.glob(f"*/{skill_texts.FILE_NAME}")))
    assert entries_ending(CORPUS_DIR / "faq", ".yml") == [str(p) for p in sorted((CORPUS_DIR / "faq").glob("*.yml"))]


def test_files_in_odd_folders_are_found_as_pathlib_finds_them(tmp_path: Path) -> None:
    top = tmp_path / "translations"
    for name in ("en/skills.yml", "en-x/skills.yml", "en.x/skills.yml", ".hidden/skills.yml", "ko/Skills.yml",
                 "ko/faq/skills.yml", "zh/skills.yml/inner.yml", "skills.yml", "a.yml", "b.YML", ".c.yml", "d.yml.txt"):  # fmt: skip
        (top / name).parent.mkdir(parents=True, exist_ok=True)
        (top / name).write_text("x")
    (top / "vi").symlink_to(top / "en")  # a linked language folder: followed
    (top / "th").mkdir()  # a language folder without the file
    (top / "ja").symlink_to(tmp_path / "nowhere")  # a broken link
    (top / "dir.yml").mkdir()  # a folder named like a file: globbed, as pathlib does
    found = files_in_folders(top, "skills.yml")
    assert modification_times(found) == globbed(sorted(top.glob("*/skills.yml")))
    assert str(top / "vi" / "skills.yml") in found and str(top / "th" / "skills.yml") not in dict(modification_times(found))
    assert entries_ending(top, ".yml") == [str(p) for p in sorted(top.glob("*.yml"))]
    assert str(top / "dir.yml") in entries_ending(top, ".yml") and str(top / ".c.yml") in entries_ending(top, ".yml")
    for missing in (tmp_path / "missing", top / "a.yml"):
        assert files_in_folders(missing, "skills.yml") == [] == entries_ending(missing, ".yml")
