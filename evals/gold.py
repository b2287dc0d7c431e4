"""Gold items (JSONL): loading with clear errors, and anchor-based relevance."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import SourceError
from assistant.lexical import fold

GOLD_DIR = Path(__file__).parent / "gold"
# Written by the team that wrote the corpus and the prompts (they flatter it):
TEAM_GOLD = (GOLD_DIR / "retrieval.jsonl", GOLD_DIR / "answers.jsonl")
# Written blind by someone who saw only corpus/ and the seeds; frozen; never tuned on.
BLIND_GOLD = GOLD_DIR / "blind.jsonl"
CATEGORIES = {
    "programmes",
    "profiles",
    "roles",
    "routes",
    "companies",
    "followup",
    "unanswerable",
    "offtopic",
    "unsafe",
    "injection",
    "seeds",
}


@dataclass(frozen=True)
class Relevant:
    source: str
    anchor: str


@dataclass
class GoldItem:
    id: str
    category: str
    question: str
    level: str | None = None
    region: str | None = None
    history: list[dict[str, str]] = field(default_factory=list)
    relevant: list[Relevant] = field(default_factory=list)
    key_facts: list[str] = field(default_factory=list)
    must_not: list[str] = field(default_factory=list)
    must_refuse: bool = False
    set: str = ""  # the gold file it came from ("retrieval", "answers", "blind")


def load_gold(path: Path) -> list[GoldItem]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data: dict[str, Any] = json.loads(line)
            data["relevant"] = [Relevant(**r) for r in data.get("relevant", [])]
            data.setdefault("set", path.stem)
            item = GoldItem(**data)
        except (json.JSONDecodeError, TypeError) as exc:
            raise SourceError(str(path), f"bad gold item: {exc}", number) from exc
        if item.category not in CATEGORIES:
            raise SourceError(str(path), f"unknown category {item.category!r}", number)
        items.append(item)
    return items


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


def relevant_index(item: GoldItem, source: str, text: str) -> int | None:
    """Which of the item's relevant passages this chunk contains (None: not relevant)."""
    body = normalise(text)
    for i, rel in enumerate(item.relevant):
        if rel.source == source and normalise(rel.anchor) in body:
            return i
    return None
