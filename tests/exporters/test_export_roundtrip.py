"""Export then import gives the same contacts back, field by field, for what each format holds."""

from __future__ import annotations

import io
from datetime import date

import pytest

from crmdesk.exporters import neutralise, write_json, write_outlook_csv, write_vcard
from crmdesk.importers import ParsedAccount, ParsedContact, Problem, read_contacts, read_json
from crmdesk.records import (
    AccountRecord,
    AddressEntry,
    ContactRecord,
    CustomField,
    EmailEntry,
    PhoneEntry,
    Relationship,
)

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 3


def people() -> list[ContactRecord]:
    return [
        ContactRecord(
            prefix="Dr.", first_name="Zoë, Ann", middle_name="M", last_name="O’Neil; Jr",
            suffix="PhD", nickname="Zo, Z", job_title="Head, Sales", department="EMEA, North",
            company="Café Müller, GmbH",
            phones=[PhoneEntry("+45 33 12 34 56", "work"), PhoneEntry("0171 555", "mobile"),
                    PhoneEntry("1", "home"), PhoneEntry("2", "work fax")],
            emails=[EmailEntry("zoe@example.com", "work"), EmailEntry("z@home.dk", "home")],
            addresses=[AddressEntry("work", "Hauptstr. 1, Hof\n3. OG", "80331", "München",
                                    "Bayern", "DE")],
            birthday=date(1980, 4, 3), website="https://example.com/a,b",
            categories=["VIP", "Golf, Tennis"], notes="line 1, with comma\nline 2; € – “q”",
            photo=JPEG, photo_mime="image/jpeg", uid="uid-1",
            relationships=[Relationship.CUSTOMER],
            custom_fields=[CustomField("User 1", "Key account"),
                           CustomField("Shoe size", "42; wide, “EU”")],
        ),
        ContactRecord(company="Lone Co"),
        ContactRecord(phones=[PhoneEntry("+1 555 0100", "mobile")]),
        ContactRecord(first_name="Пётр", last_name="Иванов", notes="=SUM(A1)", uid="uid-4"),
    ]


def roundtrip(tmp_path, name: str, text: str, encoding: str = "utf-8") -> list[ContactRecord]:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    items = list(read_contacts(path))
    assert not [i for i in items if isinstance(i, Problem)]
    return [i.record for i in items if isinstance(i, ParsedContact)]


@pytest.mark.parametrize("version", ["3.0", "2.1"])
def test_vcard_roundtrip(tmp_path, version) -> None:
    buf = io.StringIO()
    assert write_vcard(people(), buf, version=version) == 4
    back = roundtrip(tmp_path, f"out{version}.vcf", buf.getvalue())
    if version == "2.1":
        assert buf.getvalue().isascii()  # QP + CHARSET for old Outlook
    for orig, got in zip(people(), back, strict=True):
        for f in ("prefix", "first_name", "middle_name", "last_name", "suffix", "nickname",
                  "job_title", "department", "company", "phones", "emails", "addresses",
                  "birthday", "website", "categories", "notes", "photo", "photo_mime", "uid",
                  "relationships", "custom_fields"):
            assert getattr(got, f) == getattr(orig, f), (version, f)


def test_outlook_csv_roundtrip_and_formula_guard(tmp_path) -> None:
    buf = io.StringIO()
    write_outlook_csv(people(), buf)
    text = buf.getvalue()
    assert "\"'=SUM(A1)\"" in text and '"+45 33 12 34 56"' in text
    back = roundtrip(tmp_path, "out.csv", "\ufeff" + text, "utf-8")
    orig = people()
    for o, g in zip(orig, back, strict=True):
        for f in ("prefix", "first_name", "middle_name", "last_name", "suffix", "job_title",
                  "department", "company", "addresses", "birthday", "website", "categories"):
            assert getattr(g, f) == getattr(o, f), f
        assert sorted((p.number, p.kind) for p in g.phones) == sorted(
            (p.number, p.kind) for p in o.phones)  # CSV column order decides the order
        assert [e.address for e in g.emails] == [e.address for e in o.emails]
        assert g.notes.startswith(o.notes)
    assert "Nickname: Zo, Z" in back[0].notes
    # Outlook's own columns come back as the same fields, any other in the notes
    assert back[0].custom_fields == [CustomField("User 1", "Key account")]
    assert "Shoe size: 42; wide, “EU”" in back[0].notes


def test_neutralise() -> None:
    assert neutralise("=1+2") == "'=1+2" and neutralise("@cmd") == "'@cmd"
    assert neutralise("-5 apples") == "'-5 apples" and neutralise("\tx") == "'\tx"
    assert neutralise("+45 33 12 34 56") == "+45 33 12 34 56" and neutralise("Anna") == "Anna"


def test_json_is_lossless(tmp_path) -> None:
    accounts = [AccountRecord(name="Lone Co", industry="Shoes", categories=["a"],
                              relationships=[Relationship.VENDOR],
                              phones=[PhoneEntry("1", "main")])]
    buf = io.StringIO()
    assert write_json(people(), accounts, buf) == (4, 1)
    path = tmp_path / "out.json"
    path.write_text(buf.getvalue(), encoding="utf-8")
    items = list(read_json(path))
    assert [i.record for i in items if isinstance(i, ParsedContact)] == people()
    assert [i.record for i in items if isinstance(i, ParsedAccount)] == accounts
    assert [i.record for i in read_contacts(path)] == people()
