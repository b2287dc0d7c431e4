"""Language-model backends behind langchain's `BaseChatModel`, and the one factory.

- `local`: `ChatLlamaCpp`, a GGUF model run in-process by llama.cpp (`llama-cpp-python`).
- `openai`: `langchain_openai.ChatOpenAI` against any OpenAI-compatible server; a reply without
  any text (an empty answer, or a body that is not the stream it should be) is an
  `LLMBadResponseError`, like any other failure of the server.
- `fake`: `ChatFake`, deterministic, for tests (quotes the passages it is given, or plays a script).
- `extractive`: no model at all (`make_chat_model` returns None; see `assistant.extractive`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from functools import cache
from itertools import cycle
from typing import TYPE_CHECKING, Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.base import LangSmithParams
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field, PrivateAttr

from assistant.errors import (
    ConfigurationError,
    LLMBadResponseError,
    LLMMissingError,
)
from assistant.prompt import sheet_of
from assistant.sentences import split_sentences
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_openai import ChatOpenAI

log = logging.getLogger(__name__)

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


def _as_dicts(messages: list[BaseMessage]) -> list[dict[str, str]]:
    return [{"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages]


class _StreamingChatModel(BaseChatModel):
    """A chat model written as `_pieces` (text, finish reason); langchain's `_stream` and
    `_generate` are built from it once, here."""

    def _pieces(
        self, messages: list[BaseMessage], stop: list[str] | None, **kwargs: Any
    ) -> Iterator[tuple[str, str | None]]:
        raise NotImplementedError

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for text, finish in self._pieces(messages, stop, **kwargs):
            metadata = {"finish_reason": finish} if finish else {}
            chunk = ChatGenerationChunk(
                message=AIMessageChunk(content=text, response_metadata=metadata)
            )
            if run_manager and text:
                run_manager.on_llm_new_token(text, chunk=chunk)
            yield chunk

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        chunks = self._stream(messages, *args, **kwargs)
        text = "".join(str(c.message.content) for c in chunks)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])


class ChatLlamaCpp(_StreamingChatModel):
    """A GGUF chat model run in this process. The model loads on first use (or `load()`), one
    generation runs at a time (two would halve the speed of both on 2 cores), and greedy decoding
    keeps answers reproducible. The prompt prefix that stays the same between questions (the
    rules) is evaluated once and reused by llama.cpp; with `prompt_cache_mb` the evaluated
    states of several prompts are kept (condensing a follow-up and phrasing an answer use
    different rules, so without it each one evaluates its rules again)."""

    model: str = Field(description="Path to the GGUF file")
    n_ctx: int = 4096
    n_threads: int = 2
    max_tokens: int = 320
    temperature: float = 0.0
    stop: list[str] | None = None
    streaming: bool = True
    prompt_cache_mb: int = 0  # RAM for evaluated prompt states kept between questions; 0: off

    _llama: Any = PrivateAttr(default=None)
    _lock: Any = PrivateAttr(default_factory=threading.RLock)  # load + one generation at a time

    @property
    def _llm_type(self) -> str:
        return "llama-cpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model": self.model, "n_ctx": self.n_ctx, "max_tokens": self.max_tokens}

    def _get_ls_params(self, stop: list[str] | None = None, **kwargs: Any) -> LangSmithParams:
        params = super()._get_ls_params(stop=stop, **kwargs)
        params["ls_provider"] = "llama_cpp"
        params["ls_stop"] = stop or self.stop or None  # type: ignore[typeddict-item]
        if params["ls_stop"] is None:
            del params["ls_stop"]
        return params

    def load(self) -> Any:
        with self._lock:
            return self._load()

    def _load(self) -> Any:
        if self._llama is None:
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                raise LLMMissingError(
                    "llama-cpp-python is not installed: run `make install` "
                    "(or set TECHKOMPAS_LLM=extractive)"
                ) from exc
            try:
                self._llama = Llama(
                    model_path=self.model,
                    n_ctx=self.n_ctx,
                    n_threads=self.n_threads,
                    n_threads_batch=self.n_threads,
                    verbose=False,
                )
                if self.prompt_cache_mb:  # several prompt states: rules, condensing, phrasing
                    self._llama.set_cache(_prompt_states(self.prompt_cache_mb << 20))
            except (ValueError, OSError, RuntimeError) as exc:
                raise LLMMissingError(
                    f"the local model {self.model} failed to load ({exc}); check that it is a "
                    "GGUF chat model and that there is about 2 GB of free memory"
                ) from exc
        return self._llama

    def _pieces(
        self, messages: list[BaseMessage], stop: list[str] | None, **kwargs: Any
    ) -> Iterator[tuple[str, str | None]]:
        with self._lock:
            llama = self.load()
            pieces = llama.create_chat_completion(
                messages=_as_dicts(messages),
                temperature=kwargs.get("temperature", self.temperature),
                top_k=1 if self.temperature == 0 else 40,
                max_tokens=kwargs.get("max_tokens", self.max_tokens),
                stop=stop or self.stop,
                stream=True,
            )
            for piece in pieces:
                choice = piece["choices"][0]
                text = choice["delta"].get("content") or ""
                finish = choice.get("finish_reason")
                if text or finish:
                    yield text, finish


def _prompt_states(capacity_bytes: int) -> Any:
    """llama-cpp-python's RAM cache of evaluated prompts, without the logits of every prompt
    token it keeps next to each state (n_batch x vocabulary floats: 300 MB per state for Qwen's
    152k-token vocabulary, not counted in its capacity: a class server grew by 2.6 GB). Only the
    last row is kept: restoring a state broadcasts it and evaluates the last token again, and
    sampling runs inside llama.cpp (logits_all is off)."""
    from llama_cpp import LlamaRAMCache

    class PromptStates(LlamaRAMCache):  # type: ignore[misc]
        def __setitem__(self, key: Any, value: Any) -> None:
            value.scores = value.scores[-1:].copy()
            super().__setitem__(key, value)

    return PromptStates(capacity_bytes=capacity_bytes)


class ChatFake(_StreamingChatModel):
    """Deterministic stand-in. With `responses` it plays them in turn; otherwise it "phrases" a
    fact sheet as its first two sentences plus a next step, and answers a condense prompt with
    the last question followed by the previous one."""

    model: str = "techkompas-fake"
    responses: list[str] | None = None
    _script: Any = PrivateAttr(default=None)

    @property
    def _llm_type(self) -> str:
        return "techkompas-fake"

    def _reply(self, messages: list[BaseMessage]) -> str:
        if self.responses:
            if self._script is None:
                self._script = cycle(self.responses)
            return str(next(self._script))
        sheet = sheet_of(messages)
        if not sheet:  # condense prompt: "Laatste vraag: ..." plus the conversation
            content = str(messages[-1].content)
            last = content.split("Laatste vraag:", 1)[-1].split("\n", 1)[0].strip()
            earlier = [ln[10:] for ln in content.splitlines() if ln.startswith("Leerling: ")]
            return f"{last} ({earlier[-1]})" if earlier else last
        first = split_sentences(sheet.split("\n")[0])[:2]  # a "phrasing": the first sentences
        return " ".join([*first, "Vraag je decaan wat dit voor jou betekent."])

    def _pieces(
        self, messages: list[BaseMessage], stop: list[str] | None, **kwargs: Any
    ) -> Iterator[tuple[str, str | None]]:
        words = self._reply(messages).split(" ")
        for i, word in enumerate(words):
            yield (word if i == 0 else f" {word}"), None


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured backend; None for `extractive`. Nothing slow happens here: the local model
    loads on first use (or when `serve` warms it up)."""
    if settings.llm == "extractive":
        return None
    if settings.llm == "fake":
        return ChatFake()
    if settings.llm == "openai":
        if not settings.openai_model:
            raise ConfigurationError(
                "TECHKOMPAS_LLM=openai needs TECHKOMPAS_OPENAI_MODEL (and "
                "TECHKOMPAS_OPENAI_BASE_URL, e.g. http://gpu-server:8000/v1)"
            )
        return _checked_chat_openai()(
            base_url=settings.openai_base_url,
            model=settings.openai_model,
            api_key=settings.openai_api_key,
            timeout=settings.llm_timeout,
            max_retries=0,
            temperature=0.0,
            max_completion_tokens=settings.llm_max_tokens,
            streaming=True,
        )
    from assistant.model_files import model_path

    return ChatLlamaCpp(
        model=str(model_path(settings.llm_model_path, settings.model_cache_dir)),
        n_ctx=settings.llm_context,
        n_threads=settings.llm_threads,
        max_tokens=settings.llm_max_tokens,
        prompt_cache_mb=settings.llm_prompt_cache_mb,
    )


@cache
def _checked_chat_openai() -> type[ChatOpenAI]:
    """`ChatOpenAI` that fails on a reply without text. langchain-openai turns an empty answer,
    a JSON body where a stream was asked for, or events without choices into an empty message,
    which would pass for a phrasing the checks rejected: shown without a notice and cached, so
    the question kept its unphrased answer after the server was fixed."""
    from langchain_openai import ChatOpenAI

    class CheckedChatOpenAI(ChatOpenAI):
        def _stream(self, *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
            said = False
            for chunk in super()._stream(*args, **kwargs):
                said = said or bool(chunk.text.strip())
                yield chunk
            if not said:
                raise LLMBadResponseError(
                    f"the LLM endpoint {self.openai_api_base} answered without any text: check "
                    "TECHKOMPAS_OPENAI_MODEL and the server's log"
                )

    return CheckedChatOpenAI
