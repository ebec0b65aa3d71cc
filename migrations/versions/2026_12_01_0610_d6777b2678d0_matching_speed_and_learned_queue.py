"""Matching at scale and the learned queue: full-text vocabularies on SQLite, stored ranker scores per claim.

SQLite: `fts5vocab` tables over claims_fts and external_checks_fts give each stemmed word's document frequency,
so "previously checked" searches only for a query's rarest words (PostgreSQL reads the same from the lexeme
statistics ANALYZE keeps for the tsvector columns: nothing to create there). Like the FTS5 tables, they are not
part of the models' metadata; env.py's include_name already leaves tables named claims_fts* and
external_checks_fts* alone.
`claim_scores`: a learned ranker's score of each claim, written in bulk when the model is trained, read by the
queue's score sort.

Revision ID: d6777b2678d0
Revises: 47301c1442ac
Create Date: 2026-12-01 06:10:00+00:00

"""
from alembic import op
import sqlalchemy as sa

revision = 'd6777b2678d0'
down_revision = '47301c1442ac'
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE claims_fts_vocab USING fts5vocab(claims_fts, row)",
    "CREATE VIRTUAL TABLE external_checks_fts_vocab USING fts5vocab(external_checks_fts, row)",
]
SQLITE_DOWN = [
    "DROP TABLE IF EXISTS external_checks_fts_vocab",
    "DROP TABLE IF EXISTS claims_fts_vocab",
]


def upgrade():
    op.create_table('claim_scores',
    sa.Column('model_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Double(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_scores_claim_id_claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['model_id'], ['ranker_models.id'], name=op.f('fk_claim_scores_model_id_ranker_models'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('model_id', 'claim_id', name=op.f('pk_claim_scores'))
    )
    with op.batch_alter_table('claim_scores', schema=None) as batch_op:
        batch_op.create_index('ix_claim_scores_model_score', ['model_id', 'score'], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    with op.batch_alter_table('claim_scores', schema=None) as batch_op:
        batch_op.drop_index('ix_claim_scores_model_score')
    op.drop_table('claim_scores')
