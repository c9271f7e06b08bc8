"""Activities: appointments, tasks, phone calls and notes, regarding one record of any kind.

Times are stored as the user gave them: the wall-clock start and end in the
activity's own IANA zone (``tzid``; empty for a floating time, read in the
display zone), or dates for an all-day one.  ``start_utc`` and ``last_end_utc``
are derived from those by ``services.activities`` only to pick the rows a date
range needs through an index; the occurrences themselves are computed on read
(``services.recurrence``).  A recurring series is one row holding its RFC 5545
rule; a changed occurrence is a row of its own pointing at the series by
``series_id`` and ``recurrence_id`` (the occurrence's original start).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crmdesk.models.base import Base, Tracked, sparse_index

activity_category = Table(
    "activity_category",
    Base.metadata,
    Column("activity_id", ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("category.id", ondelete="CASCADE"), primary_key=True),
)


class Activity(Tracked, Base):
    __tablename__ = "activity"
    __table_args__ = (
        Index("ix_activity_regarding", "regarding_kind", "regarding_id"),
        Index("ix_activity_start", "start_utc"),
        Index("ix_activity_long", "long_range", "start_utc"),
        sparse_index("activity", "series_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: iCalendar's UID: what a re-import matches on (an override shares its series' UID)
    uid: Mapped[str] = mapped_column(String(300), index=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))  # appointment, task, call, note
    subject: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), default="open")

    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    tzid: Mapped[str] = mapped_column(String(100), default="")
    #: wall-clock times in ``tzid`` (midnight of the dates for an all-day one; its end is
    #: exclusive); a task's due and a note's or a call's time are its start
    start_local: Mapped[datetime] = mapped_column(DateTime)
    end_local: Mapped[datetime] = mapped_column(DateTime)
    #: derived for range queries: the first start, and the end of the last occurrence
    #: (NULL for a series without end); floating and all-day ones as read in UTC
    start_utc: Mapped[datetime] = mapped_column(DateTime)
    last_end_utc: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    #: a series, or an item longer than ``services.recurrence.SHORT``: found apart
    long_range: Mapped[bool] = mapped_column(Boolean, default=False)

    #: RFC 5545 recurrence, as iCalendar writes it: the RRULE value, and the RDATE and
    #: EXDATE values as wall-clock times in ``tzid`` ("20261207T090000", or dates
    #: "20261207" for an all-day series), comma-separated
    rrule: Mapped[str] = mapped_column(Text, default="")
    rdates: Mapped[str] = mapped_column(Text, default="")
    exdates: Mapped[str] = mapped_column(Text, default="")
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), nullable=True)
    #: for a changed occurrence: the start it had in the series (wall clock in the
    #: series' zone)
    recurrence_id: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    # tasks
    priority: Mapped[int] = mapped_column(Integer, default=0)  # iCalendar: 0 none, 1 high, 9 low
    percent_complete: Mapped[int] = mapped_column(Integer, default=0)
    completed_utc: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # calls
    direction: Mapped[str] = mapped_column(String(10), default="")  # in, out
    phone_number: Mapped[str] = mapped_column(String(100), default="")
    duration_minutes: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str] = mapped_column(String(200), default="")

    #: minutes before the start (a task's due) a reminder shows; NULL for none
    reminder_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: reminders of occurrences starting at or before this have been dismissed
    reminded_until_utc: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    snoozed_until_utc: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    #: the record it regards; the name is kept so the history still reads when the
    #: record is deleted (``regarding_id`` is then NULL)
    regarding_kind: Mapped[str] = mapped_column(String(20), default="")
    regarding_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    regarding_name: Mapped[str] = mapped_column(String(300), default="")

    participants: Mapped[list[Participant]] = relationship(
        order_by="Participant.position", cascade="all, delete-orphan", passive_deletes=True)
    categories = relationship("Category", secondary=activity_category,
                              order_by="Category.name")


class Participant(Base):
    """A contact or account taking part, with a role; name and e-mail as the invitation
    had them, so one who is not (or no longer) in the Rolodex still shows."""

    __tablename__ = "activity_participant"
    __table_args__ = (
        sparse_index("activity_participant", "contact_id"),
        sparse_index("activity_participant", "account_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"),
                                             index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    role: Mapped[str] = mapped_column(String(20), default="required")
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"), nullable=True)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), nullable=True)
    name: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(300), default="")
