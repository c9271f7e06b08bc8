"""The main window: one view per kind of record, the pages beside them, the menus, and
remembered layout.

The views, their tabs, their View-menu entries with their Ctrl+1, Ctrl+2… shortcuts,
and the File > New entries all come from ``VIEWS``: a new view is one entry.  A tab
that is not a list of records (the calendar) is a ``PageEntry`` in ``PAGES``; its tab
and View-menu entry follow the views'.  Each entry names its own Ctrl+N, so a new tab
takes the next free number and the keys people learnt stay where they were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, Qt, SignalInstance
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QTabWidget, QWidget

from crmdesk import config
from crmdesk.kinds import Kind, RecordRef, resolve
from crmdesk.kinds.parties import ACCOUNT, CONTACT
from crmdesk.kinds.sales import LEAD, OPPORTUNITY
from crmdesk.kinds.service import CAMPAIGN, CASE
from crmdesk.records import ActivityKind
from crmdesk.services.errors import StorageError
from crmdesk.services.trash import Deletion, Restored
from crmdesk.services.wiring import Services
from crmdesk.ui.calendar.calendar_view import CalendarView
from crmdesk.ui.dashboard.dashboard_view import DashboardView
from crmdesk.ui.file_dialogs import refuse_database_files
from crmdesk.ui.messages import Messages
from crmdesk.ui.parties.contacts_view import ContactsView
from crmdesk.ui.records.list_view import MODE_SHORTCUTS, RecordView
from crmdesk.ui.sales.forecast_view import ForecastView
from crmdesk.ui.sales.pipeline_board import PipelineBoard
from crmdesk.ui.shortcuts import shortcuts_html
from crmdesk.ui.tasks import Tasks

WINDOW_WRITE_WAIT_S = 0.0

Shortcut = QKeySequence.StandardKey | str | None


@dataclass(frozen=True)
class ViewEntry:
    """One view of the window: its kind, the texts of its tab and menu entries (with
    their mnemonics; translated when shown), and the N of its Ctrl+N."""

    kind: Kind
    title: str
    new_text: str
    new_tip: str
    number: int
    new_shortcut: Shortcut = None


class Page(Protocol):
    """What the window asks of a tab that is no record list (a QWidget).  A page that
    shows records may also have ``open_requested(ref)`` and ``delete_requested(ref)``
    signals: the window opens or deletes the record in its kind's view, as the view
    does it, and comes back to the page."""

    data_changed: SignalInstance

    def refresh(self) -> None: ...
    def set_writable(self, writable: bool) -> None: ...
    def save_layout(self) -> None: ...
    def edit_current(self) -> None: ...
    def delete_selected(self) -> None: ...


@dataclass(frozen=True)
class PageEntry:
    """A tab that is no record list: its name (``--view NAME``), its tab's text, and what
    builds its widget (a ``Page``) from the services, the messages and the tasks."""

    name: str
    title: str
    widget: Callable[[Services, Messages, Tasks], Page]
    number: int  # the N of its Ctrl+N


VIEWS = (
    ViewEntry(CONTACT, "&Contacts", "New &contact…", "Add a person", 1,
              QKeySequence.StandardKey.New),
    ViewEntry(ACCOUNT, "&Accounts", "New &account…", "Add a company", 2, "Ctrl+Shift+N"),
    ViewEntry(LEAD, "L&eads", "New &lead…", "Add a prospect not yet qualified", 4),
    ViewEntry(OPPORTUNITY, "&Opportunities", "New &opportunity…",
              "Add a sale to track for a contact or an account", 5),
    ViewEntry(CASE, "Ca&ses", "Ne&w case…",
              "Add a customer's question, problem or request to track", 8),
    ViewEntry(CAMPAIGN, "Ca&mpaigns", "New ca&mpaign…",
              "Add a marketing campaign to track its members, responses and results", 9),
)
#: The keys of the entries that log a call and add a note regarding the selected record.
LOG_CALL_KEYS, ADD_NOTE_KEYS = "Ctrl+Shift+P", "Ctrl+Shift+M"


PAGES = (
    PageEntry("calendar", "Ca&lendar", CalendarView, 3),
    PageEntry("pipeline", "&Pipeline", PipelineBoard, 6),
    PageEntry("forecast", "&Forecast", ForecastView, 7),
    PageEntry("dashboard", "Dash&board", DashboardView, 0),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


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
        #: Background work; one write at a time (an import, an undo, the demo data).
        self.tasks = Tasks(self)
        self.tasks.writing_changed.connect(self._writing_changed)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sections")
        self.views: dict[str, RecordView] = {}
        for entry in VIEWS:
            view: RecordView = resolve(entry.kind.view)(services, self.messages, self.tasks)
            self.views[entry.kind.name] = view
            self.tabs.addTab(view, _tr(entry.title).replace("&", ""))
            view.navigate.connect(self.navigate)
            view.create_requested.connect(self.new_record)
            view.print_requested.connect(lambda: self.open_print_dialog(selection=True))
            view.data_changed.connect(lambda view=view: self._changed_in(view))
            view.deleted.connect(lambda deletion, view=view: self._deleted(view, deletion))
            view.activities_changed.connect(self._activities_changed)
        self.pages: dict[str, Page] = {}
        for page_entry in PAGES:
            page = page_entry.widget(services, self.messages, self.tasks)
            self.pages[page_entry.name] = page
            self.tabs.addTab(page, _tr(page_entry.title).replace("&", ""))  # type: ignore[arg-type]
            page.data_changed.connect(lambda page=page: self._page_changed(page))
            if hasattr(page, "list_requested"):
                page.list_requested.connect(self.show_list)
            if hasattr(page, "open_record"):  # show a record in its view, stay there
                page.open_record.connect(self.navigate)
            for signal, act in (("open_requested", "edit_current"),
                                ("delete_requested", "delete_selected")):
                if hasattr(page, signal):
                    getattr(page, signal).connect(
                        lambda ref, page=page, act=act: self.in_view(ref, act, page))
        self._add_today_page()
        #: the last delete made here, which Edit > Undo delete restores
        self.last_deletion: Deletion | None = None
        self.setCentralWidget(self.tabs)
        #: What starts a write, turned off while one runs.
        self.write_actions: list[QAction] = []
        self.file_menu: QMenu = self.menuBar().addMenu(_tr("&File"))
        self._build_menus()
        self.setAcceptDrops(True)
        status = QLabel(str(services.db.path or services.db.url),
                        textFormat=Qt.TextFormat.PlainText)
        status.setObjectName("dbLabel")
        self.statusBar().addPermanentWidget(status)
        self.resize(1200, 760)
        self._restore()

    # -- views -------------------------------------------------------------------------
    @property
    def contacts(self) -> ContactsView:
        view = self.views[CONTACT.name]
        assert isinstance(view, ContactsView)
        return view

    @property
    def accounts(self) -> RecordView:
        return self.views[ACCOUNT.name]

    def current_view(self) -> RecordView:
        """The record list shown; the first one while a page (the calendar) is shown."""
        widget = self.tabs.currentWidget()
        if isinstance(widget, RecordView):
            return widget
        return next(iter(self.views.values()))

    def _on_current(self, name: str) -> None:
        """Edit > Edit or Delete: on the list shown, or on the page shown."""
        widget = self.tabs.currentWidget()
        target = widget if widget in self.pages.values() else self.current_view()
        getattr(target, name)()

    @property
    def calendar(self) -> CalendarView:
        page = self.pages["calendar"]
        assert isinstance(page, CalendarView)
        return page

    def _page_changed(self, source: object) -> None:
        for page in self.pages.values():
            if page is not source:
                page.refresh()
        self._refresh_activity_panes()

    def new_activity(self, kind: ActivityKind) -> None:
        """File > New appointment / New task: the activity dialog, from the next half
        hour."""
        self.calendar.new_activity(kind)

    def show_view(self, name: str) -> QWidget:
        """Show the view of this kind, by its plural ("accounts"), or a page ("calendar",
        "today"); the first view for another name."""
        shown: QWidget = self._page_named(name) or next(
            (v for v in self.views.values() if v.kind.plural == name),
            next(iter(self.views.values())))
        self.tabs.setCurrentWidget(shown)
        return shown

    def show_list(self, plural: str, filters: tuple[str, ...]) -> None:
        """Show the view of this kind narrowed to its list filters ("stage:proposal"), as
        a dashboard bar asks, whatever the search and category were; nothing when the
        window has no view of that kind."""
        view = next((v for v in self.views.values() if v.kind.plural == plural), None)
        if view is not None:
            self.tabs.setCurrentWidget(view)
            view.show_filtered(filters)

    # -- activities: the Today page, reminders -----------------------------------------
    def _add_today_page(self) -> None:
        from crmdesk.ui.activities.reminders_window import ReminderWatch
        from crmdesk.ui.activities.today_page import TodayPage

        self.today = TodayPage(self.services, self.messages,
                               lambda: not self.tasks.refuse_write(self, self.messages))
        self.today.changed.connect(self._activities_changed)
        self.tabs.addTab(self.today, _tr("&Today").replace("&", ""))
        self.reminders = ReminderWatch(self.services, self.messages, self,
                                       self.today.actions.open)
        self.reminders.window.changed.connect(self._activities_changed)
        self.reminders.timer.timeout.connect(self._today_again)

    def start_reminders(self) -> None:
        """Check for due reminders now and every 30 seconds (not for a screenshot)."""
        self.reminders.start()

    def _today_again(self) -> None:
        """The Today page, if shown, follows the clock (reminders falling due)."""
        if self.today.isVisible():
            self.today.refresh()

    def _page_named(self, name: str) -> QWidget | None:
        """A tab that is no record list, by the name ``--view`` gives it."""
        if name == "today":
            return self.today
        page = self.pages.get(name)
        return page if isinstance(page, QWidget) else None

    def _activities_changed(self) -> None:
        """An activity was stored from a card or the Today page: the calendar too."""
        for page in self.pages.values():
            page.refresh()
        self._refresh_activity_panes()

    def _refresh_activity_panes(self) -> None:
        self._today_again()
        for view in self.views.values():
            if view.detail.with_activities and view.detail.history.isVisible():
                view.detail.history.reload()

    def _on_record(self, act: Callable[[object], object]) -> None:
        """Log call / Add note: on the selected record of the view shown."""
        detail = self.current_view().detail
        if detail.with_activities and isinstance(self.tabs.currentWidget(), RecordView):
            act(detail.activities)

    def navigate(self, ref: RecordRef) -> bool:
        """Open any record in its view (an activity in its dialog); False if no view shows
        its kind or it is gone."""
        if ref.kind == "activity":
            return self.calendar.open_activity(ref.id)
        view = self.views.get(ref.kind)
        if view is None:
            return False
        self.tabs.setCurrentWidget(view)
        return view.select_id(ref.id)

    def in_view(self, ref: RecordRef, act: str, page: Page) -> None:
        """Open or delete a record a page shows (a card on the board) in its kind's view,
        as the view does (its dialog; a delete that asks first and can be undone), then
        show the page again."""
        if self.navigate(ref):
            getattr(self.current_view(), act)()
        self.tabs.setCurrentWidget(page)  # type: ignore[arg-type]

    def new_record(self, kind: str, within: RecordRef | None = None) -> None:
        """File > New…, or a view's "Add …" button: a new record of ``kind`` in its view."""
        view = self.views[kind]
        self.tabs.setCurrentWidget(view)
        view.new(within)

    def _changed_in(self, source: RecordView) -> None:
        """A save or delete in one view may show in the others (a company's name)."""
        for view in self.views.values():
            if view is not source:
                view.show_changes(None)

    def _writing_changed(self, writing: bool) -> None:
        for action in self.write_actions:
            action.setEnabled(not writing)
        for view in self.views.values():
            view.set_writable(not writing)
        for page in self.pages.values():
            page.set_writable(not writing)

    # -- menus ---------------------------------------------------------------------------
    def _action(self, menu: QMenu, text: str, slot: Callable[[], object],
                shortcut: Shortcut = None, tip: str = "", *, writes: bool = False) -> QAction:
        """A menu entry; one that ``writes`` is turned off while another write runs."""
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        self.addAction(action)
        if writes:
            self.write_actions.append(action)
        return action

    def _build_menus(self) -> None:
        file_menu = self.file_menu
        for entry in VIEWS:
            self._action(file_menu, _tr(entry.new_text),
                         lambda kind=entry.kind.name: self.new_record(kind),
                         entry.new_shortcut, _tr(entry.new_tip), writes=True)
        self._action(file_menu, _tr("New a&ppointment…"),
                     lambda: self.new_activity(ActivityKind.APPOINTMENT), "Ctrl+Shift+A",
                     _tr("Add a meeting or appointment to the calendar"), writes=True)
        self._action(file_menu, _tr("New tas&k…"), lambda: self.new_activity(ActivityKind.TASK),
                     "Ctrl+Shift+K", _tr("Add a task to the to-do list"), writes=True)
        file_menu.addSeparator()
        self._action(file_menu, _tr("&Print…"), self.open_print_dialog,
                     QKeySequence.StandardKey.Print,
                     _tr("Print or save as PDF a phone list, address book, cards or labels"))
        file_menu.addSeparator()
        self._action(file_menu, _tr("&Settings…"), self.show_settings, "Ctrl+,",
                     _tr("Phone region, paper, date format, database file, backups"), writes=True)
        self._action(file_menu, _tr("P&roducts…"), self.open_products, None,
                     _tr("The products a quote's lines are picked from"), writes=True)
        self._action(file_menu, _tr("Case su&bjects…"), self.open_case_subjects, None,
                     _tr("The subjects cases are filed under"), writes=True)
        file_menu.addSeparator()
        self._action(file_menu, _tr("&Import…"), self.open_import_dialog, "Ctrl+I",
                     _tr("Import contacts from vCard, CSV, LDIF or JSON files"), writes=True)
        self._action(file_menu, _tr("&Export…"), self.open_export_dialog, None,
                     _tr("Export contacts to vCard, Outlook CSV or JSON"))
        self._action(file_menu, _tr("Import &history…"), self.open_import_history, None,
                     _tr("Earlier imports, and undo"), writes=True)
        self._action(file_menu, _tr("&Deleted items…"), self.open_deleted_items, None,
                     _tr("Deleted contacts and accounts: restore them, or empty the trash"))
        self.quit_separator = file_menu.addSeparator()
        self._action(file_menu, _tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        edit = self.menuBar().addMenu(_tr("&Edit"))
        self.undo_delete_action = self._action(
            edit, _tr("&Undo delete"), self.undo_delete, QKeySequence.StandardKey.Undo,
            _tr("Bring back what you just deleted"))
        self.undo_delete_action.setEnabled(False)
        edit.addSeparator()
        self._action(edit, _tr("&Find"), lambda: self.current_view().focus_search(),
                     QKeySequence.StandardKey.Find, _tr("Search the current list"))
        self._action(edit, _tr("&Edit…"), lambda: self._on_current("edit_current"), "Ctrl+E",
                     writes=True)
        self._action(edit, _tr("&Delete…"), lambda: self._on_current("delete_selected"),
                     QKeySequence.StandardKey.Delete, writes=True)
        self._action(edit, _tr("&Copy card as text"), self.contacts.copy_card, "Ctrl+Shift+C")
        edit.addSeparator()
        self._action(edit, _tr("&Log call…"), lambda: self._on_record(lambda a: a.log_call()),
                     LOG_CALL_KEYS, _tr("Log a call with the selected contact or account"),
                     writes=True)
        self._action(edit, _tr("Add &note…"), lambda: self._on_record(lambda a: a.add_note()),
                     ADD_NOTE_KEYS, _tr("Add a dated note to the selected contact or account"),
                     writes=True)

        view = self.menuBar().addMenu(_tr("&View"))
        for entry in VIEWS:
            self._action(view, _tr(entry.title),
                         lambda name=entry.kind.plural: self.show_view(name),
                         f"Ctrl+{entry.number}")
        for page_entry in PAGES:
            self._action(view, _tr(page_entry.title),
                         lambda name=page_entry.name: self.show_view(name),
                         f"Ctrl+{page_entry.number}")
        self._action(view, _tr("&Today"), lambda: self.show_view("today"), "Ctrl+T",
                     _tr("Today's appointments, due tasks, calls to make and reminders"))
        view.addSeparator()
        for mode, (text, keys) in enumerate(zip(("As &list", "As Rolodex c&ards"),
                                                MODE_SHORTCUTS, strict=True)):
            self._action(view, _tr(text), lambda mode=mode: self.current_view().set_mode(mode),
                         keys)

        help_menu = self.menuBar().addMenu(_tr("&Help"))
        self._action(help_menu, _tr("&Keyboard shortcuts"), self.show_shortcuts, "F1")
        self._action(help_menu, _tr("&About crmdesk"), self.show_about)

    def open_products(self) -> None:
        """File > Products: the product list quotes pick their lines from."""
        from crmdesk.ui.sales.products_dialog import ProductsDialog

        ProductsDialog(self.services, self, self.messages).exec()

    def open_case_subjects(self) -> None:
        """File > Case subjects: the tree cases are filed under; the cases' cards show
        a renamed subject."""
        from crmdesk.ui.service.subjects_dialog import SubjectsDialog

        dialog = SubjectsDialog(self.services, self.messages, self)
        dialog.exec()
        if dialog.changed:
            self.views[CASE.name].show_changes(None)

    def open_print_dialog(self, *, selection: bool = False) -> None:
        """File > Print: the current view's search and selection, previewed before printing
        (``selection``: the selected records, as Print on a row's menu means)."""
        from crmdesk.ui.printing import PrintDialog

        view = self.current_view()
        dialog = PrintDialog(self.services, query=view.current_query(),
                             selected_ids=view.selected_ids(), kind=view.kind.plural,
                             messages=self.messages, tasks=self.tasks, parent=self)
        if selection:
            dialog.scope_box.setCurrentIndex(max(0, dialog.scope_box.findData("selection")))
        dialog.exec()

    # -- import and export ------------------------------------------------------------------
    def open_import_dialog(self, paths: list[str] | None = None) -> None:
        from crmdesk.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.services, self.messages, paths or None, self,
                              show_batch=self.show_imported, tasks=self.tasks)
        dialog.exec()
        if dialog.report is not None:
            self.show_database_changed()

    def follow_sort_language(self) -> bool:
        """After Settings: rebuild the lists' sort keys if the sorting language is no longer
        the one they were built in (a new default region); whether it did."""
        from crmdesk.services import sort_keys
        from crmdesk.services.collation import language_of

        db, region = self.services.db, self.services.settings.phone_region
        if sort_keys.stored_language(db) == language_of(region):
            return False
        try:
            self.tasks.wait(self, self.tr("Sorting"),
                            self.tr("Sorting the lists in the language of the default "
                                    "region…"),
                            lambda progress, cancelled: sort_keys.ensure(db, region, progress),
                            writes=True, cancellable=False)
        except StorageError as exc:
            self.messages.error(self, self.tr("Lists not sorted again"), str(exc))
            return False
        self.show_database_changed()
        return True

    def show_database_changed(self) -> None:
        """After an import, an undo or the demo data: every view searches again."""
        for view in self.views.values():
            view.apply_search()
        for page in self.pages.values():
            page.refresh()

    def show_imported(self, batch_id: int, plural: str = CONTACT.plural) -> None:
        """Show the records of one import: the view of their kind ("contacts", "leads")
        filtered by its batch."""
        view = self.show_view(plural)
        if getattr(getattr(view, "kind", None), "plural", None) == plural:
            view.show_category(batch_id)

    def open_export_dialog(self) -> None:
        from crmdesk.ui.export_dialog import ExportDialog

        ExportDialog(self.services, self.messages, self.contacts.current_query(),
                     self.contacts.selected_ids(), self, tasks=self.tasks).exec()

    def open_import_history(self) -> None:
        from crmdesk.ui.import_history import ImportHistoryDialog

        dialog = ImportHistoryDialog(self.services, self.messages, self, tasks=self.tasks)
        dialog.exec()
        if dialog.undone_any:
            self.show_database_changed()

    # -- the trash ------------------------------------------------------------------------
    def _deleted(self, view: RecordView, deletion: Deletion) -> None:
        self.last_deletion = deletion
        self.undo_delete_action.setEnabled(True)
        noun = view.noun[0] if deletion.count == 1 else view.noun[1]
        self.statusBar().showMessage(
            _tr("%1 %2 moved to Deleted items; Edit > Undo delete (%3) brings them back.")
            .replace("%1", str(deletion.count)).replace("%2", noun).replace(
                "%3", self.undo_delete_action.shortcut().toString(
                    QKeySequence.SequenceFormat.NativeText)), 10_000)

    def undo_delete(self) -> None:
        """Edit > Undo delete: restore what the last delete here put in the trash."""
        deletion = self.last_deletion
        if deletion is None or deletion.batch is None:
            return
        batch = deletion.batch
        if self.tasks.refuse_write(self, self.messages):
            return
        try:
            restored = self.tasks.wait(
                self, _tr("Undo delete"), _tr("Restoring…"),
                lambda progress, cancelled: self.services.trash.restore_batch(batch),
                writes=True, cancellable=False)
        except StorageError as exc:
            self.messages.error(self, _tr("Not restored"),
                                _tr("Nothing was restored. %1").replace("%1", str(exc)))
            return
        self.last_deletion = None
        self.undo_delete_action.setEnabled(False)
        self._show_restored(restored)
        if not restored:
            self.messages.info(self, _tr("Undo delete"), _tr(
                "Those records are no longer in the trash (emptied or restored meanwhile)."))

    def open_deleted_items(self) -> None:
        from crmdesk.ui.trash_dialog import DeletedItemsDialog

        dialog = DeletedItemsDialog(self.services, self.messages, self.tasks, self)
        dialog.exec()
        if dialog.changed_any:
            self._show_restored(dialog.restored)

    def _show_restored(self, restored: list[Restored]) -> None:
        """Every view shows the restored records; the first is selected in its view."""
        from crmdesk.ui.trash_dialog import renumbered_text

        self.show_database_changed()
        if restored:
            self.navigate(RecordRef(restored[0].kind, restored[0].new_id))
            self.statusBar().showMessage(_tr("%1 restored.").replace(
                "%1", ", ".join(r.name or "?" for r in restored[:3])
                + (" …" if len(restored) > 3 else "")), 10_000)
        if text := renumbered_text(restored):
            self.messages.info(self, _tr("Restored"), text)

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
        self.messages.info(self, _tr("Keyboard shortcuts"), shortcuts_html(self.actions()))

    def show_about(self) -> None:
        from crmdesk.ui.about_dialog import AboutDialog

        AboutDialog(str(self.services.db.path or self.services.db.url), self).exec()

    def show_settings(self) -> None:
        from crmdesk.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.services.settings, self.services.db.url, self.messages,
                                self, stages=self.services.stages)
        if not dialog.exec():
            return
        if dialog.restore_from is not None:
            self.pending_restore = dialog.restore_from
            self.open_database(self.services.db.url)
        elif dialog.chosen_database:
            self.open_database(dialog.chosen_database)
        # (a window opening another database sorts it at its start); the lists show the
        # stages Settings may have changed, once sorted or as they are
        elif not self.follow_sort_language():
            self.show_database_changed()

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
        current = self.tabs.currentWidget()
        settings.setValue("main/view", next(
            (name for name in (*self.pages, "today") if self._page_named(name) is current),
            self.current_view().kind.plural))
        for view in self.views.values():
            view.save_layout()
        for page in self.pages.values():
            page.save_layout()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Not while a change is being made: it finishes (or is cancelled) first."""
        if self.tasks.refuse_write(self, self.messages):
            event.ignore()
            return
        self.save_layout()
        super().closeEvent(event)


