"""search text: each phone's digits reversed, so a number is found by how it ends

The derived search text (``services.derive``) now ends with one word per phone:
a private-use mark and the number's digits backwards (``phones.suffix_token``),
so that ``9358`` finds ``+44 264 4569358`` as a prefix query.  Stored text gets
those words appended, in the place and form the derivation gives them, and the
FTS5 index (SQLite) is filled again.  The schema itself does not change.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# A snapshot of the rule as of this revision (``phones.suffix_token``); a later change
# of it comes with a migration of its own.
MARK = "\ue000"
NON_DIGITS = re.compile(r"\D")
OWNERS = {"contact": "contact_id", "account": "account_id"}
FTS_TABLES = {"contact": "contact_fts", "account": "account_fts"}


def _token(number: str, e164: str) -> str:
    digits = e164[1:] if e164 else NON_DIGITS.sub("", number)
    return MARK + digits[::-1] if digits else ""


def upgrade() -> None:
    conn = op.get_bind()
    for table, owner in OWNERS.items():
        tokens: dict[int, list[str]] = {}
        for party_id, number, e164 in conn.execute(sa.text(
                f"SELECT {owner}, number, e164 FROM phone WHERE {owner} IS NOT NULL "
                f"ORDER BY {owner}, position")):
            if token := _token(number or "", e164 or ""):
                tokens.setdefault(party_id, []).append(token)
        if tokens:
            conn.execute(sa.text(f"UPDATE {table} SET search_text = TRIM(search_text || ' ' "
                                 "|| :words) WHERE id = :id"),
                         [{"id": i, "words": " ".join(t)} for i, t in tokens.items()])
        if conn.dialect.name == "sqlite":
            fts = FTS_TABLES[table]
            op.execute(f"DELETE FROM {fts}")
            op.execute(f"INSERT INTO {fts}(rowid, body) SELECT id, search_text FROM {table}")


def downgrade() -> None:
    conn = op.get_bind()
    for table in OWNERS:
        rows = conn.execute(sa.text(f"SELECT id, search_text FROM {table} "
                                    f"WHERE search_text LIKE '%{MARK}%'")).all()
        if rows:
            conn.execute(sa.text(f"UPDATE {table} SET search_text = :text WHERE id = :id"),
                         [{"id": i, "text": " ".join(w for w in text.split(" ")
                                                     if not w.startswith(MARK))}
                          for i, text in rows])
        if conn.dialect.name == "sqlite":
            fts = FTS_TABLES[table]
            op.execute(f"DELETE FROM {fts}")
            op.execute(f"INSERT INTO {fts}(rowid, body) SELECT id, search_text FROM {table}")
