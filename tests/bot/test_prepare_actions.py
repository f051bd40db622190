"""The action data is read while a server starts, not by the first resident's question."""

from __future__ import annotations

import logging

import pytest

import bot.actions.prepare as prepare_module
from bot.in_process_actions import InProcessActionEndpoint
from madoguchi import waste_data
from madoguchi.moving import default_checklist
from madoguchi.waste_items import DataFileError


def test_the_in_process_endpoint_reads_the_waste_dictionary_and_checklist_when_created():
    waste_data._load.cache_clear()
    default_checklist.cache_clear()
    InProcessActionEndpoint()
    assert waste_data._load.cache_info().currsize == 1
    assert default_checklist.cache_info().currsize == 1


def test_broken_action_data_is_logged_and_the_server_still_starts(monkeypatch, caplog):
    def broken() -> None:
        raise DataFileError("faq_corpus/waste_items.yml:3: no category")

    monkeypatch.setattr(prepare_module, "current", broken)
    with caplog.at_level(logging.ERROR, logger="bot.actions.prepare"):
        prepare_module.prepare()
    assert [r.getMessage() for r in caplog.records] == [
        "action data not loaded at start: faq_corpus/waste_items.yml:3: no category"
    ]


@pytest.mark.parametrize("name", ["current", "default_checklist", "item_names"])
def test_each_loader_is_called_by_prepare(monkeypatch, name):
    called = []
    monkeypatch.setattr(prepare_module, name, lambda: called.append(name))
    prepare_module.prepare()
    assert called == [name]
