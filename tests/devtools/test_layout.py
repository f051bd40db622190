"""The folders tell the architecture: production code never reaches into the developer tools."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = ("bot", "madoguchi", "gateway", "ivr", "webchat", "console")
# `python -m ivr.simulate`, named in issues 3 and 4, still starts the simulator.
OLD_COMMANDS = {ROOT / "ivr" / "simulate" / "__main__.py"}


def imported_modules(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_no_production_module_imports_devtools() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for package in PRODUCTION
        for path in sorted((ROOT / package).rglob("*.py"))
        if path not in OLD_COMMANDS and "models" not in path.parts
        for module in imported_modules(path)
        if module == "devtools" or module.startswith("devtools.")
    ]
    assert offenders == []


@pytest.mark.parametrize(("old", "new"), [("ivr.console.accounts", "console.accounts"), ("ivr.simulate", "devtools.simulate")])
def test_the_commands_issues_named_still_run_the_moved_modules(old: str, new: str) -> None:
    result = subprocess.run([sys.executable, "-m", old, "--help"], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: python -m {new}")
