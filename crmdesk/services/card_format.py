"""A contact's or account's card as HTML (for the detail pane) and as plain text (to copy).

Every e-mail, phone, website and address becomes a link the UI can open:
``mailto:``, ``tel:`` (with the full international number, read as a save reads it,
so a phone abroad dials it from anywhere), the web page itself, and a map search for
an address.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from urllib.parse import quote, quote_plus

from crmdesk.kinds import RecordRef
from crmdesk.records import AccountRecord, AddressEntry, ContactRecord, CustomField, PhoneEntry
from crmdesk.services import phones
from crmdesk.services.addresses import address_lines, one_line
from crmdesk.services.names import display_name_of

MAP_SEARCH = "https://www.openstreetmap.org/search?query="


def map_url(address: AddressEntry) -> str:
    return MAP_SEARCH + quote_plus(one_line(address))


def web_url(website: str) -> str:
    site = website.strip()
    return site if "://" in site else "https://" + site


def tel_url(number: str, e164: str = "") -> str:
    """``tel:+4533123456``; a number without an E.164 form dials what was typed."""
    return "tel:" + (e164 or "".join(c for c in number if c.isdigit() or c == "+"))


def phone_url(record: ContactRecord | AccountRecord, phone: PhoneEntry, region: str) -> str:
    """The ``tel:`` link of one of the record's phones, in full international form: a
    national number is read in the country of the record's address, else ``region``."""
    places = [a for a in record.addresses if not a.is_empty()]
    e164 = phones.normalise(phone.number, phones.region_for(
        phone.kind or "other", places, region)).e164
    return tel_url(phone.number, e164)


def _rows(label: str, items: list[tuple[str, str]]) -> str:
    if not items:
        return ""
    cells = "<br>".join(
        f'<a href="{escape(url, quote=True)}">{escape(text)}</a>' if url else escape(text)
        for text, url in items)
    return f'<tr><td class="k">{escape(label)}</td><td>{cells}</td></tr>'


def _channels(record: ContactRecord | AccountRecord, region: str) -> str:
    html = ""
    for phone in record.phones:
        html += _rows(phone.kind.capitalize(), [(phone.number, phone_url(record, phone, region))])
    for email in record.emails:
        html += _rows(f"E-mail ({email.kind})",
                      [(email.address, "mailto:" + quote(email.address, safe="@.+-_"))])
    for address in record.addresses:
        lines = address_lines(address, home_country="")
        html += _rows(f"Address ({address.kind})", [(line, map_url(address)) for line in lines])
    if record.website:
        html += _rows("Website", [(record.website, web_url(record.website))])
    return html


def _tags_and_notes(record: ContactRecord | AccountRecord,
                    more: Sequence[CustomField] = ()) -> str:
    """Relationship and category rows, the end of the table, the "More fields" (values
    no field holds, as an import found them), then the notes."""
    html = ""
    if record.relationships:
        html += _rows("Relationship", [(", ".join(r.value for r in record.relationships), "")])
    if record.categories:
        html += _rows("Categories", [(", ".join(record.categories), "")])
    html += "</table>"
    if more:
        html += ('<div class="more">More fields</div><table>'
                 + "".join(_rows(f.label or "Field", [(f.value, "")]) for f in more)
                 + "</table>")
    if record.notes:
        html += f'<p class="notes">{escape(record.notes)}</p>'
    return html


STYLE = ("<style>h2{margin:0 0 2px 0} .sub{color:#555} td{padding:2px 8px 2px 0;"
         "vertical-align:top} td.k{color:#666;white-space:nowrap} .notes{white-space:pre-wrap}"
         " a{text-decoration:none} .more{color:#555;font-weight:bold;margin-top:6px}</style>")


def contact_html(record: ContactRecord, date_format: str = "%Y-%m-%d", *, region: str) -> str:
    """The card shown beside the list; dates as Settings' date format says, numbers
    without a country code read in ``region`` unless an address names the country."""
    name = display_name_of(record) or "(no name)"
    role = ", ".join(p for p in (record.job_title, record.department) if p)
    company = escape(record.company)
    if record.account_id:
        company = f'<a href="{RecordRef("account", record.account_id)}">{company}</a>'

    sub = " · ".join(p for p in (escape(role), company) if p)
    html = STYLE + f"<h2>{escape(name)}</h2>"
    if record.nickname:
        html += f'<div class="sub">“{escape(record.nickname)}”</div>'
    if sub:
        html += f'<div class="sub">{sub}</div>'
    html += "<table>" + _channels(record, region)
    if record.birthday:
        html += _rows("Birthday", [(record.birthday.strftime(date_format), "")])
    return html + _tags_and_notes(record, record.custom_fields)


def account_html(record: AccountRecord, parent_name: str = "", primary_name: str = "", *,
                 region: str) -> str:
    html = STYLE + f"<h2>{escape(record.name)}</h2>"
    sub = " · ".join(escape(p) for p in (record.industry, record.account_number and
                                          f"Account {record.account_number}") if p)
    if sub:
        html += f'<div class="sub">{sub}</div>'
    html += "<table>" + _channels(record, region)
    if parent_name:
        html += _rows("Parent", [(parent_name, str(RecordRef("account", record.parent_id)))])
    if primary_name:
        html += _rows("Primary contact",
                      [(primary_name, str(RecordRef("contact", record.primary_contact_id)))])
    return html + _tags_and_notes(record)


def contact_text(record: ContactRecord) -> str:
    """The card as plain text, for the clipboard (pastes well into a mail)."""
    lines = [display_name_of(record) or "(no name)"]
    role = ", ".join(p for p in (record.job_title, record.department) if p)
    lines += [p for p in (role, record.company) if p]
    return _text(lines, record)


def account_text(record: AccountRecord) -> str:
    """A company's card as plain text, for the clipboard."""
    return _text([record.name.strip() or "(no name)"], record)


def _text(lines: list[str], record: ContactRecord | AccountRecord) -> str:
    """The heading ``lines``, then phones, e-mails, addresses and website, as text."""
    for phone in record.phones:
        lines.append(f"{phone.kind.capitalize()}: {phone.number}")
    for email in record.emails:
        lines.append(f"E-mail: {email.address}")
    for address in record.addresses:
        lines.append("")
        lines += address_lines(address, home_country="")
    if record.website:
        lines.append(f"Web: {record.website}")
    return "\n".join(lines).strip() + "\n"
