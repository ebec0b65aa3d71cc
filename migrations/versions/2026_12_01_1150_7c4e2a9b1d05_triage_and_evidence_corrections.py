"""Nothing unverified reaches readers (issue 12 section 1).

- claims.triage: the desk's decision on a claim (suggested | accepted | dismissed), apart from its review
  workflow. It replaces the `dismissed` status: existing claims with a verdict become accepted, dismissed ones
  dismissed (their status goes back to in_review when assigned, else new, as a restore did), the rest suggested.
  Added without batch on SQLite (a batch recreates `claims` and drops the claims_fts triggers).
- evidence.unfound: what readers see of a passage not found in the archived copy (summary | omit).
- evidence.superseded_at / superseded_by_id / superseded_reason: corrections are appended, never rewritten.

Revision ID: 7c4e2a9b1d05
Revises: 7c4e2a9d1b6f
Create Date: 2026-12-01 11:00:00.000000+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c4e2a9b1d05'
down_revision = '7c4e2a9d1b6f'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('claims', sa.Column('triage', sa.String(length=16), nullable=False, server_default='suggested'))
    op.execute(
        "UPDATE claims SET triage = 'dismissed', "
        "status = CASE WHEN assignee_id IS NULL THEN 'new' ELSE 'in_review' END WHERE status = 'dismissed'"
    )
    op.execute(
        "UPDATE claims SET triage = 'accepted' WHERE triage = 'suggested' "
        "AND EXISTS (SELECT 1 FROM verdicts WHERE verdicts.claim_id = claims.id)"
    )
    op.create_index('ix_claims_triage', 'claims', ['triage'], unique=False)
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unfound', sa.String(length=8), nullable=False, server_default='summary'))
        batch_op.add_column(sa.Column('superseded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('superseded_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('superseded_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.create_foreign_key(
            batch_op.f('fk_evidence_superseded_by_id_evidence'), 'evidence', ['superseded_by_id'], ['id']
        )


def downgrade():
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_evidence_superseded_by_id_evidence'), type_='foreignkey')
        batch_op.drop_column('superseded_reason')
        batch_op.drop_column('superseded_by_id')
        batch_op.drop_column('superseded_at')
        batch_op.drop_column('unfound')
    op.execute("UPDATE claims SET status = 'dismissed' WHERE triage = 'dismissed'")
    op.drop_index('ix_claims_triage', table_name='claims')
    op.drop_column('claims', 'triage')
