"""Which reader a file needs, from its content (the extension is only a hint)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from crmdesk.importers.aliases import guess_mapping
from crmdesk.importers.base import FormatGuess, ImportFileError
from crmdesk.importers.csv_reader import sniff_delimiter
from crmdesk.importers.encoding import SAMPLE_SIZE, guess_encoding, sniff_binary

_VCARD = re.compile(r"(?im)^[ \t]*begin[ \t]*:[ \t]*vcard")
_LDIF_ATTR = re.compile(
    r"(?im)^(dn|objectclass|givenname|sn|cn|mail|telephonenumber|mobile)::?[ \t]"
)
_JSON = re.compile(r'\A\s*\{\s*"format"\s*:\s*"crmdesk')


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


def detect(path: str | Path, encoding: str | None = None) -> FormatGuess:
    """Sniff format, encoding and (for CSV) separator, header and column mapping."""
    head = read_head(path)
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ImportFileError(path, "the file is empty")
    what = sniff_binary(head)
    if what:
        raise ImportFileError(
            path, f"this is {what}, not a contacts file (vCard, CSV or LDIF expected)"
        )
    enc = encoding or guess_encoding(head)
    try:
        text = decode_head(head, enc)
    except LookupError:
        raise ImportFileError(path, f"unknown text encoding {enc!r}") from None
    if _VCARD.search(text):
        return FormatGuess("vcard", enc)
    if _JSON.match(text):
        return FormatGuess("json", enc)
    if len(_LDIF_ATTR.findall(text[:8192])) >= 2:
        return FormatGuess("ldif", enc)
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    if not first.strip():
        raise ImportFileError(path, "the file does not start with a CSV header row, a vCard "
                              "or an LDIF entry, so it is not a contacts file", line=1)
    delimiter = sniff_delimiter(first)
    import csv

    try:
        header = next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration):
        header = [first]
    fmt, lang, mapping, unknown = guess_mapping(header)
    if fmt == "csv" and (len(header) < 2 or not mapping):
        raise ImportFileError(
            path,
            "no vCard, LDIF or known CSV header was found; this does not look like a "
            "contacts file (for a CSV file, the first row must name the columns)",
            line=1,
        )
    return FormatGuess(fmt, enc, delimiter, header, mapping, unknown, lang)
