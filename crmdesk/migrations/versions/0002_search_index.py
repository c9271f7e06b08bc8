"""search index: FTS5 tables over the folded search text (SQLite only)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

Other databases search the ``search_text`` column directly (see
crmdesk.services.search_index), so this revision does nothing for them.
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


# A snapshot of the index definition as of this revision; later revisions
# change it with migrations of their own, never by editing this one.
FTS_TABLES = {"contact_fts": "contact", "account_fts": "account"}


def fts_create_sql(table: str) -> str:
    return (
        f"CREATE VIRTUAL TABLE {table} USING fts5("
        "body, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, source in FTS_TABLES.items():
        op.execute(fts_create_sql(table))
        op.execute(f"INSERT INTO {table}(rowid, body) SELECT id, search_text FROM {source}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in FTS_TABLES:
        op.execute(f"DROP TABLE {table}")
