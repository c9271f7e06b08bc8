"""Records -> vCard 3.0 (UTF-8, RFC 2426 escaping and folding) or Outlook-style 2.1.

A careful writer of our own rather than vobject: we need byte-exact control
of 2.1 quoted-printable with CHARSET (what old Outlook expects) and the same
kind labels the reader understands, so export -> import round-trips.
Free-text kinds are written as ``itemN.TEL`` + ``itemN.X-ABLabel`` (Apple style).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import TextIO

from crmdesk.records import ContactRecord

TEL_TYPES = {
    "work": ["WORK", "VOICE"], "home": ["HOME", "VOICE"], "mobile": ["CELL", "VOICE"],
    "fax": ["FAX"], "work fax": ["WORK", "FAX"], "home fax": ["HOME", "FAX"],
    "pager": ["PAGER"], "main": ["MAIN"], "other": ["OTHER"], "car": ["CAR"],
    "isdn": ["ISDN"], "video": ["VIDEO"], "modem": ["MODEM"],
}
EMAIL_TYPES = {"work": ["INTERNET", "WORK"], "home": ["INTERNET", "HOME"], "other": ["INTERNET"]}
ADR_TYPES = {"work": ["WORK"], "home": ["HOME"], "other": []}


def _esc3(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace("\r\n", "\n").replace("\n", "\\n")
        .replace(",", "\\,").replace(";", "\\;")
    )


def _esc21(value: str) -> str:
    return value.replace(";", "\\;")


def _fold(line: str) -> str:
    """Fold at 75 octets without splitting a UTF-8 character (RFC 6350 3.2)."""
    if len(line) <= 75 and line.isascii():
        return line + "\r\n"
    out: list[str] = []
    cur: list[str] = []
    size = 0
    limit = 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append("".join(cur))
            cur, size, limit = [], 0, 74
        cur.append(ch)
        size += n
    out.append("".join(cur))
    return "\r\n ".join(out) + "\r\n"


def _qp(value: str) -> tuple[str, str]:
    """Quoted-printable as Outlook writes it: CRLF as =0D=0A, soft breaks before 76."""
    try:
        data, charset = value.encode("cp1252"), "Windows-1252"
    except UnicodeEncodeError:
        data, charset = value.encode("utf-8"), "UTF-8"
    data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    tokens = [chr(b) if (33 <= b <= 126 and b != 61) or b == 32 else f"={b:02X}" for b in data]
    if tokens and tokens[-1] == " ":
        tokens[-1] = "=20"
    lines: list[str] = []
    cur = ""
    for tok in tokens:
        if len(cur) + len(tok) > 73:
            lines.append(cur + "=")
            cur = ""
        cur += tok
    lines.append(cur)
    return charset, "\r\n".join(lines)


class _Writer:
    def __init__(self, out: TextIO, version: str) -> None:
        self.out = out
        self.v21 = version == "2.1"
        self.item = 0

    def prop(self, name: str, params: list[str], value: str, structured: bool = False) -> None:
        if self.v21:
            head = name + "".join(f";{p}" for p in params)
            if not value.isascii() or "\n" in value or "\r" in value:
                charset, encoded = _qp(value)
                self.out.write(f"{head};CHARSET={charset};ENCODING=QUOTED-PRINTABLE:{encoded}\r\n")
            else:
                self.out.write(f"{head}:{value}\r\n")
            return
        ps = ""
        if params:
            ps = ";TYPE=" + ",".join(params)
        self.out.write(_fold(f"{name}{ps}:{value}"))

    def text(self, value: str) -> str:
        return _esc21(value) if self.v21 else _esc3(value)

    def labelled(self, name: str, kind: str, table: dict[str, list[str]], value: str) -> None:
        types = table.get(kind.lower())
        if types is not None or not kind:
            if self.v21:
                self.prop(name, types or [], value)
            else:
                self.prop(name, types or [], value)
            return
        self.item += 1
        self.prop(f"item{self.item}.{name}", [], value)
        self.prop(f"item{self.item}.X-ABLabel", [], self.text(kind))

    def card(self, rec: ContactRecord) -> None:
        t = self.text
        self.item = 0
        w = self.out.write
        w("BEGIN:VCARD\r\n")
        w(f"VERSION:{'2.1' if self.v21 else '3.0'}\r\n")
        names = [rec.last_name, rec.first_name, rec.middle_name, rec.prefix, rec.suffix]
        self.prop("N", [], ";".join(t(x) for x in names))
        full = " ".join(x for x in (rec.prefix, rec.first_name, rec.middle_name, rec.last_name,
                                     rec.suffix) if x)
        display = full or rec.company or (rec.emails[0].address if rec.emails else "") or (
            rec.phones[0].number if rec.phones else "")
        self.prop("FN", [], t(display))
        if not full and rec.company:
            self.prop("X-ABShowAs", [], "COMPANY")
        if rec.nickname:
            self.prop("NICKNAME", [], t(rec.nickname))
        if rec.company or rec.department:
            org = t(rec.company) + (";" + t(rec.department) if rec.department else "")
            self.prop("ORG", [], org)
        if rec.job_title:
            self.prop("TITLE", [], t(rec.job_title))
        for p in rec.phones:
            self.labelled("TEL", p.kind, TEL_TYPES, t(p.number))
        for e in rec.emails:
            self.labelled("EMAIL", e.kind, EMAIL_TYPES, t(e.address))
        for a in rec.addresses:
            value = ";".join(t(x) for x in ("", "", a.street, a.city, a.region, a.postcode,
                                             a.country))
            self.labelled("ADR", a.kind, ADR_TYPES, value)
        if rec.birthday:
            self.prop("BDAY", [], rec.birthday.isoformat() if not self.v21
                      else rec.birthday.strftime("%Y%m%d"))
        if rec.website:
            self.prop("URL", [], rec.website if self.v21 else _esc3(rec.website))
        if rec.categories:
            self.prop("CATEGORIES", [], ",".join(_esc3(c) for c in rec.categories))
        if rec.relationships:
            self.prop("X-CRMDESK-RELATIONSHIP", [],
                      ",".join(getattr(r, "value", str(r)) for r in rec.relationships))
        if rec.notes:
            self.prop("NOTE", [], t(rec.notes))
        for f in rec.custom_fields:  # Apple-style labelled items, as other programs show them
            self.item += 1
            self.prop(f"item{self.item}.X-CRMDESK-FIELD", [], t(f.value))
            self.prop(f"item{self.item}.X-ABLabel", [], t(f.label))
        if rec.uid:
            self.prop("UID", [], t(rec.uid))
        if rec.photo:
            self.photo(rec.photo, rec.photo_mime)
        w("END:VCARD\r\n")
        if self.v21:
            w("\r\n")

    def photo(self, data: bytes, mime: str) -> None:
        kind = (mime.rpartition("/")[2] or "jpeg").upper()
        b64 = base64.b64encode(data).decode("ascii")
        if self.v21:
            lines = [b64[i : i + 76] for i in range(0, len(b64), 76)]
            self.out.write(f"PHOTO;TYPE={kind};ENCODING=BASE64:\r\n")
            self.out.write("".join(f" {x}\r\n" for x in lines))
            self.out.write("\r\n")
        else:
            self.out.write(_fold(f"PHOTO;ENCODING=b;TYPE={kind}:{b64}"))


def write_vcard(records: Iterable[ContactRecord], out: TextIO, version: str = "3.0") -> int:
    """Write every record as a vCard; returns the number written.

    3.0 is UTF-8 text (open ``out`` with ``encoding="utf-8", newline=""``);
    2.1 is pure ASCII (non-ASCII values are quoted-printable with CHARSET),
    so it survives any file encoding and old Outlook reads it.
    """
    if version not in ("3.0", "2.1"):
        raise ValueError(f"unsupported vCard version {version!r}")
    writer = _Writer(out, version)
    n = 0
    for rec in records:
        writer.card(rec)
        n += 1
    return n
