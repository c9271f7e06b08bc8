"""An activity as crmdesk's JSON object, and back: every field of the record as stored.

Times are the stored wall clock in ISO 8601 (``"2026-12-07T09:00:00"``) with the IANA
zone beside them in ``tzid`` (empty: floating); an all-day one has midnights, its end
exclusive.  A series holds its ``rrule`` and its ``rdates`` and ``exdates`` (lists of
such times); a changed occurrence names its series by ``series_id`` and the start it had
there by ``recurrence_id``.  ``regarding`` is ``{"kind", "id"}`` (the id null when the
record was deleted and the activity kept under ``regarding_name``), participants carry
their role and the ids of their contact or account.  The stored state beside the record
(``records.ActivityState``: created, modified, completed, reminders dismissed or
snoozed) comes last.  The trash keeps deleted activities in this form too.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import datetime
from typing import Any

from crmdesk.exporters.json_values import (
    JsonValueError,
    checked_fields,
    day,
    enum,
    plain,
    ref,
)
from crmdesk.records import (
    ActivityKind,
    ActivityRecord,
    ActivityState,
    ActivityStatus,
    ParticipantEntry,
)

_TIMES = ("start", "end", "recurrence_id")
_STATE = tuple(f.name for f in fields(ActivityState) if f.name != "regarding_kind")


def activity_to_dict(record: ActivityRecord, state: ActivityState | None = None
                     ) -> dict[str, Any]:
    state = state or ActivityState()
    data = {name: plain(value) for name, value in asdict(record).items()}
    for name in ("rdates", "exdates"):
        data[name] = [d.isoformat() for d in getattr(record, name)]
    if record.regarding is not None:
        data["regarding"] = record.regarding.as_json()
    elif state.regarding_kind:
        data["regarding"] = {"kind": state.regarding_kind, "id": None}
    for name in _STATE:
        data[name] = plain(getattr(state, name))
    return data


def activity_from_dict(data: Any) -> tuple[ActivityRecord, ActivityState]:
    """The record and its stored state; a JsonValueError sentence for what is not one."""
    values = checked_fields(ActivityRecord, data, "activity")
    values["kind"] = enum(ActivityKind, values.get("kind", "appointment"), "kind")
    values["status"] = enum(ActivityStatus, values.get("status", "open"), "status")
    if values.get("start") is None:
        raise JsonValueError("An activity has a “start”.")
    for name in _TIMES:
        values[name] = day(values.get(name), name, datetime)
    for name in ("rdates", "exdates"):
        values[name] = [day(d, name, datetime) for d in _list(values.get(name), name)]
    values["categories"] = _list(values.get("categories"), "categories")
    if not all(isinstance(c, str) for c in values["categories"]):
        raise JsonValueError("“categories” is a list of names.")
    values["participants"] = [ParticipantEntry(**checked_fields(ParticipantEntry, p,
                                                                "participant"))
                              for p in _list(values.get("participants"), "participants")]
    regarding = values.get("regarding")
    kind = ""
    if isinstance(regarding, dict) and regarding.get("id") is None and isinstance(
            regarding.get("kind"), str) and set(regarding) == {"kind", "id"}:
        kind, values["regarding"] = regarding["kind"], None  # kept under its name
    else:
        values["regarding"] = ref(regarding, "regarding")
    state = ActivityState(**{name: day(data.get(name), name, datetime) for name in _STATE},
                          regarding_kind=kind)
    return ActivityRecord(**values), state


def _list(value: Any, name: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise JsonValueError(f"“{name}” is a list, not {value!r}.")
    return value
