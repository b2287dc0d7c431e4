"""A failure of a chat model, whatever client raised it, as one of the typed
`LLMUnavailableError`s with the fix in its message (for the maintainer's log; never the pupil's
text)."""

from __future__ import annotations

from assistant.errors import (
    LLMBadResponseError,
    LLMTimeoutError,
    LLMUnavailableError,
    LLMUnreachableError,
)
from assistant.settings import Settings


def as_llm_error(exc: BaseException, settings: Settings) -> LLMUnavailableError:
    """A model failure as one of the typed errors, with the fix for the maintainer's log (never
    the pupil's text). Client-library errors are told apart by type, not by name."""
    if isinstance(exc, LLMUnavailableError):
        return exc
    import httpx

    timeouts: tuple[type[BaseException], ...] = (TimeoutError, httpx.TimeoutException)
    unreachable: tuple[type[BaseException], ...] = (ConnectionError, httpx.TransportError)
    bad: tuple[type[BaseException], ...] = (httpx.HTTPError,)
    try:
        import openai

        timeouts += (openai.APITimeoutError,)
        unreachable += (openai.APIConnectionError,)
        bad += (openai.APIError,)
    except ImportError:  # pragma: no cover - langchain-openai is a dependency
        pass
    where = (
        f"LLM endpoint {settings.openai_base_url}"
        if settings.llm == "openai"
        else f"{settings.llm} model"
    )
    if isinstance(exc, timeouts):
        return LLMTimeoutError(
            f"the {where} timed out after {settings.llm_timeout} s: raise TECHKOMPAS_LLM_TIMEOUT "
            "or check the server's load"
        )
    if isinstance(exc, unreachable):
        return LLMUnreachableError(
            f"the {where} is unreachable ({exc}): start the server or fix "
            "TECHKOMPAS_OPENAI_BASE_URL"
        )
    hint = (
        "check TECHKOMPAS_OPENAI_MODEL and TECHKOMPAS_OPENAI_API_KEY"
        if settings.llm == "openai"
        else "check the model file (TECHKOMPAS_LLM_MODEL_PATH) or set TECHKOMPAS_LLM=extractive"
    )
    kind = "answered with an error" if isinstance(exc, bad) else "failed"
    return LLMBadResponseError(f"the {where} {kind} ({type(exc).__name__}: {exc}): {hint}")
