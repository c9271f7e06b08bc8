"""Start-up creates or upgrades the database; an older file is backed up first."""

import sqlite3

import pytest

from crmdesk import db


def test_an_empty_file_is_migrated_to_head(tmp_path) -> None:
    url = "sqlite:///" + str(tmp_path / "new.db")
    database = db.open_database(url)
    assert db.current_revision(database.engine) == db.head_revision()
    with sqlite3.connect(tmp_path / "new.db") as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"contact", "account", "phone", "email", "contact_fts"} <= tables
    database.close()


def test_a_first_revision_database_is_backed_up_and_upgraded(tmp_path) -> None:
    path = tmp_path / "old.db"
    url = "sqlite:///" + str(path)
    engine = db.make_engine(url)
    db.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO contact (first_name, last_name, prefix, middle_name, suffix, nickname,"
            " job_title, department, website, notes, relationships, uid, company_sort,"
            " created, modified, version, display_name, sort_name, letter, main_phone,"
            " main_email, city, search_text) VALUES ('Åse', 'Holm', '', '', '', '', '', '',"
            " '', '', '', '', '', '2026-01-01', '2026-01-01', 1, 'Åse Holm', 'holm ase', 'H',"
            " '', '', '', 'ase aase holm')")
    engine.dispose()

    database = db.open_database(url)
    assert db.current_revision(database.engine) == db.head_revision()
    backups = list(tmp_path.glob("old.before-*.db"))
    assert len(backups) == 1
    from crmdesk.services.wiring import Services
    from crmdesk.settings import Settings

    services = Services.for_database(database, Settings())
    assert [h.display_name for h in services.search.search("aase")] == ["Åse Holm"]
    database.close()


def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (x)")
    with pytest.raises(db.DatabaseError, match="not a crmdesk database"):
        db.open_database("sqlite:///" + str(path))


def test_the_fast_start_up_check_knows_the_newest_revision() -> None:
    from crmdesk.migrations import HEAD

    assert HEAD == db.head_revision(), "update crmdesk/migrations/__init__.py HEAD"


def _schema(path) -> dict:
    """Tables, columns, keys, indexes and checks, as SQLite reports them."""
    with sqlite3.connect(path) as conn:
        tables = sorted(r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts_%'"))
        shape = {}
        for t in tables:
            shape[t] = {
                "columns": conn.execute(f"PRAGMA table_info('{t}')").fetchall(),
                "fks": sorted(r[2:] for r in conn.execute(f"PRAGMA foreign_key_list('{t}')")),
                "indexes": sorted((name, unique, partial, tuple(c[2] for c in conn.execute(
                    f"PRAGMA index_info('{name}')")))
                    for _, name, unique, _, partial in conn.execute(
                        f"PRAGMA index_list('{t}')")),
                "checks": sorted(" ".join(sql.split()).count("CHECK") for (sql,) in
                                 conn.execute("SELECT sql FROM sqlite_master WHERE name = ?",
                                              (t,))),
            }
        fts = sorted(conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'"))
    return {"tables": shape, "fts": fts}


def test_a_new_file_gets_the_same_schema_as_the_migrations_build(tmp_path) -> None:
    fresh = tmp_path / "fresh.db"
    db.open_database("sqlite:///" + str(fresh)).close()
    migrated = tmp_path / "migrated.db"
    engine = db.make_engine("sqlite:///" + str(migrated))
    db.upgrade(engine)
    engine.dispose()
    assert _schema(fresh) == _schema(migrated)
    assert db.current_revision(db.make_engine("sqlite:///" + str(fresh))) == db.head_revision()


def test_the_shipped_schema_is_what_the_migrations_build(tmp_path) -> None:
    """migrations/schema.json is what crmdesk lets a database hold; after a new migration
    run `python -m crmdesk.migrations.schema` to write it anew."""
    from crmdesk.migrations import schema

    built = schema.build_expected()
    assert built == schema.expected(), "run: python -m crmdesk.migrations.schema"
    fresh = tmp_path / "fresh.db"
    db.open_database("sqlite:///" + str(fresh)).close()
    with sqlite3.connect(fresh) as conn:
        assert schema.differences(conn, db.head_revision()) == []
    conn.close()
