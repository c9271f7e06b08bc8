"""Undo of imports: each undo takes back what its import added, in any order, and
nothing the user did since."""

from __future__ import annotations

import base64
import json
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from crmdesk.kinds.parties import CONTACT
from crmdesk.models import Contact
from crmdesk.records import ContactRecord, EmailEntry, PhoneEntry
from crmdesk.services.importing import UndoConflict, services_for
from crmdesk.settings import Settings

NAMES = [("Hansen", "Mette"), ("Berg", "Ole"), ("Holm", "Åse")]
PHOTOS = [b"\xff\xd8\xff" + b"A" * 12, b"\xff\xd8\xff" + b"B" * 12]


def key_email(person: int) -> str:
    return f"p{person}@example.dk"


def phone_of(person: int, n: int) -> str:
    return f"+45 2{person} 11 22 3{n}"


def card(person: int, *, title: str = "", note: str = "", nickname: str = "",
         phones: tuple[tuple[int, str], ...] = (), emails: tuple[str, ...] = (),
         categories: tuple[str, ...] = (), bday: date | None = None, org: str = "",
         city: str = "", photo: int | None = None, url: str = "") -> str:
    """A vCard for one of NAMES, always with that person's own e-mail (so it matches)."""
    last, first = NAMES[person]
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{last};{first};;;", f"FN:{first} {last}",
             f"EMAIL;TYPE=WORK:{key_email(person)}"]
    lines += [f"EMAIL;TYPE=HOME:{e}" for e in emails]
    lines += [f"TEL;TYPE={kind}:{phone_of(person, n)}" for n, kind in phones]
    for name, value in (("TITLE", title), ("NOTE", note), ("NICKNAME", nickname),
                        ("ORG", org), ("URL", url)):
        if value:
            lines.append(f"{name}:{value}")
    if categories:
        lines.append("CATEGORIES:" + ",".join(categories))
    if bday:
        lines.append(f"BDAY:{bday.isoformat()}")
    if city:
        lines.append(f"ADR;TYPE=WORK:;;Torvet 1;{city};;8000;DK")
    if photo is not None:
        lines.append("PHOTO;ENCODING=b;TYPE=JPEG:" + base64.b64encode(PHOTOS[photo]).decode())
    return "\r\n".join([*lines, "END:VCARD"]) + "\r\n"


class Desk:
    """A database with its import and undo, as the user drives them."""

    def __init__(self, services, folder: Path) -> None:  # noqa: ANN001
        self.services = services
        self.folder = folder
        self.importer, self.batches = services_for(services)
        self.files = 0

    def store(self, person: int, **fields) -> int:  # noqa: ANN003
        last, first = NAMES[person]
        fields.setdefault("emails", [EmailEntry(key_email(person))])
        return self.services.contacts.save(
            ContactRecord(first_name=first, last_name=last, **fields)).id

    def run(self, *cards: str) -> int:
        self.files += 1
        path = self.folder / f"import{self.files}.vcf"
        path.write_text("".join(cards), encoding="utf-8")
        report = self.importer.run([str(path)])
        assert report.failed == 0
        return report.batch_id

    def contact_id(self, person: int) -> int | None:
        with self.services.db.sessions() as s:
            ids = s.execute(text("SELECT contact_id FROM email WHERE address_key = :k"),
                            {"k": key_email(person)}).scalars().all()
        assert len(ids) <= 1, f"{NAMES[person]} is stored {len(ids)} times"
        return ids[0] if ids else None

    def get(self, person: int) -> ContactRecord | None:
        cid = self.contact_id(person)
        return None if cid is None else self.services.contacts.get(cid)

    def data(self, person: int) -> frozenset | None:
        record = self.get(person)
        return None if record is None else atoms(record)


def assert_index_in_step(services) -> None:  # noqa: ANN001
    """The search index holds each contact and account once, with its current text."""
    with services.db.sessions() as s:
        run = s.connection().exec_driver_sql
        for party in ("contact", "account"):
            assert run(f"SELECT rowid, body FROM {party}_fts ORDER BY rowid").all() == run(
                f"SELECT id, search_text FROM {party} ORDER BY id").all()


def atoms(r: ContactRecord) -> frozenset:
    """A contact's data as a set of facts, each a field's value or one entry."""
    facts: set = {(n, getattr(r, n)) for n in (
        "prefix", "first_name", "middle_name", "last_name", "suffix", "nickname", "job_title",
        "department", "website", "notes", "uid", "company", "birthday", "photo")
        if getattr(r, n)}
    facts |= {("phone", p.number, p.kind) for p in r.phones}
    facts |= {("e-mail", e.address, e.kind) for e in r.emails}
    facts |= {("address", a.kind, a.street, a.postcode, a.city, a.region, a.country)
              for a in r.addresses}
    facts |= {("category", c.casefold()) for c in r.categories}
    facts |= {("relationship", x.value) for x in r.relationships}
    return frozenset(facts)


@pytest.fixture
def desk(services, tmp_path) -> Desk:  # noqa: ANN001
    return Desk(services, tmp_path)


# -- the story, and the rules around it ----------------------------------------------

def test_undoing_two_merged_imports_out_of_order_takes_back_only_each_ones_data(desk) -> None:
    """Ole is in the address book; two files each add to him.  Undoing the first and
    then the second used to bring the first one's data back."""
    desk.store(1, phones=[PhoneEntry("+45 70 10 20 30")])
    before = desk.data(1)
    first = desk.run(card(1, title="Buyer", phones=((0, "CELL"),)))
    second = desk.run(card(1, note="Met at the fair", phones=((1, "WORK"),)))

    result = desk.batches.undo(first)
    ole = desk.get(1)
    assert ole.job_title == "" and ole.notes == "Met at the fair"
    assert [p.number for p in ole.phones] == ["+45 70 10 20 30", phone_of(1, 1)]
    assert result.reverted == 1 and not result.kept_edited

    desk.batches.undo(second)
    assert desk.data(1) == before
    assert_index_in_step(desk.services)


def test_a_later_import_is_not_taken_for_an_edit(desk) -> None:
    """Merges of later imports move the contact's version on; undo tells them from the
    user's edits, for contacts it merged into and contacts it created alike."""
    desk.store(0)
    first = desk.run(card(0, title="Chemist"), card(1, title="Buyer"))
    desk.run(card(0, note="second file"), card(1, note="second file"))
    assert desk.batches.edited_since(first) == []
    result = desk.batches.undo(first)
    assert desk.get(0).job_title == "" and desk.get(0).notes == "second file"
    assert [k.name for k in result.kept_held] == ["Ole Berg"]


def test_what_the_user_changed_since_stays_and_is_named(desk) -> None:
    desk.store(0)
    batch = desk.run(card(0, title="Chemist", nickname="Mette", phones=((0, "WORK"),),
                          emails=("mette@home.dk",), city="Århus"))
    mette = desk.get(0)
    mette.job_title = "Head of Chemistry"  # the user's own title now
    mette.phones[0].kind = "mobile"  # the same number, relabelled
    mette.emails = [e for e in mette.emails if e.address != "mette@home.dk"]  # deleted
    desk.services.contacts.save(mette)
    assert desk.batches.edited_since(batch) == []  # nothing would be lost

    result = desk.batches.undo(batch)  # no force needed
    mette = desk.get(0)
    assert mette.job_title == "Head of Chemistry" and mette.nickname == ""
    assert [(p.number, p.kind) for p in mette.phones] == [(phone_of(0, 0), "mobile")]
    assert [e.address for e in mette.emails] == [key_email(0)] and mette.addresses == []
    assert [(k.name, k.fields) for k in result.kept_edited] == [
        ("Mette Hansen", ["job_title", f"phone {phone_of(0, 0)}"])]


def test_undo_tells_on_the_command_line_what_it_kept(desk, capsys) -> None:
    from crmdesk.cli import main

    desk.store(0)
    batch = desk.run(card(0, title="Chemist", note="from the file"), card(1))
    desk.run(card(1, note="second file"))
    mette = desk.get(0)
    mette.job_title = "Head of Chemistry"
    desk.services.contacts.save(mette)
    url = str(desk.services.db.engine.url)
    assert main(["--db", url, "import", "--undo", str(batch), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {k: out[k] for k in ("batch", "removed", "reverted", "accounts_removed")} == {
        "batch": batch, "removed": 0, "reverted": 1, "accounts_removed": 0}
    assert out["kept_edited"] == [{"kind": "contact", "id": mette.id, "name": "Mette Hansen",
                                   "fields": ["job_title"]}]
    assert [(k["name"], k["imports"]) for k in out["kept_held"]] == [("Ole Berg", [batch + 1])]


def test_undo_text_says_what_it_kept(desk, capsys) -> None:
    from crmdesk.cli import main

    desk.store(0)
    batch = desk.run(card(0, title="Chemist"))
    mette = desk.get(0)
    mette.job_title = "Head of Chemistry"
    desk.services.contacts.save(mette)
    url = str(desk.services.db.engine.url)
    assert main(["--db", url, "import", "--undo", str(batch), "--force"]) == 0  # accepted
    out = capsys.readouterr().out
    assert "Kept as you edited them since (1 contact):\n  Mette Hansen: job_title" in out


def test_undo_text_lists_ten_kept_contacts_and_counts_the_rest(desk, capsys) -> None:
    from crmdesk.cli import main

    def people(extra: str) -> str:
        return "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Person{n};Anne;;;\r\n"
                       f"EMAIL:anne{n}@example.dk\r\n{extra}END:VCARD\r\n" for n in range(12))

    first = desk.run(people(""))
    desk.run(people("NOTE:second file\r\n"))
    assert main(["--db", str(desk.services.db.engine.url), "import", "--undo",
                 str(first)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == ("Kept because later imports merged into them (12 contacts; undo those "
                      "imports too to remove them):")
    assert out[2:] == [f"  Anne Person{n}: import {first + 1}" for n in range(10)] + [
        "  … and 2 more (with --json, the undo lists every one)"]


def test_the_creating_import_undone_first_the_contact_goes_with_the_last_holder(desk) -> None:
    """Ole came with file 1; file 2 had him too and added his mobile.  Undoing file 1
    keeps him (file 2 still holds him) and says so; undoing file 2 then removes him,
    his company and the category only he was in: as before both."""
    first = desk.run(card(1, title="Buyer", org="Berg Trading", categories=("Fair",)))
    second = desk.run(card(1, phones=((0, "CELL"),)))
    with_both = desk.data(1)

    result = desk.batches.undo(first)
    assert result.removed == 0 and desk.data(1) == with_both
    assert [(k.name, k.imports) for k in result.kept_held] == [("Ole Berg", [second])]

    result = desk.batches.undo(second)
    assert result.removed == 1 and desk.get(1) is None
    assert result.accounts_removed == 1 and desk.services.accounts.count() == 0
    with desk.services.db.sessions() as s:
        assert s.execute(text("SELECT name FROM category")).scalars().all() == []
    assert_index_in_step(desk.services)


def test_the_creating_import_undone_last_removes_the_contact(desk) -> None:
    first = desk.run(card(1, title="Buyer"))
    second = desk.run(card(1, phones=((0, "CELL"),)))
    desk.batches.undo(second)
    assert desk.get(1).phones == []
    result = desk.batches.undo(first)  # the merge and its undo are no edits: no force
    assert result.removed == 1 and desk.get(1) is None


def test_a_contact_left_to_a_later_import_and_edited_needs_force(desk) -> None:
    first = desk.run(card(1, title="Buyer"))
    second = desk.run(card(1, phones=((0, "CELL"),)))
    desk.batches.undo(first)
    ole = desk.get(1)
    ole.notes = "called him"
    desk.services.contacts.save(ole)
    assert desk.batches.edited_since(second) == ["Ole Berg"]
    with pytest.raises(UndoConflict, match="Ole Berg"):
        desk.batches.undo(second)
    assert desk.get(1).notes == "called him"
    assert desk.batches.undo(second, force=True).removed == 1 and desk.get(1) is None


def test_an_id_used_again_is_not_someone_elses_to_undo(desk) -> None:
    """The user deletes what an import created, then adds a contact: SQLite gives it
    the id that was freed.  Undoing the import leaves it alone."""
    batch = desk.run(card(1, title="Buyer"))
    gone = desk.contact_id(1)
    desk.services.contacts.delete([gone])
    new = desk.store(2)
    assert new == gone
    result = desk.batches.undo(batch)
    assert result.removed == 0 and desk.get(2) is not None


def test_a_merged_contact_deleted_since_is_skipped(desk) -> None:
    desk.store(0)
    batch = desk.run(card(0, title="Chemist"))
    desk.services.contacts.delete([desk.contact_id(0)])
    result = desk.batches.undo(batch)
    assert (result.removed, result.reverted) == (0, 0)


def test_what_the_user_removed_and_a_later_import_brought_back_is_the_later_ones(
        desk) -> None:
    desk.store(0)
    first = desk.run(card(0, title="Chemist"))
    mette = desk.get(0)
    mette.job_title = ""
    desk.services.contacts.save(mette)
    second = desk.run(card(0, title="Chemist"))
    result = desk.batches.undo(first)
    assert desk.get(0).job_title == "Chemist" and not result.kept_edited
    desk.batches.undo(second)
    assert desk.get(0).job_title == ""


def test_what_a_merge_added_is_kept_whole_in_its_json() -> None:
    from crmdesk.records import AddressEntry, Relationship
    from crmdesk.services.importing import snapshot
    from crmdesk.services.importing.merge import Added

    added = Added(fields={"notes": "Åse's note", "uid": "u-1"}, birthday=date(1980, 1, 2),
                  account_id=7, company="Holm ApS", photo=PHOTOS[0], photo_mime="image/jpeg",
                  phones=[PhoneEntry("+45 20 30 40 50", "mobile")],
                  emails=[EmailEntry("a@b.dk", "home")],
                  addresses=[AddressEntry("work", "Torvet 1", "8000", "Århus C", "", "DK")],
                  categories=["Imported 2026-12-03 12:00", "VIP"],
                  relationships=[Relationship.CUSTOMER])
    assert snapshot.loads_added(snapshot.dumps_added(added)) == added
    assert snapshot.dumps_added(Added(fields={"uid": "u-1"})) == '{"fields":{"uid":"u-1"}}'


# -- imports made before schema 0005 ----------------------------------------------------------

def _downgrade(engine, revision: str) -> None:  # noqa: ANN001
    from alembic import command

    from crmdesk import db

    cfg = db._alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def _old_database(tmp_path: Path) -> tuple[str, int, int, ContactRecord]:
    """A database at schema 0004 holding an import made the old way: a merge into
    Mette that kept her whole record from before (``before``), and a created Ole."""
    from crmdesk import db
    from crmdesk.services.importing import snapshot
    from crmdesk.services.wiring import Services

    url = "sqlite:///" + str(tmp_path / "old.db")
    services = Services.open(url, Settings(default_region="DK"))
    desk = Desk(services, tmp_path)
    desk.store(0, company="Novo Nordisk A/S", categories=["VIP"],
               phones=[PhoneEntry("+45 70 10 20 30")])
    mette = desk.get(0)
    batch = desk.run(card(0, title="Chemist", phones=((0, "CELL"),)), card(1))
    with services.db.sessions.begin() as s:
        s.execute(text("UPDATE import_item SET before = :before, added = NULL, moved = NULL "
                       "WHERE action = 'merged'"), {"before": snapshot.dumps(mette)})
    services.close()
    engine = db.make_engine(url)
    _downgrade(engine, "0004")
    engine.dispose()
    return url, batch, mette.id, mette


def test_an_import_made_before_0005_undoes_from_its_snapshot(tmp_path) -> None:
    from crmdesk.services.wiring import Services

    url, batch, mette_id, mette = _old_database(tmp_path)
    services = Services.open(url, Settings(default_region="DK"))  # upgrades to 0005
    try:
        desk = Desk(services, tmp_path)
        later = desk.run(card(0, note="a later file"))  # a merge of the new kind
        result = desk.batches.undo(batch)
        assert (result.removed, result.reverted) == (1, 1)
        back = desk.get(0)
        assert back.job_title == "" and back.notes == "a later file"
        assert [p.number for p in back.phones] == ["+45 70 10 20 30"]
        desk.batches.undo(later)
        assert desk.data(0) == atoms(mette)
    finally:
        services.close()


def test_an_import_made_before_0005_still_refuses_to_lose_edits(tmp_path) -> None:
    from crmdesk.services.wiring import Services

    url, batch, mette_id, _ = _old_database(tmp_path)
    services = Services.open(url, Settings(default_region="DK"))
    try:
        desk = Desk(services, tmp_path)
        desk.run(card(0, note="a later file"))  # not an edit
        assert desk.batches.edited_since(batch) == []
        mette = desk.get(0)
        mette.nickname = "Mette H."
        services.contacts.save(mette)
        with pytest.raises(UndoConflict, match="Mette Hansen"):
            desk.batches.undo(batch)
        desk.batches.undo(batch, force=True)
        assert desk.get(0).job_title == "" and desk.get(0).nickname == ""
    finally:
        services.close()


# -- any imports, undone in any order -----------------------------------------------------------

TITLES = st.sampled_from(["", "", "Buyer", "Chemist"])
NOTES = st.sampled_from(["", "", "met at the fair", "call in May"])
FIELDS = ("prefix", "first_name", "middle_name", "last_name", "suffix", "nickname", "job_title",
          "department", "website", "notes", "uid", "company", "birthday", "photo")


@st.composite
def cards(draw, person: int) -> str:  # noqa: ANN001
    return card(
        person, title=draw(TITLES), note=draw(NOTES),
        nickname=draw(st.sampled_from(["", "", "Nick"])),
        phones=tuple(draw(st.lists(st.tuples(st.integers(0, 2),
                                             st.sampled_from(["WORK", "CELL"])),
                                   max_size=2, unique_by=lambda t: t[0]))),
        emails=tuple(draw(st.lists(st.sampled_from([f"p{person}.a@x.org", f"p{person}.b@x.org"]),
                                   max_size=2, unique=True))),
        categories=tuple(draw(st.lists(st.sampled_from(["Red", "Blue"]), max_size=2,
                                       unique=True))),
        bday=draw(st.sampled_from([None, None, date(1980, 1, 2), date(1990, 3, 4)])),
        org=draw(st.sampled_from(["", "", "Acme", "Globex"])),
        city=draw(st.sampled_from(["", "", "Århus", "Odense"])),
        photo=draw(st.sampled_from([None, None, 0, 1])),
        url=draw(st.sampled_from(["", "", "https://example.dk"])))


#: A file: cards of the three people, one of them perhaps twice
FILES = st.lists(st.integers(0, 2), min_size=1, max_size=4).flatmap(
    lambda people: st.tuples(*(cards(p) for p in people)).map(list))
EDIT_OPS = ("job_title", "notes", "nickname", "clear notes", "clear job_title", "relabel",
            "drop phone", "add phone")
STEPS = st.lists(st.one_of(
    FILES.map(lambda f: ("import", f)),
    st.integers(0, 9).map(lambda k: ("undo", k)),
    st.tuples(st.integers(0, 2), st.sampled_from(EDIT_OPS)).map(lambda e: ("edit", *e))),
    min_size=2, max_size=10)


class Model:
    """What the people should hold: observed after each import and edit, and worked out
    from what each import was seen to add when one is undone."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.state = {p: desk.data(p) for p in range(3)}
        self.creator: dict[int, int] = {}  # person -> the import that created the contact
        self.added: dict[int, dict[int, frozenset]] = {}  # import -> person -> facts
        self.live: list[int] = []
        self.edited: set[int] = set()  # people whose contact an import created, edited

    def run(self, cards_: list[str]) -> None:
        batch = self.desk.run(*cards_)
        self.live.append(batch)
        self.added[batch] = {}
        for p in range(3):
            was, now = self.state[p], self.desk.data(p)
            assert was is None or (now is not None and was <= now), "a merge only adds"
            if was is None and now is not None:
                self.creator[p] = batch
            if now != was:
                self.added[batch][p] = now - (was or frozenset())
            self.state[p] = now

    def edit(self, person: int, op: str) -> None:
        record = self.desk.get(person)
        if record is None:
            return
        if op in ("job_title", "notes", "nickname"):
            setattr(record, op, f"the user's {op}")
        elif op.startswith("clear "):
            if not getattr(record, op[6:]):
                return
            setattr(record, op[6:], "")
        elif op == "add phone":
            record.phones.append(PhoneEntry(f"+45 99 88 77 6{person}", "home"))
        elif not record.phones:
            return
        elif op == "relabel":
            record.phones[0].kind = "pager" if record.phones[0].kind != "pager" else "fax"
        else:
            record.phones.pop(0)
        self.desk.services.contacts.save(record)
        self.state[person] = self.desk.data(person)
        if person in self.creator:
            self.edited.add(person)

    def undo(self, batch: int) -> None:
        others = [c for c in self.live if c != batch]
        expected = dict(self.state)
        labels: set[tuple[int, str]] = set()
        held: set[tuple[int, tuple[int, ...]]] = set()
        edited: set[int] = set()
        for p, now in self.state.items():
            if now is None:
                continue
            holders = tuple(c for c in others if p in self.added[c])
            creator = self.creator.get(p)
            if creator == batch and holders:
                held.add((p, holders))
            elif creator == batch or (p in self.added[batch] and creator is not None
                                      and creator not in self.live and not holders):
                expected[p] = None
                if p in self.edited:
                    edited.add(p)
            elif p in self.added[batch]:
                ours = self.added[batch][p]
                later = frozenset().union(*(self.added[c][p] for c in holders if c > batch))
                theirs = frozenset().union(*(self.added[c][p] for c in holders))
                expected[p] = now - {fact for fact in ours if fact not in later}
                labels |= {(p, label) for label in _kept(ours, now, theirs)}
        ids = {self.desk.contact_id(p): p for p in range(3)}
        if edited:
            with pytest.raises(UndoConflict) as refused:
                self.desk.batches.undo(batch)
            assert set(refused.value.names) == {" ".join(NAMES[p][::-1]) for p in edited}
        result = self.desk.batches.undo(batch, force=bool(edited))
        assert {(ids[k.id], f) for k in result.kept_edited for f in k.fields} == labels
        assert {(ids[k.id], tuple(k.imports)) for k in result.kept_held} == held
        self.live.remove(batch)
        for p in range(3):
            assert self.desk.data(p) == expected[p], (NAMES[p], batch)
            if expected[p] is None and self.state[p] is not None:  # gone: its history too
                self.creator.pop(p, None)
                self.edited.discard(p)
                for people in self.added.values():
                    people.pop(p, None)
        self.state = expected


def _kept(ours: frozenset, now: frozenset, theirs: frozenset) -> set[str]:
    """What undo names as kept: a field or phone of ours that the user changed, now
    holding a value no other import (not undone) stored there."""
    kept: set[str] = set()
    for fact in ours:
        if fact in now:
            continue
        if fact[0] in FIELDS:
            kept |= {fact[0] for f in now - theirs if f[0] == fact[0]}
        elif fact[0] == "phone":
            kept |= {f"phone {fact[1]}" for f in now - theirs
                     if f[0] == "phone" and f[1] == fact[1]}
    return kept


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(stored=st.lists(st.booleans(), min_size=3, max_size=3), steps=STEPS, data=st.data())
def test_any_imports_undone_in_any_order_leave_exactly_the_rest(stored, steps, data) -> None:
    """People in the address book or not; files merging into them, undos and the user's
    edits in any order; at the end every import left is undone, in any order.  After
    each undo every person holds what they held less what the undone import added
    (unless a later import brought it back), a contact an import created is there while
    an import not undone holds it, every change the user made to an import's data is
    kept and named, and a created contact the user edited goes only when forced.
    Without edits, the end is the address book as it was before the first import."""
    from crmdesk.services.wiring import Services

    with tempfile.TemporaryDirectory() as folder:
        services = Services.open("sqlite:///" + folder + "/t.db",
                                 Settings(default_region="DK"))
        try:
            desk = Desk(services, Path(folder))
            for person, is_stored in enumerate(stored):
                if is_stored:
                    desk.store(person, job_title="Owner" if person == 0 else "",
                               phones=[PhoneEntry(phone_of(person, 2), "home")])
            model = Model(desk)
            original = dict(model.state)
            for step in steps:
                if step[0] == "import":
                    model.run(step[1])
                elif step[0] == "undo" and model.live:
                    model.undo(model.live[step[1] % len(model.live)])
                elif step[0] == "edit":
                    model.edit(step[1], step[2])
            for batch in data.draw(st.permutations(model.live)):
                model.undo(batch)
            if not any(step[0] == "edit" for step in steps):
                assert model.state == original
            _assert_columns_in_step(desk)
        finally:
            services.close()


def _assert_columns_in_step(desk: Desk) -> None:
    assert_index_in_step(desk.services)
    with desk.services.db.sessions() as s:
        for contact in s.scalars(select(Contact)):
            stored = (contact.display_name, contact.main_phone, contact.main_email,
                      contact.city, contact.company_sort, sorted(contact.search_text.split()))
            CONTACT.derive_columns(contact, "DK")
            assert stored == (contact.display_name, contact.main_phone, contact.main_email,
                              contact.city, contact.company_sort,
                              sorted(contact.search_text.split()))
        s.rollback()
