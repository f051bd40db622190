from __future__ import annotations

import pytest

from madoguchi.districts import default_districts


@pytest.mark.parametrize(
    "text, districts",
    [
        ("東町の燃えるごみの日は？", ["東町"]),
        ("ひがしまちです", ["東町"]),
        ("東京のごみ", []),
        ("緑が丘なんですけど", ["緑が丘一丁目", "緑が丘二丁目"]),
        ("緑が丘2丁目", ["緑が丘二丁目"]),
        ("みどりがおかにちょうめ", ["緑が丘二丁目"]),
        ("中央", ["中央町"]),
        ("えっと桜台です", ["桜台"]),
        ("西町と北町", ["西町", "北町"]),
    ],
)
def test_districts_are_found_with_or_without_町_and_in_kana(text, districts):
    assert default_districts().find(text) == districts
