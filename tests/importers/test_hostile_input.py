"""One bad record never stops a file, and nothing a file holds becomes a Python error.

Each reader meets records of the wrong shape, JSON nested thousands deep, numbers
thousands of digits long, an encoding that does not fit, lines longer than any
contacts file has, NUL bytes and cut multi-byte characters: the answer is always a
Problem (for a record or a line) or an ImportFileError (for the file), in a sentence.
"""

from __future__ import annotations

import base64
import csv
import json

import pytest
from helpers_importers import read_all, write

from crmdesk.importers import ImportFileError, ParsedContact, Problem, contentline, read_json

HEAD = '{"format": "crmdesk", "version": 1, "contacts": [\n'
TAIL = '\n], "accounts": [\n\n]}\n'
GOOD = {"first_name": "Good", "last_name": "One"}
VCARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:{last};{first}\r\nEND:VCARD\r\n"


def _streamed(*records) -> str:
    return HEAD + ",\n".join(json.dumps(r) for r in records) + TAIL


def _document(*records) -> str:
    return json.dumps({"format": "crmdesk", "version": 1, "contacts": list(records)})


def _names(items) -> list[str]:
    return [f"{i.record.first_name} {i.record.last_name}".strip() for i in items
            if isinstance(i, ParsedContact)]


def _sentence(text: str) -> bool:
    internals = ("Error", "__init__", "object has no attribute", "sys.set_int", "codec can't")
    return bool(text) and not any(w in text for w in internals)


@pytest.mark.parametrize("layout", [_streamed, _document], ids=["streamed", "document"])
@pytest.mark.parametrize(("bad", "words"), [
    ({"first_name": "A", "phones": ["+45 33 12 34 56"]}, "phone 1 of \u201cphones\u201d"),
    ({"first_name": 12345}, "\u201cfirst_name\u201d should be text, not a number"),
    ({"first_name": "A", "emails": {"address": "a@b.cd"}}, "should be a list, not an object"),
    ({"first_name": "A", "id": "seven"}, "\u201cid\u201d should be a whole number"),
    ({"first_name": "A", "categories": "VIP"}, "\u201ccategories\u201d should be a list"),
    (["A"], "a list, not a record"),
], ids=["phones as text", "number for a name", "emails an object", "id as text",
        "categories as text", "record a list"])
def test_a_record_of_the_wrong_shape_is_reported_and_the_rest_imports(tmp_path, layout, bad,
                                                                     words) -> None:
    items = list(read_json(write(tmp_path, "x.json", layout(bad, GOOD))))
    problems = [i for i in items if isinstance(i, Problem)]
    assert _names(items) == ["Good One"]
    assert len(problems) == 1 and words in problems[0].reason, problems
    assert problems[0].record_no == 1 and "not imported" in problems[0].reason


def test_what_can_be_kept_of_a_hand_edited_record_is_kept_and_said(tmp_path) -> None:
    record = {"first_name": "Anna", "relationships": ["customer", "friend"],
              "birthday": "yesterday", "photo": "%%%", "shoe_size": 42,
              "phones": [{"kind": "work"}, {"number": "+45 33 12 34 56", "ext": "12"}]}
    (item,) = read_json(write(tmp_path, "x.json", _streamed(record)))
    assert isinstance(item, ParsedContact)
    rec = item.record
    assert rec.relationships == ["customer"] and rec.birthday is None and rec.photo is None
    assert "Relationship: friend" in rec.notes and "Birthday: yesterday" in rec.notes
    assert [p.number for p in rec.phones] == ["", "+45 33 12 34 56"]
    reasons = " | ".join(r.reason for r in item.repairs)
    for words in ("\u201cfriend\u201d", "\u201cyesterday\u201d", "not valid base64",
                  "\u201cshoe_size\u201d", "\u201cext\u201d",
                  "phone 1 of \u201cphones\u201d has no"):
        assert words in reasons
    assert all(r.line == 2 and r.record_no == 1 for r in item.repairs)


@pytest.mark.parametrize("nested", ["[" * 100_000 + "]" * 100_000, "7" * 5000],
                         ids=["nested 100,000 deep", "5,000-digit number"])
def test_unreadable_json_is_a_sentence_for_a_line_or_for_the_file(tmp_path, nested) -> None:
    line = HEAD + '{"first_name": "A", "id": ' + nested + "},\n" + json.dumps(GOOD) + TAIL
    items = list(read_json(write(tmp_path, "line.json", line)))
    assert _names(items) == ["Good One"]
    (problem,) = [i for i in items if isinstance(i, Problem)]
    assert problem.line == 2 and _sentence(problem.reason), problem.reason
    whole = '{"format": "crmdesk", "contacts": [{"id": ' + nested + "}]}"
    with pytest.raises(ImportFileError) as err:
        list(read_json(write(tmp_path, "doc.json", whole)))
    assert _sentence(err.value.reason) and ("nested" in err.value.reason
                                            or "5,000 digits" in err.value.reason)


def test_lines_of_a_json_export_that_are_no_records_are_reported(tmp_path) -> None:
    text = HEAD + json.dumps(GOOD) + ",\nrubbish\n" + json.dumps(GOOD)[:12] + TAIL
    items = list(read_json(write(tmp_path, "x.json", text)))
    assert _names(items) == ["Good One"]
    assert [i.line for i in items if isinstance(i, Problem)] == [3, 4]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_asked_for_on_a_file_without_bom_takes_the_byte_order_from_the_bytes(
        tmp_path, codec) -> None:
    vcf = write(tmp_path, "c.vcf", VCARD.format(last="Berg", first="Anna").encode(codec))
    csvf = write(tmp_path, "c.csv", "First Name,Last Name\r\nAnna,Berg\r\n".encode(codec))
    for path in (vcf, csvf):
        contacts, problems = read_all(path, encoding="utf-16")
        assert _names(contacts) == ["Anna Berg"] and not problems


@pytest.mark.parametrize(("encoding", "words"), [
    ("utf-16", "not UTF-16 text"), ("utf-32", "not UTF-32 text"),
    ("rot13", "not a text encoding"), ("hex", "not a text encoding"),
    ("klingon", "unknown text encoding"),
])
def test_an_encoding_that_does_not_fit_the_file_is_refused_in_a_sentence(
        tmp_path, encoding, words) -> None:
    path = write(tmp_path, "c.vcf", VCARD.format(last="Berg", first="Anna"))
    for fmt in ("auto", "vcard", "outlook-csv"):
        with pytest.raises(ImportFileError) as err:
            read_all(path, encoding=encoding, format=fmt)
        assert words in err.value.reason


def test_an_8bit_encoding_asked_for_on_a_utf16_file_is_refused(tmp_path) -> None:
    path = write(tmp_path, "c.csv", "First Name,Last Name\r\nAnna,Berg\r\n".encode("utf-16"))
    with pytest.raises(ImportFileError, match="UTF-16 text, not cp1252"):
        read_all(path, encoding="cp1252")


@pytest.fixture
def short_lines(monkeypatch):
    """Lines over 4 KB count as overlong, so the test need not write 16 MB."""
    monkeypatch.setattr(contentline, "MAX_LINE", 4096)


@pytest.mark.parametrize(("name", "before", "after"), [
    ("c.vcf", VCARD.format(last="Berg", first="Anna").replace("END", "NOTE:{x}\r\nEND"),
     VCARD.format(last="Lund", first="Bo")),
    ("c.ldif", "dn: cn=a\ncn: Anna Berg\ndescription: {x}\n\n", "dn: cn=b\ncn: Bo Lund\n\n"),
    ("c.csv", "First Name,Last Name,Notes\nAnna,Berg,{x}\n", "Bo,Lund,\n"),
    ("c.json", HEAD + '{"first_name": "Anna", "notes": "{x}"},\n',
     json.dumps({"first_name": "Bo", "last_name": "Lund"}) + TAIL),
])
def test_a_line_longer_than_any_contacts_file_has_is_left_out_not_held(
        tmp_path, short_lines, name, before, after) -> None:
    path = write(tmp_path, name, before.replace("{x}", "x" * 100_000) + after)
    contacts, problems = read_all(path)
    assert "Bo Lund" in _names(contacts)
    assert any("MB long" in p.reason and "left out" in p.reason for p in problems), problems


def test_a_csv_value_over_the_csv_module_limit_is_a_problem_for_its_row(tmp_path) -> None:
    old = csv.field_size_limit(1000)
    try:
        path = write(tmp_path, "c.csv", f'First Name,Last Name,Notes\nAnna,Berg,"{"x" * 5000}"\n'
                                        "Bo,Lund,\n")
        contacts, problems = read_all(path)
    finally:
        csv.field_size_limit(old)
    assert _names(contacts) == ["Bo Lund"]
    assert "longer than 1,000 characters" in problems[0].reason


def test_a_csv_quote_never_closed_does_not_swallow_the_rows_after_it(tmp_path) -> None:
    path = write(tmp_path, "c.csv", 'First Name,Last Name,Notes\nAy,Ek,"two\nlines"\n'
                                    'Anna,Berg,"oops\nBo,Lund,\nCy,Dahl,\n')
    contacts, problems = read_all(path)
    assert _names(contacts) == ["Ay Ek", "Bo Lund", "Cy Dahl"]
    assert contacts[0].record.notes == "two\nlines" and contacts[1].line == 5
    assert problems[0].line == 4 and "never closed" in problems[0].reason


@pytest.mark.parametrize(("name", "data"), [
    ("c.vcf", VCARD.format(last="Berg", first="An\x00na") + "\x00\x00\r\n"),
    ("c.csv", "First Name,Last Name\nAn\x00na,Berg\n"),
    ("c.ldif", "dn: cn=a\ncn: An\x00na Berg\n\n"),
    ("c.json", _streamed({"first_name": "An\x00na", "last_name": "Berg"})),
])
def test_a_stray_nul_byte_does_not_make_a_file_binary(tmp_path, name, data) -> None:
    contacts, problems = read_all(write(tmp_path, name, data))
    assert len(contacts) == 1 and not problems


@pytest.mark.parametrize(("name", "data"), [
    ("c.vcf", (VCARD.format(last="Berg", first="Anna") + "BEGIN:VCARD\r\nN:S\u00f8").encode()),
    ("c.csv", "First Name,Last Name\nAnna,Berg\nBo,L\u00f8".encode()),
    ("c.ldif", "dn: cn=a\ncn: Anna Berg\n\ndn: cn=b\ncn: Bo L\u00f8".encode()),
    ("u.csv", "First Name,Last Name\r\nAnna,Berg\r\nBo,L\u00f8".encode("utf-16")),
], ids=["vcard", "csv", "ldif", "utf-16 csv"])
def test_a_file_cut_inside_a_character_keeps_what_came_before(tmp_path, name, data) -> None:
    contacts, _ = read_all(write(tmp_path, name, data[:-1]))
    assert _names(contacts)[0] == "Anna Berg"


def test_a_damaged_photo_in_a_vcard_is_a_repair_not_a_failure(tmp_path) -> None:
    photo = base64.b64encode(b"\xff\xd8" + bytes(300)).decode()
    card = VCARD.format(last="Berg", first="Anna").replace(
        "END", f"PHOTO;ENCODING=b:{photo[:-7]}@@@\r\nEND")
    contacts, problems = read_all(write(tmp_path, "p.vcf", card))
    assert not problems and contacts[0].record.photo is None
    assert "the photo data is damaged" in contacts[0].repairs[0].reason
    assert contacts[0].repairs[0].line == 4


def test_a_json_export_cut_off_before_its_end_says_so(tmp_path) -> None:
    text = HEAD + json.dumps(GOOD) + ",\n" + json.dumps(GOOD) + "\n"
    items = list(read_json(write(tmp_path, "cut.json", text)))
    assert _names(items) == ["Good One", "Good One"]
    assert "looks cut off" in items[-1].reason and items[-1].line == 3
