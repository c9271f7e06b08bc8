"""One search over every listed kind (contacts, then accounts), for the command line and
quick lookups."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import Select, bindparam, select

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
            hits += [SearchHit(s.id, lister.kind.name, s.display_name, s.company, s.city)
                     for s in lister.summaries(ids)]
        self._add_channels(hits)
        return hits

    @cached_property
    def _channel_stmts(self) -> dict[str, tuple[Select, Select]]:
        """Each kind's e-mail and phone queries, built once: SQLAlchemy then finds their
        compiled form without building them again for every search (0.4 ms of a search
        at 100,000 contacts)."""
        stmts = {}
        for kind in (lister.kind for lister in self.listers):
            if kind.channels_owner is not None:
                email, phone = (getattr(table, kind.channels_owner) for table in (Email, Phone))
                ids = bindparam("ids", expanding=True)
                stmts[kind.name] = (
                    select(email, Email.address).where(email.in_(ids))
                    .order_by(email, Email.position),
                    select(phone, Phone.number).where(phone.in_(ids))
                    .order_by(phone, Phone.position))
        return stmts

    def _add_channels(self, hits: list[SearchHit]) -> None:
        by_kind: dict[str, list[int]] = defaultdict(list)
        for hit in hits:
            by_kind[hit.kind].append(hit.id)
        emails: dict[tuple[str, int], list[str]] = defaultdict(list)
        numbers: dict[tuple[str, int], list[str]] = defaultdict(list)
        with self.db.engine.connect() as conn:
            for kind_name, stmts in self._channel_stmts.items():
                if not (ids := by_kind.get(kind_name)):
                    continue
                for stmt, sink in zip(stmts, (emails, numbers), strict=True):
                    for owner_id, value in conn.execute(stmt, {"ids": ids}):
                        sink[(kind_name, owner_id)].append(value)
        for hit in hits:
            hit.emails = emails.get((hit.kind, hit.id), [])
            hit.phones = numbers.get((hit.kind, hit.id), [])
