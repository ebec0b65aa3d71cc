"""Sources beyond web pages, claim tags and due dates (issue 12, sections 2 and 3).

- sources.kind: web (fetched from its URL, every existing row), document (uploaded PDF, HTML or text) or person
  (interview, phone call, e-mail: person, organisation, contacted_on, method); file_name for documents.
- claim_tags: the desk's topics, several per claim (lower-case), for the queue's filter.
- claims.due_on: when the desk wants the check done.

Revision ID: 47301c1442ac
Revises: 5f1a7c3d9e21
Create Date: 2026-12-01 07:19:03.088734+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '47301c1442ac'
down_revision = '5f1a7c3d9e21'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('claim_tags',
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_tags_claim_id_claims'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('claim_id', 'tag', name=op.f('pk_claim_tags'))
    )
    with op.batch_alter_table('claim_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_tags_tag'), ['tag'], unique=False)

    # claims: plain ALTERs, never a batch copy of the table (on SQLite that would drop the claims_fts triggers).
    op.add_column('claims', sa.Column('due_on', sa.Date(), nullable=True))
    op.create_index(op.f('ix_claims_due_on'), 'claims', ['due_on'], unique=False)

    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=16), nullable=False, server_default='web'))
        batch_op.add_column(sa.Column('file_name', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('person', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('organisation', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('contacted_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('method', sa.String(length=16), nullable=True))



def downgrade():
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_column('method')
        batch_op.drop_column('contacted_on')
        batch_op.drop_column('organisation')
        batch_op.drop_column('person')
        batch_op.drop_column('file_name')
        batch_op.drop_column('kind')

    op.drop_index(op.f('ix_claims_due_on'), table_name='claims')
    op.drop_column('claims', 'due_on')  # SQLite 3.35+ drops a column in place, keeping the claims_fts triggers

    with op.batch_alter_table('claim_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_tags_tag'))

    op.drop_table('claim_tags')
