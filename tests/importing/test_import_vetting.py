"""What an import stores is what the contact dialog would accept, and the report says
what was mended (a repair) apart from what was left out (a failure)."""

from __future__ import annotations

import json
import time

import pytest

from crmdesk.cli import main
from crmdesk.records import ContactRecord
from crmdesk.services.importing import ImportOptions, ImportSource, services_for
from crmdesk.services.importing.preview import preview
from crmdesk.services.listing import ListQuery
from crmdesk.services.validation import check_contact

CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\n{body}END:VCARD\r\n"


def _card(**props: str) -> str:
    return CARD.format(body="".join(f"{k}:{v}\r\n" for k, v in props.items()))


def _run(services, tmp_path, name: str, data: str | bytes, **options):  # noqa: ANN001, ANN202
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    importer, _ = services_for(services)
    options.setdefault("parallel", False)
    return importer.run([str(path)], ImportOptions(**options))


def _stored(services) -> list[ContactRecord]:
    return [services.contacts.get(i) for i in services.contacts.ids(ListQuery(sort="name"))]


def test_fifty_thousand_bare_begin_lines_create_no_blank_contacts(services, tmp_path) -> None:
    started = time.perf_counter()
    report = _run(services, tmp_path, "bare.vcf", "BEGIN:VCARD\r\n" * 50_000)
    assert report.created == 0 and services.contacts.count() == 0
    assert report.failed == 50_000 and not report.repairs
    assert report.problems[-1].line == 50_000 and "is empty" in report.problems[-1].reason
    assert time.perf_counter() - started < 30


def test_an_outlook_row_with_no_name_company_email_or_phone_is_not_a_contact(
        services, tmp_path) -> None:
    report = _run(services, tmp_path, "o.csv",
                  '"First Name","Last Name","Company","E-mail Address","Business City",'
                  '"Notes","Priority"\r\n"","","","","Oslo","call back","Normal"\r\n'
                  '"Anna","Berg","","","","","Normal"\r\n')
    assert [c.last_name for c in _stored(services)] == ["Berg"]
    (problem,) = report.problems
    assert problem.line == 2 and "no name, company, e-mail address or phone number" in (
        problem.reason) and "notes, an address" in problem.reason


def test_a_value_the_dialog_would_refuse_is_kept_in_the_notes_and_reported(
        services, tmp_path) -> None:
    report = _run(services, tmp_path, "v.vcf", _card(
        N="Be\x07rg;An\x1bna", EMAIL="xyz", TEL="call me", NOTE="tab\tok\x00"))
    (rec,) = _stored(services)
    assert (rec.first_name, rec.last_name) == ("Anna", "Berg")
    assert rec.emails == [] and rec.phones == []
    assert "E-mail (not an address): xyz" in rec.notes
    assert "Phone (not a number): call me" in rec.notes
    assert "\x00" not in rec.notes and "tab\tok" in rec.notes
    assert check_contact(rec, "DK") == {}
    reasons = " | ".join(r.reason for r in report.repairs)
    assert "\u201cxyz\u201d is not an e-mail address" in reasons
    assert "control characters were taken out of the last name \u201cBe\\x07rg\u201d" in reasons
    assert report.failed == 0 and report.created == 1


def test_a_card_whose_only_email_is_not_an_address_is_not_created(services, tmp_path) -> None:
    report = _run(services, tmp_path, "e.vcf", _card(EMAIL="not-an-address"))
    assert report.created == 0 and "only notes" in report.problems[0].reason


def test_the_dialog_refuses_control_characters_in_a_name_as_the_import_does() -> None:
    assert "control characters" in check_contact(ContactRecord(first_name="An\tna"),
                                                 "DK")["name"]
    assert check_contact(ContactRecord(first_name="Anna"), "DK") == {}


@pytest.mark.parametrize("parallel", [False, True], ids=["inline", "child process"])
def test_repairs_are_reported_apart_from_failures(services, tmp_path, parallel) -> None:
    text = (_card(N="Berg;Anna").replace("END:VCARD", "END:VCARD junk")
            + "garbage between cards\r\n" + _card(N="Lund;Bo")[:-12])
    report = _run(services, tmp_path, "r.vcf", text, parallel=parallel)
    assert report.created == 2 and report.failed == 1
    assert [r.line for r in report.repairs] == [4, 6]
    assert "followed by \u201cjunk\u201d" in report.repairs[0].reason
    assert "cut off" in report.repairs[1].reason
    assert "outside any card" in report.problems[0].reason
    data = report.to_json()
    assert data["repaired"] == 2 and data["repairs"][1]["record"] == 2
    assert data["failed"] == 1 and data["problems"][0]["line"] == 5
    assert "2 repaired" in report.summary()


def test_cli_lists_repairs_apart_from_failures(tmp_path, capsys) -> None:
    path = tmp_path / "r.vcf"
    path.write_text(_card(N="Berg;Anna", EMAIL="nope") + "stray\r\n" + _card(N="Lund;Bo"))
    db = str(tmp_path / "c.db")
    assert main(["--db", db, "import", str(path)]) == 0
    out = capsys.readouterr().out
    failed, repaired = out.index("Not imported:"), out.index("Repaired (imported")
    assert failed < out.index("outside any card") < repaired < out.index("\u201cnope\u201d")
    assert main(["--db", db, "import", "--dry-run", "--json", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {"created", "merged", "skipped", "failed", "problems"} <= set(report)
    assert report["repaired"] == 1 and report["repairs"][0]["file"] == str(path)


def test_preview_shows_what_will_be_stored_and_marks_repairs(tmp_path) -> None:
    path = tmp_path / "p.vcf"
    path.write_text(_card(N="Berg;Anna", EMAIL="nope") + _card(NOTE="only a note"))
    records, messages = preview(ImportSource(str(path)))
    assert [r.last_name for r in records] == ["Berg"] and records[0].emails == []
    assert messages[0].startswith("line 1 (repaired): ") and "nope" in messages[0]
    assert messages[1].startswith("line 6: ") and "only notes" in messages[1]


def test_addresses_written_with_a_name_or_several_to_a_field_are_recovered(
        services, tmp_path) -> None:
    report = _run(services, tmp_path, "a.csv",
                  'First Name,Last Name,E-mail Address,E-mail 2 Address\r\n'
                  'Anna,Berg,Anna Berg <anna@example.com>,"a@x.dk; b@y.dk"\r\n')
    (rec,) = _stored(services)
    assert [e.address for e in rec.emails] == ["anna@example.com", "a@x.dk", "b@y.dk"]
    assert len(report.repairs) == 2 and "were taken from it" in report.repairs[1].reason


def test_a_name_of_megabytes_is_cut_and_said(services, tmp_path) -> None:
    report = _run(services, tmp_path, "big.vcf",
                  _card(N=f"{'B' * 5000};Anna", NOTE="n" * 1_200_000))
    (rec,) = _stored(services)
    assert len(rec.last_name) == 1000 and len(rec.notes) == 1_000_000
    reasons = [r.reason for r in report.repairs]
    assert "the last name is 5,000 characters long; only the first 1,000 were kept" in (
        reasons[0])
    assert "the notes are 1,200,000 characters long" in reasons[1]
