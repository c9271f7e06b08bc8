"""Hand-written vCards for the traps real files set: commas, folding, charsets, photos."""

from __future__ import annotations

import base64
from datetime import date

import pytest
from helpers_importers import one, read_all, write

from crmdesk.importers import ImportFileError, detect

CRLF = "\r\n"


def card(*lines: str, version: str = "3.0") -> str:
    return CRLF.join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD", ""])


@pytest.mark.parametrize("version", ["2.1", "3.0", "4.0"])
def test_commas_survive_in_every_text_property(tmp_path, version) -> None:
    """vobject cuts `NOTE:one, two` to `one`; a salesperson would lose half a note."""
    text = card(
        "N:Doe, Jr.;John, Paul;A, B;Dr., Prof.;PhD, MBA",
        "FN:John, Paul Doe",
        "ORG:Acme, Inc.;Sales, North",
        "TITLE:Head of Sales, EMEA",
        "NICKNAME:Jo, Johnny",
        "NOTE:one, two, three",
        "ADR;TYPE=WORK:;;12 Main St, Suite 5;Springfield, East;IL, US;62701;USA, North",
        "CATEGORIES:VIP,Golf\\, Tennis",
        version=version,
    )
    rec = one(write(tmp_path, "c.vcf", text))
    assert (rec.last_name, rec.first_name, rec.middle_name) == ("Doe, Jr.", "John, Paul", "A, B")
    assert (rec.prefix, rec.suffix) == ("Dr., Prof.", "PhD, MBA")
    assert (rec.company, rec.department) == ("Acme, Inc.", "Sales, North")
    assert rec.job_title == "Head of Sales, EMEA"
    assert rec.nickname == "Jo, Johnny"
    assert rec.notes == "one, two, three"
    a = rec.addresses[0]
    assert (a.street, a.city, a.region, a.country) == (
        "12 Main St, Suite 5", "Springfield, East", "IL, US", "USA, North")
    assert rec.categories == ["VIP", "Golf, Tennis"]


def test_folding_qp_soft_breaks_and_charsets(tmp_path) -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        b"N;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:M=FCller;J=F6rg\r\n"
        b"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Line one=0D=0A=\r\nLine =C3=A6 two\r\n"
        b"TITLE;CHARSET=ISO-8859-1:Gesch\xe4ftsf\xfchrer\r\n"
        b"ORG:Caf\xe9 M\xfcller\r\n"  # undeclared 8-bit: not UTF-8, so cp1252
        b"END:VCARD\r\n"
    )
    rec = one(write(tmp_path, "o.vcf", data))
    assert (rec.last_name, rec.first_name) == ("Müller", "Jörg")
    assert rec.notes == "Line one\nLine æ two"
    assert rec.job_title == "Geschäftsführer" and rec.company == "Café Müller"


def test_folded_30_line_and_lowercase_begin_with_crcrlf(tmp_path) -> None:
    data = (b"begin:vcard\r\r\nversion:3.0\r\r\nfn:Ann Lee\r\r\nnote:a long\r\r\n  note\r\r\n"
            b"end:vcard\r\r\n")
    rec = one(write(tmp_path, "f.vcf", data))
    assert (rec.first_name, rec.last_name, rec.notes) == ("Ann", "Lee", "a long note")


@pytest.mark.parametrize("bom,enc", [(b"\xef\xbb\xbf", "utf-8"), (b"", "utf-16"), (b"", "cp1252")])
def test_file_encodings(tmp_path, bom, enc) -> None:
    data = bom + card("N:Ørsted;Åse", "ORG:Søren & Co").encode(enc)
    rec = one(write(tmp_path, "e.vcf", data))
    assert (rec.last_name, rec.first_name, rec.company) == ("Ørsted", "Åse", "Søren & Co")


def test_type_spellings_and_grouped_labels(tmp_path) -> None:
    text = card(
        "N:Doe;Jane",
        "TEL;TYPE=WORK,VOICE:1",
        "TEL;TYPE=work;TYPE=fax:2",
        "TEL;CELL;VOICE:3",
        "tel;type=pref;type=home:4",
        "item1.TEL:5",
        "item1.X-ABLabel:_$!<HomeFAX>!$_",
        "item2.EMAIL;type=INTERNET:jane@example.com",
        "item2.X-ABLabel:Golf club",
        "item3.URL:http://example.com",
        "item3.X-ABLabel:_$!<HomePage>!$_",
    )
    rec = one(write(tmp_path, "t.vcf", text))
    assert [(p.number, p.kind) for p in rec.phones] == [
        ("1", "work"), ("2", "work fax"), ("3", "mobile"), ("4", "home"), ("5", "home fax")]
    assert rec.emails[0].kind == "Golf club"
    assert rec.website == "http://example.com"


@pytest.mark.parametrize(
    "bday,expected,note",
    [("19800101", date(1980, 1, 1), ""), ("1980-01-01", date(1980, 1, 1), ""),
     ("--0415", None, "Birthday: 15 April (year unknown)"),
     ("1604-04-15", None, "Birthday: 15 April (year unknown)"),
     ("1980-01-01T00:00:00Z", date(1980, 1, 1), "")],
)
def test_birthdays(tmp_path, bday, expected, note) -> None:
    rec = one(write(tmp_path, "b.vcf", card("N:Doe;Jo", f"BDAY:{bday}")))
    assert rec.birthday == expected and rec.notes == note


def test_extras_are_kept_in_notes(tmp_path) -> None:
    text = card("N:Doe;Jo", "X-ANNIVERSARY:2001-05-06", "item1.X-ABRELATEDNAMES:Ann",
                "item1.X-ABLabel:_$!<Spouse>!$_", "X-MS-OL-DESIGN;CHARSET=utf-8:<card/>",
                "X-CUSTOM-THING:keep me, please", "UID:abc-1")
    rec = one(write(tmp_path, "x.vcf", text))
    assert "Anniversary: 2001-05-06" in rec.notes and "Spouse: Ann" in rec.notes
    assert "X-CUSTOM-THING: keep me, please" in rec.notes and "card/" not in rec.notes
    assert rec.uid == "abc-1"


def test_photos_in_every_encoding(tmp_path) -> None:
    jpeg = b"\xff\xd8\xff\xe0" + bytes(range(200))
    b64 = base64.b64encode(jpeg).decode()
    for line in (f"PHOTO;ENCODING=b;TYPE=JPEG:{b64}", f"PHOTO:data:image/jpeg;base64,{b64}",
                 f"PHOTO;TYPE=JPEG;ENCODING=BASE64:\r\n  {b64[:40]}\r\n  {b64[40:]}\r\n"):
        rec = one(write(tmp_path, "p.vcf", card("N:Doe;Jo", line)))
        assert rec.photo == jpeg and rec.photo_mime == "image/jpeg"


def test_photo_over_5_mb_is_dropped_with_a_repair(tmp_path) -> None:
    big = base64.b64encode(b"\xff\xd8" + b"\0" * (5 * 1024 * 1024 + 10)).decode()
    path = write(tmp_path, "big.vcf", card("N:Doe;Jo", f"PHOTO;ENCODING=b:{big}"))
    contacts, problems = read_all(path)
    assert contacts[0].record.photo is None and contacts[0].record.last_name == "Doe"
    repair = contacts[0].repairs[0]
    assert not problems and "larger than 5 MB" in repair.reason and repair.record_no == 1


def test_truncated_file_keeps_good_cards_and_repairs_the_tail(tmp_path) -> None:
    text = card("N:One;A") + card("N:Two;B") + "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Thr"
    contacts, problems = read_all(write(tmp_path, "t.vcf", text))
    assert [c.record.last_name for c in contacts] == ["One", "Two", "Thr"] and not problems
    repair = contacts[2].repairs[0]
    assert repair.record_no == 3 and repair.line == 9 and "cut off" in repair.reason


def test_contact_with_only_a_phone_email_or_company_is_kept(tmp_path) -> None:
    text = card("TEL:+45 33 12 34 56") + card("EMAIL:a@b.dk") + card("ORG:Lone Co")
    contacts, problems = read_all(write(tmp_path, "o.vcf", text))
    assert len(contacts) == 3 and not problems
    assert contacts[2].record.company == "Lone Co" and not contacts[2].record.first_name
    assert contacts[1].line == 5 and contacts[1].record_no == 2


@pytest.mark.parametrize(
    "data,words",
    [(b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(300), "JPEG image"),
     (b"PK\x03\x04" + bytes(300), "ZIP"), (b"", "empty"), (bytes(range(256)) * 4, "binary"),
     (b"hello world\njust some text\n", "not look like a contacts file")],
)
def test_files_that_are_not_contacts(tmp_path, data, words) -> None:
    path = write(tmp_path, "fake.vcf", data)
    with pytest.raises(ImportFileError) as err:
        detect(path)
    assert words in str(err.value) and str(path) in str(err.value)
    with pytest.raises(ImportFileError):
        read_all(path)
