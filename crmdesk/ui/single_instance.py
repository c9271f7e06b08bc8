"""One window per database: a second start brings the first window forward.

Two crmdesk windows on one SQLite file would be two writers racing, so the
first start listens on a local socket (QLocalServer) named after a hash of
the user and the database path.  A second start connects, sends ``raise``
and exits; the first emits ``raise_requested`` and the window comes forward.
A stale socket left by a crashed process is removed when nobody answers.
A QLockFile serialises two starts in the same instant.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QDir, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from crmdesk import config

MESSAGE = b"raise\n"
CONNECT_TIMEOUT_MS = 500


def _database_key(db: str | Path) -> str:
    """The same key for a path and its ``sqlite:///`` URL; a server URL as it is."""
    text = str(db)
    if "://" in text:
        path = config.sqlite_path(text)
        if path is None:
            return text
        return str(path.expanduser().resolve())
    return str(Path(text).expanduser().resolve())


def server_name(db: str | Path) -> str:
    """A short socket name for this user and database (paths can be too long for sockets)."""
    key = _database_key(db)
    digest = hashlib.sha256(f"{getpass.getuser()}\0{key}".encode()).hexdigest()[:20]
    return f"crmdesk-{digest}"


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


def is_running(db: str | Path) -> bool:
    """Is a crmdesk window open on this database? (Used by ``crmdesk restore``.)"""
    socket = QLocalSocket()
    socket.connectToServer(server_name(db))
    running = socket.waitForConnected(CONNECT_TIMEOUT_MS)
    socket.abort()
    return running


class SingleInstance(QObject):
    """Owns the local server of one database while its window is open."""

    raise_requested = Signal()

    def __init__(self, db: str | Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(db)
        self.server: QLocalServer | None = None
        self._lock = QLockFile(QDir.temp().filePath(self.name + ".lock"))
        self._lock.setStaleLockTime(10_000)

    def start(self) -> bool:
        """Become the instance for this database (True), or raise the running one (False)."""
        if not self._lock.tryLock(3000):  # another start is checking right now
            return False if _send_raise(self.name) else self._listen()
        try:
            if _send_raise(self.name):
                return False
            return self._listen()
        finally:
            self._lock.unlock()

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
        """Stop listening, so another start (or a restore) may take the database."""
        if self.server is not None:
            self.server.close()  # the QObject itself goes with its parent, self
            self.server = None


def bring_forward(window: QWidget) -> None:
    """Un-minimise, raise and focus a window (the window manager may only flash it)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
