"""Activities as iCalendar (RFC 5545), for Outlook, Thunderbird, Google and Apple Calendar.

Appointments are VEVENTs, tasks VTODOs (their time is the DUE), notes VJOURNALs.  A
phone call is a VEVENT marked ``X-CRMDESK-KIND:call`` with its direction, number and
outcome in ``X-CRMDESK-*`` properties: a VJOURNAL has no end, so the call's length would
be lost, and Google and Apple Calendar drop VJOURNALs altogether, while an event shows
the call where it happened and comes back into crmdesk as the call it was.

A zoned time carries its TZID and the file a VTIMEZONE for every zone used (built from
the zone database by ``icalendar``); a zoned series' UNTIL is written in UTC, as RFC 5545
asks.  The lines are written here, folded at 75 octets: building ``icalendar`` objects
for every property cost a second per 10,000 events.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from crmdesk.importers.ics import X_DIRECTION, X_KIND, X_OUTCOME, X_PHONE, X_ROLE, X_STATUS
from crmdesk.records import ActivityKind, ActivityRecord, ActivityStatus

PRODID = "-//crmdesk//crmdesk//EN"
_ROLES = {"organizer": "CHAIR", "required": "REQ-PARTICIPANT", "optional": "OPT-PARTICIPANT",
          "called": "REQ-PARTICIPANT"}
_STATUS = {
    "VEVENT": {ActivityStatus.OPEN: "CONFIRMED", ActivityStatus.COMPLETED: "CONFIRMED",
               ActivityStatus.CANCELLED: "CANCELLED"},
    "VTODO": {ActivityStatus.OPEN: "NEEDS-ACTION", ActivityStatus.COMPLETED: "COMPLETED",
              ActivityStatus.CANCELLED: "CANCELLED"},
    "VJOURNAL": {ActivityStatus.OPEN: "DRAFT", ActivityStatus.COMPLETED: "FINAL",
                 ActivityStatus.CANCELLED: "CANCELLED"},
}
_UNTIL = re.compile(r"UNTIL=(\d{8})(T\d{6})?(Z?)", re.IGNORECASE)


@dataclass(frozen=True)
class Exported:
    """One activity and what the file needs beside the record."""

    record: ActivityRecord
    created: datetime | None = None  # naive UTC
    modified: datetime | None = None
    completed: datetime | None = None
    #: for a changed occurrence: its series' zone and whether that is all-day, which its
    #: RECURRENCE-ID is written in
    series_tzid: str = ""
    series_all_day: bool = False


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """One content line, folded at 75 octets without splitting a character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    out: list[str] = []
    limit = 75
    while data:
        cut = min(limit, len(data))
        while cut < len(data) and (data[cut] & 0xC0) == 0x80:
            cut -= 1
        out.append(data[:cut].decode("utf-8"))
        data = data[cut:]
        limit = 74  # the leading blank of a continuation counts
    return "\r\n ".join(out) + "\r\n"


def _param(value: str) -> str:
    return f'"{value}"' if any(c in value for c in ':;,') else value


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _when(name: str, value: datetime, tzid: str, all_day: bool) -> str:
    if all_day:
        return f"{name};VALUE=DATE:{value:%Y%m%d}"
    if tzid == "UTC":
        return f"{name}:{_stamp(value)}Z"
    if tzid:
        return f"{name};TZID={_param(tzid)}:{_stamp(value)}"
    return f"{name}:{_stamp(value)}"


def _dates(name: str, values: list[datetime], tzid: str, all_day: bool) -> str:
    if all_day:
        return f"{name};VALUE=DATE:" + ",".join(f"{v:%Y%m%d}" for v in values)
    if tzid == "UTC":
        return f"{name}:" + ",".join(_stamp(v) + "Z" for v in values)
    head = f"{name};TZID={_param(tzid)}" if tzid else name
    return f"{head}:" + ",".join(_stamp(v) for v in values)


def rule_in_utc(rule: str, tzid: str, all_day: bool) -> str:
    """The RRULE with its UNTIL as RFC 5545 wants it beside the DTSTART: in UTC for a zoned
    series, a date for an all-day one, wall clock for a floating one."""
    def until(found: re.Match[str]) -> str:
        day, time, z = found[1], found[2], found[3]
        if all_day:
            return f"UNTIL={day}"
        if not time:
            time = "T235959"
        if z or not tzid or tzid == "UTC":
            return f"UNTIL={day}{time}" + ("Z" if z or tzid == "UTC" else "")
        local = datetime.strptime(day + time, "%Y%m%dT%H%M%S").replace(tzinfo=ZoneInfo(tzid))
        return f"UNTIL={_stamp(local.astimezone(UTC))}Z"

    return _UNTIL.sub(until, rule.strip().removeprefix("RRULE:"))


def _utc(moment: datetime) -> str:
    return _stamp(moment) + "Z"


def component(item: Exported, now: datetime) -> list[str]:
    """The unfolded lines of one activity's component."""
    r = item.record
    name = {ActivityKind.TASK: "VTODO", ActivityKind.NOTE: "VJOURNAL"}.get(r.kind, "VEVENT")
    tzid = "" if r.all_day else r.tzid
    lines = [f"BEGIN:{name}", f"UID:{escape(r.uid)}", f"DTSTAMP:{_utc(now)}"]
    if item.created:
        lines.append(f"CREATED:{_utc(item.created)}")
    if item.modified:
        lines.append(f"LAST-MODIFIED:{_utc(item.modified)}")
    lines.append(f"SEQUENCE:{r.sequence}")
    if name == "VTODO":
        lines.append(_when("DUE", r.start, tzid, r.all_day))
    else:
        lines.append(_when("DTSTART", r.start, tzid, r.all_day))
    if name == "VEVENT":
        end = r.end if r.end is not None else (
            r.start + timedelta(days=1) if r.all_day else r.start)
        if r.kind == ActivityKind.CALL and r.duration_minutes and r.end in (None, r.start):
            end = r.start + timedelta(minutes=r.duration_minutes)
        lines.append(_when("DTEND", end, tzid, r.all_day))
    if r.recurrence_id is not None and r.series_id is not None:
        lines.append(_when("RECURRENCE-ID", r.recurrence_id, item.series_tzid,
                           item.series_all_day))
    if r.rrule:
        lines.append("RRULE:" + rule_in_utc(r.rrule, tzid, r.all_day))
    if r.rdates:
        lines.append(_dates("RDATE", r.rdates, tzid, r.all_day))
    if r.exdates:
        lines.append(_dates("EXDATE", r.exdates, tzid, r.all_day))
    lines.append(f"SUMMARY:{escape(r.subject)}")
    if r.description:
        lines.append(f"DESCRIPTION:{escape(r.description)}")
    if r.location:
        lines.append(f"LOCATION:{escape(r.location)}")
    lines.append(f"STATUS:{_STATUS[name][r.status]}")
    if name == "VEVENT" and r.status == ActivityStatus.COMPLETED:  # iCalendar has no word
        lines.append(f"{X_STATUS}:completed")
    if r.categories:
        lines.append("CATEGORIES:" + ",".join(escape(c) for c in r.categories))
    if name == "VTODO":
        if r.priority:
            lines.append(f"PRIORITY:{r.priority}")
        if r.percent_complete:
            lines.append(f"PERCENT-COMPLETE:{r.percent_complete}")
        if item.completed and r.status == ActivityStatus.COMPLETED:
            lines.append(f"COMPLETED:{_utc(item.completed)}")
    if r.kind == ActivityKind.CALL:
        lines.append(f"{X_KIND}:call")
        for prop, value in ((X_DIRECTION, r.direction), (X_PHONE, r.phone_number),
                            (X_OUTCOME, r.outcome)):
            if value:
                lines.append(f"{prop}:{escape(value)}")
    for p in r.participants:
        if not p.email:
            continue
        params = f";CN={_param(p.name)}" if p.name else ""
        if p.role == "organizer":
            lines.append(f"ORGANIZER{params}:mailto:{p.email}")
            continue
        params += f";ROLE={_ROLES.get(p.role, 'REQ-PARTICIPANT')}"
        if p.role == "called":
            params += f";{X_ROLE}=called"
        lines.append(f"ATTENDEE{params}:mailto:{p.email}")
    if r.reminder_minutes is not None and name != "VJOURNAL":
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{escape(r.subject)}",
                  f"TRIGGER:-PT{r.reminder_minutes}M", "END:VALARM"]
    lines.append(f"END:{name}")
    return lines


def vtimezone(tzid: str, first: date, last: date) -> str:
    """The VTIMEZONE block of an IANA zone for the years used, from the zone database."""
    import icalendar

    block = icalendar.Timezone.from_tzinfo(ZoneInfo(tzid), tzid=tzid, first_date=first,
                                           last_date=last)
    return block.to_ical().decode("utf-8")


def write_ics(items: Iterable[Exported], zones: dict[str, tuple[date, date]],
              stream: TextIO, now: datetime | None = None) -> int:
    """Write one VCALENDAR: a VTIMEZONE for each of ``zones`` (name -> the first and last
    day it must cover), then the activities; returns how many were written."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    stream.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
                 f"PRODID:{PRODID}\r\nCALSCALE:GREGORIAN\r\n")
    for tzid, (first, last) in sorted(zones.items()):
        if tzid and tzid != "UTC":
            stream.write(vtimezone(tzid, first, last).replace("\r\n", "\n")
                         .replace("\n", "\r\n"))
    count = 0
    for item in items:
        stream.write("".join(fold(line) for line in component(item, now)))
        count += 1
    stream.write("END:VCALENDAR\r\n")
    return count
