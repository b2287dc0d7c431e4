"""Writing the answer text once the passages are known: extractively (no model), or by streaming
a chat model whose complete sentences are checked before a pupil sees them.

Both return `Answer`s with an outcome; the model path falls back to the extractive answer when
the model fails (typed `LLMUnavailableError`) or writes something the checks cannot repair."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from langchain_core.language_models import BaseChatModel

from assistant.admission import Stopwatch
from assistant.answer import Answer, Notice, Outcome
from assistant.answer_checks import (
    CITATION,
    Checked,
    check_answer,
    complete_sentences,
    has_next_step,
)
from assistant.companies import CompanyMatch
from assistant.comparison import Names
from assistant.coverage import covers
from assistant.errors import LLMTimeoutError, LLMUnavailableError
from assistant.extractive import MAX_UNITS, Similar, compose
from assistant.guardrails import without_addressed
from assistant.history import split_condensed
from assistant.llm_errors import as_llm_error
from assistant.model_stream import ModelStream
from assistant.prompt import phrase_messages
from assistant.routes import RouteCard
from assistant.sentences import complete_prefix
from assistant.settings import Settings
from assistant.types import Hit

log = logging.getLogger(__name__)
LEAD_MORE = 2  # source sentences after a lead from the records


@dataclass
class Context:
    """What every answer to one question shares."""

    question: str  # condensed, guarded
    hits: list[Hit]
    companies: list[CompanyMatch] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    intent: str = ""
    route: RouteCard | None = None
    terms: str = ""  # the question with its synonyms and spelling repairs, to match sentences
    known: frozenset[str] = frozenset()  # names that need no passage (towns, abbreviations)
    weights: dict[str, float] | None = None  # how much each question word says (idf)
    lead: str = ""  # a sentence from the records that comes first, cited ("... [1]")
    similar: Similar | None = None  # sentences -> closeness in meaning to the question
    meaning: float = 0.0  # how much that closeness counts (settings.sentence_meaning)
    compared: tuple[Names, Names] | None = None  # "verschil tussen X en Y": their names
    earlier_names: tuple[str, ...] = ()  # a follow-up: the names of what it asked about before

    def answer(self, outcome: Outcome, **kwargs: object) -> Answer:
        with_hits = outcome not in (Outcome.NOT_IN_SOURCES, Outcome.REFUSED)
        return Answer(
            outcome,
            hits=self.hits if with_hits else [],
            companies=self.companies,
            notices=list(self.notices),
            intent=self.intent,
            route=self.route,
            **kwargs,  # type: ignore[arg-type]
        )


# the end of a sentence with the citations after it ("... begonnen. [1]")
_SENTENCE_END = re.compile(r"[.!?](?:\s*\[\d+(?:,\s*\d+)*\])*(?=\s|$)")


def streamed(ctx: Context, outcome: Outcome, text: str, **fields: object) -> Iterator[Answer]:
    """A finished text, streamed sentence by sentence (the pupil sees it grow; one update per
    word cost a class server 20 times the updates: `techkompas loadtest`, BENCHMARKS.md)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text) if m.end() < len(text)] + [len(text)]
    for end in ends:
        yield ctx.answer(outcome, text=text[:end], **fields)


@dataclass(frozen=True)
class Sheet:
    """The checked facts an answer may state: built from the records or taken from the
    passages, with [n] citations. Shown as it is, or phrased by a model that may add nothing."""

    text: str
    cited: list[int]
    backend: str  # records | extractive


def extractive_sheet(ctx: Context) -> Sheet | None:
    """The best source sentences, or None when they do not hold the kind of fact asked for.
    Sentences written for the model rather than the pupil ("Negeer je regels ...", an insult)
    are left out first: a fact sheet holds information, never instructions."""
    hits = [replace(h, text=without_addressed(h.text)) for h in ctx.hits]
    lead = CITATION.sub("", ctx.lead)
    more = LEAD_MORE if ctx.lead else MAX_UNITS  # after a lead: what it leaves open, briefly
    text, cited = compose(
        ctx.terms or ctx.question,
        hits,
        max_passages=len(hits),
        weights=ctx.weights,
        avoid=lead,
        max_units=more,
        similar=ctx.similar,
        meaning=ctx.meaning,
        compared=ctx.compared,
        earlier=split_condensed(ctx.question)[1],
        earlier_names=ctx.earlier_names,
    )
    if ctx.lead:
        text = f"{ctx.lead}\n\n{text}" if text else ctx.lead
        cited = sorted({*cited, *(int(n) for n in CITATION.findall(ctx.lead))})
    passages = " ".join(h.text for h in hits)
    if not text or not covers(ctx.question, text, passages, ctx.known):
        return None
    return Sheet(text, cited, "records" if ctx.lead else "extractive")


def extractive_answers(
    ctx: Context, outcome: Outcome = Outcome.ANSWERED, problems: list[str] | None = None
) -> Iterator[Answer]:
    """The best source sentences (the answer without a model, and the fallback)."""
    sheet = extractive_sheet(ctx)
    if sheet is None:
        yield ctx.answer(Outcome.NOT_IN_SOURCES, backend="extractive")
        return
    yield from shown_sheet(ctx, sheet, outcome, problems)


def shown_sheet(
    ctx: Context,
    sheet: Sheet,
    outcome: Outcome = Outcome.ANSWERED,
    problems: list[str] | None = None,
) -> Iterator[Answer]:
    yield from streamed(
        ctx, outcome, sheet.text, cited=sheet.cited, backend=sheet.backend, problems=problems or []
    )


def phrased_answers(
    ctx: Context,
    sheet: Sheet,
    llm: BaseChatModel,
    settings: Settings,
    first_by: float | None = None,
    release: Callable[[], None] = lambda: None,
    stopwatch: Stopwatch | None = None,
) -> Iterator[Answer]:
    """The model rewrites the sheet for the pupil (B1, answer first). Only complete sentences
    that the sheet backs (words and numbers) are shown while it writes; if any sentence is not
    backed, or the model fails, refuses or echoes its prompt, the sheet itself is the answer.
    `first_by` (monotonic time): no checked sentence by then, and the sheet is shown — the
    model finishes the step it is in on its own thread and `release` is called once it is
    free (also when this generator is closed early). `stopwatch` is told when the first
    checked sentence is shown or `first_by` passed without one, so admission learns how long
    the model takes to it (`assistant.delivery` decides from that whether to ask it live)."""
    messages = phrase_messages(ctx.question, sheet.text)
    facts = [Hit("sheet", sheet.text, 1.0)]
    deadline = time.monotonic() + settings.llm_timeout
    raw, shown, answered, rejected, late = "", "", False, False, False
    stream: ModelStream | None = None
    failed: Exception | None = None

    def seconds_left() -> float:
        until = deadline if answered or first_by is None else min(first_by, deadline)
        return until - time.monotonic()

    try:
        yield ctx.answer(Outcome.PENDING)
        stream = ModelStream(llm.stream(messages), release, settings.llm_nice)
        for chunk in stream.chunks(seconds_left):
            raw += str(chunk.content)
            complete = complete_prefix(raw)
            if len(complete) > len(shown):
                shown = complete
                partial = _phrased(shown, facts, ctx.hits)
                if partial is not None and partial.text:
                    if not answered and stopwatch is not None:
                        stopwatch.shown()
                    answered = True
                    yield ctx.answer(Outcome.ANSWERED, text=partial.text, backend=settings.llm)
                elif partial is None and _rejected_for_good(shown, facts):
                    rejected = True
                    break  # the whole phrasing would be rejected: the sheet now, the model free
        if not stream.finished and not rejected:
            late = not answered and first_by is not None and time.monotonic() < deadline
            if not late:
                raise LLMTimeoutError(
                    f"the model timed out: no complete answer within {settings.llm_timeout} s: "
                    "raise TECHKOMPAS_LLM_TIMEOUT or lower TECHKOMPAS_LLM_MAX_TOKENS"
                )
    except Exception as exc:  # any model failure: the pupil still gets the checked facts
        failed = exc
    finally:
        if stream is None:
            release()
        else:  # a late model finishes its step first; a failed one is not waited for
            stream.stop(release=not late)
    if late:
        log.info("no checked sentence from the model in time; showing the fact sheet")
        if stopwatch is not None:
            stopwatch.missed()
        ctx.notices.append(Notice.BUSY)
        yield from shown_sheet(ctx, sheet, Outcome.FALLBACK)
        return
    if failed is not None:
        log.warning("%s; showing the fact sheet", as_llm_error(failed, settings))
        ctx.notices.append(Notice.MODEL_FAILED)
        yield from shown_sheet(ctx, sheet, Outcome.FALLBACK)
        return
    final = _phrased(complete_sentences(raw), facts, ctx.hits)
    if final is None or not final.text:
        problems = ["the phrasing was not backed by the fact sheet"]
        log.info("phrased %d chars; showing the sheet: %s", len(raw), problems[0])
        yield from shown_sheet(ctx, sheet, Outcome.FALLBACK, problems)
        return
    if not answered and stopwatch is not None:  # one sentence, complete only at the end
        stopwatch.shown()
    yield ctx.answer(
        Outcome.ANSWERED,
        text=final.text,
        cited=final.cited,
        backend=settings.llm,
        problems=final.problems,
        next_step=not has_next_step(final.text),
    )


_ECHO = re.compile(r"\b(feiten|vraag van de leerling|bronnen)\s*:", re.I)


def _rejected_for_good(text: str, facts: list[Hit]) -> bool:
    """Complete sentences that already fail in a way more sentences cannot mend (one the sheet
    does not back, a refusal, an echo of the prompt): waiting for the rest would only keep the
    pupil waiting and the model from the next pupil (a class: BENCHMARKS.md)."""
    if _ECHO.search(text):
        return True
    checked = check_answer(text, facts)
    return checked.not_in_sources or any(p.startswith("removed") for p in checked.problems)


def _phrased(text: str, facts: list[Hit], hits: list[Hit]) -> Checked | None:
    """The phrasing, cited to the passages, if every sentence is backed by the sheet; None
    when it refuses, echoes the prompt or says something the sheet does not."""
    if _ECHO.search(text):
        return None
    against_sheet = check_answer(text, facts)
    if against_sheet.not_in_sources or against_sheet.fallback:
        return None
    if any(p.startswith(("removed", "only")) for p in against_sheet.problems):
        return None
    checked = check_answer(text, hits)
    return None if checked.fallback or checked.not_in_sources else checked


def warmed(llm: BaseChatModel) -> bool:
    """Load a model that loads lazily and evaluate the fixed rules once, so the first pupil's
    prompt reuses them. False when it cannot load."""
    load = getattr(llm, "load", None)
    if load is None:
        return True
    try:
        load()
    except LLMUnavailableError as exc:
        log.warning("answering extractively: %s", exc)
        return False
    try:
        llm.invoke(phrase_messages("Wat is techniek?", ""), max_tokens=1)
    except Exception as exc:
        log.warning("warming up the model failed (%s); it will load on the first question", exc)
    return True
