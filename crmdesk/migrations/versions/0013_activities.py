"""activities: appointments, tasks, calls and notes, regarding a record of any kind

One row per activity; a recurring series is one row with its RFC 5545 rule, a
changed occurrence one more row keyed by its original start.  Participants
keep the name and e-mail they came with, so a deleted contact leaves them
readable (its id goes NULL).

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=300), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("location", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("all_day", sa.Boolean(), nullable=False),
        sa.Column("tzid", sa.String(length=100), nullable=False),
        sa.Column("start_local", sa.DateTime(), nullable=False),
        sa.Column("end_local", sa.DateTime(), nullable=False),
        sa.Column("start_utc", sa.DateTime(), nullable=False),
        sa.Column("last_end_utc", sa.DateTime(), nullable=True),
        sa.Column("long_range", sa.Boolean(), nullable=False),
        sa.Column("rrule", sa.Text(), nullable=False),
        sa.Column("rdates", sa.Text(), nullable=False),
        sa.Column("exdates", sa.Text(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("recurrence_id", sa.DateTime(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("percent_complete", sa.Integer(), nullable=False),
        sa.Column("completed_utc", sa.DateTime(), nullable=True),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("phone_number", sa.String(length=100), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=200), nullable=False),
        sa.Column("reminder_minutes", sa.Integer(), nullable=True),
        sa.Column("reminded_until_utc", sa.DateTime(), nullable=True),
        sa.Column("snoozed_until_utc", sa.DateTime(), nullable=True),
        sa.Column("regarding_kind", sa.String(length=20), nullable=False),
        sa.Column("regarding_id", sa.Integer(), nullable=True),
        sa.Column("regarding_name", sa.String(length=300), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("modified", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["activity.id"],
            name=op.f("fk_activity_series_id_activity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index("ix_activity_long", ["long_range", "start_utc"], unique=False)
        batch_op.create_index(
            "ix_activity_regarding", ["regarding_kind", "regarding_id"], unique=False
        )
        batch_op.create_index(
            "ix_activity_series_id",
            ["series_id"],
            unique=False,
            sqlite_where=sa.text("series_id IS NOT NULL"),
        )
        batch_op.create_index("ix_activity_start", ["start_utc"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_uid"), ["uid"], unique=False)

    op.create_table(
        "activity_category",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_category_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["category.id"],
            name=op.f("fk_activity_category_category_id_category"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", "category_id", name=op.f("pk_activity_category")),
    )
    op.create_table(
        "activity_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("email", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_activity_participant_account_id_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_participant_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_activity_participant_contact_id_contact"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_participant")),
    )
    with op.batch_alter_table("activity_participant", schema=None) as batch_op:
        batch_op.create_index(
            "ix_activity_participant_account_id",
            ["account_id"],
            unique=False,
            sqlite_where=sa.text("account_id IS NOT NULL"),
        )
        batch_op.create_index(
            batch_op.f("ix_activity_participant_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(
            "ix_activity_participant_contact_id",
            ["contact_id"],
            unique=False,
            sqlite_where=sa.text("contact_id IS NOT NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("activity_participant", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_activity_participant_contact_id", sqlite_where=sa.text("contact_id IS NOT NULL")
        )
        batch_op.drop_index(batch_op.f("ix_activity_participant_activity_id"))
        batch_op.drop_index(
            "ix_activity_participant_account_id", sqlite_where=sa.text("account_id IS NOT NULL")
        )

    op.drop_table("activity_participant")
    op.drop_table("activity_category")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_uid"))
        batch_op.drop_index("ix_activity_start")
        batch_op.drop_index("ix_activity_series_id", sqlite_where=sa.text("series_id IS NOT NULL"))
        batch_op.drop_index("ix_activity_regarding")
        batch_op.drop_index("ix_activity_long")

    op.drop_table("activity")
