"""iCalendar (RFC 5545) reader: VEVENT, VTODO and VJOURNAL to plain activity records.

Why our own walk over the content lines instead of ``icalendar.Calendar.from_ical``:
that builds a typed object for every property of every component and took 5 s for
a 10,000-event file, the whole budget of an import.  The content lines come from
the same tolerant reader the vCard import uses (``contentline``: unfolding, line
numbers); a line that is no property at all is a badly folded continuation of the
one before.  ``icalendar`` is loaded only for what it does well and is rare: a
custom VTIMEZONE block, and the Windows zone names.

Times keep the zone they were given in (an IANA name), as the activity model
stores them; a Windows name ("Romance Standard Time") or a Mozilla path
("/mozilla.org/20050126_1/Europe/Berlin") is mapped to its IANA name, a custom
VTIMEZONE block to the IANA zone with the same offsets, else the times are
converted to UTC.  Google's ``X-WR-TIMEZONE`` turns the calendar's UTC and
floating times into that zone, as the ``x-wr-timezone`` package does for
``recurring-ical-events``.  One bad component is a :class:`Problem` (or a
:class:`Repair` on what still comes in); it never stops the file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from crmdesk.importers.base import ImportFileError, Problem, Repair
from crmdesk.importers.contentline import (
    BoundedLines,
    ContentLine,
    parse_head,
    physical_lines,
    split_line,
)
from crmdesk.records import ActivityKind, ActivityRecord, ActivityStatus, ParticipantEntry

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 200
_KINDS = {"VEVENT": ActivityKind.APPOINTMENT, "VTODO": ActivityKind.TASK,
          "VJOURNAL": ActivityKind.NOTE}
_STAMP = re.compile(r"(\d{8})(?:T(\d{4})(\d{2})?(Z)?)?")
_DURATION = re.compile(r"([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?")
#: the first part of a zone named by its continent or ocean
_REGIONS = {"Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe",
            "Indian", "Pacific"}
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_ROLES = {"CHAIR": "organizer", "REQ-PARTICIPANT": "required", "OPT-PARTICIPANT": "optional",
          "NON-PARTICIPANT": "optional"}
_STATUS = {"CANCELLED": ActivityStatus.CANCELLED, "COMPLETED": ActivityStatus.COMPLETED}
#: What crmdesk's own export adds to a VEVENT that is a phone call (see exporters.ics_writer)
X_KIND, X_DIRECTION, X_PHONE, X_OUTCOME = (
    "X-CRMDESK-KIND", "X-CRMDESK-DIRECTION", "X-CRMDESK-PHONE", "X-CRMDESK-OUTCOME")
X_ROLE = "X-CRMDESK-ROLE"  # a participant's role iCalendar has no word for ("called")
X_STATUS = "X-CRMDESK-STATUS"  # an appointment that took place ("completed")


@dataclass
class ParsedActivity:
    """A good component and where it started; ``record.participants`` carry the e-mails
    the import matches to contacts."""

    record: ActivityRecord
    line: int
    record_no: int
    repairs: list[Repair] = field(default_factory=list)
    completed_utc: datetime | None = None  # a task's COMPLETED, naive UTC
    recurrence: RecurrenceId | None = None  # a changed occurrence's RECURRENCE-ID
    #: RDATE periods with a length of their own: (start, end) in the record's zone,
    #: which the import stores as changed occurrences
    periods: list[tuple[datetime, datetime]] = field(default_factory=list)


@dataclass(frozen=True)
class RecurrenceId:
    """A RECURRENCE-ID: the wall clock in ``tzid`` ("UTC", or "" if floating), and the
    date or time as the file wrote it (what an all-day series knows it by)."""

    local: datetime
    tzid: str
    written: datetime
    is_date: bool


class _Bad(ValueError):
    """A component that cannot come in; the message is the report's reason."""


@dataclass
class _Component:
    name: str
    line: int
    lines: list[ContentLine] = field(default_factory=list)
    children: list[_Component] = field(default_factory=list)
    _by_name: dict[str, list[ContentLine]] | None = None

    def all(self, name: str) -> list[ContentLine]:
        if self._by_name is None:
            self._by_name = {}
            for cl in self.lines:
                self._by_name.setdefault(cl.name, []).append(cl)
        return self._by_name.get(name, [])

    def first(self, name: str) -> ContentLine | None:
        found = self.all(name)
        return found[0] if found else None

    def text(self, name: str) -> str:
        cl = self.first(name)
        return unescape(_str(cl.value)) if cl is not None else ""


@dataclass
class _Calendar:
    """What the components of one VCALENDAR share: its zones."""

    x_wr_timezone: str = ""
    vtimezones: dict[str, _Component] = field(default_factory=dict)


@dataclass(frozen=True)
class _When:
    """A DATE or DATE-TIME value: wall clock in ``zone`` (an IANA name, "UTC", a tzinfo
    from a custom VTIMEZONE, or None for floating)."""

    local: datetime
    all_day: bool
    zone: str | tzinfo | None
    written: datetime  # as the file has it, before any conversion


def _str(value: bytes) -> str:
    return value.decode("utf-8", errors="replace")


def unescape(text: str) -> str:
    r"""RFC 5545 TEXT: ``\n`` ``\N`` ``\,`` ``\;`` ``\\``."""
    if "\\" not in text:
        return text
    return re.sub(r"\\([nN,;\\:])", lambda m: "\n" if m[1] in "nN" else m[1], text)


def _split_text_list(text: str) -> list[str]:
    """A comma-separated TEXT list (CATEGORIES), escaped commas kept."""
    return [unescape(p).strip() for p in re.split(r"(?<!\\),", text) if p.strip()]


def is_icalendar(first_line: str) -> bool:
    return re.fullmatch(r"[ \t]*begin[ \t]*:[ \t]*vcalendar[\s\x00-\x1f]*", first_line,
                        re.I) is not None


# -- zones ------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _iana(name: str) -> str:
    """The IANA name ``name`` is, or means; "" if none."""
    name = name.strip().strip('"')
    if name.upper() in ("UTC", "Z", "GMT", "ETC/UTC", "ETC/GMT"):
        return "UTC"
    try:
        ZoneInfo(name)
        return name
    except (ZoneInfoNotFoundError, ValueError):
        pass
    windows = _windows_names().get(name)
    if windows:
        return windows
    parts = [p for p in name.split("/") if p]
    for size in (3, 2):  # a Mozilla/KOrganizer path ending in the IANA name
        if len(parts) >= size:
            tail = "/".join(parts[-size:])
            if tail in _zone_names():
                return tail
    return ""


@lru_cache(maxsize=1)
def _windows_names() -> dict[str, str]:
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    return dict(WINDOWS_TO_OLSON)


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def _vtimezone_tz(block: _Component) -> tzinfo | None:
    """The zone a custom VTIMEZONE block defines (built by icalendar), or None."""
    import icalendar

    try:
        parsed = icalendar.Timezone.from_ical(_component_text(block))
        return parsed.to_tz()
    except Exception:  # noqa: BLE001 - a broken block: the caller reports the zone
        return None


def _component_text(block: _Component) -> str:
    out = [f"BEGIN:{block.name}"]
    for cl in block.lines:
        params = "".join(f";{k}={','.join(v)}" for k, v in cl.params.items())
        out.append(f"{cl.name}{params}:{_str(cl.value)}")
    for child in block.children:
        out.append(_component_text(child))
    out.append(f"END:{block.name}")
    return "\r\n".join(out)


@lru_cache(maxsize=256)
def _same_offsets(custom: tzinfo, year: int, hint: str) -> str:
    """The IANA zone whose UTC offsets equal ``custom``'s through ``year`` (and the years
    beside it), preferring one whose name is in the TZID; "" if none does."""
    samples = [datetime(y, m, d, 12, tzinfo=UTC) for y in (year - 1, year, year + 1)
               for m in range(1, 13) for d in (1, 15)]
    wanted = [s.astimezone(custom).utcoffset() for s in samples]
    quick = [0, 6, 12, 18, 30, 42]
    words = {w.casefold() for w in re.split(r"[^A-Za-z]+", hint) if len(w) > 2}
    matches = []
    for name in _zone_names():
        tz = ZoneInfo(name)
        if all(samples[i].astimezone(tz).utcoffset() == wanted[i] for i in quick) and all(
                s.astimezone(tz).utcoffset() == w for s, w in zip(samples, wanted, strict=True)):
            matches.append(name)
    if not matches:
        return ""

    def overlap(name: str) -> int:
        return len(words & {w.casefold() for w in re.split(r"[^A-Za-z]+", name)})

    links = _links()
    named = max(matches, key=lambda n: (overlap(n), n not in links))
    if not overlap(named):  # a zone, not an alias; one of the continents first
        return min(matches, key=lambda n: (n in links, n.split("/")[0] not in _REGIONS, n))
    return links.get(named, named)  # "Eastern" -> US/Eastern -> America/New_York


@lru_cache(maxsize=1)
def _links() -> dict[str, str]:
    """Old and alias names -> the zone they link to, from the zone database's source."""
    from importlib import resources

    try:
        text = resources.files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text("utf-8")
    except (ModuleNotFoundError, OSError):
        return {}
    return {parts[2]: parts[1] for line in text.splitlines()
            if line.startswith("L ") and len(parts := line.split()) == 3}


class _Zones:
    """TZID parameter -> zone, for one calendar (its VTIMEZONE blocks)."""

    def __init__(self, calendar: _Calendar) -> None:
        self.calendar = calendar
        self.custom: dict[str, tzinfo | None] = {}

    def resolve(self, tzid: str, year: int) -> str | tzinfo:
        known = _iana(tzid)
        if known:
            return known
        block = self.calendar.vtimezones.get(tzid)
        located = _iana(block.text("X-LIC-LOCATION")) if block is not None else ""
        if located:  # Evolution and Mozilla name the zone they copied
            return located
        if block is None:
            raise _Bad(f"its time zone “{tzid}” is neither a known zone nor defined in the "
                       "file")
        if tzid not in self.custom:
            self.custom[tzid] = _vtimezone_tz(block)
        custom = self.custom[tzid]
        if custom is None:
            raise _Bad(f"its time zone “{tzid}” is defined in the file in a way that "
                       "cannot be read")
        return _same_offsets(custom, year, tzid) or custom


# -- values -----------------------------------------------------------------------------


def _parse_stamp(text: str) -> tuple[datetime, bool, bool]:
    """(naive value, is a date, is UTC) of a DATE or DATE-TIME."""
    text = text.strip()
    m = _STAMP.fullmatch(text)
    if not m:
        raise ValueError(text)
    d = m[1]
    if m[2] is None:
        return datetime(int(d[:4]), int(d[4:6]), int(d[6:])), True, False
    t = m[2]
    return (datetime(int(d[:4]), int(d[4:6]), int(d[6:]), int(t[:2]), int(t[2:]),
                     int(m[3] or 0)), False, m[4] is not None)


def _duration(text: str) -> timedelta:
    m = _DURATION.fullmatch(text.strip().upper())
    if not m or not any(m.groups()[1:]):
        raise ValueError(text)
    weeks, days, hours, minutes, seconds = (int(g or 0) for g in m.groups()[1:])
    value = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    return -value if m[1] == "-" else value


class _Reader:
    """Turns one component into an activity record, in its calendar's zones."""

    def __init__(self, calendar: _Calendar) -> None:
        self.calendar = calendar
        self.zones = _Zones(calendar)

    def when(self, cl: ContentLine, value: str | None = None) -> _When:
        text = (value if value is not None else _str(cl.value)).strip()
        if "/" in text:  # a PERIOD: its start
            text = text.split("/", 1)[0]
        try:
            local, is_date, utc = _parse_stamp(text)
        except ValueError:
            raise _Bad(f"its {cl.name} “{text}” is not a date or time (line {cl.line})"
                       ) from None
        written = local
        if is_date:
            return _When(local, True, None, written)
        if utc:
            zone: str | tzinfo | None = "UTC"
        elif cl.param("TZID"):
            zone = self.zones.resolve(cl.param("TZID"), local.year)
        else:
            zone = None
        wr = self.calendar.x_wr_timezone
        if wr and (zone is None or zone == "UTC"):
            if zone == "UTC":
                local = local.replace(tzinfo=UTC).astimezone(ZoneInfo(wr)).replace(tzinfo=None)
            zone = wr
        return _When(local, False, zone, written)

    def whens(self, lines: Iterable[ContentLine]) -> list[_When]:
        out = []
        for cl in lines:
            for part in _str(cl.value).split(","):
                if part.strip():
                    out.append(self.when(cl, part))
        return out

    def recurrence(self, comp: _Component) -> RecurrenceId | None:
        cl = comp.first("RECURRENCE-ID")
        if cl is None:
            return None
        w = self.when(cl)
        if w.zone is not None and not isinstance(w.zone, str):  # a custom zone: UTC
            moment = w.local.replace(tzinfo=w.zone).astimezone(UTC).replace(tzinfo=None)
            return RecurrenceId(moment, "UTC", w.written, False)
        return RecurrenceId(w.local, "" if w.zone is None else w.zone, w.written, w.all_day)

    def periods(self, comp: _Component, record: ActivityRecord
                ) -> list[tuple[datetime, datetime]]:
        """The RDATE periods (``start/end`` or ``start/duration``) not as long as the
        series' own occurrences."""
        if record.recurrence_id is not None or record.end is None:
            return []
        length = record.end - record.start
        out = []
        for cl in comp.all("RDATE"):
            for part in _str(cl.value).split(","):
                if "/" not in part:
                    continue
                first, _, last = part.strip().partition("/")
                try:
                    begin = self.placed(cl, first, record)
                    if last[:1] in ("P", "+", "-"):
                        end = begin + _duration(last)
                    else:
                        end = self.placed(cl, last, record)
                except (ValueError, _Bad):
                    continue
                if end - begin != length and end >= begin:
                    out.append((begin, end))
        return out

    def placed(self, cl: ContentLine, text: str, record: ActivityRecord) -> datetime:
        """A value as wall clock in the record's zone."""
        w = self.when(cl, text)
        if w.all_day or record.all_day:
            return w.written.replace(hour=0, minute=0, second=0)
        if w.zone is None or not record.tzid or w.zone == record.tzid:
            return w.local
        source = UTC if w.zone == "UTC" else (
            ZoneInfo(w.zone) if isinstance(w.zone, str) else w.zone)
        target = UTC if record.tzid == "UTC" else ZoneInfo(record.tzid)
        return w.local.replace(tzinfo=source).astimezone(target).replace(tzinfo=None)

    def record(self, comp: _Component) -> tuple[ActivityRecord, list[str]]:
        """The record, and what was mended in it (sentences)."""
        notes: list[str] = []
        kind = _KINDS[comp.name]
        crm_kind = comp.text(X_KIND).lower()
        if comp.name == "VEVENT" and crm_kind == "call":
            kind = ActivityKind.CALL
        start_cl = comp.first("DTSTART")
        due_cl = comp.first("DUE")
        if start_cl is None and kind == ActivityKind.TASK and due_cl is not None:
            start_cl, due_cl = due_cl, None
        if start_cl is None:
            stamp = comp.first("DTSTAMP") or comp.first("CREATED")
            if kind == ActivityKind.APPOINTMENT or stamp is None:
                raise _Bad("it has no start (DTSTART)")
            first = self.when(stamp)
            day = first.local.replace(hour=0, minute=0, second=0)
            start = _When(day, True, None, day)
            notes.append("it has no date of its own; it was given the day it was made "
                         f"({start.local:%Y-%m-%d})")
        else:
            start = self.when(start_cl)
        if kind == ActivityKind.TASK and due_cl is not None:
            start = self.when(due_cl)  # a task's time is its due
        zone = start.zone
        custom = zone is not None and not isinstance(zone, str)
        if custom:
            notes.append("its time zone matches no known zone; its times were converted to "
                         "UTC")

        def place(w: _When) -> datetime:
            """``w`` as wall clock in the record's zone."""
            if start.all_day or w.all_day:
                return w.written.replace(hour=0, minute=0, second=0)
            if w.zone == zone and not custom:
                return w.local
            if w.zone is None or zone is None:
                return w.local
            source = ZoneInfo(w.zone) if isinstance(w.zone, str) and w.zone != "UTC" else (
                UTC if w.zone == "UTC" else w.zone)
            target = UTC if custom or zone == "UTC" else ZoneInfo(str(zone))
            return w.local.replace(tzinfo=source).astimezone(target).replace(tzinfo=None)

        begin = place(start)
        if custom:
            zone = "UTC"
        end = self._end(comp, start, begin, place, notes)
        rec = ActivityRecord(kind=kind, start=begin, end=end, all_day=start.all_day,
                             tzid="" if start.all_day or zone is None else str(zone))
        rec.uid = comp.text("UID").strip()
        rec.subject = comp.text("SUMMARY").strip()
        rec.description = "\n\n".join(unescape(_str(cl.value)) for cl in comp.all("DESCRIPTION"))
        rec.location = comp.text("LOCATION").strip()
        status = comp.text("STATUS").upper().strip()
        rec.status = _STATUS.get(status, ActivityStatus.OPEN)
        if kind == ActivityKind.NOTE and status == "FINAL":
            rec.status = ActivityStatus.COMPLETED
        if comp.text(X_STATUS).lower() == "completed":
            rec.status = ActivityStatus.COMPLETED
        rec.sequence = _int(comp.text("SEQUENCE"))
        rec.categories = list(dict.fromkeys(
            c for cl in comp.all("CATEGORIES") for c in _split_text_list(_str(cl.value))))
        if kind == ActivityKind.TASK:
            rec.priority = max(0, min(9, _int(comp.text("PRIORITY"))))
            rec.percent_complete = max(0, min(100, _int(comp.text("PERCENT-COMPLETE"))))
        if kind == ActivityKind.CALL:
            rec.direction = comp.text(X_DIRECTION).strip()
            rec.phone_number = comp.text(X_PHONE).strip()
            rec.outcome = comp.text(X_OUTCOME).strip()
            rec.duration_minutes = int((_end_or(rec) - rec.start).total_seconds() // 60)
        rid = self.recurrence(comp)
        if rid is not None:  # placed in its series' terms by the import
            rec.recurrence_id = rid.local
        self._recurrence(comp, rec, place, notes)
        rec.reminder_minutes = self._reminder(comp, start, begin, place)
        rec.participants = self._participants(comp)
        if not rec.uid:
            rec.uid = _made_uid(comp)
            notes.append("it has no UID; one was made from its contents, so importing the "
                         "file again finds it")
        return rec, notes

    def _end(self, comp: _Component, start: _When, begin: datetime,
             place: Callable[[_When], datetime], notes: list[str]) -> datetime | None:
        end_cl = comp.first("DTEND") if comp.name == "VEVENT" else None
        duration_cl = comp.first("DURATION")
        if end_cl is not None:
            given = self.when(end_cl)
            end = place(given)
            if start.all_day and given.written.time() != datetime.min.time():
                end += timedelta(days=1)  # an all-day item ending at a time: that day too
        elif duration_cl is not None:
            try:
                end = begin + _duration(_str(duration_cl.value))
            except ValueError:
                notes.append(f"its DURATION “{_str(duration_cl.value)}” cannot be read; it "
                             "was given none")
                end = begin
        elif comp.name != "VEVENT":
            return None
        else:
            end = begin + timedelta(days=1) if start.all_day else begin
        if start.all_day and end.time() != datetime.min.time():  # an end time: that day too
            end = end.replace(hour=0, minute=0, second=0) + timedelta(days=1)
        if start.all_day and end <= begin:
            end = begin + timedelta(days=1)
        if end < begin:
            notes.append(f"it ends ({end:%Y-%m-%d %H:%M}) before it starts "
                         f"({begin:%Y-%m-%d %H:%M}); it was given no length")
            end = begin
        return end

    def _recurrence(self, comp: _Component, rec: ActivityRecord,
                    place: Callable[[_When], datetime], notes: list[str]) -> None:
        """RRULE (as written: the import checks it can be expanded), RDATE and EXDATE."""
        rules = comp.all("RRULE")
        if rules and rec.recurrence_id is None:
            rec.rrule = _str(rules[0].value).strip()
            if len(rules) > 1:
                notes.append("it has more than one RRULE; only the first is kept")
        if rec.recurrence_id is None:
            rec.rdates = sorted({place(w) for w in self.whens(comp.all("RDATE"))})
            rec.exdates = sorted({place(w) for w in self.whens(comp.all("EXDATE"))})

    def _reminder(self, comp: _Component, start: _When, begin: datetime,
                  place: Callable[[_When], datetime]) -> int | None:
        """Minutes before the start of the earliest alarm (an alarm after the start, or
        related to the end, counts as at the start)."""
        best: int | None = None
        for alarm in comp.children:
            if alarm.name != "VALARM":
                continue
            trigger = alarm.first("TRIGGER")
            if trigger is None:
                continue
            text = _str(trigger.value).strip()
            try:
                if trigger.param("VALUE").upper() == "DATE-TIME" or _STAMP.fullmatch(text):
                    before = begin - place(self.when(trigger))
                else:
                    offset = _duration(text)
                    before = -offset if trigger.param("RELATED").upper() != "END" else (
                        timedelta(0))
            except (ValueError, _Bad):
                continue
            minutes = max(0, int(before.total_seconds() // 60))
            best = minutes if best is None else max(best, minutes)
        return best

    @staticmethod
    def _participants(comp: _Component) -> list[ParticipantEntry]:
        out: list[ParticipantEntry] = []
        seen: set[str] = set()
        for cl in comp.lines:
            if cl.name not in ("ORGANIZER", "ATTENDEE"):
                continue
            address = _str(cl.value).strip()
            if address.lower().startswith("mailto:"):
                address = address[7:]
            address = address.strip()
            if "@" not in address:
                address = ""
            name = cl.param("CN").strip()
            key = address.casefold() or name.casefold()
            if not key or key in seen:
                continue
            seen.add(key)
            role = "organizer" if cl.name == "ORGANIZER" else (
                "called" if cl.param(X_ROLE).lower() == "called"
                else _ROLES.get(cl.param("ROLE").upper(), "required"))
            out.append(ParticipantEntry(role=role, name=name, email=address))
        return out


def _end_or(rec: ActivityRecord) -> datetime:
    return rec.end if rec.end is not None else rec.start


def _int(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        return 0


def _made_uid(comp: _Component) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    for cl in comp.lines:
        if cl.name not in ("DTSTAMP", "LAST-MODIFIED", "CREATED"):
            digest.update(cl.name.encode() + b":" + cl.value + b"\n")
    return f"{digest.hexdigest()}@crmdesk-import"


# -- the file ---------------------------------------------------------------------------


_HEADS: dict[bytes, tuple[str, dict[str, list[str]]] | None] = {}


def _head(head: bytes) -> tuple[str, dict[str, list[str]]] | None:
    """``NAME;params`` -> (NAME, params), or None if it is no property name; memoised, as
    a file repeats a few dozen heads."""
    if head in _HEADS:
        return _HEADS[head]
    if len(_HEADS) > 10_000:  # heads with parameters unique to each line (CN=...)
        _HEADS.clear()
    group, name, params = parse_head(head)
    found = _HEADS[head] = (name, params) if not group and _NAME.fullmatch(name) else None
    return found


def content_lines(fh: BoundedLines) -> Iterator[ContentLine]:
    """Unfold the file's lines (a line starting with a blank continues the one before,
    RFC 5545 3.1) into numbered properties; a line that is no ``NAME[;params]:value``
    comes as a ContentLine without a name (a fold that lost its blank)."""
    start = 0
    parts: list[bytes] = []
    for no, line in physical_lines(fh):
        if parts and line[:1] in (b" ", b"\t"):
            parts.append(line[1:])
            continue
        if parts:
            yield _property(start, parts[0] if len(parts) == 1 else b"".join(parts))
        parts = [line] if line.strip() else []
        start = no
    if parts:
        yield _property(start, b"".join(parts))


def _property(line: int, raw: bytes) -> ContentLine:
    split = split_line(raw)
    found = _head(split[0]) if split is not None else None
    if found is None or split is None:
        return ContentLine(line, "", "", {}, raw)
    return ContentLine(line, "", found[0], found[1], split[1])


def _components(lines: Iterable[ContentLine], repairs: list[Repair]
                ) -> Iterator[tuple[_Calendar, _Component] | Problem]:
    """Each VEVENT/VTODO/VJOURNAL with its calendar, as its END is read.  A component using
    a zone not yet defined is held until its calendar ends (VTIMEZONE blocks may follow)."""
    calendar: _Calendar | None = None
    stack: list[_Component] = []
    held: list[_Component] = []
    last: ContentLine | None = None
    for cl in lines:
        if cl.name == "":
            if last is not None and stack:  # a line folded without its leading blank
                last.value += cl.value
                repairs.append(Repair(cl.line, "this line continues the one before without "
                                      "the leading blank folding needs; it was joined to it"))
            continue
        if cl.name == "BEGIN":
            what = _str(cl.value).strip().upper()
            if what == "VCALENDAR":
                calendar = _Calendar()
                stack = []
            else:
                stack.append(_Component(what, cl.line))
            last = None
            continue
        if cl.name == "END":
            what = _str(cl.value).strip().upper()
            if what == "VCALENDAR" or not stack:
                if what == "VCALENDAR" and calendar is not None:
                    for comp in held:
                        yield calendar, comp
                held = []
                stack = []
                continue
            done = stack.pop()
            if stack:
                stack[-1].children.append(done)
            elif calendar is not None:
                if done.name == "VTIMEZONE":
                    tzid = done.text("TZID")
                    if tzid:
                        calendar.vtimezones[tzid] = done
                elif done.name in _KINDS and _zones_unknown(done, calendar):
                    held.append(done)
                elif done.name in _KINDS:
                    yield calendar, done
            last = None
            continue
        if stack:
            stack[-1].lines.append(cl)
            last = cl
        elif calendar is not None and cl.name == "X-WR-TIMEZONE":
            name = _iana(_str(cl.value))
            calendar.x_wr_timezone = "" if name == "UTC" else name
    if calendar is not None:  # a file cut off before END:VCALENDAR
        for comp in held:
            yield calendar, comp
    for comp in stack:
        if comp.name in _KINDS:
            yield Problem(comp.line, f"the {comp.name} that begins here is cut off (the file "
                          "ends before its END line); it was not imported")


def _zones_unknown(comp: _Component, calendar: _Calendar) -> bool:
    """Whether ``comp`` names a zone that is neither known nor (yet) defined in the file."""
    for cl in comp.lines:
        tzid = cl.param("TZID")
        if tzid and tzid not in calendar.vtimezones and not _iana(tzid):
            return True
    return False


def read_ics(path: str | Path, on_progress: Progress | None = None
             ) -> Iterator[ParsedActivity | Problem]:
    """Every event, task and journal entry of ``path`` (a Problem for each bad one).

    Raises only :class:`ImportFileError`, for a file that cannot be read at all."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed in the finally below
    except OSError as exc:
        raise ImportFileError(path, f"the file cannot be opened ({exc.strerror or exc})"
                              ) from None
    try:
        fh.seek(0, 2)
        total = fh.tell()
        fh.seek(0)
        if fh.read(3) != b"\xef\xbb\xbf":
            fh.seek(0)
        bounded = BoundedLines(fh)
        repairs: list[Repair] = []
        readers: dict[int, _Reader] = {}
        record_no = 0
        for found in _components(content_lines(bounded), repairs):
            yield from bounded.problems()
            if isinstance(found, Problem):
                yield found
                continue
            calendar, comp = found
            record_no += 1
            reader = readers.setdefault(id(calendar), _Reader(calendar))
            yield _one(reader, comp, record_no, repairs)
            repairs = []
            if on_progress is not None and record_no % PROGRESS_EVERY == 0:
                on_progress(fh.tell(), total)
        yield from bounded.problems()
        if on_progress is not None:
            on_progress(total, total)
    finally:
        fh.close()


def _one(reader: _Reader, comp: _Component, record_no: int, repairs: list[Repair]
         ) -> ParsedActivity | Problem:
    what = {"VEVENT": "event", "VTODO": "task", "VJOURNAL": "journal entry"}[comp.name]
    try:
        record, notes = reader.record(comp)
    except _Bad as exc:
        subject = comp.text("SUMMARY").strip()
        named = f" “{subject}”" if subject else ""
        return Problem(comp.line, f"the {what}{named} was not imported: {exc}", record_no)
    mended = [Repair(r.line, r.reason, record_no) for r in repairs]
    mended += [Repair(comp.line, f"the {what} “{record.subject}”: {n}", record_no)
               for n in notes]
    return ParsedActivity(record, comp.line, record_no, mended, _completed(reader, comp),
                          reader.recurrence(comp), reader.periods(comp, record))


def _completed(reader: _Reader, comp: _Component) -> datetime | None:
    cl = comp.first("COMPLETED")
    if cl is None:
        return None
    try:
        when = reader.when(cl)
    except _Bad:
        return None
    if when.all_day or when.zone is None:
        return when.local
    zone = UTC if when.zone == "UTC" else (
        ZoneInfo(when.zone) if isinstance(when.zone, str) else when.zone)
    return when.local.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)
