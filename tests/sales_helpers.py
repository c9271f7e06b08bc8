"""What the sales window tests share: a window whose leads and opportunities are only
those a test makes, and acting on the dialog an action opens."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def in_dialog(use: Callable[[QWidget], None]) -> list[QWidget]:
    """Run ``use`` on the modal dialog that the next action opens (it must close it)."""
    seen: list[QWidget] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None, "a dialog opened"
        seen.append(dialog)
        use(dialog)

    QTimer.singleShot(0, run)
    return seen


def without_sales(services) -> None:  # noqa: ANN001
    """No leads or opportunities but the test's own (the demo may make some)."""
    from sqlalchemy import delete

    from crmdesk.models import Lead, Opportunity, Quote

    with services.db.writing() as session:
        for model in (Quote, Opportunity, Lead):
            session.execute(delete(model))


def list_ids(view) -> list[int]:  # noqa: ANN001
    return [view.model.id_at(r) for r in range(view.model.rowCount())]
