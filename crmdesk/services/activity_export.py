"""The activities of a JSON export (``--what activities`` or ``all``): every one, series
before their changed occurrences, as crmdesk's JSON objects (``exporters.activity_json``),
loaded a chunk at a time with their participants and categories."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crmdesk.exporters.activity_json import activity_to_dict
from crmdesk.models.activity import Activity
from crmdesk.services.activities import ActivityService

_CHUNK = 500


def activity_ids(db: Any) -> list[int]:
    """Every activity's id, the series and single ones first (a restore reads them so)."""
    with db.sessions() as session:
        return list(session.scalars(select(Activity.id).order_by(
            Activity.series_id.is_not(None), Activity.id)))


def activity_dicts(db: Any, ids: list[int], tick: Callable[[int], None]
                   ) -> Iterator[dict[str, Any]]:
    """The activities of ``ids`` in that order; ``tick(n)`` after each chunk."""
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        with db.sessions() as session:
            rows = {r.id: r for r in session.scalars(
                select(Activity).where(Activity.id.in_(chunk)).options(
                    selectinload(Activity.participants), selectinload(Activity.categories)))}
            found = [activity_to_dict(ActivityService.record_of(row),
                                      ActivityService.state_of(row))
                     for row in (rows.get(i) for i in chunk) if row is not None]
        yield from found
        tick(len(chunk))
