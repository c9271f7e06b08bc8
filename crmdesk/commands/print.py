"""``crmdesk print STYLE --out FILE.pdf``: write a phone list, address book, Rolodex
cards, mailing labels, account summaries, an agenda or a record's history as a PDF,
without opening a window.

Examples:
  crmdesk print phone-list --out phones.pdf --search aarhus
  crmdesk print labels --out labels.pdf --category "Christmas card" --sheet L7160 --start 5
  crmdesk print labels --out l.pdf --sheet custom --rows 8 --cols 2 --label-width 99.1 \\
      --label-height 33.9 --top 12.9 --left 4.65 --pitch-x 101.6 --pitch-y 33.9
  crmdesk print account-summary --account 12 --out account.pdf
  crmdesk print agenda --from 2026-12-07 --to 2026-12-14 --out week.pdf
  crmdesk print history contact:42 --out history.pdf
  crmdesk print quote Q-2026-0001 --out quote.pdf      (or the quote's id: print quote 12)
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path

from crmdesk.commands import CliError, bounded_float, bounded_int, open_services

NAME = "print"
HELP = ("print contacts, accounts, activities or a quote to a PDF (phone list, address book, "
        "cards, labels, agenda, history, quote)")

STYLE_NAMES = ("phone-list", "address-book", "cards", "labels", "account-summary", "agenda",
               "history", "quote")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("style", choices=STYLE_NAMES, metavar="STYLE",
                        help="one of: " + ", ".join(STYLE_NAMES))
    parser.add_argument("record", nargs="?", metavar="KIND:ID|QUOTE",
                        help="history: the record whose history to print, e.g. contact:42; "
                             "quote: the quote's number (Q-2026-0001) or id")
    parser.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF to write")
    parser.add_argument("--from", dest="first_day", metavar="DATE",
                        help="agenda: the first day (YYYY-MM-DD; default: today)")
    parser.add_argument("--to", dest="end_day", metavar="DATE",
                        help="agenda: the end of the range, exclusive (default: a week on)")
    parser.add_argument("--search", metavar="TEXT", default="",
                        help="only records matching this search (as in the search box)")
    parser.add_argument("--category", metavar="NAME", default="",
                        help="only records in this category")
    parser.add_argument("--account", type=bounded_int(1, 2**63 - 1), metavar="ID",
                        help="account-summary: the account to print (default: every account "
                             "matching --search)")
    parser.add_argument("--paper", choices=("A4", "Letter"),
                        help="paper size (default: from settings or the locale)")
    parser.add_argument("--orientation", choices=("portrait", "landscape"), default="portrait")
    parser.add_argument("--font-size", type=bounded_float(4, 72), metavar="N",
                        help="font size in points (default: 9; labels 10)")
    parser.add_argument("--card", choices=("a7", "3x5", "business"), default="a7",
                        help="cards: the card size (default: a7)")
    parser.add_argument("--sheet", choices=("L7160", "5160", "custom"),
                        help="labels: the label sheet (default: L7160 on A4, 5160 on Letter)")
    parser.add_argument("--start", type=bounded_int(1, 1000), default=1, metavar="N",
                        help="labels: the first unused label on the sheet, counted from 1 "
                             "left to right, top to bottom")
    custom = parser.add_argument_group("custom label sheet (with --sheet custom; mm)")
    custom.add_argument("--rows", type=bounded_int(1, 100))
    custom.add_argument("--cols", type=bounded_int(1, 100))
    for name in ("label-width", "label-height", "top", "left", "pitch-x", "pitch-y"):
        custom.add_argument(f"--{name}", type=bounded_float(0, 2000), metavar="MM")
    parser.add_argument("--home-country", metavar="CC",
                        help="the sender's country (ISO code): addresses there get no country "
                             "line (default: the phone region from settings)")
    parser.add_argument("--guides", action="store_true",
                        help="labels: draw the label outlines (for a test print on plain paper)")




def _sheet(args: argparse.Namespace, paper: str):  # noqa: ANN202 - LabelSheet
    from crmdesk.services.printing import SHEETS, custom_sheet

    name = args.sheet or ("5160" if paper == "Letter" else "L7160")
    if name != "custom":
        return SHEETS[name]
    needed = {"--rows": args.rows, "--cols": args.cols, "--label-width": args.label_width,
              "--label-height": args.label_height, "--top": args.top, "--left": args.left}
    missing = [flag for flag, value in needed.items() if value is None]
    if missing:
        raise CliError(f"--sheet custom needs {', '.join(missing)} (sizes in millimetres).")
    try:
        return custom_sheet(paper, args.rows, args.cols, top=args.top, left=args.left,
                            label_w=args.label_width, label_h=args.label_height,
                            pitch_x=args.pitch_x, pitch_y=args.pitch_y)
    except ValueError as exc:
        raise CliError(str(exc)) from exc


def build_options(args: argparse.Namespace, home_country: str, default_paper: str,  # noqa: ANN201
                  date_format: str = "%Y-%m-%d", quote_id: int | None = None):
    """The PrintOptions the arguments describe; CliError for anything inconsistent."""
    from crmdesk.services.listing import ListQuery
    from crmdesk.services.printing import PrintOptions, Selection

    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise CliError(f"--out {args.out}: the output must be a .pdf file.")
    if not out.parent.resolve().is_dir():
        raise CliError(f"--out {args.out}: the folder {out.parent} does not exist.")
    if args.category and args.search:
        selection = Selection("search", ListQuery(text=args.search, category=args.category))
    elif args.category:
        selection = Selection("category", category=args.category)
    elif args.search:
        selection = Selection("search", ListQuery(text=args.search))
    else:
        selection = Selection()
    paper = args.paper or default_paper
    sheet = _sheet(args, paper) if args.style == "labels" else None
    font = args.font_size if args.font_size is not None else (
        10.0 if args.style == "labels" else 9.0)
    if args.account is not None and args.style != "account-summary":
        raise CliError("--account only goes with the account-summary style.")
    first, end, record = _activity_arguments(args)
    kwargs = {"sheet": sheet} if sheet is not None else {}
    options = PrintOptions(style=args.style, selection=selection, paper=paper,
                           landscape=args.orientation == "landscape", font_size=font,
                           start=args.start, card=args.card, home_country=home_country,
                           account_id=args.account, date_format=date_format,
                           first_day=first, end_day=end, record=record, quote_id=quote_id,
                           **kwargs)
    if problems := options.problems():
        raise CliError(problems[0])
    return options


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(f"{option} {text!r} is not a date: write YYYY-MM-DD.") from None


def _activity_arguments(args: argparse.Namespace):  # noqa: ANN202 - RecordRef imported lazily
    """The agenda's days and the history's record; CliError where they do not belong."""
    from crmdesk.commands.agenda import DEFAULT_DAYS, regarding_ref

    if args.style != "agenda" and (args.first_day or args.end_day):
        raise CliError("--from and --to only go with the agenda style.")
    if args.style not in ("history", "quote") and args.record:
        raise CliError(f"{args.record!r}: only the history and quote styles take a record; "
                       "give the others --search, --category or --account.")
    if args.style in ("agenda", "history", "quote") and (args.search or args.category):
        raise CliError(f"--search and --category do not go with the {args.style} style.")
    if args.style == "history" and not args.record:
        raise CliError("Say whose history to print, e.g. crmdesk print history contact:42 "
                       "--out history.pdf.")
    first = end = None
    if args.style == "agenda":
        first = _day(args.first_day, "--from") if args.first_day else date.today()
        end = (_day(args.end_day, "--to") if args.end_day
               else first + timedelta(days=DEFAULT_DAYS))
    return first, end, regarding_ref(args.record) if args.style == "history" else None


def _quote_id(text: str | None, services) -> int:  # noqa: ANN001 - Services
    """The quote ``text`` names, by its number (Q-2026-0001) or its id."""
    if not text:
        raise CliError("Say which quote to print, e.g. crmdesk print quote Q-2026-0001 "
                       "--out quote.pdf.")
    text = text.strip()
    if text.isdigit():
        return int(text)
    quote_id = services.quotes.id_of(text)
    if quote_id is None:
        raise CliError(f"There is no quote numbered {text!r}; give its number as printed "
                       "(Q-2026-0001) or its id.")
    return quote_id


def run(args: argparse.Namespace) -> int:
    from crmdesk.progress import TerminalProgress
    from crmdesk.services.errors import NotFoundError
    from crmdesk.services.printing import PrintData, default_paper

    services = open_services(args)
    try:
        settings = services.settings
        home = (args.home_country or settings.phone_region).upper()
        if len(home) != 2 or not home.isalpha():
            raise CliError(f"--home-country {args.home_country}: give a two-letter country "
                           "code such as DK, DE or US.")
        quote_id = _quote_id(args.record, services) if args.style == "quote" else None
        options = build_options(args, home, settings.paper_size or default_paper(home),
                                settings.date_format, quote_id)
        data = PrintData(services)
        if args.category and args.category.casefold() not in {
                c.casefold() for c in data.categories()}:
            raise CliError(f"There is no category named {args.category!r}.")
        from crmdesk.ui.headless import ensure_gui_app

        ensure_gui_app()
        from crmdesk.ui.printing import PrintError, prepare, render_pdf

        try:
            prepared = prepare(options, data, TerminalProgress("Reading records"))
            if options.style == "account-summary" and not prepared.accounts:
                raise CliError("No account matches; give --account ID or a --search that "
                               "finds one.")
            pages = render_pdf(prepared, args.out, progress=TerminalProgress("Printing"),
                               guides=args.guides)
        except NotFoundError as exc:
            raise CliError(str(exc)) from exc
        except PrintError as exc:
            raise CliError(str(exc)) from exc
        count, noun = prepared.count
    finally:
        services.close()
    print(f"{args.out}: {pages} page{'s' if pages != 1 else ''}, {count} {noun}",
          file=sys.stderr)
    return 0
