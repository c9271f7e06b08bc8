"""Campaigns: list, save, complete, cancel, reopen, delete into the trash; their members
(contacts, accounts and leads, by selection or from a list's search or category), the
responses they got (each may create a lead), and their results.

Members are written in bulk: the ids already members are read once per chunk and left
out, the rest go in with one INSERT per chunk, so thousands take well under a second.
Results trace what came of a campaign through ``campaign_id`` on leads and
opportunities; won revenue is per currency, and the ROI counts only the revenue in the
campaign's own currency (docs/DECISIONS.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    BindParameter,
    ColumnElement,
    Connection,
    Select,
    and_,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from crmdesk.db import Database
from crmdesk.errors import DatabaseBusy
from crmdesk.kinds import RecordRef
from crmdesk.kinds.registry import BY_NAME
from crmdesk.kinds.service import CAMPAIGN
from crmdesk.models import (
    Account,
    Campaign,
    CampaignMember,
    CampaignResponse,
    Contact,
    Email,
    Lead,
    Opportunity,
    Phone,
)
from crmdesk.models.sales import from_units
from crmdesk.records import (
    MEMBER_KINDS,
    CampaignRecord,
    CampaignStatus,
    CampaignType,
    LeadRecord,
    LeadSource,
    MemberRecord,
    OpportunityStatus,
    ResponseChannel,
    ResponseRecord,
)
from crmdesk.services import trash
from crmdesk.services.activities import ActivityService
from crmdesk.services.bulk import chunks
from crmdesk.services.errors import (
    GoneError,
    NotFoundError,
    ServiceError,
    StaleEditError,
    storage_error,
)
from crmdesk.services.listing import Lister, ListQuery
from crmdesk.services.sales_checks import amount_problem, currency_problem
from crmdesk.services.search_index import SearchIndex
from crmdesk.services.trash import Deletion
from crmdesk.services.validation import CONTROL, Problems, ValidationError

GONE = ("This campaign was deleted by another program (or window) after you opened it, "
        "so your edit was not saved.")
_WORKING = (CampaignStatus.PLANNED.value, CampaignStatus.ACTIVE.value)
_RATE = Decimal("0.1")
_ROI = Decimal("0.0001")


@dataclass(frozen=True)
class CampaignRow:
    id: int
    display_name: str  # the name
    campaign_type: str
    status: str
    start: date | None
    end: date | None
    budget: Decimal | None
    actual_cost: Decimal | None
    currency: str
    owner: str
    modified: datetime  # UTC


@dataclass(frozen=True)
class Responded:
    """What ``respond`` stored: the response, and the lead it made (or linked) if any."""

    response: ResponseRecord
    lead: RecordRef | None


@dataclass(frozen=True)
class CampaignResults:
    """What came of a campaign.  ``response_rate``: responses per 100 members, to one
    decimal (None without members); ``won_revenue``: per currency; ``roi``: (won revenue
    in the campaign's currency - actual cost) / actual cost, to four decimals (0.5 is
    50 %), None without a cost or when some revenue was won in another currency."""

    id: int
    name: str
    status: str
    currency: str
    members: int
    responses: int
    response_rate: Decimal | None
    leads: int
    opportunities: int
    won_revenue: dict[str, Decimal]
    actual_cost: Decimal | None
    roi: Decimal | None

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "members": self.members, "responses": self.responses,
                "response_rate": None if self.response_rate is None
                else str(self.response_rate),
                "leads": self.leads, "opportunities": self.opportunities,
                "won_revenue": {c: str(v) for c, v in self.won_revenue.items()},
                "currency": self.currency,
                "actual_cost": None if self.actual_cost is None else str(self.actual_cost),
                "roi": None if self.roi is None else str(self.roi)}


def response_rate(members: int, responses: int) -> Decimal | None:
    if members == 0:
        return None
    return (Decimal(responses) * 100 / members).quantize(_RATE, ROUND_HALF_EVEN)


def roi(won: Decimal, cost: Decimal | None) -> Decimal | None:
    """(won - cost) / cost; None when there is no cost (nothing to divide by)."""
    if cost is None or cost == 0:
        return None
    return ((won - cost) / cost).quantize(_ROI, ROUND_HALF_EVEN)


def check_campaign(record: CampaignRecord) -> Problems:
    problems: Problems = {}
    if not record.name.strip():
        problems["name"] = "Enter the campaign's name."
    elif CONTROL.search(record.name):
        problems["name"] = ("Remove the control characters (such as a tab or a line break) "
                            "from the name.")
    for name in ("budget", "actual_cost", "expected_revenue"):
        if msg := amount_problem(getattr(record, name), name.replace("_", " ")):
            problems[name] = msg
    if msg := currency_problem(record.currency.strip()):
        problems["currency"] = msg
    rate = record.expected_response_rate
    if rate is not None and not 0 <= rate <= 100:
        problems["expected_response_rate"] = ("The expected response rate is a percentage "
                                              "from 0 to 100.")
    if record.start and record.end and record.end < record.start:
        problems["end"] = "The campaign ends before it starts; check the dates."
    return problems


def members_of(conn: Connection, campaign_id: int) -> list[MemberRecord]:
    """A campaign's members, by name."""
    m = CampaignMember
    return [MemberRecord(mid, RecordRef(kind, rid), name, added)
            for mid, kind, rid, name, added in conn.execute(
                select(m.id, m.member_kind, m.member_id, m.member_name, m.added)
                .where(m.campaign_id == campaign_id)
                .order_by(func.lower(m.member_name), m.id))]


def responses_of(conn: Connection, campaign_id: int) -> list[ResponseRecord]:
    """A campaign's responses, the latest first, with the name of the member who sent it."""
    r, m = CampaignResponse, CampaignMember
    return [ResponseRecord(rid, campaign_id, mid, name or "", day, ResponseChannel(channel),
                           outcome, lead)
            for rid, mid, name, day, channel, outcome, lead in conn.execute(
                select(r.id, r.member_id, m.member_name, r.responded_on, r.channel,
                       r.outcome, r.lead_id)
                .outerjoin(m, m.id == r.member_id)
                .where(r.campaign_id == campaign_id)
                .order_by(r.responded_on.desc(), r.id.desc()))]


class CampaignService(Lister[CampaignRow]):
    kind = CAMPAIGN

    def __init__(self, db: Database, index: SearchIndex, region: Callable[[], str],
                 currency: Callable[[], str], user: Callable[[], str], *,
                 listers: Mapping[str, Lister[Any]],
                 today: Callable[[], date] = date.today) -> None:
        """``listers``: the contacts', accounts' and leads' services, by kind, whose
        searches members are added from."""
        super().__init__(db, index)
        self.region = region
        self.currency = currency
        self.user = user
        self.listers = listers
        self.today = today

    # -- reading ---------------------------------------------------------------------
    def get(self, campaign_id: int) -> CampaignRecord:
        with self.db.sessions() as session:
            row = session.get(Campaign, campaign_id)
            if row is None:
                raise NotFoundError(f"Campaign {campaign_id} no longer exists.")
            return self.record_of(row)

    @staticmethod
    def record_of(row: Campaign) -> CampaignRecord:
        return CampaignRecord(
            id=row.id, version=row.version, name=row.name,
            campaign_type=CampaignType(row.campaign_type), status=CampaignStatus(row.status),
            start=row.start, end=row.end, budget=row.budget, actual_cost=row.actual_cost,
            expected_revenue=row.expected_revenue, currency=row.currency,
            expected_response_rate=row.expected_response_rate, notes=row.notes,
            owner=row.owner, created=row.created, modified=row.modified)

    def _row_select(self, ids: BindParameter[Any]) -> Select:
        c = Campaign
        return select(c.id, c.display_name, c.campaign_type, c.status, c.start, c.end,
                      c.budget, c.actual_cost, c.currency, c.owner,
                      c.modified).where(c.id.in_(ids))

    def _make_row(self, row: Any) -> CampaignRow:
        return CampaignRow(*row)

    def _summary_select(self, ids: BindParameter[Any]) -> Select:
        return select(Campaign.id, Campaign.display_name, literal(""),
                      literal("")).where(Campaign.id.in_(ids))

    def _within(self, ref: RecordRef) -> ColumnElement[bool] | None:
        """The campaigns a contact, account or lead is a member of."""
        if ref.kind in MEMBER_KINDS:
            return Campaign.id.in_(select(CampaignMember.campaign_id).where(
                CampaignMember.member_kind == ref.kind, CampaignMember.member_id == ref.id))
        return None

    def _filter(self, key: str) -> ColumnElement[bool] | None:
        c = Campaign
        if key == "running":
            today = self.today()
            return and_(c.status.in_(_WORKING), c.start <= today,
                        or_(c.end.is_(None), c.end >= today))
        if key in CampaignStatus._value2member_map_:
            return c.status == key
        return None

    def memberships_of(self, ref: RecordRef) -> list[CampaignRow]:
        """The campaigns this contact, account or lead is a member of, newest first."""
        with self.db.sessions() as session:
            ids = list(session.scalars(
                select(Campaign.id).where(self._within(ref) if ref.kind in MEMBER_KINDS
                                          else literal(False))
                .order_by(Campaign.start.desc(), Campaign.id.desc())))
        return self.rows(ids)

    def members(self, campaign_id: int) -> list[MemberRecord]:
        """The members, by name."""
        with self.db.engine.connect() as conn:
            return members_of(conn, campaign_id)

    def responses(self, campaign_id: int) -> list[ResponseRecord]:
        """The responses, the latest first."""
        with self.db.engine.connect() as conn:
            return responses_of(conn, campaign_id)

    # -- writing ---------------------------------------------------------------------
    def save(self, record: CampaignRecord, *, validate: bool = True) -> CampaignRecord:
        """Insert or update its own fields (planned <-> active by a save; completed and
        cancelled only by ``complete``, ``cancel``, ``reopen``); return the stored record."""
        stale = (f"“{record.name or 'This campaign'}” was changed elsewhere since you "
                 "opened it, so your edit was not saved. Open it again and redo your change.")
        if validate and (problems := check_campaign(record)):
            raise ValidationError(problems)
        try:
            with self.db.writing() as session:
                if record.id is None:
                    campaign_id = self.create(session, record)
                else:
                    row = session.get(Campaign, record.id)
                    if row is None:
                        raise GoneError(GONE)
                    if record.version is not None and row.version != record.version:
                        raise StaleEditError(stale)
                    if record.status != row.status:
                        if record.status not in _WORKING or row.status not in _WORKING:
                            raise ServiceError("A campaign is completed, cancelled or "
                                               "reopened with its own command, not by "
                                               "editing its status.")
                        row.status = CampaignStatus(record.status).value
                    if record.owner.strip():
                        row.owner = record.owner.strip()
                    self.apply(row, record)
                    session.flush()
                    self.index.refresh(session, Campaign, [row.id])
                    campaign_id = row.id
        except StaleDataError as exc:
            raise StaleEditError(stale) from exc
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
        return self.get(campaign_id)

    def create(self, session: Session, record: CampaignRecord) -> int:
        if record.status not in _WORKING:
            raise ServiceError("A new campaign is planned or active; complete or cancel it "
                               "once it is saved.")
        row = Campaign(status=CampaignStatus(record.status).value,
                       owner=record.owner.strip() or self.user())
        session.add(row)
        self.apply(row, record)
        session.flush()
        self.index.refresh(session, Campaign, [row.id])
        return row.id

    def apply(self, row: Campaign, record: CampaignRecord) -> None:
        """Copy a record's own fields onto a row (not its status or owner) and derive its
        list columns."""
        row.name = record.name.strip()
        row.campaign_type = CampaignType(record.campaign_type).value
        row.start, row.end = record.start, record.end
        row.budget = record.budget
        row.actual_cost = record.actual_cost
        row.expected_revenue = record.expected_revenue
        row.currency = record.currency.strip().upper() or row.currency or self.currency()
        row.expected_response_rate = record.expected_response_rate
        row.notes = record.notes.strip()
        self.kind.derive_columns(row, self.region())

    def restore_into(self, session: Session, record: CampaignRecord,
                     members: Sequence[MemberRecord] = (),
                     responses: Sequence[ResponseRecord] = ()) -> Campaign:
        """A campaign written whole (the trash, crmdesk's JSON) in the caller's
        transaction, under its id if free, with its members whose records still exist
        and its responses (their member and lead where those are still there)."""
        free = record.id is not None and session.get(Campaign, record.id) is None
        row = Campaign(id=record.id) if free else Campaign()
        session.add(row)
        self.apply(row, record)
        row.status = CampaignStatus(record.status).value
        row.owner = record.owner.strip()
        if record.created is not None:
            row.created = record.created
        session.flush()
        self.index.refresh(session, Campaign, [row.id])
        new_member: dict[int, int] = {}
        for member in members:
            model = BY_NAME[member.ref.kind].model
            if session.get(model, member.ref.id) is None:
                continue
            stored = CampaignMember(campaign_id=row.id, member_kind=member.ref.kind,
                                    member_id=member.ref.id, member_name=member.name,
                                    added=member.added)
            session.add(stored)
            session.flush()
            new_member[member.id] = stored.id
        for response in responses:
            lead = (response.lead_id if response.lead_id is not None
                    and session.get(Lead, response.lead_id) is not None else None)
            session.add(CampaignResponse(
                campaign_id=row.id, member_id=new_member.get(response.member_id or -1),
                responded_on=response.responded_on, channel=response.channel.value,
                outcome=response.outcome, lead_id=lead))
        return row

    def discard(self, ids: Sequence[int], *, with_activities: bool = False) -> Deletion:
        """Delete campaigns, with their members and responses, into the trash; the leads
        and opportunities that came from them stay and forget the campaign."""
        try:
            with self.db.writing() as session:
                kept = trash.keep_campaigns(session, ids, with_activities=with_activities)
                ActivityService.let_go(session, "campaign", ids, delete_them=with_activities)
                for model in (Lead, Opportunity):
                    session.execute(update(model).where(model.campaign_id.in_(list(ids)))
                                    .values(campaign_id=None)
                                    .execution_options(synchronize_session=False))
                self.index.remove(session, Campaign, ids)
                result = session.execute(delete(Campaign).where(Campaign.id.in_(list(ids))))
                return Deletion(kept.batch, result.rowcount or 0)
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc

    # -- state changes ---------------------------------------------------------------
    def complete(self, campaign_id: int, actual_cost: Decimal | None) -> CampaignRecord:
        """Close a planned or active campaign as completed, with what it cost in the end
        (None: not known)."""
        if msg := amount_problem(actual_cost, "actual cost"):
            raise ServiceError(msg)
        with self.changing(campaign_id) as row:
            self._must_be_working(row)
            row.status = CampaignStatus.COMPLETED.value
            row.actual_cost = actual_cost
        return self.get(campaign_id)

    def cancel(self, campaign_id: int) -> CampaignRecord:
        with self.changing(campaign_id) as row:
            self._must_be_working(row)
            row.status = CampaignStatus.CANCELLED.value
        return self.get(campaign_id)

    def reopen(self, campaign_id: int) -> CampaignRecord:
        """A completed or cancelled campaign active again (its actual cost stays)."""
        with self.changing(campaign_id) as row:
            if row.status in _WORKING:
                raise ServiceError(f"“{row.name}” is {row.status}, not closed.")
            row.status = CampaignStatus.ACTIVE.value
        return self.get(campaign_id)

    @staticmethod
    def _must_be_working(row: Campaign) -> None:
        if row.status not in _WORKING:
            raise ServiceError(f"“{row.name}” was {row.status} already; reopen it first.")

    # -- members ---------------------------------------------------------------------
    def add_members(self, campaign_id: int, refs: Sequence[RecordRef]) -> int:
        """Add these contacts, accounts and leads (those already members, or no longer
        there, are left out); how many were added."""
        by_kind: dict[str, list[int]] = {}
        for ref in refs:
            if ref.kind not in MEMBER_KINDS:
                raise ServiceError("A campaign's members are contacts, accounts and leads.")
            by_kind.setdefault(ref.kind, []).append(ref.id)
        try:
            with self.db.writing() as session:
                row = session.get(Campaign, campaign_id)
                if row is None:
                    raise NotFoundError(f"Campaign {campaign_id} no longer exists.")
                return sum(self._add(session, campaign_id, kind, list(dict.fromkeys(ids)))
                           for kind, ids in by_kind.items())
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc

    def add_members_from(self, campaign_id: int, kind: str, query: ListQuery) -> int:
        """Add every contact, account or lead a list's search (its text, category,
        filters) shows; how many were added."""
        lister = self.listers.get(kind)
        if lister is None:
            raise ServiceError("A campaign's members are contacts, accounts and leads.")
        return self.add_members(campaign_id, [RecordRef(kind, i) for i in lister.ids(query)])

    def _add(self, session: Session, campaign_id: int, kind: str, ids: list[int]) -> int:
        model: Any = BY_NAME[kind].model
        m = CampaignMember
        added, today = 0, self.today()
        for chunk in chunks(ids):
            have = set(session.scalars(select(m.member_id).where(
                m.campaign_id == campaign_id, m.member_kind == kind,
                m.member_id.in_(chunk))))
            wanted = [i for i in chunk if i not in have]
            if not wanted:
                continue
            names = dict(session.execute(select(model.id, model.display_name)
                                         .where(model.id.in_(wanted))).all())
            rows = [{"campaign_id": campaign_id, "member_kind": kind, "member_id": i,
                     "member_name": names[i], "added": today} for i in wanted if i in names]
            if rows:
                session.execute(insert(m), rows)
                added += len(rows)
        return added

    def remove_members(self, campaign_id: int, member_ids: Sequence[int]) -> int:
        """Take these members (``MemberRecord.id``) off; their responses stay, without a
        member.  How many went."""
        try:
            with self.db.writing() as session:
                gone = 0
                for chunk in chunks(list(member_ids)):
                    result = session.execute(delete(CampaignMember).where(
                        CampaignMember.campaign_id == campaign_id,
                        CampaignMember.id.in_(chunk)))
                    gone += result.rowcount or 0
                return gone
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc

    # -- responses -------------------------------------------------------------------
    def respond(self, campaign_id: int, member_id: int | None, responded_on: date,
                channel: ResponseChannel, outcome: str, make_lead: bool = False
                ) -> Responded:
        """Record a response (of a member, or of someone not on the list: None), in one
        transaction with, when ``make_lead``, the lead it creates: from the contact's or
        account's details, regarding the campaign; a lead that is a member is linked
        itself (and gets the campaign if it had none)."""
        if responded_on > self.today():
            raise ServiceError("A response came today or on a day that has been, not in "
                               "the future.")
        if make_lead and member_id is None:
            raise ServiceError("Choose who responded to make a lead of the response.")
        try:
            with self.db.writing() as session:
                campaign = session.get(Campaign, campaign_id)
                if campaign is None:
                    raise NotFoundError(f"Campaign {campaign_id} no longer exists.")
                member = None
                if member_id is not None:
                    member = session.get(CampaignMember, member_id)
                    if member is None or member.campaign_id != campaign_id:
                        raise ServiceError("The member who responded is no longer on the "
                                           "campaign; choose again.")
                lead_id = self._lead_of(session, campaign, member) if make_lead else None
                response = CampaignResponse(
                    campaign_id=campaign_id, member_id=member_id, responded_on=responded_on,
                    channel=ResponseChannel(channel).value, outcome=outcome.strip(),
                    lead_id=lead_id)
                session.add(response)
                session.flush()
                record = ResponseRecord(response.id, campaign_id, member_id,
                                        member.member_name if member else "", responded_on,
                                        ResponseChannel(channel), response.outcome, lead_id)
                return Responded(record, RecordRef("lead", lead_id) if lead_id else None)
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc

    def _lead_of(self, session: Session, campaign: Campaign,
                 member: CampaignMember | None) -> int:
        assert member is not None
        if member.member_kind == "lead":
            lead = session.get(Lead, member.member_id)
            if lead is None:
                raise ServiceError(f"The lead {member.member_name} no longer exists.")
            if lead.campaign_id is None:
                lead.campaign_id = campaign.id
            return lead.id
        record = self._lead_record(session, member)
        if record is None:
            raise ServiceError(f"{member.member_name} no longer exists, so no lead can be "
                               "made from the response.")
        leads: Any = self.listers["lead"]
        lead = Lead(owner=self.user(), status="new")
        session.add(lead)
        leads.apply(lead, replace(record, source=LeadSource.CAMPAIGN,
                                  campaign_id=campaign.id, currency=campaign.currency),
                    self.region())
        session.flush()
        self.index.refresh(session, Lead, [lead.id])
        return lead.id

    @staticmethod
    def _lead_record(session: Session, member: CampaignMember) -> LeadRecord | None:
        """A lead's fields from the member contact (name, title, company, e-mail, phone)
        or account (its name, e-mail, phone)."""
        owner = Email.contact_id if member.member_kind == "contact" else Email.account_id
        email = session.scalar(select(Email.address).where(owner == member.member_id)
                               .order_by(Email.position).limit(1)) or ""
        phone_owner = Phone.contact_id if member.member_kind == "contact" else Phone.account_id
        phone = session.scalar(select(Phone.number).where(phone_owner == member.member_id)
                               .order_by(Phone.position).limit(1)) or ""
        if member.member_kind == "contact":
            contact = session.get(Contact, member.member_id)
            if contact is None:
                return None
            company = contact.account.name if contact.account is not None else ""
            return LeadRecord(first_name=contact.first_name, last_name=contact.last_name,
                              job_title=contact.job_title, company=company, email=email,
                              phone=phone)
        account = session.get(Account, member.member_id)
        if account is None:
            return None
        return LeadRecord(company=account.name, email=email, phone=phone)

    # -- results ---------------------------------------------------------------------
    def results(self, campaign_id: int) -> CampaignResults:
        found = self._results([campaign_id])
        if not found:
            raise NotFoundError(f"Campaign {campaign_id} no longer exists.")
        return found[0]

    def all_results(self, statuses: Sequence[str] = ()) -> list[CampaignResults]:
        """Every campaign's results (or those in these statuses), the latest start first."""
        c = Campaign
        stmt = select(c.id).order_by(c.start.desc(), c.id.desc())
        if statuses:
            stmt = stmt.where(c.status.in_(list(statuses)))
        with self.db.engine.connect() as conn:
            ids = list(conn.scalars(stmt))
        return self._results(ids)

    def _results(self, ids: list[int]) -> list[CampaignResults]:
        if not ids:
            return []
        c, m, r, o = Campaign, CampaignMember, CampaignResponse, Opportunity
        counts: dict[tuple[str, int], int] = {}
        won: dict[int, dict[str, Decimal]] = {}
        with self.db.engine.connect() as conn:
            heads = {}
            for chunk in chunks(ids):
                heads.update({row[0]: row for row in conn.execute(
                    select(c.id, c.name, c.status, c.currency, c.actual_cost)
                    .where(c.id.in_(chunk)))})
                for what, model, column in (("members", m, m.campaign_id),
                                            ("responses", r, r.campaign_id),
                                            ("leads", Lead, Lead.campaign_id),
                                            ("opportunities", o, o.campaign_id)):
                    for cid, n in conn.execute(select(column, func.count())
                                               .select_from(model)
                                               .where(column.in_(chunk)).group_by(column)):
                        counts[(what, cid)] = int(n)
                for cid, currency, total in conn.execute(
                        select(o.campaign_id, o.currency,
                               func.sum(type_coerce(o.actual_revenue, BigInteger)))
                        .where(o.campaign_id.in_(chunk),
                               o.status == OpportunityStatus.WON.value)
                        .group_by(o.campaign_id, o.currency).order_by(o.currency)):
                    won.setdefault(cid, {})[currency] = from_units(int(total or 0))
        out = []
        for cid in ids:
            if cid not in heads:
                continue
            _, name, status, currency, cost = heads[cid]
            members, responses = counts.get(("members", cid), 0), counts.get(("responses",
                                                                              cid), 0)
            revenue = won.get(cid, {})
            out.append(CampaignResults(
                cid, name, status, currency, members, responses,
                response_rate(members, responses), counts.get(("leads", cid), 0),
                counts.get(("opportunities", cid), 0), revenue, cost,
                roi(revenue.get(currency, Decimal(0)), cost)
                if set(revenue) <= {currency} else None))
        return out

