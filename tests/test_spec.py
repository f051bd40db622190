"""spec/ is the project's copy of the shared contract; it must not drift from it."""

from __future__ import annotations

import pytest

from madoguchi.paths import ROOT, SPEC_DIR
from madoguchi.spec import load_spec

SHARED = ROOT.parent / "shared" / "spec"


@pytest.mark.parametrize("name", ["topics.yml", "waste_items.csv"])
def test_spec_copy_matches_the_shared_spec(name):
    if not (SHARED / name).exists():
        pytest.skip("no ../shared/spec beside this clone")
    assert (SPEC_DIR / name).read_text(encoding="utf-8") == (SHARED / name).read_text(encoding="utf-8")


def test_departments_cover_topics_most_specifically():
    spec = load_spec()
    assert spec.department_for("childcare/vaccination") == "kenko"
    assert spec.department_for("childcare/child_allowance") == "kosodate"
    assert spec.department_for("procedure/tax_certificate") == "zeimu"
    assert spec.department_for("waste/bulky_waste") == "gomi"
    assert spec.department_for("greet") == ""
