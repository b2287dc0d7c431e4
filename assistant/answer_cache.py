"""Answers shared across pupils: the same question (normalised), level and province against the
same index get the answer that was already built and checked, instantly. A class asks the same
questions within the same minute, after the counsellor's opening question.

Only questions without a conversation before them are cached (a follow-up depends on it), and
only finished answers (answered, fallback without a notice, not in the sources). The key holds
the index generation, so a re-ingest makes every older entry miss. Kept in memory, bounded (LRU)
and per process; nothing of it is written anywhere."""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import replace

from assistant.answer import Answer, Outcome
from assistant.lexical import fold

Key = tuple[str, str, str, int]
_NOT_WORDS = re.compile(r"[^a-z0-9&+]+")


def normalise(question: str) -> str:
    """'Wat doet een Procesoperator??' and 'wat doet een procesoperator' are the same question."""
    return " ".join(_NOT_WORDS.sub(" ", fold(question)).split())


def sheet_key(
    text: str, hit_ids: list[str], companies: list[str], route: object, generation: int
) -> Key:
    """Two questions that got the same checked fact sheet, from the same passages, with the same
    companies and route card ("wat doet een procesoperator" and "wat doet een procesoperator
    precies?"): the model's phrasing of that sheet, checked against it, answers both."""
    said = "\x1f".join([text, *hit_ids, "\x1e", *companies, "\x1e", repr(route)])
    return ("sheet:" + hashlib.sha1(said.encode("utf-8")).hexdigest(), "", "", generation)


class AnswerCache:
    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._items: OrderedDict[Key, Answer] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    @staticmethod
    def key(question: str, level: str | None, region: str | None, generation: int) -> Key:
        return (normalise(question), level or "", region or "", generation)

    def get(self, key: Key) -> Answer | None:
        with self._lock:
            answer = self._items.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
        return replace(answer, cached=True)

    def peek(self, key: Key) -> Answer | None:
        """The stored answer without counting a hit or marking it as used."""
        with self._lock:
            return self._items.get(key)

    def put(self, key: Key, answer: Answer) -> None:
        if not cacheable(answer) or self.size <= 0:
            return
        with self._lock:
            self._items[key] = answer
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def cacheable(answer: Answer) -> bool:
    """A finished answer that says the same to every pupil (no notice about a failing model,
    no question cut short)."""
    finished = answer.outcome in (Outcome.ANSWERED, Outcome.FALLBACK, Outcome.NOT_IN_SOURCES)
    return finished and not answer.notices
