"""Full-text search on claims, for “previously checked”.

SQLite: an external-content FTS5 table over claims.quote, kept in step by triggers and filled from existing rows.
PostgreSQL: a GIN index on to_tsvector('english', quote). Neither is part of the models' metadata; env.py keeps
autogenerate from proposing to drop them.

Revision ID: a2ebd4ab9b8b
Revises: 82734e8e0675
Create Date: 2026-11-27 22:06:00+00:00

"""
from alembic import op

revision = 'a2ebd4ab9b8b'
down_revision = '82734e8e0675'
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE claims_fts USING fts5(quote, content='claims', content_rowid='id', "
    "tokenize='porter unicode61')",
    "INSERT INTO claims_fts(rowid, quote) SELECT id, quote FROM claims",
    "CREATE TRIGGER claims_fts_ai AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_fts(rowid, quote) VALUES (new.id, new.quote); END",
    "CREATE TRIGGER claims_fts_ad AFTER DELETE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, quote) VALUES ('delete', old.id, old.quote); END",
    "CREATE TRIGGER claims_fts_au AFTER UPDATE OF quote ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, quote) VALUES ('delete', old.id, old.quote); "
    "INSERT INTO claims_fts(rowid, quote) VALUES (new.id, new.quote); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS claims_fts_au",
    "DROP TRIGGER IF EXISTS claims_fts_ad",
    "DROP TRIGGER IF EXISTS claims_fts_ai",
    "DROP TABLE IF EXISTS claims_fts",
]


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
    else:
        op.execute("CREATE INDEX ix_claims_quote_fts ON claims USING gin (to_tsvector('english', quote))")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    else:
        op.execute("DROP INDEX IF EXISTS ix_claims_quote_fts")
