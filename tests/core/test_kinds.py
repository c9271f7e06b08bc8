"""A record of any kind is named one way everywhere: contact:42 on the command line and in
links, {"kind": "contact", "id": 42} in JSON; each kind is declared once."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from crmdesk.kinds import RecordRef, RefError, resolve
from crmdesk.kinds.parties import ACCOUNT, CONTACT
from crmdesk.kinds.registry import KINDS, kind_named, parse_ref, ref_from_json
from crmdesk.kinds.sales import OPPORTUNITY
from crmdesk.services.listing import ListQuery


def test_a_reference_reads_as_the_command_line_writes_it() -> None:
    ref = parse_ref("contact:42")
    assert ref == RecordRef("contact", 42) and str(ref) == "contact:42"
    assert parse_ref(" account:7 ") == ACCOUNT.ref(7)
    assert {RecordRef("contact", 1), CONTACT.ref(1)} == {RecordRef("contact", 1)}
    with pytest.raises(AttributeError):
        ref.id = 43  # frozen: a reference can be a dict key and stays what it named


def test_a_reference_survives_json() -> None:
    ref = RecordRef("account", 7)
    text = json.dumps(ref.as_json())
    assert text == '{"kind": "account", "id": 7}'
    assert ref_from_json(json.loads(text)) == ref


@pytest.mark.parametrize(("text", "says"), [
    ("contact", "write KIND:ID, for example contact:42"),
    ("contact:abc", "write KIND:ID"),
    ("contact:-1", "write KIND:ID"),
    ("ticket:3", "There is no kind of record called “ticket”; use contact, account, lead, "
                 "opportunity, case or campaign."),
])
def test_bad_text_is_one_sentence(text: str, says: str) -> None:
    with pytest.raises(RefError) as caught:
        parse_ref(text)
    assert says in str(caught.value) and str(caught.value).endswith(".")


@pytest.mark.parametrize("data", [{"kind": "contact"}, {"kind": "contact", "id": "4"},
                                  {"kind": "contact", "id": True}, [1, 2],
                                  {"kind": "ticket", "id": 4}])
def test_bad_json_is_one_sentence(data: object) -> None:
    with pytest.raises(RefError):
        ref_from_json(data)


def test_every_kind_is_declared_once_and_complete(services) -> None:
    assert [k.name for k in KINDS] == ["contact", "account", "lead", "opportunity",
                                       "case", "campaign"]
    assert kind_named("account") is ACCOUNT and kind_named("opportunity") is OPPORTUNITY
    for kind in KINDS:
        lister = getattr(services, kind.service)
        assert lister.kind is kind
        assert callable(resolve(kind.derive))
        assert {c.key for c in kind.columns} >= {"name"}
        assert kind.columns[0].sort is not None and kind.columns[0].shown  # the name
        assert set(kind.card_lines) <= {c.attribute for c in kind.columns}
        assert lister.ids(ListQuery(sort="no such column")) is not None  # sorts by name
        for column in kind.columns:  # every column sorts (or is shown only)
            assert lister.ids(ListQuery(sort=column.key, descending=True)) is not None
        for offered in kind.filters:  # every filter the list offers means something
            assert lister._filter(offered.key) is not None, (kind.name, offered.key)
        assert list(lister.ids(ListQuery(filters=("no such filter",)))) == []
        assert all(path.count(":") == 1 for path in (kind.view, kind.detail, kind.dialog))


def test_a_scope_the_kind_does_not_declare_shows_nothing(services, contact_factory) -> None:
    saved = services.contacts.save(contact_factory())
    account = RecordRef("account", saved.account_id)
    assert list(services.contacts.ids(ListQuery(within=account))) == [saved.id]
    assert list(services.contacts.ids(ListQuery(within=RecordRef("contact", saved.id)))) == []


def test_naming_a_record_needs_no_database_layer() -> None:
    code = ("import sys; from crmdesk.kinds import RecordRef; "
            "print(RecordRef.parse('contact:1', ['contact'])); "
            "print('sqlalchemy' in sys.modules, 'PySide6' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["contact:1", "False", "False"]


def test_the_declarations_name_their_widgets_without_importing_qt() -> None:
    code = ("import sys, crmdesk.kinds.registry, crmdesk.services.wiring; "
            "assert 'PySide6' not in sys.modules, 'Qt imported by a kind declaration'")
    subprocess.run([sys.executable, "-c", code], check=True)
