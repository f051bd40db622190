"""Translations beside the Japanese corpus: checked like it, and what each language lacks is told."""

from __future__ import annotations

import shutil
from pathlib import Path

from madoguchi.corpus.generate import domain_data, messages_data
from madoguchi.corpus.model import fill_placeholders
from madoguchi.corpus.translations import missing_translations, sms_limit, translation_warnings
from madoguchi.corpus.validate import check_corpus, load_corpus

TOPIC = """\
category: waste
topics:
  - id: waste/bulky_waste
    title: Large items (bulky waste)
    reviewed: 2026-12-03
    examples: [{examples}]
    answer: |
      Large items are collected on application. Details: {{url}}
    voice: {voice}
    sms: Apply before putting out large items.
"""
TEN = ", ".join(f"how do I throw away a big thing number {n}" for n in range(10))


def _fresh(corpus: Path, language: str) -> None:
    """The language with nothing translated yet."""
    shutil.rmtree(corpus / "translations" / language, ignore_errors=True)


def _write(corpus: Path, language: str, text: str, name: str = "faq/waste.yml") -> Path:
    path = corpus / "translations" / language / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _problems(corpus: Path) -> list:
    return [str(p) for p in check_corpus(corpus, normalize=lambda text: text)[1]]


def test_a_written_translation_is_checked_with_file_and_line(corpus_copy: Path) -> None:
    text = TOPIC.format(examples="too few", voice="See https://example.com (or call)")
    text += "  - id: waste/no_such_topic\n    title: x\n"
    _write(corpus_copy, "vi", text)
    problems = [p for p in _problems(corpus_copy) if "translations/vi/" in p]
    assert any(":6: トピック「waste/bulky_waste」（vi）: 質問例が1件です。6件以上必要です" in p for p in problems), problems
    assert any(":9: トピック「waste/bulky_waste」（vi）: voice にURLがあります" in p for p in problems)
    assert any(":9: トピック「waste/bulky_waste」（vi）: voice にかっこがあります" in p for p in problems)
    assert any(":11: トピック「waste/no_such_topic」（vi）: 項目 reviewed がないか、空です" in p for p in problems)


def test_an_unknown_topic_and_changed_button_payloads_are_problems(corpus_copy: Path) -> None:
    _write(corpus_copy, "ko", TOPIC.replace("waste/bulky_waste", "waste/bulky").format(examples=TEN, voice="Apply first."))
    _write(
        corpus_copy,
        "ko",
        "utter_ask_dog:\n  text: 개를 키우세요?\n  buttons:\n    - {title: 네, payload: /yes}\n",
        "messages.yml",
    )
    problems = [p for p in _problems(corpus_copy) if "translations/ko/" in p]
    assert any(p.endswith(":3: id「waste/bulky」の日本語のトピックがありません") for p in problems), problems
    assert any(
        p.endswith("messages.yml:1: メッセージ「utter_ask_dog」（ko）: ボタンの payload を日本語と同じ順に同じにしてください")
        for p in problems
    )


def test_what_a_language_lacks_is_a_warning_not_a_problem(corpus_copy: Path) -> None:
    _fresh(corpus_copy, "ko")
    _write(corpus_copy, "ko", TOPIC.format(examples=TEN, voice="Apply first."))
    assert [p for p in _problems(corpus_copy) if "translations/ko/" in p] == []
    corpus, _ = load_corpus(corpus_copy)
    lacks = missing_translations(corpus)["ko"]
    assert "waste/bulky_waste" not in lacks and "waste/sorting_rules" in lacks and "utter_greet" in lacks
    assert any(line.startswith("警告: ko の翻訳がないもの") for line in translation_warnings(corpus))


def test_translations_become_response_variations_conditioned_on_the_language(corpus_copy: Path) -> None:
    _fresh(corpus_copy, "ko")
    _write(corpus_copy, "ko", TOPIC.format(examples=TEN, voice="Apply first."))
    corpus, _ = load_corpus(corpus_copy)
    domain = domain_data(corpus)
    assert "- condition:\n    - type: slot\n      name: language\n      value: ko\n    text: 'Large items are collected" in domain
    # an untranslated message has the Japanese text only, without a condition
    assert "value: ko" not in messages_data(corpus).split("utter_greet:")[1].split("utter_")[0]


def test_sms_limit_depends_on_the_alphabet() -> None:
    assert sms_limit("Apply first.\nhttps://www.city.midorino.example/a.html") == 306
    assert sms_limit("Đăng ký trước.") == 134


def test_a_topic_with_questions_only_is_understood_and_answered_in_japanese(corpus_copy: Path) -> None:
    _fresh(corpus_copy, "zh")
    questions = "category: waste\ntopics:\n  - id: waste/bulky_waste\n    reviewed: 2026-12-03\n    examples: [{examples}]\n"
    _write(corpus_copy, "zh", questions.format(examples=", ".join(f"大件垃圾怎么扔{n}" for n in range(6))))
    assert [p for p in _problems(corpus_copy) if "translations/zh/" in p] == []
    corpus, _ = load_corpus(corpus_copy)
    bulky = corpus.by_id()["waste/bulky_waste"]
    assert corpus.render(bulky, "answer", "zh") == corpus.render(bulky, "answer")  # the Japanese answer
    assert "value: zh" not in domain_data(corpus)
    assert "waste/bulky_waste" in missing_translations(corpus)["zh"]  # its answer is still missing
    # half an answer is a problem: title, answer, voice and sms come together
    _write(corpus_copy, "zh", questions.format(examples="大件垃圾") + "    answer: 大件垃圾需要预约。\n")
    problems = [p for p in _problems(corpus_copy) if "translations/zh/" in p]
    assert any("項目 voice がないか、空です" in p for p in problems) and any("項目 title" in p for p in problems)


def test_a_language_without_its_skill_texts_lacks_them_and_a_broken_one_is_a_problem(corpus_copy: Path) -> None:
    (corpus_copy / "translations" / "ko" / "skills.yml").unlink()
    corpus, _ = load_corpus(corpus_copy)
    assert "skills.yml" in missing_translations(corpus)["ko"] and "waste_items.yml" not in missing_translations(corpus)["ko"]
    _write(corpus_copy, "vi", "categories: {burnable: Rác cháy được}\nby_category: {}\n", "waste_items.yml")
    problems = [p for p in _problems(corpus_copy) if "translations/vi/waste_items.yml" in p]
    assert len(problems) == 1 and "'categories' lacks non_burnable" in problems[0], problems


def test_a_value_ending_a_sentence_does_not_double_the_templates_full_stop() -> None:
    values = {"hours": "weekdays from 8:30 a.m. to 5:15 p.m.", "tel": "00-1234-0302"}

    assert fill_placeholders("Open {hours}.", values) == "Open weekdays from 8:30 a.m. to 5:15 p.m."
    assert fill_placeholders("Call {tel}.", values) == "Call 00-1234-0302."
    assert fill_placeholders("Open {hours} (phone {tel}).", values) == (
        "Open weekdays from 8:30 a.m. to 5:15 p.m. (phone 00-1234-0302)."
    )
