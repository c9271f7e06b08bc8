"""Plain records passed between layers.

Importers produce them, services store and return them, the UI edits them.
They hold no database session and no Qt object, so any layer can use them and
tests can build them by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Relationship(StrEnum):
    """Why a party is in the Rolodex."""

    CUSTOMER = "customer"
    PROSPECT = "prospect"
    PARTNER = "partner"
    VENDOR = "vendor"
    COMPETITOR = "competitor"
    EMPLOYEE = "employee"
    OTHER = "other"


def relationships_text(kinds: Iterable[Relationship]) -> str:
    """How a party's relationships are stored: "customer,vendor"."""
    return ",".join(dict.fromkeys(Relationship(k).value for k in kinds))


def relationships_list(text: str) -> list[Relationship]:
    return [Relationship(k) for k in text.split(",") if k in Relationship._value2member_map_]


#: Type labels offered for phones, e-mails and addresses; free text is allowed too.
PHONE_KINDS = ("work", "mobile", "home", "fax", "work fax", "home fax", "pager", "main", "other")
EMAIL_KINDS = ("work", "home", "other")
ADDRESS_KINDS = ("work", "home", "other")


@dataclass
class PhoneEntry:
    number: str
    kind: str = "work"


@dataclass
class EmailEntry:
    address: str
    kind: str = "work"


@dataclass
class AddressEntry:
    kind: str = "work"
    street: str = ""
    postcode: str = ""
    city: str = ""
    region: str = ""
    country: str = ""  # a name or an ISO 3166 alpha-2 code, as given

    def is_empty(self) -> bool:
        return not any((self.street, self.postcode, self.city, self.region, self.country))


@dataclass
class CustomField:
    """A labelled value no field of the card holds (Outlook's "User 1", a column the
    importer has no field for): kept, shown under "More fields", searched, exported."""

    label: str = ""
    value: str = ""


@dataclass
class ContactRecord:
    """A person, as a form or a file describes it.

    ``id`` and ``version`` are None for a contact not yet stored; ``version``
    is the optimistic-locking counter the edit started from.
    """

    id: int | None = None
    version: int | None = None
    prefix: str = ""
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    suffix: str = ""
    nickname: str = ""
    job_title: str = ""
    department: str = ""
    company: str = ""  # account name; the service finds or creates the account
    account_id: int | None = None  # wins over ``company`` when set
    phones: list[PhoneEntry] = field(default_factory=list)
    emails: list[EmailEntry] = field(default_factory=list)
    addresses: list[AddressEntry] = field(default_factory=list)
    birthday: date | None = None
    website: str = ""
    relationships: list[Relationship] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    notes: str = ""
    photo: bytes | None = None
    photo_mime: str = ""
    uid: str = ""  # external identity (vCard UID), for idempotent re-import
    custom_fields: list[CustomField] = field(default_factory=list)


@dataclass
class AccountRecord:
    """A company, as a form or a file describes it."""

    id: int | None = None
    version: int | None = None
    name: str = ""
    account_number: str = ""
    industry: str = ""
    phones: list[PhoneEntry] = field(default_factory=list)
    emails: list[EmailEntry] = field(default_factory=list)
    addresses: list[AddressEntry] = field(default_factory=list)
    website: str = ""
    relationships: list[Relationship] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    notes: str = ""
    parent_id: int | None = None
    primary_contact_id: int | None = None
