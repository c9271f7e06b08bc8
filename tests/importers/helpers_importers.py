"""Shared helpers for the importer tests (not a conftest: that file is not ours)."""

from __future__ import annotations

from pathlib import Path

from crmdesk.importers import ParsedContact, Problem, read_contacts

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def read_all(path: Path | str, **kw) -> tuple[list[ParsedContact], list[Problem]]:
    items = list(read_contacts(path, **kw))
    return (
        [i for i in items if isinstance(i, ParsedContact)],
        [i for i in items if isinstance(i, Problem)],
    )


def one(path: Path | str, **kw):
    contacts, problems = read_all(path, **kw)
    assert len(contacts) == 1, (contacts, problems)
    return contacts[0].record


def write(tmp_path: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return p
