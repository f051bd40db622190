"""The corpus loader and the importers with any file: problems are reported, nothing raises."""

from __future__ import annotations

import shutil

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from madoguchi.corpus import excel, faq_import
from madoguchi.corpus.validate import check_corpus
from tests.conftest import FIXTURES
from tests.fuzz.conftest import few
from tests.fuzz.strategies import form_text, json_values

GOOD = FIXTURES / "corpus" / "good"
TOPICS = FIXTURES / "corpus" / "topics.yml"
TOPIC_FIELDS = ["id", "title", "department", "url", "reviewed", "examples", "answer", "voice", "sms"]
TOPIC_LIKE = st.fixed_dictionaries(
    {"category": form_text | st.just("waste"),
     "topics": st.lists(st.dictionaries(st.sampled_from(TOPIC_FIELDS), json_values, max_size=9), max_size=3)},
)  # fmt: skip
FILES = st.one_of(st.text(max_size=300), TOPIC_LIKE.map(lambda d: yaml.safe_dump(d, allow_unicode=True)))


@settings(max_examples=few())
@given(FILES)
def test_any_corpus_file_gives_problems_not_an_exception(tmp_path_factory, text) -> None:
    corpus = tmp_path_factory.mktemp("corpus") / "c"
    shutil.copytree(GOOD, corpus)
    (corpus / "faq" / "fuzz.yml").write_text(text, encoding="utf-8", errors="surrogatepass")
    check_corpus(corpus, TOPICS)  # returns (corpus, problems); an exception fails the test


@given(st.binary(max_size=300), st.sampled_from(["list.csv", "list.xlsx", "list.txt"]))
def test_any_faq_list_is_read_or_refused_with_problems(content, name) -> None:
    try:
        faq_import.read_entries(content, name)
    except excel.SheetProblems as refused:
        assert refused.problems


@given(st.binary(max_size=300))
def test_any_workbook_is_refused_with_problems_before_anything_is_written(tmp_path_factory, content) -> None:
    corpus = tmp_path_factory.mktemp("corpus") / "c"
    shutil.copytree(GOOD, corpus)
    try:
        excel.import_workbook(content, corpus)
    except excel.SheetProblems as refused:
        assert refused.problems
