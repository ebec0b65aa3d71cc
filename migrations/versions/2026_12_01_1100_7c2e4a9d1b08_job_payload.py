"""jobs.payload: what a job works on when it is too big for its JSON arguments (a long article's text).

A long pasted, uploaded or API-sent text is imported by a job (services/importing.request_text_import), so no web
worker spends seconds computing its claims; the text waits here, read only by the job that imports it.

Revision ID: 7c2e4a9d1b08
Revises: 5d1e7c0a9b3f
Create Date: 2026-12-01 11:00:00.000000+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c2e4a9d1b08'
down_revision = '5d1e7c0a9b3f'
branch_labels = None
depends_on = None


def upgrade():
    # ADD COLUMN, not a batch table copy: SQLite supports it directly.
    op.add_column('jobs', sa.Column('payload', sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table('jobs') as batch_op:
        batch_op.drop_column('payload')
