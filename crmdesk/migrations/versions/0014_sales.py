"""sales: leads, opportunities, their stages, products and quotes

Money, quantities, discounts and VAT rates are BIGINT ten-thousandths (the models'
``ExactDecimal``), so totals are exact sums in SQL.  Leads and opportunities get FTS5
tables like contacts and accounts (SQLite only); the default stages are written here,
as a new database gets them from ``models.sales.DEFAULT_STAGES``.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# Snapshots as of this revision (later revisions change them with migrations of their own).
FTS_TABLES = ("lead_fts", "opportunity_fts")
DEFAULT_STAGES = (
    ("prospecting", "Prospecting", 10),
    ("qualification", "Qualification", 25),
    ("proposal", "Proposal", 50),
    ("negotiation", "Negotiation", 75),
    ("closing", "Closing", 90),
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _lead_to_opportunity_inline() -> tuple[sa.ForeignKeyConstraint, ...]:
    """A lead and the opportunity it became point at each other.  SQLite takes the
    lead's key to a table not made yet; PostgreSQL gets it once ``opportunity`` exists."""
    if not _sqlite():
        return ()
    return (sa.ForeignKeyConstraint(
        ['qualified_opportunity_id'], ['opportunity.id'],
        name=op.f('fk_lead_qualified_opportunity_id_opportunity'), ondelete='SET NULL'),)


def upgrade() -> None:
    op.create_table('product',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('code', sa.String(length=100), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('vat_rate', sa.BigInteger(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.Column('modified', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product'))
    )
    op.create_table('sales_stage',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('probability', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sales_stage'))
    )
    op.create_table('lead',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('company', sa.String(length=300), nullable=False),
    sa.Column('job_title', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=100), nullable=False),
    sa.Column('mobile', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=300), nullable=False),
    sa.Column('street', sa.Text(), nullable=False),
    sa.Column('postal_code', sa.String(length=20), nullable=False),
    sa.Column('city', sa.String(length=200), nullable=False),
    sa.Column('region', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=100), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('rating', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('disqualify_reason', sa.Text(), nullable=False),
    sa.Column('estimated_value', sa.BigInteger(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('qualified_account_id', sa.Integer(), nullable=True),
    sa.Column('qualified_contact_id', sa.Integer(), nullable=True),
    sa.Column('qualified_opportunity_id', sa.Integer(), nullable=True),
    sa.Column('display_name', sa.String(length=300), nullable=False),
    sa.Column('sort_name', sa.String(length=300), nullable=False),
    sa.Column('letter', sa.String(length=1), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.Column('modified', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['qualified_account_id'], ['account.id'], name=op.f('fk_lead_qualified_account_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['qualified_contact_id'], ['contact.id'], name=op.f('fk_lead_qualified_contact_id_contact'), ondelete='SET NULL'),
    *_lead_to_opportunity_inline(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lead'))
    )
    with op.batch_alter_table('lead', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lead_letter'), ['letter'], unique=False)
        batch_op.create_index('ix_lead_qualified_account_id', ['qualified_account_id'], unique=False, sqlite_where=sa.text('qualified_account_id IS NOT NULL'))
        batch_op.create_index('ix_lead_qualified_contact_id', ['qualified_contact_id'], unique=False, sqlite_where=sa.text('qualified_contact_id IS NOT NULL'))
        batch_op.create_index('ix_lead_qualified_opportunity_id', ['qualified_opportunity_id'], unique=False, sqlite_where=sa.text('qualified_opportunity_id IS NOT NULL'))
        batch_op.create_index(batch_op.f('ix_lead_sort_name'), ['sort_name'], unique=False)
        batch_op.create_index('ix_lead_status', ['status', 'rating'], unique=False)

    op.create_table('opportunity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=300), nullable=False),
    sa.Column('customer_kind', sa.String(length=20), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('customer_name', sa.String(length=300), nullable=False),
    sa.Column('stage', sa.String(length=40), nullable=False),
    sa.Column('probability', sa.Integer(), nullable=False),
    sa.Column('probability_overridden', sa.Boolean(), nullable=False),
    sa.Column('estimated_revenue', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('estimated_close_date', sa.Date(), nullable=True),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('actual_revenue', sa.BigInteger(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('lost_reason', sa.Text(), nullable=False),
    sa.Column('lost_to_id', sa.Integer(), nullable=True),
    sa.Column('board_position', sa.Float(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('display_name', sa.String(length=300), nullable=False),
    sa.Column('sort_name', sa.String(length=300), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.Column('modified', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['lead.id'], name=op.f('fk_opportunity_lead_id_lead'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lost_to_id'], ['account.id'], name=op.f('fk_opportunity_lost_to_id_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opportunity'))
    )
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.create_index('ix_opportunity_board', ['status', 'stage', 'board_position'], unique=False)
        batch_op.create_index('ix_opportunity_close', ['status', 'estimated_close_date'], unique=False)
        batch_op.create_index('ix_opportunity_closed', ['status', 'closed_on'], unique=False)
        batch_op.create_index('ix_opportunity_customer', ['customer_kind', 'customer_id'], unique=False)
        batch_op.create_index('ix_opportunity_lead_id', ['lead_id'], unique=False, sqlite_where=sa.text('lead_id IS NOT NULL'))
        batch_op.create_index('ix_opportunity_lost_to_id', ['lost_to_id'], unique=False, sqlite_where=sa.text('lost_to_id IS NOT NULL'))
        batch_op.create_index(batch_op.f('ix_opportunity_sort_name'), ['sort_name'], unique=False)

    if not _sqlite():
        op.create_foreign_key(op.f('fk_lead_qualified_opportunity_id_opportunity'), 'lead',
                              'opportunity', ['qualified_opportunity_id'], ['id'],
                              ondelete='SET NULL')
    op.create_table('opportunity_competitor',
    sa.Column('opportunity_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_opportunity_competitor_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunity.id'], name=op.f('fk_opportunity_competitor_opportunity_id_opportunity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('opportunity_id', 'account_id', name=op.f('pk_opportunity_competitor'))
    )
    with op.batch_alter_table('opportunity_competitor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opportunity_competitor_account_id'), ['account_id'], unique=False)

    op.create_table('quote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('opportunity_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('issued', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('follows_opportunity', sa.Boolean(), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.Column('modified', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunity.id'], name=op.f('fk_quote_opportunity_id_opportunity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quote')),
    sa.UniqueConstraint('number', name=op.f('uq_quote_number'))
    )
    with op.batch_alter_table('quote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quote_opportunity_id'), ['opportunity_id'], unique=False)

    op.create_table('quote_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quote_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('discount_percent', sa.BigInteger(), nullable=False),
    sa.Column('vat_rate', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_quote_line_product_id_product'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['quote_id'], ['quote.id'], name=op.f('fk_quote_line_quote_id_quote'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quote_line'))
    )
    with op.batch_alter_table('quote_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quote_line_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quote_line_quote_id'), ['quote_id'], unique=False)

    if op.get_bind().dialect.name == "sqlite":
        for table in FTS_TABLES:
            op.execute(f"CREATE VIRTUAL TABLE {table} USING fts5("
                       "body, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')")
    stages = sa.table("sales_stage", sa.column("key", sa.String), sa.column("title", sa.String),
                      sa.column("probability", sa.Integer), sa.column("position", sa.Integer),
                      sa.column("active", sa.Boolean))
    op.bulk_insert(stages, [
        {"key": key, "title": title, "probability": probability, "position": position,
         "active": True}
        for position, (key, title, probability) in enumerate(DEFAULT_STAGES)])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in FTS_TABLES:
            op.execute(f"DROP TABLE {table}")
    with op.batch_alter_table('quote_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quote_line_quote_id'))
        batch_op.drop_index(batch_op.f('ix_quote_line_product_id'))

    op.drop_table('quote_line')
    with op.batch_alter_table('quote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quote_opportunity_id'))

    op.drop_table('quote')
    with op.batch_alter_table('opportunity_competitor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opportunity_competitor_account_id'))

    op.drop_table('opportunity_competitor')
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opportunity_sort_name'))
        batch_op.drop_index('ix_opportunity_lost_to_id', sqlite_where=sa.text('lost_to_id IS NOT NULL'))
        batch_op.drop_index('ix_opportunity_lead_id', sqlite_where=sa.text('lead_id IS NOT NULL'))
        batch_op.drop_index('ix_opportunity_customer')
        batch_op.drop_index('ix_opportunity_closed')
        batch_op.drop_index('ix_opportunity_close')
        batch_op.drop_index('ix_opportunity_board')

    if not _sqlite():
        op.drop_constraint(op.f('fk_lead_qualified_opportunity_id_opportunity'), 'lead',
                           type_='foreignkey')
    op.drop_table('opportunity')
    with op.batch_alter_table('lead', schema=None) as batch_op:
        batch_op.drop_index('ix_lead_status')
        batch_op.drop_index(batch_op.f('ix_lead_sort_name'))
        batch_op.drop_index('ix_lead_qualified_opportunity_id', sqlite_where=sa.text('qualified_opportunity_id IS NOT NULL'))
        batch_op.drop_index('ix_lead_qualified_contact_id', sqlite_where=sa.text('qualified_contact_id IS NOT NULL'))
        batch_op.drop_index('ix_lead_qualified_account_id', sqlite_where=sa.text('qualified_account_id IS NOT NULL'))
        batch_op.drop_index(batch_op.f('ix_lead_letter'))

    op.drop_table('lead')
    op.drop_table('sales_stage')
    op.drop_table('product')
