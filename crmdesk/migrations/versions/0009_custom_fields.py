"""custom fields: a contact's labelled values that no column holds ("More fields")

Outlook's User 1-4 and the columns the importer has no field for were heaped
into the notes; they are kept one row each, in the order of the file.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "custom_field",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"],
                                name=op.f("fk_custom_field_contact_id_contact"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_field")),
    )
    with op.batch_alter_table("custom_field", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_custom_field_contact_id"), ["contact_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("custom_field", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_custom_field_contact_id"))
    op.drop_table("custom_field")
