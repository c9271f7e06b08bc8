"""Put many records of one kind into a category, or take them out of it, in one change.

A category is part of what a record's list columns and search text are derived
from, so each record changed is derived again (``Kind.derive_columns``) and
re-indexed, and its modified time and version move as a save's do: a dialog
still open on it refuses its stale edit, and undoing an import knows it was
edited since.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload

from crmdesk.db import Database
from crmdesk.errors import DatabaseBusy
from crmdesk.kinds import CategoryFacet, Kind
from crmdesk.kinds.registry import KINDS
from crmdesk.models import Category
from crmdesk.models.base import utcnow
from crmdesk.services import party_fields as pf
from crmdesk.services.bulk import chunks
from crmdesk.services.errors import storage_error
from crmdesk.services.search_index import SearchIndex

CHUNK = 500  # records loaded (with what their derivation reads) per query

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class TaggingCancelled(RuntimeError):
    """The user cancelled; nothing was changed."""


def _facet(kind: Kind) -> CategoryFacet:
    if kind.categories is None:
        raise ValueError(f"{kind.nouns[1].capitalize()} have no categories.")
    return kind.categories


class TaggingService:
    """Adds and removes one category on a selection of records of any tagged kind."""

    def __init__(self, db: Database, index: SearchIndex, region: Callable[[], str]) -> None:
        self.db = db
        self.index = index
        self.region = region

    def names(self) -> list[str]:
        """Every category some record is in, whatever its kind, by name ignoring case."""
        used = [select(k.categories.link.c.category_id) for k in KINDS if k.categories]
        stmt = select(Category.name).where(Category.id.in_(used[0].union(*used[1:])))
        with self.db.engine.connect() as conn:
            return sorted(conn.scalars(stmt), key=str.casefold)

    def names_on(self, kind: Kind, ids: Sequence[int]) -> list[str]:
        """The categories any of these records is in (what "Remove from" can offer)."""
        facet = _facet(kind)
        link = facet.link
        found: set[str] = set()
        with self.db.engine.connect() as conn:
            for chunk in chunks(list(ids), CHUNK):
                found.update(conn.scalars(
                    select(Category.name).join(link, link.c.category_id == Category.id)
                    .where(link.c[facet.owner].in_(chunk)).group_by(Category.name)))
        return sorted(found, key=str.casefold)

    def add(self, kind: Kind, ids: Sequence[int], name: str, progress: Progress | None = None,
            cancelled: Cancelled | None = None) -> int:
        """Put these records into the category ``name`` (made if new, matched ignoring
        case); returns how many were not in it before."""
        if not name.strip():
            raise ValueError("A category needs a name.")
        return self._change(kind, ids, name, True, progress, cancelled)

    def remove(self, kind: Kind, ids: Sequence[int], name: str,
               progress: Progress | None = None, cancelled: Cancelled | None = None) -> int:
        """Take these records out of the category ``name``; returns how many were in it."""
        return self._change(kind, ids, name, False, progress, cancelled)

    def _change(self, kind: Kind, ids: Sequence[int], name: str, adding: bool,
                progress: Progress | None, cancelled: Cancelled | None) -> int:
        _facet(kind)
        region = self.region()
        wanted = list(dict.fromkeys(ids))
        try:
            with self.db.writing() as session:
                category = self._category(session, name, create=adding)
                if category is None:
                    return 0
                changed: list[int] = []
                for done, chunk in enumerate(chunks(wanted, CHUNK)):
                    if cancelled is not None and cancelled():
                        raise TaggingCancelled("Cancelled; no record was changed.")
                    for row in self._load(session, kind, chunk):
                        if self._retag(row, category, adding):
                            kind.derive_columns(row, region)
                            row.modified = utcnow()
                            changed.append(row.id)
                    if progress is not None:
                        progress(min((done + 1) * CHUNK, len(wanted)), len(wanted))
                session.flush()
                self.index.refresh(session, kind.model, changed)  # type: ignore[arg-type]
                return len(changed)
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc

    @staticmethod
    def _category(session: Session, name: str, *, create: bool) -> Category | None:
        if create:
            return pf.categories_for(session, [name])[0]
        key = name.strip().casefold()
        return session.scalars(select(Category).where(Category.key == key)).first()

    @staticmethod
    def _load(session: Session, kind: Kind, ids: Iterable[int]) -> list[Any]:
        """The rows with what a derivation reads loaded in a few queries, not one a row."""
        model: Any = kind.model
        eager = [selectinload(getattr(model, name))
                 for name in ("categories", "phones", "emails", "addresses")
                 if hasattr(model, name)]
        return list(session.scalars(select(model).where(model.id.in_(list(ids)))
                                    .options(*eager)))

    @staticmethod
    def _retag(row: Any, category: Category, adding: bool) -> bool:
        """Add or drop the category on one row; whether that changed it."""
        held = any(c.key == category.key for c in row.categories)
        if adding and not held:
            row.categories.append(category)
            return True
        if not adding and held:
            row.categories = [c for c in row.categories if c.key != category.key]
            return True
        return False

