"""One settings object, read once at the entry point and passed down.

Values come from (highest first): explicit overrides, `TECHKOMPAS_*` environment variables,
`techkompas.toml` in the working directory (or the file named by `TECHKOMPAS_CONFIG`), defaults.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from assistant.errors import ConfigurationError

EmbeddingModel = Literal["e5-small", "minilm", "fake"]
Backend = Literal["local", "openai", "extractive", "fake"]
EMBEDDING_CHOICES: tuple[str, ...] = get_args(EmbeddingModel)
BACKENDS: tuple[str, ...] = get_args(Backend)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TECHKOMPAS_", extra="forbid")

    index_dir: Path = Field(Path("data/index"), description="Where the embedded Chroma index lives")
    collection: str = Field("techkompas", description="Chroma collection name")
    chroma_url: str | None = Field(
        None, description="http://host:port of a `chroma run` server; empty = embedded index"
    )
    embedding_model: EmbeddingModel = Field("e5-small", description="e5-small | minilm | fake")
    embedding_batch_size: int = Field(16, ge=1, le=512)
    embedding_threads: int = Field(2, ge=1, le=64)
    chunk_size: int = Field(900, ge=200, le=4000, description="Target chunk size in characters")
    chunk_overlap: int = Field(150, ge=0, le=1000, description="Overlap between chunks (chars)")
    corpus_dir: Path = Field(Path("corpus"), description="Default path for `techkompas ingest`")
    search_k: int = Field(5, ge=1, le=50)
    retrieval_mode: Literal["hybrid", "dense", "bm25"] = Field(
        "hybrid", description="hybrid | dense | bm25"
    )
    candidates: int = Field(30, ge=5, le=200, description="Candidates per retriever before fusion")
    fusion_k: int = Field(
        60, ge=1, le=1000, description="RRF constant: lower, a first place counts more (ADR 0017)"
    )
    min_relevance: float | None = Field(
        None,
        ge=-1.0,
        le=1.0,
        description="Below this best dense similarity: 'not in my sources' (default per model)",
    )
    reranker: str = Field("none", description="none | cross-encoder:/path/to/model | fake")
    llm: Backend = Field(
        "extractive",
        description="Who phrases answers: extractive (no model: the checked records and source "
        "sentences as they are) | local | openai | fake (docs/adr/0008)",
    )
    llm_model_path: Path | None = Field(
        None,
        description="GGUF file for `local`; empty = the Qwen2.5-1.5B model installed from PyPI",
    )
    model_cache_dir: Path = Field(
        Path.home() / ".cache" / "techkompas" / "models",
        description="Where the PyPI-packaged model is assembled once (about 1.1 GB)",
    )
    llm_threads: int = Field(2, ge=1, le=64)
    llm_context: int = Field(4096, ge=512, le=32768, description="Context window in tokens")
    llm_prompt_cache_mb: int = Field(
        0, ge=0, le=8192, description="RAM for prompt states the local model keeps; 0: off"
    )
    llm_max_tokens: int = Field(320, ge=16, le=4096, description="Longest answer in tokens")
    llm_timeout: float = Field(
        90.0, gt=0, description="Seconds before an answer is given up for the extractive one"
    )
    sentence_meaning: float = Field(
        3.0, ge=0, le=10, description="Weight of meaning when answer sentences are chosen; 0: words"
    )
    sentence_rerank: float = Field(
        0.5, ge=0, le=5, description="Weight of a passage's closest sentence in its rank; 0: off"
    )
    sentence_rerank_depth: int = Field(
        10, ge=2, le=50, description="Passages reranked by their closest sentence"
    )
    sentence_rerank_documents_depth: int = Field(
        20, ge=0, le=50, description="A school's own documents reranked from this deep"
    )
    llm_passages: int = Field(
        4, ge=1, le=10, description="Passages an answer from the documents draws on"
    )
    answer_budget_s: float = Field(
        12.0, gt=0, le=600, description="Seconds a model answer may wait; later: the sheet at once"
    )
    first_sentence_s: float = Field(
        4.0, ge=0, le=600, description="Seconds to the model's first checked sentence; 0: no limit"
    )
    llm_nice: int = Field(
        10, ge=0, le=19, description="How much lower the model runs than the server (CPU priority)"
    )
    chat_workers: int = Field(8, ge=1, le=256, description="Questions answered at the same time")
    llm_slots: int = Field(1, ge=1, le=64, description="Model answers at the same time")
    answer_cache_size: int = Field(512, ge=0, le=100000, description="Answers kept for reuse")
    query_cache_size: int = Field(
        256, ge=0, le=100000, description="Question embeddings kept for reuse; 0: off"
    )
    openai_base_url: str = Field(
        "http://127.0.0.1:8000/v1", description="OpenAI-compatible server (vLLM, Ollama, ...)"
    )
    openai_model: str = Field("", description="Model name on that server")
    openai_api_key: SecretStr = Field(SecretStr("none"), description="Key for that server")
    host: str = "127.0.0.1"
    port: int = Field(7860, ge=1, le=65535)
    storage_url: str = Field(
        "sqlite:///data/techkompas.sqlite3",
        validation_alias=AliasChoices("storage_url", "TECHKOMPAS_DATABASE_URL"),
        description="Feedback and class sessions: sqlite:///path or postgresql+psycopg://...",
    )
    feedback_retention_days: int = Field(
        180, ge=1, le=3650, description="Feedback older than this is deleted"
    )
    counsellor_password: SecretStr | None = Field(
        None, description="The secret for the counsellor page (/decaan); empty = page off"
    )
    class_max_pupils: int = Field(40, ge=1, le=500, description="Pupils per class session")
    session_retention_days: int = Field(
        30, ge=1, le=3650, description="Class sessions are deleted this long after they end"
    )

    @property
    def relevance_threshold(self) -> float:
        """`min_relevance`, or the default measured for the embedding model: with e5-small every
        answerable gold question's best passage scores >= 0.824 (BENCHMARKS.md), so 0.80 only
        catches clearly unrelated questions."""
        if self.min_relevance is not None:
            return self.min_relevance
        return {"e5-small": 0.80, "minilm": 0.30}.get(self.embedding_model, 0.0)

    @field_validator("chroma_url")
    @classmethod
    def _empty_is_none(cls, value: str | None) -> str | None:
        return value or None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=config_file())
        return (init_settings, env_settings, toml)


def config_file() -> Path:
    return Path(os.environ.get("TECHKOMPAS_CONFIG", "techkompas.toml"))


def load_settings(**overrides: Any) -> Settings:
    """Build the settings; `None` overrides are ignored so CLI flags can be passed as-is.
    A bad value raises `ConfigurationError` with one line per problem: the setting, the value,
    what is allowed."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        raise ConfigurationError("; ".join(_explain(e) for e in exc.errors())) from None


def _explain(error: Any) -> str:
    name = str(error["loc"][0]) if error["loc"] else "?"
    if error["type"] == "extra_forbidden":
        known = ", ".join(sorted(Settings.model_fields))
        return f"unknown setting {name!r} in {config_file()}: known settings are {known}"
    value = error.get("input")
    where = f"TECHKOMPAS_{name.upper()} / {name} in {config_file().name}"
    reason = str(error["msg"]).removeprefix("Value error, ")
    return f"setting {name} ({where}) = {value!r} is not valid: {reason}; allowed: {_allowed(name)}"


def _allowed(name: str) -> str:
    field = Settings.model_fields.get(name)
    if field is None:
        return "see README.md, Configuration"
    choices = get_args(field.annotation)
    if choices and all(isinstance(c, str) for c in choices):
        return ", ".join(choices)
    bounds = {type(m).__name__: getattr(m, type(m).__name__.lower(), None) for m in field.metadata}
    kind = {int: "a whole number", float: "a number", Path: "a path", bool: "true or false"}.get(
        field.annotation,  # type: ignore[arg-type]
        "text",
    )
    low = bounds.get("Ge", bounds.get("Gt"))
    high = bounds.get("Le", bounds.get("Lt"))
    if low is not None or high is not None:
        return f"{kind} from {'-' if low is None else low} to {'-' if high is None else high}"
    return kind
