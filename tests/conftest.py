"""Shared fixtures: every test gets its own temporary database, config and data folder.

Qt must run offscreen and must never see the user's real settings or data, so
the environment is set here, before anything imports Qt or platformdirs; that
session-wide sandbox covers what runs outside a test (collection, imports), and
``own_folders`` gives each test fresh folders of its own.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

_SANDBOX = Path(tempfile.mkdtemp(prefix="crmdesk-tests-"))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["XDG_CONFIG_HOME"] = str(_SANDBOX / "config")
os.environ["XDG_DATA_HOME"] = str(_SANDBOX / "data")
os.environ.pop("CRMDESK_DB", None)

import pytest  # noqa: E402

from crmdesk import config  # noqa: E402
from crmdesk.records import AddressEntry, ContactRecord, EmailEntry, PhoneEntry  # noqa: E402
from crmdesk.settings import Settings  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(autouse=True)
def own_folders(tmp_path_factory: pytest.TempPathFactory,
                monkeypatch: pytest.MonkeyPatch) -> Path:
    """Fresh config and data folders for this test: settings.json, the error log, the
    default database and the window's QSettings all land there, and go with the test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    if not (config.config_dir().is_relative_to(home) and config.data_dir().is_relative_to(home)):
        pytest.exit("platformdirs ignores XDG_CONFIG_HOME/XDG_DATA_HOME on this system, so "
                    "the tests would write to the real crmdesk folders; stopping.", returncode=3)
    # Qt reads XDG_CONFIG_HOME once, at the first QSettings; after that only setPath moves it.
    # Until a test has imported Qt there is nothing to move (and core tests stay Qt-free).
    qt_core = sys.modules.get("PySide6.QtCore")
    if qt_core is not None:
        settings = qt_core.QSettings
        for fmt in (settings.Format.NativeFormat, settings.Format.IniFormat):
            settings.setPath(fmt, settings.Scope.UserScope, str(home / "config"))
    return home


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return "sqlite:///" + str(tmp_path / "crmdesk.db")


@pytest.fixture
def services(db_url: str):
    from crmdesk.services.wiring import Services

    svc = Services.open(db_url, Settings(default_region="DK"))
    yield svc
    svc.close()


def make_contact(first: str = "Søren", last: str = "Müller", **fields) -> ContactRecord:
    """A typical Danish customer; any field can be overridden."""
    defaults = dict(
        company="Novo Nordisk A/S",
        job_title="Purchasing Manager",
        phones=[PhoneEntry("+45 33 12 34 56", "work")],
        emails=[EmailEntry(f"{first.lower()}@example.dk", "work")],
        addresses=[AddressEntry("work", "Søndergade 4", "8000", "Århus C", "", "DK")],
    )
    defaults.update(fields)
    return ContactRecord(first_name=first, last_name=last, **defaults)


@pytest.fixture
def contact_factory():
    return make_contact


class FakeMessages:
    """Stands in for crmdesk.ui.messages.Messages: records what the user was told."""

    def __init__(self) -> None:
        self.confirm_answer = True
        self.ask_answer = False
        #: index of the choice ``choose`` answers with, -1 for Cancel
        self.choose_answer = -1
        self.text_answer = ""
        self.file_to_open = ""
        self.files_to_open: list[str] = []
        self.file_to_save = ""
        self.shown: list[tuple[str, str, str]] = []

    def confirm(self, parent, title, text, action) -> bool:  # noqa: ANN001
        self.shown.append(("confirm", title, text))
        return self.confirm_answer

    def ask(self, parent, title, text) -> bool:  # noqa: ANN001
        self.shown.append(("ask", title, text))
        return self.ask_answer

    def error(self, parent, title, text) -> None:  # noqa: ANN001
        self.shown.append(("error", title, text))

    def choose(self, parent, title, text, choices) -> int:  # noqa: ANN001
        self.shown.append(("choose", title, text))
        self.choices = list(choices)
        return self.choose_answer

    def info(self, parent, title, text) -> None:  # noqa: ANN001
        self.shown.append(("info", title, text))

    def ask_text(self, parent, title, label) -> str:  # noqa: ANN001
        self.shown.append(("ask_text", title, label))
        return self.text_answer

    def open_file(self, parent, title, filters) -> str:  # noqa: ANN001
        return self.file_to_open

    def open_files(self, parent, title, filters) -> list[str]:  # noqa: ANN001
        return list(self.files_to_open)

    def save_file(self, parent, title, suggested, filters) -> str:  # noqa: ANN001
        return self.file_to_save


@pytest.fixture
def messages() -> FakeMessages:
    return FakeMessages()


@pytest.fixture
def main_window(qtbot, services, messages):
    """The real main window on a fresh database holding 60 demo contacts, and an empty
    calendar, pipeline, service desk and campaign list (each test books what its story
    needs)."""
    from sqlalchemy import delete

    from crmdesk.models import (
        Activity,
        Campaign,
        Case,
        CaseSubject,
        Lead,
        Opportunity,
        Product,
        TicketCounter,
    )
    from crmdesk.services import demo
    from crmdesk.ui.app import application
    from crmdesk.ui.main_window import MainWindow

    application()
    demo.fill(services, 60)
    with services.db.writing() as session:
        session.execute(delete(Activity))
        # quotes go with their opportunities, members and responses with their campaigns
        for model in (Case, CaseSubject, TicketCounter, Campaign, Opportunity, Lead, Product):
            session.execute(delete(model))
        for model in (Opportunity, Lead, Case, Campaign):
            services.index.rebuild(session, model)
    window = MainWindow(services, messages)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
