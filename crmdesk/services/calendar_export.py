"""Exporting every activity to one iCalendar file (``exporters.ics_writer``).

Activities are loaded a chunk at a time, series before their changed occurrences;
a participant who is a contact without an e-mail of their own in the invitation is
written with the contact's main e-mail, so the other calendar can show them.  The
file is written as every export is (``crmdesk.files``: private, atomic).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from crmdesk import files
from crmdesk.exporters.ics_writer import Exported, write_ics
from crmdesk.models import Contact
from crmdesk.models.activity import Activity
from crmdesk.services.activities import ActivityService
from crmdesk.services.database_files import is_database_file

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
_CHUNK = 500
#: years a VTIMEZONE covers after the last start (series without end go on)
_AHEAD = 20


def _zones(db: Any) -> dict[str, tuple[date, date]]:
    """Each zone used by a timed activity, and the days its VTIMEZONE must cover."""
    this_year = datetime.now(UTC).year
    with db.sessions() as session:
        rows = session.execute(
            select(Activity.tzid, func.min(Activity.start_local), func.max(Activity.start_local))
            .where(Activity.all_day.is_(False), Activity.tzid != "", Activity.tzid != "UTC")
            .group_by(Activity.tzid)).all()
    return {tzid: (date(first.year, 1, 1), date(max(last.year, this_year) + _AHEAD, 1, 1))
            for tzid, first, last in rows}


def _items(db: Any, ids: list[int], progress: Progress, cancelled: CancelCheck
           ) -> Iterator[Exported]:
    from crmdesk.services.exporting import ExportCancelled

    total = len(ids)
    for start in range(0, total, _CHUNK):
        if cancelled():
            raise ExportCancelled("Export cancelled; no file was written.")
        chunk = ids[start:start + _CHUNK]
        with db.sessions() as session:
            rows = {r.id: r for r in session.scalars(
                select(Activity).where(Activity.id.in_(chunk)).options(
                    selectinload(Activity.participants), selectinload(Activity.categories)))}
            series_ids = {r.series_id for r in rows.values() if r.series_id is not None}
            series = {sid: (tzid, all_day) for sid, tzid, all_day in session.execute(
                select(Activity.id, Activity.tzid, Activity.all_day)
                .where(Activity.id.in_(series_ids)))} if series_ids else {}
            people = {p.contact_id for r in rows.values() for p in r.participants
                      if p.contact_id is not None and not p.email}
            contacts = {cid: (email, name) for cid, email, name in session.execute(
                select(Contact.id, Contact.main_email, Contact.display_name)
                .where(Contact.id.in_(people)))} if people else {}
            for aid in chunk:
                row = rows.get(aid)
                if row is None:
                    continue
                record = ActivityService.record_of(row)
                if people:
                    record.participants = [
                        replace(p, email=contacts[p.contact_id][0],
                                name=p.name or contacts[p.contact_id][1])
                        if not p.email and p.contact_id in contacts else p
                        for p in record.participants]
                tzid, all_day = series.get(row.series_id, ("", False))
                yield Exported(record, row.created, row.modified, row.completed_utc,
                               tzid, all_day)
        progress(min(start + _CHUNK, total), total)


def export_activities(services: Any, out: str | TextIO, progress: Progress,
                      cancelled: CancelCheck) -> Any:
    """Write every activity as iCalendar to ``out`` (a path, or an open text stream)."""
    from crmdesk.services.exporting import ExportError, ExportResult

    db = services.db
    with db.sessions() as session:
        ids = list(session.scalars(select(Activity.id).order_by(
            Activity.series_id.is_not(None), Activity.id)))
    zones = _zones(db)

    def write(stream: TextIO) -> int:
        return write_ics(_items(db, ids, progress, cancelled), zones, stream)

    if not isinstance(out, str):
        return ExportResult(0, 0, "-", write(out))
    target = Path(out)
    if db.path is not None and is_database_file(target, db.path):
        raise ExportError(f"{target} is crmdesk's own database; choose another file name.")
    try:
        with files.writing_text(target, "utf-8") as stream:
            count = write(stream)
    except files.FileTargetError as exc:
        raise ExportError(str(exc)) from None
    except OSError as exc:
        raise ExportError(files.describe_os_error(exc, target)) from None
    progress(len(ids), len(ids))
    return ExportResult(0, 0, str(target), count)
