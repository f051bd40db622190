"""axe-core (served from tests/web/node_modules, never a CDN) on every page a resident or a
staff member sees: no serious or critical violation of WCAG 2.0/2.1 A and AA rules, the
level the widget and the console aim at (JIS X 8341-3:2016 is WCAG 2.0)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import STAFF_NAME, STAFF_PASSWORD, shot

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
RULE_SETS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def axe_violations(page: Page) -> List[Dict[str, Any]]:
    if not AXE.exists():
        pytest.fail("axe-core is missing: `make browser` installs it (npm ci in tests/web)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", RULE_SETS)
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def describe(violations: List[Dict[str, Any]]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in violations)


def log_in(page: Page, url: str) -> None:
    page.goto(f"{url}/console/login")
    page.get_by_label("職員名").fill(STAFF_NAME)
    page.get_by_label("パスワード").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", name="ダッシュボード")).to_be_visible()


def test_the_demo_page_with_the_chat_open_and_an_answer_has_no_serious_violation(stack, page) -> None:
    page.goto(f"{stack.url}/demo/")
    page.get_by_role("button", name="AIチャットで質問する").click()
    box = page.get_by_role("textbox", name="質問を入力")
    box.fill("粗大ごみを出したい")
    page.get_by_role("button", name="送信").click()
    log = page.get_by_role("log", name="会話")
    expect(log).to_have_attribute("aria-busy", "false", timeout=30_000)
    expect(log).to_contain_text("粗大ごみ")
    shot(page, "axe-demo-chat")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_the_console_login_page_has_no_serious_violation(stack, page) -> None:
    page.goto(f"{stack.url}/console/login")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_every_console_page_linked_from_the_dashboard_has_no_serious_violation(stack, page) -> None:
    log_in(page, stack.url)
    seen, problems = set(), []
    queue = [page.url]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{url}: {response and response.status}"
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        violations = axe_violations(page)
        if violations:
            problems.append(f"{url}\n{describe(violations)}")
        links = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
        queue.extend(
            link.split("#")[0] for link in links
            if link.startswith(f"{stack.url}/console/") and "logout" not in link and not link.endswith((".xlsx", ".csv"))
        )  # fmt: skip
    assert len(seen) >= 2  # the dashboard and at least one page it links to
    assert problems == [], "\n\n".join(problems)
