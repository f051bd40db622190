"""`make validate`: the real corpus is valid; a broken one is reported line by line."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from madoguchi.corpus.validate import SMS_MAX_CHARS, check_corpus, ucs2_length
from madoguchi.paths import ROOT
from madoguchi.spec import load_spec
from tests.conftest import FIXTURES

CORPUS_FIXTURES = FIXTURES / "corpus"
B = "tests/fixtures/corpus/broken"

EXPECTED_PROBLEMS = [
    f"{B}/faq/childcare.yml:1: category「kosodate」はファイル名「childcare」と同じにしてください",
    f"{B}/faq/procedure.yml:6: YAML の書き方に誤りがあります: expected ',' or ']', but got '<stream end>'",
    f"{B}/faq/waste.yml:80: トピック「waste/half_written」: 項目 sms がありません",
    f"{B}/faq/waste.yml:99: トピック「waste/half_written」: 項目 voice が空です",
    f"{B}/messages.yml:1: メッセージ「utter_rephrase」がないか、空です",
    f"{B}/faq/waste.yml:6: トピック「waste/bulky_waste」: 担当課「gomu」は登録されていません",
    f"{B}/faq/waste.yml:9: トピック「waste/bulky_waste」: 質問例が2件です。12件以上必要です",
    f"{B}/faq/waste.yml:7: トピック「waste/bulky_waste」: url は「/」で始まるパスか https の URL にしてください",
    f"{B}/faq/waste.yml:12: トピック「waste/bulky_waste」: answer に使えない差し込み {{fax}} があります",
    f"{B}/faq/waste.yml:13: トピック「waste/bulky_waste」: voice にURLがあります",
    f"{B}/faq/waste.yml:13: トピック「waste/bulky_waste」: voice にかっこがあります",
    f"{B}/faq/waste.yml:13: トピック「waste/bulky_waste」: voice に読み上げられない記号があります",
    f"{B}/faq/waste.yml:14: トピック「waste/bulky_waste」: sms が URL を含めて149文字です。134文字以内にしてください",
    f"{B}/faq/waste.yml:36: トピック「waste/sorting_rules」: voice が4文です。3文以内にしてください",
    f"{B}/faq/waste.yml:42: トピック「waste/sorting_rules」: reviewed は日付（YYYY-MM-DD）にしてください",
    f"{B}/faq/waste.yml:59: id「waste/bulky_wast」は topics.yml にありません（新しいトピックには local: true を付けてください）",
    f"{B}/faq/waste.yml:33: 質問例「粗大ゴミを出したい。」は「waste/bulky_waste」にもあります（{B}/faq/waste.yml:10）",
    f"{B}/faq/waste.yml:34: トピック「waste/sorting_rules」: 質問例「ごみの分け方 その3」が重複しています（23行目）",
    f"{B}/faq/waste.yml:38: id「waste/sorting_rules」が重複しています（最初は {B}/faq/waste.yml:15）",
    "tests/fixtures/corpus/topics.yml:10: トピック「procedure/move_in」がコーパスにありません",
]


def test_the_city_corpus_is_valid_and_covers_every_topic_of_the_spec(checked_corpus):
    corpus, problems = checked_corpus
    assert [str(p) for p in problems] == []
    assert {t.id for t in corpus.topics} >= set(load_spec().faq_topics)
    assert all(len(t.examples) >= 12 for t in corpus.topics)


def test_a_small_valid_corpus_has_no_problems():
    corpus, problems = check_corpus(CORPUS_FIXTURES / "good", CORPUS_FIXTURES / "topics.yml")
    assert [str(p) for p in problems] == []
    assert [t.id for t in corpus.topics] == ["procedure/move_in", "waste/bulky_waste", "waste/sorting_rules"]


def test_every_problem_of_a_broken_corpus_is_reported_with_file_and_line():
    _, problems = check_corpus(CORPUS_FIXTURES / "broken", CORPUS_FIXTURES / "topics.yml")
    assert [str(p) for p in problems] == EXPECTED_PROBLEMS


def test_validate_command_exits_non_zero_and_generates_nothing(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "madoguchi.corpus", "generate", "--corpus", str(CORPUS_FIXTURES / "broken"),
         "--topics", str(CORPUS_FIXTURES / "topics.yml"), "--bot", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.splitlines()[: len(EXPECTED_PROBLEMS)] == EXPECTED_PROBLEMS
    assert result.stderr.splitlines()[-1] == "20 problem(s) in the corpus; nothing generated."
    assert list(tmp_path.iterdir()) == []


def test_sms_fits_two_japanese_sms_parts_for_every_topic(corpus):
    lengths = {t.id: ucs2_length(corpus.sms_text(t)) for t in corpus.topics}
    assert max(lengths.values()) <= SMS_MAX_CHARS
    assert all(corpus.sms_text(t).endswith("\n" + corpus.full_url(t)) for t in corpus.topics)


def test_placeholders_are_filled_from_the_city_profile(corpus):
    topic = corpus.by_id()["waste/bulky_waste"]
    answer = corpus.render(topic, "answer")
    assert "{" not in answer
    assert corpus.full_url(topic) in answer
    assert corpus.full_url(topic).startswith("https://www.city.midorino.example/")


@pytest.mark.parametrize(
    "example",
    ['"粗大ごみ\\x80の出し方"', '"粗大ごみ\\0の出し方"', "粗大ごみ\x80の出し方"],
    ids=["escaped-U+0080", "escaped-NUL", "raw-U+0080"],
)
def test_control_characters_in_a_corpus_file_are_problems_with_their_line(tmp_path, example):
    """Written as a YAML escape they load and would break the Excel export; raw, YAML refuses them."""
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus" / "good", corpus)
    path = sorted((corpus / "faq").glob("*.yml"))[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.strip() == "examples:") + 1  # the first example's line
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines.insert(at, f"{indent}- {example}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, problems = check_corpus(corpus, FIXTURES / "corpus" / "topics.yml")
    assert [str(p) for p in problems if "制御文字" in p.message and p.where.endswith(f":{at + 1}")], [str(p) for p in problems]
