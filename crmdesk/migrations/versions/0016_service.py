"""service and marketing: cases with their subjects and ticket counter, campaigns with
their members and responses

Cases and campaigns get FTS5 tables like leads (SQLite only).  The leads' and
opportunities' ``campaign_id`` gets an index, not a foreign key: SQLite adds one only
by copying the table, and dropping the old ``lead`` or ``opportunity`` would fire the
ON DELETE actions of the keys pointing at it (an opportunity's quotes would go), see
docs/DECISIONS.md.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# Snapshot as of this revision (later revisions change it with migrations of their own).
FTS_TABLES = ("case_fts", "campaign_fts")


def upgrade() -> None:
    op.create_table('ticket_counter',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_ticket_counter'))
    )
    op.create_table('case_subject',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['case_subject.id'], name=op.f('fk_case_subject_parent_id_case_subject'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_subject'))
    )
    with op.batch_alter_table('case_subject', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_subject_parent_id'), ['parent_id'], unique=False)

    op.create_table('service_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_number', sa.String(length=40), nullable=False),
    sa.Column('customer_kind', sa.String(length=20), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('customer_name', sa.String(length=300), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('case_type', sa.String(length=20), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('priority', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('resolved_by', sa.String(length=200), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('product', sa.String(length=300), nullable=False),
    sa.Column('serial_number', sa.String(length=100), nullable=False),
    sa.Column('follow_up', sa.Date(), nullable=True),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('display_name', sa.String(length=300), nullable=False),
    sa.Column('sort_name', sa.String(length=300), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.Column('modified', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['subject_id'], ['case_subject.id'], name=op.f('fk_service_case_subject_id_case_subject'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_case')),
    sa.UniqueConstraint('ticket_number', name=op.f('uq_service_case_ticket_number'))
    )
    with op.batch_alter_table('service_case', schema=None) as batch_op:
        batch_op.create_index('ix_service_case_customer', ['customer_kind', 'customer_id'], unique=False)
        batch_op.create_index('ix_service_case_follow_up', ['status', 'follow_up'], unique=False)
        batch_op.create_index('ix_service_case_open', ['status', 'priority', 'created'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_case_sort_name'), ['sort_name'], unique=False)
        batch_op.create_index('ix_service_case_subject_id', ['subject_id'], unique=False, sqlite_where=sa.text('subject_id IS NOT NULL'))

    op.create_table('campaign',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('campaign_type', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('budget', sa.BigInteger(), nullable=True),
    sa.Column('actual_cost', sa.BigInteger(), nullable=True),
    sa.Column('expected_revenue', sa.BigInteger(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('expected_response_rate', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('display_name', sa.String(length=300), nullable=False),
    sa.Column('sort_name', sa.String(length=300), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.Column('modified', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign'))
    )
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.create_index('ix_campaign_running', ['status', 'start_date', 'end_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_sort_name'), ['sort_name'], unique=False)

    op.create_table('campaign_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('member_kind', sa.String(length=20), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('member_name', sa.String(length=300), nullable=False),
    sa.Column('added', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_member_campaign_id_campaign'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_member')),
    sa.UniqueConstraint('campaign_id', 'member_kind', 'member_id', name=op.f('uq_campaign_member_campaign_id'))
    )
    with op.batch_alter_table('campaign_member', schema=None) as batch_op:
        batch_op.create_index('ix_campaign_member_member', ['member_kind', 'member_id'], unique=False)

    op.create_table('campaign_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('responded_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_response_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lead_id'], ['lead.id'], name=op.f('fk_campaign_response_lead_id_lead'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['campaign_member.id'], name=op.f('fk_campaign_response_member_id_campaign_member'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_response'))
    )
    with op.batch_alter_table('campaign_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_response_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index('ix_campaign_response_lead_id', ['lead_id'], unique=False, sqlite_where=sa.text('lead_id IS NOT NULL'))
        batch_op.create_index('ix_campaign_response_member_id', ['member_id'], unique=False, sqlite_where=sa.text('member_id IS NOT NULL'))

    op.create_index('ix_lead_campaign_id', 'lead', ['campaign_id'], unique=False,
                    sqlite_where=sa.text('campaign_id IS NOT NULL'))
    op.create_index('ix_opportunity_campaign_id', 'opportunity', ['campaign_id'],
                    unique=False, sqlite_where=sa.text('campaign_id IS NOT NULL'))
    if op.get_bind().dialect.name == "sqlite":
        for table in FTS_TABLES:
            op.execute(f"CREATE VIRTUAL TABLE {table} USING fts5("
                       "body, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in FTS_TABLES:
            op.execute(f"DROP TABLE {table}")
    op.drop_index('ix_opportunity_campaign_id', 'opportunity',
                  sqlite_where=sa.text('campaign_id IS NOT NULL'))
    op.drop_index('ix_lead_campaign_id', 'lead', sqlite_where=sa.text('campaign_id IS NOT NULL'))
    op.drop_table('campaign_response')
    op.drop_table('campaign_member')
    op.drop_table('campaign')
    op.drop_table('service_case')
    op.drop_table('case_subject')
    op.drop_table('ticket_counter')
