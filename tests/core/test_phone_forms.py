"""The derivation's fast phone forms equal phones.normalise + phones.search_forms."""

from __future__ import annotations

import random
from pathlib import Path

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

from crmdesk.importers import ParsedContact, read_contacts
from crmdesk.services import intl_phones, phones
from crmdesk.services.derive import phone_forms

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "files"
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file())

SAMPLES = ["+45 33 12 34 56", "33123456", "0049 30 1234567", "030 1234567",
           "+39 06 1234 5678", "+1 (223) 555-2454", "555-2454", "ext. 12",
           "+44 20 7946 0958 x123", "", "abc", "+", "00", "+800 1234 5678", "112",
           "+45 70 10 20 30", "+33 7 83 55 92 20"]


def _reference(number: str, region: str) -> tuple[str, list[str]]:
    parsed = phones.normalise(number, region)
    return parsed.e164, phones.search_forms(parsed)


def _one_parse(number: str, region: str) -> tuple[str, list[str]]:
    """The forms from one phonenumbers.parse (``00`` read as ``+``); a number that is not
    possible keeps only its typed digits.  (``search_forms`` re-parses the E.164 text,
    which for some impossible numbers strips a national prefix a second time.)"""
    text = number.strip()
    parsed = phonenumbers.parse("+" + text[2:] if phones.has_own_prefix(text)
                                and text.startswith("00") else text, region)
    if not phonenumbers.is_possible_number(parsed):
        return "", [phones.digits(text)] if phones.digits(text) else []
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    forms = [phones.digits(text), e164[1:], str(parsed.national_number),
             phones.digits(national)]
    return e164, [f for f in dict.fromkeys(forms) if f]


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
        expected = _one_parse(number, region)
    except Exception:  # noqa: BLE001 - the reference itself fails: nothing to compare
        return
    assert phone_forms(number, region) == expected


def _international_variants() -> list[str]:
    """Example numbers of every region and type, written as people write them (+CC with
    spaces, dashes, dots, brackets, "(0)"), and with digits changed, added and dropped."""
    rng = random.Random(7)
    texts: list[str] = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in range(12):  # every PhoneNumberType with examples
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            spaced = phonenumbers.format_number(
                example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            code, _, rest = spaced.partition(" ")
            e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
            digits = e164[len(code):]
            texts += [spaced, e164, f"{code} (0){rest}", f"{code} 0{rest}",
                      spaced.replace(" ", "-"), f"{code}.{rest.replace(' ', '.')}",
                      f"{code} ({rest[:2]}) {rest[2:]}", f"{code}{digits[:-1]}",
                      f"{code}{digits}{rng.randrange(10)}",
                      f"{code} {''.join(str(rng.randrange(10)) for _ in digits)}"]
    return texts


def test_international_numbers_of_every_region() -> None:
    assert intl_phones.USABLE, "phonenumbers changed what the fast path borrows"
    texts = _international_variants()
    assert len(texts) > 3000
    for number in texts:
        for region in ("DK", "US"):
            assert phone_forms(number, region) == _one_parse(number, region), number


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 ()-./", max_size=18), st.sampled_from(["DK", "IT"]))
def test_random_international_numbers(rest: str, region: str) -> None:
    number = "+" + rest
    try:
        expected = _one_parse(number, region)
    except Exception:  # noqa: BLE001 - the reference itself fails: nothing to compare
        return
    assert phone_forms(number, region) == expected


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_phonenumbers_is_pinned_to_the_release_line_the_fast_path_was_tested_with() -> None:
    """The fast path borrows phonenumbers' private helpers: pyproject.toml admits only the
    minor release it was tested with (a newer one may move them), and that is the one
    installed here, which the tests above ran against."""
    import tomllib
    from importlib.metadata import version

    project = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml")
                            .read_text(encoding="utf-8"))["project"]
    [spec] = [d[len("phonenumbers"):] for d in project["dependencies"]
              if d.startswith("phonenumbers")]
    low, high = (part.strip() for part in spec.split(","))
    assert low.startswith(">=") and high.startswith("<"), spec
    low_v, high_v = _version(low[2:]), _version(high[1:])
    assert high_v <= (low_v[0], low_v[1] + 1), f"{spec} admits untested releases"
    assert low_v <= _version(version("phonenumbers")) < high_v
