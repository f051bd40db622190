"""Colloquial words for the city's acts, read as the act they stand for (issue 13).

Residents ask the city's acts in everyday words the corpus's examples never use: 「大きな棚を
片すには」 asks to get rid of a shelf (片付ける), 「でかい棚を始末したい」 to dispose of it
(処分), 「ごみ袋どこでゲットできる？」 where to get the bags (取る). The asked-act and how-to
rules judge a question by its act (madoguchi/asked_acts.py, madoguchi/other_questions.py); they
read such a word as its standard act, listed in faq_corpus/colloquial_acts.tsv, so the
question is judged as if asked in the corpus's words: kept when that act is the city's, and
refused by the same cues when it asks something else (「本棚を片すコツ」).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, Mapping, Optional

from madoguchi.japanese import DataFileError, data_lines
from madoguchi.paths import CORPUS_DIR

COLLOQUIAL_ACTS_FILE = CORPUS_DIR / "colloquial_acts.tsv"


def load_colloquial_acts(path: Path = COLLOQUIAL_ACTS_FILE) -> Dict[str, str]:
    """The colloquial word → standard act lines of `path` (片す → 片付ける)."""
    acts: Dict[str, str] = {}
    for number, fields in data_lines(path):
        if len(fields) != 2 or not all(fields):
            raise DataFileError(f"{path}:{number}: expected 'colloquial<TAB>standard', got {len(fields)} field(s)")
        if fields[0] in acts:
            raise DataFileError(f"{path}:{number}: '{fields[0]}' is listed twice")
        acts[fields[0]] = fields[1]
    return acts


@lru_cache(maxsize=1)
def default_colloquial_acts() -> Dict[str, str]:
    return load_colloquial_acts()


def standard_act(act: str, acts: Optional[Mapping[str, str]] = None) -> str:
    """The act a colloquial word stands for, else the act itself.

    >>> standard_act("片す"), standard_act("始末"), standard_act("出す")
    ('片付ける', '処分', '出す')
    """
    table = default_colloquial_acts() if acts is None else acts
    return table.get(act, act)
