"""Romaji an IME left in a Japanese question, read as the kana it stands for.

A resident who types with the IME off for a moment sends 「住民hyouがほしい」 or
「ほいくえnに申し込みたい」 (the last ん not yet converted). A run of lowercase latin letters
that touches kana or kanji and is made only of romaji syllables becomes its hiragana
(jaconv's `alphabet2kana`); anything else stays: an English word or an abbreviation is
not romaji (card, pdf, ok: `c`, `pdf`, a final `k` are no syllables), and a question
written in English touches no kana.
"""

from __future__ import annotations

import re

import jaconv

# a romaji syllable: a consonant (or sh, ch, ts, a palatal ky, ny …) and a vowel; n before a
# consonant or at the end (ん); a doubled consonant (っ, in shussei); the long-vowel dash
_CONSONANT = r"(?:sh|ch|ts|[kgnhbpmr]y|[kgsztdnhbpmyrwfjv])"
_SYLLABLE = rf"(?:{_CONSONANT}?[aiueo]|n(?![aiueoy])|([kgsztdhbpmrfjc])(?=\1)|-)"
_ROMAJI = re.compile(rf"(?:{_SYLLABLE})+")
_JAPANESE = r"[ぁ-ゖァ-ヺー一-龠々]"
# a whole latin run (Wi-Fi is not split) with Japanese right before or right after it
_LATIN = r"[a-z][a-z-]*"
_RUN = re.compile(rf"(?<![A-Za-z0-9-])(?:(?<={_JAPANESE}){_LATIN}|{_LATIN}(?={_JAPANESE}))(?![A-Za-z0-9])")


def romaji_as_kana(text: str) -> str:
    """The text with every romaji run beside Japanese written in hiragana."""
    return _RUN.sub(_as_kana, text)


def _as_kana(match: "re.Match[str]") -> str:
    run = match.group(0)
    # one letter is an ん not yet converted (ほいくえn), or a letter of its own (eメール)
    # a dash inside is a compound's (wi-fi), at the end a long vowel (mainanba-)
    syllables = run == "n" or (len(run) > 1 and "-" not in run[:-1] and _ROMAJI.fullmatch(run))
    return jaconv.alphabet2kana(run) if syllables else run
