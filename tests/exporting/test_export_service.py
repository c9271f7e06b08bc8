"""Export then import into an empty database gives the same contacts and accounts."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

from crmdesk.records import AccountRecord, PhoneEntry
from crmdesk.services.exporting import export
from crmdesk.services.importing import services_for
from crmdesk.services.listing import ListQuery
from crmdesk.services.wiring import Services
from crmdesk.settings import Settings


def _contacts(services: Services, drop_category: str = "") -> list:
    out = []
    for cid in services.contacts.ids(ListQuery()):
        rec = services.contacts.get(cid)
        rec = replace(rec, id=None, version=None, account_id=None,
                      categories=[c for c in rec.categories if c != drop_category])
        out.append(rec)
    return sorted(out, key=lambda r: (r.last_name, r.first_name))


def _fill(services: Services, contact_factory) -> None:  # noqa: ANN001
    services.contacts.save(contact_factory(notes="=cmd|' /C calc'!A0, and more",
                                           categories=["VIP"]))
    services.contacts.save(contact_factory("Åse", "Ødegård", company="Ærø Fisk ApS",
                                           phones=[PhoneEntry("+45 20 30 40 50", "mobile")]))
    acc = services.accounts.id_by_name("Ærø Fisk ApS")
    rec = services.accounts.get(acc)
    services.accounts.save(replace(rec, industry="Fishing", website="https://aero.dk"))


def _second(tmp_path: Path, name: str) -> Services:
    return Services.open("sqlite:///" + str(tmp_path / name), Settings(default_region="DK"))


def test_json_round_trip_is_lossless(services, contact_factory, tmp_path) -> None:
    _fill(services, contact_factory)
    out = tmp_path / "all.json"
    result = export(services, str(out), "json", what="all")
    assert (result.contacts, result.accounts) == (2, 2)
    other = _second(tmp_path, "b.db")
    try:
        importer, _ = services_for(other)
        report = importer.run([str(out)])
        assert report.created == 2 and report.failed == 0
        assert _contacts(other, report.category) == _contacts(services)
        strip = lambda a: replace(a, id=None, version=None, primary_contact_id=None)  # noqa: E731
        accounts = sorted((strip(other.accounts.get(i)) for i in
                           other.accounts.ids(ListQuery())),
                          key=lambda a: a.name)
        mine = sorted((strip(services.accounts.get(i)) for i in services.accounts.ids(
            ListQuery())),
            key=lambda a: a.name)
        assert accounts == mine and isinstance(accounts[0], AccountRecord)
    finally:
        other.close()


def test_vcard_and_csv_round_trip_keep_what_they_hold(services, contact_factory,
                                                       tmp_path) -> None:
    _fill(services, contact_factory)
    for fmt, name in (("vcard", "c.vcf"), ("csv", "c.csv")):
        out = tmp_path / name
        export(services, str(out), fmt)
        other = _second(tmp_path, f"{fmt}.db")
        try:
            report = services_for(other)[0].run([str(out)])
            assert report.created == 2, (fmt, report.problems)
            got = {(r.first_name, r.last_name, r.company, r.emails[0].address,
                    r.phones[0].number) for r in _contacts(other)}
            want = {(r.first_name, r.last_name, r.company, r.emails[0].address,
                     r.phones[0].number) for r in _contacts(services)}
            assert got == want
        finally:
            other.close()


def test_csv_cells_that_would_run_as_formulas_are_neutralised(services, contact_factory,
                                                               tmp_path) -> None:
    _fill(services, contact_factory)
    out = tmp_path / "c.csv"
    export(services, str(out), "csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    notes = [r["Notes"] for r in rows if r["Notes"]]
    assert notes and all(not n.startswith("=") for n in notes)
    phones = {r["Mobile Phone"] for r in rows} | {r["Business Phone"] for r in rows}
    assert "+45 20 30 40 50" in phones  # a plain phone number keeps its +


def test_export_to_stream_and_errors(services, contact_factory) -> None:
    _fill(services, contact_factory)
    buf = io.StringIO()
    export(services, buf, "vcard", vcard_version="2.1")
    assert buf.getvalue().count("BEGIN:VCARD") == 2
    for kwargs in ({"what": "accounts"}, {"what": "tickets"}):
        try:
            export(services, io.StringIO(), "csv", **kwargs)
        except Exception as exc:  # noqa: BLE001
            assert "accounts" in str(exc) or "leads" in str(exc)
        else:
            raise AssertionError("expected an ExportError")


def test_json_round_trip_keeps_lookalike_contacts_apart(services, contact_factory,
                                                        tmp_path) -> None:
    """Two stored contacts that the duplicate rule would merge stay two after a restore."""
    services.contacts.save(contact_factory("Helen", "Adams"))
    services.contacts.save(contact_factory("Helen", "Adams"))
    out = tmp_path / "twins.json"
    export(services, str(out), "json", what="all")
    other = _second(tmp_path, "twins.db")
    try:
        report = services_for(other)[0].run([str(out)])
        assert (report.created, report.merged) == (2, 0)
        again = services_for(other)[0].run([str(out)])  # but a second restore changes nothing
        assert (again.created, again.merged) == (0, 0)
    finally:
        other.close()
