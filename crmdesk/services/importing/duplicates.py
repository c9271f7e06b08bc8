"""Likely duplicate contacts already in the database (``crmdesk duplicates``).

The same rule as import matching: a shared e-mail address or E.164 phone
number (unless both are named and the names clearly differ), or the same
folded name within one company (near-equal names by rapidfuzz inside a
company).  Pairs are joined into groups (union-find).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import select

from crmdesk.models import Contact, Email, Phone
from crmdesk.services.importing.matching import NAME_SCORE, SAME_PERSON_SCORE


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
        named = (Contact.first_name != "") | (Contact.last_name != "")
        name_of: dict[int, str] = dict(session.execute(
            select(Contact.id, Contact.sort_name).where(named)).all())

        def same_person(a: int, b: int) -> bool:
            x, y = name_of.get(a, ""), name_of.get(b, "")
            return not (x and y) or fuzz.token_sort_ratio(x, y) >= SAME_PERSON_SCORE

        for column, owner, reason, where in (
                (Email.address_key, Email.contact_id, "e-mail", Email.contact_id.is_not(None)),
                (Phone.e164, Phone.contact_id, "phone",
                 Phone.contact_id.is_not(None) & (Phone.e164 != ""))):
            groups: dict[str, set[int]] = defaultdict(set)
            for key, cid in session.execute(select(column, owner).where(where)):
                groups[key].add(cid)
            for ids in groups.values():
                ordered = sorted(ids)
                for i, a in enumerate(ordered[:50]):
                    for b in ordered[i + 1:50]:
                        if same_person(a, b):
                            join([a, b], reason)
        companies: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for cid, name, company in session.execute(
                select(Contact.id, Contact.sort_name, Contact.company_sort).where(named)):
            companies[company].append((name, cid))
        for company, people in companies.items():
            by_name: dict[str, list[int]] = defaultdict(list)
            for name, cid in people:
                by_name[name].append(cid)
            for ids in by_name.values():
                if len(ids) > 1:
                    join(ids, "name and company")
            if company and 1 < len(by_name) <= 200:
                names = list(by_name)
                for i, a in enumerate(names):
                    for b in names[i + 1:]:
                        if fuzz.ratio(a, b) >= NAME_SCORE:
                            join([by_name[a][0], by_name[b][0]], "similar name, same company")
        members: dict[int, list[int]] = defaultdict(list)
        for i in list(parent):
            members[root(i)].append(i)
        groups_out = [sorted(ids) for ids in members.values() if len(ids) > 1]
        all_ids = [i for ids in groups_out for i in ids]
        names = {}
        for start in range(0, len(all_ids), 500):
            names.update(session.execute(select(Contact.id, Contact.display_name).where(
                Contact.id.in_(all_ids[start:start + 500]))).all())
    return sorted(
        (DuplicateGroup(ids, [names.get(i, "") for i in ids],
                        sorted(set().union(*(reasons[i] for i in ids))))
         for ids in groups_out), key=lambda g: g.ids[0])
