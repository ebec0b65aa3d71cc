"""Backups of the whole database into one checksummed file, and restores into an empty database.

- manifest: the file format (header, values, trailer), BackupError, Summary
- dump: dump, dump_to_path
- restore: check_file, read_header, restore_from_path
- anchors: the audit chain's head in the manifest, checked on restore

This file only re-exports them for callers outside the package; modules inside import each other directly.
"""

from factcheck.services.backup.dump import dump, dump_to_path
from factcheck.services.backup.manifest import (
    FORMAT,
    VERSION,
    BackupError,
    Summary,
    backed_up_tables,
    schema_revision,
)
from factcheck.services.backup.restore import check_file, read_header, restore_from_path

__all__ = [
    "FORMAT",
    "VERSION",
    "BackupError",
    "Summary",
    "backed_up_tables",
    "check_file",
    "dump",
    "dump_to_path",
    "read_header",
    "restore_from_path",
    "schema_revision",
]
