"""The trained model: named by a hash of everything that shapes it, trained only when stale.

`make train`, `make run` and the test session all call `ensure_model`, so a model is
trained once per change of corpus, config or NLU code and then reused.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, List, Optional

from madoguchi.corpus.generate import write_generated
from madoguchi.corpus.validate import check_corpus
from madoguchi.paths import BOT_DIR, CORPUS_DIR, MODELS_DIR, ROOT, project_env

MODEL_PREFIX = "madoguchi-"


class CorpusInvalid(RuntimeError):
    """The corpus has problems; the model was not (re)trained."""


def _inputs(bot_dir: Path, corpus_dir: Path) -> List[Path]:
    patterns = [
        (bot_dir, "config.yml"),
        (bot_dir / "domain", "**/*.yml"),
        (bot_dir / "data", "**/*.yml"),
        (bot_dir / "nlu", "*.py"),
        (corpus_dir, "*.tsv"),
        (corpus_dir / "translations" / "en", "romanized_words.tsv"),  # the tokenizer's word lists
        (corpus_dir / "translations" / "ko", "korean_words.tsv"),
        (corpus_dir / "translations" / "vi", "unmarked_words.tsv"),  # which Latin text is Vietnamese
        (ROOT / "madoguchi", "languages.py"),  # which reader a message's words go to
        (ROOT / "madoguchi", "chinese.py"),  # how Chinese is cut, traditional characters read as simplified
        (ROOT / "madoguchi", "traditional_chinese.py"),
        (ROOT / "madoguchi", "korean.py"),
        (ROOT / "madoguchi", "asked_acts.py"),
        (ROOT / "madoguchi", "colloquial_acts.py"),  # the acts' colloquial words, read at training too
        (ROOT / "madoguchi", "japanese.py"),
        (ROOT / "madoguchi", "kanji_typos.py"),
        (ROOT / "madoguchi", "katakana_words.py"),
        (ROOT / "madoguchi", "latin.py"),  # how English words and romanized Japanese are read
        (ROOT / "madoguchi", "english_spelling.py"),
        (ROOT / "madoguchi", "ranking.py"),
        (ROOT / "madoguchi", "question_point.py"),
        (ROOT / "madoguchi", "retrieval.py"),
        (ROOT / "madoguchi", "romaji.py"),
    ]
    files: List[Path] = []
    for base, pattern in patterns:
        files.extend(sorted(p for p in base.glob(pattern) if p.is_file()))
    return files


def fingerprint(files: Iterable[Path], root: Path = ROOT) -> str:
    import rasa

    digest = hashlib.sha256(f"rasa {rasa.__version__}\n".encode())
    for path in files:
        try:
            name = str(path.resolve().relative_to(root))
        except ValueError:
            name = str(path)
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def model_name(bot_dir: Path = BOT_DIR, corpus_dir: Path = CORPUS_DIR) -> str:
    return MODEL_PREFIX + fingerprint(_inputs(bot_dir, corpus_dir))


def latest_model(models_dir: Path = MODELS_DIR) -> Optional[Path]:
    models = sorted(models_dir.glob(f"{MODEL_PREFIX}*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def train(
    bot_dir: Path, out_dir: Path, name: str, config: Optional[Path] = None, on_output: Optional[Callable[[str], None]] = None
) -> Path:
    """Train a model; Rasa's output goes to the terminal, or line by line to `on_output`."""
    env = project_env()
    command = [
        sys.executable, "-m", "rasa", "train",
        "--config", str(config or bot_dir / "config.yml"),
        "--domain", str(bot_dir / "domain"),
        "--data", str(bot_dir / "data"),
        "--out", str(out_dir),
        "--fixed-model-name", name,
    ]  # fmt: skip
    if on_output is None:
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        return out_dir / f"{name}.tar.gz"
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as proc:
        assert proc.stdout is not None
        for line in _lines(proc.stdout):
            on_output(line)
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, command)
    return out_dir / f"{name}.tar.gz"


def _lines(stream: IO[bytes]) -> Iterator[str]:
    """Lines of a child's output, where progress bars end theirs with a carriage return."""
    pending = b""
    for chunk in iter(lambda: stream.read1(4096), b""):  # type: ignore[attr-defined]
        pending += chunk
        parts = re.split(rb"[\r\n]", pending)
        pending = parts.pop()
        for part in parts:
            yield part.decode("utf-8", "replace")
    if pending:
        yield pending.decode("utf-8", "replace")


def ensure_model(
    bot_dir: Path = BOT_DIR, corpus_dir: Path = CORPUS_DIR, models_dir: Path = MODELS_DIR, holdout: bool = False
) -> Path:
    """Validate, regenerate and, when nothing matches the inputs, train. Returns the model."""
    corpus, problems = check_corpus(corpus_dir)
    if problems:
        raise CorpusInvalid("\n".join(str(p) for p in problems))
    write_generated(corpus, bot_dir, holdout=holdout)
    name = model_name(bot_dir, corpus_dir)
    path = models_dir / f"{name}.tar.gz"
    if path.exists():
        return path
    return train(bot_dir, models_dir, name)


def main() -> int:
    try:
        path = ensure_model()
    except CorpusInvalid as error:
        print(error, file=sys.stderr)
        print("The corpus has problems: the model was not trained.", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
