"""Demo data that looks like a real customer base: each person in their own language, real
national number formats stored as valid E.164, company names as companies have them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import phonenumbers
from sqlalchemy import func, select

from crmdesk.kinds import RecordRef
from crmdesk.models import Account, Address, Contact, Phone
from crmdesk.models.activity import Activity, Participant
from crmdesk.models.base import utcnow
from crmdesk.services import demo, demo_calendar
from crmdesk.services import demo_pools as pools
from crmdesk.services.activities import ActivityService, own_columns
from crmdesk.services.listing import ListQuery

LOCALE_OF = {code: locale for locale, code in pools.COUNTRY.items()}
CITIES = {city for places in pools.PLACES.values() for city, _, _ in places}


def test_people_have_titles_and_notes_in_the_language_of_their_country(services) -> None:
    demo.fill(services, 300)
    seen = set()
    for cid in services.contacts.ids(ListQuery()):
        person = services.contacts.get(cid)
        locale = LOCALE_OF[person.addresses[0].country]
        if person.job_title:
            assert person.job_title in pools.TITLES[locale], (person.job_title, locale)
        assert person.notes in pools.NOTES[locale], (person.notes, locale)
        if person.department:
            assert person.department in pools.DEPARTMENTS[locale]
        seen.add(locale)
    assert seen == {"da", "de", "fr", "en"}


def test_numbers_are_valid_stored_as_e164_and_local_ones_typed_nationally(services) -> None:
    demo.fill(services, 300)  # the tests' region is DK
    with services.db.sessions() as session:
        phones = session.execute(select(Phone.number, Phone.e164)).all()
    assert len(phones) > 400
    for typed, e164 in phones:
        assert phonenumbers.is_valid_number(phonenumbers.parse(e164)), (typed, e164)
    danish = [typed for typed, e164 in phones if e164.startswith("+45")]
    national = [t for t in danish if re.fullmatch(r"\d\d \d\d \d\d \d\d", t)]
    assert len(national) > len(danish) / 2
    german = [typed for typed, e164 in phones if e164.startswith("+49")]
    assert all(re.fullmatch(r"\+49 [1-9]\d{1,3} \d{5,8}", t) for t in german), german[:5]
    assert any(t.startswith("+44 20 ") for t, _ in phones)  # London as people write it


def test_company_names_carry_no_city_or_number(services) -> None:
    demo.fill(services, 2000)
    with services.db.sessions() as session:
        names = session.scalars(select(Account.name)).all()
    assert len(names) == len(set(names)) == 400
    for name in names:
        assert not re.search(r"\d", name), name
        assert not any(name.endswith(" " + city) for city in CITIES), name


# -- the demo calendar --------------------------------------------------------------------
def _in_pools(text: str, *tables: dict[str, object]) -> set[str]:
    """The locales whose pools hold this text."""
    found = set()
    for table in tables:
        for locale, texts in table.items():
            if text in (texts if isinstance(texts, tuple) else (texts,)):
                found.add(locale)
    return found


def _day(services, day: date) -> list:
    zone = services.activities.display_zone()
    start = datetime.combine(day, time(), zone)
    return services.activities.occurrences(start, start + timedelta(days=1))


def test_a_salesperson_opens_the_demo_to_a_full_week_with_meetings_today(services) -> None:
    demo.fill(services, 300)
    today = datetime.now(services.activities.display_zone()).date()
    assert len([o for o in _day(services, today) if o.kind == "appointment"]) >= 3
    monday = today - timedelta(days=today.weekday())
    for n in range(5):
        meetings = [o for o in _day(services, monday + timedelta(days=n))
                    if o.kind == "appointment" and not o.all_day]
        assert len(meetings) >= 3, monday + timedelta(days=n)
    with services.db.sessions() as session:
        zones = set(session.scalars(select(Activity.tzid).where(
            Activity.start_utc >= datetime.combine(monday, time()),
            Activity.start_utc < datetime.combine(monday + timedelta(days=14), time()))))
        all_day = session.scalar(select(func.count()).select_from(Activity).where(
            Activity.all_day.is_(True), Activity.kind == "appointment",
            Activity.start_local >= datetime.combine(monday, time())))
    assert {"America/New_York", "Europe/London"} <= zones
    assert all_day >= 2


def test_the_demo_has_series_with_moved_cancelled_and_skipped_occurrences(services) -> None:
    demo.fill(services, 1000)
    with services.db.sessions() as session:
        rules = session.scalars(select(Activity.rrule).where(Activity.rrule != "")).all()
        changed = session.scalars(select(Activity).where(
            Activity.series_id.is_not(None))).all()
        skipped = session.scalar(select(func.count()).select_from(Activity).where(
            Activity.exdates != ""))
        statuses = {(o.status, o.start_local == o.recurrence_id) for o in changed}
    assert len(rules) == 1000 // demo_calendar.CONTACTS_PER_SERIES
    assert any("WEEKLY" in r for r in rules) and any("MONTHLY" in r for r in rules)
    assert any("COUNT" not in r and "UNTIL" not in r for r in rules)  # never ends
    assert ("open", False) in statuses  # moved
    assert ("cancelled", True) in statuses
    assert skipped
    today = datetime.now(services.activities.display_zone())
    month = services.activities.occurrences(today - timedelta(days=15),
                                            today + timedelta(days=15))
    assert any(o.recurring for o in month)


def test_each_customer_has_a_history_in_their_language(services) -> None:
    demo.fill(services, 300)
    with services.db.sessions() as session:
        rows = session.scalars(select(Activity).where(Activity.regarding_kind == "contact",
                                                      Activity.series_id.is_(None))).all()
        locales = {cid: LOCALE_OF[country] for cid, country in session.execute(
            select(Address.contact_id, Address.country).where(Address.contact_id.is_not(None)))}
        kinds = {r.kind for r in rows}
        assert kinds == {"appointment", "task", "call", "note"}
        calls = [r for r in rows if r.kind == "call" and r.status == "completed"]
        assert calls and all(r.outcome and r.duration_minutes for r in calls)
        assert all(r.outcome in pools.OUTCOMES[locales[r.regarding_id]] for r in calls)
        for r in rows:
            if r.kind in ("call", "note", "task") or r.tzid not in ("America/New_York",
                                                                     "Europe/London"):
                found = _in_pools(r.subject, pools.CALLS, pools.NOTES_LOGGED, pools.MEETINGS,
                                  pools.TASKS, pools.WEEKLY, pools.MONTHLY, pools.ALL_DAY)
                assert locales[r.regarding_id] in found, (r.subject, r.regarding_id)
    now = datetime.now(UTC).replace(tzinfo=None)
    tasks = [r for r in rows if r.kind == "task"]
    assert any(r.status == "completed" and r.completed_utc for r in tasks)
    assert any(r.status == "open" and r.start_utc < now for r in tasks)  # overdue
    assert any(r.status == "open" and r.start_utc > now for r in tasks)
    busiest = max(locales, key=lambda cid: sum(r.regarding_id == cid for r in rows))
    assert len(services.activities.history(RecordRef("contact", busiest))) >= 5


def test_every_demo_activity_regards_a_record_that_exists(services) -> None:
    demo.fill(services, 300)
    with services.db.sessions() as session:
        names = {("contact", i): n for i, n in session.execute(
            select(Contact.id, Contact.display_name))}
        names |= {("account", i): n for i, n in session.execute(
            select(Account.id, Account.display_name))}
        regarded = session.execute(select(Activity.regarding_kind, Activity.regarding_id,
                                          Activity.regarding_name)).all()
        taking_part = session.scalars(select(Participant.contact_id)).all()
    assert len(regarded) > 300
    for kind, rid, name in regarded:
        assert names[(kind, rid)] == name
    assert taking_part and all(("contact", c) in names for c in taking_part)


def test_the_demo_reminds_only_of_what_is_still_to_come(services) -> None:
    """A demo does not open on a pile of reminders for meetings long past."""
    demo.fill(services, 300)
    now = datetime.now(UTC).replace(tzinfo=None)
    with services.db.sessions() as session:
        reminding = session.scalars(select(Activity).where(
            Activity.reminder_minutes.is_not(None))).all()
    assert reminding
    for row in reminding:
        assert row.start_utc > now - timedelta(days=1) or (
            row.reminded_until_utc is not None and row.rrule), row.id


def test_demo_activities_store_the_range_columns_a_save_derives(services) -> None:
    """As ``test_derive`` does for contacts: what the bulk rows hold is what
    ``ActivityService`` derives when the same activity is saved."""
    demo.fill(services, 300)
    with services.db.sessions() as session:
        rows = session.scalars(select(Activity)).all()
        assert len(rows) > 500
        for row in rows:
            saved = own_columns(ActivityService.record_of(row), utcnow())
            assert (row.start_utc, row.last_end_utc, row.long_range) == (
                saved["start_utc"], saved["last_end_utc"], saved["long_range"]), row.id


def test_the_calendar_grows_with_the_demo(services) -> None:
    demo.fill(services, 2000)
    with services.db.sessions() as session:
        total = session.scalar(select(func.count()).select_from(Activity))
    assert 3400 <= total <= 4600  # about two a contact
