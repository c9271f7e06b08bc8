"""Bootstrap of the window: QApplication, database, main window, first-run demo offer.

Everything is built here after the command line is parsed; nothing happens
at import time.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from crmdesk import config
from crmdesk.db import DatabaseError
from crmdesk.services import Services
from crmdesk.ui.main_window import MainWindow
from crmdesk.ui.messages import Messages
from crmdesk.ui.tasks import run_with_progress

DEMO_CONTACTS = 300


def application() -> QApplication:
    """The QApplication, created once, with the names QSettings files are kept under."""
    app = QApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or sys.platform in ("win32", "darwin")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(sys.argv[:1])
    app.setOrganizationName("crmdesk")
    app.setApplicationName("crmdesk")
    assert isinstance(app, QApplication)
    return app


def offer_demo(window: MainWindow, messages: Messages) -> bool:
    """On a new, empty database, offer demo contacts to try things out with."""
    if window.services.contacts.count() or window.services.accounts.count():
        return False
    if not messages.ask(window, "Welcome to crmdesk",
                        f"This database is new and empty.\n\nFill it with {DEMO_CONTACTS} "
                        "demo contacts and their companies, to try crmdesk out? (Start a "
                        "fresh database later with --db or File > New database.)"):
        return False
    from crmdesk.services import demo

    run_with_progress(window, "Demo data", "Creating demo contacts…",
                      lambda progress, cancelled: demo.fill(
                          window.services, DEMO_CONTACTS, progress=progress,
                          cancelled=cancelled))
    for view in (window.contacts, window.accounts):
        view.apply_search()
    return True


def save_screenshot(window: MainWindow, path: str) -> int:
    window.resize(1280, 800)
    window.show()
    QApplication.processEvents()
    target = Path(path)
    if target.parent and not target.parent.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(target), "PNG"):
        print(f"crmdesk: cannot write the screenshot to {target}.", file=sys.stderr)
        return 2
    return 0


def run(url: str, view: str = "contacts", screenshot: str | None = None,
        messages: Messages | None = None) -> int:
    app = application()
    messages = messages or Messages()
    path = config.sqlite_path(url)
    is_new = path is not None and not path.exists()
    try:
        services = Services.open(url)
    except DatabaseError as exc:
        if screenshot:
            print(f"crmdesk: {exc}", file=sys.stderr)
        else:
            messages.error(None, "crmdesk", str(exc))
        return 2
    try:
        window = MainWindow(services, messages)
        window.show_view(view)
        if screenshot:
            return save_screenshot(window, screenshot)
        window.show()
        if is_new:
            offer_demo(window, messages)
        return app.exec()
    finally:
        services.close()
