"""dashboard indexes: the opportunities' close indexes hold what the dashboard's sums
read, and one more does for the pipeline's totals, so none looks a row up

At 50,000 opportunities: won and lost by month 60 -> 5 ms, the forecast 37 -> 4.5 ms,
the pipeline's totals 27 -> 3.3 ms (benchmarks/bench_service.py).  Its own revision
after 0016, which databases made while issue 16 was built already have.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_opportunity_close', table_name='opportunity')
    op.drop_index('ix_opportunity_closed', table_name='opportunity')
    op.create_index('ix_opportunity_close', 'opportunity', ['status', 'estimated_close_date', 'currency', 'estimated_revenue', 'probability'], unique=False)
    op.create_index('ix_opportunity_closed', 'opportunity', ['status', 'closed_on', 'currency', 'actual_revenue', 'estimated_revenue'], unique=False)
    op.create_index('ix_opportunity_totals', 'opportunity', ['status', 'stage', 'currency', 'estimated_revenue', 'probability'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_opportunity_totals', table_name='opportunity')
    op.drop_index('ix_opportunity_closed', table_name='opportunity')
    op.drop_index('ix_opportunity_close', table_name='opportunity')
    op.create_index('ix_opportunity_close', 'opportunity', ['status', 'estimated_close_date'], unique=False)
    op.create_index('ix_opportunity_closed', 'opportunity', ['status', 'closed_on'], unique=False)
