"""`make validate`: the real corpus is valid; a broken one is reported line by line."""

from __future__ import annotations

import subprocess
import sys

from madoguchi.corpus.validate import SMS_MAX_CHARS, check_corpus, ucs2_length
from madoguchi.paths import ROOT
from madoguchi.spec import load_spec
from tests.conftest import FIXTURES

CORPUS_FIXTURES = FIXTURES / "corpus"
B = "tests/fixtures/corpus/broken"

EXPECTED_PROBLEMS = [
    f"{B}/faq/childcare.yml:1: category 'kosodate' must match the file name 'childcare'",
    f"{B}/faq/procedure.yml:6: invalid YAML: expected ',' or ']', but got '<stream end>'",
    f"{B}/faq/waste.yml:80: topic 'waste/half_written': missing field 'sms'",
    f"{B}/faq/waste.yml:99: topic 'waste/half_written': field 'voice' is empty",
    f"{B}/messages.yml:1: message 'utter_rephrase' is missing or empty",
    f"{B}/faq/waste.yml:6: topic 'waste/bulky_waste': unknown department 'gomu'",
    f"{B}/faq/waste.yml:9: topic 'waste/bulky_waste': 2 examples, at least 12 needed",
    f"{B}/faq/waste.yml:7: topic 'waste/bulky_waste': url must be a path starting with '/' or an https URL",
    f"{B}/faq/waste.yml:12: topic 'waste/bulky_waste': unknown placeholder {{fax}} in answer",
    f"{B}/faq/waste.yml:13: topic 'waste/bulky_waste': voice contains a URL",
    f"{B}/faq/waste.yml:13: topic 'waste/bulky_waste': voice contains brackets",
    f"{B}/faq/waste.yml:13: topic 'waste/bulky_waste': voice contains a symbol that cannot be spoken",
    f"{B}/faq/waste.yml:14: topic 'waste/bulky_waste': sms with its URL is 149 characters, at most 134",
    f"{B}/faq/waste.yml:36: topic 'waste/sorting_rules': voice has 4 sentences, at most 3",
    f"{B}/faq/waste.yml:42: topic 'waste/sorting_rules': reviewed must be a date (YYYY-MM-DD)",
    f"{B}/faq/waste.yml:59: unknown id 'waste/bulky_wast': not in topics.yml (mark a new topic with 'local: true')",
    f"{B}/faq/waste.yml:33: example '粗大ゴミを出したい。' is also under 'waste/bulky_waste' ({B}/faq/waste.yml:10)",
    f"{B}/faq/waste.yml:34: topic 'waste/sorting_rules': example 'ごみの分け方 その3' is repeated (line 23)",
    f"{B}/faq/waste.yml:38: duplicate id 'waste/sorting_rules' (first at {B}/faq/waste.yml:15)",
    "tests/fixtures/corpus/topics.yml:10: topic 'procedure/move_in' has no entry in the corpus",
]


def test_the_city_corpus_is_valid_and_covers_every_topic_of_the_spec():
    corpus, problems = check_corpus()
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


def test_sms_fits_two_japanese_sms_parts_for_every_topic():
    corpus, _ = check_corpus()
    lengths = {t.id: ucs2_length(corpus.sms_text(t)) for t in corpus.topics}
    assert max(lengths.values()) <= SMS_MAX_CHARS
    assert all(corpus.sms_text(t).endswith("\n" + corpus.full_url(t)) for t in corpus.topics)


def test_placeholders_are_filled_from_the_city_profile():
    corpus, _ = check_corpus()
    topic = corpus.by_id()["waste/bulky_waste"]
    answer = corpus.render(topic, "answer")
    assert "{" not in answer
    assert corpus.full_url(topic) in answer
    assert corpus.full_url(topic).startswith("https://www.city.midorino.example/")
