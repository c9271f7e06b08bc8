"""import items keep what a merge added, and how many versions their writes moved

Undo of a merge took the whole contact back to a snapshot from before the merge,
which, undone out of order, brought back or threw away other imports' data.  A
merge now keeps only what it added (``added``), and its item counts the versions
its own writes (the merge, and later its undo) moved the contact (``moved``).
Existing items keep their ``before`` snapshot and undo from it, as they did.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("import_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("added", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("moved", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("import_item", schema=None) as batch_op:
        batch_op.drop_column("moved")
        batch_op.drop_column("added")
