"""Quotes made from an opportunity, with their lines; and the small list of products.

A quote's totals are ``money.quote_totals`` of its lines, never stored, so the dialog, the
printout and the export agree.  A quote that ``follows_opportunity`` sets the
opportunity's estimated revenue to its net total (before VAT) on every save; one quote
of an opportunity follows it at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from crmdesk.db import Database
from crmdesk.errors import DatabaseBusy
from crmdesk.models import Opportunity, Product, Quote, QuoteLine
from crmdesk.models.base import utcnow
from crmdesk.records import ProductRecord, QuoteLineRecord, QuoteRecord
from crmdesk.services.errors import (
    GoneError,
    NotFoundError,
    SalesError,
    StaleEditError,
    storage_error,
)
from crmdesk.services.money import QuoteTotals, quote_totals, standard_vat_rate
from crmdesk.services.sales_checks import check_product, check_quote
from crmdesk.services.validation import ValidationError

QUOTE_GONE = ("This quote was deleted by another program (or window) after you opened it, "
              "so your edit was not saved.")


def quote_number(year: int, n: int) -> str:
    return f"Q-{year}-{n:04d}"


class QuoteService:
    """``Services.quotes``."""

    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    def get(self, quote_id: int) -> QuoteRecord:
        with self.db.sessions() as session:
            row = session.get(Quote, quote_id, options=[selectinload(Quote.lines)])
            if row is None:
                raise NotFoundError(f"Quote {quote_id} no longer exists.")
            return self.record_of(row)

    @staticmethod
    def record_of(row: Quote) -> QuoteRecord:
        return QuoteRecord(
            id=row.id, version=row.version, opportunity_id=row.opportunity_id,
            number=row.number, title=row.title, currency=row.currency, issued=row.issued,
            valid_until=row.valid_until, notes=row.notes,
            follows_opportunity=row.follows_opportunity,
            lines=[QuoteLineRecord(line.description, line.quantity, line.unit_price,
                                   line.discount_percent, line.vat_rate, line.product_id)
                   for line in row.lines],
            created=row.created, modified=row.modified)

    @staticmethod
    def totals(record: QuoteRecord) -> QuoteTotals:
        return quote_totals(record.lines)

    def for_opportunity(self, opportunity_id: int) -> list[QuoteRecord]:
        """The opportunity's quotes, the newest first."""
        with self.db.sessions() as session:
            return [self.record_of(q) for q in session.scalars(
                select(Quote).where(Quote.opportunity_id == opportunity_id)
                .options(selectinload(Quote.lines)).order_by(Quote.id.desc()))]

    def new_quote(self, opportunity_id: int, *, valid_days: int) -> QuoteRecord:
        """An unsaved quote of the opportunity as the dialog starts it: issued today, valid
        for ``valid_days`` (Settings), in the opportunity's currency, titled with its topic,
        and following its estimated revenue unless another of its quotes does."""
        today = self.today()
        with self.db.sessions() as session:
            opportunity = session.get(Opportunity, opportunity_id)
            if opportunity is None:
                raise NotFoundError(f"Opportunity {opportunity_id} no longer exists.")
            followed = session.scalar(select(func.count()).select_from(Quote).where(
                Quote.opportunity_id == opportunity_id, Quote.follows_opportunity))
            return QuoteRecord(opportunity_id=opportunity_id, title=opportunity.topic,
                               currency=opportunity.currency, issued=today,
                               valid_until=today + timedelta(days=valid_days),
                               follows_opportunity=not followed)

    def id_of(self, number: str) -> int | None:
        """The quote numbered ``number`` (as printed, in any case), or None."""
        with self.db.sessions() as session:
            return session.scalar(select(Quote.id).where(
                func.upper(Quote.number) == number.strip().upper()))

    def next_number(self, year: int | None = None) -> str:
        """The number the next quote of ``year`` (this year) gets: "Q-2026-0001" on."""
        with self.db.sessions() as session:
            return self._next_number(session, year or self.today().year)

    @staticmethod
    def _next_number(session: Session, year: int) -> str:
        prefix = f"Q-{year}-"
        numbers = session.scalars(select(Quote.number).where(Quote.number.startswith(prefix)))
        last = max((int(n[len(prefix):]) for n in numbers if n[len(prefix):].isdigit()),
                   default=0)
        return quote_number(year, last + 1)

    def save(self, record: QuoteRecord) -> QuoteRecord:
        """Insert or update a quote with its lines; a new one without a number gets the
        next, without a currency the opportunity's.  Following the opportunity sets its
        estimated revenue to the net total (the currencies must be the same)."""
        if problems := check_quote(record):
            raise ValidationError(problems)
        stale = (f"Quote {record.number or ''} was changed elsewhere since you opened it, so "
                 "your edit was not saved. Open it again and redo your change.")
        try:
            with self.db.writing() as session:
                opportunity = session.get(Opportunity, record.opportunity_id)
                if opportunity is None:
                    raise SalesError("The opportunity of this quote no longer exists.")
                if record.id is None:
                    row = Quote(opportunity_id=opportunity.id)
                    session.add(row)
                else:
                    found = session.get(Quote, record.id, options=[selectinload(Quote.lines)])
                    if found is None:
                        raise GoneError(QUOTE_GONE)
                    if record.version is not None and found.version != record.version:
                        raise StaleEditError(stale)
                    row = found
                self.apply(session, row, record, opportunity)
                session.flush()
                quote_id = row.id
        except StaleDataError as exc:
            raise StaleEditError(stale) from exc
        except IntegrityError as exc:
            raise SalesError(f"There is a quote numbered {record.number} already; give this "
                             "one another number.") from exc
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
        return self.get(quote_id)

    def apply(self, session: Session, row: Quote, record: QuoteRecord,
              opportunity: Opportunity) -> None:
        """Copy a record onto a row (no commit), and the net total onto the opportunity
        when the quote follows it."""
        row.opportunity_id = opportunity.id
        row.number = (record.number.strip() or row.number
                      or self._next_number(session, (record.issued or self.today()).year))
        row.title = record.title.strip()
        row.currency = record.currency.strip().upper() or opportunity.currency
        self._check_products(session, record.lines, row.currency)
        row.issued = record.issued
        row.valid_until = record.valid_until
        row.notes = record.notes.strip()
        row.follows_opportunity = record.follows_opportunity
        row.modified = utcnow()  # lines are rows of their own: a change to them alone still
        # counts as a change of the quote, so another window's stale edit is refused
        row.lines = [QuoteLine(position=i, product_id=line.product_id,
                               description=line.description.strip(), quantity=line.quantity,
                               unit_price=line.unit_price,
                               discount_percent=line.discount_percent, vat_rate=line.vat_rate)
                     for i, line in enumerate(record.lines)]
        if record.follows_opportunity:
            if row.currency != opportunity.currency:
                raise SalesError(f"The quote is in {row.currency} and the opportunity in "
                                 f"{opportunity.currency}; the opportunity can only follow a "
                                 "quote in its own currency.")
            session.flush()
            session.execute(update(Quote).where(Quote.opportunity_id == opportunity.id,
                                                Quote.id != row.id)
                            .values(follows_opportunity=False)
                            .execution_options(synchronize_session=False))
            opportunity.estimated_revenue = quote_totals(record.lines).net

    def restore_into(self, session: Session, record: QuoteRecord,
                     opportunity: Opportunity) -> Quote:
        """A quote written whole from a record (the trash, crmdesk's JSON) for
        ``opportunity``: under its id and number if free (else new ones)."""
        free = record.id is not None and session.get(Quote, record.id) is None
        row = Quote(id=record.id) if free else Quote()
        number = record.number.strip()
        if number and session.scalar(select(Quote.id).where(Quote.number == number)):
            number = ""
        session.add(row)
        self.apply(session, row, replace(record, number=number), opportunity)
        if record.created is not None:
            row.created = record.created
        return row

    @staticmethod
    def _check_products(session: Session, lines: Sequence[QuoteLineRecord],
                        currency: str) -> None:
        """One quote, one currency: refuse a line made from a product priced in another."""
        ids = {line.product_id for line in lines if line.product_id is not None}
        if not ids:
            return
        priced = {pid: theirs for pid, theirs in session.execute(
            select(Product.id, Product.currency).where(Product.id.in_(ids)))}
        problems = {}
        for n, line in enumerate(lines):
            theirs = priced.get(line.product_id) if line.product_id is not None else None
            if theirs and theirs != currency:
                problems[f"lines.{n}"] = (
                    f"Line {n + 1}: the product is priced in {theirs} and the quote is in "
                    f"{currency}; a quote has one currency. Make it a line of free text "
                    f"priced in {currency}, or make the quote in {theirs}.")
        if problems:
            raise ValidationError(problems)

    def delete(self, ids: Sequence[int]) -> int:
        """Delete quotes for good (a quote is a document of its opportunity, not a record
        of its own in the trash); how many went."""
        try:
            with self.db.writing() as session:
                return session.execute(delete(Quote).where(Quote.id.in_(list(ids)))
                                       ).rowcount or 0
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc


class ProductService:
    """``Services.products``: the small list a quote line can pick from."""

    def __init__(self, db: Database, currency: Callable[[], str],
                 region: Callable[[], str]) -> None:
        self.db = db
        self.currency = currency
        self.region = region

    def blank(self) -> ProductRecord:
        """A new product as the dialog starts it: the default currency, the region's
        standard VAT rate (25 % in Denmark)."""
        return ProductRecord(currency=self.currency(),
                             vat_rate=standard_vat_rate(self.region()))

    def list(self, *, active_only: bool = False) -> list[ProductRecord]:
        stmt = select(Product).order_by(func.lower(Product.name), Product.id)
        if active_only:
            stmt = stmt.where(Product.active)
        with self.db.sessions() as session:
            return [self.record_of(p) for p in session.scalars(stmt)]

    def get(self, product_id: int) -> ProductRecord:
        with self.db.sessions() as session:
            row = session.get(Product, product_id)
            if row is None:
                raise NotFoundError(f"Product {product_id} no longer exists.")
            return self.record_of(row)

    @staticmethod
    def record_of(row: Product) -> ProductRecord:
        return ProductRecord(row.id, row.version, row.name, row.code, row.unit_price,
                             row.currency, row.vat_rate, row.active)

    def save(self, record: ProductRecord) -> ProductRecord:
        if problems := check_product(record):
            raise ValidationError(problems)
        try:
            with self.db.writing() as session:
                if record.id is None:
                    row = Product()
                    session.add(row)
                else:
                    found = session.get(Product, record.id)
                    if found is None:
                        raise GoneError("This product was deleted meanwhile, so your edit "
                                        "was not saved.")
                    if record.version is not None and found.version != record.version:
                        raise StaleEditError(f"{record.name} was changed elsewhere since you "
                                             "opened it; open it again and redo your change.")
                    row = found
                self.apply(row, record)
                session.flush()
                product_id = row.id
        except StaleDataError as exc:
            raise StaleEditError(f"{record.name} was changed elsewhere meanwhile; open it "
                                 "again and redo your change.") from exc
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
        return self.get(product_id)

    def apply(self, row: Product, record: ProductRecord) -> None:
        row.name = record.name.strip()
        row.code = record.code.strip()
        row.unit_price = record.unit_price
        row.currency = record.currency.strip().upper() or self.currency()
        row.vat_rate = record.vat_rate
        row.active = record.active

    def lines_using(self, product_id: int) -> int:
        """How many quote lines were made from the product (a delete leaves them be)."""
        with self.db.sessions() as session:
            return session.scalar(select(func.count()).select_from(QuoteLine).where(
                QuoteLine.product_id == product_id)) or 0

    def delete(self, ids: Sequence[int]) -> int:
        """Delete products; quote lines made from them keep their description and prices."""
        try:
            with self.db.writing() as session:
                return session.execute(delete(Product).where(Product.id.in_(list(ids)))
                                       ).rowcount or 0
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
