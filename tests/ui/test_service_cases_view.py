"""A support desk works the Cases tab: opens a case from a customer's card (the customer
filled in, a subject from the tree), resolves it saying how and by whom, reopens it
when the customer calls back; cancels a duplicate; a resolve another window already
made is refused with the service's sentence; and the list narrows to my open cases,
one priority, those past their follow-up date, the resolved and the cancelled."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, QUrl
from sales_helpers import in_dialog, list_ids

from crmdesk.kinds import RecordRef
from crmdesk.records import CasePriority, CaseRecord, CaseStatus, CaseSubjectRecord
from crmdesk.services.listing import ListQuery
from crmdesk.ui.service.case_dialog import CaseDialog
from crmdesk.ui.service.status_dialogs import CancelCaseDialog, ResolveDialog


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def a_contact(services) -> RecordRef:
    return RecordRef("contact", services.contacts.ids(ListQuery())[0])


def a_case(services, title: str, **fields) -> int:
    customer = fields.pop("customer", a_contact(services))
    return services.cases.save(CaseRecord(title=title, customer=customer, **fields)).id


def shown(main_window, record_id: int):
    view = main_window.show_view("cases")
    view.clear_filters()
    view.show_changes()
    assert view.select_id(record_id)
    return view


def test_resolve_a_case_then_reopen_it(qtbot, main_window):
    services = main_window.services
    case_id = a_case(services, "Printer jams on every page", priority=CasePriority.HIGH)
    view = shown(main_window, case_id)
    ticket = services.cases.get(case_id).ticket_number
    assert ticket.startswith(f"CAS-{date.today().year}-")
    assert ticket in view.detail.browser.toPlainText()
    assert not view.detail.reopen_button.isEnabled()

    def resolve(dialog) -> None:
        assert isinstance(dialog, ResolveDialog)
        assert not dialog.ok.isEnabled(), "a resolution is required"
        assert dialog.by.text() == services.settings.user
        dialog.resolution.setPlainText("Replaced the fuser unit")
        dialog.by.setText("Ida")
        click(qtbot, dialog.ok)

    seen = in_dialog(resolve)
    click(qtbot, view.detail.resolve_button)
    assert seen
    stored = services.cases.get(case_id)
    assert (stored.status, stored.resolution, stored.resolved_by) == (
        CaseStatus.RESOLVED, "Replaced the fuser unit", "Ida")
    assert stored.resolved_at is not None
    text = view.detail.browser.toPlainText()
    assert "Resolved" in text and "Replaced the fuser unit" in text and "Ida" in text
    assert not view.detail.resolve_button.isEnabled()
    assert not view.detail.cancel_button.isEnabled()

    click(qtbot, view.detail.reopen_button)
    stored = services.cases.get(case_id)
    assert stored.status in (CaseStatus.NEW, CaseStatus.IN_PROGRESS)
    assert stored.ticket_number == ticket, "the ticket stays the same"
    assert view.detail.resolve_button.isEnabled()
    assert view.current_id() == case_id


def test_cancel_a_duplicate_saying_why(qtbot, main_window):
    services = main_window.services
    case_id = a_case(services, "Same printer again")
    view = shown(main_window, case_id)

    def cancel(dialog) -> None:
        assert isinstance(dialog, CancelCaseDialog)
        assert not dialog.ok.isEnabled(), "a reason is required"
        dialog.reason.setCurrentText("Duplicate case")
        click(qtbot, dialog.ok)

    seen = in_dialog(cancel)
    click(qtbot, view.detail.cancel_button)
    assert seen
    stored = services.cases.get(case_id)
    assert stored.status == CaseStatus.CANCELLED
    assert "Duplicate case" in view.detail.browser.toPlainText()
    assert view.detail.reopen_button.isEnabled()


def test_a_resolve_made_elsewhere_is_refused_and_changes_nothing(qtbot, main_window,
                                                                  messages):
    services = main_window.services
    case_id = a_case(services, "Scanner offline")
    view = shown(main_window, case_id)

    def resolve_twice(dialog) -> None:
        services.cases.resolve(case_id, "Restarted it", "Bo")  # another window
        dialog.resolution.setPlainText("Cable replaced")
        click(qtbot, dialog.ok)
        assert dialog.isVisible(), "the dialog stays open with what was typed"
        assert messages.shown[-1][:2] == ("error", "Not resolved")
        assert dialog.error.text() == messages.shown[-1][2]
        dialog.reject()

    seen = in_dialog(resolve_twice)
    click(qtbot, view.detail.resolve_button)
    assert seen
    stored = services.cases.get(case_id)
    assert (stored.resolution, stored.resolved_by) == ("Restarted it", "Bo")


def test_a_new_case_from_a_contacts_card_with_a_subject_from_the_tree(qtbot, main_window):
    services = main_window.services
    hardware = services.cases.save_subject(CaseSubjectRecord(name="Hardware"))
    printer = services.cases.save_subject(CaseSubjectRecord(name="Printer",
                                                            parent_id=hardware.id))
    contacts = main_window.contacts
    contacts.select_row(0)
    customer = RecordRef("contact", contacts.current_id())

    def fill(dialog) -> None:
        assert isinstance(dialog, CaseDialog)
        assert dialog.customer.ref == customer, "the card's contact is the customer"
        assert dialog.ticket.text() == "given when the case is saved"
        names = [dialog.subject.itemText(i) for i in range(dialog.subject.count())]
        assert names[names.index("Hardware") + 1] == "    Printer", "indented under Hardware"
        dialog.title.setText("Toner smears")
        dialog.subject.setCurrentIndex(names.index("    Printer"))
        dialog.priority.setCurrentIndex(dialog.priority.findData("urgent"))
        dialog.serial.setText("SN-4711")
        dialog.follow_up.set_date(date.today() + timedelta(days=3))
        dialog.save()

    seen = in_dialog(fill)
    click(qtbot, contacts.detail.case_button)
    assert seen
    view = main_window.current_view()
    assert view is main_window.views["case"]
    stored = services.cases.get(view.current_id())
    assert (stored.title, stored.customer, stored.subject_id, stored.priority,
            stored.serial_number) == ("Toner smears", customer, printer.id,
                                      CasePriority.URGENT, "SN-4711")
    text = view.detail.browser.toPlainText()
    assert "Printer" in text and "Urgent" in text and stored.ticket_number in text

    # the customer's card lists it; its link opens it
    main_window.navigate(customer)
    html = contacts.detail.browser.toHtml()
    assert "Open cases" in html and f"case:{stored.id}" in html
    contacts.detail.browser.anchorClicked.emit(QUrl(f"case:{stored.id}"))
    assert main_window.current_view() is view and view.current_id() == stored.id

    # editing shows the ticket read-only
    dialog = CaseDialog(services, stored, messages=main_window.messages)
    qtbot.addWidget(dialog)
    assert dialog.ticket.text() == stored.ticket_number


def test_the_filters_a_support_desk_uses(qtbot, main_window):
    services = main_window.services
    today = date.today()
    mine = a_case(services, "Mine", priority=CasePriority.URGENT)
    theirs = a_case(services, "Theirs", owner="someone else", priority=CasePriority.LOW)
    passed = a_case(services, "Call back", follow_up=today - timedelta(days=2))
    resolved = a_case(services, "Done")
    services.cases.resolve(resolved, "Fixed", "Ida")
    cancelled = a_case(services, "Dropped")
    services.cases.cancel(cancelled, "Duplicate case")
    view = main_window.show_view("cases")

    def choose(combo, key: str) -> list[int]:
        combo.setCurrentIndex(combo.findData(key))
        assert combo.currentData() == key, key
        combo.activated.emit(combo.currentIndex())
        return sorted(list_ids(view))

    show, priority = view.show_filter, view.priority_filter
    assert choose(show, "open") == sorted([mine, theirs, passed])
    assert choose(show, "mine") == sorted([mine, passed])
    assert choose(priority, "urgent") == [mine]
    assert choose(show, "") == [mine]
    assert choose(priority, "") == sorted([mine, theirs, passed, resolved, cancelled])
    assert choose(show, "follow_up_passed") == [passed]
    assert choose(show, "resolved") == [resolved]
    assert choose(show, "cancelled") == [cancelled]
    assert "1 of 5" in view.count_label.text()
    # a link to a case the filter hides shows it anyway
    main_window.navigate(RecordRef("case", theirs))
    assert view.current_id() == theirs and view.show_filter.currentData() == ""
