"""Nothing deleted by accident is gone: Edit > Undo delete (Ctrl+Z) right after, and File >
Deleted items later, to restore, delete forever or empty the trash."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QTableWidgetSelectionRange

from crmdesk.kinds import RecordRef
from crmdesk.services.listing import ListQuery
from crmdesk.ui.trash_dialog import DeletedItemsDialog


def action(window, text: str):
    return next(a for a in window.actions() if a.text().replace("&", "") == text)


def test_ctrl_z_right_after_a_delete_brings_the_contact_back(qtbot, main_window, messages):
    view = main_window.contacts
    view.table.setFocus()
    chosen = view.current_id()
    before = main_window.services.contacts.get(chosen)
    undo = action(main_window, "Undo delete")
    assert not undo.isEnabled()

    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert view.model.row_of(chosen) is None and undo.isEnabled()
    assert "Undo delete" in messages.shown[-1][2]  # the question says it can be undone
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert view.current_id() == chosen and view.model.rowCount() == 60
    back = main_window.services.contacts.get(chosen)
    assert back.first_name == before.first_name and back.phones == before.phones
    assert before.first_name in view.detail.browser.toPlainText()
    assert not undo.isEnabled() and main_window.services.trash.count() == 0


def test_undo_of_an_account_delete_gives_its_contacts_their_company_back(qtbot, main_window):
    services = main_window.services
    view = main_window.show_view("accounts")

    def members_of(account_id: int) -> list[int]:
        return list(services.contacts.ids(ListQuery(within=RecordRef("account", account_id))))

    account_id = max(services.accounts.ids(ListQuery()), key=lambda a: len(members_of(a)))
    members = members_of(account_id)
    assert members
    view.select_id(account_id)
    view.delete_selected()
    assert all(services.contacts.get(c).company == "" for c in members)
    main_window.undo_delete()
    name = services.accounts.get(account_id).name
    assert all(services.contacts.get(c).company == name for c in members)
    assert main_window.current_view() is view and view.current_id() == account_id
    assert members_of(account_id) == members


def open_deleted_items(qtbot, window, then) -> None:
    """File > Deleted items, with ``then(dialog)`` done in it before it closes."""
    seen: list[Exception] = []

    def inside() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, DeletedItemsDialog)
            then(dialog)
        except Exception as exc:  # noqa: BLE001 - reported after the dialog closed
            seen.append(exc)
        finally:
            dialog.accept()

    QTimer.singleShot(0, inside)
    action(window, "Deleted items…").trigger()
    if seen:
        raise seen[0]


def test_deleted_items_lists_what_went_and_restores_it(qtbot, main_window, messages):
    services = main_window.services
    view = main_window.contacts
    ids = [view.model.id_at(r) for r in range(3)]
    names = [r.display_name for r in services.contacts.rows(ids)]
    for contact_id in ids:
        view.select_id(contact_id)
        view.delete_selected()
    services.accounts.delete([main_window.accounts.current_id()])

    def restore_two(dialog: DeletedItemsDialog) -> None:
        listed = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
        kinds = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
        assert listed[1:] == names[::-1]  # the latest delete first
        assert kinds == ["account", "contact", "contact", "contact"]
        assert dialog.table.item(0, 2).text()  # when
        dialog.table.setRangeSelected(QTableWidgetSelectionRange(2, 0, 3, 2), True)
        dialog.table.setRangeSelected(QTableWidgetSelectionRange(0, 0, 1, 2), False)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        assert dialog.table.rowCount() == 2

    open_deleted_items(qtbot, main_window, restore_two)
    assert view.model.row_of(ids[0]) is not None and view.model.row_of(ids[1]) is not None
    assert view.model.row_of(ids[2]) is None
    assert services.trash.count() == 2


def test_empty_trash_asks_first_and_then_it_is_gone_for_good(qtbot, main_window, messages):
    services = main_window.services
    view = main_window.contacts
    view.delete_selected()
    assert services.trash.count() == 1

    def empty_but_cancel(dialog: DeletedItemsDialog) -> None:
        messages.confirm_answer = False
        qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
        assert dialog.table.rowCount() == 1

    open_deleted_items(qtbot, main_window, empty_but_cancel)
    assert messages.shown[-1][1] == "Empty trash" and services.trash.count() == 1

    def empty(dialog: DeletedItemsDialog) -> None:
        messages.confirm_answer = True
        qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
        assert dialog.table.rowCount() == 0 and not dialog.empty_button.isEnabled()
        assert dialog.summary.text() == "The trash is empty."

    open_deleted_items(qtbot, main_window, empty)
    assert services.trash.count() == 0
    main_window.undo_delete()  # nothing left to bring back, and it says so
    assert "no longer in the trash" in messages.shown[-1][2]


def test_delete_forever_takes_only_the_chosen_entry(qtbot, main_window, messages):
    services = main_window.services
    view = main_window.contacts
    first, second = view.model.id_at(0), view.model.id_at(1)
    services.contacts.delete([first])
    services.contacts.delete([second])

    def forget_one(dialog: DeletedItemsDialog) -> None:
        dialog.table.selectRow(0)  # the latest: the second
        messages.confirm_answer = True
        qtbot.mouseClick(dialog.forget_button, Qt.MouseButton.LeftButton)

    open_deleted_items(qtbot, main_window, forget_one)
    assert [e.record_id for e in services.trash.entries()] == [first]


def test_deleting_and_undoing_thousands_keeps_the_window_painting(qtbot, main_window,
                                                                   monkeypatch):
    """The delete and its undo run as the window's one writer, off the GUI thread."""
    import threading

    services = main_window.services
    ran_on: list[str] = []
    for name in ("discard",):
        real = getattr(services.contacts, name)
        monkeypatch.setattr(services.contacts, name, lambda ids, real=real, **options: (
            ran_on.append(threading.current_thread().name), real(ids, **options))[1])
    real_restore = services.trash.restore_batch
    monkeypatch.setattr(services.trash, "restore_batch", lambda batch: (
        ran_on.append(threading.current_thread().name), real_restore(batch))[1])
    view = main_window.contacts
    view.table.selectAll()
    view.delete_selected()
    assert view.model.rowCount() == 0
    main_window.undo_delete()
    assert view.model.rowCount() == 60
    assert len(ran_on) == 2 and threading.current_thread().name not in ran_on
