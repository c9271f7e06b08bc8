"""Deleted contacts and accounts, kept whole so a delete can be undone.

A delete removes the record's row as before, so every list, search, export and
import query stays as it was, and writes one ``deleted_record`` row per record in
the same transaction: its kind, its id then, its name as the list showed it, when,
and a JSON snapshot of the whole record (``services.trash``).  The rows of one
delete share ``batch`` (the id of its first row), which Edit > Undo delete restores.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.models.base import Base, utcnow


class DeletedRecord(Base):
    __tablename__ = "deleted_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch: Mapped[int] = mapped_column(Integer, default=0, index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "contact" or "account"
    record_id: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300), default="")
    deleted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    snapshot: Mapped[str] = mapped_column(Text)
