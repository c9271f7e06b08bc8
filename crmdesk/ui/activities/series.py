"""Opening, moving and deleting one occurrence of a series: the question Outlook and
Thunderbird ask ("this occurrence", "this and following", "the whole series"), and the
service call each answer means.

Every view that shows occurrences (the calendar, the Today page, a history) opens and
changes them through these functions, so the question reads the same everywhere.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from enum import Enum

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from crmdesk.records import ActivityRecord
from crmdesk.services.activities import ActivityError, Occurrence
from crmdesk.services.errors import GoneError, NotFoundError, StaleEditError, StorageError
from crmdesk.services.recurrence import RecurrenceError, zone
from crmdesk.services.wiring import Services
from crmdesk.timezones import ZoneError
from crmdesk.ui.messages import Messages


class Scope(Enum):
    THIS = 0
    FOLLOWING = 1
    SERIES = 2


def _tr(text: str) -> str:
    return QCoreApplication.translate("Series", text)


def ask_scope(parent: QWidget | None, messages: Messages, subject: str,
              doing: str) -> Scope | None:
    """Which occurrences a change (``doing``: "open", "move", "delete") is for; None if
    the user cancelled."""
    questions = {
        "open": _tr("“%1” repeats. Open this occurrence, this and the following ones, or "
                    "the whole series?"),
        "move": _tr("“%1” repeats. Move only this occurrence, or change this and the "
                    "following ones, or the whole series?"),
        "delete": _tr("“%1” repeats. Delete only this occurrence, this and the following "
                      "ones, or the whole series?"),
    }
    answer = messages.choose(parent, _tr("Repeating item"),
                             questions[doing].replace("%1", subject or _tr("This item")),
                             [_tr("This occurrence"), _tr("This and following"),
                              _tr("The whole series")])
    return None if answer < 0 else Scope(answer)


def series_time(services: Services, series: ActivityRecord, moment: datetime | date
                ) -> datetime:
    """An occurrence's start as shown (aware in the display zone, or a date) in the series'
    own wall-clock time, as the service keys occurrences."""
    if not isinstance(moment, datetime):
        return datetime.combine(moment, time())
    where = zone(series.tzid) if series.tzid else services.activities.display_zone()
    return moment.astimezone(where).replace(tzinfo=None)


def record_for(services: Services, occurrence: Occurrence, scope: Scope | None
               ) -> ActivityRecord:
    """What a dialog edits for this occurrence and answer: the single item, the
    occurrence's own copy (keyed by its original start), or the series (for "this and
    following", placed at this occurrence and ending as the series did)."""
    if not occurrence.recurring or occurrence.series_id is None or scope is None:
        return services.activities.get(occurrence.activity_id)
    series = services.activities.get(occurrence.series_id)
    assert occurrence.recurrence_id is not None
    rid = series_time(services, series, occurrence.recurrence_id)
    if scope == Scope.THIS:
        return services.activities.occurrence_record(occurrence.series_id, rid)
    if scope == Scope.FOLLOWING:
        length = (series.end - series.start) if series.end is not None else timedelta(0)
        return replace(series, start=rid, end=rid + length if series.end else None)
    return series


def open_occurrence(services: Services, occurrence: Occurrence, parent: QWidget | None,
                    messages: Messages) -> ActivityRecord | None:
    """Double-click on an occurrence: ask which ones (for a series), open the dialog, and
    return what it stored (None when nothing was)."""
    from crmdesk.ui.activities.activity_dialog import ActivityDialog

    scope = None
    if occurrence.recurring:
        scope = ask_scope(parent, messages, occurrence.subject, "open")
        if scope is None:
            return None
    try:
        record = record_for(services, occurrence, scope)
    except (NotFoundError, StorageError) as exc:
        messages.error(parent, _tr("Not opened"), str(exc))
        return None
    dialog = ActivityDialog(services, record, parent, messages,
                            following=scope == Scope.FOLLOWING)
    if not dialog.exec():
        return None
    return dialog.saved_record


def move_occurrence(services: Services, occurrence: Occurrence, start: datetime | date,
                    end: datetime | date, parent: QWidget | None, messages: Messages) -> bool:
    """A drag in the calendar: the occurrence now runs ``start``-``end`` (as shown: aware
    in the display zone, or dates); for a series, as the user answers, only it moves (an
    exception), or this and the following ones, or the whole series, by the same shift."""
    scope = None
    if occurrence.recurring:
        scope = ask_scope(parent, messages, occurrence.subject, "move")
        if scope is None:
            return False
    try:
        record = record_for(services, occurrence, scope)
        new_start = series_time(services, record, start)
        new_end = series_time(services, record, end)
        if scope in (Scope.FOLLOWING, Scope.SERIES):
            new_start = record.start + (new_start
                                        - series_time(services, record, occurrence.start))
            new_end = new_start + (series_time(services, record, end)
                                   - series_time(services, record, start))
        record = replace(record, start=new_start,
                         end=new_end if record.end is not None else None)
        _store(services, occurrence, record, scope)
    except (GoneError, NotFoundError, StaleEditError, StorageError, ActivityError,
            RecurrenceError, ZoneError) as exc:
        messages.error(parent, _tr("Not moved"), str(exc))
        return False
    return True


def _store(services: Services, occurrence: Occurrence, record: ActivityRecord,
           scope: Scope | None) -> ActivityRecord:
    activities = services.activities
    if scope == Scope.THIS:
        assert record.series_id is not None and record.recurrence_id is not None
        return activities.change_occurrence(record.series_id, record.recurrence_id, record)
    if scope == Scope.FOLLOWING:
        assert occurrence.series_id is not None and occurrence.recurrence_id is not None
        series = activities.get(occurrence.series_id)
        rid = series_time(services, series, occurrence.recurrence_id)
        return activities.split_series(occurrence.series_id, rid, record)
    return activities.save(record)


def delete_occurrence(services: Services, occurrence: Occurrence, parent: QWidget | None,
                      messages: Messages) -> bool:
    """Delete an item; for a series, as the user answers: skip this occurrence (an
    EXDATE), end the series before it, or delete it all."""
    activities = services.activities
    try:
        if not occurrence.recurring or occurrence.series_id is None:
            if not messages.confirm(parent, _tr("Delete"), _tr("Delete “%1”?").replace(
                    "%1", occurrence.subject or _tr("this item")), _tr("Delete")):
                return False
            activities.delete([occurrence.activity_id])
            return True
        scope = ask_scope(parent, messages, occurrence.subject, "delete")
        if scope is None:
            return False
        series = activities.get(occurrence.series_id)
        assert occurrence.recurrence_id is not None
        rid = series_time(services, series, occurrence.recurrence_id)
        if scope == Scope.THIS:
            activities.skip_occurrence(occurrence.series_id, rid)
        elif scope == Scope.FOLLOWING:
            activities.end_series(occurrence.series_id, rid)
        else:
            activities.delete([occurrence.series_id])
    except (GoneError, NotFoundError, StaleEditError, StorageError, ActivityError,
            RecurrenceError, ZoneError) as exc:
        messages.error(parent, _tr("Not deleted"), str(exc))
        return False
    return True
