"""Sales: leads, opportunities through the stages of a pipeline, products and quotes.

Money and other exact numbers (quantities, discounts, VAT rates) are whole numbers of
ten-thousandths in a BIGINT column (:class:`ExactDecimal`): Python sees a
``decimal.Decimal``, every database stores it exactly, and the database can sort and
``SUM`` it exactly (the pipeline's totals are one query).  A currency is its 3-letter
ISO code beside the amount; amounts in different currencies are never added.

An opportunity's customer is a contact or an account by kind and id, with the name it
had (like an activity's "regarding"), so one whose customer was deleted still reads.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from crmdesk.models.base import Base, Tracked, sparse_index

#: ten-thousandths: what one stored unit of an ExactDecimal is
SCALE = 4
_UNIT = Decimal(1).scaleb(-SCALE)
_CENT = Decimal("0.01")


class ExactDecimal(TypeDecorator[Decimal]):
    """A Decimal with at most four decimals, stored as a whole number of ten-thousandths.

    A value with more decimals is refused (``ValueError``, a sentence) rather than
    rounded: what the user typed is what is stored.  Read back with two decimals when it
    has no more ("1234.50"), else with those it has ("0.1234")."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return to_units(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return from_units(int(value))


def to_units(value: Any) -> int:
    """``value`` (a Decimal, an int or decimal text) in ten-thousandths; a ValueError
    sentence for anything else or anything more exact."""
    if isinstance(value, bool | float):
        raise ValueError(f"An amount is an exact decimal number, not {value!r}.")
    try:
        exact = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"“{value}” is not a number.") from None
    if not exact.is_finite():
        raise ValueError(f"“{value}” is not a number.")
    units = exact.scaleb(SCALE)
    if units != units.to_integral_value():
        raise ValueError(f"{value} has more than {SCALE} decimals; round it first.")
    return int(units)


def from_units(units: int) -> Decimal:
    value = Decimal(units) * _UNIT
    cents = value.quantize(_CENT)
    return cents if cents == value else value.normalize()


opportunity_competitor = Table(
    "opportunity_competitor",
    Base.metadata,
    Column("opportunity_id", ForeignKey("opportunity.id", ondelete="CASCADE"),
           primary_key=True),
    Column("account_id", ForeignKey("account.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class Lead(Tracked, Base):
    """A prospect not yet qualified; ``qualified_*`` point at what it became."""

    __tablename__ = "lead"
    __table_args__ = (
        Index("ix_lead_status", "status", "rating"),
        sparse_index("lead", "qualified_account_id"),
        sparse_index("lead", "qualified_contact_id"),
        sparse_index("lead", "qualified_opportunity_id"),
        sparse_index("lead", "campaign_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    company: Mapped[str] = mapped_column(String(300), default="")
    job_title: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    mobile: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(300), default="")
    street: Mapped[str] = mapped_column(Text, default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(20), default="other")
    rating: Mapped[str] = mapped_column(String(10), default="warm")
    status: Mapped[str] = mapped_column(String(20), default="new")
    disqualify_reason: Mapped[str] = mapped_column(Text, default="")
    estimated_value: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)
    currency: Mapped[str] = mapped_column(String(3), default="")
    #: the campaign it came from (an indexed integer, not a foreign key: models.service)
    campaign_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    #: whose lead it is ("my leads"): the user name in Settings, else the system's
    owner: Mapped[str] = mapped_column(String(200), default="")
    qualified_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), nullable=True)
    qualified_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"), nullable=True)
    qualified_opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunity.id", ondelete="SET NULL", use_alter=True), nullable=True)

    # list columns (``services.derive.lead_columns``)
    display_name: Mapped[str] = mapped_column(String(300), default="")
    sort_name: Mapped[str] = mapped_column(String(300), default="", index=True)
    letter: Mapped[str] = mapped_column(String(1), default="#", index=True)
    search_text: Mapped[str] = mapped_column(Text, default="")


class Opportunity(Tracked, Base):
    """A sale being worked on, for a contact or an account, in one stage of the pipeline."""

    __tablename__ = "opportunity"
    __table_args__ = (
        Index("ix_opportunity_customer", "customer_kind", "customer_id"),
        # the board: a stage's open ones in their order
        Index("ix_opportunity_board", "status", "stage", "board_position"),
        # the forecast and "closing this month": open or won ones by close date; the
        # dashboard's won and lost by month; the pipeline's totals.  Each holds what its
        # sums read, so they never look a row up (at 50,000: 60 ms to 5 ms, migration 0017)
        Index("ix_opportunity_close", "status", "estimated_close_date", "currency",
              "estimated_revenue", "probability"),
        Index("ix_opportunity_closed", "status", "closed_on", "currency", "actual_revenue",
              "estimated_revenue"),
        Index("ix_opportunity_totals", "status", "stage", "currency", "estimated_revenue",
              "probability"),
        sparse_index("opportunity", "lead_id"),
        sparse_index("opportunity", "lost_to_id"),
        sparse_index("opportunity", "campaign_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(300), default="")
    customer_kind: Mapped[str] = mapped_column(String(20), default="")  # contact, account
    customer_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: the customer's name when last saved: still read when the customer is deleted
    customer_name: Mapped[str] = mapped_column(String(300), default="")
    stage: Mapped[str] = mapped_column(String(40), default="prospecting")
    probability: Mapped[int] = mapped_column(Integer, default=10)
    #: the probability was set by hand: a move to another stage keeps it
    probability_overridden: Mapped[bool] = mapped_column(Boolean, default=False)
    estimated_revenue: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(0))
    currency: Mapped[str] = mapped_column(String(3), default="")
    estimated_close_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    campaign_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open, won, lost
    actual_revenue: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    lost_reason: Mapped[str] = mapped_column(Text, default="")
    lost_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), nullable=True)
    #: the order within its stage's column on the board (smaller first)
    board_position: Mapped[float] = mapped_column(Float, default=0.0)
    lead_id: Mapped[int | None] = mapped_column(
        ForeignKey("lead.id", ondelete="SET NULL"), nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    # list columns (``services.derive.opportunity_columns``)
    display_name: Mapped[str] = mapped_column(String(300), default="")
    sort_name: Mapped[str] = mapped_column(String(300), default="", index=True)
    search_text: Mapped[str] = mapped_column(Text, default="")


class SalesStage(Base):
    """One stage of the pipeline, with the probability an opportunity in it gets."""

    __tablename__ = "sales_stage"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    probability: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


#: (key, title, probability): the stages a new database starts with, in order
DEFAULT_STAGES = (
    ("prospecting", "Prospecting", 10),
    ("qualification", "Qualification", 25),
    ("proposal", "Proposal", 50),
    ("negotiation", "Negotiation", 75),
    ("closing", "Closing", 90),
)


def create_default_stages(conn: Connection) -> None:
    """The default stages, for a brand-new database (migration 0014 writes them into an
    upgraded one)."""
    conn.execute(SalesStage.__table__.insert(), [
        {"key": key, "title": title, "probability": probability, "position": position,
         "active": True} for position, (key, title, probability) in enumerate(DEFAULT_STAGES)])


class Product(Tracked, Base):
    __tablename__ = "product"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    code: Mapped[str] = mapped_column(String(100), default="")
    unit_price: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(0))
    currency: Mapped[str] = mapped_column(String(3), default="")
    vat_rate: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(0))  # percent
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Quote(Tracked, Base):
    __tablename__ = "quote"
    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)  # "Q-2026-0001"
    title: Mapped[str] = mapped_column(String(300), default="")
    currency: Mapped[str] = mapped_column(String(3), default="")
    issued: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    #: the opportunity's estimated revenue follows this quote's total
    follows_opportunity: Mapped[bool] = mapped_column(Boolean, default=False)

    lines: Mapped[list[QuoteLine]] = relationship(
        order_by="QuoteLine.position", cascade="all, delete-orphan", passive_deletes=True)


class QuoteLine(Base):
    __tablename__ = "quote_line"
    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quote.id", ondelete="CASCADE"),
                                          index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("product.id", ondelete="SET NULL"), nullable=True, index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(1))
    unit_price: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(0))
    discount_percent: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(0))
    vat_rate: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(0))
