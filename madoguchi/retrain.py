"""Retraining from the staff console: check, generate, train, smoke-check, switch.

The running bot keeps its model until a new one has trained *and* passed the smoke check:
the questions staff added since the last switch must be answered with their topics, and
a sample of every topic's questions must still be answered right. Only then is each Rasa
server told to load the new model (PUT /model, which needs `rasa run --enable-api`): with
several servers behind a load balancer (`make cluster`) every one of them, one after the
other (the others keep answering meanwhile), each reported on its own. One retrain at a
time; progress is kept for the console to poll.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import httpx
import yaml

from madoguchi.batch_ask import run_ask
from madoguchi.corpus.generate import write_generated
from madoguchi.corpus.validate import check_corpus
from madoguchi.model import model_name, train
from madoguchi.retrain_board import PUBLISH_SECONDS, RetrainBoard

# The smoke check: at least this share of each topic's first question answered right.
SMOKE_MIN_RIGHT = 0.9
STAGES = ("検査", "学習データの生成", "学習", "動作確認", "切り替え")
_FINISHED = re.compile(r"Finished training component '(\w+)'")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
logger = logging.getLogger(__name__)


@dataclass
class Progress:
    state: str = "idle"  # idle, running, switched, failed
    stage: str = ""
    percent: int = 0  # of the current stage, when it can be told
    started: float = 0.0
    finished: float = 0.0
    model: str = ""
    message: str = ""
    log: List[str] = field(default_factory=list)
    servers: Dict[str, str] = field(default_factory=dict)  # each Rasa server: switched, or why not

    def as_dict(self) -> Dict[str, Any]:
        return {
            "state": self.state, "stage": self.stage, "stages": list(STAGES), "percent": self.percent,
            "seconds": round((self.finished or time.time()) - self.started) if self.started else 0,
            "model": self.model, "message": self.message, "log": self.log[-12:], "servers": dict(self.servers),
        }  # fmt: skip


def still_in_corpus(checks: List[Tuple[str, str]], topics: Dict[str, Any]) -> List[Tuple[str, str]]:
    """The added questions that are still examples of their topics: one staff took out again
    (in Excel, say) is not the new model's to answer."""
    return [(question, topic) for question, topic in checks if topic in topics and question in topics[topic].examples]


@dataclass
class Retrainer:
    corpus_dir: Path
    bot_dir: Path
    models_dir: Path
    rasa_url: str
    on_switched: Optional[Callable[[str], None]] = None  # told the new model's name
    rasa_token: str = ""  # PUT /model needs the Rasa HTTP API token
    # Every Rasa server behind rasa_url (a load balancer), each at its own address; empty: rasa_url alone.
    rasa_servers: Tuple[str, ...] = ()
    # Shared with the other gateway workers (madoguchi/retrain_board.py); None: this process alone.
    board: Optional[RetrainBoard] = None
    progress: Progress = field(default_factory=Progress)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _thread: Optional[threading.Thread] = None

    def start(self, checks: List[Tuple[str, str]]) -> bool:
        """Start a retrain in the background; False when one is already running.

        `checks` are (question, topic id) pairs the new model must answer right.
        """
        with self._lock:
            if self.progress.state == "running":
                return False
            progress = Progress(state="running", started=time.time())
            if self.board is not None and not self.board.claim(progress.as_dict()):
                return False  # another worker is retraining
            self.progress = progress
        self._thread = threading.Thread(target=self._run_published, args=(list(checks),), daemon=True, name="retrain")
        self._thread.start()
        return True

    def status(self) -> Dict[str, Any]:
        """The progress the console shows: the latest retrain of any worker when shared."""
        shared = self.board.current() if self.board is not None else None
        return shared if shared is not None else self.progress.as_dict()

    def _run_published(self, checks: List[Tuple[str, str]]) -> None:
        """Retrain, publishing the progress every second meanwhile and once at the end."""
        done = threading.Event()

        def publish() -> None:
            try:
                if self.board is not None:
                    self.board.publish(self.progress.as_dict())
            except Exception:  # the store is down for a moment: the next second tries again
                logger.warning("retrain progress not published", exc_info=True)

        def keep_publishing() -> None:
            while not done.wait(PUBLISH_SECONDS):
                publish()

        publisher = threading.Thread(target=keep_publishing, daemon=True, name="retrain-progress")
        publisher.start()
        try:
            self._run(checks)
        finally:
            done.set()
            publisher.join()
            publish()

    def wait(self, timeout: Optional[float] = None) -> Progress:
        if self._thread is not None:
            self._thread.join(timeout)
        return self.progress

    def _stage(self, index: int, note: str = "") -> None:
        self.progress.stage, self.progress.percent = STAGES[index], 0
        self.progress.log.append(f"{STAGES[index]}{': ' + note if note else ''}")

    def _fail(self, message: str) -> None:
        self.progress.state, self.progress.message, self.progress.finished = "failed", message, time.time()
        self.progress.log.append(message)

    def _run(self, checks: List[Tuple[str, str]]) -> None:
        try:
            self._stage(0)
            corpus, problems = check_corpus(self.corpus_dir)
            if problems:
                return self._fail("コーパスに問題があるため学習しませんでした: " + "; ".join(map(str, problems[:5])))
            checks = still_in_corpus(checks, corpus.by_id())
            self._stage(1)
            write_generated(corpus, self.bot_dir)
            self._stage(2)
            model = self._train()
            self.progress.model = model.name
            self._stage(3, f"{len(checks)}件の追加質問と各トピックの質問")
            smoke = [(topic.examples[0], topic.id) for topic in corpus.topics]
            failure = self._smoke_check(model, checks, smoke)
            if failure:
                return self._fail(f"動作確認に失敗したため、今のモデルのまま動かしています: {failure}")
            self._stage(4)
            failed = self._switch(model)
            if failed:
                return self._fail(failed)
            if self.on_switched:
                self.on_switched(model.name)
        except Exception as error:  # the console must show what went wrong, not a dead thread
            return self._fail(f"{type(error).__name__}: {error}")
        self.progress.state, self.progress.finished = "switched", time.time()
        self.progress.message = f"新しいモデル {self.progress.model} に切り替えました。"
        self.progress.log.append(self.progress.message)
        return None

    def _train(self) -> Path:
        name = model_name(self.bot_dir, self.corpus_dir)
        path = self.models_dir / f"{name}.tar.gz"
        if path.exists():
            self.progress.log.append("同じ内容のモデルがあるため、学習を省きました。")
            return path
        self.models_dir.mkdir(parents=True, exist_ok=True)
        components, finished = self._components(), []

        def on_output(line: str) -> None:
            """Rasa's output, told as staff can follow it: each component as it finishes, and
            the share of the components finished as the percentage."""
            found = _FINISHED.search(_ANSI.sub("", line))
            if found:
                finished.append(found.group(1))
                self.progress.log.append(f"学習済み: {found.group(1)}")
                self.progress.percent = min(100, round(100 * len(finished) / components))

        return train(self.bot_dir, self.models_dir, name, on_output=on_output)

    def _components(self) -> int:
        """How many components training reports as finished: the pipeline and the policies."""
        config = yaml.safe_load((self.bot_dir / "config.yml").read_text(encoding="utf-8")) or {}
        return max(1, len(config.get("pipeline") or []) + len(config.get("policies") or []))

    def _smoke_check(self, model: Path, checks: List[Tuple[str, str]], smoke: List[Tuple[str, str]]) -> str:
        """'' when the model passes; else what failed."""
        results, _ = run_ask(model, [{"text": question} for question, _ in checks + smoke])
        intents = [r.get("intent") for r in results]
        missed = [q for (q, want), got in zip(checks, intents) if got != want]
        if missed:
            return "追加した質問に正しく答えられません: " + "、".join(missed)
        right = sum(got == want for (_, want), got in zip(smoke, intents[len(checks) :]))
        share = right / len(smoke) if smoke else 1.0
        self.progress.log.append(f"動作確認: 追加質問 {len(checks)}/{len(checks)}、トピック {right}/{len(smoke)}")
        return "" if share >= SMOKE_MIN_RIGHT else f"トピックの質問の正答が {share:.0%}（{SMOKE_MIN_RIGHT:.0%} 未満）"

    def _switch(self, model: Path) -> str:
        """Load the model into every Rasa server; '' when all did, else which did not."""
        for url in self.rasa_servers or (self.rasa_url,):
            error = self._load(url, model)
            self.progress.servers[url] = error or "switched"
            self.progress.log.append(f"{url}: " + (f"切り替えに失敗: {error}" if error else "切り替え済み"))
        failed = {url: state for url, state in self.progress.servers.items() if state != "switched"}
        if not failed:
            return ""
        switched = [url for url in self.progress.servers if url not in failed]
        now = f"新しいモデルで動いているのは {'、'.join(switched)} です。" if switched else "今のモデルのまま動いています。"
        reasons = "、".join(f"{url}: {why}" for url, why in failed.items())
        again = "もう一度再学習すると、学習を省いて切り替えだけをやり直します。"
        return f"切り替えに失敗したサーバーがあります（{reasons}）。{now}{again}"

    def _load(self, url: str, model: Path) -> str:
        """PUT /model on one Rasa server; '' when it loaded the model, else why not."""
        try:
            response = httpx.put(f"{url}/model", params={"token": self.rasa_token}, json={"model_file": str(model)}, timeout=300)
        except httpx.HTTPError as error:
            return f"{type(error).__name__}: {error}"[:200]
        return "" if response.status_code == 204 else f"HTTP {response.status_code} {response.text[:200]}"
