"""Contacts (people) and accounts (companies), with their phones, e-mails and addresses.

List columns (display name, main phone, main e-mail, city, sort key, Rolodex
letter) and the folded search text are stored on the row by the services, so a
list page or a sort is one indexed query rather than a join per row.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from crmdesk.models.base import Base, Tracked, sparse_index

contact_category = Table(
    "contact_category",
    Base.metadata,
    Column("contact_id", ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("category.id", ondelete="CASCADE"), primary_key=True),
)
account_category = Table(
    "account_category",
    Base.metadata,
    Column("account_id", ForeignKey("account.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("category.id", ondelete="CASCADE"), primary_key=True),
)


class Category(Base):
    """A free tag; the name is unique ignoring case (``key`` is its folded form)."""

    __tablename__ = "category"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    key: Mapped[str] = mapped_column(String(100), unique=True)


class ListColumns:
    """Denormalised columns the lists show and sort by."""

    display_name: Mapped[str] = mapped_column(String(300), default="")
    sort_name: Mapped[str] = mapped_column(String(300), default="", index=True)
    letter: Mapped[str] = mapped_column(String(1), default="#", index=True)
    main_phone: Mapped[str] = mapped_column(String(100), default="")
    main_email: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(200), default="")
    #: the sort keys (``sort_name`` and those beside it) are in the user's language
    #: (``services.collation``), rebuilt when it changes (``services.sort_keys``); the
    #: columns added since the first revision go last, as the migration adds them
    city_sort: Mapped[str] = mapped_column(String(200), default="", server_default="",
                                           index=True, sort_order=10)
    search_text: Mapped[str] = mapped_column(Text, default="")


def _channels(model: str, owner: str) -> Any:
    """The party's rows of one channel table, in the order the card shows them."""
    return relationship(foreign_keys=f"{model}.{owner}", order_by=f"{model}.position",
                        cascade="all, delete-orphan", passive_deletes=True)


class HasChannels:
    """Any number of phones, e-mails and postal addresses, owned through ``_owner``."""

    _owner: str

    @declared_attr
    def phones(cls) -> Mapped[list[Phone]]:  # noqa: N805 - SQLAlchemy passes the class
        return _channels("Phone", cls._owner)

    @declared_attr
    def emails(cls) -> Mapped[list[Email]]:  # noqa: N805
        return _channels("Email", cls._owner)

    @declared_attr
    def addresses(cls) -> Mapped[list[Address]]:  # noqa: N805
        return _channels("Address", cls._owner)


class Account(Tracked, ListColumns, HasChannels, Base):
    __tablename__ = "account"
    _owner = "account_id"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), index=True)  # for "same company" matching
    account_number: Mapped[str] = mapped_column(String(100), default="")
    industry: Mapped[str] = mapped_column(String(200), default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    relationships: Mapped[str] = mapped_column(String(200), default="")  # comma-joined kinds
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL")
    )
    primary_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL", use_alter=True)
    )
    __table_args__ = (sparse_index("account", "parent_id"),
                      sparse_index("account", "primary_contact_id"))

    categories: Mapped[list[Category]] = relationship(secondary=account_category)


class Contact(Tracked, ListColumns, HasChannels, Base):
    __tablename__ = "contact"
    _owner = "contact_id"
    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(50), default="")
    first_name: Mapped[str] = mapped_column(String(100), default="")
    middle_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    suffix: Mapped[str] = mapped_column(String(50), default="")
    nickname: Mapped[str] = mapped_column(String(100), default="")
    job_title: Mapped[str] = mapped_column(String(200), default="")
    department: Mapped[str] = mapped_column(String(200), default="")
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), index=True
    )
    birthday: Mapped[date | None] = mapped_column(Date)
    website: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    relationships: Mapped[str] = mapped_column(String(200), default="")  # comma-joined kinds
    uid: Mapped[str] = mapped_column(String(300), default="")  # see __table_args__
    company_sort: Mapped[str] = mapped_column(String(300), default="", index=True)
    #: the folded name and company the duplicate matching compares (``same_person``),
    #: whatever the language the sort keys are in
    name_key: Mapped[str] = mapped_column(String(300), default="", server_default="",
                                          index=True, sort_order=11)
    company_key: Mapped[str] = mapped_column(String(300), default="", server_default="",
                                             index=True, sort_order=12)
    #: the UIDs of vCards; CSV files have none, so only set ones are indexed (a query
    #: names ``uid != ''`` to use it; on SQLite, see ``sparse_index``)
    __table_args__ = (Index("ix_contact_uid", "uid", sqlite_where=text("uid != ''")),)

    account: Mapped[Account | None] = relationship(foreign_keys=[account_id])
    categories: Mapped[list[Category]] = relationship(secondary=contact_category)
    photo: Mapped[Photo | None] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="select"
    )
    custom_fields: Mapped[list[CustomField]] = relationship(
        order_by="CustomField.position", cascade="all, delete-orphan", passive_deletes=True)


class CustomField(Base):
    """A contact's labelled value that no column holds ("More fields" on the card)."""

    __tablename__ = "custom_field"
    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(String(200))
    value: Mapped[str] = mapped_column(Text, default="")


class Photo(Base):
    """Kept apart from ``contact`` so list queries never read image bytes."""

    __tablename__ = "photo"
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True
    )
    mime: Mapped[str] = mapped_column(String(50), default="image/jpeg")
    data: Mapped[bytes] = mapped_column(LargeBinary)


class OwnedByParty:
    """A child row of exactly one contact or one account."""

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(50), default="work")


def _owned_by_party(table: str) -> tuple[Any, ...]:
    """One owner, and an index per owner column over the rows it owns."""
    return (CheckConstraint("(contact_id IS NULL) <> (account_id IS NULL)", name="one_owner"),
            sparse_index(table, "contact_id"), sparse_index(table, "account_id"))


class Phone(OwnedByParty, Base):
    __tablename__ = "phone"
    __table_args__ = _owned_by_party("phone")
    number: Mapped[str] = mapped_column(String(100))  # as typed
    e164: Mapped[str] = mapped_column(String(20), default="", index=True)


class Email(OwnedByParty, Base):
    __tablename__ = "email"
    __table_args__ = _owned_by_party("email")
    address: Mapped[str] = mapped_column(String(300))
    address_key: Mapped[str] = mapped_column(String(300), index=True)  # lower-cased


class Address(OwnedByParty, Base):
    __tablename__ = "address"
    __table_args__ = _owned_by_party("address")
    street: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(100), default="")


