"""The one entry point the services call: :func:`read_contacts`.

It streams: files are read line by line and one record is built at a time,
so memory stays flat for a 100,000-card file.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TextIO

from crmdesk.importers.aliases import guess_mapping
from crmdesk.importers.base import FormatGuess, ImportFileError, ParsedContact, Problem
from crmdesk.importers.contentline import BoundedLines
from crmdesk.importers.csv_reader import read_csv_rows, sniff_delimiter
from crmdesk.importers.detect import detect, read_head, text_encoding
from crmdesk.importers.ldif import read_ldif
from crmdesk.importers.lead_csv import ParsedLead, read_lead_rows
from crmdesk.importers.vcard import read_vcards

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 200
CSV_FORMATS = ("outlook-csv", "google-csv", "thunderbird-csv", "csv")


def _utf8_lines(lines: Iterable[str]) -> Iterator[bytes]:
    """Lines of a UTF-16 (or other non-ASCII-compatible) file, re-encoded as UTF-8."""
    for line in lines:
        yield line.encode("utf-8")


def _is_ascii_compatible(encoding: str) -> bool:
    name = codecs.lookup(encoding).name
    return not name.startswith(("utf-16", "utf-32", "utf_16", "utf_32"))


def read_contacts(
    path: str | Path,
    *,
    format: str = "auto",
    encoding: str | None = None,
    mapping: dict[str, str] | None = None,
    on_progress: Progress | None = None,
) -> Iterator[ParsedContact | Problem]:
    """Yield every contact of ``path`` (and a Problem for each bad record).

    ``format``, ``encoding`` and ``mapping`` override what :func:`detect`
    finds (the import dialog lets the user change them). ``on_progress`` is
    called with ``(bytes_read, bytes_total)`` every 200 records and at the end.
    Raises only :class:`ImportFileError`, for a file that cannot be read at all.
    """
    if format == "auto":
        guess: FormatGuess | None = detect(path, encoding)
        fmt, enc = guess.format, guess.encoding  # type: ignore[union-attr]
    else:
        # the user chose the format (and maybe the mapping): only the encoding is sniffed
        guess, fmt = None, format
        enc = text_encoding(path, read_head(path), encoding)
    fh = _open(path)
    bounded: BoundedLines | None = None
    try:
        if fmt == "json":
            from crmdesk.importers.json_reader import read_json_stream

            items: Iterable[object] = (
                x for x in read_json_stream(fh, path) if isinstance(x, ParsedContact | Problem)
            )
        elif fmt in ("vcard", "ldif"):
            if _is_ascii_compatible(enc):
                bounded = BoundedLines(fh)
                lines = _skip_bom(bounded)
            else:
                bounded = BoundedLines(io.TextIOWrapper(fh, encoding=enc, errors="replace",
                                                        newline="\n"))
                lines = _skip_bom(_utf8_lines(bounded))
            fallback = "cp1252" if enc.lower().replace("_", "-").startswith("utf") else enc
            items = (read_vcards if fmt == "vcard" else read_ldif)(lines, fallback)
        elif fmt in CSV_FORMATS:
            text = io.TextIOWrapper(fh, encoding=enc, errors="replace", newline="")
            bounded = BoundedLines(text)
            items = _csv(text, bounded, guess, mapping)
        else:
            raise ImportFileError(path, f"unknown format {fmt!r}")
        yield from _streamed(path, fh, enc, items, bounded, on_progress)  # type: ignore[misc]
    finally:
        fh.close()


def read_leads(
    path: str | Path,
    *,
    encoding: str | None = None,
    mapping: dict[str, str] | None = None,
    on_progress: Progress | None = None,
) -> Iterator[ParsedLead | Problem]:
    """Yield every lead of the CSV file ``path`` (and a Problem for each bad row), its
    columns mapped to a lead's fields by ``mapping`` (else by their headings); as
    :func:`read_contacts`, raises only :class:`ImportFileError`."""
    guess = detect(path, encoding, kind="lead")
    if guess.format not in CSV_FORMATS:
        raise ImportFileError(path, f"this is {_FORMAT_NAMES.get(guess.format, 'a')} file; "
                              "leads are imported from a CSV file whose first row names "
                              "the columns")
    fh = _open(path)
    try:
        text = io.TextIOWrapper(fh, encoding=guess.encoding, errors="replace", newline="")
        bounded = BoundedLines(text)
        items = read_lead_rows(bounded, guess.delimiter or ",", mapping or guess.mapping or {})
        yield from _streamed(path, fh, guess.encoding, items, bounded, on_progress)
    finally:
        fh.close()


_FORMAT_NAMES = {"vcard": "a vCard", "ldif": "an LDIF", "json": "a crmdesk JSON",
                 "ics": "an iCalendar"}


def _open(path: str | Path) -> IO[bytes]:
    try:
        return open(path, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        raise ImportFileError(path, f"the file cannot be opened ({exc.strerror or exc})") from None


def _streamed(path: str | Path, fh: IO[bytes], enc: str, items: Iterable[Any],
              bounded: BoundedLines | None, on_progress: Progress | None) -> Iterator[Any]:
    """The items, with the problems of overlong lines among them and progress reported;
    an error reading on is an :class:`ImportFileError`."""
    total = _size(fh)
    try:
        count = 0
        for item in items:
            yield item
            if bounded is not None and bounded.overlong:
                yield from bounded.problems()
            count += 1
            if on_progress and count % PROGRESS_EVERY == 0:
                on_progress(_tell(fh), total)
        if bounded is not None:
            yield from bounded.problems()
        if on_progress:
            on_progress(total, total)
    except ImportFileError:
        raise
    except UnicodeError:
        raise ImportFileError(path, f"the file could not be read to the end as {enc} text; "
                              "choose the file's encoding") from None
    except OSError as exc:
        raise ImportFileError(path, "the file could not be read to the end "
                              f"({exc.strerror or type(exc).__name__})") from None


def _skip_bom(lines: Iterable[bytes]) -> Iterator[bytes]:
    it = iter(lines)
    for first in it:
        yield first.removeprefix(codecs.BOM_UTF8)
        break
    yield from it


def _csv(
    text: TextIO,
    lines: Iterable[str],
    guess: FormatGuess | None,
    mapping: dict[str, str] | None,
) -> Iterator[ParsedContact | Problem]:
    if guess is None or guess.header is None:
        first = text.readline(1 << 16)
        text.seek(0)
        delimiter = sniff_delimiter(first.lstrip("\ufeff"))
        import csv

        header = next(csv.reader([first.lstrip("\ufeff").rstrip("\r\n")], delimiter=delimiter),
                      [])
        _, lang, auto_map, _ = guess_mapping(header)
    else:
        delimiter = guess.delimiter or ","
        lang = guess.language or "en"
        auto_map = guess.mapping or {}
    yield from read_csv_rows(lines, delimiter, mapping or auto_map, dayfirst=lang != "en")


def _size(fh: IO[bytes]) -> int:
    try:
        return Path(fh.name).stat().st_size  # type: ignore[arg-type]
    except (OSError, TypeError):
        return 0


def _tell(fh: IO[bytes]) -> int:
    try:
        return fh.tell()
    except (OSError, ValueError):
        return 0


def count_records_estimate(path: str | Path) -> int | None:
    """Cheap record count for a progress bar (BEGIN:VCARD, entries or lines); None if unknown."""
    try:
        guess = detect(path)
        needle = {"vcard": b"begin:vcard", "ldif": b"\n\n"}.get(guess.format)
        wide = not _is_ascii_compatible(guess.encoding)
        count = 0
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                if wide:
                    chunk = chunk.replace(b"\x00", b"")
                if needle:
                    count += chunk.lower().count(needle) if guess.format == "vcard" else (
                        chunk.replace(b"\r", b"").count(needle))
                else:
                    count += chunk.count(b"\n")
        if guess.format in CSV_FORMATS:
            count = max(count - 1, 0)
        return count
    except (ImportFileError, OSError):
        return None
