"""Translations beside the Japanese corpus: `faq_corpus/translations/<language>/`.

Each language's folder mirrors the Japanese files (`faq/<category>.yml`, `messages.yml`),
so a translator works in one folder and staff compare two files side by side. A topic
names the Japanese topic by `id`; its department and page are the Japanese topic's.

Problems in what is written (an unknown id, an empty answer, a voice text too long) stop
training like any corpus problem. What is not written yet (a topic or message a language
lacks) is a warning: the assistant answers in Japanese there, and `make validate` and the
staff console list what each language lacks.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, Optional

import yaml

from madoguchi.corpus.model import (
    TRANSLATED_FIELDS,
    Corpus,
    Message,
    TopicTranslation,
    Translation,
    display_path,
    fill_placeholders,
    placeholders_in,
)
from madoguchi.corpus.yamlines import LineDict, LineList, YamlSyntaxError, load_yaml_with_lines
from madoguchi.languages import TRANSLATED

TRANSLATIONS_DIR = "translations"
# What a topic's answer is made of: written together, or not yet (then answered in Japanese).
ANSWER_FIELDS = ("title", "answer", "voice", "sms")
# The intents besides FAQ topics whose examples a language may add (intents.yml).
INTENTS = (
    "greet", "goodbye", "thank", "affirm", "deny", "cancel", "bot_challenge", "out_of_scope",
    "human_handoff", "waste_item_lookup", "waste_collection_day", "moving_checklist",
)  # fmt: skip
# Example questions a translated topic needs (issue 16): English is most asked for.
MIN_EXAMPLES = {"en": 10}
MIN_EXAMPLES_OTHERS = 6
# A voice text is read by the phone's speech synthesizer: about 20 seconds at most.
VOICE_MAX_CHARS = {"en": 320, "vi": 320, "ko": 200, "zh": 150, "ja-easy": 180}
VOICE_MAX_SENTENCES = 3
# SMS in GSM-7 (plain English) hold 153 characters per part, anything else 67 (UCS-2).
SMS_PARTS = 2
_GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
_VOICE_FORBIDDEN = [
    (re.compile(r"https?://|www\.|\.(jp|com|example)\b"), "URL"),
    (re.compile(r"[()（）「」『』【】\[\]<>＜＞{}｛｝]"), "かっこ"),
    (re.compile(r"[〜～/／|｜*＊#＃・]"), "読み上げられない記号"),
    (re.compile(r"\d{2,4}-\d{2,4}-\d{3,4}"), "電話番号"),
    (re.compile(r"^\s*[-・*]", re.MULTILINE), "箇条書き"),
]
# A sentence ends at 。！？, or at . ! ? before a capital (so "9 a.m. to noon" is one sentence).
_SENTENCE_END = re.compile(r"(?<=[。！？])|(?<=[.!?])\s+(?=[A-Z\u00c0-\u1ef9])")


class _Problems(list):
    """Problems as validate.Problem, made here without importing validate (it imports us)."""

    def add(self, where: str, message: str) -> None:
        from madoguchi.corpus.validate import Problem

        self.append(Problem(where, message))


def sms_limit(text: str) -> int:
    """Characters two SMS parts hold for this text."""
    return SMS_PARTS * (153 if set(text) <= _GSM7 else 67)


def _sentences(text: str) -> List[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def _topic(mapping: LineDict, language: str, path: Path, problems: _Problems) -> Optional[TopicTranslation]:
    """A translated topic; one with `id` and `examples` only is understood in the language and
    answered in Japanese until its answer is written (answer, voice, sms and title come together)."""
    name = mapping.get("id") or "?"
    answered = any(mapping.get(f) for f in ANSWER_FIELDS)
    needed = TRANSLATED_FIELDS if answered else ("id", "reviewed", "examples")
    ok = True
    for field_name in needed:
        if field_name not in mapping or mapping[field_name] is None or str(mapping[field_name]).strip() == "":
            line = mapping.lines.get(field_name, mapping.line)
            problems.add(f"{display_path(path)}:{line}", f"トピック「{name}」（{language}）: 項目 {field_name} がないか、空です")
            ok = False
    examples = mapping.get("examples")
    if ok and not (isinstance(examples, LineList) and all(isinstance(e, str) for e in examples)):
        where = f"{display_path(path)}:{mapping.lines['examples']}"
        problems.add(where, f"トピック「{name}」: examples は質問の一覧にしてください")
        ok = False
    if not ok:
        return None
    assert isinstance(examples, LineList)
    return TopicTranslation(
        id=str(mapping["id"]),
        language=language,
        title=str(mapping.get("title") or "").strip(),
        reviewed=str(mapping["reviewed"]),
        examples=[e.strip() for e in examples],
        answer=str(mapping.get("answer") or ""),
        voice=str(mapping.get("voice") or "").strip(),
        sms=str(mapping.get("sms") or "").strip(),
        file=path,
        line=mapping.line,
        field_lines=dict(mapping.lines),
        example_lines=list(examples.lines),
    )


def _load_topics(path: Path, language: str, translation: Translation, problems: _Problems) -> None:
    try:
        data = load_yaml_with_lines(path)
    except YamlSyntaxError as error:
        problems.add(f"{display_path(path)}:{error.line}", f"YAML の書き方に誤りがあります: {error.problem}")
        return
    if not isinstance(data, LineDict) or not isinstance(data.get("topics"), LineList):
        problems.add(f"{display_path(path)}:1", "category と topics（トピックの一覧）が必要です")
        return
    for item in data["topics"]:
        if not isinstance(item, LineDict):
            problems.add(f"{display_path(path)}:{data['topics'].line}", "トピックは id、title などの項目の組にしてください")
            continue
        topic = _topic(item, language, path, problems)
        if topic is None:
            continue
        if topic.id in translation.topics:
            first = translation.topics[topic.id].where("id")
            problems.add(topic.where("id"), f"id「{topic.id}」が重複しています（最初は {first}）")
            continue
        translation.topics[topic.id] = topic


def _load_messages(path: Path, translation: Translation, problems: _Problems) -> None:
    try:
        data = load_yaml_with_lines(path)
    except YamlSyntaxError as error:
        problems.add(f"{display_path(path)}:{error.line}", f"YAML の書き方に誤りがあります: {error.problem}")
        return
    if data is None:
        return
    if not isinstance(data, LineDict):
        problems.add(f"{display_path(path)}:1", "メッセージ名と文の組にしてください")
        return
    for name, value in data.items():
        where = f"{display_path(path)}:{data.lines.get(name, 1)}"
        translation.message_lines[str(name)] = where
        if isinstance(value, LineDict):
            buttons = value.get("buttons") or []
            if not all(isinstance(b, LineDict) and b.get("title") and b.get("payload") for b in buttons):
                problems.add(where, f"メッセージ「{name}」: ボタンには title と payload が必要です")
                continue
            text = str(value.get("text") or "").strip()
            translation.messages[str(name)] = Message(text, tuple((str(b["title"]), str(b["payload"])) for b in buttons))
        elif value is not None and str(value).strip():
            translation.messages[str(name)] = Message(str(value).strip())
        else:
            problems.add(where, f"メッセージ「{name}」が空です")


def _load_intents(path: Path, translation: Translation, problems: _Problems) -> None:
    try:
        data = load_yaml_with_lines(path)
    except YamlSyntaxError as error:
        problems.add(f"{display_path(path)}:{error.line}", f"YAML の書き方に誤りがあります: {error.problem}")
        return
    if data is None:
        return
    if not isinstance(data, LineDict):
        problems.add(f"{display_path(path)}:1", "意図（intent）の名前と質問例の一覧の組にしてください")
        return
    for name, examples in data.items():
        where = f"{display_path(path)}:{data.lines.get(name, 1)}"
        if name not in INTENTS:
            problems.add(where, f"意図「{name}」はありません（{', '.join(INTENTS)} のどれか）")
        elif not (isinstance(examples, list) and examples and all(isinstance(e, str) and e.strip() for e in examples)):
            problems.add(where, f"意図「{name}」: 質問例の一覧にしてください")
        else:
            translation.intents[str(name)] = [e.strip() for e in examples]


# The website chat's texts a language may translate (widget.yml `labels`).
WIDGET_LABELS = (
    "launcher", "defaultTitle", "close", "large", "reset", "log", "you", "bot", "choices", "menu", "quickStart",
    "inputLabel", "hint", "send", "busy", "feedbackQuestion", "helpful", "notHelpful", "thanks", "unresolved",
    "newTab", "moreInfo", "contact", "notSent", "unavailable", "language",
)  # fmt: skip


def _load_widget(path: Path, translation: Translation, problems: _Problems) -> None:
    try:
        data = load_yaml_with_lines(path)
    except YamlSyntaxError as error:
        problems.add(f"{display_path(path)}:{error.line}", f"YAML の書き方に誤りがあります: {error.problem}")
        return
    if not isinstance(data, LineDict):
        problems.add(f"{display_path(path)}:1", "title、privacy、labels などの組にしてください")
        return
    labels = data.get("labels")
    if isinstance(labels, LineDict):
        for name, text in labels.items():
            if name not in WIDGET_LABELS or not isinstance(text, str):
                where = f"{display_path(path)}:{labels.lines.get(name, 1)}"
                problems.add(where, f"ラベル「{name}」は使えないか、文ではありません")
    quick = data.get("quick_start") or []
    if not (isinstance(quick, list) and all(isinstance(q, dict) and q.get("label") and q.get("intro") for q in quick)):
        where = f"{display_path(path)}:{data.lines.get('quick_start', 1)}"
        problems.add(where, "quick_start は label と intro の一覧にしてください")
        return
    translation.widget = dict(data)


# The phone's words every phone.yml has (ivr/calls.py uses them; `offer`, the line in the
# Japanese main menu, and `opening`, how the language says a date, may be left out).
PHONE_WORDS = (
    "greeting", "speak_or_press", "after_answer", "ask_question", "slow_fallback", "not_heard", "wrong_key",
    "rasa_down", "skill_down", "could_not_help", "confirm", "sorry", "choice", "district", "district_choice", "leave_skill",
    "no_sms", "sms_accepted", "no_such_answer", "connecting", "closed", "closed_menu", "not_reached",
    "not_reached_menu", "record", "recorded", "contact_sms", "choose", "other_languages", "menus",
)  # fmt: skip
PHONE_OPENING = ("weekdays", "date", "time", "time_on_the_hour")  # `opening`'s words (also today, tomorrow, am, pm)


def _phone_value_problem(name: str, value: object) -> str:
    """What is wrong with one entry of phone.yml ("" when nothing)."""
    if name == "menus":
        good = isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
        return "" if good else "menus はメニューごとの文にしてください"
    if name == "opening":
        if not (isinstance(value, dict) and all(value.get(key) for key in PHONE_OPENING)):
            return f"opening には {', '.join(PHONE_OPENING)} が必要です"
        seven = isinstance(value["weekdays"], list) and len(value["weekdays"]) == 7
        return "" if seven else "opening の weekdays は月曜日から日曜日の7つにしてください"
    return "" if isinstance(value, str) and value.strip() else f"「{name}」が文ではありません"


def _load_phone(path: Path, translation: Translation, problems: _Problems) -> None:
    """The phone's words (phone.yml): texts by name, `menus`: a prompt per menu of ivr/menu.yml,
    `opening`: how the language says when the office opens."""
    try:
        data = load_yaml_with_lines(path)
    except YamlSyntaxError as error:
        problems.add(f"{display_path(path)}:{error.line}", f"YAML の書き方に誤りがあります: {error.problem}")
        return
    if not isinstance(data, LineDict):
        problems.add(f"{display_path(path)}:1", "文の名前と文の組にしてください")
        return
    found = len(problems)
    for name, value in data.items():
        problem = _phone_value_problem(str(name), value)
        if problem:
            problems.add(f"{display_path(path)}:{data.lines.get(name, 1)}", problem)
    for name in PHONE_WORDS:
        if name not in data:
            problems.add(f"{display_path(path)}:1", f"電話の文「{name}」がありません（日本語が外国語の声で読まれてしまいます）")
    if len(problems) == found:
        translation.phone = dict(data)


# The skills' texts in a language (madoguchi/item_names.py, madoguchi/skill_texts.py): without
# them the item lookup, collection days and the checklist answer in Japanese.
SKILL_FILES = ("waste_items.yml", "skills.yml")


def _check_skill_files(folder: Path, translation: Translation, problems: _Problems) -> None:
    from madoguchi.item_names import load_item_texts
    from madoguchi.japanese import DataFileError
    from madoguchi.skill_texts import load_skill_texts

    for name, load in zip(SKILL_FILES, (load_item_texts, load_skill_texts)):
        path = folder / name
        if not path.exists():
            continue
        try:
            load(path)
        except (DataFileError, yaml.YAMLError) as error:
            problems.add(f"{display_path(path)}:1", str(error))
            continue
        translation.skill_files.append(name)


def load_translations(corpus_dir: Path, problems: List) -> Dict[str, Translation]:
    """Every language folder under translations/, read as written (checked by check_translations)."""
    found = _Problems()
    translations: Dict[str, Translation] = {}
    root = corpus_dir / TRANSLATIONS_DIR
    for folder in sorted(p for p in root.glob("*") if p.is_dir()) if root.exists() else []:
        language = folder.name
        if language not in TRANSLATED:
            found.add(f"{display_path(folder)}:1", f"言語「{language}」は使えません（{', '.join(TRANSLATED)} のどれか）")
            continue
        translation = Translation(language)
        for path in sorted((folder / "faq").glob("*.yml")):
            _load_topics(path, language, translation, found)
        if (folder / "messages.yml").exists():
            _load_messages(folder / "messages.yml", translation, found)
        if (folder / "intents.yml").exists():
            _load_intents(folder / "intents.yml", translation, found)
        if (folder / "widget.yml").exists():
            _load_widget(folder / "widget.yml", translation, found)
        if (folder / "phone.yml").exists():
            _load_phone(folder / "phone.yml", translation, found)
        _check_skill_files(folder, translation, found)
        translations[language] = translation
    problems.extend(found)
    return translations


def _check_topic(topic: TopicTranslation, corpus: Corpus, problems: _Problems) -> None:
    japanese = corpus.by_id().get(topic.id)
    if japanese is None:
        problems.add(topic.where("id"), f"id「{topic.id}」の日本語のトピックがありません")
        return

    def say(field_name: str, message: str) -> None:
        problems.add(topic.where(field_name), f"トピック「{topic.id}」（{topic.language}）: {message}")

    needed = MIN_EXAMPLES.get(topic.language, MIN_EXAMPLES_OTHERS)
    if len(topic.examples) < needed:
        say("examples", f"質問例が{len(topic.examples)}件です。{needed}件以上必要です")
    if not topic.answer:
        return  # questions only, so far: answered in Japanese (listed by translation_warnings)
    known = corpus.profile.placeholders()
    for field_name in ("answer", "voice", "sms"):
        for name in placeholders_in(getattr(topic, field_name)):
            if name not in known:
                say(field_name, f"{field_name} に使えない差し込み {{{name}}} があります")
    values = corpus.profile.placeholders(corpus.full_url(japanese), topic.language)
    voice = fill_placeholders(topic.voice, values)
    for pattern, what in _VOICE_FORBIDDEN:
        if pattern.search(voice):
            say("voice", f"voice に{what}があります")
    limit = VOICE_MAX_CHARS.get(topic.language, 150)
    if len(voice) > limit:
        say("voice", f"voice が{len(voice)}文字です。{limit}文字以内にしてください")
    if len(_sentences(voice)) > VOICE_MAX_SENTENCES:
        say("voice", f"voice が{len(_sentences(voice))}文です。{VOICE_MAX_SENTENCES}文以内にしてください")
    sms = f"{fill_placeholders(topic.sms, values)}\n{corpus.full_url(japanese)}"
    length = len(sms.encode("utf-16-le")) // 2
    if length > sms_limit(sms):
        say("sms", f"sms が URL を含めて{length}文字です。{sms_limit(sms)}文字以内にしてください")


def _check_messages(translation: Translation, corpus: Corpus, problems: _Problems) -> None:
    for name, message in translation.messages.items():
        where = translation.message_lines.get(name, "")
        if name not in corpus.messages:
            problems.add(where, f"メッセージ「{name}」は日本語の messages.yml にありません")
            continue
        payloads = [payload for _, payload in corpus.messages[name].buttons]
        if [payload for _, payload in message.buttons] != payloads:
            message_text = "ボタンの payload を日本語と同じ順に同じにしてください"
            problems.add(where, f"メッセージ「{name}」（{translation.language}）: {message_text}")


def check_translations(corpus: Corpus) -> List:
    """Problems in what the translations say (these stop training)."""
    problems = _Problems()
    for translation in corpus.translations.values():
        for topic in translation.topics.values():
            _check_topic(topic, corpus, problems)
        _check_messages(translation, corpus, problems)
    return list(problems)


def missing_translations(corpus: Corpus, languages: tuple = TRANSLATED) -> Dict[str, List[str]]:
    """Per language, the topics (ids) and messages (names) not translated yet."""
    missing: Dict[str, List[str]] = {}
    for language in languages:
        translation = corpus.translations.get(language, Translation(language))
        written = {topic_id for topic_id, t in translation.topics.items() if t.answer}
        lacks = [t.id for t in corpus.topics if t.id not in written and not t.imported]
        lacks += [name for name in sorted(corpus.messages) if name not in translation.messages]
        lacks += [name for name in SKILL_FILES if name not in translation.skill_files]
        missing[language] = lacks
    return missing


def translation_warnings(corpus: Corpus) -> List[str]:
    """One line per language that lacks something, for `make validate` and the console."""
    lines = []
    for language, lacks in missing_translations(corpus).items():
        if lacks:
            shown = "、".join(lacks[:5]) + (f" ほか{len(lacks) - 5}件" if len(lacks) > 5 else "")
            lines.append(f"警告: {language} の翻訳がないもの {len(lacks)}件（日本語で答えます）: {shown}")
    return lines
