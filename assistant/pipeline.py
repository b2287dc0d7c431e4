"""The one entry point CLI, UI and evals use: `Assistant.search` and `Assistant.stream`.

This first version answers with the best retrieved passages (an extractive answer) and their
sources; later stages (guardrails, generation) plug in here."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant import texts
from assistant.retrieval import build_where, dense_search
from assistant.settings import Settings
from assistant.types import Hit

log = logging.getLogger(__name__)
MAX_QUESTION_CHARS = 1000


@dataclass
class Answer:
    text: str
    hits: list[Hit] = field(default_factory=list)
    refused: bool = False
    notice: str = ""


class Assistant:
    def __init__(self, settings: Settings, collection: Any, embeddings: Embeddings) -> None:
        self.settings = settings
        self.collection = collection
        self.embeddings = embeddings

    def search(self, question: str, k: int | None = None, *, province: str | None = None,
               level: str | None = None, doc_type: str | None = None) -> list[Hit]:
        where = build_where(province=province, level=level, doc_type=doc_type)
        return dense_search(self.collection, self.embeddings, question, k or self.settings.search_k, where)

    def ask(self, question: str, *, level: str | None = None, region: str | None = None) -> Answer:
        answer = Answer("")
        for answer in self.stream(question, level=level, region=region):
            pass
        return answer

    def stream(self, question: str, *, level: str | None = None,
               region: str | None = None) -> Iterator[Answer]:
        """Yield growing answers; the last one is complete. `region` (a province) ranks
        regional material first once company matching lands; it never hides general facts."""
        question = " ".join(question.split())
        if not question:
            yield Answer(texts.EMPTY_QUESTION, refused=True)
            return
        notice = ""
        if len(question) > MAX_QUESTION_CHARS:
            question, notice = question[:MAX_QUESTION_CHARS], texts.QUESTION_CUT
        log.debug("question received (%d chars)", len(question))
        hits = self.search(question, level=level)
        if not hits:
            yield Answer(texts.NOTHING_FOUND, notice=notice)
            return
        lines = [texts.PASSAGES_INTRO]
        for n, hit in enumerate(hits[:3], start=1):
            passage = hit.text.split("\n", 1)[-1]
            lines.append(f"[{n}] {passage}")
        answer = ""
        for line in lines:
            answer = f"{answer}\n\n{line}".strip()
            yield Answer(answer, hits[:3], notice=notice)
