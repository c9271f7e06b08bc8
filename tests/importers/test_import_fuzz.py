"""Property: whatever bytes a user drops on the window, only ImportFileError escapes.

Every reader (vCard 2.1/3.0/4.0, Outlook/Google/Thunderbird CSV, LDIF, JSON) is
fuzzed twice: by hypothesis, and by a mutation fuzzer over real files of the
corpus (byte flips, truncation, duplicated and deleted runs, inserted NULs, huge
lines, stray structure), each reader for a bounded time. The only outcomes
allowed are ParsedContact and Problem items (each record then prepared as the
import does: vetted, phones parsed, words folded, matching keys made), or an
ImportFileError whose reason is a sentence.

Each mutation run prints how many cases it tried (visible with ``-s``, or in the
captured output of ``-rA``). ``CRMDESK_FUZZ_SECONDS`` sets the time per reader
(default 2.5 s), e.g. 75 for a ten-minute run by hand; ``CRMDESK_FUZZ_SEED`` the
first seed (cases are reproducible from it).
"""

from __future__ import annotations

import io
import json
import os
import random
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers_importers import CORPUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmdesk.exporters.json_writer import write_json
from crmdesk.exporters.outlook_csv import write_outlook_csv
from crmdesk.importers import (
    ImportFileError,
    ParsedAccount,
    ParsedContact,
    Problem,
    Repair,
    contentline,
    detect,
    read_contacts,
    read_json,
)
from crmdesk.records import (
    AccountRecord,
    AddressEntry,
    ContactRecord,
    EmailEntry,
    PhoneEntry,
    Relationship,
)
from crmdesk.services.derive import Folding
from crmdesk.services.importing.prepare import prepare

FILES = CORPUS / "files"
SECONDS = float(os.environ.get("CRMDESK_FUZZ_SECONDS", "2.5"))
FIRST_SEED = int(os.environ.get("CRMDESK_FUZZ_SEED", "20261203"))
FOLD = Folding("DK")
INTERNALS = ("Traceback", "Error(", "__init__", "object has no attribute", "sys.set_int",
             "codec can't", "NoneType", "unexpected keyword")


def _corpus(pattern: str, needle: bytes = b"", limit: int = 40_000) -> list[bytes]:
    out = []
    for path in sorted(FILES.rglob(pattern)):
        data = path.read_bytes()
        if len(data) <= limit and needle.lower() in data.lower().replace(b"\x00", b""):
            out.append(data)
    return out


def _records() -> list[ContactRecord]:
    return [
        ContactRecord(first_name="Søren", last_name="Müller", company="Novo Nordisk",
                      job_title="CFO", emails=[EmailEntry("soren@novo.dk")],
                      phones=[PhoneEntry("+45 33 12 34 56", "mobile")],
                      addresses=[AddressEntry("work", "Krogshøjvej 29", "2880", "Bagsværd",
                                              "", "DK")],
                      categories=["VIP", "Pharma"], notes="Met in Basel\nBEGIN:VCARD",
                      relationships=[Relationship.CUSTOMER], uid="u-1"),
        ContactRecord(first_name="Anna", last_name="Berg", nickname="Ann",
                      emails=[EmailEntry("anna@example.com", "home")], website="x.example"),
    ]


def _outlook_csv() -> bytes:
    out = io.StringIO()
    write_outlook_csv(_records(), out)
    return out.getvalue().encode("utf-8")


def _json() -> bytes:
    out = io.StringIO()
    write_json(_records(), [AccountRecord(name="Novo Nordisk", industry="Pharma")], out)
    return out.getvalue().encode("utf-8")


def _pretty_json() -> bytes:
    doc = json.loads(_json())
    return json.dumps({"version": 1, **doc}, indent=2).encode("utf-8")


def _vcard4() -> list[bytes]:
    made = (b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Anna Berg\r\nN:Berg;Anna;;;\r\n"
            b"EMAIL;TYPE=work:anna@example.com\r\nTEL;VALUE=uri;TYPE=cell:tel:+45-33-12-34-56\r\n"
            b"BDAY:--0415\r\nPHOTO:data:image/png;base64,iVBORw0KGgo=\r\n"
            b"ADR;TYPE=home:;;Vej 1;Kbh;;2100;DK\r\nEND:VCARD\r\n")
    return _corpus("*.vcf", b"VERSION:4.0") + [made]


#: reader name -> (seed files, formats to read them as, tokens worth inserting)
VCARD_TOKENS = [b"BEGIN:VCARD\r\n", b"END:VCARD", b"END:VCARD junk", b"\r\n ", b"=\r\n",
                b";ENCODING=QUOTED-PRINTABLE:", b";ENCODING=b:", b";CHARSET=klingon:", b":",
                b";", b"\\", b"\\n", b"AGENT:", b"PHOTO;ENCODING=b:", b"item1.", b"=C3", b"\r"]
CSV_TOKENS = [b'"', b'""', b",", b";", b"\t", b"\r\n", b"\n", b"'=", b"\xef\xbb\xbf",
              b"BEGIN:VCARD\n", b"0/0/00", b" ::: "]
LDIF_TOKENS = [b"\n\n", b"\n ", b":: ", b": ", b"dn: ", b"objectclass: groupOfNames\n",
               b"#", b"version: 1\n", b"mail: x\n"]
JSON_TOKENS = [b"{", b"}", b"[", b"]", b'"', b",", b":", b"null", b"12345", b"true",
               b'"phones": ["1"]', b"\\u0000", b"\\ud800", b"9" * 40, b"[" * 2000, b"\n"]
READERS: dict[str, tuple[Callable[[], list[bytes]], tuple[str, ...], list[bytes]]] = {
    "vcard-2.1": (lambda: _corpus("*.vcf", b"VERSION:2.1"), ("auto", "vcard"), VCARD_TOKENS),
    "vcard-3.0": (lambda: _corpus("*.vcf", b"VERSION:3.0"), ("auto", "vcard"), VCARD_TOKENS),
    "vcard-4.0": (_vcard4, ("auto", "vcard"), VCARD_TOKENS),
    "outlook-csv": (lambda: [_outlook_csv()], ("auto", "outlook-csv"), CSV_TOKENS),
    "google-csv": (lambda: _corpus("*google*.csv") + [
        b.decode("utf-16").encode("utf-8") for b in _corpus("*google*.csv")],
        ("auto", "google-csv"), CSV_TOKENS),
    "thunderbird-csv": (lambda: _corpus("tb-*.csv") + _corpus("tb-*.txt"),
                        ("auto", "thunderbird-csv"), CSV_TOKENS),
    "ldif": (lambda: _corpus("*.ldif"), ("auto", "ldif"), LDIF_TOKENS),
    "json": (lambda: [_json(), _pretty_json()], ("auto", "json"), JSON_TOKENS),
}


def _mutate(rng: random.Random, seeds: list[bytes], tokens: list[bytes]) -> bytes:
    data = bytearray(rng.choice(seeds))
    for _ in range(rng.randint(1, 4)):
        pos = rng.randint(0, len(data))
        op = rng.randrange(9)
        if op == 0 and data:  # flip bytes
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif op == 1:  # truncate
            del data[pos:]
        elif op == 2 and data:  # duplicate a run
            end = min(len(data), pos + rng.randint(1, 2000))
            data[pos:pos] = data[max(0, pos - (end - pos)):pos] or data[:end]
        elif op == 3:  # delete a run
            del data[pos:pos + rng.randint(1, 200)]
        elif op == 4:  # NUL bytes
            data[pos:pos] = b"\x00" * rng.choice((1, 2, 7, 300))
        elif op == 5:  # a huge line (over the patched MAX_LINE), with or without its end
            data[pos:pos] = bytes([rng.choice(b"x=;,[A\"")]) * rng.randint(70_000, 200_000) + (
                b"\n" if rng.random() < 0.5 else b"")
        elif op == 6:  # stray structure
            data[pos:pos] = rng.choice(tokens)
        elif op == 7:  # splice in part of another seed
            other = rng.choice(seeds)
            start = rng.randrange(len(other) or 1)
            data[pos:pos] = other[start:start + rng.randint(1, 3000)]
        else:  # cut a multi-byte character or a CR LF pair
            data[pos:pos] = rng.choice((b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\r",
                                        b"\xff\xfe", b"\xfe\xff"))
    return bytes(data)


def _check_reason(reason: str) -> None:
    assert reason.strip() and not any(w in reason for w in INTERNALS), reason


def _outcomes(path: Path, fmt: str) -> int:
    """Read ``path`` as ``fmt``; assert only allowed outcomes; return how many items."""
    n = 0
    try:
        if fmt == "auto":
            detect(path)
        items = read_json(path) if fmt == "json" else read_contacts(path, format=fmt)
        for item in items:
            n += 1
            if isinstance(item, ParsedContact | ParsedAccount):
                assert all(isinstance(r, Repair) for r in item.repairs)
                for r in item.repairs:
                    _check_reason(r.reason)
            if isinstance(item, ParsedContact):
                prepared = prepare(FOLD, 0, item)
                if isinstance(prepared.item, Problem):
                    _check_reason(prepared.item.reason)
            elif isinstance(item, Problem):
                _check_reason(item.reason)
            else:
                assert isinstance(item, ParsedAccount), type(item)
    except ImportFileError as exc:
        _check_reason(exc.reason)
    return n


@pytest.mark.parametrize("reader", sorted(READERS))
def test_mutated_corpus_files_give_records_problems_or_a_sentence(
        tmp_path, monkeypatch, reader) -> None:
    monkeypatch.setattr(contentline, "MAX_LINE", 64 * 1024)  # huge lines, cheaply
    make_seeds, formats, tokens = READERS[reader]
    seeds = make_seeds()
    assert seeds, f"no seed files for {reader}"
    rng = random.Random(f"{FIRST_SEED}-{reader}")
    path = tmp_path / "fuzz.dat"
    cases = items = 0
    deadline = time.perf_counter() + SECONDS
    while time.perf_counter() < deadline:
        data = _mutate(rng, seeds, tokens)
        path.write_bytes(data)
        for fmt in formats:
            try:
                items += _outcomes(path, fmt)
            except BaseException:
                kept = tmp_path.parent / f"fuzz-failure-{reader}.dat"
                kept.write_bytes(data)
                raise AssertionError(f"{reader} as {fmt}: case {cases}, input kept in {kept}"
                                     f"\n{traceback.format_exc()}") from None
            cases += 1
    print(f"fuzz {reader}: {cases} cases, {items} items in {SECONDS:.1f} s")
    assert cases > 0


SEEDS_BYTES = [s for make, _, _ in READERS.values() for s in make() if len(s) < 20_000]
FIXTURE_OK = [HealthCheck.function_scoped_fixture]


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS_BYTES)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.integers(0, 3))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == 0 and data:
            del data[pos : pos + draw(st.integers(1, 50))]
        elif op == 1:
            data[pos:pos] = draw(st.sampled_from(VCARD_TOKENS + CSV_TOKENS + LDIF_TOKENS
                                                 + JSON_TOKENS))
        elif op == 2 and data:
            data[pos] = draw(st.integers(0, 255))
        else:
            data = data[: pos]
    return bytes(data)


@settings(max_examples=150, deadline=None, suppress_health_check=FIXTURE_OK)
@given(data=st.one_of(mutated(), st.binary(max_size=400)))
def test_readers_never_raise_anything_but_import_file_error(tmp_path, data: bytes) -> None:
    for suffix in (".vcf", ".csv", ".json"):
        path = tmp_path / f"input{suffix}"
        path.write_bytes(data)
        _outcomes(path, "auto")


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURE_OK)
@given(data=mutated(), fmt=st.sampled_from(["vcard", "csv", "ldif", "json", "outlook-csv",
                                            "google-csv", "thunderbird-csv"]))
def test_forced_formats_never_raise_anything_else(tmp_path, data: bytes, fmt: str) -> None:
    path = tmp_path / "forced.dat"
    path.write_bytes(data)
    _outcomes(path, fmt)
