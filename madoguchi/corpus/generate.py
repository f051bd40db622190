"""Rasa training data and responses generated from the corpus.

Per category: `bot/data/generated/faq/<category>.yml` (retrieval intents `<category>/<topic>`
and the rule that answers them) and, for all topics, `bot/domain/generated/faq.yml` (responses
`utter_<category>/<topic>` carrying the FAQ id). These files are generated: `make generate`
rewrites them and a test fails when they are stale.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Set

import yaml

from madoguchi.corpus.model import Corpus, Topic
from madoguchi.paths import BOT_DIR

HEADER = "# GENERATED from faq_corpus/ by `make generate`. Do not edit: edit the corpus instead.\n"

# Held-out examples for `make eval`: a stable fifth of each topic's questions, chosen by
# hash so that the split never changes between runs or machines.
HOLDOUT_BUCKETS = 5
# The slot that holds the conversation's language (bot/domain/core.yml, set by action_set_language).
LANGUAGE_SLOT = "language"


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def is_held_out(example: str) -> bool:
    return int(hashlib.sha256(example.encode("utf-8")).hexdigest(), 16) % HOLDOUT_BUCKETS == 0


def training_examples(
    topic: Topic, holdout: bool, corpus: Optional[Corpus] = None, leave_out: Optional[Callable[[str], bool]] = None
) -> List[str]:
    """The topic's questions, in Japanese and (given the corpus) in every translated language;
    without the held-out fifth and, for a dev split (devtools.eval_languages_dev), without
    the questions `leave_out` picks."""
    examples = list(topic.examples) + translated_examples(corpus, topic)
    if holdout:
        examples = [e for e in examples if not is_held_out(e)]
    return [e for e in examples if not leave_out(e)] if leave_out else examples


def translated_examples(corpus: Optional[Corpus], topic: Topic) -> List[str]:
    if corpus is None:
        return []
    return [e for language in sorted(corpus.translations) for e in _translated(corpus, topic, language)]


def _translated(corpus: Corpus, topic: Topic, language: str) -> List[str]:
    """The topic's questions in the language (written with or without its answer yet)."""
    translation = corpus.translations.get(language)
    translated = translation.topics.get(topic.id) if translation else None
    return list(translated.examples) if translated else []


def held_out_examples(topic: Topic, corpus: Optional[Corpus] = None, language: Optional[str] = None) -> List[str]:
    """The questions `make eval` asks instead of training on: Japanese, or one translated language."""
    examples = _translated(corpus, topic, language) if corpus is not None and language else topic.examples
    return [e for e in examples if is_held_out(e)]


_URL_OR_PLACEHOLDER = re.compile(r"https?://\S+|\{\w+\}")
# Contact and link lines are the same in every topic: they teach nothing about it.
_GENERIC_SENTENCE_WORDS = ("詳しくは", "お問い合わせ", "ご覧ください", "次のいずれか", "Details:", "For questions")
_SENTENCE_END = re.compile(r"(?<=[。！？])|\n|(?<=[.!?])\s+(?=[A-Z])")


def answer_sentences(topic: Topic) -> List[str]:
    """The topic's title and the sentences of its answer, as extra training text.

    The answer names every fact a resident may ask about (予診票, PCリサイクルマーク …),
    so these teach the classifier the topic's own words. They are never held out.
    """
    sentences = [topic.title]
    for piece in _SENTENCE_END.split(topic.answer):
        text = _URL_OR_PLACEHOLDER.sub("", piece).strip().lstrip("・•-").strip()
        if len(text) >= 6 and not any(word in text for word in _GENERIC_SENTENCE_WORDS):
            sentences.append(text)
    return sentences


def topic_sentences(corpus: Corpus, topic: Topic) -> List[str]:
    """The topic's title and answer sentences, in Japanese and in every language its answer is written in."""
    sentences = answer_sentences(topic)
    for language in sorted(corpus.translations):
        translated = corpus.translation(topic, language)
        if translated:
            sentences += answer_sentences(Topic(**{**vars(topic), "title": translated.title, "answer": translated.answer}))
    return sentences


def _examples_block(examples: List[str]) -> str:
    return "".join(f"- {example}\n" for example in examples)


def _unique(texts: List[str]) -> List[str]:
    return list(dict.fromkeys(texts))


def answered_topics(corpus: Corpus) -> List[Topic]:
    """The topics the assistant is trained to answer: all of them, or without the sample
    city's (city.yml `answers_sample_topics: false`) the imported and the city's own."""
    if corpus.profile.answers_sample_topics:
        return list(corpus.topics)
    return [t for t in corpus.topics if t.imported or t.local]


def category_data(corpus: Corpus, category: str, holdout: bool = False, leave_out: Optional[Callable[[str], bool]] = None) -> str:
    topics = [t for t in answered_topics(corpus) if t.category == category]
    nlu = [
        {
            "intent": t.id,
            "examples": _examples_block(_unique(training_examples(t, holdout, corpus, leave_out) + topic_sentences(corpus, t))),
        }
        for t in topics
    ]
    rules = [
        {
            "rule": f"answer a {category} question from the corpus",
            "steps": [{"intent": category}, {"action": f"utter_{category}"}],
        }
    ]
    return HEADER + _dump({"version": "3.1", "nlu": nlu, "rules": rules})


def response_payload(corpus: Corpus, topic: Topic) -> Dict[str, str]:
    """What channels need besides the text: the FAQ id (for feedback logs), where to go, and
    the page's title (the chat's link reads it instead of the URL)."""
    return {"faq_id": topic.id, "department": topic.department, "url": corpus.full_url(topic), "title": topic.title}


def language_condition(language: str) -> List[Dict[str, str]]:
    """Rasa 3.6's conditional response variation: this text when the slot `language` says so."""
    return [{"type": "slot", "name": LANGUAGE_SLOT, "value": language}]


def topic_responses(corpus: Corpus, topic: Topic) -> List[Dict[str, Any]]:
    """The Japanese answer (no condition: the default) and one variation per translated language."""
    responses: List[Dict[str, Any]] = [{"text": corpus.render(topic, "answer"), "custom": response_payload(corpus, topic)}]
    for language in sorted(corpus.translations):
        if corpus.translation(topic, language):
            responses.append(
                {
                    "condition": language_condition(language),
                    "text": corpus.render(topic, "answer", language),
                    "custom": response_payload(corpus, topic),
                }
            )
    return responses


def domain_data(corpus: Corpus) -> str:
    responses = {f"utter_{topic.id}": topic_responses(corpus, topic) for topic in corpus.topics}
    return HEADER + _dump({"version": "3.1", "intents": corpus.categories(), "responses": responses})


def _message_response(corpus: Corpus, name: str, language: Optional[str]) -> Dict[str, object]:
    message = corpus.own_message(name, language)
    response: Dict[str, object] = {"condition": language_condition(language)} if language else {}
    response["text"] = corpus.message(name, language)
    if message.buttons:
        response["buttons"] = [{"title": t, "payload": _literal_braces(p)} for t, p in message.buttons]
    return response


def _literal_braces(payload: str) -> str:
    """Rasa fills slots into responses with str.format, buttons included: the braces of a
    payload's entities (`/moving_checklist{"move_type": "in"}`) would be read as a slot name
    and logged as a KeyError on every use. Doubled, Rasa gives them back as they are."""
    return payload.replace("{", "{{").replace("}", "}}")


def messages_data(corpus: Corpus) -> str:
    responses = {}
    for name in sorted(corpus.messages):
        translated = [lang for lang in sorted(corpus.translations) if name in corpus.translations[lang].messages]
        responses[name] = [_message_response(corpus, name, None)] + [_message_response(corpus, name, lang) for lang in translated]
    return HEADER + _dump({"version": "3.1", "responses": responses})


# What answers each intent that may interrupt a form.
INTERRUPTIONS = {
    "greet": "utter_greet",
    "thank": "utter_thank",
    "bot_challenge": "utter_bot_challenge",
    "out_of_scope": "utter_out_of_scope",
    "human_handoff": "action_human_handoff",
    "nlu_fallback": "action_suggest_topics",
}


def interrupting_intents(corpus: Corpus) -> Set[str]:
    """The intents that each form's rules answer in its stead (form_rules_data): they need no
    skill, so bot/action_outage.py lets them through a form while the action servers are down."""
    return {*INTERRUPTIONS, *corpus.categories(), "cancel"}


def forms_in(domain_file: Path) -> List[str]:
    """The forms declared in the hand-written domain (none when there is no such file)."""
    if not domain_file.exists():
        return []
    return list((yaml.safe_load(domain_file.read_text(encoding="utf-8")) or {}).get("forms") or {})


def form_rules_data(corpus: Corpus, forms: List[str]) -> str:
    """For every form: another question is answered and the form pauses, offering to go on
    (utter_resume_<form>: 「引っ越しの案内を続ける」 or 「やめる」) instead of asking its question
    again after every answer; 「やめる」 stops it."""
    answers = dict(INTERRUPTIONS, **{category: f"utter_{category}" for category in corpus.categories()})
    rules = []
    for form in forms:
        for intent, action in answers.items():
            rules.append(
                {
                    "rule": f"{intent} during {form}",
                    "condition": [{"active_loop": form}],
                    "steps": [
                        {"intent": intent},
                        {"action": action},
                        {"action": "action_deactivate_loop"},
                        {"active_loop": None},
                        {"action": f"utter_resume_{form}"},
                    ],
                }
            )
        rules.append(
            {
                "rule": f"cancel {form}",
                "condition": [{"active_loop": form}],
                "steps": [
                    {"intent": "cancel"},
                    {"action": "action_deactivate_loop"},
                    {"active_loop": None},
                    {"action": "action_stop_form"},
                ],
            }
        )
    return HEADER + _dump({"version": "3.1", "rules": rules})


def language_intents_data(corpus: Corpus) -> str:
    """The other intents' examples in every translated language (translations/<language>/intents.yml)."""
    examples: Dict[str, List[str]] = {}
    for language in sorted(corpus.translations):
        for intent, texts in corpus.translations[language].intents.items():
            examples.setdefault(intent, []).extend(texts)
    nlu = [{"intent": intent, "examples": _examples_block(_unique(texts))} for intent, texts in sorted(examples.items())]
    return HEADER + _dump({"version": "3.1", "nlu": nlu})


# Generated files live in folders of their own, never beside the hand-written nlu.yml,
# rules.yml and core.yml; Rasa reads data and domain folders recursively.
def generated_data_dir(bot_dir: Path) -> Path:
    return bot_dir / "data" / "generated"


def generated_domain_dir(bot_dir: Path) -> Path:
    return bot_dir / "domain" / "generated"


def generated_files(
    corpus: Corpus, bot_dir: Path = BOT_DIR, holdout: bool = False, leave_out: Optional[Callable[[str], bool]] = None
) -> Dict[Path, str]:
    """Every generated file with its content, keyed by path."""
    answered = {topic.category for topic in answered_topics(corpus)}
    files = {
        generated_data_dir(bot_dir) / "faq" / f"{category}.yml": category_data(corpus, category, holdout, leave_out)
        for category in corpus.categories()
        if category in answered
    }
    files[generated_domain_dir(bot_dir) / "faq.yml"] = domain_data(corpus)
    files[generated_domain_dir(bot_dir) / "messages.yml"] = messages_data(corpus)
    files[generated_data_dir(bot_dir) / "languages.yml"] = language_intents_data(corpus)
    files[generated_data_dir(bot_dir) / "form_rules.yml"] = form_rules_data(corpus, forms_in(bot_dir / "domain" / "core.yml"))
    return files


def write_generated(
    corpus: Corpus, bot_dir: Path = BOT_DIR, holdout: bool = False, leave_out: Optional[Callable[[str], bool]] = None
) -> List[Path]:
    files = generated_files(corpus, bot_dir, holdout, leave_out)
    faq_dir = generated_data_dir(bot_dir) / "faq"
    faq_dir.mkdir(parents=True, exist_ok=True)
    for stale in faq_dir.glob("*.yml"):
        if stale not in files:
            stale.unlink()  # a category that no longer exists in the corpus
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return sorted(files)


def stale_files(corpus: Corpus, bot_dir: Path = BOT_DIR) -> List[Path]:
    """Generated files whose content on disk differs from what the corpus generates."""
    files = generated_files(corpus, bot_dir)
    stale = [path for path, content in files.items() if not path.exists() or path.read_text(encoding="utf-8") != content]
    extra = [p for p in (generated_data_dir(bot_dir) / "faq").glob("*.yml") if p not in files]  # a dropped category
    return sorted(stale + extra)
