"""The import history as a filter of its own: an import tags nothing, the list offers it
beside the user's categories, and an undo leaves no empty category behind."""

from __future__ import annotations

from crmdesk.models import Category
from crmdesk.services.importing import ImportOptions, services_for
from crmdesk.services.listing import ListQuery

CARDS = """BEGIN:VCARD
VERSION:3.0
N:Hansen;Mette;;;
ORG:Novo Nordisk A/S
CATEGORIES:Fair 2026
EMAIL:mette@novo.dk
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Berg;Ole;;;
EMAIL:ole@berg.dk
END:VCARD
"""


def _file(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_an_import_is_offered_as_a_filter_and_adds_no_category(services, contact_factory,
                                                                tmp_path) -> None:
    services.contacts.save(contact_factory("Anna", "Lund", company="", categories=["VIP"]))
    importer, _ = services_for(services)
    report = importer.run([_file(tmp_path, "a.vcf", CARDS)])
    assert [name for name, _ in services.contacts.categories()] == ["Fair 2026", "VIP"]
    [batch] = services.contacts.batches()
    assert (batch.id, batch.label, batch.count) == (report.batch_id, report.category, 2)
    assert batch.label.startswith("Imported ")
    shown = services.contacts.ids(ListQuery(batch=batch.id))
    assert sorted(services.contacts.get(i).last_name for i in shown) == ["Berg", "Hansen"]
    # the accounts it created are the accounts list's own filter
    assert services.accounts.count(ListQuery(batch=batch.id)) == 1


def test_an_undone_import_leaves_the_filter_and_its_empty_categories_go(services,
                                                                       tmp_path) -> None:
    importer, batches = services_for(services)
    report = importer.run([_file(tmp_path, "a.vcf", CARDS)], ImportOptions())
    batches.undo(report.batch_id)
    assert services.contacts.batches() == []
    assert services.contacts.count(ListQuery(batch=report.batch_id)) == 0
    assert services.contacts.categories() == []
    with services.db.sessions() as session:
        assert session.query(Category).count() == 0
