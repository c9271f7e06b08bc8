"""Screenshots of the main window, card grid, menus and dialogs at 1280x800 and 1920x1080.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py docs/screenshots

Offscreen, on a fresh demo database in a temporary folder (never the user's data).
"""
import os
import sys
import tempfile
from datetime import date, datetime, timedelta

tmp = tempfile.mkdtemp()
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["XDG_CONFIG_HOME"] = tmp + "/config"
os.environ["XDG_DATA_HOME"] = tmp + "/data"
from PySide6.QtCore import QPoint, QSettings  # noqa: E402
from PySide6.QtGui import QPainter  # noqa: E402

from crmdesk.kinds import RecordRef, resolve  # noqa: E402
from crmdesk.records import (  # noqa: E402
    ActivityKind,
    ActivityRecord,
    ActivityStatus,
    ParticipantEntry,
)
from crmdesk.services import demo  # noqa: E402
from crmdesk.services.listing import ListQuery  # noqa: E402
from crmdesk.services.wiring import Services  # noqa: E402
from crmdesk.settings import Settings  # noqa: E402
from crmdesk.timezones import override  # noqa: E402
from crmdesk.ui.activities.activity_dialog import ActivityDialog  # noqa: E402
from crmdesk.ui.app import application  # noqa: E402
from crmdesk.ui.calendar.calendar_view import Mode  # noqa: E402
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
override("Europe/Copenhagen")


def fill_calendar() -> int:
    """A salesperson's week around today: a weekly review, customer meetings (two of them
    overlapping), calls, a trade fair, a cancelled visit and open tasks; the id of the
    weekly review."""
    contacts = services.contacts.rows(list(services.contacts.ids(ListQuery()))[:8])
    monday = date.today() - timedelta(days=date.today().weekday())

    def at(day: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(monday + timedelta(days=day), datetime.min.time()) + \
            timedelta(hours=hour, minutes=minute)

    def add(subject: str, day: int, hour: int, minutes: int, **fields) -> ActivityRecord:
        fields.setdefault("tzid", "Europe/Copenhagen")
        start = at(day, hour, fields.pop("minute", 0))
        return services.activities.save(ActivityRecord(
            subject=subject, start=start, end=start + timedelta(minutes=minutes), **fields))

    def about(n: int) -> dict:
        return {"regarding": RecordRef("contact", contacts[n].id)}

    review = add("Pipeline review", -14, 9, 60, rrule="FREQ=WEEKLY;BYDAY=MO",
                 location="Meeting room 2", participants=[
                     ParticipantEntry("organizer", contacts[7].id, None,
                                      contacts[7].display_name, contacts[7].email),
                     ParticipantEntry("required", contacts[2].id, None,
                                      contacts[2].display_name, contacts[2].email)])
    add("Lunch with " + contacts[0].display_name, 1, 12, 90, location="Aarhus",
        **about(0))
    add("Product demo", 1, 12, 90, minute=30, location="Customer site", **about(1))
    add("Quarterly business review", 3, 10, 120, location="Copenhagen", **about(2))
    add("Visit " + contacts[3].display_name, 4, 14, 60, status=ActivityStatus.CANCELLED,
        **about(3))
    add("Call back " + contacts[4].display_name, 2, 10, 15, kind=ActivityKind.CALL,
        **about(4))
    add("Follow-up call", 0, 15, 30, kind=ActivityKind.CALL, **about(5))
    add("Team stand-up", -7, 8, 15, rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")
    services.activities.save(ActivityRecord(subject="Trade fair Bella Center",
                                            start=at(3, 0), end=at(5, 0), all_day=True))
    for n, (subject, day) in enumerate((("Send the quote", -2), ("Prepare slides", 2),
                                        ("Renew the service contract", 9))):
        services.activities.save(ActivityRecord(
            kind=ActivityKind.TASK, subject=subject, start=at(day, 16),
            tzid="Europe/Copenhagen", **about(n + 5)))
    for week in range(-3, 6):
        add("Customer visit", 7 * week + 2, 13, 90, location="On the road", **about(6))
    return review.id


review_id = fill_calendar()


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
    window.show_tab("calendar")
    for mode in (Mode.WEEK, Mode.MONTH, Mode.DAY):
        window.calendar.go_today()
        window.calendar.set_mode(mode)
        settle()
        window.grab().save(f"{out}/calendar-{mode.name.lower().replace('_', '-')}-{w}x{h}.png")
    window.calendar.set_mode(Mode.WEEK)
    dialog = ActivityDialog(services, services.activities.get(review_id), window, Messages())
    dialog.show()
    dialog.resize(min(w - 300, 960), min(h - 120, 760))
    settle()
    dialog.grab().save(f"{out}/activity-dialog-1-{w}x{h}.png")
    dialog.tabs.setCurrentIndex(1)
    settle()
    dialog.grab().save(f"{out}/activity-dialog-2-{w}x{h}.png")
    dialog.reject()
    trash = DeletedItemsDialog(services, Messages(), Tasks(window), window)
    trash.resize(min(w - 200, 1000), min(h - 200, 600))
    trash.show()
    settle()
    trash.grab().save(f"{out}/deleted-items-{w}x{h}.png")
    trash.reject()
    window.close()
print("saved to", out)
