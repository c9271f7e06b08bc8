"""`crmdesk duplicates` calls two contacts the same person exactly when an import would
merge them (one rule, ``same_person``)."""

from __future__ import annotations

from pathlib import Path

from crmdesk.records import ContactRecord, EmailEntry
from crmdesk.services.duplicates import find_duplicates
from crmdesk.services.importing import ImportOptions, services_for


def _card(path: Path, body: str) -> str:
    path.write_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\n{body}END:VCARD\r\n", encoding="utf-8")
    return str(path)


def test_a_middle_name_is_a_name_for_both(services, tmp_path: Path) -> None:
    """Kim, known only by a middle name, shares the team mailbox with Jens Hansen: the
    import keeps them apart, and so does the duplicates list."""
    services.contacts.save(ContactRecord(middle_name="Kim", company="Acme",
                                         emails=[EmailEntry("team@acme.dk")]), validate=False)
    importer, _ = services_for(services)
    report = importer.run([_card(tmp_path / "jens.vcf",
                                 "N:Hansen;Jens;;;\r\nFN:Jens Hansen\r\nORG:Acme\r\n"
                                 "EMAIL:team@acme.dk\r\n")])
    assert (report.created, report.merged) == (1, 0)
    assert find_duplicates(services.db) == []


def test_a_company_card_without_a_name_is_one_card_for_both(services, tmp_path: Path) -> None:
    """Two cards for Acme itself, with no name, phone or e-mail: an import takes the
    second for the first, and the duplicates list shows the two together once both are
    stored."""
    card = _card(tmp_path / "acme.vcf", "FN:Acme\r\nORG:Acme\r\nNOTE:the front desk\r\n")
    importer, _ = services_for(services)
    assert importer.run([card]).created == 1
    again = importer.run([card], ImportOptions(policy="create", collect_matches=True))
    assert [m.reason for m in again.matches] == ["company"]
    groups = find_duplicates(services.db)
    assert [(len(g.ids), g.reasons) for g in groups] == [(2, ["company"])]
