"""import items name every kind a restore from crmdesk's JSON creates

Undo of a JSON restore takes back the leads, opportunities, quotes and activities it
created, as it does the contacts: their items need room for "opportunity" (the kind
was ten characters, which PostgreSQL enforces).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("import_item", schema=None) as batch_op:
        batch_op.alter_column("kind", existing_type=sa.String(10), type_=sa.String(20),
                              existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("import_item", schema=None) as batch_op:
        batch_op.alter_column("kind", existing_type=sa.String(20), type_=sa.String(10),
                              existing_nullable=False)
