"""Qt without a window: the offscreen platform when there is no display, and a GUI app.

Fonts and PDF painting need a QGuiApplication even on a server; the command
line's ``print`` and ``--screenshot`` come here so they also work over ssh.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import QGuiApplication

_APP: QGuiApplication | None = None  # kept alive for the process's lifetime


def offscreen_without_display() -> None:
    """Choose Qt's offscreen platform when no display is there to show windows on."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
            or sys.platform in ("win32", "darwin")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def ensure_gui_app() -> QGuiApplication:
    """The running Qt application, or a new windowless one for painting."""
    global _APP
    app = QGuiApplication.instance()
    if app is None:
        offscreen_without_display()
        _APP = app = QGuiApplication([sys.argv[0] if sys.argv else "crmdesk"])
    assert isinstance(app, QGuiApplication)
    return app
