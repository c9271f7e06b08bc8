"""One search over contacts and accounts, for the command line and quick lookups."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from sqlalchemy import select

from crmdesk.db import Database
from crmdesk.models import Email, Phone
from crmdesk.services.accounts import AccountService
from crmdesk.services.contacts import ContactService
from crmdesk.services.listing import ListQuery


@dataclass
class SearchHit:
    id: int
    kind: str  # "contact" or "account"
    display_name: str
    company: str
    city: str
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


class SearchService:
    def __init__(self, db: Database, contacts: ContactService, accounts: AccountService) -> None:
        self.db = db
        self.contacts = contacts
        self.accounts = accounts

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        """Contacts first, then accounts, each sorted by name; at most ``limit`` hits."""
        query = ListQuery(text=text)
        contact_ids = list(self.contacts.ids(query, limit=limit))
        hits = [
            SearchHit(r.id, "contact", r.display_name, r.company, r.city)
            for r in self.contacts.rows(contact_ids)
        ]
        if len(hits) < limit:
            account_ids = list(self.accounts.ids(query, limit=limit - len(hits)))
            hits += [
                SearchHit(r.id, "account", r.display_name, r.display_name, r.city)
                for r in self.accounts.rows(account_ids)
            ]
        self._add_channels(hits)
        return hits

    def _add_channels(self, hits: list[SearchHit]) -> None:
        by_kind: dict[str, list[int]] = defaultdict(list)
        for hit in hits:
            by_kind[hit.kind].append(hit.id)
        emails: dict[tuple[str, int], list[str]] = defaultdict(list)
        numbers: dict[tuple[str, int], list[str]] = defaultdict(list)
        with self.db.engine.connect() as session:
            for kind, owner_col in (("contact", "contact_id"), ("account", "account_id")):
                ids = by_kind.get(kind)
                if not ids:
                    continue
                for table, column, sink in ((Email, Email.address, emails),
                                            (Phone, Phone.number, numbers)):
                    owner = getattr(table, owner_col)
                    stmt = (select(owner, column).where(owner.in_(ids))
                            .order_by(owner, table.position))
                    for owner_id, value in session.execute(stmt):
                        sink[(kind, owner_id)].append(value)
        for hit in hits:
            hit.emails = emails.get((hit.kind, hit.id), [])
            hit.phones = numbers.get((hit.kind, hit.id), [])


