"""Help > About: the version, the versions underneath, and every shipped licence.

The licence list is read from the installed distributions' metadata
(``importlib.metadata``), walking crmdesk's own requirements, so it stays
true as dependencies change; the frozen build ships that metadata too
(``copy_metadata("crmdesk", recursive=True)`` in the PyInstaller spec).
Things that are shipped but are not Python distributions (Qt itself, Python,
SQLite, the DejaVu font) are listed by hand.
"""

from __future__ import annotations

import platform
import re
import sqlite3
import sys
from dataclasses import dataclass
from html import escape
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk import __version__

#: Shipped with every build but not described by a Python distribution's metadata.
NON_PYTHON = (
    ("Qt", qVersion(), "LGPL-3.0-only (dynamically linked, as shipped by PySide6)"),
    ("Python", platform.python_version(), "PSF-2.0"),
    ("SQLite", sqlite3.sqlite_version, "Public domain"),
    ("DejaVu fonts", "2.37", "Bitstream Vera / DejaVu licence (free)"),
)


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str


def _licence(meta: metadata.PackageMetadata) -> str:
    """License-Expression, else a short License field, else the trove classifiers."""
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 60:
        return text
    classifiers = [c.rsplit(" :: ", 1)[-1] for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    return ", ".join(classifiers) or "see the package"


def _requirement_name(requirement: str) -> str | None:
    """The distribution a runtime requirement names; None for extras-only ones."""
    if ";" in requirement and "extra ==" in requirement.split(";", 1)[1]:
        return None
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return match.group(1) if match else None


def shipped_components(root: str = "crmdesk") -> list[Component]:
    """crmdesk's runtime dependencies, transitively, with version and licence."""
    seen: dict[str, Component] = {}
    todo = list(metadata.requires(root) or []) if _has(root) else []
    while todo:
        name = _requirement_name(todo.pop())
        if name is None or name.lower().replace("_", "-") in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a marker excluded it on this platform
        seen[name.lower().replace("_", "-")] = Component(
            dist.metadata["Name"], dist.version, _licence(dist.metadata))
        todo += dist.requires or []
    return sorted(seen.values(), key=lambda c: c.name.lower())


def _has(name: str) -> bool:
    try:
        metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return False
    return True


def all_components() -> list[Component]:
    return [Component(*row) for row in NON_PYTHON] + shipped_components()


def _version_of(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


class AboutDialog(QDialog):
    """Version, platform, database, and a table of the shipped libraries' licences."""

    def __init__(self, database: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About crmdesk")
        self.setObjectName("aboutDialog")
        icon = self.windowIcon().pixmap(64, 64)
        header = QLabel()
        if not icon.isNull():
            header.setPixmap(icon)
        title = QLabel(
            f"<h2>crmdesk {__version__}</h2>"
            "<p>An offline desktop CRM and contact manager. MIT licence.</p>"
            f"<p>Qt {qVersion()} · PySide6 {pyside_version} · "
            f"SQLAlchemy {_version_of('SQLAlchemy')} · Python {platform.python_version()} "
            f"· SQLite {sqlite3.sqlite_version}<br>{platform.system()} {platform.machine()}"
            f"{' (frozen build)' if getattr(sys, 'frozen', False) else ''}</p>"
            + (f"<p>Database: {escape(database)}</p>" if database else ""))
        title.setObjectName("aboutText")
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        title.setWordWrap(True)

        self.components = all_components()
        table = QTableWidget(len(self.components), 3)
        table.setObjectName("licences")
        table.setHorizontalHeaderLabels(["Component", "Version", "Licence"])
        for row, comp in enumerate(self.components):
            for col, value in enumerate((comp.name, comp.version, comp.licence)):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(row, col, item)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.resizeColumnsToContents()
        self.table = table

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(title)
        layout.addWidget(QLabel("Shipped libraries and their licences:"))
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(640, 520)
