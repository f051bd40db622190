"""Realistic stored questions at a city's volume, for tests and `make bench-console`.

Writes turns as Rasa's SQL tracker store keeps them (table `events`: the user message with
its parse data, the action, the bot's reply with its `faq_id`, action_listen), spread over
the last weeks with a daytime peak, 4 in 5 on the website chat and 1 in 5 on the phone.
The wordings are real: the corpus's examples and the written evaluation questions (these
are answered), another city's residents' questions and out-of-scope questions (these are
missed), a few staff requests, and the odd pasted string of 300 characters without a space.
Generation is seeded, so a test sees the same questions every time.

    python -m devtools.question_generator var/tracker.db 100000
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

import sqlalchemy as sa

from madoguchi.corpus.live import current_corpus
from madoguchi.paths import CORPUS_DIR, ROOT

DATA = ROOT / "tests" / "data"
# What share of questions ends how: answered, not understood, out of scope, asked for staff.
OUTCOME_WEIGHTS = {"answered": 70, "fallback": 18, "out_of_scope": 9, "handoff": 3}
PHONE_SHARE = 0.2
LONG_PASTE_SHARE = 0.01  # of the questions not understood
# How residents vary one wording (so that 100,000 questions are not 1,000 repeated).
ENDINGS = ["", "？", "を教えて", "について知りたい", "はどうすればいいですか", "　急ぎです", "。", "って", "教えてください"]
HANDOFF = ["担当の人と話したい", "職員につないでください", "人と話したいです", "電話で相談したい", "窓口の人に聞きたい"]
EVENTS_TABLE = """CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"""


@dataclass
class Wordings:
    answered: List[Tuple[str, str]]  # (text, faq id)
    missed: List[str]  # not understood: another city's questions
    out_of_scope: List[str]


def _jsonl(path: Path) -> List[Dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_wordings(corpus_dir: Path = CORPUS_DIR) -> Wordings:
    corpus = current_corpus(corpus_dir)
    topics = corpus.by_id()
    answered = [(example, topic.id) for topic in corpus.topics for example in topic.examples]
    for name in ("eval_in_scope.jsonl", "eval_in_scope_hard.jsonl"):
        answered += [(row["text"], row["intent"]) for row in _jsonl(DATA / name) if row["intent"] in topics]
    missed = [row["text"] for row in _jsonl(DATA / "realistic_city" / "questions.jsonl")]
    out_of_scope = [row["text"] for name in ("eval_out_of_scope.jsonl", "eval_out_of_scope_near_miss.jsonl")
                    for row in _jsonl(DATA / name)]  # fmt: skip
    return Wordings(answered, missed, out_of_scope)


def _parse(text: str, intent: str, confidence: float, topic: Optional[str]) -> Dict[str, Any]:
    """The parse data Rasa stores, as much as the console reads."""
    parse: Dict[str, Any] = {"text": text, "intent": {"name": intent, "confidence": confidence},
                             "intent_ranking": [{"name": intent, "confidence": confidence}], "entities": []}  # fmt: skip
    if topic:
        category = topic.split("/")[0]
        parse["intent_ranking"].append({"name": category, "confidence": round(1 - confidence, 3)})
        parse["response_selector"] = {
            "all_retrieval_intents": [category],
            "default": {"ranking": [{"intent_response_key": topic, "confidence": 1.0}]},
        }
    return parse


def _turn(rng: random.Random, wordings: Wordings, outcome: str) -> Tuple[str, str, float, Optional[str], List[str]]:
    """(text, intent, confidence, faq id or suggestion, actions) of one question."""
    ending = rng.choice(ENDINGS)
    if outcome == "answered":
        text, topic = rng.choice(wordings.answered)
        return text + ending, topic.split("/")[0], rng.uniform(0.55, 0.99), topic, ["utter_faq"]
    if outcome == "fallback":
        text = _long_paste(rng) if rng.random() < LONG_PASTE_SHARE else rng.choice(wordings.missed)
        guess = rng.choice(wordings.answered)[1]
        return text + ending, "nlu_fallback", rng.uniform(0.1, 0.4), guess, ["action_suggest_topics"]
    if outcome == "out_of_scope":
        return rng.choice(wordings.out_of_scope) + ending, "out_of_scope", rng.uniform(0.5, 0.95), None, ["utter_out_of_scope"]
    return rng.choice(HANDOFF), "human_handoff", rng.uniform(0.7, 0.99), None, ["action_human_handoff"]


def _long_paste(rng: random.Random) -> str:
    """A pasted string without a space (a URL or a reference number run together), 300 characters."""
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789あいうえお住民票粗大ごみ"
    return "".join(rng.choice(letters) for _ in range(300))


def _moment(rng: random.Random, now: float, days: int) -> float:
    """Spread over the period, busier in Japanese daytime (9–18 JST is 0–9 UTC)."""
    day = int(rng.random() * days)
    hour_utc = rng.gauss(3.5, 3.0) % 24
    return now - (day + 1) * 86400 + ((now % 86400) + hour_utc * 3600) % 86400


def event_rows(count: int, seed: int = 17, days: int = 60, now: Optional[float] = None,
               wordings: Optional[Wordings] = None) -> Iterator[Dict[str, Any]]:  # fmt: skip
    """The events of `count` questions, in time order."""
    rng = random.Random(seed)  # noqa: S311 - seeded test data, not secrets
    wordings = wordings or load_wordings()
    now = now or time.time()
    outcomes, weights = zip(*OUTCOME_WEIGHTS.items())
    moments = sorted(_moment(rng, now, days) for _ in range(count))
    for n, at in enumerate(moments):
        phone = rng.random() < PHONE_SHARE
        sender = f"{'call-' if phone else 'web-'}gen{seed}-{n:07d}"
        text, intent, confidence, topic, actions = _turn(rng, wordings, rng.choices(outcomes, weights)[0])
        parse = _parse(text, intent, round(confidence, 3), topic)
        channel = "phone" if phone else "web"
        user = {"event": "user", "timestamp": at, "text": text, "parse_data": parse, "input_channel": channel,
                "metadata": {}}  # fmt: skip
        yield {"sender_id": sender, "type_name": "user", "timestamp": at, "intent_name": intent, "action_name": None,
               "data": json.dumps(user, ensure_ascii=False)}  # fmt: skip
        for step, action in enumerate(actions):
            yield {"sender_id": sender, "type_name": "action", "timestamp": at + 0.01 * (step + 1), "intent_name": None,
                   "action_name": action, "data": json.dumps({"event": "action", "name": action})}  # fmt: skip
        custom = {"faq_id": topic} if intent not in {"nlu_fallback", "out_of_scope", "human_handoff"} and topic else {}
        bot = {"event": "bot", "timestamp": at + 0.05, "text": "…", "data": {"custom": custom} if custom else {}}
        yield {"sender_id": sender, "type_name": "bot", "timestamp": at + 0.05, "intent_name": None, "action_name": None,
               "data": json.dumps(bot, ensure_ascii=False)}  # fmt: skip
        yield {"sender_id": sender, "type_name": "action", "timestamp": at + 0.06, "intent_name": None,
               "action_name": "action_listen", "data": json.dumps({"event": "action", "name": "action_listen"})}  # fmt: skip


def write_questions(tracker_url: str, count: int, seed: int = 17, days: int = 60, now: Optional[float] = None) -> int:
    """Append `count` generated questions to a tracker store; the number of events written."""
    engine = sa.create_engine(tracker_url)
    insert = sa.text(
        "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data)"
        " VALUES (:sender_id, :type_name, :timestamp, :intent_name, :action_name, :data)"
    )
    written = 0
    try:
        with engine.begin() as db:
            db.execute(sa.text(EVENTS_TABLE))
            batch: List[Dict[str, Any]] = []
            for row in event_rows(count, seed, days, now):
                batch.append(row)
                if len(batch) == 20_000:
                    db.execute(insert, batch)
                    written, batch = written + len(batch), []
            if batch:
                db.execute(insert, batch)
                written += len(batch)
    finally:
        engine.dispose()
    return written


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m devtools.question_generator", description=__doc__.split("\n")[0])
    parser.add_argument("tracker_db", type=Path, help="an SQLite tracker store (created if missing)")
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--days", type=int, default=60)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    written = write_questions(f"sqlite:///{args.tracker_db}", args.count, args.seed, args.days)
    print(f"{args.count} questions ({written} events) in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
