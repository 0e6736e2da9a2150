"""Named exceptions.  The CLI turns each into a one-line message and exit code 1."""


class MotebokError(Exception):
    """Base class for errors a user can fix (bad input, bad settings)."""


class SettingsError(MotebokError):
    """params.yaml has an unknown key or a value of the wrong type."""


class IngestError(MotebokError):
    """One input file could not be read; becomes a row in ingest_errors."""


class UnsupportedFileType(IngestError):
    pass


class EmptyDocument(IngestError):
    pass


class CorruptFile(IngestError):
    pass


class EncryptedFile(IngestError):
    pass


class ScannedWithoutOCR(IngestError):
    pass


class FileTooLarge(IngestError):
    pass


class StageInputMissing(MotebokError):
    """A stage was run before the stage it depends on."""
