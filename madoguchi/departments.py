"""Which department a topic sends residents to, and by what name.

A topic's `department` is one of three things:
- a key of spec/topics.yml (`gomi`): its name is the spec's (ごみ対策課), its number city.yml's;
- `main`: the city's main number, no department named;
- for an entry imported from a city's FAQ list, the department the list names in its
  担当課 / 所管課 / お問い合わせ先 column, as written (廃棄物対策課), when it is none of the
  spec's. The hand-off and the answer's contact line name it; its number is city.yml's
  when city.yml lists the department under that name (`departments: {廃棄物対策課: {tel: …}}`),
  else the main number, so a resident is never given a number the city did not give.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

from madoguchi.spec import Spec

MAIN = "main"
# a department's name is cut where a list's cell goes on with more (「市民課（電話：…）」
# 「子育て支援課 保育係」「市民課／各支所」): the first name is the department asked
_NAME_END = re.compile(r"[\s（()：:、,，／/・]|電話|TEL|tel|内線")
OWN_NAME_MAX = 30  # a longer cell is a sentence, not a department's name


def cell_name(cell: str) -> str:
    """The department's name in a list's cell: NFKC, up to where the cell goes on."""
    text = unicodedata.normalize("NFKC", cell).strip()
    return _NAME_END.split(text, maxsplit=1)[0].strip()


def is_own_name(department: str) -> bool:
    """A city's own department name as an imported entry may carry (not a spec key)."""
    return 0 < len(department) <= OWN_NAME_MAX and cell_name(department) == department


def department_of_cell(cell: str, spec: Spec) -> str:
    """A list's department cell as a topic's department: the spec's key when the name is one
    of the spec's departments (市民課 -> shimin, so its number is known), else the name itself;
    empty when the cell names none."""
    name = cell_name(cell)
    by_name = {unicodedata.normalize("NFKC", d.name): key for key, d in spec.departments.items()}
    return by_name.get(name, name)


def department_name(department: Optional[str], spec: Spec) -> Optional[str]:
    """The department's Japanese name: the spec's for a key, a city's own as it is; None for
    the main number (each caller says that in its own words)."""
    if not department or department == MAIN:
        return None
    if department in spec.departments:
        return spec.departments[department].name
    return department
