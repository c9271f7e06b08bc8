"""The stages of the pipeline, as the user keeps them in Settings."""

from __future__ import annotations

import re

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DBAPIError

from crmdesk.db import Database
from crmdesk.errors import DatabaseBusy
from crmdesk.models import Opportunity, SalesStage
from crmdesk.records import OpportunityStatus, StageRecord
from crmdesk.services import folding
from crmdesk.services.errors import SalesError, storage_error


def stage_key(title: str, taken: set[str]) -> str:
    """A key for a new stage from its title ("Demo given" -> "demo_given"), not one of
    ``taken``."""
    base = re.sub(r"[^a-z0-9]+", "_", folding.sort_key(title)).strip("_")[:30] or "stage"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


class SalesStages:
    """``Services.stages``: the stages in order, and saving the list Settings edited."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self, *, active_only: bool = False) -> list[StageRecord]:
        """Every stage in order (only those in use with ``active_only``: the board's
        columns and the stages a dialog offers)."""
        stmt = select(SalesStage).order_by(SalesStage.position, SalesStage.key)
        if active_only:
            stmt = stmt.where(SalesStage.active)
        with self.db.sessions() as session:
            return [StageRecord(s.title, s.probability, s.key, s.active)
                    for s in session.scalars(stmt)]

    def titles(self) -> dict[str, str]:
        """Stage key -> title, for every stage (a closed opportunity's may be inactive)."""
        return {s.key: s.title for s in self.list()}

    def save(self, stages: list[StageRecord]) -> list[StageRecord]:
        """Store the list as the stages, in its order.  Open opportunities in a stage whose
        probability changed follow it (unless overridden); a stage left out that an
        opportunity is in is refused (make it inactive instead)."""
        self._check(stages)
        try:
            with self.db.writing() as session:
                stored = {s.key: s for s in session.scalars(select(SalesStage))}
                keys: list[str] = []
                for position, record in enumerate(stages):
                    key = record.key or stage_key(record.title, set(stored) | set(keys))
                    keys.append(key)
                    row = stored.get(key)
                    if row is None:
                        row = SalesStage(key=key)
                        session.add(row)
                    elif row.probability != record.probability:
                        session.execute(update(Opportunity).where(
                            Opportunity.stage == key, Opportunity.status == OpportunityStatus.OPEN,
                            Opportunity.probability_overridden.is_(False))
                            .values(probability=record.probability)
                            .execution_options(synchronize_session=False))
                    row.title = record.title.strip()
                    row.probability = record.probability
                    row.position = position
                    row.active = record.active
                if left := [k for k in stored if k not in keys]:
                    used = session.execute(
                        select(Opportunity.stage, func.count()).where(
                            Opportunity.stage.in_(left)).group_by(Opportunity.stage)).first()
                    if used is not None:
                        raise SalesError(
                            f"{used[1]} opportunities are in the stage “{stored[used[0]].title}”;"
                            " make it inactive instead of removing it.")
                    session.execute(delete(SalesStage).where(SalesStage.key.in_(left)))
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
        return self.list()

    @staticmethod
    def _check(stages: list[StageRecord]) -> None:
        if not any(s.active for s in stages):
            raise SalesError("Keep at least one stage in use.")
        seen: set[str] = set()
        for s in stages:
            if not s.title.strip():
                raise SalesError("Every stage needs a title.")
            if not 0 <= s.probability <= 100:
                raise SalesError(f"The probability of “{s.title}” is a whole number from 0 "
                                 "to 100 (%).")
            folded = folding.sort_key(s.title)
            if folded in seen:
                raise SalesError(f"There are two stages called “{s.title.strip()}”.")
            seen.add(folded)

