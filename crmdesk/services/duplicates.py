"""Likely duplicate contacts already in the database (``crmdesk duplicates``).

The rule is the import's (``same_person``), applied as an import would apply
it to each contact against the older ones: sharing an e-mail address or an
E.164 phone number with the oldest contact that has it, and being the same
person by name; the same name key within one company (or both in none);
near-equal names inside one company; a nameless card of a company, with no
e-mail or phone, beside that company's oldest nameless card.  Pairs are joined
into groups (union-find).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text

from crmdesk.models import Contact, Email, Phone
from crmdesk.services.same_person import NAMED_SQL, same_person, similar_names


@dataclass(frozen=True)
class DuplicateGroup:
    ids: list[int]
    names: list[str]
    reasons: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"ids": self.ids, "names": self.names, "reasons": self.reasons}


def find_duplicates(db: Any) -> list[DuplicateGroup]:  # crmdesk.db.Database
    parent: dict[int, int] = {}
    reasons: dict[int, set[str]] = defaultdict(set)

    def root(i: int) -> int:
        while parent.setdefault(i, i) != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(ids: list[int], reason: str) -> None:
        first = root(ids[0])
        for other in ids[1:]:
            parent[root(other)] = first
        for i in ids:
            reasons[i].add(reason)

    with db.sessions() as session:
        name_of: dict[int, str] = dict(session.execute(
            select(Contact.id, Contact.name_key).where(text(NAMED_SQL))).all())
        for column, owner, reason, where in (
                (Email.address_key, Email.contact_id, "e-mail", Email.contact_id.is_not(None)),
                (Phone.e164, Phone.contact_id, "phone",
                 Phone.contact_id.is_not(None) & (Phone.e164 != ""))):
            groups: dict[str, set[int]] = defaultdict(set)
            for key, cid in session.execute(select(column, owner).where(where)):
                groups[key].add(cid)
            for ids in groups.values():
                oldest, *others = sorted(ids)
                for other in others:
                    if same_person(name_of.get(other, ""), name_of.get(oldest, "")):
                        join([oldest, other], reason)
        companies: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for cid, name, company in session.execute(
                select(Contact.id, Contact.name_key, Contact.company_key)
                .where(text(NAMED_SQL)).order_by(Contact.id)):
            companies[company][name].append(cid)
        for company, by_name in companies.items():
            for ids in by_name.values():
                if len(ids) > 1:
                    join(ids, "name and company")
            if company and len(by_name) > 1:
                names = list(by_name)
                for i, name in enumerate(names):
                    for other, _ in similar_names(name, names[i + 1:]):
                        join([by_name[name][0], by_name[other][0]],
                             "similar name, same company")
        nameless: dict[str, list[tuple[int, bool]]] = defaultdict(list)
        for cid, company, phone, email in session.execute(
                select(Contact.id, Contact.company_key, Contact.main_phone, Contact.main_email)
                .where(text(f"NOT {NAMED_SQL}"), Contact.company_key != "")
                .order_by(Contact.id)):
            nameless[company].append((cid, bool(phone or email)))
        for (oldest, _), *later in nameless.values():
            for cid, reachable in later:
                if not reachable:
                    join([oldest, cid], "company")
        members: dict[int, list[int]] = defaultdict(list)
        for i in list(parent):
            members[root(i)].append(i)
        groups_out = [sorted(ids) for ids in members.values() if len(ids) > 1]
        all_ids = [i for ids in groups_out for i in ids]
        names: dict[int, str] = {}
        for start in range(0, len(all_ids), 500):
            names.update(session.execute(select(Contact.id, Contact.display_name).where(
                Contact.id.in_(all_ids[start:start + 500]))).all())
    return sorted(
        (DuplicateGroup(ids, [names.get(i, "") for i in ids],
                        sorted(set().union(*(reasons[i] for i in ids))))
         for ids in groups_out), key=lambda g: g.ids[0])
