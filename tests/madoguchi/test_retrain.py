"""What the retrain's smoke check asks of the new model."""

from __future__ import annotations

from madoguchi.corpus.validate import check_corpus
from madoguchi.retrain import still_in_corpus


def test_only_added_questions_still_in_the_corpus_are_checked() -> None:
    corpus, _ = check_corpus()
    topics = corpus.by_id()
    kept = ("粗大ごみを出したいのですが", "waste/bulky_waste")
    assert kept[0] in topics["waste/bulky_waste"].examples
    checks = [
        kept,
        ("staff took this one out again", "waste/bulky_waste"),
        ("粗大ごみを出したいのですが", "waste/no_such_topic"),
    ]
    assert still_in_corpus(checks, topics) == [kept]
