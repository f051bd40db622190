from __future__ import annotations

from ivr.menu import MAX_OPTIONS, default_menus, leaves
from madoguchi.spec import load_spec


def test_every_leaf_names_an_intent_the_assistant_has(corpus):
    known = set(corpus.by_id()) | set(load_spec().skills)
    menus = default_menus()
    assert set(leaves(menus)) <= known
    assert {"waste/bulky_waste", "waste_collection_day", "moving_checklist"} <= set(leaves(menus))


def test_menus_are_short_and_keep_the_reserved_keys_free():
    for menu in default_menus().values():
        assert 1 <= len(menu.options) <= MAX_OPTIONS
        assert not {"0", "9", "*"} & set(menu.options)
