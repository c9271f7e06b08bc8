"""Property: whatever bytes a user drops on the window, only ImportFileError escapes."""

from __future__ import annotations

from pathlib import Path

from helpers_importers import CORPUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmdesk.importers import ImportFileError, ParsedContact, Problem, detect, read_contacts

SEEDS = sorted(
    p for p in (CORPUS / "files").rglob("*") if p.is_file() and p.stat().st_size < 20_000
)
SEEDS_BYTES = [p.read_bytes() for p in SEEDS] or [b"BEGIN:VCARD\r\nN:A;B\r\nEND:VCARD\r\n"]
SEEDS_BYTES += [
    b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE:A=\r\n=C3=\r\nPHOTO;ENCODING=b:xx\r\n",
    b'"First Name","Last Name","E-mail Address"\r\n"a","b","c"\r\n"x,"y\r\n',
    b"dn: cn=a\nobjectclass: person\nsn:: ###\n mail: x\n\n",
]


FIXTURE_OK = [HealthCheck.function_scoped_fixture]


def _check(path: Path) -> None:
    try:
        detect(path)
    except ImportFileError:
        pass
    try:
        for item in read_contacts(path):
            assert isinstance(item, ParsedContact | Problem)
    except ImportFileError:
        pass


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS_BYTES)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.integers(0, 3))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == 0 and data:
            del data[pos : pos + draw(st.integers(1, 50))]
        elif op == 1:
            data[pos:pos] = draw(st.sampled_from(
                [b"\r\n", b":", b";", b"=", b"\\", b"\xff\xfe", b"\x00", b"\xc3", b" ", b'"',
                 b"BEGIN:VCARD\r\n", b"END:VCARD\r\n", b"ENCODING=b:", b"=\r\n", b"\t"]))
        elif op == 2 and data:
            data[pos] = draw(st.integers(0, 255))
        else:
            data = data[: pos]
    return bytes(data)


@settings(max_examples=150, deadline=None, suppress_health_check=FIXTURE_OK)
@given(data=st.one_of(mutated(), st.binary(max_size=400)))
def test_readers_never_raise_anything_but_import_file_error(tmp_path, data: bytes) -> None:
    for suffix in (".vcf", ".csv"):
        path = tmp_path / f"input{suffix}"
        path.write_bytes(data)
        _check(path)


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURE_OK)
@given(data=mutated(), fmt=st.sampled_from(["vcard", "csv", "ldif", "json", "outlook-csv"]))
def test_forced_formats_never_raise_anything_else(tmp_path, data: bytes, fmt: str) -> None:
    path = tmp_path / "forced.dat"
    path.write_bytes(data)
    try:
        for item in read_contacts(path, format=fmt):
            assert isinstance(item, ParsedContact | Problem)
    except ImportFileError:
        pass
