"""Every declared kind, in the order the window and the search list them."""

from __future__ import annotations

from crmdesk.kinds import Kind, RecordRef, known_kind
from crmdesk.kinds.parties import ACCOUNT, CONTACT
from crmdesk.kinds.sales import LEAD, OPPORTUNITY
from crmdesk.kinds.service import CAMPAIGN, CASE

KINDS: tuple[Kind, ...] = (CONTACT, ACCOUNT, LEAD, OPPORTUNITY, CASE, CAMPAIGN)
BY_NAME = {kind.name: kind for kind in KINDS}


def kind_named(name: str) -> Kind:
    """The kind called ``name`` ("contact"); a RefError sentence for an unknown one."""
    return BY_NAME[known_kind(name, BY_NAME)]


def parse_ref(text: str) -> RecordRef:
    """``contact:42`` as the command line writes it, checked against the declared kinds."""
    return RecordRef.parse(text, BY_NAME)


def ref_from_json(data: object) -> RecordRef:
    return RecordRef.from_json(data, BY_NAME)
