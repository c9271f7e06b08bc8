"""sparse indexes: owner, parent and UID columns index only the rows where they are set

A contact's phones, e-mails and addresses have no account (and an account's no
contact), most accounts have no parent and no primary contact, and contacts from
CSV files have no UID: those NULL and empty index entries cost every bulk import
its inserts and were never looked up.  SQLite only, as the models declare them
(``models.base.sparse_index``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_SPARSE = [(table, column) for table in ("phone", "email", "address")
           for column in ("contact_id", "account_id")]
_SPARSE += [("account", "parent_id"), ("account", "primary_contact_id")]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, column in _SPARSE:
        name = f"ix_{table}_{column}"
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [column], sqlite_where=sa.text(f"{column} IS NOT NULL"))
    op.drop_index("ix_contact_uid", table_name="contact")
    op.create_index("ix_contact_uid", "contact", ["uid"], sqlite_where=sa.text("uid != ''"))


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, column in [*_SPARSE, ("contact", "uid")]:
        name = f"ix_{table}_{column}"
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [column])
