"""Facts about the database itself, kept in it, as ``key`` -> ``value``."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.models.base import Base

#: the language the stored sort keys were built in (``services.sort_keys``)
SORT_LANGUAGE = "sort_language"


class Meta(Base):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(String(300))
