"""Errors raised by Techkompas.

TechkompasError                 base class; every message says how to fix it
├── ConfigurationError          a setting has a value that cannot work
├── IndexMissingError           no index at the configured place: run `techkompas ingest`
├── IndexMismatchError          the index was built with another embedding model
├── StoreUnavailableError       the Chroma server cannot be reached
├── SourceError                 one input file cannot be read (path, reason, line)
└── LLMUnavailableError         the language model cannot answer now (the fix is in the message)
"""

from __future__ import annotations


class TechkompasError(Exception):
    """Base class for all errors Techkompas raises on purpose."""


class ConfigurationError(TechkompasError):
    pass


class IndexMissingError(TechkompasError):
    pass


class IndexMismatchError(TechkompasError):
    pass


class StoreUnavailableError(TechkompasError):
    pass


class SourceError(TechkompasError):
    """A single source could not be loaded; ingestion reports it and goes on."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")


class LLMUnavailableError(TechkompasError):
    """The language model cannot answer (not installed, fails to load, endpoint down, timeout).
    The pipeline answers extractively instead and logs this message for the maintainer."""
