"""Checks a form runs before saving; each problem is a sentence for one field.

Field keys are ``name``, ``emails.N``, ``phones.N``, ``website`` and so on, so a
dialog can show the message beside the widget the user typed into.
"""

from __future__ import annotations

import re

from crmdesk.records import AccountRecord, AddressEntry, ContactRecord, EmailEntry, PhoneEntry
from crmdesk.services import phones

_EMAIL = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\"]{2,}$")
#: Characters no one-line field may hold: C0 and C1 controls (tab and line breaks
#: included), DEL, and the Unicode line and paragraph separators.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: The same for text of several lines (notes, a street): tab and line feed are allowed.
CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
NAME_FIELDS = ("prefix", "first_name", "middle_name", "last_name", "suffix", "nickname")

Problems = dict[str, str]
#: Values already stored on the record: an imported number or address that does not
#: parse must not stop the user from saving an unrelated change.
Known = frozenset[str]


class ValidationError(ValueError):
    def __init__(self, problems: Problems) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def email_problem(address: str) -> str | None:
    if _EMAIL.match(address.strip()) and not CONTROL.search(address):
        return None
    return f"“{address.strip()}” is not an e-mail address (it should look like name@example.com)."


def _check_channels(
    emails: list[EmailEntry], phone_entries: list[PhoneEntry], addresses: list[AddressEntry],
    region: str, problems: Problems, known: Known,
) -> None:
    """A number without a country code is checked where the save will read it: in the
    country of the record's address (``phones.region_for``), else in ``region``."""
    for i, email in enumerate(emails):
        address = email.address.strip()
        if address and address not in known and (msg := email_problem(address)):
            problems[f"emails.{i}"] = msg
    for i, phone in enumerate(phone_entries):
        if phone.number.strip() and phone.number.strip() not in known:
            try:
                phones.parse(phone.number, phones.region_for(
                    phone.kind or "other", [a for a in addresses if not a.is_empty()], region))
            except phones.PhoneError as exc:
                problems[f"phones.{i}"] = str(exc)


def check_contact(record: ContactRecord, region: str, known: Known = frozenset()) -> Problems:
    problems: Problems = {}
    named = any(
        v.strip() for v in (record.first_name, record.last_name, record.middle_name,
                            record.nickname)
    )
    if not named:
        problems["name"] = "Enter a first or last name."
    elif any(CONTROL.search(getattr(record, f)) for f in NAME_FIELDS):
        problems["name"] = ("The name holds control characters (such as a tab or a line "
                            "break); remove them.")
    _check_channels(record.emails, record.phones, record.addresses, region, problems,
                    known)
    for i, custom in enumerate(record.custom_fields):
        if custom.value.strip() and not custom.label.strip():
            problems[f"custom_fields.{i}"] = (
                "Give this value a label (such as “Member no.”), or remove the field.")
    return problems


def check_account(record: AccountRecord, region: str, known: Known = frozenset()) -> Problems:
    problems: Problems = {}
    if not record.name.strip():
        problems["name"] = "Enter the company's name."
    _check_channels(record.emails, record.phones, record.addresses, region, problems,
                    known)
    return problems


def known_values(record: object | None) -> Known:
    """The phone numbers and e-mail addresses a stored record already has (none for a
    kind without them, such as an activity)."""
    return frozenset([p.number.strip() for p in getattr(record, "phones", ())]
                     + [e.address.strip() for e in getattr(record, "emails", ())])
