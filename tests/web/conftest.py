"""A whole stack for the browser: its own Rasa and action servers, the gateway (uvicorn)
on a private copy of the corpus and Rasa project, and Debian's Chromium driven by Playwright.

The stack is separate from the session's servers because the staff test retrains and
switches the model. Screenshots go to test-artifacts/browser/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from console.accounts import EDITOR, Accounts
from devtools.servers import free_port, running_servers, wait_for
from gateway.store import Store
from madoguchi.paths import BOT_DIR, CORPUS_DIR, ROOT, project_env

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "browser"
STAFF_NAME, STAFF_PASSWORD = "テスト職員", "browser-test-password"


@dataclass
class Stack:
    url: str  # the gateway
    rasa_url: str
    corpus_dir: Path
    models_dir: Path


@pytest.fixture(scope="session")
def stack(model_path: Path, tmp_path_factory) -> Iterator[Stack]:
    work = tmp_path_factory.mktemp("stack")
    corpus, bot, models = work / "faq_corpus", work / "bot", work / "models"
    shutil.copytree(CORPUS_DIR, corpus)
    shutil.copytree(BOT_DIR, bot, ignore=shutil.ignore_patterns("models", "__pycache__"))
    models.mkdir()
    Accounts(Store(work / "gateway")).add(STAFF_NAME, STAFF_PASSWORD, EDITOR)  # the staff member of the tests
    with running_servers(model_path, work) as servers:
        port = free_port()
        env = project_env(
            MADOGUCHI_CORPUS_DIR=str(corpus), MADOGUCHI_BOT_DIR=str(bot), MADOGUCHI_MODELS_DIR=str(models),
            MADOGUCHI_RASA_URL=servers.rasa_url, MADOGUCHI_TRACKER_DB_URL=f"sqlite:///{servers.tracker_db}",
            MADOGUCHI_DATA_DIR=str(work / "gateway"),
            MADOGUCHI_CONSOLE_SECRET="browser-test-secret",
            MADOGUCHI_RASA_TIMEOUT_SECONDS="10",
        )  # fmt: skip
        with open(work / "gateway.log", "w") as log:
            gateway = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "gateway.app:app", "--ws", "none", "--host", "127.0.0.1", "--port", str(port)],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                wait_for(f"http://127.0.0.1:{port}/healthz", 60)
                yield Stack(f"http://127.0.0.1:{port}", servers.rasa_url, corpus, models)
            finally:
                gateway.terminate()
                gateway.wait(timeout=30)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is needed: `make browser` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"],
        )  # fmt: skip
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ja-JP")
    yield context.new_page()
    context.close()


def shot(page, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
