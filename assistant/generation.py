"""Writing the answer text once the passages are known: extractively (no model), or by streaming
a chat model whose complete sentences are checked before a pupil sees them.

Both return `Answer`s with an outcome; the model path falls back to the extractive answer when
the model fails (typed `LLMUnavailableError`) or writes something the checks cannot repair."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from langchain_core.language_models import BaseChatModel

from assistant.answer import Answer, Notice, Outcome
from assistant.answer_checks import check_answer, complete_sentences, has_next_step
from assistant.chat_models import as_llm_error
from assistant.companies import CompanyMatch
from assistant.errors import LLMTimeoutError
from assistant.extractive import answers_the_type, compose
from assistant.prompt import answer_messages
from assistant.sentences import complete_prefix
from assistant.settings import Settings
from assistant.types import Hit

log = logging.getLogger(__name__)


@dataclass
class Context:
    """What every answer to one question shares."""

    question: str  # condensed, guarded
    hits: list[Hit]
    companies: list[CompanyMatch] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    def answer(self, outcome: Outcome, **kwargs: object) -> Answer:
        with_hits = outcome not in (Outcome.NOT_IN_SOURCES, Outcome.REFUSED)
        return Answer(
            outcome,
            hits=self.hits if with_hits else [],
            companies=self.companies,
            notices=list(self.notices),
            **kwargs,  # type: ignore[arg-type]
        )


def extractive_answers(
    ctx: Context, outcome: Outcome = Outcome.ANSWERED, problems: list[str] | None = None
) -> Iterator[Answer]:
    """The best source sentences, streamed word by word as a model would."""
    text, cited = compose(ctx.question, ctx.hits)
    if not answers_the_type(ctx.question, text):
        yield ctx.answer(Outcome.NOT_IN_SOURCES, backend="extractive")
        return
    shown = ""
    for word in text.split(" "):
        shown = f"{shown} {word}" if shown else word
        yield ctx.answer(
            outcome, text=shown, cited=cited, backend="extractive", problems=problems or []
        )


def generated_answers(ctx: Context, llm: BaseChatModel, settings: Settings) -> Iterator[Answer]:
    """Stream from the model; only checked, complete sentences are shown while it writes."""
    messages = answer_messages(ctx.question, ctx.hits, settings.llm_passage_chars)
    deadline = time.monotonic() + settings.llm_timeout
    raw, shown = "", ""
    yield ctx.answer(Outcome.PENDING)
    try:
        for chunk in llm.stream(messages):
            raw += str(chunk.content)
            complete = complete_prefix(raw)
            if len(complete) > len(shown):
                shown = complete
                partial = check_answer(shown, ctx.hits)
                if partial.text and not partial.not_in_sources:
                    yield ctx.answer(Outcome.ANSWERED, text=partial.text, backend=settings.llm)
            if time.monotonic() > deadline:
                raise LLMTimeoutError(
                    f"no complete answer within {settings.llm_timeout} s: raise "
                    "TECHKOMPAS_LLM_TIMEOUT, or lower TECHKOMPAS_LLM_PASSAGES or _MAX_TOKENS"
                )
    except Exception as exc:  # any model failure: the pupil still gets an answer
        log.warning("%s; answering extractively", as_llm_error(exc, settings))
        ctx.notices.append(Notice.MODEL_FAILED)
        yield from extractive_answers(ctx, Outcome.FALLBACK)
        return
    yield from _final(ctx, raw, settings.llm)


def _final(ctx: Context, raw: str, backend: str) -> Iterator[Answer]:
    checked = check_answer(complete_sentences(raw), ctx.hits)
    log.info("generated %d chars; checks: %s", len(raw), "; ".join(checked.problems) or "ok")
    if checked.not_in_sources or (
        not checked.fallback and not answers_the_type(ctx.question, checked.text)
    ):
        yield ctx.answer(Outcome.NOT_IN_SOURCES, backend=backend)
        return
    if checked.fallback:
        yield from extractive_answers(ctx, Outcome.FALLBACK, checked.problems)
        return
    yield ctx.answer(
        Outcome.ANSWERED,
        text=checked.text,
        cited=checked.cited,
        backend=backend,
        problems=checked.problems,
        next_step=not has_next_step(checked.text),
    )
