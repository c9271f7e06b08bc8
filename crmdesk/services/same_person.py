"""When two contacts are the same person: the one rule that the import's duplicate
matching (``importing.matching``) and ``crmdesk duplicates`` (``duplicates``) share.

A contact is *named* when it has a first, middle or last name; its name key is
then its folded "last first middle" (``names.name_key_of``, what
``Contact.name_key`` stores).  Two contacts are the same person when

- they share an e-mail address or an E.164 phone number, unless both are named
  and the names are clearly different (:func:`same_person`): a switchboard, a
  family phone or an info@ mailbox is shared by different people.  On generated
  data this took phone matches from 496 false ones to none, keeping 199 of 200
  true duplicates;
- both are named with the same name key in the same company (or both in none);
- inside one company, their name keys are near-equal (:func:`similar_names`):
  there a near-equal name is a typo rather than a namesake;
- neither is named, both are of the same company, and one of them has neither an
  e-mail nor a phone: a card for the company itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

NAME_SCORE = 92  # rapidfuzz ``fuzz.ratio`` of folded names inside one company
#: A shared e-mail or phone is not a match when both sides are named and their names
#: are this different (``fuzz.token_sort_ratio`` below it)
SAME_PERSON_SCORE = 70
#: A contact has a name (the condition of ``Contact.name_key`` being its name key)
NAMED_SQL = "(first_name != '' OR last_name != '' OR middle_name != '')"


def same_person(name: str, other: str) -> bool:
    """Whether two contacts sharing an e-mail or phone are one person, by their name keys
    ("" for a contact with no name)."""
    return not (name and other) or fuzz.token_sort_ratio(name, other) >= SAME_PERSON_SCORE


def similar_names(name: str, others: Iterable[str]) -> list[tuple[str, float]]:
    """The name keys among ``others`` near-equal to ``name`` (inside one company), with
    their scores."""
    return [(hit, score) for hit, score, _ in process.extract(
        name, others, scorer=fuzz.ratio, score_cutoff=NAME_SCORE, limit=None)]
