"""Declarative base and the columns every row carries."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Index, Integer, MetaData, text
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Named constraints, so Alembic batch migrations can find them on SQLite.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def sparse_index(table: str, column: str) -> Index:
    """An index over the rows where ``column`` is set.  Owner and parent columns are NULL
    in most rows (a contact's phones have no account, an account seldom a parent), and
    an import then spends nothing on index entries nobody looks up; a query for
    ``column = ?`` still uses the index, as equality implies NOT NULL.

    On SQLite only (where the bulk imports are measured): a ``postgresql_where`` here
    would import SQLAlchemy's PostgreSQL dialect at every start (0.04 s)."""
    return Index(f"ix_{table}_{column}", column, sqlite_where=text(f"{column} IS NOT NULL"))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Tracked:
    """Created/modified timestamps and the optimistic-locking version counter."""

    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    modified: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:  # noqa: N805 - SQLAlchemy passes the class
        return {"version_id_col": cls.version}
