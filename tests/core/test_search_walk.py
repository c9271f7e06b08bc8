"""A search that matches many rows (a 3-letter prefix at 100,000 contacts) is answered by
walking the list's sort index; the user sees the same rows in the same order as when
few match and the matches are sorted."""

from __future__ import annotations

import pytest

from crmdesk.models import Contact
from crmdesk.records import AddressEntry, ContactRecord, EmailEntry
from crmdesk.services import search_index
from crmdesk.services.listing import ListQuery

FIRST = ["Anna", "Bo", "Carl", "Dorte", "Erik", "Frida", "Gustav", "Helle", "Ib", "Jonas"]


@pytest.fixture
def hansens(services):
    """Thirty Hansens, some with no company or no city, two known only by an e-mail
    that says hansen (as an import may bring them), and others the search leaves out."""
    for n, first in enumerate(FIRST * 3):
        city = "" if n % 7 == 0 else ["Odense", "Aalborg", "Køge"][n % 3]
        services.contacts.save(ContactRecord(
            first_name=first, last_name="Hansen", company="" if n % 4 == 0 else f"Firma {n:02d}",
            addresses=[AddressEntry("work", "Torvet 1", "5000", city, "", "DK")]))
    for address in ("hansen@example.dk", "hansen.ib@example.dk"):
        services.contacts.save(ContactRecord(emails=[EmailEntry(address)]), validate=False)
    for first in FIRST[:5]:
        services.contacts.save(ContactRecord(first_name=first, last_name="Olsen"))
    return services


def _ids(services, query: ListQuery, limit: int | None, monkeypatch,
         walk_from: int) -> list[int]:
    monkeypatch.setattr(search_index, "WALK_FROM", walk_from)
    return list(services.contacts.ids(query, limit=limit))


@pytest.mark.parametrize("sort", ["name", "company", "city"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("limit", [5, 31, 40])  # 40: all, the blanks too
def test_many_matches_come_in_the_order_few_would(hansens, monkeypatch, sort, descending,
                                                   limit) -> None:
    query = ListQuery(text="han", sort=sort, descending=descending)
    sorted_apart = _ids(hansens, query, limit, monkeypatch, walk_from=10_000)
    walked = _ids(hansens, query, limit, monkeypatch, walk_from=10)
    with hansens.db.engine.connect() as conn:  # the low threshold does make it walk
        assert hansens.index.walking(conn, Contact, "han") is not None
    assert walked == sorted_apart
    assert len(walked) == min(limit, 32)


@pytest.mark.parametrize("descending", [False, True])
def test_the_hansens_with_no_company_come_last_either_way(hansens, monkeypatch,
                                                           descending) -> None:
    monkeypatch.setattr(search_index, "WALK_FROM", 10)
    query = ListQuery(text="han", sort="company", descending=descending)
    ids = hansens.contacts.ids(query, limit=40)  # a first page: walked
    companies = [r.company for r in hansens.contacts.rows(ids)]
    named = [c for c in companies if c]
    assert companies == named + [""] * 10  # 8 Hansens and the 2 e-mail-only contacts
    assert named == sorted(named, reverse=descending)


def test_the_search_box_finds_the_same_hansens_either_way(hansens, monkeypatch) -> None:
    monkeypatch.setattr(search_index, "WALK_FROM", 10_000)
    few = [hit.as_dict() for hit in hansens.search.search("han", limit=12)]
    monkeypatch.setattr(search_index, "WALK_FROM", 10)
    assert [hit.as_dict() for hit in hansens.search.search("han", limit=12)] == few
    assert [hit["display_name"] for hit in few[:3]] == ["Anna Hansen"] * 3
