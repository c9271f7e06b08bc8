"""Putting a selection of people (or companies) into a category, and taking them out."""

from __future__ import annotations

import pytest

from crmdesk.kinds.parties import ACCOUNT, CONTACT
from crmdesk.records import AccountRecord
from crmdesk.services.errors import StaleEditError
from crmdesk.services.listing import ListQuery
from crmdesk.services.tagging import TaggingCancelled


def test_a_selection_goes_into_a_new_category_and_is_found_by_it(services,
                                                                  contact_factory) -> None:
    contacts = services.contacts
    ids = [contacts.save(contact_factory(first, "Hansen")).id for first in ("Mette", "Ole", "Bo")]
    chosen = ids[:2]
    assert services.tagging.add(CONTACT, chosen, "Trade fair 2026") == 2
    assert dict(contacts.categories()) == {"Trade fair 2026": 2}
    assert sorted(contacts.ids(ListQuery(category="trade fair 2026"))) == sorted(chosen)
    assert sorted(contacts.ids(ListQuery(text="trade fair"))) == sorted(chosen)  # search text
    assert [r.categories for r in contacts.rows(ids)] == ["Trade fair 2026"] * 2 + [""]
    assert services.tagging.add(CONTACT, ids, "TRADE FAIR 2026") == 1  # same one, ignoring case
    assert dict(contacts.categories()) == {"Trade fair 2026": 3}
    assert services.tagging.names() == ["Trade fair 2026"]


def test_taking_people_out_of_a_category_keeps_their_other_ones(services,
                                                               contact_factory) -> None:
    contacts = services.contacts
    mette = contacts.save(contact_factory("Mette", categories=["Key account", "Newsletter"]))
    ole = contacts.save(contact_factory("Ole", categories=["Newsletter"]))
    assert services.tagging.names_on(CONTACT, [mette.id, ole.id]) == ["Key account",
                                                                      "Newsletter"]
    assert services.tagging.remove(CONTACT, [mette.id, ole.id], "newsletter") == 2
    assert contacts.get(mette.id).categories == ["Key account"]
    assert contacts.get(ole.id).categories == []
    assert list(contacts.ids(ListQuery(text="newsletter"))) == []
    assert services.tagging.remove(CONTACT, [ole.id], "No such category") == 0
    assert services.tagging.names_on(CONTACT, [ole.id]) == []


def test_a_tagged_record_counts_as_edited(services, contact_factory) -> None:
    """A dialog opened before the change does not overwrite it with its old categories."""
    contacts = services.contacts
    opened = contacts.save(contact_factory("Mette"))
    services.tagging.add(CONTACT, [opened.id], "Key account")
    now = contacts.get(opened.id)
    assert now.version == opened.version + 1
    with pytest.raises(StaleEditError):
        contacts.save(opened)


def test_accounts_are_tagged_the_same_way(services) -> None:
    account = services.accounts.save(AccountRecord(name="Berg ApS"))
    assert services.tagging.add(ACCOUNT, [account.id], "Supplier") == 1
    assert services.accounts.get(account.id).categories == ["Supplier"]
    assert services.tagging.names() == ["Supplier"]
    assert services.tagging.names_on(ACCOUNT, [account.id]) == ["Supplier"]


def test_a_cancelled_change_changes_nothing(services, contact_factory) -> None:
    contacts = services.contacts
    ids = [contacts.save(contact_factory(f"Person{i}")).id for i in range(3)]
    with pytest.raises(TaggingCancelled):
        services.tagging.add(CONTACT, ids, "Key account", cancelled=lambda: True)
    assert contacts.categories() == []
    assert all(contacts.get(i).categories == [] for i in ids)


def test_a_category_needs_a_name(services, contact_factory) -> None:
    saved = services.contacts.save(contact_factory())
    with pytest.raises(ValueError, match="needs a name"):
        services.tagging.add(CONTACT, [saved.id], "  ")
