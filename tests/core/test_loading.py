"""The bulk record loader reads what ContactService.get reads."""

from __future__ import annotations

from dataclasses import replace

from test_import_service import VCF  # noqa: I001 - sibling module in this folder

from crmdesk.records import EmailEntry
from crmdesk.services.importing import ImportOptions, services_for
from crmdesk.services.listing import ListQuery
from crmdesk.services.loading import load_contacts


def test_load_contacts_equals_contact_service_get(services, contact_factory, tmp_path) -> None:
    services.contacts.save(contact_factory(categories=["VIP", "Partner"]))
    services.contacts.save(contact_factory("Ole", "Berg", emails=[EmailEntry("o@b.dk")],
                                           photo=b"\x89PNG...", photo_mime="image/png"))
    path = tmp_path / "p.vcf"
    path.write_text(VCF, encoding="utf-8")
    services_for(services)[0].run([str(path)], ImportOptions())
    ids = list(services.contacts.ids(ListQuery()))
    with services.db.sessions() as session:
        loaded = load_contacts(session, ids)
    assert set(loaded.records) == set(ids)
    for cid in ids:
        expected = services.contacts.get(cid)
        got = loaded.records[cid]
        assert replace(got, categories=sorted(got.categories)) == replace(
            expected, categories=sorted(expected.categories))
