"""The live corpus: one load for many threads that ask at once, a new load after an edit."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import List

import pytest

from madoguchi.corpus import live


@pytest.fixture
def counted_loads(monkeypatch) -> List[Path]:
    loads: List[Path] = []

    def slow_load(corpus_dir: Path):
        loads.append(corpus_dir)
        time.sleep(0.2)  # a window in which every other thread asks too
        return object(), []  # stands for a corpus: only its identity is looked at

    live._load.cache_clear()
    monkeypatch.setattr(live, "load_corpus", slow_load)
    yield loads
    live._load.cache_clear()


def _corpus_dir(tmp_path: Path) -> Path:
    (tmp_path / "faq").mkdir()
    (tmp_path / "faq" / "waste.yml").write_text("topics: []\n", encoding="utf-8")
    return tmp_path


def test_twenty_threads_asking_at_once_share_one_load(counted_loads, tmp_path):
    corpus_dir = _corpus_dir(tmp_path)
    results: List[object] = []
    threads = [threading.Thread(target=lambda: results.append(live.current_corpus(corpus_dir))) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counted_loads == [corpus_dir]
    assert len(results) == 20 and all(result is results[0] for result in results)


def test_an_edited_file_is_loaded_again(counted_loads, tmp_path):
    corpus_dir = _corpus_dir(tmp_path)
    first = live.current_corpus(corpus_dir)
    assert live.current_corpus(corpus_dir) is first
    edited = corpus_dir / "faq" / "waste.yml"
    edited.write_text("topics: []  # edited\n", encoding="utf-8")
    stat = edited.stat()
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert live.current_corpus(corpus_dir) is not first
    assert counted_loads == [corpus_dir, corpus_dir]
