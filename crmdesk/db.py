"""The database: engine, sessions, SQLite pragmas and migrations at start-up.

``open_database(url)`` is the one place a database is opened.  It creates a
missing SQLite file with mode 0600, turns on WAL, foreign keys and a busy
timeout for every connection, backs up an older database and upgrades it in
place with the Alembic migrations shipped in the package.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Connection, Date, DateTime, Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from crmdesk import config
from crmdesk.errors import DatabaseError

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 5000
BULK_CACHE_KIB = 16 * 1024


@dataclass
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def path(self) -> Path | None:
        return config.sqlite_path(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.engine.dispose()


@functools.cache  # once per process: the adapters are the driver's, not an engine's
def _store_dates_as_sqlalchemy_does() -> None:
    """Bulk inserts hand rows straight to the driver (SQLAlchemy's per-row parameter
    handling cost more than SQLite's insert): dates and times then go through
    SQLAlchemy's own SQLite Date and DateTime conversions, not the driver's default
    adapters (deprecated since Python 3.12, and different: no microseconds when they are
    zero).  Memoised: every row of an import carries the same "created" time."""
    from sqlalchemy.dialects import sqlite

    dialect = sqlite.dialect()
    for kind, column_type in ((datetime, DateTime()), (date, Date())):
        convert = column_type.dialect_impl(dialect).bind_processor(dialect)
        sqlite3.register_adapter(kind, functools.lru_cache(maxsize=4096)(convert))


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # pysqlite's own transaction handling would defer BEGIN; let SQLAlchemy emit it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@contextlib.contextmanager
def bulk_page_cache(conn: Connection) -> Iterator[None]:
    """A 16 MB SQLite page cache for this connection while a bulk write runs (SQLite's
    default is 2 MB).  An import into 100,000 contacts inserts into index pages all over
    (e-mail keys, E.164 numbers, sort names) and read them back from the OS again and
    again: 0.2 s of its 2.6 s.  The size is restored after, as the pooled connection
    outlives the import.  Nothing to do on other databases."""
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.driver_connection
    old = int(raw.execute("PRAGMA cache_size").fetchone()[0])
    raw.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size={old}")


def _on_sqlite_begin(conn) -> None:  # noqa: ANN001 - SQLAlchemy Connection
    conn.exec_driver_sql("BEGIN")


def make_engine(url: str) -> Engine:
    path = config.sqlite_path(url)
    if path is None:
        return create_engine(url, pool_pre_ping=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    os.chmod(path, 0o600)
    _store_dates_as_sqlalchemy_does()
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


def backup_sqlite(source: Path, target: Path, *, read_only: bool = False) -> Path:
    """Copy a live SQLite database consistently, with SQLite's online backup API.

    ``read_only`` opens the source so that nothing (not even a WAL file) is
    written beside it, for copying a file the user only picked, such as a restore.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    if read_only:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    else:
        src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.chmod(target, 0o600)
    return target


def ids_assigned(conn: Connection, *tables: str) -> None:
    """Tell the database that rows were inserted with ids chosen by us (bulk inserts).

    SQLite picks the next id from the table itself; PostgreSQL keeps a sequence
    that must be moved past the ids we wrote, or the next ordinary insert collides.
    """
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 1), "
            f"(SELECT MAX(id) FROM {table}) IS NOT NULL)")


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open (creating if needed) and upgrade the database behind ``url``."""
    try:
        engine = make_engine(url)
        if migrate:
            _migrate(engine, url)
    except DatabaseError:
        raise
    except Exception as exc:  # noqa: BLE001 - shown to the user as a sentence
        raise DatabaseError(f"Cannot open the database {url}: {_reason(exc)}. Use another "
                            "database file, or restore a backup of this one.") from exc
    return Database(url, engine, sessionmaker(engine, expire_on_commit=False, autoflush=False))


def _reason(exc: Exception) -> str:
    """The driver's own words ("file is not a database"), without SQLAlchemy's wrapping
    (exception class, statement, "Background on this error at: https://...")."""
    return str(getattr(exc, "orig", None) or exc).strip().rstrip(".")


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
    from crmdesk.services.search_index import create_index_tables

    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        create_index_tables(conn)
        conn.exec_driver_sql(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
        conn.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES (?)", (HEAD,))


def _migrate(engine: Engine, url: str) -> None:
    from crmdesk.migrations import HEAD

    stored = _stored_revision(engine)
    if stored == HEAD:
        return
    if stored is None and engine.dialect.name == "sqlite" and not inspect(
            engine).get_table_names():
        _create_fresh(engine)
        return
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return
    path = config.sqlite_path(url)
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
