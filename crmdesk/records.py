"""Plain records passed between layers.

Importers produce them, services store and return them, the UI edits them.
They hold no database session and no Qt object, so any layer can use them and
tests can build them by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from crmdesk.kinds import RecordRef


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


class ActivityKind(StrEnum):
    APPOINTMENT = "appointment"
    TASK = "task"
    CALL = "call"
    NOTE = "note"


class ActivityStatus(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


#: A participant's part: iCalendar's CHAIR/REQ-PARTICIPANT/OPT-PARTICIPANT, and the
#: person a call was to or from.
PARTICIPANT_ROLES = ("organizer", "required", "optional", "called")


@dataclass
class ParticipantEntry:
    """A contact or account taking part; ``name`` and ``email`` as given when neither
    is in the Rolodex."""

    role: str = "required"
    contact_id: int | None = None
    account_id: int | None = None
    name: str = ""
    email: str = ""


@dataclass
class ActivityRecord:
    """An appointment, task, call or note, as a form or an .ics file describes it.

    ``start`` and ``end`` are wall-clock times in ``tzid`` (floating when empty); for an
    all-day one they are midnights and ``end`` is exclusive.  A task's due time, a
    call's or a note's time, is its ``start``.  ``rdates`` and ``exdates`` are
    wall-clock times in ``tzid`` too.  A changed occurrence of a series has
    ``series_id`` and ``recurrence_id`` (the start it had in the series).
    """

    kind: ActivityKind = ActivityKind.APPOINTMENT
    start: datetime = field(default_factory=lambda: datetime(2000, 1, 1))
    end: datetime | None = None  # None: as long as the start (a task, a note)
    id: int | None = None
    version: int | None = None
    uid: str = ""
    sequence: int = 0
    subject: str = ""
    description: str = ""
    location: str = ""
    status: ActivityStatus = ActivityStatus.OPEN
    all_day: bool = False
    tzid: str = ""
    rrule: str = ""
    rdates: list[datetime] = field(default_factory=list)
    exdates: list[datetime] = field(default_factory=list)
    series_id: int | None = None
    recurrence_id: datetime | None = None
    priority: int = 0  # iCalendar: 0 none, 1-4 high, 5 normal, 6-9 low
    percent_complete: int = 0
    direction: str = ""  # a call: "in" or "out"
    phone_number: str = ""
    duration_minutes: int = 0
    outcome: str = ""
    reminder_minutes: int | None = None
    regarding: RecordRef | None = None
    regarding_name: str = ""  # filled by the service from the record regarded
    participants: list[ParticipantEntry] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ActivityState:
    """What a stored activity holds beside its record, which crmdesk's JSON keeps so that
    a restore gives it back as it was: when it was made and last changed, completed, how
    far its reminders were dismissed or snoozed (naive UTC), and the kind of a record it
    regarded that is gone (``ActivityRecord.regarding`` is then None; the name stays)."""

    created: datetime | None = None
    modified: datetime | None = None
    completed_utc: datetime | None = None
    reminded_until_utc: datetime | None = None
    snoozed_until_utc: datetime | None = None
    regarding_kind: str = ""


class LeadSource(StrEnum):
    WEB = "web"
    REFERRAL = "referral"
    TRADE_SHOW = "trade_show"
    CAMPAIGN = "campaign"
    COLD_CALL = "cold_call"
    OTHER = "other"


class LeadRating(StrEnum):
    HOT = "hot"
    WARM = "warm"
    COLD = "cold"


class LeadStatus(StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    QUALIFIED = "qualified"  # only through LeadService.qualify
    DISQUALIFIED = "disqualified"  # only through LeadService.disqualify


class OpportunityStatus(StrEnum):
    OPEN = "open"
    WON = "won"  # only through OpportunityService.win
    LOST = "lost"  # only through OpportunityService.lose


@dataclass
class LeadRecord:
    """A prospect not yet qualified.  ``status`` changes to qualified or disqualified only
    through the service's ``qualify`` and ``disqualify``, which also set the ``qualified_*``
    links and ``disqualify_reason``; a save keeps those as stored."""

    id: int | None = None
    version: int | None = None
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    job_title: str = ""
    phone: str = ""
    mobile: str = ""
    email: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    region: str = ""
    country: str = ""
    source: LeadSource = LeadSource.OTHER
    rating: LeadRating = LeadRating.WARM
    status: LeadStatus = LeadStatus.NEW
    disqualify_reason: str = ""
    estimated_value: Decimal | None = None
    currency: str = ""  # "" when saved: the default currency (Settings)
    campaign_id: int | None = None
    notes: str = ""
    owner: str = ""  # "" when saved new: the user (Settings, else the system's login)
    qualified_account_id: int | None = None
    qualified_contact_id: int | None = None
    qualified_opportunity_id: int | None = None
    created: datetime | None = None  # UTC; filled by the service
    modified: datetime | None = None


#: The kinds a sale's customer may be.
CUSTOMER_KINDS = ("contact", "account")


@dataclass
class OpportunityRecord:
    """A sale being worked on.  ``probability`` None takes the stage's; a number other
    than the stage's is kept across moves (``probability_overridden``).  ``status`` changes
    only through the service's ``win``, ``lose`` and ``reopen``, with ``actual_revenue``,
    ``closed_on``, ``lost_reason`` and ``lost_to_id``; a save keeps those as stored."""

    id: int | None = None
    version: int | None = None
    topic: str = ""
    customer: RecordRef | None = None  # a contact or an account
    customer_name: str = ""  # filled by the service from the customer (kept when deleted)
    stage: str = "prospecting"
    probability: int | None = None
    probability_overridden: bool = False
    estimated_revenue: Decimal = Decimal(0)
    currency: str = ""  # "" when saved: the default currency (Settings)
    estimated_close_date: date | None = None
    campaign_id: int | None = None
    status: OpportunityStatus = OpportunityStatus.OPEN
    actual_revenue: Decimal | None = None
    closed_on: date | None = None
    lost_reason: str = ""
    lost_to_id: int | None = None  # the competitor (an account) it was lost to
    competitors: list[int] = field(default_factory=list)  # account ids
    board_position: float | None = None  # None: the end of its stage's column
    lead_id: int | None = None
    notes: str = ""
    created: datetime | None = None  # UTC; filled by the service
    modified: datetime | None = None


@dataclass
class StageRecord:
    """A stage of the pipeline as Settings edits it; its place is its place in the list.
    ``key`` "" for a new one (made from the title)."""

    title: str
    probability: int
    key: str = ""
    active: bool = True


@dataclass
class ProductRecord:
    id: int | None = None
    version: int | None = None
    name: str = ""
    code: str = ""
    unit_price: Decimal = Decimal(0)
    currency: str = ""
    vat_rate: Decimal = Decimal(0)  # percent
    active: bool = True


@dataclass
class QuoteLineRecord:
    """A product or a free-text line; amounts exact, percentages as percent (25 for 25 %)."""

    description: str = ""
    quantity: Decimal = Decimal(1)
    unit_price: Decimal = Decimal(0)
    discount_percent: Decimal = Decimal(0)
    vat_rate: Decimal = Decimal(0)
    product_id: int | None = None


@dataclass
class QuoteRecord:
    id: int | None = None
    version: int | None = None
    opportunity_id: int | None = None
    number: str = ""  # "" when saved new: the next free one (QuoteService.next_number)
    title: str = ""
    currency: str = ""  # "" when saved: the opportunity's
    issued: date | None = None
    valid_until: date | None = None
    notes: str = ""
    #: the opportunity's estimated revenue follows this quote's total
    follows_opportunity: bool = False
    lines: list[QuoteLineRecord] = field(default_factory=list)
    created: datetime | None = None
    modified: datetime | None = None


class CaseType(StrEnum):
    QUESTION = "question"
    PROBLEM = "problem"
    REQUEST = "request"


class CaseOrigin(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    WEB = "web"


class CasePriority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class CaseStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    RESOLVED = "resolved"  # only through CaseService.resolve
    CANCELLED = "cancelled"  # only through CaseService.cancel


#: The statuses of a case still being worked on.
OPEN_CASE_STATUSES = (CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.WAITING)


@dataclass
class CaseRecord:
    """A customer-service case.  ``ticket_number`` is given by the service on the first
    save; ``status`` moves between the open ones by a save, to resolved or cancelled and
    back only through ``resolve``, ``cancel`` and ``reopen``, which also set
    ``resolution``, ``resolved_by`` and ``resolved_at``."""

    id: int | None = None
    version: int | None = None
    ticket_number: str = ""
    customer: RecordRef | None = None  # a contact or an account
    customer_name: str = ""  # filled by the service
    title: str = ""
    case_type: CaseType = CaseType.QUESTION
    origin: CaseOrigin = CaseOrigin.PHONE
    priority: CasePriority = CasePriority.NORMAL
    status: CaseStatus = CaseStatus.NEW
    resolution: str = ""
    resolved_by: str = ""
    resolved_at: datetime | None = None  # UTC
    subject_id: int | None = None
    product: str = ""
    serial_number: str = ""
    follow_up: date | None = None
    owner: str = ""  # "" when saved new: the user
    notes: str = ""
    created: datetime | None = None  # UTC; filled by the service
    modified: datetime | None = None


@dataclass
class CaseSubjectRecord:
    """One subject of the case tree; ``parent_id`` None for a top-level one."""

    id: int | None = None
    name: str = ""
    parent_id: int | None = None
    position: int = 0


class CampaignType(StrEnum):
    EMAIL = "email"
    DIRECT_MAIL = "direct_mail"
    EVENT = "event"
    ADVERTISEMENT = "advertisement"
    TELEMARKETING = "telemarketing"
    OTHER = "other"


class CampaignStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    COMPLETED = "completed"  # only through CampaignService.complete
    CANCELLED = "cancelled"  # only through CampaignService.cancel


class ResponseChannel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    WEB = "web"
    MAIL = "mail"
    EVENT = "event"
    OTHER = "other"


#: The kinds a campaign's member may be.
MEMBER_KINDS = ("contact", "account", "lead")


@dataclass
class CampaignRecord:
    """A marketing campaign.  ``status`` moves between planned and active by a save, to
    completed or cancelled and back only through ``complete``, ``cancel`` and
    ``reopen``.  ``expected_response_rate`` is a whole percent."""

    id: int | None = None
    version: int | None = None
    name: str = ""
    campaign_type: CampaignType = CampaignType.EMAIL
    status: CampaignStatus = CampaignStatus.PLANNED
    start: date | None = None
    end: date | None = None
    budget: Decimal | None = None
    actual_cost: Decimal | None = None
    expected_revenue: Decimal | None = None
    currency: str = ""  # "" when saved: the default currency (Settings)
    expected_response_rate: int | None = None
    notes: str = ""
    owner: str = ""
    created: datetime | None = None
    modified: datetime | None = None


@dataclass(frozen=True)
class MemberRecord:
    """One member of a campaign."""

    id: int
    ref: RecordRef  # the contact, account or lead
    name: str
    added: date


@dataclass(frozen=True)
class ResponseRecord:
    """One response to a campaign; ``lead_id`` the lead it created, if it did."""

    id: int
    campaign_id: int
    member_id: int | None
    member_name: str
    responded_on: date
    channel: ResponseChannel
    outcome: str
    lead_id: int | None
