"""Monitored outlets: feeds, the items their polls imported, and the claims found in them (models/feed.py).

Revision ID: 7c4f2a9e1b60
Revises: 7c4e2a9b1d05
Create Date: 2026-12-01 10:44:54.748525+00:00

"""
from alembic import op
import sqlalchemy as sa

revision = '7c4f2a9e1b60'
down_revision = '7c4e2a9b1d05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('feeds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('outlet', sa.String(length=200), nullable=False),
    sa.Column('poll_minutes', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('etag', sa.String(length=300), nullable=True),
    sa.Column('last_modified', sa.String(length=100), nullable=True),
    sa.Column('next_poll_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_polled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_success_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('error_count', sa.Integer(), nullable=False),
    sa.Column('items_imported', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_feeds_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feeds')),
    sa.UniqueConstraint('url', name=op.f('uq_feeds_url'))
    )
    with op.batch_alter_table('feeds', schema=None) as batch_op:
        batch_op.create_index('ix_feeds_due', ['active', 'next_poll_at'], unique=False)

    op.create_table('feed_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feed_id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=500), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('from_feed_text', sa.Boolean(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_feed_items_article_id_articles')),
    sa.ForeignKeyConstraint(['feed_id'], ['feeds.id'], name=op.f('fk_feed_items_feed_id_feeds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_items')),
    sa.UniqueConstraint('feed_id', 'guid', name=op.f('uq_feed_items_feed_id_guid'))
    )
    with op.batch_alter_table('feed_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_items_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feed_items_url'), ['url'], unique=False)

    op.create_table('monitored_claims',
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('feed_id', sa.Integer(), nullable=False),
    sa.Column('checked', sa.Boolean(), nullable=False),
    sa.Column('checkworthiness', sa.Double(), nullable=False),
    sa.Column('matched_claim_id', sa.Integer(), nullable=True),
    sa.Column('external_check_id', sa.Integer(), nullable=True),
    sa.Column('match_score', sa.Double(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_monitored_claims_claim_id_claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['external_check_id'], ['external_checks.id'], name=op.f('fk_monitored_claims_external_check_id_external_checks'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['feed_id'], ['feeds.id'], name=op.f('fk_monitored_claims_feed_id_feeds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['matched_claim_id'], ['claims.id'], name=op.f('fk_monitored_claims_matched_claim_id_claims'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('claim_id', name=op.f('pk_monitored_claims'))
    )
    with op.batch_alter_table('monitored_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitored_claims_feed_id'), ['feed_id'], unique=False)
        batch_op.create_index('ix_monitored_claims_order', ['checked', 'checkworthiness', 'claim_id'], unique=False)



def downgrade():
    with op.batch_alter_table('monitored_claims', schema=None) as batch_op:
        batch_op.drop_index('ix_monitored_claims_order')
        batch_op.drop_index(batch_op.f('ix_monitored_claims_feed_id'))

    op.drop_table('monitored_claims')
    with op.batch_alter_table('feed_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_items_url'))
        batch_op.drop_index(batch_op.f('ix_feed_items_article_id'))

    op.drop_table('feed_items')
    with op.batch_alter_table('feeds', schema=None) as batch_op:
        batch_op.drop_index('ix_feeds_due')

    op.drop_table('feeds')
