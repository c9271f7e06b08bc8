"""Work around PySide6/shiboken6 6.12 dropping a reference to ``None`` on Python 3.11.

Measured here: with shiboken6 6.12.0 on CPython 3.11, every call of a Qt
method that returns ``void`` (``QPainter.setPen``, ``QObject.setObjectName``,
``QPointF.setX`` ...) lowers ``sys.getrefcount(None)`` by one, as if ``None``
were immortal (it is only from Python 3.12 on). A 10,000-contact PDF makes
hundreds of thousands of such calls and the process aborts with "Fatal Python
error: none_dealloc". Giving ``None`` a huge reference count is what 3.12 does
by design; it is harmless and is a no-op on 3.12+.
"""

from __future__ import annotations

import ctypes
import sys

_BALLAST = 1 << 60


def keep_none_alive() -> None:
    """Make ``None`` effectively immortal on CPython < 3.12 (idempotent)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is PyObject's first field
    if refcount.value < _BALLAST // 2:
        refcount.value += _BALLAST
