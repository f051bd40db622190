"""Inputs from outside as hypothesis strategies: any text (lone surrogates and NUL included),
any JSON, any bytes, and texts a form or header can carry."""

from __future__ import annotations

from hypothesis import strategies as st

# Everything, including lone surrogates (a JSON "\udc18") and control characters.
any_text = st.text(max_size=80)
# What a form field can carry: UTF-8 encodable text (control characters included).
form_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=80)
# Header values as a client sends them (printable ASCII).
header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(any_text, children, max_size=4),
    max_leaves=12,
)
session_ids = st.one_of(st.from_regex(r"[A-Za-z0-9_-]{8,64}", fullmatch=True), any_text, st.integers())
