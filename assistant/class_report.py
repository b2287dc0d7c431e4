"""A class session's report: the counts a counsellor sees, with the k >= 3 rule applied (see
assistant/classroom.py): no count of 1 or 2 is ever shown."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from assistant import texts
from assistant.catalog import Catalog
from assistant.storage import ClassSession

K_MIN = 3  # the smallest count a report shows
_Key = TypeVar("_Key")


@dataclass(frozen=True)
class TopicCount:
    topic: str  # record id, sector, or profile/programme file stem
    kind: str  # one of storage.TOPIC_KINDS
    count: int
    label: str  # readable: role title, company name, sector name, stem in words


@dataclass(frozen=True)
class ClassReport:
    """What a counsellor sees; every count obeys the k >= 3 rule (module docstring)."""

    code: str
    label: str
    pupils: int
    questions: int
    topics: tuple[TopicCount, ...]  # count desc, then label
    quiz: dict[str, int]  # interest letter -> count
    feedback: dict[str, int]  # {"up": n, "down": n}
    unanswered: tuple[tuple[str, int], ...]  # (scrubbed question, count), most asked first
    hidden: tuple[str, ...]  # what was hidden or zeroed because its count was 1 or 2

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "pupils": self.pupils,
            "questions": self.questions,
            "topics": [{"topic": t.topic, "kind": t.kind, "count": t.count} for t in self.topics],
            "unanswered": [{"question": q, "count": n} for q, n in self.unanswered],
            "feedback": dict(self.feedback),
            "quiz": dict(self.quiz),
            "hidden": list(self.hidden),
        }


def build_report(
    session: ClassSession,
    event_counts: Iterable[tuple[str, str | None, str | None, str | None, int]],
    unanswered_texts: Iterable[tuple[str, int]],
    catalog: Catalog | None,
) -> ClassReport:
    totals: Counter[str] = Counter()
    topics: Counter[tuple[str, str]] = Counter()
    values: Counter[tuple[str, str]] = Counter()  # (kind, value) of quiz and feedback
    for kind, topic_kind, topic, value, count in event_counts:
        totals[kind] += count
        if kind == "topic" and topic_kind and topic:
            topics[(topic_kind, topic)] += count
        elif value:
            values[(kind, value)] += count
    hidden: list[str] = []
    pupils = _shown(totals["join"], "pupils", hidden)
    questions = _shown(totals["question"], "questions", hidden)
    shown_topics = _topic_counts(topics, hidden, catalog)
    quiz = Counter({v: n for (k, v), n in values.items() if k == "quiz"})
    shown_quiz = _large(quiz, "quiz", hidden)
    ratings = {r: _shown(values[("feedback", r)], f"feedback.{r}", hidden) for r in ("up", "down")}
    unanswered = list(unanswered_texts)
    if unanswered and totals["join"] < K_MIN:
        unanswered = []
        hidden.append("unanswered")
    return ClassReport(
        code=session.code,
        label=session.label,
        pupils=pupils,
        questions=questions,
        topics=shown_topics,
        quiz=shown_quiz,
        feedback=ratings,
        unanswered=tuple(unanswered),
        hidden=tuple(hidden),
    )


def _topic_counts(
    topics: Counter[tuple[str, str]], hidden: list[str], catalog: Catalog | None
) -> tuple[TopicCount, ...]:
    large = _large(topics, "topics", hidden)
    shown = [TopicCount(t, k, n, _label(k, t, catalog)) for (k, t), n in large.items()]
    return tuple(sorted(shown, key=lambda c: (-c.count, c.label.casefold(), c.kind)))


def _label(kind: str, topic: str, catalog: Catalog | None) -> str:
    if kind == "role" and catalog and topic in catalog.roles:
        return catalog.roles[topic].title
    if kind == "company" and catalog and topic in catalog.companies:
        return catalog.companies[topic].name
    if kind == "sector" and topic in texts.CLASS_SECTOR_NAMES:
        return texts.CLASS_SECTOR_NAMES[topic]
    words = topic.replace("-", " ").replace("_", " ")
    return words[:1].upper() + words[1:]


def _shown(count: int, name: str, hidden: list[str]) -> int:
    """`count`, or 0 (and `name` added to `hidden`) when it is 1 or 2."""
    if 0 < count < K_MIN:
        hidden.append(name)
        return 0
    return count


def _large(counts: Counter[_Key], name: str, hidden: list[str]) -> dict[_Key, int]:
    """The counts of K_MIN or more, largest first; `name` added to `hidden` if any were left out."""
    if any(0 < n < K_MIN for n in counts.values()):
        hidden.append(name)
    return {key: n for key, n in counts.most_common() if n >= K_MIN}
