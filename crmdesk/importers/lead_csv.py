"""CSV files of leads: a trade show's badge scans, a web form's sign-ups, another CRM's list.

Columns are matched to a lead's fields by their headings (``aliases.guess_lead_mapping``,
or the mapping the user chose), with these keys:

=========================  =====================================================
``first_name`` ``last_name`` ``company`` ``job_title`` ``phone`` ``mobile``
``email`` ``postal_code`` ``city`` ``region`` ``country``  the lead's fields
``middle_name``            added to the first name (a lead has no middle name)
``full_name``              split into first and last name when those are empty
``street``                 the street; several such columns are lines of it
``source``                 web, referral, trade show, campaign, cold call, other, in
                           English or Danish ("Messe", "Henvisning" ...)
``rating``                 hot, warm, cold ("Varm", "Lun", "Kold"; A/B/C; 1/2/3)
``estimated_value``        an amount, with its currency if written ("DKK 25.000",
                           "€12,500.00", "25.000 kr.")
``currency``               the amount's ISO code (or symbol)
``notes``                  the notes text
``note:<label>``           kept in the notes as "<label>: value"
``ignore``                 left out
=========================  =====================================================

A column no key names, a second value for a field that holds one (a second e-mail
address) and a value that cannot be read as what its column says (a rating "maybe")
go to the lead's notes as "heading: value", so nothing in the file is lost; each
value read so is a :class:`Repair` of its row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from crmdesk.importers.base import Problem, Repair
from crmdesk.importers.csv_reader import cell_text, open_table, sound_rows
from crmdesk.importers.values import shown
from crmdesk.records import LeadRating, LeadRecord, LeadSource


@dataclass
class ParsedLead:
    """A good row of a lead file, and where it started (for messages and previews)."""

    record: LeadRecord
    line: int
    record_no: int
    repairs: list[Repair] = field(default_factory=list)


def _words(text: str) -> str:
    return " ".join(re.sub(r"[-_/.,]+", " ", text.casefold()).split())


_SOURCES: dict[str, LeadSource] = {
    **dict.fromkeys(("web", "website", "web site", "web form", "webform", "online",
                     "internet", "homepage", "hjemmeside", "webformular", "web formular"),
                    LeadSource.WEB),
    **dict.fromkeys(("referral", "referred", "recommendation", "word of mouth",
                     "henvisning", "anbefaling"), LeadSource.REFERRAL),
    **dict.fromkeys(("trade show", "tradeshow", "trade fair", "fair", "exhibition", "expo",
                     "conference", "badge scan", "messe", "fagmesse", "udstilling",
                     "konference"), LeadSource.TRADE_SHOW),
    **dict.fromkeys(("campaign", "email campaign", "e mail campaign", "newsletter",
                     "mailing", "kampagne", "nyhedsbrev"), LeadSource.CAMPAIGN),
    **dict.fromkeys(("cold call", "cold calling", "telemarketing", "koldt opkald",
                     "kold kanvas", "telefonsalg"), LeadSource.COLD_CALL),
    **dict.fromkeys(("other", "andet", "anden"), LeadSource.OTHER),
    **{_words(s.value): s for s in LeadSource},
}
_RATINGS: dict[str, LeadRating] = {
    **dict.fromkeys(("hot", "a", "1", "high", "varm", "het", "høj", "hoj"), LeadRating.HOT),
    **dict.fromkeys(("warm", "b", "2", "medium", "lun", "middel", "mellem"),
                    LeadRating.WARM),
    **dict.fromkeys(("cold", "c", "3", "low", "kold", "lav"), LeadRating.COLD),
}
#: currency signs and words a value may be written with; "kr." says Danish, Norwegian or
#: Swedish kroner, so it leaves the currency to the default (Settings)
_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP", "kr": "", "kr.": ""}
_NO_CENTS = re.compile(r"(?<=\d)[.,]-(?=\s|$)")  # the Danish "25.000,-"
_CODE = re.compile(r"[A-Za-z]{3}")
_AMOUNT = re.compile(r"""\s*(?P<before>[A-Za-z]{3}|[€$£]|kr\.?)?\s*
                         (?P<number>\d[\d\s.,'\u00a0\u202f]*?)
                         \s*(?P<after>[A-Za-z]{3}|[€$£]|kr\.?)?\s*""", re.X)


def read_source(text: str) -> LeadSource | None:
    """The source a cell names ("Trade show", "Messe", "trade_show"); None if none."""
    return _SOURCES.get(_words(text))


def read_rating(text: str) -> LeadRating | None:
    """The rating a cell names ("Hot", "Varm", "A", "1"); None if none."""
    return _RATINGS.get(_words(text))


def read_currency(text: str) -> str | None:
    """The ISO code a cell holds ("dkk", "€"); "" for kroner without a country; None
    for anything else."""
    text = text.strip()
    if text in _SIGNS:
        return _SIGNS[text]
    if text.casefold() in _SIGNS:
        return _SIGNS[text.casefold()]
    return text.upper() if _CODE.fullmatch(text) else None


def read_amount(text: str) -> tuple[Decimal, str] | None:
    """(amount, currency code or "") of "DKK 25.000", "€12,500.50", "25.000,- kr"; None
    for text that is no amount, a negative one, or one with more than four decimals.

    Of "." and "," the last one written is the decimal point when both are; when only
    one is, it is the decimal point unless three digits follow it (or it comes more than
    once): "12.500" and "12,500" are twelve thousand five hundred either way."""
    m = _AMOUNT.fullmatch(_NO_CENTS.sub("", text))
    if m is None or (m["before"] and m["after"]):
        return None
    currency = ""
    for sign in (m["before"], m["after"]):
        if sign:
            code = read_currency(sign)
            if code is None:
                return None
            currency = currency or code
    number = re.sub(r"[\s'\u00a0\u202f]", "", m["number"])
    points = [c for c in number if c in ".,"]
    if len(set(points)) == 2:
        decimal = number[max(number.rfind("."), number.rfind(","))]
    elif points and (len(points) > 1 or re.search(r"[.,]\d{3}$", number)):
        decimal = ""  # thousands separators only
    else:
        decimal = points[0] if points else ""
    whole, _, fraction = number.rpartition(decimal) if decimal else (number, "", "")
    digits = re.sub(r"[.,]", "", whole) + ("." + fraction if decimal else "")
    try:
        amount = Decimal(digits)
    except InvalidOperation:
        return None
    if amount.as_tuple().exponent < -4:  # type: ignore[operator]
        return None
    return amount, currency


_ONE_VALUE = ("first_name", "last_name", "company", "job_title", "phone", "mobile", "email",
              "postal_code", "city", "region", "country")


class _LeadRow:
    """Builds one lead from the (key, heading, value) of the cells of one row."""

    def __init__(self, line: int, record_no: int) -> None:
        self.line, self.record_no = line, record_no
        self.values: dict[str, object] = {}
        self.street: list[str] = []
        self.middle = ""
        self.full = ""
        self.notes = ""
        self.extra: list[str] = []  # "heading: value" lines for the notes
        self.repairs: list[Repair] = []
        self.amount: tuple[Decimal, str] | None = None
        self.currency = ""

    def add(self, key: str, header: str, value: str) -> None:
        if key in _ONE_VALUE:
            if self.values.get(key):
                self.extra.append(f"{header}: {value}")
            else:
                self.values[key] = value
        elif key == "street":
            self.street.append(value)
        elif key == "middle_name":
            self.middle = f"{self.middle} {value}".strip()
        elif key == "full_name":
            self.full = self.full or value
        elif key == "notes":
            self.notes = f"{self.notes}\n{value}".strip("\n")
        elif key == "source":
            self._read(key, header, value, read_source(value), "a lead source")
        elif key == "rating":
            self._read(key, header, value, read_rating(value), "hot, warm or cold")
        elif key == "estimated_value":
            found = read_amount(value)
            if found is None or self.amount is not None:
                self._unread(header, value, "an amount" if found is None else None)
            else:
                self.amount = found
        elif key == "currency":
            code = read_currency(value)
            if code is None or self.currency:
                self._unread(header, value, "a currency code" if code is None else None)
            else:
                self.currency = code
        else:  # note:<label>, or a column no key names
            self.extra.append(f"{key[5:] if key.startswith('note:') else header}: {value}")

    def _read(self, key: str, header: str, value: str, found: object, what: str) -> None:
        if found is None or key in self.values:
            self._unread(header, value, what if found is None else None)
        else:
            self.values[key] = found

    def _unread(self, header: str, value: str, what: str | None) -> None:
        """A value kept in the notes; ``what`` it should have been, if it was not."""
        self.extra.append(f"{header}: {value}")
        if what is not None:
            self.repairs.append(Repair(self.line, (
                f"row {self.record_no}: {shown(value)} in the column “{header}” is not "
                f"{what}; it is kept in the notes"), self.record_no))

    def finish(self) -> LeadRecord:
        values = self.values
        first, last = str(values.get("first_name", "")), str(values.get("last_name", ""))
        if self.middle:
            first = f"{first} {self.middle}".strip()
        if self.full and not first:
            if not last:
                head, _, tail = self.full.rpartition(" ")
                first, last = (head, tail) if head else (self.full, "")
            elif self.full.endswith(" " + last):
                first = self.full[: -len(last)].strip()
            elif self.full != last:
                first = self.full
        values["first_name"], values["last_name"] = first, last
        if self.street:
            values["street"] = "\n".join(self.street)
        if self.amount is not None:
            amount, currency = self.amount
            values["estimated_value"] = amount
            values["currency"] = currency or self.currency
        elif self.currency:
            values["currency"] = self.currency
        notes = "\n".join(x for x in (self.notes, "\n".join(self.extra)) if x)
        values["notes"] = notes.replace("\r\n", "\n").replace("\r", "\n")
        return LeadRecord(**values)  # type: ignore[arg-type]


def read_lead_rows(lines: Iterable[str], delimiter: str, mapping: dict[str, str]
                   ) -> Iterator[ParsedLead | Problem]:
    """Stream leads out of the lines of a text file whose first row is the header."""
    table = open_table(lines, delimiter)
    if table is None:
        return
    plan = [(mapping.get(h, f"note:{h.strip()}"), h.strip()) for h in
            table.header[:table.width]]
    for entry in sound_rows(table):
        if isinstance(entry, Problem):
            yield entry
            continue
        start, record_no, row = entry
        lead = _LeadRow(start, record_no)
        for (key, header), value in zip(plan, row, strict=False):
            if header and key != "ignore" and value and not value.isspace():
                lead.add(key, header, cell_text(value))
        yield ParsedLead(lead.finish(), start, record_no, lead.repairs)
