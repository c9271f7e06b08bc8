"""Rows of the party tables, named, for the bulk writes (``bulk.BulkWriter``).

Each is a NamedTuple whose field names are its table's columns (a test checks
them against the models): the writer takes the column names from the row type
and hands the tuples to the driver as they are, so naming a field costs nothing
per row.  A column a row type leaves out is NULL or its default: the other owner
of a phone, e-mail or address, an account's parent and primary contact (the
``sqlite3`` module adapts every None it binds through a failed attribute lookup,
an exception each; see ``models.base.sparse_index``).

No SQLAlchemy here: the import's reading process imports the modules that build
these.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from crmdesk.services.derive import AccountColumns, ContactColumns

#: A contact's own columns; the derived ones follow (``derive.ContactColumns``)
_CONTACT_OWN = [
    ("id", int), ("account_id", int | None), ("prefix", str), ("first_name", str),
    ("middle_name", str), ("last_name", str), ("suffix", str), ("nickname", str),
    ("job_title", str), ("department", str), ("birthday", date | None), ("website", str),
    ("notes", str), ("relationships", str), ("uid", str), ("created", datetime),
    ("modified", datetime), ("version", int)]
ContactRow = NamedTuple("ContactRow", _CONTACT_OWN + [  # noqa: UP014 - fields from two lists
    (name, str) for name in ContactColumns._fields])
ContactRow.__doc__ = """A contact: its own columns, then ``derive.ContactColumns``."""

#: An account's own columns (parent and primary contact left out); the derived follow
_ACCOUNT_OWN = [
    ("id", int), ("name", str), ("account_number", str), ("industry", str), ("website", str),
    ("notes", str), ("relationships", str), ("created", datetime), ("modified", datetime),
    ("version", int)]
AccountRow = NamedTuple("AccountRow", _ACCOUNT_OWN + [  # noqa: UP014
    (name, str) for name in AccountColumns._fields])
AccountRow.__doc__ = """An account: its own columns, then ``derive.AccountColumns``."""


class PhoneRow(NamedTuple):
    contact_id: int
    position: int
    kind: str
    number: str
    e164: str


class EmailRow(NamedTuple):
    contact_id: int
    position: int
    kind: str
    address: str
    address_key: str  # lower-cased


class AddressRow(NamedTuple):
    contact_id: int
    position: int
    kind: str
    street: str
    postcode: str
    city: str
    region: str
    country: str


class AccountPhoneRow(NamedTuple):
    account_id: int
    position: int
    kind: str
    number: str
    e164: str


class AccountEmailRow(NamedTuple):
    account_id: int
    position: int
    kind: str
    address: str
    address_key: str


class AccountAddressRow(NamedTuple):
    account_id: int
    position: int
    kind: str
    street: str
    postcode: str
    city: str
    region: str
    country: str


class CustomFieldRow(NamedTuple):
    contact_id: int
    position: int
    label: str
    value: str


class PhotoRow(NamedTuple):
    contact_id: int
    mime: str
    data: bytes


class CategoryLinkRow(NamedTuple):
    """A contact in a category (table ``contact_category``)."""

    contact_id: int
    category_id: int


class ActivityRow(NamedTuple):
    """An activity (table ``activity``), a single item or a series; the changed
    occurrence's columns and the reminder's dismissed and snoozed times left NULL."""

    id: int
    uid: str
    sequence: int
    kind: str
    subject: str
    description: str
    location: str
    status: str
    all_day: bool
    tzid: str
    start_local: datetime
    end_local: datetime
    start_utc: datetime
    last_end_utc: datetime | None
    long_range: bool
    rrule: str
    rdates: str
    exdates: str
    priority: int
    percent_complete: int
    completed_utc: datetime | None
    direction: str
    phone_number: str
    duration_minutes: int
    outcome: str
    reminder_minutes: int | None
    regarding_kind: str
    regarding_id: int | None
    regarding_name: str
    created: datetime
    modified: datetime
    version: int


ChangedOccurrenceRow = NamedTuple(  # noqa: UP014 - an activity's fields and two more
    "ChangedOccurrenceRow", [*ActivityRow.__annotations__.items(),
                             ("series_id", int), ("recurrence_id", datetime)])
ChangedOccurrenceRow.__doc__ = """One changed occurrence of a series: an activity row with the
series and the start the occurrence had in it."""


class ParticipantRow(NamedTuple):
    """A contact taking part in an activity (table ``activity_participant``)."""

    activity_id: int
    position: int
    role: str
    contact_id: int
    name: str
    email: str
