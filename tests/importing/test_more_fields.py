"""Outlook's User 1-4 and columns crmdesk has no field for: kept per contact under "More
fields", found by search, kept by a save, merged, undone, and exported again."""

from __future__ import annotations

import io

from crmdesk.exporters import OUTLOOK_HEADER, write_vcard
from crmdesk.records import CustomField
from crmdesk.services.importing import ImportOptions, services_for
from crmdesk.services.listing import ListQuery


def _outlook(tmp_path, name: str, rows: list[dict[str, str]]) -> str:
    lines = [",".join(f'"{h}"' for h in OUTLOOK_HEADER)]
    lines += [",".join(f'"{row.get(h, "")}"' for h in OUTLOOK_HEADER) for row in rows]
    path = tmp_path / name
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    return str(path)


ANN = {"Title": "Ms.", "First Name": "Ann", "Last Name": "Bell", "E-mail Address": "ann@bell.uk",
       "User 1": "Platinum partner", "Hobby": "Sailing", "Private": "Off",
       "Gender": "Unspecified", "Notes": "Met at the fair"}


def test_an_outlook_import_keeps_user_fields_as_more_fields_that_search_finds(
        services, tmp_path) -> None:
    importer, _ = services_for(services)
    importer.run([_outlook(tmp_path, "o.csv", [ANN])], ImportOptions())
    [cid] = services.contacts.ids(ListQuery(text="platinum"))
    ann = services.contacts.get(cid)
    assert ann.custom_fields == [CustomField("Hobby", "Sailing"),
                                 CustomField("User 1", "Platinum partner")]
    assert ann.notes == "Met at the fair" and ann.prefix == "Ms."
    assert list(services.contacts.ids(ListQuery(text="sailing"))) == [cid]
    # the list shows the name without the salutation
    assert services.contacts.rows([cid])[0].display_name == "Ann Bell"


def test_a_save_from_the_dialog_keeps_the_more_fields_and_searches_the_new_value(
        services, tmp_path) -> None:
    importer, _ = services_for(services)
    importer.run([_outlook(tmp_path, "o.csv", [ANN])], ImportOptions())
    [cid] = services.contacts.ids(ListQuery(text="bell"))
    ann = services.contacts.get(cid)
    ann.job_title = "Buyer"
    saved = services.contacts.save(ann)
    assert saved.custom_fields == ann.custom_fields
    saved.custom_fields[0].value = "Rowing"
    services.contacts.save(saved)
    assert list(services.contacts.ids(ListQuery(text="rowing"))) == [cid]
    assert not services.contacts.ids(ListQuery(text="sailing"))


def test_a_merge_adds_new_fields_and_its_undo_takes_only_them_back(services, tmp_path) -> None:
    importer, batches = services_for(services)
    importer.run([_outlook(tmp_path, "a.csv", [ANN])], ImportOptions())
    second = importer.run([_outlook(tmp_path, "b.csv", [{**ANN, "User 2": "Golf"}])],
                          ImportOptions(policy="merge"))
    assert second.merged == 1
    [cid] = services.contacts.ids(ListQuery(text="bell"))
    assert CustomField("User 2", "Golf") in services.contacts.get(cid).custom_fields
    batches.undo(second.batch_id)
    assert services.contacts.get(cid).custom_fields == [
        CustomField("Hobby", "Sailing"), CustomField("User 1", "Platinum partner")]


def test_more_fields_are_written_to_a_vcard_export_and_read_back(services, tmp_path) -> None:
    from crmdesk.importers import read_contacts
    importer, _ = services_for(services)
    importer.run([_outlook(tmp_path, "o.csv", [ANN])], ImportOptions())
    [cid] = services.contacts.ids(ListQuery(text="bell"))
    out = io.StringIO()
    write_vcard([services.contacts.get(cid)], out)
    assert "X-CRMDESK-FIELD:Platinum partner" in out.getvalue()
    path = tmp_path / "back.vcf"
    path.write_text(out.getvalue(), encoding="utf-8")
    [back] = [i.record for i in read_contacts(path)]
    assert back.custom_fields == [CustomField("Hobby", "Sailing"),
                                  CustomField("User 1", "Platinum partner")]
