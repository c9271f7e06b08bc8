"""Ways a database lets a write down, made real for tests: another program holding the
write lock, a full disk, a read-only file.  Used by the service and the window tests."""

from __future__ import annotations

import sqlite3

from sqlalchemy import event


def on_every_connection(services, *pragmas: str) -> None:  # noqa: ANN001 - Services
    """Run ``pragmas`` on each new connection of the services' pool (emptied first)."""
    engine = services.db.engine
    engine.dispose()

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
        for pragma in pragmas:
            dbapi_connection.execute(pragma)


def hold_write_lock(services) -> sqlite3.Connection:  # noqa: ANN001
    """Another program in the middle of writing: it holds SQLite's write lock (roll it back
    to let go); crmdesk's writes wait only 50 ms for it, not the 30 s of the command line."""
    on_every_connection(services, "PRAGMA busy_timeout=50")
    services.db.write_wait = 0
    other = sqlite3.connect(services.db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def fill_up(services) -> None:  # noqa: ANN001
    """No room to grow: SQLite answers SQLITE_FULL, as on a full disk."""
    with sqlite3.connect(services.db.path) as con:
        pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    on_every_connection(services, f"PRAGMA max_page_count={pages}")


def make_read_only(services) -> None:  # noqa: ANN001
    on_every_connection(services, "PRAGMA query_only=1")
