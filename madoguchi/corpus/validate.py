"""Loading and checking the FAQ corpus. Every problem is reported as `file:line: message`.

Training never runs on a corpus with problems: `make train` calls `check_corpus` first.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from madoguchi.corpus.model import FIELDS, Corpus, Message, Topic, display_path, placeholders_in
from madoguchi.corpus.translations import check_translations, load_translations
from madoguchi.corpus.yamlines import LineDict, LineList, YamlSyntaxError, load_yaml_with_lines
from madoguchi.departments import is_own_name
from madoguchi.paths import CORPUS_DIR, TOPICS_FILE
from madoguchi.profile import CityProfile, load_profile
from madoguchi.readable import unreadable_characters
from madoguchi.spec import Spec, load_spec

MIN_EXAMPLES = 12
# Entries imported from a city's FAQ list come with one question each (madoguchi.corpus.faq_import).
MIN_IMPORTED_EXAMPLES = 1
# Topics without a department of their own send residents to the city's main number.
MAIN_DEPARTMENT = "main"
VOICE_MAX_CHARS = 150
VOICE_MAX_SENTENCES = 3
# Japanese SMS are UCS-2: 70 characters in one message, 67 per part once split.
SMS_MAX_CHARS = 2 * 67

# What a speech synthesizer cannot say well, or what only makes sense on a screen.
_VOICE_FORBIDDEN = [
    (re.compile(r"https?://|www\.|\.(jp|com|example)\b"), "URL"),
    (re.compile(r"[()（）「」『』【】\[\]<>＜＞{}｛｝]"), "かっこ"),
    (re.compile(r"[〜～/／:：|｜*＊#＃・]"), "読み上げられない記号"),
    (re.compile(r"\d{2,4}-\d{2,4}-\d{3,4}"), "電話番号"),
    (re.compile(r"^\s*[-・*]", re.MULTILINE), "箇条書き"),
]
_ID = re.compile(r"^([a-z][a-z0-9_]*)/([a-z][a-z0-9_]*)$")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")


@dataclass(frozen=True)
class Problem:
    where: str  # file:line
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def ucs2_length(text: str) -> int:
    """Characters as an SMS counts them (a character outside the BMP takes two)."""
    return len(text.encode("utf-16-le")) // 2


def _sentences(text: str) -> List[str]:
    return [s for s in _SENTENCE.findall(text.strip()) if s.strip()]


def file_category(path: Path) -> str:
    """waste.yml and waste.imported.yml both hold the category waste."""
    return path.name.split(".")[0]


def _topic_from(mapping: LineDict, path: Path, problems: List[Problem]) -> Optional[Topic]:
    where = f"{display_path(path)}:{mapping.line}"
    name = mapping.get("id") or "?"
    missing = [f for f in FIELDS if f not in mapping]
    for field_name in missing:
        problems.append(Problem(where, f"トピック「{name}」: 項目 {field_name} がありません"))
    empty = [f for f in FIELDS if f in mapping and (mapping[f] is None or str(mapping[f]).strip() == "")]
    for field_name in empty:
        line = mapping.lines.get(field_name, mapping.line)
        problems.append(Problem(f"{display_path(path)}:{line}", f"トピック「{name}」: 項目 {field_name} が空です"))
    if missing or empty:
        return None
    examples = mapping["examples"]
    if not isinstance(examples, LineList) or not all(isinstance(e, str) for e in examples):
        line = mapping.lines["examples"]
        problems.append(Problem(f"{display_path(path)}:{line}", f"トピック「{name}」: examples は質問の一覧にしてください"))
        return None
    return Topic(
        id=str(mapping["id"]),
        title=str(mapping["title"]),
        department=str(mapping["department"]),
        url=str(mapping["url"]),
        reviewed=str(mapping["reviewed"]),
        examples=[e.strip() for e in examples],
        answer=str(mapping["answer"]),
        voice=str(mapping["voice"]),
        sms=str(mapping["sms"]),
        file=path,
        line=mapping.line,
        field_lines=dict(mapping.lines),
        example_lines=list(examples.lines),
        local=bool(mapping.get("local", False)),
        imported=bool(mapping.get("imported", False)),
    )


def _load_file(path: Path, problems: List[Problem]) -> List[Topic]:
    try:
        data = load_yaml_with_lines(path)
    except YamlSyntaxError as error:
        problems.append(Problem(f"{display_path(path)}:{error.line}", f"YAML の書き方に誤りがあります: {error.problem}"))
        return []
    where = f"{display_path(path)}:1"
    if not isinstance(data, LineDict) or not isinstance(data.get("topics"), LineList):
        problems.append(Problem(where, "category と topics（トピックの一覧）が必要です"))
        return []
    if data.get("category") != file_category(path):
        line = data.lines.get("category", 1)
        message = f"category「{data.get('category')}」はファイル名「{file_category(path)}」と同じにしてください"
        problems.append(Problem(f"{display_path(path)}:{line}", message))
    topics = []
    for item in data["topics"]:
        if not isinstance(item, LineDict):
            problems.append(
                Problem(f"{display_path(path)}:{data['topics'].line}", "トピックは id、title などの項目の組にしてください")
            )
            continue
        topic = _topic_from(item, path, problems)
        if topic is not None:
            topics.append(topic)
    return topics


def load_corpus(corpus_dir: Path = CORPUS_DIR, profile: Optional[CityProfile] = None) -> Tuple[Corpus, List[Problem]]:
    """The corpus and the problems found while reading it (structure only)."""
    problems: List[Problem] = []
    topics: List[Topic] = []
    for path in sorted((corpus_dir / "faq").glob("*.yml")):
        topics.extend(_load_file(path, problems))
    corpus = Corpus(profile=profile or load_profile(corpus_dir / "city.yml"), topics=topics)
    corpus.messages = _load_messages(corpus_dir / "messages.yml", problems)
    corpus.translations = load_translations(corpus_dir, problems)
    return corpus, problems


# Messages the dialogue and the custom actions send; each must exist in messages.yml.
REQUIRED_MESSAGES = (
    "utter_greet",
    "utter_goodbye",
    "utter_thank",
    "utter_how_can_i_help",
    "utter_bot_challenge",
    "utter_out_of_scope",
    "utter_unserved_language",
    "utter_did_you_mean",
    "utter_did_you_mean_one",
    "utter_rephrase",
    "utter_handoff_open",
    "utter_handoff_closed",
    "utter_handoff_after_fallback",
    "utter_cancelled",
    "utter_ask_waste_item_query",
    "utter_waste_item_which",
    "utter_waste_item_answer",
    "utter_waste_item_unknown",
    "utter_ask_district",
    "utter_district_which",
    "utter_collection_days",
    "utter_ask_move_type",
    "utter_ask_move_date",
    "utter_ask_children",
    "utter_ask_dog",
    "utter_ask_national_insurance",
    "utter_ask_seal_registration",
    "utter_moving_checklist",
)


def _load_messages(path: Path, problems: List[Problem]) -> Dict[str, Message]:
    try:
        data = load_yaml_with_lines(path)
    except YamlSyntaxError as error:
        problems.append(Problem(f"{display_path(path)}:{error.line}", f"YAML の書き方に誤りがあります: {error.problem}"))
        return {}
    if not isinstance(data, LineDict):
        problems.append(Problem(f"{display_path(path)}:1", "メッセージ名と文の組にしてください"))
        return {}
    messages: Dict[str, Message] = {}
    for name, value in data.items():
        where = f"{display_path(path)}:{data.lines.get(name, 1)}"
        if isinstance(value, LineDict):
            buttons = value.get("buttons") or []
            if not all(isinstance(b, LineDict) and b.get("title") and b.get("payload") for b in buttons):
                problems.append(Problem(where, f"メッセージ「{name}」: ボタンには title と payload が必要です"))
                continue
            text = str(value.get("text") or "").strip()
            messages[str(name)] = Message(text, tuple((str(b["title"]), str(b["payload"])) for b in buttons))
        elif value is not None:
            messages[str(name)] = Message(str(value).strip())
    for name in REQUIRED_MESSAGES:
        if not (name in messages and messages[name].text):
            problems.append(Problem(f"{display_path(path)}:{data.lines.get(name, 1)}", f"メッセージ「{name}」がないか、空です"))
    return messages


def _check_identity(topic: Topic, spec: Spec, problems: List[Problem]) -> None:
    match = _ID.match(topic.id)
    if not match:
        problems.append(
            Problem(topic.where("id"), f"id「{topic.id}」は「分類/トピック」の形にしてください（例: waste/bulky_waste）")
        )
        return
    if match.group(1) != file_category(topic.file):
        problems.append(
            Problem(topic.where("id"), f"id「{topic.id}」は分類「{file_category(topic.file)}」のファイルには置けません")
        )
    if topic.id not in spec.faq_topics and not topic.local:
        problems.append(
            Problem(
                topic.where("id"),
                f"id「{topic.id}」は topics.yml にありません（新しいトピックには local: true を付けてください）",
            )
        )
    # an imported entry may name the city's own department, as its list did (madoguchi.departments)
    own = topic.imported and is_own_name(topic.department)
    if topic.department not in spec.departments and topic.department != MAIN_DEPARTMENT and not own:
        problems.append(
            Problem(topic.where("department"), f"トピック「{topic.id}」: 担当課「{topic.department}」は登録されていません")
        )


# Code or markup is never a resident's question: 「${jndi:ldap://x}」, <script>, SQL
# comments. Refused as an example, so that it never reaches the model or a page.
CODE_OR_MARKUP = re.compile(
    r"\$\{|\{\{|\{%|<\s*/?\s*[a-zA-Z!?]|javascript:|;\s*--|\b(select|union|drop)\s+.*\b(from|table)\b|`", re.I
)


def _check_examples_are_text(topic: Topic, problems: List[Problem]) -> None:
    for example, line in zip(topic.examples, topic.example_lines):
        if CODE_OR_MARKUP.search(example):
            where = f"{display_path(topic.file)}:{line}"
            message = f"トピック「{topic.id}」: 質問例「{example}」はプログラムやタグのような文字列です。"
            problems.append(Problem(where, message + "住民の質問の文章だけを入れてください"))


def _check_fields(topic: Topic, corpus: Corpus, problems: List[Problem]) -> None:
    _check_examples_are_text(topic, problems)
    needed = MIN_IMPORTED_EXAMPLES if topic.imported else MIN_EXAMPLES
    if len(topic.examples) < needed:
        problems.append(
            Problem(
                topic.where("examples"), f"トピック「{topic.id}」: 質問例が{len(topic.examples)}件です。{needed}件以上必要です"
            )
        )
    if not (topic.url.startswith("/") or topic.url.startswith("https://")):
        problems.append(
            Problem(topic.where("url"), f"トピック「{topic.id}」: url は「/」で始まるパスか https の URL にしてください")
        )
    try:
        datetime.date.fromisoformat(topic.reviewed)
    except ValueError:
        problems.append(Problem(topic.where("reviewed"), f"トピック「{topic.id}」: reviewed は日付（YYYY-MM-DD）にしてください"))
    known = corpus.profile.placeholders()
    for field_name in ("answer", "voice", "sms"):
        for name in placeholders_in(getattr(topic, field_name)):
            if name not in known:
                problems.append(
                    Problem(
                        topic.where(field_name), f"トピック「{topic.id}」: {field_name} に使えない差し込み {{{name}}} があります"
                    )
                )


def _check_characters(topic: Topic, problems: List[Problem]) -> None:
    """Control characters (NUL, U+0080 …) would break the Excel export and the stores."""

    def report(where_: str, name: str, bad: List[str]) -> None:
        problems.append(Problem(where_, f"トピック「{topic.id}」: {name} に使えない制御文字 {', '.join(bad)} があります"))

    # the place is worked out for a bad text only: resolving the file's path for each of the
    # corpus's examples was most of this check's time
    for name in ("title", "url", "answer", "voice", "sms"):
        bad = unreadable_characters(getattr(topic, name))
        if bad:
            report(topic.where(name), name, bad)
    for example, line in zip(topic.examples, topic.example_lines):
        bad = unreadable_characters(example)
        if bad:
            report(f"{display_path(topic.file)}:{line}", "examples", bad)


def _check_voice(topic: Topic, corpus: Corpus, problems: List[Problem]) -> None:
    voice = corpus.render(topic, "voice")
    for pattern, what in _VOICE_FORBIDDEN:
        if pattern.search(voice):
            problems.append(Problem(topic.where("voice"), f"トピック「{topic.id}」: voice に{what}があります"))
    if len(voice) > VOICE_MAX_CHARS:
        problems.append(
            Problem(
                topic.where("voice"),
                f"トピック「{topic.id}」: voice が{len(voice)}文字です。{VOICE_MAX_CHARS}文字以内にしてください",
            )
        )
    if len(_sentences(voice)) > VOICE_MAX_SENTENCES:
        problems.append(
            Problem(
                topic.where("voice"),
                f"トピック「{topic.id}」: voice が{len(_sentences(voice))}文です。{VOICE_MAX_SENTENCES}文以内にしてください",
            )
        )


def _check_sms(topic: Topic, corpus: Corpus, problems: List[Problem]) -> None:
    length = ucs2_length(corpus.sms_text(topic))
    if length > SMS_MAX_CHARS:
        problems.append(
            Problem(
                topic.where("sms"),
                f"トピック「{topic.id}」: sms が URL を含めて{length}文字です。{SMS_MAX_CHARS}文字以内にしてください",
            )
        )


def _check_duplicates(corpus: Corpus, normalize: Callable[[str], str], problems: List[Problem]) -> None:
    first_id: Dict[str, Topic] = {}
    seen: Dict[str, Tuple[Topic, int]] = {}
    for topic in corpus.topics:
        if topic.id in first_id:
            problems.append(
                Problem(topic.where("id"), f"id「{topic.id}」が重複しています（最初は {first_id[topic.id].where('id')}）")
            )
            continue
        first_id[topic.id] = topic
        for example, line in zip(topic.examples, topic.example_lines):
            key = normalize(example)
            if key in seen:
                other, other_line = seen[key]
                where = f"{display_path(topic.file)}:{line}"
                if other.id == topic.id:
                    problems.append(
                        Problem(where, f"トピック「{topic.id}」: 質問例「{example}」が重複しています（{other_line}行目）")
                    )
                else:
                    problems.append(
                        Problem(
                            where, f"質問例「{example}」は「{other.id}」にもあります（{display_path(other.file)}:{other_line}）"
                        )
                    )
            else:
                seen[key] = (topic, line)
    _check_translated_duplicates(corpus, problems)


def _check_translated_duplicates(corpus: Corpus, problems: List[Problem]) -> None:
    """A translated question stands under one topic only. Compared as written (case and width
    folded): Sudachi's normalization keeps only Japanese content words, nothing of 한국어 text."""
    seen: Dict[str, str] = {}
    for translation in corpus.translations.values():
        for topic in translation.topics.values():
            for example, line in zip(topic.examples, topic.example_lines):
                key = " ".join(unicodedata.normalize("NFKC", example).casefold().split()).strip(" ?？!！.。")
                other = seen.setdefault(key, topic.id)
                if other != topic.id:
                    where = f"{display_path(topic.file)}:{line}"
                    problems.append(Problem(where, f"質問例「{example}」は「{other}」にもあります"))


def _check_coverage(corpus: Corpus, spec: Spec, topics_file: Path, problems: List[Problem]) -> None:
    present = {topic.id for topic in corpus.topics}
    raw = load_yaml_with_lines(topics_file)
    for category, entries in raw["faq"].items():
        for key in entries:
            if f"{category}/{key}" not in present:
                where = f"{display_path(topics_file)}:{entries.lines[key]}"
                problems.append(Problem(where, f"トピック「{category}/{key}」がコーパスにありません"))


def check_corpus(
    corpus_dir: Path = CORPUS_DIR,
    topics_file: Path = TOPICS_FILE,
    normalize: Optional[Callable[[str], str]] = None,
) -> Tuple[Corpus, List[Problem]]:
    """Load and fully validate the corpus; the corpus is usable only when no problems."""
    if normalize is None:
        from madoguchi.japanese import default_analyzer

        normalize = default_analyzer().normalize
    spec = load_spec(topics_file)
    corpus, problems = load_corpus(corpus_dir)
    for topic in corpus.topics:
        _check_identity(topic, spec, problems)
        _check_fields(topic, corpus, problems)
        _check_characters(topic, problems)
        _check_voice(topic, corpus, problems)
        _check_sms(topic, corpus, problems)
    _check_duplicates(corpus, normalize, problems)
    _check_coverage(corpus, spec, topics_file, problems)
    problems.extend(check_translations(corpus))
    _check_waste_data(corpus_dir, problems)
    return corpus, problems


def _check_waste_data(corpus_dir: Path, problems: List[Problem]) -> None:
    """An imported city's 5374 folder, the category table and the sample city's waste files
    (madoguchi/waste_data.py): what the assistant cannot use while running is told here."""
    from madoguchi.city5374 import read_city
    from madoguchi.japanese import DataFileError
    from madoguchi.waste_data import load_categories, sample_problems

    messages = []
    if (corpus_dir / "waste_categories.tsv").exists():
        try:
            load_categories(corpus_dir / "waste_categories.tsv")
        except DataFileError as error:
            messages.append(str(error))
    if (corpus_dir / "waste_5374").is_dir():
        messages.extend(read_city(corpus_dir / "waste_5374").problems)
    messages.extend(sample_problems(corpus_dir))
    for message in messages:
        where, _, text = message.partition(": ")
        problems.append(Problem(where, text))
