"""Another process saving a contact while an import runs: neither collides with the other,
and undoing the import leaves that contact alone.  On SQLite the other writer waits for
the import's write lock; on PostgreSQL (CRMDESK_TEST_POSTGRES_URL) both write at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

import crmdesk
from crmdesk.models import Contact, ImportItem
from crmdesk.services.importing import ImportOptions, services_for
from crmdesk.services.wiring import Services
from crmdesk.settings import Settings

PG_URL = os.environ.get("CRMDESK_TEST_POSTGRES_URL", "")
SOURCE = Path(crmdesk.__file__).resolve().parents[1]  # what the other process imports
CARDS = 600

#: the other process: says when it starts writing, saves one contact, prints its id
SAVER = """
import sys
from crmdesk.records import ContactRecord, EmailEntry
from crmdesk.services.wiring import Services
from crmdesk.settings import Settings

services = Services.open(sys.argv[1], Settings(default_region="DK"))
print("saving", flush=True)
saved = services.contacts.save(ContactRecord(first_name="Olga", last_name="Elsewhere",
                                             emails=[EmailEntry("olga@elsewhere.dk")]))
print(saved.id, flush=True)
services.close()
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return "sqlite:///" + str(tmp_path / "shared.db")
    if not PG_URL:
        pytest.skip("CRMDESK_TEST_POSTGRES_URL is not set")
    engine = create_engine(PG_URL)
    with engine.begin() as conn:  # a clean schema for the test
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return PG_URL


def _cards(path: Path) -> Path:
    path.write_text("".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Person{i};Card;;;\r\nFN:Card Person{i}\r\n"
        f"EMAIL:card{i}@example.dk\r\nEND:VCARD\r\n"
        for i in range(CARDS)), encoding="utf-8")
    return path


def test_a_contact_saved_elsewhere_during_an_import_is_neither_hit_nor_undone(
        url: str, tmp_path: Path) -> None:
    services = Services.open(url, Settings(default_region="DK"))
    importer, batches = services_for(services)
    env = dict(os.environ, PYTHONPATH=str(SOURCE))
    saver: list[subprocess.Popen] = []

    def progress(done: int, total: int) -> None:
        """Once the file is read (and most of its contacts written, not committed), the
        other process saves; on PostgreSQL it is done before the import goes on."""
        if saver or done < total:
            return
        other = subprocess.Popen([sys.executable, "-c", SAVER, url], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=env)
        saver.append(other)
        assert other.stdout is not None
        assert other.stdout.readline().strip() == "saving"
        if not url.startswith("sqlite"):
            other.wait(timeout=30)  # a collision would block it on the import's rows

    try:
        report = importer.run([str(_cards(tmp_path / "cards.vcf"))],
                              ImportOptions(parallel=False), progress=progress)
        out, err = saver[0].communicate(timeout=60)
        assert saver[0].returncode == 0, err
        theirs = int(out.split()[-1])
        assert report.created == CARDS
        with services.db.sessions() as session:
            created = set(session.scalars(select(ImportItem.party_id).where(
                ImportItem.batch_id == report.batch_id, ImportItem.kind == "contact")))
            assert len(created) == CARDS and theirs not in created
        assert services.contacts.count() == CARDS + 1

        batches.undo(report.batch_id)
        assert services.contacts.get(theirs).last_name == "Elsewhere"
        assert services.contacts.count() == 1
        assert [h.display_name for h in services.search.search("olga")] == ["Olga Elsewhere"]
        with services.db.sessions() as session:
            assert session.scalars(select(Contact.id)).all() == [theirs]
    finally:
        for other in saver:
            if other.poll() is None:
                other.kill()
        services.close()
