"""Another municipality's services asked in Chinese, Korean or Vietnamese are that city's to
answer (faq_corpus/translations/{zh,ko,vi}/other_places.tsv, madoguchi/other_places.py);
moving, a trip and a family register kept there keep a question this city's."""

from __future__ import annotations

import pytest
import yaml

from madoguchi.other_places import ListedPlaces, translated_other_places
from madoguchi.paths import CORPUS_DIR


def _places(language: str) -> ListedPlaces:
    places = translated_other_places(language)
    assert places is not None
    return places


@pytest.mark.parametrize(
    "language, question, place",
    [
        ("zh", "大阪市役所周六开门吗", "大阪"),  # no space between the place and its office
        ("zh", "横滨的垃圾是星期几收", "横滨"),  # a service
        ("ko", "요코하마 구청 몇 시까지 해요", "요코하마"),
        ("ko", "오사카에서는 쓰레기 어떻게 버려요", "오사카"),  # a particle after the place
        ("vi", "Rác ở Yokohama thu vào thứ mấy", "Yokohama"),
        ("vi", "shiyakusho o kyoto may gio dong cua", "kyoto"),  # typed without marks
    ],
)
def test_another_citys_service_names_the_place(language: str, question: str, place: str) -> None:
    assert _places(language).named(question) == place


@pytest.mark.parametrize(
    "language, question",
    [
        ("zh", "从东京搬过来要办什么手续"),  # moving in
        ("zh", "下个月搬到大阪，市役所那边要办什么"),  # moving out
        ("zh", "市役所几点开门"),  # this city
        ("ko", "오사카에서 이사 왔는데 전입신고는 어디서 해요"),
        ("ko", "도쿄"),  # a place and nothing asked of it
        ("vi", "Chuyển từ Osaka đến thì làm thủ tục gì ở tòa thị chính"),
        ("vi", "kobetsu shushu rac"),  # a word that begins like a place is not the place
    ],
)
def test_this_citys_questions_are_left_alone(language: str, question: str) -> None:
    assert _places(language).named(question) is None


@pytest.mark.parametrize("language", ["zh", "ko", "vi"])
def test_no_corpus_example_reads_as_another_citys(language: str) -> None:
    examples = [
        str(example)
        for path in sorted((CORPUS_DIR / "translations" / language / "faq").glob("*.yml"))
        for topic in yaml.safe_load(path.read_text(encoding="utf-8"))["topics"]
        for example in topic["examples"]
    ]
    assert len(examples) > 700
    assert [e for e in examples if _places(language).named(e) is not None] == []


def test_another_citys_office_in_traditional_characters_is_read_as_simplified() -> None:
    # 橫濱 is the list's 横滨 folded by OpenCC (madoguchi.traditional_chinese); unfolded it named nothing
    from bot.nlu.other_place import _another_citys

    assert _places("zh").named("橫濱市役所電話號碼") is None
    assert _another_citys("橫濱市役所電話號碼")
