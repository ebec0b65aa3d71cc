"""The editor's desk and the team in the browser.

- account_links: one-time links (invitation, password reset) that set an account's password; only hashes kept.
- notifications: each person's inbox (assigned, returned, approved, mentioned, reader request).
- article_revisions.text_key: a hash of the text's words (case, punctuation and spacing ignored), so an import
  of an article already in the workbench is flagged; filled here for existing revisions.
- Full-text search on article texts, for the readers' search of published versions (services/search.py).
  SQLite: an external-content FTS5 table over article_revisions.text (revisions are never updated: insert and
  delete triggers). PostgreSQL: a GIN index on to_tsvector('english', left(text, 200000)) (a tsvector is
  limited to 1 MB, and articles run to 2 MB: the search covers each text's first 200,000 characters).
  Neither is part of the models' metadata; env.py keeps autogenerate from proposing to drop them.

Revision ID: 5d1e7c0a9b3f
Revises: 5b1e0c9d7a31
Create Date: 2026-12-01 07:20:00.000000+00:00

"""
import hashlib
import re
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d1e7c0a9b3f'
down_revision = '5b1e0c9d7a31'
branch_labels = None
depends_on = None


def _text_key(text):
    # The same as factcheck.models.article.text_key at the time of writing (a migration does not import the app).
    words = re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


SQLITE_FTS_UP = [
    "CREATE VIRTUAL TABLE article_revisions_fts USING fts5(text, content='article_revisions', content_rowid='id', "
    "tokenize='porter unicode61')",
    "INSERT INTO article_revisions_fts(rowid, text) SELECT id, text FROM article_revisions",
    "CREATE TRIGGER article_revisions_fts_ai AFTER INSERT ON article_revisions BEGIN "
    "INSERT INTO article_revisions_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER article_revisions_fts_ad AFTER DELETE ON article_revisions BEGIN "
    "INSERT INTO article_revisions_fts(article_revisions_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
]
SQLITE_FTS_DOWN = [
    "DROP TRIGGER IF EXISTS article_revisions_fts_ad",
    "DROP TRIGGER IF EXISTS article_revisions_fts_ai",
    "DROP TABLE IF EXISTS article_revisions_fts",
]
POSTGRES_FTS_UP = (
    "CREATE INDEX ix_article_revisions_text_fts ON article_revisions "
    "USING gin (to_tsvector('english', left(text, 200000)))"
)


def upgrade():
    op.create_table('account_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=8), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_account_links_created_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_account_links_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_account_links_token_hash'))
    )
    with op.batch_alter_table('account_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_links_user_id'), ['user_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_notifications_actor_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('article_revisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text_key', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_article_revisions_text_key'), ['text_key'], unique=False)

    conn = op.get_bind()
    revisions = sa.table('article_revisions', sa.column('id', sa.Integer), sa.column('text', sa.Text),
                         sa.column('text_key', sa.String))
    ids = [row[0] for row in conn.execute(sa.select(revisions.c.id).order_by(revisions.c.id))]
    for rev_id in ids:  # one at a time: texts run to 2 MB each
        text = conn.execute(sa.select(revisions.c.text).where(revisions.c.id == rev_id)).scalar_one()
        conn.execute(revisions.update().where(revisions.c.id == rev_id).values(text_key=_text_key(text)))

    if conn.dialect.name == "sqlite":
        for statement in SQLITE_FTS_UP:
            op.execute(statement)
    else:
        op.execute(POSTGRES_FTS_UP)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FTS_DOWN:
            op.execute(statement)
    else:
        op.execute("DROP INDEX IF EXISTS ix_article_revisions_text_fts")
    op.drop_index(op.f('ix_article_revisions_text_key'), table_name='article_revisions')
    # Not a batch (which would copy the table, refused on SQLite while other tables' rows refer to it): SQLite
    # 3.35+ drops a column in place.
    op.execute('ALTER TABLE article_revisions DROP COLUMN text_key')

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_user_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_created_at'))

    op.drop_table('notifications')
    with op.batch_alter_table('account_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_links_user_id'))

    op.drop_table('account_links')
