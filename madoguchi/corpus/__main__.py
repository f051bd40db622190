"""`python -m madoguchi.corpus validate|generate`: check the corpus, or regenerate Rasa data.

Exit status 1 with `file:line: message` lines on stderr when the corpus has problems;
nothing is generated then, so the bot is never trained on a broken corpus.
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
    parser.add_argument("command", choices=["validate", "generate"])
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    parser.add_argument("--topics", type=Path, default=TOPICS_FILE)
    parser.add_argument("--bot", type=Path, default=BOT_DIR, help="Rasa project to write into")
    parser.add_argument("--holdout", action="store_true", help="leave the evaluation questions out")
    args = parser.parse_args(argv)

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


if __name__ == "__main__":
    sys.exit(main())
