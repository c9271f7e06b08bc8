"""What a crmdesk database may hold: exactly what its migrations make, and nothing else.

A database file is code as well as data: a trigger, a view or a changed table in it
runs inside whichever program opens it.  A backup mailed by someone else, or a file
another program changed, could rewrite every phone number inserted after it was
opened.  So before crmdesk opens or restores a file it compares the file's schema
with the schema its own migrations build for that file's revision, and refuses any
difference with a sentence naming it.

The comparison is structural, as SQLite reports it (columns, types, defaults, keys,
indexes and their WHERE, CHECK expressions, FTS5 declarations), not the CREATE text,
so a database made by ``create_all`` and one made by replaying the migrations, or by
another SQLAlchemy release, compare equal.  The expected shapes are data,
``schema.json`` beside this module, one per revision; ``python -m
crmdesk.migrations.schema`` writes it anew after a new migration, and a test checks
it against what the migrations build.  Reading it needs neither Alembic nor
SQLAlchemy, so the check costs a few milliseconds at every start.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

SCHEMA_FILE = Path(__file__).with_name("schema.json")
#: SQLite's own bookkeeping: AUTOINCREMENT counters and ANALYZE's statistics.
_SQLITE_OWN = re.compile(r"sqlite_(sequence|stat\d)$")
_FTS_SHADOWS = ("data", "idx", "content", "docsize", "config")

Shape = dict[str, Any]


@functools.cache
def expected() -> dict[str, dict[str, Shape]]:
    """Revision -> object name -> shape, as the migrations build them."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def known_revisions() -> list[str]:
    """Every schema revision this crmdesk can open (oldest first)."""
    return list(expected())


def _clause(sql: str, keyword: str, start: int = 0) -> list[str]:
    """The parenthesised expressions after each ``keyword`` in ``sql`` (outside quotes)."""
    found: list[str] = []
    text = _without_literals(sql)
    for match in re.finditer(rf"\b{keyword}\s*\(", text[start:], re.IGNORECASE):
        begin = start + match.end()
        depth, pos = 1, begin
        while pos < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[pos], 0)
            pos += 1
        found.append(_normal(sql[begin:pos - 1]))
    return found


def _without_literals(sql: str) -> str:
    """``sql`` with the inside of its string literals blanked (same length), so a
    keyword or bracket inside a value is not taken for syntax."""
    return re.sub(r"'(?:[^']|'')*'", lambda m: "'" + " " * (len(m.group()) - 2) + "'", sql)


def _normal(sql: str | None) -> str:
    """Whitespace collapsed and identifier quotes dropped: how the text was laid out
    (by SQLAlchemy, by Alembic's batch copy, by SQLite's rename) does not matter."""
    if not sql:
        return ""
    text = re.sub(r'["`\[\]]', "", sql)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s*([(),])\s*", r"\1", text)


def _where(sql: str | None) -> str:
    """The WHERE of a partial index."""
    if not sql:
        return ""
    match = re.search(r"\bWHERE\b", _without_literals(sql), re.IGNORECASE)
    return _normal(sql[match.end():]) if match else ""


def _table_shape(conn: sqlite3.Connection, name: str, sql: str | None) -> Shape:
    quoted = name.replace("'", "''")
    columns = [list(row[1:]) for row in conn.execute(f"PRAGMA table_xinfo('{quoted}')")]
    keys = sorted(list(row[2:]) for row in conn.execute(
        f"PRAGMA foreign_key_list('{quoted}')"))
    return {"type": "table", "columns": columns, "foreign_keys": keys,
            "checks": sorted(_clause(sql or "", "CHECK")),
            "without_rowid": bool(re.search(r"\)\s*WITHOUT\s+ROWID\s*$", sql or "",
                                            re.IGNORECASE))}


def _index_shape(conn: sqlite3.Connection, name: str, table: str, sql: str | None) -> Shape:
    quoted = name.replace("'", "''")
    columns = [list(row[1:]) for row in conn.execute(f"PRAGMA index_xinfo('{quoted}')")]
    unique = any(row[1] == name and row[2] for row in conn.execute(
        f"PRAGMA index_list('{table.replace(chr(39), chr(39) * 2)}')"))
    return {"type": "index", "table": table, "columns": columns, "unique": unique,
            "where": _where(sql)}


def shape_of(conn: sqlite3.Connection) -> dict[str, Shape]:
    """Every object of the database behind ``conn``, described as ``schema.json`` does."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    virtual = {name for kind, name, _, sql in rows
               if kind == "table" and (sql or "").upper().startswith("CREATE VIRTUAL")}
    shadows = {f"{v}_{s}" for v in virtual for s in _FTS_SHADOWS}
    shapes: dict[str, Shape] = {}
    for kind, name, table, sql in rows:
        if _SQLITE_OWN.match(name):
            continue
        if name in virtual:
            shapes[name] = {"type": "virtual table", "sql": _normal(sql)}
        elif name in shadows and kind == "table":
            shapes[name] = {"type": "shadow table", "of": name.rsplit("_", 1)[0]}
        elif kind == "table":
            shapes[name] = _table_shape(conn, name, sql)
        elif kind == "index":
            shapes[name] = _index_shape(conn, name, table, sql)
        else:  # triggers and views: crmdesk makes none; describe them by their SQL
            shapes[name] = {"type": kind, "table": table, "sql": _normal(sql)}
    return shapes


def differences(conn: sqlite3.Connection, revision: str) -> list[str]:
    """What the database behind ``conn`` holds that revision ``revision`` of crmdesk's
    schema does not (or lacks that it has), one phrase each; empty when they match.
    An unknown revision is a difference of its own."""
    wanted = expected().get(revision)
    if wanted is None:
        return [f"schema version {revision!r}, which this crmdesk does not know"]
    found = shape_of(conn)
    problems: list[str] = []
    for name, shape in sorted(found.items()):
        want = wanted.get(name)
        kind = shape["type"]
        if want is None:
            on = f" on {shape['table']}" if kind in ("trigger", "index") else ""
            problems.append(f"a {kind} {name!r}{on} that crmdesk never makes")
        elif want["type"] != kind:
            problems.append(f"{name!r} is a {kind} where crmdesk has a {want['type']}")
        elif want != shape:
            problems.append(f"the {kind} {name!r} is not as crmdesk made it")
    for name, want in sorted(wanted.items()):
        if name not in found:
            problems.append(f"the {want['type']} {name!r} is missing")
    return problems


def describe(problems: list[str], limit: int = 3) -> str:
    shown = "; ".join(problems[:limit])
    more = len(problems) - limit
    return shown + (f"; and {more} more difference{'s' if more != 1 else ''}"
                    if more > 0 else "")


def build_expected() -> dict[str, dict[str, Shape]]:
    """Replay the migrations into scratch databases, one revision at a time, and describe
    each (needs Alembic and SQLAlchemy: a developer's tool, not used at run time)."""
    import tempfile

    from alembic.script import ScriptDirectory

    from crmdesk import db

    revisions = [r.revision for r in ScriptDirectory(str(db.MIGRATIONS)).walk_revisions()]
    result: dict[str, dict[str, Shape]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for revision in reversed(revisions):
            path = Path(folder) / f"{revision}.db"
            engine = db.make_engine("sqlite:///" + str(path))
            db.upgrade(engine, revision)
            engine.dispose()
            with sqlite3.connect(path) as conn:
                result[revision] = shape_of(conn)
            conn.close()
    return result


def write_expected() -> None:
    SCHEMA_FILE.write_text(json.dumps(build_expected(), indent=1, sort_keys=True) + "\n",
                           encoding="utf-8")


if __name__ == "__main__":
    write_expected()
    print(f"wrote {SCHEMA_FILE}")
