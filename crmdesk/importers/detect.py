"""Which reader a file needs, from its structure (the extension is only a hint).

Only the file's opening decides: a vCard's first line is ``BEGIN:VCARD``, an
iCalendar file's ``BEGIN:VCALENDAR``, a JSON
export starts with ``{``, an LDIF file with ``version:`` or ``dn:`` (or, from some
sync tools, with attribute lines), and a CSV file with a header row naming known
columns. Text further on is never searched: a note in a CSV row, a value in a JSON
record or an LDIF description may hold a pasted vCard, and that must not turn the
file into one.
"""

from __future__ import annotations

import codecs
import csv
import re
from pathlib import Path

from crmdesk.importers.aliases import guess_lead_mapping, guess_mapping
from crmdesk.importers.base import FormatGuess, ImportFileError
from crmdesk.importers.csv_reader import sniff_delimiter
from crmdesk.importers.encoding import SAMPLE_SIZE, fit_encoding, sniff_binary
from crmdesk.importers.ics import is_icalendar
from crmdesk.importers.ldif import ATTRS

_VCARD_BEGIN = re.compile(r"[ \t]*begin[ \t]*:[ \t]*vcard[\s\x00-\x1f]*", re.I)
_LATER_VCARD = re.compile(r"(?im)^[ \t]*begin[ \t]*:[ \t]*vcard[ \t]*$")
_LDIF_LINE = re.compile(r"([A-Za-z][A-Za-z0-9-]*)(?:;[A-Za-z0-9=;-]*)?::?(?:[ \t]|$)")
_LDIF_START = {"version", "dn"}
#: attributes an LDIF entry without ``dn:`` may start with
_LDIF_NAMES = set(ATTRS) | {"objectclass", "changetype"}
_LINES = re.compile(r"\r\n|\r|\n")


def read_head(path: str | Path, size: int = SAMPLE_SIZE) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except IsADirectoryError:
        raise ImportFileError(path, "this is a folder, not a file") from None
    except FileNotFoundError:
        raise ImportFileError(path, "the file does not exist") from None
    except PermissionError:
        raise ImportFileError(path, "the file cannot be opened (no permission)") from None
    except OSError as exc:
        raise ImportFileError(path, f"the file cannot be read ({exc.strerror or exc})") from None


def decode_head(head: bytes, encoding: str) -> str:
    dec = codecs.getincrementaldecoder(encoding)(errors="replace")
    return dec.decode(head, final=False)


def text_encoding(path: str | Path, head: bytes, requested: str | None) -> str:
    """The codec for the file (see :func:`encoding.fit_encoding`), or ImportFileError."""
    what = sniff_binary(head)
    if what:
        raise ImportFileError(path, f"this is {what}, not a contacts or calendar file "
                              "(vCard, CSV, LDIF, JSON or iCalendar expected)")
    try:
        return fit_encoding(head, requested)
    except ValueError as exc:
        raise ImportFileError(path, str(exc)) from None


def opening_lines(text: str, limit: int = 3) -> list[tuple[int, str]]:
    """The first ``limit`` lines with text, numbered from 1, without a byte-order mark;
    LDIF comments (``#``) are passed over too (a CSV header never starts with one)."""
    out: list[tuple[int, str]] = []
    for no, line in enumerate(_LINES.split(text.lstrip("\ufeff")), 1):
        if line.strip() and not line.startswith("#"):
            out.append((no, line))
            if len(out) == limit:
                break
    return out


def _is_ldif(lines: list[tuple[int, str]]) -> bool:
    names = []
    for _, line in lines[:2]:
        m = _LDIF_LINE.match(line)
        if not m:
            return False
        names.append(m[1].lower())
    if names and names[0] in _LDIF_START:
        return True
    return len(names) == 2 and all(n in _LDIF_NAMES for n in names)


def _is_json(first: str) -> bool:
    start = first.lstrip()
    if start[:1] not in ("{", "["):
        return False
    return start[1:].lstrip()[:1] in ("", "{", "[", "]", "}", '"')


def detect(path: str | Path, encoding: str | None = None, kind: str = "contact"
           ) -> FormatGuess:
    """Sniff format, encoding and (for CSV) separator, header and column mapping (to a
    lead's fields for ``kind="lead"``)."""
    head = read_head(path)
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ImportFileError(path, "the file is empty")
    enc = text_encoding(path, head, encoding)
    text = decode_head(head, enc)
    lines = opening_lines(text)
    if not lines:
        raise ImportFileError(path, "the file holds only blank lines")
    line_no, first = lines[0]
    if _VCARD_BEGIN.fullmatch(first):
        return FormatGuess("vcard", enc)
    if is_icalendar(first):
        return FormatGuess("ics", enc)
    if _is_json(first):
        return FormatGuess("json", enc)
    if _is_ldif(lines):
        return FormatGuess("ldif", enc)
    delimiter = sniff_delimiter(first)
    try:
        header = next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration):
        header = [first]
    guessing = guess_lead_mapping if kind == "lead" else guess_mapping
    fmt, lang, mapping, unknown = guessing(header)
    if fmt == "csv" and (len(header) < 2 or not mapping):
        raise ImportFileError(path, _unknown_reason(text), line=line_no)
    return FormatGuess(fmt, enc, delimiter, header, mapping, unknown, lang)


def _unknown_reason(text: str) -> str:
    reason = ("the first line is not a vCard's BEGIN:VCARD, an iCalendar file's "
              "BEGIN:VCALENDAR, an LDIF entry, a crmdesk JSON export or a CSV header row "
              "naming known columns, so this does not look like a contacts file or a calendar")
    later = _LATER_VCARD.search(text)
    if later:
        line = text.count("\n", 0, later.start()) + 1
        reason += (f"; a vCard begins at line {line}: if the file is a vCard file with text "
                   "before its first card, choose the format vCard")
    return reason
