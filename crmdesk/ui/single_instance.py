"""One window per database: a second start brings the first window forward.

Two crmdesk windows on one SQLite file would be two writers racing, so the
first start takes the database's window lock (``crmdesk.window_lock``, which
``crmdesk restore`` asks without Qt) and listens on a local socket
(QLocalServer) of the same name.  A second start finds the lock taken,
connects, sends ``raise`` and exits; the first emits ``raise_requested`` and
the window comes forward.  The operating system drops the lock of a crashed
process, and its stale socket is removed before the next start listens.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from crmdesk import config
from crmdesk.window_lock import WindowLock, instance_name

MESSAGE = b"raise\n"
CONNECT_TIMEOUT_MS = 500
#: how long a second start keeps asking a first one that holds the lock but does not
#: listen yet (it is starting)
STARTING_S = 3.0


def _send_raise(name: str) -> bool:
    """Connect to a running instance and ask it to come forward; False if nobody listens."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(MESSAGE)
    socket.flush()
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


class SingleInstance(QObject):
    """Owns the local server of one database while its window is open."""

    raise_requested = Signal()

    def __init__(self, database: config.DatabaseLocation,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = instance_name(database)
        self.server: QLocalServer | None = None
        self._lock = WindowLock(database)

    def start(self) -> bool:
        """Become the instance for this database (True), or raise the running one (False)."""
        deadline = time.monotonic() + STARTING_S
        while not self._lock.acquire():
            if _send_raise(self.name) or time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        return self._listen()

    def _listen(self) -> bool:
        QLocalServer.removeServer(self.name)  # a stale socket of a crashed process
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # No single-instance protection is better than no crmdesk at all.
            return True
        server.newConnection.connect(self._on_connection)
        self.server = server
        return True

    def _on_connection(self) -> None:
        assert self.server is not None
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(self._on_ready_read)
            socket.disconnected.connect(socket.deleteLater)
            self._read(socket)

    def _on_ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if socket.canReadLine() and bytes(socket.readLine().data()) == MESSAGE:
            self.raise_requested.emit()

    def close(self) -> None:
        """Stop listening and let the lock go, so another start (or a restore) may take
        the database."""
        if self.server is not None:
            self.server.close()  # the QObject itself goes with its parent, self
            self.server = None
        self._lock.release()


def bring_forward(window: QWidget) -> None:
    """Un-minimise, raise and focus a window (the window manager may only flash it)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
