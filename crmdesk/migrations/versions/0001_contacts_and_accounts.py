"""contacts and accounts

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('name_key', sa.String(length=300), nullable=False),
    sa.Column('account_number', sa.String(length=100), nullable=False),
    sa.Column('industry', sa.String(length=200), nullable=False),
    sa.Column('website', sa.String(length=500), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('relationships', sa.String(length=200), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('primary_contact_id', sa.Integer(), nullable=True),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.Column('modified', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('display_name', sa.String(length=300), nullable=False),
    sa.Column('sort_name', sa.String(length=300), nullable=False),
    sa.Column('letter', sa.String(length=1), nullable=False),
    sa.Column('main_phone', sa.String(length=100), nullable=False),
    sa.Column('main_email', sa.String(length=300), nullable=False),
    sa.Column('city', sa.String(length=200), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['account.id'], name=op.f('fk_account_parent_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['primary_contact_id'], ['contact.id'], name=op.f('fk_account_primary_contact_id_contact'), ondelete='SET NULL', use_alter=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account'))
    )
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_letter'), ['letter'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_name_key'), ['name_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_primary_contact_id'), ['primary_contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_sort_name'), ['sort_name'], unique=False)

    op.create_table('category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_category')),
    sa.UniqueConstraint('key', name=op.f('uq_category_key'))
    )
    op.create_table('account_category',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_account_category_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_account_category_category_id_category'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'category_id', name=op.f('pk_account_category'))
    )
    op.create_table('contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('prefix', sa.String(length=50), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('middle_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('suffix', sa.String(length=50), nullable=False),
    sa.Column('nickname', sa.String(length=100), nullable=False),
    sa.Column('job_title', sa.String(length=200), nullable=False),
    sa.Column('department', sa.String(length=200), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('birthday', sa.Date(), nullable=True),
    sa.Column('website', sa.String(length=500), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('relationships', sa.String(length=200), nullable=False),
    sa.Column('uid', sa.String(length=300), nullable=False),
    sa.Column('company_sort', sa.String(length=300), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.Column('modified', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('display_name', sa.String(length=300), nullable=False),
    sa.Column('sort_name', sa.String(length=300), nullable=False),
    sa.Column('letter', sa.String(length=1), nullable=False),
    sa.Column('main_phone', sa.String(length=100), nullable=False),
    sa.Column('main_email', sa.String(length=300), nullable=False),
    sa.Column('city', sa.String(length=200), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_contact_account_id_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact'))
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_company_sort'), ['company_sort'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_letter'), ['letter'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_sort_name'), ['sort_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_uid'), ['uid'], unique=False)

    op.create_table('address',
    sa.Column('street', sa.Text(), nullable=False),
    sa.Column('postcode', sa.String(length=20), nullable=False),
    sa.Column('city', sa.String(length=200), nullable=False),
    sa.Column('region', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=100), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=False),
    sa.CheckConstraint('(contact_id IS NULL) <> (account_id IS NULL)', name=op.f('ck_address_one_owner')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_address_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_address_contact_id_contact'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_address'))
    )
    with op.batch_alter_table('address', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_address_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_address_contact_id'), ['contact_id'], unique=False)

    op.create_table('contact_category',
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_contact_category_category_id_category'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_contact_category_contact_id_contact'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('contact_id', 'category_id', name=op.f('pk_contact_category'))
    )
    op.create_table('email',
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('address_key', sa.String(length=300), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=False),
    sa.CheckConstraint('(contact_id IS NULL) <> (account_id IS NULL)', name=op.f('ck_email_one_owner')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_email_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_email_contact_id_contact'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_email'))
    )
    with op.batch_alter_table('email', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_email_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_email_address_key'), ['address_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_email_contact_id'), ['contact_id'], unique=False)

    op.create_table('phone',
    sa.Column('number', sa.String(length=100), nullable=False),
    sa.Column('e164', sa.String(length=20), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=False),
    sa.CheckConstraint('(contact_id IS NULL) <> (account_id IS NULL)', name=op.f('ck_phone_one_owner')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_phone_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_phone_contact_id_contact'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone'))
    )
    with op.batch_alter_table('phone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phone_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_phone_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_phone_e164'), ['e164'], unique=False)

    op.create_table('photo',
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('mime', sa.String(length=50), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_photo_contact_id_contact'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('contact_id', name=op.f('pk_photo'))
    )


def downgrade() -> None:
    op.drop_table('photo')
    with op.batch_alter_table('phone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phone_e164'))
        batch_op.drop_index(batch_op.f('ix_phone_contact_id'))
        batch_op.drop_index(batch_op.f('ix_phone_account_id'))

    op.drop_table('phone')
    with op.batch_alter_table('email', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_email_contact_id'))
        batch_op.drop_index(batch_op.f('ix_email_address_key'))
        batch_op.drop_index(batch_op.f('ix_email_account_id'))

    op.drop_table('email')
    op.drop_table('contact_category')
    with op.batch_alter_table('address', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_address_contact_id'))
        batch_op.drop_index(batch_op.f('ix_address_account_id'))

    op.drop_table('address')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_uid'))
        batch_op.drop_index(batch_op.f('ix_contact_sort_name'))
        batch_op.drop_index(batch_op.f('ix_contact_letter'))
        batch_op.drop_index(batch_op.f('ix_contact_company_sort'))
        batch_op.drop_index(batch_op.f('ix_contact_account_id'))

    op.drop_table('contact')
    op.drop_table('account_category')
    op.drop_table('category')
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_sort_name'))
        batch_op.drop_index(batch_op.f('ix_account_primary_contact_id'))
        batch_op.drop_index(batch_op.f('ix_account_parent_id'))
        batch_op.drop_index(batch_op.f('ix_account_name_key'))
        batch_op.drop_index(batch_op.f('ix_account_letter'))

    op.drop_table('account')
