"""The portable search path (for a later PostgreSQL server) finds what FTS5 finds."""

import pytest

from crmdesk.services.search_index import LikeIndex
from crmdesk.services.wiring import Services
from crmdesk.settings import Settings


@pytest.fixture
def like_services(db_url):
    fts = Services.open(db_url, Settings(default_region="DK"))
    svc = Services.for_database(fts.db, fts.settings)
    svc.index = LikeIndex()
    svc.contacts.index = svc.accounts.index = svc.index
    yield svc
    svc.close()


@pytest.mark.parametrize("query", ["mueller", "arhus", "3312", "novo", '"', "soren@exa"])
def test_like_index_matches_the_same_people(like_services, contact_factory, query) -> None:
    like_services.contacts.save(contact_factory())
    like_services.contacts.save(contact_factory("Bent", "Dahl", company="Lego", job_title="",
                                                phones=[], emails=[], addresses=[]))
    names = [h.display_name for h in like_services.search.search(query)]
    if query == '"':
        assert len(names) == 4  # punctuation alone filters nothing, and never errors
    else:
        assert names[0] == "Søren Müller" and "Bent Dahl" not in names


def test_like_index_finds_a_number_by_its_end_and_lists_it_first(like_services) -> None:
    from crmdesk.records import ContactRecord, PhoneEntry

    for first, number in (("Anders", "22 33 44 55"), ("Zenia", "+45 40 50 22 33")):
        like_services.contacts.save(ContactRecord(first_name=first, last_name="Holm",
                                                  phones=[PhoneEntry(number, "work")]))
    assert [h.display_name for h in like_services.search.search("22 33")] == [
        "Zenia Holm", "Anders Holm"]
