"""Why the store refused to open or to save, in words meant for the user."""


class StoreError(Exception):
    """The database cannot be used as asked. `str(error)` is a sentence for the user."""


class NotADatabaseError(StoreError):
    """The file is not an SQLite database, or not one of ours."""


class CorruptDatabaseError(StoreError):
    """SQLite reports damage in the file."""


class NewerDatabaseError(StoreError):
    """The file was written by a newer Alliance Desk than this one."""


class ConflictError(StoreError):
    """Someone else (another window, a teammate on the shared store) saved the record after
    this edit began: it was not saved, so their change is not silently overwritten."""


class PasswordRequired(StoreError):
    """The team store asks for a password that was not given, or refused the one given."""


class SaveError(StoreError):
    """A change could not be written (disk full, file read-only, locked by another program)."""
