"""Errors that name the file and the reason; the pipeline turns them into `record.error`."""


class IngestError(Exception):
    """A document that cannot be read. `str(err)` is `"<source>: <reason>"`."""

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")
