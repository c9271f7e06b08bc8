"""A salesperson deletes a customer by mistake and takes it back: the calls, meetings and
notes that regarded the customer are theirs again, whether they stayed in the history
under the customer's name or went into the trash with the customer."""

from __future__ import annotations

from datetime import datetime

from crmdesk.kinds import RecordRef
from crmdesk.records import AccountRecord, ActivityKind, ActivityRecord, ParticipantEntry


def call_about(ref: RecordRef, subject: str = "Asked for a quote", **changes) -> ActivityRecord:
    fields = dict(kind=ActivityKind.CALL, subject=subject, start=datetime(2026, 12, 1, 10),
                  direction="out", phone_number="+45 33 12 34 56", duration_minutes=7,
                  regarding=ref, categories=["Sales"])
    fields.update(changes)
    return ActivityRecord(**fields)


def history_subjects(services, ref: RecordRef) -> list[str]:
    return [o.subject for o in services.activities.history(ref)]


def test_kept_activities_regard_the_contact_again_after_undo_delete(services,
                                                                    contact_factory) -> None:
    anna = services.contacts.save(contact_factory("Anna", "Berg"))
    ref = RecordRef("contact", anna.id)
    call = services.activities.save(call_about(
        ref, participants=[ParticipantEntry("called", contact_id=anna.id, name="Anna Berg")]))
    deletion = services.contacts.discard([anna.id])
    assert services.activities.get(call.id).regarding is None

    restored, = services.trash.restore_batch(deletion.batch)

    back = services.activities.get(call.id)
    assert back.regarding == RecordRef("contact", restored.new_id)
    assert back.participants[0].contact_id == restored.new_id
    assert history_subjects(services, RecordRef("contact", restored.new_id)) == [
        "Asked for a quote"]


def test_a_kept_activity_given_to_someone_else_meanwhile_stays_theirs(services,
                                                                      contact_factory) -> None:
    anna = services.contacts.save(contact_factory("Anna", "Berg"))
    bo = services.contacts.save(contact_factory("Bo", "Holm"))
    call = services.activities.save(call_about(RecordRef("contact", anna.id)))
    deletion = services.contacts.discard([anna.id])
    moved = services.activities.get(call.id)
    moved.regarding = RecordRef("contact", bo.id)
    services.activities.save(moved)

    services.trash.restore_batch(deletion.batch)

    assert services.activities.get(call.id).regarding == RecordRef("contact", bo.id)


def test_activities_deleted_with_the_contact_come_back_with_it(services,
                                                               contact_factory) -> None:
    anna = services.contacts.save(contact_factory("Anna", "Berg"))
    ref = RecordRef("contact", anna.id)
    services.activities.save(call_about(ref))
    weekly = services.activities.save(ActivityRecord(
        subject="Weekly check-in", start=datetime(2026, 12, 7, 9),
        end=datetime(2026, 12, 7, 10), tzid="Europe/Copenhagen", rrule="FREQ=WEEKLY",
        regarding=ref, reminder_minutes=15))
    moved = services.activities.occurrence_record(weekly.id, datetime(2026, 12, 14, 9))
    moved.subject = "Check-in, moved"
    services.activities.change_occurrence(weekly.id, datetime(2026, 12, 14, 9), moved)
    deletion = services.contacts.discard([anna.id], with_activities=True)
    assert services.activities.regarding_count("contact", [anna.id]) == 0
    assert history_subjects(services, ref) == []

    restored, = services.trash.restore_batch(deletion.batch)

    back = RecordRef("contact", restored.new_id)
    assert history_subjects(services, back) == ["Weekly check-in", "Asked for a quote"]
    series = next(o for o in services.activities.history(back) if o.recurring)
    again = services.activities.get(series.activity_id)
    assert (again.rrule, again.tzid, again.reminder_minutes) == (
        "FREQ=WEEKLY", "Europe/Copenhagen", 15)
    call = next(o for o in services.activities.history(back) if o.kind == "call")
    assert services.activities.get(call.activity_id).categories == ["Sales"]
    assert services.activities.occurrence_record(
        series.activity_id, datetime(2026, 12, 14, 9)).subject == "Check-in, moved"


def test_an_account_deleted_with_its_activities_gets_them_back(services) -> None:
    acme = services.accounts.save(AccountRecord(name="Acme ApS"))
    ref = RecordRef("account", acme.id)
    services.activities.save(call_about(ref, "Renewal talk"))
    services.activities.save(ActivityRecord(
        kind=ActivityKind.NOTE, subject="Prefers invoices by post",
        start=datetime(2026, 11, 3, 12), regarding=ref))
    deletion = services.accounts.discard([acme.id], with_activities=True)
    assert services.activities.regarding_count("account", [acme.id]) == 0

    restored, = services.trash.restore_batch(deletion.batch)

    assert history_subjects(services, RecordRef("account", restored.new_id)) == [
        "Renewal talk", "Prefers invoices by post"]
    assert restored.new_id == acme.id
