"""The corpus as it is on disk now, for long-running processes (action server, gateway).

Staff change the corpus from the console while the servers run; a process that loaded it
once would not know a new topic. Loading is cached by the files' modification times, so a
change is picked up on the next use and an unchanged corpus costs only a few stat calls.

One load at a time: the gateway answers webhooks in a pool of threads, and `lru_cache` lets
every thread that misses load for itself. At a start or after a staff edit, 20 calls at once
each parsed the whole corpus side by side (GIL-bound), and a phone step took up to 29 s
(measured with `make bench-load`, 2026-12-03), past Twilio's 15 s. Under the lock the
others wait for the one load and then read its result.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import List, Tuple, Union

from madoguchi.corpus.model import Corpus
from madoguchi.corpus.validate import load_corpus
from madoguchi.file_stamps import entries_ending, files_below, modification_times
from madoguchi.paths import CORPUS_DIR

_loading = threading.Lock()


def _stamp(corpus_dir: Path) -> Tuple[Tuple[str, int], ...]:
    files: List[Union[str, Path]] = [*entries_ending(corpus_dir / "faq", ".yml"), corpus_dir / "messages.yml"]
    files.append(corpus_dir / "city.yml")
    files += files_below(corpus_dir / "translations", ".yml")  # faq_corpus/translations/<language>/
    return modification_times(files)


@lru_cache(maxsize=2)
def _load(corpus_dir: Path, stamp: Tuple[Tuple[str, int], ...]) -> Corpus:
    corpus, problems = load_corpus(corpus_dir)
    if problems:  # the console never writes a broken corpus; a hand edit might
        raise RuntimeError(f"faq_corpus has problems (make validate): {problems[0]}")
    return corpus


def current_corpus(corpus_dir: Path = CORPUS_DIR) -> Corpus:
    stamp = _stamp(corpus_dir)
    with _loading:
        return _load(corpus_dir, stamp)
