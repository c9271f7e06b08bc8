"""Small value helpers shared by the readers: dates, labels, photos, placeholders."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import date

MAX_PHOTO_BYTES = 5 * 1024 * 1024

MONTHS = (
    "January February March April May June July August September October November December"
).split()

#: Values exporters write for "nothing set"; importing them would only add noise.
PLACEHOLDERS = {
    "", "0/0/00", "00.00.0000", "0.0.00", "unspecified", "keine angabe", "ikke angivet",
    "non spécifié", "no especificado", "normal", "false", "falsch", "falsk", "faux",
    "falso", "1000-01-01", "10000101", "1/0/00", "off", "aus", "fra", "désactivé",
    "desactivado", "nicht angegeben", "not specified",
}

_ISO = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?")
_NOYEAR = re.compile(r"--(\d{2})-?(\d{2})")
_DMY = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})")


def _year(y: str) -> int:
    n = int(y)
    if len(y) <= 2:
        n += 1900 if n >= 30 else 2000
    return n


def no_year_text(month: int, day: int) -> str:
    return f"{day} {MONTHS[month - 1]} (year unknown)"


def parse_date(text: str, dayfirst: bool = True) -> tuple[date | None, str]:
    """Parse a date written by some exporter.

    Returns ``(date, "")`` when it has a year, ``(None, "15 April (year unknown)")``
    for ``--0415`` / Apple's year 1604, ``(None, "")`` for placeholders such as
    ``0/0/00`` or Evolution's ``1000-01-01``, and ``(None, text)`` when unreadable,
    so the caller can keep the raw text in notes.
    """
    s = text.strip()
    if s.lower() in PLACEHOLDERS:
        return None, ""
    try:
        m = _ISO.fullmatch(s)
        if m:
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
            if y <= 1604:
                return (None, no_year_text(mo, d)) if y == 1604 else (None, "")
            return date(y, mo, d), ""
        m = _NOYEAR.fullmatch(s)
        if m:
            mo, d = int(m[1]), int(m[2])
            date(2000, mo, d)
            return None, no_year_text(mo, d)
        m = _DMY.fullmatch(s)
        if m:
            a, b, y = int(m[1]), int(m[2]), _year(m[3])
            if y < 1800 or (a == 0 and b == 0):
                return None, ""
            d, mo = (a, b) if dayfirst else (b, a)
            if mo > 12 and d <= 12:
                d, mo = mo, d
            return date(y, mo, d), ""
    except (ValueError, IndexError):
        return None, s
    try:
        from dateutil import parser as du

        return du.parse(s, dayfirst=dayfirst, default=None).date(), ""  # type: ignore[arg-type]
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None, s


_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_")
LABEL_KINDS = {
    "mobile": "mobile", "cell": "mobile", "iphone": "mobile", "handy": "mobile",
    "home": "home", "work": "work", "main": "main", "other": "other", "pager": "pager",
    "homefax": "home fax", "home fax": "home fax", "workfax": "work fax",
    "work fax": "work fax", "otherfax": "fax", "fax": "fax", "homepage": "home page",
}


def clean_label(label: str) -> str:
    """Apple's ``_$!<HomeFAX>!$_`` -> ``home fax``; other labels as written."""
    label = label.strip()
    m = _APPLE_LABEL.fullmatch(label)
    if m:
        label = m[1]
    return LABEL_KINDS.get(label.lower(), label)


def shown(data: bytes | str, limit: int = 40) -> str:
    """A value quoted for a message: control characters spelled out, long text cut."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    cut = len(text) > limit
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 256
                   else f"\\u{ord(ch):04x}" for ch in text[:limit])
    return f"\u201c{text}\u2026\u201d" if cut else f"\u201c{text}\u201d"


def decode_base64(data: bytes | str) -> bytes:
    """Lenient base64: ignores blanks, fixes padding; raises ValueError when hopeless."""
    if isinstance(data, str):
        data = data.encode("ascii", errors="ignore")
    data = re.sub(rb"[^A-Za-z0-9+/_-]", b"", data)
    data = data.replace(b"-", b"+").replace(b"_", b"/")
    data += b"=" * (-len(data) % 4)
    try:
        return base64.b64decode(data)
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"broken base64 data ({exc})") from None


def image_mime(data: bytes, declared: str = "") -> str:
    """MIME type from the image's own bytes, else from the declared TYPE."""
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"GIF8"):
        return "image/gif"
    if data.startswith(b"BM"):
        return "image/bmp"
    if data[8:12] == b"WEBP":
        return "image/webp"
    declared = declared.lower().strip()
    if not declared:
        return "application/octet-stream"
    return declared if "/" in declared else f"image/{declared}"
