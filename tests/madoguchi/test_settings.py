"""The one settings object: one variable per setting, read the same way by every service."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from madoguchi.services import service_commands, service_env
from madoguchi.settings import Settings


def test_an_action_server_address_reaches_rasa_through_the_endpoints_file(monkeypatch, tmp_path: Path) -> None:
    from rasa.utils.endpoints import read_endpoint_config

    settings = Settings(actions_url="http://127.0.0.1:6123/webhook", var_dir=tmp_path)
    for name, value in service_env(settings).items():
        monkeypatch.setenv(name, value)
    actions = read_endpoint_config(str(settings.endpoints), "action_endpoint")
    store = read_endpoint_config(str(settings.endpoints), "tracker_store")
    assert actions is not None and store is not None
    assert actions.url == "http://127.0.0.1:6123/webhook"
    assert actions.token == settings.actions_token and len(settings.actions_token) >= 32
    assert store.kwargs["db"] == str(tmp_path / "tracker.db")


def test_by_default_the_rasa_server_runs_the_actions_itself(monkeypatch, tmp_path: Path) -> None:
    from rasa.core.utils import AvailableEndpoints

    from bot.in_process_actions import InProcessActionEndpoint
    from bot.rasa_server import install_in_process_actions

    settings = Settings(var_dir=tmp_path)
    assert settings.actions_in_process and "actions" in service_commands(settings, tmp_path / "model.tar.gz")
    for name, value in service_env(settings).items():
        monkeypatch.setenv(name, value)
    # Rasa's own reader comes back after the test: monkeypatch notes it before the patch
    monkeypatch.setattr(AvailableEndpoints, "read_endpoints", AvailableEndpoints.__dict__["read_endpoints"])
    install_in_process_actions()
    endpoints = AvailableEndpoints.read_endpoints(str(settings.endpoints))
    assert isinstance(endpoints.action, InProcessActionEndpoint) and "action_set_language" in endpoints.action.executor.actions
    assert endpoints.tracker_store is not None and endpoints.tracker_store.kwargs["db"] == str(tmp_path / "tracker.db")


def test_with_action_servers_the_rasa_server_still_decides_the_language_and_offers_candidates_and_staff(
    monkeypatch, tmp_path: Path
) -> None:
    from rasa.core.utils import AvailableEndpoints

    from bot.in_process_actions import LocalFirstActionEndpoint
    from bot.rasa_server import install_in_process_actions

    settings = Settings(actions_url="http://127.0.0.1:6123/webhook", var_dir=tmp_path)  # as make cluster
    for name, value in service_env(settings).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(AvailableEndpoints, "read_endpoints", AvailableEndpoints.__dict__["read_endpoints"])
    install_in_process_actions()
    action = AvailableEndpoints.read_endpoints(str(settings.endpoints)).action
    assert isinstance(action, LocalFirstActionEndpoint)
    local = [
        "action_set_language",
        "action_suggest_topics",
        "action_answer_chosen_faq",
        "action_answer_topic_for_item",  # an FAQ answer, about one item
        "action_human_handoff",
        "action_stop_form",  # 「やめる」 in a form during an outage
    ]
    assert list(action.local.actions) == local
    assert action.url == "http://127.0.0.1:6123/webhook" and action.token == settings.actions_token


def test_each_path_has_one_documented_variable_and_old_names_still_work(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MADOGUCHI_CORPUS_DIR", str(tmp_path / "corpus"))
    monkeypatch.setenv("MADOGUCHI_MODELS", str(tmp_path / "old-models"))
    monkeypatch.setenv("MADOGUCHI_VAR_DIR", str(tmp_path / "var"))
    settings = Settings()
    assert settings.corpus_dir == tmp_path / "corpus"
    assert settings.models_dir == tmp_path / "old-models"
    assert settings.tracker_db == tmp_path / "var" / "tracker.db"
    assert settings.tracker_db_url == f"sqlite:///{tmp_path / 'var' / 'tracker.db'}"
    exported = service_env(settings)
    assert exported["MADOGUCHI_MODELS_DIR"] == str(tmp_path / "old-models")
    assert "MADOGUCHI_RASA_TOKEN" in exported


def test_the_children_read_the_very_same_settings(monkeypatch, tmp_path: Path) -> None:
    settings = Settings(rasa_port=7001, gateway_port=7002, var_dir=tmp_path)
    for name, value in service_env(settings).items():
        monkeypatch.setenv(name, value)
    assert Settings() == settings


def test_development_tokens_are_random_and_kept_private(tmp_path: Path) -> None:
    first, again = Settings(var_dir=tmp_path), Settings(var_dir=tmp_path)
    assert first.rasa_token == again.rasa_token != first.actions_token
    assert (tmp_path / "secrets" / "rasa_token").stat().st_mode & 0o077 == 0
    assert first.rasa_token not in repr(first)


@pytest.mark.parametrize("token", ["", "development", "changeme"])
def test_production_refuses_a_missing_or_placeholder_rasa_token(tmp_path: Path, token: str) -> None:
    with pytest.raises(ValidationError, match="set MADOGUCHI_RASA_TOKEN"):
        Settings(environment="production", var_dir=tmp_path, rasa_token=token, actions_token="a-real-secret")


def test_secrets_never_appear_on_a_command_line(tmp_path: Path) -> None:
    settings = Settings(var_dir=tmp_path)
    words = [word for command in service_commands(settings, tmp_path / "m.tar.gz").values() for word in command]
    assert settings.rasa_token not in words and settings.actions_token not in words
    assert "*" not in words and "0.0.0.0" not in words


def test_processes_starting_at_once_agree_on_one_development_secret(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from madoguchi.settings import development_secret

    with ThreadPoolExecutor(8) as pool:
        found = set(pool.map(lambda _: development_secret(tmp_path, "rasa_token"), range(32)))
    assert len(found) == 1 and len(found.pop()) >= 32
    assert [p.name for p in (tmp_path / "secrets").iterdir()] == ["rasa_token"]
