"""Which records a print job covers, loaded in bulk as plain print records.

A 10,000-contact phone list must not open 10,000 sessions, so contacts are
read a chunk at a time with one query per child table (``loading``), into small
frozen dataclasses the painter can hold without touching the database again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select

from crmdesk.kinds import RecordRef
from crmdesk.models import Account, Category, Contact
from crmdesk.records import AccountRecord, AddressEntry
from crmdesk.services import sort_keys
from crmdesk.services.collation import collation_for
from crmdesk.services.errors import NotFoundError
from crmdesk.services.listing import ListQuery
from crmdesk.services.loading import load_contacts
from crmdesk.services.printing.agenda import (
    AgendaDay,
    HistoryEntry,
    agenda_days,
    history_entries,
)
from crmdesk.services.printing.quote import QuoteSheet, Seller, billing_address, quote_sheet

CHUNK = 900  # stays under SQLite's bound-parameter limit on old builds too

SCOPES = ("all", "search", "selection", "category")


@dataclass(frozen=True)
class Selection:
    """Which records to print: everything, the current search, the selection, a category."""

    scope: str = "all"
    query: ListQuery = field(default_factory=ListQuery)
    ids: tuple[int, ...] = ()
    category: str = ""

    def describe(self, noun: str = "contacts") -> str:
        q = self.query
        if self.scope == "search" and (q.text or q.letter or q.category):
            parts = [f"“{q.text}”" if q.text else "", f"letter {q.letter}" if q.letter else "",
                     f"category {q.category}" if q.category else ""]
            return "Search " + ", ".join(p for p in parts if p)
        if self.scope == "selection":
            return f"{len(self.ids)} selected"
        if self.scope == "category":
            return f"Category {self.category}"
        return f"All {noun}"


@dataclass(frozen=True, slots=True)
class PrintContact:
    id: int
    name: str  # display name, "Søren Müller"
    file_as: str  # what the Rolodex files it under, "Müller" (running headers)
    letter: str
    company: str
    job_title: str
    department: str
    phones: tuple[tuple[str, str], ...]  # (kind, number)
    emails: tuple[tuple[str, str], ...]
    addresses: tuple[AddressEntry, ...]
    birthday: date | None


@dataclass(frozen=True)
class AccountSummary:
    account: AccountRecord
    parent_name: str
    primary_contact: str
    contacts: list[PrintContact]
    sub_accounts: list[tuple[str, str]]  # (name, city)


class PrintData:
    """Reads what a print job shows; every method opens and closes its own session."""

    def __init__(self, services) -> None:  # noqa: ANN001 - crmdesk.services.wiring.Services
        self.services = services
        self.db = services.db
        #: the alphabet the stored sort keys were built in, for the letter headings
        self.collation = collation_for(sort_keys.language(self.db,
                                                          services.settings.phone_region))

    # -- which records ----------------------------------------------------
    def contact_ids(self, selection: Selection) -> list[int]:
        """The contacts in name order (letter headings need it, whatever the list sorts by)."""
        lister = self.services.contacts
        if selection.scope == "selection":
            return self._ordered(list(selection.ids))
        if selection.scope == "category":
            return list(lister.ids(ListQuery(category=selection.category)))
        if selection.scope == "search":
            q = selection.query
            return list(lister.ids(ListQuery(text=q.text, letter=q.letter,
                                             category=q.category, within=q.within)))
        return list(lister.ids(ListQuery()))

    def account_ids(self, selection: Selection) -> list[int]:
        lister = self.services.accounts
        if selection.scope == "selection":
            return [i for i in selection.ids if self._exists(i)]
        if selection.scope == "category":
            return list(lister.ids(ListQuery(category=selection.category)))
        if selection.scope == "search":
            q = selection.query
            return list(lister.ids(ListQuery(text=q.text, letter=q.letter,
                                             category=q.category)))
        return list(lister.ids(ListQuery()))

    def _exists(self, account_id: int) -> bool:
        with self.db.sessions() as session:
            return session.get(Account, account_id) is not None

    def _ordered(self, ids: list[int]) -> list[int]:
        """The selected contacts in the order the list sorts them by name (no name last)."""
        out: list[tuple[bool, str, int]] = []
        with self.db.sessions() as session:
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start:start + CHUNK]
                stmt = select(Contact.sort_name, Contact.id).where(Contact.id.in_(chunk))
                out += [(not key, key, cid) for key, cid in session.execute(stmt)]
        return [i for *_, i in sorted(out)]

    def categories(self) -> list[str]:
        with self.db.sessions() as session:
            return sorted(session.scalars(select(Category.name)), key=str.casefold)

    # -- loading ------------------------------------------------------------
    def contacts(self, ids: Sequence[int],
                 progress: Callable[[int, int], None] | None = None) -> list[PrintContact]:
        out: list[PrintContact] = []
        for batch in self.iter_contacts(ids):
            out += batch
            if progress:
                progress(len(out), len(ids))
        return out

    def iter_contacts(self, ids: Sequence[int]) -> Iterator[list[PrintContact]]:
        """Print records for ``ids`` in the same order, a chunk at a time."""
        ids = list(ids)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            yield self._load_chunk(chunk)

    def _load_chunk(self, chunk: list[int]) -> list[PrintContact]:
        with self.db.sessions() as session:
            loaded = load_contacts(session, chunk, photos=False)
        out = []
        for cid in chunk:
            if (r := loaded.records.get(cid)) is None:
                continue
            listed = loaded.listed[cid]
            out.append(PrintContact(
                id=cid, name=listed.display_name,
                file_as=r.last_name or r.first_name or listed.display_name,
                letter=self.collation.heading(listed.sort_name), company=r.company,
                job_title=r.job_title, department=r.department,
                phones=tuple((p.kind, p.number) for p in r.phones),
                emails=tuple((e.kind, e.address) for e in r.emails),
                addresses=tuple(r.addresses), birthday=r.birthday))
        return out

    def account_summary(self, account_id: int) -> AccountSummary:
        accounts = self.services.accounts
        record = accounts.get(account_id)
        within = ListQuery(within=RecordRef("account", account_id))
        contact_ids = list(self.services.contacts.ids(within))
        subs = accounts.rows(accounts.ids(within))
        primary = ""
        if record.primary_contact_id is not None:
            with self.db.sessions() as session:
                primary = session.scalar(select(Contact.display_name).where(
                    Contact.id == record.primary_contact_id)) or ""
        return AccountSummary(
            account=record, parent_name=accounts.name_of(record.parent_id),
            primary_contact=primary, contacts=self.contacts(contact_ids),
            sub_accounts=[(r.display_name, r.city) for r in subs])

    # -- activities ---------------------------------------------------------------
    def agenda(self, first: date, end: date) -> list[AgendaDay]:
        """The days from ``first`` to before ``end`` in the display zone, with what is
        on each (series expanded)."""
        activities = self.services.activities
        zone = activities.display_zone()
        items = activities.occurrences(datetime.combine(first, time(), zone),
                                       datetime.combine(end, time(), zone))
        return agenda_days(items, first, end)

    def history(self, ref: RecordRef) -> tuple[str, list[HistoryEntry]]:
        """The record's name and its history, newest first; an ActivityError sentence if
        there is no such record."""
        activities = self.services.activities
        name = activities.regarded_name(ref)
        return name, history_entries(activities.history(ref))

    # -- quotes ---------------------------------------------------------------------
    def quote(self, quote_id: int) -> QuoteSheet:
        """The quote with the seller from Settings and the customer's name and address as
        they are now (the name the opportunity kept, if the customer was deleted); a
        ``NotFoundError`` sentence if there is no such quote."""
        services = self.services
        record = services.quotes.get(quote_id)
        assert record.opportunity_id is not None
        opportunity = services.opportunities.get(record.opportunity_id)
        name, company, addresses = opportunity.customer_name, "", []
        ref = opportunity.customer
        try:
            if ref is not None and ref.kind == "contact":
                contact = services.contacts.get(ref.id)
                company, addresses = contact.company, contact.addresses
            elif ref is not None and ref.kind == "account":
                account = services.accounts.get(ref.id)
                name, addresses = account.name, account.addresses
        except NotFoundError:
            pass  # deleted since: the name the opportunity kept, without an address
        settings = services.settings
        return quote_sheet(
            number=record.number, title=record.title, issued=record.issued,
            valid_until=record.valid_until, currency=record.currency, notes=record.notes,
            reference=opportunity.topic, seller=Seller.from_settings(settings),
            customer_name=name, company=company, address=billing_address(addresses),
            lines=record.lines, region=settings.phone_region)
