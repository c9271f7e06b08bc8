"""The window built from its list of views: one entry per kind gives a tab, a View menu
entry with Ctrl+N, a File > New entry; links open any record; one change at a time."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from crmdesk.kinds import RecordRef
from crmdesk.services.importing.service import ImportService, services_for
from crmdesk.services.listing import ListQuery
from crmdesk.ui.main_window import PAGES, VIEWS

CSV = ('"First Name","Last Name","Company","E-mail Address"\r\n'
       '"Mette","Hansen","Novo Nordisk","mette@novo.dk"\r\n'
       '"Ole","Berg","Berg ApS","ole@berg.dk"\r\n')


def action(window, text: str):  # noqa: ANN201
    return next(a for a in window.actions() if a.text() == text)


def native(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def test_every_view_comes_from_one_entry(qtbot, main_window) -> None:
    tabs = main_window.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Contacts", "Accounts", "Leads", "Opportunities", "Cases", "Campaigns", "Calendar",
        "Pipeline", "Forecast", "Dashboard", "Today"]
    assert len(VIEWS) + len(PAGES) + 1 == tabs.count()  # and Today
    for entry in VIEWS:
        go = action(main_window, entry.title)
        assert go.shortcut() == QKeySequence(f"Ctrl+{entry.number}")
        go.trigger()
        assert main_window.current_view().kind is entry.kind
        view = main_window.current_view()
        assert view.table.objectName() == f"{entry.kind.plural}Table"
    for page in PAGES:
        go = action(main_window, page.title)
        assert go.shortcut() == QKeySequence(f"Ctrl+{page.number}")
        go.trigger()
        assert main_window.tabs.currentWidget() is main_window.pages[page.name]
    texts = [a.text() for a in main_window.file_menu.actions()]
    assert texts[:8] == ["New &contact…", "New &account…", "New &lead…", "New &opportunity…",
                         "Ne&w case…", "New ca&mpaign…", "New a&ppointment…", "New tas&k…"]


def test_list_and_cards_buttons_name_the_keys_that_switch_them(qtbot, main_window) -> None:
    """The buttons said Ctrl+1 and Ctrl+2, which switch to Contacts and Accounts."""
    as_list = action(main_window, "As &list")
    as_cards = action(main_window, "As Rolodex c&ards")
    for view in main_window.views.values():
        main_window.show_view(view.kind.plural)
        list_button, cards_button = view.mode_group.buttons()
        assert list_button.toolTip() == f"Show as a list ({native(as_list.shortcut().toString())})"
        assert cards_button.toolTip() == \
            f"Show as Rolodex cards ({native(as_cards.shortcut().toString())})"
        qtbot.keyClick(main_window, Qt.Key.Key_L,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert view.stack.currentWidget() is view.cards and cards_button.isChecked()
        qtbot.keyClick(main_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert view.stack.currentWidget() is view.table and list_button.isChecked()


def test_a_link_on_a_card_opens_that_record_in_its_view(qtbot, main_window) -> None:
    services = main_window.services
    accounts = main_window.accounts
    main_window.show_view("accounts")
    with_primary = next(i for i in services.accounts.ids(ListQuery())
                        if services.accounts.get(i).primary_contact_id)
    primary = services.accounts.get(with_primary).primary_contact_id
    assert main_window.navigate(RecordRef("account", with_primary))
    assert main_window.current_view() is accounts and accounts.current_id() == with_primary
    accounts.detail.browser.anchorClicked.emit(QUrl(f"contact:{primary}"))
    assert main_window.current_view() is main_window.contacts
    assert main_window.contacts.current_id() == primary
    accounts.detail.browser.anchorClicked.emit(QUrl("contact:not-a-number"))
    assert main_window.contacts.current_id() == primary
    assert not main_window.navigate(RecordRef("contact", 10**9))  # deleted, or never was


def test_add_contact_on_an_account_opens_a_contact_working_there(qtbot, main_window) -> None:
    accounts = main_window.accounts
    main_window.show_view("accounts")
    account = main_window.services.accounts.get(accounts.current_id())
    seen: list[tuple[str, int | None]] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append((dialog.company.text(), dialog.record.account_id))
        dialog.reject()

    QTimer.singleShot(0, look)
    accounts.detail.add_person.click()
    assert seen == [(account.name, account.id)]
    assert main_window.current_view() is main_window.contacts


def test_a_second_import_while_the_first_runs_is_refused_with_a_sentence(
        qtbot, main_window, messages, tmp_path: Path, monkeypatch) -> None:
    """Clicking Import again during a long import used to start a second one beside it,
    which failed inside the database and showed its SQL."""
    cards = tmp_path / "people.csv"
    cards.write_text(CSV, encoding="utf-8")
    first_holds, release = threading.Event(), threading.Event()
    real_run = ImportService.run

    def held_run(self, sources, options=None, progress=None, cancelled=None):  # noqa: ANN001, ANN202
        def hold(done: int, total: int) -> None:  # inside the import's transaction
            first_holds.set()
            release.wait(10)
            progress(done, total)
        return real_run(self, sources, options, hold, cancelled)

    monkeypatch.setattr(ImportService, "run", held_run)
    import_action = action(main_window, "&Import…")
    new_contact = action(main_window, "New &contact…")
    during: dict[str, bool] = {}

    def while_the_first_runs(dialog, timer: QTimer) -> None:  # noqa: ANN001
        if not first_holds.is_set():
            return
        timer.stop()
        during["import button"] = dialog.import_button.isEnabled()
        during["File > Import"] = import_action.isEnabled()
        during["File > New contact"] = new_contact.isEnabled()
        during["Edit button"] = main_window.contacts.detail.edit_button.isEnabled()
        dialog.run_import()  # what a second click on Import (or Ctrl+I) does
        main_window.contacts.edit_current()  # and Ctrl+E in the window
        release.set()

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            dialog.set_paths([str(cards)])
            timer = QTimer(dialog, interval=20)
            timer.timeout.connect(lambda: while_the_first_runs(dialog, timer))
            timer.start()
            qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
            during["report"] = dialog.report is not None and dialog.report.created == 2
        finally:
            release.set()
            dialog.reject()

    QTimer.singleShot(0, in_the_dialog)
    import_action.trigger()
    assert during == {"import button": False, "File > Import": False,
                      "File > New contact": False, "Edit button": False, "report": True}
    refused = [text for kind, _title, text in messages.shown if kind == "info"]
    assert refused == ["Another change is still being made (Importing contacts); try again "
                       "when it has finished."] * 2
    assert not [m for m in messages.shown if m[0] == "error"]
    assert len(services_for(main_window.services)[1].list()) == 1  # one import, once
    assert main_window.services.contacts.count() == 62
    assert import_action.isEnabled() and new_contact.isEnabled()
    assert main_window.contacts.detail.edit_button.isEnabled()


def test_the_window_does_not_close_while_a_change_is_being_made(qtbot, main_window,
                                                                 messages) -> None:
    release = threading.Event()
    done: list[object] = []
    main_window.tasks.start(main_window, "Demo data", "Creating demo contacts…",
                            lambda progress, cancelled: release.wait(10),
                            done=done.append, writes=True)
    assert not main_window.close()
    assert main_window.isVisible()
    assert messages.shown[-1][2].startswith("Another change is still being made (Creating "
                                            "demo contacts)")
    release.set()
    qtbot.waitUntil(lambda: done == [True])
    assert main_window.close()
