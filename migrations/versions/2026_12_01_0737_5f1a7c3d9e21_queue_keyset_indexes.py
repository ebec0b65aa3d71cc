"""Indexes for the workbench at 100,000 claims: the queue's keyset orders and the workbench home.

- claims: (checkworthiness, id), (article_id, start, id), (created_at, id) and (kind, created_at, id), one per
  keyset order of the queue (services/queue.py SORT_KEYS) plus the due predictions; they replace the
  single-column indexes on checkworthiness, article_id, created_at and kind (their first columns).
- PostgreSQL: multi-column statistics on claims (kind, revisit_on). Only predictions have revisit dates; without
  them the planner multiplies the two selectivities, expects a few hundred due predictions where there are
  thousands, and sorts them all instead of walking (kind, created_at, id): 65 ms -> 0.3 ms at 100,000 claims.
- articles: (created_at, id) for the recent articles of the workbench home, (outlet) for the queue's outlet
  choices.

Revision ID: 5f1a7c3d9e21
Revises: 2aeefd7a442c
Create Date: 2026-12-01 07:37:00.000000+00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5f1a7c3d9e21'
down_revision = '2aeefd7a442c'
branch_labels = None
depends_on = None

NEW = {
    'ix_claims_score_order': ('claims', ['checkworthiness', 'id']),
    'ix_claims_position_order': ('claims', ['article_id', 'start', 'id']),
    'ix_claims_age_order': ('claims', ['created_at', 'id']),
    'ix_claims_kind_age_order': ('claims', ['kind', 'created_at', 'id']),
    'ix_articles_newest': ('articles', ['created_at', 'id']),
    'ix_articles_outlet': ('articles', ['outlet']),
}
REPLACED = {
    'ix_claims_checkworthiness': ['checkworthiness'],
    'ix_claims_article_id': ['article_id'],
    'ix_claims_created_at': ['created_at'],
    'ix_claims_kind': ['kind'],
}


def upgrade():
    for name, (table, columns) in NEW.items():
        op.create_index(name, table, columns, unique=False)
    for name in REPLACED:
        op.drop_index(name, table_name='claims')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE STATISTICS claims_kind_revisit (mcv) ON kind, revisit_on FROM claims')


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP STATISTICS IF EXISTS claims_kind_revisit')
    for name, columns in REPLACED.items():
        op.create_index(name, 'claims', columns, unique=False)
    for name, (table, _columns) in NEW.items():
        op.drop_index(name, table_name=table)
