"""One search over every listed kind (contacts, then accounts), for the command line and
quick lookups."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select

from crmdesk.db import Database
from crmdesk.models import Email, Phone
from crmdesk.services.listing import Lister, ListQuery


@dataclass
class SearchHit:
    id: int
    kind: str  # the kind's name: "contact" or "account"
    display_name: str
    company: str
    city: str
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


class SearchService:
    def __init__(self, db: Database, *listers: Lister[Any]) -> None:
        self.db = db
        self.listers = listers

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        """Each kind in turn, each sorted by name; at most ``limit`` hits in all."""
        query = ListQuery(text=text)
        hits: list[SearchHit] = []
        for lister in self.listers:
            if len(hits) >= limit:
                break
            ids = list(lister.ids(query, limit=limit - len(hits)))
            hits += [SearchHit(r.id, lister.kind.name, r.display_name,
                               getattr(r, "company", r.display_name), r.city)
                     for r in lister.rows(ids)]
        self._add_channels(hits)
        return hits

    def _add_channels(self, hits: list[SearchHit]) -> None:
        by_kind: dict[str, list[int]] = defaultdict(list)
        for hit in hits:
            by_kind[hit.kind].append(hit.id)
        emails: dict[tuple[str, int], list[str]] = defaultdict(list)
        numbers: dict[tuple[str, int], list[str]] = defaultdict(list)
        with self.db.engine.connect() as session:
            for kind in (lister.kind for lister in self.listers):
                ids = by_kind.get(kind.name)
                if not ids or kind.channels_owner is None:
                    continue
                for table, column, sink in ((Email, Email.address, emails),
                                            (Phone, Phone.number, numbers)):
                    owner = getattr(table, kind.channels_owner)
                    stmt = (select(owner, column).where(owner.in_(ids))
                            .order_by(owner, table.position))
                    for owner_id, value in session.execute(stmt):
                        sink[(kind.name, owner_id)].append(value)
        for hit in hits:
            hit.emails = emails.get((hit.kind, hit.id), [])
            hit.phones = numbers.get((hit.kind, hit.id), [])
