"""Child process for bench_foundation: open the main window, report timings and memory.

Prints one JSON line: seconds from interpreter start to the first page of
contacts painted, and resident memory after scrolling the list to the end.
"""

from __future__ import annotations

import json
import os
import sys
import time

import psutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(url: str) -> None:
    started = psutil.Process().create_time()
    from PySide6.QtWidgets import QApplication

    from crmdesk.services.wiring import Services
    from crmdesk.ui.app import application
    from crmdesk.ui.main_window import MainWindow

    app = application()
    services = Services.open(url)
    window = MainWindow(services)
    window.show()
    table = window.contacts.table
    table.viewport().grab()  # paints the visible rows: the first page is loaded and drawn
    shown = time.time() - started
    rows = window.contacts.model.rowCount()
    table.scrollToBottom()
    QApplication.processEvents()
    table.viewport().grab()
    rss_mb = psutil.Process().memory_info().rss / 1e6
    print(json.dumps({"shown_s": round(shown, 3), "rows": rows, "rss_mb": round(rss_mb, 1),
                      "pages_loaded": window.contacts.model.loaded_pages}))
    window.close()
    services.close()
    del app


if __name__ == "__main__":
    main(sys.argv[1])
