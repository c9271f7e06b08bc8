"""``crmdesk agenda [--from DATE] [--to DATE] [--kind K] [--regarding KIND:ID] [--json]``:
every occurrence overlapping the range, series expanded, in the display zone."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, time, timedelta, tzinfo

from crmdesk.commands import CliError
from crmdesk.records import ActivityKind

NAME = "agenda"
HELP = "list appointments, tasks, calls and notes in a date range"
DEFAULT_DAYS = 7


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", metavar="DATE",
                        help="first day (YYYY-MM-DD) or moment (YYYY-MM-DDTHH:MM); "
                             "default: today")
    parser.add_argument("--to", dest="end", metavar="DATE",
                        help=f"end of the range, exclusive; default: {DEFAULT_DAYS} days on")
    add_zone_argument(parser)
    parser.add_argument("--kind", action="append", choices=[k.value for k in ActivityKind],
                        help="only this kind (may be given more than once)")
    parser.add_argument("--regarding", metavar="KIND:ID",
                        help="only activities regarding this record, e.g. contact:42")
    parser.add_argument("--json", action="store_true", help="print one JSON document")


def add_zone_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tz", dest="command_tz", metavar="ZONE",
                        help="show times in this IANA zone (default: Settings, else the "
                             "system's)")


def moment(text: str, zone: tzinfo, option: str) -> datetime:
    """A date (its midnight) or a date and time, read in ``zone`` unless it gives an offset."""
    try:
        if "T" not in text and " " not in text.strip():
            return datetime.combine(date.fromisoformat(text.strip()), time(), zone)
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CliError(f"{option} {text!r} is not a date: write YYYY-MM-DD or "
                       "YYYY-MM-DDTHH:MM.") from None
    return value if value.tzinfo else value.replace(tzinfo=zone)


def regarding_ref(text: str | None):  # noqa: ANN201 - RecordRef, imported lazily
    if text is None:
        return None
    from crmdesk.kinds import RefError
    from crmdesk.kinds.registry import parse_ref

    try:
        return parse_ref(text)
    except RefError as exc:
        raise CliError(str(exc).rstrip(".")) from None


def open_activities(args: argparse.Namespace):  # noqa: ANN201 - ActivityService, lazily
    """The activities of the database the command line chose, without the rest of the
    services (their imports were most of a short ``crmdesk agenda``'s time); a read, so
    no database file is made."""
    from crmdesk.commands import note_waiting
    from crmdesk.db import open_database
    from crmdesk.services.activities import ActivityService
    from crmdesk.settings import Settings

    db = open_database(args.database.url, create=False)
    db.on_wait = note_waiting
    return ActivityService.for_settings(db, Settings.load())


def run(args: argparse.Namespace) -> int:
    from crmdesk.settings import Settings
    from crmdesk.timezones import display_zone

    zone = display_zone(Settings.load().time_zone)
    start = (moment(args.start, zone, "--from") if args.start else
             datetime.combine(datetime.now(zone).date(), time(), zone))
    end = (moment(args.end, zone, "--to") if args.end
           else start + timedelta(days=DEFAULT_DAYS))
    if end < start:
        raise CliError("--to is before --from; give a range that runs forward.")
    return show(read(args, zone, start, end), args.json, "Nothing in that range.")


def read(args: argparse.Namespace, zone: tzinfo, start: datetime, end: datetime) -> list:
    """The occurrences, read through a plain ``sqlite3`` connection when the database is
    an up-to-date SQLite file (``sqlite_file.plain_reader``): importing SQLAlchemy and the
    models was most of the command's time.  Anything else goes through the services, as
    does ``--regarding``, whose kinds the registry (which imports the models) knows."""
    if args.regarding is None:
        from crmdesk.services import occurrences
        from crmdesk.sqlite_file import plain_reader

        conn = plain_reader(args.database.url)
        if conn is not None:
            try:
                conn.execute("BEGIN")  # one snapshot for all of the read
                return occurrences.read(occurrences.sqlite_execute(conn), zone, start, end,
                                        kinds=args.kind)
            finally:
                conn.close()
    activities = open_activities(args)
    try:
        return activities.occurrences(start, end, kinds=args.kind,
                                      regarding=regarding_ref(args.regarding))
    finally:
        activities.db.close()


def show(items, as_json: bool, nothing: str) -> int:  # noqa: ANN001 - Occurrences
    """Print occurrences as one JSON document or a line each; ``nothing`` on stderr if none."""
    if as_json:
        json.dump([o.as_json() for o in items], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for line in lines(items):
        print(line)
    if not items:
        sys.stderr.write(nothing + "\n")
    return 0


def when(item) -> str:  # noqa: ANN001 - an activities.Occurrence
    if item.all_day:
        last = item.end - timedelta(days=1)
        days = f"{item.start:%a %Y-%m-%d}" + (f" – {last:%a %Y-%m-%d}" if last > item.start
                                              else "")
        return f"{days}  all day"
    if item.end == item.start:
        return f"{item.start:%a %Y-%m-%d %H:%M}"
    end = (f"{item.end:%H:%M}" if item.end.date() == item.start.date()
           else f"{item.end:%a %Y-%m-%d %H:%M}")
    return f"{item.start:%a %Y-%m-%d %H:%M}–{end}"


def lines(items) -> list[str]:  # noqa: ANN001 - Occurrences
    out = []
    for item in items:
        extra = [item.kind]
        if item.regarding_name:
            extra.append(item.regarding_name)
        if item.recurring:
            extra.append("repeats")
        if item.status != "open":
            extra.append(item.status)
        out.append(f"{when(item)}  {item.subject or '(no subject)'}  ({', '.join(extra)})")
    return out
