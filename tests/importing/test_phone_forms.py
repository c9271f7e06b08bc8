"""The import's one-parse phone forms equal phones.normalise + phones.search_forms."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from crmdesk.importers import ParsedContact, read_contacts
from crmdesk.services import phones
from crmdesk.services.importing.rows import phone_forms

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "files"
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file())

SAMPLES = ["+45 33 12 34 56", "33123456", "0049 30 1234567", "030 1234567",
           "+39 06 1234 5678", "+1 (223) 555-2454", "555-2454", "ext. 12",
           "+44 20 7946 0958 x123", "", "abc", "+", "00", "+800 1234 5678", "112",
           "+45 70 10 20 30", "+33 7 83 55 92 20"]


def _reference(number: str, region: str) -> tuple[str, list[str]]:
    parsed = phones.normalise(number, region)
    return parsed.e164, phones.search_forms(parsed)


def test_samples_and_every_corpus_number() -> None:
    numbers = list(SAMPLES)
    for path in CORPUS_FILES:
        try:
            for item in read_contacts(path):
                if isinstance(item, ParsedContact):
                    numbers += [p.number for p in item.record.phones]
        except Exception:  # noqa: BLE001 - unreadable corpus files are tested elsewhere
            pass
    for region in ("DK", "DE", "US", "IT"):
        for number in numbers:
            assert phone_forms(number, region) == _reference(number, region), number


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="+0123456789 ()-./x", max_size=20), st.sampled_from(["DK", "DE", "GB"]))
def test_random_numbers(number: str, region: str) -> None:
    try:
        expected = _reference(number, region)
    except Exception:  # noqa: BLE001 - the reference itself fails: nothing to compare
        return
    assert phone_forms(number, region) == expected
