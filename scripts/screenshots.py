"""Screenshots of the main window, card grid, menus and dialogs at 1280x800 and 1920x1080.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py docs/screenshots

Offscreen, on a fresh demo database in a temporary folder (never the user's data).
"""
import os
import sys
import tempfile

tmp = tempfile.mkdtemp()
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["XDG_CONFIG_HOME"] = tmp + "/config"
os.environ["XDG_DATA_HOME"] = tmp + "/data"
from PySide6.QtCore import QPoint, QSettings  # noqa: E402
from PySide6.QtGui import QPainter  # noqa: E402

from crmdesk.kinds import resolve  # noqa: E402
from crmdesk.services import demo  # noqa: E402
from crmdesk.services.listing import ListQuery  # noqa: E402
from crmdesk.services.wiring import Services  # noqa: E402
from crmdesk.settings import Settings  # noqa: E402
from crmdesk.ui.app import application  # noqa: E402
from crmdesk.ui.main_window import MainWindow  # noqa: E402
from crmdesk.ui.messages import Messages  # noqa: E402
from crmdesk.ui.tasks import Tasks  # noqa: E402
from crmdesk.ui.trash_dialog import DeletedItemsDialog  # noqa: E402

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
app = application()
services = Services.open(f"sqlite:///{tmp}/demo.db", Settings(default_region="DK"))
demo.fill(services, 400)
services.contacts.discard(list(services.contacts.ids(ListQuery()))[5:9])


def settle():
    for _ in range(6):
        app.processEvents()


def with_menu(window, menu, at, path):
    menu.popup(at)
    settle()
    shot = window.grab()
    painter = QPainter(shot)
    painter.drawPixmap(window.mapFromGlobal(menu.pos()), menu.grab())
    painter.end()
    shot.save(path)
    menu.close()


for w, h in ((1280, 800), (1920, 1080)):
    QSettings().clear()
    window = MainWindow(services, Messages())
    window.show()
    window.resize(w, h)
    settle()
    view = window.contacts
    view.select_row(3)
    settle()
    window.grab().save(f"{out}/contacts-{w}x{h}.png")
    rect = view.table.visualRect(view.model.index(3, 1))
    with_menu(window, view.row_menu(), view.table.viewport().mapToGlobal(rect.center()),
              f"{out}/row-menu-{w}x{h}.png")
    header = view.table.horizontalHeader()
    with_menu(window, view.columns.menu(), header.mapToGlobal(QPoint(300, header.height())),
              f"{out}/column-chooser-{w}x{h}.png")
    view.set_mode(1)
    settle()
    window.grab().save(f"{out}/cards-{w}x{h}.png")
    view.set_mode(0)
    window.show_view("accounts")
    window.accounts.select_row(2)
    settle()
    window.grab().save(f"{out}/accounts-{w}x{h}.png")
    for kind_view in (window.contacts, window.accounts):
        kind = kind_view.kind
        lister = getattr(services, kind.service)
        record = lister.get(lister.ids(ListQuery())[3])
        dialog = resolve(kind.dialog)(services, record, Messages(), parent=window)
        dialog.show()
        settle()
        for i in range(dialog.tabs.count() if dialog.tabs else 1):
            if dialog.tabs:
                dialog.tabs.setCurrentIndex(i)
            settle()
            dialog.grab().save(f"{out}/{kind.name}-dialog-{i + 1}-{w}x{h}.png")
        dialog.reject()
    trash = DeletedItemsDialog(services, Messages(), Tasks(window), window)
    trash.resize(min(w - 200, 1000), min(h - 200, 600))
    trash.show()
    settle()
    trash.grab().save(f"{out}/deleted-items-{w}x{h}.png")
    trash.reject()
    window.close()
print("saved to", out)
