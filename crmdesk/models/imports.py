"""Import batches: what one import created and merged, so it can be undone.

A batch keeps the ids it created and, for each contact it merged into, what the
merge added (JSON, ``importing.merge.Added``), so undo takes back exactly that,
whatever other imports did to the contact before or since.  Each item also
counts the versions the import's own writes moved the contact (``moved``), so
undo can tell the user's edits from other imports' merges.  Imports made before
schema 0005 kept instead the whole record as it was before the merge
(``before``), and undo still puts that back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.models.base import Base, utcnow


class ImportBatch(Base):
    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    files: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of paths
    format: Mapped[str] = mapped_column(String(50), default="auto")
    policy: Mapped[str] = mapped_column(String(20), default="merge")
    category: Mapped[str] = mapped_column(String(100), default="")  # "Imported <date>"
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    merged_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped_count: Mapped[int] = mapped_column(Integer, default=0)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    undone: Mapped[datetime | None] = mapped_column(DateTime)


class ImportItem(Base):
    """One record a batch touched: ``action`` is "created" or "merged" (a contact, an
    account, a lead, an activity), or "restored" (a lead, opportunity, quote or activity
    from crmdesk's JSON, which keeps the time it was created: ``added`` holds it)."""

    __tablename__ = "import_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batch.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # "contact", "account", "lead", ...
    action: Mapped[str] = mapped_column(String(10))
    party_id: Mapped[int] = mapped_column(Integer, index=True)
    version_after: Mapped[int] = mapped_column(Integer, default=1)
    before: Mapped[str | None] = mapped_column(Text)  # JSON record before a merge (< 0005)
    #: JSON of what a merge added; for a restored record, ``{"created": ...}``
    added: Mapped[str | None] = mapped_column(Text)
    #: how many versions this item's writes moved the contact: the merge's (one per
    #: write), plus one if its undo rewrote the contact; NULL before 0005
    moved: Mapped[int | None] = mapped_column(Integer)
