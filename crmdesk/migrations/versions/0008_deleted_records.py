"""deleted records: a delete keeps a snapshot of each record, so it can be restored

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deleted_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deleted_record")),
    )
    with op.batch_alter_table("deleted_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deleted_record_batch"), ["batch"], unique=False)
        batch_op.create_index(batch_op.f("ix_deleted_record_deleted_at"), ["deleted_at"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("deleted_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deleted_record_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_deleted_record_batch"))
    op.drop_table("deleted_record")
