from datetime import date
from pathlib import Path
from typing import List

import pytest

from madoguchi.corpus.edit import CorpusEditRejected, NewTopic, add_example, add_topic
from madoguchi.corpus.emit import yaml_scalar
from madoguchi.corpus.validate import check_corpus


def test_an_example_goes_after_the_topics_last_example_and_nothing_else_changes(corpus_copy: Path) -> None:
    path = corpus_copy / "faq" / "waste.yml"
    before = path.read_text(encoding="utf-8").splitlines()
    corpus = add_example("waste/bulky_waste", "  でっかい本棚を  引き取ってほしい ", corpus_copy)
    topic = corpus.by_id()["waste/bulky_waste"]
    assert topic.examples[-1] == "でっかい本棚を 引き取ってほしい"
    after = path.read_text(encoding="utf-8").splitlines()
    inserted = topic.example_lines[-1]
    assert after[inserted - 1] == "      - でっかい本棚を 引き取ってほしい"
    assert after[: inserted - 1] + after[inserted:] == before


def test_a_question_that_yaml_would_misread_is_quoted() -> None:
    assert yaml_scalar("本棚: 引き取り #どうする") == '"本棚: 引き取り #どうする"'
    assert yaml_scalar("粗大ごみ 申し込み") == "粗大ごみ 申し込み"
    assert yaml_scalar("yes") == '"yes"'


def last_example_line(lines: List[str], topic: str) -> int:
    """The 1-based line of the topic's last example question in a category file."""
    start = lines.index(f"  - id: {topic}")
    examples = lines.index("    examples:", start)
    end = examples + 1
    while lines[end].startswith("      - "):
        end += 1
    return end


def test_an_example_already_under_another_topic_is_rejected_and_nothing_is_written(corpus_copy: Path) -> None:
    path = corpus_copy / "faq" / "waste.yml"
    before = path.read_text(encoding="utf-8")
    with pytest.raises(CorpusEditRejected) as rejected:
        add_example("waste/sorting_rules", "粗大ごみを出したいのですが", corpus_copy)
    [problem] = rejected.value.problems
    # the validator reports the later of the two places, pointing to the earlier one
    lines = before.splitlines()
    new_line = last_example_line(lines, "waste/sorting_rules") + 1
    bulky_line = lines.index("      - 粗大ごみを出したいのですが") + 2  # 1-based, one line below after the insert
    assert str(problem) == (
        f"{corpus_copy}/faq/waste.yml:{bulky_line}: 質問例「粗大ごみを出したいのですが」は「waste/sorting_rules」"
        f"にもあります（{corpus_copy}/faq/waste.yml:{new_line}）"
    )
    assert path.read_text(encoding="utf-8") == before


def test_an_unknown_topic_is_rejected(corpus_copy: Path) -> None:
    with pytest.raises(CorpusEditRejected, match="トピック「waste/nothing」はありません"):
        add_example("waste/nothing", "質問", corpus_copy)


def _leaves(examples: int) -> NewTopic:
    return NewTopic(
        id="waste/fallen_leaves", title="落ち葉の出し方", department="gomi", url="/kurashi/gomi/ochiba.html",
        examples=[f"落ち葉を出す方法その{n}" for n in range(examples)],
        answer="落ち葉は燃やすごみの日に出せます。\n・透明な袋でも出せます\n詳しくは {url} をご覧ください。",
        voice="落ち葉は燃やすごみの日に出せます。", sms="落ち葉は燃やすごみの日に透明な袋で出せます。",
    )  # fmt: skip


def test_a_complete_new_topic_is_appended_as_a_local_topic(corpus_copy: Path) -> None:
    corpus = add_topic(_leaves(12), corpus_copy, today=lambda: date(2026, 11, 23))
    topic = corpus.by_id()["waste/fallen_leaves"]
    assert (topic.local, topic.reviewed, len(topic.examples)) == (True, "2026-11-23", 12)
    assert topic.answer == "落ち葉は燃やすごみの日に出せます。\n・透明な袋でも出せます\n詳しくは {url} をご覧ください。\n"
    assert check_corpus(corpus_copy)[1] == []


def test_a_new_topic_with_too_few_examples_is_rejected_with_the_validators_message(corpus_copy: Path) -> None:
    before = (corpus_copy / "faq" / "waste.yml").read_text(encoding="utf-8")
    with pytest.raises(CorpusEditRejected) as rejected:
        add_topic(_leaves(3), corpus_copy)
    assert [p.message for p in rejected.value.problems] == ["トピック「waste/fallen_leaves」: 質問例が3件です。12件以上必要です"]
    assert (corpus_copy / "faq" / "waste.yml").read_text(encoding="utf-8") == before


def test_a_new_topic_needs_an_existing_category(corpus_copy: Path) -> None:
    topic = _leaves(12)
    with pytest.raises(CorpusEditRejected, match="id「parks/leaves」は、今ある分類の「分類/名前」の形にしてください"):
        add_topic(NewTopic(**{**topic.__dict__, "id": "parks/leaves"}), corpus_copy)


@pytest.mark.parametrize(
    "junk",
    ["${jndi:ldap://x}", "<script>alert(1)</script>", "予防接種<img src=x onerror=alert(1)>", "{{7*7}}",
     "1'; DROP TABLE topics;--", "javascript:alert(1)"],
)  # fmt: skip
def test_code_or_markup_is_refused_as_an_example_and_nothing_is_written(corpus_copy: Path, junk: str) -> None:
    path = corpus_copy / "faq" / "childcare.yml"
    before = path.read_text(encoding="utf-8")
    with pytest.raises(CorpusEditRejected, match="プログラムやタグのような文字列です"):
        add_example("childcare/vaccination", junk, corpus_copy)
    assert path.read_text(encoding="utf-8") == before


def test_questions_with_ordinary_symbols_are_still_examples(corpus_copy: Path) -> None:
    for question in ("4か月健診は何時から？", "1歳6か月児健診 <持ち物> は", "A型・B型の違いは? 料金100円"):
        assert add_example("childcare/infant_checkup", question, corpus_copy).by_id()["childcare/infant_checkup"]


def test_a_dry_run_checks_without_writing(corpus_copy: Path) -> None:
    path = corpus_copy / "faq" / "waste.yml"
    before = path.read_text(encoding="utf-8")
    corpus = add_example("waste/bulky_waste", "大きな本棚を出したい", corpus_copy, dry_run=True)
    assert corpus.by_id()["waste/bulky_waste"].examples[-1] == "大きな本棚を出したい"
    assert path.read_text(encoding="utf-8") == before
