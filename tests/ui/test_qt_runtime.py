"""The Qt binding must not corrupt the interpreter (PySide6 6.12.0 did, on Python 3.11)."""

import sys

from PySide6.QtCore import QPointF


def test_void_qt_calls_keep_none_alive() -> None:
    point = QPointF()
    before = sys.getrefcount(None)
    for _ in range(10_000):
        point.setX(1.0)
    assert before - sys.getrefcount(None) < 100
