import shutil
from pathlib import Path

import pytest

from madoguchi.paths import CORPUS_DIR


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the real corpus that a test may change."""
    target = tmp_path / "faq_corpus"
    shutil.copytree(CORPUS_DIR, target)
    return target
