"""vCard 2.1 / 3.0 / 4.0 -> ContactRecord, on top of :mod:`contentline`.

Choices (written down because users will ask):

* Text is never split on commas except CATEGORIES (escaped ``\\,`` stays inside
  one category). NICKNAME keeps its commas in the one nickname field.
* ``ORG:Company;Dept;Team`` -> company ``Company``, department ``Dept; Team``.
* A birthday without a year (``--0415``, Apple's year 1604) goes to notes as
  ``Birthday: 15 April (year unknown)``; Evolution's ``1000-01-01`` is a placeholder.
* Data without a field (anniversary, spouse, IM, phonetic names, custom X-
  properties ...) is kept in notes as ``Label: value``. Only technical data is
  dropped: see :data:`DROPPED` (ids, revision stamps, the Outlook card layout
  XML of X-MS-OL-DESIGN, which is pure layout and repeats the card's fields).
* A photo over 5 MB decoded, or damaged: the contact is imported without it
  and a Repair says so.
* Damaged structure is mended, never silently: a card cut off at the end of the
  file or by the next BEGIN:VCARD is imported with what it has; junk after
  END:VCARD on the same line (some phones write it) is ignored; a line inside a
  card that is not a property goes into the notes (or is joined to the NOTE
  above it, when folding lost its blank). Each is a :class:`Repair` of that card.
  Lines outside any card are a :class:`Problem`: there is no card to keep them.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterable, Iterator
from urllib.parse import unquote_to_bytes

from crmdesk.importers.base import ParsedContact, Problem, Repair
from crmdesk.importers.contentline import ContentLine, content_lines, physical_lines
from crmdesk.importers.encoding import decode_value
from crmdesk.importers.values import (
    MAX_PHOTO_BYTES,
    PLACEHOLDERS,
    clean_label,
    decode_base64,
    image_mime,
    parse_date,
    shown,
)
from crmdesk.records import (
    AddressEntry,
    ContactRecord,
    CustomField,
    EmailEntry,
    PhoneEntry,
    Relationship,
)

#: Purely technical properties, dropped on purpose (never user data).
DROPPED = {
    "VERSION", "PRODID", "REV", "X-MS-OL-DESIGN", "X-MS-OL-DEFAULT-POSTAL-ADDRESS",
    "X-ABUID", "X-ABSHOWAS", "X-ABLABEL", "X-ABADR", "X-IRMC-LUID", "X-EVOLUTION-FILE-AS",
    "SORT-STRING", "CLASS", "PROFILE", "NAME", "SOURCE", "MAILER", "X-MOZILLA-HTML",
    "X-CLASS", "KIND", "X-COUCHDB-UUID", "X-COUCHDB-REVISION", "X-GENERATOR", "X-WAB-GENDER",
    "X-MS-OL-DEFAULTPOSTALADDRESS", "X-EVOLUTION-LIST-SHOW-ADDRESSES", "X-EVOLUTION-LIST",
    "X-COUCHDB-APPLICATION-ANNOTATIONS", "X-MS-CARDPICTURE", "BEGIN", "END",
}
NOTE_LABELS = {
    "X-MS-ANNIVERSARY": "Anniversary", "X-ANNIVERSARY": "Anniversary",
    "ANNIVERSARY": "Anniversary", "X-EVOLUTION-ANNIVERSARY": "Anniversary",
    "X-MS-SPOUSE": "Spouse", "X-SPOUSE": "Spouse", "X-EVOLUTION-SPOUSE": "Spouse",
    "X-MS-MANAGER": "Manager", "X-MANAGER": "Manager", "X-EVOLUTION-MANAGER": "Manager",
    "X-MS-ASSISTANT": "Assistant", "X-ASSISTANT": "Assistant",
    "X-EVOLUTION-ASSISTANT": "Assistant", "X-MS-CHILD": "Child", "X-MS-CHILDREN": "Children",
    "ROLE": "Role", "X-GENDER": "Gender", "GENDER": "Gender", "TZ": "Time zone",
    "GEO": "Geo", "X-PHONETIC-FIRST-NAME": "Phonetic first name",
    "X-PHONETIC-MIDDLE-NAME": "Phonetic middle name",
    "X-PHONETIC-LAST-NAME": "Phonetic last name", "X-ABRELATEDNAMES": "Related name",
    "RELATED": "Related", "X-ABDATE": "Date", "LANG": "Language", "AGENT": "Agent",
    "X-MS-IMADDRESS": "IM", "IMPP": "IM", "X-AIM": "IM (AIM)", "X-ICQ": "IM (ICQ)",
    "X-JABBER": "IM (Jabber)", "X-MSN": "IM (MSN)", "X-YAHOO": "IM (Yahoo)",
    "X-SKYPE": "IM (Skype)", "X-SKYPE-USERNAME": "IM (Skype)", "X-GOOGLE-TALK": "IM (Google Talk)",
    "X-GADUGADU": "IM (Gadu-Gadu)", "X-QQ": "IM (QQ)", "MAILER": "Mailer",
    "X-MS-TEL": "Phone", "X-ASSISTANT-TEL": "Assistant's phone", "LABEL": "Address label",
}
DATE_PROPS = {"X-MS-ANNIVERSARY", "X-ANNIVERSARY", "ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY",
              "X-ABDATE"}
_UNESCAPE = re.compile(r"\\(.)", re.S)
_UNESCAPE21 = re.compile(r"\\([;,:])")
_SEMI = re.compile(r"(?<!\\);")
_CATSEP = re.compile(r"(?<!\\)[,;]")


def _unescape(text: str, v21: bool) -> str:
    if "\\" not in text:
        return text
    if v21:
        return _UNESCAPE21.sub(r"\1", text)
    return _UNESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], text)


class _Card:
    """Turns one card's content lines into a record; collects notes and problems."""

    def __init__(self, props: list[ContentLine], fallback: str) -> None:
        self.props = props
        self.fallback = fallback
        version = next((p for p in props if p.name == "VERSION"), None)
        self.v21 = version is None or version.value.strip().startswith(b"2")
        self.labels = {
            p.group: clean_label(self.raw(p)) for p in props if p.name == "X-ABLABEL" and p.group
        }
        self.extra: list[str] = []
        self.repairs: list[tuple[int, str]] = []  # (line, what was mended)

    def raw(self, p: ContentLine) -> str:
        """The value decoded to text (QP and charset applied), escapes still in."""
        data = p.value
        if p.params.get("ENCODING") and p.encoding() in ("QUOTED-PRINTABLE", "QP"):
            data = binascii.a2b_qp(data)
        text = decode_value(data, p.param("CHARSET"), self.fallback)
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text

    def text(self, p: ContentLine) -> str:
        return _unescape(self.raw(p), self.v21).strip()

    def parts(self, p: ContentLine) -> list[str]:
        return [_unescape(s, self.v21).strip() for s in _SEMI.split(self.raw(p))]

    def label(self, p: ContentLine) -> str:
        return self.labels.get(p.group, "") if p.group else ""

    def note(self, label: str, value: str) -> None:
        if value:
            self.extra.append(f"{label}: {value}")

    def build(self) -> ContactRecord:
        rec = ContactRecord()
        fn = ""
        notes: list[str] = []
        show_company = False
        has_adr = any(p.name == "ADR" for p in self.props)
        photo_seen = False
        previous = ""
        for p in self.props:
            name = p.name
            if not name:
                self._stray(p, notes, previous)
                continue
            previous = name
            if name in ("PHOTO", "X-MS-CARDPICTURE", "LOGO", "SOUND", "KEY"):
                if name in ("PHOTO", "X-MS-CARDPICTURE"):
                    if photo_seen and name == "X-MS-CARDPICTURE":
                        continue
                    photo_seen = self._photo(p, rec) or photo_seen
                else:
                    self._binary(p)
                continue
            if not p.value.strip():
                continue
            if name == "X-ABSHOWAS":
                show_company = self.raw(p).strip().upper() == "COMPANY"
                continue
            if name in DROPPED:
                continue
            if name == "N":
                parts = self.parts(p) + [""] * 5
                rec.last_name, rec.first_name, rec.middle_name, rec.prefix, rec.suffix = parts[:5]
                if len(parts) > 10 and any(parts[5:]):
                    self.note("Name", " ".join(x for x in parts[5:] if x))
            elif name == "FN":
                fn = self.text(p)
            elif name == "NICKNAME":
                rec.nickname = ", ".join(x for x in (rec.nickname, self.text(p)) if x)
            elif name == "ORG":
                parts = [x for x in self.parts(p)]
                company, dept = parts[0], "; ".join(x for x in parts[1:] if x)
                if rec.company or rec.department:
                    self.note("Organisation", "; ".join(x for x in parts if x))
                else:
                    rec.company, rec.department = company, dept
            elif name == "TITLE":
                if rec.job_title:
                    self.note("Title", self.text(p))
                else:
                    rec.job_title = self.text(p)
            elif name == "NOTE":
                notes.append(self.text(p))
                previous = "NOTE" if notes[-1] else ""
            elif name == "TEL":
                self._tel(p, rec)
            elif name == "EMAIL":
                addr = self.text(p)
                if addr.lower().startswith("mailto:"):
                    addr = addr[7:]
                rec.emails.append(EmailEntry(addr, self._email_kind(p)))
            elif name == "ADR":
                self._adr(p, rec)
            elif name == "URL":
                url = self.text(p)
                if not rec.website:
                    rec.website = url
                else:
                    lab = self.label(p) or p.type_label()
                    self.note(f"Website ({lab})" if lab else "Website", url)
            elif name == "BDAY":
                value = self.text(p)
                if p.param("VALUE").lower() == "text":
                    self.note("Birthday", value)
                    continue
                d, text = parse_date(value)
                if d and not rec.birthday:
                    rec.birthday = d
                elif d:
                    self.note("Birthday", d.isoformat())
                elif text:
                    self.note("Birthday", text)
            elif name == "CATEGORIES":
                for cat in _CATSEP.split(self.raw(p)):
                    cat = _unescape(cat, False).strip()
                    if cat and cat not in rec.categories:
                        rec.categories.append(cat)
            elif name == "UID":
                rec.uid = self.text(p)
            elif name == "LABEL" and has_adr:
                continue
            elif name == "X-CRMDESK-RELATIONSHIP":
                for word in self.text(p).replace(";", ",").split(","):
                    try:
                        rec.relationships.append(Relationship(word.strip().lower()))
                    except ValueError:
                        self.note("Relationship", word.strip())
            elif name == "X-ANDROID-CUSTOM":
                self._android(p, rec)
            elif name == "X-CRMDESK-FIELD":
                rec.custom_fields.append(CustomField(self.label(p), self.text(p)))
            else:
                self._other(p)
        if not (rec.first_name or rec.last_name or rec.middle_name) and fn and not show_company:
            taken = {rec.company, *(e.address for e in rec.emails),
                     *(x.number for x in rec.phones)}
            if fn not in taken:
                self._split_fn(fn, rec)
        body = "\n".join(x for x in notes if x)
        if self.extra:
            body = "\n\n".join(x for x in (body, "\n".join(self.extra)) if x)
        rec.notes = body
        return rec

    def _stray(self, p: ContentLine, notes: list[str], previous: str) -> None:
        """A line with no property name: joined to the note above it, else kept in notes."""
        text = decode_value(p.value, None, self.fallback).strip()
        if not text.strip("\x00\x1a"):
            return
        if previous == "NOTE":
            notes[-1] += "\n" + text
            self.repairs.append((p.line, "this line is not a vCard property; it looks "
                                 "like the note above it, continued without the blank that "
                                 "folding needs, and was joined to that note"))
            return
        self.note(f"Line {p.line} (not a vCard property)", text)
        self.repairs.append((p.line, "this line is not a vCard property; its text "
                             "is kept in the notes"))

    @staticmethod
    def _split_fn(fn: str, rec: ContactRecord) -> None:
        if "," in fn:
            last, _, first = fn.partition(",")
            rec.last_name, rec.first_name = last.strip(), first.strip()
            return
        first, _, last = fn.rpartition(" ")
        if first:
            rec.first_name, rec.last_name = first.strip(), last.strip()
        else:
            rec.first_name = fn

    def _tel(self, p: ContentLine, rec: ContactRecord) -> None:
        number = self.text(p)
        if number.lower().startswith("tel:"):
            number = number[4:]
        label = self.label(p)
        if label:
            rec.phones.append(PhoneEntry(number, label))
            return
        t = p.types() - {"PREF", "VOICE", "MSG", "TEXT", "INTERNET", "X-SYNCMLREF"}
        if "FAX" in t:
            kind = "home fax" if "HOME" in t else "work fax" if "WORK" in t else "fax"
        elif t & {"CELL", "MOBILE", "IPHONE", "X-MOBILE"}:
            kind = "mobile"
        elif "PAGER" in t:
            kind = "pager"
        elif "HOME" in t:
            kind = "home"
        elif "WORK" in t:
            kind = "work"
        elif t & {"MAIN", "X-MAIN", "MAIN-NUMBER", "COMPANY"}:
            kind = "main"
        elif t:
            word = sorted(t)[0].lower()
            kind = word[2:] if word.startswith("x-") else word
        else:
            kind = "other"
        rec.phones.append(PhoneEntry(number, kind))

    def _email_kind(self, p: ContentLine) -> str:
        label = self.label(p)
        if label:
            return label
        t = p.types() - {"PREF", "INTERNET", "X400", "X-INTERNET"}
        if "WORK" in t:
            return "work"
        if "HOME" in t:
            return "home"
        if t - {"OTHER"}:
            word = sorted(t - {"OTHER"})[0].lower()
            return word[2:] if word.startswith("x-") else word
        return "other"

    def _adr(self, p: ContentLine, rec: ContactRecord) -> None:
        parts = self.parts(p) + [""] * 7
        pobox, ext, street, city, region, postcode, country = parts[:7]
        if pobox and pobox.isdigit():
            pobox = f"PO Box {pobox}"
        lines = [x for x in (street, ext, pobox) if x]
        t = p.types()
        kind = self.label(p) or (
            "work" if "WORK" in t else "home" if "HOME" in t else "other"
        )
        entry = AddressEntry(kind, "\n".join(lines), postcode, city, region, country)
        if not entry.is_empty():
            rec.addresses.append(entry)

    def _photo(self, p: ContentLine, rec: ContactRecord) -> bool:
        if rec.photo is not None:
            return True
        value = p.value.strip()
        if not value:
            return False
        enc = p.encoding()
        declared = p.param("TYPE") or p.param("MEDIATYPE")
        data: bytes | None = None
        if enc in ("B", "BASE64"):
            if len(value) * 3 // 4 > MAX_PHOTO_BYTES + 3:
                self._drop_photo(p, "is larger than 5 MB")
                return True
            try:
                data = decode_base64(value)
            except ValueError:
                self._drop_photo(p, "data is damaged")
                return True
        elif value[:5].lower() == b"data:":
            head, _, payload = value.partition(b",")
            declared = head[5:].split(b";")[0].decode("ascii", "replace")
            if len(payload) * 3 // 4 > MAX_PHOTO_BYTES + 3:
                self._drop_photo(p, "is larger than 5 MB")
                return True
            try:
                data = (
                    decode_base64(payload)
                    if head.lower().endswith(b";base64")
                    else unquote_to_bytes(payload)
                )
            except ValueError:
                self._drop_photo(p, "data is damaged")
                return True
        else:
            self.note("Photo", self.text(p))
            return False
        if len(data) > MAX_PHOTO_BYTES:
            self._drop_photo(p, "is larger than 5 MB")
            return True
        rec.photo = data
        rec.photo_mime = image_mime(data, declared)
        return True

    def _drop_photo(self, p: ContentLine, why: str) -> None:
        self.repairs.append((p.line, f"the photo {why}; the contact was "
                             "imported without it"))

    def _binary(self, p: ContentLine) -> None:
        label = p.name.capitalize()
        if p.encoding() in ("B", "BASE64") or p.value[:5].lower() == b"data:":
            if p.value.strip():
                self.extra.append(f"{label}: embedded data not imported")
        elif p.value.strip():
            self.note(label, self.text(p))

    def _android(self, p: ContentLine, rec: ContactRecord) -> None:
        parts = self.parts(p)
        mime = parts[0].rpartition("/")[2]
        if mime == "contact_event" and len(parts) > 2:
            d, text = parse_date(parts[1])
            what = {"1": "Anniversary", "3": "Birthday"}.get(parts[2], "Event")
            if what == "Birthday" and d and not rec.birthday:
                rec.birthday = d
            else:
                self.note(what, d.isoformat() if d else text)
        elif mime == "nickname" and len(parts) > 1 and not rec.nickname:
            rec.nickname = parts[1]
        else:
            self.note(f"Android {mime}", "; ".join(x for x in parts[1:] if x))

    def _other(self, p: ContentLine) -> None:
        name = p.name
        value = self.text(p)
        if value.lower() in PLACEHOLDERS:
            return
        label = NOTE_LABELS.get(name)
        if name in DATE_PROPS:
            d, text = parse_date(value)
            value = d.isoformat() if d else text
            if not value:
                return
        if label is None:
            label = name
        extra = self.label(p)
        if not extra and name in ("IMPP", "X-MS-IMADDRESS", "RELATED", "X-MS-TEL"):
            extra = p.type_label()
        if name == "IMPP" and p.param("X-SERVICE-TYPE"):
            extra = p.param("X-SERVICE-TYPE")
        if name in ("X-ABRELATEDNAMES", "X-ABDATE") and extra:
            label, extra = extra[:1].upper() + extra[1:], ""
        self.note(f"{label} ({extra})" if extra else label, value)


def _edge(p: ContentLine, word: str) -> bytes | None:
    """For ``BEGIN:VCARD``/``END:VCARD`` (``word`` BEGIN or END): what follows VCARD on the
    line (b"" normally); None for any other line."""
    if p.name != word or p.group:
        return None
    value = p.value.lstrip()
    if value[:5].upper() != b"VCARD":
        return None
    return value[5:].strip()


_NEXT_BEGIN = re.compile(rb"(?i)begin\s*:\s*vcard\s*")


class _Reader:
    """Cards out of content lines, with every mend reported."""

    def __init__(self, fallback: str) -> None:
        self.fallback = fallback
        self.props: list[ContentLine] | None = None
        self.start = 0
        self.record_no = 0
        self.repairs: list[tuple[int, str]] = []
        self.stray: list[int] = []  # lines outside any card, not yet reported

    def begin(self, line: int) -> None:
        self.props, self.start, self.repairs = [], line, []

    def finish(self) -> Iterator[ParsedContact | Problem]:
        props, self.props = self.props, None
        assert props is not None
        self.record_no += 1
        yield from _finish(props, self.start, self.record_no, self.fallback, self.repairs)

    def outside(self, p: ContentLine) -> None:
        if p.value.strip(b" \t\x00\x1a"):
            self.stray.append(p.line)

    def stray_problem(self) -> Iterator[Problem]:
        if not self.stray:
            return
        first, last, n = self.stray[0], self.stray[-1], len(self.stray)
        self.stray = []
        what = ("this line is" if n == 1 else
                f"{n} lines, from here to line {last}, are")
        yield Problem(first, f"{what} outside any card (not between BEGIN:VCARD and "
                      f"END:VCARD); {'it was' if n == 1 else 'they were'} ignored")


def read_vcards(chunks: Iterable[bytes], fallback: str = "cp1252") -> Iterator[
    ParsedContact | Problem
]:
    """Stream cards out of byte lines; one card in memory at a time."""
    r = _Reader(fallback)
    depth = 0  # nested 2.1 AGENT cards, skipped
    last_name = ""
    for p in content_lines(physical_lines(chunks)):
        begin = _edge(p, "BEGIN")
        if begin is not None:
            if r.props is not None:
                if last_name == "AGENT" or depth:
                    depth += 1
                    continue
                r.repairs.append((r.start, f"card {r.record_no + 1} has no END:VCARD before the "
                                  f"next card begins at line {p.line}; what it has was imported"))
                yield from r.finish()
            yield from r.stray_problem()
            r.begin(p.line)
            last_name = ""
            if begin:
                r.repairs.append((p.line, "BEGIN:VCARD is followed by "
                                  f"{shown(begin)}, which was ignored"))
            continue
        if r.props is None:
            r.outside(p)
            continue
        end = _edge(p, "END")
        if depth:
            if end is not None:
                depth -= 1
            continue
        if end is None:
            r.props.append(p)
            last_name = p.name
            continue
        again = _NEXT_BEGIN.match(end)
        if end and not again:
            r.repairs.append((p.line, "END:VCARD is followed by "
                              f"{shown(end)}, which was ignored"))
        yield from r.finish()
        if again:
            r.begin(p.line)
            last_name = ""
            rest = end[again.end():]
            r.repairs.append((p.line, "the next card begins on the same line "
                              "as END:VCARD; both were read" + (
                                  f" ({shown(rest)} after BEGIN:VCARD was ignored)"
                                  if rest else "")))
    if r.props is not None:
        r.repairs.append((r.start, f"card {r.record_no + 1} has no "
                          "END:VCARD (the file ends inside it, probably cut off); what it has "
                          "was imported"))
        yield from r.finish()
    yield from r.stray_problem()


def _finish(
    props: list[ContentLine], start: int, record_no: int, fallback: str,
    repairs: list[tuple[int, str]],
) -> Iterator[ParsedContact | Problem]:
    try:
        card = _Card(props, fallback)
        rec = card.build()
    except Exception:  # noqa: BLE001 - one odd card must not stop the file
        yield Problem(start, f"card {record_no} could not be read (its content is damaged); "
                      "it was not imported", record_no)
        return
    found = [Repair(line, reason if reason.startswith("card ") else
                    f"card {record_no}: {reason}", record_no)
             for line, reason in repairs + card.repairs]
    yield ParsedContact(rec, start, record_no, found)
