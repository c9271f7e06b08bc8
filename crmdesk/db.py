"""The database: engine, sessions, SQLite pragmas and migrations at start-up.

``open_database(url)`` is the one place a database is opened (the command line's
quick reads look at an up-to-date SQLite file through ``sqlite_file.plain_reader``,
after the same checks).  It checks the file before SQLite touches it (a folder, a
text file or a missing path is refused, and nothing is changed), creates a missing
SQLite file with mode 0600 only when asked to (commands that write), refuses a
database whose schema crmdesk did not make (``migrations.schema``) or one made by a
newer crmdesk, turns on WAL, foreign keys and a busy timeout for every connection,
backs up an older database and upgrades it in place with the Alembic migrations
shipped in the package.

Writes go through ``Database.writing()``: the transaction takes SQLite's write lock
when it begins, so two writers queue up instead of failing half-way, and a writer
that waits long is told so and then given one sentence, never "database is locked".
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from crmdesk import config, files
from crmdesk.errors import DatabaseBusy, DatabaseError
from crmdesk.sqlite_file import check_schema, prepare_file, reason

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 5000
#: How long a write waits for another writer (an import, a restore) before giving up.
WRITE_WAIT_S = 30.0
_WRITE = "crmdesk_write"


@dataclass
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    #: Called once when a write has waited BUSY_TIMEOUT_MS for another writer and goes
    #: on waiting (the command line prints a note).
    on_wait: Callable[[], None] | None = None
    #: How long a write waits for another writer in all (at least BUSY_TIMEOUT_MS); None
    #: is WRITE_WAIT_S, as the command line waits. The window, whose GUI thread would
    #: freeze, waits less.
    write_wait: float | None = None

    @contextlib.contextmanager
    def writing(self) -> Iterator[Session]:
        """A session for one write, committed at the end (rolled back on an error).

        On SQLite its transaction takes the write lock as it begins (``BEGIN IMMEDIATE``):
        a deferred transaction that read first could not take the lock later once
        another process had committed, and would fail half-way.  While another writer
        holds the lock this waits, up to ``write_wait``, then raises DatabaseBusy."""
        writes = self._writes
        wait = WRITE_WAIT_S if self.write_wait is None else self.write_wait
        deadline = time.monotonic() + wait
        told = False
        while True:
            session = writes()
            try:
                session.connection()
                break
            except OperationalError as exc:
                session.close()
                if not is_busy(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise DatabaseBusy(busy_sentence(self.path, wait)) from None
                if not told and self.on_wait is not None:
                    self.on_wait()
                told = True
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @functools.cached_property
    def _writes(self) -> sessionmaker[Session]:
        return sessionmaker(self.engine.execution_options(**{_WRITE: True}),
                            expire_on_commit=False, autoflush=False)

    @property
    def path(self) -> Path | None:
        return config.sqlite_path(self.url)

    def close(self) -> None:
        self.engine.dispose()


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # pysqlite's own transaction handling would defer BEGIN; let SQLAlchemy emit it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _on_sqlite_begin(conn) -> None:  # noqa: ANN001 - SQLAlchemy Connection
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE)
                         else "BEGIN")


def is_busy(exc: BaseException) -> bool:
    """Whether a database error means another connection holds the lock."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    return "database is locked" in text or "database is busy" in text or (
        "database table is locked" in text)


def busy_sentence(path: Path | None, waited: float) -> str:
    where = f" to {path}" if path else ""
    waited = max(waited, BUSY_TIMEOUT_MS / 1000)
    return (f"The database is busy: another program (an import, a restore or a crmdesk "
            f"window) has been writing{where} for over {waited:.0f} seconds. Nothing was "
            "saved; try again when it has finished.")


def make_engine(url: str, *, create: bool = True) -> Engine:
    """An engine for ``url``; for an SQLite file, ``prepare_file`` checks it first."""
    path = config.sqlite_path(url)
    if path is None:
        return create_engine(url, pool_pre_ping=True)
    prepare_file(path, create=create)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def _alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def backup_sqlite(source: Path | sqlite3.Connection, target: Path, *,
                  read_only: bool = False) -> Path:
    """Copy a live SQLite database consistently, with SQLite's online backup API, to
    ``target``: private from the first byte, one self-contained file (not WAL), put in
    place only when complete (``files.replacing``).

    ``source`` is a path, or a connection already open on it (whose read snapshot is
    then what is copied).  ``read_only`` opens a source path so that nothing (not even
    a WAL file) is written beside it, for copying a file the user only picked, such as
    a restore.
    """
    if isinstance(source, sqlite3.Connection):
        src, own = source, False
    elif read_only:
        src, own = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True), True
    else:
        src, own = sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000), True
    try:
        with files.replacing(target) as tmp:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
    finally:
        if own:
            src.close()
    return target


def open_database(url: str, *, migrate: bool = True, create: bool = True) -> Database:
    """Open and upgrade the database behind ``url``; a missing SQLite file is created
    only with ``create`` (what writes: the window, demo, import)."""
    try:
        engine = make_engine(url, create=create)
        path = config.sqlite_path(url)
        if path is not None and path.stat().st_size:
            check_schema(path)
        if migrate:
            _migrate(engine, url)
    except DatabaseError:
        raise
    except Exception as exc:  # noqa: BLE001 - shown to the user as a sentence
        raise DatabaseError(f"Cannot open the database {url}: {reason(exc)}. Use another "
                            "database file, or restore a backup of this one.") from exc
    return Database(url, engine, sessionmaker(engine, expire_on_commit=False, autoflush=False))


def _stored_revision(engine: Engine) -> str | None:
    """The revision recorded in the database, read without Alembic (None if none)."""
    with engine.connect() as conn:
        if "alembic_version" not in inspect(conn).get_table_names():
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _create_fresh(engine: Engine) -> None:
    """Build the newest schema directly in an empty database and record it as current.

    Alembic's cookbook way ("create_all, then stamp head"): replaying every
    migration on a new file costs a quarter of a second at first start; a test
    checks that both ways give the same schema.
    """
    from crmdesk.migrations import HEAD
    from crmdesk.models import Base
    from crmdesk.models.sales import create_default_stages
    from crmdesk.models.search import create_index_tables

    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        create_index_tables(conn)
        create_default_stages(conn)
        conn.exec_driver_sql(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
        conn.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES (?)", (HEAD,))


def _migrate(engine: Engine, url: str) -> None:
    from crmdesk.migrations import HEAD

    stored = _stored_revision(engine)
    if stored == HEAD:
        return
    path = config.sqlite_path(url)
    if stored is None and path is not None:
        with engine.connect() as conn:
            empty = not conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        if not empty:
            raise DatabaseError(
                f"{path} is not a crmdesk database (it has tables but no crmdesk schema "
                "version); nothing was changed. Choose another file with --db.")
        _create_fresh(engine)
        return
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return
    has_tables = bool(inspect(engine).get_table_names())
    if current is None and has_tables:
        raise DatabaseError(
            f"{url} is not a crmdesk database (it has tables but no crmdesk schema version). "
            "Choose another file with --db."
        )
    if current is not None and path is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_sqlite(path, path.with_name(f"{path.stem}.before-{head}-{stamp}{path.suffix}"))
    upgrade(engine)
