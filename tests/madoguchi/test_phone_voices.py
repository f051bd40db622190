"""The phone's voices (faq_corpus/city.yml `phone_voices`) and words (translations/<code>/phone.yml):
a wrong value is found when the corpus is read, with the file and line, not during a call."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from madoguchi.corpus.translations import load_translations
from madoguchi.paths import CORPUS_DIR
from madoguchi.profile import PhoneVoice, load_profile


def test_the_sample_city_speaks_every_language_with_a_voice_twilio_knows():
    voices = load_profile(CORPUS_DIR / "city.yml").phone_voices
    assert voices["zh"] == PhoneVoice("Polly.Zhiyu", "cmn-CN", "cmn-Hans-CN")
    assert voices["ko"] == PhoneVoice("Polly.Seoyeon", "ko-KR", "ko-KR")
    assert voices["vi"] == PhoneVoice("Google.vi-VN-Standard-A", "vi-VN", "vi-VN")
    assert voices["ja-easy"].rate == "85%"


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("{voice: Zhiyu, say: cmn-CN, speech: cmn-Hans-CN}", "voice は Twilio の声の名前"),
        ("{voice: Polly.Zhiyu, say: cmn-CN, speech: zh}", "speech は言語と地域のコード"),
        ("{voice: Polly.Zhiyu, say: cmn-CN, speech: cmn-Hans-CN, rate: very slow}", "rate は"),
    ],
)
def test_a_wrong_voice_is_refused_with_its_line(tmp_path: Path, entry: str, problem: str):
    city = tmp_path / "city.yml"
    text = (CORPUS_DIR / "city.yml").read_text(encoding="utf-8")
    text = text.replace("  zh: {voice: Polly.Zhiyu, say: cmn-CN, speech: cmn-Hans-CN}", f"  zh: {entry}")
    city.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"  zh: {entry}") + 1
    with pytest.raises(ValueError, match=f"{city}:{line}: phone_voices の zh: {problem}"):
        load_profile(city)


def test_a_city_without_phone_voices_speaks_japanese(tmp_path: Path):
    city = tmp_path / "city.yml"
    text = (CORPUS_DIR / "city.yml").read_text(encoding="utf-8")
    city.write_text(text[: text.index("\n# The phone's voice")] + "\n", encoding="utf-8")
    assert load_profile(city).phone_voices == {"ja": PhoneVoice("Polly.Mizuki", "ja-JP", "ja-JP")}


def test_a_phone_yml_missing_a_word_is_a_problem_with_its_file(tmp_path: Path):
    corpus = tmp_path / "faq_corpus"
    shutil.copytree(CORPUS_DIR / "translations" / "ko", corpus / "translations" / "ko")
    phone = corpus / "translations" / "ko" / "phone.yml"
    lines = [line for line in phone.read_text(encoding="utf-8").splitlines() if not line.startswith("leave_skill:")]
    lines = [line.replace("  date:", "  day:") for line in lines]
    phone.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems: list = []
    translations = load_translations(corpus, problems)
    found = {(p.where, p.message) for p in problems}
    opening = next(n for n, line in enumerate(lines, start=1) if line.startswith("opening:"))
    assert any(w.endswith("translations/ko/phone.yml:1") and "電話の文「leave_skill」がありません" in m for w, m in found)
    assert any(w.endswith(f"translations/ko/phone.yml:{opening}") and "opening には weekdays, date" in m for w, m in found)
    assert translations["ko"].phone == {}  # not used until it is whole: a Chinese or Japanese fallback would be wrong


def test_the_japanese_phone_words_have_every_name_the_other_languages_have():
    from ivr.calls import JAPANESE
    from madoguchi.corpus.translations import PHONE_WORDS

    assert set(PHONE_WORDS) - {"menus", "other_languages"} <= set(JAPANESE)  # menus: ivr/menu.yml
    assert {"to_japanese", "choices"} <= set(JAPANESE)
