"""The hand-written NLU files read as written: every line of an examples block is an
example (Rasa skips a line without `- ` with a warning only, e.g. a `#` comment there)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

DATA = Path(__file__).resolve().parents[2] / "bot" / "data"
# the NLU files, hand-written and generated (rules and stories are not read by load_data)
NLU_FILES = sorted(p for p in DATA.rglob("*.yml") if "\nnlu:" in p.read_text(encoding="utf-8"))


def test_the_nlu_files_are_found() -> None:
    assert DATA / "nlu.yml" in NLU_FILES


@pytest.mark.parametrize("path", NLU_FILES, ids=lambda p: p.name)
def test_rasa_reads_every_line_of_the_examples(path: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_data(str(path))
    skipped = [str(w.message) for w in caught if "doesn't start with a '-'" in str(w.message)]
    assert skipped == []


def test_a_comment_inside_an_examples_block_is_caught(tmp_path: Path) -> None:
    broken = tmp_path / "nlu.yml"
    broken.write_text(
        'version: "3.1"\nnlu:\n- intent: out_of_scope\n  examples: |\n    - 明日の天気は？\n    # 天気\n    - 株価\n',
        encoding="utf-8",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = load_data(str(broken))
    assert [m.get("text") for m in data.training_examples] == ["明日の天気は？", "株価"]
    assert len([w for w in caught if "doesn't start with a '-'" in str(w.message)]) == 1
