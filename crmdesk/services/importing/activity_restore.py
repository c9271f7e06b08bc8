"""Restoring the activities of crmdesk's own JSON, after every record they can regard.

Each activity keeps its id where no row holds it, else gets a new one; what it regards
(a contact, an account, a lead or an opportunity), its participants and, for a changed
occurrence, its series are mapped through what the import restored.  A reference to a
record that is neither in the file nor restored is let go (the activity stays in the
history under the name it shows, as when the record is deleted); a changed occurrence
whose series did not come in is reported and left out.  One stored with the same UID,
RECURRENCE-ID and creation time is the same activity, restored before: it is left as it
is, so a second restore creates nothing.  Rows are written in bulk
(``bulk.BulkWriter``) with the columns a save stores (``activities.own_columns``, whose
range columns come from ``recurrence.range_columns``), and the state the file kept
beside them (created, modified, completed, reminders dismissed or snoozed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select

from crmdesk.kinds.registry import BY_NAME
from crmdesk.models.activity import Activity, Participant, activity_category
from crmdesk.records import ActivityRecord, ActivityState
from crmdesk.services.activities import new_uid, own_columns
from crmdesk.services.bulk import BulkWriter, chunks
from crmdesk.services.table_rows import ActivityCategoryRow, ActivityRow, ParticipantRow

_CHUNK = 500

CategoryIds = Callable[[Iterable[str]], list[tuple[int, str]]]


class Maps(Protocol):
    """File id -> stored id of the records the import restored (``sales._Maps``)."""

    contact: dict[int, int]
    account: dict[int, int]

    def find(self, kind: str, file_id: int) -> int | None: ...


@dataclass
class _Candidate:
    pending: Any
    record: ActivityRecord
    state: ActivityState
    id: int = 0


class ActivityRestore:
    """The activities of one restore: :meth:`write` them once every map is known."""

    def __init__(self, writer: BulkWriter, now: datetime, category_ids: CategoryIds,
                 service: Any, problem: Callable[[Any, str], None],
                 restored: Callable[[str], None]) -> None:
        self.writer = writer
        self.session = writer.session
        self.now = now
        self.category_ids = category_ids
        self.service = service  # ActivityService: what a save checks
        self.problem = problem
        self.restored = restored
        #: file id -> stored id, of the activities restored now or before
        self.ids: dict[int, int] = {}
        #: the ids of the activities this restore created
        self.created: list[int] = []

    def write(self, items: list[Any], maps: Maps) -> None:
        parsed = [_Candidate(p, *p.item.record) for p in items]
        stored = self._stored({c.record.uid for c in parsed if c.record.uid})
        series = [c for c in parsed if c.record.series_id is None]
        changed = [c for c in parsed if c.record.series_id is not None]
        new_series = [c for c in series if self._new(c, stored)]
        uids = {c.record.id: c.record.uid for c in new_series if c.record.id is not None}
        new_changed = [c for c in changed if self._new(c, stored, uids)]
        self._give_ids(new_series + new_changed)
        for group in (new_series, new_changed):
            for start in range(0, len(group), _CHUNK):
                self._insert(group[start:start + _CHUNK], maps)

    # -- which to write ------------------------------------------------------------------
    def _new(self, c: _Candidate, stored: dict[tuple[str, datetime | None, datetime], int],
             uids: dict[int, str] | None = None) -> bool:
        """Whether ``c`` is to be written: it is an activity crmdesk can store, not
        restored before, and (a changed occurrence) its series is here."""
        record = c.record
        reason = self._wrong(record, c.state)
        if reason is None and record.series_id is not None:
            if record.recurrence_id is None:
                reason = "a changed occurrence has a “recurrence_id”, the start it had"
            elif record.series_id not in self.ids and record.series_id not in (uids or {}):
                reason = (f"its series ({record.series_id}) is not in the file or was not "
                          "imported")
        if reason is not None:
            self.problem(c.pending, reason)
            return False
        if not record.uid:
            c.record = record = replace(record, uid=(uids or {}).get(
                record.series_id or -1) or new_uid())
        held = stored.get((record.uid, record.recurrence_id, c.state.created or self.now))
        if held is not None:
            if record.id is not None:
                self.ids[record.id] = held
            return False
        return True

    def _wrong(self, record: ActivityRecord, state: ActivityState) -> str | None:
        """Why the record cannot be stored as it is, in the words a save would use."""
        try:
            self.service.check(record)
        except ValueError as exc:
            return str(exc).rstrip(".")
        if state.regarding_kind and state.regarding_kind not in BY_NAME:
            return f"an activity cannot regard a {state.regarding_kind}"
        return None

    def _stored(self, uids: set[str]) -> dict[tuple[str, datetime | None, datetime], int]:
        found: dict[tuple[str, datetime | None, datetime], int] = {}
        for chunk in chunks(uids):
            for aid, uid, rid, created in self.session.execute(
                    select(Activity.id, Activity.uid, Activity.recurrence_id, Activity.created)
                    .where(Activity.uid.in_(chunk))):
                found.setdefault((uid, rid, created), aid)
        return found

    def _give_ids(self, new: list[_Candidate]) -> None:
        """Each its file's id where no row holds it (and no other of the file took it),
        else one the database hands out."""
        wanted = [c.record.id for c in new if c.record.id is not None]
        held: set[int] = set()
        for chunk in chunks(set(wanted)):
            held.update(self.session.scalars(select(Activity.id).where(Activity.id.in_(chunk))))
        kept: set[int] = set()
        renumbered: list[_Candidate] = []
        for c in new:
            if c.record.id is not None and c.record.id not in held | kept:
                c.id = c.record.id
                kept.add(c.id)
            else:
                renumbered.append(c)
        free: list[int] = []
        for c in renumbered:
            while not free:
                free = [i for i in self.writer.reserve_ids(Activity.__table__, len(renumbered))
                        if i not in kept][::-1]
            c.id = free.pop()
        for c in new:
            if c.record.id is not None:
                self.ids.setdefault(c.record.id, c.id)

    # -- writing -------------------------------------------------------------------------
    def _insert(self, group: list[_Candidate], maps: Maps) -> None:
        rows: list[ActivityRow] = []
        participants: list[ParticipantRow] = []
        links: list[ActivityCategoryRow] = []
        for c in group:
            record, state = c.record, c.state
            if record.series_id is not None:
                record = replace(record, series_id=self.ids[record.series_id])
            kind, regarded = ((record.regarding.kind, maps.find(record.regarding.kind,
                                                           record.regarding.id))
                              if record.regarding is not None else (state.regarding_kind, None))
            created = state.created or self.now
            rows.append(ActivityRow(
                id=c.id, reminder_minutes=record.reminder_minutes, regarding_kind=kind,
                regarding_id=regarded, regarding_name=record.regarding_name.strip(),
                created=created, modified=state.modified or created,
                version=record.version or 1, reminded_until_utc=state.reminded_until_utc,
                snoozed_until_utc=state.snoozed_until_utc,
                **own_columns(record, state.completed_utc or self.now)))
            participants += [
                ParticipantRow(c.id, i, p.role, maps.contact.get(p.contact_id or -1),
                               maps.account.get(p.account_id or -1), p.name.strip(),
                               p.email.strip()) for i, p in enumerate(record.participants)]
            links += [ActivityCategoryRow(c.id, cid)
                      for cid, _ in self.category_ids(record.categories)]
            self.created.append(c.id)
            self.restored("activity")
        self.writer.insert(Activity.__table__, rows)
        self.writer.insert(Participant.__table__, participants)
        self.writer.insert(activity_category, links)
