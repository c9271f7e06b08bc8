"""CSV exports from Outlook (several languages), Google and Thunderbird, as users hand them in."""

from __future__ import annotations

from datetime import date

from helpers_importers import one, read_all, write

from crmdesk.exporters import OUTLOOK_HEADER
from crmdesk.importers import detect
from crmdesk.records import CustomField

DE_HEADER = (
    '"Anrede","Vorname","Weitere Vornamen","Nachname","Firma","Abteilung","Position",'
    '"Straße geschäftlich","Ort geschäftlich","Postleitzahl geschäftlich",'
    '"Telefon geschäftlich","Mobiltelefon","E-Mail-Adresse","Geburtstag","Geschlecht",'
    '"Kategorien","Notizen","Jahrestag","Priorität"'
)


def outlook_en_row(**cells: str) -> str:
    return ",".join(f'"{cells.get(h, "")}"' for h in OUTLOOK_HEADER)


def test_english_outlook_cp1252_us_dates_and_multiline_notes(tmp_path) -> None:
    header = ",".join(f'"{h}"' for h in OUTLOOK_HEADER)
    row = outlook_en_row(**{"First Name": "Zoë", "Last Name": "O’Neil", "Company": "Café, Ltd",
                            "Birthday": "4/3/1980", "Notes": "line 1\r\nline 2 – €",
                            "Categories": "VIP;Golf", "Mobile Phone": "+1 555 0100",
                            "Anniversary": "0/0/00", "Gender": "Unspecified",
                            "Spouse": "Ann", "E-mail Address": "zoe@example.com"})
    path = write(tmp_path, "o.csv", header + "\r\n" + row + "\r\n", "cp1252")
    guess = detect(path)
    assert (guess.format, guess.encoding, guess.delimiter) == ("outlook-csv", "cp1252", ",")
    rec = one(path)
    assert (rec.first_name, rec.last_name, rec.company) == ("Zoë", "O’Neil", "Café, Ltd")
    assert rec.birthday == date(1980, 4, 3)  # English Outlook writes M/D/YYYY
    assert rec.notes == "line 1\nline 2 – €"
    assert [(f.label, f.value) for f in rec.custom_fields] == [("Spouse", "Ann")]
    assert rec.categories == ["VIP", "Golf"]
    assert [(p.number, p.kind) for p in rec.phones] == [("+1 555 0100", "mobile")]


def test_german_outlook_semicolons_utf8_bom_and_german_dates(tmp_path) -> None:
    header = DE_HEADER.replace(",", ";")
    row = ('"Herr";"Jürgen";"";"Groß";"Müller GmbH";"Vertrieb";"Leiter";"Hauptstr. 1";'
           '"München";"80331";"089 123";"0171 555";"jg@example.de";"10.9.2007";"Keine Angabe";'
           '"Kunde";"";"0.0.00";"Normal"')
    path = write(tmp_path, "de.csv", "\ufeff" + header + "\r\n" + row + "\r\n")
    guess = detect(path)
    assert (guess.format, guess.language, guess.delimiter) == ("outlook-csv", "de", ";")
    rec = one(path)
    assert (rec.prefix, rec.first_name, rec.last_name) == ("Herr", "Jürgen", "Groß")
    assert rec.birthday == date(2007, 9, 10) and rec.notes == ""
    assert rec.addresses[0].city == "München" and rec.addresses[0].kind == "work"


def test_danish_outlook_utf16(tmp_path) -> None:
    text = (
        "Fornavn\tEfternavn\tFirma\tMobiltelefon\tFødselsdag\r\n"
        "Åse\tØrsted\tFirma A/S\t+45 20 30 40 50\t1.2.1990\r\n"
    )
    path = write(tmp_path, "da.txt", b"\xff\xfe" + text.encode("utf-16-le"))
    guess = detect(path)
    assert (guess.format, guess.language, guess.delimiter) == ("outlook-csv", "da", "\t")
    rec = one(path)
    assert (rec.first_name, rec.last_name, rec.birthday) == ("Åse", "Ørsted", date(1990, 2, 1))


def test_google_current_layout_multi_values_and_labels(tmp_path) -> None:
    text = (
        "First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,"
        "Phone 1 - Value,Address 1 - Label,Address 1 - City,Birthday,Custom Field 1 - Label,"
        "Custom Field 1 - Value\r\n"
        "Ann,Lee,* myContacts ::: Friends,* Work,a@x.com ::: b@x.com,Mobile,+1 555,Home,"
        "Paris,--04-15,Shoe size,42\r\n"
    )
    path = write(tmp_path, "g.csv", "\ufeff" + text)
    assert detect(path).format == "google-csv"
    rec = one(path)
    assert [(e.address, e.kind) for e in rec.emails] == [("a@x.com", "work"), ("b@x.com", "work")]
    assert rec.categories == ["Friends"]
    assert rec.phones[0].kind == "mobile" and rec.addresses[0].city == "Paris"
    assert [(f.label, f.value) for f in rec.custom_fields] == [
        ("Birthday", "15 April (year unknown)"), ("Shoe size", "42")]


def test_bad_row_is_reported_and_the_others_import(tmp_path) -> None:
    text = 'First Name,Last Name,E-mail Address\r\nA,One,a@x\r\nB,Two\r\n"C","Three","c@x"\r\n'
    contacts, problems = read_all(write(tmp_path, "bad.csv", text))
    assert [c.record.last_name for c in contacts] == ["One", "Three"]
    assert problems[0].line == 3 and problems[0].record_no == 2
    assert "2 fields but the header has 3" in problems[0].reason


def test_unknown_columns_go_to_more_fields_and_only_company_rows_survive(tmp_path) -> None:
    text = "Company,Favourite Colour,Business Phone\r\nLone Co,Blue,\r\n,,+45 1234\r\n"
    path = write(tmp_path, "u.csv", text)
    assert detect(path).unknown_columns == ["Favourite Colour"]
    contacts, _ = read_all(path)
    assert contacts[0].record.company == "Lone Co"
    assert contacts[0].record.notes == ""
    assert contacts[0].record.custom_fields == [CustomField("Favourite Colour", "Blue")]
    assert contacts[1].record.phones[0].number == "+45 1234"


def test_user_mapping_overrides_detection(tmp_path) -> None:
    path = write(tmp_path, "m.csv", "Navn,Telefon,Mail\r\nBo Ek,123,bo@ek.se\r\n")
    rec = one(path, format="csv", mapping={"Navn": "full_name", "Telefon": "phone:work",
                                           "Mail": "email1"})
    assert (rec.first_name, rec.last_name, rec.phones[0].kind) == ("Bo", "Ek", "work")
    assert rec.emails[0].address == "bo@ek.se"


def test_ldif_folded_base64_and_no_dn(tmp_path) -> None:
    text = ("objectclass: person\ngivenName: Åse\nsn:: w5hyc3RlZA==\nmail: a@b.dk\n"
            "description: a long\n  note\n\n")
    rec = one(write(tmp_path, "x.ldif", text))
    assert (rec.first_name, rec.last_name, rec.notes) == ("Åse", "Ørsted", "a long note")


def test_outlook_first_email_is_work_and_salutation_is_the_prefix(tmp_path) -> None:
    """A salesperson's Outlook export: "E-mail Address" is the work address (the second
    and third are other ones), "Title" = "Mr." is the prefix, not part of the name."""
    header = ",".join(f'"{h}"' for h in OUTLOOK_HEADER)
    row = outlook_en_row(**{"Title": "Mr.", "First Name": "Tom", "Last Name": "Hale",
                            "E-mail Address": "tom@hale.co.uk",
                            "E-mail 2 Address": "tom@home.example"})
    rec = one(write(tmp_path, "o.csv", header + "\r\n" + row + "\r\n"))
    assert (rec.prefix, rec.first_name, rec.last_name) == ("Mr.", "Tom", "Hale")
    assert [(e.address, e.kind) for e in rec.emails] == [("tom@hale.co.uk", "work"),
                                                          ("tom@home.example", "other")]


def test_outlook_defaults_stay_out_and_user_fields_go_to_more_fields(tmp_path) -> None:
    """Outlook writes "Private: Off", "Gender: Unspecified", "Sensitivity: Normal" and
    empty dates on every row; none of that is the user's data. User 1-4 are."""
    header = ",".join(f'"{h}"' for h in OUTLOOK_HEADER)
    row = outlook_en_row(**{"First Name": "Ann", "Last Name": "Bell", "Private": "Off",
                            "Gender": "Unspecified", "Sensitivity": "Normal",
                            "Priority": "Normal", "Birthday": "1/0/00",
                            "Anniversary": "0/0/00", "User 1": "Key account",
                            "User 3": "Golf", "Notes": "Met at the fair"})
    rec = one(write(tmp_path, "o.csv", header + "\r\n" + row + "\r\n"))
    assert rec.notes == "Met at the fair"
    assert rec.custom_fields == [CustomField("User 1", "Key account"),
                                 CustomField("User 3", "Golf")]


def test_german_outlook_defaults_and_salutation(tmp_path) -> None:
    header = '"Anrede";"Vorname";"Nachname";"E-Mail-Adresse";"Privat";"Geschlecht";' \
             '"Vertraulichkeit";"Geburtstag";"Benutzer 1"'
    row = '"Frau";"Eva";"Roth";"eva@roth.de";"Aus";"Nicht angegeben";"Normal";"0.0.00";"VIP"'
    rec = one(write(tmp_path, "de.csv", "\ufeff" + header + "\r\n" + row + "\r\n"))
    assert (rec.prefix, rec.first_name, rec.last_name) == ("Frau", "Eva", "Roth")
    assert [(e.address, e.kind) for e in rec.emails] == [("eva@roth.de", "work")]
    assert rec.notes == "" and rec.custom_fields == [CustomField("User 1", "VIP")]
