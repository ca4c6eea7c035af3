"""Errors, each behind a stable code so messages are greppable and testable.

    EventwireError
     ├── InputError        EW1xx  an input file or record cannot be read
     ├── StageError        EW2xx  a pipeline stage failed on one record
     ├── DataFileError     EW3xx  a packaged dictionary is missing or malformed (stops a run)
     ├── ConfigError       EW4xx  settings or pipeline composition are wrong (stops a run)
     └── StoreError        EW5xx  the database cannot be opened or written

Per-record errors never stop a run: the pipeline turns them into a ``RecordError`` on
that record's output line. Only ``ConfigError`` and ``DataFileError`` are fatal.
"""
from __future__ import annotations

MESSAGES = {
    "EW100": "cannot read input",
    "EW101": "malformed JSON line",
    "EW102": "record is missing a required field",
    "EW103": "file not found",
    "EW104": "binary or undecodable file",
    "EW105": "input too large",
    "EW106": "unsupported input format",
    "EW107": "invalid UTF-8 repaired",
    "EW200": "stage failed",
    "EW201": "article text is empty",
    "EW202": "article cut at the size limit",
    "EW203": "article cut at the sentence limit",
    "EW204": "article over the processing time limit",
    "EW205": "not coded: language",
    "EW300": "data file missing or malformed",
    "EW400": "bad configuration",
    "EW401": "unknown pipeline stage",
    "EW402": "pipeline stages out of order",
    "EW500": "database error",
    "EW501": "database is locked by another writer",
}


class EventwireError(Exception):
    code = "EW000"

    def __init__(self, message: str = "", code: str | None = None):
        self.code = code or self.code
        self.detail = message
        super().__init__(f"{self.code} {MESSAGES.get(self.code, '')}: {message}".strip(": "))


class InputError(EventwireError):
    code = "EW100"


class StageError(EventwireError):
    code = "EW200"

    def __init__(self, stage: str, article_id: str, message: str, code: str | None = None):
        self.stage = stage
        self.article_id = article_id
        super().__init__(f"[{stage}] {article_id}: {message}", code)


class DataFileError(EventwireError):
    code = "EW300"


class ConfigError(EventwireError):
    code = "EW400"


class StoreError(EventwireError):
    code = "EW500"
