"""Korean, Chinese and Vietnamese questions that name a topic's thing and ask something else
about it are told apart from questions on the city's procedure
(faq_corpus/translations/{ko,zh,vi}/other_questions.tsv, read by madoguchi/other_questions.py
as the English cues are)."""

from __future__ import annotations

import pytest
import yaml

from madoguchi.other_questions import QuestionCues, translated_question_cues
from madoguchi.paths import CORPUS_DIR


def _cues(language: str) -> QuestionCues:
    cues = translated_question_cues(language)
    assert cues is not None
    return cues


@pytest.mark.parametrize(
    "language, question, cue",
    [
        ("ko", "세탁기 고장 나서 수리 맡기고 싶어요", "수리"),  # a device's trouble
        ("ko", "휴지통에 버린 파일 찾는 법", "휴지통"),  # the computer's recycle bin, though 버린
        ("ko", "고양이 사료 뭐가 좋아요", "사료"),  # a pet's care
        ("ko", "비자 연장은 어디서 해요", "비자"),  # the state's business
        ("zh", "空调坏了找谁维修", "维修"),
        ("zh", "回收站的照片误删了", "回收站"),
        ("zh", "怎么训练小狗上厕所", "训练"),
        ("zh", "护照丢了怎么办", "护照"),
        ("vi", "máy lạnh hỏng sửa ở đâu", "sửa"),
        ("vi", "may lanh hong sua o dau", "sua"),  # typed without marks
        ("vi", "cho chó ăn xương được không", "cho chó ăn"),
        ("vi", "gia hạn visa ở cục xuất nhập cảnh", "visa"),
        # work, shopping and a pet's grooming (2026-12-04)
        ("ko", "마트 알바 시급 얼마예요", "알바"),
        ("ko", "애견 미용 예약하고 싶어요", "애견 미용"),
        ("ko", "전자레인지 어디가 제일 싸요", "어디가 제일 싸"),
        ("zh", "超市打工时薪多少", "打工"),
        ("zh", "哪里买自行车便宜", "便宜"),
        ("vi", "tim viec lam them o dau", "tim viec"),
        ("vi", "Lương nhân viên siêu thị bao nhiêu", "Lương"),
        ("vi", "mua xe dap cu o dau re", "re"),
        # food in pregnancy, a thing's smell, a vet, a landlord, residence status, chat (2026-12-04)
        ("zh", "坐月子可以喝冰水吗", "可以喝"),
        ("zh", "洗衣机有臭味怎么办", "臭味"),
        ("zh", "附近有兽医吗", "兽医"),
        ("zh", "房东要涨房租", "房东"),
        ("zh", "在留资格怎么变更", "在留资格"),
        ("ko", "수유 중에 커피 마셔도 돼요?", "마셔도"),
        ("ko", "신발장 곰팡이 없애는 법", "곰팡이"),
        ("ko", "고양이 토해요 동물병원 어디", "동물병원"),
        ("ko", "집주인이 수리 안 해줘요", "수리"),  # the device's repair cue comes first
        ("ko", "출입국 재류자격 변경", "출입국"),
        ("vi", "Cho con bú uống cà phê được không", "uống cà phê được không"),
        ("vi", "khử mùi tủ lạnh thế nào", "khử mùi"),
        ("vi", "Thuê nhà gần ga bao nhiêu tiền", "Thuê nhà"),
        ("vi", "giá vé shinkansen đi Kyoto", "giá vé"),  # a trip's fare
        ("vi", "ve may bay ve Ha Noi mua o dau", "ve may bay"),
    ],
)
def test_a_question_about_the_thing_itself_shows_its_cue(language: str, question: str, cue: str) -> None:
    assert _cues(language).asks_something_else(question) == cue


@pytest.mark.parametrize(
    "language, question",
    [
        ("ko", "고장 난 세탁기 어떻게 버려요"),  # a disposal, though broken
        ("ko", "비자 서류로 낼 과세 증명서 발급"),  # the state asks for the city's certificate
        ("ko", "학동 간식비는 얼마예요"),  # the club's snack fee, not a pet's treats
        ("zh", "坏了的冰箱怎么扔"),
        ("zh", "办签证要用的住民票在哪里开"),
        ("zh", "旧电脑怎么回收"),  # the city's collection, not the computer's recycle bin
        ("vi", "tủ lạnh hỏng vứt thế nào"),
        ("vi", "nguyên quán ở nơi khác thì xin koseki thế nào"),  # one's hometown, not a restaurant
        ("vi", "gia han visa can giay juminhyo"),
        ("ko", "싱글맘 취업 지원 있어요"),  # the city's support for a single parent's work
        ("zh", "垃圾袋哪里买便宜"),  # the city's bags, cheap or not
        ("vi", "Đóng lương hưu quốc dân ở đâu"),  # lương hưu: the pension
        # the city's business beside those words (2026-12-04)
        ("zh", "狂犬疫苗可以在宠物医院打吗"),  # the rabies shot is the city's, wherever given
        ("zh", "在留卡地址变更在哪里办"),  # the residence card's address is changed at the city
        ("zh", "签证更新要課税証明，在哪开"),  # the Japanese word of the city's certificate
        ("ko", "광견병 주사 동물병원에서 맞아도 돼요?"),
        ("ko", "재류카드 주소 변경"),
        ("vi", "tiêm phòng dại ở bệnh viện thú y được không"),
        ("vi", "Tiền nhà trẻ một tháng bao nhiêu"),  # nhà trẻ, the nursery, not the rent
        ("zh", "办签证要丈夫的户籍誊本，怎么拿"),  # the family register beside the visa
        ("vi", "vé gửi xe đạp ở ga, xe bỏ lâu ngày vứt thế nào"),  # a bicycle's parking ticket beside the city's disposal
    ],
)
def test_a_question_on_the_city_procedure_is_left_alone(language: str, question: str) -> None:
    assert _cues(language).asks_something_else(question) is None


@pytest.mark.parametrize("language", ["ko", "zh", "vi"])
def test_no_corpus_example_reads_as_another_question(language: str) -> None:
    cues = _cues(language)
    examples = [
        example
        for path in sorted((CORPUS_DIR / "translations" / language / "faq").glob("*.yml"))
        for topic in yaml.safe_load(path.read_text(encoding="utf-8"))["topics"]
        for example in topic["examples"]
    ]
    assert len(examples) > 700
    assert [e for e in examples if cues.asks_something_else(e) is not None] == []
