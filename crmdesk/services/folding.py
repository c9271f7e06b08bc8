"""Fold names for search and sorting, the way a Danish or German user spells them.

Search compares folded words: the query is folded to one *base* form, the
indexed text to every spelling a user might type.  So ``Müller`` is indexed as
``muller`` and ``mueller``; ``Mueller`` as ``mueller`` and ``muller``;
``Århus`` as ``arhus`` and ``aarhus``; ``Aase`` as ``aase`` and ``ase``.  A
query folded to its base form then finds all of them by prefix.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode decomposition does not reduce to ASCII.
_BASE_MAP = str.maketrans(
    {
        "ø": "o", "æ": "ae", "ß": "ss", "œ": "oe", "ð": "d", "þ": "th",
        "ł": "l", "đ": "d", "ı": "i", "ŀ": "l", "ħ": "h",
    }
)
# The spelled-out forms: å=aa, ø=oe, and the German umlauts with e.
_EXPANDED_MAP = str.maketrans({"å": "aa", "ø": "oe", "ä": "ae", "ö": "oe", "ü": "ue"})
# The spelled-out forms read back as the plain vowel (Aase -> Ase, Mueller -> Muller).
_CONTRACT = re.compile(r"aa|ue|oe")
#: what a word is, to search: the pattern values are split with before folding
WORD = re.compile(r"\w+")
_MARKS = re.compile(r"[\u0300-\u036f]")


def _strip(text: str) -> str:
    if text.isascii():  # most names and words: nothing to decompose or map (O(1) check)
        return text.lower()
    return _decompose(text)


def _decompose(text: str) -> str:
    """Lower case, accents off, the letters of ``_BASE_MAP`` mapped: any text."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_BASE_MAP))
    return _MARKS.sub("", text).translate(_BASE_MAP)


def fold(text: str) -> str:
    """The base form: lower case, accents off, ø->o, æ->ae, ß->ss."""
    return _strip(text)


def words(text: str) -> list[str]:
    """The base-form words of ``text`` (what a query is split into)."""
    return WORD.findall(fold(text))


def spellings(word: str) -> set[str]:
    """Every folded spelling a user might type for one word of stored text."""
    lower = word.lower()
    base = _strip(lower)
    forms = {base, _strip(lower.translate(_EXPANDED_MAP))}
    for form in list(forms):
        contracted = _CONTRACT.sub(lambda m: m.group(0)[0], form)
        forms.add(contracted)
    return forms


def index_text(*values: str) -> str:
    """The text to index for a record: every spelling of every word, once."""
    seen: dict[str, None] = {}
    for value in values:
        if not value:
            continue
        for word in WORD.findall(value):
            for form in sorted(spellings(word)):
                for part in WORD.findall(form):
                    seen.setdefault(part, None)
    return " ".join(seen)


def sort_key(text: str) -> str:
    """A case- and accent-insensitive key for ORDER BY, stored beside the name."""
    return " ".join(words(text))
