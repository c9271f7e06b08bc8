"""A customer calls with a problem: the case gets a ticket number, is worked on, resolved
and reopened; each change is one transaction that refuses what it must with one sentence.
The lists people use find it: my open cases by priority, those past their follow-up."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from crmdesk.kinds import RecordRef
from crmdesk.models import Case
from crmdesk.records import (
    AccountRecord,
    CasePriority,
    CaseRecord,
    CaseStatus,
    CaseSubjectRecord,
    CaseType,
)
from crmdesk.services.errors import ServiceError
from crmdesk.services.listing import ListQuery
from crmdesk.services.validation import ValidationError


def printer_case(services, customer: RecordRef, **fields) -> CaseRecord:
    values = dict(title="Printer jams on every second page", customer=customer,
                  case_type=CaseType.PROBLEM, priority=CasePriority.HIGH,
                  product="LaserJet 4000", serial_number="SN-44-1029")
    values.update(fields)
    return services.cases.save(CaseRecord(**values))


@pytest.fixture
def customer(services) -> RecordRef:
    account = services.accounts.save(AccountRecord(name="Bager Hansen ApS"))
    return RecordRef("account", account.id)


def test_a_new_case_gets_the_next_readable_ticket_number(services, customer) -> None:
    first = printer_case(services, customer)
    second = printer_case(services, customer, title="Toner smears")
    year = date.today().year
    assert first.ticket_number == f"CAS-{year}-00001"
    assert second.ticket_number == f"CAS-{year}-00002"
    assert first.customer_name == "Bager Hansen ApS" and first.status == CaseStatus.NEW
    assert first.owner  # the user's
    # found by its number, whole or by its counter, and by the serial number
    for text in (f"CAS-{year}-00002", "2", "SN-44-1029"):
        hits = list(services.cases.ids(ListQuery(text=text)))
        assert (second.id in hits), text


def test_a_deleted_cases_number_is_never_handed_out_again(services, customer) -> None:
    first = printer_case(services, customer)
    services.cases.discard([first.id])
    again = printer_case(services, customer)
    assert again.ticket_number.endswith("-00002")
    restored = services.trash.restore_batch(services.trash.entries()[0].batch)
    assert [r.kind for r in restored] == ["case"]
    assert services.cases.get(restored[0].new_id).ticket_number == first.ticket_number
    assert printer_case(services, customer).ticket_number.endswith("-00003")


def test_resolve_reopen_and_cancel(services, customer) -> None:
    case = printer_case(services, customer)
    with pytest.raises(ServiceError, match="Say how the case was resolved"):
        services.cases.resolve(case.id, "  ")
    resolved = services.cases.resolve(case.id, "Replaced the fuser unit.", by="Mette")
    assert (resolved.status, resolved.resolution, resolved.resolved_by) == (
        CaseStatus.RESOLVED, "Replaced the fuser unit.", "Mette")
    assert resolved.resolved_at is not None
    with pytest.raises(ServiceError, match="resolved already; reopen it first"):
        services.cases.resolve(case.id, "Again")
    with pytest.raises(ServiceError, match="own command"):  # not by editing the status
        services.cases.save(CaseRecord(**{**resolved.__dict__, "status": CaseStatus.NEW}))
    reopened = services.cases.reopen(case.id)
    assert (reopened.status, reopened.resolution, reopened.resolved_at) == (
        CaseStatus.IN_PROGRESS, "", None)
    with pytest.raises(ServiceError, match="is open already"):
        services.cases.reopen(case.id)
    cancelled = services.cases.cancel(case.id, "Customer bought a new printer")
    assert cancelled.status == CaseStatus.CANCELLED
    assert cancelled.resolution == "Customer bought a new printer"


def test_a_case_needs_a_title_and_a_customer_that_exists(services, customer) -> None:
    with pytest.raises(ValidationError, match="Enter a title"):
        services.cases.save(CaseRecord(customer=customer))
    with pytest.raises(ServiceError, match="There is no contact 999"):
        services.cases.save(CaseRecord(title="x", customer=RecordRef("contact", 999)))
    with pytest.raises(ServiceError, match="A new case is open"):
        services.cases.save(CaseRecord(title="x", status=CaseStatus.RESOLVED))
    with services.db.sessions() as session:
        assert session.query(Case).count() == 0  # nothing half-made, no number lost


def test_the_lists_people_use(services, customer) -> None:
    today = date.today()
    urgent = printer_case(services, customer, priority=CasePriority.URGENT,
                          follow_up=today - timedelta(days=1))
    low = printer_case(services, customer, priority=CasePriority.LOW, owner="someone else",
                       follow_up=today + timedelta(days=3))
    done = printer_case(services, customer, priority=CasePriority.URGENT)
    services.cases.resolve(done.id, "Fixed")

    def listed(*filters: str, sort: str = "priority") -> list[int]:
        return list(services.cases.ids(ListQuery(filters=filters, sort=sort)))

    assert listed("open") == [urgent.id, low.id]  # the most pressing first
    assert listed("mine") == [urgent.id]
    assert listed("urgent") == [urgent.id]
    assert listed("follow_up_passed") == [urgent.id]
    assert listed("resolved") == [done.id]
    assert [r.id for r in services.cases.open_for(customer)] == [urgent.id, low.id]


def test_subjects_are_a_small_tree(services, customer) -> None:
    hardware = services.cases.save_subject(CaseSubjectRecord(name="Hardware"))
    printer = services.cases.save_subject(CaseSubjectRecord(name="Printer",
                                                            parent_id=hardware.id))
    services.cases.save_subject(CaseSubjectRecord(name="Billing", position=1))
    assert [s.name for s in services.cases.subjects()] == ["Hardware", "Printer", "Billing"]
    with pytest.raises(ServiceError, match="cannot go under itself"):
        services.cases.save_subject(CaseSubjectRecord(hardware.id, "Hardware",
                                                      parent_id=printer.id))
    case = printer_case(services, customer, subject_id=printer.id)
    services.cases.delete_subject(hardware.id)
    assert services.cases.get(case.id).subject_id is None
    assert [s.name for s in services.cases.subjects()] == ["Billing"]
