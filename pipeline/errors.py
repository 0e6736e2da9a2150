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


class NotARegularFile(IngestError):
    """A folder named like a document, a FIFO, a socket, a device or a dangling link: listed, never read."""


class SymlinkNotFollowed(IngestError):
    """A link to a path outside the input folder, or to a folder: not followed (no /etc/passwd in the database)."""


class LimitExceeded(IngestError):
    """Over one of the ingest limits (pages, scanned pages, unpacked size): the file is not read further."""


class DocumentTimeout(IngestError):
    """Reading the file took longer than ingest.document_timeout_s; its worker process was stopped."""


class WorkerDied(IngestError):
    """The worker process reading the file died (a crash in a C library, or out of memory)."""
