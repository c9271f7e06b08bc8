"""Rows of the party, activity and sales tables, named, for the bulk writes (``bulk.BulkWriter``).

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
from decimal import Decimal
from typing import NamedTuple

from crmdesk.services.derive import (
    AccountColumns,
    ContactColumns,
    LeadColumns,
    OpportunityColumns,
)

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
    """An activity: ``activities.own_columns`` with the rest an import sets (the reminder
    state is NULL for a new activity; a restore from crmdesk's JSON gives it back)."""

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
    series_id: int | None
    recurrence_id: datetime | None
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
    reminded_until_utc: datetime | None = None
    snoozed_until_utc: datetime | None = None


class ParticipantRow(NamedTuple):
    activity_id: int
    position: int
    role: str
    contact_id: int | None
    account_id: int | None
    name: str
    email: str


class ActivityCategoryRow(NamedTuple):
    """An activity in a category (table ``activity_category``)."""

    activity_id: int
    category_id: int


# -- sales (amounts are Decimals: ``bulk.BulkWriter`` stores them as ``ExactDecimal`` does)
_LEAD_OWN = [
    ("id", int), ("first_name", str), ("last_name", str), ("company", str),
    ("job_title", str), ("phone", str), ("mobile", str), ("email", str), ("street", str),
    ("postal_code", str), ("city", str), ("region", str), ("country", str), ("source", str),
    ("rating", str), ("status", str), ("disqualify_reason", str),
    ("estimated_value", Decimal | None), ("currency", str), ("notes", str), ("owner", str),
    ("qualified_account_id", int | None), ("qualified_contact_id", int | None),
    ("qualified_opportunity_id", int | None), ("created", datetime), ("modified", datetime),
    ("version", int)]
LeadTableRow = NamedTuple("LeadTableRow", _LEAD_OWN + [  # noqa: UP014
    (name, str) for name in LeadColumns._fields])
LeadTableRow.__doc__ = """A lead (no campaign yet): its own columns, then
``derive.LeadColumns``."""

_OPPORTUNITY_OWN = [
    ("id", int), ("topic", str), ("customer_kind", str), ("customer_id", int | None),
    ("customer_name", str), ("stage", str), ("probability", int),
    ("probability_overridden", bool), ("estimated_revenue", Decimal), ("currency", str),
    ("estimated_close_date", date | None), ("status", str),
    ("actual_revenue", Decimal | None), ("closed_on", date | None), ("lost_reason", str),
    ("lost_to_id", int | None), ("board_position", float), ("lead_id", int | None),
    ("notes", str), ("created", datetime), ("modified", datetime), ("version", int)]
OpportunityTableRow = NamedTuple("OpportunityTableRow", _OPPORTUNITY_OWN + [  # noqa: UP014
    (name, str) for name in OpportunityColumns._fields])
OpportunityTableRow.__doc__ = """An opportunity (no campaign yet): its own columns, then
``derive.OpportunityColumns``."""


class CompetitorRow(NamedTuple):
    """An account competing for an opportunity (table ``opportunity_competitor``)."""

    opportunity_id: int
    account_id: int


class QuoteTableRow(NamedTuple):
    id: int
    opportunity_id: int
    number: str
    title: str
    currency: str
    issued: date
    valid_until: date
    notes: str
    follows_opportunity: bool
    created: datetime
    modified: datetime
    version: int


class QuoteLineTableRow(NamedTuple):
    quote_id: int
    position: int
    product_id: int | None
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal
    vat_rate: Decimal


_CASE_OWN = [
    ("id", int), ("ticket_number", str), ("customer_kind", str), ("customer_id", int | None),
    ("customer_name", str), ("title", str), ("case_type", str), ("origin", str),
    ("priority", str), ("status", str), ("resolution", str), ("resolved_by", str),
    ("resolved_at", datetime | None), ("subject_id", int | None), ("product", str),
    ("serial_number", str), ("follow_up", date | None), ("owner", str), ("notes", str),
    ("created", datetime), ("modified", datetime), ("version", int)]
CaseTableRow = NamedTuple("CaseTableRow", _CASE_OWN + [  # noqa: UP014
    (name, str) for name in OpportunityColumns._fields])
CaseTableRow.__doc__ = """A case: its own columns, then ``derive.case_columns``'."""

_CAMPAIGN_OWN = [
    ("id", int), ("name", str), ("campaign_type", str), ("status", str),
    ("start_date", date | None), ("end_date", date | None), ("budget", Decimal | None),
    ("actual_cost", Decimal | None), ("expected_revenue", Decimal | None), ("currency", str),
    ("expected_response_rate", int | None), ("notes", str), ("owner", str),
    ("created", datetime), ("modified", datetime), ("version", int)]
CampaignTableRow = NamedTuple("CampaignTableRow", _CAMPAIGN_OWN + [  # noqa: UP014
    (name, str) for name in OpportunityColumns._fields])
CampaignTableRow.__doc__ = """A campaign: its own columns, then
``derive.campaign_columns``'."""


class CampaignMemberTableRow(NamedTuple):
    id: int
    campaign_id: int
    member_kind: str
    member_id: int
    member_name: str
    added: date


class CampaignResponseTableRow(NamedTuple):
    id: int
    campaign_id: int
    member_id: int | None
    responded_on: date
    channel: str
    outcome: str
    lead_id: int | None


class CaseSubjectTableRow(NamedTuple):
    id: int
    name: str
    parent_id: int | None
    position: int
