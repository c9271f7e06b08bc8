"""Kinds of record, declared once, and the reference that names one record of any kind.

A ``Kind`` says everything the generic code needs to list, search, filter,
sort, select, print and open records of one kind: its model and service, its
list columns, its facets (A-Z letter, categories, scopes such as "contacts of
this account") and, by dotted path, the functions and widgets that derive its
columns or show it.  The declarations themselves are in ``crmdesk.kinds.parties``
(contacts, accounts) and are listed in ``crmdesk.kinds.registry``.

This module imports nothing heavy (no SQLAlchemy, no Qt), so a command that only
parses ``contact:42`` stays fast; see docs/ARCHITECTURE.md, "How to add a kind".
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Table

_REF = re.compile(r"([a-z][a-z_]*):(\d+)")


class RefError(ValueError):
    """Text that names no record; the message is one sentence for the user."""


@dataclass(frozen=True, order=True)
class RecordRef:
    """One record of any kind: ``contact:42`` as text, ``{"kind": ..., "id": ...}`` in JSON.

    Every link between records (a card's company, "regarding", "customer", the
    window's navigation, the command line's ``KIND:ID``) is one of these.
    """

    kind: str
    id: int

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id}

    @classmethod
    def from_json(cls, data: Any, kinds: Iterable[str]) -> RecordRef:
        """The reference in a JSON object; a RefError saying what is wrong otherwise."""
        if not isinstance(data, Mapping) or set(data) != {"kind", "id"}:
            raise RefError('A record reference is an object {"kind": ..., "id": ...}, '
                           f"not {data!r}.")
        kind, ident = data["kind"], data["id"]
        if not isinstance(ident, int) or isinstance(ident, bool) or ident < 0:
            raise RefError(f"The id of a record is a whole number, not {ident!r}.")
        return cls(known_kind(str(kind), kinds), ident)

    @classmethod
    def parse(cls, text: str, kinds: Iterable[str]) -> RecordRef:
        """``contact:42`` -> RecordRef("contact", 42); ``kinds`` are the names allowed."""
        found = _REF.fullmatch(text.strip())
        if found is None:
            raise RefError(f"“{text}” names no record: write KIND:ID, for example "
                           "contact:42.")
        return cls(known_kind(found[1], kinds), int(found[2]))


def known_kind(kind: str, kinds: Iterable[str]) -> str:
    """``kind`` if it is one of ``kinds``; else a RefError naming those that are."""
    names = tuple(kinds)
    if kind not in names:
        choices = " or ".join(filter(None, (", ".join(names[:-1]), names[-1])))
        raise RefError(f"There is no kind of record called “{kind}”; use {choices}.")
    return kind


def resolve(path: str) -> Any:
    """The object a dotted path ``package.module:name`` names, imported when first asked.

    Kinds name their widgets and derivations this way so the declaration never
    imports Qt (or a service) itself."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True, eq=False)
class ListColumn:
    """One column of a kind's list: ``key`` is what a sort asks for, ``attribute`` the
    field of the display row it shows, ``sort`` the database expression it sorts by (None:
    shown only, as a value the database does not store on the row), ``shown`` whether the
    list shows it before the user picks columns (the first, the name, always shows)."""

    key: str
    title: str
    attribute: str
    sort: Callable[[], ColumnElement[Any]] | None = None
    shown: bool = True


@dataclass(frozen=True)
class ListFilter:
    """One of the filters a kind's list offers ("My open leads", "Closing this month"):
    ``key`` is what ``ListQuery.filters`` names, and the kind's service turns it into a
    condition (``Lister._filter``), so what "this month" or "mine" means is worked out
    at each query."""

    key: str
    title: str


@dataclass(frozen=True, eq=False)
class CategoryFacet:
    """The link table that tags this kind with categories, and its owner column."""

    link: Table
    owner: str


@dataclass(frozen=True, eq=False)
class Kind:
    """One kind of record, declared once (see crmdesk.kinds.parties for the examples)."""

    name: str  # the KIND of KIND:ID, singular: "contact"
    plural: str  # the view's key (QSettings "contacts/columns", --view contacts)
    nouns: tuple[str, str]  # as a person reads it: one, many
    model: type
    service: str  # the attribute of services.wiring.Services that lists and stores it
    record: type  # the plain record its dialog edits (records.ContactRecord)
    columns: tuple[ListColumn, ...]
    #: What the list is searched by, for the search box's placeholder.
    search_hint: str
    #: The display-row fields a card in the card grid shows under the name.
    card_lines: tuple[str, ...]
    #: The model attribute holding the filing letter, or None for no A-Z bar.
    letter: str | None = "letter"
    categories: CategoryFacet | None = None
    #: Scopes: the kind of the record a list is narrowed to -> this model's column that
    #: points at it ("account" -> "account_id": the contacts of one account).
    scopes: Mapping[str, str] | None = None
    #: The filters its list offers besides search, letter and category; its service may
    #: take more (an opportunity's ``stage:KEY``, from the stages the user keeps).
    filters: tuple[ListFilter, ...] = ()
    #: The column of the shared phone and e-mail tables that points at this kind.
    channels_owner: str | None = None
    #: The function ``(row, region)`` that stores a row's list columns and search text,
    #: derived from its fields (``party_fields.refresh_contact_columns``).
    derive: str = ""
    #: Dotted paths of the widgets that show it: the list view, its detail pane, its dialog.
    view: str = ""
    detail: str = ""
    dialog: str = ""

    def ref(self, record_id: int) -> RecordRef:
        return RecordRef(self.name, record_id)

    def column(self, key: str) -> ListColumn:
        """The column with this key; the first (the name) for a key it does not have."""
        return next((c for c in self.columns if c.key == key), self.columns[0])

    def scope_column(self, kind: str) -> str | None:
        return (self.scopes or {}).get(kind)

    def derive_columns(self, row: Any, region: str) -> None:
        """Store a row's list columns and search text from its fields, as every save of
        this kind does (the import and the demo write the same values in bulk)."""
        resolve(self.derive)(row, region)
