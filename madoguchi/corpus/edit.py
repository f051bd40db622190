"""Changing the corpus from the staff console: an example question, or a whole new topic.

A change is written as text into the topic's file, so the staff's comments and layout stay
as they were. It is first made in a copy of the corpus and checked there by the same
`check_corpus` as `make validate`; only a corpus without problems replaces the real file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional

from madoguchi.corpus.emit import Source, TopicText, topic_lines, yaml_scalar
from madoguchi.corpus.model import Corpus, display_path
from madoguchi.corpus.validate import Problem, check_corpus, load_corpus
from madoguchi.paths import CORPUS_DIR


class CorpusEditRejected(ValueError):
    """The change would make the corpus invalid; nothing was written."""

    def __init__(self, problems: List[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class NewTopic:
    id: str  # <category>/<name>
    title: str
    department: str
    url: str
    examples: List[str]
    answer: str
    voice: str
    sms: str


def new_topic_text(topic: NewTopic, reviewed: date) -> str:
    fields = {
        "id": topic.id, "title": topic.title, "department": topic.department, "url": topic.url,
        "reviewed": reviewed.isoformat(), "answer": topic.answer, "voice": topic.voice, "sms": topic.sms,
    }  # fmt: skip
    lines = topic_lines(TopicText(fields=fields, examples=topic.examples, flags=("local",)))
    return "\n" + "\n".join(line for line, _ in lines) + "\n"


def _at_source(problem: Problem, trial: Path, shown: str, sources: Dict[str, Dict[int, Source]]) -> Problem:
    """A problem found in the trial copy, told where staff can fix it: the sheet and row (or
    list line) a written line came from, else the real corpus path."""
    where, _, line = problem.where.rpartition(":")
    relative = where[len(str(trial)) + 1 :] if where.startswith(str(trial)) else ""
    source = sources.get(relative, {}).get(int(line)) if line.isdigit() else None
    if source:
        return Problem(source, problem.message.replace(str(trial), shown))
    return Problem(problem.where.replace(str(trial), shown), problem.message.replace(str(trial), shown))


def write_checked(
    corpus_dir: Path, files: Dict[str, str], remove: Iterable[str] = (),
    sources: Optional[Dict[str, Dict[int, Source]]] = None, dry_run: bool = False,
) -> Corpus:  # fmt: skip
    """Write `files` (paths relative to the corpus, e.g. faq/waste.yml) and delete `remove`,
    but only when the corpus passes `check_corpus` with the change; else raise and write nothing.
    A dry run only checks (the console shows what would change before staff confirm)."""
    with tempfile.TemporaryDirectory(prefix="madoguchi-edit-") as tmp:
        trial = Path(tmp) / "corpus"
        shutil.copytree(corpus_dir, trial)
        for relative in remove:
            (trial / relative).unlink(missing_ok=True)
        for relative, text in files.items():
            (trial / relative).write_text(text, encoding="utf-8")
        corpus, problems = check_corpus(trial)
        if problems:
            shown = display_path(corpus_dir)
            raise CorpusEditRejected([_at_source(p, trial, shown, sources or {}) for p in problems])
    if dry_run:
        return corpus
    for relative in remove:
        if relative not in files:
            (corpus_dir / relative).unlink(missing_ok=True)
    for relative, text in files.items():
        target = corpus_dir / relative
        staged = target.with_name(target.name + ".new")
        staged.write_text(text, encoding="utf-8")
        os.replace(staged, target)  # atomic: readers see the old file or the new one
    return corpus


def _loaded(corpus_dir: Path) -> Corpus:
    corpus, problems = load_corpus(corpus_dir)
    if problems:
        raise CorpusEditRejected(problems)
    return corpus


def add_example(topic_id: str, question: str, corpus_dir: Path = CORPUS_DIR, dry_run: bool = False) -> Corpus:
    """Add a resident's question as an example of an existing topic (after its last example)."""
    question = " ".join(question.split())
    topic = _loaded(corpus_dir).by_id().get(topic_id)
    if topic is None:
        raise CorpusEditRejected([Problem("faq_corpus", f"トピック「{topic_id}」はありません")])
    if not question:
        raise CorpusEditRejected([Problem(topic.where("examples"), "質問が空です")])
    lines = topic.file.read_text(encoding="utf-8").splitlines(keepends=True)
    last = topic.example_lines[-1]  # 1-based line of the last example
    indent = lines[last - 1][: len(lines[last - 1]) - len(lines[last - 1].lstrip())]
    lines.insert(last, f"{indent}- {yaml_scalar(question)}\n")
    return write_checked(corpus_dir, {str(topic.file.relative_to(corpus_dir)): "".join(lines)}, dry_run=dry_run)


def add_topic(topic: NewTopic, corpus_dir: Path = CORPUS_DIR, today: Optional[Callable[[], date]] = None) -> Corpus:
    """Append a new (local) topic to its category's file."""
    category = topic.id.split("/")[0]
    relative = Path("faq") / f"{category}.yml"
    if "/" not in topic.id or not (corpus_dir / relative).exists():
        problem = Problem("faq_corpus/faq", f"id「{topic.id}」は、今ある分類の「分類/名前」の形にしてください")
        raise CorpusEditRejected([problem])
    text = (corpus_dir / relative).read_text(encoding="utf-8").rstrip("\n") + "\n"
    return write_checked(corpus_dir, {str(relative): text + new_topic_text(topic, (today or date.today)())})


def topic_choices(corpus: Corpus) -> Dict[str, str]:
    """Topic id -> title, for the console's pick lists."""
    return {topic.id: topic.title for topic in corpus.topics}
