"""A contact's display name, Rolodex filing and name key: pure functions of its name fields.

Shared by the derivation of list columns (``derive``), the import (in a reading
process that has no database), duplicate matching (``same_person``) and the card
and dialog views.
"""

from __future__ import annotations

from typing import Protocol

from crmdesk.services import folding

_KEYS: dict[str, str] = {}
_KEYS_KEPT = 50_000  # names and companies repeat from record to record; ~8 MB at most


class Named(Protocol):
    prefix: str
    first_name: str
    middle_name: str
    last_name: str
    suffix: str
    nickname: str


def display_name_of(record: Named) -> str:
    """The name a list and a card show: without the salutation ("Herr", "Mr."), which is
    the prefix field's, as Outlook keeps it apart too."""
    parts = (record.first_name, record.middle_name, record.last_name, record.suffix)
    name = " ".join(p.strip() for p in parts if p and p.strip())
    return name or record.nickname.strip()


def sort_source_of(record: Named) -> str:
    """Filed by last name, like a Rolodex; first name when there is none."""
    return " ".join(p for p in (record.last_name, record.first_name, record.middle_name) if p)


def key_of(text: str) -> str:
    """The case-, accent- and space-insensitive key of a name (``folding.sort_key``),
    memoised: an import or the demo asks for the same company and name keys thousands
    of times."""
    key = _KEYS.get(text)
    if key is None:
        if len(_KEYS) > _KEYS_KEPT:
            _KEYS.clear()
        key = _KEYS[text] = folding.sort_key(text)
    return key


def name_key_of(record: Named) -> str:
    """Folded "last first middle", what ``Contact.name_key`` stores for a named contact;
    "" if it has no name.

    ``key_of(sort_source_of(record))``, put together from each name's own key: folding
    keeps to the words it is given, so the keys of the parts, joined, are the key of the
    joined parts (a test checks it), and first and last names repeat from record to
    record, where whole names do not."""
    return " ".join(filter(None, (key_of(record.last_name), key_of(record.first_name),
                                  key_of(record.middle_name))))


#: Legal forms a company name may end in, as folded words ("A/S" folds to "a s").
#: Names match without them: "Acme ApS", "ACME A/S" and "Acme" are one company.
LEGAL_SUFFIXES = frozenset({
    "aps", "as", "is", "ks", "gmbh", "ag", "ltd", "limited", "inc", "llc", "ab", "oy", "bv",
    "sa", "srl", "plc",
})


def company_key(name: str) -> str:
    """The key two names of one company share: folded (case, accents, punctuation)
    like ``key_of``, without a legal form at the end (``LEGAL_SUFFIXES``, written as
    one word or in letters: "A/S", "B.V.", "S.R.L."); a name that is only a legal
    form keeps it."""
    words = key_of(name).split()
    while len(words) > 1:
        if words[-1] in LEGAL_SUFFIXES:
            words.pop()
            continue
        letters = 0  # a run of single letters at the end: "a s", "b v", "s r l"
        while letters < len(words) - 1 and len(words[-1 - letters]) == 1:
            letters += 1
        run = "".join(words[len(words) - letters:])
        if letters > 1 and run in LEGAL_SUFFIXES:
            del words[len(words) - letters:]
            continue
        break
    return " ".join(words)
