"""The format comes from a file's structure, never from text inside its values."""

from __future__ import annotations

import json

import pytest
from helpers_importers import read_all, write

from crmdesk.exporters.json_writer import write_json
from crmdesk.exporters.outlook_csv import write_outlook_csv
from crmdesk.importers import ImportFileError, detect, read_json
from crmdesk.records import AccountRecord, ContactRecord, EmailEntry

CARD = "BEGIN:VCARD\nVERSION:3.0\nN:Pasted;Card\nFN:Card Pasted\nEND:VCARD"
OUTLOOK = '"First Name","Last Name","Company","E-mail Address","Notes"'


def _names(path, **kw) -> list[str]:
    contacts, _ = read_all(path, **kw)
    return [f"{c.record.first_name} {c.record.last_name}" for c in contacts]


def test_csv_whose_notes_hold_a_pasted_vcard_imports_its_rows(tmp_path) -> None:
    path = write(tmp_path, "people.csv",
                 f'{OUTLOOK}\r\n"Anna","Berg","Acme","anna@example.com","My card:\n{CARD}"\r\n'
                 '"Bo","Lund","","bo@example.com",""\r\n')
    assert detect(path).format == "outlook-csv"
    contacts, problems = read_all(path)
    assert [c.record.last_name for c in contacts] == ["Berg", "Lund"] and not problems
    assert "N:Pasted;Card" in contacts[0].record.notes


def test_our_own_csv_export_with_a_card_in_a_note_reimports_as_csv(tmp_path) -> None:
    path = tmp_path / "export.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        write_outlook_csv([ContactRecord(first_name="Anna", last_name="Berg",
                                         notes=f"Her card:\n{CARD}",
                                         emails=[EmailEntry("anna@example.com")]),
                           ContactRecord(first_name="Bo", last_name="Lund",
                                         notes="a\nBEGIN:VCARD")], out)
    assert detect(path).format == "outlook-csv"
    assert _names(path) == ["Anna Berg", "Bo Lund"]


@pytest.mark.parametrize("note", [
    f"x\n{CARD}\n",  # the card at the start of a line
    "dn: cn=x\nmail: a@b.cd\ncn: x\nsn: y",  # LDIF text
    '{"format": "crmdesk", "contacts": []}',  # our JSON
])
def test_text_pasted_into_a_quoted_csv_field_never_decides(tmp_path, note) -> None:
    quoted = note.replace('"', '""')
    path = write(tmp_path, "g.csv", 'Name,Given Name,Family Name,Notes\n'
                                    f'Anna Berg,Anna,Berg,"{quoted}"\nBo Lund,Bo,Lund,\n')
    assert detect(path).format == "google-csv"
    assert _names(path) == ["Anna Berg", "Bo Lund"]


def test_csv_whose_first_header_is_begin_vcard_is_csv(tmp_path) -> None:
    path = write(tmp_path, "odd.csv", "BEGIN:VCARD,First Name,Last Name,E-mail Address\n"
                                      "x,Anna,Berg,anna@example.com\n")
    assert detect(path).format == "outlook-csv"
    assert _names(path) == ["Anna Berg"]


def test_json_export_whose_values_hold_vcard_text_is_json_whatever_its_name(tmp_path) -> None:
    path = tmp_path / "backup.dat"
    with open(path, "w", encoding="utf-8") as out:
        write_json([ContactRecord(first_name="Anna", last_name="Berg", notes=CARD)],
                   [AccountRecord(name="Acme AS", notes=CARD)], out)
    assert detect(path).format == "json"
    items = list(read_json(path))
    assert [type(i).__name__ for i in items] == ["ParsedContact", "ParsedAccount"]


def test_json_document_with_the_format_key_last_is_still_json(tmp_path) -> None:
    path = write(tmp_path, "pretty.json", json.dumps(
        {"contacts": [{"notes": CARD, "first_name": "Anna", "last_name": "Berg"}],
         "format": "crmdesk", "version": 1}, indent=2))
    assert detect(path).format == "json"
    assert _names(path) == ["Anna Berg"]


def test_json_that_is_not_ours_is_refused_in_a_sentence(tmp_path) -> None:
    path = write(tmp_path, "other.json", '{"people": [{"name": "BEGIN:VCARD"}]}')
    with pytest.raises(ImportFileError, match="not a crmdesk export"):
        read_all(path)


@pytest.mark.parametrize("value", ["description: BEGIN:VCARD",
                                   "description: her card:\n BEGIN:VCARD\n END:VCARD",
                                   "description:: QkVHSU46VkNBUkQKRU5EOlZDQVJE"])
def test_ldif_whose_description_holds_a_card_is_ldif(tmp_path, value) -> None:
    path = write(tmp_path, "book.ldif", "dn: cn=Anna Berg\nobjectclass: person\n"
                 f"cn: Anna Berg\ngivenName: Anna\nsn: Berg\n{value}\n\n")
    assert detect(path).format == "ldif"
    assert _names(path) == ["Anna Berg"]


@pytest.mark.parametrize("data", [
    b"\r\n\r\n  \r\nBEGIN:VCARD\r\nN:Berg;Anna\r\nEND:VCARD\r\n",
    b"\xef\xbb\xbf\r\n\r\nBEGIN:VCARD\r\nN:Berg;Anna\r\nEND:VCARD\r\n",
    "\ufeff\r\nBEGIN:VCARD\r\nN:Berg;Anna\r\nEND:VCARD\r\n".encode("utf-16-le"),
    b"begin:vcard\rn:Berg;Anna\rend:vcard\r",
], ids=["blank lines", "utf-8 bom", "utf-16 bom", "cr only"])
def test_vcard_after_blank_lines_or_a_bom_is_still_a_vcard(tmp_path, data) -> None:
    path = write(tmp_path, "c.vcf", data)
    assert detect(path).format == "vcard"
    assert _names(path) == ["Anna Berg"]


def test_text_with_a_card_further_down_is_refused_with_a_way_out(tmp_path) -> None:
    path = write(tmp_path, "mail.txt", "Hello, here is my card:\nBEGIN:VCARD\nN:Berg;Anna\n"
                                       "END:VCARD\n")
    with pytest.raises(ImportFileError) as err:
        detect(path)
    assert "a vCard begins at line 2" in err.value.reason and "choose the format vCard" in (
        err.value.reason)
    assert _names(path, format="vcard") == ["Anna Berg"]


def test_a_csv_file_with_blank_lines_before_its_header_reads_its_rows(tmp_path) -> None:
    path = write(tmp_path, "b.csv", "\ufeff\r\n\r\nFirst Name,Last Name\r\nAnna,Berg\r\n")
    assert detect(path).format.endswith("csv")
    assert _names(path) == ["Anna Berg"]
