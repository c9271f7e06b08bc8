"""Sort keys in the user's language, stored on the row so the database sorts by them.

A list sorts by plain text columns (``sort_name``, ``company_sort``, ``city_sort``)
whose byte order is the alphabet of the user's language, so an ORDER BY walks an
ordinary index and needs no collation of its own (SQLite has none for Danish).
The key is the folded words of the text (``folding``: case and accents off),
except for the letters a language files apart from the Latin 26: those become
``{``, ``|`` and ``}``, which come after ``z`` and before every other script.

- Danish and Norwegian: ``… x y z æ ø å``; ``ä`` files as ``æ``, ``ö`` as ``ø``,
  ``ü`` as ``y``, and ``aa`` as ``å``, as Danish and Norwegian phone books and
  CLDR's collation do (Aagaard, Aabenraa and Aalborg come after Østergaard,
  with Ågesen); a foreign name with "aa" (Isaacs) files as a Dane would file it.
- Swedish and Finnish: ``… x y z å ä ö``; ``æ`` files as ``ä``, ``ø`` as ``ö``,
  ``ü`` as ``y``.
- German: ``ä`` with ``a``, ``ö`` with ``o``, ``ü`` with ``u``, ``ß`` as ``ss``
  (DIN 5007, the dictionary order).
- English and every other language: accents folded, ``ø`` as ``o``, ``æ`` as ``ae``.

Which language: the default region's (Settings' "Default phone region", else the
system's, else Denmark), as crmdesk has no language setting of its own.  The keys
are built once per language; ``sort_keys.rekey`` rebuilds them when it changes.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass, field

from crmdesk.services import folding

_AFTER_Z = "{|}"  # the three code points after "z": letters filed after the Latin 26
_KEY_WORD = re.compile(r"[\w{|}]+")
_KEPT = 50_000  # names, companies and cities repeat from row to row; ~8 MB at most

#: the language of each region whose alphabet differs from English (others: English)
_LANGUAGE_OF_REGION = {"DK": "da", "GL": "da", "FO": "da", "NO": "nb", "SJ": "nb",
                       "SE": "sv", "FI": "sv", "AX": "sv",
                       "DE": "de", "AT": "de", "CH": "de", "LI": "de", "LU": "de"}


def language_of(region: str) -> str:
    """The sorting language of a default region (``DK`` -> ``da``); ``en`` for the rest."""
    return _LANGUAGE_OF_REGION.get(region.upper(), "en")


@dataclass
class Collation:
    """The sort key rule of one language, memoised (bounded) per text."""

    language: str
    #: the letters after z, in order, as the language writes them (printed headings)
    extra_letters: str = ""
    #: what each lower-case letter is filed as, before folding the rest
    _tailoring: dict[int, str] = field(default_factory=dict, repr=False)
    _aa: bool = False  # "aa" files as "å"
    _keys: dict[str, str] = field(default_factory=dict, repr=False)

    def key(self, text: str) -> str:
        """The key of ``text``: its folded words, joined by spaces, in this alphabet;
        "" for text with no letter or digit (which a list shows last)."""
        found = self._keys.get(text)
        if found is None:
            if len(self._keys) > _KEPT:
                self._keys.clear()
            found = self._keys[text] = self._key(text)
        return found

    def _key(self, text: str) -> str:
        lower = text.lower()
        if not self._tailoring or (lower.isascii() and not (self._aa and "aa" in lower)):
            return folding.sort_key(lower)
        lower = unicodedata.normalize("NFC", lower)
        if self._aa:
            lower = lower.replace("aa", "å")
        parts: list[str] = []
        for word in folding.WORD.findall(lower):  # the text's own "{|}" go here
            parts += _KEY_WORD.findall(folding.fold(word.translate(self._tailoring)))
        return " ".join(parts)

    @property
    def alphabet(self) -> tuple[str, ...]:
        """The letters rows are filed under, in order, as the Rolodex tabs show them:
        ``A`` to ``Z``, then the letters this language files after ``Z``."""
        return (*string.ascii_uppercase, *self.extra_letters.upper())

    def heading(self, key: str) -> str:
        """The letter the rows with this key are filed under (their Rolodex tab, and
        the heading of a printed list): ``Ø`` in Danish for a key from "Østergaard",
        ``Å`` for "Aagaard", ``O`` in German; ``#`` when it starts with no letter."""
        first = key[:1]
        if first and first in _AFTER_Z[:len(self.extra_letters)]:
            return self.extra_letters[_AFTER_Z.index(first)].upper()
        return first.upper() if "a" <= first <= "z" else "#"


def _tailored(language: str, letters: str, same: dict[str, str], aa: bool = False) -> Collation:
    table = {ord(letter): code for letter, code in zip(letters, _AFTER_Z, strict=True)}
    table.update({ord(letter): table[ord(like)] if like in letters else like
                  for letter, like in same.items()})
    return Collation(language, letters, table, aa)


def collation_for(language: str) -> Collation:
    """A fresh collation (its own memo) for a language code; English for an unknown one."""
    if language in ("da", "nb"):
        return _tailored(language, "æøå", {"ä": "æ", "ö": "ø", "ő": "ø", "ü": "y"}, aa=True)
    if language == "sv":
        return _tailored(language, "åäö", {"æ": "ä", "ø": "ö", "ő": "ö", "œ": "ö", "ü": "y"})
    return Collation(language if language == "de" else "en")
