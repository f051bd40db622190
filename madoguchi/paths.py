"""Where the project's files live: the path part of the one settings object (madoguchi/settings.py).

Kept as module constants because most of the code imports them; they are read once, at import.
"""

from __future__ import annotations

import os
from typing import Dict

from madoguchi.settings import ROOT, PathSettings

_PATHS = PathSettings()

SPEC_DIR = ROOT / "spec"
CORPUS_DIR = _PATHS.corpus_dir
BOT_DIR = _PATHS.bot_dir
MODELS_DIR = _PATHS.models_dir
VAR_DIR = _PATHS.var_dir
# The gateway's own stores in one database (MADOGUCHI_STORE_URL); empty: SQLite files under VAR_DIR.
STORE_URL = _PATHS.store_url

TOPICS_FILE = SPEC_DIR / "topics.yml"


def project_env(**extra: str) -> Dict[str, str]:
    """The environment for a subprocess that imports this project's packages (Rasa, servers)."""
    pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return dict(os.environ, PYTHONPATH=pythonpath, **extra)


CITY_FILE = CORPUS_DIR / "city.yml"
FAQ_DIR = CORPUS_DIR / "faq"
USER_DICTIONARY_FILE = CORPUS_DIR / "user_dictionary.tsv"
LEMMA_REWRITES_FILE = CORPUS_DIR / "lemma_rewrites.tsv"
