"""Bootstrap of the window: QApplication, database, main window, first-run demo offer.

Everything is built here after the command line is parsed; nothing happens
at import time.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from crmdesk import config
from crmdesk.errorlog import log_path
from crmdesk.errors import DatabaseError
from crmdesk.services import sort_keys
from crmdesk.services.errors import StorageError
from crmdesk.services.wiring import Services
from crmdesk.settings import Settings
from crmdesk.ui.error_reports import ErrorReporter
from crmdesk.ui.fonts import ensure_fonts
from crmdesk.ui.headless import offscreen_without_display
from crmdesk.ui.main_window import MainWindow
from crmdesk.ui.messages import Messages
from crmdesk.ui.single_instance import SingleInstance, bring_forward

ICON_DIR = Path(__file__).resolve().parents[1] / "resources" / "icons"

DEMO_CONTACTS = 300


def application() -> QApplication:
    """The QApplication, created once, with the names QSettings files are kept under."""
    app = QApplication.instance()
    if app is None:
        offscreen_without_display()
        app = QApplication(sys.argv[:1])
    app.setOrganizationName("crmdesk")
    app.setApplicationName("crmdesk")
    app.setDesktopFileName("crmdesk")  # Wayland/X11 match the window to crmdesk.desktop
    assert isinstance(app, QApplication)
    if app.windowIcon().isNull():
        app.setWindowIcon(app_icon())
    ensure_fonts()
    return app


def app_icon() -> QIcon:
    """The crmdesk icon in every rendered size, so each desktop picks a sharp one."""
    icon = QIcon()
    for png in sorted(ICON_DIR.glob("crmdesk-*.png")):
        icon.addFile(str(png))
    return icon


def take_daily_backup(database: config.DatabaseLocation, settings: Settings) -> Path | None:
    """The automatic backup on start (SQLite only); a failure is reported, never fatal."""
    from crmdesk.services import backups

    path = database.path
    if path is None or not settings.auto_backup:
        return None
    try:
        return backups.auto_backup(path, keep=settings.backups_kept)
    except Exception as exc:  # noqa: BLE001 - a backup must never keep the app from starting
        print(f"crmdesk: the automatic backup of {path} failed: {exc}", file=sys.stderr)
        return None


def offer_demo(window: MainWindow, messages: Messages) -> bool:
    """On a new, empty database, offer demo contacts to try things out with."""
    if window.services.contacts.count() or window.services.accounts.count():
        return False
    if not messages.ask(window, "Welcome to crmdesk",
                        f"This database is new and empty.\n\nFill it with {DEMO_CONTACTS} "
                        "demo contacts and their companies, to try crmdesk out? (File > Settings "
                        "can start a fresh database later.)"):
        return False
    from crmdesk.services import demo

    window.tasks.wait(window, window.tr("Demo data"), window.tr("Creating demo contacts…"),
                      lambda progress, cancelled: demo.fill(
                          window.services, DEMO_CONTACTS, progress=progress,
                          cancelled=cancelled), writes=True)
    window.show_database_changed()
    return True


def save_screenshot(window: MainWindow, path: str) -> int:
    window.resize(1280, 800)
    window.show()
    QApplication.processEvents()
    # a page reading on Qt's pool (the dashboard) shows its figures, not "Loading…"
    QThreadPool.globalInstance().waitForDone(30_000)
    QApplication.processEvents()
    target = Path(path)
    if target.parent and not target.parent.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(target), "PNG"):
        print(f"crmdesk: cannot write the screenshot to {target}.", file=sys.stderr)
        return 2
    return 0


def run(database: config.DatabaseLocation, view: str = "contacts",
        screenshot: str | None = None, messages: Messages | None = None) -> int:
    """Open the window on ``database``; File > Settings may reopen it on another one.

    An error nothing else caught, here or in the window, is a sentence in a message box
    and a traceback in ``crmdesk.log`` in the data folder (``error_reports``)."""
    app = application()
    messages = messages or Messages()
    if screenshot:  # no single-instance check, no backup: a read-only look at the database
        return _run_once(app, database, view, screenshot, messages, None)[0]
    reporter = ErrorReporter(messages, log_path())
    with reporter.installed():
        try:
            return _run_windows(app, database, view, messages)
        except Exception as exc:  # noqa: BLE001 - the bootstrap failed: a sentence, then out
            reporter.report(exc)
            return 1


def _run_windows(app: QApplication, database: config.DatabaseLocation, view: str,
                 messages: Messages) -> int:
    """One window after the other, as long as the user opens another database."""
    while True:
        instance = SingleInstance(database)
        if not instance.start():
            print(f"crmdesk: crmdesk is already open on {database.name}; "
                  "its window was brought forward.", file=sys.stderr)
            return 0
        try:
            take_daily_backup(database, Settings.load())
            status, next_url, restore_from = _run_once(app, database, view, None, messages,
                                                       instance)
        finally:
            instance.close()
        if restore_from is not None:
            restore_backup(restore_from, database, messages)
        if not next_url:
            return status
        database = config.locate_database(next_url)  # the one the user chose in Settings


def restore_backup(backup: Path, database: config.DatabaseLocation,
                   messages: Messages) -> bool:
    """Put a backup in place of the (now closed) database; say what happened."""
    from crmdesk.services import backups

    path = database.path
    if path is None:
        return False
    try:
        result = backups.restore(backup, path)
    except backups.BackupError as exc:
        messages.error(None, "Restore failed", str(exc))
        return False
    kept = f"\n\nThe previous database is kept as {result.replaced}." if result.replaced else ""
    messages.info(None, "Restored", f"{path} was restored from {backup}.{kept}")
    return True


def _run_once(app: QApplication, database: config.DatabaseLocation, view: str,
              screenshot: str | None, messages: Messages, instance: SingleInstance | None,
              ) -> tuple[int, str | None, Path | None]:
    """One window on one database: the exit status, the database to open next, a restore."""
    is_new = database.path is not None and not database.path.exists()
    try:
        # a screenshot only reads
        services = Services.open(database.url, create=screenshot is None)
    except DatabaseError as exc:
        if screenshot:
            print(f"crmdesk: {exc}", file=sys.stderr)
        else:
            messages.error(None, "crmdesk", str(exc))
        return 2, None, None
    try:
        if screenshot is None:  # like the migration, before any window: sorted in its language
            try:
                sort_keys.ensure(services.db, services.settings.phone_region)
            except StorageError as exc:
                messages.error(None, "crmdesk", str(exc))
        window = MainWindow(services, messages)
        window.show_view(view)
        if screenshot:
            return save_screenshot(window, screenshot), None, None
        if instance is not None:
            instance.raise_requested.connect(lambda: bring_forward(window))
        window.show()
        window.start_reminders()
        if is_new:
            try:
                offer_demo(window, messages)
            except Exception:  # noqa: BLE001 - reported as any uncaught error; the window stays
                sys.excepthook(*sys.exc_info())
        status = app.exec()
        return status, window.next_database, window.pending_restore
    finally:
        services.close()
