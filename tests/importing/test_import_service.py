"""Import service without Qt: counts, merging, duplicates, undo, dry run, atomicity."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crmdesk.kinds.parties import CONTACT
from crmdesk.models import Contact
from crmdesk.records import EmailEntry, PhoneEntry
from crmdesk.services.importing import (
    ImportCancelled,
    ImportOptions,
    UndoConflict,
    services_for,
)
from crmdesk.services.listing import ListQuery
from crmdesk.services.names import key_of

VCF = """BEGIN:VCARD
VERSION:3.0
N:Hansen;Mette;;;
FN:Mette Hansen
ORG:Novo Nordisk A/S;Sales
TITLE:Key Account Manager, Nordics
EMAIL;TYPE=WORK:mette@novo.dk
TEL;TYPE=WORK:+45 33 12 34 56
NOTE:one, two
UID:uid-mette
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Berg;Ole;;;
FN:Ole Berg
EMAIL:ole@berg.dk
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:BERG;OLE;;;
FN:OLE BERG
EMAIL:ole@berg.dk
TEL;TYPE=CELL:+45 20 30 40 50
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:
TEL:+45 70 10 20 30
END:VCARD
"""


@pytest.fixture
def vcf(tmp_path: Path) -> Path:
    path = tmp_path / "people.vcf"
    path.write_text(VCF, encoding="utf-8")
    return path


def _count(services) -> int:  # noqa: ANN001
    return services.contacts.count()


def test_import_creates_contacts_accounts_and_in_file_merge(services, vcf) -> None:
    importer, _ = services_for(services)
    report = importer.run([str(vcf)])
    assert (report.created, report.merged, report.skipped, report.failed) == (3, 1, 0, 0)
    assert _count(services) == 3
    ids = services.contacts.ids(ListQuery(text="mette"))
    mette = services.contacts.get(ids[0])
    assert mette.company == "Novo Nordisk A/S" and mette.department == "Sales"
    assert mette.job_title == "Key Account Manager, Nordics" and mette.notes == "one, two"
    assert mette.categories == []  # the import is a filter of its own, not a category
    ole = services.contacts.get(services.contacts.ids(ListQuery(text="ole"))[0])
    assert [p.number for p in ole.phones] == ["+45 20 30 40 50"]  # added by the merge
    assert services.contacts.count(ListQuery(batch=report.batch_id)) == 3
    assert services.contacts.ids(ListQuery(text="70102030"))  # phone-only contact, searchable
    assert_index_in_step(services)


def test_a_later_card_merges_into_a_contact_already_written_in_place(
        services, vcf, monkeypatch) -> None:
    """Ole's second card comes after his first was written (one contact per chunk): the
    merge adds his mobile and keeps the rows he had, e-mail row and all."""
    from crmdesk.services.importing import service as service_module

    monkeypatch.setattr(service_module, "_CHUNK", 1)
    report = services_for(services)[0].run([str(vcf)])
    assert (report.created, report.merged) == (3, 1)
    ole = services.contacts.get(services.contacts.ids(ListQuery(text="ole"))[0])
    assert [p.number for p in ole.phones] == ["+45 20 30 40 50"]
    assert ole.categories == [] and ole.version == 1
    with services.db.sessions() as s:
        run = s.connection().exec_driver_sql
        assert run("SELECT id, address FROM email WHERE contact_id = ?", (ole.id,)).all() == [
            (2, "ole@berg.dk")]  # written with the first card, not deleted and written again
    assert list(services.contacts.ids(ListQuery(text="20304050"))) == [ole.id]
    assert_index_in_step(services)


def test_an_import_gets_a_larger_page_cache_and_gives_it_back(services, vcf,
                                                               monkeypatch) -> None:
    from crmdesk.services import bulk
    from crmdesk.services.importing import service as service_module

    seen = []
    flush = service_module._Run._flush

    def spy(run) -> None:  # noqa: ANN001
        seen.append(run.session.connection().exec_driver_sql("PRAGMA cache_size").scalar())
        flush(run)

    monkeypatch.setattr(service_module._Run, "_flush", spy)
    with services.db.sessions() as s:
        before = s.connection().exec_driver_sql("PRAGMA cache_size").scalar()
    services_for(services)[0].run([str(vcf)])
    assert seen and set(seen) == {-bulk.BULK_CACHE_KIB}
    with services.db.sessions() as s:
        assert s.connection().exec_driver_sql("PRAGMA cache_size").scalar() == before


def assert_index_in_step(services) -> None:  # noqa: ANN001
    """The search index holds each contact and account once, with its current text."""
    with services.db.sessions() as s:
        run = s.connection().exec_driver_sql
        for party in ("contact", "account"):
            run(f"INSERT INTO {party}_fts({party}_fts) VALUES ('integrity-check')")
            assert run(f"SELECT rowid, body FROM {party}_fts ORDER BY rowid").all() == run(
                f"SELECT id, search_text FROM {party} ORDER BY id").all()


def test_reimport_changes_nothing(services, vcf) -> None:
    importer, _ = services_for(services)
    importer.run([str(vcf)])
    with services.db.sessions() as s:
        before = s.execute(select(Contact.id, Contact.version)).all()
    again = importer.run([str(vcf)])
    assert (again.created, again.merged, again.skipped) == (0, 0, 4)
    with services.db.sessions() as s:
        assert s.execute(select(Contact.id, Contact.version)).all() == before


def test_merge_into_stored_contact_fills_and_adds(services, vcf, contact_factory) -> None:
    stored = services.contacts.save(contact_factory(
        "Mette", "Hansen", company="Novo Nordisk A/S", job_title="",
        emails=[EmailEntry("mette@novo.dk")], phones=[PhoneEntry("+45 99 99 99 99")]))
    importer, batches = services_for(services)
    report = importer.run([str(vcf)], ImportOptions(policy="merge"))
    assert report.merged >= 1
    merged = services.contacts.get(stored.id)
    assert merged.job_title == "Key Account Manager, Nordics"
    assert {p.number for p in merged.phones} == {"+45 99 99 99 99", "+45 33 12 34 56"}
    assert merged.version == stored.version + 1 and merged.categories == []
    assert stored.id in services.contacts.ids(ListQuery(batch=report.batch_id))
    assert list(services.contacts.ids(ListQuery(text="33123456"))) == [stored.id]
    with services.db.sessions() as s:  # the bulk update stores what the service would
        contact = s.get(Contact, stored.id)
        before = (contact.display_name, contact.main_phone, sorted(contact.search_text.split()))
        CONTACT.derive_columns(contact, "DK")
        assert before == (contact.display_name, contact.main_phone,
                          sorted(contact.search_text.split()))
        s.rollback()
    batches.undo(report.batch_id)
    reverted = services.contacts.get(stored.id)
    assert reverted.job_title == "" and [p.number for p in reverted.phones] == [
        "+45 99 99 99 99"]
    assert _count(services) == 1


def test_skip_and_create_policies(services, vcf, contact_factory) -> None:
    services.contacts.save(contact_factory("Ole", "Berg", emails=[EmailEntry("ole@berg.dk")]))
    importer, _ = services_for(services)
    skipped = importer.run([str(vcf)], ImportOptions(policy="skip", dry_run=True))
    assert (skipped.created, skipped.skipped) == (2, 2)
    created = importer.run([str(vcf)], ImportOptions(policy="create"))
    assert created.created == 4 and _count(services) == 5


def test_undo_refused_after_edit_unless_forced(services, vcf) -> None:
    importer, batches = services_for(services)
    report = importer.run([str(vcf)])
    cid = services.contacts.ids(ListQuery(text="mette"))[0]
    record = services.contacts.get(cid)
    record.notes = "edited later"
    services.contacts.save(record)
    with pytest.raises(UndoConflict):
        batches.undo(report.batch_id)
    assert _count(services) == 3
    result = batches.undo(report.batch_id, force=True)
    assert result.removed == 3 and _count(services) == 0
    assert services.accounts.count() == 0
    assert batches.list()[0].undone is not None


def test_dry_run_writes_nothing(services, vcf) -> None:
    importer, batches = services_for(services)
    report = importer.run([str(vcf)], ImportOptions(dry_run=True))
    assert report.created == 3 and report.batch_id is None
    assert _count(services) == 0 and batches.list() == []


def test_exception_mid_import_leaves_database_unchanged(services, vcf, tmp_path) -> None:
    importer, batches = services_for(services)
    calls = {"n": 0}

    def cancel_late() -> bool:
        calls["n"] += 1
        return calls["n"] > 1

    big = tmp_path / "big.vcf"
    big.write_text(VCF.replace("uid-mette", "x") * 150, encoding="utf-8")
    with pytest.raises(ImportCancelled):
        importer.run([str(big)], ImportOptions(policy="create"), cancelled=cancel_late)
    assert _count(services) == 0 and batches.list() == []
    path = services.db.path
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_bad_file_is_a_problem_not_a_traceback(services, tmp_path) -> None:
    junk = tmp_path / "photo.vcf"
    junk.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    importer, _ = services_for(services)
    report = importer.run([str(junk)])
    assert report.unreadable_files == 1 and report.failed == 1
    assert "JPEG" in report.problems[0].reason


def test_bulk_columns_equal_refresh_contact_columns(services, vcf) -> None:
    """The bulk row builder stores exactly what the contact service would."""
    importer, _ = services_for(services)
    importer.run([str(vcf)])
    columns = ("display_name", "sort_name", "letter", "main_phone", "main_email", "city",
               "search_text", "company_sort", "city_sort", "name_key", "company_key")
    with services.db.sessions() as s:
        for contact in s.scalars(select(Contact)):
            stored = {c: getattr(contact, c) for c in columns}
            CONTACT.derive_columns(contact, "DK")
            assert stored == {c: getattr(contact, c) for c in columns}
        assert s.scalar(select(func.count()).select_from(Contact)) == 3
    assert key_of("Novo  NORDISK a/s") == key_of("Novo Nordisk A/S")


@pytest.mark.parametrize("fmt", ["vcard21", "vcard3", "outlook-csv"])
def test_generated_file_reimport_is_idempotent(services, tmp_path, fmt) -> None:
    import subprocess
    import sys

    gen = Path(__file__).resolve().parents[2].parent / "shared" / "tools" / "gen_contacts.py"
    path = tmp_path / f"gen.{fmt}"
    subprocess.run([sys.executable, str(gen), "--n", "400", "--format", fmt, "--out",
                    str(path), "--seed", "11"], check=True, capture_output=True)
    importer, _ = services_for(services)
    first = importer.run([str(path)])
    assert first.created > 350 and first.failed == 0
    again = importer.run([str(path)])
    assert (again.created, again.merged, again.skipped) == (0, 0, 400)


def test_import_and_export_services_do_not_load_qt() -> None:
    """Nor SQLAlchemy's PostgreSQL dialect (0.04 s) when the database is SQLite."""
    import subprocess
    import sys

    code = ("import sys, crmdesk.services.importing, crmdesk.services.exporting, "
            "crmdesk.commands.imports, crmdesk.commands.export, crmdesk.commands.duplicates, "
            "crmdesk.models, crmdesk.services.wiring; "
            "assert 'PySide6' not in sys.modules; "
            "assert 'sqlalchemy.dialects.postgresql' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("kept", [10_000, 20])
def test_small_chunks_and_caches_give_the_same_result(services, tmp_path, monkeypatch,
                                                      kept) -> None:
    """Flushing every few records (keys absorbed into hash sets, account cache evicted)
    matches exactly what one big chunk does, whether the contacts a later card merges into
    are still held in memory or read back from the database."""
    import subprocess
    import sys

    from crmdesk.services.importing import service as service_module
    from crmdesk.services.wiring import Services
    from crmdesk.settings import Settings

    gen = Path(__file__).resolve().parents[2].parent / "shared" / "tools" / "gen_contacts.py"
    path = tmp_path / "gen.vcf"
    subprocess.run([sys.executable, str(gen), "--n", "500", "--format", "vcard3", "--out",
                    str(path), "--seed", "5"], check=True, capture_output=True)
    big = services_for(services)[0].run([str(path)], ImportOptions())
    monkeypatch.setattr(service_module, "_CHUNK", 7)
    monkeypatch.setattr(service_module, "_MERGE_CHUNK", 3)
    monkeypatch.setattr(service_module, "_ACCOUNT_CACHE", 5)
    monkeypatch.setattr(service_module, "_KEEP_WRITTEN", kept)
    other = Services.open("sqlite:///" + str(tmp_path / "small.db"),
                          Settings(default_region="DK"))
    try:
        importer = services_for(other)[0]
        small = importer.run([str(path)], ImportOptions())
        assert (small.created, small.merged, small.skipped, small.accounts_created) == (
            big.created, big.merged, big.skipped, big.accounts_created)
        columns = (Contact.id, Contact.account_id, Contact.search_text, Contact.main_phone)

        def rows(session) -> list:  # noqa: ANN001 - category order may differ after a reload
            return [(i, a, sorted(t.split()), p) for i, a, t, p in
                    session.execute(select(*columns))]

        with services.db.sessions() as a, other.db.sessions() as b:
            assert rows(a) == rows(b)
        assert small.merged  # merges into contacts written chunks before: index in step
        assert_index_in_step(services)
        assert_index_in_step(other)
        again = importer.run([str(path)], ImportOptions())
        assert (again.created, again.merged) == (0, 0)
    finally:
        other.close()
