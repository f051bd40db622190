"""Where the project's files live, resolved from the repository root."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Dict

ROOT = Path(__file__).resolve().parents[1]
SPEC_DIR = ROOT / "spec"
CORPUS_DIR = Path(os.environ.get("MADOGUCHI_CORPUS", ROOT / "faq_corpus"))
BOT_DIR = ROOT / "bot"
MODELS_DIR = Path(os.environ.get("MADOGUCHI_MODELS", BOT_DIR / "models"))
VAR_DIR = Path(os.environ.get("MADOGUCHI_VAR", ROOT / "var"))

TOPICS_FILE = SPEC_DIR / "topics.yml"


def project_env(**extra: str) -> Dict[str, str]:
    """The environment for a subprocess that imports this project's packages (Rasa, servers)."""
    pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return dict(os.environ, PYTHONPATH=pythonpath, **extra)


CITY_FILE = CORPUS_DIR / "city.yml"
FAQ_DIR = CORPUS_DIR / "faq"
USER_DICTIONARY_FILE = CORPUS_DIR / "user_dictionary.tsv"
LEMMA_REWRITES_FILE = CORPUS_DIR / "lemma_rewrites.tsv"
