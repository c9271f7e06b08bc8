"""Readers for contact files: vCard 2.1/3.0/4.0, Outlook/Google/Thunderbird CSV, LDIF, JSON.

Pure functions from a file to plain records (no database, no Qt). The
service layer decides about duplicates, transactions and progress display.

    guess = detect(path)                      # format, encoding, CSV mapping
    for item in read_contacts(path):          # streams ParsedContact | Problem
        ...

Only :class:`ImportFileError` ever escapes, for a file that cannot be read at
all; a bad record is a :class:`Problem` and the rest of the file still imports;
what a reader mended in a record it imports is in ``ParsedContact.repairs``.
"""

from crmdesk.importers.aliases import FIXED_KEYS, guess_mapping, valid_key
from crmdesk.importers.base import (
    FormatGuess,
    ImportFileError,
    ParsedContact,
    Problem,
    Repair,
)
from crmdesk.importers.detect import detect as _detect
from crmdesk.importers.json_reader import ParsedAccount, read_json
from crmdesk.importers.reader import count_records_estimate, read_contacts


def detect(path, encoding=None, kind="contact"):  # type: ignore[no-untyped-def]
    """Sniff the format from the file's structure; raises only :class:`ImportFileError`."""
    try:
        return _detect(path, encoding, kind)
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - the contract: nothing else escapes
        raise ImportFileError(path, "the file could not be examined (an unexpected "
                              f"{type(exc).__name__}); it may be damaged") from None


__all__ = [
    "FIXED_KEYS",
    "FormatGuess",
    "ImportFileError",
    "ParsedAccount",
    "ParsedContact",
    "Problem",
    "Repair",
    "count_records_estimate",
    "detect",
    "guess_mapping",
    "read_contacts",
    "read_json",
    "valid_key",
]
