"""Every real exported file in the shared corpus reads, with field-level checks per program."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from helpers_importers import CORPUS, one, read_all

from crmdesk.importers import detect

FILES = CORPUS / "files"
pytestmark = pytest.mark.skipif(not FILES.is_dir(), reason="shared corpus not available")


def _manifest() -> list[dict[str, str]]:
    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


#: Files whose manifest entry describes a record we report instead of importing.
EXPECTED_PROBLEMS = {"files/thunderbird/tb-export-ldif-list-base64.ldif": 1}  # mailing list
#: The manifest counts the 43 entries with a luid; the file also holds 44 entries with only
#: a dn and a telephoneNumber (a second phone memory). Those are contacts with only a
#: phone, which we import rather than drop.
EXPECTED_COUNT = {"files/unknown/gammu-173-contacts-mozilla-objectclass.ldif": 87}


@pytest.mark.parametrize("row", _manifest(), ids=lambda r: r["path"].rsplit("/", 1)[-1])
def test_every_corpus_file_reads_with_the_manifest_count(row: dict[str, str]) -> None:
    contacts, problems = read_all(CORPUS / row["path"])
    expected_problems = EXPECTED_PROBLEMS.get(row["path"], 0)
    assert len(problems) == expected_problems, problems
    expected = EXPECTED_COUNT.get(row["path"], int(row["contacts"]))
    assert len(contacts) + expected_problems == expected


def test_outlook_21_keeps_commas_notes_and_extras() -> None:
    rec = one(FILES / "outlook/cardme-outlook-vcard21.vcf")
    assert (rec.first_name, rec.last_name, rec.middle_name) == ("John", "Doe", "Richter,James")
    assert (rec.company, rec.department, rec.job_title) == ("IBM", "Accounting", "Money Counter")
    assert rec.notes.startswith("THIS SOFTWARE IS PROVIDED BY GEORGE EL-HADDAD ''AS IS'' AND ANY")
    assert "INCLUDING, BUT NOT LIMITED TO, THE IMPLIED" in rec.notes
    assert "Anniversary: 2011-01-13" in rec.notes and "Manager: Big Blue" in rec.notes
    assert rec.addresses[1].street == "Silicon Alley 5,"
    assert rec.birthday == date(1980, 3, 22)
    assert rec.photo and rec.photo_mime == "image/jpeg"
    assert "X-MS-OL-DESIGN" not in rec.notes  # card layout XML is dropped on purpose


def test_outlook_2007_quoted_printable_note_and_fax() -> None:
    rec = one(FILES / "outlook/ezvcard-outlook2007-qp-photo.vcf")
    assert rec.notes.startswith("This is the NOTE field\t\nI assume it encodes this text")
    assert ("(111) 555-3333", "work fax") in [(p.number, p.kind) for p in rec.phones]
    # a kind with no field is kept in the notes, its words in the file's order
    assert "Phone (voice, callback): (111) 555-4444" in rec.notes


def test_outlook_card_picture_is_the_photo() -> None:
    rec = one(FILES / "outlook/ical4j-outlook2007-ms-cardpicture-ol-design.vcf")
    assert rec.photo_mime == "image/jpeg" and len(rec.photo or b"") > 10_000


def test_apple_ios_crcrlf_grouped_labels() -> None:
    rec = one(FILES / "apple-ios/aosp-ios613-crcrlf-photo-xablabel.vcf")
    assert (rec.first_name, rec.last_name, rec.company) == ("Bob", "Smith", "Smith Auto Repair")
    assert rec.emails[0].address == "bob@smithauto.com"
    assert rec.website == "www.smithauto.com"
    assert rec.photo and rec.photo.startswith(b"\xff\xd8")


def test_apple_mac_company_card_is_not_split_into_a_name() -> None:
    rec = one(FILES / "apple-macos/roundcube-mac-addressbook-photo-xabadr.vcf")
    assert rec.company == "Apple Computer AG" and not rec.first_name and not rec.last_name
    assert rec.addresses[0].city == "Wallisellen-Zürich"


def test_google_vcard_escapes_and_labels() -> None:
    rec = one(FILES / "google-contacts/ezvcard-gmail-single-xablabel.vcf")
    assert ("555 555 2222", "GRAND_CENTRAL") in [(p.number, p.kind) for p in rec.phones]
    assert rec.addresses[0].street == "123 Home St\nHome City, HM 12345"


def test_google_legacy_csv_utf16() -> None:
    assert detect(FILES / "google-contacts/roundcube-google-csv-utf16le-bom.csv").format == (
        "google-csv"
    )
    rec = one(FILES / "google-contacts/roundcube-google-csv-utf16le-bom.csv")
    assert (rec.first_name, rec.last_name, rec.nickname) == ("Firstname", "Lastname", "nick")
    assert rec.categories == ["Test"]  # "* My Contacts" is a system label
    assert rec.birthday == date(1975, 12, 12)
    assert rec.notes.startswith('note"note')
    assert ("home@aaa.pl", "home") in [(e.address, e.kind) for e in rec.emails]


def test_thunderbird_files() -> None:
    rec = one(FILES / "thunderbird/tb-csv-japanese-shiftjis.csv")
    assert (rec.first_name, rec.last_name) == ("権兵衛", "名無し")
    assert rec.emails[0].address == "名無しの権兵衛@host.invalid"
    assert one(FILES / "thunderbird/tb-csv-utf16le-bom.csv").emails[0].address == (
        "johndoe@host.invalid"
    )
    contacts, _ = read_all(FILES / "thunderbird/tb-export-tab-delimited.txt")
    two = contacts[1].record
    assert two.job_title == '"worker"'
    more = {(f.label, f.value) for f in two.custom_fields}
    assert {("Custom 2", "custom\t2"), ("Custom 3", "custom\n3")} <= more
    assert two.notes == "here's some unicode text…"
    tb = one(FILES / "thunderbird/ezvcard-thunderbird-mfffab-ext.vcf")
    assert tb.company == "TheOrganization" and tb.photo


def test_thunderbird_ldif_base64_and_mailing_list() -> None:
    contacts, problems = read_all(FILES / "thunderbird/tb-export-ldif-list-base64.ldif")
    assert "mailing list" in problems[0].reason and problems[0].line == 1
    two = contacts[1].record
    assert (two.first_name, two.last_name) == ("contact", "two")
    assert ("Custom 3", "custom\n3") in {(f.label, f.value) for f in two.custom_fields}
    assert two.notes.startswith("here's some unicode")


def test_ldif_without_dn() -> None:
    contacts, _ = read_all(FILES / "unknown/gammu-173-contacts-mozilla-objectclass.ldif")
    assert contacts[0].record.first_name == "Al"
    assert contacts[0].record.phones[0].kind == "mobile" and not contacts[0].record.emails


def test_android_unterminated_base64_then_custom_event() -> None:
    rec = one(FILES / "android/aosp-android-x-android-custom-after-photo.vcf")
    assert rec.photo_mime == "image/png" and rec.birthday == date(1975, 8, 20)
    assert "Anniversary: 1999-07-10" in rec.notes


def test_blackberry_photo_without_blank_line() -> None:
    rec = one(FILES / "blackberry/aosp-blackberry-photo-png.vcf")
    assert rec.photo_mime == "image/png"
    assert [p.kind for p in rec.phones] == ["work", "mobile"]


def test_evolution_placeholder_dates_are_ignored() -> None:
    rec = one(FILES / "evolution/gammu-evolution-v30-from-outlook-csv.vcf")
    assert rec.birthday is None and "1000" not in rec.notes
    assert rec.uid == "pas-id-4725209700000393"
    assert rec.addresses[0].street == "88 ASHURST AVENUE\nBARKINGSIDE"


def test_phones_japanese_cyrillic_qp_and_empty_continuation() -> None:
    contacts, _ = read_all(FILES / "phone-japanese/aosp-jp-nec-multi-shiftjis.vcf")
    assert contacts[0].record.last_name == "安藤ロイド3"
    contacts, _ = read_all(FILES / "phone-sonyericsson/gammu-se3-multi-cyrillic-qp.vcf")
    assert contacts[1].record.first_name == "Алекс"
    rec = one(FILES / "phone-irmc/gammu-qp-empty-continuation.vcf")
    assert (rec.last_name, rec.first_name, rec.phones[0].number) == ("Hörmann", "Joseph", "028")


def test_undeclared_8bit_and_lowercase_properties() -> None:
    assert one(FILES / "thebat/roundcube-thebat-qp-8bit-nocharset.vcf").last_name.startswith("Iksi")
    rec = one(FILES / "unknown/ical4j-lowercase-version-after.vcf")
    assert rec.addresses[0].city == "Köln" and rec.uid == "4b62872a-849-0"
    rec = one(FILES / "unknown/gammu-vcard3-utf8-norwegian.vcf")
    assert rec.categories == ["government", "Norwegian"] and "08:00-15:30" in rec.notes


def test_fullcontact_v4_and_windows_mobile_agent() -> None:
    rec = one(FILES / "fullcontact/fullcontact-vcard40.vcf")
    assert rec.first_name == "FirstName" and rec.company == "Organization1"
    assert "Organisation" in rec.notes  # the repeated ORG is kept, not dropped
    rec = one(FILES / "windows-mobile/aosp-winmo65-invalid-agent.vcf")
    assert "Agent: Invalid line which must be handled correctly." in rec.notes
