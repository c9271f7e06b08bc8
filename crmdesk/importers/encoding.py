"""Guessing a file's text encoding and naming files that are not text at all.

Exported contact files come as UTF-8 (with or without BOM), UTF-16 with BOM,
or a Windows ANSI code page without any marker. We trust a BOM, then strict
UTF-8, and only then ask charset-normalizer, whose answer we accept for
scripts that cp1252 cannot represent (CJK, Cyrillic, Greek ...). For Western
European text it confuses cp1252 with its neighbours, and cp1252 is what
Outlook writes there.
"""

from __future__ import annotations

import codecs

SAMPLE_SIZE = 64 * 1024

#: Leading bytes of common non-contact files, so the message can say what the file is.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.xls/.doc/.msg)"),
    (b"BM", ""),  # too short to be sure; checked together with binary content
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program file"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

#: Encodings charset-normalizer may pick that cp1252 could not stand in for.
DISTINCT_SCRIPT = {
    "shift_jis", "cp932", "euc_jp", "iso2022_jp", "gb2312", "gbk", "gb18030", "big5",
    "big5hkscs", "euc_kr", "cp949", "johab", "cp1251", "koi8_r", "koi8_u", "iso8859_5",
    "cp866", "mac_cyrillic", "cp1253", "iso8859_7", "cp1255", "iso8859_8", "cp1256",
    "iso8859_6", "cp874", "tis_620", "cp1258",
}


def sniff_binary(head: bytes) -> str | None:
    """Say what a non-text file is ("a JPEG image"), or None if it may be text."""
    for magic, what in MAGIC:
        if what and head.startswith(magic):
            return what
    if bom_encoding(head):
        return None
    sample = head[:4096]
    if not sample:
        return None
    if wide_order(sample):
        return None
    # a stray NUL or two (a damaged name) leaves a text file text; NULs count as control bytes
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 26, 27))
    ratio = control / len(sample)
    if ratio > 0.02 and (control > 16 or ratio > 0.1):
        return "a binary file"
    return None


def wide_order(head: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be"/"utf-32-le"/"utf-32-be" when ``head`` has the NUL pattern of
    mostly-ASCII text in that encoding (contact files always have ASCII: field names,
    separators, digits); None for 8-bit text."""
    sample = head[:4096]
    n = len(sample)
    if n < 4 or b"\x00" not in sample:
        return None
    quarter = n // 4
    zeros = [sample[i::4][:quarter].count(0) / quarter for i in range(4)] if quarter else []
    if zeros and min(zeros[1], zeros[2], zeros[3]) > 0.3 and zeros[0] < 0.05:
        return "utf-32-le"
    if zeros and min(zeros[0], zeros[1], zeros[2]) > 0.3 and zeros[3] < 0.05:
        return "utf-32-be"
    half = n // 2
    even = sample[0:2 * half:2].count(0) / half
    odd = sample[1:2 * half:2].count(0) / half
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def fit_encoding(head: bytes, requested: str | None) -> str:
    """The codec to read a file starting with ``head``: the one asked for, made exact
    (UTF-16/32 without a byte-order mark gets its byte order from the bytes), else the
    guessed one.  Raises ValueError with a sentence when the asked-for codec is unknown,
    is not a text encoding, or plainly does not fit the file."""
    if not requested:
        return guess_encoding(head)
    try:
        info = codecs.lookup(requested)
    except LookupError:
        raise ValueError(f"unknown text encoding “{requested}”; leave the encoding "
                         "to detection or give one such as utf-8 or cp1252") from None
    if not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"“{requested}” is not a text encoding; leave the encoding "
                         "to detection or give one such as utf-8 or cp1252")
    name = info.name  # "utf-16", "utf-16-le", "cp1252" ...
    bom = bom_encoding(head)
    found = wide_order(head) or (bom if bom in ("utf-16", "utf-32") else None)
    family = next((f for f in ("utf-16", "utf-32") if name.startswith(f)), None)
    if family is None:
        if found:
            raise ValueError(f"the file is {found[:6].upper()} text, not {requested}; leave "
                             f"the encoding to detection or give {found[:6]}")
        return name
    if bom == family:
        return family  # the byte-order mark says the order
    if found is None or not found.startswith(family):
        raise ValueError(f"the file is not {family.upper()} text (it has no byte-order mark "
                         f"and not the byte pattern of {family.upper()}); leave the encoding "
                         "to detection or give the file's own, e.g. utf-8 or cp1252")
    if name != family and name != found:
        raise ValueError(f"the file is {found.upper()} text, not {name.upper()}; leave the "
                         f"encoding to detection or give {found}")
    return found


def bom_encoding(head: bytes) -> str | None:
    """The codec a byte-order mark announces, if any."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def guess_encoding(head: bytes) -> str:
    """Best codec for a file starting with ``head`` (BOM, UTF-8, normalizer, cp1252)."""
    bom = bom_encoding(head)
    if bom:
        return bom
    wide = wide_order(head)
    if wide:
        return wide
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(head[:SAMPLE_SIZE]).best()
        if best is not None:
            name = codecs.lookup(best.encoding).name.replace("-", "_")
            if name in DISTINCT_SCRIPT:
                return _prefer_japanese(head, name)
    except Exception:  # noqa: BLE001 - a guesser failing must not stop the import
        pass
    return "cp1252"


def normalise_codec(name: str | None) -> str | None:
    """Python's name for a CHARSET value ("Windows-1252" -> "cp1252"), or None if unknown."""
    if not name:
        return None
    name = name.strip().strip('"').lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        if name in ("unicode-1-1-utf-7",):
            return "utf-7"
        return None


def decode_value(data: bytes, charset: str | None, fallback: str = "cp1252") -> str:
    """Decode one value: the declared charset, else UTF-8, else the file's fallback.

    Undeclared 8-bit bytes are common (Outlook, The Bat!): UTF-8 is tried
    first because it almost never decodes foreign bytes by accident.
    """
    if data.isascii():
        return data.decode("ascii")
    codec = normalise_codec(charset)
    if codec and codec not in ("ascii", "us-ascii"):
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(fallback)
    except (UnicodeDecodeError, LookupError):
        return data.decode("cp1252", errors="replace")


def _prefer_japanese(head: bytes, name: str) -> str:
    """Short Shift_JIS samples are often guessed as Korean or Chinese; kana settle it."""
    if name in ("cp949", "euc_kr", "gb2312", "gbk", "gb18030", "big5", "johab"):
        try:
            text = codecs.getincrementaldecoder("cp932")().decode(head, final=False)
        except UnicodeDecodeError:
            return name
        if any("\u3040" <= ch <= "\u30ff" or "\uff66" <= ch <= "\uff9f" for ch in text):
            return "cp932"
    return name
