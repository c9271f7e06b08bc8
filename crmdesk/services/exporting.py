"""Exporting contacts and accounts to vCard, Outlook CSV or crmdesk's lossless JSON, leads,
opportunities and quotes to JSON or CSV, and activities to JSON or iCalendar.

Records are loaded in chunks (``loading``: one query per child table per
chunk), so an export of 100,000 contacts does not hold them all in memory.  A file is
written as ``crmdesk.files`` writes: private (0600) from the first byte, beside
its target, never through a link or into a device, and renamed into place at the
end, so a cancelled or failed export never leaves half a file under the chosen name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from crmdesk import files
from crmdesk.exporters import record_to_dict, write_outlook_csv, write_vcard
from crmdesk.exporters.json_writer import write_sections
from crmdesk.exporters.sales_csv import (
    write_leads_csv,
    write_opportunities_csv,
    write_quotes_csv,
)
from crmdesk.records import AccountRecord, ContactRecord
from crmdesk.services.activity_export import activity_dicts, activity_ids
from crmdesk.services.database_files import is_database_file
from crmdesk.services.listing import ListQuery
from crmdesk.services.loading import load_accounts, load_contacts
from crmdesk.services.sales_export import SALES_KINDS, SalesRecords, SalesScope
from crmdesk.services.service_export import SERVICE_KINDS, ServiceRecords, ServiceScope

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
FORMATS = ("vcard", "csv", "json", "ics")
WHAT = ("contacts", "accounts", "all", "activities", *SALES_KINDS, *SERVICE_KINDS)
_CHUNK = 500


class ExportError(RuntimeError):
    """The export cannot be done as asked; the message says why."""


class ExportCancelled(ExportError):
    """The user cancelled; no file was written."""


@dataclass(frozen=True)
class ExportResult:
    contacts: int
    accounts: int
    path: str
    activities: int = 0
    leads: int = 0
    opportunities: int = 0
    quotes: int = 0
    cases: int = 0
    campaigns: int = 0

    def summary(self) -> str:
        """What was written, for the command line: "2 contacts, 1 account and 3 leads"."""
        counts = [(self.contacts, "contact", "contacts"), (self.accounts, "account", "accounts"),
                  (self.leads, "lead", "leads"),
                  (self.opportunities, "opportunity", "opportunities"),
                  (self.quotes, "quote", "quotes"), (self.cases, "case", "cases"),
                  (self.campaigns, "campaign", "campaigns"),
                  (self.activities, "activity", "activities")]
        parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
        if not parts:
            return "nothing"
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _contact_records(db, ids: Sequence[int], progress: Progress, total: int,  # noqa: ANN001
                     cancelled: CancelCheck) -> Iterator[ContactRecord]:
    done = 0
    for start in range(0, len(ids), _CHUNK):
        if cancelled():
            raise ExportCancelled("Export cancelled; no file was written.")
        chunk = list(ids[start:start + _CHUNK])
        with db.sessions() as session:
            loaded = load_contacts(session, chunk).records
        records = [loaded[i] for i in chunk if i in loaded]
        yield from records
        done += len(chunk)
        progress(done, total)


def _account_records(db, ids: Sequence[int], progress: Progress, base: int,  # noqa: ANN001
                     total: int, cancelled: CancelCheck) -> Iterator[AccountRecord]:
    done = base
    for start in range(0, len(ids), _CHUNK):
        if cancelled():
            raise ExportCancelled("Export cancelled; no file was written.")
        chunk = list(ids[start:start + _CHUNK])
        with db.sessions() as session:
            loaded = load_accounts(session, chunk)
        yield from (loaded[i] for i in chunk if i in loaded)
        done += len(chunk)
        progress(done, total)


def export(services, out: str | TextIO, fmt: str, *, what: str = "contacts",  # noqa: ANN001
           vcard_version: str = "3.0", query: ListQuery | None = None,
           contact_ids: Sequence[int] | None = None, progress: Progress | None = None,
           cancelled: CancelCheck | None = None) -> ExportResult:
    """Write the chosen records; ``out`` is a path or an open text stream (e.g. stdout).

    The scope is ``contact_ids`` (a selection) if given, else ``query`` (the
    current search / category), else everything.
    """
    progress = progress or (lambda d, t: None)
    cancelled = cancelled or (lambda: False)
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}; choose vcard, csv, json or ics.")
    if what not in WHAT:
        raise ExportError(f"crmdesk cannot export {what} yet; choose contacts, accounts, "
                          "leads, opportunities, quotes, cases, campaigns, all or "
                          "activities.")
    if what == "activities" and fmt not in ("ics", "json"):
        raise ExportError("Activities are exported as iCalendar or as crmdesk's JSON: use "
                          "--format ics or json with --what activities.")
    if fmt == "ics" and what != "activities":
        raise ExportError("iCalendar holds activities only: use --format ics with --what "
                          "activities.")
    if fmt == "ics":
        from crmdesk.services.calendar_export import export_activities

        return export_activities(services, out, progress, cancelled)
    if fmt == "vcard" and what != "contacts":
        raise ExportError("vCard files hold people only; export the other records with "
                          "--format json (or csv for leads, opportunities, quotes, cases "
                          "or campaigns).")
    if fmt == "csv" and what not in ("contacts", *SALES_KINDS, *SERVICE_KINDS):
        raise ExportError("A CSV file holds one kind of record: choose --what contacts, "
                          "leads, opportunities, quotes, cases or campaigns, or export "
                          "everything with --format json.")
    query = query or ListQuery()
    if query.category and what in (*SALES_KINDS, *SERVICE_KINDS):
        raise ExportError("Categories are for contacts and accounts; export leads, "
                          "opportunities, quotes, cases or campaigns without --category.")
    cids: Sequence[int] = []
    aids: Sequence[int] = []
    if what in ("contacts", "all"):
        cids = list(contact_ids) if contact_ids is not None else services.contacts.ids(query)
    if what in ("accounts", "all"):
        aids = services.accounts.ids(query)
    scope = SalesScope(services, what, query)
    service_scope = ServiceScope(services, what, query)
    # every activity, whatever the search: what they regard is mapped on restore
    activities = activity_ids(services.db) if what in ("activities", "all") else []
    total = len(cids) + len(aids) + scope.total + service_scope.total + len(activities)
    contacts = _contact_records(services.db, cids, progress, total, cancelled)
    accounts = _account_records(services.db, aids, progress, len(cids), total, cancelled)
    done = [len(cids) + len(aids)]

    def tick(n: int) -> None:
        if cancelled():
            raise ExportCancelled("Export cancelled; no file was written.")
        done[0] += n
        progress(done[0], total)

    sales = SalesRecords(scope, tick)
    service = ServiceRecords(service_scope, tick)

    def write(stream: TextIO) -> None:
        if fmt == "json":
            parties = [("contacts", map(record_to_dict, contacts)),
                       ("accounts", map(record_to_dict, accounts))]
            calendar = [("activities", activity_dicts(services.db, activities, tick))]
            write_sections((parties if what in ("contacts", "accounts", "all") else [])
                           + sales.json_sections(whole=what == "all")
                           + service.json_sections(whole=what == "all")
                           + (calendar if what in ("activities", "all") else []), stream)
        elif what == "leads":
            write_leads_csv(sales.leads(), stream)
        elif what == "opportunities":
            write_opportunities_csv(sales.opportunities(), stream, services.stages.titles())
        elif what == "quotes":
            write_quotes_csv(sales.quotes(), stream)
        elif what == "cases":
            service.write_cases_csv(stream)
        elif what == "campaigns":
            service.write_campaigns_csv(stream)
        elif fmt == "csv":
            write_outlook_csv(contacts, stream)
        else:
            write_vcard(contacts, stream, vcard_version)

    result = ExportResult(len(cids), len(aids), "-", len(activities), leads=len(scope.leads),
                          opportunities=len(scope.opportunities), quotes=len(scope.quotes),
                          cases=len(service_scope.cases),
                          campaigns=len(service_scope.campaigns))

    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    if not isinstance(out, str):
        write(out)
        return result
    target = Path(out)
    if services.db.path is not None and is_database_file(target, services.db.path):
        raise ExportError(f"{target} is crmdesk's own database; choose another file name.")
    try:
        with files.writing_text(target, encoding) as stream:
            write(stream)
    except files.FileTargetError as exc:
        raise ExportError(str(exc)) from None
    except OSError as exc:
        raise ExportError(files.describe_os_error(exc, target)) from None
    progress(total, total)
    return replace(result, path=str(target))
