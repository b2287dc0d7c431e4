"""Errors raised by Techkompas.

TechkompasError                 base class; every message says how to fix it
├── ConfigurationError          a setting has a value that cannot work
├── IndexMissingError           no index at the configured place: run `techkompas ingest`
├── IndexMismatchError          the index was built with another embedding model
├── IndexBusyError              another ingest is writing to the same index
├── IndexWriteError             the index folder cannot be written (read-only, disk full)
├── StoreUnavailableError       the Chroma server cannot be reached
├── StorageUnavailableError     the feedback/class-session database cannot be opened or written
├── ClassSessionError           a pupil cannot join a class session: `reason` says why
├── SourceError                 one input file cannot be read (path, reason, line)
└── LLMUnavailableError         the language model cannot answer now (the fix is in the message)
    ├── LLMMissingError         not installed, or the model file is missing / fails to load
    ├── LLMTimeoutError         no complete answer within `llm_timeout`
    ├── LLMUnreachableError     the OpenAI-compatible endpoint cannot be reached
    └── LLMBadResponseError     the endpoint answered with an error or something unreadable
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


class IndexBusyError(TechkompasError):
    pass


class IndexWriteError(TechkompasError):
    """An ingest could not write the index; what it had written is still consistent."""


class StoreUnavailableError(TechkompasError):
    pass


class StorageUnavailableError(TechkompasError):
    """The SQL database for feedback and class sessions cannot be used; the chat goes on."""


class ClassSessionError(TechkompasError):
    """A class code cannot be used. `reason` is "unknown", "expired" or "full"; `message` is
    the Dutch text for the pupil (from `assistant.texts`), the same for unknown and expired."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        self.message = message
        super().__init__(
            f"Cannot join the class session ({reason}): check the code, or start a new session"
        )


class SourceError(TechkompasError):
    """A single source could not be loaded; ingestion reports it and goes on."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")


class LLMUnavailableError(TechkompasError):
    """The language model cannot answer. The pipeline answers without it and logs this message
    for the maintainer."""


class LLMMissingError(LLMUnavailableError):
    """llama-cpp-python or the model file is missing, or the model fails to load."""


class LLMTimeoutError(LLMUnavailableError):
    pass


class LLMUnreachableError(LLMUnavailableError):
    pass


class LLMBadResponseError(LLMUnavailableError):
    pass
