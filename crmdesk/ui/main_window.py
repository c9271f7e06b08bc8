"""The main window: Contacts and Accounts, the menus, and remembered layout."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QTabWidget, QWidget

from crmdesk import config
from crmdesk.services.wiring import Services
from crmdesk.ui.accounts_view import AccountsView
from crmdesk.ui.contacts_view import ContactsView
from crmdesk.ui.file_dialogs import refuse_database_files
from crmdesk.ui.messages import Messages
from crmdesk.ui.party_view import PartyView
from crmdesk.ui.shortcuts import shortcuts_html

WINDOW_WRITE_WAIT_S = 0.0


class MainWindow(QMainWindow):
    def __init__(self, services: Services, messages: Messages | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        # A save here runs on the GUI thread: it waits for another writer only as long as
        # SQLite's busy timeout (5 s), then says the database is busy, keeping the input.
        services.db.write_wait = WINDOW_WRITE_WAIT_S
        self.messages = messages or Messages()
        #: Set by File > Settings when the user picks another database; app.run reopens on it.
        self.next_database: str | None = None
        #: A backup to restore once this window has closed its database (File > Settings).
        self.pending_restore: Path | None = None
        self.setWindowTitle(f"crmdesk – {config.display_name(services.db.url)}")
        self.setObjectName("mainWindow")
        self.contacts = ContactsView(services, self.messages)
        self.accounts = AccountsView(services, self.messages)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sections")
        self.tabs.addTab(self.contacts, "Contacts")
        self.tabs.addTab(self.accounts, "Accounts")
        self.setCentralWidget(self.tabs)
        self._wire_views()
        self.file_menu: QMenu = self.menuBar().addMenu("&File")
        self._build_menus()
        self.setAcceptDrops(True)
        status = QLabel(str(services.db.path or services.db.url),
                        textFormat=Qt.TextFormat.PlainText)
        status.setObjectName("dbLabel")
        self.statusBar().addPermanentWidget(status)
        self.resize(1200, 760)
        self._restore()

    # -- views -------------------------------------------------------------------------
    def _wire_views(self) -> None:
        self.contacts.open_account.connect(lambda i: self.show_party("accounts", i))
        self.accounts.open_contact.connect(lambda i: self.show_party("contacts", i))
        self.accounts.new_contact_for.connect(self._new_contact_for)
        self.contacts.data_changed.connect(self.accounts.apply_search)
        self.accounts.data_changed.connect(self.contacts.apply_search)

    def current_view(self) -> PartyView:
        widget = self.tabs.currentWidget()
        assert isinstance(widget, PartyView)
        return widget

    def show_view(self, name: str) -> PartyView:
        view = self.accounts if name == "accounts" else self.contacts
        self.tabs.setCurrentWidget(view)
        return view

    def show_party(self, kind: str, party_id: int) -> None:
        self.show_view(kind).select_id(party_id)

    def _new_contact_for(self, company: str, account_id: int) -> None:
        self.show_view("contacts").new(company=company, account_id=account_id)

    # -- menus ---------------------------------------------------------------------------
    def _action(self, menu: QMenu, text: str, slot, shortcut=None,  # noqa: ANN001
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        file_menu = self.file_menu
        self._action(file_menu, "New &contact…", lambda: self.show_view("contacts").new(),
                     QKeySequence.StandardKey.New, "Add a person")
        self._action(file_menu, "New &account…", lambda: self.show_view("accounts").new(),
                     "Ctrl+Shift+N", "Add a company")
        file_menu.addSeparator()
        self._action(file_menu, "&Print…", self.open_print_dialog, QKeySequence.StandardKey.Print,
                     "Print or save as PDF a phone list, address book, cards or labels")
        file_menu.addSeparator()
        self._action(file_menu, "&Settings…", self.show_settings, "Ctrl+,",
                     "Phone region, paper, date format, database file, backups")
        file_menu.addSeparator()
        self._action(file_menu, "&Import…", self.open_import_dialog, "Ctrl+I",
                     "Import contacts from vCard, CSV, LDIF or JSON files")
        self._action(file_menu, "&Export…", self.open_export_dialog, None,
                     "Export contacts to vCard, Outlook CSV or JSON")
        self._action(file_menu, "Import &history…", self.open_import_history, None,
                     "Earlier imports, and undo")
        self.quit_separator = file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit = self.menuBar().addMenu("&Edit")
        self._action(edit, "&Find", lambda: self.current_view().focus_search(),
                     QKeySequence.StandardKey.Find, "Search the current list")
        self._action(edit, "&Edit…", lambda: self.current_view().edit_current(), "Ctrl+E")
        self._action(edit, "&Delete…", lambda: self.current_view().delete_selected(),
                     QKeySequence.StandardKey.Delete)
        self._action(edit, "&Copy card as text", self.contacts.copy_card, "Ctrl+Shift+C")

        view = self.menuBar().addMenu("&View")
        self._action(view, "&Contacts", lambda: self.show_view("contacts"), "Ctrl+1")
        self._action(view, "&Accounts", lambda: self.show_view("accounts"), "Ctrl+2")
        view.addSeparator()
        self._action(view, "As &list", lambda: self.current_view().set_mode(0), "Ctrl+L")
        self._action(view, "As Rolodex c&ards", lambda: self.current_view().set_mode(1),
                     "Ctrl+Shift+L")

        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", self.show_shortcuts, "F1")
        self._action(help_menu, "&About crmdesk", self.show_about)

    def open_print_dialog(self) -> None:
        """File > Print: the current view's search and selection, previewed before printing."""
        from crmdesk.ui.printing import PrintDialog

        view = self.current_view()
        PrintDialog(self.services, query=view.current_query(), selected_ids=view.selected_ids(),
                    kind="accounts" if view is self.accounts else "contacts",
                    messages=self.messages, parent=self).exec()

    # -- import and export ------------------------------------------------------------------
    def open_import_dialog(self, paths: list[str] | None = None) -> None:
        from crmdesk.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.services, self.messages, paths or None, self,
                              show_category=self.show_imported)
        dialog.exec()
        if dialog.report is not None:
            self.contacts.apply_search()
            self.accounts.apply_search()

    def show_imported(self, category: str) -> None:
        """Show the contacts of one import: the Contacts view filtered by its category."""
        self.show_view("contacts").show_category(category)

    def open_export_dialog(self) -> None:
        from crmdesk.ui.export_dialog import ExportDialog

        ExportDialog(self.services, self.messages, self.contacts.current_query(),
                     self.contacts.selected_ids(), self).exec()

    def open_import_history(self) -> None:
        from crmdesk.ui.import_history import ImportHistoryDialog

        dialog = ImportHistoryDialog(self.services, self.messages, self)
        dialog.exec()
        if dialog.undone_any:
            self.contacts.apply_search()
            self.accounts.apply_search()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            return
        event.acceptProposedAction()
        refused = refuse_database_files(self, self.messages, self.services.db.path, paths)
        if paths := [p for p in paths if p not in refused]:
            self.open_import_dialog(paths)

    def show_shortcuts(self) -> None:
        self.messages.info(self, "Keyboard shortcuts", shortcuts_html(self.actions()))

    def show_about(self) -> None:
        from crmdesk.ui.about_dialog import AboutDialog

        AboutDialog(str(self.services.db.path or self.services.db.url), self).exec()

    def show_settings(self) -> None:
        from crmdesk.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.services.settings, self.services.db.url, self.messages,
                                self)
        if not dialog.exec():
            return
        if dialog.restore_from is not None:
            self.pending_restore = dialog.restore_from
            self.open_database(self.services.db.url)
        elif dialog.chosen_database:
            self.open_database(dialog.chosen_database)

    def open_database(self, url: str) -> None:
        """Close this window and let app.run reopen crmdesk on ``url``."""
        self.next_database = url
        self.close()

    # -- remembered layout ----------------------------------------------------------------
    def _restore(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("main/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_layout(self) -> None:
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        settings.setValue("main/view", "accounts" if self.current_view() is self.accounts
                          else "contacts")
        for view in (self.contacts, self.accounts):
            view.save_layout()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_layout()
        super().closeEvent(event)


