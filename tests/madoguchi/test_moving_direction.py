"""Which way a move goes (madoguchi/moving_direction.py), with the real direction files
faq_corpus/moving_direction.tsv and faq_corpus/translations/{en,zh,ko,vi}/moving_direction.tsv."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import pytest

from madoguchi import moving_direction
from madoguchi.japanese import DataFileError
from madoguchi.moving_direction import comparable, direction_cues, direction_settled

MOVE_IN, MOVE_OUT, MOVE_WITHIN = "procedure/move_in", "procedure/move_out", "procedure/move_within"


def ranked(*intents: str) -> List[Dict[str, Any]]:
    """A ranking of the intents, best first, with falling confidences (0.7, 0.2, 0.1 …)."""
    confidences = [0.7, 0.2, 0.05, 0.03, 0.02]
    return [{"intent": intent, "confidence": c} for intent, c in zip(intents, confidences)]


def pointed(text: str, language: str) -> str | None:
    cues = direction_cues(language)
    assert cues is not None
    return cues.pointed_topic(comparable(text, language))


@pytest.mark.parametrize(
    "text, topic",
    [
        ("we move to kanagawa in april, do we need some certificate from here first", MOVE_OUT),  # from here is no place
        ("my company transfer me to Osaka", MOVE_OUT),
        ("leaving for fukuoka at the end of march", MOVE_OUT),
        ("i go back to my country for good", MOVE_OUT),  # a place of the file's own list
        ("we came from saitama on sunday", MOVE_IN),
        ("just arrived here, where do i register", MOVE_IN),
        ("moving from osaka to tokyo", None),  # both directions: left to the ranking
        ("where do i go to register", None),  # go to, but no place
        ("moving to a new apartment in the same city", None),
    ],
)
def test_english_direction_cues_point_to_one_topic(text: str, topic: str | None) -> None:
    assert pointed(text, "en") == topic


@pytest.mark.parametrize(
    "text, topic",
    [
        ("おおさか に すむ こと に なった。この まち の てつづき", MOVE_OUT),
        ("ベトナム へ かえる。ずっと", MOVE_OUT),
        ("来月東京に引っ越します", MOVE_OUT),  # Japanese with kanji too
        ("とうきょう から ひっこし して きた。なに もって いく", MOVE_IN),
        ("大阪から来ました", MOVE_IN),
        ("こんど ここ に すむ", None),  # here is no other place
        ("しの なか に ひっこした", None),  # inside the city
        ("この まち から きた", None),  # from here
        ("大阪から来て、来月また東京へ引っ越す", None),  # both directions
    ],
)
def test_japanese_direction_cues_point_to_one_topic(text: str, topic: str | None) -> None:
    assert pointed(text, "ja") == topic


@pytest.mark.parametrize(
    "text, topic",
    [
        ("爸爸调到名古屋上班，一家人都跟过去", MOVE_OUT),  # no word of moving: a transfer to a place
        ("三月搬去神奈川", MOVE_OUT),
        ("打算回国，不再回日本了", MOVE_OUT),
        ("上周从横滨搬来的", MOVE_IN),
        ("我们刚搬到本市，要登记吗", MOVE_IN),
        ("我去市役所开证明", None),  # going to the city hall is no move to a place
        ("搬到市里的另一个地方了", None),  # inside the city
        ("从东京搬到大阪", None),  # both directions: left to the ranking
    ],
)
def test_chinese_direction_cues_point_to_one_topic(text: str, topic: str | None) -> None:
    assert pointed(text, "zh") == topic


@pytest.mark.parametrize(
    "text, topic",
    [
        ("아내가 나고야로 전근 가게 돼서 같이 가요", MOVE_OUT),
        ("4월부터 지바 친척 집에서 살 거예요", MOVE_OUT),  # no word of moving: will live there
        ("다음 달부터 고베 할머니 댁에서 지내게 됐어요", MOVE_OUT),  # ... or will stay there
        ("내년에 완전히 귀국해요", MOVE_OUT),
        ("요코하마에서 이사 왔어요", MOVE_IN),
        ("지난주에 이사 왔는데 뭐부터 해요", MOVE_IN),
        ("요코하마에서 살다가 왔어요", MOVE_IN),  # lived there until: no future
        ("시청에 서류 내러 가요", None),  # going to the city hall is no move to a place
        ("같은 시 안에서 집을 옮겼어요", None),  # inside the city
        ("오사카에서 도쿄로 이사 가요", None),  # both directions
    ],
)
def test_korean_direction_cues_point_to_one_topic(text: str, topic: str | None) -> None:
    assert pointed(text, "ko") == topic


@pytest.mark.parametrize(
    "text, topic",
    [
        ("vợ tôi được chuyển công tác lên Sendai, cả nhà đi theo", MOVE_OUT),
        ("thang 5 toi xuong osaka o", MOVE_OUT),  # typed without the marks
        ("cuối năm về nước luôn", MOVE_OUT),
        ("gia đình tôi từ Chiba chuyển về", MOVE_IN),
        ("moi sang nhat, dang ky dia chi o dau", MOVE_IN),
        ("đi shiyakusho lấy giấy", None),  # going to the city hall is no move to a place
        ("tu lanh hong vut the nao", None),  # tu (tủ) before no place
        ("chuyển nhà trong thành phố", None),  # inside the city
        ("từ Tokyo chuyển lên Sapporo", None),  # both directions
    ],
)
def test_vietnamese_direction_cues_point_to_one_topic(text: str, topic: str | None) -> None:
    assert pointed(text, "vi") == topic


@pytest.mark.parametrize(
    "text, language",
    [
        ("爸爸调到名古屋上班，一家人都跟过去", "zh"),
        ("4월부터 지바 친척 집에서 살 거예요", "ko"),
        ("thang 5 toi xuong osaka o", "vi"),
    ],
)
def test_a_move_out_read_as_moving_in_changes_places_in_each_language(text: str, language: str) -> None:
    ranking = ranked(MOVE_IN, "procedure/resident_certificate", MOVE_OUT)
    assert [r["intent"] for r in direction_settled(ranking, text, language)][::2] == [MOVE_OUT, MOVE_IN]


def test_the_pointed_topic_changes_places_with_the_best_keeping_the_confidences() -> None:
    ranking = ranked(MOVE_IN, MOVE_WITHIN, MOVE_OUT)
    settled = direction_settled(ranking, "we move to kanagawa in april", "en")
    assert settled == [
        {"intent": MOVE_OUT, "confidence": 0.7},
        {"intent": MOVE_WITHIN, "confidence": 0.2},
        {"intent": MOVE_IN, "confidence": 0.05},
    ]
    assert ranking[0]["intent"] == MOVE_IN  # the ranking given is not changed


def test_a_pointed_topic_below_the_best_three_is_not_brought_up() -> None:
    ranking = ranked(MOVE_IN, MOVE_WITHIN, "procedure/resident_certificate", MOVE_OUT)
    assert direction_settled(ranking, "we move to kanagawa in april", "en") == ranking


def test_a_best_topic_outside_the_file_is_left_alone() -> None:
    # moving within the city is not in the file: the direction says nothing about it
    ranking = ranked(MOVE_WITHIN, MOVE_OUT)
    assert direction_settled(ranking, "we move to kanagawa in april", "en") == ranking


def test_a_question_already_ranked_its_way_or_without_cues_is_left_alone() -> None:
    ranking = ranked(MOVE_OUT, MOVE_IN)
    assert direction_settled(ranking, "we move to kanagawa in april", "en") == ranking
    assert direction_settled(ranked(MOVE_IN, MOVE_OUT), "tennyu todoke what to bring", "en")[0]["intent"] == MOVE_IN


def test_a_language_without_a_direction_file_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ranking = ranked(MOVE_IN, MOVE_OUT)
    assert direction_settled(ranking, "we move to kanagawa", None) == ranking
    # a corpus whose Korean folder has no direction file: the loader finds none
    (tmp_path / "translations" / "ko").mkdir(parents=True)
    monkeypatch.setattr(moving_direction, "CORPUS_DIR", tmp_path)
    direction_cues.cache_clear()
    assert direction_cues("ko") is None
    assert direction_settled(ranking, "도쿄로 이사 가요", "ko") == ranking
    direction_cues.cache_clear()


def test_a_bad_direction_line_is_named_with_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "translations" / "xx" / "moving_direction.tsv"
    broken.parent.mkdir(parents=True)
    broken.write_text("# cues\nplace\tlima\nprocedure/move_out\t(to {place}\n", encoding="utf-8")
    monkeypatch.setattr(moving_direction, "CORPUS_DIR", tmp_path)
    with pytest.raises(DataFileError, match=r"moving_direction.tsv:3: not a regular expression"):
        direction_cues("xx")
    direction_cues.cache_clear()


@pytest.mark.parametrize(
    "examples, language",
    [
        ("faq", "ja"),
        ("translations/ja-easy/faq", "ja"),
        ("translations/en/faq", "en"),
        ("translations/zh/faq", "zh"),
        ("translations/ko/faq", "ko"),
        ("translations/vi/faq", "vi"),
    ],
)
def test_no_moving_example_of_the_corpus_points_the_other_way(examples: str, language: str) -> None:
    import yaml

    from madoguchi.paths import CORPUS_DIR

    topics = yaml.safe_load((CORPUS_DIR / examples / "procedure.yml").read_text(encoding="utf-8"))["topics"]
    moving = {t["id"]: t["examples"] for t in topics if t["id"] in (MOVE_IN, MOVE_OUT)}
    assert len(moving) == 2
    pointed_back = [
        (topic, e) for topic, texts in moving.items() for e in texts if pointed(str(e), language) not in (None, topic)
    ]
    assert pointed_back == []
    # the cues find some of them: a file that matched nothing would pass the line above too
    assert sum(pointed(str(e), language) is not None for texts in moving.values() for e in texts) >= 5


@pytest.mark.parametrize(
    "text, topic",
    [
        ("娘の近くで暮らそうとこちらに越してまいりました。まずは届けについて", MOVE_IN),  # moved here
        ("先週こっちに引っ越してきたばかりです", MOVE_IN),
        ("住民票を向こうに移すために、こちらで届けを", MOVE_OUT),  # the record taken over there
        ("こちらに越してくる予定の母のこと", None),  # not yet moved: no cue
        ("東京で暮らしておりましたが、地元に戻ってまいりました。実家に住むことになったのですが", MOVE_IN),
        ("妻が出産のため実家に帰っております", None),  # a visit to the family's home is no move
    ],
)
def test_japanese_cues_of_moving_here_and_taking_the_record_there(text: str, topic: str | None) -> None:
    assert pointed(text, "ja") == topic


def test_the_topic_the_direction_rules_out_goes_last_when_the_best_is_already_pointed() -> None:
    ranking = ranked(MOVE_IN, MOVE_OUT, "childcare/pregnancy_notification")
    settled = direction_settled(ranking, "大阪を離れ、こちらに越してまいりました", "ja")
    assert [r["intent"] for r in settled] == [MOVE_IN, "childcare/pregnancy_notification", MOVE_OUT]
    assert [r["confidence"] for r in settled] == [0.7, 0.05, 0.2]  # the confidences are kept
    # moving within the city is not ruled out by a direction: it stays where it was
    within = ranked(MOVE_IN, MOVE_WITHIN, MOVE_OUT)
    assert [r["intent"] for r in direction_settled(within, "こちらに越してまいりました", "ja")] == [
        MOVE_IN,
        MOVE_WITHIN,
        MOVE_OUT,
    ]


def test_after_changing_places_the_ruled_out_topic_goes_last() -> None:
    ranking = ranked(MOVE_IN, MOVE_OUT, "procedure/resident_certificate")
    settled = direction_settled(ranking, "来月東京に引っ越します", "ja")
    assert [r["intent"] for r in settled] == [MOVE_OUT, "procedure/resident_certificate", MOVE_IN]


def test_without_a_cue_the_runner_up_sibling_stays() -> None:
    ranking = ranked(MOVE_IN, MOVE_OUT, "childcare/pregnancy_notification")
    assert direction_settled(ranking, "引っ越しの届けについて教えてください", "ja") == ranking
