"""sort keys in the user's language, apart from the keys duplicate matching compares

``sort_name`` and ``company_sort`` were the folded name and company, which both
sorted the lists and matched duplicates; a sort key in the user's language (Ø
after Z in Danish) is no key to match "Søren" with "Soren".  The matching keys
move to ``name_key`` and ``company_key`` (copied here, as they are), ``city_sort``
sorts the city, and ``meta`` records the language the sort keys were built in;
it is empty here, so the next start rebuilds them (``services.sort_keys``).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_NEW = [("contact", "city_sort", 200), ("contact", "name_key", 300),
        ("contact", "company_key", 300), ("account", "city_sort", 200)]


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_meta")),
    )
    for table, column, length in _NEW:
        op.add_column(table, sa.Column(column, sa.String(length=length), nullable=False,
                                       server_default=""))
    op.execute("UPDATE contact SET name_key = sort_name, company_key = company_sort")
    for table, column, _ in _NEW:
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    # the older revisions sort and match by the folded keys, as they were before
    op.execute("UPDATE contact SET company_sort = company_key, sort_name = CASE "
               "WHEN name_key != '' THEN name_key WHEN company_key != '' THEN company_key "
               "ELSE lower(display_name) END")
    op.execute("UPDATE account SET sort_name = name_key")
    for table, column, _ in reversed(_NEW):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
        # not batch mode: recreating ``contact`` would drop it, and with it (by their
        # foreign keys) every phone, e-mail and address of its rows
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    op.drop_table("meta")
