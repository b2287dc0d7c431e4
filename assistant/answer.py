"""What the answer pipeline returns: an `Answer` with a typed `Outcome`.

The pipeline decides the outcome in one place (`assistant.pipeline`); the Dutch wording a pupil
sees for each outcome is chosen at the edge (`assistant.texts.message`), so code and tests talk
about outcomes, not about Dutch sentences."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from assistant.companies import CompanyMatch
from assistant.routes import RouteCard
from assistant.types import Hit


class Outcome(StrEnum):
    ANSWERED = "answered"  # `text` is an answer whose sentences were checked against `hits`
    FALLBACK = "fallback"  # answered without the model, because the model failed or was rejected
    NOT_IN_SOURCES = "not_in_sources"  # on topic, but the sources do not answer it
    REFUSED = "refused"  # empty, unsafe or off-topic: `reason` says which
    PENDING = "pending"  # the sources are known, the model is still reading them


class Notice(StrEnum):
    QUESTION_CUT = "question_cut"  # the question was too long; only its start was used
    MODEL_FAILED = "model_failed"  # the model could not answer; the answer is from the sources
    BUSY = "busy"  # many pupils at once: the checked answer without the model's phrasing
    FROM_SOURCES = "from_sources"  # the model is too slow to phrase it live: the sheet at once


@dataclass
class Answer:
    outcome: Outcome
    text: str = ""  # the answer body with [n] citations; empty unless answered/fallback
    hits: list[Hit] = field(default_factory=list)
    companies: list[CompanyMatch] = field(default_factory=list)
    cited: list[int] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    reason: str = ""  # why it was refused: empty, self_harm, abuse, danger, forgery, ...
    backend: str = ""  # who wrote `text`: local/openai/fake, extractive, or "" (fixed text)
    problems: list[str] = field(default_factory=list)  # output-check findings, for evals/logs
    next_step: bool = True  # add the standard next step (False when the text has its own)
    intent: str = ""  # what kind of question it was (assistant.intents.Intent)
    route: RouteCard | None = None  # profile -> subjects -> programme -> role -> companies
    unknown: str = ""  # not_in_sources: the role the question named that the corpus lacks
    related: list[str] = field(default_factory=list)  # not_in_sources: roles to look at instead
    cached: bool = False  # given again from the answer cache (the same question before)

    @property
    def refused(self) -> bool:
        return self.outcome is Outcome.REFUSED

    @property
    def has_answer(self) -> bool:
        return self.outcome in (Outcome.ANSWERED, Outcome.FALLBACK)
