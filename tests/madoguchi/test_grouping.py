from madoguchi.grouping import features, group_questions, similarity


def test_rephrasings_of_one_request_meet() -> None:
    assert similarity(features("粗大ゴミの申し込み方"), features("粗大ごみ 申込方法")) == 0.6
    assert similarity(features("犬の登録はどこでするの"), features("犬の登録 場所")) == 0.5


def test_different_requests_about_one_thing_stay_apart() -> None:
    assert similarity(features("粗大ごみの申し込み方法を教えて"), features("粗大ごみの手数料はいくら")) < 0.5
    assert similarity(features("住民票の取り方"), features("住民票 コンビニ")) < 0.5


def test_groups_count_members_and_come_largest_first() -> None:
    questions = [
        "プールの営業時間",
        "粗大ゴミの申し込み方",
        "粗大ごみ 申込方法",
        "粗大ごみの申し込み方法を教えて",
        "犬の登録 場所",
    ]
    groups = group_questions(questions, text_of=str)
    assert [(g.text, g.count) for g in groups] == [
        ("粗大ゴミの申し込み方", 3),
        ("プールの営業時間", 1),
        ("犬の登録 場所", 1),
    ]
    assert groups[0].members == ["粗大ゴミの申し込み方", "粗大ごみ 申込方法", "粗大ごみの申し込み方法を教えて"]


def test_text_without_content_words_is_its_own_feature() -> None:
    assert features("えっと") == {"えっと"}
