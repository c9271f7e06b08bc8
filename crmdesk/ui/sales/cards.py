"""The pieces of a lead's or an opportunity's card: labelled rows whose values may be
links (a record's ``kind:id``, ``tel:``, ``mailto:``, a map search), escaped here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from html import escape
from typing import Any

from crmdesk.kinds import RecordRef
from crmdesk.services.card_format import STYLE
from crmdesk.services.money import format_money
from crmdesk.settings import Settings

Link = tuple[str, str]  # the text shown, and where it leads ("" for plain text)


def row(label: str, items: Sequence[Link | str]) -> str:
    """One labelled row of the card's table; nothing when it has nothing to show."""
    shown = [(item, "") if isinstance(item, str) else item for item in items]
    shown = [(text, url) for text, url in shown if text]
    if not shown:
        return ""
    cells = "<br>".join(f'<a href="{escape(url, quote=True)}">{escape(text)}</a>' if url
                        else escape(text) for text, url in shown)
    return f'<tr><td class="k">{escape(label)}</td><td>{cells}</td></tr>'


def record_link(name: str, ref: RecordRef | None) -> Link:
    return (name, str(ref) if ref is not None else "")


def card(title: str, subtitle: str, rows: Sequence[str], notes: str = "",
         after: str = "") -> str:
    """The card: its title, a grey line under it, the rows, ``after`` (built markup, such
    as a list of links under a heading), then the notes as written."""
    html = STYLE + f"<h2>{escape(title)}</h2>"
    if subtitle:
        html += f'<div class="sub">{escape(subtitle)}</div>'
    html += "<table>" + "".join(rows) + "</table>" + after
    if notes:
        html += f'<p class="notes">{escape(notes)}</p>'
    return html


def link_list(heading: str, links: Sequence[Link], empty: str) -> str:
    """A heading and the links under it, one a line (``empty`` when there are none)."""
    lines = "<br>".join(f'<a href="{escape(url, quote=True)}">{escape(text)}</a>' if url
                        else escape(text) for text, url in links)
    return (f'<div class="more">{escape(heading)}</div>'
            + (f"<p>{lines}</p>" if links else f'<p style="color:#777">{escape(empty)}</p>'))


def cell_text(value: Any, currency: str, settings: Settings) -> Any:
    """A list's cell: an amount with its row's currency as the default region writes it,
    a date in the user's format, anything else as it is."""
    if isinstance(value, Decimal):
        return format_money(value, currency, settings.phone_region)
    if isinstance(value, date):
        return value.strftime(settings.date_format)
    return value
