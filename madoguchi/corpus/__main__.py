"""`python -m madoguchi.corpus validate|generate|import-faq FILE`.

validate checks the corpus, generate regenerates the Rasa data, import-faq takes in a city's
FAQ list (CSV or .xlsx) exactly as the staff console's import does, with the same checks
and messages (`make import-faq FILE=...`).

Exit status 1 with `file:line: message` lines on stderr when the corpus (or the list) has
problems; nothing is generated or written then, so the bot is never trained on a broken corpus.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from madoguchi.corpus.generate import write_generated
from madoguchi.corpus.translations import translation_warnings
from madoguchi.corpus.validate import check_corpus
from madoguchi.paths import BOT_DIR, CORPUS_DIR, TOPICS_FILE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m madoguchi.corpus")
    parser.add_argument("command", choices=["validate", "generate", "import-faq"])
    parser.add_argument("file", nargs="?", type=Path, help="import-faq: the city's FAQ list (.csv or .xlsx)")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    parser.add_argument("--topics", type=Path, default=TOPICS_FILE)
    parser.add_argument("--bot", type=Path, default=BOT_DIR, help="Rasa project to write into")
    parser.add_argument("--holdout", action="store_true", help="leave the evaluation questions out")
    args = parser.parse_args(argv)
    if args.command == "import-faq":
        if args.file is None:
            parser.error("import-faq needs the list: make import-faq FILE=path/to/faq.csv")
        return import_faq(args.file, args.corpus)

    corpus, problems = check_corpus(args.corpus, args.topics)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in the corpus; nothing generated.", file=sys.stderr)
        return 1
    examples = sum(len(t.examples) for t in corpus.topics)
    print(f"corpus OK: {len(corpus.topics)} topics, {examples} example questions")
    for translation in corpus.translations.values():
        translated = sum(len(t.examples) for t in translation.topics.values())
        topics, messages = len(translation.topics), len(translation.messages)
        print(f"  {translation.language}: {topics} topics, {translated} example questions, {messages} messages")
    for warning in translation_warnings(corpus):
        print(warning, file=sys.stderr)
    if args.command == "generate":
        for path in write_generated(corpus, args.bot, holdout=args.holdout):
            print(f"wrote {path}")
    return 0


def import_faq(path: Path, corpus_dir: Path) -> int:
    from madoguchi.corpus.excel import SheetProblems
    from madoguchi.corpus.faq_import import import_faq_list

    if not path.is_file():
        print(f"{path}: ファイルがありません", file=sys.stderr)
        return 1
    try:
        result = import_faq_list(path.read_bytes(), path.name, corpus_dir)
    except SheetProblems as error:
        for problem in error.problems:
            print(f"{path.name} {problem}", file=sys.stderr)
        refused = f"{path.name} は取り込みませんでした（問題 {len(error.problems)} 件）。コーパスは変わっていません。"
        print(refused, file=sys.stderr)
        return 1
    for note in result.notes:
        print(f"{path.name} {note}")
    print(result.message(path.name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
