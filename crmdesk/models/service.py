"""Service and marketing: customer-service cases with their ticket numbers, and campaigns
with their members and responses.

A case's ticket number (``CAS-2026-00042``) is the year and a counter kept in
``ticket_counter``, one row per year, bumped in the transaction that inserts the case
(``services.tickets``): a number is never handed out twice, not even to two processes at
the same moment, and a deleted case's number is not reused.  A case's customer is a
contact or an account by kind and id with the name it had, as an opportunity's is.

A campaign's members are contacts, accounts or leads by kind and id with their name;
its responses may point at the member who answered and at the lead the answer created.
Leads and opportunities name their campaign in ``campaign_id``: a plain integer with an
index, not a foreign key (SQLite can add one only by copying the lead and opportunity
tables, whose copy would fire their own keys' ON DELETE actions; the campaign service
clears them when a campaign goes, see docs/DECISIONS.md).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.models.base import Base, Tracked, sparse_index
from crmdesk.models.sales import ExactDecimal


class TicketCounter(Base):
    """The last ticket number handed out in one year (never lowered)."""

    __tablename__ = "ticket_counter"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class CaseSubject(Base):
    """One subject of the small tree cases are filed under ("Hardware > Printer")."""

    __tablename__ = "case_subject"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_subject.id", ondelete="CASCADE"), nullable=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Case(Tracked, Base):
    """A customer-service case: a question, problem or request of a contact or account."""

    __tablename__ = "service_case"  # "case" is an SQL keyword
    __table_args__ = (
        Index("ix_service_case_customer", "customer_kind", "customer_id"),
        # "my open cases by priority", the dashboard's open cases by priority and age
        Index("ix_service_case_open", "status", "priority", "created"),
        Index("ix_service_case_follow_up", "status", "follow_up"),
        sparse_index("service_case", "subject_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_number: Mapped[str] = mapped_column(String(40), unique=True)
    customer_kind: Mapped[str] = mapped_column(String(20), default="")  # contact, account
    customer_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    customer_name: Mapped[str] = mapped_column(String(300), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    case_type: Mapped[str] = mapped_column(String(20), default="question")
    origin: Mapped[str] = mapped_column(String(20), default="phone")
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    status: Mapped[str] = mapped_column(String(20), default="new")
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_by: Mapped[str] = mapped_column(String(200), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)  # UTC
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_subject.id", ondelete="SET NULL"), nullable=True)
    product: Mapped[str] = mapped_column(String(300), default="")
    serial_number: Mapped[str] = mapped_column(String(100), default="")
    follow_up: Mapped[date | None] = mapped_column(Date, nullable=True)
    owner: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    # list columns (``services.derive.case_columns``)
    display_name: Mapped[str] = mapped_column(String(300), default="")
    sort_name: Mapped[str] = mapped_column(String(300), default="", index=True)
    search_text: Mapped[str] = mapped_column(Text, default="")


class Campaign(Tracked, Base):
    """A marketing campaign: what it cost, what it was expected to bring."""

    __tablename__ = "campaign"
    __table_args__ = (Index("ix_campaign_running", "status", "start_date", "end_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), default="")
    campaign_type: Mapped[str] = mapped_column(String(20), default="email")
    status: Mapped[str] = mapped_column(String(20), default="planned")
    start: Mapped[date | None] = mapped_column("start_date", Date, nullable=True)
    end: Mapped[date | None] = mapped_column("end_date", Date, nullable=True)
    budget: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)
    actual_cost: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)
    expected_revenue: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)
    currency: Mapped[str] = mapped_column(String(3), default="")
    expected_response_rate: Mapped[int | None] = mapped_column(Integer, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")

    # list columns (``services.derive.campaign_columns``)
    display_name: Mapped[str] = mapped_column(String(300), default="")
    sort_name: Mapped[str] = mapped_column(String(300), default="", index=True)
    search_text: Mapped[str] = mapped_column(Text, default="")


class CampaignMember(Base):
    """A contact, account or lead a campaign addresses, with the name it had."""

    __tablename__ = "campaign_member"
    __table_args__ = (
        UniqueConstraint("campaign_id", "member_kind", "member_id"),
        Index("ix_campaign_member_member", "member_kind", "member_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    member_kind: Mapped[str] = mapped_column(String(20))  # contact, account, lead
    member_id: Mapped[int] = mapped_column(Integer)
    member_name: Mapped[str] = mapped_column(String(300), default="")
    added: Mapped[date] = mapped_column(Date)


class CampaignResponse(Base):
    """One answer to a campaign: who (a member, if known), when, how, what came of it."""

    __tablename__ = "campaign_response"
    __table_args__ = (sparse_index("campaign_response", "member_id"),
                      sparse_index("campaign_response", "lead_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"),
                                             index=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign_member.id", ondelete="SET NULL"), nullable=True)
    responded_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20), default="email")
    outcome: Mapped[str] = mapped_column(Text, default="")
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("lead.id", ondelete="SET NULL"),
                                                nullable=True)
