"""Class sessions: a counsellor hands out a short code, pupils join it anonymously, and the
counsellor sees what the class looked at, in counts only (docs/adr/0009-what-is-stored.md).

What is stored, through `assistant.storage`:

- per session: the code, a label, level, region, chosen companies, a pupil limit, an expiry.
- per event: the session, the time and what it was about (join, question, topic, quiz letter,
  thumbs up/down, unanswered question). No pupil identifier of any kind, so two events cannot
  be tied to the same pupil.
- topics are record ids (role, sector, company, profile or programme file stem) taken from the
  records an answer was built on, never words from the question or the answer.
- the one free text is a question the sources could not answer, passed through
  `guardrails.scrub` and cut to 300 characters. A refused question leaves only its count.

The k >= 3 rule: the pupils are minors and a class is small, so a report never shows a count of
1 or 2 (it could point at one pupil):

- pupils, questions and feedback up/down counted 1 or 2 are reported as 0, and named in
  `hidden` ("pupils", "questions", "feedback.up", "feedback.down");
- topics and quiz letters counted 1 or 2 are left out; "topics" / "quiz" in `hidden` says so;
- unanswered questions are listed only when 3 or more pupils joined (then a text asked once may
  show: it is scrubbed, and any of 3 or more pupils may have asked it); otherwise the list is
  empty and "unanswered" is in `hidden`.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import PurePosixPath
from typing import Protocol

from assistant import texts
from assistant.answer import Answer, Outcome
from assistant.catalog import Catalog
from assistant.class_report import ClassReport, build_report
from assistant.errors import ClassSessionError
from assistant.guardrails import scrub
from assistant.records import PROVINCES
from assistant.storage import ClassSession, CodeTakenError, Storage
from assistant.types import LEVELS, Hit

log = logging.getLogger(__name__)

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"  # no 0/O, 1/I/L, 5/S, 2/Z, 8/B
CODE_LENGTH = 6
CODE_RETRIES = 5
LABEL_MAX = 80
HOURS_MIN, HOURS_MAX = 0.25, 12.0
UNANSWERED_MAX = 300
INTERESTS = ("R", "I", "A", "S", "E", "C")
RATINGS: dict[int | str, str] = {1: "up", -1: "down", "up": "up", "down": "down"}


class Chooser(Protocol):
    def choice(self, seq: Sequence[str], /) -> str: ...


def new_code(rng: Chooser = secrets) -> str:
    """A class code: `CODE_LENGTH` upper-case characters from `ALPHABET`."""
    return "".join(rng.choice(ALPHABET) for _ in range(CODE_LENGTH))


def _utc_now() -> datetime:
    return datetime.now(UTC)


def answer_topics(hits: Iterable[Hit], catalog: Catalog | None = None) -> list[tuple[str, str]]:
    """(topic_kind, topic) for the records in `hits`, each once, in order of first mention:
    roles with their sectors (from `catalog`), companies, profile and programme file stems."""
    found: dict[tuple[str, str], None] = {}
    for hit in hits:
        kind = hit.doc_type
        if kind in ("role", "company") and hit.record_id:
            found[(kind, hit.record_id)] = None
        elif kind in ("profile", "programme") and hit.source:
            found[(kind, PurePosixPath(hit.source).stem)] = None
        role = catalog.roles.get(hit.record_id) if catalog and kind == "role" else None
        for sector in role.sectors if role else ():
            found[("sector", sector)] = None
    return list(found)


class Classroom:
    """Class sessions over `storage` (public, so its owner can close it); `now` is the clock,
    `catalog` names roles, sectors and companies (without it a report shows ids and sectors
    are not counted)."""

    def __init__(
        self,
        storage: Storage,
        *,
        now: Callable[[], datetime] = _utc_now,
        catalog: Catalog | None = None,
    ) -> None:
        self.storage = storage
        self._now = now
        self._catalog = catalog

    def create(
        self,
        label: str,
        *,
        level: str | None = None,
        region: str | None = None,
        companies: Iterable[str] = (),
        hours: float = 2.0,
        max_pupils: int = 40,
        catalog: Catalog | None = None,
    ) -> ClassSession:
        """A new session open for `hours`; `ValueError` names the field that is wrong."""
        label = _checked_label(label)
        chosen = _checked_companies(companies, catalog or self._catalog)
        _check_choices(level, region, hours, max_pupils)
        now = self._now()
        retries = CODE_RETRIES
        while True:
            try:
                session = self.storage.create_session(
                    code=new_code(),
                    label=label,
                    level=level,
                    region=region,
                    companies=chosen,
                    max_pupils=max_pupils,
                    expires_at=now + timedelta(hours=hours),
                    now=now,
                )
                break
            except CodeTakenError:
                if retries == 0:
                    raise
                retries -= 1
                log.info("Class code taken, drawing another")
        log.info("Class session %s created", session.code)
        return session

    def join(self, code: str) -> ClassSession:
        """Count a pupil in; `ClassSessionError` (reason unknown/expired/full) otherwise."""
        session = self._session(code)
        if self._now() >= session.expires_at:
            raise _refusal("expired")
        if self.storage.count_events(session.id, "join") >= session.max_pupils:
            raise _refusal("full")
        self._add(session, "join")
        return session

    def record_answer(self, session: ClassSession, question: str, answer: Answer) -> None:
        """Count the question; then the topics of an answered (or fallback) answer, from its
        records; or the scrubbed question when the sources could not answer it (its uncertain
        hits are not counted as topics). Refused or pending: the count only. All of it is
        stored, or (the database failing) none of it."""
        events: list[dict[str, str | None]] = [{"kind": "question"}]
        if answer.outcome is Outcome.NOT_IN_SOURCES:
            text = " ".join(scrub(question).split())[:UNANSWERED_MAX]
            if text:
                events.append({"kind": "unanswered", "text": text})
        elif answer.has_answer:
            for topic_kind, topic in answer_topics(answer.hits, self._catalog):
                events.append({"kind": "topic", "topic_kind": topic_kind, "topic": topic})
        self.storage.add_events(session.id, events, at=self._now())

    def record_quiz(self, session: ClassSession, top_interests: Sequence[str]) -> None:
        """One "quiz" event per distinct interest letter (R, I, A, S, E, C)."""
        wrong = [letter for letter in top_interests if letter not in INTERESTS]
        if wrong:
            raise ValueError(f"unknown interest letters {wrong}; choose from {INTERESTS}")
        events = [{"kind": "quiz", "value": letter} for letter in dict.fromkeys(top_interests)]
        self.storage.add_events(session.id, events, at=self._now())

    def record_feedback(self, session: ClassSession, rating: int | str) -> None:
        """A thumbs up or down: `rating` is +1/-1 or "up"/"down"."""
        if isinstance(rating, bool) or rating not in RATINGS:
            raise ValueError(f"rating must be 1, -1, 'up' or 'down', got {rating!r}")
        self._add(session, "feedback", value=RATINGS[rating])

    def report(self, code: str) -> ClassReport:
        """The counts of a session (also after it expired), with the k >= 3 rule applied."""
        session = self._session(code)
        return build_report(
            session,
            self.storage.event_counts(session.id),
            self.storage.unanswered(session.id),
            self._catalog,
        )

    def purge(self, older_than_days: int) -> tuple[int, int]:
        """Delete sessions that ended more than `older_than_days` ago, with their events;
        returns (sessions, events) deleted."""
        if older_than_days < 0:
            raise ValueError(f"older_than_days must be 0 or more, got {older_than_days}")
        cutoff = self._now() - timedelta(days=older_than_days)
        sessions, events, _ = self.storage.purge(sessions_before=cutoff)
        if sessions:
            log.info("Purged %d class sessions with %d events", sessions, events)
        return sessions, events

    def _session(self, code: str) -> ClassSession:
        normalised = code.strip().upper() if isinstance(code, str) else ""
        if len(normalised) != CODE_LENGTH or any(c not in ALPHABET for c in normalised):
            raise _refusal("unknown")
        session = self.storage.session_by_code(normalised)
        if session is None:
            raise _refusal("unknown")
        return session

    def _add(self, session: ClassSession, kind: str, **fields: str) -> None:
        """One event; `fields` are topic_kind, topic, value or text (see `Storage.add_event`)."""
        self.storage.add_event(session.id, kind, at=self._now(), **fields)


def _refusal(reason: str) -> ClassSessionError:
    message = texts.CLASS_FULL if reason == "full" else texts.CLASS_CODE_UNKNOWN
    return ClassSessionError(reason, message)


def _checked_label(label: str) -> str:
    stripped = label.strip() if isinstance(label, str) else ""
    if not 1 <= len(stripped) <= LABEL_MAX:
        raise ValueError(f"label must be 1 to {LABEL_MAX} characters, got {label!r}")
    return stripped


def _checked_companies(companies: Iterable[str], catalog: Catalog | None) -> tuple[str, ...]:
    if isinstance(companies, str):
        raise ValueError(f"companies must be a list of company ids, got {companies!r}")
    chosen = tuple(dict.fromkeys(companies))
    unknown = [c for c in chosen if catalog is not None and c not in catalog.companies]
    if unknown:
        raise ValueError(f"unknown company ids: {', '.join(unknown)} (see corpus/companies/)")
    return chosen


def _check_choices(level: str | None, region: str | None, hours: float, max_pupils: int) -> None:
    if level is not None and level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS} or None, got {level!r}")
    if region is not None and region not in PROVINCES:
        raise ValueError(f"region must be a province ({', '.join(PROVINCES)}), got {region!r}")
    if not HOURS_MIN <= hours <= HOURS_MAX:
        raise ValueError(f"hours must be between {HOURS_MIN} and {HOURS_MAX}, got {hours!r}")
    if isinstance(max_pupils, bool) or not isinstance(max_pupils, int) or max_pupils < 1:
        raise ValueError(f"max_pupils must be a whole number of 1 or more, got {max_pupils!r}")
