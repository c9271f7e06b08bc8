"""Every style rendered to a real PDF from a demo database, then read back with poppler."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from crmdesk.records import AccountRecord, AddressEntry, EmailEntry, PhoneEntry
from crmdesk.services import demo
from crmdesk.services.listing import ListQuery
from crmdesk.services.printing import (
    SHEETS,
    PrintData,
    PrintOptions,
    Selection,
    custom_sheet,
    label_pages,
)

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext, pdfinfo) is not installed")

N = 40


@pytest.fixture
def filled(services, contact_factory, qapp):
    demo.fill(services, N)
    services.contacts.save(contact_factory("Søren", "Ærø", categories=["Printing test"]))
    services.contacts.save(contact_factory(
        "Íñigo", "Ñúñez", company="", addresses=[AddressEntry(
            "home", "Calle Mayor 5", "28013", "Madrid", "", "ES")],
        phones=[PhoneEntry("+34 912 345 678", "mobile")], categories=["Printing test"]))
    services.contacts.save(contact_factory("小明", "王", company="", addresses=[],
                                           emails=[], phones=[PhoneEntry("+86 10 1234 5678")]))
    return services


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines()
                    if line.startswith("Pages:")))


def render_style(services, tmp_path: Path, **kw) -> tuple[Path, int, object]:
    from crmdesk.ui.printing import prepare, render_pdf

    options = PrintOptions(home_country="DK", **kw)
    prepared = prepare(options, PrintData(services))
    out = tmp_path / f"{options.style}.pdf"
    pages = render_pdf(prepared, out)
    assert out.stat().st_size > 1000
    assert pdf_pages(out) == pages
    return out, pages, prepared


@pytest.mark.parametrize("style", ["phone-list", "address-book", "cards", "labels"])
def test_every_contact_style_shows_known_names(filled, tmp_path, style):
    out, pages, prepared = render_style(filled, tmp_path, style=style)
    assert len(prepared.contacts) == N + 3
    text = pdf_text(out)
    assert "Søren Ærø" in text
    assert "Íñigo Ñúñez" in text
    if style == "labels":
        assert "8000 Århus C" in text  # Danish convention: postcode before town
        assert "SPAIN" in text  # abroad, seen from Denmark


def test_page_counts_follow_the_record_count(filled, tmp_path):
    _, cards, _ = render_style(filled, tmp_path, style="cards", paper="A4", card="a7")
    assert cards == -(-(N + 3) // 4)  # four A7 cards on A4
    _, business, _ = render_style(filled, tmp_path, style="cards", paper="A4", card="business")
    assert business == -(-(N + 3) // 10)  # 2 x 5 business cards
    with_address = N + 2  # 王 has no postal address, so no label
    _, labels, _ = render_style(filled, tmp_path, style="labels", sheet=SHEETS["L7160"],
                                start=15)
    assert labels == label_pages(SHEETS["L7160"], with_address, 15) == 3
    out, phone, prepared = render_style(filled, tmp_path, style="phone-list", paper="A4")
    assert phone == 2
    on_first = [c for c in prepared.contacts if c.name in pdf_text(out).split("\f")[0]]
    assert len(on_first) >= 30  # compact: many per page, even with a band per letter
    _, book, _ = render_style(filled, tmp_path, style="address-book", paper="A4")
    assert 2 <= book <= 8


def test_address_book_has_running_header_and_page_numbers(filled, tmp_path):
    out, pages, prepared = render_style(filled, tmp_path, style="address-book")
    first_page = pdf_text(out).split("\f")[0]
    first = prepared.contacts[0].file_as
    assert f"{first} – " in first_page
    assert f"Page 1 of {pages}" in first_page


def test_search_and_category_choose_the_records(filled, tmp_path):
    out, _, prepared = render_style(
        filled, tmp_path, style="phone-list",
        selection=Selection("search", ListQuery(text="ñúñez")))
    assert [c.name for c in prepared.contacts] == ["Íñigo Ñúñez"]
    out, _, prepared = render_style(filled, tmp_path, style="phone-list",
                                    selection=Selection("category", category="printing test"))
    assert sorted(c.name for c in prepared.contacts) == ["Søren Ærø", "Íñigo Ñúñez"]
    ids = [prepared.contacts[1].id, prepared.contacts[0].id]
    _, _, chosen = render_style(filled, tmp_path, style="cards",
                                selection=Selection("selection", ids=tuple(ids)))
    assert [c.id for c in chosen.contacts] == [c.id for c in prepared.contacts]  # name order


def test_account_summary_one_account_per_page(filled, tmp_path):
    account_id = filled.accounts.ids(ListQuery())[0]
    record = filled.accounts.get(account_id)
    out, pages, prepared = render_style(filled, tmp_path, style="account-summary",
                                        account_id=account_id)
    assert pages == 1
    text = pdf_text(out)
    assert record.name in text
    for person in prepared.accounts[0].contacts:
        assert person.name in text
    assert f"Contacts ({len(prepared.accounts[0].contacts)})" in text
    assert "will appear" not in text and "Opportunities" not in text


def test_the_summary_of_every_account_flows_without_a_blank_page_each(filled, tmp_path):
    """Short accounts print one after another, not each on a mostly empty page, and an
    account's title never ends a page without its first lines."""
    out, every, prepared = render_style(filled, tmp_path, style="account-summary")
    assert len(prepared.accounts) == filled.accounts.count() >= 8
    assert every <= len(prepared.accounts) // 2
    names = [a.account.name for a in prepared.accounts]
    for page in pdf_text(out).split("\f"):
        lines = [ln.strip() for ln in page.splitlines()
                 if ln.strip() and not ln.strip().startswith("crmdesk")]
        if lines:
            assert not any(lines[-1].startswith(name) for name in names), lines[-1]
    text = pdf_text(out)
    assert all(name in text for name in names)


def test_account_summary_prints_only_what_the_account_has(filled, tmp_path):
    """A new account with no people prints its details, and no empty headings or promises."""
    lone = filled.accounts.save(AccountRecord(name="Solo Consulting ApS", industry="Retail"))
    out, pages, _ = render_style(filled, tmp_path, style="account-summary", account_id=lone.id)
    text = pdf_text(out)
    assert pages == 1 and "Solo Consulting ApS" in text and "Retail" in text
    for absent in ("Contacts", "Sub-accounts", "No contacts", "Opportunities", "will appear"):
        assert absent not in text


def test_fonts_are_embedded(filled, tmp_path):
    out, _, _ = render_style(filled, tmp_path, style="phone-list")
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line.split("Identity-H", 1)[-1] for line in fonts)
    assert any("DejaVuSans" in line for line in fonts)


def test_cjk_name_renders_when_a_cjk_font_is_installed(filled, tmp_path):
    from PySide6.QtGui import QFontDatabase

    if not QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-microhei); Qt would "
                    "print a box for 王")
    out, _, _ = render_style(filled, tmp_path, style="phone-list")
    assert "小明 王" in pdf_text(out)


def _placed_labels(services, **kw):
    from PySide6.QtGui import QPdfWriter

    from crmdesk.ui.printing import layout_labels, prepare
    from crmdesk.ui.printing.render import Ink

    options = PrintOptions(style="labels", home_country="DK", **kw)
    prepared = prepare(options, PrintData(services))
    writer = QPdfWriter(str(Path(services.db.path).with_suffix(".probe.pdf")))
    writer.setResolution(600)
    return layout_labels(Ink(writer), prepared), options


@pytest.mark.parametrize("sheet", [SHEETS["L7160"], SHEETS["5160"],
                                   custom_sheet("A4", 10, 4, top=10, left=5, label_w=48,
                                                label_h=27.5, pitch_x=50, pitch_y=27.7)])
def test_label_text_stays_inside_its_cell(filled, contact_factory, sheet):
    filled.contacts.save(contact_factory(
        "Maximiliane-Charlotte", "von Hohenzollern-Sigmaringen-Wittelsbach",
        company="Internationale Gesellschaft für Unternehmensberatung und Logistik mbH",
        addresses=[AddressEntry("work", "Sehr lange Straße mit einem sehr langen Namen 123",
                                "80331", "München", "", "DE")]))
    labels, options = _placed_labels(filled, sheet=sheet, start=3, font_size=11)
    assert labels and labels[0].cell == sheet.cell(2)
    for label in labels:
        assert sheet.cell(0).w == label.cell.w
        for line in label.lines:
            assert label.cell.inset(1.0).contains(line.box), (line.text, line.box, label.cell)
    longest = max(labels, key=lambda lab: len(lab.lines[0].text))
    assert longest.lines[0].size < 11 or longest.lines[0].text.endswith("…")


def test_progress_per_page_and_cancel_leaves_the_old_file(filled, tmp_path):
    from crmdesk.ui.printing import PrintCancelled, prepare, render_pdf

    prepared = prepare(PrintOptions(style="cards", card="business"), PrintData(filled))
    seen: list[tuple[int, int]] = []
    out = tmp_path / "cards.pdf"
    pages = render_pdf(prepared, out, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(i, pages) for i in range(1, pages + 1)]
    first = out.read_bytes()
    seen.clear()
    with pytest.raises(PrintCancelled):
        render_pdf(prepared, out, progress=lambda d, t: seen.append((d, t)),
                   cancelled=lambda: len(seen) >= 2)
    assert len(seen) == 2 and out.read_bytes() == first
    assert not [p for p in tmp_path.iterdir() if ".crmdesk-tmp-" in p.name]  # no half PDFs


@pytest.mark.parametrize("card", ["business", "a7", "3x5"])
def test_cards_show_a_long_company_and_e_mail_whole_while_there_is_room(
        services, contact_factory, qapp, tmp_path, card):
    """A card with three lines on it does not cut "…@schwarzwald-pharma.de": the line
    shrinks a little, or wraps, before anything is cut."""
    services.contacts.save(contact_factory(
        "Thorbjørn", "Vestergaard-Christiansen", company="Schwarzwald Pharma Vertrieb GmbH",
        job_title="Regional Sales Director", addresses=[],
        emails=[EmailEntry("thorbjorn.vestergaard-christiansen@schwarzwald-pharma.de")],
        phones=[PhoneEntry("+49 171 2345678", "mobile")]))
    out, _, _ = render_style(services, tmp_path, style="cards", card=card)
    text = " ".join(pdf_text(out).split())
    assert "…" not in text
    assert "Schwarzwald Pharma Vertrieb GmbH" in text
    assert "thorbjorn.vestergaard-christiansen" in text and "schwarzwald-pharma.de" in text
