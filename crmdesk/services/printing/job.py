"""A print job's options, shared by the print dialog and ``crmdesk print``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from crmdesk.kinds import RecordRef
from crmdesk.services.printing.agenda import MAX_DAYS
from crmdesk.services.printing.data import Selection
from crmdesk.services.printing.geometry import CARD_SIZES, PAPERS, SHEETS, LabelSheet

STYLES: dict[str, str] = {
    "phone-list": "Phone list",
    "address-book": "Address book",
    "cards": "Rolodex cards",
    "labels": "Mailing labels",
    "account-summary": "Account summary",
    "agenda": "Agenda",
    "history": "History",
    "quote": "Quote",
}
#: The styles that print activities rather than a list of contacts or accounts
ACTIVITY_STYLES = ("agenda", "history")
#: The styles that print one document of a record (offered only for that record)
DOCUMENT_STYLES = ("quote",)


@dataclass(frozen=True)
class PrintOptions:
    """Everything that changes what lands on paper; the preview re-renders on change."""

    style: str = "phone-list"
    selection: Selection = field(default_factory=Selection)
    paper: str = "A4"
    landscape: bool = False
    font_size: float = 9.0
    sheet: LabelSheet = SHEETS["L7160"]
    start: int = 1  # first free label on the sheet, 1-based
    card: str = "a7"
    home_country: str = "DK"  # the sender's country: no country line for home addresses
    title: str = ""  # shown in the page header; defaults to the style's name
    account_id: int | None = None  # account-summary of one account
    date_format: str = "%Y-%m-%d"  # Settings' date format, for birthdays and histories
    first_day: date | None = None  # agenda: its first day
    end_day: date | None = None  # agenda: the day after its last
    record: RecordRef | None = None  # history: whose
    quote_id: int | None = None  # quote: which

    def problems(self) -> list[str]:
        out = []
        if self.style not in STYLES:
            out.append(f"Unknown print style {self.style!r}; choose one of "
                       f"{', '.join(STYLES)}.")
        if self.paper not in PAPERS:
            out.append(f"Unknown paper {self.paper!r}; use A4 or Letter.")
        if not 5 <= self.font_size <= 24:
            out.append("The font size must be between 5 and 24 points.")
        if self.card not in CARD_SIZES:
            out.append(f"Unknown card size {self.card!r}; use {', '.join(CARD_SIZES)}.")
        if self.style == "agenda":
            if self.first_day is None or self.end_day is None:
                out.append("An agenda needs its first and last day.")
            elif self.end_day <= self.first_day:
                out.append("The agenda's last day is before its first; give a range that "
                           "runs forward.")
            elif (self.end_day - self.first_day).days > MAX_DAYS:
                out.append(f"An agenda covers at most {MAX_DAYS} days; print a shorter "
                           "range.")
        if self.style == "history" and self.record is None:
            out.append("A history needs the record whose history it is, such as contact:42.")
        if self.style == "quote" and self.quote_id is None:
            out.append("Say which quote to print, such as crmdesk print quote 12.")
        if self.style == "labels":
            out += self.sheet.problems()
            if not 1 <= self.start <= max(1, self.sheet.per_sheet):
                out.append(f"The start position must be between 1 and {self.sheet.per_sheet} "
                           f"on a {self.sheet.name} sheet.")
        return out

    @property
    def heading(self) -> str:
        return self.title or STYLES.get(self.style, "")

    @property
    def page_size(self) -> tuple[float, float]:
        """Width and height in mm; label sheets dictate their own paper and portrait."""
        if self.style == "labels":
            return PAPERS[self.sheet.paper].size()
        return PAPERS[self.paper].size(self.landscape)
