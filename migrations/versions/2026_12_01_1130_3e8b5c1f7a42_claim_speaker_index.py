"""An index on claims.speaker: the queue's speaker filter lists the distinct speakers by walking it
(services/claim_details.speaker_choices), one seek per name instead of reading every claim.

Revision ID: 3e8b5c1f7a42
Revises: 7c2e4a9d1b08
Create Date: 2026-12-01 11:30:00.000000+00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '3e8b5c1f7a42'
down_revision = '7c2e4a9d1b08'
branch_labels = None
depends_on = None


def upgrade():
    # CREATE INDEX, not a batch table copy: the claims_fts triggers stay.
    op.create_index('ix_claims_speaker', 'claims', ['speaker'])


def downgrade():
    op.drop_index('ix_claims_speaker', table_name='claims')
