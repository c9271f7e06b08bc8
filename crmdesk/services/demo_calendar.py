"""The demo's calendar: a salesperson's history with every customer and a busy week ahead.

Each contact gets a history (calls with outcomes, notes, past meetings, tasks done,
open or overdue), over the last five years and some in the weeks to come;
accounts get meetings and notes of their own; two series per hundred contacts
(weekly and monthly, some without end) carry moved, cancelled and skipped
occurrences; and this week and next are full of meetings in the user's zone, some
in New York and London, with all-day events on top.  Texts are in the customer's
language.  About two activities a contact, so 100,000 contacts give some 200,000
activities and 2,000 series.  Rows are written in bulk (``bulk.BulkWriter``), their
range columns derived by ``recurrence.range_columns``, as a save derives them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from typing import NamedTuple

from crmdesk.models.activity import Activity, Participant
from crmdesk.services import demo_pools as pools
from crmdesk.services import recurrence as rec
from crmdesk.services.bulk import BulkWriter
from crmdesk.services.table_rows import ActivityRow, ParticipantRow
from crmdesk.timezones import named

#: How many history items a contact has, and how often (mean about 1.85)
#: (values, cumulative weights: ``random.choices`` adds plain ones up on every call)
_HISTORY = ((0, 1, 2, 3, 5, 8, 15, 30), tuple(accumulate((36, 26, 16, 10, 7, 3, 1.5, 0.5))))
_KINDS = (("call", "note", "appointment", "task"), tuple(accumulate((40, 20, 25, 15))))
#: A series for every this many contacts (at least a few)
CONTACTS_PER_SERIES = 50
_BATCH = 5000
_YEARS_BACK = 5
_WEEKS_AHEAD_DAYS = 42
#: The share of a history that lies ahead: the meetings, calls and tasks planned
_AHEAD = 0.02


@dataclass(frozen=True, slots=True)
class Party:
    """A demo contact or account, as its activities need it."""

    kind: str  # contact, account
    id: int
    name: str
    locale: str
    phone: str = ""
    email: str = ""
    account_id: int | None = None


class _Reminded(NamedTuple):
    """A series whose reminders up to now count as seen: a demo does not open with the
    reminders of every past meeting."""

    id: int
    reminded_until_utc: datetime


_People = Sequence[tuple[str, Party]]


@dataclass
class _Out:
    """Rows waiting to be written.  Single items wait until all are made and are then
    written in the order of their start, as years of use would have written them (a
    month's rows then share pages, which is what a range query reads); a series gets
    its id at once, its changed occurrences point at it."""

    writer: BulkWriter
    pending: list[tuple[ActivityRow, _People]] = field(default_factory=list)
    series: list[ActivityRow] = field(default_factory=list)
    changed: list[ActivityRow] = field(default_factory=list)
    people: list[ParticipantRow] = field(default_factory=list)
    reminded: list[_Reminded] = field(default_factory=list)
    count: int = 0

    def next_id(self) -> int:
        return self.writer.reserve_ids(Activity.__table__, 1)[0]

    def write(self) -> None:
        writer = self.writer
        writer.insert(Activity.__table__, self.series)
        writer.insert(Activity.__table__, self.changed)
        writer.update(Activity.__table__, self.reminded, ("reminded_until_utc",))
        writer.insert(Participant.__table__, self.people)
        self.people.clear()
        self.pending.sort(key=lambda item: item[0].start_utc)
        ids = writer.reserve_ids(Activity.__table__, len(self.pending))
        for first in range(0, len(self.pending), _BATCH):
            rows = []
            for activity_id, (row, people) in zip(ids[first:first + _BATCH],
                                                  self.pending[first:first + _BATCH],
                                                  strict=True):
                rows.append(row._replace(id=activity_id, uid=f"demo-{activity_id}@crmdesk"))
                self.people += _taking_part(activity_id, people)
            writer.insert(Activity.__table__, rows)
            writer.insert(Participant.__table__, self.people)
            self.people.clear()
        self.pending.clear()


def _taking_part(activity_id: int, people: _People) -> list[ParticipantRow]:
    return [ParticipantRow(activity_id, n, role, p.id, None, p.name, p.email)
            for n, (role, p) in enumerate(people) if p.kind == "contact"]


class CalendarMaker:
    """Builds the rows; ``zone_name`` is the user's zone, ``now`` naive UTC."""

    def __init__(self, writer: BulkWriter, rng: random.Random, zone_name: str,
                 now: datetime) -> None:
        self.rng = rng
        self.tzid = zone_name
        self.out = _Out(writer)
        self.now = now
        self.today = now.replace(tzinfo=UTC).astimezone(named(zone_name)).date()
        self.colleagues: dict[int, list[Party]] = {}
        self.made_series = 0

    # -- the whole calendar -----------------------------------------------------------
    def fill(self, contacts: Sequence[Party], accounts: Sequence[Party]) -> int:
        """Write every contact's and account's activities, the series and the weeks
        around today; return how many activities were written."""
        for person in contacts:
            if person.account_id is not None:
                self.colleagues.setdefault(person.account_id, []).append(person)
        rng = self.rng
        values, weights = _HISTORY
        pick = rng.choices
        for person in contacts:
            for _ in range(pick(values, cum_weights=weights)[0]):
                self.history_item(person)
        for company in accounts:
            if rng.random() < 0.5:
                self.history_item(company, kinds=("appointment", "note"))
        for _ in range(max(3, len(contacts) // CONTACTS_PER_SERIES)):
            self.series(rng.choice(contacts) if rng.random() < 0.8 or not accounts
                        else rng.choice(accounts))
        self.weeks_around_today(contacts)
        self.out.write()
        return self.out.count

    # -- one item ---------------------------------------------------------------------
    def _row(self, party: Party, kind: str, start: datetime, end: datetime, *,
             subject: str, tzid: str | None = None, all_day: bool = False, status: str = "open",
             description: str = "", location: str = "", rrule: str = "",
             exdates: Sequence[datetime] = (), priority: int = 0, percent: int = 0,
             completed: datetime | None = None, direction: str = "", phone: str = "",
             minutes: int = 0, outcome: str = "", reminder: int | None = None
             ) -> ActivityRow:
        zone = "" if all_day else (self.tzid if tzid is None else tzid)
        ranged = rec.range_columns(start, end, zone, rrule, (), all_day)
        return ActivityRow(
            0, "", 0, kind, subject, description, location,
            status, all_day, zone, start, end, ranged.start_utc, ranged.last_end_utc,
            ranged.long_range, rrule, "",
            ",".join(rec.stamp(d, all_day) for d in exdates), None, None, priority, percent,
            completed,
            direction, phone, minutes, outcome, reminder, party.kind, party.id, party.name,
            min(self.now, ranged.start_utc), self.now, 1)

    def _add(self, row: ActivityRow, people: _People = ()) -> None:
        """A single item, written with the others in the order of their start."""
        self.out.pending.append((row, people))
        self.out.count += 1

    def _attendees(self, party: Party) -> list[tuple[str, Party]]:
        """The person regarded, and now and then a colleague of theirs."""
        company = party.id if party.kind == "account" else party.account_id
        others = self.colleagues.get(company, []) if company is not None else []
        people = [("required", party)] if party.kind == "contact" else []
        if others and (not people or self.rng.random() < 0.3):
            colleague = self.rng.choice(others)
            if colleague.id != party.id:
                people.append(("optional" if people else "required", colleague))
        return people

    def _past_moment(self) -> datetime:
        """A working-day time in the last five years."""
        back = 1 + int(self.rng.random() * 365 * _YEARS_BACK)
        return self._working(self.today - timedelta(days=back))

    def _future_moment(self) -> datetime:
        """What is planned already: within six weeks."""
        return self._working(self.today + timedelta(days=self.rng.randint(1, _WEEKS_AHEAD_DAYS)))

    def _working(self, day: date) -> datetime:
        if day.weekday() >= 5:
            day -= timedelta(days=day.weekday() - 4)  # the Friday before
        at = self.rng.random() * 36  # quarter hours from 08:00 to 16:45
        return datetime.combine(day, time(8 + int(at) // 4, 15 * (int(at) % 4)))

    def history_item(self, party: Party, kinds: Sequence[str] | None = None) -> None:
        rng = self.rng
        kind = rng.choice(kinds) if kinds else rng.choices(_KINDS[0], cum_weights=_KINDS[1])[0]
        ahead = kind != "note" and rng.random() < _AHEAD
        start = self._future_moment() if ahead else self._past_moment()
        past = not ahead
        locale = party.locale
        if kind == "call":
            minutes = rng.randint(2, 25)
            row = self._row(party, kind, start, start + timedelta(minutes=minutes),
                            subject=rng.choice(pools.CALLS[locale]),
                            status="completed" if past else "open",
                            direction="out" if not past or rng.random() < 0.7 else "in",
                            phone=party.phone, minutes=minutes if past else 0,
                            outcome=rng.choice(pools.OUTCOMES[locale]) if past else "")
            self._add(row, [("called", party)] if party.kind == "contact" else ())
        elif kind == "note":
            self._add(self._row(party, kind, start, start,
                                subject=rng.choice(pools.NOTES_LOGGED[locale])))
        elif kind == "appointment":
            length = timedelta(minutes=rng.choice((30, 45, 60, 60, 90, 120)))
            status = ("open" if ahead else
                      rng.choices(("completed", "cancelled", "open"), (80, 6, 14))[0])
            self._add(self._row(party, kind, start, start + length,
                                subject=rng.choice(pools.MEETINGS[locale]),
                                location=rng.choice(pools.MEETING_PLACES[locale]),
                                status=status, reminder=15 if ahead else None),
                      self._attendees(party))
        else:
            self.task(party, start, done=past and rng.random() < 0.8)

    def task(self, party: Party, due: datetime, *, done: bool) -> None:
        rng = self.rng
        all_day = rng.random() < 0.5
        if all_day:
            due = datetime.combine(due.date(), time())
        end = due + timedelta(days=1) if all_day else due
        completed = (rec.as_utc(due, "" if all_day else self.tzid)
                     - timedelta(hours=rng.randint(1, 72))) if done else None
        future = rec.as_utc(due, self.tzid) > self.now
        self._add(self._row(party, "task", due, end, subject=rng.choice(pools.TASKS[party.locale]),
                            all_day=all_day, status="completed" if done else "open",
                            priority=rng.choice((0, 1, 5, 5, 9)),
                            percent=100 if done else rng.choice((0, 0, 25, 50)),
                            completed=completed,
                            reminder=60 if future and not all_day and rng.random() < 0.3
                            else None))

    # -- series -----------------------------------------------------------------------
    def series(self, party: Party) -> None:
        """A weekly or monthly meeting that began some months ago; some never end, some
        end after a count or on a date; some have a moved, a cancelled or a skipped
        occurrence near today."""
        rng = self.rng
        locale = party.locale
        weekday = rng.randint(0, 4)
        begun = self.today - timedelta(days=rng.randint(14, 1100))
        begun += timedelta(days=(weekday - begun.weekday()) % 7)
        if begun.day > 28:  # a start the monthly rules below also repeat on
            begun -= timedelta(days=7)
        start = datetime.combine(begun, time(rng.choice((8, 9, 10, 13, 14, 15)),
                                             rng.choice((0, 30))))
        day = "MO TU WE TH FR".split()[weekday]
        shape = rng.choices(("weekly", "fortnightly", "by-date", "by-weekday"), (50, 15, 20, 15))[0]
        if shape == "weekly":
            rule, subject = f"FREQ=WEEKLY;BYDAY={day}", pools.WEEKLY[locale]
        elif shape == "fortnightly":
            rule, subject = f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}", pools.WEEKLY[locale]
        elif shape == "by-date":
            rule, subject = f"FREQ=MONTHLY;BYMONTHDAY={start.day}", pools.MONTHLY[locale]
        else:
            nth = (start.day - 1) // 7 + 1
            rule, subject = f"FREQ=MONTHLY;BYDAY={nth}{day}", pools.MONTHLY[locale]
        ends = rng.choices(("never", "count", "until"), (40, 30, 30))[0]
        if ends == "count":
            rule += f";COUNT={rng.randint(10, 60)}"
        elif ends == "until":
            last = start + timedelta(days=rng.randint(60, 500))
            rule += ";UNTIL=" + rec.as_utc(last, self.tzid).strftime("%Y%m%dT%H%M%SZ")
        length = timedelta(minutes=rng.choice((30, 60, 60, 90)))
        near = rec.starts_between(rec.series(start, rule, (), (), self.tzid),
                                  datetime.combine(self.today - timedelta(days=21), time()),
                                  datetime.combine(self.today + timedelta(days=21), time()))
        # every fifth series has one occurrence skipped, one in five one moved, one in
        # ten one cancelled
        self.made_series += 1
        turn = self.made_series % 10
        skipped = [rng.choice(near)] if near and turn in (1, 6) else []
        row = self._row(party, "appointment", start, start + length, subject=subject,
                        location=rng.choice(pools.MEETING_PLACES[locale]), rrule=rule,
                        exdates=skipped, reminder=15 if rng.random() < 0.5 else None)
        series_id = self.out.next_id()
        row = row._replace(id=series_id, uid=f"demo-{series_id}@crmdesk")
        people = self._attendees(party)
        self.out.series.append(row)
        self.out.people += _taking_part(series_id, people)
        self.out.count += 1
        if row.reminder_minutes is not None:
            self.out.reminded.append(_Reminded(row.id, self.now))
        changeable = [s for s in near if s not in skipped]
        if changeable and turn in (2, 3, 7):
            original = rng.choice(changeable)
            if turn != 3:  # moved: a day later, or an hour later the same day
                moved = original + (timedelta(days=1) if original.weekday() < 4
                                    else timedelta(hours=1))
                self._change(row, original, moved, moved + length, "open", people)
            else:
                self._change(row, original, original, original + length, "cancelled", people)

    def _change(self, series: ActivityRow, original: datetime, start: datetime, end: datetime,
                status: str, people: _People) -> None:
        ranged = rec.range_columns(start, end, series.tzid)
        activity_id = self.out.next_id()
        self.out.changed.append(series._replace(
            id=activity_id, status=status, start_local=start, end_local=end,
            start_utc=ranged.start_utc, last_end_utc=ranged.last_end_utc,
            long_range=ranged.long_range, rrule="", exdates="", series_id=series.id,
            recurrence_id=original,
            reminder_minutes=series.reminder_minutes if ranged.start_utc > self.now else None))
        self.out.count += 1
        self.out.people += _taking_part(activity_id, people)

    # -- this week and next -----------------------------------------------------------
    def weeks_around_today(self, contacts: Sequence[Party]) -> None:
        """Three to five meetings on every working day of this week and next (today
        among them, whatever day it is), one in New York and one in London each week,
        and all-day events."""
        rng = self.rng
        monday = self.today - timedelta(days=self.today.weekday())
        days = [monday + timedelta(days=n) for n in (0, 1, 2, 3, 4, 7, 8, 9, 10, 11)]
        if self.today not in days:
            days.append(self.today)
        for day in days:
            hours = sorted(rng.sample((8, 9, 10, 11, 13, 14, 15, 16), rng.randint(3, 5)))
            for hour in hours:
                self.meeting(rng.choice(contacts), datetime.combine(
                    day, time(hour, rng.choice((0, 0, 30)))), self.tzid)
        for week in (monday, monday + timedelta(days=7)):
            for n, (zone, locale, place) in enumerate(pools.ABROAD):
                day = week + timedelta(days=1 + 2 * n)
                self.meeting(rng.choice(contacts), datetime.combine(day, time(10 + 4 * n)),
                             zone, locale=locale, location=place)
            fair = week + timedelta(days=rng.randint(0, 3))
            person = rng.choice(contacts)
            self._add(self._row(person, "appointment", datetime.combine(fair, time()),
                                datetime.combine(fair + timedelta(days=rng.choice((1, 2))),
                                                 time()),
                                subject=rng.choice(pools.ALL_DAY[person.locale]),
                                all_day=True))

    def meeting(self, person: Party, start: datetime, tzid: str, *, locale: str = "",
                location: str = "") -> None:
        rng = self.rng
        end = start + timedelta(minutes=rng.choice((30, 60, 60, 90)))
        future = rec.as_utc(start, tzid) > self.now
        locale = locale or person.locale
        self._add(self._row(person, "appointment", start, end,
                            subject=rng.choice(pools.MEETINGS[locale]),
                            location=location or rng.choice(pools.MEETING_PLACES[locale]),
                            tzid=tzid, status="open" if future else "completed",
                            reminder=15 if future and rng.random() < 0.7 else None),
                  self._attendees(person))
