"""Events across articles: `events`, each article's `event_mentions` of them, and the `event_conflicts` between
mentions (models/event.py). The tables start empty: `flask events rebuild` computes the events of the articles
an existing database holds.

Revision ID: af1bbef8f6f9
Revises: 52c01515ffa0
Create Date: 2026-12-01 05:28:32.555627+00:00

"""
from alembic import op
import sqlalchemy as sa

revision = 'af1bbef8f6f9'
down_revision = '52c01515ffa0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('what', sa.String(length=40), nullable=False),
    sa.Column('kind_group', sa.String(length=40), nullable=False),
    sa.Column('participants', sa.JSON(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('date', sa.String(length=10), nullable=True),
    sa.Column('precision', sa.String(length=8), nullable=True),
    sa.Column('date_from', sa.Date(), nullable=True),
    sa.Column('date_to', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('qualifier', sa.String(length=16), nullable=True),
    sa.Column('topic', sa.String(length=200), nullable=True),
    sa.Column('search', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_date_from'), ['date_from'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_kind_group'), ['kind_group'], unique=False)

    op.create_table('event_mentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('claim_start', sa.Integer(), nullable=False),
    sa.Column('claim_end', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('trigger', sa.String(length=200), nullable=False),
    sa.Column('what', sa.String(length=40), nullable=True),
    sa.Column('participants', sa.JSON(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('place_start', sa.Integer(), nullable=True),
    sa.Column('place_end', sa.Integer(), nullable=True),
    sa.Column('date', sa.String(length=10), nullable=True),
    sa.Column('precision', sa.String(length=8), nullable=True),
    sa.Column('date_words', sa.String(length=200), nullable=True),
    sa.Column('date_start', sa.Integer(), nullable=True),
    sa.Column('date_end', sa.Integer(), nullable=True),
    sa.Column('date_basis', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('words', sa.String(length=300), nullable=False),
    sa.Column('phrases', sa.JSON(), nullable=False),
    sa.Column('qualifier', sa.String(length=16), nullable=True),
    sa.Column('topic', sa.String(length=200), nullable=True),
    sa.Column('manual', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_event_mentions_article_id_articles')),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_event_mentions_claim_id_claims')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_mentions_event_id_events')),
    sa.ForeignKeyConstraint(['revision_id'], ['article_revisions.id'], name=op.f('fk_event_mentions_revision_id_article_revisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_mentions'))
    )
    with op.batch_alter_table('event_mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_mentions_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_mentions_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_mentions_event_id'), ['event_id'], unique=False)

    op.create_table('event_conflicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('detail', sa.String(length=300), nullable=False),
    sa.Column('a_mention_id', sa.Integer(), nullable=False),
    sa.Column('b_mention_id', sa.Integer(), nullable=False),
    sa.Column('a', sa.JSON(), nullable=False),
    sa.Column('b', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['a_mention_id'], ['event_mentions.id'], name=op.f('fk_event_conflicts_a_mention_id_event_mentions')),
    sa.ForeignKeyConstraint(['b_mention_id'], ['event_mentions.id'], name=op.f('fk_event_conflicts_b_mention_id_event_mentions')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_conflicts_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_conflicts'))
    )
    with op.batch_alter_table('event_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_conflicts_a_mention_id'), ['a_mention_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_conflicts_b_mention_id'), ['b_mention_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_conflicts_event_id'), ['event_id'], unique=False)



def downgrade():
    with op.batch_alter_table('event_conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_conflicts_event_id'))
        batch_op.drop_index(batch_op.f('ix_event_conflicts_b_mention_id'))
        batch_op.drop_index(batch_op.f('ix_event_conflicts_a_mention_id'))

    op.drop_table('event_conflicts')
    with op.batch_alter_table('event_mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_mentions_event_id'))
        batch_op.drop_index(batch_op.f('ix_event_mentions_claim_id'))
        batch_op.drop_index(batch_op.f('ix_event_mentions_article_id'))

    op.drop_table('event_mentions')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_kind_group'))
        batch_op.drop_index(batch_op.f('ix_events_date_from'))

    op.drop_table('events')
