"""Writing many rows at once, past the ORM: the one seam of the bulk writes' speed-ups.

An import, its undo and the demo data write tens of thousands of rows; through
the ORM that cost about 3 ms a contact.  A :class:`BulkWriter` writes named rows
(``table_rows``: NamedTuples whose fields are the table's columns) in one
executemany per table, inside the caller's transaction.  What makes it fast, and
lives here and nowhere else:

- On SQLite the tuples go straight to the driver: SQLAlchemy's per-row parameter
  processing cost more than SQLite's insert.  Dates and times then go through
  SQLAlchemy's own SQLite conversions, registered once per process as memoised
  ``sqlite3`` adapters (every row of an import carries the same "created" time),
  so the rows are stored exactly as the ORM stores them (a test compares the two);
  amounts (Decimals, in ``ExactDecimal`` columns) are turned into the whole numbers
  of ten-thousandths that type stores.  Other databases get Core executemany.
- While a bulk write runs, SQLite's page cache is 16 MB instead of 2 MB
  (:meth:`BulkWriter.page_cache`).  An import into 100,000 contacts inserts into
  index pages all over (e-mail keys, E.164 numbers, sort names) and read them back
  from the OS again and again: 0.2 s of its 2.6 s.
- New rows get ids the database hands out (:meth:`BulkWriter.reserve_ids`), known
  before they are written, so a contact's phones, e-mails and links are written in
  the same chunk.  Another process writing meanwhile never gets one of them.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    DateTime,
    Table,
    bindparam,
    delete,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from crmdesk.models.sales import ExactDecimal, to_units

BULK_CACHE_KIB = 16 * 1024
_IN_CHUNK = 500  # ids per IN (...), below every SQLite build's parameter limit
_RUNS = 100  # runs of ids per condition


class BulkWriter:
    """Bulk inserts, updates and deletes on one session's connection (no commit)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.conn: Connection = session.connection()
        self.sqlite = self.conn.dialect.name == "sqlite"
        if self.sqlite:
            _store_dates_as_sqlalchemy_does()
        #: SQLite: the next id of each table this writer reserves from
        self._next: dict[str, int] = {}

    def insert(self, table: Table, rows: Sequence[Any]) -> None:
        """Insert named rows (NamedTuples of one type) with one executemany."""
        if not rows:
            return
        names: tuple[str, ...] = type(rows[0])._fields
        if not self.sqlite:
            self.conn.execute(table.insert(), [r._asdict() for r in rows])
            return
        exact = _exact_positions(table, names)
        # as exact tuples: the driver reads a tuple subclass's items one method call each
        values = list(map(tuple, rows)) if not exact else [_units(r, exact) for r in rows]
        self.conn.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(names)}) "
                                  f"VALUES ({', '.join('?' * len(names))})", values)

    def update(self, table: Table, rows: Sequence[Any], columns: Sequence[str]) -> None:
        """Set ``columns`` of the rows with these ids (``row.id``) to the named rows'
        values."""
        if not rows:
            return
        fields: tuple[str, ...] = type(rows[0])._fields
        get = itemgetter(*(fields.index(c) for c in (*columns, "id")))
        values = [get(r) for r in rows]
        if not self.sqlite:
            stmt = (update(table).where(table.c.id == bindparam("_id"))
                    .values({c: bindparam(c) for c in columns}))
            self.conn.execute(stmt, [dict(zip((*columns, "_id"), v, strict=True))
                                     for v in values])
            return
        self.conn.exec_driver_sql(f"UPDATE {table.name} SET "
                                  f"{', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                                  values)

    def delete(self, table: Table, column: str, ids: Iterable[int]) -> None:
        """Delete the rows whose ``column`` is one of ``ids``."""
        for chunk in chunks(ids):
            self.conn.execute(delete(table).where(table.c[column].in_(chunk)))

    def reserve_ids(self, table: Table, count: int) -> list[int]:
        """``count`` new ids for rows of ``table``, none of which anyone else will use.

        PostgreSQL hands them out from the table's own sequence, as it does for an
        ordinary insert in any other session.  SQLite has no sequence: a row inserted
        without an id gets the highest id + 1.  The transaction holds SQLite's write
        lock from its first statement (``Database.writing``), so no other connection
        inserts until it commits, and the ids above the highest one, and above what
        this writer handed out already, are the ones SQLite would give."""
        if count <= 0:
            return []
        if not self.sqlite:
            return sorted(self.conn.exec_driver_sql(
                f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) "
                f"FROM generate_series(1, {int(count)})").scalars())
        start = self._next.get(table.name)
        if start is None:
            start = (self.conn.scalar(select(table.c.id).order_by(table.c.id.desc())
                                      .limit(1)) or 0) + 1
        self._next[table.name] = start + count
        return list(range(start, start + count))

    def ids_given(self, table: Table) -> None:
        """Rows went in with ids of their own (a restore keeps the file's): PostgreSQL's
        sequence for the table moves past the highest, or the next ordinary insert would
        take one of them.  SQLite needs nothing: it gives the highest id + 1."""
        if self.sqlite:
            return
        sequence = f"pg_get_serial_sequence('{table.name}', 'id')"
        self.conn.exec_driver_sql(
            f"SELECT setval({sequence}, GREATEST(MAX(id), nextval({sequence}))) "
            f"FROM {table.name}")

    @contextlib.contextmanager
    def page_cache(self) -> Iterator[None]:
        """A 16 MB SQLite page cache for this connection while the bulk write runs; the
        size is restored after, as the pooled connection outlives it."""
        if not self.sqlite:
            yield
            return
        raw = self.conn.connection.driver_connection
        assert raw is not None
        old = int(raw.execute("PRAGMA cache_size").fetchone()[0])
        raw.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
        try:
            yield
        finally:
            raw.execute(f"PRAGMA cache_size={old}")


def runs(ids: Iterable[int], per: int = _RUNS) -> Iterator[list[tuple[int, int]]]:
    """The ids as runs of consecutive ones, (first, last) each, ``per`` runs at a time:
    what one import reserves on SQLite is one run, which one statement with ``BETWEEN``
    covers (an FTS5 table writes a segment per statement)."""
    found: list[tuple[int, int]] = []
    for value in sorted(ids):
        if found and value == found[-1][1] + 1:
            found[-1] = (found[-1][0], value)
        else:
            found.append((value, value))
    for start in range(0, len(found), per):
        yield found[start:start + per]


def between(column: Any, ids: Iterable[int]) -> Iterator[ColumnElement[bool]]:
    """Conditions that ``column`` is one of ``ids``, as ``BETWEEN`` over their runs (one
    condition per ``runs`` group)."""
    for group in runs(ids):
        yield or_(*(column.between(first, last) for first, last in group))


def chunks(ids: Iterable[int], size: int = _IN_CHUNK) -> Iterator[list[int]]:
    """The ids in lists of at most ``size``, for ``IN (...)``."""
    batch: list[int] = []
    for value in ids:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@functools.cache
def _exact_positions(table: Table, names: tuple[str, ...]) -> tuple[int, ...]:
    """Where in a row of these columns the ``ExactDecimal`` amounts are."""
    return tuple(i for i, name in enumerate(names) if isinstance(table.c[name].type,
                                                                  ExactDecimal))


def _units(row: Sequence[Any], exact: tuple[int, ...]) -> tuple[Any, ...]:
    values = list(row)
    for i in exact:
        if values[i] is not None:
            values[i] = to_units(values[i])
    return tuple(values)


@functools.cache  # once per process: the adapters are the driver's, not an engine's
def _store_dates_as_sqlalchemy_does() -> None:
    """Dates and times bound straight to the driver go through SQLAlchemy's own SQLite
    Date and DateTime conversions, not the driver's default adapters (deprecated since
    Python 3.12, and different: no microseconds when they are zero)."""
    from sqlalchemy.dialects import sqlite

    dialect = sqlite.dialect()
    for kind, column_type in ((datetime, DateTime()), (date, Date())):
        convert = column_type.dialect_impl(dialect).bind_processor(dialect)
        sqlite3.register_adapter(kind, functools.lru_cache(maxsize=4096)(convert))
